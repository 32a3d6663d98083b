from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.lead_out import LeadOut


T = TypeVar("T", bound="LeadSearchOut")


@_attrs_define
class LeadSearchOut:
    """Search results, best first.

    Example:
        {'count': 12, 'results': [{'id': 42, 'name': 'Lucía Hernández Ramos', 'email': 'lucia.hernandez@gmail.com',
            'phone_number': '+52 81 1234 5678', 'lead_type': 2, 'lead_type_name': 'Mayoreo', 'status': 'pending',
            'status_display': 'Pendiente', 'tryet': 1, 'products_interest': [1042, 1187], 'created_at':
            '2026-03-14T16:20:00Z', 'updated_at': '2026-03-14T16:20:00Z', 'converted_at': None}]}

    Attributes:
        count (int): Number of results returned (at most `limit`).
        results (list[LeadOut]):
    """

    count: int
    results: list[LeadOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "results": results,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.lead_out import LeadOut  # noqa: PLC0415

        d = dict(src_dict)
        count = d.pop("count")

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = LeadOut.from_dict(results_item_data)

            results.append(results_item)

        lead_search_out = cls(
            count=count,
            results=results,
        )

        lead_search_out.additional_properties = d
        return lead_search_out

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
