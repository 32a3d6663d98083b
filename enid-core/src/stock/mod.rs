//! Inventory: warehouses, the append-only stock ledger, the levels it maintains, per-product
//! thresholds and reports.
//!
//! Every change of a level is a ledger row (a movement) written in the same transaction as the
//! level, so a level always equals the sum of its ledger; `enid stock verify` checks it.

mod seed;
mod service;
mod storage;

pub use seed::{SeedPlan, SeedProgress};
pub use service::{
    MovementFilterInput, MovementInput, StockService, ThresholdChanges, TransferInput,
    WarehouseInput, WarehousePatch,
};
pub use storage::StockStore;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::auth::UserId;
use crate::error::{Error, Result};
use crate::pagination::Page;
use crate::stores::StoreId;

pub type WarehouseId = i64;
/// Products live in the shop, not in Enid: a product is any positive id the shop uses.
pub type ProductId = i64;
pub type MovementId = i64;

/// The largest quantity one movement may move, and the largest level an adjustment may set.
pub const MAX_QUANTITY: i64 = 10_000_000;
pub const WAREHOUSE_NAME_MAX_CHARS: usize = 100;
pub const ADDRESS_MAX_CHARS: usize = 255;
pub const REFERENCE_MAX_CHARS: usize = 100;
pub const NOTE_MAX_CHARS: usize = 1000;
pub const IDEMPOTENCY_KEY_MAX_CHARS: usize = 255;
/// The header that carries an idempotency key.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";
/// How far back a report may look.
pub const REPORT_MAX_DAYS: i64 = 365;
/// Entries in the report's top-movers list.
pub const TOP_MOVERS: i64 = 10;
/// Entries in the report's low-stock list (its count covers all).
pub const LOW_STOCK_LIST_MAX: i64 = 100;

/// Units moved by one movement or transfer: 1 to 10,000,000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quantity(i64);

impl Quantity {
    pub fn parse(field: &str, value: i64) -> Result<Self> {
        if (1..=MAX_QUANTITY).contains(&value) {
            Ok(Self(value))
        } else {
            Err(Error::invalid(
                field,
                format!("Must be a whole number from 1 to {MAX_QUANTITY}."),
            ))
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

/// An absolute level an adjustment sets: 0 to 10,000,000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LevelTarget(i64);

impl LevelTarget {
    pub fn parse(field: &str, value: i64) -> Result<Self> {
        if (0..=MAX_QUANTITY).contains(&value) {
            Ok(Self(value))
        } else {
            Err(Error::invalid(
                field,
                format!(
                    "An adjustment sets the new level: a whole number from 0 to {MAX_QUANTITY}."
                ),
            ))
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

/// A threshold (`min_stock`, `max_stock`): 0 to 10,000,000 units.
pub fn parse_threshold(field: &str, value: i64) -> Result<i64> {
    if (0..=MAX_QUANTITY).contains(&value) {
        Ok(value)
    } else {
        Err(Error::invalid(
            field,
            format!("Must be a whole number from 0 to {MAX_QUANTITY}."),
        ))
    }
}

/// A positive product id.
pub fn parse_product_id(field: &str, value: i64) -> Result<ProductId> {
    if value >= 1 {
        Ok(value)
    } else {
        Err(Error::invalid(field, "Must be a positive integer."))
    }
}

/// What a ledger row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MovementType {
    /// Units received.
    In,
    /// Units shipped or consumed.
    Out,
    /// A count that set the level; the row holds the signed difference.
    Adjust,
    /// One side of a transfer between warehouses (negative at the source, positive at the
    /// destination); both rows share a `transfer_id`.
    Transfer,
}

impl MovementType {
    pub const ALL: [MovementType; 4] = [
        MovementType::In,
        MovementType::Out,
        MovementType::Adjust,
        MovementType::Transfer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MovementType::In => "in",
            MovementType::Out => "out",
            MovementType::Adjust => "adjust",
            MovementType::Transfer => "transfer",
        }
    }
}

impl fmt::Display for MovementType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MovementType {
    type Err = Error;

    fn from_str(value: &str) -> Result<Self> {
        MovementType::ALL
            .into_iter()
            .find(|t| t.as_str() == value)
            .ok_or_else(|| {
                Error::invalid("movement_type", "Must be one of in, out, adjust, transfer.")
            })
    }
}

/// The change a new movement makes to one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockChange {
    In(Quantity),
    /// Refused with 409 `insufficient_stock` when the level is lower.
    Out(Quantity),
    /// Sets the level; the ledger records the signed difference.
    Adjust(LevelTarget),
}

impl StockChange {
    pub fn movement_type(self) -> MovementType {
        match self {
            StockChange::In(_) => MovementType::In,
            StockChange::Out(_) => MovementType::Out,
            StockChange::Adjust(_) => MovementType::Adjust,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warehouse {
    pub id: WarehouseId,
    pub name: String,
    pub address: String,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A validated warehouse to insert. `name_key` (the name folded: lowercase, no accents) is what
/// must be unique in the store, so "Almacén Norte" and "almacen norte" are one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWarehouse {
    pub name: String,
    pub name_key: String,
    pub address: String,
    pub is_active: bool,
}

/// Validated changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WarehouseChanges {
    /// The new name and its key.
    pub name: Option<(String, String)>,
    pub address: Option<String>,
    pub is_active: Option<bool>,
}

/// The key of a warehouse name: uniqueness ignores case and accents.
pub fn warehouse_name_key(name: &str) -> String {
    crate::text::fold(name)
}

/// One ledger row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Movement {
    pub id: MovementId,
    pub product_id: ProductId,
    pub warehouse_id: WarehouseId,
    pub movement_type: MovementType,
    /// The signed change of the level: positive in, negative out.
    pub quantity: i64,
    /// The warehouse's level of the product right after this movement.
    pub level_after: i64,
    pub reference: Option<String>,
    pub note: Option<String>,
    /// Shared by the two rows of a transfer.
    pub transfer_id: Option<Uuid>,
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
}

/// An `Idempotency-Key` and the fingerprint of the request that first used it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idempotency {
    pub key: String,
    pub fingerprint: String,
}

impl Idempotency {
    /// The error for a key that is not 1–255 visible ASCII characters.
    pub fn invalid_key() -> Error {
        Error::invalid(
            IDEMPOTENCY_KEY_HEADER,
            format!(
                "Must be 1 to {IDEMPOTENCY_KEY_MAX_CHARS} visible ASCII characters, e.g. a UUID."
            ),
        )
    }

    /// Parses the header value; the fingerprint is a hash of `parts`, the request's content.
    pub fn new(key: &str, parts: &[&str]) -> Result<Self> {
        let valid = !key.is_empty()
            && key.chars().count() <= IDEMPOTENCY_KEY_MAX_CHARS
            && key.chars().all(|c| c.is_ascii_graphic());
        if !valid {
            return Err(Self::invalid_key());
        }
        let mut hasher = Sha256::new();
        for part in parts {
            // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        Ok(Self {
            key: key.to_owned(),
            fingerprint: hex::encode(hasher.finalize()),
        })
    }
}

/// A validated movement to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMovement {
    pub product_id: ProductId,
    pub warehouse_id: WarehouseId,
    pub change: StockChange,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub created_by: Option<UserId>,
    pub idempotency: Option<Idempotency>,
}

/// A validated transfer to record: an `out` of the source and an `in` of the destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTransfer {
    pub transfer_id: Uuid,
    pub product_id: ProductId,
    pub from_warehouse_id: WarehouseId,
    pub to_warehouse_id: WarehouseId,
    pub quantity: Quantity,
    pub reference: Option<String>,
    pub note: Option<String>,
    pub created_by: Option<UserId>,
    pub idempotency: Option<Idempotency>,
}

/// Both ledger rows of a transfer; each carries its warehouse's level after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    pub from: Movement,
    pub to: Movement,
}

/// The result of a write that may be a retry: `replayed` when an earlier request with the same
/// idempotency key and content already did it (and nothing new was written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded<T> {
    pub value: T,
    pub replayed: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MovementFilter {
    pub product_id: Option<ProductId>,
    pub warehouse_id: Option<WarehouseId>,
    pub movement_type: Option<MovementType>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// The units of one product in one warehouse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockLevel {
    pub product_id: ProductId,
    pub warehouse_id: WarehouseId,
    pub quantity: i64,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LevelFilter {
    pub product_id: Option<ProductId>,
    pub warehouse_id: Option<WarehouseId>,
    /// `Some(true)`: only levels of low-stock products; `Some(false)`: only of the others.
    pub low_stock: Option<bool>,
}

/// A product's thresholds; `None` is unset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    pub min_stock: Option<i64>,
    pub max_stock: Option<i64>,
}

impl Thresholds {
    /// Low stock: a minimum is set and the product's total is below it.
    pub fn is_low(&self, total: i64) -> bool {
        self.min_stock.is_some_and(|min| total < min)
    }
}

/// A product's level in one warehouse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarehouseStock {
    pub warehouse_id: WarehouseId,
    pub warehouse_name: String,
    pub quantity: i64,
}

/// A product across the store's warehouses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductStock {
    pub product_id: ProductId,
    pub total: i64,
    pub by_warehouse: Vec<WarehouseStock>,
    pub thresholds: Thresholds,
}

impl ProductStock {
    pub fn low_stock(&self) -> bool {
        self.thresholds.is_low(self.total)
    }
}

/// A product's movements within a report's window, and its current total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductActivity {
    pub product_id: ProductId,
    /// Units received (`in`).
    pub units_in: i64,
    /// Units shipped (`out`), as a positive number.
    pub units_out: i64,
    /// Net change made by adjustments.
    pub adjusted: i64,
    /// Net change of the product's total over the window (transfers cancel out).
    pub net: i64,
    pub total: i64,
}

/// A product below its minimum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LowStockItem {
    pub product_id: ProductId,
    pub total: i64,
    pub min_stock: i64,
    pub max_stock: Option<i64>,
}

/// The units a warehouse holds now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarehouseUnits {
    pub warehouse_id: WarehouseId,
    pub name: String,
    pub is_active: bool,
    pub units: i64,
    /// Products with units in it.
    pub products: i64,
}

/// The inventory report of one store since a moment.
#[derive(Debug, Clone, PartialEq)]
pub struct StockReport {
    pub since: DateTime<Utc>,
    /// Products with movements in the window, by product id.
    pub products: Page<ProductActivity>,
    /// The products that received and shipped the most units in the window.
    pub top_movers: Vec<ProductActivity>,
    /// The products furthest below their minimum (at most [`LOW_STOCK_LIST_MAX`]).
    pub low_stock: Vec<LowStockItem>,
    pub low_stock_count: i64,
    pub warehouses: Vec<WarehouseUnits>,
}

/// A level that differs from the sum of its ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelMismatch {
    pub store_id: StoreId,
    pub product_id: ProductId,
    pub warehouse_id: WarehouseId,
    /// The stored level (0 when the row is missing).
    pub level: i64,
    /// The sum of the ledger.
    pub ledger: i64,
}

/// What `verify_levels` looked at and found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub levels_checked: i64,
    pub movements_checked: i64,
    pub mismatches: Vec<LevelMismatch>,
}

/// One historical ledger row for bulk import (seeding); `level_after` already computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedMovement {
    pub product_id: ProductId,
    pub warehouse_id: WarehouseId,
    pub movement_type: MovementType,
    pub quantity: i64,
    pub level_after: i64,
    pub reference: Option<String>,
    pub transfer_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_and_levels() {
        assert_eq!(Quantity::parse("quantity", 1).unwrap().get(), 1);
        assert_eq!(
            Quantity::parse("quantity", MAX_QUANTITY).unwrap().get(),
            MAX_QUANTITY
        );
        for bad in [0, -1, MAX_QUANTITY + 1, i64::MIN, i64::MAX] {
            assert!(Quantity::parse("quantity", bad).is_err(), "{bad}");
        }
        assert_eq!(LevelTarget::parse("quantity", 0).unwrap().get(), 0);
        assert!(LevelTarget::parse("quantity", -1).is_err());
        assert!(LevelTarget::parse("quantity", MAX_QUANTITY + 1).is_err());
    }

    #[test]
    fn movement_types() {
        for t in MovementType::ALL {
            assert_eq!(t.as_str().parse::<MovementType>().unwrap(), t);
        }
        let err = "IN".parse::<MovementType>().unwrap_err();
        assert!(err.fields.contains_key("movement_type"));
    }

    #[test]
    fn idempotency_fingerprints_follow_the_content() {
        let a = Idempotency::new("k-1", &["ab", "c"]).unwrap();
        let b = Idempotency::new("k-1", &["a", "bc"]).unwrap();
        let c = Idempotency::new("k-2", &["ab", "c"]).unwrap();
        assert_ne!(a.fingerprint, b.fingerprint);
        assert_eq!(a.fingerprint, c.fingerprint);
        for bad in ["", "has space", "ñ", &"k".repeat(256)] {
            assert!(Idempotency::new(bad, &[]).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn low_stock_is_below_the_minimum() {
        let t = Thresholds {
            min_stock: Some(5),
            max_stock: None,
        };
        assert!(t.is_low(4));
        assert!(!t.is_low(5));
        assert!(!Thresholds::default().is_low(0));
    }
}
