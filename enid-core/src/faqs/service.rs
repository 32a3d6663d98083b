//! FAQ rules: who sees hidden FAQs, who writes, what a valid FAQ or category is, and search.

use super::{
    ANSWER_MAX_CHARS, ASK_MAX_CHARS, CATEGORY_NAME_MAX_CHARS, CategoryChanges, CategoryId,
    DEFAULT_SEARCH_LIMIT, Faq, FaqCategory, FaqChanges, FaqFilter, FaqHit, FaqId, MAX_SEARCH_LIMIT,
    NewCategory, NewFaq, QUERY_MAX_CHARS, SLUG_MAX_CHARS, SearchTerms, WE_MEAN_MAX_CHARS,
    parse_position, parse_url,
};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::assistant::forget_answers;
use crate::auth::Principal;
use crate::cache::Revision;
use crate::enid::Enid;
use crate::error::{Error, Result, Validator};
use crate::pagination::{Page, PageRequest};
use crate::stores::{Permission, StoreId};
use crate::text::{clean_line, clean_text, slugify};

/// Changes with every write of a store's FAQs or categories: the key of its cached FAQ pages.
const FAQ_REVISION: Revision = Revision::new("faqs");
/// How long a page of FAQs or a search's results are reused while the store's FAQs do not change
/// (the bound on a stale answer for instances that share no cache).
const CACHE_TTL: Duration = Duration::from_secs(10);

/// A page of FAQs as cached: the items without the request.
#[derive(Serialize, Deserialize)]
struct CachedPage {
    count: i64,
    items: Vec<Faq>,
}

/// A new category as a client sends it.
#[derive(Debug, Clone, Default)]
pub struct CategoryInput {
    pub name: String,
    pub position: Option<i64>,
}

/// Changes to a category; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct CategoryPatch {
    pub name: Option<String>,
    pub position: Option<i64>,
}

/// A new FAQ as a client sends it.
#[derive(Debug, Clone, Default)]
pub struct FaqInput {
    pub category: CategoryId,
    pub ask: String,
    pub answer: String,
    pub is_visible: Option<bool>,
    pub url_img: Option<String>,
    pub we_mean: Option<String>,
    pub position: Option<i64>,
}

/// Changes to a FAQ; `None` keeps a field, `Some(None)` clears `url_img` or `we_mean`.
#[derive(Debug, Clone, Default)]
pub struct FaqPatch {
    pub category: Option<CategoryId>,
    pub ask: Option<String>,
    pub answer: Option<String>,
    pub is_visible: Option<bool>,
    pub url_img: Option<Option<String>>,
    pub we_mean: Option<Option<String>>,
    pub position: Option<i64>,
}

pub struct FaqsService<'a> {
    pub(super) enid: &'a Enid,
}

fn faq_not_found() -> Error {
    Error::not_found("faq_not_found", "No such FAQ in this store.")
}

fn category_not_found() -> Error {
    Error::not_found("category_not_found", "No such FAQ category in this store.")
}

/// Whether the caller sees hidden FAQs: members who may read them (admins, staff and viewers).
fn sees_hidden(viewer: Option<&Principal>, store: StoreId) -> bool {
    viewer.is_some_and(|p| p.can(store, Permission::FaqsRead))
}

fn category_name(v: &mut Validator, name: &str) -> Option<(String, String)> {
    let name = v.field(clean_line("name", name, CATEGORY_NAME_MAX_CHARS))?;
    let slug = slugify(&name, SLUG_MAX_CHARS);
    Some((name, slug))
}

/// Blank is absent; an error is recorded in `v`.
fn url_img(v: &mut Validator, value: Option<String>) -> Option<String> {
    match value {
        Some(text) if !text.trim().is_empty() => v.field(parse_url("url_img", &text)),
        _ => None,
    }
}

/// Blank is absent; an error is recorded in `v`.
fn we_mean(v: &mut Validator, value: Option<String>) -> Option<String> {
    let text = value?;
    v.field(clean_text("we_mean", &text, WE_MEAN_MAX_CHARS))
        .filter(|text| !text.is_empty())
}

fn answer(v: &mut Validator, value: &str) -> Option<String> {
    let text = v.field(clean_text("answer", value, ANSWER_MAX_CHARS))?;
    if text.is_empty() {
        v.add("answer", "This field may not be blank.");
        return None;
    }
    Some(text)
}

impl<'a> FaqsService<'a> {
    pub(crate) fn new(enid: &'a Enid) -> Self {
        Self { enid }
    }

    /// Public.
    pub async fn list_categories(
        &self,
        store: StoreId,
        page: PageRequest,
    ) -> Result<Page<FaqCategory>> {
        self.enid.storage().list_categories(store, page).await
    }

    /// Public.
    pub async fn category(&self, store: StoreId, id: CategoryId) -> Result<FaqCategory> {
        self.enid
            .storage()
            .category(store, id)
            .await?
            .ok_or_else(category_not_found)
    }

    pub async fn create_category(
        &self,
        principal: &Principal,
        store: StoreId,
        input: CategoryInput,
    ) -> Result<FaqCategory> {
        principal.require(store, Permission::FaqsWrite)?;
        let mut v = Validator::new();
        let name = category_name(&mut v, &input.name);
        let position = input.position.and_then(|p| v.field(parse_position(p)));
        v.finish()?;
        let (name, slug) = name.expect("validator passed");
        let new = NewCategory {
            name,
            slug,
            position,
        };
        let category = self
            .enid
            .storage()
            .create_category(store, &new, self.enid.now())
            .await?;
        self.changed(store).await;
        Ok(category)
    }

    pub async fn update_category(
        &self,
        principal: &Principal,
        store: StoreId,
        id: CategoryId,
        patch: CategoryPatch,
    ) -> Result<FaqCategory> {
        principal.require(store, Permission::FaqsWrite)?;
        let mut v = Validator::new();
        let name = patch.name.and_then(|name| category_name(&mut v, &name));
        let position = patch.position.and_then(|p| v.field(parse_position(p)));
        v.finish()?;
        let changes = CategoryChanges { name, position };
        let category = self
            .enid
            .storage()
            .update_category(store, id, &changes, self.enid.now())
            .await?
            .ok_or_else(category_not_found)?;
        self.changed(store).await;
        Ok(category)
    }

    /// Only a category without FAQs can be deleted.
    pub async fn delete_category(
        &self,
        principal: &Principal,
        store: StoreId,
        id: CategoryId,
    ) -> Result<()> {
        principal.require(store, Permission::FaqsWrite)?;
        if !self.enid.storage().delete_category(store, id).await? {
            return Err(category_not_found());
        }
        self.changed(store).await;
        Ok(())
    }

    /// Visible FAQs for anyone; staff see hidden ones too.
    pub async fn list(
        &self,
        viewer: Option<&Principal>,
        store: StoreId,
        category: Option<CategoryId>,
        page: PageRequest,
    ) -> Result<Page<Faq>> {
        let filter = FaqFilter {
            category_id: category,
            visible_only: !sees_hidden(viewer, store),
        };
        let name = format!(
            "page:{}:{}:{}:{}",
            category.map(|id| id.to_string()).unwrap_or_default(),
            filter.visible_only,
            page.page(),
            page.page_size()
        );
        let cached = FAQ_REVISION
            .cached(self.enid.cache(), store, &name, CACHE_TTL, async {
                let fresh = self.enid.storage().list_faqs(store, &filter, page).await?;
                Ok(CachedPage {
                    count: fresh.count,
                    items: fresh.items,
                })
            })
            .await?;
        Ok(Page {
            count: cached.count,
            items: cached.items,
            request: page,
        })
    }

    /// Marks the store's FAQs as changed: no page cached before is served again, and the
    /// assistant answers anew.
    pub(super) async fn changed(&self, store: StoreId) {
        FAQ_REVISION.bump(self.enid, store).await;
        forget_answers(self.enid, store).await;
    }

    /// A hidden FAQ is a 404 to whoever may not see it.
    pub async fn get(&self, viewer: Option<&Principal>, store: StoreId, id: FaqId) -> Result<Faq> {
        self.enid
            .storage()
            .faq(store, id, !sees_hidden(viewer, store))
            .await?
            .ok_or_else(faq_not_found)
    }

    pub async fn create(
        &self,
        principal: &Principal,
        store: StoreId,
        input: FaqInput,
    ) -> Result<Faq> {
        principal.require(store, Permission::FaqsWrite)?;
        let mut v = Validator::new();
        let ask = v.field(clean_line("ask", &input.ask, ASK_MAX_CHARS));
        let answer = answer(&mut v, &input.answer);
        let url_img = url_img(&mut v, input.url_img);
        let we_mean = we_mean(&mut v, input.we_mean);
        let position = input.position.and_then(|p| v.field(parse_position(p)));
        v.finish()?;
        let new = NewFaq {
            category_id: input.category,
            ask: ask.expect("validator passed"),
            answer: answer.expect("validator passed"),
            is_visible: input.is_visible.unwrap_or(true),
            url_img,
            we_mean,
            position,
        };
        let faq = self
            .enid
            .storage()
            .create_faq(store, &new, self.enid.now())
            .await?;
        self.changed(store).await;
        Ok(faq)
    }

    pub async fn update(
        &self,
        principal: &Principal,
        store: StoreId,
        id: FaqId,
        patch: FaqPatch,
    ) -> Result<Faq> {
        principal.require(store, Permission::FaqsWrite)?;
        let mut v = Validator::new();
        let ask = patch
            .ask
            .and_then(|ask| v.field(clean_line("ask", &ask, ASK_MAX_CHARS)));
        let answer = patch.answer.and_then(|text| answer(&mut v, &text));
        let url_img = patch.url_img.map(|value| url_img(&mut v, value));
        let we_mean = patch.we_mean.map(|value| we_mean(&mut v, value));
        let position = patch.position.and_then(|p| v.field(parse_position(p)));
        v.finish()?;
        let changes = FaqChanges {
            category_id: patch.category,
            ask,
            answer,
            is_visible: patch.is_visible,
            url_img,
            we_mean,
            position,
        };
        let faq = self
            .enid
            .storage()
            .update_faq(store, id, &changes, self.enid.now())
            .await?
            .ok_or_else(faq_not_found)?;
        self.changed(store).await;
        Ok(faq)
    }

    pub async fn delete(&self, principal: &Principal, store: StoreId, id: FaqId) -> Result<()> {
        principal.require(store, Permission::FaqsWrite)?;
        if !self.enid.storage().delete_faq(store, id).await? {
            return Err(faq_not_found());
        }
        self.changed(store).await;
        Ok(())
    }

    /// Ranked search over questions and answers, best first; hidden FAQs only for staff. A query
    /// without searchable words (only stop words or punctuation) finds nothing. `limit` defaults
    /// to 10, at most 50.
    pub async fn search(
        &self,
        viewer: Option<&Principal>,
        store: StoreId,
        query: &str,
        limit: Option<i64>,
    ) -> Result<Vec<FaqHit>> {
        let mut v = Validator::new();
        if query.chars().count() > QUERY_MAX_CHARS {
            v.add(
                "q",
                format!("Ensure this field has no more than {QUERY_MAX_CHARS} characters."),
            );
        }
        let limit = limit.unwrap_or(DEFAULT_SEARCH_LIMIT);
        if !(1..=MAX_SEARCH_LIMIT).contains(&limit) {
            v.add(
                "limit",
                format!("Must be a whole number from 1 to {MAX_SEARCH_LIMIT}."),
            );
        }
        v.finish()?;
        let terms = SearchTerms::parse(query);
        let visible_only = !sees_hidden(viewer, store);
        // Visitors ask the same few questions over and over, and FAQs change rarely: results are
        // kept under the FAQ revision like the pages, keyed by the folded words, so "Envíos" and
        // "envios" share an entry.
        let name = format!("search:{visible_only}:{limit}:{}", terms.terms().join(" "));
        FAQ_REVISION
            .cached(self.enid.cache(), store, &name, CACHE_TTL, async {
                self.search_faqs(store, &terms, limit, visible_only).await
            })
            .await
    }

    /// The visible FAQs best matching `query`, for other domains (the assistant) to ground on.
    /// Not cached: the assistant's questions rarely repeat, and its answers are cached instead.
    pub async fn search_visible(
        &self,
        store: StoreId,
        query: &str,
        limit: i64,
    ) -> Result<Vec<FaqHit>> {
        let query: String = query.chars().take(QUERY_MAX_CHARS).collect();
        let terms = SearchTerms::parse(&query);
        self.search_faqs(store, &terms, limit.clamp(1, MAX_SEARCH_LIMIT), true)
            .await
    }

    async fn search_faqs(
        &self,
        store: StoreId,
        terms: &SearchTerms,
        limit: i64,
        visible_only: bool,
    ) -> Result<Vec<FaqHit>> {
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let found = self
            .enid
            .storage()
            .search_faqs(store, terms, visible_only, limit)
            .await?;
        Ok(found
            .into_iter()
            .map(|(faq, score)| {
                let snippet = terms
                    .snippet(&faq.ask)
                    .or_else(|| terms.snippet(&faq.answer))
                    .unwrap_or_else(|| faq.ask.clone());
                FaqHit {
                    faq,
                    score,
                    snippet,
                }
            })
            .collect())
    }
}
