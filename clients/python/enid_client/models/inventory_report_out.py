from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.low_stock_product_out import LowStockProductOut
    from ..models.product_activity_out import ProductActivityOut
    from ..models.product_activity_page import ProductActivityPage
    from ..models.warehouse_units_out import WarehouseUnitsOut


T = TypeVar("T", bound="InventoryReportOut")


@_attrs_define
class InventoryReportOut:
    """The inventory report.

    Example:
        {'days': 12, 'since': '2026-03-14T16:20:00Z', 'products': {'count': 12, 'next': None, 'previous': None,
            'results': [{'product_id': 1042, 'in': 12, 'out': 12, 'adjusted': 12, 'net': 12, 'total': 12}]}, 'top_movers':
            [{'product_id': 1042, 'in': 12, 'out': 12, 'adjusted': 12, 'net': 12, 'total': 12}], 'low_stock':
            [{'product_id': 1042, 'total': 12, 'min_stock': 12, 'max_stock': 12}], 'low_stock_count': 12, 'warehouses':
            [{'warehouse_id': 3, 'name': 'Bodega Centro', 'is_active': True, 'units': 12, 'products': 12}]}

    Attributes:
        days (int):
        since (datetime.datetime): Start of the window.
        products (ProductActivityPage):  Example: {'count': 12, 'next': None, 'previous': None, 'results':
            [{'product_id': 1042, 'in': 12, 'out': 12, 'adjusted': 12, 'net': 12, 'total': 12}]}.
        top_movers (list[ProductActivityOut]): The ten products that received plus shipped the most units in the window.
        low_stock (list[LowStockProductOut]): Products below their minimum, furthest below first (at most 100).
        low_stock_count (int): Number of products below their minimum.
        warehouses (list[WarehouseUnitsOut]): Units held by each warehouse now.
    """

    days: int
    since: datetime.datetime
    products: ProductActivityPage
    top_movers: list[ProductActivityOut]
    low_stock: list[LowStockProductOut]
    low_stock_count: int
    warehouses: list[WarehouseUnitsOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        days = self.days

        since = self.since.isoformat()

        products = self.products.to_dict()

        top_movers = []
        for top_movers_item_data in self.top_movers:
            top_movers_item = top_movers_item_data.to_dict()
            top_movers.append(top_movers_item)

        low_stock = []
        for low_stock_item_data in self.low_stock:
            low_stock_item = low_stock_item_data.to_dict()
            low_stock.append(low_stock_item)

        low_stock_count = self.low_stock_count

        warehouses = []
        for warehouses_item_data in self.warehouses:
            warehouses_item = warehouses_item_data.to_dict()
            warehouses.append(warehouses_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "days": days,
                "since": since,
                "products": products,
                "top_movers": top_movers,
                "low_stock": low_stock,
                "low_stock_count": low_stock_count,
                "warehouses": warehouses,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.low_stock_product_out import LowStockProductOut  # noqa: PLC0415
        from ..models.product_activity_out import ProductActivityOut  # noqa: PLC0415
        from ..models.product_activity_page import ProductActivityPage  # noqa: PLC0415
        from ..models.warehouse_units_out import WarehouseUnitsOut  # noqa: PLC0415

        d = dict(src_dict)
        days = d.pop("days")

        since = datetime.datetime.fromisoformat(d.pop("since"))

        products = ProductActivityPage.from_dict(d.pop("products"))

        top_movers = []
        _top_movers = d.pop("top_movers")
        for top_movers_item_data in _top_movers:
            top_movers_item = ProductActivityOut.from_dict(top_movers_item_data)

            top_movers.append(top_movers_item)

        low_stock = []
        _low_stock = d.pop("low_stock")
        for low_stock_item_data in _low_stock:
            low_stock_item = LowStockProductOut.from_dict(low_stock_item_data)

            low_stock.append(low_stock_item)

        low_stock_count = d.pop("low_stock_count")

        warehouses = []
        _warehouses = d.pop("warehouses")
        for warehouses_item_data in _warehouses:
            warehouses_item = WarehouseUnitsOut.from_dict(warehouses_item_data)

            warehouses.append(warehouses_item)

        inventory_report_out = cls(
            days=days,
            since=since,
            products=products,
            top_movers=top_movers,
            low_stock=low_stock,
            low_stock_count=low_stock_count,
            warehouses=warehouses,
        )

        inventory_report_out.additional_properties = d
        return inventory_report_out

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
