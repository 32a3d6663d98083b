use chrono::{DateTime, Utc};
use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use enid_core::Enid;
use enid_core::auth::{Member, MemberChanges, MemberFilter};
use enid_core::pagination::PageRequest;
use enid_core::stores::MemberInput;

use super::{EnumText, RoleName, StoreHeader, Tag, Text};
use crate::context::{BearerAuth, request_store};
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::pagination::paginated;

pub struct MembersApi;

/// A user as a member of the request's store.
#[derive(Debug, Object)]
pub struct MemberOut {
    id: i64,
    email: String,
    name: String,
    is_superuser: bool,
    role: RoleName,
    /// Inactive members keep their account but lose their role in this store.
    is_active: bool,
    joined_at: DateTime<Utc>,
}

impl From<Member> for MemberOut {
    fn from(member: Member) -> Self {
        Self {
            id: member.user.id,
            email: member.user.email,
            name: member.user.name,
            is_superuser: member.user.is_superuser,
            role: member.role.into(),
            is_active: member.is_active,
            joined_at: member.joined_at,
        }
    }
}

paginated!(MemberPage, MemberOut);

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct MemberIn {
    email: Text,
    name: Text,
    /// At least 8 characters.
    password: Text,
    role: EnumText<RoleName>,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct MemberPatch {
    role: Option<RoleName>,
    is_active: Option<bool>,
    name: Option<Text>,
}

#[derive(ApiResponse)]
enum MemberListResponse {
    /// A page of the store's members, ordered by id.
    #[oai(status = 200)]
    Ok(Json<MemberPage>),
}

#[derive(ApiResponse)]
enum MemberCreatedResponse {
    /// The user was created as a member of the store.
    #[oai(status = 201)]
    Created(Json<MemberOut>),
}

#[derive(ApiResponse)]
enum MemberResponse {
    /// The updated member.
    #[oai(status = 200)]
    Ok(Json<MemberOut>),
}

#[OpenApi(tag = "Tag::Members")]
impl MembersApi {
    /// List members
    ///
    /// The users of the request's store. `q` matches name or email (case-insensitive);
    /// `is_active` filters by membership state. Store admins only.
    #[oai(path = "/user/", method = "get", operation_id = "list_members")]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// Matches the name or the email, case-insensitively.
        q: Query<Option<String>>,
        /// Only active (true) or inactive (false) members.
        is_active: Query<Option<bool>>,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<MemberListResponse> {
        let store = request_store(&enid, store.0).await?;
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let members = enid
            .stores()
            .members(
                &auth.0,
                store.id,
                MemberFilter {
                    q: q.0,
                    is_active: is_active.0,
                },
                page_request,
            )
            .await?;
        Ok(MemberListResponse::Ok(Json(MemberPage::new(
            req,
            members,
            MemberOut::from,
        ))))
    }

    /// Create a member
    ///
    /// Creates a user account that joins the request's store with the given role
    /// (`admin`, `staff` or `customer`). A taken email is a 409. Store admins only.
    #[oai(path = "/user/", method = "post", operation_id = "create_member")]
    async fn create(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        body: JsonBody<MemberIn>,
    ) -> ApiResult<MemberCreatedResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let member = enid
            .stores()
            .add_member(
                &auth.0,
                store.id,
                MemberInput {
                    email: body.email.0,
                    name: body.name.0,
                    password: body.password.0,
                    role: body.role.0,
                },
            )
            .await?;
        Ok(MemberCreatedResponse::Created(Json(member.into())))
    }

    /// Update a member
    ///
    /// Changes a member's role, activity or name within the request's store. The store always
    /// keeps an active admin (409 `last_admin`). Store admins only.
    #[oai(path = "/user/:id/", method = "patch", operation_id = "update_member")]
    async fn update(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The member's user id.
        id: Path<i64>,
        body: JsonBody<MemberPatch>,
    ) -> ApiResult<MemberResponse> {
        let store = request_store(&enid, store.0).await?;
        let body = body.0;
        let member = enid
            .stores()
            .update_member(
                &auth.0,
                store.id,
                id.0,
                MemberChanges {
                    role: body.role.map(Into::into),
                    is_active: body.is_active,
                    name: body.name.map(String::from),
                },
            )
            .await?;
        Ok(MemberResponse::Ok(Json(member.into())))
    }
}
