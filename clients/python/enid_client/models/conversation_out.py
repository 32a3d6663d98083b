from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ConversationOut")


@_attrs_define
class ConversationOut:
    """A conversation.

    Example:
        {'conversation_id': '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d', 'created_at': '2026-03-14T16:20:00Z', 'updated_at':
            '2026-03-14T16:20:00Z', 'message_count': 12, 'user_id': 'cliente-1842'}

    Attributes:
        conversation_id (UUID):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        message_count (int):
        user_id (int | None | Unset): The signed-in user who started it, if any.
    """

    conversation_id: UUID
    created_at: datetime.datetime
    updated_at: datetime.datetime
    message_count: int
    user_id: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversation_id = str(self.conversation_id)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        message_count = self.message_count

        user_id: int | None | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
                "created_at": created_at,
                "updated_at": updated_at,
                "message_count": message_count,
            }
        )
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        conversation_id = UUID(d.pop("conversation_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        message_count = d.pop("message_count")

        def _parse_user_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        conversation_out = cls(
            conversation_id=conversation_id,
            created_at=created_at,
            updated_at=updated_at,
            message_count=message_count,
            user_id=user_id,
        )

        conversation_out.additional_properties = d
        return conversation_out

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
