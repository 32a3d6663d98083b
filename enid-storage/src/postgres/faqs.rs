//! FAQs and their categories on PostgreSQL. The `search` column is generated from the unaccented
//! question (weight A) and answer (weight B) with the Spanish configuration, so it changes with
//! each write; a GIN index serves the match and `ts_rank_cd` ranks.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};

use enid_core::faqs::{
    CategoryChanges, CategoryId, Faq, FaqCategory, FaqChanges, FaqFilter, FaqId, FaqStore,
    NewCategory, NewFaq, SearchTerms, unknown_category,
};
use enid_core::pagination::{Page, PageRequest};
use enid_core::stores::StoreId;
use enid_core::{Error, Result};

use super::{
    Db, PostgresStorage, database_failure, is_foreign_key_violation, is_unique_violation,
    store_page,
};

/// A macro so that queries stay `&'static str` (`concat!`).
macro_rules! category_columns {
    () => {
        "id, name, slug, position"
    };
}

macro_rules! faq_columns {
    () => {
        "f.id, f.category_id, f.ask, f.answer, f.is_visible, f.url_img, f.we_mean, f.position"
    };
}

fn category_from_row(row: &PgRow) -> sqlx::Result<FaqCategory> {
    Ok(FaqCategory {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        slug: row.try_get(2)?,
        position: row.try_get(3)?,
    })
}

fn faq_from_row(row: &PgRow) -> sqlx::Result<Faq> {
    Ok(Faq {
        id: row.try_get(0)?,
        category_id: row.try_get(1)?,
        ask: row.try_get(2)?,
        answer: row.try_get(3)?,
        is_visible: row.try_get(4)?,
        url_img: row.try_get(5)?,
        we_mean: row.try_get(6)?,
        position: row.try_get(7)?,
    })
}

fn category_error(e: sqlx::Error) -> Error {
    if is_unique_violation(&e) {
        Error::conflict(
            "category_slug_taken",
            "This store already has a FAQ category with this name (slug).",
        )
    } else {
        database_failure(e)
    }
}

fn faq_error(e: sqlx::Error) -> Error {
    if is_foreign_key_violation(&e) {
        unknown_category()
    } else {
        database_failure(e)
    }
}

/// `term:*` joined by `|`: any term, each as a prefix. Terms are alphanumeric.
fn tsquery(terms: &SearchTerms) -> String {
    terms
        .terms()
        .iter()
        .map(|term| format!("{term}:*"))
        .collect::<Vec<_>>()
        .join(" | ")
}

async fn insert_faq(
    conn: &mut PgConnection,
    store: StoreId,
    faq: &NewFaq,
    now: DateTime<Utc>,
) -> Result<Faq> {
    sqlx::query(concat!(
        "INSERT INTO faqs AS f (store_id, category_id, ask, answer, is_visible, url_img, we_mean, \
         position, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, \
         COALESCE($8, (SELECT COALESCE(MAX(position) + 1, 0) FROM faqs \
         WHERE store_id = $1 AND category_id = $2)), $9, $9) RETURNING ",
        faq_columns!()
    ))
    .bind(store)
    .bind(faq.category_id)
    .bind(&faq.ask)
    .bind(&faq.answer)
    .bind(faq.is_visible)
    .bind(&faq.url_img)
    .bind(&faq.we_mean)
    .bind(faq.position)
    .bind(now)
    .try_map(|row: PgRow| faq_from_row(&row))
    .fetch_one(conn)
    .await
    .map_err(faq_error)
}

#[async_trait]
impl FaqStore for PostgresStorage {
    async fn create_category(
        &self,
        store: StoreId,
        category: &NewCategory,
        now: DateTime<Utc>,
    ) -> Result<FaqCategory> {
        sqlx::query(concat!(
            "INSERT INTO faq_categories (store_id, name, slug, position, created_at, updated_at) \
             VALUES ($1, $2, $3, COALESCE($4, (SELECT COALESCE(MAX(position) + 1, 0) \
             FROM faq_categories WHERE store_id = $1)), $5, $5) RETURNING ",
            category_columns!()
        ))
        .bind(store)
        .bind(&category.name)
        .bind(&category.slug)
        .bind(category.position)
        .bind(now)
        .try_map(|row: PgRow| category_from_row(&row))
        .fetch_one(&self.pool)
        .await
        .map_err(category_error)
    }

    async fn category(&self, store: StoreId, id: CategoryId) -> Result<Option<FaqCategory>> {
        sqlx::query(concat!(
            "SELECT ",
            category_columns!(),
            " FROM faq_categories WHERE store_id = $1 AND id = $2"
        ))
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| category_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .db()
    }

    async fn list_categories(
        &self,
        store: StoreId,
        page: PageRequest,
    ) -> Result<Page<FaqCategory>> {
        store_page(
            &self.pool,
            "faq_categories",
            category_columns!(),
            "position, id",
            store,
            page,
            category_from_row,
        )
        .await
    }

    async fn update_category(
        &self,
        store: StoreId,
        id: CategoryId,
        changes: &CategoryChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<FaqCategory>> {
        let (name, slug) = changes.name.clone().unzip();
        sqlx::query(concat!(
            "UPDATE faq_categories SET name = COALESCE($1, name), slug = COALESCE($2, slug), \
             position = COALESCE($3, position), updated_at = $4 \
             WHERE store_id = $5 AND id = $6 RETURNING ",
            category_columns!()
        ))
        .bind(name)
        .bind(slug)
        .bind(changes.position)
        .bind(now)
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| category_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .map_err(category_error)
    }

    async fn delete_category(&self, store: StoreId, id: CategoryId) -> Result<bool> {
        // The composite foreign key refuses to delete a category that FAQs use, also when a FAQ
        // is added to it concurrently.
        let deleted = sqlx::query("DELETE FROM faq_categories WHERE store_id = $1 AND id = $2")
            .bind(store)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(|e| {
                if is_foreign_key_violation(&e) {
                    Error::conflict(
                        "category_in_use",
                        "This category has FAQs; move or delete them first.",
                    )
                } else {
                    database_failure(e)
                }
            })?;
        Ok(deleted.rows_affected() > 0)
    }

    async fn create_faq(&self, store: StoreId, faq: &NewFaq, now: DateTime<Utc>) -> Result<Faq> {
        let mut conn = self.pool.acquire().await.db()?;
        insert_faq(&mut conn, store, faq, now).await
    }

    async fn faq(&self, store: StoreId, id: FaqId, visible_only: bool) -> Result<Option<Faq>> {
        sqlx::query(concat!(
            "SELECT ",
            faq_columns!(),
            " FROM faqs f WHERE f.store_id = $1 AND f.id = $2 AND (f.is_visible OR NOT $3)"
        ))
        .bind(store)
        .bind(id)
        .bind(visible_only)
        .try_map(|row: PgRow| faq_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .db()
    }

    async fn list_faqs(
        &self,
        store: StoreId,
        filter: &FaqFilter,
        page: PageRequest,
    ) -> Result<Page<Faq>> {
        macro_rules! filtered {
            () => {
                "f.store_id = $1 AND ($2::bigint IS NULL OR f.category_id = $2) \
                 AND (f.is_visible OR NOT $3)"
            };
        }
        let count: i64 =
            sqlx::query_scalar(concat!("SELECT COUNT(*) FROM faqs f WHERE ", filtered!()))
                .bind(store)
                .bind(filter.category_id)
                .bind(filter.visible_only)
                .fetch_one(&self.pool)
                .await
                .db()?;
        let items = sqlx::query(concat!(
            "SELECT ",
            faq_columns!(),
            " FROM faqs f JOIN faq_categories c ON c.id = f.category_id WHERE ",
            filtered!(),
            " ORDER BY c.position, c.id, f.position, f.id LIMIT $4 OFFSET $5"
        ))
        .bind(store)
        .bind(filter.category_id)
        .bind(filter.visible_only)
        .bind(page.limit())
        .bind(page.offset())
        .try_map(|row: PgRow| faq_from_row(&row))
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(Page {
            count,
            items,
            request: page,
        })
    }

    async fn update_faq(
        &self,
        store: StoreId,
        id: FaqId,
        changes: &FaqChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Faq>> {
        let (set_url, url) = match &changes.url_img {
            Some(url) => (true, url.clone()),
            None => (false, None),
        };
        let (set_we_mean, we_mean) = match &changes.we_mean {
            Some(text) => (true, text.clone()),
            None => (false, None),
        };
        sqlx::query(concat!(
            "UPDATE faqs AS f SET category_id = COALESCE($1, category_id), \
             ask = COALESCE($2, ask), answer = COALESCE($3, answer), \
             is_visible = COALESCE($4, is_visible), \
             url_img = CASE WHEN $5 THEN $6 ELSE url_img END, \
             we_mean = CASE WHEN $7 THEN $8 ELSE we_mean END, \
             position = COALESCE($9, position), updated_at = $10 \
             WHERE store_id = $11 AND id = $12 RETURNING ",
            faq_columns!()
        ))
        .bind(changes.category_id)
        .bind(&changes.ask)
        .bind(&changes.answer)
        .bind(changes.is_visible)
        .bind(set_url)
        .bind(url)
        .bind(set_we_mean)
        .bind(we_mean)
        .bind(changes.position)
        .bind(now)
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| faq_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .map_err(faq_error)
    }

    async fn delete_faq(&self, store: StoreId, id: FaqId) -> Result<bool> {
        let deleted = sqlx::query("DELETE FROM faqs WHERE store_id = $1 AND id = $2")
            .bind(store)
            .bind(id)
            .execute(&self.pool)
            .await
            .db()?;
        Ok(deleted.rows_affected() > 0)
    }

    async fn search_faqs(
        &self,
        store: StoreId,
        terms: &SearchTerms,
        visible_only: bool,
        limit: i64,
    ) -> Result<Vec<(Faq, f64)>> {
        sqlx::query(concat!(
            "SELECT ",
            faq_columns!(),
            ", ts_rank_cd(f.search, q)::float8 AS score \
             FROM faqs f, to_tsquery('pg_catalog.spanish'::regconfig, $1) AS q \
             WHERE f.search @@ q AND f.store_id = $2 AND (f.is_visible OR NOT $3) \
             ORDER BY score DESC, f.id LIMIT $4"
        ))
        .bind(tsquery(terms))
        .bind(store)
        .bind(visible_only)
        .bind(limit)
        .try_map(|row: PgRow| Ok((faq_from_row(&row)?, row.try_get::<f64, _>(8)?)))
        .fetch_all(&self.pool)
        .await
        .db()
    }

    async fn import_faqs(
        &self,
        store: StoreId,
        faqs: &[NewFaq],
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let mut tx = self.pool.begin().await.db()?;
        for faq in faqs {
            insert_faq(&mut tx, store, faq, now).await?;
        }
        tx.commit().await.db()?;
        Ok(faqs.len() as u64)
    }
}
