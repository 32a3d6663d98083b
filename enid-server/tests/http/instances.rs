//! Instances keep principals, stores and (without Redis) cached reports in process: every write
//! that changes them reaches every instance. On PostgreSQL two instances share one schema, each
//! with its own cache or both on Redis, and what one writes the other honours within a second
//! (polled against a deadline); an instance whose listening connection is ended reads the
//! database until it listens again. On SQLite one instance honours its own writes at once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use poem::http::StatusCode;
use serde_json::{Value, json};

use enid_core::Result;
use enid_core::cache::Cache;
use enid_core::stores::Role;
use enid_storage::postgres::testing::{count_invalidation_listeners, end_invalidation_listeners};

use crate::support::{App, Backend, Call, Reply, Setup, Tokens, fake_password};

/// How soon another instance must honour a write.
const WITHIN: Duration = Duration::from_secs(1);

/// What the two instances of a scenario share besides the database.
#[derive(Clone, Copy)]
enum Sharing {
    /// Each instance caches in process.
    Nothing,
    /// Both cache in Redis.
    Redis,
}

/// Runs each scenario `async fn name(a: &App, b: &App)` on SQLite (one instance as both), on
/// PostgreSQL with two instances caching in process, and with two instances on Redis.
macro_rules! on_two_instances {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let app = super::instance(&$crate::support::Backend::Sqlite, None).await;
                    super::$name(&app, &app).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some((a, b)) = super::two_instances(super::Sharing::Nothing).await {
                        super::$name(&a, &b).await;
                    }
                }
            )+
        }
        mod postgres_redis {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some((a, b)) = super::two_instances(super::Sharing::Redis).await {
                        super::$name(&a, &b).await;
                    }
                }
            )+
        }
    };
}

on_two_instances!(
    logout_reaches_every_instance,
    password_change_reaches_every_instance,
    refresh_token_reuse_reaches_every_instance,
    deactivation_and_role_change_reach_every_instance,
    store_deactivation_reaches_every_instance,
    the_stock_report_is_fresh_on_every_instance,
    lead_searches_and_overview_are_fresh_on_every_instance,
);

mod postgres_listener {
    #[tokio::test]
    async fn a_lost_listener_reads_the_database_until_it_listens_again() {
        if let Some((a, b)) = super::two_instances(super::Sharing::Nothing).await {
            super::lost_listener(&a, &b).await;
        }
    }
}

/// A reused refresh token ends its session at once (no grace).
fn setup(cache: Option<Arc<dyn Cache>>) -> Setup {
    let mut setup = Setup {
        cache,
        ..Setup::default()
    };
    setup.config.refresh_reuse_grace = Duration::ZERO;
    setup
}

async fn instance(backend: &Backend, cache: Option<Arc<dyn Cache>>) -> App {
    App::with(backend, setup(cache)).await
}

/// Two instances on one fresh PostgreSQL schema, or `None` when PostgreSQL (or Redis, when
/// asked for) is not configured.
async fn two_instances(sharing: Sharing) -> Option<(App, App)> {
    let backend = Backend::postgres()?;
    let cache = match sharing {
        Sharing::Nothing => None,
        Sharing::Redis => {
            let url = enid_storage::testing::redis_url()?;
            let redis = enid_storage::redis::RedisBackend::connect(&url)
                .await
                .expect("redis connects");
            Some(Arc::new(Prefixed {
                prefix: format!("{}:", uuid::Uuid::new_v4().simple()),
                inner: Arc::new(redis.cache()),
            }) as Arc<dyn Cache>)
        }
    };
    let a = instance(&backend, cache.clone()).await;
    let b = a.second_instance_with(None, None, cache).await;
    Some((a, b))
}

/// A Redis cache whose keys carry a prefix of the test's own: Redis is shared by concurrent test
/// runs, whose stores have the same ids.
struct Prefixed {
    prefix: String,
    inner: Arc<dyn Cache>,
}

#[async_trait]
impl Cache for Prefixed {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        self.inner.get(&format!("{}{key}", self.prefix)).await
    }

    async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<()> {
        self.inner
            .set(&format!("{}{key}", self.prefix), value, ttl)
            .await
    }

    async fn delete(&self, key: &str) -> Result<()> {
        self.inner.delete(&format!("{}{key}", self.prefix)).await
    }

    fn is_shared(&self) -> bool {
        self.inner.is_shared()
    }

    async fn clear_local(&self) -> Result<()> {
        self.inner.clear_local().await
    }
}

/// Polls `holds` until it does, failing once `limit` has passed.
async fn eventually<F, Fut>(what: &str, limit: Duration, mut holds: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + limit;
    while !holds().await {
        assert!(Instant::now() < deadline, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn within_a_second<F, Fut>(what: &str, holds: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    eventually(what, WITHIN, holds).await;
}

async fn profile(app: &App, tokens: &Tokens) -> Reply {
    app.get("/user/profile/")
        .bearer(&tokens.access)
        .reply()
        .await
}

/// Waits until `app` refuses the access token of `tokens` as revoked.
async fn refused_within_a_second(what: &str, app: &App, tokens: &Tokens) {
    within_a_second(what, || async {
        app.profile_status(&tokens.access).await == StatusCode::UNAUTHORIZED
    })
    .await;
}

async fn logout_reaches_every_instance(a: &App, b: &App) {
    let user = a.user(Some((1, Role::Customer))).await;
    let tokens = a.login(&user).await;
    let other_session = a.login(&user).await;
    // Both instances have authenticated (and kept) both sessions.
    for app in [a, b] {
        assert_eq!(app.profile_status(&tokens.access).await, 200);
        assert_eq!(app.profile_status(&other_session.access).await, 200);
    }

    logout(a, &tokens).await;
    assert_eq!(
        a.profile_status(&tokens.access).await,
        401,
        "at once where written"
    );
    refused_within_a_second("logout", b, &tokens).await;
    let stored = b
        .enid
        .storage()
        .principal(user.id(), session_of(b, &other_session).await)
        .await
        .unwrap();
    assert!(stored.is_some(), "the other session is stored live");
    for app in [a, b] {
        assert_eq!(app.profile_status(&other_session.access).await, 200);
    }
}

async fn logout(app: &App, tokens: &Tokens) {
    app.post("/logout/")
        .bearer(&tokens.access)
        .body_json(&json!({}))
        .reply()
        .await
        .ok(204);
}

/// The session id inside an access token, read through the token's own service.
async fn session_of(app: &App, tokens: &Tokens) -> uuid::Uuid {
    app.enid
        .accounts()
        .authenticate(&tokens.access)
        .await
        .expect("a live token")
        .session_id
}

async fn password_change_reaches_every_instance(a: &App, b: &App) {
    let user = a.user(Some((1, Role::Customer))).await;
    let here = a.login(&user).await;
    let elsewhere = a.login(&user).await;
    let elsewhere_session = session_of(a, &elsewhere).await;
    assert_eq!(b.profile_status(&elsewhere.access).await, 200);
    assert_eq!(b.profile_status(&here.access).await, 200);

    let new_password = fake_password();
    a.patch("/user/profile/")
        .bearer(&here.access)
        .body_json(&json!({"current_password": user.password, "new_password": new_password}))
        .reply()
        .await
        .ok(200);
    refused_within_a_second("password change", b, &elsewhere).await;
    assert!(
        b.enid
            .storage()
            .principal(user.id(), elsewhere_session)
            .await
            .unwrap()
            .is_none(),
        "the other session is stored revoked"
    );
    assert_eq!(
        b.profile_status(&here.access).await,
        200,
        "the changer's session lives"
    );
    b.post("/login/")
        .body_json(&json!({"email": user.email, "password": new_password}))
        .reply()
        .await
        .ok(200);
}

async fn refresh_token_reuse_reaches_every_instance(a: &App, b: &App) {
    let user = a.user(Some((1, Role::Customer))).await;
    let first = a.login(&user).await;
    let rotated = a
        .post("/login/refresh-token/")
        .body_json(&json!({"refresh_token": first.refresh}))
        .reply()
        .await;
    let body = rotated.ok(200);
    let rotated = Tokens {
        access: body["access_token"].as_str().unwrap().to_owned(),
        refresh: body["refresh_token"].as_str().unwrap().to_owned(),
    };
    let session = session_of(a, &rotated).await;
    assert_eq!(b.profile_status(&rotated.access).await, 200);

    // The used token again: it leaked, and its whole session ends.
    a.post("/login/refresh-token/")
        .body_json(&json!({"refresh_token": first.refresh}))
        .reply()
        .await
        .error(401, "token_not_valid");
    refused_within_a_second("refresh token reuse", b, &rotated).await;
    assert!(
        b.enid
            .storage()
            .principal(user.id(), session)
            .await
            .unwrap()
            .is_none(),
        "the session is stored revoked"
    );
}

fn role_in(profile: &Value, store: i64) -> Option<&str> {
    profile["stores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == store)
        .and_then(|s| s["role"].as_str())
}

async fn deactivation_and_role_change_reach_every_instance(a: &App, b: &App) {
    let admin = a.user(Some((1, Role::Admin))).await;
    let admin_tokens = a.login(&admin).await;
    let staff = a.user(Some((1, Role::Staff))).await;
    let staff_tokens = a.login(&staff).await;
    assert_eq!(
        role_in(profile(b, &staff_tokens).await.ok(200), 1),
        Some("staff")
    );
    b.get("/warehouses/")
        .bearer(&staff_tokens.access)
        .reply()
        .await
        .ok(200);

    a.patch(&format!("/user/{}/", staff.id()))
        .bearer(&admin_tokens.access)
        .body_json(&json!({"role": "customer"}))
        .reply()
        .await
        .ok(200);
    within_a_second("role change", || async {
        role_in(profile(b, &staff_tokens).await.ok(200), 1) == Some("customer")
    })
    .await;
    b.get("/warehouses/")
        .bearer(&staff_tokens.access)
        .reply()
        .await
        .error(403, "permission_denied");
    let stored = b
        .enid
        .storage()
        .member(1, staff.id())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((stored.role, stored.is_active), (Role::Customer, true));

    a.patch(&format!("/user/{}/", staff.id()))
        .bearer(&admin_tokens.access)
        .body_json(&json!({"is_active": false}))
        .reply()
        .await
        .ok(200);
    // A member deactivated in its only store cannot use its tokens at all.
    refused_within_a_second("deactivation", b, &staff_tokens).await;
    let stored = b
        .enid
        .storage()
        .member(1, staff.id())
        .await
        .unwrap()
        .unwrap();
    assert!(!stored.is_active);
}

async fn profile_in(app: &App, tokens: &Tokens, store: i64) -> Reply {
    app.get("/user/profile/")
        .bearer(&tokens.access)
        .store(store)
        .reply()
        .await
}

async fn store_deactivation_reaches_every_instance(a: &App, b: &App) {
    let admin = a.user(None).await;
    let store = a.store("Sucursal Centro", Some(admin.id())).await;
    let tokens = a.login(&admin).await;
    assert_eq!(
        role_in(profile_in(b, &tokens, store.id).await.ok(200), store.id),
        Some("admin")
    );

    a.patch(&format!("/store/{}/", store.id))
        .bearer(&tokens.access)
        .body_json(&json!({"is_active": false}))
        .reply()
        .await
        .ok(200);
    within_a_second("store deactivation", || async {
        let reply = profile_in(b, &tokens, store.id).await;
        reply.status == StatusCode::NOT_FOUND && reply.body["code"] == "store_inactive"
    })
    .await;
    assert!(
        !b.enid
            .storage()
            .store(store.id)
            .await
            .unwrap()
            .unwrap()
            .is_active
    );
}

fn product_total(report: &Value, product: i64) -> Option<i64> {
    report["products"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["product_id"] == product)
        .map(|p| p["total"].as_i64().unwrap())
}

async fn report(app: &App, tokens: &Tokens) -> Value {
    app.get("/inventory/report/")
        .bearer(&tokens.access)
        .reply()
        .await
        .ok(200)
        .clone()
}

async fn the_stock_report_is_fresh_on_every_instance(a: &App, b: &App) {
    let staff = a.user(Some((1, Role::Staff))).await;
    let tokens = a.login(&staff).await;
    let warehouse = a
        .post("/warehouses/")
        .bearer(&tokens.access)
        .body_json(&json!({"name": "Bodega"}))
        .reply()
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    let move_in = |quantity: i64| {
        let access = tokens.access.clone();
        async move {
            a.post("/movements/")
                .bearer(&access)
                .body_json(&json!({
                    "product_id": 7, "warehouse_id": warehouse,
                    "movement_type": "in", "quantity": quantity
                }))
                .reply()
                .await
                .ok(201)
                .clone()
        }
    };
    move_in(5).await;
    // Both instances have computed (and cached) the report.
    for app in [a, b] {
        assert_eq!(product_total(&report(app, &tokens).await, 7), Some(5));
    }

    move_in(3).await;
    assert_eq!(
        product_total(&report(a, &tokens).await, 7),
        Some(8),
        "at once where written"
    );
    within_a_second("stock report", || async {
        product_total(&report(b, &tokens).await, 7) == Some(8)
    })
    .await;
    let stored = b
        .enid
        .storage()
        .stock_quantity(1, 7, Some(warehouse))
        .await
        .unwrap();
    assert_eq!(stored, Some(8));
}

/// The names a lead search finds and the overview's total and conversion rate.
async fn lead_reads(app: &App, tokens: &Tokens) -> (Vec<String>, i64, f64) {
    let found = app
        .get("/lead-search/?q=ximena")
        .bearer(&tokens.access)
        .reply()
        .await;
    let names = found.ok(200)["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|lead| lead["name"].as_str().unwrap().to_owned())
        .collect();
    let overview = app
        .get("/lead-metrics/overview/")
        .bearer(&tokens.access)
        .reply()
        .await;
    let overview = overview.ok(200);
    (
        names,
        overview["total_leads"].as_i64().unwrap(),
        overview["conversion_rate"].as_f64().unwrap(),
    )
}

async fn lead_searches_and_overview_are_fresh_on_every_instance(a: &App, b: &App) {
    let staff = a.user(Some((1, Role::Staff))).await;
    let tokens = a.login(&staff).await;
    let intake = |name: &'static str, email: &'static str| async move {
        a.post("/lead/existence/")
            .body_json(&json!({"name": name, "email": email, "lead_type": 1}))
            .reply()
            .await
            .ok(201)["id"]
            .as_i64()
            .unwrap()
    };
    let first = intake("Ximena Ortiz", "xortiz@example.mx").await;
    // Both instances have searched (and cached) the one lead.
    for app in [a, b] {
        assert_eq!(
            lead_reads(app, &tokens).await,
            (vec!["Ximena Ortiz".to_owned()], 1, 0.0)
        );
    }

    intake("Ximena Ruiz", "xruiz@example.mx").await;
    let both = (
        vec!["Ximena Ruiz".to_owned(), "Ximena Ortiz".to_owned()],
        2,
        0.0,
    );
    assert_eq!(lead_reads(a, &tokens).await, both, "at once where written");
    within_a_second("lead search and overview", || async {
        lead_reads(b, &tokens).await == both
    })
    .await;

    b.patch(&format!("/lead/{first}/"))
        .bearer(&tokens.access)
        .body_json(&json!({"status": "converted"}))
        .reply()
        .await
        .ok(200);
    let converted = (both.0.clone(), 2, 50.0);
    assert_eq!(
        lead_reads(b, &tokens).await,
        converted,
        "at once where written"
    );
    within_a_second("lead overview", || async {
        lead_reads(a, &tokens).await == converted
    })
    .await;
}

async fn lost_listener(a: &App, b: &App) {
    let url = a.database_url().to_owned();
    assert_eq!(count_invalidation_listeners(&url).await.unwrap(), 2);
    let user = a.user(Some((1, Role::Customer))).await;
    let first = a.login(&user).await;
    let second = a.login(&user).await;
    for tokens in [&first, &second] {
        assert_eq!(b.profile_status(&tokens.access).await, 200);
    }

    assert_eq!(end_invalidation_listeners(&url).await.unwrap(), 2);
    eventually("the loss is noticed", Duration::from_secs(5), || async {
        !b.enid.hears_invalidations()
    })
    .await;
    // Nothing can reach B now; it reads the database and refuses the token at once.
    logout(a, &first).await;
    assert_eq!(b.profile_status(&first.access).await, 401);
    assert_eq!(b.profile_status(&second.access).await, 200);

    eventually("listening again", Duration::from_secs(10), || async {
        b.enid.hears_invalidations() && a.enid.hears_invalidations()
    })
    .await;
    assert_eq!(count_invalidation_listeners(&url).await.unwrap(), 2);
    // What B kept before the loss was dropped: the session revoked meanwhile stays refused.
    assert_eq!(b.profile_status(&first.access).await, 401);
    // Kept again, and invalidated again through the channel.
    assert_eq!(b.profile_status(&second.access).await, 200);
    logout(a, &second).await;
    refused_within_a_second("logout after listening again", b, &second).await;
}
