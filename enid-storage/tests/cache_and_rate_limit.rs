//! One suite, written against the `Cache` and `RateLimiter` traits, run on the in-process
//! implementations always and on Redis when `ENID_TEST_REDIS_URL` names a server. Without that
//! variable each Redis test reports itself skipped on stderr, unless `ENID_TEST_REQUIRE_REDIS=1`
//! makes it fail (CI).
//! Every check uses fresh uuid keys, so runs share one Redis and go in parallel.

use chrono::{DateTime, TimeDelta, Utc};
use enid_core::cache::Cache;
use enid_core::rate_limit::{RateDecision, RateLimit, RateLimiter, gcra_step};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

fn unique_key(label: &str) -> String {
    format!("test:{label}:{}", Uuid::new_v4())
}

/// A fixed instant of today's magnitude with a microsecond fraction: timestamps near 1.8e15 µs
/// are where a script that formats numbers as doubles would lose digits.
fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-05-01T12:00:00.123456Z")
        .expect("valid timestamp")
        .to_utc()
}

fn after(at: DateTime<Utc>, micros: i64) -> DateTime<Utc> {
    at + TimeDelta::microseconds(micros)
}

async fn check(
    limiter: &dyn RateLimiter,
    key: &str,
    limit: RateLimit,
    now: DateTime<Utc>,
) -> RateDecision {
    limiter
        .check(key, limit, now)
        .await
        .expect("rate limit check")
}

fn limited(retry_after: Duration) -> RateDecision {
    RateDecision::Limited { retry_after }
}

// ---- Cache checks ----

async fn ping_answers(cache: &dyn Cache) {
    cache.ping().await.unwrap();
}

async fn missing_key_is_absent(cache: &dyn Cache) {
    assert_eq!(cache.get(&unique_key("missing")).await.unwrap(), None);
}

async fn set_then_get_round_trips(cache: &dyn Cache) {
    let key = unique_key("round-trip");
    cache
        .set(&key, b"{\"name\":\"Mancuerna\"}", Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(
        cache.get(&key).await.unwrap(),
        Some(b"{\"name\":\"Mancuerna\"}".to_vec())
    );
}

async fn set_overwrites_value(cache: &dyn Cache) {
    let key = unique_key("overwrite");
    cache
        .set(&key, b"first", Duration::from_secs(60))
        .await
        .unwrap();
    cache
        .set(&key, b"second", Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(cache.get(&key).await.unwrap(), Some(b"second".to_vec()));
}

async fn delete_removes_entry(cache: &dyn Cache) {
    let key = unique_key("delete");
    let other = unique_key("delete-other");
    cache
        .set(&key, b"gone soon", Duration::from_secs(60))
        .await
        .unwrap();
    cache
        .set(&other, b"stays", Duration::from_secs(60))
        .await
        .unwrap();
    cache.delete(&key).await.unwrap();
    assert_eq!(cache.get(&key).await.unwrap(), None);
    assert_eq!(cache.get(&other).await.unwrap(), Some(b"stays".to_vec()));
    // Deleting what is not there is not an error: invalidation runs blind.
    cache.delete(&key).await.unwrap();
}

async fn entry_expires_after_ttl(cache: &dyn Cache) {
    let key = unique_key("expiry");
    cache
        .set(&key, b"short-lived", Duration::from_millis(200))
        .await
        .unwrap();
    assert_eq!(
        cache.get(&key).await.unwrap(),
        Some(b"short-lived".to_vec())
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(cache.get(&key).await.unwrap(), None);
}

async fn zero_ttl_replaces_and_expires_at_once(cache: &dyn Cache) {
    let key = unique_key("zero-ttl");
    cache
        .set(&key, b"old", Duration::from_secs(60))
        .await
        .unwrap();
    cache.set(&key, b"new", Duration::ZERO).await.unwrap();
    assert_eq!(cache.get(&key).await.unwrap(), None);
}

async fn binary_values_and_keys_survive(cache: &dyn Cache) {
    let every_byte: Vec<u8> = (0..=255).collect();
    let key = format!("{}:ñandú café/ü {{1}}", unique_key("binary"));
    cache
        .set(&key, &every_byte, Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(cache.get(&key).await.unwrap(), Some(every_byte));

    // An empty value is a hit, not a miss.
    let empty_key = unique_key("empty");
    cache
        .set(&empty_key, b"", Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(cache.get(&empty_key).await.unwrap(), Some(Vec::new()));
}

// ---- Rate limiter checks ----

async fn burst_of_max_then_limited(limiter: &dyn RateLimiter) {
    // 200 ms between requests, a burst of 5.
    let limit = RateLimit::new(5, Duration::from_secs(1));
    let key = unique_key("burst");
    let now = start();
    for request in 1..=5 {
        assert_eq!(
            check(limiter, &key, limit, now).await,
            RateDecision::Allowed,
            "request {request} of the burst"
        );
    }
    assert_eq!(
        check(limiter, &key, limit, now).await,
        limited(Duration::from_millis(200))
    );
    // A refused request spends nothing: asking again gets the same answer.
    assert_eq!(
        check(limiter, &key, limit, now).await,
        limited(Duration::from_millis(200))
    );
    assert_eq!(
        check(limiter, &key, limit, after(now, 50_000)).await,
        limited(Duration::from_millis(150))
    );
}

async fn keys_are_independent(limiter: &dyn RateLimiter) {
    let limit = RateLimit::new(2, Duration::from_secs(60));
    let first = unique_key("client-a");
    let second = unique_key("client-b");
    let now = start();
    for _ in 0..2 {
        assert_eq!(
            check(limiter, &first, limit, now).await,
            RateDecision::Allowed
        );
    }
    assert_eq!(
        check(limiter, &first, limit, now).await,
        limited(Duration::from_secs(30))
    );
    for _ in 0..2 {
        assert_eq!(
            check(limiter, &second, limit, now).await,
            RateDecision::Allowed
        );
    }
    assert_eq!(
        check(limiter, &second, limit, now).await,
        limited(Duration::from_secs(30))
    );
}

async fn budget_refills_as_time_passes(limiter: &dyn RateLimiter) {
    // One request per second, a burst of 3.
    let limit = RateLimit::new(3, Duration::from_secs(3));
    let key = unique_key("refill");
    let now = start();
    for _ in 0..3 {
        assert_eq!(
            check(limiter, &key, limit, now).await,
            RateDecision::Allowed
        );
    }
    assert_eq!(
        check(limiter, &key, limit, after(now, 999_999)).await,
        limited(Duration::from_micros(1))
    );
    let one_second_later = after(now, 1_000_000);
    assert_eq!(
        check(limiter, &key, limit, one_second_later).await,
        RateDecision::Allowed
    );
    assert_eq!(
        check(limiter, &key, limit, one_second_later).await,
        limited(Duration::from_secs(1))
    );
    // However long the key was idle, the burst stays capped at `max`.
    let an_hour_later = after(now, 3_600_000_000);
    for _ in 0..3 {
        assert_eq!(
            check(limiter, &key, limit, an_hour_later).await,
            RateDecision::Allowed
        );
    }
    assert_eq!(
        check(limiter, &key, limit, an_hour_later).await,
        limited(Duration::from_secs(1))
    );
}

/// Callers namespace keys per limit (`login:..`, `intake:..`); exhausting one limit for a client
/// must leave its other limits whole, each with its own arithmetic.
async fn limits_keep_separate_buckets(limiter: &dyn RateLimiter) {
    let client = Uuid::new_v4();
    let login_key = format!("login:{client}");
    let intake_key = format!("intake:{client}");
    let login = RateLimit::new(2, Duration::from_secs(60));
    let intake = RateLimit::new(4, Duration::from_secs(1));
    let now = start();
    for _ in 0..2 {
        assert_eq!(
            check(limiter, &login_key, login, now).await,
            RateDecision::Allowed
        );
    }
    assert_eq!(
        check(limiter, &login_key, login, now).await,
        limited(Duration::from_secs(30))
    );
    for _ in 0..4 {
        assert_eq!(
            check(limiter, &intake_key, intake, now).await,
            RateDecision::Allowed
        );
    }
    assert_eq!(
        check(limiter, &intake_key, intake, now).await,
        limited(Duration::from_millis(250))
    );
}

/// Every decision equals `gcra_step`'s, with an emission interval that does not divide evenly,
/// irregular gaps, and a clock that steps back (instances whose clocks disagree).
async fn decisions_match_reference_arithmetic(limiter: &dyn RateLimiter) {
    let limit = RateLimit::new(7, Duration::from_secs(10));
    let key = unique_key("reference");
    let gaps_us = [
        0, 1, 999, 250_000, 1_428_571, 3, -300_000, 700_000, 0, 5_000_000, 1_428_570,
    ];
    let mut now_us = start().timestamp_micros();
    let mut stored_tat = None;
    let (mut allowed, mut refused) = (0, 0);
    for step in 0..220 {
        now_us += gaps_us[step % gaps_us.len()];
        let now = DateTime::from_timestamp_micros(now_us).expect("timestamp in range");
        let (expected, new_tat) = gcra_step(stored_tat, limit, now_us);
        stored_tat = new_tat.or(stored_tat);
        let decision = check(limiter, &key, limit, now).await;
        assert_eq!(decision, expected, "step {step}");
        match decision {
            RateDecision::Allowed => allowed += 1,
            RateDecision::Limited { .. } => refused += 1,
        }
    }
    // The sequence exercises both outcomes, so agreement means something.
    assert!(
        allowed > 20 && refused > 20,
        "{allowed} allowed, {refused} refused"
    );
}

/// 50 simultaneous requests against a budget of 10: exactly 10 pass. `instances` are limiters
/// that should share state, e.g. two Redis connections standing for two Enid processes.
async fn exactly_max_allowed_under_concurrency(instances: &[Arc<dyn RateLimiter>]) {
    let limit = RateLimit::new(10, Duration::from_secs(60));
    let key = unique_key("concurrent");
    let now = start();
    let mut requests = tokio::task::JoinSet::new();
    for request in 0..50 {
        let limiter = Arc::clone(&instances[request % instances.len()]);
        let key = key.clone();
        requests.spawn(async move { limiter.check(&key, limit, now).await });
    }
    let decisions: Vec<RateDecision> = requests
        .join_all()
        .await
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("rate limit check");
    let allowed = decisions
        .iter()
        .filter(|decision| **decision == RateDecision::Allowed)
        .count();
    assert_eq!(allowed, 10);
    assert_eq!(decisions.len() - allowed, 40);
}

/// A cache entry and a rate-limit bucket with the same caller key do not touch each other.
async fn cache_and_limiter_do_not_collide(cache: &dyn Cache, limiter: &dyn RateLimiter) {
    let key = unique_key("shared-name");
    let limit = RateLimit::new(1, Duration::from_secs(60));
    cache
        .set(&key, b"not a timestamp", Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(
        check(limiter, &key, limit, start()).await,
        RateDecision::Allowed
    );
    assert_eq!(
        check(limiter, &key, limit, start()).await,
        limited(Duration::from_secs(60))
    );
    assert_eq!(
        cache.get(&key).await.unwrap(),
        Some(b"not a timestamp".to_vec())
    );
}

// ---- The runs ----

/// Generates one test per check and implementation. `$make` builds the implementation under
/// test, or returns `None` when it is not available (Redis not configured).
macro_rules! run_checks {
    ($(#[$attribute:meta])* $module:ident, $make:expr, $($check:ident),+ $(,)?) => {
        $(#[$attribute])*
        mod $module {
            $(
                #[tokio::test]
                async fn $check() {
                    if let Some(implementation) = $make.await {
                        super::$check(&implementation).await;
                    }
                }
            )+
        }
    };
}

run_checks!(
    in_process_cache,
    async { Some(enid_core::cache::InProcessCache::default()) },
    ping_answers,
    missing_key_is_absent,
    set_then_get_round_trips,
    set_overwrites_value,
    delete_removes_entry,
    entry_expires_after_ttl,
    zero_ttl_replaces_and_expires_at_once,
    binary_values_and_keys_survive,
);

run_checks!(
    in_process_rate_limiter,
    async { Some(enid_core::rate_limit::InProcessRateLimiter::new()) },
    burst_of_max_then_limited,
    keys_are_independent,
    budget_refills_as_time_passes,
    limits_keep_separate_buckets,
    decisions_match_reference_arithmetic,
);

mod in_process {
    use enid_core::cache::InProcessCache;
    use enid_core::rate_limit::{InProcessRateLimiter, RateLimiter};
    use std::sync::Arc;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn exactly_max_allowed_under_concurrency() {
        let limiter: Arc<dyn RateLimiter> = Arc::new(InProcessRateLimiter::new());
        super::exactly_max_allowed_under_concurrency(&[limiter]).await;
    }

    #[tokio::test]
    async fn cache_and_limiter_do_not_collide() {
        super::cache_and_limiter_do_not_collide(
            &InProcessCache::default(),
            &InProcessRateLimiter::new(),
        )
        .await;
    }
}

#[cfg(feature = "redis")]
mod redis {
    use enid_core::ErrorKind;
    use enid_core::cache::Cache;
    use enid_core::rate_limit::{RateLimit, RateLimiter};
    use enid_storage::redis::{CACHE_KEY_PREFIX, RATE_LIMIT_KEY_PREFIX, RedisBackend};
    use std::sync::Arc;
    use std::time::Duration;

    pub(super) async fn backend() -> Option<RedisBackend> {
        let url = enid_storage::testing::redis_url()?;
        // The URL may hold a password, so it stays out of the message.
        let backend = RedisBackend::connect(&url)
            .await
            .unwrap_or_else(|err| panic!("cannot use the Redis at ENID_TEST_REDIS_URL: {err}"));
        Some(backend)
    }

    pub(super) async fn cache() -> Option<impl Cache> {
        Some(backend().await?.cache())
    }

    pub(super) async fn rate_limiter() -> Option<impl RateLimiter> {
        Some(backend().await?.rate_limiter())
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn exactly_max_allowed_under_concurrency() {
        // Two pools stand for two Enid instances behind a load balancer.
        let (Some(first), Some(second)) = (backend().await, backend().await) else {
            return;
        };
        let instances: [Arc<dyn RateLimiter>; 2] = [
            Arc::new(first.rate_limiter()),
            Arc::new(second.rate_limiter()),
        ];
        super::exactly_max_allowed_under_concurrency(&instances).await;
    }

    #[tokio::test]
    async fn cache_and_limiter_do_not_collide() {
        if let Some(backend) = backend().await {
            super::cache_and_limiter_do_not_collide(&backend.cache(), &backend.rate_limiter())
                .await;
        }
    }

    /// Keys carry the documented prefixes and an expiry, so nothing piles up in Redis.
    #[tokio::test]
    async fn stored_keys_are_prefixed_and_expire() {
        let Some(url) = enid_storage::testing::redis_url() else {
            return;
        };
        let backend = RedisBackend::connect(&url).await.unwrap();
        let client = deadpool_redis::redis::Client::open(url.as_str()).unwrap();
        let mut inspector = client.get_multiplexed_async_connection().await.unwrap();
        let pttl = |key: String| {
            let mut inspector = inspector.clone();
            async move {
                deadpool_redis::redis::cmd("PTTL")
                    .arg(key)
                    .query_async::<i64>(&mut inspector)
                    .await
                    .unwrap()
            }
        };

        let cache_key = super::unique_key("layout");
        backend
            .cache()
            .set(&cache_key, b"x", Duration::from_secs(60))
            .await
            .unwrap();
        let cache_ttl_ms = pttl(format!("{CACHE_KEY_PREFIX}{cache_key}")).await;
        assert!(
            (55_000..=60_000).contains(&cache_ttl_ms),
            "cache PTTL {cache_ttl_ms}"
        );

        // The bucket lives until it is full again: one emission interval (12 s) after a single
        // request, measured from the `now` passed in.
        let bucket_key = super::unique_key("layout");
        let limit = RateLimit::new(5, Duration::from_secs(60));
        backend
            .rate_limiter()
            .check(&bucket_key, limit, chrono::Utc::now())
            .await
            .unwrap();
        let bucket_key = format!("{RATE_LIMIT_KEY_PREFIX}{bucket_key}");
        let bucket_ttl_ms = pttl(bucket_key.clone()).await;
        assert!(
            (7_000..=12_000).contains(&bucket_ttl_ms),
            "bucket PTTL {bucket_ttl_ms}"
        );
        let stored: String = deadpool_redis::redis::cmd("GET")
            .arg(&bucket_key)
            .query_async(&mut inspector)
            .await
            .unwrap();
        assert!(
            stored.bytes().all(|byte| byte.is_ascii_digit()),
            "stored arrival time {stored:?} is a plain integer"
        );
    }

    /// Runs without a server: an unreachable Redis fails as an internal error whose text, shown
    /// in logs, does not repeat the password from the URL.
    #[tokio::test]
    async fn connection_failure_hides_credentials() {
        let err = RedisBackend::connect("redis://enid:s3cret-Passw0rd@127.0.0.1:1/0")
            .await
            .expect_err("nothing listens on port 1");
        assert_eq!(err.kind, ErrorKind::Internal);
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains("s3cret-Passw0rd"), "{text}");
        }
    }
}

run_checks!(
    #[cfg(feature = "redis")]
    redis_cache,
    super::redis::cache(),
    ping_answers,
    missing_key_is_absent,
    set_then_get_round_trips,
    set_overwrites_value,
    delete_removes_entry,
    entry_expires_after_ttl,
    zero_ttl_replaces_and_expires_at_once,
    binary_values_and_keys_survive,
);

run_checks!(
    #[cfg(feature = "redis")]
    redis_rate_limiter,
    super::redis::rate_limiter(),
    burst_of_max_then_limited,
    keys_are_independent,
    budget_refills_as_time_passes,
    limits_keep_separate_buckets,
    decisions_match_reference_arithmetic,
);
