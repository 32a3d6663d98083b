from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ChatFailureOut")


@_attrs_define
class ChatFailureOut:
    """The model failed or timed out: the user's message is kept, no answer is stored, and the
    next turn works.

        Example:
            {'code': 'assistant_unavailable', 'detail': 'Nuestro asistente no está disponible en este momento. Tu mensaje
                quedó guardado; inténtalo de nuevo en unos minutos.', 'conversation_id': '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d'}

        Attributes:
            code (str): `assistant_unavailable`.
            detail (str): A friendly message in Spanish, without anything the model's service said.
            conversation_id (UUID):
    """

    code: str
    detail: str
    conversation_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        detail = self.detail

        conversation_id = str(self.conversation_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "detail": detail,
                "conversation_id": conversation_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        detail = d.pop("detail")

        conversation_id = UUID(d.pop("conversation_id"))

        chat_failure_out = cls(
            code=code,
            detail=detail,
            conversation_id=conversation_id,
        )

        chat_failure_out.additional_properties = d
        return chat_failure_out

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
