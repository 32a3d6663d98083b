//! Server configuration: flags, else environment variables, else the TOML file named by
//! `ENID_CONFIG`, else defaults. Every setting is text, parsed here, so that a bad value reads the
//! same wherever it came from: `ENID_ACCESS_TTL=soon: expected a duration such as 30s, 15m, 12h
//! or 7d` (secrets masked). An empty value is unset, in the environment and in the file alike.
//! Secrets are wrapped so they never print.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use serde::Deserialize;

use enid_core::assistant::{AssistantConfig, Provider};
use enid_core::auth::{Email, check_new_password};
use enid_core::config::{
    EnidConfig, Secret, mask_url_password, parse_duration, parse_duration_or_zero,
};
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
    /// `s3://bucket/prefix` puts image blobs in S3-compatible object storage, configured by the
    /// AWS_* variables (AWS_ENDPOINT_URL, AWS_REGION, keys) [default: local disk under the data
    /// directory]
    #[arg(long, env = "ENID_BLOBS")]
    pub blobs: Option<String>,
    /// HS256 signing key, 32 characters or more; generated once and stored in the database when
    /// unset.
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
    pub default_store: Option<String>,
    /// Comma-separated origins allowed by CORS [default: none]
    #[arg(long, env = "ENID_CORS_ORIGINS")]
    pub cors_origins: Option<String>,
    /// Largest JSON body in bytes [default: 1048576]
    #[arg(long, env = "ENID_MAX_BODY_BYTES")]
    pub max_body_bytes: Option<String>,
    /// Largest upload in bytes [default: 10485760]
    #[arg(long, env = "ENID_MAX_UPLOAD_BYTES")]
    pub max_upload_bytes: Option<String>,
    /// Login and signup limit per IP and email, e.g. 10/min, or off [default: 10/min]
    #[arg(long, env = "ENID_RATE_LOGIN")]
    pub rate_login: Option<String>,
    /// Anonymous writes per IP [default: 600/min]
    #[arg(long, env = "ENID_RATE_PUBLIC_WRITE")]
    pub rate_public_write: Option<String>,
    /// Assistant turns per IP and per conversation [default: 30/min]
    #[arg(long, env = "ENID_RATE_ASSISTANT")]
    pub rate_assistant: Option<String>,
    /// Chat provider: offline, gemini or openai [default: gemini when GOOGLE_API_KEY is set,
    /// else offline]
    #[arg(long, env = "ENID_ASSISTANT_PROVIDER")]
    pub assistant_provider: Option<String>,
    /// Model name [default: the provider's: gemini-2.5-flash, gpt-4o-mini]
    #[arg(long, env = "ENID_ASSISTANT_MODEL")]
    pub assistant_model: Option<String>,
    /// Longest wait for a model's answer, retries included [default: 30s]
    #[arg(long, env = "ENID_ASSISTANT_TIMEOUT")]
    pub assistant_timeout: Option<String>,
    /// How long a first-turn answer is reused; 0 turns the cache off [default: 10m]
    #[arg(long, env = "ENID_ASSISTANT_CACHE_TTL")]
    pub assistant_cache_ttl: Option<String>,
    /// Google Generative Language API key (the gemini provider).
    #[arg(long, env = "GOOGLE_API_KEY", hide_env_values = true)]
    pub google_api_key: Option<String>,
    /// Gemini endpoint [default: https://generativelanguage.googleapis.com]
    #[arg(long, env = "ENID_GEMINI_BASE_URL")]
    pub gemini_base_url: Option<String>,
    /// An OpenAI-compatible endpoint including /v1 (the openai provider).
    #[arg(long, env = "ENID_OPENAI_BASE_URL")]
    pub openai_base_url: Option<String>,
    /// Its API key, if it wants one.
    #[arg(long, env = "ENID_OPENAI_API_KEY", hide_env_values = true)]
    pub openai_api_key: Option<String>,
    /// Take client IPs from X-Forwarded-For (only behind a trusted proxy): true or false
    /// [default: false]
    #[arg(long, env = "ENID_TRUST_FORWARDED")]
    pub trust_forwarded: Option<String>,
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
            blobs,
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
            assistant_provider,
            assistant_model,
            assistant_timeout,
            assistant_cache_ttl,
            google_api_key,
            gemini_base_url,
            openai_base_url,
            openai_api_key,
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
        match std::env::var_os("ENID_CONFIG").filter(|path| !path.is_empty()) {
            Some(path) => Self::from_file(&PathBuf::from(path)),
            None => Ok(Settings::default()),
        }
    }

    pub fn from_file(path: &std::path::Path) -> Result<Settings, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let invalid =
            |e: &dyn std::fmt::Display| format!("invalid config file {}: {e}", path.display());
        let table: toml::Table = toml::from_str(&text).map_err(|e| invalid(&e))?;
        // Every setting is text, as in the environment: numbers and booleans may be written
        // bare, and an empty string is unset, as an empty environment variable is.
        let table: toml::Table = table
            .into_iter()
            .filter_map(|(key, value)| match value {
                toml::Value::String(text) if text.is_empty() => None,
                toml::Value::Integer(number) => {
                    Some((key, toml::Value::String(number.to_string())))
                }
                toml::Value::Boolean(flag) => Some((key, toml::Value::String(flag.to_string()))),
                other => Some((key, other)),
            })
            .collect();
        toml::Value::Table(table)
            .try_into()
            .map_err(|e| invalid(&e))
    }

    /// Checks and completes every setting. A bad value stops here, named by its environment
    /// variable, shown (masked when secret) and with what the setting takes.
    pub fn resolve(self) -> Result<ServerConfig, String> {
        let bootstrap_admin = match (self.admin_email, self.admin_password) {
            (Some(email), Some(password)) => {
                let email = setting("ENID_ADMIN_EMAIL", Some(email), |email| {
                    Email::parse(email).map_err(field_messages)?;
                    Ok(email.to_owned())
                })?;
                let password = setting("ENID_ADMIN_PASSWORD", Some(password), |password| {
                    check_new_password("password", password).map_err(field_messages)?;
                    Ok(Secret::new(password))
                })?;
                email.zip(password)
            }
            (None, None) => None,
            _ => {
                return Err(
                    "ENID_ADMIN_EMAIL and ENID_ADMIN_PASSWORD must be set together".to_owned(),
                );
            }
        };
        let assistant = assistant_config(AssistantSettings {
            provider: self.assistant_provider,
            model: self.assistant_model,
            timeout: self.assistant_timeout,
            cache_ttl: self.assistant_cache_ttl,
            google_api_key: self.google_api_key,
            gemini_base_url: self.gemini_base_url,
            openai_base_url: self.openai_base_url,
            openai_api_key: self.openai_api_key,
        })?;
        let defaults = EnidConfig::default();
        let core = EnidConfig {
            default_store: setting("ENID_DEFAULT_STORE", self.default_store, store_id)?
                .unwrap_or(defaults.default_store),
            access_ttl: setting("ENID_ACCESS_TTL", self.access_ttl, duration)?
                .unwrap_or(defaults.access_ttl),
            refresh_ttl: setting("ENID_REFRESH_TTL", self.refresh_ttl, duration)?
                .unwrap_or(defaults.refresh_ttl),
            refresh_reuse_grace: setting(
                "ENID_REFRESH_REUSE_GRACE",
                self.refresh_reuse_grace,
                duration_or_zero,
            )?
            .unwrap_or(defaults.refresh_reuse_grace),
            jwt_secret: setting("ENID_JWT_SECRET", self.jwt_secret, signing_key)?,
            rate_login: setting("ENID_RATE_LOGIN", self.rate_login, rate)?
                .unwrap_or(defaults.rate_login),
            rate_public_write: setting("ENID_RATE_PUBLIC_WRITE", self.rate_public_write, rate)?
                .unwrap_or(defaults.rate_public_write),
            rate_assistant: setting("ENID_RATE_ASSISTANT", self.rate_assistant, rate)?
                .unwrap_or(defaults.rate_assistant),
            bootstrap_admin,
            max_upload_bytes: setting("ENID_MAX_UPLOAD_BYTES", self.max_upload_bytes, bytes)?
                .unwrap_or(defaults.max_upload_bytes),
            data_dir: self.data_dir.unwrap_or(defaults.data_dir),
            assistant,
            ..defaults
        };
        let blobs = setting("ENID_BLOBS", self.blobs, |url| {
            if url.starts_with("s3://") {
                Ok(url.to_owned())
            } else {
                Err("expected s3://bucket or s3://bucket/prefix".to_owned())
            }
        })?;
        let log_format = setting("ENID_LOG_FORMAT", self.log_format, |text| match text {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            _ => Err("expected text or json".to_owned()),
        })?
        .unwrap_or(LogFormat::Text);
        let http = HttpConfig {
            cors_origins: self
                .cors_origins
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|origin| !origin.is_empty())
                .map(str::to_owned)
                .collect(),
            max_body_bytes: setting("ENID_MAX_BODY_BYTES", self.max_body_bytes, bytes)?
                .unwrap_or(1024 * 1024),
            trust_forwarded: setting("ENID_TRUST_FORWARDED", self.trust_forwarded, boolean)?
                .unwrap_or(false),
            body_timeout: setting("ENID_BODY_TIMEOUT", self.body_timeout, duration)?
                .unwrap_or(Duration::from_secs(30)),
        };
        let connection_timeouts = ConnectionTimeouts {
            header: setting("ENID_HEADER_TIMEOUT", self.header_timeout, duration)?
                .unwrap_or(Duration::from_secs(30)),
            idle: setting("ENID_IDLE_TIMEOUT", self.idle_timeout, duration)?
                .unwrap_or(Duration::from_secs(60)),
        };
        Ok(ServerConfig {
            database_url: Secret::new(
                self.database_url
                    .unwrap_or_else(|| "sqlite://enid.db".to_owned()),
            ),
            bind: self.bind.unwrap_or_else(|| "127.0.0.1:8080".to_owned()),
            redis_url: self.redis_url.map(Secret::new),
            blobs,
            log: setting("ENID_LOG", self.log, log_filter)?.unwrap_or_else(|| "info".to_owned()),
            log_format,
            core,
            http,
            connection_timeouts,
        })
    }
}

/// The assistant's settings as given.
struct AssistantSettings {
    provider: Option<String>,
    model: Option<String>,
    timeout: Option<String>,
    cache_ttl: Option<String>,
    google_api_key: Option<String>,
    gemini_base_url: Option<String>,
    openai_base_url: Option<String>,
    openai_api_key: Option<String>,
}

fn assistant_config(given: AssistantSettings) -> Result<AssistantConfig, String> {
    let defaults = AssistantConfig::default();
    let google_api_key = given.google_api_key.map(Secret::new);
    let gemini_base_url = setting("ENID_GEMINI_BASE_URL", given.gemini_base_url, base_url)?
        .unwrap_or(defaults.gemini_base_url);
    let openai_base_url = setting("ENID_OPENAI_BASE_URL", given.openai_base_url, base_url)?;
    let provider = setting("ENID_ASSISTANT_PROVIDER", given.provider, |text| {
        let provider = Provider::parse("provider", text)
            .map_err(|_| "expected offline, gemini or openai".to_owned())?;
        match provider {
            Provider::Gemini if google_api_key.is_none() => {
                Err("the gemini provider needs GOOGLE_API_KEY".to_owned())
            }
            Provider::OpenAi if openai_base_url.is_none() => {
                Err("the openai provider needs ENID_OPENAI_BASE_URL".to_owned())
            }
            _ => Ok(provider),
        }
    })?
    .unwrap_or(if google_api_key.is_some() {
        Provider::Gemini
    } else {
        Provider::Offline
    });
    Ok(AssistantConfig {
        provider,
        model: given.model.map(|m| m.trim().to_owned()),
        timeout: setting("ENID_ASSISTANT_TIMEOUT", given.timeout, duration)?
            .unwrap_or(defaults.timeout),
        cache_ttl: setting(
            "ENID_ASSISTANT_CACHE_TTL",
            given.cache_ttl,
            duration_or_zero,
        )?
        .unwrap_or(defaults.cache_ttl),
        gemini_base_url,
        google_api_key,
        openai_base_url,
        openai_api_key: given.openai_api_key.map(Secret::new),
    })
}

fn base_url(text: &str) -> Result<String, String> {
    enid_core::faqs::parse_url("url", text)
        .map(|url| url.trim_end_matches('/').to_owned())
        .map_err(|_| "expected an http(s) URL".to_owned())
}

/// Settings whose values never appear in a message.
const SECRET_SETTINGS: [&str; 4] = [
    "ENID_JWT_SECRET",
    "ENID_ADMIN_PASSWORD",
    "GOOGLE_API_KEY",
    "ENID_OPENAI_API_KEY",
];
/// Settings holding URLs that may carry a password.
const URL_SETTINGS: [&str; 2] = ["DATABASE_URL", "ENID_REDIS_URL"];

/// `NAME=VALUE` for a message about a setting, its secrets masked.
pub fn shown(name: &str, value: &str) -> String {
    if SECRET_SETTINGS.contains(&name) {
        format!("{name}=***")
    } else if URL_SETTINGS.contains(&name) {
        format!("{name}={}", mask_url_password(value))
    } else {
        format!("{name}={value}")
    }
}

/// Parses the value of the setting `name`, if it has one; `parse` says what the setting takes
/// when the value does not fit.
fn setting<T>(
    name: &str,
    value: Option<String>,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    value
        .map(|text| parse(&text).map_err(|expected| format!("{}: {expected}", shown(name, &text))))
        .transpose()
}

/// The messages of a core validation error, without the field names of the core.
fn field_messages(err: enid_core::Error) -> String {
    if err.fields.is_empty() {
        err.detail
    } else {
        err.fields
            .into_values()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn duration(text: &str) -> Result<Duration, String> {
    parse_duration(text).map_err(|_| "expected a duration such as 30s, 15m, 12h or 7d".to_owned())
}

fn duration_or_zero(text: &str) -> Result<Duration, String> {
    parse_duration_or_zero(text)
        .map_err(|_| "expected a duration such as 10s or 1m, or 0 to turn it off".to_owned())
}

fn rate(text: &str) -> Result<Option<RateLimit>, String> {
    RateLimit::parse(text)
        .map_err(|_| "expected a rate such as 10/min, 600/h or 5/s, or off".to_owned())
}

fn store_id(text: &str) -> Result<i64, String> {
    text.trim()
        .parse()
        .ok()
        .filter(|id| *id >= 1)
        .ok_or_else(|| "expected a store id: a whole number, 1 or more".to_owned())
}

fn bytes(text: &str) -> Result<usize, String> {
    text.trim()
        .parse()
        .ok()
        .filter(|bytes| *bytes >= 1)
        .ok_or_else(|| "expected a number of bytes: a whole number, 1 or more".to_owned())
}

fn boolean(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Ok(true),
        "false" | "no" | "off" | "0" => Ok(false),
        _ => Err("expected true or false".to_owned()),
    }
}

/// HS256 wants a key of at least 256 bits; a shorter one can be guessed offline from any token.
const SIGNING_KEY_MIN_BYTES: usize = 32;

fn signing_key(text: &str) -> Result<Secret, String> {
    if text.len() >= SIGNING_KEY_MIN_BYTES {
        Ok(Secret::new(text))
    } else {
        Err(format!(
            "expected a signing key of at least {SIGNING_KEY_MIN_BYTES} characters"
        ))
    }
}

fn log_filter(text: &str) -> Result<String, String> {
    tracing_subscriber::EnvFilter::try_new(text)
        .map(|_| text.to_owned())
        .map_err(|_| {
            "expected a log filter such as info, debug or enid_server=debug,info".to_owned()
        })
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
    /// `s3://bucket/prefix` for image blobs in object storage; local disk under the core's data
    /// directory when `None`.
    pub blobs: Option<String>,
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

    /// The message of resolving these settings, which must fail.
    fn refused(settings: Settings) -> String {
        settings.resolve().unwrap_err()
    }

    #[test]
    fn a_bad_value_is_named_shown_and_explained() {
        let cases = [
            (
                Settings {
                    access_ttl: Some("soon".into()),
                    ..Default::default()
                },
                "ENID_ACCESS_TTL=soon: expected a duration such as 30s, 15m, 12h or 7d",
            ),
            (
                Settings {
                    refresh_ttl: Some("0s".into()),
                    ..Default::default()
                },
                "ENID_REFRESH_TTL=0s: expected a duration such as 30s, 15m, 12h or 7d",
            ),
            (
                Settings {
                    rate_login: Some("10/fortnight".into()),
                    ..Default::default()
                },
                "ENID_RATE_LOGIN=10/fortnight: expected a rate such as 10/min, 600/h or 5/s, or off",
            ),
            (
                Settings {
                    default_store: Some("abc".into()),
                    ..Default::default()
                },
                "ENID_DEFAULT_STORE=abc: expected a store id: a whole number, 1 or more",
            ),
            (
                Settings {
                    default_store: Some("0".into()),
                    ..Default::default()
                },
                "ENID_DEFAULT_STORE=0: expected a store id: a whole number, 1 or more",
            ),
            (
                Settings {
                    max_body_bytes: Some("-1".into()),
                    ..Default::default()
                },
                "ENID_MAX_BODY_BYTES=-1: expected a number of bytes: a whole number, 1 or more",
            ),
            (
                Settings {
                    max_upload_bytes: Some("10MB".into()),
                    ..Default::default()
                },
                "ENID_MAX_UPLOAD_BYTES=10MB: expected a number of bytes: a whole number, 1 or more",
            ),
            (
                Settings {
                    blobs: Some("/var/lib/enid".into()),
                    ..Default::default()
                },
                "ENID_BLOBS=/var/lib/enid: expected s3://bucket or s3://bucket/prefix",
            ),
            (
                Settings {
                    trust_forwarded: Some("maybe".into()),
                    ..Default::default()
                },
                "ENID_TRUST_FORWARDED=maybe: expected true or false",
            ),
            (
                Settings {
                    log_format: Some("xml".into()),
                    ..Default::default()
                },
                "ENID_LOG_FORMAT=xml: expected text or json",
            ),
            (
                Settings {
                    log: Some("enid_server=loud".into()),
                    ..Default::default()
                },
                "ENID_LOG=enid_server=loud: expected a log filter such as info, debug or enid_server=debug,info",
            ),
            (
                Settings {
                    admin_email: Some("a@b.mx".into()),
                    ..Default::default()
                },
                "ENID_ADMIN_EMAIL and ENID_ADMIN_PASSWORD must be set together",
            ),
            (
                Settings {
                    admin_email: Some("admin".into()),
                    admin_password: Some("admin-password-1".into()),
                    ..Default::default()
                },
                "ENID_ADMIN_EMAIL=admin: Enter a valid email address.",
            ),
        ];
        for (settings, message) in cases {
            assert_eq!(refused(settings), message);
        }
    }

    #[test]
    fn a_bad_secret_is_named_but_not_shown() {
        let short_password = refused(Settings {
            admin_email: Some("a@b.mx".into()),
            admin_password: Some("hunter2".into()),
            ..Default::default()
        });
        assert_eq!(
            short_password,
            "ENID_ADMIN_PASSWORD=***: Ensure this field has at least 8 characters."
        );
        let short_key = refused(Settings {
            jwt_secret: Some("hunter2-hunter2".into()),
            ..Default::default()
        });
        assert_eq!(
            short_key,
            "ENID_JWT_SECRET=***: expected a signing key of at least 32 characters"
        );
        assert_eq!(
            shown("DATABASE_URL", "postgres://enid:hunter2@db/enid"),
            "DATABASE_URL=postgres://enid:***@db/enid"
        );
        assert_eq!(
            shown("ENID_REDIS_URL", "rediss://:hunter2@cache:6380"),
            "ENID_REDIS_URL=rediss://:***@cache:6380"
        );
    }

    #[test]
    fn the_assistant_provider_follows_its_keys() {
        let config = Settings::default().resolve().unwrap();
        assert_eq!(config.core.assistant.provider, Provider::Offline);
        assert_eq!(config.core.assistant.cache_ttl, Duration::from_secs(600));
        let with_key = Settings {
            google_api_key: Some("AIza-secret".into()),
            assistant_timeout: Some("5s".into()),
            assistant_cache_ttl: Some("0".into()),
            gemini_base_url: Some("http://127.0.0.1:9999/".into()),
            ..Default::default()
        }
        .resolve()
        .unwrap();
        let assistant = &with_key.core.assistant;
        assert_eq!(assistant.provider, Provider::Gemini);
        assert_eq!(assistant.timeout, Duration::from_secs(5));
        assert!(assistant.cache_ttl.is_zero());
        assert_eq!(assistant.gemini_base_url, "http://127.0.0.1:9999");
        assert!(!format!("{with_key:?}").contains("AIza-secret"));
        assert_eq!(
            refused(Settings {
                assistant_provider: Some("gemini".into()),
                ..Default::default()
            }),
            "ENID_ASSISTANT_PROVIDER=gemini: the gemini provider needs GOOGLE_API_KEY"
        );
        assert_eq!(
            refused(Settings {
                assistant_provider: Some("openai".into()),
                ..Default::default()
            }),
            "ENID_ASSISTANT_PROVIDER=openai: the openai provider needs ENID_OPENAI_BASE_URL"
        );
        assert_eq!(
            refused(Settings {
                assistant_provider: Some("claude".into()),
                ..Default::default()
            }),
            "ENID_ASSISTANT_PROVIDER=claude: expected offline, gemini or openai"
        );
        assert_eq!(
            refused(Settings {
                openai_base_url: Some("localhost:8000".into()),
                ..Default::default()
            }),
            "ENID_OPENAI_BASE_URL=localhost:8000: expected an http(s) URL"
        );
        assert_eq!(
            refused(Settings {
                openai_api_key: Some("sk-x".into()),
                assistant_timeout: Some("later".into()),
                ..Default::default()
            }),
            "ENID_ASSISTANT_TIMEOUT=later: expected a duration such as 30s, 15m, 12h or 7d"
        );
        assert_eq!(shown("GOOGLE_API_KEY", "AIza"), "GOOGLE_API_KEY=***");
        assert_eq!(
            shown("ENID_OPENAI_API_KEY", "sk-x"),
            "ENID_OPENAI_API_KEY=***"
        );
    }

    #[test]
    fn booleans_and_numbers_take_their_usual_spellings() {
        for (text, expected) in [("true", true), ("Yes", true), ("1", true), ("off", false)] {
            let config = Settings {
                trust_forwarded: Some(text.into()),
                default_store: Some(" 7 ".into()),
                max_body_bytes: Some("2048".into()),
                ..Default::default()
            }
            .resolve()
            .unwrap();
            assert_eq!(config.http.trust_forwarded, expected, "{text}");
            assert_eq!(config.core.default_store, 7);
            assert_eq!(config.http.max_body_bytes, 2048);
        }
    }

    #[test]
    fn the_file_takes_bare_numbers_and_booleans_and_empty_strings_are_unset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("enid.toml");
        std::fs::write(
            &path,
            "max_body_bytes = 2048\ntrust_forwarded = true\ndefault_store = 3\n\
             admin_email = \"\"\nlog = \"\"\naccess_ttl = 90\n",
        )
        .unwrap();
        let file = Settings::from_file(&path).unwrap();
        assert_eq!(file.admin_email, None);
        assert_eq!(file.log, None);
        let config = file.resolve().unwrap();
        assert_eq!(config.http.max_body_bytes, 2048);
        assert!(config.http.trust_forwarded);
        assert_eq!(config.core.default_store, 3);
        assert_eq!(config.core.access_ttl, Duration::from_secs(90));
        assert_eq!(config.log, "info");

        std::fs::write(&path, "unknown_key = 1").unwrap();
        let err = Settings::from_file(&path).err().unwrap();
        assert!(err.contains("unknown_key"), "{err}");
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
            jwt_secret: Some("jwt-never-shown-jwt-never-shown-32".into()),
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
