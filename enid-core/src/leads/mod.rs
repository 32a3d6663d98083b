//! Leads: lead types, the public intake, staff work on leads with their status history, search
//! and metrics.

mod metrics;
mod seed;
mod service;
mod storage;

pub use metrics::{
    DailyStatusCounts, LeadFunnel, LeadOverview, LeadTrend, MAX_METRIC_DAYS, StatusShare, TypeShare,
};
pub use seed::{LeadSeedPlan, LeadSeedProgress};
pub use service::{
    LeadChangesInput, LeadFilterInput, LeadInput, LeadSearchInput, LeadTypeChangesInput,
    LeadTypeInput, LeadsService,
};
pub use storage::LeadStore;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::{Email, UserId};
use crate::error::{Error, Result};
use crate::text::{clean_line, fold};

pub type LeadId = i64;
/// Lead types are numbered per store: every store has its own 1, 2, 3, ...
pub type LeadTypeId = i64;

/// The types every store starts with, as the original service had them.
pub const DEFAULT_LEAD_TYPES: [(LeadTypeId, &str); 3] = [
    (1, "Al hacer seguir en contacto"),
    (2, "Al registrar orden"),
    (3, "Al hacer registro"),
];

pub const LEAD_NAME_MAX_CHARS: usize = 150;
pub const LEAD_TYPE_NAME_MAX_CHARS: usize = 100;
pub const PHONE_MAX_CHARS: usize = 30;
/// Products one lead may be interested in.
pub const PRODUCTS_INTEREST_MAX: usize = 100;

/// Whether a lead type takes new leads, given its `is_active` (`None`: the store has no such
/// type): a 400 on `lead_type` when it does not.
pub fn lead_type_takes_leads(is_active: Option<bool>) -> Result<()> {
    match is_active {
        Some(true) => Ok(()),
        Some(false) => Err(Error::invalid(
            "lead_type",
            "This lead type is inactive and takes no new leads.",
        )),
        None => Err(Error::invalid("lead_type", "No lead type has this id.")),
    }
}

/// Where a lead is in the sales pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LeadStatus {
    Pending,
    Contacted,
    Process,
    Converted,
    Discarded,
}

impl LeadStatus {
    /// Pipeline order.
    pub const ALL: [LeadStatus; 5] = [
        LeadStatus::Pending,
        LeadStatus::Contacted,
        LeadStatus::Process,
        LeadStatus::Converted,
        LeadStatus::Discarded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LeadStatus::Pending => "pending",
            LeadStatus::Contacted => "contacted",
            LeadStatus::Process => "process",
            LeadStatus::Converted => "converted",
            LeadStatus::Discarded => "discarded",
        }
    }

    /// The Spanish label the original service showed.
    pub fn label(self) -> &'static str {
        match self {
            LeadStatus::Pending => "Pendiente",
            LeadStatus::Contacted => "Contactado",
            LeadStatus::Process => "En proceso",
            LeadStatus::Converted => "Convertido",
            LeadStatus::Discarded => "Descartado",
        }
    }

    /// Parses a status named by the input `field`.
    pub fn parse(field: &str, value: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == value)
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    "Must be one of pending, contacted, process, converted, discarded.",
                )
            })
    }
}

impl fmt::Display for LeadStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for LeadStatus {
    type Err = Error;

    fn from_str(value: &str) -> Result<Self> {
        Self::parse("status", value)
    }
}

/// A lead type's name: a clean line, unique per store ignoring case and accents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadTypeName(String);

impl LeadTypeName {
    pub fn parse(value: &str) -> Result<Self> {
        clean_line("name", value, LEAD_TYPE_NAME_MAX_CHARS).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What uniqueness compares: "Órden" and "orden" are the same name.
    pub fn key(&self) -> String {
        lead_type_name_key(&self.0)
    }
}

/// The uniqueness key of a lead type name (see [`LeadTypeName::key`]).
pub fn lead_type_name_key(name: &str) -> String {
    fold(name)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadType {
    pub id: LeadTypeId,
    pub name: String,
    /// Inactive types keep their leads but take no new ones.
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeadTypeChanges {
    pub name: Option<LeadTypeName>,
    pub is_active: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lead {
    pub id: LeadId,
    pub name: String,
    /// Trimmed and lowercased.
    pub email: String,
    pub phone_number: Option<String>,
    pub lead_type_id: LeadTypeId,
    pub lead_type_name: String,
    pub status: LeadStatus,
    /// How many times the intake received this (email, type): 1 on the first submission.
    pub tryet: i64,
    pub products_interest: Vec<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When the lead last became converted; `None` unless it is converted.
    pub converted_at: Option<DateTime<Utc>>,
}

/// A lead's contact data, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadContact {
    pub name: String,
    pub email: Email,
    pub phone_number: Option<String>,
}

impl LeadContact {
    /// The name as search compares it: lowercase, accents removed.
    pub fn search_name(&self) -> String {
        fold(&self.name)
    }

    /// The phone's digits, which search compares.
    pub fn phone_digits(&self) -> String {
        self.phone_number.as_deref().map(digits).unwrap_or_default()
    }
}

/// One submission of the public intake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadIntake {
    pub lead_type_id: LeadTypeId,
    pub contact: LeadContact,
    /// `None` keeps what a known lead has.
    pub products_interest: Option<Vec<i64>>,
}

/// What the intake did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeOutcome {
    pub lead: Lead,
    /// True for a new (store, email, type); false when an existing lead was refreshed.
    pub created: bool,
}

/// A complete lead to insert: staff creation, imports and seeding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLead {
    pub lead_type_id: LeadTypeId,
    pub contact: LeadContact,
    pub products_interest: Vec<i64>,
    pub status: LeadStatus,
    pub tryet: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set exactly when `status` is converted, never before `created_at`.
    pub converted_at: Option<DateTime<Utc>>,
}

/// Changes to a lead; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeadChanges {
    pub name: Option<String>,
    pub email: Option<Email>,
    /// `Some(None)` clears the phone.
    pub phone_number: Option<Option<String>>,
    pub lead_type_id: Option<LeadTypeId>,
    pub status: Option<LeadStatus>,
    pub products_interest: Option<Vec<i64>>,
}

/// One status change of a lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadStatusChange {
    pub id: i64,
    pub from_status: LeadStatus,
    pub to_status: LeadStatus,
    /// The user who made the change; `None` once that user is deleted.
    pub changed_by: Option<UserId>,
    pub changed_by_email: Option<String>,
    pub changed_at: DateTime<Utc>,
}

/// How lead lists are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadOrderField {
    CreatedAt,
    UpdatedAt,
    Name,
    Status,
    Tryet,
    Id,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeadOrdering {
    pub field: LeadOrderField,
    pub descending: bool,
}

impl Default for LeadOrdering {
    /// Newest first.
    fn default() -> Self {
        Self {
            field: LeadOrderField::CreatedAt,
            descending: true,
        }
    }
}

impl LeadOrdering {
    pub const FIELDS: [(&'static str, LeadOrderField); 6] = [
        ("created_at", LeadOrderField::CreatedAt),
        ("updated_at", LeadOrderField::UpdatedAt),
        ("name", LeadOrderField::Name),
        ("status", LeadOrderField::Status),
        ("tryet", LeadOrderField::Tryet),
        ("id", LeadOrderField::Id),
    ];

    /// `created_at`, `-created_at`, `name`, ... (a leading `-` for descending).
    pub fn parse(value: &str) -> Result<Self> {
        let (descending, name) = match value.strip_prefix('-') {
            Some(name) => (true, name),
            None => (false, value),
        };
        Self::FIELDS
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, field)| Self {
                field: *field,
                descending,
            })
            .ok_or_else(|| {
                Error::invalid(
                    "ordering",
                    "Must be one of created_at, updated_at, name, status, tryet, id, optionally with a leading '-'.",
                )
            })
    }
}

/// Filters of the lead list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeadFilter {
    pub status: Option<LeadStatus>,
    pub lead_type_id: Option<LeadTypeId>,
    /// Created at or after.
    pub created_after: Option<DateTime<Utc>>,
    /// Created strictly before.
    pub created_before: Option<DateTime<Utc>>,
    pub ordering: LeadOrdering,
}

/// A search, already normalised by the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadSearch {
    /// Matched as a substring of the folded name (lowercase, no accents).
    pub name_text: String,
    /// Matched as a substring of the email, and compared whole for the exact-email rank.
    pub email_text: String,
    /// Matched as a substring of the phone's digits, when the query looks like a phone.
    pub phone_digits: Option<String>,
    pub status: Option<LeadStatus>,
    pub limit: u32,
}

/// The digits of a text, in order.
pub fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Counts of a store's leads, taken in one query.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeadCounts {
    pub total: i64,
    pub created_today: i64,
    pub created_week: i64,
    pub created_month: i64,
    pub converted: i64,
}

/// The days a metrics query starts from (UTC, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverviewDays {
    pub today: NaiveDate,
    pub week_start: NaiveDate,
    pub month_start: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_labels() {
        for status in LeadStatus::ALL {
            assert_eq!(status.as_str().parse::<LeadStatus>().unwrap(), status);
        }
        assert_eq!(LeadStatus::Process.label(), "En proceso");
        assert!("Pending".parse::<LeadStatus>().is_err());
    }

    #[test]
    fn orderings() {
        assert_eq!(
            LeadOrdering::parse("-tryet").unwrap(),
            LeadOrdering {
                field: LeadOrderField::Tryet,
                descending: true
            }
        );
        assert!(!LeadOrdering::parse("name").unwrap().descending);
        for bad in ["", "-", "email", "--name", "name;drop"] {
            assert!(LeadOrdering::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn search_keys() {
        let contact = LeadContact {
            name: "José Ñúñez".into(),
            email: Email::parse("jose@example.mx").unwrap(),
            phone_number: Some("+52 (55) 1234-5678".into()),
        };
        assert_eq!(contact.search_name(), "jose nunez");
        assert_eq!(contact.phone_digits(), "525512345678");
        assert_eq!(
            LeadTypeName::parse(" Órden ").unwrap().key(),
            LeadTypeName::parse("orden").unwrap().key()
        );
    }
}
