from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.user_out import UserOut


T = TypeVar("T", bound="TokenOut")


@_attrs_define
class TokenOut:
    """A new access token and refresh token.

    Example:
        {'access_token': 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInR5cCI6ImFjY2VzcyJ9.Zm9v', 'refresh_token':
            'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInR5cCI6InJlZnJlc2gifQ.YmFy', 'token_type': 'Bearer', 'expires_in': 12,
            'user': {'id': 42, 'email': 'ana.lopez@tiendaenid.mx', 'name': 'Ana López Treviño', 'is_superuser': True,
            'created_at': '2026-03-14T16:20:00Z'}}

    Attributes:
        access_token (str): Short-lived JWT for `Authorization: Bearer`.
        refresh_token (str): Opaque; exchange it once at `/login/refresh-token/` for a new pair.
        token_type (str): Always `Bearer`.
        expires_in (int): Seconds until the access token expires.
        user (UserOut): A user account. Example: {'id': 42, 'email': 'ana.lopez@tiendaenid.mx', 'name': 'Ana López
            Treviño', 'is_superuser': True, 'created_at': '2026-03-14T16:20:00Z'}.
    """

    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int
    user: UserOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        refresh_token = self.refresh_token

        token_type = self.token_type

        expires_in = self.expires_in

        user = self.user.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_token": access_token,
                "refresh_token": refresh_token,
                "token_type": token_type,
                "expires_in": expires_in,
                "user": user,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_out import UserOut  # noqa: PLC0415

        d = dict(src_dict)
        access_token = d.pop("access_token")

        refresh_token = d.pop("refresh_token")

        token_type = d.pop("token_type")

        expires_in = d.pop("expires_in")

        user = UserOut.from_dict(d.pop("user"))

        token_out = cls(
            access_token=access_token,
            refresh_token=refresh_token,
            token_type=token_type,
            expires_in=expires_in,
            user=user,
        )

        token_out.additional_properties = d
        return token_out

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
