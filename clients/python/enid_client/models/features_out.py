from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role_name import RoleName
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.role_matrix import RoleMatrix


T = TypeVar("T", bound="FeaturesOut")


@_attrs_define
class FeaturesOut:
    """What the caller may do in the request's store.

    Example:
        {'store_id': 1, 'role': 'admin', 'is_superuser': True, 'permissions': ['profile.read', 'leads.read',
            'leads.write'], 'matrix': {'admin': ['leads.read', 'leads.write', 'members.manage'], 'staff': ['leads.read',
            'leads.write'], 'viewer': ['leads.read', 'analytics.read', 'stock.read'], 'customer': ['profile.read',
            'returns.own']}}

    Attributes:
        store_id (int):
        is_superuser (bool):
        permissions (list[str]): The permissions the caller has in the store, e.g. `leads.read`.
        matrix (RoleMatrix): The permissions of each role. Example: {'admin': ['leads.read', 'leads.write',
            'members.manage'], 'staff': ['leads.read', 'leads.write'], 'viewer': ['leads.read', 'analytics.read',
            'stock.read'], 'customer': ['profile.read', 'returns.own']}.
        role (None | RoleName | Unset): The caller's role in the store, or null when not a member.
    """

    store_id: int
    is_superuser: bool
    permissions: list[str]
    matrix: RoleMatrix
    role: None | RoleName | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        store_id = self.store_id

        is_superuser = self.is_superuser

        permissions = self.permissions

        matrix = self.matrix.to_dict()

        role: None | str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        elif isinstance(self.role, RoleName):
            role = self.role.value
        else:
            role = self.role

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "store_id": store_id,
                "is_superuser": is_superuser,
                "permissions": permissions,
                "matrix": matrix,
            }
        )
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.role_matrix import RoleMatrix  # noqa: PLC0415

        d = dict(src_dict)
        store_id = d.pop("store_id")

        is_superuser = d.pop("is_superuser")

        permissions = cast(list[str], d.pop("permissions"))

        matrix = RoleMatrix.from_dict(d.pop("matrix"))

        def _parse_role(data: object) -> None | RoleName | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_0 = RoleName(data)

                return role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RoleName | Unset, data)

        role = _parse_role(d.pop("role", UNSET))

        features_out = cls(
            store_id=store_id,
            is_superuser=is_superuser,
            permissions=permissions,
            matrix=matrix,
            role=role,
        )

        features_out.additional_properties = d
        return features_out

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
