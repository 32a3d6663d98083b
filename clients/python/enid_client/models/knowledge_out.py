from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="KnowledgeOut")


@_attrs_define
class KnowledgeOut:
    """A knowledge entry the assistant may cite.

    Example:
        {'id': 42, 'title': 'Garantía de mochilas', 'body': 'Las mochilas tienen 12 meses de garantía contra defectos de
            fábrica.', 'url': 'https://tiendaenid.mx/garantias', 'tags': ['garantía', 'mochilas'], 'created_at':
            '2026-03-14T16:20:00Z', 'updated_at': '2026-03-14T16:20:00Z'}

    Attributes:
        id (int):
        title (str):
        body (str):
        tags (list[str]):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        url (None | str | Unset):
    """

    id: int
    title: str
    body: str
    tags: list[str]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        body = self.body

        tags = self.tags

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "title": title,
                "body": body,
                "tags": tags,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        body = d.pop("body")

        tags = cast(list[str], d.pop("tags"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        knowledge_out = cls(
            id=id,
            title=title,
            body=body,
            tags=tags,
            created_at=created_at,
            updated_at=updated_at,
            url=url,
        )

        knowledge_out.additional_properties = d
        return knowledge_out

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
