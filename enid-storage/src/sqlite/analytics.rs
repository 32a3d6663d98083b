//! Page analytics on SQLite: page accesses with their day rollups, sections, journeys and daily
//! page performance.
//!
//! Metric queries run in one read transaction (one snapshot). Rolled-up days come from the
//! rollup tables and every other day of the window from `page_accesses`, through the
//! `(store_id, created_at)` index. Percentiles are nearest-rank (`enid_core::analytics::
//! nearest_rank`), picked with `ROW_NUMBER()` so they equal PostgreSQL's `percentile_disc`.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{
    Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params, params_from_iter,
};
use serde_json::{Map, Value};
use tokio::sync::oneshot;

use enid_core::analytics::{
    AccessFacts, BackdatedPageAccess, DISTRIBUTION_LIMIT, DayTraffic, EcommerceCounts,
    JourneyCounts, JourneyFilter, JourneyId, JourneyUpdate, NewJourney, NewPageAccess, NewSection,
    PageAccess, PageAccessFilter, PageAccessId, PageAccessStore, PagePerformance,
    PagePerformanceStore, PageSection, PageSectionStore, PerformanceFilter, PerformanceId,
    Recorded, RecordedAccess, RollupDelta, SectionCounts, SectionFilter, SectionId, SectionUpdate,
    SessionDayChanges, SummaryCounts, TOP_LIMIT, TrafficCounts, UrlCounts, UserJourney,
    UserJourneyStore, ValueCount, Window, day_start, event_types, nearest_rank, next_day,
};
use enid_core::pagination::{Page, PageRequest};
use enid_core::stores::StoreId;
use enid_core::{Error, Result};

use super::group_commit::{GroupWrite, WriteQueue};
use super::pool::ConnectionPool;
use super::{Db, SqliteStorage, StoreRows, Ts, is_unique_violation, with_bulk_cache};

const ACCESS_COLUMNS: &str = "id, event_id, page_url, page_title, section, user_id, session_id, \
     user_agent, device_type, browser, os, referrer, utm_source, utm_medium, utm_campaign, \
     time_on_page, scroll_depth, interactions, metadata, created_at, updated_at";

fn json_error(e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
}

fn access_from_row(row: &Row<'_>) -> rusqlite::Result<PageAccess> {
    let metadata: String = row.get(18)?;
    Ok(PageAccess {
        id: row.get(0)?,
        event_id: row.get(1)?,
        page_url: row.get(2)?,
        page_title: row.get(3)?,
        section: row.get(4)?,
        user_id: row.get(5)?,
        session_id: row.get(6)?,
        user_agent: row.get(7)?,
        device_type: row.get(8)?,
        browser: row.get(9)?,
        os: row.get(10)?,
        referrer: row.get(11)?,
        utm_source: row.get(12)?,
        utm_medium: row.get(13)?,
        utm_campaign: row.get(14)?,
        time_on_page: row.get(15)?,
        scroll_depth: row.get(16)?,
        interactions: row.get(17)?,
        metadata: serde_json::from_str::<Map<String, Value>>(&metadata).map_err(json_error)?,
        created_at: row.get::<_, Ts>(19)?.0,
        updated_at: row.get::<_, Ts>(20)?.0,
    })
}

fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn parse_day(text: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// The 21 parameters shared by the insert and the update of one access: `?1` store, `?2` event
/// id, `?3`..`?18` the fields (NULL when not sent), `?19` metadata JSON, `?20` event type,
/// `?21` load time; `?22` is the timestamp.
fn access_params(store: StoreId, a: &NewPageAccess, at: DateTime<Utc>) -> Result<Vec<SqlValue>> {
    fn text(value: &Option<String>) -> SqlValue {
        value.clone().map_or(SqlValue::Null, SqlValue::Text)
    }
    fn int(value: Option<i32>) -> SqlValue {
        value.map_or(SqlValue::Null, |v| SqlValue::Integer(i64::from(v)))
    }
    let metadata = match &a.metadata {
        Some(m) => SqlValue::Text(m.json.clone()),
        None => SqlValue::Null,
    };
    let meta = a.metadata.as_ref();
    Ok(vec![
        SqlValue::Integer(store),
        text(&a.event_id),
        SqlValue::Text(a.page_url.clone()),
        text(&a.page_title),
        text(&a.section),
        text(&a.user_id),
        text(&a.session_id),
        text(&a.user_agent),
        text(&a.device_type),
        text(&a.browser),
        text(&a.os),
        text(&a.referrer),
        text(&a.utm_source),
        text(&a.utm_medium),
        text(&a.utm_campaign),
        int(a.time_on_page),
        int(a.scroll_depth),
        int(a.interactions),
        metadata,
        text(&meta.and_then(|m| m.event_type.clone())),
        meta.and_then(|m| m.load_time_us)
            .map_or(SqlValue::Null, SqlValue::Integer),
        SqlValue::from(Ts(at)),
    ])
}

/// Binds the parameters of `INSERT_ACCESS` straight from the access, `at` already formatted
/// (bulk writes: no per-row allocations).
fn bind_new_access(
    stmt: &mut rusqlite::CachedStatement<'_>,
    store: StoreId,
    a: &NewPageAccess,
    at: &str,
) -> Result<()> {
    let meta = a.metadata.as_ref();
    let texts = [
        a.event_id.as_deref(),
        Some(a.page_url.as_str()),
        a.page_title.as_deref(),
        a.section.as_deref(),
        a.user_id.as_deref(),
        a.session_id.as_deref(),
        a.user_agent.as_deref(),
        a.device_type.as_deref(),
        a.browser.as_deref(),
        a.os.as_deref(),
        a.referrer.as_deref(),
        a.utm_source.as_deref(),
        a.utm_medium.as_deref(),
        a.utm_campaign.as_deref(),
    ];
    stmt.raw_bind_parameter(1, store).db()?;
    for (i, text) in texts.into_iter().enumerate() {
        stmt.raw_bind_parameter(i + 2, text).db()?;
    }
    stmt.raw_bind_parameter(16, a.time_on_page).db()?;
    stmt.raw_bind_parameter(17, a.scroll_depth).db()?;
    stmt.raw_bind_parameter(18, a.interactions).db()?;
    stmt.raw_bind_parameter(19, meta.map(|m| m.json.as_str()))
        .db()?;
    stmt.raw_bind_parameter(20, meta.and_then(|m| m.event_type.as_deref()))
        .db()?;
    stmt.raw_bind_parameter(21, meta.and_then(|m| m.load_time_us))
        .db()?;
    stmt.raw_bind_parameter(22, at).db()?;
    Ok(())
}

const INSERT_ACCESS: &str = "INSERT INTO page_accesses (store_id, event_id, page_url, page_title, \
     section, user_id, session_id, user_agent, device_type, browser, os, referrer, utm_source, \
     utm_medium, utm_campaign, time_on_page, scroll_depth, interactions, metadata, event_type, \
     load_time_us, created_at, updated_at) \
     VALUES (?1, ?2, ?3, COALESCE(?4, ''), COALESCE(?5, ''), COALESCE(?6, ''), COALESCE(?7, ''), \
     COALESCE(?8, ''), COALESCE(?9, ''), COALESCE(?10, ''), COALESCE(?11, ''), COALESCE(?12, ''), \
     COALESCE(?13, ''), COALESCE(?14, ''), COALESCE(?15, ''), COALESCE(?16, 0), COALESCE(?17, 0), \
     COALESCE(?18, 0), COALESCE(?19, '{}'), ?20, ?21, ?22, ?22)";

/// What a repeated event id changes: what was sent; the metadata columns follow the metadata.
const UPDATE_ACCESS: &str = "UPDATE page_accesses SET page_url = ?3, \
     page_title = COALESCE(?4, page_title), section = COALESCE(?5, section), \
     user_id = COALESCE(?6, user_id), session_id = COALESCE(?7, session_id), \
     user_agent = COALESCE(?8, user_agent), device_type = COALESCE(?9, device_type), \
     browser = COALESCE(?10, browser), os = COALESCE(?11, os), referrer = COALESCE(?12, referrer), \
     utm_source = COALESCE(?13, utm_source), utm_medium = COALESCE(?14, utm_medium), \
     utm_campaign = COALESCE(?15, utm_campaign), time_on_page = COALESCE(?16, time_on_page), \
     scroll_depth = COALESCE(?17, scroll_depth), interactions = COALESCE(?18, interactions), \
     metadata = COALESCE(?19, metadata), \
     event_type = CASE WHEN ?19 IS NULL THEN event_type ELSE ?20 END, \
     load_time_us = CASE WHEN ?19 IS NULL THEN load_time_us ELSE ?21 END, \
     updated_at = ?22 \
     WHERE store_id = ?1 AND event_id = ?2";

/// The columns of [`AccessFacts`] of a stored row, by event id.
const FACTS_BY_EVENT: &str = "SELECT created_at, session_id, page_url, section, device_type, \
     browser, event_type, time_on_page, scroll_depth, interactions FROM page_accesses \
     WHERE store_id = ?1 AND event_id = ?2";

/// What an upsert of one access did.
enum Upserted {
    /// Inserted a row with this id: what it stores is the access as sent, so the row is not read
    /// back on the writer ([`PageAccess::inserted`] gives it to the caller).
    Inserted(PageAccessId),
    /// Updated the row of the access's event id, now this.
    Updated(Box<PageAccess>),
}

/// Inserts the access at `at` (`now` formatted), or updates the row of its event id: the
/// insert's `DO NOTHING` on the unique index tells which, and the single writer makes the pair
/// atomic. What it changes in the rollups goes to `delta`.
fn upsert_access(
    tx: &Transaction<'_>,
    store: StoreId,
    access: &NewPageAccess,
    now: DateTime<Utc>,
    at: &str,
    delta: &mut RollupDelta,
) -> Result<Upserted> {
    let inserted = {
        let mut insert = tx
            .prepare_cached(&format!(
                "{INSERT_ACCESS} ON CONFLICT (store_id, event_id) WHERE event_id IS NOT NULL \
                 DO NOTHING"
            ))
            .db()?;
        bind_new_access(&mut insert, store, access, at)?;
        insert.raw_execute().db()? == 1
    };
    if inserted {
        delta.add(&AccessFacts::inserted(access, now), 1);
        return Ok(Upserted::Inserted(tx.last_insert_rowid()));
    }
    let before = tx
        .prepare_cached(FACTS_BY_EVENT)
        .db()?
        .query_row(params![store, access.event_id], |row| {
            Ok(AccessFacts {
                day: row.get::<_, Ts>(0)?.0.date_naive(),
                session_id: row.get(1)?,
                page_url: row.get(2)?,
                section: row.get(3)?,
                device_type: row.get(4)?,
                browser: row.get(5)?,
                event_type: row.get(6)?,
                time_on_page: row.get(7)?,
                scroll_depth: row.get(8)?,
                interactions: row.get(9)?,
            })
        })
        .db()?;
    let (updated, event_type) = tx
        .prepare_cached(&format!(
            "{UPDATE_ACCESS} RETURNING {ACCESS_COLUMNS}, event_type"
        ))
        .db()?
        .query_row(
            params_from_iter(access_params(store, access, now)?.iter()),
            |row| Ok((access_from_row(row)?, row.get(21)?)),
        )
        .db()?;
    delta.add(&before, -1);
    delta.add(&AccessFacts::of(&updated, event_type), 1);
    Ok(Upserted::Updated(Box::new(updated)))
}

fn import_accesses(
    tx: &Transaction<'_>,
    store: StoreId,
    accesses: &[BackdatedPageAccess],
) -> Result<u64> {
    let mut insert = tx.prepare_cached(INSERT_ACCESS).db()?;
    let mut delta = RollupDelta::default();
    for backdated in accesses {
        bind_new_access(
            &mut insert,
            store,
            &backdated.access,
            &Ts(backdated.at).text(),
        )?;
        insert.raw_execute().map_err(|e| {
            if is_unique_violation(&e) {
                Error::conflict("event_id_taken", "An imported event id is already stored.")
            } else {
                Error::internal(e)
            }
        })?;
        delta.add(&AccessFacts::inserted(&backdated.access, backdated.at), 1);
    }
    drop(insert);
    after_access_write(tx, store, delta)?;
    Ok(accesses.len() as u64)
}

/// Page access writes waiting for a group commit: single events and whole batches. Under load
/// many arrive at once; one transaction (one writer turn, one WAL commit) for all of them costs
/// far less than one each. Every write runs under its own savepoint, so a batch stays all or
/// nothing, and answers go out only after the commit.
pub(super) type PageAccessWrites = WriteQueue<Queued>;

enum Work {
    One(Box<NewPageAccess>),
    /// Distinct event ids, in order.
    Batch(Vec<NewPageAccess>),
}

enum Done {
    One(Upserted),
    Batch(Vec<Recorded>),
}

pub(super) struct Queued {
    store: StoreId,
    work: Work,
    now: DateTime<Utc>,
    reply: oneshot::Sender<Result<Done>>,
}

impl Work {
    fn rows(&self) -> usize {
        match self {
            Work::One(_) => 1,
            Work::Batch(accesses) => accesses.len(),
        }
    }
}

/// Page accesses written per group commit, about (a batch is never split). Large groups pay:
/// per row, a commit of 500 rows costs half again as much as one of 5000.
const MAX_GROUP_ROWS: usize = 1_000;

impl GroupWrite for Queued {
    fn take(queue: &mut Vec<Self>) -> Vec<Self> {
        let mut rows = 0;
        let take = queue
            .iter()
            .take_while(|q| {
                let fits = rows == 0 || rows + q.work.rows() <= MAX_GROUP_ROWS;
                rows += q.work.rows();
                fits
            })
            .count();
        queue.drain(..take).collect()
    }

    fn commit(conn: &mut Connection, group: Vec<Self>) {
        write_group(conn, group);
    }
}

impl PageAccessWrites {
    async fn submit(
        &self,
        writer: &Arc<ConnectionPool>,
        store: StoreId,
        work: Work,
        now: DateTime<Utc>,
    ) -> Result<Done> {
        let (reply, answer) = oneshot::channel();
        self.push(
            writer,
            Queued {
                store,
                work,
                now,
                reply,
            },
        );
        answer
            .await
            .unwrap_or_else(|_| Err(Error::internal("a page access write was lost")))
    }
}

/// Writes one queued write; what it changes in the rollups goes to `delta`.
fn write_one(
    tx: &Transaction<'_>,
    store: StoreId,
    work: &Work,
    now: DateTime<Utc>,
    delta: &mut RollupDelta,
) -> Result<Done> {
    let at = Ts(now).text();
    match work {
        Work::One(access) => Ok(Done::One(upsert_access(
            tx, store, access, now, &at, delta,
        )?)),
        Work::Batch(accesses) => {
            let mut recorded = Vec::with_capacity(accesses.len());
            let mut insert = tx.prepare_cached(INSERT_ACCESS).db()?;
            for access in accesses {
                if access.event_id.is_none() {
                    // No event id, no conflict possible: the plain insert is enough.
                    bind_new_access(&mut insert, store, access, &at)?;
                    insert.raw_execute().db()?;
                    recorded.push(Recorded {
                        id: tx.last_insert_rowid(),
                        created: true,
                    });
                    delta.add(&AccessFacts::inserted(access, now), 1);
                } else {
                    recorded.push(match upsert_access(tx, store, access, now, &at, delta)? {
                        Upserted::Inserted(id) => Recorded { id, created: true },
                        Upserted::Updated(row) => Recorded {
                            id: row.id,
                            created: false,
                        },
                    });
                }
            }
            Ok(Done::Batch(recorded))
        }
    }
}

fn write_group(conn: &mut Connection, group: Vec<Queued>) {
    let (work, replies): (Vec<_>, Vec<_>) = group
        .into_iter()
        .map(|q| ((q.store, q.work, q.now), q.reply))
        .unzip();
    let outcome = (|| {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .db()?;
        let mut results = Vec::with_capacity(work.len());
        let mut deltas: BTreeMap<StoreId, RollupDelta> = BTreeMap::new();
        // Prepared once per group, not parsed once per write.
        let mut savepoint = tx.prepare_cached("SAVEPOINT page_access").db()?;
        let mut release = tx.prepare_cached("RELEASE page_access").db()?;
        for (store, work, now) in &work {
            savepoint.execute([]).db()?;
            let mut written = RollupDelta::default();
            let result = write_one(&tx, *store, work, *now, &mut written);
            if result.is_ok() {
                deltas.entry(*store).or_default().extend(written);
            } else {
                tx.execute_batch("ROLLBACK TO page_access").db()?;
            }
            release.execute([]).db()?;
            results.push(result);
        }
        drop((savepoint, release));
        for (store, delta) in deltas {
            after_access_write(&tx, store, delta)?;
        }
        tx.commit().db()?;
        Ok::<_, Error>(results)
    })();
    match outcome {
        Ok(results) => {
            for (reply, result) in replies.into_iter().zip(results) {
                let _ = reply.send(result);
            }
        }
        Err(err) => {
            tracing::error!(error = %err, "page access group commit failed");
            for reply in replies {
                let _ = reply.send(Err(Error::internal("the page access group commit failed")));
            }
        }
    }
}

/// Applies `delta` to the rollups and bumps the store's revision: the bookkeeping of every write
/// of page accesses, in its transaction.
fn after_access_write(tx: &Transaction<'_>, store: StoreId, delta: RollupDelta) -> Result<()> {
    apply_delta(tx, store, &delta.without_zeros()).db()?;
    tx.prepare_cached(
        "INSERT INTO page_access_revisions (store_id, slot, revision) VALUES (?1, 0, 1) \
         ON CONFLICT (store_id, slot) DO UPDATE SET revision = revision + 1",
    )
    .db()?
    .execute([store])
    .db()?;
    Ok(())
}

/// Adds `delta` to the rollups: session-days first (their changes give the days' distinct and
/// single-view sessions and the sessions' day counts), then the days' sums and the values'.
fn apply_delta(tx: &Transaction<'_>, store: StoreId, delta: &RollupDelta) -> rusqlite::Result<()> {
    let mut changes = SessionDayChanges::default();
    {
        let mut upsert = tx.prepare_cached(
            "INSERT INTO page_access_session_days (store_id, session_id, day, views) \
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (store_id, session_id, day) \
             DO UPDATE SET views = views + excluded.views RETURNING views",
        )?;
        let mut forget = tx.prepare_cached(
            "DELETE FROM page_access_session_days \
             WHERE store_id = ?1 AND session_id = ?2 AND day = ?3 AND views = 0",
        )?;
        for ((session, day), &change) in &delta.session_views {
            let day_param = day_text(*day);
            let views: i64 =
                upsert.query_row(params![store, session, day_param, change], |row| row.get(0))?;
            changes.record(session, *day, change, views);
            if views == 0 {
                forget.execute(params![store, session, day_param])?;
            }
        }
    }
    change_session_days(tx, store, &changes.sessions)?;
    let mut totals = tx.prepare_cached(
        "INSERT INTO page_access_days (store_id, day, slot, views, time_on_page_sum, sessions, \
             single_view_sessions, product_views, add_to_cart, begin_checkout, purchases) \
         VALUES (?1, ?2, 0, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
         ON CONFLICT (store_id, day, slot) DO UPDATE SET views = views + excluded.views, \
             time_on_page_sum = time_on_page_sum + excluded.time_on_page_sum, \
             sessions = sessions + excluded.sessions, \
             single_view_sessions = single_view_sessions + excluded.single_view_sessions, \
             product_views = product_views + excluded.product_views, \
             add_to_cart = add_to_cart + excluded.add_to_cart, \
             begin_checkout = begin_checkout + excluded.begin_checkout, \
             purchases = purchases + excluded.purchases",
    )?;
    for (day, t, sessions, singles) in changes.day_rows(delta) {
        totals.execute(params![
            store,
            day_text(day),
            t.views,
            t.time_on_page_sum,
            sessions,
            singles,
            t.product_views,
            t.add_to_cart,
            t.begin_checkout,
            t.purchases
        ])?;
    }
    let mut values = tx.prepare_cached(
        "INSERT INTO page_access_day_values (store_id, dimension, day, value, slot, views, \
             time_on_page_sum, scroll_depth_sum, interactions_sum) \
         VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8) \
         ON CONFLICT (store_id, dimension, day, value, slot) DO UPDATE SET \
             views = views + excluded.views, \
             time_on_page_sum = time_on_page_sum + excluded.time_on_page_sum, \
             scroll_depth_sum = scroll_depth_sum + excluded.scroll_depth_sum, \
             interactions_sum = interactions_sum + excluded.interactions_sum",
    )?;
    for ((dimension, day, value), [views, time, scroll, interactions]) in &delta.values {
        values.execute(params![
            store,
            dimension,
            day_text(*day),
            value,
            views,
            time,
            scroll,
            interactions
        ])?;
    }
    Ok(())
}

/// Changes the number of days each session was seen on by `changes` and flags the session's
/// days as multi-day exactly when it was seen on two or more (a change of 0 only sets the flags).
fn change_session_days(
    tx: &Transaction<'_>,
    store: StoreId,
    changes: &BTreeMap<String, i64>,
) -> rusqlite::Result<()> {
    let mut count = tx.prepare_cached(
        "INSERT INTO page_access_sessions (store_id, session_id, days) VALUES (?1, ?2, ?3) \
         ON CONFLICT (store_id, session_id) DO UPDATE SET days = days + excluded.days \
         RETURNING days",
    )?;
    let mut forget = tx.prepare_cached(
        "DELETE FROM page_access_sessions WHERE store_id = ?1 AND session_id = ?2 AND days = 0",
    )?;
    let mut flag = tx.prepare_cached(
        "UPDATE page_access_session_days SET multi_day = ?3 \
         WHERE store_id = ?1 AND session_id = ?2 AND multi_day <> ?3",
    )?;
    for (session, &change) in changes {
        let days: i64 = count.query_row(params![store, session, change], |row| row.get(0))?;
        if days == 0 {
            forget.execute(params![store, session])?;
        }
        // A session's first day (0 → 1) has one row, unflagged already: most writes.
        if days >= 2 || change <= 0 {
            flag.execute(params![store, session, days >= 2])?;
        }
    }
    Ok(())
}

fn revision(conn: &Connection, store: StoreId) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "SELECT COALESCE(SUM(revision), 0) FROM page_access_revisions WHERE store_id = ?1",
    )?
    .query_row([store], |row| row.get(0))
}

/// `?1` store, `?2` first day, `?3` last day (inclusive): the parameters of every rollup read.
fn window_params(store: StoreId, window: Window) -> [SqlValue; 3] {
    [
        SqlValue::Integer(store),
        SqlValue::Text(day_text(window.first_day)),
        SqlValue::Text(day_text(window.today)),
    ]
}

/// The top pages and sections and the device and browser distributions of the window, from the
/// value rollups; each list most first, ties by value.
fn top_lists(
    conn: &Connection,
    store: StoreId,
    window: Window,
) -> rusqlite::Result<[Vec<ValueCount>; 4]> {
    let sql = format!(
        "WITH totals AS ( \
             SELECT dimension, value, SUM(views) AS views FROM page_access_day_values \
             WHERE store_id = ?1 AND dimension IN ('page', 'section', 'device', 'browser') \
               AND day >= ?2 AND day <= ?3 \
             GROUP BY dimension, value HAVING SUM(views) > 0), \
         ranked AS ( \
             SELECT dimension, value, views, \
                    ROW_NUMBER() OVER (PARTITION BY dimension ORDER BY views DESC, value) AS position \
             FROM totals) \
         SELECT dimension, value, views FROM ranked \
         WHERE position <= CASE WHEN dimension IN ('page', 'section') THEN {TOP_LIMIT} \
                                ELSE {DISTRIBUTION_LIMIT} END \
         ORDER BY dimension, position"
    );
    let mut lists: [Vec<ValueCount>; 4] = Default::default();
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(window_params(store, window)))?;
    while let Some(row) = rows.next()? {
        let slot = match row.get_ref(0)?.as_str()? {
            "page" => 0,
            "section" => 1,
            "device" => 2,
            _ => 3,
        };
        lists[slot].push(ValueCount {
            value: row.get(1)?,
            count: row.get(2)?,
        });
    }
    Ok(lists)
}

/// Distinct sessions and single-view sessions of the window: the sums of its days' counts,
/// less the repeats of the sessions seen on several of its days (only those rows are flagged
/// multi-day), whose single-view days are not single-view sessions of the window either.
fn window_sessions(
    conn: &Connection,
    store: StoreId,
    window: Window,
) -> rusqlite::Result<(i64, i64)> {
    conn.prepare_cached(
        "WITH days AS ( \
             SELECT COALESCE(SUM(sessions), 0) AS sessions, \
                    COALESCE(SUM(single_view_sessions), 0) AS singles \
             FROM page_access_days WHERE store_id = ?1 AND day >= ?2 AND day <= ?3), \
         spanning AS ( \
             SELECT COUNT(*) AS parts, SUM(views = 1) AS singles FROM page_access_session_days \
                 INDEXED BY page_access_session_days_multi_idx \
             WHERE store_id = ?1 AND multi_day = 1 AND day >= ?2 AND day <= ?3 \
             GROUP BY session_id HAVING COUNT(*) > 1) \
         SELECT days.sessions - (SELECT COALESCE(SUM(parts - 1), 0) FROM spanning), \
                days.singles - (SELECT COALESCE(SUM(singles), 0) FROM spanning) FROM days",
    )?
    .query_row(params_from_iter(window_params(store, window)), |row| {
        Ok((row.get(0)?, row.get(1)?))
    })
}

/// How many page accesses `store` has since `since` (all when `None`): the day rollups' views,
/// and the rows of the day `since` falls in from `since` on. A plain COUNT would read every row.
fn count_accesses_since(
    conn: &Connection,
    store: StoreId,
    since: Option<DateTime<Utc>>,
) -> rusqlite::Result<i64> {
    let mut first_day = String::new();
    let mut count = 0;
    if let Some(since) = since {
        first_day = day_text(since.date_naive());
        if since > day_start(since.date_naive()) {
            let next = next_day(since.date_naive());
            count += conn
                .prepare_cached(
                    "SELECT COUNT(*) FROM page_accesses INDEXED BY page_accesses_created_idx \
                     WHERE store_id = ?1 AND created_at >= ?2 AND created_at < ?3",
                )?
                .query_row(params![store, Ts(since), Ts(day_start(next))], |row| {
                    row.get::<_, i64>(0)
                })?;
            first_day = day_text(next);
        }
    }
    let rolled: i64 = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(views), 0) FROM page_access_days WHERE store_id = ?1 AND day >= ?2",
        )?
        .query_row(params![store, first_day], |row| row.get(0))?;
    Ok(count + rolled)
}

fn summary_counts(
    conn: &Connection,
    store: StoreId,
    window: Window,
) -> rusqlite::Result<SummaryCounts> {
    let sums: [i64; 6] = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(views), 0), COALESCE(SUM(time_on_page_sum), 0), \
             COALESCE(SUM(product_views), 0), COALESCE(SUM(add_to_cart), 0), \
             COALESCE(SUM(begin_checkout), 0), COALESCE(SUM(purchases), 0) \
             FROM page_access_days WHERE store_id = ?1 AND day >= ?2 AND day <= ?3",
        )?
        .query_row(params_from_iter(window_params(store, window)), |row| {
            Ok([
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
            ])
        })?;
    let (sessions, single_view_sessions) = window_sessions(conn, store, window)?;
    let [top_pages, top_sections, devices, browsers] = top_lists(conn, store, window)?;
    Ok(SummaryCounts {
        traffic: TrafficCounts {
            views: sums[0],
            time_on_page_sum: sums[1],
            sessions,
            single_view_sessions,
        },
        top_pages,
        top_sections,
        devices,
        browsers,
        ecommerce: EcommerceCounts {
            product_views: sums[2],
            add_to_cart: sums[3],
            begin_checkout: sums[4],
            purchases: sums[5],
        },
    })
}

fn trend_days(
    conn: &Connection,
    store: StoreId,
    window: Window,
) -> rusqlite::Result<Vec<DayTraffic>> {
    let mut by_day: BTreeMap<String, TrafficCounts> = window
        .each_day()
        .map(|day| (day_text(day), TrafficCounts::default()))
        .collect();
    let mut stmt = conn.prepare_cached(
        "SELECT day, SUM(views), SUM(time_on_page_sum), SUM(sessions), SUM(single_view_sessions) \
         FROM page_access_days WHERE store_id = ?1 AND day >= ?2 AND day <= ?3 GROUP BY day",
    )?;
    let mut rows = stmt.query(params_from_iter(window_params(store, window)))?;
    while let Some(row) = rows.next()? {
        let day: String = row.get(0)?;
        by_day.insert(
            day,
            TrafficCounts {
                views: row.get(1)?,
                time_on_page_sum: row.get(2)?,
                sessions: row.get(3)?,
                single_view_sessions: row.get(4)?,
            },
        );
    }
    by_day
        .into_iter()
        .map(|(day, traffic)| {
            Ok(DayTraffic {
                date: parse_day(&day)?,
                traffic,
            })
        })
        .collect()
}

/// A dimension value with its views, time-on-page, scroll-depth and interaction sums.
type RankedValue = (String, [i64; 4]);

/// `(count, page)` of one dimension's values ranked by views, with the sums of each value.
fn ranked_values(
    conn: &Connection,
    store: StoreId,
    window: Window,
    dimension: &str,
    page: PageRequest,
) -> rusqlite::Result<(i64, Vec<RankedValue>)> {
    let values = "SELECT value, SUM(views) AS views, SUM(time_on_page_sum) AS t, \
             SUM(scroll_depth_sum) AS s, SUM(interactions_sum) AS i FROM page_access_day_values \
         WHERE store_id = ?1 AND dimension = ?4 AND day >= ?2 AND day <= ?3 \
         GROUP BY value HAVING SUM(views) > 0";
    let [store_param, first, last] = window_params(store, window);
    let count = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM ({values})"))?
        .query_row(params![store_param, first, last, dimension], |row| {
            row.get(0)
        })?;
    let mut stmt = conn.prepare_cached(&format!(
        "{values} ORDER BY views DESC, value LIMIT ?5 OFFSET ?6"
    ))?;
    let items = stmt
        .query_map(
            params![
                store_param,
                first,
                last,
                dimension,
                page.limit(),
                page.offset()
            ],
            |row| {
                Ok((
                    row.get(0)?,
                    [row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?],
                ))
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((count, items))
}

fn section_counts(
    conn: &Connection,
    store: StoreId,
    window: Window,
    page: PageRequest,
) -> rusqlite::Result<Page<SectionCounts>> {
    let (count, values) = ranked_values(conn, store, window, "section", page)?;
    Ok(Page {
        count,
        items: values
            .into_iter()
            .map(
                |(section, [views, time, scroll, interactions])| SectionCounts {
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

fn url_counts(
    conn: &Connection,
    store: StoreId,
    window: Window,
    page: PageRequest,
) -> rusqlite::Result<Page<UrlCounts>> {
    let (count, values) = ranked_values(conn, store, window, "page", page)?;
    let (start, end) = (Ts(window.start()).text(), Ts(window.end()).text());
    let mut totals = conn.prepare_cached(
        "SELECT COUNT(*), COUNT(DISTINCT NULLIF(session_id, '')), COALESCE(SUM(time_on_page), 0), \
                COUNT(load_time_us), COALESCE(SUM(load_time_us), 0) \
         FROM page_accesses WHERE store_id = ?1 AND page_url = ?2 \
           AND created_at >= ?3 AND created_at < ?4",
    )?;
    let mut percentiles = conn.prepare_cached(
        "SELECT MAX(CASE WHEN rank = ?5 THEN load_time_us END), \
                MAX(CASE WHEN rank = ?6 THEN load_time_us END) FROM ( \
             SELECT load_time_us, ROW_NUMBER() OVER (ORDER BY load_time_us) AS rank \
             FROM page_accesses WHERE store_id = ?1 AND page_url = ?2 \
               AND created_at >= ?3 AND created_at < ?4 AND load_time_us IS NOT NULL)",
    )?;
    let mut items = Vec::with_capacity(values.len());
    for (page_url, _) in values {
        let (views, sessions, time_sum, load_count, load_sum): (i64, i64, i64, i64, i64) =
            totals.query_row(params![store, page_url, start, end], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            })?;
        let (p75, p95) = if load_count > 0 {
            percentiles.query_row(
                params![
                    store,
                    page_url,
                    start,
                    end,
                    nearest_rank(75, load_count),
                    nearest_rank(95, load_count)
                ],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?
        } else {
            (None, None)
        };
        items.push(UrlCounts {
            page_url,
            views,
            sessions,
            time_on_page_sum: time_sum,
            load_time_count: load_count,
            load_time_sum_us: load_sum,
            load_time_p75_us: p75,
            load_time_p95_us: p95,
        });
    }
    Ok(Page {
        count,
        items,
        request: page,
    })
}

/// Recomputes one day's rollup from its page accesses: its sums and values replace what the
/// rollups held (all in slot 0), and its sessions' day counts and flags follow its session-days.
fn roll_up_day(tx: &Transaction<'_>, store: StoreId, day: NaiveDate) -> rusqlite::Result<()> {
    let day_param = day_text(day);
    let (from, until) = (
        Ts(day_start(day)).text(),
        Ts(day_start(next_day(day))).text(),
    );
    let range = params![store, day_param, from, until];
    let mut changes: BTreeMap<String, i64> = BTreeMap::new();
    for (sql, change) in [
        (
            "DELETE FROM page_access_session_days WHERE store_id = ?1 AND day = ?2 \
             RETURNING session_id",
            -1,
        ),
        (
            "INSERT INTO page_access_session_days (store_id, session_id, day, views) \
             SELECT ?1, session_id, ?2, COUNT(*) \
             FROM page_accesses INDEXED BY page_accesses_created_idx \
             WHERE store_id = ?1 AND created_at >= ?3 AND created_at < ?4 AND session_id <> '' \
             GROUP BY session_id RETURNING session_id",
            1,
        ),
    ] {
        let mut stmt = tx.prepare(sql)?;
        let mut rows = if change < 0 {
            stmt.query(params![store, day_param])?
        } else {
            stmt.query(range)?
        };
        while let Some(row) = rows.next()? {
            *changes.entry(row.get(0)?).or_default() += change;
        }
    }
    change_session_days(tx, store, &changes)?;
    tx.execute(
        "DELETE FROM page_access_days WHERE store_id = ?1 AND day = ?2",
        params![store, day_param],
    )?;
    tx.execute(
        &format!(
            "INSERT INTO page_access_days (store_id, day, slot, views, time_on_page_sum, sessions, \
                 single_view_sessions, product_views, add_to_cart, begin_checkout, purchases) \
             SELECT ?1, ?2, 0, COUNT(*), COALESCE(SUM(time_on_page), 0), \
                 (SELECT COUNT(*) FROM page_access_session_days WHERE store_id = ?1 AND day = ?2), \
                 (SELECT COUNT(*) FROM page_access_session_days \
                  WHERE store_id = ?1 AND day = ?2 AND views = 1), \
                 SUM(event_type IS '{}'), SUM(event_type IS '{}'), SUM(event_type IS '{}'), \
                 SUM(event_type IS '{}') \
             FROM page_accesses INDEXED BY page_accesses_created_idx \
             WHERE store_id = ?1 AND created_at >= ?3 AND created_at < ?4 HAVING COUNT(*) > 0",
            event_types::PRODUCT_VIEW,
            event_types::ADD_TO_CART,
            event_types::BEGIN_CHECKOUT,
            event_types::PURCHASE
        ),
        range,
    )?;
    tx.execute(
        "DELETE FROM page_access_day_values \
         WHERE store_id = ?1 AND dimension IN ('page', 'section', 'device', 'browser') AND day = ?2",
        params![store, day_param],
    )?;
    for (dimension, column, keep) in [
        ("page", "page_url", "1"),
        ("section", "section", "section <> ''"),
        ("device", "device_type", "1"),
        ("browser", "browser", "1"),
    ] {
        tx.execute(
            &format!(
                "INSERT INTO page_access_day_values (store_id, dimension, day, value, slot, views, \
                     time_on_page_sum, scroll_depth_sum, interactions_sum) \
                 SELECT ?1, '{dimension}', ?2, {column}, 0, COUNT(*), SUM(time_on_page), \
                     SUM(scroll_depth), SUM(interactions) \
                 FROM page_accesses INDEXED BY page_accesses_created_idx \
                 WHERE store_id = ?1 AND created_at >= ?3 AND created_at < ?4 AND {keep} \
                 GROUP BY {column}"
            ),
            range,
        )?;
    }
    Ok(())
}

/// Rolls up every day of every store that has page accesses: the completion of the rollups'
/// migration.
pub(super) fn roll_up_every_day(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let days = tx
        .prepare("SELECT DISTINCT store_id, substr(created_at, 1, 10) FROM page_accesses")?
        .query_map([], |row| {
            Ok((row.get::<_, StoreId>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (store, day) in days {
        roll_up_day(tx, store, parse_day(&day)?)?;
    }
    Ok(())
}

#[async_trait]
impl PageAccessStore for SqliteStorage {
    async fn record_page_access(
        &self,
        store: StoreId,
        access: &NewPageAccess,
        now: DateTime<Utc>,
    ) -> Result<RecordedAccess> {
        let work = Work::One(Box::new(access.clone()));
        match self
            .page_access_writes
            .submit(&self.writer, store, work, now)
            .await?
        {
            Done::One(Upserted::Inserted(id)) => Ok(RecordedAccess {
                access: PageAccess::inserted(id, access, now),
                created: true,
            }),
            Done::One(Upserted::Updated(row)) => Ok(RecordedAccess {
                access: *row,
                created: false,
            }),
            Done::Batch(_) => Err(Error::internal("one event came back as a batch")),
        }
    }

    async fn record_page_accesses(
        &self,
        store: StoreId,
        accesses: Vec<NewPageAccess>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Recorded>> {
        match self
            .page_access_writes
            .submit(&self.writer, store, Work::Batch(accesses), now)
            .await?
        {
            Done::Batch(recorded) => Ok(recorded),
            Done::One(_) => Err(Error::internal("a batch came back as one event")),
        }
    }

    async fn import_page_accesses(
        &self,
        store: StoreId,
        accesses: Vec<BackdatedPageAccess>,
    ) -> Result<u64> {
        self.write(move |tx| with_bulk_cache(tx, |tx| import_accesses(tx, store, &accesses)))
            .await
    }

    async fn page_access(&self, store: StoreId, id: PageAccessId) -> Result<Option<PageAccess>> {
        self.read(move |conn| {
            conn.prepare_cached(&format!(
                "SELECT {ACCESS_COLUMNS} FROM page_accesses WHERE store_id = ?1 AND id = ?2"
            ))?
            .query_row(params![store, id], access_from_row)
            .optional()
        })
        .await
    }
    async fn list_page_accesses(
        &self,
        store: StoreId,
        filter: &PageAccessFilter,
        page: PageRequest,
    ) -> Result<Page<PageAccess>> {
        let filter = filter.clone();
        self.read(move |conn| {
            // Only the filters given, so each query can use the index of its filter.
            let by_value = filter.page_url.is_some()
                || filter.section.is_some()
                || filter.session_id.is_some();
            let mut rows = StoreRows::new(store);
            for (column, value) in [
                ("page_url =", filter.page_url),
                ("section =", filter.section),
                ("session_id =", filter.session_id),
            ] {
                if let Some(value) = value {
                    rows.add(column, SqlValue::Text(value));
                }
            }
            if let Some(since) = filter.since {
                rows.add("created_at >=", SqlValue::from(Ts(since)));
            }
            // One snapshot: a rollup committing midway must not count its day twice.
            let tx = conn.unchecked_transaction()?;
            let count = if by_value {
                rows.count(&tx, "page_accesses")?
            } else {
                count_accesses_since(&tx, store, filter.since)?
            };
            let items = rows.page_items(
                &tx,
                "page_accesses",
                ACCESS_COLUMNS,
                "created_at DESC, id DESC",
                page,
                access_from_row,
            )?;
            Ok(Page {
                count,
                items,
                request: page,
            })
        })
        .await
    }

    async fn page_access_revision(&self, store: StoreId) -> Result<i64> {
        self.read(move |conn| revision(conn, store)).await
    }

    async fn roll_up_page_access_day(&self, store: StoreId, day: NaiveDate) -> Result<()> {
        self.write(move |tx| roll_up_day(tx, store, day).db()).await
    }

    async fn page_access_summary(&self, store: StoreId, window: Window) -> Result<SummaryCounts> {
        self.read(move |conn| {
            let tx = conn.unchecked_transaction()?;
            summary_counts(&tx, store, window)
        })
        .await
    }

    async fn page_access_trends(&self, store: StoreId, window: Window) -> Result<Vec<DayTraffic>> {
        self.read(move |conn| {
            let tx = conn.unchecked_transaction()?;
            trend_days(&tx, store, window)
        })
        .await
    }

    async fn section_traffic(
        &self,
        store: StoreId,
        window: Window,
        page: PageRequest,
    ) -> Result<Page<SectionCounts>> {
        self.read(move |conn| {
            let tx = conn.unchecked_transaction()?;
            section_counts(&tx, store, window, page)
        })
        .await
    }

    async fn url_performance(
        &self,
        store: StoreId,
        window: Window,
        page: PageRequest,
    ) -> Result<Page<UrlCounts>> {
        self.read(move |conn| {
            let tx = conn.unchecked_transaction()?;
            url_counts(&tx, store, window, page)
        })
        .await
    }
}

// -- page sections ----------------------------------------------------------------------------

const SECTION_COLUMNS: &str = "id, name, description, page_url_pattern, section_selector, \
     is_active, priority, created_at, updated_at";

fn section_from_row(row: &Row<'_>) -> rusqlite::Result<PageSection> {
    Ok(PageSection {
        id: row.get(0)?,
        name: row.get(1)?,
        description: row.get(2)?,
        page_url_pattern: row.get(3)?,
        section_selector: row.get(4)?,
        is_active: row.get(5)?,
        priority: row.get(6)?,
        created_at: row.get::<_, Ts>(7)?.0,
        updated_at: row.get::<_, Ts>(8)?.0,
    })
}

fn section_name_taken(err: rusqlite::Error) -> Error {
    if is_unique_violation(&err) {
        Error::conflict(
            "section_name_taken",
            "A page section with this name already exists in this store.",
        )
    } else {
        Error::internal(err)
    }
}

#[async_trait]
impl PageSectionStore for SqliteStorage {
    async fn create_section(
        &self,
        store: StoreId,
        section: &NewSection,
        now: DateTime<Utc>,
    ) -> Result<PageSection> {
        let s = section.clone();
        self.write(move |tx| {
            tx.query_row(
                &format!(
                    "INSERT INTO page_sections (store_id, name, name_key, description, page_url_pattern, \
                         section_selector, is_active, priority, created_at, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) RETURNING {SECTION_COLUMNS}"
                ),
                params![
                    store,
                    s.name,
                    s.name_key,
                    s.description,
                    s.page_url_pattern,
                    s.section_selector,
                    s.is_active,
                    s.priority,
                    Ts(now)
                ],
                section_from_row,
            )
            .map_err(section_name_taken)
        })
        .await
    }

    async fn section(&self, store: StoreId, id: SectionId) -> Result<Option<PageSection>> {
        self.read(move |conn| {
            conn.prepare_cached(&format!(
                "SELECT {SECTION_COLUMNS} FROM page_sections WHERE store_id = ?1 AND id = ?2"
            ))?
            .query_row(params![store, id], section_from_row)
            .optional()
        })
        .await
    }

    async fn list_sections(
        &self,
        store: StoreId,
        filter: SectionFilter,
        page: PageRequest,
    ) -> Result<Page<PageSection>> {
        self.read(move |conn| {
            let mut rows = StoreRows::new(store);
            if let Some(is_active) = filter.is_active {
                rows.add("is_active =", SqlValue::Integer(i64::from(is_active)));
            }
            rows.page(
                conn,
                "page_sections",
                SECTION_COLUMNS,
                "priority, name, id",
                page,
                section_from_row,
            )
        })
        .await
    }

    async fn update_section(
        &self,
        store: StoreId,
        id: SectionId,
        changes: &SectionUpdate,
        now: DateTime<Utc>,
    ) -> Result<Option<PageSection>> {
        let c = changes.clone();
        self.write(move |tx| {
            let (name, name_key) = c.name.unzip();
            tx.query_row(
                &format!(
                    "UPDATE page_sections SET name = COALESCE(?3, name), name_key = COALESCE(?4, name_key), \
                         description = COALESCE(?5, description), \
                         page_url_pattern = COALESCE(?6, page_url_pattern), \
                         section_selector = COALESCE(?7, section_selector), \
                         is_active = COALESCE(?8, is_active), priority = COALESCE(?9, priority), \
                         updated_at = ?10 \
                     WHERE store_id = ?1 AND id = ?2 RETURNING {SECTION_COLUMNS}"
                ),
                params![
                    store,
                    id,
                    name,
                    name_key,
                    c.description,
                    c.page_url_pattern,
                    c.section_selector,
                    c.is_active,
                    c.priority,
                    Ts(now)
                ],
                section_from_row,
            )
            .optional()
            .map_err(section_name_taken)
        })
        .await
    }

    async fn delete_section(&self, store: StoreId, id: SectionId) -> Result<bool> {
        self.write(move |tx| {
            tx.execute(
                "DELETE FROM page_sections WHERE store_id = ?1 AND id = ?2",
                params![store, id],
            )
            .db()
            .map(|deleted| deleted == 1)
        })
        .await
    }
}

// -- user journeys ----------------------------------------------------------------------------

const JOURNEY_COLUMNS: &str = "id, session_id, user_id, entry_page, exit_page, pages_visited, \
     total_pages, total_time, conversion_goal, started_at, ended_at, updated_at";

fn journey_from_row(row: &Row<'_>) -> rusqlite::Result<UserJourney> {
    let pages: String = row.get(5)?;
    Ok(UserJourney {
        id: row.get(0)?,
        session_id: row.get(1)?,
        user_id: row.get(2)?,
        entry_page: row.get(3)?,
        exit_page: row.get(4)?,
        pages_visited: serde_json::from_str(&pages).map_err(json_error)?,
        total_pages: row.get(6)?,
        total_time: row.get(7)?,
        conversion_goal: row.get(8)?,
        started_at: row.get::<_, Ts>(9)?.0,
        ended_at: row.get::<_, Option<Ts>>(10)?.map(|t| t.0),
        updated_at: row.get::<_, Ts>(11)?.0,
    })
}

fn pages_json(pages: &[String]) -> Result<String> {
    serde_json::to_string(pages).map_err(Error::internal)
}

const INSERT_JOURNEY: &str = "INSERT INTO user_journeys (store_id, session_id, user_id, entry_page, \
     exit_page, pages_visited, total_pages, total_time, conversion_goal, started_at, ended_at, \
     updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

fn insert_journey(
    tx: &Transaction<'_>,
    store: StoreId,
    j: &NewJourney,
    now: DateTime<Utc>,
    returning: bool,
) -> Result<Option<UserJourney>> {
    let values = params![
        store,
        j.session_id,
        j.user_id,
        j.entry_page,
        j.exit_page,
        pages_json(&j.pages_visited)?,
        j.pages_visited.len() as i64,
        j.total_time,
        j.conversion_goal,
        Ts(j.started_at),
        j.ended_at.map(Ts),
        Ts(now)
    ];
    if returning {
        tx.prepare_cached(&format!("{INSERT_JOURNEY} RETURNING {JOURNEY_COLUMNS}"))
            .db()?
            .query_row(values, journey_from_row)
            .db()
            .map(Some)
    } else {
        tx.prepare_cached(INSERT_JOURNEY)
            .db()?
            .execute(values)
            .db()?;
        Ok(None)
    }
}

#[async_trait]
impl UserJourneyStore for SqliteStorage {
    async fn create_journey(
        &self,
        store: StoreId,
        journey: &NewJourney,
        now: DateTime<Utc>,
    ) -> Result<UserJourney> {
        let journey = journey.clone();
        self.write(move |tx| {
            insert_journey(tx, store, &journey, now, true)
                .map(|j| j.expect("RETURNING gives the row"))
        })
        .await
    }

    async fn import_journeys(&self, store: StoreId, journeys: Vec<NewJourney>) -> Result<u64> {
        self.write(move |tx| {
            for journey in &journeys {
                let at = journey.ended_at.unwrap_or(journey.started_at);
                insert_journey(tx, store, journey, at, false)?;
            }
            Ok(journeys.len() as u64)
        })
        .await
    }

    async fn journey(&self, store: StoreId, id: JourneyId) -> Result<Option<UserJourney>> {
        self.read(move |conn| {
            conn.prepare_cached(&format!(
                "SELECT {JOURNEY_COLUMNS} FROM user_journeys WHERE store_id = ?1 AND id = ?2"
            ))?
            .query_row(params![store, id], journey_from_row)
            .optional()
        })
        .await
    }

    async fn list_journeys(
        &self,
        store: StoreId,
        filter: &JourneyFilter,
        page: PageRequest,
    ) -> Result<Page<UserJourney>> {
        let filter = filter.clone();
        self.read(move |conn| {
            let mut rows = StoreRows::new(store);
            if let Some(session) = filter.session_id {
                rows.add("session_id =", SqlValue::Text(session));
            }
            if let Some(since) = filter.since {
                rows.add("started_at >=", SqlValue::from(Ts(since)));
            }
            rows.page(
                conn,
                "user_journeys",
                JOURNEY_COLUMNS,
                "started_at DESC, id DESC",
                page,
                journey_from_row,
            )
        })
        .await
    }

    async fn update_journey(
        &self,
        store: StoreId,
        id: JourneyId,
        changes: &JourneyUpdate,
        now: DateTime<Utc>,
    ) -> Result<Option<UserJourney>> {
        let c = changes.clone();
        self.write(move |tx| {
            let pages = c.pages_visited.as_deref().map(pages_json).transpose()?;
            let total_pages = c.pages_visited.as_ref().map(|p| p.len() as i64);
            tx.query_row(
                &format!(
                    "UPDATE user_journeys SET user_id = COALESCE(?3, user_id), \
                         entry_page = COALESCE(?4, entry_page), exit_page = COALESCE(?5, exit_page), \
                         pages_visited = COALESCE(?6, pages_visited), \
                         total_pages = COALESCE(?7, total_pages), total_time = COALESCE(?8, total_time), \
                         conversion_goal = COALESCE(?9, conversion_goal), \
                         ended_at = COALESCE(?10, ended_at), updated_at = ?11 \
                     WHERE store_id = ?1 AND id = ?2 RETURNING {JOURNEY_COLUMNS}"
                ),
                params![
                    store,
                    id,
                    c.user_id,
                    c.entry_page,
                    c.exit_page,
                    pages,
                    total_pages,
                    c.total_time,
                    c.conversion_goal,
                    c.ended_at.map(Ts),
                    Ts(now)
                ],
                journey_from_row,
            )
            .optional()
            .db()
        })
        .await
    }

    async fn delete_journey(&self, store: StoreId, id: JourneyId) -> Result<bool> {
        self.write(move |tx| {
            tx.execute(
                "DELETE FROM user_journeys WHERE store_id = ?1 AND id = ?2",
                params![store, id],
            )
            .db()
            .map(|deleted| deleted == 1)
        })
        .await
    }

    async fn journey_counts(&self, store: StoreId, window: Window) -> Result<JourneyCounts> {
        self.read(move |conn| {
            let tx = conn.unchecked_transaction()?;
            let (start, end) = (Ts(window.start()).text(), Ts(window.end()).text());
            let range = params![store, start, end];
            let (journeys, pages_sum, time_sum) = tx
                .prepare_cached(
                    "SELECT COUNT(*), COALESCE(SUM(total_pages), 0), COALESCE(SUM(total_time), 0) \
                     FROM user_journeys WHERE store_id = ?1 AND started_at >= ?2 AND started_at < ?3",
                )?
                .query_row(range, |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
            let top_journeys = tx
                .prepare_cached(&format!(
                    "SELECT {JOURNEY_COLUMNS} FROM user_journeys \
                     WHERE store_id = ?1 AND started_at >= ?2 AND started_at < ?3 \
                     ORDER BY total_pages DESC, started_at DESC, id DESC LIMIT {TOP_LIMIT}"
                ))?
                .query_map(range, journey_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let pages = |column: &str| -> rusqlite::Result<Vec<ValueCount>> {
                tx.prepare_cached(&format!(
                    "SELECT {column}, COUNT(*) AS journeys FROM user_journeys \
                     WHERE store_id = ?1 AND started_at >= ?2 AND started_at < ?3 AND {column} <> '' \
                     GROUP BY {column} ORDER BY journeys DESC, {column} LIMIT {TOP_LIMIT}"
                ))?
                .query_map(range, |row| {
                    Ok(ValueCount {
                        value: row.get(0)?,
                        count: row.get(1)?,
                    })
                })?
                .collect()
            };
            let entry_pages = pages("entry_page")?;
            let exit_pages = pages("exit_page")?;
            Ok(JourneyCounts {
                journeys,
                pages_sum,
                time_sum,
                top_journeys,
                entry_pages,
                exit_pages,
            })
        })
        .await
    }
}

// -- page performance -------------------------------------------------------------------------

const PERFORMANCE_COLUMNS: &str = "id, page_url, date, page_views, unique_visitors, new_visitors, \
     bounces, exits, conversions, time_on_page_sum, load_time_count, load_time_sum_us, \
     load_time_p75_us, load_time_p95_us, computed_at";

fn performance_from_row(row: &Row<'_>) -> rusqlite::Result<PagePerformance> {
    let date: String = row.get(2)?;
    Ok(PagePerformance {
        id: row.get(0)?,
        page_url: row.get(1)?,
        date: parse_day(&date)?,
        page_views: row.get(3)?,
        unique_visitors: row.get(4)?,
        new_visitors: row.get(5)?,
        bounces: row.get(6)?,
        exits: row.get(7)?,
        conversions: row.get(8)?,
        time_on_page_sum: row.get(9)?,
        load_time_count: row.get(10)?,
        load_time_sum_us: row.get(11)?,
        load_time_p75_us: row.get(12)?,
        load_time_p95_us: row.get(13)?,
        computed_at: row.get::<_, Ts>(14)?.0,
    })
}

/// The day's rows of every page in one statement. `?1` store, `?2`/`?3` the day's instants,
/// `?4` the date, `?5` now.
const ROLL_UP_PERFORMANCE: &str = "WITH day_rows AS MATERIALIZED ( \
         SELECT id, page_url, session_id, time_on_page, event_type, load_time_us, created_at \
         FROM page_accesses INDEXED BY page_accesses_created_idx \
         WHERE store_id = ?1 AND created_at >= ?2 AND created_at < ?3), \
     sessions AS ( \
         SELECT session_id, COUNT(*) AS views, MAX(event_type IS 'purchase') AS purchased, \
                NOT EXISTS (SELECT 1 FROM page_accesses p WHERE p.store_id = ?1 \
                    AND p.session_id = d.session_id AND p.created_at < ?2) AS is_new \
         FROM day_rows d WHERE session_id <> '' GROUP BY session_id), \
     last_views AS ( \
         SELECT page_url, session_id FROM ( \
             SELECT page_url, session_id, ROW_NUMBER() OVER ( \
                 PARTITION BY session_id ORDER BY created_at DESC, id DESC) AS position \
             FROM day_rows WHERE session_id <> '') \
         WHERE position = 1), \
     url_sessions AS (SELECT DISTINCT page_url, session_id FROM day_rows WHERE session_id <> ''), \
     visitors AS ( \
         SELECT u.page_url, COUNT(*) AS visitors, SUM(s.is_new) AS new_visitors, \
                SUM(s.views = 1) AS bounces, SUM(s.purchased) AS conversions, \
                COUNT(l.session_id) AS exits \
         FROM url_sessions u JOIN sessions s ON s.session_id = u.session_id \
         LEFT JOIN last_views l ON l.page_url = u.page_url AND l.session_id = u.session_id \
         GROUP BY u.page_url), \
     ranked AS ( \
         SELECT page_url, load_time_us, \
                ROW_NUMBER() OVER (PARTITION BY page_url ORDER BY load_time_us) AS position, \
                COUNT(*) OVER (PARTITION BY page_url) AS n \
         FROM day_rows WHERE load_time_us IS NOT NULL), \
     percentiles AS ( \
         SELECT page_url, \
                MAX(CASE WHEN position = (75 * n + 99) / 100 THEN load_time_us END) AS p75, \
                MAX(CASE WHEN position = (95 * n + 99) / 100 THEN load_time_us END) AS p95 \
         FROM ranked GROUP BY page_url), \
     views AS ( \
         SELECT page_url, COUNT(*) AS views, SUM(time_on_page) AS time_sum, \
                COUNT(load_time_us) AS load_count, COALESCE(SUM(load_time_us), 0) AS load_sum \
         FROM day_rows GROUP BY page_url) \
     INSERT INTO page_performance (store_id, page_url, date, page_views, unique_visitors, \
         new_visitors, bounces, exits, conversions, time_on_page_sum, load_time_count, \
         load_time_sum_us, load_time_p75_us, load_time_p95_us, computed_at) \
     SELECT ?1, v.page_url, ?4, v.views, COALESCE(vi.visitors, 0), COALESCE(vi.new_visitors, 0), \
            COALESCE(vi.bounces, 0), COALESCE(vi.exits, 0), COALESCE(vi.conversions, 0), \
            v.time_sum, v.load_count, v.load_sum, p.p75, p.p95, ?5 \
     FROM views v LEFT JOIN visitors vi ON vi.page_url = v.page_url \
     LEFT JOIN percentiles p ON p.page_url = v.page_url \
     WHERE true \
     ON CONFLICT (store_id, page_url, date) DO UPDATE SET \
         page_views = excluded.page_views, unique_visitors = excluded.unique_visitors, \
         new_visitors = excluded.new_visitors, bounces = excluded.bounces, exits = excluded.exits, \
         conversions = excluded.conversions, time_on_page_sum = excluded.time_on_page_sum, \
         load_time_count = excluded.load_time_count, load_time_sum_us = excluded.load_time_sum_us, \
         load_time_p75_us = excluded.load_time_p75_us, load_time_p95_us = excluded.load_time_p95_us, \
         computed_at = excluded.computed_at";

#[async_trait]
impl PagePerformanceStore for SqliteStorage {
    async fn roll_up_page_performance(
        &self,
        store: StoreId,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        self.write(move |tx| {
            let (from, until) = (Ts(day_start(date)).text(), Ts(day_start(next_day(date))).text());
            let day = day_text(date);
            // Pages that lost all their accesses of the day (a repeated event id moved them).
            tx.execute(
                "DELETE FROM page_performance WHERE store_id = ?1 AND date = ?4 AND page_url NOT IN ( \
                     SELECT page_url FROM page_accesses \
                     WHERE store_id = ?1 AND created_at >= ?2 AND created_at < ?3)",
                params![store, from, until, day],
            )
            .db()?;
            tx.execute(ROLL_UP_PERFORMANCE, params![store, from, until, day, Ts(now)])
                .db()?;
            tx.query_row(
                "SELECT COUNT(*) FROM page_performance WHERE store_id = ?1 AND date = ?2",
                params![store, day],
                |row| row.get::<_, i64>(0),
            )
            .db()
            .map(|n| n as u64)
        })
        .await
    }

    async fn page_performance(
        &self,
        store: StoreId,
        id: PerformanceId,
    ) -> Result<Option<PagePerformance>> {
        self.read(move |conn| {
            conn.prepare_cached(&format!(
                "SELECT {PERFORMANCE_COLUMNS} FROM page_performance WHERE store_id = ?1 AND id = ?2"
            ))?
            .query_row(params![store, id], performance_from_row)
            .optional()
        })
        .await
    }

    async fn list_page_performance(
        &self,
        store: StoreId,
        filter: &PerformanceFilter,
        page: PageRequest,
    ) -> Result<Page<PagePerformance>> {
        let filter = filter.clone();
        self.read(move |conn| {
            let mut rows = StoreRows::new(store);
            if let Some(url) = filter.page_url {
                rows.add("page_url =", SqlValue::Text(url));
            }
            if let Some(from) = filter.from {
                rows.add("date >=", SqlValue::Text(day_text(from)));
            }
            if let Some(until) = filter.until {
                rows.add("date <=", SqlValue::Text(day_text(until)));
            }
            rows.page(
                conn,
                "page_performance",
                PERFORMANCE_COLUMNS,
                "date DESC, page_url",
                page,
                performance_from_row,
            )
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Page accesses stored before the rollups existed are rolled up by the migration that
    /// brings them: sums, values, session-days and the flags of a session seen on two days.
    #[test]
    fn the_rollups_migration_rolls_up_the_accesses_that_exist() {
        use crate::migrations::{PAGE_ACCESS_ROLLUPS, SQLITE};
        let at = SQLITE
            .iter()
            .position(|m| m.name == PAGE_ACCESS_ROLLUPS)
            .unwrap();
        let mut conn = Connection::open_in_memory().unwrap();
        crate::sqlite::apply_migrations(&mut conn, &SQLITE[..at]).unwrap();
        conn.execute_batch(
            "INSERT INTO stores (id, name, slug, created_at, updated_at) VALUES \
             (7, 'Tienda', 'tienda', 'x', 'x'); \
             INSERT INTO page_accesses (store_id, page_url, section, session_id, time_on_page, \
                 event_type, created_at, updated_at) VALUES \
             (7, '/a', 'hero', 's1', 10, 'purchase', '2026-03-09T10:00:00.000000Z', 'x'), \
             (7, '/b', '', 's1', 20, NULL, '2026-03-09T10:01:00.000000Z', 'x'), \
             (7, '/a', 'hero', 's2', 5, NULL, '2026-03-09T11:00:00.000000Z', 'x'), \
             (7, '/a', '', 's1', 1, NULL, '2026-03-10T09:00:00.000000Z', 'x');",
        )
        .unwrap();
        crate::sqlite::apply_migrations(&mut conn, SQLITE).unwrap();
        let days: Vec<(String, i64, i64, i64, i64, i64)> = conn
            .prepare(
                "SELECT day, views, time_on_page_sum, sessions, single_view_sessions, purchases \
                 FROM page_access_days WHERE store_id = 7 ORDER BY day",
            )
            .unwrap()
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            days,
            [
                ("2026-03-09".to_owned(), 3, 35, 2, 1, 1),
                ("2026-03-10".to_owned(), 1, 1, 1, 1, 0)
            ]
        );
        let values: Vec<(String, String, i64)> = conn
            .prepare(
                "SELECT dimension, value, views FROM page_access_day_values \
                 WHERE store_id = 7 AND day = '2026-03-09' AND dimension IN ('page', 'section') \
                 ORDER BY dimension, value",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            values,
            [
                ("page".to_owned(), "/a".to_owned(), 2),
                ("page".to_owned(), "/b".to_owned(), 1),
                ("section".to_owned(), "hero".to_owned(), 2)
            ]
        );
        let sessions: Vec<(String, String, i64, bool)> = conn
            .prepare(
                "SELECT session_id, day, views, multi_day FROM page_access_session_days \
                 WHERE store_id = 7 ORDER BY session_id, day",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            sessions,
            [
                ("s1".to_owned(), "2026-03-09".to_owned(), 2, true),
                ("s1".to_owned(), "2026-03-10".to_owned(), 1, true),
                ("s2".to_owned(), "2026-03-09".to_owned(), 1, false)
            ]
        );
    }
}
