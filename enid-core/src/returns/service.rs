//! Return rules: validation of what clients send, the return window, the state machine and who
//! may do what.

use crate::assistant::forget_answers;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use uuid::Uuid;

use super::{
    CARD_ANSWER_MAX_CHARS, CARD_ASK_MAX_CHARS, CARD_CALL_TO_ACTION_MAX_CHARS, CARD_PATH_MAX_CHARS,
    CUSTOMER_NAME_MAX_CHARS, NOTE_MAX_CHARS, NewReturnCard, NewReturnRequest,
    ORDER_REFERENCE_MAX_CHARS, REASON_MAX_CHARS, RETURN_ITEMS_MAX, RETURN_QUANTITY_MAX,
    RETURN_WINDOW_MAX_DAYS, ReturnCard, ReturnCardChanges, ReturnCardId, ReturnFilter, ReturnItem,
    ReturnRequest, ReturnRequestDetail, ReturnSettings, ReturnStatus, ReturnTransition,
};
use crate::auth::{Email, Principal};
use crate::enid::Enid;
use crate::error::{Error, Result, Validator};
use crate::pagination::{Page, PageRequest};
use crate::stores::{Permission, StoreId};
use crate::text::{clean_line, clean_text};

/// Card positions run from 0 to this.
pub const CARD_POSITION_MAX: i64 = 1_000_000;

pub struct ReturnsService<'a> {
    enid: &'a Enid,
}

#[derive(Debug, Clone, Default)]
pub struct ReturnCardInput {
    pub ask: String,
    pub short_answer: String,
    pub path_seccion: Option<String>,
    pub call_to_action: Option<String>,
    /// After the last card when absent.
    pub position: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct ReturnCardChangesInput {
    pub ask: Option<String>,
    pub short_answer: Option<String>,
    /// `Some(None)` clears it.
    pub path_seccion: Option<Option<String>>,
    /// `Some(None)` clears it.
    pub call_to_action: Option<Option<String>>,
    pub position: Option<i64>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ReturnItemInput {
    pub product_id: i64,
    pub quantity: i64,
}

/// A return request as a customer sends it.
#[derive(Debug, Clone, Default)]
pub struct ReturnRequestInput {
    pub order_reference: String,
    pub customer_email: String,
    pub customer_name: String,
    /// A date (`2026-03-05`) or an RFC 3339 date-time.
    pub delivered_at: String,
    pub reason: String,
    pub items: Vec<ReturnItemInput>,
}

#[derive(Debug, Clone, Default)]
pub struct ReturnTransitionInput {
    pub status: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ReturnFilterInput {
    pub status: Option<String>,
    /// A date (from its start) or an RFC 3339 instant; inclusive.
    pub since: Option<String>,
}

fn card_not_found() -> Error {
    Error::not_found("return_card_not_found", "Return card not found.")
}

fn request_not_found() -> Error {
    Error::not_found("return_request_not_found", "Return request not found.")
}

/// An optional single line: blank means none.
fn optional_line(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(value) => clean_line(field, value, max).map(Some),
        None => Ok(None),
    }
}

/// A section of the site: a path starting with `/`; blank means none.
fn parse_path(value: Option<&str>) -> Result<Option<String>> {
    let path = optional_line("path_seccion", value, CARD_PATH_MAX_CHARS)?;
    if let Some(path) = &path
        && (!path.starts_with('/') || path.contains(char::is_whitespace))
    {
        return Err(Error::invalid(
            "path_seccion",
            "Enter a site path starting with '/' and without spaces.",
        ));
    }
    Ok(path)
}

fn parse_answer(value: &str) -> Result<String> {
    let answer = clean_text("short_answer", value, CARD_ANSWER_MAX_CHARS)?;
    if answer.is_empty() {
        return Err(Error::invalid(
            "short_answer",
            "This field may not be blank.",
        ));
    }
    Ok(answer)
}

fn parse_position(value: i64) -> Result<i64> {
    if (0..=CARD_POSITION_MAX).contains(&value) {
        Ok(value)
    } else {
        Err(Error::invalid(
            "position",
            format!("Must be between 0 and {CARD_POSITION_MAX}."),
        ))
    }
}

/// 1 to [`RETURN_ITEMS_MAX`] items, each a positive product id with a quantity of at least 1,
/// every product once. Errors name the item, e.g. `items[1].quantity`.
fn parse_items(items: &[ReturnItemInput]) -> Result<Vec<ReturnItem>> {
    if items.is_empty() {
        return Err(Error::invalid("items", "Add at least one item to return."));
    }
    if items.len() > RETURN_ITEMS_MAX {
        return Err(Error::invalid(
            "items",
            format!("Ensure this list has no more than {RETURN_ITEMS_MAX} items."),
        ));
    }
    let mut v = Validator::new();
    let mut parsed: Vec<ReturnItem> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        if item.product_id < 1 {
            v.add(
                &format!("items[{index}].product_id"),
                "Must be a positive integer.",
            );
        } else if parsed.iter().any(|p| p.product_id == item.product_id) {
            v.add(
                &format!("items[{index}].product_id"),
                "This product is listed already; give its total quantity once.",
            );
        }
        if !(1..=RETURN_QUANTITY_MAX).contains(&item.quantity) {
            v.add(
                &format!("items[{index}].quantity"),
                format!("Must be between 1 and {RETURN_QUANTITY_MAX}."),
            );
        }
        parsed.push(ReturnItem {
            product_id: item.product_id,
            quantity: item.quantity,
        });
    }
    v.finish()?;
    Ok(parsed)
}

/// A date means its first instant (UTC); anything else must be RFC 3339.
fn parse_instant(field: &str, value: &str) -> Result<DateTime<Utc>> {
    let value = value.trim();
    if let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return Ok(date.and_time(NaiveTime::MIN).and_utc());
    }
    DateTime::parse_from_rfc3339(value)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| Error::invalid(field, "Enter a date (YYYY-MM-DD) or an RFC 3339 date-time."))
}

/// Whole calendar days (UTC) from the day of `delivered_at` to the day of `now`.
pub fn days_since_delivery(delivered_at: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now.date_naive() - delivered_at.date_naive()).num_days()
}

impl<'a> ReturnsService<'a> {
    pub(crate) fn new(enid: &'a Enid) -> Self {
        Self { enid }
    }

    // ---- policy cards ----

    /// Public: the store's cards by position.
    pub async fn list_cards(&self, store: StoreId, page: PageRequest) -> Result<Page<ReturnCard>> {
        self.enid.storage().list_return_cards(store, page).await
    }

    pub async fn get_card(
        &self,
        principal: &Principal,
        store: StoreId,
        id: ReturnCardId,
    ) -> Result<ReturnCard> {
        principal.require(store, Permission::ReturnsRead)?;
        self.enid
            .storage()
            .return_card(store, id)
            .await?
            .ok_or_else(card_not_found)
    }

    pub async fn create_card(
        &self,
        principal: &Principal,
        store: StoreId,
        input: ReturnCardInput,
    ) -> Result<ReturnCard> {
        principal.require(store, Permission::ReturnsWrite)?;
        let mut v = Validator::new();
        let ask = v.field(clean_line("ask", &input.ask, CARD_ASK_MAX_CHARS));
        let short_answer = v.field(parse_answer(&input.short_answer));
        let path_seccion = v.field(parse_path(input.path_seccion.as_deref()));
        let call_to_action = v.field(optional_line(
            "call_to_action",
            input.call_to_action.as_deref(),
            CARD_CALL_TO_ACTION_MAX_CHARS,
        ));
        let position = input.position.map(|p| v.field(parse_position(p)));
        v.finish()?;
        let card = NewReturnCard {
            ask: ask.expect("validator passed"),
            short_answer: short_answer.expect("validator passed"),
            path_seccion: path_seccion.expect("validator passed"),
            call_to_action: call_to_action.expect("validator passed"),
            position: position.flatten(),
        };
        let card = self
            .enid
            .storage()
            .create_return_card(store, &card, self.enid.now())
            .await?;
        forget_answers(self.enid, store).await;
        Ok(card)
    }

    pub async fn update_card(
        &self,
        principal: &Principal,
        store: StoreId,
        id: ReturnCardId,
        input: ReturnCardChangesInput,
    ) -> Result<ReturnCard> {
        principal.require(store, Permission::ReturnsWrite)?;
        let mut v = Validator::new();
        let ask = input
            .ask
            .as_deref()
            .and_then(|ask| v.field(clean_line("ask", ask, CARD_ASK_MAX_CHARS)));
        let short_answer = input
            .short_answer
            .as_deref()
            .and_then(|answer| v.field(parse_answer(answer)));
        let path_seccion = input
            .path_seccion
            .as_ref()
            .map(|path| v.field(parse_path(path.as_deref())));
        let call_to_action = input.call_to_action.as_ref().map(|cta| {
            v.field(optional_line(
                "call_to_action",
                cta.as_deref(),
                CARD_CALL_TO_ACTION_MAX_CHARS,
            ))
        });
        let position = input.position.and_then(|p| v.field(parse_position(p)));
        v.finish()?;
        let changes = ReturnCardChanges {
            ask,
            short_answer,
            path_seccion: path_seccion.map(|p| p.expect("validator passed")),
            call_to_action: call_to_action.map(|c| c.expect("validator passed")),
            position,
        };
        let card = self
            .enid
            .storage()
            .update_return_card(store, id, &changes, self.enid.now())
            .await?
            .ok_or_else(card_not_found)?;
        forget_answers(self.enid, store).await;
        Ok(card)
    }

    pub async fn delete_card(
        &self,
        principal: &Principal,
        store: StoreId,
        id: ReturnCardId,
    ) -> Result<()> {
        principal.require(store, Permission::ReturnsWrite)?;
        if !self.enid.storage().delete_return_card(store, id).await? {
            return Err(card_not_found());
        }
        forget_answers(self.enid, store).await;
        Ok(())
    }

    // ---- settings ----

    pub async fn settings(&self, principal: &Principal, store: StoreId) -> Result<ReturnSettings> {
        principal.require(store, Permission::ReturnsRead)?;
        self.enid.storage().return_settings(store).await
    }

    /// Store admins only.
    pub async fn save_settings(
        &self,
        principal: &Principal,
        store: StoreId,
        window_days: i64,
    ) -> Result<ReturnSettings> {
        principal.require(store, Permission::StoreManage)?;
        if !(0..=RETURN_WINDOW_MAX_DAYS).contains(&window_days) {
            return Err(Error::invalid(
                "window_days",
                format!("Must be between 0 and {RETURN_WINDOW_MAX_DAYS}."),
            ));
        }
        self.enid
            .storage()
            .save_return_settings(store, &ReturnSettings { window_days }, self.enid.now())
            .await
    }

    // ---- requests ----

    /// Anonymous, rate limited per client IP. Refused with 409 `return_window_closed` when more
    /// calendar days than the store's window have passed since delivery.
    pub async fn create_request(
        &self,
        store: StoreId,
        input: ReturnRequestInput,
        client_ip: &str,
    ) -> Result<ReturnRequest> {
        self.enid
            .check_rate(
                &format!("public-write:{client_ip}"),
                self.enid.config().rate_public_write,
            )
            .await?;
        let now = self.enid.now();
        let mut v = Validator::new();
        let order_reference = v.field(clean_line(
            "order_reference",
            &input.order_reference,
            ORDER_REFERENCE_MAX_CHARS,
        ));
        let customer_email = v.field(Email::parse(&input.customer_email).map_err(|err| {
            let message = err
                .fields
                .into_values()
                .flatten()
                .next()
                .unwrap_or_else(|| "Enter a valid email address.".to_owned());
            Error::invalid("customer_email", message)
        }));
        let customer_name = v.field(clean_line(
            "customer_name",
            &input.customer_name,
            CUSTOMER_NAME_MAX_CHARS,
        ));
        let delivered_at = v
            .field(parse_instant("delivered_at", &input.delivered_at))
            .and_then(|at| {
                if at > now {
                    v.add("delivered_at", "The delivery date cannot be in the future.");
                    None
                } else {
                    Some(at)
                }
            });
        let reason = v.field(
            clean_text("reason", &input.reason, REASON_MAX_CHARS).and_then(|reason| {
                if reason.is_empty() {
                    Err(Error::invalid("reason", "This field may not be blank."))
                } else {
                    Ok(reason)
                }
            }),
        );
        let items = v.field(parse_items(&input.items));
        v.finish()?;
        let delivered_at = delivered_at.expect("validator passed");
        let settings = self.enid.storage().return_settings(store).await?;
        if days_since_delivery(delivered_at, now) > settings.window_days {
            return Err(Error::conflict(
                "return_window_closed",
                format!(
                    "Returns are accepted up to {} days after delivery; this order was delivered {} days ago.",
                    settings.window_days,
                    days_since_delivery(delivered_at, now)
                ),
            ));
        }
        let request = NewReturnRequest {
            id: Uuid::new_v4(),
            order_reference: order_reference.expect("validator passed"),
            customer_email: customer_email
                .expect("validator passed")
                .as_str()
                .to_owned(),
            customer_name: customer_name.expect("validator passed"),
            delivered_at,
            reason: reason.expect("validator passed"),
            items: items.expect("validator passed"),
            created_at: now,
        };
        self.enid
            .storage()
            .create_return_request(store, &request)
            .await
    }

    /// Anyone holding the request's uuid may read it, with its history.
    pub async fn get_request(&self, store: StoreId, id: Uuid) -> Result<ReturnRequestDetail> {
        self.enid
            .storage()
            .return_request(store, id)
            .await?
            .ok_or_else(request_not_found)
    }

    /// Staff see every request of the store; customers only those made with their account's
    /// email.
    pub async fn list_requests(
        &self,
        principal: &Principal,
        store: StoreId,
        input: ReturnFilterInput,
        page: PageRequest,
    ) -> Result<Page<ReturnRequest>> {
        let customer_email = if principal.can(store, Permission::ReturnsRead) {
            None
        } else {
            principal.require(store, Permission::ReturnsOwn)?;
            Some(principal.user.email.to_lowercase())
        };
        let mut v = Validator::new();
        let status = input
            .status
            .as_deref()
            .and_then(|s| v.field(ReturnStatus::parse("status", s)));
        let since = input
            .since
            .as_deref()
            .and_then(|s| v.field(parse_instant("since", s)));
        v.finish()?;
        let filter = ReturnFilter {
            status,
            since,
            customer_email,
        };
        self.enid
            .storage()
            .list_return_requests(store, &filter, page)
            .await
    }

    /// Moves a request along the state machine, recording who, when and the note. 409
    /// `invalid_return_transition` for a move the machine does not allow, 409
    /// `return_status_changed` when someone else moved it first.
    pub async fn transition(
        &self,
        principal: &Principal,
        store: StoreId,
        id: Uuid,
        input: ReturnTransitionInput,
    ) -> Result<ReturnRequestDetail> {
        principal.require(store, Permission::ReturnsWrite)?;
        let mut v = Validator::new();
        let to = v.field(ReturnStatus::parse("status", &input.status));
        let note = v.field(clean_text(
            "note",
            input.note.as_deref().unwrap_or_default(),
            NOTE_MAX_CHARS,
        ));
        v.finish()?;
        let (Some(to), Some(note)) = (to, note) else {
            unreachable!("validator passed")
        };
        let storage = self.enid.storage();
        let current = storage
            .return_request(store, id)
            .await?
            .ok_or_else(request_not_found)?;
        let from = current.request.status;
        if !from.can_move_to(to) {
            return Err(Error::conflict(
                "invalid_return_transition",
                format!("A return request cannot go from {from} to {to}."),
            ));
        }
        let transition = ReturnTransition {
            from,
            to,
            changed_by: Some(principal.user.id),
            note,
            at: self.enid.now(),
        };
        storage
            .transition_return_request(store, id, &transition)
            .await?
            .ok_or_else(request_not_found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn items() {
        let item = |product_id, quantity| ReturnItemInput {
            product_id,
            quantity,
        };
        assert_eq!(
            parse_items(&[item(3, 1), item(1, 2)]).unwrap(),
            [
                ReturnItem {
                    product_id: 3,
                    quantity: 1
                },
                ReturnItem {
                    product_id: 1,
                    quantity: 2
                }
            ]
        );
        assert!(parse_items(&[]).is_err());
        assert!(parse_items(&[item(0, 1)]).is_err());
        assert!(parse_items(&[item(1, 0)]).is_err());
        assert!(parse_items(&[item(1, 1), item(1, 2)]).is_err());
        let many: Vec<_> = (1..=51).map(|id| item(id, 1)).collect();
        assert!(parse_items(&many).is_err());
    }

    #[test]
    fn calendar_days() {
        let delivered = Utc.with_ymd_and_hms(2026, 3, 1, 23, 59, 0).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 3, 16, 0, 1, 0).unwrap();
        assert_eq!(days_since_delivery(delivered, now), 15);
        assert!(parse_path(Some("devoluciones")).is_err());
        assert_eq!(parse_path(Some("  ")).unwrap(), None);
    }
}
