//! References: a store's businesses (the shops and gyms whose photos the store shows) and their
//! images.
//!
//! An image's bytes live in a [`BlobStore`], content-addressed by the SHA-256 of the original: the
//! original and its two derived sizes (medium ≈1024 px, thumb ≈256 px) are three blobs under that
//! hash. The database keeps one `blobs` row per hash with a reference count (images plus uploads
//! in progress), so identical bytes are stored once and their files are removed only when nothing
//! uses them, also when a delete and an upload of the same bytes race:
//!
//! - an upload first *claims* the hash (a committed reference), then writes the files, then
//!   commits its image row, which takes over the claim; a crash leaves files and a claim, never an
//!   image row without its files;
//! - a delete drops the reference; the last one marks the blob as being deleted, removes the
//!   files, then the row. An upload that meets a blob being deleted waits until it is gone, so its
//!   files are written after the delete removed the old ones.
//!
//! `enid images gc` settles what crashes leave: stale claims, unfinished deletions, and files no
//! row knows (orphans).

mod blobs;
mod imaging;
mod service;
mod storage;

pub use blobs::{BlobKey, BlobStore, LocalDiskBlobStore, StoredBlob, Variant};
pub use imaging::{
    ImageKind, Inspected, MAX_PIXELS, MAX_SIDE, MEDIUM_SIDE, Processed, THUMB_SIDE, inspect,
    process,
};
pub use service::{
    BusinessInput, BusinessPatch, GcReport, ImageFile, ImagePatch, ImportOutcome,
    ReferencesService, UploadInput, upload_too_large,
};
pub use storage::{BlobClaim, ReferenceStore};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::Error;

pub type BusinessId = i64;
pub type ImageId = i64;

pub const BUSINESS_NAME_MAX_CHARS: usize = 100;
/// Slugs are cut to this many characters before a `-2`, `-3`... is added.
pub const BUSINESS_SLUG_MAX_CHARS: usize = 50;
pub const DESCRIPTION_MAX_CHARS: usize = 2000;
pub const TITLE_MAX_CHARS: usize = 200;

/// The business every default store starts with.
pub const DEFAULT_BUSINESS_NAME: &str = "Enid Service";
pub const DEFAULT_BUSINESS_SLUG: &str = "enid-service";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Business {
    pub id: BusinessId,
    pub name: String,
    /// From the name when the business is created; kept when it is renamed, so links stay valid.
    pub slug: String,
    pub description: String,
    pub image_count: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBusiness {
    pub name: String,
    /// The wanted slug; the storage numbers it (`-2`, `-3`...) when the store has it already.
    pub slug: String,
    pub description: String,
}

/// Validated changes; `None` keeps a field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BusinessChanges {
    pub name: Option<String>,
    pub description: Option<String>,
}

/// What the bytes of an image are: the same for every image with the same SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobInfo {
    /// Lowercase hex SHA-256 of the original bytes.
    pub sha256: String,
    pub content_type: String,
    /// As displayed: EXIF orientation applied.
    pub width: i64,
    pub height: i64,
    pub size_bytes: i64,
    /// Of the medium and thumb sizes: `image/jpeg`, or `image/png` for images with transparency.
    pub derived_content_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub id: ImageId,
    /// The slug of its business, if it has one.
    pub business: Option<String>,
    pub title: String,
    pub description: String,
    pub is_main: bool,
    pub blob: BlobInfo,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewImage {
    pub business_id: Option<BusinessId>,
    pub title: String,
    pub description: String,
    /// Takes the place of the business's main image, if it has one.
    pub is_main: bool,
    pub blob: BlobInfo,
}

/// Validated changes; `None` keeps a field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageChanges {
    pub title: Option<String>,
    pub description: Option<String>,
    /// `true` makes it its business's main image (the previous one stops being main).
    pub is_main: Option<bool>,
}

/// The three files of an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ImageSize {
    Original,
    Medium,
    Thumb,
}

impl ImageSize {
    pub fn variant(self) -> Variant {
        match self {
            Self::Original => Variant::Original,
            Self::Medium => Variant::Medium,
            Self::Thumb => Variant::Thumb,
        }
    }
}

pub fn business_not_found() -> Error {
    Error::not_found("business_not_found", "No such business in this store.")
}

pub fn image_not_found() -> Error {
    Error::not_found("image_not_found", "No such image in this store.")
}

/// An upload's `is_main` for an image without a business.
pub fn main_needs_business() -> Error {
    Error::invalid(
        "is_main",
        "Only an image of a business can be its main image.",
    )
}
