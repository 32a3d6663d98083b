use poem::web::Data;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi};

use enid_core::Enid;

use super::Tag;

pub struct OperationsApi;

/// Whether something answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "lowercase")]
enum HealthState {
    Ok,
    Unavailable,
}

impl HealthState {
    fn of(answers: bool) -> Self {
        if answers { Self::Ok } else { Self::Unavailable }
    }
}

#[derive(Debug, Object)]
struct LiveOut {
    /// Always `ok`.
    status: HealthState,
}

/// The state of each dependency.
#[derive(Debug, Object)]
struct ReadyOut {
    /// `ok` when every dependency answers.
    status: HealthState,
    database: HealthState,
    /// The storage backend: `sqlite`, `postgres`, or the name an embedding program's own
    /// storage gives.
    backend: String,
    /// The cache service (Redis when configured).
    cache: HealthState,
}

#[derive(ApiResponse)]
enum LiveResponse {
    /// The process is up.
    #[oai(status = 200)]
    Ok(Json<LiveOut>),
}

#[derive(ApiResponse)]
enum ReadyResponse {
    /// The database and the cache answer.
    #[oai(status = 200)]
    Ready(Json<ReadyOut>),
    /// A dependency does not answer.
    #[oai(status = 503)]
    Unavailable(Json<ReadyOut>),
}

#[OpenApi(tag = "Tag::Operations")]
impl OperationsApi {
    /// Liveness
    ///
    /// Answers while the process runs.
    #[oai(path = "/health/live", method = "get", operation_id = "health_live")]
    async fn live(&self) -> LiveResponse {
        LiveResponse::Ok(Json(LiveOut {
            status: HealthState::Ok,
        }))
    }

    /// Readiness
    ///
    /// Checks that the database and the cache (Redis, when configured) answer.
    #[oai(path = "/health/ready", method = "get", operation_id = "health_ready")]
    async fn ready(&self, enid: Data<&Enid>) -> ReadyResponse {
        let (database, cache) = tokio::join!(enid.storage().ping(), enid.cache().ping());
        if let Err(err) = &database {
            tracing::warn!(error = %err, "database is not ready");
        }
        if let Err(err) = &cache {
            tracing::warn!(error = %err, "cache is not ready");
        }
        let body = ReadyOut {
            status: HealthState::of(database.is_ok() && cache.is_ok()),
            database: HealthState::of(database.is_ok()),
            backend: enid.storage().backend().to_owned(),
            cache: HealthState::of(cache.is_ok()),
        };
        if database.is_ok() && cache.is_ok() {
            ReadyResponse::Ready(Json(body))
        } else {
            ReadyResponse::Unavailable(Json(body))
        }
    }
}
