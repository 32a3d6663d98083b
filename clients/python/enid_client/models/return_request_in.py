from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.return_item_object import ReturnItemObject


T = TypeVar("T", bound="ReturnRequestIn")


@_attrs_define
class ReturnRequestIn:
    """What a customer sends to ask for a return.

    Example:
        {'order_reference': 'PED-2026-001234', 'customer_email': 'maria.garcia@gmail.com', 'customer_name': 'María
            García Torres', 'delivered_at': '2026-03-05', 'reason': 'La talla no me quedó; la quiero cambiar por una más
            grande.', 'items': [{'product_id': 1042, 'quantity': 1}]}

    Attributes:
        order_reference (str): The order's reference, at most 64 characters.
        customer_email (str):
        customer_name (str):
        delivered_at (datetime.date | datetime.datetime): When the order was delivered: a date (`2026-03-05`) or an RFC
            3339 date-time; not in the
            future.
        reason (str): Why the products go back; at most 2,000 characters.
        items (list[ReturnItemObject]): 1 to 50 products, each once.
    """

    order_reference: str
    customer_email: str
    customer_name: str
    delivered_at: datetime.date | datetime.datetime
    reason: str
    items: list[ReturnItemObject]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_reference = self.order_reference

        customer_email = self.customer_email

        customer_name = self.customer_name

        delivered_at: str
        if isinstance(self.delivered_at, datetime.date):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at.isoformat()

        reason = self.reason

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_reference": order_reference,
                "customer_email": customer_email,
                "customer_name": customer_name,
                "delivered_at": delivered_at,
                "reason": reason,
                "items": items,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.return_item_object import ReturnItemObject  # noqa: PLC0415

        d = dict(src_dict)
        order_reference = d.pop("order_reference")

        customer_email = d.pop("customer_email")

        customer_name = d.pop("customer_name")

        def _parse_delivered_at(data: object) -> datetime.date | datetime.datetime:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.date.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            delivered_at_type_1 = datetime.datetime.fromisoformat(data)

            return delivered_at_type_1

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))

        reason = d.pop("reason")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ReturnItemObject.from_dict(items_item_data)

            items.append(items_item)

        return_request_in = cls(
            order_reference=order_reference,
            customer_email=customer_email,
            customer_name=customer_name,
            delivered_at=delivered_at,
            reason=reason,
            items=items,
        )

        return_request_in.additional_properties = d
        return return_request_in

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
