//! Lead metrics. Days are UTC; a window of `days` covers today and the `days − 1` days before
//! it; percentages are `x / total × 100` rounded to 2 decimals (0 when the total is 0).

use chrono::NaiveDate;
use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use enid_core::Enid;
use enid_core::leads::{DailyStatusCounts, LeadStatus, StatusShare};

use super::leads::{LeadOut, LeadStatusName};
use super::{StoreHeader, Tag};
use crate::context::{BearerAuth, request_store};
use crate::error::ApiResult;

pub struct LeadMetricsApi;

#[derive(Debug, Object)]
struct OverviewOut {
    total_leads: i64,
    /// Leads created today (UTC).
    new_leads_today: i64,
    /// Leads created in the last 7 days, today included.
    new_leads_week: i64,
    /// Leads created in the last 30 days, today included.
    new_leads_month: i64,
    /// Converted leads / all leads × 100, rounded to 2 decimals.
    conversion_rate: f64,
}

/// The leads in one status.
#[derive(Debug, Object)]
struct StatusCountOut {
    status: LeadStatusName,
    /// The status's Spanish label.
    status_display: String,
    count: i64,
    /// Share of all leads, rounded to 2 decimals.
    percentage: f64,
}

impl From<StatusShare> for StatusCountOut {
    fn from(share: StatusShare) -> Self {
        Self {
            status: share.status.into(),
            status_display: share.status.label().to_owned(),
            count: share.count,
            percentage: share.percentage,
        }
    }
}

/// The leads of one type.
#[derive(Debug, Object)]
struct TypeCountOut {
    lead_type_id: i64,
    /// The type's name.
    lead_type: String,
    count: i64,
    /// Share of all leads, rounded to 2 decimals.
    percentage: f64,
}

/// One day of the trend.
#[derive(Debug, Object)]
struct TrendOut {
    date: NaiveDate,
    /// Leads created that day.
    new_leads: i64,
    /// Leads whose `converted_at` falls on that day.
    converted_leads: i64,
}

/// Leads created on one day, by their current status.
#[derive(Debug, Object)]
struct DailyOut {
    date: NaiveDate,
    total: i64,
    pending: i64,
    contacted: i64,
    process: i64,
    converted: i64,
    discarded: i64,
}

impl From<DailyStatusCounts> for DailyOut {
    fn from(day: DailyStatusCounts) -> Self {
        let count = |status: LeadStatus| {
            day.by_status
                .iter()
                .find(|(s, _)| *s == status)
                .map_or(0, |(_, count)| *count)
        };
        Self {
            date: day.date,
            total: day.total,
            pending: count(LeadStatus::Pending),
            contacted: count(LeadStatus::Contacted),
            process: count(LeadStatus::Process),
            converted: count(LeadStatus::Converted),
            discarded: count(LeadStatus::Discarded),
        }
    }
}

#[derive(Debug, Object)]
struct FunnelOut {
    total_leads: i64,
    /// Converted leads / all leads × 100, rounded to 2 decimals.
    conversion_rate: f64,
    /// Every status in pipeline order.
    stages: Vec<StatusCountOut>,
}

#[derive(ApiResponse)]
enum OverviewResponse {
    /// Totals of the store's leads.
    #[oai(status = 200)]
    Ok(Json<OverviewOut>),
}

#[derive(ApiResponse)]
enum ByStatusResponse {
    /// Every status in pipeline order.
    #[oai(status = 200)]
    Ok(Json<Vec<StatusCountOut>>),
}

#[derive(ApiResponse)]
enum ByTypeResponse {
    /// Every lead type of the store, by id.
    #[oai(status = 200)]
    Ok(Json<Vec<TypeCountOut>>),
}

#[derive(ApiResponse)]
enum TrendsResponse {
    /// One row per day of the window, oldest first, today last.
    #[oai(status = 200)]
    Ok(Json<Vec<TrendOut>>),
}

#[derive(ApiResponse)]
enum DailyResponse {
    /// One row per day of the window, oldest first, today last.
    #[oai(status = 200)]
    Ok(Json<Vec<DailyOut>>),
}

#[derive(ApiResponse)]
enum RecentResponse {
    /// The newest leads first.
    #[oai(status = 200)]
    Ok(Json<Vec<LeadOut>>),
}

#[derive(ApiResponse)]
enum FunnelResponse {
    /// Counts and shares per status.
    #[oai(status = 200)]
    Ok(Json<FunnelOut>),
}

#[OpenApi(tag = "Tag::Leads")]
impl LeadMetricsApi {
    /// Lead overview
    ///
    /// All leads, those created today, in the last 7 and 30 days (today included), and the
    /// conversion rate (converted / all × 100). Staff.
    #[oai(
        path = "/lead-metrics/overview/",
        method = "get",
        operation_id = "lead_metrics_overview"
    )]
    async fn overview(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
    ) -> ApiResult<OverviewResponse> {
        let store = request_store(&enid, store.0).await?;
        let overview = enid.leads().overview(&auth.0, store.id).await?;
        Ok(OverviewResponse::Ok(Json(OverviewOut {
            total_leads: overview.total_leads,
            new_leads_today: overview.new_leads_today,
            new_leads_week: overview.new_leads_week,
            new_leads_month: overview.new_leads_month,
            conversion_rate: overview.conversion_rate,
        })))
    }

    /// Leads by status
    ///
    /// Every status with its number of leads and share of all leads. Staff.
    #[oai(
        path = "/lead-metrics/by-status/",
        method = "get",
        operation_id = "lead_metrics_by_status"
    )]
    async fn by_status(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
    ) -> ApiResult<ByStatusResponse> {
        let store = request_store(&enid, store.0).await?;
        let shares = enid.leads().by_status(&auth.0, store.id).await?;
        Ok(ByStatusResponse::Ok(Json(
            shares.into_iter().map(StatusCountOut::from).collect(),
        )))
    }

    /// Leads by type
    ///
    /// Every lead type of the store with its number of leads and share of all leads. Staff.
    #[oai(
        path = "/lead-metrics/by-type/",
        method = "get",
        operation_id = "lead_metrics_by_type"
    )]
    async fn by_type(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
    ) -> ApiResult<ByTypeResponse> {
        let store = request_store(&enid, store.0).await?;
        let shares = enid.leads().by_type(&auth.0, store.id).await?;
        Ok(ByTypeResponse::Ok(Json(
            shares
                .into_iter()
                .map(|share| TypeCountOut {
                    lead_type_id: share.lead_type.id,
                    lead_type: share.lead_type.name,
                    count: share.count,
                    percentage: share.percentage,
                })
                .collect(),
        )))
    }

    /// Lead trends
    ///
    /// Leads created and leads converted (by `converted_at`) per day over the last `days` days
    /// (1–365, default 30), today included. Staff.
    #[oai(
        path = "/lead-metrics/trends/",
        method = "get",
        operation_id = "lead_metrics_trends"
    )]
    async fn trends(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The window in days, today included (default 30).
        days: Query<Option<i64>>,
    ) -> ApiResult<TrendsResponse> {
        let store = request_store(&enid, store.0).await?;
        let trends = enid.leads().trends(&auth.0, store.id, days.0).await?;
        Ok(TrendsResponse::Ok(Json(
            trends
                .into_iter()
                .map(|day| TrendOut {
                    date: day.date,
                    new_leads: day.new_leads,
                    converted_leads: day.converted_leads,
                })
                .collect(),
        )))
    }

    /// Daily lead metrics
    ///
    /// Leads created per day over the last `days` days (1–365, default 7), today included,
    /// counted by their current status. Staff.
    #[oai(
        path = "/lead-metrics/daily-metrics/",
        method = "get",
        operation_id = "lead_metrics_daily"
    )]
    async fn daily(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// The window in days, today included (default 7).
        days: Query<Option<i64>>,
    ) -> ApiResult<DailyResponse> {
        let store = request_store(&enid, store.0).await?;
        let days = enid.leads().daily(&auth.0, store.id, days.0).await?;
        Ok(DailyResponse::Ok(Json(
            days.into_iter().map(DailyOut::from).collect(),
        )))
    }

    /// Recent lead activity
    ///
    /// The newest leads; `limit` 1–100 (default 10). Staff.
    #[oai(
        path = "/lead-metrics/recent-activity/",
        method = "get",
        operation_id = "lead_metrics_recent"
    )]
    async fn recent(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
        /// How many leads at most: 1 to 100 (default 10).
        limit: Query<Option<i64>>,
    ) -> ApiResult<RecentResponse> {
        let store = request_store(&enid, store.0).await?;
        let leads = enid.leads().recent(&auth.0, store.id, limit.0).await?;
        Ok(RecentResponse::Ok(Json(
            leads.into_iter().map(LeadOut::from).collect(),
        )))
    }

    /// Conversion funnel
    ///
    /// Every status in pipeline order with its number of leads and share of all leads, and the
    /// conversion rate. Staff.
    #[oai(
        path = "/lead-metrics/conversion-funnel/",
        method = "get",
        operation_id = "lead_metrics_funnel"
    )]
    async fn funnel(
        &self,
        enid: Data<&Enid>,
        auth: BearerAuth,
        #[oai(name = "X-Store-Id")] store: StoreHeader,
    ) -> ApiResult<FunnelResponse> {
        let store = request_store(&enid, store.0).await?;
        let funnel = enid.leads().funnel(&auth.0, store.id).await?;
        Ok(FunnelResponse::Ok(Json(FunnelOut {
            total_leads: funnel.total_leads,
            conversion_rate: funnel.conversion_rate,
            stages: funnel
                .stages
                .into_iter()
                .map(StatusCountOut::from)
                .collect(),
        })))
    }
}
