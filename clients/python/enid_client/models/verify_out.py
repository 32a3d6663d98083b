from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.level_mismatch_out import LevelMismatchOut


T = TypeVar("T", bound="VerifyOut")


@_attrs_define
class VerifyOut:
    """What the ledger check looked at and found.

    Example:
        {'levels_checked': 12, 'movements_checked': 12, 'mismatches': [{'product_id': 1042, 'warehouse_id': 3, 'level':
            12, 'ledger': 12}]}

    Attributes:
        levels_checked (int):
        movements_checked (int):
        mismatches (list[LevelMismatchOut]): Empty when every level equals the sum of its ledger.
    """

    levels_checked: int
    movements_checked: int
    mismatches: list[LevelMismatchOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        levels_checked = self.levels_checked

        movements_checked = self.movements_checked

        mismatches = []
        for mismatches_item_data in self.mismatches:
            mismatches_item = mismatches_item_data.to_dict()
            mismatches.append(mismatches_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "levels_checked": levels_checked,
                "movements_checked": movements_checked,
                "mismatches": mismatches,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.level_mismatch_out import LevelMismatchOut  # noqa: PLC0415

        d = dict(src_dict)
        levels_checked = d.pop("levels_checked")

        movements_checked = d.pop("movements_checked")

        mismatches = []
        _mismatches = d.pop("mismatches")
        for mismatches_item_data in _mismatches:
            mismatches_item = LevelMismatchOut.from_dict(mismatches_item_data)

            mismatches.append(mismatches_item)

        verify_out = cls(
            levels_checked=levels_checked,
            movements_checked=movements_checked,
            mismatches=mismatches,
        )

        verify_out.additional_properties = d
        return verify_out

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
