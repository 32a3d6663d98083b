from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.movement_out import MovementOut


T = TypeVar("T", bound="MovementRecorded")


@_attrs_define
class MovementRecorded:
    """A recorded movement and the level it left.

    Example:
        {'movement': {'id': 42, 'product_id': 1042, 'warehouse_id': 3, 'movement_type': 'in', 'quantity': 12,
            'level_after': 12, 'reference': 'FAC-A-1043', 'note': 'Compra al proveedor, factura A-1043', 'transfer_id':
            '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d', 'created_by': 12, 'created_at': '2026-03-14T16:20:00Z'}, 'level': 12}

    Attributes:
        movement (MovementOut): One row of the append-only stock ledger. Example: {'id': 42, 'product_id': 1042,
            'warehouse_id': 3, 'movement_type': 'in', 'quantity': 12, 'level_after': 12, 'reference': 'FAC-A-1043', 'note':
            'Compra al proveedor, factura A-1043', 'transfer_id': '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d', 'created_by': 12,
            'created_at': '2026-03-14T16:20:00Z'}.
        level (int): The warehouse's level of the product after the movement.
    """

    movement: MovementOut
    level: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        movement = self.movement.to_dict()

        level = self.level

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "movement": movement,
                "level": level,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.movement_out import MovementOut  # noqa: PLC0415

        d = dict(src_dict)
        movement = MovementOut.from_dict(d.pop("movement"))

        level = d.pop("level")

        movement_recorded = cls(
            movement=movement,
            level=level,
        )

        movement_recorded.additional_properties = d
        return movement_recorded

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
