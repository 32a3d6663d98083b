//! Redis implementations of the core [`Cache`] and [`RateLimiter`], so that several Enid instances
//! share cached values and rate limits. Both run over one connection pool, see [`RedisBackend`].

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_redis::redis::io::tcp::TcpSettings;
use deadpool_redis::redis::{self, IntoConnectionInfo, Script};
use deadpool_redis::{Connection, Manager, Pool, PoolConfig, Runtime};
use enid_core::cache::Cache;
use enid_core::rate_limit::{RateDecision, RateLimit, RateLimiter};
use enid_core::{Error, Result};
use std::sync::LazyLock;
use std::time::Duration;

/// Prefix of every cache key, so cache entries never collide with other data in the same Redis.
pub const CACHE_KEY_PREFIX: &str = "enid:cache:";

/// Prefix of every rate-limit bucket key.
pub const RATE_LIMIT_KEY_PREFIX: &str = "enid:rl:";

/// How long a request waits for a free pooled connection before failing. The driver already
/// bounds connecting (1 s) and each reply (500 ms); without this, a saturated pool would make
/// requests hang instead of failing.
const POOL_WAIT_TIMEOUT: Duration = Duration::from_secs(5);

/// The GCRA of `enid_core::rate_limit::gcra_step`, run atomically so concurrent checks from any
/// number of instances serialise on the bucket. Arguments are µs since the epoch, the emission
/// interval and the tolerance. Returns 0 when allowed, otherwise the wait in µs (always > 0).
///
/// Lua numbers are doubles, exact for integers below 2^53 µs (year 2255); `tostring` prints them
/// in exponent form and `redis.call`'s own conversion varies across Redis versions, so they are
/// written with `%d`. The key expires when the bucket is full again, which a missing key means too.
const GCRA_LUA: &str = r"
local now = tonumber(ARGV[1])
local emission_interval = tonumber(ARGV[2])
local tolerance = tonumber(ARGV[3])
local stored = redis.call('GET', KEYS[1])
local tat = now
if stored then
  tat = math.max(tonumber(stored), now)
end
local ahead = tat - now
if ahead > tolerance then
  return ahead - tolerance
end
local new_tat = tat + emission_interval
local expire_ms = math.ceil((new_tat - now) / 1000)
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', string.format('%d', expire_ms))
return 0
";

/// Hashed once; `invoke_async` sends EVALSHA and loads the script only when Redis lacks it.
static GCRA_SCRIPT: LazyLock<Script> = LazyLock::new(|| Script::new(GCRA_LUA));

/// A pool of Redis connections that hands out the cache and the rate limiter.
#[derive(Clone, Debug)]
pub struct RedisBackend {
    pool: Pool,
}

impl RedisBackend {
    /// Builds the pool for `url` (`redis://[user:password@]host[:port][/db]`, or `rediss://` for
    /// TLS, verified against the system's root certificates or those of `SSL_CERT_FILE`) and
    /// checks that the server answers.
    pub async fn connect(url: &str) -> Result<Self> {
        // Without TCP_NODELAY, a command written in parts (a large value in several TLS records)
        // waits for the server's delayed acknowledgement before its last part: 40 ms on Linux.
        let info = url
            .into_connection_info()
            .map_err(|err| redis_failure("pool setup", err))?
            .set_tcp_settings(TcpSettings::default().set_nodelay(true));
        let manager = Manager::new(info).map_err(|err| redis_failure("pool setup", err))?;
        let mut pool_config = PoolConfig::default();
        pool_config.timeouts.wait = Some(POOL_WAIT_TIMEOUT);
        let pool = Pool::builder(manager)
            .config(pool_config)
            .runtime(Runtime::Tokio1)
            .build()
            .map_err(|err| redis_failure("pool setup", err))?;
        let backend = Self { pool };
        backend.ping().await?;
        tracing::debug!(tls = url.starts_with("rediss:"), "connected to Redis");
        Ok(backend)
    }

    /// Round-trips a PING, for health checks.
    pub async fn ping(&self) -> Result<()> {
        ping(&self.pool).await
    }

    pub fn cache(&self) -> RedisCache {
        RedisCache {
            pool: self.pool.clone(),
        }
    }

    pub fn rate_limiter(&self) -> RedisRateLimiter {
        RedisRateLimiter {
            pool: self.pool.clone(),
        }
    }
}

/// A [`Cache`] shared by every instance using the same Redis.
#[derive(Clone, Debug)]
pub struct RedisCache {
    pool: Pool,
}

#[async_trait]
impl Cache for RedisCache {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let mut connection = pooled_connection(&self.pool).await?;
        redis::cmd("GET")
            .arg(cache_key(key))
            .query_async(&mut connection)
            .await
            .map_err(|err| redis_failure("GET", err))
    }

    async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<()> {
        // Redis rejects PX 0; an entry that expires at once must still replace the old value.
        if ttl.is_zero() {
            return self.delete(key).await;
        }
        // Rounded up so a sub-millisecond lifetime is not turned into an error.
        let ttl_ms = u64::try_from(ttl.as_micros().div_ceil(1000)).unwrap_or(u64::MAX);
        let mut connection = pooled_connection(&self.pool).await?;
        redis::cmd("SET")
            .arg(cache_key(key))
            .arg(value)
            .arg("PX")
            .arg(ttl_ms)
            .query_async::<()>(&mut connection)
            .await
            .map_err(|err| redis_failure("SET", err))
    }

    async fn delete(&self, key: &str) -> Result<()> {
        let mut connection = pooled_connection(&self.pool).await?;
        redis::cmd("DEL")
            .arg(cache_key(key))
            .query_async::<()>(&mut connection)
            .await
            .map_err(|err| redis_failure("DEL", err))
    }

    async fn ping(&self) -> Result<()> {
        ping(&self.pool).await
    }

    fn is_shared(&self) -> bool {
        true
    }

    /// Every instance reads the same entries: none is this instance's alone.
    async fn clear_local(&self) -> Result<()> {
        Ok(())
    }
}

/// A [`RateLimiter`] whose buckets live in Redis, so all instances count together.
#[derive(Clone, Debug)]
pub struct RedisRateLimiter {
    pool: Pool,
}

#[async_trait]
impl RateLimiter for RedisRateLimiter {
    async fn check(&self, key: &str, limit: RateLimit, now: DateTime<Utc>) -> Result<RateDecision> {
        let mut connection = pooled_connection(&self.pool).await?;
        // The caller's clock, not Redis TIME, so every limiter agrees with an injected clock.
        let wait_us: i64 = GCRA_SCRIPT
            .key(format!("{RATE_LIMIT_KEY_PREFIX}{key}"))
            .arg(now.timestamp_micros())
            .arg(limit.emission_interval_us())
            .arg(limit.tolerance_us())
            .invoke_async(&mut connection)
            .await
            .map_err(|err| redis_failure("rate limit script", err))?;
        Ok(if wait_us > 0 {
            RateDecision::Limited {
                retry_after: Duration::from_micros(wait_us.unsigned_abs()),
            }
        } else {
            RateDecision::Allowed
        })
    }
}

async fn ping(pool: &Pool) -> Result<()> {
    let mut connection = pooled_connection(pool).await?;
    let reply: String = redis::cmd("PING")
        .query_async(&mut connection)
        .await
        .map_err(|err| redis_failure("PING", err))?;
    if reply == "PONG" {
        Ok(())
    } else {
        Err(redis_failure("PING", format!("unexpected reply {reply:?}")))
    }
}

fn cache_key(key: &str) -> String {
    format!("{CACHE_KEY_PREFIX}{key}")
}

async fn pooled_connection(pool: &Pool) -> Result<Connection> {
    pool.get()
        .await
        .map_err(|err| redis_failure("connection", err))
}

/// Names the failed operation for the logs. The causes (driver and pool errors) describe the
/// failure without echoing the URL, so credentials never reach a message.
fn redis_failure(
    operation: &'static str,
    cause: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> Error {
    Error::internal(RedisFailure {
        operation,
        cause: cause.into(),
    })
}

#[derive(Debug, thiserror::Error)]
#[error("redis {operation} failed: {cause}")]
struct RedisFailure {
    operation: &'static str,
    #[source]
    cause: Box<dyn std::error::Error + Send + Sync>,
}

#[cfg(test)]
mod tests {
    use super::{RedisBackend, pooled_connection, redis};

    #[tokio::test]
    async fn connections_send_without_waiting_for_acknowledgements() {
        let Some(url) = crate::testing::redis_url() else {
            return;
        };
        let backend = RedisBackend::connect(&url).await.unwrap();
        let mut connection = pooled_connection(&backend.pool).await.unwrap();
        let info: String = redis::cmd("CLIENT")
            .arg("INFO")
            .query_async(&mut connection)
            .await
            .unwrap();
        // `addr=` is this connection's client end (this process), `laddr=` its server end.
        let port = |name: &str| -> u16 {
            let address = info
                .split_whitespace()
                .find_map(|field| field.strip_prefix(name))
                .unwrap_or_else(|| panic!("{name} in {info}"));
            address.rsplit_once(':').unwrap().1.parse().unwrap()
        };
        let nodelay = crate::tcp_options::nodelay_of_connection(port("addr="), port("laddr="));
        assert_eq!(nodelay, Some(true), "TCP_NODELAY on its socket");
    }
}
