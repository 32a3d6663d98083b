use std::path::Path;

use reqwest::Method;
use serde_json::{Value, json};

use enid_tests::{EnidProcess, call, login, run_enid, send};

/// A fresh SQLite database in a temporary directory: the directory and the database URL.
fn fresh_database() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("shop.db").display());
    (dir, url)
}

/// Runs `enid ARGS` against `database_url` and expects it to succeed; its standard output.
fn run_ok(dir: &Path, database_url: &str, args: &[&str]) -> String {
    let (ok, stdout, stderr) = run_enid(dir, args, &[("DATABASE_URL", database_url)], "");
    assert!(ok, "enid {args:?} failed: {stderr}");
    stdout
}

/// Serves `database_url` with a bootstrapped superuser; the process and the admin's access token.
async fn serve_as_admin(dir: &Path, database_url: &str) -> (EnidProcess, String) {
    let env = [
        ("DATABASE_URL", database_url),
        ("ENID_ADMIN_EMAIL", "admin@enid.mx"),
        ("ENID_ADMIN_PASSWORD", "admin-password-1"),
    ];
    let enid = EnidProcess::serve(dir, &env).await;
    let (status, tokens) = login(&enid, "admin@enid.mx", "admin-password-1").await;
    assert_eq!(status, 200, "{tokens}");
    let token = tokens["access_token"].as_str().unwrap().to_owned();
    (enid, token)
}

/// `GET path` in `store` as `token`; the body of its 200.
async fn get(enid: &EnidProcess, token: &str, store: i64, path: &str) -> Value {
    let request = reqwest::Client::new()
        .get(enid.url(path))
        .bearer_auth(token)
        .header("X-Store-Id", store);
    let (status, body) = send(request).await;
    assert_eq!(status, 200, "GET {path} in store {store}: {body}");
    body
}

/// The `date` of each row of a per-day series, oldest first (the last one is today).
fn dates(series: &Value) -> Vec<String> {
    series
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["date"].as_str().unwrap().to_owned())
        .collect()
}

/// One integer field of each row of a per-day series.
fn column(series: &Value, field: &str) -> Vec<i64> {
    series
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[field].as_i64().unwrap())
        .collect()
}

/// The UTC day of the `created_at` of the only lead on a one-lead page.
fn created_day(page: &Value) -> String {
    page["results"][0]["created_at"].as_str().unwrap()[..10].to_owned()
}

#[tokio::test]
async fn seed_leads_spreads_the_requested_count_evenly_over_the_window() {
    let (dir, db) = fresh_database();
    let stdout = run_ok(
        dir.path(),
        &db,
        &["seed", "leads", "--count", "3000", "--days", "30"],
    );
    assert!(
        stdout.contains("seeded 3000 leads over 30 days into store 1"),
        "{stdout}"
    );
    let (enid, token) = serve_as_admin(dir.path(), &db).await;

    // `--days 30` is the window `?days=30` means: today and the 29 days before it; the day before
    // that has none.
    let trends = get(&enid, &token, 1, "/lead-metrics/trends/?days=31").await;
    let days = dates(&trends);
    let per_day = column(&trends, "new_leads");
    assert_eq!(days.len(), 31, "{trends}");
    assert_eq!(per_day[0], 0, "{per_day:?}");
    assert_eq!(per_day.iter().sum::<i64>(), 3000, "{per_day:?}");
    // Evenly: every whole day holds its share of the window (today is cut short at now).
    let whole_day = per_day[1..30].iter().sum::<i64>() as f64 / 29.0;
    for &leads in &per_day[1..30] {
        assert!((leads as f64 - whole_day).abs() < 2.0, "{per_day:?}");
    }

    let oldest = get(&enid, &token, 1, "/lead/?ordering=created_at&page_size=1").await;
    let newest = get(&enid, &token, 1, "/lead/?ordering=-created_at&page_size=1").await;
    assert_eq!(oldest["count"], 3000, "{oldest}");
    assert_eq!(newest["count"], 3000, "{newest}");
    assert_eq!(
        created_day(&oldest),
        days[1],
        "the oldest lead is from the window's first day"
    );
    assert!(
        created_day(&newest) >= days[29],
        "the newest lead is from yesterday or today: {newest}"
    );

    let overview = get(&enid, &token, 1, "/lead-metrics/overview/").await;
    assert_eq!(overview["total_leads"], 3000, "{overview}");
    assert_eq!(overview["new_leads_month"], 3000, "{overview}");
    // Each window counts UTC days, today included: 1, 7 and 30 of them.
    for (field, first) in [
        ("new_leads_today", 30),
        ("new_leads_week", 24),
        ("new_leads_month", 1),
    ] {
        let listed = get(
            &enid,
            &token,
            1,
            &format!("/lead/?created_after={}&page_size=1", days[first]),
        )
        .await;
        assert_eq!(overview[field], listed["count"], "{field}: {overview}");
        assert_eq!(
            overview[field],
            per_day[first..].iter().sum::<i64>(),
            "{field}: {overview}"
        );
    }

    let by_status = get(&enid, &token, 1, "/lead-metrics/by-status/").await;
    let by_status = by_status.as_array().unwrap();
    assert_eq!(
        by_status
            .iter()
            .map(|s| s["count"].as_i64().unwrap())
            .sum::<i64>(),
        3000,
        "{by_status:?}"
    );
    assert!(
        by_status.iter().all(|s| s["count"].as_i64().unwrap() > 0),
        "every status occurs: {by_status:?}"
    );
    let converted = by_status
        .iter()
        .find(|s| s["status"] == "converted")
        .unwrap();
    assert_eq!(
        overview["conversion_rate"], converted["percentage"],
        "{overview} {converted}"
    );
}

/// The page performance rows `enid analytics rollup` says it computed, over all its lines.
fn printed_rows(stdout: &str) -> u64 {
    stdout
        .lines()
        .filter_map(|line| {
            line.split(": ")
                .nth(1)?
                .split(' ')
                .next()?
                .parse::<u64>()
                .ok()
        })
        .sum()
}

/// Page performance rows without `computed_at`, which every rollup sets anew.
fn without_computed_at(mut page: Value) -> Value {
    for row in page["results"].as_array_mut().unwrap() {
        row.as_object_mut().unwrap().remove("computed_at");
    }
    page
}

#[tokio::test]
async fn seed_page_analytics_then_rolling_up_a_day_twice_gives_the_same_rows() {
    let (dir, db) = fresh_database();
    let stdout = run_ok(
        dir.path(),
        &db,
        &["seed", "page-analytics", "--count", "5000", "--days", "30"],
    );
    assert!(
        stdout.contains("seeded 5000 page accesses and ")
            && stdout.contains(" journeys over 30 days into store 1"),
        "{stdout}"
    );
    let (enid, token) = serve_as_admin(dir.path(), &db).await;

    let listed = get(&enid, &token, 1, "/page-analytics/page-access/?page_size=1").await;
    assert_eq!(listed["count"], 5000, "{listed}");

    let trends = get(
        &enid,
        &token,
        1,
        "/page-analytics/page-access/trends/?days=31",
    )
    .await;
    let days = dates(&trends);
    let per_day = column(&trends, "page_views");
    assert_eq!(days.len(), 31, "{trends}");
    assert_eq!(
        per_day[0], 0,
        "nothing before the 30-day window: {per_day:?}"
    );
    assert_eq!(per_day.iter().sum::<i64>(), 5000, "{per_day:?}");
    assert!(
        per_day[1..30].iter().all(|&views| views > 0 && views < 500),
        "every whole day has some of the traffic, none most of it: {per_day:?}"
    );

    let summary = get(
        &enid,
        &token,
        1,
        "/page-analytics/page-access/summary/?days=30",
    )
    .await;
    assert_eq!(summary["total_page_views"], 5000, "{summary}");
    let devices: i64 = summary["device_distribution"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_i64().unwrap())
        .sum();
    assert_eq!(devices, 5000, "{summary}");
    assert!(
        summary["unique_visitors"].as_i64().unwrap() > 0
            && summary["ecommerce_events"]["purchases"].as_i64().unwrap() > 0,
        "{summary}"
    );

    // Five days ago is a complete, seeded day.
    let day = &days[25];
    let rows_of_day =
        format!("/page-analytics/page-performance/?since={day}&until={day}&page_size=200");
    let none = get(&enid, &token, 1, &rows_of_day).await;
    assert_eq!(none["count"], 0, "no rows before a rollup: {none}");

    let rollup = ["analytics", "rollup", "--date", day];
    let stdout = run_ok(dir.path(), &db, &rollup);
    let first = get(&enid, &token, 1, &rows_of_day).await;
    let rows = first["results"].as_array().unwrap();
    assert!(!rows.is_empty(), "{first}");
    assert_eq!(first["count"], rows.len(), "one page holds them all");
    assert!(
        stdout.contains(&format!(
            "{day} store 1: {} page performance rows, summary rollup recomputed",
            rows.len()
        )) && stdout.contains("rolled up 1 day(s) of 1 store(s)"),
        "{stdout}"
    );
    assert!(
        rows.iter().all(|row| row["date"] == day.as_str()
            && row["page_views"].as_i64().unwrap() > 0
            && row["unique_visitors"].as_i64().unwrap() > 0
            && row["avg_time_on_page"].as_f64().unwrap() > 0.0),
        "{first}"
    );
    assert_eq!(
        rows.iter()
            .map(|row| row["page_views"].as_i64().unwrap())
            .sum::<i64>(),
        per_day[25],
        "the rows account for every page view of the day: {first}"
    );
    assert!(
        rows.iter()
            .any(|row| row["load_time_p95"].as_f64() > Some(0.0)),
        "{first}"
    );

    run_ok(dir.path(), &db, &rollup);
    let second = get(&enid, &token, 1, &rows_of_day).await;
    assert_eq!(
        without_computed_at(first.clone()),
        without_computed_at(second.clone()),
        "a second rollup of the day changes nothing"
    );
    let by_date = get(
        &enid,
        &token,
        1,
        &format!("/page-analytics/page-performance/by_date/?date={day}&page_size=200"),
    )
    .await;
    assert_eq!(by_date["results"], second["results"]);

    // Several days of one store: the two days before as well, and the same rows for this one.
    let stdout = run_ok(
        dir.path(),
        &db,
        &[
            "analytics",
            "rollup",
            "--date",
            day,
            "--days",
            "3",
            "--store",
            "1",
        ],
    );
    assert!(
        stdout.contains(&format!("{} store 1: ", days[23]))
            && stdout.contains(&format!("{} store 1: ", days[24]))
            && stdout.contains("rolled up 3 day(s) of 1 store(s)"),
        "{stdout}"
    );
    let three_days = get(
        &enid,
        &token,
        1,
        &format!(
            "/page-analytics/page-performance/?since={}&until={day}&page_size=1",
            days[23]
        ),
    )
    .await;
    assert_eq!(three_days["count"], printed_rows(&stdout), "{stdout}");
    let third = get(&enid, &token, 1, &rows_of_day).await;
    assert_eq!(
        without_computed_at(third.clone()),
        without_computed_at(second)
    );

    let (ok, stdout, stderr) = run_enid(
        dir.path(),
        &["analytics", "rollup", "--date", "2026-13-40"],
        &[("DATABASE_URL", db.as_str())],
        "",
    );
    assert!(!ok, "{stdout}");
    assert!(
        stderr.contains("invalid value '2026-13-40' for '--date"),
        "{stderr}"
    );
    assert_eq!(
        get(&enid, &token, 1, &rows_of_day).await,
        third,
        "a refused rollup rewrites nothing, not even computed_at"
    );
}

#[tokio::test]
async fn the_store_flag_seeds_and_rolls_up_that_store_only() {
    let (dir, db) = fresh_database();
    let (enid, token) = serve_as_admin(dir.path(), &db).await;
    let (status, store) = call(
        &reqwest::Client::new(),
        Method::POST,
        &enid.url("/store/"),
        Some(&token),
        Some(json!({"name": "Tienda Norte"})),
    )
    .await;
    assert_eq!(status, 201, "{store}");
    let north = store["id"].as_i64().unwrap();
    assert_ne!(north, 1);
    let north_arg = north.to_string();

    let stdout = run_ok(
        dir.path(),
        &db,
        &[
            "seed", "leads", "--count", "40", "--days", "7", "--store", &north_arg,
        ],
    );
    assert!(
        stdout.contains(&format!("seeded 40 leads over 7 days into store {north}")),
        "{stdout}"
    );
    let stdout = run_ok(
        dir.path(),
        &db,
        &[
            "seed",
            "page-analytics",
            "--count",
            "300",
            "--days",
            "7",
            "--store",
            &north_arg,
        ],
    );
    assert!(
        stdout.contains("seeded 300 page accesses and ")
            && stdout.contains(&format!("over 7 days into store {north}")),
        "{stdout}"
    );

    for (store, leads, accesses) in [(north, 40, 300), (1, 0, 0)] {
        let listed = get(&enid, &token, store, "/lead/?page_size=1").await;
        assert_eq!(listed["count"], leads, "store {store}: {listed}");
        let listed = get(
            &enid,
            &token,
            store,
            "/page-analytics/page-access/?page_size=1",
        )
        .await;
        assert_eq!(listed["count"], accesses, "store {store}: {listed}");
    }

    let trends = get(
        &enid,
        &token,
        north,
        "/page-analytics/page-access/trends/?days=7",
    )
    .await;
    let yesterday = dates(&trends)[5].clone();
    assert!(column(&trends, "page_views")[5] > 0, "{trends}");
    let stdout = run_ok(
        dir.path(),
        &db,
        &[
            "analytics",
            "rollup",
            "--date",
            &yesterday,
            "--store",
            &north_arg,
        ],
    );
    assert!(
        stdout.contains(&format!("{yesterday} store {north}: "))
            && !stdout.contains(&format!("{yesterday} store 1: "))
            && stdout.contains("rolled up 1 day(s) of 1 store(s)"),
        "{stdout}"
    );
    let rows_of_day =
        format!("/page-analytics/page-performance/?since={yesterday}&until={yesterday}");
    let rows = get(&enid, &token, north, &rows_of_day).await;
    assert!(rows["count"].as_i64().unwrap() > 0, "{rows}");
    let rows = get(&enid, &token, 1, &rows_of_day).await;
    assert_eq!(rows["count"], 0, "{rows}");

    let env = [("DATABASE_URL", db.as_str())];
    for (args, message) in [
        (
            &["seed", "leads", "--count", "5", "--store", "99"][..],
            "there is no store 99",
        ),
        (
            &["seed", "page-analytics", "--count", "5", "--store", "99"],
            "there is no store 99",
        ),
        (
            &["analytics", "rollup", "--store", "99"],
            "there is no store 99",
        ),
    ] {
        let (ok, stdout, stderr) = run_enid(dir.path(), args, &env, "");
        assert!(!ok, "{args:?}: {stdout}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn bad_counts_days_and_dates_are_refused_before_the_database_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("untouched.db");
    let url = format!("sqlite://{}", path.display());
    let days = "--days must be between 1 and 3650";
    for (args, message) in [
        (
            &["seed", "leads", "--count", "0", "--days", "30"][..],
            "--count must be at least 1",
        ),
        (&["seed", "leads", "--count", "10", "--days", "0"], days),
        (
            &["seed", "leads", "--count", "10", "--days", "100000000"],
            days,
        ),
        (
            &["seed", "page-analytics", "--count", "0", "--days", "30"],
            "--count must be at least 1",
        ),
        (
            &["seed", "page-analytics", "--count", "10", "--days", "0"],
            days,
        ),
        (&["analytics", "rollup", "--days", "0"], days),
        (
            &["analytics", "rollup", "--date", "2026-13-40"],
            "invalid value '2026-13-40' for '--date",
        ),
    ] {
        let (ok, stdout, stderr) =
            run_enid(dir.path(), args, &[("DATABASE_URL", url.as_str())], "");
        assert!(!ok, "{args:?}: {stdout}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!path.exists(), "{args:?} created the database");
    }
}
