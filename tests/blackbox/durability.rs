//! Acknowledged writes survive the server being killed (SIGKILL) while writes are in flight, on
//! both backends: an answer goes out only once its write is committed.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;

use enid_tests::{EnidProcess, call, login, postgres_url};

const WRITERS: usize = 16;
/// Writes acknowledged before the kill: enough that some are surely in flight at it.
const BEFORE_KILL: usize = 200;

/// What the writers were told was stored: lead ids with their emails, page access ids.
#[derive(Default)]
struct Acknowledged {
    leads: Vec<(i64, String)>,
    accesses: Vec<i64>,
}

/// Sends intakes and page views back to back until `stop` or until the server is gone, counting
/// the acknowledged ones in `done`.
async fn write_until_killed(
    enid_url: String,
    writer: usize,
    stop: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
) -> Acknowledged {
    let client = reqwest::Client::new();
    let mut acknowledged = Acknowledged::default();
    for i in 0.. {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let email = format!("w{writer}-{i}@example.mx");
        let intake = client
            .post(format!("{enid_url}/lead/existence/"))
            .json(&json!({"name": "Ana", "email": email, "lead_type": 1}))
            .send()
            .await;
        let Ok(response) = intake else { break };
        let status = response.status().as_u16();
        let Ok(body) = response.json::<serde_json::Value>().await else {
            break;
        };
        assert_eq!(status, 201, "{body}");
        acknowledged
            .leads
            .push((body["id"].as_i64().unwrap(), email));
        done.fetch_add(1, Ordering::Relaxed);

        let view = client
            .post(format!("{enid_url}/page-analytics/page-access/"))
            .json(&json!({"page_url": "/", "session_id": format!("w{writer}-{i}")}))
            .send()
            .await;
        let Ok(response) = view else { break };
        let status = response.status().as_u16();
        let Ok(body) = response.json::<serde_json::Value>().await else {
            break;
        };
        assert_eq!(status, 201, "{body}");
        acknowledged.accesses.push(body["id"].as_i64().unwrap());
        done.fetch_add(1, Ordering::Relaxed);
    }
    acknowledged
}

/// Every id a paginated list of the store answers.
async fn listed_ids(
    client: &reqwest::Client,
    enid: &EnidProcess,
    path: &str,
    token: &str,
) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    for page in 1.. {
        let (status, body) = call(
            client,
            Method::GET,
            &enid.url(&format!("{path}?page={page}&page_size=200")),
            Some(token),
            None,
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let results = body["results"].as_array().unwrap();
        ids.extend(results.iter().map(|item| item["id"].as_i64().unwrap()));
        if body["next"].is_null() {
            break;
        }
    }
    ids
}

async fn acknowledged_writes_survive_a_kill(database_url: &str) {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("DATABASE_URL", database_url),
        ("ENID_ADMIN_EMAIL", "admin@enid.mx"),
        ("ENID_ADMIN_PASSWORD", "admin-password-1"),
        ("ENID_RATE_PUBLIC_WRITE", "off"),
    ];
    let enid = EnidProcess::serve(dir.path(), &env).await;
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            tokio::spawn(write_until_killed(
                enid.base_url.clone(),
                writer,
                stop.clone(),
                done.clone(),
            ))
        })
        .collect();
    // Killed while every writer has a request in flight.
    let deadline = Instant::now() + Duration::from_secs(60);
    while done.load(Ordering::Relaxed) < BEFORE_KILL && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    drop(enid);
    stop.store(true, Ordering::Relaxed);
    let mut acknowledged = Acknowledged::default();
    for writer in writers {
        let mut own = writer.await.unwrap();
        acknowledged.leads.append(&mut own.leads);
        acknowledged.accesses.append(&mut own.accesses);
    }
    assert!(
        acknowledged.leads.len() + acknowledged.accesses.len() >= BEFORE_KILL,
        "too few writes before the kill to tell anything: {} leads",
        acknowledged.leads.len()
    );

    let enid = EnidProcess::serve(dir.path(), &env).await;
    let client = reqwest::Client::new();
    let (status, tokens) = login(&enid, "admin@enid.mx", "admin-password-1").await;
    assert_eq!(status, 200, "{tokens}");
    let token = tokens["access_token"].as_str().unwrap();

    let leads = listed_ids(&client, &enid, "/lead/", token).await;
    let missing: Vec<_> = acknowledged
        .leads
        .iter()
        .filter(|(id, _)| !leads.contains(id))
        .collect();
    assert!(missing.is_empty(), "acknowledged leads lost: {missing:?}");
    // The rows are the ones acknowledged, not others under the same ids.
    for (id, email) in acknowledged.leads.iter().step_by(37) {
        let (status, lead) = call(
            &client,
            Method::GET,
            &enid.url(&format!("/lead/{id}/")),
            Some(token),
            None,
        )
        .await;
        assert_eq!(
            (status, lead["email"].as_str()),
            (200, Some(email.as_str())),
            "{lead}"
        );
    }
    let accesses = listed_ids(&client, &enid, "/page-analytics/page-access/", token).await;
    let missing: Vec<_> = acknowledged
        .accesses
        .iter()
        .filter(|id| !accesses.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "acknowledged page accesses lost: {missing:?}"
    );
}

#[tokio::test]
async fn acknowledged_writes_survive_a_kill_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("enid.db").display());
    acknowledged_writes_survive_a_kill(&url).await;
}

#[tokio::test]
async fn acknowledged_writes_survive_a_kill_on_postgres() {
    let Some(base) = postgres_url() else { return };
    let url = enid_storage::postgres::testing::fresh_schema_url(&base)
        .await
        .unwrap();
    acknowledged_writes_survive_a_kill(&url).await;
}
