//! Access tokens are short-lived HS256 JWTs naming the user and the session; refresh tokens are
//! random opaque strings stored only as SHA-256 hashes.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::time::Duration;
use uuid::Uuid;

use super::UserId;
use crate::error::{Error, Result};

const ACCESS_TOKEN_TYPE: &str = "access";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: String,
    pub sid: Uuid,
    pub typ: String,
    pub iat: i64,
    pub exp: i64,
}

impl AccessClaims {
    pub fn user_id(&self) -> Result<UserId> {
        self.sub.parse().map_err(|_| invalid_token())
    }
}

fn invalid_token() -> Error {
    Error::new(
        crate::ErrorKind::Unauthorized,
        "token_not_valid",
        "The token is invalid, expired or revoked.",
    )
}

/// The signing and verifying keys, built once from the secret.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> Result<Self> {
        let encoding = EncodingKey::from_secret(secret).map_err(Error::internal)?;
        let decoding = DecodingKey::from_secret(secret).map_err(Error::internal)?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Ok(Self {
            encoding,
            decoding,
            validation,
        })
    }

    pub fn issue(
        &self,
        user_id: UserId,
        session_id: Uuid,
        now: DateTime<Utc>,
        ttl: Duration,
    ) -> Result<String> {
        let claims = AccessClaims {
            sub: user_id.to_string(),
            sid: session_id,
            typ: ACCESS_TOKEN_TYPE.to_owned(),
            iat: now.timestamp(),
            exp: now.timestamp() + ttl.as_secs() as i64,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(Error::internal)
    }

    /// Verifies signature, algorithm (HS256 only, so `alg: none` fails), expiry and token type.
    /// `now` decides expiry so that tests with a manual clock agree with the server.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<AccessClaims> {
        let mut validation = self.validation.clone();
        validation.validate_exp = false;
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &validation)
            .map_err(|_| invalid_token())?;
        let claims = data.claims;
        if claims.typ != ACCESS_TOKEN_TYPE || claims.exp <= now.timestamp() {
            return Err(invalid_token());
        }
        Ok(claims)
    }
}

/// A new refresh token: 32 random bytes, URL-safe base64.
pub fn new_refresh_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a refresh token.
pub fn hash_refresh_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A fresh random secret for signing, when none is configured.
pub fn new_signing_secret() -> String {
    let mut bytes = [0u8; 48];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(secret: &str) -> TokenKeys {
        TokenKeys::new(secret.as_bytes()).unwrap()
    }

    #[test]
    fn round_trip_and_rejections() {
        let now = Utc::now();
        let sid = Uuid::new_v4();
        let token = keys("one")
            .issue(7, sid, now, Duration::from_secs(60))
            .unwrap();
        let claims = keys("one").verify(&token, now).unwrap();
        assert_eq!((claims.user_id().unwrap(), claims.sid), (7, sid));

        assert!(keys("two").verify(&token, now).is_err(), "another secret");
        assert!(
            keys("one")
                .verify(&token, now + chrono::Duration::seconds(61))
                .is_err(),
            "expired"
        );
        assert!(keys("one").verify("garbage", now).is_err());

        // alg: none with the same claims.
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        assert!(
            keys("one")
                .verify(&format!("{header}.{payload}."), now)
                .is_err()
        );
    }

    #[test]
    fn refresh_tokens_are_random_and_hashed() {
        let a = new_refresh_token();
        assert_ne!(a, new_refresh_token());
        assert_eq!(hash_refresh_token(&a).len(), 64);
        assert_ne!(hash_refresh_token(&a), a);
    }
}
