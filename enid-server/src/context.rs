//! What handlers need from a request besides its body: the caller (bearer token), the store
//! (`X-Store-Id`), and the client's IP for rate limits.

use std::net::IpAddr;

use poem::Request;
use poem_openapi::SecurityScheme;
use poem_openapi::auth::Bearer;

use enid_core::Enid;
use enid_core::auth::Principal;
use enid_core::stores::Store;

use crate::error::{ApiError, ApiResult};

/// A valid, unrevoked access token: `Authorization: Bearer <access_token>`.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "JWT", checker = "authenticate")]
pub struct BearerAuth(pub Principal);

async fn authenticate(req: &Request, bearer: Bearer) -> poem::Result<Principal> {
    let enid = req.data::<Enid>().expect("the endpoint carries Enid");
    enid.accounts()
        .authenticate(&bearer.token)
        .await
        .map_err(|err| ApiError::from(err).into())
}

/// Settings of the HTTP layer that handlers consult.
#[derive(Debug, Clone, Copy)]
pub struct RequestSettings {
    /// Take the client IP from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded: bool,
}

/// The client's IP: the socket peer, or the first `X-Forwarded-For` hop when trusted.
pub fn client_ip(req: &Request) -> String {
    let trust = req
        .data::<RequestSettings>()
        .is_some_and(|settings| settings.trust_forwarded);
    if trust {
        let forwarded = req
            .header("x-forwarded-for")
            .and_then(|value| value.split(',').next())
            .and_then(|first| first.trim().parse::<IpAddr>().ok());
        if let Some(ip) = forwarded {
            return ip.to_string();
        }
    }
    req.remote_addr()
        .as_socket_addr()
        .map(|addr| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The store a request works in (`X-Store-Id`, or the default store).
pub async fn request_store(enid: &Enid, header: Option<i64>) -> ApiResult<Store> {
    Ok(enid.stores().resolve(header).await?)
}

/// A bearer token when the request has one: public operations that show more to staff.
#[derive(SecurityScheme)]
pub enum OptionalAuth {
    Bearer(BearerAuth),
    #[oai(fallback)]
    Anonymous,
}

impl OptionalAuth {
    /// The caller, or `None` for a request without `Authorization`. A token that is not valid is
    /// a 401 as on staff-only operations, never a silent anonymous request.
    pub async fn principal(self, enid: &Enid, req: &Request) -> ApiResult<Option<Principal>> {
        match self {
            OptionalAuth::Bearer(auth) => Ok(Some(auth.0)),
            OptionalAuth::Anonymous => match req.header("authorization") {
                None => Ok(None),
                Some(value) => {
                    let token = value
                        .strip_prefix("Bearer ")
                        .or_else(|| value.strip_prefix("bearer "))
                        .unwrap_or_default();
                    Ok(Some(enid.accounts().authenticate(token).await?))
                }
            },
        }
    }
}
