//! The SQLite backend (rusqlite, bundled SQLite): WAL, foreign keys on, one writer connection and a
//! small reader pool, every call off the async runtime.

mod accounts;
mod analytics;
mod assistant;
mod checkpoint;
mod faqs;
mod group_commit;
mod leads;
mod pool;
mod references;
mod returns;
mod stock;
mod stores;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use enid_core::invalidation::{Invalidation, InvalidationSink, InvalidationSinks};
use enid_core::storage::Storage;
use enid_core::{Error, Result};

use crate::migrations::{FAQ_SEARCH_INDEX, Migration, PAGE_ACCESS_ROLLUPS, SQLITE};
use pool::ConnectionPool;

/// Readers beyond the writer; WAL lets them run while a write is in progress.
const READERS: usize = 4;

/// WAL pages after which a commit checkpoints (SQLite's default is 1000). Each checkpoint copies
/// the WAL into the database and syncs it; at the default, write-heavy loads (page analytics,
/// the stock ledger) checkpoint after nearly every large commit, which halves their throughput.
const WAL_CHECKPOINT_PAGES: i64 = 10_000;
/// The same with checkpoints made in the background: only a backstop (400 MB of WAL).
const WAL_BACKSTOP_PAGES: i64 = 100_000;
/// The WAL file is truncated to this size when it restarts.
const WAL_SIZE_LIMIT_BYTES: i64 = 64 * 1024 * 1024;

/// Page cache of the writer (KiB; SQLite's default is 2 MiB). Every insert walks each index of
/// its table; with the upper levels and the pages where writes land cached, a write reads little
/// from the file. The cache fills up to this size and stays full for the life of the process,
/// mostly with pages of append-only tables (messages, page views) that are never written again:
/// at 64 MiB the server's memory grew by the cache's size under any steady write load, while
/// lead intake and page views measured no faster than at 16 MiB (at 8 MiB, intake lost 13 %).
const WRITER_CACHE_KIB: i64 = 16 * 1024;

pub struct SqliteStorage {
    writer: Arc<ConnectionPool>,
    /// The same pool as `writer` for an in-memory database.
    readers: Arc<ConnectionPool>,
    /// Writes waiting for a group commit.
    writes: group_commit::GroupCommit,
    /// Single page accesses waiting for a group commit.
    page_access_writes: analytics::PageAccessWrites,
    /// Where committed writes' invalidations go: one process's instances alone.
    invalidations: InvalidationSinks,
}

/// Where the database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqliteLocation {
    File(PathBuf),
    /// A private in-memory database (one connection serves reads and writes).
    Memory,
}

impl SqliteLocation {
    /// `sqlite://enid.db`, `sqlite:///abs/path.db`, `sqlite:enid.db`, `sqlite::memory:`.
    pub fn parse(url: &str) -> Result<Self> {
        let rest = url.strip_prefix("sqlite:").ok_or_else(|| {
            Error::bad_request("invalid_database_url", "A SQLite URL starts with sqlite:")
        })?;
        if rest == ":memory:" || rest == "//:memory:" {
            return Ok(Self::Memory);
        }
        let path = rest.strip_prefix("//").unwrap_or(rest);
        let path = path.split('?').next().unwrap_or_default();
        if path.is_empty() {
            return Err(Error::bad_request(
                "invalid_database_url",
                "The SQLite URL names no file.",
            ));
        }
        Ok(Self::File(PathBuf::from(path)))
    }
}

fn open_failure(path: &Path, cause: impl std::fmt::Display) -> Error {
    Error::internal(format!(
        "cannot open the SQLite database {}: {cause}",
        path.display()
    ))
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
    // SQLite's own lower() folds ASCII only; searches need "Ángela" to match "ángela".
    conn.create_scalar_function(
        "unicode_lower",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(ctx
                .get::<Option<String>>(0)?
                .map(|text| text.to_lowercase()))
        },
    )?;
    Ok(())
}

impl SqliteStorage {
    /// Hands this process's instances what a committed write made stale.
    async fn invalidated(&self, invalidation: Invalidation) {
        self.invalidations.deliver(&invalidation).await;
    }

    pub fn open(location: &SqliteLocation) -> Result<Self> {
        match location {
            SqliteLocation::Memory => {
                let pool = Arc::new(ConnectionPool::open(
                    1,
                    Arc::new(|| {
                        let conn = Connection::open_in_memory()?;
                        // Sorts and temporary indexes of a database in memory stay there too.
                        conn.pragma_update(None, "temp_store", "MEMORY")?;
                        configure(&conn)?;
                        Ok(conn)
                    }),
                )?);
                Ok(Self {
                    writer: pool.clone(),
                    readers: pool,
                    writes: group_commit::GroupCommit::default(),
                    page_access_writes: analytics::PageAccessWrites::default(),
                    invalidations: InvalidationSinks::default(),
                })
            }
            SqliteLocation::File(path) => {
                // SQLite only says "unable to open database file"; a mistyped directory is the
                // usual reason, and Enid does not create directories it was not asked to.
                if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty())
                    && !dir.is_dir()
                {
                    return Err(open_failure(
                        path,
                        format_args!("the directory {} does not exist", dir.display()),
                    ));
                }
                let writer_path = path.clone();
                let checkpointer = checkpoint::Checkpointer::start(path.clone());
                let autocheckpoint = if checkpointer.is_some() {
                    WAL_BACKSTOP_PAGES
                } else {
                    WAL_CHECKPOINT_PAGES
                };
                let writer = ConnectionPool::open(
                    1,
                    Arc::new(move || {
                        let conn = Connection::open(&writer_path)?;
                        conn.pragma_update(None, "journal_mode", "WAL")?;
                        conn.pragma_update(None, "wal_autocheckpoint", autocheckpoint)?;
                        // A WAL that grew under a burst of writes shrinks back once reset.
                        conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT_BYTES)?;
                        conn.pragma_update(None, "cache_size", -WRITER_CACHE_KIB)?;
                        // Savepoints' statement journals stay in memory instead of temp files.
                        conn.pragma_update(None, "temp_store", "MEMORY")?;
                        configure(&conn)?;
                        Ok(conn)
                    }),
                )
                .map_err(|err| match err.cause() {
                    Some(cause) => open_failure(path, cause),
                    None => err,
                })?;
                let reader_path = path.clone();
                let readers = ConnectionPool::open(
                    READERS,
                    Arc::new(move || {
                        let conn = Connection::open_with_flags(
                            &reader_path,
                            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                        )?;
                        configure(&conn)?;
                        Ok(conn)
                    }),
                )?;
                tracing::debug!(path = %path.display(), readers = READERS, "opened SQLite database");
                Ok(Self {
                    writer: Arc::new(writer.with_checkpointer(checkpointer)),
                    readers: Arc::new(readers),
                    writes: group_commit::GroupCommit::default(),
                    page_access_writes: analytics::PageAccessWrites::default(),
                    invalidations: InvalidationSinks::default(),
                })
            }
        }
    }

    /// Runs a read on a reader connection.
    async fn read<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<R> + Send + 'static,
    {
        self.readers
            .run(move |conn| f(conn).map_err(Error::internal))
            .await
    }

    /// Runs `f` in an IMMEDIATE transaction on the writer, shared with the writes queued
    /// meanwhile: its changes are committed when it returns Ok, rolled back otherwise, and it
    /// returns once they are committed.
    async fn write<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> Result<R> + Send + 'static,
    {
        self.writes.write(&self.writer, f).await
    }
}

fn apply_migrations(conn: &mut Connection, migrations: &'static [Migration]) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS enid_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )",
    )
    .map_err(Error::internal)?;
    for migration in migrations {
        // IMMEDIATE takes the write lock first, so two processes never apply one migration twice.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(Error::internal)?;
        let applied: bool = tx
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM enid_migrations WHERE version = ?1)",
                [migration.version],
                |row| row.get(0),
            )
            .map_err(Error::internal)?;
        if !applied {
            tx.execute_batch(migration.sql)
                .and_then(|()| {
                    if migration.name == FAQ_SEARCH_INDEX {
                        faqs::index_every_faq(&tx)?;
                    }
                    if migration.name == PAGE_ACCESS_ROLLUPS {
                        analytics::roll_up_every_day(&tx)?;
                    }
                    Ok(())
                })
                .map_err(|e| {
                    Error::internal(format!("migration {} failed: {e}", migration.name))
                })?;
            tx.execute(
                "INSERT INTO enid_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                rusqlite::params![migration.version, migration.name, Ts(Utc::now())],
            )
            .map_err(Error::internal)?;
            tracing::info!(migration = migration.name, "applied SQLite migration");
        }
        tx.commit().map_err(Error::internal)?;
    }
    Ok(())
}

#[async_trait]
impl Storage for SqliteStorage {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn migrate(&self) -> Result<()> {
        self.writer.run(|conn| apply_migrations(conn, SQLITE)).await
    }

    async fn ping(&self) -> Result<()> {
        self.read(|conn| conn.query_row("SELECT 1", [], |row| row.get::<_, i64>(0)))
            .await
            .map(drop)
    }

    async fn subscribe(&self, sink: Arc<dyn InvalidationSink>) -> Result<()> {
        self.invalidations.add(sink);
        Ok(())
    }

    /// One process serves a SQLite database: no other instance keeps anything.
    async fn publish(&self, _invalidation: &Invalidation) -> Result<()> {
        Ok(())
    }
}

/// A UTC timestamp as fixed-width text, so that text order is time order in SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ts(pub DateTime<Utc>);

const TS_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";

/// `2026-12-06T19:05:01.123456Z`: the length of [`TS_FORMAT`]'s text for years 0 to 9999.
const TS_LEN: usize = 27;

impl Ts {
    /// The stored text, [`TS_FORMAT`], written field by field: several times faster than
    /// chrono's formatter, which reads its format string again on every call (a few percent of
    /// a bulk insert).
    pub(crate) fn text(self) -> String {
        let at = self.0;
        let nanos = at.timestamp_subsec_nanos();
        // Years beyond four digits and leap seconds are left to chrono.
        if !(0..=9999).contains(&at.year()) || nanos >= 1_000_000_000 {
            return at.format(TS_FORMAT).to_string();
        }
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
            at.year(),
            at.month(),
            at.day(),
            at.hour(),
            at.minute(),
            at.second(),
            nanos / 1_000
        )
    }

    /// Reads [`Ts::text`]'s shape directly; any other text is left to chrono.
    fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != TS_LEN {
            return None;
        }
        let number = |from: usize, to: usize| {
            bytes[from..to].iter().try_fold(0_u32, |n, &b| {
                b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
            })
        };
        let separators = [
            (4, b'-'),
            (7, b'-'),
            (10, b'T'),
            (13, b':'),
            (16, b':'),
            (19, b'.'),
        ];
        if bytes[26] != b'Z' || separators.iter().any(|&(at, b)| bytes[at] != b) {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(number(0, 4)? as i32, number(5, 7)?, number(8, 10)?)?;
        let time = date.and_hms_micro_opt(
            number(11, 13)?,
            number(14, 16)?,
            number(17, 19)?,
            number(20, 26)?,
        )?;
        Some(Ts(time.and_utc()))
    }
}

impl From<Ts> for Value {
    fn from(ts: Ts) -> Self {
        Value::Text(ts.text())
    }
}

impl ToSql for Ts {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.text()))
    }
}

impl FromSql for Ts {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        if let Some(ts) = Ts::parse(text) {
            return Ok(ts);
        }
        NaiveDateTime::parse_from_str(text, TS_FORMAT)
            .map(|naive| Ts(naive.and_utc()))
            .map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

/// Whether an error is a UNIQUE or PRIMARY KEY violation.
pub(crate) fn is_unique_violation(err: &rusqlite::Error) -> bool {
    matches!(
        err,
        rusqlite::Error::SqliteFailure(e, _)
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}

/// Whether an error is a FOREIGN KEY violation.
pub(crate) fn is_foreign_key_violation(err: &rusqlite::Error) -> bool {
    matches!(
        err,
        rusqlite::Error::SqliteFailure(e, _)
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY
    )
}

/// Moves row `id` of an ordered list to `place` (0-based; past the end is last) and numbers the
/// list 0, 1, 2… in its order (`position`, then id), so one write reorders it. The list is the
/// store's rows of `table`, narrowed by `scope` (a condition that may use `?1` the store and `?2`
/// the row). Returns the row's position.
pub(crate) fn move_to_place(
    tx: &rusqlite::Transaction<'_>,
    table: &'static str,
    scope: &'static str,
    store: enid_core::stores::StoreId,
    id: i64,
    place: i64,
) -> Result<i64> {
    tx.prepare_cached(&format!(
        "UPDATE {table} SET position = r.place + (r.place >= ?3) \
         FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY position, id) - 1 AS place FROM {table} \
         WHERE store_id = ?1 AND {scope} AND id <> ?2) AS r \
         WHERE {table}.id = r.id AND {table}.position <> r.place + (r.place >= ?3)"
    ))
    .db()?
    .execute(rusqlite::params![store, id, place])
    .db()?;
    tx.prepare_cached(&format!(
        "UPDATE {table} SET position = MIN(?3, (SELECT COUNT(*) - 1 FROM {table} \
         WHERE store_id = ?1 AND {scope})) WHERE store_id = ?1 AND id = ?2 RETURNING position"
    ))
    .db()?
    .query_row(rusqlite::params![store, id, place], |row| row.get(0))
    .db()
}

/// Page cache of a bulk write (KiB): it grows every index of its table at once, and with the
/// writer's usual cache it keeps re-reading their pages from the file.
pub(crate) const BULK_CACHE_KIB: i64 = 256 * 1024;

/// Runs the bulk write `f` with the writer's page cache at [`BULK_CACHE_KIB`], then gives the
/// cache back its usual size (freeing what it grew by), whether or not `f` succeeded.
pub(crate) fn with_bulk_cache<R>(
    tx: &rusqlite::Transaction<'_>,
    f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<R>,
) -> Result<R> {
    let usual: i64 = tx
        .query_row("PRAGMA cache_size", [], |row| row.get(0))
        .db()?;
    tx.pragma_update(None, "cache_size", -BULK_CACHE_KIB).db()?;
    let result = f(tx);
    tx.pragma_update(None, "cache_size", usual).db()?;
    result
}

/// `?` for rusqlite results inside storage closures.
pub(crate) trait Db<T> {
    fn db(self) -> Result<T>;
}

impl<T> Db<T> for rusqlite::Result<T> {
    fn db(self) -> Result<T> {
        self.map_err(Error::internal)
    }
}

/// The rows of one store that a list's filters select: `store_id = ?1` and each condition added,
/// its value bound as the next numbered parameter.
pub(crate) struct StoreRows {
    conditions: Vec<String>,
    values: Vec<rusqlite::types::Value>,
}

impl StoreRows {
    pub(crate) fn new(store: enid_core::stores::StoreId) -> Self {
        Self {
            conditions: vec!["store_id = ?1".to_owned()],
            values: vec![rusqlite::types::Value::Integer(store)],
        }
    }

    /// Adds `{column_and_operator} ?N`, e.g. `("created_at >=", value)`.
    pub(crate) fn add(&mut self, column_and_operator: &str, value: rusqlite::types::Value) {
        self.values.push(value);
        self.conditions
            .push(format!("{column_and_operator} ?{}", self.values.len()));
    }

    /// How many rows of `table` match.
    pub(crate) fn count(&self, conn: &Connection, table: &str) -> rusqlite::Result<i64> {
        conn.prepare_cached(&format!(
            "SELECT COUNT(*) FROM {table} WHERE {}",
            self.conditions.join(" AND ")
        ))?
        .query_row(rusqlite::params_from_iter(self.values.iter()), |row| {
            row.get(0)
        })
    }

    /// One page of the matching rows of `table`, `columns` read by `from_row`, in `order`.
    pub(crate) fn page_items<T>(
        &self,
        conn: &Connection,
        table: &str,
        columns: &str,
        order: &str,
        page: enid_core::pagination::PageRequest,
        from_row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<Vec<T>> {
        let n = self.values.len();
        let paging = [
            rusqlite::types::Value::Integer(page.limit()),
            rusqlite::types::Value::Integer(page.offset()),
        ];
        conn.prepare_cached(&format!(
            "SELECT {columns} FROM {table} WHERE {} ORDER BY {order} LIMIT ?{} OFFSET ?{}",
            self.conditions.join(" AND "),
            n + 1,
            n + 2
        ))?
        .query_map(
            rusqlite::params_from_iter(self.values.iter().chain(paging.iter())),
            from_row,
        )?
        .collect()
    }

    /// The count and one page of the matching rows of `table`.
    pub(crate) fn page<T>(
        &self,
        conn: &Connection,
        table: &str,
        columns: &str,
        order: &str,
        page: enid_core::pagination::PageRequest,
        from_row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<enid_core::pagination::Page<T>> {
        Ok(enid_core::pagination::Page {
            count: self.count(conn, table)?,
            items: self.page_items(conn, table, columns, order, page, from_row)?,
            request: page,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            SqliteLocation::parse("sqlite::memory:").unwrap(),
            SqliteLocation::Memory
        );
        assert_eq!(
            SqliteLocation::parse("sqlite://enid.db").unwrap(),
            SqliteLocation::File("enid.db".into())
        );
        assert_eq!(
            SqliteLocation::parse("sqlite:///var/lib/enid.db?mode=rwc").unwrap(),
            SqliteLocation::File("/var/lib/enid.db".into())
        );
        assert!(SqliteLocation::parse("sqlite://").is_err());
        assert!(SqliteLocation::parse("postgres://x").is_err());
    }

    #[test]
    fn a_bulk_write_gives_the_page_cache_back() {
        let mut conn = Connection::open_in_memory().unwrap();
        let cache_size = |conn: &Connection| -> i64 {
            conn.query_row("PRAGMA cache_size", [], |row| row.get(0))
                .unwrap()
        };
        conn.pragma_update(None, "cache_size", -WRITER_CACHE_KIB)
            .unwrap();
        let tx = conn.transaction().unwrap();
        let during = with_bulk_cache(&tx, |tx| Ok(cache_size(tx))).unwrap();
        assert_eq!(during, -BULK_CACHE_KIB);
        assert_eq!(cache_size(&tx), -WRITER_CACHE_KIB);
        let failed: Result<()> =
            with_bulk_cache(&tx, |_| Err(Error::internal("the bulk write failed")));
        assert!(failed.is_err());
        assert_eq!(cache_size(&tx), -WRITER_CACHE_KIB);
    }

    /// Writes keep their statement journals and temporary b-trees in memory, on a database in
    /// memory and on a file alike, from the first write on.
    #[tokio::test]
    async fn writers_keep_temporary_storage_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        for location in [
            SqliteLocation::Memory,
            SqliteLocation::File(dir.path().join("enid.db")),
        ] {
            let storage = SqliteStorage::open(&location).unwrap();
            let temp_store: i64 = storage
                .write(|tx| {
                    tx.query_row("PRAGMA temp_store", [], |row| row.get(0))
                        .map_err(Error::internal)
                })
                .await
                .unwrap();
            assert_eq!(temp_store, 2, "{location:?}");
        }
    }

    #[test]
    fn timestamps_sort_as_text() {
        let early = Ts("2026-01-02T03:04:05.000006Z".parse().unwrap());
        let text = |ts: Ts| match ts.to_sql().unwrap() {
            ToSqlOutput::Owned(rusqlite::types::Value::Text(t)) => t,
            other => panic!("{other:?}"),
        };
        assert_eq!(text(early), "2026-01-02T03:04:05.000006Z");
        let later = Ts("2026-01-02T03:04:05.1Z".parse().unwrap());
        assert!(text(early) < text(later));
    }

    /// The text written field by field is chrono's, and reads back as chrono reads it, at the
    /// edges of every field; what it leaves to chrono still round-trips.
    #[test]
    fn timestamps_are_written_and_read_as_chrono_formats_them() {
        let instants = [
            "0000-01-01T00:00:00Z",
            "0001-02-03T04:05:06.000001Z",
            "1969-12-31T23:59:59.999999Z",
            "2024-02-29T12:30:45.123456789Z",
            "2026-12-06T19:05:01.5Z",
            "9999-12-31T23:59:59.999999Z",
            "+10000-01-01T00:00:00Z",
            "-0001-12-31T00:00:00Z",
        ];
        for instant in instants {
            let at: DateTime<Utc> = instant.parse().unwrap();
            let text = Ts(at).text();
            assert_eq!(text, at.format(TS_FORMAT).to_string(), "{instant}");
            let read = Ts::column_result(ValueRef::Text(text.as_bytes())).unwrap();
            let chrono = NaiveDateTime::parse_from_str(&text, TS_FORMAT).unwrap();
            assert_eq!(read.0, chrono.and_utc(), "{instant}");
        }
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|day| day.and_hms_nano_opt(23, 59, 59, 1_500_000_000))
            .unwrap()
            .and_utc();
        assert_eq!(Ts(leap).text(), "2016-12-31T23:59:60.500000Z");
        for malformed in [
            "2026-12-06T19:05:01 123456Z",
            "2026-12-06T19:05:01.123456X",
            "2026-13-06T19:05:01.123456Z",
            "soon",
        ] {
            assert!(Ts::parse(malformed).is_none(), "{malformed}");
            assert!(Ts::column_result(ValueRef::Text(malformed.as_bytes())).is_err());
        }
    }
}
