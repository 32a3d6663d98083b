use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, Object, OpenApi};

use serde::Serialize;

use enid_core::Enid;
use enid_core::faqs::{CategoryInput, CategoryPatch, Faq, FaqCategory, FaqHit, FaqInput, FaqPatch};
use enid_core::pagination::PageRequest;

use super::{StoreHeader, Tag, Text};
use crate::context::{BearerAuth, OptionalAuth, request_store};
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::pagination::paginated;
use crate::serde_json_reply::SerdeJson;

pub struct FaqsApi;

/// A FAQ category.
#[derive(Debug, Object)]
pub struct FaqCategoryOut {
    id: i64,
    name: String,
    /// From the name; unique in the store.
    slug: String,
    /// Categories are listed by position, then id.
    position: i64,
}

impl From<FaqCategory> for FaqCategoryOut {
    fn from(category: FaqCategory) -> Self {
        Self {
            id: category.id,
            name: category.name,
            slug: category.slug,
            position: category.position,
        }
    }
}

paginated!(FaqCategoryPage, FaqCategoryOut);

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct FaqCategoryIn {
    /// At most 100 characters; its slug must be new in the store.
    name: Text,
    /// 0 to 1,000,000; omitted puts the category last.
    position: Option<i64>,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct FaqCategoryPatchIn {
    name: Option<Text>,
    /// Moves the category to this place in the order (0 is first; past the end is last); the
    /// store's categories are numbered 0, 1, 2… in the same transaction.
    position: Option<i64>,
}

/// A frequently asked question.
#[derive(Debug, Object, Serialize)]
pub struct FaqOut {
    id: i64,
    /// The id of its category.
    category: i64,
    /// The question.
    ask: String,
    answer: String,
    /// Hidden FAQs are only seen by staff.
    is_visible: bool,
    /// An http(s) image URL, or null.
    url_img: Option<String>,
    /// An optional clarification of what the question means.
    we_mean: Option<String>,
    /// FAQs are listed by category, then position.
    position: i64,
}

impl From<Faq> for FaqOut {
    fn from(faq: Faq) -> Self {
        Self {
            id: faq.id,
            category: faq.category_id,
            ask: faq.ask,
            answer: faq.answer,
            is_visible: faq.is_visible,
            url_img: faq.url_img,
            we_mean: faq.we_mean,
            position: faq.position,
        }
    }
}

paginated!(FaqPage, FaqOut, serde);

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct FaqIn {
    /// A category id of the store.
    category: i64,
    /// At most 500 characters.
    ask: Text,
    /// At most 10,000 characters.
    answer: Text,
    /// Defaults to true.
    is_visible: Option<bool>,
    /// An http(s) URL; null or blank for none.
    url_img: Option<Text>,
    /// At most 500 characters.
    we_mean: Option<Text>,
    /// 0 to 1,000,000; omitted puts the FAQ last in its category.
    position: Option<i64>,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct FaqPatchIn {
    category: Option<i64>,
    ask: Option<Text>,
    answer: Option<Text>,
    is_visible: Option<bool>,
    /// null clears it.
    url_img: MaybeUndefined<Text>,
    /// null clears it.
    we_mean: MaybeUndefined<Text>,
    /// Moves the FAQ to this place in its (new) category (0 is first; past the end is last);
    /// the category's FAQs are numbered 0, 1, 2… in the same transaction.
    position: Option<i64>,
}

/// One search result.
#[derive(Debug, Object, Serialize)]
pub struct FaqHitOut {
    faq: FaqOut,
    /// Relevance, higher is better; comparable within one search only.
    score: f64,
    /// Plain text (not HTML) around the first match in the question, else in the answer: the
    /// matched word between « and », "…" where the text is cut.
    snippet: String,
}

impl From<FaqHit> for FaqHitOut {
    fn from(hit: FaqHit) -> Self {
        Self {
            faq: hit.faq.into(),
            score: hit.score,
            snippet: hit.snippet,
        }
    }
}

#[derive(ApiResponse)]
enum CategoryListResponse {
    /// A page of the store's FAQ categories, by position then id.
    #[oai(status = 200)]
    Ok(Json<FaqCategoryPage>),
}

#[derive(ApiResponse)]
enum CategoryCreatedResponse {
    /// The category was created.
    #[oai(status = 201)]
    Created(Json<FaqCategoryOut>),
}

#[derive(ApiResponse)]
enum CategoryResponse {
    /// The category.
    #[oai(status = 200)]
    Ok(Json<FaqCategoryOut>),
}

#[derive(ApiResponse)]
enum DeletedResponse {
    /// Deleted.
    #[oai(status = 204)]
    Deleted,
}

#[derive(ApiResponse)]
enum FaqListResponse {
    /// A page of FAQs by category position, then FAQ position.
    #[oai(status = 200)]
    Ok(SerdeJson<FaqPage>),
}

#[derive(ApiResponse)]
enum FaqCreatedResponse {
    /// The FAQ was created.
    #[oai(status = 201)]
    Created(Json<FaqOut>),
}

#[derive(ApiResponse)]
enum FaqResponse {
    /// The FAQ.
    #[oai(status = 200)]
    Ok(Json<FaqOut>),
}

#[derive(ApiResponse)]
enum SearchResponse {
    /// The best matches, best first (at most `limit`); empty when nothing matches or the query
    /// has no searchable words.
    #[oai(status = 200)]
    Ok(SerdeJson<Vec<FaqHitOut>>),
}

fn text(value: Option<Text>) -> Option<String> {
    value.map(String::from)
}

fn maybe(value: MaybeUndefined<Text>) -> Option<Option<String>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(text) => Some(Some(text.0)),
    }
}

#[OpenApi(tag = "Tag::Faqs")]
impl FaqsApi {
    /// List FAQ categories
    ///
    /// The store's FAQ categories by position, then id. Public.
    #[oai(
        path = "/faqs/categories/",
        method = "get",
        operation_id = "list_faq_categories"
    )]
    async fn list_categories(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<CategoryListResponse> {
        let store = request_store(&enid, store.0).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let categories = enid.faqs().list_categories(store.id, page_request).await?;
        Ok(CategoryListResponse::Ok(Json(FaqCategoryPage::new(
            req,
            categories,
            FaqCategoryOut::from,
        ))))
    }

    /// Create a FAQ category
    ///
    /// The slug comes from the name; one the store already uses is a 409 `category_slug_taken`.
    /// Staff.
    #[oai(
        path = "/faqs/categories/",
        method = "post",
        operation_id = "create_faq_category"
    )]
    async fn create_category(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<FaqCategoryIn>,
    ) -> ApiResult<CategoryCreatedResponse> {
        let store = request_store(&enid, store.0).await?;
        let category = enid
            .faqs()
            .create_category(
                &auth.0,
                store.id,
                CategoryInput {
                    name: body.0.name.0,
                    position: body.0.position,
                },
            )
            .await?;
        Ok(CategoryCreatedResponse::Created(Json(category.into())))
    }

    /// Get a FAQ category
    ///
    /// Public.
    #[oai(
        path = "/faqs/categories/:id/",
        method = "get",
        operation_id = "get_faq_category"
    )]
    async fn get_category(
        &self,
        enid: Data<&Enid>,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The FAQ category's id.
        id: Path<i64>,
    ) -> ApiResult<CategoryResponse> {
        let store = request_store(&enid, store.0).await?;
        let category = enid.faqs().category(store.id, id.0).await?;
        Ok(CategoryResponse::Ok(Json(category.into())))
    }

    /// Update a FAQ category
    ///
    /// Renames (the slug follows the name) or moves a category. Staff.
    #[oai(
        path = "/faqs/categories/:id/",
        method = "patch",
        operation_id = "update_faq_category"
    )]
    async fn update_category(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The FAQ category's id.
        id: Path<i64>,
        body: JsonBody<FaqCategoryPatchIn>,
    ) -> ApiResult<CategoryResponse> {
        let store = request_store(&enid, store.0).await?;
        let category = enid
            .faqs()
            .update_category(
                &auth.0,
                store.id,
                id.0,
                CategoryPatch {
                    name: text(body.0.name),
                    position: body.0.position,
                },
            )
            .await?;
        Ok(CategoryResponse::Ok(Json(category.into())))
    }

    /// Delete a FAQ category
    ///
    /// Only a category without FAQs; otherwise a 409 `category_in_use`. Staff.
    #[oai(
        path = "/faqs/categories/:id/",
        method = "delete",
        operation_id = "delete_faq_category"
    )]
    async fn delete_category(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The FAQ category's id.
        id: Path<i64>,
    ) -> ApiResult<DeletedResponse> {
        let store = request_store(&enid, store.0).await?;
        enid.faqs().delete_category(&auth.0, store.id, id.0).await?;
        Ok(DeletedResponse::Deleted)
    }

    /// Search FAQs
    ///
    /// Ranked full-text search over questions and answers, Spanish-aware and accent-insensitive:
    /// "devolucion" finds "devolución", "envios" finds "envío". Any word may match; a match in
    /// the question weighs more than one in the answer. A query of only stop words or
    /// punctuation finds nothing. `limit`: 1–50, default 10. Public: hidden FAQs only for staff.
    #[oai(path = "/faqs/search/", method = "get", operation_id = "search_faqs")]
    async fn search(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: OptionalAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The words to look for.
        q: Query<Option<String>>,
        /// How many results at most: 1 to 50 (default 10).
        limit: Query<Option<i64>>,
    ) -> ApiResult<SearchResponse> {
        let store = request_store(&enid, store.0).await?;
        let viewer = auth.principal(&enid, req).await?;
        let hits = enid
            .faqs()
            .search(
                viewer.as_ref(),
                store.id,
                q.0.as_deref().unwrap_or_default(),
                limit.0,
            )
            .await?;
        Ok(SearchResponse::Ok(SerdeJson(
            hits.into_iter().map(FaqHitOut::from).collect(),
        )))
    }

    /// List FAQs
    ///
    /// By category position, then FAQ position; `category` filters. Public: anonymous callers and
    /// customers see visible FAQs only, staff see all.
    #[oai(path = "/faqs/", method = "get", operation_id = "list_faqs")]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: OptionalAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// Only FAQs of this category (its id).
        category: Query<Option<i64>>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<FaqListResponse> {
        let store = request_store(&enid, store.0).await?;
        let viewer = auth.principal(&enid, req).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let faqs = enid
            .faqs()
            .list(viewer.as_ref(), store.id, category.0, page_request)
            .await?;
        Ok(FaqListResponse::Ok(SerdeJson(FaqPage::new(
            req,
            faqs,
            FaqOut::from,
        ))))
    }

    /// Create a FAQ
    ///
    /// A category that is not the store's is a 400 naming `category`. Staff.
    #[oai(path = "/faqs/", method = "post", operation_id = "create_faq")]
    async fn create(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<FaqIn>,
    ) -> ApiResult<FaqCreatedResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let faq = enid
            .faqs()
            .create(
                &auth.0,
                store.id,
                FaqInput {
                    category: body.category,
                    ask: body.ask.0,
                    answer: body.answer.0,
                    is_visible: body.is_visible,
                    url_img: text(body.url_img),
                    we_mean: text(body.we_mean),
                    position: body.position,
                },
            )
            .await?;
        Ok(FaqCreatedResponse::Created(Json(faq.into())))
    }

    /// Get a FAQ
    ///
    /// Public; a hidden FAQ is a 404 to anyone but staff.
    #[oai(path = "/faqs/:id/", method = "get", operation_id = "get_faq")]
    async fn get(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: OptionalAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The FAQ's id.
        id: Path<i64>,
    ) -> ApiResult<FaqResponse> {
        let store = request_store(&enid, store.0).await?;
        let viewer = auth.principal(&enid, req).await?;
        let faq = enid.faqs().get(viewer.as_ref(), store.id, id.0).await?;
        Ok(FaqResponse::Ok(Json(faq.into())))
    }

    /// Update a FAQ
    ///
    /// Staff.
    #[oai(path = "/faqs/:id/", method = "patch", operation_id = "update_faq")]
    async fn update(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The FAQ's id.
        id: Path<i64>,
        body: JsonBody<FaqPatchIn>,
    ) -> ApiResult<FaqResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let faq = enid
            .faqs()
            .update(
                &auth.0,
                store.id,
                id.0,
                FaqPatch {
                    category: body.category,
                    ask: text(body.ask),
                    answer: text(body.answer),
                    is_visible: body.is_visible,
                    url_img: maybe(body.url_img),
                    we_mean: maybe(body.we_mean),
                    position: body.position,
                },
            )
            .await?;
        Ok(FaqResponse::Ok(Json(faq.into())))
    }

    /// Delete a FAQ
    ///
    /// Staff.
    #[oai(path = "/faqs/:id/", method = "delete", operation_id = "delete_faq")]
    async fn delete(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The FAQ's id.
        id: Path<i64>,
    ) -> ApiResult<DeletedResponse> {
        let store = request_store(&enid, store.0).await?;
        enid.faqs().delete(&auth.0, store.id, id.0).await?;
        Ok(DeletedResponse::Deleted)
    }
}
