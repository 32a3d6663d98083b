//! The HTTP operations, one poem-openapi `Api` per domain.

mod accounts;
mod members;
mod operations;
mod stores;

use chrono::{DateTime, Utc};
use poem_openapi::{Enum, Object, Tags};

use enid_core::auth::User;
use enid_core::stores::Role;

pub use accounts::AccountsApi;
pub use members::MembersApi;
pub use operations::OperationsApi;
pub use stores::StoresApi;

/// Every API of Enid, composed into one OpenAPI service.
pub type EnidApis = (OperationsApi, AccountsApi, MembersApi, StoresApi);

pub fn apis() -> EnidApis {
    (OperationsApi, AccountsApi, MembersApi, StoresApi)
}

#[derive(Tags)]
pub enum Tag {
    /// Sign-up, login, tokens and the caller's own profile.
    Accounts,
    /// Members of a store and their roles (store admins).
    Members,
    /// Stores (tenants) and the permissions of each role.
    Stores,
    /// Health probes.
    Operations,
}

/// A member's role in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "lowercase")]
pub enum RoleName {
    Admin,
    Staff,
    Customer,
}

impl From<Role> for RoleName {
    fn from(role: Role) -> Self {
        match role {
            Role::Admin => Self::Admin,
            Role::Staff => Self::Staff,
            Role::Customer => Self::Customer,
        }
    }
}

impl From<RoleName> for Role {
    fn from(role: RoleName) -> Self {
        match role {
            RoleName::Admin => Self::Admin,
            RoleName::Staff => Self::Staff,
            RoleName::Customer => Self::Customer,
        }
    }
}

/// A user account.
#[derive(Debug, Clone, Object)]
pub struct UserOut {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub is_superuser: bool,
    pub created_at: DateTime<Utc>,
}

impl From<User> for UserOut {
    fn from(user: User) -> Self {
        Self {
            id: user.id,
            email: user.email,
            name: user.name,
            is_superuser: user.is_superuser,
            created_at: user.created_at,
        }
    }
}

/// `X-Store-Id`: the store the request works in; the default store when absent.
pub type StoreHeader = poem_openapi::param::Header<Option<i64>>;
