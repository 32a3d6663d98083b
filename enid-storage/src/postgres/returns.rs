//! Return-policy cards, return requests with their history, and return settings on PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::postgres::PgRow;
use sqlx::types::Json;
use sqlx::{PgConnection, PgExecutor, Row};
use uuid::Uuid;

use enid_core::pagination::{Page, PageRequest};
use enid_core::returns::{
    DEFAULT_RETURN_CARDS, NewReturnCard, NewReturnRequest, ReturnCard, ReturnCardChanges,
    ReturnCardId, ReturnFilter, ReturnItem, ReturnRequest, ReturnRequestDetail, ReturnSettings,
    ReturnStatus, ReturnStatusChange, ReturnStore, ReturnTransition,
};
use enid_core::stores::StoreId;
use enid_core::{Error, Result};

use super::{Db, PostgresStorage, move_to_place, store_page};

/// Makes the writes that order a store's cards (creations and moves) take turns. (NO KEY UPDATE
/// does not block the key-share locks that inserts referencing the store take.)
async fn lock_store_cards(conn: &mut PgConnection, store: StoreId) -> Result<()> {
    sqlx::query("SELECT 1 FROM stores WHERE id = $1 FOR NO KEY UPDATE")
        .bind(store)
        .execute(conn)
        .await
        .db()?;
    Ok(())
}

/// Macros so that queries stay `&'static str` (`concat!`).
macro_rules! card_columns {
    () => {
        "id, ask, short_answer, path_seccion, call_to_action, position, created_at, updated_at"
    };
}

macro_rules! request_columns {
    () => {
        "id, order_reference, customer_email, customer_name, delivered_at, reason, items, status, \
         created_at, updated_at"
    };
}

/// The list's filters: `$2` status, `$3` created since, `$4` customer email (each may be null).
macro_rules! request_filter {
    () => {
        "store_id = $1 AND ($2::text IS NULL OR status = $2) \
         AND ($3::timestamptz IS NULL OR created_at >= $3) \
         AND ($4::text IS NULL OR customer_email = $4)"
    };
}

fn status_from_text(text: &str) -> sqlx::Result<ReturnStatus> {
    ReturnStatus::parse("status", text).map_err(|e| sqlx::Error::Decode(e.into()))
}

fn card_from_row(row: &PgRow) -> sqlx::Result<ReturnCard> {
    Ok(ReturnCard {
        id: row.try_get(0)?,
        ask: row.try_get(1)?,
        short_answer: row.try_get(2)?,
        path_seccion: row.try_get(3)?,
        call_to_action: row.try_get(4)?,
        position: row.try_get(5)?,
        created_at: row.try_get(6)?,
        updated_at: row.try_get(7)?,
    })
}

fn request_from_row(row: &PgRow) -> sqlx::Result<ReturnRequest> {
    Ok(ReturnRequest {
        id: row.try_get(0)?,
        order_reference: row.try_get(1)?,
        customer_email: row.try_get(2)?,
        customer_name: row.try_get(3)?,
        delivered_at: row.try_get(4)?,
        reason: row.try_get(5)?,
        items: row.try_get::<Json<Vec<ReturnItem>>, _>(6)?.0,
        status: status_from_text(row.try_get(7)?)?,
        created_at: row.try_get(8)?,
        updated_at: row.try_get(9)?,
    })
}

/// Gives a new store the two policy cards; part of the transaction that creates the store.
pub(super) async fn insert_default_return_cards(
    conn: &mut PgConnection,
    store: StoreId,
    now: DateTime<Utc>,
) -> Result<()> {
    let asks: Vec<&str> = DEFAULT_RETURN_CARDS.iter().map(|c| c.0).collect();
    let answers: Vec<&str> = DEFAULT_RETURN_CARDS.iter().map(|c| c.1).collect();
    let paths: Vec<&str> = DEFAULT_RETURN_CARDS.iter().map(|c| c.2).collect();
    let calls: Vec<&str> = DEFAULT_RETURN_CARDS.iter().map(|c| c.3).collect();
    sqlx::query(
        "INSERT INTO return_cards (store_id, ask, short_answer, path_seccion, call_to_action, \
         position, created_at, updated_at) \
         SELECT $1, ask, short_answer, path_seccion, call_to_action, position - 1, $6, $6 \
         FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[]) \
         WITH ORDINALITY AS c (ask, short_answer, path_seccion, call_to_action, position) \
         ORDER BY position",
    )
    .bind(store)
    .bind(asks)
    .bind(answers)
    .bind(paths)
    .bind(calls)
    .bind(now)
    .execute(conn)
    .await
    .db()?;
    Ok(())
}

async fn request_detail(
    conn: &mut PgConnection,
    store: StoreId,
    id: Uuid,
) -> Result<Option<ReturnRequestDetail>> {
    let request = sqlx::query(concat!(
        "SELECT ",
        request_columns!(),
        " FROM return_requests WHERE store_id = $1 AND id = $2"
    ))
    .bind(store)
    .bind(id)
    .try_map(|row: PgRow| request_from_row(&row))
    .fetch_optional(&mut *conn)
    .await
    .db()?;
    let Some(request) = request else {
        return Ok(None);
    };
    let history = history(&mut *conn, id).await?;
    Ok(Some(ReturnRequestDetail { request, history }))
}

async fn history<'c>(ex: impl PgExecutor<'c>, id: Uuid) -> Result<Vec<ReturnStatusChange>> {
    sqlx::query(
        "SELECT c.id, c.from_status, c.to_status, c.changed_by, u.email, c.note, c.changed_at \
         FROM return_status_changes c LEFT JOIN users u ON u.id = c.changed_by \
         WHERE c.request_id = $1 ORDER BY c.id",
    )
    .bind(id)
    .try_map(|row: PgRow| {
        Ok(ReturnStatusChange {
            id: row.try_get(0)?,
            from_status: status_from_text(row.try_get(1)?)?,
            to_status: status_from_text(row.try_get(2)?)?,
            changed_by: row.try_get(3)?,
            changed_by_email: row.try_get(4)?,
            note: row.try_get(5)?,
            changed_at: row.try_get(6)?,
        })
    })
    .fetch_all(ex)
    .await
    .db()
}

#[async_trait]
impl ReturnStore for PostgresStorage {
    async fn list_return_cards(
        &self,
        store: StoreId,
        page: PageRequest,
    ) -> Result<Page<ReturnCard>> {
        store_page(
            &self.pool,
            "return_cards",
            card_columns!(),
            "position, id",
            store,
            page,
            card_from_row,
        )
        .await
    }

    async fn return_card(&self, store: StoreId, id: ReturnCardId) -> Result<Option<ReturnCard>> {
        sqlx::query(concat!(
            "SELECT ",
            card_columns!(),
            " FROM return_cards WHERE store_id = $1 AND id = $2"
        ))
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| card_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .db()
    }

    async fn create_return_card(
        &self,
        store: StoreId,
        card: &NewReturnCard,
        now: DateTime<Utc>,
    ) -> Result<ReturnCard> {
        let mut tx = self.pool.begin().await.db()?;
        // Creations in one store take turns, so a card without a position lands after the last.
        lock_store_cards(&mut tx, store).await?;
        let card = sqlx::query(concat!(
            "INSERT INTO return_cards (store_id, ask, short_answer, path_seccion, call_to_action, \
             position, created_at, updated_at) \
             SELECT $1, $2, $3, $4, $5, COALESCE($6, (SELECT COALESCE(MAX(position) + 1, 0) \
             FROM return_cards WHERE store_id = $1)), $7, $7 RETURNING ",
            card_columns!()
        ))
        .bind(store)
        .bind(&card.ask)
        .bind(&card.short_answer)
        .bind(&card.path_seccion)
        .bind(&card.call_to_action)
        .bind(card.position)
        .bind(now)
        .try_map(|row: PgRow| card_from_row(&row))
        .fetch_one(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()?;
        Ok(card)
    }

    async fn update_return_card(
        &self,
        store: StoreId,
        id: ReturnCardId,
        changes: &ReturnCardChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<ReturnCard>> {
        let mut tx = self.pool.begin().await.db()?;
        if changes.position.is_some() {
            // Moves in one store take turns, each numbering the cards from the order it sees.
            lock_store_cards(&mut tx, store).await?;
        }
        let updated = sqlx::query(concat!(
            "UPDATE return_cards SET ask = COALESCE($1, ask), \
             short_answer = COALESCE($2, short_answer), \
             path_seccion = CASE WHEN $3 THEN $4 ELSE path_seccion END, \
             call_to_action = CASE WHEN $5 THEN $6 ELSE call_to_action END, \
             updated_at = $7 WHERE store_id = $8 AND id = $9 RETURNING ",
            card_columns!()
        ))
        .bind(&changes.ask)
        .bind(&changes.short_answer)
        .bind(changes.path_seccion.is_some())
        .bind(changes.path_seccion.clone().flatten())
        .bind(changes.call_to_action.is_some())
        .bind(changes.call_to_action.clone().flatten())
        .bind(now)
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| card_from_row(&row))
        .fetch_optional(&mut *tx)
        .await
        .db()?;
        let Some(mut card) = updated else {
            return Ok(None);
        };
        if let Some(place) = changes.position {
            card.position =
                move_to_place(&mut tx, "return_cards", "TRUE", store, id, place).await?;
        }
        tx.commit().await.db()?;
        Ok(Some(card))
    }

    async fn delete_return_card(&self, store: StoreId, id: ReturnCardId) -> Result<bool> {
        let deleted = sqlx::query("DELETE FROM return_cards WHERE store_id = $1 AND id = $2")
            .bind(store)
            .bind(id)
            .execute(&self.pool)
            .await
            .db()?;
        Ok(deleted.rows_affected() == 1)
    }

    async fn return_settings(&self, store: StoreId) -> Result<ReturnSettings> {
        let window: Option<i64> =
            sqlx::query_scalar("SELECT window_days FROM return_settings WHERE store_id = $1")
                .bind(store)
                .fetch_optional(&self.pool)
                .await
                .db()?;
        Ok(
            window.map_or_else(ReturnSettings::default, |window_days| ReturnSettings {
                window_days,
            }),
        )
    }

    async fn save_return_settings(
        &self,
        store: StoreId,
        settings: &ReturnSettings,
        now: DateTime<Utc>,
    ) -> Result<ReturnSettings> {
        sqlx::query(
            "INSERT INTO return_settings (store_id, window_days, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (store_id) DO UPDATE SET window_days = excluded.window_days, \
             updated_at = excluded.updated_at",
        )
        .bind(store)
        .bind(settings.window_days)
        .bind(now)
        .execute(&self.pool)
        .await
        .db()?;
        Ok(*settings)
    }

    async fn create_return_request(
        &self,
        store: StoreId,
        request: &NewReturnRequest,
    ) -> Result<ReturnRequest> {
        sqlx::query(concat!(
            "INSERT INTO return_requests (id, store_id, order_reference, customer_email, \
             customer_name, delivered_at, reason, items, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'requested', $9, $9) RETURNING ",
            request_columns!()
        ))
        .bind(request.id)
        .bind(store)
        .bind(&request.order_reference)
        .bind(&request.customer_email)
        .bind(&request.customer_name)
        .bind(request.delivered_at)
        .bind(&request.reason)
        .bind(Json(&request.items))
        .bind(request.created_at)
        .try_map(|row: PgRow| request_from_row(&row))
        .fetch_one(&self.pool)
        .await
        .db()
    }

    async fn return_request(
        &self,
        store: StoreId,
        id: Uuid,
    ) -> Result<Option<ReturnRequestDetail>> {
        let mut conn = self.pool.acquire().await.db()?;
        request_detail(&mut conn, store, id).await
    }

    async fn list_return_requests(
        &self,
        store: StoreId,
        filter: &ReturnFilter,
        page: PageRequest,
    ) -> Result<Page<ReturnRequest>> {
        let status = filter.status.map(ReturnStatus::as_str);
        let count: i64 = sqlx::query_scalar(concat!(
            "SELECT COUNT(*) FROM return_requests WHERE ",
            request_filter!()
        ))
        .bind(store)
        .bind(status)
        .bind(filter.since)
        .bind(&filter.customer_email)
        .fetch_one(&self.pool)
        .await
        .db()?;
        let items = sqlx::query(concat!(
            "SELECT ",
            request_columns!(),
            " FROM return_requests WHERE ",
            request_filter!(),
            " ORDER BY created_at DESC, id DESC LIMIT $5 OFFSET $6"
        ))
        .bind(store)
        .bind(status)
        .bind(filter.since)
        .bind(&filter.customer_email)
        .bind(page.limit())
        .bind(page.offset())
        .try_map(|row: PgRow| request_from_row(&row))
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(Page {
            count,
            items,
            request: page,
        })
    }

    async fn transition_return_request(
        &self,
        store: StoreId,
        id: Uuid,
        transition: &ReturnTransition,
    ) -> Result<Option<ReturnRequestDetail>> {
        let mut tx = self.pool.begin().await.db()?;
        // Conditional: of two staff moving the same request from the same status, the second
        // waits for the first's row lock, then finds the status changed and updates nothing.
        let moved = sqlx::query(
            "UPDATE return_requests SET status = $1, updated_at = $2 \
             WHERE store_id = $3 AND id = $4 AND status = $5",
        )
        .bind(transition.to.as_str())
        .bind(transition.at)
        .bind(store)
        .bind(id)
        .bind(transition.from.as_str())
        .execute(&mut *tx)
        .await
        .db()?;
        if moved.rows_affected() == 0 {
            let exists: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM return_requests WHERE store_id = $1 AND id = $2)",
            )
            .bind(store)
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .db()?;
            tx.rollback().await.db()?;
            return if exists {
                Err(status_changed(transition.from))
            } else {
                Ok(None)
            };
        }
        sqlx::query(
            "INSERT INTO return_status_changes (request_id, from_status, to_status, changed_by, \
             note, changed_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(transition.from.as_str())
        .bind(transition.to.as_str())
        .bind(transition.changed_by)
        .bind(&transition.note)
        .bind(transition.at)
        .execute(&mut *tx)
        .await
        .db()?;
        let detail = request_detail(&mut tx, store, id).await?;
        tx.commit().await.db()?;
        Ok(detail)
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
