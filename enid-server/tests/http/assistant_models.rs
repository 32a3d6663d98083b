//! The gemini and openai providers against a small model server started in each test on
//! 127.0.0.1:0: the request the real API expects (path, key header, roles, system instruction,
//! history order, the user's text only in the turns), its response shapes (plain and streamed),
//! errors, a timeout, a 429 then success, a safety block; failures as 503 that keep the user's
//! message; the first-turn answer cache; one model call for concurrent identical first questions;
//! and a client leaving mid-stream.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use poem::http::StatusCode;
use poem::{Body, EndpointExt, Response};
use serde_json::{Value, json};

use enid_core::assistant::{AssistantConfig, Provider};
use enid_core::config::Secret;
use enid_core::stores::Role;
use enid_storage::testing::WriteLock;

use crate::assistant::events;
use crate::support::{App, Backend, Call, Reply, Setup, Tokens, on_every_backend};

on_every_backend!(
    gemini_gets_the_request_its_api_expects,
    gemini_streams_its_answer_as_deltas,
    gemini_failures_are_friendly_503s_that_keep_the_message,
    gemini_retries_429_and_5xx_and_refuses_safety_blocks,
    a_slow_model_times_out,
    openai_gets_the_request_its_api_expects_and_streams,
    first_answers_are_cached_until_an_faq_changes,
    concurrent_identical_first_questions_ask_the_model_once,
    a_client_leaving_mid_stream_keeps_a_consistent_conversation,
    turns_ask_the_model_while_their_message_commits,
    a_client_leaving_while_its_message_commits_keeps_it,
);

const GEMINI_KEY: &str = "test-google-key-123";
const OPENAI_KEY: &str = "sk-test-456";

/// One answer of the fake model server.
#[derive(Clone)]
struct Scripted {
    status: u16,
    content_type: &'static str,
    /// Sent in this order, `pause` apart (one chunk for a plain answer).
    chunks: Vec<String>,
    pause: Duration,
    retry_after: Option<u64>,
}

impl Scripted {
    fn json(status: u16, body: Value) -> Self {
        Self {
            status,
            content_type: "application/json",
            chunks: vec![body.to_string()],
            pause: Duration::ZERO,
            retry_after: None,
        }
    }

    fn events(chunks: &[Value], pause: Duration) -> Self {
        Self {
            status: 200,
            content_type: "text/event-stream",
            chunks: chunks
                .iter()
                .map(|c| format!("data: {c}\r\n\r\n"))
                .collect(),
            pause,
            retry_after: None,
        }
    }

    fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// Waits `pause` before the answer (and between chunks).
    fn slow(mut self, pause: Duration) -> Self {
        self.pause = pause;
        self
    }
}

/// A request the fake server received.
#[derive(Debug, Clone)]
struct Received {
    /// Path and query.
    uri: String,
    headers: poem::http::HeaderMap,
    body: Value,
}

/// A model server on a free local port answering from a script (its last answer repeats).
struct FakeModel {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl FakeModel {
    async fn start(script: Vec<Scripted>) -> Self {
        let received = Arc::new(Mutex::new(Vec::new()));
        let seen = received.clone();
        let endpoint = poem::endpoint::make(move |req: poem::Request| {
            let seen = seen.clone();
            let script = script.clone();
            async move {
                let uri = req.uri().to_string();
                let headers = req.headers().clone();
                let bytes = req.into_body().into_vec().await.unwrap_or_default();
                let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                let index = {
                    let mut seen = seen.lock().unwrap();
                    seen.push(Received { uri, headers, body });
                    seen.len() - 1
                };
                let answer = script[index.min(script.len() - 1)].clone();
                tokio::time::sleep(answer.pause).await;
                let pause = answer.pause;
                let chunks = futures::stream::iter(answer.chunks).then(move |chunk| async move {
                    tokio::time::sleep(pause).await;
                    Ok::<_, std::io::Error>(chunk)
                });
                let mut response = Response::builder()
                    .status(StatusCode::from_u16(answer.status).unwrap())
                    .content_type(answer.content_type);
                if let Some(seconds) = answer.retry_after {
                    response = response.header("Retry-After", seconds.to_string());
                }
                response.body(Body::from_bytes_stream(chunks))
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let acceptor = poem::listener::TcpAcceptor::from_tokio(listener).unwrap();
        tokio::spawn(poem::Server::new_with_acceptor(acceptor).run(endpoint.map_to_response()));
        Self { url, received }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

fn gemini_answer(text: &str) -> Value {
    json!({
        "candidates": [{"content": {"role": "model", "parts": [{"text": text}]},
                        "finishReason": "STOP", "index": 0}],
        "usageMetadata": {"promptTokenCount": 321, "candidatesTokenCount": 17,
                          "totalTokenCount": 338},
        "modelVersion": "gemini-2.5-flash"
    })
}

fn gemini_chunk(text: &str) -> Value {
    json!({"candidates": [{"content": {"role": "model", "parts": [{"text": text}]}, "index": 0}]})
}

fn setup(provider: Provider, model_url: &str, timeout: Duration) -> Setup {
    let mut setup = Setup::default();
    setup.config.assistant = AssistantConfig {
        provider,
        timeout,
        google_api_key: Some(Secret::new(GEMINI_KEY)),
        gemini_base_url: model_url.to_owned(),
        openai_base_url: Some(format!("{model_url}/v1")),
        openai_api_key: Some(Secret::new(OPENAI_KEY)),
        ..AssistantConfig::default()
    };
    setup
}

async fn app_with(backend: &Backend, provider: Provider, model: &FakeModel) -> App {
    App::with(
        backend,
        setup(provider, &model.url, Duration::from_secs(10)),
    )
    .await
}

async fn staff(app: &App) -> Tokens {
    let user = app.user(Some((1, Role::Staff))).await;
    app.login(&user).await
}

/// A visible FAQ about shipping and a hidden one; returns the visible one's path.
async fn shipping_faqs(app: &App, staff: &Tokens) -> String {
    let category = app
        .post("/faqs/categories/")
        .bearer(&staff.access)
        .body_json(&json!({"name": "Envíos"}))
        .reply()
        .await
        .ok(201)["id"]
        .clone();
    let visible = app
        .post("/faqs/")
        .bearer(&staff.access)
        .body_json(
            &json!({"category": category, "ask": "¿Hacen envíos a Monterrey?",
                           "answer": "Sí, en dos días hábiles."}),
        )
        .reply()
        .await;
    app.post("/faqs/")
        .bearer(&staff.access)
        .body_json(
            &json!({"category": category, "ask": "Envíos de bodega interna",
                           "answer": "Clave interna ZORRO-77.", "is_visible": false}),
        )
        .reply()
        .await
        .ok(201);
    format!("/faqs/{}/", visible.ok(201)["id"])
}

async fn chat(app: &App, body: Value) -> Reply {
    app.post("/assistant/chat/").body_json(&body).reply().await
}

async fn messages(app: &App, id: &str) -> Vec<Value> {
    let reply = app.get(&format!("/conversation/{id}/")).reply().await;
    reply.ok(200)["messages"].as_array().unwrap().clone()
}

async fn gemini_gets_the_request_its_api_expects(backend: Backend) {
    let model = FakeModel::start(vec![Scripted::json(
        200,
        gemini_answer("¡Claro! Enviamos a Monterrey en dos días hábiles."),
    )])
    .await;
    let app = app_with(&backend, Provider::Gemini, &model).await;
    let staff = staff(&app).await;
    shipping_faqs(&app, &staff).await;
    let first = chat(&app, json!({"message": "¿Hacen envíos a Monterrey?"})).await;
    let body = first.ok(201);
    assert_eq!(
        body["ai_response"]["content"],
        "¡Claro! Enviamos a Monterrey en dos días hábiles."
    );
    assert_eq!(body["ai_response"]["provider"], "gemini");
    let id = body["conversation_id"].as_str().unwrap().to_owned();
    chat(
        &app,
        json!({"message": "¿Y cuánto cuesta el envío?", "conversation_id": id}),
    )
    .await
    .ok(201);

    let received = model.received();
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(
            request.uri,
            "/v1beta/models/gemini-2.5-flash:generateContent"
        );
        assert_eq!(request.headers["x-goog-api-key"], GEMINI_KEY);
        assert!(
            !request.uri.contains(GEMINI_KEY),
            "the key is never in the URL"
        );
        let system = request.body["systemInstruction"]["parts"][0]["text"]
            .as_str()
            .unwrap();
        assert!(system.contains("asistente"), "the persona: {system}");
        assert!(
            system.contains("Sí, en dos días hábiles."),
            "the match: {system}"
        );
        assert!(!system.contains("ZORRO"), "hidden FAQs never reach a model");
        assert!(!system.contains("¿Y cuánto cuesta"), "user text stays out");
    }
    let second = &received[1].body["contents"];
    let roles: Vec<&str> = second
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["user", "model", "user"]);
    assert_eq!(second[0]["parts"][0]["text"], "¿Hacen envíos a Monterrey?");
    assert_eq!(
        second[1]["parts"][0]["text"],
        "¡Claro! Enviamos a Monterrey en dos días hábiles."
    );
    assert_eq!(second[2]["parts"][0]["text"], "¿Y cuánto cuesta el envío?");

    let stored = messages(&app, &id).await;
    assert_eq!(stored[1]["model"], "gemini-2.5-flash");
    assert_eq!(stored[1]["prompt_tokens"], 321);
    assert_eq!(stored[1]["completion_tokens"], 17);
    assert!(stored[1]["latency_ms"].as_i64().is_some());
}

async fn gemini_streams_its_answer_as_deltas(backend: Backend) {
    let mut last = gemini_chunk(" en dos días.");
    last["usageMetadata"] = json!({"promptTokenCount": 200, "candidatesTokenCount": 9});
    let model = FakeModel::start(vec![Scripted::events(
        &[
            gemini_chunk("Sí, enviamos"),
            gemini_chunk(" a Monterrey"),
            last,
        ],
        Duration::from_millis(10),
    )])
    .await;
    let app = app_with(&backend, Provider::Gemini, &model).await;
    let reply = app
        .post("/assistant/chat/stream/")
        .body_json(&json!({"message": "¿Hacen envíos a Monterrey?"}))
        .reply()
        .await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text);
    let events = events(&reply.text);
    let deltas: Vec<&str> = events
        .iter()
        .filter(|(event, _)| event == "delta")
        .map(|(_, data)| data["delta"].as_str().unwrap())
        .collect();
    assert_eq!(deltas, ["Sí, enviamos", " a Monterrey", " en dos días."]);
    let (event, done) = events.last().unwrap();
    assert_eq!(event, "done");
    assert_eq!(
        done["ai_response"]["content"],
        "Sí, enviamos a Monterrey en dos días."
    );
    let received = model.received();
    assert_eq!(
        received[0].uri,
        "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
    );
    let stored = messages(&app, done["conversation_id"].as_str().unwrap()).await;
    assert_eq!(stored[1]["completion_tokens"], 9);
}

async fn gemini_failures_are_friendly_503s_that_keep_the_message(backend: Backend) {
    let upstream = json!({"error": {"code": 400, "message": "API key not valid. UPSTREAM-SECRET",
                                    "status": "INVALID_ARGUMENT"}});
    let model = FakeModel::start(vec![
        Scripted::json(400, upstream),
        Scripted::json(200, gemini_answer("Ya estoy de vuelta.")),
    ])
    .await;
    let app = app_with(&backend, Provider::Gemini, &model).await;
    let failed = chat(&app, json!({"message": "¿Tienen mancuernas?"})).await;
    let body = failed.error(503, "assistant_unavailable");
    assert!(!failed.text.contains("UPSTREAM"), "{}", failed.text);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("inténtalo de nuevo")
    );
    let id = body["conversation_id"].as_str().unwrap().to_owned();
    assert_eq!(model.received().len(), 1, "a 400 is not retried");
    let stored = messages(&app, &id).await;
    assert_eq!(
        stored.len(),
        1,
        "the user's message is kept, no answer stored"
    );
    assert_eq!(stored[0]["content"], "¿Tienen mancuernas?");

    let next = chat(
        &app,
        json!({"message": "¿Sigues ahí?", "conversation_id": id}),
    )
    .await;
    assert_eq!(
        next.ok(201)["ai_response"]["content"],
        "Ya estoy de vuelta."
    );
    assert_eq!(messages(&app, &id).await.len(), 3);
}

async fn gemini_retries_429_and_5xx_and_refuses_safety_blocks(backend: Backend) {
    let busy = json!({"error": {"code": 429, "status": "RESOURCE_EXHAUSTED"}});
    let model = FakeModel::start(vec![
        Scripted::json(429, busy).with_retry_after(0),
        Scripted::json(200, gemini_answer("Respuesta tras esperar.")),
        Scripted::json(500, json!({"error": {"code": 500}})).with_retry_after(0),
        Scripted::json(503, json!({"error": {"code": 503}})).with_retry_after(0),
        Scripted::json(500, json!({"error": {"code": 500}})).with_retry_after(0),
        Scripted::json(200, json!({"promptFeedback": {"blockReason": "SAFETY"}})),
        Scripted::json(
            200,
            json!({"candidates": [{"finishReason": "SAFETY", "index": 0}]}),
        ),
        Scripted::json(200, json!({"candidates": []})),
    ])
    .await;
    let app = app_with(&backend, Provider::Gemini, &model).await;
    let retried = chat(&app, json!({"message": "Hola, ¿qué tal?"})).await;
    assert_eq!(
        retried.ok(201)["ai_response"]["content"],
        "Respuesta tras esperar."
    );
    assert_eq!(model.received().len(), 2);
    let down = chat(&app, json!({"message": "Servidor caído"})).await;
    down.error(503, "assistant_unavailable");
    assert_eq!(
        model.received().len(),
        5,
        "three tries of a failing server, then a 503"
    );
    for question in [
        "Pregunta bloqueada",
        "Respuesta bloqueada",
        "Sin candidatos",
    ] {
        let blocked = chat(&app, json!({"message": question})).await;
        blocked.error(503, "assistant_unavailable");
        let id = blocked.body["conversation_id"].as_str().unwrap().to_owned();
        assert_eq!(messages(&app, &id).await.len(), 1, "{question}");
    }
    assert_eq!(model.received().len(), 8);
}

async fn a_slow_model_times_out(backend: Backend) {
    let model = FakeModel::start(vec![
        Scripted::json(200, gemini_answer("Demasiado tarde.")).slow(Duration::from_secs(5)),
    ])
    .await;
    let app = App::with(
        &backend,
        setup(Provider::Gemini, &model.url, Duration::from_millis(300)),
    )
    .await;
    let reply = chat(&app, json!({"message": "¿Hay alguien?"})).await;
    reply.error(503, "assistant_unavailable");
    let id = reply.body["conversation_id"].as_str().unwrap().to_owned();
    assert_eq!(messages(&app, &id).await.len(), 1);
}

async fn openai_gets_the_request_its_api_expects_and_streams(backend: Backend) {
    let plain = json!({
        "id": "chatcmpl-1", "object": "chat.completion", "model": "llama-3.1-8b",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hola, soy Enid."},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 150, "completion_tokens": 6, "total_tokens": 156}
    });
    let chunk = |text: &str| {
        json!({"id": "c", "object": "chat.completion.chunk", "model": "llama-3.1-8b",
               "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": null}]})
    };
    let usage = json!({"id": "c", "object": "chat.completion.chunk", "model": "llama-3.1-8b",
                       "choices": [], "usage": {"prompt_tokens": 160, "completion_tokens": 4}});
    let mut streamed = Scripted::events(
        &[chunk("Con gusto"), chunk(" te ayudo."), usage],
        Duration::ZERO,
    );
    streamed.chunks.push("data: [DONE]\r\n\r\n".to_owned());
    let model = FakeModel::start(vec![Scripted::json(200, plain), streamed]).await;
    let app = app_with(&backend, Provider::OpenAi, &model).await;
    let first = chat(&app, json!({"message": "¿Quién eres?"})).await;
    let body = first.ok(201);
    assert_eq!(body["ai_response"]["content"], "Hola, soy Enid.");
    assert_eq!(body["ai_response"]["provider"], "openai");
    let id = body["conversation_id"].as_str().unwrap().to_owned();
    let reply = app
        .post("/assistant/chat/stream/")
        .body_json(&json!({"message": "¿Me ayudas?", "conversation_id": id}))
        .reply()
        .await;
    let events = events(&reply.text);
    let (event, done) = events.last().unwrap();
    assert_eq!(event, "done", "{}", reply.text);
    assert_eq!(done["ai_response"]["content"], "Con gusto te ayudo.");

    let received = model.received();
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(request.uri, "/v1/chat/completions");
        assert_eq!(
            request.headers["authorization"],
            format!("Bearer {OPENAI_KEY}")
        );
        assert_eq!(request.body["model"], "gpt-4o-mini");
        assert_eq!(request.body["messages"][0]["role"], "system");
    }
    assert_eq!(received[0].body.get("stream"), None);
    assert_eq!(received[1].body["stream"], true);
    let turns: Vec<(&str, &str)> = received[1].body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .map(|m| (m["role"].as_str().unwrap(), m["content"].as_str().unwrap()))
        .collect();
    assert_eq!(
        turns,
        [
            ("user", "¿Quién eres?"),
            ("assistant", "Hola, soy Enid."),
            ("user", "¿Me ayudas?")
        ]
    );
    let system = received[1].body["messages"][0]["content"].as_str().unwrap();
    assert!(!system.contains("¿Me ayudas?"));
    let stored = messages(&app, &id).await;
    assert_eq!(stored[1]["model"], "llama-3.1-8b");
    assert_eq!(stored[3]["prompt_tokens"], 160);
}

async fn first_answers_are_cached_until_an_faq_changes(backend: Backend) {
    let model = FakeModel::start(vec![
        Scripted::json(200, gemini_answer("Primera respuesta del modelo.")),
        Scripted::json(200, gemini_answer("Respuesta tras el cambio.")),
    ])
    .await;
    let app = app_with(&backend, Provider::Gemini, &model).await;
    let staff = staff(&app).await;
    let faq = shipping_faqs(&app, &staff).await;
    let first = chat(&app, json!({"message": "¿Hacen envíos a Monterrey?"})).await;
    assert_eq!(first.ok(201)["ai_response"]["cached"], false);
    // Another visitor asks the same, written differently: a hit.
    let hit = chat(&app, json!({"message": "¿hacen ENVIOS a monterrey"})).await;
    let hit = hit.ok(201);
    assert_eq!(hit["ai_response"]["cached"], true);
    assert_eq!(hit["ai_response"]["provider"], "gemini");
    assert_eq!(
        hit["ai_response"]["content"],
        "Primera respuesta del modelo."
    );
    assert_ne!(hit["conversation_id"], first.body["conversation_id"]);
    assert_eq!(model.received().len(), 1);
    let stored = messages(&app, hit["conversation_id"].as_str().unwrap()).await;
    assert_eq!(stored[1]["cached"], true);

    app.patch(&faq)
        .bearer(&staff.access)
        .body_json(&json!({"answer": "Sí, en tres días hábiles."}))
        .reply()
        .await
        .ok(200);
    let miss = chat(&app, json!({"message": "¿Hacen envíos a Monterrey?"})).await;
    let miss = miss.ok(201);
    assert_eq!(miss["ai_response"]["cached"], false);
    assert_eq!(miss["ai_response"]["content"], "Respuesta tras el cambio.");
    assert_eq!(model.received().len(), 2);
    let system = model.received()[1].body["systemInstruction"]["parts"][0]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(system.contains("tres días"), "{system}");
}

async fn concurrent_identical_first_questions_ask_the_model_once(backend: Backend) {
    let model = FakeModel::start(vec![
        Scripted::json(200, gemini_answer("Una sola llamada.")).slow(Duration::from_millis(300)),
    ])
    .await;
    let app = app_with(&backend, Provider::Gemini, &model).await;
    let turns = futures::future::join_all(
        (0..6).map(|_| chat(&app, json!({"message": "¿Tienen tienda física?"}))),
    )
    .await;
    let mut cached = 0;
    for turn in &turns {
        let body = turn.ok(201);
        assert_eq!(body["ai_response"]["content"], "Una sola llamada.");
        if body["ai_response"]["cached"] == true {
            cached += 1;
        }
    }
    assert_eq!(model.received().len(), 1);
    assert_eq!(
        cached, 5,
        "one caller asked the model, the others waited for it"
    );
}

async fn a_client_leaving_mid_stream_keeps_a_consistent_conversation(backend: Backend) {
    let model = FakeModel::start(vec![Scripted::events(
        &[
            gemini_chunk("Primera parte"),
            gemini_chunk(" y la segunda."),
        ],
        Duration::from_millis(400),
    )])
    .await;
    let app = app_with(&backend, Provider::Gemini, &model).await;
    let response = app
        .post("/assistant/chat/stream/")
        .body_json(&json!({"message": "Cuéntame de los bancos"}))
        .send()
        .await
        .0;
    assert_eq!(response.status().as_u16(), 200);
    let mut body = response.into_body().into_bytes_stream();
    let first = body.next().await.unwrap().unwrap();
    let first = String::from_utf8_lossy(&first).into_owned();
    assert!(first.contains("event: delta"), "{first}");
    drop(body);
    // Long enough for the model to have finished, had the turn gone on.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let conversations = app
        .enid
        .storage()
        .list_conversations(1, None, Default::default())
        .await
        .unwrap();
    assert_eq!(conversations.count, 1);
    let id = conversations.items[0].id.to_string();
    let stored = messages(&app, &id).await;
    assert_eq!(
        stored.len(),
        1,
        "the message is kept, the unfinished answer is not"
    );
    assert_eq!(stored[0]["content"], "Cuéntame de los bancos");
    assert_eq!(conversations.items[0].message_count, 1);
}

/// Waits until the model was asked `calls` times in all (a few seconds at most).
async fn asked(model: &FakeModel, calls: usize) {
    for _ in 0..500 {
        if model.received().len() >= calls {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the model was not asked while the message waited for its commit");
}

/// The conversations of store 1, through storage (a streamed turn's client that left never
/// learnt its id).
async fn conversations(
    app: &App,
) -> enid_core::pagination::Page<enid_core::assistant::Conversation> {
    app.enid
        .storage()
        .list_conversations(1, None, Default::default())
        .await
        .unwrap()
}

async fn turns_ask_the_model_while_their_message_commits(backend: Backend) {
    let upstream = json!({"error": {"code": 400, "status": "INVALID_ARGUMENT"}});
    let model = FakeModel::start(vec![
        Scripted::json(200, gemini_answer("Tenemos bancos planos.")),
        Scripted::json(400, upstream),
        Scripted::json(200, gemini_answer("Tenemos barras olímpicas.")),
    ])
    .await;
    let app = app_with(&backend, Provider::Gemini, &model).await;
    let first = chat(&app, json!({"message": "¿Tienen bancos?"})).await;
    let id = first.ok(201)["conversation_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The model fails, then answers, while each turn's message waits for its commit.
    for (calls, question, status) in [(2, "¿Y mancuernas?", 503), (3, "¿Y barras?", 201)] {
        let lock = WriteLock::take(app.database_url(), "conversations").await;
        let answered = AtomicBool::new(false);
        let turn = async {
            let reply = chat(&app, json!({"message": question, "conversation_id": id})).await;
            answered.store(true, Ordering::SeqCst);
            reply
        };
        let release = async {
            asked(&model, calls).await;
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert!(
                !answered.load(Ordering::SeqCst),
                "{question}: answered before its message was stored"
            );
            lock.release().await;
        };
        let (reply, ()) = tokio::join!(turn, release);
        assert_eq!(reply.status.as_u16(), status, "{}", reply.text);
        assert_eq!(reply.body["conversation_id"], id.as_str());
    }
    let stored: Vec<(String, String)> = messages(&app, &id)
        .await
        .iter()
        .map(|m| {
            (
                m["role"].as_str().unwrap().to_owned(),
                m["content"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("user", "¿Tienen bancos?"),
        ("assistant", "Tenemos bancos planos."),
        ("user", "¿Y mancuernas?"),
        ("user", "¿Y barras?"),
        ("assistant", "Tenemos barras olímpicas."),
    ];
    assert_eq!(
        stored,
        expected.map(|(role, content)| (role.to_owned(), content.to_owned()))
    );
    assert_eq!(conversations(&app).await.items[0].message_count, 5);
}

async fn a_client_leaving_while_its_message_commits_keeps_it(backend: Backend) {
    let model = FakeModel::start(vec![Scripted::events(
        &[
            gemini_chunk("Primera parte"),
            gemini_chunk(" y la segunda."),
        ],
        Duration::from_millis(100),
    )])
    .await;
    let app = app_with(&backend, Provider::Gemini, &model).await;
    let lock = WriteLock::take(app.database_url(), "conversations").await;
    let request = app
        .post("/assistant/chat/stream/")
        .body_json(&json!({"message": "Cuéntame de las barras"}))
        .send();
    let response = tokio::time::timeout(Duration::from_secs(5), request)
        .await
        .expect("the answer streams while the message waits for its commit")
        .0;
    assert_eq!(response.status().as_u16(), 200);
    let mut body = response.into_body().into_bytes_stream();
    let first = body.next().await.unwrap().unwrap();
    let first = String::from_utf8_lossy(&first).into_owned();
    assert!(first.contains("event: delta"), "{first}");
    drop(body);
    lock.release().await;
    for _ in 0..500 {
        if conversations(&app).await.count > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Long enough for the model to have finished, had the turn gone on.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let conversations = conversations(&app).await;
    assert_eq!(conversations.count, 1, "the message is kept");
    let stored = messages(&app, &conversations.items[0].id.to_string()).await;
    assert_eq!(stored.len(), 1, "the unfinished answer is not");
    assert_eq!(stored[0]["content"], "Cuéntame de las barras");
}

/// Two instances on one database sharing Redis: an answer cached by one is a hit on the other, and
/// an FAQ edit on either makes both miss.
#[tokio::test]
async fn answers_cached_in_redis_are_shared_and_forgotten_by_every_instance() {
    let Some(redis_url) = enid_storage::testing::redis_url() else {
        return;
    };
    let model = FakeModel::start(vec![
        Scripted::json(200, gemini_answer("Respuesta compartida.")),
        Scripted::json(200, gemini_answer("Respuesta nueva.")),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("enid.db").display());
    let redis = enid_storage::redis::RedisBackend::connect(&redis_url)
        .await
        .unwrap();
    let config = setup(Provider::Gemini, &model.url, Duration::from_secs(10)).config;
    let mut instances = Vec::new();
    for _ in 0..2 {
        let storage = enid_storage::connect(&url).await.unwrap();
        let enid = enid_core::Enid::builder(storage)
            .config(config.clone())
            .cache(Arc::new(redis.cache()))
            .build()
            .await
            .unwrap();
        let cli = crate::support::client(enid_server::endpoint_with(
            enid.clone(),
            &enid_server::HttpConfig::default(),
        ));
        instances.push(cli);
    }
    let password = "staff-password-1";
    let email = format!("staff.{}@example.mx", uuid::Uuid::new_v4().simple());
    let storage = enid_storage::connect(&url).await.unwrap();
    let enid = enid_core::Enid::builder(storage)
        .config(config.clone())
        .build()
        .await
        .unwrap();
    enid.accounts()
        .create_user(enid_core::auth::NewMemberInput {
            email: email.clone(),
            name: "Staff".into(),
            password: password.into(),
            is_superuser: false,
            membership: Some((1, Role::Staff)),
        })
        .await
        .unwrap();
    let login = instances[1]
        .post("/login/")
        .body_json(&json!({"email": email, "password": password}))
        .reply()
        .await;
    let token = login.ok(200)["access_token"].as_str().unwrap().to_owned();
    let category = instances[1]
        .post("/faqs/categories/")
        .bearer(&token)
        .body_json(&json!({"name": "Envíos"}))
        .reply()
        .await;
    let faq = instances[1]
        .post("/faqs/")
        .bearer(&token)
        .body_json(
            &json!({"category": category.ok(201)["id"], "ask": "¿Hacen envíos?",
                           "answer": "Sí, a todo el país."}),
        )
        .reply()
        .await;
    let faq_path = format!("/faqs/{}/", faq.ok(201)["id"]);

    // A question no earlier run of this test asked, as Redis outlives test runs.
    let question = format!("¿Hacen envíos? Pedido {}", uuid::Uuid::new_v4().simple());
    let ask = |instance: usize| {
        instances[instance]
            .post("/assistant/chat/")
            .body_json(&json!({"message": question}))
            .reply()
    };
    let first = ask(0).await;
    assert_eq!(first.ok(201)["ai_response"]["cached"], false);
    let shared = ask(1).await;
    let shared = shared.ok(201);
    assert_eq!(shared["ai_response"]["cached"], true);
    assert_eq!(shared["ai_response"]["content"], "Respuesta compartida.");
    assert_eq!(model.received().len(), 1);

    instances[1]
        .patch(&faq_path)
        .bearer(&token)
        .body_json(&json!({"answer": "Sí, y gratis desde $999."}))
        .reply()
        .await
        .ok(200);
    let after = ask(0).await;
    let after = after.ok(201);
    assert_eq!(
        after["ai_response"]["cached"], false,
        "the other instance forgot it too"
    );
    assert_eq!(after["ai_response"]["content"], "Respuesta nueva.");
    assert_eq!(model.received().len(), 2);
}
