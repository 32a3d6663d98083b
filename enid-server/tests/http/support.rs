//! The harness: an Enid on a fresh database behind `poem::test::TestClient`, users made cheaply,
//! and requests that come back as status + headers + parsed JSON.

use std::fmt::Display;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use fake::Fake;
use fake::faker::internet::en::SafeEmail;
use fake::faker::name::en::Name;
use poem::endpoint::BoxEndpoint;
use poem::http::uri::Scheme;
use poem::http::{HeaderMap, StatusCode, header};
use poem::test::{TestClient, TestRequestBuilder};
use poem::web::{LocalAddr, RemoteAddr};
use poem::{Endpoint, EndpointExt, IntoEndpoint, Request, RequestParts, Route};
use serde_json::{Value, json};

use enid_core::Enid;
use enid_core::auth::{Email, NewMemberInput, NewUser, User};
use enid_core::cache::Cache;
use enid_core::clock::ManualClock;
use enid_core::config::{EnidConfig, Secret};
use enid_core::pagination::PageRequest;
use enid_core::references::BlobStore;
use enid_core::stores::{Role, Store, StoreId};
use enid_server::HttpConfig;

/// The signing key of every test Enid, so tests can sign tokens with it (and forge some without).
pub const TEST_SECRET: &str = "enid-http-tests-signing-secret-0123456789";

/// The database a test runs on.
pub enum Backend {
    Sqlite,
    /// The base URL; each app gets a fresh schema in it.
    Postgres(String),
}

impl Backend {
    /// PostgreSQL from `ENID_TEST_POSTGRES_URL`, or `None` to skip, reported on stderr (a failure
    /// when `ENID_TEST_REQUIRE_POSTGRES=1`).
    pub fn postgres() -> Option<Self> {
        enid_storage::testing::postgres_url().map(Self::Postgres)
    }
}

/// Runs each listed scenario `async fn name(backend: Backend)` as two tests, `sqlite::name` and
/// `postgres::name` (which reports itself skipped and passes when PostgreSQL is not configured).
macro_rules! on_every_backend {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::support::Backend::Sqlite).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    if let Some(backend) = $crate::support::Backend::postgres() {
                        super::$name(backend).await;
                    }
                }
            )+
        }
    };
}
pub(crate) use on_every_backend;

/// How to build the app under test.
pub struct Setup {
    pub config: EnidConfig,
    pub http: HttpConfig,
    pub clock: Option<Arc<ManualClock>>,
    /// Defaults to local disk in the app's temporary directory.
    pub blobs: Option<Arc<dyn BlobStore>>,
    /// Defaults to the in-process cache.
    pub cache: Option<Arc<dyn Cache>>,
}

impl Default for Setup {
    /// A fixed signing secret and no rate limits.
    fn default() -> Self {
        Self {
            config: EnidConfig {
                jwt_secret: Some(Secret::new(TEST_SECRET)),
                rate_login: None,
                rate_public_write: None,
                rate_assistant: None,
                ..EnidConfig::default()
            },
            http: HttpConfig::default(),
            clock: None,
            blobs: None,
            cache: None,
        }
    }
}

/// What poem's server does to every request and `TestClient` does not: record the URI the client
/// sent as the request's original URI, which Enid reads for page links and the spec's server URL.
/// (The client address stays unknown, as the tests expect.)
fn as_served(req: Request) -> Request {
    let (parts, body) = req.into_parts();
    let mut head = poem::http::Request::new(());
    *head.method_mut() = parts.method;
    *head.uri_mut() = parts.uri;
    *head.version_mut() = parts.version;
    *head.headers_mut() = parts.headers;
    *head.extensions_mut() = parts.extensions;
    let (head, ()) = head.into_parts();
    let parts = RequestParts::from((
        head,
        LocalAddr::default(),
        RemoteAddr::default(),
        Scheme::HTTP,
    ));
    Request::from_parts(parts, body)
}

/// A test client for `endpoint` whose requests look like those of poem's server.
pub fn client<E>(endpoint: E) -> TestClient<BoxEndpoint<'static>>
where
    E: IntoEndpoint,
    E::Endpoint: 'static,
{
    TestClient::new(
        endpoint
            .into_endpoint()
            .before(|req| async move { Ok(as_served(req)) })
            .map_to_response()
            .boxed(),
    )
}

/// An Enid on its own fresh database, and a client for its endpoint.
pub struct App {
    pub enid: Enid,
    pub cli: TestClient<BoxEndpoint<'static>>,
    database_url: String,
    _dir: Option<tempfile::TempDir>,
}

/// A user created for a test, with the password it was created with.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub user: User,
    pub email: String,
    pub password: String,
}

impl TestUser {
    pub fn id(&self) -> i64 {
        self.user.id
    }

    pub fn credentials(&self) -> Value {
        json!({"email": self.email, "password": self.password})
    }
}

/// The tokens of one login.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub access: String,
    pub refresh: String,
}

static SEQUENCE: AtomicU32 = AtomicU32::new(1);

/// A realistic email that no other call returns.
pub fn unique_email() -> String {
    let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    let email: String = SafeEmail().fake();
    format!("t{n}.{email}")
}

pub fn fake_name() -> String {
    Name().fake()
}

pub fn fake_password() -> String {
    format!(
        "{}-{}",
        fake::faker::lorem::en::Word().fake::<String>(),
        (100_000..999_999).fake::<u32>()
    )
}

/// A fresh Enid (SQLite file in a temporary directory, or a fresh PostgreSQL schema; local-disk
/// blobs in the temporary directory unless `setup` names a blob store), the URL of its database,
/// and the directory.
pub async fn build_enid(backend: &Backend, setup: Setup) -> (Enid, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.path().join("enid.db").display()),
        Backend::Postgres(base) => enid_storage::postgres::testing::fresh_schema_url(base)
            .await
            .expect("fresh postgres schema"),
    };
    let config = EnidConfig {
        data_dir: dir.path().to_owned(),
        ..setup.config
    };
    let enid = enid_on(&url, config, setup.clock, setup.blobs, setup.cache).await;
    (enid, url, dir)
}

/// An Enid on the database `url` names.
async fn enid_on(
    url: &str,
    config: EnidConfig,
    clock: Option<Arc<ManualClock>>,
    blobs: Option<Arc<dyn BlobStore>>,
    cache: Option<Arc<dyn Cache>>,
) -> Enid {
    let storage = enid_storage::connect(url).await.expect("storage connects");
    let mut builder = Enid::builder(storage).config(config);
    if let Some(clock) = clock {
        builder = builder.clock(clock);
    }
    if let Some(blobs) = blobs {
        builder = builder.blobs(blobs);
    }
    if let Some(cache) = cache {
        builder = builder.cache(cache);
    }
    builder.build().await.expect("enid builds")
}

impl App {
    pub async fn new(backend: &Backend) -> Self {
        Self::with(backend, Setup::default()).await
    }

    pub async fn with(backend: &Backend, setup: Setup) -> Self {
        let http = setup.http.clone();
        let (enid, database_url, dir) = build_enid(backend, setup).await;
        let cli = client(enid_server::endpoint_with(enid.clone(), &http));
        Self {
            enid,
            cli,
            database_url,
            _dir: Some(dir),
        }
    }

    /// Another instance on this app's database (the same SQLite file or PostgreSQL schema) and
    /// configuration, with its own connections and endpoint, as behind a load balancer.
    pub async fn second_instance(&self, clock: Option<Arc<ManualClock>>) -> App {
        self.second_instance_with(clock, None, None).await
    }

    /// [`second_instance`](Self::second_instance) with its own blob store and cache (e.g. the
    /// S3 bucket and Redis the first instance uses).
    pub async fn second_instance_with(
        &self,
        clock: Option<Arc<ManualClock>>,
        blobs: Option<Arc<dyn BlobStore>>,
        cache: Option<Arc<dyn Cache>>,
    ) -> App {
        let enid = enid_on(
            &self.database_url,
            self.enid.config().clone(),
            clock,
            blobs,
            cache,
        )
        .await;
        let cli = client(enid_server::endpoint_with(
            enid.clone(),
            &HttpConfig::default(),
        ));
        Self {
            enid,
            cli,
            database_url: self.database_url.clone(),
            _dir: None,
        }
    }

    /// The URL of the app's database (the SQLite file, or the PostgreSQL schema).
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// Two more instances on this app's database that share one in-process cache between them
    /// (as instances sharing Redis do), to show a write on one is seen through the other's cache.
    pub async fn two_instances_sharing_a_cache(&self) -> (App, App) {
        let shared: Arc<dyn Cache> = Arc::new(enid_core::cache::InProcessCache::default());
        let first = self
            .second_instance_with(None, None, Some(shared.clone()))
            .await;
        let second = self.second_instance_with(None, None, Some(shared)).await;
        (first, second)
    }

    /// The endpoint nested under `prefix` in a host's route, with its own client.
    pub fn nested(&self, prefix: &str) -> TestClient<BoxEndpoint<'static>> {
        client(Route::new().nest(
            prefix,
            enid_server::endpoint_with(self.enid.clone(), &HttpConfig::default()),
        ))
    }

    pub fn get(&self, path: &str) -> TestRequestBuilder<'_, BoxEndpoint<'static>> {
        self.cli.get(path)
    }

    pub fn post(&self, path: &str) -> TestRequestBuilder<'_, BoxEndpoint<'static>> {
        self.cli.post(path)
    }

    pub fn patch(&self, path: &str) -> TestRequestBuilder<'_, BoxEndpoint<'static>> {
        self.cli.patch(path)
    }

    /// Creates a user through the accounts service (as the CLI and bootstrap do).
    pub async fn user(&self, membership: Option<(StoreId, Role)>) -> TestUser {
        self.create(membership, false).await
    }

    pub async fn superuser(&self) -> TestUser {
        self.create(None, true).await
    }

    async fn create(&self, membership: Option<(StoreId, Role)>, is_superuser: bool) -> TestUser {
        let email = unique_email();
        let password = fake_password();
        let user = self
            .enid
            .accounts()
            .create_user(NewMemberInput {
                email: email.clone(),
                name: fake_name(),
                password: password.clone(),
                is_superuser,
                membership,
            })
            .await
            .expect("user created");
        TestUser {
            user,
            email,
            password,
        }
    }

    /// Inserts a member straight into storage with a hash nobody can log in with: cheap bulk data
    /// for lists.
    pub async fn bulk_member(&self, name: &str, store: StoreId, role: Role) -> User {
        self.enid
            .storage()
            .create_user(
                &NewUser {
                    email: Email::parse(&format!(
                        "member{}@example.mx",
                        SEQUENCE.fetch_add(1, Ordering::Relaxed)
                    ))
                    .unwrap(),
                    name: name.to_owned(),
                    password_hash: "$argon2id$v=19$m=19456,t=2,p=1$bm9wZQ$bm9wZQ".to_owned(),
                    is_superuser: false,
                },
                Some((store, role)),
                self.enid.now(),
            )
            .await
            .expect("bulk member created")
    }

    /// A second store, straight through storage.
    pub async fn store(&self, name: &str, admin: Option<i64>) -> Store {
        self.enid
            .storage()
            .create_store(
                name,
                &enid_core::text::slugify(name, 50),
                admin,
                self.enid.now(),
            )
            .await
            .expect("store created")
    }

    /// Logs in over HTTP; the login must succeed.
    pub async fn login(&self, user: &TestUser) -> Tokens {
        let reply = self
            .post("/login/")
            .body_json(&user.credentials())
            .reply()
            .await;
        let body = reply.ok(200);
        Tokens {
            access: body["access_token"].as_str().unwrap().to_owned(),
            refresh: body["refresh_token"].as_str().unwrap().to_owned(),
        }
    }

    pub async fn user_count(&self) -> i64 {
        self.enid.storage().count_users().await.unwrap()
    }

    pub async fn store_count(&self) -> i64 {
        self.enid
            .storage()
            .list_stores(None, PageRequest::default())
            .await
            .unwrap()
            .count
    }

    /// The status of a request carrying `token`, to see whether a token still works.
    pub async fn profile_status(&self, token: &str) -> StatusCode {
        let reply = self.get("/user/profile/").bearer(token).reply().await;
        if reply.status != StatusCode::OK {
            reply.error(reply.status.as_u16(), "token_not_valid");
        }
        reply.status
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
    /// The body as JSON; `Null` when empty or not JSON.
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the status and returns the JSON body.
    #[track_caller]
    pub fn ok(&self, status: u16) -> &Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.text
        );
        &self.body
    }

    /// Asserts a JSON error `{code, detail}` with this status and code; returns the body.
    #[track_caller]
    pub fn error(&self, status: u16, code: &str) -> &Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.text
        );
        assert!(
            self.header("content-type")
                .is_some_and(|ct| ct.starts_with("application/json")),
            "errors are JSON, got {:?}: {}",
            self.header("content-type"),
            self.text
        );
        assert_eq!(self.body["code"], code, "error code; body: {}", self.text);
        assert!(
            self.body["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "errors have a detail: {}",
            self.text
        );
        &self.body
    }

    /// Asserts a 400 `validation_error` naming each of `fields` (and no other).
    #[track_caller]
    pub fn invalid_fields(&self, fields: &[&str]) {
        self.error(400, "validation_error");
        let named: Vec<&str> = self.body["fields"]
            .as_object()
            .unwrap_or_else(|| panic!("validation errors have fields: {}", self.text))
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = fields.to_vec();
        expected.sort_unstable();
        assert_eq!(named, expected, "invalid fields; body: {}", self.text);
        for field in fields {
            let messages = self.body["fields"][field].as_array().unwrap();
            assert!(
                !messages.is_empty()
                    && messages
                        .iter()
                        .all(|m| m.as_str().is_some_and(|m| !m.is_empty())),
                "field {field} has messages: {}",
                self.text
            );
        }
    }

    /// Asserts a 400 `invalid_parameter` whose `fields` name the parameter `name` alone: a value
    /// of the wrong type, or not one of an enum's values.
    #[track_caller]
    pub fn invalid_parameter(&self, name: &str) {
        self.error(400, "invalid_parameter");
        let fields = self.body["fields"]
            .as_object()
            .unwrap_or_else(|| panic!("a bad parameter is named in fields: {}", self.text));
        assert_eq!(
            fields.keys().collect::<Vec<_>>(),
            [name],
            "fields; body: {}",
            self.text
        );
        assert!(
            fields[name]
                .as_array()
                .is_some_and(|m| !m.is_empty()
                    && m.iter().all(|m| m.as_str().is_some_and(|m| !m.is_empty()))),
            "the parameter has messages: {}",
            self.text
        );
    }
}

/// Shorthands on poem's test request builder.
pub trait Call: Sized {
    fn bearer(self, token: &str) -> Self;
    fn store(self, id: impl Display) -> Self;
    fn reply(self) -> impl Future<Output = Reply>;
}

impl<E: Endpoint> Call for TestRequestBuilder<'_, E> {
    fn bearer(self, token: &str) -> Self {
        self.header(header::AUTHORIZATION, format!("Bearer {token}"))
    }

    fn store(self, id: impl Display) -> Self {
        self.header("X-Store-Id", id.to_string())
    }

    async fn reply(self) -> Reply {
        let response = self.send().await.0;
        let status = response.status();
        let headers = response.headers().clone();
        let text = response
            .into_body()
            .into_string()
            .await
            .expect("the body is UTF-8");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            text,
            body,
        }
    }
}
