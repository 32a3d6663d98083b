//! The assistant over HTTP with the offline provider: turns grounded on visible FAQs, return cards
//! and knowledge (never hidden FAQs), conversations by uuid and who may list, read and delete
//! them, admin settings, staff knowledge, validation, rate limits, the streamed turn and tenancy.

use std::time::Duration;

use enid_core::rate_limit::RateLimit;
use enid_core::stores::Role;
use enid_server::HttpConfig;
use serde_json::{Value, json};

use crate::support::{App, Backend, Call, Reply, Setup, Tokens, on_every_backend};

on_every_backend!(
    offline_answers_come_from_visible_faqs_cards_and_knowledge,
    without_a_match_it_says_so_and_offers_the_contact_links,
    bad_messages_and_unknown_conversations_store_nothing,
    conversations_are_read_by_uuid_listed_by_staff_and_owners,
    settings_are_for_admins_and_replaced_whole,
    knowledge_is_managed_by_staff,
    turns_are_limited_per_ip_and_per_conversation,
    a_streamed_turn_sends_deltas_then_the_stored_turn,
    another_store_sees_and_changes_nothing,
    turns_follow_every_settings_and_card_write_on_every_instance,
);

async fn member(app: &App, store: i64, role: Role) -> Tokens {
    let user = app.user(Some((store, role))).await;
    app.login(&user).await
}

async fn post(app: &App, tokens: &Tokens, path: &str, body: Value) -> Reply {
    app.post(path)
        .bearer(&tokens.access)
        .body_json(&body)
        .reply()
        .await
}

pub async fn chat(app: &App, body: Value) -> Reply {
    app.post("/assistant/chat/").body_json(&body).reply().await
}

/// A category and FAQs in the default store: one visible about shipping, one hidden.
async fn faqs(app: &App, staff: &Tokens) -> i64 {
    let category = post(app, staff, "/faqs/categories/", json!({"name": "Envíos"}))
        .await
        .ok(201)["id"]
        .as_i64()
        .unwrap();
    post(
        app,
        staff,
        "/faqs/",
        json!({"category": category, "ask": "¿Hacen envíos a Monterrey?",
               "answer": "Sí, enviamos a Monterrey en dos días hábiles."}),
    )
    .await
    .ok(201);
    post(
        app,
        staff,
        "/faqs/",
        json!({"category": category, "ask": "Envíos internos de bodega",
               "answer": "Clave secreta de bodega: ZORRO-77.", "is_visible": false}),
    )
    .await
    .ok(201);
    category
}

async fn offline_answers_come_from_visible_faqs_cards_and_knowledge(backend: Backend) {
    let app = App::new(&backend).await;
    let staff = member(&app, 1, Role::Staff).await;
    faqs(&app, &staff).await;
    post(
        &app,
        &staff,
        "/assistant/knowledge/",
        json!({"title": "Banco plano reforzado", "body": "Soporta 300 kg, acero calibre 12.",
               "url": "https://tienda.example.mx/banco", "tags": ["pesas"]}),
    )
    .await
    .ok(201);

    let reply = chat(&app, json!({"message": "  ¿Hacen envíos a Monterrey?  "})).await;
    let body = reply.ok(201);
    let answer = body["ai_response"]["content"].as_str().unwrap();
    assert!(answer.contains("dos días hábiles"), "{answer}");
    assert!(
        !answer.contains("ZORRO"),
        "hidden FAQs never reach an answer"
    );
    assert_eq!(body["ai_response"]["provider"], "offline");
    assert_eq!(body["ai_response"]["cached"], false);
    assert_eq!(
        body["user_message"]["content"],
        "¿Hacen envíos a Monterrey?"
    );
    let id = body["conversation_id"].as_str().unwrap();

    let knowledge = chat(
        &app,
        json!({"message": "¿El banco soporta mucho peso?", "conversation_id": id}),
    )
    .await;
    let answer = knowledge.ok(201)["ai_response"]["content"]
        .as_str()
        .unwrap();
    assert!(answer.contains("300 kg"), "{answer}");
    assert!(
        answer.contains("https://tienda.example.mx/banco"),
        "{answer}"
    );
    assert_eq!(knowledge.body["conversation_id"], id);

    let card = chat(
        &app,
        json!({"message": "¿Cuánto tiempo tengo para devolver?"}),
    )
    .await;
    let answer = card.ok(201)["ai_response"]["content"].as_str().unwrap();
    assert!(answer.contains("15 días"), "{answer}");
    assert!(answer.contains("/devoluciones"), "{answer}");

    let stored = app.get(&format!("/conversation/{id}/")).reply().await;
    let stored = stored.ok(200);
    assert_eq!(stored["message_count"], 4);
    let messages = stored["messages"].as_array().unwrap();
    assert_eq!(
        messages
            .iter()
            .map(|m| m["role"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["user", "assistant", "user", "assistant"]
    );
    assert_eq!(messages[1]["provider"], "offline");
    assert_eq!(messages[1]["model"], "offline");
    assert_eq!(messages[0]["provider"], Value::Null);
}

async fn without_a_match_it_says_so_and_offers_the_contact_links(backend: Backend) {
    let app = App::new(&backend).await;
    let admin = member(&app, 1, Role::Admin).await;
    app.cli
        .put("/assistant/settings/")
        .bearer(&admin.access)
        .body_json(
            &json!({"persona": "Eres la asesora de la tienda.", "rules": [],
            "links": [{"title": "WhatsApp", "url": "https://wa.me/5215550000000"}]}),
        )
        .reply()
        .await
        .ok(200);
    let reply = chat(&app, json!({"message": "¿Venden cohetes espaciales?"})).await;
    let answer = reply.ok(201)["ai_response"]["content"].as_str().unwrap();
    assert!(answer.contains("no tengo una respuesta"), "{answer}");
    assert!(answer.contains("https://wa.me/5215550000000"), "{answer}");
}

async fn conversation_count(app: &App) -> i64 {
    app.enid
        .storage()
        .list_conversations(1, None, Default::default())
        .await
        .unwrap()
        .count
}

async fn bad_messages_and_unknown_conversations_store_nothing(backend: Backend) {
    let app = App::new(&backend).await;
    for bad in [
        json!({"message": "a"}),
        json!({"message": "   "}),
        json!({"message": "x".repeat(1001)}),
        json!({"message": "hola\u{0007}"}),
    ] {
        chat(&app, bad).await.invalid_fields(&["message"]);
    }
    chat(&app, json!({})).await.invalid_fields(&["message"]);
    chat(&app, json!({"message": 5}))
        .await
        .invalid_fields(&["message"]);
    chat(&app, json!({"message": "hola", "conversation_id": "nope"}))
        .await
        .invalid_fields(&["conversation_id"]);
    chat(
        &app,
        json!({"message": "hola", "conversation_id": "0b6d9a5e-25f4-4a5e-9a4f-4c1a3f2e9d11"}),
    )
    .await
    .error(404, "conversation_not_found");
    assert_eq!(conversation_count(&app).await, 0);
    let longest = chat(&app, json!({"message": "y".repeat(1000)})).await;
    longest.ok(201);
    assert_eq!(conversation_count(&app).await, 1);
}

async fn conversations_are_read_by_uuid_listed_by_staff_and_owners(backend: Backend) {
    let app = App::new(&backend).await;
    let staff = member(&app, 1, Role::Staff).await;
    let customer = member(&app, 1, Role::Customer).await;
    let other_customer = member(&app, 1, Role::Customer).await;
    let anonymous = chat(&app, json!({"message": "Hola, ¿qué venden?"})).await;
    let anonymous_id = anonymous.ok(201)["conversation_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let own = app
        .post("/assistant/chat/")
        .bearer(&customer.access)
        .body_json(&json!({"message": "Quiero un banco"}))
        .reply()
        .await;
    let own_id = own.ok(201)["conversation_id"].as_str().unwrap().to_owned();

    app.get("/conversation/")
        .reply()
        .await
        .error(401, "not_authenticated");
    let all = app
        .get("/conversation/")
        .bearer(&staff.access)
        .reply()
        .await;
    assert_eq!(all.ok(200)["count"], 2);
    let mine = app
        .get("/conversation/")
        .bearer(&customer.access)
        .reply()
        .await;
    let mine = mine.ok(200);
    assert_eq!(mine["count"], 1);
    assert_eq!(mine["results"][0]["conversation_id"], own_id.as_str());
    assert!(mine["results"][0]["user_id"].as_i64().is_some());
    let theirs = app
        .get("/conversation/")
        .bearer(&other_customer.access)
        .reply()
        .await;
    assert_eq!(theirs.ok(200)["count"], 0);

    let read = app
        .get(&format!("/conversation/{anonymous_id}/"))
        .reply()
        .await;
    assert_eq!(read.ok(200)["conversation_id"], anonymous_id.as_str());
    let messages = app
        .get(&format!("/message/?conversation_id={anonymous_id}"))
        .reply()
        .await;
    let messages = messages.ok(200);
    assert_eq!(messages["count"], 2);
    assert_eq!(messages["results"][0]["role"], "user");
    assert_eq!(messages["results"][1]["role"], "assistant");
    app.get("/message/?conversation_id=not-a-uuid")
        .reply()
        .await
        .error(404, "conversation_not_found");
    app.get("/conversation/3f1c1b8e-0000-4000-8000-000000000000/")
        .reply()
        .await
        .error(404, "conversation_not_found");

    let path = format!("/conversation/{own_id}/");
    app.cli
        .delete(&path)
        .reply()
        .await
        .error(401, "not_authenticated");
    app.cli
        .delete(&path)
        .bearer(&other_customer.access)
        .reply()
        .await
        .error(403, "permission_denied");
    assert_eq!(app.get(&path).reply().await.status.as_u16(), 200);
    assert_eq!(
        app.cli
            .delete(&path)
            .bearer(&customer.access)
            .reply()
            .await
            .status
            .as_u16(),
        204
    );
    app.get(&path)
        .reply()
        .await
        .error(404, "conversation_not_found");
    let by_staff = app
        .cli
        .delete(format!("/conversation/{anonymous_id}/"))
        .bearer(&staff.access)
        .reply()
        .await;
    assert_eq!(by_staff.status.as_u16(), 204);
    assert_eq!(conversation_count(&app).await, 0);
}

async fn settings_are_for_admins_and_replaced_whole(backend: Backend) {
    let app = App::new(&backend).await;
    let staff = member(&app, 1, Role::Staff).await;
    let admin = member(&app, 1, Role::Admin).await;
    app.get("/assistant/settings/")
        .bearer(&staff.access)
        .reply()
        .await
        .error(403, "permission_denied");
    let defaults = app
        .get("/assistant/settings/")
        .bearer(&admin.access)
        .reply()
        .await;
    let defaults = defaults.ok(200);
    assert_eq!(defaults["history_turns"], 10);
    assert_eq!(defaults["provider"], Value::Null);
    assert!(defaults["persona"].as_str().unwrap().contains("asistente"));

    let put = |token: &Tokens, body: Value| {
        let token = token.access.clone();
        let app = &app;
        async move {
            app.cli
                .put("/assistant/settings/")
                .bearer(&token)
                .body_json(&body)
                .reply()
                .await
        }
    };
    put(&staff, json!({"persona": "x", "rules": [], "links": []}))
        .await
        .error(403, "permission_denied");
    put(
        &admin,
        json!({"persona": " ", "rules": ["ok", ""], "links": [{"title": "Web", "url": "ftp://x"}],
               "provider": "gemini", "history_turns": 0}),
    )
    .await
    .invalid_fields(&["history_turns", "links", "persona", "provider", "rules"]);
    put(
        &admin,
        json!({"persona": "x", "rules": [], "links": [], "provider": "claude"}),
    )
    .await
    .invalid_fields(&["provider"]);
    let unchanged = app
        .get("/assistant/settings/")
        .bearer(&admin.access)
        .reply()
        .await;
    assert_eq!(unchanged.ok(200), defaults);

    let saved = put(
        &admin,
        json!({"persona": "Eres Enid.", "rules": ["Sé breve."],
               "links": [{"title": "Correo", "url": "https://tienda.example.mx/contacto"}],
               "provider": "offline", "model": null, "history_turns": 3}),
    )
    .await;
    let saved = saved.ok(200).clone();
    assert_eq!(saved["provider"], "offline");
    assert_eq!(saved["history_turns"], 3);
    let read = app
        .get("/assistant/settings/")
        .bearer(&admin.access)
        .reply()
        .await;
    assert_eq!(read.ok(200), &saved);
    let replaced = put(
        &admin,
        json!({"persona": "Otra.", "rules": [], "links": []}),
    )
    .await;
    let replaced = replaced.ok(200);
    assert_eq!(replaced["rules"], json!([]));
    assert_eq!(replaced["provider"], Value::Null);
    assert_eq!(replaced["history_turns"], 10);
}

async fn knowledge_is_managed_by_staff(backend: Backend) {
    let app = App::new(&backend).await;
    let staff = member(&app, 1, Role::Staff).await;
    let customer = member(&app, 1, Role::Customer).await;
    app.get("/assistant/knowledge/")
        .reply()
        .await
        .error(401, "not_authenticated");
    post(
        &app,
        &customer,
        "/assistant/knowledge/",
        json!({"title": "x", "body": "y"}),
    )
    .await
    .error(403, "permission_denied");
    post(
        &app,
        &staff,
        "/assistant/knowledge/",
        json!({"title": "", "body": " ", "url": "javascript:alert(1)", "tags": ["x".repeat(51)]}),
    )
    .await
    .invalid_fields(&["body", "tags", "title", "url"]);
    let created = post(
        &app,
        &staff,
        "/assistant/knowledge/",
        json!({"title": "Política de garantía", "body": "Un año en estructura.",
               "url": "https://tienda.example.mx/garantia", "tags": ["garantía", "garantía"]}),
    )
    .await;
    let created = created.ok(201).clone();
    assert_eq!(created["tags"], json!(["garantía"]));
    let path = format!("/assistant/knowledge/{}/", created["id"]);
    let patched = app
        .patch(&path)
        .bearer(&staff.access)
        .body_json(&json!({"body": "Dos años en estructura.", "url": null}))
        .reply()
        .await;
    let patched = patched.ok(200);
    assert_eq!(patched["title"], "Política de garantía");
    assert_eq!(patched["url"], Value::Null);
    let list = app
        .get("/assistant/knowledge/")
        .bearer(&staff.access)
        .reply()
        .await;
    assert_eq!(list.ok(200)["count"], 1);
    let answer = chat(&app, json!({"message": "¿Cuánta garantía tiene?"})).await;
    assert!(
        answer.ok(201)["ai_response"]["content"]
            .as_str()
            .unwrap()
            .contains("Dos años")
    );
    assert_eq!(
        app.cli
            .delete(&path)
            .bearer(&staff.access)
            .reply()
            .await
            .status
            .as_u16(),
        204
    );
    app.get(&path)
        .bearer(&staff.access)
        .reply()
        .await
        .error(404, "knowledge_not_found");
}

async fn turns_are_limited_per_ip_and_per_conversation(backend: Backend) {
    let mut setup = Setup::default();
    setup.config.rate_assistant = Some(RateLimit::new(3, Duration::from_secs(60)));
    setup.http = HttpConfig {
        trust_forwarded: true,
        ..HttpConfig::default()
    };
    let app = App::with(&backend, setup).await;
    let from = |ip: &str, body: Value| {
        app.post("/assistant/chat/")
            .header("X-Forwarded-For", ip)
            .body_json(&body)
            .reply()
    };
    let first = from("10.0.0.1", json!({"message": "Hola"})).await;
    let id = first.ok(201)["conversation_id"]
        .as_str()
        .unwrap()
        .to_owned();
    for ip in ["10.0.0.2", "10.0.0.3", "10.0.0.4"] {
        from(ip, json!({"message": "¿Y envíos?", "conversation_id": id}))
            .await
            .ok(201);
    }
    let limited = from(
        "10.0.0.5",
        json!({"message": "¿Y pagos?", "conversation_id": id}),
    )
    .await;
    limited.error(429, "rate_limited");
    assert!(limited.header("retry-after").is_some());
    for _ in 0..2 {
        from("10.0.0.1", json!({"message": "Otra pregunta"}))
            .await
            .ok(201);
    }
    let limited = from("10.0.0.1", json!({"message": "Una más"})).await;
    limited.error(429, "rate_limited");
    assert!(limited.header("retry-after").is_some());
    let stored = app.get(&format!("/conversation/{id}/")).reply().await;
    assert_eq!(
        stored.ok(200)["message_count"],
        8,
        "refused turns store nothing"
    );
}

/// `(event, data)` of each server-sent event of a body.
pub fn events(text: &str) -> Vec<(String, Value)> {
    text.split("\n\n")
        .filter(|block| !block.trim().is_empty())
        .map(|block| {
            let mut event = String::new();
            let mut data = String::new();
            for line in block.lines() {
                if let Some(value) = line.strip_prefix("event:") {
                    event = value.trim().to_owned();
                } else if let Some(value) = line.strip_prefix("data:") {
                    data.push_str(value.trim_start());
                }
            }
            (event, serde_json::from_str(&data).unwrap_or(Value::Null))
        })
        .collect()
}

async fn a_streamed_turn_sends_deltas_then_the_stored_turn(backend: Backend) {
    let app = App::new(&backend).await;
    let staff = member(&app, 1, Role::Staff).await;
    faqs(&app, &staff).await;
    let reply = app
        .post("/assistant/chat/stream/")
        .body_json(&json!({"message": "¿Hacen envíos a Monterrey?"}))
        .reply()
        .await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text);
    assert!(
        reply
            .header("content-type")
            .is_some_and(|ct| ct.starts_with("text/event-stream"))
    );
    let events = events(&reply.text);
    let (last, done) = events.last().unwrap();
    assert_eq!(last, "done", "{}", reply.text);
    let deltas: String = events
        .iter()
        .filter(|(event, _)| event == "delta")
        .map(|(_, data)| data["delta"].as_str().unwrap())
        .collect();
    assert_eq!(done["ai_response"]["content"].as_str().unwrap(), deltas);
    assert!(deltas.contains("dos días hábiles"));
    let id = done["conversation_id"].as_str().unwrap();
    let stored = app.get(&format!("/conversation/{id}/")).reply().await;
    assert_eq!(stored.ok(200)["message_count"], 2);

    // Refusals come before the stream, as ordinary errors.
    app.post("/assistant/chat/stream/")
        .body_json(&json!({"message": "x"}))
        .reply()
        .await
        .invalid_fields(&["message"]);
}

async fn another_store_sees_and_changes_nothing(backend: Backend) {
    let app = App::new(&backend).await;
    let north = app.store("Norte", None).await;
    let north_staff = member(&app, north.id, Role::Staff).await;
    let staff = member(&app, 1, Role::Staff).await;
    faqs(&app, &staff).await;
    let knowledge = post(
        &app,
        &staff,
        "/assistant/knowledge/",
        json!({"title": "Banco", "body": "Acero."}),
    )
    .await;
    let knowledge_path = format!("/assistant/knowledge/{}/", knowledge.ok(201)["id"]);
    let turn = chat(&app, json!({"message": "¿Hacen envíos a Monterrey?"})).await;
    let id = turn.ok(201)["conversation_id"].as_str().unwrap().to_owned();

    // The north store's assistant knows nothing of the default store's FAQs.
    let north_turn = app
        .post("/assistant/chat/")
        .store(north.id)
        .body_json(&json!({"message": "¿Hacen envíos a Monterrey?"}))
        .reply()
        .await;
    let answer = north_turn.ok(201)["ai_response"]["content"]
        .as_str()
        .unwrap();
    assert!(!answer.contains("dos días hábiles"), "{answer}");
    app.post("/assistant/chat/")
        .store(north.id)
        .body_json(&json!({"message": "Sigo aquí", "conversation_id": id}))
        .reply()
        .await
        .error(404, "conversation_not_found");
    app.get(&format!("/conversation/{id}/"))
        .store(north.id)
        .reply()
        .await
        .error(404, "conversation_not_found");
    app.cli
        .delete(format!("/conversation/{id}/"))
        .store(north.id)
        .bearer(&north_staff.access)
        .reply()
        .await
        .error(404, "conversation_not_found");
    let listed = app
        .get("/conversation/")
        .store(north.id)
        .bearer(&north_staff.access)
        .reply()
        .await;
    assert_eq!(
        listed.ok(200)["count"],
        1,
        "only the north store's own turn"
    );
    app.get(&knowledge_path)
        .store(north.id)
        .bearer(&north_staff.access)
        .reply()
        .await
        .error(404, "knowledge_not_found");
    app.get(&knowledge_path)
        .bearer(&north_staff.access)
        .reply()
        .await
        .error(403, "permission_denied");
    let stored = app.get(&format!("/conversation/{id}/")).reply().await;
    assert_eq!(stored.ok(200)["message_count"], 2);
}

/// A turn reads the store's settings and return cards through the cache; every write of either
/// is seen by the next turn, on the instance that wrote and on another sharing its cache.
async fn answer(app: &App, message: &str) -> String {
    let reply = chat(app, json!({ "message": message })).await;
    reply.ok(201)["ai_response"]["content"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn turns_follow_every_settings_and_card_write_on_every_instance(backend: Backend) {
    let app = App::new(&backend).await;
    let (writer, reader) = app.two_instances_sharing_a_cache().await;
    let admin = member(&app, 1, Role::Admin).await;
    let unanswerable = "¿Venden cohetes espaciales?";
    assert!(!answer(&reader, unanswerable).await.contains("wa.me"));

    for phone in ["5215550000000", "5215551111111"] {
        writer
            .cli
            .put("/assistant/settings/")
            .bearer(&admin.access)
            .body_json(
                &json!({"persona": "Eres la asesora de la tienda.", "rules": [],
                "links": [{"title": "WhatsApp", "url": format!("https://wa.me/{phone}")}]}),
            )
            .reply()
            .await
            .ok(200);
        let said = answer(&reader, unanswerable).await;
        assert!(said.contains(&format!("https://wa.me/{phone}")), "{said}");
    }

    let question = "¿Puedo cambiar la talla de mis tenis?";
    assert!(!answer(&reader, question).await.contains("sin costo"));
    let card = post(
        &writer,
        &admin,
        "/returns/",
        json!({"ask": "¿Puedo cambiar la talla de mis tenis?",
               "short_answer": "Sí, cambiamos la talla sin costo.",
               "path_seccion": "/cambios", "call_to_action": "Cambiar talla"}),
    )
    .await;
    let path = format!("/returns/{}/", card.ok(201)["id"].as_i64().unwrap());
    let said = answer(&reader, question).await;
    assert!(said.contains("sin costo"), "{said}");
    writer
        .cli
        .patch(&path)
        .bearer(&admin.access)
        .body_json(&json!({"short_answer": "Sí, cambiamos la talla en tienda."}))
        .reply()
        .await
        .ok(200);
    let said = answer(&reader, question).await;
    assert!(
        said.contains("en tienda") && !said.contains("sin costo"),
        "{said}"
    );
    writer
        .cli
        .delete(&path)
        .bearer(&admin.access)
        .reply()
        .await
        .ok(204);
    assert!(!answer(&reader, question).await.contains("en tienda"));
}
