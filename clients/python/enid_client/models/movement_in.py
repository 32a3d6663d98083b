from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.recorded_movement_type_name import RecordedMovementTypeName
from ..types import UNSET, Unset

T = TypeVar("T", bound="MovementIn")


@_attrs_define
class MovementIn:
    """
    Example:
        {'product_id': 1042, 'warehouse_id': 3, 'movement_type': 'in', 'quantity': 12, 'reference': 'FAC-A-1043',
            'note': 'Compra al proveedor, factura A-1043'}

    Attributes:
        product_id (int): The shop's product id (positive).
        warehouse_id (int):
        movement_type (RecordedMovementTypeName): What one movement of one warehouse does (transfers have an operation
            of their own). Example: in.
        quantity (int): Units to receive or ship (1–10,000,000); for `adjust`, the new absolute level (0–10,000,000).
        reference (None | str | Unset): E.g. an order or purchase number; up to 100 characters.
        note (None | str | Unset): Up to 1000 characters.
    """

    product_id: int
    warehouse_id: int
    movement_type: RecordedMovementTypeName
    quantity: int
    reference: None | str | Unset = UNSET
    note: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product_id = self.product_id

        warehouse_id = self.warehouse_id

        movement_type = self.movement_type.value

        quantity = self.quantity

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product_id": product_id,
                "warehouse_id": warehouse_id,
                "movement_type": movement_type,
                "quantity": quantity,
            }
        )
        if reference is not UNSET:
            field_dict["reference"] = reference
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_id = d.pop("product_id")

        warehouse_id = d.pop("warehouse_id")

        movement_type = RecordedMovementTypeName(d.pop("movement_type"))

        quantity = d.pop("quantity")

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        movement_in = cls(
            product_id=product_id,
            warehouse_id=warehouse_id,
            movement_type=movement_type,
            quantity=quantity,
            reference=reference,
            note=note,
        )

        movement_in.additional_properties = d
        return movement_in

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
