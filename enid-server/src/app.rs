//! The poem endpoint: the OpenAPI operations, the spec and docs, metrics, and the middleware every
//! request passes (request id and logs, JSON errors, body limit, trailing-slash tolerance, CORS).

use std::sync::Arc;
use std::time::Instant;

use poem::http::{HeaderValue, Method, StatusCode, Uri, header};
use poem::middleware::Cors;
use poem::web::Html;
use poem::{Endpoint, EndpointExt, IntoResponse, Request, Response, Route, get, handler};
use poem_openapi::{OpenApi, OpenApiService};
use tracing::Instrument;

use enid_core::Enid;
use enid_core::stock::{IDEMPOTENCY_KEY_HEADER, Idempotency};

use crate::api::{EnidApis, accounts_apis, apis, inventory_apis, leads_apis};
use crate::context::RequestSettings;
use crate::error::{ApiError, poem_error_to_json};
use crate::metrics::HttpMetrics;

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Origins allowed by CORS; none means no CORS headers.
    pub cors_origins: Vec<String>,
    /// Largest accepted request body (413 beyond).
    pub max_body_bytes: usize,
    /// Take client IPs from `X-Forwarded-For`.
    pub trust_forwarded: bool,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            cors_origins: Vec::new(),
            max_body_bytes: 1024 * 1024,
            trust_forwarded: false,
        }
    }
}

/// Paths documented without a trailing slash; every other operation is documented with one.
const PLAIN_PATHS: [&str; 5] = [
    "/health/live",
    "/health/ready",
    "/metrics",
    "/openapi.json",
    "/docs",
];

/// Marks the server URL in the pre-rendered spec; replaced by the mount prefix of each request.
const PREFIX_MARK: &str = "/__enid_mount_prefix__";

/// The OpenAPI service of every Enid operation, with the server URL `server`.
pub fn openapi_service(server: &str) -> OpenApiService<EnidApis, ()> {
    describe(apis(), server)
}

fn describe<T: OpenApi>(apis: T, server: &str) -> OpenApiService<T, ()> {
    OpenApiService::new(apis, "Enid", env!("CARGO_PKG_VERSION"))
        .summary("Backend of a small online store")
        .description(
            "Accounts and stores, leads and analytics, inventory, references and images, FAQs and \
             returns, and an AI sales assistant. Errors are JSON `{code, detail, fields?}`; lists are \
             paginated with `page` and `page_size`; `X-Store-Id` selects the store.",
        )
        .server(server)
}

/// The services Enid replaces, each once served alone on its own port (`enid serve --split-ports`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// Leads, lead metrics and page analytics (service_leads).
    Leads,
    /// Accounts, members and stores (service-oauth).
    Accounts,
    /// Warehouses, stock movements and levels (service_stock).
    Inventory,
}

impl Service {
    pub const ALL: [Service; 3] = [Service::Leads, Service::Accounts, Service::Inventory];

    pub fn name(self) -> &'static str {
        match self {
            Service::Leads => "leads",
            Service::Accounts => "accounts",
            Service::Inventory => "inventory",
        }
    }

    /// The port the original service listened on.
    pub fn port(self) -> u16 {
        match self {
            Service::Leads => 8086,
            Service::Accounts => 8087,
            Service::Inventory => 8088,
        }
    }
}

/// The spec as JSON, with the server URL `/` (what `enid openapi` exports).
pub fn spec_json() -> String {
    with_trailing_slashes(&openapi_service("/").spec())
}

/// poem-openapi drops the trailing slash of operation paths; Enid's contract has one (and serves
/// both), so the published spec gets it back.
fn with_trailing_slashes(spec: &str) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(spec).expect("poem-openapi writes JSON");
    if let Some(paths) = doc
        .get_mut("paths")
        .and_then(serde_json::Value::as_object_mut)
    {
        *paths = std::mem::take(paths)
            .into_iter()
            .map(|(path, item)| {
                if PLAIN_PATHS.contains(&path.as_str()) || path.ends_with('/') {
                    (path, item)
                } else {
                    (format!("{path}/"), item)
                }
            })
            .collect();
    }
    serde_json::to_string_pretty(&doc).expect("JSON value serializes")
}

/// The spec and the docs page, rendered once and completed per request with the mount prefix.
struct Docs {
    spec: [String; 2],
    html: [String; 2],
}

impl Docs {
    fn new<T: OpenApi>(service: OpenApiService<T, ()>) -> Self {
        let split = |text: String| {
            let (before, after) = text
                .split_once(PREFIX_MARK)
                .expect("the spec names its server");
            [before.to_owned(), after.to_owned()]
        };
        let raw = service.spec();
        let spec = with_trailing_slashes(&raw);
        let html = service.swagger_ui_html().replacen(&raw, &spec, 1);
        Self {
            spec: split(spec),
            html: split(html),
        }
    }
}

/// The path a host mounted Enid under: what the original URI has before the path Enid sees
/// (trailing slashes aside: Enid drops one before routing).
fn mount_prefix(req: &Request) -> String {
    let original = req.original_uri().path().trim_end_matches('/');
    let inner = req.uri().path().trim_end_matches('/');
    match original.strip_suffix(inner) {
        Some(prefix) if !prefix.is_empty() => prefix.to_owned(),
        _ => "/".to_owned(),
    }
}

#[handler]
fn spec_document(req: &Request) -> Response {
    let docs = req.data::<Arc<Docs>>().expect("docs data");
    let body = format!("{}{}{}", docs.spec[0], mount_prefix(req), docs.spec[1]);
    Response::builder()
        .content_type("application/json; charset=utf-8")
        .body(body)
}

#[handler]
fn docs_page(req: &Request) -> Html<String> {
    let docs = req.data::<Arc<Docs>>().expect("docs data");
    Html(format!(
        "{}{}{}",
        docs.html[0],
        mount_prefix(req),
        docs.html[1]
    ))
}

#[handler]
fn metrics_text(req: &Request) -> Response {
    let metrics = req.data::<Arc<HttpMetrics>>().expect("metrics data");
    Response::builder()
        .content_type("text/plain; version=0.0.4")
        .body(metrics.render())
}

/// The whole of Enid as one endpoint with default HTTP settings; nest it under any prefix.
pub fn endpoint(enid: Enid) -> poem::endpoint::BoxEndpoint<'static> {
    endpoint_with(enid, &HttpConfig::default())
}

/// The whole of Enid as one endpoint.
pub fn endpoint_with(enid: Enid, config: &HttpConfig) -> poem::endpoint::BoxEndpoint<'static> {
    assemble(apis, enid, config)
}

/// One original service alone, with its own spec and docs.
pub fn service_endpoint(
    service: Service,
    enid: Enid,
    config: &HttpConfig,
) -> poem::endpoint::BoxEndpoint<'static> {
    match service {
        Service::Leads => assemble(leads_apis, enid, config),
        Service::Accounts => assemble(accounts_apis, enid, config),
        Service::Inventory => assemble(inventory_apis, enid, config),
    }
}

/// Serves the operations of `make_apis()` with the spec, docs, metrics and every middleware.
fn assemble<T: OpenApi + 'static>(
    make_apis: fn() -> T,
    enid: Enid,
    config: &HttpConfig,
) -> poem::endpoint::BoxEndpoint<'static> {
    let api = describe(make_apis(), "/");
    let docs = Docs::new(describe(make_apis(), PREFIX_MARK));
    let max_body = config.max_body_bytes;
    let metrics = Arc::new(HttpMetrics::default());
    let observed = metrics.clone();
    let routes = Route::new()
        .at("/openapi.json", get(spec_document))
        .at("/docs", get(docs_page))
        .at("/metrics", get(metrics_text))
        .nest("/", api)
        .around(move |next, req| limit_body(next, req, max_body))
        .around(check_single_headers)
        .around(normalize_path)
        .data(enid)
        .data(RequestSettings {
            trust_forwarded: config.trust_forwarded,
        })
        .data(Arc::new(docs))
        .data(metrics)
        .catch_all_error(|err| async move { poem_error_to_json(err) })
        .around(move |next, req| observe(next, req, observed.clone()));
    if config.cors_origins.is_empty() {
        routes.boxed()
    } else {
        let cors = config
            .cors_origins
            .iter()
            .fold(Cors::new(), |cors, origin| {
                cors.allow_origin(origin.as_str())
            })
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
            ])
            .allow_headers([
                "authorization",
                "content-type",
                "x-store-id",
                "idempotency-key",
            ])
            .expose_headers(["x-request-id", "retry-after"]);
        routes.with(cors).boxed()
    }
}

/// Serves every operation with and without its trailing slash: routes are registered without one
/// (poem-openapi strips it), so a trailing slash is dropped before routing.
async fn normalize_path<E: Endpoint>(next: Arc<E>, mut req: Request) -> poem::Result<Response> {
    let path = req.uri().path();
    if path.len() > 1 && path.ends_with('/') {
        let trimmed = path.trim_end_matches('/');
        let path_and_query = match req.uri().query() {
            Some(query) => format!("{trimmed}?{query}"),
            None => trimmed.to_owned(),
        };
        let mut parts = req.uri().clone().into_parts();
        parts.path_and_query = Some(
            path_and_query
                .parse()
                .map_err(|_| poem::Error::from_status(StatusCode::BAD_REQUEST))?,
        );
        *req.uri_mut() = Uri::from_parts(parts)
            .map_err(|_| poem::Error::from_status(StatusCode::BAD_REQUEST))?;
    }
    next.call(req).await.map(IntoResponse::into_response)
}

/// poem-openapi skips header values that are not visible ASCII, so an unreadable `X-Store-Id`
/// would silently mean the default store, and an unreadable `Idempotency-Key` a write without
/// one (a retry would book twice). Each is a 400 instead, as are several values of either.
async fn check_single_headers<E: Endpoint>(next: Arc<E>, req: Request) -> poem::Result<Response> {
    let readable_once = |name: &str| {
        let mut values = req.headers().get_all(name).iter();
        match (values.next(), values.next()) {
            (Some(value), None) => value.to_str().is_ok(),
            (Some(_), Some(_)) => false,
            (None, _) => true,
        }
    };
    if !readable_once("x-store-id") {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            "X-Store-Id must be one store id.",
        )
        .into());
    }
    if !readable_once(IDEMPOTENCY_KEY_HEADER) {
        return Err(ApiError::from(Idempotency::invalid_key()).into());
    }
    next.call(req).await.map(IntoResponse::into_response)
}

/// 413 for bodies over the limit, whether announced by `Content-Length` or streamed.
async fn limit_body<E: Endpoint>(
    next: Arc<E>,
    mut req: Request,
    max: usize,
) -> poem::Result<Response> {
    let too_large = || {
        poem::Error::from(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("The request body must not exceed {max} bytes."),
        ))
    };
    let announced = req
        .header(header::CONTENT_LENGTH)
        .and_then(|value| value.parse::<u64>().ok());
    match announced {
        Some(length) if length > max as u64 => return Err(too_large()),
        Some(_) => {}
        None => {
            let body = req
                .take_body()
                .into_bytes_limit(max)
                .await
                .map_err(|err| match err {
                    poem::error::ReadBodyError::PayloadTooLarge => too_large(),
                    other => other.into(),
                })?;
            req.set_body(body);
        }
    }
    next.call(req).await.map(IntoResponse::into_response)
}

/// Gives each request an id (kept from a sane incoming `X-Request-Id`), logs it, counts it.
async fn observe<E: Endpoint>(
    next: Arc<E>,
    req: Request,
    metrics: Arc<HttpMetrics>,
) -> poem::Result<Response> {
    let id = req
        .header("x-request-id")
        .filter(|id| id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    let span =
        tracing::info_span!("request", id = %id, method = %req.method(), path = %req.uri().path());
    let started = Instant::now();
    metrics.started();
    let mut response = next
        .call(req)
        .instrument(span.clone())
        .await?
        .into_response();
    let elapsed = started.elapsed();
    metrics.finished(response.status().as_u16(), elapsed);
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            micros = elapsed.as_micros() as u64,
            "answered"
        );
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    Ok(response)
}
