use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

use super::{
    BackdatedPageAccess, DayTraffic, JourneyCounts, JourneyFilter, JourneyId, JourneyUpdate,
    NewJourney, NewPageAccess, NewSection, PageAccess, PageAccessFilter, PageAccessId,
    PagePerformance, PageSection, PerformanceFilter, PerformanceId, Recorded, RecordedAccess,
    SectionCounts, SectionFilter, SectionId, SectionUpdate, SummaryCounts, UrlCounts, UserJourney,
    Window,
};
use crate::error::Result;
use crate::pagination::{Page, PageRequest};
use crate::stores::StoreId;

/// Page accesses and the metrics over them. Each method is atomic in the backend.
///
/// Metrics are exact and read per-day rollups, never the page accesses themselves: every write
/// applies its [`RollupDelta`](super::RollupDelta) to the rollups of its days in its own transaction (today's
/// included), so the rollups always equal what the page accesses add up to.
#[async_trait]
pub trait PageAccessStore: Send + Sync {
    /// Inserts the access, or — when its `event_id` is already stored in this store — updates
    /// that row with the fields sent (unsent fields keep their values; `created_at` stays).
    /// Atomic under concurrent submits of the same event id (unique index + upsert).
    async fn record_page_access(
        &self,
        store: StoreId,
        access: &NewPageAccess,
        now: DateTime<Utc>,
    ) -> Result<RecordedAccess>;

    /// Records every access, in order, in one transaction: all or none. The event ids of the
    /// batch are distinct (the service merges repeats).
    async fn record_page_accesses(
        &self,
        store: StoreId,
        accesses: Vec<NewPageAccess>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Recorded>>;

    /// Appends back-dated accesses (seeding, imports) in one transaction, as fast as the backend
    /// can. Their event ids must be new. Returns how many were stored.
    async fn import_page_accesses(
        &self,
        store: StoreId,
        accesses: Vec<BackdatedPageAccess>,
    ) -> Result<u64>;

    async fn page_access(&self, store: StoreId, id: PageAccessId) -> Result<Option<PageAccess>>;

    /// Newest first (then highest id).
    async fn list_page_accesses(
        &self,
        store: StoreId,
        filter: &PageAccessFilter,
        page: PageRequest,
    ) -> Result<Page<PageAccess>>;

    /// A number that grows with every committed write of the store's page accesses: equal
    /// revisions mean equal data, so metrics can be cached under it and stay exact.
    async fn page_access_revision(&self, store: StoreId) -> Result<i64>;

    /// Recomputes the rollup of one day from its page accesses (a repair: writes keep it). Only
    /// for complete days: the service passes days that ended a while ago, and a late write to
    /// such a day waits for the recomputation or is seen by it.
    async fn roll_up_page_access_day(&self, store: StoreId, day: NaiveDate) -> Result<()>;

    /// Traffic, top pages and sections, device and browser distributions and shop events of
    /// the window, read in one snapshot.
    async fn page_access_summary(&self, store: StoreId, window: Window) -> Result<SummaryCounts>;

    /// One entry per day of the window, oldest first; each day counts its own sessions.
    async fn page_access_trends(&self, store: StoreId, window: Window) -> Result<Vec<DayTraffic>>;

    /// Per non-empty section: most viewed first, ties by name.
    async fn section_traffic(
        &self,
        store: StoreId,
        window: Window,
        page: PageRequest,
    ) -> Result<Page<SectionCounts>>;

    /// Per page URL: most viewed first, ties by URL; load-time percentiles are nearest-rank
    /// ([`super::nearest_rank`]).
    async fn url_performance(
        &self,
        store: StoreId,
        window: Window,
        page: PageRequest,
    ) -> Result<Page<UrlCounts>>;
}

/// The page sections a store tracks.
#[async_trait]
pub trait PageSectionStore: Send + Sync {
    /// A taken name (case-insensitive) is a 409 `section_name_taken`.
    async fn create_section(
        &self,
        store: StoreId,
        section: &NewSection,
        now: DateTime<Utc>,
    ) -> Result<PageSection>;

    async fn section(&self, store: StoreId, id: SectionId) -> Result<Option<PageSection>>;

    /// Ordered by priority, then name.
    async fn list_sections(
        &self,
        store: StoreId,
        filter: SectionFilter,
        page: PageRequest,
    ) -> Result<Page<PageSection>>;

    /// `None` when there is no such section; a taken name is a 409.
    async fn update_section(
        &self,
        store: StoreId,
        id: SectionId,
        changes: &SectionUpdate,
        now: DateTime<Utc>,
    ) -> Result<Option<PageSection>>;

    /// Whether the section existed.
    async fn delete_section(&self, store: StoreId, id: SectionId) -> Result<bool>;
}

/// Visitors' journeys through the shop.
#[async_trait]
pub trait UserJourneyStore: Send + Sync {
    async fn create_journey(
        &self,
        store: StoreId,
        journey: &NewJourney,
        now: DateTime<Utc>,
    ) -> Result<UserJourney>;

    /// Appends journeys (seeding, imports) in one transaction; returns how many were stored.
    async fn import_journeys(&self, store: StoreId, journeys: Vec<NewJourney>) -> Result<u64>;

    async fn journey(&self, store: StoreId, id: JourneyId) -> Result<Option<UserJourney>>;

    /// Latest start first (then highest id).
    async fn list_journeys(
        &self,
        store: StoreId,
        filter: &JourneyFilter,
        page: PageRequest,
    ) -> Result<Page<UserJourney>>;

    async fn update_journey(
        &self,
        store: StoreId,
        id: JourneyId,
        changes: &JourneyUpdate,
        now: DateTime<Utc>,
    ) -> Result<Option<UserJourney>>;

    async fn delete_journey(&self, store: StoreId, id: JourneyId) -> Result<bool>;

    /// Counts over the journeys that started in the window.
    async fn journey_counts(&self, store: StoreId, window: Window) -> Result<JourneyCounts>;
}

/// Daily per-page performance rows, unique per (store, page URL, date).
#[async_trait]
pub trait PagePerformanceStore: Send + Sync {
    /// Computes the rows of `date` from that day's page accesses with one idempotent upsert
    /// (and removes rows of pages that no longer have accesses that day). Returns the number of
    /// pages of the day.
    async fn roll_up_page_performance(
        &self,
        store: StoreId,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<u64>;

    async fn page_performance(
        &self,
        store: StoreId,
        id: PerformanceId,
    ) -> Result<Option<PagePerformance>>;

    /// Latest date first, then by URL.
    async fn list_page_performance(
        &self,
        store: StoreId,
        filter: &PerformanceFilter,
        page: PageRequest,
    ) -> Result<Page<PagePerformance>>;
}
