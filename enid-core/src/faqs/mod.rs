//! FAQs of a store, grouped in ordered categories, and their ranked full-text search.
//!
//! Anonymous callers (and members without `faqs.write`) only ever see visible FAQs: in lists, by
//! id and in search. Search is Spanish-aware and accent-insensitive; [`FaqsService::search`] is
//! what other domains (the assistant) call to ground their answers.

mod search;
mod seed;
mod service;
mod storage;

pub use search::{
    IndexedTerm, MAX_TERMS, SearchTerms, candidates_per_term, idf, in_rank_order, index_terms, rank,
};
pub use seed::{STARTER_FAQS, StarterFaq, generated_faqs};
pub use service::{CategoryInput, CategoryPatch, FaqInput, FaqPatch, FaqsService};
pub use storage::FaqStore;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::pagination::PageRequest;

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
pub const DEFAULT_SEARCH_LIMIT: i64 = 10;
pub const MAX_SEARCH_LIMIT: i64 = 50;

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

/// One category's part of a page of FAQs: skip `offset` of its FAQs (in position order), take at
/// most `limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSlice {
    pub category_id: CategoryId,
    pub offset: i64,
    pub limit: i64,
}

/// Where a page of FAQs lies, given the categories in order with how many FAQs each holds: the
/// backends read each slice from an index instead of sorting the store's FAQs.
pub fn page_slices(categories: &[(CategoryId, i64)], page: PageRequest) -> Vec<PageSlice> {
    let mut skip = page.offset();
    let mut wanted = page.limit();
    let mut slices = Vec::new();
    for &(category_id, faqs) in categories {
        if wanted == 0 {
            break;
        }
        if skip >= faqs {
            skip -= faqs;
            continue;
        }
        let limit = wanted.min(faqs - skip);
        slices.push(PageSlice {
            category_id,
            offset: skip,
            limit,
        });
        wanted -= limit;
        skip = 0;
    }
    slices
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_cut_from_the_categories_in_order() {
        let categories = [(1, 3), (2, 0), (3, 5), (4, 2)];
        let slice = |category_id, offset, limit| PageSlice {
            category_id,
            offset,
            limit,
        };
        assert_eq!(
            page_slices(&categories, PageRequest::new(Some(1), Some(4)).unwrap()),
            [slice(1, 0, 3), slice(3, 0, 1)]
        );
        assert_eq!(
            page_slices(&categories, PageRequest::new(Some(2), Some(4)).unwrap()),
            [slice(3, 1, 4)]
        );
        assert_eq!(
            page_slices(&categories, PageRequest::new(Some(3), Some(4)).unwrap()),
            [slice(4, 0, 2)]
        );
        assert!(page_slices(&categories, PageRequest::new(Some(4), Some(4)).unwrap()).is_empty());
        assert!(page_slices(&[], PageRequest::default()).is_empty());
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
