//! A small pool of rusqlite connections whose calls run on tokio's blocking threads. One pool of
//! a single connection is the writer (SQLite allows one writer at a time; queuing here is cheaper
//! than busy-waiting in SQLite), another serves reads concurrently under WAL.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use enid_core::{Error, Result};

use super::checkpoint::Checkpointer;

type Opener = dyn Fn() -> rusqlite::Result<Connection> + Send + Sync;

pub(super) struct ConnectionPool {
    idle: Arc<Idle>,
    permits: Arc<Semaphore>,
    /// Calls waiting for a connection.
    waiting: AtomicUsize,
    /// The writer's: woken after each call.
    checkpointer: Option<Checkpointer>,
}

/// The connections no call holds, and how to open a replacement.
struct Idle {
    connections: Mutex<Vec<Connection>>,
    open: Arc<Opener>,
}

impl ConnectionPool {
    /// Opens `size` connections up front so a bad path or pragma fails at start, not mid-request.
    pub(super) fn open(size: usize, open: Arc<Opener>) -> Result<Self> {
        let idle = (0..size)
            .map(|_| open().map_err(Error::internal))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            idle: Arc::new(Idle {
                connections: Mutex::new(idle),
                open,
            }),
            permits: Arc::new(Semaphore::new(size)),
            waiting: AtomicUsize::new(0),
            checkpointer: None,
        })
    }

    /// Has `checkpointer` checkpoint after the calls of this (writer) pool.
    pub(super) fn with_checkpointer(mut self, checkpointer: Option<Checkpointer>) -> Self {
        self.checkpointer = checkpointer;
        self
    }

    /// Wakes the checkpointer of this (writer) pool: a call ended, or committed one of many
    /// transactions.
    pub(super) fn wrote(&self) {
        if let Some(checkpointer) = &self.checkpointer {
            checkpointer.wrote();
        }
    }

    /// Whether calls wait for a connection: a call that could go on with more work ends
    /// instead.
    pub(super) fn awaited(&self) -> bool {
        self.waiting.load(Ordering::Relaxed) > 0
    }

    /// Runs `f` with a connection on a blocking thread.
    pub(super) async fn run<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<R> + Send + 'static,
    {
        let permit = {
            let _waiting = Waiting::count(&self.waiting);
            self.permits
                .clone()
                .acquire_owned()
                .await
                .map_err(Error::internal)?
        };
        let mut lent = Lent::take(&self.idle, permit);
        let result = tokio::task::spawn_blocking(move || f(lent.connection())).await;
        self.wrote();
        result.map_err(Error::internal)?
    }
}

/// A connection lent to a call, with the permit that lent it: both go back when the call ends,
/// however it ends — even when its caller stopped waiting (a request whose client left), so no
/// permit is ever given back without its connection. A call that panicked may have left its
/// connection in a transaction: a new one replaces it; if none can be opened, the permit is
/// dropped for good and the pool serves with one connection fewer.
struct Lent {
    connection: Option<Connection>,
    idle: Arc<Idle>,
    permit: Option<OwnedSemaphorePermit>,
}

impl Lent {
    fn take(idle: &Arc<Idle>, permit: OwnedSemaphorePermit) -> Self {
        let connection = idle
            .connections
            .lock()
            .expect("pool lock")
            .pop()
            .expect("a permit guarantees an idle connection");
        Self {
            connection: Some(connection),
            idle: idle.clone(),
            permit: Some(permit),
        }
    }

    fn connection(&mut self) -> &mut Connection {
        self.connection.as_mut().expect("lent until dropped")
    }
}

impl Drop for Lent {
    fn drop(&mut self) {
        let connection = if std::thread::panicking() {
            (self.idle.open)()
                .inspect_err(
                    |err| tracing::error!(error = %err, "cannot reopen a SQLite connection"),
                )
                .ok()
        } else {
            self.connection.take()
        };
        match connection {
            Some(connection) => self
                .idle
                .connections
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(connection),
            None => {
                if let Some(permit) = self.permit.take() {
                    permit.forget();
                }
            }
        }
    }
}

/// Counts a call among those waiting for a connection while it lives.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn count(waiting: &'a AtomicUsize) -> Self {
        waiting.fetch_add(1, Ordering::Relaxed);
        Self(waiting)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sqlite::Db;
    use std::time::Duration;

    /// A call whose caller stopped waiting still gives its connection back: the next call gets
    /// it once the first one ended, instead of finding none.
    #[tokio::test]
    async fn a_call_left_by_its_caller_keeps_its_connection() {
        let pool = ConnectionPool::open(1, Arc::new(Connection::open_in_memory)).unwrap();
        let left = tokio::time::timeout(
            Duration::from_millis(20),
            pool.run(|_| {
                std::thread::sleep(Duration::from_millis(300));
                Ok(())
            }),
        )
        .await;
        assert!(left.is_err(), "the caller stopped waiting");
        let answer = pool
            .run(|conn| {
                conn.query_row("SELECT 7", [], |row| row.get::<_, i64>(0))
                    .db()
            })
            .await;
        assert_eq!(answer.unwrap(), 7);
    }

    /// A call that panics is an error, and the pool goes on with a new connection.
    #[tokio::test]
    async fn a_call_that_panicked_leaves_a_working_pool() {
        let pool = ConnectionPool::open(1, Arc::new(Connection::open_in_memory)).unwrap();
        let panicked = pool
            .run(|conn| -> Result<()> {
                conn.execute_batch("BEGIN").db()?;
                panic!("mid-transaction");
            })
            .await;
        assert!(panicked.is_err());
        let answer = pool
            .run(|conn| conn.execute_batch("BEGIN; COMMIT").db())
            .await;
        assert!(answer.is_ok(), "{answer:?}");
    }
}
