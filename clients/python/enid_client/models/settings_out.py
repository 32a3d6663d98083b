from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.provider_name import ProviderName
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.link_out import LinkOut


T = TypeVar("T", bound="SettingsOut")


@_attrs_define
class SettingsOut:
    """The store's assistant settings.

    Example:
        {'persona': 'Eres Enid, la asesora de ventas de la tienda: amable, breve y siempre en español.', 'rules':
            ['Responde siempre en español.', 'No prometas descuentos que no estén publicados.'], 'links': [{'title':
            'Escríbenos por WhatsApp', 'url': 'https://wa.me/528112345678'}], 'provider': 'gemini', 'model':
            'gemini-2.5-flash', 'history_turns': 12}

    Attributes:
        persona (str):
        rules (list[str]):
        links (list[LinkOut]):
        history_turns (int): Earlier turns a model is given, 1–50.
        provider (None | ProviderName | Unset): null: the server's default.
        model (None | str | Unset): null: the provider's default model.
    """

    persona: str
    rules: list[str]
    links: list[LinkOut]
    history_turns: int
    provider: None | ProviderName | Unset = UNSET
    model: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        persona = self.persona

        rules = self.rules

        links = []
        for links_item_data in self.links:
            links_item = links_item_data.to_dict()
            links.append(links_item)

        history_turns = self.history_turns

        provider: None | str | Unset
        if isinstance(self.provider, Unset):
            provider = UNSET
        elif isinstance(self.provider, ProviderName):
            provider = self.provider.value
        else:
            provider = self.provider

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "persona": persona,
                "rules": rules,
                "links": links,
                "history_turns": history_turns,
            }
        )
        if provider is not UNSET:
            field_dict["provider"] = provider
        if model is not UNSET:
            field_dict["model"] = model

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.link_out import LinkOut  # noqa: PLC0415

        d = dict(src_dict)
        persona = d.pop("persona")

        rules = cast(list[str], d.pop("rules"))

        links = []
        _links = d.pop("links")
        for links_item_data in _links:
            links_item = LinkOut.from_dict(links_item_data)

            links.append(links_item)

        history_turns = d.pop("history_turns")

        def _parse_provider(data: object) -> None | ProviderName | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                provider_type_0 = ProviderName(data)

                return provider_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProviderName | Unset, data)

        provider = _parse_provider(d.pop("provider", UNSET))

        def _parse_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        settings_out = cls(
            persona=persona,
            rules=rules,
            links=links,
            history_turns=history_turns,
            provider=provider,
            model=model,
        )

        settings_out.additional_properties = d
        return settings_out

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
