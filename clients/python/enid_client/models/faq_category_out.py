from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="FaqCategoryOut")


@_attrs_define
class FaqCategoryOut:
    """A FAQ category.

    Example:
        {'id': 42, 'name': 'Envíos y entregas', 'slug': 'envios-y-entregas', 'position': 12}

    Attributes:
        id (int):
        name (str):
        slug (str): From the name; unique in the store.
        position (int): Categories are listed by position, then id.
    """

    id: int
    name: str
    slug: str
    position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        slug = self.slug

        position = self.position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "slug": slug,
                "position": position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        slug = d.pop("slug")

        position = d.pop("position")

        faq_category_out = cls(
            id=id,
            name=name,
            slug=slug,
            position=position,
        )

        faq_category_out.additional_properties = d
        return faq_category_out

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
