//! Warehouses, the stock ledger and levels on PostgreSQL. Each movement or transfer is one
//! transaction; "never below zero" is a conditional `UPDATE` (which, under READ COMMITTED, waits
//! for the row lock of a concurrent writer and re-checks the condition on the new value);
//! transfers touch their two level rows in warehouse-id order so opposite transfers cannot
//! deadlock; an idempotency key is a unique index, and the loser of a race reads the winner's row.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Postgres, QueryBuilder, Row};
use uuid::Uuid;

use enid_core::pagination::{Page, PageRequest};
use enid_core::stock::{
    Idempotency, ImportedMovement, LOW_STOCK_LIST_MAX, LevelFilter, LevelMismatch, LowStockItem,
    Movement, MovementFilter, MovementType, NewMovement, NewTransfer, NewWarehouse,
    ProductActivity, ProductId, ProductStock, Recorded, StockChange, StockLevel, StockReport,
    StockStore, TOP_MOVERS, Thresholds, Transfer, VerifyReport, Warehouse, WarehouseChanges,
    WarehouseId, WarehouseStock, WarehouseUnits,
};
use enid_core::stores::StoreId;
use enid_core::{Error, Result};

use super::{Db, PostgresStorage, database_failure, is_unique_violation};

/// A macro so that queries stay `&'static str` (`concat!`).
macro_rules! warehouse_columns {
    () => {
        "id, name, address, is_active, created_at, updated_at"
    };
}

macro_rules! movement_columns {
    () => {
        "id, product_id, warehouse_id, movement_type, quantity, level_after, reference, note, \
         transfer_id, created_by, created_at"
    };
}

/// Per-product sums of the ledger in store `$1` since `$2`.
macro_rules! activity {
    () => {
        "SELECT product_id, \
         COALESCE(SUM(quantity) FILTER (WHERE movement_type = 'in'), 0)::bigint AS units_in, \
         COALESCE(-SUM(quantity) FILTER (WHERE movement_type = 'out'), 0)::bigint AS units_out, \
         COALESCE(SUM(quantity) FILTER (WHERE movement_type = 'adjust'), 0)::bigint AS adjusted, \
         SUM(quantity)::bigint AS net \
         FROM stock_movements WHERE store_id = $1 AND created_at >= $2 GROUP BY product_id"
    };
}

/// The current total of `a.product_id` in store `$1`.
macro_rules! product_total {
    () => {
        "(SELECT COALESCE(SUM(l.quantity), 0)::bigint FROM stock_levels l \
         WHERE l.store_id = $1 AND l.product_id = a.product_id)"
    };
}

/// Products whose total is below their minimum, in store `$1`.
const LOW_STOCK_PRODUCTS: &str = "SELECT t.product_id FROM stock_thresholds t \
     WHERE t.store_id = $1 AND t.min_stock IS NOT NULL AND t.min_stock > \
     (SELECT COALESCE(SUM(x.quantity), 0) FROM stock_levels x \
      WHERE x.store_id = t.store_id AND x.product_id = t.product_id)";

fn warehouse_from_row(row: &PgRow) -> sqlx::Result<Warehouse> {
    Ok(Warehouse {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        address: row.try_get(2)?,
        is_active: row.try_get(3)?,
        created_at: row.try_get(4)?,
        updated_at: row.try_get(5)?,
    })
}

/// A movement from `movement_columns!()` starting at column `at`.
fn movement_at(row: &PgRow, at: usize) -> sqlx::Result<Movement> {
    let movement_type: &str = row.try_get(at + 3)?;
    Ok(Movement {
        id: row.try_get(at)?,
        product_id: row.try_get(at + 1)?,
        warehouse_id: row.try_get(at + 2)?,
        movement_type: movement_type
            .parse::<MovementType>()
            .map_err(|e| sqlx::Error::Decode(e.into()))?,
        quantity: row.try_get(at + 4)?,
        level_after: row.try_get(at + 5)?,
        reference: row.try_get(at + 6)?,
        note: row.try_get(at + 7)?,
        transfer_id: row.try_get(at + 8)?,
        created_by: row.try_get(at + 9)?,
        created_at: row.try_get(at + 10)?,
    })
}

fn movement_from_row(row: &PgRow) -> sqlx::Result<Movement> {
    movement_at(row, 0)
}

/// A product's activity from column `at`: product, in, out, adjusted, net, total.
fn activity_at(row: &PgRow, at: usize) -> sqlx::Result<ProductActivity> {
    Ok(ProductActivity {
        product_id: row.try_get(at)?,
        units_in: row.try_get(at + 1)?,
        units_out: row.try_get(at + 2)?,
        adjusted: row.try_get(at + 3)?,
        net: row.try_get(at + 4)?,
        total: row.try_get(at + 5)?,
    })
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

fn insufficient(product: ProductId, warehouse: WarehouseId, available: i64, asked: i64) -> Error {
    Error::conflict(
        "insufficient_stock",
        format!(
            "Not enough stock: warehouse {warehouse} has {available} units of product {product}, \
             {asked} requested."
        ),
    )
}

/// The committed movement that used the key, and the fingerprint of its request.
async fn movement_by_key(
    conn: &mut PgConnection,
    store: StoreId,
    key: &str,
) -> Result<Option<(String, Movement)>> {
    sqlx::query(concat!(
        "SELECT request_fingerprint, ",
        movement_columns!(),
        " FROM stock_movements WHERE store_id = $1 AND idempotency_key = $2"
    ))
    .bind(store)
    .bind(key)
    .try_map(|row: PgRow| Ok((row.try_get(0)?, movement_at(&row, 1)?)))
    .fetch_optional(conn)
    .await
    .db()
}

/// Both rows of a transfer, source first.
async fn transfer_rows(
    conn: &mut PgConnection,
    store: StoreId,
    transfer_id: Uuid,
) -> Result<Transfer> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        movement_columns!(),
        " FROM stock_movements WHERE transfer_id = $1 AND store_id = $2 ORDER BY quantity"
    ))
    .bind(transfer_id)
    .bind(store)
    .try_map(|row: PgRow| movement_from_row(&row))
    .fetch_all(conn)
    .await
    .db()?;
    match <[Movement; 2]>::try_from(rows) {
        Ok([from, to]) => Ok(Transfer { from, to }),
        Err(rows) => Err(Error::internal(format!(
            "transfer {transfer_id} has {} ledger rows",
            rows.len()
        ))),
    }
}

/// The first result of an idempotency key, if the key was used: a replay when the request is the
/// same, a 409 otherwise.
async fn replay_movement(
    conn: &mut PgConnection,
    store: StoreId,
    idempotency: &Idempotency,
) -> Result<Option<Recorded<Movement>>> {
    match movement_by_key(conn, store, &idempotency.key).await? {
        None => Ok(None),
        Some((fingerprint, first)) if fingerprint == idempotency.fingerprint => {
            Ok(Some(Recorded {
                value: first,
                replayed: true,
            }))
        }
        Some(_) => Err(idempotency_conflict()),
    }
}

async fn replay_transfer(
    conn: &mut PgConnection,
    store: StoreId,
    idempotency: &Idempotency,
) -> Result<Option<Recorded<Transfer>>> {
    match movement_by_key(conn, store, &idempotency.key).await? {
        None => Ok(None),
        Some((fingerprint, first)) => match first.transfer_id {
            Some(id) if fingerprint == idempotency.fingerprint => Ok(Some(Recorded {
                value: transfer_rows(conn, store, id).await?,
                replayed: true,
            })),
            _ => Err(idempotency_conflict()),
        },
    }
}

/// Checks that the warehouse is in the store (404) and active (409).
async fn check_warehouse(conn: &mut PgConnection, store: StoreId, id: WarehouseId) -> Result<()> {
    let active: Option<bool> =
        sqlx::query_scalar("SELECT is_active FROM warehouses WHERE store_id = $1 AND id = $2")
            .bind(store)
            .bind(id)
            .fetch_optional(conn)
            .await
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

async fn level_of(
    conn: &mut PgConnection,
    store: StoreId,
    product: ProductId,
    warehouse: WarehouseId,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT quantity FROM stock_levels WHERE store_id = $1 AND product_id = $2 AND warehouse_id = $3",
    )
    .bind(store)
    .bind(product)
    .bind(warehouse)
    .fetch_optional(conn)
    .await
    .db()?
    .unwrap_or(0))
}

/// Takes `quantity` units if the level has them; 409 otherwise.
async fn take(
    conn: &mut PgConnection,
    store: StoreId,
    product: ProductId,
    warehouse: WarehouseId,
    quantity: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    let after: Option<i64> = sqlx::query_scalar(
        "UPDATE stock_levels SET quantity = quantity - $4, updated_at = $5 \
         WHERE store_id = $1 AND product_id = $2 AND warehouse_id = $3 AND quantity >= $4 \
         RETURNING quantity",
    )
    .bind(store)
    .bind(product)
    .bind(warehouse)
    .bind(quantity)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await
    .db()?;
    match after {
        Some(after) => Ok(after),
        None => {
            let available = level_of(conn, store, product, warehouse).await?;
            Err(insufficient(product, warehouse, available, quantity))
        }
    }
}

/// Adds `quantity` units, creating the level row when needed.
async fn add(
    conn: &mut PgConnection,
    store: StoreId,
    product: ProductId,
    warehouse: WarehouseId,
    quantity: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO stock_levels (store_id, product_id, warehouse_id, quantity, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (store_id, product_id, warehouse_id) \
         DO UPDATE SET quantity = stock_levels.quantity + EXCLUDED.quantity, \
         updated_at = EXCLUDED.updated_at RETURNING quantity",
    )
    .bind(store)
    .bind(product)
    .bind(warehouse)
    .bind(quantity)
    .bind(now)
    .fetch_one(conn)
    .await
    .db()
}

/// Sets the level; returns it before and after.
async fn set(
    conn: &mut PgConnection,
    store: StoreId,
    product: ProductId,
    warehouse: WarehouseId,
    quantity: i64,
    now: DateTime<Utc>,
) -> Result<(i64, i64)> {
    sqlx::query(
        "INSERT INTO stock_levels (store_id, product_id, warehouse_id, quantity, updated_at) \
         VALUES ($1, $2, $3, 0, $4) ON CONFLICT DO NOTHING",
    )
    .bind(store)
    .bind(product)
    .bind(warehouse)
    .bind(now)
    .execute(&mut *conn)
    .await
    .db()?;
    let before: i64 = sqlx::query_scalar(
        "SELECT quantity FROM stock_levels \
         WHERE store_id = $1 AND product_id = $2 AND warehouse_id = $3 FOR UPDATE",
    )
    .bind(store)
    .bind(product)
    .bind(warehouse)
    .fetch_one(&mut *conn)
    .await
    .db()?;
    sqlx::query(
        "UPDATE stock_levels SET quantity = $4, updated_at = $5 \
         WHERE store_id = $1 AND product_id = $2 AND warehouse_id = $3",
    )
    .bind(store)
    .bind(product)
    .bind(warehouse)
    .bind(quantity)
    .bind(now)
    .execute(conn)
    .await
    .db()?;
    Ok((before, quantity))
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
    idempotency: Option<&'a Idempotency>,
}

/// Appends the row; `None` when its idempotency key was taken meanwhile.
async fn append(
    conn: &mut PgConnection,
    store: StoreId,
    row: &LedgerRow<'_>,
    now: DateTime<Utc>,
) -> Result<Option<Movement>> {
    sqlx::query(concat!(
        "INSERT INTO stock_movements (store_id, product_id, warehouse_id, movement_type, quantity, \
         level_after, reference, note, transfer_id, created_by, created_at, idempotency_key, \
         request_fingerprint) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (store_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING \
         RETURNING ",
        movement_columns!()
    ))
    .bind(store)
    .bind(row.product_id)
    .bind(row.warehouse_id)
    .bind(row.movement_type.as_str())
    .bind(row.quantity)
    .bind(row.level_after)
    .bind(row.reference)
    .bind(row.note)
    .bind(row.transfer_id)
    .bind(row.created_by)
    .bind(now)
    .bind(row.idempotency.map(|i| i.key.as_str()))
    .bind(row.idempotency.map(|i| i.fingerprint.as_str()))
    .try_map(|row: PgRow| movement_from_row(&row))
    .fetch_optional(conn)
    .await
    .db()
}

/// An adjustment inside the caller's transaction: the level is locked, read and set, and the
/// difference recorded. `None` when a concurrent request took its idempotency key.
async fn adjust_in(
    conn: &mut PgConnection,
    store: StoreId,
    m: &NewMovement,
    target: i64,
    now: DateTime<Utc>,
) -> Result<Option<Movement>> {
    check_warehouse(conn, store, m.warehouse_id).await?;
    let (before, after) = set(conn, store, m.product_id, m.warehouse_id, target, now).await?;
    let row = LedgerRow {
        product_id: m.product_id,
        warehouse_id: m.warehouse_id,
        movement_type: MovementType::Adjust,
        quantity: after - before,
        level_after: after,
        reference: m.reference.as_deref(),
        note: m.note.as_deref(),
        transfer_id: None,
        created_by: m.created_by,
        idempotency: m.idempotency.as_ref(),
    };
    append(conn, store, &row, now).await
}

/// The warehouse check, level change and ledger row of an `in` or `out` in one statement (so one
/// round trip and its own transaction). `$1` store, `$2` product, `$3` warehouse, `$4` units,
/// `$5` now, `$6` reference, `$7` note, `$8` created_by, `$9`/`$10` idempotency key and
/// fingerprint. The level is changed only for an active warehouse of the store (and, for an
/// `out`, only if it holds the units: the conditional update re-checks after waiting for a
/// concurrent writer's row lock); the ledger row only where the level changed. A taken
/// idempotency key fails the ledger insert, and with it the whole statement, level included.
/// The row: the warehouse's `is_active` (NULL when unknown), then the movement (NULLs when none).
macro_rules! one_statement_movement {
    ($level:literal, $movement_type:literal, $signed:literal) => {
        concat!(
            "WITH warehouse AS (SELECT is_active FROM warehouses WHERE store_id = $1 AND id = $3), \
             level AS (",
            $level,
            "), movement AS (INSERT INTO stock_movements (store_id, product_id, warehouse_id, \
             movement_type, quantity, level_after, reference, note, created_by, created_at, \
             idempotency_key, request_fingerprint) SELECT $1, $2, $3, '",
            $movement_type,
            "', ",
            $signed,
            ", quantity, $6, $7, $8, $5, $9, $10 FROM level RETURNING ",
            movement_columns!(),
            ") SELECT (SELECT is_active FROM warehouse), movement.* \
             FROM (VALUES (1)) AS one (x) LEFT JOIN movement ON TRUE"
        )
    };
}

const MOVEMENT_IN: &str = one_statement_movement!(
    "INSERT INTO stock_levels (store_id, product_id, warehouse_id, quantity, updated_at) \
     SELECT $1, $2, $3, $4, $5 FROM warehouse WHERE is_active \
     ON CONFLICT (store_id, product_id, warehouse_id) \
     DO UPDATE SET quantity = stock_levels.quantity + EXCLUDED.quantity, \
     updated_at = EXCLUDED.updated_at RETURNING quantity",
    "in",
    "$4"
);

const MOVEMENT_OUT: &str = one_statement_movement!(
    "UPDATE stock_levels SET quantity = quantity - $4, updated_at = $5 \
     WHERE store_id = $1 AND product_id = $2 AND warehouse_id = $3 AND quantity >= $4 \
     AND EXISTS (SELECT 1 FROM warehouse WHERE is_active) RETURNING quantity",
    "out",
    "-$4"
);

/// An `in` or `out` in one statement; `None` when its idempotency key is taken.
async fn in_or_out(
    conn: &mut PgConnection,
    store: StoreId,
    m: &NewMovement,
    sql: &'static str,
    units: i64,
    now: DateTime<Utc>,
) -> Result<Option<Movement>> {
    let row = sqlx::query(sql)
        .bind(store)
        .bind(m.product_id)
        .bind(m.warehouse_id)
        .bind(units)
        .bind(now)
        .bind(m.reference.as_deref())
        .bind(m.note.as_deref())
        .bind(m.created_by)
        .bind(m.idempotency.as_ref().map(|i| i.key.as_str()))
        .bind(m.idempotency.as_ref().map(|i| i.fingerprint.as_str()))
        .fetch_one(&mut *conn)
        .await;
    let row = match row {
        Ok(row) => row,
        Err(err) if is_unique_violation(&err) => return Ok(None),
        Err(err) => return Err(database_failure(err)),
    };
    match row.try_get::<Option<bool>, _>(0).db()? {
        None => Err(warehouse_not_found()),
        Some(false) => Err(Error::conflict(
            "warehouse_inactive",
            format!(
                "Warehouse {} is inactive and takes no movements.",
                m.warehouse_id
            ),
        )),
        Some(true) => {
            if row.try_get::<Option<i64>, _>(1).db()?.is_some() {
                movement_at(&row, 1).db().map(Some)
            } else {
                let available = level_of(conn, store, m.product_id, m.warehouse_id).await?;
                Err(insufficient(m.product_id, m.warehouse_id, available, units))
            }
        }
    }
}

/// Both level changes and ledger rows of a transfer; `None` when a concurrent request took its
/// idempotency key.
async fn transfer_in(
    conn: &mut PgConnection,
    store: StoreId,
    t: &NewTransfer,
    now: DateTime<Utc>,
) -> Result<Option<Transfer>> {
    check_warehouse(conn, store, t.from_warehouse_id).await?;
    check_warehouse(conn, store, t.to_warehouse_id).await?;
    let (product, quantity) = (t.product_id, t.quantity.get());
    // Lower warehouse id first, whichever side it is, so that two opposite transfers lock the
    // two rows in the same order.
    let (from_after, to_after) = if t.from_warehouse_id < t.to_warehouse_id {
        let from = take(conn, store, product, t.from_warehouse_id, quantity, now).await?;
        (
            from,
            add(conn, store, product, t.to_warehouse_id, quantity, now).await?,
        )
    } else {
        let to = add(conn, store, product, t.to_warehouse_id, quantity, now).await?;
        (
            take(conn, store, product, t.from_warehouse_id, quantity, now).await?,
            to,
        )
    };
    let row = |warehouse_id, quantity, level_after, idempotency| LedgerRow {
        product_id: product,
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
    let from_row = row(
        t.from_warehouse_id,
        -quantity,
        from_after,
        t.idempotency.as_ref(),
    );
    let Some(from) = append(conn, store, &from_row, now).await? else {
        return Ok(None);
    };
    let to_row = row(t.to_warehouse_id, quantity, to_after, None);
    let to = append(conn, store, &to_row, now)
        .await?
        .ok_or_else(|| Error::internal("a transfer row without a key conflicted"))?;
    Ok(Some(Transfer { from, to }))
}

/// Adds the level filters to a query on `stock_levels` (store bound as `$1`).
fn push_level_filter(q: &mut QueryBuilder<Postgres>, store: StoreId, filter: &LevelFilter) {
    q.push(" WHERE store_id = ").push_bind(store);
    if let Some(product) = filter.product_id {
        q.push(" AND product_id = ").push_bind(product);
    }
    if let Some(warehouse) = filter.warehouse_id {
        q.push(" AND warehouse_id = ").push_bind(warehouse);
    }
    match filter.low_stock {
        Some(true) => {
            q.push(" AND product_id IN (")
                .push(LOW_STOCK_PRODUCTS)
                .push(")");
        }
        Some(false) => {
            q.push(" AND product_id NOT IN (")
                .push(LOW_STOCK_PRODUCTS)
                .push(")");
        }
        None => {}
    }
}

/// Adds the ledger filters to a query on `stock_movements`.
fn push_movement_filter(q: &mut QueryBuilder<Postgres>, store: StoreId, filter: &MovementFilter) {
    q.push(" WHERE store_id = ").push_bind(store);
    if let Some(product) = filter.product_id {
        q.push(" AND product_id = ").push_bind(product);
    }
    if let Some(warehouse) = filter.warehouse_id {
        q.push(" AND warehouse_id = ").push_bind(warehouse);
    }
    if let Some(kind) = filter.movement_type {
        q.push(" AND movement_type = ").push_bind(kind.as_str());
    }
    if let Some(since) = filter.since {
        q.push(" AND created_at >= ").push_bind(since);
    }
    if let Some(until) = filter.until {
        q.push(" AND created_at <= ").push_bind(until);
    }
}

#[async_trait]
impl StockStore for PostgresStorage {
    async fn create_warehouse(
        &self,
        store: StoreId,
        warehouse: &NewWarehouse,
        now: DateTime<Utc>,
    ) -> Result<Warehouse> {
        sqlx::query(concat!(
            "INSERT INTO warehouses (store_id, name, name_key, address, is_active, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ",
            warehouse_columns!()
        ))
        .bind(store)
        .bind(&warehouse.name)
        .bind(&warehouse.name_key)
        .bind(&warehouse.address)
        .bind(warehouse.is_active)
        .bind(now)
        .try_map(|row: PgRow| warehouse_from_row(&row))
        .fetch_one(&self.pool)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                name_taken()
            } else {
                database_failure(e)
            }
        })
    }

    async fn warehouse(&self, store: StoreId, id: WarehouseId) -> Result<Option<Warehouse>> {
        sqlx::query(concat!(
            "SELECT ",
            warehouse_columns!(),
            " FROM warehouses WHERE store_id = $1 AND id = $2"
        ))
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| warehouse_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .db()
    }

    async fn list_warehouses(
        &self,
        store: StoreId,
        is_active: Option<bool>,
        page: PageRequest,
    ) -> Result<Page<Warehouse>> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM warehouses WHERE store_id = $1 \
             AND ($2::boolean IS NULL OR is_active = $2)",
        )
        .bind(store)
        .bind(is_active)
        .fetch_one(&self.pool)
        .await
        .db()?;
        let items = sqlx::query(concat!(
            "SELECT ",
            warehouse_columns!(),
            " FROM warehouses WHERE store_id = $1 AND ($2::boolean IS NULL OR is_active = $2) \
             ORDER BY id LIMIT $3 OFFSET $4"
        ))
        .bind(store)
        .bind(is_active)
        .bind(page.limit())
        .bind(page.offset())
        .try_map(|row: PgRow| warehouse_from_row(&row))
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(Page {
            count,
            items,
            request: page,
        })
    }

    async fn update_warehouse(
        &self,
        store: StoreId,
        id: WarehouseId,
        changes: &WarehouseChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Warehouse>> {
        let (name, key) = changes.name.clone().unzip();
        sqlx::query(concat!(
            "UPDATE warehouses SET name = COALESCE($1, name), name_key = COALESCE($2, name_key), \
             address = COALESCE($3, address), is_active = COALESCE($4, is_active), updated_at = $5 \
             WHERE store_id = $6 AND id = $7 RETURNING ",
            warehouse_columns!()
        ))
        .bind(name)
        .bind(key)
        .bind(&changes.address)
        .bind(changes.is_active)
        .bind(now)
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| warehouse_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                name_taken()
            } else {
                database_failure(e)
            }
        })
    }

    async fn delete_warehouse(&self, store: StoreId, id: WarehouseId) -> Result<bool> {
        let mut tx = self.pool.begin().await.db()?;
        // Locks the warehouse against concurrent movements (their foreign-key check takes a
        // KEY SHARE lock on it) while checking that it has none.
        let exists =
            sqlx::query("SELECT 1 FROM warehouses WHERE store_id = $1 AND id = $2 FOR UPDATE")
                .bind(store)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .db()?
                .is_some();
        if !exists {
            tx.rollback().await.db()?;
            return Ok(false);
        }
        let used: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM stock_movements WHERE store_id = $1 AND warehouse_id = $2)",
        )
        .bind(store)
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .db()?;
        if used {
            tx.rollback().await.db()?;
            return Err(Error::conflict(
                "warehouse_in_use",
                "This warehouse has stock movements; deactivate it instead.",
            ));
        }
        sqlx::query("DELETE FROM stock_levels WHERE store_id = $1 AND warehouse_id = $2")
            .bind(store)
            .bind(id)
            .execute(&mut *tx)
            .await
            .db()?;
        sqlx::query("DELETE FROM warehouses WHERE store_id = $1 AND id = $2")
            .bind(store)
            .bind(id)
            .execute(&mut *tx)
            .await
            .db()?;
        tx.commit().await.db()?;
        Ok(true)
    }

    async fn record_movement(
        &self,
        store: StoreId,
        movement: &NewMovement,
        now: DateTime<Utc>,
    ) -> Result<Recorded<Movement>> {
        let mut conn = self.pool.acquire().await.db()?;
        if let Some(idempotency) = &movement.idempotency
            && let Some(replay) = replay_movement(&mut conn, store, idempotency).await?
        {
            return Ok(replay);
        }
        let outcome = match movement.change {
            StockChange::In(q) => {
                in_or_out(&mut conn, store, movement, MOVEMENT_IN, q.get(), now).await
            }
            StockChange::Out(q) => {
                in_or_out(&mut conn, store, movement, MOVEMENT_OUT, q.get(), now).await
            }
            StockChange::Adjust(target) => {
                let mut tx = sqlx::Connection::begin(&mut *conn).await.db()?;
                let outcome = adjust_in(&mut tx, store, movement, target.get(), now).await;
                if matches!(outcome, Ok(Some(_))) {
                    tx.commit().await.db()?;
                } else {
                    tx.rollback().await.db()?;
                }
                outcome
            }
        };
        match outcome {
            Ok(Some(value)) => Ok(Recorded {
                value,
                replayed: false,
            }),
            // A concurrent request with the same key committed first (its row is why this insert
            // found a conflict), or took what this one needed: answer with its result.
            Ok(None) | Err(_) => {
                if let Some(idempotency) = &movement.idempotency
                    && let Some(replay) = replay_movement(&mut conn, store, idempotency).await?
                {
                    return Ok(replay);
                }
                match outcome {
                    Err(err) => Err(err),
                    Ok(_) => Err(Error::internal(
                        "an idempotency key conflicted and vanished",
                    )),
                }
            }
        }
    }

    async fn record_transfer(
        &self,
        store: StoreId,
        transfer: &NewTransfer,
        now: DateTime<Utc>,
    ) -> Result<Recorded<Transfer>> {
        let mut conn = self.pool.acquire().await.db()?;
        if let Some(idempotency) = &transfer.idempotency
            && let Some(replay) = replay_transfer(&mut conn, store, idempotency).await?
        {
            return Ok(replay);
        }
        let mut tx = sqlx::Connection::begin(&mut *conn).await.db()?;
        let outcome = transfer_in(&mut tx, store, transfer, now).await;
        match outcome {
            Ok(Some(value)) => {
                tx.commit().await.db()?;
                Ok(Recorded {
                    value,
                    replayed: false,
                })
            }
            Ok(None) | Err(_) => {
                tx.rollback().await.db()?;
                if let Some(idempotency) = &transfer.idempotency
                    && let Some(replay) = replay_transfer(&mut conn, store, idempotency).await?
                {
                    return Ok(replay);
                }
                match outcome {
                    Err(err) => Err(err),
                    Ok(_) => Err(Error::internal(
                        "an idempotency key conflicted and vanished",
                    )),
                }
            }
        }
    }

    async fn list_movements(
        &self,
        store: StoreId,
        filter: &MovementFilter,
        page: PageRequest,
    ) -> Result<Page<Movement>> {
        let mut count = QueryBuilder::<Postgres>::new("SELECT COUNT(*) FROM stock_movements");
        push_movement_filter(&mut count, store, filter);
        let count: i64 = count
            .build_query_scalar()
            .fetch_one(&self.pool)
            .await
            .db()?;
        let mut items = QueryBuilder::<Postgres>::new(concat!(
            "SELECT ",
            movement_columns!(),
            " FROM stock_movements"
        ));
        push_movement_filter(&mut items, store, filter);
        items
            .push(" ORDER BY id DESC LIMIT ")
            .push_bind(page.limit())
            .push(" OFFSET ")
            .push_bind(page.offset());
        let items = items
            .build()
            .try_map(|row: PgRow| movement_from_row(&row))
            .fetch_all(&self.pool)
            .await
            .db()?;
        Ok(Page {
            count,
            items,
            request: page,
        })
    }

    async fn list_levels(
        &self,
        store: StoreId,
        filter: &LevelFilter,
        page: PageRequest,
    ) -> Result<Page<StockLevel>> {
        let mut count = QueryBuilder::<Postgres>::new("SELECT COUNT(*) FROM stock_levels");
        push_level_filter(&mut count, store, filter);
        let count: i64 = count
            .build_query_scalar()
            .fetch_one(&self.pool)
            .await
            .db()?;
        let mut items = QueryBuilder::<Postgres>::new(
            "SELECT product_id, warehouse_id, quantity, updated_at FROM stock_levels",
        );
        push_level_filter(&mut items, store, filter);
        items
            .push(" ORDER BY product_id, warehouse_id LIMIT ")
            .push_bind(page.limit())
            .push(" OFFSET ")
            .push_bind(page.offset());
        let items = items
            .build()
            .try_map(|row: PgRow| {
                Ok(StockLevel {
                    product_id: row.try_get(0)?,
                    warehouse_id: row.try_get(1)?,
                    quantity: row.try_get(2)?,
                    updated_at: row.try_get(3)?,
                })
            })
            .fetch_all(&self.pool)
            .await
            .db()?;
        Ok(Page {
            count,
            items,
            request: page,
        })
    }

    async fn product_stock(&self, store: StoreId, product: ProductId) -> Result<ProductStock> {
        // Levels and thresholds in one round trip: the thresholds ride on every row, and on a
        // row of their own (warehouse NULL) when the product has no level.
        let rows = sqlx::query(
            "SELECT l.warehouse_id, w.name, l.quantity, t.min_stock, t.max_stock \
             FROM (SELECT $1::bigint AS store_id, $2::bigint AS product_id) p \
             LEFT JOIN stock_levels l ON l.store_id = p.store_id AND l.product_id = p.product_id \
             LEFT JOIN warehouses w ON w.id = l.warehouse_id \
             LEFT JOIN stock_thresholds t ON t.store_id = p.store_id AND t.product_id = p.product_id \
             ORDER BY l.warehouse_id",
        )
        .bind(store)
        .bind(product)
        .fetch_all(&self.pool)
        .await
        .db()?;
        let mut thresholds = Thresholds::default();
        let mut by_warehouse = Vec::new();
        for row in &rows {
            thresholds = Thresholds {
                min_stock: row.try_get(3).db()?,
                max_stock: row.try_get(4).db()?,
            };
            if let Some(warehouse_id) = row.try_get::<Option<i64>, _>(0).db()? {
                by_warehouse.push(WarehouseStock {
                    warehouse_id,
                    warehouse_name: row.try_get(1).db()?,
                    quantity: row.try_get(2).db()?,
                });
            }
        }
        Ok(ProductStock {
            product_id: product,
            total: by_warehouse.iter().map(|w| w.quantity).sum(),
            by_warehouse,
            thresholds,
        })
    }

    async fn set_thresholds(
        &self,
        store: StoreId,
        product: ProductId,
        thresholds: Thresholds,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if thresholds == Thresholds::default() {
            sqlx::query("DELETE FROM stock_thresholds WHERE store_id = $1 AND product_id = $2")
                .bind(store)
                .bind(product)
                .execute(&self.pool)
                .await
                .db()?;
        } else {
            sqlx::query(
                "INSERT INTO stock_thresholds (store_id, product_id, min_stock, max_stock, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (store_id, product_id) DO UPDATE SET \
                 min_stock = EXCLUDED.min_stock, max_stock = EXCLUDED.max_stock, \
                 updated_at = EXCLUDED.updated_at",
            )
            .bind(store)
            .bind(product)
            .bind(thresholds.min_stock)
            .bind(thresholds.max_stock)
            .bind(now)
            .execute(&self.pool)
            .await
            .db()?;
        }
        Ok(())
    }

    async fn stock_quantity(
        &self,
        store: StoreId,
        product: ProductId,
        warehouse: Option<WarehouseId>,
    ) -> Result<Option<i64>> {
        sqlx::query_scalar(
            "SELECT CASE WHEN $3::bigint IS NULL \
               OR EXISTS (SELECT 1 FROM warehouses WHERE store_id = $1 AND id = $3) \
             THEN (SELECT COALESCE(SUM(quantity), 0)::bigint FROM stock_levels \
                   WHERE store_id = $1 AND product_id = $2 AND ($3::bigint IS NULL OR warehouse_id = $3)) \
             END",
        )
        .bind(store)
        .bind(product)
        .bind(warehouse)
        .fetch_one(&self.pool)
        .await
        .db()
    }

    async fn stock_totals(&self, store: StoreId) -> Result<Vec<(ProductId, i64)>> {
        sqlx::query_as(
            "SELECT product_id, SUM(quantity)::bigint FROM stock_levels WHERE store_id = $1 \
             GROUP BY product_id ORDER BY product_id",
        )
        .bind(store)
        .fetch_all(&self.pool)
        .await
        .db()
    }

    async fn stock_report(
        &self,
        store: StoreId,
        since: DateTime<Utc>,
        page: PageRequest,
    ) -> Result<StockReport> {
        let mut tx = self.pool.begin().await.db()?;
        // One snapshot for every part of the report.
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await
            .db()?;
        // The window is aggregated once (materialised) for the page, its count and the top
        // movers; rows come back tagged with the part they belong to.
        let rows = sqlx::query(concat!(
            "WITH activity AS MATERIALIZED (",
            activity!(),
            "), page AS (SELECT * FROM activity ORDER BY product_id LIMIT $3 OFFSET $4), \
             top AS (SELECT * FROM activity WHERE units_in + units_out > 0 \
               ORDER BY units_in + units_out DESC, product_id LIMIT $5), \
             parts AS (SELECT 0 AS part, * FROM page UNION ALL SELECT 1, * FROM top) \
             SELECT a.part, a.product_id, a.units_in, a.units_out, a.adjusted, a.net, ",
            product_total!(),
            ", 0::bigint FROM parts a \
             UNION ALL SELECT 2, 0, 0, 0, 0, 0, 0, (SELECT COUNT(*) FROM activity)"
        ))
        .bind(store)
        .bind(since)
        .bind(page.limit())
        .bind(page.offset())
        .bind(TOP_MOVERS)
        .fetch_all(&mut *tx)
        .await
        .db()?;
        let (mut products, mut top_movers, mut count) = (Vec::new(), Vec::new(), 0);
        for row in &rows {
            match row.try_get::<i32, _>(0).db()? {
                0 => products.push(activity_at(row, 1).db()?),
                1 => top_movers.push(activity_at(row, 1).db()?),
                _ => count = row.try_get(7).db()?,
            }
        }
        // A compound query promises no row order.
        products.sort_by_key(|a| a.product_id);
        top_movers.sort_by_key(|a| (std::cmp::Reverse(a.units_in + a.units_out), a.product_id));
        let low_rows = sqlx::query(
            "SELECT product_id, total, min_stock, max_stock, COUNT(*) OVER () FROM \
             (SELECT t.product_id, t.min_stock, t.max_stock, \
               (SELECT COALESCE(SUM(l.quantity), 0)::bigint FROM stock_levels l \
                WHERE l.store_id = t.store_id AND l.product_id = t.product_id) AS total \
              FROM stock_thresholds t WHERE t.store_id = $1 AND t.min_stock IS NOT NULL) s \
             WHERE total < min_stock ORDER BY min_stock - total DESC, product_id LIMIT $2",
        )
        .bind(store)
        .bind(LOW_STOCK_LIST_MAX)
        .fetch_all(&mut *tx)
        .await
        .db()?;
        let low_stock_count = match low_rows.first() {
            Some(row) => row.try_get::<i64, _>(4).db()?,
            None => 0,
        };
        let low_stock = low_rows
            .iter()
            .map(|row| {
                Ok(LowStockItem {
                    product_id: row.try_get(0)?,
                    total: row.try_get(1)?,
                    min_stock: row.try_get(2)?,
                    max_stock: row.try_get(3)?,
                })
            })
            .collect::<sqlx::Result<Vec<_>>>()
            .db()?;
        let warehouses = sqlx::query(
            "SELECT w.id, w.name, w.is_active, COALESCE(t.units, 0)::bigint, COALESCE(t.products, 0) \
             FROM warehouses w LEFT JOIN (SELECT warehouse_id, SUM(quantity) AS units, \
               COUNT(*) FILTER (WHERE quantity > 0) AS products FROM stock_levels \
               WHERE store_id = $1 GROUP BY warehouse_id) t ON t.warehouse_id = w.id \
             WHERE w.store_id = $1 ORDER BY w.id",
        )
        .bind(store)
        .try_map(|row: PgRow| {
            Ok(WarehouseUnits {
                warehouse_id: row.try_get(0)?,
                name: row.try_get(1)?,
                is_active: row.try_get(2)?,
                units: row.try_get(3)?,
                products: row.try_get(4)?,
            })
        })
        .fetch_all(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()?;
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
    }

    async fn verify_levels(&self, store: Option<StoreId>) -> Result<VerifyReport> {
        let mut tx = self.pool.begin().await.db()?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await
            .db()?;
        let levels_checked: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM stock_levels WHERE $1::bigint IS NULL OR store_id = $1",
        )
        .bind(store)
        .fetch_one(&mut *tx)
        .await
        .db()?;
        let movements_checked: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM stock_movements WHERE $1::bigint IS NULL OR store_id = $1",
        )
        .bind(store)
        .fetch_one(&mut *tx)
        .await
        .db()?;
        let mismatches = sqlx::query(
            "SELECT store_id, product_id, warehouse_id, SUM(level)::bigint, SUM(ledger)::bigint FROM ( \
               SELECT store_id, product_id, warehouse_id, quantity AS level, 0::bigint AS ledger \
               FROM stock_levels WHERE $1::bigint IS NULL OR store_id = $1 \
               UNION ALL \
               SELECT store_id, product_id, warehouse_id, 0, quantity \
               FROM stock_movements WHERE $1::bigint IS NULL OR store_id = $1) u \
             GROUP BY store_id, product_id, warehouse_id HAVING SUM(level) <> SUM(ledger) \
             ORDER BY 1, 2, 3",
        )
        .bind(store)
        .try_map(|row: PgRow| {
            Ok(LevelMismatch {
                store_id: row.try_get(0)?,
                product_id: row.try_get(1)?,
                warehouse_id: row.try_get(2)?,
                level: row.try_get(3)?,
                ledger: row.try_get(4)?,
            })
        })
        .fetch_all(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()?;
        Ok(VerifyReport {
            levels_checked,
            movements_checked,
            mismatches,
        })
    }

    async fn import_movements(
        &self,
        store: StoreId,
        movements: &[ImportedMovement],
        levels: &[(ProductId, WarehouseId, i64)],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.db()?;
        // Arrays bound once: one statement per batch instead of one per row.
        sqlx::query(
            "INSERT INTO stock_movements (store_id, product_id, warehouse_id, movement_type, \
             quantity, level_after, reference, transfer_id, created_at) \
             SELECT $1, * FROM UNNEST($2::bigint[], $3::bigint[], $4::text[], $5::bigint[], \
             $6::bigint[], $7::text[], $8::uuid[], $9::timestamptz[])",
        )
        .bind(store)
        .bind(movements.iter().map(|m| m.product_id).collect::<Vec<_>>())
        .bind(movements.iter().map(|m| m.warehouse_id).collect::<Vec<_>>())
        .bind(
            movements
                .iter()
                .map(|m| m.movement_type.as_str())
                .collect::<Vec<_>>(),
        )
        .bind(movements.iter().map(|m| m.quantity).collect::<Vec<_>>())
        .bind(movements.iter().map(|m| m.level_after).collect::<Vec<_>>())
        .bind(
            movements
                .iter()
                .map(|m| m.reference.as_deref())
                .collect::<Vec<_>>(),
        )
        .bind(movements.iter().map(|m| m.transfer_id).collect::<Vec<_>>())
        .bind(movements.iter().map(|m| m.created_at).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await
        .db()?;
        sqlx::query(
            "INSERT INTO stock_levels (store_id, product_id, warehouse_id, quantity, updated_at) \
             SELECT $1, p, w, q, $5 FROM UNNEST($2::bigint[], $3::bigint[], $4::bigint[]) AS u (p, w, q) \
             ON CONFLICT (store_id, product_id, warehouse_id) \
             DO UPDATE SET quantity = EXCLUDED.quantity, updated_at = EXCLUDED.updated_at",
        )
        .bind(store)
        .bind(levels.iter().map(|l| l.0).collect::<Vec<_>>())
        .bind(levels.iter().map(|l| l.1).collect::<Vec<_>>())
        .bind(levels.iter().map(|l| l.2).collect::<Vec<_>>())
        .bind(now)
        .execute(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()?;
        Ok(())
    }
}
