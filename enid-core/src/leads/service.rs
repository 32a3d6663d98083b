//! Lead rules: validation of what clients send, who may do what, and the metrics windows.

use std::time::Duration;

use chrono::{DateTime, Days, NaiveDate, TimeDelta, Utc};

use super::metrics::{self, window_days, window_start};
use super::{
    DailyStatusCounts, IntakeOutcome, LEAD_NAME_MAX_CHARS, Lead, LeadChanges, LeadContact,
    LeadFilter, LeadFunnel, LeadId, LeadIntake, LeadOrdering, LeadOverview, LeadSearch, LeadStatus,
    LeadStatusChange, LeadTrend, LeadType, LeadTypeChanges, LeadTypeId, LeadTypeName, NewLead,
    OverviewDays, PHONE_MAX_CHARS, PRODUCTS_INTEREST_MAX, StatusShare, TypeShare, digits,
    lead_type_takes_leads,
};
use crate::auth::{Email, Principal};
use crate::cache::Revision;
use crate::enid::Enid;
use crate::error::{Error, Result, Validator};
use crate::pagination::{Page, PageRequest};
use crate::stores::{Permission, StoreId};
use crate::text::{clean_line, fold};

pub const SEARCH_MIN_CHARS: usize = 3;
pub const SEARCH_MAX_CHARS: usize = 254;
pub const SEARCH_DEFAULT_LIMIT: i64 = 30;
pub const SEARCH_MAX_LIMIT: i64 = 100;
pub const RECENT_DEFAULT_LIMIT: i64 = 10;
pub const RECENT_MAX_LIMIT: i64 = 100;

/// Changes with every write of a store's leads or lead types: the key of its cached searches and
/// overview.
const LEAD_REVISION: Revision = Revision::new("leads");
/// How long a search's results or the overview are reused while the store's leads do not change
/// (the bound on a stale answer for instances that share no cache).
const CACHE_TTL: Duration = Duration::from_secs(10);

pub struct LeadsService<'a> {
    pub(super) enid: &'a Enid,
}

#[derive(Debug, Clone, Default)]
pub struct LeadTypeInput {
    pub name: String,
    /// Active unless said otherwise.
    pub is_active: Option<bool>,
}

#[derive(Debug, Clone, Default)]
pub struct LeadTypeChangesInput {
    pub name: Option<String>,
    pub is_active: Option<bool>,
}

/// A lead as the intake or staff send it.
#[derive(Debug, Clone, Default)]
pub struct LeadInput {
    pub name: String,
    pub email: String,
    pub phone_number: Option<String>,
    pub lead_type: LeadTypeId,
    pub products_interest: Option<Vec<i64>>,
    /// Staff creation only; pending when absent.
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct LeadChangesInput {
    pub name: Option<String>,
    pub email: Option<String>,
    /// `Some(None)` clears the phone.
    pub phone_number: Option<Option<String>>,
    pub lead_type: Option<LeadTypeId>,
    pub status: Option<String>,
    pub products_interest: Option<Vec<i64>>,
}

#[derive(Debug, Clone, Default)]
pub struct LeadFilterInput {
    pub status: Option<String>,
    pub lead_type: Option<LeadTypeId>,
    /// A date (`2026-03-01`, from its start) or an RFC 3339 instant; inclusive.
    pub created_after: Option<String>,
    /// A date (through its end) or an RFC 3339 instant; inclusive.
    pub created_before: Option<String>,
    pub ordering: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct LeadSearchInput {
    pub q: Option<String>,
    /// A status, or `all` (the default).
    pub status: Option<String>,
    pub limit: Option<i64>,
}

fn lead_not_found() -> Error {
    Error::not_found("lead_not_found", "Lead not found.")
}

fn lead_type_not_found() -> Error {
    Error::not_found("lead_type_not_found", "Lead type not found.")
}

/// An optional phone: blank means none; otherwise digits with the usual separators, 7–15 digits.
fn parse_phone(value: Option<&str>) -> Result<Option<String>> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.');
    let count = digits(value).len();
    if value.chars().count() > PHONE_MAX_CHARS
        || !value.chars().all(allowed)
        || !(7..=15).contains(&count)
    {
        return Err(Error::invalid(
            "phone_number",
            "Enter a valid phone number (7 to 15 digits).",
        ));
    }
    Ok(Some(value.to_owned()))
}

/// Product ids: positive, at most [`PRODUCTS_INTEREST_MAX`], duplicates dropped (first kept).
fn parse_products(products: Vec<i64>) -> Result<Vec<i64>> {
    if products.len() > PRODUCTS_INTEREST_MAX {
        return Err(Error::invalid(
            "products_interest",
            format!("Ensure this list has no more than {PRODUCTS_INTEREST_MAX} items."),
        ));
    }
    if products.iter().any(|id| *id < 1) {
        return Err(Error::invalid(
            "products_interest",
            "Every item must be a positive integer.",
        ));
    }
    let mut unique = Vec::with_capacity(products.len());
    for id in products {
        if !unique.contains(&id) {
            unique.push(id);
        }
    }
    Ok(unique)
}

fn parse_contact(
    v: &mut Validator,
    name: &str,
    email: &str,
    phone: Option<&str>,
) -> Option<LeadContact> {
    let name = v.field(clean_line("name", name, LEAD_NAME_MAX_CHARS));
    let email = v.field(Email::parse(email));
    let phone = v.field(parse_phone(phone));
    Some(LeadContact {
        name: name?,
        email: email?,
        phone_number: phone?,
    })
}

/// A date means its first instant; anything else must be RFC 3339.
fn parse_instant(field: &str, value: &str) -> Result<(DateTime<Utc>, bool)> {
    let value = value.trim();
    if let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return Ok((date.and_time(chrono::NaiveTime::MIN).and_utc(), true));
    }
    DateTime::parse_from_rfc3339(value)
        .map(|at| (at.with_timezone(&Utc), false))
        .map_err(|_| Error::invalid(field, "Enter a date (YYYY-MM-DD) or an RFC 3339 date-time."))
}

fn parse_limit(value: Option<i64>, default: i64, max: i64) -> Result<u32> {
    let limit = value.unwrap_or(default);
    if (1..=max).contains(&limit) {
        Ok(limit as u32)
    } else {
        Err(Error::invalid(
            "limit",
            format!("Must be between 1 and {max}."),
        ))
    }
}

impl<'a> LeadsService<'a> {
    pub(crate) fn new(enid: &'a Enid) -> Self {
        Self { enid }
    }

    fn today(&self) -> NaiveDate {
        self.enid.now().date_naive()
    }

    // ---- lead types ----

    pub async fn list_types(
        &self,
        principal: &Principal,
        store: StoreId,
        page: PageRequest,
    ) -> Result<Page<LeadType>> {
        principal.require(store, Permission::LeadsRead)?;
        self.enid.storage().list_lead_types(store, page).await
    }

    pub async fn get_type(
        &self,
        principal: &Principal,
        store: StoreId,
        id: LeadTypeId,
    ) -> Result<LeadType> {
        principal.require(store, Permission::LeadsRead)?;
        self.enid
            .storage()
            .lead_type(store, id)
            .await?
            .ok_or_else(lead_type_not_found)
    }

    pub async fn create_type(
        &self,
        principal: &Principal,
        store: StoreId,
        input: LeadTypeInput,
    ) -> Result<LeadType> {
        principal.require(store, Permission::LeadsWrite)?;
        let name = LeadTypeName::parse(&input.name)?;
        let lead_type = self
            .enid
            .storage()
            .create_lead_type(
                store,
                &name,
                input.is_active.unwrap_or(true),
                self.enid.now(),
            )
            .await?;
        self.changed(store).await;
        Ok(lead_type)
    }

    pub async fn update_type(
        &self,
        principal: &Principal,
        store: StoreId,
        id: LeadTypeId,
        input: LeadTypeChangesInput,
    ) -> Result<LeadType> {
        principal.require(store, Permission::LeadsWrite)?;
        let changes = LeadTypeChanges {
            name: input.name.as_deref().map(LeadTypeName::parse).transpose()?,
            is_active: input.is_active,
        };
        let lead_type = self
            .enid
            .storage()
            .update_lead_type(store, id, &changes, self.enid.now())
            .await?
            .ok_or_else(lead_type_not_found)?;
        // Found leads carry their type's name.
        self.changed(store).await;
        Ok(lead_type)
    }

    /// A type with leads cannot be deleted (409 `lead_type_in_use`); deactivate it instead.
    pub async fn delete_type(
        &self,
        principal: &Principal,
        store: StoreId,
        id: LeadTypeId,
    ) -> Result<()> {
        principal.require(store, Permission::LeadsWrite)?;
        if self.enid.storage().delete_lead_type(store, id).await? {
            self.changed(store).await;
            Ok(())
        } else {
            Err(lead_type_not_found())
        }
    }

    /// 400 on `lead_type` unless the store has this type and it is active.
    async fn check_active_type(&self, store: StoreId, id: LeadTypeId) -> Result<()> {
        let lead_type = self.enid.storage().lead_type(store, id).await?;
        lead_type_takes_leads(lead_type.map(|lead_type| lead_type.is_active))
    }

    // ---- leads ----

    /// The public intake: anonymous, rate limited per client IP. A new (email, type) is created
    /// with `tryet` 1; a known one gets `tryet + 1` and its contact data refreshed.
    pub async fn intake(
        &self,
        store: StoreId,
        input: LeadInput,
        client_ip: &str,
    ) -> Result<IntakeOutcome> {
        self.enid
            .check_rate(
                &format!("public-write:{client_ip}"),
                self.enid.config().rate_public_write,
            )
            .await?;
        let mut v = Validator::new();
        let contact = parse_contact(
            &mut v,
            &input.name,
            &input.email,
            input.phone_number.as_deref(),
        );
        let products = input
            .products_interest
            .map(|products| v.field(parse_products(products)));
        if input.status.is_some() {
            v.add("status", "The intake does not set a status.");
        }
        v.finish()?;
        let contact = contact.expect("validator passed");
        // The storage checks the type in the upsert's own transaction.
        let intake = LeadIntake {
            lead_type_id: input.lead_type,
            contact,
            products_interest: products.map(|p| p.expect("validator passed")),
        };
        // The change is announced to the other instances by the upsert's own commit: a stream of
        // intakes then sends no announcement of its own.
        let announcement = LEAD_REVISION.announcement(self.enid, store);
        let outcome = self
            .enid
            .storage()
            .upsert_lead_intake(store, &intake, self.enid.now(), announcement.as_ref())
            .await?;
        LEAD_REVISION.renew(self.enid, store).await;
        Ok(outcome)
    }

    /// Staff creation; 409 `lead_exists` when the store has this (email, type) already.
    pub async fn create(
        &self,
        principal: &Principal,
        store: StoreId,
        input: LeadInput,
    ) -> Result<Lead> {
        principal.require(store, Permission::LeadsWrite)?;
        let mut v = Validator::new();
        let contact = parse_contact(
            &mut v,
            &input.name,
            &input.email,
            input.phone_number.as_deref(),
        );
        let products = v.field(parse_products(input.products_interest.unwrap_or_default()));
        let status = match input.status.as_deref() {
            Some(status) => v.field(LeadStatus::parse("status", status)),
            None => Some(LeadStatus::Pending),
        };
        v.finish()?;
        let (Some(contact), Some(products_interest), Some(status)) = (contact, products, status)
        else {
            unreachable!("validator passed")
        };
        self.check_active_type(store, input.lead_type).await?;
        let now = self.enid.now();
        let lead = NewLead {
            lead_type_id: input.lead_type,
            contact,
            products_interest,
            status,
            tryet: 1,
            created_at: now,
            updated_at: now,
            converted_at: (status == LeadStatus::Converted).then_some(now),
        };
        let lead = self.enid.storage().create_lead(store, &lead).await?;
        self.changed(store).await;
        Ok(lead)
    }

    pub async fn get(&self, principal: &Principal, store: StoreId, id: LeadId) -> Result<Lead> {
        principal.require(store, Permission::LeadsRead)?;
        // Staff open the leads of a list again and again while they work it; cached like the
        // searches, so any lead write moves every entry of the store out of reach.
        LEAD_REVISION
            .cached(
                self.enid.cache(),
                store,
                &format!("lead:{id}"),
                CACHE_TTL,
                async { self.enid.storage().lead(store, id).await },
            )
            .await?
            .ok_or_else(lead_not_found)
    }

    pub async fn list(
        &self,
        principal: &Principal,
        store: StoreId,
        input: LeadFilterInput,
        page: PageRequest,
    ) -> Result<Page<Lead>> {
        principal.require(store, Permission::LeadsRead)?;
        let mut v = Validator::new();
        let status = input
            .status
            .as_deref()
            .and_then(|s| v.field(LeadStatus::parse("status", s)));
        let created_after = input
            .created_after
            .as_deref()
            .and_then(|value| v.field(parse_instant("created_after", value)))
            .map(|(at, _)| at);
        // The bound is inclusive: through the end of a date, or up to and including an instant.
        let created_before = input
            .created_before
            .as_deref()
            .and_then(|value| v.field(parse_instant("created_before", value)))
            .map(|(at, is_date)| {
                if is_date {
                    at + Days::new(1)
                } else {
                    at + TimeDelta::microseconds(1)
                }
            });
        let ordering = input
            .ordering
            .as_deref()
            .map(|o| v.field(LeadOrdering::parse(o)));
        v.finish()?;
        let filter = LeadFilter {
            status,
            lead_type_id: input.lead_type,
            created_after,
            created_before,
            ordering: ordering.flatten().unwrap_or_default(),
        };
        self.enid.storage().list_leads(store, &filter, page).await
    }

    /// Changes a lead. A status change is recorded in the history (who, when); becoming
    /// converted sets `converted_at`.
    pub async fn update(
        &self,
        principal: &Principal,
        store: StoreId,
        id: LeadId,
        input: LeadChangesInput,
    ) -> Result<Lead> {
        principal.require(store, Permission::LeadsWrite)?;
        let mut v = Validator::new();
        let name = input
            .name
            .as_deref()
            .and_then(|name| v.field(clean_line("name", name, LEAD_NAME_MAX_CHARS)));
        let email = input
            .email
            .as_deref()
            .and_then(|email| v.field(Email::parse(email)));
        let phone_number = input
            .phone_number
            .as_ref()
            .map(|phone| v.field(parse_phone(phone.as_deref())));
        let status = input
            .status
            .as_deref()
            .and_then(|status| v.field(LeadStatus::parse("status", status)));
        let products_interest = input
            .products_interest
            .map(|products| v.field(parse_products(products)));
        v.finish()?;
        if let Some(lead_type) = input.lead_type {
            self.check_active_type(store, lead_type).await?;
        }
        let changes = LeadChanges {
            name,
            email,
            phone_number: phone_number.map(|p| p.expect("validator passed")),
            lead_type_id: input.lead_type,
            status,
            products_interest: products_interest.map(|p| p.expect("validator passed")),
        };
        let lead = self
            .enid
            .storage()
            .update_lead(
                store,
                id,
                &changes,
                Some(principal.user.id),
                self.enid.now(),
            )
            .await?
            .ok_or_else(lead_not_found)?;
        self.changed(store).await;
        Ok(lead)
    }

    pub async fn delete(&self, principal: &Principal, store: StoreId, id: LeadId) -> Result<()> {
        principal.require(store, Permission::LeadsWrite)?;
        if self.enid.storage().delete_lead(store, id).await? {
            self.changed(store).await;
            Ok(())
        } else {
            Err(lead_not_found())
        }
    }

    pub async fn history(
        &self,
        principal: &Principal,
        store: StoreId,
        id: LeadId,
        page: PageRequest,
    ) -> Result<Page<LeadStatusChange>> {
        principal.require(store, Permission::LeadsRead)?;
        self.enid
            .storage()
            .lead_history(store, id, page)
            .await?
            .ok_or_else(lead_not_found)
    }

    /// Case- and accent-insensitive search on name and email, and on the phone's digits when the
    /// query looks like a phone. Exact email matches first, then newest.
    pub async fn search(
        &self,
        principal: &Principal,
        store: StoreId,
        input: LeadSearchInput,
    ) -> Result<Vec<Lead>> {
        principal.require(store, Permission::LeadsRead)?;
        let mut v = Validator::new();
        let q = input.q.as_deref().unwrap_or_default().trim();
        let chars = q.chars().count();
        if q.is_empty() {
            v.add("q", "This field may not be blank.");
        } else if chars < SEARCH_MIN_CHARS {
            v.add(
                "q",
                format!("Ensure this field has at least {SEARCH_MIN_CHARS} characters."),
            );
        } else if chars > SEARCH_MAX_CHARS {
            v.add(
                "q",
                format!("Ensure this field has no more than {SEARCH_MAX_CHARS} characters."),
            );
        } else if q.chars().any(char::is_control) {
            v.add("q", "Control characters are not allowed.");
        }
        let status = match input.status.as_deref() {
            None | Some("all") => None,
            Some(status) => v.field(LeadStatus::parse("status", status)),
        };
        let limit = v.field(parse_limit(
            input.limit,
            SEARCH_DEFAULT_LIMIT,
            SEARCH_MAX_LIMIT,
        ));
        v.finish()?;
        let phone_like = q
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.'));
        let phone_digits = Some(digits(q)).filter(|d| phone_like && d.len() >= SEARCH_MIN_CHARS);
        let search = LeadSearch {
            name_text: fold(q),
            email_text: q.to_lowercase(),
            phone_digits,
            status,
            limit: limit.expect("validator passed"),
        };
        // Staff repeat their searches while they work a list; the query comes last in the name,
        // so whatever it holds cannot run into the other parts.
        let name = format!(
            "search:{}:{}:{q}",
            status.map_or("all", LeadStatus::as_str),
            search.limit
        );
        LEAD_REVISION
            .cached(self.enid.cache(), store, &name, CACHE_TTL, async {
                self.enid.storage().search_leads(store, &search).await
            })
            .await
    }

    /// Trusted bulk insert (imports, seeding); no permission check. Leads whose (email, type) the
    /// store has already are skipped; returns how many were inserted.
    pub async fn import(&self, store: StoreId, leads: &[NewLead]) -> Result<u64> {
        if self.enid.storage().store(store).await?.is_none() {
            return Err(Error::not_found("store_not_found", "Store not found."));
        }
        for (index, lead) in leads.iter().enumerate() {
            let converted_ok = match (lead.status, lead.converted_at) {
                (LeadStatus::Converted, Some(at)) => at >= lead.created_at,
                (LeadStatus::Converted, None) => false,
                (_, converted_at) => converted_at.is_none(),
            };
            if lead.tryet < 1
                || lead.updated_at < lead.created_at
                || !converted_ok
                || lead.products_interest.iter().any(|id| *id < 1)
            {
                return Err(Error::invalid(
                    "leads",
                    format!(
                        "Lead {index} is inconsistent: tryet ≥ 1, updated_at ≥ created_at, and converted_at (not before created_at) exactly for converted leads."
                    ),
                ));
            }
        }
        let inserted = self.enid.storage().insert_leads(store, leads).await?;
        self.changed(store).await;
        Ok(inserted)
    }

    /// Marks the store's leads as changed: no search or overview cached before is served again.
    async fn changed(&self, store: StoreId) {
        LEAD_REVISION.bump(self.enid, store).await;
    }

    // ---- metrics ----

    pub async fn overview(&self, principal: &Principal, store: StoreId) -> Result<LeadOverview> {
        principal.require(store, Permission::LeadsRead)?;
        let today = self.today();
        // Dashboards poll it; cached per day, as its windows end today.
        let name = format!("overview:{today}");
        LEAD_REVISION
            .cached(self.enid.cache(), store, &name, CACHE_TTL, async {
                let counts = self
                    .enid
                    .storage()
                    .lead_counts(
                        store,
                        OverviewDays {
                            today,
                            week_start: window_start(today, 7),
                            month_start: window_start(today, 30),
                        },
                    )
                    .await?;
                Ok(LeadOverview {
                    total_leads: counts.total,
                    new_leads_today: counts.created_today,
                    new_leads_week: counts.created_week,
                    new_leads_month: counts.created_month,
                    conversion_rate: metrics::percentage(counts.converted, counts.total),
                })
            })
            .await
    }

    /// Every status in pipeline order, with its count and share.
    pub async fn by_status(
        &self,
        principal: &Principal,
        store: StoreId,
    ) -> Result<Vec<StatusShare>> {
        principal.require(store, Permission::LeadsRead)?;
        let counts = self.enid.storage().lead_counts_by_status(store).await?;
        Ok(metrics::status_shares(&counts).1)
    }

    /// Every lead type of the store, with its count and share.
    pub async fn by_type(&self, principal: &Principal, store: StoreId) -> Result<Vec<TypeShare>> {
        principal.require(store, Permission::LeadsRead)?;
        let counts = self.enid.storage().lead_counts_by_type(store).await?;
        Ok(metrics::type_shares(counts))
    }

    /// One row per day of the window (default 30), oldest first, today last.
    pub async fn trends(
        &self,
        principal: &Principal,
        store: StoreId,
        days: Option<i64>,
    ) -> Result<Vec<LeadTrend>> {
        principal.require(store, Permission::LeadsRead)?;
        let days = window_days(days.unwrap_or(30))?;
        let today = self.today();
        let since = window_start(today, days);
        let storage = self.enid.storage();
        let created = storage.lead_daily_counts(store, since).await?;
        let converted = storage.lead_daily_conversions(store, since).await?;
        Ok(metrics::trends(today, days, &created, &converted))
    }

    /// Leads created per day of the window (default 7), by current status.
    pub async fn daily(
        &self,
        principal: &Principal,
        store: StoreId,
        days: Option<i64>,
    ) -> Result<Vec<DailyStatusCounts>> {
        principal.require(store, Permission::LeadsRead)?;
        let days = window_days(days.unwrap_or(7))?;
        let today = self.today();
        let created = self
            .enid
            .storage()
            .lead_daily_counts(store, window_start(today, days))
            .await?;
        Ok(metrics::daily_status_counts(today, days, &created))
    }

    /// The newest leads (default 10, at most 100).
    pub async fn recent(
        &self,
        principal: &Principal,
        store: StoreId,
        limit: Option<i64>,
    ) -> Result<Vec<Lead>> {
        principal.require(store, Permission::LeadsRead)?;
        let limit = parse_limit(limit, RECENT_DEFAULT_LIMIT, RECENT_MAX_LIMIT)?;
        self.enid.storage().recent_leads(store, limit).await
    }

    /// Every status in pipeline order with its count and share of all leads.
    pub async fn funnel(&self, principal: &Principal, store: StoreId) -> Result<LeadFunnel> {
        principal.require(store, Permission::LeadsRead)?;
        let counts = self.enid.storage().lead_counts_by_status(store).await?;
        let (total, shares) = metrics::status_shares(&counts);
        let converted = shares
            .iter()
            .find(|share| share.status == LeadStatus::Converted)
            .map_or(0, |share| share.count);
        Ok(LeadFunnel {
            total_leads: total,
            conversion_rate: metrics::percentage(converted, total),
            stages: shares,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(
            parse_phone(Some(" 55 1234 5678 ")).unwrap().as_deref(),
            Some("55 1234 5678")
        );
        assert_eq!(parse_phone(Some("   ")).unwrap(), None);
        assert_eq!(parse_phone(None).unwrap(), None);
        for bad in [
            "123",
            "55-1234-abcd",
            "1234567890123456",
            "+52 55 1234 5678 ext 9",
        ] {
            assert!(parse_phone(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn products() {
        assert_eq!(parse_products(vec![3, 1, 3, 2]).unwrap(), [3, 1, 2]);
        assert!(parse_products(vec![1, 0]).is_err());
        assert!(parse_products(vec![-4]).is_err());
        assert!(parse_products((1..=101).collect()).is_err());
    }

    #[test]
    fn instants() {
        let (at, is_date) = parse_instant("x", "2026-03-05").unwrap();
        assert!(is_date);
        assert_eq!(at.to_rfc3339(), "2026-03-05T00:00:00+00:00");
        let (at, is_date) = parse_instant("x", "2026-03-05T10:00:00-06:00").unwrap();
        assert!(!is_date);
        assert_eq!(at.to_rfc3339(), "2026-03-05T16:00:00+00:00");
        assert!(parse_instant("x", "05/03/2026").is_err());
    }
}
