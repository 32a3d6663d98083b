from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserJourneyPatch")


@_attrs_define
class UserJourneyPatch:
    """
    Example:
        {'user_id': 'cliente-1842', 'entry_page': '/', 'exit_page': '/carrito', 'pages_visited': ['/',
            '/productos/mochilas', '/carrito'], 'total_time': 12, 'conversion_goal': 'compra', 'ended_at':
            '2026-03-14T16:20:00Z'}

    Attributes:
        user_id (None | str | Unset):
        entry_page (None | str | Unset):
        exit_page (None | str | Unset):
        pages_visited (list[str] | None | Unset): Replaces the pages; `total_pages` follows.
        total_time (int | None | Unset):
        conversion_goal (None | str | Unset):
        ended_at (datetime.datetime | None | Unset):
    """

    user_id: None | str | Unset = UNSET
    entry_page: None | str | Unset = UNSET
    exit_page: None | str | Unset = UNSET
    pages_visited: list[str] | None | Unset = UNSET
    total_time: int | None | Unset = UNSET
    conversion_goal: None | str | Unset = UNSET
    ended_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        entry_page: None | str | Unset
        if isinstance(self.entry_page, Unset):
            entry_page = UNSET
        else:
            entry_page = self.entry_page

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

        ended_at: None | str | Unset
        if isinstance(self.ended_at, Unset):
            ended_at = UNSET
        elif isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if entry_page is not UNSET:
            field_dict["entry_page"] = entry_page
        if exit_page is not UNSET:
            field_dict["exit_page"] = exit_page
        if pages_visited is not UNSET:
            field_dict["pages_visited"] = pages_visited
        if total_time is not UNSET:
            field_dict["total_time"] = total_time
        if conversion_goal is not UNSET:
            field_dict["conversion_goal"] = conversion_goal
        if ended_at is not UNSET:
            field_dict["ended_at"] = ended_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        def _parse_entry_page(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        entry_page = _parse_entry_page(d.pop("entry_page", UNSET))

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

        user_journey_patch = cls(
            user_id=user_id,
            entry_page=entry_page,
            exit_page=exit_page,
            pages_visited=pages_visited,
            total_time=total_time,
            conversion_goal=conversion_goal,
            ended_at=ended_at,
        )

        user_journey_patch.additional_properties = d
        return user_journey_patch

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
