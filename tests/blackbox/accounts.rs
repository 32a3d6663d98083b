use reqwest::Method;
use serde_json::json;

use enid_tests::{EnidProcess, call};

#[tokio::test]
async fn signup_login_profile_refresh_logout_over_a_socket() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("shop.db").display());
    let enid = EnidProcess::serve(dir.path(), &[("DATABASE_URL", &db)]).await;
    let client = reqwest::Client::new();

    let (status, body) = call(
        &client,
        Method::POST,
        &enid.url("/login/signup/"),
        None,
        Some(json!({"email": "Maria.Lopez@Example.mx", "name": "María López", "password": "contraseña-9"})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["user"]["email"], "maria.lopez@example.mx");

    let (status, login) = call(
        &client,
        Method::POST,
        &enid.url("/login"),
        None,
        Some(json!({"email": "maria.lopez@example.mx", "password": "contraseña-9"})),
    )
    .await;
    assert_eq!(status, 200, "{login}");
    assert_eq!(login["token_type"], "Bearer");
    assert_eq!(login["expires_in"], 900);
    let access = login["access_token"].as_str().unwrap().to_owned();
    let refresh = login["refresh_token"].as_str().unwrap().to_owned();

    let (status, profile) = call(
        &client,
        Method::GET,
        &enid.url("/user/profile/"),
        Some(&access),
        None,
    )
    .await;
    assert_eq!(status, 200, "{profile}");
    assert_eq!(profile["name"], "María López");
    assert_eq!(profile["profile"], "customer");
    assert_eq!(
        profile["stores"],
        json!([{"id": 1, "name": "Enid Service", "role": "customer"}])
    );

    let (status, rotated) = call(
        &client,
        Method::POST,
        &enid.url("/login/refresh-token/"),
        None,
        Some(json!({"refresh_token": refresh})),
    )
    .await;
    assert_eq!(status, 200, "{rotated}");
    let new_access = rotated["access_token"].as_str().unwrap().to_owned();
    let new_refresh = rotated["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(new_refresh, refresh);

    let (status, _) = call(
        &client,
        Method::POST,
        &enid.url("/logout/"),
        Some(&new_access),
        Some(json!({"refresh_token": new_refresh})),
    )
    .await;
    assert_eq!(status, 204);

    for token in [&access, &new_access] {
        let (status, body) = call(
            &client,
            Method::GET,
            &enid.url("/user/profile/"),
            Some(token),
            None,
        )
        .await;
        assert_eq!(status, 401, "{body}");
        assert_eq!(body["code"], "token_not_valid");
    }
    for token in [&refresh, &new_refresh] {
        let (status, body) = call(
            &client,
            Method::POST,
            &enid.url("/login/refresh-token/"),
            None,
            Some(json!({"refresh_token": token})),
        )
        .await;
        assert_eq!(status, 401, "{body}");
    }

    // Stopping is graceful: SIGTERM ends the process with success.
    assert!(enid.terminate().success());

    // The logged-out session stays in the database until a server purges it, at start and
    // hourly; its refresh tokens go with it.
    let path = dir.path().join("shop.db");
    let rows = |table: &str| -> i64 {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!((rows("sessions"), rows("refresh_tokens")), (1, 2));
    let enid = EnidProcess::serve(dir.path(), &[("DATABASE_URL", &db)]).await;
    let mut waited = 0;
    while rows("sessions") > 0 {
        assert!(waited < 100, "the revoked session was not purged");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        waited += 1;
    }
    assert_eq!(rows("refresh_tokens"), 0);
    assert!(enid.terminate().success());
}
