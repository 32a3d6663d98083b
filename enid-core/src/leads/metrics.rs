//! The lead metrics: shapes, and the arithmetic on the exact counts storage aggregates (UTC days,
//! windows that end today, percentages rounded to 2 decimals).

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{LeadStatus, LeadType};
use crate::error::{Error, Result};

pub const MAX_METRIC_DAYS: i64 = 365;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LeadOverview {
    pub total_leads: i64,
    pub new_leads_today: i64,
    /// The last 7 days, today included.
    pub new_leads_week: i64,
    /// The last 30 days, today included.
    pub new_leads_month: i64,
    /// Converted leads / all leads × 100.
    pub conversion_rate: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatusShare {
    pub status: LeadStatus,
    pub count: i64,
    pub percentage: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeShare {
    pub lead_type: LeadType,
    pub count: i64,
    pub percentage: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeadTrend {
    pub date: NaiveDate,
    pub new_leads: i64,
    /// Leads whose `converted_at` falls on this day.
    pub converted_leads: i64,
}

/// Leads created on one day, by their current status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyStatusCounts {
    pub date: NaiveDate,
    pub total: i64,
    /// In pipeline order, every status present.
    pub by_status: Vec<(LeadStatus, i64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LeadFunnel {
    pub total_leads: i64,
    pub conversion_rate: f64,
    /// Every status, in pipeline order.
    pub stages: Vec<StatusShare>,
}

/// `part / total × 100` rounded to 2 decimals; 0 when the total is 0.
pub fn percentage(part: i64, total: i64) -> f64 {
    if total == 0 {
        0.0
    } else {
        (part as f64 * 10_000.0 / total as f64).round() / 100.0
    }
}

/// Checks a `days` parameter (1–365).
pub fn window_days(days: i64) -> Result<u32> {
    if (1..=MAX_METRIC_DAYS).contains(&days) {
        Ok(days as u32)
    } else {
        Err(Error::invalid(
            "days",
            format!("Must be between 1 and {MAX_METRIC_DAYS}."),
        ))
    }
}

/// The first day of a window of `days` days that ends with `today`.
pub fn window_start(today: NaiveDate, days: u32) -> NaiveDate {
    today - Days::new(u64::from(days) - 1)
}

/// The days of a window, oldest first.
pub fn window(today: NaiveDate, days: u32) -> impl Iterator<Item = NaiveDate> {
    let start = window_start(today, days);
    (0..u64::from(days)).map(move |offset| start + Days::new(offset))
}

/// Every status in pipeline order with its count (0 when absent) and share of `total`.
pub(super) fn status_shares(counts: &[(LeadStatus, i64)]) -> (i64, Vec<StatusShare>) {
    let total = counts.iter().map(|(_, count)| count).sum();
    let shares = LeadStatus::ALL
        .into_iter()
        .map(|status| {
            let count = counts
                .iter()
                .find(|(s, _)| *s == status)
                .map_or(0, |(_, count)| *count);
            StatusShare {
                status,
                count,
                percentage: percentage(count, total),
            }
        })
        .collect();
    (total, shares)
}

pub(super) fn type_shares(counts: Vec<(LeadType, i64)>) -> Vec<TypeShare> {
    let total = counts.iter().map(|(_, count)| count).sum();
    counts
        .into_iter()
        .map(|(lead_type, count)| TypeShare {
            lead_type,
            count,
            percentage: percentage(count, total),
        })
        .collect()
}

pub(super) fn trends(
    today: NaiveDate,
    days: u32,
    created: &[(NaiveDate, LeadStatus, i64)],
    converted: &[(NaiveDate, i64)],
) -> Vec<LeadTrend> {
    let mut new_by_day: HashMap<NaiveDate, i64> = HashMap::new();
    for (day, _, count) in created {
        *new_by_day.entry(*day).or_default() += count;
    }
    let converted_by_day: HashMap<NaiveDate, i64> = converted.iter().copied().collect();
    window(today, days)
        .map(|date| LeadTrend {
            date,
            new_leads: new_by_day.get(&date).copied().unwrap_or(0),
            converted_leads: converted_by_day.get(&date).copied().unwrap_or(0),
        })
        .collect()
}

pub(super) fn daily_status_counts(
    today: NaiveDate,
    days: u32,
    created: &[(NaiveDate, LeadStatus, i64)],
) -> Vec<DailyStatusCounts> {
    let by_day_status: HashMap<(NaiveDate, LeadStatus), i64> = created
        .iter()
        .map(|(day, status, count)| ((*day, *status), *count))
        .collect();
    window(today, days)
        .map(|date| {
            let by_status: Vec<(LeadStatus, i64)> = LeadStatus::ALL
                .into_iter()
                .map(|status| {
                    (
                        status,
                        by_day_status.get(&(date, status)).copied().unwrap_or(0),
                    )
                })
                .collect();
            DailyStatusCounts {
                date,
                total: by_status.iter().map(|(_, count)| count).sum(),
                by_status,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_to_two_decimals() {
        assert_eq!(percentage(1, 3), 33.33);
        assert_eq!(percentage(2, 3), 66.67);
        assert_eq!(percentage(0, 0), 0.0);
        assert_eq!(percentage(5, 5), 100.0);
        assert_eq!(percentage(1, 8), 12.5);
    }

    #[test]
    fn windows_end_today() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let days: Vec<NaiveDate> = window(today, 3).collect();
        assert_eq!(
            days,
            [
                NaiveDate::from_ymd_opt(2026, 3, 8).unwrap(),
                NaiveDate::from_ymd_opt(2026, 3, 9).unwrap(),
                today
            ]
        );
        assert!(window_days(0).is_err() && window_days(366).is_err() && window_days(-1).is_err());
        assert_eq!(window_days(365).unwrap(), 365);
    }
}
