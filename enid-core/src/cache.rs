//! A byte cache with per-entry lifetimes. The in-process cache (moka) serves one instance; the Redis
//! cache in `enid-storage` is shared by all. Callers keep keys namespaced (`store:1:...`) and delete
//! what a write changes; a cache that is not shared hears of other instances' changes through
//! [`crate::invalidation`].

use crate::error::Result;
use crate::rounds::{Rounds, Turn};
use async_trait::async_trait;
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

#[async_trait]
pub trait Cache: Send + Sync {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>>;
    async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<()>;
    async fn delete(&self, key: &str) -> Result<()>;

    /// Checks that the service behind the cache answers (for readiness probes).
    async fn ping(&self) -> Result<()> {
        Ok(())
    }

    /// Whether every instance reads the same entries (Redis): then another instance's change
    /// needs nothing of this one.
    fn is_shared(&self) -> bool {
        false
    }

    /// Drops every entry this instance alone holds (all of an in-process cache, none of a shared
    /// one), when it may have missed other instances' changes.
    async fn clear_local(&self) -> Result<()>;
}

/// Typed helpers over any [`Cache`], storing JSON.
pub async fn get_json<T: serde::de::DeserializeOwned>(
    cache: &dyn Cache,
    key: &str,
) -> Result<Option<T>> {
    Ok(cache
        .get(key)
        .await?
        .and_then(|bytes| serde_json::from_slice(&bytes).ok()))
}

pub async fn set_json<T: serde::Serialize>(
    cache: &dyn Cache,
    key: &str,
    value: &T,
    ttl: Duration,
) -> Result<()> {
    let bytes = serde_json::to_vec(value).map_err(crate::Error::internal)?;
    cache.set(key, &bytes, ttl).await
}

/// The value cached under `key`, else `compute`d and cached for `ttl`. `key` names a `subject`
/// at one revision of its data (`analytics:1:summary` at revision 7); misses of one subject in
/// this process share computations, whatever revision they missed at: one runs at a time, and a
/// caller takes the value of the one that started after it missed — it has seen every write the
/// caller's revision had, so under a stream of writes one computation answers every caller that
/// arrived while the previous one ran — or the value of its own key, when the one that ran was
/// for it. A computation that fails or is dropped leaves its callers to the next one. A cache
/// that cannot be read or written is logged and bypassed.
pub async fn cached_json<T, F>(
    cache: &dyn Cache,
    subject: &str,
    key: &str,
    ttl: Duration,
    compute: F,
) -> Result<T>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
    F: std::future::Future<Output = Result<T>>,
{
    match get_json::<T>(cache, key).await {
        Ok(Some(value)) => return Ok(value),
        Ok(None) => {}
        Err(err) => tracing::warn!(key, error = %err, "cache read failed"),
    }
    let id = (
        std::ptr::from_ref(cache).cast::<()>() as usize,
        subject.to_owned(),
    );
    let round = match COMPUTATIONS.turn(id).await {
        Turn::Answered((_, bytes)) => {
            return serde_json::from_slice(&bytes).map_err(crate::Error::internal);
        }
        Turn::Run(round) => round,
    };
    if let Some((computed, bytes)) = round.last()
        && computed == key
    {
        return serde_json::from_slice(bytes).map_err(crate::Error::internal);
    }
    // Another instance may have computed it meanwhile.
    if let Ok(Some(value)) = get_json::<T>(cache, key).await {
        return Ok(value);
    }
    round.start();
    let value = compute.await?;
    let bytes: Arc<[u8]> = serde_json::to_vec(&value)
        .map_err(crate::Error::internal)?
        .into();
    if let Err(err) = cache.set(key, &bytes, ttl).await {
        tracing::warn!(key, error = %err, "cache write failed");
    }
    round.finish((key.to_owned(), bytes));
    Ok(value)
}

/// The value cached as `name` of the store's `kind` of data at `revision`, else `compute`d (once
/// for all concurrent callers, see [`cached_json`]) and cached for `ttl`.
pub async fn cached_at_revision<T, F>(
    cache: &dyn Cache,
    kind: &str,
    store: crate::stores::StoreId,
    revision: &(dyn std::fmt::Display + Sync),
    name: &str,
    ttl: Duration,
    compute: F,
) -> Result<T>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
    F: std::future::Future<Output = Result<T>>,
{
    let subject = format!("{kind}:{store}:{name}");
    let key = format!("{kind}:{store}:{revision}:{name}");
    cached_json(cache, &subject, &key, ttl, compute).await
}

/// A subject, per cache: two `Enid`s with caches of their own never wait for each other.
type CacheSubject = (usize, String);
/// A computed key and its value, as JSON.
type Computed = (String, Arc<[u8]>);

/// The computations of every subject, with the key and value of the last one.
static COMPUTATIONS: LazyLock<Rounds<CacheSubject, Computed>> = LazyLock::new(Default::default);

/// How long a store's revision is remembered; much longer than anything cached under it lives.
const REVISION_TTL: Duration = Duration::from_secs(24 * 3600);

/// A store's revision of one kind of data (`"stock"`, `"faqs"`): every write of that data gives
/// it a new random value, and whatever is cached for it is keyed by the revision it was computed
/// at, so nothing cached before a write is read after it — on any instance sharing the cache, and
/// on the others once the write's [`Invalidation::CacheKey`](crate::invalidation::Invalidation)
/// has removed their copy of the revision.
pub struct Revision {
    kind: &'static str,
}

impl Revision {
    pub const fn new(kind: &'static str) -> Self {
        Self { kind }
    }

    fn key(&self, store: crate::stores::StoreId) -> String {
        format!("{}:{store}:revision", self.kind)
    }

    /// The store's current revision, or `None` when the cache cannot be read: the caller then
    /// computes without the cache. A revision not found (never written, expired, or removed by
    /// another instance's write) starts anew, so nothing cached under an earlier one is read.
    pub async fn current(
        &self,
        cache: &dyn Cache,
        store: crate::stores::StoreId,
    ) -> Option<String> {
        let key = self.key(store);
        match cache.get(&key).await {
            Ok(Some(found)) => Some(hex::encode(found)),
            Ok(None) => {
                let revision = uuid::Uuid::new_v4();
                if let Err(err) = cache.set(&key, revision.as_bytes(), REVISION_TTL).await {
                    tracing::warn!(kind = self.kind, error = %err, "cache revision write failed");
                    return None;
                }
                Some(hex::encode(revision.as_bytes()))
            }
            Err(err) => {
                tracing::warn!(kind = self.kind, error = %err, "cache revision read failed");
                None
            }
        }
    }

    /// The value cached as `name` at the store's current revision, else `compute`d (once for
    /// all concurrent callers, see [`cached_json`]) and cached for `ttl`. A cache that cannot be
    /// read or written is logged and bypassed.
    pub async fn cached<T, F>(
        &self,
        cache: &dyn Cache,
        store: crate::stores::StoreId,
        name: &str,
        ttl: Duration,
        compute: F,
    ) -> Result<T>
    where
        T: serde::Serialize + serde::de::DeserializeOwned,
        F: std::future::Future<Output = Result<T>>,
    {
        let Some(revision) = self.current(cache, store).await else {
            return compute.await;
        };
        cached_at_revision(cache, self.kind, store, &revision, name, ttl, compute).await
    }

    /// Marks the store's data as changed, on this instance and every other. A cache failure is
    /// logged: the write has been made, and what was cached before it expires with its own
    /// lifetime.
    pub async fn bump(&self, enid: &crate::Enid, store: crate::stores::StoreId) {
        self.renew(enid, store).await;
        enid.cache_key_changed(&self.key(store)).await;
    }

    /// What tells the other instances that the store's data changed, for a write to send as it
    /// commits, saving the round trip of [`bump`](Self::bump)'s own announcement; `None` when
    /// they share this cache. After such a write, [`renew`](Self::renew) marks it here.
    pub fn announcement(
        &self,
        enid: &crate::Enid,
        store: crate::stores::StoreId,
    ) -> Option<crate::invalidation::Invalidation> {
        (!enid.cache().is_shared())
            .then(|| crate::invalidation::Invalidation::CacheKey(self.key(store)))
    }

    /// Marks the store's data as changed on this instance: [`bump`](Self::bump) without telling
    /// the others, for a write that sent its [`announcement`](Self::announcement) itself.
    pub async fn renew(&self, enid: &crate::Enid, store: crate::stores::StoreId) {
        let revision = uuid::Uuid::new_v4();
        if let Err(err) = enid
            .cache()
            .set(&self.key(store), revision.as_bytes(), REVISION_TTL)
            .await
        {
            tracing::warn!(kind = self.kind, error = %err, "cache revision write failed");
        }
    }
}

/// An in-process cache bounded by total bytes.
#[derive(Clone)]
pub struct InProcessCache {
    entries: moka::future::Cache<String, (Arc<[u8]>, Instant)>,
}

impl InProcessCache {
    pub fn new(max_bytes: u64) -> Self {
        let entries = moka::future::Cache::builder()
            .weigher(|key: &String, (value, _): &(Arc<[u8]>, Instant)| {
                u32::try_from(key.len() + value.len()).unwrap_or(u32::MAX)
            })
            .max_capacity(max_bytes)
            .build();
        Self { entries }
    }
}

impl Default for InProcessCache {
    fn default() -> Self {
        Self::new(64 * 1024 * 1024)
    }
}

#[async_trait]
impl Cache for InProcessCache {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        match self.entries.get(key).await {
            Some((value, expires)) if expires > Instant::now() => Ok(Some(value.to_vec())),
            Some(_) => {
                self.entries.invalidate(key).await;
                Ok(None)
            }
            None => Ok(None),
        }
    }

    async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<()> {
        self.entries
            .insert(key.to_owned(), (Arc::from(value), Instant::now() + ttl))
            .await;
        Ok(())
    }

    async fn delete(&self, key: &str) -> Result<()> {
        self.entries.invalidate(key).await;
        Ok(())
    }

    async fn clear_local(&self) -> Result<()> {
        self.entries.invalidate_all();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const TTL: Duration = Duration::from_secs(60);

    /// Misses at later revisions, arriving while a computation runs, take none of its value:
    /// they share the one after it.
    #[tokio::test]
    async fn later_misses_share_the_next_computation() {
        let cache = InProcessCache::default();
        let computations = AtomicUsize::new(0);
        let (started, running) = tokio::sync::oneshot::channel::<()>();
        let (release, held) = tokio::sync::oneshot::channel::<()>();
        let first = cached_json(&cache, "metric", "metric@1", TTL, async {
            computations.fetch_add(1, Ordering::SeqCst);
            started.send(()).unwrap();
            held.await.unwrap();
            Ok(1)
        });
        let miss = |revision: i32| {
            let (cache, computations) = (&cache, &computations);
            async move {
                let key = format!("metric@{revision}");
                cached_json(cache, "metric", &key, TTL, async move {
                    computations.fetch_add(1, Ordering::SeqCst);
                    Ok(revision * 10)
                })
                .await
                .unwrap()
            }
        };
        let later = async {
            running.await.unwrap();
            let releaser = async {
                // The misses queue behind the running computation before it ends.
                for _ in 0..10 {
                    tokio::task::yield_now().await;
                }
                release.send(()).unwrap();
            };
            let (a, b, c, d, ()) = tokio::join!(miss(2), miss(3), miss(4), miss(5), releaser);
            [a, b, c, d]
        };
        let (first, later) = tokio::join!(first, later);
        assert_eq!(first.unwrap(), 1);
        // One of them computed for all, after the first computation.
        assert!(later.iter().all(|&v| v == later[0] && v >= 20), "{later:?}");
        assert_eq!(computations.load(Ordering::SeqCst), 2);
    }
}
