//! Every error leaves Enid as JSON `{code, detail, fields?}`: the core's errors through [`ApiError`],
//! and poem's own (unparsable bodies and parameters, missing auth, unknown routes, wrong methods,
//! CORS refusals) through [`poem_error_to_json`].

use std::collections::BTreeMap;

use poem::http::{HeaderValue, StatusCode, header};
use poem::{IntoResponse, Response};
use poem_openapi::payload::Json;
use poem_openapi::registry::{MetaHeader, MetaResponse, MetaResponses, Registry};
use poem_openapi::types::Type;
use poem_openapi::{ApiResponse, Object, ResponseContent};

use enid_core::{Error, ErrorKind};

/// The body of every error response.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct ErrorBody {
    /// Stable, snake_case machine-readable code, e.g. `validation_error`, `email_taken`.
    pub code: String,
    /// Human-readable explanation.
    pub detail: String,
    /// For validation errors: the messages of each invalid field.
    pub fields: Option<BTreeMap<String, Vec<String>>>,
}

/// An error answer of any Enid operation.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
    retry_after_secs: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, detail: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody {
                code: code.to_owned(),
                detail: detail.into(),
                fields: None,
            },
            retry_after_secs: None,
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn body(&self) -> &ErrorBody {
        &self.body
    }
}

pub fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
        ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Conflict => StatusCode::CONFLICT,
        ErrorKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorKind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorKind::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        if err.kind == ErrorKind::Internal {
            // The cause goes to the log only; the client sees the generic detail.
            tracing::error!(error = %err, "internal error");
        }
        Self {
            status: status_of(err.kind),
            body: ErrorBody {
                code: err.code.to_owned(),
                detail: err.detail.clone(),
                fields: (!err.fields.is_empty()).then(|| err.fields.clone()),
            },
            retry_after_secs: err
                .retry_after
                .map(|d| d.as_secs_f64().ceil().max(1.0) as u64),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = Json(self.body).into_response();
        response.set_status(self.status);
        if let Some(secs) = self.retry_after_secs {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

impl From<ApiError> for poem::Error {
    fn from(err: ApiError) -> Self {
        let message = format!("{}: {}", err.body.code, err.body.detail);
        let mut error = poem::Error::from_response(err.into_response());
        error.set_error_message(message);
        error
    }
}

/// The statuses any operation may answer with, documented once for all.
const DOCUMENTED: &[(u16, &str)] = &[
    (
        400,
        "Invalid input: malformed JSON, wrong types, failed validation (see `fields`), bad parameters or headers.",
    ),
    (
        401,
        "Missing, malformed, expired or revoked access token, or wrong credentials.",
    ),
    (
        403,
        "Authenticated, but the role in this store does not allow it.",
    ),
    (
        404,
        "Not found, or not in this store (including an unknown or inactive `X-Store-Id`).",
    ),
    (
        408,
        "The request body did not arrive in time; the connection is closed.",
    ),
    (409, "Conflict with the current state, e.g. a duplicate."),
    (413, "The request body is larger than allowed."),
    (415, "The request body is not JSON."),
    (
        429,
        "Rate limited; retry after the number of seconds in `Retry-After`.",
    ),
    (
        500,
        "Unexpected server error; details are only in the server log.",
    ),
];

/// `ApiError`'s description of `status`, when it documents it.
pub(crate) fn documented(status: u16) -> Option<&'static str> {
    DOCUMENTED
        .iter()
        .find(|(documented, _)| *documented == status)
        .map(|(_, description)| *description)
}

impl ApiResponse for ApiError {
    fn meta() -> MetaResponses {
        MetaResponses {
            responses: DOCUMENTED
                .iter()
                .map(|(status, description)| MetaResponse {
                    description,
                    status: Some(*status),
                    status_range: None,
                    content: <Json<ErrorBody> as ResponseContent>::media_types(),
                    headers: if *status == 429 {
                        vec![MetaHeader {
                            name: "Retry-After".to_owned(),
                            description: Some("Seconds to wait before retrying.".to_owned()),
                            required: true,
                            deprecated: false,
                            schema: u64::schema_ref(),
                        }]
                    } else {
                        Vec::new()
                    },
                })
                .collect(),
        }
    }

    fn register(registry: &mut Registry) {
        <Json<ErrorBody> as ResponseContent>::register(registry);
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Converts poem's own errors to the JSON error shape; errors that are already responses (ours)
/// pass through unchanged.
pub fn poem_error_to_json(err: poem::Error) -> Response {
    if err.is_from_response() {
        return err.into_response();
    }
    if let Some(refusal) = err.downcast_ref::<poem::error::CorsError>() {
        let detail = match refusal {
            poem::error::CorsError::OriginNotAllowed => "This origin is not allowed.",
            poem::error::CorsError::MethodNotAllowed => {
                "This method is not allowed from another origin."
            }
            poem::error::CorsError::HeadersNotAllowed => {
                "These request headers are not allowed from another origin."
            }
        };
        return ApiError::new(StatusCode::FORBIDDEN, "cors_refused", detail).into_response();
    }
    let status = err.status();
    let code = match status {
        StatusCode::BAD_REQUEST => {
            if err.is::<poem_openapi::error::ParseRequestPayloadError>() {
                "invalid_body"
            } else if err.is::<poem_openapi::error::ParseParamError>()
                || err.is::<poem_openapi::error::ParsePathError>()
            {
                "invalid_parameter"
            } else {
                "bad_request"
            }
        }
        StatusCode::UNAUTHORIZED => "not_authenticated",
        StatusCode::FORBIDDEN => "permission_denied",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        s if s.is_server_error() => "internal_error",
        _ => "error",
    };
    let detail = match status {
        StatusCode::UNAUTHORIZED => {
            "Authentication credentials were not provided or are invalid.".to_owned()
        }
        StatusCode::NOT_FOUND => "Not found.".to_owned(),
        StatusCode::METHOD_NOT_ALLOWED => "Method not allowed.".to_owned(),
        s if s.is_server_error() => {
            tracing::error!(error = %err, "unhandled server error");
            "Internal server error.".to_owned()
        }
        _ => err.to_string(),
    };
    let mut error = ApiError::new(status, code, detail);
    // A parameter that does not parse (a number, a date, one of an enum's values) is named in
    // `fields` as a body's invalid field is.
    if let Some(parameter) = err.downcast_ref::<poem_openapi::error::ParseParamError>() {
        error.body.fields = Some(BTreeMap::from([(
            parameter.name.to_owned(),
            vec![parameter.reason.clone()],
        )]));
    }
    error.into_response()
}
