//! Any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, llama.cpp): `POST
//! {base}/chat/completions` with a `system` message, the turns as `user` / `assistant`, and
//! `stream: true` (server-sent events ending in `[DONE]`) when the caller streams.

use std::time::Duration;

use async_trait::async_trait;
use serde_json::{Value, json};

use super::http::{self, failure};
use super::model::{ChatModel, ModelRequest, TurnRole, Usage, UsageFields};
use super::{DEFAULT_OPENAI_MODEL, Provider};
use crate::config::Secret;
use crate::error::Result;

pub struct OpenAiModel {
    url: String,
    key: Option<Secret>,
    client: reqwest::Client,
}

impl OpenAiModel {
    pub fn new(base_url: &str, key: Option<Secret>, timeout: Duration) -> Result<Self> {
        Ok(Self {
            url: format!("{}/chat/completions", base_url.trim_end_matches('/')),
            key,
            client: http::client(timeout)?,
        })
    }
}

pub fn body(request: &ModelRequest, model: &str) -> Value {
    let mut messages = vec![json!({"role": "system", "content": request.instructions})];
    messages.extend(request.history.iter().map(|turn| {
        let role = match turn.role {
            TurnRole::User => "user",
            TurnRole::Model => "assistant",
        };
        json!({"role": role, "content": turn.text})
    }));
    messages.push(json!({"role": "user", "content": request.question}));
    let mut body = json!({"model": model, "messages": messages, "temperature": 0.3});
    if request.stream {
        body["stream"] = json!(true);
        body["stream_options"] = json!({"include_usage": true});
    }
    body
}

/// Where a response reports its token counts and model.
const OPENAI_USAGE: UsageFields = UsageFields {
    prompt_tokens: "/usage/prompt_tokens",
    completion_tokens: "/usage/completion_tokens",
    model: "/model",
};

fn refused(choice: &Value) -> Result<()> {
    if choice.get("finish_reason").and_then(Value::as_str) == Some("content_filter") {
        return Err(failure("the model's content filter stopped the answer"));
    }
    Ok(())
}

#[async_trait]
impl ChatModel for OpenAiModel {
    fn provider(&self) -> Provider {
        Provider::OpenAi
    }

    async fn answer(
        &self,
        request: &ModelRequest,
        delta: &mut (dyn for<'s> FnMut(&'s str) + Send),
    ) -> Result<Usage> {
        let model = request.model.as_deref().unwrap_or(DEFAULT_OPENAI_MODEL);
        let body = body(request, model);
        let response = http::send(|| {
            let call = self.client.post(&self.url).json(&body);
            match &self.key {
                Some(key) => call.bearer_auth(key.expose()),
                None => call,
            }
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
                if data.trim() == "[DONE]" {
                    return Ok(false);
                }
                let chunk: Value = serde_json::from_str(data).map_err(failure)?;
                if let Some(choice) = chunk.pointer("/choices/0") {
                    refused(choice)?;
                    if let Some(text) = choice.pointer("/delta/content").and_then(Value::as_str)
                        && !text.is_empty()
                    {
                        answered = true;
                        delta(text);
                    }
                }
                usage.read(&chunk, OPENAI_USAGE);
                Ok(true)
            })
            .await?;
        } else {
            let reply: Value = response
                .json()
                .await
                .map_err(|err| failure(err.without_url()))?;
            if let Some(choice) = reply.pointer("/choices/0") {
                refused(choice)?;
                if let Some(text) = choice.pointer("/message/content").and_then(Value::as_str)
                    && !text.is_empty()
                {
                    answered = true;
                    delta(text);
                }
            }
            usage.read(&reply, OPENAI_USAGE);
        }
        if answered {
            Ok(usage)
        } else {
            Err(failure("the model answered without any text"))
        }
    }
}
