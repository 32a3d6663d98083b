//! Store rules: resolving the store of a request, store administration and store members.

use super::{Permission, Role, Store, StoreChanges, StoreId};
use crate::auth::{
    Member, MemberChanges, MemberFilter, NAME_MAX_CHARS, NewMemberInput, Principal, UserId,
};
use crate::enid::Enid;
use crate::error::{Error, Result, Validator};
use crate::pagination::{Page, PageRequest};
use crate::text::{clean_line, slugify};

pub const STORE_NAME_MAX_CHARS: usize = 100;
pub const STORE_SLUG_MAX_CHARS: usize = 50;

pub struct StoresService<'a> {
    enid: &'a Enid,
}

fn store_not_found() -> Error {
    Error::not_found("store_not_found", "Store not found.")
}

/// A new member as an admin sends it.
#[derive(Debug, Clone)]
pub struct MemberInput {
    pub email: String,
    pub name: String,
    pub password: String,
    pub role: String,
}

impl<'a> StoresService<'a> {
    pub(crate) fn new(enid: &'a Enid) -> Self {
        Self { enid }
    }

    /// The store a request works in: the one named, or the default. Unknown or inactive → 404.
    pub async fn resolve(&self, store_id: Option<StoreId>) -> Result<Store> {
        let id = store_id.unwrap_or(self.enid.config().default_store);
        let store = self
            .enid
            .instance_caches()
            .store(id, self.enid.storage().store(id))
            .await?
            .ok_or_else(store_not_found)?;
        if store.is_active {
            Ok(store)
        } else {
            Err(Error::not_found(
                "store_inactive",
                "This store is not active.",
            ))
        }
    }

    /// The stores the caller belongs to; a superuser sees all.
    pub async fn list(&self, principal: &Principal, page: PageRequest) -> Result<Page<Store>> {
        let member = (!principal.user.is_superuser).then_some(principal.user.id);
        self.enid.storage().list_stores(member, page).await
    }

    /// Superuser only. The slug comes from the name; `admin_user_id` becomes the store's admin.
    pub async fn create(
        &self,
        principal: &Principal,
        name: &str,
        admin_user_id: Option<UserId>,
    ) -> Result<Store> {
        principal.require_superuser()?;
        let name = clean_line("name", name, STORE_NAME_MAX_CHARS)?;
        let slug = slugify(&name, STORE_SLUG_MAX_CHARS);
        self.enid
            .storage()
            .create_store(&name, &slug, admin_user_id, self.enid.now())
            .await
    }

    /// One store, for its members (active or not) and superusers.
    pub async fn get(&self, principal: &Principal, id: StoreId) -> Result<Store> {
        let store = self
            .enid
            .storage()
            .store(id)
            .await?
            .ok_or_else(store_not_found)?;
        if principal.user.is_superuser || principal.role_in(id).is_some() {
            Ok(store)
        } else {
            Err(Error::forbidden("You are not a member of this store."))
        }
    }

    /// Rename, activate or deactivate; store admins and superusers.
    pub async fn update(
        &self,
        principal: &Principal,
        id: StoreId,
        changes: StoreChanges,
    ) -> Result<Store> {
        let name = changes
            .name
            .as_deref()
            .map(|name| clean_line("name", name, STORE_NAME_MAX_CHARS))
            .transpose()?;
        let changes = StoreChanges { name, ..changes };
        if self.enid.storage().store(id).await?.is_none() {
            return Err(store_not_found());
        }
        principal.require(id, Permission::StoreManage)?;
        let store = self
            .enid
            .storage()
            .update_store(id, &changes, self.enid.now())
            .await?
            .ok_or_else(store_not_found)?;
        Ok(store)
    }

    pub async fn members(
        &self,
        principal: &Principal,
        store: StoreId,
        filter: MemberFilter,
        page: PageRequest,
    ) -> Result<Page<Member>> {
        principal.require(store, Permission::MembersManage)?;
        let filter = MemberFilter {
            q: filter
                .q
                .map(|q| q.trim().to_owned())
                .filter(|q| !q.is_empty()),
            ..filter
        };
        if filter.q.as_ref().is_some_and(|q| q.chars().count() > 254) {
            return Err(Error::invalid(
                "q",
                "Ensure this field has no more than 254 characters.",
            ));
        }
        self.enid.storage().list_members(store, &filter, page).await
    }

    /// Creates a user who joins `store` with the given role.
    pub async fn add_member(
        &self,
        principal: &Principal,
        store: StoreId,
        input: MemberInput,
    ) -> Result<Member> {
        principal.require(store, Permission::MembersManage)?;
        let mut v = Validator::new();
        let role = v.field(input.role.parse::<Role>());
        let user = self
            .enid
            .accounts()
            .create_user_validated(
                v,
                NewMemberInput {
                    email: input.email,
                    name: input.name,
                    password: input.password,
                    is_superuser: false,
                    membership: role.map(|role| (store, role)),
                },
            )
            .await?;
        self.enid
            .storage()
            .member(store, user.id)
            .await?
            .ok_or_else(|| Error::internal("new member vanished"))
    }

    /// Changes a member's role, activity or name within `store`. The store always keeps an
    /// active admin.
    pub async fn update_member(
        &self,
        principal: &Principal,
        store: StoreId,
        user_id: UserId,
        changes: MemberChanges,
    ) -> Result<Member> {
        principal.require(store, Permission::MembersManage)?;
        let name = changes
            .name
            .as_deref()
            .map(|name| clean_line("name", name, NAME_MAX_CHARS))
            .transpose()?;
        let changes = MemberChanges { name, ..changes };
        self.enid
            .storage()
            .update_member(store, user_id, &changes, self.enid.now())
            .await?
            .ok_or_else(|| Error::not_found("user_not_found", "No such member in this store."))
    }

    /// The caller's permissions in `store`.
    pub fn permissions(&self, principal: &Principal, store: StoreId) -> Vec<Permission> {
        Permission::ALL
            .into_iter()
            .filter(|p| principal.can(store, *p))
            .collect()
    }
}
