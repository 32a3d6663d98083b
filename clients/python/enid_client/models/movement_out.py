from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.movement_type_name import MovementTypeName
from ..types import UNSET, Unset

T = TypeVar("T", bound="MovementOut")


@_attrs_define
class MovementOut:
    """One row of the append-only stock ledger.

    Example:
        {'id': 42, 'product_id': 1042, 'warehouse_id': 3, 'movement_type': 'in', 'quantity': 12, 'level_after': 12,
            'reference': 'FAC-A-1043', 'note': 'Compra al proveedor, factura A-1043', 'transfer_id':
            '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d', 'created_by': 12, 'created_at': '2026-03-14T16:20:00Z'}

    Attributes:
        id (int):
        product_id (int):
        warehouse_id (int):
        movement_type (MovementTypeName): What a ledger row records. Example: in.
        quantity (int): The signed change of the warehouse's level: positive in, negative out; for `adjust`, the
            difference the count made.
        level_after (int): The warehouse's level of the product right after this movement.
        created_at (datetime.datetime):
        reference (None | str | Unset):
        note (None | str | Unset):
        transfer_id (None | Unset | UUID): Shared by the two rows of a transfer.
        created_by (int | None | Unset): The user who recorded it.
    """

    id: int
    product_id: int
    warehouse_id: int
    movement_type: MovementTypeName
    quantity: int
    level_after: int
    created_at: datetime.datetime
    reference: None | str | Unset = UNSET
    note: None | str | Unset = UNSET
    transfer_id: None | Unset | UUID = UNSET
    created_by: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        product_id = self.product_id

        warehouse_id = self.warehouse_id

        movement_type = self.movement_type.value

        quantity = self.quantity

        level_after = self.level_after

        created_at = self.created_at.isoformat()

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

        transfer_id: None | str | Unset
        if isinstance(self.transfer_id, Unset):
            transfer_id = UNSET
        elif isinstance(self.transfer_id, UUID):
            transfer_id = str(self.transfer_id)
        else:
            transfer_id = self.transfer_id

        created_by: int | None | Unset
        if isinstance(self.created_by, Unset):
            created_by = UNSET
        else:
            created_by = self.created_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "product_id": product_id,
                "warehouse_id": warehouse_id,
                "movement_type": movement_type,
                "quantity": quantity,
                "level_after": level_after,
                "created_at": created_at,
            }
        )
        if reference is not UNSET:
            field_dict["reference"] = reference
        if note is not UNSET:
            field_dict["note"] = note
        if transfer_id is not UNSET:
            field_dict["transfer_id"] = transfer_id
        if created_by is not UNSET:
            field_dict["created_by"] = created_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        product_id = d.pop("product_id")

        warehouse_id = d.pop("warehouse_id")

        movement_type = MovementTypeName(d.pop("movement_type"))

        quantity = d.pop("quantity")

        level_after = d.pop("level_after")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

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

        def _parse_transfer_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                transfer_id_type_0 = UUID(data)

                return transfer_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        transfer_id = _parse_transfer_id(d.pop("transfer_id", UNSET))

        def _parse_created_by(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        created_by = _parse_created_by(d.pop("created_by", UNSET))

        movement_out = cls(
            id=id,
            product_id=product_id,
            warehouse_id=warehouse_id,
            movement_type=movement_type,
            quantity=quantity,
            level_after=level_after,
            created_at=created_at,
            reference=reference,
            note=note,
            transfer_id=transfer_id,
            created_by=created_by,
        )

        movement_out.additional_properties = d
        return movement_out

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
