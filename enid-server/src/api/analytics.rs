// poem-openapi handlers take every query parameter as an argument.
#![allow(clippy::too_many_arguments)]

//! Page analytics: the public event intake (single and batch), staff lists and metrics of page
//! accesses, page sections, user journeys and daily page performance.
//!
//! Metric definitions: UTC days; a window of `days` (1–365) covers today and the `days − 1`
//! days before it; every page access counts as a page view; `unique_visitors` are distinct
//! non-empty `session_id`s; `bounce_rate` = sessions with exactly one page access / sessions;
//! rates are `x / total × 100` and means `sum / count`, rounded half up to 2 decimals, 0 when
//! the total is 0; top lists hold the 10 largest, ties by name. Load-time percentiles are
//! nearest-rank: pXX is the smallest `metadata.load_time_ms` such that at least XX % of the
//! values are less than or equal to it.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::{ParseError, ParseFromJSON, ParseResult, ToJSON, Type};
use poem_openapi::{ApiResponse, Object, OpenApi};
use serde_json::Value;

use enid_core::Enid;
use enid_core::analytics::{
    EcommerceCounts, JourneyAnalytics, JourneyChanges, JourneyFilter, JourneyInput, PageAccess,
    PageAccessFilter, PageAccessInput, PagePerformance, PageSection, PerformanceFilter,
    SectionChanges, SectionFilter, SectionInput, SectionStats, Summary, TrendPoint, UrlPerformance,
    UserJourney,
};
use enid_core::pagination::PageRequest;

use super::{StoreHeader, Tag, Text};
use crate::context::{BearerAuth, client_ip, request_store};
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::pagination::paginated;

pub struct AnalyticsApi;

// -- page accesses ------------------------------------------------------------------------------

/// A page view or shop event.
#[derive(Debug, Object)]
pub struct PageAccessOut {
    id: i64,
    /// The client's id of the event; sending it again updates this row.
    event_id: Option<String>,
    page_url: String,
    page_title: String,
    section: String,
    user_id: String,
    session_id: String,
    user_agent: String,
    device_type: String,
    browser: String,
    os: String,
    referrer: String,
    utm_source: String,
    utm_medium: String,
    utm_campaign: String,
    /// Seconds.
    time_on_page: i32,
    /// Percent of the page scrolled, 0–100.
    scroll_depth: i32,
    interactions: i32,
    /// Free-form JSON object; `event_type` and `load_time_ms` feed the metrics.
    metadata: Value,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<PageAccess> for PageAccessOut {
    fn from(a: PageAccess) -> Self {
        Self {
            id: a.id,
            event_id: a.event_id,
            page_url: a.page_url,
            page_title: a.page_title,
            section: a.section,
            user_id: a.user_id,
            session_id: a.session_id,
            user_agent: a.user_agent,
            device_type: a.device_type,
            browser: a.browser,
            os: a.os,
            referrer: a.referrer,
            utm_source: a.utm_source,
            utm_medium: a.utm_medium,
            utm_campaign: a.utm_campaign,
            time_on_page: a.time_on_page,
            scroll_depth: a.scroll_depth,
            interactions: a.interactions,
            metadata: Value::Object(a.metadata),
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

paginated!(PageAccessPage, PageAccessOut);

/// A page view or shop event as a page sends it. Text fields are trimmed; blank ones count as
/// not sent.
#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
pub struct PageAccessIn {
    /// At most 2000 characters.
    page_url: Text,
    /// At most 500 characters.
    page_title: Option<Text>,
    /// At most 100 characters (as are user, session and event ids and UTM fields).
    section: Option<Text>,
    user_id: Option<Text>,
    session_id: Option<Text>,
    /// The client's unique id of this event: sending the same id again updates the stored
    /// event (200) instead of recording another (201).
    event_id: Option<Text>,
    /// At most 1000 characters.
    user_agent: Option<Text>,
    /// At most 50 characters, e.g. `mobile`, `desktop`, `tablet` (as are browser and os).
    device_type: Option<Text>,
    browser: Option<Text>,
    os: Option<Text>,
    /// At most 2000 characters.
    referrer: Option<Text>,
    utm_source: Option<Text>,
    utm_medium: Option<Text>,
    utm_campaign: Option<Text>,
    /// Seconds, ≥ 0.
    time_on_page: Option<i64>,
    /// Percent, 0–100.
    scroll_depth: Option<i64>,
    /// ≥ 0.
    interactions: Option<i64>,
    /// A JSON object of at most 16 KiB. `event_type` (a string: `product_view`, `add_to_cart`,
    /// `begin_checkout`, `purchase`, ...) and `load_time_ms` (a number, 0–3600000) feed the
    /// metrics.
    metadata: Option<Value>,
}

impl From<PageAccessIn> for PageAccessInput {
    fn from(a: PageAccessIn) -> Self {
        Self {
            page_url: a.page_url.0,
            page_title: a.page_title.map(String::from),
            section: a.section.map(String::from),
            user_id: a.user_id.map(String::from),
            session_id: a.session_id.map(String::from),
            event_id: a.event_id.map(String::from),
            user_agent: a.user_agent.map(String::from),
            device_type: a.device_type.map(String::from),
            browser: a.browser.map(String::from),
            os: a.os.map(String::from),
            referrer: a.referrer.map(String::from),
            utm_source: a.utm_source.map(String::from),
            utm_medium: a.utm_medium.map(String::from),
            utm_campaign: a.utm_campaign.map(String::from),
            time_on_page: a.time_on_page,
            scroll_depth: a.scroll_depth,
            interactions: a.interactions,
            metadata: a.metadata,
        }
    }
}

/// The events of a batch. A malformed event is reported with its index (`events[3]: ...`).
#[derive(Debug)]
pub struct Events(Vec<PageAccessIn>);

impl Type for Events {
    const IS_REQUIRED: bool = true;

    type RawValueType = Vec<PageAccessIn>;

    type RawElementValueType = PageAccessIn;

    fn name() -> Cow<'static, str> {
        <Vec<PageAccessIn>>::name()
    }

    fn schema_ref() -> MetaSchemaRef {
        <Vec<PageAccessIn>>::schema_ref()
    }

    fn register(registry: &mut Registry) {
        <Vec<PageAccessIn>>::register(registry);
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        Some(&self.0)
    }

    fn raw_element_iter<'a>(
        &'a self,
    ) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
        Box::new(self.0.iter())
    }
}

impl ParseFromJSON for Events {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        match value.unwrap_or_default() {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(index, item)| {
                    PageAccessIn::parse_from_json(Some(item)).map_err(|err| {
                        ParseError::custom(format!("events[{index}]: {}", err.message()))
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Self),
            other => Err(ParseError::expected_type(other)),
        }
    }
}

impl ToJSON for Events {
    fn to_json(&self) -> Option<Value> {
        self.0.to_json()
    }
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct PageAccessBatchIn {
    /// 1–500 events; all are validated before any is stored, then all are stored together.
    events: Events,
}

#[derive(Debug, Object)]
struct PageAccessBatchOut {
    /// Events received.
    received: usize,
    /// Events stored as new rows.
    created: usize,
    /// Events that updated a stored row (a known `event_id`, or one repeated in the batch).
    updated: usize,
    /// The row of each event, in the order sent.
    ids: Vec<i64>,
}

#[derive(ApiResponse)]
enum RecordResponse {
    /// Recorded as a new page access.
    #[oai(status = 201)]
    Created(Json<PageAccessOut>),
    /// The `event_id` was known: that page access was updated with the fields sent.
    #[oai(status = 200)]
    Updated(Json<PageAccessOut>),
}

#[derive(ApiResponse)]
enum BatchResponse {
    /// Every event was stored; at least one as a new row.
    #[oai(status = 201)]
    Created(Json<PageAccessBatchOut>),
    /// Every event updated a stored row.
    #[oai(status = 200)]
    Updated(Json<PageAccessBatchOut>),
}

#[derive(ApiResponse)]
enum PageAccessListResponse {
    /// A page of page accesses, newest first.
    #[oai(status = 200)]
    Ok(Json<PageAccessPage>),
}

#[derive(ApiResponse)]
enum PageAccessResponse {
    /// The page access.
    #[oai(status = 200)]
    Ok(Json<PageAccessOut>),
}

// -- metrics ------------------------------------------------------------------------------------

#[derive(Debug, Object)]
struct PageViewsOut {
    page_url: String,
    views: i64,
}

#[derive(Debug, Object)]
struct SectionViewsOut {
    section: String,
    views: i64,
}

/// Counts of `metadata.event_type` values.
#[derive(Debug, Object)]
struct EcommerceEventsOut {
    /// `product_view` events.
    product_views: i64,
    add_to_cart: i64,
    begin_checkout: i64,
    /// `purchase` events.
    purchases: i64,
}

impl From<EcommerceCounts> for EcommerceEventsOut {
    fn from(e: EcommerceCounts) -> Self {
        Self {
            product_views: e.product_views,
            add_to_cart: e.add_to_cart,
            begin_checkout: e.begin_checkout,
            purchases: e.purchases,
        }
    }
}

#[derive(Debug, Object)]
struct PageAccessSummaryOut {
    /// The window, in days (today included).
    days: u32,
    total_page_views: i64,
    /// Distinct non-empty session ids.
    unique_visitors: i64,
    /// Mean `time_on_page` (seconds).
    avg_time_on_page: f64,
    /// Sessions with exactly one page access / sessions × 100.
    bounce_rate: f64,
    /// The 10 most viewed URLs, ties by URL.
    top_pages: Vec<PageViewsOut>,
    /// The 10 most viewed non-empty sections, ties by name.
    top_sections: Vec<SectionViewsOut>,
    /// Page accesses per device type (the 20 most common; `unknown` when not sent).
    device_distribution: BTreeMap<String, i64>,
    /// Page accesses per browser (the 20 most common; `unknown` when not sent).
    browser_distribution: BTreeMap<String, i64>,
    ecommerce_events: EcommerceEventsOut,
}

impl From<Summary> for PageAccessSummaryOut {
    fn from(s: Summary) -> Self {
        Self {
            days: s.days,
            total_page_views: s.total_page_views,
            unique_visitors: s.unique_visitors,
            avg_time_on_page: s.avg_time_on_page,
            bounce_rate: s.bounce_rate,
            top_pages: s
                .top_pages
                .into_iter()
                .map(|p| PageViewsOut {
                    page_url: p.page_url,
                    views: p.views,
                })
                .collect(),
            top_sections: s
                .top_sections
                .into_iter()
                .map(|p| SectionViewsOut {
                    section: p.section,
                    views: p.views,
                })
                .collect(),
            device_distribution: s.device_distribution.into_iter().collect(),
            browser_distribution: s.browser_distribution.into_iter().collect(),
            ecommerce_events: s.ecommerce_events.into(),
        }
    }
}

/// The traffic of one UTC day; its sessions are counted within the day.
#[derive(Debug, Object)]
struct TrafficTrendOut {
    date: NaiveDate,
    page_views: i64,
    unique_visitors: i64,
    avg_time_on_page: f64,
    bounce_rate: f64,
}

impl From<TrendPoint> for TrafficTrendOut {
    fn from(t: TrendPoint) -> Self {
        Self {
            date: t.date,
            page_views: t.page_views,
            unique_visitors: t.unique_visitors,
            avg_time_on_page: t.avg_time_on_page,
            bounce_rate: t.bounce_rate,
        }
    }
}

/// One section's page accesses in the window.
#[derive(Debug, Object)]
pub struct SectionStatsOut {
    section_name: String,
    total_views: i64,
    /// Mean `time_on_page` (seconds).
    avg_time_on_section: f64,
    /// Mean `scroll_depth` (%).
    engagement_rate: f64,
    /// Mean `interactions`.
    avg_interactions: f64,
}

impl From<SectionStats> for SectionStatsOut {
    fn from(s: SectionStats) -> Self {
        Self {
            section_name: s.section_name,
            total_views: s.total_views,
            avg_time_on_section: s.avg_time_on_section,
            engagement_rate: s.engagement_rate,
            avg_interactions: s.avg_interactions,
        }
    }
}

paginated!(SectionStatsPage, SectionStatsOut);

/// One URL's page accesses in the window.
#[derive(Debug, Object)]
pub struct UrlPerformanceOut {
    page_url: String,
    page_views: i64,
    unique_visitors: i64,
    /// Mean `time_on_page` (seconds).
    avg_time_on_page: f64,
    /// Mean `metadata.load_time_ms`; null when none was sent.
    load_time_avg: Option<f64>,
    /// Nearest-rank 75th percentile of `metadata.load_time_ms`; null when none was sent.
    load_time_p75: Option<f64>,
    /// Nearest-rank 95th percentile of `metadata.load_time_ms`; null when none was sent.
    load_time_p95: Option<f64>,
}

impl From<UrlPerformance> for UrlPerformanceOut {
    fn from(u: UrlPerformance) -> Self {
        Self {
            page_url: u.page_url,
            page_views: u.page_views,
            unique_visitors: u.unique_visitors,
            avg_time_on_page: u.avg_time_on_page,
            load_time_avg: u.load_time_avg,
            load_time_p75: u.load_time_p75,
            load_time_p95: u.load_time_p95,
        }
    }
}

paginated!(UrlPerformancePage, UrlPerformanceOut);

#[derive(ApiResponse)]
enum SummaryResponse {
    /// The summary of the window.
    #[oai(status = 200)]
    Ok(Json<PageAccessSummaryOut>),
}

#[derive(ApiResponse)]
enum TrendsResponse {
    /// One entry per day of the window, oldest first, the last one today.
    #[oai(status = 200)]
    Ok(Json<Vec<TrafficTrendOut>>),
}

#[derive(ApiResponse)]
enum SectionStatsResponse {
    /// A page of sections, most viewed first (ties by name).
    #[oai(status = 200)]
    Ok(Json<SectionStatsPage>),
}

#[derive(ApiResponse)]
enum UrlPerformanceResponse {
    /// A page of URLs, most viewed first (ties by URL).
    #[oai(status = 200)]
    Ok(Json<UrlPerformancePage>),
}

// -- page sections ------------------------------------------------------------------------------

/// A section of the shop's pages to track.
#[derive(Debug, Object)]
pub struct PageSectionOut {
    id: i64,
    /// Unique in the store, regardless of case.
    name: String,
    description: String,
    page_url_pattern: String,
    /// CSS selector of the section.
    section_selector: String,
    is_active: bool,
    /// Lower first.
    priority: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<PageSection> for PageSectionOut {
    fn from(s: PageSection) -> Self {
        Self {
            id: s.id,
            name: s.name,
            description: s.description,
            page_url_pattern: s.page_url_pattern,
            section_selector: s.section_selector,
            is_active: s.is_active,
            priority: s.priority,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

paginated!(PageSectionPage, PageSectionOut);

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct PageSectionIn {
    /// 1–100 characters, unique in the store regardless of case.
    name: Text,
    /// At most 2000 characters.
    description: Option<Text>,
    /// 1–200 characters.
    page_url_pattern: Text,
    /// At most 200 characters.
    section_selector: Option<Text>,
    /// Default true.
    is_active: Option<bool>,
    /// Default 0.
    priority: Option<i32>,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct PageSectionPatch {
    name: Option<Text>,
    description: Option<Text>,
    page_url_pattern: Option<Text>,
    section_selector: Option<Text>,
    is_active: Option<bool>,
    priority: Option<i32>,
}

#[derive(ApiResponse)]
enum PageSectionListResponse {
    /// A page of sections, by priority, then name.
    #[oai(status = 200)]
    Ok(Json<PageSectionPage>),
}

#[derive(ApiResponse)]
enum PageSectionCreatedResponse {
    /// The section was created.
    #[oai(status = 201)]
    Created(Json<PageSectionOut>),
}

#[derive(ApiResponse)]
enum PageSectionResponse {
    /// The section.
    #[oai(status = 200)]
    Ok(Json<PageSectionOut>),
}

#[derive(ApiResponse)]
enum DeletedResponse {
    /// Deleted.
    #[oai(status = 204)]
    Deleted,
}

// -- user journeys ------------------------------------------------------------------------------

/// A visitor's way through the shop in one session.
#[derive(Debug, Object)]
pub struct UserJourneyOut {
    id: i64,
    session_id: String,
    user_id: String,
    entry_page: String,
    exit_page: String,
    /// In visiting order.
    pages_visited: Vec<String>,
    /// The length of `pages_visited`.
    total_pages: i32,
    /// Seconds.
    total_time: i32,
    /// What the visit achieved, e.g. `purchase`; empty when nothing.
    conversion_goal: String,
    started_at: DateTime<Utc>,
    ended_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
}

impl From<UserJourney> for UserJourneyOut {
    fn from(j: UserJourney) -> Self {
        Self {
            id: j.id,
            session_id: j.session_id,
            user_id: j.user_id,
            entry_page: j.entry_page,
            exit_page: j.exit_page,
            pages_visited: j.pages_visited,
            total_pages: j.total_pages,
            total_time: j.total_time,
            conversion_goal: j.conversion_goal,
            started_at: j.started_at,
            ended_at: j.ended_at,
            updated_at: j.updated_at,
        }
    }
}

paginated!(UserJourneyPage, UserJourneyOut);

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct UserJourneyIn {
    /// 1–100 characters.
    session_id: Text,
    user_id: Option<Text>,
    /// 1–2000 characters.
    entry_page: Text,
    exit_page: Option<Text>,
    /// At most 1000 pages of 1–2000 characters each.
    pages_visited: Option<Vec<Text>>,
    /// Derived from `pages_visited`; when sent it must equal its length.
    total_pages: Option<i64>,
    /// Seconds, ≥ 0.
    total_time: Option<i64>,
    /// At most 100 characters, e.g. `purchase`.
    conversion_goal: Option<Text>,
    /// Default now; not in the future.
    started_at: Option<DateTime<Utc>>,
    /// Not before `started_at`.
    ended_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct UserJourneyPatch {
    user_id: Option<Text>,
    entry_page: Option<Text>,
    exit_page: Option<Text>,
    /// Replaces the pages; `total_pages` follows.
    pages_visited: Option<Vec<Text>>,
    total_time: Option<i64>,
    conversion_goal: Option<Text>,
    ended_at: Option<DateTime<Utc>>,
}

fn texts(pages: Option<Vec<Text>>) -> Option<Vec<String>> {
    pages.map(|pages| pages.into_iter().map(String::from).collect())
}

#[derive(Debug, Object)]
struct EntryPageOut {
    entry_page: String,
    /// Journeys.
    count: i64,
}

#[derive(Debug, Object)]
struct ExitPageOut {
    exit_page: String,
    /// Journeys.
    count: i64,
}

#[derive(Debug, Object)]
struct UserJourneyAnalyticsOut {
    /// The window, in days (today included); journeys count by `started_at`.
    days: u32,
    total_journeys: i64,
    avg_pages_per_journey: f64,
    /// Seconds.
    avg_time_per_journey: f64,
    /// The 10 journeys with most pages (ties: latest first).
    top_journeys: Vec<UserJourneyOut>,
    /// The 10 most common entry pages, ties by page.
    entry_pages: Vec<EntryPageOut>,
    /// The 10 most common exit pages (journeys without one left out), ties by page.
    exit_pages: Vec<ExitPageOut>,
}

impl From<JourneyAnalytics> for UserJourneyAnalyticsOut {
    fn from(a: JourneyAnalytics) -> Self {
        Self {
            days: a.days,
            total_journeys: a.total_journeys,
            avg_pages_per_journey: a.avg_pages_per_journey,
            avg_time_per_journey: a.avg_time_per_journey,
            top_journeys: a
                .top_journeys
                .into_iter()
                .map(UserJourneyOut::from)
                .collect(),
            entry_pages: a
                .entry_pages
                .into_iter()
                .map(|c| EntryPageOut {
                    entry_page: c.value,
                    count: c.count,
                })
                .collect(),
            exit_pages: a
                .exit_pages
                .into_iter()
                .map(|c| ExitPageOut {
                    exit_page: c.value,
                    count: c.count,
                })
                .collect(),
        }
    }
}

#[derive(ApiResponse)]
enum JourneyCreatedResponse {
    /// The journey was recorded.
    #[oai(status = 201)]
    Created(Json<UserJourneyOut>),
}

#[derive(ApiResponse)]
enum JourneyListResponse {
    /// A page of journeys, latest start first.
    #[oai(status = 200)]
    Ok(Json<UserJourneyPage>),
}

#[derive(ApiResponse)]
enum JourneyResponse {
    /// The journey.
    #[oai(status = 200)]
    Ok(Json<UserJourneyOut>),
}

#[derive(ApiResponse)]
enum JourneyAnalyticsResponse {
    /// Journey analytics of the window.
    #[oai(status = 200)]
    Ok(Json<UserJourneyAnalyticsOut>),
}

// -- page performance ---------------------------------------------------------------------------

/// One page's day, computed by `enid analytics rollup` from that day's page accesses.
#[derive(Debug, Object)]
pub struct PagePerformanceOut {
    id: i64,
    page_url: String,
    date: NaiveDate,
    page_views: i64,
    /// Distinct non-empty sessions that viewed the page that day.
    unique_visitors: i64,
    /// Of those, sessions never seen in the store before that day.
    new_visitors: i64,
    /// Mean `time_on_page` (seconds).
    avg_time_on_page: f64,
    /// Visitors whose only page access that day was this page, × 100 / visitors.
    bounce_rate: f64,
    /// Visitors whose last page access that day was this page, × 100 / visitors.
    exit_rate: f64,
    /// Visitors with a `purchase` event that day.
    conversions: i64,
    /// Conversions × 100 / visitors.
    conversion_rate: f64,
    /// Mean `metadata.load_time_ms`; null when none was sent.
    load_time_avg: Option<f64>,
    /// Nearest-rank 75th percentile of `metadata.load_time_ms`.
    load_time_p75: Option<f64>,
    /// Nearest-rank 95th percentile of `metadata.load_time_ms`.
    load_time_p95: Option<f64>,
    computed_at: DateTime<Utc>,
}

impl From<PagePerformance> for PagePerformanceOut {
    fn from(p: PagePerformance) -> Self {
        Self {
            avg_time_on_page: p.avg_time_on_page(),
            bounce_rate: p.bounce_rate(),
            exit_rate: p.exit_rate(),
            conversion_rate: p.conversion_rate(),
            load_time_avg: p.load_time_avg(),
            load_time_p75: p.load_time_p75(),
            load_time_p95: p.load_time_p95(),
            id: p.id,
            page_url: p.page_url,
            date: p.date,
            page_views: p.page_views,
            unique_visitors: p.unique_visitors,
            new_visitors: p.new_visitors,
            conversions: p.conversions,
            computed_at: p.computed_at,
        }
    }
}

paginated!(PagePerformancePage, PagePerformanceOut);

#[derive(ApiResponse)]
enum PagePerformanceListResponse {
    /// A page of rows, latest date first, then by URL.
    #[oai(status = 200)]
    Ok(Json<PagePerformancePage>),
}

#[derive(ApiResponse)]
enum PagePerformanceResponse {
    /// The row.
    #[oai(status = 200)]
    Ok(Json<PagePerformanceOut>),
}

fn page_request(page: Query<Option<i64>>, page_size: Query<Option<i64>>) -> ApiResult<PageRequest> {
    Ok(PageRequest::new(page.0, page_size.0)?)
}

#[OpenApi(tag = "Tag::Analytics")]
impl AnalyticsApi {
    /// Record a page view or event
    ///
    /// Public. Records one page view or shop event (201). When its `event_id` is already stored
    /// in this store, that row is updated with the fields sent instead (200); fields left out
    /// keep their values. Rate limited per client IP.
    #[oai(
        path = "/page-analytics/page-access/",
        method = "post",
        operation_id = "record_page_access"
    )]
    async fn record(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<PageAccessIn>,
    ) -> ApiResult<RecordResponse> {
        let store = request_store(&enid, store.0).await?;
        let recorded = enid
            .analytics()
            .record(store.id, &client_ip(req), body.0.into())
            .await?;
        let access = Json(recorded.access.into());
        Ok(if recorded.created {
            RecordResponse::Created(access)
        } else {
            RecordResponse::Updated(access)
        })
    }

    /// Record a batch of events
    ///
    /// Public. Up to 500 events in one call. Every event is validated first; if any is invalid
    /// the answer is 400 naming each bad event by index (`events[3].scroll_depth`) and nothing
    /// is stored. Otherwise all are stored in one transaction. Repeated event ids behave as in
    /// the single call. Rate limited per client IP (one call counts once).
    #[oai(
        path = "/page-analytics/page-access/batch/",
        method = "post",
        operation_id = "record_page_access_batch"
    )]
    async fn record_batch(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<PageAccessBatchIn>,
    ) -> ApiResult<BatchResponse> {
        let store = request_store(&enid, store.0).await?;
        let events: Vec<PageAccessInput> = body.0.events.0.into_iter().map(Into::into).collect();
        let received = events.len();
        let outcome = enid
            .analytics()
            .record_batch(store.id, &client_ip(req), events)
            .await?;
        let out = Json(PageAccessBatchOut {
            received,
            created: outcome.created,
            updated: outcome.updated,
            ids: outcome.ids,
        });
        Ok(if outcome.created > 0 {
            BatchResponse::Created(out)
        } else {
            BatchResponse::Updated(out)
        })
    }

    /// List page accesses
    ///
    /// Staff. Newest first; `page_url`, `section` and `session_id` match exactly, `since`
    /// keeps accesses created at or after that instant.
    #[oai(
        path = "/page-analytics/page-access/",
        method = "get",
        operation_id = "list_page_accesses"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// Only accesses of this exact page URL.
        page_url: Query<Option<String>>,
        /// Only accesses of this exact section.
        section: Query<Option<String>>,
        /// Only accesses of this exact session id.
        session_id: Query<Option<String>>,
        /// Only accesses created at or after this instant.
        since: Query<Option<DateTime<Utc>>>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<PageAccessListResponse> {
        let store = request_store(&enid, store.0).await?;
        let filter = PageAccessFilter {
            page_url: page_url.0,
            section: section.0,
            session_id: session_id.0,
            since: since.0,
        };
        let accesses = enid
            .analytics()
            .list(&auth.0, store.id, filter, page_request(page, page_size)?)
            .await?;
        Ok(PageAccessListResponse::Ok(Json(PageAccessPage::new(
            req,
            accesses,
            PageAccessOut::from,
        ))))
    }

    /// Get a page access
    ///
    /// Staff. One page access of the store.
    #[oai(
        path = "/page-analytics/page-access/:id/",
        method = "get",
        operation_id = "get_page_access"
    )]
    async fn get(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The id of the recorded page view or event.
        id: Path<i64>,
    ) -> ApiResult<PageAccessResponse> {
        let store = request_store(&enid, store.0).await?;
        let access = enid
            .analytics()
            .page_access(&auth.0, store.id, id.0)
            .await?;
        Ok(PageAccessResponse::Ok(Json(access.into())))
    }

    /// Page analytics summary
    ///
    /// Staff. Over the last `days` days (1–365, default 30, today included): page views,
    /// unique visitors, mean time on page, bounce rate, top pages and sections, device and
    /// browser mix, and shop events (`metadata.event_type`). Exact, and cached until the next
    /// write.
    #[oai(
        path = "/page-analytics/page-access/summary/",
        method = "get",
        operation_id = "page_access_summary"
    )]
    async fn summary(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The window in days, today included (default 30).
        days: Query<Option<i64>>,
    ) -> ApiResult<SummaryResponse> {
        let store = request_store(&enid, store.0).await?;
        let summary = enid.analytics().summary(&auth.0, store.id, days.0).await?;
        Ok(SummaryResponse::Ok(Json(summary.into())))
    }

    /// Page analytics trends
    ///
    /// Staff. One entry per UTC day of the last `days` days (1–365, default 7), oldest first,
    /// the last one today: page views, unique visitors, mean time on page and bounce rate of
    /// the day.
    #[oai(
        path = "/page-analytics/page-access/trends/",
        method = "get",
        operation_id = "page_access_trends"
    )]
    async fn trends(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The window in days, today included (default 7).
        days: Query<Option<i64>>,
    ) -> ApiResult<TrendsResponse> {
        let store = request_store(&enid, store.0).await?;
        let trends = enid.analytics().trends(&auth.0, store.id, days.0).await?;
        Ok(TrendsResponse::Ok(Json(
            trends.into_iter().map(TrafficTrendOut::from).collect(),
        )))
    }

    /// Section analytics
    ///
    /// Staff. Per non-empty `section` over the last `days` days (1–365, default 30): views,
    /// mean time on page, mean scroll depth (`engagement_rate`) and mean interactions.
    #[oai(
        path = "/page-analytics/page-access/sections/",
        method = "get",
        operation_id = "page_access_sections"
    )]
    async fn sections(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The window in days, today included (default 30).
        days: Query<Option<i64>>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<SectionStatsResponse> {
        let store = request_store(&enid, store.0).await?;
        let sections = enid
            .analytics()
            .sections(&auth.0, store.id, days.0, page_request(page, page_size)?)
            .await?;
        Ok(SectionStatsResponse::Ok(Json(SectionStatsPage::new(
            req,
            sections,
            SectionStatsOut::from,
        ))))
    }

    /// Page performance analytics
    ///
    /// Staff. Per page URL over the last `days` days (1–365, default 30): views, unique
    /// visitors, mean time on page, and mean, p75 and p95 of `metadata.load_time_ms` (null when
    /// no load time was sent).
    #[oai(
        path = "/page-analytics/page-access/performance/",
        method = "get",
        operation_id = "page_access_performance"
    )]
    async fn performance(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The window in days, today included (default 30).
        days: Query<Option<i64>>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<UrlPerformanceResponse> {
        let store = request_store(&enid, store.0).await?;
        let urls = enid
            .analytics()
            .performance(&auth.0, store.id, days.0, page_request(page, page_size)?)
            .await?;
        Ok(UrlPerformanceResponse::Ok(Json(UrlPerformancePage::new(
            req,
            urls,
            UrlPerformanceOut::from,
        ))))
    }

    /// List page sections
    ///
    /// Staff. The store's sections by priority, then name; `is_active` filters.
    #[oai(
        path = "/page-analytics/page-sections/",
        method = "get",
        operation_id = "list_page_sections"
    )]
    async fn list_sections(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// Only active (true) or inactive (false) sections.
        is_active: Query<Option<bool>>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<PageSectionListResponse> {
        let store = request_store(&enid, store.0).await?;
        let sections = enid
            .analytics()
            .list_sections(
                &auth.0,
                store.id,
                SectionFilter {
                    is_active: is_active.0,
                },
                page_request(page, page_size)?,
            )
            .await?;
        Ok(PageSectionListResponse::Ok(Json(PageSectionPage::new(
            req,
            sections,
            PageSectionOut::from,
        ))))
    }

    /// List active page sections
    ///
    /// Staff. The active sections, by priority, then name.
    #[oai(
        path = "/page-analytics/page-sections/active/",
        method = "get",
        operation_id = "list_active_page_sections"
    )]
    async fn active_sections(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<PageSectionListResponse> {
        let store = request_store(&enid, store.0).await?;
        let sections = enid
            .analytics()
            .list_sections(
                &auth.0,
                store.id,
                SectionFilter {
                    is_active: Some(true),
                },
                page_request(page, page_size)?,
            )
            .await?;
        Ok(PageSectionListResponse::Ok(Json(PageSectionPage::new(
            req,
            sections,
            PageSectionOut::from,
        ))))
    }

    /// Create a page section
    ///
    /// Staff. A name already used in the store (regardless of case) is a 409
    /// `section_name_taken`.
    #[oai(
        path = "/page-analytics/page-sections/",
        method = "post",
        operation_id = "create_page_section"
    )]
    async fn create_section(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<PageSectionIn>,
    ) -> ApiResult<PageSectionCreatedResponse> {
        let store = request_store(&enid, store.0).await?;
        let b = body.0;
        let section = enid
            .analytics()
            .create_section(
                &auth.0,
                store.id,
                SectionInput {
                    name: b.name.0,
                    description: b.description.map(String::from),
                    page_url_pattern: b.page_url_pattern.0,
                    section_selector: b.section_selector.map(String::from),
                    is_active: b.is_active,
                    priority: b.priority,
                },
            )
            .await?;
        Ok(PageSectionCreatedResponse::Created(Json(section.into())))
    }

    /// Get a page section
    ///
    /// Staff.
    #[oai(
        path = "/page-analytics/page-sections/:id/",
        method = "get",
        operation_id = "get_page_section"
    )]
    async fn get_section(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The page section's id.
        id: Path<i64>,
    ) -> ApiResult<PageSectionResponse> {
        let store = request_store(&enid, store.0).await?;
        let section = enid.analytics().section(&auth.0, store.id, id.0).await?;
        Ok(PageSectionResponse::Ok(Json(section.into())))
    }

    /// Update a page section
    ///
    /// Staff. Changes the fields sent; a taken name is a 409 `section_name_taken`.
    #[oai(
        path = "/page-analytics/page-sections/:id/",
        method = "patch",
        operation_id = "update_page_section"
    )]
    async fn update_section(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The page section's id.
        id: Path<i64>,
        body: JsonBody<PageSectionPatch>,
    ) -> ApiResult<PageSectionResponse> {
        let store = request_store(&enid, store.0).await?;
        let b = body.0;
        let section = enid
            .analytics()
            .update_section(
                &auth.0,
                store.id,
                id.0,
                SectionChanges {
                    name: b.name.map(String::from),
                    description: b.description.map(String::from),
                    page_url_pattern: b.page_url_pattern.map(String::from),
                    section_selector: b.section_selector.map(String::from),
                    is_active: b.is_active,
                    priority: b.priority,
                },
            )
            .await?;
        Ok(PageSectionResponse::Ok(Json(section.into())))
    }

    /// Delete a page section
    ///
    /// Staff.
    #[oai(
        path = "/page-analytics/page-sections/:id/",
        method = "delete",
        operation_id = "delete_page_section"
    )]
    async fn delete_section(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The page section's id.
        id: Path<i64>,
    ) -> ApiResult<DeletedResponse> {
        let store = request_store(&enid, store.0).await?;
        enid.analytics()
            .delete_section(&auth.0, store.id, id.0)
            .await?;
        Ok(DeletedResponse::Deleted)
    }

    /// Record a user journey
    ///
    /// Public. A visitor's journey through the shop; `total_pages` is the length of
    /// `pages_visited`. Rate limited per client IP.
    #[oai(
        path = "/page-analytics/user-journey/",
        method = "post",
        operation_id = "record_user_journey"
    )]
    async fn record_journey(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<UserJourneyIn>,
    ) -> ApiResult<JourneyCreatedResponse> {
        let store = request_store(&enid, store.0).await?;
        let b = body.0;
        let journey = enid
            .analytics()
            .record_journey(
                store.id,
                &client_ip(req),
                JourneyInput {
                    session_id: b.session_id.0,
                    user_id: b.user_id.map(String::from),
                    entry_page: b.entry_page.0,
                    exit_page: b.exit_page.map(String::from),
                    pages_visited: texts(b.pages_visited),
                    total_pages: b.total_pages,
                    total_time: b.total_time,
                    conversion_goal: b.conversion_goal.map(String::from),
                    started_at: b.started_at,
                    ended_at: b.ended_at,
                },
            )
            .await?;
        Ok(JourneyCreatedResponse::Created(Json(journey.into())))
    }

    /// List user journeys
    ///
    /// Staff. Latest start first; `session_id` matches exactly, `since` keeps journeys started
    /// at or after that instant.
    #[oai(
        path = "/page-analytics/user-journey/",
        method = "get",
        operation_id = "list_user_journeys"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn list_journeys(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// Only journeys of this exact session id.
        session_id: Query<Option<String>>,
        /// Only journeys started at or after this instant.
        since: Query<Option<DateTime<Utc>>>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<JourneyListResponse> {
        let store = request_store(&enid, store.0).await?;
        let journeys = enid
            .analytics()
            .list_journeys(
                &auth.0,
                store.id,
                JourneyFilter {
                    session_id: session_id.0,
                    since: since.0,
                },
                page_request(page, page_size)?,
            )
            .await?;
        Ok(JourneyListResponse::Ok(Json(UserJourneyPage::new(
            req,
            journeys,
            UserJourneyOut::from,
        ))))
    }

    /// User journey analytics
    ///
    /// Staff. Over the journeys started in the last `days` days (1–365, default 30): how many,
    /// mean pages and time, the 10 longest, and the most common entry and exit pages.
    #[oai(
        path = "/page-analytics/user-journey/analytics/",
        method = "get",
        operation_id = "user_journey_analytics"
    )]
    async fn journey_analytics(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The window in days, today included (default 30).
        days: Query<Option<i64>>,
    ) -> ApiResult<JourneyAnalyticsResponse> {
        let store = request_store(&enid, store.0).await?;
        let analytics = enid
            .analytics()
            .journey_analytics(&auth.0, store.id, days.0)
            .await?;
        Ok(JourneyAnalyticsResponse::Ok(Json(analytics.into())))
    }

    /// Get a user journey
    ///
    /// Staff.
    #[oai(
        path = "/page-analytics/user-journey/:id/",
        method = "get",
        operation_id = "get_user_journey"
    )]
    async fn get_journey(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The user journey's id.
        id: Path<i64>,
    ) -> ApiResult<JourneyResponse> {
        let store = request_store(&enid, store.0).await?;
        let journey = enid.analytics().journey(&auth.0, store.id, id.0).await?;
        Ok(JourneyResponse::Ok(Json(journey.into())))
    }

    /// Update a user journey
    ///
    /// Staff. Changes the fields sent; new `pages_visited` update `total_pages`.
    #[oai(
        path = "/page-analytics/user-journey/:id/",
        method = "patch",
        operation_id = "update_user_journey"
    )]
    async fn update_journey(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The user journey's id.
        id: Path<i64>,
        body: JsonBody<UserJourneyPatch>,
    ) -> ApiResult<JourneyResponse> {
        let store = request_store(&enid, store.0).await?;
        let b = body.0;
        let journey = enid
            .analytics()
            .update_journey(
                &auth.0,
                store.id,
                id.0,
                JourneyChanges {
                    user_id: b.user_id.map(String::from),
                    entry_page: b.entry_page.map(String::from),
                    exit_page: b.exit_page.map(String::from),
                    pages_visited: texts(b.pages_visited),
                    total_time: b.total_time,
                    conversion_goal: b.conversion_goal.map(String::from),
                    ended_at: b.ended_at,
                },
            )
            .await?;
        Ok(JourneyResponse::Ok(Json(journey.into())))
    }

    /// Delete a user journey
    ///
    /// Staff.
    #[oai(
        path = "/page-analytics/user-journey/:id/",
        method = "delete",
        operation_id = "delete_user_journey"
    )]
    async fn delete_journey(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The user journey's id.
        id: Path<i64>,
    ) -> ApiResult<DeletedResponse> {
        let store = request_store(&enid, store.0).await?;
        enid.analytics()
            .delete_journey(&auth.0, store.id, id.0)
            .await?;
        Ok(DeletedResponse::Deleted)
    }

    /// List daily page performance
    ///
    /// Staff. The rows `enid analytics rollup` computed, latest date first, then by URL;
    /// `page_url` matches exactly, `since` and `until` bound the date (inclusive).
    #[oai(
        path = "/page-analytics/page-performance/",
        method = "get",
        operation_id = "list_page_performance"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn list_performance(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// Only rows of this exact page URL.
        page_url: Query<Option<String>>,
        /// Only rows of this date or later.
        since: Query<Option<NaiveDate>>,
        /// Only rows of this date or earlier.
        until: Query<Option<NaiveDate>>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<PagePerformanceListResponse> {
        let store = request_store(&enid, store.0).await?;
        let rows = enid
            .analytics()
            .list_page_performance(
                &auth.0,
                store.id,
                PerformanceFilter {
                    page_url: page_url.0,
                    from: since.0,
                    until: until.0,
                },
                page_request(page, page_size)?,
            )
            .await?;
        Ok(PagePerformanceListResponse::Ok(Json(
            PagePerformancePage::new(req, rows, PagePerformanceOut::from),
        )))
    }

    /// Daily page performance of a date
    ///
    /// Staff. The rows of `date` (YYYY-MM-DD), or of the last 7 days (today included) without
    /// one, latest date first, then by URL.
    #[oai(
        path = "/page-analytics/page-performance/by_date/",
        method = "get",
        operation_id = "page_performance_by_date"
    )]
    async fn performance_by_date(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The day whose rows to answer; the last 7 days when absent.
        date: Query<Option<NaiveDate>>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<PagePerformanceListResponse> {
        let store = request_store(&enid, store.0).await?;
        let rows = enid
            .analytics()
            .page_performance_by_date(&auth.0, store.id, date.0, page_request(page, page_size)?)
            .await?;
        Ok(PagePerformanceListResponse::Ok(Json(
            PagePerformancePage::new(req, rows, PagePerformanceOut::from),
        )))
    }

    /// Get a daily page performance row
    ///
    /// Staff.
    #[oai(
        path = "/page-analytics/page-performance/:id/",
        method = "get",
        operation_id = "get_page_performance"
    )]
    async fn get_performance(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The id of the daily page-performance row.
        id: Path<i64>,
    ) -> ApiResult<PagePerformanceResponse> {
        let store = request_store(&enid, store.0).await?;
        let row = enid
            .analytics()
            .page_performance(&auth.0, store.id, id.0)
            .await?;
        Ok(PagePerformanceResponse::Ok(Json(row.into())))
    }
}
