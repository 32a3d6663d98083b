//! A small pool of rusqlite connections whose calls run on tokio's blocking threads. One pool of
//! a single connection is the writer (SQLite allows one writer at a time; queuing here is cheaper
//! than busy-waiting in SQLite), another serves reads concurrently under WAL.

use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use tokio::sync::Semaphore;

use enid_core::{Error, Result};

use super::checkpoint::Checkpointer;

type Opener = dyn Fn() -> rusqlite::Result<Connection> + Send + Sync;

pub(super) struct ConnectionPool {
    idle: Mutex<Vec<Connection>>,
    permits: Semaphore,
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
            open,
            checkpointer: None,
        })
    }

    /// Has `checkpointer` checkpoint after the calls of this (writer) pool.
    pub(super) fn with_checkpointer(mut self, checkpointer: Option<Checkpointer>) -> Self {
        self.checkpointer = checkpointer;
        self
    }

    /// Runs `f` with a connection on a blocking thread.
    pub(super) async fn run<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<R> + Send + 'static,
    {
        let _permit = self.permits.acquire().await.map_err(Error::internal)?;
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
                if let Some(checkpointer) = &self.checkpointer {
                    checkpointer.wrote();
                }
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
