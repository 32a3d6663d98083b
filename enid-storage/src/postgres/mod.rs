//! The PostgreSQL backend (sqlx): a connection pool, every atomic operation in one transaction, and
//! the row locks or conditional statements that keep each one safe when several instances share the
//! database.

mod accounts;
mod analytics;
mod assistant;
mod faqs;
mod group_commit;
mod invalidations;
mod leads;
mod references;
mod returns;
mod stock;
mod stores;
pub mod testing;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{AssertSqlSafe, Connection, PgConnection};

use enid_core::config::url_password;
use enid_core::invalidation::{Invalidation, InvalidationSink};
use enid_core::storage::Storage;
use enid_core::{Error, Result};

use self::group_commit::GroupCommit;
use crate::migrations::{FAQ_SEARCH_INDEX, Migration, PAGE_ACCESS_ROLLUPS, POSTGRES};

/// Connections in the pool.
const MAX_CONNECTIONS: u32 = 10;
/// A pooled connection idle this long is pinged before it is handed out.
const PING_AFTER_IDLE: Duration = Duration::from_secs(1);
/// How long a caller waits for a free connection (or a new one) before failing.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);
/// The first key of the advisory lock that serialises migrations ("Enid" in ASCII). The second
/// key is the hash of the current schema, so databases shared by several schemas (tests) only
/// serialise migrations of the same schema.
const MIGRATION_LOCK: i32 = 0x456E_6964;

/// Groups of page accesses in flight at once: while one waits for its commit, the next runs its
/// statements. Every group, even one that runs its writes one by one, locks rows in one order
/// (its rows, then its rollups once), so two never wait for each other in a circle.
const ACCESS_GROUPS_IN_FLIGHT: usize = 2;
/// Groups of intakes in flight at once: one, since every intake of a day bumps the same tally
/// row, which a group holds until it commits.
const INTAKE_GROUPS_IN_FLIGHT: usize = 1;

pub struct PostgresStorage {
    pool: PgPool,
    invalidations: invalidations::Invalidations,
    accesses: GroupCommit<analytics::AccessWrite>,
    intakes: GroupCommit<leads::IntakeWrite>,
}

impl PostgresStorage {
    /// Connects a pool to the database the `postgres://` URL names. Errors never repeat the URL
    /// or its password.
    pub async fn connect(url: &str) -> Result<Self> {
        let options: PgConnectOptions = url
            .parse()
            .map_err(|e| Error::internal(redact(&format!("invalid PostgreSQL URL: {e}"), url)))?;
        // JIT compiles a plan the planner thinks costly before running it: for Enid's queries
        // (an index range, a few aggregates) that takes longer than the query itself, e.g. 200 ms
        // on a 60 ms page-analytics summary. Notices ("relation already exists, skipping" from
        // each start's migrations) tell an operator nothing: only warnings and errors are sent.
        let options = options.options([("jit", "off"), ("client_min_messages", "warning")]);
        let connected = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            // By default every acquire pings the connection first: a round trip before each
            // query. A connection used a moment ago is alive; only one idle for a while is
            // checked (a broken one is replaced before the query runs).
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= PING_AFTER_IDLE {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(options.clone())
            .await;
        let cause = match connected {
            Ok(pool) => {
                tracing::debug!(
                    host = options.get_host(),
                    port = options.get_port(),
                    database = options.get_database(),
                    max_connections = MAX_CONNECTIONS,
                    "connected to PostgreSQL"
                );
                let invalidations = invalidations::Invalidations::new(&pool, &options).await?;
                return Ok(Self {
                    pool,
                    invalidations,
                    accesses: GroupCommit::new(ACCESS_GROUPS_IN_FLIGHT),
                    intakes: GroupCommit::new(INTAKE_GROUPS_IN_FLIGHT),
                });
            }
            // The pool retries a refused connection until the timeout and then reports only the
            // timeout: one more direct attempt tells why.
            Err(sqlx::Error::PoolTimedOut) => match PgConnection::connect_with(&options).await {
                Err(e) => describe(&e),
                Ok(conn) => {
                    let _ = conn.close().await;
                    "timed out".to_owned()
                }
            },
            Err(e) => describe(&e),
        };
        Err(Error::internal(redact(
            &format!("cannot connect to PostgreSQL: {cause}"),
            url,
        )))
    }

    /// The pool, for hosts that want to share it.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Commits `tx` with `invalidation` sent to the other instances, then hands it to this
    /// storage's own.
    async fn commit_invalidating(
        &self,
        mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
        invalidation: Invalidation,
    ) -> Result<()> {
        self.invalidations
            .notify_on_commit(&mut tx, &invalidation)
            .await
            .db()?;
        tx.commit().await.db()?;
        self.invalidations.deliver(&invalidation).await;
        Ok(())
    }
}

/// Removes the URL and its password from an error message, should the driver ever echo them.
fn redact(message: &str, url: &str) -> String {
    let mut message = message.replace(url, "<database url>");
    if let Some(password) = url_password(url) {
        message = message.replace(password, "<password>");
    }
    message
}

/// Takes the migration lock of the current schema until the transaction ends.
async fn lock_migrations(conn: &mut PgConnection) -> Result<()> {
    sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext(COALESCE(current_schema(), '')))")
        .bind(MIGRATION_LOCK)
        .execute(conn)
        .await
        .db()?;
    Ok(())
}

async fn apply_migrations(pool: &PgPool, migrations: &'static [Migration]) -> Result<()> {
    let mut conn = pool.acquire().await.db()?;
    // Under the lock too: two concurrent CREATE TABLE IF NOT EXISTS can both try to create it.
    let mut tx = conn.begin().await.db()?;
    lock_migrations(&mut tx).await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS enid_migrations (
            version BIGINT PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL
        )",
    )
    .execute(&mut *tx)
    .await
    .db()?;
    tx.commit().await.db()?;

    for migration in migrations {
        // Each migration in its own transaction, under the lock: a second process waits, then
        // sees the version recorded and skips it.
        let mut tx = conn.begin().await.db()?;
        lock_migrations(&mut tx).await?;
        let applied: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM enid_migrations WHERE version = $1)")
                .bind(migration.version)
                .fetch_one(&mut *tx)
                .await
                .db()?;
        if !applied {
            sqlx::raw_sql(migration.sql)
                .execute(&mut *tx)
                .await
                .map_err(|e| {
                    Error::internal(format!(
                        "migration {} failed: {}",
                        migration.name,
                        describe(&e)
                    ))
                })?;
            if migration.name == FAQ_SEARCH_INDEX {
                faqs::index_every_faq(&mut tx).await?;
            }
            if migration.name == PAGE_ACCESS_ROLLUPS {
                analytics::roll_up_every_day(&mut tx).await?;
            }
            sqlx::query(
                "INSERT INTO enid_migrations (version, name, applied_at) VALUES ($1, $2, now())",
            )
            .bind(migration.version)
            .bind(migration.name)
            .execute(&mut *tx)
            .await
            .db()?;
            tracing::info!(migration = migration.name, "applied PostgreSQL migration");
        }
        tx.commit().await.db()?;
    }
    Ok(())
}

#[async_trait]
impl Storage for PostgresStorage {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn migrate(&self) -> Result<()> {
        apply_migrations(&self.pool, POSTGRES).await
    }

    async fn ping(&self) -> Result<()> {
        sqlx::query_scalar::<_, i32>("SELECT 1")
            .fetch_one(&self.pool)
            .await
            .db()
            .map(drop)
    }

    async fn subscribe(&self, sink: Arc<dyn InvalidationSink>) -> Result<()> {
        self.invalidations.subscribe(sink).await
    }

    async fn publish(&self, invalidation: &Invalidation) -> Result<()> {
        self.invalidations.publish(&self.pool, invalidation).await
    }
}

/// What went wrong, as an operator reads it. sqlx writes a server error as "error returned from
/// database: MESSAGE at line N", N being the line of PostgreSQL's C source that raised it: noise
/// in a message. The server's message and its SQLSTATE say it all.
pub(crate) fn describe(err: &sqlx::Error) -> String {
    match err {
        sqlx::Error::Database(db) => match db.code() {
            Some(code) => format!("{} (SQLSTATE {code})", db.message()),
            None => db.message().to_owned(),
        },
        other => other.to_string(),
    }
}

/// An unexpected sqlx error as an internal error, its cause written by [`describe`].
pub(crate) fn database_failure(err: sqlx::Error) -> Error {
    Error::internal(describe(&err))
}

/// Whether an error is a UNIQUE or PRIMARY KEY violation (SQLSTATE 23505).
pub(crate) fn is_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|e| e.code().as_deref() == Some("23505"))
}

/// Whether an error aborted the transaction for a deadlock (SQLSTATE 40P01) or a serialization
/// failure (40001), so that running it again may succeed.
pub(crate) fn is_transient(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|e| matches!(e.code().as_deref(), Some("40P01" | "40001")))
}

/// Whether an error is a FOREIGN KEY violation (SQLSTATE 23503).
pub(crate) fn is_foreign_key_violation(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|e| e.code().as_deref() == Some("23503"))
}

/// A page of a store's rows of `table` in `order`, with their count; `from_row` reads `columns`.
/// The names are Enid's own constants, never input.
pub(crate) async fn store_page<T: Send + Unpin>(
    pool: &PgPool,
    table: &'static str,
    columns: &'static str,
    order: &'static str,
    store: enid_core::stores::StoreId,
    page: enid_core::pagination::PageRequest,
    from_row: fn(&sqlx::postgres::PgRow) -> sqlx::Result<T>,
) -> Result<enid_core::pagination::Page<T>> {
    let count: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM {table} WHERE store_id = $1"
    )))
    .bind(store)
    .fetch_one(pool)
    .await
    .db()?;
    let items = sqlx::query(AssertSqlSafe(format!(
        "SELECT {columns} FROM {table} WHERE store_id = $1 ORDER BY {order} LIMIT $2 OFFSET $3"
    )))
    .bind(store)
    .bind(page.limit())
    .bind(page.offset())
    .try_map(|row| from_row(&row))
    .fetch_all(pool)
    .await
    .db()?;
    Ok(enid_core::pagination::Page {
        count,
        items,
        request: page,
    })
}

/// Moves row `id` of an ordered list to `place` (0-based; past the end is last) and numbers the
/// list 0, 1, 2… in its order (`position`, then id), so one write reorders it. The list is the
/// store's rows of `table`, narrowed by `scope` (a condition that may use `$1` the store and `$2`
/// the row). The caller holds the lock that orders the list's writes. Returns the row's position.
pub(crate) async fn move_to_place(
    conn: &mut PgConnection,
    table: &'static str,
    scope: &'static str,
    store: enid_core::stores::StoreId,
    id: i64,
    place: i64,
) -> Result<i64> {
    sqlx::query(AssertSqlSafe(format!(
        "UPDATE {table} AS t SET position = r.place + CASE WHEN r.place >= $3 THEN 1 ELSE 0 END \
         FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY position, id) - 1 AS place FROM {table} \
         WHERE store_id = $1 AND {scope} AND id <> $2) AS r \
         WHERE t.id = r.id AND t.position <> r.place + CASE WHEN r.place >= $3 THEN 1 ELSE 0 END"
    )))
    .bind(store)
    .bind(id)
    .bind(place)
    .execute(&mut *conn)
    .await
    .db()?;
    sqlx::query_scalar(AssertSqlSafe(format!(
        "UPDATE {table} SET position = LEAST($3, (SELECT COUNT(*) - 1 FROM {table} \
         WHERE store_id = $1 AND {scope})) WHERE store_id = $1 AND id = $2 RETURNING position"
    )))
    .bind(store)
    .bind(id)
    .bind(place)
    .fetch_one(conn)
    .await
    .db()
}

/// `?` for sqlx results inside the backend.
pub(crate) trait Db<T> {
    fn db(self) -> Result<T>;
}

impl<T> Db<T> for std::result::Result<T, sqlx::Error> {
    fn db(self) -> Result<T> {
        self.map_err(database_failure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        let url = "postgres://enid:s3cr%40t@db.internal:5432/enid?sslmode=require";
        assert_eq!(url_password(url), Some("s3cr%40t"));
        let message = redact(&format!("failed for {url} with s3cr%40t"), url);
        assert!(!message.contains("s3cr"), "{message}");
        assert!(message.contains("<database url>"), "{message}");
        assert_eq!(url_password("postgres://enid@db/enid"), None);
        assert_eq!(url_password("postgres://enid:@db/enid"), None);
        assert_eq!(url_password("postgres:///enid?user=x"), None);
    }

    /// The PostgreSQL of `ENID_TEST_POSTGRES_URL` in a fresh schema, or `None` to skip (a failure
    /// when `ENID_TEST_REQUIRE_POSTGRES=1`), as in the conformance suite.
    async fn fresh_url() -> Option<String> {
        let url = crate::testing::postgres_url()?;
        Some(testing::fresh_schema_url(&url).await.expect("fresh schema"))
    }

    #[tokio::test]
    async fn instances_starting_together_migrate_once() {
        let Some(url) = fresh_url().await else { return };
        let starts: Vec<_> = (0..4)
            .map(|_| {
                let url = url.clone();
                tokio::spawn(async move { crate::connect(&url).await.map(drop) })
            })
            .collect();
        for start in starts {
            start.await.unwrap().unwrap();
        }
        let storage = PostgresStorage::connect(&url).await.unwrap();
        let versions: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM enid_migrations ORDER BY version")
                .fetch_all(&storage.pool)
                .await
                .unwrap();
        assert_eq!(
            versions,
            POSTGRES.iter().map(|m| m.version).collect::<Vec<_>>()
        );
        let schema: String = sqlx::query_scalar("SELECT current_schema()")
            .fetch_one(&storage.pool)
            .await
            .unwrap();
        assert!(schema.starts_with("enid_test_"), "{schema}");
    }

    /// Page accesses stored before the rollups existed are rolled up by the migration that
    /// brings them, and the summary reads them: a session seen on two days counts once.
    #[tokio::test]
    async fn the_rollups_migration_rolls_up_the_accesses_that_exist() {
        let Some(url) = fresh_url().await else { return };
        let pool = PgPool::connect(&url).await.unwrap();
        let at = POSTGRES
            .iter()
            .position(|m| m.name == PAGE_ACCESS_ROLLUPS)
            .unwrap();
        apply_migrations(&pool, &POSTGRES[..at]).await.unwrap();
        sqlx::raw_sql(
            "INSERT INTO stores (id, name, slug, created_at, updated_at) VALUES \
             (7, 'Tienda', 'tienda', now(), now()); \
             INSERT INTO page_accesses (store_id, page_url, section, session_id, time_on_page, \
                 event_type, created_at, updated_at) VALUES \
             (7, '/a', 'hero', 's1', 10, 'purchase', '2026-03-09T10:00:00Z', now()), \
             (7, '/b', '', 's1', 20, NULL, '2026-03-09T10:01:00Z', now()), \
             (7, '/a', 'hero', 's2', 5, NULL, '2026-03-09T11:00:00Z', now()), \
             (7, '/a', '', 's1', 1, NULL, '2026-03-10T09:00:00Z', now());",
        )
        .execute(&pool)
        .await
        .unwrap();
        apply_migrations(&pool, POSTGRES).await.unwrap();
        let storage = PostgresStorage::connect(&url).await.unwrap();
        use enid_core::analytics::{PageAccessStore, Window};
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let both = Window {
            first_day: day(9),
            today: day(10),
        };
        let summary = storage.page_access_summary(7, both).await.unwrap();
        let t = summary.traffic;
        assert_eq!(
            (
                t.views,
                t.time_on_page_sum,
                t.sessions,
                t.single_view_sessions
            ),
            (4, 36, 2, 1)
        );
        assert_eq!(summary.ecommerce.purchases, 1);
        assert_eq!(
            summary
                .top_sections
                .iter()
                .map(|v| (v.value.as_str(), v.count))
                .collect::<Vec<_>>(),
            [("hero", 2)]
        );
        let trends = storage.page_access_trends(7, both).await.unwrap();
        let sessions: Vec<(i64, i64)> = trends
            .iter()
            .map(|d| (d.traffic.sessions, d.traffic.single_view_sessions))
            .collect();
        assert_eq!(sessions, [(2, 1), (1, 1)]);
    }

    /// FAQs written before the search index existed are indexed by the migration that brings it.
    #[tokio::test]
    async fn the_faq_index_migration_indexes_the_faqs_that_exist() {
        let Some(url) = fresh_url().await else { return };
        let pool = PgPool::connect(&url).await.unwrap();
        let at = POSTGRES
            .iter()
            .position(|m| m.name == FAQ_SEARCH_INDEX)
            .unwrap();
        apply_migrations(&pool, &POSTGRES[..at]).await.unwrap();
        sqlx::raw_sql(
            "INSERT INTO stores (id, name, slug, created_at, updated_at) VALUES \
             (7, 'Tienda', 'tienda', now(), now()); \
             INSERT INTO faq_categories (id, store_id, name, slug, position, created_at, \
             updated_at) VALUES (1, 7, 'Ayuda', 'ayuda', 0, now(), now()); \
             INSERT INTO faqs (id, store_id, category_id, ask, answer, is_visible, position, \
             created_at, updated_at) VALUES \
             (1, 7, 1, '¿Hacen envíos?', 'Sí, a todo el país.', true, 0, now(), now()), \
             (2, 7, 1, '¿Cuánto tarda un envío?', 'Dos días.', false, 1, now(), now());",
        )
        .execute(&pool)
        .await
        .unwrap();
        apply_migrations(&pool, POSTGRES).await.unwrap();
        let storage = PostgresStorage::connect(&url).await.unwrap();
        use enid_core::faqs::FaqStore;
        let terms = enid_core::faqs::SearchTerms::parse("envíos");
        let found = storage.search_faqs(7, &terms, false, 10).await.unwrap();
        assert_eq!(
            found.iter().map(|(faq, _)| faq.id).collect::<Vec<_>>(),
            [1, 2]
        );
        assert_eq!(
            storage
                .search_faqs(7, &terms, true, 10)
                .await
                .unwrap()
                .len(),
            1
        );
        let (tally, listed): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT faqs FROM faq_term_tallies WHERE store_id = 7 AND term = 'envio'), \
             (SELECT SUM(faqs) FROM faq_tallies WHERE store_id = 7)::bigint",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!((tally, listed), (2, 2));
    }

    #[tokio::test]
    async fn connections_run_without_jit_and_keep_the_url_options() {
        let Some(url) = fresh_url().await else { return };
        let storage = PostgresStorage::connect(&url).await.unwrap();
        let (jit, notices, schema): (String, String, String) = sqlx::query_as(
            "SELECT current_setting('jit'), current_setting('client_min_messages'), current_schema()",
        )
        .fetch_one(&storage.pool)
        .await
        .unwrap();
        assert_eq!(jit, "off");
        assert_eq!(notices, "warning", "notices are not sent");
        assert!(schema.starts_with("enid_test_"), "{schema}");
    }

    #[tokio::test]
    async fn connections_send_without_waiting_for_acknowledgements() {
        // Without TCP_NODELAY, large groups of page views over TLS waited 40 ms each.
        let Some(url) = fresh_url().await else { return };
        let storage = PostgresStorage::connect(&url).await.unwrap();
        let mut conn = storage.pool.acquire().await.unwrap();
        let ports: (Option<i32>, Option<i32>) =
            sqlx::query_as("SELECT inet_client_port(), inet_server_port()")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
        let (Some(local), Some(remote)) = ports else {
            return; // a Unix socket: no TCP
        };
        let port = |port: i32| u16::try_from(port).unwrap();
        let nodelay = crate::tcp_options::nodelay_of_connection(port(local), port(remote));
        assert_eq!(nodelay, Some(true), "TCP_NODELAY on its socket");
    }

    #[tokio::test]
    async fn server_errors_read_without_source_locations() {
        let Some(url) = fresh_url().await else { return };
        let storage = PostgresStorage::connect(&url).await.unwrap();
        let err = sqlx::query("SELECT * FROM no_such_table")
            .execute(&storage.pool)
            .await
            .db()
            .unwrap_err();
        let cause = err
            .cause()
            .expect("an internal error keeps its cause")
            .to_string();
        assert_eq!(
            cause,
            "relation \"no_such_table\" does not exist (SQLSTATE 42P01)"
        );
        let (path, query) = url.split_once('?').unwrap_or((&url, ""));
        let server = path.rsplit_once('/').expect("a database in the URL").0;
        let missing = format!("{server}/enid_no_such_database?{query}");
        let err = PostgresStorage::connect(&missing).await.err().unwrap();
        let cause = err.cause().unwrap().to_string();
        assert!(
            cause.starts_with("cannot connect to PostgreSQL: database \"enid_no_such_database\""),
            "{cause}"
        );
        assert!(!cause.contains(" at line "), "{cause}");
    }

    #[tokio::test]
    async fn concurrent_demotions_keep_an_admin() {
        use enid_core::auth::{Email, MemberChanges, NewUser, UserStore};
        use enid_core::stores::{Role, StoreStore};
        use std::sync::Arc;

        let Some(url) = fresh_url().await else { return };
        let storage = Arc::new(PostgresStorage::connect(&url).await.unwrap());
        storage.migrate().await.unwrap();
        let now = chrono::Utc::now();
        for round in 0..10 {
            let store = storage
                .create_store("Race", "race", None, now)
                .await
                .unwrap()
                .id;
            let mut admins = Vec::new();
            for i in 0..2 {
                let user = NewUser {
                    email: Email::parse(&format!("admin{i}-{round}@example.mx")).unwrap(),
                    name: "Admin".into(),
                    password_hash: "x".into(),
                    is_superuser: false,
                };
                admins.push(
                    storage
                        .create_user(&user, Some((store, Role::Admin)), now)
                        .await
                        .unwrap()
                        .id,
                );
            }
            let demotions: Vec<_> = admins
                .iter()
                .map(|&admin| {
                    let storage = Arc::clone(&storage);
                    tokio::spawn(async move {
                        let demote = MemberChanges {
                            role: Some(Role::Staff),
                            ..Default::default()
                        };
                        storage.update_member(store, admin, &demote, now).await
                    })
                })
                .collect();
            let mut refused = 0;
            for demotion in demotions {
                match demotion.await.unwrap() {
                    Ok(member) => assert_eq!(member.unwrap().role, Role::Staff),
                    Err(err) => {
                        assert_eq!(err.code, "last_admin");
                        refused += 1;
                    }
                }
            }
            assert_eq!(
                refused, 1,
                "round {round}: exactly one demotion must be refused"
            );
        }
    }

    /// A storage on a fresh schema with one user and a session whose refresh token is `token`.
    async fn session_with_token(
        url: &str,
        token: &str,
    ) -> (std::sync::Arc<PostgresStorage>, uuid::Uuid) {
        use enid_core::auth::{Email, NewUser, SessionStore, UserStore};

        let storage = std::sync::Arc::new(PostgresStorage::connect(url).await.unwrap());
        storage.migrate().await.unwrap();
        let now = chrono::Utc::now();
        let user = NewUser {
            email: Email::parse("tabs@example.mx").unwrap(),
            name: "Tabs".into(),
            password_hash: "x".into(),
            is_superuser: false,
        };
        let user = storage.create_user(&user, None, now).await.unwrap();
        let session = uuid::Uuid::new_v4();
        storage
            .create_session(
                session,
                user.id,
                token,
                now + chrono::Duration::days(1),
                now,
            )
            .await
            .unwrap();
        (storage, session)
    }

    /// Rotation runs at READ COMMITTED whatever the server's default: at SERIALIZABLE the losers of
    /// a race would fail with serialization errors (500s) instead of being superseded.
    #[tokio::test]
    async fn concurrent_rotations_under_a_serializable_default_give_one_winner() {
        use enid_core::auth::{RefreshOutcome, SessionStore};

        let Some(url) = fresh_url().await else { return };
        let url = format!("{url}&options=-c%20default_transaction_isolation%3Dserializable");
        let (storage, _) = session_with_token(&url, "token-0").await;
        let isolation: String = sqlx::query_scalar("SHOW default_transaction_isolation")
            .fetch_one(&storage.pool)
            .await
            .unwrap();
        assert_eq!(isolation, "serializable");
        let now = chrono::Utc::now();
        let (expires, grace) = (
            now + chrono::Duration::days(1),
            chrono::Duration::seconds(10),
        );
        for round in 0..10 {
            let rotations: Vec<_> = (0..6)
                .map(|i| {
                    let storage = std::sync::Arc::clone(&storage);
                    tokio::spawn(async move {
                        let next = format!("token-{}-{i}", round + 1);
                        let outcome = storage
                            .rotate_refresh_token(
                                &format!("token-{round}"),
                                &next,
                                expires,
                                grace,
                                now,
                            )
                            .await;
                        (next, outcome)
                    })
                })
                .collect();
            let mut winner = None;
            for rotation in rotations {
                let (next, outcome) = rotation.await.unwrap();
                match outcome.unwrap() {
                    RefreshOutcome::Rotated { .. } => {
                        assert!(winner.is_none(), "round {round}: two winners");
                        winner = Some(next);
                    }
                    other => assert_eq!(other, RefreshOutcome::Superseded, "round {round}"),
                }
            }
            // The next round presents the winner's token, renamed to the round's name.
            sqlx::query("UPDATE refresh_tokens SET token_hash = $1 WHERE token_hash = $2")
                .bind(format!("token-{}", round + 1))
                .bind(winner.expect("one winner"))
                .execute(&storage.pool)
                .await
                .unwrap();
        }
    }

    /// A rotation that a deadlock aborts runs again instead of failing: here another transaction
    /// holds the session row (which the successor's foreign key locks) and then waits for the
    /// token row the rotation holds.
    #[tokio::test]
    async fn a_rotation_aborted_by_a_deadlock_runs_again() {
        use enid_core::auth::{RefreshOutcome, SessionStore};

        let Some(url) = fresh_url().await else { return };
        let (storage, session) = session_with_token(&url, "held").await;
        let mut other = storage.pool.begin().await.unwrap();
        // This transaction checks for deadlocks long after the rotation does, so the rotation is
        // always the one aborted, however loaded the machine (a superuser setting, as the test
        // role is).
        sqlx::query("SET LOCAL deadlock_timeout = '10s'")
            .execute(&mut *other)
            .await
            .unwrap();
        sqlx::query("SELECT 1 FROM sessions WHERE id = $1 FOR UPDATE")
            .bind(session)
            .execute(&mut *other)
            .await
            .unwrap();
        let now = chrono::Utc::now();
        let rotation = tokio::spawn({
            let storage = std::sync::Arc::clone(&storage);
            async move {
                storage
                    .rotate_refresh_token(
                        "held",
                        "next",
                        now + chrono::Duration::days(1),
                        chrono::Duration::seconds(10),
                        now,
                    )
                    .await
            }
        });
        loop {
            // From pg_locks, read anew by every statement: pg_stat_activity is read once per
            // transaction, so it would never show a connection the rotation opened later.
            let blocking: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM pg_locks \
                 WHERE NOT granted AND pg_backend_pid() = ANY (pg_blocking_pids(pid)))",
            )
            .fetch_one(&mut *other)
            .await
            .unwrap();
            if blocking {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        // The rotation's deadlock check runs first and aborts it.
        sqlx::query("UPDATE refresh_tokens SET expires_at = expires_at WHERE token_hash = 'held'")
            .execute(&mut *other)
            .await
            .unwrap();
        other.commit().await.unwrap();
        let outcome = rotation.await.unwrap().unwrap();
        assert!(
            matches!(outcome, RefreshOutcome::Rotated { session_id, .. } if session_id == session),
            "{outcome:?}"
        );
    }

    #[tokio::test]
    async fn url_errors_hide_the_password() {
        let url = "postgres://enid:hunter2hunter2@127.0.0.1:99999/enid";
        let err = match PostgresStorage::connect(url).await {
            Ok(_) => panic!("connected to port 99999"),
            Err(err) => err,
        };
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert_eq!(err.kind, enid_core::ErrorKind::Internal);
    }
}
