use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{
    NewReturnCard, NewReturnRequest, ReturnCard, ReturnCardChanges, ReturnCardId, ReturnFilter,
    ReturnRequest, ReturnRequestDetail, ReturnSettings, ReturnTransition,
};
use crate::error::Result;
use crate::pagination::{Page, PageRequest};
use crate::stores::StoreId;

/// Return-policy cards, return requests with their history, and each store's return settings.
/// Every method works inside one store and runs atomically in the backend.
#[async_trait]
pub trait ReturnStore: Send + Sync {
    /// The store's cards by position (ties: id).
    async fn list_return_cards(
        &self,
        store: StoreId,
        page: PageRequest,
    ) -> Result<Page<ReturnCard>>;

    async fn return_card(&self, store: StoreId, id: ReturnCardId) -> Result<Option<ReturnCard>>;

    /// Inserts a card; without a position it goes after the store's last card.
    async fn create_return_card(
        &self,
        store: StoreId,
        card: &NewReturnCard,
        now: DateTime<Utc>,
    ) -> Result<ReturnCard>;

    /// `None` when the store has no such card.
    async fn update_return_card(
        &self,
        store: StoreId,
        id: ReturnCardId,
        changes: &ReturnCardChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<ReturnCard>>;

    /// `false` when the store has no such card.
    async fn delete_return_card(&self, store: StoreId, id: ReturnCardId) -> Result<bool>;

    /// The store's settings; the defaults until an admin saves some.
    async fn return_settings(&self, store: StoreId) -> Result<ReturnSettings>;

    async fn save_return_settings(
        &self,
        store: StoreId,
        settings: &ReturnSettings,
        now: DateTime<Utc>,
    ) -> Result<ReturnSettings>;

    /// Inserts a request in status requested.
    async fn create_return_request(
        &self,
        store: StoreId,
        request: &NewReturnRequest,
    ) -> Result<ReturnRequest>;

    /// The request with its history, oldest change first; `None` outside the store.
    async fn return_request(&self, store: StoreId, id: Uuid)
    -> Result<Option<ReturnRequestDetail>>;

    /// Filtered, newest first (ties: id).
    async fn list_return_requests(
        &self,
        store: StoreId,
        filter: &ReturnFilter,
        page: PageRequest,
    ) -> Result<Page<ReturnRequest>>;

    /// Moves the request from `transition.from` to `transition.to` and records the change, in one
    /// transaction, only if it is still in `from` (a conditional update): `None` when the store
    /// has no such request, 409 `return_status_changed` when its status is no longer `from`.
    async fn transition_return_request(
        &self,
        store: StoreId,
        id: Uuid,
        transition: &ReturnTransition,
    ) -> Result<Option<ReturnRequestDetail>>;
}
