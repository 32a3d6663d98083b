from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WarehouseUnitsOut")


@_attrs_define
class WarehouseUnitsOut:
    """The units a warehouse holds now.

    Example:
        {'warehouse_id': 3, 'name': 'Bodega Centro', 'is_active': True, 'units': 12, 'products': 12}

    Attributes:
        warehouse_id (int):
        name (str):
        is_active (bool):
        units (int):
        products (int): Products with units in it.
    """

    warehouse_id: int
    name: str
    is_active: bool
    units: int
    products: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        warehouse_id = self.warehouse_id

        name = self.name

        is_active = self.is_active

        units = self.units

        products = self.products

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "warehouse_id": warehouse_id,
                "name": name,
                "is_active": is_active,
                "units": units,
                "products": products,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        warehouse_id = d.pop("warehouse_id")

        name = d.pop("name")

        is_active = d.pop("is_active")

        units = d.pop("units")

        products = d.pop("products")

        warehouse_units_out = cls(
            warehouse_id=warehouse_id,
            name=name,
            is_active=is_active,
            units=units,
            products=products,
        )

        warehouse_units_out.additional_properties = d
        return warehouse_units_out

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
