//! The first-turn answer cache: answers to a conversation's first question, per store and
//! normalised question, kept in the shared cache for a TTL. Every key carries the store's answer
//! revision ([`Revision`]), itself kept in the shared cache; a change to the store's FAQs, return
//! cards, knowledge or assistant settings replaces the revision, so every instance stops finding
//! the old answers at once. Concurrent identical first questions on one instance share one model call.

use std::time::Duration;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Answer;
use crate::cache::{Cache, Revision};
use crate::enid::Enid;
use crate::stores::StoreId;
use crate::text::fold;

/// Changes with every write of what answers draw on: the key of a store's cached answers.
const ANSWER_REVISION: Revision = Revision::new("assistant-answers");
/// How long a store's settings and return cards are reused between writes (the bound on staleness
/// for instances that share no cache).
const GROUNDS_TTL: Duration = Duration::from_secs(10);
/// Answers (and calls in flight) one instance keeps at most.
const FLIGHTS_CAPACITY: u64 = 10_000;

/// Model calls in flight and their recent answers, by answer key: concurrent callers of one key
/// wait for the first one's call.
pub(crate) struct AnswerFlights {
    pub answers: moka::future::Cache<String, Answer>,
}

impl AnswerFlights {
    pub fn new(ttl: Duration) -> Self {
        Self {
            answers: moka::future::Cache::builder()
                .max_capacity(FLIGHTS_CAPACITY)
                .time_to_live(ttl.max(Duration::from_secs(1)))
                .build(),
        }
    }
}

/// The question as the cache compares it: folded, words only, single spaces.
pub fn normalize(question: &str) -> String {
    fold(question)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The key of the answer to `question` at the store's current revision, or `None` when the cache
/// cannot be read (the turn is then answered without it).
pub async fn answer_key(cache: &dyn Cache, store: StoreId, question: &str) -> Option<String> {
    let revision = ANSWER_REVISION.current(cache, store).await?;
    let digest = hex::encode(Sha256::digest(normalize(question).as_bytes()));
    Some(format!(
        "assistant:store:{store}:answer:{revision}:{digest}"
    ))
}

/// `compute`d once per answer revision: what every turn reads and only the writes that change
/// answers change (the settings, the return cards), so a turn does not read them from storage.
pub(crate) async fn cached_with_answers<T, F>(
    enid: &Enid,
    store: StoreId,
    name: &str,
    compute: F,
) -> crate::error::Result<T>
where
    T: Serialize + serde::de::DeserializeOwned,
    F: std::future::Future<Output = crate::error::Result<T>>,
{
    ANSWER_REVISION
        .cached(enid.cache(), store, name, GROUNDS_TTL, compute)
        .await
}

/// Makes every cached answer of the store unreachable, on every instance sharing the cache.
pub async fn forget_answers(enid: &Enid, store: StoreId) {
    ANSWER_REVISION.bump(enid, store).await;
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_normalised() {
        assert_eq!(
            normalize("  ¿Hacen ENVÍOS a Monterrey?? "),
            "hacen envios a monterrey"
        );
        assert_eq!(
            normalize("hacen envios a monterrey"),
            normalize("¡Hacen envíos a Monterrey!")
        );
    }
}
