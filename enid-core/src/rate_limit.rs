//! Rate limits as a generic cell-rate algorithm (a token bucket that stores one timestamp per key):
//! `max` requests per `per`, refilled evenly. The in-process limiter below serves one instance; the
//! Redis limiter in `enid-storage` runs the same arithmetic in a script so instances share it.

use crate::error::{Error, Result};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

/// `max` requests per `per`, e.g. `10/min`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub max: u32,
    pub per: Duration,
}

impl RateLimit {
    pub fn new(max: u32, per: Duration) -> Self {
        assert!(
            max > 0 && !per.is_zero(),
            "a rate limit allows at least one request"
        );
        Self { max, per }
    }

    /// Parses `10/min`, `600/m`, `5/s`, `100/h`, `1000/d`; `off` (or `none`) means no limit.
    pub fn parse(value: &str) -> Result<Option<Self>> {
        let value = value.trim();
        if matches!(value.to_ascii_lowercase().as_str(), "off" | "none" | "0") {
            return Ok(None);
        }
        let invalid = || {
            Error::bad_request(
                "invalid_rate_limit",
                format!("Invalid rate limit '{value}' (use e.g. 10/min or off)."),
            )
        };
        let (max, unit) = value.split_once('/').ok_or_else(invalid)?;
        let max: u32 = max.trim().parse().map_err(|_| invalid())?;
        let per = match unit.trim() {
            "s" | "sec" | "second" => Duration::from_secs(1),
            "m" | "min" | "minute" => Duration::from_secs(60),
            "h" | "hour" => Duration::from_secs(3600),
            "d" | "day" => Duration::from_secs(86_400),
            _ => return Err(invalid()),
        };
        if max == 0 {
            return Err(invalid());
        }
        Ok(Some(Self::new(max, per)))
    }

    /// Microseconds between two evenly spaced requests.
    pub fn emission_interval_us(&self) -> i64 {
        (self.per.as_micros() as i64 / i64::from(self.max)).max(1)
    }

    /// How far ahead of now the bucket may run: the burst of `max` requests.
    pub fn tolerance_us(&self) -> i64 {
        self.per.as_micros() as i64 - self.emission_interval_us()
    }
}

impl fmt::Debug for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}s", self.max, self.per.as_secs_f64())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateDecision {
    Allowed,
    Limited { retry_after: Duration },
}

#[async_trait]
pub trait RateLimiter: Send + Sync {
    /// Counts one request under `key` and says whether it may proceed.
    async fn check(&self, key: &str, limit: RateLimit, now: DateTime<Utc>) -> Result<RateDecision>;
}

/// Advances a bucket whose theoretical arrival time is `stored_tat` (µs since the epoch).
/// Returns the decision and, when allowed, the new arrival time to store.
pub fn gcra_step(
    stored_tat: Option<i64>,
    limit: RateLimit,
    now_us: i64,
) -> (RateDecision, Option<i64>) {
    let tat = stored_tat.unwrap_or(now_us).max(now_us);
    let ahead = tat - now_us;
    if ahead > limit.tolerance_us() {
        let wait_us = (ahead - limit.tolerance_us()) as u64;
        return (
            RateDecision::Limited {
                retry_after: Duration::from_micros(wait_us),
            },
            None,
        );
    }
    (
        RateDecision::Allowed,
        Some(tat + limit.emission_interval_us()),
    )
}

/// Rate limiting within one process.
#[derive(Debug, Default)]
pub struct InProcessRateLimiter {
    buckets: Mutex<HashMap<String, i64>>,
}

/// Buckets are swept of expired entries once the map grows past this size.
const SWEEP_THRESHOLD: usize = 10_000;

impl InProcessRateLimiter {
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl RateLimiter for InProcessRateLimiter {
    async fn check(&self, key: &str, limit: RateLimit, now: DateTime<Utc>) -> Result<RateDecision> {
        let now_us = now.timestamp_micros();
        let mut buckets = self.buckets.lock().expect("rate limiter lock");
        let (decision, new_tat) = gcra_step(buckets.get(key).copied(), limit, now_us);
        if let Some(tat) = new_tat {
            if buckets.len() >= SWEEP_THRESHOLD && !buckets.contains_key(key) {
                buckets.retain(|_, tat| *tat > now_us);
            }
            buckets.insert(key.to_owned(), tat);
        }
        Ok(decision)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_limits() {
        assert_eq!(
            RateLimit::parse("10/min").unwrap(),
            Some(RateLimit::new(10, Duration::from_secs(60)))
        );
        assert_eq!(RateLimit::parse("off").unwrap(), None);
        assert!(RateLimit::parse("ten/min").is_err());
        assert!(RateLimit::parse("10/fortnight").is_err());
        assert!(RateLimit::parse("10").is_err());
    }

    #[test]
    fn burst_then_even_refill() {
        let limit = RateLimit::new(3, Duration::from_secs(3));
        let mut tat = None;
        for _ in 0..3 {
            let (decision, next) = gcra_step(tat, limit, 0);
            assert_eq!(decision, RateDecision::Allowed);
            tat = next;
        }
        let (decision, _) = gcra_step(tat, limit, 0);
        assert_eq!(
            decision,
            RateDecision::Limited {
                retry_after: Duration::from_secs(1)
            }
        );
        let (decision, _) = gcra_step(tat, limit, 1_000_000);
        assert_eq!(decision, RateDecision::Allowed);
    }
}
