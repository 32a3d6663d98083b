//! Returns: the store's return-policy cards, return requests with their status history, and the
//! store's return window.

mod service;
mod storage;

pub use service::{
    ReturnCardChangesInput, ReturnCardInput, ReturnFilterInput, ReturnItemInput,
    ReturnRequestInput, ReturnTransitionInput, ReturnsService,
};
pub use storage::ReturnStore;

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::UserId;
use crate::error::{Error, Result};

pub type ReturnCardId = i64;

pub const CARD_ASK_MAX_CHARS: usize = 200;
pub const CARD_ANSWER_MAX_CHARS: usize = 2_000;
pub const CARD_PATH_MAX_CHARS: usize = 200;
pub const CARD_CALL_TO_ACTION_MAX_CHARS: usize = 100;
pub const ORDER_REFERENCE_MAX_CHARS: usize = 64;
pub const CUSTOMER_NAME_MAX_CHARS: usize = 150;
pub const REASON_MAX_CHARS: usize = 2_000;
pub const NOTE_MAX_CHARS: usize = 1_000;
/// Distinct products one request may return.
pub const RETURN_ITEMS_MAX: usize = 50;
pub const RETURN_QUANTITY_MAX: i64 = 1_000;
/// Days after delivery a return may be requested, unless the store says otherwise.
pub const DEFAULT_RETURN_WINDOW_DAYS: i64 = 15;
pub const RETURN_WINDOW_MAX_DAYS: i64 = 365;

/// The policy cards every store starts with: (ask, short answer, section path, call to action).
pub const DEFAULT_RETURN_CARDS: [(&str, &str, &str, &str); 2] = [
    (
        "¿Cuánto tiempo tengo para devolver un producto?",
        "Tienes 15 días naturales a partir de la fecha en que recibiste tu pedido para solicitar \
         una devolución. El producto debe estar sin usar, completo y en su empaque original.",
        "/devoluciones",
        "Solicitar una devolución",
    ),
    (
        "¿Cuánto tarda en llegar mi pedido?",
        "En la Ciudad de México entregamos el mismo día. En el resto del país tu pedido llega en \
         uno a dos días hábiles.",
        "/envios",
        "Ver opciones de envío",
    ),
];

/// A return-policy card, shown in the order of `position`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnCard {
    pub id: ReturnCardId,
    pub ask: String,
    pub short_answer: String,
    /// The site section the card points to, e.g. `/devoluciones`.
    pub path_seccion: Option<String>,
    pub call_to_action: Option<String>,
    pub position: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A validated card to insert; `position` `None` puts it last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReturnCard {
    pub ask: String,
    pub short_answer: String,
    pub path_seccion: Option<String>,
    pub call_to_action: Option<String>,
    pub position: Option<i64>,
}

/// Validated changes to a card; `None` keeps a field, `Some(None)` clears a nullable one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReturnCardChanges {
    pub ask: Option<String>,
    pub short_answer: Option<String>,
    pub path_seccion: Option<Option<String>>,
    pub call_to_action: Option<Option<String>>,
    pub position: Option<i64>,
}

/// Where a return request is: requested → approved | rejected; approved → received → refunded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReturnStatus {
    Requested,
    Approved,
    Rejected,
    Received,
    Refunded,
}

impl ReturnStatus {
    pub const ALL: [ReturnStatus; 5] = [
        ReturnStatus::Requested,
        ReturnStatus::Approved,
        ReturnStatus::Rejected,
        ReturnStatus::Received,
        ReturnStatus::Refunded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReturnStatus::Requested => "requested",
            ReturnStatus::Approved => "approved",
            ReturnStatus::Rejected => "rejected",
            ReturnStatus::Received => "received",
            ReturnStatus::Refunded => "refunded",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == value)
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    "Must be one of requested, approved, rejected, received, refunded.",
                )
            })
    }

    /// Whether the state machine allows moving from `self` to `to`.
    pub fn can_move_to(self, to: ReturnStatus) -> bool {
        use ReturnStatus::*;
        matches!(
            (self, to),
            (Requested, Approved)
                | (Requested, Rejected)
                | (Approved, Received)
                | (Received, Refunded)
        )
    }
}

impl fmt::Display for ReturnStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One product of a return request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnItem {
    pub product_id: i64,
    pub quantity: i64,
}

/// A validated return request to insert, in status requested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReturnRequest {
    pub id: Uuid,
    pub order_reference: String,
    /// Trimmed and lowercased.
    pub customer_email: String,
    pub customer_name: String,
    pub delivered_at: DateTime<Utc>,
    pub reason: String,
    pub items: Vec<ReturnItem>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnRequest {
    /// The request's uuid: whoever holds it may read the request.
    pub id: Uuid,
    pub order_reference: String,
    pub customer_email: String,
    pub customer_name: String,
    pub delivered_at: DateTime<Utc>,
    pub reason: String,
    pub items: Vec<ReturnItem>,
    pub status: ReturnStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One status change of a return request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnStatusChange {
    pub id: i64,
    pub from_status: ReturnStatus,
    pub to_status: ReturnStatus,
    /// The user who made the change; `None` once that user is deleted.
    pub changed_by: Option<UserId>,
    pub changed_by_email: Option<String>,
    pub note: String,
    pub changed_at: DateTime<Utc>,
}

/// A request with its status changes, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnRequestDetail {
    pub request: ReturnRequest,
    pub history: Vec<ReturnStatusChange>,
}

/// A status change to apply only if the request is still in `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnTransition {
    pub from: ReturnStatus,
    pub to: ReturnStatus,
    pub changed_by: Option<UserId>,
    pub note: String,
    pub at: DateTime<Utc>,
}

/// Filters of the request list (newest first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReturnFilter {
    pub status: Option<ReturnStatus>,
    /// Created at or after.
    pub since: Option<DateTime<Utc>>,
    /// Only this customer's requests (lowercased email).
    pub customer_email: Option<String>,
}

/// A store's return rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnSettings {
    /// Calendar days (UTC) after delivery in which a return may be requested; the last day counts.
    pub window_days: i64,
}

impl Default for ReturnSettings {
    fn default() -> Self {
        Self {
            window_days: DEFAULT_RETURN_WINDOW_DAYS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_machine() {
        use ReturnStatus::*;
        let allowed: Vec<(ReturnStatus, ReturnStatus)> = ReturnStatus::ALL
            .into_iter()
            .flat_map(|from| ReturnStatus::ALL.into_iter().map(move |to| (from, to)))
            .filter(|(from, to)| from.can_move_to(*to))
            .collect();
        assert_eq!(
            allowed,
            [
                (Requested, Approved),
                (Requested, Rejected),
                (Approved, Received),
                (Received, Refunded)
            ]
        );
        for status in ReturnStatus::ALL {
            assert_eq!(
                ReturnStatus::parse("status", status.as_str()).unwrap(),
                status
            );
        }
        assert!(ReturnStatus::parse("status", "Approved").is_err());
    }
}
