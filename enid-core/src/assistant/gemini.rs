//! Google's Generative Language REST API: `generateContent`, or `streamGenerateContent?alt=sse`
//! when the caller streams. The key goes in the `x-goog-api-key` header; the instructions in
//! `systemInstruction`; the conversation in `contents` with `user` and `model` roles. A blocked
//! prompt or an answer without text is a failure.

use std::time::Duration;

use async_trait::async_trait;
use serde_json::{Value, json};

use super::http::{self, failure};
use super::model::{ChatModel, ModelRequest, TurnRole, Usage, UsageFields};
use super::{DEFAULT_GEMINI_MODEL, Provider};
use crate::config::Secret;
use crate::error::Result;

pub struct GeminiModel {
    base_url: String,
    key: Secret,
    client: reqwest::Client,
}

impl GeminiModel {
    pub fn new(base_url: &str, key: Secret, timeout: Duration) -> Result<Self> {
        Ok(Self {
            base_url: base_url.trim_end_matches('/').to_owned(),
            key,
            client: http::client(timeout)?,
        })
    }
}

/// The request body: instructions apart, then the turns and the new question.
pub fn body(request: &ModelRequest) -> Value {
    let mut contents: Vec<Value> = request
        .history
        .iter()
        .map(|turn| {
            let role = match turn.role {
                TurnRole::User => "user",
                TurnRole::Model => "model",
            };
            json!({"role": role, "parts": [{"text": turn.text}]})
        })
        .collect();
    contents.push(json!({"role": "user", "parts": [{"text": request.question}]}));
    json!({
        "systemInstruction": {"parts": [{"text": request.instructions}]},
        "contents": contents,
        "generationConfig": {"temperature": 0.3},
    })
}

/// Where a response reports its token counts and model.
const GEMINI_USAGE: UsageFields = UsageFields {
    prompt_tokens: "/usageMetadata/promptTokenCount",
    completion_tokens: "/usageMetadata/candidatesTokenCount",
    model: "/modelVersion",
};

/// The text of a response (or of one streamed chunk); a blocked prompt or candidate is a failure.
fn text_of(response: &Value) -> Result<String> {
    if let Some(reason) = response
        .pointer("/promptFeedback/blockReason")
        .and_then(Value::as_str)
    {
        return Err(failure(format!("Gemini blocked the prompt: {reason}")));
    }
    let Some(candidate) = response.pointer("/candidates/0") else {
        return Ok(String::new());
    };
    let text: String = candidate
        .pointer("/content/parts")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|part| part.get("text").and_then(Value::as_str))
        .collect();
    let finish = candidate.get("finishReason").and_then(Value::as_str);
    if matches!(
        finish,
        Some("SAFETY" | "RECITATION" | "BLOCKLIST" | "PROHIBITED_CONTENT" | "SPII")
    ) {
        return Err(failure(format!(
            "Gemini stopped the answer: {}",
            finish.unwrap_or_default()
        )));
    }
    Ok(text)
}

#[async_trait]
impl ChatModel for GeminiModel {
    fn provider(&self) -> Provider {
        Provider::Gemini
    }

    async fn answer(
        &self,
        request: &ModelRequest,
        delta: &mut (dyn for<'s> FnMut(&'s str) + Send),
    ) -> Result<Usage> {
        let model = request.model.as_deref().unwrap_or(DEFAULT_GEMINI_MODEL);
        let body = body(request);
        let url = if request.stream {
            format!(
                "{}/v1beta/models/{model}:streamGenerateContent?alt=sse",
                self.base_url
            )
        } else {
            format!("{}/v1beta/models/{model}:generateContent", self.base_url)
        };
        let response = http::send(|| {
            self.client
                .post(&url)
                .header("x-goog-api-key", self.key.expose())
                .json(&body)
        })
        .await?;
        let mut usage = Usage {
            model: model.to_owned(),
            prompt_tokens: None,
            completion_tokens: None,
        };
        let mut answered = false;
        if request.stream {
            http::read_events(response, |data| {
                let chunk: Value = serde_json::from_str(data).map_err(failure)?;
                let text = text_of(&chunk)?;
                if !text.is_empty() {
                    answered = true;
                    delta(&text);
                }
                usage.read(&chunk, GEMINI_USAGE);
                Ok(true)
            })
            .await?;
        } else {
            let reply: Value = response
                .json()
                .await
                .map_err(|err| failure(err.without_url()))?;
            let text = text_of(&reply)?;
            usage.read(&reply, GEMINI_USAGE);
            if !text.is_empty() {
                answered = true;
                delta(&text);
            }
        }
        if answered {
            Ok(usage)
        } else {
            Err(failure("Gemini answered without any text"))
        }
    }
}
