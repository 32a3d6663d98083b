//! Warehouses, the stock ledger and levels on SQLite. Every write runs on the single writer in an
//! IMMEDIATE transaction, so a movement, its level and the idempotency check are serialised; the
//! conditional updates and CHECK constraints hold the rules even so.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};
use uuid::Uuid;

use enid_core::pagination::{Page, PageRequest};
use enid_core::stock::{
    ImportedMovement, LOW_STOCK_LIST_MAX, LevelFilter, LevelMismatch, LowStockItem, Movement,
    MovementFilter, MovementType, NewMovement, NewTransfer, NewWarehouse, ProductActivity,
    ProductId, ProductStock, Recorded, StockChange, StockLevel, StockReport, StockStore,
    TOP_MOVERS, Thresholds, Transfer, VerifyReport, Warehouse, WarehouseChanges, WarehouseId,
    WarehouseStock, WarehouseUnits,
};
use enid_core::stores::StoreId;
use enid_core::{Error, Result};

use super::{Db, SqliteStorage, StoreRows, Ts, is_unique_violation};

const WAREHOUSE_COLUMNS: &str = "id, name, address, is_active, created_at, updated_at";
const MOVEMENT_COLUMNS: &str = "id, product_id, warehouse_id, movement_type, quantity, \
     level_after, reference, note, transfer_id, created_by, created_at";

fn warehouse_from_row(row: &Row<'_>) -> rusqlite::Result<Warehouse> {
    Ok(Warehouse {
        id: row.get(0)?,
        name: row.get(1)?,
        address: row.get(2)?,
        is_active: row.get(3)?,
        created_at: row.get::<_, Ts>(4)?.0,
        updated_at: row.get::<_, Ts>(5)?.0,
    })
}

fn decode_error(message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, message.into())
}

/// A movement from [`MOVEMENT_COLUMNS`] starting at column `at`.
fn movement_at(row: &Row<'_>, at: usize) -> rusqlite::Result<Movement> {
    let movement_type: String = row.get(at + 3)?;
    let transfer_id: Option<String> = row.get(at + 8)?;
    Ok(Movement {
        id: row.get(at)?,
        product_id: row.get(at + 1)?,
        warehouse_id: row.get(at + 2)?,
        movement_type: movement_type
            .parse::<MovementType>()
            .map_err(|e| decode_error(e.to_string()))?,
        quantity: row.get(at + 4)?,
        level_after: row.get(at + 5)?,
        reference: row.get(at + 6)?,
        note: row.get(at + 7)?,
        transfer_id: transfer_id
            .map(|id| Uuid::parse_str(&id).map_err(|e| decode_error(e.to_string())))
            .transpose()?,
        created_by: row.get(at + 9)?,
        created_at: row.get::<_, Ts>(at + 10)?.0,
    })
}

fn movement_from_row(row: &Row<'_>) -> rusqlite::Result<Movement> {
    movement_at(row, 0)
}

fn warehouse_not_found() -> Error {
    Error::not_found("warehouse_not_found", "No such warehouse in this store.")
}

fn name_taken() -> Error {
    Error::conflict(
        "warehouse_name_taken",
        "A warehouse with this name already exists in this store.",
    )
}

fn idempotency_conflict() -> Error {
    Error::conflict(
        "idempotency_conflict",
        "This Idempotency-Key was already used for a different request.",
    )
}

/// The movement that used `key` in the store, and the fingerprint of its request.
fn movement_by_key(
    tx: &Transaction<'_>,
    store: StoreId,
    key: &str,
) -> Result<Option<(String, Movement)>> {
    tx.prepare_cached(&format!(
        "SELECT request_fingerprint, {MOVEMENT_COLUMNS} FROM stock_movements \
         WHERE store_id = ?1 AND idempotency_key = ?2"
    ))
    .db()?
    .query_row(params![store, key], |row| {
        Ok((row.get(0)?, movement_at(row, 1)?))
    })
    .optional()
    .db()
}

/// Checks that the warehouse is in the store (404) and active (409).
fn check_warehouse(tx: &Transaction<'_>, store: StoreId, id: WarehouseId) -> Result<()> {
    let active: Option<bool> = tx
        .prepare_cached("SELECT is_active FROM warehouses WHERE store_id = ?1 AND id = ?2")
        .db()?
        .query_row(params![store, id], |row| row.get(0))
        .optional()
        .db()?;
    match active {
        None => Err(warehouse_not_found()),
        Some(false) => Err(Error::conflict(
            "warehouse_inactive",
            format!("Warehouse {id} is inactive and takes no movements."),
        )),
        Some(true) => Ok(()),
    }
}

fn level_of(
    tx: &Transaction<'_>,
    store: StoreId,
    product: ProductId,
    warehouse: WarehouseId,
) -> Result<i64> {
    Ok(tx
        .prepare_cached(
            "SELECT quantity FROM stock_levels \
             WHERE store_id = ?1 AND product_id = ?2 AND warehouse_id = ?3",
        )
        .db()?
        .query_row(params![store, product, warehouse], |row| row.get(0))
        .optional()
        .db()?
        .unwrap_or(0))
}

/// Takes `quantity` units if the level has them (a conditional update); 409 otherwise.
fn take(
    tx: &Transaction<'_>,
    store: StoreId,
    product: ProductId,
    warehouse: WarehouseId,
    quantity: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    let after: Option<i64> = tx
        .prepare_cached(
            "UPDATE stock_levels SET quantity = quantity - ?4, updated_at = ?5 \
             WHERE store_id = ?1 AND product_id = ?2 AND warehouse_id = ?3 AND quantity >= ?4 \
             RETURNING quantity",
        )
        .db()?
        .query_row(
            params![store, product, warehouse, quantity, Ts(now)],
            |row| row.get(0),
        )
        .optional()
        .db()?;
    match after {
        Some(after) => Ok(after),
        None => {
            let available = level_of(tx, store, product, warehouse)?;
            Err(insufficient(product, warehouse, available, quantity))
        }
    }
}

fn insufficient(product: ProductId, warehouse: WarehouseId, available: i64, asked: i64) -> Error {
    Error::conflict(
        "insufficient_stock",
        format!(
            "Not enough stock: warehouse {warehouse} has {available} units of product {product}, \
             {asked} requested."
        ),
    )
}

/// Adds `quantity` units (negative never happens here) or sets the level when `set`.
fn put(
    tx: &Transaction<'_>,
    store: StoreId,
    product: ProductId,
    warehouse: WarehouseId,
    quantity: i64,
    set: bool,
    now: DateTime<Utc>,
) -> Result<i64> {
    let sql = if set {
        "INSERT INTO stock_levels (store_id, product_id, warehouse_id, quantity, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (store_id, product_id, warehouse_id) \
         DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at \
         RETURNING quantity"
    } else {
        "INSERT INTO stock_levels (store_id, product_id, warehouse_id, quantity, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (store_id, product_id, warehouse_id) \
         DO UPDATE SET quantity = quantity + excluded.quantity, updated_at = excluded.updated_at \
         RETURNING quantity"
    };
    tx.prepare_cached(sql)
        .db()?
        .query_row(
            params![store, product, warehouse, quantity, Ts(now)],
            |row| row.get(0),
        )
        .db()
}

/// The ledger row of one level change.
struct LedgerRow<'a> {
    product_id: ProductId,
    warehouse_id: WarehouseId,
    movement_type: MovementType,
    quantity: i64,
    level_after: i64,
    reference: Option<&'a str>,
    note: Option<&'a str>,
    transfer_id: Option<Uuid>,
    created_by: Option<i64>,
    idempotency: Option<(&'a str, &'a str)>,
}

fn append(
    tx: &Transaction<'_>,
    store: StoreId,
    row: &LedgerRow<'_>,
    now: DateTime<Utc>,
) -> Result<Movement> {
    tx.prepare_cached(&format!(
        "INSERT INTO stock_movements (store_id, product_id, warehouse_id, movement_type, quantity, \
         level_after, reference, note, transfer_id, created_by, created_at, idempotency_key, \
         request_fingerprint) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) \
         RETURNING {MOVEMENT_COLUMNS}"
    ))
    .db()?
    .query_row(
        params![
            store,
            row.product_id,
            row.warehouse_id,
            row.movement_type.as_str(),
            row.quantity,
            row.level_after,
            row.reference,
            row.note,
            row.transfer_id.map(|id| id.to_string()),
            row.created_by,
            Ts(now),
            row.idempotency.map(|(key, _)| key),
            row.idempotency.map(|(_, fingerprint)| fingerprint),
        ],
        movement_from_row,
    )
    .db()
}

/// Both rows of a transfer, source first.
fn transfer_rows(tx: &Transaction<'_>, store: StoreId, transfer_id: Uuid) -> Result<Transfer> {
    let rows = tx
        .prepare_cached(&format!(
            "SELECT {MOVEMENT_COLUMNS} FROM stock_movements \
             WHERE transfer_id = ?1 AND store_id = ?2 ORDER BY quantity"
        ))
        .db()?
        .query_map(params![transfer_id.to_string(), store], movement_from_row)
        .db()?
        .collect::<rusqlite::Result<Vec<_>>>()
        .db()?;
    match <[Movement; 2]>::try_from(rows) {
        Ok([from, to]) => Ok(Transfer { from, to }),
        Err(rows) => Err(Error::internal(format!(
            "transfer {transfer_id} has {} ledger rows",
            rows.len()
        ))),
    }
}

/// A movement in the caller's transaction.
fn apply_movement(
    tx: &Transaction<'_>,
    store: StoreId,
    m: &NewMovement,
    now: DateTime<Utc>,
) -> Result<Recorded<Movement>> {
    if let Some(idempotency) = &m.idempotency
        && let Some((fingerprint, first)) = movement_by_key(tx, store, &idempotency.key)?
    {
        return if fingerprint == idempotency.fingerprint {
            Ok(Recorded {
                value: first,
                replayed: true,
            })
        } else {
            Err(idempotency_conflict())
        };
    }
    check_warehouse(tx, store, m.warehouse_id)?;
    let (product, warehouse) = (m.product_id, m.warehouse_id);
    let (quantity, level_after) = match m.change {
        StockChange::In(q) => (
            q.get(),
            put(tx, store, product, warehouse, q.get(), false, now)?,
        ),
        StockChange::Out(q) => (-q.get(), take(tx, store, product, warehouse, q.get(), now)?),
        StockChange::Adjust(target) => {
            let before = level_of(tx, store, product, warehouse)?;
            let after = put(tx, store, product, warehouse, target.get(), true, now)?;
            (after - before, after)
        }
    };
    let value = append(
        tx,
        store,
        &LedgerRow {
            product_id: product,
            warehouse_id: warehouse,
            movement_type: m.change.movement_type(),
            quantity,
            level_after,
            reference: m.reference.as_deref(),
            note: m.note.as_deref(),
            transfer_id: None,
            created_by: m.created_by,
            idempotency: m
                .idempotency
                .as_ref()
                .map(|i| (i.key.as_str(), i.fingerprint.as_str())),
        },
        now,
    )?;
    Ok(Recorded {
        value,
        replayed: false,
    })
}

/// A transfer in the caller's transaction.
fn apply_transfer(
    tx: &Transaction<'_>,
    store: StoreId,
    t: &NewTransfer,
    now: DateTime<Utc>,
) -> Result<Recorded<Transfer>> {
    if let Some(idempotency) = &t.idempotency
        && let Some((fingerprint, first)) = movement_by_key(tx, store, &idempotency.key)?
    {
        return match first.transfer_id {
            Some(id) if fingerprint == idempotency.fingerprint => Ok(Recorded {
                value: transfer_rows(tx, store, id)?,
                replayed: true,
            }),
            _ => Err(idempotency_conflict()),
        };
    }
    check_warehouse(tx, store, t.from_warehouse_id)?;
    check_warehouse(tx, store, t.to_warehouse_id)?;
    let quantity = t.quantity.get();
    let from_after = take(tx, store, t.product_id, t.from_warehouse_id, quantity, now)?;
    let to_after = put(
        tx,
        store,
        t.product_id,
        t.to_warehouse_id,
        quantity,
        false,
        now,
    )?;
    let row = |warehouse_id, quantity, level_after, idempotency| LedgerRow {
        product_id: t.product_id,
        warehouse_id,
        movement_type: MovementType::Transfer,
        quantity,
        level_after,
        reference: t.reference.as_deref(),
        note: t.note.as_deref(),
        transfer_id: Some(t.transfer_id),
        created_by: t.created_by,
        idempotency,
    };
    let key = t
        .idempotency
        .as_ref()
        .map(|i| (i.key.as_str(), i.fingerprint.as_str()));
    let from = append(
        tx,
        store,
        &row(t.from_warehouse_id, -quantity, from_after, key),
        now,
    )?;
    let to = append(
        tx,
        store,
        &row(t.to_warehouse_id, quantity, to_after, None),
        now,
    )?;
    Ok(Recorded {
        value: Transfer { from, to },
        replayed: false,
    })
}

/// `WHERE` conditions and their parameters, numbered in order.
#[derive(Default)]
struct Conditions {
    sql: Vec<String>,
    values: Vec<Value>,
}

impl Conditions {
    fn add(&mut self, condition: &str, value: impl Into<Value>) {
        self.values.push(value.into());
        self.sql
            .push(condition.replace('?', &format!("?{}", self.values.len())));
    }

    fn clause(&self) -> String {
        self.sql.join(" AND ")
    }

    fn next(&self) -> usize {
        self.values.len() + 1
    }
}

/// Products whose total is below their minimum, in store `?1`.
const LOW_STOCK_PRODUCTS: &str = "SELECT t.product_id FROM stock_thresholds t \
     WHERE t.store_id = ?1 AND t.min_stock IS NOT NULL AND t.min_stock > \
     (SELECT COALESCE(SUM(x.quantity), 0) FROM stock_levels x \
      WHERE x.store_id = t.store_id AND x.product_id = t.product_id)";

/// Rows of [`REPORT_ACTIVITY`]: a row of the page, of the top movers, or the count.
const PART_PAGE: i64 = 0;
const PART_TOP: i64 = 1;

/// The report's per-product part, over store `?1` since `?2`: the page (`?3` rows from `?4`),
/// the top `?5` movers and the number of products with movements. Each row: part, product,
/// in, out, adjusted, net, current total, count.
const REPORT_ACTIVITY: &str = "WITH activity AS MATERIALIZED (SELECT product_id, \
       SUM(CASE WHEN movement_type = 'in' THEN quantity ELSE 0 END) AS units_in, \
       SUM(CASE WHEN movement_type = 'out' THEN -quantity ELSE 0 END) AS units_out, \
       SUM(CASE WHEN movement_type = 'adjust' THEN quantity ELSE 0 END) AS adjusted, \
       SUM(quantity) AS net \
       FROM stock_movements WHERE store_id = ?1 AND created_at >= ?2 GROUP BY product_id), \
     page AS (SELECT * FROM activity ORDER BY product_id LIMIT ?3 OFFSET ?4), \
     top AS (SELECT * FROM activity WHERE units_in + units_out > 0 \
       ORDER BY units_in + units_out DESC, product_id LIMIT ?5), \
     parts AS (SELECT 0 AS part, * FROM page UNION ALL SELECT 1, * FROM top) \
     SELECT a.part, a.product_id, a.units_in, a.units_out, a.adjusted, a.net, \
       (SELECT COALESCE(SUM(l.quantity), 0) FROM stock_levels l \
        WHERE l.store_id = ?1 AND l.product_id = a.product_id), 0 \
     FROM parts a \
     UNION ALL SELECT 2, 0, 0, 0, 0, 0, 0, (SELECT COUNT(*) FROM activity)";

/// A compound query promises no row order: the page goes by product id, the movers by units
/// moved.
fn sort_activity(page: &mut [ProductActivity], top: &mut [ProductActivity]) {
    page.sort_by_key(|a| a.product_id);
    top.sort_by_key(|a| (std::cmp::Reverse(a.units_in + a.units_out), a.product_id));
}

/// A product's activity from column `at`: product, in, out, adjusted, net, total.
fn activity_at(row: &Row<'_>, at: usize) -> rusqlite::Result<ProductActivity> {
    Ok(ProductActivity {
        product_id: row.get(at)?,
        units_in: row.get(at + 1)?,
        units_out: row.get(at + 2)?,
        adjusted: row.get(at + 3)?,
        net: row.get(at + 4)?,
        total: row.get(at + 5)?,
    })
}

#[async_trait]
impl StockStore for SqliteStorage {
    async fn create_warehouse(
        &self,
        store: StoreId,
        warehouse: &NewWarehouse,
        now: DateTime<Utc>,
    ) -> Result<Warehouse> {
        let warehouse = warehouse.clone();
        self.write(move |tx| {
            tx.query_row(
                &format!(
                    "INSERT INTO warehouses (store_id, name, name_key, address, is_active, created_at, \
                     updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING {WAREHOUSE_COLUMNS}"
                ),
                params![
                    store,
                    warehouse.name,
                    warehouse.name_key,
                    warehouse.address,
                    warehouse.is_active,
                    Ts(now)
                ],
                warehouse_from_row,
            )
            .map_err(|e| if is_unique_violation(&e) { name_taken() } else { Error::internal(e) })
        })
        .await
    }

    async fn warehouse(&self, store: StoreId, id: WarehouseId) -> Result<Option<Warehouse>> {
        self.read(move |conn| {
            conn.prepare_cached(&format!(
                "SELECT {WAREHOUSE_COLUMNS} FROM warehouses WHERE store_id = ?1 AND id = ?2"
            ))?
            .query_row(params![store, id], warehouse_from_row)
            .optional()
        })
        .await
    }

    async fn list_warehouses(
        &self,
        store: StoreId,
        is_active: Option<bool>,
        page: PageRequest,
    ) -> Result<Page<Warehouse>> {
        self.read(move |conn| {
            let mut rows = StoreRows::new(store);
            if let Some(is_active) = is_active {
                rows.add("is_active =", Value::Integer(i64::from(is_active)));
            }
            rows.page(
                conn,
                "warehouses",
                WAREHOUSE_COLUMNS,
                "id",
                page,
                warehouse_from_row,
            )
        })
        .await
    }

    async fn update_warehouse(
        &self,
        store: StoreId,
        id: WarehouseId,
        changes: &WarehouseChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Warehouse>> {
        let changes = changes.clone();
        self.write(move |tx| {
            let (name, key) = changes.name.unzip();
            tx.query_row(
                &format!(
                    "UPDATE warehouses SET name = COALESCE(?1, name), name_key = COALESCE(?2, name_key), \
                     address = COALESCE(?3, address), is_active = COALESCE(?4, is_active), \
                     updated_at = ?5 WHERE store_id = ?6 AND id = ?7 RETURNING {WAREHOUSE_COLUMNS}"
                ),
                params![name, key, changes.address, changes.is_active, Ts(now), store, id],
                warehouse_from_row,
            )
            .optional()
            .map_err(|e| if is_unique_violation(&e) { name_taken() } else { Error::internal(e) })
        })
        .await
    }

    async fn delete_warehouse(&self, store: StoreId, id: WarehouseId) -> Result<bool> {
        self.write(move |tx| {
            let exists: bool = tx
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM warehouses WHERE store_id = ?1 AND id = ?2)",
                    params![store, id],
                    |row| row.get(0),
                )
                .db()?;
            if !exists {
                return Ok(false);
            }
            let used: bool = tx
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM stock_movements WHERE store_id = ?1 AND warehouse_id = ?2)",
                    params![store, id],
                    |row| row.get(0),
                )
                .db()?;
            if used {
                return Err(Error::conflict(
                    "warehouse_in_use",
                    "This warehouse has stock movements; deactivate it instead.",
                ));
            }
            tx.execute(
                "DELETE FROM stock_levels WHERE store_id = ?1 AND warehouse_id = ?2",
                params![store, id],
            )
            .db()?;
            tx.execute(
                "DELETE FROM warehouses WHERE store_id = ?1 AND id = ?2",
                params![store, id],
            )
            .db()?;
            Ok(true)
        })
        .await
    }

    async fn record_movement(
        &self,
        store: StoreId,
        movement: &NewMovement,
        now: DateTime<Utc>,
    ) -> Result<Recorded<Movement>> {
        // Queued with the other writes: concurrent movements share a commit.
        let movement = movement.clone();
        self.write(move |tx| apply_movement(tx, store, &movement, now))
            .await
    }

    async fn record_transfer(
        &self,
        store: StoreId,
        transfer: &NewTransfer,
        now: DateTime<Utc>,
    ) -> Result<Recorded<Transfer>> {
        let transfer = transfer.clone();
        self.write(move |tx| apply_transfer(tx, store, &transfer, now))
            .await
    }

    async fn list_movements(
        &self,
        store: StoreId,
        filter: &MovementFilter,
        page: PageRequest,
    ) -> Result<Page<Movement>> {
        let mut c = Conditions::default();
        c.add("store_id = ?", store);
        if let Some(product) = filter.product_id {
            c.add("product_id = ?", product);
        }
        if let Some(warehouse) = filter.warehouse_id {
            c.add("warehouse_id = ?", warehouse);
        }
        if let Some(kind) = filter.movement_type {
            c.add("movement_type = ?", kind.as_str().to_owned());
        }
        if let Some(since) = filter.since {
            c.add("created_at >= ?", Value::from(super::Ts(since)));
        }
        if let Some(until) = filter.until {
            c.add("created_at <= ?", Value::from(super::Ts(until)));
        }
        // Without statistics SQLite may walk a warehouse's whole history for one product; the
        // product index is the narrow one whenever a product is named.
        let source = if filter.product_id.is_some() {
            "stock_movements INDEXED BY stock_movements_product_idx"
        } else {
            "stock_movements"
        };
        self.read(move |conn| {
            let clause = c.clause();
            let count = conn
                .prepare_cached(&format!("SELECT COUNT(*) FROM {source} WHERE {clause}"))?
                .query_row(params_from_iter(&c.values), |row| row.get(0))?;
            let (limit, offset) = (c.next(), c.next() + 1);
            let mut values = c.values.clone();
            values.extend([Value::Integer(page.limit()), Value::Integer(page.offset())]);
            let items = conn
                .prepare_cached(&format!(
                    "SELECT {MOVEMENT_COLUMNS} FROM {source} WHERE {clause} \
                     ORDER BY id DESC LIMIT ?{limit} OFFSET ?{offset}"
                ))?
                .query_map(params_from_iter(&values), movement_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Page {
                count,
                items,
                request: page,
            })
        })
        .await
    }

    async fn list_levels(
        &self,
        store: StoreId,
        filter: &LevelFilter,
        page: PageRequest,
    ) -> Result<Page<StockLevel>> {
        let mut c = Conditions::default();
        c.add("store_id = ?", store);
        if let Some(product) = filter.product_id {
            c.add("product_id = ?", product);
        }
        if let Some(warehouse) = filter.warehouse_id {
            c.add("warehouse_id = ?", warehouse);
        }
        match filter.low_stock {
            Some(true) => c.sql.push(format!("product_id IN ({LOW_STOCK_PRODUCTS})")),
            Some(false) => c
                .sql
                .push(format!("product_id NOT IN ({LOW_STOCK_PRODUCTS})")),
            None => {}
        }
        self.read(move |conn| {
            let clause = c.clause();
            let count = conn
                .prepare_cached(&format!("SELECT COUNT(*) FROM stock_levels WHERE {clause}"))?
                .query_row(params_from_iter(&c.values), |row| row.get(0))?;
            let (limit, offset) = (c.next(), c.next() + 1);
            let mut values = c.values.clone();
            values.extend([Value::Integer(page.limit()), Value::Integer(page.offset())]);
            let items = conn
                .prepare_cached(&format!(
                    "SELECT product_id, warehouse_id, quantity, updated_at FROM stock_levels \
                     WHERE {clause} ORDER BY product_id, warehouse_id LIMIT ?{limit} OFFSET ?{offset}"
                ))?
                .query_map(params_from_iter(&values), |row| {
                    Ok(StockLevel {
                        product_id: row.get(0)?,
                        warehouse_id: row.get(1)?,
                        quantity: row.get(2)?,
                        updated_at: row.get::<_, Ts>(3)?.0,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Page {
                count,
                items,
                request: page,
            })
        })
        .await
    }

    async fn product_stock(&self, store: StoreId, product: ProductId) -> Result<ProductStock> {
        self.read(move |conn| {
            let by_warehouse = conn
                .prepare_cached(
                    "SELECT l.warehouse_id, w.name, l.quantity FROM stock_levels l \
                     JOIN warehouses w ON w.id = l.warehouse_id \
                     WHERE l.store_id = ?1 AND l.product_id = ?2 ORDER BY l.warehouse_id",
                )?
                .query_map(params![store, product], |row| {
                    Ok(WarehouseStock {
                        warehouse_id: row.get(0)?,
                        warehouse_name: row.get(1)?,
                        quantity: row.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let thresholds = conn
                .prepare_cached(
                    "SELECT min_stock, max_stock FROM stock_thresholds \
                     WHERE store_id = ?1 AND product_id = ?2",
                )?
                .query_row(params![store, product], |row| {
                    Ok(Thresholds {
                        min_stock: row.get(0)?,
                        max_stock: row.get(1)?,
                    })
                })
                .optional()?
                .unwrap_or_default();
            Ok(ProductStock {
                product_id: product,
                total: by_warehouse.iter().map(|w| w.quantity).sum(),
                by_warehouse,
                thresholds,
            })
        })
        .await
    }

    async fn set_thresholds(
        &self,
        store: StoreId,
        product: ProductId,
        thresholds: Thresholds,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.write(move |tx| {
            if thresholds == Thresholds::default() {
                tx.execute(
                    "DELETE FROM stock_thresholds WHERE store_id = ?1 AND product_id = ?2",
                    params![store, product],
                )
                .db()?;
            } else {
                tx.execute(
                    "INSERT INTO stock_thresholds (store_id, product_id, min_stock, max_stock, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (store_id, product_id) DO UPDATE SET \
                     min_stock = excluded.min_stock, max_stock = excluded.max_stock, \
                     updated_at = excluded.updated_at",
                    params![store, product, thresholds.min_stock, thresholds.max_stock, Ts(now)],
                )
                .db()?;
            }
            Ok(())
        })
        .await
    }

    async fn stock_quantity(
        &self,
        store: StoreId,
        product: ProductId,
        warehouse: Option<WarehouseId>,
    ) -> Result<Option<i64>> {
        self.read(move |conn| {
            conn.prepare_cached(
                "SELECT CASE WHEN ?3 IS NULL \
                   OR EXISTS (SELECT 1 FROM warehouses WHERE store_id = ?1 AND id = ?3) \
                 THEN (SELECT COALESCE(SUM(quantity), 0) FROM stock_levels \
                       WHERE store_id = ?1 AND product_id = ?2 AND (?3 IS NULL OR warehouse_id = ?3)) \
                 END",
            )?
            .query_row(params![store, product, warehouse], |row| row.get(0))
        })
        .await
    }

    async fn stock_totals(&self, store: StoreId) -> Result<Vec<(ProductId, i64)>> {
        self.read(move |conn| {
            conn.prepare_cached(
                "SELECT product_id, SUM(quantity) FROM stock_levels WHERE store_id = ?1 \
                 GROUP BY product_id ORDER BY product_id",
            )?
            .query_map([store], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect()
        })
        .await
    }

    async fn stock_report(
        &self,
        store: StoreId,
        since: DateTime<Utc>,
        page: PageRequest,
    ) -> Result<StockReport> {
        self.read(move |conn| {
            // One snapshot for every part of the report.
            let tx = conn.unchecked_transaction()?;
            let since_ts = Ts(since);
            // The window is aggregated once (materialised) for the page, its count and the top
            // movers; rows come back tagged with the part they belong to.
            let mut products = Vec::new();
            let mut top_movers = Vec::new();
            let mut count = 0;
            let mut stmt = tx.prepare_cached(REPORT_ACTIVITY)?;
            let mut rows = stmt.query(params![store, since_ts, page.limit(), page.offset(), TOP_MOVERS])?;
            while let Some(row) = rows.next()? {
                match row.get::<_, i64>(0)? {
                    PART_PAGE => products.push(activity_at(row, 1)?),
                    PART_TOP => top_movers.push(activity_at(row, 1)?),
                    _ => count = row.get(7)?,
                }
            }
            drop(rows);
            drop(stmt);
            sort_activity(&mut products, &mut top_movers);
            let mut low_stock_count = 0;
            let low_stock = tx
                .prepare_cached(
                    "SELECT product_id, total, min_stock, max_stock, COUNT(*) OVER () FROM \
                     (SELECT t.product_id, t.min_stock, t.max_stock, \
                       (SELECT COALESCE(SUM(l.quantity), 0) FROM stock_levels l \
                        WHERE l.store_id = t.store_id AND l.product_id = t.product_id) AS total \
                      FROM stock_thresholds t WHERE t.store_id = ?1 AND t.min_stock IS NOT NULL) \
                     WHERE total < min_stock ORDER BY min_stock - total DESC, product_id LIMIT ?2",
                )?
                .query_map(params![store, LOW_STOCK_LIST_MAX], |row| {
                    low_stock_count = row.get(4)?;
                    Ok(LowStockItem {
                        product_id: row.get(0)?,
                        total: row.get(1)?,
                        min_stock: row.get(2)?,
                        max_stock: row.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let warehouses = tx
                .prepare_cached(
                    "SELECT w.id, w.name, w.is_active, COALESCE(t.units, 0), COALESCE(t.products, 0) \
                     FROM warehouses w LEFT JOIN (SELECT warehouse_id, SUM(quantity) AS units, \
                       COUNT(CASE WHEN quantity > 0 THEN 1 END) AS products FROM stock_levels \
                       WHERE store_id = ?1 GROUP BY warehouse_id) t ON t.warehouse_id = w.id \
                     WHERE w.store_id = ?1 ORDER BY w.id",
                )?
                .query_map([store], |row| {
                    Ok(WarehouseUnits {
                        warehouse_id: row.get(0)?,
                        name: row.get(1)?,
                        is_active: row.get(2)?,
                        units: row.get(3)?,
                        products: row.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            tx.finish()?;
            Ok(StockReport {
                since,
                products: Page {
                    count,
                    items: products,
                    request: page,
                },
                top_movers,
                low_stock,
                low_stock_count,
                warehouses,
            })
        })
        .await
    }

    async fn verify_levels(&self, store: Option<StoreId>) -> Result<VerifyReport> {
        self.read(move |conn| {
            let tx = conn.unchecked_transaction()?;
            let levels_checked = tx.query_row(
                "SELECT COUNT(*) FROM stock_levels WHERE ?1 IS NULL OR store_id = ?1",
                [store],
                |row| row.get(0),
            )?;
            let movements_checked = tx.query_row(
                "SELECT COUNT(*) FROM stock_movements WHERE ?1 IS NULL OR store_id = ?1",
                [store],
                |row| row.get(0),
            )?;
            let mismatches = tx
                .prepare(
                    // One grouping over levels and ledger rows together: a join of two
                    // aggregates would make SQLite scan one of them for each row of the other.
                    "SELECT store_id, product_id, warehouse_id, SUM(level), SUM(ledger) FROM ( \
                       SELECT store_id, product_id, warehouse_id, quantity AS level, 0 AS ledger \
                       FROM stock_levels WHERE ?1 IS NULL OR store_id = ?1 \
                       UNION ALL \
                       SELECT store_id, product_id, warehouse_id, 0, quantity \
                       FROM stock_movements WHERE ?1 IS NULL OR store_id = ?1) \
                     GROUP BY store_id, product_id, warehouse_id HAVING SUM(level) <> SUM(ledger) \
                     ORDER BY 1, 2, 3",
                )?
                .query_map([store], |row| {
                    Ok(LevelMismatch {
                        store_id: row.get(0)?,
                        product_id: row.get(1)?,
                        warehouse_id: row.get(2)?,
                        level: row.get(3)?,
                        ledger: row.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            tx.finish()?;
            Ok(VerifyReport {
                levels_checked,
                movements_checked,
                mismatches,
            })
        })
        .await
    }

    async fn import_movements(
        &self,
        store: StoreId,
        movements: &[ImportedMovement],
        levels: &[(ProductId, WarehouseId, i64)],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let movements = movements.to_vec();
        let levels = levels.to_vec();
        self.write(move |tx| {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO stock_movements (store_id, product_id, warehouse_id, movement_type, \
                     quantity, level_after, reference, transfer_id, created_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .db()?;
            for m in &movements {
                insert
                    .execute(params![
                        store,
                        m.product_id,
                        m.warehouse_id,
                        m.movement_type.as_str(),
                        m.quantity,
                        m.level_after,
                        m.reference,
                        m.transfer_id.map(|id| id.to_string()),
                        Ts(m.created_at),
                    ])
                    .db()?;
            }
            let mut set = tx
                .prepare_cached(
                    "INSERT INTO stock_levels (store_id, product_id, warehouse_id, quantity, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (store_id, product_id, warehouse_id) \
                     DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at",
                )
                .db()?;
            for (product, warehouse, quantity) in &levels {
                set.execute(params![store, product, warehouse, quantity, Ts(now)])
                    .db()?;
            }
            Ok(())
        })
        .await
    }
}
