use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{Store, StoreChanges, StoreId};
use crate::error::Result;
use crate::pagination::{Page, PageRequest};

/// Stores. Each backend runs each method atomically.
#[async_trait]
pub trait StoreStore: Send + Sync {
    /// Creates the store with the first free slug of `slug`, `slug-2`, `slug-3`, ... and, when
    /// given, makes `admin_user_id` its admin, all in one transaction.
    async fn create_store(
        &self,
        name: &str,
        slug: &str,
        admin_user_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Store>;

    /// Creates the store with this id unless it exists; returns it either way.
    async fn ensure_store(
        &self,
        id: StoreId,
        name: &str,
        slug: &str,
        now: DateTime<Utc>,
    ) -> Result<Store>;

    async fn store(&self, id: StoreId) -> Result<Option<Store>>;

    /// All stores, or only those where `member` has an active membership; ordered by id.
    async fn list_stores(&self, member: Option<i64>, page: PageRequest) -> Result<Page<Store>>;

    /// Applies the changes; `None` when the store does not exist.
    async fn update_store(
        &self,
        id: StoreId,
        changes: &StoreChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Store>>;
}
