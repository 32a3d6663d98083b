use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{
    AssistantSettings, Conversation, ConversationTarget, KnowledgeChanges, KnowledgeEntry,
    KnowledgeId, Message, NewAssistantMessage, NewKnowledge,
};
use crate::auth::UserId;
use crate::error::Result;
use crate::faqs::SearchTerms;
use crate::pagination::{Page, PageRequest};
use crate::stores::StoreId;

/// The assistant's settings, knowledge entries and conversations of each store. Every method
/// works inside one store and runs atomically in the backend.
#[async_trait]
pub trait AssistantStore: Send + Sync {
    /// `None` until the store's admins save settings.
    async fn assistant_settings(&self, store: StoreId) -> Result<Option<AssistantSettings>>;

    /// Replaces the store's settings.
    async fn save_assistant_settings(
        &self,
        store: StoreId,
        settings: &AssistantSettings,
        now: DateTime<Utc>,
    ) -> Result<()>;

    async fn create_knowledge(
        &self,
        store: StoreId,
        entry: &NewKnowledge,
        now: DateTime<Utc>,
    ) -> Result<KnowledgeEntry>;

    async fn knowledge(&self, store: StoreId, id: KnowledgeId) -> Result<Option<KnowledgeEntry>>;

    /// By id.
    async fn list_knowledge(
        &self,
        store: StoreId,
        page: PageRequest,
    ) -> Result<Page<KnowledgeEntry>>;

    /// Applies `changes` to the entry as it is when the change runs (no lost updates); `None`
    /// when the store has no such entry.
    async fn update_knowledge(
        &self,
        store: StoreId,
        id: KnowledgeId,
        changes: &KnowledgeChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<KnowledgeEntry>>;

    /// `false` when the store has no such entry.
    async fn delete_knowledge(&self, store: StoreId, id: KnowledgeId) -> Result<bool>;

    /// Up to `limit` entries whose title, body or tags (accents and case folded) contain a term,
    /// by id; the caller ranks them.
    async fn search_knowledge(
        &self,
        store: StoreId,
        terms: &SearchTerms,
        limit: i64,
    ) -> Result<Vec<KnowledgeEntry>>;

    /// Stores a user's message, creating the conversation when it is new, and counts it, in one
    /// transaction. `None` when an existing conversation is not the store's (or was deleted).
    async fn add_user_message(
        &self,
        store: StoreId,
        target: ConversationTarget,
        content: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Message>>;

    /// Stores an answer and counts it; `None` when the conversation is gone.
    async fn add_assistant_message(
        &self,
        store: StoreId,
        conversation: Uuid,
        message: &NewAssistantMessage,
        now: DateTime<Utc>,
    ) -> Result<Option<Message>>;

    async fn conversation(&self, store: StoreId, id: Uuid) -> Result<Option<Conversation>>;

    /// Most recently active first (ties: id); only `user`'s when given.
    async fn list_conversations(
        &self,
        store: StoreId,
        user: Option<UserId>,
        page: PageRequest,
    ) -> Result<Page<Conversation>>;

    /// Deletes the conversation and its messages; `false` when the store has no such one.
    async fn delete_conversation(&self, store: StoreId, id: Uuid) -> Result<bool>;

    /// Oldest first.
    async fn conversation_messages(
        &self,
        store: StoreId,
        id: Uuid,
        page: PageRequest,
    ) -> Result<Page<Message>>;

    /// The latest `limit` messages, oldest first.
    async fn recent_messages(&self, store: StoreId, id: Uuid, limit: i64) -> Result<Vec<Message>>;
}
