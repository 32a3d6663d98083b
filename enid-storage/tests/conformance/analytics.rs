//! Page analytics storage: event-id upserts (also concurrent), all-or-nothing batches, every
//! metric number over hand-placed page accesses — from the rollups the writes keep, after
//! recomputing some and all days from the page accesses, and after a late write to an old day —
//! rollups kept by concurrent writers equal to the page accesses, the page performance rollup
//! and its idempotence, sections, journeys and tenancy.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde_json::json;

use enid_core::analytics::{
    BackdatedPageAccess, JourneyFilter, JourneyUpdate, Metadata, NewJourney, NewPageAccess,
    NewSection, PageAccessFilter, SectionFilter, SectionInput, SectionUpdate, SummaryCounts,
    Window, mean, percentage,
};
use enid_core::pagination::PageRequest;
use enid_core::storage::Storage;
use enid_core::stores::StoreId;

use crate::support::{backends, default_store};

fn t(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, minute, 0).unwrap()
}

fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, day).unwrap()
}

/// The 7 days ending 2026-03-10.
fn week() -> Window {
    Window {
        first_day: date(4),
        today: date(10),
    }
}

fn text(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

#[allow(clippy::too_many_arguments)]
fn access(
    session: &str,
    url: &str,
    section: &str,
    device: &str,
    browser: &str,
    time_on_page: i32,
    scroll: i32,
    interactions: i32,
    event: &str,
    load_ms: Option<f64>,
) -> NewPageAccess {
    let mut metadata = serde_json::Map::new();
    if !event.is_empty() {
        metadata.insert("event_type".into(), event.into());
    }
    if let Some(ms) = load_ms {
        metadata.insert("load_time_ms".into(), json!(ms));
    }
    NewPageAccess {
        page_url: url.into(),
        event_id: None,
        page_title: Some(format!("Título de {url}")),
        section: text(section),
        user_id: None,
        session_id: text(session),
        user_agent: None,
        device_type: text(device),
        browser: text(browser),
        os: None,
        referrer: None,
        utm_source: None,
        utm_medium: None,
        utm_campaign: None,
        time_on_page: Some(time_on_page),
        scroll_depth: Some(scroll),
        interactions: Some(interactions),
        metadata: Some(Metadata::parse(serde_json::Value::Object(metadata)).unwrap()),
    }
}

/// The hand-placed accesses (numbered as in the comments of the expected values).
fn accesses() -> Vec<BackdatedPageAccess> {
    let rows = [
        // 1, 2: before the week; sX spans midnight into it.
        (
            t(3, 10, 0),
            access(
                "s0",
                "/a",
                "hero",
                "desktop",
                "Chrome",
                5,
                10,
                0,
                "",
                Some(500.0),
            ),
        ),
        (
            t(3, 23, 59),
            access(
                "sX",
                "/a",
                "hero",
                "mobile",
                "Chrome",
                20,
                20,
                1,
                "",
                Some(900.0),
            ),
        ),
        // 3-6: 03-04.
        (
            t(4, 0, 1),
            access(
                "sX",
                "/b",
                "",
                "mobile",
                "Chrome",
                10,
                50,
                1,
                "",
                Some(1000.0),
            ),
        ),
        (
            t(4, 9, 0),
            access(
                "s1",
                "/a",
                "hero",
                "desktop",
                "Firefox",
                30,
                80,
                2,
                "",
                Some(1200.0),
            ),
        ),
        (
            t(4, 9, 5),
            access(
                "s1",
                "/b",
                "catalogo",
                "desktop",
                "Firefox",
                60,
                100,
                4,
                "",
                Some(800.0),
            ),
        ),
        (
            t(4, 9, 10),
            access(
                "s1", "/c", "catalogo", "desktop", "Firefox", 0, 0, 0, "", None,
            ),
        ),
        // 7, 8: 03-05; s3 spans midnight into 03-06.
        (
            t(5, 12, 0),
            access(
                "s2",
                "/a",
                "hero",
                "tablet",
                "Safari",
                15,
                30,
                1,
                "",
                Some(2000.0),
            ),
        ),
        (
            t(5, 23, 58),
            access(
                "s3",
                "/b",
                "",
                "mobile",
                "Chrome",
                40,
                60,
                3,
                "",
                Some(1500.0),
            ),
        ),
        // 9, 10: 03-06; 10 is anonymous (no session, device or browser).
        (
            t(6, 0, 2),
            access(
                "s3",
                "/c",
                "checkout",
                "mobile",
                "Chrome",
                25,
                90,
                2,
                "",
                Some(3000.0),
            ),
        ),
        (
            t(6, 8, 0),
            access("", "/a", "hero", "", "", 5, 5, 0, "", None),
        ),
        // 03-07: nothing. 11, 12: 03-08.
        (
            t(8, 14, 0),
            access(
                "s4",
                "/a",
                "detalle",
                "desktop",
                "Edge",
                50,
                70,
                5,
                "product_view",
                Some(700.0),
            ),
        ),
        (
            t(8, 14, 1),
            access(
                "s4",
                "/a",
                "detalle",
                "desktop",
                "Edge",
                10,
                70,
                1,
                "add_to_cart",
                None,
            ),
        ),
        // 13-15: 03-09; s1 returns.
        (
            t(9, 18, 0),
            access(
                "s5",
                "/c",
                "checkout",
                "mobile",
                "Safari",
                120,
                100,
                6,
                "begin_checkout",
                Some(2500.0),
            ),
        ),
        (
            t(9, 18, 5),
            access(
                "s5", "/c", "checkout", "mobile", "Safari", 30, 40, 2, "purchase", None,
            ),
        ),
        (
            t(9, 20, 0),
            access(
                "s1",
                "/a",
                "hero",
                "desktop",
                "Firefox",
                45,
                60,
                3,
                "",
                Some(1100.0),
            ),
        ),
        // 16-18: today, 03-10.
        (
            t(10, 1, 0),
            access(
                "s5",
                "/a",
                "hero",
                "mobile",
                "Safari",
                8,
                20,
                0,
                "",
                Some(1300.0),
            ),
        ),
        (
            t(10, 10, 0),
            access(
                "s6",
                "/b",
                "catalogo",
                "desktop",
                "Chrome",
                12,
                35,
                1,
                "",
                Some(600.5),
            ),
        ),
        (
            t(10, 11, 0),
            access(
                "s1",
                "/b",
                "catalogo",
                "desktop",
                "Firefox",
                22,
                45,
                2,
                "",
                Some(950.0),
            ),
        ),
    ];
    rows.into_iter()
        .enumerate()
        .map(|(i, (at, mut access))| {
            // Access 6 carries an event id, so a late repeat can move it.
            if i == 5 {
                access.event_id = Some("ev-6".into());
            }
            BackdatedPageAccess { access, at }
        })
        .collect()
}

fn counts(values: &[enid_core::analytics::ValueCount]) -> Vec<(&str, i64)> {
    values.iter().map(|v| (v.value.as_str(), v.count)).collect()
}

fn check_week_summary(s: &SummaryCounts, time_sum: i64, backend: &str) {
    assert_eq!(s.traffic.views, 16, "{backend}");
    assert_eq!(s.traffic.time_on_page_sum, time_sum, "{backend}");
    assert_eq!(s.traffic.sessions, 7, "{backend}: sX s1 s2 s3 s4 s5 s6");
    assert_eq!(s.traffic.single_view_sessions, 3, "{backend}: sX s2 s6");
    assert_eq!(
        counts(&s.top_pages),
        [("/a", 7), ("/b", 5), ("/c", 4)],
        "{backend}"
    );
    assert_eq!(
        counts(&s.top_sections),
        [
            ("hero", 5),
            ("catalogo", 4),
            ("checkout", 3),
            ("detalle", 2)
        ],
        "{backend}"
    );
    assert_eq!(
        counts(&s.devices),
        [("desktop", 8), ("mobile", 6), ("", 1), ("tablet", 1)],
        "{backend}"
    );
    assert_eq!(
        counts(&s.browsers),
        [
            ("Firefox", 5),
            ("Chrome", 4),
            ("Safari", 4),
            ("Edge", 2),
            ("", 1)
        ],
        "{backend}"
    );
    let e = s.ecommerce;
    assert_eq!(
        (
            e.product_views,
            e.add_to_cart,
            e.begin_checkout,
            e.purchases
        ),
        (1, 1, 1, 1),
        "{backend}"
    );
}

/// The list's count of the store's accesses, all or since each instant (midnights and times
/// within a day, rolled up or not), against the placed accesses.
async fn check_list_counts(storage: &dyn Storage, store: StoreId, label: &str) {
    let placed: Vec<DateTime<Utc>> = accesses().iter().map(|a| a.at).collect();
    for since in [
        None,
        Some(t(1, 0, 0)),
        Some(t(4, 0, 0)),
        Some(t(4, 9, 5)),
        Some(t(6, 12, 0)),
        Some(t(9, 23, 59)),
        Some(t(10, 0, 0)),
        Some(t(11, 0, 0)),
    ] {
        let expected = placed
            .iter()
            .filter(|at| since.is_none_or(|since| **at >= since))
            .count() as i64;
        let page = storage
            .list_page_accesses(
                store,
                &PageAccessFilter {
                    since,
                    ..Default::default()
                },
                PageRequest::new(None, Some(5)).unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(page.count, expected, "{label}: since {since:?}");
        assert_eq!(page.items.len() as i64, expected.min(5), "{label}");
    }
}

async fn check_week(storage: &dyn Storage, store: StoreId, backend: &str, state: &str) {
    let label = format!("{backend} ({state})");
    check_list_counts(storage, store, &label).await;
    let summary = storage.page_access_summary(store, week()).await.unwrap();
    check_week_summary(&summary, 482, &label);
    assert_eq!(mean(482, 16), 30.13);
    assert_eq!(percentage(3, 7), 42.86);

    // Trends: (views, time, sessions, single-view sessions) of each day.
    let trends = storage.page_access_trends(store, week()).await.unwrap();
    let days: Vec<(NaiveDate, i64, i64, i64, i64)> = trends
        .iter()
        .map(|d| {
            let t = d.traffic;
            (
                d.date,
                t.views,
                t.time_on_page_sum,
                t.sessions,
                t.single_view_sessions,
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            (date(4), 4, 100, 2, 1),
            (date(5), 2, 55, 2, 2),
            (date(6), 2, 30, 1, 1),
            (date(7), 0, 0, 0, 0),
            (date(8), 2, 60, 1, 0),
            (date(9), 3, 195, 2, 1),
            (date(10), 3, 42, 3, 3),
        ],
        "{label}"
    );

    let sections = storage
        .section_traffic(store, week(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(sections.count, 4, "{label}");
    let rows: Vec<(&str, i64, i64, i64, i64)> = sections
        .items
        .iter()
        .map(|s| {
            (
                s.section.as_str(),
                s.views,
                s.time_on_page_sum,
                s.scroll_depth_sum,
                s.interactions_sum,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("hero", 5, 103, 195, 6),
            ("catalogo", 4, 94, 180, 7),
            ("checkout", 3, 175, 230, 10),
            ("detalle", 2, 60, 140, 6),
        ],
        "{label}"
    );
    let second = storage
        .section_traffic(store, week(), PageRequest::new(Some(2), Some(3)).unwrap())
        .await
        .unwrap();
    assert_eq!((second.count, second.items.len()), (4, 1), "{label}");
    assert_eq!(second.items[0].section, "detalle", "{label}");

    let urls = storage
        .url_performance(store, week(), PageRequest::default())
        .await
        .unwrap();
    assert_eq!(urls.count, 3, "{label}");
    let rows: Vec<_> = urls
        .items
        .iter()
        .map(|u| {
            (
                u.page_url.as_str(),
                u.views,
                u.sessions,
                u.time_on_page_sum,
                u.load_time_count,
                u.load_time_sum_us,
                u.load_time_p75_us,
                u.load_time_p95_us,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // Loads 700 1100 1200 1300 2000: p75 is the 4th, p95 the 5th.
            (
                "/a",
                7,
                4,
                163,
                5,
                6_300_000,
                Some(1_300_000),
                Some(2_000_000)
            ),
            // Loads 600.5 800 950 1000 1500.
            (
                "/b",
                5,
                4,
                144,
                5,
                4_850_500,
                Some(1_000_000),
                Some(1_500_000)
            ),
            // Loads 2500 3000: both percentiles are the 2nd.
            (
                "/c",
                4,
                3,
                175,
                2,
                5_500_000,
                Some(3_000_000),
                Some(3_000_000)
            ),
        ],
        "{label}"
    );
    let last = storage
        .url_performance(store, week(), PageRequest::new(Some(2), Some(2)).unwrap())
        .await
        .unwrap();
    assert_eq!(last.items.len(), 1, "{label}");
    assert_eq!(last.items[0].page_url, "/c", "{label}");
}

async fn roll_up(storage: &dyn Storage, store: StoreId, days: &[u32]) {
    for &day in days {
        storage
            .roll_up_page_access_day(store, date(day))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn every_metric_is_exact_as_written_and_recomputed() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = s
            .create_store("Otra tienda", "otra-tienda", None, t(1, 0, 0))
            .await
            .unwrap()
            .id;
        assert_eq!(s.import_page_accesses(store, accesses()).await.unwrap(), 18);
        // Another store's traffic never counts.
        s.import_page_accesses(
            other,
            vec![BackdatedPageAccess {
                access: access(
                    "s1",
                    "/a",
                    "hero",
                    "desktop",
                    "Firefox",
                    99,
                    9,
                    9,
                    "purchase",
                    Some(9.0),
                ),
                at: t(9, 9, 0),
            }],
        )
        .await
        .unwrap();

        check_week(s, store, b.name, "as written").await;
        roll_up(s, store, &[4, 6, 9, 10]).await;
        check_week(s, store, b.name, "some days recomputed").await;
        roll_up(s, store, &[1, 2, 3, 5, 7, 8]).await;
        check_week(s, store, b.name, "every day recomputed").await;
        // Recomputing again changes nothing.
        roll_up(s, store, &[4, 9]).await;
        check_week(s, store, b.name, "recomputed twice").await;

        // A 30-day window also has the two accesses of 03-03; s0 bounced, sX did not.
        let month = Window {
            first_day: date(3) - chrono::Days::new(26),
            today: date(10),
        };
        let summary = s.page_access_summary(store, month).await.unwrap();
        assert_eq!(summary.traffic.views, 18, "{}", b.name);
        assert_eq!(summary.traffic.sessions, 8, "{}", b.name);
        assert_eq!(
            summary.traffic.single_view_sessions, 3,
            "{}: s0 s2 s6",
            b.name
        );
        let today = Window {
            first_day: date(10),
            today: date(10),
        };
        let summary = s.page_access_summary(store, today).await.unwrap();
        assert_eq!(
            (
                summary.traffic.views,
                summary.traffic.sessions,
                summary.traffic.single_view_sessions
            ),
            (3, 3, 3),
            "{}",
            b.name
        );

        // A late repeat of access 6 (03-04) moves it to another page and section of its day.
        let before = s.page_access_revision(store).await.unwrap();
        let mut late = access(
            "s1", "/c", "catalogo", "desktop", "Firefox", 100, 0, 0, "", None,
        );
        late.event_id = Some("ev-6".into());
        late.metadata = None;
        let recorded = s
            .record_page_access(store, &late, t(10, 13, 0))
            .await
            .unwrap();
        assert!(!recorded.created, "{}", b.name);
        assert_eq!(recorded.access.created_at, t(4, 9, 10), "{}", b.name);
        assert!(
            s.page_access_revision(store).await.unwrap() > before,
            "{}",
            b.name
        );
        let summary = s.page_access_summary(store, week()).await.unwrap();
        check_week_summary(&summary, 582, b.name);
        check_list_counts(s, store, &format!("{} (late write)", b.name)).await;
        roll_up(s, store, &[4]).await;
        let recomputed = s.page_access_summary(store, week()).await.unwrap();
        assert_eq!(recomputed, summary, "{}", b.name);

        // The other store sees only its own access.
        let theirs = s.page_access_summary(other, week()).await.unwrap();
        assert_eq!(
            (theirs.traffic.views, theirs.traffic.sessions),
            (1, 1),
            "{}",
            b.name
        );
        assert_eq!(theirs.ecommerce.purchases, 1, "{}", b.name);
        assert_eq!(counts(&theirs.top_pages), [("/a", 1)], "{}", b.name);
    }
}

/// Every page access of the store, through the list (its pages of 200).
async fn every_access(s: &dyn Storage, store: StoreId) -> Vec<enid_core::analytics::PageAccess> {
    let mut all = Vec::new();
    for page in 1.. {
        let listed = s
            .list_page_accesses(
                store,
                &PageAccessFilter::default(),
                PageRequest::new(Some(page), Some(200)).unwrap(),
            )
            .await
            .unwrap();
        let done = listed.items.len() < 200;
        all.extend(listed.items);
        if done {
            break;
        }
    }
    all
}

/// Concurrent writers — new sessions, sessions going on past midnight, batches, and repeated
/// event ids that move an access to another session, page and section — leave rollups that
/// give what the page accesses themselves give, and what recomputing the days gives.
#[tokio::test]
async fn rollups_kept_by_concurrent_writers_equal_the_page_accesses() {
    for b in backends().await {
        let storage: Arc<dyn Storage> = b.storage.clone();
        let store = default_store(storage.as_ref()).await;
        let tasks: Vec<_> = (0..16)
            .map(|task| {
                let storage = storage.clone();
                tokio::spawn(async move {
                    for i in 0..12u32 {
                        // Half before midnight, half after: sessions span 03-09 and 03-10.
                        let now = if (task + i) % 2 == 0 {
                            t(9, 23, 59)
                        } else {
                            t(10, 0, 1)
                        };
                        let session = format!("s{}", (task * 7 + i * 3) % 11);
                        let url = ["/a", "/b", "/c"][(i % 3) as usize];
                        let section = ["hero", "", "checkout"][((task + i) % 3) as usize];
                        let mut one = access(
                            &session,
                            url,
                            section,
                            "mobile",
                            "Chrome",
                            i as i32,
                            (task % 100) as i32,
                            1,
                            if i % 4 == 0 { "purchase" } else { "" },
                            None,
                        );
                        // Every third write repeats an event id of another task: an update
                        // when it lands second, with another session, page and section.
                        if i % 3 == 0 {
                            one.event_id = Some(format!("ev-{}", (task / 2) * 100 + i));
                        }
                        if i % 5 == 4 {
                            let mut other = one.clone();
                            other.event_id = None;
                            other.session_id = Some(format!("b{}", task % 3));
                            storage
                                .record_page_accesses(store, vec![one, other], now)
                                .await
                                .unwrap();
                        } else {
                            storage.record_page_access(store, &one, now).await.unwrap();
                        }
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        let s = storage.as_ref();
        let window = week();
        let summary = s.page_access_summary(store, window).await.unwrap();
        let trends = s.page_access_trends(store, window).await.unwrap();
        let sections = s
            .section_traffic(store, window, PageRequest::default())
            .await
            .unwrap();
        let urls = s
            .url_performance(store, window, PageRequest::default())
            .await
            .unwrap();

        // What the page accesses give.
        let rows = every_access(s, store).await;
        let mut sessions: std::collections::BTreeMap<&str, i64> = Default::default();
        let mut per_day: std::collections::BTreeMap<(NaiveDate, &str), i64> = Default::default();
        let mut pages: std::collections::BTreeMap<&str, i64> = Default::default();
        for row in &rows {
            *pages.entry(&row.page_url).or_default() += 1;
            if !row.session_id.is_empty() {
                *sessions.entry(&row.session_id).or_default() += 1;
                *per_day
                    .entry((row.created_at.date_naive(), &row.session_id))
                    .or_default() += 1;
            }
        }
        let traffic = summary.traffic;
        assert_eq!(traffic.views, rows.len() as i64, "{}", b.name);
        assert_eq!(
            traffic.time_on_page_sum,
            rows.iter().map(|r| i64::from(r.time_on_page)).sum::<i64>(),
            "{}",
            b.name
        );
        assert_eq!(traffic.sessions, sessions.len() as i64, "{}", b.name);
        assert_eq!(
            traffic.single_view_sessions,
            sessions.values().filter(|v| **v == 1).count() as i64,
            "{}",
            b.name
        );
        let mut top: Vec<(&str, i64)> = pages.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        assert_eq!(counts(&summary.top_pages), top, "{}", b.name);
        assert_eq!(
            summary.ecommerce.purchases,
            rows.iter()
                .filter(|r| r.metadata.get("event_type") == Some(&json!("purchase")))
                .count() as i64,
            "{}",
            b.name
        );
        for day in [date(9), date(10)] {
            let point = trends.iter().find(|d| d.date == day).unwrap().traffic;
            let of_day: Vec<i64> = per_day
                .iter()
                .filter(|((d, _), _)| *d == day)
                .map(|(_, v)| *v)
                .collect();
            assert_eq!(
                (point.sessions, point.single_view_sessions),
                (
                    of_day.len() as i64,
                    of_day.iter().filter(|v| **v == 1).count() as i64
                ),
                "{}: {day}",
                b.name
            );
        }
        assert!(
            per_day.len() > sessions.len(),
            "{}: some sessions span both days",
            b.name
        );

        // What recomputing the days from the page accesses gives.
        roll_up(s, store, &[9, 10]).await;
        assert_eq!(s.page_access_summary(store, window).await.unwrap(), summary);
        assert_eq!(s.page_access_trends(store, window).await.unwrap(), trends);
        assert_eq!(
            s.section_traffic(store, window, PageRequest::default())
                .await
                .unwrap()
                .items,
            sections.items,
            "{}",
            b.name
        );
        assert_eq!(
            s.url_performance(store, window, PageRequest::default())
                .await
                .unwrap()
                .items,
            urls.items,
            "{}",
            b.name
        );
    }
}

/// The store's summary and trends of `window`, as the writes kept them, equal those of the days
/// recomputed from the page accesses.
async fn rollups_equal_a_recomputation(
    s: &dyn Storage,
    store: StoreId,
    window: Window,
    label: &str,
) {
    let summary = s.page_access_summary(store, window).await.unwrap();
    let trends = s.page_access_trends(store, window).await.unwrap();
    for day in window.each_day() {
        s.roll_up_page_access_day(store, day).await.unwrap();
    }
    assert_eq!(
        s.page_access_summary(store, window).await.unwrap(),
        summary,
        "{label}"
    );
    assert_eq!(
        s.page_access_trends(store, window).await.unwrap(),
        trends,
        "{label}"
    );
}

/// Writers of one session on different days at once: some add a day to the session, one adds
/// views to a day it had and a day it had not. Each locks the session's row and its session-days
/// (whose multi-day flags a new day changes), always in one order: no write fails, and the
/// rollups equal a recomputation.
#[tokio::test]
async fn writers_adding_days_to_one_session_never_deadlock() {
    for b in backends().await {
        let storage: Arc<dyn Storage> = b.storage.clone();
        let store = default_store(storage.as_ref()).await;
        let view = |session: &str, at| BackdatedPageAccess {
            access: access(session, "/a", "", "mobile", "Chrome", 1, 1, 1, "", None),
            at,
        };
        for round in 0..40 {
            let session = format!("r{round}");
            storage
                .import_page_accesses(store, vec![view(&session, t(1, 10, 0))])
                .await
                .unwrap();
            // The day sets are disjoint, so that the days' locks do not order these writers.
            let writes = [
                vec![view(&session, t(1, 11, 0)), view(&session, t(2, 10, 0))],
                vec![view(&session, t(3, 10, 0))],
                vec![view(&session, t(4, 10, 0))],
            ];
            let mut writers: Vec<_> = writes
                .into_iter()
                .map(|views| {
                    let storage = storage.clone();
                    tokio::spawn(async move { storage.import_page_accesses(store, views).await })
                })
                .collect();
            let single = {
                let storage = storage.clone();
                let one = view(&session, t(5, 10, 0)).access;
                tokio::spawn(async move {
                    storage
                        .record_page_access(store, &one, t(5, 10, 0))
                        .await
                        .map(|_| 1)
                })
            };
            writers.push(single);
            for writer in writers {
                writer
                    .await
                    .unwrap()
                    .unwrap_or_else(|e| panic!("{}: round {round}: {e:?}", b.name));
            }
        }
        let window = Window {
            first_day: date(1),
            today: date(5),
        };
        let summary = storage.page_access_summary(store, window).await.unwrap();
        assert_eq!(
            (
                summary.traffic.views,
                summary.traffic.sessions,
                summary.traffic.single_view_sessions
            ),
            (40 * 6, 40, 0),
            "{}",
            b.name
        );
        rollups_equal_a_recomputation(storage.as_ref(), store, window, b.name).await;
    }
}

/// Single page accesses sent at once (which PostgreSQL commits in groups): each answered one is
/// stored as answered, a repeated event id updates its row, a refused one (a store that does
/// not exist) fails alone, and the rollups equal a recomputation.
#[tokio::test]
async fn concurrent_single_accesses_are_stored_and_a_refused_one_fails_alone() {
    for b in backends().await {
        let storage: Arc<dyn Storage> = b.storage.clone();
        let store = default_store(storage.as_ref()).await;
        let writes: Vec<_> = (0..150u32)
            .map(|i| {
                let storage = storage.clone();
                tokio::spawn(async move {
                    let target = if i % 25 == 7 { 9_999 } else { store };
                    let mut one = access(
                        &format!("s{}", i % 13),
                        ["/a", "/b", "/c"][(i % 3) as usize],
                        "hero",
                        "mobile",
                        "Chrome",
                        i as i32,
                        1,
                        1,
                        if i % 5 == 0 { "purchase" } else { "" },
                        None,
                    );
                    if i % 10 == 3 {
                        one.event_id = Some(format!("ev-{}", i % 20));
                    }
                    let now = if i % 2 == 0 {
                        t(9, 23, 59)
                    } else {
                        t(10, 0, 1)
                    };
                    (i, storage.record_page_access(target, &one, now).await)
                })
            })
            .collect();
        let mut created = Vec::new();
        let mut updated = 0;
        for write in writes {
            let (i, answer) = write.await.unwrap();
            if i % 25 == 7 {
                assert!(answer.is_err(), "{}: write {i} to no store", b.name);
                continue;
            }
            let recorded = answer.unwrap_or_else(|e| panic!("{}: write {i}: {e:?}", b.name));
            assert_eq!(
                recorded.access.time_on_page, i as i32,
                "{}: write {i}",
                b.name
            );
            if recorded.created {
                created.push(recorded.access.id);
            } else {
                updated += 1;
            }
        }
        // Writes 3, 13, ... 143 carry the event ids ev-3 and ev-13: two rows, updated 13 times.
        assert_eq!((created.len(), updated), (144 - 13, 13), "{}", b.name);
        let mut stored: Vec<i64> = every_access(storage.as_ref(), store)
            .await
            .iter()
            .map(|a| a.id)
            .collect();
        stored.sort_unstable();
        created.sort_unstable();
        assert_eq!(stored, created, "{}", b.name);
        let summary = storage.page_access_summary(store, week()).await.unwrap();
        assert_eq!(summary.traffic.views, 144 - 13, "{}", b.name);
        rollups_equal_a_recomputation(storage.as_ref(), store, week(), b.name).await;
    }
}

/// Clients each sending single page accesses one after the other, of a few sessions over two
/// days, with refused ones (a store that does not exist) among them. PostgreSQL commits them in
/// groups, two at once, and a group with a refused write runs its writes again one by one: its
/// locks still come in the order of every other group's, so no write waits in a circle and
/// fails. Every other write is stored, and the rollups equal a recomputation.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn groups_with_refused_accesses_never_deadlock() {
    for b in backends().await {
        let storage: Arc<dyn Storage> = b.storage.clone();
        let store = default_store(storage.as_ref()).await;
        let clients: Vec<_> = (0..16u32)
            .map(|client| {
                let storage = storage.clone();
                tokio::spawn(async move {
                    let mut created = 0;
                    for n in 0..40u32 {
                        let i = client * 40 + n;
                        let target = if i % 7 == 5 { 9_999 } else { store };
                        let mut one = access(
                            &format!("s{}", i % 6),
                            ["/a", "/b", "/c", "/d"][(i % 4) as usize],
                            ["hero", "grid"][(i % 2) as usize],
                            ["mobile", "desktop"][(i % 3 % 2) as usize],
                            "Chrome",
                            i as i32,
                            1,
                            1,
                            "",
                            None,
                        );
                        if i % 6 == 1 {
                            one.event_id = Some(format!("ev-{}", i % 9));
                        }
                        let now = if i % 2 == 0 {
                            t(9, 12, 0)
                        } else {
                            t(10, 12, 0)
                        };
                        let answer = storage.record_page_access(target, &one, now).await;
                        if i % 7 == 5 {
                            assert!(answer.is_err(), "write {i}");
                            continue;
                        }
                        let recorded = answer.unwrap_or_else(|e| panic!("write {i}: {e:?}"));
                        created += usize::from(recorded.created);
                    }
                    created
                })
            })
            .collect();
        let mut created = 0;
        for client in clients {
            created += client.await.unwrap_or_else(|e| panic!("{}: {e:?}", b.name));
        }
        assert_eq!(
            every_access(storage.as_ref(), store).await.len(),
            created,
            "{}",
            b.name
        );
        let summary = storage.page_access_summary(store, week()).await.unwrap();
        assert_eq!(summary.traffic.views, created as i64, "{}", b.name);
        rollups_equal_a_recomputation(storage.as_ref(), store, week(), b.name).await;
    }
}

/// The answer to a recorded page access is the row as stored, defaults and timestamps included,
/// whether or not the backend reads it back.
#[tokio::test]
async fn a_recorded_page_access_answers_the_stored_row() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let mut full = access(
            "s1",
            "/productos/",
            "catalogo",
            "mobile",
            "Safari",
            5,
            10,
            1,
            "product_view",
            Some(1234.5),
        );
        full.event_id = Some("ev-full".into());
        full.user_id = Some("u-7".into());
        full.utm_source = Some("google".into());
        let mut bare = NewPageAccess {
            time_on_page: None,
            scroll_depth: None,
            interactions: None,
            metadata: None,
            ..access("", "/inicio/", "", "", "", 0, 0, 0, "", None)
        };
        bare.page_title = None;
        // Nanoseconds the databases do not keep.
        let now = t(9, 10, 0) + chrono::Duration::nanoseconds(123_456_789);
        for sent in [full, bare] {
            let recorded = s.record_page_access(store, &sent, now).await.unwrap();
            assert!(recorded.created, "{}", b.name);
            let stored = s
                .page_access(store, recorded.access.id)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(recorded.access, stored, "{}", b.name);
        }
    }
}

#[tokio::test]
async fn a_repeated_event_id_updates_its_row() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = s
            .create_store("Otra tienda", "otra-tienda", None, t(1, 0, 0))
            .await
            .unwrap()
            .id;
        let mut first = access(
            "s1",
            "/productos/",
            "catalogo",
            "mobile",
            "Safari",
            5,
            10,
            1,
            "product_view",
            Some(1234.5),
        );
        first.event_id = Some("ev-1".into());
        first.utm_source = Some("google".into());
        let created = s
            .record_page_access(store, &first, t(9, 10, 0))
            .await
            .unwrap();
        assert!(created.created, "{}", b.name);
        let row = &created.access;
        assert_eq!(row.utm_source, "google");
        assert_eq!(row.metadata["load_time_ms"], json!(1234.5));
        assert_eq!((row.created_at, row.updated_at), (t(9, 10, 0), t(9, 10, 0)));

        // The repeat sends a new time and metadata and leaves the rest out.
        let repeat = NewPageAccess {
            page_url: "/productos/".into(),
            event_id: Some("ev-1".into()),
            page_title: None,
            section: None,
            user_id: None,
            session_id: None,
            user_agent: None,
            device_type: None,
            browser: None,
            os: None,
            referrer: None,
            utm_source: None,
            utm_medium: None,
            utm_campaign: None,
            time_on_page: Some(95),
            scroll_depth: None,
            interactions: None,
            metadata: Some(Metadata::parse(json!({"event_type": "add_to_cart"})).unwrap()),
        };
        let updated = s
            .record_page_access(store, &repeat, t(9, 10, 5))
            .await
            .unwrap();
        assert!(!updated.created, "{}", b.name);
        let row = &updated.access;
        assert_eq!(row.id, created.access.id, "{}", b.name);
        assert_eq!(row.time_on_page, 95);
        assert_eq!(
            (row.session_id.as_str(), row.scroll_depth),
            ("s1", 10),
            "{}: kept",
            b.name
        );
        assert_eq!(row.utm_source, "google");
        assert_eq!(
            row.metadata,
            *json!({"event_type": "add_to_cart"}).as_object().unwrap()
        );
        assert_eq!((row.created_at, row.updated_at), (t(9, 10, 0), t(9, 10, 5)));
        let window = Window {
            first_day: date(9),
            today: date(9),
        };
        let summary = s.page_access_summary(store, window).await.unwrap();
        assert_eq!(summary.traffic.views, 1, "{}", b.name);
        assert_eq!(
            (
                summary.ecommerce.product_views,
                summary.ecommerce.add_to_cart
            ),
            (0, 1),
            "{}: the event type follows the metadata",
            b.name
        );
        let urls = s
            .url_performance(store, window, PageRequest::default())
            .await
            .unwrap();
        assert_eq!(
            urls.items[0].load_time_count, 0,
            "{}: so does the load time",
            b.name
        );

        // The same event id in another store is another row.
        let theirs = s
            .record_page_access(other, &first, t(9, 11, 0))
            .await
            .unwrap();
        assert!(theirs.created, "{}", b.name);
        assert_ne!(theirs.access.id, created.access.id);

        // Concurrent repeats of a new event id: one row, created once.
        let storage: Arc<dyn Storage> = b.storage.clone();
        let mut concurrent = first.clone();
        concurrent.event_id = Some("ev-race".into());
        let tasks: Vec<_> = (0..20)
            .map(|i| {
                let storage = storage.clone();
                let mut access = concurrent.clone();
                access.time_on_page = Some(i);
                tokio::spawn(async move {
                    storage
                        .record_page_access(store, &access, t(9, 12, 0))
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut ids = Vec::new();
        let mut created = 0;
        for task in tasks {
            let recorded = task.await.unwrap();
            ids.push(recorded.access.id);
            created += usize::from(recorded.created);
        }
        ids.dedup();
        assert_eq!((ids.len(), created), (1, 1), "{}", b.name);
        let listed = s
            .list_page_accesses(store, &PageAccessFilter::default(), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(listed.count, 2, "{}", b.name);
    }
}

#[tokio::test]
async fn batches_are_all_or_nothing() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let mut existing = access("s1", "/a", "", "", "", 1, 1, 1, "", None);
        existing.event_id = Some("ev-old".into());
        let old = s
            .record_page_access(store, &existing, t(8, 9, 0))
            .await
            .unwrap();

        let mut batch: Vec<NewPageAccess> = (0..5)
            .map(|i| access("s2", &format!("/p{i}"), "", "", "", i, 0, 0, "", None))
            .collect();
        batch[1].event_id = Some("ev-old".into());
        batch[1].time_on_page = Some(77);
        batch[3].event_id = Some("ev-new".into());
        // A value the database refuses (the service would have caught it) in the middle.
        let mut broken = batch.clone();
        broken[2].scroll_depth = Some(150);
        assert!(
            s.record_page_accesses(store, broken, t(9, 9, 0))
                .await
                .is_err()
        );
        let listed = s
            .list_page_accesses(store, &PageAccessFilter::default(), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(
            listed.count, 1,
            "{}: nothing of the failed batch stayed",
            b.name
        );
        assert_eq!(
            listed.items[0].time_on_page, 1,
            "{}: not even the update",
            b.name
        );

        let recorded = s
            .record_page_accesses(store, batch, t(9, 9, 0))
            .await
            .unwrap();
        let created: Vec<bool> = recorded.iter().map(|r| r.created).collect();
        assert_eq!(created, [true, false, true, true, true], "{}", b.name);
        assert_eq!(recorded[1].id, old.access.id, "{}", b.name);
        let mut ids: Vec<i64> = recorded.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 5, "{}", b.name);
        for (i, r) in recorded.iter().enumerate() {
            let row = s.page_access(store, r.id).await.unwrap().unwrap();
            assert_eq!(
                row.page_url,
                format!("/p{i}"),
                "{}: ids in the order sent",
                b.name
            );
        }
        assert_eq!(
            s.page_access(store, old.access.id)
                .await
                .unwrap()
                .unwrap()
                .time_on_page,
            77
        );
    }
}

#[tokio::test]
async fn lists_filter_and_page_newest_first() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        s.import_page_accesses(store, accesses()).await.unwrap();
        let list = |filter: PageAccessFilter, page: PageRequest| async move {
            s.list_page_accesses(store, &filter, page).await.unwrap()
        };
        let all = list(
            PageAccessFilter::default(),
            PageRequest::new(Some(1), Some(5)).unwrap(),
        )
        .await;
        assert_eq!(all.count, 18, "{}", b.name);
        let times: Vec<_> = all.items.iter().map(|a| a.created_at).collect();
        assert_eq!(
            times,
            [
                t(10, 11, 0),
                t(10, 10, 0),
                t(10, 1, 0),
                t(9, 20, 0),
                t(9, 18, 5)
            ]
        );
        let by_url = list(
            PageAccessFilter {
                page_url: Some("/c".into()),
                ..Default::default()
            },
            PageRequest::default(),
        )
        .await;
        assert_eq!(by_url.count, 4, "{}", b.name);
        let by_section = list(
            PageAccessFilter {
                section: Some("checkout".into()),
                since: Some(t(9, 0, 0)),
                ..Default::default()
            },
            PageRequest::default(),
        )
        .await;
        assert_eq!(by_section.count, 2, "{}", b.name);
        let by_session = list(
            PageAccessFilter {
                session_id: Some("s1".into()),
                ..Default::default()
            },
            PageRequest::new(Some(2), Some(3)).unwrap(),
        )
        .await;
        assert_eq!(
            (by_session.count, by_session.items.len()),
            (5, 2),
            "{}",
            b.name
        );
        assert_eq!(by_session.items[1].created_at, t(4, 9, 0));
        let row = &by_session.items[1];
        assert_eq!(
            (
                row.page_url.as_str(),
                row.section.as_str(),
                row.device_type.as_str(),
                row.time_on_page
            ),
            ("/a", "hero", "desktop", 30)
        );
        assert_eq!(row.metadata["load_time_ms"], json!(1200.0));
        assert_eq!(row.os, "", "{}: not sent is empty", b.name);
    }
}

#[tokio::test]
async fn page_performance_rollups_are_exact_and_idempotent() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        s.import_page_accesses(store, accesses()).await.unwrap();
        assert_eq!(
            s.roll_up_page_performance(store, date(4), t(10, 12, 0))
                .await
                .unwrap(),
            3
        );
        let rows = |day: u32| async move {
            s.list_page_performance(
                store,
                &enid_core::analytics::PerformanceFilter {
                    page_url: None,
                    from: Some(date(day)),
                    until: Some(date(day)),
                },
                PageRequest::default(),
            )
            .await
            .unwrap()
            .items
        };
        let first = rows(4).await;
        let shown: Vec<_> = first
            .iter()
            .map(|p| {
                (
                    p.page_url.as_str(),
                    [
                        p.page_views,
                        p.unique_visitors,
                        p.new_visitors,
                        p.bounces,
                        p.exits,
                        p.conversions,
                    ],
                    p.time_on_page_sum,
                    (
                        p.load_time_count,
                        p.load_time_sum_us,
                        p.load_time_p75_us,
                        p.load_time_p95_us,
                    ),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                // s1 (new) viewed /a, /b, /c in that order.
                (
                    "/a",
                    [1, 1, 1, 0, 0, 0],
                    30,
                    (1, 1_200_000, Some(1_200_000), Some(1_200_000))
                ),
                // sX (seen on 03-03) bounced on /b; s1 is new.
                (
                    "/b",
                    [2, 2, 1, 1, 1, 0],
                    70,
                    (2, 1_800_000, Some(1_000_000), Some(1_000_000))
                ),
                ("/c", [1, 1, 1, 0, 1, 0], 0, (0, 0, None, None)),
            ],
            "{}",
            b.name
        );
        assert_eq!((first[1].bounce_rate(), first[1].exit_rate()), (50.0, 50.0));
        assert_eq!(first[1].load_time_avg(), Some(900.0));
        assert_eq!(first[2].load_time_p75(), None);

        s.roll_up_page_performance(store, date(9), t(10, 12, 0))
            .await
            .unwrap();
        let ninth = rows(9).await;
        let shown: Vec<_> = ninth
            .iter()
            .map(|p| {
                (
                    p.page_url.as_str(),
                    [
                        p.page_views,
                        p.unique_visitors,
                        p.new_visitors,
                        p.bounces,
                        p.exits,
                        p.conversions,
                    ],
                )
            })
            .collect();
        // s1 returns (not new) for one page; s5 (new) checks out and buys.
        assert_eq!(
            shown,
            [("/a", [1, 1, 0, 1, 1, 0]), ("/c", [2, 1, 1, 0, 1, 1])],
            "{}",
            b.name
        );
        assert_eq!(ninth[1].conversion_rate(), 100.0);

        // Again: the same rows, the same ids.
        assert_eq!(
            s.roll_up_page_performance(store, date(4), t(10, 13, 0))
                .await
                .unwrap(),
            3
        );
        let again = rows(4).await;
        assert_eq!(
            again
                .iter()
                .map(|p| (p.id, p.page_views, p.exits))
                .collect::<Vec<_>>(),
            first
                .iter()
                .map(|p| (p.id, p.page_views, p.exits))
                .collect::<Vec<_>>(),
            "{}",
            b.name
        );
        assert_eq!(again[0].computed_at, t(10, 13, 0));
        let one = s
            .page_performance(store, first[0].id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(one, again[0]);

        // A late repeat moves access 6 to /d: the next rollup drops /c and adds /d.
        let mut moved = access(
            "s1", "/d", "catalogo", "desktop", "Firefox", 0, 0, 0, "", None,
        );
        moved.event_id = Some("ev-6".into());
        s.record_page_access(store, &moved, t(10, 14, 0))
            .await
            .unwrap();
        s.roll_up_page_performance(store, date(4), t(10, 14, 0))
            .await
            .unwrap();
        let urls: Vec<String> = rows(4).await.into_iter().map(|p| p.page_url).collect();
        assert_eq!(urls, ["/a", "/b", "/d"], "{}", b.name);
        // Other stores' rows stay out of sight.
        let other = s
            .create_store("Otra tienda", "otra-tienda", None, t(1, 0, 0))
            .await
            .unwrap()
            .id;
        assert!(
            s.page_performance(other, first[0].id)
                .await
                .unwrap()
                .is_none()
        );
        let all = s
            .list_page_performance(store, &Default::default(), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(all.count, 5, "{}", b.name);
        assert_eq!(all.items[0].date, date(9), "{}: latest first", b.name);
    }
}

#[tokio::test]
async fn sections_have_unique_names_per_store() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = s
            .create_store("Otra tienda", "otra-tienda", None, t(1, 0, 0))
            .await
            .unwrap()
            .id;
        let section = |name: &str, priority: i32, active: bool| {
            NewSection::parse(SectionInput {
                name: name.into(),
                description: Some("Arriba de todo".into()),
                page_url_pattern: "/".into(),
                section_selector: Some(".hero".into()),
                is_active: Some(active),
                priority: Some(priority),
            })
            .unwrap()
        };
        let hero = s
            .create_section(store, &section("Hero", 2, true), t(1, 1, 0))
            .await
            .unwrap();
        s.create_section(store, &section("Footer", 9, false), t(1, 1, 0))
            .await
            .unwrap();
        s.create_section(store, &section("Catálogo", 2, true), t(1, 1, 0))
            .await
            .unwrap();
        let err = s
            .create_section(store, &section("HERO", 1, true), t(1, 1, 0))
            .await
            .unwrap_err();
        assert_eq!(err.code, "section_name_taken", "{}", b.name);
        s.create_section(other, &section("Hero", 1, true), t(1, 1, 0))
            .await
            .unwrap();

        let names = |page: enid_core::pagination::Page<enid_core::analytics::PageSection>| {
            page.items.into_iter().map(|s| s.name).collect::<Vec<_>>()
        };
        let all = s
            .list_sections(store, SectionFilter::default(), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(all.count, 3);
        assert_eq!(
            names(all),
            ["Catálogo", "Hero", "Footer"],
            "{}: by priority, then name",
            b.name
        );
        let active = s
            .list_sections(
                store,
                SectionFilter {
                    is_active: Some(true),
                },
                PageRequest::default(),
            )
            .await
            .unwrap();
        assert_eq!(names(active), ["Catálogo", "Hero"], "{}", b.name);

        let rename = SectionUpdate::parse(enid_core::analytics::SectionChanges {
            name: Some("footer".into()),
            ..Default::default()
        })
        .unwrap();
        let err = s
            .update_section(store, hero.id, &rename, t(2, 0, 0))
            .await
            .unwrap_err();
        assert_eq!(err.code, "section_name_taken", "{}", b.name);
        let changes = SectionUpdate::parse(enid_core::analytics::SectionChanges {
            priority: Some(0),
            is_active: Some(false),
            ..Default::default()
        })
        .unwrap();
        let updated = s
            .update_section(store, hero.id, &changes, t(2, 0, 0))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (updated.priority, updated.is_active, updated.name.as_str()),
            (0, false, "Hero")
        );
        assert_eq!(updated.updated_at, t(2, 0, 0));
        assert!(
            s.update_section(other, hero.id, &changes, t(2, 0, 0))
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            !s.delete_section(other, hero.id).await.unwrap(),
            "{}",
            b.name
        );
        assert!(s.delete_section(store, hero.id).await.unwrap());
        assert!(s.section(store, hero.id).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn journey_analytics_are_exact() {
    for b in backends().await {
        let s = b.storage.as_ref();
        let store = default_store(s).await;
        let other = s
            .create_store("Otra tienda", "otra-tienda", None, t(1, 0, 0))
            .await
            .unwrap()
            .id;
        let journey =
            |session: &str, pages: &[&str], time: i32, exit: &str, goal: &str, at| NewJourney {
                session_id: session.into(),
                user_id: String::new(),
                entry_page: pages[0].into(),
                exit_page: exit.into(),
                pages_visited: pages.iter().map(|p| p.to_string()).collect(),
                total_time: time,
                conversion_goal: goal.into(),
                started_at: at,
                ended_at: None,
            };
        let j1 = s
            .create_journey(
                store,
                &journey("s1", &["/a", "/b", "/c"], 100, "/c", "", t(4, 10, 0)),
                t(4, 10, 0),
            )
            .await
            .unwrap();
        assert_eq!((j1.total_pages, j1.pages_visited.len()), (3, 3));
        s.import_journeys(
            store,
            vec![
                journey("s2", &["/a", "/b"], 50, "/b", "purchase", t(9, 12, 0)),
                journey("s3", &["/c"], 10, "", "", t(10, 9, 0)),
                journey(
                    "s0",
                    &["/x", "/x", "/x", "/x", "/x"],
                    500,
                    "/x",
                    "",
                    t(2, 9, 0),
                ),
            ],
        )
        .await
        .unwrap();
        s.import_journeys(
            other,
            vec![journey("o1", &["/z"; 8], 9, "/z", "", t(9, 0, 0))],
        )
        .await
        .unwrap();

        let c = s.journey_counts(store, week()).await.unwrap();
        assert_eq!(
            (c.journeys, c.pages_sum, c.time_sum),
            (3, 6, 160),
            "{}",
            b.name
        );
        assert_eq!(mean(160, 3), 53.33);
        let top: Vec<&str> = c
            .top_journeys
            .iter()
            .map(|j| j.session_id.as_str())
            .collect();
        assert_eq!(top, ["s1", "s2", "s3"], "{}", b.name);
        assert_eq!(counts(&c.entry_pages), [("/a", 2), ("/c", 1)], "{}", b.name);
        assert_eq!(
            counts(&c.exit_pages),
            [("/b", 1), ("/c", 1)],
            "{}: empty exits left out",
            b.name
        );

        let changes = JourneyUpdate {
            pages_visited: Some(vec!["/a".into(), "/b".into(), "/c".into(), "/d".into()]),
            exit_page: Some("/d".into()),
            ended_at: Some(t(4, 10, 30)),
            ..Default::default()
        };
        let updated = s
            .update_journey(store, j1.id, &changes, t(4, 11, 0))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (updated.total_pages, updated.exit_page.as_str()),
            (4, "/d"),
            "{}",
            b.name
        );
        assert_eq!(updated.ended_at, Some(t(4, 10, 30)));
        assert!(
            s.update_journey(other, j1.id, &changes, t(4, 11, 0))
                .await
                .unwrap()
                .is_none()
        );

        let listed = s
            .list_journeys(store, &JourneyFilter::default(), PageRequest::default())
            .await
            .unwrap();
        let order: Vec<&str> = listed.items.iter().map(|j| j.session_id.as_str()).collect();
        assert_eq!(order, ["s3", "s2", "s1", "s0"], "{}: latest first", b.name);
        let by_session = s
            .list_journeys(
                store,
                &JourneyFilter {
                    session_id: Some("s2".into()),
                    since: Some(t(9, 0, 0)),
                },
                PageRequest::default(),
            )
            .await
            .unwrap();
        assert_eq!(by_session.count, 1, "{}", b.name);
        assert!(!s.delete_journey(other, j1.id).await.unwrap());
        assert!(s.delete_journey(store, j1.id).await.unwrap());
        assert!(s.journey(store, j1.id).await.unwrap().is_none());
        let theirs = s.journey_counts(other, week()).await.unwrap();
        assert_eq!((theirs.journeys, theirs.pages_sum), (1, 8), "{}", b.name);
    }
}
