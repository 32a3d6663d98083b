from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ImageOut")


@_attrs_define
class ImageOut:
    """An image of a store.

    Example:
        {'id': 42, 'business': 'papeleria-la-esperanza', 'title': 'Fachada de la tienda', 'description': 'Fachada de la
            tienda sobre la calle Morelos.', 'is_main': True, 'content_type': 'image/jpeg', 'width': 12, 'height': 12,
            'size_bytes': 12, 'sha256': '9f2c4e1a7b3d5f6081a2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718', 'url':
            '/image/7/file/', 'thumbnail_url': '/image/7/file/?size=thumb', 'created_at': '2026-03-14T16:20:00Z'}

    Attributes:
        id (int):
        title (str):
        description (str):
        is_main (bool): The main image of its business (one at most).
        content_type (str): Of the original.
        width (int): As displayed (EXIF orientation applied).
        height (int):
        size_bytes (int): Of the original.
        sha256 (str): SHA-256 of the original, lowercase hex.
        url (str): The original file.
        thumbnail_url (str): The thumb size (≈256 px).
        created_at (datetime.datetime):
        business (None | str | Unset): The slug of its business, or null.
    """

    id: int
    title: str
    description: str
    is_main: bool
    content_type: str
    width: int
    height: int
    size_bytes: int
    sha256: str
    url: str
    thumbnail_url: str
    created_at: datetime.datetime
    business: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        description = self.description

        is_main = self.is_main

        content_type = self.content_type

        width = self.width

        height = self.height

        size_bytes = self.size_bytes

        sha256 = self.sha256

        url = self.url

        thumbnail_url = self.thumbnail_url

        created_at = self.created_at.isoformat()

        business: None | str | Unset
        if isinstance(self.business, Unset):
            business = UNSET
        else:
            business = self.business

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "title": title,
                "description": description,
                "is_main": is_main,
                "content_type": content_type,
                "width": width,
                "height": height,
                "size_bytes": size_bytes,
                "sha256": sha256,
                "url": url,
                "thumbnail_url": thumbnail_url,
                "created_at": created_at,
            }
        )
        if business is not UNSET:
            field_dict["business"] = business

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        description = d.pop("description")

        is_main = d.pop("is_main")

        content_type = d.pop("content_type")

        width = d.pop("width")

        height = d.pop("height")

        size_bytes = d.pop("size_bytes")

        sha256 = d.pop("sha256")

        url = d.pop("url")

        thumbnail_url = d.pop("thumbnail_url")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_business(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        business = _parse_business(d.pop("business", UNSET))

        image_out = cls(
            id=id,
            title=title,
            description=description,
            is_main=is_main,
            content_type=content_type,
            width=width,
            height=height,
            size_bytes=size_bytes,
            sha256=sha256,
            url=url,
            thumbnail_url=thumbnail_url,
            created_at=created_at,
            business=business,
        )

        image_out.additional_properties = d
        return image_out

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
