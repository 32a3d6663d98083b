use chrono::{DateTime, Utc};
use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi};

use enid_core::Enid;
use enid_core::leads::{
    Lead, LeadChangesInput, LeadFilterInput, LeadInput, LeadSearchInput, LeadStatus,
    LeadStatusChange, LeadType, LeadTypeChangesInput, LeadTypeInput,
};
use enid_core::pagination::PageRequest;

use super::{DateOrDateTime, StoreHeader, Tag, Text, wire_name};
use crate::context::{BearerAuth, client_ip, request_store};
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::pagination::paginated;

pub struct LeadsApi;

/// Where a lead is in the sales pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "lowercase")]
pub enum LeadStatusName {
    /// Pendiente
    Pending,
    /// Contactado
    Contacted,
    /// En proceso
    Process,
    /// Convertido
    Converted,
    /// Descartado
    Discarded,
}

impl From<LeadStatus> for LeadStatusName {
    fn from(status: LeadStatus) -> Self {
        match status {
            LeadStatus::Pending => Self::Pending,
            LeadStatus::Contacted => Self::Contacted,
            LeadStatus::Process => Self::Process,
            LeadStatus::Converted => Self::Converted,
            LeadStatus::Discarded => Self::Discarded,
        }
    }
}

impl From<LeadStatusName> for LeadStatus {
    fn from(status: LeadStatusName) -> Self {
        match status {
            LeadStatusName::Pending => Self::Pending,
            LeadStatusName::Contacted => Self::Contacted,
            LeadStatusName::Process => Self::Process,
            LeadStatusName::Converted => Self::Converted,
            LeadStatusName::Discarded => Self::Discarded,
        }
    }
}

/// The order of the lead list: a field, descending with a leading `-`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum LeadOrderingName {
    #[oai(rename = "created_at")]
    CreatedAt,
    #[oai(rename = "-created_at")]
    CreatedAtDesc,
    #[oai(rename = "updated_at")]
    UpdatedAt,
    #[oai(rename = "-updated_at")]
    UpdatedAtDesc,
    #[oai(rename = "name")]
    Name,
    #[oai(rename = "-name")]
    NameDesc,
    #[oai(rename = "status")]
    Status,
    #[oai(rename = "-status")]
    StatusDesc,
    #[oai(rename = "tryet")]
    Tryet,
    #[oai(rename = "-tryet")]
    TryetDesc,
    #[oai(rename = "id")]
    Id,
    #[oai(rename = "-id")]
    IdDesc,
}

/// The statuses a lead search covers: one, or `all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "lowercase")]
pub enum LeadSearchStatus {
    All,
    Pending,
    Contacted,
    Process,
    Converted,
    Discarded,
}

/// A kind of lead, numbered per store (every store starts with types 1, 2 and 3).
#[derive(Debug, Object)]
pub struct LeadTypeOut {
    id: i64,
    name: String,
    /// Inactive types keep their leads but take no new ones.
    is_active: bool,
}

impl From<LeadType> for LeadTypeOut {
    fn from(lead_type: LeadType) -> Self {
        Self {
            id: lead_type.id,
            name: lead_type.name,
            is_active: lead_type.is_active,
        }
    }
}

paginated!(LeadTypePage, LeadTypeOut);

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct LeadTypeIn {
    /// Unique in the store, ignoring case and accents.
    name: Text,
    /// Defaults to true.
    is_active: Option<bool>,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct LeadTypePatch {
    name: Option<Text>,
    is_active: Option<bool>,
}

/// A lead.
#[derive(Debug, Object)]
pub struct LeadOut {
    pub id: i64,
    pub name: String,
    /// Trimmed and lowercased.
    pub email: String,
    pub phone_number: Option<String>,
    /// The lead type's id in the store.
    pub lead_type: i64,
    pub lead_type_name: String,
    pub status: LeadStatusName,
    /// The status's Spanish label (Pendiente, Contactado, En proceso, Convertido, Descartado).
    pub status_display: String,
    /// How many times the intake received this email and type.
    pub tryet: i64,
    /// Ids of the products the lead is interested in.
    pub products_interest: Vec<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When the lead became converted; null unless it is converted.
    pub converted_at: Option<DateTime<Utc>>,
}

impl From<Lead> for LeadOut {
    fn from(lead: Lead) -> Self {
        Self {
            id: lead.id,
            name: lead.name,
            email: lead.email,
            phone_number: lead.phone_number,
            lead_type: lead.lead_type_id,
            lead_type_name: lead.lead_type_name,
            status: lead.status.into(),
            status_display: lead.status.label().to_owned(),
            tryet: lead.tryet,
            products_interest: lead.products_interest,
            created_at: lead.created_at,
            updated_at: lead.updated_at,
            converted_at: lead.converted_at,
        }
    }
}

paginated!(LeadPage, LeadOut);

/// What the intake form sends.
#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct LeadIntakeIn {
    name: Text,
    /// Compared case-insensitively.
    email: Text,
    /// 7–15 digits; spaces, `+`, `-`, `(`, `)` and `.` allowed.
    phone_number: Option<Text>,
    /// A lead type id of the store.
    lead_type: i64,
    /// Positive product ids (at most 100); omitted keeps what a known lead has.
    products_interest: Option<Vec<i64>>,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct LeadIn {
    name: Text,
    email: Text,
    phone_number: Option<Text>,
    lead_type: i64,
    products_interest: Option<Vec<i64>>,
    /// Defaults to pending.
    status: Option<LeadStatusName>,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct LeadPatch {
    name: Option<Text>,
    email: Option<Text>,
    /// null clears it.
    phone_number: MaybeUndefined<Text>,
    lead_type: Option<i64>,
    /// A change is recorded in the lead's history; becoming converted sets `converted_at`.
    status: Option<LeadStatusName>,
    products_interest: Option<Vec<i64>>,
}

/// One status change of a lead.
#[derive(Debug, Object)]
pub struct LeadStatusChangeOut {
    id: i64,
    from_status: LeadStatusName,
    to_status: LeadStatusName,
    /// The id of the user who changed it; null once that user is deleted.
    changed_by: Option<i64>,
    changed_by_email: Option<String>,
    changed_at: DateTime<Utc>,
}

impl From<LeadStatusChange> for LeadStatusChangeOut {
    fn from(change: LeadStatusChange) -> Self {
        Self {
            id: change.id,
            from_status: change.from_status.into(),
            to_status: change.to_status.into(),
            changed_by: change.changed_by,
            changed_by_email: change.changed_by_email,
            changed_at: change.changed_at,
        }
    }
}

paginated!(LeadStatusChangePage, LeadStatusChangeOut);

/// Search results, best first.
#[derive(Debug, Object)]
struct LeadSearchOut {
    /// Number of results returned (at most `limit`).
    count: i64,
    results: Vec<LeadOut>,
}

#[derive(ApiResponse)]
enum LeadTypeListResponse {
    /// A page of the store's lead types, ordered by id.
    #[oai(status = 200)]
    Ok(Json<LeadTypePage>),
}

#[derive(ApiResponse)]
enum LeadTypeCreatedResponse {
    /// The lead type was created with the store's next free id.
    #[oai(status = 201)]
    Created(Json<LeadTypeOut>),
}

#[derive(ApiResponse)]
enum LeadTypeResponse {
    /// The lead type.
    #[oai(status = 200)]
    Ok(Json<LeadTypeOut>),
}

#[derive(ApiResponse)]
enum DeletedResponse {
    /// Deleted.
    #[oai(status = 204)]
    Deleted,
}

#[derive(ApiResponse)]
enum IntakeResponse {
    /// A new lead for this email and type, with `tryet` 1.
    #[oai(status = 201)]
    Created(Json<LeadOut>),
    /// The known lead for this email and type: `tryet` went up by one and its contact data was
    /// refreshed.
    #[oai(status = 200)]
    Refreshed(Json<LeadOut>),
}

#[derive(ApiResponse)]
enum LeadListResponse {
    /// A page of leads.
    #[oai(status = 200)]
    Ok(Json<LeadPage>),
}

#[derive(ApiResponse)]
enum LeadCreatedResponse {
    /// The lead was created.
    #[oai(status = 201)]
    Created(Json<LeadOut>),
}

#[derive(ApiResponse)]
enum LeadResponse {
    /// The lead.
    #[oai(status = 200)]
    Ok(Json<LeadOut>),
}

#[derive(ApiResponse)]
enum LeadHistoryResponse {
    /// The lead's status changes, oldest first.
    #[oai(status = 200)]
    Ok(Json<LeadStatusChangePage>),
}

#[derive(ApiResponse)]
enum LeadSearchResponse {
    /// Matching leads: exact email matches first, then newest.
    #[oai(status = 200)]
    Ok(Json<LeadSearchOut>),
}

fn text(value: Option<Text>) -> Option<String> {
    value.map(String::from)
}

#[OpenApi(tag = "Tag::Leads")]
impl LeadsApi {
    /// List lead types
    ///
    /// The lead types of the request's store. Staff.
    #[oai(path = "/lead-type/", method = "get", operation_id = "list_lead_types")]
    async fn list_types(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<LeadTypeListResponse> {
        let store = request_store(&enid, store.0).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let types = enid
            .leads()
            .list_types(&auth.0, store.id, page_request)
            .await?;
        Ok(LeadTypeListResponse::Ok(Json(LeadTypePage::new(
            req,
            types,
            LeadTypeOut::from,
        ))))
    }

    /// Create a lead type
    ///
    /// Adds a lead type with the store's next free id. A name the store already uses (ignoring
    /// case and accents) is a 409 `lead_type_name_taken`. Staff.
    #[oai(
        path = "/lead-type/",
        method = "post",
        operation_id = "create_lead_type"
    )]
    async fn create_type(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<LeadTypeIn>,
    ) -> ApiResult<LeadTypeCreatedResponse> {
        let store = request_store(&enid, store.0).await?;
        let lead_type = enid
            .leads()
            .create_type(
                &auth.0,
                store.id,
                LeadTypeInput {
                    name: body.0.name.0,
                    is_active: body.0.is_active,
                },
            )
            .await?;
        Ok(LeadTypeCreatedResponse::Created(Json(lead_type.into())))
    }

    /// Get a lead type
    ///
    /// One lead type of the request's store. Staff.
    #[oai(
        path = "/lead-type/:id/",
        method = "get",
        operation_id = "get_lead_type"
    )]
    async fn get_type(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The lead type's id in the store.
        id: Path<i64>,
    ) -> ApiResult<LeadTypeResponse> {
        let store = request_store(&enid, store.0).await?;
        let lead_type = enid.leads().get_type(&auth.0, store.id, id.0).await?;
        Ok(LeadTypeResponse::Ok(Json(lead_type.into())))
    }

    /// Update a lead type
    ///
    /// Renames or (de)activates a lead type; an inactive type takes no new leads. Staff.
    #[oai(
        path = "/lead-type/:id/",
        method = "patch",
        operation_id = "update_lead_type"
    )]
    async fn update_type(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The lead type's id in the store.
        id: Path<i64>,
        body: JsonBody<LeadTypePatch>,
    ) -> ApiResult<LeadTypeResponse> {
        let store = request_store(&enid, store.0).await?;
        let lead_type = enid
            .leads()
            .update_type(
                &auth.0,
                store.id,
                id.0,
                LeadTypeChangesInput {
                    name: text(body.0.name),
                    is_active: body.0.is_active,
                },
            )
            .await?;
        Ok(LeadTypeResponse::Ok(Json(lead_type.into())))
    }

    /// Delete a lead type
    ///
    /// Deletes a lead type that no lead has; one with leads is a 409 `lead_type_in_use`
    /// (deactivate it instead). Staff.
    #[oai(
        path = "/lead-type/:id/",
        method = "delete",
        operation_id = "delete_lead_type"
    )]
    async fn delete_type(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The lead type's id in the store.
        id: Path<i64>,
    ) -> ApiResult<DeletedResponse> {
        let store = request_store(&enid, store.0).await?;
        enid.leads().delete_type(&auth.0, store.id, id.0).await?;
        Ok(DeletedResponse::Deleted)
    }

    /// Submit a lead (public intake)
    ///
    /// Anonymous. A new (email, lead type) in the store becomes a pending lead with `tryet` 1
    /// (201); the same again adds one to `tryet` and refreshes name, phone and products (200),
    /// keeping status and creation time. Emails compare case-insensitively; concurrent submits
    /// all count. Rate limited per client IP.
    #[oai(
        path = "/lead/existence/",
        method = "post",
        operation_id = "lead_intake"
    )]
    async fn intake(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<LeadIntakeIn>,
    ) -> ApiResult<IntakeResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let outcome = enid
            .leads()
            .intake(
                store.id,
                LeadInput {
                    name: body.name.0,
                    email: body.email.0,
                    phone_number: text(body.phone_number),
                    lead_type: body.lead_type,
                    products_interest: body.products_interest,
                    status: None,
                },
                &client_ip(req),
            )
            .await?;
        let lead = Json(outcome.lead.into());
        Ok(if outcome.created {
            IntakeResponse::Created(lead)
        } else {
            IntakeResponse::Refreshed(lead)
        })
    }

    /// List leads
    ///
    /// The store's leads, newest first unless `ordering` says otherwise (`created_at`,
    /// `updated_at`, `name`, `status`, `tryet`, `id`; a leading `-` for descending). Filters:
    /// `status`, `lead_type`, and `created_after` / `created_before` (inclusive; a date
    /// `YYYY-MM-DD` or an RFC 3339 date-time, UTC days). Staff.
    #[oai(path = "/lead/", method = "get", operation_id = "list_leads")]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// Only leads in this status.
        status: Query<Option<LeadStatusName>>,
        /// Only leads of this lead type (its id in the store).
        lead_type: Query<Option<i64>>,
        /// Only leads created at or after this date (its first instant, UTC) or date-time.
        created_after: Query<Option<DateOrDateTime>>,
        /// Only leads created up to this date (its whole day, UTC) or date-time, inclusive.
        created_before: Query<Option<DateOrDateTime>>,
        /// The order of the list; newest first (`-created_at`) when absent.
        ordering: Query<Option<LeadOrderingName>>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<LeadListResponse> {
        let store = request_store(&enid, store.0).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let leads = enid
            .leads()
            .list(
                &auth.0,
                store.id,
                LeadFilterInput {
                    status: status.0.map(wire_name),
                    lead_type: lead_type.0,
                    created_after: created_after.0.map(|after| after.0),
                    created_before: created_before.0.map(|before| before.0),
                    ordering: ordering.0.map(wire_name),
                },
                page_request,
            )
            .await?;
        Ok(LeadListResponse::Ok(Json(LeadPage::new(
            req,
            leads,
            LeadOut::from,
        ))))
    }

    /// Create a lead
    ///
    /// Staff creation of a lead (any initial status; converted sets `converted_at`). The store
    /// having this (email, lead type) already is a 409 `lead_exists`. Staff.
    #[oai(path = "/lead/", method = "post", operation_id = "create_lead")]
    async fn create(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<LeadIn>,
    ) -> ApiResult<LeadCreatedResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let lead = enid
            .leads()
            .create(
                &auth.0,
                store.id,
                LeadInput {
                    name: body.name.0,
                    email: body.email.0,
                    phone_number: text(body.phone_number),
                    lead_type: body.lead_type,
                    products_interest: body.products_interest,
                    status: body.status.map(|s| LeadStatus::from(s).as_str().to_owned()),
                },
            )
            .await?;
        Ok(LeadCreatedResponse::Created(Json(lead.into())))
    }

    /// Get a lead
    ///
    /// One lead of the request's store. Staff.
    #[oai(path = "/lead/:id/", method = "get", operation_id = "get_lead")]
    async fn get(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The lead's id.
        id: Path<i64>,
    ) -> ApiResult<LeadResponse> {
        let store = request_store(&enid, store.0).await?;
        let lead = enid.leads().get(&auth.0, store.id, id.0).await?;
        Ok(LeadResponse::Ok(Json(lead.into())))
    }

    /// Update a lead
    ///
    /// Changes a lead's contact data, type, products or status. A status change is recorded in
    /// the lead's history with who made it and when, in the same transaction; becoming
    /// converted sets `converted_at` (leaving converted clears it). Staff.
    #[oai(path = "/lead/:id/", method = "patch", operation_id = "update_lead")]
    async fn update(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The lead's id.
        id: Path<i64>,
        body: JsonBody<LeadPatch>,
    ) -> ApiResult<LeadResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let phone_number = match body.phone_number {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(phone) => Some(Some(phone.0)),
        };
        let lead = enid
            .leads()
            .update(
                &auth.0,
                store.id,
                id.0,
                LeadChangesInput {
                    name: text(body.name),
                    email: text(body.email),
                    phone_number,
                    lead_type: body.lead_type,
                    status: body.status.map(|s| LeadStatus::from(s).as_str().to_owned()),
                    products_interest: body.products_interest,
                },
            )
            .await?;
        Ok(LeadResponse::Ok(Json(lead.into())))
    }

    /// Delete a lead
    ///
    /// Deletes a lead and its history. Staff.
    #[oai(path = "/lead/:id/", method = "delete", operation_id = "delete_lead")]
    async fn delete(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The lead's id.
        id: Path<i64>,
    ) -> ApiResult<DeletedResponse> {
        let store = request_store(&enid, store.0).await?;
        enid.leads().delete(&auth.0, store.id, id.0).await?;
        Ok(DeletedResponse::Deleted)
    }

    /// A lead's history
    ///
    /// The status changes of a lead, oldest first, with who made each and when. Staff.
    #[oai(
        path = "/lead/:id/history/",
        method = "get",
        operation_id = "lead_history"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn history(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The lead's id.
        id: Path<i64>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<LeadHistoryResponse> {
        let store = request_store(&enid, store.0).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let changes = enid
            .leads()
            .history(&auth.0, store.id, id.0, page_request)
            .await?;
        Ok(LeadHistoryResponse::Ok(Json(LeadStatusChangePage::new(
            req,
            changes,
            LeadStatusChangeOut::from,
        ))))
    }

    /// Search leads
    ///
    /// `q` (at least 3 characters) matches the name and email case- and accent-insensitively
    /// ("jose" finds "José"), and — when it looks like a phone — the phone's digits ("55 1234"
    /// finds "5512345678"). Leads whose email equals `q` come first, then the newest. `status`
    /// filters (`all` by default); `limit` is 1–100 (default 30). Staff.
    #[oai(path = "/lead-search/", method = "get", operation_id = "search_leads")]
    async fn search(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// What to look for: at least 3 characters of a name, an email or a phone.
        q: Query<Option<String>>,
        /// Only leads in this status; `all` (the default) for every status.
        status: Query<Option<LeadSearchStatus>>,
        /// How many results at most: 1 to 100 (default 30).
        limit: Query<Option<i64>>,
    ) -> ApiResult<LeadSearchResponse> {
        let store = request_store(&enid, store.0).await?;
        let leads = enid
            .leads()
            .search(
                &auth.0,
                store.id,
                LeadSearchInput {
                    q: q.0,
                    status: status.0.map(wire_name),
                    limit: limit.0,
                },
            )
            .await?;
        Ok(LeadSearchResponse::Ok(Json(LeadSearchOut {
            count: leads.len() as i64,
            results: leads.into_iter().map(LeadOut::from).collect(),
        })))
    }
}
