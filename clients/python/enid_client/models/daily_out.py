from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DailyOut")


@_attrs_define
class DailyOut:
    """Leads created on one day, by their current status.

    Example:
        {'date': '2026-03-14', 'total': 12, 'pending': 12, 'contacted': 12, 'process': 12, 'converted': 12, 'discarded':
            12}

    Attributes:
        date (datetime.date):
        total (int):
        pending (int):
        contacted (int):
        process (int):
        converted (int):
        discarded (int):
    """

    date: datetime.date
    total: int
    pending: int
    contacted: int
    process: int
    converted: int
    discarded: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        total = self.total

        pending = self.pending

        contacted = self.contacted

        process = self.process

        converted = self.converted

        discarded = self.discarded

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "total": total,
                "pending": pending,
                "contacted": contacted,
                "process": process,
                "converted": converted,
                "discarded": discarded,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        total = d.pop("total")

        pending = d.pop("pending")

        contacted = d.pop("contacted")

        process = d.pop("process")

        converted = d.pop("converted")

        discarded = d.pop("discarded")

        daily_out = cls(
            date=date,
            total=total,
            pending=pending,
            contacted=contacted,
            process=process,
            converted=converted,
            discarded=discarded,
        )

        daily_out.additional_properties = d
        return daily_out

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
