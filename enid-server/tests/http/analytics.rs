//! Page analytics over HTTP: the public intake (single, repeated event ids, batches, bad input,
//! rate limits), every metric number over events placed with a manual clock, sections,
//! journeys, daily page performance, who may read what, and tenancy.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value, json};

use enid_core::cache::{Cache, InProcessCache};
use enid_core::clock::ManualClock;
use enid_core::rate_limit::RateLimit;
use enid_core::stores::Role;

use crate::support::{App, Backend, Call, Setup, Tokens, on_every_backend};

on_every_backend!(
    events_are_recorded_and_repeated_event_ids_update,
    bad_events_are_refused_and_nothing_is_stored,
    batches_validate_every_event_before_storing_any,
    public_writes_are_rate_limited_per_client,
    metrics_follow_the_definitions,
    page_sections_crud,
    user_journeys_and_their_analytics,
    page_performance_rows_come_from_the_rollup,
    only_staff_read_and_stores_stay_apart,
    concurrent_summary_misses_compute_once,
    summary_misses_while_page_views_are_written_share_computations,
);

const ACCESS: &str = "/page-analytics/page-access/";
const BATCH: &str = "/page-analytics/page-access/batch/";
const SECTIONS: &str = "/page-analytics/page-sections/";
const JOURNEYS: &str = "/page-analytics/user-journey/";

fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, minute, 0).unwrap()
}

/// An app whose clock stands at `now`.
async fn app_at(backend: &Backend, now: DateTime<Utc>) -> (App, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(now));
    let app = App::with(
        backend,
        Setup {
            clock: Some(clock.clone()),
            ..Setup::default()
        },
    )
    .await;
    (app, clock)
}

async fn staff(app: &App, store: i64) -> Tokens {
    let user = app.user(Some((store, Role::Staff))).await;
    app.login(&user).await
}

async fn stored_count(app: &App, tokens: &Tokens) -> i64 {
    let reply = app.get(ACCESS).bearer(&tokens.access).reply().await;
    reply.ok(200)["count"].as_i64().unwrap()
}

async fn events_are_recorded_and_repeated_event_ids_update(backend: Backend) {
    let (app, clock) = app_at(&backend, at(10, 9, 0)).await;
    let event = json!({
        "page_url": "  /productos/mancuernas-ajustables-24kg/  ",
        "page_title": "Mancuernas ajustables 24 kg",
        "section": "detalle-producto",
        "session_id": "ses-1",
        "event_id": "evt-1",
        "device_type": "mobile",
        "browser": "Safari",
        "os": "iOS",
        "referrer": "https://www.google.com.mx/",
        "utm_source": "google",
        "time_on_page": 12,
        "scroll_depth": 40,
        "interactions": 2,
        "metadata": {"event_type": "product_view", "load_time_ms": 1234.5, "price": 3499}
    });
    let reply = app.post(ACCESS).body_json(&event).reply().await;
    let created = reply.ok(201).clone();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        created["page_url"], "/productos/mancuernas-ajustables-24kg/",
        "trimmed"
    );
    assert_eq!(created["event_id"], "evt-1");
    assert_eq!(created["user_id"], "", "not sent is empty");
    assert_eq!(created["metadata"]["price"], 3499);
    assert_eq!(created["created_at"], created["updated_at"]);

    // The same event id again: the same row, what was sent replaced, the rest kept.
    clock.advance(chrono::Duration::seconds(30));
    let repeat = json!({
        "page_url": "/productos/mancuernas-ajustables-24kg/",
        "event_id": "evt-1",
        "time_on_page": 42,
        "scroll_depth": 90
    });
    let reply = app.post(ACCESS).body_json(&repeat).reply().await;
    let updated = reply.ok(200);
    assert_eq!(updated["id"], id);
    assert_eq!(
        (
            updated["time_on_page"].as_i64(),
            updated["scroll_depth"].as_i64()
        ),
        (Some(42), Some(90))
    );
    assert_eq!(
        (
            updated["session_id"].as_str(),
            updated["interactions"].as_i64()
        ),
        (Some("ses-1"), Some(2))
    );
    assert_eq!(updated["metadata"]["event_type"], "product_view");
    assert_eq!(updated["created_at"], created["created_at"]);
    assert_ne!(updated["updated_at"], created["updated_at"]);

    // Another store's event with the same id is its own row.
    let other = app.store("Sucursal Norte", None).await;
    let reply = app
        .post(ACCESS)
        .store(other.id)
        .body_json(&event)
        .reply()
        .await;
    assert_ne!(reply.ok(201)["id"], id);

    // No event id: always a new row.
    let plain = json!({"page_url": "/"});
    let first = app.post(ACCESS).body_json(&plain).reply().await.ok(201)["id"].clone();
    let second = app.post(ACCESS).body_json(&plain).reply().await.ok(201)["id"].clone();
    assert_ne!(first, second);

    let tokens = staff(&app, 1).await;
    assert_eq!(stored_count(&app, &tokens).await, 3);
    let reply = app
        .get(&format!("{ACCESS}{id}/"))
        .bearer(&tokens.access)
        .reply()
        .await;
    let stored = reply.ok(200);
    assert_eq!(stored["time_on_page"], 42);
    assert_eq!(stored["utm_source"], "google");
    let reply = app
        .get(&format!(
            "{ACCESS}?session_id=ses-1&page_url=/productos/mancuernas-ajustables-24kg/"
        ))
        .bearer(&tokens.access)
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 1);
    assert_eq!(body["results"][0]["id"], id);
    let reply = app
        .get(&format!("{ACCESS}?since=2026-03-10T09:00:01Z&page_size=1"))
        .bearer(&tokens.access)
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 2, "the two plain views came later");
    assert!(body["next"].as_str().unwrap().contains("page=2"));
}

async fn bad_events_are_refused_and_nothing_is_stored(backend: Backend) {
    let app = App::new(&backend).await;
    let tokens = staff(&app, 1).await;
    let cases: Vec<(Value, &[&str])> = vec![
        (
            json!({"page_url": "/", "scroll_depth": 101}),
            &["scroll_depth"],
        ),
        (
            json!({"page_url": "/", "scroll_depth": -1}),
            &["scroll_depth"],
        ),
        (
            json!({"page_url": "/", "time_on_page": -5}),
            &["time_on_page"],
        ),
        (
            json!({"page_url": "/", "interactions": -1}),
            &["interactions"],
        ),
        (
            json!({"page_url": "/", "time_on_page": 3_000_000_000_i64}),
            &["time_on_page"],
        ),
        (
            json!({"page_url": format!("/{}", "x".repeat(2000))}),
            &["page_url"],
        ),
        (json!({"page_url": "   "}), &["page_url"]),
        (json!({"page_url": "/", "metadata": [1, 2]}), &["metadata"]),
        (json!({"page_url": "/", "metadata": "texto"}), &["metadata"]),
        (
            json!({"page_url": "/", "metadata": {"big": "x".repeat(17 * 1024)}}),
            &["metadata"],
        ),
        (
            json!({"page_url": "/", "metadata": {"event_type": 7}}),
            &["metadata.event_type"],
        ),
        (
            json!({"page_url": "/", "metadata": {"load_time_ms": "lento"}}),
            &["metadata.load_time_ms"],
        ),
        (
            json!({"page_url": "/", "device_type": "d".repeat(51)}),
            &["device_type"],
        ),
        (
            json!({"page_url": "/", "utm_campaign": "c".repeat(101)}),
            &["utm_campaign"],
        ),
        (
            json!({"page_url": "/", "session_id": "a\u{0000}b"}),
            &["session_id"],
        ),
        (
            json!({"page_url": "", "scroll_depth": 500, "time_on_page": -1}),
            &["page_url", "scroll_depth", "time_on_page"],
        ),
    ];
    for (body, fields) in cases {
        let reply = app.post(ACCESS).body_json(&body).reply().await;
        reply.invalid_fields(fields);
    }
    for (body, field) in [
        (
            json!({"page_url": "/", "scroll_depth": "mucho"}),
            "scroll_depth",
        ),
        (
            json!({"page_url": "/", "scroll_depth": 50.5}),
            "scroll_depth",
        ),
        (json!({"page_url": 5}), "page_url"),
        (
            json!({"page_url": "/", "ip_address": "10.0.0.1"}),
            "ip_address",
        ),
        (json!({"section": "hero"}), "page_url"),
    ] {
        let reply = app.post(ACCESS).body_json(&body).reply().await;
        reply.invalid_fields(&[field]);
    }
    let reply = app.post(ACCESS).body_json(&json!(["/"])).reply().await;
    reply.error(400, "invalid_body");
    assert_eq!(stored_count(&app, &tokens).await, 0);
}

async fn batches_validate_every_event_before_storing_any(backend: Backend) {
    let app = App::new(&backend).await;
    let tokens = staff(&app, 1).await;
    let events = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| json!({"page_url": format!("/p/{i}"), "session_id": "s1"}))
            .collect()
    };

    let mut bad = events(5);
    bad[2]["scroll_depth"] = json!(101);
    bad[4]["metadata"] = json!("no es objeto");
    let reply = app
        .post(BATCH)
        .body_json(&json!({"events": bad}))
        .reply()
        .await;
    reply.invalid_fields(&["events[2].scroll_depth", "events[4].metadata"]);
    assert!(
        reply.body["detail"].as_str().unwrap().contains("2, 4"),
        "{}",
        reply.text
    );
    assert_eq!(
        stored_count(&app, &tokens).await,
        0,
        "nothing of the bad batch"
    );

    let mut malformed = events(3);
    malformed[1]["time_on_page"] = json!("diez");
    let reply = app
        .post(BATCH)
        .body_json(&json!({"events": malformed}))
        .reply()
        .await;
    reply.invalid_fields(&["events[1].time_on_page"]);

    let reply = app
        .post(BATCH)
        .body_json(&json!({"events": events(501)}))
        .reply()
        .await;
    reply.invalid_fields(&["events"]);
    let reply = app
        .post(BATCH)
        .body_json(&json!({"events": []}))
        .reply()
        .await;
    reply.invalid_fields(&["events"]);
    assert_eq!(stored_count(&app, &tokens).await, 0);

    // A good batch: a repeated event id folds into one row.
    let mut good = events(500);
    good[10]["event_id"] = json!("e-10");
    good[20]["event_id"] = json!("e-10");
    good[20]["time_on_page"] = json!(33);
    let reply = app
        .post(BATCH)
        .body_json(&json!({"events": good}))
        .reply()
        .await;
    let body = reply.ok(201);
    assert_eq!(
        (
            body["received"].as_u64(),
            body["created"].as_u64(),
            body["updated"].as_u64()
        ),
        (Some(500), Some(499), Some(1))
    );
    let ids = body["ids"].as_array().unwrap();
    assert_eq!(ids.len(), 500);
    assert_eq!(ids[10], ids[20]);
    assert_eq!(stored_count(&app, &tokens).await, 499);
    let reply = app
        .get(&format!("{ACCESS}{}/", ids[10]))
        .bearer(&tokens.access)
        .reply()
        .await;
    let row = reply.ok(200);
    assert_eq!(
        (row["page_url"].as_str(), row["time_on_page"].as_i64()),
        (Some("/p/20"), Some(33))
    );

    // Only known event ids: every event updates, 200.
    let again = json!({"events": [{"page_url": "/p/10", "event_id": "e-10"}]});
    let reply = app.post(BATCH).body_json(&again).reply().await;
    let body = reply.ok(200);
    assert_eq!(
        (body["created"].as_u64(), body["updated"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(stored_count(&app, &tokens).await, 499);
}

async fn public_writes_are_rate_limited_per_client(backend: Backend) {
    let mut setup = Setup::default();
    setup.config.rate_public_write = Some(RateLimit::new(3, std::time::Duration::from_secs(60)));
    let app = App::with(&backend, setup).await;
    let event = json!({"page_url": "/"});
    for _ in 0..3 {
        app.post(ACCESS).body_json(&event).reply().await.ok(201);
    }
    let reply = app.post(ACCESS).body_json(&event).reply().await;
    reply.error(429, "rate_limited");
    assert!(reply.header("retry-after").is_some());
    let reply = app
        .post(BATCH)
        .body_json(&json!({"events": [event.clone()]}))
        .reply()
        .await;
    reply.error(429, "rate_limited");
    let journey = json!({"session_id": "s", "entry_page": "/"});
    app.post(JOURNEYS)
        .body_json(&journey)
        .reply()
        .await
        .error(429, "rate_limited");
    let tokens = staff(&app, 1).await;
    assert_eq!(stored_count(&app, &tokens).await, 3);
}

/// Events placed with the clock (today is 2026-03-10):
/// 03-08 s1 /a hero desktop Chrome 30 s, scroll 50, 2 interactions, product_view, 1000 ms
/// 03-08 s1 /b catalogo desktop Chrome 10 s, 20, 1, add_to_cart
/// 03-09 s2 /a hero mobile Safari 5 s, 10, 0, 2000.5 ms
/// 03-10 s3 /c (no section) tablet (no browser) 21 s, 100, 3, purchase, 1500 ms
/// 03-10 s1 /a hero desktop Chrome 40 s, 70, 4, 1200 ms
async fn place_events(app: &App, clock: &ManualClock) {
    let events = [
        (
            at(8, 10, 0),
            json!({"page_url": "/a", "section": "hero", "session_id": "s1", "device_type": "desktop", "browser": "Chrome", "time_on_page": 30, "scroll_depth": 50, "interactions": 2, "metadata": {"event_type": "product_view", "load_time_ms": 1000}}),
        ),
        (
            at(8, 10, 1),
            json!({"page_url": "/b", "section": "catalogo", "session_id": "s1", "device_type": "desktop", "browser": "Chrome", "time_on_page": 10, "scroll_depth": 20, "interactions": 1, "metadata": {"event_type": "add_to_cart"}}),
        ),
        (
            at(9, 9, 0),
            json!({"page_url": "/a", "section": "hero", "session_id": "s2", "device_type": "mobile", "browser": "Safari", "time_on_page": 5, "scroll_depth": 10, "interactions": 0, "metadata": {"load_time_ms": 2000.5}}),
        ),
        (
            at(10, 8, 0),
            json!({"page_url": "/c", "session_id": "s3", "device_type": "tablet", "time_on_page": 21, "scroll_depth": 100, "interactions": 3, "metadata": {"event_type": "purchase", "load_time_ms": 1500}}),
        ),
        (
            at(10, 8, 30),
            json!({"page_url": "/a", "section": "hero", "session_id": "s1", "device_type": "desktop", "browser": "Chrome", "time_on_page": 40, "scroll_depth": 70, "interactions": 4, "metadata": {"load_time_ms": 1200}}),
        ),
    ];
    for (when, event) in events {
        clock.set(when);
        app.post(ACCESS).body_json(&event).reply().await.ok(201);
    }
    clock.set(at(10, 12, 0));
}

async fn metrics_follow_the_definitions(backend: Backend) {
    let (app, clock) = app_at(&backend, at(10, 12, 0)).await;
    place_events(&app, &clock).await;
    let tokens = staff(&app, 1).await;
    let get = |path: String| {
        let (app, access) = (&app, tokens.access.clone());
        async move { app.get(&path).bearer(&access).reply().await }
    };

    let reply = get("/page-analytics/page-access/summary/?days=7".into()).await;
    let expected = json!({
        "days": 7,
        "total_page_views": 5,
        "unique_visitors": 3,
        "avg_time_on_page": 21.2,
        "bounce_rate": 66.67,
        "top_pages": [{"page_url": "/a", "views": 3}, {"page_url": "/b", "views": 1}, {"page_url": "/c", "views": 1}],
        "top_sections": [{"section": "hero", "views": 3}, {"section": "catalogo", "views": 1}],
        "device_distribution": {"desktop": 3, "mobile": 1, "tablet": 1},
        "browser_distribution": {"Chrome": 3, "Safari": 1, "unknown": 1},
        "ecommerce_events": {"product_views": 1, "add_to_cart": 1, "begin_checkout": 0, "purchases": 1}
    });
    assert_eq!(reply.ok(200), &expected);
    // Asked again (now from the rollups of the past days and the cache): the same.
    let again = get("/page-analytics/page-access/summary/?days=7".into()).await;
    assert_eq!(again.ok(200), &expected);
    let reply = get("/page-analytics/page-access/summary/".into()).await;
    assert_eq!(reply.ok(200)["days"], 30, "30 days by default");
    let reply = get("/page-analytics/page-access/summary/?days=1".into()).await;
    let today = reply.ok(200);
    assert_eq!(
        (
            today["total_page_views"].as_i64(),
            today["unique_visitors"].as_i64(),
            today["bounce_rate"].as_f64()
        ),
        (Some(2), Some(2), Some(100.0))
    );

    let reply = get("/page-analytics/page-access/trends/?days=3".into()).await;
    assert_eq!(
        reply.ok(200),
        &json!([
            {"date": "2026-03-08", "page_views": 2, "unique_visitors": 1, "avg_time_on_page": 20.0, "bounce_rate": 0.0},
            {"date": "2026-03-09", "page_views": 1, "unique_visitors": 1, "avg_time_on_page": 5.0, "bounce_rate": 100.0},
            {"date": "2026-03-10", "page_views": 2, "unique_visitors": 2, "avg_time_on_page": 30.5, "bounce_rate": 100.0}
        ])
    );
    let reply = get("/page-analytics/page-access/trends/".into()).await;
    let week = reply.ok(200).as_array().unwrap();
    assert_eq!(week.len(), 7, "7 days by default");
    assert_eq!(
        (week[0]["date"].as_str(), week[0]["page_views"].as_i64()),
        (Some("2026-03-04"), Some(0))
    );

    let reply = get("/page-analytics/page-access/sections/?days=7".into()).await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 2);
    assert_eq!(
        body["results"],
        json!([
            {"section_name": "hero", "total_views": 3, "avg_time_on_section": 25.0, "engagement_rate": 43.33, "avg_interactions": 2.0},
            {"section_name": "catalogo", "total_views": 1, "avg_time_on_section": 10.0, "engagement_rate": 20.0, "avg_interactions": 1.0}
        ])
    );

    let reply = get("/page-analytics/page-access/performance/?days=7".into()).await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 3);
    assert_eq!(
        body["results"],
        json!([
            {"page_url": "/a", "page_views": 3, "unique_visitors": 2, "avg_time_on_page": 25.0,
             "load_time_avg": 1400.17, "load_time_p75": 2000.5, "load_time_p95": 2000.5},
            {"page_url": "/b", "page_views": 1, "unique_visitors": 1, "avg_time_on_page": 10.0,
             "load_time_avg": null, "load_time_p75": null, "load_time_p95": null},
            {"page_url": "/c", "page_views": 1, "unique_visitors": 1, "avg_time_on_page": 21.0,
             "load_time_avg": 1500.0, "load_time_p75": 1500.0, "load_time_p95": 1500.0}
        ])
    );
    let reply =
        get("/page-analytics/page-access/performance/?days=7&page_size=2&page=2".into()).await;
    let body = reply.ok(200);
    assert_eq!(body["results"][0]["page_url"], "/c");
    assert!(body["previous"].as_str().unwrap().contains("page=1"));

    // A new event counts at once: cached metrics are keyed by the data's revision.
    app.post(ACCESS)
        .body_json(&json!({"page_url": "/b", "session_id": "s2", "time_on_page": 9}))
        .reply()
        .await
        .ok(201);
    let reply = get("/page-analytics/page-access/summary/?days=7".into()).await;
    let body = reply.ok(200);
    assert_eq!(
        (
            body["total_page_views"].as_i64(),
            body["unique_visitors"].as_i64()
        ),
        (Some(6), Some(3))
    );
    assert_eq!(
        body["bounce_rate"], 33.33,
        "s2 has two views in the window now"
    );

    for path in ["summary", "trends", "sections", "performance"] {
        for days in ["0", "366", "-1", "x"] {
            let reply = get(format!("/page-analytics/page-access/{path}/?days={days}")).await;
            assert_eq!(
                reply.status.as_u16(),
                400,
                "{path} days={days}: {}",
                reply.text
            );
        }
    }
    let reply = get("/page-analytics/user-journey/analytics/?days=400".into()).await;
    reply.invalid_fields(&["days"]);
}

async fn page_sections_crud(backend: Backend) {
    let app = App::new(&backend).await;
    let tokens = staff(&app, 1).await;
    let create = |body: Value| {
        let (app, access) = (&app, tokens.access.clone());
        async move {
            app.post(SECTIONS)
                .bearer(&access)
                .body_json(&body)
                .reply()
                .await
        }
    };
    let reply = create(json!({"name": "Hero", "description": "Banner principal\ncon oferta", "page_url_pattern": "/", "section_selector": ".hero", "priority": 1})).await;
    let hero = reply.ok(201).clone();
    assert_eq!(
        (hero["is_active"].as_bool(), hero["priority"].as_i64()),
        (Some(true), Some(1))
    );
    assert_eq!(hero["description"], "Banner principal\ncon oferta");
    create(json!({"name": "Reseñas", "page_url_pattern": "/productos/*", "is_active": false}))
        .await
        .ok(201);
    create(json!({"name": "Carrito", "page_url_pattern": "/carrito/", "priority": 1}))
        .await
        .ok(201);
    create(json!({"name": "hero", "page_url_pattern": "/"}))
        .await
        .error(409, "section_name_taken");
    create(json!({"name": "  ", "page_url_pattern": ""}))
        .await
        .invalid_fields(&["name", "page_url_pattern"]);
    create(json!({"name": "X", "page_url_pattern": "/", "priority": "alta"}))
        .await
        .invalid_fields(&["priority"]);

    let names = |body: &Value| -> Vec<String> {
        body["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let reply = app.get(SECTIONS).bearer(&tokens.access).reply().await;
    assert_eq!(
        names(reply.ok(200)),
        ["Reseñas", "Carrito", "Hero"],
        "by priority, then name"
    );
    let reply = app
        .get(&format!("{SECTIONS}active/"))
        .bearer(&tokens.access)
        .reply()
        .await;
    assert_eq!(names(reply.ok(200)), ["Carrito", "Hero"]);

    let path = format!("{SECTIONS}{}/", hero["id"]);
    let reply = app
        .patch(&path)
        .bearer(&tokens.access)
        .body_json(&json!({"is_active": false, "section_selector": "#hero"}))
        .reply()
        .await;
    let updated = reply.ok(200);
    assert_eq!(
        (
            updated["is_active"].as_bool(),
            updated["section_selector"].as_str()
        ),
        (Some(false), Some("#hero"))
    );
    assert_eq!(updated["name"], "Hero");
    app.patch(&path)
        .bearer(&tokens.access)
        .body_json(&json!({"name": "CARRITO"}))
        .reply()
        .await
        .error(409, "section_name_taken");
    let reply = app.get(&path).bearer(&tokens.access).reply().await;
    assert_eq!(reply.ok(200)["section_selector"], "#hero");
    let reply = app.cli.delete(&path).bearer(&tokens.access).reply().await;
    assert_eq!(reply.status.as_u16(), 204);
    app.get(&path)
        .bearer(&tokens.access)
        .reply()
        .await
        .error(404, "section_not_found");
    app.cli
        .delete(&path)
        .bearer(&tokens.access)
        .reply()
        .await
        .error(404, "section_not_found");
}

async fn user_journeys_and_their_analytics(backend: Backend) {
    let (app, _clock) = app_at(&backend, at(10, 12, 0)).await;
    let post = |body: Value| {
        let app = &app;
        async move { app.post(JOURNEYS).body_json(&body).reply().await }
    };
    let reply = post(json!({
        "session_id": "s1", "entry_page": "/a", "exit_page": "/b", "pages_visited": ["/a", "/b", "/c"],
        "total_time": 120, "conversion_goal": "purchase", "started_at": "2026-03-09T10:00:00Z",
        "ended_at": "2026-03-09T10:02:00Z"
    }))
    .await;
    let j1 = reply.ok(201).clone();
    assert_eq!(j1["total_pages"], 3);
    let reply = post(json!({"session_id": "s2", "entry_page": "/a", "pages_visited": ["/a"], "total_pages": 1, "total_time": 30, "started_at": "2026-03-10T09:00:00Z"})).await;
    let j2 = reply.ok(201).clone();
    assert_eq!(
        (j2["exit_page"].as_str(), j2["ended_at"].is_null()),
        (Some(""), true)
    );
    post(json!({"session_id": "s3", "entry_page": "/c", "exit_page": "/c", "pages_visited": ["/c", "/a", "/c", "/d"], "total_time": 200, "started_at": "2026-02-01T09:00:00Z"}))
        .await
        .ok(201);
    let reply = post(json!({"session_id": "s4", "entry_page": "/"})).await;
    assert_eq!(
        reply.ok(201)["started_at"],
        "2026-03-10T12:00:00+00:00",
        "now by default"
    );

    post(json!({"session_id": "s9", "entry_page": "/", "pages_visited": ["/", "/a"], "total_pages": 5}))
        .await
        .invalid_fields(&["total_pages"]);
    post(json!({"session_id": "s9", "entry_page": "/", "started_at": "2026-03-11T12:00:00Z"}))
        .await
        .invalid_fields(&["started_at"]);
    post(json!({"session_id": "s9", "entry_page": "/", "started_at": "2026-03-10T10:00:00Z", "ended_at": "2026-03-10T09:00:00Z"}))
        .await
        .invalid_fields(&["ended_at"]);
    post(
        json!({"session_id": "", "entry_page": "/", "pages_visited": ["/", " "], "total_time": -1}),
    )
    .await
    .invalid_fields(&["pages_visited[1]", "session_id", "total_time"]);

    let tokens = staff(&app, 1).await;
    let reply = app
        .get("/page-analytics/user-journey/analytics/?days=7")
        .bearer(&tokens.access)
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["days"], 7);
    assert_eq!(
        body["total_journeys"], 3,
        "s1, s2 and s4 started in the week"
    );
    assert_eq!(body["avg_pages_per_journey"], 1.33);
    assert_eq!(body["avg_time_per_journey"], 50.0);
    let top: Vec<&str> = body["top_journeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["session_id"].as_str().unwrap())
        .collect();
    assert_eq!(top, ["s1", "s2", "s4"]);
    assert_eq!(
        body["entry_pages"],
        json!([{"entry_page": "/a", "count": 2}, {"entry_page": "/", "count": 1}])
    );
    assert_eq!(body["exit_pages"], json!([{"exit_page": "/b", "count": 1}]));

    let path = format!("{JOURNEYS}{}/", j2["id"]);
    let reply = app
        .patch(&path)
        .bearer(&tokens.access)
        .body_json(&json!({"pages_visited": ["/a", "/b"], "exit_page": "/b", "ended_at": "2026-03-10T09:05:00Z"}))
        .reply()
        .await;
    let updated = reply.ok(200);
    assert_eq!(
        (
            updated["total_pages"].as_i64(),
            updated["exit_page"].as_str()
        ),
        (Some(2), Some("/b"))
    );
    app.patch(&path)
        .bearer(&tokens.access)
        .body_json(&json!({"ended_at": "2026-03-01T00:00:00Z"}))
        .reply()
        .await
        .invalid_fields(&["ended_at"]);
    let reply = app
        .get(&format!("{JOURNEYS}?session_id=s2"))
        .bearer(&tokens.access)
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 1);
    assert_eq!(body["results"][0]["pages_visited"], json!(["/a", "/b"]));
    let reply = app.get(JOURNEYS).bearer(&tokens.access).reply().await;
    assert_eq!(reply.ok(200)["count"], 4);
    let reply = app.cli.delete(&path).bearer(&tokens.access).reply().await;
    assert_eq!(reply.status.as_u16(), 204);
    app.get(&path)
        .bearer(&tokens.access)
        .reply()
        .await
        .error(404, "journey_not_found");
}

async fn page_performance_rows_come_from_the_rollup(backend: Backend) {
    let (app, clock) = app_at(&backend, at(10, 12, 0)).await;
    place_events(&app, &clock).await;
    let march_8 = chrono::NaiveDate::from_ymd_opt(2026, 3, 8).unwrap();
    let report = app.enid.analytics().roll_up(1, march_8).await.unwrap();
    assert_eq!(report.pages, 2);
    assert!(report.summary_rolled_up);
    let today = app
        .enid
        .analytics()
        .roll_up(1, at(10, 0, 0).date_naive())
        .await
        .unwrap();
    assert!(!today.summary_rolled_up, "today is not over");
    assert!(
        app.enid
            .analytics()
            .roll_up(1, at(11, 0, 0).date_naive())
            .await
            .is_err(),
        "no rollups of the future"
    );

    let tokens = staff(&app, 1).await;
    let reply = app
        .get("/page-analytics/page-performance/by_date/?date=2026-03-08")
        .bearer(&tokens.access)
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 2);
    let a = &body["results"][0];
    assert_eq!(a["page_url"], "/a");
    assert_eq!(
        (
            a["page_views"].as_i64(),
            a["unique_visitors"].as_i64(),
            a["new_visitors"].as_i64()
        ),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(
        (a["bounce_rate"].as_f64(), a["exit_rate"].as_f64()),
        (Some(0.0), Some(0.0))
    );
    assert_eq!(
        (a["load_time_avg"].as_f64(), a["load_time_p95"].as_f64()),
        (Some(1000.0), Some(1000.0))
    );
    let b = &body["results"][1];
    assert_eq!(
        (
            b["page_url"].as_str(),
            b["exit_rate"].as_f64(),
            b["load_time_p75"].is_null()
        ),
        (Some("/b"), Some(100.0), true)
    );

    let reply = app
        .get("/page-analytics/page-performance/by_date/")
        .bearer(&tokens.access)
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 4, "the last 7 days: 03-08 and today");
    assert_eq!(body["results"][0]["date"], "2026-03-10");
    let reply = app
        .get("/page-analytics/page-performance/?page_url=/a&since=2026-03-09")
        .bearer(&tokens.access)
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 1);
    let id = body["results"][0]["id"].clone();
    let reply = app
        .get(&format!("/page-analytics/page-performance/{id}/"))
        .bearer(&tokens.access)
        .reply()
        .await;
    assert_eq!(reply.ok(200)["date"], "2026-03-10");
    app.get("/page-analytics/page-performance/by_date/?date=08-03-2026")
        .bearer(&tokens.access)
        .reply()
        .await
        .error(400, "invalid_parameter");
    app.get("/page-analytics/page-performance/?since=2026-03-09&until=2026-03-01")
        .bearer(&tokens.access)
        .reply()
        .await
        .invalid_fields(&["since"]);
    app.get("/page-analytics/page-performance/999999/")
        .bearer(&tokens.access)
        .reply()
        .await
        .error(404, "page_performance_not_found");
}

async fn only_staff_read_and_stores_stay_apart(backend: Backend) {
    let (app, clock) = app_at(&backend, at(10, 12, 0)).await;
    place_events(&app, &clock).await;
    let store_one_staff = staff(&app, 1).await;
    let section = app
        .post(SECTIONS)
        .bearer(&store_one_staff.access)
        .body_json(&json!({"name": "Hero", "page_url_pattern": "/"}))
        .reply()
        .await
        .ok(201)["id"]
        .clone();
    let journey = app
        .post(JOURNEYS)
        .body_json(&json!({"session_id": "s1", "entry_page": "/a"}))
        .reply()
        .await
        .ok(201)["id"]
        .clone();
    let access = app
        .get(ACCESS)
        .bearer(&store_one_staff.access)
        .reply()
        .await
        .ok(200)["results"][0]["id"]
        .clone();
    app.enid
        .analytics()
        .roll_up(1, chrono::NaiveDate::from_ymd_opt(2026, 3, 8).unwrap())
        .await
        .unwrap();

    let reads = [
        ACCESS.to_owned(),
        format!("{ACCESS}{access}/"),
        "/page-analytics/page-access/summary/".to_owned(),
        "/page-analytics/page-access/trends/".to_owned(),
        "/page-analytics/page-access/sections/".to_owned(),
        "/page-analytics/page-access/performance/".to_owned(),
        SECTIONS.to_owned(),
        JOURNEYS.to_owned(),
        "/page-analytics/user-journey/analytics/".to_owned(),
        "/page-analytics/page-performance/".to_owned(),
    ];
    for path in &reads {
        app.get(path).reply().await.error(401, "not_authenticated");
    }
    let customer = app.user(Some((1, Role::Customer))).await;
    let customer = app.login(&customer).await;
    for path in &reads {
        app.get(path)
            .bearer(&customer.access)
            .reply()
            .await
            .error(403, "permission_denied");
    }
    app.post(SECTIONS)
        .bearer(&customer.access)
        .body_json(&json!({"name": "X", "page_url_pattern": "/"}))
        .reply()
        .await
        .error(403, "permission_denied");

    // Staff of store 2 sees nothing of store 1 and cannot touch it.
    let second = app.store("Sucursal Norte", None).await;
    let other = staff(&app, second.id).await;
    let get = |path: &str| {
        let (app, access, path) = (&app, other.access.clone(), path.to_owned());
        async move {
            app.get(&path)
                .store(second.id)
                .bearer(&access)
                .reply()
                .await
        }
    };
    for path in [
        ACCESS,
        SECTIONS,
        JOURNEYS,
        "/page-analytics/page-performance/",
        "/page-analytics/page-access/sections/",
        "/page-analytics/page-access/performance/",
    ] {
        assert_eq!(get(path).await.ok(200)["count"], 0, "{path}");
    }
    let summary = get("/page-analytics/page-access/summary/").await;
    let body = summary.ok(200);
    assert_eq!(
        (
            body["total_page_views"].as_i64(),
            body["unique_visitors"].as_i64()
        ),
        (Some(0), Some(0))
    );
    assert_eq!(body["top_pages"], json!([]));
    let trends = get("/page-analytics/page-access/trends/").await;
    assert!(
        trends
            .ok(200)
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["page_views"] == 0)
    );
    assert_eq!(
        get("/page-analytics/user-journey/analytics/").await.ok(200)["total_journeys"],
        0
    );
    get(&format!("{ACCESS}{access}/"))
        .await
        .error(404, "page_access_not_found");
    get(&format!("{SECTIONS}{section}/"))
        .await
        .error(404, "section_not_found");
    get(&format!("{JOURNEYS}{journey}/"))
        .await
        .error(404, "journey_not_found");
    app.patch(&format!("{SECTIONS}{section}/"))
        .store(second.id)
        .bearer(&other.access)
        .body_json(&json!({"name": "Mío"}))
        .reply()
        .await
        .error(404, "section_not_found");
    app.cli
        .delete(format!("{JOURNEYS}{journey}/"))
        .store(second.id)
        .bearer(&other.access)
        .reply()
        .await
        .error(404, "journey_not_found");
    // Asking for store 1 with a store-2 token: 403.
    app.get(ACCESS)
        .store(1)
        .bearer(&other.access)
        .reply()
        .await
        .error(403, "permission_denied");
    // Store 1 still has everything.
    let reply = app
        .get(&format!("{SECTIONS}{section}/"))
        .bearer(&store_one_staff.access)
        .reply()
        .await;
    assert_eq!(reply.ok(200)["name"], "Hero");
    let reply = app
        .get(&format!("{JOURNEYS}{journey}/"))
        .bearer(&store_one_staff.access)
        .reply()
        .await;
    reply.ok(200);
    assert_eq!(stored_count(&app, &store_one_staff).await, 5);
}

/// The in-process cache, watching the analytics metrics: a permit in `reads` per metric read
/// (given once read), a count of metrics computed (each written once), and the first computed
/// metric held before it is written — with a permit in `held` — until `release` gives one.
struct WatchedMetricsCache {
    inner: InProcessCache,
    reads: tokio::sync::Semaphore,
    held: tokio::sync::Semaphore,
    release: tokio::sync::Semaphore,
    computed: AtomicUsize,
}

impl WatchedMetricsCache {
    fn new() -> Self {
        Self {
            inner: InProcessCache::default(),
            reads: tokio::sync::Semaphore::new(0),
            held: tokio::sync::Semaphore::new(0),
            release: tokio::sync::Semaphore::new(0),
            computed: AtomicUsize::new(0),
        }
    }

    /// Lets the first computed metric be written once `reads` metric reads have been made. Fails
    /// when they are not made within a minute: the reads a test expects never came.
    async fn release_after(&self, reads: usize) {
        let reads = u32::try_from(reads).unwrap();
        let made = self.reads.acquire_many(reads);
        match tokio::time::timeout(std::time::Duration::from_secs(60), made).await {
            Ok(permits) => permits.unwrap().forget(),
            Err(_) => panic!("{reads} metric reads expected while the first computation ran"),
        }
        self.release.add_permits(1);
    }
}

#[async_trait::async_trait]
impl Cache for WatchedMetricsCache {
    async fn get(&self, key: &str) -> enid_core::Result<Option<Vec<u8>>> {
        let found = self.inner.get(key).await?;
        // Counted on the way out: the caller goes on without yielding until it waits for its
        // computation.
        if key.starts_with("analytics:") {
            self.reads.add_permits(1);
        }
        Ok(found)
    }

    async fn set(
        &self,
        key: &str,
        value: &[u8],
        ttl: std::time::Duration,
    ) -> enid_core::Result<()> {
        if key.starts_with("analytics:") && self.computed.fetch_add(1, Ordering::SeqCst) == 0 {
            self.held.add_permits(1);
            self.release.acquire().await.unwrap().forget();
        }
        self.inner.set(key, value, ttl).await
    }

    async fn delete(&self, key: &str) -> enid_core::Result<()> {
        self.inner.delete(key).await
    }

    async fn clear_local(&self) -> enid_core::Result<()> {
        self.inner.clear_local().await
    }
}

/// An app whose cache watches the metrics, with the events of `place_events`, and a staff
/// member's tokens.
async fn app_with_watched_metrics(backend: &Backend) -> (App, Arc<WatchedMetricsCache>, Tokens) {
    let clock = Arc::new(ManualClock::new(at(10, 12, 0)));
    let cache = Arc::new(WatchedMetricsCache::new());
    let app = App::with(
        backend,
        Setup {
            clock: Some(clock.clone()),
            cache: Some(cache.clone()),
            ..Setup::default()
        },
    )
    .await;
    place_events(&app, &clock).await;
    let tokens = staff(&app, 1).await;
    (app, cache, tokens)
}

async fn concurrent_summary_misses_compute_once(backend: Backend) {
    const READERS: usize = 8;
    let (app, cache, tokens) = app_with_watched_metrics(&backend).await;
    let readers = futures::future::join_all((0..READERS).map(|_| {
        app.get("/page-analytics/page-access/summary/?days=7")
            .bearer(&tokens.access)
            .reply()
    }));
    // The first computation read its cache entry twice (on arrival and on its turn), every other
    // reader once on arrival: all of them missed while it ran.
    let (replies, ()) = tokio::join!(readers, cache.release_after(2 + READERS - 1));
    for reply in &replies {
        let summary = reply.ok(200);
        assert_eq!(summary["total_page_views"], 5);
        assert_eq!(summary["unique_visitors"], 3);
    }
    assert_eq!(
        cache.computed.load(Ordering::SeqCst),
        1,
        "{READERS} concurrent misses, one computation"
    );
}

/// Readers that each write a page view and then miss the summary while an earlier computation
/// runs, every one at a later revision, share one computation, started after their misses: each
/// sees its own write.
async fn summary_misses_while_page_views_are_written_share_computations(backend: Backend) {
    const LATER: usize = 7;
    let (app, cache, tokens) = app_with_watched_metrics(&backend).await;
    let summary = || {
        app.get("/page-analytics/page-access/summary/?days=7")
            .bearer(&tokens.access)
            .reply()
    };
    let view = |reader: usize| {
        let event = json!({"page_url": "/d", "session_id": format!("live-{reader}")});
        app.post(ACCESS).body_json(&event).reply()
    };
    view(0).await.ok(201);
    // One write at a time, so the later readers' revisions differ.
    let writing = tokio::sync::Mutex::new(());
    let later = async {
        cache.held.acquire().await.unwrap().forget();
        futures::future::join_all((1..=LATER).map(|reader| {
            let writing = &writing;
            async move {
                {
                    let _turn = writing.lock().await;
                    view(reader).await.ok(201);
                }
                summary().await
            }
        }))
        .await
    };
    // The first computation read its cache entry twice (on arrival and on its turn).
    let (first, later, ()) = tokio::join!(summary(), later, cache.release_after(2 + LATER));
    assert_eq!(first.ok(200)["total_page_views"], 5 + 1);
    for reply in &later {
        let summary = reply.ok(200);
        assert_eq!(summary["total_page_views"], 6 + LATER);
        assert_eq!(summary["unique_visitors"], 4 + LATER);
    }
    assert_eq!(
        cache.computed.load(Ordering::SeqCst),
        2,
        "the first computation and one for the {LATER} misses at later revisions"
    );
}
