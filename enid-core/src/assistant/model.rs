//! The chat-model trait: one turn in, text deltas and usage out.

use std::sync::Arc;

use async_trait::async_trait;

use super::prompt::Grounding;
use super::{AssistantConfig, Link, Provider, gemini, offline, openai};
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TurnRole {
    User,
    /// The assistant's earlier answers.
    Model,
}

/// One earlier message of the conversation, as a model sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptTurn {
    pub role: TurnRole,
    pub text: String,
}

/// One turn for a model. The user's text is only ever in `history` and `question`, never in
/// `instructions`.
#[derive(Debug, Clone)]
pub struct ModelRequest {
    /// `None`: the provider's default.
    pub model: Option<String>,
    /// Persona, rules, the matches for the question and the contact links.
    pub instructions: String,
    /// Earlier turns, oldest first.
    pub history: Vec<PromptTurn>,
    pub question: String,
    /// The matches themselves, for providers that answer without a model.
    pub grounding: Grounding,
    pub links: Vec<Link>,
    /// Whether the caller shows deltas as they come (a provider may then stream).
    pub stream: bool,
}

/// What a provider reports once an answer is complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    /// The model that answered.
    pub model: String,
    pub prompt_tokens: Option<i64>,
    pub completion_tokens: Option<i64>,
}

/// JSON pointers to where a provider's responses report usage.
pub(super) struct UsageFields {
    pub prompt_tokens: &'static str,
    pub completion_tokens: &'static str,
    pub model: &'static str,
}

impl Usage {
    /// Takes what a response (or a streamed chunk) reports; what it leaves out stays as it was.
    pub(super) fn read(&mut self, response: &serde_json::Value, fields: UsageFields) {
        if let Some(tokens) = response
            .pointer(fields.prompt_tokens)
            .and_then(|v| v.as_i64())
        {
            self.prompt_tokens = Some(tokens);
        }
        if let Some(tokens) = response
            .pointer(fields.completion_tokens)
            .and_then(|v| v.as_i64())
        {
            self.completion_tokens = Some(tokens);
        }
        if let Some(model) = response.pointer(fields.model).and_then(|v| v.as_str()) {
            self.model = model.to_owned();
        }
    }
}

/// A chat model. `answer` hands each piece of text to `delta` as it arrives and returns the usage
/// once the answer is complete; an error means no usable answer (the pieces already handed out
/// are to be discarded). Dropping the future abandons the call.
#[async_trait]
pub trait ChatModel: Send + Sync {
    fn provider(&self) -> Provider;

    async fn answer(
        &self,
        request: &ModelRequest,
        delta: &mut (dyn for<'s> FnMut(&'s str) + Send),
    ) -> Result<Usage>;
}

/// The providers a server can use: offline always, the others when configured.
pub(crate) struct ChatModels {
    pub default: Provider,
    offline: Arc<dyn ChatModel>,
    gemini: Option<Arc<dyn ChatModel>>,
    openai: Option<Arc<dyn ChatModel>>,
}

impl ChatModels {
    pub fn from_config(config: &AssistantConfig) -> Result<Self> {
        let gemini = match &config.google_api_key {
            Some(key) => Some(Arc::new(gemini::GeminiModel::new(
                &config.gemini_base_url,
                key.clone(),
                config.timeout,
            )?) as Arc<dyn ChatModel>),
            None => None,
        };
        let openai = match &config.openai_base_url {
            Some(base) => Some(Arc::new(openai::OpenAiModel::new(
                base,
                config.openai_api_key.clone(),
                config.timeout,
            )?) as Arc<dyn ChatModel>),
            None => None,
        };
        Ok(Self {
            default: config.provider,
            offline: Arc::new(offline::OfflineModel),
            gemini,
            openai,
        })
    }

    pub fn is_configured(&self, provider: Provider) -> bool {
        match provider {
            Provider::Offline => true,
            Provider::Gemini => self.gemini.is_some(),
            Provider::OpenAi => self.openai.is_some(),
        }
    }

    /// The model for a store's choice (`None`: the server default). A provider the server has no
    /// configuration for falls back to offline, which always answers.
    pub fn get(&self, choice: Option<Provider>) -> Arc<dyn ChatModel> {
        let configured = match choice.unwrap_or(self.default) {
            Provider::Offline => None,
            Provider::Gemini => self.gemini.clone(),
            Provider::OpenAi => self.openai.clone(),
        };
        configured.unwrap_or_else(|| self.offline.clone())
    }
}
