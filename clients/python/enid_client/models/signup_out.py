from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.user_out import UserOut


T = TypeVar("T", bound="SignupOut")


@_attrs_define
class SignupOut:
    """
    Example:
        {'user': {'id': 42, 'email': 'ana.lopez@tiendaenid.mx', 'name': 'Ana López Treviño', 'is_superuser': True,
            'created_at': '2026-03-14T16:20:00Z'}}

    Attributes:
        user (UserOut): A user account. Example: {'id': 42, 'email': 'ana.lopez@tiendaenid.mx', 'name': 'Ana López
            Treviño', 'is_superuser': True, 'created_at': '2026-03-14T16:20:00Z'}.
    """

    user: UserOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user = self.user.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user": user,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_out import UserOut  # noqa: PLC0415

        d = dict(src_dict)
        user = UserOut.from_dict(d.pop("user"))

        signup_out = cls(
            user=user,
        )

        signup_out.additional_properties = d
        return signup_out

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
