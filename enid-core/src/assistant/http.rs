//! What the HTTP providers share: a client with a timeout, retries with backoff and jitter on
//! 429 and 5xx (honouring `Retry-After`), and a reader of server-sent events.

use std::time::Duration;

use rand::Rng;

use crate::error::{Error, Result};

/// Tries of one call before giving up.
const MAX_ATTEMPTS: u32 = 3;
/// The first backoff; it doubles on every retry, plus up to as much again at random.
const BASE_BACKOFF: Duration = Duration::from_millis(250);
/// The longest wait a `Retry-After` may ask for; the turn's own timeout bounds the rest.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);
/// The longest server-sent event line accepted.
const MAX_SSE_LINE_BYTES: usize = 1024 * 1024;

/// A model call that gave no usable answer. The cause goes to the logs, never to clients.
pub fn failure(cause: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>) -> Error {
    Error::unavailable("model_failed", "The chat model gave no answer.", cause)
}

pub fn client(timeout: Duration) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        .build()
        .map_err(Error::internal)
}

fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let seconds: u64 = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER))
}

fn backoff(attempt: u32) -> Duration {
    let base = BASE_BACKOFF * 2u32.pow(attempt.saturating_sub(1));
    let jitter = rand::rng().random_range(0..=base.as_millis() as u64);
    base + Duration::from_millis(jitter)
}

/// Sends the request `build` makes, again after a pause on 429, 5xx or a refused connection;
/// any other non-success status is a failure at once.
pub async fn send(build: impl Fn() -> reqwest::RequestBuilder) -> Result<reqwest::Response> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let wait = match build().send().await {
            Ok(response) if response.status().is_success() => return Ok(response),
            Ok(response) => {
                let status = response.status();
                let retryable = status.as_u16() == 429 || status.is_server_error();
                if !retryable || attempt == MAX_ATTEMPTS {
                    return Err(failure(format!("the model answered HTTP {status}")));
                }
                retry_after(&response).unwrap_or_else(|| backoff(attempt))
            }
            Err(err) if err.is_connect() && attempt < MAX_ATTEMPTS => backoff(attempt),
            Err(err) => return Err(failure(err.without_url())),
        };
        tracing::debug!(attempt, ?wait, "retrying the chat model");
        tokio::time::sleep(wait).await;
    }
}

/// Reads a `text/event-stream` body, handing the data of each event to `on_data` until it
/// returns `Ok(false)` or the body ends.
pub async fn read_events(
    mut response: reqwest::Response,
    mut on_data: impl FnMut(&str) -> Result<bool>,
) -> Result<()> {
    let mut buffer: Vec<u8> = Vec::new();
    let mut data = String::new();
    loop {
        let chunk = response
            .chunk()
            .await
            .map_err(|err| failure(err.without_url()))?;
        let Some(chunk) = chunk else {
            if !data.is_empty() {
                on_data(&data)?;
            }
            return Ok(());
        };
        buffer.extend_from_slice(&chunk);
        while let Some(end) = buffer.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = buffer.drain(..=end).collect();
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !data.is_empty() && !on_data(&std::mem::take(&mut data))? {
                    return Ok(());
                }
            } else if let Some(value) = line.strip_prefix("data:") {
                if !data.is_empty() {
                    data.push('\n');
                }
                data.push_str(value.strip_prefix(' ').unwrap_or(value));
            }
        }
        if buffer.len() > MAX_SSE_LINE_BYTES {
            return Err(failure("an event line of the model's stream is too long"));
        }
    }
}
