use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{
    Email, Member, MemberChanges, MemberFilter, Membership, NewUser, Principal, RefreshOutcome,
    User, UserId,
};
use crate::error::Result;
use crate::pagination::{Page, PageRequest};
use crate::stores::{Role, StoreId};

/// Users and their store memberships. Each method is atomic in the backend.
#[async_trait]
pub trait UserStore: Send + Sync {
    /// Inserts the user and, when given, its membership, in one transaction. A taken email
    /// (emails are stored lowercased and unique) is a 409 `email_taken`; a membership in a store
    /// that does not exist is a 404 `store_not_found`.
    async fn create_user(
        &self,
        user: &NewUser,
        membership: Option<(StoreId, Role)>,
        now: DateTime<Utc>,
    ) -> Result<User>;

    /// The user and its password hash, by email.
    async fn user_credentials(&self, email: &Email) -> Result<Option<(User, String)>>;

    async fn password_hash(&self, user_id: UserId) -> Result<Option<String>>;

    async fn update_user_name(
        &self,
        user_id: UserId,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<User>>;

    /// Stores the new hash and revokes every session of the user except `keep_session`, at once.
    async fn set_password(
        &self,
        user_id: UserId,
        hash: &str,
        keep_session: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> Result<()>;

    async fn count_users(&self) -> Result<i64>;

    /// Active memberships, ordered by store id.
    async fn memberships(&self, user_id: UserId) -> Result<Vec<Membership>>;

    /// Members of a store, ordered by user id.
    async fn list_members(
        &self,
        store: StoreId,
        filter: &MemberFilter,
        page: PageRequest,
    ) -> Result<Page<Member>>;

    async fn member(&self, store: StoreId, user_id: UserId) -> Result<Option<Member>>;

    /// Applies the changes in one transaction; refuses (409 `last_admin`) when the store would be
    /// left without an active admin. `None` when the user is not a member.
    async fn update_member(
        &self,
        store: StoreId,
        user_id: UserId,
        changes: &MemberChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<Member>>;
}

/// What [`SessionStore::purge_sessions`] deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgedSessions {
    pub sessions: u64,
    /// Refresh tokens of sessions that stay (a deleted session's tokens go with it).
    pub refresh_tokens: u64,
}

/// Login sessions and their refresh tokens. Revocation lives here, in shared storage, so every
/// instance honours it.
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Starts a session with its first refresh token (stored as a hash).
    async fn create_session(
        &self,
        session_id: Uuid,
        user_id: UserId,
        refresh_hash: &str,
        refresh_expires: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<()>;

    /// In one transaction: marks the presented token used and stores its successor
    /// ([`RefreshOutcome::Rotated`]). Marking it used is conditional on it still being unused, so
    /// of concurrent presentations of one token — on any number of instances — exactly one
    /// rotates it, and nothing they do revokes the session of that one.
    ///
    /// Otherwise nothing is stored, and:
    /// - used less than `reuse_grace` ago (a concurrent request or a retry): the session is kept,
    ///   [`RefreshOutcome::Superseded`];
    /// - used longer ago (with a zero grace: used at all), expired, or its session revoked: the
    ///   token leaked or is dead, so the whole session is revoked, [`RefreshOutcome::Rejected`];
    /// - unknown: [`RefreshOutcome::Rejected`].
    async fn rotate_refresh_token(
        &self,
        presented_hash: &str,
        next_hash: &str,
        next_expires: DateTime<Utc>,
        reuse_grace: chrono::Duration,
        now: DateTime<Utc>,
    ) -> Result<RefreshOutcome>;

    /// The session and user a refresh token belongs to, whatever its state.
    async fn refresh_token_owner(&self, hash: &str) -> Result<Option<(Uuid, UserId)>>;

    async fn revoke_session(&self, session_id: Uuid, now: DateTime<Utc>) -> Result<()>;

    /// Deletes what can no longer authenticate anyone at `now`: revoked sessions, sessions none
    /// of whose refresh tokens is unexpired or younger than `access_ttl` (so no access token of
    /// theirs is still valid either), and refresh tokens expired and older than `access_ttl`.
    async fn purge_sessions(
        &self,
        now: DateTime<Utc>,
        access_ttl: chrono::Duration,
    ) -> Result<PurgedSessions>;

    /// The caller behind an access token: `None` unless the session is live and the user exists.
    async fn principal(&self, user_id: UserId, session_id: Uuid) -> Result<Option<Principal>>;
}
