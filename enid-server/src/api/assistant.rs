use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use futures::future::BoxFuture;
use futures::stream::{BoxStream, Stream};
use futures::{FutureExt, StreamExt};
use poem::Request;
use poem::web::Data;
use poem::web::sse::Event;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::{EventStream, Json};
use poem_openapi::types::{MaybeUndefined, ToJSON};
use poem_openapi::{ApiResponse, Enum, Object, OpenApi, Union};
use uuid::Uuid;

use enid_core::assistant::{
    AssistantSettings, ChatInput, ChatReply, Conversation, KnowledgeEntry, KnowledgeInput,
    KnowledgePatch, LinkInput, Message, SettingsInput, Turn, TurnFailure,
};
use enid_core::pagination::PageRequest;
use enid_core::{Enid, Error, ErrorKind};

use super::{EnumText, StoreHeader, Tag, Text, UuidText};
use crate::context::{BearerAuth, OptionalAuth, client_ip, request_store};
use crate::error::{ApiError, ApiResult};
use crate::json_body::JsonBody;
use crate::pagination::paginated;

pub struct AssistantApi;

/// The messages of a conversation shown with it at most; `/message/` pages through the rest.
const MESSAGES_SHOWN: i64 = 200;

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct ChatIn {
    /// Trimmed, 2 to 1,000 characters.
    message: Text,
    /// Continue this conversation; omitted starts a new one.
    conversation_id: Option<Uuid>,
}

/// The user's message as stored.
#[derive(Debug, Object)]
struct UserMessageOut {
    id: i64,
    content: String,
}

/// The assistant's answer as stored.
#[derive(Debug, Object)]
struct AiResponseOut {
    id: i64,
    content: String,
    /// `offline`, `gemini` or `openai`: who wrote the answer (for a cached answer, who wrote it
    /// first).
    provider: String,
    /// Whether the answer came from the first-turn answer cache.
    cached: bool,
}

/// A completed turn.
#[derive(Debug, Object)]
struct ChatOut {
    conversation_id: Uuid,
    user_message: UserMessageOut,
    ai_response: AiResponseOut,
}

impl From<ChatReply> for ChatOut {
    fn from(reply: ChatReply) -> Self {
        Self {
            conversation_id: reply.conversation_id,
            user_message: UserMessageOut {
                id: reply.user_message.id,
                content: reply.user_message.content,
            },
            ai_response: AiResponseOut {
                id: reply.ai_response.id,
                content: reply.ai_response.content,
                provider: reply.ai_response.provider.unwrap_or_default(),
                cached: reply.ai_response.cached,
            },
        }
    }
}

/// The model failed or timed out: the user's message is kept, no answer is stored, and the
/// next turn works.
#[derive(Debug, Object)]
struct ChatFailureOut {
    /// `assistant_unavailable`.
    code: String,
    /// A friendly message in Spanish, without anything the model's service said.
    detail: String,
    conversation_id: Uuid,
}

/// A piece of the answer.
#[derive(Debug, Object)]
struct DeltaOut {
    delta: String,
}

/// One server-sent event of a streamed turn: `delta`, then `done` or `error`.
#[derive(Debug, Union)]
enum ChatEvent {
    Delta(DeltaOut),
    Done(ChatOut),
    Error(ChatFailureOut),
}

#[derive(ApiResponse)]
enum ChatResponse {
    /// The turn: the stored user message and the stored answer.
    #[oai(status = 201)]
    Created(Json<ChatOut>),
    /// The model failed or timed out; the user's message was kept.
    #[oai(status = 503)]
    Unavailable(Json<ChatFailureOut>),
}

#[derive(ApiResponse)]
enum ChatStreamResponse {
    /// Server-sent events: `delta` events `{"delta": "..."}`, then one `done` event with the
    /// turn (the 201 body of `/assistant/chat/`), or one `error` event `{code, detail,
    /// conversation_id}`.
    #[oai(status = 200)]
    Events(EventStream<BoxStream<'static, ChatEvent>>),
}

/// A conversation.
#[derive(Debug, Object)]
pub struct ConversationOut {
    conversation_id: Uuid,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
    message_count: i64,
    /// The signed-in user who started it, if any.
    user_id: Option<i64>,
}

impl From<Conversation> for ConversationOut {
    fn from(c: Conversation) -> Self {
        Self {
            conversation_id: c.id,
            created_at: c.created_at,
            updated_at: c.updated_at,
            message_count: c.message_count,
            user_id: c.user_id,
        }
    }
}

paginated!(ConversationPage, ConversationOut);

/// Which model answers a store's turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(remote = "enid_core::assistant::Provider", rename_all = "lowercase")]
pub enum ProviderName {
    Offline,
    Gemini,
    OpenAi,
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(remote = "enid_core::assistant::MessageRole", rename_all = "lowercase")]
pub enum MessageRoleName {
    User,
    Assistant,
}

/// A message of a conversation.
#[derive(Debug, Object)]
pub struct MessageOut {
    id: i64,
    role: MessageRoleName,
    content: String,
    /// Who answered (assistant messages).
    provider: Option<String>,
    model: Option<String>,
    /// How long the model took, in milliseconds (assistant messages).
    latency_ms: Option<i64>,
    prompt_tokens: Option<i64>,
    completion_tokens: Option<i64>,
    /// Whether the answer came from the first-turn answer cache.
    cached: bool,
    created_at: chrono::DateTime<chrono::Utc>,
}

impl From<Message> for MessageOut {
    fn from(m: Message) -> Self {
        Self {
            id: m.id,
            role: m.role.into(),
            content: m.content,
            provider: m.provider,
            model: m.model,
            latency_ms: m.latency_ms,
            prompt_tokens: m.prompt_tokens,
            completion_tokens: m.completion_tokens,
            cached: m.cached,
            created_at: m.created_at,
        }
    }
}

paginated!(MessagePage, MessageOut);

/// A conversation with its messages, oldest first (the first 200; `/message/` pages through
/// all).
#[derive(Debug, Object)]
struct ConversationDetailOut {
    #[oai(flatten)]
    conversation: ConversationOut,
    messages: Vec<MessageOut>,
}

/// A link the assistant may offer.
#[derive(Debug, Object)]
struct LinkOut {
    title: String,
    url: String,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct LinkIn {
    /// At most 100 characters.
    title: Text,
    /// An http(s) URL.
    url: Text,
}

/// The store's assistant settings.
#[derive(Debug, Object)]
struct SettingsOut {
    persona: String,
    rules: Vec<String>,
    links: Vec<LinkOut>,
    /// null: the server's default.
    provider: Option<ProviderName>,
    /// null: the provider's default model.
    model: Option<String>,
    /// Earlier turns a model is given, 1–50.
    history_turns: i64,
}

impl From<AssistantSettings> for SettingsOut {
    fn from(s: AssistantSettings) -> Self {
        Self {
            persona: s.persona,
            rules: s.rules,
            links: s
                .links
                .into_iter()
                .map(|l| LinkOut {
                    title: l.title,
                    url: l.url,
                })
                .collect(),
            provider: s.provider.map(ProviderName::from),
            model: s.model,
            history_turns: s.history_turns,
        }
    }
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct SettingsIn {
    /// Who the assistant is and how it speaks; at most 2,000 characters.
    persona: Text,
    /// At most 30, each at most 500 characters.
    rules: Vec<Text>,
    /// Contact links offered when the assistant has no answer; at most 20.
    links: Vec<LinkIn>,
    /// One configured on the server, or null for the server's default.
    provider: Option<EnumText<ProviderName>>,
    /// null: the provider's default model.
    model: Option<Text>,
    /// 1–50; default 10.
    history_turns: Option<i64>,
}

/// A knowledge entry the assistant may cite.
#[derive(Debug, Object)]
pub struct KnowledgeOut {
    id: i64,
    title: String,
    body: String,
    url: Option<String>,
    tags: Vec<String>,
    created_at: chrono::DateTime<chrono::Utc>,
    updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<KnowledgeEntry> for KnowledgeOut {
    fn from(k: KnowledgeEntry) -> Self {
        Self {
            id: k.id,
            title: k.title,
            body: k.body,
            url: k.url,
            tags: k.tags,
            created_at: k.created_at,
            updated_at: k.updated_at,
        }
    }
}

paginated!(KnowledgePage, KnowledgeOut);

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct KnowledgeIn {
    /// At most 200 characters.
    title: Text,
    /// At most 10,000 characters.
    body: Text,
    /// An http(s) URL; null or blank for none.
    url: Option<Text>,
    /// At most 20, each at most 50 characters.
    tags: Option<Vec<Text>>,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct KnowledgePatchIn {
    title: Option<Text>,
    body: Option<Text>,
    /// null clears it.
    url: MaybeUndefined<Text>,
    tags: Option<Vec<Text>>,
}

#[derive(ApiResponse)]
enum ConversationListResponse {
    /// Most recently active first.
    #[oai(status = 200)]
    Ok(Json<ConversationPage>),
}

#[derive(ApiResponse)]
enum ConversationResponse {
    /// The conversation with its messages.
    #[oai(status = 200)]
    Ok(Json<ConversationDetailOut>),
}

#[derive(ApiResponse)]
enum MessageListResponse {
    /// The conversation's messages, oldest first.
    #[oai(status = 200)]
    Ok(Json<MessagePage>),
}

#[derive(ApiResponse)]
enum SettingsResponse {
    /// The settings.
    #[oai(status = 200)]
    Ok(Json<SettingsOut>),
}

#[derive(ApiResponse)]
enum KnowledgeListResponse {
    /// By id.
    #[oai(status = 200)]
    Ok(Json<KnowledgePage>),
}

#[derive(ApiResponse)]
enum KnowledgeCreatedResponse {
    /// The entry was created.
    #[oai(status = 201)]
    Created(Json<KnowledgeOut>),
}

#[derive(ApiResponse)]
enum KnowledgeResponse {
    /// The entry.
    #[oai(status = 200)]
    Ok(Json<KnowledgeOut>),
}

#[derive(ApiResponse)]
enum DeletedResponse {
    /// Deleted.
    #[oai(status = 204)]
    Deleted,
}

/// A conversation id that is not a uuid names no conversation.
fn conversation_id(value: &str) -> Result<Uuid, Error> {
    Uuid::parse_str(value)
        .map_err(|_| Error::not_found("conversation_not_found", "No such conversation."))
}

fn texts(values: Vec<Text>) -> Vec<String> {
    values.into_iter().map(String::from).collect()
}

/// Starts the turn a chat request asks for: the store's, the signed-in caller's if any.
async fn start_turn(
    enid: &Enid,
    req: &Request,
    auth: OptionalAuth,
    store: StoreHeader,
    body: ChatIn,
    stream: bool,
) -> ApiResult<Turn> {
    let store = request_store(enid, store.0).await?;
    let viewer = auth.principal(enid, req).await?;
    let input = ChatInput {
        message: body.message.0,
        conversation_id: body.conversation_id,
    };
    // Boxed: its state is freed when it ends rather than held, as the largest part of the
    // handler's, while the model answers.
    let turn = Box::pin(enid.assistant().start_turn(
        viewer.as_ref(),
        store.id,
        input,
        &client_ip(req),
        stream,
    ))
    .await?;
    Ok(turn)
}

/// A failed turn: 503 with the conversation for a model failure, the usual error otherwise.
fn failure_body(failure: TurnFailure) -> Result<ChatFailureOut, ApiError> {
    if failure.error.kind == ErrorKind::Unavailable {
        Ok(ChatFailureOut {
            code: failure.error.code.to_owned(),
            detail: failure.error.detail,
            conversation_id: failure.conversation_id,
        })
    } else {
        Err(failure.error.into())
    }
}

fn event(item: ChatEvent) -> Event {
    let kind = match &item {
        ChatEvent::Delta(_) => "delta",
        ChatEvent::Done(_) => "done",
        ChatEvent::Error(_) => "error",
    };
    let data = item.to_json().map(|v| v.to_string()).unwrap_or_default();
    Event::message(data).event_type(kind)
}

/// The events of a streamed turn: its deltas as the model writes them, then `done` or `error`.
/// The turn runs as the response is read, with no task or channel of its own; a client that
/// leaves drops it, and with it the model call (its message is stored by a task of its own).
struct TurnEvents {
    /// Deltas handed over by the turn and not yet sent.
    deltas: Arc<Mutex<VecDeque<String>>>,
    /// `None` once it ended.
    turn: Option<BoxFuture<'static, ChatEvent>>,
    last: Option<ChatEvent>,
}

impl TurnEvents {
    fn new(turn: Turn) -> Self {
        let deltas = Arc::new(Mutex::new(VecDeque::new()));
        let sink = deltas.clone();
        let turn = async move {
            let mut forward = |piece: &str| {
                sink.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push_back(piece.to_owned());
            };
            match turn.run(&mut forward).await {
                Ok(reply) => ChatEvent::Done(reply.into()),
                Err(failure) => {
                    if failure.error.kind == ErrorKind::Internal {
                        tracing::error!(error = %failure.error, "internal error");
                    }
                    ChatEvent::Error(ChatFailureOut {
                        code: failure.error.code.to_owned(),
                        detail: failure.error.detail,
                        conversation_id: failure.conversation_id,
                    })
                }
            }
        }
        .boxed();
        Self {
            deltas,
            turn: Some(turn),
            last: None,
        }
    }
}

impl Stream for TurnEvents {
    type Item = ChatEvent;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<ChatEvent>> {
        let this = self.get_mut();
        if let Some(turn) = this.turn.as_mut()
            && let Poll::Ready(last) = turn.as_mut().poll(cx)
        {
            this.turn = None;
            this.last = Some(last);
        }
        let delta = this
            .deltas
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop_front();
        match delta {
            Some(delta) => Poll::Ready(Some(ChatEvent::Delta(DeltaOut { delta }))),
            // The turn was polled above: it wakes this stream when it moves on.
            None if this.turn.is_some() => Poll::Pending,
            None => Poll::Ready(this.last.take()),
        }
    }
}

#[OpenApi(tag = "Tag::Assistant")]
impl AssistantApi {
    /// Chat with the assistant
    ///
    /// One turn: stores the message, answers it from the store's FAQs, return cards and
    /// knowledge (through the configured model, or offline), stores the answer. Omit
    /// `conversation_id` to start a conversation; keep the returned id to continue it (and to
    /// read it). A model failure or timeout is a 503 with a friendly Spanish `detail`: the
    /// message is kept and the next turn works. Rate limited per client IP and per
    /// conversation. Public.
    #[oai(
        path = "/assistant/chat/",
        method = "post",
        operation_id = "assistant_chat"
    )]
    async fn chat(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: OptionalAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<ChatIn>,
    ) -> ApiResult<ChatResponse> {
        let turn = start_turn(&enid, req, auth, store, body.0, false).await?;
        match turn.run(&mut |_: &str| {}).await {
            Ok(reply) => Ok(ChatResponse::Created(Json(reply.into()))),
            Err(failure) => Ok(ChatResponse::Unavailable(Json(failure_body(failure)?))),
        }
    }

    /// Chat with the assistant, streamed
    ///
    /// The same turn as `/assistant/chat/`, answered as server-sent events while the model
    /// writes. Errors found before the answer starts (invalid message, unknown conversation,
    /// rate limit) are ordinary error responses. A client that leaves mid-answer keeps its
    /// message; the answer is stored only when it completes. Public.
    #[oai(
        path = "/assistant/chat/stream/",
        method = "post",
        operation_id = "assistant_chat_stream"
    )]
    async fn chat_stream(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: OptionalAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<ChatIn>,
    ) -> ApiResult<ChatStreamResponse> {
        let turn = start_turn(&enid, req, auth, store, body.0, true).await?;
        Ok(ChatStreamResponse::Events(
            EventStream::new(TurnEvents::new(turn).boxed()).to_event(event),
        ))
    }

    /// List conversations
    ///
    /// Staff see the store's conversations; customers only their own. Most recently active
    /// first.
    #[oai(
        path = "/conversation/",
        method = "get",
        operation_id = "list_conversations"
    )]
    async fn list_conversations(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<ConversationListResponse> {
        let store = request_store(&enid, store.0).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let conversations = enid
            .assistant()
            .list_conversations(&auth.0, store.id, page_request)
            .await?;
        Ok(ConversationListResponse::Ok(Json(ConversationPage::new(
            req,
            conversations,
            ConversationOut::from,
        ))))
    }

    /// Get a conversation
    ///
    /// With its messages, oldest first (the first 200). No login needed: the uuid is what
    /// gives access.
    #[oai(
        path = "/conversation/:conversation_id/",
        method = "get",
        operation_id = "get_conversation"
    )]
    async fn get_conversation(
        &self,
        enid: Data<&Enid>,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The conversation's uuid.
        conversation_id: Path<UuidText>,
    ) -> ApiResult<ConversationResponse> {
        let store = request_store(&enid, store.0).await?;
        let id = self::conversation_id(&conversation_id.0.0)?;
        let conversation = enid.assistant().conversation(store.id, id).await?;
        let messages = enid
            .assistant()
            .messages(
                store.id,
                id,
                PageRequest::new(Some(1), Some(MESSAGES_SHOWN))?,
            )
            .await?;
        Ok(ConversationResponse::Ok(Json(ConversationDetailOut {
            conversation: conversation.into(),
            messages: messages.items.into_iter().map(MessageOut::from).collect(),
        })))
    }

    /// Delete a conversation
    ///
    /// With its messages. Staff, or the customer who started it.
    #[oai(
        path = "/conversation/:conversation_id/",
        method = "delete",
        operation_id = "delete_conversation"
    )]
    async fn delete_conversation(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The conversation's uuid.
        conversation_id: Path<UuidText>,
    ) -> ApiResult<DeletedResponse> {
        let store = request_store(&enid, store.0).await?;
        let id = self::conversation_id(&conversation_id.0.0)?;
        enid.assistant()
            .delete_conversation(&auth.0, store.id, id)
            .await?;
        Ok(DeletedResponse::Deleted)
    }

    /// List a conversation's messages
    ///
    /// Oldest first. No login needed: the conversation's uuid is what gives access.
    #[oai(path = "/message/", method = "get", operation_id = "list_messages")]
    async fn list_messages(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The conversation's uuid.
        conversation_id: Query<UuidText>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<MessageListResponse> {
        let store = request_store(&enid, store.0).await?;
        let id = self::conversation_id(&conversation_id.0.0)?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let messages = enid
            .assistant()
            .messages(store.id, id, page_request)
            .await?;
        Ok(MessageListResponse::Ok(Json(MessagePage::new(
            req,
            messages,
            MessageOut::from,
        ))))
    }

    /// Get the assistant settings
    ///
    /// The defaults until an admin saves some. Store admins.
    #[oai(
        path = "/assistant/settings/",
        method = "get",
        operation_id = "get_assistant_settings"
    )]
    async fn settings(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
    ) -> ApiResult<SettingsResponse> {
        let store = request_store(&enid, store.0).await?;
        let settings = enid.assistant().settings(&auth.0, store.id).await?;
        Ok(SettingsResponse::Ok(Json(settings.into())))
    }

    /// Replace the assistant settings
    ///
    /// Replaces the whole object; cached answers of the store are forgotten. A provider the
    /// server has no configuration for is a 400. Store admins.
    #[oai(
        path = "/assistant/settings/",
        method = "put",
        operation_id = "save_assistant_settings"
    )]
    async fn save_settings(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<SettingsIn>,
    ) -> ApiResult<SettingsResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let input = SettingsInput {
            persona: body.persona.0,
            rules: texts(body.rules),
            links: body
                .links
                .into_iter()
                .map(|l| LinkInput {
                    title: l.title.0,
                    url: l.url.0,
                })
                .collect(),
            provider: body.provider.map(|provider| provider.0),
            model: body.model.map(String::from),
            history_turns: body.history_turns,
        };
        let settings = enid
            .assistant()
            .save_settings(&auth.0, store.id, input)
            .await?;
        Ok(SettingsResponse::Ok(Json(settings.into())))
    }

    /// List knowledge entries
    ///
    /// By id. Staff.
    #[oai(
        path = "/assistant/knowledge/",
        method = "get",
        operation_id = "list_knowledge"
    )]
    async fn list_knowledge(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<KnowledgeListResponse> {
        let store = request_store(&enid, store.0).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let entries = enid
            .assistant()
            .list_knowledge(&auth.0, store.id, page_request)
            .await?;
        Ok(KnowledgeListResponse::Ok(Json(KnowledgePage::new(
            req,
            entries,
            KnowledgeOut::from,
        ))))
    }

    /// Create a knowledge entry
    ///
    /// A product or policy the assistant may cite. Staff.
    #[oai(
        path = "/assistant/knowledge/",
        method = "post",
        operation_id = "create_knowledge"
    )]
    async fn create_knowledge(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<KnowledgeIn>,
    ) -> ApiResult<KnowledgeCreatedResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let input = KnowledgeInput {
            title: body.title.0,
            body: body.body.0,
            url: body.url.map(String::from),
            tags: body.tags.map(texts),
        };
        let entry = enid
            .assistant()
            .create_knowledge(&auth.0, store.id, input)
            .await?;
        Ok(KnowledgeCreatedResponse::Created(Json(entry.into())))
    }

    /// Get a knowledge entry
    ///
    /// Staff.
    #[oai(
        path = "/assistant/knowledge/:id/",
        method = "get",
        operation_id = "get_knowledge"
    )]
    async fn get_knowledge(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The knowledge entry's id.
        id: Path<i64>,
    ) -> ApiResult<KnowledgeResponse> {
        let store = request_store(&enid, store.0).await?;
        let entry = enid.assistant().knowledge(&auth.0, store.id, id.0).await?;
        Ok(KnowledgeResponse::Ok(Json(entry.into())))
    }

    /// Update a knowledge entry
    ///
    /// Staff.
    #[oai(
        path = "/assistant/knowledge/:id/",
        method = "patch",
        operation_id = "update_knowledge"
    )]
    async fn update_knowledge(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The knowledge entry's id.
        id: Path<i64>,
        body: JsonBody<KnowledgePatchIn>,
    ) -> ApiResult<KnowledgeResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let patch = KnowledgePatch {
            title: body.title.map(String::from),
            body: body.body.map(String::from),
            url: match body.url {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(text) => Some(Some(text.0)),
            },
            tags: body.tags.map(texts),
        };
        let entry = enid
            .assistant()
            .update_knowledge(&auth.0, store.id, id.0, patch)
            .await?;
        Ok(KnowledgeResponse::Ok(Json(entry.into())))
    }

    /// Delete a knowledge entry
    ///
    /// Staff.
    #[oai(
        path = "/assistant/knowledge/:id/",
        method = "delete",
        operation_id = "delete_knowledge"
    )]
    async fn delete_knowledge(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The knowledge entry's id.
        id: Path<i64>,
    ) -> ApiResult<DeletedResponse> {
        let store = request_store(&enid, store.0).await?;
        enid.assistant()
            .delete_knowledge(&auth.0, store.id, id.0)
            .await?;
        Ok(DeletedResponse::Deleted)
    }
}
