//! Store members (`/user/`): listing with filters and pages, creating, updating, who may do it,
//! and the store that must keep an admin.

use serde_json::{Value, json};

use enid_core::auth::Email;
use enid_core::stores::Role;

use crate::support::{
    App, Backend, Call, fake_name, fake_password, on_every_backend, unique_email,
};

on_every_backend!(
    admins_list_members_with_filters_and_pages,
    page_bounds_are_validated,
    admins_create_members_who_can_log_in,
    invalid_new_members_store_nothing,
    only_admins_of_the_request_store_manage_members,
    admins_update_role_activity_and_name,
    the_last_admin_cannot_be_demoted,
    member_ids_are_checked,
);

fn ids(body: &Value) -> Vec<i64> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect()
}

async fn admins_list_members_with_filters_and_pages(backend: Backend) {
    let app = App::new(&backend).await;
    let admin = app.user(Some((1, Role::Admin))).await;
    let mut members = vec![admin.id()];
    for (name, role) in [
        ("Xochitl Ortega", Role::Customer),
        ("xochi ruiz", Role::Customer),
        ("Beatriz Soto", Role::Staff),
        ("Diego Luna", Role::Customer),
        ("100% Fitness_Fan", Role::Customer),
    ] {
        members.push(app.bulk_member(name, 1, role).await.id);
    }
    let elsewhere = app.store("Otra Tienda", None).await;
    let outsider = app
        .bulk_member("Xochitl Fuera", elsewhere.id, Role::Admin)
        .await;
    let tokens = app.login(&admin).await;
    let list = |query: &str| {
        let path = format!("/user/{query}");
        let access = tokens.access.clone();
        let app = &app;
        async move { app.get(&path).bearer(&access).reply().await }
    };

    let reply = list("").await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 6);
    assert_eq!(ids(body), members, "ordered by id, only this store");
    assert!(!ids(body).contains(&outsider.id));
    assert_eq!(body["next"], Value::Null);
    assert_eq!(body["previous"], Value::Null);
    let first = &body["results"][0];
    let mut keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "email",
            "id",
            "is_active",
            "is_superuser",
            "joined_at",
            "name",
            "role"
        ]
    );
    assert_eq!(first["email"], admin.email);
    assert_eq!(first["role"], "admin");
    assert_eq!(first["is_active"], true);

    // Pages: count of all, links that keep the filters and swap the page.
    let reply = list("?page_size=4").await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 6);
    assert_eq!(ids(body), members[..4]);
    let next = body["next"].as_str().expect("a next link");
    assert!(next.starts_with("/user/?"), "{next}");
    assert!(
        next.contains("page=2") && next.contains("page_size=4"),
        "{next}"
    );
    assert_eq!(body["previous"], Value::Null);

    let reply = app.get(next).bearer(&tokens.access).reply().await;
    let body = reply.ok(200);
    assert_eq!(ids(body), members[4..]);
    assert_eq!(body["next"], Value::Null);
    let previous = body["previous"].as_str().expect("a previous link");
    assert!(previous.contains("page=1"), "{previous}");

    let reply = list("?page=9&page_size=4").await;
    let body = reply.ok(200);
    assert_eq!((body["count"].as_i64(), ids(body).len()), (Some(6), 0));

    // `q` matches name or email, ignoring case, and its wildcards are literal.
    let reply = list("?q=XOCH").await;
    assert_eq!(ids(reply.ok(200)), members[1..3]);
    let reply = list(&format!("?q={}", admin.email.to_uppercase())).await;
    assert_eq!(ids(reply.ok(200)), [admin.id()]);
    let reply = list("?q=%25").await;
    assert_eq!(ids(reply.ok(200)), [members[5]]);
    let reply = list("?q=_").await;
    assert_eq!(ids(reply.ok(200)), [members[5]]);
    let reply = list("?q=nobody-has-this").await;
    assert_eq!(reply.ok(200)["count"], 0);
    let reply = list("?q=%20%20").await;
    assert_eq!(reply.ok(200)["count"], 6, "a blank q is no filter");

    // `is_active` filters by membership state.
    app.patch(&format!("/user/{}/", members[3]))
        .bearer(&tokens.access)
        .body_json(&json!({"is_active": false}))
        .reply()
        .await
        .ok(200);
    let reply = list("?is_active=false").await;
    assert_eq!(ids(reply.ok(200)), [members[3]]);
    let reply = list("?is_active=true&page_size=2").await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 5);
    let next = body["next"].as_str().unwrap();
    assert!(
        next.contains("is_active=true") && next.contains("page=2"),
        "{next}"
    );
    let reply = list("?is_active=true&q=xoCH").await;
    assert_eq!(ids(reply.ok(200)), members[1..3]);
}

async fn page_bounds_are_validated(backend: Backend) {
    let app = App::new(&backend).await;
    let admin = app.user(Some((1, Role::Admin))).await;
    let tokens = app.login(&admin).await;
    for (query, field) in [
        ("page_size=0", "page_size"),
        ("page_size=500", "page_size"),
        ("page_size=-1", "page_size"),
        ("page=0", "page"),
        ("page=-5", "page"),
        ("page=99999999999", "page"),
    ] {
        let reply = app
            .get(&format!("/user/?{query}"))
            .bearer(&tokens.access)
            .reply()
            .await;
        reply.invalid_fields(&[field]);
    }
    for query in ["page=abc", "page_size=1.5", "is_active=maybe"] {
        let reply = app
            .get(&format!("/user/?{query}"))
            .bearer(&tokens.access)
            .reply()
            .await;
        reply.error(400, "invalid_parameter");
    }
    let reply = app
        .get("/user/?page_size=200")
        .bearer(&tokens.access)
        .reply()
        .await;
    assert_eq!(reply.ok(200)["count"], 1, "200 is the largest page");
    let reply = app
        .get(&format!("/user/?q={}", "a".repeat(300)))
        .bearer(&tokens.access)
        .reply()
        .await;
    reply.invalid_fields(&["q"]);
}

async fn admins_create_members_who_can_log_in(backend: Backend) {
    let app = App::new(&backend).await;
    let admin = app.user(Some((1, Role::Admin))).await;
    let tokens = app.login(&admin).await;
    let email = unique_email();
    let password = fake_password();
    let name = fake_name();

    let reply = app
        .post("/user/")
        .bearer(&tokens.access)
        .body_json(&json!({"email": email.to_uppercase(), "name": name, "password": password, "role": "staff"}))
        .reply()
        .await;
    let body = reply.ok(201);
    assert_eq!(body["email"], email);
    assert_eq!(body["name"], name);
    assert_eq!(body["role"], "staff");
    assert_eq!(body["is_active"], true);
    assert_eq!(body["is_superuser"], false);
    let id = body["id"].as_i64().unwrap();

    let stored = app.enid.storage().member(1, id).await.unwrap().unwrap();
    assert_eq!((stored.role, stored.is_active), (Role::Staff, true));

    let reply = app
        .post("/login/")
        .body_json(&json!({"email": email, "password": password}))
        .reply()
        .await;
    let staff_access = reply.ok(200)["access_token"].as_str().unwrap().to_owned();
    let reply = app
        .get("/user/profile/")
        .bearer(&staff_access)
        .reply()
        .await;
    assert_eq!(reply.ok(200)["profile"], "staff");

    // The same email again, in any case, is a conflict.
    let users = app.user_count().await;
    let reply = app
        .post("/user/")
        .bearer(&tokens.access)
        .body_json(&json!({"email": email, "name": "Other", "password": fake_password(), "role": "customer"}))
        .reply()
        .await;
    reply.error(409, "email_taken");
    assert_eq!(app.user_count().await, users);

    // A superuser who is no member adds an admin to another store.
    let root = app.superuser().await;
    let root_tokens = app.login(&root).await;
    let second = app.store("Segunda", None).await;
    let reply = app
        .post("/user/")
        .bearer(&root_tokens.access)
        .store(second.id)
        .body_json(&json!({"email": unique_email(), "name": fake_name(), "password": fake_password(), "role": "admin"}))
        .reply()
        .await;
    let new_admin = reply.ok(201)["id"].as_i64().unwrap();
    let member = app
        .enid
        .storage()
        .member(second.id, new_admin)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(member.role, Role::Admin);
    assert!(
        app.enid
            .storage()
            .member(1, new_admin)
            .await
            .unwrap()
            .is_none()
    );
}

async fn invalid_new_members_store_nothing(backend: Backend) {
    let app = App::new(&backend).await;
    let admin = app.user(Some((1, Role::Admin))).await;
    let tokens = app.login(&admin).await;
    let users = app.user_count().await;
    let create = |body: Value| {
        let access = tokens.access.clone();
        let app = &app;
        async move {
            app.post("/user/")
                .bearer(&access)
                .body_json(&body)
                .reply()
                .await
        }
    };

    for role in ["owner", "ADMIN", "", "superuser"] {
        create(json!({"email": unique_email(), "name": fake_name(), "password": fake_password(), "role": role}))
            .await
            .invalid_fields(&["role"]);
    }
    create(json!({"email": "not-an-email", "name": "", "password": "short", "role": "boss"}))
        .await
        .invalid_fields(&["email", "name", "password", "role"]);
    create(json!({"email": unique_email(), "name": fake_name(), "password": fake_password()}))
        .await
        .invalid_fields(&["role"]);
    assert_eq!(app.user_count().await, users, "nothing was stored");
}

async fn only_admins_of_the_request_store_manage_members(backend: Backend) {
    let app = App::new(&backend).await;
    let admin = app.user(Some((1, Role::Admin))).await;
    let staff = app.user(Some((1, Role::Staff))).await;
    let customer = app.user(Some((1, Role::Customer))).await;
    let second = app.store("Segunda Tienda", None).await;
    let other_admin = app.user(Some((second.id, Role::Admin))).await;
    let other_customer = app
        .bulk_member("Cliente Dos", second.id, Role::Customer)
        .await;

    let users = app.user_count().await;
    for user in [&staff, &customer] {
        let tokens = app.login(user).await;
        app.get("/user/")
            .bearer(&tokens.access)
            .reply()
            .await
            .error(403, "permission_denied");
        app.post("/user/")
            .bearer(&tokens.access)
            .body_json(&json!({"email": unique_email(), "name": fake_name(), "password": fake_password(), "role": "admin"}))
            .reply()
            .await
            .error(403, "permission_denied");
        app.patch(&format!("/user/{}/", user.id()))
            .bearer(&tokens.access)
            .body_json(&json!({"role": "admin"}))
            .reply()
            .await
            .error(403, "permission_denied");
    }
    assert_eq!(app.user_count().await, users);
    for user in [&staff, &customer] {
        let member = app
            .enid
            .storage()
            .member(1, user.id())
            .await
            .unwrap()
            .unwrap();
        assert_ne!(member.role, Role::Admin, "no one promoted themselves");
    }

    // An admin elsewhere is nobody here.
    let tokens = app.login(&other_admin).await;
    app.get("/user/")
        .bearer(&tokens.access)
        .store(1)
        .reply()
        .await
        .error(403, "permission_denied");
    app.patch(&format!("/user/{}/", admin.id()))
        .bearer(&tokens.access)
        .store(1)
        .body_json(&json!({"is_active": false}))
        .reply()
        .await
        .error(403, "permission_denied");
    assert!(
        app.enid
            .storage()
            .member(1, admin.id())
            .await
            .unwrap()
            .unwrap()
            .is_active
    );
    // ...and cannot reach this store's members through their own store either.
    app.patch(&format!("/user/{}/", admin.id()))
        .bearer(&tokens.access)
        .store(second.id)
        .body_json(&json!({"name": "Hijacked"}))
        .reply()
        .await
        .error(404, "user_not_found");
    let reply = app
        .get("/user/")
        .bearer(&tokens.access)
        .store(second.id)
        .reply()
        .await;
    assert_eq!(ids(reply.ok(200)), [other_admin.id(), other_customer.id]);

    // The admin of this store, and a superuser who is no member, may.
    let here = [admin.id(), staff.id(), customer.id()];
    let tokens = app.login(&admin).await;
    let reply = app.get("/user/").bearer(&tokens.access).reply().await;
    assert_eq!(ids(reply.ok(200)), here);
    let root = app.superuser().await;
    let tokens = app.login(&root).await;
    let reply = app.get("/user/").bearer(&tokens.access).reply().await;
    assert_eq!(ids(reply.ok(200)), here);

    app.get("/user/")
        .reply()
        .await
        .error(401, "not_authenticated");
}

async fn admins_update_role_activity_and_name(backend: Backend) {
    let app = App::new(&backend).await;
    let admin = app.user(Some((1, Role::Admin))).await;
    let member = app.user(Some((1, Role::Customer))).await;
    let tokens = app.login(&admin).await;
    let path = format!("/user/{}/", member.id());
    let update = |body: Value| {
        let access = tokens.access.clone();
        let path = path.clone();
        let app = &app;
        async move {
            app.patch(&path)
                .bearer(&access)
                .body_json(&body)
                .reply()
                .await
        }
    };

    let reply = update(json!({"role": "staff"})).await;
    let body = reply.ok(200);
    assert_eq!(
        (body["id"].as_i64(), &body["role"]),
        (Some(member.id()), &json!("staff"))
    );
    let stored = app
        .enid
        .storage()
        .member(1, member.id())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.role, Role::Staff);

    let reply = update(json!({"name": "  Rosa Martínez "})).await;
    assert_eq!(reply.ok(200)["name"], "Rosa Martínez");
    let (user, _) = app
        .enid
        .storage()
        .user_credentials(&Email::parse(&member.email).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.name, "Rosa Martínez");

    // Deactivated in its only store: the membership stays, login is refused and tokens stop working.
    let member_tokens = app.login(&member).await;
    let reply = update(json!({"is_active": false})).await;
    assert_eq!(reply.ok(200)["is_active"], false);
    let stored = app
        .enid
        .storage()
        .member(1, member.id())
        .await
        .unwrap()
        .unwrap();
    assert!(!stored.is_active);
    app.post("/login/")
        .body_json(&member.credentials())
        .reply()
        .await
        .error(401, "invalid_credentials");
    app.get("/feature/")
        .bearer(&member_tokens.access)
        .reply()
        .await
        .error(401, "token_not_valid");

    let reply = update(json!({"is_active": true, "role": "admin"})).await;
    let body = reply.ok(200);
    assert_eq!(
        (&body["is_active"], &body["role"]),
        (&json!(true), &json!("admin"))
    );
    app.login(&member).await;

    // Invalid changes are refused and change nothing.
    update(json!({"role": "owner"}))
        .await
        .invalid_fields(&["role"]);
    update(json!({"name": ""})).await.invalid_fields(&["name"]);
    update(json!({"is_active": "no"}))
        .await
        .invalid_fields(&["is_active"]);
    let stored = app
        .enid
        .storage()
        .member(1, member.id())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.role, stored.is_active, stored.user.name.as_str()),
        (Role::Admin, true, "Rosa Martínez")
    );
}

async fn the_last_admin_cannot_be_demoted(backend: Backend) {
    let app = App::new(&backend).await;
    let admin = app.user(Some((1, Role::Admin))).await;
    let tokens = app.login(&admin).await;
    let path = format!("/user/{}/", admin.id());

    for change in [
        json!({"role": "staff"}),
        json!({"role": "customer", "name": "Renamed Too"}),
        json!({"is_active": false}),
    ] {
        let reply = app
            .patch(&path)
            .bearer(&tokens.access)
            .body_json(&change)
            .reply()
            .await;
        reply.error(409, "last_admin");
    }
    let stored = app
        .enid
        .storage()
        .member(1, admin.id())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.role, stored.is_active, stored.user.name.as_str()),
        (Role::Admin, true, admin.user.name.as_str()),
        "the refused change left everything as it was"
    );

    // Keeping the role is fine, and with a second admin the first may step down.
    app.patch(&path)
        .bearer(&tokens.access)
        .body_json(&json!({"role": "admin", "is_active": true}))
        .reply()
        .await
        .ok(200);
    let second = app.user(Some((1, Role::Admin))).await;
    let reply = app
        .patch(&path)
        .bearer(&tokens.access)
        .body_json(&json!({"role": "staff"}))
        .reply()
        .await;
    assert_eq!(reply.ok(200)["role"], "staff");

    // Now the second one is the last.
    let second_tokens = app.login(&second).await;
    app.patch(&format!("/user/{}/", second.id()))
        .bearer(&second_tokens.access)
        .body_json(&json!({"is_active": false}))
        .reply()
        .await
        .error(409, "last_admin");
    let stored = app
        .enid
        .storage()
        .member(1, second.id())
        .await
        .unwrap()
        .unwrap();
    assert!(stored.is_active && stored.role == Role::Admin);
}

async fn member_ids_are_checked(backend: Backend) {
    let app = App::new(&backend).await;
    let admin = app.user(Some((1, Role::Admin))).await;
    let tokens = app.login(&admin).await;
    let second = app.store("Ajena", None).await;
    let stranger = app
        .bulk_member("Persona Ajena", second.id, Role::Customer)
        .await;

    for id in ["abc", "1.5", "99999999999999999999999", "%20"] {
        app.patch(&format!("/user/{id}/"))
            .bearer(&tokens.access)
            .body_json(&json!({"name": "X"}))
            .reply()
            .await
            .error(400, "invalid_parameter");
    }
    for id in [9_999_999, -1, 0, stranger.id] {
        app.patch(&format!("/user/{id}/"))
            .bearer(&tokens.access)
            .body_json(&json!({"name": "X"}))
            .reply()
            .await
            .error(404, "user_not_found");
    }
    let stored = app
        .enid
        .storage()
        .member(second.id, stranger.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.user.name, "Persona Ajena",
        "not renamed from another store"
    );
}
