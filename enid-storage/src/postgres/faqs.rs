//! FAQs and their categories on PostgreSQL. The search index (`faq_terms`, see
//! [`enid_core::faqs::index_terms`]) is written in the transaction of each FAQ write; a store's
//! FAQ writes take turns (an advisory lock), so writers of the same words never deadlock on
//! their tallies.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};

use enid_core::faqs::{
    CategoryChanges, CategoryId, Faq, FaqCategory, FaqChanges, FaqFilter, FaqId, FaqStore,
    NewCategory, NewFaq, SearchTerms, candidates_per_term, idf, in_rank_order, index_terms,
    page_slices, rank, unknown_category,
};
use enid_core::pagination::{Page, PageRequest};
use enid_core::stores::StoreId;
use enid_core::{Error, Result};

use super::{
    Db, PostgresStorage, database_failure, is_foreign_key_violation, is_unique_violation,
    move_to_place, store_page,
};

/// The FAQs ordered together with FAQ `$2`: those of its category.
const FAQ_SIBLINGS: &str = "category_id = (SELECT category_id FROM faqs WHERE id = $2)";

/// The first key of the advisory lock that makes a store's FAQ writes take turns ("Faqs").
const FAQ_WRITE_LOCK: i32 = 0x4661_7173;

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

/// Makes the store's FAQ writes take turns until the transaction ends.
async fn lock_faq_writes(conn: &mut PgConnection, store: StoreId) -> Result<()> {
    sqlx::query("SELECT pg_advisory_xact_lock($1, ($2 % 2147483647)::int)")
        .bind(FAQ_WRITE_LOCK)
        .bind(store)
        .execute(conn)
        .await
        .db()?;
    Ok(())
}

/// Writes the search index rows of FAQs (`(id, ask, answer, visible)`) and counts their words in
/// the store's tallies, in two statements whatever their number.
async fn index_faqs(
    conn: &mut PgConnection,
    store: StoreId,
    faqs: &[(FaqId, &str, &str, bool)],
) -> Result<()> {
    let mut ids = Vec::new();
    let mut terms = Vec::new();
    let mut visible = Vec::new();
    let mut impacts = Vec::new();
    let mut tallies: std::collections::BTreeMap<String, i64> = Default::default();
    for &(id, ask, answer, is_visible) in faqs {
        for indexed in index_terms(ask, answer) {
            *tallies.entry(indexed.term.clone()).or_default() += 1;
            ids.push(id);
            terms.push(indexed.term);
            visible.push(is_visible);
            impacts.push(indexed.impact);
        }
    }
    sqlx::query(
        "INSERT INTO faq_terms (faq_id, term, store_id, is_visible, impact) \
         SELECT u.faq_id, u.term, $1, u.is_visible, u.impact \
         FROM unnest($2::bigint[], $3::text[], $4::boolean[], $5::float8[]) \
         AS u (faq_id, term, is_visible, impact)",
    )
    .bind(store)
    .bind(&ids)
    .bind(&terms)
    .bind(&visible)
    .bind(&impacts)
    .execute(&mut *conn)
    .await
    .db()?;
    let (words, counts): (Vec<String>, Vec<i64>) = tallies.into_iter().unzip();
    sqlx::query(
        "INSERT INTO faq_term_tallies (store_id, term, faqs) \
         SELECT $1, u.term, u.faqs FROM unnest($2::text[], $3::bigint[]) AS u (term, faqs) \
         ON CONFLICT (store_id, term) DO UPDATE SET faqs = faq_term_tallies.faqs + EXCLUDED.faqs",
    )
    .bind(store)
    .bind(&words)
    .bind(&counts)
    .execute(conn)
    .await
    .db()?;
    Ok(())
}

/// Removes a FAQ's rows from the search index and its words from the tallies.
async fn unindex_faq(conn: &mut PgConnection, store: StoreId, id: FaqId) -> Result<()> {
    sqlx::query(
        "WITH gone AS (DELETE FROM faq_terms WHERE faq_id = $1 AND store_id = $2 RETURNING term) \
         UPDATE faq_term_tallies t SET faqs = t.faqs - 1 FROM gone \
         WHERE t.store_id = $2 AND t.term = gone.term",
    )
    .bind(id)
    .bind(store)
    .execute(conn)
    .await
    .db()?;
    Ok(())
}

/// Indexes every FAQ: the second half of the migration that brought the index.
pub(super) async fn index_every_faq(conn: &mut PgConnection) -> Result<()> {
    let faqs: Vec<(StoreId, FaqId, String, String, bool)> = sqlx::query_as(
        "SELECT store_id, id, ask, answer, is_visible FROM faqs ORDER BY store_id, id",
    )
    .fetch_all(&mut *conn)
    .await
    .db()?;
    for store_faqs in faqs.chunk_by(|a, b| a.0 == b.0) {
        for chunk in store_faqs.chunks(1000) {
            let rows: Vec<_> = chunk
                .iter()
                .map(|(_, id, ask, answer, visible)| (*id, ask.as_str(), answer.as_str(), *visible))
                .collect();
            index_faqs(conn, chunk[0].0, &rows).await?;
        }
    }
    Ok(())
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
        let mut tx = self.pool.begin().await.db()?;
        if changes.position.is_some() {
            // Moves take turns, each numbering the categories from the order it sees.
            lock_faq_writes(&mut tx, store).await?;
        }
        let updated = sqlx::query(concat!(
            "UPDATE faq_categories SET name = COALESCE($1, name), slug = COALESCE($2, slug), \
             updated_at = $3 WHERE store_id = $4 AND id = $5 RETURNING ",
            category_columns!()
        ))
        .bind(name)
        .bind(slug)
        .bind(now)
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| category_from_row(&row))
        .fetch_optional(&mut *tx)
        .await
        .map_err(category_error)?;
        let Some(mut category) = updated else {
            return Ok(None);
        };
        if let Some(place) = changes.position {
            category.position =
                move_to_place(&mut tx, "faq_categories", "TRUE", store, id, place).await?;
        }
        tx.commit().await.db()?;
        Ok(Some(category))
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
        let mut tx = self.pool.begin().await.db()?;
        lock_faq_writes(&mut tx, store).await?;
        let created = insert_faq(&mut tx, store, faq, now).await?;
        index_faqs(
            &mut tx,
            store,
            &[(
                created.id,
                &created.ask,
                &created.answer,
                created.is_visible,
            )],
        )
        .await?;
        tx.commit().await.db()?;
        Ok(created)
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
        // The tallies give each category's count: the page is cut from the categories in order
        // and each slice read through `faqs_order_idx`, without sorting the store's FAQs.
        let categories: Vec<(CategoryId, i64)> = sqlx::query_as(
            "SELECT c.id, COALESCE(SUM(t.faqs), 0)::bigint FROM faq_categories c \
             LEFT JOIN faq_tallies t ON t.store_id = c.store_id AND t.category_id = c.id \
             AND (t.is_visible OR NOT $3) \
             WHERE c.store_id = $1 AND ($2::bigint IS NULL OR c.id = $2) \
             GROUP BY c.id ORDER BY c.position, c.id",
        )
        .bind(store)
        .bind(filter.category_id)
        .bind(filter.visible_only)
        .fetch_all(&self.pool)
        .await
        .db()?;
        let mut items = Vec::new();
        for slice in page_slices(&categories, page) {
            // Visitors' slices read `faqs_visible_order_idx`, where hidden FAQs sit apart.
            let query = if filter.visible_only {
                sqlx::query(concat!(
                    "SELECT ",
                    faq_columns!(),
                    " FROM faqs f WHERE f.store_id = $1 AND f.is_visible AND f.category_id = $2 \
                     ORDER BY f.position, f.id LIMIT $3 OFFSET $4"
                ))
            } else {
                sqlx::query(concat!(
                    "SELECT ",
                    faq_columns!(),
                    " FROM faqs f WHERE f.store_id = $1 AND f.category_id = $2 \
                     ORDER BY f.position, f.id LIMIT $3 OFFSET $4"
                ))
            };
            let rows = query
                .bind(store)
                .bind(slice.category_id)
                .bind(slice.limit)
                .bind(slice.offset)
                .try_map(|row: PgRow| faq_from_row(&row))
                .fetch_all(&self.pool)
                .await
                .db()?;
            items.extend(rows);
        }
        Ok(Page {
            count: categories.iter().map(|(_, faqs)| faqs).sum(),
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
        let mut tx = self.pool.begin().await.db()?;
        lock_faq_writes(&mut tx, store).await?;
        let updated = sqlx::query(concat!(
            "UPDATE faqs AS f SET category_id = COALESCE($1, category_id), \
             ask = COALESCE($2, ask), answer = COALESCE($3, answer), \
             is_visible = COALESCE($4, is_visible), \
             url_img = CASE WHEN $5 THEN $6 ELSE url_img END, \
             we_mean = CASE WHEN $7 THEN $8 ELSE we_mean END, \
             updated_at = $9 WHERE store_id = $10 AND id = $11 RETURNING ",
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
        .bind(now)
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| faq_from_row(&row))
        .fetch_optional(&mut *tx)
        .await
        .map_err(faq_error)?;
        let Some(mut faq) = updated else {
            return Ok(None);
        };
        if let Some(place) = changes.position {
            faq.position = move_to_place(&mut tx, "faqs", FAQ_SIBLINGS, store, id, place).await?;
        }
        if changes.ask.is_some() || changes.answer.is_some() {
            unindex_faq(&mut tx, store, id).await?;
            index_faqs(
                &mut tx,
                store,
                &[(id, &faq.ask, &faq.answer, faq.is_visible)],
            )
            .await?;
        } else if changes.is_visible.is_some() {
            sqlx::query("UPDATE faq_terms SET is_visible = $1 WHERE faq_id = $2 AND store_id = $3")
                .bind(faq.is_visible)
                .bind(id)
                .bind(store)
                .execute(&mut *tx)
                .await
                .db()?;
        }
        tx.commit().await.db()?;
        Ok(Some(faq))
    }

    async fn delete_faq(&self, store: StoreId, id: FaqId) -> Result<bool> {
        let mut tx = self.pool.begin().await.db()?;
        lock_faq_writes(&mut tx, store).await?;
        unindex_faq(&mut tx, store, id).await?;
        let deleted = sqlx::query("DELETE FROM faqs WHERE store_id = $1 AND id = $2")
            .bind(store)
            .bind(id)
            .execute(&mut *tx)
            .await
            .db()?;
        tx.commit().await.db()?;
        Ok(deleted.rows_affected() > 0)
    }

    async fn search_faqs(
        &self,
        store: StoreId,
        terms: &SearchTerms,
        visible_only: bool,
        limit: i64,
    ) -> Result<Vec<(Faq, f64)>> {
        let terms = terms.terms();
        // One connection for the search's two or three statements: no pool round per statement.
        let mut conn = self.pool.acquire().await.db()?;
        // In one trip: each word's best FAQs off `faq_terms_best_idx`, with the tallies for its
        // idf (a word no FAQ holds has no rows, and no idf is needed for it).
        let best: Vec<(i64, i64, i64, FaqId, f64)> = sqlx::query_as(
            "SELECT q.i - 1, COALESCE(t.faqs, 0), (SELECT COALESCE(SUM(faqs), 0)::bigint \
             FROM faq_tallies WHERE store_id = $1), b.faq_id, b.impact \
             FROM unnest($2::text[]) WITH ORDINALITY AS q (term, i) \
             LEFT JOIN faq_term_tallies t ON t.store_id = $1 AND t.term = q.term \
             CROSS JOIN LATERAL (SELECT faq_id, impact FROM faq_terms \
             WHERE store_id = $1 AND term = q.term AND (is_visible OR NOT $3) \
             ORDER BY impact DESC, faq_id LIMIT $4) b",
        )
        .bind(store)
        .bind(terms)
        .bind(visible_only)
        .bind(candidates_per_term(limit))
        .fetch_all(&mut *conn)
        .await
        .db()?;
        let mut idfs = vec![0.0; terms.len()];
        for &(term, with_term, total, _, _) in &best {
            idfs[term as usize] = idf(total, with_term);
        }
        let mut impacts: Vec<(FaqId, usize, f64)> = best
            .into_iter()
            .map(|(term, _, _, faq, impact)| (faq, term as usize, impact))
            .collect();
        if terms.len() > 1 {
            // A candidate found through one word may hold the others too, below their best.
            let mut candidates: Vec<FaqId> = impacts.iter().map(|(faq, _, _)| *faq).collect();
            candidates.sort_unstable();
            candidates.dedup();
            let all: Vec<(FaqId, i64, f64)> = sqlx::query_as(
                "SELECT t.faq_id, q.i - 1, t.impact FROM unnest($2::text[]) WITH ORDINALITY \
                 AS q (term, i) JOIN faq_terms t ON t.term = q.term \
                 WHERE t.faq_id = ANY($1) AND t.store_id = $3",
            )
            .bind(&candidates)
            .bind(terms)
            .bind(store)
            .fetch_all(&mut *conn)
            .await
            .db()?;
            impacts = all
                .into_iter()
                .map(|(faq, term, impact)| (faq, term as usize, impact))
                .collect();
        }
        let ranked = rank(&idfs, impacts, limit);
        let ids: Vec<FaqId> = ranked.iter().map(|(faq, _)| *faq).collect();
        let faqs = sqlx::query(concat!(
            "SELECT ",
            faq_columns!(),
            " FROM faqs f WHERE f.id = ANY($1) AND f.store_id = $2 AND (f.is_visible OR NOT $3)"
        ))
        .bind(&ids)
        .bind(store)
        .bind(visible_only)
        .try_map(|row: PgRow| faq_from_row(&row))
        .fetch_all(&mut *conn)
        .await
        .db()?;
        Ok(in_rank_order(ranked, faqs))
    }

    async fn import_faqs(
        &self,
        store: StoreId,
        faqs: &[NewFaq],
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let mut tx = self.pool.begin().await.db()?;
        lock_faq_writes(&mut tx, store).await?;
        let mut created = Vec::with_capacity(faqs.len());
        for faq in faqs {
            created.push(insert_faq(&mut tx, store, faq, now).await?);
        }
        let rows: Vec<_> = created
            .iter()
            .map(|faq| {
                (
                    faq.id,
                    faq.ask.as_str(),
                    faq.answer.as_str(),
                    faq.is_visible,
                )
            })
            .collect();
        index_faqs(&mut tx, store, &rows).await?;
        tx.commit().await.db()?;
        Ok(faqs.len() as u64)
    }
}
