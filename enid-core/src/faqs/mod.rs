//! FAQs of a store, grouped in ordered categories, and their ranked full-text search.
//!
//! Anonymous callers (and members without `faqs.write`) only ever see visible FAQs: in lists, by
//! id and in search. Search is Spanish-aware and accent-insensitive; [`FaqsService::search`] is
//! what other domains (the assistant) call to ground their answers.

mod seed;
mod service;
mod storage;

pub use seed::{STARTER_FAQS, StarterFaq, generated_faqs};
pub use service::{CategoryInput, CategoryPatch, FaqInput, FaqPatch, FaqsService};
pub use storage::FaqStore;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::text::fold;

pub type FaqId = i64;
pub type CategoryId = i64;

pub const CATEGORY_NAME_MAX_CHARS: usize = 100;
pub const SLUG_MAX_CHARS: usize = 100;
pub const ASK_MAX_CHARS: usize = 500;
pub const ANSWER_MAX_CHARS: usize = 10_000;
pub const WE_MEAN_MAX_CHARS: usize = 500;
pub const URL_MAX_CHARS: usize = 2000;
pub const MAX_POSITION: i64 = 1_000_000;
/// The longest search query taken, in characters.
pub const QUERY_MAX_CHARS: usize = 200;
/// At most this many words of a query are searched.
pub const MAX_TERMS: usize = 12;
pub const DEFAULT_SEARCH_LIMIT: i64 = 10;
pub const MAX_SEARCH_LIMIT: i64 = 50;
/// Words shown on each side of the marked match in a snippet.
const SNIPPET_CONTEXT_WORDS: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqCategory {
    pub id: CategoryId,
    pub name: String,
    /// From the name; unique in the store.
    pub slug: String,
    pub position: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Faq {
    pub id: FaqId,
    pub category_id: CategoryId,
    pub ask: String,
    pub answer: String,
    pub is_visible: bool,
    pub url_img: Option<String>,
    /// An optional clarification of what the question means.
    pub we_mean: Option<String>,
    pub position: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCategory {
    pub name: String,
    pub slug: String,
    /// `None` puts it last.
    pub position: Option<i64>,
}

/// Validated changes; `None` keeps a field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategoryChanges {
    /// The new name and its slug.
    pub name: Option<(String, String)>,
    pub position: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFaq {
    pub category_id: CategoryId,
    pub ask: String,
    pub answer: String,
    pub is_visible: bool,
    pub url_img: Option<String>,
    pub we_mean: Option<String>,
    /// `None` puts it last in its category.
    pub position: Option<i64>,
}

/// Validated changes; `None` keeps a field, `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaqChanges {
    pub category_id: Option<CategoryId>,
    pub ask: Option<String>,
    pub answer: Option<String>,
    pub is_visible: Option<bool>,
    pub url_img: Option<Option<String>>,
    pub we_mean: Option<Option<String>>,
    pub position: Option<i64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaqFilter {
    pub category_id: Option<CategoryId>,
    pub visible_only: bool,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaqHit {
    pub faq: Faq,
    /// Higher is better; comparable within one search only.
    pub score: f64,
    /// Plain text around the first match, the matched word marked «like this», "…" where cut.
    pub snippet: String,
}

/// The categories' error for a category that is not the store's.
pub fn unknown_category() -> Error {
    Error::invalid("category", "No such FAQ category in this store.")
}

/// A position: a whole number from 0 to 1,000,000.
pub fn parse_position(value: i64) -> Result<i64> {
    if (0..=MAX_POSITION).contains(&value) {
        Ok(value)
    } else {
        Err(Error::invalid(
            "position",
            format!("Must be a whole number from 0 to {MAX_POSITION}."),
        ))
    }
}

/// An absolute http(s) URL with a host, no spaces or control characters.
pub fn parse_url(field: &str, value: &str) -> Result<String> {
    let value = value.trim();
    let invalid = || Error::invalid(field, "Enter a valid http(s) URL.");
    if value.chars().count() > URL_MAX_CHARS {
        return Err(Error::invalid(
            field,
            format!("Ensure this field has no more than {URL_MAX_CHARS} characters."),
        ));
    }
    let lower = value.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or_else(invalid)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    let host = host.split(':').next().unwrap_or_default();
    if host.is_empty()
        || host.starts_with('.')
        || host.ends_with('.')
        || !host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
        || value.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(invalid());
    }
    Ok(value.to_owned())
}

/// Spanish words too common to search for (folded).
const STOP_WORDS: &[&str] = &[
    "a", "al", "algo", "como", "con", "cual", "cuando", "de", "del", "donde", "e", "el", "ella",
    "en", "es", "esa", "ese", "eso", "esta", "este", "esto", "ha", "hay", "la", "las", "le", "les",
    "lo", "los", "mas", "me", "mi", "mis", "muy", "ni", "no", "nos", "o", "os", "para", "pero",
    "por", "puedo", "que", "qué", "se", "si", "sin", "sobre", "son", "su", "sus", "te", "tu",
    "tus", "u", "un", "una", "unas", "uno", "unos", "y", "ya", "yo",
];

/// The words of a query, folded (lowercase, no accents), stop words dropped, Spanish plurals
/// reduced; each is searched as a prefix, so "envios" finds "envío" and "devolucion" finds
/// "devoluciones".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchTerms(Vec<String>);

impl SearchTerms {
    pub fn parse(query: &str) -> Self {
        let mut terms: Vec<String> = Vec::new();
        for word in fold(query).split(|c: char| !c.is_alphanumeric()) {
            if word.is_empty() || STOP_WORDS.contains(&word) {
                continue;
            }
            let term = stem(word);
            if !terms.contains(&term) {
                terms.push(term);
            }
            if terms.len() == MAX_TERMS {
                break;
            }
        }
        Self(terms)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Folded, alphanumeric only: safe to put in a full-text query.
    pub fn terms(&self) -> &[String] {
        &self.0
    }

    /// Whether a word of a text (any case or accents) matches a term.
    fn matches(&self, word: &str) -> bool {
        let word = fold(word);
        self.0.iter().any(|term| word.starts_with(term.as_str()))
    }

    /// How many of the terms some word of `text` matches: a relevance for texts searched in
    /// memory (return cards, knowledge entries).
    pub fn score(&self, text: &str) -> usize {
        let words: Vec<String> = fold(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_owned)
            .collect();
        self.0
            .iter()
            .filter(|term| words.iter().any(|word| word.starts_with(term.as_str())))
            .count()
    }

    /// A plain-text snippet of `text` around its first matching word, marked «…»; `None` when
    /// no word matches.
    pub fn snippet(&self, text: &str) -> Option<String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let hit = words.iter().position(|word| {
            word.split(|c: char| !c.is_alphanumeric())
                .any(|part| !part.is_empty() && self.matches(part))
        })?;
        let start = hit.saturating_sub(SNIPPET_CONTEXT_WORDS);
        let end = (hit + SNIPPET_CONTEXT_WORDS + 1).min(words.len());
        let mut out = String::new();
        if start > 0 {
            out.push('…');
        }
        for (i, word) in words[start..end].iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            if start + i == hit {
                out.push_str(&self.mark(word));
            } else {
                out.push_str(word);
            }
        }
        if end < words.len() {
            out.push('…');
        }
        Some(out)
    }
}

impl SearchTerms {
    /// The word with its first matching run of letters and digits between « and ».
    fn mark(&self, word: &str) -> String {
        let mut from = 0;
        for part in word.split(|c: char| !c.is_alphanumeric()) {
            let at = from;
            from += part.len()
                + word[at + part.len()..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
            if !part.is_empty() && self.matches(part) {
                return format!("{}«{part}»{}", &word[..at], &word[at + part.len()..]);
            }
        }
        word.to_owned()
    }
}

/// A light Spanish stem: plurals reduced ("envios" → "envio", "devoluciones" → "devolucion").
fn stem(word: &str) -> String {
    let chars = word.chars().count();
    if chars > 5 && word.ends_with("iones") {
        return word[..word.len() - 2].to_owned();
    }
    if chars > 4 && word.ends_with("es") && !word.ends_with("ies") {
        let base = &word[..word.len() - 2];
        // "meses" → "mes", "envases" keeps "envas" as a prefix of both forms.
        if base.ends_with(['r', 'l', 'n', 'd', 'z', 's']) {
            return base.to_owned();
        }
    }
    if chars > 3 && word.ends_with('s') && !word.ends_with("ss") {
        return word[..word.len() - 1].to_owned();
    }
    word.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_folded_stemmed_and_stop_words_dropped() {
        assert_eq!(
            SearchTerms::parse("¿Cómo funcionan las devoluciones?").terms(),
            ["funcionan", "devolucion"]
        );
        assert_eq!(SearchTerms::parse("envíos").terms(), ["envio"]);
        assert_eq!(SearchTerms::parse("Envios ENVÍO").terms(), ["envio"]);
        assert!(SearchTerms::parse("de la que ¿? !!").is_empty());
        assert!(SearchTerms::parse("  ").is_empty());
        assert_eq!(
            SearchTerms::parse("x' OR 1=1; --").terms(),
            ["x", "or", "1"]
        );
    }

    #[test]
    fn scores_count_the_terms_a_text_matches() {
        let terms = SearchTerms::parse("devoluciones y envíos gratis");
        assert_eq!(terms.score("Política de devolución y envío"), 2);
        assert_eq!(terms.score("Nada que ver"), 0);
        assert_eq!(terms.score("ENVÍOS GRATIS"), 2);
    }

    #[test]
    fn snippets_mark_the_first_match_in_plain_text() {
        let terms = SearchTerms::parse("devolucion");
        assert_eq!(
            terms.snippet("¿Cómo funciona la devolución?").unwrap(),
            "¿Cómo funciona la «devolución»?"
        );
        let long = "uno dos tres cuatro cinco seis siete ocho nueve diez envío once doce trece \
                    catorce quince dieciséis diecisiete dieciocho diecinueve";
        assert_eq!(
            SearchTerms::parse("envios").snippet(long).unwrap(),
            "…tres cuatro cinco seis siete ocho nueve diez «envío» once doce trece catorce \
             quince dieciséis diecisiete dieciocho…"
        );
        assert_eq!(terms.snippet("nada que ver"), None);
    }

    #[test]
    fn urls_are_http_or_https() {
        assert!(parse_url("url_img", "https://cdn.example.com/a.png").is_ok());
        assert!(parse_url("url_img", "HTTP://example.com").is_ok());
        for bad in [
            "ftp://x.com/a",
            "https://",
            "javascript:alert(1)",
            "https://a b.com",
            "x",
        ] {
            assert!(parse_url("url_img", bad).is_err(), "{bad}");
        }
    }
}
