from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OverviewOut")


@_attrs_define
class OverviewOut:
    """
    Example:
        {'total_leads': 12, 'new_leads_today': 12, 'new_leads_week': 12, 'new_leads_month': 12, 'conversion_rate': 37.5}

    Attributes:
        total_leads (int):
        new_leads_today (int): Leads created today (UTC).
        new_leads_week (int): Leads created in the last 7 days, today included.
        new_leads_month (int): Leads created in the last 30 days, today included.
        conversion_rate (float): Converted leads / all leads × 100, rounded to 2 decimals.
    """

    total_leads: int
    new_leads_today: int
    new_leads_week: int
    new_leads_month: int
    conversion_rate: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_leads = self.total_leads

        new_leads_today = self.new_leads_today

        new_leads_week = self.new_leads_week

        new_leads_month = self.new_leads_month

        conversion_rate = self.conversion_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_leads": total_leads,
                "new_leads_today": new_leads_today,
                "new_leads_week": new_leads_week,
                "new_leads_month": new_leads_month,
                "conversion_rate": conversion_rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total_leads = d.pop("total_leads")

        new_leads_today = d.pop("new_leads_today")

        new_leads_week = d.pop("new_leads_week")

        new_leads_month = d.pop("new_leads_month")

        conversion_rate = d.pop("conversion_rate")

        overview_out = cls(
            total_leads=total_leads,
            new_leads_today=new_leads_today,
            new_leads_week=new_leads_week,
            new_leads_month=new_leads_month,
            conversion_rate=conversion_rate,
        )

        overview_out.additional_properties = d
        return overview_out

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
