//! Inventory over HTTP: warehouses, movements with idempotent retries, transfers, levels,
//! thresholds, the report and the compatibility reads — statuses, bodies and what is stored —
//! plus bad input and another store's staff.

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use poem::http::HeaderValue;
use serde_json::{Value, json};

use enid_core::clock::ManualClock;
use enid_core::pagination::PageRequest;
use enid_core::stock::MovementFilter;
use enid_core::stores::Role;

use crate::support::{App, Backend, Call, Reply, Setup, Tokens, on_every_backend};

on_every_backend!(
    warehouses_are_created_listed_updated_and_deleted,
    movements_return_the_level_they_leave,
    bad_movements_are_refused_and_write_nothing,
    retries_with_an_idempotency_key_write_once,
    idempotency_keys_that_are_not_visible_ascii_are_refused,
    transfers_move_units_between_warehouses,
    levels_thresholds_and_low_stock,
    the_report_covers_the_requested_days,
    compatibility_reads,
    another_store_sees_and_moves_nothing,
    the_ledger_check_covers_the_requested_store,
);

/// An app and a staff member of the default store, logged in.
async fn staffed(backend: &Backend) -> (App, Tokens) {
    let app = App::new(backend).await;
    let staff = app.user(Some((1, Role::Staff))).await;
    let tokens = app.login(&staff).await;
    (app, tokens)
}

async fn post(app: &App, tokens: &Tokens, path: &str, body: Value) -> Reply {
    app.post(path)
        .bearer(&tokens.access)
        .body_json(&body)
        .reply()
        .await
}

async fn get(app: &App, tokens: &Tokens, path: &str) -> Reply {
    app.get(path).bearer(&tokens.access).reply().await
}

/// Creates a warehouse over HTTP; returns its id.
async fn warehouse(app: &App, tokens: &Tokens, name: &str) -> i64 {
    post(app, tokens, "/warehouses/", json!({"name": name}))
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap()
}

async fn movement(app: &App, tokens: &Tokens, body: Value) -> Reply {
    post(app, tokens, "/movements/", body).await
}

async fn ledger_count(app: &App, store: i64) -> i64 {
    app.enid
        .storage()
        .list_movements(store, &MovementFilter::default(), PageRequest::default())
        .await
        .unwrap()
        .count
}

async fn level(app: &App, product: i64, warehouse: i64) -> i64 {
    app.enid
        .storage()
        .stock_quantity(1, product, Some(warehouse))
        .await
        .unwrap()
        .unwrap()
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

fn ids(body: &Value) -> Vec<i64> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect()
}

async fn warehouses_are_created_listed_updated_and_deleted(backend: Backend) {
    let (app, tokens) = staffed(&backend).await;
    let reply = post(
        &app,
        &tokens,
        "/warehouses/",
        json!({"name": "  Almacén Norte ", "address": "Av. Insurgentes 100, CDMX"}),
    )
    .await;
    let north = reply.ok(201).clone();
    assert_eq!(
        keys(&north),
        [
            "address",
            "created_at",
            "id",
            "is_active",
            "name",
            "updated_at"
        ]
    );
    assert_eq!(north["name"], "Almacén Norte");
    assert_eq!(north["address"], "Av. Insurgentes 100, CDMX");
    assert_eq!(north["is_active"], true);
    let north_id = north["id"].as_i64().unwrap();

    post(
        &app,
        &tokens,
        "/warehouses/",
        json!({"name": "ALMACEN norte"}),
    )
    .await
    .error(409, "warehouse_name_taken");
    let spare = post(
        &app,
        &tokens,
        "/warehouses/",
        json!({"name": "Reserva", "is_active": false}),
    )
    .await;
    let spare = spare.ok(201);
    assert_eq!(
        (spare["is_active"].as_bool(), spare["address"].as_str()),
        (Some(false), Some(""))
    );
    let spare_id = spare["id"].as_i64().unwrap();

    for (body, fields) in [
        (json!({"name": "   "}), vec!["name"]),
        (json!({"name": "x".repeat(101)}), vec!["name"]),
        (
            json!({"name": "ok", "address": "a".repeat(256)}),
            vec!["address"],
        ),
        (json!({"name": "tab\tname"}), vec!["name"]),
    ] {
        post(&app, &tokens, "/warehouses/", body)
            .await
            .invalid_fields(&fields);
    }
    for (body, field) in [
        (json!({"name": 5}), "name"),
        (json!({}), "name"),
        (json!({"name": "y", "capacity": 3}), "capacity"),
    ] {
        post(&app, &tokens, "/warehouses/", body)
            .await
            .invalid_fields(&[field]);
    }

    let reply = get(&app, &tokens, "/warehouses/").await;
    let body = reply.ok(200);
    assert_eq!(
        (body["count"].as_i64(), ids(body)),
        (Some(2), vec![north_id, spare_id])
    );
    let reply = get(&app, &tokens, "/warehouses/?is_active=true").await;
    assert_eq!(ids(reply.ok(200)), [north_id]);
    let reply = get(&app, &tokens, &format!("/warehouses/{north_id}/")).await;
    assert_eq!(reply.ok(200)["name"], "Almacén Norte");
    get(&app, &tokens, "/warehouses/9999/")
        .await
        .error(404, "warehouse_not_found");
    get(&app, &tokens, "/warehouses/abc/")
        .await
        .error(400, "invalid_parameter");

    let reply = app
        .patch(&format!("/warehouses/{spare_id}/"))
        .bearer(&tokens.access)
        .body_json(&json!({"name": "Reserva Sur", "is_active": true}))
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(
        (body["name"].as_str(), body["is_active"].as_bool()),
        (Some("Reserva Sur"), Some(true))
    );
    app.patch(&format!("/warehouses/{spare_id}/"))
        .bearer(&tokens.access)
        .body_json(&json!({"name": "almacén NORTE"}))
        .reply()
        .await
        .error(409, "warehouse_name_taken");

    // A warehouse with movements stays (deactivate it instead); an unused one goes.
    movement(
        &app,
        &tokens,
        json!({"product_id": 1, "warehouse_id": north_id, "movement_type": "in", "quantity": 3}),
    )
    .await
    .ok(201);
    let reply = app
        .cli
        .delete(format!("/warehouses/{north_id}/"))
        .bearer(&tokens.access)
        .reply()
        .await;
    reply.error(409, "warehouse_in_use");
    assert!(
        app.enid
            .storage()
            .warehouse(1, north_id)
            .await
            .unwrap()
            .is_some()
    );
    let reply = app
        .cli
        .delete(format!("/warehouses/{spare_id}/"))
        .bearer(&tokens.access)
        .reply()
        .await;
    assert_eq!(reply.status.as_u16(), 204, "{}", reply.text);
    assert!(
        app.enid
            .storage()
            .warehouse(1, spare_id)
            .await
            .unwrap()
            .is_none()
    );
    app.cli
        .delete(format!("/warehouses/{spare_id}/"))
        .bearer(&tokens.access)
        .reply()
        .await
        .error(404, "warehouse_not_found");
}

async fn movements_return_the_level_they_leave(backend: Backend) {
    let (app, tokens) = staffed(&backend).await;
    let w = warehouse(&app, &tokens, "Centro").await;
    let reply = movement(
        &app,
        &tokens,
        json!({"product_id": 42, "warehouse_id": w, "movement_type": "in", "quantity": 12,
               "reference": "PO-2026-001", "note": "Llegó completo"}),
    )
    .await;
    let body = reply.ok(201);
    assert_eq!(keys(body), ["level", "movement"]);
    assert_eq!(body["level"], 12);
    let m = &body["movement"];
    assert_eq!(
        keys(m),
        [
            "created_at",
            "created_by",
            "id",
            "level_after",
            "movement_type",
            "note",
            "product_id",
            "quantity",
            "reference",
            "transfer_id",
            "warehouse_id"
        ]
    );
    assert_eq!(
        (
            m["product_id"].as_i64(),
            m["warehouse_id"].as_i64(),
            m["movement_type"].as_str()
        ),
        (Some(42), Some(w), Some("in"))
    );
    assert_eq!(
        (m["quantity"].as_i64(), m["level_after"].as_i64()),
        (Some(12), Some(12))
    );
    assert_eq!(m["reference"], "PO-2026-001");
    assert_eq!(m["transfer_id"], Value::Null);
    assert!(m["created_by"].as_i64().is_some());
    assert!(reply.header("idempotent-replayed").is_none());

    let reply = movement(
        &app,
        &tokens,
        json!({"product_id": 42, "warehouse_id": w, "movement_type": "out", "quantity": 5}),
    )
    .await;
    let body = reply.ok(201);
    assert_eq!(
        (
            body["level"].as_i64(),
            body["movement"]["quantity"].as_i64()
        ),
        (Some(7), Some(-5))
    );

    let reply = movement(
        &app,
        &tokens,
        json!({"product_id": 42, "warehouse_id": w, "movement_type": "out", "quantity": 8}),
    )
    .await;
    let err = reply.error(409, "insufficient_stock");
    assert!(err["detail"].as_str().unwrap().contains('7'), "{err}");
    assert_eq!(level(&app, 42, w).await, 7);
    assert_eq!(
        ledger_count(&app, 1).await,
        2,
        "the refused out wrote nothing"
    );

    // Adjust sets the level; the ledger holds the difference.
    let reply = movement(
        &app,
        &tokens,
        json!({"product_id": 42, "warehouse_id": w, "movement_type": "adjust", "quantity": 10}),
    )
    .await;
    let body = reply.ok(201);
    assert_eq!(
        (
            body["level"].as_i64(),
            body["movement"]["quantity"].as_i64()
        ),
        (Some(10), Some(3))
    );
    let reply = movement(
        &app,
        &tokens,
        json!({"product_id": 42, "warehouse_id": w, "movement_type": "adjust", "quantity": 0}),
    )
    .await;
    assert_eq!(reply.ok(201)["level"], 0);

    // The ledger, newest first, filtered.
    let reply = get(&app, &tokens, "/movements/").await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 4);
    let types: Vec<&str> = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["movement_type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["adjust", "adjust", "out", "in"]);
    let reply = get(&app, &tokens, "/movements/?movement_type=out&product_id=42").await;
    assert_eq!(reply.ok(200)["count"], 1);
    let reply = get(
        &app,
        &tokens,
        &format!("/movements/?warehouse_id={w}&page_size=3"),
    )
    .await;
    let body = reply.ok(200);
    assert_eq!(
        (
            body["results"].as_array().unwrap().len(),
            body["count"].as_i64()
        ),
        (3, Some(4))
    );
    assert!(body["next"].as_str().unwrap().contains("page=2"));
    let reply = get(
        &app,
        &tokens,
        "/movements/?since=2000-01-01T00:00:00Z&until=2000-12-31T00:00:00Z",
    )
    .await;
    assert_eq!(reply.ok(200)["count"], 0);
    let reply = get(&app, &tokens, "/movements/?since=2000-01-01T00:00:00Z").await;
    assert_eq!(reply.ok(200)["count"], 4);
    get(&app, &tokens, "/movements/?movement_type=sideways")
        .await
        .invalid_parameter("movement_type");
    get(
        &app,
        &tokens,
        "/movements/?since=2001-01-01T00:00:00Z&until=2000-01-01T00:00:00Z",
    )
    .await
    .invalid_fields(&["until"]);
    get(&app, &tokens, "/movements/?since=yesterday")
        .await
        .error(400, "invalid_parameter");
}

async fn bad_movements_are_refused_and_write_nothing(backend: Backend) {
    let (app, tokens) = staffed(&backend).await;
    let w = warehouse(&app, &tokens, "Principal").await;
    let closed = warehouse(&app, &tokens, "Cerrado").await;
    app.patch(&format!("/warehouses/{closed}/"))
        .bearer(&tokens.access)
        .body_json(&json!({"is_active": false}))
        .reply()
        .await
        .ok(200);
    movement(
        &app,
        &tokens,
        json!({"product_id": 1, "warehouse_id": w, "movement_type": "in", "quantity": 5}),
    )
    .await
    .ok(201);
    let base = |overrides: Value| {
        let mut body =
            json!({"product_id": 1, "warehouse_id": w, "movement_type": "in", "quantity": 1});
        for (k, v) in overrides.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };

    for (body, fields) in [
        (base(json!({"quantity": 0})), vec!["quantity"]),
        (base(json!({"quantity": -3})), vec!["quantity"]),
        (base(json!({"quantity": 10_000_001})), vec!["quantity"]),
        (
            base(json!({"movement_type": "out", "quantity": 0})),
            vec!["quantity"],
        ),
        (
            base(json!({"movement_type": "adjust", "quantity": -1})),
            vec!["quantity"],
        ),
        (
            base(json!({"movement_type": "sideways"})),
            vec!["movement_type"],
        ),
        (base(json!({"movement_type": "IN"})), vec!["movement_type"]),
        (
            base(json!({"movement_type": "transfer"})),
            vec!["movement_type"],
        ),
        (base(json!({"product_id": 0})), vec!["product_id"]),
        (
            base(json!({"reference": "r".repeat(101)})),
            vec!["reference"],
        ),
        (base(json!({"note": "n".repeat(1001)})), vec!["note"]),
        (
            base(json!({"product_id": -1, "movement_type": "nope", "reference": "a\u{0}b"})),
            vec!["movement_type", "product_id", "reference"],
        ),
    ] {
        movement(&app, &tokens, body).await.invalid_fields(&fields);
    }
    for (body, field) in [
        (base(json!({"quantity": 1.5})), "quantity"),
        (base(json!({"quantity": "5"})), "quantity"),
        (base(json!({"quantity": 1e20})), "quantity"),
        (base(json!({"warehouse_id": "1"})), "warehouse_id"),
        (base(json!({"movement_type": 1})), "movement_type"),
        (base(json!({"extra": true})), "extra"),
        (
            json!({"product_id": 1, "warehouse_id": w, "quantity": 1}),
            "movement_type",
        ),
    ] {
        movement(&app, &tokens, body).await.invalid_fields(&[field]);
    }
    movement(&app, &tokens, base(json!({"warehouse_id": 9999})))
        .await
        .error(404, "warehouse_not_found");
    movement(&app, &tokens, base(json!({"warehouse_id": closed})))
        .await
        .error(409, "warehouse_inactive");
    app.post("/movements/")
        .bearer(&tokens.access)
        .header("Idempotency-Key", "has spaces in it")
        .body_json(&base(json!({})))
        .reply()
        .await
        .invalid_fields(&["Idempotency-Key"]);
    movement(
        &app,
        &tokens,
        base(json!({"movement_type": "out", "quantity": 6})),
    )
    .await
    .error(409, "insufficient_stock");
    app.post("/movements/")
        .body_json(&base(json!({})))
        .reply()
        .await
        .error(401, "not_authenticated");

    assert_eq!(
        ledger_count(&app, 1).await,
        1,
        "only the first movement is stored"
    );
    assert_eq!(level(&app, 1, w).await, 5);
}

async fn retries_with_an_idempotency_key_write_once(backend: Backend) {
    let (app, tokens) = staffed(&backend).await;
    let w = warehouse(&app, &tokens, "Central").await;
    let body = json!({"product_id": 9, "warehouse_id": w, "movement_type": "in", "quantity": 4});
    let send = |key: &'static str, body: Value| {
        let app = &app;
        let access = tokens.access.clone();
        async move {
            app.post("/movements/")
                .bearer(&access)
                .header("Idempotency-Key", key)
                .body_json(&body)
                .reply()
                .await
        }
    };
    let first = send("order-77-line-1", body.clone()).await;
    let first_body = first.ok(201).clone();
    let again = send("order-77-line-1", body.clone()).await;
    assert_eq!(again.ok(201), &first_body, "the first result, as it was");
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(ledger_count(&app, 1).await, 1);

    let mut other = body.clone();
    other["quantity"] = json!(5);
    send("order-77-line-1", other)
        .await
        .error(409, "idempotency_conflict");
    assert_eq!(level(&app, 9, w).await, 4);

    // Racing retries of one out: one writes, all answer alike.
    let out = json!({"product_id": 9, "warehouse_id": w, "movement_type": "out", "quantity": 4});
    let replies = futures::future::join_all((0..8).map(|_| send("ship-9", out.clone()))).await;
    let bodies: Vec<&Value> = replies.iter().map(|r| r.ok(201)).collect();
    assert!(bodies.iter().all(|b| *b == bodies[0]), "{bodies:?}");
    assert_eq!(
        replies
            .iter()
            .filter(|r| r.header("idempotent-replayed").is_none())
            .count(),
        1
    );
    assert_eq!(level(&app, 9, w).await, 0);
    assert_eq!(ledger_count(&app, 1).await, 2);

    // Transfers too.
    let w2 = warehouse(&app, &tokens, "Norte").await;
    movement(
        &app,
        &tokens,
        json!({"product_id": 9, "warehouse_id": w, "movement_type": "in", "quantity": 6}),
    )
    .await
    .ok(201);
    let transfer =
        json!({"product_id": 9, "from_warehouse_id": w, "to_warehouse_id": w2, "quantity": 6});
    let send_transfer = || async {
        app.post("/movements/transfer/")
            .bearer(&tokens.access)
            .header("Idempotency-Key", "tr-1")
            .body_json(&transfer)
            .reply()
            .await
    };
    let first = send_transfer().await;
    let first_body = first.ok(201).clone();
    let again = send_transfer().await;
    assert_eq!(again.ok(201), &first_body);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!((level(&app, 9, w).await, level(&app, 9, w2).await), (0, 6));
    assert_eq!(ledger_count(&app, 1).await, 5);
}

/// A key that is not 1–255 visible ASCII characters is refused, never dropped: dropping it would
/// store the write without its key, and the retry would book the stock twice.
async fn idempotency_keys_that_are_not_visible_ascii_are_refused(backend: Backend) {
    let (app, tokens) = staffed(&backend).await;
    let w = warehouse(&app, &tokens, "Central").await;
    let w2 = warehouse(&app, &tokens, "Norte").await;
    let movement =
        json!({"product_id": 4, "warehouse_id": w, "movement_type": "in", "quantity": 3});
    let transfer =
        json!({"product_id": 4, "from_warehouse_id": w, "to_warehouse_id": w2, "quantity": 1});
    let bad_keys: Vec<Vec<HeaderValue>> = vec![
        vec![HeaderValue::from_str("pedido-añil").unwrap()],
        vec![HeaderValue::from_bytes(b"pedido-a\xf1il").unwrap()],
        vec![HeaderValue::from_static("")],
        vec![HeaderValue::from_static("tab\tkey")],
        vec![HeaderValue::from_str(&"k".repeat(256)).unwrap()],
        vec![
            HeaderValue::from_static("key-1"),
            HeaderValue::from_static("key-2"),
        ],
    ];
    for (path, body) in [
        ("/movements/", &movement),
        ("/movements/transfer/", &transfer),
    ] {
        for keys in &bad_keys {
            let mut request = app.post(path).bearer(&tokens.access);
            for key in keys {
                request = request.header("Idempotency-Key", key.clone());
            }
            let reply = request.body_json(body).reply().await;
            reply.invalid_fields(&["Idempotency-Key"]);
            assert_eq!(
                reply.body["fields"]["Idempotency-Key"],
                json!(["Must be 1 to 255 visible ASCII characters, e.g. a UUID."]),
                "{keys:?}"
            );
        }
    }
    assert_eq!(ledger_count(&app, 1).await, 0, "nothing was booked");
    // The longest key that is allowed still works, once.
    let longest = "k".repeat(255);
    for _ in 0..2 {
        app.post("/movements/")
            .bearer(&tokens.access)
            .header("Idempotency-Key", longest.as_str())
            .body_json(&movement)
            .reply()
            .await
            .ok(201);
    }
    assert_eq!(ledger_count(&app, 1).await, 1);
    assert_eq!(level(&app, 4, w).await, 3);
}

async fn transfers_move_units_between_warehouses(backend: Backend) {
    let (app, tokens) = staffed(&backend).await;
    let a = warehouse(&app, &tokens, "Guadalajara").await;
    let b = warehouse(&app, &tokens, "Monterrey").await;
    movement(
        &app,
        &tokens,
        json!({"product_id": 3, "warehouse_id": a, "movement_type": "in", "quantity": 10}),
    )
    .await
    .ok(201);
    let reply = post(
        &app,
        &tokens,
        "/movements/transfer/",
        json!({"product_id": 3, "from_warehouse_id": a, "to_warehouse_id": b, "quantity": 4,
               "reference": "TR-9"}),
    )
    .await;
    let body = reply.ok(201);
    assert_eq!(
        keys(body),
        ["from", "product_id", "quantity", "to", "transfer_id"]
    );
    assert_eq!(
        (body["product_id"].as_i64(), body["quantity"].as_i64()),
        (Some(3), Some(4))
    );
    assert_eq!(
        (body["from"]["level"].as_i64(), body["to"]["level"].as_i64()),
        (Some(6), Some(4))
    );
    let from = &body["from"]["movement"];
    let to = &body["to"]["movement"];
    assert_eq!(
        (from["movement_type"].as_str(), from["quantity"].as_i64()),
        (Some("transfer"), Some(-4))
    );
    assert_eq!(
        (to["warehouse_id"].as_i64(), to["quantity"].as_i64()),
        (Some(b), Some(4))
    );
    assert_eq!(from["transfer_id"], body["transfer_id"]);
    assert_eq!(to["transfer_id"], body["transfer_id"]);
    assert_eq!(to["reference"], "TR-9");

    let send = |body: Value| post(&app, &tokens, "/movements/transfer/", body);
    send(json!({"product_id": 3, "from_warehouse_id": b, "to_warehouse_id": a, "quantity": 5}))
        .await
        .error(409, "insufficient_stock");
    send(json!({"product_id": 3, "from_warehouse_id": a, "to_warehouse_id": a, "quantity": 1}))
        .await
        .invalid_fields(&["to_warehouse_id"]);
    send(json!({"product_id": 3, "from_warehouse_id": a, "to_warehouse_id": b, "quantity": 0}))
        .await
        .invalid_fields(&["quantity"]);
    send(json!({"product_id": 3, "from_warehouse_id": a, "to_warehouse_id": 999, "quantity": 1}))
        .await
        .error(404, "warehouse_not_found");
    send(json!({"product_id": 3, "from_warehouse_id": a, "quantity": 1}))
        .await
        .invalid_fields(&["to_warehouse_id"]);
    assert_eq!((level(&app, 3, a).await, level(&app, 3, b).await), (6, 4));
    assert_eq!(ledger_count(&app, 1).await, 3);
    let reply = get(&app, &tokens, "/movements/?movement_type=transfer").await;
    assert_eq!(reply.ok(200)["count"], 2);
}

async fn levels_thresholds_and_low_stock(backend: Backend) {
    let (app, tokens) = staffed(&backend).await;
    let a = warehouse(&app, &tokens, "A").await;
    let b = warehouse(&app, &tokens, "B").await;
    for (product, w, n) in [(1, a, 3), (1, b, 2), (2, a, 40)] {
        movement(
            &app,
            &tokens,
            json!({"product_id": product, "warehouse_id": w, "movement_type": "in", "quantity": n}),
        )
        .await
        .ok(201);
    }
    let reply = get(&app, &tokens, "/inventory/").await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 3);
    assert_eq!(
        keys(&body["results"][0]),
        ["product_id", "quantity", "updated_at", "warehouse_id"]
    );
    let triples = |body: &Value| -> Vec<(i64, i64, i64)> {
        body["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["product_id"].as_i64().unwrap(),
                    l["warehouse_id"].as_i64().unwrap(),
                    l["quantity"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(triples(body), [(1, a, 3), (1, b, 2), (2, a, 40)]);
    let reply = get(&app, &tokens, &format!("/inventory/?warehouse_id={a}")).await;
    assert_eq!(triples(reply.ok(200)), [(1, a, 3), (2, a, 40)]);
    let reply = get(&app, &tokens, "/inventory/?low_stock=true").await;
    assert_eq!(reply.ok(200)["count"], 0);

    let patch = |product: &str, body: Value| {
        let path = format!("/inventory/{product}/");
        let app = &app;
        let access = tokens.access.clone();
        async move {
            app.patch(&path)
                .bearer(&access)
                .body_json(&body)
                .reply()
                .await
        }
    };
    let reply = patch("1", json!({"min_stock": 10, "max_stock": 50})).await;
    let body = reply.ok(200);
    assert_eq!(
        keys(body),
        [
            "by_warehouse",
            "low_stock",
            "max_stock",
            "min_stock",
            "product_id",
            "total"
        ]
    );
    assert_eq!(
        (body["total"].as_i64(), body["low_stock"].as_bool()),
        (Some(5), Some(true))
    );
    assert_eq!(
        body["by_warehouse"],
        json!([{"warehouse_id": a, "warehouse_name": "A", "quantity": 3},
               {"warehouse_id": b, "warehouse_name": "B", "quantity": 2}])
    );
    let reply = get(&app, &tokens, "/inventory/?low_stock=true").await;
    assert_eq!(triples(reply.ok(200)), [(1, a, 3), (1, b, 2)]);
    let reply = get(&app, &tokens, "/inventory/?low_stock=false").await;
    assert_eq!(triples(reply.ok(200)), [(2, a, 40)]);

    // Absent fields stay, null clears, the minimum may not pass the maximum.
    let reply = patch("1", json!({"max_stock": null})).await;
    let body = reply.ok(200);
    assert_eq!(
        (body["min_stock"].as_i64(), body["max_stock"].clone()),
        (Some(10), Value::Null)
    );
    patch("1", json!({"max_stock": 5}))
        .await
        .invalid_fields(&["min_stock"]);
    patch("1", json!({"min_stock": -1, "max_stock": 20_000_000}))
        .await
        .invalid_fields(&["max_stock", "min_stock"]);
    patch("1", json!({"min_stock": "3"}))
        .await
        .invalid_fields(&["min_stock"]);
    patch("1", json!({"minimum": 3}))
        .await
        .invalid_fields(&["minimum"]);
    patch("0", json!({"min_stock": 3}))
        .await
        .invalid_fields(&["product_id"]);
    let reply = get(&app, &tokens, "/inventory/1/").await;
    assert_eq!(
        (
            reply.ok(200)["min_stock"].as_i64(),
            reply.body["max_stock"].clone()
        ),
        (Some(10), Value::Null)
    );
    let reply = patch("1", json!({"min_stock": null})).await;
    assert_eq!(reply.ok(200)["low_stock"], false);

    // A product never stocked: zeros.
    let reply = get(&app, &tokens, "/inventory/777/").await;
    assert_eq!(
        reply.ok(200),
        &json!({"product_id": 777, "total": 0, "by_warehouse": [], "min_stock": null,
                "max_stock": null, "low_stock": false})
    );
    get(&app, &tokens, "/inventory/-4/")
        .await
        .invalid_fields(&["product_id"]);
    get(&app, &tokens, "/inventory/seven/")
        .await
        .error(400, "invalid_parameter");
}

async fn the_report_covers_the_requested_days(backend: Backend) {
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap(),
    ));
    let setup = Setup {
        clock: Some(clock.clone()),
        ..Setup::default()
    };
    let app = App::with(&backend, setup).await;
    let staff = app.user(Some((1, Role::Staff))).await;
    let tokens = app.login(&staff).await;
    let a = warehouse(&app, &tokens, "A").await;
    let b = warehouse(&app, &tokens, "B").await;
    let send = |tokens: &Tokens, product: i64, w: i64, kind: &str, n: i64| {
        let body =
            json!({"product_id": product, "warehouse_id": w, "movement_type": kind, "quantity": n});
        let (app, tokens) = (&app, tokens.clone());
        async move { movement(app, &tokens, body).await }
    };
    send(&tokens, 1, a, "in", 100).await.ok(201);
    clock.advance(Duration::days(60));
    // Access tokens last minutes: a new login after the jump.
    let tokens = app.login(&staff).await;
    send(&tokens, 1, a, "out", 30).await.ok(201);
    send(&tokens, 2, b, "in", 9).await.ok(201);
    send(&tokens, 3, b, "in", 2).await.ok(201);
    app.patch("/inventory/3/")
        .bearer(&tokens.access)
        .body_json(&json!({"min_stock": 5}))
        .reply()
        .await
        .ok(200);
    clock.advance(Duration::days(1));
    let tokens = app.login(&staff).await;

    let reply = get(&app, &tokens, "/inventory/report/?days=30").await;
    let body = reply.ok(200);
    assert_eq!(
        keys(body),
        [
            "days",
            "low_stock",
            "low_stock_count",
            "products",
            "since",
            "top_movers",
            "warehouses"
        ]
    );
    assert_eq!(body["days"], 30);
    assert_eq!(body["products"]["count"], 3);
    assert_eq!(
        body["products"]["results"][0],
        json!({"product_id": 1, "in": 0, "out": 30, "adjusted": 0, "net": -30, "total": 70})
    );
    let movers: Vec<i64> = body["top_movers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["product_id"].as_i64().unwrap())
        .collect();
    assert_eq!(movers, [1, 2, 3]);
    assert_eq!(
        body["low_stock"],
        json!([{"product_id": 3, "total": 2, "min_stock": 5, "max_stock": null}])
    );
    assert_eq!(body["low_stock_count"], 1);
    assert_eq!(
        body["warehouses"],
        json!([{"warehouse_id": a, "name": "A", "is_active": true, "units": 70, "products": 1},
               {"warehouse_id": b, "name": "B", "is_active": true, "units": 11, "products": 2}])
    );
    // Default 30 days, and a cached report is not reused once stock moves.
    let reply = get(&app, &tokens, "/inventory/report/").await;
    assert_eq!(reply.ok(200)["days"], 30);
    assert_eq!(reply.body["products"]["results"][0]["out"], 30);
    send(&tokens, 1, a, "out", 5).await.ok(201);
    let reply = get(&app, &tokens, "/inventory/report/").await;
    assert_eq!(reply.ok(200)["products"]["results"][0]["out"], 35);
    assert_eq!(reply.body["warehouses"][0]["units"], 65);
    app.patch("/inventory/3/")
        .bearer(&tokens.access)
        .body_json(&json!({"min_stock": null}))
        .reply()
        .await
        .ok(200);
    let reply = get(&app, &tokens, "/inventory/report/").await;
    assert_eq!(reply.ok(200)["low_stock_count"], 0);
    // 90 days reaches the first receipt.
    let reply = get(&app, &tokens, "/inventory/report/?days=90").await;
    assert_eq!(reply.ok(200)["products"]["results"][0]["in"], 100);
    let reply = get(&app, &tokens, "/inventory/report/?days=30&page_size=2").await;
    let body = reply.ok(200);
    let next = body["products"]["next"].as_str().unwrap();
    assert!(
        next.starts_with("/inventory/report/?")
            && next.contains("days=30")
            && next.contains("page=2"),
        "{next}"
    );
    for days in ["0", "366", "-1"] {
        get(&app, &tokens, &format!("/inventory/report/?days={days}"))
            .await
            .invalid_fields(&["days"]);
    }
    get(&app, &tokens, "/inventory/report/?days=week")
        .await
        .error(400, "invalid_parameter");
}

async fn compatibility_reads(backend: Backend) {
    let (app, tokens) = staffed(&backend).await;
    let a = warehouse(&app, &tokens, "A").await;
    let b = warehouse(&app, &tokens, "B").await;
    for (product, w, n) in [(5, a, 3), (5, b, 4), (12, b, 1)] {
        movement(
            &app,
            &tokens,
            json!({"product_id": product, "warehouse_id": w, "movement_type": "in", "quantity": n}),
        )
        .await
        .ok(201);
    }
    let reply = get(&app, &tokens, "/movements/quantity/?product_id=5").await;
    assert_eq!(reply.ok(200), &json!({"product_id": 5, "quantity": 7}));
    let reply = get(
        &app,
        &tokens,
        &format!("/movements/quantity/?product_id=5&warehouse_id={b}"),
    )
    .await;
    assert_eq!(
        reply.ok(200),
        &json!({"product_id": 5, "warehouse_id": b, "quantity": 4})
    );
    let reply = get(&app, &tokens, "/movements/quantity/?product_id=99").await;
    assert_eq!(reply.ok(200)["quantity"], 0);
    get(
        &app,
        &tokens,
        "/movements/quantity/?product_id=5&warehouse_id=999",
    )
    .await
    .error(404, "warehouse_not_found");
    get(&app, &tokens, "/movements/quantity/")
        .await
        .error(400, "invalid_parameter");
    get(&app, &tokens, "/movements/quantity/?product_id=0")
        .await
        .invalid_fields(&["product_id"]);
    let reply = get(&app, &tokens, "/movements/stock-list/").await;
    assert_eq!(reply.ok(200), &json!({"5": 7, "12": 1}));
}

async fn another_store_sees_and_moves_nothing(backend: Backend) {
    let (app, tokens) = staffed(&backend).await;
    let w = warehouse(&app, &tokens, "Propio").await;
    movement(
        &app,
        &tokens,
        json!({"product_id": 1, "warehouse_id": w, "movement_type": "in", "quantity": 8}),
    )
    .await
    .ok(201);
    app.patch("/inventory/1/")
        .bearer(&tokens.access)
        .body_json(&json!({"min_stock": 20}))
        .reply()
        .await
        .ok(200);

    let second = app.store("Segunda Tienda", None).await;
    let outsider = app.user(Some((second.id, Role::Staff))).await;
    let theirs = app.login(&outsider).await;
    let customer = app.user(Some((1, Role::Customer))).await;
    let customer = app.login(&customer).await;
    let in_second = |path: &str| {
        let path = path.to_owned();
        let app = &app;
        let access = theirs.access.clone();
        async move {
            app.get(&path)
                .bearer(&access)
                .store(second.id)
                .reply()
                .await
        }
    };

    // In their own store they see none of it.
    for path in [
        "/warehouses/",
        "/movements/",
        "/inventory/",
        "/inventory/?low_stock=true",
    ] {
        let reply = in_second(path).await;
        assert_eq!(reply.ok(200)["count"], 0, "{path}");
    }
    let reply = in_second("/inventory/1/").await;
    assert_eq!(
        (
            reply.ok(200)["total"].as_i64(),
            reply.body["min_stock"].clone()
        ),
        (Some(0), Value::Null)
    );
    in_second(&format!("/warehouses/{w}/"))
        .await
        .error(404, "warehouse_not_found");
    let reply = in_second("/movements/stock-list/").await;
    assert_eq!(reply.ok(200), &json!({}));
    in_second(&format!(
        "/movements/quantity/?product_id=1&warehouse_id={w}"
    ))
    .await
    .error(404, "warehouse_not_found");
    let reply = in_second("/inventory/report/").await;
    let body = reply.ok(200);
    assert_eq!(
        (
            body["products"]["count"].as_i64(),
            body["low_stock_count"].as_i64()
        ),
        (Some(0), Some(0))
    );
    assert_eq!(body["warehouses"], json!([]));

    // Nor can they move it, from their store or by naming the other.
    let out = json!({"product_id": 1, "warehouse_id": w, "movement_type": "out", "quantity": 8});
    app.post("/movements/")
        .bearer(&theirs.access)
        .store(second.id)
        .body_json(&out)
        .reply()
        .await
        .error(404, "warehouse_not_found");
    let reply = app
        .patch(&format!("/warehouses/{w}/"))
        .bearer(&theirs.access)
        .store(second.id)
        .body_json(&json!({"is_active": false}))
        .reply()
        .await;
    reply.error(404, "warehouse_not_found");
    for (token, label) in [
        (&theirs.access, "other store's staff"),
        (&customer.access, "customer"),
    ] {
        for path in [
            "/warehouses/",
            "/movements/",
            "/inventory/",
            "/inventory/1/",
            "/inventory/report/",
            "/movements/stock-list/",
        ] {
            app.get(path)
                .bearer(token)
                .store(1)
                .reply()
                .await
                .error(403, "permission_denied");
        }
        app.post("/movements/")
            .bearer(token)
            .store(1)
            .body_json(&out)
            .reply()
            .await
            .error(403, "permission_denied");
        app.post("/movements/transfer/")
            .bearer(token)
            .store(1)
            .body_json(&json!({"product_id": 1, "from_warehouse_id": w, "to_warehouse_id": w + 1, "quantity": 1}))
            .reply()
            .await
            .error(403, "permission_denied");
        app.post("/warehouses/")
            .bearer(token)
            .store(1)
            .body_json(&json!({"name": label}))
            .reply()
            .await
            .error(403, "permission_denied");
        app.patch("/inventory/1/")
            .bearer(token)
            .store(1)
            .body_json(&json!({"min_stock": 0}))
            .reply()
            .await
            .error(403, "permission_denied");
    }
    app.get("/inventory/")
        .reply()
        .await
        .error(401, "not_authenticated");

    assert_eq!(level(&app, 1, w).await, 8, "untouched");
    assert_eq!(ledger_count(&app, 1).await, 1);
    assert_eq!(ledger_count(&app, second.id).await, 0);
    let stock = app.enid.storage().product_stock(1, 1).await.unwrap();
    assert_eq!(stock.thresholds.min_stock, Some(20));
    assert!(
        app.enid
            .storage()
            .warehouse(1, w)
            .await
            .unwrap()
            .unwrap()
            .is_active
    );
}

async fn the_ledger_check_covers_the_requested_store(backend: Backend) {
    let (app, tokens) = staffed(&backend).await;
    let north = warehouse(&app, &tokens, "Norte").await;
    for (product, quantity) in [(1, 10), (2, 4)] {
        movement(
            &app,
            &tokens,
            json!({"product_id": product, "warehouse_id": north, "movement_type": "in", "quantity": quantity}),
        )
        .await
        .ok(201);
    }
    movement(
        &app,
        &tokens,
        json!({"product_id": 1, "warehouse_id": north, "movement_type": "out", "quantity": 3}),
    )
    .await
    .ok(201);

    let report = get(&app, &tokens, "/inventory/verify/").await;
    assert_eq!(
        report.ok(200),
        &json!({"levels_checked": 2, "movements_checked": 3, "mismatches": []})
    );

    // Another store's admin checks only that store's (empty) ledger.
    let other = app.store("Sucursal", None).await;
    let admin = app.user(Some((other.id, Role::Admin))).await;
    let admin_tokens = app.login(&admin).await;
    let theirs = app
        .get("/inventory/verify/")
        .bearer(&admin_tokens.access)
        .store(other.id)
        .reply()
        .await;
    assert_eq!(
        theirs.ok(200),
        &json!({"levels_checked": 0, "movements_checked": 0, "mismatches": []})
    );

    // Nor may they check this store, nor may a customer, nor anyone without a token.
    app.get("/inventory/verify/")
        .bearer(&admin_tokens.access)
        .store(1)
        .reply()
        .await
        .error(403, "permission_denied");
    let customer = app.user(Some((1, Role::Customer))).await;
    let customer_tokens = app.login(&customer).await;
    get(&app, &customer_tokens, "/inventory/verify/")
        .await
        .error(403, "permission_denied");
    app.get("/inventory/verify/")
        .reply()
        .await
        .error(401, "not_authenticated");
}
