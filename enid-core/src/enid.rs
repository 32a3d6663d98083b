use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use bytes::Bytes;
use chrono::{DateTime, Utc};

use crate::analytics::AnalyticsService;
use crate::assistant::{AnswerFlights, AssistantService, ChatModels};
use crate::auth::{AccountsService, TokenKeys, new_signing_secret};
use crate::cache::{Cache, InProcessCache};
use crate::clock::{Clock, SystemClock};
use crate::config::EnidConfig;
use crate::error::{Error, Result};
use crate::faqs::FaqsService;
use crate::invalidation::{GuardedCache, InstanceCaches, Invalidation};
use crate::leads::LeadsService;
use crate::rate_limit::{InProcessRateLimiter, RateDecision, RateLimit, RateLimiter};
use crate::references::{BlobKey, BlobStore, LocalDiskBlobStore, ReferencesService};
use crate::returns::ReturnsService;
use crate::rounds::Rounds;
use crate::stock::StockService;
use crate::storage::Storage;
use crate::stores::StoresService;

/// The whole backend: storage, cache, rate limiter, clock and settings, handing out the services.
/// Cheap to clone; every clone shares the same parts.
#[derive(Clone)]
pub struct Enid {
    inner: Arc<Inner>,
}

struct Inner {
    storage: Arc<dyn Storage>,
    cache: GuardedCache,
    /// Principals and stores kept in process, with the invalidations that keep them current.
    caches: Arc<InstanceCaches>,
    rate_limiter: Arc<dyn RateLimiter>,
    blobs: Arc<dyn BlobStore>,
    /// Derived image sizes read from the blob store; a key's bytes never change.
    blob_cache: moka::future::Cache<BlobKey, Bytes>,
    clock: Arc<dyn Clock>,
    config: EnidConfig,
    keys: TokenKeys,
    models: ChatModels,
    answer_flights: AnswerFlights,
    /// Announcements of changed cache keys, one send per round (see [`Rounds`]).
    key_announcements: Rounds<String, ()>,
}

/// Memory for derived image sizes kept by [`Enid::blob_cache`].
const BLOB_CACHE_BYTES: u64 = 64 * 1024 * 1024;

const JWT_SECRET_SETTING: &str = "jwt_secret";

impl Enid {
    pub fn builder(storage: Arc<dyn Storage>) -> EnidBuilder {
        EnidBuilder {
            storage,
            cache: None,
            rate_limiter: None,
            blobs: None,
            clock: None,
            config: EnidConfig::default(),
        }
    }

    pub fn storage(&self) -> &dyn Storage {
        self.inner.storage.as_ref()
    }

    pub fn cache(&self) -> &dyn Cache {
        &self.inner.cache
    }

    pub fn blobs(&self) -> &dyn BlobStore {
        self.inner.blobs.as_ref()
    }

    pub(crate) fn blob_cache(&self) -> &moka::future::Cache<BlobKey, Bytes> {
        &self.inner.blob_cache
    }

    pub fn config(&self) -> &EnidConfig {
        &self.inner.config
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.inner.clock.now()
    }

    pub(crate) fn token_keys(&self) -> &TokenKeys {
        &self.inner.keys
    }

    pub(crate) fn chat_models(&self) -> &ChatModels {
        &self.inner.models
    }

    pub(crate) fn answer_flights(&self) -> &AnswerFlights {
        &self.inner.answer_flights
    }

    pub(crate) fn instance_caches(&self) -> &InstanceCaches {
        &self.inner.caches
    }

    /// Whether other instances' invalidations are heard (always, where none can share the
    /// database). While not, principals, stores and an in-process cache are read from their
    /// source on every request.
    pub fn hears_invalidations(&self) -> bool {
        self.inner.caches.is_live()
    }

    /// Tells the other instances that `key` of the cache changed, when they do not share it.
    pub(crate) async fn cache_key_changed(&self, key: &str) {
        if self.cache().is_shared() {
            return;
        }
        let announce = async {
            let invalidation = Invalidation::CacheKey(key.to_owned());
            if let Err(err) = self.storage().publish(&invalidation).await {
                tracing::warn!(error = %err, "cannot tell other instances of a cache change");
            }
        };
        self.inner
            .key_announcements
            .share(key.to_owned(), announce)
            .await;
    }

    pub fn accounts(&self) -> AccountsService<'_> {
        AccountsService::new(self)
    }

    pub fn stores(&self) -> StoresService<'_> {
        StoresService::new(self)
    }

    pub fn analytics(&self) -> AnalyticsService<'_> {
        AnalyticsService::new(self)
    }

    pub fn leads(&self) -> LeadsService<'_> {
        LeadsService::new(self)
    }

    pub fn stock(&self) -> StockService<'_> {
        StockService::new(self)
    }

    pub fn faqs(&self) -> FaqsService<'_> {
        FaqsService::new(self)
    }

    pub fn returns(&self) -> ReturnsService<'_> {
        ReturnsService::new(self)
    }

    pub fn references(&self) -> ReferencesService<'_> {
        ReferencesService::new(self)
    }

    pub fn assistant(&self) -> AssistantService<'_> {
        AssistantService::new(self)
    }

    /// Counts one request under `key`; 429 with `retry_after` when over `limit` (`None`: no limit).
    pub async fn check_rate(&self, key: &str, limit: Option<RateLimit>) -> Result<()> {
        let Some(limit) = limit else {
            return Ok(());
        };
        match self
            .inner
            .rate_limiter
            .check(key, limit, self.now())
            .await?
        {
            RateDecision::Allowed => Ok(()),
            RateDecision::Limited { retry_after } => Err(Error::rate_limited(retry_after)),
        }
    }
}

pub struct EnidBuilder {
    storage: Arc<dyn Storage>,
    cache: Option<Arc<dyn Cache>>,
    rate_limiter: Option<Arc<dyn RateLimiter>>,
    blobs: Option<Arc<dyn BlobStore>>,
    clock: Option<Arc<dyn Clock>>,
    config: EnidConfig,
}

impl EnidBuilder {
    pub fn config(mut self, config: EnidConfig) -> Self {
        self.config = config;
        self
    }

    /// Defaults to an in-process cache.
    pub fn cache(mut self, cache: Arc<dyn Cache>) -> Self {
        self.cache = Some(cache);
        self
    }

    /// Defaults to an in-process limiter.
    pub fn rate_limiter(mut self, rate_limiter: Arc<dyn RateLimiter>) -> Self {
        self.rate_limiter = Some(rate_limiter);
        self
    }

    /// Where image bytes go; defaults to local disk under `blobs/` of the configured data
    /// directory.
    pub fn blobs(mut self, blobs: Arc<dyn BlobStore>) -> Self {
        self.blobs = Some(blobs);
        self
    }

    /// Defaults to the system clock.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Migrates the database, creates the default store, settles the signing secret (the
    /// configured one, or the one generated once and shared through the database) and, on an
    /// empty database, creates the configured superuser.
    pub async fn build(self) -> Result<Enid> {
        let storage = self.storage;
        let clock = self.clock.unwrap_or_else(|| Arc::new(SystemClock));
        storage.migrate().await?;
        let config = self.config;
        storage
            .ensure_store(
                config.default_store,
                &config.default_store_name,
                &crate::text::slugify(&config.default_store_name, 50),
                clock.now(),
            )
            .await?;
        let secret = match &config.jwt_secret {
            Some(secret) => secret.expose().to_owned(),
            None => {
                storage
                    .setting_or_insert(JWT_SECRET_SETTING, &new_signing_secret())
                    .await?
            }
        };
        let keys = TokenKeys::new(secret.as_bytes())?;
        let models = ChatModels::from_config(&config.assistant)?;
        let answer_flights = AnswerFlights::new(config.assistant.cache_ttl);
        let cache = self
            .cache
            .unwrap_or_else(|| Arc::new(InProcessCache::default()));
        let live = Arc::new(AtomicBool::new(true));
        let caches = Arc::new(InstanceCaches::new(cache.clone(), live.clone()));
        storage.subscribe(caches.clone()).await?;
        let enid = Enid {
            inner: Arc::new(Inner {
                storage,
                cache: GuardedCache::new(cache, live),
                caches,
                rate_limiter: self
                    .rate_limiter
                    .unwrap_or_else(|| Arc::new(InProcessRateLimiter::new())),
                blobs: self.blobs.unwrap_or_else(|| {
                    Arc::new(LocalDiskBlobStore::new(config.data_dir.join("blobs")))
                }),
                blob_cache: moka::future::Cache::builder()
                    .weigher(|_key: &BlobKey, bytes: &Bytes| {
                        u32::try_from(bytes.len()).unwrap_or(u32::MAX)
                    })
                    .max_capacity(BLOB_CACHE_BYTES)
                    .build(),
                clock,
                config,
                keys,
                models,
                answer_flights,
                key_announcements: Rounds::default(),
            }),
        };
        enid.accounts().bootstrap_admin().await?;
        Ok(enid)
    }
}
