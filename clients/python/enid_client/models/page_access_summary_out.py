from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.ecommerce_events_out import EcommerceEventsOut
    from ..models.page_access_summary_out_browser_distribution import PageAccessSummaryOutBrowserDistribution
    from ..models.page_access_summary_out_device_distribution import PageAccessSummaryOutDeviceDistribution
    from ..models.page_views_out import PageViewsOut
    from ..models.section_views_out import SectionViewsOut


T = TypeVar("T", bound="PageAccessSummaryOut")


@_attrs_define
class PageAccessSummaryOut:
    """
    Example:
        {'days': 12, 'total_page_views': 12, 'unique_visitors': 12, 'avg_time_on_page': 37.5, 'bounce_rate': 37.5,
            'top_pages': [{'page_url': '/productos/mochilas', 'views': 12}], 'top_sections': [{'section': 'Productos
            destacados', 'views': 12}], 'device_distribution': {'mobile': 171, 'desktop': 79, 'tablet': 8},
            'browser_distribution': {'Chrome': 182, 'Safari': 64, 'Firefox': 12}, 'ecommerce_events': {'product_views': 12,
            'add_to_cart': 12, 'begin_checkout': 12, 'purchases': 12}}

    Attributes:
        days (int): The window, in days (today included).
        total_page_views (int):
        unique_visitors (int): Distinct non-empty session ids.
        avg_time_on_page (float): Mean `time_on_page` (seconds).
        bounce_rate (float): Sessions with exactly one page access / sessions × 100.
        top_pages (list[PageViewsOut]): The 10 most viewed URLs, ties by URL.
        top_sections (list[SectionViewsOut]): The 10 most viewed non-empty sections, ties by name.
        device_distribution (PageAccessSummaryOutDeviceDistribution): Page accesses per device type (the 20 most common;
            `unknown` when not sent).
        browser_distribution (PageAccessSummaryOutBrowserDistribution): Page accesses per browser (the 20 most common;
            `unknown` when not sent).
        ecommerce_events (EcommerceEventsOut): Counts of `metadata.event_type` values. Example: {'product_views': 12,
            'add_to_cart': 12, 'begin_checkout': 12, 'purchases': 12}.
    """

    days: int
    total_page_views: int
    unique_visitors: int
    avg_time_on_page: float
    bounce_rate: float
    top_pages: list[PageViewsOut]
    top_sections: list[SectionViewsOut]
    device_distribution: PageAccessSummaryOutDeviceDistribution
    browser_distribution: PageAccessSummaryOutBrowserDistribution
    ecommerce_events: EcommerceEventsOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        total_page_views = self.total_page_views

        unique_visitors = self.unique_visitors

        avg_time_on_page = self.avg_time_on_page

        bounce_rate = self.bounce_rate

        top_pages = []
        for top_pages_item_data in self.top_pages:
            top_pages_item = top_pages_item_data.to_dict()
            top_pages.append(top_pages_item)

        top_sections = []
        for top_sections_item_data in self.top_sections:
            top_sections_item = top_sections_item_data.to_dict()
            top_sections.append(top_sections_item)

        device_distribution = self.device_distribution.to_dict()

        browser_distribution = self.browser_distribution.to_dict()

        ecommerce_events = self.ecommerce_events.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "days": days,
                "total_page_views": total_page_views,
                "unique_visitors": unique_visitors,
                "avg_time_on_page": avg_time_on_page,
                "bounce_rate": bounce_rate,
                "top_pages": top_pages,
                "top_sections": top_sections,
                "device_distribution": device_distribution,
                "browser_distribution": browser_distribution,
                "ecommerce_events": ecommerce_events,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ecommerce_events_out import EcommerceEventsOut  # noqa: PLC0415
        from ..models.page_access_summary_out_browser_distribution import PageAccessSummaryOutBrowserDistribution  # noqa: PLC0415
        from ..models.page_access_summary_out_device_distribution import PageAccessSummaryOutDeviceDistribution  # noqa: PLC0415
        from ..models.page_views_out import PageViewsOut  # noqa: PLC0415
        from ..models.section_views_out import SectionViewsOut  # noqa: PLC0415

        d = dict(src_dict)
        days = d.pop("days")

        total_page_views = d.pop("total_page_views")

        unique_visitors = d.pop("unique_visitors")

        avg_time_on_page = d.pop("avg_time_on_page")

        bounce_rate = d.pop("bounce_rate")

        top_pages = []
        _top_pages = d.pop("top_pages")
        for top_pages_item_data in _top_pages:
            top_pages_item = PageViewsOut.from_dict(top_pages_item_data)

            top_pages.append(top_pages_item)

        top_sections = []
        _top_sections = d.pop("top_sections")
        for top_sections_item_data in _top_sections:
            top_sections_item = SectionViewsOut.from_dict(top_sections_item_data)

            top_sections.append(top_sections_item)

        device_distribution = PageAccessSummaryOutDeviceDistribution.from_dict(d.pop("device_distribution"))

        browser_distribution = PageAccessSummaryOutBrowserDistribution.from_dict(d.pop("browser_distribution"))

        ecommerce_events = EcommerceEventsOut.from_dict(d.pop("ecommerce_events"))

        page_access_summary_out = cls(
            days=days,
            total_page_views=total_page_views,
            unique_visitors=unique_visitors,
            avg_time_on_page=avg_time_on_page,
            bounce_rate=bounce_rate,
            top_pages=top_pages,
            top_sections=top_sections,
            device_distribution=device_distribution,
            browser_distribution=browser_distribution,
            ecommerce_events=ecommerce_events,
        )

        page_access_summary_out.additional_properties = d
        return page_access_summary_out

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
