//! The one error type of Enid. Each error carries an [`ErrorKind`] (which the HTTP layer maps to a
//! status), a stable snake_case `code`, a human `detail`, and per-field messages for validation.
//! Internal errors keep their cause for the logs and never show it to clients.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Per-field validation messages, in field order.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// Malformed or invalid input (400).
    BadRequest,
    /// Missing, invalid, expired or revoked credentials (401).
    Unauthorized,
    /// Authenticated but not allowed (403).
    Forbidden,
    /// The thing does not exist, or not in this store (404).
    NotFound,
    /// Duplicate, insufficient stock, or a state that forbids the change (409).
    Conflict,
    /// The request body is larger than allowed (413).
    PayloadTooLarge,
    /// The request body has a media type Enid does not accept (415).
    UnsupportedMediaType,
    /// Too many requests; `retry_after` says when to come back (429).
    RateLimited,
    /// An upstream service (the chat model) failed (503).
    Unavailable,
    /// A bug or an infrastructure failure; details only in the logs (500).
    Internal,
}

pub struct Error {
    pub kind: ErrorKind,
    pub code: &'static str,
    pub detail: String,
    pub fields: FieldErrors,
    pub retry_after: Option<Duration>,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl Error {
    pub fn new(kind: ErrorKind, code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            kind,
            code,
            detail: detail.into(),
            fields: FieldErrors::new(),
            retry_after: None,
            source: None,
        }
    }

    /// A validation failure of one field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let mut fields = FieldErrors::new();
        fields.insert(field.to_owned(), vec![message.into()]);
        Self::validation(fields)
    }

    pub fn validation(fields: FieldErrors) -> Self {
        let mut err = Self::new(ErrorKind::BadRequest, "validation_error", "Invalid input.");
        err.fields = fields;
        err
    }

    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadRequest, code, detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unauthorized, "not_authenticated", detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::Forbidden, "permission_denied", detail)
    }

    /// `what` names the missing thing, e.g. "user" → code `user_not_found`.
    pub fn not_found(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, code, detail)
    }

    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, code, detail)
    }

    pub fn rate_limited(retry_after: Duration) -> Self {
        let mut err = Self::new(
            ErrorKind::RateLimited,
            "rate_limited",
            "Too many requests; try again later.",
        );
        err.retry_after = Some(retry_after);
        err
    }

    /// An upstream service (the chat model) failed. The cause is kept for the logs only.
    pub fn unavailable(
        code: &'static str,
        detail: impl Into<String>,
        cause: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        let mut err = Self::new(ErrorKind::Unavailable, code, detail);
        err.source = Some(cause.into());
        err
    }

    /// An internal failure. The cause is kept for the logs; clients see a generic message.
    pub fn internal(source: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>) -> Self {
        let mut err = Self::new(
            ErrorKind::Internal,
            "internal_error",
            "Internal server error.",
        );
        err.source = Some(source.into());
        err
    }

    /// The hidden cause of an internal error, for logging.
    pub fn cause(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.source.as_deref()
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Error");
        s.field("kind", &self.kind)
            .field("code", &self.code)
            .field("detail", &self.detail);
        if !self.fields.is_empty() {
            s.field("fields", &self.fields);
        }
        if let Some(source) = &self.source {
            s.field("source", &format_args!("{source}"));
        }
        s.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.detail)?;
        if let Some(source) = &self.source {
            write!(f, " ({source})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Collects field errors so a request reports every invalid field at once.
#[derive(Debug, Default)]
pub struct Validator {
    fields: FieldErrors,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.fields
            .entry(field.to_owned())
            .or_default()
            .push(message.into());
    }

    /// Runs a parse and keeps its value, or records its field errors.
    pub fn field<T>(&mut self, result: Result<T>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) if err.kind == ErrorKind::BadRequest && !err.fields.is_empty() => {
                for (field, messages) in err.fields {
                    self.fields.entry(field).or_default().extend(messages);
                }
                None
            }
            Err(err) => {
                self.add("non_field_errors", err.detail);
                None
            }
        }
    }

    pub fn finish(self) -> Result<()> {
        if self.fields.is_empty() {
            Ok(())
        } else {
            Err(Error::validation(self.fields))
        }
    }
}
