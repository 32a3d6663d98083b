//! Group commit on the writer. SQLite has one writer, and most of a small write's cost is its
//! commit: the WAL frames of every page it touched, written again by the next write that touches
//! them. Writes that queue while a transaction runs therefore share the next one, each under a
//! savepoint of its own so that a refused write (a conflict, an invalid reference) still writes
//! nothing; every caller is answered only after the commit, so an acknowledged write is in the
//! WAL, and a failed commit fails every write of its group.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, Transaction, TransactionBehavior};
use tokio::sync::oneshot;

use enid_core::{Error, Result};

use super::Db;
use super::pool::ConnectionPool;

/// Most writes one transaction takes, so that a group never makes its first caller wait long.
const MAX_GROUP: usize = 128;

/// A queued write: runs in the group's transaction and tells how it went.
type Write = Box<dyn FnOnce(&Transaction<'_>) -> Ran + Send>;

struct Ran {
    ok: bool,
    /// Sends the caller its answer once the group's commit succeeded or failed.
    answer: Box<dyn FnOnce(Result<()>) + Send>,
}

#[derive(Default)]
pub(super) struct GroupCommit {
    queue: Mutex<Vec<Write>>,
    /// One group at a time: the next one takes what queued meanwhile.
    turn: tokio::sync::Mutex<()>,
}

impl GroupCommit {
    /// Runs `f` in a transaction of `writer`, with whatever other writes queued meanwhile; its
    /// changes are committed when it returns Ok, rolled back otherwise.
    pub(super) async fn write<R, F>(&self, writer: &Arc<ConnectionPool>, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<R> + Send + 'static,
    {
        let (reply, mut answer) = oneshot::channel();
        let write: Write = Box::new(move |tx: &Transaction<'_>| {
            let result = catch_unwind(AssertUnwindSafe(|| f(tx)))
                .unwrap_or_else(|_| Err(Error::internal("a write panicked")));
            match result {
                Ok(value) => Ran {
                    ok: true,
                    answer: Box::new(move |committed| {
                        let _ = reply.send(committed.map(|()| value));
                    }),
                },
                Err(err) => Ran {
                    ok: false,
                    answer: Box::new(move |_| {
                        let _ = reply.send(Err(err));
                    }),
                },
            }
        });
        self.queue.lock().expect("write queue lock").push(write);
        // Holding the turn, this caller's write is either answered (an earlier group took it)
        // or still queued, and then it runs now with whatever queued after it.
        loop {
            let turn = self.turn.lock().await;
            let group = {
                let mut queue = self.queue.lock().expect("write queue lock");
                let take = queue.len().min(MAX_GROUP);
                queue.drain(..take).collect::<Vec<_>>()
            };
            if !group.is_empty() {
                // Spawned, so the group completes and answers everyone even if this caller's
                // request is dropped meanwhile.
                tokio::spawn(commit_group(writer.clone(), group))
                    .await
                    .map_err(Error::internal)?;
            }
            drop(turn);
            match answer.try_recv() {
                Ok(answer) => return answer,
                Err(oneshot::error::TryRecvError::Closed) => {
                    return Err(Error::internal("the write's transaction could not start"));
                }
                // Queued behind a full group: take the next turn.
                Err(oneshot::error::TryRecvError::Empty) => {}
            }
        }
    }
}

async fn commit_group(writer: Arc<ConnectionPool>, group: Vec<Write>) {
    let ran = writer.run(move |conn| Ok(run_group(conn, group))).await;
    match ran {
        Ok((ran, committed)) => {
            if let Err(err) = &committed {
                tracing::error!(error = %err, writes = ran.len(), "group commit failed");
            }
            for ran in ran {
                (ran.answer)(match &committed {
                    Ok(()) => Ok(()),
                    Err(_) => Err(Error::internal("the write's transaction failed")),
                });
            }
        }
        // The writes and their senders went with the failed call: their callers see it.
        Err(err) => tracing::error!(error = %err, "group commit failed"),
    }
}

/// Runs the writes of a group in one transaction and commits it: the writes that ran, and
/// whether their transaction committed.
fn run_group(conn: &mut Connection, group: Vec<Write>) -> (Vec<Ran>, Result<()>) {
    let mut ran = Vec::with_capacity(group.len());
    let tx = match conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .db()
    {
        Ok(tx) => tx,
        Err(err) => return (ran, Err(err)),
    };
    // A write alone needs no savepoint: its failure rolls back the whole transaction.
    if let [_] = group.as_slice() {
        let write = group.into_iter().next().expect("one write");
        let outcome = write(&tx);
        let committed = if outcome.ok {
            tx.commit().db()
        } else {
            tx.rollback().db()
        };
        ran.push(outcome);
        return (ran, committed);
    }
    for write in group {
        let isolated = tx
            .prepare_cached("SAVEPOINT enid_write")
            .and_then(|mut savepoint| savepoint.execute([]))
            .db();
        if let Err(err) = isolated {
            return (ran, Err(err));
        }
        let outcome = write(&tx);
        // A write that failed leaves nothing behind. A failure SQLite answered by rolling back
        // the whole transaction (a full disk) takes the savepoint with it: the group fails.
        let settled = if outcome.ok {
            tx.prepare_cached("RELEASE enid_write")
                .and_then(|mut release| release.execute([]))
        } else {
            tx.execute_batch("ROLLBACK TO enid_write; RELEASE enid_write")
                .map(|()| 0)
        };
        ran.push(outcome);
        if let Err(err) = settled.db() {
            return (ran, Err(err));
        }
    }
    let committed = tx.commit().db();
    (ran, committed)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use enid_core::{Error, ErrorKind};

    use crate::sqlite::{Db, SqliteLocation, SqliteStorage};

    /// What write `n` does after inserting its row: succeed, refuse, or panic.
    fn outcome(n: i64) -> Option<bool> {
        match n % 7 {
            0 => None,
            1 | 4 => Some(false),
            _ => Some(true),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_group_keeps_the_rows_of_its_successful_writes_only() {
        let dir = tempfile::tempdir().unwrap();
        let location = SqliteLocation::File(dir.path().join("enid.db"));
        let storage = Arc::new(SqliteStorage::open(&location).unwrap());
        storage
            .write(|tx| {
                tx.execute_batch("CREATE TABLE marks (n INTEGER PRIMARY KEY)")
                    .db()
            })
            .await
            .unwrap();
        // A slow write holds the writer while the others queue: they share the next commits.
        let slow = {
            let storage = storage.clone();
            tokio::spawn(async move {
                storage
                    .write(|tx| {
                        std::thread::sleep(Duration::from_millis(300));
                        tx.execute("INSERT INTO marks (n) VALUES (-1)", []).db()
                    })
                    .await
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        let writes: Vec<_> = (0..300_i64)
            .map(|n| {
                let storage = storage.clone();
                tokio::spawn(async move {
                    storage
                        .write(move |tx| {
                            tx.execute("INSERT INTO marks (n) VALUES (?1)", [n]).db()?;
                            match outcome(n) {
                                Some(true) => Ok(n),
                                Some(false) => Err(Error::conflict("refused", "Refused.")),
                                None => panic!("write {n} fails hard"),
                            }
                        })
                        .await
                })
            })
            .collect();
        assert_eq!(slow.await.unwrap().unwrap(), 1);
        let mut kept = vec![-1];
        for (n, write) in (0..).zip(writes) {
            let answer = write.await.unwrap();
            match outcome(n) {
                Some(true) => {
                    assert_eq!(answer.unwrap(), n);
                    kept.push(n);
                }
                Some(false) => assert_eq!(answer.unwrap_err().code, "refused"),
                None => assert_eq!(answer.unwrap_err().kind, ErrorKind::Internal),
            }
        }
        let stored: Vec<i64> = storage
            .read(|conn| {
                let mut marks = conn.prepare("SELECT n FROM marks ORDER BY n")?;
                marks.query_map([], |row| row.get(0))?.collect()
            })
            .await
            .unwrap();
        assert_eq!(stored, kept);
    }
}
