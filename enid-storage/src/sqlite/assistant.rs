//! The assistant's settings, knowledge entries and conversations on SQLite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params};
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

use super::{Db, SqliteStorage, StoreRows, Ts};

const KNOWLEDGE_COLUMNS: &str = "id, title, body, url, tags, created_at, updated_at";
const CONVERSATION_COLUMNS: &str = "id, user_id, message_count, created_at, updated_at";
const MESSAGE_COLUMNS: &str = "id, conversation_id, role, content, provider, model, latency_ms, \
     prompt_tokens, completion_tokens, cached, created_at";

fn conversion_error(
    index: usize,
    err: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, err.into())
}

fn json_at<T: serde::de::DeserializeOwned>(row: &Row<'_>, index: usize) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    serde_json::from_str(&text).map_err(|e| conversion_error(index, e))
}

fn uuid_at(row: &Row<'_>, index: usize) -> rusqlite::Result<Uuid> {
    let text: String = row.get(index)?;
    Uuid::parse_str(&text).map_err(|e| conversion_error(index, e))
}

fn json(value: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string(value).map_err(enid_core::Error::internal)
}

fn knowledge_from_row(row: &Row<'_>) -> rusqlite::Result<KnowledgeEntry> {
    Ok(KnowledgeEntry {
        id: row.get(0)?,
        title: row.get(1)?,
        body: row.get(2)?,
        url: row.get(3)?,
        tags: json_at(row, 4)?,
        created_at: row.get::<_, Ts>(5)?.0,
        updated_at: row.get::<_, Ts>(6)?.0,
    })
}

fn conversation_from_row(row: &Row<'_>) -> rusqlite::Result<Conversation> {
    Ok(Conversation {
        id: uuid_at(row, 0)?,
        user_id: row.get(1)?,
        message_count: row.get(2)?,
        created_at: row.get::<_, Ts>(3)?.0,
        updated_at: row.get::<_, Ts>(4)?.0,
    })
}

fn message_from_row(row: &Row<'_>) -> rusqlite::Result<Message> {
    let role: String = row.get(2)?;
    Ok(Message {
        id: row.get(0)?,
        conversation_id: uuid_at(row, 1)?,
        role: MessageRole::parse(&role).map_err(|e| conversion_error(2, e))?,
        content: row.get(3)?,
        provider: row.get(4)?,
        model: row.get(5)?,
        latency_ms: row.get(6)?,
        prompt_tokens: row.get(7)?,
        completion_tokens: row.get(8)?,
        cached: row.get(9)?,
        created_at: row.get::<_, Ts>(10)?.0,
    })
}

fn knowledge_by_id(
    conn: &Connection,
    store: StoreId,
    id: KnowledgeId,
) -> rusqlite::Result<Option<KnowledgeEntry>> {
    conn.prepare_cached(&format!(
        "SELECT {KNOWLEDGE_COLUMNS} FROM knowledge_entries WHERE store_id = ?1 AND id = ?2"
    ))?
    .query_row(params![store, id], knowledge_from_row)
    .optional()
}

fn conversation_by_id(
    conn: &Connection,
    store: StoreId,
    id: Uuid,
) -> rusqlite::Result<Option<Conversation>> {
    conn.prepare_cached(&format!(
        "SELECT {CONVERSATION_COLUMNS} FROM conversations WHERE store_id = ?1 AND id = ?2"
    ))?
    .query_row(params![store, id.to_string()], conversation_from_row)
    .optional()
}

/// Inserts a message into a conversation of the store and counts it; `None` when the store has no
/// such conversation.
fn insert_message(
    conn: &Connection,
    store: StoreId,
    conversation: Uuid,
    role: MessageRole,
    message: Option<&NewAssistantMessage>,
    content: &str,
    now: DateTime<Utc>,
) -> rusqlite::Result<Option<Message>> {
    let counted = conn
        .prepare_cached(
            "UPDATE conversations SET message_count = message_count + 1, updated_at = ?1 \
             WHERE store_id = ?2 AND id = ?3",
        )?
        .execute(params![Ts(now), store, conversation.to_string()])?;
    if counted == 0 {
        return Ok(None);
    }
    let stored = conn
        .prepare_cached(&format!(
            "INSERT INTO conversation_messages (conversation_id, role, content, provider, model, \
             latency_ms, prompt_tokens, completion_tokens, cached, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING {MESSAGE_COLUMNS}"
        ))?
        .query_row(
            params![
                conversation.to_string(),
                role.as_str(),
                content,
                message.map(|m| m.answer.provider.as_str()),
                message.map(|m| m.answer.model.as_str()),
                message.map(|m| m.answer.latency_ms),
                message.and_then(|m| m.answer.prompt_tokens),
                message.and_then(|m| m.answer.completion_tokens),
                message.is_some_and(|m| m.cached),
                Ts(now)
            ],
            message_from_row,
        )?;
    Ok(Some(stored))
}

#[async_trait]
impl AssistantStore for SqliteStorage {
    async fn assistant_settings(&self, store: StoreId) -> Result<Option<AssistantSettings>> {
        self.read(move |conn| {
            conn.prepare_cached(
                "SELECT persona, rules, links, provider, model, history_turns \
                 FROM assistant_settings WHERE store_id = ?1",
            )?
            .query_row([store], |row| {
                let provider: Option<String> = row.get(3)?;
                Ok(AssistantSettings {
                    persona: row.get(0)?,
                    rules: json_at(row, 1)?,
                    links: json_at::<Vec<Link>>(row, 2)?,
                    provider: provider
                        .map(|p| Provider::parse("provider", &p))
                        .transpose()
                        .map_err(|e| conversion_error(3, e))?,
                    model: row.get(4)?,
                    history_turns: row.get(5)?,
                })
            })
            .optional()
        })
        .await
    }

    async fn save_assistant_settings(
        &self,
        store: StoreId,
        settings: &AssistantSettings,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let settings = settings.clone();
        let rules = json(&settings.rules)?;
        let links = json(&settings.links)?;
        self.write(move |tx| {
            tx.prepare_cached(
                "INSERT INTO assistant_settings (store_id, persona, rules, links, provider, model, \
                 history_turns, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
                 ON CONFLICT (store_id) DO UPDATE SET persona = excluded.persona, \
                 rules = excluded.rules, links = excluded.links, provider = excluded.provider, \
                 model = excluded.model, history_turns = excluded.history_turns, \
                 updated_at = excluded.updated_at",
            )
            .db()?
            .execute(params![
                store,
                settings.persona,
                rules,
                links,
                settings.provider.map(Provider::as_str),
                settings.model,
                settings.history_turns,
                Ts(now)
            ])
            .db()?;
            Ok(())
        })
        .await
    }

    async fn create_knowledge(
        &self,
        store: StoreId,
        entry: &NewKnowledge,
        now: DateTime<Utc>,
    ) -> Result<KnowledgeEntry> {
        let entry = entry.clone();
        let tags = json(&entry.tags)?;
        self.write(move |tx| {
            tx.prepare_cached(&format!(
                "INSERT INTO knowledge_entries (store_id, title, body, url, tags, search_text, \
                 created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) \
                 RETURNING {KNOWLEDGE_COLUMNS}"
            ))
            .db()?
            .query_row(
                params![
                    store,
                    entry.title,
                    entry.body,
                    entry.url,
                    tags,
                    entry.search_text(),
                    Ts(now)
                ],
                knowledge_from_row,
            )
            .db()
        })
        .await
    }

    async fn knowledge(&self, store: StoreId, id: KnowledgeId) -> Result<Option<KnowledgeEntry>> {
        self.read(move |conn| knowledge_by_id(conn, store, id))
            .await
    }

    async fn list_knowledge(
        &self,
        store: StoreId,
        page: PageRequest,
    ) -> Result<Page<KnowledgeEntry>> {
        self.read(move |conn| {
            StoreRows::new(store).page(
                conn,
                "knowledge_entries",
                KNOWLEDGE_COLUMNS,
                "id",
                page,
                knowledge_from_row,
            )
        })
        .await
    }

    async fn update_knowledge(
        &self,
        store: StoreId,
        id: KnowledgeId,
        changes: &KnowledgeChanges,
        now: DateTime<Utc>,
    ) -> Result<Option<KnowledgeEntry>> {
        let changes = changes.clone();
        self.write(move |tx| {
            let Some(current) = knowledge_by_id(tx, store, id).db()? else {
                return Ok(None);
            };
            let entry = current.changed(&changes);
            tx.prepare_cached(&format!(
                "UPDATE knowledge_entries SET title = ?1, body = ?2, url = ?3, tags = ?4, \
                 search_text = ?5, updated_at = ?6 WHERE store_id = ?7 AND id = ?8 \
                 RETURNING {KNOWLEDGE_COLUMNS}"
            ))
            .db()?
            .query_row(
                params![
                    entry.title,
                    entry.body,
                    entry.url,
                    json(&entry.tags)?,
                    entry.search_text(),
                    Ts(now),
                    store,
                    id
                ],
                knowledge_from_row,
            )
            .optional()
            .db()
        })
        .await
    }

    async fn delete_knowledge(&self, store: StoreId, id: KnowledgeId) -> Result<bool> {
        self.write(move |tx| {
            let deleted = tx
                .prepare_cached("DELETE FROM knowledge_entries WHERE store_id = ?1 AND id = ?2")
                .db()?
                .execute(params![store, id])
                .db()?;
            Ok(deleted > 0)
        })
        .await
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
        let patterns: Vec<Value> = terms
            .terms()
            .iter()
            .map(|term| Value::Text(format!("%{term}%")))
            .collect();
        self.read(move |conn| {
            let any_term = (0..patterns.len())
                .map(|i| format!("search_text LIKE ?{}", i + 3))
                .collect::<Vec<_>>()
                .join(" OR ");
            let values = [Value::Integer(store), Value::Integer(limit)];
            // One statement per number of terms, kept prepared.
            conn.prepare_cached(&format!(
                "SELECT {KNOWLEDGE_COLUMNS} FROM knowledge_entries \
                 WHERE store_id = ?1 AND ({any_term}) ORDER BY id LIMIT ?2"
            ))?
            .query_map(
                rusqlite::params_from_iter(values.iter().chain(patterns.iter())),
                knowledge_from_row,
            )?
            .collect()
        })
        .await
    }

    async fn add_user_message(
        &self,
        store: StoreId,
        target: ConversationTarget,
        content: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Message>> {
        let content = content.to_owned();
        self.write(move |tx| {
            let id = match target {
                ConversationTarget::New { id, user_id } => {
                    tx.prepare_cached(
                        "INSERT INTO conversations (id, store_id, user_id, message_count, \
                         created_at, updated_at) VALUES (?1, ?2, ?3, 0, ?4, ?4)",
                    )
                    .db()?
                    .execute(params![id.to_string(), store, user_id, Ts(now)])
                    .db()?;
                    id
                }
                ConversationTarget::Existing(id) => id,
            };
            insert_message(tx, store, id, MessageRole::User, None, &content, now).db()
        })
        .await
    }

    async fn add_assistant_message(
        &self,
        store: StoreId,
        conversation: Uuid,
        message: &NewAssistantMessage,
        now: DateTime<Utc>,
    ) -> Result<Option<Message>> {
        let message = message.clone();
        self.write(move |tx| {
            insert_message(
                tx,
                store,
                conversation,
                MessageRole::Assistant,
                Some(&message),
                &message.answer.content,
                now,
            )
            .db()
        })
        .await
    }

    async fn conversation(&self, store: StoreId, id: Uuid) -> Result<Option<Conversation>> {
        self.read(move |conn| conversation_by_id(conn, store, id))
            .await
    }

    async fn list_conversations(
        &self,
        store: StoreId,
        user: Option<UserId>,
        page: PageRequest,
    ) -> Result<Page<Conversation>> {
        self.read(move |conn| {
            let mut rows = StoreRows::new(store);
            if let Some(user) = user {
                rows.add("user_id =", Value::Integer(user));
            }
            rows.page(
                conn,
                "conversations",
                CONVERSATION_COLUMNS,
                "updated_at DESC, id DESC",
                page,
                conversation_from_row,
            )
        })
        .await
    }

    async fn delete_conversation(&self, store: StoreId, id: Uuid) -> Result<bool> {
        self.write(move |tx| {
            let deleted = tx
                .prepare_cached("DELETE FROM conversations WHERE store_id = ?1 AND id = ?2")
                .db()?
                .execute(params![store, id.to_string()])
                .db()?;
            Ok(deleted > 0)
        })
        .await
    }

    async fn conversation_messages(
        &self,
        store: StoreId,
        id: Uuid,
        page: PageRequest,
    ) -> Result<Page<Message>> {
        self.read(move |conn| {
            let count: i64 = conn
                .prepare_cached(
                    "SELECT COUNT(*) FROM conversation_messages m \
                     JOIN conversations c ON c.id = m.conversation_id \
                     WHERE c.store_id = ?1 AND c.id = ?2",
                )?
                .query_row(params![store, id.to_string()], |row| row.get(0))?;
            let items = conn
                .prepare_cached(&format!(
                    "SELECT {MESSAGE_COLUMNS} FROM conversation_messages \
                     WHERE conversation_id = (SELECT id FROM conversations \
                     WHERE store_id = ?1 AND id = ?2) ORDER BY id LIMIT ?3 OFFSET ?4"
                ))?
                .query_map(
                    params![store, id.to_string(), page.limit(), page.offset()],
                    message_from_row,
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Page {
                count,
                items,
                request: page,
            })
        })
        .await
    }

    async fn recent_messages(&self, store: StoreId, id: Uuid, limit: i64) -> Result<Vec<Message>> {
        self.read(move |conn| {
            let mut messages = conn
                .prepare_cached(&format!(
                    "SELECT {MESSAGE_COLUMNS} FROM conversation_messages \
                     WHERE conversation_id = (SELECT id FROM conversations \
                     WHERE store_id = ?1 AND id = ?2) ORDER BY id DESC LIMIT ?3"
                ))?
                .query_map(params![store, id.to_string(), limit], message_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            messages.reverse();
            Ok(messages)
        })
        .await
    }
}
