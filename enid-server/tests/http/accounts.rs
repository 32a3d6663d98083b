//! Sign-up, login, rate limits, the caller's profile, token refresh and revocation, and every way
//! a bearer token can be wrong.

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use serde_json::{Value, json};
use uuid::Uuid;

use enid_core::auth::{Email, Membership, TokenKeys};
use enid_core::clock::ManualClock;
use enid_core::rate_limit::RateLimit;
use enid_core::stores::Role;
use enid_server::HttpConfig;

use crate::support::{
    App, Backend, Call, Setup, TEST_SECRET, Tokens, fake_name, fake_password, on_every_backend,
    unique_email,
};

on_every_backend!(
    signup_creates_a_customer_of_the_request_store,
    signup_with_a_taken_email_in_another_case_is_a_conflict,
    signup_checks_the_password_length,
    signup_rejects_invalid_emails,
    a_megabyte_password_is_a_quick_400,
    names_that_look_like_sql_are_stored_verbatim,
    names_refuse_control_characters_only,
    login_returns_a_bearer_token_pair,
    failed_logins_all_look_the_same,
    login_is_rate_limited_per_ip_and_email,
    signup_is_rate_limited_per_ip_and_email,
    profile_lists_stores_and_the_role_in_the_request_store,
    profile_rename_is_stored,
    password_change_needs_the_current_password,
    password_change_ends_the_other_sessions_only,
    refresh_rotates_and_reuse_revokes_the_family,
    with_no_grace_a_second_refresh_revokes_the_session,
    concurrent_refreshes_give_exactly_one_working_pair,
    concurrent_refreshes_on_two_instances_give_exactly_one_working_pair,
    refresh_rejects_garbage,
    logout_revokes_the_access_and_refresh_token,
    logout_never_revokes_someone_elses_session,
    bad_bearer_tokens_are_401_json,
    expired_access_tokens_are_401_and_refresh_still_works,
);

async fn signup(app: &App, email: &str, name: &str, password: &str) -> crate::support::Reply {
    app.post("/login/signup/")
        .body_json(&json!({"email": email, "name": name, "password": password}))
        .reply()
        .await
}

/// The claims of a JWT, unverified.
fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("a JWT has a payload");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

async fn signup_creates_a_customer_of_the_request_store(backend: Backend) {
    let app = App::new(&backend).await;
    let email = unique_email();
    let shouted = format!("  {}  ", email.to_uppercase());
    let name = fake_name();
    let password = fake_password();

    let reply = signup(&app, &shouted, &name, &password).await;
    let body = reply.ok(201);
    let user = &body["user"];
    assert_eq!(
        body.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["user"]
    );
    let mut keys: Vec<&String> = user.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        ["created_at", "email", "id", "is_superuser", "name"],
        "no password or hash leaves the server"
    );
    assert_eq!(user["email"], email, "trimmed and lowercased");
    assert_eq!(user["name"], name);
    assert_eq!(user["is_superuser"], false);
    assert!(
        chrono::DateTime::parse_from_rfc3339(user["created_at"].as_str().unwrap()).is_ok(),
        "RFC 3339 time"
    );

    let id = user["id"].as_i64().unwrap();
    let storage = app.enid.storage();
    let (stored, hash) = storage
        .user_credentials(&Email::parse(&email).unwrap())
        .await
        .unwrap()
        .expect("the user is stored");
    assert_eq!((stored.id, stored.name.as_str()), (id, name.as_str()));
    assert!(hash.starts_with("$argon2id$"), "argon2id, not the password");
    assert_eq!(
        storage.memberships(id).await.unwrap(),
        [Membership {
            store_id: 1,
            store_name: "Enid Service".into(),
            role: Role::Customer
        }]
    );

    // X-Store-Id picks the store the account joins.
    let second = app.store("Gimnasio en Casa", None).await;
    let other = unique_email();
    let reply = app
        .post("/login/signup/")
        .store(second.id)
        .body_json(&json!({"email": other, "name": fake_name(), "password": fake_password()}))
        .reply()
        .await;
    let other_id = reply.ok(201)["user"]["id"].as_i64().unwrap();
    let memberships = storage.memberships(other_id).await.unwrap();
    assert_eq!(
        memberships
            .iter()
            .map(|m| (m.store_id, m.role))
            .collect::<Vec<_>>(),
        [(second.id, Role::Customer)]
    );

    // The new account logs in with what it signed up with.
    let reply = app
        .post("/login/")
        .body_json(&json!({"email": email, "password": password}))
        .reply()
        .await;
    assert_eq!(reply.ok(200)["user"]["id"], id);
}

async fn signup_with_a_taken_email_in_another_case_is_a_conflict(backend: Backend) {
    let app = App::new(&backend).await;
    let email = unique_email();
    signup(&app, &email, &fake_name(), &fake_password())
        .await
        .ok(201);
    let users = app.user_count().await;

    let reply = signup(
        &app,
        &email.to_uppercase(),
        "Someone Else",
        &fake_password(),
    )
    .await;
    reply.error(409, "email_taken");
    assert_eq!(app.user_count().await, users, "nothing was added");
    let (stored, _) = app
        .enid
        .storage()
        .user_credentials(&Email::parse(&email).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_ne!(
        stored.name, "Someone Else",
        "the first account is untouched"
    );
}

async fn signup_checks_the_password_length(backend: Backend) {
    let app = App::new(&backend).await;
    for short in ["", "1234567", "ñandú12"] {
        let reply = signup(&app, &unique_email(), &fake_name(), short).await;
        reply.invalid_fields(&["password"]);
        let message = reply.body["fields"]["password"][0].as_str().unwrap();
        assert!(message.contains('8'), "{message}");
    }
    assert_eq!(app.user_count().await, 0);

    // Eight characters (not bytes) are enough.
    let reply = signup(&app, &unique_email(), &fake_name(), "ñandú123").await;
    reply.ok(201);
    assert_eq!(app.user_count().await, 1);
}

async fn signup_rejects_invalid_emails(backend: Backend) {
    let app = App::new(&backend).await;
    let too_long = format!("{}@example.mx", "a".repeat(65));
    for email in [
        "",
        "   ",
        "ana",
        "ana@",
        "@example.mx",
        "ana@mx",
        "ana maria@example.mx",
        "ana@@example.mx",
        "ana@example..mx",
        "ana@-example.mx",
        "ana\n@example.mx",
        too_long.as_str(),
    ] {
        let reply = signup(&app, email, &fake_name(), &fake_password()).await;
        reply.invalid_fields(&["email"]);
    }
    // Every invalid field is reported at once.
    let reply = signup(&app, "nope", " ", "short").await;
    reply.invalid_fields(&["email", "name", "password"]);
    assert_eq!(app.user_count().await, 0, "nothing was stored");
}

async fn a_megabyte_password_is_a_quick_400(backend: Backend) {
    let app = App::new(&backend).await;
    let huge = "x".repeat(1_000_000);
    let email = unique_email();
    let started = Instant::now();
    let reply = signup(&app, &email, &fake_name(), &huge).await;
    reply.invalid_fields(&["password"]);
    assert_eq!(app.user_count().await, 0);

    let someone = app.user(Some((1, Role::Customer))).await;
    let reply = app
        .post("/login/")
        .body_json(&json!({"email": someone.email, "password": huge}))
        .reply()
        .await;
    reply.error(401, "invalid_credentials");
    let reply = app
        .post("/login/")
        .body_json(&json!({"email": email, "password": huge}))
        .reply()
        .await;
    reply.error(401, "invalid_credentials");
    // A megabyte "email" is just an invalid email, with or without a rate limit to key it by.
    let huge_email = format!("{}@example.mx", "a".repeat(1_000_000));
    signup(&app, &huge_email, &fake_name(), &fake_password())
        .await
        .invalid_fields(&["email"]);
    app.post("/login/")
        .body_json(&json!({"email": huge_email, "password": "whatever"}))
        .reply()
        .await
        .invalid_fields(&["email"]);
    assert_eq!(app.user_count().await, 1);
    // Not a benchmark: a guard against hashing a megabyte (or worse) on every such request.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}

async fn names_that_look_like_sql_are_stored_verbatim(backend: Backend) {
    let app = App::new(&backend).await;
    let name = "Robert'); DROP TABLE users;-- \"%_\\";
    let email = unique_email();
    let reply = signup(&app, &email, name, &fake_password()).await;
    assert_eq!(reply.ok(201)["user"]["name"], name);
    let (stored, _) = app
        .enid
        .storage()
        .user_credentials(&Email::parse(&email).unwrap())
        .await
        .unwrap()
        .expect("stored, and the table is still there");
    assert_eq!(stored.name, name);
    assert_eq!(app.user_count().await, 1);
}

async fn names_refuse_control_characters_only(backend: Backend) {
    let app = App::new(&backend).await;
    for name in [
        "Ana\u{0000}",
        "Ana\nPérez",
        "Ana\tPérez",
        "Ana\u{001B}[31m",
        "Ana\u{007F}",
        "Ana\u{0085}Pérez",
        "Ana\u{009B}Pérez",
    ] {
        let reply = signup(&app, &unique_email(), name, &fake_password()).await;
        reply.invalid_fields(&["name"]);
        assert_eq!(
            reply.body["fields"]["name"],
            json!(["Control characters are not allowed."])
        );
    }
    let reply = signup(&app, &unique_email(), &"n".repeat(151), &fake_password()).await;
    reply.invalid_fields(&["name"]);
    assert_eq!(app.user_count().await, 0, "nothing was stored");

    // Accents, other scripts, emoji sequences (zero-width joiners, variation selectors) and the
    // ZWNJ of Persian names are ordinary text.
    for name in [
        "José Ñúñez Ávila 🏋️‍♀️ 中文",
        "مهرنوش\u{200C}زاده",
        "👩🏽\u{200D}💻 Ana",
        "Zoë\u{FE0F}",
    ] {
        let email = unique_email();
        let reply = signup(&app, &email, name, &fake_password()).await;
        assert_eq!(reply.ok(201)["user"]["name"], name);
        let (stored, _) = app
            .enid
            .storage()
            .user_credentials(&Email::parse(&email).unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.name, name);
    }
}

async fn login_returns_a_bearer_token_pair(backend: Backend) {
    let app = App::new(&backend).await;
    let user = app.user(Some((1, Role::Staff))).await;
    let reply = app
        .post("/login/")
        .body_json(&json!({"email": format!(" {} ", user.email.to_uppercase()), "password": user.password}))
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900, "the default 15 minutes");
    assert_eq!(body["user"]["id"], user.id());
    assert_eq!(body["user"]["email"], user.email);
    assert!(body["user"].get("password").is_none());
    let access = body["access_token"].as_str().unwrap();
    let refresh = body["refresh_token"].as_str().unwrap();
    assert_ne!(access, refresh);
    let claims = claims(access);
    assert_eq!(claims["sub"], user.id().to_string());
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        900
    );

    // The session is stored: the access token works, the refresh token belongs to the user.
    assert_eq!(app.profile_status(access).await, 200);
    let (session, owner) = app
        .enid
        .storage()
        .refresh_token_owner(&enid_core::auth::hash_refresh_token(refresh))
        .await
        .unwrap()
        .expect("the refresh token is stored hashed");
    assert_eq!(owner, user.id());
    assert_eq!(claims["sid"], session.to_string());
    assert!(
        app.enid
            .storage()
            .refresh_token_owner(refresh)
            .await
            .unwrap()
            .is_none(),
        "never stored in clear"
    );
}

async fn failed_logins_all_look_the_same(backend: Backend) {
    let app = App::new(&backend).await;
    let user = app.user(Some((1, Role::Customer))).await;
    let no_store = app.user(None).await;

    let attempts = [
        json!({"email": user.email, "password": "wrong password"}),
        json!({"email": unique_email(), "password": user.password}),
        json!({"email": no_store.email, "password": no_store.password}),
    ];
    let mut bodies = Vec::new();
    for attempt in &attempts {
        let reply = app.post("/login/").body_json(attempt).reply().await;
        reply.error(401, "invalid_credentials");
        assert!(reply.body.get("fields").is_none());
        bodies.push(reply.body.clone());
    }
    assert_eq!(
        bodies[0], bodies[1],
        "unknown email looks like a wrong password"
    );
    assert_eq!(bodies[0], bodies[2], "no active store looks the same too");

    // A member deactivated in their only store can no longer log in, with the same answer, and
    // the tokens it already had stop working.
    let user_tokens = app.login(&user).await;
    let admin = app.user(Some((1, Role::Admin))).await;
    let admin_tokens = app.login(&admin).await;
    app.patch(&format!("/user/{}/", user.id()))
        .bearer(&admin_tokens.access)
        .body_json(&json!({"is_active": false}))
        .reply()
        .await
        .ok(200);
    let reply = app
        .post("/login/")
        .body_json(&user.credentials())
        .reply()
        .await;
    assert_eq!(reply.error(401, "invalid_credentials"), &bodies[0]);
    app.get("/user/profile/")
        .bearer(&user_tokens.access)
        .reply()
        .await
        .error(401, "token_not_valid");
    app.post("/login/refresh-token/")
        .body_json(&json!({"refresh_token": user_tokens.refresh}))
        .reply()
        .await
        .error(401, "token_not_valid");

    // Blank credentials are a validation error, not a login attempt.
    let reply = app
        .post("/login/")
        .body_json(&json!({"email": "", "password": ""}))
        .reply()
        .await;
    reply.invalid_fields(&["email", "password"]);
}

async fn login_is_rate_limited_per_ip_and_email(backend: Backend) {
    let mut setup = Setup::default();
    setup.config.rate_login = Some(RateLimit::new(3, Duration::from_secs(60)));
    setup.http = HttpConfig {
        trust_forwarded: true,
        ..HttpConfig::default()
    };
    let app = App::with(&backend, setup).await;
    let user = app.user(Some((1, Role::Customer))).await;
    let other = app.user(Some((1, Role::Customer))).await;

    // Two wrong passwords and a right one use up the burst of three.
    for password in ["wrong one", "wrong two"] {
        app.post("/login/")
            .body_json(&json!({"email": user.email, "password": password}))
            .reply()
            .await
            .error(401, "invalid_credentials");
    }
    app.login(&user).await;

    // The fourth is refused before the password is even checked, in any letter case.
    let reply = app
        .post("/login/")
        .body_json(&json!({"email": user.email.to_uppercase(), "password": user.password}))
        .reply()
        .await;
    reply.error(429, "rate_limited");
    let retry_after: u64 = reply
        .header("retry-after")
        .expect("Retry-After is set")
        .parse()
        .expect("Retry-After is whole seconds");
    assert!((1..=60).contains(&retry_after), "{retry_after}");

    // Another email from the same client is still allowed...
    app.login(&other).await;
    // ...and so is the same email from another client IP (trusted X-Forwarded-For).
    let reply = app
        .post("/login/")
        .header("X-Forwarded-For", "203.0.113.7, 10.0.0.1")
        .body_json(&user.credentials())
        .reply()
        .await;
    reply.ok(200);

    // Oversized emails are counted (under a bounded key) and refused as invalid.
    for n in 0..3 {
        let huge = format!("{n}{}@example.mx", "a".repeat(500_000));
        app.post("/login/")
            .body_json(&json!({"email": huge, "password": "whatever"}))
            .reply()
            .await
            .invalid_fields(&["email"]);
    }
}

async fn signup_is_rate_limited_per_ip_and_email(backend: Backend) {
    let mut setup = Setup::default();
    setup.config.rate_login = Some(RateLimit::new(3, Duration::from_secs(60)));
    let app = App::with(&backend, setup).await;
    let email = unique_email();
    for _ in 0..3 {
        signup(&app, &email, &fake_name(), "short")
            .await
            .invalid_fields(&["password"]);
    }
    let reply = signup(&app, &email, &fake_name(), &fake_password()).await;
    reply.error(429, "rate_limited");
    assert!(reply.header("retry-after").is_some());
    assert_eq!(
        app.user_count().await,
        0,
        "the refused signup stored nothing"
    );
    signup(&app, &unique_email(), &fake_name(), &fake_password())
        .await
        .ok(201);
}

async fn profile_lists_stores_and_the_role_in_the_request_store(backend: Backend) {
    let app = App::new(&backend).await;
    let user = app.user(Some((1, Role::Staff))).await;
    let second = app.store("Sucursal Norte", Some(user.id())).await;
    let third = app.store("Sucursal Sur", None).await;
    let tokens = app.login(&user).await;

    let reply = app
        .get("/user/profile/")
        .bearer(&tokens.access)
        .reply()
        .await;
    assert_eq!(
        reply.ok(200),
        &json!({
            "id": user.id(),
            "email": user.email,
            "name": user.user.name,
            "is_superuser": false,
            "stores": [
                {"id": 1, "name": "Enid Service", "role": "staff"},
                {"id": second.id, "name": "Sucursal Norte", "role": "admin"},
            ],
            "profile": "staff",
        })
    );

    let reply = app
        .get("/user/profile/")
        .bearer(&tokens.access)
        .store(second.id)
        .reply()
        .await;
    assert_eq!(reply.ok(200)["profile"], "admin");

    let reply = app
        .get("/user/profile/")
        .bearer(&tokens.access)
        .store(third.id)
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(
        body["profile"],
        Value::Null,
        "not a member of the third store"
    );
    assert_eq!(body["stores"].as_array().unwrap().len(), 2);
}

async fn profile_rename_is_stored(backend: Backend) {
    let app = App::new(&backend).await;
    let user = app.user(Some((1, Role::Customer))).await;
    let tokens = app.login(&user).await;

    let reply = app
        .patch("/user/profile/")
        .bearer(&tokens.access)
        .body_json(&json!({"name": "  Lucía Fernández  "}))
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["name"], "Lucía Fernández");
    assert_eq!(body["id"], user.id());

    let profile = app
        .get("/user/profile/")
        .bearer(&tokens.access)
        .reply()
        .await;
    assert_eq!(profile.ok(200)["name"], "Lucía Fernández");

    let reply = app
        .patch("/user/profile/")
        .bearer(&tokens.access)
        .body_json(&json!({"name": "   "}))
        .reply()
        .await;
    reply.invalid_fields(&["name"]);
    let reply = app
        .patch("/user/profile/")
        .bearer(&tokens.access)
        .body_json(&json!({"name": "x\u{0007}y"}))
        .reply()
        .await;
    reply.invalid_fields(&["name"]);

    let (stored, _) = app
        .enid
        .storage()
        .user_credentials(&Email::parse(&user.email).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.name, "Lucía Fernández",
        "refused renames changed nothing"
    );
    assert!(stored.updated_at >= stored.created_at);

    // An empty patch changes nothing and answers the account.
    let reply = app
        .patch("/user/profile/")
        .bearer(&tokens.access)
        .body_json(&json!({}))
        .reply()
        .await;
    assert_eq!(reply.ok(200)["name"], "Lucía Fernández");
}

async fn password_change_needs_the_current_password(backend: Backend) {
    let app = App::new(&backend).await;
    let user = app.user(Some((1, Role::Customer))).await;
    let tokens = app.login(&user).await;
    let patch = |body: Value| {
        let access = tokens.access.clone();
        let app = &app;
        async move {
            app.patch("/user/profile/")
                .bearer(&access)
                .body_json(&body)
                .reply()
                .await
        }
    };

    patch(json!({"new_password": "a brand new one"}))
        .await
        .invalid_fields(&["current_password"]);
    patch(json!({"current_password": user.password}))
        .await
        .invalid_fields(&["new_password"]);
    patch(json!({"current_password": "not the password", "new_password": "a brand new one", "name": "Changed"}))
        .await
        .invalid_fields(&["current_password"]);
    patch(json!({"current_password": "x".repeat(300), "new_password": "a brand new one"}))
        .await
        .invalid_fields(&["current_password"]);
    patch(json!({"current_password": user.password, "new_password": "short"}))
        .await
        .invalid_fields(&["new_password"]);

    // Nothing changed: the old password still logs in, the name is the same, the session lives.
    app.login(&user).await;
    assert_eq!(app.profile_status(&tokens.access).await, 200);
    let (stored, _) = app
        .enid
        .storage()
        .user_credentials(&Email::parse(&user.email).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.name, user.user.name);
}

async fn password_change_ends_the_other_sessions_only(backend: Backend) {
    let app = App::new(&backend).await;
    let user = app.user(Some((1, Role::Customer))).await;
    let here = app.login(&user).await;
    let elsewhere = app.login(&user).await;
    let new_password = fake_password();

    let reply = app
        .patch("/user/profile/")
        .bearer(&here.access)
        .body_json(&json!({"current_password": user.password, "new_password": new_password}))
        .reply()
        .await;
    assert_eq!(reply.ok(200)["id"], user.id());

    assert_eq!(app.profile_status(&elsewhere.access).await, 401);
    app.post("/login/refresh-token/")
        .body_json(&json!({"refresh_token": elsewhere.refresh}))
        .reply()
        .await
        .error(401, "token_not_valid");
    assert_eq!(
        app.profile_status(&here.access).await,
        200,
        "the session that changed it lives on"
    );
    app.post("/login/refresh-token/")
        .body_json(&json!({"refresh_token": here.refresh}))
        .reply()
        .await
        .ok(200);

    app.post("/login/")
        .body_json(&user.credentials())
        .reply()
        .await
        .error(401, "invalid_credentials");
    app.post("/login/")
        .body_json(&json!({"email": user.email, "password": new_password}))
        .reply()
        .await
        .ok(200);
}

async fn refresh(app: &App, token: &str) -> crate::support::Reply {
    app.post("/login/refresh-token/")
        .body_json(&json!({"refresh_token": token}))
        .reply()
        .await
}

async fn refresh_rotates_and_reuse_revokes_the_family(backend: Backend) {
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let setup = Setup {
        clock: Some(clock.clone()),
        ..Setup::default()
    };
    let app = App::with(&backend, setup).await;
    let user = app.user(Some((1, Role::Customer))).await;
    let first = app.login(&user).await;
    let other_session = app.login(&user).await;

    let reply = refresh(&app, &first.refresh).await;
    let body = reply.ok(200);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["user"]["id"], user.id());
    let second_access = body["access_token"].as_str().unwrap().to_owned();
    let second_refresh = body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(second_refresh, first.refresh);
    assert_eq!(
        claims(&second_access)["sid"],
        claims(&first.access)["sid"],
        "same session"
    );
    assert_eq!(app.profile_status(&second_access).await, 200);

    // The used token again within the grace (another tab, a retry): refused, the session kept.
    clock.advance(chrono::Duration::seconds(9));
    refresh(&app, &first.refresh)
        .await
        .error(401, "token_not_valid");
    assert_eq!(app.profile_status(&second_access).await, 200);

    // After the grace it is reuse: refused, and the whole session goes with it.
    clock.advance(chrono::Duration::seconds(1));
    refresh(&app, &first.refresh)
        .await
        .error(401, "token_not_valid");
    refresh(&app, &second_refresh)
        .await
        .error(401, "token_not_valid");
    assert_eq!(app.profile_status(&second_access).await, 401);
    assert_eq!(app.profile_status(&first.access).await, 401);

    // Other sessions of the user are not part of that family.
    assert_eq!(app.profile_status(&other_session.access).await, 200);
    refresh(&app, &other_session.refresh).await.ok(200);
}

async fn with_no_grace_a_second_refresh_revokes_the_session(backend: Backend) {
    let mut setup = Setup::default();
    setup.config.refresh_reuse_grace = Duration::ZERO;
    let app = App::with(&backend, setup).await;
    let user = app.user(Some((1, Role::Customer))).await;
    let tokens = app.login(&user).await;

    let reply = refresh(&app, &tokens.refresh).await;
    let next_access = reply.ok(200)["access_token"].as_str().unwrap().to_owned();
    refresh(&app, &tokens.refresh)
        .await
        .error(401, "token_not_valid");
    assert_eq!(app.profile_status(&next_access).await, 401);
}

/// Sends `token` to every instance in `instances` at once; returns the new pair of the one
/// request that got it, after checking the others got the invalid-token 401.
async fn race_refreshes(instances: &[&App], token: &str) -> Tokens {
    let replies = futures::future::join_all(instances.iter().map(|app| refresh(app, token))).await;
    let mut winners = Vec::new();
    for reply in &replies {
        if reply.status == 200 {
            let body = reply.ok(200);
            winners.push(Tokens {
                access: body["access_token"].as_str().unwrap().to_owned(),
                refresh: body["refresh_token"].as_str().unwrap().to_owned(),
            });
        } else {
            reply.error(401, "token_not_valid");
        }
    }
    assert_eq!(winners.len(), 1, "exactly one 200: {replies:?}");
    winners.remove(0)
}

/// Two tabs or a retry: of four concurrent refreshes with one token exactly one gets a pair, and
/// that pair works: its access token authenticates and its refresh token wins the next race.
async fn concurrent_refreshes_give_exactly_one_working_pair(backend: Backend) {
    // A still clock: every race is within the grace, however slow the machine.
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let setup = Setup {
        clock: Some(clock.clone()),
        ..Setup::default()
    };
    let app = App::with(&backend, setup).await;
    let user = app.user(Some((1, Role::Customer))).await;
    let mut tokens = app.login(&user).await;
    for round in 0..20 {
        let won = race_refreshes(&[&app, &app, &app, &app], &tokens.refresh).await;
        assert_eq!(app.profile_status(&won.access).await, 200, "round {round}");
        tokens = won;
    }
    refresh(&app, &tokens.refresh).await.ok(200);
}

/// The same race across two instances on one database (one SQLite file, one PostgreSQL schema).
async fn concurrent_refreshes_on_two_instances_give_exactly_one_working_pair(backend: Backend) {
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let setup = Setup {
        clock: Some(clock.clone()),
        ..Setup::default()
    };
    let a = App::with(&backend, setup).await;
    let b = a.second_instance(Some(clock.clone())).await;
    let user = a.user(Some((1, Role::Customer))).await;
    let mut tokens = a.login(&user).await;
    for round in 0..20 {
        let won = race_refreshes(&[&a, &b, &a, &b], &tokens.refresh).await;
        assert_eq!(a.profile_status(&won.access).await, 200, "round {round}");
        assert_eq!(b.profile_status(&won.access).await, 200, "round {round}");
        tokens = won;
    }
    refresh(&b, &tokens.refresh).await.ok(200);
}

async fn refresh_rejects_garbage(backend: Backend) {
    let app = App::new(&backend).await;
    let user = app.user(Some((1, Role::Customer))).await;
    let tokens = app.login(&user).await;
    for garbage in [
        "".to_owned(),
        "garbage".to_owned(),
        "x".repeat(10_000),
        tokens.access.clone(),
        format!("{}x", tokens.refresh),
    ] {
        refresh(&app, &garbage).await.error(401, "token_not_valid");
    }
    // None of that touched the real session.
    refresh(&app, &tokens.refresh).await.ok(200);
}

async fn logout_revokes_the_access_and_refresh_token(backend: Backend) {
    let app = App::new(&backend).await;
    let user = app.user(Some((1, Role::Customer))).await;
    let tokens = app.login(&user).await;
    let kept = app.login(&user).await;

    let reply = app
        .post("/logout/")
        .bearer(&tokens.access)
        .body_json(&json!({"refresh_token": tokens.refresh}))
        .reply()
        .await;
    reply.ok(204);
    assert!(reply.text.is_empty());

    assert_eq!(app.profile_status(&tokens.access).await, 401);
    refresh(&app, &tokens.refresh)
        .await
        .error(401, "token_not_valid");
    // A second logout with the dead token is a 401, not a 500.
    app.post("/logout/")
        .bearer(&tokens.access)
        .body_json(&json!({}))
        .reply()
        .await
        .error(401, "token_not_valid");
    // The user's other session is untouched.
    assert_eq!(app.profile_status(&kept.access).await, 200);

    // Logging out one session with another session's refresh token ends both.
    let third = app.login(&user).await;
    app.post("/logout/")
        .bearer(&kept.access)
        .body_json(&json!({"refresh_token": third.refresh}))
        .reply()
        .await
        .ok(204);
    assert_eq!(app.profile_status(&kept.access).await, 401);
    assert_eq!(app.profile_status(&third.access).await, 401);
}

async fn logout_never_revokes_someone_elses_session(backend: Backend) {
    let app = App::new(&backend).await;
    let mallory = app.user(Some((1, Role::Customer))).await;
    let victim = app.user(Some((1, Role::Customer))).await;
    let mallory_tokens = app.login(&mallory).await;
    let victim_tokens = app.login(&victim).await;

    app.post("/logout/")
        .bearer(&mallory_tokens.access)
        .body_json(&json!({"refresh_token": victim_tokens.refresh}))
        .reply()
        .await
        .ok(204);
    assert_eq!(app.profile_status(&victim_tokens.access).await, 200);
    refresh(&app, &victim_tokens.refresh).await.ok(200);
    assert_eq!(app.profile_status(&mallory_tokens.access).await, 401);

    // Logout needs a token.
    app.post("/logout/")
        .body_json(&json!({}))
        .reply()
        .await
        .error(401, "not_authenticated");
}

async fn bad_bearer_tokens_are_401_json(backend: Backend) {
    let app = App::new(&backend).await;
    let user = app.user(Some((1, Role::Customer))).await;
    let tokens = app.login(&user).await;
    let real = claims(&tokens.access);
    let sid: Uuid = real["sid"].as_str().unwrap().parse().unwrap();
    let ttl = Duration::from_secs(900);

    // A token forged with the right key for the real session works: the forgeries below fail for
    // the one thing each gets wrong.
    let right_key = TokenKeys::new(TEST_SECRET.as_bytes()).unwrap();
    let genuine = right_key.issue(user.id(), sid, Utc::now(), ttl).unwrap();
    assert_eq!(app.profile_status(&genuine).await, 200);

    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(real.to_string());
    let alg_none = format!("{header}.{payload}.");
    let other_key = TokenKeys::new(b"someone else's secret")
        .unwrap()
        .issue(user.id(), sid, Utc::now(), ttl)
        .unwrap();
    let unknown_session = right_key
        .issue(user.id(), Uuid::new_v4(), Utc::now(), ttl)
        .unwrap();
    let other_user = right_key
        .issue(user.id() + 1000, sid, Utc::now(), ttl)
        .unwrap();
    let mut tampered: Vec<String> = tokens.access.split('.').map(str::to_owned).collect();
    let mut forged_claims = real.clone();
    forged_claims["sub"] = json!((user.id() + 1).to_string());
    tampered[1] = URL_SAFE_NO_PAD.encode(forged_claims.to_string());
    let tampered = tampered.join(".");

    for (what, token) in [
        ("alg none", alg_none.as_str()),
        ("another secret", &other_key),
        ("unknown session", &unknown_session),
        ("another user's id", &other_user),
        ("tampered payload", &tampered),
        ("refresh token as bearer", &tokens.refresh),
        ("garbage", "garbage"),
        ("three garbage parts", "a.b.c"),
    ] {
        let reply = app.get("/user/profile/").bearer(token).reply().await;
        assert_eq!(reply.status, 401, "{what}: {}", reply.text);
        reply.error(401, "token_not_valid");
    }

    for authorization in [
        None,
        Some("Basic YW5hOnB3"),
        Some("Bearer"),
        Some("Bearer "),
    ] {
        let mut request = app.get("/user/profile/");
        if let Some(value) = authorization {
            request = request.header("Authorization", value);
        }
        let reply = request.reply().await;
        assert_eq!(reply.status, 401, "{authorization:?}: {}", reply.text);
        let code = reply.body["code"].as_str().unwrap_or_default().to_owned();
        assert!(
            code == "not_authenticated" || code == "token_not_valid",
            "{authorization:?}: {}",
            reply.text
        );
        reply.error(401, &code);
    }
    app.get("/user/profile/")
        .reply()
        .await
        .error(401, "not_authenticated");
}

async fn expired_access_tokens_are_401_and_refresh_still_works(backend: Backend) {
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let setup = Setup {
        clock: Some(clock.clone()),
        ..Setup::default()
    };
    let app = App::with(&backend, setup).await;
    let user = app.user(Some((1, Role::Customer))).await;
    let tokens = app.login(&user).await;

    clock.advance(chrono::Duration::seconds(899));
    assert_eq!(app.profile_status(&tokens.access).await, 200, "still valid");
    clock.advance(chrono::Duration::seconds(2));
    assert_eq!(app.profile_status(&tokens.access).await, 401, "expired");

    // The refresh token outlives the access token.
    let reply = refresh(&app, &tokens.refresh).await;
    let fresh = reply.ok(200)["access_token"].as_str().unwrap().to_owned();
    let fresh_refresh = reply.body["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(app.profile_status(&fresh).await, 200);

    // ...until its own lifetime (30 days) is over.
    clock.advance(chrono::Duration::days(31));
    refresh(&app, &fresh_refresh)
        .await
        .error(401, "token_not_valid");
    assert_eq!(app.profile_status(&fresh).await, 401);
}
