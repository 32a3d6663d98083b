//! Reference rules: who writes, what a valid business or upload is, the blob protocol around
//! uploads and deletes, the cached image list of a business, and garbage collection.

use std::collections::BTreeSet;
use std::time::Duration;

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use super::{
    BUSINESS_NAME_MAX_CHARS, BUSINESS_SLUG_MAX_CHARS, BlobClaim, BlobInfo, BlobKey, Business,
    BusinessChanges, DESCRIPTION_MAX_CHARS, Image, ImageChanges, ImageId, ImageSize, Inspected,
    NewBusiness, NewImage, TITLE_MAX_CHARS, Variant, business_not_found, image_not_found, inspect,
    main_needs_business, process,
};
use crate::auth::Principal;
use crate::cache::{get_json, set_json};
use crate::enid::Enid;
use crate::error::{Error, ErrorKind, Result, Validator};
use crate::pagination::{Page, PageRequest};
use crate::stores::{Permission, StoreId};
use crate::text::{clean_line, clean_text, slugify};

/// A new business as a client sends it.
#[derive(Debug, Clone, Default)]
pub struct BusinessInput {
    pub name: String,
    pub description: Option<String>,
}

/// Changes to a business; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct BusinessPatch {
    pub name: Option<String>,
    pub description: Option<String>,
}

/// An upload as a client sends it. `file_name` is only a label: it never names a file.
#[derive(Debug, Clone, Default)]
pub struct UploadInput {
    pub bytes: Bytes,
    pub file_name: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub is_main: Option<bool>,
    /// A business slug of the store.
    pub business: Option<String>,
}

/// Changes to an image; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct ImagePatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub is_main: Option<bool>,
}

/// One file of an image, ready to serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFile {
    pub key: BlobKey,
    pub content_type: String,
    /// A strong validator: the bytes of a key never change.
    pub etag: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    Stored(Image),
    /// The business already has an image with these bytes.
    AlreadyStored,
}

/// What garbage collection removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GcReport {
    /// Blobs whose uploads or deletions had died, settled and (when unused) removed.
    pub settled_blobs: u64,
    /// Files no row knew.
    pub orphan_files: u64,
    pub bytes_freed: u64,
}

pub struct ReferencesService<'a> {
    enid: &'a Enid,
}

/// How long an upload waits for a deletion of the same bytes to finish.
const DELETION_WAIT: Duration = Duration::from_secs(10);
const DELETION_POLL: Duration = Duration::from_millis(25);
/// A deletion older than this was abandoned by a process that died.
const ABANDONED_DELETION: Duration = Duration::from_secs(60);
/// A claim older than this belongs to an upload that died; gc settles it. Uploads take seconds.
const STALE_CLAIM: Duration = Duration::from_secs(3600);
/// How long a business's image list stays cached (writes invalidate it sooner).
const IMAGE_LIST_TTL: Duration = Duration::from_secs(300);
/// Decoded pixels in memory at once (at four bytes a pixel), over every upload of this process:
/// uploads beyond it wait, so that ten large uploads at once do not hold ten decoded images.
const DECODE_BUDGET_MIB: u32 = 128;

static DECODE_BUDGET: Semaphore = Semaphore::const_new(DECODE_BUDGET_MIB as usize);

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The client's file name as a title: its last path component, without control characters,
/// trimmed and cut to the title's length.
fn file_label(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let label: String = last
        .chars()
        .filter(|c| !c.is_control())
        .take(TITLE_MAX_CHARS)
        .collect();
    let label = label.trim();
    (!label.is_empty() && label != "." && label != "..").then(|| label.to_owned())
}

fn description(v: &mut Validator, value: Option<String>) -> Option<String> {
    value.and_then(|text| v.field(clean_text("description", &text, DESCRIPTION_MAX_CHARS)))
}

/// Decodes and derives on a blocking thread, within the process's decode budget.
async fn process_within_budget(bytes: Bytes, inspected: Inspected) -> Result<super::Processed> {
    let mib = inspected.decoded_bytes().div_ceil(1024 * 1024);
    let permits = u32::try_from(mib)
        .unwrap_or(DECODE_BUDGET_MIB)
        .clamp(1, DECODE_BUDGET_MIB);
    let _permit = DECODE_BUDGET
        .acquire_many(permits)
        .await
        .map_err(Error::internal)?;
    tokio::task::spawn_blocking(move || process(&bytes, inspected))
        .await
        .map_err(Error::internal)?
}

#[derive(Serialize, Deserialize)]
struct CachedPage {
    count: i64,
    items: Vec<Image>,
}

impl<'a> ReferencesService<'a> {
    pub(crate) fn new(enid: &'a Enid) -> Self {
        Self { enid }
    }

    /// Public.
    pub async fn list_businesses(
        &self,
        store: StoreId,
        page: PageRequest,
    ) -> Result<Page<Business>> {
        self.enid.storage().list_businesses(store, page).await
    }

    /// Public.
    pub async fn business(&self, store: StoreId, slug: &str) -> Result<Business> {
        self.enid
            .storage()
            .business(store, slug)
            .await?
            .ok_or_else(business_not_found)
    }

    pub async fn create_business(
        &self,
        principal: &Principal,
        store: StoreId,
        input: BusinessInput,
    ) -> Result<Business> {
        principal.require(store, Permission::ReferencesWrite)?;
        let mut v = Validator::new();
        let name = v.field(clean_line("name", &input.name, BUSINESS_NAME_MAX_CHARS));
        let description = description(&mut v, input.description);
        v.finish()?;
        let name = name.expect("validator passed");
        let new = NewBusiness {
            slug: slugify(&name, BUSINESS_SLUG_MAX_CHARS),
            name,
            description: description.unwrap_or_default(),
        };
        self.enid
            .storage()
            .create_business(store, &new, self.enid.now())
            .await
    }

    /// Renaming keeps the slug.
    pub async fn update_business(
        &self,
        principal: &Principal,
        store: StoreId,
        slug: &str,
        patch: BusinessPatch,
    ) -> Result<Business> {
        principal.require(store, Permission::ReferencesWrite)?;
        let mut v = Validator::new();
        let name = patch
            .name
            .and_then(|name| v.field(clean_line("name", &name, BUSINESS_NAME_MAX_CHARS)));
        let description = description(&mut v, patch.description);
        v.finish()?;
        let changes = BusinessChanges { name, description };
        self.enid
            .storage()
            .update_business(store, slug, &changes, self.enid.now())
            .await?
            .ok_or_else(business_not_found)
    }

    /// Deletes the business with its images, and the files no other image uses.
    pub async fn delete_business(
        &self,
        principal: &Principal,
        store: StoreId,
        slug: &str,
    ) -> Result<()> {
        principal.require(store, Permission::ReferencesWrite)?;
        let doomed = self
            .enid
            .storage()
            .delete_business(store, slug, self.enid.now())
            .await?
            .ok_or_else(business_not_found)?;
        self.forget_image_list(store, slug).await;
        for sha256 in doomed {
            self.remove_blob(&sha256).await;
        }
        Ok(())
    }

    /// Public: the images of a business, main image first, through the cache. Every write that
    /// touches the business starts a new generation of its cached pages, on every instance that
    /// shares the cache.
    pub async fn business_images(
        &self,
        store: StoreId,
        slug: &str,
        page: PageRequest,
    ) -> Result<Page<Image>> {
        let cache = self.enid.cache();
        let generation_key = image_list_generation_key(store, slug);
        let generation = match cache.get(&generation_key).await? {
            Some(generation) => String::from_utf8_lossy(&generation).into_owned(),
            None => {
                let generation = uuid::Uuid::new_v4().simple().to_string();
                cache
                    .set(&generation_key, generation.as_bytes(), IMAGE_LIST_TTL)
                    .await?;
                generation
            }
        };
        let page_key = format!(
            "{generation_key}:{generation}:{}:{}",
            page.page(),
            page.page_size()
        );
        if let Some(cached) = get_json::<CachedPage>(cache, &page_key).await? {
            return Ok(Page {
                count: cached.count,
                items: cached.items,
                request: page,
            });
        }
        let business = self.business(store, slug).await?;
        let images = self
            .enid
            .storage()
            .list_images(store, Some(business.id), page)
            .await?;
        let cached = CachedPage {
            count: images.count,
            items: images.items,
        };
        set_json(cache, &page_key, &cached, IMAGE_LIST_TTL).await?;
        Ok(Page {
            count: cached.count,
            items: cached.items,
            request: page,
        })
    }

    /// Public: the store's images, main images first; `business` (a slug) filters.
    pub async fn list_images(
        &self,
        store: StoreId,
        business: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<Image>> {
        let business = match business {
            Some(slug) => Some(self.business(store, slug).await?.id),
            None => None,
        };
        self.enid.storage().list_images(store, business, page).await
    }

    /// Public.
    pub async fn image(&self, store: StoreId, id: ImageId) -> Result<Image> {
        self.enid
            .storage()
            .image(store, id)
            .await?
            .ok_or_else(image_not_found)
    }

    /// Stores an upload: 413 over the upload limit, 415 for anything but JPEG, PNG, WebP or GIF
    /// (by content), 400 for a corrupt image or one over the pixel limits. Identical bytes reuse
    /// the stored files.
    pub async fn upload(
        &self,
        principal: &Principal,
        store: StoreId,
        input: UploadInput,
    ) -> Result<Image> {
        principal.require(store, Permission::ReferencesWrite)?;
        let mut v = Validator::new();
        let title = match input.title.filter(|title| !title.trim().is_empty()) {
            Some(title) => v.field(clean_line("title", &title, TITLE_MAX_CHARS)),
            None => Some(
                input
                    .file_name
                    .as_deref()
                    .and_then(file_label)
                    .unwrap_or_else(|| "image".to_owned()),
            ),
        };
        let description = description(&mut v, input.description);
        let is_main = input.is_main.unwrap_or(false);
        if is_main && input.business.is_none() {
            v.field::<()>(Err(main_needs_business()));
        }
        v.finish()?;
        let business = match input.business.as_deref() {
            Some(slug) => Some(
                self.enid
                    .storage()
                    .business(store, slug)
                    .await?
                    .ok_or_else(|| Error::invalid("business", "No such business in this store."))?,
            ),
            None => None,
        };
        let new = NewImageRequest {
            business,
            title: title.expect("validator passed"),
            description: description.unwrap_or_default(),
            is_main,
        };
        self.store_image(store, new, input.bytes).await
    }

    /// Loads one file of a folder import into `business`, skipping bytes it already has.
    pub async fn import(
        &self,
        store: StoreId,
        business: &Business,
        file_name: &str,
        bytes: Bytes,
    ) -> Result<ImportOutcome> {
        let sha256 = sha256_hex(&bytes);
        if self
            .enid
            .storage()
            .image_with_blob_exists(store, Some(business.id), &sha256)
            .await?
        {
            return Ok(ImportOutcome::AlreadyStored);
        }
        let new = NewImageRequest {
            business: Some(business.clone()),
            title: file_label(file_name).unwrap_or_else(|| "image".to_owned()),
            description: String::new(),
            is_main: false,
        };
        self.store_image(store, new, bytes)
            .await
            .map(ImportOutcome::Stored)
    }

    async fn store_image(
        &self,
        store: StoreId,
        request: NewImageRequest,
        bytes: Bytes,
    ) -> Result<Image> {
        let limit = self.enid.config().max_upload_bytes;
        if bytes.len() > limit {
            return Err(upload_too_large(limit));
        }
        let inspected = inspect(&bytes)?;
        let sha256 = sha256_hex(&bytes);
        let known = self.claim(&sha256).await?;
        let stored = match known {
            Some(blob) => Ok(blob),
            None => self.write_blob(&sha256, bytes, inspected).await,
        };
        let result = match stored {
            Ok(blob) => {
                let new = NewImage {
                    business_id: request.business.as_ref().map(|b| b.id),
                    title: request.title,
                    description: request.description,
                    is_main: request.is_main,
                    blob,
                };
                self.enid
                    .storage()
                    .create_image(store, &new, self.enid.now())
                    .await
            }
            Err(err) => Err(err),
        };
        match result {
            Ok(image) => {
                if let Some(business) = &request.business {
                    self.forget_image_list(store, &business.slug).await;
                }
                Ok(image)
            }
            Err(err) => {
                self.release(&sha256).await;
                Err(err)
            }
        }
    }

    /// Claims the blob, waiting while a deletion of the same bytes finishes.
    async fn claim(&self, sha256: &str) -> Result<Option<BlobInfo>> {
        let started = tokio::time::Instant::now();
        loop {
            let now = self.enid.now();
            let abandoned_before =
                now - chrono::Duration::from_std(ABANDONED_DELETION).expect("small");
            match self
                .enid
                .storage()
                .claim_blob(sha256, now, abandoned_before)
                .await?
            {
                BlobClaim::Claimed(known) => return Ok(known),
                BlobClaim::Deleting if started.elapsed() < DELETION_WAIT => {
                    tokio::time::sleep(DELETION_POLL).await;
                }
                BlobClaim::Deleting => {
                    return Err(Error::new(
                        ErrorKind::Unavailable,
                        "image_busy",
                        "The same image is being deleted; try again shortly.",
                    ));
                }
            }
        }
    }

    /// Drops an upload's claim; removes the files when it was the last reference.
    async fn release(&self, sha256: &str) {
        match self
            .enid
            .storage()
            .release_blob(sha256, self.enid.now())
            .await
        {
            Ok(true) => self.remove_blob(sha256).await,
            Ok(false) => {}
            // gc settles the claim later.
            Err(err) => tracing::warn!(error = %err, sha256, "cannot release an upload's claim"),
        }
    }

    /// Processes an upload and writes its three files.
    async fn write_blob(
        &self,
        sha256: &str,
        bytes: Bytes,
        inspected: Inspected,
    ) -> Result<BlobInfo> {
        let processed = process_within_budget(bytes.clone(), inspected).await?;
        let info = BlobInfo {
            sha256: sha256.to_owned(),
            content_type: inspected.kind.content_type().to_owned(),
            width: i64::from(processed.width),
            height: i64::from(processed.height),
            size_bytes: bytes.len() as i64,
            derived_content_type: processed.derived_content_type.to_owned(),
        };
        let blobs = self.enid.blobs();
        let original = BlobKey::new(sha256, Variant::Original)?;
        let medium = BlobKey::new(sha256, Variant::Medium)?;
        let thumb = BlobKey::new(sha256, Variant::Thumb)?;
        let (original, medium, thumb) = tokio::join!(
            blobs.put(&original, bytes),
            blobs.put(&medium, processed.medium),
            blobs.put(&thumb, processed.thumb),
        );
        original.and(medium).and(thumb)?;
        Ok(info)
    }

    /// Removes the files of a blob marked as being deleted, then its row. A failure leaves the
    /// mark for gc.
    async fn remove_blob(&self, sha256: &str) {
        match self.remove_blob_files(sha256).await {
            Ok(_) => {
                if let Err(err) = self.enid.storage().finish_blob_deletion(sha256).await {
                    tracing::warn!(error = %err, sha256, "cannot finish a blob deletion");
                }
            }
            Err(err) => tracing::warn!(error = %err, sha256, "cannot remove a blob's files"),
        }
    }

    async fn remove_blob_files(&self, sha256: &str) -> Result<()> {
        for variant in Variant::ALL {
            let key = BlobKey::new(sha256, variant)?;
            self.enid.blobs().delete(&key).await?;
            self.enid.blob_cache().invalidate(&key).await;
        }
        Ok(())
    }

    pub async fn update_image(
        &self,
        principal: &Principal,
        store: StoreId,
        id: ImageId,
        patch: ImagePatch,
    ) -> Result<Image> {
        principal.require(store, Permission::ReferencesWrite)?;
        let mut v = Validator::new();
        let title = patch
            .title
            .and_then(|title| v.field(clean_line("title", &title, TITLE_MAX_CHARS)));
        let description = description(&mut v, patch.description);
        v.finish()?;
        let changes = ImageChanges {
            title,
            description,
            is_main: patch.is_main,
        };
        let image = self
            .enid
            .storage()
            .update_image(store, id, &changes, self.enid.now())
            .await?
            .ok_or_else(image_not_found)?;
        if let Some(slug) = &image.business {
            self.forget_image_list(store, slug).await;
        }
        Ok(image)
    }

    /// Deletes the image, and its files when no other image uses them.
    pub async fn delete_image(
        &self,
        principal: &Principal,
        store: StoreId,
        id: ImageId,
    ) -> Result<()> {
        principal.require(store, Permission::ReferencesWrite)?;
        let (business, doomed) = self
            .enid
            .storage()
            .delete_image(store, id, self.enid.now())
            .await?
            .ok_or_else(image_not_found)?;
        if let Some(slug) = business {
            self.forget_image_list(store, &slug).await;
        }
        if let Some(sha256) = doomed {
            self.remove_blob(&sha256).await;
        }
        Ok(())
    }

    /// Public: which file serves `size` of the image.
    pub async fn image_file(
        &self,
        store: StoreId,
        id: ImageId,
        size: ImageSize,
    ) -> Result<ImageFile> {
        let image = self.image(store, id).await?;
        let variant = size.variant();
        let content_type = match variant {
            Variant::Original => image.blob.content_type,
            Variant::Medium | Variant::Thumb => image.blob.derived_content_type,
        };
        Ok(ImageFile {
            etag: format!("\"{}-{}\"", image.blob.sha256, variant.as_str()),
            key: BlobKey::new(&image.blob.sha256, variant)?,
            content_type,
        })
    }

    /// The bytes of a file. Derived sizes are kept in memory (they are small, and a key's bytes
    /// never change), so serving them copies nothing.
    pub async fn read_file(&self, file: &ImageFile) -> Result<Bytes> {
        let load = async {
            self.enid
                .blobs()
                .get(&file.key)
                .await?
                .ok_or_else(image_not_found)
        };
        if file.key.variant() == Variant::Original {
            return load.await;
        }
        self.enid
            .blob_cache()
            .try_get_with(file.key.clone(), load)
            .await
            .map_err(|err| match err.kind {
                ErrorKind::NotFound => image_not_found(),
                _ => Error::internal(format!("cannot read {}: {err}", file.key.name())),
            })
    }

    /// Settles what dead uploads and deletions left, then removes files no row knows and
    /// unfinished writes.
    pub async fn gc(&self) -> Result<GcReport> {
        let storage = self.enid.storage();
        let blobs = self.enid.blobs();
        let now = self.enid.now();
        let stale_before = now - chrono::Duration::from_std(STALE_CLAIM).expect("small");
        let mut report = GcReport::default();
        // Files are listed before the rows are read: a file written after the listing cannot be
        // taken for an orphan.
        let files = blobs.list().await?;
        let sizes = |sha256: &str| -> u64 {
            files
                .iter()
                .filter(|f| f.key.sha256() == sha256)
                .map(|f| f.size_bytes)
                .sum()
        };
        for sha256 in storage.settle_blobs(stale_before, now).await? {
            self.remove_blob_files(&sha256).await?;
            storage.finish_blob_deletion(&sha256).await?;
            report.settled_blobs += 1;
            report.bytes_freed += sizes(&sha256);
        }
        let known: BTreeSet<String> = storage.known_blobs().await?.into_iter().collect();
        let orphans: BTreeSet<&str> = files
            .iter()
            .map(|f| f.key.sha256())
            .filter(|sha256| !known.contains(*sha256))
            .collect();
        for sha256 in orphans {
            // The row keeps uploads of the same bytes waiting while the files go.
            if storage.adopt_orphan_blob(sha256, now).await? {
                self.remove_blob_files(sha256).await?;
                storage.finish_blob_deletion(sha256).await?;
                report.orphan_files +=
                    files.iter().filter(|f| f.key.sha256() == sha256).count() as u64;
                report.bytes_freed += sizes(sha256);
            }
        }
        report.bytes_freed += blobs.sweep_unfinished(STALE_CLAIM).await?;
        Ok(report)
    }

    async fn forget_image_list(&self, store: StoreId, slug: &str) {
        let key = image_list_generation_key(store, slug);
        if let Err(err) = self.enid.cache().delete(&key).await {
            tracing::warn!(error = %err, store, slug, "cannot invalidate a cached image list");
        }
        self.enid.cache_key_changed(&key).await;
    }
}

/// A validated upload, before its bytes are looked at.
struct NewImageRequest {
    business: Option<Business>,
    title: String,
    description: String,
    is_main: bool,
}

fn image_list_generation_key(store: StoreId, slug: &str) -> String {
    format!("store:{store}:business:{slug}:images")
}

/// 413 for an upload over `limit` bytes.
pub fn upload_too_large(limit: usize) -> Error {
    Error::new(
        ErrorKind::PayloadTooLarge,
        "payload_too_large",
        format!("The image must not exceed {limit} bytes."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_only_labels() {
        assert_eq!(file_label("foto.jpg").as_deref(), Some("foto.jpg"));
        assert_eq!(file_label("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(file_label("C:\\fotos\\gym.png").as_deref(), Some("gym.png"));
        assert_eq!(file_label("a\u{0}b\nc.jpg").as_deref(), Some("abc.jpg"));
        assert_eq!(file_label(".."), None);
        assert_eq!(file_label("dir/"), None);
        let long = "x".repeat(10_000);
        assert_eq!(file_label(&long).unwrap().chars().count(), TITLE_MAX_CHARS);
    }
}
