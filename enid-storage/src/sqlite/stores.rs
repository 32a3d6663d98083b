//! Stores and settings on SQLite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use enid_core::invalidation::Invalidation;
use enid_core::pagination::{Page, PageRequest};
use enid_core::storage::SettingStore;
use enid_core::stores::{Store, StoreChanges, StoreId, StoreStore};
use enid_core::{Error, Result};

use super::{Db, SqliteStorage, Ts};

const STORE_COLUMNS: &str = "id, name, slug, is_active, created_at, updated_at";

fn store_from_row(row: &Row<'_>) -> rusqlite::Result<Store> {
    Ok(Store {
        id: row.get(0)?,
        name: row.get(1)?,
        slug: row.get(2)?,
        is_active: row.get(3)?,
        created_at: row.get::<_, Ts>(4)?.0,
        updated_at: row.get::<_, Ts>(5)?.0,
    })
}

#[async_trait]
impl StoreStore for SqliteStorage {
    async fn create_store(
        &self,
        name: &str,
        slug: &str,
        admin_user_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Store> {
        let (name, slug) = (name.to_owned(), slug.to_owned());
        let store = self.write(move |tx| {
            if let Some(admin) = admin_user_id {
                let exists: bool = tx
                    .query_row("SELECT EXISTS (SELECT 1 FROM users WHERE id = ?1)", [admin], |row| row.get(0))
                    .db()?;
                if !exists {
                    return Err(Error::invalid("admin_user_id", "No user has this id."));
                }
            }
            let mut store = None;
            for attempt in 1.. {
                let candidate = crate::numbered_slug(&slug, attempt);
                store = tx
                    .query_row(
                        &format!(
                            "INSERT INTO stores (name, slug, created_at, updated_at) VALUES (?1, ?2, ?3, ?3) \
                             ON CONFLICT (slug) DO NOTHING RETURNING {STORE_COLUMNS}"
                        ),
                        params![name, candidate, Ts(now)],
                        store_from_row,
                    )
                    .optional()
                    .db()?;
                if store.is_some() {
                    break;
                }
            }
            let store = store.expect("the loop ends with a store");
            super::leads::insert_default_lead_types(tx, store.id, now)?;
            super::returns::insert_default_return_cards(tx, store.id, now)?;
            if let Some(admin) = admin_user_id {
                tx.execute(
                    "INSERT INTO store_members (store_id, user_id, role, created_at, updated_at) \
                     VALUES (?1, ?2, 'admin', ?3, ?3)",
                    params![store.id, admin, Ts(now)],
                )
                .db()?;
            }
            Ok(store)
        })
        .await?;
        if let Some(admin) = admin_user_id {
            // The admin's principal gains the store.
            self.invalidated(Invalidation::User(admin)).await;
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
        let (name, slug) = (name.to_owned(), slug.to_owned());
        self.write(move |tx| {
            let inserted = tx.execute(
                "INSERT INTO stores (id, name, slug, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4) \
                 ON CONFLICT DO NOTHING",
                params![id, name, slug, Ts(now)],
            )
            .db()?;
            if inserted == 1 {
                super::leads::insert_default_lead_types(tx, id, now)?;
                super::returns::insert_default_return_cards(tx, id, now)?;
                super::references::insert_default_business(tx, id, now)?;
            }
            tx.query_row(
                &format!("SELECT {STORE_COLUMNS} FROM stores WHERE id = ?1"),
                [id],
                store_from_row,
            )
            .optional()
            .db()?
            .ok_or_else(|| {
                Error::conflict(
                    "store_slug_taken",
                    format!("Store {id} cannot be created: another store already uses the slug '{slug}'."),
                )
            })
        })
        .await
    }

    async fn store(&self, id: StoreId) -> Result<Option<Store>> {
        self.read(move |conn| {
            conn.prepare_cached(&format!("SELECT {STORE_COLUMNS} FROM stores WHERE id = ?1"))?
                .query_row([id], store_from_row)
                .optional()
        })
        .await
    }

    async fn list_stores(&self, member: Option<i64>, page: PageRequest) -> Result<Page<Store>> {
        self.read(move |conn| {
            let condition = "(?1 IS NULL OR id IN \
                 (SELECT store_id FROM store_members WHERE user_id = ?1 AND is_active = 1))";
            let count = conn.query_row(
                &format!("SELECT COUNT(*) FROM stores WHERE {condition}"),
                [member],
                |row| row.get(0),
            )?;
            let mut stmt = conn.prepare(&format!(
                "SELECT {STORE_COLUMNS} FROM stores WHERE {condition} ORDER BY id LIMIT ?2 OFFSET ?3"
            ))?;
            let items = stmt
                .query_map(params![member, page.limit(), page.offset()], store_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Page { count, items, request: page })
        })
        .await
    }

    async fn update_store(
        &self,
        id: StoreId,
        changes: &StoreChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Store>> {
        let changes = changes.clone();
        let store = self
            .write(move |tx| {
                tx.query_row(
                    &format!(
                        "UPDATE stores SET name = COALESCE(?1, name), is_active = COALESCE(?2, is_active), \
                         updated_at = ?3 WHERE id = ?4 RETURNING {STORE_COLUMNS}"
                    ),
                    params![changes.name, changes.is_active, Ts(now), id],
                    store_from_row,
                )
                .optional()
                .db()
            })
            .await?;
        self.invalidated(Invalidation::Store(id)).await;
        Ok(store)
    }
}

#[async_trait]
impl SettingStore for SqliteStorage {
    async fn setting_or_insert(&self, key: &str, value: &str) -> Result<String> {
        let (key, value) = (key.to_owned(), value.to_owned());
        self.write(move |tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
                params![key, value],
            )
            .db()?;
            tx.query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .db()
        })
        .await
    }
}
