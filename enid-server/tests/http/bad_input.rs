//! Whatever arrives — broken JSON, wrong types, missing or extra fields, huge or streamed bodies,
//! other media types, unknown routes and methods — the answer is a JSON 4xx, never a 500, and a
//! refused request changes nothing.

use poem::Body;
use poem::http::{HeaderValue, Method, header};
use serde_json::{Value, json};

use enid_core::auth::Email;
use enid_core::stores::Role;
use enid_server::HttpConfig;

use crate::support::{
    App, Backend, Call, Reply, Setup, TestUser, Tokens, fake_name, fake_password, on_every_backend,
    unique_email,
};

on_every_backend!(
    malformed_json_is_400_everywhere,
    wrong_json_types_are_400,
    missing_and_unknown_fields_are_400,
    every_bad_field_is_named_at_once,
    duplicate_keys_are_refused,
    empty_strings_are_field_errors,
    oversized_bodies_are_413,
    other_media_types_are_415,
    unknown_routes_and_methods_are_json,
    every_path_works_with_and_without_the_trailing_slash,
    odd_headers_are_rejected_cleanly,
);

/// The operations that take a JSON body, each with a valid body.
fn json_operations(tokens: &Tokens, member: i64) -> Vec<(Method, String, Value)> {
    vec![
        (
            Method::POST,
            "/login/".into(),
            json!({"email": unique_email(), "password": fake_password()}),
        ),
        (
            Method::POST,
            "/login/signup/".into(),
            json!({"email": unique_email(), "name": fake_name(), "password": fake_password()}),
        ),
        (
            Method::POST,
            "/login/refresh-token/".into(),
            json!({"refresh_token": tokens.refresh}),
        ),
        (
            Method::POST,
            "/logout/".into(),
            json!({"refresh_token": tokens.refresh}),
        ),
        (
            Method::PATCH,
            "/user/profile/".into(),
            json!({"name": "Changed"}),
        ),
        (
            Method::POST,
            "/user/".into(),
            json!({"email": unique_email(), "name": fake_name(), "password": fake_password(), "role": "staff"}),
        ),
        (
            Method::PATCH,
            format!("/user/{member}/"),
            json!({"name": "Changed", "role": "admin"}),
        ),
        (
            Method::POST,
            "/store/".into(),
            json!({"name": "Changed Store"}),
        ),
        (
            Method::PATCH,
            "/store/1/".into(),
            json!({"name": "Changed Store", "is_active": false}),
        ),
    ]
}

/// A superuser's session, a member, and a snapshot of what bad input must not change.
struct World {
    root: TestUser,
    tokens: Tokens,
    member: TestUser,
    users: i64,
    stores: i64,
}

impl World {
    async fn new(app: &App) -> Self {
        let root = app.superuser().await;
        let tokens = app.login(&root).await;
        let member = app.user(Some((1, Role::Customer))).await;
        Self {
            users: app.user_count().await,
            stores: app.store_count().await,
            root,
            tokens,
            member,
        }
    }

    /// Nothing changed: same users and stores, names, roles, and the session still works.
    async fn unchanged(&self, app: &App) {
        assert_eq!(app.user_count().await, self.users, "no user was added");
        assert_eq!(app.store_count().await, self.stores, "no store was added");
        let storage = app.enid.storage();
        let (root, _) = storage
            .user_credentials(&Email::parse(&self.root.email).unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(root.name, self.root.user.name);
        let member = storage.member(1, self.member.id()).await.unwrap().unwrap();
        assert_eq!(
            (member.role, member.is_active, member.user.name.as_str()),
            (Role::Customer, true, self.member.user.name.as_str())
        );
        let store = storage.store(1).await.unwrap().unwrap();
        assert_eq!(
            (store.name.as_str(), store.is_active),
            ("Enid Service", true)
        );
        assert_eq!(app.profile_status(&self.tokens.access).await, 200);
        // The refresh token was neither used nor revoked.
        let (session, _) = storage
            .refresh_token_owner(&enid_core::auth::hash_refresh_token(&self.tokens.refresh))
            .await
            .unwrap()
            .unwrap();
        assert!(
            storage
                .principal(self.root.id(), session)
                .await
                .unwrap()
                .is_some()
        );
    }
}

async fn send(
    app: &App,
    method: Method,
    path: &str,
    tokens: &Tokens,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> Reply {
    let mut request = app.cli.request(method, path).bearer(&tokens.access);
    if let Some(content_type) = content_type {
        request = request.content_type(content_type);
    }
    request.body(body.into()).reply().await
}

#[track_caller]
fn assert_4xx(reply: &Reply, what: &str) {
    assert!(
        reply.status.is_client_error(),
        "{what}: {} {}",
        reply.status,
        reply.text
    );
    reply.error(
        reply.status.as_u16(),
        reply.body["code"].as_str().unwrap_or("<no code>"),
    );
}

async fn malformed_json_is_400_everywhere(backend: Backend) {
    let app = App::new(&backend).await;
    let world = World::new(&app).await;
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let bodies: Vec<Vec<u8>> = vec![
        br#"{"email": "a@b.mx","#.to_vec(),
        b"not json at all".to_vec(),
        br#"{'email': 'single@quotes.mx'}"#.to_vec(),
        br#"{"name": "x"}}"#.to_vec(),
        br#"{"name": "x"} {"name": "y"}"#.to_vec(),
        b"\xff\xfe{\"name\": \"\xff\"}".to_vec(),
        b"{\"name\": \"bad \\ud800 surrogate\"}".to_vec(),
        deep.into_bytes(),
    ];
    for (method, path, _) in json_operations(&world.tokens, world.member.id()) {
        for body in &bodies {
            let reply = send(
                &app,
                method.clone(),
                &path,
                &world.tokens,
                Some("application/json"),
                body.clone(),
            )
            .await;
            assert_eq!(reply.status, 400, "{method} {path}: {}", reply.text);
            reply.error(400, "invalid_body");
        }
    }
    world.unchanged(&app).await;
}

async fn wrong_json_types_are_400(backend: Backend) {
    let app = App::new(&backend).await;
    let world = World::new(&app).await;
    for (method, path, valid) in json_operations(&world.tokens, world.member.id()) {
        // A body that is no object at all is a bad body.
        for body in [
            json!(null),
            json!([]),
            json!([valid.clone()]),
            json!("a string"),
            json!(42),
            json!(true),
        ] {
            let reply = app
                .cli
                .request(method.clone(), &path)
                .bearer(&world.tokens.access)
                .body_json(&body)
                .reply()
                .await;
            reply.error(400, "invalid_body");
        }
        // Each field in turn with a number, an array, an object and a boolean (or a string,
        // for the booleans) is a field error naming that field.
        for field in valid.as_object().unwrap().keys() {
            let mut wrongs = vec![json!(12345), json!(["x"]), json!({"x": 1})];
            wrongs.push(if valid[field].is_boolean() {
                json!("false")
            } else {
                json!(false)
            });
            for wrong in wrongs {
                let mut body = valid.clone();
                body[field] = wrong;
                let reply = app
                    .cli
                    .request(method.clone(), &path)
                    .bearer(&world.tokens.access)
                    .body_json(&body)
                    .reply()
                    .await;
                assert_eq!(reply.status, 400, "{method} {path} {body}: {}", reply.text);
                reply.invalid_fields(&[field]);
            }
        }
    }
    // Empty bodies are missing bodies.
    for (method, path, _) in json_operations(&world.tokens, world.member.id()) {
        let reply = send(
            &app,
            method.clone(),
            &path,
            &world.tokens,
            Some("application/json"),
            "",
        )
        .await;
        assert_eq!(reply.status, 400, "{method} {path}: {}", reply.text);
        reply.error(400, "invalid_body");
    }
    world.unchanged(&app).await;
}

async fn missing_and_unknown_fields_are_400(backend: Backend) {
    let app = App::new(&backend).await;
    let world = World::new(&app).await;
    for (method, path, valid) in json_operations(&world.tokens, world.member.id()) {
        // Sneaking in fields that exist elsewhere (or not at all) is refused.
        for extra in ["is_superuser", "role", "id", "password_hash", "unknown"] {
            if valid.get(extra).is_some() {
                continue;
            }
            let mut body = valid.clone();
            body[extra] = json!(true);
            let reply = app
                .cli
                .request(method.clone(), &path)
                .bearer(&world.tokens.access)
                .body_json(&body)
                .reply()
                .await;
            assert_eq!(
                reply.status, 400,
                "{method} {path} +{extra}: {}",
                reply.text
            );
            reply.invalid_fields(&[extra]);
            assert_eq!(reply.body["fields"][extra], json!(["Unknown field."]));
        }
    }
    // Each required field left out in turn.
    for (path, body) in [
        (
            "/login/",
            json!({"email": unique_email(), "password": fake_password()}),
        ),
        (
            "/login/signup/",
            json!({"email": unique_email(), "name": fake_name(), "password": fake_password()}),
        ),
        (
            "/login/refresh-token/",
            json!({"refresh_token": world.tokens.refresh}),
        ),
        (
            "/user/",
            json!({"email": unique_email(), "name": fake_name(), "password": fake_password(), "role": "staff"}),
        ),
        ("/store/", json!({"name": "Sin Nombre"})),
    ] {
        for field in body.as_object().unwrap().keys() {
            let mut partial = body.clone();
            partial.as_object_mut().unwrap().remove(field);
            let reply = app
                .post(path)
                .bearer(&world.tokens.access)
                .body_json(&partial)
                .reply()
                .await;
            assert_eq!(reply.status, 400, "{path} without {field}: {}", reply.text);
            reply.invalid_fields(&[field]);
            assert_eq!(
                reply.body["fields"][field],
                json!(["This field is required."])
            );
        }
        let mut null_field = body.clone();
        let first = body.as_object().unwrap().keys().next().unwrap().clone();
        null_field[&first] = Value::Null;
        let reply = app
            .post(path)
            .bearer(&world.tokens.access)
            .body_json(&null_field)
            .reply()
            .await;
        reply.invalid_fields(&[&first]);
        assert_eq!(
            reply.body["fields"][&first],
            json!(["This field may not be null."])
        );
    }
    let superusers = app
        .enid
        .storage()
        .list_members(1, &Default::default(), Default::default())
        .await
        .unwrap()
        .items
        .iter()
        .filter(|m| m.user.is_superuser)
        .count();
    assert_eq!(superusers, 0, "no one became a superuser");
    world.unchanged(&app).await;
}

/// A field and the one message it is expected to have.
type FieldMessage = (&'static str, &'static str);

/// Across domains, a body of the right shape but with missing, null or wrongly typed fields names
/// each of them, nested ones by their path, in one answer.
async fn every_bad_field_is_named_at_once(backend: Backend) {
    let app = App::new(&backend).await;
    let world = World::new(&app).await;
    let cases: [(&str, Value, &[FieldMessage]); 8] = [
        (
            "/login/",
            json!({"email": unique_email()}),
            &[("password", "This field is required.")],
        ),
        (
            "/login/signup/",
            json!({"email": unique_email(), "password": fake_password()}),
            &[("name", "This field is required.")],
        ),
        (
            "/lead/existence/",
            json!({"lead_type": 1, "phone_number": null}),
            &[
                ("email", "This field is required."),
                ("name", "This field is required."),
            ],
        ),
        (
            "/lead/existence/",
            json!({"name": null, "email": 7, "lead_type": "1", "products_interest": [1, "2"]}),
            &[
                ("email", "Not a valid string."),
                ("lead_type", "A valid integer is required."),
                ("name", "This field may not be null."),
                ("products_interest[1]", "A valid integer is required."),
            ],
        ),
        (
            "/warehouses/",
            json!({"address": "Calle 5", "is_active": "yes"}),
            &[
                ("is_active", "Must be a valid boolean."),
                ("name", "This field is required."),
            ],
        ),
        ("/store/", json!({}), &[("name", "This field is required.")]),
        (
            "/user/",
            json!({"email": unique_email(), "name": fake_name(), "password": fake_password(), "role": "boss"}),
            &[("role", "Must be one of admin, staff, viewer, customer.")],
        ),
        (
            "/page-analytics/page-access/batch/",
            json!({"events": [{"page_url": "/a"}, {"section": "x"}, {"page_url": "/c", "scroll_depth": "10"}]}),
            &[
                ("events[1].page_url", "This field is required."),
                ("events[2].scroll_depth", "A valid integer is required."),
            ],
        ),
    ];
    for (path, body, expected) in cases {
        let reply = app
            .post(path)
            .bearer(&world.tokens.access)
            .body_json(&body)
            .reply()
            .await;
        let names: Vec<&str> = expected.iter().map(|(field, _)| *field).collect();
        reply.invalid_fields(&names);
        for (field, message) in expected {
            assert_eq!(
                reply.body["fields"][field],
                json!([message]),
                "{path} {body}: {}",
                reply.text
            );
        }
    }
    let storage = app.enid.storage();
    let page = enid_core::pagination::PageRequest::default();
    assert_eq!(
        storage.list_warehouses(1, None, page).await.unwrap().count,
        0,
        "no warehouse was stored"
    );
    world.unchanged(&app).await;
}

/// An object naming a key twice is refused wherever it is: a proxy that reads the first key must
/// never see another request than Enid does.
async fn duplicate_keys_are_refused(backend: Backend) {
    let app = App::new(&backend).await;
    let world = World::new(&app).await;
    // The second email is the superuser's, with the right password: it must not log in.
    let login = format!(
        r#"{{"email":"nobody@example.com","email":"{}","password":"{}"}}"#,
        world.root.email, world.root.password
    );
    let reply = send(
        &app,
        Method::POST,
        "/login/",
        &world.tokens,
        Some("application/json"),
        login,
    )
    .await;
    reply.error(400, "invalid_body");
    assert!(
        reply.body["detail"]
            .as_str()
            .unwrap()
            .contains("duplicate key \"email\""),
        "{}",
        reply.text
    );
    for (method, path, valid) in json_operations(&world.tokens, world.member.id()) {
        let text = valid.to_string();
        let (first_key, _) = valid.as_object().unwrap().iter().next().unwrap();
        // The first key once more, at the end of the object.
        let doubled = format!(
            "{},\"{first_key}\":{}}}",
            &text[..text.len() - 1],
            valid[first_key]
        );
        let reply = send(
            &app,
            method.clone(),
            &path,
            &world.tokens,
            Some("application/json"),
            doubled,
        )
        .await;
        assert_eq!(reply.status, 400, "{method} {path}: {}", reply.text);
        reply.error(400, "invalid_body");
    }
    // Nested objects too.
    let reply = send(
        &app,
        Method::POST,
        "/page-analytics/page-access/",
        &world.tokens,
        Some("application/json"),
        r#"{"page_url":"/a","metadata":{"event_type":"purchase","event_type":"page_view"}}"#,
    )
    .await;
    reply.error(400, "invalid_body");
    world.unchanged(&app).await;
}

async fn empty_strings_are_field_errors(backend: Backend) {
    let app = App::new(&backend).await;
    let world = World::new(&app).await;
    let access = &world.tokens.access;
    for (method, path, body, fields) in [
        (
            Method::POST,
            "/login/signup/".to_owned(),
            json!({"email": "", "name": "", "password": ""}),
            vec!["email", "name", "password"],
        ),
        (
            Method::POST,
            "/login/".to_owned(),
            json!({"email": "", "password": ""}),
            vec!["email", "password"],
        ),
        (
            Method::POST,
            "/user/".to_owned(),
            json!({"email": "", "name": "", "password": "", "role": ""}),
            vec!["email", "name", "password", "role"],
        ),
        (
            Method::POST,
            "/store/".to_owned(),
            json!({"name": ""}),
            vec!["name"],
        ),
        (
            Method::PATCH,
            "/store/1/".to_owned(),
            json!({"name": " \t "}),
            vec!["name"],
        ),
        (
            Method::PATCH,
            "/user/profile/".to_owned(),
            json!({"name": ""}),
            vec!["name"],
        ),
        (
            Method::PATCH,
            "/user/profile/".to_owned(),
            json!({"current_password": "", "new_password": ""}),
            vec!["new_password"],
        ),
        (
            Method::PATCH,
            format!("/user/{}/", world.member.id()),
            json!({"name": ""}),
            vec!["name"],
        ),
    ] {
        let reply = app
            .cli
            .request(method.clone(), &path)
            .bearer(access)
            .body_json(&body)
            .reply()
            .await;
        assert_eq!(reply.status, 400, "{method} {path}: {}", reply.text);
        reply.invalid_fields(&fields);
    }
    // An empty refresh token is simply not a valid one.
    app.post("/login/refresh-token/")
        .body_json(&json!({"refresh_token": ""}))
        .reply()
        .await
        .error(401, "token_not_valid");
    world.unchanged(&app).await;
}

/// A body of `size` bytes that looks like the start of a signup.
fn big_body(size: usize) -> Vec<u8> {
    let mut body = br#"{"email": "big@example.mx", "name": ""#.to_vec();
    body.resize(size, b'a');
    body
}

async fn oversized_bodies_are_413(backend: Backend) {
    let app = App::new(&backend).await;
    let world = World::new(&app).await;
    let ten_mb = 10 * 1024 * 1024;
    for (method, path, _) in json_operations(&world.tokens, world.member.id()) {
        // Announced by Content-Length.
        let reply = app
            .cli
            .request(method.clone(), &path)
            .bearer(&world.tokens.access)
            .content_type("application/json")
            .header(header::CONTENT_LENGTH, ten_mb.to_string())
            .body(big_body(ten_mb))
            .reply()
            .await;
        assert_eq!(reply.status, 413, "{method} {path}: {}", reply.text);
        reply.error(413, "payload_too_large");

        // Streamed without a length (chunked).
        let chunks = (0..160).map(|_| Ok::<_, std::io::Error>(vec![b' '; 64 * 1024]));
        let reply = app
            .cli
            .request(method.clone(), &path)
            .bearer(&world.tokens.access)
            .content_type("application/json")
            .body(Body::from_bytes_stream(futures::stream::iter(chunks)))
            .reply()
            .await;
        assert_eq!(
            reply.status, 413,
            "{method} {path} (chunked): {}",
            reply.text
        );
        reply.error(413, "payload_too_large");
    }
    // The size is judged before anything else, the media type included.
    let reply = app
        .post("/login/signup/")
        .content_type("text/plain")
        .header(header::CONTENT_LENGTH, ten_mb.to_string())
        .body(big_body(ten_mb))
        .reply()
        .await;
    reply.error(413, "payload_too_large");
    world.unchanged(&app).await;

    // The limit is the configured one; just under it is parsed as usual.
    let app = App::with(
        &backend,
        Setup {
            http: HttpConfig {
                max_body_bytes: 2048,
                ..HttpConfig::default()
            },
            ..Setup::default()
        },
    )
    .await;
    let reply = app
        .post("/login/signup/")
        .content_type("application/json")
        .body(big_body(2049))
        .reply()
        .await;
    reply.error(413, "payload_too_large");
    let name = "n".repeat(150);
    let body = json!({"email": unique_email(), "name": name, "password": "p".repeat(256)});
    let text = body.to_string();
    assert!(text.len() < 2048);
    let reply = app
        .post("/login/signup/")
        .header(header::CONTENT_LENGTH, text.len().to_string())
        .content_type("application/json")
        .body(text)
        .reply()
        .await;
    assert_eq!(reply.ok(201)["user"]["name"], name);
    assert_eq!(app.user_count().await, 1);
}

async fn other_media_types_are_415(backend: Backend) {
    let app = App::new(&backend).await;
    let world = World::new(&app).await;
    for (method, path, valid) in json_operations(&world.tokens, world.member.id()) {
        for content_type in [
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
            Some("multipart/form-data; boundary=x"),
            Some("application/xml"),
            Some("not a media type"),
            None,
        ] {
            let reply = send(
                &app,
                method.clone(),
                &path,
                &world.tokens,
                content_type,
                valid.to_string(),
            )
            .await;
            assert_eq!(
                reply.status, 415,
                "{method} {path} {content_type:?}: {}",
                reply.text
            );
            reply.error(415, "unsupported_media_type");
        }
    }
    world.unchanged(&app).await;

    // JSON with parameters is JSON.
    let reply = app
        .patch("/user/profile/")
        .bearer(&world.tokens.access)
        .content_type("application/json; charset=utf-8")
        .body(json!({"name": "Con Charset"}).to_string())
        .reply()
        .await;
    assert_eq!(reply.ok(200)["name"], "Con Charset");
}

async fn unknown_routes_and_methods_are_json(backend: Backend) {
    let app = App::new(&backend).await;
    let world = World::new(&app).await;
    for path in [
        "/nope",
        "/nope/",
        "/user/profile/extra/",
        "/login/signup/x",
        "/api/login/",
        "/store/1/members/",
        "/%2e%2e/etc/passwd",
        "/user/profile/..",
    ] {
        for method in [Method::GET, Method::POST] {
            let reply = app
                .cli
                .request(method.clone(), path)
                .bearer(&world.tokens.access)
                .reply()
                .await;
            assert_eq!(reply.status, 404, "{method} {path}: {}", reply.text);
            reply.error(404, "not_found");
        }
    }
    for path in ["//", "///"] {
        let reply = app.get(path).reply().await;
        assert_4xx(&reply, path);
    }
    for (method, path) in [
        (Method::DELETE, "/user/profile/"),
        (Method::PUT, "/user/profile"),
        (Method::GET, "/login/"),
        (Method::PUT, "/login/signup/"),
        (Method::GET, "/logout/"),
        (Method::DELETE, "/store/1/"),
        (Method::DELETE, "/user/1/"),
        (Method::POST, "/health/live"),
        (Method::POST, "/feature/"),
        (Method::POST, "/openapi.json"),
        (Method::DELETE, "/metrics"),
    ] {
        let reply = app
            .cli
            .request(method.clone(), path)
            .bearer(&world.tokens.access)
            .reply()
            .await;
        assert_eq!(reply.status, 405, "{method} {path}: {}", reply.text);
        reply.error(405, "method_not_allowed");
    }
    world.unchanged(&app).await;
}

async fn every_path_works_with_and_without_the_trailing_slash(backend: Backend) {
    let app = App::new(&backend).await;
    let root = app.superuser().await;
    let member = app.user(Some((1, Role::Customer))).await;
    let tokens = app.login(&root).await;
    let member_path = format!("/user/{}/", member.id());
    let operations: Vec<(Method, &str, Option<Value>, u16)> = vec![
        (Method::GET, "/health/live", None, 200),
        (Method::GET, "/health/ready", None, 200),
        (Method::GET, "/metrics", None, 200),
        (Method::GET, "/openapi.json", None, 200),
        (Method::GET, "/docs", None, 200),
        (Method::POST, "/login/", Some(root.credentials()), 200),
        (Method::POST, "/login/signup/", None, 201),
        (
            Method::POST,
            "/login/refresh-token/",
            Some(json!({"refresh_token": "not-a-token"})),
            401,
        ),
        (Method::GET, "/user/profile/", None, 200),
        (Method::PATCH, "/user/profile/", Some(json!({})), 200),
        (Method::GET, "/user/", None, 200),
        (Method::POST, "/user/", Some(json!({})), 400),
        (Method::PATCH, &member_path, Some(json!({})), 200),
        (Method::GET, "/store/", None, 200),
        (
            Method::POST,
            "/store/",
            Some(json!({"name": "Con o sin barra"})),
            201,
        ),
        (Method::GET, "/store/1/", None, 200),
        (Method::PATCH, "/store/1/", Some(json!({})), 200),
        (Method::GET, "/feature/", None, 200),
        (Method::POST, "/logout/", Some(json!({})), 204),
    ];
    for (method, path, body, status) in operations {
        let with_slash = if path.ends_with('/') {
            path.to_owned()
        } else {
            format!("{path}/")
        };
        let without = with_slash.trim_end_matches('/').to_owned();
        for path in [with_slash, without] {
            // Each logout needs its own session.
            let access = if method == Method::POST && path.starts_with("/logout") {
                app.login(&root).await.access
            } else {
                tokens.access.clone()
            };
            let mut request = app.cli.request(method.clone(), &path).bearer(&access);
            request = match (&body, path.starts_with("/login/signup")) {
                (_, true) => request.body_json(&json!({
                    "email": unique_email(), "name": fake_name(), "password": fake_password()
                })),
                (Some(body), _) => request.body_json(body),
                (None, _) => request,
            };
            let reply = request.reply().await;
            assert_eq!(reply.status, status, "{method} {path}: {}", reply.text);
            if status >= 400 {
                assert_ne!(reply.body["code"], "not_found", "{method} {path}");
            }
        }
    }
    // Both store creations and both signups happened; the slugs tell them apart.
    let stores = app.store_count().await;
    assert_eq!(stores, 3);
    assert_eq!(app.user_count().await, 4);
}

async fn odd_headers_are_rejected_cleanly(backend: Backend) {
    let app = App::new(&backend).await;
    let world = World::new(&app).await;
    let reply = app
        .get("/user/profile/")
        .header(
            header::AUTHORIZATION,
            HeaderValue::from_bytes(b"Bearer \xff\xfe\xfd").unwrap(),
        )
        .reply()
        .await;
    assert_eq!(reply.status, 401, "{}", reply.text);
    assert_4xx(&reply, "non-ASCII token");
    let reply = app
        .get("/feature/")
        .bearer(&world.tokens.access)
        .header("X-Store-Id", HeaderValue::from_bytes(b"\xff1").unwrap())
        .reply()
        .await;
    reply.error(400, "invalid_parameter");
    let long_token = "a".repeat(100_000);
    let reply = app.get("/user/profile/").bearer(&long_token).reply().await;
    reply.error(401, "token_not_valid");
    world.unchanged(&app).await;
}
