from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ThresholdsPatch")


@_attrs_define
class ThresholdsPatch:
    """
    Example:
        {'min_stock': 12, 'max_stock': 12}

    Attributes:
        min_stock (int | None | Unset): 0–10,000,000, or null to clear; below it the product is low on stock.
        max_stock (int | None | Unset): 0–10,000,000, or null to clear; not below `min_stock`.
    """

    min_stock: int | None | Unset = UNSET
    max_stock: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        min_stock: int | None | Unset
        if isinstance(self.min_stock, Unset):
            min_stock = UNSET
        else:
            min_stock = self.min_stock

        max_stock: int | None | Unset
        if isinstance(self.max_stock, Unset):
            max_stock = UNSET
        else:
            max_stock = self.max_stock

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if min_stock is not UNSET:
            field_dict["min_stock"] = min_stock
        if max_stock is not UNSET:
            field_dict["max_stock"] = max_stock

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_min_stock(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_stock = _parse_min_stock(d.pop("min_stock", UNSET))

        def _parse_max_stock(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_stock = _parse_max_stock(d.pop("max_stock", UNSET))

        thresholds_patch = cls(
            min_stock=min_stock,
            max_stock=max_stock,
        )

        thresholds_patch.additional_properties = d
        return thresholds_patch

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
