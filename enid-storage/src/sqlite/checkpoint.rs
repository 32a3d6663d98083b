//! WAL checkpoints off the writer. SQLite checkpoints on the committing connection by default:
//! the writer then copies the WAL into the database and syncs it while every queued write waits.
//! Here a connection of its own does that in the background, once writes pause and at most every
//! few seconds under a stream of them, and the writer keeps only a far-off automatic checkpoint
//! as a backstop.
//!
//! Checkpoints are not free for the writer either: once one has copied the whole WAL, the next
//! commit starts the WAL over and syncs its new header (SQLite does, so that a power loss cannot
//! mix old and new frames), and every write queued behind it waits for that sync. Checkpointing
//! a moment after every write put such a sync on the writer several times a second under steady
//! writes (each from a few to tens of milliseconds on a busy disk); once per interval, it is one
//! wait in tens of thousands of writes.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use tokio::sync::Notify;

/// How long writes must pause for the checkpoint to run.
const QUIET: Duration = Duration::from_millis(200);
/// The longest a stream of writes goes without a checkpoint: the WAL grows by what they write
/// meanwhile.
const INTERVAL: Duration = Duration::from_secs(5);

/// Wakes the background checkpoint after writes; stops it when dropped.
pub(super) struct Checkpointer {
    shared: Arc<Shared>,
}

struct Shared {
    wake: Notify,
    closed: AtomicBool,
}

impl Checkpointer {
    /// Starts checkpointing `path` in the background; `None` outside a tokio runtime (the
    /// writer's automatic checkpoint then does it all).
    pub(super) fn start(path: PathBuf) -> Option<Self> {
        let runtime = tokio::runtime::Handle::try_current().ok()?;
        let shared = Arc::new(Shared {
            wake: Notify::new(),
            closed: AtomicBool::new(false),
        });
        runtime.spawn(run(path, shared.clone()));
        Some(Self { shared })
    }

    /// Called after each write transaction.
    pub(super) fn wrote(&self) {
        self.shared.wake.notify_one();
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.shared.closed.store(true, Ordering::Release);
        self.shared.wake.notify_one();
    }
}

async fn run(path: PathBuf, shared: Arc<Shared>) {
    let mut conn = None;
    loop {
        shared.wake.notified().await;
        if shared.closed.load(Ordering::Acquire) {
            return;
        }
        let due = tokio::time::Instant::now() + INTERVAL;
        loop {
            let quiet = tokio::time::sleep(QUIET);
            tokio::select! {
                () = quiet => break,
                () = shared.wake.notified() => {}
            }
            if shared.closed.load(Ordering::Acquire) {
                return;
            }
            if tokio::time::Instant::now() >= due {
                break;
            }
        }
        let path = path.clone();
        let checkpointed = tokio::task::spawn_blocking(move || {
            let conn = match conn {
                Some(conn) => conn,
                // Never creates the file: the storage made it, and a file gone is not remade.
                None => Connection::open_with_flags(
                    &path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?,
            };
            // PASSIVE: copies what no reader still needs, never waits for readers or writers.
            conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
            Ok::<_, rusqlite::Error>(conn)
        })
        .await;
        conn = match checkpointed {
            Ok(Ok(open)) => Some(open),
            Ok(Err(err)) => {
                // The writer's automatic checkpoint still runs; try again after the next write.
                tracing::warn!(error = %err, "background WAL checkpoint failed");
                None
            }
            Err(err) => {
                tracing::error!(error = %err, "background WAL checkpoint panicked");
                None
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use enid_core::storage::Storage;

    use crate::sqlite::{SqliteLocation, SqliteStorage};

    /// Pages of the database as its file holds them, and as SQLite sees them (with the WAL).
    fn pages(path: &std::path::Path) -> (u64, u64) {
        let conn = rusqlite::Connection::open(path).unwrap();
        let page_size: i64 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        let page_count: i64 = conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        let in_file = std::fs::metadata(path).unwrap().len() / page_size as u64;
        (in_file, page_count as u64)
    }

    #[tokio::test]
    async fn writes_reach_the_database_file_without_a_checkpoint_on_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("enid.db");
        let storage = SqliteStorage::open(&SqliteLocation::File(path.clone())).unwrap();
        // The migrations write a few hundred pages: far below the writer's backstop.
        storage.migrate().await.unwrap();
        let mut waited = 0;
        loop {
            let (in_file, page_count) = pages(&path);
            if in_file == page_count {
                break;
            }
            assert!(
                waited < 100,
                "{in_file} of {page_count} pages still only in the WAL"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            waited += 1;
        }
        drop(storage);
    }
}
