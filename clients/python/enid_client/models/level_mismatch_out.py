from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LevelMismatchOut")


@_attrs_define
class LevelMismatchOut:
    """A level that differs from the sum of its ledger.

    Example:
        {'product_id': 1042, 'warehouse_id': 3, 'level': 12, 'ledger': 12}

    Attributes:
        product_id (int):
        warehouse_id (int):
        level (int): The stored level (0 when the row is missing).
        ledger (int): The sum of the ledger.
    """

    product_id: int
    warehouse_id: int
    level: int
    ledger: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product_id = self.product_id

        warehouse_id = self.warehouse_id

        level = self.level

        ledger = self.ledger

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product_id": product_id,
                "warehouse_id": warehouse_id,
                "level": level,
                "ledger": ledger,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_id = d.pop("product_id")

        warehouse_id = d.pop("warehouse_id")

        level = d.pop("level")

        ledger = d.pop("ledger")

        level_mismatch_out = cls(
            product_id=product_id,
            warehouse_id=warehouse_id,
            level=level,
            ledger=ledger,
        )

        level_mismatch_out.additional_properties = d
        return level_mismatch_out

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
