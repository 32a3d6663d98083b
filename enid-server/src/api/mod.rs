//! The HTTP operations, one poem-openapi `Api` per domain.

mod accounts;
mod analytics;
mod assistant;
mod faqs;
mod inventory;
mod lead_metrics;
mod leads;
mod members;
mod operations;
mod references;
mod returns;
mod stores;

use std::borrow::Cow;
use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use poem_openapi::registry::{MetaSchema, MetaSchemaRef, Registry};
use poem_openapi::types::{
    ParseError, ParseFromJSON, ParseFromParameter, ParseResult, ToJSON, Type,
};
use poem_openapi::{Enum, Object, Tags};
use serde_json::Value;

use enid_core::auth::User;
use enid_core::stores::Role;

pub use accounts::AccountsApi;
pub use analytics::AnalyticsApi;
pub use assistant::AssistantApi;
pub use faqs::FaqsApi;
pub use inventory::InventoryApi;
pub use lead_metrics::LeadMetricsApi;
pub use leads::LeadsApi;
pub use members::MembersApi;
pub use operations::OperationsApi;
pub use references::ReferencesApi;
pub use returns::ReturnsApi;
pub use stores::StoresApi;

/// Every API of Enid, composed into one OpenAPI service.
pub type EnidApis = (
    OperationsApi,
    AccountsApi,
    MembersApi,
    StoresApi,
    InventoryApi,
    LeadsApi,
    LeadMetricsApi,
    AnalyticsApi,
    FaqsApi,
    ReturnsApi,
    AssistantApi,
    ReferencesApi,
);

pub fn apis() -> EnidApis {
    (
        OperationsApi,
        AccountsApi,
        MembersApi,
        StoresApi,
        InventoryApi,
        LeadsApi,
        LeadMetricsApi,
        AnalyticsApi,
        FaqsApi,
        ReturnsApi,
        AssistantApi,
        ReferencesApi,
    )
}

/// What the accounts service (service-oauth) served, for `--split-ports`.
pub fn accounts_apis() -> (OperationsApi, AccountsApi, MembersApi, StoresApi) {
    (OperationsApi, AccountsApi, MembersApi, StoresApi)
}

/// What the leads service (service_leads) served, for `--split-ports`.
pub fn leads_apis() -> (OperationsApi, LeadsApi, LeadMetricsApi, AnalyticsApi) {
    (OperationsApi, LeadsApi, LeadMetricsApi, AnalyticsApi)
}

/// What the FAQs service (service-faqs) served, for `--split-ports`: FAQs and returns.
pub fn faqs_apis() -> (OperationsApi, FaqsApi, ReturnsApi) {
    (OperationsApi, FaqsApi, ReturnsApi)
}

/// What the assistant service (service_asistence) served, for `--split-ports`.
pub fn assistant_apis() -> (OperationsApi, AssistantApi) {
    (OperationsApi, AssistantApi)
}

/// What the references service (service-references) served, for `--split-ports`: businesses
/// and their images.
pub fn references_apis() -> (OperationsApi, ReferencesApi) {
    (OperationsApi, ReferencesApi)
}

/// What the inventory service (service_stock) served, for `--split-ports`.
pub fn inventory_apis() -> (OperationsApi, InventoryApi) {
    (OperationsApi, InventoryApi)
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
    /// Warehouses, the stock ledger, levels, thresholds and reports.
    Inventory,
    /// Lead types, the public lead intake, leads with their history, search and metrics.
    Leads,
    /// Page views and shop events, their metrics, page sections, user journeys and daily page
    /// performance.
    Analytics,
    /// FAQs, their categories and ranked full-text search.
    Faqs,
    /// Return-policy cards, return requests with their status history, and the return window.
    Returns,
    /// The AI sales assistant: chat turns (also streamed), conversations and their messages,
    /// the assistant's settings and knowledge entries.
    Assistant,
    /// Businesses and their images: uploads, derived sizes and the files themselves.
    References,
}

/// A member's role in a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "lowercase")]
pub enum RoleName {
    Admin,
    Staff,
    Viewer,
    Customer,
}

impl From<Role> for RoleName {
    fn from(role: Role) -> Self {
        match role {
            Role::Admin => Self::Admin,
            Role::Staff => Self::Staff,
            Role::Viewer => Self::Viewer,
            Role::Customer => Self::Customer,
        }
    }
}

impl From<RoleName> for Role {
    fn from(role: RoleName) -> Self {
        match role {
            RoleName::Admin => Self::Admin,
            RoleName::Staff => Self::Staff,
            RoleName::Viewer => Self::Viewer,
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

/// `Type` for a newtype of `String` (`.0`) whose schema is `$schema` (registered by `$register`).
macro_rules! string_newtype {
    ($name:ident $(<$param:ident>)?, $type_name:expr, $schema:expr $(, $register:expr)?) => {
        impl$(<$param: Type>)? Type for $name$(<$param>)? {
            const IS_REQUIRED: bool = true;

            type RawValueType = String;

            type RawElementValueType = String;

            fn name() -> Cow<'static, str> {
                $type_name
            }

            fn schema_ref() -> MetaSchemaRef {
                $schema
            }

            $(
                fn register(registry: &mut Registry) {
                    $register(registry)
                }
            )?

            fn as_raw_value(&self) -> Option<&Self::RawValueType> {
                Some(&self.0)
            }

            fn raw_element_iter<'a>(
                &'a self,
            ) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
                Box::new(self.as_raw_value().into_iter())
            }

            fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }
    };
}

/// A filter's enum value as the core's filter input takes it: its name on the wire.
fn wire_name<T: ToJSON>(value: T) -> String {
    match value.to_json() {
        Some(Value::String(name)) => name,
        other => unreachable!("an enum is a JSON string, not {other:?}"),
    }
}

/// A query parameter or body field that takes a date (`2026-03-05`, the whole UTC day) or an RFC 3339
/// date-time; the core reads which it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateOrDateTime(pub String);

string_newtype!(
    DateOrDateTime,
    "date_or_date_time".into(),
    MetaSchemaRef::Inline(Box::new(MetaSchema {
        one_of: vec![
            MetaSchemaRef::Inline(Box::new(MetaSchema::new_with_format("string", "date"))),
            MetaSchemaRef::Inline(Box::new(MetaSchema::new_with_format("string", "date-time"))),
        ],
        ..MetaSchema::ANY
    }))
);

impl ParseFromParameter for DateOrDateTime {
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        Ok(Self(value.to_owned()))
    }
}

/// In a body, only a JSON string, as [`Text`].
impl ParseFromJSON for DateOrDateTime {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        Text::parse_from_json(value)
            .map(|text| Self(text.0))
            .map_err(ParseError::propagate)
    }
}

impl ToJSON for DateOrDateTime {
    fn to_json(&self) -> Option<Value> {
        Some(Value::String(self.0.clone()))
    }
}

/// A uuid parameter read as text (`format: uuid`): a malformed one names no record, so the
/// handler answers it as an unknown one (404) rather than a 400 that tells the two apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UuidText(pub String);

string_newtype!(
    UuidText,
    "string_uuid".into(),
    MetaSchemaRef::Inline(Box::new(MetaSchema::new_with_format("string", "uuid")))
);

impl ParseFromParameter for UuidText {
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        Ok(Self(value.to_owned()))
    }
}

/// A body field that takes one of the values of the enum `E`: the spec shows `E`, and the value
/// is read as text, so that the core names a wrong one together with every other invalid field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumText<E>(pub String, PhantomData<E>);

string_newtype!(EnumText<E>, E::name(), E::schema_ref(), E::register);

impl<E: Type> ParseFromJSON for EnumText<E> {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        Text::parse_from_json(value)
            .map(|text| Self(text.0, PhantomData))
            .map_err(ParseError::propagate)
    }
}

impl<E: Type> ToJSON for EnumText<E> {
    fn to_json(&self) -> Option<Value> {
        Some(Value::String(self.0.clone()))
    }
}

/// A JSON string, and only a string. Use it for every text field of a request body:
/// poem-openapi's `String` also accepts numbers and booleans (`{"name": 5}` becomes `"5"`), which
/// would let a wrongly typed request through instead of naming the field in a 400 `validation_error`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text(pub String);

string_newtype!(Text, String::name(), String::schema_ref());

impl ParseFromJSON for Text {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        match value.unwrap_or_default() {
            Value::String(text) => Ok(Self(text)),
            other => Err(ParseError::expected_type(other)),
        }
    }
}

impl ToJSON for Text {
    fn to_json(&self) -> Option<Value> {
        Some(Value::String(self.0.clone()))
    }
}

impl From<Text> for String {
    fn from(text: Text) -> Self {
        text.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_accepts_only_json_strings() {
        assert_eq!(
            Text::parse_from_json(Some(Value::from("ana"))).unwrap(),
            Text("ana".to_owned())
        );
        for wrong in [
            Value::from(5),
            Value::from(true),
            Value::Null,
            serde_json::json!(["a"]),
            serde_json::json!({"a": 1}),
        ] {
            assert!(
                Text::parse_from_json(Some(wrong.clone())).is_err(),
                "{wrong}"
            );
        }
        assert!(Text::parse_from_json(None).is_err());
        assert!(<Option<Text>>::parse_from_json(None).unwrap().is_none());
        assert!(<Option<Text>>::parse_from_json(Some(Value::from(5))).is_err());
    }
}
