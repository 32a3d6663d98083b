use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{
    CategoryChanges, CategoryId, Faq, FaqCategory, FaqChanges, FaqFilter, FaqId, NewCategory,
    NewFaq, SearchTerms,
};
use crate::error::Result;
use crate::pagination::{Page, PageRequest};
use crate::stores::StoreId;

/// FAQs and their categories in a store, with the full-text index kept in the transaction of each
/// write. Every query is limited to `store`.
#[async_trait]
pub trait FaqStore: Send + Sync {
    /// A slug the store already uses is a 409 `category_slug_taken`.
    async fn create_category(
        &self,
        store: StoreId,
        category: &NewCategory,
        now: DateTime<Utc>,
    ) -> Result<FaqCategory>;

    async fn category(&self, store: StoreId, id: CategoryId) -> Result<Option<FaqCategory>>;

    /// Ordered by position, then id.
    async fn list_categories(&self, store: StoreId, page: PageRequest)
    -> Result<Page<FaqCategory>>;

    /// `None` when there is no such category in the store; a taken slug is a 409.
    async fn update_category(
        &self,
        store: StoreId,
        id: CategoryId,
        changes: &CategoryChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<FaqCategory>>;

    /// Deletes a category without FAQs (409 `category_in_use` otherwise); `false` when there is
    /// no such category.
    async fn delete_category(&self, store: StoreId, id: CategoryId) -> Result<bool>;

    /// A category that is not the store's is a 400 naming `category`. Without a position the FAQ
    /// goes last in its category.
    async fn create_faq(&self, store: StoreId, faq: &NewFaq, now: DateTime<Utc>) -> Result<Faq>;

    /// With `visible_only`, a hidden FAQ is `None`.
    async fn faq(&self, store: StoreId, id: FaqId, visible_only: bool) -> Result<Option<Faq>>;

    /// Ordered by the category's position, the FAQ's position, then id.
    async fn list_faqs(
        &self,
        store: StoreId,
        filter: &FaqFilter,
        page: PageRequest,
    ) -> Result<Page<Faq>>;

    /// `None` when there is no such FAQ in the store; a category not the store's is a 400.
    async fn update_faq(
        &self,
        store: StoreId,
        id: FaqId,
        changes: &FaqChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Faq>>;

    /// `false` when there is no such FAQ.
    async fn delete_faq(&self, store: StoreId, id: FaqId) -> Result<bool>;

    /// The best `limit` matches of any of the terms (each a prefix), the question weighing more
    /// than the answer, with their scores (higher is better), best first.
    async fn search_faqs(
        &self,
        store: StoreId,
        terms: &SearchTerms,
        visible_only: bool,
        limit: i64,
    ) -> Result<Vec<(Faq, f64)>>;

    /// Inserts many FAQs (with positions) in one transaction; for seeding.
    async fn import_faqs(&self, store: StoreId, faqs: &[NewFaq], now: DateTime<Utc>)
    -> Result<u64>;
}
