from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.status_count_out import StatusCountOut


T = TypeVar("T", bound="FunnelOut")


@_attrs_define
class FunnelOut:
    """
    Example:
        {'total_leads': 12, 'conversion_rate': 37.5, 'stages': [{'status': 'pending', 'status_display': 'Pendiente',
            'count': 12, 'percentage': 37.5}]}

    Attributes:
        total_leads (int):
        conversion_rate (float): Converted leads / all leads × 100, rounded to 2 decimals.
        stages (list[StatusCountOut]): Every status in pipeline order.
    """

    total_leads: int
    conversion_rate: float
    stages: list[StatusCountOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_leads = self.total_leads

        conversion_rate = self.conversion_rate

        stages = []
        for stages_item_data in self.stages:
            stages_item = stages_item_data.to_dict()
            stages.append(stages_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_leads": total_leads,
                "conversion_rate": conversion_rate,
                "stages": stages,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.status_count_out import StatusCountOut  # noqa: PLC0415

        d = dict(src_dict)
        total_leads = d.pop("total_leads")

        conversion_rate = d.pop("conversion_rate")

        stages = []
        _stages = d.pop("stages")
        for stages_item_data in _stages:
            stages_item = StatusCountOut.from_dict(stages_item_data)

            stages.append(stages_item)

        funnel_out = cls(
            total_leads=total_leads,
            conversion_rate=conversion_rate,
            stages=stages,
        )

        funnel_out.additional_properties = d
        return funnel_out

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
