from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EcommerceEventsOut")


@_attrs_define
class EcommerceEventsOut:
    """Counts of `metadata.event_type` values.

    Example:
        {'product_views': 12, 'add_to_cart': 12, 'begin_checkout': 12, 'purchases': 12}

    Attributes:
        product_views (int): `product_view` events.
        add_to_cart (int):
        begin_checkout (int):
        purchases (int): `purchase` events.
    """

    product_views: int
    add_to_cart: int
    begin_checkout: int
    purchases: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product_views = self.product_views

        add_to_cart = self.add_to_cart

        begin_checkout = self.begin_checkout

        purchases = self.purchases

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product_views": product_views,
                "add_to_cart": add_to_cart,
                "begin_checkout": begin_checkout,
                "purchases": purchases,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_views = d.pop("product_views")

        add_to_cart = d.pop("add_to_cart")

        begin_checkout = d.pop("begin_checkout")

        purchases = d.pop("purchases")

        ecommerce_events_out = cls(
            product_views=product_views,
            add_to_cart=add_to_cart,
            begin_checkout=begin_checkout,
            purchases=purchases,
        )

        ecommerce_events_out.additional_properties = d
        return ecommerce_events_out

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
