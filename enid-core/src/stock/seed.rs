//! Realistic inventory history for demos and benchmarks: warehouses, an opening stock of every
//! product in every warehouse, then receipts, shipments, counts and transfers spread over the past
//! `days`, written in large batches. Levels are tracked in memory while generating, so every row's
//! `level_after` is right and no level ever goes below zero.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use super::{
    ImportedMovement, LevelFilter, MovementType, NewWarehouse, ProductId, StockService, Thresholds,
    Warehouse, WarehouseId, warehouse_name_key,
};
use crate::error::{Error, Result};
use crate::pagination::{MAX_PAGE_SIZE, PageRequest};
use crate::stores::StoreId;

/// What to generate.
#[derive(Debug, Clone)]
pub struct SeedPlan {
    pub products: i64,
    pub warehouses: i64,
    /// Ledger rows in all, opening stock included (a transfer is two rows).
    pub movements: i64,
    /// The history ends now and starts this many days ago.
    pub days: i64,
    /// The random seed, so a plan always produces the same history.
    pub seed: u64,
}

/// Called with the number of ledger rows written so far.
pub type SeedProgress<'p> = &'p (dyn Fn(u64) + Send + Sync);

/// Rows written per transaction.
const BATCH_ROWS: usize = 20_000;

const WAREHOUSE_NAMES: [&str; 8] = [
    "CDMX Norte",
    "CDMX Sur",
    "Guadalajara",
    "Monterrey",
    "Puebla",
    "Querétaro",
    "Mérida",
    "Tijuana",
];

fn warehouse_name(index: i64) -> String {
    match WAREHOUSE_NAMES.get(index as usize) {
        Some(name) => format!("Almacén {name}"),
        None => format!("Almacén {}", index + 1),
    }
}

/// The levels as generated so far, and the rows and levels not yet written.
struct History {
    levels: HashMap<(ProductId, WarehouseId), i64>,
    touched: HashMap<(ProductId, WarehouseId), i64>,
    batch: Vec<ImportedMovement>,
}

impl History {
    fn level(&self, product: ProductId, warehouse: WarehouseId) -> i64 {
        self.levels.get(&(product, warehouse)).copied().unwrap_or(0)
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        product_id: ProductId,
        warehouse_id: WarehouseId,
        movement_type: MovementType,
        quantity: i64,
        reference: Option<String>,
        transfer_id: Option<Uuid>,
        created_at: DateTime<Utc>,
    ) {
        let level = self.levels.entry((product_id, warehouse_id)).or_insert(0);
        *level += quantity;
        self.touched.insert((product_id, warehouse_id), *level);
        self.batch.push(ImportedMovement {
            product_id,
            warehouse_id,
            movement_type,
            quantity,
            level_after: *level,
            reference,
            transfer_id,
            created_at,
        });
    }
}

impl StockService<'_> {
    /// Generates the plan's history in `store` (for the CLI's `seed inventory`). Warehouses with
    /// the generated names are reused, and the history continues their current levels.
    pub async fn seed(
        &self,
        store: StoreId,
        plan: &SeedPlan,
        progress: SeedProgress<'_>,
    ) -> Result<Vec<Warehouse>> {
        if plan.products < 1 || plan.warehouses < 1 || plan.days < 1 {
            return Err(Error::bad_request(
                "invalid_seed_plan",
                "Products, warehouses and days must be at least 1.",
            ));
        }
        if plan.movements < plan.products * plan.warehouses {
            return Err(Error::bad_request(
                "invalid_seed_plan",
                "Movements must cover the opening stock: at least products × warehouses.",
            ));
        }
        let storage = self.enid.storage();
        let now = self.enid.now();
        let warehouses = self.seed_warehouses(store, plan.warehouses).await?;
        let ids: Vec<WarehouseId> = warehouses.iter().map(|w| w.id).collect();

        let mut levels = HashMap::new();
        let mut page = 1;
        loop {
            let request = PageRequest::new(Some(page), Some(i64::from(MAX_PAGE_SIZE)))?;
            let found = storage
                .list_levels(store, &LevelFilter::default(), request)
                .await?;
            for level in &found.items {
                levels.insert((level.product_id, level.warehouse_id), level.quantity);
            }
            if !found.has_next() {
                break;
            }
            page += 1;
        }

        let mut rng = StdRng::seed_from_u64(plan.seed);
        let start = now - Duration::days(plan.days);
        let span_micros = (now - start).num_microseconds().unwrap_or(i64::MAX);
        let total = plan.movements;
        let mut history = History {
            levels,
            touched: HashMap::new(),
            batch: Vec::with_capacity(BATCH_ROWS + 1),
        };
        let mut written: i64 = 0;

        while written + (history.batch.len() as i64) < total {
            let index = written + history.batch.len() as i64;
            let at = start + Duration::microseconds(span_micros / total * index);
            if index < plan.products * plan.warehouses {
                let product = index / plan.warehouses + 1;
                let warehouse = ids[(index % plan.warehouses) as usize];
                let quantity = rng.random_range(20..=200);
                let reference = Some("Inventario inicial".to_owned());
                history.push(
                    product,
                    warehouse,
                    MovementType::In,
                    quantity,
                    reference,
                    None,
                    at,
                );
            } else {
                // Popular products move more: a skewed pick favours low ids.
                let skew: f64 = rng.random::<f64>().powi(2);
                let product = ((skew * plan.products as f64) as i64).min(plan.products - 1) + 1;
                let warehouse = ids[rng.random_range(0..ids.len())];
                let level = history.level(product, warehouse);
                let roll = rng.random_range(0..100);
                let transfer_room = total - index >= 2 && ids.len() > 1;
                if roll < 6 && transfer_room && level > 0 {
                    let to = loop {
                        let candidate = ids[rng.random_range(0..ids.len())];
                        if candidate != warehouse {
                            break candidate;
                        }
                    };
                    let quantity = rng.random_range(1..=level.min(20));
                    let id = Some(Uuid::now_v7());
                    let reference = Some(format!("TR-{}", index + 1));
                    let kind = MovementType::Transfer;
                    history.push(
                        product,
                        warehouse,
                        kind,
                        -quantity,
                        reference.clone(),
                        id,
                        at,
                    );
                    history.push(product, to, kind, quantity, reference, id, at);
                } else if roll < 9 {
                    let counted = (level + rng.random_range(-3..=3)).max(0);
                    let reference = Some("Conteo cíclico".to_owned());
                    let kind = MovementType::Adjust;
                    history.push(
                        product,
                        warehouse,
                        kind,
                        counted - level,
                        reference,
                        None,
                        at,
                    );
                } else {
                    let quantity = rng.random_range(1..=6);
                    if roll < 60 && level >= quantity {
                        let reference = Some(format!("ORD-{}", 100_000 + index));
                        let kind = MovementType::Out;
                        history.push(product, warehouse, kind, -quantity, reference, None, at);
                    } else {
                        let quantity = quantity * rng.random_range(2..=8);
                        let reference = Some(format!("PO-{}", 10_000 + index / 50));
                        let kind = MovementType::In;
                        history.push(product, warehouse, kind, quantity, reference, None, at);
                    }
                }
            }
            if history.batch.len() >= BATCH_ROWS || written + history.batch.len() as i64 >= total {
                let changed: Vec<_> = history
                    .touched
                    .drain()
                    .map(|((p, w), q)| (p, w, q))
                    .collect();
                storage
                    .import_movements(store, &history.batch, &changed, now)
                    .await?;
                written += history.batch.len() as i64;
                history.batch.clear();
                progress(written as u64);
            }
        }

        // Every twentieth product gets thresholds around its stock, so that about half of them
        // are low.
        let mut totals = HashMap::<ProductId, i64>::new();
        for ((product, _), level) in &history.levels {
            *totals.entry(*product).or_default() += level;
        }
        for product in (1..=plan.products).step_by(20) {
            let total = totals.get(&product).copied().unwrap_or(0);
            let min = (total as f64 * rng.random_range(0.5..1.5)) as i64;
            let min = min.clamp(10, super::MAX_QUANTITY / 4);
            let thresholds = Thresholds {
                min_stock: Some(min),
                max_stock: Some(min * 4),
            };
            storage
                .set_thresholds(store, product, thresholds, now)
                .await?;
        }
        self.changed(store).await;
        Ok(warehouses)
    }

    /// The plan's warehouses: existing ones with the generated names, the others created.
    async fn seed_warehouses(&self, store: StoreId, count: i64) -> Result<Vec<Warehouse>> {
        let storage = self.enid.storage();
        let mut existing = Vec::new();
        let mut page = 1;
        loop {
            let request = PageRequest::new(Some(page), Some(i64::from(MAX_PAGE_SIZE)))?;
            let found = storage.list_warehouses(store, None, request).await?;
            existing.extend(found.items.iter().cloned());
            if !found.has_next() {
                break;
            }
            page += 1;
        }
        let mut warehouses = Vec::new();
        for index in 0..count {
            let name = warehouse_name(index);
            let key = warehouse_name_key(&name);
            let found = existing
                .iter()
                .find(|w| warehouse_name_key(&w.name) == key)
                .cloned();
            let warehouse = match found {
                Some(warehouse) if warehouse.is_active => warehouse,
                Some(warehouse) => {
                    return Err(Error::conflict(
                        "warehouse_inactive",
                        format!("Warehouse '{}' is inactive.", warehouse.name),
                    ));
                }
                None => {
                    let new = NewWarehouse {
                        name_key: key,
                        name,
                        address: String::new(),
                        is_active: true,
                    };
                    storage
                        .create_warehouse(store, &new, self.enid.now())
                        .await?
                }
            };
            warehouses.push(warehouse);
        }
        Ok(warehouses)
    }
}
