use std::io::Write;
use std::process::{Command, Stdio};

use reqwest::Method;
use serde_json::json;

use enid_tests::{EnidProcess, call, enid_binary};

/// Runs `enid ARGS` in `dir` with `stdin`, without inherited Enid settings.
fn enid(
    dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
    stdin: &str,
) -> (bool, String, String) {
    let mut command = Command::new(enid_binary());
    command.current_dir(dir).args(args);
    for (key, _) in std::env::vars() {
        if key == "DATABASE_URL" || key.starts_with("ENID_") {
            command.env_remove(key);
        }
    }
    command.envs(env.iter().copied()).env("ENID_LOG", "warn");
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("enid runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

async fn login(enid: &EnidProcess, email: &str, password: &str) -> (u16, serde_json::Value) {
    call(
        &reqwest::Client::new(),
        Method::POST,
        &enid.url("/login/"),
        None,
        Some(json!({"email": email, "password": password})),
    )
    .await
}

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
    let printed = first.output().join("\n");
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

    let (ok, stdout, stderr) = enid(dir.path(), &["migrate"], &env, "");
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
    let (ok, stdout, stderr) = enid(dir.path(), &args, &env, "staff-password\n");
    assert!(ok, "{stderr}");
    assert!(stdout.contains("<staff@enid.mx>"), "{stdout}");

    let (ok, _, stderr) = enid(dir.path(), &args, &env, "staff-password\n");
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
    let (ok, _, stderr) = enid(dir.path(), &short, &env, "short\n");
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
    let (ok, _, stderr) = enid(
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

    let (ok, stdout, _) = enid(dir.path(), &["openapi"], &[], "");
    assert!(ok);
    let spec: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(spec["info"]["title"], "Enid");

    let (ok, _, stderr) = enid(
        dir.path(),
        &["serve", "--bind", "127.0.0.1:0"],
        &[("ENID_ACCESS_TTL", "soon")],
        "",
    );
    assert!(!ok);
    assert!(stderr.contains("soon"), "{stderr}");
    let (ok, _, stderr) = enid(dir.path(), &[], &[("DATABASE_URL", "mysql://nope")], "");
    assert!(!ok);
    assert!(stderr.contains("database"), "{stderr}");
    assert!(
        !dir.path().join("enid.db").exists(),
        "nothing was created by failed starts"
    );
}

#[tokio::test]
async fn split_ports_serve_the_accounts_service_alone_on_8087() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("ENID_ADMIN_EMAIL", "admin@enid.mx"),
        ("ENID_ADMIN_PASSWORD", "admin-password-1"),
    ];
    let enid = EnidProcess::serve_with(dir.path(), &env, &["--split-ports"]).await;
    assert!(
        enid.output()
            .join("\n")
            .contains("accounts alone on http://127.0.0.1:8087")
    );
    let client = reqwest::Client::new();
    let (status, spec) = call(
        &client,
        Method::GET,
        "http://127.0.0.1:8087/openapi.json",
        None,
        None,
    )
    .await;
    assert_eq!(status, 200);
    let paths = spec["paths"].as_object().unwrap();
    assert!(
        paths.contains_key("/login/") && paths.contains_key("/store/"),
        "{:?}",
        paths.keys()
    );
    assert!(
        paths
            .keys()
            .all(|p| !p.starts_with("/lead") && !p.starts_with("/movements")),
        "{:?}",
        paths.keys()
    );

    let (status, tokens) = call(
        &client,
        Method::POST,
        "http://127.0.0.1:8087/login/",
        None,
        Some(json!({"email": "admin@enid.mx", "password": "admin-password-1"})),
    )
    .await;
    assert_eq!(status, 200, "{tokens}");
    // Both listeners serve one backend: the token works on the main port too.
    let (status, _) = call(
        &client,
        Method::GET,
        &enid.url("/user/profile/"),
        tokens["access_token"].as_str(),
        None,
    )
    .await;
    assert_eq!(status, 200);
}
