use reqwest::Method;
use serde_json::json;

use enid_tests::{EnidProcess, call, postgres_url};

/// Two instances on one PostgreSQL database share the signing secret and the revocations: a
/// token from one works on the other, and a logout on one is honoured by the other at once.
#[tokio::test]
async fn a_logout_on_one_instance_is_honoured_by_the_other() {
    let Some(base) = postgres_url() else { return };
    let url = enid_storage::postgres::testing::fresh_schema_url(&base)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("DATABASE_URL", url.as_str()),
        ("ENID_ADMIN_EMAIL", "admin@enid.mx"),
        ("ENID_ADMIN_PASSWORD", "admin-password-1"),
    ];
    let (a, b) = tokio::join!(
        EnidProcess::serve(dir.path(), &env),
        EnidProcess::serve(dir.path(), &env)
    );
    let client = reqwest::Client::new();

    let (status, tokens) = call(
        &client,
        Method::POST,
        &a.url("/login/"),
        None,
        Some(json!({"email": "admin@enid.mx", "password": "admin-password-1"})),
    )
    .await;
    assert_eq!(status, 200, "{tokens}");
    let access = tokens["access_token"].as_str().unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap();

    let (status, profile) = call(
        &client,
        Method::GET,
        &b.url("/user/profile/"),
        Some(access),
        None,
    )
    .await;
    assert_eq!(status, 200, "instance B accepts A's token: {profile}");
    assert_eq!(profile["is_superuser"], true);

    let (status, _) = call(
        &client,
        Method::POST,
        &a.url("/logout/"),
        Some(access),
        Some(json!({"refresh_token": refresh})),
    )
    .await;
    assert_eq!(status, 204);

    let (status, body) = call(
        &client,
        Method::GET,
        &b.url("/user/profile/"),
        Some(access),
        None,
    )
    .await;
    assert_eq!(status, 401, "B honours A's logout: {body}");
    let (status, _) = call(
        &client,
        Method::POST,
        &b.url("/login/refresh-token/"),
        None,
        Some(json!({"refresh_token": refresh})),
    )
    .await;
    assert_eq!(status, 401);
}
