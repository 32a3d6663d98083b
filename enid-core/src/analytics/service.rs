//! Analytics rules: public event intake (rate limited, validated, event ids deduplicated), the
//! staff metrics (read from day rollups kept by every write, cached under the data's revision so
//! they stay exact, concurrent misses computed once), page
//! sections, journeys and daily page performance.

use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;

use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{
    BatchOutcome, CachedPage, JourneyAnalytics, JourneyChanges, JourneyFilter, JourneyId,
    JourneyInput, JourneyUpdate, NewJourney, NewPageAccess, NewSection, PageAccess,
    PageAccessFilter, PageAccessId, PageAccessInput, PagePerformance, PageSection,
    PerformanceFilter, PerformanceId, RecordedAccess, SectionChanges, SectionFilter, SectionId,
    SectionInput, SectionStats, SectionUpdate, Seeder, Summary, TrendPoint, UrlPerformance,
    UserJourney, Window, parse_days,
};
use crate::auth::Principal;
use crate::cache::cached_at_revision;
use crate::enid::Enid;
use crate::error::{Error, Result};
use crate::pagination::{Page, PageRequest};
use crate::stores::{Permission, StoreId};

/// A day's rollup is recomputed from its page accesses only once the day ended this long ago, so
/// no write stamped within it can still be on its way to the database.
pub const ROLLUP_GRACE: chrono::Duration = chrono::Duration::minutes(10);

/// How long a computed metric stays cached. Entries are keyed by the data's revision, so this
/// only bounds memory; a write makes the next read compute afresh.
const METRICS_TTL: Duration = Duration::from_secs(600);

/// Default windows, as the original service had them.
const SUMMARY_DAYS: u32 = 30;
const TRENDS_DAYS: u32 = 7;

pub struct AnalyticsService<'a> {
    enid: &'a Enid,
}

fn access_not_found() -> Error {
    Error::not_found("page_access_not_found", "Page access not found.")
}

fn section_not_found() -> Error {
    Error::not_found("section_not_found", "Page section not found.")
}

fn journey_not_found() -> Error {
    Error::not_found("journey_not_found", "User journey not found.")
}

fn performance_not_found() -> Error {
    Error::not_found(
        "page_performance_not_found",
        "Page performance row not found.",
    )
}

/// Folds a later event with the same id into an earlier one: what the later one sent wins, what
/// it left out stays — the same row a sequence of single upserts would leave.
fn merge(earlier: &mut NewPageAccess, later: NewPageAccess) {
    fn take<T>(slot: &mut Option<T>, later: Option<T>) {
        if later.is_some() {
            *slot = later;
        }
    }
    earlier.page_url = later.page_url;
    take(&mut earlier.page_title, later.page_title);
    take(&mut earlier.section, later.section);
    take(&mut earlier.user_id, later.user_id);
    take(&mut earlier.session_id, later.session_id);
    take(&mut earlier.user_agent, later.user_agent);
    take(&mut earlier.device_type, later.device_type);
    take(&mut earlier.browser, later.browser);
    take(&mut earlier.os, later.os);
    take(&mut earlier.referrer, later.referrer);
    take(&mut earlier.utm_source, later.utm_source);
    take(&mut earlier.utm_medium, later.utm_medium);
    take(&mut earlier.utm_campaign, later.utm_campaign);
    take(&mut earlier.time_on_page, later.time_on_page);
    take(&mut earlier.scroll_depth, later.scroll_depth);
    take(&mut earlier.interactions, later.interactions);
    take(&mut earlier.metadata, later.metadata);
}

/// Page accesses written per seeding transaction.
const SEED_BATCH: usize = 10_000;

/// What `enid seed page-analytics` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedPlan {
    /// Page accesses in all.
    pub count: u64,
    /// How many days back the traffic starts.
    pub days: u32,
    /// The same seed gives the same traffic.
    pub seed: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub accesses: u64,
    pub journeys: u64,
}

/// What `enid analytics rollup` did for one store and date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RollupReport {
    /// Page performance rows of the date.
    pub pages: u64,
    /// Whether the day was complete, so its summary rollup was recomputed too.
    pub summary_rolled_up: bool,
}

impl<'a> AnalyticsService<'a> {
    pub(crate) fn new(enid: &'a Enid) -> Self {
        Self { enid }
    }

    async fn check_public_rate(&self, client_ip: &str) -> Result<()> {
        self.enid
            .check_rate(
                &format!("public-write:{client_ip}"),
                self.enid.config().rate_public_write,
            )
            .await
    }

    // -- page accesses --------------------------------------------------------------------------

    /// Public: records a page view or event. A repeated `event_id` updates its row
    /// (`created` false).
    pub async fn record(
        &self,
        store: StoreId,
        client_ip: &str,
        input: PageAccessInput,
    ) -> Result<RecordedAccess> {
        self.check_public_rate(client_ip).await?;
        let access = NewPageAccess::parse(input)?;
        self.enid
            .storage()
            .record_page_access(store, &access, self.enid.now())
            .await
    }

    /// Public: up to 500 events, all validated before any is written, then written together
    /// or not at all. Events repeating an event id of the batch fold into one row.
    pub async fn record_batch(
        &self,
        store: StoreId,
        client_ip: &str,
        inputs: Vec<PageAccessInput>,
    ) -> Result<BatchOutcome> {
        self.check_public_rate(client_ip).await?;
        let accesses = NewPageAccess::parse_batch(inputs)?;
        let events = accesses.len();
        // Position of each event's row among the distinct rows written.
        let mut slot_of_event = Vec::with_capacity(events);
        let mut slot_of_id: HashMap<String, usize> = HashMap::new();
        let mut distinct: Vec<NewPageAccess> = Vec::with_capacity(events);
        for access in accesses {
            let existing = access
                .event_id
                .as_ref()
                .and_then(|id| slot_of_id.get(id).copied());
            match existing {
                Some(slot) => {
                    merge(&mut distinct[slot], access);
                    slot_of_event.push(slot);
                }
                None => {
                    if let Some(id) = &access.event_id {
                        slot_of_id.insert(id.clone(), distinct.len());
                    }
                    slot_of_event.push(distinct.len());
                    distinct.push(access);
                }
            }
        }
        let recorded = self
            .enid
            .storage()
            .record_page_accesses(store, distinct, self.enid.now())
            .await?;
        let created = recorded.iter().filter(|r| r.created).count();
        Ok(BatchOutcome {
            ids: slot_of_event
                .iter()
                .map(|&slot| recorded[slot].id)
                .collect(),
            created,
            updated: events - created,
        })
    }

    /// Fills the store with `plan.count` realistic page accesses spread over the last
    /// `plan.days` days, and a journey per session, in batches; `progress` hears the running
    /// count of accesses. For the command line and embedders (no principal, no rate limit).
    pub async fn seed(
        &self,
        store: StoreId,
        plan: &SeedPlan,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<SeedReport> {
        let storage = self.enid.storage();
        let mut seeder = Seeder::new(plan.count, plan.days, self.enid.now(), plan.seed);
        let mut report = SeedReport::default();
        let mut next = seeder.next_batch(SEED_BATCH);
        while let Some(batch) = next {
            // The next batch is generated while the database writes this one.
            let write = async {
                let accesses = storage.import_page_accesses(store, batch.accesses).await?;
                let journeys = storage.import_journeys(store, batch.journeys).await?;
                Ok::<_, Error>((accesses, journeys))
            };
            let generate = async { seeder.next_batch(SEED_BATCH) };
            let (written, following) = tokio::join!(write, generate);
            let (accesses, journeys) = written?;
            report.accesses += accesses;
            report.journeys += journeys;
            progress(report.accesses);
            next = following;
        }
        Ok(report)
    }

    pub async fn page_access(
        &self,
        principal: &Principal,
        store: StoreId,
        id: PageAccessId,
    ) -> Result<PageAccess> {
        principal.require(store, Permission::AnalyticsRead)?;
        self.enid
            .storage()
            .page_access(store, id)
            .await?
            .ok_or_else(access_not_found)
    }

    pub async fn list(
        &self,
        principal: &Principal,
        store: StoreId,
        filter: PageAccessFilter,
        page: PageRequest,
    ) -> Result<Page<PageAccess>> {
        principal.require(store, Permission::AnalyticsRead)?;
        let blank_is_none = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
        let filter = PageAccessFilter {
            page_url: blank_is_none(filter.page_url),
            section: blank_is_none(filter.section),
            session_id: blank_is_none(filter.session_id),
            since: filter.since,
        };
        self.enid
            .storage()
            .list_page_accesses(store, &filter, page)
            .await
    }

    // -- metrics ----------------------------------------------------------------------------------

    /// A metric cached under the store's current page access revision (read from the database,
    /// bumped in every write's transaction, so equal revisions mean equal data on every instance),
    /// else computed once for all concurrent misses, at whatever revision each missed (see
    /// [`crate::cache::cached_json`]): while page views flow, every read misses. A value computed
    /// at a later revision than the key's is fresher than the key promises, never staler.
    async fn cached<T, F, Fut>(&self, store: StoreId, key: &str, compute: F) -> Result<T>
    where
        T: Serialize + DeserializeOwned,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let revision = self.enid.storage().page_access_revision(store).await?;
        let cache = self.enid.cache();
        cached_at_revision(
            cache,
            "analytics",
            store,
            &revision,
            key,
            METRICS_TTL,
            compute(),
        )
        .await
    }

    async fn window(
        &self,
        principal: &Principal,
        store: StoreId,
        days: Option<i64>,
        default: u32,
    ) -> Result<Window> {
        principal.require(store, Permission::AnalyticsRead)?;
        Ok(Window::ending(self.enid.now(), parse_days(days, default)?))
    }

    /// Totals, top pages and sections, device and browser mix, and shop events of the last
    /// `days` days (default 30).
    pub async fn summary(
        &self,
        principal: &Principal,
        store: StoreId,
        days: Option<i64>,
    ) -> Result<Summary> {
        let window = self.window(principal, store, days, SUMMARY_DAYS).await?;
        let storage = self.enid.storage();
        let key = format!("summary:{}:{}", window.first_day, window.today);
        self.cached(store, &key, || async {
            let counts = storage.page_access_summary(store, window).await?;
            Ok(Summary::new(window.days(), counts))
        })
        .await
    }

    /// One point per day, oldest first, the last one today (default 7 days).
    pub async fn trends(
        &self,
        principal: &Principal,
        store: StoreId,
        days: Option<i64>,
    ) -> Result<Vec<TrendPoint>> {
        let window = self.window(principal, store, days, TRENDS_DAYS).await?;
        let storage = self.enid.storage();
        let key = format!("trends:{}:{}", window.first_day, window.today);
        self.cached(store, &key, || async {
            let days = storage.page_access_trends(store, window).await?;
            Ok(days.into_iter().map(TrendPoint::from).collect())
        })
        .await
    }

    /// Per-section views, time, scroll depth and interactions (default 30 days).
    pub async fn sections(
        &self,
        principal: &Principal,
        store: StoreId,
        days: Option<i64>,
        page: PageRequest,
    ) -> Result<Page<SectionStats>> {
        let window = self.window(principal, store, days, SUMMARY_DAYS).await?;
        let storage = self.enid.storage();
        let key = format!(
            "sections:{}:{}:{}:{}",
            window.first_day,
            window.today,
            page.page(),
            page.page_size()
        );
        let cached = self
            .cached(store, &key, || async {
                let sections = storage.section_traffic(store, window, page).await?;
                Ok(CachedPage {
                    count: sections.count,
                    items: sections.items.into_iter().map(SectionStats::from).collect(),
                })
            })
            .await?;
        Ok(cached.into_page(page))
    }

    /// Per-URL views, visitors, time and load-time percentiles (default 30 days).
    pub async fn performance(
        &self,
        principal: &Principal,
        store: StoreId,
        days: Option<i64>,
        page: PageRequest,
    ) -> Result<Page<UrlPerformance>> {
        let window = self.window(principal, store, days, SUMMARY_DAYS).await?;
        let storage = self.enid.storage();
        let key = format!(
            "performance:{}:{}:{}:{}",
            window.first_day,
            window.today,
            page.page(),
            page.page_size()
        );
        let cached = self
            .cached(store, &key, || async {
                let urls = storage.url_performance(store, window, page).await?;
                Ok(CachedPage {
                    count: urls.count,
                    items: urls.items.into_iter().map(UrlPerformance::from).collect(),
                })
            })
            .await?;
        Ok(cached.into_page(page))
    }

    /// `enid analytics rollup`: the page performance rows of `date` and, when the day is
    /// complete, its summary rollup recomputed from its page accesses (every write keeps it, so
    /// this only repairs). Idempotent.
    pub async fn roll_up(&self, store: StoreId, date: NaiveDate) -> Result<RollupReport> {
        let now = self.enid.now();
        if date > now.date_naive() {
            return Err(Error::invalid(
                "date",
                "Cannot roll up a day in the future.",
            ));
        }
        let storage = self.enid.storage();
        let pages = storage.roll_up_page_performance(store, date, now).await?;
        let complete = date < (now - ROLLUP_GRACE).date_naive();
        if complete {
            storage.roll_up_page_access_day(store, date).await?;
        }
        Ok(RollupReport {
            pages,
            summary_rolled_up: complete,
        })
    }

    // -- page sections ----------------------------------------------------------------------------

    pub async fn create_section(
        &self,
        principal: &Principal,
        store: StoreId,
        input: SectionInput,
    ) -> Result<PageSection> {
        principal.require(store, Permission::AnalyticsWrite)?;
        let section = NewSection::parse(input)?;
        self.enid
            .storage()
            .create_section(store, &section, self.enid.now())
            .await
    }

    pub async fn section(
        &self,
        principal: &Principal,
        store: StoreId,
        id: SectionId,
    ) -> Result<PageSection> {
        principal.require(store, Permission::AnalyticsRead)?;
        self.enid
            .storage()
            .section(store, id)
            .await?
            .ok_or_else(section_not_found)
    }

    pub async fn list_sections(
        &self,
        principal: &Principal,
        store: StoreId,
        filter: SectionFilter,
        page: PageRequest,
    ) -> Result<Page<PageSection>> {
        principal.require(store, Permission::AnalyticsRead)?;
        self.enid.storage().list_sections(store, filter, page).await
    }

    pub async fn update_section(
        &self,
        principal: &Principal,
        store: StoreId,
        id: SectionId,
        changes: SectionChanges,
    ) -> Result<PageSection> {
        principal.require(store, Permission::AnalyticsWrite)?;
        let changes = SectionUpdate::parse(changes)?;
        self.enid
            .storage()
            .update_section(store, id, &changes, self.enid.now())
            .await?
            .ok_or_else(section_not_found)
    }

    pub async fn delete_section(
        &self,
        principal: &Principal,
        store: StoreId,
        id: SectionId,
    ) -> Result<()> {
        principal.require(store, Permission::AnalyticsWrite)?;
        if self.enid.storage().delete_section(store, id).await? {
            Ok(())
        } else {
            Err(section_not_found())
        }
    }

    // -- user journeys ----------------------------------------------------------------------------

    /// Public: records a visitor's journey; `total_pages` is the length of `pages_visited`.
    pub async fn record_journey(
        &self,
        store: StoreId,
        client_ip: &str,
        input: JourneyInput,
    ) -> Result<UserJourney> {
        self.check_public_rate(client_ip).await?;
        let now = self.enid.now();
        let journey = NewJourney::parse(input, now)?;
        self.enid
            .storage()
            .create_journey(store, &journey, now)
            .await
    }

    pub async fn journey(
        &self,
        principal: &Principal,
        store: StoreId,
        id: JourneyId,
    ) -> Result<UserJourney> {
        principal.require(store, Permission::AnalyticsRead)?;
        self.enid
            .storage()
            .journey(store, id)
            .await?
            .ok_or_else(journey_not_found)
    }

    pub async fn list_journeys(
        &self,
        principal: &Principal,
        store: StoreId,
        filter: JourneyFilter,
        page: PageRequest,
    ) -> Result<Page<UserJourney>> {
        principal.require(store, Permission::AnalyticsRead)?;
        let filter = JourneyFilter {
            session_id: filter.session_id.filter(|s| !s.trim().is_empty()),
            since: filter.since,
        };
        self.enid
            .storage()
            .list_journeys(store, &filter, page)
            .await
    }

    pub async fn update_journey(
        &self,
        principal: &Principal,
        store: StoreId,
        id: JourneyId,
        changes: JourneyChanges,
    ) -> Result<UserJourney> {
        principal.require(store, Permission::AnalyticsWrite)?;
        let changes = JourneyUpdate::parse(changes)?;
        let storage = self.enid.storage();
        if let Some(ended_at) = changes.ended_at {
            let journey = storage
                .journey(store, id)
                .await?
                .ok_or_else(journey_not_found)?;
            if ended_at < journey.started_at {
                return Err(Error::invalid("ended_at", "Cannot be before started_at."));
            }
        }
        storage
            .update_journey(store, id, &changes, self.enid.now())
            .await?
            .ok_or_else(journey_not_found)
    }

    pub async fn delete_journey(
        &self,
        principal: &Principal,
        store: StoreId,
        id: JourneyId,
    ) -> Result<()> {
        principal.require(store, Permission::AnalyticsWrite)?;
        if self.enid.storage().delete_journey(store, id).await? {
            Ok(())
        } else {
            Err(journey_not_found())
        }
    }

    /// Journeys that started in the last `days` days (default 30).
    pub async fn journey_analytics(
        &self,
        principal: &Principal,
        store: StoreId,
        days: Option<i64>,
    ) -> Result<JourneyAnalytics> {
        principal.require(store, Permission::AnalyticsRead)?;
        let days = parse_days(days, SUMMARY_DAYS)?;
        let window = Window::ending(self.enid.now(), days);
        let counts = self.enid.storage().journey_counts(store, window).await?;
        Ok(JourneyAnalytics::new(days, counts))
    }

    // -- page performance rows --------------------------------------------------------------------

    pub async fn page_performance(
        &self,
        principal: &Principal,
        store: StoreId,
        id: PerformanceId,
    ) -> Result<PagePerformance> {
        principal.require(store, Permission::AnalyticsRead)?;
        self.enid
            .storage()
            .page_performance(store, id)
            .await?
            .ok_or_else(performance_not_found)
    }

    pub async fn list_page_performance(
        &self,
        principal: &Principal,
        store: StoreId,
        filter: PerformanceFilter,
        page: PageRequest,
    ) -> Result<Page<PagePerformance>> {
        principal.require(store, Permission::AnalyticsRead)?;
        if let (Some(from), Some(until)) = (filter.from, filter.until)
            && from > until
        {
            return Err(Error::invalid("since", "Must not be after until."));
        }
        let filter = PerformanceFilter {
            page_url: filter.page_url.filter(|u| !u.trim().is_empty()),
            ..filter
        };
        self.enid
            .storage()
            .list_page_performance(store, &filter, page)
            .await
    }

    /// The rows of one date, or of the last 7 days (today included) without one.
    pub async fn page_performance_by_date(
        &self,
        principal: &Principal,
        store: StoreId,
        date: Option<NaiveDate>,
        page: PageRequest,
    ) -> Result<Page<PagePerformance>> {
        let filter = match date {
            Some(date) => PerformanceFilter {
                page_url: None,
                from: Some(date),
                until: Some(date),
            },
            None => {
                let window = Window::ending(self.enid.now(), TRENDS_DAYS);
                PerformanceFilter {
                    page_url: None,
                    from: Some(window.first_day),
                    until: Some(window.today),
                }
            }
        };
        self.list_page_performance(principal, store, filter, page)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access(url: &str, event_id: Option<&str>) -> NewPageAccess {
        NewPageAccess::parse(PageAccessInput {
            page_url: url.into(),
            event_id: event_id.map(Into::into),
            ..Default::default()
        })
        .unwrap()
    }

    #[test]
    fn later_events_win_only_for_what_they_send() {
        let mut first = access("/a", Some("e1"));
        first.session_id = Some("s1".into());
        first.time_on_page = Some(5);
        let mut later = access("/b", Some("e1"));
        later.time_on_page = Some(30);
        merge(&mut first, later);
        assert_eq!(first.page_url, "/b");
        assert_eq!(first.session_id.as_deref(), Some("s1"));
        assert_eq!(first.time_on_page, Some(30));
    }
}
