//! Users, memberships and sessions on PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgExecutor, Row};
use uuid::Uuid;

use enid_core::auth::{
    Email, Member, MemberChanges, MemberFilter, Membership, NewUser, Principal, PurgedSessions,
    RefreshOutcome, SessionStore, User, UserId, UserStore, within_reuse_grace,
};
use enid_core::invalidation::Invalidation;
use enid_core::pagination::{Page, PageRequest};
use enid_core::stores::{Role, StoreId};
use enid_core::{Error, Result};

use super::invalidations::Invalidations;
use super::{
    Db, PostgresStorage, database_failure, is_foreign_key_violation, is_transient,
    is_unique_violation,
};

/// The user columns, from `users u`. A macro so that queries stay `&'static str` (`concat!`).
macro_rules! user_columns {
    () => {
        "u.id, u.email, u.name, u.is_superuser, u.created_at, u.updated_at"
    };
}

/// Member rows: the user columns, then role, is_active, joined_at.
macro_rules! member_select {
    () => {
        concat!(
            "SELECT ",
            user_columns!(),
            ", m.role, m.is_active, m.created_at FROM store_members m JOIN users u ON u.id = m.user_id"
        )
    };
}

/// The member filter of `list_members`: $1 store, $2 LIKE pattern or NULL, $3 is_active or NULL.
macro_rules! member_condition {
    () => {
        "m.store_id = $1 AND ($2::text IS NULL OR lower(u.name) LIKE $2 ESCAPE '\\' \
         OR u.email LIKE $2 ESCAPE '\\') AND ($3::boolean IS NULL OR m.is_active = $3)"
    };
}

fn user_from_row(row: &PgRow) -> sqlx::Result<User> {
    Ok(User {
        id: row.try_get(0)?,
        email: row.try_get(1)?,
        name: row.try_get(2)?,
        is_superuser: row.try_get(3)?,
        created_at: row.try_get(4)?,
        updated_at: row.try_get(5)?,
    })
}

fn role_from_text(text: &str) -> sqlx::Result<Role> {
    text.parse()
        .map_err(|e: Error| sqlx::Error::Decode(e.into()))
}

fn member_from_row(row: &PgRow) -> sqlx::Result<Member> {
    Ok(Member {
        user: user_from_row(row)?,
        role: role_from_text(row.try_get(6)?)?,
        is_active: row.try_get(7)?,
        joined_at: row.try_get(8)?,
    })
}

async fn member_in<'c>(
    ex: impl PgExecutor<'c>,
    store: StoreId,
    user_id: UserId,
) -> Result<Option<Member>> {
    sqlx::query(concat!(
        member_select!(),
        " WHERE m.store_id = $1 AND m.user_id = $2"
    ))
    .bind(store)
    .bind(user_id)
    .try_map(|row: PgRow| member_from_row(&row))
    .fetch_optional(ex)
    .await
    .db()
}

async fn revoke_sessions_of(
    conn: &mut PgConnection,
    user_id: UserId,
    keep: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL AND id IS DISTINCT FROM $3",
    )
    .bind(now)
    .bind(user_id)
    .bind(keep)
    .execute(conn)
    .await
    .db()?;
    Ok(())
}

async fn memberships_of<'c>(ex: impl PgExecutor<'c>, user_id: UserId) -> Result<Vec<Membership>> {
    sqlx::query(
        "SELECT m.store_id, s.name, m.role FROM store_members m JOIN stores s ON s.id = m.store_id \
         WHERE m.user_id = $1 AND m.is_active ORDER BY m.store_id",
    )
    .bind(user_id)
    .try_map(|row: PgRow| {
        Ok(Membership {
            store_id: row.try_get(0)?,
            store_name: row.try_get(1)?,
            role: role_from_text(row.try_get(2)?)?,
        })
    })
    .fetch_all(ex)
    .await
    .db()
}

#[async_trait]
impl UserStore for PostgresStorage {
    async fn create_user(
        &self,
        user: &NewUser,
        membership: Option<(StoreId, Role)>,
        now: DateTime<Utc>,
    ) -> Result<User> {
        let mut tx = self.pool.begin().await.db()?;
        let inserted = sqlx::query(concat!(
            "INSERT INTO users AS u (email, name, password_hash, is_superuser, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING ",
            user_columns!()
        ))
        .bind(user.email.as_str())
        .bind(&user.name)
        .bind(&user.password_hash)
        .bind(user.is_superuser)
        .bind(now)
        .try_map(|row: PgRow| user_from_row(&row))
        .fetch_one(&mut *tx)
        .await;
        let created = match inserted {
            Ok(created) => created,
            Err(e) if is_unique_violation(&e) => {
                return Err(Error::conflict(
                    "email_taken",
                    "A user with this email already exists.",
                ));
            }
            Err(e) => return Err(database_failure(e)),
        };
        if let Some((store, role)) = membership {
            sqlx::query(
                "INSERT INTO store_members (store_id, user_id, role, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $4)",
            )
            .bind(store)
            .bind(created.id)
            .bind(role.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                if is_foreign_key_violation(&e) {
                    Error::not_found("store_not_found", "Store not found.")
                } else {
                    database_failure(e)
                }
            })?;
        }
        tx.commit().await.db()?;
        Ok(created)
    }

    async fn user_credentials(&self, email: &Email) -> Result<Option<(User, String)>> {
        sqlx::query(concat!(
            "SELECT ",
            user_columns!(),
            ", u.password_hash FROM users u WHERE u.email = $1"
        ))
        .bind(email.as_str())
        .try_map(|row: PgRow| Ok((user_from_row(&row)?, row.try_get(6)?)))
        .fetch_optional(&self.pool)
        .await
        .db()
    }

    async fn password_hash(&self, user_id: UserId) -> Result<Option<String>> {
        sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await
            .db()
    }

    async fn update_user_name(
        &self,
        user_id: UserId,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<User>> {
        let mut tx = self.pool.begin().await.db()?;
        let user = sqlx::query(concat!(
            "UPDATE users AS u SET name = $1, updated_at = $2 WHERE id = $3 RETURNING ",
            user_columns!()
        ))
        .bind(name)
        .bind(now)
        .bind(user_id)
        .try_map(|row: PgRow| user_from_row(&row))
        .fetch_optional(&mut *tx)
        .await
        .db()?;
        self.commit_invalidating(tx, Invalidation::User(user_id))
            .await?;
        Ok(user)
    }

    async fn set_password(
        &self,
        user_id: UserId,
        hash: &str,
        keep_session: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.db()?;
        sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(hash)
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .db()?;
        revoke_sessions_of(&mut tx, user_id, keep_session, now).await?;
        self.commit_invalidating(tx, Invalidation::User(user_id))
            .await
    }

    async fn count_users(&self) -> Result<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await
            .db()
    }

    async fn memberships(&self, user_id: UserId) -> Result<Vec<Membership>> {
        memberships_of(&self.pool, user_id).await
    }

    async fn list_members(
        &self,
        store: StoreId,
        filter: &MemberFilter,
        page: PageRequest,
    ) -> Result<Page<Member>> {
        let pattern = filter
            .q
            .as_ref()
            .map(|q| format!("%{}%", crate::escape_like(&q.to_lowercase())));
        let count: i64 = sqlx::query_scalar(concat!(
            "SELECT COUNT(*) FROM store_members m JOIN users u ON u.id = m.user_id WHERE ",
            member_condition!()
        ))
        .bind(store)
        .bind(&pattern)
        .bind(filter.is_active)
        .fetch_one(&self.pool)
        .await
        .db()?;
        let items = sqlx::query(concat!(
            member_select!(),
            " WHERE ",
            member_condition!(),
            " ORDER BY u.id LIMIT $4 OFFSET $5"
        ))
        .bind(store)
        .bind(&pattern)
        .bind(filter.is_active)
        .bind(page.limit())
        .bind(page.offset())
        .try_map(|row: PgRow| member_from_row(&row))
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(Page {
            count,
            items,
            request: page,
        })
    }

    async fn member(&self, store: StoreId, user_id: UserId) -> Result<Option<Member>> {
        member_in(&self.pool, store, user_id).await
    }

    async fn update_member(
        &self,
        store: StoreId,
        user_id: UserId,
        changes: &MemberChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Member>> {
        let mut tx = self.pool.begin().await.db()?;
        // Member changes of one store take turns, so two concurrent demotions cannot each count
        // the other admin and leave none. NO KEY UPDATE does not block memberships being added.
        sqlx::query("SELECT 1 FROM stores WHERE id = $1 FOR NO KEY UPDATE")
            .bind(store)
            .execute(&mut *tx)
            .await
            .db()?;
        let Some(before) = member_in(&mut *tx, store, user_id).await? else {
            return Ok(None);
        };
        sqlx::query(
            "UPDATE store_members SET role = COALESCE($1, role), is_active = COALESCE($2, is_active), \
             updated_at = $3 WHERE store_id = $4 AND user_id = $5",
        )
        .bind(changes.role.map(Role::as_str))
        .bind(changes.is_active)
        .bind(now)
        .bind(store)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .db()?;
        if let Some(name) = &changes.name {
            sqlx::query("UPDATE users SET name = $1, updated_at = $2 WHERE id = $3")
                .bind(name)
                .bind(now)
                .bind(user_id)
                .execute(&mut *tx)
                .await
                .db()?;
        }
        let admins: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM store_members WHERE store_id = $1 AND role = 'admin' AND is_active",
        )
        .bind(store)
        .fetch_one(&mut *tx)
        .await
        .db()?;
        if admins == 0 && before.role == Role::Admin && before.is_active {
            // Nothing of the change stays.
            tx.rollback().await.db()?;
            return Err(Error::conflict(
                "last_admin",
                "The store must keep at least one active admin.",
            ));
        }
        let after = member_in(&mut *tx, store, user_id).await?;
        self.commit_invalidating(tx, Invalidation::User(user_id))
            .await?;
        Ok(after)
    }
}

#[async_trait]
impl SessionStore for PostgresStorage {
    async fn create_session(
        &self,
        session_id: Uuid,
        user_id: UserId,
        refresh_hash: &str,
        refresh_expires: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.db()?;
        sqlx::query("INSERT INTO sessions (id, user_id, created_at) VALUES ($1, $2, $3)")
            .bind(session_id)
            .bind(user_id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .db()?;
        sqlx::query("INSERT INTO refresh_tokens (token_hash, session_id, expires_at, created_at) VALUES ($1, $2, $3, $4)")
            .bind(refresh_hash)
            .bind(session_id)
            .bind(refresh_expires)
            .bind(now)
            .execute(&mut *tx)
            .await
            .db()?;
        tx.commit().await.db()
    }

    async fn rotate_refresh_token(
        &self,
        presented_hash: &str,
        next_hash: &str,
        next_expires: DateTime<Utc>,
        reuse_grace: chrono::Duration,
        now: DateTime<Utc>,
    ) -> Result<RefreshOutcome> {
        let mut attempt = 1;
        loop {
            let outcome = rotate_once(
                &self.pool,
                &self.invalidations,
                presented_hash,
                next_hash,
                next_expires,
                reuse_grace,
                now,
            )
            .await;
            match outcome {
                // Aborted before anything was stored (a deadlock with a purge deleting the
                // session at that moment): run it again.
                Err(err) if attempt < ROTATION_ATTEMPTS && is_transient(&err) => attempt += 1,
                Err(err) => return Err(database_failure(err)),
                Ok((outcome, revoked)) => {
                    if let Some(session_id) = revoked {
                        self.invalidations
                            .deliver(&Invalidation::Session(session_id))
                            .await;
                    }
                    return Ok(outcome);
                }
            }
        }
    }

    async fn refresh_token_owner(&self, hash: &str) -> Result<Option<(Uuid, UserId)>> {
        sqlx::query_as(
            "SELECT s.id, s.user_id FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id \
             WHERE t.token_hash = $1",
        )
        .bind(hash)
        .fetch_optional(&self.pool)
        .await
        .db()
    }

    async fn revoke_session(&self, session_id: Uuid, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin().await.db()?;
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(session_id)
            .execute(&mut *tx)
            .await
            .db()?;
        self.commit_invalidating(tx, Invalidation::Session(session_id))
            .await
    }

    async fn purge_sessions(
        &self,
        now: DateTime<Utc>,
        access_ttl: chrono::Duration,
    ) -> Result<PurgedSessions> {
        let issued_before = now - access_ttl;
        let mut tx = self.pool.begin().await.db()?;
        let sessions = sqlx::query(
            "DELETE FROM sessions s WHERE s.revoked_at IS NOT NULL OR NOT EXISTS ( \
             SELECT 1 FROM refresh_tokens t WHERE t.session_id = s.id \
             AND (t.expires_at > $1 OR t.created_at > $2))",
        )
        .bind(now)
        .bind(issued_before)
        .execute(&mut *tx)
        .await
        .db()?
        .rows_affected();
        let refresh_tokens =
            sqlx::query("DELETE FROM refresh_tokens WHERE expires_at <= $1 AND created_at <= $2")
                .bind(now)
                .bind(issued_before)
                .execute(&mut *tx)
                .await
                .db()?
                .rows_affected();
        tx.commit().await.db()?;
        Ok(PurgedSessions {
            sessions,
            refresh_tokens,
        })
    }

    async fn principal(&self, user_id: UserId, session_id: Uuid) -> Result<Option<Principal>> {
        let user = sqlx::query(concat!(
            "SELECT ",
            user_columns!(),
            " FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL"
        ))
        .bind(session_id)
        .bind(user_id)
        .try_map(|row: PgRow| user_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .db()?;
        let Some(user) = user else {
            return Ok(None);
        };
        let memberships = memberships_of(&self.pool, user_id).await?;
        Ok(Some(Principal {
            user,
            session_id,
            memberships,
        }))
    }
}

/// How many times a rotation aborted by a deadlock or serialization failure is run.
const ROTATION_ATTEMPTS: u32 = 3;

/// One transaction of [`SessionStore::rotate_refresh_token`], and the session it revoked.
async fn rotate_once(
    pool: &sqlx::PgPool,
    invalidations: &Invalidations,
    presented_hash: &str,
    next_hash: &str,
    next_expires: DateTime<Utc>,
    reuse_grace: chrono::Duration,
    now: DateTime<Utc>,
) -> sqlx::Result<(RefreshOutcome, Option<Uuid>)> {
    // READ COMMITTED whatever the server's default: a presentation that finds the token locked by
    // another's rotation waits, re-checks `used_at IS NULL` on the committed row and marks
    // nothing, where a stricter level would fail with a serialization error.
    let mut tx = pool
        .begin_with("BEGIN ISOLATION LEVEL READ COMMITTED")
        .await?;
    let marked: Option<(Uuid, UserId)> = sqlx::query_as(
        "UPDATE refresh_tokens t SET used_at = $2 FROM sessions s \
         WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2 \
         AND s.id = t.session_id AND s.revoked_at IS NULL \
         RETURNING t.session_id, s.user_id",
    )
    .bind(presented_hash)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((session_id, user_id)) = marked {
        sqlx::query("INSERT INTO refresh_tokens (token_hash, session_id, expires_at, created_at) VALUES ($1, $2, $3, $4)")
            .bind(next_hash)
            .bind(session_id)
            .bind(next_expires)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        return Ok((
            RefreshOutcome::Rotated {
                user_id,
                session_id,
            },
            None,
        ));
    }
    // A new snapshot: a rotation this statement waited for is seen committed.
    let found: Option<(Uuid, Option<DateTime<Utc>>)> =
        sqlx::query_as("SELECT session_id, used_at FROM refresh_tokens WHERE token_hash = $1")
            .bind(presented_hash)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((session_id, used_at)) = found else {
        return Ok((RefreshOutcome::Rejected, None));
    };
    if used_at.is_some_and(|used| within_reuse_grace(used, now, reuse_grace)) {
        return Ok((RefreshOutcome::Superseded, None));
    }
    // Used before the grace (it leaked), expired or revoked: end the whole session.
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(session_id)
        .execute(&mut *tx)
        .await?;
    invalidations
        .notify_on_commit(&mut tx, &Invalidation::Session(session_id))
        .await?;
    tx.commit().await?;
    Ok((RefreshOutcome::Rejected, Some(session_id)))
}
