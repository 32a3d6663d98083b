from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FaqOut")


@_attrs_define
class FaqOut:
    """A frequently asked question.

    Example:
        {'id': 42, 'category': 12, 'ask': '¿Hacen envíos a todo el país?', 'answer': 'Enviamos a todo México; el pedido
            llega en 3 a 5 días hábiles.', 'is_visible': True, 'url_img': 'https://tiendaenid.mx/img/envios.png', 'we_mean':
            'Envío a domicilio', 'position': 12}

    Attributes:
        id (int):
        category (int): The id of its category.
        ask (str): The question.
        answer (str):
        is_visible (bool): Hidden FAQs are only seen by staff.
        position (int): FAQs are listed by category, then position.
        url_img (None | str | Unset): An http(s) image URL, or null.
        we_mean (None | str | Unset): An optional clarification of what the question means.
    """

    id: int
    category: int
    ask: str
    answer: str
    is_visible: bool
    position: int
    url_img: None | str | Unset = UNSET
    we_mean: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        category = self.category

        ask = self.ask

        answer = self.answer

        is_visible = self.is_visible

        position = self.position

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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "category": category,
                "ask": ask,
                "answer": answer,
                "is_visible": is_visible,
                "position": position,
            }
        )
        if url_img is not UNSET:
            field_dict["url_img"] = url_img
        if we_mean is not UNSET:
            field_dict["we_mean"] = we_mean

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        category = d.pop("category")

        ask = d.pop("ask")

        answer = d.pop("answer")

        is_visible = d.pop("is_visible")

        position = d.pop("position")

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

        faq_out = cls(
            id=id,
            category=category,
            ask=ask,
            answer=answer,
            is_visible=is_visible,
            position=position,
            url_img=url_img,
            we_mean=we_mean,
        )

        faq_out.additional_properties = d
        return faq_out

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
