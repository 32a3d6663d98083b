from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserJourneyIn")


@_attrs_define
class UserJourneyIn:
    """
    Example:
        {'session_id': 'ses-7f3a9c2e', 'user_id': 'cliente-1842', 'entry_page': '/', 'exit_page': '/carrito',
            'pages_visited': ['/', '/productos/mochilas', '/carrito'], 'total_pages': 12, 'total_time': 12,
            'conversion_goal': 'compra', 'started_at': '2026-03-14T16:20:00Z', 'ended_at': '2026-03-14T16:20:00Z'}

    Attributes:
        session_id (str): 1–100 characters.
        entry_page (str): 1–2000 characters.
        user_id (None | str | Unset):
        exit_page (None | str | Unset):
        pages_visited (list[str] | None | Unset): At most 1000 pages of 1–2000 characters each.
        total_pages (int | None | Unset): Derived from `pages_visited`; when sent it must equal its length.
        total_time (int | None | Unset): Seconds, ≥ 0.
        conversion_goal (None | str | Unset): At most 100 characters, e.g. `purchase`.
        started_at (datetime.datetime | None | Unset): Default now; not in the future.
        ended_at (datetime.datetime | None | Unset): Not before `started_at`.
    """

    session_id: str
    entry_page: str
    user_id: None | str | Unset = UNSET
    exit_page: None | str | Unset = UNSET
    pages_visited: list[str] | None | Unset = UNSET
    total_pages: int | None | Unset = UNSET
    total_time: int | None | Unset = UNSET
    conversion_goal: None | str | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    ended_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        entry_page = self.entry_page

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        exit_page: None | str | Unset
        if isinstance(self.exit_page, Unset):
            exit_page = UNSET
        else:
            exit_page = self.exit_page

        pages_visited: list[str] | None | Unset
        if isinstance(self.pages_visited, Unset):
            pages_visited = UNSET
        elif isinstance(self.pages_visited, list):
            pages_visited = self.pages_visited

        else:
            pages_visited = self.pages_visited

        total_pages: int | None | Unset
        if isinstance(self.total_pages, Unset):
            total_pages = UNSET
        else:
            total_pages = self.total_pages

        total_time: int | None | Unset
        if isinstance(self.total_time, Unset):
            total_time = UNSET
        else:
            total_time = self.total_time

        conversion_goal: None | str | Unset
        if isinstance(self.conversion_goal, Unset):
            conversion_goal = UNSET
        else:
            conversion_goal = self.conversion_goal

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        ended_at: None | str | Unset
        if isinstance(self.ended_at, Unset):
            ended_at = UNSET
        elif isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "session_id": session_id,
                "entry_page": entry_page,
            }
        )
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if exit_page is not UNSET:
            field_dict["exit_page"] = exit_page
        if pages_visited is not UNSET:
            field_dict["pages_visited"] = pages_visited
        if total_pages is not UNSET:
            field_dict["total_pages"] = total_pages
        if total_time is not UNSET:
            field_dict["total_time"] = total_time
        if conversion_goal is not UNSET:
            field_dict["conversion_goal"] = conversion_goal
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if ended_at is not UNSET:
            field_dict["ended_at"] = ended_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        session_id = d.pop("session_id")

        entry_page = d.pop("entry_page")

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        def _parse_exit_page(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        exit_page = _parse_exit_page(d.pop("exit_page", UNSET))

        def _parse_pages_visited(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                pages_visited_type_0 = cast(list[str], data)

                return pages_visited_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        pages_visited = _parse_pages_visited(d.pop("pages_visited", UNSET))

        def _parse_total_pages(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        total_pages = _parse_total_pages(d.pop("total_pages", UNSET))

        def _parse_total_time(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        total_time = _parse_total_time(d.pop("total_time", UNSET))

        def _parse_conversion_goal(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        conversion_goal = _parse_conversion_goal(d.pop("conversion_goal", UNSET))

        def _parse_started_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))

        def _parse_ended_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ended_at = _parse_ended_at(d.pop("ended_at", UNSET))

        user_journey_in = cls(
            session_id=session_id,
            entry_page=entry_page,
            user_id=user_id,
            exit_page=exit_page,
            pages_visited=pages_visited,
            total_pages=total_pages,
            total_time=total_time,
            conversion_goal=conversion_goal,
            started_at=started_at,
            ended_at=ended_at,
        )

        user_journey_in.additional_properties = d
        return user_journey_in

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
