from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lead_status_name import LeadStatusName
from ..types import UNSET, Unset

T = TypeVar("T", bound="LeadOut")


@_attrs_define
class LeadOut:
    """A lead.

    Example:
        {'id': 42, 'name': 'Lucía Hernández Ramos', 'email': 'lucia.hernandez@gmail.com', 'phone_number': '+52 81 1234
            5678', 'lead_type': 2, 'lead_type_name': 'Mayoreo', 'status': 'pending', 'status_display': 'Pendiente', 'tryet':
            1, 'products_interest': [1042, 1187], 'created_at': '2026-03-14T16:20:00Z', 'updated_at':
            '2026-03-14T16:20:00Z', 'converted_at': None}

    Attributes:
        id (int):
        name (str):
        email (str): Trimmed and lowercased.
        lead_type (int): The lead type's id in the store.
        lead_type_name (str):
        status (LeadStatusName): Where a lead is in the sales pipeline. Example: pending.
        status_display (str): The status's Spanish label (Pendiente, Contactado, En proceso, Convertido, Descartado).
        tryet (int): How many times the intake received this email and type.
        products_interest (list[int]): Ids of the products the lead is interested in.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        phone_number (None | str | Unset):
        converted_at (datetime.datetime | None | Unset): When the lead became converted; null unless it is converted.
    """

    id: int
    name: str
    email: str
    lead_type: int
    lead_type_name: str
    status: LeadStatusName
    status_display: str
    tryet: int
    products_interest: list[int]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    phone_number: None | str | Unset = UNSET
    converted_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        email = self.email

        lead_type = self.lead_type

        lead_type_name = self.lead_type_name

        status = self.status.value

        status_display = self.status_display

        tryet = self.tryet

        products_interest = self.products_interest

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        phone_number: None | str | Unset
        if isinstance(self.phone_number, Unset):
            phone_number = UNSET
        else:
            phone_number = self.phone_number

        converted_at: None | str | Unset
        if isinstance(self.converted_at, Unset):
            converted_at = UNSET
        elif isinstance(self.converted_at, datetime.datetime):
            converted_at = self.converted_at.isoformat()
        else:
            converted_at = self.converted_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "email": email,
                "lead_type": lead_type,
                "lead_type_name": lead_type_name,
                "status": status,
                "status_display": status_display,
                "tryet": tryet,
                "products_interest": products_interest,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if phone_number is not UNSET:
            field_dict["phone_number"] = phone_number
        if converted_at is not UNSET:
            field_dict["converted_at"] = converted_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        email = d.pop("email")

        lead_type = d.pop("lead_type")

        lead_type_name = d.pop("lead_type_name")

        status = LeadStatusName(d.pop("status"))

        status_display = d.pop("status_display")

        tryet = d.pop("tryet")

        products_interest = cast(list[int], d.pop("products_interest"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_phone_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone_number = _parse_phone_number(d.pop("phone_number", UNSET))

        def _parse_converted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                converted_at_type_0 = datetime.datetime.fromisoformat(data)

                return converted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        converted_at = _parse_converted_at(d.pop("converted_at", UNSET))

        lead_out = cls(
            id=id,
            name=name,
            email=email,
            lead_type=lead_type,
            lead_type_name=lead_type_name,
            status=status,
            status_display=status_display,
            tryet=tryet,
            products_interest=products_interest,
            created_at=created_at,
            updated_at=updated_at,
            phone_number=phone_number,
            converted_at=converted_at,
        )

        lead_out.additional_properties = d
        return lead_out

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
