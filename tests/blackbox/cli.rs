use reqwest::Method;
use serde_json::json;
use tokio::io::AsyncWriteExt;

use crate::connections::read_until_closed;

use enid_tests::{EnidProcess, call, login, run_enid};

#[tokio::test]
async fn first_start_creates_the_database_store_admin_and_a_lasting_secret() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("ENID_ADMIN_EMAIL", "admin@enid.mx"),
        ("ENID_ADMIN_PASSWORD", "admin-password-1"),
    ];
    let first = EnidProcess::serve(dir.path(), &env).await;
    assert!(
        dir.path().join("enid.db").exists(),
        "the default database is enid.db in the working directory"
    );
    let printed = first.output_until("Enid is serving on").await.join("\n");
    assert!(
        printed.contains(&format!("docs at {}/docs", first.base_url)),
        "{printed}"
    );

    let (status, tokens) = login(&first, "admin@enid.mx", "admin-password-1").await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(tokens["user"]["is_superuser"], true);
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    let client = reqwest::Client::new();
    let (status, store) = call(
        &client,
        Method::GET,
        &first.url("/store/1/"),
        Some(&access),
        None,
    )
    .await;
    assert_eq!(status, 200, "{store}");
    assert_eq!(
        (store["name"].as_str(), store["slug"].as_str()),
        (Some("Enid Service"), Some("enid-service"))
    );
    let (_, profile) = call(
        &client,
        Method::GET,
        &first.url("/user/profile/"),
        Some(&access),
        None,
    )
    .await;
    assert_eq!(profile["profile"], "admin");
    assert!(first.terminate().success());

    // A restart keeps the generated signing secret (tokens stay valid) and does not re-create the
    // admin, even with another password configured.
    let env = [
        ("ENID_ADMIN_EMAIL", "other@enid.mx"),
        ("ENID_ADMIN_PASSWORD", "other-password-1"),
    ];
    let second = EnidProcess::serve(dir.path(), &env).await;
    let (status, profile) = call(
        &client,
        Method::GET,
        &second.url("/user/profile/"),
        Some(&access),
        None,
    )
    .await;
    assert_eq!(status, 200, "{profile}");
    assert_eq!(
        login(&second, "other@enid.mx", "other-password-1").await.0,
        401
    );
}

#[tokio::test]
async fn create_user_then_log_in_as_that_member() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("cli.db").display());
    let env = [("DATABASE_URL", db.as_str())];

    let (ok, stdout, stderr) = run_enid(dir.path(), &["migrate"], &env, "");
    assert!(ok, "{stderr}");
    assert!(stdout.contains("migrations applied"), "{stdout}");

    let args = [
        "create-user",
        "--email",
        "Staff@Enid.mx",
        "--name",
        "Staff",
        "--password-stdin",
        "--store",
        "1",
        "--role",
        "staff",
    ];
    let (ok, stdout, stderr) = run_enid(dir.path(), &args, &env, "staff-password\n");
    assert!(ok, "{stderr}");
    assert!(stdout.contains("<staff@enid.mx>"), "{stdout}");

    let (ok, _, stderr) = run_enid(dir.path(), &args, &env, "staff-password\n");
    assert!(!ok, "a second user with the same email is refused");
    assert!(stderr.contains("already exists"), "{stderr}");

    let short = [
        "create-user",
        "--email",
        "x@enid.mx",
        "--name",
        "X",
        "--password-stdin",
    ];
    let (ok, _, stderr) = run_enid(dir.path(), &short, &env, "short\n");
    assert!(!ok);
    assert!(stderr.contains("password"), "{stderr}");

    let server = EnidProcess::serve(dir.path(), &env).await;
    let (status, tokens) = login(&server, "staff@enid.mx", "staff-password").await;
    assert_eq!(status, 200, "{tokens}");
    let (_, profile) = call(
        &reqwest::Client::new(),
        Method::GET,
        &server.url("/user/profile/"),
        tokens["access_token"].as_str(),
        None,
    )
    .await;
    assert_eq!(profile["profile"], "staff");
    assert_eq!(
        login(&server, "x@enid.mx", "short").await.0,
        401,
        "the refused user was not stored"
    );
}

#[test]
fn openapi_export_and_bad_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("spec.json");
    let (ok, _, stderr) = run_enid(
        dir.path(),
        &["openapi", "--out", out.to_str().unwrap()],
        &[],
        "",
    );
    assert!(ok, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        enid_server::spec_json() + "\n"
    );

    let (ok, stdout, _) = run_enid(dir.path(), &["openapi"], &[], "");
    assert!(ok);
    let spec: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(spec["info"]["title"], "Enid");

    let (ok, _, stderr) = run_enid(
        dir.path(),
        &["serve", "--bind", "127.0.0.1:0"],
        &[("ENID_ACCESS_TTL", "soon")],
        "",
    );
    assert!(!ok);
    assert!(stderr.contains("soon"), "{stderr}");
    let (ok, _, stderr) = run_enid(dir.path(), &[], &[("DATABASE_URL", "mysql://nope")], "");
    assert!(!ok);
    assert!(stderr.contains("database"), "{stderr}");
    assert!(
        !dir.path().join("enid.db").exists(),
        "nothing was created by failed starts"
    );
}

/// The operation paths of the spec served at `url`.
async fn spec_paths(client: &reqwest::Client, url: &str) -> Vec<String> {
    let (status, spec) = call(client, Method::GET, url, None, None).await;
    assert_eq!(status, 200, "{url}");
    spec["paths"].as_object().unwrap().keys().cloned().collect()
}

#[tokio::test]
async fn split_ports_serve_each_original_service_alone() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("ENID_ADMIN_EMAIL", "admin@enid.mx"),
        ("ENID_ADMIN_PASSWORD", "admin-password-1"),
        ("ENID_HEADER_TIMEOUT", "1s"),
    ];
    let enid = EnidProcess::serve_with(dir.path(), &env, &["--split-ports"]).await;
    // The last line of the announcement.
    let output = enid.output_until("inventory alone on").await.join("\n");
    for (name, port) in [("leads", 8086), ("accounts", 8087), ("inventory", 8088)] {
        assert!(
            output.contains(&format!("{name} alone on http://127.0.0.1:{port}")),
            "{output}"
        );
    }
    let client = reqwest::Client::new();

    // Each port documents its own operations and none of the others'.
    let accounts = spec_paths(&client, "http://127.0.0.1:8087/openapi.json").await;
    assert!(accounts.contains(&"/login/".to_owned()) && accounts.contains(&"/store/".to_owned()));
    assert!(
        accounts
            .iter()
            .all(|p| !p.starts_with("/lead") && !p.starts_with("/movements")),
        "{accounts:?}"
    );
    let leads = spec_paths(&client, "http://127.0.0.1:8086/openapi.json").await;
    assert!(
        leads.contains(&"/lead/existence/".to_owned())
            && leads.contains(&"/lead-metrics/overview/".to_owned())
            && leads.contains(&"/page-analytics/page-access/".to_owned()),
        "{leads:?}"
    );
    assert!(
        leads
            .iter()
            .all(|p| !p.starts_with("/login") && !p.starts_with("/warehouses")),
        "{leads:?}"
    );
    let inventory = spec_paths(&client, "http://127.0.0.1:8088/openapi.json").await;
    assert!(
        inventory.contains(&"/movements/".to_owned())
            && inventory.contains(&"/warehouses/".to_owned()),
        "{inventory:?}"
    );
    assert!(
        inventory
            .iter()
            .all(|p| !p.starts_with("/login") && !p.starts_with("/lead")),
        "{inventory:?}"
    );

    // Operations of another service are not served on a service's port.
    let (status, _) = call(
        &client,
        Method::GET,
        "http://127.0.0.1:8086/warehouses/",
        None,
        None,
    )
    .await;
    assert_eq!(status, 404);

    let (status, tokens) = call(
        &client,
        Method::POST,
        "http://127.0.0.1:8087/login/",
        None,
        Some(json!({"email": "admin@enid.mx", "password": "admin-password-1"})),
    )
    .await;
    assert_eq!(status, 200, "{tokens}");
    let token = tokens["access_token"].as_str();
    // Every listener serves one backend: a token from the accounts port works everywhere, and a
    // lead taken in on the leads port is the one the main port lists.
    let (status, _) = call(
        &client,
        Method::GET,
        &enid.url("/user/profile/"),
        token,
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, warehouse) = call(
        &client,
        Method::POST,
        "http://127.0.0.1:8088/warehouses/",
        token,
        Some(json!({"name": "Bodega Norte", "address": "Monterrey"})),
    )
    .await;
    assert_eq!(status, 201, "{warehouse}");
    let (status, lead) = call(
        &client,
        Method::POST,
        "http://127.0.0.1:8086/lead/existence/",
        None,
        Some(json!({"email": "ana@example.mx", "name": "Ana", "lead_type": 1})),
    )
    .await;
    assert_eq!(status, 201, "{lead}");
    let (status, leads) = call(&client, Method::GET, &enid.url("/lead/"), token, None).await;
    assert_eq!(status, 200);
    assert_eq!(leads["count"], 1, "{leads}");
    assert_eq!(leads["results"][0]["email"], "ana@example.mx");
    let (status, warehouses) =
        call(&client, Method::GET, &enid.url("/warehouses/"), token, None).await;
    assert_eq!(status, 200);
    assert_eq!(
        warehouses["results"][0]["name"], "Bodega Norte",
        "{warehouses}"
    );

    // Each port closes a connection whose request head never completes.
    for port in [8086, 8087, 8088] {
        let mut half = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        half.write_all(b"GET /health/live HTTP/1.1\r\nHo")
            .await
            .unwrap();
        let answer = read_until_closed(&mut half, &format!("port {port}")).await;
        assert_eq!(answer, "");
    }
}
