from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lead_status_name import LeadStatusName
from ..types import UNSET, Unset

T = TypeVar("T", bound="LeadPatch")


@_attrs_define
class LeadPatch:
    """
    Example:
        {'name': 'Lucía Hernández Ramos', 'email': 'lucia.hernandez@gmail.com', 'phone_number': '+52 81 1234 5678',
            'lead_type': 2, 'status': 'pending', 'products_interest': [1042, 1187]}

    Attributes:
        name (None | str | Unset):
        email (None | str | Unset):
        phone_number (None | str | Unset): null clears it.
        lead_type (int | None | Unset):
        status (LeadStatusName | None | Unset): A change is recorded in the lead's history; becoming converted sets
            `converted_at`.
        products_interest (list[int] | None | Unset):
    """

    name: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    phone_number: None | str | Unset = UNSET
    lead_type: int | None | Unset = UNSET
    status: LeadStatusName | None | Unset = UNSET
    products_interest: list[int] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        phone_number: None | str | Unset
        if isinstance(self.phone_number, Unset):
            phone_number = UNSET
        else:
            phone_number = self.phone_number

        lead_type: int | None | Unset
        if isinstance(self.lead_type, Unset):
            lead_type = UNSET
        else:
            lead_type = self.lead_type

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, LeadStatusName):
            status = self.status.value
        else:
            status = self.status

        products_interest: list[int] | None | Unset
        if isinstance(self.products_interest, Unset):
            products_interest = UNSET
        elif isinstance(self.products_interest, list):
            products_interest = self.products_interest

        else:
            products_interest = self.products_interest

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if email is not UNSET:
            field_dict["email"] = email
        if phone_number is not UNSET:
            field_dict["phone_number"] = phone_number
        if lead_type is not UNSET:
            field_dict["lead_type"] = lead_type
        if status is not UNSET:
            field_dict["status"] = status
        if products_interest is not UNSET:
            field_dict["products_interest"] = products_interest

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_phone_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone_number = _parse_phone_number(d.pop("phone_number", UNSET))

        def _parse_lead_type(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        lead_type = _parse_lead_type(d.pop("lead_type", UNSET))

        def _parse_status(data: object) -> LeadStatusName | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = LeadStatusName(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LeadStatusName | None | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_products_interest(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                products_interest_type_0 = cast(list[int], data)

                return products_interest_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        products_interest = _parse_products_interest(d.pop("products_interest", UNSET))

        lead_patch = cls(
            name=name,
            email=email,
            phone_number=phone_number,
            lead_type=lead_type,
            status=status,
            products_interest=products_interest,
        )

        lead_patch.additional_properties = d
        return lead_patch

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
