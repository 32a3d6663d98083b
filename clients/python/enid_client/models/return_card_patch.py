from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReturnCardPatch")


@_attrs_define
class ReturnCardPatch:
    """
    Example:
        {'ask': '¿Puedo devolver un producto?', 'short_answer': 'Sí, dentro de los 30 días naturales posteriores a la
            entrega.', 'path_seccion': '/devoluciones', 'call_to_action': 'Solicitar devolución', 'position': 12}

    Attributes:
        ask (None | str | Unset):
        short_answer (None | str | Unset):
        path_seccion (None | str | Unset): null clears it.
        call_to_action (None | str | Unset): null clears it.
        position (int | None | Unset): Moves the card to this place in the order (0 is first; past the end is last); the
            store's cards are numbered 0, 1, 2… in the same transaction.
    """

    ask: None | str | Unset = UNSET
    short_answer: None | str | Unset = UNSET
    path_seccion: None | str | Unset = UNSET
    call_to_action: None | str | Unset = UNSET
    position: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ask: None | str | Unset
        if isinstance(self.ask, Unset):
            ask = UNSET
        else:
            ask = self.ask

        short_answer: None | str | Unset
        if isinstance(self.short_answer, Unset):
            short_answer = UNSET
        else:
            short_answer = self.short_answer

        path_seccion: None | str | Unset
        if isinstance(self.path_seccion, Unset):
            path_seccion = UNSET
        else:
            path_seccion = self.path_seccion

        call_to_action: None | str | Unset
        if isinstance(self.call_to_action, Unset):
            call_to_action = UNSET
        else:
            call_to_action = self.call_to_action

        position: int | None | Unset
        if isinstance(self.position, Unset):
            position = UNSET
        else:
            position = self.position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if ask is not UNSET:
            field_dict["ask"] = ask
        if short_answer is not UNSET:
            field_dict["short_answer"] = short_answer
        if path_seccion is not UNSET:
            field_dict["path_seccion"] = path_seccion
        if call_to_action is not UNSET:
            field_dict["call_to_action"] = call_to_action
        if position is not UNSET:
            field_dict["position"] = position

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_ask(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ask = _parse_ask(d.pop("ask", UNSET))

        def _parse_short_answer(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        short_answer = _parse_short_answer(d.pop("short_answer", UNSET))

        def _parse_path_seccion(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        path_seccion = _parse_path_seccion(d.pop("path_seccion", UNSET))

        def _parse_call_to_action(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        call_to_action = _parse_call_to_action(d.pop("call_to_action", UNSET))

        def _parse_position(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        position = _parse_position(d.pop("position", UNSET))

        return_card_patch = cls(
            ask=ask,
            short_answer=short_answer,
            path_seccion=path_seccion,
            call_to_action=call_to_action,
            position=position,
        )

        return_card_patch.additional_properties = d
        return return_card_patch

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
