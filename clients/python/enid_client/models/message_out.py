from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.message_role_name import MessageRoleName
from ..types import UNSET, Unset

T = TypeVar("T", bound="MessageOut")


@_attrs_define
class MessageOut:
    """A message of a conversation.

    Example:
        {'id': 42, 'role': 'assistant', 'content': 'Sí, la mochila escolar está disponible en azul y cuesta $899 MXN.',
            'provider': 'gemini', 'model': 'gemini-2.5-flash', 'latency_ms': 12, 'prompt_tokens': 12, 'completion_tokens':
            12, 'cached': True, 'created_at': '2026-03-14T16:20:00Z'}

    Attributes:
        id (int):
        role (MessageRoleName): Who wrote a message. Example: user.
        content (str):
        cached (bool): Whether the answer came from the first-turn answer cache.
        created_at (datetime.datetime):
        provider (None | str | Unset): Who answered (assistant messages).
        model (None | str | Unset):
        latency_ms (int | None | Unset): How long the model took, in milliseconds (assistant messages).
        prompt_tokens (int | None | Unset):
        completion_tokens (int | None | Unset):
    """

    id: int
    role: MessageRoleName
    content: str
    cached: bool
    created_at: datetime.datetime
    provider: None | str | Unset = UNSET
    model: None | str | Unset = UNSET
    latency_ms: int | None | Unset = UNSET
    prompt_tokens: int | None | Unset = UNSET
    completion_tokens: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        role = self.role.value

        content = self.content

        cached = self.cached

        created_at = self.created_at.isoformat()

        provider: None | str | Unset
        if isinstance(self.provider, Unset):
            provider = UNSET
        else:
            provider = self.provider

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        latency_ms: int | None | Unset
        if isinstance(self.latency_ms, Unset):
            latency_ms = UNSET
        else:
            latency_ms = self.latency_ms

        prompt_tokens: int | None | Unset
        if isinstance(self.prompt_tokens, Unset):
            prompt_tokens = UNSET
        else:
            prompt_tokens = self.prompt_tokens

        completion_tokens: int | None | Unset
        if isinstance(self.completion_tokens, Unset):
            completion_tokens = UNSET
        else:
            completion_tokens = self.completion_tokens

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "role": role,
                "content": content,
                "cached": cached,
                "created_at": created_at,
            }
        )
        if provider is not UNSET:
            field_dict["provider"] = provider
        if model is not UNSET:
            field_dict["model"] = model
        if latency_ms is not UNSET:
            field_dict["latency_ms"] = latency_ms
        if prompt_tokens is not UNSET:
            field_dict["prompt_tokens"] = prompt_tokens
        if completion_tokens is not UNSET:
            field_dict["completion_tokens"] = completion_tokens

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        role = MessageRoleName(d.pop("role"))

        content = d.pop("content")

        cached = d.pop("cached")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_provider(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        provider = _parse_provider(d.pop("provider", UNSET))

        def _parse_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        def _parse_latency_ms(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        latency_ms = _parse_latency_ms(d.pop("latency_ms", UNSET))

        def _parse_prompt_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        prompt_tokens = _parse_prompt_tokens(d.pop("prompt_tokens", UNSET))

        def _parse_completion_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        completion_tokens = _parse_completion_tokens(d.pop("completion_tokens", UNSET))

        message_out = cls(
            id=id,
            role=role,
            content=content,
            cached=cached,
            created_at=created_at,
            provider=provider,
            model=model,
            latency_ms=latency_ms,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
        )

        message_out.additional_properties = d
        return message_out

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
