use poem::Request;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use enid_core::Enid;
use enid_core::auth::{LoginInput, ProfileChanges, SignupInput, TokenPair};

use super::{RoleName, StoreHeader, Tag, Text, UserOut};
use crate::context::{BearerAuth, client_ip, request_store};
use crate::error::ApiResult;
use crate::json_body::JsonBody;

pub struct AccountsApi;

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct LoginIn {
    email: Text,
    password: Text,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct SignupIn {
    email: Text,
    name: Text,
    /// At least 8 characters.
    password: Text,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct RefreshIn {
    refresh_token: Text,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct LogoutIn {
    /// The session's refresh token; it is revoked along with the presented access token.
    refresh_token: Option<Text>,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct ProfilePatch {
    name: Option<Text>,
    /// Required with `new_password`.
    current_password: Option<Text>,
    /// At least 8 characters; ends every other session of the user.
    new_password: Option<Text>,
}

/// A new access token and refresh token.
#[derive(Debug, Object)]
struct TokenOut {
    /// Short-lived JWT for `Authorization: Bearer`.
    access_token: String,
    /// Opaque; exchange it once at `/login/refresh-token/` for a new pair.
    refresh_token: String,
    /// Always `Bearer`.
    token_type: String,
    /// Seconds until the access token expires.
    expires_in: u64,
    user: UserOut,
}

impl From<TokenPair> for TokenOut {
    fn from(pair: TokenPair) -> Self {
        Self {
            access_token: pair.access_token,
            refresh_token: pair.refresh_token,
            token_type: "Bearer".to_owned(),
            expires_in: pair.expires_in,
            user: pair.user.into(),
        }
    }
}

#[derive(Debug, Object)]
struct SignupOut {
    user: UserOut,
}

/// A store the user belongs to, with the user's role there.
#[derive(Debug, Object)]
struct StoreRoleOut {
    id: i64,
    name: String,
    role: RoleName,
}

/// The caller's account, stores and role in the request's store.
#[derive(Debug, Object)]
struct ProfileOut {
    id: i64,
    email: String,
    name: String,
    is_superuser: bool,
    stores: Vec<StoreRoleOut>,
    /// The caller's role in the request's store, or null when not a member.
    profile: Option<RoleName>,
}

#[derive(ApiResponse)]
enum TokenResponse {
    /// Signed in: a new token pair.
    #[oai(status = 200)]
    Ok(Json<TokenOut>),
}

#[derive(ApiResponse)]
enum SignupResponse {
    /// The account was created and joined the store as a customer.
    #[oai(status = 201)]
    Created(Json<SignupOut>),
}

#[derive(ApiResponse)]
enum LogoutResponse {
    /// The session is revoked on every instance.
    #[oai(status = 204)]
    Done,
}

#[derive(ApiResponse)]
enum ProfileResponse {
    /// The caller's profile.
    #[oai(status = 200)]
    Ok(Json<ProfileOut>),
}

#[derive(ApiResponse)]
enum UserResponse {
    /// The updated account.
    #[oai(status = 200)]
    Ok(Json<UserOut>),
}

#[OpenApi(tag = "Tag::Accounts")]
impl AccountsApi {
    /// Log in
    ///
    /// Exchanges email and password for an access token and a refresh token. Unknown email, wrong
    /// password and an account without an active membership all get the same 401. Rate limited
    /// per client IP and email.
    #[oai(path = "/login/", method = "post", operation_id = "login")]
    async fn login(
        &self,
        enid: poem::web::Data<&Enid>,
        req: &Request,
        body: JsonBody<LoginIn>,
    ) -> ApiResult<TokenResponse> {
        let pair = enid
            .accounts()
            .login(
                LoginInput {
                    email: body.0.email.0,
                    password: body.0.password.0,
                },
                &client_ip(req),
            )
            .await?;
        Ok(TokenResponse::Ok(Json(pair.into())))
    }

    /// Sign up
    ///
    /// Creates an account that joins the request's store as a customer. Emails are unique
    /// regardless of case. Rate limited per client IP and email.
    #[oai(path = "/login/signup/", method = "post", operation_id = "signup")]
    async fn signup(
        &self,
        enid: poem::web::Data<&Enid>,
        req: &Request,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<SignupIn>,
    ) -> ApiResult<SignupResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let user = enid
            .accounts()
            .signup(
                store.id,
                SignupInput {
                    email: body.email.0,
                    name: body.name.0,
                    password: body.password.0,
                },
                &client_ip(req),
            )
            .await?;
        Ok(SignupResponse::Created(Json(SignupOut {
            user: user.into(),
        })))
    }

    /// Refresh the tokens
    ///
    /// Exchanges a refresh token for a new pair; the presented token is used up. Of concurrent
    /// requests with one token (two tabs, a retry) exactly one gets the pair; the others are a
    /// 401, and the session is kept when they come within the reuse grace
    /// (`ENID_REFRESH_REUSE_GRACE`, 10 s by default) of the exchange. Presenting a used token
    /// later, or a revoked or expired one, is a 401 and revokes its whole session.
    #[oai(
        path = "/login/refresh-token/",
        method = "post",
        operation_id = "refresh_token"
    )]
    async fn refresh(
        &self,
        enid: poem::web::Data<&Enid>,
        body: JsonBody<RefreshIn>,
    ) -> ApiResult<TokenResponse> {
        let pair = enid.accounts().refresh(&body.0.refresh_token.0).await?;
        Ok(TokenResponse::Ok(Json(pair.into())))
    }

    /// Log out
    ///
    /// Revokes the session of the presented access token and, when it is the caller's, the
    /// session of the given refresh token. Both stop working at once on every instance.
    #[oai(path = "/logout/", method = "post", operation_id = "logout")]
    async fn logout(
        &self,
        enid: poem::web::Data<&Enid>,
        auth: BearerAuth,
        body: JsonBody<LogoutIn>,
    ) -> ApiResult<LogoutResponse> {
        enid.accounts()
            .logout(&auth.0, body.0.refresh_token.as_ref().map(|t| t.0.as_str()))
            .await?;
        Ok(LogoutResponse::Done)
    }

    /// My profile
    ///
    /// The caller's account, the stores it belongs to and its role in the request's store.
    #[oai(path = "/user/profile/", method = "get", operation_id = "get_profile")]
    async fn profile(
        &self,
        enid: poem::web::Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
    ) -> ApiResult<ProfileResponse> {
        let store = request_store(&enid, store.0).await?;
        let principal = auth.0;
        let profile = principal.role_in(store.id).map(RoleName::from);
        let user = principal.user;
        Ok(ProfileResponse::Ok(Json(ProfileOut {
            id: user.id,
            email: user.email,
            name: user.name,
            is_superuser: user.is_superuser,
            stores: principal
                .memberships
                .into_iter()
                .map(|m| StoreRoleOut {
                    id: m.store_id,
                    name: m.store_name,
                    role: m.role.into(),
                })
                .collect(),
            profile,
        })))
    }

    /// Update my profile
    ///
    /// Renames the caller and/or changes the password. A password change needs the current
    /// password and ends every other session of the user.
    #[oai(
        path = "/user/profile/",
        method = "patch",
        operation_id = "update_profile"
    )]
    async fn update_profile(
        &self,
        enid: poem::web::Data<&Enid>,
        auth: BearerAuth,
        body: JsonBody<ProfilePatch>,
    ) -> ApiResult<UserResponse> {
        let body = body.0;
        let user = enid
            .accounts()
            .update_profile(
                &auth.0,
                ProfileChanges {
                    name: body.name.map(String::from),
                    current_password: body.current_password.map(String::from),
                    new_password: body.new_password.map(String::from),
                },
            )
            .await?;
        Ok(UserResponse::Ok(Json(user.into())))
    }
}
