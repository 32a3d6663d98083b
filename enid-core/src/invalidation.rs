//! Invalidations: what a write makes stale in what an instance keeps in process — the callers
//! behind access tokens, store lookups, and the cache when it is not shared (the in-process one).
//!
//! A storage hands the invalidations of its own writes to its instance as soon as they commit and,
//! when several instances share the database, to every other one: PostgreSQL sends them with
//! `NOTIFY` inside the writing transaction, so they go out exactly when the write commits and
//! never for a write that rolled back. An instance that loses that channel serves from the
//! database alone until it listens again and has dropped everything it kept.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use async_trait::async_trait;
use uuid::Uuid;

use crate::auth::{Principal, UserId};
use crate::cache::Cache;
use crate::error::Result;
use crate::stores::{Store, StoreId};

/// Something a write changed that instances may keep in process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalidation {
    /// A session ended (logout, a refresh token presented again).
    Session(Uuid),
    /// Something of a user's principal changed: its name, its password (which ends its other
    /// sessions), a membership's role or activity, a membership gained.
    User(UserId),
    /// A store's name or activity changed.
    Store(StoreId),
    /// A key of the cache was replaced or deleted (a revision moved on).
    CacheKey(String),
}

impl Invalidation {
    /// The text form carried by the event channel.
    pub fn encode(&self) -> String {
        match self {
            Invalidation::Session(id) => format!("session {}", id.simple()),
            Invalidation::User(id) => format!("user {id}"),
            Invalidation::Store(id) => format!("store {id}"),
            Invalidation::CacheKey(key) => format!("key {key}"),
        }
    }

    /// Reads [`Self::encode`]'s form; `None` for anything else.
    pub fn decode(text: &str) -> Option<Self> {
        let (kind, value) = text.split_once(' ')?;
        match kind {
            "session" => Uuid::parse_str(value).ok().map(Invalidation::Session),
            "user" => value.parse().ok().map(Invalidation::User),
            "store" => value.parse().ok().map(Invalidation::Store),
            "key" if !value.is_empty() => Some(Invalidation::CacheKey(value.to_owned())),
            _ => None,
        }
    }
}

/// What receives a storage's invalidations: an instance's caches.
#[async_trait]
pub trait InvalidationSink: Send + Sync {
    async fn invalidate(&self, invalidation: &Invalidation);

    /// The channel from other instances is lost: their invalidations go unseen until
    /// [`Self::resubscribed`].
    fn channel_lost(&self);

    /// Listening again: what was kept meanwhile may be stale.
    async fn resubscribed(&self);
}

/// The sinks subscribed to one storage.
#[derive(Default)]
pub struct InvalidationSinks {
    sinks: RwLock<Vec<Arc<dyn InvalidationSink>>>,
}

impl InvalidationSinks {
    pub fn add(&self, sink: Arc<dyn InvalidationSink>) {
        self.sinks
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .push(sink);
    }

    fn all(&self) -> Vec<Arc<dyn InvalidationSink>> {
        self.sinks
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub async fn deliver(&self, invalidation: &Invalidation) {
        for sink in self.all() {
            sink.invalidate(invalidation).await;
        }
    }

    pub fn channel_lost(&self) {
        for sink in self.all() {
            sink.channel_lost();
        }
    }

    pub async fn resubscribed(&self) {
        for sink in self.all() {
            sink.resubscribed().await;
        }
    }
}

/// How long a principal or a store is kept at most: a bound on staleness should an invalidation
/// be lost without the channel noticing. Invalidations make a change seen at once.
const KEPT_AT_MOST: Duration = Duration::from_secs(60);
/// Principals kept at most (one per session in use).
const PRINCIPALS_CAPACITY: u64 = 100_000;
/// Stores kept at most.
const STORES_CAPACITY: u64 = 10_000;

/// What one instance keeps in process and invalidates on every [`Invalidation`]: principals by
/// session, stores by id, and the cache's entries when the cache is this instance's own.
pub(crate) struct InstanceCaches {
    principals: moka::future::Cache<Uuid, Principal>,
    stores: moka::future::Cache<StoreId, Store>,
    cache: Arc<dyn Cache>,
    /// Whether invalidations from other instances arrive; while not, nothing kept is used.
    live: Arc<AtomicBool>,
    /// Moves on with every invalidation: a value read from the database while it moved may be
    /// stale, and is not kept.
    generation: AtomicU64,
}

impl InstanceCaches {
    pub fn new(cache: Arc<dyn Cache>, live: Arc<AtomicBool>) -> Self {
        Self {
            principals: moka::future::Cache::builder()
                .max_capacity(PRINCIPALS_CAPACITY)
                .time_to_live(KEPT_AT_MOST)
                .support_invalidation_closures()
                .build(),
            stores: moka::future::Cache::builder()
                .max_capacity(STORES_CAPACITY)
                .time_to_live(KEPT_AT_MOST)
                .build(),
            cache,
            live,
            generation: AtomicU64::new(0),
        }
    }

    pub fn is_live(&self) -> bool {
        self.live.load(Ordering::SeqCst)
    }

    /// The principal of `session_id`, kept or `load`ed (and then kept when it is live).
    pub async fn principal<F>(
        &self,
        user_id: UserId,
        session_id: Uuid,
        load: F,
    ) -> Result<Option<Principal>>
    where
        F: Future<Output = Result<Option<Principal>>>,
    {
        let found = self
            .read_through(&self.principals, session_id, load)
            .await?;
        // A session belongs to one user; a token naming another one is not its.
        Ok(found.filter(|principal| principal.user.id == user_id))
    }

    /// The store `id`, kept or `load`ed.
    pub async fn store<F>(&self, id: StoreId, load: F) -> Result<Option<Store>>
    where
        F: Future<Output = Result<Option<Store>>>,
    {
        self.read_through(&self.stores, id, load).await
    }

    async fn read_through<K, V, F>(
        &self,
        kept: &moka::future::Cache<K, V>,
        key: K,
        load: F,
    ) -> Result<Option<V>>
    where
        K: std::hash::Hash + Eq + Clone + Send + Sync + 'static,
        V: Clone + Send + Sync + 'static,
        F: Future<Output = Result<Option<V>>>,
    {
        if !self.is_live() {
            return load.await;
        }
        if let Some(value) = kept.get(&key).await {
            return Ok(Some(value));
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let loaded = load.await?;
        if let Some(value) = &loaded {
            kept.insert(key.clone(), value.clone()).await;
            // An invalidation handled since the load began may concern what it read. It moves
            // the generation before invalidating, so either that is seen here or its
            // invalidation comes after this insert.
            if self.generation.load(Ordering::SeqCst) != generation || !self.is_live() {
                kept.invalidate(&key).await;
            }
        }
        Ok(loaded)
    }

    async fn forget_everything(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.principals.invalidate_all();
        self.stores.invalidate_all();
        if !self.cache.is_shared()
            && let Err(err) = self.cache.clear_local().await
        {
            tracing::warn!(error = %err, "cannot clear the in-process cache");
        }
    }
}

#[async_trait]
impl InvalidationSink for InstanceCaches {
    async fn invalidate(&self, invalidation: &Invalidation) {
        if !matches!(invalidation, Invalidation::CacheKey(_)) {
            self.generation.fetch_add(1, Ordering::SeqCst);
        }
        match invalidation {
            Invalidation::Session(id) => self.principals.invalidate(id).await,
            Invalidation::User(user_id) => {
                let user_id = *user_id;
                if self
                    .principals
                    .invalidate_entries_if(move |_, principal| principal.user.id == user_id)
                    .is_err()
                {
                    self.principals.invalidate_all();
                }
            }
            Invalidation::Store(id) => {
                self.stores.invalidate(id).await;
                // Principals name the stores of their memberships.
                self.principals.invalidate_all();
            }
            Invalidation::CacheKey(key) => {
                // A shared cache already holds what the writer put there.
                if !self.cache.is_shared()
                    && let Err(err) = self.cache.delete(key).await
                {
                    tracing::warn!(error = %err, "cannot invalidate an in-process cache entry");
                }
            }
        }
    }

    fn channel_lost(&self) {
        self.live.store(false, Ordering::SeqCst);
    }

    async fn resubscribed(&self) {
        self.forget_everything().await;
        self.live.store(true, Ordering::SeqCst);
    }
}

/// The cache as an instance uses it: a cache of its own (in process) is bypassed while
/// invalidations from other instances may be missed — reads miss and writes are dropped — and
/// cleared before they are heard again. A shared cache is used as it is.
pub(crate) struct GuardedCache {
    inner: Arc<dyn Cache>,
    live: Arc<AtomicBool>,
}

impl GuardedCache {
    pub fn new(inner: Arc<dyn Cache>, live: Arc<AtomicBool>) -> Self {
        Self { inner, live }
    }

    fn bypassed(&self) -> bool {
        !self.inner.is_shared() && !self.live.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl Cache for GuardedCache {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        if self.bypassed() {
            return Ok(None);
        }
        self.inner.get(key).await
    }

    async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<()> {
        if self.bypassed() {
            return Ok(());
        }
        self.inner.set(key, value, ttl).await
    }

    async fn delete(&self, key: &str) -> Result<()> {
        self.inner.delete(key).await
    }

    async fn ping(&self) -> Result<()> {
        self.inner.ping().await
    }

    fn is_shared(&self) -> bool {
        self.inner.is_shared()
    }

    async fn clear_local(&self) -> Result<()> {
        self.inner.clear_local().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::User;
    use crate::cache::InProcessCache;

    fn principal(user_id: UserId, name: &str) -> Principal {
        let now = chrono::Utc::now();
        Principal {
            user: User {
                id: user_id,
                email: format!("u{user_id}@example.mx"),
                name: name.to_owned(),
                is_superuser: false,
                created_at: now,
                updated_at: now,
            },
            session_id: Uuid::new_v4(),
            memberships: Vec::new(),
        }
    }

    fn caches() -> InstanceCaches {
        InstanceCaches::new(
            Arc::new(InProcessCache::default()),
            Arc::new(AtomicBool::new(true)),
        )
    }

    /// Reads through `caches`, answering `answer` when the database is asked.
    async fn read(caches: &InstanceCaches, session: Uuid, answer: &Principal) -> Option<Principal> {
        caches
            .principal(answer.user.id, session, async { Ok(Some(answer.clone())) })
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn principals_are_kept_until_invalidated() {
        let caches = caches();
        let session = Uuid::new_v4();
        let (before, after) = (principal(1, "Ana"), principal(1, "Ana María"));
        assert_eq!(read(&caches, session, &before).await, Some(before.clone()));
        assert_eq!(
            read(&caches, session, &after).await,
            Some(before.clone()),
            "kept"
        );
        for invalidation in [Invalidation::Session(session), Invalidation::User(1)] {
            caches.invalidate(&invalidation).await;
            assert_eq!(read(&caches, session, &after).await, Some(after.clone()));
            assert_eq!(read(&caches, session, &before).await, Some(after.clone()));
            caches.invalidate(&invalidation).await;
            assert_eq!(read(&caches, session, &before).await, Some(before.clone()));
        }
        // Another user's invalidation keeps it.
        caches.invalidate(&Invalidation::User(2)).await;
        assert_eq!(read(&caches, session, &after).await, Some(before.clone()));
        // A token naming another user than the session's is no one.
        let other = principal(2, "Beto");
        let found = caches
            .principal(2, session, async { Ok(Some(other.clone())) })
            .await
            .unwrap();
        assert_eq!(found, None);
    }

    #[tokio::test]
    async fn a_principal_read_while_invalidated_is_not_kept() {
        let caches = caches();
        let session = Uuid::new_v4();
        let (stale, fresh) = (principal(1, "Ana"), principal(1, "Ana María"));
        let read_stale = caches
            .principal(1, session, async {
                // The write commits and its invalidation arrives while the read is under way.
                caches.invalidate(&Invalidation::User(1)).await;
                Ok(Some(stale.clone()))
            })
            .await
            .unwrap();
        assert_eq!(read_stale, Some(stale));
        assert_eq!(read(&caches, session, &fresh).await, Some(fresh));
    }

    #[tokio::test]
    async fn without_the_channel_nothing_kept_is_used_and_all_is_dropped_after() {
        let caches = caches();
        let session = Uuid::new_v4();
        let (before, after) = (principal(1, "Ana"), principal(1, "Ana María"));
        assert_eq!(read(&caches, session, &before).await, Some(before.clone()));
        caches
            .cache
            .set("stock:1:revision", b"r1", Duration::from_secs(60))
            .await
            .unwrap();

        caches.channel_lost();
        assert!(!caches.is_live());
        assert_eq!(read(&caches, session, &after).await, Some(after.clone()));
        assert_eq!(
            read(&caches, session, &before).await,
            Some(before.clone()),
            "not kept"
        );

        caches.resubscribed().await;
        assert!(caches.is_live());
        assert_eq!(
            read(&caches, session, &after).await,
            Some(after.clone()),
            "dropped"
        );
        assert_eq!(caches.cache.get("stock:1:revision").await.unwrap(), None);
    }

    #[tokio::test]
    async fn an_own_cache_is_bypassed_without_the_channel() {
        let live = Arc::new(AtomicBool::new(true));
        let cache = GuardedCache::new(Arc::new(InProcessCache::default()), live.clone());
        let ttl = Duration::from_secs(60);
        cache.set("k", b"1", ttl).await.unwrap();
        live.store(false, Ordering::SeqCst);
        assert_eq!(cache.get("k").await.unwrap(), None);
        cache.set("k", b"2", ttl).await.unwrap();
        live.store(true, Ordering::SeqCst);
        assert_eq!(
            cache.get("k").await.unwrap(),
            Some(b"1".to_vec()),
            "nothing written"
        );
    }

    #[test]
    fn invalidations_round_trip_through_text() {
        for invalidation in [
            Invalidation::Session(Uuid::new_v4()),
            Invalidation::User(42),
            Invalidation::Store(-7),
            Invalidation::CacheKey("stock:1:revision".to_owned()),
            Invalidation::CacheKey("key with spaces".to_owned()),
        ] {
            assert_eq!(
                Invalidation::decode(&invalidation.encode()),
                Some(invalidation)
            );
        }
        for garbage in ["", "user", "user x", "session 12", "key ", "shop 1"] {
            assert_eq!(Invalidation::decode(garbage), None, "{garbage:?}");
        }
    }
}
