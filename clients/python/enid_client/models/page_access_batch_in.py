from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.page_access_in import PageAccessIn


T = TypeVar("T", bound="PageAccessBatchIn")


@_attrs_define
class PageAccessBatchIn:
    """
    Example:
        {'events': [{'page_url': '/productos/mochilas', 'page_title': 'Mochilas escolares | Tienda Enid', 'section':
            'Productos destacados', 'user_id': 'cliente-1842', 'session_id': 'ses-7f3a9c2e', 'event_id':
            'evt-2026-03-14-000187', 'user_agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko)
            Chrome/124.0 Mobile Safari/537.36', 'device_type': 'mobile', 'browser': 'Chrome', 'os': 'Android', 'referrer':
            'https://www.google.com/', 'utm_source': 'facebook', 'utm_medium': 'cpc', 'utm_campaign': 'regreso-a-clases',
            'time_on_page': 12, 'scroll_depth': 12, 'interactions': 12, 'metadata': {'event_type': 'add_to_cart',
            'load_time_ms': 820}}]}

    Attributes:
        events (list[PageAccessIn]): 1–500 events; all are validated before any is stored, then all are stored together.
    """

    events: list[PageAccessIn]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "events": events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.page_access_in import PageAccessIn  # noqa: PLC0415

        d = dict(src_dict)
        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = PageAccessIn.from_dict(events_item_data)

            events.append(events_item)

        page_access_batch_in = cls(
            events=events,
        )

        page_access_batch_in.additional_properties = d
        return page_access_batch_in

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
