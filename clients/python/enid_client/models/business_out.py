from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="BusinessOut")


@_attrs_define
class BusinessOut:
    """A business whose images the store shows.

    Example:
        {'id': 42, 'name': 'Papelería La Esperanza', 'slug': 'papeleria-la-esperanza', 'description': 'Papelería y
            regalos en el centro de Monterrey desde 1998.', 'image_count': 12, 'created_at': '2026-03-14T16:20:00Z'}

    Attributes:
        id (int):
        name (str):
        slug (str): From the name when created (accents folded, at most 50 characters, `-2`, `-3`... when
            taken); kept when the business is renamed.
        description (str):
        image_count (int):
        created_at (datetime.datetime):
    """

    id: int
    name: str
    slug: str
    description: str
    image_count: int
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        slug = self.slug

        description = self.description

        image_count = self.image_count

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "slug": slug,
                "description": description,
                "image_count": image_count,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        slug = d.pop("slug")

        description = d.pop("description")

        image_count = d.pop("image_count")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        business_out = cls(
            id=id,
            name=name,
            slug=slug,
            description=description,
            image_count=image_count,
            created_at=created_at,
        )

        business_out.additional_properties = d
        return business_out

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
