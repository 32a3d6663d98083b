//! Enid's storage backends. [`connect`] picks one from the database URL:
//! `sqlite://PATH`, `sqlite::memory:` or `postgres://...`.

pub mod migrations;
#[cfg(feature = "postgres")]
pub mod postgres;
#[cfg(feature = "redis")]
pub mod redis;
#[cfg(feature = "s3")]
pub mod s3;
#[cfg(feature = "sqlite")]
pub mod sqlite;
#[cfg(test)]
mod tcp_options;
pub mod testing;

use std::sync::Arc;

use enid_core::storage::Storage;
use enid_core::{Error, Result};

/// Opens the database the URL names and applies pending migrations.
pub async fn connect(url: &str) -> Result<Arc<dyn Storage>> {
    let storage: Arc<dyn Storage> = match url.split_once(':').map(|(scheme, _)| scheme) {
        #[cfg(feature = "sqlite")]
        Some("sqlite") => Arc::new(sqlite::SqliteStorage::open(
            &sqlite::SqliteLocation::parse(url)?,
        )?),
        #[cfg(feature = "postgres")]
        Some("postgres" | "postgresql") => Arc::new(postgres::PostgresStorage::connect(url).await?),
        _ => {
            return Err(Error::bad_request(
                "invalid_database_url",
                "The database URL must start with sqlite: or postgres:// (with that backend compiled in).",
            ));
        }
    };
    storage.migrate().await?;
    Ok(storage)
}

/// The n-th candidate for a unique slug: `slug`, `slug-2`, `slug-3`, ...
pub(crate) fn numbered_slug(slug: &str, attempt: u32) -> String {
    if attempt == 1 {
        slug.to_owned()
    } else {
        format!("{slug}-{attempt}")
    }
}

/// Escapes the LIKE wildcards `%` and `_` (and the escape character `\`) so user text matches
/// literally; use with `LIKE ... ESCAPE '\'`.
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(crate) fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(super::escape_like("50%_off\\now"), "50\\%\\_off\\\\now");
        assert_eq!(super::escape_like("plain"), "plain");
    }

    #[test]
    fn slugs_are_numbered_from_two() {
        assert_eq!(super::numbered_slug("tienda", 1), "tienda");
        assert_eq!(super::numbered_slug("tienda", 3), "tienda-3");
    }
}
