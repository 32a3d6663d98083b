//! Stores and settings on PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::postgres::PgRow;
use sqlx::{PgExecutor, Row};

use enid_core::invalidation::Invalidation;
use enid_core::pagination::{Page, PageRequest};
use enid_core::storage::SettingStore;
use enid_core::stores::{Store, StoreChanges, StoreId, StoreStore};
use enid_core::{Error, Result};

use super::{Db, PostgresStorage};

/// A macro so that queries stay `&'static str` (`concat!`).
macro_rules! store_columns {
    () => {
        "id, name, slug, is_active, created_at, updated_at"
    };
}

/// `$1`: a user id, or NULL for every store.
macro_rules! member_condition {
    () => {
        "($1::bigint IS NULL OR id IN \
         (SELECT store_id FROM store_members WHERE user_id = $1 AND is_active))"
    };
}

fn store_from_row(row: &PgRow) -> sqlx::Result<Store> {
    Ok(Store {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        slug: row.try_get(2)?,
        is_active: row.try_get(3)?,
        created_at: row.try_get(4)?,
        updated_at: row.try_get(5)?,
    })
}

async fn store_by_id<'c>(ex: impl PgExecutor<'c>, id: StoreId) -> Result<Option<Store>> {
    sqlx::query(concat!(
        "SELECT ",
        store_columns!(),
        " FROM stores WHERE id = $1"
    ))
    .bind(id)
    .try_map(|row: PgRow| store_from_row(&row))
    .fetch_optional(ex)
    .await
    .db()
}

#[async_trait]
impl StoreStore for PostgresStorage {
    async fn create_store(
        &self,
        name: &str,
        slug: &str,
        admin_user_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Store> {
        let mut tx = self.pool.begin().await.db()?;
        if let Some(admin) = admin_user_id {
            let exists: bool =
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)")
                    .bind(admin)
                    .fetch_one(&mut *tx)
                    .await
                    .db()?;
            if !exists {
                tx.rollback().await.db()?;
                return Err(Error::invalid("admin_user_id", "No user has this id."));
            }
        }
        let mut attempt = 1;
        let store = loop {
            // DO NOTHING waits for a concurrent insert of the same slug and then skips it, so
            // racing creators end up with distinct numbers.
            let inserted = sqlx::query(concat!(
                "INSERT INTO stores (name, slug, created_at, updated_at) VALUES ($1, $2, $3, $3) \
                 ON CONFLICT (slug) DO NOTHING RETURNING ",
                store_columns!()
            ))
            .bind(name)
            .bind(crate::numbered_slug(slug, attempt))
            .bind(now)
            .try_map(|row: PgRow| store_from_row(&row))
            .fetch_optional(&mut *tx)
            .await
            .db()?;
            match inserted {
                Some(store) => break store,
                None => attempt += 1,
            }
        };
        super::leads::insert_default_lead_types(&mut tx, store.id, now).await?;
        super::returns::insert_default_return_cards(&mut tx, store.id, now).await?;
        if let Some(admin) = admin_user_id {
            sqlx::query(
                "INSERT INTO store_members (store_id, user_id, role, created_at, updated_at) \
                 VALUES ($1, $2, 'admin', $3, $3)",
            )
            .bind(store.id)
            .bind(admin)
            .bind(now)
            .execute(&mut *tx)
            .await
            .db()?;
            self.invalidations
                .notify_on_commit(&mut tx, &Invalidation::User(admin))
                .await
                .db()?;
        }
        tx.commit().await.db()?;
        if let Some(admin) = admin_user_id {
            // The admin's principal gains the store.
            self.invalidations.deliver(&Invalidation::User(admin)).await;
        }
        Ok(store)
    }

    async fn ensure_store(
        &self,
        id: StoreId,
        name: &str,
        slug: &str,
        now: DateTime<Utc>,
    ) -> Result<Store> {
        // The usual case, at every start: it exists already, and no lock is needed.
        if let Some(store) = store_by_id(&self.pool, id).await? {
            return Ok(store);
        }
        let mut tx = self.pool.begin().await.db()?;
        // Blocks inserts (and waits for those in flight) until commit, so that the identity
        // sequence set below never falls behind an id another transaction has just taken.
        sqlx::query("LOCK TABLE stores IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await
            .db()?;
        let inserted = sqlx::query(
            "INSERT INTO stores (id, name, slug, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(name)
        .bind(slug)
        .bind(now)
        .execute(&mut *tx)
        .await
        .db()?
        .rows_affected();
        if inserted == 1 {
            super::leads::insert_default_lead_types(&mut tx, id, now).await?;
            super::returns::insert_default_return_cards(&mut tx, id, now).await?;
            super::references::insert_default_business(&mut tx, id, now).await?;
            // An explicit id does not advance the identity: move it past every id in use, so the
            // next created store does not collide.
            sqlx::query(
                "SELECT setval(pg_get_serial_sequence('stores', 'id'), GREATEST((SELECT max(id) FROM stores), 1))",
            )
            .execute(&mut *tx)
            .await
            .db()?;
        }
        let Some(store) = store_by_id(&mut *tx, id).await? else {
            tx.rollback().await.db()?;
            return Err(Error::conflict(
                "store_slug_taken",
                format!(
                    "Store {id} cannot be created: another store already uses the slug '{slug}'."
                ),
            ));
        };
        tx.commit().await.db()?;
        Ok(store)
    }

    async fn store(&self, id: StoreId) -> Result<Option<Store>> {
        store_by_id(&self.pool, id).await
    }

    async fn list_stores(&self, member: Option<i64>, page: PageRequest) -> Result<Page<Store>> {
        let count: i64 = sqlx::query_scalar(concat!(
            "SELECT COUNT(*) FROM stores WHERE ",
            member_condition!()
        ))
        .bind(member)
        .fetch_one(&self.pool)
        .await
        .db()?;
        let items = sqlx::query(concat!(
            "SELECT ",
            store_columns!(),
            " FROM stores WHERE ",
            member_condition!(),
            " ORDER BY id LIMIT $2 OFFSET $3"
        ))
        .bind(member)
        .bind(page.limit())
        .bind(page.offset())
        .try_map(|row: PgRow| store_from_row(&row))
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(Page {
            count,
            items,
            request: page,
        })
    }

    async fn update_store(
        &self,
        id: StoreId,
        changes: &StoreChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Store>> {
        let mut tx = self.pool.begin().await.db()?;
        let store = sqlx::query(concat!(
            "UPDATE stores SET name = COALESCE($1, name), is_active = COALESCE($2, is_active), \
             updated_at = $3 WHERE id = $4 RETURNING ",
            store_columns!()
        ))
        .bind(&changes.name)
        .bind(changes.is_active)
        .bind(now)
        .bind(id)
        .try_map(|row: PgRow| store_from_row(&row))
        .fetch_optional(&mut *tx)
        .await
        .db()?;
        self.commit_invalidating(tx, Invalidation::Store(id))
            .await?;
        Ok(store)
    }
}

#[async_trait]
impl SettingStore for PostgresStorage {
    async fn setting_or_insert(&self, key: &str, value: &str) -> Result<String> {
        // Two statements on purpose: DO NOTHING waits for a concurrent insert of the key to
        // commit, and the SELECT, a new statement, then sees the value that insert stored.
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await
        .db()?;
        sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_one(&self.pool)
            .await
            .db()
    }
}
