//! The viewer role: read-only staff. A viewer reads the store's leads, stock, analytics, FAQs
//! (hidden ones too), returns and the assistant's knowledge and conversations, and every kind of
//! write is a 403 that changes nothing.

use serde_json::{Value, json};

use enid_core::stores::Role;

use crate::support::{App, Backend, Call, Reply, Tokens, on_every_backend};

on_every_backend!(
    a_viewer_reads_what_staff_reads,
    a_viewer_writes_nothing,
    admins_make_and_unmake_viewers,
);

async fn send(app: &App, tokens: &Tokens, method: &str, path: &str, body: Option<Value>) -> Reply {
    let request = match method {
        "GET" => app.cli.get(path),
        "POST" => app.cli.post(path),
        "PATCH" => app.cli.patch(path),
        "PUT" => app.cli.put(path),
        "DELETE" => app.cli.delete(path),
        other => panic!("no method {other}"),
    };
    let request = request.bearer(&tokens.access);
    match body {
        Some(body) => request.body_json(&body).reply().await,
        None => request.reply().await,
    }
}

/// What staff set up: a lead, a warehouse with stock, a hidden FAQ, a return request and a
/// knowledge entry. Returns (lead id, warehouse id, FAQ id, return request id, entry id).
async fn shop(app: &App, staff: &Tokens) -> (i64, i64, i64, String, i64) {
    let lead = send(
        app,
        staff,
        "POST",
        "/lead/",
        Some(json!({"name": "Beatriz Soto", "email": "beatriz@example.mx", "lead_type": 1})),
    )
    .await
    .ok(201)["id"]
        .as_i64()
        .unwrap();
    let warehouse = send(
        app,
        staff,
        "POST",
        "/warehouses/",
        Some(json!({"name": "Centro"})),
    )
    .await
    .ok(201)["id"]
        .as_i64()
        .unwrap();
    send(app, staff, "POST", "/movements/", Some(json!({"product_id": 7, "warehouse_id": warehouse, "movement_type": "in", "quantity": 5})))
        .await
        .ok(201);
    let category = send(
        app,
        staff,
        "POST",
        "/faqs/categories/",
        Some(json!({"name": "Envíos"})),
    )
    .await
    .ok(201)["id"]
        .as_i64()
        .unwrap();
    let faq = send(app, staff, "POST", "/faqs/", Some(json!({"category": category, "ask": "¿Borrador?", "answer": "Aún no.", "is_visible": false})))
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    let request = app
        .post("/returns/requests/")
        .body_json(&json!({
            "order_reference": "PED-1001",
            "customer_email": "lucia@example.mx",
            "customer_name": "Lucía Pérez",
            "delivered_at": chrono::Utc::now().date_naive().to_string(),
            "reason": "La talla no me queda.",
            "items": [{"product_id": 7, "quantity": 1}],
        }))
        .reply()
        .await
        .ok(201)["request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let entry = send(
        app,
        staff,
        "POST",
        "/assistant/knowledge/",
        Some(json!({"title": "Banco plano", "body": "Soporta 300 kg."})),
    )
    .await
    .ok(201)["id"]
        .as_i64()
        .unwrap();
    (lead, warehouse, faq, request, entry)
}

async fn viewer(app: &App) -> Tokens {
    let user = app.user(Some((1, Role::Viewer))).await;
    app.login(&user).await
}

async fn a_viewer_reads_what_staff_reads(backend: Backend) {
    let app = App::new(&backend).await;
    let staff = app.user(Some((1, Role::Staff))).await;
    let staff = app.login(&staff).await;
    let (lead, _, faq, request, _) = shop(&app, &staff).await;
    let viewer = viewer(&app).await;

    let features = send(&app, &viewer, "GET", "/feature/", None).await;
    let features = features.ok(200);
    assert_eq!(features["role"], "viewer");
    let permissions: Vec<&str> = features["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(
        permissions.iter().all(|p| p.ends_with(".read")),
        "{permissions:?}"
    );
    assert!(permissions.contains(&"leads.read") && permissions.contains(&"faqs.read"));
    assert_eq!(
        features["matrix"]["viewer"].as_array().unwrap().len(),
        permissions.len()
    );

    let leads = send(&app, &viewer, "GET", "/lead/", None).await;
    assert_eq!(leads.ok(200)["results"][0]["id"], lead);
    let one = send(&app, &viewer, "GET", &format!("/lead/{lead}/"), None).await;
    assert_eq!(one.ok(200)["email"], "beatriz@example.mx");
    let overview = send(&app, &viewer, "GET", "/lead-metrics/overview/", None).await;
    assert_eq!(overview.ok(200)["total_leads"], 1);
    let stock = send(&app, &viewer, "GET", "/inventory/7/", None).await;
    assert_eq!(stock.ok(200)["total"], 5);
    let summary = send(
        &app,
        &viewer,
        "GET",
        "/page-analytics/page-access/summary/",
        None,
    )
    .await;
    assert_eq!(summary.ok(200)["total_page_views"], 0);
    send(&app, &viewer, "GET", "/page-analytics/page-sections/", None)
        .await
        .ok(200);
    // The admin views of FAQs: hidden ones too, as staff sees them.
    let faqs = send(&app, &viewer, "GET", "/faqs/", None).await;
    assert_eq!(faqs.ok(200)["results"][0]["id"], faq);
    let hidden = send(&app, &viewer, "GET", &format!("/faqs/{faq}/"), None).await;
    assert_eq!(hidden.ok(200)["is_visible"], false);
    let requests = send(&app, &viewer, "GET", "/returns/requests/", None).await;
    assert_eq!(
        requests.ok(200)["results"][0]["request_id"],
        request.as_str()
    );
    let knowledge = send(&app, &viewer, "GET", "/assistant/knowledge/", None).await;
    assert_eq!(knowledge.ok(200)["count"], 1);
    send(&app, &viewer, "GET", "/conversation/", None)
        .await
        .ok(200);
    // Not the members: that is an admin's.
    send(&app, &viewer, "GET", "/user/", None)
        .await
        .error(403, "permission_denied");
}

async fn a_viewer_writes_nothing(backend: Backend) {
    let app = App::new(&backend).await;
    let staff = app.user(Some((1, Role::Staff))).await;
    let staff = app.login(&staff).await;
    let (lead, warehouse, faq, request, entry) = shop(&app, &staff).await;
    let viewer = viewer(&app).await;
    let businesses = send(&app, &staff, "GET", "/business/", None).await.ok(200)["count"].clone();
    let writes: Vec<(&str, String, Option<Value>)> = vec![
        (
            "POST",
            "/lead-type/".into(),
            Some(json!({"name": "Mayoreo"})),
        ),
        (
            "POST",
            "/lead/".into(),
            Some(json!({"name": "Otra", "email": "otra@example.mx", "lead_type": 1})),
        ),
        (
            "PATCH",
            format!("/lead/{lead}/"),
            Some(json!({"status": "contacted"})),
        ),
        ("DELETE", format!("/lead/{lead}/"), None),
        (
            "POST",
            "/warehouses/".into(),
            Some(json!({"name": "Norte"})),
        ),
        (
            "POST",
            "/movements/".into(),
            Some(
                json!({"product_id": 7, "warehouse_id": warehouse, "movement_type": "out", "quantity": 1}),
            ),
        ),
        (
            "PATCH",
            "/inventory/7/".into(),
            Some(json!({"min_stock": 2})),
        ),
        (
            "POST",
            "/page-analytics/page-sections/".into(),
            Some(json!({"name": "Hero", "page_url_pattern": "/"})),
        ),
        (
            "POST",
            "/faqs/categories/".into(),
            Some(json!({"name": "Pagos"})),
        ),
        (
            "PATCH",
            format!("/faqs/{faq}/"),
            Some(json!({"is_visible": true})),
        ),
        ("DELETE", format!("/faqs/{faq}/"), None),
        (
            "POST",
            "/returns/".into(),
            Some(json!({"ask": "¿Cambios?", "short_answer": "Sí."})),
        ),
        (
            "PATCH",
            format!("/returns/requests/{request}/"),
            Some(json!({"status": "approved"})),
        ),
        (
            "POST",
            "/assistant/knowledge/".into(),
            Some(json!({"title": "Otra", "body": "Texto."})),
        ),
        (
            "PATCH",
            format!("/assistant/knowledge/{entry}/"),
            Some(json!({"title": "Cambiada"})),
        ),
        (
            "PUT",
            "/assistant/settings/".into(),
            Some(json!({"persona": "Otra.", "rules": [], "links": []})),
        ),
        (
            "POST",
            "/business/".into(),
            Some(json!({"name": "Gimnasio"})),
        ),
        (
            "POST",
            "/user/".into(),
            Some(
                json!({"email": "nuevo@example.mx", "name": "Nuevo", "password": "una-clave-larga", "role": "staff"}),
            ),
        ),
    ];
    for (method, path, body) in writes {
        let reply = send(&app, &viewer, method, &path, body).await;
        assert_eq!(reply.status, 403, "{method} {path}: {}", reply.text);
        assert_eq!(reply.body["code"], "permission_denied", "{method} {path}");
    }

    // Nothing changed: as staff reads it.
    let read = |path: String| {
        let (app, staff) = (&app, &staff);
        async move { send(app, staff, "GET", &path, None).await.ok(200).clone() }
    };
    assert_eq!(read(format!("/lead/{lead}/")).await["status"], "pending");
    assert_eq!(read("/lead/".into()).await["count"], 1);
    assert_eq!(read("/lead-type/".into()).await["count"], 3);
    assert_eq!(read("/warehouses/".into()).await["count"], 1);
    let level = read("/inventory/7/".into()).await;
    assert_eq!(
        (level["total"].clone(), level["min_stock"].clone()),
        (json!(5), Value::Null)
    );
    assert_eq!(
        read("/page-analytics/page-sections/".into()).await["count"],
        0
    );
    assert_eq!(read("/faqs/categories/".into()).await["count"], 1);
    assert_eq!(read(format!("/faqs/{faq}/")).await["is_visible"], false);
    assert_eq!(read("/returns/".into()).await["count"], 2);
    assert_eq!(
        read(format!("/returns/requests/{request}/")).await["status"],
        "requested"
    );
    assert_eq!(
        read(format!("/assistant/knowledge/{entry}/")).await["title"],
        "Banco plano"
    );
    assert_eq!(read("/business/".into()).await["count"], businesses);
    assert_eq!(app.user_count().await, 2);
}

async fn admins_make_and_unmake_viewers(backend: Backend) {
    let app = App::new(&backend).await;
    let admin = app.user(Some((1, Role::Admin))).await;
    let admin = app.login(&admin).await;
    let created = send(
        &app,
        &admin,
        "POST",
        "/user/",
        Some(json!({"email": "mira@example.mx", "name": "Mira", "password": "una-clave-larga", "role": "viewer"})),
    )
    .await;
    let id = created.ok(201)["id"].as_i64().unwrap();
    assert_eq!(created.ok(201)["role"], "viewer");
    let stored = app.enid.storage().member(1, id).await.unwrap().unwrap();
    assert_eq!(stored.role, Role::Viewer);
    // The viewer signs in and sees its role in its profile.
    let login = app
        .post("/login/")
        .body_json(&json!({"email": "mira@example.mx", "password": "una-clave-larga"}))
        .reply()
        .await;
    let access = login.ok(200)["access_token"].as_str().unwrap().to_owned();
    let profile = app.get("/user/profile/").bearer(&access).reply().await;
    assert_eq!(profile.ok(200)["stores"][0]["role"], "viewer");

    let promoted = send(
        &app,
        &admin,
        "PATCH",
        &format!("/user/{id}/"),
        Some(json!({"role": "staff"})),
    )
    .await;
    assert_eq!(promoted.ok(200)["role"], "staff");
    let stored = app.enid.storage().member(1, id).await.unwrap().unwrap();
    assert_eq!(stored.role, Role::Staff);
    send(
        &app,
        &admin,
        "PATCH",
        &format!("/user/{id}/"),
        Some(json!({"role": "reader"})),
    )
    .await
    .error(400, "validation_error");
    let stored = app.enid.storage().member(1, id).await.unwrap().unwrap();
    assert_eq!(stored.role, Role::Staff);
}
