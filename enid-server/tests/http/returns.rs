//! Returns over HTTP: the public policy cards and staff edits, anonymous return requests with the
//! window rule, the state machine with its history, listing, the uuid holder's read, rate limits
//! and tenancy.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value, json};

use enid_core::clock::ManualClock;
use enid_core::config::EnidConfig;
use enid_core::pagination::PageRequest;
use enid_core::rate_limit::RateLimit;
use enid_core::returns::ReturnFilter;
use enid_core::stores::Role;

use crate::support::{App, Backend, Call, Setup, Tokens, on_every_backend};

on_every_backend!(
    policy_cards_are_public_and_staff_edit_them,
    a_request_is_created_and_read_by_whoever_holds_its_id,
    bad_requests_name_their_fields_and_store_nothing,
    the_window_is_inclusive_and_set_per_store_by_admins,
    requests_follow_the_state_machine_with_history,
    racing_staff_get_one_success_and_one_conflict,
    staff_list_with_filters_and_customers_see_their_own,
    return_requests_are_rate_limited_per_client,
    another_store_sees_none_of_the_requests,
);

fn ts(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

/// An app whose clock stands at `now`, and a staff member of store 1 logged in.
async fn app_at(backend: &Backend, now: DateTime<Utc>) -> (App, Arc<ManualClock>, Tokens) {
    let clock = Arc::new(ManualClock::new(now));
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
    (app, clock, tokens)
}

fn request_body(email: &str, delivered_at: &str) -> Value {
    json!({
        "order_reference": "PED-1001",
        "customer_email": email,
        "customer_name": "Lucía Pérez",
        "delivered_at": delivered_at,
        "reason": "La talla no me queda.",
        "items": [{"product_id": 7, "quantity": 2}, {"product_id": 9, "quantity": 1}],
    })
}

async fn stored_requests(app: &App, store: i64) -> i64 {
    app.enid
        .storage()
        .list_return_requests(store, &ReturnFilter::default(), PageRequest::default())
        .await
        .unwrap()
        .count
}

/// Creates a request delivered on March 5 and returns its id.
async fn create_request(app: &App, email: &str) -> String {
    let reply = app
        .post("/returns/requests/")
        .body_json(&request_body(email, "2026-03-05"))
        .reply()
        .await;
    reply.ok(201)["request_id"].as_str().unwrap().to_owned()
}

async fn move_to(app: &App, token: &str, id: &str, status: &str) -> crate::support::Reply {
    app.patch(&format!("/returns/requests/{id}/"))
        .bearer(token)
        .body_json(&json!({"status": status}))
        .reply()
        .await
}

fn ids(body: &Value) -> Vec<String> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["request_id"].as_str().unwrap().to_owned())
        .collect()
}

async fn policy_cards_are_public_and_staff_edit_them(backend: Backend) {
    let (app, _clock, tokens) = app_at(&backend, ts(10, 12)).await;
    let token = tokens.access.as_str();
    let reply = app.get("/returns/").reply().await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 2);
    let cards = body["results"].as_array().unwrap();
    assert_eq!(cards[0]["position"], 0);
    assert_eq!(cards[0]["path_seccion"], "/devoluciones");
    assert!(
        cards[0]["short_answer"]
            .as_str()
            .unwrap()
            .contains("15 días")
    );
    assert!(
        cards[1]["short_answer"]
            .as_str()
            .unwrap()
            .contains("Ciudad de México")
    );
    let first_id = cards[0]["id"].as_i64().unwrap();

    let card = json!({"ask": "  ¿Puedo cambiar la talla?  ", "short_answer": "Sí, dentro de los 15 días.", "path_seccion": "/cambios", "call_to_action": "Cambiar talla"});
    app.post("/returns/")
        .body_json(&card)
        .reply()
        .await
        .error(401, "not_authenticated");
    let customer = app.user(Some((1, Role::Customer))).await;
    let customer_tokens = app.login(&customer).await;
    app.post("/returns/")
        .bearer(&customer_tokens.access)
        .body_json(&card)
        .reply()
        .await
        .error(403, "permission_denied");
    let reply = app
        .post("/returns/")
        .bearer(token)
        .body_json(&card)
        .reply()
        .await;
    let created = reply.ok(201).clone();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        created,
        json!({"id": id, "ask": "¿Puedo cambiar la talla?", "short_answer": "Sí, dentro de los 15 días.", "path_seccion": "/cambios", "call_to_action": "Cambiar talla", "position": 2})
    );
    app.post("/returns/")
        .bearer(token)
        .body_json(
            &json!({"ask": " ", "short_answer": "", "path_seccion": "cambios", "position": -1}),
        )
        .reply()
        .await
        .invalid_fields(&["ask", "short_answer", "path_seccion", "position"]);
    app.post("/returns/")
        .bearer(token)
        .body_json(&json!({"ask": "x", "short_answer": "y", "color": "rojo"}))
        .reply()
        .await
        .error(400, "validation_error");

    // First place, the link dropped.
    let reply = app
        .patch(&format!("/returns/{id}/"))
        .bearer(token)
        .body_json(&json!({"position": 0, "path_seccion": null}))
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["path_seccion"], Value::Null);
    assert_eq!(body["call_to_action"], "Cambiar talla");
    // One PATCH moved it: the cards are numbered anew around it.
    let reply = app.get("/returns/").reply().await;
    let order: Vec<(i64, i64)> = reply.ok(200)["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_i64().unwrap(), c["position"].as_i64().unwrap()))
        .collect();
    assert_eq!(order[..2], [(id, 0), (first_id, 1)]);
    assert_eq!(order[2].1, 2);
    let reply = app
        .get(&format!("/returns/{id}/"))
        .bearer(token)
        .reply()
        .await;
    assert_eq!(reply.ok(200)["position"], 0);
    app.get(&format!("/returns/{id}/"))
        .reply()
        .await
        .error(401, "not_authenticated");

    let reply = app
        .cli
        .delete(format!("/returns/{id}/"))
        .bearer(token)
        .reply()
        .await;
    assert_eq!(reply.status.as_u16(), 204, "{}", reply.text);
    app.get(&format!("/returns/{id}/"))
        .bearer(token)
        .reply()
        .await
        .error(404, "return_card_not_found");
    app.patch(&format!("/returns/{id}/"))
        .bearer(token)
        .body_json(&json!({"ask": "otra"}))
        .reply()
        .await
        .error(404, "return_card_not_found");
    assert_eq!(app.get("/returns/").reply().await.ok(200)["count"], 2);
}

async fn a_request_is_created_and_read_by_whoever_holds_its_id(backend: Backend) {
    let (app, _clock, _tokens) = app_at(&backend, ts(10, 12)).await;
    let reply = app
        .post("/returns/requests/")
        .body_json(&request_body(
            "  Lucia@Example.MX ",
            "2026-03-05T10:00:00-06:00",
        ))
        .reply()
        .await;
    let created = reply.ok(201).clone();
    let id = created["request_id"].as_str().unwrap().to_owned();
    assert!(uuid::Uuid::parse_str(&id).is_ok());
    assert_eq!(
        created,
        json!({
            "request_id": id,
            "order_reference": "PED-1001",
            "customer_email": "lucia@example.mx",
            "customer_name": "Lucía Pérez",
            "delivered_at": "2026-03-05T16:00:00+00:00",
            "reason": "La talla no me queda.",
            "items": [{"product_id": 7, "quantity": 2}, {"product_id": 9, "quantity": 1}],
            "status": "requested",
            "created_at": "2026-03-10T12:00:00+00:00",
            "updated_at": "2026-03-10T12:00:00+00:00",
            "history": [],
        })
    );
    // No login: the id is the key.
    let reply = app.get(&format!("/returns/requests/{id}/")).reply().await;
    assert_eq!(reply.ok(200), &created);
    app.get("/returns/requests/no-es-un-uuid/")
        .reply()
        .await
        .error(404, "return_request_not_found");
    app.get(&format!("/returns/requests/{}/", uuid::Uuid::new_v4()))
        .reply()
        .await
        .error(404, "return_request_not_found");
    assert_eq!(stored_requests(&app, 1).await, 1);
}

async fn bad_requests_name_their_fields_and_store_nothing(backend: Backend) {
    let (app, _clock, _tokens) = app_at(&backend, ts(10, 12)).await;
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (
            json!({"order_reference": " ", "customer_email": "no-es-correo", "customer_name": "", "delivered_at": "ayer", "reason": "  ", "items": []}),
            vec![
                "order_reference",
                "customer_email",
                "customer_name",
                "delivered_at",
                "reason",
                "items",
            ],
        ),
        (
            {
                let mut body = request_body("a@example.mx", "2026-03-11");
                body["items"] = json!([{"product_id": 0, "quantity": 1}]);
                body
            },
            vec!["delivered_at", "items[0].product_id"],
        ),
        (
            {
                let mut body = request_body("a@example.mx", "2026-03-05");
                body["items"] = json!([{"product_id": 4, "quantity": 0}]);
                body
            },
            vec!["items[0].quantity"],
        ),
        (
            {
                let mut body = request_body("a@example.mx", "2026-03-05");
                body["items"] =
                    json!([{"product_id": 4, "quantity": 1}, {"product_id": 4, "quantity": 2}]);
                body
            },
            vec!["items[1].product_id"],
        ),
        (
            {
                let mut body = request_body("a@example.mx", "2026-03-05");
                body.as_object_mut().unwrap().remove("items");
                body
            },
            vec!["items"],
        ),
        (
            {
                let mut body = request_body("a@example.mx", "2026-03-05");
                body["items"] = json!([{"product_id": 4, "quantity": "dos"}]);
                body
            },
            vec!["items[0].quantity"],
        ),
    ];
    for (body, fields) in cases {
        app.post("/returns/requests/")
            .body_json(&body)
            .reply()
            .await
            .invalid_fields(&fields);
    }
    // A status cannot be chosen by the customer.
    let mut body = request_body("a@example.mx", "2026-03-05");
    body["status"] = json!("approved");
    app.post("/returns/requests/")
        .body_json(&body)
        .reply()
        .await
        .error(400, "validation_error");
    assert_eq!(stored_requests(&app, 1).await, 0);
}

async fn the_window_is_inclusive_and_set_per_store_by_admins(backend: Backend) {
    // Delivered March 1; day 15 is March 16, day 16 March 17.
    let (app, clock, tokens) = app_at(&backend, ts(16, 23)).await;
    app.post("/returns/requests/")
        .body_json(&request_body("a@example.mx", "2026-03-01"))
        .reply()
        .await
        .ok(201);
    clock.set(ts(17, 0));
    app.post("/returns/requests/")
        .body_json(&request_body("a@example.mx", "2026-03-01"))
        .reply()
        .await
        .error(409, "return_window_closed");
    assert_eq!(stored_requests(&app, 1).await, 1);

    let reply = app
        .get("/returns/settings/")
        .bearer(&tokens.access)
        .reply()
        .await;
    assert_eq!(reply.ok(200), &json!({"window_days": 15}));
    app.cli
        .put("/returns/settings/")
        .bearer(&tokens.access)
        .body_json(&json!({"window_days": 30}))
        .reply()
        .await
        .error(403, "permission_denied");
    let admin = app.user(Some((1, Role::Admin))).await;
    let admin_tokens = app.login(&admin).await;
    app.cli
        .put("/returns/settings/")
        .bearer(&admin_tokens.access)
        .body_json(&json!({"window_days": 366}))
        .reply()
        .await
        .invalid_fields(&["window_days"]);
    let reply = app
        .cli
        .put("/returns/settings/")
        .bearer(&admin_tokens.access)
        .body_json(&json!({"window_days": 16}))
        .reply()
        .await;
    assert_eq!(reply.ok(200), &json!({"window_days": 16}));
    app.post("/returns/requests/")
        .body_json(&request_body("a@example.mx", "2026-03-01"))
        .reply()
        .await
        .ok(201);
    app.get("/returns/settings/")
        .reply()
        .await
        .error(401, "not_authenticated");
    // Another store keeps the default.
    let other = app.store("Sucursal Tres", Some(admin.id())).await;
    let reply = app
        .get("/returns/settings/")
        .bearer(&admin_tokens.access)
        .store(other.id)
        .reply()
        .await;
    assert_eq!(reply.ok(200), &json!({"window_days": 15}));
}

async fn requests_follow_the_state_machine_with_history(backend: Backend) {
    let (app, clock, tokens) = app_at(&backend, ts(10, 12)).await;
    let token = tokens.access.as_str();
    let id = create_request(&app, "a@example.mx").await;
    let path = format!("/returns/requests/{id}/");

    app.patch(&path)
        .body_json(&json!({"status": "approved"}))
        .reply()
        .await
        .error(401, "not_authenticated");
    let customer = app.user(Some((1, Role::Customer))).await;
    let customer_tokens = app.login(&customer).await;
    app.patch(&path)
        .bearer(&customer_tokens.access)
        .body_json(&json!({"status": "approved"}))
        .reply()
        .await
        .error(403, "permission_denied");
    app.patch(&path)
        .bearer(token)
        .body_json(&json!({"status": "perdido"}))
        .reply()
        .await
        .invalid_fields(&["status"]);
    move_to(&app, token, &id, "received")
        .await
        .error(409, "invalid_return_transition");
    move_to(&app, token, &id, "requested")
        .await
        .error(409, "invalid_return_transition");

    clock.set(ts(11, 9));
    let reply = app
        .patch(&path)
        .bearer(token)
        .body_json(&json!({"status": "approved", "note": "Enviar guía de retorno."}))
        .reply()
        .await;
    let body = reply.ok(200).clone();
    assert_eq!(body["status"], "approved");
    assert_eq!(body["updated_at"], "2026-03-11T09:00:00+00:00");
    let history = body["history"].as_array().unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["from_status"], "requested");
    assert_eq!(history[0]["to_status"], "approved");
    assert_eq!(history[0]["note"], "Enviar guía de retorno.");
    assert_eq!(history[0]["changed_at"], "2026-03-11T09:00:00+00:00");
    assert!(history[0]["changed_by"].as_i64().is_some());
    assert!(history[0]["changed_by_email"].as_str().is_some());

    move_to(&app, token, &id, "rejected")
        .await
        .error(409, "invalid_return_transition");
    move_to(&app, token, &id, "refunded")
        .await
        .error(409, "invalid_return_transition");
    move_to(&app, token, &id, "received").await.ok(200);
    let reply = move_to(&app, token, &id, "refunded").await;
    let statuses: Vec<(&str, &str)> = reply.ok(200)["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["from_status"].as_str().unwrap(),
                c["to_status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("requested", "approved"),
            ("approved", "received"),
            ("received", "refunded")
        ]
    );
    for status in ["requested", "approved", "rejected", "received", "refunded"] {
        move_to(&app, token, &id, status)
            .await
            .error(409, "invalid_return_transition");
    }
    // The holder of the id sees the same history.
    let reply = app.get(&path).reply().await;
    assert_eq!(reply.ok(200)["history"].as_array().unwrap().len(), 3);

    // A rejected request goes nowhere.
    let other = create_request(&app, "b@example.mx").await;
    move_to(&app, token, &other, "rejected").await.ok(200);
    for status in ["approved", "received", "refunded"] {
        move_to(&app, token, &other, status)
            .await
            .error(409, "invalid_return_transition");
    }
    move_to(&app, token, &uuid::Uuid::new_v4().to_string(), "approved")
        .await
        .error(404, "return_request_not_found");
}

async fn racing_staff_get_one_success_and_one_conflict(backend: Backend) {
    let (app, _clock, tokens) = app_at(&backend, ts(10, 12)).await;
    let second = app.user(Some((1, Role::Staff))).await;
    let second_tokens = app.login(&second).await;
    for _ in 0..5 {
        let id = create_request(&app, "carrera@example.mx").await;
        let (a, b) = tokio::join!(
            move_to(&app, &tokens.access, &id, "approved"),
            move_to(&app, &second_tokens.access, &id, "rejected"),
        );
        let statuses = [a.status.as_u16(), b.status.as_u16()];
        assert!(
            statuses == [200, 409] || statuses == [409, 200],
            "{statuses:?}: {} / {}",
            a.text,
            b.text
        );
        let loser = if a.status.as_u16() == 409 { &a } else { &b };
        assert!(
            ["return_status_changed", "invalid_return_transition"]
                .contains(&loser.body["code"].as_str().unwrap()),
            "{}",
            loser.text
        );
        let reply = app.get(&format!("/returns/requests/{id}/")).reply().await;
        let body = reply.ok(200);
        assert_eq!(body["history"].as_array().unwrap().len(), 1);
        let winner = if a.status.as_u16() == 200 {
            "approved"
        } else {
            "rejected"
        };
        assert_eq!(body["status"], winner);
    }
}

async fn staff_list_with_filters_and_customers_see_their_own(backend: Backend) {
    let (app, clock, tokens) = app_at(&backend, ts(10, 12)).await;
    let token = tokens.access.as_str();
    let customer = app.user(Some((1, Role::Customer))).await;
    let customer_tokens = app.login(&customer).await;
    let mut created = Vec::new();
    for (hour, email) in [
        (13, customer.email.to_uppercase()),
        (14, "otra@example.mx".to_owned()),
        (15, customer.email.clone()),
    ] {
        clock.set(ts(10, hour));
        created.push(create_request(&app, &email).await);
    }
    move_to(&app, token, &created[0], "approved").await.ok(200);

    app.get("/returns/requests/")
        .reply()
        .await
        .error(401, "not_authenticated");
    let reply = app.get("/returns/requests/").bearer(token).reply().await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 3);
    assert_eq!(
        ids(body),
        [created[2].clone(), created[1].clone(), created[0].clone()]
    );
    assert!(body["results"][0].get("history").is_none());
    let reply = app
        .get("/returns/requests/?status=approved")
        .bearer(token)
        .reply()
        .await;
    assert_eq!(ids(reply.ok(200)), [created[0].clone()]);
    let reply = app
        .get("/returns/requests/?since=2026-03-10T14:00:00Z")
        .bearer(token)
        .reply()
        .await;
    assert_eq!(ids(reply.ok(200)), [created[2].clone(), created[1].clone()]);
    let reply = app
        .get("/returns/requests/?page=2&page_size=2")
        .bearer(token)
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 3);
    assert_eq!(ids(body), [created[0].clone()]);
    assert!(body["previous"].as_str().is_some());
    app.get("/returns/requests/?status=perdido")
        .bearer(token)
        .reply()
        .await
        .invalid_parameter("status");
    app.get("/returns/requests/?since=ayer")
        .bearer(token)
        .reply()
        .await
        .invalid_fields(&["since"]);

    // A customer sees only the requests made with their account's email.
    let reply = app
        .get("/returns/requests/")
        .bearer(&customer_tokens.access)
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 2);
    assert_eq!(ids(body), [created[2].clone(), created[0].clone()]);
    // A member of no store has no returns here.
    let stranger = app
        .user(Some((app.store("Otra", None).await.id, Role::Customer)))
        .await;
    let stranger_tokens = app.login(&stranger).await;
    app.get("/returns/requests/")
        .bearer(&stranger_tokens.access)
        .reply()
        .await
        .error(403, "permission_denied");
}

async fn return_requests_are_rate_limited_per_client(backend: Backend) {
    let clock = Arc::new(ManualClock::new(ts(10, 12)));
    let app = App::with(
        &backend,
        Setup {
            config: EnidConfig {
                rate_public_write: Some(RateLimit::new(2, Duration::from_secs(60))),
                ..Setup::default().config
            },
            clock: Some(clock),
            ..Setup::default()
        },
    )
    .await;
    for _ in 0..2 {
        create_request(&app, "a@example.mx").await;
    }
    let reply = app
        .post("/returns/requests/")
        .body_json(&request_body("a@example.mx", "2026-03-05"))
        .reply()
        .await;
    reply.error(429, "rate_limited");
    assert!(reply.header("retry-after").is_some());
    assert_eq!(stored_requests(&app, 1).await, 2);
}

async fn another_store_sees_none_of_the_requests(backend: Backend) {
    let (app, _clock, tokens) = app_at(&backend, ts(10, 12)).await;
    let id = create_request(&app, "a@example.mx").await;
    let other = app.store("Sucursal Dos", None).await;
    let outsider = app.user(Some((other.id, Role::Staff))).await;
    let theirs = app.login(&outsider).await;
    let token = theirs.access.as_str();

    let reply = app
        .get("/returns/requests/")
        .bearer(token)
        .store(other.id)
        .reply()
        .await;
    assert_eq!(reply.ok(200)["count"], 0);
    app.get(&format!("/returns/requests/{id}/"))
        .store(other.id)
        .reply()
        .await
        .error(404, "return_request_not_found");
    app.patch(&format!("/returns/requests/{id}/"))
        .bearer(token)
        .store(other.id)
        .body_json(&json!({"status": "approved"}))
        .reply()
        .await
        .error(404, "return_request_not_found");
    // Their staff rights stop at their store.
    app.get("/returns/requests/")
        .bearer(token)
        .store(1)
        .reply()
        .await
        .error(403, "permission_denied");
    move_to(&app, token, &id, "approved")
        .await
        .error(403, "permission_denied");
    // Cards are per store too.
    let reply = app.get("/returns/").store(other.id).reply().await;
    let card_id = reply.ok(200)["results"][0]["id"].as_i64().unwrap();
    app.cli
        .delete(format!("/returns/{card_id}/"))
        .bearer(&tokens.access)
        .reply()
        .await
        .error(404, "return_card_not_found");
    assert_eq!(
        app.get("/returns/").store(other.id).reply().await.ok(200)["count"],
        2
    );
    let reply = app.get(&format!("/returns/requests/{id}/")).reply().await;
    assert_eq!(reply.ok(200)["status"], "requested");
}
