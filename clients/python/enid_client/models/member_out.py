from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role_name import RoleName

T = TypeVar("T", bound="MemberOut")


@_attrs_define
class MemberOut:
    """A user as a member of the request's store.

    Example:
        {'id': 42, 'email': 'ana.lopez@tiendaenid.mx', 'name': 'Ana López Treviño', 'is_superuser': True, 'role':
            'staff', 'is_active': True, 'joined_at': '2026-03-14T16:20:00Z'}

    Attributes:
        id (int):
        email (str):
        name (str):
        is_superuser (bool):
        role (RoleName): A member's role in a store. Example: admin.
        is_active (bool): Inactive members keep their account but lose their role in this store.
        joined_at (datetime.datetime):
    """

    id: int
    email: str
    name: str
    is_superuser: bool
    role: RoleName
    is_active: bool
    joined_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        email = self.email

        name = self.name

        is_superuser = self.is_superuser

        role = self.role.value

        is_active = self.is_active

        joined_at = self.joined_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "email": email,
                "name": name,
                "is_superuser": is_superuser,
                "role": role,
                "is_active": is_active,
                "joined_at": joined_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        email = d.pop("email")

        name = d.pop("name")

        is_superuser = d.pop("is_superuser")

        role = RoleName(d.pop("role"))

        is_active = d.pop("is_active")

        joined_at = datetime.datetime.fromisoformat(d.pop("joined_at"))

        member_out = cls(
            id=id,
            email=email,
            name=name,
            is_superuser=is_superuser,
            role=role,
            is_active=is_active,
            joined_at=joined_at,
        )

        member_out.additional_properties = d
        return member_out

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
