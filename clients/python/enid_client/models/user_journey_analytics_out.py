from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.entry_page_out import EntryPageOut
    from ..models.exit_page_out import ExitPageOut
    from ..models.user_journey_out import UserJourneyOut


T = TypeVar("T", bound="UserJourneyAnalyticsOut")


@_attrs_define
class UserJourneyAnalyticsOut:
    """
    Example:
        {'days': 12, 'total_journeys': 12, 'avg_pages_per_journey': 37.5, 'avg_time_per_journey': 37.5, 'top_journeys':
            [{'id': 42, 'session_id': 'ses-7f3a9c2e', 'user_id': 'cliente-1842', 'entry_page': '/', 'exit_page': '/carrito',
            'pages_visited': ['/', '/productos/mochilas', '/carrito'], 'total_pages': 12, 'total_time': 12,
            'conversion_goal': 'compra', 'started_at': '2026-03-14T16:20:00Z', 'ended_at': '2026-03-14T16:20:00Z',
            'updated_at': '2026-03-14T16:20:00Z'}], 'entry_pages': [{'entry_page': '/', 'count': 12}], 'exit_pages':
            [{'exit_page': '/carrito', 'count': 12}]}

    Attributes:
        days (int): The window, in days (today included); journeys count by `started_at`.
        total_journeys (int):
        avg_pages_per_journey (float):
        avg_time_per_journey (float): Seconds.
        top_journeys (list[UserJourneyOut]): The 10 journeys with most pages (ties: latest first).
        entry_pages (list[EntryPageOut]): The 10 most common entry pages, ties by page.
        exit_pages (list[ExitPageOut]): The 10 most common exit pages (journeys without one left out), ties by page.
    """

    days: int
    total_journeys: int
    avg_pages_per_journey: float
    avg_time_per_journey: float
    top_journeys: list[UserJourneyOut]
    entry_pages: list[EntryPageOut]
    exit_pages: list[ExitPageOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        total_journeys = self.total_journeys

        avg_pages_per_journey = self.avg_pages_per_journey

        avg_time_per_journey = self.avg_time_per_journey

        top_journeys = []
        for top_journeys_item_data in self.top_journeys:
            top_journeys_item = top_journeys_item_data.to_dict()
            top_journeys.append(top_journeys_item)

        entry_pages = []
        for entry_pages_item_data in self.entry_pages:
            entry_pages_item = entry_pages_item_data.to_dict()
            entry_pages.append(entry_pages_item)

        exit_pages = []
        for exit_pages_item_data in self.exit_pages:
            exit_pages_item = exit_pages_item_data.to_dict()
            exit_pages.append(exit_pages_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "days": days,
                "total_journeys": total_journeys,
                "avg_pages_per_journey": avg_pages_per_journey,
                "avg_time_per_journey": avg_time_per_journey,
                "top_journeys": top_journeys,
                "entry_pages": entry_pages,
                "exit_pages": exit_pages,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.entry_page_out import EntryPageOut  # noqa: PLC0415
        from ..models.exit_page_out import ExitPageOut  # noqa: PLC0415
        from ..models.user_journey_out import UserJourneyOut  # noqa: PLC0415

        d = dict(src_dict)
        days = d.pop("days")

        total_journeys = d.pop("total_journeys")

        avg_pages_per_journey = d.pop("avg_pages_per_journey")

        avg_time_per_journey = d.pop("avg_time_per_journey")

        top_journeys = []
        _top_journeys = d.pop("top_journeys")
        for top_journeys_item_data in _top_journeys:
            top_journeys_item = UserJourneyOut.from_dict(top_journeys_item_data)

            top_journeys.append(top_journeys_item)

        entry_pages = []
        _entry_pages = d.pop("entry_pages")
        for entry_pages_item_data in _entry_pages:
            entry_pages_item = EntryPageOut.from_dict(entry_pages_item_data)

            entry_pages.append(entry_pages_item)

        exit_pages = []
        _exit_pages = d.pop("exit_pages")
        for exit_pages_item_data in _exit_pages:
            exit_pages_item = ExitPageOut.from_dict(exit_pages_item_data)

            exit_pages.append(exit_pages_item)

        user_journey_analytics_out = cls(
            days=days,
            total_journeys=total_journeys,
            avg_pages_per_journey=avg_pages_per_journey,
            avg_time_per_journey=avg_time_per_journey,
            top_journeys=top_journeys,
            entry_pages=entry_pages,
            exit_pages=exit_pages,
        )

        user_journey_analytics_out.additional_properties = d
        return user_journey_analytics_out

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
