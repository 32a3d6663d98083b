from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TypeCountOut")


@_attrs_define
class TypeCountOut:
    """The leads of one type.

    Example:
        {'lead_type_id': 42, 'lead_type': 'Mayoreo', 'count': 12, 'percentage': 37.5}

    Attributes:
        lead_type_id (int):
        lead_type (str): The type's name.
        count (int):
        percentage (float): Share of all leads, rounded to 2 decimals.
    """

    lead_type_id: int
    lead_type: str
    count: int
    percentage: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        lead_type_id = self.lead_type_id

        lead_type = self.lead_type

        count = self.count

        percentage = self.percentage

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "lead_type_id": lead_type_id,
                "lead_type": lead_type,
                "count": count,
                "percentage": percentage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        lead_type_id = d.pop("lead_type_id")

        lead_type = d.pop("lead_type")

        count = d.pop("count")

        percentage = d.pop("percentage")

        type_count_out = cls(
            lead_type_id=lead_type_id,
            lead_type=lead_type,
            count=count,
            percentage=percentage,
        )

        type_count_out.additional_properties = d
        return type_count_out

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
