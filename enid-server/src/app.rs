//! The poem endpoint: the OpenAPI operations, the spec and docs, metrics, and the middleware every
//! request passes (request id and logs, JSON errors, body limit and deadline, trailing-slash
//! tolerance, `Allow` on 405, CORS, security headers).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use base64::Engine;
use poem::http::{HeaderValue, Method, StatusCode, Uri, header};
use poem::middleware::Cors;
use poem::{Body, Endpoint, EndpointExt, IntoResponse, Request, Response, Route, get, handler};
use poem_openapi::registry::MetaApi;
use poem_openapi::{OpenApi, OpenApiService};
use sha2::{Digest, Sha256};
use tracing::Instrument;

use enid_core::Enid;
use enid_core::stock::{IDEMPOTENCY_KEY_HEADER, Idempotency};

use crate::admin::{admin_asset, admin_page};
use crate::api::{
    EnidApis, accounts_apis, apis, assistant_apis, faqs_apis, inventory_apis, leads_apis,
    references_apis,
};
use crate::body_deadline::DeadlineBody;
use crate::context::RequestSettings;
use crate::error::{ApiError, poem_error_to_json};
use crate::image_upload::FORM_OVERHEAD_BYTES;
use crate::metrics::HttpMetrics;
use crate::{client_schema, operation_contract, schema_examples};

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Origins allowed by CORS; none means no CORS headers.
    pub cors_origins: Vec<String>,
    /// Largest accepted request body (413 beyond).
    pub max_body_bytes: usize,
    /// Take client IPs from `X-Forwarded-For`.
    pub trust_forwarded: bool,
    /// How long a request body may keep the endpoint waiting: a body must send a chunk at least
    /// every `body_timeout`, and must be complete within `body_timeout` plus one second per KiB
    /// received (a mean of at least [`MIN_BODY_RATE`](crate::body_deadline::MIN_BODY_RATE) bytes
    /// per second after the first `body_timeout`), so that neither a stalled body nor a byte sent
    /// every few seconds holds a connection for ever while real uploads of any size get through.
    /// A late body is answered 408 `request_timeout` and its connection closed. This is part of
    /// the endpoint, so it also holds when a host nests Enid in its own server.
    pub body_timeout: Duration,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            cors_origins: Vec::new(),
            max_body_bytes: 1024 * 1024,
            trust_forwarded: false,
            body_timeout: Duration::from_secs(30),
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
        // No `summary`: OpenAPI 3.0's info object has none.
        .description(
            "Backend of a small online store: accounts and stores, leads and page analytics, \
             inventory, businesses and image references, FAQs and returns, and the sales \
             assistant. Errors are JSON `{code, detail, fields?}`; lists are paginated with `page` \
             and `page_size`; `X-Store-Id` selects the store.",
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
    /// FAQs, their categories and search (service-faqs).
    Faqs,
    /// The AI sales assistant (service_asistence).
    Assistant,
    /// Businesses and their images (service-references).
    References,
}

impl Service {
    pub const ALL: [Service; 6] = [
        Service::Leads,
        Service::Accounts,
        Service::Inventory,
        Service::Assistant,
        Service::References,
        Service::Faqs,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Service::Leads => "leads",
            Service::Accounts => "accounts",
            Service::Inventory => "inventory",
            Service::Faqs => "faqs",
            Service::Assistant => "assistant",
            Service::References => "references",
        }
    }

    /// The port the original service listened on.
    pub fn port(self) -> u16 {
        match self {
            Service::Leads => 8086,
            Service::Accounts => 8087,
            Service::Inventory => 8088,
            Service::Faqs => 8091,
            Service::Assistant => 8089,
            Service::References => 8090,
        }
    }
}

/// The spec as JSON, with the server URL `/` (what `enid openapi` exports).
pub fn spec_json() -> String {
    published(&openapi_service("/").spec())
}

/// poem-openapi's spec as Enid publishes it: operation paths get back the trailing slash that
/// poem-openapi drops (Enid's contract has one, and it serves both), object schemas take the
/// form typed clients read ([`client_schema`]) with an example each ([`schema_examples`]), and
/// operations describe their shared parameters and list the errors they answer
/// ([`operation_contract`]).
fn published(spec: &str) -> String {
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
    client_schema::for_typed_clients(&mut doc);
    schema_examples::add(&mut doc);
    operation_contract::apply(&mut doc);
    serde_json::to_string_pretty(&doc).expect("JSON value serializes")
}

/// The spec and the docs page, rendered at their first request (a server nobody asks for them
/// does not hold their few MiB) and completed per request with the mount prefix.
struct Docs {
    render: Box<dyn Fn() -> RenderedDocs + Send + Sync>,
    rendered: std::sync::OnceLock<RenderedDocs>,
}

struct RenderedDocs {
    spec: [String; 2],
    html: [String; 2],
}

impl Docs {
    fn new<T: OpenApi + 'static>(make_apis: fn() -> T) -> Self {
        Self {
            render: Box::new(move || RenderedDocs::new(describe(make_apis(), PREFIX_MARK))),
            rendered: std::sync::OnceLock::new(),
        }
    }

    fn rendered(&self) -> &RenderedDocs {
        self.rendered.get_or_init(&self.render)
    }
}

impl RenderedDocs {
    fn new<T: OpenApi>(service: OpenApiService<T, ()>) -> Self {
        let split = |text: String| {
            let (before, after) = text
                .split_once(PREFIX_MARK)
                .expect("the spec names its server");
            [before.to_owned(), after.to_owned()]
        };
        let raw = service.spec();
        let spec = published(&raw);
        let html = service.swagger_ui_html().replacen(&raw, &spec, 1);
        Self {
            spec: split(spec),
            html: split(html),
        }
    }
}

/// The path a host mounted Enid under: what the original URI has before the path Enid sees
/// (trailing slashes aside: Enid drops one before routing).
pub(crate) fn mount_prefix(req: &Request) -> String {
    let original = req.original_uri().path().trim_end_matches('/');
    let inner = req.uri().path().trim_end_matches('/');
    match original.strip_suffix(inner) {
        Some(prefix) if !prefix.is_empty() => prefix.to_owned(),
        _ => "/".to_owned(),
    }
}

#[handler]
fn spec_document(req: &Request) -> Response {
    let docs = req.data::<Arc<Docs>>().expect("docs data").rendered();
    let body = format!("{}{}{}", docs.spec[0], mount_prefix(req), docs.spec[1]);
    Response::builder()
        .content_type("application/json; charset=utf-8")
        .body(body)
}

#[handler]
fn docs_page(req: &Request) -> Response {
    let docs = req.data::<Arc<Docs>>().expect("docs data").rendered();
    let html = format!("{}{}{}", docs.html[0], mount_prefix(req), docs.html[1]);
    Response::builder()
        .content_type("text/html; charset=utf-8")
        .header(header::CONTENT_SECURITY_POLICY, docs_policy(&html))
        .header(header::X_FRAME_OPTIONS, "DENY")
        .body(html)
}

/// The content policy of the docs page. Swagger UI's page is self-contained: its script, its style
/// and the spec are inline (no CDN), so exactly those inline elements may run, by hash (the spec,
/// and so one hash, depends on the mount prefix); "Try it out" calls the API on the page's own
/// origin; the style's icons are `data:` images. Nothing may frame the page.
fn docs_policy(html: &str) -> String {
    let hashes = |tag: &str| {
        inline_elements(html, tag)
            .into_iter()
            .map(|content| {
                let digest = Sha256::digest(content.as_bytes());
                format!(
                    "'sha256-{}'",
                    base64::engine::general_purpose::STANDARD.encode(digest)
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!(
        "default-src 'none'; script-src {}; style-src {}; img-src 'self' data:; \
         connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        hashes("script"),
        hashes("style")
    )
}

/// The contents of each `<tag ...>...</tag>` element of `html`, in order.
fn inline_elements<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut contents = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let Some(content_start) = rest[start..].find('>').map(|end| start + end + 1) else {
            break;
        };
        let Some(length) = rest[content_start..].find(&close) else {
            break;
        };
        contents.push(&rest[content_start..content_start + length]);
        rest = &rest[content_start + length + close.len()..];
    }
    contents
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
    assemble(apis, enid, config, BackOffice::Served)
}

/// One original service alone, with its own spec and docs.
pub fn service_endpoint(
    service: Service,
    enid: Enid,
    config: &HttpConfig,
) -> poem::endpoint::BoxEndpoint<'static> {
    match service {
        Service::Leads => assemble(leads_apis, enid, config, BackOffice::Absent),
        Service::Accounts => assemble(accounts_apis, enid, config, BackOffice::Absent),
        Service::Inventory => assemble(inventory_apis, enid, config, BackOffice::Absent),
        Service::Faqs => assemble(faqs_apis, enid, config, BackOffice::Absent),
        Service::References => assemble(references_apis, enid, config, BackOffice::Absent),
        Service::Assistant => assemble(assistant_apis, enid, config, BackOffice::Absent),
    }
}

/// Whether an endpoint serves the back office at `/admin/` (the whole of Enid does; a single
/// service, lacking most of the operations it calls, does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BackOffice {
    Served,
    Absent,
}

/// Serves the operations of `make_apis()` with the spec, docs, metrics and every middleware.
fn assemble<T: OpenApi + 'static>(
    make_apis: fn() -> T,
    enid: Enid,
    config: &HttpConfig,
    back_office: BackOffice,
) -> poem::endpoint::BoxEndpoint<'static> {
    let api = describe(make_apis(), "/");
    let allowed = Arc::new(AllowedMethods::new(T::meta()));
    let docs = Docs::new(make_apis);
    let max_body = config.max_body_bytes;
    let max_upload = enid.config().max_upload_bytes + FORM_OVERHEAD_BYTES;
    let body_timeout = config.body_timeout;
    let metrics = Arc::new(HttpMetrics::default());
    let observed = metrics.clone();
    let mut routes = Route::new()
        .at("/openapi.json", get(spec_document))
        .at("/docs", get(docs_page))
        .at("/metrics", get(metrics_text));
    if back_office == BackOffice::Served {
        routes = routes
            .at("/admin", get(admin_page))
            .at("/admin/assets/:version/*path", get(admin_asset));
    }
    let routes = routes
        .nest("/", api)
        .around(move |next, req| name_allowed_methods(next, req, allowed.clone()))
        .around(move |next, req| limit_body(next, req, max_body, max_upload))
        .around(check_single_headers)
        .around(normalize_path)
        .around(move |next, req| time_body(next, req, body_timeout))
        .data(enid)
        .data(RequestSettings {
            trust_forwarded: config.trust_forwarded,
        })
        .data(Arc::new(docs))
        .data(metrics)
        .catch_all_error(|err| async move { poem_error_to_json(err) })
        .around(move |next, req| observe(next, req, observed.clone()));
    let served = if config.cors_origins.is_empty() {
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
        routes
            .with(cors)
            .catch_all_error(|err| async move { poem_error_to_json(err) })
            .around(vary_on_origin)
            .boxed()
    };
    served.around(security_headers).boxed()
}

/// With CORS, answers depend on the request's `Origin`; caches must keep them apart.
async fn vary_on_origin<E: Endpoint>(next: Arc<E>, req: Request) -> poem::Result<Response> {
    let mut response = next.call(req).await?.into_response();
    let varies = response
        .headers()
        .get_all(header::VARY)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|name| name.trim().eq_ignore_ascii_case("origin"));
    if !varies {
        response
            .headers_mut()
            .append(header::VARY, HeaderValue::from_static("Origin"));
    }
    Ok(response)
}

/// Operations whose answers carry tokens, which no cache may keep.
const TOKEN_PATHS: [&str; 3] = ["/login", "/login/signup", "/login/refresh-token"];

/// On every answer: browsers must not guess content types; token answers must not be stored.
async fn security_headers<E: Endpoint>(next: Arc<E>, req: Request) -> poem::Result<Response> {
    let path = req.uri().path();
    let carries_tokens = TOKEN_PATHS.contains(&path.trim_end_matches('/'));
    let mut response = match next.call(req).await {
        Ok(response) => response.into_response(),
        Err(err) => poem_error_to_json(err),
    };
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if carries_tokens {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

/// The methods each path serves, from the operations' metadata, for the `Allow` header of 405
/// answers.
struct AllowedMethods {
    /// Each path's segments (`None` for a path parameter) and its `Allow` value.
    paths: Vec<(Vec<Option<String>>, HeaderValue)>,
}

impl AllowedMethods {
    fn new(apis: Vec<MetaApi>) -> Self {
        // By path in the spec's form (`/lead/{id}`); two APIs may serve one path.
        let mut documented: BTreeMap<String, Vec<Method>> = BTreeMap::new();
        for path in apis.into_iter().flat_map(|api| api.paths) {
            let methods = documented.entry(path.path).or_default();
            methods.extend(
                path.operations
                    .into_iter()
                    .map(|operation| operation.method),
            );
        }
        let own =
            ["/openapi.json", "/docs", "/metrics"].map(|path| (path.to_owned(), vec![Method::GET]));
        let paths = documented
            .into_iter()
            .chain(own)
            .map(|(path, mut methods)| {
                // poem answers HEAD wherever it answers GET.
                if methods.contains(&Method::GET) && !methods.contains(&Method::HEAD) {
                    methods.push(Method::HEAD);
                }
                let allow = methods
                    .iter()
                    .map(Method::as_str)
                    .collect::<Vec<_>>()
                    .join(", ");
                let segments = path
                    .trim_matches('/')
                    .split('/')
                    .map(|segment| (!segment.starts_with('{')).then(|| segment.to_owned()))
                    .collect();
                (
                    segments,
                    HeaderValue::from_str(&allow).expect("method names are header text"),
                )
            })
            .collect();
        Self { paths }
    }

    /// The `Allow` value of the route `path` reaches: as poem routes, a literal segment wins over
    /// a parameter, from left to right.
    fn of(&self, path: &str) -> Option<&HeaderValue> {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        self.paths
            .iter()
            .filter(|(pattern, _)| {
                pattern.len() == segments.len()
                    && pattern
                        .iter()
                        .zip(&segments)
                        .all(|(expected, segment)| match expected {
                            Some(literal) => literal == segment,
                            None => !segment.is_empty(),
                        })
            })
            .max_by_key(|(pattern, _)| pattern.iter().map(Option::is_some).collect::<Vec<_>>())
            .map(|(_, allow)| allow)
    }
}

/// 405 answers name the methods the path does serve in `Allow`.
async fn name_allowed_methods<E: Endpoint>(
    next: Arc<E>,
    req: Request,
    allowed: Arc<AllowedMethods>,
) -> poem::Result<Response> {
    let path = req.uri().path().to_owned();
    let mut response = match next.call(req).await {
        Err(err) if err.status() == StatusCode::METHOD_NOT_ALLOWED => poem_error_to_json(err),
        other => other?.into_response(),
    };
    if response.status() == StatusCode::METHOD_NOT_ALLOWED
        && let Some(allow) = allowed.of(&path)
    {
        response.headers_mut().insert(header::ALLOW, allow.clone());
    }
    Ok(response)
}

/// Requests with a body get one that must keep arriving ([`HttpConfig::body_timeout`]); when it
/// does not, the answer is 408 and the connection is closed, whatever the handler made of the
/// failed read.
async fn time_body<E: Endpoint>(
    next: Arc<E>,
    mut req: Request,
    timeout: Duration,
) -> poem::Result<Response> {
    let expired = Arc::new(AtomicBool::new(false));
    let body = req.take_body();
    if body.is_empty() {
        req.set_body(body);
    } else {
        req.set_body(Body::from_bytes_stream(DeadlineBody::new(
            Box::pin(body.into_bytes_stream()),
            timeout,
            expired.clone(),
        )));
    }
    let result = next.call(req).await;
    if expired.load(Ordering::Relaxed) {
        let mut response = ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            "The request body did not arrive in time.",
        )
        .into_response();
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return Ok(response);
    }
    result.map(IntoResponse::into_response)
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

/// The one operation whose body is an upload: limited by `ENID_MAX_UPLOAD_BYTES`, and read as it
/// streams (the upload form stops at the limit), never buffered here.
const UPLOAD_PATH: &str = "/image/upload";

/// 413 for bodies over the limit, whether announced by `Content-Length` or streamed.
async fn limit_body<E: Endpoint>(
    next: Arc<E>,
    mut req: Request,
    max_body: usize,
    max_upload: usize,
) -> poem::Result<Response> {
    let upload = req.uri().path() == UPLOAD_PATH;
    let max = if upload { max_upload } else { max_body };
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
        None if upload => {}
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
