//! Work done in rounds per key, so that a stream of callers asking for the same work shares it.
//! One round of a key runs at a time, and a caller is answered by the first round that started
//! after it arrived: that round has seen everything the caller had done before asking (its write
//! committed, its revision moved on). Callers arriving while a round runs therefore share the
//! next one, however many they are. Cache misses of one subject share computations this way
//! ([`crate::cache::cached_json`]), and announcements of a changed cache key share their sends.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tokio::sync::OwnedMutexGuard;

/// The rounds of every key in use; a key leaves the table once nobody waits on it.
pub(crate) struct Rounds<K, V> {
    keys: Mutex<HashMap<K, Arc<KeyRounds<V>>>>,
}

struct KeyRounds<V> {
    /// Held by the round under way; keeps the value of the last round.
    turn: Arc<tokio::sync::Mutex<Option<V>>>,
    /// The round that starts after the one under way: its value, once it ended.
    next: Mutex<Arc<OnceLock<V>>>,
}

/// What a caller finds once its turn comes.
pub(crate) enum Turn<'a, K: Hash + Eq + Clone, V: Clone> {
    /// A round that started after the caller arrived ended with this value.
    Answered(V),
    /// No such round ran: the caller holds the turn, and may run one.
    Run(Round<'a, K, V>),
}

/// The turn of a key, held: until [`start`](Round::start), callers arriving still wait for the
/// round this one may run; after it, for the one after. Dropped without
/// [`finish`](Round::finish), the round leaves its callers to the next turn.
pub(crate) struct Round<'a, K: Hash + Eq + Clone, V: Clone> {
    rounds: &'a Rounds<K, V>,
    key: K,
    shared: Arc<KeyRounds<V>>,
    mine: Arc<OnceLock<V>>,
    last: OwnedMutexGuard<Option<V>>,
}

impl<K: Hash + Eq + Clone, V: Clone> Default for Rounds<K, V> {
    fn default() -> Self {
        Self {
            keys: Mutex::default(),
        }
    }
}

impl<K: Hash + Eq + Clone, V: Clone> Rounds<K, V> {
    /// Waits for `key`'s turn: the value of a round that started after this call, or the turn.
    pub(crate) async fn turn(&self, key: K) -> Turn<'_, K, V> {
        let shared = self
            .keys
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(key.clone())
            .or_insert_with(|| {
                Arc::new(KeyRounds {
                    turn: Arc::default(),
                    next: Mutex::default(),
                })
            })
            .clone();
        let mine = shared
            .next
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let last = shared.turn.clone().lock_owned().await;
        let round = Round {
            rounds: self,
            key,
            shared,
            mine,
            last,
        };
        match round.mine.get() {
            Some(value) => Turn::Answered(value.clone()),
            None => Turn::Run(round),
        }
    }

    /// Runs `work` for `key` unless a round that started after this call ran it meanwhile.
    pub(crate) async fn share<F>(&self, key: K, work: F) -> V
    where
        F: Future<Output = V>,
    {
        match self.turn(key).await {
            Turn::Answered(value) => value,
            Turn::Run(round) => {
                round.start();
                let value = work.await;
                round.finish(value.clone());
                value
            }
        }
    }
}

impl<K: Hash + Eq + Clone, V: Clone> Round<'_, K, V> {
    /// The value of the last round of the key on this table, if one ended.
    pub(crate) fn last(&self) -> Option<&V> {
        self.last.as_ref()
    }

    /// Starts the round: callers arriving from now on wait for the one after it.
    pub(crate) fn start(&self) {
        let mut next = self
            .shared
            .next
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if Arc::ptr_eq(&next, &self.mine) {
            *next = Arc::default();
        }
    }

    /// Ends the round with `value`, which answers every caller that waited for it.
    pub(crate) fn finish(mut self, value: V) {
        // Only the holder of the turn sets it, once: a round is swapped out when it starts.
        let _ = self.mine.set(value.clone());
        *self.last = Some(value);
    }
}

impl<K: Hash + Eq + Clone, V: Clone> Drop for Round<'_, K, V> {
    fn drop(&mut self) {
        let mut keys = self
            .rounds
            .keys
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // The table's reference and this one: nobody else is waiting.
        if Arc::strong_count(&self.shared) == 2 {
            keys.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// Callers that ask while a round runs share the next one; none is answered by a round that
    /// started before it asked, and the key leaves the table once nobody waits.
    #[tokio::test]
    async fn callers_during_a_round_share_the_next() {
        let rounds = Arc::new(Rounds::<String, u64>::default());
        let ran = Arc::new(AtomicU64::new(0));
        let (started, running) = tokio::sync::oneshot::channel::<()>();
        let (release, held) = tokio::sync::oneshot::channel::<()>();
        let first = tokio::spawn({
            let (rounds, ran) = (rounds.clone(), ran.clone());
            async move {
                rounds
                    .share("leads:1:revision".to_owned(), async {
                        started.send(()).unwrap();
                        held.await.unwrap();
                        ran.fetch_add(1, Ordering::SeqCst) + 1
                    })
                    .await
            }
        });
        running.await.unwrap();
        let later: Vec<_> = (0..8)
            .map(|_| {
                let (rounds, ran) = (rounds.clone(), ran.clone());
                tokio::spawn(async move {
                    rounds
                        .share("leads:1:revision".to_owned(), async {
                            ran.fetch_add(1, Ordering::SeqCst) + 1
                        })
                        .await
                })
            })
            .collect();
        tokio::task::yield_now().await;
        release.send(()).unwrap();
        assert_eq!(first.await.unwrap(), 1);
        for caller in later {
            assert_eq!(caller.await.unwrap(), 2);
        }
        assert_eq!(ran.load(Ordering::SeqCst), 2);
        assert!(rounds.keys.lock().unwrap().is_empty());
    }

    /// A round dropped before it finished answers nobody: its callers run the next one.
    #[tokio::test]
    async fn a_dropped_round_leaves_its_callers_to_the_next() {
        let rounds = Rounds::<&str, u64>::default();
        let Turn::Run(round) = rounds.turn("key").await else {
            panic!("nobody ran a round yet");
        };
        round.start();
        drop(round);
        assert_eq!(rounds.share("key", async { 7 }).await, 7);
        assert!(rounds.keys.lock().unwrap().is_empty());
    }

    /// A caller that arrived after a round started gets the turn after it, with its value as the
    /// last one.
    #[tokio::test]
    async fn the_next_turn_sees_the_last_value() {
        let rounds = Rounds::<&str, u64>::default();
        let Turn::Run(round) = rounds.turn("key").await else {
            panic!("nobody ran a round yet");
        };
        round.start();
        let later = async {
            match rounds.turn("key").await {
                Turn::Run(round) => round.last().copied(),
                Turn::Answered(value) => panic!("answered by a round started before: {value}"),
            }
        };
        let finish = async {
            tokio::task::yield_now().await;
            round.finish(7);
        };
        let (last, ()) = tokio::join!(later, finish);
        assert_eq!(last, Some(7));
    }
}
