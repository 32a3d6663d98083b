from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PagePerformanceOut")


@_attrs_define
class PagePerformanceOut:
    """One page's day, computed by `enid analytics rollup` from that day's page accesses.

    Example:
        {'id': 42, 'page_url': '/productos/mochilas', 'date': '2026-03-14', 'page_views': 12, 'unique_visitors': 12,
            'new_visitors': 12, 'avg_time_on_page': 37.5, 'bounce_rate': 37.5, 'exit_rate': 37.5, 'conversions': 12,
            'conversion_rate': 37.5, 'load_time_avg': 37.5, 'load_time_p75': 37.5, 'load_time_p95': 37.5, 'computed_at':
            '2026-03-14T16:20:00Z'}

    Attributes:
        id (int):
        page_url (str):
        date (datetime.date):
        page_views (int):
        unique_visitors (int): Distinct non-empty sessions that viewed the page that day.
        new_visitors (int): Of those, sessions never seen in the store before that day.
        avg_time_on_page (float): Mean `time_on_page` (seconds).
        bounce_rate (float): Visitors whose only page access that day was this page, × 100 / visitors.
        exit_rate (float): Visitors whose last page access that day was this page, × 100 / visitors.
        conversions (int): Visitors with a `purchase` event that day.
        conversion_rate (float): Conversions × 100 / visitors.
        computed_at (datetime.datetime):
        load_time_avg (float | None | Unset): Mean `metadata.load_time_ms`; null when none was sent.
        load_time_p75 (float | None | Unset): Nearest-rank 75th percentile of `metadata.load_time_ms`.
        load_time_p95 (float | None | Unset): Nearest-rank 95th percentile of `metadata.load_time_ms`.
    """

    id: int
    page_url: str
    date: datetime.date
    page_views: int
    unique_visitors: int
    new_visitors: int
    avg_time_on_page: float
    bounce_rate: float
    exit_rate: float
    conversions: int
    conversion_rate: float
    computed_at: datetime.datetime
    load_time_avg: float | None | Unset = UNSET
    load_time_p75: float | None | Unset = UNSET
    load_time_p95: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        page_url = self.page_url

        date = self.date.isoformat()

        page_views = self.page_views

        unique_visitors = self.unique_visitors

        new_visitors = self.new_visitors

        avg_time_on_page = self.avg_time_on_page

        bounce_rate = self.bounce_rate

        exit_rate = self.exit_rate

        conversions = self.conversions

        conversion_rate = self.conversion_rate

        computed_at = self.computed_at.isoformat()

        load_time_avg: float | None | Unset
        if isinstance(self.load_time_avg, Unset):
            load_time_avg = UNSET
        else:
            load_time_avg = self.load_time_avg

        load_time_p75: float | None | Unset
        if isinstance(self.load_time_p75, Unset):
            load_time_p75 = UNSET
        else:
            load_time_p75 = self.load_time_p75

        load_time_p95: float | None | Unset
        if isinstance(self.load_time_p95, Unset):
            load_time_p95 = UNSET
        else:
            load_time_p95 = self.load_time_p95

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "page_url": page_url,
                "date": date,
                "page_views": page_views,
                "unique_visitors": unique_visitors,
                "new_visitors": new_visitors,
                "avg_time_on_page": avg_time_on_page,
                "bounce_rate": bounce_rate,
                "exit_rate": exit_rate,
                "conversions": conversions,
                "conversion_rate": conversion_rate,
                "computed_at": computed_at,
            }
        )
        if load_time_avg is not UNSET:
            field_dict["load_time_avg"] = load_time_avg
        if load_time_p75 is not UNSET:
            field_dict["load_time_p75"] = load_time_p75
        if load_time_p95 is not UNSET:
            field_dict["load_time_p95"] = load_time_p95

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        page_url = d.pop("page_url")

        date = datetime.date.fromisoformat(d.pop("date"))

        page_views = d.pop("page_views")

        unique_visitors = d.pop("unique_visitors")

        new_visitors = d.pop("new_visitors")

        avg_time_on_page = d.pop("avg_time_on_page")

        bounce_rate = d.pop("bounce_rate")

        exit_rate = d.pop("exit_rate")

        conversions = d.pop("conversions")

        conversion_rate = d.pop("conversion_rate")

        computed_at = datetime.datetime.fromisoformat(d.pop("computed_at"))

        def _parse_load_time_avg(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        load_time_avg = _parse_load_time_avg(d.pop("load_time_avg", UNSET))

        def _parse_load_time_p75(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        load_time_p75 = _parse_load_time_p75(d.pop("load_time_p75", UNSET))

        def _parse_load_time_p95(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        load_time_p95 = _parse_load_time_p95(d.pop("load_time_p95", UNSET))

        page_performance_out = cls(
            id=id,
            page_url=page_url,
            date=date,
            page_views=page_views,
            unique_visitors=unique_visitors,
            new_visitors=new_visitors,
            avg_time_on_page=avg_time_on_page,
            bounce_rate=bounce_rate,
            exit_rate=exit_rate,
            conversions=conversions,
            conversion_rate=conversion_rate,
            computed_at=computed_at,
            load_time_avg=load_time_avg,
            load_time_p75=load_time_p75,
            load_time_p95=load_time_p95,
        )

        page_performance_out.additional_properties = d
        return page_performance_out

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
