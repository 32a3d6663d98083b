from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lead_status_name import LeadStatusName

T = TypeVar("T", bound="StatusCountOut")


@_attrs_define
class StatusCountOut:
    """The leads in one status.

    Example:
        {'status': 'pending', 'status_display': 'Pendiente', 'count': 12, 'percentage': 37.5}

    Attributes:
        status (LeadStatusName): Where a lead is in the sales pipeline. Example: pending.
        status_display (str): The status's Spanish label.
        count (int):
        percentage (float): Share of all leads, rounded to 2 decimals.
    """

    status: LeadStatusName
    status_display: str
    count: int
    percentage: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        status_display = self.status_display

        count = self.count

        percentage = self.percentage

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "status_display": status_display,
                "count": count,
                "percentage": percentage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = LeadStatusName(d.pop("status"))

        status_display = d.pop("status_display")

        count = d.pop("count")

        percentage = d.pop("percentage")

        status_count_out = cls(
            status=status,
            status_display=status_display,
            count=count,
            percentage=percentage,
        )

        status_count_out.additional_properties = d
        return status_count_out

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
