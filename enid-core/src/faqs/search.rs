//! FAQ search, the same on every backend. A FAQ is indexed as its words (folded, stop words
//! dropped, Spanish plurals reduced), each with an impact: the word's bm25 weight in that FAQ,
//! per field with fixed average lengths, the question weighing ten times the answer. An impact
//! depends on its FAQ alone, so a write rewrites only that FAQ's rows. A search reads each word's
//! best FAQs from an index ordered by impact and stops there, however many FAQs hold the word;
//! the candidates are then scored exactly, `idf × impact` summed over the query's words.
//!
//! Exact for one-word queries. For several words, a FAQ that is in no word's best
//! [`candidates_per_term`] is not considered: it would need a middling weight for many words at
//! once to outrank the candidates.

use std::collections::HashMap;

use super::{Faq, FaqId};
use crate::text::fold;

/// At most this many words of a query are searched.
pub const MAX_TERMS: usize = 12;
/// Longer words are cut to this many characters, in the index and in queries alike.
const MAX_TERM_CHARS: usize = 40;
/// Words shown on each side of the marked match in a snippet.
const SNIPPET_CONTEXT_WORDS: usize = 8;
/// The question's weight against the answer's 1.
const ASK_WEIGHT: f64 = 10.0;
/// bm25's term-frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Typical lengths in indexed words, standing in for each store's averages so that an impact
/// never changes with other FAQs.
const TYPICAL_ASK_WORDS: f64 = 6.0;
const TYPICAL_ANSWER_WORDS: f64 = 25.0;

/// Spanish words too common to search for (folded).
const STOP_WORDS: &[&str] = &[
    "a", "al", "algo", "como", "con", "cual", "cuando", "de", "del", "donde", "e", "el", "ella",
    "en", "es", "esa", "ese", "eso", "esta", "este", "esto", "ha", "hay", "la", "las", "le", "les",
    "lo", "los", "mas", "me", "mi", "mis", "muy", "ni", "no", "nos", "o", "os", "para", "pero",
    "por", "puedo", "que", "qué", "se", "si", "sin", "sobre", "son", "su", "sus", "te", "tu",
    "tus", "u", "un", "una", "unas", "uno", "unos", "y", "ya", "yo",
];

/// The indexed words of a text, in order, repeats kept.
fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(term_of_folded)
        .collect()
}

/// The term a folded run of letters and digits is indexed as, or `None` for a stop word.
fn term_of_folded(word: &str) -> Option<String> {
    if word.is_empty() || STOP_WORDS.contains(&word) {
        return None;
    }
    let word = match word.char_indices().nth(MAX_TERM_CHARS) {
        Some((end, _)) => &word[..end],
        None => word,
    };
    Some(stem(word))
}

/// A light Spanish stem: plurals reduced ("envios" → "envio", "devoluciones" → "devolucion").
fn stem(word: &str) -> String {
    let chars = word.chars().count();
    if chars > 5 && word.ends_with("iones") {
        return word[..word.len() - 2].to_owned();
    }
    if chars > 4 && word.ends_with("es") && !word.ends_with("ies") {
        let base = &word[..word.len() - 2];
        // "meses" → "mes"; "envases" keeps "envas", the stem of "envase" too.
        if base.ends_with(['r', 'l', 'n', 'd', 'z', 's']) {
            return base.to_owned();
        }
    }
    if chars > 3 && word.ends_with('s') && !word.ends_with("ss") {
        return word[..word.len() - 1].to_owned();
    }
    word.to_owned()
}

/// One word of a FAQ in the search index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedTerm {
    pub term: String,
    /// The word's weight in this FAQ, > 0.
    pub impact: f64,
}

/// A FAQ's index rows, sorted by term (so that writers touching the same terms lock them in one
/// order).
pub fn index_terms(ask: &str, answer: &str) -> Vec<IndexedTerm> {
    let ask = words(ask);
    let answer = words(answer);
    let mut frequencies: HashMap<&str, (f64, f64)> = HashMap::new();
    for word in &ask {
        frequencies.entry(word).or_default().0 += 1.0;
    }
    for word in &answer {
        frequencies.entry(word).or_default().1 += 1.0;
    }
    let field = |frequency: f64, length: usize, typical: f64| {
        frequency * (K1 + 1.0) / (frequency + K1 * (1.0 - B + B * length as f64 / typical))
    };
    let mut terms: Vec<IndexedTerm> = frequencies
        .into_iter()
        .map(|(term, (in_ask, in_answer))| IndexedTerm {
            term: term.to_owned(),
            impact: ASK_WEIGHT * field(in_ask, ask.len(), TYPICAL_ASK_WORDS)
                + field(in_answer, answer.len(), TYPICAL_ANSWER_WORDS),
        })
        .collect();
    terms.sort_by(|a, b| a.term.cmp(&b.term));
    terms
}

/// bm25's inverse document frequency of a word that `with_term` of `total` FAQs hold.
pub fn idf(total: i64, with_term: i64) -> f64 {
    let total = total.max(0) as f64;
    let with_term = (with_term.max(0) as f64).min(total);
    (1.0 + (total - with_term + 0.5) / (with_term + 0.5)).ln()
}

/// How many of each word's best FAQs a search reads: the page, with room for FAQs that rank
/// high through several words of the query.
pub fn candidates_per_term(limit: i64) -> i64 {
    (limit * 4).max(40)
}

/// The best `limit` FAQs of the candidates, best first (ties by id), with their scores.
/// `impacts` holds (FAQ, index of the word in the query, impact) for every candidate and word
/// it contains; `idfs` each word's idf.
pub fn rank(
    idfs: &[f64],
    impacts: impl IntoIterator<Item = (FaqId, usize, f64)>,
    limit: i64,
) -> Vec<(FaqId, f64)> {
    let mut scores: HashMap<FaqId, f64> = HashMap::new();
    for (faq, term, impact) in impacts {
        *scores.entry(faq).or_default() += idfs.get(term).copied().unwrap_or(0.0) * impact;
    }
    let mut ranked: Vec<(FaqId, f64)> = scores.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(limit.max(0) as usize);
    ranked
}

/// The FAQs read for a ranking, in its order with their scores; a FAQ missing from `faqs`
/// (deleted or hidden since its index rows were read) is left out.
pub fn in_rank_order(ranked: Vec<(FaqId, f64)>, mut faqs: Vec<Faq>) -> Vec<(Faq, f64)> {
    ranked
        .into_iter()
        .filter_map(|(id, score)| {
            let at = faqs.iter().position(|faq| faq.id == id)?;
            Some((faqs.swap_remove(at), score))
        })
        .collect()
}

/// The words of a query, as the index holds them: folded (lowercase, no accents), stop words
/// dropped, Spanish plurals reduced, so "envios" finds "envío" and "devolucion" finds
/// "devoluciones".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchTerms(Vec<String>);

impl SearchTerms {
    pub fn parse(query: &str) -> Self {
        let mut terms: Vec<String> = Vec::new();
        for term in words(query) {
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

    /// Folded, alphanumeric only.
    pub fn terms(&self) -> &[String] {
        &self.0
    }

    /// How many of the terms `text` holds: a relevance for texts searched in memory (return
    /// cards, knowledge entries).
    pub fn score(&self, text: &str) -> usize {
        let words = words(text);
        self.0.iter().filter(|term| words.contains(term)).count()
    }

    /// Whether a run of letters and digits of a text (any case or accents) is one of the terms.
    fn matches(&self, word: &str) -> bool {
        term_of_folded(&fold(word)).is_some_and(|term| self.0.contains(&term))
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
        let long = "a".repeat(500);
        assert_eq!(SearchTerms::parse(&long).terms(), ["a".repeat(40)]);
    }

    #[test]
    fn scores_count_the_terms_a_text_holds() {
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
        // Whole words only, as the index holds them.
        assert_eq!(SearchTerms::parse("dia").snippet("el diario"), None);
    }

    fn impact(terms: &[IndexedTerm], term: &str) -> f64 {
        terms.iter().find(|t| t.term == term).unwrap().impact
    }

    #[test]
    fn a_word_in_the_question_weighs_more_than_in_the_answer() {
        let terms = index_terms(
            "¿Cuánto tarda el envío?",
            "Entregamos el mismo día; los envíos foráneos tardan más.",
        );
        let names: Vec<&str> = terms.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(
            names,
            [
                "cuanto",
                "dia",
                "entregamo",
                "envio",
                "foraneo",
                "mismo",
                "tarda",
                "tardan"
            ]
        );
        assert!(impact(&terms, "envio") > impact(&terms, "tarda"));
        assert!(impact(&terms, "tarda") > 5.0 * impact(&terms, "mismo"));
        // A longer answer spreads its weight thinner.
        let long = index_terms("x", &format!("mismo {}", "palabra ".repeat(60)));
        assert!(impact(&long, "mismo") < impact(&terms, "mismo"));
        assert!(index_terms("¿Qué?", "de la").is_empty());
    }

    #[test]
    fn rare_words_weigh_more_and_ranks_fall() {
        assert!(idf(1000, 1) > idf(1000, 500));
        assert!(idf(1000, 1000) > 0.0);
        assert!(idf(0, 0) > 0.0);
        let ranked = rank(
            &[2.0, 0.5],
            [
                (7, 0, 1.0),
                (3, 1, 1.0),
                (3, 0, 1.0),
                (9, 1, 3.0),
                (5, 0, 1.0),
            ],
            3,
        );
        assert_eq!(ranked, [(3, 2.5), (5, 2.0), (7, 2.0)]);
    }
}
