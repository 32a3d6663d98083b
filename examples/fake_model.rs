//! A stand-in for Google's Generative Language API for the assistant's benchmark: answers
//! `POST /v1beta/models/{model}:generateContent` after a fixed delay, and
//! `:streamGenerateContent?alt=sse` as four chunks spread over the same delay, in the response
//! shapes of the real API. Point Enid at it with `GOOGLE_API_KEY=any` and
//! `ENID_GEMINI_BASE_URL=http://127.0.0.1:PORT`.
//!
//! ```text
//! cargo run --release -p enid-examples --example fake_model -- --port 18189 --delay-ms 200
//! ```
//!
//! It shares the machine with the server it measures, so it spends as little CPU as it can: the
//! bodies are rendered once, and one thread serves every call.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use clap::Parser;
use futures::StreamExt;
use poem::http::StatusCode;
use poem::listener::TcpListener;
use poem::web::Data;
use poem::{Body, EndpointExt, Request, Response, Route, Server, handler, post};
use serde_json::json;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 18189)]
    port: u16,
    /// How long each answer takes.
    #[arg(long, default_value_t = 200)]
    delay_ms: u64,
}

const PARTS: [&str; 4] = [
    "¡Hola! ",
    "Sí, enviamos a todo el país ",
    "en uno a dos días hábiles; ",
    "en la Ciudad de México, el mismo día.",
];

fn chunk(text: &str, last: bool) -> serde_json::Value {
    let mut chunk = json!({
        "candidates": [{"content": {"role": "model", "parts": [{"text": text}]}, "index": 0}],
        "modelVersion": "gemini-2.5-flash"
    });
    if last {
        chunk["candidates"][0]["finishReason"] = json!("STOP");
        chunk["usageMetadata"] =
            json!({"promptTokenCount": 250, "candidatesTokenCount": 30, "totalTokenCount": 280});
    }
    chunk
}

/// The answers, rendered once: the whole reply, and the streamed one's events.
struct Answers {
    delay: Duration,
    reply: Bytes,
    events: [Bytes; PARTS.len()],
}

impl Answers {
    fn new(delay: Duration) -> Self {
        Self {
            delay,
            reply: Bytes::from(chunk(&PARTS.concat(), true).to_string()),
            events: std::array::from_fn(|i| {
                Bytes::from(format!(
                    "data: {}\r\n\r\n",
                    chunk(PARTS[i], i + 1 == PARTS.len())
                ))
            }),
        }
    }
}

#[handler]
async fn generate(req: &Request, answers: Data<&Arc<Answers>>) -> Response {
    let answers = Arc::clone(&answers);
    let path = req.uri().path();
    if path.ends_with(":streamGenerateContent") {
        let pause = answers.delay / PARTS.len() as u32;
        let events = futures::stream::iter(0..PARTS.len()).then(move |i| {
            let answers = Arc::clone(&answers);
            async move {
                tokio::time::sleep(pause).await;
                Ok::<_, std::io::Error>(answers.events[i].clone())
            }
        });
        return Response::builder()
            .content_type("text/event-stream")
            .body(Body::from_bytes_stream(events));
    }
    if !path.ends_with(":generateContent") {
        return Response::builder().status(StatusCode::NOT_FOUND).finish();
    }
    tokio::time::sleep(answers.delay).await;
    Response::builder()
        .content_type("application/json")
        .body(answers.reply.clone())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let app = Route::new()
        .at("/v1beta/models/*rest", post(generate))
        .data(Arc::new(Answers::new(Duration::from_millis(args.delay_ms))));
    println!("fake model on http://127.0.0.1:{}", args.port);
    Server::new(TcpListener::bind(("127.0.0.1", args.port)))
        .run(app)
        .await
}
