from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WarehouseStockOut")


@_attrs_define
class WarehouseStockOut:
    """A product's units in one warehouse.

    Example:
        {'warehouse_id': 3, 'warehouse_name': 'Bodega Centro', 'quantity': 12}

    Attributes:
        warehouse_id (int):
        warehouse_name (str):
        quantity (int):
    """

    warehouse_id: int
    warehouse_name: str
    quantity: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        warehouse_id = self.warehouse_id

        warehouse_name = self.warehouse_name

        quantity = self.quantity

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "warehouse_id": warehouse_id,
                "warehouse_name": warehouse_name,
                "quantity": quantity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        warehouse_id = d.pop("warehouse_id")

        warehouse_name = d.pop("warehouse_name")

        quantity = d.pop("quantity")

        warehouse_stock_out = cls(
            warehouse_id=warehouse_id,
            warehouse_name=warehouse_name,
            quantity=quantity,
        )

        warehouse_stock_out.additional_properties = d
        return warehouse_stock_out

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
