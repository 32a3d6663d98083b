from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FaqPatchIn")


@_attrs_define
class FaqPatchIn:
    """
    Example:
        {'category': 12, 'ask': '¿Hacen envíos a todo el país?', 'answer': 'Enviamos a todo México; el pedido llega en 3
            a 5 días hábiles.', 'is_visible': True, 'url_img': 'https://tiendaenid.mx/img/envios.png', 'we_mean': 'Envío a
            domicilio', 'position': 12}

    Attributes:
        category (int | None | Unset):
        ask (None | str | Unset):
        answer (None | str | Unset):
        is_visible (bool | None | Unset):
        url_img (None | str | Unset): null clears it.
        we_mean (None | str | Unset): null clears it.
        position (int | None | Unset): Moves the FAQ to this place in its (new) category (0 is first; past the end is
            last);
            the category's FAQs are numbered 0, 1, 2… in the same transaction.
    """

    category: int | None | Unset = UNSET
    ask: None | str | Unset = UNSET
    answer: None | str | Unset = UNSET
    is_visible: bool | None | Unset = UNSET
    url_img: None | str | Unset = UNSET
    we_mean: None | str | Unset = UNSET
    position: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category: int | None | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        else:
            category = self.category

        ask: None | str | Unset
        if isinstance(self.ask, Unset):
            ask = UNSET
        else:
            ask = self.ask

        answer: None | str | Unset
        if isinstance(self.answer, Unset):
            answer = UNSET
        else:
            answer = self.answer

        is_visible: bool | None | Unset
        if isinstance(self.is_visible, Unset):
            is_visible = UNSET
        else:
            is_visible = self.is_visible

        url_img: None | str | Unset
        if isinstance(self.url_img, Unset):
            url_img = UNSET
        else:
            url_img = self.url_img

        we_mean: None | str | Unset
        if isinstance(self.we_mean, Unset):
            we_mean = UNSET
        else:
            we_mean = self.we_mean

        position: int | None | Unset
        if isinstance(self.position, Unset):
            position = UNSET
        else:
            position = self.position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if category is not UNSET:
            field_dict["category"] = category
        if ask is not UNSET:
            field_dict["ask"] = ask
        if answer is not UNSET:
            field_dict["answer"] = answer
        if is_visible is not UNSET:
            field_dict["is_visible"] = is_visible
        if url_img is not UNSET:
            field_dict["url_img"] = url_img
        if we_mean is not UNSET:
            field_dict["we_mean"] = we_mean
        if position is not UNSET:
            field_dict["position"] = position

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_category(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        category = _parse_category(d.pop("category", UNSET))

        def _parse_ask(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ask = _parse_ask(d.pop("ask", UNSET))

        def _parse_answer(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        answer = _parse_answer(d.pop("answer", UNSET))

        def _parse_is_visible(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_visible = _parse_is_visible(d.pop("is_visible", UNSET))

        def _parse_url_img(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url_img = _parse_url_img(d.pop("url_img", UNSET))

        def _parse_we_mean(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        we_mean = _parse_we_mean(d.pop("we_mean", UNSET))

        def _parse_position(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        position = _parse_position(d.pop("position", UNSET))

        faq_patch_in = cls(
            category=category,
            ask=ask,
            answer=answer,
            is_visible=is_visible,
            url_img=url_img,
            we_mean=we_mean,
            position=position,
        )

        faq_patch_in.additional_properties = d
        return faq_patch_in

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
