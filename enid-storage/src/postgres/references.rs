//! Businesses, images and blob reference counts on PostgreSQL. A blob's row is the lock of its
//! protocol: claims, releases and deletions update that one row, so racing transactions take
//! turns on it and each sees the count the other left. Main-image changes lock their business
//! row first; the partial unique index on `images (business_id) WHERE is_main` is the backstop.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgExecutor, Row};

use enid_core::pagination::{Page, PageRequest};
use enid_core::references::{
    BlobClaim, BlobInfo, Business, BusinessChanges, BusinessId, DEFAULT_BUSINESS_NAME,
    DEFAULT_BUSINESS_SLUG, Image, ImageChanges, ImageId, NewBusiness, NewImage, ReferenceStore,
    main_needs_business,
};
use enid_core::stores::StoreId;
use enid_core::{Error, Result};

use super::{Db, PostgresStorage, database_failure, is_foreign_key_violation};

/// A macro so that queries stay `&'static str` (`concat!`).
macro_rules! business_columns {
    () => {
        "b.id, b.name, b.slug, b.description, \
         (SELECT COUNT(*) FROM images i WHERE i.business_id = b.id), b.created_at"
    };
}

macro_rules! image_select {
    () => {
        "SELECT i.id, b.slug, i.title, i.description, i.is_main, i.sha256, bl.content_type, \
         bl.width, bl.height, bl.size_bytes, bl.derived_content_type, i.created_at \
         FROM images i LEFT JOIN businesses b ON b.id = i.business_id \
         JOIN blobs bl ON bl.sha256 = i.sha256 "
    };
}

fn business_from_row(row: &PgRow) -> sqlx::Result<Business> {
    Ok(Business {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        slug: row.try_get(2)?,
        description: row.try_get(3)?,
        image_count: row.try_get(4)?,
        created_at: row.try_get(5)?,
    })
}

fn image_from_row(row: &PgRow) -> sqlx::Result<Image> {
    Ok(Image {
        id: row.try_get(0)?,
        business: row.try_get(1)?,
        title: row.try_get(2)?,
        description: row.try_get(3)?,
        is_main: row.try_get(4)?,
        blob: BlobInfo {
            sha256: row.try_get(5)?,
            content_type: row.try_get(6)?,
            width: row.try_get(7)?,
            height: row.try_get(8)?,
            size_bytes: row.try_get(9)?,
            derived_content_type: row.try_get(10)?,
        },
        created_at: row.try_get(11)?,
    })
}

/// Gives a new default store its business; part of the transaction that creates the store.
pub(super) async fn insert_default_business(
    conn: &mut PgConnection,
    store: StoreId,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO businesses (store_id, name, slug, description, created_at, updated_at) \
         VALUES ($1, $2, $3, '', $4, $4) ON CONFLICT DO NOTHING",
    )
    .bind(store)
    .bind(DEFAULT_BUSINESS_NAME)
    .bind(DEFAULT_BUSINESS_SLUG)
    .bind(now)
    .execute(conn)
    .await
    .db()?;
    Ok(())
}

async fn read_business(
    conn: impl PgExecutor<'_>,
    store: StoreId,
    slug: &str,
) -> Result<Option<Business>> {
    sqlx::query(concat!(
        "SELECT ",
        business_columns!(),
        " FROM businesses b WHERE b.store_id = $1 AND b.slug = $2"
    ))
    .bind(store)
    .bind(slug)
    .try_map(|row: PgRow| business_from_row(&row))
    .fetch_optional(conn)
    .await
    .db()
}

async fn read_image(
    conn: impl PgExecutor<'_>,
    store: StoreId,
    id: ImageId,
) -> Result<Option<Image>> {
    sqlx::query(concat!(
        image_select!(),
        "WHERE i.store_id = $1 AND i.id = $2"
    ))
    .bind(store)
    .bind(id)
    .try_map(|row: PgRow| image_from_row(&row))
    .fetch_optional(conn)
    .await
    .db()
}

/// Drops `count` references to the blob; when none is left, marks it as being deleted and
/// returns `true`. The first update locks the row until commit.
async fn drop_references(
    conn: &mut PgConnection,
    sha256: &str,
    count: i64,
    now: DateTime<Utc>,
) -> Result<bool> {
    sqlx::query("UPDATE blobs SET refs = GREATEST(refs - $2, 0) WHERE sha256 = $1")
        .bind(sha256)
        .bind(count)
        .execute(&mut *conn)
        .await
        .db()?;
    let marked = sqlx::query(
        "UPDATE blobs SET deleting_since = $2 \
         WHERE sha256 = $1 AND refs = 0 AND deleting_since IS NULL",
    )
    .bind(sha256)
    .bind(now)
    .execute(conn)
    .await
    .db()?
    .rows_affected();
    Ok(marked == 1)
}

/// Locks the business row for a main-image change (`NO KEY`: images may still reference it).
async fn lock_business(conn: &mut PgConnection, business: BusinessId) -> Result<()> {
    sqlx::query("SELECT 1 FROM businesses WHERE id = $1 FOR NO KEY UPDATE")
        .bind(business)
        .execute(conn)
        .await
        .db()?;
    Ok(())
}

/// Clears the business's main image unless it is `keep`.
async fn clear_main(
    conn: &mut PgConnection,
    business: BusinessId,
    keep: Option<ImageId>,
) -> Result<()> {
    sqlx::query(
        "UPDATE images SET is_main = false \
         WHERE business_id = $1 AND is_main AND id IS DISTINCT FROM $2",
    )
    .bind(business)
    .bind(keep)
    .execute(conn)
    .await
    .db()?;
    Ok(())
}

fn unknown_business() -> Error {
    Error::invalid("business", "No such business in this store.")
}

#[async_trait]
impl ReferenceStore for PostgresStorage {
    async fn create_business(
        &self,
        store: StoreId,
        business: &NewBusiness,
        now: DateTime<Utc>,
    ) -> Result<Business> {
        let mut tx = self.pool.begin().await.db()?;
        for attempt in 1.. {
            let slug = crate::numbered_slug(&business.slug, attempt);
            let inserted = sqlx::query(
                "INSERT INTO businesses (store_id, name, slug, description, created_at, \
                 updated_at) VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT DO NOTHING",
            )
            .bind(store)
            .bind(&business.name)
            .bind(&slug)
            .bind(&business.description)
            .bind(now)
            .execute(&mut *tx)
            .await
            .db()?
            .rows_affected();
            if inserted == 1 {
                let created = read_business(&mut *tx, store, &slug)
                    .await?
                    .ok_or_else(|| Error::internal("the new business is gone"))?;
                tx.commit().await.db()?;
                return Ok(created);
            }
        }
        unreachable!("the slugs to try never run out")
    }

    async fn business(&self, store: StoreId, slug: &str) -> Result<Option<Business>> {
        read_business(&self.pool, store, slug).await
    }

    async fn list_businesses(&self, store: StoreId, page: PageRequest) -> Result<Page<Business>> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM businesses WHERE store_id = $1")
            .bind(store)
            .fetch_one(&self.pool)
            .await
            .db()?;
        let items = sqlx::query(concat!(
            "SELECT ",
            business_columns!(),
            " FROM businesses b WHERE b.store_id = $1 ORDER BY b.slug COLLATE \"C\" LIMIT $2 OFFSET $3"
        ))
        .bind(store)
        .bind(page.limit())
        .bind(page.offset())
        .try_map(|row: PgRow| business_from_row(&row))
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(Page {
            count,
            items,
            request: page,
        })
    }

    async fn update_business(
        &self,
        store: StoreId,
        slug: &str,
        changes: &BusinessChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Business>> {
        let mut tx = self.pool.begin().await.db()?;
        let updated = sqlx::query(
            "UPDATE businesses SET name = COALESCE($3, name), \
             description = COALESCE($4, description), updated_at = $5 \
             WHERE store_id = $1 AND slug = $2",
        )
        .bind(store)
        .bind(slug)
        .bind(&changes.name)
        .bind(&changes.description)
        .bind(now)
        .execute(&mut *tx)
        .await
        .db()?
        .rows_affected();
        if updated == 0 {
            return Ok(None);
        }
        let business = read_business(&mut *tx, store, slug).await?;
        tx.commit().await.db()?;
        Ok(business)
    }

    async fn delete_business(
        &self,
        store: StoreId,
        slug: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<String>>> {
        let mut tx = self.pool.begin().await.db()?;
        // FOR UPDATE waits for uploads into the business that are committing, and makes later
        // ones fail their foreign key instead of adding images to a business being deleted.
        let Some(id) = sqlx::query_scalar::<_, BusinessId>(
            "SELECT id FROM businesses WHERE store_id = $1 AND slug = $2 FOR UPDATE",
        )
        .bind(store)
        .bind(slug)
        .fetch_optional(&mut *tx)
        .await
        .db()?
        else {
            return Ok(None);
        };
        let uses: Vec<(String, i64)> = sqlx::query_as(
            "WITH gone AS (DELETE FROM images WHERE business_id = $1 RETURNING sha256) \
             SELECT sha256, COUNT(*) FROM gone GROUP BY sha256 ORDER BY sha256",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .db()?;
        sqlx::query("DELETE FROM businesses WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .db()?;
        let mut doomed = Vec::new();
        // In hash order, as every transaction that touches several blobs does: no deadlocks.
        for (sha256, count) in uses {
            if drop_references(&mut tx, &sha256, count, now).await? {
                doomed.push(sha256);
            }
        }
        tx.commit().await.db()?;
        Ok(Some(doomed))
    }

    async fn claim_blob(
        &self,
        sha256: &str,
        now: DateTime<Utc>,
        abandoned_before: DateTime<Utc>,
    ) -> Result<BlobClaim> {
        // Taking over an abandoned deletion forgets the description: its files may be partly
        // gone, so the upload writes them again.
        let claimed = sqlx::query(
            "INSERT INTO blobs AS bl (sha256, refs, claimed_at) VALUES ($1, 1, $2) \
             ON CONFLICT (sha256) DO UPDATE SET refs = bl.refs + 1, \
             claimed_at = excluded.claimed_at, \
             content_type = CASE WHEN bl.deleting_since IS NULL THEN bl.content_type END, \
             deleting_since = NULL \
             WHERE bl.deleting_since IS NULL OR bl.deleting_since < $3 \
             RETURNING content_type, width, height, size_bytes, derived_content_type",
        )
        .bind(sha256)
        .bind(now)
        .bind(abandoned_before)
        .try_map(|row: PgRow| {
            let content_type: Option<String> = row.try_get(0)?;
            Ok(match content_type {
                Some(content_type) => Some(BlobInfo {
                    sha256: sha256.to_owned(),
                    content_type,
                    width: row.try_get(1)?,
                    height: row.try_get(2)?,
                    size_bytes: row.try_get(3)?,
                    derived_content_type: row.try_get(4)?,
                }),
                None => None,
            })
        })
        .fetch_optional(&self.pool)
        .await
        .db()?;
        Ok(match claimed {
            Some(known) => BlobClaim::Claimed(known),
            None => BlobClaim::Deleting,
        })
    }

    async fn adopt_orphan_blob(&self, sha256: &str, now: DateTime<Utc>) -> Result<bool> {
        let inserted = sqlx::query(
            "INSERT INTO blobs (sha256, refs, claimed_at, deleting_since) \
             VALUES ($1, 0, $2, $2) ON CONFLICT DO NOTHING",
        )
        .bind(sha256)
        .bind(now)
        .execute(&self.pool)
        .await
        .db()?
        .rows_affected();
        Ok(inserted == 1)
    }

    async fn release_blob(&self, sha256: &str, now: DateTime<Utc>) -> Result<bool> {
        let mut conn = self.pool.acquire().await.db()?;
        drop_references(&mut conn, sha256, 1, now).await
    }

    async fn finish_blob_deletion(&self, sha256: &str) -> Result<()> {
        sqlx::query(
            "DELETE FROM blobs WHERE sha256 = $1 AND refs = 0 AND deleting_since IS NOT NULL",
        )
        .bind(sha256)
        .execute(&self.pool)
        .await
        .db()?;
        Ok(())
    }

    async fn create_image(
        &self,
        store: StoreId,
        image: &NewImage,
        now: DateTime<Utc>,
    ) -> Result<Image> {
        let mut tx = self.pool.begin().await.db()?;
        if let Some(business) = image.business_id {
            let known: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM businesses WHERE store_id = $1 AND id = $2)",
            )
            .bind(store)
            .bind(business)
            .fetch_one(&mut *tx)
            .await
            .db()?;
            if !known {
                return Err(unknown_business());
            }
            if image.is_main {
                lock_business(&mut tx, business).await?;
                clear_main(&mut tx, business, None).await?;
            }
        } else if image.is_main {
            return Err(main_needs_business());
        }
        let blob = &image.blob;
        let described = sqlx::query(
            "UPDATE blobs SET content_type = COALESCE(content_type, $2), \
             width = COALESCE(width, $3), height = COALESCE(height, $4), \
             size_bytes = COALESCE(size_bytes, $5), \
             derived_content_type = COALESCE(derived_content_type, $6) \
             WHERE sha256 = $1 AND refs > 0 AND deleting_since IS NULL",
        )
        .bind(&blob.sha256)
        .bind(&blob.content_type)
        .bind(blob.width)
        .bind(blob.height)
        .bind(blob.size_bytes)
        .bind(&blob.derived_content_type)
        .execute(&mut *tx)
        .await
        .db()?
        .rows_affected();
        if described == 0 {
            return Err(Error::internal("an image was committed without its claim"));
        }
        let id: ImageId = sqlx::query_scalar(
            "INSERT INTO images (store_id, business_id, title, description, is_main, sha256, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(store)
        .bind(image.business_id)
        .bind(&image.title)
        .bind(&image.description)
        .bind(image.is_main)
        .bind(&blob.sha256)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            // The business was deleted meanwhile.
            if is_foreign_key_violation(&e) {
                unknown_business()
            } else {
                database_failure(e)
            }
        })?;
        let created = read_image(&mut *tx, store, id)
            .await?
            .ok_or_else(|| Error::internal("the new image is gone"))?;
        tx.commit().await.db()?;
        Ok(created)
    }

    async fn image(&self, store: StoreId, id: ImageId) -> Result<Option<Image>> {
        read_image(&self.pool, store, id).await
    }

    async fn list_images(
        &self,
        store: StoreId,
        business: Option<BusinessId>,
        page: PageRequest,
    ) -> Result<Page<Image>> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM images WHERE store_id = $1 \
             AND ($2::BIGINT IS NULL OR business_id = $2)",
        )
        .bind(store)
        .bind(business)
        .fetch_one(&self.pool)
        .await
        .db()?;
        let items = sqlx::query(concat!(
            image_select!(),
            "WHERE i.store_id = $1 AND ($2::BIGINT IS NULL OR i.business_id = $2) \
             ORDER BY i.is_main DESC, i.id LIMIT $3 OFFSET $4"
        ))
        .bind(store)
        .bind(business)
        .bind(page.limit())
        .bind(page.offset())
        .try_map(|row: PgRow| image_from_row(&row))
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(Page {
            count,
            items,
            request: page,
        })
    }

    async fn image_with_blob_exists(
        &self,
        store: StoreId,
        business: Option<BusinessId>,
        sha256: &str,
    ) -> Result<bool> {
        sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM images WHERE store_id = $1 \
             AND business_id IS NOT DISTINCT FROM $2 AND sha256 = $3)",
        )
        .bind(store)
        .bind(business)
        .bind(sha256)
        .fetch_one(&self.pool)
        .await
        .db()
    }

    async fn update_image(
        &self,
        store: StoreId,
        id: ImageId,
        changes: &ImageChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Image>> {
        let mut tx = self.pool.begin().await.db()?;
        let Some(business) = sqlx::query_scalar::<_, Option<BusinessId>>(
            "SELECT business_id FROM images WHERE store_id = $1 AND id = $2",
        )
        .bind(store)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .db()?
        else {
            return Ok(None);
        };
        if changes.is_main == Some(true) {
            let business = business.ok_or_else(main_needs_business)?;
            lock_business(&mut tx, business).await?;
            clear_main(&mut tx, business, Some(id)).await?;
        }
        sqlx::query(
            "UPDATE images SET title = COALESCE($3, title), \
             description = COALESCE($4, description), is_main = COALESCE($5, is_main), \
             updated_at = $6 WHERE store_id = $1 AND id = $2",
        )
        .bind(store)
        .bind(id)
        .bind(&changes.title)
        .bind(&changes.description)
        .bind(changes.is_main)
        .bind(now)
        .execute(&mut *tx)
        .await
        .db()?;
        let image = read_image(&mut *tx, store, id).await?;
        tx.commit().await.db()?;
        Ok(image)
    }

    async fn delete_image(
        &self,
        store: StoreId,
        id: ImageId,
        now: DateTime<Utc>,
    ) -> Result<Option<(Option<String>, Option<String>)>> {
        let mut tx = self.pool.begin().await.db()?;
        let Some((business, sha256)) = sqlx::query_as::<_, (Option<String>, String)>(
            "DELETE FROM images i WHERE i.store_id = $1 AND i.id = $2 \
             RETURNING (SELECT slug FROM businesses b WHERE b.id = i.business_id), i.sha256",
        )
        .bind(store)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .db()?
        else {
            return Ok(None);
        };
        let doomed = drop_references(&mut tx, &sha256, 1, now)
            .await?
            .then_some(sha256);
        tx.commit().await.db()?;
        Ok(Some((business, doomed)))
    }

    async fn settle_blobs(
        &self,
        stale_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>> {
        let mut tx = self.pool.begin().await.db()?;
        let mut settled: Vec<String> =
            sqlx::query_scalar("SELECT sha256 FROM blobs WHERE deleting_since < $1")
                .bind(stale_before)
                .fetch_all(&mut *tx)
                .await
                .db()?;
        let marked: Vec<String> = sqlx::query_scalar::<_, Option<String>>(
            "UPDATE blobs bl SET refs = c.used, \
             deleting_since = CASE WHEN c.used = 0 THEN $2::TIMESTAMPTZ END \
             FROM (SELECT b.sha256, (SELECT COUNT(*) FROM images i WHERE i.sha256 = b.sha256) \
             AS used FROM blobs b WHERE b.claimed_at < $1 AND b.deleting_since IS NULL \
             ORDER BY b.sha256 FOR UPDATE) c \
             WHERE bl.sha256 = c.sha256 AND bl.claimed_at < $1 AND bl.deleting_since IS NULL \
             RETURNING CASE WHEN c.used = 0 THEN bl.sha256 END",
        )
        .bind(stale_before)
        .bind(now)
        .fetch_all(&mut *tx)
        .await
        .db()?
        .into_iter()
        .flatten()
        .collect();
        tx.commit().await.db()?;
        settled.extend(marked);
        Ok(settled)
    }

    async fn known_blobs(&self) -> Result<Vec<String>> {
        sqlx::query_scalar("SELECT sha256 FROM blobs")
            .fetch_all(&self.pool)
            .await
            .db()
    }
}
