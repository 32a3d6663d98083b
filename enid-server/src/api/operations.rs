use poem::web::Data;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use enid_core::Enid;

use super::Tag;

pub struct OperationsApi;

#[derive(Debug, Object)]
struct LiveOut {
    /// Always `ok`.
    status: String,
}

/// The state of each dependency.
#[derive(Debug, Object)]
struct ReadyOut {
    /// `ok` when every dependency answers, `unavailable` otherwise.
    status: String,
    /// `ok` or `unavailable`.
    database: String,
    /// The storage backend: `sqlite` or `postgres`.
    backend: String,
    /// The cache service (Redis when configured): `ok` or `unavailable`.
    cache: String,
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

fn state(ok: bool) -> String {
    if ok { "ok" } else { "unavailable" }.to_owned()
}

#[OpenApi(tag = "Tag::Operations")]
impl OperationsApi {
    /// Liveness
    ///
    /// Answers while the process runs.
    #[oai(path = "/health/live", method = "get", operation_id = "health_live")]
    async fn live(&self) -> LiveResponse {
        LiveResponse::Ok(Json(LiveOut {
            status: "ok".to_owned(),
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
            status: state(database.is_ok() && cache.is_ok()),
            database: state(database.is_ok()),
            backend: enid.storage().backend().to_owned(),
            cache: state(cache.is_ok()),
        };
        if database.is_ok() && cache.is_ok() {
            ReadyResponse::Ready(Json(body))
        } else {
            ReadyResponse::Unavailable(Json(body))
        }
    }
}
