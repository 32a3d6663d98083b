//! Page analytics on PostgreSQL: page accesses with their day rollups, sections, journeys and
//! daily page performance.
//!
//! Metric queries run in one REPEATABLE READ transaction (one snapshot). Rolled-up days come
//! from the rollup tables; every other day of the window is read from `page_accesses` by joining
//! the ranges (`unnest` of two timestamp arrays) on the `(store_id, created_at)` index, so the
//! statements stay static. Percentiles are `percentile_disc`, the nearest-rank definition the
//! SQLite backend computes too. Text ties sort with `COLLATE "C"` (byte order), as in SQLite.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicU32, Ordering};

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, PgConnection, Postgres, Row, Transaction};

use enid_core::analytics::{
    BackdatedPageAccess, DISTRIBUTION_LIMIT, DayTraffic, EcommerceCounts, JourneyCounts,
    JourneyFilter, JourneyId, JourneyUpdate, NewJourney, NewPageAccess, NewSection, PageAccess,
    PageAccessFilter, PageAccessId, PageAccessStore, PagePerformance, PagePerformanceStore,
    PageSection, PageSectionStore, PerformanceFilter, PerformanceId, Recorded, RecordedAccess,
    Revisioned, SectionCounts, SectionFilter, SectionId, SectionUpdate, SummaryCounts, TOP_LIMIT,
    TrafficCounts, UrlCounts, UserJourney, UserJourneyStore, ValueCount, Window, day_start,
    next_day,
};
use enid_core::pagination::{Page, PageRequest};
use enid_core::stores::StoreId;
use enid_core::{Error, Result};

use super::{Db, PostgresStorage, database_failure, is_unique_violation};

macro_rules! access_columns {
    () => {
        "id, event_id, page_url, page_title, section, user_id, session_id, user_agent, \
         device_type, browser, os, referrer, utm_source, utm_medium, utm_campaign, time_on_page, \
         scroll_depth, interactions, metadata, created_at, updated_at"
    };
}

/// The rows of the live ranges: `$1` store, `$4`/`$5` the ranges' starts and ends.
macro_rules! live_rows {
    () => {
        "unnest($4::timestamptz[], $5::timestamptz[]) AS r (from_at, until_at) \
         JOIN page_accesses p ON p.store_id = $1 AND p.created_at >= r.from_at \
         AND p.created_at < r.until_at"
    };
}

/// The first key of the advisory locks that order rollups and late writes of one day.
const ROLLUP_LOCK: i32 = 0x656E_6964;
/// Revision slots per store: concurrent writers bump different rows.
const REVISION_SLOTS: u32 = 16;
static NEXT_SLOT: AtomicU32 = AtomicU32::new(0);

fn object(value: Value) -> sqlx::Result<Map<String, Value>> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(sqlx::Error::Decode(
            format!("metadata is not an object: {other}").into(),
        )),
    }
}

fn access_from_row(row: &PgRow) -> sqlx::Result<PageAccess> {
    Ok(PageAccess {
        id: row.try_get(0)?,
        event_id: row.try_get(1)?,
        page_url: row.try_get(2)?,
        page_title: row.try_get(3)?,
        section: row.try_get(4)?,
        user_id: row.try_get(5)?,
        session_id: row.try_get(6)?,
        user_agent: row.try_get(7)?,
        device_type: row.try_get(8)?,
        browser: row.try_get(9)?,
        os: row.try_get(10)?,
        referrer: row.try_get(11)?,
        utm_source: row.try_get(12)?,
        utm_medium: row.try_get(13)?,
        utm_campaign: row.try_get(14)?,
        time_on_page: row.try_get(15)?,
        scroll_depth: row.try_get(16)?,
        interactions: row.try_get(17)?,
        metadata: object(row.try_get(18)?)?,
        created_at: row.try_get(19)?,
        updated_at: row.try_get(20)?,
    })
}

/// Inserts the access or, on its event id, updates that row with what was sent. `xmax = 0`
/// only for a row this statement inserted.
const UPSERT_ACCESS: &str = concat!(
    "INSERT INTO page_accesses (store_id, event_id, page_url, page_title, section, user_id, \
     session_id, user_agent, device_type, browser, os, referrer, utm_source, utm_medium, \
     utm_campaign, time_on_page, scroll_depth, interactions, metadata, event_type, load_time_us, \
     created_at, updated_at) \
     VALUES ($1, $2, $3, COALESCE($4, ''), COALESCE($5, ''), COALESCE($6, ''), COALESCE($7, ''), \
     COALESCE($8, ''), COALESCE($9, ''), COALESCE($10, ''), COALESCE($11, ''), COALESCE($12, ''), \
     COALESCE($13, ''), COALESCE($14, ''), COALESCE($15, ''), COALESCE($16, 0), COALESCE($17, 0), \
     COALESCE($18, 0), COALESCE($19::jsonb, '{}'::jsonb), $20, $21, $22, $22) \
     ON CONFLICT (store_id, event_id) WHERE event_id IS NOT NULL DO UPDATE SET \
     page_url = EXCLUDED.page_url, \
     page_title = COALESCE($4, page_accesses.page_title), \
     section = COALESCE($5, page_accesses.section), \
     user_id = COALESCE($6, page_accesses.user_id), \
     session_id = COALESCE($7, page_accesses.session_id), \
     user_agent = COALESCE($8, page_accesses.user_agent), \
     device_type = COALESCE($9, page_accesses.device_type), \
     browser = COALESCE($10, page_accesses.browser), \
     os = COALESCE($11, page_accesses.os), \
     referrer = COALESCE($12, page_accesses.referrer), \
     utm_source = COALESCE($13, page_accesses.utm_source), \
     utm_medium = COALESCE($14, page_accesses.utm_medium), \
     utm_campaign = COALESCE($15, page_accesses.utm_campaign), \
     time_on_page = COALESCE($16, page_accesses.time_on_page), \
     scroll_depth = COALESCE($17, page_accesses.scroll_depth), \
     interactions = COALESCE($18, page_accesses.interactions), \
     metadata = COALESCE($19::jsonb, page_accesses.metadata), \
     event_type = CASE WHEN $19::jsonb IS NULL THEN page_accesses.event_type ELSE $20 END, \
     load_time_us = CASE WHEN $19::jsonb IS NULL THEN page_accesses.load_time_us ELSE $21 END, \
     updated_at = $22 \
     RETURNING ",
    access_columns!(),
    ", (xmax = 0) AS created"
);

async fn upsert_access(
    conn: &mut PgConnection,
    store: StoreId,
    a: &NewPageAccess,
    now: DateTime<Utc>,
) -> Result<(PageAccess, bool)> {
    let meta = a.metadata.as_ref();
    sqlx::query(UPSERT_ACCESS)
        .bind(store)
        .bind(&a.event_id)
        .bind(&a.page_url)
        .bind(&a.page_title)
        .bind(&a.section)
        .bind(&a.user_id)
        .bind(&a.session_id)
        .bind(&a.user_agent)
        .bind(&a.device_type)
        .bind(&a.browser)
        .bind(&a.os)
        .bind(&a.referrer)
        .bind(&a.utm_source)
        .bind(&a.utm_medium)
        .bind(&a.utm_campaign)
        .bind(a.time_on_page)
        .bind(a.scroll_depth)
        .bind(a.interactions)
        .bind(meta.map(|m| m.json.as_str()))
        .bind(meta.and_then(|m| m.event_type.clone()))
        .bind(meta.and_then(|m| m.load_time_us))
        .bind(now)
        .try_map(|row: PgRow| Ok((access_from_row(&row)?, row.try_get::<bool, _>(21)?)))
        .fetch_one(conn)
        .await
        .db()
}

/// Column arrays of new rows for `unnest`, defaults filled in.
#[derive(Default)]
struct AccessColumns {
    event_id: Vec<Option<String>>,
    text: [Vec<String>; 13],
    counters: [Vec<i32>; 3],
    metadata: Vec<String>,
    event_type: Vec<Option<String>>,
    load_time_us: Vec<Option<i64>>,
    created_at: Vec<DateTime<Utc>>,
}

impl AccessColumns {
    fn push(&mut self, a: &NewPageAccess, at: DateTime<Utc>) -> Result<()> {
        self.event_id.push(a.event_id.clone());
        let texts = [
            Some(&a.page_url),
            a.page_title.as_ref(),
            a.section.as_ref(),
            a.user_id.as_ref(),
            a.session_id.as_ref(),
            a.user_agent.as_ref(),
            a.device_type.as_ref(),
            a.browser.as_ref(),
            a.os.as_ref(),
            a.referrer.as_ref(),
            a.utm_source.as_ref(),
            a.utm_medium.as_ref(),
            a.utm_campaign.as_ref(),
        ];
        for (column, value) in self.text.iter_mut().zip(texts) {
            column.push(value.cloned().unwrap_or_default());
        }
        for (column, value) in
            self.counters
                .iter_mut()
                .zip([a.time_on_page, a.scroll_depth, a.interactions])
        {
            column.push(value.unwrap_or(0));
        }
        let meta = a.metadata.as_ref();
        self.metadata.push(match meta {
            Some(m) => m.json.clone(),
            None => "{}".to_owned(),
        });
        self.event_type
            .push(meta.and_then(|m| m.event_type.clone()));
        self.load_time_us.push(meta.and_then(|m| m.load_time_us));
        self.created_at.push(at);
        Ok(())
    }

    /// Inserts the rows in order; returns their ids in the same order (identity values are
    /// drawn as the ordered rows are inserted, so sorting the returned ids restores the order).
    async fn insert(self, conn: &mut PgConnection, store: StoreId) -> Result<Vec<PageAccessId>> {
        let [
            page_url,
            page_title,
            section,
            user_id,
            session_id,
            user_agent,
            device_type,
            browser,
            os,
            referrer,
            utm_source,
            utm_medium,
            utm_campaign,
        ] = self.text;
        let [time_on_page, scroll_depth, interactions] = self.counters;
        let mut ids: Vec<i64> = sqlx::query_scalar(
            "INSERT INTO page_accesses (store_id, event_id, page_url, page_title, section, user_id, \
                 session_id, user_agent, device_type, browser, os, referrer, utm_source, utm_medium, \
                 utm_campaign, time_on_page, scroll_depth, interactions, metadata, event_type, \
                 load_time_us, created_at, updated_at) \
             SELECT $1, t.event_id, t.page_url, t.page_title, t.section, t.user_id, t.session_id, \
                 t.user_agent, t.device_type, t.browser, t.os, t.referrer, t.utm_source, \
                 t.utm_medium, t.utm_campaign, t.time_on_page, t.scroll_depth, t.interactions, \
                 t.metadata::jsonb, t.event_type, t.load_time_us, t.created_at, t.created_at \
             FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], \
                 $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], \
                 $14::text[], $15::text[], $16::int4[], $17::int4[], $18::int4[], $19::text[], \
                 $20::text[], $21::int8[], $22::timestamptz[]) WITH ORDINALITY AS t (event_id, \
                 page_url, page_title, section, user_id, session_id, user_agent, device_type, \
                 browser, os, referrer, utm_source, utm_medium, utm_campaign, time_on_page, \
                 scroll_depth, interactions, metadata, event_type, load_time_us, created_at, ord) \
             ORDER BY t.ord \
             RETURNING id",
        )
        .bind(store)
        .bind(self.event_id)
        .bind(page_url)
        .bind(page_title)
        .bind(section)
        .bind(user_id)
        .bind(session_id)
        .bind(user_agent)
        .bind(device_type)
        .bind(browser)
        .bind(os)
        .bind(referrer)
        .bind(utm_source)
        .bind(utm_medium)
        .bind(utm_campaign)
        .bind(time_on_page)
        .bind(scroll_depth)
        .bind(interactions)
        .bind(self.metadata)
        .bind(self.event_type)
        .bind(self.load_time_us)
        .bind(self.created_at)
        .fetch_all(conn)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                Error::conflict("event_id_taken", "An imported event id is already stored.")
            } else {
                database_failure(e)
            }
        })?;
        ids.sort_unstable();
        Ok(ids)
    }
}

/// Removes the rollups of `days` and bumps the store's revision: the bookkeeping of every write
/// of page accesses. Days before `lock_before` (days that may be complete) are locked first, so
/// a rollup of the same day running now either finishes before (and is removed here) or starts
/// after this commits (and sees it).
async fn after_access_write(
    conn: &mut PgConnection,
    store: StoreId,
    days: &BTreeSet<NaiveDate>,
    lock_before: NaiveDate,
) -> Result<()> {
    for &day in days {
        if day < lock_before {
            lock_day(conn, store, day).await?;
        }
        sqlx::query("DELETE FROM page_access_days WHERE store_id = $1 AND day = $2")
            .bind(store)
            .bind(day)
            .execute(&mut *conn)
            .await
            .db()?;
    }
    let slot = NEXT_SLOT.fetch_add(1, Ordering::Relaxed) % REVISION_SLOTS;
    sqlx::query(
        "INSERT INTO page_access_revisions (store_id, slot, revision) VALUES ($1, $2, 1) \
         ON CONFLICT (store_id, slot) DO UPDATE SET revision = page_access_revisions.revision + 1",
    )
    .bind(store)
    .bind(slot as i32)
    .execute(conn)
    .await
    .db()?;
    Ok(())
}

async fn lock_day(conn: &mut PgConnection, store: StoreId, day: NaiveDate) -> Result<()> {
    sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
        .bind(ROLLUP_LOCK)
        .bind(format!("{store}:{day}"))
        .execute(conn)
        .await
        .db()?;
    Ok(())
}

async fn revision(conn: &mut PgConnection, store: StoreId) -> Result<i64> {
    sqlx::query_scalar(
        "SELECT COALESCE(SUM(revision), 0)::bigint FROM page_access_revisions WHERE store_id = $1",
    )
    .bind(store)
    .fetch_one(conn)
    .await
    .db()
}

/// A window split into rolled-up days (`$2 <= day < $3`) and live ranges (`$4`, `$5`).
struct Split {
    store: StoreId,
    first_day: NaiveDate,
    today: NaiveDate,
    from: Vec<DateTime<Utc>>,
    until: Vec<DateTime<Utc>>,
}

impl Split {
    async fn new(conn: &mut PgConnection, store: StoreId, window: Window) -> Result<Self> {
        let rolled: Vec<NaiveDate> = sqlx::query_scalar(
            "SELECT day FROM page_access_days WHERE store_id = $1 AND day >= $2 AND day < $3 \
             ORDER BY day",
        )
        .bind(store)
        .bind(window.first_day)
        .bind(window.today)
        .fetch_all(conn)
        .await
        .db()?;
        let (from, until) = window.ranges_without(&rolled).into_iter().unzip();
        Ok(Self {
            store,
            first_day: window.first_day,
            today: window.today,
            from,
            until,
        })
    }

    /// Binds `$1`..`$5`.
    fn bind<'q, O>(
        &'q self,
        query: sqlx::query::QueryAs<'q, Postgres, O, sqlx::postgres::PgArguments>,
    ) -> sqlx::query::QueryAs<'q, Postgres, O, sqlx::postgres::PgArguments> {
        query
            .bind(self.store)
            .bind(self.first_day)
            .bind(self.today)
            .bind(&self.from)
            .bind(&self.until)
    }
}

/// Starts a read-only transaction over one snapshot.
async fn snapshot(storage: &PostgresStorage) -> Result<Transaction<'static, Postgres>> {
    let mut tx = storage.pool.begin().await.db()?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await
        .db()?;
    Ok(tx)
}

/// The top pages and sections and the device and browser distributions of the window, from one
/// pass over the live rows (grouped by all four at once) plus the rollup rows; each list most
/// first, ties by value (byte order).
async fn top_lists(conn: &mut PgConnection, split: &Split) -> Result<[Vec<ValueCount>; 4]> {
    let sql = format!(
        "WITH live AS MATERIALIZED ( \
             SELECT p.page_url, p.section, p.device_type, p.browser, COUNT(*) AS views FROM {live} \
             GROUP BY p.page_url, p.section, p.device_type, p.browser), \
         counted AS ( \
             SELECT dimension, value, views FROM page_access_day_values \
             WHERE store_id = $1 AND day >= $2 AND day < $3 \
             UNION ALL SELECT 'page', page_url, views FROM live \
             UNION ALL SELECT 'section', section, views FROM live WHERE section <> '' \
             UNION ALL SELECT 'device', device_type, views FROM live \
             UNION ALL SELECT 'browser', browser, views FROM live), \
         totals AS ( \
             SELECT dimension, value, SUM(views)::bigint AS views FROM counted \
             GROUP BY dimension, value), \
         ranked AS ( \
             SELECT dimension, value, views, ROW_NUMBER() OVER ( \
                 PARTITION BY dimension ORDER BY views DESC, value COLLATE \"C\") AS position \
             FROM totals) \
         SELECT dimension, value, views FROM ranked \
         WHERE position <= CASE WHEN dimension IN ('page', 'section') THEN {TOP_LIMIT} \
                                ELSE {DISTRIBUTION_LIMIT} END \
         ORDER BY dimension, position",
        live = live_rows!()
    );
    let rows: Vec<(String, String, i64)> = split
        .bind(sqlx::query_as(AssertSqlSafe(sql)))
        .fetch_all(conn)
        .await
        .db()?;
    let mut lists: [Vec<ValueCount>; 4] = Default::default();
    for (dimension, value, count) in rows {
        let slot = match dimension.as_str() {
            "page" => 0,
            "section" => 1,
            "device" => 2,
            _ => 3,
        };
        lists[slot].push(ValueCount { value, count });
    }
    Ok(lists)
}

/// Distinct and single-view sessions of the window: the rolled-up days' own counts plus the
/// live ranges', minus the double counts of sessions seen in several of those parts. Each live
/// session looks up its rolled-up days by key (`seen`; OFFSET 0 keeps it a lookup per session):
/// a join would hash every session-day of the window instead, several times slower.
async fn window_sessions(conn: &mut PgConnection, split: &Split) -> Result<(i64, i64)> {
    let (rolled_sessions, rolled_singles): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(sessions), 0)::bigint, COALESCE(SUM(single_view_sessions), 0)::bigint \
         FROM page_access_days WHERE store_id = $1 AND day >= $2 AND day < $3",
    )
    .bind(split.store)
    .bind(split.first_day)
    .bind(split.today)
    .fetch_one(&mut *conn)
    .await
    .db()?;
    let (live_sessions, live_singles, repeats, repeated_singles): (i64, i64, i64, i64) = split
        .bind(sqlx::query_as(concat!(
            "WITH live AS ( \
                 SELECT p.session_id, COUNT(*) AS views FROM ",
            live_rows!(),
            " WHERE p.session_id <> '' GROUP BY p.session_id), \
             seen AS ( \
                 SELECT live.session_id, live.views, d.views AS day_views, d.multi_day FROM live \
                 CROSS JOIN LATERAL ( \
                   SELECT d.views, d.multi_day FROM page_access_session_days d \
                   WHERE d.store_id = $1 AND d.session_id = live.session_id \
                     AND d.day >= $2 AND d.day < $3 OFFSET 0) d), \
             parts AS ( \
                 SELECT session_id, views FROM page_access_session_days \
                 WHERE store_id = $1 AND multi_day AND day >= $2 AND day < $3 \
                 UNION ALL \
                 SELECT session_id, day_views FROM seen WHERE NOT multi_day \
                 UNION ALL \
                 SELECT DISTINCT session_id, views FROM seen), \
             spanning AS ( \
                 SELECT COUNT(*) AS parts, COUNT(*) FILTER (WHERE views = 1) AS singles \
                 FROM parts GROUP BY session_id HAVING COUNT(*) > 1) \
             SELECT (SELECT COUNT(*) FROM live), (SELECT COUNT(*) FROM live WHERE views = 1), \
                    (SELECT COALESCE(SUM(parts - 1), 0)::bigint FROM spanning), \
                    (SELECT COALESCE(SUM(singles), 0)::bigint FROM spanning)"
        )))
        .fetch_one(conn)
        .await
        .db()?;
    Ok((
        rolled_sessions + live_sessions - repeats,
        rolled_singles + live_singles - repeated_singles,
    ))
}

/// How many page accesses `store` has since `since` (all when `None`): the rolled-up days'
/// views plus a count of the other days' rows. A plain COUNT would read every row.
async fn count_accesses_since(
    conn: &mut PgConnection,
    store: StoreId,
    since: Option<DateTime<Utc>>,
) -> Result<i64> {
    let (first, last): (Option<DateTime<Utc>>, Option<DateTime<Utc>>) = sqlx::query_as(
        "SELECT MIN(created_at), MAX(created_at) FROM page_accesses \
         WHERE store_id = $1 AND ($2::timestamptz IS NULL OR created_at >= $2)",
    )
    .bind(store)
    .bind(since)
    .fetch_one(&mut *conn)
    .await
    .db()?;
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(0);
    };
    let mut count = 0;
    let mut first_day = first.date_naive();
    if let Some(since) = since.filter(|since| *since > day_start(since.date_naive())) {
        // The day `since` falls in counts from `since` on, row by row.
        let next = next_day(since.date_naive());
        count += sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM page_accesses \
             WHERE store_id = $1 AND created_at >= $2 AND created_at < $3",
        )
        .bind(store)
        .bind(since)
        .bind(day_start(next))
        .fetch_one(&mut *conn)
        .await
        .db()?;
        first_day = first_day.max(next);
    }
    let today = last.date_naive();
    if first_day > today {
        return Ok(count);
    }
    let split = Split::new(conn, store, Window { first_day, today }).await?;
    let (rolled, live): (i64, i64) = split
        .bind(sqlx::query_as(concat!(
            "SELECT (SELECT COALESCE(SUM(views), 0)::bigint FROM page_access_days \
                     WHERE store_id = $1 AND day >= $2 AND day < $3), \
                    (SELECT COUNT(*) FROM ",
            live_rows!(),
            ")"
        )))
        .fetch_one(conn)
        .await
        .db()?;
    Ok(count + rolled + live)
}

async fn summary_counts(
    conn: &mut PgConnection,
    store: StoreId,
    window: Window,
) -> Result<SummaryCounts> {
    let split = Split::new(conn, store, window).await?;
    let totals: (i64, i64, i64, i64, i64, i64) = split
        .bind(sqlx::query_as(concat!(
            "SELECT SUM(views)::bigint, SUM(time_sum)::bigint, SUM(product_views)::bigint, \
                    SUM(add_to_cart)::bigint, SUM(begin_checkout)::bigint, SUM(purchases)::bigint \
             FROM ( \
                 SELECT views, time_on_page_sum AS time_sum, product_views, add_to_cart, \
                        begin_checkout, purchases \
                 FROM page_access_days WHERE store_id = $1 AND day >= $2 AND day < $3 \
                 UNION ALL \
                 SELECT COUNT(*), COALESCE(SUM(p.time_on_page), 0), \
                        COUNT(*) FILTER (WHERE p.event_type = 'product_view'), \
                        COUNT(*) FILTER (WHERE p.event_type = 'add_to_cart'), \
                        COUNT(*) FILTER (WHERE p.event_type = 'begin_checkout'), \
                        COUNT(*) FILTER (WHERE p.event_type = 'purchase') \
                 FROM ",
            live_rows!(),
            ") t"
        )))
        .fetch_one(&mut *conn)
        .await
        .db()?;
    let (sessions, single_view_sessions) = window_sessions(conn, &split).await?;
    let [top_pages, top_sections, devices, browsers] = top_lists(conn, &split).await?;
    Ok(SummaryCounts {
        traffic: TrafficCounts {
            views: totals.0,
            time_on_page_sum: totals.1,
            sessions,
            single_view_sessions,
        },
        top_pages,
        top_sections,
        devices,
        browsers,
        ecommerce: EcommerceCounts {
            product_views: totals.2,
            add_to_cart: totals.3,
            begin_checkout: totals.4,
            purchases: totals.5,
        },
    })
}

async fn trend_days(
    conn: &mut PgConnection,
    store: StoreId,
    window: Window,
) -> Result<Vec<DayTraffic>> {
    let split = Split::new(conn, store, window).await?;
    let mut by_day: BTreeMap<NaiveDate, TrafficCounts> = window
        .each_day()
        .map(|day| (day, TrafficCounts::default()))
        .collect();
    let rolled: Vec<(NaiveDate, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT day, views, time_on_page_sum, sessions, single_view_sessions FROM page_access_days \
         WHERE store_id = $1 AND day >= $2 AND day < $3",
    )
    .bind(store)
    .bind(window.first_day)
    .bind(window.today)
    .fetch_all(&mut *conn)
    .await
    .db()?;
    for (day, views, time_on_page_sum, sessions, single_view_sessions) in rolled {
        by_day.insert(
            day,
            TrafficCounts {
                views,
                time_on_page_sum,
                sessions,
                single_view_sessions,
            },
        );
    }
    let live: Vec<(NaiveDate, i64, i64, i64, i64)> = split
        .bind(sqlx::query_as(concat!(
            "WITH per_session AS ( \
                 SELECT (p.created_at AT TIME ZONE 'UTC')::date AS day, p.session_id, \
                        COUNT(*) AS views, SUM(p.time_on_page) AS time_sum FROM ",
            live_rows!(),
            " GROUP BY 1, 2) \
             SELECT day, SUM(views)::bigint, SUM(time_sum)::bigint, \
                    COUNT(*) FILTER (WHERE session_id <> ''), \
                    COUNT(*) FILTER (WHERE session_id <> '' AND views = 1) \
             FROM per_session GROUP BY day"
        )))
        .fetch_all(conn)
        .await
        .db()?;
    for (day, views, time_on_page_sum, sessions, single_view_sessions) in live {
        if let Some(counts) = by_day.get_mut(&day) {
            *counts = TrafficCounts {
                views,
                time_on_page_sum,
                sessions,
                single_view_sessions,
            };
        }
    }
    Ok(by_day
        .into_iter()
        .map(|(date, traffic)| DayTraffic { date, traffic })
        .collect())
}

type RankedValue = (String, i64, i64, i64, i64);

/// One URL's performance sums: url, views, visitors, time sum, load-time count and sum, p75, p95.
type UrlPerformanceRow = (String, i64, i64, i64, i64, i64, Option<i64>, Option<i64>);

/// `(count, page)` of one dimension's values ranked by views, with the sums of each value.
async fn ranked_values(
    conn: &mut PgConnection,
    split: &Split,
    dimension: &str,
    column: &str,
    keep: &str,
    page: PageRequest,
) -> Result<(i64, Vec<RankedValue>)> {
    let values = format!(
        "SELECT value, SUM(views)::bigint AS views, SUM(t)::bigint AS t, SUM(s)::bigint AS s, \
                SUM(i)::bigint AS i FROM ( \
             SELECT value, views, time_on_page_sum AS t, scroll_depth_sum AS s, \
                    interactions_sum AS i FROM page_access_day_values \
             WHERE store_id = $1 AND dimension = '{dimension}' AND day >= $2 AND day < $3 \
             UNION ALL \
             SELECT p.{column}, COUNT(*), SUM(p.time_on_page), SUM(p.scroll_depth), \
                    SUM(p.interactions) FROM {live} WHERE {keep} GROUP BY p.{column} \
         ) v GROUP BY value",
        live = live_rows!()
    );
    let (count,): (i64,) = split
        .bind(sqlx::query_as(AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM ({values}) c"
        ))))
        .fetch_one(&mut *conn)
        .await
        .db()?;
    let items: Vec<RankedValue> = split
        .bind(sqlx::query_as(AssertSqlSafe(format!(
            "{values} ORDER BY views DESC, value COLLATE \"C\" LIMIT $6 OFFSET $7"
        ))))
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(conn)
        .await
        .db()?;
    Ok((count, items))
}

async fn section_counts(
    conn: &mut PgConnection,
    store: StoreId,
    window: Window,
    page: PageRequest,
) -> Result<Page<SectionCounts>> {
    let split = Split::new(conn, store, window).await?;
    let (count, values) =
        ranked_values(conn, &split, "section", "section", "p.section <> ''", page).await?;
    Ok(Page {
        count,
        items: values
            .into_iter()
            .map(
                |(section, views, time, scroll, interactions)| SectionCounts {
                    section,
                    views,
                    time_on_page_sum: time,
                    scroll_depth_sum: scroll,
                    interactions_sum: interactions,
                },
            )
            .collect(),
        request: page,
    })
}

async fn url_counts(
    conn: &mut PgConnection,
    store: StoreId,
    window: Window,
    page: PageRequest,
) -> Result<Page<UrlCounts>> {
    let split = Split::new(conn, store, window).await?;
    let (count, values) = ranked_values(conn, &split, "page", "page_url", "TRUE", page).await?;
    let urls: Vec<String> = values.into_iter().map(|v| v.0).collect();
    let rows: Vec<UrlPerformanceRow> = sqlx::query_as(
        "SELECT page_url, COUNT(*), COUNT(DISTINCT NULLIF(session_id, '')), \
                COALESCE(SUM(time_on_page), 0)::bigint, COUNT(load_time_us), \
                COALESCE(SUM(load_time_us), 0)::bigint, \
                percentile_disc(0.75) WITHIN GROUP (ORDER BY load_time_us), \
                percentile_disc(0.95) WITHIN GROUP (ORDER BY load_time_us) \
         FROM page_accesses WHERE store_id = $1 AND page_url = ANY($2) \
           AND created_at >= $3 AND created_at < $4 \
         GROUP BY page_url",
    )
    .bind(store)
    .bind(&urls)
    .bind(window.start())
    .bind(window.end())
    .fetch_all(conn)
    .await
    .db()?;
    let mut by_url: HashMap<String, UrlCounts> = rows
        .into_iter()
        .map(
            |(page_url, views, sessions, time, load_count, load_sum, p75, p95)| {
                (
                    page_url.clone(),
                    UrlCounts {
                        page_url,
                        views,
                        sessions,
                        time_on_page_sum: time,
                        load_time_count: load_count,
                        load_time_sum_us: load_sum,
                        load_time_p75_us: p75,
                        load_time_p95_us: p95,
                    },
                )
            },
        )
        .collect();
    Ok(Page {
        count,
        items: urls.iter().filter_map(|url| by_url.remove(url)).collect(),
        request: page,
    })
}

/// Rolls up one day: totals, per-value sums and per-session counts, then flags the sessions
/// of the day that were also seen on another rolled-up day.
async fn roll_up_day(
    conn: &mut PgConnection,
    store: StoreId,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    lock_day(conn, store, day).await?;
    let (from, until) = (day_start(day), day_start(next_day(day)));
    sqlx::query("DELETE FROM page_access_days WHERE store_id = $1 AND day = $2")
        .bind(store)
        .bind(day)
        .execute(&mut *conn)
        .await
        .db()?;
    sqlx::query(
        "INSERT INTO page_access_days (store_id, day, views, time_on_page_sum, sessions, \
             single_view_sessions, product_views, add_to_cart, begin_checkout, purchases, rolled_up_at) \
         SELECT $1, $2, COUNT(*), COALESCE(SUM(time_on_page), 0), 0, 0, \
             COUNT(*) FILTER (WHERE event_type = 'product_view'), \
             COUNT(*) FILTER (WHERE event_type = 'add_to_cart'), \
             COUNT(*) FILTER (WHERE event_type = 'begin_checkout'), \
             COUNT(*) FILTER (WHERE event_type = 'purchase'), $5 \
         FROM page_accesses WHERE store_id = $1 AND created_at >= $3 AND created_at < $4",
    )
    .bind(store)
    .bind(day)
    .bind(from)
    .bind(until)
    .bind(now)
    .execute(&mut *conn)
    .await
    .db()?;
    for (dimension, column, keep) in [
        ("page", "page_url", "TRUE"),
        ("section", "section", "section <> ''"),
        ("device", "device_type", "TRUE"),
        ("browser", "browser", "TRUE"),
    ] {
        sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO page_access_day_values (store_id, day, dimension, value, views, \
                 time_on_page_sum, scroll_depth_sum, interactions_sum) \
             SELECT $1, $2, '{dimension}', {column}, COUNT(*), SUM(time_on_page), \
                 SUM(scroll_depth), SUM(interactions) \
             FROM page_accesses \
             WHERE store_id = $1 AND created_at >= $3 AND created_at < $4 AND {keep} \
             GROUP BY {column}"
        )))
        .bind(store)
        .bind(day)
        .bind(from)
        .bind(until)
        .execute(&mut *conn)
        .await
        .db()?;
    }
    sqlx::query(
        "INSERT INTO page_access_session_days (store_id, session_id, day, views) \
         SELECT $1, session_id, $2, COUNT(*) FROM page_accesses \
         WHERE store_id = $1 AND created_at >= $3 AND created_at < $4 AND session_id <> '' \
         GROUP BY session_id",
    )
    .bind(store)
    .bind(day)
    .bind(from)
    .bind(until)
    .execute(&mut *conn)
    .await
    .db()?;
    sqlx::query(
        "UPDATE page_access_days SET \
             sessions = (SELECT COUNT(*) FROM page_access_session_days WHERE store_id = $1 AND day = $2), \
             single_view_sessions = (SELECT COUNT(*) FROM page_access_session_days \
                 WHERE store_id = $1 AND day = $2 AND views = 1) \
         WHERE store_id = $1 AND day = $2",
    )
    .bind(store)
    .bind(day)
    .execute(&mut *conn)
    .await
    .db()?;
    sqlx::query(
        "UPDATE page_access_session_days SET multi_day = TRUE \
         WHERE store_id = $1 AND NOT multi_day AND session_id IN ( \
             SELECT d.session_id FROM page_access_session_days d \
             WHERE d.store_id = $1 AND d.day = $2 AND EXISTS ( \
                 SELECT 1 FROM page_access_session_days o \
                 WHERE o.store_id = $1 AND o.session_id = d.session_id AND o.day <> $2))",
    )
    .bind(store)
    .bind(day)
    .execute(conn)
    .await
    .db()?;
    Ok(())
}

#[async_trait]
impl PageAccessStore for PostgresStorage {
    async fn record_page_access(
        &self,
        store: StoreId,
        access: &NewPageAccess,
        now: DateTime<Utc>,
    ) -> Result<RecordedAccess> {
        let mut tx = self.pool.begin().await.db()?;
        let (access, created) = upsert_access(&mut tx, store, access, now).await?;
        let day = access.created_at.date_naive();
        after_access_write(&mut tx, store, &BTreeSet::from([day]), now.date_naive()).await?;
        tx.commit().await.db()?;
        Ok(RecordedAccess { access, created })
    }

    async fn record_page_accesses(
        &self,
        store: StoreId,
        accesses: Vec<NewPageAccess>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Recorded>> {
        let mut tx = self.pool.begin().await.db()?;
        let mut recorded = vec![
            Recorded {
                id: 0,
                created: true
            };
            accesses.len()
        ];
        let mut days = BTreeSet::from([now.date_naive()]);
        // Events without an id cannot conflict: one bulk insert. Those with one, one upsert each.
        let mut fresh = AccessColumns::default();
        let mut fresh_positions = Vec::new();
        for (position, access) in accesses.iter().enumerate() {
            if access.event_id.is_none() {
                fresh.push(access, now)?;
                fresh_positions.push(position);
            } else {
                let (row, created) = upsert_access(&mut tx, store, access, now).await?;
                days.insert(row.created_at.date_naive());
                recorded[position] = Recorded {
                    id: row.id,
                    created,
                };
            }
        }
        if !fresh_positions.is_empty() {
            let ids = fresh.insert(&mut tx, store).await?;
            for (position, id) in fresh_positions.into_iter().zip(ids) {
                recorded[position] = Recorded { id, created: true };
            }
        }
        after_access_write(&mut tx, store, &days, now.date_naive()).await?;
        tx.commit().await.db()?;
        Ok(recorded)
    }

    async fn import_page_accesses(
        &self,
        store: StoreId,
        accesses: Vec<BackdatedPageAccess>,
    ) -> Result<u64> {
        if accesses.is_empty() {
            return Ok(0);
        }
        let mut columns = AccessColumns::default();
        let mut days = BTreeSet::new();
        for backdated in &accesses {
            columns.push(&backdated.access, backdated.at)?;
            days.insert(backdated.at.date_naive());
        }
        let mut tx = self.pool.begin().await.db()?;
        let stored = columns.insert(&mut tx, store).await?.len() as u64;
        after_access_write(&mut tx, store, &days, NaiveDate::MAX).await?;
        tx.commit().await.db()?;
        Ok(stored)
    }

    async fn page_access(&self, store: StoreId, id: PageAccessId) -> Result<Option<PageAccess>> {
        sqlx::query(concat!(
            "SELECT ",
            access_columns!(),
            " FROM page_accesses WHERE store_id = $1 AND id = $2"
        ))
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| access_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .db()
    }

    async fn list_page_accesses(
        &self,
        store: StoreId,
        filter: &PageAccessFilter,
        page: PageRequest,
    ) -> Result<Page<PageAccess>> {
        // Only the filters given, so each query can use the index of its filter.
        let by_value =
            filter.page_url.is_some() || filter.section.is_some() || filter.session_id.is_some();
        let mut conditions = vec!["store_id = $1".to_owned()];
        let mut texts = Vec::new();
        for (column, value) in [
            ("page_url", &filter.page_url),
            ("section", &filter.section),
            ("session_id", &filter.session_id),
        ] {
            if let Some(value) = value {
                texts.push(value.clone());
                conditions.push(format!("{column} = ${}", texts.len() + 1));
            }
        }
        let since_param = texts.len() + 2;
        if filter.since.is_some() {
            conditions.push(format!("created_at >= ${since_param}"));
        }
        let condition = conditions.join(" AND ");
        // One snapshot: a rollup committing midway must not count its day twice.
        let mut tx = snapshot(self).await?;
        let count = if by_value {
            let mut count = sqlx::query_scalar::<_, i64>(AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM page_accesses WHERE {condition}"
            )))
            .bind(store);
            for text in &texts {
                count = count.bind(text);
            }
            if let Some(since) = filter.since {
                count = count.bind(since);
            }
            count.fetch_one(&mut *tx).await.db()?
        } else {
            count_accesses_since(&mut tx, store, filter.since).await?
        };
        let limit = since_param + usize::from(filter.since.is_some());
        let mut items = sqlx::query(AssertSqlSafe(format!(
            "SELECT {} FROM page_accesses WHERE {condition} \
             ORDER BY created_at DESC, id DESC LIMIT ${limit} OFFSET ${}",
            access_columns!(),
            limit + 1
        )))
        .bind(store);
        for text in &texts {
            items = items.bind(text);
        }
        if let Some(since) = filter.since {
            items = items.bind(since);
        }
        let items = items
            .bind(page.limit())
            .bind(page.offset())
            .try_map(|row: PgRow| access_from_row(&row))
            .fetch_all(&mut *tx)
            .await
            .db()?;
        tx.commit().await.db()?;
        Ok(Page {
            count,
            items,
            request: page,
        })
    }

    async fn page_access_revision(&self, store: StoreId) -> Result<i64> {
        let mut conn = self.pool.acquire().await.db()?;
        revision(&mut conn, store).await
    }

    async fn days_without_rollup(
        &self,
        store: StoreId,
        from: NaiveDate,
        until: NaiveDate,
    ) -> Result<Vec<NaiveDate>> {
        let first: Option<DateTime<Utc>> =
            sqlx::query_scalar("SELECT MIN(created_at) FROM page_accesses WHERE store_id = $1")
                .bind(store)
                .fetch_one(&self.pool)
                .await
                .db()?;
        let Some(first) = first else {
            return Ok(Vec::new());
        };
        let from = from.max(first.date_naive());
        if from >= until {
            return Ok(Vec::new());
        }
        let rolled: BTreeSet<NaiveDate> = sqlx::query_scalar(
            "SELECT day FROM page_access_days WHERE store_id = $1 AND day >= $2 AND day < $3",
        )
        .bind(store)
        .bind(from)
        .bind(until)
        .fetch_all(&self.pool)
        .await
        .db()?
        .into_iter()
        .collect();
        let window = Window {
            first_day: from,
            today: until.pred_opt().expect("until is after from"),
        };
        Ok(window
            .each_day()
            .filter(|day| !rolled.contains(day))
            .collect())
    }

    async fn roll_up_page_access_day(
        &self,
        store: StoreId,
        day: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.db()?;
        roll_up_day(&mut tx, store, day, now).await?;
        tx.commit().await.db()
    }

    async fn page_access_summary(
        &self,
        store: StoreId,
        window: Window,
    ) -> Result<Revisioned<SummaryCounts>> {
        let mut tx = snapshot(self).await?;
        let revision = revision(&mut tx, store).await?;
        let value = summary_counts(&mut tx, store, window).await?;
        tx.commit().await.db()?;
        Ok(Revisioned { revision, value })
    }

    async fn page_access_trends(
        &self,
        store: StoreId,
        window: Window,
    ) -> Result<Revisioned<Vec<DayTraffic>>> {
        let mut tx = snapshot(self).await?;
        let revision = revision(&mut tx, store).await?;
        let value = trend_days(&mut tx, store, window).await?;
        tx.commit().await.db()?;
        Ok(Revisioned { revision, value })
    }

    async fn section_traffic(
        &self,
        store: StoreId,
        window: Window,
        page: PageRequest,
    ) -> Result<Revisioned<Page<SectionCounts>>> {
        let mut tx = snapshot(self).await?;
        let revision = revision(&mut tx, store).await?;
        let value = section_counts(&mut tx, store, window, page).await?;
        tx.commit().await.db()?;
        Ok(Revisioned { revision, value })
    }

    async fn url_performance(
        &self,
        store: StoreId,
        window: Window,
        page: PageRequest,
    ) -> Result<Revisioned<Page<UrlCounts>>> {
        let mut tx = snapshot(self).await?;
        let revision = revision(&mut tx, store).await?;
        let value = url_counts(&mut tx, store, window, page).await?;
        tx.commit().await.db()?;
        Ok(Revisioned { revision, value })
    }
}

// -- page sections ----------------------------------------------------------------------------

macro_rules! section_columns {
    () => {
        "id, name, description, page_url_pattern, section_selector, is_active, priority, \
         created_at, updated_at"
    };
}

fn section_from_row(row: &PgRow) -> sqlx::Result<PageSection> {
    Ok(PageSection {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        description: row.try_get(2)?,
        page_url_pattern: row.try_get(3)?,
        section_selector: row.try_get(4)?,
        is_active: row.try_get(5)?,
        priority: row.try_get(6)?,
        created_at: row.try_get(7)?,
        updated_at: row.try_get(8)?,
    })
}

fn section_name_taken(err: sqlx::Error) -> Error {
    if is_unique_violation(&err) {
        Error::conflict(
            "section_name_taken",
            "A page section with this name already exists in this store.",
        )
    } else {
        database_failure(err)
    }
}

#[async_trait]
impl PageSectionStore for PostgresStorage {
    async fn create_section(
        &self,
        store: StoreId,
        s: &NewSection,
        now: DateTime<Utc>,
    ) -> Result<PageSection> {
        sqlx::query(concat!(
            "INSERT INTO page_sections (store_id, name, name_key, description, page_url_pattern, \
                 section_selector, is_active, priority, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING ",
            section_columns!()
        ))
        .bind(store)
        .bind(&s.name)
        .bind(&s.name_key)
        .bind(&s.description)
        .bind(&s.page_url_pattern)
        .bind(&s.section_selector)
        .bind(s.is_active)
        .bind(s.priority)
        .bind(now)
        .try_map(|row: PgRow| section_from_row(&row))
        .fetch_one(&self.pool)
        .await
        .map_err(section_name_taken)
    }

    async fn section(&self, store: StoreId, id: SectionId) -> Result<Option<PageSection>> {
        sqlx::query(concat!(
            "SELECT ",
            section_columns!(),
            " FROM page_sections WHERE store_id = $1 AND id = $2"
        ))
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| section_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .db()
    }

    async fn list_sections(
        &self,
        store: StoreId,
        filter: SectionFilter,
        page: PageRequest,
    ) -> Result<Page<PageSection>> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM page_sections \
             WHERE store_id = $1 AND ($2::boolean IS NULL OR is_active = $2)",
        )
        .bind(store)
        .bind(filter.is_active)
        .fetch_one(&self.pool)
        .await
        .db()?;
        let items = sqlx::query(concat!(
            "SELECT ",
            section_columns!(),
            " FROM page_sections WHERE store_id = $1 AND ($2::boolean IS NULL OR is_active = $2) \
             ORDER BY priority, name COLLATE \"C\", id LIMIT $3 OFFSET $4"
        ))
        .bind(store)
        .bind(filter.is_active)
        .bind(page.limit())
        .bind(page.offset())
        .try_map(|row: PgRow| section_from_row(&row))
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(Page {
            count,
            items,
            request: page,
        })
    }

    async fn update_section(
        &self,
        store: StoreId,
        id: SectionId,
        c: &SectionUpdate,
        now: DateTime<Utc>,
    ) -> Result<Option<PageSection>> {
        let (name, name_key) = c.name.clone().unzip();
        sqlx::query(concat!(
            "UPDATE page_sections SET name = COALESCE($3, name), name_key = COALESCE($4, name_key), \
                 description = COALESCE($5, description), \
                 page_url_pattern = COALESCE($6, page_url_pattern), \
                 section_selector = COALESCE($7, section_selector), \
                 is_active = COALESCE($8, is_active), priority = COALESCE($9, priority), \
                 updated_at = $10 \
             WHERE store_id = $1 AND id = $2 RETURNING ",
            section_columns!()
        ))
        .bind(store)
        .bind(id)
        .bind(name)
        .bind(name_key)
        .bind(&c.description)
        .bind(&c.page_url_pattern)
        .bind(&c.section_selector)
        .bind(c.is_active)
        .bind(c.priority)
        .bind(now)
        .try_map(|row: PgRow| section_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .map_err(section_name_taken)
    }

    async fn delete_section(&self, store: StoreId, id: SectionId) -> Result<bool> {
        let deleted = sqlx::query("DELETE FROM page_sections WHERE store_id = $1 AND id = $2")
            .bind(store)
            .bind(id)
            .execute(&self.pool)
            .await
            .db()?
            .rows_affected();
        Ok(deleted == 1)
    }
}

// -- user journeys ----------------------------------------------------------------------------

macro_rules! journey_columns {
    () => {
        "id, session_id, user_id, entry_page, exit_page, pages_visited, total_pages, total_time, \
         conversion_goal, started_at, ended_at, updated_at"
    };
}

fn journey_from_row(row: &PgRow) -> sqlx::Result<UserJourney> {
    let pages: Value = row.try_get(5)?;
    Ok(UserJourney {
        id: row.try_get(0)?,
        session_id: row.try_get(1)?,
        user_id: row.try_get(2)?,
        entry_page: row.try_get(3)?,
        exit_page: row.try_get(4)?,
        pages_visited: serde_json::from_value(pages).map_err(|e| sqlx::Error::Decode(e.into()))?,
        total_pages: row.try_get(6)?,
        total_time: row.try_get(7)?,
        conversion_goal: row.try_get(8)?,
        started_at: row.try_get(9)?,
        ended_at: row.try_get(10)?,
        updated_at: row.try_get(11)?,
    })
}

fn pages_json(pages: &[String]) -> Value {
    Value::from(pages.to_vec())
}

#[async_trait]
impl UserJourneyStore for PostgresStorage {
    async fn create_journey(
        &self,
        store: StoreId,
        j: &NewJourney,
        now: DateTime<Utc>,
    ) -> Result<UserJourney> {
        sqlx::query(concat!(
            "INSERT INTO user_journeys (store_id, session_id, user_id, entry_page, exit_page, \
                 pages_visited, total_pages, total_time, conversion_goal, started_at, ended_at, \
                 updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ",
            journey_columns!()
        ))
        .bind(store)
        .bind(&j.session_id)
        .bind(&j.user_id)
        .bind(&j.entry_page)
        .bind(&j.exit_page)
        .bind(pages_json(&j.pages_visited))
        .bind(j.pages_visited.len() as i32)
        .bind(j.total_time)
        .bind(&j.conversion_goal)
        .bind(j.started_at)
        .bind(j.ended_at)
        .bind(now)
        .try_map(|row: PgRow| journey_from_row(&row))
        .fetch_one(&self.pool)
        .await
        .db()
    }

    async fn import_journeys(&self, store: StoreId, journeys: Vec<NewJourney>) -> Result<u64> {
        if journeys.is_empty() {
            return Ok(0);
        }
        let mut text: [Vec<String>; 5] = Default::default();
        let mut pages = Vec::with_capacity(journeys.len());
        let mut counts: [Vec<i32>; 2] = Default::default();
        let mut started = Vec::with_capacity(journeys.len());
        let mut ended = Vec::with_capacity(journeys.len());
        for j in &journeys {
            for (column, value) in text.iter_mut().zip([
                &j.session_id,
                &j.user_id,
                &j.entry_page,
                &j.exit_page,
                &j.conversion_goal,
            ]) {
                column.push(value.clone());
            }
            pages.push(serde_json::to_string(&j.pages_visited).map_err(Error::internal)?);
            counts[0].push(j.pages_visited.len() as i32);
            counts[1].push(j.total_time);
            started.push(j.started_at);
            ended.push(j.ended_at);
        }
        let [session_id, user_id, entry_page, exit_page, goal] = text;
        let [total_pages, total_time] = counts;
        let stored = sqlx::query(
            "INSERT INTO user_journeys (store_id, session_id, user_id, entry_page, exit_page, \
                 pages_visited, total_pages, total_time, conversion_goal, started_at, ended_at, \
                 updated_at) \
             SELECT $1, t.session_id, t.user_id, t.entry_page, t.exit_page, t.pages::jsonb, \
                 t.total_pages, t.total_time, t.goal, t.started_at, t.ended_at, \
                 COALESCE(t.ended_at, t.started_at) \
             FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int4[], \
                 $8::int4[], $9::text[], $10::timestamptz[], $11::timestamptz[]) \
                 AS t (session_id, user_id, entry_page, exit_page, pages, total_pages, total_time, \
                 goal, started_at, ended_at)",
        )
        .bind(store)
        .bind(session_id)
        .bind(user_id)
        .bind(entry_page)
        .bind(exit_page)
        .bind(pages)
        .bind(total_pages)
        .bind(total_time)
        .bind(goal)
        .bind(started)
        .bind(ended)
        .execute(&self.pool)
        .await
        .db()?
        .rows_affected();
        Ok(stored)
    }

    async fn journey(&self, store: StoreId, id: JourneyId) -> Result<Option<UserJourney>> {
        sqlx::query(concat!(
            "SELECT ",
            journey_columns!(),
            " FROM user_journeys WHERE store_id = $1 AND id = $2"
        ))
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| journey_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .db()
    }

    async fn list_journeys(
        &self,
        store: StoreId,
        filter: &JourneyFilter,
        page: PageRequest,
    ) -> Result<Page<UserJourney>> {
        let mut conditions = vec!["store_id = $1".to_owned()];
        let mut next = 2;
        if filter.session_id.is_some() {
            conditions.push(format!("session_id = ${next}"));
            next += 1;
        }
        if filter.since.is_some() {
            conditions.push(format!("started_at >= ${next}"));
            next += 1;
        }
        let condition = conditions.join(" AND ");
        let mut count = sqlx::query_scalar::<_, i64>(AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM user_journeys WHERE {condition}"
        )))
        .bind(store);
        let mut items = sqlx::query(AssertSqlSafe(format!(
            "SELECT {} FROM user_journeys WHERE {condition} \
             ORDER BY started_at DESC, id DESC LIMIT ${next} OFFSET ${}",
            journey_columns!(),
            next + 1
        )))
        .bind(store);
        if let Some(session) = &filter.session_id {
            count = count.bind(session);
            items = items.bind(session);
        }
        if let Some(since) = filter.since {
            count = count.bind(since);
            items = items.bind(since);
        }
        let count = count.fetch_one(&self.pool).await.db()?;
        let items = items
            .bind(page.limit())
            .bind(page.offset())
            .try_map(|row: PgRow| journey_from_row(&row))
            .fetch_all(&self.pool)
            .await
            .db()?;
        Ok(Page {
            count,
            items,
            request: page,
        })
    }

    async fn update_journey(
        &self,
        store: StoreId,
        id: JourneyId,
        c: &JourneyUpdate,
        now: DateTime<Utc>,
    ) -> Result<Option<UserJourney>> {
        sqlx::query(concat!(
            "UPDATE user_journeys SET user_id = COALESCE($3, user_id), \
                 entry_page = COALESCE($4, entry_page), exit_page = COALESCE($5, exit_page), \
                 pages_visited = COALESCE($6, pages_visited), \
                 total_pages = COALESCE($7, total_pages), total_time = COALESCE($8, total_time), \
                 conversion_goal = COALESCE($9, conversion_goal), \
                 ended_at = COALESCE($10, ended_at), updated_at = $11 \
             WHERE store_id = $1 AND id = $2 RETURNING ",
            journey_columns!()
        ))
        .bind(store)
        .bind(id)
        .bind(&c.user_id)
        .bind(&c.entry_page)
        .bind(&c.exit_page)
        .bind(c.pages_visited.as_deref().map(pages_json))
        .bind(c.pages_visited.as_ref().map(|p| p.len() as i32))
        .bind(c.total_time)
        .bind(&c.conversion_goal)
        .bind(c.ended_at)
        .bind(now)
        .try_map(|row: PgRow| journey_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .db()
    }

    async fn delete_journey(&self, store: StoreId, id: JourneyId) -> Result<bool> {
        let deleted = sqlx::query("DELETE FROM user_journeys WHERE store_id = $1 AND id = $2")
            .bind(store)
            .bind(id)
            .execute(&self.pool)
            .await
            .db()?
            .rows_affected();
        Ok(deleted == 1)
    }

    async fn journey_counts(&self, store: StoreId, window: Window) -> Result<JourneyCounts> {
        let mut tx = snapshot(self).await?;
        let (journeys, pages_sum, time_sum): (i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COALESCE(SUM(total_pages), 0)::bigint, \
                    COALESCE(SUM(total_time), 0)::bigint \
             FROM user_journeys WHERE store_id = $1 AND started_at >= $2 AND started_at < $3",
        )
        .bind(store)
        .bind(window.start())
        .bind(window.end())
        .fetch_one(&mut *tx)
        .await
        .db()?;
        let top_journeys = sqlx::query(concat!(
            "SELECT ",
            journey_columns!(),
            " FROM user_journeys WHERE store_id = $1 AND started_at >= $2 AND started_at < $3 \
             ORDER BY total_pages DESC, started_at DESC, id DESC LIMIT 10"
        ))
        .bind(store)
        .bind(window.start())
        .bind(window.end())
        .try_map(|row: PgRow| journey_from_row(&row))
        .fetch_all(&mut *tx)
        .await
        .db()?;
        let mut pages = Vec::new();
        for column in ["entry_page", "exit_page"] {
            let rows: Vec<(String, i64)> = sqlx::query_as(AssertSqlSafe(format!(
                "SELECT {column}, COUNT(*) AS journeys FROM user_journeys \
                 WHERE store_id = $1 AND started_at >= $2 AND started_at < $3 AND {column} <> '' \
                 GROUP BY {column} ORDER BY journeys DESC, {column} COLLATE \"C\" LIMIT {TOP_LIMIT}"
            )))
            .bind(store)
            .bind(window.start())
            .bind(window.end())
            .fetch_all(&mut *tx)
            .await
            .db()?;
            pages.push(
                rows.into_iter()
                    .map(|(value, count)| ValueCount { value, count })
                    .collect::<Vec<_>>(),
            );
        }
        tx.commit().await.db()?;
        let exit_pages = pages.pop().unwrap_or_default();
        let entry_pages = pages.pop().unwrap_or_default();
        Ok(JourneyCounts {
            journeys,
            pages_sum,
            time_sum,
            top_journeys,
            entry_pages,
            exit_pages,
        })
    }
}

// -- page performance -------------------------------------------------------------------------

macro_rules! performance_columns {
    () => {
        "id, page_url, date, page_views, unique_visitors, new_visitors, bounces, exits, \
         conversions, time_on_page_sum, load_time_count, load_time_sum_us, load_time_p75_us, \
         load_time_p95_us, computed_at"
    };
}

fn performance_from_row(row: &PgRow) -> sqlx::Result<PagePerformance> {
    Ok(PagePerformance {
        id: row.try_get(0)?,
        page_url: row.try_get(1)?,
        date: row.try_get(2)?,
        page_views: row.try_get(3)?,
        unique_visitors: row.try_get(4)?,
        new_visitors: row.try_get(5)?,
        bounces: row.try_get(6)?,
        exits: row.try_get(7)?,
        conversions: row.try_get(8)?,
        time_on_page_sum: row.try_get(9)?,
        load_time_count: row.try_get(10)?,
        load_time_sum_us: row.try_get(11)?,
        load_time_p75_us: row.try_get(12)?,
        load_time_p95_us: row.try_get(13)?,
        computed_at: row.try_get(14)?,
    })
}

/// The day's rows of every page in one statement. `$1` store, `$2`/`$3` the day's instants,
/// `$4` the date, `$5` now.
const ROLL_UP_PERFORMANCE: &str = "WITH day_rows AS MATERIALIZED ( \
         SELECT id, page_url, session_id, time_on_page, event_type, load_time_us, created_at \
         FROM page_accesses WHERE store_id = $1 AND created_at >= $2 AND created_at < $3), \
     sessions AS ( \
         SELECT session_id, COUNT(*) AS views, bool_or(event_type = 'purchase') AS purchased, \
                NOT EXISTS (SELECT 1 FROM page_accesses p WHERE p.store_id = $1 \
                    AND p.session_id = d.session_id AND p.created_at < $2) AS is_new \
         FROM day_rows d WHERE session_id <> '' GROUP BY session_id), \
     last_views AS ( \
         SELECT page_url, session_id FROM ( \
             SELECT page_url, session_id, ROW_NUMBER() OVER ( \
                 PARTITION BY session_id ORDER BY created_at DESC, id DESC) AS position \
             FROM day_rows WHERE session_id <> '') ordered \
         WHERE position = 1), \
     url_sessions AS (SELECT DISTINCT page_url, session_id FROM day_rows WHERE session_id <> ''), \
     visitors AS ( \
         SELECT u.page_url, COUNT(*) AS visitors, COUNT(*) FILTER (WHERE s.is_new) AS new_visitors, \
                COUNT(*) FILTER (WHERE s.views = 1) AS bounces, \
                COUNT(*) FILTER (WHERE s.purchased) AS conversions, \
                COUNT(l.session_id) AS exits \
         FROM url_sessions u JOIN sessions s ON s.session_id = u.session_id \
         LEFT JOIN last_views l ON l.page_url = u.page_url AND l.session_id = u.session_id \
         GROUP BY u.page_url), \
     views AS ( \
         SELECT page_url, COUNT(*) AS views, SUM(time_on_page) AS time_sum, \
                COUNT(load_time_us) AS load_count, COALESCE(SUM(load_time_us), 0)::bigint AS load_sum, \
                percentile_disc(0.75) WITHIN GROUP (ORDER BY load_time_us) AS p75, \
                percentile_disc(0.95) WITHIN GROUP (ORDER BY load_time_us) AS p95 \
         FROM day_rows GROUP BY page_url) \
     INSERT INTO page_performance (store_id, page_url, date, page_views, unique_visitors, \
         new_visitors, bounces, exits, conversions, time_on_page_sum, load_time_count, \
         load_time_sum_us, load_time_p75_us, load_time_p95_us, computed_at) \
     SELECT $1, v.page_url, $4, v.views, COALESCE(vi.visitors, 0), COALESCE(vi.new_visitors, 0), \
            COALESCE(vi.bounces, 0), COALESCE(vi.exits, 0), COALESCE(vi.conversions, 0), \
            v.time_sum, v.load_count, v.load_sum, v.p75, v.p95, $5 \
     FROM views v LEFT JOIN visitors vi ON vi.page_url = v.page_url \
     ON CONFLICT (store_id, page_url, date) DO UPDATE SET \
         page_views = EXCLUDED.page_views, unique_visitors = EXCLUDED.unique_visitors, \
         new_visitors = EXCLUDED.new_visitors, bounces = EXCLUDED.bounces, exits = EXCLUDED.exits, \
         conversions = EXCLUDED.conversions, time_on_page_sum = EXCLUDED.time_on_page_sum, \
         load_time_count = EXCLUDED.load_time_count, load_time_sum_us = EXCLUDED.load_time_sum_us, \
         load_time_p75_us = EXCLUDED.load_time_p75_us, load_time_p95_us = EXCLUDED.load_time_p95_us, \
         computed_at = EXCLUDED.computed_at";

#[async_trait]
impl PagePerformanceStore for PostgresStorage {
    async fn roll_up_page_performance(
        &self,
        store: StoreId,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let (from, until) = (day_start(date), day_start(next_day(date)));
        let mut tx = self.pool.begin().await.db()?;
        // Pages that lost all their accesses of the day (a repeated event id moved them).
        sqlx::query(
            "DELETE FROM page_performance WHERE store_id = $1 AND date = $4 AND page_url NOT IN ( \
                 SELECT page_url FROM page_accesses \
                 WHERE store_id = $1 AND created_at >= $2 AND created_at < $3)",
        )
        .bind(store)
        .bind(from)
        .bind(until)
        .bind(date)
        .execute(&mut *tx)
        .await
        .db()?;
        sqlx::query(ROLL_UP_PERFORMANCE)
            .bind(store)
            .bind(from)
            .bind(until)
            .bind(date)
            .bind(now)
            .execute(&mut *tx)
            .await
            .db()?;
        let pages: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM page_performance WHERE store_id = $1 AND date = $2",
        )
        .bind(store)
        .bind(date)
        .fetch_one(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()?;
        Ok(pages as u64)
    }

    async fn page_performance(
        &self,
        store: StoreId,
        id: PerformanceId,
    ) -> Result<Option<PagePerformance>> {
        sqlx::query(concat!(
            "SELECT ",
            performance_columns!(),
            " FROM page_performance WHERE store_id = $1 AND id = $2"
        ))
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| performance_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .db()
    }

    async fn list_page_performance(
        &self,
        store: StoreId,
        filter: &PerformanceFilter,
        page: PageRequest,
    ) -> Result<Page<PagePerformance>> {
        let condition = "store_id = $1 AND ($2::text IS NULL OR page_url = $2) \
             AND ($3::date IS NULL OR date >= $3) AND ($4::date IS NULL OR date <= $4)";
        let count: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM page_performance WHERE {condition}"
        )))
        .bind(store)
        .bind(&filter.page_url)
        .bind(filter.from)
        .bind(filter.until)
        .fetch_one(&self.pool)
        .await
        .db()?;
        let items = sqlx::query(AssertSqlSafe(format!(
            "SELECT {} FROM page_performance WHERE {condition} \
             ORDER BY date DESC, page_url COLLATE \"C\" LIMIT $5 OFFSET $6",
            performance_columns!()
        )))
        .bind(store)
        .bind(&filter.page_url)
        .bind(filter.from)
        .bind(filter.until)
        .bind(page.limit())
        .bind(page.offset())
        .try_map(|row: PgRow| performance_from_row(&row))
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(Page {
            count,
            items,
            request: page,
        })
    }
}
