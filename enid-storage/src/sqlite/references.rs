//! Businesses, images and blob reference counts on SQLite. Every write runs on the one writer
//! connection in an IMMEDIATE transaction, so claims, deletions and main-image changes are
//! serialized; the partial unique index on `images (business_id) WHERE is_main = 1` is the
//! backstop for one main image per business.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use enid_core::pagination::{Page, PageRequest};
use enid_core::references::{
    BlobClaim, BlobInfo, Business, BusinessChanges, BusinessId, DEFAULT_BUSINESS_NAME,
    DEFAULT_BUSINESS_SLUG, Image, ImageChanges, ImageId, NewBusiness, NewImage, ReferenceStore,
    main_needs_business,
};
use enid_core::stores::StoreId;
use enid_core::{Error, Result};

use super::{Db, SqliteStorage, Ts};

const BUSINESS_COLUMNS: &str = "b.id, b.name, b.slug, b.description, \
     (SELECT COUNT(*) FROM images i WHERE i.business_id = b.id), b.created_at";
const IMAGE_COLUMNS: &str = "i.id, b.slug, i.title, i.description, i.is_main, i.sha256, \
     bl.content_type, bl.width, bl.height, bl.size_bytes, bl.derived_content_type, i.created_at";
const IMAGE_TABLES: &str = "images i LEFT JOIN businesses b ON b.id = i.business_id \
     JOIN blobs bl ON bl.sha256 = i.sha256";

fn business_from_row(row: &Row<'_>) -> rusqlite::Result<Business> {
    Ok(Business {
        id: row.get(0)?,
        name: row.get(1)?,
        slug: row.get(2)?,
        description: row.get(3)?,
        image_count: row.get(4)?,
        created_at: row.get::<_, Ts>(5)?.0,
    })
}

fn image_from_row(row: &Row<'_>) -> rusqlite::Result<Image> {
    Ok(Image {
        id: row.get(0)?,
        business: row.get(1)?,
        title: row.get(2)?,
        description: row.get(3)?,
        is_main: row.get(4)?,
        blob: BlobInfo {
            sha256: row.get(5)?,
            content_type: row.get(6)?,
            width: row.get(7)?,
            height: row.get(8)?,
            size_bytes: row.get(9)?,
            derived_content_type: row.get(10)?,
        },
        created_at: row.get::<_, Ts>(11)?.0,
    })
}

/// Gives a new default store its business; part of the transaction that creates the store.
pub(super) fn insert_default_business(
    tx: &Transaction<'_>,
    store: StoreId,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO businesses (store_id, name, slug, description, created_at, updated_at) \
         VALUES (?1, ?2, ?3, '', ?4, ?4) ON CONFLICT DO NOTHING",
        params![store, DEFAULT_BUSINESS_NAME, DEFAULT_BUSINESS_SLUG, Ts(now)],
    )
    .db()?;
    Ok(())
}

fn read_business(
    conn: &Connection,
    store: StoreId,
    slug: &str,
) -> rusqlite::Result<Option<Business>> {
    conn.prepare_cached(&format!(
        "SELECT {BUSINESS_COLUMNS} FROM businesses b WHERE b.store_id = ?1 AND b.slug = ?2"
    ))?
    .query_row(params![store, slug], business_from_row)
    .optional()
}

fn read_image(conn: &Connection, store: StoreId, id: ImageId) -> rusqlite::Result<Option<Image>> {
    conn.prepare_cached(&format!(
        "SELECT {IMAGE_COLUMNS} FROM {IMAGE_TABLES} WHERE i.store_id = ?1 AND i.id = ?2"
    ))?
    .query_row(params![store, id], image_from_row)
    .optional()
}

/// Drops `count` references to the blob; when none is left, marks it as being deleted and
/// returns `true`.
fn drop_references(
    tx: &Transaction<'_>,
    sha256: &str,
    count: i64,
    now: DateTime<Utc>,
) -> Result<bool> {
    tx.execute(
        "UPDATE blobs SET refs = MAX(refs - ?2, 0) WHERE sha256 = ?1",
        params![sha256, count],
    )
    .db()?;
    let marked = tx
        .execute(
            "UPDATE blobs SET deleting_since = ?2 \
             WHERE sha256 = ?1 AND refs = 0 AND deleting_since IS NULL",
            params![sha256, Ts(now)],
        )
        .db()?;
    Ok(marked == 1)
}

/// Clears the business's main image unless it is `keep`.
fn clear_main(tx: &Transaction<'_>, business: BusinessId, keep: Option<ImageId>) -> Result<()> {
    tx.execute(
        "UPDATE images SET is_main = 0 WHERE business_id = ?1 AND is_main = 1 AND id IS NOT ?2",
        params![business, keep],
    )
    .db()?;
    Ok(())
}

#[async_trait]
impl ReferenceStore for SqliteStorage {
    async fn create_business(
        &self,
        store: StoreId,
        business: &NewBusiness,
        now: DateTime<Utc>,
    ) -> Result<Business> {
        let business = business.clone();
        self.write(move |tx| {
            for attempt in 1.. {
                let slug = crate::numbered_slug(&business.slug, attempt);
                let inserted = tx
                    .execute(
                        "INSERT INTO businesses (store_id, name, slug, description, created_at, \
                         updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT DO NOTHING",
                        params![store, business.name, slug, business.description, Ts(now)],
                    )
                    .db()?;
                if inserted == 1 {
                    return read_business(tx, store, &slug)
                        .db()?
                        .ok_or_else(|| Error::internal("the new business is gone"));
                }
            }
            unreachable!("the slugs to try never run out")
        })
        .await
    }

    async fn business(&self, store: StoreId, slug: &str) -> Result<Option<Business>> {
        let slug = slug.to_owned();
        self.read(move |conn| read_business(conn, store, &slug))
            .await
    }

    async fn list_businesses(&self, store: StoreId, page: PageRequest) -> Result<Page<Business>> {
        self.read(move |conn| {
            let count = conn
                .prepare_cached("SELECT COUNT(*) FROM businesses WHERE store_id = ?1")?
                .query_row([store], |row| row.get(0))?;
            let items = conn
                .prepare_cached(&format!(
                    "SELECT {BUSINESS_COLUMNS} FROM businesses b WHERE b.store_id = ?1 \
                     ORDER BY b.slug LIMIT ?2 OFFSET ?3"
                ))?
                .query_map(
                    params![store, page.limit(), page.offset()],
                    business_from_row,
                )?
                .collect::<rusqlite::Result<_>>()?;
            Ok(Page {
                count,
                items,
                request: page,
            })
        })
        .await
    }

    async fn update_business(
        &self,
        store: StoreId,
        slug: &str,
        changes: &BusinessChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Business>> {
        let (slug, changes) = (slug.to_owned(), changes.clone());
        self.write(move |tx| {
            let updated = tx
                .execute(
                    "UPDATE businesses SET name = COALESCE(?3, name), \
                     description = COALESCE(?4, description), updated_at = ?5 \
                     WHERE store_id = ?1 AND slug = ?2",
                    params![store, slug, changes.name, changes.description, Ts(now)],
                )
                .db()?;
            if updated == 0 {
                return Ok(None);
            }
            read_business(tx, store, &slug).db()
        })
        .await
    }

    async fn delete_business(
        &self,
        store: StoreId,
        slug: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<String>>> {
        let slug = slug.to_owned();
        self.write(move |tx| {
            let Some(id) = tx
                .query_row(
                    "SELECT id FROM businesses WHERE store_id = ?1 AND slug = ?2",
                    params![store, slug],
                    |row| row.get::<_, BusinessId>(0),
                )
                .optional()
                .db()?
            else {
                return Ok(None);
            };
            let uses: Vec<(String, i64)> = tx
                .prepare(
                    "SELECT sha256, COUNT(*) FROM images WHERE business_id = ?1 GROUP BY sha256",
                )
                .db()?
                .query_map([id], |row| Ok((row.get(0)?, row.get(1)?)))
                .db()?
                .collect::<rusqlite::Result<_>>()
                .db()?;
            tx.execute("DELETE FROM images WHERE business_id = ?1", [id])
                .db()?;
            tx.execute("DELETE FROM businesses WHERE id = ?1", [id])
                .db()?;
            let mut doomed = Vec::new();
            for (sha256, count) in uses {
                if drop_references(tx, &sha256, count, now)? {
                    doomed.push(sha256);
                }
            }
            Ok(Some(doomed))
        })
        .await
    }

    async fn claim_blob(
        &self,
        sha256: &str,
        now: DateTime<Utc>,
        abandoned_before: DateTime<Utc>,
    ) -> Result<BlobClaim> {
        let sha256 = sha256.to_owned();
        self.write(move |tx| {
            // Taking over an abandoned deletion forgets the description: its files may be
            // partly gone, so the upload writes them again.
            let claimed = tx
                .query_row(
                    "INSERT INTO blobs (sha256, refs, claimed_at) VALUES (?1, 1, ?2) \
                     ON CONFLICT (sha256) DO UPDATE SET refs = refs + 1, \
                     claimed_at = excluded.claimed_at, \
                     content_type = CASE WHEN deleting_since IS NULL THEN content_type END, \
                     deleting_since = NULL \
                     WHERE deleting_since IS NULL OR deleting_since < ?3 \
                     RETURNING content_type, width, height, size_bytes, derived_content_type",
                    params![sha256, Ts(now), Ts(abandoned_before)],
                    |row| {
                        let content_type: Option<String> = row.get(0)?;
                        Ok(match content_type {
                            Some(content_type) => Some(BlobInfo {
                                sha256: sha256.clone(),
                                content_type,
                                width: row.get(1)?,
                                height: row.get(2)?,
                                size_bytes: row.get(3)?,
                                derived_content_type: row.get(4)?,
                            }),
                            None => None,
                        })
                    },
                )
                .optional()
                .db()?;
            Ok(match claimed {
                Some(known) => BlobClaim::Claimed(known),
                None => BlobClaim::Deleting,
            })
        })
        .await
    }

    async fn adopt_orphan_blob(&self, sha256: &str, now: DateTime<Utc>) -> Result<bool> {
        let sha256 = sha256.to_owned();
        self.write(move |tx| {
            let inserted = tx
                .execute(
                    "INSERT INTO blobs (sha256, refs, claimed_at, deleting_since) \
                     VALUES (?1, 0, ?2, ?2) ON CONFLICT DO NOTHING",
                    params![sha256, Ts(now)],
                )
                .db()?;
            Ok(inserted == 1)
        })
        .await
    }

    async fn release_blob(&self, sha256: &str, now: DateTime<Utc>) -> Result<bool> {
        let sha256 = sha256.to_owned();
        self.write(move |tx| drop_references(tx, &sha256, 1, now))
            .await
    }

    async fn finish_blob_deletion(&self, sha256: &str) -> Result<()> {
        let sha256 = sha256.to_owned();
        self.write(move |tx| {
            tx.execute(
                "DELETE FROM blobs WHERE sha256 = ?1 AND refs = 0 AND deleting_since IS NOT NULL",
                [sha256],
            )
            .db()?;
            Ok(())
        })
        .await
    }

    async fn create_image(
        &self,
        store: StoreId,
        image: &NewImage,
        now: DateTime<Utc>,
    ) -> Result<Image> {
        let image = image.clone();
        self.write(move |tx| {
            if let Some(business) = image.business_id {
                let known: bool = tx
                    .query_row(
                        "SELECT EXISTS (SELECT 1 FROM businesses WHERE store_id = ?1 AND id = ?2)",
                        params![store, business],
                        |row| row.get(0),
                    )
                    .db()?;
                if !known {
                    return Err(Error::invalid(
                        "business",
                        "No such business in this store.",
                    ));
                }
                if image.is_main {
                    clear_main(tx, business, None)?;
                }
            } else if image.is_main {
                return Err(main_needs_business());
            }
            let blob = &image.blob;
            let described = tx
                .execute(
                    "UPDATE blobs SET content_type = COALESCE(content_type, ?2), \
                     width = COALESCE(width, ?3), height = COALESCE(height, ?4), \
                     size_bytes = COALESCE(size_bytes, ?5), \
                     derived_content_type = COALESCE(derived_content_type, ?6) \
                     WHERE sha256 = ?1 AND refs > 0 AND deleting_since IS NULL",
                    params![
                        blob.sha256,
                        blob.content_type,
                        blob.width,
                        blob.height,
                        blob.size_bytes,
                        blob.derived_content_type
                    ],
                )
                .db()?;
            if described == 0 {
                return Err(Error::internal("an image was committed without its claim"));
            }
            let id: ImageId = tx
                .query_row(
                    "INSERT INTO images (store_id, business_id, title, description, is_main, \
                     sha256, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) \
                     RETURNING id",
                    params![
                        store,
                        image.business_id,
                        image.title,
                        image.description,
                        image.is_main,
                        blob.sha256,
                        Ts(now)
                    ],
                    |row| row.get(0),
                )
                .db()?;
            read_image(tx, store, id)
                .db()?
                .ok_or_else(|| Error::internal("the new image is gone"))
        })
        .await
    }

    async fn image(&self, store: StoreId, id: ImageId) -> Result<Option<Image>> {
        self.read(move |conn| read_image(conn, store, id)).await
    }

    async fn list_images(
        &self,
        store: StoreId,
        business: Option<BusinessId>,
        page: PageRequest,
    ) -> Result<Page<Image>> {
        self.read(move |conn| {
            let filter = match business {
                Some(_) => "i.business_id = ?2",
                None => "?2 IS NULL",
            };
            let count = conn
                .prepare_cached(&format!(
                    "SELECT COUNT(*) FROM images i WHERE i.store_id = ?1 AND {filter}"
                ))?
                .query_row(params![store, business], |row| row.get(0))?;
            let items = conn
                .prepare_cached(&format!(
                    "SELECT {IMAGE_COLUMNS} FROM {IMAGE_TABLES} WHERE i.store_id = ?1 \
                     AND {filter} ORDER BY i.is_main DESC, i.id LIMIT ?3 OFFSET ?4"
                ))?
                .query_map(
                    params![store, business, page.limit(), page.offset()],
                    image_from_row,
                )?
                .collect::<rusqlite::Result<_>>()?;
            Ok(Page {
                count,
                items,
                request: page,
            })
        })
        .await
    }

    async fn image_with_blob_exists(
        &self,
        store: StoreId,
        business: Option<BusinessId>,
        sha256: &str,
    ) -> Result<bool> {
        let sha256 = sha256.to_owned();
        self.read(move |conn| {
            conn.prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM images WHERE store_id = ?1 \
                 AND business_id IS ?2 AND sha256 = ?3)",
            )?
            .query_row(params![store, business, sha256], |row| row.get(0))
        })
        .await
    }

    async fn update_image(
        &self,
        store: StoreId,
        id: ImageId,
        changes: &ImageChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Image>> {
        let changes = changes.clone();
        self.write(move |tx| {
            let Some(business) = tx
                .query_row(
                    "SELECT business_id FROM images WHERE store_id = ?1 AND id = ?2",
                    params![store, id],
                    |row| row.get::<_, Option<BusinessId>>(0),
                )
                .optional()
                .db()?
            else {
                return Ok(None);
            };
            if changes.is_main == Some(true) {
                let business = business.ok_or_else(main_needs_business)?;
                clear_main(tx, business, Some(id))?;
            }
            tx.execute(
                "UPDATE images SET title = COALESCE(?3, title), \
                 description = COALESCE(?4, description), is_main = COALESCE(?5, is_main), \
                 updated_at = ?6 WHERE store_id = ?1 AND id = ?2",
                params![
                    store,
                    id,
                    changes.title,
                    changes.description,
                    changes.is_main,
                    Ts(now)
                ],
            )
            .db()?;
            read_image(tx, store, id).db()
        })
        .await
    }

    async fn delete_image(
        &self,
        store: StoreId,
        id: ImageId,
        now: DateTime<Utc>,
    ) -> Result<Option<(Option<String>, Option<String>)>> {
        self.write(move |tx| {
            let Some((business, sha256)) = tx
                .query_row(
                    "SELECT b.slug, i.sha256 FROM images i \
                     LEFT JOIN businesses b ON b.id = i.business_id \
                     WHERE i.store_id = ?1 AND i.id = ?2",
                    params![store, id],
                    |row| Ok((row.get::<_, Option<String>>(0)?, row.get::<_, String>(1)?)),
                )
                .optional()
                .db()?
            else {
                return Ok(None);
            };
            tx.execute("DELETE FROM images WHERE id = ?1", [id]).db()?;
            let doomed = drop_references(tx, &sha256, 1, now)?.then_some(sha256);
            Ok(Some((business, doomed)))
        })
        .await
    }

    async fn settle_blobs(
        &self,
        stale_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>> {
        self.write(move |tx| {
            let mut settled: Vec<String> = tx
                .prepare("SELECT sha256 FROM blobs WHERE deleting_since < ?1")
                .db()?
                .query_map([Ts(stale_before)], |row| row.get(0))
                .db()?
                .collect::<rusqlite::Result<_>>()
                .db()?;
            tx.execute(
                "UPDATE blobs SET refs = (SELECT COUNT(*) FROM images i \
                 WHERE i.sha256 = blobs.sha256) \
                 WHERE claimed_at < ?1 AND deleting_since IS NULL",
                [Ts(stale_before)],
            )
            .db()?;
            let marked: Vec<String> = tx
                .prepare(
                    "UPDATE blobs SET deleting_since = ?2 \
                     WHERE claimed_at < ?1 AND refs = 0 AND deleting_since IS NULL \
                     RETURNING sha256",
                )
                .db()?
                .query_map(params![Ts(stale_before), Ts(now)], |row| row.get(0))
                .db()?
                .collect::<rusqlite::Result<_>>()
                .db()?;
            settled.extend(marked);
            Ok(settled)
        })
        .await
    }

    async fn known_blobs(&self) -> Result<Vec<String>> {
        self.read(|conn| {
            conn.prepare("SELECT sha256 FROM blobs")?
                .query_map([], |row| row.get(0))?
                .collect()
        })
        .await
    }
}
