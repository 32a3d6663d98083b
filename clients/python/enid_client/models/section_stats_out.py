from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SectionStatsOut")


@_attrs_define
class SectionStatsOut:
    """One section's page accesses in the window.

    Example:
        {'section_name': 'Productos destacados', 'total_views': 12, 'avg_time_on_section': 37.5, 'engagement_rate':
            37.5, 'avg_interactions': 37.5}

    Attributes:
        section_name (str):
        total_views (int):
        avg_time_on_section (float): Mean `time_on_page` (seconds).
        engagement_rate (float): Mean `scroll_depth` (%).
        avg_interactions (float): Mean `interactions`.
    """

    section_name: str
    total_views: int
    avg_time_on_section: float
    engagement_rate: float
    avg_interactions: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        section_name = self.section_name

        total_views = self.total_views

        avg_time_on_section = self.avg_time_on_section

        engagement_rate = self.engagement_rate

        avg_interactions = self.avg_interactions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "section_name": section_name,
                "total_views": total_views,
                "avg_time_on_section": avg_time_on_section,
                "engagement_rate": engagement_rate,
                "avg_interactions": avg_interactions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        section_name = d.pop("section_name")

        total_views = d.pop("total_views")

        avg_time_on_section = d.pop("avg_time_on_section")

        engagement_rate = d.pop("engagement_rate")

        avg_interactions = d.pop("avg_interactions")

        section_stats_out = cls(
            section_name=section_name,
            total_views=total_views,
            avg_time_on_section=avg_time_on_section,
            engagement_rate=engagement_rate,
            avg_interactions=avg_interactions,
        )

        section_stats_out.additional_properties = d
        return section_stats_out

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
