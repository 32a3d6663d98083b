//! Invalidations between instances sharing a PostgreSQL database: each write sends its
//! invalidation with `pg_notify` inside its own transaction (PostgreSQL delivers it on commit
//! and never for a rollback), and each instance listens on a connection of its own. The channel is
//! the schema's, so instances on other schemas of one database hear nothing of it.

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgConnection;
use sqlx::postgres::{PgConnectOptions, PgListener, PgPool, PgPoolOptions};
use tokio::sync::OnceCell;
use tokio::task::JoinHandle;
use uuid::Uuid;

use enid_core::invalidation::{Invalidation, InvalidationSink, InvalidationSinks};
use enid_core::{Error, Result};

use super::{ACQUIRE_TIMEOUT, Db, describe};

/// The first wait before listening again after the connection was lost; it doubles on each
/// failure up to [`RESUBSCRIBE_MAX_WAIT`]. Meanwhile the instance reads from the database.
const RESUBSCRIBE_FIRST_WAIT: Duration = Duration::from_secs(1);
const RESUBSCRIBE_MAX_WAIT: Duration = Duration::from_secs(30);

/// The longest channel name PostgreSQL accepts (NAMEDATALEN - 1).
const CHANNEL_MAX_BYTES: usize = 63;

/// The `application_name` of the connections listening for invalidations of `schema`, so an
/// operator sees which connections they are.
pub(super) fn listener_application(schema: &str) -> String {
    truncated(&format!("enid-invalidations:{schema}"), CHANNEL_MAX_BYTES)
}

pub(super) struct Invalidations {
    channel: String,
    /// Marks this storage's notifications: its own instances were handed them at commit.
    origin: String,
    sinks: Arc<InvalidationSinks>,
    /// The listening connection's options (the pool's, named for the operator).
    listener_options: PgConnectOptions,
    listener: OnceCell<ListenerTask>,
}

/// The listening task, stopped with the storage.
struct ListenerTask(JoinHandle<()>);

impl Drop for ListenerTask {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Invalidations {
    /// The invalidations of the schema `pool`'s connections use.
    pub async fn new(pool: &PgPool, options: &PgConnectOptions) -> Result<Self> {
        let schema: String = sqlx::query_scalar("SELECT COALESCE(current_schema(), '')")
            .fetch_one(pool)
            .await
            .db()?;
        Ok(Self {
            channel: truncated(&format!("enid:{schema}"), CHANNEL_MAX_BYTES),
            origin: Uuid::new_v4().simple().to_string(),
            sinks: Arc::new(InvalidationSinks::default()),
            listener_options: options
                .clone()
                .application_name(&listener_application(&schema)),
            listener: OnceCell::new(),
        })
    }

    /// Sends `invalidation` to the other instances when the transaction on `conn` commits.
    pub async fn notify_on_commit(
        &self,
        conn: &mut PgConnection,
        invalidation: &Invalidation,
    ) -> sqlx::Result<()> {
        let Notification { channel, payload } = self.notification(invalidation);
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(channel)
            .bind(payload)
            .execute(conn)
            .await?;
        Ok(())
    }

    /// `invalidation` as a statement passes it to `pg_notify`, to send it as its transaction
    /// commits.
    pub fn notification(&self, invalidation: &Invalidation) -> Notification {
        Notification {
            channel: self.channel.clone(),
            payload: format!("{} {}", self.origin, invalidation.encode()),
        }
    }

    /// Sends `invalidation` to the other instances now. Its transaction keeps nothing, so it
    /// commits without waiting for its WAL to reach the disk: listeners hear it at the commit
    /// either way, and a crash that lost it ends their connections too, which makes them drop
    /// what they kept.
    pub async fn publish(&self, pool: &PgPool, invalidation: &Invalidation) -> Result<()> {
        let Notification { channel, payload } = self.notification(invalidation);
        sqlx::query("SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, $2)")
            .bind(channel)
            .bind(payload)
            .execute(pool)
            .await
            .db()?;
        Ok(())
    }

    /// Hands this storage's instances what a committed write made stale.
    pub async fn deliver(&self, invalidation: &Invalidation) {
        self.sinks.deliver(invalidation).await;
    }

    /// Adds `sink`; the first one starts listening, and returns once it listens.
    pub async fn subscribe(&self, sink: Arc<dyn InvalidationSink>) -> Result<()> {
        self.sinks.add(sink);
        self.listener
            .get_or_try_init(|| async {
                let pool = PgPoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .max_lifetime(None)
                    .idle_timeout(None)
                    .connect_lazy_with(self.listener_options.clone());
                let listener = listen(&pool, &self.channel).await.map_err(|err| {
                    Error::internal(format!(
                        "cannot listen for invalidations: {}",
                        describe(&err)
                    ))
                })?;
                let task = tokio::spawn(receive(
                    listener,
                    pool,
                    self.channel.clone(),
                    self.origin.clone(),
                    self.sinks.clone(),
                ));
                Ok::<_, Error>(ListenerTask(task))
            })
            .await?;
        Ok(())
    }
}

/// The arguments of `pg_notify` that send an invalidation.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Notification {
    pub(super) channel: String,
    pub(super) payload: String,
}

/// `text` cut to at most `max` bytes, on a character boundary.
fn truncated(text: &str, max: usize) -> String {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

/// Another instance's invalidation in a notification's payload; `None` for this storage's own
/// (already handed over at commit) and for anything unreadable.
fn foreign(payload: &str, origin: &str) -> Option<Invalidation> {
    let (sender, invalidation) = payload.split_once(' ')?;
    if sender == origin {
        return None;
    }
    Invalidation::decode(invalidation)
}

async fn listen(pool: &PgPool, channel: &str) -> sqlx::Result<PgListener> {
    let mut listener = PgListener::connect_with(pool).await?;
    // The pool is the listener's alone; its reconnection is done here, where the instance
    // learns the connection was lost.
    listener.ignore_pool_close_event(true);
    listener.eager_reconnect(false);
    listener.listen(channel).await?;
    Ok(listener)
}

/// Hands other instances' invalidations to the sinks. When the connection is lost, the sinks
/// hear it at once and serve from the database; once listening again they drop what they kept,
/// since invalidations sent meanwhile were missed.
async fn receive(
    mut listener: PgListener,
    pool: PgPool,
    channel: String,
    origin: String,
    sinks: Arc<InvalidationSinks>,
) {
    loop {
        match listener.try_recv().await {
            Ok(Some(notification)) => {
                if let Some(invalidation) = foreign(notification.payload(), &origin) {
                    sinks.deliver(&invalidation).await;
                }
                continue;
            }
            Ok(None) => tracing::warn!("lost the invalidation channel; reading the database"),
            Err(err) => tracing::warn!(
                error = %describe(&err),
                "lost the invalidation channel; reading the database"
            ),
        }
        sinks.channel_lost();
        drop(listener);
        let mut wait = RESUBSCRIBE_FIRST_WAIT;
        listener = loop {
            tokio::time::sleep(wait).await;
            match listen(&pool, &channel).await {
                Ok(listener) => break listener,
                Err(err) => {
                    tracing::warn!(error = %describe(&err), "cannot listen for invalidations yet");
                    wait = (wait * 2).min(RESUBSCRIBE_MAX_WAIT);
                }
            }
        };
        sinks.resubscribed().await;
        tracing::info!("listening for invalidations again");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_and_unreadable_notifications_are_ignored() {
        let origin = "a".repeat(32);
        let other = "b".repeat(32);
        let event = Invalidation::User(7);
        assert_eq!(
            foreign(&format!("{other} {}", event.encode()), &origin),
            Some(event.clone())
        );
        assert_eq!(
            foreign(&format!("{origin} {}", event.encode()), &origin),
            None
        );
        assert_eq!(foreign("garbage", &origin), None);
        assert_eq!(foreign(&format!("{other} user x"), &origin), None);
    }

    #[test]
    fn channel_names_fit_postgres() {
        assert_eq!(truncated("enid:public", 63), "enid:public");
        let long = format!("enid:{}", "é".repeat(40));
        let cut = truncated(&long, 63);
        assert!(cut.len() <= 63 && long.starts_with(&cut));
    }
}
