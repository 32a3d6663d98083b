//! FAQs and their categories on SQLite. The FTS5 index `faqs_search` follows the table through
//! triggers, so it changes in the transaction of each write; search ranks with bm25, the question
//! weighing ten times the answer.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use enid_core::faqs::{
    CategoryChanges, CategoryId, Faq, FaqCategory, FaqChanges, FaqFilter, FaqId, FaqStore,
    NewCategory, NewFaq, SearchTerms, unknown_category,
};
use enid_core::pagination::{Page, PageRequest};
use enid_core::stores::StoreId;
use enid_core::{Error, Result};

use super::{Db, SqliteStorage, StoreRows, Ts, is_foreign_key_violation, is_unique_violation};

const CATEGORY_COLUMNS: &str = "id, name, slug, position";
const FAQ_COLUMNS: &str =
    "f.id, f.category_id, f.ask, f.answer, f.is_visible, f.url_img, f.we_mean, f.position";
/// The question's weight in bm25 against the answer's 1.
const ASK_WEIGHT: f64 = 10.0;

fn category_from_row(row: &Row<'_>) -> rusqlite::Result<FaqCategory> {
    Ok(FaqCategory {
        id: row.get(0)?,
        name: row.get(1)?,
        slug: row.get(2)?,
        position: row.get(3)?,
    })
}

fn faq_from_row(row: &Row<'_>) -> rusqlite::Result<Faq> {
    Ok(Faq {
        id: row.get(0)?,
        category_id: row.get(1)?,
        ask: row.get(2)?,
        answer: row.get(3)?,
        is_visible: row.get(4)?,
        url_img: row.get(5)?,
        we_mean: row.get(6)?,
        position: row.get(7)?,
    })
}

fn slug_taken() -> Error {
    Error::conflict(
        "category_slug_taken",
        "This store already has a FAQ category with this name (slug).",
    )
}

fn category_error(e: rusqlite::Error) -> Error {
    if is_unique_violation(&e) {
        slug_taken()
    } else {
        Error::internal(e)
    }
}

fn faq_error(e: rusqlite::Error) -> Error {
    if is_foreign_key_violation(&e) {
        unknown_category()
    } else {
        Error::internal(e)
    }
}

/// `"term"*` joined by OR: any term, each as a prefix. Terms are alphanumeric.
fn match_expression(terms: &SearchTerms) -> String {
    terms
        .terms()
        .iter()
        .map(|term| format!("\"{term}\"*"))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// The search: ?1 the question's weight, ?2 the match expression, ?3 the store, ?4 visible only,
/// ?5 the limit. `CROSS JOIN` keeps the full-text index the outer loop: left to itself, SQLite
/// may walk the store's FAQs and run the whole full-text query again for each of them, which
/// never ends on a large store.
fn search_sql() -> String {
    format!(
        "SELECT {FAQ_COLUMNS}, -bm25(faqs_search, ?1, 1.0) AS score \
         FROM faqs_search CROSS JOIN faqs f ON f.id = faqs_search.rowid \
         WHERE faqs_search MATCH ?2 AND f.store_id = ?3 AND (f.is_visible = 1 OR ?4 = 0) \
         ORDER BY bm25(faqs_search, ?1, 1.0), f.id LIMIT ?5"
    )
}

fn insert_faq(
    tx: &rusqlite::Transaction<'_>,
    store: StoreId,
    faq: &NewFaq,
    now: DateTime<Utc>,
) -> Result<FaqId> {
    tx.prepare_cached(
        "INSERT INTO faqs (store_id, category_id, ask, answer, is_visible, url_img, we_mean, \
         position, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, \
         COALESCE(?8, (SELECT COALESCE(MAX(position) + 1, 0) FROM faqs \
         WHERE store_id = ?1 AND category_id = ?2)), ?9, ?9) RETURNING id",
    )
    .db()?
    .query_row(
        params![
            store,
            faq.category_id,
            faq.ask,
            faq.answer,
            faq.is_visible,
            faq.url_img,
            faq.we_mean,
            faq.position,
            Ts(now)
        ],
        |row| row.get(0),
    )
    .map_err(faq_error)
}

fn read_faq(conn: &rusqlite::Connection, store: StoreId, id: FaqId) -> rusqlite::Result<Faq> {
    conn.prepare_cached(&format!(
        "SELECT {FAQ_COLUMNS} FROM faqs f WHERE f.store_id = ?1 AND f.id = ?2"
    ))?
    .query_row(params![store, id], faq_from_row)
}

#[async_trait]
impl FaqStore for SqliteStorage {
    async fn create_category(
        &self,
        store: StoreId,
        category: &NewCategory,
        now: DateTime<Utc>,
    ) -> Result<FaqCategory> {
        let category = category.clone();
        self.write(move |tx| {
            tx.query_row(
                &format!(
                    "INSERT INTO faq_categories (store_id, name, slug, position, created_at, \
                     updated_at) VALUES (?1, ?2, ?3, COALESCE(?4, (SELECT COALESCE(MAX(position) \
                     + 1, 0) FROM faq_categories WHERE store_id = ?1)), ?5, ?5) \
                     RETURNING {CATEGORY_COLUMNS}"
                ),
                params![
                    store,
                    category.name,
                    category.slug,
                    category.position,
                    Ts(now)
                ],
                category_from_row,
            )
            .map_err(category_error)
        })
        .await
    }

    async fn category(&self, store: StoreId, id: CategoryId) -> Result<Option<FaqCategory>> {
        self.read(move |conn| {
            conn.prepare_cached(&format!(
                "SELECT {CATEGORY_COLUMNS} FROM faq_categories WHERE store_id = ?1 AND id = ?2"
            ))?
            .query_row(params![store, id], category_from_row)
            .optional()
        })
        .await
    }

    async fn list_categories(
        &self,
        store: StoreId,
        page: PageRequest,
    ) -> Result<Page<FaqCategory>> {
        self.read(move |conn| {
            StoreRows::new(store).page(
                conn,
                "faq_categories",
                CATEGORY_COLUMNS,
                "position, id",
                page,
                category_from_row,
            )
        })
        .await
    }

    async fn update_category(
        &self,
        store: StoreId,
        id: CategoryId,
        changes: &CategoryChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<FaqCategory>> {
        let changes = changes.clone();
        self.write(move |tx| {
            let (name, slug) = changes.name.unzip();
            tx.query_row(
                &format!(
                    "UPDATE faq_categories SET name = COALESCE(?1, name), slug = COALESCE(?2, slug), \
                     position = COALESCE(?3, position), updated_at = ?4 \
                     WHERE store_id = ?5 AND id = ?6 RETURNING {CATEGORY_COLUMNS}"
                ),
                params![name, slug, changes.position, Ts(now), store, id],
                category_from_row,
            )
            .optional()
            .map_err(category_error)
        })
        .await
    }

    async fn delete_category(&self, store: StoreId, id: CategoryId) -> Result<bool> {
        self.write(move |tx| {
            let used: bool = tx
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM faqs WHERE store_id = ?1 AND category_id = ?2)",
                    params![store, id],
                    |row| row.get(0),
                )
                .db()?;
            if used {
                return Err(Error::conflict(
                    "category_in_use",
                    "This category has FAQs; move or delete them first.",
                ));
            }
            let deleted = tx
                .execute(
                    "DELETE FROM faq_categories WHERE store_id = ?1 AND id = ?2",
                    params![store, id],
                )
                .db()?;
            Ok(deleted > 0)
        })
        .await
    }

    async fn create_faq(&self, store: StoreId, faq: &NewFaq, now: DateTime<Utc>) -> Result<Faq> {
        let faq = faq.clone();
        self.write(move |tx| {
            let id = insert_faq(tx, store, &faq, now)?;
            read_faq(tx, store, id).db()
        })
        .await
    }

    async fn faq(&self, store: StoreId, id: FaqId, visible_only: bool) -> Result<Option<Faq>> {
        self.read(move |conn| {
            conn.prepare_cached(&format!(
                "SELECT {FAQ_COLUMNS} FROM faqs f WHERE f.store_id = ?1 AND f.id = ?2 \
                 AND (f.is_visible = 1 OR ?3 = 0)"
            ))?
            .query_row(params![store, id, visible_only], faq_from_row)
            .optional()
        })
        .await
    }

    async fn list_faqs(
        &self,
        store: StoreId,
        filter: &FaqFilter,
        page: PageRequest,
    ) -> Result<Page<Faq>> {
        let filter = *filter;
        self.read(move |conn| {
            // The tallies hold the count; categories in order, then each one's FAQs through
            // `faqs_order_idx`, read the page in order without sorting the store's FAQs.
            let count = conn
                .prepare_cached(
                    "SELECT COALESCE(SUM(faqs), 0) FROM faq_tallies WHERE store_id = ?1 \
                     AND (?2 IS NULL OR category_id = ?2) AND (is_visible = 1 OR ?3 = 0)",
                )?
                .query_row(
                    params![store, filter.category_id, filter.visible_only],
                    |row| row.get(0),
                )?;
            let items = conn
                .prepare_cached(&format!(
                    "SELECT {FAQ_COLUMNS} FROM faq_categories c CROSS JOIN faqs f \
                     ON f.store_id = c.store_id AND f.category_id = c.id \
                     WHERE c.store_id = ?1 AND (?2 IS NULL OR c.id = ?2) \
                     AND (f.is_visible = 1 OR ?3 = 0) \
                     ORDER BY c.position, c.id, f.position, f.id LIMIT ?4 OFFSET ?5"
                ))?
                .query_map(
                    params![
                        store,
                        filter.category_id,
                        filter.visible_only,
                        page.limit(),
                        page.offset()
                    ],
                    faq_from_row,
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

    async fn update_faq(
        &self,
        store: StoreId,
        id: FaqId,
        changes: &FaqChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Faq>> {
        let changes = changes.clone();
        self.write(move |tx| {
            let (set_url, url) = match changes.url_img {
                Some(url) => (true, url),
                None => (false, None),
            };
            let (set_we_mean, we_mean) = match changes.we_mean {
                Some(text) => (true, text),
                None => (false, None),
            };
            let updated = tx
                .execute(
                    "UPDATE faqs SET category_id = COALESCE(?1, category_id), \
                     ask = COALESCE(?2, ask), answer = COALESCE(?3, answer), \
                     is_visible = COALESCE(?4, is_visible), \
                     url_img = CASE WHEN ?5 THEN ?6 ELSE url_img END, \
                     we_mean = CASE WHEN ?7 THEN ?8 ELSE we_mean END, \
                     position = COALESCE(?9, position), updated_at = ?10 \
                     WHERE store_id = ?11 AND id = ?12",
                    params![
                        changes.category_id,
                        changes.ask,
                        changes.answer,
                        changes.is_visible,
                        set_url,
                        url,
                        set_we_mean,
                        we_mean,
                        changes.position,
                        Ts(now),
                        store,
                        id
                    ],
                )
                .map_err(faq_error)?;
            if updated == 0 {
                return Ok(None);
            }
            read_faq(tx, store, id).db().map(Some)
        })
        .await
    }

    async fn delete_faq(&self, store: StoreId, id: FaqId) -> Result<bool> {
        self.write(move |tx| {
            let deleted = tx
                .execute(
                    "DELETE FROM faqs WHERE store_id = ?1 AND id = ?2",
                    params![store, id],
                )
                .db()?;
            Ok(deleted > 0)
        })
        .await
    }

    async fn search_faqs(
        &self,
        store: StoreId,
        terms: &SearchTerms,
        visible_only: bool,
        limit: i64,
    ) -> Result<Vec<(Faq, f64)>> {
        let expression = match_expression(terms);
        self.read(move |conn| {
            conn.prepare_cached(&search_sql())?
                .query_map(
                    params![ASK_WEIGHT, expression, store, visible_only, limit],
                    |row| Ok((faq_from_row(row)?, row.get::<_, f64>(8)?)),
                )?
                .collect()
        })
        .await
    }

    async fn import_faqs(
        &self,
        store: StoreId,
        faqs: &[NewFaq],
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let faqs = faqs.to_vec();
        self.write(move |tx| {
            for faq in &faqs {
                insert_faq(tx, store, faq, now)?;
            }
            Ok(faqs.len() as u64)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrations::SQLITE;

    /// The full-text index drives the search, whatever the store holds.
    #[test]
    fn the_search_reads_the_full_text_index_first() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for migration in SQLITE {
            conn.execute_batch(migration.sql).unwrap();
        }
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", search_sql()))
            .unwrap()
            .query_map(params![ASK_WEIGHT, "\"pedido\"*", 1, true, 10], |row| {
                row.get::<_, String>(3)
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan[0].starts_with("SCAN faqs_search VIRTUAL TABLE"),
            "{plan:#?}"
        );
        assert!(
            plan[1].starts_with("SEARCH f USING INTEGER PRIMARY KEY"),
            "{plan:#?}"
        );
    }
}
