from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RoleMatrix")


@_attrs_define
class RoleMatrix:
    """The permissions of each role.

    Example:
        {'admin': ['leads.read', 'leads.write', 'members.manage'], 'staff': ['leads.read', 'leads.write'], 'viewer':
            ['leads.read', 'analytics.read', 'stock.read'], 'customer': ['profile.read', 'returns.own']}

    Attributes:
        admin (list[str]):
        staff (list[str]):
        viewer (list[str]):
        customer (list[str]):
    """

    admin: list[str]
    staff: list[str]
    viewer: list[str]
    customer: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        admin = self.admin

        staff = self.staff

        viewer = self.viewer

        customer = self.customer

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "admin": admin,
                "staff": staff,
                "viewer": viewer,
                "customer": customer,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        admin = cast(list[str], d.pop("admin"))

        staff = cast(list[str], d.pop("staff"))

        viewer = cast(list[str], d.pop("viewer"))

        customer = cast(list[str], d.pop("customer"))

        role_matrix = cls(
            admin=admin,
            staff=staff,
            viewer=viewer,
            customer=customer,
        )

        role_matrix.additional_properties = d
        return role_matrix

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
