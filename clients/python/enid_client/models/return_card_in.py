from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReturnCardIn")


@_attrs_define
class ReturnCardIn:
    """
    Example:
        {'ask': '¿Puedo devolver un producto?', 'short_answer': 'Sí, dentro de los 30 días naturales posteriores a la
            entrega.', 'path_seccion': '/devoluciones', 'call_to_action': 'Solicitar devolución', 'position': 12}

    Attributes:
        ask (str): At most 200 characters.
        short_answer (str): At most 2,000 characters; may span lines.
        path_seccion (None | str | Unset): A site path starting with `/`; blank or null for none.
        call_to_action (None | str | Unset): At most 100 characters; blank or null for none.
        position (int | None | Unset): 0 to 1,000,000; after the store's last card when omitted.
    """

    ask: str
    short_answer: str
    path_seccion: None | str | Unset = UNSET
    call_to_action: None | str | Unset = UNSET
    position: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ask = self.ask

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
        field_dict.update(
            {
                "ask": ask,
                "short_answer": short_answer,
            }
        )
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
        ask = d.pop("ask")

        short_answer = d.pop("short_answer")

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

        return_card_in = cls(
            ask=ask,
            short_answer=short_answer,
            path_seccion=path_seccion,
            call_to_action=call_to_action,
            position=position,
        )

        return_card_in.additional_properties = d
        return return_card_in

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
