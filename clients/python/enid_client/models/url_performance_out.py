from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UrlPerformanceOut")


@_attrs_define
class UrlPerformanceOut:
    """One URL's page accesses in the window.

    Example:
        {'page_url': '/productos/mochilas', 'page_views': 12, 'unique_visitors': 12, 'avg_time_on_page': 37.5,
            'load_time_avg': 37.5, 'load_time_p75': 37.5, 'load_time_p95': 37.5}

    Attributes:
        page_url (str):
        page_views (int):
        unique_visitors (int):
        avg_time_on_page (float): Mean `time_on_page` (seconds).
        load_time_avg (float | None | Unset): Mean `metadata.load_time_ms`; null when none was sent.
        load_time_p75 (float | None | Unset): Nearest-rank 75th percentile of `metadata.load_time_ms`; null when none
            was sent.
        load_time_p95 (float | None | Unset): Nearest-rank 95th percentile of `metadata.load_time_ms`; null when none
            was sent.
    """

    page_url: str
    page_views: int
    unique_visitors: int
    avg_time_on_page: float
    load_time_avg: float | None | Unset = UNSET
    load_time_p75: float | None | Unset = UNSET
    load_time_p95: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        page_url = self.page_url

        page_views = self.page_views

        unique_visitors = self.unique_visitors

        avg_time_on_page = self.avg_time_on_page

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
                "page_url": page_url,
                "page_views": page_views,
                "unique_visitors": unique_visitors,
                "avg_time_on_page": avg_time_on_page,
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
        page_url = d.pop("page_url")

        page_views = d.pop("page_views")

        unique_visitors = d.pop("unique_visitors")

        avg_time_on_page = d.pop("avg_time_on_page")

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

        url_performance_out = cls(
            page_url=page_url,
            page_views=page_views,
            unique_visitors=unique_visitors,
            avg_time_on_page=avg_time_on_page,
            load_time_avg=load_time_avg,
            load_time_p75=load_time_p75,
            load_time_p95=load_time_p95,
        )

        url_performance_out.additional_properties = d
        return url_performance_out

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
