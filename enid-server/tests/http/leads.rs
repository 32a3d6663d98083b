//! Leads over HTTP: lead types, the public intake, staff work on leads with their history,
//! search, metrics, bad input and tenancy.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value, json};

use enid_core::auth::Email;
use enid_core::clock::ManualClock;
use enid_core::config::EnidConfig;
use enid_core::leads::{LeadContact, LeadFilter, LeadStatus, NewLead};
use enid_core::pagination::PageRequest;
use enid_core::rate_limit::RateLimit;
use enid_core::stores::Role;

use crate::support::{App, Backend, Call, Setup, Tokens, on_every_backend};

on_every_backend!(
    lead_types_start_with_the_originals_and_follow_the_rules,
    the_intake_creates_then_refreshes_a_lead,
    bad_intakes_are_refused_and_store_nothing,
    the_intake_is_rate_limited_per_client,
    staff_create_list_filter_and_order_leads,
    status_changes_land_in_the_history,
    search_matches_loosely_and_checks_its_parameters,
    metrics_follow_the_definitions,
    another_stores_staff_sees_none_of_the_leads,
    customers_and_strangers_cannot_read_leads,
    cached_searches_and_overview_follow_every_write_on_every_instance,
);

fn ts(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

/// An app whose clock stands at `now`, and a staff member of store 1 logged in.
async fn app_at(backend: &Backend, now: DateTime<Utc>) -> (App, Arc<ManualClock>, Tokens, i64) {
    let clock = Arc::new(ManualClock::new(now));
    // Tests move the clock days ahead; the token must outlive that.
    let app = App::with(
        backend,
        Setup {
            config: EnidConfig {
                access_ttl: Duration::from_secs(400 * 24 * 3600),
                ..Setup::default().config
            },
            clock: Some(clock.clone()),
            ..Setup::default()
        },
    )
    .await;
    let staff = app.user(Some((1, Role::Staff))).await;
    let tokens = app.login(&staff).await;
    (app, clock, tokens, staff.id())
}

async fn stored_leads(app: &App, store: i64) -> i64 {
    app.enid
        .storage()
        .list_leads(store, &LeadFilter::default(), PageRequest::default())
        .await
        .unwrap()
        .count
}

fn names(body: &Value) -> Vec<String> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|lead| lead["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn lead_types_start_with_the_originals_and_follow_the_rules(backend: Backend) {
    let (app, _clock, tokens, _) = app_at(&backend, Utc::now()).await;
    let token = tokens.access.as_str();
    let reply = app.get("/lead-type/").bearer(token).reply().await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 3);
    assert_eq!(
        body["results"],
        json!([
            {"id": 1, "name": "Al hacer seguir en contacto", "is_active": true},
            {"id": 2, "name": "Al registrar orden", "is_active": true},
            {"id": 3, "name": "Al hacer registro", "is_active": true},
        ])
    );

    let reply = app
        .post("/lead-type/")
        .bearer(token)
        .body_json(&json!({"name": "  Al suscribirse  "}))
        .reply()
        .await;
    assert_eq!(
        reply.ok(201),
        &json!({"id": 4, "name": "Al suscribirse", "is_active": true})
    );
    app.post("/lead-type/")
        .bearer(token)
        .body_json(&json!({"name": "AL SÚSCRIBIRSE"}))
        .reply()
        .await
        .error(409, "lead_type_name_taken");
    app.post("/lead-type/")
        .bearer(token)
        .body_json(&json!({"name": "   "}))
        .reply()
        .await
        .invalid_fields(&["name"]);
    app.post("/lead-type/")
        .bearer(token)
        .body_json(&json!({"name": 5}))
        .reply()
        .await
        .invalid_fields(&["name"]);

    let reply = app
        .patch("/lead-type/4/")
        .bearer(token)
        .body_json(&json!({"is_active": false}))
        .reply()
        .await;
    assert_eq!(reply.ok(200)["is_active"], false);
    let reply = app.get("/lead-type/4/").bearer(token).reply().await;
    assert_eq!(reply.ok(200)["name"], "Al suscribirse");
    app.get("/lead-type/99/")
        .bearer(token)
        .reply()
        .await
        .error(404, "lead_type_not_found");

    // An inactive type takes no leads.
    app.post("/lead/existence/")
        .body_json(&json!({"name": "Ana", "email": "ana@example.mx", "lead_type": 4}))
        .reply()
        .await
        .invalid_fields(&["lead_type"]);

    // A type with leads cannot be deleted; one without can.
    app.post("/lead/existence/")
        .body_json(&json!({"name": "Ana", "email": "ana@example.mx", "lead_type": 1}))
        .reply()
        .await
        .ok(201);
    app.cli
        .delete("/lead-type/1/")
        .bearer(token)
        .reply()
        .await
        .error(409, "lead_type_in_use");
    let reply = app.cli.delete("/lead-type/4/").bearer(token).reply().await;
    assert_eq!(reply.status.as_u16(), 204, "{}", reply.text);
    app.cli
        .delete("/lead-type/4/")
        .bearer(token)
        .reply()
        .await
        .error(404, "lead_type_not_found");
    let reply = app.get("/lead-type/").bearer(token).reply().await;
    assert_eq!(reply.ok(200)["count"], 3);
}

async fn the_intake_creates_then_refreshes_a_lead(backend: Backend) {
    let (app, clock, tokens, _) = app_at(&backend, ts(10, 12)).await;
    let reply = app
        .post("/lead/existence/")
        .body_json(&json!({
            "name": "María José Hernández",
            "email": "  MJ.Hernandez@Gmail.com ",
            "phone_number": "55 1234 5678",
            "lead_type": 2,
            "products_interest": [12, 7, 12],
        }))
        .reply()
        .await;
    let body = reply.ok(201).clone();
    let id = body["id"].as_i64().unwrap();
    assert_eq!(
        body,
        json!({
            "id": id,
            "name": "María José Hernández",
            "email": "mj.hernandez@gmail.com",
            "phone_number": "55 1234 5678",
            "lead_type": 2,
            "lead_type_name": "Al registrar orden",
            "status": "pending",
            "status_display": "Pendiente",
            "tryet": 1,
            "products_interest": [12, 7],
            "created_at": "2026-03-10T12:00:00+00:00",
            "updated_at": "2026-03-10T12:00:00+00:00",
            "converted_at": null,
        })
    );

    clock.advance(chrono::Duration::hours(2));
    let reply = app
        .post("/lead/existence/")
        .body_json(&json!({
            "name": "María José Hernández Ruiz",
            "email": "mj.hernandez@gmail.com",
            "lead_type": 2,
            "products_interest": [3],
        }))
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["id"], id);
    assert_eq!(body["tryet"], 2);
    assert_eq!(body["name"], "María José Hernández Ruiz");
    assert_eq!(body["phone_number"], "55 1234 5678");
    assert_eq!(body["products_interest"], json!([3]));
    assert_eq!(body["status"], "pending");
    assert_eq!(body["created_at"], "2026-03-10T12:00:00+00:00");
    assert_eq!(body["updated_at"], "2026-03-10T14:00:00+00:00");

    // The same email with another type is a second lead.
    let reply = app
        .post("/lead/existence/")
        .body_json(&json!({"name": "MJ", "email": "mj.hernandez@gmail.com", "lead_type": 3}))
        .reply()
        .await;
    assert_ne!(reply.ok(201)["id"], id);
    assert_eq!(stored_leads(&app, 1).await, 2);

    // What staff read is what was stored.
    let reply = app
        .get(&format!("/lead/{id}/"))
        .bearer(&tokens.access)
        .reply()
        .await;
    let stored = reply.ok(200);
    assert_eq!(
        (stored["tryet"].as_i64(), &stored["products_interest"]),
        (Some(2), &json!([3]))
    );
}

async fn bad_intakes_are_refused_and_store_nothing(backend: Backend) {
    let app = App::new(&backend).await;
    let valid = json!({"name": "Ana", "email": "ana@example.mx", "lead_type": 1});
    let with = |field: &str, value: Value| {
        let mut body = valid.clone();
        body[field] = value;
        body
    };
    // products_interest must be a list of positive integers.
    for (products, field) in [
        (json!("1,2"), "products_interest"),
        (json!(5), "products_interest"),
        (json!({"a": 1}), "products_interest"),
        (json!([1, "2"]), "products_interest[1]"),
        (json!([1.5]), "products_interest[0]"),
        (json!([true]), "products_interest[0]"),
        (json!([null]), "products_interest[0]"),
        (
            json!([9_223_372_036_854_775_808u64]),
            "products_interest[0]",
        ),
    ] {
        let reply = app
            .post("/lead/existence/")
            .body_json(&with("products_interest", products.clone()))
            .reply()
            .await;
        reply.invalid_fields(&[field]);
        assert!(!reply.text.contains("\"id\""), "{products}");
    }
    for products in [
        json!([0]),
        json!([-3, 4]),
        json!((1..=101).collect::<Vec<i64>>()),
    ] {
        app.post("/lead/existence/")
            .body_json(&with("products_interest", products))
            .reply()
            .await
            .invalid_fields(&["products_interest"]);
    }
    let cases = [
        (with("email", json!("not-an-email")), vec!["email"]),
        (with("name", json!("  ")), vec!["name"]),
        (with("phone_number", json!("call me")), vec!["phone_number"]),
        (with("phone_number", json!("123")), vec!["phone_number"]),
        (with("lead_type", json!(42)), vec!["lead_type"]),
        (
            json!({"name": "", "email": "x", "lead_type": 1, "products_interest": [0]}),
            vec!["email", "name", "products_interest"],
        ),
    ];
    for (body, fields) in cases {
        app.post("/lead/existence/")
            .body_json(&body)
            .reply()
            .await
            .invalid_fields(&fields);
    }
    for (body, field) in [
        (with("status", json!("converted")), "status"),
        (with("lead_type", json!("1")), "lead_type"),
        (with("email", json!(7)), "email"),
        (json!({"name": "Ana", "lead_type": 1}), "email"),
    ] {
        app.post("/lead/existence/")
            .body_json(&body)
            .reply()
            .await
            .invalid_fields(&[field]);
    }
    app.post("/lead/existence/")
        .body_json(&json!([]))
        .reply()
        .await
        .error(400, "invalid_body");
    let reply = app
        .post("/lead/existence/")
        .header("content-type", "application/json")
        .body("{\"name\": \"Ana\",")
        .reply()
        .await;
    reply.error(400, "invalid_body");
    app.post("/lead/existence/")
        .store(99)
        .body_json(&valid)
        .reply()
        .await
        .error(404, "store_not_found");
    assert_eq!(
        stored_leads(&app, 1).await,
        0,
        "no refused request stored anything"
    );
    app.post("/lead/existence/")
        .body_json(&valid)
        .reply()
        .await
        .ok(201);
    assert_eq!(stored_leads(&app, 1).await, 1);
}

async fn the_intake_is_rate_limited_per_client(backend: Backend) {
    let app = App::with(
        &backend,
        Setup {
            config: EnidConfig {
                rate_public_write: Some(RateLimit::new(3, Duration::from_secs(60))),
                ..Setup::default().config
            },
            ..Setup::default()
        },
    )
    .await;
    for i in 0..3 {
        app.post("/lead/existence/")
            .body_json(
                &json!({"name": "Ana", "email": format!("ana{i}@example.mx"), "lead_type": 1}),
            )
            .reply()
            .await
            .ok(201);
    }
    let reply = app
        .post("/lead/existence/")
        .body_json(&json!({"name": "Ana", "email": "ana9@example.mx", "lead_type": 1}))
        .reply()
        .await;
    reply.error(429, "rate_limited");
    assert!(reply.header("retry-after").is_some());
    assert_eq!(stored_leads(&app, 1).await, 3);
}

async fn staff_create_list_filter_and_order_leads(backend: Backend) {
    let (app, clock, tokens, _) = app_at(&backend, ts(1, 9)).await;
    let token = tokens.access.as_str();
    let mut ids = Vec::new();
    for (day, name, lead_type, status) in [
        (1, "Beatriz Soto", 1, "pending"),
        (3, "Arturo Díaz", 2, "contacted"),
        (5, "Carmen Luna", 1, "converted"),
        (7, "Diego Ríos", 3, "pending"),
    ] {
        clock.set(ts(day, 9));
        let reply = app
            .post("/lead/")
            .bearer(token)
            .body_json(&json!({
                "name": name,
                "email": format!("{}@example.mx", name.split(' ').next().unwrap().to_lowercase()),
                "lead_type": lead_type,
                "status": status,
            }))
            .reply()
            .await;
        let body = reply.ok(201);
        assert_eq!(body["status"], status);
        assert_eq!(body["tryet"], 1);
        assert_eq!(body["products_interest"], json!([]));
        if status == "converted" {
            assert_eq!(body["converted_at"], body["created_at"]);
            assert_eq!(body["status_display"], "Convertido");
        } else {
            assert_eq!(body["converted_at"], Value::Null);
        }
        ids.push(body["id"].as_i64().unwrap());
    }
    app.post("/lead/")
        .bearer(token)
        .body_json(&json!({"name": "Otra", "email": "BEATRIZ@example.mx", "lead_type": 1}))
        .reply()
        .await
        .error(409, "lead_exists");
    app.post("/lead/")
        .bearer(token)
        .body_json(
            &json!({"name": "Otra", "email": "o@example.mx", "lead_type": 1, "status": "won"}),
        )
        .reply()
        .await
        .invalid_fields(&["status"]);

    let list = |query: &'static str| {
        let app = &app;
        async move {
            app.get(&format!("/lead/{query}"))
                .bearer(token)
                .reply()
                .await
        }
    };
    let reply = list("").await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 4);
    assert_eq!(
        names(body),
        ["Diego Ríos", "Carmen Luna", "Arturo Díaz", "Beatriz Soto"]
    );
    assert_eq!(
        names(list("?ordering=name").await.ok(200)),
        ["Arturo Díaz", "Beatriz Soto", "Carmen Luna", "Diego Ríos"]
    );
    assert_eq!(
        names(list("?ordering=created_at").await.ok(200))[0],
        "Beatriz Soto"
    );
    assert_eq!(
        names(list("?ordering=status").await.ok(200)),
        ["Beatriz Soto", "Diego Ríos", "Arturo Díaz", "Carmen Luna"]
    );
    assert_eq!(
        names(list("?status=pending").await.ok(200)),
        ["Diego Ríos", "Beatriz Soto"]
    );
    assert_eq!(
        names(list("?lead_type=1").await.ok(200)),
        ["Carmen Luna", "Beatriz Soto"]
    );
    assert_eq!(
        names(
            list("?created_after=2026-03-03&created_before=2026-03-05")
                .await
                .ok(200)
        ),
        ["Carmen Luna", "Arturo Díaz"],
        "both bounds include their whole day"
    );
    assert_eq!(
        names(list("?created_after=2026-03-05T09:00:00Z").await.ok(200)),
        ["Diego Ríos", "Carmen Luna"]
    );
    assert_eq!(
        names(
            list("?created_before=2026-03-03T03:00:00-06:00")
                .await
                .ok(200)
        ),
        ["Arturo Díaz", "Beatriz Soto"]
    );
    let reply = list("?page_size=3&status=pending").await;
    assert_eq!(reply.ok(200)["next"], Value::Null);
    let reply = list("?page_size=3").await;
    let next = reply.ok(200)["next"].as_str().unwrap().to_owned();
    assert!(next.contains("page=2"), "{next}");
    // Filters of a fixed set of values are enums: anything else is a bad parameter.
    for (query, parameter) in [
        ("?status=won", "status"),
        ("?ordering=email", "ordering"),
        ("?ordering=-", "ordering"),
        ("?lead_type=uno", "lead_type"),
    ] {
        list(query).await.invalid_parameter(parameter);
    }
    for (query, field) in [
        ("?created_after=yesterday", "created_after"),
        ("?created_before=2026-13-01", "created_before"),
        ("?page_size=500", "page_size"),
    ] {
        list(query).await.invalid_fields(&[field]);
    }
}

async fn status_changes_land_in_the_history(backend: Backend) {
    let (app, clock, tokens, staff_id) = app_at(&backend, ts(2, 10)).await;
    let token = tokens.access.as_str();
    let reply = app
        .post("/lead/existence/")
        .body_json(&json!({"name": "Luz", "email": "luz@example.mx", "phone_number": "3312345678", "lead_type": 1}))
        .reply()
        .await;
    let id = reply.ok(201)["id"].as_i64().unwrap();
    let path = format!("/lead/{id}/");

    clock.set(ts(3, 11));
    let reply = app
        .patch(&path)
        .bearer(token)
        .body_json(&json!({"status": "contacted", "name": "Luz Elena"}))
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(
        (body["status"].as_str(), body["status_display"].as_str()),
        (Some("contacted"), Some("Contactado"))
    );
    assert_eq!(body["name"], "Luz Elena");
    assert_eq!(body["updated_at"], "2026-03-03T11:00:00+00:00");

    clock.set(ts(4, 12));
    let reply = app
        .patch(&path)
        .bearer(token)
        .body_json(
            &json!({"status": "converted", "phone_number": null, "products_interest": [5, 6]}),
        )
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["converted_at"], "2026-03-04T12:00:00+00:00");
    assert_eq!(body["phone_number"], Value::Null);
    assert_eq!(body["products_interest"], json!([5, 6]));
    assert_eq!(body["status_display"], "Convertido");

    // Refused changes change nothing, and record nothing.
    for (patch, status, code) in [
        (json!({"status": "lost"}), 400, "validation_error"),
        (json!({"products_interest": [0]}), 400, "validation_error"),
        (json!({"email": "nope"}), 400, "validation_error"),
        (json!({"lead_type": 77}), 400, "validation_error"),
        (json!({"tryet": 9}), 400, "validation_error"),
    ] {
        app.patch(&path)
            .bearer(token)
            .body_json(&patch)
            .reply()
            .await
            .error(status, code);
    }
    let reply = app
        .get(&format!("{path}history/"))
        .bearer(token)
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 2);
    let steps: Vec<(Value, Value, Value, Value)> = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["from_status"].clone(),
                c["to_status"].clone(),
                c["changed_by"].clone(),
                c["changed_at"].clone(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (
                json!("pending"),
                json!("contacted"),
                json!(staff_id),
                json!("2026-03-03T11:00:00+00:00")
            ),
            (
                json!("contacted"),
                json!("converted"),
                json!(staff_id),
                json!("2026-03-04T12:00:00+00:00")
            ),
        ]
    );
    let reply = app.get(&path).bearer(token).reply().await;
    assert_eq!(reply.ok(200)["status"], "converted");

    let reply = app.cli.delete(&path).bearer(token).reply().await;
    assert_eq!(reply.status.as_u16(), 204);
    app.get(&path)
        .bearer(token)
        .reply()
        .await
        .error(404, "lead_not_found");
    app.get(&format!("{path}history/"))
        .bearer(token)
        .reply()
        .await
        .error(404, "lead_not_found");
    app.cli
        .delete(&path)
        .bearer(token)
        .reply()
        .await
        .error(404, "lead_not_found");
    app.get("/lead/abc/")
        .bearer(token)
        .reply()
        .await
        .error(400, "invalid_parameter");
}

async fn search_matches_loosely_and_checks_its_parameters(backend: Backend) {
    let (app, clock, tokens, _) = app_at(&backend, ts(1, 8)).await;
    let token = tokens.access.as_str();
    for (day, name, email, phone) in [
        (1, "José Pérez", "jperez@example.mx", "55 1234 5678"),
        (2, "Josefina Ñúñez", "fina@example.mx", "33 9876 5432"),
        (3, "Pedro Gómez", "jose@example.mx", "81 5555 0000"),
    ] {
        clock.set(ts(day, 8));
        app.post("/lead/existence/")
            .body_json(
                &json!({"name": name, "email": email, "phone_number": phone, "lead_type": 1}),
            )
            .reply()
            .await
            .ok(201);
    }
    let search = |query: &'static str| {
        let app = &app;
        async move {
            app.get(&format!("/lead-search/{query}"))
                .bearer(token)
                .reply()
                .await
        }
    };
    let reply = search("?q=JOSE").await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 3);
    assert_eq!(names(body), ["Pedro Gómez", "Josefina Ñúñez", "José Pérez"]);
    assert_eq!(
        names(search("?q=jose@example.mx").await.ok(200))[0],
        "Pedro Gómez"
    );
    assert_eq!(names(search("?q=nunez").await.ok(200)), ["Josefina Ñúñez"]);
    assert_eq!(names(search("?q=55%201234").await.ok(200)), ["José Pérez"]);
    assert_eq!(names(search("?q=jose&limit=1").await.ok(200)).len(), 1);
    assert_eq!(
        names(search("?q=jose&status=all&limit=100").await.ok(200)).len(),
        3
    );
    assert_eq!(search("?q=jose&status=converted").await.ok(200)["count"], 0);
    for (query, field) in [
        ("?q=jose&limit=101", "limit"),
        ("?q=jose&limit=0", "limit"),
        ("?q=jose&limit=-5", "limit"),
        ("?q=jo", "q"),
        ("?q=%20%20", "q"),
        ("", "q"),
    ] {
        search(query).await.invalid_fields(&[field]);
    }
    search("?q=jose&status=won")
        .await
        .invalid_parameter("status");
    search("?q=jose&limit=ten")
        .await
        .error(400, "invalid_parameter");
    search("?q=jose&limit=1.5")
        .await
        .error(400, "invalid_parameter");
}

async fn metrics_follow_the_definitions(backend: Backend) {
    let (app, clock, tokens, _) = app_at(&backend, ts(4, 9)).await;
    let token = tokens.access.as_str();
    let mut ids = Vec::new();
    for (day, email, lead_type) in [
        (4, "a@example.mx", 1),
        (9, "b@example.mx", 2),
        (10, "c@example.mx", 2),
    ] {
        clock.set(ts(day, 9));
        let reply = app
            .post("/lead/existence/")
            .body_json(&json!({"name": "Lead", "email": email, "lead_type": lead_type}))
            .reply()
            .await;
        ids.push(reply.ok(201)["id"].as_i64().unwrap());
    }
    clock.set(ts(10, 15));
    app.patch(&format!("/lead/{}/", ids[0]))
        .bearer(token)
        .body_json(&json!({"status": "converted"}))
        .reply()
        .await
        .ok(200);
    let get = |path: &'static str| {
        let app = &app;
        async move { app.get(path).bearer(token).reply().await }
    };
    assert_eq!(
        get("/lead-metrics/overview/").await.ok(200),
        &json!({"total_leads": 3, "new_leads_today": 1, "new_leads_week": 3, "new_leads_month": 3, "conversion_rate": 33.33})
    );
    assert_eq!(
        get("/lead-metrics/by-status/").await.ok(200),
        &json!([
            {"status": "pending", "status_display": "Pendiente", "count": 2, "percentage": 66.67},
            {"status": "contacted", "status_display": "Contactado", "count": 0, "percentage": 0.0},
            {"status": "process", "status_display": "En proceso", "count": 0, "percentage": 0.0},
            {"status": "converted", "status_display": "Convertido", "count": 1, "percentage": 33.33},
            {"status": "discarded", "status_display": "Descartado", "count": 0, "percentage": 0.0},
        ])
    );
    assert_eq!(
        get("/lead-metrics/by-type/").await.ok(200),
        &json!([
            {"lead_type_id": 1, "lead_type": "Al hacer seguir en contacto", "count": 1, "percentage": 33.33},
            {"lead_type_id": 2, "lead_type": "Al registrar orden", "count": 2, "percentage": 66.67},
            {"lead_type_id": 3, "lead_type": "Al hacer registro", "count": 0, "percentage": 0.0},
        ])
    );
    assert_eq!(
        get("/lead-metrics/trends/?days=3").await.ok(200),
        &json!([
            {"date": "2026-03-08", "new_leads": 0, "converted_leads": 0},
            {"date": "2026-03-09", "new_leads": 1, "converted_leads": 0},
            {"date": "2026-03-10", "new_leads": 1, "converted_leads": 1},
        ])
    );
    let reply = get("/lead-metrics/daily-metrics/").await;
    let days = reply.ok(200).as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(days[0]["date"], "2026-03-04");
    assert_eq!(
        days[0],
        json!({"date": "2026-03-04", "total": 1, "pending": 0, "contacted": 0, "process": 0, "converted": 1, "discarded": 0})
    );
    assert_eq!(days[6]["pending"], 1);
    let reply = get("/lead-metrics/recent-activity/?limit=2").await;
    let recent: Vec<i64> = reply
        .ok(200)
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_i64().unwrap())
        .collect();
    assert_eq!(recent, [ids[2], ids[1]]);
    let reply = get("/lead-metrics/conversion-funnel/").await;
    let funnel = reply.ok(200);
    assert_eq!(
        (
            funnel["total_leads"].as_i64(),
            funnel["conversion_rate"].as_f64()
        ),
        (Some(3), Some(33.33))
    );
    assert_eq!(funnel["stages"].as_array().unwrap().len(), 5);
    assert_eq!(funnel["stages"][3]["count"], 1);

    for path in [
        "/lead-metrics/trends/?days=0",
        "/lead-metrics/trends/?days=366",
        "/lead-metrics/daily-metrics/?days=-1",
        "/lead-metrics/recent-activity/?limit=0",
        "/lead-metrics/recent-activity/?limit=101",
    ] {
        let reply = get(path).await;
        reply.error(400, "validation_error");
    }
    get("/lead-metrics/trends/?days=week")
        .await
        .error(400, "invalid_parameter");
}

async fn another_stores_staff_sees_none_of_the_leads(backend: Backend) {
    let (app, _clock, tokens, _) = app_at(&backend, Utc::now()).await;
    let reply = app
        .post("/lead/existence/")
        .body_json(&json!({"name": "José Uno", "email": "uno@example.mx", "lead_type": 1}))
        .reply()
        .await;
    let id = reply.ok(201)["id"].as_i64().unwrap();
    let other = app.store("Sucursal Dos", None).await;
    let outsider = app.user(Some((other.id, Role::Staff))).await;
    let theirs = app.login(&outsider).await;
    let token = theirs.access.as_str();

    // In their own store: nothing of store 1.
    let reply = app
        .get("/lead/")
        .bearer(token)
        .store(other.id)
        .reply()
        .await;
    assert_eq!(reply.ok(200)["count"], 0);
    app.get(&format!("/lead/{id}/"))
        .bearer(token)
        .store(other.id)
        .reply()
        .await
        .error(404, "lead_not_found");
    app.get(&format!("/lead/{id}/history/"))
        .bearer(token)
        .store(other.id)
        .reply()
        .await
        .error(404, "lead_not_found");
    app.patch(&format!("/lead/{id}/"))
        .bearer(token)
        .store(other.id)
        .body_json(&json!({"status": "discarded"}))
        .reply()
        .await
        .error(404, "lead_not_found");
    app.cli
        .delete(format!("/lead/{id}/"))
        .bearer(token)
        .store(other.id)
        .reply()
        .await
        .error(404, "lead_not_found");
    let reply = app
        .get("/lead-search/?q=jose")
        .bearer(token)
        .store(other.id)
        .reply()
        .await;
    assert_eq!(reply.ok(200)["count"], 0);
    let reply = app
        .get("/lead-metrics/overview/")
        .bearer(token)
        .store(other.id)
        .reply()
        .await;
    assert_eq!(reply.ok(200)["total_leads"], 0);
    let reply = app
        .get("/lead-metrics/by-type/")
        .bearer(token)
        .store(other.id)
        .reply()
        .await;
    assert!(
        reply
            .ok(200)
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["count"] == 0)
    );
    let reply = app
        .get("/lead-metrics/recent-activity/")
        .bearer(token)
        .store(other.id)
        .reply()
        .await;
    assert_eq!(reply.ok(200), &json!([]));

    // In store 1: not theirs to see.
    for path in [
        "/lead/".to_owned(),
        format!("/lead/{id}/"),
        "/lead-search/?q=jose".to_owned(),
        "/lead-metrics/overview/".to_owned(),
        "/lead-metrics/trends/".to_owned(),
        "/lead-type/".to_owned(),
    ] {
        app.get(&path)
            .bearer(token)
            .store(1)
            .reply()
            .await
            .error(403, "permission_denied");
    }
    app.patch(&format!("/lead/{id}/"))
        .bearer(token)
        .store(1)
        .body_json(&json!({"status": "discarded"}))
        .reply()
        .await
        .error(403, "permission_denied");

    // Store 1's staff still sees it unchanged.
    let reply = app
        .get(&format!("/lead/{id}/"))
        .bearer(&tokens.access)
        .reply()
        .await;
    assert_eq!(reply.ok(200)["status"], "pending");
}

async fn customers_and_strangers_cannot_read_leads(backend: Backend) {
    let app = App::new(&backend).await;
    let customer = app.user(Some((1, Role::Customer))).await;
    let tokens = app.login(&customer).await;
    for path in [
        "/lead/",
        "/lead-type/",
        "/lead-search/?q=abc",
        "/lead-metrics/overview/",
    ] {
        app.get(path)
            .bearer(&tokens.access)
            .reply()
            .await
            .error(403, "permission_denied");
        app.get(path).reply().await.error(401, "not_authenticated");
    }
}

/// The leads a search finds, as `name (type name, tryet)`.
async fn searched(app: &App, tokens: &Tokens, query: &str) -> Vec<String> {
    let reply = app
        .get(&format!("/lead-search/?q={query}"))
        .bearer(&tokens.access)
        .reply()
        .await;
    reply.ok(200)["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|lead| {
            format!(
                "{} ({}, {})",
                lead["name"].as_str().unwrap(),
                lead["lead_type_name"].as_str().unwrap(),
                lead["tryet"]
            )
        })
        .collect()
}

/// The overview's total and conversion rate.
async fn overview(app: &App, tokens: &Tokens) -> (i64, f64) {
    let reply = app
        .get("/lead-metrics/overview/")
        .bearer(&tokens.access)
        .reply()
        .await;
    let body = reply.ok(200);
    (
        body["total_leads"].as_i64().unwrap(),
        body["conversion_rate"].as_f64().unwrap(),
    )
}

/// One lead as read: name, type, tries and status; `None` when not found.
async fn one_lead(app: &App, tokens: &Tokens, id: i64) -> Option<String> {
    let reply = app
        .get(&format!("/lead/{id}/"))
        .bearer(&tokens.access)
        .reply()
        .await;
    if reply.status == 404 {
        reply.error(404, "lead_not_found");
        return None;
    }
    let lead = reply.ok(200);
    Some(format!(
        "{} ({}, {}, {})",
        lead["name"].as_str().unwrap(),
        lead["lead_type_name"].as_str().unwrap(),
        lead["tryet"],
        lead["status"].as_str().unwrap()
    ))
}

async fn cached_searches_and_overview_follow_every_write_on_every_instance(backend: Backend) {
    let app = App::new(&backend).await;
    let (writer, reader) = app.two_instances_sharing_a_cache().await;
    let staff = app.user(Some((1, Role::Staff))).await;
    let staff = writer.login(&staff).await;
    let token = staff.access.as_str();
    // Both read (and cache) the empty store first.
    assert!(searched(&reader, &staff, "ximena").await.is_empty());
    assert_eq!(overview(&reader, &staff).await, (0, 0.0));

    let intake = json!({"name": "Ximena Ortiz", "email": "ximena@example.mx", "lead_type": 1});
    let first = writer
        .post("/lead/existence/")
        .body_json(&intake)
        .reply()
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        searched(&reader, &staff, "ximena").await,
        ["Ximena Ortiz (Al hacer seguir en contacto, 1)"]
    );
    assert_eq!(overview(&reader, &staff).await, (1, 0.0));
    assert_eq!(
        one_lead(&reader, &staff, first).await.as_deref(),
        Some("Ximena Ortiz (Al hacer seguir en contacto, 1, pending)")
    );
    let again = json!({"name": "Ximena Ortiz Luna", "email": "ximena@example.mx", "lead_type": 1});
    writer
        .post("/lead/existence/")
        .body_json(&again)
        .reply()
        .await
        .ok(200);
    assert_eq!(
        searched(&reader, &staff, "ximena").await,
        ["Ximena Ortiz Luna (Al hacer seguir en contacto, 2)"]
    );
    assert_eq!(
        one_lead(&reader, &staff, first).await.as_deref(),
        Some("Ximena Ortiz Luna (Al hacer seguir en contacto, 2, pending)")
    );

    let created = writer
        .post("/lead/")
        .bearer(token)
        .body_json(&json!({"name": "Ximena Ruiz", "email": "xruiz@example.mx", "lead_type": 2}))
        .reply()
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    assert_eq!(overview(&reader, &staff).await, (2, 0.0));
    assert_eq!(
        one_lead(&reader, &staff, created).await.as_deref(),
        Some("Ximena Ruiz (Al registrar orden, 1, pending)")
    );
    writer
        .patch(&format!("/lead/{created}/"))
        .bearer(token)
        .body_json(&json!({"status": "converted"}))
        .reply()
        .await
        .ok(200);
    assert_eq!(overview(&reader, &staff).await, (2, 50.0));
    assert_eq!(
        searched(&reader, &staff, "ximena&status=converted").await,
        ["Ximena Ruiz (Al registrar orden, 1)"]
    );
    assert_eq!(
        one_lead(&reader, &staff, created).await.as_deref(),
        Some("Ximena Ruiz (Al registrar orden, 1, converted)")
    );

    writer
        .patch("/lead-type/2/")
        .bearer(token)
        .body_json(&json!({"name": "Orden registrada"}))
        .reply()
        .await
        .ok(200);
    assert_eq!(
        searched(&reader, &staff, "ximena&status=converted").await,
        ["Ximena Ruiz (Orden registrada, 1)"]
    );
    assert_eq!(
        one_lead(&reader, &staff, created).await.as_deref(),
        Some("Ximena Ruiz (Orden registrada, 1, converted)")
    );

    writer
        .cli
        .delete(format!("/lead/{created}/"))
        .bearer(token)
        .reply()
        .await
        .ok(204);
    assert!(
        searched(&reader, &staff, "ximena&status=converted")
            .await
            .is_empty()
    );
    assert_eq!(overview(&reader, &staff).await, (1, 0.0));
    assert_eq!(one_lead(&reader, &staff, created).await, None);

    let now = writer.enid.now();
    let imported = NewLead {
        lead_type_id: 3,
        contact: LeadContact {
            name: "Ximena Vega".to_owned(),
            email: Email::parse("xvega@example.mx").unwrap(),
            phone_number: None,
        },
        products_interest: Vec::new(),
        status: LeadStatus::Pending,
        tryet: 1,
        created_at: now,
        updated_at: now,
        converted_at: None,
    };
    assert_eq!(writer.enid.leads().import(1, &[imported]).await.unwrap(), 1);
    assert_eq!(
        searched(&reader, &staff, "ximena").await,
        [
            "Ximena Vega (Al hacer registro, 1)",
            "Ximena Ortiz Luna (Al hacer seguir en contacto, 2)"
        ]
    );
    assert_eq!(overview(&reader, &staff).await, (2, 0.0));
    assert_eq!(stored_leads(&reader, 1).await, 2);
}
