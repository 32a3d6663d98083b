//! FAQs and their categories on SQLite. The search index (`faq_terms`, see
//! [`enid_core::faqs::index_terms`]) is written in the transaction of each FAQ write.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use enid_core::faqs::{
    CategoryChanges, CategoryId, Faq, FaqCategory, FaqChanges, FaqFilter, FaqId, FaqStore,
    NewCategory, NewFaq, SearchTerms, candidates_per_term, idf, in_rank_order, index_terms,
    page_slices, rank, unknown_category,
};
use enid_core::pagination::{Page, PageRequest};
use enid_core::stores::StoreId;
use enid_core::{Error, Result};

use super::{
    Db, SqliteStorage, StoreRows, Ts, is_foreign_key_violation, is_unique_violation, move_to_place,
};

const CATEGORY_COLUMNS: &str = "id, name, slug, position";
/// The FAQs ordered together with FAQ `?2`: those of its category.
const FAQ_SIBLINGS: &str = "category_id = (SELECT category_id FROM faqs WHERE id = ?2)";
const FAQ_COLUMNS: &str =
    "f.id, f.category_id, f.ask, f.answer, f.is_visible, f.url_img, f.we_mean, f.position";

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

/// Writes a FAQ's rows of the search index and counts its words in the store's tallies.
fn index_faq(
    conn: &rusqlite::Connection,
    store: StoreId,
    id: FaqId,
    ask: &str,
    answer: &str,
    is_visible: bool,
) -> rusqlite::Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO faq_terms (faq_id, term, store_id, is_visible, impact) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut tally = conn.prepare_cached(
        "INSERT INTO faq_term_tallies (store_id, term, faqs) VALUES (?1, ?2, 1) \
         ON CONFLICT (store_id, term) DO UPDATE SET faqs = faqs + 1",
    )?;
    for indexed in index_terms(ask, answer) {
        insert.execute(params![id, indexed.term, store, is_visible, indexed.impact])?;
        tally.execute(params![store, indexed.term])?;
    }
    Ok(())
}

/// Removes a FAQ's rows from the search index and its words from the tallies.
fn unindex_faq(conn: &rusqlite::Connection, store: StoreId, id: FaqId) -> rusqlite::Result<()> {
    let terms = conn
        .prepare_cached("DELETE FROM faq_terms WHERE faq_id = ?1 AND store_id = ?2 RETURNING term")?
        .query_map(params![id, store], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut tally = conn.prepare_cached(
        "UPDATE faq_term_tallies SET faqs = faqs - 1 WHERE store_id = ?1 AND term = ?2",
    )?;
    for term in terms {
        tally.execute(params![store, term])?;
    }
    Ok(())
}

/// Indexes every FAQ: the second half of the migration that brought the index.
pub(super) fn index_every_faq(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    let mut faqs =
        conn.prepare("SELECT id, store_id, ask, answer, is_visible FROM faqs ORDER BY id")?;
    let mut rows = faqs.query([])?;
    while let Some(row) = rows.next()? {
        let ask: String = row.get(2)?;
        let answer: String = row.get(3)?;
        index_faq(conn, row.get(1)?, row.get(0)?, &ask, &answer, row.get(4)?)?;
    }
    Ok(())
}

/// One category's slice of a page of FAQs: ?1 the store, ?2 the category, ?3 how many, ?4 how
/// many to skip. Visitors' slices read `faqs_visible_order_idx`, where hidden FAQs sit apart.
fn slice_sql(visible_only: bool) -> String {
    let visible = if visible_only {
        "AND f.is_visible = 1 "
    } else {
        ""
    };
    format!(
        "SELECT {FAQ_COLUMNS} FROM faqs f WHERE f.store_id = ?1 {visible}AND f.category_id = ?2 \
         ORDER BY f.position, f.id LIMIT ?3 OFFSET ?4"
    )
}

/// The rows of one word's best FAQs: ?1 the store, ?2 the word, ?3 visible only, ?4 how many.
const BEST_FOR_TERM: &str = "SELECT faq_id, impact FROM faq_terms WHERE store_id = ?1 \
     AND term = ?2 AND (is_visible = 1 OR ?3 = 0) ORDER BY impact DESC, faq_id LIMIT ?4";

/// The best `limit` FAQs for the terms, with their scores; see [`enid_core::faqs::rank`].
fn search(
    conn: &rusqlite::Connection,
    store: StoreId,
    terms: &[String],
    visible_only: bool,
    limit: i64,
) -> rusqlite::Result<Vec<(Faq, f64)>> {
    let total: i64 = conn
        .prepare_cached("SELECT COALESCE(SUM(faqs), 0) FROM faq_tallies WHERE store_id = ?1")?
        .query_row([store], |row| row.get(0))?;
    let mut tally =
        conn.prepare_cached("SELECT faqs FROM faq_term_tallies WHERE store_id = ?1 AND term = ?2")?;
    let mut best = conn.prepare_cached(BEST_FOR_TERM)?;
    let mut idfs = Vec::with_capacity(terms.len());
    let mut impacts: Vec<(FaqId, usize, f64)> = Vec::new();
    for (index, term) in terms.iter().enumerate() {
        let with_term: Option<i64> = tally
            .query_row(params![store, term], |row| row.get(0))
            .optional()?;
        idfs.push(idf(total, with_term.unwrap_or(0)));
        let rows = best.query_map(
            params![store, term, visible_only, candidates_per_term(limit)],
            |row| Ok((row.get(0)?, index, row.get(1)?)),
        )?;
        for row in rows {
            impacts.push(row?);
        }
    }
    if terms.len() > 1 {
        // A candidate found through one word may hold the others too, below their best.
        let mut candidates: Vec<FaqId> = impacts.iter().map(|(faq, _, _)| *faq).collect();
        candidates.sort_unstable();
        candidates.dedup();
        impacts = conn
            .prepare_cached(
                "SELECT t.faq_id, q.key, t.impact FROM json_each(?2) q \
                 CROSS JOIN json_each(?1) c CROSS JOIN faq_terms t \
                 ON t.faq_id = c.value AND t.term = q.value",
            )?
            .query_map(params![json_array(&candidates), json_array(terms)], |row| {
                Ok((row.get(0)?, row.get::<_, i64>(1)? as usize, row.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    let ranked = rank(&idfs, impacts, limit);
    let ids: Vec<FaqId> = ranked.iter().map(|(faq, _)| *faq).collect();
    let faqs = conn
        .prepare_cached(&format!(
            "SELECT {FAQ_COLUMNS} FROM json_each(?1) c CROSS JOIN faqs f ON f.id = c.value \
             WHERE f.store_id = ?2 AND (f.is_visible = 1 OR ?3 = 0)"
        ))?
        .query_map(params![json_array(&ids), store, visible_only], faq_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(in_rank_order(ranked, faqs))
}

fn json_array<T: serde::Serialize>(values: &[T]) -> String {
    serde_json::to_string(values).expect("numbers and strings serialise")
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
    .and_then(|id| {
        index_faq(tx, store, id, &faq.ask, &faq.answer, faq.is_visible).db()?;
        Ok(id)
    })
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
            let updated = tx
                .query_row(
                    &format!(
                        "UPDATE faq_categories SET name = COALESCE(?1, name), \
                         slug = COALESCE(?2, slug), updated_at = ?3 \
                         WHERE store_id = ?4 AND id = ?5 RETURNING {CATEGORY_COLUMNS}"
                    ),
                    params![name, slug, Ts(now), store, id],
                    category_from_row,
                )
                .optional()
                .map_err(category_error)?;
            let Some(mut category) = updated else {
                return Ok(None);
            };
            if let Some(place) = changes.position {
                category.position = move_to_place(tx, "faq_categories", "TRUE", store, id, place)?;
            }
            Ok(Some(category))
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
            // The tallies give each category's count: the page is cut from the categories in
            // order and each slice read off an index in order, skipping by index entries only.
            let categories = conn
                .prepare_cached(
                    "SELECT c.id, COALESCE(SUM(t.faqs), 0) FROM faq_categories c \
                     LEFT JOIN faq_tallies t ON t.store_id = c.store_id AND t.category_id = c.id \
                     AND (t.is_visible = 1 OR ?3 = 0) \
                     WHERE c.store_id = ?1 AND (?2 IS NULL OR c.id = ?2) \
                     GROUP BY c.id ORDER BY c.position, c.id",
                )?
                .query_map(
                    params![store, filter.category_id, filter.visible_only],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )?
                .collect::<rusqlite::Result<Vec<(CategoryId, i64)>>>()?;
            let mut slice_query = conn.prepare_cached(&slice_sql(filter.visible_only))?;
            let mut items = Vec::new();
            for slice in page_slices(&categories, page) {
                let rows = slice_query.query_map(
                    params![store, slice.category_id, slice.limit, slice.offset],
                    faq_from_row,
                )?;
                for row in rows {
                    items.push(row?);
                }
            }
            Ok(Page {
                count: categories.iter().map(|(_, faqs)| faqs).sum(),
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
                     updated_at = ?9 WHERE store_id = ?10 AND id = ?11",
                    params![
                        changes.category_id,
                        changes.ask,
                        changes.answer,
                        changes.is_visible,
                        set_url,
                        url,
                        set_we_mean,
                        we_mean,
                        Ts(now),
                        store,
                        id
                    ],
                )
                .map_err(faq_error)?;
            if updated == 0 {
                return Ok(None);
            }
            if let Some(place) = changes.position {
                move_to_place(tx, "faqs", FAQ_SIBLINGS, store, id, place)?;
            }
            let faq = read_faq(tx, store, id).db()?;
            if changes.ask.is_some() || changes.answer.is_some() {
                unindex_faq(tx, store, id).db()?;
                index_faq(tx, store, id, &faq.ask, &faq.answer, faq.is_visible).db()?;
            } else if changes.is_visible.is_some() {
                tx.prepare_cached(
                    "UPDATE faq_terms SET is_visible = ?1 WHERE faq_id = ?2 AND store_id = ?3",
                )
                .db()?
                .execute(params![faq.is_visible, id, store])
                .db()?;
            }
            Ok(Some(faq))
        })
        .await
    }

    async fn delete_faq(&self, store: StoreId, id: FaqId) -> Result<bool> {
        self.write(move |tx| {
            unindex_faq(tx, store, id).db()?;
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
        let terms = terms.terms().to_vec();
        self.read(move |conn| search(conn, store, &terms, visible_only, limit))
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

    fn plan(conn: &rusqlite::Connection, sql: &str, params: impl rusqlite::Params) -> Vec<String> {
        conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(params, |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// FAQs written before the index existed are indexed by the migration that brings it.
    #[test]
    fn the_index_migration_indexes_the_faqs_that_exist() {
        let (before, _) = SQLITE.split_at(
            SQLITE
                .iter()
                .position(|m| m.name == crate::migrations::FAQ_SEARCH_INDEX)
                .unwrap(),
        );
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        super::super::apply_migrations(&mut conn, before).unwrap();
        conn.execute_batch(
            "INSERT INTO stores (id, name, slug, created_at, updated_at) VALUES \
             (7, 'Tienda', 'tienda', 'x', 'x'); \
             INSERT INTO faq_categories (id, store_id, name, slug, position, created_at, \
             updated_at) VALUES (1, 7, 'Ayuda', 'ayuda', 0, 'x', 'x'); \
             INSERT INTO faqs (id, store_id, category_id, ask, answer, is_visible, position, \
             created_at, updated_at) VALUES \
             (1, 7, 1, '¿Hacen envíos?', 'Sí, a todo el país.', 1, 0, 'x', 'x'), \
             (2, 7, 1, '¿Cuánto tarda un envío?', 'Dos días.', 0, 1, 'x', 'x');",
        )
        .unwrap();
        super::super::apply_migrations(&mut conn, SQLITE).unwrap();
        let found = search(&conn, 7, &["envio".to_owned()], false, 10).unwrap();
        assert_eq!(
            found.iter().map(|(faq, _)| faq.id).collect::<Vec<_>>(),
            [1, 2]
        );
        let visible = search(&conn, 7, &["envio".to_owned()], true, 10).unwrap();
        assert_eq!(visible.len(), 1);
        let tally: i64 = conn
            .query_row(
                "SELECT faqs FROM faq_term_tallies WHERE store_id = 7 AND term = 'envio'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(tally, 2);
    }

    /// A slice of a page skips through index entries in order, with no sort.
    #[test]
    fn a_slice_of_a_page_is_read_in_index_order() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for migration in SQLITE {
            conn.execute_batch(migration.sql).unwrap();
        }
        for (visible_only, index) in [
            (true, "SEARCH f USING INDEX faqs_visible_order_idx"),
            (false, "SEARCH f USING INDEX faqs_order_idx"),
        ] {
            let steps = plan(&conn, &slice_sql(visible_only), params![1, 2, 50, 5000]);
            assert_eq!(steps.len(), 1, "{steps:#?}");
            assert!(steps[0].starts_with(index), "{steps:#?}");
        }
    }

    /// A word's best FAQs come straight off the index, in its order: no sort, however many FAQs
    /// hold the word.
    #[test]
    fn a_words_best_faqs_are_read_in_index_order() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for migration in SQLITE {
            conn.execute_batch(migration.sql).unwrap();
        }
        let steps = plan(&conn, BEST_FOR_TERM, params![1, "pedido", true, 40]);
        assert_eq!(steps.len(), 1, "{steps:#?}");
        assert!(
            steps[0].starts_with("SEARCH faq_terms USING COVERING INDEX faq_terms_best_idx"),
            "{steps:#?}"
        );
    }
}
