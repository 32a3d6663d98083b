from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReturnCardOut")


@_attrs_define
class ReturnCardOut:
    """A return-policy card.

    Example:
        {'id': 42, 'ask': '¿Puedo devolver un producto?', 'short_answer': 'Sí, dentro de los 30 días naturales
            posteriores a la entrega.', 'path_seccion': '/devoluciones', 'call_to_action': 'Solicitar devolución',
            'position': 12}

    Attributes:
        id (int):
        ask (str): The question the card answers.
        short_answer (str):
        position (int): Cards are shown in increasing position.
        path_seccion (None | str | Unset): The site section the card points to, e.g. `/devoluciones`.
        call_to_action (None | str | Unset):
    """

    id: int
    ask: str
    short_answer: str
    position: int
    path_seccion: None | str | Unset = UNSET
    call_to_action: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        ask = self.ask

        short_answer = self.short_answer

        position = self.position

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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "ask": ask,
                "short_answer": short_answer,
                "position": position,
            }
        )
        if path_seccion is not UNSET:
            field_dict["path_seccion"] = path_seccion
        if call_to_action is not UNSET:
            field_dict["call_to_action"] = call_to_action

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        ask = d.pop("ask")

        short_answer = d.pop("short_answer")

        position = d.pop("position")

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

        return_card_out = cls(
            id=id,
            ask=ask,
            short_answer=short_answer,
            position=position,
            path_seccion=path_seccion,
            call_to_action=call_to_action,
        )

        return_card_out.additional_properties = d
        return return_card_out

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
