//! Return-policy cards, return requests with their history, and return settings on SQLite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use uuid::Uuid;

use enid_core::pagination::{Page, PageRequest};
use enid_core::returns::{
    DEFAULT_RETURN_CARDS, NewReturnCard, NewReturnRequest, ReturnCard, ReturnCardChanges,
    ReturnCardId, ReturnFilter, ReturnItem, ReturnRequest, ReturnRequestDetail, ReturnSettings,
    ReturnStatus, ReturnStatusChange, ReturnStore, ReturnTransition,
};
use enid_core::stores::StoreId;
use enid_core::{Error, Result};

use super::{Db, SqliteStorage, StoreRows, Ts, move_to_place};

const CARD_COLUMNS: &str =
    "id, ask, short_answer, path_seccion, call_to_action, position, created_at, updated_at";

const REQUEST_COLUMNS: &str = "id, order_reference, customer_email, customer_name, delivered_at, \
     reason, items, status, created_at, updated_at";

fn conversion_error(
    index: usize,
    err: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, err.into())
}

fn status_at(row: &Row<'_>, index: usize) -> rusqlite::Result<ReturnStatus> {
    let text: String = row.get(index)?;
    ReturnStatus::parse("status", &text).map_err(|e| conversion_error(index, e))
}

fn card_from_row(row: &Row<'_>) -> rusqlite::Result<ReturnCard> {
    Ok(ReturnCard {
        id: row.get(0)?,
        ask: row.get(1)?,
        short_answer: row.get(2)?,
        path_seccion: row.get(3)?,
        call_to_action: row.get(4)?,
        position: row.get(5)?,
        created_at: row.get::<_, Ts>(6)?.0,
        updated_at: row.get::<_, Ts>(7)?.0,
    })
}

fn request_from_row(row: &Row<'_>) -> rusqlite::Result<ReturnRequest> {
    let id: String = row.get(0)?;
    let items: String = row.get(6)?;
    Ok(ReturnRequest {
        id: Uuid::parse_str(&id).map_err(|e| conversion_error(0, e))?,
        order_reference: row.get(1)?,
        customer_email: row.get(2)?,
        customer_name: row.get(3)?,
        delivered_at: row.get::<_, Ts>(4)?.0,
        reason: row.get(5)?,
        items: serde_json::from_str::<Vec<ReturnItem>>(&items)
            .map_err(|e| conversion_error(6, e))?,
        status: status_at(row, 7)?,
        created_at: row.get::<_, Ts>(8)?.0,
        updated_at: row.get::<_, Ts>(9)?.0,
    })
}

/// Gives a new store the two policy cards; part of the transaction that creates the store.
pub(super) fn insert_default_return_cards(
    tx: &Transaction<'_>,
    store: StoreId,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO return_cards (store_id, ask, short_answer, path_seccion, call_to_action, \
             position, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        )
        .db()?;
    for (position, (ask, answer, path, call_to_action)) in DEFAULT_RETURN_CARDS.iter().enumerate() {
        stmt.execute(params![
            store,
            ask,
            answer,
            path,
            call_to_action,
            position as i64,
            Ts(now)
        ])
        .db()?;
    }
    Ok(())
}

fn card_by_id(
    conn: &Connection,
    store: StoreId,
    id: ReturnCardId,
) -> rusqlite::Result<Option<ReturnCard>> {
    conn.prepare_cached(&format!(
        "SELECT {CARD_COLUMNS} FROM return_cards WHERE store_id = ?1 AND id = ?2"
    ))?
    .query_row(params![store, id], card_from_row)
    .optional()
}

fn request_detail(
    conn: &Connection,
    store: StoreId,
    id: Uuid,
) -> rusqlite::Result<Option<ReturnRequestDetail>> {
    let request = conn
        .prepare_cached(&format!(
            "SELECT {REQUEST_COLUMNS} FROM return_requests WHERE store_id = ?1 AND id = ?2"
        ))?
        .query_row(params![store, id.to_string()], request_from_row)
        .optional()?;
    let Some(request) = request else {
        return Ok(None);
    };
    let history = conn
        .prepare_cached(
            "SELECT c.id, c.from_status, c.to_status, c.changed_by, u.email, c.note, c.changed_at \
             FROM return_status_changes c LEFT JOIN users u ON u.id = c.changed_by \
             WHERE c.request_id = ?1 ORDER BY c.id",
        )?
        .query_map([id.to_string()], |row| {
            Ok(ReturnStatusChange {
                id: row.get(0)?,
                from_status: status_at(row, 1)?,
                to_status: status_at(row, 2)?,
                changed_by: row.get(3)?,
                changed_by_email: row.get(4)?,
                note: row.get(5)?,
                changed_at: row.get::<_, Ts>(6)?.0,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(ReturnRequestDetail { request, history }))
}

#[async_trait]
impl ReturnStore for SqliteStorage {
    async fn list_return_cards(
        &self,
        store: StoreId,
        page: PageRequest,
    ) -> Result<Page<ReturnCard>> {
        self.read(move |conn| {
            StoreRows::new(store).page(
                conn,
                "return_cards",
                CARD_COLUMNS,
                "position, id",
                page,
                card_from_row,
            )
        })
        .await
    }

    async fn return_card(&self, store: StoreId, id: ReturnCardId) -> Result<Option<ReturnCard>> {
        self.read(move |conn| card_by_id(conn, store, id)).await
    }

    async fn create_return_card(
        &self,
        store: StoreId,
        card: &NewReturnCard,
        now: DateTime<Utc>,
    ) -> Result<ReturnCard> {
        let card = card.clone();
        self.write(move |tx| {
            let position: i64 = match card.position {
                Some(position) => position,
                None => tx
                    .query_row(
                        "SELECT COALESCE(MAX(position) + 1, 0) FROM return_cards WHERE store_id = ?1",
                        [store],
                        |row| row.get(0),
                    )
                    .db()?,
            };
            tx.query_row(
                &format!(
                    "INSERT INTO return_cards (store_id, ask, short_answer, path_seccion, \
                     call_to_action, position, created_at, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING {CARD_COLUMNS}"
                ),
                params![
                    store,
                    card.ask,
                    card.short_answer,
                    card.path_seccion,
                    card.call_to_action,
                    position,
                    Ts(now)
                ],
                card_from_row,
            )
            .db()
        })
        .await
    }

    async fn update_return_card(
        &self,
        store: StoreId,
        id: ReturnCardId,
        changes: &ReturnCardChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<ReturnCard>> {
        let changes = changes.clone();
        self.write(move |tx| {
            let updated = tx
                .query_row(
                    &format!(
                        "UPDATE return_cards SET ask = COALESCE(?1, ask), \
                         short_answer = COALESCE(?2, short_answer), \
                         path_seccion = CASE WHEN ?3 THEN ?4 ELSE path_seccion END, \
                         call_to_action = CASE WHEN ?5 THEN ?6 ELSE call_to_action END, \
                         updated_at = ?7 WHERE store_id = ?8 AND id = ?9 RETURNING {CARD_COLUMNS}"
                    ),
                    params![
                        changes.ask,
                        changes.short_answer,
                        changes.path_seccion.is_some(),
                        changes.path_seccion.clone().flatten(),
                        changes.call_to_action.is_some(),
                        changes.call_to_action.clone().flatten(),
                        Ts(now),
                        store,
                        id
                    ],
                    card_from_row,
                )
                .optional()
                .db()?;
            let Some(mut card) = updated else {
                return Ok(None);
            };
            if let Some(place) = changes.position {
                card.position = move_to_place(tx, "return_cards", "TRUE", store, id, place)?;
            }
            Ok(Some(card))
        })
        .await
    }

    async fn delete_return_card(&self, store: StoreId, id: ReturnCardId) -> Result<bool> {
        self.write(move |tx| {
            tx.execute(
                "DELETE FROM return_cards WHERE store_id = ?1 AND id = ?2",
                params![store, id],
            )
            .db()
            .map(|deleted| deleted == 1)
        })
        .await
    }

    async fn return_settings(&self, store: StoreId) -> Result<ReturnSettings> {
        self.read(move |conn| {
            let window: Option<i64> = conn
                .prepare_cached("SELECT window_days FROM return_settings WHERE store_id = ?1")?
                .query_row([store], |row| row.get(0))
                .optional()?;
            Ok(
                window.map_or_else(ReturnSettings::default, |window_days| ReturnSettings {
                    window_days,
                }),
            )
        })
        .await
    }

    async fn save_return_settings(
        &self,
        store: StoreId,
        settings: &ReturnSettings,
        now: DateTime<Utc>,
    ) -> Result<ReturnSettings> {
        let settings = *settings;
        self.write(move |tx| {
            tx.execute(
                "INSERT INTO return_settings (store_id, window_days, updated_at) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (store_id) DO UPDATE SET window_days = excluded.window_days, \
                 updated_at = excluded.updated_at",
                params![store, settings.window_days, Ts(now)],
            )
            .db()?;
            Ok(settings)
        })
        .await
    }

    async fn create_return_request(
        &self,
        store: StoreId,
        request: &NewReturnRequest,
    ) -> Result<ReturnRequest> {
        let request = request.clone();
        self.write(move |tx| {
            let items = serde_json::to_string(&request.items).map_err(Error::internal)?;
            tx.query_row(
                &format!(
                    "INSERT INTO return_requests (id, store_id, order_reference, customer_email, \
                     customer_name, delivered_at, reason, items, status, created_at, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'requested', ?9, ?9) \
                     RETURNING {REQUEST_COLUMNS}"
                ),
                params![
                    request.id.to_string(),
                    store,
                    request.order_reference,
                    request.customer_email,
                    request.customer_name,
                    Ts(request.delivered_at),
                    request.reason,
                    items,
                    Ts(request.created_at)
                ],
                request_from_row,
            )
            .db()
        })
        .await
    }

    async fn return_request(
        &self,
        store: StoreId,
        id: Uuid,
    ) -> Result<Option<ReturnRequestDetail>> {
        self.read(move |conn| request_detail(conn, store, id)).await
    }

    async fn list_return_requests(
        &self,
        store: StoreId,
        filter: &ReturnFilter,
        page: PageRequest,
    ) -> Result<Page<ReturnRequest>> {
        let mut rows = StoreRows::new(store);
        if let Some(status) = filter.status {
            rows.add("status =", Value::Text(status.as_str().to_owned()));
        }
        if let Some(since) = filter.since {
            rows.add("created_at >=", Value::from(super::Ts(since)));
        }
        if let Some(email) = &filter.customer_email {
            rows.add("customer_email =", Value::Text(email.clone()));
        }
        self.read(move |conn| {
            rows.page(
                conn,
                "return_requests",
                REQUEST_COLUMNS,
                "created_at DESC, id DESC",
                page,
                request_from_row,
            )
        })
        .await
    }

    async fn transition_return_request(
        &self,
        store: StoreId,
        id: Uuid,
        transition: &ReturnTransition,
    ) -> Result<Option<ReturnRequestDetail>> {
        let transition = transition.clone();
        self.write(move |tx| {
            let moved = tx
                .execute(
                    "UPDATE return_requests SET status = ?1, updated_at = ?2 \
                     WHERE store_id = ?3 AND id = ?4 AND status = ?5",
                    params![
                        transition.to.as_str(),
                        Ts(transition.at),
                        store,
                        id.to_string(),
                        transition.from.as_str()
                    ],
                )
                .db()?;
            if moved == 0 {
                let exists: bool = tx
                    .query_row(
                        "SELECT EXISTS (SELECT 1 FROM return_requests WHERE store_id = ?1 AND id = ?2)",
                        params![store, id.to_string()],
                        |row| row.get(0),
                    )
                    .db()?;
                return if exists {
                    Err(status_changed(transition.from))
                } else {
                    Ok(None)
                };
            }
            tx.execute(
                "INSERT INTO return_status_changes (request_id, from_status, to_status, changed_by, \
                 note, changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id.to_string(),
                    transition.from.as_str(),
                    transition.to.as_str(),
                    transition.changed_by,
                    transition.note,
                    Ts(transition.at)
                ],
            )
            .db()?;
            request_detail(tx, store, id).db()
        })
        .await
    }
}

/// The request left `from` before this change could be made.
fn status_changed(from: ReturnStatus) -> Error {
    Error::conflict(
        "return_status_changed",
        format!(
            "The return request is no longer {from}: someone changed it first. Reload it and try again."
        ),
    )
}
