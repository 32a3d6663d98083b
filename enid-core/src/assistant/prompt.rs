//! What a model is given: persona and rules, the best matches for the question, the contact
//! links, and the latest turns within a character budget.

use super::model::{PromptTurn, TurnRole};
use super::{AssistantSettings, KnowledgeEntry, Message, MessageRole};
use crate::faqs::FaqHit;
use crate::returns::ReturnCard;

/// The characters of earlier turns a model is given at most; older turns are left out first.
pub const HISTORY_CHARS_BUDGET: usize = 8_000;

/// The store's texts that best match a question, best first. Hidden FAQs are never here.
#[derive(Debug, Clone, Default)]
pub struct Grounding {
    pub faqs: Vec<FaqHit>,
    pub cards: Vec<ReturnCard>,
    pub knowledge: Vec<KnowledgeEntry>,
}

impl Grounding {
    pub fn is_empty(&self) -> bool {
        self.faqs.is_empty() && self.cards.is_empty() && self.knowledge.is_empty()
    }
}

/// The system instructions: the store's persona, rules, matches and links. Only the store's own
/// texts go here; what the visitor wrote goes in the conversation turns.
pub fn instructions(settings: &AssistantSettings, grounding: &Grounding) -> String {
    let mut out = settings.persona.clone();
    if !settings.rules.is_empty() {
        out.push_str("\n\nReglas:");
        for rule in &settings.rules {
            out.push_str("\n- ");
            out.push_str(rule);
        }
    }
    out.push_str(
        "\n\nResponde solo con la información de la tienda que aparece abajo. Si no está ahí, \
         dilo con claridad y ofrece los enlaces de contacto.",
    );
    out.push_str("\n\nInformación de la tienda:");
    if grounding.is_empty() {
        out.push_str("\n(ninguna coincide con la pregunta)");
    }
    for hit in &grounding.faqs {
        out.push_str(&format!(
            "\n\nPregunta frecuente: {}\nRespuesta: {}",
            hit.faq.ask, hit.faq.answer
        ));
    }
    for card in &grounding.cards {
        out.push_str(&format!(
            "\n\nPolítica: {}\nRespuesta: {}",
            card.ask, card.short_answer
        ));
        if let Some(path) = &card.path_seccion {
            out.push_str(&format!("\nSección: {path}"));
        }
    }
    for entry in &grounding.knowledge {
        out.push_str(&format!("\n\n{}\n{}", entry.title, entry.body));
        if let Some(url) = &entry.url {
            out.push_str(&format!("\nEnlace: {url}"));
        }
    }
    if !settings.links.is_empty() {
        out.push_str("\n\nEnlaces de contacto:");
        for link in &settings.links {
            out.push_str(&format!("\n- {}: {}", link.title, link.url));
        }
    }
    out
}

/// The latest messages (oldest first) whose text fits in `budget` characters, counted from the
/// newest.
pub fn history(messages: &[Message], budget: usize) -> Vec<PromptTurn> {
    let mut used = 0;
    let mut turns: Vec<PromptTurn> = Vec::new();
    for message in messages.iter().rev() {
        used += message.content.chars().count();
        if used > budget {
            break;
        }
        turns.push(PromptTurn {
            role: match message.role {
                MessageRole::User => TurnRole::User,
                MessageRole::Assistant => TurnRole::Model,
            },
            text: message.content.clone(),
        });
    }
    turns.reverse();
    turns
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use uuid::Uuid;

    fn message(role: MessageRole, content: &str) -> Message {
        Message {
            id: 1,
            conversation_id: Uuid::nil(),
            role,
            content: content.to_owned(),
            provider: None,
            model: None,
            latency_ms: None,
            prompt_tokens: None,
            completion_tokens: None,
            cached: false,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn history_keeps_the_newest_turns_within_the_budget() {
        let messages = [
            message(MessageRole::User, "primera pregunta"),
            message(MessageRole::Assistant, "primera respuesta"),
            message(MessageRole::User, "segunda"),
            message(MessageRole::Assistant, "respuesta dos"),
        ];
        let all = history(&messages, 1_000);
        assert_eq!(all.len(), 4);
        assert_eq!(all[0].role, TurnRole::User);
        assert_eq!(all[3].text, "respuesta dos");
        let recent = history(&messages, 25);
        assert_eq!(
            recent.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
            ["segunda", "respuesta dos"]
        );
    }
}
