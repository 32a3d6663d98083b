//! Account rules: signup, login, token refresh with rotation and reuse detection, logout,
//! authentication of access tokens and profile changes.

use chrono::Duration as ChronoDuration;
use tokio::sync::OnceCell;
use uuid::Uuid;

use super::{
    Email, NAME_MAX_CHARS, NewUser, Principal, PurgedSessions, RefreshOutcome, TokenPair, User,
    check_new_password, hash_password, hash_refresh_token, new_refresh_token, verify_password,
};
use crate::enid::Enid;
use crate::error::{Error, ErrorKind, Result, Validator};
use crate::stores::{Role, StoreId};
use crate::text::clean_line;

#[derive(Debug, Clone)]
pub struct SignupInput {
    pub email: String,
    pub name: String,
    pub password: String,
}

#[derive(Debug, Clone)]
pub struct LoginInput {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Clone, Default)]
pub struct ProfileChanges {
    pub name: Option<String>,
    pub current_password: Option<String>,
    pub new_password: Option<String>,
}

/// A user created by an admin, the CLI or the first-start bootstrap.
#[derive(Debug, Clone)]
pub struct NewMemberInput {
    pub email: String,
    pub name: String,
    pub password: String,
    pub is_superuser: bool,
    pub membership: Option<(StoreId, Role)>,
}

pub struct AccountsService<'a> {
    enid: &'a Enid,
}

fn wrong_credentials() -> Error {
    Error::new(
        ErrorKind::Unauthorized,
        "invalid_credentials",
        "No active account found with the given credentials.",
    )
}

fn invalid_refresh_token() -> Error {
    Error::new(
        ErrorKind::Unauthorized,
        "token_not_valid",
        "The refresh token is invalid, expired or revoked.",
    )
}

/// A hash to verify against when the email is unknown, so both cases take the same time.
async fn decoy_hash() -> Result<&'static str> {
    static DECOY: OnceCell<String> = OnceCell::const_new();
    DECOY
        .get_or_try_init(|| hash_password("enid-decoy-password"))
        .await
        .map(String::as_str)
}

/// The bucket of one client and email. The email is cut to the longest valid one, so a
/// megabyte-long "email" cannot become a megabyte-long key in the limiter (or in Redis).
fn rate_key(kind: &str, client_ip: &str, email: &str) -> String {
    let email: String = email
        .trim()
        .chars()
        .take(254)
        .flat_map(char::to_lowercase)
        .collect();
    format!("{kind}:{client_ip}:{email}")
}

impl<'a> AccountsService<'a> {
    pub(crate) fn new(enid: &'a Enid) -> Self {
        Self { enid }
    }

    /// Validates and creates a user (argon2id hash), optionally with a membership.
    pub async fn create_user(&self, input: NewMemberInput) -> Result<User> {
        self.create_user_validated(Validator::new(), input).await
    }

    /// As [`Self::create_user`], reporting the field errors already in `v` with its own.
    pub(crate) async fn create_user_validated(
        &self,
        mut v: Validator,
        input: NewMemberInput,
    ) -> Result<User> {
        let email = v.field(Email::parse(&input.email));
        let name = v.field(clean_line("name", &input.name, NAME_MAX_CHARS));
        v.field(check_new_password("password", &input.password));
        v.finish()?;
        let (Some(email), Some(name)) = (email, name) else {
            unreachable!("validator passed")
        };
        let user = NewUser {
            email,
            name,
            password_hash: hash_password(&input.password).await?,
            is_superuser: input.is_superuser,
        };
        self.enid
            .storage()
            .create_user(&user, input.membership, self.enid.now())
            .await
    }

    /// A customer account in `store`. Rate limited per client IP and email.
    pub async fn signup(
        &self,
        store: StoreId,
        input: SignupInput,
        client_ip: &str,
    ) -> Result<User> {
        self.enid
            .check_rate(
                &rate_key("signup", client_ip, &input.email),
                self.enid.config().rate_login,
            )
            .await?;
        self.create_user(NewMemberInput {
            email: input.email,
            name: input.name,
            password: input.password,
            is_superuser: false,
            membership: Some((store, Role::Customer)),
        })
        .await
    }

    /// Checks the credentials and starts a session. Unknown user, wrong password and a user with
    /// no active membership get the same answer.
    pub async fn login(&self, input: LoginInput, client_ip: &str) -> Result<TokenPair> {
        self.enid
            .check_rate(
                &rate_key("login", client_ip, &input.email),
                self.enid.config().rate_login,
            )
            .await?;
        let mut v = Validator::new();
        let email = v.field(Email::parse(&input.email));
        if input.password.is_empty() {
            v.add("password", "This field may not be blank.");
        } else if input.password.chars().count() > super::PASSWORD_MAX_CHARS {
            // Never hash an oversized password; no account can have one.
            return Err(wrong_credentials());
        }
        v.finish()?;
        let email = email.expect("validator passed");

        let storage = self.enid.storage();
        let Some((user, hash)) = storage.user_credentials(&email).await? else {
            verify_password(&input.password, decoy_hash().await?).await?;
            return Err(wrong_credentials());
        };
        if !verify_password(&input.password, &hash).await? {
            return Err(wrong_credentials());
        }
        if !user.is_superuser && storage.memberships(user.id).await?.is_empty() {
            return Err(wrong_credentials());
        }
        let session_id = Uuid::new_v4();
        let refresh_token = new_refresh_token();
        let now = self.enid.now();
        storage
            .create_session(
                session_id,
                user.id,
                &hash_refresh_token(&refresh_token),
                now + self.refresh_ttl(),
                now,
            )
            .await?;
        self.token_pair(user, session_id, refresh_token)
    }

    /// Exchanges a refresh token for a new pair. Of concurrent requests with one token (two tabs, a
    /// retry) exactly one gets the pair; the others are refused and the session is kept when they
    /// come within `refresh_reuse_grace` of the rotation. A token presented again later revokes
    /// its session, so a stolen token stops working for thief and owner alike.
    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenPair> {
        if refresh_token.is_empty() || refresh_token.len() > 256 {
            return Err(invalid_refresh_token());
        }
        let next = new_refresh_token();
        let now = self.enid.now();
        let outcome = self
            .enid
            .storage()
            .rotate_refresh_token(
                &hash_refresh_token(refresh_token),
                &hash_refresh_token(&next),
                now + self.refresh_ttl(),
                ChronoDuration::from_std(self.enid.config().refresh_reuse_grace)
                    .unwrap_or(ChronoDuration::MAX),
                now,
            )
            .await?;
        let RefreshOutcome::Rotated {
            user_id,
            session_id,
        } = outcome
        else {
            return Err(invalid_refresh_token());
        };
        let principal = self
            .enid
            .storage()
            .principal(user_id, session_id)
            .await?
            .filter(Principal::is_active)
            .ok_or_else(invalid_refresh_token)?;
        self.token_pair(principal.user, session_id, next)
    }

    /// Ends the caller's session (its access token stops working at once) and the session of
    /// `refresh_token` when it is the caller's.
    pub async fn logout(&self, principal: &Principal, refresh_token: Option<&str>) -> Result<()> {
        let storage = self.enid.storage();
        let now = self.enid.now();
        storage.revoke_session(principal.session_id, now).await?;
        let Some(token) = refresh_token.filter(|t| !t.is_empty() && t.len() <= 256) else {
            return Ok(());
        };
        let owner = storage
            .refresh_token_owner(&hash_refresh_token(token))
            .await?;
        if let Some((session_id, user_id)) = owner
            && user_id == principal.user.id
            && session_id != principal.session_id
        {
            storage.revoke_session(session_id, now).await?;
        }
        Ok(())
    }

    /// The caller behind an access token; 401 when it is invalid, expired or its session revoked.
    /// The principal is kept in process, and dropped by every write that changes it, on any
    /// instance (see [`crate::invalidation`]).
    pub async fn authenticate(&self, access_token: &str) -> Result<Principal> {
        let claims = self
            .enid
            .token_keys()
            .verify(access_token, self.enid.now())?;
        let user_id = claims.user_id()?;
        self.enid
            .instance_caches()
            .principal(
                user_id,
                claims.sid,
                self.enid.storage().principal(user_id, claims.sid),
            )
            .await?
            .filter(Principal::is_active)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Unauthorized,
                    "token_not_valid",
                    "The token is invalid, expired or revoked.",
                )
            })
    }

    /// Renames the user and/or changes the password (which needs the current one and ends every
    /// other session).
    pub async fn update_profile(
        &self,
        principal: &Principal,
        changes: ProfileChanges,
    ) -> Result<User> {
        let mut v = Validator::new();
        let name = changes
            .name
            .as_deref()
            .and_then(|name| v.field(clean_line("name", name, NAME_MAX_CHARS)));
        match (&changes.current_password, &changes.new_password) {
            (None, None) => {}
            (Some(_), None) => v.add(
                "new_password",
                "This field is required to change the password.",
            ),
            (None, Some(_)) => v.add(
                "current_password",
                "This field is required to change the password.",
            ),
            (Some(_), Some(new)) => {
                v.field(check_new_password("new_password", new));
            }
        }
        v.finish()?;

        let storage = self.enid.storage();
        let user_id = principal.user.id;
        let now = self.enid.now();
        if let (Some(current), Some(new)) = (&changes.current_password, &changes.new_password) {
            let hash = storage
                .password_hash(user_id)
                .await?
                .ok_or_else(|| Error::unauthorized("The account no longer exists."))?;
            if current.chars().count() > super::PASSWORD_MAX_CHARS
                || !verify_password(current, &hash).await?
            {
                return Err(Error::invalid(
                    "current_password",
                    "The current password is wrong.",
                ));
            }
            let new_hash = hash_password(new).await?;
            storage
                .set_password(user_id, &new_hash, Some(principal.session_id), now)
                .await?;
        }
        match name {
            Some(name) => storage
                .update_user_name(user_id, &name, now)
                .await?
                .ok_or_else(|| Error::unauthorized("The account no longer exists.")),
            None => Ok(principal.user.clone()),
        }
    }

    /// Creates the configured superuser (admin of the default store) when the database has no user.
    pub(crate) async fn bootstrap_admin(&self) -> Result<()> {
        let Some((email, password)) = self.enid.config().bootstrap_admin.clone() else {
            return Ok(());
        };
        if self.enid.storage().count_users().await? > 0 {
            return Ok(());
        }
        let created = self
            .create_user(NewMemberInput {
                email: email.clone(),
                name: "Administrator".to_owned(),
                password: password.expose().to_owned(),
                is_superuser: true,
                membership: Some((self.enid.config().default_store, Role::Admin)),
            })
            .await;
        match created {
            Ok(user) => {
                tracing::info!(user_id = user.id, "created the first superuser");
                Ok(())
            }
            // Another instance starting at the same time created it first.
            Err(err) if err.code == "email_taken" => Ok(()),
            Err(err) => Err(err),
        }
    }

    /// Deletes the sessions and refresh tokens that can no longer authenticate anyone (see
    /// [`SessionStore::purge_sessions`]); `enid serve` runs it every hour.
    pub async fn purge_sessions(&self) -> Result<PurgedSessions> {
        let access_ttl =
            ChronoDuration::from_std(self.enid.config().access_ttl).map_err(Error::internal)?;
        self.enid
            .storage()
            .purge_sessions(self.enid.now(), access_ttl)
            .await
    }

    fn refresh_ttl(&self) -> ChronoDuration {
        ChronoDuration::from_std(self.enid.config().refresh_ttl).unwrap_or(ChronoDuration::days(30))
    }

    fn token_pair(&self, user: User, session_id: Uuid, refresh_token: String) -> Result<TokenPair> {
        let ttl = self.enid.config().access_ttl;
        let access_token =
            self.enid
                .token_keys()
                .issue(user.id, session_id, self.enid.now(), ttl)?;
        Ok(TokenPair {
            access_token,
            refresh_token,
            expires_in: ttl.as_secs(),
            user,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_keys_ignore_case_and_stay_small() {
        assert_eq!(
            rate_key("login", "203.0.113.7", " Ana@Example.MX "),
            "login:203.0.113.7:ana@example.mx"
        );
        let huge = rate_key("login", "unknown", &"A".repeat(1_000_000));
        assert!(huge.len() < 300, "{} bytes", huge.len());
    }
}
