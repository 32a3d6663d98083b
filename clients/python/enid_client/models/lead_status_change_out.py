from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lead_status_name import LeadStatusName
from ..types import UNSET, Unset

T = TypeVar("T", bound="LeadStatusChangeOut")


@_attrs_define
class LeadStatusChangeOut:
    """One status change of a lead.

    Example:
        {'id': 42, 'from_status': 'pending', 'to_status': 'pending', 'changed_by': 12, 'changed_by_email':
            'ana.lopez@tiendaenid.mx', 'changed_at': '2026-03-14T16:20:00Z'}

    Attributes:
        id (int):
        from_status (LeadStatusName): Where a lead is in the sales pipeline. Example: pending.
        to_status (LeadStatusName): Where a lead is in the sales pipeline. Example: pending.
        changed_at (datetime.datetime):
        changed_by (int | None | Unset): The id of the user who changed it; null once that user is deleted.
        changed_by_email (None | str | Unset):
    """

    id: int
    from_status: LeadStatusName
    to_status: LeadStatusName
    changed_at: datetime.datetime
    changed_by: int | None | Unset = UNSET
    changed_by_email: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        from_status = self.from_status.value

        to_status = self.to_status.value

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

        from_status = LeadStatusName(d.pop("from_status"))

        to_status = LeadStatusName(d.pop("to_status"))

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

        lead_status_change_out = cls(
            id=id,
            from_status=from_status,
            to_status=to_status,
            changed_at=changed_at,
            changed_by=changed_by,
            changed_by_email=changed_by_email,
        )

        lead_status_change_out.additional_properties = d
        return lead_status_change_out

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
