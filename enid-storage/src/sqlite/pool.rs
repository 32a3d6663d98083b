//! A small pool of rusqlite connections whose calls run on tokio's blocking threads. One pool of
//! a single connection is the writer (SQLite allows one writer at a time; queuing here is cheaper
//! than busy-waiting in SQLite), another serves reads concurrently under WAL.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use tokio::sync::Semaphore;

use enid_core::{Error, Result};

use super::checkpoint::Checkpointer;

type Opener = dyn Fn() -> rusqlite::Result<Connection> + Send + Sync;

pub(super) struct ConnectionPool {
    idle: Mutex<Vec<Connection>>,
    permits: Semaphore,
    /// Calls waiting for a connection.
    waiting: AtomicUsize,
    open: Arc<Opener>,
    /// The writer's: woken after each call.
    checkpointer: Option<Checkpointer>,
}

impl ConnectionPool {
    /// Opens `size` connections up front so a bad path or pragma fails at start, not mid-request.
    pub(super) fn open(size: usize, open: Arc<Opener>) -> Result<Self> {
        let idle = (0..size)
            .map(|_| open().map_err(Error::internal))
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            idle: Mutex::new(idle),
            permits: Semaphore::new(size),
            waiting: AtomicUsize::new(0),
            open,
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
        let _permit = {
            let _waiting = Waiting::count(&self.waiting);
            self.permits.acquire().await.map_err(Error::internal)?
        };
        let mut conn = self
            .idle
            .lock()
            .expect("pool lock")
            .pop()
            .expect("a permit guarantees an idle connection");
        match tokio::task::spawn_blocking(move || {
            let result = f(&mut conn);
            (conn, result)
        })
        .await
        {
            Ok((conn, result)) => {
                self.idle.lock().expect("pool lock").push(conn);
                self.wrote();
                result
            }
            Err(join_error) => {
                // The closure panicked and took its connection with it; replace it.
                let conn = (self.open)().map_err(Error::internal)?;
                self.idle.lock().expect("pool lock").push(conn);
                Err(Error::internal(join_error))
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
