//! Server configuration: flags, else environment variables, else the TOML file named by
//! `ENID_CONFIG`, else defaults. Secrets are wrapped so they never print.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use serde::Deserialize;

use enid_core::config::{EnidConfig, Secret, parse_duration, parse_duration_or_zero};
use enid_core::rate_limit::RateLimit;

use crate::HttpConfig;
use crate::connection::ConnectionTimeouts;

/// Every setting of `enid serve`. Each is a flag, an environment variable and a key of the TOML
/// file (the flag's name with underscores).
#[derive(Clone, Default, Args, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// `sqlite://PATH`, `sqlite::memory:` or `postgres://...` [default: sqlite://enid.db]
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Listen address [default: 127.0.0.1:8080]
    #[arg(long, env = "ENID_BIND")]
    pub bind: Option<String>,
    /// Redis for shared cache and rate limits; in-process when unset.
    #[arg(long, env = "ENID_REDIS_URL", hide_env_values = true)]
    pub redis_url: Option<String>,
    /// Directory for blobs (images) [default: ./enid-data]
    #[arg(long, env = "ENID_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// HS256 signing key; generated once and stored in the database when unset.
    #[arg(long, env = "ENID_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// Access token lifetime, e.g. 15m [default: 15m]
    #[arg(long, env = "ENID_ACCESS_TTL")]
    pub access_ttl: Option<String>,
    /// Refresh token lifetime, e.g. 30d [default: 30d]
    #[arg(long, env = "ENID_REFRESH_TTL")]
    pub refresh_ttl: Option<String>,
    /// How long after a refresh the used token is refused without revoking its session (two
    /// tabs, a retry); later reuse revokes it. 0 disables [default: 10s]
    #[arg(long, env = "ENID_REFRESH_REUSE_GRACE")]
    pub refresh_reuse_grace: Option<String>,
    /// Superuser created on first start with an empty database (with --admin-password).
    #[arg(long, env = "ENID_ADMIN_EMAIL")]
    pub admin_email: Option<String>,
    /// Password of that superuser; prefer the environment variable over the flag.
    #[arg(long, env = "ENID_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,
    /// Store used when a request has no X-Store-Id [default: 1]
    #[arg(long, env = "ENID_DEFAULT_STORE")]
    pub default_store: Option<i64>,
    /// Comma-separated origins allowed by CORS [default: none]
    #[arg(long, env = "ENID_CORS_ORIGINS")]
    pub cors_origins: Option<String>,
    /// Largest JSON body in bytes [default: 1048576]
    #[arg(long, env = "ENID_MAX_BODY_BYTES")]
    pub max_body_bytes: Option<usize>,
    /// Largest upload in bytes [default: 10485760]
    #[arg(long, env = "ENID_MAX_UPLOAD_BYTES")]
    pub max_upload_bytes: Option<usize>,
    /// Login and signup limit per IP and email, e.g. 10/min, or off [default: 10/min]
    #[arg(long, env = "ENID_RATE_LOGIN")]
    pub rate_login: Option<String>,
    /// Anonymous writes per IP [default: 600/min]
    #[arg(long, env = "ENID_RATE_PUBLIC_WRITE")]
    pub rate_public_write: Option<String>,
    /// Assistant turns per IP and per conversation [default: 30/min]
    #[arg(long, env = "ENID_RATE_ASSISTANT")]
    pub rate_assistant: Option<String>,
    /// Take client IPs from X-Forwarded-For (only behind a trusted proxy) [default: false]
    #[arg(long, env = "ENID_TRUST_FORWARDED")]
    pub trust_forwarded: Option<bool>,
    /// Tracing filter, e.g. info or enid_server=debug [default: info]
    #[arg(long, env = "ENID_LOG")]
    pub log: Option<String>,
    /// `text` or `json` [default: text]
    #[arg(long, env = "ENID_LOG_FORMAT")]
    pub log_format: Option<String>,
    /// Close a connection whose request head is not complete this long after it began [default: 30s]
    #[arg(long, env = "ENID_HEADER_TIMEOUT")]
    pub header_timeout: Option<String>,
    /// Answer 408 and close when a request body sends nothing for this long, or is slower than
    /// this plus 1 s per KiB [default: 30s]
    #[arg(long, env = "ENID_BODY_TIMEOUT")]
    pub body_timeout: Option<String>,
    /// Close a connection with no request in progress after this long [default: 60s]
    #[arg(long, env = "ENID_IDLE_TIMEOUT")]
    pub idle_timeout: Option<String>,
}

macro_rules! merge_fields {
    ($first:ident, $second:ident, $($field:ident),*) => {
        Settings { $($field: $first.$field.or($second.$field)),* }
    };
}

impl Settings {
    /// Values of `self`, completed by `fallback`.
    pub fn or(self, fallback: Settings) -> Settings {
        merge_fields!(
            self,
            fallback,
            database_url,
            bind,
            redis_url,
            data_dir,
            jwt_secret,
            access_ttl,
            refresh_ttl,
            refresh_reuse_grace,
            admin_email,
            admin_password,
            default_store,
            cors_origins,
            max_body_bytes,
            max_upload_bytes,
            rate_login,
            rate_public_write,
            rate_assistant,
            trust_forwarded,
            log,
            log_format,
            header_timeout,
            body_timeout,
            idle_timeout
        )
    }

    /// Reads the TOML file named by `ENID_CONFIG`, if any.
    pub fn from_config_file() -> Result<Settings, String> {
        match std::env::var_os("ENID_CONFIG") {
            Some(path) => Self::from_file(&PathBuf::from(path)),
            None => Ok(Settings::default()),
        }
    }

    pub fn from_file(path: &std::path::Path) -> Result<Settings, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("invalid config file {}: {e}", path.display()))
    }

    /// Checks and completes every setting.
    pub fn resolve(self) -> Result<ServerConfig, String> {
        let duration = |value: Option<String>, default: Duration| match value {
            Some(text) => parse_duration(&text).map_err(|e| e.detail),
            None => Ok(default),
        };
        let rate = |value: Option<String>, default: &str| {
            RateLimit::parse(value.as_deref().unwrap_or(default)).map_err(|e| e.detail)
        };
        let bootstrap_admin = match (self.admin_email, self.admin_password) {
            (Some(email), Some(password)) => Some((email, Secret::new(password))),
            (None, None) => None,
            _ => {
                return Err(
                    "ENID_ADMIN_EMAIL and ENID_ADMIN_PASSWORD must be set together".to_owned(),
                );
            }
        };
        let defaults = EnidConfig::default();
        let core = EnidConfig {
            default_store: self.default_store.unwrap_or(defaults.default_store),
            access_ttl: duration(self.access_ttl, defaults.access_ttl)?,
            refresh_ttl: duration(self.refresh_ttl, defaults.refresh_ttl)?,
            refresh_reuse_grace: match self.refresh_reuse_grace {
                Some(text) => parse_duration_or_zero(&text).map_err(|e| e.detail)?,
                None => defaults.refresh_reuse_grace,
            },
            jwt_secret: self.jwt_secret.filter(|s| !s.is_empty()).map(Secret::new),
            rate_login: rate(self.rate_login, "10/min")?,
            rate_public_write: rate(self.rate_public_write, "600/min")?,
            rate_assistant: rate(self.rate_assistant, "30/min")?,
            bootstrap_admin,
            ..defaults
        };
        if core.default_store < 1 {
            return Err("the default store id must be positive".to_owned());
        }
        let log_format = match self.log_format.as_deref().unwrap_or("text") {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => return Err(format!("unknown log format '{other}' (use text or json)")),
        };
        let http = HttpConfig {
            cors_origins: self
                .cors_origins
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|origin| !origin.is_empty())
                .map(str::to_owned)
                .collect(),
            max_body_bytes: self.max_body_bytes.unwrap_or(1024 * 1024),
            trust_forwarded: self.trust_forwarded.unwrap_or(false),
            body_timeout: duration(self.body_timeout, Duration::from_secs(30))?,
        };
        let connection_timeouts = ConnectionTimeouts {
            header: duration(self.header_timeout, Duration::from_secs(30))?,
            idle: duration(self.idle_timeout, Duration::from_secs(60))?,
        };
        Ok(ServerConfig {
            database_url: Secret::new(
                self.database_url
                    .unwrap_or_else(|| "sqlite://enid.db".to_owned()),
            ),
            bind: self.bind.unwrap_or_else(|| "127.0.0.1:8080".to_owned()),
            redis_url: self
                .redis_url
                .filter(|url| !url.is_empty())
                .map(Secret::new),
            data_dir: self
                .data_dir
                .unwrap_or_else(|| PathBuf::from("./enid-data")),
            max_upload_bytes: self.max_upload_bytes.unwrap_or(10 * 1024 * 1024),
            log: self.log.unwrap_or_else(|| "info".to_owned()),
            log_format,
            core,
            http,
            connection_timeouts,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// The checked configuration of a server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// May hold a password, so it is a secret.
    pub database_url: Secret,
    pub bind: String,
    pub redis_url: Option<Secret>,
    pub data_dir: PathBuf,
    pub max_upload_bytes: usize,
    pub log: String,
    pub log_format: LogFormat,
    pub core: EnidConfig,
    pub http: HttpConfig,
    /// The deadlines of `enid serve`'s own connections (a host nesting the endpoint sets its own).
    pub connection_timeouts: ConnectionTimeouts,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let config = Settings::default().resolve().unwrap();
        assert_eq!(config.database_url.expose(), "sqlite://enid.db");
        assert_eq!(config.bind, "127.0.0.1:8080");
        assert_eq!(config.core.access_ttl, Duration::from_secs(900));
        assert_eq!(
            config.core.rate_login,
            Some(RateLimit::new(10, Duration::from_secs(60)))
        );
        assert_eq!(config.http.max_body_bytes, 1024 * 1024);
        assert!(config.http.cors_origins.is_empty());
    }

    #[test]
    fn flags_win_over_the_file() {
        let flags = Settings {
            bind: Some("0.0.0.0:9000".into()),
            ..Default::default()
        };
        let file: Settings = toml::from_str(
            "bind = \"127.0.0.1:1\"\nrate_login = \"off\"\ncors_origins = \"https://a.mx, https://b.mx\"",
        )
        .unwrap();
        let config = flags.or(file).resolve().unwrap();
        assert_eq!(config.bind, "0.0.0.0:9000");
        assert_eq!(config.core.rate_login, None);
        assert_eq!(config.http.cors_origins, ["https://a.mx", "https://b.mx"]);
    }

    #[test]
    fn bad_values_are_refused() {
        let bad = |settings: Settings| settings.resolve().unwrap_err();
        assert!(
            bad(Settings {
                access_ttl: Some("soon".into()),
                ..Default::default()
            })
            .contains("soon")
        );
        assert!(
            bad(Settings {
                rate_login: Some("10/fortnight".into()),
                ..Default::default()
            })
            .contains("fortnight")
        );
        assert!(
            bad(Settings {
                admin_email: Some("a@b.mx".into()),
                ..Default::default()
            })
            .contains("together")
        );
        assert!(
            bad(Settings {
                log_format: Some("xml".into()),
                ..Default::default()
            })
            .contains("xml")
        );
        assert!(toml::from_str::<Settings>("unknown_key = 1").is_err());
    }

    #[test]
    fn the_refresh_reuse_grace_defaults_to_10s_and_0_disables_it() {
        let grace = |value: Option<&str>| {
            Settings {
                refresh_reuse_grace: value.map(str::to_owned),
                ..Default::default()
            }
            .resolve()
            .map(|config| config.core.refresh_reuse_grace)
        };
        assert_eq!(grace(None).unwrap(), Duration::from_secs(10));
        assert_eq!(grace(Some("0")).unwrap(), Duration::ZERO);
        assert_eq!(grace(Some("1m")).unwrap(), Duration::from_secs(60));
        assert!(grace(Some("soon")).unwrap_err().contains("soon"));
        let file: Settings = toml::from_str("refresh_reuse_grace = \"30s\"").unwrap();
        assert_eq!(
            Settings::default()
                .or(file)
                .resolve()
                .unwrap()
                .core
                .refresh_reuse_grace,
            Duration::from_secs(30)
        );
    }

    #[test]
    fn timeouts_have_defaults_and_read_the_file() {
        let defaults = Settings::default().resolve().unwrap();
        assert_eq!(defaults.connection_timeouts, ConnectionTimeouts::default());
        assert_eq!(defaults.connection_timeouts.header, Duration::from_secs(30));
        assert_eq!(defaults.connection_timeouts.idle, Duration::from_secs(60));
        assert_eq!(defaults.http.body_timeout, Duration::from_secs(30));
        let file: Settings =
            toml::from_str("header_timeout = \"5s\"\nbody_timeout = \"1m\"\nidle_timeout = \"2m\"")
                .unwrap();
        let config = file.resolve().unwrap();
        assert_eq!(config.connection_timeouts.header, Duration::from_secs(5));
        assert_eq!(config.http.body_timeout, Duration::from_secs(60));
        assert_eq!(config.connection_timeouts.idle, Duration::from_secs(120));
        for bad in ["0s", "soon", "-1"] {
            assert!(
                Settings {
                    idle_timeout: Some(bad.into()),
                    ..Default::default()
                }
                .resolve()
                .is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn secrets_do_not_print() {
        let config = Settings {
            jwt_secret: Some("jwt-never-shown".into()),
            admin_email: Some("a@b.mx".into()),
            admin_password: Some("pw-never-shown".into()),
            database_url: Some("postgres://u:db-never-shown@h/d".into()),
            ..Default::default()
        }
        .resolve()
        .unwrap();
        assert!(!format!("{config:?}").contains("never-shown"));
    }
}
