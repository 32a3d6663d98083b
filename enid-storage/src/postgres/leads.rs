//! Lead types, leads, their history, search and metrics on PostgreSQL.

use std::collections::HashSet;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::postgres::PgRow;
use sqlx::types::Json;
use sqlx::{AssertSqlSafe, PgConnection, PgExecutor, Row};

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

use super::group_commit::GroupWrite;
use super::invalidations::Notification;
use super::{
    Db, PostgresStorage, database_failure, is_foreign_key_violation, is_unique_violation,
    store_page,
};

/// A macro so that queries stay `&'static str` (`concat!`).
macro_rules! lead_type_columns {
    () => {
        "id, name, is_active, created_at, updated_at"
    };
}

macro_rules! lead_select {
    () => {
        "SELECT l.id, l.name, l.email, l.phone_number, l.lead_type_id, t.name, l.status, l.tryet, \
         l.products_interest, l.created_at, l.updated_at, l.converted_at \
         FROM leads l JOIN lead_types t ON t.store_id = l.store_id AND t.id = l.lead_type_id"
    };
}

/// The start of a search's statement: the leads whose email is the query (`$8`), newest first.
macro_rules! search_exact_email {
    () => {
        "WITH exact AS (SELECT l.id, l.created_at FROM leads l \
         WHERE l.store_id = $1 AND lower(btrim(l.email)) = $8 AND ($2::text IS NULL OR l.status = $2) \
         ORDER BY l.created_at DESC, l.id DESC LIMIT $6), "
    };
}

/// The end of a search's statement: the exact matches (rank 0) and those `walked` (rank 1), read
/// whole, each rank newest first; the rank is the last column.
macro_rules! search_ranked {
    () => {
        "ranked AS (SELECT 0 AS rank, id, created_at FROM exact \
         UNION ALL SELECT 1, id, created_at FROM walked) \
         SELECT l.id, l.name, l.email, l.phone_number, l.lead_type_id, t.name, l.status, l.tryet, \
         l.products_interest, l.created_at, l.updated_at, l.converted_at, ranked.rank \
         FROM ranked JOIN leads l ON l.id = ranked.id \
         JOIN lead_types t ON t.store_id = l.store_id AND t.id = l.lead_type_id \
         ORDER BY ranked.rank, ranked.created_at DESC, ranked.id DESC"
    };
}

fn status_from_text(text: &str) -> sqlx::Result<LeadStatus> {
    LeadStatus::parse("status", text).map_err(|e| sqlx::Error::Decode(e.into()))
}

fn lead_type_from_row(row: &PgRow) -> sqlx::Result<LeadType> {
    Ok(LeadType {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        is_active: row.try_get(2)?,
        created_at: row.try_get(3)?,
        updated_at: row.try_get(4)?,
    })
}

fn lead_from_row(row: &PgRow) -> sqlx::Result<Lead> {
    Ok(Lead {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        email: row.try_get(2)?,
        phone_number: row.try_get(3)?,
        lead_type_id: row.try_get(4)?,
        lead_type_name: row.try_get(5)?,
        status: status_from_text(row.try_get(6)?)?,
        tryet: i64::from(row.try_get::<i32, _>(7)?),
        products_interest: row.try_get::<Json<Vec<i64>>, _>(8)?.0,
        created_at: row.try_get(9)?,
        updated_at: row.try_get(10)?,
        converted_at: row.try_get(11)?,
    })
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

fn name_taken() -> Error {
    Error::conflict(
        "lead_type_name_taken",
        "This store already has a lead type with this name.",
    )
}

/// Maps the constraint errors of a lead write to their meaning.
fn lead_write_error(err: sqlx::Error) -> Error {
    if is_unique_violation(&err) {
        lead_exists()
    } else if is_foreign_key_violation(&err) {
        unknown_lead_type()
    } else {
        database_failure(err)
    }
}

fn type_write_error(err: sqlx::Error) -> Error {
    if is_unique_violation(&err) {
        name_taken()
    } else {
        database_failure(err)
    }
}

/// The first instant of a day.
fn day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// `%text%` for LIKE, with the text's wildcards escaped (PostgreSQL's default escape is `\`).
/// The newest leads a search checks before it asks the planner for a way through them all.
const SEARCH_WALK_ROWS: i64 = 5_000;

fn contains_pattern(text: &str) -> String {
    format!("%{}%", crate::escape_like(text))
}

/// Gives a new store the original lead types; part of the transaction that creates the store.
pub(super) async fn insert_default_lead_types(
    conn: &mut PgConnection,
    store: StoreId,
    now: DateTime<Utc>,
) -> Result<()> {
    let ids: Vec<i64> = DEFAULT_LEAD_TYPES.iter().map(|(id, _)| *id).collect();
    let names: Vec<&str> = DEFAULT_LEAD_TYPES.iter().map(|(_, name)| *name).collect();
    let keys: Vec<String> = names.iter().map(|name| lead_type_name_key(name)).collect();
    sqlx::query(
        "INSERT INTO lead_types (store_id, id, name, name_key, created_at, updated_at) \
         SELECT $1, id, name, name_key, $5, $5 FROM UNNEST($2::bigint[], $3::text[], $4::text[]) \
         AS t (id, name, name_key)",
    )
    .bind(store)
    .bind(ids)
    .bind(names)
    .bind(keys)
    .bind(now)
    .execute(conn)
    .await
    .db()?;
    Ok(())
}

async fn lead_by_id<'c>(
    ex: impl PgExecutor<'c>,
    store: StoreId,
    id: LeadId,
) -> Result<Option<Lead>> {
    sqlx::query(concat!(
        lead_select!(),
        " WHERE l.store_id = $1 AND l.id = $2"
    ))
    .bind(store)
    .bind(id)
    .try_map(|row: PgRow| lead_from_row(&row))
    .fetch_optional(ex)
    .await
    .db()
}

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

/// The list filter: $1 store, $2 status, $3 type, $4 created at or after, $5 created before.
macro_rules! lead_filter {
    () => {
        "l.store_id = $1 AND ($2::text IS NULL OR l.status = $2) \
         AND ($3::bigint IS NULL OR l.lead_type_id = $3) \
         AND ($4::timestamptz IS NULL OR l.created_at >= $4) \
         AND ($5::timestamptz IS NULL OR l.created_at < $5)"
    };
}

/// A lead's store, type and email as its unique index compares them.
type LeadKey = (StoreId, LeadTypeId, String);

/// One intake waiting for its group's transaction.
pub(super) struct IntakeWrite {
    store: StoreId,
    intake: LeadIntake,
    at: DateTime<Utc>,
    /// Sent to the other instances by the statement that upserts the intake.
    notification: Option<Notification>,
}

impl IntakeWrite {
    /// What makes two intakes one lead: the key of the leads' unique index.
    fn lead_key(&self) -> LeadKey {
        let email = self.intake.contact.email.as_str().trim().to_lowercase();
        (self.store, self.intake.lead_type_id, email)
    }
}

/// Upserts a round of intakes (no two of one lead) in one statement, whose statement triggers
/// keep the tallies once for all of them: the type's check, the upsert and each lead as answered.
/// The leads are locked in key order, so that concurrent rounds never wait for each other in a
/// circle. The same statement sends the round's notifications (`$10` channels, `$11` payloads),
/// which PostgreSQL delivers as its transaction commits and drops if it rolls back.
const UPSERT_INTAKES: &str = "WITH intake AS ( \
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], \
             $6::text[], $7::text[], $8::text[], $9::timestamptz[]) WITH ORDINALITY \
             AS i (store_id, lead_type_id, name, email, phone_number, products, search_name, \
             phone_digits, at, ord) \
     ), typed AS ( \
         SELECT i.*, t.name AS type_name, t.is_active FROM intake i \
         JOIN lead_types t ON t.store_id = i.store_id AND t.id = i.lead_type_id \
     ), upserted AS ( \
         INSERT INTO leads AS l (store_id, lead_type_id, name, email, phone_number, \
             products_interest, search_name, phone_digits, created_at, updated_at) \
         SELECT store_id, lead_type_id, name, email, phone_number, \
             COALESCE(products::jsonb, '[]'::jsonb), search_name, phone_digits, at, at \
         FROM typed WHERE is_active ORDER BY store_id, lead_type_id, lower(btrim(email)) \
         ON CONFLICT (store_id, lower(btrim(email)), lead_type_id) DO UPDATE SET \
             tryet = l.tryet + 1, name = EXCLUDED.name, search_name = EXCLUDED.search_name, \
             phone_number = COALESCE(EXCLUDED.phone_number, l.phone_number), \
             phone_digits = CASE WHEN EXCLUDED.phone_number IS NULL THEN l.phone_digits \
                 ELSE EXCLUDED.phone_digits END, \
             products_interest = COALESCE((SELECT i.products::jsonb FROM intake i \
                 WHERE i.store_id = EXCLUDED.store_id AND i.lead_type_id = EXCLUDED.lead_type_id \
                   AND lower(btrim(i.email)) = lower(btrim(EXCLUDED.email))), \
                 l.products_interest), \
             updated_at = EXCLUDED.updated_at \
         RETURNING l.store_id, l.id, l.name, l.email, l.phone_number, l.lead_type_id, l.status, \
             l.tryet, l.products_interest, l.created_at, l.updated_at, l.converted_at \
     ), notified AS ( \
         SELECT COUNT(pg_notify(channel, payload)) AS sent \
         FROM unnest($10::text[], $11::text[]) AS n (channel, payload) \
     ) \
     SELECT u.id, u.name, u.email, u.phone_number, u.lead_type_id, t.type_name, u.status, \
         u.tryet, u.products_interest, u.created_at, u.updated_at, u.converted_at, t.is_active, \
         t.ord \
     FROM notified, typed t LEFT JOIN upserted u ON u.store_id = t.store_id \
         AND u.lead_type_id = t.lead_type_id AND lower(btrim(u.email)) = lower(btrim(t.email))";

#[async_trait]
impl GroupWrite for IntakeWrite {
    type Output = IntakeOutcome;
    type Deferred = ();

    /// The intakes in rounds of one statement each (see [`intake_rounds`]).
    async fn run(
        conn: &mut PgConnection,
        writes: &[Self],
        _deferred: &mut (),
    ) -> Result<Vec<Result<IntakeOutcome>>> {
        let mut answers: Vec<Result<IntakeOutcome>> =
            writes.iter().map(|_| Err(unknown_lead_type())).collect();
        for positions in intake_rounds(writes) {
            let round: Vec<&IntakeWrite> = positions.iter().map(|&p| &writes[p]).collect();
            let column = |f: &dyn Fn(&IntakeWrite) -> Option<String>| -> Vec<Option<String>> {
                round.iter().map(|w| f(w)).collect()
            };
            let mut notifications: Vec<&Notification> = Vec::new();
            for notification in round.iter().filter_map(|w| w.notification.as_ref()) {
                if !notifications.contains(&notification) {
                    notifications.push(notification);
                }
            }
            let rows = sqlx::query(UPSERT_INTAKES)
                .bind(round.iter().map(|w| w.store).collect::<Vec<_>>())
                .bind(
                    round
                        .iter()
                        .map(|w| w.intake.lead_type_id)
                        .collect::<Vec<_>>(),
                )
                .bind(column(&|w| Some(w.intake.contact.name.clone())))
                .bind(column(&|w| {
                    Some(w.intake.contact.email.as_str().to_owned())
                }))
                .bind(column(&|w| w.intake.contact.phone_number.clone()))
                .bind(column(&|w| {
                    w.intake.products_interest.as_ref().map(|products| {
                        serde_json::to_string(products).expect("integers serialize")
                    })
                }))
                .bind(column(&|w| Some(w.intake.contact.search_name())))
                .bind(column(&|w| Some(w.intake.contact.phone_digits())))
                .bind(round.iter().map(|w| w.at).collect::<Vec<_>>())
                .bind(
                    notifications
                        .iter()
                        .map(|n| n.channel.as_str())
                        .collect::<Vec<_>>(),
                )
                .bind(
                    notifications
                        .iter()
                        .map(|n| n.payload.as_str())
                        .collect::<Vec<_>>(),
                )
                .fetch_all(&mut *conn)
                .await
                .map_err(lead_write_error)?;
            // An intake of a type that does not exist has no row: its answer stays the refusal.
            for row in rows {
                let ord: i64 = row.try_get(13).db()?;
                let position = positions[usize::try_from(ord - 1).map_err(Error::internal)?];
                let is_active: bool = row.try_get(12).db()?;
                answers[position] = lead_type_takes_leads(Some(is_active)).and_then(|()| {
                    let lead = lead_from_row(&row).db()?;
                    Ok(IntakeOutcome {
                        // tryet only grows from 1, so 1 means this statement inserted the row.
                        created: lead.tryet == 1,
                        lead,
                    })
                });
            }
        }
        Ok(answers)
    }

    fn one_statement(writes: &[Self]) -> bool {
        intake_rounds(writes).len() == 1
    }
}

/// The positions of `writes` in rounds with no two intakes of one lead (one statement cannot
/// upsert a row twice): almost always a single round.
fn intake_rounds(writes: &[IntakeWrite]) -> Vec<Vec<usize>> {
    let mut rounds: Vec<(HashSet<LeadKey>, Vec<usize>)> = Vec::new();
    for (position, write) in writes.iter().enumerate() {
        let key = write.lead_key();
        match rounds.iter_mut().find(|(keys, _)| !keys.contains(&key)) {
            Some((keys, positions)) => {
                keys.insert(key);
                positions.push(position);
            }
            None => rounds.push((HashSet::from([key]), vec![position])),
        }
    }
    rounds.into_iter().map(|(_, positions)| positions).collect()
}

#[async_trait]
impl LeadStore for PostgresStorage {
    async fn list_lead_types(&self, store: StoreId, page: PageRequest) -> Result<Page<LeadType>> {
        store_page(
            &self.pool,
            "lead_types",
            lead_type_columns!(),
            "id",
            store,
            page,
            lead_type_from_row,
        )
        .await
    }

    async fn lead_type(&self, store: StoreId, id: LeadTypeId) -> Result<Option<LeadType>> {
        sqlx::query(concat!(
            "SELECT ",
            lead_type_columns!(),
            " FROM lead_types WHERE store_id = $1 AND id = $2"
        ))
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| lead_type_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .db()
    }

    async fn create_lead_type(
        &self,
        store: StoreId,
        name: &LeadTypeName,
        is_active: bool,
        now: DateTime<Utc>,
    ) -> Result<LeadType> {
        let mut tx = self.pool.begin().await.db()?;
        // Creations in one store take turns, so each gets the next free id. (NO KEY UPDATE does
        // not block the key-share locks that inserts referencing the store take.)
        sqlx::query("SELECT 1 FROM stores WHERE id = $1 FOR NO KEY UPDATE")
            .bind(store)
            .execute(&mut *tx)
            .await
            .db()?;
        let created = sqlx::query(concat!(
            "INSERT INTO lead_types (store_id, id, name, name_key, is_active, created_at, updated_at) \
             SELECT $1, COALESCE(MAX(id), 0) + 1, $2, $3, $4, $5, $5 FROM lead_types WHERE store_id = $1 \
             RETURNING ",
            lead_type_columns!()
        ))
        .bind(store)
        .bind(name.as_str())
        .bind(name.key())
        .bind(is_active)
        .bind(now)
        .try_map(|row: PgRow| lead_type_from_row(&row))
        .fetch_one(&mut *tx)
        .await
        .map_err(type_write_error)?;
        tx.commit().await.db()?;
        Ok(created)
    }

    async fn update_lead_type(
        &self,
        store: StoreId,
        id: LeadTypeId,
        changes: &LeadTypeChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<LeadType>> {
        sqlx::query(concat!(
            "UPDATE lead_types SET name = COALESCE($1, name), name_key = COALESCE($2, name_key), \
             is_active = COALESCE($3, is_active), updated_at = $4 WHERE store_id = $5 AND id = $6 \
             RETURNING ",
            lead_type_columns!()
        ))
        .bind(changes.name.as_ref().map(LeadTypeName::as_str))
        .bind(changes.name.as_ref().map(LeadTypeName::key))
        .bind(changes.is_active)
        .bind(now)
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| lead_type_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .map_err(type_write_error)
    }

    async fn delete_lead_type(&self, store: StoreId, id: LeadTypeId) -> Result<bool> {
        let deleted = sqlx::query("DELETE FROM lead_types WHERE store_id = $1 AND id = $2")
            .bind(store)
            .bind(id)
            .execute(&self.pool)
            .await;
        match deleted {
            Ok(done) => Ok(done.rows_affected() == 1),
            // The leads' foreign key refuses it, atomically with any lead inserted meanwhile.
            Err(e) if is_foreign_key_violation(&e) => Err(Error::conflict(
                "lead_type_in_use",
                "Leads have this type, so it cannot be deleted; deactivate it instead.",
            )),
            Err(e) => Err(database_failure(e)),
        }
    }

    async fn upsert_lead_intake(
        &self,
        store: StoreId,
        intake: &LeadIntake,
        now: DateTime<Utc>,
        announcement: Option<&Invalidation>,
    ) -> Result<IntakeOutcome> {
        let write = IntakeWrite {
            store,
            intake: intake.clone(),
            at: now,
            notification: announcement.map(|a| self.invalidations.notification(a)),
        };
        self.intakes.write(&self.pool, write).await
    }

    async fn create_lead(&self, store: StoreId, lead: &NewLead) -> Result<Lead> {
        let mut tx = self.pool.begin().await.db()?;
        let id: LeadId = sqlx::query_scalar(
            "INSERT INTO leads (store_id, lead_type_id, name, email, phone_number, status, tryet, \
             products_interest, search_name, phone_digits, created_at, updated_at, converted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(store)
        .bind(lead.lead_type_id)
        .bind(&lead.contact.name)
        .bind(lead.contact.email.as_str())
        .bind(&lead.contact.phone_number)
        .bind(lead.status.as_str())
        .bind(i32::try_from(lead.tryet).map_err(Error::internal)?)
        .bind(Json(&lead.products_interest))
        .bind(lead.contact.search_name())
        .bind(lead.contact.phone_digits())
        .bind(lead.created_at)
        .bind(lead.updated_at)
        .bind(lead.converted_at)
        .fetch_one(&mut *tx)
        .await
        .map_err(lead_write_error)?;
        let created = lead_by_id(&mut *tx, store, id)
            .await?
            .ok_or_else(|| Error::internal("created lead vanished"))?;
        tx.commit().await.db()?;
        Ok(created)
    }

    async fn insert_leads(&self, store: StoreId, leads: &[NewLead]) -> Result<u64> {
        let mut types = Vec::with_capacity(leads.len());
        let mut names = Vec::with_capacity(leads.len());
        let mut emails = Vec::with_capacity(leads.len());
        let mut phones = Vec::with_capacity(leads.len());
        let mut statuses = Vec::with_capacity(leads.len());
        let mut tryets = Vec::with_capacity(leads.len());
        let mut products = Vec::with_capacity(leads.len());
        let mut search_names = Vec::with_capacity(leads.len());
        let mut phone_digits = Vec::with_capacity(leads.len());
        let mut created = Vec::with_capacity(leads.len());
        let mut updated = Vec::with_capacity(leads.len());
        let mut converted = Vec::with_capacity(leads.len());
        for lead in leads {
            types.push(lead.lead_type_id);
            names.push(lead.contact.name.as_str());
            emails.push(lead.contact.email.as_str());
            phones.push(lead.contact.phone_number.as_deref());
            statuses.push(lead.status.as_str());
            tryets.push(i32::try_from(lead.tryet).map_err(Error::internal)?);
            products
                .push(serde_json::to_string(&lead.products_interest).expect("integers serialize"));
            search_names.push(lead.contact.search_name());
            phone_digits.push(lead.contact.phone_digits());
            created.push(lead.created_at);
            updated.push(lead.updated_at);
            converted.push(lead.converted_at);
        }
        // One statement for the whole batch: the columns travel as arrays.
        let inserted = sqlx::query(
            "INSERT INTO leads (store_id, lead_type_id, name, email, phone_number, status, tryet, \
             products_interest, search_name, phone_digits, created_at, updated_at, converted_at) \
             SELECT $1, lead_type_id, name, email, phone_number, status, tryet, products::jsonb, \
             search_name, phone_digits, created_at, updated_at, converted_at \
             FROM UNNEST($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], \
             $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[]) \
             AS x (lead_type_id, name, email, phone_number, status, tryet, products, search_name, \
             phone_digits, created_at, updated_at, converted_at) \
             ON CONFLICT DO NOTHING",
        )
        .bind(store)
        .bind(types)
        .bind(names)
        .bind(emails)
        .bind(phones)
        .bind(statuses)
        .bind(tryets)
        .bind(products)
        .bind(search_names)
        .bind(phone_digits)
        .bind(created)
        .bind(updated)
        .bind(converted)
        .execute(&self.pool)
        .await
        .map_err(lead_write_error)?;
        Ok(inserted.rows_affected())
    }

    async fn lead(&self, store: StoreId, id: LeadId) -> Result<Option<Lead>> {
        lead_by_id(&self.pool, store, id).await
    }

    async fn list_leads(
        &self,
        store: StoreId,
        filter: &LeadFilter,
        page: PageRequest,
    ) -> Result<Page<Lead>> {
        let status = filter.status.map(LeadStatus::as_str);
        let count: i64 = if filter.created_after.is_none() && filter.created_before.is_none() {
            // Without a date range the tallies hold the count already.
            sqlx::query_scalar(
                "SELECT COALESCE(SUM(leads), 0)::bigint FROM lead_daily_tallies WHERE store_id = $1 \
                 AND ($2::text IS NULL OR status = $2) AND ($3::bigint IS NULL OR lead_type_id = $3)",
            )
            .bind(store)
            .bind(status)
            .bind(filter.lead_type_id)
            .fetch_one(&self.pool)
            .await
            .db()?
        } else {
            sqlx::query_scalar(concat!(
                "SELECT COUNT(*) FROM leads l WHERE ",
                lead_filter!()
            ))
            .persistent(false)
            .bind(store)
            .bind(status)
            .bind(filter.lead_type_id)
            .bind(filter.created_after)
            .bind(filter.created_before)
            .fetch_one(&self.pool)
            .await
            .db()?
        };
        // The ORDER BY comes from a fixed list of columns, never from client text.
        let sql = format!(
            "{} WHERE {} ORDER BY {} LIMIT $6 OFFSET $7",
            lead_select!(),
            lead_filter!(),
            order_by(filter)
        );
        let items = sqlx::query(AssertSqlSafe(sql))
            .persistent(false)
            .bind(store)
            .bind(status)
            .bind(filter.lead_type_id)
            .bind(filter.created_after)
            .bind(filter.created_before)
            .bind(page.limit())
            .bind(page.offset())
            .try_map(|row: PgRow| lead_from_row(&row))
            .fetch_all(&self.pool)
            .await
            .db()?;
        Ok(Page {
            count,
            items,
            request: page,
        })
    }

    async fn update_lead(
        &self,
        store: StoreId,
        id: LeadId,
        changes: &LeadChanges,
        changed_by: Option<UserId>,
        now: DateTime<Utc>,
    ) -> Result<Option<Lead>> {
        let mut tx = self.pool.begin().await.db()?;
        let current: Option<String> = sqlx::query_scalar(
            "SELECT status FROM leads WHERE store_id = $1 AND id = $2 FOR UPDATE",
        )
        .bind(store)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .db()?;
        let Some(current) = current else {
            tx.rollback().await.db()?;
            return Ok(None);
        };
        let from = LeadStatus::parse("status", &current)?;
        let to = changes.status.filter(|to| *to != from);
        // converted_at follows the status: set on becoming converted, cleared on leaving it.
        let converted_at = match to {
            Some(LeadStatus::Converted) => Some(Some(now)),
            Some(_) if from == LeadStatus::Converted => Some(None),
            _ => None,
        };
        let phone = changes.phone_number.clone();
        let updated = sqlx::query(
            "UPDATE leads SET name = COALESCE($1, name), search_name = COALESCE($2, search_name), \
             email = COALESCE($3, email), \
             phone_number = CASE WHEN $4 THEN $5 ELSE phone_number END, \
             phone_digits = CASE WHEN $4 THEN $6 ELSE phone_digits END, \
             lead_type_id = COALESCE($7, lead_type_id), status = COALESCE($8, status), \
             products_interest = COALESCE($9, products_interest), \
             converted_at = CASE WHEN $10 THEN $11 ELSE converted_at END, updated_at = $12 \
             WHERE store_id = $13 AND id = $14",
        )
        .bind(&changes.name)
        .bind(changes.name.as_deref().map(fold))
        .bind(changes.email.as_ref().map(|e| e.as_str()))
        .bind(phone.is_some())
        .bind(phone.clone().flatten())
        .bind(phone.flatten().as_deref().map(digits).unwrap_or_default())
        .bind(changes.lead_type_id)
        .bind(to.map(LeadStatus::as_str))
        .bind(changes.products_interest.as_ref().map(Json))
        .bind(converted_at.is_some())
        .bind(converted_at.flatten())
        .bind(now)
        .bind(store)
        .bind(id)
        .execute(&mut *tx)
        .await;
        if let Err(err) = updated {
            tx.rollback().await.db()?;
            return Err(lead_write_error(err));
        }
        if let Some(to) = to {
            sqlx::query(
                "INSERT INTO lead_status_changes (store_id, lead_id, from_status, to_status, changed_by, changed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(store)
            .bind(id)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(changed_by)
            .bind(now)
            .execute(&mut *tx)
            .await
            .db()?;
        }
        let lead = lead_by_id(&mut *tx, store, id).await?;
        tx.commit().await.db()?;
        Ok(lead)
    }

    async fn delete_lead(&self, store: StoreId, id: LeadId) -> Result<bool> {
        let deleted = sqlx::query("DELETE FROM leads WHERE store_id = $1 AND id = $2")
            .bind(store)
            .bind(id)
            .execute(&self.pool)
            .await
            .db()?;
        Ok(deleted.rows_affected() == 1)
    }

    async fn lead_history(
        &self,
        store: StoreId,
        id: LeadId,
        page: PageRequest,
    ) -> Result<Option<Page<LeadStatusChange>>> {
        let exists: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM leads WHERE store_id = $1 AND id = $2)",
        )
        .bind(store)
        .bind(id)
        .fetch_one(&self.pool)
        .await
        .db()?;
        if !exists {
            return Ok(None);
        }
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM lead_status_changes WHERE lead_id = $1")
                .bind(id)
                .fetch_one(&self.pool)
                .await
                .db()?;
        let items = sqlx::query(
            "SELECT c.id, c.from_status, c.to_status, c.changed_by, u.email, c.changed_at \
             FROM lead_status_changes c LEFT JOIN users u ON u.id = c.changed_by \
             WHERE c.lead_id = $1 ORDER BY c.id LIMIT $2 OFFSET $3",
        )
        .bind(id)
        .bind(page.limit())
        .bind(page.offset())
        .try_map(|row: PgRow| {
            Ok(LeadStatusChange {
                id: row.try_get(0)?,
                from_status: status_from_text(row.try_get(1)?)?,
                to_status: status_from_text(row.try_get(2)?)?,
                changed_by: row.try_get(3)?,
                changed_by_email: row.try_get(4)?,
                changed_at: row.try_get(5)?,
            })
        })
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(Some(Page {
            count,
            items,
            request: page,
        }))
    }

    async fn search_leads(&self, store: StoreId, search: &LeadSearch) -> Result<Vec<Lead>> {
        let status = search.status.map(LeadStatus::as_str);
        let limit = i64::from(search.limit);
        let name_pattern = contains_pattern(&search.name_text);
        let email_pattern = contains_pattern(&search.email_text);
        let digits_pattern = search.phone_digits.as_deref().map(contains_pattern);
        // Most searches match among the newest leads: a walk of the newest few thousand (one
        // fixed, prepared plan) finds the newest `limit` matches exactly, or shows it cannot. The
        // exact email matches come in the same statement, ranked 0 (the walk's are ranked 1).
        let walk = match status {
            None => concat!(
                search_exact_email!(),
                "newest AS (SELECT l.id, l.created_at, l.search_name, l.email, l.phone_digits \
                 FROM leads l WHERE l.store_id = $1 ORDER BY l.created_at DESC, l.id DESC LIMIT $7), \
                 walked AS (SELECT id, created_at FROM newest \
                 WHERE $2::text IS NULL AND (search_name LIKE $3 OR email LIKE $4 OR phone_digits LIKE $5) \
                 ORDER BY created_at DESC, id DESC LIMIT $6), ",
                search_ranked!()
            ),
            Some(_) => concat!(
                search_exact_email!(),
                "newest AS (SELECT l.id, l.created_at FROM leads l \
                 WHERE l.store_id = $1 AND l.status = $2 ORDER BY l.created_at DESC, l.id DESC LIMIT $7), \
                 walked AS (SELECT l.id, l.created_at FROM newest JOIN leads l ON l.id = newest.id \
                 WHERE l.search_name LIKE $3 OR l.email LIKE $4 OR l.phone_digits LIKE $5 \
                 ORDER BY l.created_at DESC, l.id DESC LIMIT $6), ",
                search_ranked!()
            ),
        };
        // Every statement of a search on one connection: taken from the pool once.
        let mut conn = self.pool.acquire().await.db()?;
        let ranked = sqlx::query(walk)
            .bind(store)
            .bind(status)
            .bind(&name_pattern)
            .bind(&email_pattern)
            .bind(&digits_pattern)
            .bind(limit)
            .bind(SEARCH_WALK_ROWS)
            .bind(&search.email_text)
            .try_map(|row: PgRow| Ok((row.try_get::<i32, _>(12)?, lead_from_row(&row)?)))
            .fetch_all(&mut *conn)
            .await
            .db()?;
        let (found, newest): (Vec<_>, Vec<_>) =
            ranked.into_iter().partition(|(rank, _)| *rank == 0);
        let mut found: Vec<Lead> = found.into_iter().map(|(_, lead)| lead).collect();
        let newest = if newest.len() as i64 == limit {
            newest.into_iter().map(|(_, lead)| lead).collect()
        } else {
            // Not prepared: planned with its own patterns, so the planner can weigh the trigram
            // index (rare text) against walking on through the older leads (common text). The
            // matches are found first by id alone (so that walking can stay in
            // `leads_store_created_idx`), then read whole.
            sqlx::query(concat!(
                "WITH hits AS (SELECT l.id, l.created_at FROM leads l \
                 WHERE l.store_id = $1 AND ($2::text IS NULL OR l.status = $2) \
                 AND (l.search_name LIKE $3 OR l.email LIKE $4 OR l.phone_digits LIKE $5) \
                 ORDER BY l.created_at DESC, l.id DESC LIMIT $6) ",
                lead_select!(),
                " JOIN hits ON hits.id = l.id ORDER BY hits.created_at DESC, hits.id DESC"
            ))
            .persistent(false)
            .bind(store)
            .bind(status)
            .bind(&name_pattern)
            .bind(&email_pattern)
            .bind(&digits_pattern)
            .bind(limit)
            .try_map(|row: PgRow| lead_from_row(&row))
            .fetch_all(&mut *conn)
            .await
            .db()?
        };
        let exact: Vec<LeadId> = found.iter().map(|lead| lead.id).collect();
        found.extend(newest.into_iter().filter(|lead| !exact.contains(&lead.id)));
        found.truncate(search.limit as usize);
        Ok(found)
    }

    async fn recent_leads(&self, store: StoreId, limit: u32) -> Result<Vec<Lead>> {
        sqlx::query(concat!(
            lead_select!(),
            " WHERE l.store_id = $1 ORDER BY l.created_at DESC, l.id DESC LIMIT $2"
        ))
        .bind(store)
        .bind(i64::from(limit))
        .try_map(|row: PgRow| lead_from_row(&row))
        .fetch_all(&self.pool)
        .await
        .db()
    }

    async fn lead_counts(&self, store: StoreId, days: OverviewDays) -> Result<LeadCounts> {
        let (total, created_today, created_week, created_month, converted) = sqlx::query_as(
            "SELECT COALESCE(SUM(leads), 0)::bigint, \
             COALESCE(SUM(leads) FILTER (WHERE day >= $2), 0)::bigint, \
             COALESCE(SUM(leads) FILTER (WHERE day >= $3), 0)::bigint, \
             COALESCE(SUM(leads) FILTER (WHERE day >= $4), 0)::bigint, \
             COALESCE(SUM(leads) FILTER (WHERE status = 'converted'), 0)::bigint \
             FROM lead_daily_tallies WHERE store_id = $1",
        )
        .bind(store)
        .bind(days.today)
        .bind(days.week_start)
        .bind(days.month_start)
        .fetch_one(&self.pool)
        .await
        .db()?;
        Ok(LeadCounts {
            total,
            created_today,
            created_week,
            created_month,
            converted,
        })
    }

    async fn lead_counts_by_status(&self, store: StoreId) -> Result<Vec<(LeadStatus, i64)>> {
        sqlx::query(
            "SELECT status, SUM(leads)::bigint FROM lead_daily_tallies WHERE store_id = $1 \
             GROUP BY status HAVING SUM(leads) > 0",
        )
        .bind(store)
        .try_map(|row: PgRow| Ok((status_from_text(row.try_get(0)?)?, row.try_get(1)?)))
        .fetch_all(&self.pool)
        .await
        .db()
    }

    async fn lead_counts_by_type(&self, store: StoreId) -> Result<Vec<(LeadType, i64)>> {
        sqlx::query(
            "SELECT t.id, t.name, t.is_active, t.created_at, t.updated_at, \
             COALESCE((SELECT SUM(d.leads) FROM lead_daily_tallies d \
                       WHERE d.store_id = t.store_id AND d.lead_type_id = t.id), 0)::bigint \
             FROM lead_types t WHERE t.store_id = $1 ORDER BY t.id",
        )
        .bind(store)
        .try_map(|row: PgRow| Ok((lead_type_from_row(&row)?, row.try_get(5)?)))
        .fetch_all(&self.pool)
        .await
        .db()
    }

    async fn lead_daily_counts(
        &self,
        store: StoreId,
        since: NaiveDate,
    ) -> Result<Vec<(NaiveDate, LeadStatus, i64)>> {
        sqlx::query(
            "SELECT day, status, SUM(leads)::bigint FROM lead_daily_tallies \
             WHERE store_id = $1 AND day >= $2 GROUP BY day, status HAVING SUM(leads) > 0",
        )
        .bind(store)
        .bind(since)
        .try_map(|row: PgRow| {
            Ok((
                row.try_get(0)?,
                status_from_text(row.try_get(1)?)?,
                row.try_get(2)?,
            ))
        })
        .fetch_all(&self.pool)
        .await
        .db()
    }

    async fn lead_daily_conversions(
        &self,
        store: StoreId,
        since: NaiveDate,
    ) -> Result<Vec<(NaiveDate, i64)>> {
        sqlx::query(
            "SELECT (converted_at AT TIME ZONE 'UTC')::date AS day, COUNT(*) FROM leads \
             WHERE store_id = $1 AND converted_at >= $2 GROUP BY day",
        )
        .bind(store)
        .bind(day_start(since))
        .try_map(|row: PgRow| Ok((row.try_get(0)?, row.try_get(1)?)))
        .fetch_all(&self.pool)
        .await
        .db()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrations::POSTGRES;
    use sqlx::Connection;

    #[tokio::test]
    async fn the_migration_gives_existing_stores_the_original_types() {
        let Some(base) = crate::testing::postgres_url() else {
            return;
        };
        let url = super::super::testing::fresh_schema_url(&base)
            .await
            .unwrap();
        let mut conn = PgConnection::connect(&url).await.unwrap();
        let leads = POSTGRES
            .iter()
            .position(|m| m.name == "0003_leads")
            .unwrap();
        for migration in &POSTGRES[..leads] {
            sqlx::raw_sql(migration.sql)
                .execute(&mut conn)
                .await
                .unwrap();
        }
        sqlx::raw_sql(
            "INSERT INTO stores (id, name, slug, created_at, updated_at) VALUES \
             (1, 'Uno', 'uno', now(), now()), (7, 'Siete', 'siete', now(), now())",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        sqlx::raw_sql(POSTGRES[leads].sql)
            .execute(&mut conn)
            .await
            .unwrap();
        let types: Vec<(i64, i64, String)> =
            sqlx::query_as("SELECT store_id, id, name FROM lead_types ORDER BY store_id, id")
                .fetch_all(&mut conn)
                .await
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
}
