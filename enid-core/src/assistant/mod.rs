//! The AI sales assistant: conversations addressed by UUID, the store's assistant settings and
//! knowledge entries, and chat turns answered by a [`ChatModel`] grounded on the store's visible
//! FAQs, return cards and knowledge.
//!
//! Providers: `offline` (answers from the matches themselves, no model), `gemini` (Google
//! Generative Language REST API) and `openai` (any OpenAI-compatible `/chat/completions`).

mod answer_cache;
mod gemini;
mod http;
mod model;
mod offline;
mod openai;
mod prompt;
mod service;
mod storage;

pub use model::{ChatModel, ModelRequest, PromptTurn, TurnRole, Usage};
pub use prompt::Grounding;
pub use service::{
    AssistantService, ChatInput, ChatReply, KnowledgeInput, KnowledgePatch, LinkInput,
    SettingsInput, Turn, TurnFailure, UNAVAILABLE_DETAIL, parse_message,
};
pub use storage::AssistantStore;

pub(crate) use answer_cache::AnswerFlights;
pub use answer_cache::forget_answers;
pub(crate) use model::ChatModels;

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::UserId;
use crate::config::Secret;
use crate::error::{Error, Result};

pub type KnowledgeId = i64;
pub type MessageId = i64;

/// A chat message, trimmed: 2 to 1,000 characters.
pub const MESSAGE_MIN_CHARS: usize = 2;
pub const MESSAGE_MAX_CHARS: usize = 1_000;
pub const PERSONA_MAX_CHARS: usize = 2_000;
pub const RULES_MAX: usize = 30;
pub const RULE_MAX_CHARS: usize = 500;
pub const LINKS_MAX: usize = 20;
pub const LINK_TITLE_MAX_CHARS: usize = 100;
pub const MODEL_NAME_MAX_CHARS: usize = 100;
pub const HISTORY_TURNS_MAX: i64 = 50;
pub const DEFAULT_HISTORY_TURNS: i64 = 10;
pub const KNOWLEDGE_TITLE_MAX_CHARS: usize = 200;
pub const KNOWLEDGE_BODY_MAX_CHARS: usize = 10_000;
pub const TAGS_MAX: usize = 20;
pub const TAG_MAX_CHARS: usize = 50;

/// The persona of a store that has not written its own.
pub const DEFAULT_PERSONA: &str = "Eres el asistente de ventas de la tienda. Respondes en \
     español, con amabilidad y en pocas frases, solo con la información de la tienda.";

/// Who answers a store's chat turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// No model: the answer is built from the best matches themselves.
    Offline,
    /// Google's Generative Language API.
    Gemini,
    /// Any OpenAI-compatible chat endpoint (vLLM, Ollama, llama.cpp...).
    #[serde(rename = "openai")]
    OpenAi,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Offline => "offline",
            Provider::Gemini => "gemini",
            Provider::OpenAi => "openai",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self> {
        match value.trim() {
            "offline" => Ok(Provider::Offline),
            "gemini" => Ok(Provider::Gemini),
            "openai" => Ok(Provider::OpenAi),
            _ => Err(Error::invalid(
                field,
                "Must be one of offline, gemini, openai.",
            )),
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A contact or reference link the assistant may offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A store's assistant settings; [`AssistantSettings::default`] until an admin saves some.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistantSettings {
    pub persona: String,
    pub rules: Vec<String>,
    pub links: Vec<Link>,
    /// `None`: the server's default provider.
    pub provider: Option<Provider>,
    /// `None`: the provider's default model.
    pub model: Option<String>,
    /// How many earlier turns (a question and its answer) a model sees.
    pub history_turns: i64,
}

impl Default for AssistantSettings {
    fn default() -> Self {
        Self {
            persona: DEFAULT_PERSONA.to_owned(),
            rules: Vec::new(),
            links: Vec::new(),
            provider: None,
            model: None,
            history_turns: DEFAULT_HISTORY_TURNS,
        }
    }
}

/// Something the assistant may cite: a product, a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnowledgeEntry {
    pub id: KnowledgeId,
    pub title: String,
    pub body: String,
    pub url: Option<String>,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A validated entry to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKnowledge {
    pub title: String,
    pub body: String,
    pub url: Option<String>,
    pub tags: Vec<String>,
}

/// Validated changes; `None` keeps a field, `Some(None)` clears the URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnowledgeChanges {
    pub title: Option<String>,
    pub body: Option<String>,
    pub url: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
}

impl NewKnowledge {
    /// The folded text a search matches against: title, body and tags.
    pub fn search_text(&self) -> String {
        crate::text::fold(&format!(
            "{} {} {}",
            self.title,
            self.body,
            self.tags.join(" ")
        ))
    }
}

impl KnowledgeEntry {
    /// The entry with `changes` applied, as the new values to store.
    pub fn changed(&self, changes: &KnowledgeChanges) -> NewKnowledge {
        NewKnowledge {
            title: changes.title.clone().unwrap_or_else(|| self.title.clone()),
            body: changes.body.clone().unwrap_or_else(|| self.body.clone()),
            url: changes.url.clone().unwrap_or_else(|| self.url.clone()),
            tags: changes.tags.clone().unwrap_or_else(|| self.tags.clone()),
        }
    }
}

/// A chat between a visitor (or a signed-in customer) and the assistant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: Uuid,
    /// The signed-in user who started it, if any.
    pub user_id: Option<UserId>,
    pub message_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageRole {
    User,
    Assistant,
}

impl MessageRole {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageRole::User => "user",
            MessageRole::Assistant => "assistant",
        }
    }

    pub fn parse(value: &str) -> Result<Self> {
        match value {
            "user" => Ok(MessageRole::User),
            "assistant" => Ok(MessageRole::Assistant),
            other => Err(Error::internal(format!("unknown message role {other:?}"))),
        }
    }
}

/// One message of a conversation. Assistant messages say who answered and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: MessageId,
    pub conversation_id: Uuid,
    pub role: MessageRole,
    pub content: String,
    pub provider: Option<String>,
    pub model: Option<String>,
    /// How long the model took, in milliseconds.
    pub latency_ms: Option<i64>,
    pub prompt_tokens: Option<i64>,
    pub completion_tokens: Option<i64>,
    /// Whether the answer came from the first-turn answer cache.
    pub cached: bool,
    pub created_at: DateTime<Utc>,
}

/// Where a user's message goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversationTarget {
    /// A new conversation with this id, started by `user_id` when signed in.
    New { id: Uuid, user_id: Option<UserId> },
    /// An existing conversation of the store.
    Existing(Uuid),
}

/// A model's answer: what it said, and who said it at what cost. The first-turn answer cache
/// keeps these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub content: String,
    pub provider: String,
    pub model: String,
    /// How long the model took, in milliseconds.
    pub latency_ms: i64,
    pub prompt_tokens: Option<i64>,
    pub completion_tokens: Option<i64>,
}

/// An assistant's answer to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAssistantMessage {
    pub answer: Answer,
    /// Whether the answer came from the first-turn answer cache.
    pub cached: bool,
}

/// The server's assistant configuration: the default provider, the providers' endpoints and keys,
/// the per-call timeout and the answer cache's lifetime.
#[derive(Debug, Clone)]
pub struct AssistantConfig {
    /// Used when a store's settings name no provider.
    pub provider: Provider,
    /// Used when a store's settings name no model; else each provider's default.
    pub model: Option<String>,
    /// The longest a turn waits for a model, retries included.
    pub timeout: Duration,
    /// How long a first-turn answer is reused; zero turns the cache off.
    pub cache_ttl: Duration,
    pub gemini_base_url: String,
    pub google_api_key: Option<Secret>,
    /// Includes `/v1`; Enid appends `/chat/completions`.
    pub openai_base_url: Option<String>,
    pub openai_api_key: Option<Secret>,
}

pub const DEFAULT_GEMINI_BASE_URL: &str = "https://generativelanguage.googleapis.com";
pub const DEFAULT_GEMINI_MODEL: &str = "gemini-2.5-flash";
pub const DEFAULT_OPENAI_MODEL: &str = "gpt-4o-mini";

impl Default for AssistantConfig {
    fn default() -> Self {
        Self {
            provider: Provider::Offline,
            model: None,
            timeout: Duration::from_secs(30),
            cache_ttl: Duration::from_secs(600),
            gemini_base_url: DEFAULT_GEMINI_BASE_URL.to_owned(),
            google_api_key: None,
            openai_base_url: None,
            openai_api_key: None,
        }
    }
}
