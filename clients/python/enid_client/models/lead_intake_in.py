from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LeadIntakeIn")


@_attrs_define
class LeadIntakeIn:
    """What the intake form sends.

    Example:
        {'name': 'Lucía Hernández Ramos', 'email': 'lucia.hernandez@gmail.com', 'phone_number': '+52 81 1234 5678',
            'lead_type': 2, 'products_interest': [1042, 1187]}

    Attributes:
        name (str):
        email (str): Compared case-insensitively.
        lead_type (int): A lead type id of the store.
        phone_number (None | str | Unset): 7–15 digits; spaces, `+`, `-`, `(`, `)` and `.` allowed.
        products_interest (list[int] | None | Unset): Positive product ids (at most 100); omitted keeps what a known
            lead has.
    """

    name: str
    email: str
    lead_type: int
    phone_number: None | str | Unset = UNSET
    products_interest: list[int] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        email = self.email

        lead_type = self.lead_type

        phone_number: None | str | Unset
        if isinstance(self.phone_number, Unset):
            phone_number = UNSET
        else:
            phone_number = self.phone_number

        products_interest: list[int] | None | Unset
        if isinstance(self.products_interest, Unset):
            products_interest = UNSET
        elif isinstance(self.products_interest, list):
            products_interest = self.products_interest

        else:
            products_interest = self.products_interest

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "email": email,
                "lead_type": lead_type,
            }
        )
        if phone_number is not UNSET:
            field_dict["phone_number"] = phone_number
        if products_interest is not UNSET:
            field_dict["products_interest"] = products_interest

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        email = d.pop("email")

        lead_type = d.pop("lead_type")

        def _parse_phone_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone_number = _parse_phone_number(d.pop("phone_number", UNSET))

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

        lead_intake_in = cls(
            name=name,
            email=email,
            lead_type=lead_type,
            phone_number=phone_number,
            products_interest=products_interest,
        )

        lead_intake_in.additional_properties = d
        return lead_intake_in

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
