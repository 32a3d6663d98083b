use chrono::{DateTime, Utc};
use poem::Request;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use enid_core::Enid;
use enid_core::pagination::PageRequest;
use enid_core::stores::{Permission, Role, Store, StoreChanges};

use super::{RoleName, StoreHeader, Tag, Text};
use crate::context::{BearerAuth, request_store};
use crate::error::ApiResult;
use crate::json_body::JsonBody;
use crate::pagination::paginated;

pub struct StoresApi;

/// A store (tenant).
#[derive(Debug, Object)]
pub struct StoreOut {
    id: i64,
    name: String,
    /// Derived from the name at creation; stable afterwards.
    slug: String,
    is_active: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<Store> for StoreOut {
    fn from(store: Store) -> Self {
        Self {
            id: store.id,
            name: store.name,
            slug: store.slug,
            is_active: store.is_active,
            created_at: store.created_at,
            updated_at: store.updated_at,
        }
    }
}

paginated!(StorePage, StoreOut);

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct StoreIn {
    name: Text,
    /// A user who becomes the store's admin.
    admin_user_id: Option<i64>,
}

#[derive(Debug, Object)]
#[oai(deny_unknown_fields)]
struct StorePatch {
    name: Option<Text>,
    is_active: Option<bool>,
}

/// The permissions of each role.
#[derive(Debug, Object)]
struct RoleMatrix {
    admin: Vec<String>,
    staff: Vec<String>,
    viewer: Vec<String>,
    customer: Vec<String>,
}

/// What the caller may do in the request's store.
#[derive(Debug, Object)]
struct FeaturesOut {
    store_id: i64,
    /// The caller's role in the store, or null when not a member.
    role: Option<RoleName>,
    is_superuser: bool,
    /// The permissions the caller has in the store, e.g. `leads.read`.
    permissions: Vec<String>,
    matrix: RoleMatrix,
}

#[derive(ApiResponse)]
enum StoreListResponse {
    /// A page of stores, ordered by id.
    #[oai(status = 200)]
    Ok(Json<StorePage>),
}

#[derive(ApiResponse)]
enum StoreCreatedResponse {
    /// The store was created.
    #[oai(status = 201)]
    Created(Json<StoreOut>),
}

#[derive(ApiResponse)]
enum StoreResponse {
    /// The store.
    #[oai(status = 200)]
    Ok(Json<StoreOut>),
}

#[derive(ApiResponse)]
enum FeaturesResponse {
    /// The caller's permissions and the role matrix.
    #[oai(status = 200)]
    Ok(Json<FeaturesOut>),
}

fn names(permissions: &[Permission]) -> Vec<String> {
    permissions.iter().map(|p| p.as_str().to_owned()).collect()
}

#[OpenApi(tag = "Tag::Stores")]
impl StoresApi {
    /// List stores
    ///
    /// The stores the caller is an active member of; every store for a superuser.
    #[oai(path = "/store/", method = "get", operation_id = "list_stores")]
    async fn list(
        &self,
        enid: Data<&Enid>,
        req: &Request,
        auth: BearerAuth,
        page: Query<Option<i64>>,
        page_size: Query<Option<i64>>,
    ) -> ApiResult<StoreListResponse> {
        let page_request = PageRequest::new(page.0, page_size.0)?;
        let stores = enid.stores().list(&auth.0, page_request).await?;
        Ok(StoreListResponse::Ok(Json(StorePage::new(
            req,
            stores,
            StoreOut::from,
        ))))
    }

    /// Create a store
    ///
    /// Superusers only. The slug is derived from the name (accents folded, `-2`, `-3` on
    /// collision). `admin_user_id`, when given, becomes the store's admin.
    #[oai(path = "/store/", method = "post", operation_id = "create_store")]
    async fn create(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        body: JsonBody<StoreIn>,
    ) -> ApiResult<StoreCreatedResponse> {
        let store = enid
            .stores()
            .create(&auth.0, &body.0.name.0, body.0.admin_user_id)
            .await?;
        Ok(StoreCreatedResponse::Created(Json(store.into())))
    }

    /// Get a store
    ///
    /// One store, for its members and superusers.
    #[oai(path = "/store/:id/", method = "get", operation_id = "get_store")]
    async fn get(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        /// The store's id.
        id: Path<i64>,
    ) -> ApiResult<StoreResponse> {
        let store = enid.stores().get(&auth.0, id.0).await?;
        Ok(StoreResponse::Ok(Json(store.into())))
    }

    /// Update a store
    ///
    /// Rename, activate or deactivate a store. Its admins and superusers only. Requests naming an
    /// inactive store in `X-Store-Id` get a 404.
    #[oai(path = "/store/:id/", method = "patch", operation_id = "update_store")]
    async fn update(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        /// The store's id.
        id: Path<i64>,
        body: JsonBody<StorePatch>,
    ) -> ApiResult<StoreResponse> {
        let body = body.0;
        let store = enid
            .stores()
            .update(
                &auth.0,
                id.0,
                StoreChanges {
                    name: body.name.map(String::from),
                    is_active: body.is_active,
                },
            )
            .await?;
        Ok(StoreResponse::Ok(Json(store.into())))
    }

    /// My permissions
    ///
    /// The permissions the caller has in the request's store, and the full role → permission
    /// matrix.
    #[oai(path = "/feature/", method = "get", operation_id = "list_features")]
    async fn features(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
    ) -> ApiResult<FeaturesResponse> {
        let store = request_store(&enid, store.0).await?;
        let principal = auth.0;
        Ok(FeaturesResponse::Ok(Json(FeaturesOut {
            store_id: store.id,
            role: principal.role_in(store.id).map(RoleName::from),
            is_superuser: principal.user.is_superuser,
            permissions: names(&enid.stores().permissions(&principal, store.id)),
            matrix: RoleMatrix {
                admin: names(Role::Admin.permissions()),
                staff: names(Role::Staff.permissions()),
                viewer: names(Role::Viewer.permissions()),
                customer: names(Role::Customer.permissions()),
            },
        })))
    }
}
