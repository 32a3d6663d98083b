//! Page analytics on PostgreSQL: page accesses with their day rollups, sections, journeys and
//! daily page performance.
//!
//! Every write applies its changes to the day rollups in its transaction: additive upserts on
//! rows spread over slots (so concurrent writers rarely wait for one row), session-days whose
//! returned counts give the days' distinct sessions, and per-session day counts whose row lock
//! orders the writers that add or remove one session's days. Metric queries read the rollups in
//! one REPEATABLE READ transaction (one snapshot). Percentiles are `percentile_disc`, the
//! nearest-rank definition the SQLite backend computes too. Text ties sort with `COLLATE "C"`
//! (byte order), as in SQLite.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicU32, Ordering};

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, PgConnection, Postgres, Row, Transaction};

use enid_core::analytics::{
    AccessFacts, BackdatedPageAccess, DISTRIBUTION_LIMIT, DayTraffic, EcommerceCounts,
    JourneyCounts, JourneyFilter, JourneyId, JourneyUpdate, NewJourney, NewPageAccess, NewSection,
    PageAccess, PageAccessFilter, PageAccessId, PageAccessStore, PagePerformance,
    PagePerformanceStore, PageSection, PageSectionStore, PerformanceFilter, PerformanceId,
    Recorded, RecordedAccess, RollupDelta, SectionCounts, SectionFilter, SectionId, SectionUpdate,
    SummaryCounts, TOP_LIMIT, TrafficCounts, UrlCounts, UserJourney, UserJourneyStore, ValueCount,
    Window, day_start, next_day,
};
use enid_core::pagination::{Page, PageRequest};
use enid_core::stores::StoreId;
use enid_core::{Error, Result};

use super::group_commit::GroupWrite;
use super::{Db, PostgresStorage, database_failure, is_unique_violation};

macro_rules! access_columns {
    () => {
        "id, event_id, page_url, page_title, section, user_id, session_id, user_agent, \
         device_type, browser, os, referrer, utm_source, utm_medium, utm_campaign, time_on_page, \
         scroll_depth, interactions, metadata, created_at, updated_at"
    };
}

/// The first key of the advisory locks that order rollups and late writes of one day.
const ROLLUP_LOCK: i32 = 0x656E_6964;
/// Revision and rollup slots per store: concurrent writers bump different rows.
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

const INSERT_ACCESS: &str = concat!(
    "INSERT INTO page_accesses (store_id, event_id, page_url, page_title, section, user_id, \
     session_id, user_agent, device_type, browser, os, referrer, utm_source, utm_medium, \
     utm_campaign, time_on_page, scroll_depth, interactions, metadata, event_type, load_time_us, \
     created_at, updated_at) \
     VALUES ($1, $2, $3, COALESCE($4, ''), COALESCE($5, ''), COALESCE($6, ''), COALESCE($7, ''), \
     COALESCE($8, ''), COALESCE($9, ''), COALESCE($10, ''), COALESCE($11, ''), COALESCE($12, ''), \
     COALESCE($13, ''), COALESCE($14, ''), COALESCE($15, ''), COALESCE($16, 0), COALESCE($17, 0), \
     COALESCE($18, 0), COALESCE($19::jsonb, '{}'::jsonb), $20, $21, $22, $22) \
     ON CONFLICT (store_id, event_id) WHERE event_id IS NOT NULL DO NOTHING \
     RETURNING ",
    access_columns!(),
    ", event_type"
);

/// What a repeated event id changes: what was sent; the metadata columns follow the metadata.
const UPDATE_ACCESS: &str = concat!(
    "UPDATE page_accesses SET page_url = $3, \
     page_title = COALESCE($4, page_title), section = COALESCE($5, section), \
     user_id = COALESCE($6, user_id), session_id = COALESCE($7, session_id), \
     user_agent = COALESCE($8, user_agent), device_type = COALESCE($9, device_type), \
     browser = COALESCE($10, browser), os = COALESCE($11, os), referrer = COALESCE($12, referrer), \
     utm_source = COALESCE($13, utm_source), utm_medium = COALESCE($14, utm_medium), \
     utm_campaign = COALESCE($15, utm_campaign), time_on_page = COALESCE($16, time_on_page), \
     scroll_depth = COALESCE($17, scroll_depth), interactions = COALESCE($18, interactions), \
     metadata = COALESCE($19::jsonb, metadata), \
     event_type = CASE WHEN $19::jsonb IS NULL THEN event_type ELSE $20 END, \
     load_time_us = CASE WHEN $19::jsonb IS NULL THEN load_time_us ELSE $21 END, \
     updated_at = $22 \
     WHERE store_id = $1 AND event_id = $2 RETURNING ",
    access_columns!(),
    ", event_type"
);

/// Binds `$1`..`$22` of [`INSERT_ACCESS`] and [`UPDATE_ACCESS`].
fn bind_access<'q>(
    query: sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>,
    store: StoreId,
    a: &'q NewPageAccess,
    now: DateTime<Utc>,
) -> sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments> {
    let meta = a.metadata.as_ref();
    query
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
}

fn access_and_event_type(row: PgRow) -> sqlx::Result<(PageAccess, Option<String>)> {
    Ok((access_from_row(&row)?, row.try_get(21)?))
}

/// Inserts the access or, on its event id, updates that row with what was sent; what it changes
/// in the rollups goes to `delta`. The row to update is locked before it is read, so its
/// previous facts are exactly what the update replaces.
async fn upsert_access(
    conn: &mut PgConnection,
    store: StoreId,
    a: &NewPageAccess,
    now: DateTime<Utc>,
    delta: &mut RollupDelta,
) -> Result<(PageAccess, bool)> {
    let inserted = bind_access(sqlx::query(INSERT_ACCESS), store, a, now)
        .try_map(access_and_event_type)
        .fetch_optional(&mut *conn)
        .await
        .db()?;
    if let Some((row, event_type)) = inserted {
        delta.add(&AccessFacts::of(&row, event_type), 1);
        return Ok((row, true));
    }
    let before = sqlx::query(
        "SELECT created_at, session_id, page_url, section, device_type, browser, event_type, \
                time_on_page, scroll_depth, interactions FROM page_accesses \
         WHERE store_id = $1 AND event_id = $2 FOR UPDATE",
    )
    .bind(store)
    .bind(&a.event_id)
    .try_map(|row: PgRow| {
        Ok(AccessFacts {
            day: row.try_get::<DateTime<Utc>, _>(0)?.date_naive(),
            session_id: row.try_get(1)?,
            page_url: row.try_get(2)?,
            section: row.try_get(3)?,
            device_type: row.try_get(4)?,
            browser: row.try_get(5)?,
            event_type: row.try_get(6)?,
            time_on_page: i64::from(row.try_get::<i32, _>(7)?),
            scroll_depth: i64::from(row.try_get::<i32, _>(8)?),
            interactions: i64::from(row.try_get::<i32, _>(9)?),
        })
    })
    .fetch_one(&mut *conn)
    .await
    .db()?;
    let (row, event_type) = bind_access(sqlx::query(UPDATE_ACCESS), store, a, now)
        .try_map(access_and_event_type)
        .fetch_one(conn)
        .await
        .db()?;
    delta.add(&before, -1);
    delta.add(&AccessFacts::of(&row, event_type), 1);
    Ok((row, false))
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

    /// Inserts the rows in order; returns them in the same order (identity values are drawn as
    /// the ordered rows are inserted, so sorting the returned rows by id restores the order).
    async fn insert(self, conn: &mut PgConnection, store: StoreId) -> Result<Vec<PageAccess>> {
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
        let mut rows = sqlx::query(concat!(
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
             RETURNING ",
            access_columns!()
        ))
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
        .try_map(|row: PgRow| access_from_row(&row))
        .fetch_all(conn)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                Error::conflict("event_id_taken", "An imported event id is already stored.")
            } else {
                database_failure(e)
            }
        })?;
        rows.sort_unstable_by_key(|row| row.id);
        Ok(rows)
    }
}

/// Applies `delta` to the rollups and bumps the store's revision: the bookkeeping of every write
/// of page accesses, in its transaction. Days before `lock_before` (days that may be complete)
/// are locked first, so a recomputation of the same day running now either finishes before
/// (and this adds to it) or starts after this commits (and sees it).
async fn after_access_write(
    conn: &mut PgConnection,
    store: StoreId,
    delta: RollupDelta,
    lock_before: NaiveDate,
) -> Result<()> {
    let delta = delta.without_zeros();
    let days: BTreeSet<NaiveDate> = delta
        .totals
        .keys()
        .copied()
        .chain(delta.values.keys().map(|(_, day, _)| *day))
        .chain(delta.session_views.keys().map(|(_, day)| *day))
        .collect();
    for &day in days.range(..lock_before) {
        lock_day(conn, store, day).await?;
    }
    let slot = (NEXT_SLOT.fetch_add(1, Ordering::Relaxed) % REVISION_SLOTS) as i32;
    apply_delta(conn, store, &delta, slot).await
}

/// Adds `delta` to the rollups in slot `slot` and bumps the revision there, in one statement
/// but for what only a later statement can see (see [`settle_session_days`]). Rows are locked
/// in one order by every writer: the sessions' rows (those that exist, in key order), their
/// session-days, new sessions' rows, then the day sums, values and revision. A session's
/// session-days are thus only written under its row's lock: the flags that a holder sets on its
/// other days never wait for a writer that waits for that lock.
const APPLY_DELTA: &str = "WITH locked AS ( \
         SELECT 1 FROM page_access_sessions WHERE store_id = $1 AND session_id = ANY($3) \
         ORDER BY session_id FOR UPDATE), \
     changes AS ( \
         SELECT * FROM unnest($3::text[], $4::date[], $5::int8[]) WITH ORDINALITY \
             AS t (session_id, day, change, ord)), \
     counted AS ( \
         INSERT INTO page_access_session_days (store_id, session_id, day, views) \
         SELECT $1, session_id, day, change FROM changes \
         WHERE (SELECT COUNT(*) FROM locked) >= 0 ORDER BY ord \
         ON CONFLICT (store_id, session_id, day) \
         DO UPDATE SET views = page_access_session_days.views + EXCLUDED.views \
         RETURNING session_id, day, views), \
     seen AS ( \
         SELECT c.session_id, c.day, c.views, \
             (c.views > 0)::int - (c.views - t.change > 0)::int AS seen, \
             (c.views = 1)::int - (c.views - t.change = 1)::int AS single \
         FROM counted c JOIN changes t ON t.session_id = c.session_id AND t.day = c.day), \
     session_changes AS ( \
         SELECT session_id, SUM(seen)::int8 AS days FROM seen WHERE seen <> 0 \
         GROUP BY session_id), \
     sessions AS ( \
         INSERT INTO page_access_sessions (store_id, session_id, days) \
         SELECT $1, session_id, days FROM session_changes ORDER BY session_id \
         ON CONFLICT (store_id, session_id) \
         DO UPDATE SET days = page_access_sessions.days + EXCLUDED.days \
         RETURNING session_id, days), \
     day_sessions AS ( \
         SELECT day, SUM(seen)::int8 AS sessions, SUM(single)::int8 AS singles FROM seen \
         GROUP BY day), \
     days AS ( \
         INSERT INTO page_access_days (store_id, day, slot, views, time_on_page_sum, \
             sessions, single_view_sessions, product_views, add_to_cart, begin_checkout, \
             purchases) \
         SELECT $1, day, $2, COALESCE(t.views, 0), COALESCE(t.time_sum, 0), \
             COALESCE(s.sessions, 0), COALESCE(s.singles, 0), COALESCE(t.product_views, 0), \
             COALESCE(t.add_to_cart, 0), COALESCE(t.begin_checkout, 0), COALESCE(t.purchases, 0) \
         FROM unnest($6::date[], $7::int8[], $8::int8[], $9::int8[], $10::int8[], $11::int8[], \
             $12::int8[]) AS t (day, views, time_sum, product_views, add_to_cart, \
             begin_checkout, purchases) \
         FULL JOIN day_sessions s USING (day) \
         WHERE (SELECT COUNT(*) FROM sessions) >= 0 ORDER BY day \
         ON CONFLICT (store_id, day, slot) DO UPDATE SET \
             views = page_access_days.views + EXCLUDED.views, \
             time_on_page_sum = page_access_days.time_on_page_sum + EXCLUDED.time_on_page_sum, \
             sessions = page_access_days.sessions + EXCLUDED.sessions, \
             single_view_sessions = page_access_days.single_view_sessions \
                 + EXCLUDED.single_view_sessions, \
             product_views = page_access_days.product_views + EXCLUDED.product_views, \
             add_to_cart = page_access_days.add_to_cart + EXCLUDED.add_to_cart, \
             begin_checkout = page_access_days.begin_checkout + EXCLUDED.begin_checkout, \
             purchases = page_access_days.purchases + EXCLUDED.purchases \
         RETURNING 1), \
     vals AS ( \
         INSERT INTO page_access_day_values (store_id, dimension, day, value, slot, views, \
             time_on_page_sum, scroll_depth_sum, interactions_sum) \
         SELECT $1, t.dimension, t.day, t.value, $2, t.views, t.time_sum, t.scroll_sum, \
             t.interactions_sum \
         FROM unnest($13::text[], $14::date[], $15::text[], $16::int8[], $17::int8[], \
             $18::int8[], $19::int8[]) WITH ORDINALITY AS t (dimension, day, value, views, \
             time_sum, scroll_sum, interactions_sum, ord) \
         WHERE (SELECT COUNT(*) FROM days) >= 0 ORDER BY t.ord \
         ON CONFLICT (store_id, dimension, day, value, slot) DO UPDATE SET \
             views = page_access_day_values.views + EXCLUDED.views, \
             time_on_page_sum = page_access_day_values.time_on_page_sum \
                 + EXCLUDED.time_on_page_sum, \
             scroll_depth_sum = page_access_day_values.scroll_depth_sum \
                 + EXCLUDED.scroll_depth_sum, \
             interactions_sum = page_access_day_values.interactions_sum \
                 + EXCLUDED.interactions_sum \
         RETURNING 1), \
     revision AS ( \
         INSERT INTO page_access_revisions (store_id, slot, revision) \
         SELECT $1, $2, 1 WHERE (SELECT COUNT(*) FROM vals) >= 0 \
         ON CONFLICT (store_id, slot) DO UPDATE SET revision = page_access_revisions.revision + 1 \
         RETURNING 1) \
     SELECT s.session_id, NULL::date, s.days >= 2 \
     FROM sessions s JOIN session_changes c USING (session_id) \
     WHERE (s.days >= 2 OR c.days <= 0) AND (SELECT COUNT(*) FROM revision) >= 0 \
     UNION ALL \
     SELECT session_id, day, false FROM counted WHERE views = 0";

async fn apply_delta(
    conn: &mut PgConnection,
    store: StoreId,
    delta: &RollupDelta,
    slot: i32,
) -> Result<()> {
    let mut sessions = Vec::with_capacity(delta.session_views.len());
    let mut session_days = Vec::with_capacity(delta.session_views.len());
    let mut changes = Vec::with_capacity(delta.session_views.len());
    for ((session, day), change) in &delta.session_views {
        sessions.push(session.as_str());
        session_days.push(*day);
        changes.push(*change);
    }
    let mut days = Vec::with_capacity(delta.totals.len());
    let mut day_sums: [Vec<i64>; 6] = Default::default();
    for (day, t) in &delta.totals {
        days.push(*day);
        for (column, value) in day_sums.iter_mut().zip([
            t.views,
            t.time_on_page_sum,
            t.product_views,
            t.add_to_cart,
            t.begin_checkout,
            t.purchases,
        ]) {
            column.push(value);
        }
    }
    let mut dimensions = Vec::with_capacity(delta.values.len());
    let mut value_days = Vec::with_capacity(delta.values.len());
    let mut values = Vec::with_capacity(delta.values.len());
    let mut value_sums: [Vec<i64>; 4] = Default::default();
    for ((dimension, day, value), sums) in &delta.values {
        dimensions.push(*dimension);
        value_days.push(*day);
        values.push(value.as_str());
        for (column, sum) in value_sums.iter_mut().zip(sums) {
            column.push(*sum);
        }
    }
    let [
        views,
        time,
        product_views,
        add_to_cart,
        begin_checkout,
        purchases,
    ] = day_sums;
    let [value_views, value_time, value_scroll, value_interactions] = value_sums;
    // Sessions whose flags follow their new day count, and session-days left without views.
    let unsettled: Vec<(String, Option<NaiveDate>, bool)> = sqlx::query_as(APPLY_DELTA)
        .bind(store)
        .bind(slot)
        .bind(&sessions)
        .bind(&session_days)
        .bind(&changes)
        .bind(&days)
        .bind(&views)
        .bind(&time)
        .bind(&product_views)
        .bind(&add_to_cart)
        .bind(&begin_checkout)
        .bind(&purchases)
        .bind(&dimensions)
        .bind(&value_days)
        .bind(&values)
        .bind(&value_views)
        .bind(&value_time)
        .bind(&value_scroll)
        .bind(&value_interactions)
        .fetch_all(&mut *conn)
        .await
        .db()?;
    let mut flags = SessionFlags::default();
    for (session, day, multi_day) in unsettled {
        match day {
            Some(day) => flags.emptied.push((session, day)),
            None => flags.sessions.push((session, multi_day)),
        }
    }
    settle_session_days(conn, store, flags).await
}

/// What a change of sessions' days leaves to settle.
#[derive(Default)]
struct SessionFlags {
    /// Sessions whose days' multi-day flags become this (their day count changed).
    sessions: Vec<(String, bool)>,
    /// Session-days without views any more.
    emptied: Vec<(String, NaiveDate)>,
}

/// Changes the number of days each session was seen on by `changes`, then settles their flags.
/// The sessions' rows are locked first (in key order; the caller holds those that existed).
async fn change_session_days(
    conn: &mut PgConnection,
    store: StoreId,
    changes: &BTreeMap<String, i64>,
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let (sessions, deltas): (Vec<&str>, Vec<i64>) =
        changes.iter().map(|(s, d)| (s.as_str(), *d)).unzip();
    let counted: Vec<(String, i64)> = sqlx::query_as(
        "INSERT INTO page_access_sessions (store_id, session_id, days) \
         SELECT $1, t.session_id, t.days \
         FROM unnest($2::text[], $3::int8[]) WITH ORDINALITY AS t (session_id, days, ord) \
         ORDER BY t.ord \
         ON CONFLICT (store_id, session_id) \
         DO UPDATE SET days = page_access_sessions.days + EXCLUDED.days \
         RETURNING session_id, days",
    )
    .bind(store)
    .bind(&sessions)
    .bind(&deltas)
    .fetch_all(&mut *conn)
    .await
    .db()?;
    // A session's first day (0 → 1) has one row, unflagged already.
    let sessions = counted
        .into_iter()
        .filter(|(session, days)| *days >= 2 || changes[session] <= 0)
        .map(|(session, days)| (session, days >= 2))
        .collect();
    settle_session_days(
        conn,
        store,
        SessionFlags {
            sessions,
            emptied: Vec::new(),
        },
    )
    .await
}

/// Deletes the session-days left without views, sets the multi-day flags of the sessions'
/// days, and deletes the sessions seen on no day. A statement of its own, after the one that
/// locked the sessions' rows: it sees every day that a writer holding a lock before committed.
async fn settle_session_days(
    conn: &mut PgConnection,
    store: StoreId,
    flags: SessionFlags,
) -> Result<()> {
    if flags.sessions.is_empty() && flags.emptied.is_empty() {
        return Ok(());
    }
    let (flagged, multi_day): (Vec<String>, Vec<bool>) = flags.sessions.into_iter().unzip();
    let (emptied, emptied_days): (Vec<String>, Vec<NaiveDate>) = flags.emptied.into_iter().unzip();
    sqlx::query(
        "WITH emptied AS ( \
             DELETE FROM page_access_session_days d \
             USING unnest($4::text[], $5::date[]) AS t (session_id, day) \
             WHERE d.store_id = $1 AND d.session_id = t.session_id AND d.day = t.day \
               AND d.views = 0 \
             RETURNING 1), \
         flags AS ( \
             UPDATE page_access_session_days d SET multi_day = t.flag \
             FROM unnest($2::text[], $3::bool[]) AS t (session_id, flag) \
             WHERE d.store_id = $1 AND d.session_id = t.session_id AND d.multi_day <> t.flag \
               AND d.views > 0 AND (SELECT COUNT(*) FROM emptied) >= 0 \
             RETURNING 1) \
         DELETE FROM page_access_sessions \
         WHERE store_id = $1 AND session_id = ANY($2) AND days = 0 \
           AND (SELECT COUNT(*) FROM flags) >= 0",
    )
    .bind(store)
    .bind(&flagged)
    .bind(&multi_day)
    .bind(&emptied)
    .bind(&emptied_days)
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

/// Starts a read-only transaction over one snapshot.
async fn snapshot(storage: &PostgresStorage) -> Result<Transaction<'static, Postgres>> {
    let mut tx = storage.pool.begin().await.db()?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await
        .db()?;
    Ok(tx)
}

/// The top pages and sections and the device and browser distributions of the window, from the
/// value rollups; each list most first, ties by value (byte order).
async fn top_lists(
    conn: &mut PgConnection,
    store: StoreId,
    window: Window,
) -> Result<[Vec<ValueCount>; 4]> {
    let sql = format!(
        "WITH totals AS ( \
             SELECT dimension, value, SUM(views)::bigint AS views FROM page_access_day_values \
             WHERE store_id = $1 AND dimension IN ('page', 'section', 'device', 'browser') \
               AND day >= $2 AND day <= $3 \
             GROUP BY dimension, value HAVING SUM(views) > 0), \
         ranked AS ( \
             SELECT dimension, value, views, ROW_NUMBER() OVER ( \
                 PARTITION BY dimension ORDER BY views DESC, value COLLATE \"C\") AS position \
             FROM totals) \
         SELECT dimension, value, views FROM ranked \
         WHERE position <= CASE WHEN dimension IN ('page', 'section') THEN {TOP_LIMIT} \
                                ELSE {DISTRIBUTION_LIMIT} END \
         ORDER BY dimension, position"
    );
    let rows: Vec<(String, String, i64)> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(store)
        .bind(window.first_day)
        .bind(window.today)
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

/// How many page accesses `store` has since `since` (all when `None`): the day rollups' views,
/// and the rows of the day `since` falls in from `since` on. A plain COUNT would read every row.
async fn count_accesses_since(
    conn: &mut PgConnection,
    store: StoreId,
    since: Option<DateTime<Utc>>,
) -> Result<i64> {
    let mut first_day = None;
    let mut count = 0;
    if let Some(since) = since {
        let day = since.date_naive();
        first_day = Some(day);
        if since > day_start(day) {
            let next = next_day(day);
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
            first_day = Some(next);
        }
    }
    let rolled: i64 = sqlx::query_scalar(
        "SELECT COALESCE(SUM(views), 0)::bigint FROM page_access_days \
         WHERE store_id = $1 AND ($2::date IS NULL OR day >= $2)",
    )
    .bind(store)
    .bind(first_day)
    .fetch_one(conn)
    .await
    .db()?;
    Ok(count + rolled)
}

/// The window's sums; its distinct and single-view sessions are the sums of its days' counts,
/// less the repeats of the sessions seen on several of its days (only those rows are flagged
/// multi-day), whose single-view days are not single-view sessions of the window either.
async fn summary_counts(
    conn: &mut PgConnection,
    store: StoreId,
    window: Window,
) -> Result<SummaryCounts> {
    let sums: (i64, i64, i64, i64, i64, i64, i64, i64) = sqlx::query_as(
        "WITH spanning AS ( \
             SELECT COUNT(*) AS parts, COUNT(*) FILTER (WHERE views = 1) AS singles \
             FROM page_access_session_days \
             WHERE store_id = $1 AND multi_day AND day >= $2 AND day <= $3 \
             GROUP BY session_id HAVING COUNT(*) > 1) \
         SELECT COALESCE(SUM(views), 0)::bigint, COALESCE(SUM(time_on_page_sum), 0)::bigint, \
                COALESCE(SUM(sessions), 0)::bigint \
                    - (SELECT COALESCE(SUM(parts - 1), 0) FROM spanning)::bigint, \
                COALESCE(SUM(single_view_sessions), 0)::bigint \
                    - (SELECT COALESCE(SUM(singles), 0) FROM spanning)::bigint, \
                COALESCE(SUM(product_views), 0)::bigint, COALESCE(SUM(add_to_cart), 0)::bigint, \
                COALESCE(SUM(begin_checkout), 0)::bigint, COALESCE(SUM(purchases), 0)::bigint \
         FROM page_access_days WHERE store_id = $1 AND day >= $2 AND day <= $3",
    )
    .bind(store)
    .bind(window.first_day)
    .bind(window.today)
    .fetch_one(&mut *conn)
    .await
    .db()?;
    let [top_pages, top_sections, devices, browsers] = top_lists(conn, store, window).await?;
    Ok(SummaryCounts {
        traffic: TrafficCounts {
            views: sums.0,
            time_on_page_sum: sums.1,
            sessions: sums.2,
            single_view_sessions: sums.3,
        },
        top_pages,
        top_sections,
        devices,
        browsers,
        ecommerce: EcommerceCounts {
            product_views: sums.4,
            add_to_cart: sums.5,
            begin_checkout: sums.6,
            purchases: sums.7,
        },
    })
}

async fn trend_days(
    conn: &mut PgConnection,
    store: StoreId,
    window: Window,
) -> Result<Vec<DayTraffic>> {
    let mut by_day: BTreeMap<NaiveDate, TrafficCounts> = window
        .each_day()
        .map(|day| (day, TrafficCounts::default()))
        .collect();
    let rows: Vec<(NaiveDate, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT day, SUM(views)::bigint, SUM(time_on_page_sum)::bigint, SUM(sessions)::bigint, \
                SUM(single_view_sessions)::bigint \
         FROM page_access_days WHERE store_id = $1 AND day >= $2 AND day <= $3 GROUP BY day",
    )
    .bind(store)
    .bind(window.first_day)
    .bind(window.today)
    .fetch_all(conn)
    .await
    .db()?;
    for (day, views, time_on_page_sum, sessions, single_view_sessions) in rows {
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
    store: StoreId,
    window: Window,
    dimension: &str,
    page: PageRequest,
) -> Result<(i64, Vec<RankedValue>)> {
    const VALUES: &str = "SELECT value, SUM(views)::bigint AS views, SUM(time_on_page_sum)::bigint, \
             SUM(scroll_depth_sum)::bigint, SUM(interactions_sum)::bigint \
         FROM page_access_day_values \
         WHERE store_id = $1 AND dimension = $4 AND day >= $2 AND day <= $3 \
         GROUP BY value HAVING SUM(views) > 0";
    let (count,): (i64,) =
        sqlx::query_as(AssertSqlSafe(format!("SELECT COUNT(*) FROM ({VALUES}) c")))
            .bind(store)
            .bind(window.first_day)
            .bind(window.today)
            .bind(dimension)
            .fetch_one(&mut *conn)
            .await
            .db()?;
    let items: Vec<RankedValue> = sqlx::query_as(AssertSqlSafe(format!(
        "{VALUES} ORDER BY views DESC, value COLLATE \"C\" LIMIT $5 OFFSET $6"
    )))
    .bind(store)
    .bind(window.first_day)
    .bind(window.today)
    .bind(dimension)
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
    let (count, values) = ranked_values(conn, store, window, "section", page).await?;
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
    let (count, values) = ranked_values(conn, store, window, "page", page).await?;
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

/// Recomputes one day's rollup from its page accesses: its sums and values replace what the
/// rollups held (all in slot 0), and its sessions' day counts and flags follow its session-days.
/// The day's lock orders it with late writes to the day.
async fn roll_up_day(conn: &mut PgConnection, store: StoreId, day: NaiveDate) -> Result<()> {
    lock_day(conn, store, day).await?;
    let (from, until) = (day_start(day), day_start(next_day(day)));
    // The day's sessions' rows before their session-days, in key order, as writers lock them.
    sqlx::query(
        "SELECT 1 FROM page_access_sessions WHERE store_id = $1 AND session_id IN ( \
             SELECT session_id FROM page_access_session_days WHERE store_id = $1 AND day = $2 \
             UNION SELECT session_id FROM page_accesses \
             WHERE store_id = $1 AND created_at >= $3 AND created_at < $4) \
         ORDER BY session_id FOR UPDATE",
    )
    .bind(store)
    .bind(day)
    .bind(from)
    .bind(until)
    .execute(&mut *conn)
    .await
    .db()?;
    let mut changes: BTreeMap<String, i64> = BTreeMap::new();
    let forgotten: Vec<String> = sqlx::query_scalar(
        "DELETE FROM page_access_session_days WHERE store_id = $1 AND day = $2 \
         RETURNING session_id",
    )
    .bind(store)
    .bind(day)
    .fetch_all(&mut *conn)
    .await
    .db()?;
    for session in forgotten {
        *changes.entry(session).or_default() -= 1;
    }
    let counted: Vec<String> = sqlx::query_scalar(
        "INSERT INTO page_access_session_days (store_id, session_id, day, views) \
         SELECT $1, session_id, $2, COUNT(*) FROM page_accesses \
         WHERE store_id = $1 AND created_at >= $3 AND created_at < $4 AND session_id <> '' \
         GROUP BY session_id RETURNING session_id",
    )
    .bind(store)
    .bind(day)
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await
    .db()?;
    for session in counted {
        *changes.entry(session).or_default() += 1;
    }
    change_session_days(conn, store, &changes).await?;
    sqlx::query("DELETE FROM page_access_days WHERE store_id = $1 AND day = $2")
        .bind(store)
        .bind(day)
        .execute(&mut *conn)
        .await
        .db()?;
    sqlx::query(
        "INSERT INTO page_access_days (store_id, day, slot, views, time_on_page_sum, sessions, \
             single_view_sessions, product_views, add_to_cart, begin_checkout, purchases) \
         SELECT $1, $2, 0, COUNT(*), COALESCE(SUM(time_on_page), 0), \
             (SELECT COUNT(*) FROM page_access_session_days WHERE store_id = $1 AND day = $2), \
             (SELECT COUNT(*) FROM page_access_session_days \
              WHERE store_id = $1 AND day = $2 AND views = 1), \
             COUNT(*) FILTER (WHERE event_type = 'product_view'), \
             COUNT(*) FILTER (WHERE event_type = 'add_to_cart'), \
             COUNT(*) FILTER (WHERE event_type = 'begin_checkout'), \
             COUNT(*) FILTER (WHERE event_type = 'purchase') \
         FROM page_accesses WHERE store_id = $1 AND created_at >= $3 AND created_at < $4 \
         HAVING COUNT(*) > 0",
    )
    .bind(store)
    .bind(day)
    .bind(from)
    .bind(until)
    .execute(&mut *conn)
    .await
    .db()?;
    sqlx::query(
        "DELETE FROM page_access_day_values \
         WHERE store_id = $1 AND dimension IN ('page', 'section', 'device', 'browser') \
           AND day = $2",
    )
    .bind(store)
    .bind(day)
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
            "INSERT INTO page_access_day_values (store_id, dimension, day, value, slot, views, \
                 time_on_page_sum, scroll_depth_sum, interactions_sum) \
             SELECT $1, '{dimension}', $2, {column}, 0, COUNT(*), SUM(time_on_page), \
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
    Ok(())
}

/// Rolls up every day of every store that has page accesses: the completion of the rollups'
/// migration.
pub(super) async fn roll_up_every_day(conn: &mut PgConnection) -> Result<()> {
    let days: Vec<(StoreId, NaiveDate)> = sqlx::query_as(
        "SELECT DISTINCT store_id, (created_at AT TIME ZONE 'UTC')::date FROM page_accesses",
    )
    .fetch_all(&mut *conn)
    .await
    .db()?;
    for (store, day) in days {
        roll_up_day(conn, store, day).await?;
    }
    Ok(())
}

/// Records page accesses of `store`, each at its instant, and their rollups: what each one
/// stored, in order.
async fn record_accesses(
    conn: &mut PgConnection,
    store: StoreId,
    accesses: &[(&NewPageAccess, DateTime<Utc>)],
) -> Result<Vec<RecordedAccess>> {
    let mut rollups = Rollups::default();
    let recorded = write_accesses(conn, store, accesses, &mut rollups).await?;
    after_access_write(conn, store, rollups.delta, rollups.lock_before).await?;
    Ok(recorded)
}

/// What page accesses written change in a store's rollups.
pub(super) struct Rollups {
    delta: RollupDelta,
    /// The days before the latest access's may be complete.
    lock_before: NaiveDate,
}

impl Default for Rollups {
    fn default() -> Self {
        Self {
            delta: RollupDelta::default(),
            lock_before: NaiveDate::MIN,
        }
    }
}

/// Writes the rows of page accesses of `store`, each at its instant, and adds what they change
/// in the rollups to `rollups` once all are written: what each one stored, in order. Events
/// without an id cannot conflict: one bulk insert. Those with one, one upsert each, first.
async fn write_accesses(
    conn: &mut PgConnection,
    store: StoreId,
    accesses: &[(&NewPageAccess, DateTime<Utc>)],
    rollups: &mut Rollups,
) -> Result<Vec<RecordedAccess>> {
    let mut recorded: Vec<Option<RecordedAccess>> = vec![None; accesses.len()];
    let mut delta = RollupDelta::default();
    let mut fresh = AccessColumns::default();
    let mut fresh_positions = Vec::new();
    let mut lock_before = rollups.lock_before;
    let mut repeatable = Vec::new();
    for (position, &(access, at)) in accesses.iter().enumerate() {
        lock_before = lock_before.max(at.date_naive());
        if access.event_id.is_none() {
            fresh.push(access, at)?;
            fresh_positions.push(position);
            delta.add(&AccessFacts::inserted(access, at), 1);
        } else {
            repeatable.push(position);
        }
    }
    // In event id order (the accesses of one id in theirs), so that concurrent writers lock
    // the rows of their event ids in one order.
    repeatable.sort_by_key(|&position| accesses[position].0.event_id.as_ref());
    for position in repeatable {
        let (access, at) = accesses[position];
        let (access, created) = upsert_access(conn, store, access, at, &mut delta).await?;
        recorded[position] = Some(RecordedAccess { access, created });
    }
    if !fresh_positions.is_empty() {
        let rows = fresh.insert(conn, store).await?;
        for (position, access) in fresh_positions.into_iter().zip(rows) {
            recorded[position] = Some(RecordedAccess {
                access,
                created: true,
            });
        }
    }
    let recorded = recorded
        .into_iter()
        .map(|access| access.ok_or_else(|| Error::internal("an access was not stored")))
        .collect::<Result<Vec<_>>>()?;
    rollups.delta.extend(delta);
    rollups.lock_before = lock_before;
    Ok(recorded)
}

/// One page access waiting for its group's transaction.
pub(super) struct AccessWrite {
    store: StoreId,
    access: NewPageAccess,
    at: DateTime<Utc>,
}

#[async_trait]
impl GroupWrite for AccessWrite {
    type Output = RecordedAccess;
    /// By store, what the group's accesses change in its rollups.
    type Deferred = BTreeMap<StoreId, Rollups>;

    /// The accesses of each store together, the stores in ascending order; their rollups once
    /// per store at the end (see [`finish`](Self::finish)).
    async fn run(
        conn: &mut PgConnection,
        writes: &[Self],
        deferred: &mut Self::Deferred,
    ) -> Result<Vec<Result<RecordedAccess>>> {
        let mut stores: BTreeMap<StoreId, Vec<usize>> = BTreeMap::new();
        for (position, write) in writes.iter().enumerate() {
            stores.entry(write.store).or_default().push(position);
        }
        let mut answers: Vec<Option<RecordedAccess>> = vec![None; writes.len()];
        let mut written = BTreeMap::new();
        for (store, positions) in stores {
            let accesses: Vec<_> = positions
                .iter()
                .map(|&position| (&writes[position].access, writes[position].at))
                .collect();
            let rollups = written.entry(store).or_insert_with(Rollups::default);
            let recorded = write_accesses(conn, store, &accesses, rollups).await?;
            for (position, recorded) in positions.into_iter().zip(recorded) {
                answers[position] = Some(recorded);
            }
        }
        for (store, rollups) in written {
            let mine = deferred.entry(store).or_default();
            mine.delta.extend(rollups.delta);
            mine.lock_before = mine.lock_before.max(rollups.lock_before);
        }
        Ok(answers
            .into_iter()
            .map(|answer| answer.ok_or_else(|| Error::internal("an access was not stored")))
            .collect())
    }

    /// The rollups of each store once, after every row of the group: rows first (by store,
    /// then event id), then rollups (by store, then key), whether the group ran whole or one
    /// by one, so that two groups in flight never wait for each other in a circle.
    async fn finish(conn: &mut PgConnection, deferred: Self::Deferred) -> Result<()> {
        for (store, rollups) in deferred {
            after_access_write(conn, store, rollups.delta, rollups.lock_before).await?;
        }
        Ok(())
    }

    fn order(writes: &[Self]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..writes.len()).collect();
        order.sort_by_key(|&position| {
            let write = &writes[position];
            let event_id = write.access.event_id.as_ref();
            (write.store, event_id.is_none(), event_id)
        });
        order
    }
}

#[async_trait]
impl PageAccessStore for PostgresStorage {
    async fn record_page_access(
        &self,
        store: StoreId,
        access: &NewPageAccess,
        now: DateTime<Utc>,
    ) -> Result<RecordedAccess> {
        let write = AccessWrite {
            store,
            access: access.clone(),
            at: now,
        };
        self.accesses.write(&self.pool, write).await
    }

    async fn record_page_accesses(
        &self,
        store: StoreId,
        accesses: Vec<NewPageAccess>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Recorded>> {
        let mut tx = self.pool.begin().await.db()?;
        let at: Vec<_> = accesses.iter().map(|access| (access, now)).collect();
        let recorded = record_accesses(&mut tx, store, &at).await?;
        tx.commit().await.db()?;
        Ok(recorded
            .into_iter()
            .map(|r| Recorded {
                id: r.access.id,
                created: r.created,
            })
            .collect())
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
        let mut delta = RollupDelta::default();
        for backdated in &accesses {
            columns.push(&backdated.access, backdated.at)?;
            delta.add(&AccessFacts::inserted(&backdated.access, backdated.at), 1);
        }
        let mut tx = self.pool.begin().await.db()?;
        let stored = columns.insert(&mut tx, store).await?.len() as u64;
        after_access_write(&mut tx, store, delta, NaiveDate::MAX).await?;
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
        sqlx::query_scalar(
            "SELECT COALESCE(SUM(revision), 0)::bigint FROM page_access_revisions \
             WHERE store_id = $1",
        )
        .bind(store)
        .fetch_one(&self.pool)
        .await
        .db()
    }

    async fn roll_up_page_access_day(&self, store: StoreId, day: NaiveDate) -> Result<()> {
        let mut tx = self.pool.begin().await.db()?;
        roll_up_day(&mut tx, store, day).await?;
        tx.commit().await.db()
    }

    async fn page_access_summary(&self, store: StoreId, window: Window) -> Result<SummaryCounts> {
        let mut tx = snapshot(self).await?;
        let value = summary_counts(&mut tx, store, window).await?;
        tx.commit().await.db()?;
        Ok(value)
    }

    async fn page_access_trends(&self, store: StoreId, window: Window) -> Result<Vec<DayTraffic>> {
        let mut tx = snapshot(self).await?;
        let value = trend_days(&mut tx, store, window).await?;
        tx.commit().await.db()?;
        Ok(value)
    }

    async fn section_traffic(
        &self,
        store: StoreId,
        window: Window,
        page: PageRequest,
    ) -> Result<Page<SectionCounts>> {
        let mut tx = snapshot(self).await?;
        let value = section_counts(&mut tx, store, window, page).await?;
        tx.commit().await.db()?;
        Ok(value)
    }

    async fn url_performance(
        &self,
        store: StoreId,
        window: Window,
        page: PageRequest,
    ) -> Result<Page<UrlCounts>> {
        let mut tx = snapshot(self).await?;
        let value = url_counts(&mut tx, store, window, page).await?;
        tx.commit().await.db()?;
        Ok(value)
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

/// The day's rows of every page in one statement, in one pass over them: window functions mark
/// each row with what its session did that day (views, a purchase, whether it was new, which row
/// was its last) and whether it is the last of its session's visits to its page; one grouping
/// by page then counts. No joins, so no plan depends on how many rows the day is thought to
/// have. `$1` store, `$2`/`$3` the day's instants, `$4` the date, `$5` now.
const ROLL_UP_PERFORMANCE: &str = "WITH marked AS ( \
         SELECT page_url, session_id, time_on_page, load_time_us, \
                COUNT(*) OVER session AS session_views, \
                bool_or(event_type = 'purchase') OVER session AS purchased, \
                ROW_NUMBER() OVER (session ORDER BY created_at DESC, id DESC) = 1 AS session_last, \
                ROW_NUMBER() OVER (PARTITION BY session_id, page_url \
                    ORDER BY created_at DESC, id DESC) = 1 AS visit_last \
         FROM page_accesses WHERE store_id = $1 AND created_at >= $2 AND created_at < $3 \
         WINDOW session AS (PARTITION BY session_id)), \
     first_seen AS ( \
         SELECT *, CASE WHEN session_last AND session_id <> '' THEN NOT EXISTS ( \
                    SELECT 1 FROM page_accesses p WHERE p.store_id = $1 \
                    AND p.session_id = m.session_id AND p.created_at < $2) END AS new_here \
         FROM marked m), \
     sessioned AS ( \
         SELECT *, bool_or(new_here) OVER (PARTITION BY session_id) AS is_new FROM first_seen), \
     pages AS ( \
         SELECT page_url, COUNT(*) AS views, SUM(time_on_page) AS time_sum, \
                COUNT(load_time_us) AS load_count, COALESCE(SUM(load_time_us), 0)::bigint AS load_sum, \
                percentile_disc(0.75) WITHIN GROUP (ORDER BY load_time_us) AS p75, \
                percentile_disc(0.95) WITHIN GROUP (ORDER BY load_time_us) AS p95, \
                COUNT(*) FILTER (WHERE visit_last AND session_id <> '') AS visitors, \
                COUNT(*) FILTER (WHERE visit_last AND session_id <> '' AND is_new) AS new_visitors, \
                COUNT(*) FILTER (WHERE visit_last AND session_id <> '' AND session_views = 1) \
                    AS bounces, \
                COUNT(*) FILTER (WHERE visit_last AND session_id <> '' AND purchased) AS conversions, \
                COUNT(*) FILTER (WHERE session_last AND session_id <> '') AS exits \
         FROM sessioned GROUP BY page_url) \
     INSERT INTO page_performance (store_id, page_url, date, page_views, unique_visitors, \
         new_visitors, bounces, exits, conversions, time_on_page_sum, load_time_count, \
         load_time_sum_us, load_time_p75_us, load_time_p95_us, computed_at) \
     SELECT $1, page_url, $4, views, visitors, new_visitors, bounces, exits, conversions, \
            time_sum, load_count, load_sum, p75, p95, $5 \
     FROM pages \
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
