from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TrendOut")


@_attrs_define
class TrendOut:
    """One day of the trend.

    Example:
        {'date': '2026-03-14', 'new_leads': 12, 'converted_leads': 12}

    Attributes:
        date (datetime.date):
        new_leads (int): Leads created that day.
        converted_leads (int): Leads whose `converted_at` falls on that day.
    """

    date: datetime.date
    new_leads: int
    converted_leads: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        new_leads = self.new_leads

        converted_leads = self.converted_leads

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "new_leads": new_leads,
                "converted_leads": converted_leads,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        new_leads = d.pop("new_leads")

        converted_leads = d.pop("converted_leads")

        trend_out = cls(
            date=date,
            new_leads=new_leads,
            converted_leads=converted_leads,
        )

        trend_out.additional_properties = d
        return trend_out

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
