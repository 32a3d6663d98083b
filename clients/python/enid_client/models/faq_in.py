from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FaqIn")


@_attrs_define
class FaqIn:
    """
    Example:
        {'category': 12, 'ask': '¿Hacen envíos a todo el país?', 'answer': 'Enviamos a todo México; el pedido llega en 3
            a 5 días hábiles.', 'is_visible': True, 'url_img': 'https://tiendaenid.mx/img/envios.png', 'we_mean': 'Envío a
            domicilio', 'position': 12}

    Attributes:
        category (int): A category id of the store.
        ask (str): At most 500 characters.
        answer (str): At most 10,000 characters.
        is_visible (bool | None | Unset): Defaults to true.
        url_img (None | str | Unset): An http(s) URL; null or blank for none.
        we_mean (None | str | Unset): At most 500 characters.
        position (int | None | Unset): 0 to 1,000,000; omitted puts the FAQ last in its category.
    """

    category: int
    ask: str
    answer: str
    is_visible: bool | None | Unset = UNSET
    url_img: None | str | Unset = UNSET
    we_mean: None | str | Unset = UNSET
    position: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        ask = self.ask

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
        field_dict.update(
            {
                "category": category,
                "ask": ask,
                "answer": answer,
            }
        )
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
        category = d.pop("category")

        ask = d.pop("ask")

        answer = d.pop("answer")

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

        faq_in = cls(
            category=category,
            ask=ask,
            answer=answer,
            is_visible=is_visible,
            url_img=url_img,
            we_mean=we_mean,
            position=position,
        )

        faq_in.additional_properties = d
        return faq_in

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
