//! Helpers for tests that run against a real PostgreSQL: **for tests only**, not for production
//! use.
//!
//! Each test gets its own, empty schema in one shared database, so tests run in parallel and
//! never see each other's rows. The schemas are not dropped afterwards; on a throwaway test
//! database that does not matter, otherwise drop them with
//! `DROP SCHEMA enid_test_... CASCADE`.

use sqlx::{AssertSqlSafe, Connection, PgConnection};
use uuid::Uuid;

use enid_core::{Error, Result};

use super::invalidations::listener_application;
use super::redact;

/// Creates a new schema `enid_test_<uuid>` in the database `base_url` names and returns a URL
/// whose connections use that schema alone (`search_path`), for [`crate::connect`].
///
/// The schema travels in the libpq-style `options` parameter (`-c search_path=...`), which sqlx
/// sends as the startup `options` of every connection; an `options` already in the URL is kept.
pub async fn fresh_schema_url(base_url: &str) -> Result<String> {
    let schema = format!("enid_test_{}", Uuid::new_v4().simple());
    let mut conn = PgConnection::connect(base_url).await.map_err(|e| {
        Error::internal(redact(
            &format!("cannot connect to PostgreSQL: {e}"),
            base_url,
        ))
    })?;
    // The name is generated here from hex digits only: nothing to inject.
    sqlx::raw_sql(AssertSqlSafe(format!("CREATE SCHEMA \"{schema}\"")))
        .execute(&mut conn)
        .await
        .map_err(Error::internal)?;
    conn.close().await.map_err(Error::internal)?;
    Ok(with_search_path(base_url, &schema))
}

/// Ends the connections on which instances listen for the invalidations of the schema `url`
/// names (as a lost network connection would); returns how many there were.
pub async fn end_invalidation_listeners(url: &str) -> Result<i64> {
    invalidation_listeners(url, true).await
}

/// How many instances listen for the invalidations of the schema `url` names.
pub async fn count_invalidation_listeners(url: &str) -> Result<i64> {
    invalidation_listeners(url, false).await
}

async fn invalidation_listeners(url: &str, end: bool) -> Result<i64> {
    let mut conn = PgConnection::connect(url)
        .await
        .map_err(|e| Error::internal(redact(&format!("cannot connect to PostgreSQL: {e}"), url)))?;
    let schema: String = sqlx::query_scalar("SELECT current_schema()")
        .fetch_one(&mut conn)
        .await
        .map_err(Error::internal)?;
    let count = sqlx::query_scalar(
        "SELECT COUNT(*) FILTER (WHERE CASE WHEN $2 THEN pg_terminate_backend(pid) ELSE true END) FROM pg_stat_activity \
         WHERE application_name = $1 AND datname = current_database()",
    )
    .bind(listener_application(&schema))
    .bind(end)
    .fetch_one(&mut conn)
    .await
    .map_err(Error::internal)?;
    conn.close().await.map_err(Error::internal)?;
    Ok(count)
}

/// `url` with `options=-c search_path=<schema>` added to its query string (percent-encoded).
fn with_search_path(url: &str, schema: &str) -> String {
    let (url, fragment) = match url.split_once('#') {
        Some((url, fragment)) => (url, Some(fragment)),
        None => (url, None),
    };
    let separator = match url.find('?') {
        None => "?",
        Some(at) if at + 1 == url.len() || url.ends_with('&') => "",
        Some(_) => "&",
    };
    let mut out = format!("{url}{separator}options=-c%20search_path%3D{schema}");
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::postgres::PgConnectOptions;

    #[test]
    fn the_search_path_rides_in_the_options_parameter() {
        let cases = [
            (
                "postgres://u@h/db",
                "postgres://u@h/db?options=-c%20search_path%3Ds1",
            ),
            (
                "postgres://u@h/db?",
                "postgres://u@h/db?options=-c%20search_path%3Ds1",
            ),
            (
                "postgres://u@h/db?sslmode=disable",
                "postgres://u@h/db?sslmode=disable&options=-c%20search_path%3Ds1",
            ),
        ];
        for (base, expected) in cases {
            assert_eq!(with_search_path(base, "s1"), expected);
        }
        let options: PgConnectOptions =
            with_search_path("postgres://u@h/db?options=-c%20work_mem%3D8MB", "s1")
                .parse()
                .unwrap();
        assert_eq!(
            options.get_options(),
            Some("-c work_mem=8MB -c search_path=s1")
        );
        assert_eq!(options.get_database(), Some("db"));
    }
}
