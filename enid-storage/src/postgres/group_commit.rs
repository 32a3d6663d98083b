//! Group commit for the hot single writes (page accesses, lead intake). Each of them alone costs
//! a transaction: its round trips, its commit's WAL flush, and the rows every such write bumps
//! (a day's tallies) held locked until that flush ends. Writes of one kind that arrive while a
//! group is in flight therefore share the next transaction, where the kind runs them together
//! (one bulk statement where it can); every caller is answered only after the commit, so an
//! acknowledged write is durable, and a failed commit fails every write of its group. When the
//! writes together fail (a refused write aborts the transaction), they run again one by one,
//! each under a savepoint of its own, so the refused one fails alone; what they share (page
//! views' rollups) is still done once, at the end, so that the locks of a group taken one by one
//! come in the same order as those of a group run together.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use sqlx::{Acquire, PgConnection, PgPool};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use enid_core::{Error, Result};

use super::Db;

/// Most writes one transaction takes, so that a group never makes its first caller wait long.
const MAX_GROUP: usize = 128;

/// A kind of write whose writes share transactions.
#[async_trait]
pub(super) trait GroupWrite: Sized + Send + Sync + 'static {
    type Output: Send + 'static;
    /// What the writes of a group leave to do once for all of them, at the end of its
    /// transaction (page views: their rollup deltas).
    type Deferred: Default + Send;

    /// Runs `writes` in the transaction on `conn`: one answer per write, in order. An `Err`
    /// answer is a write refused without changing anything; an `Err` overall leaves the
    /// transaction to be rolled back. What is left for [`finish`](Self::finish) goes to
    /// `deferred` only when the whole returns `Ok`.
    async fn run(
        conn: &mut PgConnection,
        writes: &[Self],
        deferred: &mut Self::Deferred,
    ) -> Result<Vec<Result<Self::Output>>>;

    /// Does what the group's writes left, after all of them.
    async fn finish(_conn: &mut PgConnection, _deferred: Self::Deferred) -> Result<()> {
        Ok(())
    }

    /// The positions of `writes` in the order [`run`](Self::run) writes them, in which a group
    /// run one by one runs them, so that it takes its locks in the order of a group run whole.
    fn order(writes: &[Self]) -> Vec<usize> {
        (0..writes.len()).collect()
    }

    /// Whether [`run`](Self::run) and [`finish`](Self::finish) run `writes` in one statement,
    /// which is then all the transaction they need: no BEGIN and COMMIT round trips.
    fn one_statement(_writes: &[Self]) -> bool {
        false
    }
}

type Queued<W> = (W, oneshot::Sender<Result<<W as GroupWrite>::Output>>);

pub(super) struct GroupCommit<W: GroupWrite> {
    queue: Mutex<Vec<Queued<W>>>,
    /// Groups in flight at once, each on a connection of its own.
    turns: Arc<Semaphore>,
}

impl<W: GroupWrite> GroupCommit<W> {
    pub(super) fn new(groups_in_flight: usize) -> Self {
        Self {
            queue: Mutex::new(Vec::new()),
            turns: Arc::new(Semaphore::new(groups_in_flight)),
        }
    }

    /// Runs `write` in a transaction of `pool` with whatever other writes of its kind queued
    /// meanwhile; answers once that transaction committed.
    pub(super) async fn write(&self, pool: &PgPool, write: W) -> Result<W::Output> {
        let (reply, mut answer) = oneshot::channel();
        self.queue
            .lock()
            .expect("write queue lock")
            .push((write, reply));
        loop {
            // The answer comes once a group took the write and committed; until then, this
            // caller waits for a turn to run the writes queued, its own if still there.
            tokio::select! {
                biased;
                answer = &mut answer => return answer.unwrap_or_else(|_| Err(group_failed())),
                turn = self.turns.clone().acquire_owned() => {
                    let turn = turn.map_err(Error::internal)?;
                    let group = {
                        let mut queue = self.queue.lock().expect("write queue lock");
                        let take = queue.len().min(MAX_GROUP);
                        queue.drain(..take).collect::<Vec<_>>()
                    };
                    if group.is_empty() {
                        // A group in flight took this write: it answers once it committed.
                        drop(turn);
                        return answer.await.unwrap_or_else(|_| Err(group_failed()));
                    }
                    // Spawned with the turn, so the group completes and answers everyone even
                    // if this caller's request is dropped meanwhile.
                    tokio::spawn(commit_group(pool.clone(), group, turn));
                }
            }
        }
    }
}

fn group_failed() -> Error {
    Error::internal("the write's transaction failed")
}

async fn commit_group<W: GroupWrite>(
    pool: PgPool,
    group: Vec<Queued<W>>,
    _turn: OwnedSemaphorePermit,
) {
    let (writes, replies): (Vec<W>, Vec<_>) = group.into_iter().unzip();
    match run_group(&pool, &writes).await {
        Ok(answers) => {
            for (reply, answer) in replies.into_iter().zip(answers) {
                let _ = reply.send(answer);
            }
        }
        Err(err) => {
            tracing::error!(error = %err, writes = writes.len(), "group commit failed");
            for reply in replies {
                let _ = reply.send(Err(group_failed()));
            }
        }
    }
}

/// Runs the writes of a group in one transaction and commits it: each write's answer, or the
/// error that failed them all.
async fn run_group<W: GroupWrite>(pool: &PgPool, writes: &[W]) -> Result<Vec<Result<W::Output>>> {
    let ran = if W::one_statement(writes) {
        // The statement commits itself when it returns, all of it or nothing.
        let mut conn = pool.acquire().await.db()?;
        run_whole(&mut conn, writes).await
    } else {
        let mut tx = pool.begin().await.db()?;
        let ran = run_whole(&mut tx, writes).await;
        match ran {
            Ok(_) => tx.commit().await.db()?,
            Err(_) => tx.rollback().await.db()?,
        }
        ran
    };
    match ran {
        Ok(answers) => return Ok(answers),
        // A write alone needs no savepoint: its failure rolled back the whole transaction.
        Err(err) if writes.len() == 1 => return Ok(vec![Err(err)]),
        Err(err) => {
            tracing::debug!(error = %err, writes = writes.len(), "a group runs again write by write");
        }
    }
    let mut tx = pool.begin().await.db()?;
    let mut deferred = W::Deferred::default();
    let mut answers: Vec<Option<Result<W::Output>>> = writes.iter().map(|_| None).collect();
    for position in W::order(writes) {
        let write = std::slice::from_ref(&writes[position]);
        let mut savepoint = (&mut tx).begin().await.db()?;
        let answer = match W::run(&mut savepoint, write, &mut deferred).await {
            Ok(mut answer) => {
                savepoint.commit().await.db()?;
                answer.pop().ok_or_else(|| Error::internal("no answer"))?
            }
            Err(err) => {
                savepoint.rollback().await.db()?;
                Err(err)
            }
        };
        answers[position] = Some(answer);
    }
    W::finish(&mut tx, deferred).await?;
    tx.commit().await.db()?;
    answers
        .into_iter()
        .map(|answer| answer.ok_or_else(|| Error::internal("a write was not run")))
        .collect()
}

/// Runs the writes of a group together and what they left.
async fn run_whole<W: GroupWrite>(
    conn: &mut PgConnection,
    writes: &[W],
) -> Result<Vec<Result<W::Output>>> {
    let mut deferred = W::Deferred::default();
    let answers = W::run(conn, writes, &mut deferred).await?;
    W::finish(conn, deferred).await?;
    Ok(answers)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use async_trait::async_trait;
    use sqlx::{PgConnection, PgPool};

    use enid_core::{Error, ErrorKind, Result};

    use super::{GroupCommit, GroupWrite};
    use crate::postgres::Db;

    /// Inserts its number, whose row the table refuses when `n % 7 == 1`; refuses itself when
    /// `n % 7 == 4`; answers the id of the transaction it committed in. `-1` takes its time.
    struct Mark(i64);

    #[async_trait]
    impl GroupWrite for Mark {
        type Output = i64;
        type Deferred = ();

        async fn run(
            conn: &mut PgConnection,
            writes: &[Self],
            _deferred: &mut (),
        ) -> Result<Vec<Result<i64>>> {
            if writes.iter().any(|mark| mark.0 == -1) {
                sqlx::query("SELECT pg_sleep(0.3)")
                    .execute(&mut *conn)
                    .await
                    .db()?;
            }
            let kept: Vec<i64> = writes
                .iter()
                .map(|mark| mark.0)
                .filter(|n| n % 7 != 4)
                .collect();
            let transaction: i64 = sqlx::query_scalar(
                "WITH marked AS (INSERT INTO marks (n) SELECT unnest($1::int8[]) RETURNING 1) \
                 SELECT txid_current() FROM (SELECT COUNT(*) FROM marked) c",
            )
            .bind(&kept)
            .fetch_one(&mut *conn)
            .await
            .db()?;
            Ok(writes
                .iter()
                .map(|mark| match mark.0 % 7 {
                    4 => Err(Error::conflict("refused", "Refused.")),
                    _ => Ok(transaction),
                })
                .collect())
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_group_keeps_the_writes_that_succeed_and_answers_after_its_commit() {
        let Some(url) = crate::testing::postgres_url() else {
            return;
        };
        let url = crate::postgres::testing::fresh_schema_url(&url)
            .await
            .unwrap();
        let pool = PgPool::connect(&url).await.unwrap();
        sqlx::query("CREATE TABLE marks (n BIGINT PRIMARY KEY CHECK (n % 7 <> 1))")
            .execute(&pool)
            .await
            .unwrap();
        let groups = Arc::new(GroupCommit::<Mark>::new(1));
        // A slow write holds the only turn while the others queue: they share the next groups.
        let slow = {
            let (groups, pool) = (groups.clone(), pool.clone());
            tokio::spawn(async move { groups.write(&pool, Mark(-1)).await })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        let writes: Vec<_> = (0..300_i64)
            .map(|n| {
                let (groups, pool) = (groups.clone(), pool.clone());
                tokio::spawn(async move { (n, groups.write(&pool, Mark(n)).await) })
            })
            .collect();
        slow.await.unwrap().unwrap();
        let mut kept = vec![-1];
        let mut transactions = std::collections::BTreeSet::new();
        for write in writes {
            let (n, answer) = write.await.unwrap();
            match n % 7 {
                1 => assert_eq!(answer.unwrap_err().kind, ErrorKind::Internal, "{n}"),
                4 => assert_eq!(answer.unwrap_err().code, "refused", "{n}"),
                _ => {
                    transactions.insert(answer.unwrap());
                    kept.push(n);
                }
            }
        }
        assert!(
            transactions.len() * 10 < kept.len(),
            "{} writes in {} transactions",
            kept.len(),
            transactions.len()
        );
        let stored: Vec<i64> = sqlx::query_scalar("SELECT n FROM marks ORDER BY n")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert_eq!(stored, kept);
    }
}
