from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.role_name import RoleName
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.store_role_out import StoreRoleOut


T = TypeVar("T", bound="ProfileOut")


@_attrs_define
class ProfileOut:
    """The caller's account, stores and role in the request's store.

    Example:
        {'id': 42, 'email': 'ana.lopez@tiendaenid.mx', 'name': 'Ana López Treviño', 'is_superuser': True, 'stores':
            [{'id': 42, 'name': 'Tienda Enid Monterrey', 'role': 'admin'}], 'profile': 'admin'}

    Attributes:
        id (int):
        email (str):
        name (str):
        is_superuser (bool):
        stores (list[StoreRoleOut]):
        profile (None | RoleName | Unset): The caller's role in the request's store, or null when not a member.
    """

    id: int
    email: str
    name: str
    is_superuser: bool
    stores: list[StoreRoleOut]
    profile: None | RoleName | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        email = self.email

        name = self.name

        is_superuser = self.is_superuser

        stores = []
        for stores_item_data in self.stores:
            stores_item = stores_item_data.to_dict()
            stores.append(stores_item)

        profile: None | str | Unset
        if isinstance(self.profile, Unset):
            profile = UNSET
        elif isinstance(self.profile, RoleName):
            profile = self.profile.value
        else:
            profile = self.profile

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "email": email,
                "name": name,
                "is_superuser": is_superuser,
                "stores": stores,
            }
        )
        if profile is not UNSET:
            field_dict["profile"] = profile

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.store_role_out import StoreRoleOut  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        email = d.pop("email")

        name = d.pop("name")

        is_superuser = d.pop("is_superuser")

        stores = []
        _stores = d.pop("stores")
        for stores_item_data in _stores:
            stores_item = StoreRoleOut.from_dict(stores_item_data)

            stores.append(stores_item)

        def _parse_profile(data: object) -> None | RoleName | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                profile_type_0 = RoleName(data)

                return profile_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RoleName | Unset, data)

        profile = _parse_profile(d.pop("profile", UNSET))

        profile_out = cls(
            id=id,
            email=email,
            name=name,
            is_superuser=is_superuser,
            stores=stores,
            profile=profile,
        )

        profile_out.additional_properties = d
        return profile_out

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
