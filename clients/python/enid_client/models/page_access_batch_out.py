from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PageAccessBatchOut")


@_attrs_define
class PageAccessBatchOut:
    """
    Example:
        {'received': 12, 'created': 12, 'updated': 12, 'ids': [12]}

    Attributes:
        received (int): Events received.
        created (int): Events stored as new rows.
        updated (int): Events that updated a stored row (a known `event_id`, or one repeated in the batch).
        ids (list[int]): The row of each event, in the order sent.
    """

    received: int
    created: int
    updated: int
    ids: list[int]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        received = self.received

        created = self.created

        updated = self.updated

        ids = self.ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "received": received,
                "created": created,
                "updated": updated,
                "ids": ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        received = d.pop("received")

        created = d.pop("created")

        updated = d.pop("updated")

        ids = cast(list[int], d.pop("ids"))

        page_access_batch_out = cls(
            received=received,
            created=created,
            updated=updated,
            ids=ids,
        )

        page_access_batch_out.additional_properties = d
        return page_access_batch_out

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
