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

/// A kind of write that queues for the writer and commits in groups.
pub(super) trait GroupWrite: Sized + Send + 'static {
    /// Takes the next group from the front of `queue`: empty when `queue` is.
    fn take(queue: &mut Vec<Self>) -> Vec<Self>;

    /// Runs `group` in one transaction on the writer's connection and answers each of its
    /// writes.
    fn commit(conn: &mut Connection, group: Vec<Self>);
}

/// Writes of one kind waiting for the writer. One task at a time commits them, a group after
/// another until none is left, and each caller waits for its own answer alone. The writer's
/// thread goes from one group straight to the next: callers never take turns to find out
/// whether an earlier group already answered them, and no task has to wake up between groups.
pub(super) struct WriteQueue<W> {
    waiting: Arc<Mutex<Waiting<W>>>,
}

struct Waiting<W> {
    writes: Vec<W>,
    /// Whether a task is committing the writes of this queue.
    committing: bool,
}

impl<W> Default for WriteQueue<W> {
    fn default() -> Self {
        Self {
            waiting: Arc::new(Mutex::new(Waiting {
                writes: Vec::new(),
                committing: false,
            })),
        }
    }
}

impl<W: GroupWrite> WriteQueue<W> {
    /// Queues `write` and makes sure a task commits it: the one committing already, or a new one.
    pub(super) fn push(&self, writer: &Arc<ConnectionPool>, write: W) {
        let start = {
            let mut waiting = self.waiting.lock().expect("write queue lock");
            waiting.writes.push(write);
            !std::mem::replace(&mut waiting.committing, true)
        };
        if start {
            // Spawned, so the writes complete and their callers are answered even if the
            // request that started the task is dropped meanwhile.
            let committing = Committing {
                waiting: self.waiting.clone(),
                ended: false,
            };
            tokio::spawn(commit_queued(committing, writer.clone()));
        }
    }
}

/// Commits groups of `waiting` one after another until none is left.
async fn commit_queued<W: GroupWrite>(mut committing: Committing<W>, writer: Arc<ConnectionPool>) {
    loop {
        let group = {
            let mut queued = committing.waiting.lock().expect("write queue lock");
            let group = W::take(&mut queued.writes);
            if group.is_empty() {
                queued.committing = false;
                committing.ended = true;
                return;
            }
            group
        };
        let (queue, pool) = (committing.waiting.clone(), writer.clone());
        let ran = writer
            .run(move |conn| {
                // The groups that queued meanwhile follow on this thread, until another kind
                // of write waits for the writer.
                let mut group = group;
                loop {
                    W::commit(conn, group);
                    // Checkpoints wait for a pause in commits, or a few seconds of them.
                    pool.wrote();
                    if pool.awaited() {
                        break;
                    }
                    group = W::take(&mut queue.lock().expect("write queue lock").writes);
                    if group.is_empty() {
                        break;
                    }
                }
                Ok(())
            })
            .await;
        // The writes and their senders went with the failed call: their callers see it.
        if let Err(err) = ran {
            tracing::error!(error = %err, "group commit failed");
        }
    }
}

/// The task committing a queue's writes. Should it end before the queue is empty (its runtime
/// shut down, even before it first ran), the next write starts another.
struct Committing<W> {
    waiting: Arc<Mutex<Waiting<W>>>,
    ended: bool,
}

impl<W> Drop for Committing<W> {
    fn drop(&mut self) {
        if !self.ended
            && let Ok(mut waiting) = self.waiting.lock()
        {
            waiting.committing = false;
        }
    }
}

/// A queued write: runs in the group's transaction and tells how it went.
pub(super) struct Write(Box<dyn FnOnce(&Transaction<'_>) -> Ran + Send>);

struct Ran {
    ok: bool,
    /// Sends the caller its answer once the group's commit succeeded or failed.
    answer: Box<dyn FnOnce(Result<()>) + Send>,
}

impl GroupWrite for Write {
    fn take(queue: &mut Vec<Self>) -> Vec<Self> {
        let take = queue.len().min(MAX_GROUP);
        queue.drain(..take).collect()
    }

    fn commit(conn: &mut Connection, group: Vec<Self>) {
        let (ran, committed) = run_group(conn, group);
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
}

/// Writes of any kind, each a closure run in the group's transaction.
pub(super) type GroupCommit = WriteQueue<Write>;

impl GroupCommit {
    /// Runs `f` in a transaction of `writer`, with whatever other writes queued meanwhile; its
    /// changes are committed when it returns Ok, rolled back otherwise.
    pub(super) async fn write<R, F>(&self, writer: &Arc<ConnectionPool>, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<R> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let write = Write(Box::new(move |tx: &Transaction<'_>| {
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
        }));
        self.push(writer, write);
        answer
            .await
            .unwrap_or_else(|_| Err(Error::internal("the write's transaction could not start")))
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
        let outcome = (write.0)(&tx);
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
        let outcome = (write.0)(&tx);
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

    use rusqlite::Connection;
    use tokio::sync::oneshot;

    use enid_core::{Error, ErrorKind};

    use super::{GroupWrite, WriteQueue};
    use crate::sqlite::pool::ConnectionPool;
    use crate::sqlite::{Db, SqliteLocation, SqliteStorage};

    /// A write answered as soon as its group commits.
    struct Mark(oneshot::Sender<()>);

    impl GroupWrite for Mark {
        fn take(queue: &mut Vec<Self>) -> Vec<Self> {
            std::mem::take(queue)
        }

        fn commit(_conn: &mut Connection, group: Vec<Self>) {
            for Mark(reply) in group {
                let _ = reply.send(());
            }
        }
    }

    #[test]
    fn writes_queued_for_a_committing_task_that_ended_are_committed() {
        let writer =
            Arc::new(ConnectionPool::open(1, Arc::new(Connection::open_in_memory)).unwrap());
        let queue = WriteQueue::<Mark>::default();
        let (reply, first) = oneshot::channel();
        let ended = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        // The write starts a committing task, which its runtime ends before it ever runs.
        ended.block_on(async { queue.push(&writer, Mark(reply)) });
        drop(ended);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let (reply, second) = oneshot::channel();
            queue.push(&writer, Mark(reply));
            let both = async { (first.await, second.await) };
            let (first, second) = tokio::time::timeout(Duration::from_secs(10), both)
                .await
                .expect("a new task commits the queue");
            first.unwrap();
            second.unwrap();
        });
    }

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
