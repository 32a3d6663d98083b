//! Accounts: users, passwords, sessions and tokens.

mod password;
mod service;
mod storage;
mod tokens;

pub use password::{hash_password, verify_password};
pub use service::{AccountsService, LoginInput, NewMemberInput, ProfileChanges, SignupInput};
pub use storage::{PurgedSessions, SessionStore, UserStore};
pub use tokens::{
    AccessClaims, TokenKeys, hash_refresh_token, new_refresh_token, new_signing_secret,
};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::stores::{Permission, Role, StoreId};

pub type UserId = i64;

/// A trimmed, lowercased email address. Emails compare case-insensitively everywhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(value: &str) -> Result<Self> {
        let value = value.trim().to_lowercase();
        let invalid = || Error::invalid("email", "Enter a valid email address.");
        if value.is_empty() {
            return Err(Error::invalid("email", "This field may not be blank."));
        }
        if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = value.split_once('@').ok_or_else(invalid)?;
        let labels_ok = domain.split('.').count() >= 2
            && domain
                .split('.')
                .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
        if local.is_empty() || local.len() > 64 || domain.contains('@') || !labels_ok {
            return Err(invalid());
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Password length bounds: long enough to matter, short enough that hashing stays cheap.
pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 256;

/// Checks a new password's length; `field` names the input in the error.
pub fn check_new_password(field: &str, password: &str) -> Result<()> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return Err(Error::invalid(
            field,
            format!("Ensure this field has at least {PASSWORD_MIN_CHARS} characters."),
        ));
    }
    if chars > PASSWORD_MAX_CHARS {
        return Err(Error::invalid(
            field,
            format!("Ensure this field has no more than {PASSWORD_MAX_CHARS} characters."),
        ));
    }
    Ok(())
}

pub const NAME_MAX_CHARS: usize = 150;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub is_superuser: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A user to insert; the password is already hashed.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: Email,
    pub name: String,
    pub password_hash: String,
    pub is_superuser: bool,
}

/// An active membership of a user in a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub store_id: StoreId,
    pub store_name: String,
    pub role: Role,
}

/// A user as a member of one store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub user: User,
    pub role: Role,
    pub is_active: bool,
    pub joined_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct MemberFilter {
    /// Case-insensitive substring of name or email.
    pub q: Option<String>,
    pub is_active: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberChanges {
    pub role: Option<Role>,
    pub is_active: Option<bool>,
    pub name: Option<String>,
}

/// The authenticated caller: a user, the session its token belongs to, and its active memberships.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user: User,
    pub session_id: Uuid,
    pub memberships: Vec<Membership>,
}

impl Principal {
    /// Whether the account may be used at all: a superuser, or a member somewhere. A member
    /// deactivated in every store cannot log in, and its tokens stop working.
    pub fn is_active(&self) -> bool {
        self.user.is_superuser || !self.memberships.is_empty()
    }

    pub fn role_in(&self, store: StoreId) -> Option<Role> {
        self.memberships
            .iter()
            .find(|m| m.store_id == store)
            .map(|m| m.role)
    }

    pub fn can(&self, store: StoreId, permission: Permission) -> bool {
        self.user.is_superuser || self.role_in(store).is_some_and(|role| role.has(permission))
    }

    /// 403 unless the caller has `permission` in `store`.
    pub fn require(&self, store: StoreId, permission: Permission) -> Result<()> {
        if self.can(store, permission) {
            Ok(())
        } else {
            Err(Error::forbidden(format!(
                "You need the '{}' permission in this store.",
                permission.as_str()
            )))
        }
    }

    pub fn require_superuser(&self) -> Result<()> {
        if self.user.is_superuser {
            Ok(())
        } else {
            Err(Error::forbidden("Only a superuser may do this."))
        }
    }
}

/// What a login or refresh hands out.
#[derive(Debug, Clone)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
    pub user: User,
}

/// The result of presenting a refresh token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// The token was current; it is now used and its successor stored.
    Rotated { user_id: UserId, session_id: Uuid },
    /// Rotated moments ago, within the reuse grace: a concurrent or retried request with the same
    /// token. Refused, and the session is kept (the request that rotated it holds the new pair).
    Superseded,
    /// Unknown, expired, revoked, or used before the reuse grace. A known token's session has been
    /// revoked.
    Rejected,
}

/// Whether a refresh token rotated at `used_at` and presented again at `now` comes within `grace`
/// of its rotation: a concurrent or retried request rather than reuse of a leaked token. A
/// presentation timed before the rotation (it waited for the rotation's lock, or another
/// instance's clock is behind) is within; with a zero grace nothing is.
pub fn within_reuse_grace(
    used_at: DateTime<Utc>,
    now: DateTime<Utc>,
    grace: chrono::Duration,
) -> bool {
    grace > chrono::Duration::zero() && now.signed_duration_since(used_at) < grace
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuse_grace() {
        let rotated = DateTime::parse_from_rfc3339("2026-03-01T12:00:00Z")
            .unwrap()
            .to_utc();
        let grace = chrono::Duration::seconds(10);
        let after = |seconds| rotated + chrono::Duration::seconds(seconds);
        assert!(within_reuse_grace(rotated, after(0), grace));
        assert!(within_reuse_grace(rotated, after(9), grace));
        assert!(
            within_reuse_grace(rotated, after(-3), grace),
            "clock behind"
        );
        assert!(!within_reuse_grace(rotated, after(10), grace));
        assert!(!within_reuse_grace(rotated, after(3600), grace));
        let none = chrono::Duration::zero();
        assert!(!within_reuse_grace(rotated, after(0), none));
        assert!(!within_reuse_grace(rotated, after(-3), none));
    }

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse("  Ana.Perez@Example.MX ").unwrap().as_str(),
            "ana.perez@example.mx"
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.mx",
            "ana@mx",
            "a b@x.mx",
            "ana@@x.mx",
            "ana@x..mx",
            "ana@-x.mx",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be rejected");
        }
        assert!(Email::parse(&format!("{}@x.mx", "a".repeat(65))).is_err());
    }

    #[test]
    fn passwords() {
        assert!(check_new_password("password", "short").is_err());
        assert!(check_new_password("password", "long enough").is_ok());
        assert!(check_new_password("password", &"x".repeat(1_000_000)).is_err());
    }
}
