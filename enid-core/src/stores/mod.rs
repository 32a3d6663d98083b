//! Stores (tenants), roles and the role → permission matrix.

mod service;
mod storage;

pub use service::{MemberInput, StoresService};
pub use storage::StoreStore;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

pub type StoreId = i64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Store {
    pub id: StoreId,
    pub name: String,
    pub slug: String,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreChanges {
    pub name: Option<String>,
    pub is_active: Option<bool>,
}

/// A member's role in one store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything in the store, including its members.
    Admin,
    /// Reads and writes the store's business data.
    Staff,
    /// Reads what staff reads, writes nothing: for someone who follows the store's figures.
    Viewer,
    /// Own profile, own conversations and return requests.
    Customer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Staff, Role::Viewer, Role::Customer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Staff => "staff",
            Role::Viewer => "viewer",
            Role::Customer => "customer",
        }
    }

    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::Admin => &Permission::ALL,
            Role::Staff => &[
                ProfileRead,
                ConversationsOwn,
                ReturnsOwn,
                LeadsRead,
                LeadsWrite,
                AnalyticsRead,
                AnalyticsWrite,
                StockRead,
                StockWrite,
                ReferencesWrite,
                FaqsRead,
                FaqsWrite,
                ReturnsRead,
                ReturnsWrite,
                AssistantRead,
                AssistantWrite,
            ],
            Role::Viewer => &[
                ProfileRead,
                LeadsRead,
                AnalyticsRead,
                StockRead,
                FaqsRead,
                ReturnsRead,
                AssistantRead,
            ],
            Role::Customer => &[ProfileRead, ConversationsOwn, ReturnsOwn],
        }
    }

    pub fn has(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = Error;

    fn from_str(value: &str) -> Result<Self> {
        match value {
            "admin" => Ok(Role::Admin),
            "staff" => Ok(Role::Staff),
            "viewer" => Ok(Role::Viewer),
            "customer" => Ok(Role::Customer),
            _ => Err(Error::invalid(
                "role",
                "Must be one of admin, staff, viewer, customer.",
            )),
        }
    }
}

/// What a role may do in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    ProfileRead,
    ConversationsOwn,
    ReturnsOwn,
    LeadsRead,
    LeadsWrite,
    AnalyticsRead,
    /// Page sections and user journeys.
    AnalyticsWrite,
    StockRead,
    StockWrite,
    ReferencesWrite,
    /// The FAQs visitors do not see, too.
    FaqsRead,
    FaqsWrite,
    ReturnsRead,
    ReturnsWrite,
    AssistantRead,
    AssistantWrite,
    AssistantSettings,
    MembersManage,
    StoreManage,
}

impl Permission {
    pub const ALL: [Permission; 19] = [
        Permission::ProfileRead,
        Permission::ConversationsOwn,
        Permission::ReturnsOwn,
        Permission::LeadsRead,
        Permission::LeadsWrite,
        Permission::AnalyticsRead,
        Permission::AnalyticsWrite,
        Permission::StockRead,
        Permission::StockWrite,
        Permission::ReferencesWrite,
        Permission::FaqsRead,
        Permission::FaqsWrite,
        Permission::ReturnsRead,
        Permission::ReturnsWrite,
        Permission::AssistantRead,
        Permission::AssistantWrite,
        Permission::AssistantSettings,
        Permission::MembersManage,
        Permission::StoreManage,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Permission::ProfileRead => "profile.read",
            Permission::ConversationsOwn => "conversations.own",
            Permission::ReturnsOwn => "returns.own",
            Permission::LeadsRead => "leads.read",
            Permission::LeadsWrite => "leads.write",
            Permission::AnalyticsRead => "analytics.read",
            Permission::AnalyticsWrite => "analytics.write",
            Permission::StockRead => "stock.read",
            Permission::StockWrite => "stock.write",
            Permission::ReferencesWrite => "references.write",
            Permission::FaqsRead => "faqs.read",
            Permission::FaqsWrite => "faqs.write",
            Permission::ReturnsRead => "returns.read",
            Permission::ReturnsWrite => "returns.write",
            Permission::AssistantRead => "assistant.read",
            Permission::AssistantWrite => "assistant.write",
            Permission::AssistantSettings => "assistant.settings",
            Permission::MembersManage => "members.manage",
            Permission::StoreManage => "store.manage",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix() {
        assert!(Role::Admin.has(Permission::MembersManage));
        assert!(!Role::Staff.has(Permission::MembersManage));
        assert!(Role::Staff.has(Permission::StockWrite));
        assert!(!Role::Customer.has(Permission::LeadsRead));
        // A viewer reads what staff reads and writes nothing.
        for permission in Role::Staff.permissions() {
            let reads = permission.as_str().ends_with(".read");
            assert_eq!(
                Role::Viewer.has(*permission),
                reads,
                "{}",
                permission.as_str()
            );
        }
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
            assert!(role.has(Permission::ProfileRead));
        }
        assert!("owner".parse::<Role>().is_err());
    }
}
