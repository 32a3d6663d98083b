from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.return_status_name import ReturnStatusName

if TYPE_CHECKING:
    from ..models.return_item_object import ReturnItemObject


T = TypeVar("T", bound="ReturnRequestOut")


@_attrs_define
class ReturnRequestOut:
    """A return request (without its history).

    Example:
        {'request_id': '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d', 'order_reference': 'PED-2026-001234', 'customer_email':
            'maria.garcia@gmail.com', 'customer_name': 'María García Torres', 'delivered_at': '2026-03-14T16:20:00Z',
            'reason': 'La talla no me quedó; la quiero cambiar por una más grande.', 'items': [{'product_id': 1042,
            'quantity': 1}], 'status': 'requested', 'created_at': '2026-03-14T16:20:00Z', 'updated_at':
            '2026-03-14T16:20:00Z'}

    Attributes:
        request_id (UUID): The request's id: whoever holds it may read the request.
        order_reference (str):
        customer_email (str): Lowercased.
        customer_name (str):
        delivered_at (datetime.datetime):
        reason (str):
        items (list[ReturnItemObject]):
        status (ReturnStatusName): Where a return request is: requested → approved | rejected; approved → received →
            refunded. Example: requested.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    request_id: UUID
    order_reference: str
    customer_email: str
    customer_name: str
    delivered_at: datetime.datetime
    reason: str
    items: list[ReturnItemObject]
    status: ReturnStatusName
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = str(self.request_id)

        order_reference = self.order_reference

        customer_email = self.customer_email

        customer_name = self.customer_name

        delivered_at = self.delivered_at.isoformat()

        reason = self.reason

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        status = self.status.value

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_id": request_id,
                "order_reference": order_reference,
                "customer_email": customer_email,
                "customer_name": customer_name,
                "delivered_at": delivered_at,
                "reason": reason,
                "items": items,
                "status": status,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.return_item_object import ReturnItemObject  # noqa: PLC0415

        d = dict(src_dict)
        request_id = UUID(d.pop("request_id"))

        order_reference = d.pop("order_reference")

        customer_email = d.pop("customer_email")

        customer_name = d.pop("customer_name")

        delivered_at = datetime.datetime.fromisoformat(d.pop("delivered_at"))

        reason = d.pop("reason")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ReturnItemObject.from_dict(items_item_data)

            items.append(items_item)

        status = ReturnStatusName(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        return_request_out = cls(
            request_id=request_id,
            order_reference=order_reference,
            customer_email=customer_email,
            customer_name=customer_name,
            delivered_at=delivered_at,
            reason=reason,
            items=items,
            status=status,
            created_at=created_at,
            updated_at=updated_at,
        )

        return_request_out.additional_properties = d
        return return_request_out

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
