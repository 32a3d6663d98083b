from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role_name import RoleName

T = TypeVar("T", bound="StoreRoleOut")


@_attrs_define
class StoreRoleOut:
    """A store the user belongs to, with the user's role there.

    Example:
        {'id': 42, 'name': 'Tienda Enid Monterrey', 'role': 'admin'}

    Attributes:
        id (int):
        name (str):
        role (RoleName): A member's role in a store. Example: admin.
    """

    id: int
    name: str
    role: RoleName
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        role = self.role.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        role = RoleName(d.pop("role"))

        store_role_out = cls(
            id=id,
            name=name,
            role=role,
        )

        store_role_out.additional_properties = d
        return store_role_out

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
