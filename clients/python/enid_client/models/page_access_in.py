from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PageAccessIn")


@_attrs_define
class PageAccessIn:
    """A page view or shop event as a page sends it. Text fields are trimmed; blank ones count as
    not sent.

        Example:
            {'page_url': '/productos/mochilas', 'page_title': 'Mochilas escolares | Tienda Enid', 'section': 'Productos
                destacados', 'user_id': 'cliente-1842', 'session_id': 'ses-7f3a9c2e', 'event_id': 'evt-2026-03-14-000187',
                'user_agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile
                Safari/537.36', 'device_type': 'mobile', 'browser': 'Chrome', 'os': 'Android', 'referrer':
                'https://www.google.com/', 'utm_source': 'facebook', 'utm_medium': 'cpc', 'utm_campaign': 'regreso-a-clases',
                'time_on_page': 12, 'scroll_depth': 12, 'interactions': 12, 'metadata': {'event_type': 'add_to_cart',
                'load_time_ms': 820}}

        Attributes:
            page_url (str): At most 2000 characters.
            page_title (None | str | Unset): At most 500 characters.
            section (None | str | Unset): At most 100 characters (as are user, session and event ids and UTM fields).
            user_id (None | str | Unset):
            session_id (None | str | Unset):
            event_id (None | str | Unset): The client's unique id of this event: sending the same id again updates the
                stored
                event (200) instead of recording another (201).
            user_agent (None | str | Unset): At most 1000 characters.
            device_type (None | str | Unset): At most 50 characters, e.g. `mobile`, `desktop`, `tablet` (as are browser and
                os).
            browser (None | str | Unset):
            os (None | str | Unset):
            referrer (None | str | Unset): At most 2000 characters.
            utm_source (None | str | Unset):
            utm_medium (None | str | Unset):
            utm_campaign (None | str | Unset):
            time_on_page (int | None | Unset): Seconds, ≥ 0.
            scroll_depth (int | None | Unset): Percent, 0–100.
            interactions (int | None | Unset): ≥ 0.
            metadata (Any | Unset): A JSON object of at most 16 KiB. `event_type` (a string: `product_view`, `add_to_cart`,
                `begin_checkout`, `purchase`, ...) and `load_time_ms` (a number, 0–3600000) feed the
                metrics.
    """

    page_url: str
    page_title: None | str | Unset = UNSET
    section: None | str | Unset = UNSET
    user_id: None | str | Unset = UNSET
    session_id: None | str | Unset = UNSET
    event_id: None | str | Unset = UNSET
    user_agent: None | str | Unset = UNSET
    device_type: None | str | Unset = UNSET
    browser: None | str | Unset = UNSET
    os: None | str | Unset = UNSET
    referrer: None | str | Unset = UNSET
    utm_source: None | str | Unset = UNSET
    utm_medium: None | str | Unset = UNSET
    utm_campaign: None | str | Unset = UNSET
    time_on_page: int | None | Unset = UNSET
    scroll_depth: int | None | Unset = UNSET
    interactions: int | None | Unset = UNSET
    metadata: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        page_url = self.page_url

        page_title: None | str | Unset
        if isinstance(self.page_title, Unset):
            page_title = UNSET
        else:
            page_title = self.page_title

        section: None | str | Unset
        if isinstance(self.section, Unset):
            section = UNSET
        else:
            section = self.section

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        session_id: None | str | Unset
        if isinstance(self.session_id, Unset):
            session_id = UNSET
        else:
            session_id = self.session_id

        event_id: None | str | Unset
        if isinstance(self.event_id, Unset):
            event_id = UNSET
        else:
            event_id = self.event_id

        user_agent: None | str | Unset
        if isinstance(self.user_agent, Unset):
            user_agent = UNSET
        else:
            user_agent = self.user_agent

        device_type: None | str | Unset
        if isinstance(self.device_type, Unset):
            device_type = UNSET
        else:
            device_type = self.device_type

        browser: None | str | Unset
        if isinstance(self.browser, Unset):
            browser = UNSET
        else:
            browser = self.browser

        os: None | str | Unset
        if isinstance(self.os, Unset):
            os = UNSET
        else:
            os = self.os

        referrer: None | str | Unset
        if isinstance(self.referrer, Unset):
            referrer = UNSET
        else:
            referrer = self.referrer

        utm_source: None | str | Unset
        if isinstance(self.utm_source, Unset):
            utm_source = UNSET
        else:
            utm_source = self.utm_source

        utm_medium: None | str | Unset
        if isinstance(self.utm_medium, Unset):
            utm_medium = UNSET
        else:
            utm_medium = self.utm_medium

        utm_campaign: None | str | Unset
        if isinstance(self.utm_campaign, Unset):
            utm_campaign = UNSET
        else:
            utm_campaign = self.utm_campaign

        time_on_page: int | None | Unset
        if isinstance(self.time_on_page, Unset):
            time_on_page = UNSET
        else:
            time_on_page = self.time_on_page

        scroll_depth: int | None | Unset
        if isinstance(self.scroll_depth, Unset):
            scroll_depth = UNSET
        else:
            scroll_depth = self.scroll_depth

        interactions: int | None | Unset
        if isinstance(self.interactions, Unset):
            interactions = UNSET
        else:
            interactions = self.interactions

        metadata = self.metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "page_url": page_url,
            }
        )
        if page_title is not UNSET:
            field_dict["page_title"] = page_title
        if section is not UNSET:
            field_dict["section"] = section
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if session_id is not UNSET:
            field_dict["session_id"] = session_id
        if event_id is not UNSET:
            field_dict["event_id"] = event_id
        if user_agent is not UNSET:
            field_dict["user_agent"] = user_agent
        if device_type is not UNSET:
            field_dict["device_type"] = device_type
        if browser is not UNSET:
            field_dict["browser"] = browser
        if os is not UNSET:
            field_dict["os"] = os
        if referrer is not UNSET:
            field_dict["referrer"] = referrer
        if utm_source is not UNSET:
            field_dict["utm_source"] = utm_source
        if utm_medium is not UNSET:
            field_dict["utm_medium"] = utm_medium
        if utm_campaign is not UNSET:
            field_dict["utm_campaign"] = utm_campaign
        if time_on_page is not UNSET:
            field_dict["time_on_page"] = time_on_page
        if scroll_depth is not UNSET:
            field_dict["scroll_depth"] = scroll_depth
        if interactions is not UNSET:
            field_dict["interactions"] = interactions
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        page_url = d.pop("page_url")

        def _parse_page_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        page_title = _parse_page_title(d.pop("page_title", UNSET))

        def _parse_section(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        section = _parse_section(d.pop("section", UNSET))

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        def _parse_session_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        session_id = _parse_session_id(d.pop("session_id", UNSET))

        def _parse_event_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        event_id = _parse_event_id(d.pop("event_id", UNSET))

        def _parse_user_agent(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_agent = _parse_user_agent(d.pop("user_agent", UNSET))

        def _parse_device_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        device_type = _parse_device_type(d.pop("device_type", UNSET))

        def _parse_browser(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        browser = _parse_browser(d.pop("browser", UNSET))

        def _parse_os(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        os = _parse_os(d.pop("os", UNSET))

        def _parse_referrer(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        referrer = _parse_referrer(d.pop("referrer", UNSET))

        def _parse_utm_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        utm_source = _parse_utm_source(d.pop("utm_source", UNSET))

        def _parse_utm_medium(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        utm_medium = _parse_utm_medium(d.pop("utm_medium", UNSET))

        def _parse_utm_campaign(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        utm_campaign = _parse_utm_campaign(d.pop("utm_campaign", UNSET))

        def _parse_time_on_page(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        time_on_page = _parse_time_on_page(d.pop("time_on_page", UNSET))

        def _parse_scroll_depth(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        scroll_depth = _parse_scroll_depth(d.pop("scroll_depth", UNSET))

        def _parse_interactions(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        interactions = _parse_interactions(d.pop("interactions", UNSET))

        metadata = d.pop("metadata", UNSET)

        page_access_in = cls(
            page_url=page_url,
            page_title=page_title,
            section=section,
            user_id=user_id,
            session_id=session_id,
            event_id=event_id,
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
        )

        page_access_in.additional_properties = d
        return page_access_in

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
