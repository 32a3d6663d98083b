use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Header, Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi};
use uuid::Uuid;

use enid_core::Enid;
use enid_core::pagination::PageRequest;
use enid_core::stock::{
    LevelFilter, LevelMismatch, LowStockItem, Movement, MovementFilterInput, MovementInput,
    MovementType, ProductActivity, ProductStock, StockLevel, ThresholdChanges, Transfer,
    TransferInput, VerifyReport, Warehouse, WarehouseInput, WarehousePatch as CoreWarehousePatch,
    WarehouseUnits,
};

use super::{EnumText, StoreHeader, Tag, Text, wire_name};
use crate::context::{BearerAuth, request_store};
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::pagination::paginated;

pub struct InventoryApi;

/// `Idempotency-Key`: a client-chosen key (e.g. a UUID) that makes a retry safe.
type IdempotencyHeader = Header<Option<String>>;

/// A warehouse of the store.
#[derive(Debug, Object)]
pub struct WarehouseOut {
    id: i64,
    /// Unique in the store, ignoring case and accents.
    name: String,
    address: String,
    /// Inactive warehouses keep their stock and history but take no movements.
    is_active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<Warehouse> for WarehouseOut {
    fn from(w: Warehouse) -> Self {
        Self {
            id: w.id,
            name: w.name,
            address: w.address,
            is_active: w.is_active,
            created_at: w.created_at,
            updated_at: w.updated_at,
        }
    }
}

paginated!(WarehousePage, WarehouseOut);

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct WarehouseIn {
    /// 1–100 characters.
    name: Text,
    /// Up to 255 characters.
    address: Option<Text>,
    /// Defaults to true.
    is_active: Option<bool>,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct WarehousePatch {
    name: Option<Text>,
    address: Option<Text>,
    is_active: Option<bool>,
}

/// What a ledger row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "lowercase")]
enum MovementTypeName {
    In,
    Out,
    Adjust,
    Transfer,
}

impl From<MovementType> for MovementTypeName {
    fn from(t: MovementType) -> Self {
        match t {
            MovementType::In => Self::In,
            MovementType::Out => Self::Out,
            MovementType::Adjust => Self::Adjust,
            MovementType::Transfer => Self::Transfer,
        }
    }
}

/// One row of the append-only stock ledger.
#[derive(Debug, Object)]
pub struct MovementOut {
    id: i64,
    product_id: i64,
    warehouse_id: i64,
    movement_type: MovementTypeName,
    /// The signed change of the warehouse's level: positive in, negative out; for `adjust`, the
    /// difference the count made.
    quantity: i64,
    /// The warehouse's level of the product right after this movement.
    level_after: i64,
    reference: Option<String>,
    note: Option<String>,
    /// Shared by the two rows of a transfer.
    transfer_id: Option<Uuid>,
    /// The user who recorded it.
    created_by: Option<i64>,
    created_at: DateTime<Utc>,
}

impl From<Movement> for MovementOut {
    fn from(m: Movement) -> Self {
        Self {
            id: m.id,
            product_id: m.product_id,
            warehouse_id: m.warehouse_id,
            movement_type: m.movement_type.into(),
            quantity: m.quantity,
            level_after: m.level_after,
            reference: m.reference,
            note: m.note,
            transfer_id: m.transfer_id,
            created_by: m.created_by,
            created_at: m.created_at,
        }
    }
}

paginated!(MovementPage, MovementOut);

/// What one movement of one warehouse does (transfers have an operation of their own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "lowercase")]
enum RecordedMovementTypeName {
    /// Units received.
    In,
    /// Units shipped.
    Out,
    /// A count that sets the level.
    Adjust,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct MovementIn {
    /// The shop's product id (positive).
    product_id: i64,
    warehouse_id: i64,
    movement_type: EnumText<RecordedMovementTypeName>,
    /// Units to receive or ship (1–10,000,000); for `adjust`, the new absolute level (0–10,000,000).
    quantity: i64,
    /// E.g. an order or purchase number; up to 100 characters.
    reference: Option<Text>,
    /// Up to 1000 characters.
    note: Option<Text>,
}

/// A recorded movement and the level it left.
#[derive(Debug, Object)]
struct MovementRecorded {
    movement: MovementOut,
    /// The warehouse's level of the product after the movement.
    level: i64,
}

impl From<Movement> for MovementRecorded {
    fn from(movement: Movement) -> Self {
        Self {
            level: movement.level_after,
            movement: movement.into(),
        }
    }
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct TransferIn {
    product_id: i64,
    from_warehouse_id: i64,
    to_warehouse_id: i64,
    /// Units to move (1–10,000,000).
    quantity: i64,
    reference: Option<Text>,
    note: Option<Text>,
}

/// A recorded transfer: the ledger row and level of each side.
#[derive(Debug, Object)]
struct TransferRecorded {
    transfer_id: Uuid,
    product_id: i64,
    quantity: i64,
    from: MovementRecorded,
    to: MovementRecorded,
}

impl From<Transfer> for TransferRecorded {
    fn from(t: Transfer) -> Self {
        Self {
            transfer_id: t.from.transfer_id.unwrap_or_default(),
            product_id: t.from.product_id,
            quantity: t.to.quantity,
            from: t.from.into(),
            to: t.to.into(),
        }
    }
}

/// The units of one product in one warehouse.
#[derive(Debug, Object)]
pub struct StockLevelOut {
    product_id: i64,
    warehouse_id: i64,
    quantity: i64,
    updated_at: DateTime<Utc>,
}

impl From<StockLevel> for StockLevelOut {
    fn from(l: StockLevel) -> Self {
        Self {
            product_id: l.product_id,
            warehouse_id: l.warehouse_id,
            quantity: l.quantity,
            updated_at: l.updated_at,
        }
    }
}

paginated!(StockLevelPage, StockLevelOut);

/// A product's units in one warehouse.
#[derive(Debug, Object)]
struct WarehouseStockOut {
    warehouse_id: i64,
    warehouse_name: String,
    quantity: i64,
}

/// A product across the store's warehouses.
#[derive(Debug, Object)]
struct ProductStockOut {
    product_id: i64,
    total: i64,
    by_warehouse: Vec<WarehouseStockOut>,
    min_stock: Option<i64>,
    max_stock: Option<i64>,
    /// A minimum is set and the total is below it.
    low_stock: bool,
}

impl From<ProductStock> for ProductStockOut {
    fn from(p: ProductStock) -> Self {
        Self {
            low_stock: p.low_stock(),
            product_id: p.product_id,
            total: p.total,
            min_stock: p.thresholds.min_stock,
            max_stock: p.thresholds.max_stock,
            by_warehouse: p
                .by_warehouse
                .into_iter()
                .map(|w| WarehouseStockOut {
                    warehouse_id: w.warehouse_id,
                    warehouse_name: w.warehouse_name,
                    quantity: w.quantity,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct ThresholdsPatch {
    /// 0–10,000,000, or null to clear; below it the product is low on stock.
    min_stock: MaybeUndefined<i64>,
    /// 0–10,000,000, or null to clear; not below `min_stock`.
    max_stock: MaybeUndefined<i64>,
}

fn change(value: MaybeUndefined<i64>) -> Option<Option<i64>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

/// A product's units, in one warehouse or in all.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
struct StockQuantityOut {
    product_id: i64,
    /// Present when the request named a warehouse.
    warehouse_id: Option<i64>,
    quantity: i64,
}

/// A product's movements in the report's window.
#[derive(Debug, Object)]
pub struct ProductActivityOut {
    product_id: i64,
    /// Units received.
    #[oai(rename = "in")]
    units_in: i64,
    /// Units shipped.
    #[oai(rename = "out")]
    units_out: i64,
    /// Net change made by adjustments.
    adjusted: i64,
    /// Net change of the product's total in the window (transfers cancel out).
    net: i64,
    /// The product's current total.
    total: i64,
}

impl From<ProductActivity> for ProductActivityOut {
    fn from(a: ProductActivity) -> Self {
        Self {
            product_id: a.product_id,
            units_in: a.units_in,
            units_out: a.units_out,
            adjusted: a.adjusted,
            net: a.net,
            total: a.total,
        }
    }
}

paginated!(ProductActivityPage, ProductActivityOut);

/// A product below its minimum.
#[derive(Debug, Object)]
struct LowStockProductOut {
    product_id: i64,
    total: i64,
    min_stock: i64,
    max_stock: Option<i64>,
}

impl From<LowStockItem> for LowStockProductOut {
    fn from(l: LowStockItem) -> Self {
        Self {
            product_id: l.product_id,
            total: l.total,
            min_stock: l.min_stock,
            max_stock: l.max_stock,
        }
    }
}

/// The units a warehouse holds now.
#[derive(Debug, Object)]
struct WarehouseUnitsOut {
    warehouse_id: i64,
    name: String,
    is_active: bool,
    units: i64,
    /// Products with units in it.
    products: i64,
}

impl From<WarehouseUnits> for WarehouseUnitsOut {
    fn from(w: WarehouseUnits) -> Self {
        Self {
            warehouse_id: w.warehouse_id,
            name: w.name,
            is_active: w.is_active,
            units: w.units,
            products: w.products,
        }
    }
}

/// A level that differs from the sum of its ledger.
#[derive(Debug, Object)]
struct LevelMismatchOut {
    product_id: i64,
    warehouse_id: i64,
    /// The stored level (0 when the row is missing).
    level: i64,
    /// The sum of the ledger.
    ledger: i64,
}

/// What the ledger check looked at and found.
#[derive(Debug, Object)]
struct VerifyOut {
    levels_checked: i64,
    movements_checked: i64,
    /// Empty when every level equals the sum of its ledger.
    mismatches: Vec<LevelMismatchOut>,
}

impl From<VerifyReport> for VerifyOut {
    fn from(report: VerifyReport) -> Self {
        Self {
            levels_checked: report.levels_checked,
            movements_checked: report.movements_checked,
            mismatches: report
                .mismatches
                .into_iter()
                .map(|m: LevelMismatch| LevelMismatchOut {
                    product_id: m.product_id,
                    warehouse_id: m.warehouse_id,
                    level: m.level,
                    ledger: m.ledger,
                })
                .collect(),
        }
    }
}

/// The inventory report.
#[derive(Debug, Object)]
struct InventoryReportOut {
    days: i64,
    /// Start of the window.
    since: DateTime<Utc>,
    /// Products with movements in the window, by product id (paged with `page`/`page_size`).
    products: ProductActivityPage,
    /// The ten products that received plus shipped the most units in the window.
    top_movers: Vec<ProductActivityOut>,
    /// Products below their minimum, furthest below first (at most 100).
    low_stock: Vec<LowStockProductOut>,
    /// Number of products below their minimum.
    low_stock_count: i64,
    /// Units held by each warehouse now.
    warehouses: Vec<WarehouseUnitsOut>,
}

#[derive(ApiResponse)]
enum WarehouseListResponse {
    /// A page of the store's warehouses, by id.
    #[oai(status = 200)]
    Ok(Json<WarehousePage>),
}

#[derive(ApiResponse)]
enum WarehouseCreatedResponse {
    /// The warehouse was created.
    #[oai(status = 201)]
    Created(Json<WarehouseOut>),
}

#[derive(ApiResponse)]
enum WarehouseResponse {
    /// The warehouse.
    #[oai(status = 200)]
    Ok(Json<WarehouseOut>),
}

#[derive(ApiResponse)]
enum WarehouseDeletedResponse {
    /// Deleted.
    #[oai(status = 204)]
    NoContent,
}

#[derive(ApiResponse)]
enum MovementListResponse {
    /// A page of the ledger, newest first.
    #[oai(status = 200)]
    Ok(Json<MovementPage>),
}

#[derive(ApiResponse)]
enum MovementCreatedResponse {
    /// The movement was recorded — or, with `Idempotent-Replayed: true`, an earlier request with
    /// the same `Idempotency-Key` and body had recorded it and nothing new was written.
    #[oai(status = 201)]
    Created(
        Json<MovementRecorded>,
        /// `true` when this is the stored result of an earlier request.
        #[oai(header = "Idempotent-Replayed")]
        Option<String>,
    ),
}

#[derive(ApiResponse)]
enum TransferCreatedResponse {
    /// The transfer was recorded (or replayed, as for movements).
    #[oai(status = 201)]
    Created(
        Json<TransferRecorded>,
        /// `true` when this is the stored result of an earlier request.
        #[oai(header = "Idempotent-Replayed")]
        Option<String>,
    ),
}

#[derive(ApiResponse)]
enum StockLevelListResponse {
    /// A page of levels, by product and warehouse.
    #[oai(status = 200)]
    Ok(Json<StockLevelPage>),
}

#[derive(ApiResponse)]
enum ProductStockResponse {
    /// The product's stock and thresholds.
    #[oai(status = 200)]
    Ok(Json<ProductStockOut>),
}

#[derive(ApiResponse)]
enum StockQuantityResponse {
    /// The product's units.
    #[oai(status = 200)]
    Ok(Json<StockQuantityOut>),
}

#[derive(ApiResponse)]
enum StockListResponse {
    /// Each stocked product's total units, keyed by product id.
    #[oai(status = 200)]
    Ok(Json<BTreeMap<String, i64>>),
}

#[derive(ApiResponse)]
enum VerifyResponse {
    /// The check's result.
    #[oai(status = 200)]
    Ok(Json<VerifyOut>),
}

#[derive(ApiResponse)]
enum InventoryReportResponse {
    /// The report.
    #[oai(status = 200)]
    Ok(Json<InventoryReportOut>),
}

fn replayed(flag: bool) -> Option<String> {
    flag.then(|| "true".to_owned())
}

#[OpenApi(tag = "Tag::Inventory")]
impl InventoryApi {
    /// List warehouses
    ///
    /// The store's warehouses by id; `is_active` filters. Staff.
    #[oai(
        path = "/warehouses/",
        method = "get",
        operation_id = "list_warehouses"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn list_warehouses(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// Only active (true) or inactive (false) warehouses.
        is_active: Query<Option<bool>>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<WarehouseListResponse> {
        let store = request_store(&enid, store.0).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let warehouses = enid
            .stock()
            .list_warehouses(&auth.0, store.id, is_active.0, page_request)
            .await?;
        Ok(WarehouseListResponse::Ok(Json(WarehousePage::new(
            req,
            warehouses,
            WarehouseOut::from,
        ))))
    }

    /// Create a warehouse
    ///
    /// The name is unique in the store, ignoring case and accents (409
    /// `warehouse_name_taken`). Staff.
    #[oai(
        path = "/warehouses/",
        method = "post",
        operation_id = "create_warehouse"
    )]
    async fn create_warehouse(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<WarehouseIn>,
    ) -> ApiResult<WarehouseCreatedResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let warehouse = enid
            .stock()
            .create_warehouse(
                &auth.0,
                store.id,
                WarehouseInput {
                    name: body.name.0,
                    address: body.address.map(String::from),
                    is_active: body.is_active,
                },
            )
            .await?;
        Ok(WarehouseCreatedResponse::Created(Json(warehouse.into())))
    }

    /// Get a warehouse
    ///
    /// One warehouse of the store. Staff.
    #[oai(
        path = "/warehouses/:id/",
        method = "get",
        operation_id = "get_warehouse"
    )]
    async fn get_warehouse(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The warehouse's id.
        id: Path<i64>,
    ) -> ApiResult<WarehouseResponse> {
        let store = request_store(&enid, store.0).await?;
        let warehouse = enid.stock().warehouse(&auth.0, store.id, id.0).await?;
        Ok(WarehouseResponse::Ok(Json(warehouse.into())))
    }

    /// Update a warehouse
    ///
    /// Rename, change the address, activate or deactivate. Staff.
    #[oai(
        path = "/warehouses/:id/",
        method = "patch",
        operation_id = "update_warehouse"
    )]
    async fn update_warehouse(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The warehouse's id.
        id: Path<i64>,
        body: JsonBody<WarehousePatch>,
    ) -> ApiResult<WarehouseResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let warehouse = enid
            .stock()
            .update_warehouse(
                &auth.0,
                store.id,
                id.0,
                CoreWarehousePatch {
                    name: body.name.map(String::from),
                    address: body.address.map(String::from),
                    is_active: body.is_active,
                },
            )
            .await?;
        Ok(WarehouseResponse::Ok(Json(warehouse.into())))
    }

    /// Delete a warehouse
    ///
    /// Only a warehouse that never had a movement; otherwise 409 `warehouse_in_use` (deactivate
    /// it instead). Staff.
    #[oai(
        path = "/warehouses/:id/",
        method = "delete",
        operation_id = "delete_warehouse"
    )]
    async fn delete_warehouse(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The warehouse's id.
        id: Path<i64>,
    ) -> ApiResult<WarehouseDeletedResponse> {
        let store = request_store(&enid, store.0).await?;
        enid.stock()
            .delete_warehouse(&auth.0, store.id, id.0)
            .await?;
        Ok(WarehouseDeletedResponse::NoContent)
    }

    /// List movements
    ///
    /// The stock ledger, newest first. Filters: `product_id`, `warehouse_id`, `movement_type`
    /// (`in`, `out`, `adjust`, `transfer`), `since` and `until` (RFC 3339, inclusive). Staff.
    #[oai(path = "/movements/", method = "get", operation_id = "list_movements")]
    #[allow(clippy::too_many_arguments)]
    async fn list_movements(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// Only movements of this product.
        product_id: Query<Option<i64>>,
        /// Only movements of this warehouse (either side of a transfer).
        warehouse_id: Query<Option<i64>>,
        /// Only movements of this type.
        movement_type: Query<Option<MovementTypeName>>,
        /// Only movements made at or after this instant.
        since: Query<Option<DateTime<Utc>>>,
        /// Only movements made at or before this instant.
        until: Query<Option<DateTime<Utc>>>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<MovementListResponse> {
        let store = request_store(&enid, store.0).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let movements = enid
            .stock()
            .movements(
                &auth.0,
                store.id,
                MovementFilterInput {
                    product_id: product_id.0,
                    warehouse_id: warehouse_id.0,
                    movement_type: movement_type.0.map(wire_name),
                    since: since.0,
                    until: until.0,
                },
                page_request,
            )
            .await?;
        Ok(MovementListResponse::Ok(Json(MovementPage::new(
            req,
            movements,
            MovementOut::from,
        ))))
    }

    /// Record a movement
    ///
    /// `in` adds units, `out` takes them (409 `insufficient_stock` beyond the level, and nothing
    /// is written), `adjust` sets the level and records the difference. The ledger row and the
    /// level change in one transaction; the answer carries the level after it. Unknown warehouse
    /// 404, inactive warehouse 409. With an `Idempotency-Key`, a retry with the same body returns
    /// the first result without a second movement; the same key with another body is a 409
    /// `idempotency_conflict`. Staff.
    #[oai(
        path = "/movements/",
        method = "post",
        operation_id = "create_movement"
    )]
    async fn create_movement(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        #[oai(name = "Idempotency-Key")] idempotency_key: IdempotencyHeader,
        body: JsonBody<MovementIn>,
    ) -> ApiResult<MovementCreatedResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let recorded = enid
            .stock()
            .record_movement(
                &auth.0,
                store.id,
                MovementInput {
                    product_id: body.product_id,
                    warehouse_id: body.warehouse_id,
                    movement_type: body.movement_type.0,
                    quantity: body.quantity,
                    reference: body.reference.map(String::from),
                    note: body.note.map(String::from),
                    idempotency_key: idempotency_key.0,
                },
            )
            .await?;
        Ok(MovementCreatedResponse::Created(
            Json(recorded.value.into()),
            replayed(recorded.replayed),
        ))
    }

    /// Transfer stock
    ///
    /// Moves units of a product between two warehouses of the store: both ledger rows (type
    /// `transfer`, sharing a `transfer_id`) and both levels in one transaction. 409
    /// `insufficient_stock` when the source has fewer units. `Idempotency-Key` as for movements.
    /// Staff.
    #[oai(
        path = "/movements/transfer/",
        method = "post",
        operation_id = "create_transfer"
    )]
    async fn create_transfer(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        #[oai(name = "Idempotency-Key")] idempotency_key: IdempotencyHeader,
        body: JsonBody<TransferIn>,
    ) -> ApiResult<TransferCreatedResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let recorded = enid
            .stock()
            .transfer(
                &auth.0,
                store.id,
                TransferInput {
                    product_id: body.product_id,
                    from_warehouse_id: body.from_warehouse_id,
                    to_warehouse_id: body.to_warehouse_id,
                    quantity: body.quantity,
                    reference: body.reference.map(String::from),
                    note: body.note.map(String::from),
                    idempotency_key: idempotency_key.0,
                },
            )
            .await?;
        Ok(TransferCreatedResponse::Created(
            Json(recorded.value.into()),
            replayed(recorded.replayed),
        ))
    }

    /// Product quantity (compatibility)
    ///
    /// The original service's read: a product's units in one warehouse (`warehouse_id`) or in
    /// all, in one query. Staff.
    #[oai(
        path = "/movements/quantity/",
        method = "get",
        operation_id = "movement_quantity"
    )]
    async fn quantity(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The shop's product id.
        product_id: Query<i64>,
        /// One warehouse's units; all warehouses' when absent.
        warehouse_id: Query<Option<i64>>,
    ) -> ApiResult<StockQuantityResponse> {
        let store = request_store(&enid, store.0).await?;
        let quantity = enid
            .stock()
            .quantity(&auth.0, store.id, product_id.0, warehouse_id.0)
            .await?;
        Ok(StockQuantityResponse::Ok(Json(StockQuantityOut {
            product_id: product_id.0,
            warehouse_id: warehouse_id.0,
            quantity,
        })))
    }

    /// Stock list (compatibility)
    ///
    /// The original service's read: `{"<product_id>": total}` for every stocked product, in one
    /// query. Staff.
    #[oai(
        path = "/movements/stock-list/",
        method = "get",
        operation_id = "stock_list"
    )]
    async fn stock_list(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
    ) -> ApiResult<StockListResponse> {
        let store = request_store(&enid, store.0).await?;
        let totals = enid.stock().totals(&auth.0, store.id).await?;
        Ok(StockListResponse::Ok(Json(
            totals
                .into_iter()
                .map(|(product, total)| (product.to_string(), total))
                .collect(),
        )))
    }

    /// List stock levels
    ///
    /// Levels by product and warehouse. Filters: `product_id`, `warehouse_id`, and `low_stock`
    /// (`true`: only products below their `min_stock`; `false`: only the others). Staff.
    #[oai(path = "/inventory/", method = "get", operation_id = "list_levels")]
    #[allow(clippy::too_many_arguments)]
    async fn list_levels(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// Only this product's levels.
        product_id: Query<Option<i64>>,
        /// Only this warehouse's levels.
        warehouse_id: Query<Option<i64>>,
        /// `true`: only products below their `min_stock`; `false`: only the others.
        low_stock: Query<Option<bool>>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<StockLevelListResponse> {
        let store = request_store(&enid, store.0).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let levels = enid
            .stock()
            .levels(
                &auth.0,
                store.id,
                LevelFilter {
                    product_id: product_id.0,
                    warehouse_id: warehouse_id.0,
                    low_stock: low_stock.0,
                },
                page_request,
            )
            .await?;
        Ok(StockLevelListResponse::Ok(Json(StockLevelPage::new(
            req,
            levels,
            StockLevelOut::from,
        ))))
    }

    /// Inventory report
    ///
    /// Over the last `days` (1–365, default 30): per product with movements, units in, out,
    /// adjusted, net and the current total (paged); the top movers; the products below their
    /// minimum; and the units each warehouse holds. Aggregated by the database. Staff.
    #[oai(
        path = "/inventory/report/",
        method = "get",
        operation_id = "inventory_report"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn report(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The window in days, today included (default 30).
        days: Query<Option<i64>>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<InventoryReportResponse> {
        let store = request_store(&enid, store.0).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let (days, report) = enid
            .stock()
            .report(&auth.0, store.id, days.0, page_request)
            .await?;
        Ok(InventoryReportResponse::Ok(Json(InventoryReportOut {
            days,
            since: report.since,
            products: ProductActivityPage::new(req, report.products, ProductActivityOut::from),
            top_movers: report.top_movers.into_iter().map(Into::into).collect(),
            low_stock: report.low_stock.into_iter().map(Into::into).collect(),
            low_stock_count: report.low_stock_count,
            warehouses: report.warehouses.into_iter().map(Into::into).collect(),
        })))
    }

    /// Verify levels against the ledger
    ///
    /// Recomputes every level of the store from its movements and lists the levels that differ
    /// (what `enid stock verify` checks); reads the whole ledger, so it takes a while on a large
    /// store. Staff.
    #[oai(
        path = "/inventory/verify/",
        method = "get",
        operation_id = "verify_inventory"
    )]
    async fn verify(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
    ) -> ApiResult<VerifyResponse> {
        let store = request_store(&enid, store.0).await?;
        let report = enid.stock().verify_store(&auth.0, store.id).await?;
        Ok(VerifyResponse::Ok(Json(report.into())))
    }

    /// Product stock
    ///
    /// A product's total, its level in each warehouse, its thresholds and whether it is low on
    /// stock. A product the store never stocked has a total of 0. Staff.
    #[oai(
        path = "/inventory/:product_id/",
        method = "get",
        operation_id = "get_product_stock"
    )]
    async fn product(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The shop's product id.
        product_id: Path<i64>,
    ) -> ApiResult<ProductStockResponse> {
        let store = request_store(&enid, store.0).await?;
        let stock = enid
            .stock()
            .product(&auth.0, store.id, product_id.0)
            .await?;
        Ok(ProductStockResponse::Ok(Json(stock.into())))
    }

    /// Set product thresholds
    ///
    /// Sets or clears (`null`) `min_stock` and `max_stock`; an absent field is kept. The minimum
    /// may not exceed the maximum. Staff.
    #[oai(
        path = "/inventory/:product_id/",
        method = "patch",
        operation_id = "update_product_thresholds"
    )]
    async fn set_thresholds(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The shop's product id.
        product_id: Path<i64>,
        body: JsonBody<ThresholdsPatch>,
    ) -> ApiResult<ProductStockResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let stock = enid
            .stock()
            .set_thresholds(
                &auth.0,
                store.id,
                product_id.0,
                ThresholdChanges {
                    min_stock: change(body.min_stock),
                    max_stock: change(body.max_stock),
                },
            )
            .await?;
        Ok(ProductStockResponse::Ok(Json(stock.into())))
    }
}
