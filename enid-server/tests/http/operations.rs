//! Health probes, metrics, the OpenAPI document (also when nested under a prefix) and request ids.

use poem::test::TestClient;
use serde_json::{Value, json};

use enid_server::HttpConfig;

use enid_core::stores::Role;

use crate::support::{App, Backend, Call, on_every_backend};

on_every_backend!(
    health_probes_answer,
    metrics_count_requests_by_class,
    the_spec_names_the_mount_prefix,
    a_nested_endpoint_serves_everything_under_its_prefix,
    requests_built_in_process_still_get_working_links,
    responses_carry_a_request_id,
);

async fn health_probes_answer(backend: Backend) {
    let app = App::new(&backend).await;
    let reply = app.get("/health/live").reply().await;
    assert_eq!(reply.ok(200), &json!({"status": "ok"}));

    let reply = app.get("/health/ready").reply().await;
    let expected = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres(_) => "postgres",
    };
    assert_eq!(
        reply.ok(200),
        &json!({"status": "ok", "database": "ok", "backend": expected, "cache": "ok"})
    );
    assert_eq!(app.enid.storage().backend(), expected);
}

/// The value of one sample line of the Prometheus text.
fn sample(text: &str, name: &str) -> u64 {
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("{name} in\n{text}"))
        .parse()
        .unwrap()
}

async fn metrics_count_requests_by_class(backend: Backend) {
    let app = App::new(&backend).await;
    let ok = "enid_http_requests_total{class=\"2xx\"}";
    let client_error = "enid_http_requests_total{class=\"4xx\"}";
    let count = "enid_http_request_duration_seconds_count";

    let reply = app.get("/metrics").reply().await;
    assert_eq!(reply.status, 200);
    assert!(
        reply
            .header("content-type")
            .is_some_and(|ct| ct.starts_with("text/plain")),
        "{:?}",
        reply.header("content-type")
    );
    assert!(
        reply
            .text
            .contains("# TYPE enid_http_requests_total counter")
    );
    assert!(
        reply
            .text
            .contains("# TYPE enid_http_request_duration_seconds histogram")
    );
    let before = (
        sample(&reply.text, ok),
        sample(&reply.text, client_error),
        sample(&reply.text, count),
    );

    app.get("/health/live").reply().await.ok(200);
    app.get("/health/ready").reply().await.ok(200);
    app.get("/nope").reply().await.error(404, "not_found");
    app.get("/user/profile/")
        .reply()
        .await
        .error(401, "not_authenticated");

    let reply = app.get("/metrics").reply().await;
    // The first /metrics request itself was counted after it answered.
    assert_eq!(sample(&reply.text, ok), before.0 + 3, "{}", reply.text);
    assert_eq!(sample(&reply.text, client_error), before.1 + 2);
    assert_eq!(sample(&reply.text, count), before.2 + 5);
    assert_eq!(
        sample(
            &reply.text,
            "enid_http_request_duration_seconds_bucket{le=\"+Inf\"}"
        ),
        before.2 + 5
    );
    assert_eq!(
        sample(&reply.text, "enid_http_requests_in_flight"),
        1,
        "this one"
    );
}

async fn the_spec_names_the_mount_prefix(backend: Backend) {
    let app = App::new(&backend).await;
    let reply = app.get("/openapi.json").reply().await;
    let spec = reply.ok(200);
    assert!(
        reply
            .header("content-type")
            .is_some_and(|ct| ct.starts_with("application/json"))
    );
    assert_eq!(spec["servers"][0]["url"], "/");
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    let paths = spec["paths"].as_object().unwrap();
    for path in [
        "/login/",
        "/login/signup/",
        "/login/refresh-token/",
        "/logout/",
        "/user/profile/",
        "/user/",
        "/user/{id}/",
        "/store/",
        "/store/{id}/",
        "/feature/",
        "/health/live",
        "/health/ready",
    ] {
        assert!(paths.contains_key(path), "{path} in {:?}", paths.keys());
    }
    assert_eq!(
        spec,
        &serde_json::from_str::<Value>(&enid_server::spec_json()).unwrap(),
        "the served spec is the exported one"
    );

    for prefix in ["/enid", "/api/v1"] {
        let cli = app.nested(prefix);
        for path in ["openapi.json", "openapi.json/"] {
            let reply = cli.get(format!("{prefix}/{path}")).reply().await;
            assert_eq!(
                reply.ok(200)["servers"][0]["url"],
                prefix,
                "{prefix}/{path}"
            );
        }
        let reply = cli.get(format!("{prefix}/docs")).reply().await;
        assert_eq!(reply.status, 200);
        assert!(
            reply.text.contains(prefix),
            "the docs page knows the prefix"
        );
    }
}

async fn a_nested_endpoint_serves_everything_under_its_prefix(backend: Backend) {
    let app = App::new(&backend).await;
    let admin = app.user(Some((1, Role::Admin))).await;
    for name in ["Uno", "Dos", "Tres"] {
        app.bulk_member(name, 1, Role::Customer).await;
    }
    let cli = app.nested("/enid");

    let reply = cli
        .post("/enid/login/")
        .body_json(&admin.credentials())
        .reply()
        .await;
    let access = reply.ok(200)["access_token"].as_str().unwrap().to_owned();
    for path in ["/enid/user/profile/", "/enid/user/profile"] {
        let reply = cli.get(path).bearer(&access).reply().await;
        let body = reply.ok(200);
        assert_eq!(
            (&body["id"], &body["profile"]),
            (&json!(admin.id()), &json!("admin"))
        );
    }
    // Page links keep the prefix, so clients can follow them as they are.
    let reply = cli
        .get("/enid/user/?page_size=2")
        .bearer(&access)
        .reply()
        .await;
    let next = reply.ok(200)["next"].as_str().unwrap().to_owned();
    assert!(next.starts_with("/enid/user/?"), "{next}");
    let reply = cli.get(&next).bearer(&access).reply().await;
    assert_eq!(reply.ok(200)["results"].as_array().unwrap().len(), 2);

    // Outside the prefix there is nothing of Enid's; inside, errors are still Enid's JSON.
    let reply = cli.get("/user/profile/").bearer(&access).reply().await;
    assert_eq!(reply.status, 404);
    cli.get("/enid/nope/").reply().await.error(404, "not_found");
    cli.get("/enid/user/profile/")
        .reply()
        .await
        .error(401, "not_authenticated");
}

async fn responses_carry_a_request_id(backend: Backend) {
    let app = App::new(&backend).await;
    let generated: Vec<String> = [
        app.get("/health/live").reply().await,
        app.get("/nope").reply().await,
        app.get("/user/profile/").reply().await,
        app.post("/login/").body("{").reply().await,
    ]
    .iter()
    .map(|reply| {
        let id = reply
            .header("x-request-id")
            .expect("every response has an id");
        assert!(
            !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric()),
            "{id}"
        );
        id.to_owned()
    })
    .collect();
    let mut unique = generated.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        generated.len(),
        "each request gets its own id"
    );

    // A sane incoming id is kept; anything else is replaced.
    let reply = app
        .get("/health/live")
        .header("X-Request-Id", "edge-7f3a-0001")
        .reply()
        .await;
    assert_eq!(reply.header("x-request-id"), Some("edge-7f3a-0001"));
    let reply = app
        .get("/nope")
        .header("X-Request-Id", "edge-7f3a-0002")
        .reply()
        .await;
    assert_eq!(reply.header("x-request-id"), Some("edge-7f3a-0002"));
    let too_long = "a".repeat(65);
    for insane in [
        "has spaces in it",
        "semi;colon",
        "<script>",
        too_long.as_str(),
    ] {
        let reply = app
            .get("/health/live")
            .header("X-Request-Id", insane)
            .reply()
            .await;
        let id = reply.header("x-request-id").unwrap();
        assert_ne!(id, insane);
        assert!(id.chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
    }
}

/// Requests built in process (`poem::test::TestClient` as is, host adapters using
/// `Request::builder`) carry no original URI: page links fall back to the routed path instead of
/// pointing at `/`, and the spec keeps the root server URL.
async fn requests_built_in_process_still_get_working_links(backend: Backend) {
    let app = App::new(&backend).await;
    let admin = app.user(Some((1, Role::Admin))).await;
    for name in ["Uno", "Dos"] {
        app.bulk_member(name, 1, Role::Customer).await;
    }
    let tokens = app.login(&admin).await;
    let raw = TestClient::new(enid_server::endpoint_with(
        app.enid.clone(),
        &HttpConfig::default(),
    ));

    let reply = raw
        .get("/user/?page_size=2&is_active=true")
        .bearer(&tokens.access)
        .reply()
        .await;
    let next = reply.ok(200)["next"].as_str().unwrap().to_owned();
    assert!(next.starts_with("/user"), "{next}");
    assert!(
        next.contains("page=2") && next.contains("is_active=true"),
        "{next}"
    );
    let reply = raw.get(&next).bearer(&tokens.access).reply().await;
    let body = reply.ok(200);
    assert_eq!(body["results"].as_array().unwrap().len(), 1);
    let previous = body["previous"].as_str().unwrap();
    assert!(
        previous.starts_with("/user") && previous.contains("page=1"),
        "{previous}"
    );

    let reply = raw.get("/openapi.json").reply().await;
    assert_eq!(reply.ok(200)["servers"][0]["url"], "/");
}
