use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{
    BlobInfo, Business, BusinessChanges, BusinessId, Image, ImageChanges, ImageId, NewBusiness,
    NewImage,
};
use crate::error::Result;
use crate::pagination::{Page, PageRequest};
use crate::stores::StoreId;

/// The answer to claiming a blob for an upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlobClaim {
    /// The upload holds a reference. With `Some`, the blob's files are complete and described so:
    /// the upload need neither process nor write them.
    Claimed(Option<BlobInfo>),
    /// The blob's files are being deleted; claim again once they are gone.
    Deleting,
}

/// Businesses, images and the reference counts of their blobs (see the module documentation for
/// the protocol). Business and image queries are limited to `store`; blobs are shared by every
/// store.
#[async_trait]
pub trait ReferenceStore: Send + Sync {
    /// Takes `business.slug`, or the first of `slug-2`, `slug-3`... the store does not use.
    async fn create_business(
        &self,
        store: StoreId,
        business: &NewBusiness,
        now: DateTime<Utc>,
    ) -> Result<Business>;

    async fn business(&self, store: StoreId, slug: &str) -> Result<Option<Business>>;

    /// Ordered by slug (alphabetical: slugs are lowercase ASCII).
    async fn list_businesses(&self, store: StoreId, page: PageRequest) -> Result<Page<Business>>;

    /// `None` when the store has no such business.
    async fn update_business(
        &self,
        store: StoreId,
        slug: &str,
        changes: &BusinessChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Business>>;

    /// Deletes the business and its images in one transaction. `None` when there is no such
    /// business; else the hashes whose last reference went with it, now marked as being deleted:
    /// remove their files, then call [`finish_blob_deletion`](Self::finish_blob_deletion).
    async fn delete_business(
        &self,
        store: StoreId,
        slug: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<String>>>;

    /// Adds a reference to the blob `sha256` for an upload in progress (creating its row). A
    /// deletion that began before `abandoned_before` is taken for one whose process died: the
    /// claim takes the blob over (and the upload writes its files again).
    async fn claim_blob(
        &self,
        sha256: &str,
        now: DateTime<Utc>,
        abandoned_before: DateTime<Utc>,
    ) -> Result<BlobClaim>;

    /// For garbage collection of a file no row knows: creates the blob's row marked as being
    /// deleted, so that no upload uses the file meanwhile. `false` when the blob has a row.
    async fn adopt_orphan_blob(&self, sha256: &str, now: DateTime<Utc>) -> Result<bool>;

    /// Drops the reference of an upload that will not commit. `true` when it was the last one:
    /// the blob is then marked as being deleted, for the caller to remove its files.
    async fn release_blob(&self, sha256: &str, now: DateTime<Utc>) -> Result<bool>;

    /// Removes the row of a blob marked as being deleted whose files are gone.
    async fn finish_blob_deletion(&self, sha256: &str) -> Result<()>;

    /// Commits an image whose blob the caller claimed and stored: records the blob's description
    /// and turns the claim into the image's reference. A business the store does not have is a
    /// 400 naming `business`.
    async fn create_image(
        &self,
        store: StoreId,
        image: &NewImage,
        now: DateTime<Utc>,
    ) -> Result<Image>;

    async fn image(&self, store: StoreId, id: ImageId) -> Result<Option<Image>>;

    /// Main image first, then by id; `business` filters.
    async fn list_images(
        &self,
        store: StoreId,
        business: Option<BusinessId>,
        page: PageRequest,
    ) -> Result<Page<Image>>;

    /// Whether an image of `business` (or of no business) already has these bytes.
    async fn image_with_blob_exists(
        &self,
        store: StoreId,
        business: Option<BusinessId>,
        sha256: &str,
    ) -> Result<bool>;

    /// `None` when the store has no such image. Making an image without a business main is a 400
    /// naming `is_main`.
    async fn update_image(
        &self,
        store: StoreId,
        id: ImageId,
        changes: &ImageChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Image>>;

    /// `None` when the store has no such image; else the image's business slug and, when the
    /// image held the last reference to its blob, the hash now marked as being deleted.
    async fn delete_image(
        &self,
        store: StoreId,
        id: ImageId,
        now: DateTime<Utc>,
    ) -> Result<Option<(Option<String>, Option<String>)>>;

    /// For garbage collection: sets the count of every blob last claimed before `stale_before`
    /// to the images that use it (claims that old belong to uploads that died), marks those left
    /// without references, and returns them with the blobs whose deletion began before
    /// `stale_before` and never finished.
    async fn settle_blobs(
        &self,
        stale_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>>;

    /// Every blob hash with a row (referenced, claimed or being deleted).
    async fn known_blobs(&self) -> Result<Vec<String>>;
}
