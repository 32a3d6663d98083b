use std::sync::Arc;

use enid_core::ErrorKind;
use enid_core::pagination::PageRequest;
use enid_core::stock::{
    Idempotency, ImportedMovement, LevelFilter, LevelTarget, MovementFilter, MovementType,
    NewMovement, NewTransfer, NewWarehouse, Quantity, StockChange, Thresholds, Warehouse,
    WarehouseChanges, warehouse_name_key,
};
use enid_core::storage::Storage;
use enid_core::stores::StoreId;
use uuid::Uuid;

use crate::support::{at, backends, default_store};

async fn warehouse(s: &dyn Storage, store: StoreId, name: &str) -> Warehouse {
    s.create_warehouse(
        store,
        &NewWarehouse {
            name: name.to_owned(),
            name_key: warehouse_name_key(name),
            address: format!("Calle {name} 1"),
            is_active: true,
        },
        at(1, 2),
    )
    .await
    .expect("warehouse created")
}

fn qty(n: i64) -> Quantity {
    Quantity::parse("quantity", n).unwrap()
}

fn movement(product: i64, warehouse: i64, change: StockChange) -> NewMovement {
    NewMovement {
        product_id: product,
        warehouse_id: warehouse,
        change,
        reference: None,
        note: None,
        created_by: None,
        idempotency: None,
    }
}

fn transfer(product: i64, from: i64, to: i64, n: i64) -> NewTransfer {
    NewTransfer {
        transfer_id: Uuid::now_v7(),
        product_id: product,
        from_warehouse_id: from,
        to_warehouse_id: to,
        quantity: qty(n),
        reference: Some("TR-1".into()),
        note: None,
        created_by: None,
        idempotency: None,
    }
}

fn key(key: &str, body: &str) -> Option<Idempotency> {
    Some(Idempotency::new(key, &[body]).unwrap())
}

async fn level(s: &dyn Storage, store: StoreId, product: i64, warehouse: i64) -> i64 {
    s.stock_quantity(store, product, Some(warehouse))
        .await
        .unwrap()
        .expect("warehouse exists")
}

async fn ledger_rows(s: &dyn Storage, store: StoreId, filter: MovementFilter) -> i64 {
    s.list_movements(store, &filter, PageRequest::default())
        .await
        .unwrap()
        .count
}

/// Every level equals the sum of its ledger.
async fn assert_consistent(s: &dyn Storage, backend: &str) {
    let report = s.verify_levels(None).await.unwrap();
    assert!(
        report.mismatches.is_empty(),
        "{backend}: levels differ from the ledger: {:?}",
        report.mismatches
    );
}

#[tokio::test]
async fn warehouses_have_unique_names_per_store() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = s
            .create_store("Otra", "otra", None, at(1, 0))
            .await
            .unwrap()
            .id;
        let north = warehouse(s, store, "Almacén Norte").await;
        assert_eq!(north.name, "Almacén Norte", "{}", b.name);
        assert!(north.is_active);
        assert_eq!(north.created_at, at(1, 2));

        let err = s
            .create_warehouse(
                store,
                &NewWarehouse {
                    name: "ALMACEN norte".into(),
                    name_key: warehouse_name_key("ALMACEN norte"),
                    address: String::new(),
                    is_active: true,
                },
                at(1, 3),
            )
            .await
            .unwrap_err();
        assert_eq!(
            (err.kind, err.code),
            (ErrorKind::Conflict, "warehouse_name_taken"),
            "{}",
            b.name
        );
        // Another store may use the name.
        let elsewhere = warehouse(s, other, "Almacén Norte").await;
        assert_ne!(elsewhere.id, north.id);
        let south = warehouse(s, store, "Sur").await;

        let renamed = s
            .update_warehouse(
                store,
                south.id,
                &WarehouseChanges {
                    name: Some(("Sur 2".into(), warehouse_name_key("Sur 2"))),
                    address: None,
                    is_active: Some(false),
                },
                at(2, 0),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (renamed.name.as_str(), renamed.is_active, renamed.updated_at),
            ("Sur 2", false, at(2, 0))
        );
        assert_eq!(renamed.address, "Calle Sur 1", "unchanged fields stay");
        let taken = s
            .update_warehouse(
                store,
                south.id,
                &WarehouseChanges {
                    name: Some(("almacén NORTE".into(), warehouse_name_key("almacén NORTE"))),
                    ..Default::default()
                },
                at(2, 1),
            )
            .await
            .unwrap_err();
        assert_eq!(taken.code, "warehouse_name_taken", "{}", b.name);
        // Another store's warehouse is not this store's.
        assert!(
            s.update_warehouse(store, elsewhere.id, &WarehouseChanges::default(), at(2, 2))
                .await
                .unwrap()
                .is_none()
        );
        assert!(s.warehouse(store, elsewhere.id).await.unwrap().is_none());

        let all = s
            .list_warehouses(store, None, PageRequest::default())
            .await
            .unwrap();
        assert_eq!(
            all.items.iter().map(|w| w.id).collect::<Vec<_>>(),
            [north.id, south.id]
        );
        let active = s
            .list_warehouses(store, Some(true), PageRequest::default())
            .await
            .unwrap();
        assert_eq!((active.count, active.items[0].id), (1, north.id));

        // Deleting: never-used goes, used stays (409), unknown or foreign is false.
        s.record_movement(
            store,
            &movement(1, north.id, StockChange::In(qty(2))),
            at(3, 0),
        )
        .await
        .unwrap();
        let err = s.delete_warehouse(store, north.id).await.unwrap_err();
        assert_eq!(
            (err.kind, err.code),
            (ErrorKind::Conflict, "warehouse_in_use")
        );
        assert!(!s.delete_warehouse(store, elsewhere.id).await.unwrap());
        assert!(s.delete_warehouse(store, south.id).await.unwrap());
        assert!(s.warehouse(store, south.id).await.unwrap().is_none());
        assert!(!s.delete_warehouse(store, south.id).await.unwrap());
        assert!(s.warehouse(other, elsewhere.id).await.unwrap().is_some());
    }
}

#[tokio::test]
async fn movements_change_the_level_in_the_same_write() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let w = warehouse(s, store, "Centro").await.id;

        let mut received = movement(7, w, StockChange::In(qty(10)));
        received.reference = Some("PO-1".into());
        received.note = Some("primera\nentrega".into());
        let first = s.record_movement(store, &received, at(3, 1)).await.unwrap();
        assert!(!first.replayed);
        let m = first.value;
        assert_eq!(
            (
                m.product_id,
                m.warehouse_id,
                m.movement_type,
                m.quantity,
                m.level_after
            ),
            (7, w, MovementType::In, 10, 10),
            "{}",
            b.name
        );
        assert_eq!(m.reference.as_deref(), Some("PO-1"));
        assert_eq!(m.note.as_deref(), Some("primera\nentrega"));
        assert_eq!(m.created_at, at(3, 1));

        let out = s
            .record_movement(store, &movement(7, w, StockChange::Out(qty(4))), at(3, 2))
            .await
            .unwrap()
            .value;
        assert_eq!(
            (out.movement_type, out.quantity, out.level_after),
            (MovementType::Out, -4, 6)
        );

        // An out beyond the level writes nothing.
        let err = s
            .record_movement(store, &movement(7, w, StockChange::Out(qty(7))), at(3, 3))
            .await
            .unwrap_err();
        assert_eq!(
            (err.kind, err.code),
            (ErrorKind::Conflict, "insufficient_stock"),
            "{}",
            b.name
        );
        assert!(err.detail.contains('6'), "{}", err.detail);
        assert_eq!(level(s, store, 7, w).await, 6);
        assert_eq!(ledger_rows(s, store, MovementFilter::default()).await, 2);
        // An out of a product never stocked is refused too.
        let err = s
            .record_movement(store, &movement(8, w, StockChange::Out(qty(1))), at(3, 3))
            .await
            .unwrap_err();
        assert_eq!(err.code, "insufficient_stock");

        // Adjust sets the level and records the signed difference (zero included).
        let counted = |n| {
            movement(
                7,
                w,
                StockChange::Adjust(LevelTarget::parse("quantity", n).unwrap()),
            )
        };
        let down = s
            .record_movement(store, &counted(2), at(3, 4))
            .await
            .unwrap()
            .value;
        assert_eq!(
            (down.movement_type, down.quantity, down.level_after),
            (MovementType::Adjust, -4, 2)
        );
        let up = s
            .record_movement(store, &counted(9), at(3, 5))
            .await
            .unwrap()
            .value;
        assert_eq!((up.quantity, up.level_after), (7, 9));
        let same = s
            .record_movement(store, &counted(9), at(3, 6))
            .await
            .unwrap()
            .value;
        assert_eq!((same.quantity, same.level_after), (0, 9));
        let fresh = s
            .record_movement(
                store,
                &movement(
                    9,
                    w,
                    StockChange::Adjust(LevelTarget::parse("q", 5).unwrap()),
                ),
                at(3, 6),
            )
            .await
            .unwrap()
            .value;
        assert_eq!((fresh.quantity, fresh.level_after), (5, 5));
        assert_consistent(s, b.name).await;
    }
}

#[tokio::test]
async fn unknown_foreign_and_inactive_warehouses_are_refused() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = s
            .create_store("Otra", "otra", None, at(1, 0))
            .await
            .unwrap()
            .id;
        let here = warehouse(s, store, "Aquí").await.id;
        let there = warehouse(s, other, "Allá").await.id;
        let closed = warehouse(s, store, "Cerrado").await.id;
        s.update_warehouse(
            store,
            closed,
            &WarehouseChanges {
                is_active: Some(false),
                ..Default::default()
            },
            at(2, 0),
        )
        .await
        .unwrap();

        for (w, kind, code) in [
            (there, ErrorKind::NotFound, "warehouse_not_found"),
            (9999, ErrorKind::NotFound, "warehouse_not_found"),
            (closed, ErrorKind::Conflict, "warehouse_inactive"),
        ] {
            let err = s
                .record_movement(store, &movement(1, w, StockChange::In(qty(1))), at(3, 0))
                .await
                .unwrap_err();
            assert_eq!(
                (err.kind, err.code),
                (kind, code),
                "{} warehouse {w}",
                b.name
            );
            let err = s
                .record_transfer(store, &transfer(1, here, w, 1), at(3, 0))
                .await
                .unwrap_err();
            assert_eq!(
                (err.kind, err.code),
                (kind, code),
                "{} transfer to {w}",
                b.name
            );
        }
        assert_eq!(ledger_rows(s, store, MovementFilter::default()).await, 0);
        assert_eq!(ledger_rows(s, other, MovementFilter::default()).await, 0);
        assert_eq!(s.stock_quantity(store, 1, Some(there)).await.unwrap(), None);
    }
}

#[tokio::test]
async fn transfers_write_both_rows_and_levels_or_nothing() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let a = warehouse(s, store, "A").await.id;
        let c = warehouse(s, store, "C").await.id;
        s.record_movement(store, &movement(3, a, StockChange::In(qty(10))), at(3, 0))
            .await
            .unwrap();

        let t = transfer(3, a, c, 4);
        let done = s.record_transfer(store, &t, at(3, 1)).await.unwrap();
        assert!(!done.replayed);
        let (from, to) = (done.value.from, done.value.to);
        assert_eq!(
            (from.warehouse_id, from.quantity, from.level_after),
            (a, -4, 6),
            "{}",
            b.name
        );
        assert_eq!((to.warehouse_id, to.quantity, to.level_after), (c, 4, 4));
        assert_eq!(from.movement_type, MovementType::Transfer);
        assert_eq!(from.transfer_id, Some(t.transfer_id));
        assert_eq!(to.transfer_id, Some(t.transfer_id));
        assert_eq!(to.reference.as_deref(), Some("TR-1"));

        let err = s
            .record_transfer(store, &transfer(3, c, a, 5), at(3, 2))
            .await
            .unwrap_err();
        assert_eq!(err.code, "insufficient_stock", "{}", b.name);
        assert_eq!(
            (level(s, store, 3, a).await, level(s, store, 3, c).await),
            (6, 4)
        );
        assert_eq!(ledger_rows(s, store, MovementFilter::default()).await, 3);
        let transfers = MovementFilter {
            movement_type: Some(MovementType::Transfer),
            ..Default::default()
        };
        assert_eq!(ledger_rows(s, store, transfers).await, 2);
        assert_consistent(s, b.name).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_outs_against_sixty_units() {
    for b in backends().await {
        let store = default_store(b.storage.as_ref()).await;
        let w = warehouse(b.storage.as_ref(), store, "Concurrido").await.id;
        b.storage
            .record_movement(store, &movement(5, w, StockChange::In(qty(60))), at(3, 0))
            .await
            .unwrap();
        let tasks: Vec<_> = (0..100)
            .map(|_| {
                let storage = Arc::clone(&b.storage);
                tokio::spawn(async move {
                    storage
                        .record_movement(store, &movement(5, w, StockChange::Out(qty(1))), at(3, 1))
                        .await
                })
            })
            .collect();
        let (mut ok, mut refused, mut levels) = (0, 0, Vec::new());
        for task in tasks {
            match task.await.unwrap() {
                Ok(recorded) => {
                    ok += 1;
                    levels.push(recorded.value.level_after);
                }
                Err(err) => {
                    assert_eq!(err.code, "insufficient_stock", "{}: {err}", b.name);
                    refused += 1;
                }
            }
        }
        assert_eq!((ok, refused), (60, 40), "{}", b.name);
        levels.sort_unstable();
        assert_eq!(
            levels,
            (0..60).collect::<Vec<_>>(),
            "{}: each level once",
            b.name
        );
        let s = b.storage.as_ref();
        assert_eq!(level(s, store, 5, w).await, 0, "{}", b.name);
        let outs = MovementFilter {
            movement_type: Some(MovementType::Out),
            ..Default::default()
        };
        assert_eq!(ledger_rows(s, store, outs).await, 60);
        assert_consistent(s, b.name).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_transfers_back_and_forth_keep_the_total() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let a = warehouse(s, store, "Ida").await.id;
        let c = warehouse(s, store, "Vuelta").await.id;
        for w in [a, c] {
            s.record_movement(store, &movement(11, w, StockChange::In(qty(100))), at(3, 0))
                .await
                .unwrap();
        }
        // Opposite directions interleaved: without a fixed lock order these deadlock.
        let tasks: Vec<_> = (0..50)
            .map(|i| {
                let storage = Arc::clone(&b.storage);
                let (from, to) = if i % 2 == 0 { (a, c) } else { (c, a) };
                tokio::spawn(async move {
                    storage
                        .record_transfer(store, &transfer(11, from, to, 1 + i % 3), at(3, 1))
                        .await
                })
            })
            .collect();
        for task in tasks {
            task.await
                .unwrap()
                .unwrap_or_else(|e| panic!("{}: {e}", b.name));
        }
        let (la, lc) = (level(s, store, 11, a).await, level(s, store, 11, c).await);
        assert_eq!(la + lc, 200, "{}: the product total is unchanged", b.name);
        assert_eq!(s.stock_quantity(store, 11, None).await.unwrap(), Some(200));
        let transfers = MovementFilter {
            movement_type: Some(MovementType::Transfer),
            ..Default::default()
        };
        assert_eq!(ledger_rows(s, store, transfers).await, 100);
        assert_consistent(s, b.name).await;
    }
}

#[tokio::test]
async fn idempotency_keys_replay_or_conflict() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = s
            .create_store("Otra", "otra", None, at(1, 0))
            .await
            .unwrap()
            .id;
        let w = warehouse(s, store, "Uno").await.id;
        let w2 = warehouse(s, other, "Dos").await.id;

        let mut m = movement(2, w, StockChange::In(qty(5)));
        m.idempotency = key("retry-1", "in 5");
        let first = s.record_movement(store, &m, at(3, 0)).await.unwrap();
        let again = s.record_movement(store, &m, at(3, 1)).await.unwrap();
        assert!(!first.replayed && again.replayed, "{}", b.name);
        assert_eq!(again.value, first.value, "{}: the first result", b.name);
        assert_eq!(level(s, store, 2, w).await, 5);

        let mut changed = movement(2, w, StockChange::In(qty(6)));
        changed.idempotency = key("retry-1", "in 6");
        let err = s
            .record_movement(store, &changed, at(3, 2))
            .await
            .unwrap_err();
        assert_eq!(
            (err.kind, err.code),
            (ErrorKind::Conflict, "idempotency_conflict"),
            "{}",
            b.name
        );
        // A replay wins even where a new movement would now be refused.
        s.update_warehouse(
            store,
            w,
            &WarehouseChanges {
                is_active: Some(false),
                ..Default::default()
            },
            at(3, 3),
        )
        .await
        .unwrap();
        assert!(
            s.record_movement(store, &m, at(3, 4))
                .await
                .unwrap()
                .replayed
        );
        s.update_warehouse(
            store,
            w,
            &WarehouseChanges {
                is_active: Some(true),
                ..Default::default()
            },
            at(3, 5),
        )
        .await
        .unwrap();

        // Keys are per store.
        let mut theirs = movement(2, w2, StockChange::In(qty(5)));
        theirs.idempotency = key("retry-1", "in 5");
        assert!(
            !s.record_movement(other, &theirs, at(3, 6))
                .await
                .unwrap()
                .replayed
        );

        // Transfers replay both rows; a movement's key is no transfer's.
        let w3 = warehouse(s, store, "Tres").await.id;
        let mut t = transfer(2, w, w3, 2);
        t.idempotency = key("move-1", "t 2");
        let first = s.record_transfer(store, &t, at(4, 0)).await.unwrap();
        let mut retry = t.clone();
        retry.transfer_id = Uuid::now_v7();
        let again = s.record_transfer(store, &retry, at(4, 1)).await.unwrap();
        assert!(again.replayed, "{}", b.name);
        assert_eq!(again.value, first.value);
        let mut reused = transfer(2, w, w3, 2);
        reused.idempotency = key("retry-1", "in 5");
        let err = s
            .record_transfer(store, &reused, at(4, 2))
            .await
            .unwrap_err();
        assert_eq!(err.code, "idempotency_conflict", "{}", b.name);
        assert_eq!(ledger_rows(s, store, MovementFilter::default()).await, 3);
        assert_consistent(s, b.name).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_requests_with_one_key_write_once() {
    for b in backends().await {
        let store = default_store(b.storage.as_ref()).await;
        let w = warehouse(b.storage.as_ref(), store, "Carrera").await.id;
        let w2 = warehouse(b.storage.as_ref(), store, "Meta").await.id;
        b.storage
            .record_movement(store, &movement(4, w, StockChange::In(qty(3))), at(3, 0))
            .await
            .unwrap();
        // The same out of 3 units, retried 20 times at once: one takes the stock, the others
        // return its result rather than a 409 for the stock it took.
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let storage = Arc::clone(&b.storage);
                tokio::spawn(async move {
                    let mut m = movement(4, w, StockChange::Out(qty(3)));
                    m.idempotency = key("race", "out 3");
                    storage.record_movement(store, &m, at(3, 1)).await
                })
            })
            .collect();
        let mut results = Vec::new();
        for task in tasks {
            results.push(
                task.await
                    .unwrap()
                    .unwrap_or_else(|e| panic!("{}: {e}", b.name)),
            );
        }
        assert_eq!(
            results.iter().filter(|r| !r.replayed).count(),
            1,
            "{}",
            b.name
        );
        assert!(results.iter().all(|r| r.value == results[0].value));
        let s = b.storage.as_ref();
        assert_eq!(level(s, store, 4, w).await, 0);
        assert_eq!(ledger_rows(s, store, MovementFilter::default()).await, 2);

        // The same for transfers.
        b.storage
            .record_movement(store, &movement(4, w, StockChange::In(qty(8))), at(3, 2))
            .await
            .unwrap();
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let storage = Arc::clone(&b.storage);
                tokio::spawn(async move {
                    let mut t = transfer(4, w, w2, 8);
                    t.idempotency = key("race-t", "t 8");
                    storage.record_transfer(store, &t, at(3, 3)).await
                })
            })
            .collect();
        let mut results = Vec::new();
        for task in tasks {
            results.push(
                task.await
                    .unwrap()
                    .unwrap_or_else(|e| panic!("{}: {e}", b.name)),
            );
        }
        assert_eq!(
            results.iter().filter(|r| !r.replayed).count(),
            1,
            "{}",
            b.name
        );
        assert!(results.iter().all(|r| r.value == results[0].value));
        assert_eq!(
            (level(s, store, 4, w).await, level(s, store, 4, w2).await),
            (0, 8)
        );
        assert_eq!(ledger_rows(s, store, MovementFilter::default()).await, 5);

        // Racing different bodies under one key: one is written, the rest are conflicts.
        let tasks: Vec<_> = (1..=10)
            .map(|n| {
                let storage = Arc::clone(&b.storage);
                tokio::spawn(async move {
                    let mut m = movement(4, w, StockChange::In(qty(n)));
                    m.idempotency = key("race-2", &format!("in {n}"));
                    storage.record_movement(store, &m, at(3, 4)).await
                })
            })
            .collect();
        let (mut written, mut conflicts) = (0, 0);
        for task in tasks {
            match task.await.unwrap() {
                Ok(r) => {
                    assert!(!r.replayed);
                    written += 1;
                }
                Err(err) => {
                    assert_eq!(err.code, "idempotency_conflict", "{}: {err}", b.name);
                    conflicts += 1;
                }
            }
        }
        assert_eq!((written, conflicts), (1, 9), "{}", b.name);
        assert_eq!(ledger_rows(s, store, MovementFilter::default()).await, 6);
        assert_consistent(s, b.name).await;
    }
}

#[tokio::test]
async fn the_ledger_lists_newest_first_with_filters() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = s
            .create_store("Otra", "otra", None, at(1, 0))
            .await
            .unwrap()
            .id;
        let a = warehouse(s, store, "A").await.id;
        let c = warehouse(s, store, "C").await.id;
        let foreign = warehouse(s, other, "X").await.id;
        let mut ids = Vec::new();
        for (day, product, w, change) in [
            (2, 1, a, StockChange::In(qty(10))),
            (3, 2, a, StockChange::In(qty(5))),
            (4, 1, c, StockChange::In(qty(7))),
            (5, 1, a, StockChange::Out(qty(3))),
        ] {
            ids.push(
                s.record_movement(store, &movement(product, w, change), at(day, 0))
                    .await
                    .unwrap()
                    .value
                    .id,
            );
        }
        s.record_movement(
            other,
            &movement(1, foreign, StockChange::In(qty(1))),
            at(5, 0),
        )
        .await
        .unwrap();

        let list = |filter: MovementFilter, page: PageRequest| async move {
            s.list_movements(store, &filter, page)
                .await
                .unwrap()
                .items
                .iter()
                .map(|m| m.id)
                .collect::<Vec<_>>()
        };
        let page = PageRequest::default();
        assert_eq!(
            list(MovementFilter::default(), page).await,
            [ids[3], ids[2], ids[1], ids[0]],
            "{}",
            b.name
        );
        let by = |product_id, warehouse_id| MovementFilter {
            product_id,
            warehouse_id,
            ..Default::default()
        };
        assert_eq!(
            list(by(Some(1), None), page).await,
            [ids[3], ids[2], ids[0]]
        );
        assert_eq!(
            list(by(None, Some(a)), page).await,
            [ids[3], ids[1], ids[0]]
        );
        assert_eq!(list(by(Some(1), Some(a)), page).await, [ids[3], ids[0]]);
        let outs = MovementFilter {
            movement_type: Some(MovementType::Out),
            ..Default::default()
        };
        assert_eq!(list(outs, page).await, [ids[3]]);
        let window = MovementFilter {
            since: Some(at(3, 0)),
            until: Some(at(4, 0)),
            ..Default::default()
        };
        assert_eq!(
            list(window, page).await,
            [ids[2], ids[1]],
            "{}: inclusive",
            b.name
        );
        let second = PageRequest::new(Some(2), Some(3)).unwrap();
        let paged = s
            .list_movements(store, &MovementFilter::default(), second)
            .await
            .unwrap();
        assert_eq!((paged.count, paged.items.len()), (4, 1));
        assert_eq!(paged.items[0].id, ids[0]);
        assert_eq!(list(by(None, Some(foreign)), page).await, Vec::<i64>::new());
    }
}

#[tokio::test]
async fn levels_totals_thresholds_and_low_stock() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = s
            .create_store("Otra", "otra", None, at(1, 0))
            .await
            .unwrap()
            .id;
        let a = warehouse(s, store, "A").await.id;
        let c = warehouse(s, store, "C").await.id;
        let foreign = warehouse(s, other, "X").await.id;
        for (product, w, n) in [(1, a, 3), (1, c, 4), (2, a, 50), (3, c, 1)] {
            s.record_movement(
                store,
                &movement(product, w, StockChange::In(qty(n))),
                at(2, 0),
            )
            .await
            .unwrap();
        }
        s.record_movement(
            other,
            &movement(1, foreign, StockChange::In(qty(99))),
            at(2, 0),
        )
        .await
        .unwrap();

        let p1 = s.product_stock(store, 1).await.unwrap();
        assert_eq!(p1.total, 7, "{}", b.name);
        assert_eq!(
            p1.by_warehouse
                .iter()
                .map(|w| (w.warehouse_id, w.warehouse_name.as_str(), w.quantity))
                .collect::<Vec<_>>(),
            [(a, "A", 3), (c, "C", 4)]
        );
        assert_eq!(p1.thresholds, Thresholds::default());
        let never = s.product_stock(store, 404).await.unwrap();
        assert_eq!((never.total, never.by_warehouse.len()), (0, 0));

        // Product 1 (7 units) below 10; product 2 (50) above 10; product 4 (none) below 1.
        for (product, min) in [(1, 10), (2, 10), (4, 1)] {
            s.set_thresholds(
                store,
                product,
                Thresholds {
                    min_stock: Some(min),
                    max_stock: Some(100),
                },
                at(2, 1),
            )
            .await
            .unwrap();
        }
        let p1 = s.product_stock(store, 1).await.unwrap();
        assert_eq!(p1.thresholds.min_stock, Some(10));
        assert!(p1.low_stock(), "{}", b.name);
        assert_eq!(
            s.product_stock(store, 4)
                .await
                .unwrap()
                .thresholds
                .max_stock,
            Some(100),
            "thresholds without levels"
        );
        assert_eq!(
            s.product_stock(other, 1).await.unwrap().thresholds,
            Thresholds::default()
        );

        let levels = |filter: LevelFilter| async move {
            s.list_levels(store, &filter, PageRequest::default())
                .await
                .unwrap()
                .items
                .iter()
                .map(|l| (l.product_id, l.warehouse_id, l.quantity))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            levels(LevelFilter::default()).await,
            [(1, a, 3), (1, c, 4), (2, a, 50), (3, c, 1)],
            "{}",
            b.name
        );
        let low = |low_stock| LevelFilter {
            low_stock: Some(low_stock),
            ..Default::default()
        };
        assert_eq!(levels(low(true)).await, [(1, a, 3), (1, c, 4)]);
        assert_eq!(levels(low(false)).await, [(2, a, 50), (3, c, 1)]);
        let in_c = LevelFilter {
            warehouse_id: Some(c),
            ..Default::default()
        };
        assert_eq!(levels(in_c).await, [(1, c, 4), (3, c, 1)]);
        let one = LevelFilter {
            product_id: Some(2),
            ..Default::default()
        };
        assert_eq!(levels(one).await, [(2, a, 50)]);

        assert_eq!(
            s.stock_totals(store).await.unwrap(),
            [(1, 7), (2, 50), (3, 1)]
        );
        assert_eq!(s.stock_quantity(store, 1, None).await.unwrap(), Some(7));
        assert_eq!(s.stock_quantity(store, 1, Some(c)).await.unwrap(), Some(4));
        assert_eq!(s.stock_quantity(store, 9, Some(c)).await.unwrap(), Some(0));
        assert_eq!(
            s.stock_quantity(store, 1, Some(foreign)).await.unwrap(),
            None
        );

        // Clearing both thresholds removes them.
        s.set_thresholds(store, 1, Thresholds::default(), at(2, 2))
            .await
            .unwrap();
        assert!(!s.product_stock(store, 1).await.unwrap().low_stock());
        assert_eq!(levels(low(true)).await, []);
    }
}

#[tokio::test]
async fn the_report_aggregates_the_window() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let a = warehouse(s, store, "A").await.id;
        let c = warehouse(s, store, "C").await.id;
        // Before the window: product 1 received 100.
        s.record_movement(store, &movement(1, a, StockChange::In(qty(100))), at(1, 5))
            .await
            .unwrap();
        for (product, w, change) in [
            (1, a, StockChange::Out(qty(30))),
            (1, a, StockChange::In(qty(5))),
            (2, c, StockChange::In(qty(8))),
            (
                2,
                c,
                StockChange::Adjust(LevelTarget::parse("q", 6).unwrap()),
            ),
            (3, c, StockChange::In(qty(1))),
        ] {
            s.record_movement(store, &movement(product, w, change), at(10, 0))
                .await
                .unwrap();
        }
        s.record_transfer(store, &transfer(1, a, c, 20), at(10, 1))
            .await
            .unwrap();
        s.set_thresholds(
            store,
            3,
            Thresholds {
                min_stock: Some(5),
                max_stock: None,
            },
            at(10, 2),
        )
        .await
        .unwrap();
        s.set_thresholds(
            store,
            9,
            Thresholds {
                min_stock: Some(50),
                max_stock: Some(60),
            },
            at(10, 2),
        )
        .await
        .unwrap();

        let report = s
            .stock_report(store, at(5, 0), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(report.since, at(5, 0));
        let rows: Vec<_> = report
            .products
            .items
            .iter()
            .map(|p| {
                (
                    p.product_id,
                    p.units_in,
                    p.units_out,
                    p.adjusted,
                    p.net,
                    p.total,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (1, 5, 30, 0, -25, 75),
                (2, 8, 0, -2, 6, 6),
                (3, 1, 0, 0, 1, 1)
            ],
            "{}",
            b.name
        );
        assert_eq!(report.products.count, 3);
        assert_eq!(
            report
                .top_movers
                .iter()
                .map(|p| p.product_id)
                .collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert_eq!(
            report
                .low_stock
                .iter()
                .map(|l| (l.product_id, l.total, l.min_stock, l.max_stock))
                .collect::<Vec<_>>(),
            [(9, 0, 50, Some(60)), (3, 1, 5, None)],
            "{}: furthest below first",
            b.name
        );
        assert_eq!(report.low_stock_count, 2);
        assert_eq!(
            report
                .warehouses
                .iter()
                .map(|w| (w.warehouse_id, w.units, w.products))
                .collect::<Vec<_>>(),
            [(a, 55, 1), (c, 27, 3)]
        );

        let paged = s
            .stock_report(store, at(5, 0), PageRequest::new(Some(2), Some(2)).unwrap())
            .await
            .unwrap();
        assert_eq!(
            (paged.products.count, paged.products.items[0].product_id),
            (3, 3)
        );
        let beyond = s
            .stock_report(store, at(5, 0), PageRequest::new(Some(9), Some(2)).unwrap())
            .await
            .unwrap();
        assert_eq!((beyond.products.count, beyond.products.items.len()), (3, 0));
        let quiet = s
            .stock_report(store, at(20, 0), PageRequest::default())
            .await
            .unwrap();
        assert_eq!((quiet.products.count, quiet.top_movers.len()), (0, 0));
        assert_eq!(quiet.low_stock_count, 2, "low stock is about now");
    }
}

#[tokio::test]
async fn imported_history_is_verified_against_its_levels() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let w = warehouse(s, store, "Histórico").await.id;
        let row = |product, movement_type, quantity, level_after, day| ImportedMovement {
            product_id: product,
            warehouse_id: w,
            movement_type,
            quantity,
            level_after,
            reference: None,
            transfer_id: None,
            created_at: at(day, 0),
        };
        let rows = [
            row(1, MovementType::In, 10, 10, 2),
            row(1, MovementType::Out, -4, 6, 3),
            row(2, MovementType::In, 3, 3, 3),
        ];
        s.import_movements(store, &rows, &[(1, w, 6), (2, w, 3)], at(4, 0))
            .await
            .unwrap();
        let report = s.verify_levels(Some(store)).await.unwrap();
        assert_eq!(
            (
                report.levels_checked,
                report.movements_checked,
                report.mismatches.len()
            ),
            (2, 3, 0),
            "{}",
            b.name
        );
        // Movements continue from the imported levels.
        let next = s
            .record_movement(store, &movement(1, w, StockChange::Out(qty(6))), at(5, 0))
            .await
            .unwrap();
        assert_eq!(next.value.level_after, 0);

        // A level that disagrees with its ledger is reported, with both numbers.
        s.import_movements(
            store,
            &[row(3, MovementType::In, 5, 5, 5)],
            &[(3, w, 9)],
            at(5, 0),
        )
        .await
        .unwrap();
        let report = s.verify_levels(None).await.unwrap();
        assert_eq!(report.mismatches.len(), 1, "{}", b.name);
        let m = &report.mismatches[0];
        assert_eq!(
            (m.store_id, m.product_id, m.warehouse_id, m.level, m.ledger),
            (store, 3, w, 9, 5)
        );
        assert_eq!(
            s.verify_levels(Some(store + 1))
                .await
                .unwrap()
                .mismatches
                .len(),
            0
        );
        assert_eq!(
            ledger_rows(s, store, MovementFilter::default()).await,
            5,
            "{}",
            b.name
        );
    }
}
