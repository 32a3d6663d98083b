//! Inventory rules: who may read and move stock, what a valid movement is, and idempotent retries.
//! The atomic parts (ledger row + level, never below zero) are the storage's.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    ADDRESS_MAX_CHARS, Idempotency, LevelFilter, LevelTarget, LowStockItem, Movement,
    MovementFilter, MovementType, NOTE_MAX_CHARS, NewMovement, NewTransfer, NewWarehouse,
    ProductActivity, ProductId, ProductStock, Quantity, REFERENCE_MAX_CHARS, REPORT_MAX_DAYS,
    Recorded, StockChange, StockLevel, StockReport, Thresholds, Transfer, VerifyReport,
    WAREHOUSE_NAME_MAX_CHARS, Warehouse, WarehouseChanges, WarehouseId, WarehouseUnits,
    parse_product_id, parse_threshold, warehouse_name_key,
};
use crate::auth::Principal;
use crate::cache::Revision;
use crate::enid::Enid;
use crate::error::{Error, Result, Validator};
use crate::pagination::{Page, PageRequest};
use crate::stores::{Permission, StoreId};
use crate::text::{clean_line, clean_text};

/// The report's window when the request names none.
pub const DEFAULT_REPORT_DAYS: i64 = 30;

/// How long a computed report is reused while the store's stock does not change.
const REPORT_TTL: StdDuration = StdDuration::from_secs(10);
/// Changes with every write of a store's stock: the report's cache key.
const STOCK_REVISION: Revision = Revision::new("stock");

/// A report as cached: the page's items without the request.
#[derive(Serialize, Deserialize)]
struct CachedReport {
    since: DateTime<Utc>,
    count: i64,
    products: Vec<ProductActivity>,
    top_movers: Vec<ProductActivity>,
    low_stock: Vec<LowStockItem>,
    low_stock_count: i64,
    warehouses: Vec<WarehouseUnits>,
}

impl CachedReport {
    fn from_report(report: StockReport) -> Self {
        Self {
            since: report.since,
            count: report.products.count,
            products: report.products.items,
            top_movers: report.top_movers,
            low_stock: report.low_stock,
            low_stock_count: report.low_stock_count,
            warehouses: report.warehouses,
        }
    }

    fn into_report(self, request: PageRequest) -> StockReport {
        StockReport {
            since: self.since,
            products: Page {
                count: self.count,
                items: self.products,
                request,
            },
            top_movers: self.top_movers,
            low_stock: self.low_stock,
            low_stock_count: self.low_stock_count,
            warehouses: self.warehouses,
        }
    }
}

/// A new warehouse as a client sends it.
#[derive(Debug, Clone, Default)]
pub struct WarehouseInput {
    pub name: String,
    pub address: Option<String>,
    pub is_active: Option<bool>,
}

/// Changes to a warehouse; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct WarehousePatch {
    pub name: Option<String>,
    pub address: Option<String>,
    pub is_active: Option<bool>,
}

/// A movement as a client sends it, with its `Idempotency-Key` header.
#[derive(Debug, Clone, Default)]
pub struct MovementInput {
    pub product_id: i64,
    pub warehouse_id: i64,
    /// `in`, `out` or `adjust` (transfers have their own operation).
    pub movement_type: String,
    /// Units for `in`/`out`; the new absolute level for `adjust`.
    pub quantity: i64,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub idempotency_key: Option<String>,
}

/// A transfer as a client sends it.
#[derive(Debug, Clone, Default)]
pub struct TransferInput {
    pub product_id: i64,
    pub from_warehouse_id: i64,
    pub to_warehouse_id: i64,
    pub quantity: i64,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub idempotency_key: Option<String>,
}

/// Ledger filters as a client sends them.
#[derive(Debug, Clone, Default)]
pub struct MovementFilterInput {
    pub product_id: Option<i64>,
    pub warehouse_id: Option<i64>,
    pub movement_type: Option<String>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// Threshold changes: `None` keeps a threshold, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct ThresholdChanges {
    pub min_stock: Option<Option<i64>>,
    pub max_stock: Option<Option<i64>>,
}

pub struct StockService<'a> {
    pub(super) enid: &'a Enid,
}

fn warehouse_not_found() -> Error {
    Error::not_found("warehouse_not_found", "No such warehouse in this store.")
}

/// An optional single line: blank means absent.
fn optional_line(field: &str, value: Option<String>, max: usize) -> Result<Option<String>> {
    match value {
        Some(text) if !text.trim().is_empty() => clean_line(field, &text, max).map(Some),
        _ => Ok(None),
    }
}

/// An optional free text that may span lines; blank means absent.
fn optional_note(field: &str, value: Option<String>) -> Result<Option<String>> {
    let Some(text) = value else { return Ok(None) };
    let text = clean_text(field, &text, NOTE_MAX_CHARS)?;
    Ok((!text.is_empty()).then_some(text))
}

fn address(value: Option<String>) -> Result<String> {
    optional_line("address", value, ADDRESS_MAX_CHARS).map(Option::unwrap_or_default)
}

impl<'a> StockService<'a> {
    pub(crate) fn new(enid: &'a Enid) -> Self {
        Self { enid }
    }

    pub async fn list_warehouses(
        &self,
        principal: &Principal,
        store: StoreId,
        is_active: Option<bool>,
        page: PageRequest,
    ) -> Result<Page<Warehouse>> {
        principal.require(store, Permission::StockRead)?;
        self.enid
            .storage()
            .list_warehouses(store, is_active, page)
            .await
    }

    pub async fn create_warehouse(
        &self,
        principal: &Principal,
        store: StoreId,
        input: WarehouseInput,
    ) -> Result<Warehouse> {
        principal.require(store, Permission::StockWrite)?;
        let mut v = Validator::new();
        let name = v.field(clean_line("name", &input.name, WAREHOUSE_NAME_MAX_CHARS));
        let address = v.field(address(input.address));
        v.finish()?;
        let (Some(name), Some(address)) = (name, address) else {
            unreachable!("validator passed")
        };
        let new = NewWarehouse {
            name_key: warehouse_name_key(&name),
            name,
            address,
            is_active: input.is_active.unwrap_or(true),
        };
        let warehouse = self
            .enid
            .storage()
            .create_warehouse(store, &new, self.enid.now())
            .await?;
        self.changed(store).await;
        Ok(warehouse)
    }

    pub async fn warehouse(
        &self,
        principal: &Principal,
        store: StoreId,
        id: WarehouseId,
    ) -> Result<Warehouse> {
        principal.require(store, Permission::StockRead)?;
        self.enid
            .storage()
            .warehouse(store, id)
            .await?
            .ok_or_else(warehouse_not_found)
    }

    /// Rename, move, activate or deactivate. An inactive warehouse keeps its stock and history
    /// but takes no movements.
    pub async fn update_warehouse(
        &self,
        principal: &Principal,
        store: StoreId,
        id: WarehouseId,
        patch: WarehousePatch,
    ) -> Result<Warehouse> {
        principal.require(store, Permission::StockWrite)?;
        let mut v = Validator::new();
        let name = patch
            .name
            .and_then(|name| v.field(clean_line("name", &name, WAREHOUSE_NAME_MAX_CHARS)));
        let address = match patch.address {
            Some(text) => v.field(address(Some(text))),
            None => None,
        };
        v.finish()?;
        let changes = WarehouseChanges {
            name: name.map(|name| {
                let key = warehouse_name_key(&name);
                (name, key)
            }),
            address,
            is_active: patch.is_active,
        };
        let warehouse = self
            .enid
            .storage()
            .update_warehouse(store, id, &changes, self.enid.now())
            .await?
            .ok_or_else(warehouse_not_found)?;
        self.changed(store).await;
        Ok(warehouse)
    }

    /// Only a warehouse that never had a movement can be deleted; deactivate the others.
    pub async fn delete_warehouse(
        &self,
        principal: &Principal,
        store: StoreId,
        id: WarehouseId,
    ) -> Result<()> {
        principal.require(store, Permission::StockWrite)?;
        if self.enid.storage().delete_warehouse(store, id).await? {
            self.changed(store).await;
            Ok(())
        } else {
            Err(warehouse_not_found())
        }
    }

    /// Records an `in`, `out` or `adjust` and returns it with the level after it.
    pub async fn record_movement(
        &self,
        principal: &Principal,
        store: StoreId,
        input: MovementInput,
    ) -> Result<Recorded<Movement>> {
        principal.require(store, Permission::StockWrite)?;
        let mut v = Validator::new();
        let product_id = v.field(parse_product_id("product_id", input.product_id));
        let movement_type = v.field(input.movement_type.parse::<MovementType>());
        let change = match movement_type {
            Some(MovementType::In) => v
                .field(Quantity::parse("quantity", input.quantity))
                .map(StockChange::In),
            Some(MovementType::Out) => v
                .field(Quantity::parse("quantity", input.quantity))
                .map(StockChange::Out),
            Some(MovementType::Adjust) => v
                .field(LevelTarget::parse("quantity", input.quantity))
                .map(StockChange::Adjust),
            Some(MovementType::Transfer) => {
                v.add(
                    "movement_type",
                    "Transfers are recorded with POST /movements/transfer/.",
                );
                None
            }
            None => None,
        };
        let reference = v.field(optional_line(
            "reference",
            input.reference,
            REFERENCE_MAX_CHARS,
        ));
        let note = v.field(optional_note("note", input.note));
        let (Some(reference), Some(note)) = (reference, note) else {
            return Err(v.finish().expect_err("a field failed"));
        };
        let idempotency = input.idempotency_key.and_then(|key| {
            v.field(Idempotency::new(
                &key,
                &[
                    "movement",
                    &input.product_id.to_string(),
                    &input.warehouse_id.to_string(),
                    &input.movement_type,
                    &input.quantity.to_string(),
                    reference.as_deref().unwrap_or_default(),
                    note.as_deref().unwrap_or_default(),
                ],
            ))
        });
        v.finish()?;
        let (Some(product_id), Some(change)) = (product_id, change) else {
            unreachable!("validator passed")
        };
        let movement = NewMovement {
            product_id,
            warehouse_id: input.warehouse_id,
            change,
            reference,
            note,
            created_by: Some(principal.user.id),
            idempotency,
        };
        let recorded = self
            .enid
            .storage()
            .record_movement(store, &movement, self.enid.now())
            .await?;
        if !recorded.replayed {
            self.changed(store).await;
        }
        Ok(recorded)
    }

    /// Moves units between two warehouses of the store: both ledger rows and both levels in one
    /// transaction.
    pub async fn transfer(
        &self,
        principal: &Principal,
        store: StoreId,
        input: TransferInput,
    ) -> Result<Recorded<Transfer>> {
        principal.require(store, Permission::StockWrite)?;
        let mut v = Validator::new();
        let product_id = v.field(parse_product_id("product_id", input.product_id));
        let quantity = v.field(Quantity::parse("quantity", input.quantity));
        if input.from_warehouse_id == input.to_warehouse_id {
            v.add(
                "to_warehouse_id",
                "Must be another warehouse than from_warehouse_id.",
            );
        }
        let reference = v.field(optional_line(
            "reference",
            input.reference,
            REFERENCE_MAX_CHARS,
        ));
        let note = v.field(optional_note("note", input.note));
        let (Some(reference), Some(note)) = (reference, note) else {
            return Err(v.finish().expect_err("a field failed"));
        };
        let idempotency = input.idempotency_key.and_then(|key| {
            v.field(Idempotency::new(
                &key,
                &[
                    "transfer",
                    &input.product_id.to_string(),
                    &input.from_warehouse_id.to_string(),
                    &input.to_warehouse_id.to_string(),
                    &input.quantity.to_string(),
                    reference.as_deref().unwrap_or_default(),
                    note.as_deref().unwrap_or_default(),
                ],
            ))
        });
        v.finish()?;
        let (Some(product_id), Some(quantity)) = (product_id, quantity) else {
            unreachable!("validator passed")
        };
        let transfer = NewTransfer {
            transfer_id: Uuid::now_v7(),
            product_id,
            from_warehouse_id: input.from_warehouse_id,
            to_warehouse_id: input.to_warehouse_id,
            quantity,
            reference,
            note,
            created_by: Some(principal.user.id),
            idempotency,
        };
        let recorded = self
            .enid
            .storage()
            .record_transfer(store, &transfer, self.enid.now())
            .await?;
        if !recorded.replayed {
            self.changed(store).await;
        }
        Ok(recorded)
    }

    /// The ledger, newest first.
    pub async fn movements(
        &self,
        principal: &Principal,
        store: StoreId,
        input: MovementFilterInput,
        page: PageRequest,
    ) -> Result<Page<Movement>> {
        principal.require(store, Permission::StockRead)?;
        let mut v = Validator::new();
        let movement_type = input
            .movement_type
            .and_then(|t| v.field(t.parse::<MovementType>()));
        if let (Some(since), Some(until)) = (input.since, input.until)
            && until < since
        {
            v.add("until", "Must not be before since.");
        }
        v.finish()?;
        let filter = MovementFilter {
            product_id: input.product_id,
            warehouse_id: input.warehouse_id,
            movement_type,
            since: input.since,
            until: input.until,
        };
        self.enid
            .storage()
            .list_movements(store, &filter, page)
            .await
    }

    pub async fn levels(
        &self,
        principal: &Principal,
        store: StoreId,
        filter: LevelFilter,
        page: PageRequest,
    ) -> Result<Page<StockLevel>> {
        principal.require(store, Permission::StockRead)?;
        self.enid.storage().list_levels(store, &filter, page).await
    }

    pub async fn product(
        &self,
        principal: &Principal,
        store: StoreId,
        product_id: i64,
    ) -> Result<ProductStock> {
        principal.require(store, Permission::StockRead)?;
        let product_id = parse_product_id("product_id", product_id)?;
        self.enid.storage().product_stock(store, product_id).await
    }

    /// Sets or clears `min_stock` / `max_stock`; the minimum may not exceed the maximum.
    pub async fn set_thresholds(
        &self,
        principal: &Principal,
        store: StoreId,
        product_id: i64,
        changes: ThresholdChanges,
    ) -> Result<ProductStock> {
        principal.require(store, Permission::StockWrite)?;
        let mut v = Validator::new();
        let product_id = v.field(parse_product_id("product_id", product_id));
        let min = changes
            .min_stock
            .map(|min| min.and_then(|min| v.field(parse_threshold("min_stock", min))));
        let max = changes
            .max_stock
            .map(|max| max.and_then(|max| v.field(parse_threshold("max_stock", max))));
        v.finish()?;
        let product_id = product_id.expect("validator passed");
        let storage = self.enid.storage();
        let current = storage.product_stock(store, product_id).await?.thresholds;
        let thresholds = Thresholds {
            min_stock: min.unwrap_or(current.min_stock),
            max_stock: max.unwrap_or(current.max_stock),
        };
        if let (Some(min), Some(max)) = (thresholds.min_stock, thresholds.max_stock)
            && min > max
        {
            return Err(Error::invalid(
                "min_stock",
                "Must not be greater than max_stock.",
            ));
        }
        storage
            .set_thresholds(store, product_id, thresholds, self.enid.now())
            .await?;
        self.changed(store).await;
        storage.product_stock(store, product_id).await
    }

    /// The product's units in one warehouse of the store, or in all of them.
    pub async fn quantity(
        &self,
        principal: &Principal,
        store: StoreId,
        product_id: i64,
        warehouse_id: Option<WarehouseId>,
    ) -> Result<i64> {
        principal.require(store, Permission::StockRead)?;
        let product_id = parse_product_id("product_id", product_id)?;
        self.enid
            .storage()
            .stock_quantity(store, product_id, warehouse_id)
            .await?
            .ok_or_else(warehouse_not_found)
    }

    /// Every stocked product's total.
    pub async fn totals(
        &self,
        principal: &Principal,
        store: StoreId,
    ) -> Result<Vec<(ProductId, i64)>> {
        principal.require(store, Permission::StockRead)?;
        self.enid.storage().stock_totals(store).await
    }

    /// The report over the last `days` (1–365, default 30).
    pub async fn report(
        &self,
        principal: &Principal,
        store: StoreId,
        days: Option<i64>,
        page: PageRequest,
    ) -> Result<(i64, StockReport)> {
        principal.require(store, Permission::StockRead)?;
        let days = days.unwrap_or(DEFAULT_REPORT_DAYS);
        if !(1..=REPORT_MAX_DAYS).contains(&days) {
            return Err(Error::invalid(
                "days",
                format!("Must be from 1 to {REPORT_MAX_DAYS}."),
            ));
        }
        let name = format!("report:{days}:{}:{}", page.page(), page.page_size());
        let cached = STOCK_REVISION
            .cached(self.enid.cache(), store, &name, REPORT_TTL, async {
                let since = self.enid.now() - Duration::days(days);
                let report = self.enid.storage().stock_report(store, since, page).await?;
                Ok(CachedReport::from_report(report))
            })
            .await?;
        Ok((days, cached.into_report(page)))
    }

    /// Marks the store's stock as changed, so that no report computed before is reused. A cache
    /// failure leaves reports at most [`REPORT_TTL`] old.
    pub(super) async fn changed(&self, store: StoreId) {
        STOCK_REVISION.bump(self.enid, store).await;
    }

    /// Recomputes every level from the ledger (one store, or all); for operators (the CLI).
    pub async fn verify(&self, store: Option<StoreId>) -> Result<VerifyReport> {
        self.enid.storage().verify_levels(store).await
    }

    /// The same check for one store, for its staff (the back office shows it).
    pub async fn verify_store(
        &self,
        principal: &Principal,
        store: StoreId,
    ) -> Result<VerifyReport> {
        principal.require(store, Permission::StockRead)?;
        self.verify(Some(store)).await
    }
}
