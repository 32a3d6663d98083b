use bytes::Bytes;
use chrono::{DateTime, Utc};
use poem::web::Data;
use poem::{IntoResponse, Request, Response};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::{Binary, Json, Payload};
use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::{ApiResponse, Enum, Object, OpenApi};

use enid_core::Enid;
use enid_core::pagination::{Page, PageRequest};
use enid_core::references::{Business, BusinessInput, BusinessPatch, Image, ImagePatch, ImageSize};

use super::{StoreHeader, Tag, Text};
use crate::context::{BearerAuth, request_store};
use crate::error::{ApiError, ApiResult};
use crate::image_upload::ImageUploadForm;
use crate::json_body::JsonBody;
use crate::pagination::paginated;

pub struct ReferencesApi;

/// The files of an image: the original upload and its derived sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "lowercase")]
pub enum ImageSizeName {
    Original,
    /// At most 1024 px on its longer side.
    Medium,
    /// At most 256 px on its longer side.
    Thumb,
}

impl From<ImageSizeName> for ImageSize {
    fn from(size: ImageSizeName) -> Self {
        match size {
            ImageSizeName::Original => Self::Original,
            ImageSizeName::Medium => Self::Medium,
            ImageSizeName::Thumb => Self::Thumb,
        }
    }
}

/// How long clients and proxies may keep an image file: a file's bytes never change.
const FILE_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

/// A business whose images the store shows.
#[derive(Debug, Object)]
pub struct BusinessOut {
    id: i64,
    name: String,
    /// From the name when created (accents folded, at most 50 characters, `-2`, `-3`... when
    /// taken); kept when the business is renamed.
    slug: String,
    description: String,
    image_count: i64,
    created_at: DateTime<Utc>,
}

impl From<Business> for BusinessOut {
    fn from(business: Business) -> Self {
        Self {
            id: business.id,
            name: business.name,
            slug: business.slug,
            description: business.description,
            image_count: business.image_count,
            created_at: business.created_at,
        }
    }
}

paginated!(BusinessPage, BusinessOut);

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct BusinessIn {
    /// At most 100 characters.
    name: Text,
    /// At most 2,000 characters.
    description: Option<Text>,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct BusinessPatchIn {
    /// The slug stays as it is.
    name: Option<Text>,
    description: Option<Text>,
}

/// An image of a store.
#[derive(Debug, Object)]
pub struct ImageOut {
    id: i64,
    /// The slug of its business, or null.
    business: Option<String>,
    title: String,
    description: String,
    /// The main image of its business (one at most).
    is_main: bool,
    /// Of the original.
    content_type: String,
    /// As displayed (EXIF orientation applied).
    width: i64,
    height: i64,
    /// Of the original.
    size_bytes: i64,
    /// SHA-256 of the original, lowercase hex.
    sha256: String,
    /// The original file.
    url: String,
    /// The thumb size (≈256 px).
    thumbnail_url: String,
    created_at: DateTime<Utc>,
}

fn image_out(prefix: &str, image: Image) -> ImageOut {
    let file = format!("{prefix}image/{}/file/", image.id);
    ImageOut {
        id: image.id,
        business: image.business,
        title: image.title,
        description: image.description,
        is_main: image.is_main,
        content_type: image.blob.content_type,
        width: image.blob.width,
        height: image.blob.height,
        size_bytes: image.blob.size_bytes,
        sha256: image.blob.sha256,
        url: format!("{file}?size=original"),
        thumbnail_url: format!("{file}?size=thumb"),
        created_at: image.created_at,
    }
}

/// Where Enid is mounted, ending with `/`, for the file links of images.
fn links_prefix(req: &Request) -> String {
    let prefix = crate::app::mount_prefix(req);
    if prefix.ends_with('/') {
        prefix
    } else {
        format!("{prefix}/")
    }
}

paginated!(ImagePage, ImageOut);

fn image_page(req: &Request, images: Page<Image>) -> ImagePage {
    let prefix = links_prefix(req);
    ImagePage::new(req, images, |image| image_out(&prefix, image))
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct ImagePatchIn {
    title: Option<Text>,
    description: Option<Text>,
    /// true makes it its business's main image; the previous one stops being main.
    is_main: Option<bool>,
}

/// The bytes of an image file, with its own content type.
pub struct ImageBytes {
    bytes: Bytes,
    content_type: String,
}

impl Payload for ImageBytes {
    const CONTENT_TYPE: &'static str = "image/*";

    fn schema_ref() -> MetaSchemaRef {
        Binary::<Vec<u8>>::schema_ref()
    }

    fn register(_registry: &mut Registry) {}
}

impl IntoResponse for ImageBytes {
    fn into_response(self) -> Response {
        Response::builder()
            .content_type(self.content_type)
            .body(self.bytes)
    }
}

#[derive(ApiResponse)]
enum FileResponse {
    /// The file.
    #[oai(status = 200)]
    Ok(
        ImageBytes,
        #[oai(header = "ETag")] String,
        #[oai(header = "Cache-Control")] String,
        #[oai(header = "Accept-Ranges")] String,
    ),
    /// The requested byte range of the file.
    #[oai(status = 206)]
    Partial(
        ImageBytes,
        #[oai(header = "ETag")] String,
        #[oai(header = "Cache-Control")] String,
        #[oai(header = "Content-Range")] String,
    ),
    /// The client's copy (`If-None-Match`) is current.
    #[oai(status = 304)]
    NotModified(
        #[oai(header = "ETag")] String,
        #[oai(header = "Cache-Control")] String,
    ),
    /// The range is outside the file.
    #[oai(status = 416)]
    RangeNotSatisfiable(
        Json<crate::error::ErrorBody>,
        #[oai(header = "Content-Range")] String,
    ),
}

#[derive(ApiResponse)]
enum BusinessListResponse {
    /// A page of the store's businesses, by slug.
    #[oai(status = 200)]
    Ok(Json<BusinessPage>),
}

#[derive(ApiResponse)]
enum BusinessCreatedResponse {
    /// The business was created.
    #[oai(status = 201)]
    Created(Json<BusinessOut>),
}

#[derive(ApiResponse)]
enum BusinessResponse {
    /// The business.
    #[oai(status = 200)]
    Ok(Json<BusinessOut>),
}

#[derive(ApiResponse)]
enum ImageListResponse {
    /// A page of images, main images first, then by id.
    #[oai(status = 200)]
    Ok(Json<ImagePage>),
}

#[derive(ApiResponse)]
enum ImageCreatedResponse {
    /// The image was stored.
    #[oai(status = 201)]
    Created(Json<ImageOut>),
}

#[derive(ApiResponse)]
enum ImageResponse {
    /// The image.
    #[oai(status = 200)]
    Ok(Json<ImageOut>),
}

#[derive(ApiResponse)]
enum DeletedResponse {
    /// Deleted.
    #[oai(status = 204)]
    Deleted,
}

fn text(value: Option<Text>) -> Option<String> {
    value.map(String::from)
}

/// Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks for it).
fn none_match(req: &Request, etag: &str) -> bool {
    req.headers()
        .get_all("if-none-match")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == "*" || tag == etag)
}

/// The range of a `Range: bytes=...` header over `len` bytes: `None` to serve the whole file
/// (no header, several ranges, or another unit, which RFC 9110 lets a server ignore), `Some(Err)`
/// for a range outside the file.
fn byte_range(req: &Request, len: u64) -> Option<Result<(u64, u64), ()>> {
    let spec = req.header("range")?.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (start, end) = spec.split_once('-')?;
    let (start, end) = (start.trim(), end.trim());
    let range = if start.is_empty() {
        // The last `end` bytes.
        let suffix: u64 = end.parse().ok()?;
        if suffix == 0 || len == 0 {
            return Some(Err(()));
        }
        (len.saturating_sub(suffix), len - 1)
    } else {
        let start: u64 = start.parse().ok()?;
        let end = if end.is_empty() {
            len.saturating_sub(1)
        } else {
            end.parse::<u64>().ok()?.min(len.saturating_sub(1))
        };
        if start >= len || end < start {
            return Some(Err(()));
        }
        (start, end)
    };
    Some(Ok(range))
}

#[OpenApi(tag = "Tag::References")]
impl ReferencesApi {
    /// List businesses
    ///
    /// The store's businesses by slug. Public.
    #[oai(path = "/business/", method = "get", operation_id = "list_businesses")]
    async fn list_businesses(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<BusinessListResponse> {
        let store = request_store(&enid, store.0).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let businesses = enid
            .references()
            .list_businesses(store.id, page_request)
            .await?;
        Ok(BusinessListResponse::Ok(Json(BusinessPage::new(
            req,
            businesses,
            BusinessOut::from,
        ))))
    }

    /// Create a business
    ///
    /// The slug comes from the name: accents folded, at most 50 characters, numbered `-2`, `-3`...
    /// when the store has it already. Staff.
    #[oai(path = "/business/", method = "post", operation_id = "create_business")]
    async fn create_business(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<BusinessIn>,
    ) -> ApiResult<BusinessCreatedResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let business = enid
            .references()
            .create_business(
                &auth.0,
                store.id,
                BusinessInput {
                    name: body.name.0,
                    description: text(body.description),
                },
            )
            .await?;
        Ok(BusinessCreatedResponse::Created(Json(business.into())))
    }

    /// Get a business
    ///
    /// Public.
    #[oai(
        path = "/business/:slug/",
        method = "get",
        operation_id = "get_business"
    )]
    async fn get_business(
        &self,
        enid: Data<&Enid>,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The business's slug.
        slug: Path<String>,
    ) -> ApiResult<BusinessResponse> {
        let store = request_store(&enid, store.0).await?;
        let business = enid.references().business(store.id, &slug.0).await?;
        Ok(BusinessResponse::Ok(Json(business.into())))
    }

    /// Update a business
    ///
    /// Renaming keeps the slug, so links stay valid. Staff.
    #[oai(
        path = "/business/:slug/",
        method = "patch",
        operation_id = "update_business"
    )]
    async fn update_business(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The business's slug.
        slug: Path<String>,
        body: JsonBody<BusinessPatchIn>,
    ) -> ApiResult<BusinessResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let business = enid
            .references()
            .update_business(
                &auth.0,
                store.id,
                &slug.0,
                BusinessPatch {
                    name: text(body.name),
                    description: text(body.description),
                },
            )
            .await?;
        Ok(BusinessResponse::Ok(Json(business.into())))
    }

    /// Delete a business
    ///
    /// With its images, and their files when no other image uses them. Staff.
    #[oai(
        path = "/business/:slug/",
        method = "delete",
        operation_id = "delete_business"
    )]
    async fn delete_business(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The business's slug.
        slug: Path<String>,
    ) -> ApiResult<DeletedResponse> {
        let store = request_store(&enid, store.0).await?;
        enid.references()
            .delete_business(&auth.0, store.id, &slug.0)
            .await?;
        Ok(DeletedResponse::Deleted)
    }

    /// List a business's images
    ///
    /// Main image first, then by id. Cached; every write that touches the business refreshes
    /// it. Public.
    #[oai(
        path = "/business/:slug/images/",
        method = "get",
        operation_id = "list_business_images"
    )]
    async fn business_images(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The business's slug.
        slug: Path<String>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<ImageListResponse> {
        let store = request_store(&enid, store.0).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let images = enid
            .references()
            .business_images(store.id, &slug.0, page_request)
            .await?;
        Ok(ImageListResponse::Ok(Json(image_page(req, images))))
    }

    /// Upload an image
    ///
    /// `multipart/form-data` with `file` and optional `title`, `description`, `is_main` and
    /// `business` (a slug). JPEG, PNG, WebP and GIF only, recognised by content (415 otherwise);
    /// over `ENID_MAX_UPLOAD_BYTES` (default 10 MiB) 413; corrupt, truncated or over 50
    /// megapixels 400. The thumb (≈256 px) and medium (≈1024 px) sizes are made now, EXIF
    /// orientation applied and metadata left out. Identical bytes reuse the stored files.
    /// Staff.
    #[oai(
        path = "/image/upload/",
        method = "post",
        operation_id = "upload_image"
    )]
    async fn upload(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        form: ImageUploadForm,
    ) -> ApiResult<ImageCreatedResponse> {
        let store = request_store(&enid, store.0).await?;
        let image = enid.references().upload(&auth.0, store.id, form.0).await?;
        Ok(ImageCreatedResponse::Created(Json(image_out(
            &links_prefix(req),
            image,
        ))))
    }

    /// List images
    ///
    /// The store's images, main images first, then by id; `business` (a slug) filters. Public.
    #[oai(path = "/image/", method = "get", operation_id = "list_images")]
    async fn list_images(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// Only images of this business (its slug).
        business: Query<Option<String>>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<ImageListResponse> {
        let store = request_store(&enid, store.0).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let images = enid
            .references()
            .list_images(store.id, business.0.as_deref(), page_request)
            .await?;
        Ok(ImageListResponse::Ok(Json(image_page(req, images))))
    }

    /// Get an image
    ///
    /// Public.
    #[oai(path = "/image/:id/", method = "get", operation_id = "get_image")]
    async fn get_image(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The image's id.
        id: Path<i64>,
    ) -> ApiResult<ImageResponse> {
        let store = request_store(&enid, store.0).await?;
        let image = enid.references().image(store.id, id.0).await?;
        Ok(ImageResponse::Ok(Json(image_out(
            &links_prefix(req),
            image,
        ))))
    }

    /// Update an image
    ///
    /// Title, description, and whether it is its business's main image. Staff.
    #[oai(path = "/image/:id/", method = "patch", operation_id = "update_image")]
    async fn update_image(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The image's id.
        id: Path<i64>,
        body: JsonBody<ImagePatchIn>,
    ) -> ApiResult<ImageResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let image = enid
            .references()
            .update_image(
                &auth.0,
                store.id,
                id.0,
                ImagePatch {
                    title: text(body.title),
                    description: text(body.description),
                    is_main: body.is_main,
                },
            )
            .await?;
        Ok(ImageResponse::Ok(Json(image_out(
            &links_prefix(req),
            image,
        ))))
    }

    /// Delete an image
    ///
    /// Its files go when no other image uses the same bytes. Staff.
    #[oai(path = "/image/:id/", method = "delete", operation_id = "delete_image")]
    async fn delete_image(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The image's id.
        id: Path<i64>,
    ) -> ApiResult<DeletedResponse> {
        let store = request_store(&enid, store.0).await?;
        enid.references()
            .delete_image(&auth.0, store.id, id.0)
            .await?;
        Ok(DeletedResponse::Deleted)
    }

    /// Get an image file
    ///
    /// `size`: `original` (default), `medium` (≈1024 px) or `thumb` (≈256 px), with its
    /// `Content-Type`, a strong `ETag` and a year of `Cache-Control`; 304 when `If-None-Match`
    /// names the ETag; one `Range` of bytes gives 206. Public.
    #[oai(
        path = "/image/:id/file/",
        method = "get",
        operation_id = "get_image_file"
    )]
    async fn file(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The image's id.
        id: Path<i64>,
        /// Which file: the original (the default), or a derived size.
        size: Query<Option<ImageSizeName>>,
    ) -> ApiResult<FileResponse> {
        let store = request_store(&enid, store.0).await?;
        let size = size.0.map_or(ImageSize::Original, ImageSize::from);
        let references = enid.references();
        let file = references.image_file(store.id, id.0, size).await?;
        let cache_control = FILE_CACHE_CONTROL.to_owned();
        if none_match(req, &file.etag) {
            return Ok(FileResponse::NotModified(file.etag, cache_control));
        }
        let bytes = references.read_file(&file).await?;
        let len = bytes.len() as u64;
        match byte_range(req, len) {
            None => Ok(FileResponse::Ok(
                ImageBytes {
                    bytes,
                    content_type: file.content_type,
                },
                file.etag,
                cache_control,
                "bytes".to_owned(),
            )),
            Some(Ok((start, end))) => Ok(FileResponse::Partial(
                ImageBytes {
                    // A view of the same bytes: nothing is copied.
                    bytes: bytes.slice(start as usize..=end as usize),
                    content_type: file.content_type,
                },
                file.etag,
                cache_control,
                format!("bytes {start}-{end}/{len}"),
            )),
            Some(Err(())) => {
                let error = ApiError::new(
                    poem::http::StatusCode::RANGE_NOT_SATISFIABLE,
                    "range_not_satisfiable",
                    format!("The file has {len} bytes."),
                );
                Ok(FileResponse::RangeNotSatisfiable(
                    Json(error.body().clone()),
                    format!("bytes */{len}"),
                ))
            }
        }
    }
}
