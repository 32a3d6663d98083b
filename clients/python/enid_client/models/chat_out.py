from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.ai_response_out import AiResponseOut
    from ..models.user_message_out import UserMessageOut


T = TypeVar("T", bound="ChatOut")


@_attrs_define
class ChatOut:
    """A completed turn.

    Example:
        {'conversation_id': '8d3f5b7a-2c1e-4f9a-b6d4-0e7c1a2b3c4d', 'user_message': {'id': 42, 'content': '¿Tienen la
            mochila escolar en color azul?'}, 'ai_response': {'id': 42, 'content': 'Sí, la mochila escolar está disponible
            en azul y cuesta $899 MXN.', 'provider': 'gemini', 'cached': True}}

    Attributes:
        conversation_id (UUID):
        user_message (UserMessageOut): The user's message as stored. Example: {'id': 42, 'content': '¿Tienen la mochila
            escolar en color azul?'}.
        ai_response (AiResponseOut): The assistant's answer as stored. Example: {'id': 42, 'content': 'Sí, la mochila
            escolar está disponible en azul y cuesta $899 MXN.', 'provider': 'gemini', 'cached': True}.
    """

    conversation_id: UUID
    user_message: UserMessageOut
    ai_response: AiResponseOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversation_id = str(self.conversation_id)

        user_message = self.user_message.to_dict()

        ai_response = self.ai_response.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
                "user_message": user_message,
                "ai_response": ai_response,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ai_response_out import AiResponseOut  # noqa: PLC0415
        from ..models.user_message_out import UserMessageOut  # noqa: PLC0415

        d = dict(src_dict)
        conversation_id = UUID(d.pop("conversation_id"))

        user_message = UserMessageOut.from_dict(d.pop("user_message"))

        ai_response = AiResponseOut.from_dict(d.pop("ai_response"))

        chat_out = cls(
            conversation_id=conversation_id,
            user_message=user_message,
            ai_response=ai_response,
        )

        chat_out.additional_properties = d
        return chat_out

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
