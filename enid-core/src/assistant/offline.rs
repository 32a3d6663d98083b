//! The offline provider: no model, the answer is the best matches themselves, in Spanish, with
//! their links; when nothing matches it says so and offers the store's contact links.

use async_trait::async_trait;

use super::model::{ChatModel, ModelRequest, Usage};
use super::{Link, Provider};
use crate::error::Result;

/// The model name recorded for offline answers.
pub const OFFLINE_MODEL: &str = "offline";

/// Knowledge bodies are cut to this many characters in an offline answer.
const KNOWLEDGE_EXCERPT_CHARS: usize = 400;
/// At most this many matches of each kind are quoted.
const FAQS_QUOTED: usize = 2;
const CARDS_QUOTED: usize = 1;
const KNOWLEDGE_QUOTED: usize = 2;

pub struct OfflineModel;

fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}

fn contact(links: &[Link]) -> String {
    if links.is_empty() {
        return "Puedes escribirnos por nuestros canales de contacto y con gusto te ayudamos."
            .to_owned();
    }
    let mut out = "Puedes contactarnos aquí:".to_owned();
    for link in links {
        out.push_str(&format!("\n- {}: {}", link.title, link.url));
    }
    out
}

/// The answer's parts, each handed out as one delta.
pub fn compose(request: &ModelRequest) -> Vec<String> {
    let grounding = &request.grounding;
    if grounding.is_empty() {
        return vec![
            "Lo siento, no tengo una respuesta para tu pregunta.".to_owned(),
            format!("\n\n{}", contact(&request.links)),
        ];
    }
    let mut parts = Vec::new();
    for hit in grounding.faqs.iter().take(FAQS_QUOTED) {
        parts.push(format!("{}\n{}", hit.faq.ask, hit.faq.answer));
    }
    for card in grounding.cards.iter().take(CARDS_QUOTED) {
        let mut part = format!("{}\n{}", card.ask, card.short_answer);
        if let Some(path) = &card.path_seccion {
            let label = card.call_to_action.as_deref().unwrap_or("Más información");
            part.push_str(&format!("\n{label}: {path}"));
        }
        parts.push(part);
    }
    for entry in grounding.knowledge.iter().take(KNOWLEDGE_QUOTED) {
        let mut part = format!(
            "{}\n{}",
            entry.title,
            excerpt(&entry.body, KNOWLEDGE_EXCERPT_CHARS)
        );
        if let Some(url) = &entry.url {
            part.push_str(&format!("\nMás información: {url}"));
        }
        parts.push(part);
    }
    let mut out: Vec<String> = parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| if i == 0 { part } else { format!("\n\n{part}") })
        .collect();
    if !request.links.is_empty() {
        out.push(format!(
            "\n\n¿Necesitas algo más? {}",
            contact(&request.links)
        ));
    }
    out
}

#[async_trait]
impl ChatModel for OfflineModel {
    fn provider(&self) -> Provider {
        Provider::Offline
    }

    async fn answer(
        &self,
        request: &ModelRequest,
        delta: &mut (dyn for<'s> FnMut(&'s str) + Send),
    ) -> Result<Usage> {
        for part in compose(request) {
            delta(&part);
        }
        Ok(Usage {
            model: OFFLINE_MODEL.to_owned(),
            prompt_tokens: None,
            completion_tokens: None,
        })
    }
}
