from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserJourneyOut")


@_attrs_define
class UserJourneyOut:
    """A visitor's way through the shop in one session.

    Example:
        {'id': 42, 'session_id': 'ses-7f3a9c2e', 'user_id': 'cliente-1842', 'entry_page': '/', 'exit_page': '/carrito',
            'pages_visited': ['/', '/productos/mochilas', '/carrito'], 'total_pages': 12, 'total_time': 12,
            'conversion_goal': 'compra', 'started_at': '2026-03-14T16:20:00Z', 'ended_at': '2026-03-14T16:20:00Z',
            'updated_at': '2026-03-14T16:20:00Z'}

    Attributes:
        id (int):
        session_id (str):
        user_id (str):
        entry_page (str):
        exit_page (str):
        pages_visited (list[str]): In visiting order.
        total_pages (int): The length of `pages_visited`.
        total_time (int): Seconds.
        conversion_goal (str): What the visit achieved, e.g. `purchase`; empty when nothing.
        started_at (datetime.datetime):
        updated_at (datetime.datetime):
        ended_at (datetime.datetime | None | Unset):
    """

    id: int
    session_id: str
    user_id: str
    entry_page: str
    exit_page: str
    pages_visited: list[str]
    total_pages: int
    total_time: int
    conversion_goal: str
    started_at: datetime.datetime
    updated_at: datetime.datetime
    ended_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        session_id = self.session_id

        user_id = self.user_id

        entry_page = self.entry_page

        exit_page = self.exit_page

        pages_visited = self.pages_visited

        total_pages = self.total_pages

        total_time = self.total_time

        conversion_goal = self.conversion_goal

        started_at = self.started_at.isoformat()

        updated_at = self.updated_at.isoformat()

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
                "id": id,
                "session_id": session_id,
                "user_id": user_id,
                "entry_page": entry_page,
                "exit_page": exit_page,
                "pages_visited": pages_visited,
                "total_pages": total_pages,
                "total_time": total_time,
                "conversion_goal": conversion_goal,
                "started_at": started_at,
                "updated_at": updated_at,
            }
        )
        if ended_at is not UNSET:
            field_dict["ended_at"] = ended_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        session_id = d.pop("session_id")

        user_id = d.pop("user_id")

        entry_page = d.pop("entry_page")

        exit_page = d.pop("exit_page")

        pages_visited = cast(list[str], d.pop("pages_visited"))

        total_pages = d.pop("total_pages")

        total_time = d.pop("total_time")

        conversion_goal = d.pop("conversion_goal")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

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

        user_journey_out = cls(
            id=id,
            session_id=session_id,
            user_id=user_id,
            entry_page=entry_page,
            exit_page=exit_page,
            pages_visited=pages_visited,
            total_pages=total_pages,
            total_time=total_time,
            conversion_goal=conversion_goal,
            started_at=started_at,
            updated_at=updated_at,
            ended_at=ended_at,
        )

        user_journey_out.additional_properties = d
        return user_journey_out

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
