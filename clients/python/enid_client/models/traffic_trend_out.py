from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TrafficTrendOut")


@_attrs_define
class TrafficTrendOut:
    """The traffic of one UTC day; its sessions are counted within the day.

    Example:
        {'date': '2026-03-14', 'page_views': 12, 'unique_visitors': 12, 'avg_time_on_page': 37.5, 'bounce_rate': 37.5}

    Attributes:
        date (datetime.date):
        page_views (int):
        unique_visitors (int):
        avg_time_on_page (float):
        bounce_rate (float):
    """

    date: datetime.date
    page_views: int
    unique_visitors: int
    avg_time_on_page: float
    bounce_rate: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        page_views = self.page_views

        unique_visitors = self.unique_visitors

        avg_time_on_page = self.avg_time_on_page

        bounce_rate = self.bounce_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "page_views": page_views,
                "unique_visitors": unique_visitors,
                "avg_time_on_page": avg_time_on_page,
                "bounce_rate": bounce_rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        page_views = d.pop("page_views")

        unique_visitors = d.pop("unique_visitors")

        avg_time_on_page = d.pop("avg_time_on_page")

        bounce_rate = d.pop("bounce_rate")

        traffic_trend_out = cls(
            date=date,
            page_views=page_views,
            unique_visitors=unique_visitors,
            avg_time_on_page=avg_time_on_page,
            bounce_rate=bounce_rate,
        )

        traffic_trend_out.additional_properties = d
        return traffic_trend_out

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
