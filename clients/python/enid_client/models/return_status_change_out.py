from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.return_status_name import ReturnStatusName
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReturnStatusChangeOut")


@_attrs_define
class ReturnStatusChangeOut:
    """One status change of a return request.

    Example:
        {'id': 42, 'from_status': 'requested', 'to_status': 'requested', 'changed_by': 12, 'changed_by_email':
            'ana.lopez@tiendaenid.mx', 'note': 'Producto recibido sin daños.', 'changed_at': '2026-03-14T16:20:00Z'}

    Attributes:
        id (int):
        from_status (ReturnStatusName): Where a return request is: requested → approved | rejected; approved → received
            → refunded. Example: requested.
        to_status (ReturnStatusName): Where a return request is: requested → approved | rejected; approved → received →
            refunded. Example: requested.
        note (str): Empty when none was given.
        changed_at (datetime.datetime):
        changed_by (int | None | Unset): The id of the user who changed it; null once that user is deleted.
        changed_by_email (None | str | Unset):
    """

    id: int
    from_status: ReturnStatusName
    to_status: ReturnStatusName
    note: str
    changed_at: datetime.datetime
    changed_by: int | None | Unset = UNSET
    changed_by_email: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        from_status = self.from_status.value

        to_status = self.to_status.value

        note = self.note

        changed_at = self.changed_at.isoformat()

        changed_by: int | None | Unset
        if isinstance(self.changed_by, Unset):
            changed_by = UNSET
        else:
            changed_by = self.changed_by

        changed_by_email: None | str | Unset
        if isinstance(self.changed_by_email, Unset):
            changed_by_email = UNSET
        else:
            changed_by_email = self.changed_by_email

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "from_status": from_status,
                "to_status": to_status,
                "note": note,
                "changed_at": changed_at,
            }
        )
        if changed_by is not UNSET:
            field_dict["changed_by"] = changed_by
        if changed_by_email is not UNSET:
            field_dict["changed_by_email"] = changed_by_email

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        from_status = ReturnStatusName(d.pop("from_status"))

        to_status = ReturnStatusName(d.pop("to_status"))

        note = d.pop("note")

        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))

        def _parse_changed_by(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        changed_by = _parse_changed_by(d.pop("changed_by", UNSET))

        def _parse_changed_by_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        changed_by_email = _parse_changed_by_email(d.pop("changed_by_email", UNSET))

        return_status_change_out = cls(
            id=id,
            from_status=from_status,
            to_status=to_status,
            note=note,
            changed_at=changed_at,
            changed_by=changed_by,
            changed_by_email=changed_by_email,
        )

        return_status_change_out.additional_properties = d
        return return_status_change_out

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
