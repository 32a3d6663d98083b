//! Stores (`/store/`), the permissions of each role (`/feature/`) and the `X-Store-Id` header.

use poem::http::HeaderValue;
use serde_json::{Value, json};

use enid_core::auth::MemberChanges;
use enid_core::stores::{Permission, Role};

use crate::support::{
    App, Backend, Call, fake_name, fake_password, on_every_backend, unique_email,
};

on_every_backend!(
    superusers_create_stores_with_derived_slugs,
    only_superusers_create_stores,
    store_lists_show_the_callers_stores,
    a_store_is_visible_to_its_members_only,
    store_admins_rename_and_deactivate_their_store,
    features_follow_the_role_in_the_request_store,
    the_store_header_is_checked,
);

fn store_ids(body: &Value) -> Vec<i64> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect()
}

async fn superusers_create_stores_with_derived_slugs(backend: Backend) {
    let app = App::new(&backend).await;
    let root = app.superuser().await;
    let tokens = app.login(&root).await;
    let create = |body: Value| {
        let access = tokens.access.clone();
        let app = &app;
        async move {
            app.post("/store/")
                .bearer(&access)
                .body_json(&body)
                .reply()
                .await
        }
    };

    let reply = create(json!({"name": "  Tienda Ñandú "})).await;
    let body = reply.ok(201).clone();
    assert_eq!(body["name"], "Tienda Ñandú");
    assert_eq!(body["slug"], "tienda-nandu");
    assert_eq!(body["is_active"], true);
    let mut keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "created_at",
            "id",
            "is_active",
            "name",
            "slug",
            "updated_at"
        ]
    );
    let id = body["id"].as_i64().unwrap();
    let stored = app.enid.storage().store(id).await.unwrap().unwrap();
    assert_eq!(
        (stored.name.as_str(), stored.slug.as_str()),
        ("Tienda Ñandú", "tienda-nandu")
    );

    let reply = create(json!({"name": "Tienda Ñandú"})).await;
    assert_eq!(reply.ok(201)["slug"], "tienda-nandu-2");
    let reply = create(json!({"name": "TIENDA ñandu"})).await;
    assert_eq!(reply.ok(201)["slug"], "tienda-nandu-3");
    let reply = create(json!({"name": "¡¡¡!!!"})).await;
    assert!(
        reply.ok(201)["slug"].as_str().is_some_and(
            |s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        ),
        "{}",
        reply.text
    );

    // The chosen admin becomes the admin of the new store.
    let owner = app.user(Some((1, Role::Customer))).await;
    let reply = create(json!({"name": fake::Fake::fake::<String>(&fake::faker::company::en::CompanyName()), "admin_user_id": owner.id()})).await;
    let new_store = reply.ok(201)["id"].as_i64().unwrap();
    let member = app
        .enid
        .storage()
        .member(new_store, owner.id())
        .await
        .unwrap()
        .expect("the admin joined");
    assert_eq!((member.role, member.is_active), (Role::Admin, true));
    let owner_tokens = app.login(&owner).await;
    app.get(&format!("/store/{new_store}/"))
        .bearer(&owner_tokens.access)
        .reply()
        .await
        .ok(200);

    // Refused creations store nothing.
    let stores = app.store_count().await;
    create(json!({"name": "Fantasma", "admin_user_id": 987_654}))
        .await
        .invalid_fields(&["admin_user_id"]);
    create(json!({"name": "   "}))
        .await
        .invalid_fields(&["name"]);
    create(json!({"name": "x".repeat(101)}))
        .await
        .invalid_fields(&["name"]);
    create(json!({"name": "Tienda\u{001B}"}))
        .await
        .invalid_fields(&["name"]);
    create(json!({"name": "Sin slug", "slug": "chosen"}))
        .await
        .invalid_fields(&["slug"]);
    assert_eq!(app.store_count().await, stores);
}

async fn only_superusers_create_stores(backend: Backend) {
    let app = App::new(&backend).await;
    let admin = app.user(Some((1, Role::Admin))).await;
    let tokens = app.login(&admin).await;
    let stores = app.store_count().await;
    app.post("/store/")
        .bearer(&tokens.access)
        .body_json(&json!({"name": "Mi Propia Tienda", "admin_user_id": admin.id()}))
        .reply()
        .await
        .error(403, "permission_denied");
    app.post("/store/")
        .body_json(&json!({"name": "Anónima"}))
        .reply()
        .await
        .error(401, "not_authenticated");
    assert_eq!(app.store_count().await, stores);
}

async fn store_lists_show_the_callers_stores(backend: Backend) {
    let app = App::new(&backend).await;
    let user = app.user(Some((1, Role::Customer))).await;
    let second = app.store("Norte", Some(user.id())).await;
    let third = app.store("Sur", Some(user.id())).await;
    let fourth = app.store("Centro", None).await;
    // An inactive membership does not count.
    app.bulk_member("Otra Admin", third.id, Role::Admin).await;
    app.enid
        .storage()
        .update_member(
            third.id,
            user.id(),
            &MemberChanges {
                is_active: Some(false),
                ..MemberChanges::default()
            },
            app.enid.now(),
        )
        .await
        .unwrap()
        .unwrap();
    let tokens = app.login(&user).await;

    let reply = app.get("/store/").bearer(&tokens.access).reply().await;
    let body = reply.ok(200);
    assert_eq!(body["count"], 2);
    assert_eq!(store_ids(body), [1, second.id]);
    assert_eq!(body["results"][1]["name"], "Norte");

    let root = app.superuser().await;
    let root_tokens = app.login(&root).await;
    let reply = app.get("/store/").bearer(&root_tokens.access).reply().await;
    assert_eq!(
        store_ids(reply.ok(200)),
        [1, second.id, third.id, fourth.id]
    );
    let reply = app
        .get("/store/?page_size=3&page=2")
        .bearer(&root_tokens.access)
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(
        (body["count"].as_i64(), store_ids(body)),
        (Some(4), vec![fourth.id])
    );
    assert_eq!(body["next"], Value::Null);
    assert!(body["previous"].as_str().unwrap().contains("page=1"));
    app.get("/store/?page_size=201")
        .bearer(&root_tokens.access)
        .reply()
        .await
        .invalid_fields(&["page_size"]);

    app.get("/store/")
        .reply()
        .await
        .error(401, "not_authenticated");
}

async fn a_store_is_visible_to_its_members_only(backend: Backend) {
    let app = App::new(&backend).await;
    let member = app.user(Some((1, Role::Customer))).await;
    let other = app.store("Ajena", None).await;
    let tokens = app.login(&member).await;

    let reply = app.get("/store/1/").bearer(&tokens.access).reply().await;
    let body = reply.ok(200);
    assert_eq!(
        (body["id"].as_i64(), &body["name"]),
        (Some(1), &json!("Enid Service"))
    );
    assert_eq!(body["slug"], "enid-service");

    app.get(&format!("/store/{}/", other.id))
        .bearer(&tokens.access)
        .reply()
        .await
        .error(403, "permission_denied");

    let root = app.superuser().await;
    let root_tokens = app.login(&root).await;
    let reply = app
        .get(&format!("/store/{}/", other.id))
        .bearer(&root_tokens.access)
        .reply()
        .await;
    assert_eq!(reply.ok(200)["name"], "Ajena");
    app.get("/store/424242/")
        .bearer(&root_tokens.access)
        .reply()
        .await
        .error(404, "store_not_found");
    app.get("/store/tienda/")
        .bearer(&root_tokens.access)
        .reply()
        .await
        .error(400, "invalid_parameter");
}

async fn store_admins_rename_and_deactivate_their_store(backend: Backend) {
    let app = App::new(&backend).await;
    let admin = app.user(None).await;
    let store = app.store("Tienda Vieja", Some(admin.id())).await;
    let staff = app.user(Some((store.id, Role::Staff))).await;
    let admin_elsewhere = app.user(Some((1, Role::Admin))).await;
    let tokens = app.login(&admin).await;
    let path = format!("/store/{}/", store.id);

    let reply = app
        .patch(&path)
        .bearer(&tokens.access)
        .body_json(&json!({"name": "Tienda Nueva"}))
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["name"], "Tienda Nueva");
    assert_eq!(body["slug"], "tienda-vieja", "the slug is stable");
    let stored = app.enid.storage().store(store.id).await.unwrap().unwrap();
    assert_eq!(stored.name, "Tienda Nueva");

    // Staff of the store and admins of other stores may not.
    for user in [&staff, &admin_elsewhere] {
        let other_tokens = app.login(user).await;
        app.patch(&path)
            .bearer(&other_tokens.access)
            .body_json(&json!({"name": "Secuestrada", "is_active": false}))
            .reply()
            .await
            .error(403, "permission_denied");
    }
    app.patch(&path)
        .bearer(&tokens.access)
        .body_json(&json!({"name": ""}))
        .reply()
        .await
        .invalid_fields(&["name"]);
    let stored = app.enid.storage().store(store.id).await.unwrap().unwrap();
    assert_eq!(
        (stored.name.as_str(), stored.is_active),
        ("Tienda Nueva", true)
    );

    // Requests for the store work, until it is deactivated.
    app.get("/feature/")
        .bearer(&tokens.access)
        .store(store.id)
        .reply()
        .await
        .ok(200);
    let reply = app
        .patch(&path)
        .bearer(&tokens.access)
        .body_json(&json!({"is_active": false}))
        .reply()
        .await;
    assert_eq!(reply.ok(200)["is_active"], false);
    assert!(
        !app.enid
            .storage()
            .store(store.id)
            .await
            .unwrap()
            .unwrap()
            .is_active
    );

    let users = app.user_count().await;
    for reply in [
        app.get("/user/profile/")
            .bearer(&tokens.access)
            .store(store.id)
            .reply()
            .await,
        app.get("/feature/")
            .bearer(&tokens.access)
            .store(store.id)
            .reply()
            .await,
        app.get("/user/")
            .bearer(&tokens.access)
            .store(store.id)
            .reply()
            .await,
        app.post("/login/signup/")
            .store(store.id)
            .body_json(
                &json!({"email": unique_email(), "name": fake_name(), "password": fake_password()}),
            )
            .reply()
            .await,
    ] {
        assert_eq!(reply.status, 404, "{}", reply.text);
        let code = reply.body["code"].as_str().unwrap().to_owned();
        assert!(
            code == "store_inactive" || code == "store_not_found",
            "{code}"
        );
        reply.error(404, &code);
    }
    assert_eq!(
        app.user_count().await,
        users,
        "no signup into an inactive store"
    );

    // Its admin still sees it and can switch it back on.
    let reply = app.get(&path).bearer(&tokens.access).reply().await;
    assert_eq!(reply.ok(200)["is_active"], false);
    app.patch(&path)
        .bearer(&tokens.access)
        .body_json(&json!({"is_active": true}))
        .reply()
        .await
        .ok(200);
    let reply = app
        .get("/user/profile/")
        .bearer(&tokens.access)
        .store(store.id)
        .reply()
        .await;
    assert_eq!(reply.ok(200)["profile"], "admin");

    // A superuser manages any store; an unknown one is a 404.
    let root = app.superuser().await;
    let root_tokens = app.login(&root).await;
    app.patch(&path)
        .bearer(&root_tokens.access)
        .body_json(&json!({"name": "Renombrada por root"}))
        .reply()
        .await
        .ok(200);
    app.patch("/store/777777/")
        .bearer(&root_tokens.access)
        .body_json(&json!({"name": "Nada"}))
        .reply()
        .await
        .error(404, "store_not_found");
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect()
}

async fn features_follow_the_role_in_the_request_store(backend: Backend) {
    let app = App::new(&backend).await;
    let customer = app.user(Some((1, Role::Customer))).await;
    let staff = app.user(Some((1, Role::Staff))).await;
    let admin = app.user(Some((1, Role::Admin))).await;
    let root = app.superuser().await;
    let second = app.store("Otra", None).await;

    let features = |user| {
        let app = &app;
        async move {
            let tokens = app.login(user).await;
            app.get("/feature/")
                .bearer(&tokens.access)
                .reply()
                .await
                .ok(200)
                .clone()
        }
    };

    let body = features(&customer).await;
    assert_eq!(body["store_id"], 1);
    assert_eq!(body["role"], "customer");
    assert_eq!(body["is_superuser"], false);
    let permissions = strings(&body["permissions"]);
    assert_eq!(
        permissions,
        ["profile.read", "conversations.own", "returns.own"]
    );
    assert!(!permissions.contains(&"leads.read"));
    let matrix = &body["matrix"];
    assert_eq!(
        strings(&matrix["admin"]),
        Permission::ALL.map(Permission::as_str)
    );
    assert_eq!(
        strings(&matrix["staff"]),
        Role::Staff
            .permissions()
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
    );
    assert_eq!(strings(&matrix["customer"]), permissions);

    let body = features(&staff).await;
    let permissions = strings(&body["permissions"]);
    assert_eq!(body["role"], "staff");
    assert!(permissions.contains(&"stock.write") && permissions.contains(&"leads.read"));
    assert!(!permissions.contains(&"members.manage") && !permissions.contains(&"store.manage"));

    let body = features(&admin).await;
    let permissions = strings(&body["permissions"]);
    assert!(permissions.contains(&"members.manage") && permissions.contains(&"store.manage"));

    let body = features(&root).await;
    assert_eq!(
        (&body["role"], &body["is_superuser"]),
        (&Value::Null, &json!(true))
    );
    assert_eq!(strings(&body["permissions"]).len(), Permission::ALL.len());

    // In a store where the caller is nobody: no role, no permissions.
    let tokens = app.login(&admin).await;
    let reply = app
        .get("/feature/")
        .bearer(&tokens.access)
        .store(second.id)
        .reply()
        .await;
    let body = reply.ok(200);
    assert_eq!(body["store_id"], second.id);
    assert_eq!(body["role"], Value::Null);
    assert_eq!(body["permissions"], json!([]));

    app.get("/feature/")
        .reply()
        .await
        .error(401, "not_authenticated");
}

async fn the_store_header_is_checked(backend: Backend) {
    let app = App::new(&backend).await;
    let admin = app.user(Some((1, Role::Admin))).await;
    let tokens = app.login(&admin).await;
    let users = app.user_count().await;

    for value in ["abc", "1.5", "1 OR 1=1", "99999999999999999999999", ""] {
        for reply in [
            app.get("/user/profile/")
                .bearer(&tokens.access)
                .store(value)
                .reply()
                .await,
            app.get("/user/")
                .bearer(&tokens.access)
                .store(value)
                .reply()
                .await,
            app.post("/login/signup/")
                .store(value)
                .body_json(&json!({"email": unique_email(), "name": fake_name(), "password": fake_password()}))
                .reply()
                .await,
        ] {
            assert_eq!(reply.status, 400, "X-Store-Id {value:?}: {}", reply.text);
            reply.error(400, "invalid_parameter");
        }
    }
    for value in ["999", "-1", "0"] {
        for reply in [
            app.get("/feature/")
                .bearer(&tokens.access)
                .store(value)
                .reply()
                .await,
            app.post("/login/signup/")
                .store(value)
                .body_json(&json!({"email": unique_email(), "name": fake_name(), "password": fake_password()}))
                .reply()
                .await,
        ] {
            assert_eq!(reply.status, 404, "X-Store-Id {value:?}: {}", reply.text);
            reply.error(404, "store_not_found");
        }
    }
    assert_eq!(app.user_count().await, users, "no signup went through");

    // Two of them (even agreeing), or one that is not text, do not pick a store either: neither
    // may fall back to the default store.
    let second = app.store("Segunda", Some(admin.id())).await;
    for values in [
        vec![HeaderValue::from_static("1"), HeaderValue::from(second.id)],
        vec![HeaderValue::from_static("1"), HeaderValue::from_static("1")],
        vec![HeaderValue::from_bytes(b"2\xff").unwrap()],
    ] {
        let mut request = app.get("/feature/").bearer(&tokens.access);
        for value in &values {
            request = request.header("X-Store-Id", value.clone());
        }
        let reply = request.reply().await;
        assert_eq!(reply.status, 400, "{values:?}: {}", reply.text);
        reply.error(400, "invalid_parameter");
    }

    // Without the header, the default store.
    let reply = app.get("/feature/").bearer(&tokens.access).reply().await;
    assert_eq!(reply.ok(200)["store_id"], 1);
}
