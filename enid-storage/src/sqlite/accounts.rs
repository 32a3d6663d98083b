//! Users, memberships and sessions on SQLite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use uuid::Uuid;

use enid_core::auth::{
    Email, Member, MemberChanges, MemberFilter, Membership, NewUser, Principal, PurgedSessions,
    RefreshOutcome, SessionStore, User, UserId, UserStore, within_reuse_grace,
};
use enid_core::invalidation::Invalidation;
use enid_core::pagination::{Page, PageRequest};
use enid_core::stores::{Role, StoreId};
use enid_core::{Error, Result};

use super::{Db, SqliteStorage, Ts, is_foreign_key_violation, is_unique_violation};

const USER_COLUMNS: &str = "u.id, u.email, u.name, u.is_superuser, u.created_at, u.updated_at";

fn user_from_row(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        email: row.get(1)?,
        name: row.get(2)?,
        is_superuser: row.get(3)?,
        created_at: row.get::<_, Ts>(4)?.0,
        updated_at: row.get::<_, Ts>(5)?.0,
    })
}

fn role_from_text(text: String) -> rusqlite::Result<Role> {
    text.parse().map_err(|e: Error| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

/// Member rows: the user columns, then role, is_active, joined_at.
const MEMBER_SELECT: &str = "SELECT u.id, u.email, u.name, u.is_superuser, u.created_at, u.updated_at, \
     m.role, m.is_active, m.created_at FROM store_members m JOIN users u ON u.id = m.user_id";

fn member_from_row(row: &Row<'_>) -> rusqlite::Result<Member> {
    Ok(Member {
        user: user_from_row(row)?,
        role: role_from_text(row.get(6)?)?,
        is_active: row.get(7)?,
        joined_at: row.get::<_, Ts>(8)?.0,
    })
}

fn member_in(
    tx: &Transaction<'_>,
    store: StoreId,
    user_id: UserId,
) -> rusqlite::Result<Option<Member>> {
    tx.query_row(
        &format!("{MEMBER_SELECT} WHERE m.store_id = ?1 AND m.user_id = ?2"),
        params![store, user_id],
        member_from_row,
    )
    .optional()
}

fn revoke_sessions_of(
    tx: &Transaction<'_>,
    user_id: UserId,
    keep: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "UPDATE sessions SET revoked_at = ?1 WHERE user_id = ?2 AND revoked_at IS NULL AND id IS NOT ?3",
        params![Ts(now), user_id, keep.map(|id| id.to_string())],
    )
    .db()?;
    Ok(())
}

#[async_trait]
impl UserStore for SqliteStorage {
    async fn create_user(
        &self,
        user: &NewUser,
        membership: Option<(StoreId, Role)>,
        now: DateTime<Utc>,
    ) -> Result<User> {
        let user = user.clone();
        self.write(move |tx| {
            let inserted = tx.query_row(
                &format!(
                    "INSERT INTO users (email, name, password_hash, is_superuser, created_at, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING {}",
                    USER_COLUMNS.replace("u.", "")
                ),
                params![user.email.as_str(), user.name, user.password_hash, user.is_superuser, Ts(now)],
                user_from_row,
            );
            let created = match inserted {
                Ok(created) => created,
                Err(e) if is_unique_violation(&e) => {
                    return Err(Error::conflict("email_taken", "A user with this email already exists."));
                }
                Err(e) => return Err(Error::internal(e)),
            };
            if let Some((store, role)) = membership {
                tx.execute(
                    "INSERT INTO store_members (store_id, user_id, role, created_at, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?4)",
                    params![store, created.id, role.as_str(), Ts(now)],
                )
                .map_err(|e| {
                    if is_foreign_key_violation(&e) {
                        Error::not_found("store_not_found", "Store not found.")
                    } else {
                        Error::internal(e)
                    }
                })?;
            }
            Ok(created)
        })
        .await
    }

    async fn user_credentials(&self, email: &Email) -> Result<Option<(User, String)>> {
        let email = email.as_str().to_owned();
        self.read(move |conn| {
            conn.query_row(
                &format!("SELECT {USER_COLUMNS}, u.password_hash FROM users u WHERE u.email = ?1"),
                [email],
                |row| Ok((user_from_row(row)?, row.get(6)?)),
            )
            .optional()
        })
        .await
    }

    async fn password_hash(&self, user_id: UserId) -> Result<Option<String>> {
        self.read(move |conn| {
            conn.query_row(
                "SELECT password_hash FROM users WHERE id = ?1",
                [user_id],
                |row| row.get(0),
            )
            .optional()
        })
        .await
    }

    async fn update_user_name(
        &self,
        user_id: UserId,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<User>> {
        let name = name.to_owned();
        let user = self
            .write(move |tx| {
                tx.query_row(
                    &format!(
                        "UPDATE users SET name = ?1, updated_at = ?2 WHERE id = ?3 RETURNING {}",
                        USER_COLUMNS.replace("u.", "")
                    ),
                    params![name, Ts(now), user_id],
                    user_from_row,
                )
                .optional()
                .db()
            })
            .await?;
        self.invalidated(Invalidation::User(user_id)).await;
        Ok(user)
    }

    async fn set_password(
        &self,
        user_id: UserId,
        hash: &str,
        keep_session: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let hash = hash.to_owned();
        self.write(move |tx| {
            tx.execute(
                "UPDATE users SET password_hash = ?1, updated_at = ?2 WHERE id = ?3",
                params![hash, Ts(now), user_id],
            )
            .db()?;
            revoke_sessions_of(tx, user_id, keep_session, now)
        })
        .await?;
        self.invalidated(Invalidation::User(user_id)).await;
        Ok(())
    }

    async fn count_users(&self) -> Result<i64> {
        self.read(|conn| conn.query_row("SELECT COUNT(*) FROM users", [], |row| row.get(0)))
            .await
    }

    async fn memberships(&self, user_id: UserId) -> Result<Vec<Membership>> {
        self.read(move |conn| memberships_of(conn, user_id)).await
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
        let is_active = filter.is_active;
        self.read(move |conn| {
            let condition = "m.store_id = ?1 AND (?2 IS NULL OR unicode_lower(u.name) LIKE ?2 ESCAPE '\\' \
                 OR u.email LIKE ?2 ESCAPE '\\') AND (?3 IS NULL OR m.is_active = ?3)";
            let count = conn.query_row(
                &format!("SELECT COUNT(*) FROM store_members m JOIN users u ON u.id = m.user_id WHERE {condition}"),
                params![store, pattern, is_active],
                |row| row.get(0),
            )?;
            let mut stmt = conn.prepare(&format!("{MEMBER_SELECT} WHERE {condition} ORDER BY u.id LIMIT ?4 OFFSET ?5"))?;
            let items = stmt
                .query_map(
                    params![store, pattern, is_active, page.limit(), page.offset()],
                    member_from_row,
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Page { count, items, request: page })
        })
        .await
    }

    async fn member(&self, store: StoreId, user_id: UserId) -> Result<Option<Member>> {
        self.read(move |conn| {
            conn.query_row(
                &format!("{MEMBER_SELECT} WHERE m.store_id = ?1 AND m.user_id = ?2"),
                params![store, user_id],
                member_from_row,
            )
            .optional()
        })
        .await
    }

    async fn update_member(
        &self,
        store: StoreId,
        user_id: UserId,
        changes: &MemberChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Member>> {
        let changes = changes.clone();
        let member = self.write(move |tx| {
            let Some(before) = member_in(tx, store, user_id).db()? else {
                return Ok(None);
            };
            tx.execute(
                "UPDATE store_members SET role = COALESCE(?1, role), is_active = COALESCE(?2, is_active), \
                 updated_at = ?3 WHERE store_id = ?4 AND user_id = ?5",
                params![changes.role.map(Role::as_str), changes.is_active, Ts(now), store, user_id],
            )
            .db()?;
            if let Some(name) = &changes.name {
                tx.execute(
                    "UPDATE users SET name = ?1, updated_at = ?2 WHERE id = ?3",
                    params![name, Ts(now), user_id],
                )
                .db()?;
            }
            let admins: i64 = tx
                .query_row(
                    "SELECT COUNT(*) FROM store_members WHERE store_id = ?1 AND role = 'admin' AND is_active = 1",
                    [store],
                    |row| row.get(0),
                )
                .db()?;
            if admins == 0 && before.role == Role::Admin && before.is_active {
                // Returning Err rolls the whole change back.
                return Err(Error::conflict("last_admin", "The store must keep at least one active admin."));
            }
            member_in(tx, store, user_id).db()
        })
        .await?;
        self.invalidated(Invalidation::User(user_id)).await;
        Ok(member)
    }
}

fn memberships_of(
    conn: &rusqlite::Connection,
    user_id: UserId,
) -> rusqlite::Result<Vec<Membership>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.store_id, s.name, m.role FROM store_members m JOIN stores s ON s.id = m.store_id \
         WHERE m.user_id = ?1 AND m.is_active = 1 ORDER BY m.store_id",
    )?;
    stmt.query_map([user_id], |row| {
        Ok(Membership {
            store_id: row.get(0)?,
            store_name: row.get(1)?,
            role: role_from_text(row.get(2)?)?,
        })
    })?
    .collect()
}

#[async_trait]
impl SessionStore for SqliteStorage {
    async fn create_session(
        &self,
        session_id: Uuid,
        user_id: UserId,
        refresh_hash: &str,
        refresh_expires: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let refresh_hash = refresh_hash.to_owned();
        self.write(move |tx| {
            tx.execute(
                "INSERT INTO sessions (id, user_id, created_at) VALUES (?1, ?2, ?3)",
                params![session_id.to_string(), user_id, Ts(now)],
            )
            .db()?;
            tx.execute(
                "INSERT INTO refresh_tokens (token_hash, session_id, expires_at, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![refresh_hash, session_id.to_string(), Ts(refresh_expires), Ts(now)],
            )
            .db()?;
            Ok(())
        })
        .await
    }

    async fn rotate_refresh_token(
        &self,
        presented_hash: &str,
        next_hash: &str,
        next_expires: DateTime<Utc>,
        reuse_grace: chrono::Duration,
        now: DateTime<Utc>,
    ) -> Result<RefreshOutcome> {
        let presented_hash = presented_hash.to_owned();
        let next_hash = next_hash.to_owned();
        // The writer (and, across processes, the IMMEDIATE transaction) serialises rotations; the
        // conditional update would still let only one of them mark the token used.
        let (outcome, revoked) = self.write(move |tx| {
            let marked = tx
                .query_row(
                    "UPDATE refresh_tokens SET used_at = ?1 \
                     WHERE token_hash = ?2 AND used_at IS NULL AND expires_at > ?1 \
                     AND session_id IN (SELECT id FROM sessions WHERE revoked_at IS NULL) \
                     RETURNING session_id",
                    params![Ts(now), presented_hash],
                    |row| row.get::<_, String>(0),
                )
                .optional()
                .db()?;
            if let Some(session_id) = marked {
                tx.execute(
                    "INSERT INTO refresh_tokens (token_hash, session_id, expires_at, created_at) VALUES (?1, ?2, ?3, ?4)",
                    params![next_hash, session_id, Ts(next_expires), Ts(now)],
                )
                .db()?;
                let user_id = tx
                    .query_row(
                        "SELECT user_id FROM sessions WHERE id = ?1",
                        [&session_id],
                        |row| row.get::<_, UserId>(0),
                    )
                    .db()?;
                let session_id = Uuid::parse_str(&session_id).map_err(Error::internal)?;
                return Ok((RefreshOutcome::Rotated { user_id, session_id }, None));
            }
            let found = tx
                .query_row(
                    "SELECT session_id, used_at FROM refresh_tokens WHERE token_hash = ?1",
                    [&presented_hash],
                    |row| Ok((row.get::<_, String>(0)?, row.get::<_, Option<Ts>>(1)?)),
                )
                .optional()
                .db()?;
            let Some((session_id, used_at)) = found else {
                return Ok((RefreshOutcome::Rejected, None));
            };
            if used_at.is_some_and(|used| within_reuse_grace(used.0, now, reuse_grace)) {
                return Ok((RefreshOutcome::Superseded, None));
            }
            // Used before the grace (it leaked), expired or revoked: end the whole session.
            tx.execute(
                "UPDATE sessions SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL",
                params![Ts(now), session_id],
            )
            .db()?;
            let session_id = Uuid::parse_str(&session_id).map_err(Error::internal)?;
            Ok((RefreshOutcome::Rejected, Some(session_id)))
        })
        .await?;
        if let Some(session_id) = revoked {
            self.invalidated(Invalidation::Session(session_id)).await;
        }
        Ok(outcome)
    }

    async fn refresh_token_owner(&self, hash: &str) -> Result<Option<(Uuid, UserId)>> {
        let hash = hash.to_owned();
        let found = self
            .read(move |conn| {
                conn.query_row(
                    "SELECT s.id, s.user_id FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id \
                     WHERE t.token_hash = ?1",
                    [hash],
                    |row| Ok((row.get::<_, String>(0)?, row.get::<_, UserId>(1)?)),
                )
                .optional()
            })
            .await?;
        found
            .map(|(id, user)| Ok((Uuid::parse_str(&id).map_err(Error::internal)?, user)))
            .transpose()
    }

    async fn revoke_session(&self, session_id: Uuid, now: DateTime<Utc>) -> Result<()> {
        self.write(move |tx| {
            tx.execute(
                "UPDATE sessions SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL",
                params![Ts(now), session_id.to_string()],
            )
            .db()?;
            Ok(())
        })
        .await?;
        self.invalidated(Invalidation::Session(session_id)).await;
        Ok(())
    }

    async fn purge_sessions(
        &self,
        now: DateTime<Utc>,
        access_ttl: chrono::Duration,
    ) -> Result<PurgedSessions> {
        let issued_before = now - access_ttl;
        self.write(move |tx| {
            let sessions = tx
                .execute(
                    "DELETE FROM sessions WHERE revoked_at IS NOT NULL OR NOT EXISTS ( \
                     SELECT 1 FROM refresh_tokens t WHERE t.session_id = sessions.id \
                     AND (t.expires_at > ?1 OR t.created_at > ?2))",
                    params![Ts(now), Ts(issued_before)],
                )
                .db()?;
            let refresh_tokens = tx
                .execute(
                    "DELETE FROM refresh_tokens WHERE expires_at <= ?1 AND created_at <= ?2",
                    params![Ts(now), Ts(issued_before)],
                )
                .db()?;
            Ok(PurgedSessions {
                sessions: sessions as u64,
                refresh_tokens: refresh_tokens as u64,
            })
        })
        .await
    }

    async fn principal(&self, user_id: UserId, session_id: Uuid) -> Result<Option<Principal>> {
        self.read(move |conn| {
            let user = conn
                .prepare_cached(&format!(
                    "SELECT {USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id \
                     WHERE s.id = ?1 AND s.user_id = ?2 AND s.revoked_at IS NULL"
                ))?
                .query_row(params![session_id.to_string(), user_id], user_from_row)
                .optional()?;
            let Some(user) = user else {
                return Ok(None);
            };
            let memberships = memberships_of(conn, user_id)?;
            Ok(Some(Principal {
                user,
                session_id,
                memberships,
            }))
        })
        .await
    }
}
