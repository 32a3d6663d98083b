from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StockLevelOut")


@_attrs_define
class StockLevelOut:
    """The units of one product in one warehouse.

    Example:
        {'product_id': 1042, 'warehouse_id': 3, 'quantity': 12, 'updated_at': '2026-03-14T16:20:00Z'}

    Attributes:
        product_id (int):
        warehouse_id (int):
        quantity (int):
        updated_at (datetime.datetime):
    """

    product_id: int
    warehouse_id: int
    quantity: int
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product_id = self.product_id

        warehouse_id = self.warehouse_id

        quantity = self.quantity

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product_id": product_id,
                "warehouse_id": warehouse_id,
                "quantity": quantity,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_id = d.pop("product_id")

        warehouse_id = d.pop("warehouse_id")

        quantity = d.pop("quantity")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        stock_level_out = cls(
            product_id=product_id,
            warehouse_id=warehouse_id,
            quantity=quantity,
            updated_at=updated_at,
        )

        stock_level_out.additional_properties = d
        return stock_level_out

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
