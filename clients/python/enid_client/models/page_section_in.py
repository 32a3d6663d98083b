from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PageSectionIn")


@_attrs_define
class PageSectionIn:
    """
    Example:
        {'name': 'Productos destacados', 'description': 'Carrusel de productos destacados de la portada.',
            'page_url_pattern': '/productos/*', 'section_selector': '#destacados', 'is_active': True, 'priority': 12}

    Attributes:
        name (str): 1–100 characters, unique in the store regardless of case.
        page_url_pattern (str): 1–200 characters.
        description (None | str | Unset): At most 2000 characters.
        section_selector (None | str | Unset): At most 200 characters.
        is_active (bool | None | Unset): Default true.
        priority (int | None | Unset): Default 0.
    """

    name: str
    page_url_pattern: str
    description: None | str | Unset = UNSET
    section_selector: None | str | Unset = UNSET
    is_active: bool | None | Unset = UNSET
    priority: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        page_url_pattern = self.page_url_pattern

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        section_selector: None | str | Unset
        if isinstance(self.section_selector, Unset):
            section_selector = UNSET
        else:
            section_selector = self.section_selector

        is_active: bool | None | Unset
        if isinstance(self.is_active, Unset):
            is_active = UNSET
        else:
            is_active = self.is_active

        priority: int | None | Unset
        if isinstance(self.priority, Unset):
            priority = UNSET
        else:
            priority = self.priority

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "page_url_pattern": page_url_pattern,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if section_selector is not UNSET:
            field_dict["section_selector"] = section_selector
        if is_active is not UNSET:
            field_dict["is_active"] = is_active
        if priority is not UNSET:
            field_dict["priority"] = priority

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        page_url_pattern = d.pop("page_url_pattern")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_section_selector(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        section_selector = _parse_section_selector(d.pop("section_selector", UNSET))

        def _parse_is_active(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_active = _parse_is_active(d.pop("is_active", UNSET))

        def _parse_priority(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        priority = _parse_priority(d.pop("priority", UNSET))

        page_section_in = cls(
            name=name,
            page_url_pattern=page_url_pattern,
            description=description,
            section_selector=section_selector,
            is_active=is_active,
            priority=priority,
        )

        page_section_in.additional_properties = d
        return page_section_in

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
