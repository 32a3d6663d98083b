from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ProductActivityOut")


@_attrs_define
class ProductActivityOut:
    """A product's movements in the report's window.

    Example:
        {'product_id': 1042, 'in': 12, 'out': 12, 'adjusted': 12, 'net': 12, 'total': 12}

    Attributes:
        product_id (int):
        in_ (int): Units received.
        out (int): Units shipped.
        adjusted (int): Net change made by adjustments.
        net (int): Net change of the product's total in the window (transfers cancel out).
        total (int): The product's current total.
    """

    product_id: int
    in_: int
    out: int
    adjusted: int
    net: int
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product_id = self.product_id

        in_ = self.in_

        out = self.out

        adjusted = self.adjusted

        net = self.net

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product_id": product_id,
                "in": in_,
                "out": out,
                "adjusted": adjusted,
                "net": net,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_id = d.pop("product_id")

        in_ = d.pop("in")

        out = d.pop("out")

        adjusted = d.pop("adjusted")

        net = d.pop("net")

        total = d.pop("total")

        product_activity_out = cls(
            product_id=product_id,
            in_=in_,
            out=out,
            adjusted=adjusted,
            net=net,
            total=total,
        )

        product_activity_out.additional_properties = d
        return product_activity_out

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
