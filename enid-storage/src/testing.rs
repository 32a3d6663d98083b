//! Which test services are configured: **for tests only**, shared by the test suites of every
//! crate.
//!
//! Backend tests run on PostgreSQL when `ENID_TEST_POSTGRES_URL` names a database and on Redis
//! when `ENID_TEST_REDIS_URL` names a server. Without one, such a test passes without running and
//! says so with one line on the process's standard error:
//!
//! ```text
//! skipped on PostgreSQL (ENID_TEST_POSTGRES_URL unset): stores::slugs_get_numbered_on_collision
//! ```
//!
//! The line is written to standard error directly, because the test harness captures what
//! `eprintln!` prints in a passing test and shows nothing of it. `ENID_TEST_REQUIRE_POSTGRES=1`
//! and `ENID_TEST_REQUIRE_REDIS=1` turn a missing service into a failure instead (as in CI).

use std::collections::BTreeSet;
use std::io::Write;
use std::sync::{Mutex, PoisonError};

/// A service some tests need, and the variables that configure it.
struct TestService {
    name: &'static str,
    url_variable: &'static str,
    require_variable: &'static str,
}

const POSTGRES: TestService = TestService {
    name: "PostgreSQL",
    url_variable: "ENID_TEST_POSTGRES_URL",
    require_variable: "ENID_TEST_REQUIRE_POSTGRES",
};

const S3: TestService = TestService {
    name: "S3",
    url_variable: "ENID_TEST_S3_URL",
    require_variable: "ENID_TEST_REQUIRE_S3",
};

const REDIS: TestService = TestService {
    name: "Redis",
    url_variable: "ENID_TEST_REDIS_URL",
    require_variable: "ENID_TEST_REQUIRE_REDIS",
};

/// The URL of `ENID_TEST_POSTGRES_URL`, or `None` after reporting the calling test as skipped.
///
/// # Panics
///
/// When the variable is unset or empty and `ENID_TEST_REQUIRE_POSTGRES=1`.
pub fn postgres_url() -> Option<String> {
    configured_url(&POSTGRES)
}

/// The URL of `ENID_TEST_REDIS_URL`, or `None` after reporting the calling test as skipped.
///
/// # Panics
///
/// When the variable is unset or empty and `ENID_TEST_REQUIRE_REDIS=1`.
pub fn redis_url() -> Option<String> {
    configured_url(&REDIS)
}

/// The URL of `ENID_TEST_S3_URL`: a local S3-compatible server and an existing bucket, as
/// `http://127.0.0.1:9000/BUCKET`; or `None` after reporting the calling test as skipped.
///
/// # Panics
///
/// When the variable is unset or empty and `ENID_TEST_REQUIRE_S3=1`.
pub fn s3_url() -> Option<String> {
    configured_url(&S3)
}

/// A blob store in the bucket of `ENID_TEST_S3_URL`, under a prefix of its own (so tests never
/// see each other's blobs), or `None` after reporting the calling test as skipped. The local
/// server takes any keys.
///
/// # Panics
///
/// When the URL names no bucket, or the variable is unset and `ENID_TEST_REQUIRE_S3=1`.
#[cfg(feature = "s3")]
pub fn s3_blob_store() -> Option<crate::s3::S3BlobStore> {
    let url = s3_url()?;
    let (endpoint, bucket) = url
        .trim_end_matches('/')
        .rsplit_once('/')
        .filter(|(endpoint, bucket)| endpoint.contains("://") && !bucket.is_empty())
        .expect("ENID_TEST_S3_URL is http://HOST:PORT/BUCKET");
    let prefix = uuid::Uuid::new_v4().simple();
    Some(
        crate::s3::S3BlobStore::with_endpoint(
            &format!("s3://{bucket}/enid-test-{prefix}"),
            endpoint,
            "enid-test",
            "enid-test-secret",
        )
        .expect("the test S3 store builds"),
    )
}

/// Holds writes to a table back, as another process's long transaction would, until released:
/// on SQLite the database's write lock (`BEGIN IMMEDIATE`), on PostgreSQL the table's `EXCLUSIVE`
/// lock. Reads go on. For tests of what a request does while its writes wait.
pub enum WriteLock {
    #[cfg(feature = "sqlite")]
    Sqlite(rusqlite::Connection),
    #[cfg(feature = "postgres")]
    Postgres(sqlx::PgConnection),
}

impl WriteLock {
    /// Takes the lock on `table` of the database `url` names (a file for SQLite).
    ///
    /// # Panics
    ///
    /// When the database cannot be reached or locked.
    pub async fn take(url: &str, table: &str) -> Self {
        #[cfg(feature = "sqlite")]
        if let Ok(crate::sqlite::SqliteLocation::File(path)) =
            crate::sqlite::SqliteLocation::parse(url)
        {
            let conn = rusqlite::Connection::open(path).expect("opens the SQLite file");
            conn.execute_batch("BEGIN IMMEDIATE")
                .expect("takes the SQLite write lock");
            return Self::Sqlite(conn);
        }
        #[cfg(feature = "postgres")]
        {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(url)
                .await
                .expect("connects to PostgreSQL");
            // Test code names its table; nothing to inject.
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "BEGIN; LOCK TABLE {table} IN EXCLUSIVE MODE"
            )))
            .execute(&mut conn)
            .await
            .expect("locks the table");
            return Self::Postgres(conn);
        }
        #[allow(unreachable_code)]
        {
            panic!("no backend of this build takes {url}")
        }
    }

    /// Lets the writes that waited go on.
    pub async fn release(self) {
        match self {
            #[cfg(feature = "sqlite")]
            Self::Sqlite(conn) => conn
                .execute_batch("ROLLBACK")
                .expect("releases the SQLite write lock"),
            #[cfg(feature = "postgres")]
            Self::Postgres(mut conn) => {
                sqlx::raw_sql("ROLLBACK")
                    .execute(&mut conn)
                    .await
                    .expect("releases the table lock");
            }
        }
    }
}

fn configured_url(service: &TestService) -> Option<String> {
    let url = std::env::var(service.url_variable)
        .ok()
        .filter(|url| !url.is_empty());
    if url.is_none() {
        assert_ne!(
            std::env::var(service.require_variable).as_deref(),
            Ok("1"),
            "{}=1 but {} is not set",
            service.require_variable,
            service.url_variable
        );
        report_skip(service);
    }
    url
}

/// Writes one line per test and service, however often the test asked. The harness runs each test
/// on a thread named after it.
fn report_skip(service: &TestService) {
    static REPORTED: Mutex<BTreeSet<(&str, String)>> = Mutex::new(BTreeSet::new());
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("unnamed test");
    let first_time = REPORTED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert((service.name, test.to_owned()));
    if first_time {
        let line = format!(
            "skipped on {} ({} unset): {test}\n",
            service.name, service.url_variable
        );
        // A failed write to stderr leaves nothing better to report it on.
        let _ = std::io::stderr().write_all(line.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use std::process::{Command, Output};

    use super::*;

    /// Stands for every test that needs PostgreSQL and Redis; asks twice, as some tests do.
    #[test]
    fn needs_postgres_and_redis() {
        for _ in 0..2 {
            let _ = postgres_url();
            let _ = redis_url();
        }
    }

    /// Runs [`needs_postgres_and_redis`] alone in a child of this test binary, without the test
    /// services and with these variables.
    fn run_needs_postgres_and_redis(env: &[(&str, &str)]) -> Output {
        let mut command = Command::new(std::env::current_exe().expect("test binary"));
        command.args(["--exact", "testing::tests::needs_postgres_and_redis"]);
        for service in [&POSTGRES, &REDIS] {
            command
                .env_remove(service.url_variable)
                .env_remove(service.require_variable);
        }
        command.envs(env.iter().copied()).output().expect("runs")
    }

    #[test]
    fn a_skipped_test_is_named_once_per_service_and_required_services_fail() {
        let skipped = run_needs_postgres_and_redis(&[]);
        let stderr = String::from_utf8_lossy(&skipped.stderr);
        assert!(skipped.status.success(), "{stderr}");
        assert_eq!(
            stderr,
            "skipped on PostgreSQL (ENID_TEST_POSTGRES_URL unset): \
             testing::tests::needs_postgres_and_redis\n\
             skipped on Redis (ENID_TEST_REDIS_URL unset): \
             testing::tests::needs_postgres_and_redis\n"
        );

        for (service, env) in [
            (&POSTGRES, [("ENID_TEST_REQUIRE_POSTGRES", "1")]),
            (&REDIS, [("ENID_TEST_REQUIRE_REDIS", "1")]),
        ] {
            let required = run_needs_postgres_and_redis(&env);
            assert!(!required.status.success(), "{} is required", service.name);
            let output = String::from_utf8_lossy(&required.stdout);
            let message = format!(
                "{}=1 but {} is not set",
                service.require_variable, service.url_variable
            );
            assert!(output.contains(&message), "{output}");
        }
    }
}
