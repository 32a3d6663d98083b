use chrono::{DateTime, Utc};
use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi};
use uuid::Uuid;

use enid_core::pagination::PageRequest;
use enid_core::returns::{
    ReturnCard, ReturnCardChangesInput, ReturnCardInput, ReturnFilterInput, ReturnItem,
    ReturnItemInput, ReturnRequest, ReturnRequestDetail, ReturnRequestInput, ReturnSettings,
    ReturnStatus, ReturnStatusChange, ReturnTransitionInput,
};
use enid_core::{Enid, Error};

use super::{DateOrDateTime, StoreHeader, Tag, Text, UuidText, wire_name};
use crate::context::{BearerAuth, client_ip, request_store};
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::pagination::paginated;

pub struct ReturnsApi;

/// Where a return request is: requested → approved | rejected; approved → received → refunded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "lowercase")]
pub enum ReturnStatusName {
    Requested,
    Approved,
    Rejected,
    Received,
    Refunded,
}

impl From<ReturnStatus> for ReturnStatusName {
    fn from(status: ReturnStatus) -> Self {
        match status {
            ReturnStatus::Requested => Self::Requested,
            ReturnStatus::Approved => Self::Approved,
            ReturnStatus::Rejected => Self::Rejected,
            ReturnStatus::Received => Self::Received,
            ReturnStatus::Refunded => Self::Refunded,
        }
    }
}

impl ReturnStatusName {
    fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Received => "received",
            Self::Refunded => "refunded",
        }
    }
}

/// A return-policy card.
#[derive(Debug, Object)]
pub struct ReturnCardOut {
    id: i64,
    /// The question the card answers.
    ask: String,
    short_answer: String,
    /// The site section the card points to, e.g. `/devoluciones`.
    path_seccion: Option<String>,
    call_to_action: Option<String>,
    /// Cards are shown in increasing position.
    position: i64,
}

impl From<ReturnCard> for ReturnCardOut {
    fn from(card: ReturnCard) -> Self {
        Self {
            id: card.id,
            ask: card.ask,
            short_answer: card.short_answer,
            path_seccion: card.path_seccion,
            call_to_action: card.call_to_action,
            position: card.position,
        }
    }
}

paginated!(ReturnCardPage, ReturnCardOut);

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct ReturnCardIn {
    /// At most 200 characters.
    ask: Text,
    /// At most 2,000 characters; may span lines.
    short_answer: Text,
    /// A site path starting with `/`; blank or null for none.
    path_seccion: Option<Text>,
    /// At most 100 characters; blank or null for none.
    call_to_action: Option<Text>,
    /// 0 to 1,000,000; after the store's last card when omitted.
    position: Option<i64>,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct ReturnCardPatch {
    ask: Option<Text>,
    short_answer: Option<Text>,
    /// null clears it.
    path_seccion: MaybeUndefined<Text>,
    /// null clears it.
    call_to_action: MaybeUndefined<Text>,
    /// Moves the card to this place in the order (0 is first; past the end is last); the
    /// store's cards are numbered 0, 1, 2… in the same transaction.
    position: Option<i64>,
}

/// The store's return rules.
#[derive(Debug, Object)]
struct ReturnSettingsOut {
    /// Calendar days (UTC) after delivery in which a return may be requested; the last day
    /// counts. 15 unless the store changed it.
    window_days: i64,
}

impl From<ReturnSettings> for ReturnSettingsOut {
    fn from(settings: ReturnSettings) -> Self {
        Self {
            window_days: settings.window_days,
        }
    }
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct ReturnSettingsIn {
    /// 0 to 365.
    window_days: i64,
}

/// One product to return.
#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct ReturnItemObject {
    /// A positive product id, once per request.
    product_id: i64,
    /// 1 to 1,000.
    quantity: i64,
}

impl From<ReturnItem> for ReturnItemObject {
    fn from(item: ReturnItem) -> Self {
        Self {
            product_id: item.product_id,
            quantity: item.quantity,
        }
    }
}

/// What a customer sends to ask for a return.
#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct ReturnRequestIn {
    /// The order's reference, at most 64 characters.
    order_reference: Text,
    customer_email: Text,
    customer_name: Text,
    /// When the order was delivered: a date (`2026-03-05`) or an RFC 3339 date-time; not in the
    /// future.
    delivered_at: DateOrDateTime,
    /// Why the products go back; at most 2,000 characters.
    reason: Text,
    /// 1 to 50 products, each once.
    items: Vec<ReturnItemObject>,
}

/// A return request (without its history).
#[derive(Debug, Object)]
pub struct ReturnRequestOut {
    /// The request's id: whoever holds it may read the request.
    request_id: Uuid,
    order_reference: String,
    /// Lowercased.
    customer_email: String,
    customer_name: String,
    delivered_at: DateTime<Utc>,
    reason: String,
    items: Vec<ReturnItemObject>,
    status: ReturnStatusName,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<ReturnRequest> for ReturnRequestOut {
    fn from(request: ReturnRequest) -> Self {
        Self {
            request_id: request.id,
            order_reference: request.order_reference,
            customer_email: request.customer_email,
            customer_name: request.customer_name,
            delivered_at: request.delivered_at,
            reason: request.reason,
            items: request.items.into_iter().map(Into::into).collect(),
            status: request.status.into(),
            created_at: request.created_at,
            updated_at: request.updated_at,
        }
    }
}

paginated!(ReturnRequestPage, ReturnRequestOut);

/// One status change of a return request.
#[derive(Debug, Object)]
struct ReturnStatusChangeOut {
    id: i64,
    from_status: ReturnStatusName,
    to_status: ReturnStatusName,
    /// The id of the user who changed it; null once that user is deleted.
    changed_by: Option<i64>,
    changed_by_email: Option<String>,
    /// Empty when none was given.
    note: String,
    changed_at: DateTime<Utc>,
}

impl From<ReturnStatusChange> for ReturnStatusChangeOut {
    fn from(change: ReturnStatusChange) -> Self {
        Self {
            id: change.id,
            from_status: change.from_status.into(),
            to_status: change.to_status.into(),
            changed_by: change.changed_by,
            changed_by_email: change.changed_by_email,
            note: change.note,
            changed_at: change.changed_at,
        }
    }
}

/// A return request with its status changes, oldest first.
#[derive(Debug, Object)]
struct ReturnRequestDetailOut {
    #[oai(flatten)]
    request: ReturnRequestOut,
    history: Vec<ReturnStatusChangeOut>,
}

impl From<ReturnRequestDetail> for ReturnRequestDetailOut {
    fn from(detail: ReturnRequestDetail) -> Self {
        Self {
            request: detail.request.into(),
            history: detail.history.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct ReturnTransitionIn {
    /// The next status the state machine allows.
    status: ReturnStatusName,
    /// Kept in the history; at most 1,000 characters.
    note: Option<Text>,
}

#[derive(ApiResponse)]
enum CardListResponse {
    /// A page of the store's cards, by position.
    #[oai(status = 200)]
    Ok(Json<ReturnCardPage>),
}

#[derive(ApiResponse)]
enum CardCreatedResponse {
    /// The card was created.
    #[oai(status = 201)]
    Created(Json<ReturnCardOut>),
}

#[derive(ApiResponse)]
enum CardResponse {
    /// The card.
    #[oai(status = 200)]
    Ok(Json<ReturnCardOut>),
}

#[derive(ApiResponse)]
enum DeletedResponse {
    /// Deleted.
    #[oai(status = 204)]
    Deleted,
}

#[derive(ApiResponse)]
enum SettingsResponse {
    /// The store's return settings.
    #[oai(status = 200)]
    Ok(Json<ReturnSettingsOut>),
}

#[derive(ApiResponse)]
enum RequestCreatedResponse {
    /// The request was received, in status requested.
    #[oai(status = 201)]
    Created(Json<ReturnRequestDetailOut>),
}

#[derive(ApiResponse)]
enum RequestResponse {
    /// The request with its history.
    #[oai(status = 200)]
    Ok(Json<ReturnRequestDetailOut>),
}

#[derive(ApiResponse)]
enum RequestListResponse {
    /// A page of requests, newest first.
    #[oai(status = 200)]
    Ok(Json<ReturnRequestPage>),
}

fn text(value: Option<Text>) -> Option<String> {
    value.map(String::from)
}

fn maybe_text(value: MaybeUndefined<Text>) -> Option<Option<String>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(text) => Some(Some(text.0)),
    }
}

/// A request id that is not a uuid names no request.
fn request_id(value: &str) -> Result<Uuid, Error> {
    Uuid::parse_str(value)
        .map_err(|_| Error::not_found("return_request_not_found", "Return request not found."))
}

#[OpenApi(tag = "Tag::Returns")]
impl ReturnsApi {
    /// List return-policy cards
    ///
    /// The store's cards by position. Public.
    #[oai(path = "/returns/", method = "get", operation_id = "list_return_cards")]
    async fn list_cards(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<CardListResponse> {
        let store = request_store(&enid, store.0).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let cards = enid.returns().list_cards(store.id, page_request).await?;
        Ok(CardListResponse::Ok(Json(ReturnCardPage::new(
            req,
            cards,
            ReturnCardOut::from,
        ))))
    }

    /// Create a return-policy card
    ///
    /// Without a position the card goes after the store's last one. Staff.
    #[oai(
        path = "/returns/",
        method = "post",
        operation_id = "create_return_card"
    )]
    async fn create_card(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<ReturnCardIn>,
    ) -> ApiResult<CardCreatedResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let card = enid
            .returns()
            .create_card(
                &auth.0,
                store.id,
                ReturnCardInput {
                    ask: body.ask.0,
                    short_answer: body.short_answer.0,
                    path_seccion: text(body.path_seccion),
                    call_to_action: text(body.call_to_action),
                    position: body.position,
                },
            )
            .await?;
        Ok(CardCreatedResponse::Created(Json(card.into())))
    }

    /// Read the return settings
    ///
    /// The store's return window. Staff.
    #[oai(
        path = "/returns/settings/",
        method = "get",
        operation_id = "get_return_settings"
    )]
    async fn settings(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
    ) -> ApiResult<SettingsResponse> {
        let store = request_store(&enid, store.0).await?;
        let settings = enid.returns().settings(&auth.0, store.id).await?;
        Ok(SettingsResponse::Ok(Json(settings.into())))
    }

    /// Change the return settings
    ///
    /// Sets the store's return window (0 to 365 calendar days after delivery). Store admins.
    #[oai(
        path = "/returns/settings/",
        method = "put",
        operation_id = "put_return_settings"
    )]
    async fn save_settings(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<ReturnSettingsIn>,
    ) -> ApiResult<SettingsResponse> {
        let store = request_store(&enid, store.0).await?;
        let settings = enid
            .returns()
            .save_settings(&auth.0, store.id, body.0.window_days)
            .await?;
        Ok(SettingsResponse::Ok(Json(settings.into())))
    }

    /// Ask for a return (public)
    ///
    /// Anonymous. Accepted up to the store's window (15 calendar days by default) after
    /// `delivered_at`, the last day included; later is a 409 `return_window_closed`, a delivery
    /// in the future a 400. The answer's `request_id` lets its holder follow the request. Rate
    /// limited per client IP.
    #[oai(
        path = "/returns/requests/",
        method = "post",
        operation_id = "create_return_request"
    )]
    async fn create_request(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<ReturnRequestIn>,
    ) -> ApiResult<RequestCreatedResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let request = enid
            .returns()
            .create_request(
                store.id,
                ReturnRequestInput {
                    order_reference: body.order_reference.0,
                    customer_email: body.customer_email.0,
                    customer_name: body.customer_name.0,
                    delivered_at: body.delivered_at.0,
                    reason: body.reason.0,
                    items: body
                        .items
                        .into_iter()
                        .map(|item| ReturnItemInput {
                            product_id: item.product_id,
                            quantity: item.quantity,
                        })
                        .collect(),
                },
                &client_ip(req),
            )
            .await?;
        Ok(RequestCreatedResponse::Created(Json(
            ReturnRequestDetail {
                request,
                history: Vec::new(),
            }
            .into(),
        )))
    }

    /// List return requests
    ///
    /// Newest first, filtered by `status` and `since` (created at or after; a date or an RFC 3339
    /// date-time). Staff see every request of the store; customers only those made with their
    /// account's email.
    #[oai(
        path = "/returns/requests/",
        method = "get",
        operation_id = "list_return_requests"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn list_requests(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// Only requests in this status.
        status: Query<Option<ReturnStatusName>>,
        /// Only requests created at or after this date or date-time.
        since: Query<Option<DateOrDateTime>>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<RequestListResponse> {
        let store = request_store(&enid, store.0).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let requests = enid
            .returns()
            .list_requests(
                &auth.0,
                store.id,
                ReturnFilterInput {
                    status: status.0.map(wire_name),
                    since: since.0.map(|since| since.0),
                },
                page_request,
            )
            .await?;
        Ok(RequestListResponse::Ok(Json(ReturnRequestPage::new(
            req,
            requests,
            ReturnRequestOut::from,
        ))))
    }

    /// Read a return request
    ///
    /// The request with its status history. No login needed: the `request_id` is what gives
    /// access.
    #[oai(
        path = "/returns/requests/:request_id/",
        method = "get",
        operation_id = "get_return_request"
    )]
    async fn get_request(
        &self,
        enid: Data<&Enid>,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The return request's uuid, as its creation answered it.
        request_id: Path<UuidText>,
    ) -> ApiResult<RequestResponse> {
        let store = request_store(&enid, store.0).await?;
        let id = self::request_id(&request_id.0.0)?;
        let detail = enid.returns().get_request(store.id, id).await?;
        Ok(RequestResponse::Ok(Json(detail.into())))
    }

    /// Move a return request
    ///
    /// requested → approved | rejected; approved → received → refunded. Each move is recorded
    /// with who, when and the note. Any other move is a 409 `invalid_return_transition`; when
    /// someone moved the request first, a 409 `return_status_changed`. Staff.
    #[oai(
        path = "/returns/requests/:request_id/",
        method = "patch",
        operation_id = "update_return_request"
    )]
    async fn transition(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The return request's uuid, as its creation answered it.
        request_id: Path<UuidText>,
        body: JsonBody<ReturnTransitionIn>,
    ) -> ApiResult<RequestResponse> {
        let store = request_store(&enid, store.0).await?;
        let id = self::request_id(&request_id.0.0)?;
        let body = body.0;
        let detail = enid
            .returns()
            .transition(
                &auth.0,
                store.id,
                id,
                ReturnTransitionInput {
                    status: body.status.as_str().to_owned(),
                    note: text(body.note),
                },
            )
            .await?;
        Ok(RequestResponse::Ok(Json(detail.into())))
    }

    /// Read a return-policy card
    ///
    /// Staff.
    #[oai(
        path = "/returns/:id/",
        method = "get",
        operation_id = "get_return_card"
    )]
    async fn get_card(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The return-policy card's id.
        id: Path<i64>,
    ) -> ApiResult<CardResponse> {
        let store = request_store(&enid, store.0).await?;
        let card = enid.returns().get_card(&auth.0, store.id, id.0).await?;
        Ok(CardResponse::Ok(Json(card.into())))
    }

    /// Change a return-policy card
    ///
    /// Staff.
    #[oai(
        path = "/returns/:id/",
        method = "patch",
        operation_id = "update_return_card"
    )]
    async fn update_card(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The return-policy card's id.
        id: Path<i64>,
        body: JsonBody<ReturnCardPatch>,
    ) -> ApiResult<CardResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let card = enid
            .returns()
            .update_card(
                &auth.0,
                store.id,
                id.0,
                ReturnCardChangesInput {
                    ask: text(body.ask),
                    short_answer: text(body.short_answer),
                    path_seccion: maybe_text(body.path_seccion),
                    call_to_action: maybe_text(body.call_to_action),
                    position: body.position,
                },
            )
            .await?;
        Ok(CardResponse::Ok(Json(card.into())))
    }

    /// Delete a return-policy card
    ///
    /// Staff.
    #[oai(
        path = "/returns/:id/",
        method = "delete",
        operation_id = "delete_return_card"
    )]
    async fn delete_card(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The return-policy card's id.
        id: Path<i64>,
    ) -> ApiResult<DeletedResponse> {
        let store = request_store(&enid, store.0).await?;
        enid.returns().delete_card(&auth.0, store.id, id.0).await?;
        Ok(DeletedResponse::Deleted)
    }
}
