//! The storage a backend provides: every domain's trait, plus migrations and health.

use async_trait::async_trait;

use crate::analytics::{PageAccessStore, PagePerformanceStore, PageSectionStore, UserJourneyStore};
use crate::assistant::AssistantStore;
use crate::auth::{SessionStore, UserStore};
use crate::error::Result;
use crate::faqs::FaqStore;
use crate::invalidation::{Invalidation, InvalidationSink};
use crate::leads::LeadStore;
use crate::references::ReferenceStore;
use crate::returns::ReturnStore;
use crate::stock::StockStore;
use crate::stores::StoreStore;

/// Small key/value settings shared by every instance (e.g. the generated signing secret).
#[async_trait]
pub trait SettingStore: Send + Sync {
    /// Stores `value` under `key` unless a value is already there; returns the stored value.
    /// Racing instances all get the first value written.
    async fn setting_or_insert(&self, key: &str, value: &str) -> Result<String>;
}

#[async_trait]
pub trait Storage:
    UserStore
    + SessionStore
    + StoreStore
    + SettingStore
    + StockStore
    + FaqStore
    + LeadStore
    + ReturnStore
    + ReferenceStore
    + AssistantStore
    + PageAccessStore
    + PageSectionStore
    + UserJourneyStore
    + PagePerformanceStore
    + Send
    + Sync
    + 'static
{
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// Applies pending migrations; safe to call from several instances at once.
    async fn migrate(&self) -> Result<()>;

    /// Checks the database answers.
    async fn ping(&self) -> Result<()>;

    /// Hands `sink` the [`Invalidation`]s of this storage's writes once they commit, before the
    /// write returns, and, when other instances share the database, theirs as they commit.
    /// Returns once other instances' invalidations are heard.
    async fn subscribe(&self, sink: std::sync::Arc<dyn InvalidationSink>) -> Result<()>;

    /// Tells the other instances sharing the database of a change made outside it (a cache
    /// entry replaced); nothing to do where no other instance can share it.
    async fn publish(&self, invalidation: &Invalidation) -> Result<()>;
}
