//! Headers every answer carries, `Allow` on 405, CORS refusals as JSON, and late request bodies.
//! (Connection deadlines need real sockets: see the black-box `connections` tests.)

use std::collections::BTreeSet;
use std::time::Duration;

use base64::Engine;
use poem::Body;
use poem::http::Method;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use enid_core::stores::Role;
use enid_server::HttpConfig;

use crate::support::{App, Backend, Call, Reply, Setup, fake_name, on_every_backend, unique_email};

on_every_backend!(
    token_answers_are_never_stored,
    every_answer_forbids_content_sniffing,
    the_docs_page_runs_only_its_own_inline_code_and_is_never_framed,
    method_not_allowed_names_the_methods_the_path_serves,
    a_refused_origin_gets_a_json_error_and_allowed_answers_vary_on_origin,
    a_body_that_stops_arriving_is_answered_408,
);

#[track_caller]
fn assert_header(reply: &Reply, name: &str, expected: &str) {
    assert_eq!(reply.header(name), Some(expected), "{name}: {reply:?}");
}

async fn token_answers_are_never_stored(backend: Backend) {
    let app = App::new(&backend).await;
    let user = app.user(Some((1, Role::Customer))).await;

    let login = app
        .post("/login/")
        .body_json(&user.credentials())
        .reply()
        .await;
    login.ok(200);
    assert_header(&login, "cache-control", "no-store");
    let refresh_token = login.body["refresh_token"].as_str().unwrap();

    let refreshed = app
        .post("/login/refresh-token")
        .body_json(&json!({"refresh_token": refresh_token}))
        .reply()
        .await;
    refreshed.ok(200);
    assert!(refreshed.body["access_token"].is_string());
    assert_header(&refreshed, "cache-control", "no-store");

    let email = unique_email();
    let signup = app
        .post("/login/signup/")
        .body_json(&json!({"email": email, "name": fake_name(), "password": "a-long-password-1"}))
        .reply()
        .await;
    signup.ok(201);
    assert_header(&signup, "cache-control", "no-store");

    // Their refusals too.
    let wrong = app
        .post("/login/")
        .body_json(&json!({"email": user.email, "password": "not-the-password"}))
        .reply()
        .await;
    wrong.error(401, "invalid_credentials");
    assert_header(&wrong, "cache-control", "no-store");

    // Other answers keep their own caching.
    let tokens = app.login(&user).await;
    let profile = app
        .get("/user/profile/")
        .bearer(&tokens.access)
        .reply()
        .await;
    profile.ok(200);
    assert_eq!(profile.header("cache-control"), None);
}

async fn every_answer_forbids_content_sniffing(backend: Backend) {
    let app = App::new(&backend).await;
    let replies = [
        app.get("/health/live").reply().await,
        app.get("/metrics").reply().await,
        app.get("/openapi.json").reply().await,
        app.get("/docs").reply().await,
        app.get("/nope/").reply().await,
        app.get("/user/profile/").reply().await,
        app.cli.delete("/login/").reply().await,
        app.post("/login/")
            .content_type("application/json")
            .body("{")
            .reply()
            .await,
        app.get("/health/live")
            .header("X-Store-Id", "1")
            .header("X-Store-Id", "2")
            .reply()
            .await,
    ];
    let statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(statuses, [200, 200, 200, 200, 404, 401, 405, 400, 400]);
    for reply in &replies {
        assert_header(reply, "x-content-type-options", "nosniff");
    }
    let nested = app.nested("/api/v1");
    let reply = nested.get("/api/v1/nope").reply().await;
    reply.error(404, "not_found");
    assert_header(&reply, "x-content-type-options", "nosniff");
}

/// The `'sha256-...'` source of an inline element's content.
fn hash_source(content: &str) -> String {
    let digest = Sha256::digest(content.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The directive `name` of a policy, split into its sources.
fn directive<'a>(policy: &'a str, name: &str) -> Vec<&'a str> {
    policy
        .split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix(name)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("{name} in {policy}"))
        .split_whitespace()
        .collect()
}

async fn the_docs_page_runs_only_its_own_inline_code_and_is_never_framed(backend: Backend) {
    let app = App::new(&backend).await;
    let mut policies = Vec::new();
    for (client, path) in [(&app.cli, "/docs"), (&app.nested("/shop"), "/shop/docs")] {
        let reply = client.get(path).reply().await;
        assert_eq!(reply.status, 200);
        assert_header(&reply, "x-frame-options", "DENY");
        let policy = reply
            .header("content-security-policy")
            .expect("a content policy")
            .to_owned();
        assert!(!policy.contains("unsafe"), "{policy}");
        assert!(!policy.contains('*'), "{policy}");
        assert_eq!(directive(&policy, "default-src"), ["'none'"]);
        assert_eq!(directive(&policy, "frame-ancestors"), ["'none'"]);
        assert_eq!(directive(&policy, "connect-src"), ["'self'"]);

        // The page's three inline elements, and nothing else, may run.
        let page = &reply.text;
        let between = |from: usize, open: &str, close: &str| {
            let start = from + page[from..].find(open).unwrap() + open.len();
            let length = page[start..].find(close).unwrap();
            (page[start..start + length].to_owned(), start + length)
        };
        let (style, _) = between(0, "<style charset=\"UTF-8\">", "</style>");
        let (bundle, end) = between(0, "<script charset=\"UTF-8\">", "</script>");
        let (init, _) = between(end, "<script>", "</script>");
        assert!(init.contains("SwaggerUIBundle("), "{init}");
        assert!(bundle.len() > 100_000);
        assert_eq!(directive(&policy, "style-src"), [hash_source(&style)]);
        assert_eq!(
            directive(&policy, "script-src"),
            [hash_source(&bundle), hash_source(&init)]
        );
        policies.push(policy);
    }
    // The spec in the page names the mount prefix, so its hash differs.
    assert_ne!(policies[0], policies[1]);
}

/// The methods the served spec documents for `path`, plus HEAD where GET is served.
fn documented_methods(spec: &Value, path: &str) -> BTreeSet<String> {
    let mut methods: BTreeSet<String> = spec["paths"][path]
        .as_object()
        .unwrap_or_else(|| panic!("{path} is documented"))
        .keys()
        .map(|m| m.to_ascii_uppercase())
        .collect();
    if methods.contains("GET") {
        methods.insert("HEAD".to_owned());
    }
    methods
}

async fn method_not_allowed_names_the_methods_the_path_serves(backend: Backend) {
    let app = App::new(&backend).await;
    let root = app.superuser().await;
    let tokens = app.login(&root).await;
    let spec = app.get("/openapi.json").reply().await.ok(200).clone();
    let get_only: BTreeSet<String> = ["GET", "HEAD"].map(str::to_owned).into();
    for (method, path, documented) in [
        (Method::DELETE, "/user/profile/", Some("/user/profile/")),
        (Method::PUT, "/user/profile", Some("/user/profile/")),
        (Method::GET, "/login/", Some("/login/")),
        (Method::PUT, "/login/signup/", Some("/login/signup/")),
        (Method::DELETE, "/store/999/", Some("/store/{id}/")),
        (Method::POST, "/user/424242", Some("/user/{id}/")),
        (Method::POST, "/health/live", Some("/health/live")),
        (Method::POST, "/openapi.json", None),
        (Method::DELETE, "/metrics", None),
        (Method::PUT, "/docs", None),
    ] {
        let reply = app
            .cli
            .request(method.clone(), path)
            .bearer(&tokens.access)
            .reply()
            .await;
        reply.error(405, "method_not_allowed");
        let allow: BTreeSet<String> = reply
            .header("allow")
            .unwrap_or_else(|| panic!("{method} {path}: no Allow"))
            .split(',')
            .map(|m| m.trim().to_owned())
            .collect();
        let expected = documented.map_or(get_only.clone(), |p| documented_methods(&spec, p));
        assert_eq!(allow, expected, "{method} {path}");
        // Every method named is served there.
        for allowed in &allow {
            let reply = app
                .cli
                .request(allowed.parse().unwrap(), path)
                .bearer(&tokens.access)
                .reply()
                .await;
            assert_ne!(
                reply.status, 405,
                "{allowed} {path} is allowed: {}",
                reply.text
            );
        }
    }
    // Not a 405: no Allow.
    let reply = app.get("/nope/").reply().await;
    reply.error(404, "not_found");
    assert_eq!(reply.header("allow"), None);
}

const SHOP: &str = "https://shop.example.mx";
const ELSEWHERE: &str = "https://elsewhere.example.com";

async fn a_refused_origin_gets_a_json_error_and_allowed_answers_vary_on_origin(backend: Backend) {
    let app = App::with(
        &backend,
        Setup {
            http: HttpConfig {
                cors_origins: vec![SHOP.to_owned()],
                ..HttpConfig::default()
            },
            ..Setup::default()
        },
    )
    .await;
    let users = app.user_count().await;

    // A simple request from another origin is refused, and does nothing.
    let refused = app
        .post("/login/signup/")
        .header("origin", ELSEWHERE)
        .body_json(
            &json!({"email": unique_email(), "name": fake_name(), "password": "a-long-password-1"}),
        )
        .reply()
        .await;
    refused.error(403, "cors_refused");
    assert_header(&refused, "x-content-type-options", "nosniff");
    assert_eq!(refused.header("access-control-allow-origin"), None);
    assert_eq!(app.user_count().await, users);

    // So is its preflight, and a preflight from the shop for a method or header it may not use.
    let preflight = |origin: &'static str, method: &'static str, headers: &'static str| {
        app.cli
            .options("/login/signup/")
            .header("origin", origin)
            .header("access-control-request-method", method)
            .header("access-control-request-headers", headers)
            .reply()
    };
    for reply in [
        preflight(ELSEWHERE, "POST", "content-type").await,
        preflight(SHOP, "TRACE", "content-type").await,
        preflight(SHOP, "POST", "x-secret-header").await,
    ] {
        reply.error(403, "cors_refused");
    }

    // The shop's requests are answered, and the answers vary on the origin.
    let allowed = preflight(SHOP, "POST", "content-type").await;
    assert_eq!(allowed.status, 200, "{}", allowed.text);
    assert_header(&allowed, "access-control-allow-origin", SHOP);
    assert_header(&allowed, "vary", "Origin");
    let signup = app
        .post("/login/signup/")
        .header("origin", SHOP)
        .body_json(
            &json!({"email": unique_email(), "name": fake_name(), "password": "a-long-password-1"}),
        )
        .reply()
        .await;
    signup.ok(201);
    assert_header(&signup, "access-control-allow-origin", SHOP);
    assert_header(&signup, "vary", "Origin");
    assert_eq!(app.user_count().await, users + 1);
    let missing = app.get("/nope/").header("origin", SHOP).reply().await;
    missing.error(404, "not_found");
    assert_header(&missing, "vary", "Origin");
    // Without an Origin the answer still varies on it, for caches.
    let plain = app.get("/health/live").reply().await;
    plain.ok(200);
    assert_header(&plain, "vary", "Origin");
}

/// A body that sends `start`, then nothing more.
fn stalled_body(start: &'static str) -> Body {
    let first = futures::stream::once(async move { Ok::<_, std::io::Error>(start.as_bytes()) });
    Body::from_bytes_stream(futures::StreamExt::chain(first, futures::stream::pending()))
}

async fn a_body_that_stops_arriving_is_answered_408(backend: Backend) {
    let app = App::with(
        &backend,
        Setup {
            http: HttpConfig {
                body_timeout: Duration::from_millis(300),
                ..HttpConfig::default()
            },
            ..Setup::default()
        },
    )
    .await;
    let users = app.user_count().await;
    let email = unique_email();
    // With a length (read by the operation) and without (read by the size limit).
    for length in [Some("200"), None] {
        let mut request = app
            .post("/login/signup/")
            .content_type("application/json")
            .body(stalled_body(r#"{"email": "#));
        if let Some(length) = length {
            request = request.header("content-length", length);
        }
        let reply = request.reply().await;
        reply.error(408, "request_timeout");
        assert_header(&reply, "connection", "close");
        assert_header(&reply, "x-content-type-options", "nosniff");
    }
    assert_eq!(app.user_count().await, users);

    // A body that arrives is unaffected.
    app.post("/login/signup/")
        .body_json(&json!({"email": email, "name": fake_name(), "password": "a-long-password-1"}))
        .reply()
        .await
        .ok(201);
    assert_eq!(app.user_count().await, users + 1);
}
