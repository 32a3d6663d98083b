from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PageAccessOut")


@_attrs_define
class PageAccessOut:
    """A page view or shop event.

    Example:
        {'id': 42, 'event_id': 'evt-2026-03-14-000187', 'page_url': '/productos/mochilas', 'page_title': 'Mochilas
            escolares | Tienda Enid', 'section': 'Productos destacados', 'user_id': 'cliente-1842', 'session_id':
            'ses-7f3a9c2e', 'user_agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko)
            Chrome/124.0 Mobile Safari/537.36', 'device_type': 'mobile', 'browser': 'Chrome', 'os': 'Android', 'referrer':
            'https://www.google.com/', 'utm_source': 'facebook', 'utm_medium': 'cpc', 'utm_campaign': 'regreso-a-clases',
            'time_on_page': 12, 'scroll_depth': 12, 'interactions': 12, 'metadata': {'event_type': 'add_to_cart',
            'load_time_ms': 820}, 'created_at': '2026-03-14T16:20:00Z', 'updated_at': '2026-03-14T16:20:00Z'}

    Attributes:
        id (int):
        page_url (str):
        page_title (str):
        section (str):
        user_id (str):
        session_id (str):
        user_agent (str):
        device_type (str):
        browser (str):
        os (str):
        referrer (str):
        utm_source (str):
        utm_medium (str):
        utm_campaign (str):
        time_on_page (int): Seconds.
        scroll_depth (int): Percent of the page scrolled, 0–100.
        interactions (int):
        metadata (Any): Free-form JSON object; `event_type` and `load_time_ms` feed the metrics.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        event_id (None | str | Unset): The client's id of the event; sending it again updates this row.
    """

    id: int
    page_url: str
    page_title: str
    section: str
    user_id: str
    session_id: str
    user_agent: str
    device_type: str
    browser: str
    os: str
    referrer: str
    utm_source: str
    utm_medium: str
    utm_campaign: str
    time_on_page: int
    scroll_depth: int
    interactions: int
    metadata: Any
    created_at: datetime.datetime
    updated_at: datetime.datetime
    event_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        page_url = self.page_url

        page_title = self.page_title

        section = self.section

        user_id = self.user_id

        session_id = self.session_id

        user_agent = self.user_agent

        device_type = self.device_type

        browser = self.browser

        os = self.os

        referrer = self.referrer

        utm_source = self.utm_source

        utm_medium = self.utm_medium

        utm_campaign = self.utm_campaign

        time_on_page = self.time_on_page

        scroll_depth = self.scroll_depth

        interactions = self.interactions

        metadata = self.metadata

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        event_id: None | str | Unset
        if isinstance(self.event_id, Unset):
            event_id = UNSET
        else:
            event_id = self.event_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "page_url": page_url,
                "page_title": page_title,
                "section": section,
                "user_id": user_id,
                "session_id": session_id,
                "user_agent": user_agent,
                "device_type": device_type,
                "browser": browser,
                "os": os,
                "referrer": referrer,
                "utm_source": utm_source,
                "utm_medium": utm_medium,
                "utm_campaign": utm_campaign,
                "time_on_page": time_on_page,
                "scroll_depth": scroll_depth,
                "interactions": interactions,
                "metadata": metadata,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if event_id is not UNSET:
            field_dict["event_id"] = event_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        page_url = d.pop("page_url")

        page_title = d.pop("page_title")

        section = d.pop("section")

        user_id = d.pop("user_id")

        session_id = d.pop("session_id")

        user_agent = d.pop("user_agent")

        device_type = d.pop("device_type")

        browser = d.pop("browser")

        os = d.pop("os")

        referrer = d.pop("referrer")

        utm_source = d.pop("utm_source")

        utm_medium = d.pop("utm_medium")

        utm_campaign = d.pop("utm_campaign")

        time_on_page = d.pop("time_on_page")

        scroll_depth = d.pop("scroll_depth")

        interactions = d.pop("interactions")

        metadata = d.pop("metadata")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_event_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        event_id = _parse_event_id(d.pop("event_id", UNSET))

        page_access_out = cls(
            id=id,
            page_url=page_url,
            page_title=page_title,
            section=section,
            user_id=user_id,
            session_id=session_id,
            user_agent=user_agent,
            device_type=device_type,
            browser=browser,
            os=os,
            referrer=referrer,
            utm_source=utm_source,
            utm_medium=utm_medium,
            utm_campaign=utm_campaign,
            time_on_page=time_on_page,
            scroll_depth=scroll_depth,
            interactions=interactions,
            metadata=metadata,
            created_at=created_at,
            updated_at=updated_at,
            event_id=event_id,
        )

        page_access_out.additional_properties = d
        return page_access_out

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
