//! Assistant rules: who reads and changes settings, knowledge and conversations, what a valid
//! message is, and how a turn runs (grounding, prompt, model, cache, storage).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use tokio::task::JoinHandle;
use uuid::Uuid;

use super::answer_cache::{answer_key, cached_with_answers, forget_answers};
use super::model::{ChatModel, ModelRequest, PromptTurn};
use super::prompt::{Grounding, HISTORY_CHARS_BUDGET, history, instructions};
use super::{
    Answer, AssistantSettings, Conversation, ConversationTarget, HISTORY_TURNS_MAX,
    KNOWLEDGE_BODY_MAX_CHARS, KNOWLEDGE_TITLE_MAX_CHARS, KnowledgeChanges, KnowledgeEntry,
    KnowledgeId, LINK_TITLE_MAX_CHARS, LINKS_MAX, Link, MESSAGE_MAX_CHARS, MESSAGE_MIN_CHARS,
    MODEL_NAME_MAX_CHARS, Message, NewAssistantMessage, NewKnowledge, PERSONA_MAX_CHARS, Provider,
    RULE_MAX_CHARS, RULES_MAX, TAG_MAX_CHARS, TAGS_MAX,
};
use crate::auth::Principal;
use crate::enid::Enid;
use crate::error::{Error, ErrorKind, Result, Validator};
use crate::faqs::{SearchTerms, parse_url};
use crate::pagination::{Page, PageRequest};
use crate::returns::ReturnCard;
use crate::stores::{Permission, StoreId};
use crate::text::{clean_line, clean_text};

/// Matches of each kind a model is given at most.
const FAQS_GROUNDED: i64 = 3;
const CARDS_GROUNDED: usize = 2;
const KNOWLEDGE_GROUNDED: usize = 3;
/// Knowledge entries fetched to be ranked.
const KNOWLEDGE_CANDIDATES: i64 = 50;
/// Return cards read to be ranked: a store has a handful.
const CARDS_SCANNED: i64 = 100;

/// What a visitor reads when the model fails: friendly, and nothing of the upstream error.
pub const UNAVAILABLE_DETAIL: &str = "Nuestro asistente no está disponible en este momento. \
     Tu mensaje quedó guardado; inténtalo de nuevo en unos minutos.";

#[derive(Debug, Clone, Default)]
pub struct ChatInput {
    pub message: String,
    pub conversation_id: Option<Uuid>,
}

/// A completed turn.
#[derive(Debug, Clone)]
pub struct ChatReply {
    pub conversation_id: Uuid,
    pub user_message: Message,
    pub ai_response: Message,
}

/// A turn whose user message was stored but that has no answer: the model failed or timed out
/// (`error` is then a 503 `assistant_unavailable` with a friendly Spanish detail), or the
/// conversation was deleted meanwhile.
#[derive(Debug)]
pub struct TurnFailure {
    pub conversation_id: Uuid,
    pub error: Error,
}

#[derive(Debug, Clone, Default)]
pub struct LinkInput {
    pub title: String,
    pub url: String,
}

/// The whole settings object as an admin sends it.
#[derive(Debug, Clone, Default)]
pub struct SettingsInput {
    pub persona: String,
    pub rules: Vec<String>,
    pub links: Vec<LinkInput>,
    pub provider: Option<String>,
    pub model: Option<String>,
    pub history_turns: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct KnowledgeInput {
    pub title: String,
    pub body: String,
    pub url: Option<String>,
    pub tags: Option<Vec<String>>,
}

/// `None` keeps a field; `url: Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct KnowledgePatch {
    pub title: Option<String>,
    pub body: Option<String>,
    pub url: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
}

pub struct AssistantService<'a> {
    enid: &'a Enid,
}

fn knowledge_not_found() -> Error {
    Error::not_found(
        "knowledge_not_found",
        "No such knowledge entry in this store.",
    )
}

fn conversation_not_found() -> Error {
    Error::not_found("conversation_not_found", "No such conversation.")
}

fn unavailable() -> Error {
    Error::new(
        ErrorKind::Unavailable,
        "assistant_unavailable",
        UNAVAILABLE_DETAIL,
    )
}

fn body_text(v: &mut Validator, field: &str, value: &str, max: usize) -> Option<String> {
    let text = v.field(clean_text(field, value, max))?;
    if text.is_empty() {
        v.add(field, "This field may not be blank.");
        return None;
    }
    Some(text)
}

/// Blank is absent.
fn optional_url(v: &mut Validator, field: &str, value: Option<String>) -> Option<String> {
    match value {
        Some(text) if !text.trim().is_empty() => v.field(parse_url(field, &text)),
        _ => None,
    }
}

fn tags(v: &mut Validator, values: Vec<String>) -> Option<Vec<String>> {
    if values.len() > TAGS_MAX {
        v.add(
            "tags",
            format!("Ensure there are no more than {TAGS_MAX} tags."),
        );
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    for value in values {
        let tag = v.field(clean_line("tags", &value, TAG_MAX_CHARS))?;
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    Some(out)
}

/// The user's message: trimmed, 2 to 1,000 characters.
pub fn parse_message(value: &str) -> Result<String> {
    let text = clean_text("message", value, MESSAGE_MAX_CHARS)?;
    if text.chars().count() < MESSAGE_MIN_CHARS {
        return Err(Error::invalid(
            "message",
            format!("Ensure this field has at least {MESSAGE_MIN_CHARS} characters."),
        ));
    }
    Ok(text)
}

impl<'a> AssistantService<'a> {
    pub(crate) fn new(enid: &'a Enid) -> Self {
        Self { enid }
    }

    // ---- settings ----

    /// The store's settings (the defaults until saved). Store admins.
    pub async fn settings(
        &self,
        principal: &Principal,
        store: StoreId,
    ) -> Result<AssistantSettings> {
        principal.require(store, Permission::AssistantSettings)?;
        self.current_settings(store).await
    }

    async fn current_settings(&self, store: StoreId) -> Result<AssistantSettings> {
        cached_with_answers(self.enid, store, "settings", async {
            Ok(self
                .enid
                .storage()
                .assistant_settings(store)
                .await?
                .unwrap_or_default())
        })
        .await
    }

    /// Replaces the whole settings object. Store admins.
    pub async fn save_settings(
        &self,
        principal: &Principal,
        store: StoreId,
        input: SettingsInput,
    ) -> Result<AssistantSettings> {
        principal.require(store, Permission::AssistantSettings)?;
        let mut v = Validator::new();
        let persona = body_text(&mut v, "persona", &input.persona, PERSONA_MAX_CHARS);
        if input.rules.len() > RULES_MAX {
            v.add(
                "rules",
                format!("Ensure there are no more than {RULES_MAX} rules."),
            );
        }
        let rules: Vec<String> = input
            .rules
            .iter()
            .filter_map(|rule| v.field(clean_line("rules", rule, RULE_MAX_CHARS)))
            .collect();
        if input.links.len() > LINKS_MAX {
            v.add(
                "links",
                format!("Ensure there are no more than {LINKS_MAX} links."),
            );
        }
        let links: Vec<Link> = input
            .links
            .iter()
            .filter_map(|link| {
                let title = v.field(clean_line("links", &link.title, LINK_TITLE_MAX_CHARS));
                let url = v.field(parse_url("links", &link.url));
                Some(Link {
                    title: title?,
                    url: url?,
                })
            })
            .collect();
        let provider = input
            .provider
            .as_deref()
            .and_then(|p| v.field(Provider::parse("provider", p)));
        if let Some(provider) = provider
            && !self.enid.chat_models().is_configured(provider)
        {
            v.add(
                "provider",
                format!("The {provider} provider is not configured on this server."),
            );
        }
        let model = input
            .model
            .filter(|m| !m.trim().is_empty())
            .and_then(|m| v.field(clean_line("model", &m, MODEL_NAME_MAX_CHARS)));
        let history_turns = input.history_turns.unwrap_or(super::DEFAULT_HISTORY_TURNS);
        if !(1..=HISTORY_TURNS_MAX).contains(&history_turns) {
            v.add(
                "history_turns",
                format!("Must be a whole number from 1 to {HISTORY_TURNS_MAX}."),
            );
        }
        v.finish()?;
        let settings = AssistantSettings {
            persona: persona.expect("validator passed"),
            rules,
            links,
            provider,
            model,
            history_turns,
        };
        self.enid
            .storage()
            .save_assistant_settings(store, &settings, self.enid.now())
            .await?;
        forget_answers(self.enid, store).await;
        Ok(settings)
    }

    // ---- knowledge ----

    /// Staff.
    pub async fn list_knowledge(
        &self,
        principal: &Principal,
        store: StoreId,
        page: PageRequest,
    ) -> Result<Page<KnowledgeEntry>> {
        principal.require(store, Permission::AssistantRead)?;
        self.enid.storage().list_knowledge(store, page).await
    }

    /// Staff.
    pub async fn knowledge(
        &self,
        principal: &Principal,
        store: StoreId,
        id: KnowledgeId,
    ) -> Result<KnowledgeEntry> {
        principal.require(store, Permission::AssistantRead)?;
        self.enid
            .storage()
            .knowledge(store, id)
            .await?
            .ok_or_else(knowledge_not_found)
    }

    /// Staff.
    pub async fn create_knowledge(
        &self,
        principal: &Principal,
        store: StoreId,
        input: KnowledgeInput,
    ) -> Result<KnowledgeEntry> {
        principal.require(store, Permission::AssistantWrite)?;
        let mut v = Validator::new();
        let title = v.field(clean_line("title", &input.title, KNOWLEDGE_TITLE_MAX_CHARS));
        let body = body_text(&mut v, "body", &input.body, KNOWLEDGE_BODY_MAX_CHARS);
        let url = optional_url(&mut v, "url", input.url);
        let tags = tags(&mut v, input.tags.unwrap_or_default());
        v.finish()?;
        let entry = NewKnowledge {
            title: title.expect("validator passed"),
            body: body.expect("validator passed"),
            url,
            tags: tags.expect("validator passed"),
        };
        let created = self
            .enid
            .storage()
            .create_knowledge(store, &entry, self.enid.now())
            .await?;
        forget_answers(self.enid, store).await;
        Ok(created)
    }

    /// Staff.
    pub async fn update_knowledge(
        &self,
        principal: &Principal,
        store: StoreId,
        id: KnowledgeId,
        patch: KnowledgePatch,
    ) -> Result<KnowledgeEntry> {
        principal.require(store, Permission::AssistantWrite)?;
        let mut v = Validator::new();
        let title = patch
            .title
            .and_then(|t| v.field(clean_line("title", &t, KNOWLEDGE_TITLE_MAX_CHARS)));
        let body = patch
            .body
            .and_then(|b| body_text(&mut v, "body", &b, KNOWLEDGE_BODY_MAX_CHARS));
        let url = patch.url.map(|url| optional_url(&mut v, "url", url));
        let tags = patch.tags.and_then(|t| tags(&mut v, t));
        v.finish()?;
        let changes = KnowledgeChanges {
            title,
            body,
            url,
            tags,
        };
        let updated = self
            .enid
            .storage()
            .update_knowledge(store, id, &changes, self.enid.now())
            .await?
            .ok_or_else(knowledge_not_found)?;
        forget_answers(self.enid, store).await;
        Ok(updated)
    }

    /// Staff.
    pub async fn delete_knowledge(
        &self,
        principal: &Principal,
        store: StoreId,
        id: KnowledgeId,
    ) -> Result<()> {
        principal.require(store, Permission::AssistantWrite)?;
        if !self.enid.storage().delete_knowledge(store, id).await? {
            return Err(knowledge_not_found());
        }
        forget_answers(self.enid, store).await;
        Ok(())
    }

    // ---- conversations ----

    /// Staff list every conversation of the store; customers only their own.
    pub async fn list_conversations(
        &self,
        principal: &Principal,
        store: StoreId,
        page: PageRequest,
    ) -> Result<Page<Conversation>> {
        let user = if principal.can(store, Permission::AssistantRead) {
            None
        } else {
            principal.require(store, Permission::ConversationsOwn)?;
            Some(principal.user.id)
        };
        self.enid
            .storage()
            .list_conversations(store, user, page)
            .await
    }

    /// Whoever holds the conversation's uuid may read it.
    pub async fn conversation(&self, store: StoreId, id: Uuid) -> Result<Conversation> {
        self.enid
            .storage()
            .conversation(store, id)
            .await?
            .ok_or_else(conversation_not_found)
    }

    /// Oldest first; whoever holds the conversation's uuid may read them.
    pub async fn messages(
        &self,
        store: StoreId,
        id: Uuid,
        page: PageRequest,
    ) -> Result<Page<Message>> {
        self.conversation(store, id).await?;
        self.enid
            .storage()
            .conversation_messages(store, id, page)
            .await
    }

    /// Staff, or the signed-in user who started it.
    pub async fn delete_conversation(
        &self,
        principal: &Principal,
        store: StoreId,
        id: Uuid,
    ) -> Result<()> {
        let conversation = self.conversation(store, id).await?;
        if !principal.can(store, Permission::AssistantWrite)
            && conversation.user_id != Some(principal.user.id)
        {
            return Err(Error::forbidden(
                "Only staff or the customer who started it may delete a conversation.",
            ));
        }
        if self.enid.storage().delete_conversation(store, id).await? {
            Ok(())
        } else {
            Err(conversation_not_found())
        }
    }

    // ---- turns ----

    /// The store's texts best matching `question`: visible FAQs by full-text search, return cards
    /// and knowledge entries ranked by the terms they match. One after another: looked up at
    /// once, a turn holds two of SQLite's four reader connections, and offline turns under load
    /// measured 10-20 % slower for a fraction of a millisecond saved.
    pub async fn ground(&self, store: StoreId, question: &str) -> Result<Grounding> {
        let faqs = self
            .enid
            .faqs()
            .search_visible(store, question, FAQS_GROUNDED)
            .await?;
        let terms = SearchTerms::parse(question);
        if terms.is_empty() {
            return Ok(Grounding {
                faqs,
                ..Grounding::default()
            });
        }
        let cards: Vec<ReturnCard> = cached_with_answers(self.enid, store, "cards", async {
            Ok(self
                .enid
                .storage()
                .list_return_cards(store, PageRequest::new(Some(1), Some(CARDS_SCANNED))?)
                .await?
                .items)
        })
        .await?;
        let cards = best(cards, CARDS_GROUNDED, |card| {
            2 * terms.score(&card.ask) + terms.score(&card.short_answer)
        });
        let knowledge = self
            .enid
            .storage()
            .search_knowledge(store, &terms, KNOWLEDGE_CANDIDATES)
            .await?;
        let knowledge = best(knowledge, KNOWLEDGE_GROUNDED, |entry| {
            2 * terms.score(&entry.title)
                + terms.score(&entry.body)
                + terms.score(&entry.tags.join(" "))
        });
        Ok(Grounding {
            faqs,
            cards,
            knowledge,
        })
    }

    /// Checks the user's message and starts storing it; [`Turn::run`] answers it while it is
    /// stored. Refused (and nothing stored) for an invalid message (400), an unknown conversation
    /// (404) or a rate limit (429: per client IP, and per conversation).
    pub async fn start_turn(
        &self,
        viewer: Option<&Principal>,
        store: StoreId,
        input: ChatInput,
        client_ip: &str,
        stream: bool,
    ) -> Result<Turn> {
        let message = parse_message(&input.message)?;
        let limit = self.enid.config().rate_assistant;
        self.enid
            .check_rate(&format!("assistant:ip:{client_ip}"), limit)
            .await?;
        let target = match input.conversation_id {
            Some(id) => {
                self.conversation(store, id).await?;
                self.enid
                    .check_rate(&format!("assistant:conversation:{id}"), limit)
                    .await?;
                ConversationTarget::Existing(id)
            }
            None => ConversationTarget::New {
                id: Uuid::new_v4(),
                user_id: viewer.map(|p| p.user.id),
            },
        };
        let settings = self.current_settings(store).await?;
        let (conversation_id, recent) = match target {
            ConversationTarget::Existing(id) => {
                let recent = self
                    .enid
                    .storage()
                    .recent_messages(store, id, settings.history_turns * 2)
                    .await?;
                (id, recent)
            }
            ConversationTarget::New { id, .. } => (id, Vec::new()),
        };
        let first_turn = recent.is_empty();
        let config = &self.enid.config().assistant;
        let model = self.enid.chat_models().get(settings.provider);
        let history = history(&recent, HISTORY_CHARS_BUDGET);
        let cache_key = if first_turn && !config.cache_ttl.is_zero() {
            answer_key(self.enid.cache(), store, &message).await
        } else {
            None
        };
        // A task of its own, so that the message is stored whatever becomes of the turn (a
        // model failure, a client that leaves before the answer).
        let user_message = tokio::spawn({
            let enid = self.enid.clone();
            let message = message.clone();
            async move {
                enid.storage()
                    .add_user_message(store, target, &message, enid.now())
                    .await
            }
        });
        Ok(Turn {
            conversation_id,
            user_message,
            question: Question {
                enid: self.enid.clone(),
                store,
                text: message,
                model,
                settings,
                history,
                stream,
                cache_key,
            },
        })
    }
}

/// The `limit` items scoring highest (above zero), best first.
fn best<T>(items: Vec<T>, limit: usize, score: impl Fn(&T) -> usize) -> Vec<T> {
    let mut scored: Vec<(usize, T)> = items
        .into_iter()
        .map(|item| (score(&item), item))
        .filter(|(score, _)| *score > 0)
        .collect();
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, item)| item)
        .collect()
}

/// The store's answer to a user message that [`AssistantService::start_turn`] accepted: the
/// message commits while the turn is grounded and the model answers, so its commit adds nothing
/// to the turn's time.
pub struct Turn {
    conversation_id: Uuid,
    /// The commit of the user's message (and of the conversation, when new).
    user_message: JoinHandle<Result<Option<Message>>>,
    question: Question,
}

/// The user's question and what answering it needs.
struct Question {
    enid: Enid,
    store: StoreId,
    text: String,
    model: Arc<dyn ChatModel>,
    settings: AssistantSettings,
    /// The earlier turns the model is shown.
    history: Vec<PromptTurn>,
    /// Whether the caller shows deltas as they come.
    stream: bool,
    /// Set on a conversation's first turn while the answer cache is on.
    cache_key: Option<String>,
}

impl Turn {
    /// Answers the turn, handing the answer's text to `delta` as it comes, and stores the answer
    /// once the user's message is stored. A first question is answered from the cache when it can
    /// be, and concurrent identical first questions share one model call. Either way, it returns
    /// only after the user's message is stored; on failure nothing more is stored.
    pub async fn run(
        self,
        delta: &mut (dyn for<'s> FnMut(&'s str) + Send),
    ) -> std::result::Result<ChatReply, TurnFailure> {
        let Turn {
            conversation_id,
            user_message,
            question,
        } = self;
        let fail = |error| TurnFailure {
            conversation_id,
            error,
        };
        let (stored, answered) = tokio::join!(user_message, question.answer(delta));
        let user_message = stored
            .map_err(Error::internal)
            .and_then(|stored| stored)
            .and_then(|stored| stored.ok_or_else(conversation_not_found))
            .map_err(fail)?;
        let (answer, cached) = answered.map_err(fail)?;
        let message = NewAssistantMessage {
            answer: Answer {
                latency_ms: if cached { 0 } else { answer.latency_ms },
                ..answer
            },
            cached,
        };
        let enid = &question.enid;
        let ai_response = enid
            .storage()
            .add_assistant_message(question.store, conversation_id, &message, enid.now())
            .await
            .and_then(|stored| stored.ok_or_else(conversation_not_found))
            .map_err(fail)?;
        Ok(ChatReply {
            conversation_id,
            user_message,
            ai_response,
        })
    }
}

impl Question {
    /// The answer, and whether it came from the cache rather than this caller's own model call.
    async fn answer(
        &self,
        delta: &mut (dyn for<'s> FnMut(&'s str) + Send),
    ) -> Result<(Answer, bool)> {
        // The steps before the model's answer are boxed, so that their state is freed when they
        // end rather than held, as the largest part of the turn's, while the model answers.
        match &self.cache_key {
            Some(key) => Box::pin(self.cached_or_asked(key, delta)).await,
            None => Ok((self.ask(delta).await?, false)),
        }
    }

    /// The cached answer, or the one model call of this key in flight, or a new call whose answer
    /// is cached. `true` when this caller's answer did not come from its own model call.
    async fn cached_or_asked(
        &self,
        key: &str,
        delta: &mut (dyn for<'s> FnMut(&'s str) + Send),
    ) -> Result<(Answer, bool)> {
        let cache = self.enid.cache();
        let ttl = self.enid.config().assistant.cache_ttl;
        let asked = AtomicBool::new(false);
        let flights = &self.enid.answer_flights().answers;
        let outcome = flights
            .try_get_with(key.to_owned(), async {
                if let Some(answer) = crate::cache::get_json::<Answer>(cache, key).await? {
                    return Ok(answer);
                }
                asked.store(true, Ordering::Relaxed);
                let answer = self.ask(delta).await?;
                crate::cache::set_json(cache, key, &answer, ttl).await?;
                Ok::<_, Error>(answer)
            })
            .await;
        let from_own_call = asked.load(Ordering::Relaxed);
        match outcome {
            Ok(answer) => {
                if !from_own_call {
                    delta(&answer.content);
                }
                Ok((answer, !from_own_call))
            }
            // The caller whose call failed logged the cause; every waiter gets the same answer.
            Err(shared) => Err(Error::new(shared.kind, shared.code, shared.detail.clone())),
        }
    }

    /// What the model is asked: grounded only here, so that an answer from the cache costs no
    /// search.
    async fn request(&self) -> Result<ModelRequest> {
        let question = &self.text;
        let grounding = self.enid.assistant().ground(self.store, question).await?;
        Ok(ModelRequest {
            model: (self.settings.model.clone())
                .or_else(|| self.enid.config().assistant.model.clone()),
            instructions: instructions(&self.settings, &grounding),
            history: self.history.clone(),
            question: question.clone(),
            grounding,
            links: self.settings.links.clone(),
            stream: self.stream,
        })
    }

    /// Asks the model within the configured timeout.
    async fn ask(&self, delta: &mut (dyn for<'s> FnMut(&'s str) + Send)) -> Result<Answer> {
        let request = Box::pin(self.request()).await?;
        let provider = self.model.provider();
        let started = Instant::now();
        let mut content = String::new();
        let mut collect = |piece: &str| {
            content.push_str(piece);
            delta(piece);
        };
        let timeout = self.enid.config().assistant.timeout;
        let outcome =
            tokio::time::timeout(timeout, self.model.answer(&request, &mut collect)).await;
        let usage = match outcome {
            Ok(Ok(usage)) => usage,
            Ok(Err(err)) => {
                tracing::warn!(%provider, error = %err, "the chat model failed");
                return Err(unavailable());
            }
            Err(_) => {
                tracing::warn!(%provider, ?timeout, "the chat model timed out");
                return Err(unavailable());
            }
        };
        Ok(Answer {
            content,
            provider: provider.as_str().to_owned(),
            model: usage.model,
            latency_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
            prompt_tokens: usage.prompt_tokens,
            completion_tokens: usage.completion_tokens,
        })
    }
}
