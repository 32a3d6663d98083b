from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.warehouse_stock_out import WarehouseStockOut


T = TypeVar("T", bound="ProductStockOut")


@_attrs_define
class ProductStockOut:
    """A product across the store's warehouses.

    Example:
        {'product_id': 1042, 'total': 12, 'by_warehouse': [{'warehouse_id': 3, 'warehouse_name': 'Bodega Centro',
            'quantity': 12}], 'min_stock': 12, 'max_stock': 12, 'low_stock': True}

    Attributes:
        product_id (int):
        total (int):
        by_warehouse (list[WarehouseStockOut]):
        low_stock (bool): A minimum is set and the total is below it.
        min_stock (int | None | Unset):
        max_stock (int | None | Unset):
    """

    product_id: int
    total: int
    by_warehouse: list[WarehouseStockOut]
    low_stock: bool
    min_stock: int | None | Unset = UNSET
    max_stock: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product_id = self.product_id

        total = self.total

        by_warehouse = []
        for by_warehouse_item_data in self.by_warehouse:
            by_warehouse_item = by_warehouse_item_data.to_dict()
            by_warehouse.append(by_warehouse_item)

        low_stock = self.low_stock

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
        field_dict.update(
            {
                "product_id": product_id,
                "total": total,
                "by_warehouse": by_warehouse,
                "low_stock": low_stock,
            }
        )
        if min_stock is not UNSET:
            field_dict["min_stock"] = min_stock
        if max_stock is not UNSET:
            field_dict["max_stock"] = max_stock

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.warehouse_stock_out import WarehouseStockOut  # noqa: PLC0415

        d = dict(src_dict)
        product_id = d.pop("product_id")

        total = d.pop("total")

        by_warehouse = []
        _by_warehouse = d.pop("by_warehouse")
        for by_warehouse_item_data in _by_warehouse:
            by_warehouse_item = WarehouseStockOut.from_dict(by_warehouse_item_data)

            by_warehouse.append(by_warehouse_item)

        low_stock = d.pop("low_stock")

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

        product_stock_out = cls(
            product_id=product_id,
            total=total,
            by_warehouse=by_warehouse,
            low_stock=low_stock,
            min_stock=min_stock,
            max_stock=max_stock,
        )

        product_stock_out.additional_properties = d
        return product_stock_out

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
