use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use super::{
    IntakeOutcome, Lead, LeadChanges, LeadCounts, LeadFilter, LeadId, LeadIntake, LeadSearch,
    LeadStatus, LeadStatusChange, LeadType, LeadTypeChanges, LeadTypeId, LeadTypeName, NewLead,
    OverviewDays,
};
use crate::auth::UserId;
use crate::error::Result;
use crate::invalidation::Invalidation;
use crate::pagination::{Page, PageRequest};
use crate::stores::StoreId;

/// Lead types, leads, their history, search and the aggregates behind the metrics. Every method
/// works inside one store and runs atomically in the backend. Counts are exact: the backends keep
/// per-day tallies of leads (by created day, type and current status) up to date in the same
/// transaction as every write, and aggregate those in SQL.
#[async_trait]
pub trait LeadStore: Send + Sync {
    /// The store's lead types, ordered by id.
    async fn list_lead_types(&self, store: StoreId, page: PageRequest) -> Result<Page<LeadType>>;

    async fn lead_type(&self, store: StoreId, id: LeadTypeId) -> Result<Option<LeadType>>;

    /// Adds a type with the store's next free id. A name already used in the store (ignoring
    /// case and accents) is a 409 `lead_type_name_taken`.
    async fn create_lead_type(
        &self,
        store: StoreId,
        name: &LeadTypeName,
        is_active: bool,
        now: DateTime<Utc>,
    ) -> Result<LeadType>;

    /// Renames and/or (de)activates; `None` when the type does not exist. 409
    /// `lead_type_name_taken` on a duplicate name.
    async fn update_lead_type(
        &self,
        store: StoreId,
        id: LeadTypeId,
        changes: &LeadTypeChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<LeadType>>;

    /// Deletes a type that has no leads: `false` when it does not exist, 409 `lead_type_in_use`
    /// when leads have it.
    async fn delete_lead_type(&self, store: StoreId, id: LeadTypeId) -> Result<bool>;

    /// The public intake, as one atomic upsert on (store, email, type): a new lead with
    /// `tryet` 1 and status pending, or — for a known one — `tryet + 1` with name, phone (when
    /// given) and products (when given) refreshed, status and `created_at` kept. Concurrent
    /// submits of one pair all count. An unknown or inactive type is a 400 on `lead_type`
    /// ([`lead_type_takes_leads`](super::lead_type_takes_leads)), checked in the same transaction.
    /// `announcement` goes to the other instances as the upsert commits, as
    /// [`Storage::publish`](crate::storage::Storage::publish) would send it.
    async fn upsert_lead_intake(
        &self,
        store: StoreId,
        intake: &LeadIntake,
        now: DateTime<Utc>,
        announcement: Option<&Invalidation>,
    ) -> Result<IntakeOutcome>;

    /// Inserts one lead; 409 `lead_exists` when the store has the (email, type) already, 400 on
    /// `lead_type` when the type does not exist.
    async fn create_lead(&self, store: StoreId, lead: &NewLead) -> Result<Lead>;

    /// Inserts many leads at once (imports, seeding), skipping those whose (email, type) the
    /// store has already; returns how many were inserted. Meant for batches of thousands.
    async fn insert_leads(&self, store: StoreId, leads: &[NewLead]) -> Result<u64>;

    async fn lead(&self, store: StoreId, id: LeadId) -> Result<Option<Lead>>;

    /// Filtered and ordered (ties: newest id first).
    async fn list_leads(
        &self,
        store: StoreId,
        filter: &LeadFilter,
        page: PageRequest,
    ) -> Result<Page<Lead>>;

    /// Applies the changes in one transaction. When the status changes it records (from, to,
    /// `changed_by`, `now`) in the history and sets `converted_at` to `now` when the new status is
    /// converted (clearing it when a lead leaves converted). `None` when the lead does not exist;
    /// 409 `lead_exists` when the new (email, type) is taken; 400 on `lead_type` for an unknown
    /// type.
    async fn update_lead(
        &self,
        store: StoreId,
        id: LeadId,
        changes: &LeadChanges,
        changed_by: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Result<Option<Lead>>;

    /// `false` when the lead does not exist. Its history goes with it.
    async fn delete_lead(&self, store: StoreId, id: LeadId) -> Result<bool>;

    /// The status changes of a lead, oldest first; `None` when the lead does not exist.
    async fn lead_history(
        &self,
        store: StoreId,
        id: LeadId,
        page: PageRequest,
    ) -> Result<Option<Page<LeadStatusChange>>>;

    /// Leads matching the search (see [`LeadSearch`]): those whose email equals `email_text`
    /// first, then newest first (`created_at`, then id), at most `limit`.
    async fn search_leads(&self, store: StoreId, search: &LeadSearch) -> Result<Vec<Lead>>;

    /// The newest leads.
    async fn recent_leads(&self, store: StoreId, limit: u32) -> Result<Vec<Lead>>;

    /// All leads, those created on or after each day, and the converted ones.
    async fn lead_counts(&self, store: StoreId, days: OverviewDays) -> Result<LeadCounts>;

    /// Leads per current status; statuses without leads are left out.
    async fn lead_counts_by_status(&self, store: StoreId) -> Result<Vec<(LeadStatus, i64)>>;

    /// Every lead type of the store with its number of leads (0 included), ordered by id.
    async fn lead_counts_by_type(&self, store: StoreId) -> Result<Vec<(LeadType, i64)>>;

    /// Leads created per day from `since` on, per current status; empty days are left out.
    async fn lead_daily_counts(
        &self,
        store: StoreId,
        since: NaiveDate,
    ) -> Result<Vec<(NaiveDate, LeadStatus, i64)>>;

    /// Leads per day of `converted_at`, from `since` on; empty days are left out.
    async fn lead_daily_conversions(
        &self,
        store: StoreId,
        since: NaiveDate,
    ) -> Result<Vec<(NaiveDate, i64)>>;
}
