//! Core settings: token lifetimes, rate limits, the default store. The server reads them from the
//! environment, flags or a TOML file; embedders build them in code.

use crate::assistant::AssistantConfig;
use crate::error::{Error, Result};
use crate::rate_limit::RateLimit;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone)]
pub struct EnidConfig {
    /// Store used when a request names none.
    pub default_store: i64,
    pub default_store_name: String,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    /// How long after a refresh token's rotation presenting it again is taken for a concurrent or
    /// retried request (refused, session kept) rather than reuse of a leaked token (session
    /// revoked). Zero disables it.
    pub refresh_reuse_grace: Duration,
    /// HS256 key; generated once and kept in the database when not given.
    pub jwt_secret: Option<Secret>,
    /// Login and signup, per client IP and email. `None` disables the limit.
    pub rate_login: Option<RateLimit>,
    /// Anonymous writes, per client IP.
    pub rate_public_write: Option<RateLimit>,
    /// Assistant turns, per client IP and per conversation.
    pub rate_assistant: Option<RateLimit>,
    /// Superuser created on first start with an empty database.
    pub bootstrap_admin: Option<(String, Secret)>,
    /// Largest image upload (413 beyond).
    pub max_upload_bytes: usize,
    /// Where local-disk blobs (images) live, under `blobs/`.
    pub data_dir: PathBuf,
    /// The chat providers, the turn timeout and the answer cache.
    pub assistant: AssistantConfig,
}

impl Default for EnidConfig {
    fn default() -> Self {
        Self {
            default_store: 1,
            default_store_name: "Enid Service".to_owned(),
            access_ttl: Duration::from_secs(15 * 60),
            refresh_ttl: Duration::from_secs(30 * 24 * 3600),
            refresh_reuse_grace: Duration::from_secs(10),
            jwt_secret: None,
            rate_login: Some(RateLimit::new(10, Duration::from_secs(60))),
            rate_public_write: Some(RateLimit::new(600, Duration::from_secs(60))),
            rate_assistant: Some(RateLimit::new(30, Duration::from_secs(60))),
            bootstrap_admin: None,
            max_upload_bytes: 10 * 1024 * 1024,
            data_dir: PathBuf::from("./enid-data"),
            assistant: AssistantConfig::default(),
        }
    }
}

impl fmt::Debug for EnidConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnidConfig")
            .field("default_store", &self.default_store)
            .field("access_ttl", &self.access_ttl)
            .field("refresh_ttl", &self.refresh_ttl)
            .field("refresh_reuse_grace", &self.refresh_reuse_grace)
            .field("jwt_secret", &self.jwt_secret)
            .field("rate_login", &self.rate_login)
            .field("rate_public_write", &self.rate_public_write)
            .field("rate_assistant", &self.rate_assistant)
            .field(
                "bootstrap_admin",
                &self.bootstrap_admin.as_ref().map(|(email, _)| email),
            )
            .field("max_upload_bytes", &self.max_upload_bytes)
            .field("data_dir", &self.data_dir)
            .field("assistant", &self.assistant)
            .finish()
    }
}

/// A string that never prints: Debug and Display show `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// The password of a `scheme://user:password@host/...` URL (or of its `password=` query
/// parameter, which libpq-style URLs allow), as written in the URL.
pub fn url_password(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let in_userinfo = authority
        .rsplit_once('@')
        .and_then(|(userinfo, _)| userinfo.split_once(':'))
        .map(|(_, password)| password);
    let in_query = || {
        let query = url.split_once('?')?.1.split('#').next()?;
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("password="))
    };
    in_userinfo
        .or_else(in_query)
        .filter(|password| !password.is_empty())
}

/// `url` with its password replaced by `***`, to name a database or Redis in messages.
pub fn mask_url_password(url: &str) -> String {
    match url_password(url) {
        Some(password) => {
            // `password` is a slice of `url`: cut it out where it is.
            let start = password.as_ptr() as usize - url.as_ptr() as usize;
            format!("{}***{}", &url[..start], &url[start + password.len()..])
        }
        None => url.to_owned(),
    }
}

/// Parses `90s`, `15m`, `12h`, `30d` or a bare number of seconds; zero is refused.
pub fn parse_duration(value: &str) -> Result<Duration> {
    match parse_duration_or_zero(value)? {
        Duration::ZERO => Err(invalid_duration(value)),
        duration => Ok(duration),
    }
}

/// Like [`parse_duration`], but zero (`0`, `0s`...) is allowed: for settings that zero turns off.
pub fn parse_duration_or_zero(value: &str) -> Result<Duration> {
    let value = value.trim();
    let split = value
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let number: u64 = number.parse().map_err(|_| invalid_duration(value))?;
    let seconds = match unit.trim() {
        "" | "s" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86_400,
        other => {
            return Err(Error::bad_request(
                "invalid_duration",
                format!("Unknown duration unit '{other}' (use s, m, h or d)."),
            ));
        }
    };
    let total = number
        .checked_mul(seconds)
        .ok_or_else(|| invalid_duration(value))?;
    Ok(Duration::from_secs(total))
}

fn invalid_duration(value: &str) -> Error {
    Error::bad_request(
        "invalid_duration",
        format!("Invalid duration '{}'.", value.trim()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("15m").unwrap(), Duration::from_secs(900));
        assert_eq!(
            parse_duration("30d").unwrap(),
            Duration::from_secs(2_592_000)
        );
        assert_eq!(parse_duration("45").unwrap(), Duration::from_secs(45));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("ten").is_err());
        assert!(parse_duration("5y").is_err());
        assert_eq!(parse_duration_or_zero("0").unwrap(), Duration::ZERO);
        assert_eq!(parse_duration_or_zero("0s").unwrap(), Duration::ZERO);
        assert_eq!(
            parse_duration_or_zero("10s").unwrap(),
            Duration::from_secs(10)
        );
        assert!(parse_duration_or_zero("-1").is_err());
        assert!(parse_duration_or_zero("").is_err());
    }

    #[test]
    fn url_passwords_are_masked() {
        let cases = [
            (
                "postgres://enid:s3cr%40t@db.internal:5432/enid?sslmode=require",
                "postgres://enid:***@db.internal:5432/enid?sslmode=require",
            ),
            (
                "rediss://:hunter2@cache:6380/0",
                "rediss://:***@cache:6380/0",
            ),
            (
                "postgres://enid@db/enid?sslmode=disable&password=hunter2",
                "postgres://enid@db/enid?sslmode=disable&password=***",
            ),
            ("postgres://enid@db/enid", "postgres://enid@db/enid"),
            ("redis://127.0.0.1:6379", "redis://127.0.0.1:6379"),
            ("sqlite://enid.db", "sqlite://enid.db"),
            ("not a url", "not a url"),
        ];
        for (url, masked) in cases {
            assert_eq!(mask_url_password(url), masked, "{url}");
        }
        assert_eq!(
            url_password("postgres://u:p@ss@h/d"),
            Some("p@ss"),
            "the last @ ends the user info"
        );
    }

    #[test]
    fn secrets_do_not_print() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret} {secret:?}"), "*** Secret(***)");
        let config = EnidConfig {
            bootstrap_admin: Some(("a@b.mx".into(), Secret::new("pw-never-shown"))),
            jwt_secret: Some(Secret::new("key-never-shown")),
            assistant: AssistantConfig {
                google_api_key: Some(Secret::new("google-never-shown")),
                openai_api_key: Some(Secret::new("openai-never-shown")),
                ..AssistantConfig::default()
            },
            ..EnidConfig::default()
        };
        let shown = format!("{config:?}");
        assert!(!shown.contains("never-shown"));
    }
}
