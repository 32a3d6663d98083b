//! Page analytics: page views and shop events (page accesses), the page sections a shop tracks,
//! visitors' journeys, and daily per-page performance.
//!
//! Every metric is an exact aggregation in the database, per store. Storage hands back integer
//! counts and sums; this module turns them into the published numbers (means, percentages, ms), so
//! both backends agree to the last digit. Definitions (API.md): UTC days; a window of `days` covers
//! today and the `days − 1` days before it; rates are `x / total × 100` and means `sum / count`,
//! rounded half up to 2 decimals, 0 when the total is 0.

mod seed;
mod service;
mod storage;

pub use seed::{SeedBatch, Seeder};
pub use service::{AnalyticsService, RollupReport, SeedPlan, SeedReport};
pub use storage::{PageAccessStore, PagePerformanceStore, PageSectionStore, UserJourneyStore};

use std::collections::BTreeMap;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, FieldErrors, Result, Validator};
use crate::pagination::Page;
use crate::text::{clean_line, clean_text};

pub type PageAccessId = i64;
pub type SectionId = i64;
pub type JourneyId = i64;
pub type PerformanceId = i64;

pub const PAGE_URL_MAX_CHARS: usize = 2000;
pub const PAGE_TITLE_MAX_CHARS: usize = 500;
/// Sections, user and session ids, event ids, UTM fields and conversion goals.
pub const LABEL_MAX_CHARS: usize = 100;
/// Device type, browser and operating system.
pub const DEVICE_FIELD_MAX_CHARS: usize = 50;
pub const USER_AGENT_MAX_CHARS: usize = 1000;
/// `metadata` serialised as compact JSON.
pub const METADATA_MAX_BYTES: usize = 16 * 1024;
pub const EVENT_TYPE_MAX_CHARS: usize = 50;
/// One hour: a longer "load time" is a broken measurement, not a slow page.
pub const LOAD_TIME_MAX_MS: f64 = 3_600_000.0;
/// `time_on_page` and `interactions` fit a 32-bit column.
pub const COUNTER_MAX: i64 = i32::MAX as i64;
pub const BATCH_MAX_EVENTS: usize = 500;
pub const JOURNEY_MAX_PAGES: usize = 1000;
pub const SECTION_NAME_MAX_CHARS: usize = 100;
pub const SECTION_DESCRIPTION_MAX_CHARS: usize = 2000;
pub const SECTION_PATTERN_MAX_CHARS: usize = 200;
/// Top lists (pages, sections, journeys, entry and exit pages) hold this many entries.
pub const TOP_LIMIT: usize = 10;
/// Device and browser distributions name the most common values, at most this many.
pub const DISTRIBUTION_LIMIT: usize = 20;
pub const MAX_WINDOW_DAYS: i64 = 365;

/// The `metadata.event_type` values the summary counts as shop events.
pub mod event_types {
    pub const PRODUCT_VIEW: &str = "product_view";
    pub const ADD_TO_CART: &str = "add_to_cart";
    pub const BEGIN_CHECKOUT: &str = "begin_checkout";
    pub const PURCHASE: &str = "purchase";
}

// ---------------------------------------------------------------------------------------------
// Windows and rounding

/// A window of whole UTC days ending today: `days` days, today included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    pub first_day: NaiveDate,
    pub today: NaiveDate,
}

impl Window {
    /// The `days` days ending on `now`'s UTC day. `days` comes from [`parse_days`].
    pub fn ending(now: DateTime<Utc>, days: u32) -> Self {
        let today = now.date_naive();
        let first_day = today
            .checked_sub_days(Days::new(u64::from(days.max(1) - 1)))
            .expect("a window of at most 365 days starts after year 0");
        Self { first_day, today }
    }

    pub fn days(&self) -> u32 {
        ((self.today - self.first_day).num_days() + 1) as u32
    }

    /// Midnight at the start of the first day.
    pub fn start(&self) -> DateTime<Utc> {
        day_start(self.first_day)
    }

    /// Midnight at the end of today (exclusive).
    pub fn end(&self) -> DateTime<Utc> {
        day_start(next_day(self.today))
    }

    /// Every day of the window, oldest first.
    pub fn each_day(&self) -> impl Iterator<Item = NaiveDate> {
        self.first_day.iter_days().take(self.days() as usize)
    }
}

pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc()
}

pub fn next_day(day: NaiveDate) -> NaiveDate {
    day.succ_opt().expect("dates stay far from the end of time")
}

/// The `days` query parameter: 1–365, `default` when absent.
pub fn parse_days(days: Option<i64>, default: u32) -> Result<u32> {
    match days {
        None => Ok(default),
        Some(days) if (1..=MAX_WINDOW_DAYS).contains(&days) => Ok(days as u32),
        Some(_) => Err(Error::invalid(
            "days",
            format!("Must be between 1 and {MAX_WINDOW_DAYS}."),
        )),
    }
}

/// `part / total × 100`, rounded half up to 2 decimals; 0 when `total` is 0. Integer arithmetic,
/// so every backend and platform gives the same digits.
pub fn percentage(part: i64, total: i64) -> f64 {
    if total <= 0 {
        return 0.0;
    }
    let (part, total) = (i128::from(part), i128::from(total));
    ((part * 20_000 + total) / (2 * total)) as f64 / 100.0
}

/// `sum / count`, rounded half up to 2 decimals; 0 when `count` is 0.
pub fn mean(sum: i64, count: i64) -> f64 {
    if count <= 0 {
        return 0.0;
    }
    let (sum, count) = (i128::from(sum), i128::from(count));
    ((sum * 200 + count) / (2 * count)) as f64 / 100.0
}

/// Microseconds as milliseconds rounded half up to 2 decimals.
pub fn micros_as_ms(micros: i64) -> f64 {
    ((i128::from(micros) * 2 + 10) / 20) as f64 / 100.0
}

/// The mean of `count` durations summing `sum_micros`, in milliseconds rounded to 2 decimals.
pub fn mean_ms(sum_micros: i64, count: i64) -> Option<f64> {
    (count > 0).then(|| {
        let (sum, count) = (i128::from(sum_micros), i128::from(count));
        ((sum * 2 + count * 10) / (count * 20)) as f64 / 100.0
    })
}

/// The rank (1-based, in ascending order) of the nearest-rank percentile `p` (0–100) of `n`
/// values: ⌈p·n/100⌉, at least 1. The value at that rank is the smallest stored value such that
/// at least p % of the values are less than or equal to it (PostgreSQL's `percentile_disc`).
pub fn nearest_rank(p: i64, n: i64) -> i64 {
    ((p * n + 99) / 100).max(1)
}

// ---------------------------------------------------------------------------------------------
// Input text

/// Optional single-line text: trimmed; blank means absent.
fn optional_line(
    v: &mut Validator,
    field: &str,
    value: Option<String>,
    max: usize,
) -> Option<String> {
    let value = value?;
    if value.trim().is_empty() {
        return None;
    }
    v.field(clean_line(field, &value, max))
}

fn required_line(v: &mut Validator, field: &str, value: &str, max: usize) -> Option<String> {
    v.field(clean_line(field, value, max))
}

/// Multi-line text (descriptions); blank is the empty string.
fn multiline(v: &mut Validator, field: &str, value: &str, max: usize) -> Option<String> {
    v.field(clean_text(field, value, max))
}

fn counter(v: &mut Validator, field: &str, value: Option<i64>, max: i64) -> Option<i32> {
    let value = value?;
    if value < 0 {
        v.add(field, "Ensure this value is greater than or equal to 0.");
        None
    } else if value > max {
        v.add(
            field,
            format!("Ensure this value is less than or equal to {max}."),
        );
        None
    } else {
        Some(value as i32)
    }
}

/// Re-keys field errors under `prefix`, e.g. `events[3].scroll_depth`.
fn prefixed(prefix: &str, err: Error) -> FieldErrors {
    if err.fields.is_empty() {
        return [(prefix.to_owned(), vec![err.detail])].into();
    }
    err.fields
        .into_iter()
        .map(|(field, messages)| (format!("{prefix}.{field}"), messages))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Page accesses

/// A page view or shop event as a client sends it. Absent fields are `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageAccessInput {
    pub page_url: String,
    pub page_title: Option<String>,
    pub section: Option<String>,
    pub user_id: Option<String>,
    pub session_id: Option<String>,
    pub event_id: Option<String>,
    pub user_agent: Option<String>,
    pub device_type: Option<String>,
    pub browser: Option<String>,
    pub os: Option<String>,
    pub referrer: Option<String>,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub time_on_page: Option<i64>,
    pub scroll_depth: Option<i64>,
    pub interactions: Option<i64>,
    pub metadata: Option<Value>,
}

/// `metadata`: a JSON object of bounded size, with the two keys the metrics read extracted at
/// write time so no query parses JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    pub object: Map<String, Value>,
    /// `object` as compact JSON, written once here and stored as is.
    pub json: String,
    /// `metadata.event_type` (e.g. `product_view`, `purchase`).
    pub event_type: Option<String>,
    /// `metadata.load_time_ms` in whole microseconds, so sums and means are exact integers.
    pub load_time_us: Option<i64>,
}

impl Metadata {
    pub fn parse(value: Value) -> Result<Self> {
        let Value::Object(object) = value else {
            return Err(Error::invalid("metadata", "Must be a JSON object."));
        };
        let json = serde_json::to_string(&object).map_err(Error::internal)?;
        if json.len() > METADATA_MAX_BYTES {
            return Err(Error::invalid(
                "metadata",
                format!("Must be at most {METADATA_MAX_BYTES} bytes of JSON."),
            ));
        }
        let mut v = Validator::new();
        let event_type = match object.get("event_type") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => optional_line(
                &mut v,
                "metadata.event_type",
                Some(text.clone()),
                EVENT_TYPE_MAX_CHARS,
            ),
            Some(_) => {
                v.add("metadata.event_type", "Must be a string.");
                None
            }
        };
        let load_time_us = match object.get("load_time_ms") {
            None | Some(Value::Null) => None,
            Some(value) => match value.as_f64() {
                Some(ms) if (0.0..=LOAD_TIME_MAX_MS).contains(&ms) => {
                    Some((ms * 1000.0).round() as i64)
                }
                _ => {
                    v.add(
                        "metadata.load_time_ms",
                        format!("Must be a number of milliseconds from 0 to {LOAD_TIME_MAX_MS}."),
                    );
                    None
                }
            },
        };
        v.finish()?;
        Ok(Self {
            object,
            json,
            event_type,
            load_time_us,
        })
    }
}

/// A validated page access. Optional fields that are `None` were not sent: a new row stores
/// the empty value, and a repeated `event_id` keeps what the row already has.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPageAccess {
    pub page_url: String,
    pub event_id: Option<String>,
    pub page_title: Option<String>,
    pub section: Option<String>,
    pub user_id: Option<String>,
    pub session_id: Option<String>,
    pub user_agent: Option<String>,
    pub device_type: Option<String>,
    pub browser: Option<String>,
    pub os: Option<String>,
    pub referrer: Option<String>,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    pub time_on_page: Option<i32>,
    pub scroll_depth: Option<i32>,
    pub interactions: Option<i32>,
    pub metadata: Option<Metadata>,
}

impl NewPageAccess {
    /// Checks every field and reports all the invalid ones at once.
    pub fn parse(input: PageAccessInput) -> Result<Self> {
        let mut v = Validator::new();
        let page_url = required_line(&mut v, "page_url", &input.page_url, PAGE_URL_MAX_CHARS);
        let line = |v: &mut Validator, field: &str, value: Option<String>, max: usize| {
            optional_line(v, field, value, max)
        };
        let access = Self {
            page_url: String::new(),
            event_id: line(&mut v, "event_id", input.event_id, LABEL_MAX_CHARS),
            page_title: line(&mut v, "page_title", input.page_title, PAGE_TITLE_MAX_CHARS),
            section: line(&mut v, "section", input.section, LABEL_MAX_CHARS),
            user_id: line(&mut v, "user_id", input.user_id, LABEL_MAX_CHARS),
            session_id: line(&mut v, "session_id", input.session_id, LABEL_MAX_CHARS),
            user_agent: line(&mut v, "user_agent", input.user_agent, USER_AGENT_MAX_CHARS),
            device_type: line(
                &mut v,
                "device_type",
                input.device_type,
                DEVICE_FIELD_MAX_CHARS,
            ),
            browser: line(&mut v, "browser", input.browser, DEVICE_FIELD_MAX_CHARS),
            os: line(&mut v, "os", input.os, DEVICE_FIELD_MAX_CHARS),
            referrer: line(&mut v, "referrer", input.referrer, PAGE_URL_MAX_CHARS),
            utm_source: line(&mut v, "utm_source", input.utm_source, LABEL_MAX_CHARS),
            utm_medium: line(&mut v, "utm_medium", input.utm_medium, LABEL_MAX_CHARS),
            utm_campaign: line(&mut v, "utm_campaign", input.utm_campaign, LABEL_MAX_CHARS),
            time_on_page: counter(&mut v, "time_on_page", input.time_on_page, COUNTER_MAX),
            scroll_depth: counter(&mut v, "scroll_depth", input.scroll_depth, 100),
            interactions: counter(&mut v, "interactions", input.interactions, COUNTER_MAX),
            metadata: input.metadata.and_then(|m| v.field(Metadata::parse(m))),
        };
        v.finish()?;
        Ok(Self {
            page_url: page_url.expect("validated"),
            ..access
        })
    }

    /// Parses a batch: 1–500 events, every one checked before any is stored. Errors name the
    /// event: `events[3].scroll_depth`.
    pub fn parse_batch(inputs: Vec<PageAccessInput>) -> Result<Vec<Self>> {
        if inputs.is_empty() || inputs.len() > BATCH_MAX_EVENTS {
            return Err(Error::invalid(
                "events",
                format!("Send between 1 and {BATCH_MAX_EVENTS} events."),
            ));
        }
        let mut fields = FieldErrors::new();
        let mut accesses = Vec::with_capacity(inputs.len());
        for (index, input) in inputs.into_iter().enumerate() {
            match Self::parse(input) {
                Ok(access) => accesses.push(access),
                Err(err) => fields.extend(prefixed(&format!("events[{index}]"), err)),
            }
        }
        if fields.is_empty() {
            return Ok(accesses);
        }
        let mut invalid: Vec<String> = fields
            .keys()
            .filter_map(|key| key.strip_prefix("events[")?.split(']').next())
            .map(str::to_owned)
            .collect();
        invalid.dedup();
        let mut err = Error::validation(fields);
        err.detail = format!(
            "Invalid events at index {}; nothing was stored.",
            invalid.join(", ")
        );
        Err(err)
    }
}

/// A page access as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageAccess {
    pub id: PageAccessId,
    pub event_id: Option<String>,
    pub page_url: String,
    pub page_title: String,
    pub section: String,
    pub user_id: String,
    pub session_id: String,
    pub user_agent: String,
    pub device_type: String,
    pub browser: String,
    pub os: String,
    pub referrer: String,
    pub utm_source: String,
    pub utm_medium: String,
    pub utm_campaign: String,
    pub time_on_page: i32,
    pub scroll_depth: i32,
    pub interactions: i32,
    pub metadata: Map<String, Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl PageAccess {
    /// The row an insert of `access` at `at` stores as `id`: what was not sent is empty, and the
    /// timestamps keep the microseconds the databases keep.
    pub fn inserted(id: PageAccessId, access: &NewPageAccess, at: DateTime<Utc>) -> Self {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let at = at.trunc_subsecs(6);
        Self {
            id,
            event_id: access.event_id.clone(),
            page_url: access.page_url.clone(),
            page_title: text(&access.page_title),
            section: text(&access.section),
            user_id: text(&access.user_id),
            session_id: text(&access.session_id),
            user_agent: text(&access.user_agent),
            device_type: text(&access.device_type),
            browser: text(&access.browser),
            os: text(&access.os),
            referrer: text(&access.referrer),
            utm_source: text(&access.utm_source),
            utm_medium: text(&access.utm_medium),
            utm_campaign: text(&access.utm_campaign),
            time_on_page: access.time_on_page.unwrap_or(0),
            scroll_depth: access.scroll_depth.unwrap_or(0),
            interactions: access.interactions.unwrap_or(0),
            metadata: access
                .metadata
                .as_ref()
                .map(|m| m.object.clone())
                .unwrap_or_default(),
            created_at: at,
            updated_at: at,
        }
    }
}

/// The row an event was recorded in.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedAccess {
    pub access: PageAccess,
    /// False when a stored row with the same `event_id` was updated instead.
    pub created: bool,
}

/// What recording one event of a batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    pub id: PageAccessId,
    /// False when a stored row with the same `event_id` was updated instead.
    pub created: bool,
}

/// The result of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchOutcome {
    /// The row of each event, in the order sent (repeated event ids share a row).
    pub ids: Vec<PageAccessId>,
    pub created: usize,
    pub updated: usize,
}

/// A page access with its own timestamp, for seeding and imports.
#[derive(Debug, Clone, PartialEq)]
pub struct BackdatedPageAccess {
    pub access: NewPageAccess,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageAccessFilter {
    pub page_url: Option<String>,
    pub section: Option<String>,
    pub session_id: Option<String>,
    /// Accesses created at or after this instant.
    pub since: Option<DateTime<Utc>>,
}

// ---------------------------------------------------------------------------------------------
// Metrics as storage computes them: integer counts and sums

/// What one stored page access adds to the rollup of its day: the columns the metrics read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessFacts {
    pub day: NaiveDate,
    pub session_id: String,
    pub page_url: String,
    pub section: String,
    pub device_type: String,
    pub browser: String,
    pub event_type: Option<String>,
    pub time_on_page: i64,
    pub scroll_depth: i64,
    pub interactions: i64,
}

impl AccessFacts {
    /// The facts of a stored row; `event_type` is its extracted column.
    pub fn of(access: &PageAccess, event_type: Option<String>) -> Self {
        Self {
            day: access.created_at.date_naive(),
            session_id: access.session_id.clone(),
            page_url: access.page_url.clone(),
            section: access.section.clone(),
            device_type: access.device_type.clone(),
            browser: access.browser.clone(),
            event_type,
            time_on_page: i64::from(access.time_on_page),
            scroll_depth: i64::from(access.scroll_depth),
            interactions: i64::from(access.interactions),
        }
    }

    /// The facts of the row an insert of `access` at `at` stores (what was not sent is empty).
    pub fn inserted(access: &NewPageAccess, at: DateTime<Utc>) -> Self {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        Self {
            day: at.date_naive(),
            session_id: text(&access.session_id),
            page_url: access.page_url.clone(),
            section: text(&access.section),
            device_type: text(&access.device_type),
            browser: text(&access.browser),
            event_type: access.metadata.as_ref().and_then(|m| m.event_type.clone()),
            time_on_page: i64::from(access.time_on_page.unwrap_or(0)),
            scroll_depth: i64::from(access.scroll_depth.unwrap_or(0)),
            interactions: i64::from(access.interactions.unwrap_or(0)),
        }
    }
}

/// Sums of a day's page accesses that are plain additions: views, time on page and shop events.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayTotals {
    pub views: i64,
    pub time_on_page_sum: i64,
    pub product_views: i64,
    pub add_to_cart: i64,
    pub begin_checkout: i64,
    pub purchases: i64,
}

/// The rollup dimensions: the value of each a page access is counted under (`section` only
/// when not empty).
pub const DIMENSIONS: [&str; 4] = ["page", "section", "device", "browser"];

/// Views, time-on-page, scroll-depth and interaction sums of one value of a dimension.
pub type ValueSums = [i64; 4];

/// How a write changes the day rollups: accesses stored count `+1`, the previous state of a
/// row that a repeated event id updated counts `−1`. Keys are ordered, so backends apply the
/// changes in one order and concurrent writers lock rows in the same order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RollupDelta {
    pub totals: BTreeMap<NaiveDate, DayTotals>,
    /// By (dimension, day, value).
    pub values: BTreeMap<(&'static str, NaiveDate, String), ValueSums>,
    /// Views by (non-empty session id, day).
    pub session_views: BTreeMap<(String, NaiveDate), i64>,
}

impl RollupDelta {
    /// Counts `facts` once more (`sign` 1) or once less (`sign` −1).
    pub fn add(&mut self, facts: &AccessFacts, sign: i64) {
        let totals = self.totals.entry(facts.day).or_default();
        totals.views += sign;
        totals.time_on_page_sum += sign * facts.time_on_page;
        let event = |name: &str| i64::from(facts.event_type.as_deref() == Some(name)) * sign;
        totals.product_views += event(event_types::PRODUCT_VIEW);
        totals.add_to_cart += event(event_types::ADD_TO_CART);
        totals.begin_checkout += event(event_types::BEGIN_CHECKOUT);
        totals.purchases += event(event_types::PURCHASE);
        for (dimension, value) in DIMENSIONS.into_iter().zip([
            &facts.page_url,
            &facts.section,
            &facts.device_type,
            &facts.browser,
        ]) {
            if dimension == "section" && value.is_empty() {
                continue;
            }
            let sums = self
                .values
                .entry((dimension, facts.day, value.clone()))
                .or_default();
            for (sum, part) in sums.iter_mut().zip([
                1,
                facts.time_on_page,
                facts.scroll_depth,
                facts.interactions,
            ]) {
                *sum += sign * part;
            }
        }
        if !facts.session_id.is_empty() {
            *self
                .session_views
                .entry((facts.session_id.clone(), facts.day))
                .or_default() += sign;
        }
    }

    /// Adds another write's changes.
    pub fn extend(&mut self, other: RollupDelta) {
        for (day, t) in other.totals {
            let mine = self.totals.entry(day).or_default();
            mine.views += t.views;
            mine.time_on_page_sum += t.time_on_page_sum;
            mine.product_views += t.product_views;
            mine.add_to_cart += t.add_to_cart;
            mine.begin_checkout += t.begin_checkout;
            mine.purchases += t.purchases;
        }
        for (key, sums) in other.values {
            let mine = self.values.entry(key).or_default();
            for (sum, part) in mine.iter_mut().zip(sums) {
                *sum += part;
            }
        }
        for (key, views) in other.session_views {
            *self.session_views.entry(key).or_default() += views;
        }
    }

    /// Drops what cancelled out (an update that changed nothing the metrics read).
    pub fn without_zeros(mut self) -> Self {
        self.totals.retain(|_, t| *t != DayTotals::default());
        self.values.retain(|_, sums| *sums != [0; 4]);
        self.session_views.retain(|_, views| *views != 0);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.totals.is_empty() && self.values.is_empty() && self.session_views.is_empty()
    }
}

/// What the session-days a delta changed add to the days and the sessions, from their views
/// after the change (as the backend's upserts return them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionDayChanges {
    /// By day: distinct sessions and single-view sessions added.
    pub days: BTreeMap<NaiveDate, (i64, i64)>,
    /// By session: days it was seen on added (a session-day from 0 views to some, or back).
    pub sessions: BTreeMap<String, i64>,
}

impl SessionDayChanges {
    /// The session's views of the day changed by `change` to `views`.
    pub fn record(&mut self, session: &str, day: NaiveDate, change: i64, views: i64) {
        let old = views - change;
        let seen = i64::from(views > 0) - i64::from(old > 0);
        let single = i64::from(views == 1) - i64::from(old == 1);
        let counts = self.days.entry(day).or_default();
        counts.0 += seen;
        counts.1 += single;
        if seen != 0 {
            *self.sessions.entry(session.to_owned()).or_default() += seen;
        }
    }

    /// What to add to each day's rollup: the delta's sums with the sessions and single-view
    /// sessions added, by day.
    pub fn day_rows(&self, delta: &RollupDelta) -> Vec<(NaiveDate, DayTotals, i64, i64)> {
        let mut days: BTreeMap<NaiveDate, (DayTotals, (i64, i64))> = delta
            .totals
            .iter()
            .map(|(day, totals)| (*day, (*totals, (0, 0))))
            .collect();
        for (day, counts) in &self.days {
            days.entry(*day).or_default().1 = *counts;
        }
        days.into_iter()
            .map(|(day, (totals, (sessions, singles)))| (day, totals, sessions, singles))
            .collect()
    }
}

/// A value and how many page accesses have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueCount {
    pub value: String,
    pub count: i64,
}

/// Traffic of a set of page accesses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrafficCounts {
    pub views: i64,
    pub time_on_page_sum: i64,
    /// Distinct non-empty session ids.
    pub sessions: i64,
    /// Sessions with exactly one page access.
    pub single_view_sessions: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EcommerceCounts {
    pub product_views: i64,
    pub add_to_cart: i64,
    pub begin_checkout: i64,
    pub purchases: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryCounts {
    pub traffic: TrafficCounts,
    /// The 10 most viewed URLs, ties by URL.
    pub top_pages: Vec<ValueCount>,
    /// The 10 most viewed non-empty sections, ties by name.
    pub top_sections: Vec<ValueCount>,
    /// The 20 most common device types (empty = not sent), ties by name.
    pub devices: Vec<ValueCount>,
    pub browsers: Vec<ValueCount>,
    pub ecommerce: EcommerceCounts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayTraffic {
    pub date: NaiveDate,
    pub traffic: TrafficCounts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionCounts {
    pub section: String,
    pub views: i64,
    pub time_on_page_sum: i64,
    pub scroll_depth_sum: i64,
    pub interactions_sum: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlCounts {
    pub page_url: String,
    pub views: i64,
    pub sessions: i64,
    pub time_on_page_sum: i64,
    /// Accesses that carried `metadata.load_time_ms`.
    pub load_time_count: i64,
    pub load_time_sum_us: i64,
    pub load_time_p75_us: Option<i64>,
    pub load_time_p95_us: Option<i64>,
}

// ---------------------------------------------------------------------------------------------
// Metrics as published

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageCount {
    pub page_url: String,
    pub views: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionCount {
    pub section: String,
    pub views: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub days: u32,
    pub total_page_views: i64,
    pub unique_visitors: i64,
    pub avg_time_on_page: f64,
    pub bounce_rate: f64,
    pub top_pages: Vec<PageCount>,
    pub top_sections: Vec<SectionCount>,
    /// `(device type, page accesses)`, most common first; "unknown" when not sent.
    pub device_distribution: Vec<(String, i64)>,
    pub browser_distribution: Vec<(String, i64)>,
    pub ecommerce_events: EcommerceCounts,
}

/// The label of a device or browser that was not sent.
pub const UNKNOWN: &str = "unknown";

impl Summary {
    pub fn new(days: u32, counts: SummaryCounts) -> Self {
        let distribution = |values: Vec<ValueCount>| {
            let mut merged: Vec<(String, i64)> = Vec::with_capacity(values.len());
            for ValueCount { value, count } in values {
                let label = if value.is_empty() {
                    UNKNOWN.to_owned()
                } else {
                    value
                };
                match merged.iter_mut().find(|(name, _)| *name == label) {
                    Some((_, total)) => *total += count,
                    None => merged.push((label, count)),
                }
            }
            merged.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            merged
        };
        let traffic = counts.traffic;
        Self {
            days,
            total_page_views: traffic.views,
            unique_visitors: traffic.sessions,
            avg_time_on_page: mean(traffic.time_on_page_sum, traffic.views),
            bounce_rate: percentage(traffic.single_view_sessions, traffic.sessions),
            top_pages: counts
                .top_pages
                .into_iter()
                .map(|c| PageCount {
                    page_url: c.value,
                    views: c.count,
                })
                .collect(),
            top_sections: counts
                .top_sections
                .into_iter()
                .map(|c| SectionCount {
                    section: c.value,
                    views: c.count,
                })
                .collect(),
            device_distribution: distribution(counts.devices),
            browser_distribution: distribution(counts.browsers),
            ecommerce_events: counts.ecommerce,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub date: NaiveDate,
    pub page_views: i64,
    pub unique_visitors: i64,
    pub avg_time_on_page: f64,
    pub bounce_rate: f64,
}

impl From<DayTraffic> for TrendPoint {
    fn from(day: DayTraffic) -> Self {
        let t = day.traffic;
        Self {
            date: day.date,
            page_views: t.views,
            unique_visitors: t.sessions,
            avg_time_on_page: mean(t.time_on_page_sum, t.views),
            bounce_rate: percentage(t.single_view_sessions, t.sessions),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionStats {
    pub section_name: String,
    pub total_views: i64,
    pub avg_time_on_section: f64,
    /// Mean scroll depth (%).
    pub engagement_rate: f64,
    pub avg_interactions: f64,
}

impl From<SectionCounts> for SectionStats {
    fn from(c: SectionCounts) -> Self {
        Self {
            avg_time_on_section: mean(c.time_on_page_sum, c.views),
            engagement_rate: mean(c.scroll_depth_sum, c.views),
            avg_interactions: mean(c.interactions_sum, c.views),
            section_name: c.section,
            total_views: c.views,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UrlPerformance {
    pub page_url: String,
    pub page_views: i64,
    pub unique_visitors: i64,
    pub avg_time_on_page: f64,
    pub load_time_avg: Option<f64>,
    pub load_time_p75: Option<f64>,
    pub load_time_p95: Option<f64>,
}

impl From<UrlCounts> for UrlPerformance {
    fn from(c: UrlCounts) -> Self {
        Self {
            avg_time_on_page: mean(c.time_on_page_sum, c.views),
            load_time_avg: mean_ms(c.load_time_sum_us, c.load_time_count),
            load_time_p75: c.load_time_p75_us.map(micros_as_ms),
            load_time_p95: c.load_time_p95_us.map(micros_as_ms),
            page_url: c.page_url,
            page_views: c.views,
            unique_visitors: c.sessions,
        }
    }
}

/// A page of results, serialisable for the cache.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CachedPage<T> {
    count: i64,
    items: Vec<T>,
}

impl<T> CachedPage<T> {
    fn into_page(self, request: crate::pagination::PageRequest) -> Page<T> {
        Page {
            count: self.count,
            items: self.items,
            request,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Page sections

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageSection {
    pub id: SectionId,
    pub name: String,
    pub description: String,
    pub page_url_pattern: String,
    pub section_selector: String,
    pub is_active: bool,
    pub priority: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionInput {
    pub name: String,
    pub description: Option<String>,
    pub page_url_pattern: String,
    pub section_selector: Option<String>,
    pub is_active: Option<bool>,
    pub priority: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionChanges {
    pub name: Option<String>,
    pub description: Option<String>,
    pub page_url_pattern: Option<String>,
    pub section_selector: Option<String>,
    pub is_active: Option<bool>,
    pub priority: Option<i32>,
}

/// A validated section to insert. Names are unique per store regardless of case: `name_key` is
/// the lowercased name the unique index holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSection {
    pub name: String,
    pub name_key: String,
    pub description: String,
    pub page_url_pattern: String,
    pub section_selector: String,
    pub is_active: bool,
    pub priority: i32,
}

/// Validated changes; `None` keeps the stored value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionUpdate {
    pub name: Option<(String, String)>,
    pub description: Option<String>,
    pub page_url_pattern: Option<String>,
    pub section_selector: Option<String>,
    pub is_active: Option<bool>,
    pub priority: Option<i32>,
}

fn section_name(v: &mut Validator, name: &str) -> Option<(String, String)> {
    required_line(v, "name", name, SECTION_NAME_MAX_CHARS).map(|name| {
        let key = name.to_lowercase();
        (name, key)
    })
}

fn selector(v: &mut Validator, value: &str) -> Option<String> {
    if value.trim().is_empty() {
        return Some(String::new());
    }
    required_line(v, "section_selector", value, SECTION_PATTERN_MAX_CHARS)
}

impl NewSection {
    pub fn parse(input: SectionInput) -> Result<Self> {
        let mut v = Validator::new();
        let name = section_name(&mut v, &input.name);
        let description = multiline(
            &mut v,
            "description",
            input.description.as_deref().unwrap_or_default(),
            SECTION_DESCRIPTION_MAX_CHARS,
        );
        let pattern = required_line(
            &mut v,
            "page_url_pattern",
            &input.page_url_pattern,
            SECTION_PATTERN_MAX_CHARS,
        );
        let section_selector = selector(
            &mut v,
            input.section_selector.as_deref().unwrap_or_default(),
        );
        v.finish()?;
        let (name, name_key) = name.expect("validated");
        Ok(Self {
            name,
            name_key,
            description: description.expect("validated"),
            page_url_pattern: pattern.expect("validated"),
            section_selector: section_selector.expect("validated"),
            is_active: input.is_active.unwrap_or(true),
            priority: input.priority.unwrap_or(0),
        })
    }
}

impl SectionUpdate {
    pub fn parse(changes: SectionChanges) -> Result<Self> {
        let mut v = Validator::new();
        let update = Self {
            name: changes.name.and_then(|name| section_name(&mut v, &name)),
            description: changes
                .description
                .and_then(|d| multiline(&mut v, "description", &d, SECTION_DESCRIPTION_MAX_CHARS)),
            page_url_pattern: changes.page_url_pattern.and_then(|p| {
                required_line(&mut v, "page_url_pattern", &p, SECTION_PATTERN_MAX_CHARS)
            }),
            section_selector: changes.section_selector.and_then(|s| selector(&mut v, &s)),
            is_active: changes.is_active,
            priority: changes.priority,
        };
        v.finish()?;
        Ok(update)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SectionFilter {
    /// Only active (true) or inactive (false) sections.
    pub is_active: Option<bool>,
}

// ---------------------------------------------------------------------------------------------
// User journeys

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserJourney {
    pub id: JourneyId,
    pub session_id: String,
    pub user_id: String,
    pub entry_page: String,
    pub exit_page: String,
    pub pages_visited: Vec<String>,
    /// The length of `pages_visited`.
    pub total_pages: i32,
    /// Seconds.
    pub total_time: i32,
    pub conversion_goal: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JourneyInput {
    pub session_id: String,
    pub user_id: Option<String>,
    pub entry_page: String,
    pub exit_page: Option<String>,
    pub pages_visited: Option<Vec<String>>,
    /// Derived from `pages_visited`; accepted from clients of the original service when it
    /// agrees.
    pub total_pages: Option<i64>,
    pub total_time: Option<i64>,
    pub conversion_goal: Option<String>,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JourneyChanges {
    pub user_id: Option<String>,
    pub entry_page: Option<String>,
    pub exit_page: Option<String>,
    pub pages_visited: Option<Vec<String>>,
    pub total_time: Option<i64>,
    pub conversion_goal: Option<String>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// A validated journey to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJourney {
    pub session_id: String,
    pub user_id: String,
    pub entry_page: String,
    pub exit_page: String,
    pub pages_visited: Vec<String>,
    pub total_time: i32,
    pub conversion_goal: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// Validated journey changes; `None` keeps the stored value. `total_pages` follows
/// `pages_visited`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JourneyUpdate {
    pub user_id: Option<String>,
    pub entry_page: Option<String>,
    pub exit_page: Option<String>,
    pub pages_visited: Option<Vec<String>>,
    pub total_time: Option<i32>,
    pub conversion_goal: Option<String>,
    pub ended_at: Option<DateTime<Utc>>,
}

fn pages(v: &mut Validator, pages: Vec<String>) -> Option<Vec<String>> {
    if pages.len() > JOURNEY_MAX_PAGES {
        v.add(
            "pages_visited",
            format!("Ensure this list has no more than {JOURNEY_MAX_PAGES} pages."),
        );
        return None;
    }
    let mut cleaned = Vec::with_capacity(pages.len());
    for (index, page) in pages.iter().enumerate() {
        match clean_line(&format!("pages_visited[{index}]"), page, PAGE_URL_MAX_CHARS) {
            Ok(page) => cleaned.push(page),
            Err(err) => {
                v.field::<()>(Err(err));
            }
        }
    }
    (cleaned.len() == pages.len()).then_some(cleaned)
}

fn optional_text(v: &mut Validator, field: &str, value: Option<String>, max: usize) -> String {
    optional_line(v, field, value, max).unwrap_or_default()
}

/// How far in the future a client's clock may put `started_at`.
const CLOCK_SKEW: chrono::Duration = chrono::Duration::minutes(5);

impl NewJourney {
    /// `now` bounds `started_at` (not in the future beyond a little clock skew) and is its default.
    pub fn parse(input: JourneyInput, now: DateTime<Utc>) -> Result<Self> {
        let mut v = Validator::new();
        let session_id = required_line(&mut v, "session_id", &input.session_id, LABEL_MAX_CHARS);
        let entry_page = required_line(&mut v, "entry_page", &input.entry_page, PAGE_URL_MAX_CHARS);
        let user_id = optional_text(&mut v, "user_id", input.user_id, LABEL_MAX_CHARS);
        let exit_page = optional_text(&mut v, "exit_page", input.exit_page, PAGE_URL_MAX_CHARS);
        let conversion_goal = optional_text(
            &mut v,
            "conversion_goal",
            input.conversion_goal,
            LABEL_MAX_CHARS,
        );
        let pages_visited = pages(&mut v, input.pages_visited.unwrap_or_default());
        if let (Some(total), Some(pages)) = (input.total_pages, &pages_visited)
            && total != pages.len() as i64
        {
            v.add(
                "total_pages",
                "Must equal the number of pages_visited (or be left out).",
            );
        }
        let total_time = counter(&mut v, "total_time", input.total_time, COUNTER_MAX).unwrap_or(0);
        let started_at = input.started_at.unwrap_or(now);
        if started_at > now + CLOCK_SKEW {
            v.add("started_at", "Cannot be in the future.");
        }
        if input.ended_at.is_some_and(|ended| ended < started_at) {
            v.add("ended_at", "Cannot be before started_at.");
        }
        v.finish()?;
        Ok(Self {
            session_id: session_id.expect("validated"),
            user_id,
            entry_page: entry_page.expect("validated"),
            exit_page,
            pages_visited: pages_visited.expect("validated"),
            total_time,
            conversion_goal,
            started_at,
            ended_at: input.ended_at,
        })
    }
}

impl JourneyUpdate {
    pub fn parse(changes: JourneyChanges) -> Result<Self> {
        let mut v = Validator::new();
        let update = Self {
            user_id: changes
                .user_id
                .map(|u| optional_text(&mut v, "user_id", Some(u), LABEL_MAX_CHARS)),
            entry_page: changes
                .entry_page
                .and_then(|p| required_line(&mut v, "entry_page", &p, PAGE_URL_MAX_CHARS)),
            exit_page: changes
                .exit_page
                .map(|p| optional_text(&mut v, "exit_page", Some(p), PAGE_URL_MAX_CHARS)),
            pages_visited: changes.pages_visited.and_then(|p| pages(&mut v, p)),
            total_time: changes
                .total_time
                .and_then(|t| counter(&mut v, "total_time", Some(t), COUNTER_MAX)),
            conversion_goal: changes
                .conversion_goal
                .map(|g| optional_text(&mut v, "conversion_goal", Some(g), LABEL_MAX_CHARS)),
            ended_at: changes.ended_at,
        };
        v.finish()?;
        Ok(update)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JourneyFilter {
    pub session_id: Option<String>,
    /// Journeys started at or after this instant.
    pub since: Option<DateTime<Utc>>,
}

/// Journey analytics as storage computes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JourneyCounts {
    pub journeys: i64,
    pub pages_sum: i64,
    pub time_sum: i64,
    /// The 10 journeys with most pages (ties: latest start first, then highest id).
    pub top_journeys: Vec<UserJourney>,
    /// The 10 most common entry pages, ties by page.
    pub entry_pages: Vec<ValueCount>,
    /// The 10 most common non-empty exit pages, ties by page.
    pub exit_pages: Vec<ValueCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JourneyAnalytics {
    pub days: u32,
    pub total_journeys: i64,
    pub avg_pages_per_journey: f64,
    pub avg_time_per_journey: f64,
    pub top_journeys: Vec<UserJourney>,
    pub entry_pages: Vec<ValueCount>,
    pub exit_pages: Vec<ValueCount>,
}

impl JourneyAnalytics {
    pub fn new(days: u32, counts: JourneyCounts) -> Self {
        Self {
            days,
            total_journeys: counts.journeys,
            avg_pages_per_journey: mean(counts.pages_sum, counts.journeys),
            avg_time_per_journey: mean(counts.time_sum, counts.journeys),
            top_journeys: counts.top_journeys,
            entry_pages: counts.entry_pages,
            exit_pages: counts.exit_pages,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Daily page performance

/// One page's day, computed by the rollup from that day's page accesses. Storage keeps the
/// integer counts; the rates and means are derived here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PagePerformance {
    pub id: PerformanceId,
    pub page_url: String,
    pub date: NaiveDate,
    pub page_views: i64,
    /// Distinct non-empty sessions that viewed the page that day.
    pub unique_visitors: i64,
    /// Of those, the sessions never seen in the store before that day.
    pub new_visitors: i64,
    /// Of those, the sessions whose only page access that day was this page.
    pub bounces: i64,
    /// Of those, the sessions whose last page access that day was this page.
    pub exits: i64,
    /// Of those, the sessions with a `purchase` event that day.
    pub conversions: i64,
    pub time_on_page_sum: i64,
    pub load_time_count: i64,
    pub load_time_sum_us: i64,
    pub load_time_p75_us: Option<i64>,
    pub load_time_p95_us: Option<i64>,
    pub computed_at: DateTime<Utc>,
}

impl PagePerformance {
    pub fn avg_time_on_page(&self) -> f64 {
        mean(self.time_on_page_sum, self.page_views)
    }

    pub fn bounce_rate(&self) -> f64 {
        percentage(self.bounces, self.unique_visitors)
    }

    pub fn exit_rate(&self) -> f64 {
        percentage(self.exits, self.unique_visitors)
    }

    pub fn conversion_rate(&self) -> f64 {
        percentage(self.conversions, self.unique_visitors)
    }

    pub fn load_time_avg(&self) -> Option<f64> {
        mean_ms(self.load_time_sum_us, self.load_time_count)
    }

    pub fn load_time_p75(&self) -> Option<f64> {
        self.load_time_p75_us.map(micros_as_ms)
    }

    pub fn load_time_p95(&self) -> Option<f64> {
        self.load_time_p95_us.map(micros_as_ms)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PerformanceFilter {
    pub page_url: Option<String>,
    /// First and last date, inclusive.
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rounding_is_half_up_to_two_decimals() {
        assert_eq!(percentage(1, 3), 33.33);
        assert_eq!(percentage(2, 3), 66.67);
        assert_eq!(percentage(1, 8), 12.5);
        assert_eq!(percentage(1, 0), 0.0);
        assert_eq!(percentage(5, 5), 100.0);
        assert_eq!(mean(10, 4), 2.5);
        assert_eq!(mean(1, 200), 0.01);
        assert_eq!(mean(1, 400), 0.0, "0.0025 is under half of 0.01");
        assert_eq!(mean(0, 0), 0.0);
        assert_eq!(micros_as_ms(1_234_567), 1234.57);
        assert_eq!(micros_as_ms(1_234_565), 1234.57);
        assert_eq!(micros_as_ms(1_234_564), 1234.56);
        assert_eq!(mean_ms(3_000_001, 2), Some(1500.0));
        assert_eq!(mean_ms(0, 0), None);
    }

    #[test]
    fn nearest_rank_percentiles() {
        assert_eq!(nearest_rank(75, 1), 1);
        assert_eq!(nearest_rank(75, 4), 3);
        assert_eq!(nearest_rank(95, 4), 4);
        assert_eq!(nearest_rank(95, 20), 19);
        assert_eq!(nearest_rank(95, 21), 20);
        assert_eq!(nearest_rank(75, 10), 8);
    }

    #[test]
    fn windows_end_today() {
        let now = "2026-03-10T15:00:00Z".parse().unwrap();
        let window = Window::ending(now, 7);
        assert_eq!(window.first_day.to_string(), "2026-03-04");
        assert_eq!(window.days(), 7);
        assert_eq!(window.start().to_rfc3339(), "2026-03-04T00:00:00+00:00");
        assert_eq!(window.end().to_rfc3339(), "2026-03-11T00:00:00+00:00");
        assert_eq!(window.each_day().count(), 7);
        assert_eq!(Window::ending(now, 1).first_day, window.today);
        assert!(parse_days(Some(0), 7).is_err());
        assert!(parse_days(Some(366), 7).is_err());
        assert_eq!(parse_days(None, 7).unwrap(), 7);
    }

    fn event(page_url: &str) -> PageAccessInput {
        PageAccessInput {
            page_url: page_url.into(),
            ..Default::default()
        }
    }

    #[test]
    fn page_accesses_are_validated_field_by_field() {
        let err = NewPageAccess::parse(PageAccessInput {
            page_url: "x".repeat(2001),
            scroll_depth: Some(101),
            time_on_page: Some(-1),
            interactions: Some(-2),
            metadata: Some(json!([1, 2])),
            device_type: Some("d".repeat(51)),
            ..Default::default()
        })
        .unwrap_err();
        let fields: Vec<&str> = err.fields.keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            [
                "device_type",
                "interactions",
                "metadata",
                "page_url",
                "scroll_depth",
                "time_on_page"
            ]
        );
        let ok = NewPageAccess::parse(PageAccessInput {
            page_url: "  /productos/  ".into(),
            section: Some("   ".into()),
            scroll_depth: Some(100),
            metadata: Some(json!({"event_type": "purchase", "load_time_ms": 1234.5678})),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(ok.page_url, "/productos/");
        assert_eq!(ok.section, None, "blank is absent");
        let metadata = ok.metadata.unwrap();
        assert_eq!(metadata.event_type.as_deref(), Some("purchase"));
        assert_eq!(metadata.load_time_us, Some(1_234_568));
    }

    #[test]
    fn metadata_keys_the_metrics_read_are_checked() {
        for (metadata, field) in [
            (json!({"event_type": 5}), "metadata.event_type"),
            (json!({"load_time_ms": "fast"}), "metadata.load_time_ms"),
            (json!({"load_time_ms": -1}), "metadata.load_time_ms"),
            (json!({"big": "x".repeat(METADATA_MAX_BYTES)}), "metadata"),
            (json!("text"), "metadata"),
        ] {
            let err = Metadata::parse(metadata).unwrap_err();
            assert!(err.fields.contains_key(field), "{field}: {err:?}");
        }
        assert_eq!(
            Metadata::parse(json!({"event_type": null}))
                .unwrap()
                .event_type,
            None
        );
    }

    #[test]
    fn batches_name_the_bad_events() {
        let mut events = vec![event("/a"), event("/b"), event("/c")];
        events[1].scroll_depth = Some(101);
        events[2].page_url = String::new();
        let err = NewPageAccess::parse_batch(events).unwrap_err();
        let fields: Vec<&str> = err.fields.keys().map(String::as_str).collect();
        assert_eq!(fields, ["events[1].scroll_depth", "events[2].page_url"]);
        assert!(err.detail.contains("1, 2"), "{}", err.detail);
        assert!(NewPageAccess::parse_batch(vec![]).is_err());
        assert!(NewPageAccess::parse_batch(vec![event("/a"); 501]).is_err());
        assert_eq!(
            NewPageAccess::parse_batch(vec![event("/a"); 500])
                .unwrap()
                .len(),
            500
        );
    }

    #[test]
    fn distributions_label_missing_values_and_sort() {
        let summary = Summary::new(
            7,
            SummaryCounts {
                devices: vec![
                    ValueCount {
                        value: "desktop".into(),
                        count: 2,
                    },
                    ValueCount {
                        value: "".into(),
                        count: 3,
                    },
                    ValueCount {
                        value: "mobile".into(),
                        count: 3,
                    },
                ],
                ..Default::default()
            },
        );
        assert_eq!(
            summary.device_distribution,
            [
                ("mobile".to_owned(), 3),
                ("unknown".to_owned(), 3),
                ("desktop".to_owned(), 2)
            ]
        );
    }

    #[test]
    fn journeys_are_validated() {
        let now: DateTime<Utc> = "2026-03-10T15:00:00Z".parse().unwrap();
        let err = NewJourney::parse(
            JourneyInput {
                session_id: " ".into(),
                entry_page: "/".into(),
                pages_visited: Some(vec!["/".into(), "".into()]),
                total_time: Some(-5),
                started_at: Some(now + chrono::Duration::hours(1)),
                ..Default::default()
            },
            now,
        )
        .unwrap_err();
        let fields: Vec<&str> = err.fields.keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            ["pages_visited[1]", "session_id", "started_at", "total_time"]
        );
        let journey = NewJourney::parse(
            JourneyInput {
                session_id: "s1".into(),
                entry_page: "/".into(),
                pages_visited: Some(vec!["/".into(), "/carrito/".into()]),
                ..Default::default()
            },
            now,
        )
        .unwrap();
        assert_eq!(journey.started_at, now);
        assert_eq!(journey.pages_visited.len(), 2);
    }
}
