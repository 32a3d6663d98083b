from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LowStockProductOut")


@_attrs_define
class LowStockProductOut:
    """A product below its minimum.

    Example:
        {'product_id': 1042, 'total': 12, 'min_stock': 12, 'max_stock': 12}

    Attributes:
        product_id (int):
        total (int):
        min_stock (int):
        max_stock (int | None | Unset):
    """

    product_id: int
    total: int
    min_stock: int
    max_stock: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product_id = self.product_id

        total = self.total

        min_stock = self.min_stock

        max_stock: int | None | Unset
        if isinstance(self.max_stock, Unset):
            max_stock = UNSET
        else:
            max_stock = self.max_stock

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product_id": product_id,
                "total": total,
                "min_stock": min_stock,
            }
        )
        if max_stock is not UNSET:
            field_dict["max_stock"] = max_stock

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_id = d.pop("product_id")

        total = d.pop("total")

        min_stock = d.pop("min_stock")

        def _parse_max_stock(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_stock = _parse_max_stock(d.pop("max_stock", UNSET))

        low_stock_product_out = cls(
            product_id=product_id,
            total=total,
            min_stock=min_stock,
            max_stock=max_stock,
        )

        low_stock_product_out.additional_properties = d
        return low_stock_product_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
