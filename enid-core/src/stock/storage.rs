use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{
    ImportedMovement, LevelFilter, Movement, MovementFilter, NewMovement, NewTransfer,
    NewWarehouse, ProductId, ProductStock, Recorded, StockLevel, StockReport, Thresholds, Transfer,
    VerifyReport, Warehouse, WarehouseChanges, WarehouseId,
};
use crate::error::Result;
use crate::pagination::{Page, PageRequest};
use crate::stores::StoreId;

/// Warehouses, the stock ledger and levels of a store. Each method is atomic in the backend, and
/// every query is limited to `store`.
#[async_trait]
pub trait StockStore: Send + Sync {
    /// A taken name key in the store is a 409 `warehouse_name_taken`.
    async fn create_warehouse(
        &self,
        store: StoreId,
        warehouse: &NewWarehouse,
        now: DateTime<Utc>,
    ) -> Result<Warehouse>;

    async fn warehouse(&self, store: StoreId, id: WarehouseId) -> Result<Option<Warehouse>>;

    /// Ordered by id; `is_active` filters when given.
    async fn list_warehouses(
        &self,
        store: StoreId,
        is_active: Option<bool>,
        page: PageRequest,
    ) -> Result<Page<Warehouse>>;

    /// `None` when there is no such warehouse in the store; a taken name is a 409.
    async fn update_warehouse(
        &self,
        store: StoreId,
        id: WarehouseId,
        changes: &WarehouseChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Warehouse>>;

    /// Deletes a warehouse that never had a movement (409 `warehouse_in_use` otherwise);
    /// `false` when there is no such warehouse.
    async fn delete_warehouse(&self, store: StoreId, id: WarehouseId) -> Result<bool>;

    /// In one transaction: appends the ledger row and changes the level. An unknown warehouse is
    /// a 404 `warehouse_not_found`, an inactive one a 409 `warehouse_inactive`, an `out` beyond
    /// the level a 409 `insufficient_stock`; a refused movement writes nothing. With an
    /// idempotency key already used in the store, nothing is written: the same fingerprint
    /// replays the first movement, another is a 409 `idempotency_conflict` (also when two
    /// requests with one key race).
    async fn record_movement(
        &self,
        store: StoreId,
        movement: &NewMovement,
        now: DateTime<Utc>,
    ) -> Result<Recorded<Movement>>;

    /// As [`Self::record_movement`], for both rows of a transfer and both levels at once.
    async fn record_transfer(
        &self,
        store: StoreId,
        transfer: &NewTransfer,
        now: DateTime<Utc>,
    ) -> Result<Recorded<Transfer>>;

    /// The ledger, newest first.
    async fn list_movements(
        &self,
        store: StoreId,
        filter: &MovementFilter,
        page: PageRequest,
    ) -> Result<Page<Movement>>;

    /// Levels ordered by product and warehouse.
    async fn list_levels(
        &self,
        store: StoreId,
        filter: &LevelFilter,
        page: PageRequest,
    ) -> Result<Page<StockLevel>>;

    /// The product's levels in every warehouse that has one (by warehouse id), its total and
    /// thresholds; zeros and no thresholds for a product the store never stocked.
    async fn product_stock(&self, store: StoreId, product: ProductId) -> Result<ProductStock>;

    /// Replaces the product's thresholds.
    async fn set_thresholds(
        &self,
        store: StoreId,
        product: ProductId,
        thresholds: Thresholds,
        now: DateTime<Utc>,
    ) -> Result<()>;

    /// The product's units in one warehouse, or in all; in one query. `None` when the warehouse
    /// is not in the store.
    async fn stock_quantity(
        &self,
        store: StoreId,
        product: ProductId,
        warehouse: Option<WarehouseId>,
    ) -> Result<Option<i64>>;

    /// Every stocked product's total, by product id; in one query.
    async fn stock_totals(&self, store: StoreId) -> Result<Vec<(ProductId, i64)>>;

    /// The report since `since`, aggregated by the database; `page` pages its per-product list.
    async fn stock_report(
        &self,
        store: StoreId,
        since: DateTime<Utc>,
        page: PageRequest,
    ) -> Result<StockReport>;

    /// Recomputes every level (of one store, or all) from the ledger and lists the differences.
    async fn verify_levels(&self, store: Option<StoreId>) -> Result<VerifyReport>;

    /// Appends historical ledger rows (oldest first, `level_after` already computed) and sets the
    /// levels they end on, in one transaction. For seeding; the rows must continue the levels
    /// already stored.
    async fn import_movements(
        &self,
        store: StoreId,
        movements: &[ImportedMovement],
        levels: &[(ProductId, WarehouseId, i64)],
        now: DateTime<Utc>,
    ) -> Result<()>;
}
