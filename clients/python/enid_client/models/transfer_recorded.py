from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.movement_recorded import MovementRecorded


T = TypeVar("T", bound="TransferRecorded")


@_attrs_define
class TransferRecorded:
    """A recorded transfer: the ledger row and level of each side.

    Example:
        {'transfer_id': '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d', 'product_id': 1042, 'quantity': 12, 'from': {'movement':
            {'id': 42, 'product_id': 1042, 'warehouse_id': 3, 'movement_type': 'in', 'quantity': 12, 'level_after': 12,
            'reference': 'FAC-A-1043', 'note': 'Compra al proveedor, factura A-1043', 'transfer_id':
            '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d', 'created_by': 12, 'created_at': '2026-03-14T16:20:00Z'}, 'level': 12},
            'to': {'movement': {'id': 42, 'product_id': 1042, 'warehouse_id': 3, 'movement_type': 'in', 'quantity': 12,
            'level_after': 12, 'reference': 'FAC-A-1043', 'note': 'Compra al proveedor, factura A-1043', 'transfer_id':
            '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d', 'created_by': 12, 'created_at': '2026-03-14T16:20:00Z'}, 'level': 12}}

    Attributes:
        transfer_id (UUID):
        product_id (int):
        quantity (int):
        from_ (MovementRecorded): A recorded movement and the level it left. Example: {'movement': {'id': 42,
            'product_id': 1042, 'warehouse_id': 3, 'movement_type': 'in', 'quantity': 12, 'level_after': 12, 'reference':
            'FAC-A-1043', 'note': 'Compra al proveedor, factura A-1043', 'transfer_id':
            '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d', 'created_by': 12, 'created_at': '2026-03-14T16:20:00Z'}, 'level': 12}.
        to (MovementRecorded): A recorded movement and the level it left. Example: {'movement': {'id': 42, 'product_id':
            1042, 'warehouse_id': 3, 'movement_type': 'in', 'quantity': 12, 'level_after': 12, 'reference': 'FAC-A-1043',
            'note': 'Compra al proveedor, factura A-1043', 'transfer_id': '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d',
            'created_by': 12, 'created_at': '2026-03-14T16:20:00Z'}, 'level': 12}.
    """

    transfer_id: UUID
    product_id: int
    quantity: int
    from_: MovementRecorded
    to: MovementRecorded
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        transfer_id = str(self.transfer_id)

        product_id = self.product_id

        quantity = self.quantity

        from_ = self.from_.to_dict()

        to = self.to.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "transfer_id": transfer_id,
                "product_id": product_id,
                "quantity": quantity,
                "from": from_,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.movement_recorded import MovementRecorded  # noqa: PLC0415

        d = dict(src_dict)
        transfer_id = UUID(d.pop("transfer_id"))

        product_id = d.pop("product_id")

        quantity = d.pop("quantity")

        from_ = MovementRecorded.from_dict(d.pop("from"))

        to = MovementRecorded.from_dict(d.pop("to"))

        transfer_recorded = cls(
            transfer_id=transfer_id,
            product_id=product_id,
            quantity=quantity,
            from_=from_,
            to=to,
        )

        transfer_recorded.additional_properties = d
        return transfer_recorded

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
