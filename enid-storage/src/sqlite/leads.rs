//! Lead types, leads, their history, search and metrics on SQLite.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params, params_from_iter};

use enid_core::auth::UserId;
use enid_core::invalidation::Invalidation;
use enid_core::leads::{
    DEFAULT_LEAD_TYPES, IntakeOutcome, Lead, LeadChanges, LeadCounts, LeadFilter, LeadId,
    LeadIntake, LeadOrderField, LeadSearch, LeadStatus, LeadStatusChange, LeadStore, LeadType,
    LeadTypeChanges, LeadTypeId, LeadTypeName, NewLead, OverviewDays, digits, lead_type_name_key,
    lead_type_takes_leads,
};
use enid_core::pagination::{Page, PageRequest};
use enid_core::stores::StoreId;
use enid_core::text::fold;
use enid_core::{Error, Result};

use super::{
    Db, SqliteStorage, Ts, is_foreign_key_violation, is_unique_violation, with_bulk_cache,
};

/// Above this many index candidates (in every store), a search walks the store's newest leads
/// and checks each instead: with that many matches the first `limit` come quickly, while reading
/// and sorting every candidate would not. Checking a walked lead costs a step along
/// `leads_store_created_idx` (which holds the search columns); checking a candidate costs a
/// random row read, several times more: the two ways cost the same around here.
const SEARCH_SORT_CAP: i64 = 2_000;
/// Virtual machine operations a search may spend walking the newest leads before it asks the
/// search index instead (about half a millisecond; a common query needs a tenth of it).
const SEARCH_WALK_BUDGET_OPS: u32 = 40_000;
/// Rows per multi-row INSERT of a bulk insert (14 values each, well under SQLite's 32,766).
const BULK_ROWS: usize = 500;

const LEAD_TYPE_COLUMNS: &str = "id, name, is_active, created_at, updated_at";

const LEAD_SELECT: &str = "SELECT l.id, l.name, l.email, l.phone_number, l.lead_type_id, t.name, \
     l.status, l.tryet, l.products_interest, l.created_at, l.updated_at, l.converted_at \
     FROM leads l JOIN lead_types t ON t.store_id = l.store_id AND t.id = l.lead_type_id";

/// `LEAD_SELECT` through the (store, email, type) index: without statistics the planner would
/// rather walk the store's leads newest first to skip sorting the few that share an email.
const EXACT_EMAIL_SELECT: &str = "SELECT l.id, l.name, l.email, l.phone_number, l.lead_type_id, t.name, \
     l.status, l.tryet, l.products_interest, l.created_at, l.updated_at, l.converted_at \
     FROM leads l INDEXED BY leads_store_email_type_key \
     JOIN lead_types t ON t.store_id = l.store_id AND t.id = l.lead_type_id";

/// `LEAD_SELECT` driven by the search index: CROSS JOIN keeps the index's few candidates as the
/// outer loop (the planner would otherwise walk every lead of the store and probe the index).
const SEARCH_CANDIDATES_SELECT: &str = "SELECT l.id, l.name, l.email, l.phone_number, l.lead_type_id, \
     t.name, l.status, l.tryet, l.products_interest, l.created_at, l.updated_at, l.converted_at \
     FROM leads_search CROSS JOIN leads l ON l.id = leads_search.rowid \
     JOIN lead_types t ON t.store_id = l.store_id AND t.id = l.lead_type_id";

fn conversion_error(
    index: usize,
    err: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, err.into())
}

fn status_at(row: &Row<'_>, index: usize) -> rusqlite::Result<LeadStatus> {
    let text: String = row.get(index)?;
    LeadStatus::parse("status", &text).map_err(|e| conversion_error(index, e))
}

fn lead_type_from_row(row: &Row<'_>) -> rusqlite::Result<LeadType> {
    Ok(LeadType {
        id: row.get(0)?,
        name: row.get(1)?,
        is_active: row.get(2)?,
        created_at: row.get::<_, Ts>(3)?.0,
        updated_at: row.get::<_, Ts>(4)?.0,
    })
}

fn lead_from_row(row: &Row<'_>) -> rusqlite::Result<Lead> {
    let products: String = row.get(8)?;
    Ok(Lead {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        phone_number: row.get(3)?,
        lead_type_id: row.get(4)?,
        lead_type_name: row.get(5)?,
        status: status_at(row, 6)?,
        tryet: row.get(7)?,
        products_interest: serde_json::from_str(&products).map_err(|e| conversion_error(8, e))?,
        created_at: row.get::<_, Ts>(9)?.0,
        updated_at: row.get::<_, Ts>(10)?.0,
        converted_at: row.get::<_, Option<Ts>>(11)?.map(|ts| ts.0),
    })
}

fn products_json(products: &[i64]) -> String {
    serde_json::to_string(products).expect("integers serialize")
}

fn unknown_lead_type() -> Error {
    Error::invalid("lead_type", "No lead type has this id.")
}

fn lead_exists() -> Error {
    Error::conflict(
        "lead_exists",
        "This store already has a lead with this email and lead type.",
    )
}

/// Maps the constraint errors of a lead write to their meaning.
fn lead_write_error(err: rusqlite::Error) -> Error {
    if is_unique_violation(&err) {
        lead_exists()
    } else if is_foreign_key_violation(&err) {
        unknown_lead_type()
    } else {
        Error::internal(err)
    }
}

fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn day_at(row: &Row<'_>, index: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = row.get(index)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|e| conversion_error(index, e))
}

/// The first instant of a day, as stored timestamps compare.
fn day_start(day: NaiveDate) -> Ts {
    Ts(day.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// Gives a new store the original lead types; part of the transaction that creates the store.
pub(super) fn insert_default_lead_types(
    tx: &Transaction<'_>,
    store: StoreId,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO lead_types (store_id, id, name, name_key, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        )
        .db()?;
    for (id, name) in DEFAULT_LEAD_TYPES {
        stmt.execute(params![store, id, name, lead_type_name_key(name), Ts(now)])
            .db()?;
    }
    Ok(())
}

fn lead_by_id(conn: &Connection, store: StoreId, id: LeadId) -> rusqlite::Result<Option<Lead>> {
    conn.prepare_cached(&format!(
        "{LEAD_SELECT} WHERE l.store_id = ?1 AND l.id = ?2"
    ))?
    .query_row(params![store, id], lead_from_row)
    .optional()
}

/// Runs `query` with SQLite interrupting it after about `ops` virtual machine operations:
/// `None` if it was.
fn within_budget<T>(
    conn: &Connection,
    ops: u32,
    query: impl FnOnce() -> rusqlite::Result<T>,
) -> rusqlite::Result<Option<T>> {
    const STEP: u32 = 1_000;
    let mut spent = 0;
    conn.progress_handler(
        STEP as std::ffi::c_int,
        Some(move || {
            spent += STEP;
            spent > ops
        }),
    )?;
    let result = query();
    conn.progress_handler(0, None::<fn() -> bool>)?;
    match result {
        Ok(value) => Ok(Some(value)),
        Err(rusqlite::Error::SqliteFailure(error, _))
            if error.code == rusqlite::ErrorCode::OperationInterrupted =>
        {
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

fn collect_leads(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> rusqlite::Result<Vec<Lead>> {
    conn.prepare_cached(sql)?
        .query_map(params, lead_from_row)?
        .collect()
}

/// The columns a bulk insert writes, in order.
const BULK_COLUMNS: &str = "(store_id, lead_type_id, name, email, phone_number, status, tryet, \
     products_interest, search_name, phone_digits, created_at, updated_at, converted_at)";
const BULK_PLACEHOLDERS: &str = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

fn bulk_insert_sql(rows: usize) -> String {
    let mut sql = format!("INSERT INTO leads {BULK_COLUMNS} VALUES ");
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push_str(BULK_PLACEHOLDERS);
    }
    sql.push_str(" ON CONFLICT DO NOTHING");
    sql
}

fn bulk_values(store: StoreId, lead: &NewLead) -> [Value; 13] {
    let text = |s: &str| Value::Text(s.to_owned());
    let ts = |at: DateTime<Utc>| Value::from(Ts(at));
    [
        Value::Integer(store),
        Value::Integer(lead.lead_type_id),
        text(&lead.contact.name),
        text(lead.contact.email.as_str()),
        lead.contact
            .phone_number
            .as_deref()
            .map_or(Value::Null, text),
        text(lead.status.as_str()),
        Value::Integer(lead.tryet),
        Value::Text(products_json(&lead.products_interest)),
        Value::Text(lead.contact.search_name()),
        Value::Text(lead.contact.phone_digits()),
        ts(lead.created_at),
        ts(lead.updated_at),
        lead.converted_at.map_or(Value::Null, ts),
    ]
}

/// Trigrams one query part asks the index for; the candidates are checked for the whole text
/// afterwards, so a bounded sample of them is enough to be selective.
const MAX_QUERY_TRIGRAMS: usize = 16;

/// `"abc" AND "bcd" AND ...`: the distinct trigrams of `text`, each a quoted FTS5 string.
fn trigrams_all(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut trigrams: Vec<String> = Vec::new();
    for window in chars.windows(3) {
        let trigram: String = window.iter().collect();
        if !trigrams.contains(&trigram) {
            trigrams.push(trigram);
        }
    }
    trigrams
        .iter()
        .take(MAX_QUERY_TRIGRAMS)
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The FTS5 query of a search: leads holding every trigram of the name text, of the email text,
/// or of the phone digits (in any column: the index keeps no positions or columns, and the
/// candidates are checked afterwards).
fn match_expression(search: &LeadSearch) -> String {
    let mut parts = vec![trigrams_all(&search.name_text)];
    if search.email_text != search.name_text {
        parts.push(trigrams_all(&search.email_text));
    }
    if let Some(digits) = &search.phone_digits {
        parts.push(trigrams_all(digits));
    }
    parts
        .iter()
        .map(|part| format!("({part})"))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// The exact check of a candidate: $name_text, $email_text, $digits are named parameters.
const SEARCH_CHECK: &str = "(instr(l.search_name, :name_text) > 0 OR instr(l.email, :email_text) > 0 \
     OR (:digits IS NOT NULL AND instr(l.phone_digits, :digits) > 0))";

fn order_by(filter: &LeadFilter) -> String {
    let direction = if filter.ordering.descending {
        "DESC"
    } else {
        "ASC"
    };
    let column = match filter.ordering.field {
        LeadOrderField::CreatedAt => "l.created_at",
        LeadOrderField::UpdatedAt => "l.updated_at",
        LeadOrderField::Name => "l.name",
        // Pipeline order, not alphabetical.
        LeadOrderField::Status => {
            "CASE l.status WHEN 'pending' THEN 0 WHEN 'contacted' THEN 1 WHEN 'process' THEN 2 \
             WHEN 'converted' THEN 3 ELSE 4 END"
        }
        LeadOrderField::Tryet => "l.tryet",
        LeadOrderField::Id => return format!("l.id {direction}"),
    };
    format!("{column} {direction}, l.id {direction}")
}

#[async_trait]
impl LeadStore for SqliteStorage {
    async fn list_lead_types(&self, store: StoreId, page: PageRequest) -> Result<Page<LeadType>> {
        self.read(move |conn| {
            let count = conn.query_row(
                "SELECT COUNT(*) FROM lead_types WHERE store_id = ?1",
                [store],
                |row| row.get(0),
            )?;
            let items = conn
                .prepare_cached(&format!(
                    "SELECT {LEAD_TYPE_COLUMNS} FROM lead_types WHERE store_id = ?1 \
                     ORDER BY id LIMIT ?2 OFFSET ?3"
                ))?
                .query_map(
                    params![store, page.limit(), page.offset()],
                    lead_type_from_row,
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Page {
                count,
                items,
                request: page,
            })
        })
        .await
    }

    async fn lead_type(&self, store: StoreId, id: LeadTypeId) -> Result<Option<LeadType>> {
        self.read(move |conn| {
            conn.prepare_cached(&format!(
                "SELECT {LEAD_TYPE_COLUMNS} FROM lead_types WHERE store_id = ?1 AND id = ?2"
            ))?
            .query_row(params![store, id], lead_type_from_row)
            .optional()
        })
        .await
    }

    async fn create_lead_type(
        &self,
        store: StoreId,
        name: &LeadTypeName,
        is_active: bool,
        now: DateTime<Utc>,
    ) -> Result<LeadType> {
        let (name, key) = (name.as_str().to_owned(), name.key());
        self.write(move |tx| {
            let inserted = tx.query_row(
                &format!(
                    "INSERT INTO lead_types (store_id, id, name, name_key, is_active, created_at, updated_at) \
                     SELECT ?1, COALESCE(MAX(id), 0) + 1, ?2, ?3, ?4, ?5, ?5 FROM lead_types WHERE store_id = ?1 \
                     RETURNING {LEAD_TYPE_COLUMNS}"
                ),
                params![store, name, key, is_active, Ts(now)],
                lead_type_from_row,
            );
            match inserted {
                Ok(lead_type) => Ok(lead_type),
                Err(e) if is_unique_violation(&e) => Err(name_taken()),
                Err(e) => Err(Error::internal(e)),
            }
        })
        .await
    }

    async fn update_lead_type(
        &self,
        store: StoreId,
        id: LeadTypeId,
        changes: &LeadTypeChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<LeadType>> {
        let name = changes.name.as_ref().map(|n| n.as_str().to_owned());
        let key = changes.name.as_ref().map(LeadTypeName::key);
        let is_active = changes.is_active;
        self.write(move |tx| {
            let updated = tx
                .query_row(
                    &format!(
                        "UPDATE lead_types SET name = COALESCE(?1, name), name_key = COALESCE(?2, name_key), \
                         is_active = COALESCE(?3, is_active), updated_at = ?4 \
                         WHERE store_id = ?5 AND id = ?6 RETURNING {LEAD_TYPE_COLUMNS}"
                    ),
                    params![name, key, is_active, Ts(now), store, id],
                    lead_type_from_row,
                )
                .optional();
            match updated {
                Ok(lead_type) => Ok(lead_type),
                Err(e) if is_unique_violation(&e) => Err(name_taken()),
                Err(e) => Err(Error::internal(e)),
            }
        })
        .await
    }

    async fn delete_lead_type(&self, store: StoreId, id: LeadTypeId) -> Result<bool> {
        self.write(move |tx| {
            let in_use: bool = tx
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM leads WHERE store_id = ?1 AND lead_type_id = ?2)",
                    params![store, id],
                    |row| row.get(0),
                )
                .db()?;
            if in_use {
                return Err(Error::conflict(
                    "lead_type_in_use",
                    "Leads have this type, so it cannot be deleted; deactivate it instead.",
                ));
            }
            let deleted = tx
                .execute(
                    "DELETE FROM lead_types WHERE store_id = ?1 AND id = ?2",
                    params![store, id],
                )
                .db()?;
            Ok(deleted == 1)
        })
        .await
    }

    /// No other instance shares an SQLite database: the announcement has nobody to reach.
    async fn upsert_lead_intake(
        &self,
        store: StoreId,
        intake: &LeadIntake,
        now: DateTime<Utc>,
        _announcement: Option<&Invalidation>,
    ) -> Result<IntakeOutcome> {
        let intake = intake.clone();
        self.write(move |tx| {
            let lead_type: Option<(bool, String)> = tx
                .prepare_cached(
                    "SELECT is_active, name FROM lead_types WHERE store_id = ?1 AND id = ?2",
                )
                .db()?
                .query_row(params![store, intake.lead_type_id], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .optional()
                .db()?;
            lead_type_takes_leads(lead_type.as_ref().map(|(is_active, _)| *is_active))?;
            let type_name = lead_type.map(|(_, name)| name).expect("a lead type that takes leads");
            let contact = &intake.contact;
            // The lead comes back from the upsert itself, in the columns of `LEAD_SELECT`.
            let lead = tx
                .prepare_cached(
                    "INSERT INTO leads (store_id, lead_type_id, name, email, phone_number, products_interest, \
                     search_name, phone_digits, created_at, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, COALESCE(?6, '[]'), ?7, ?8, ?9, ?9) \
                     ON CONFLICT (store_id, lower(trim(email)), lead_type_id) DO UPDATE SET \
                     tryet = tryet + 1, name = excluded.name, search_name = excluded.search_name, \
                     phone_number = COALESCE(?5, phone_number), \
                     phone_digits = CASE WHEN ?5 IS NULL THEN phone_digits ELSE excluded.phone_digits END, \
                     products_interest = COALESCE(?6, products_interest), updated_at = excluded.updated_at \
                     RETURNING id, name, email, phone_number, lead_type_id, ?10, status, tryet, \
                     products_interest, created_at, updated_at, converted_at",
                )
                .db()?
                .query_row(
                    params![
                        store,
                        intake.lead_type_id,
                        contact.name,
                        contact.email.as_str(),
                        contact.phone_number,
                        intake.products_interest.as_deref().map(products_json),
                        contact.search_name(),
                        contact.phone_digits(),
                        Ts(now),
                        type_name
                    ],
                    lead_from_row,
                )
                .map_err(lead_write_error)?;
            Ok(IntakeOutcome {
                // tryet only grows from 1, so 1 means this statement inserted the row.
                created: lead.tryet == 1,
                lead,
            })
        })
        .await
    }

    async fn create_lead(&self, store: StoreId, lead: &NewLead) -> Result<Lead> {
        let values = bulk_values(store, lead);
        self.write(move |tx| {
            let id: LeadId = tx
                .prepare_cached(&format!(
                    "INSERT INTO leads {BULK_COLUMNS} VALUES {BULK_PLACEHOLDERS} RETURNING id"
                ))
                .db()?
                .query_row(params_from_iter(values), |row| row.get(0))
                .map_err(lead_write_error)?;
            lead_by_id(tx, store, id)
                .db()?
                .ok_or_else(|| Error::internal("created lead vanished"))
        })
        .await
    }

    async fn insert_leads(&self, store: StoreId, leads: &[NewLead]) -> Result<u64> {
        let rows: Vec<[Value; 13]> = leads.iter().map(|lead| bulk_values(store, lead)).collect();
        self.write(move |tx| with_bulk_cache(tx, |tx| {
            let before: LeadId = tx
                .query_row("SELECT COALESCE(MAX(id), 0) FROM leads", [], |row| row.get(0))
                .db()?;
            tx.execute("UPDATE lead_bulk_insert SET active = 1", []).db()?;
            let mut inserted = 0;
            let mut full = tx.prepare_cached(&bulk_insert_sql(BULK_ROWS)).db()?;
            for chunk in rows.chunks(BULK_ROWS) {
                let values = chunk.iter().flat_map(|row| row.iter());
                inserted += if chunk.len() == BULK_ROWS {
                    full.execute(params_from_iter(values))
                } else {
                    tx.prepare_cached(&bulk_insert_sql(chunk.len()))
                        .and_then(|mut stmt| stmt.execute(params_from_iter(values)))
                }
                .map_err(lead_write_error)? as u64;
            }
            // Ids only grow (AUTOINCREMENT), so this batch's rows are those above `before`.
            tx.execute(
                "INSERT INTO leads_search (rowid, search_name, email, phone_digits) \
                 SELECT id, search_name, email, phone_digits FROM leads WHERE id > ?1",
                [before],
            )
            .db()?;
            tx.execute(
                "INSERT INTO lead_daily_tallies (store_id, day, lead_type_id, status, leads) \
                 SELECT store_id, substr(created_at, 1, 10), lead_type_id, status, COUNT(*) FROM leads \
                 WHERE id > ?1 GROUP BY 1, 2, 3, 4 \
                 ON CONFLICT (store_id, day, lead_type_id, status) DO UPDATE SET leads = leads + excluded.leads",
                [before],
            )
            .db()?;
            tx.execute("UPDATE lead_bulk_insert SET active = 0", []).db()?;
            Ok(inserted)
        }))
        .await
    }

    async fn lead(&self, store: StoreId, id: LeadId) -> Result<Option<Lead>> {
        self.read(move |conn| lead_by_id(conn, store, id)).await
    }

    async fn list_leads(
        &self,
        store: StoreId,
        filter: &LeadFilter,
        page: PageRequest,
    ) -> Result<Page<Lead>> {
        let filter = filter.clone();
        self.read(move |conn| {
            let mut condition = String::from("l.store_id = ?");
            let mut values = vec![Value::Integer(store)];
            if let Some(status) = filter.status {
                condition.push_str(" AND l.status = ?");
                values.push(Value::Text(status.as_str().to_owned()));
            }
            if let Some(lead_type) = filter.lead_type_id {
                condition.push_str(" AND l.lead_type_id = ?");
                values.push(Value::Integer(lead_type));
            }
            let ts = |at: DateTime<Utc>| Value::from(Ts(at));
            if let Some(after) = filter.created_after {
                condition.push_str(" AND l.created_at >= ?");
                values.push(ts(after));
            }
            if let Some(before) = filter.created_before {
                condition.push_str(" AND l.created_at < ?");
                values.push(ts(before));
            }
            let count =
                if filter.created_after.is_none() && filter.created_before.is_none() {
                    // Without a date range the tallies hold the count already.
                    conn.prepare_cached(
                    "SELECT COALESCE(SUM(leads), 0) FROM lead_daily_tallies WHERE store_id = ?1 \
                     AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR lead_type_id = ?3)",
                )?
                .query_row(
                    params![store, filter.status.map(LeadStatus::as_str), filter.lead_type_id],
                    |row| row.get(0),
                )?
                } else {
                    conn.prepare_cached(&format!("SELECT COUNT(*) FROM leads l WHERE {condition}"))?
                        .query_row(params_from_iter(values.iter()), |row| row.get(0))?
                };
            values.push(Value::Integer(page.limit()));
            values.push(Value::Integer(page.offset()));
            let items = collect_leads(
                conn,
                &format!(
                    "{LEAD_SELECT} WHERE {condition} ORDER BY {} LIMIT ? OFFSET ?",
                    order_by(&filter)
                ),
                params_from_iter(values.iter()),
            )?;
            Ok(Page {
                count,
                items,
                request: page,
            })
        })
        .await
    }

    async fn update_lead(
        &self,
        store: StoreId,
        id: LeadId,
        changes: &LeadChanges,
        changed_by: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Result<Option<Lead>> {
        let changes = changes.clone();
        self.write(move |tx| {
            let current: Option<String> = tx
                .query_row(
                    "SELECT status FROM leads WHERE store_id = ?1 AND id = ?2",
                    params![store, id],
                    |row| row.get(0),
                )
                .optional()
                .db()?;
            let Some(current) = current else {
                return Ok(None);
            };
            let from = LeadStatus::parse("status", &current)?;
            let to = changes.status.filter(|to| *to != from);
            // converted_at follows the status: set on becoming converted, cleared on leaving it.
            let converted_at = match to {
                Some(LeadStatus::Converted) => Some(Some(Ts(now))),
                Some(_) if from == LeadStatus::Converted => Some(None),
                _ => None,
            };
            let phone = changes.phone_number.clone();
            tx.execute(
                "UPDATE leads SET name = COALESCE(?1, name), search_name = COALESCE(?2, search_name), \
                 email = COALESCE(?3, email), \
                 phone_number = CASE WHEN ?4 THEN ?5 ELSE phone_number END, \
                 phone_digits = CASE WHEN ?4 THEN ?6 ELSE phone_digits END, \
                 lead_type_id = COALESCE(?7, lead_type_id), status = COALESCE(?8, status), \
                 products_interest = COALESCE(?9, products_interest), \
                 converted_at = CASE WHEN ?10 THEN ?11 ELSE converted_at END, updated_at = ?12 \
                 WHERE store_id = ?13 AND id = ?14",
                params![
                    changes.name,
                    changes.name.as_deref().map(fold),
                    changes.email.as_ref().map(|e| e.as_str()),
                    phone.is_some(),
                    phone.clone().flatten(),
                    phone.flatten().as_deref().map(digits).unwrap_or_default(),
                    changes.lead_type_id,
                    to.map(LeadStatus::as_str),
                    changes.products_interest.as_deref().map(products_json),
                    converted_at.is_some(),
                    converted_at.flatten(),
                    Ts(now),
                    store,
                    id
                ],
            )
            .map_err(lead_write_error)?;
            if let Some(to) = to {
                tx.execute(
                    "INSERT INTO lead_status_changes (store_id, lead_id, from_status, to_status, changed_by, changed_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![store, id, from.as_str(), to.as_str(), changed_by, Ts(now)],
                )
                .db()?;
            }
            lead_by_id(tx, store, id).db()
        })
        .await
    }

    async fn delete_lead(&self, store: StoreId, id: LeadId) -> Result<bool> {
        self.write(move |tx| {
            let deleted = tx
                .execute(
                    "DELETE FROM leads WHERE store_id = ?1 AND id = ?2",
                    params![store, id],
                )
                .db()?;
            Ok(deleted == 1)
        })
        .await
    }

    async fn lead_history(
        &self,
        store: StoreId,
        id: LeadId,
        page: PageRequest,
    ) -> Result<Option<Page<LeadStatusChange>>> {
        self.read(move |conn| {
            let exists: bool = conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM leads WHERE store_id = ?1 AND id = ?2)",
                params![store, id],
                |row| row.get(0),
            )?;
            if !exists {
                return Ok(None);
            }
            let count = conn.query_row(
                "SELECT COUNT(*) FROM lead_status_changes WHERE lead_id = ?1",
                [id],
                |row| row.get(0),
            )?;
            let items = conn
                .prepare_cached(
                    "SELECT c.id, c.from_status, c.to_status, c.changed_by, u.email, c.changed_at \
                     FROM lead_status_changes c LEFT JOIN users u ON u.id = c.changed_by \
                     WHERE c.lead_id = ?1 ORDER BY c.id LIMIT ?2 OFFSET ?3",
                )?
                .query_map(params![id, page.limit(), page.offset()], |row| {
                    Ok(LeadStatusChange {
                        id: row.get(0)?,
                        from_status: status_at(row, 1)?,
                        to_status: status_at(row, 2)?,
                        changed_by: row.get(3)?,
                        changed_by_email: row.get(4)?,
                        changed_at: row.get::<_, Ts>(5)?.0,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Some(Page {
                count,
                items,
                request: page,
            }))
        })
        .await
    }

    async fn search_leads(&self, store: StoreId, search: &LeadSearch) -> Result<Vec<Lead>> {
        let search = search.clone();
        self.read(move |conn| {
            let status = search.status.map(LeadStatus::as_str);
            let limit = i64::from(search.limit);
            let mut found = collect_leads(
                conn,
                &format!(
                    "{EXACT_EMAIL_SELECT} WHERE l.store_id = ?1 AND lower(trim(l.email)) = ?2 \
                     AND (?3 IS NULL OR l.status = ?3) ORDER BY l.created_at DESC, l.id DESC LIMIT ?4"
                ),
                params![store, search.email_text, status, limit],
            )?;
            let check = rusqlite::named_params! {
                ":store": store,
                ":status": status,
                ":name_text": search.name_text,
                ":email_text": search.email_text,
                ":digits": search.phone_digits,
                ":limit": limit,
            };
            // Walking the leads newest first finds the newest matches of a common query at once;
            // the walk is exact but, for a rare one, long, so it gets a budget.
            let (store_index, status_condition) = match status {
                Some(_) => ("leads_store_status_created_idx", "l.status = :status"),
                None => ("leads_store_created_idx", ":status IS NULL"),
            };
            let walk = format!(
                "SELECT l.id, l.name, l.email, l.phone_number, l.lead_type_id, t.name, \
                 l.status, l.tryet, l.products_interest, l.created_at, l.updated_at, l.converted_at \
                 FROM leads l INDEXED BY {store_index} \
                 JOIN lead_types t ON t.store_id = l.store_id AND t.id = l.lead_type_id \
                 WHERE l.store_id = :store AND {status_condition} AND {SEARCH_CHECK} \
                 ORDER BY l.created_at DESC, l.id DESC LIMIT :limit"
            );
            let newest = match within_budget(conn, SEARCH_WALK_BUDGET_OPS, || {
                collect_leads(conn, &walk, check)
            })? {
                Some(newest) => newest,
                None => {
                    let expression = match_expression(&search);
                    let candidates: i64 = conn
                        .prepare_cached(
                            "SELECT COUNT(*) FROM (SELECT 1 FROM leads_search WHERE leads_search MATCH ?1 LIMIT ?2)",
                        )?
                        .query_row(params![expression, SEARCH_SORT_CAP + 1], |row| row.get(0))?;
                    if candidates <= SEARCH_SORT_CAP {
                        // Few leads have every trigram of the query: check them all, keep the newest.
                        collect_leads(
                            conn,
                            &format!(
                                "{SEARCH_CANDIDATES_SELECT} WHERE leads_search MATCH :expression AND l.store_id = :store \
                                 AND (:status IS NULL OR l.status = :status) AND {SEARCH_CHECK} \
                                 ORDER BY l.created_at DESC, l.id DESC LIMIT :limit"
                            ),
                            [check, &[(":expression", &expression as &dyn rusqlite::ToSql)]].concat().as_slice(),
                        )?
                    } else {
                        // Many have: the whole walk costs less than checking them all.
                        collect_leads(conn, &walk, check)?
                    }
                }
            };
            let exact: Vec<LeadId> = found.iter().map(|lead| lead.id).collect();
            found.extend(newest.into_iter().filter(|lead| !exact.contains(&lead.id)));
            found.truncate(search.limit as usize);
            Ok(found)
        })
        .await
    }

    async fn recent_leads(&self, store: StoreId, limit: u32) -> Result<Vec<Lead>> {
        self.read(move |conn| {
            collect_leads(
                conn,
                &format!(
                    "{LEAD_SELECT} WHERE l.store_id = ?1 ORDER BY l.created_at DESC, l.id DESC LIMIT ?2"
                ),
                params![store, limit],
            )
        })
        .await
    }

    async fn lead_counts(&self, store: StoreId, days: OverviewDays) -> Result<LeadCounts> {
        self.read(move |conn| {
            conn.prepare_cached(
                "SELECT COALESCE(SUM(leads), 0), \
                 COALESCE(SUM(CASE WHEN day >= ?2 THEN leads END), 0), \
                 COALESCE(SUM(CASE WHEN day >= ?3 THEN leads END), 0), \
                 COALESCE(SUM(CASE WHEN day >= ?4 THEN leads END), 0), \
                 COALESCE(SUM(CASE WHEN status = 'converted' THEN leads END), 0) \
                 FROM lead_daily_tallies WHERE store_id = ?1",
            )?
            .query_row(
                params![
                    store,
                    day_text(days.today),
                    day_text(days.week_start),
                    day_text(days.month_start)
                ],
                |row| {
                    Ok(LeadCounts {
                        total: row.get(0)?,
                        created_today: row.get(1)?,
                        created_week: row.get(2)?,
                        created_month: row.get(3)?,
                        converted: row.get(4)?,
                    })
                },
            )
        })
        .await
    }

    async fn lead_counts_by_status(&self, store: StoreId) -> Result<Vec<(LeadStatus, i64)>> {
        self.read(move |conn| {
            conn.prepare_cached(
                "SELECT status, SUM(leads) FROM lead_daily_tallies WHERE store_id = ?1 \
                 GROUP BY status HAVING SUM(leads) > 0",
            )?
            .query_map([store], |row| Ok((status_at(row, 0)?, row.get(1)?)))?
            .collect()
        })
        .await
    }

    async fn lead_counts_by_type(&self, store: StoreId) -> Result<Vec<(LeadType, i64)>> {
        self.read(move |conn| {
            conn.prepare_cached(
                "SELECT t.id, t.name, t.is_active, t.created_at, t.updated_at, \
                 COALESCE((SELECT SUM(d.leads) FROM lead_daily_tallies d \
                           WHERE d.store_id = t.store_id AND d.lead_type_id = t.id), 0) \
                 FROM lead_types t WHERE t.store_id = ?1 ORDER BY t.id",
            )?
            .query_map([store], |row| Ok((lead_type_from_row(row)?, row.get(5)?)))?
            .collect()
        })
        .await
    }

    async fn lead_daily_counts(
        &self,
        store: StoreId,
        since: NaiveDate,
    ) -> Result<Vec<(NaiveDate, LeadStatus, i64)>> {
        self.read(move |conn| {
            conn.prepare_cached(
                "SELECT day, status, SUM(leads) FROM lead_daily_tallies \
                 WHERE store_id = ?1 AND day >= ?2 GROUP BY day, status HAVING SUM(leads) > 0",
            )?
            .query_map(params![store, day_text(since)], |row| {
                Ok((day_at(row, 0)?, status_at(row, 1)?, row.get(2)?))
            })?
            .collect()
        })
        .await
    }

    async fn lead_daily_conversions(
        &self,
        store: StoreId,
        since: NaiveDate,
    ) -> Result<Vec<(NaiveDate, i64)>> {
        self.read(move |conn| {
            conn.prepare_cached(
                "SELECT substr(converted_at, 1, 10) AS day, COUNT(*) FROM leads \
                 WHERE store_id = ?1 AND converted_at IS NOT NULL AND converted_at >= ?2 GROUP BY day",
            )?
            .query_map(params![store, day_start(since)], |row| {
                Ok((day_at(row, 0)?, row.get(1)?))
            })?
            .collect()
        })
        .await
    }
}

fn name_taken() -> Error {
    Error::conflict(
        "lead_type_name_taken",
        "This store already has a lead type with this name.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrations::SQLITE;

    fn migrated(upto: usize) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        for migration in &SQLITE[..upto] {
            conn.execute_batch(migration.sql).unwrap();
        }
        conn
    }

    #[test]
    fn the_migration_gives_existing_stores_the_original_types() {
        let leads = SQLITE.iter().position(|m| m.name == "0003_leads").unwrap();
        let conn = migrated(leads);
        conn.execute_batch(
            "INSERT INTO stores (id, name, slug, created_at, updated_at) VALUES \
             (1, 'Uno', 'uno', '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z'), \
             (7, 'Siete', 'siete', '2026-01-02T00:00:00.000000Z', '2026-01-02T00:00:00.000000Z')",
        )
        .unwrap();
        conn.execute_batch(SQLITE[leads].sql).unwrap();
        let types: Vec<(i64, i64, String)> = conn
            .prepare("SELECT store_id, id, name FROM lead_types ORDER BY store_id, id")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let expected: Vec<(i64, i64, String)> = [1, 7]
            .into_iter()
            .flat_map(|store| {
                DEFAULT_LEAD_TYPES
                    .iter()
                    .map(move |(id, name)| (store, *id, (*name).to_owned()))
            })
            .collect();
        assert_eq!(types, expected);
    }

    /// Prints the plan of each list, search and metric query (`cargo test -- --nocapture`) and
    /// checks that none reads the whole leads table.
    #[test]
    fn lead_queries_use_their_indexes() {
        let conn = migrated(SQLITE.len());
        let search = LeadSearch {
            name_text: "jose".into(),
            email_text: "jose".into(),
            phone_digits: None,
            status: None,
            limit: 30,
        };
        let expression = match_expression(&search);
        let queries = [
            format!("{LEAD_SELECT} WHERE l.store_id = 1 ORDER BY l.created_at DESC, l.id DESC LIMIT 50 OFFSET 0"),
            "SELECT COUNT(*) FROM leads l WHERE l.store_id = 1 AND l.status = 'converted'".to_owned(),
            format!("{LEAD_SELECT} WHERE l.store_id = 1 AND l.lead_type_id = 2 AND l.created_at >= '2026-01-01' \
                     ORDER BY l.created_at DESC, l.id DESC LIMIT 50"),
            format!("{LEAD_SELECT} WHERE l.store_id = 1 AND l.status = 'pending' ORDER BY l.created_at DESC, l.id DESC LIMIT 50"),
            format!("{EXACT_EMAIL_SELECT} WHERE l.store_id = 1 AND lower(trim(l.email)) = 'jose@example.mx' \
                     AND (NULL IS NULL OR l.status = NULL) ORDER BY l.created_at DESC, l.id DESC LIMIT 30"),
            format!("SELECT COUNT(*) FROM (SELECT 1 FROM leads_search WHERE leads_search MATCH '{expression}' LIMIT 2001)"),
            format!("{SEARCH_CANDIDATES_SELECT} WHERE leads_search MATCH '{expression}' AND l.store_id = 1 AND {} \
                     ORDER BY l.created_at DESC, l.id DESC LIMIT 30",
                    SEARCH_CHECK.replace(":name_text", "'jose'").replace(":email_text", "'jose'").replace(":digits", "NULL")),
            format!("SELECT l.id FROM leads l INDEXED BY leads_store_created_idx \
                     JOIN lead_types t ON t.store_id = l.store_id AND t.id = l.lead_type_id \
                     WHERE l.store_id = 1 AND {} ORDER BY l.created_at DESC, l.id DESC LIMIT 30",
                    SEARCH_CHECK.replace(":name_text", "'jose'").replace(":email_text", "'jose'").replace(":digits", "NULL")),
            "SELECT COALESCE(SUM(leads), 0), COALESCE(SUM(CASE WHEN day >= '2026-03-20' THEN leads END), 0) \
             FROM lead_daily_tallies WHERE store_id = 1".to_owned(),
            "SELECT status, SUM(leads) FROM lead_daily_tallies WHERE store_id = 1 GROUP BY status".to_owned(),
            "SELECT t.id, COALESCE((SELECT SUM(d.leads) FROM lead_daily_tallies d \
             WHERE d.store_id = t.store_id AND d.lead_type_id = t.id), 0) FROM lead_types t WHERE t.store_id = 1 ORDER BY t.id".to_owned(),
            "SELECT day, status, SUM(leads) FROM lead_daily_tallies WHERE store_id = 1 AND day >= '2026-03-01' \
             GROUP BY day, status".to_owned(),
            "SELECT substr(converted_at, 1, 10) AS day, COUNT(*) FROM leads WHERE store_id = 1 \
             AND converted_at IS NOT NULL AND converted_at >= '2026-03-01' GROUP BY day".to_owned(),
        ];
        for sql in queries {
            let plan: Vec<String> = conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap()
                .query_map([], |row| row.get::<_, String>(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            println!("{sql}\n  {}\n", plan.join("\n  "));
            for step in &plan {
                let reads_leads = step == "SCAN l" || step.starts_with("SCAN l ");
                assert!(
                    !reads_leads || step.contains("USING"),
                    "{sql}\nreads every lead: {step}"
                );
            }
        }
    }
}
