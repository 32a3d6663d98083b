//! The multipart body of an image upload, read as it streams in: the file part stops being read
//! (413) as soon as it passes `ENID_MAX_UPLOAD_BYTES`, so an oversized upload is never buffered
//! whole. Text parts are small and checked; unknown or repeated parts are refused.

use bytes::{Bytes, BytesMut};
use poem::http::StatusCode;
use poem::{Request, RequestBody};
use poem_openapi::payload::{ParsePayload, Payload};
use poem_openapi::registry::{MetaSchema, MetaSchemaRef, Registry};

use enid_core::Enid;
use enid_core::error::FieldErrors;
use enid_core::references::{UploadInput, upload_too_large};

use crate::error::ApiError;

/// The most bytes of one text part (title, description...).
const TEXT_PART_MAX_BYTES: usize = 16 * 1024;
/// What a multipart body may carry besides the file: boundaries, part headers and text parts.
pub const FORM_OVERHEAD_BYTES: usize = 64 * 1024;
/// The parts an upload takes.
const PARTS: [&str; 5] = ["file", "title", "description", "is_main", "business"];

/// `multipart/form-data` with a `file` part and optional `title`, `description`, `is_main`
/// (`true`/`false`) and `business` (a slug).
#[derive(Debug, Default)]
pub struct ImageUploadForm(pub UploadInput);

fn invalid(field: &str, message: &str) -> poem::Error {
    let mut fields = FieldErrors::new();
    fields.insert(field.to_owned(), vec![message.to_owned()]);
    ApiError::from(enid_core::Error::validation(fields)).into()
}

fn unreadable(err: impl std::fmt::Display) -> poem::Error {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "invalid_body",
        format!("The multipart body cannot be read: {err}."),
    )
    .into()
}

/// Reads at most `limit` bytes of `part`; `None` when it has more.
/// `form_limit` is the image's limit, for the 413 of a form past its own.
async fn read_limited(
    mut part: multer::Field<'_>,
    limit: usize,
    form_limit: usize,
) -> poem::Result<Option<Bytes>> {
    let mut buffer = BytesMut::new();
    while let Some(chunk) = part
        .chunk()
        .await
        .map_err(|err| multipart_failure(err, form_limit))?
    {
        if buffer.len() + chunk.len() > limit {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk);
    }
    Ok(Some(buffer.freeze()))
}

/// A body over the form's limit is a 413 (stated as the image's limit, `limit`); anything else
/// unreadable a 400.
fn multipart_failure(err: multer::Error, limit: usize) -> poem::Error {
    match err {
        multer::Error::StreamSizeExceeded { .. } => ApiError::from(upload_too_large(limit)).into(),
        other => unreadable(other),
    }
}

fn text_part(name: &str, bytes: Bytes) -> poem::Result<String> {
    String::from_utf8(bytes.to_vec()).map_err(|_| invalid(name, "Must be UTF-8 text."))
}

impl Payload for ImageUploadForm {
    const CONTENT_TYPE: &'static str = "multipart/form-data";

    fn check_content_type(content_type: &str) -> bool {
        content_type
            .split(';')
            .next()
            .is_some_and(|essence| essence.trim().eq_ignore_ascii_case(Self::CONTENT_TYPE))
    }

    fn schema_ref() -> MetaSchemaRef {
        let text = |description: &'static str| {
            MetaSchemaRef::Inline(Box::new(MetaSchema {
                description: Some(description),
                ..MetaSchema::new("string")
            }))
        };
        MetaSchemaRef::Inline(Box::new(MetaSchema {
            required: vec!["file"],
            properties: vec![
                (
                    "file",
                    MetaSchemaRef::Inline(Box::new(MetaSchema {
                        description: Some(
                            "JPEG, PNG, WebP or GIF, recognised by content; its file name is \
                             only a label (the default title).",
                        ),
                        ..MetaSchema::new_with_format("string", "binary")
                    })),
                ),
                (
                    "title",
                    text("At most 200 characters; defaults to the file name."),
                ),
                ("description", text("At most 2,000 characters.")),
                (
                    "is_main",
                    MetaSchemaRef::Inline(Box::new(MetaSchema {
                        description: Some(
                            "true makes it the main image of its business (which it needs).",
                        ),
                        ..MetaSchema::new("boolean")
                    })),
                ),
                ("business", text("The slug of a business of the store.")),
            ],
            ..MetaSchema::new("object")
        }))
    }

    fn register(_registry: &mut Registry) {}
}

impl ParsePayload for ImageUploadForm {
    const IS_REQUIRED: bool = true;

    async fn from_request(request: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        let limit = request
            .data::<Enid>()
            .expect("the endpoint carries Enid")
            .config()
            .max_upload_bytes;
        let boundary = request
            .content_type()
            .and_then(|content_type| multer::parse_boundary(content_type).ok())
            .ok_or_else(|| unreadable("the multipart boundary is missing"))?;
        // multer pulls whatever the body has ready before it yields, so the size limit has to be
        // its own: past it, reading stops.
        let constraints = multer::Constraints::new().size_limit(
            multer::SizeLimit::new().whole_stream((limit + FORM_OVERHEAD_BYTES) as u64),
        );
        let mut multipart = multer::Multipart::with_constraints(
            body.take()?.into_bytes_stream(),
            boundary,
            constraints,
        );
        let mut form = UploadInput::default();
        let mut seen = Vec::new();
        let mut has_file = false;
        while let Some(part) = multipart
            .next_field()
            .await
            .map_err(|err| multipart_failure(err, limit))?
        {
            let name = part.name().unwrap_or_default().to_owned();
            if !PARTS.contains(&name.as_str()) {
                return Err(invalid(
                    if name.is_empty() {
                        "non_field_errors"
                    } else {
                        &name
                    },
                    &format!("Unknown part; the parts are {}.", PARTS.join(", ")),
                ));
            }
            if seen.contains(&name) {
                return Err(invalid(&name, "This part may appear once."));
            }
            seen.push(name.clone());
            if name == "file" {
                form.file_name = part.file_name().map(str::to_owned);
                form.bytes = read_limited(part, limit, limit)
                    .await?
                    .ok_or_else(|| poem::Error::from(ApiError::from(upload_too_large(limit))))?;
                has_file = true;
                continue;
            }
            let text = match read_limited(part, TEXT_PART_MAX_BYTES, limit).await? {
                Some(bytes) => text_part(&name, bytes)?,
                None => return Err(invalid(&name, "This part is too long.")),
            };
            match name.as_str() {
                "title" => form.title = Some(text),
                "description" => form.description = Some(text),
                "business" => form.business = Some(text).filter(|slug| !slug.trim().is_empty()),
                _ => {
                    form.is_main = Some(match text.trim() {
                        "true" | "1" | "on" => true,
                        "false" | "0" | "off" | "" => false,
                        _ => return Err(invalid("is_main", "Must be true or false.")),
                    });
                }
            }
        }
        if !has_file {
            return Err(invalid("file", "This field is required."));
        }
        Ok(Self(form))
    }
}

poem_openapi::impl_apirequest_for_payload!(ImageUploadForm,);
