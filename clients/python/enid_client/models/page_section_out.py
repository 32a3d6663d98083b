from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PageSectionOut")


@_attrs_define
class PageSectionOut:
    """A section of the shop's pages to track.

    Example:
        {'id': 42, 'name': 'Productos destacados', 'description': 'Carrusel de productos destacados de la portada.',
            'page_url_pattern': '/productos/*', 'section_selector': '#destacados', 'is_active': True, 'priority': 12,
            'created_at': '2026-03-14T16:20:00Z', 'updated_at': '2026-03-14T16:20:00Z'}

    Attributes:
        id (int):
        name (str): Unique in the store, regardless of case.
        description (str):
        page_url_pattern (str):
        section_selector (str): CSS selector of the section.
        is_active (bool):
        priority (int): Lower first.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: int
    name: str
    description: str
    page_url_pattern: str
    section_selector: str
    is_active: bool
    priority: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        description = self.description

        page_url_pattern = self.page_url_pattern

        section_selector = self.section_selector

        is_active = self.is_active

        priority = self.priority

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "description": description,
                "page_url_pattern": page_url_pattern,
                "section_selector": section_selector,
                "is_active": is_active,
                "priority": priority,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        description = d.pop("description")

        page_url_pattern = d.pop("page_url_pattern")

        section_selector = d.pop("section_selector")

        is_active = d.pop("is_active")

        priority = d.pop("priority")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        page_section_out = cls(
            id=id,
            name=name,
            description=description,
            page_url_pattern=page_url_pattern,
            section_selector=section_selector,
            is_active=is_active,
            priority=priority,
            created_at=created_at,
            updated_at=updated_at,
        )

        page_section_out.additional_properties = d
        return page_section_out

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
