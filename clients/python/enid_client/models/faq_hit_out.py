from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.faq_out import FaqOut


T = TypeVar("T", bound="FaqHitOut")


@_attrs_define
class FaqHitOut:
    """One search result.

    Example:
        {'faq': {'id': 42, 'category': 12, 'ask': '¿Hacen envíos a todo el país?', 'answer': 'Enviamos a todo México; el
            pedido llega en 3 a 5 días hábiles.', 'is_visible': True, 'url_img': 'https://tiendaenid.mx/img/envios.png',
            'we_mean': 'Envío a domicilio', 'position': 12}, 'score': 37.5, 'snippet': '…Enviamos a todo «México»; el pedido
            llega en 3 a 5 días…'}

    Attributes:
        faq (FaqOut): A frequently asked question. Example: {'id': 42, 'category': 12, 'ask': '¿Hacen envíos a todo el
            país?', 'answer': 'Enviamos a todo México; el pedido llega en 3 a 5 días hábiles.', 'is_visible': True,
            'url_img': 'https://tiendaenid.mx/img/envios.png', 'we_mean': 'Envío a domicilio', 'position': 12}.
        score (float): Relevance, higher is better; comparable within one search only.
        snippet (str): Plain text (not HTML) around the first match in the question, else in the answer: the
            matched word between « and », "…" where the text is cut.
    """

    faq: FaqOut
    score: float
    snippet: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        faq = self.faq.to_dict()

        score = self.score

        snippet = self.snippet

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "faq": faq,
                "score": score,
                "snippet": snippet,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.faq_out import FaqOut  # noqa: PLC0415

        d = dict(src_dict)
        faq = FaqOut.from_dict(d.pop("faq"))

        score = d.pop("score")

        snippet = d.pop("snippet")

        faq_hit_out = cls(
            faq=faq,
            score=score,
            snippet=snippet,
        )

        faq_hit_out.additional_properties = d
        return faq_hit_out

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
