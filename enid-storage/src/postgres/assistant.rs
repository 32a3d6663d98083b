//! The assistant's settings, knowledge entries and conversations on PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::postgres::PgRow;
use sqlx::types::Json;
use sqlx::{PgConnection, Row};
use uuid::Uuid;

use enid_core::Result;
use enid_core::assistant::{
    AssistantSettings, AssistantStore, Conversation, ConversationTarget, KnowledgeChanges,
    KnowledgeEntry, KnowledgeId, Link, Message, MessageRole, NewAssistantMessage, NewKnowledge,
    Provider,
};
use enid_core::auth::UserId;
use enid_core::faqs::SearchTerms;
use enid_core::pagination::{Page, PageRequest};
use enid_core::stores::StoreId;

use super::{Db, PostgresStorage, store_page};

/// Macros so that queries stay `&'static str` (`concat!`).
macro_rules! knowledge_columns {
    () => {
        "id, title, body, url, tags, created_at, updated_at"
    };
}

macro_rules! conversation_columns {
    () => {
        "id, user_id, message_count, created_at, updated_at"
    };
}

macro_rules! message_columns {
    () => {
        "id, conversation_id, role, content, provider, model, latency_ms, prompt_tokens, \
         completion_tokens, cached, created_at"
    };
}

fn knowledge_from_row(row: &PgRow) -> sqlx::Result<KnowledgeEntry> {
    Ok(KnowledgeEntry {
        id: row.try_get(0)?,
        title: row.try_get(1)?,
        body: row.try_get(2)?,
        url: row.try_get(3)?,
        tags: row.try_get::<Json<Vec<String>>, _>(4)?.0,
        created_at: row.try_get(5)?,
        updated_at: row.try_get(6)?,
    })
}

fn conversation_from_row(row: &PgRow) -> sqlx::Result<Conversation> {
    Ok(Conversation {
        id: row.try_get(0)?,
        user_id: row.try_get(1)?,
        message_count: row.try_get(2)?,
        created_at: row.try_get(3)?,
        updated_at: row.try_get(4)?,
    })
}

fn message_from_row(row: &PgRow) -> sqlx::Result<Message> {
    let role: &str = row.try_get(2)?;
    Ok(Message {
        id: row.try_get(0)?,
        conversation_id: row.try_get(1)?,
        role: MessageRole::parse(role).map_err(|e| sqlx::Error::Decode(e.into()))?,
        content: row.try_get(3)?,
        provider: row.try_get(4)?,
        model: row.try_get(5)?,
        latency_ms: row.try_get(6)?,
        prompt_tokens: row.try_get(7)?,
        completion_tokens: row.try_get(8)?,
        cached: row.try_get(9)?,
        created_at: row.try_get(10)?,
    })
}

/// Inserts a message into a conversation of the store and counts it; `None` when the store has no
/// such conversation.
async fn insert_message(
    conn: &mut PgConnection,
    store: StoreId,
    conversation: Uuid,
    role: MessageRole,
    message: Option<&NewAssistantMessage>,
    content: &str,
    now: DateTime<Utc>,
) -> Result<Option<Message>> {
    let counted = sqlx::query(
        "UPDATE conversations SET message_count = message_count + 1, updated_at = $1 \
         WHERE store_id = $2 AND id = $3",
    )
    .bind(now)
    .bind(store)
    .bind(conversation)
    .execute(&mut *conn)
    .await
    .db()?;
    if counted.rows_affected() == 0 {
        return Ok(None);
    }
    let stored = sqlx::query(concat!(
        "INSERT INTO conversation_messages (conversation_id, role, content, provider, model, \
         latency_ms, prompt_tokens, completion_tokens, cached, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ",
        message_columns!()
    ))
    .bind(conversation)
    .bind(role.as_str())
    .bind(content)
    .bind(message.map(|m| m.answer.provider.as_str()))
    .bind(message.map(|m| m.answer.model.as_str()))
    .bind(message.map(|m| m.answer.latency_ms))
    .bind(message.and_then(|m| m.answer.prompt_tokens))
    .bind(message.and_then(|m| m.answer.completion_tokens))
    .bind(message.is_some_and(|m| m.cached))
    .bind(now)
    .try_map(|row: PgRow| message_from_row(&row))
    .fetch_one(&mut *conn)
    .await
    .db()?;
    Ok(Some(stored))
}

#[async_trait]
impl AssistantStore for PostgresStorage {
    async fn assistant_settings(&self, store: StoreId) -> Result<Option<AssistantSettings>> {
        sqlx::query(
            "SELECT persona, rules, links, provider, model, history_turns \
             FROM assistant_settings WHERE store_id = $1",
        )
        .bind(store)
        .try_map(|row: PgRow| {
            let provider: Option<&str> = row.try_get(3)?;
            Ok(AssistantSettings {
                persona: row.try_get(0)?,
                rules: row.try_get::<Json<Vec<String>>, _>(1)?.0,
                links: row.try_get::<Json<Vec<Link>>, _>(2)?.0,
                provider: provider
                    .map(|p| Provider::parse("provider", p))
                    .transpose()
                    .map_err(|e| sqlx::Error::Decode(e.into()))?,
                model: row.try_get(4)?,
                history_turns: row.try_get(5)?,
            })
        })
        .fetch_optional(&self.pool)
        .await
        .db()
    }

    async fn save_assistant_settings(
        &self,
        store: StoreId,
        settings: &AssistantSettings,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO assistant_settings (store_id, persona, rules, links, provider, model, \
             history_turns, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (store_id) DO UPDATE SET persona = EXCLUDED.persona, \
             rules = EXCLUDED.rules, links = EXCLUDED.links, provider = EXCLUDED.provider, \
             model = EXCLUDED.model, history_turns = EXCLUDED.history_turns, \
             updated_at = EXCLUDED.updated_at",
        )
        .bind(store)
        .bind(&settings.persona)
        .bind(Json(&settings.rules))
        .bind(Json(&settings.links))
        .bind(settings.provider.map(Provider::as_str))
        .bind(&settings.model)
        .bind(settings.history_turns)
        .bind(now)
        .execute(&self.pool)
        .await
        .db()?;
        Ok(())
    }

    async fn create_knowledge(
        &self,
        store: StoreId,
        entry: &NewKnowledge,
        now: DateTime<Utc>,
    ) -> Result<KnowledgeEntry> {
        sqlx::query(concat!(
            "INSERT INTO knowledge_entries (store_id, title, body, url, tags, search_text, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ",
            knowledge_columns!()
        ))
        .bind(store)
        .bind(&entry.title)
        .bind(&entry.body)
        .bind(&entry.url)
        .bind(Json(&entry.tags))
        .bind(entry.search_text())
        .bind(now)
        .try_map(|row: PgRow| knowledge_from_row(&row))
        .fetch_one(&self.pool)
        .await
        .db()
    }

    async fn knowledge(&self, store: StoreId, id: KnowledgeId) -> Result<Option<KnowledgeEntry>> {
        sqlx::query(concat!(
            "SELECT ",
            knowledge_columns!(),
            " FROM knowledge_entries WHERE store_id = $1 AND id = $2"
        ))
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| knowledge_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .db()
    }

    async fn list_knowledge(
        &self,
        store: StoreId,
        page: PageRequest,
    ) -> Result<Page<KnowledgeEntry>> {
        store_page(
            &self.pool,
            "knowledge_entries",
            knowledge_columns!(),
            "id",
            store,
            page,
            knowledge_from_row,
        )
        .await
    }

    async fn update_knowledge(
        &self,
        store: StoreId,
        id: KnowledgeId,
        changes: &KnowledgeChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<KnowledgeEntry>> {
        let mut tx = self.pool.begin().await.db()?;
        // The row stays locked from read to write, so concurrent patches of different fields
        // both land.
        let current = sqlx::query(concat!(
            "SELECT ",
            knowledge_columns!(),
            " FROM knowledge_entries WHERE store_id = $1 AND id = $2 FOR UPDATE"
        ))
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| knowledge_from_row(&row))
        .fetch_optional(&mut *tx)
        .await
        .db()?;
        let Some(current) = current else {
            return Ok(None);
        };
        let entry = current.changed(changes);
        let updated = sqlx::query(concat!(
            "UPDATE knowledge_entries SET title = $1, body = $2, url = $3, tags = $4, \
             search_text = $5, updated_at = $6 WHERE store_id = $7 AND id = $8 RETURNING ",
            knowledge_columns!()
        ))
        .bind(&entry.title)
        .bind(&entry.body)
        .bind(&entry.url)
        .bind(Json(&entry.tags))
        .bind(entry.search_text())
        .bind(now)
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| knowledge_from_row(&row))
        .fetch_one(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()?;
        Ok(Some(updated))
    }

    async fn delete_knowledge(&self, store: StoreId, id: KnowledgeId) -> Result<bool> {
        let deleted = sqlx::query("DELETE FROM knowledge_entries WHERE store_id = $1 AND id = $2")
            .bind(store)
            .bind(id)
            .execute(&self.pool)
            .await
            .db()?;
        Ok(deleted.rows_affected() > 0)
    }

    async fn search_knowledge(
        &self,
        store: StoreId,
        terms: &SearchTerms,
        limit: i64,
    ) -> Result<Vec<KnowledgeEntry>> {
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        // Terms are folded letters and digits only: nothing in them is special to LIKE.
        let patterns: Vec<String> = terms.terms().iter().map(|t| format!("%{t}%")).collect();
        sqlx::query(concat!(
            "SELECT ",
            knowledge_columns!(),
            " FROM knowledge_entries WHERE store_id = $1 AND search_text LIKE ANY ($2) \
             ORDER BY id LIMIT $3"
        ))
        .bind(store)
        .bind(patterns)
        .bind(limit)
        .try_map(|row: PgRow| knowledge_from_row(&row))
        .fetch_all(&self.pool)
        .await
        .db()
    }

    async fn add_user_message(
        &self,
        store: StoreId,
        target: ConversationTarget,
        content: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Message>> {
        let mut tx = self.pool.begin().await.db()?;
        let id = match target {
            ConversationTarget::New { id, user_id } => {
                sqlx::query(
                    "INSERT INTO conversations (id, store_id, user_id, message_count, \
                     created_at, updated_at) VALUES ($1, $2, $3, 0, $4, $4)",
                )
                .bind(id)
                .bind(store)
                .bind(user_id)
                .bind(now)
                .execute(&mut *tx)
                .await
                .db()?;
                id
            }
            ConversationTarget::Existing(id) => id,
        };
        let stored =
            insert_message(&mut tx, store, id, MessageRole::User, None, content, now).await?;
        tx.commit().await.db()?;
        Ok(stored)
    }

    async fn add_assistant_message(
        &self,
        store: StoreId,
        conversation: Uuid,
        message: &NewAssistantMessage,
        now: DateTime<Utc>,
    ) -> Result<Option<Message>> {
        let mut tx = self.pool.begin().await.db()?;
        let stored = insert_message(
            &mut tx,
            store,
            conversation,
            MessageRole::Assistant,
            Some(message),
            &message.answer.content,
            now,
        )
        .await?;
        tx.commit().await.db()?;
        Ok(stored)
    }

    async fn conversation(&self, store: StoreId, id: Uuid) -> Result<Option<Conversation>> {
        sqlx::query(concat!(
            "SELECT ",
            conversation_columns!(),
            " FROM conversations WHERE store_id = $1 AND id = $2"
        ))
        .bind(store)
        .bind(id)
        .try_map(|row: PgRow| conversation_from_row(&row))
        .fetch_optional(&self.pool)
        .await
        .db()
    }

    async fn list_conversations(
        &self,
        store: StoreId,
        user: Option<UserId>,
        page: PageRequest,
    ) -> Result<Page<Conversation>> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM conversations \
             WHERE store_id = $1 AND ($2::bigint IS NULL OR user_id = $2)",
        )
        .bind(store)
        .bind(user)
        .fetch_one(&self.pool)
        .await
        .db()?;
        let items = sqlx::query(concat!(
            "SELECT ",
            conversation_columns!(),
            " FROM conversations WHERE store_id = $1 AND ($2::bigint IS NULL OR user_id = $2) \
             ORDER BY updated_at DESC, id DESC LIMIT $3 OFFSET $4"
        ))
        .bind(store)
        .bind(user)
        .bind(page.limit())
        .bind(page.offset())
        .try_map(|row: PgRow| conversation_from_row(&row))
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(Page {
            count,
            items,
            request: page,
        })
    }

    async fn delete_conversation(&self, store: StoreId, id: Uuid) -> Result<bool> {
        let deleted = sqlx::query("DELETE FROM conversations WHERE store_id = $1 AND id = $2")
            .bind(store)
            .bind(id)
            .execute(&self.pool)
            .await
            .db()?;
        Ok(deleted.rows_affected() > 0)
    }

    async fn conversation_messages(
        &self,
        store: StoreId,
        id: Uuid,
        page: PageRequest,
    ) -> Result<Page<Message>> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM conversation_messages m \
             JOIN conversations c ON c.id = m.conversation_id \
             WHERE c.store_id = $1 AND c.id = $2",
        )
        .bind(store)
        .bind(id)
        .fetch_one(&self.pool)
        .await
        .db()?;
        let items = sqlx::query(concat!(
            "SELECT ",
            message_columns!(),
            " FROM conversation_messages WHERE conversation_id = \
             (SELECT id FROM conversations WHERE store_id = $1 AND id = $2) \
             ORDER BY id LIMIT $3 OFFSET $4"
        ))
        .bind(store)
        .bind(id)
        .bind(page.limit())
        .bind(page.offset())
        .try_map(|row: PgRow| message_from_row(&row))
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(Page {
            count,
            items,
            request: page,
        })
    }

    async fn recent_messages(&self, store: StoreId, id: Uuid, limit: i64) -> Result<Vec<Message>> {
        let mut messages = sqlx::query(concat!(
            "SELECT ",
            message_columns!(),
            " FROM conversation_messages WHERE conversation_id = \
             (SELECT id FROM conversations WHERE store_id = $1 AND id = $2) \
             ORDER BY id DESC LIMIT $3"
        ))
        .bind(store)
        .bind(id)
        .bind(limit)
        .try_map(|row: PgRow| message_from_row(&row))
        .fetch_all(&self.pool)
        .await
        .db()?;
        messages.reverse();
        Ok(messages)
    }
}
