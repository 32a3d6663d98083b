from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="UploadImageBody")


@_attrs_define
class UploadImageBody:
    """
    Attributes:
        file (File): JPEG, PNG, WebP or GIF, recognised by content; its file name is only a label (the default title).
        title (None | str | Unset): At most 200 characters; defaults to the file name.
        description (None | str | Unset): At most 2,000 characters.
        is_main (bool | None | Unset): true makes it the main image of its business (which it needs).
        business (None | str | Unset): The slug of a business of the store.
    """

    file: File
    title: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    is_main: bool | None | Unset = UNSET
    business: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        is_main: bool | None | Unset
        if isinstance(self.is_main, Unset):
            is_main = UNSET
        else:
            is_main = self.is_main

        business: None | str | Unset
        if isinstance(self.business, Unset):
            business = UNSET
        else:
            business = self.business

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "file": file,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title
        if description is not UNSET:
            field_dict["description"] = description
        if is_main is not UNSET:
            field_dict["is_main"] = is_main
        if business is not UNSET:
            field_dict["business"] = business

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))

        if not isinstance(self.title, Unset):
            if isinstance(self.title, str):
                files.append(("title", (None, str(self.title).encode(), "text/plain")))
            else:
                files.append(("title", (None, str(self.title).encode(), "text/plain")))

        if not isinstance(self.description, Unset):
            if isinstance(self.description, str):
                files.append(("description", (None, str(self.description).encode(), "text/plain")))
            else:
                files.append(("description", (None, str(self.description).encode(), "text/plain")))

        if not isinstance(self.is_main, Unset):
            if isinstance(self.is_main, bool):
                files.append(("is_main", (None, str(self.is_main).encode(), "text/plain")))
            else:
                files.append(("is_main", (None, str(self.is_main).encode(), "text/plain")))

        if not isinstance(self.business, Unset):
            if isinstance(self.business, str):
                files.append(("business", (None, str(self.business).encode(), "text/plain")))
            else:
                files.append(("business", (None, str(self.business).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(payload=BytesIO(d.pop("file")))

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_is_main(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_main = _parse_is_main(d.pop("is_main", UNSET))

        def _parse_business(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        business = _parse_business(d.pop("business", UNSET))

        upload_image_body = cls(
            file=file,
            title=title,
            description=description,
            is_main=is_main,
            business=business,
        )

        upload_image_body.additional_properties = d
        return upload_image_body

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
