use reqwest::Method;
use serde_json::json;
use tokio::io::AsyncWriteExt;

use crate::connections::read_until_closed;

use enid_tests::{EnidProcess, call, login, postgres_url, run_enid};

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
    assert!(
        printed.contains(&format!("back office at {}/admin/", first.base_url)),
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

    // A reader that closes the pipe early, as `enid openapi | head -1` does.
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; '{}' openapi | head -c 1 >/dev/null",
            enid_tests::enid_binary().display()
        ))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

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
    let output = enid.output_until("faqs alone on").await.join("\n");
    for (name, port) in [
        ("leads", 8086),
        ("accounts", 8087),
        ("inventory", 8088),
        ("assistant", 8089),
        ("references", 8090),
        ("faqs", 8091),
    ] {
        assert!(
            output.contains(&format!("{name} alone on http://127.0.0.1:{port}")),
            "{output}"
        );
    }
    let client = reqwest::Client::new();

    // Each port documents its own operations and none of the others'.
    let services: [(u16, &[&str], &[&str]); 6] = [
        (8087, &["/login/", "/store/"], &["/lead", "/movements"]),
        (
            8086,
            &[
                "/lead/existence/",
                "/lead-metrics/overview/",
                "/page-analytics/page-access/",
            ],
            &["/login", "/warehouses"],
        ),
        (8088, &["/movements/", "/warehouses/"], &["/login", "/lead"]),
        (
            8090,
            &[
                "/business/",
                "/business/{slug}/images/",
                "/image/upload/",
                "/image/{id}/file/",
            ],
            &["/login", "/faqs"],
        ),
        (
            8091,
            &[
                "/faqs/",
                "/faqs/search/",
                "/faqs/categories/",
                "/returns/",
                "/returns/requests/",
            ],
            &["/login", "/lead", "/warehouses"],
        ),
        (
            8089,
            &[
                "/assistant/chat/",
                "/assistant/chat/stream/",
                "/conversation/",
                "/assistant/knowledge/",
            ],
            &["/login", "/faqs"],
        ),
    ];
    for (port, own, others) in services {
        let paths = spec_paths(&client, &format!("http://127.0.0.1:{port}/openapi.json")).await;
        for path in own {
            assert!(
                paths.contains(&(*path).to_owned()),
                "{port} lacks {path}: {paths:?}"
            );
        }
        assert!(
            paths
                .iter()
                .all(|p| others.iter().all(|other| !p.starts_with(other))),
            "{port}: {paths:?}"
        );
    }
    let (status, turn) = call(
        &client,
        Method::POST,
        "http://127.0.0.1:8089/assistant/chat/",
        None,
        Some(json!({"message": "¿Hacen envíos?"})),
    )
    .await;
    assert_eq!(status, 201, "{turn}");

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
    for port in [8086, 8087, 8088, 8089, 8090, 8091] {
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

/// A SQLite database in `dir` and, when PostgreSQL is configured, a fresh PostgreSQL schema: the
/// backends a command-line test runs against.
async fn database_urls(dir: &std::path::Path) -> Vec<String> {
    let mut urls = vec![format!("sqlite://{}", dir.join("enid.db").display())];
    if let Some(base) = postgres_url() {
        urls.push(
            enid_storage::postgres::testing::fresh_schema_url(&base)
                .await
                .unwrap(),
        );
    }
    urls
}

#[tokio::test]
async fn an_empty_variable_is_unset() {
    let dir = tempfile::tempdir().unwrap();
    // As compose files write "no value": every one of them falls back to its default.
    let env = [
        ("DATABASE_URL", ""),
        ("ENID_ADMIN_EMAIL", ""),
        ("ENID_ADMIN_PASSWORD", ""),
        ("ENID_ACCESS_TTL", ""),
        ("ENID_DEFAULT_STORE", ""),
        ("ENID_MAX_BODY_BYTES", ""),
        ("ENID_TRUST_FORWARDED", ""),
        ("ENID_JWT_SECRET", ""),
        ("ENID_REDIS_URL", ""),
        ("ENID_LOG_FORMAT", ""),
    ];
    let enid = EnidProcess::serve(dir.path(), &env).await;
    assert!(
        dir.path().join("enid.db").exists(),
        "the default database is used"
    );
    let (status, store) = call(
        &reqwest::Client::new(),
        Method::GET,
        &enid.url("/store/1/"),
        None,
        None,
    )
    .await;
    assert_eq!(status, 401, "{store}");
    assert_eq!(
        login(&enid, "admin@enid.mx", "admin-password-1").await.0,
        401,
        "no admin was created"
    );
}

#[test]
fn a_bad_setting_stops_the_start_with_its_name_its_value_and_what_it_takes() {
    let dir = tempfile::tempdir().unwrap();
    let refused = |env: &[(&str, &str)]| {
        let (ok, stdout, stderr) =
            run_enid(dir.path(), &["serve", "--bind", "127.0.0.1:0"], env, "");
        assert!(!ok, "{env:?} started: {stdout}");
        stderr
    };
    let cases: [(&[(&str, &str)], &str); 8] = [
        (
            &[("ENID_ACCESS_TTL", "soon")],
            "enid: ENID_ACCESS_TTL=soon: expected a duration such as 30s, 15m, 12h or 7d\n",
        ),
        (
            &[("ENID_DEFAULT_STORE", "abc")],
            "enid: ENID_DEFAULT_STORE=abc: expected a store id: a whole number, 1 or more\n",
        ),
        (
            &[("ENID_MAX_BODY_BYTES", "-1")],
            "enid: ENID_MAX_BODY_BYTES=-1: expected a number of bytes: a whole number, 1 or more\n",
        ),
        (
            &[("ENID_TRUST_FORWARDED", "maybe")],
            "enid: ENID_TRUST_FORWARDED=maybe: expected true or false\n",
        ),
        (
            &[("ENID_LOG_FORMAT", "xml")],
            "enid: ENID_LOG_FORMAT=xml: expected text or json\n",
        ),
        (
            &[
                ("ENID_ADMIN_EMAIL", "admin"),
                ("ENID_ADMIN_PASSWORD", "admin-password-1"),
            ],
            "enid: ENID_ADMIN_EMAIL=admin: Enter a valid email address.\n",
        ),
        (
            &[
                ("ENID_ADMIN_EMAIL", "admin@enid.mx"),
                ("ENID_ADMIN_PASSWORD", "hunter2"),
            ],
            "enid: ENID_ADMIN_PASSWORD=***: Ensure this field has at least 8 characters.\n",
        ),
        (
            &[("ENID_JWT_SECRET", "hunter2-hunter2")],
            "enid: ENID_JWT_SECRET=***: expected a signing key of at least 32 characters\n",
        ),
    ];
    for (env, message) in cases {
        assert_eq!(refused(env), message);
    }

    // URLs are named with their password masked, whatever is wrong with them.
    let stderr = refused(&[("DATABASE_URL", "mysql://enid:hunter2@db/enid")]);
    assert!(
        stderr.starts_with("enid: DATABASE_URL=mysql://enid:***@db/enid: "),
        "{stderr}"
    );
    let stderr = refused(&[("ENID_REDIS_URL", "http://:hunter2@cache:6379")]);
    assert!(
        stderr.starts_with("enid: ENID_REDIS_URL=http://:***@cache:6379: "),
        "{stderr}"
    );
    assert!(
        !dir.path().join("enid.db").exists(),
        "nothing was created by failed starts"
    );
}

#[tokio::test]
async fn create_user_names_a_missing_store_and_lists_the_roles() {
    let dir = tempfile::tempdir().unwrap();
    for url in database_urls(dir.path()).await {
        let env = [("DATABASE_URL", url.as_str())];
        let create = |store: &str, role: &str| {
            let args = [
                "create-user",
                "--email",
                "ana@enid.mx",
                "--name",
                "Ana",
                "--password-stdin",
                "--store",
                store,
                "--role",
                role,
            ];
            run_enid(dir.path(), &args, &env, "ana-password-1\n")
        };
        let (ok, _, stderr) = create("99", "staff");
        assert!(!ok);
        assert_eq!(stderr, "enid: there is no store 99\n", "{url}");
        let (ok, _, stderr) = create("1", "boss");
        assert!(!ok);
        assert_eq!(
            stderr, "enid: --role boss: expected admin, staff, viewer or customer\n",
            "{url}"
        );
        // Neither attempt stored the user.
        let (ok, stdout, stderr) = create("1", "staff");
        assert!(ok, "{url}: {stderr}");
        assert!(stdout.contains("<ana@enid.mx>"), "{stdout}");
        // The other commands that take a store say the same.
        let (ok, _, stderr) = run_enid(
            dir.path(),
            &["seed", "leads", "--count", "1", "--store", "99"],
            &env,
            "",
        );
        assert!(!ok);
        assert_eq!(stderr, "enid: there is no store 99\n", "{url}");
    }
}

#[test]
fn an_unreachable_database_or_a_missing_directory_is_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, stderr) = run_enid(
        dir.path(),
        &["migrate"],
        &[("DATABASE_URL", "postgres://enid:hunter2@127.0.0.1:1/enid")],
        "",
    );
    assert!(!ok);
    assert!(
        stderr.starts_with(
            "enid: DATABASE_URL=postgres://enid:***@127.0.0.1:1/enid: cannot connect to PostgreSQL: "
        ),
        "{stderr}"
    );
    assert!(stderr.contains("Connection refused"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");

    let missing = dir.path().join("missing");
    let url = format!("sqlite://{}", missing.join("enid.db").display());
    let (ok, _, stderr) = run_enid(dir.path(), &["migrate"], &[("DATABASE_URL", &url)], "");
    assert!(!ok);
    assert_eq!(
        stderr,
        format!(
            "enid: DATABASE_URL={url}: cannot open the SQLite database {}: the directory {} does not exist\n",
            missing.join("enid.db").display(),
            missing.display()
        )
    );
    assert!(!missing.exists(), "no directory was created");
}

#[tokio::test]
async fn postgresql_errors_carry_no_source_lines() {
    let Some(base) = postgres_url() else { return };
    let (path, query) = base.split_once('?').unwrap_or((&base, ""));
    let server = path.rsplit_once('/').expect("a database in the URL").0;
    let url = format!("{server}/enid_no_such_database?{query}");
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, stderr) = run_enid(dir.path(), &["migrate"], &[("DATABASE_URL", &url)], "");
    assert!(!ok);
    assert!(
        stderr.contains(
            "cannot connect to PostgreSQL: database \"enid_no_such_database\" does not exist (SQLSTATE 3D000)"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains(" at line "), "{stderr}");
}

#[tokio::test]
async fn enid_log_debug_shows_debug_lines_and_info_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let debug = EnidProcess::serve(dir.path(), &[("ENID_LOG", "debug")]).await;
    let output = debug.output_until("Enid is serving on").await;
    assert!(
        output.iter().any(|line| line.contains(" DEBUG ")),
        "{output:#?}"
    );
    drop(debug);
    let info = EnidProcess::serve(dir.path(), &[("ENID_LOG", "info")]).await;
    let output = info.output_until("serving").await;
    assert!(
        output.iter().any(|line| line.contains(" INFO ")),
        "{output:#?}"
    );
    assert!(
        !output.iter().any(|line| line.contains(" DEBUG ")),
        "{output:#?}"
    );
}

#[tokio::test]
async fn logs_written_to_a_pipe_carry_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let enid = EnidProcess::serve(dir.path(), &[("ENID_LOG", "info")]).await;
    let (status, _) = call(
        &reqwest::Client::new(),
        Method::GET,
        &enid.url("/health/live"),
        None,
        None,
    )
    .await;
    assert_eq!(status, 200);
    let output = enid.output_until("answered").await;
    assert!(
        output.iter().all(|line| !line.contains('\u{1b}')),
        "{output:#?}"
    );
}

#[tokio::test]
async fn with_json_logs_every_line_is_json() {
    let dir = tempfile::tempdir().unwrap();
    let env = [("ENID_LOG", "debug"), ("ENID_LOG_FORMAT", "json")];
    let enid = EnidProcess::serve(dir.path(), &env).await;
    let (status, _) = call(
        &reqwest::Client::new(),
        Method::GET,
        &enid.url("/health/live"),
        None,
        None,
    )
    .await;
    assert_eq!(status, 200);
    // Standard output and standard error alike.
    let lines: Vec<serde_json::Value> = enid
        .output_until("answered")
        .await
        .iter()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    let announced = format!(
        "Enid is serving on {0} (docs at {0}/docs, back office at {0}/admin/)",
        enid.base_url
    );
    assert!(
        lines
            .iter()
            .any(|line| line["fields"]["message"] == announced.as_str() && line["level"] == "INFO"),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|line| line["level"] == "DEBUG"),
        "{lines:#?}"
    );
}

#[tokio::test]
async fn postgresql_notices_are_not_printed_at_start() {
    let Some(base) = postgres_url() else { return };
    let url = enid_storage::postgres::testing::fresh_schema_url(&base)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let env = [("DATABASE_URL", url.as_str()), ("ENID_LOG", "info")];
    // The second start finds the migrations' table and extension there already: PostgreSQL
    // notices "already exists, skipping" unless asked not to.
    for start in ["first", "second"] {
        let enid = EnidProcess::serve(dir.path(), &env).await;
        let output = enid.output_until("serving").await;
        assert!(
            output
                .iter()
                .all(|line| !line.contains("notice") && !line.contains("already exists")),
            "{start} start: {output:#?}"
        );
        assert!(enid.terminate().success());
    }
}

/// A TCP port that answers every connection with a line of plain text, as a server that does
/// not speak TLS would.
fn plain_text_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().map_while(Result::ok) {
            let _ = std::io::Write::write_all(&mut stream, b"-ERR this is not TLS\r\n");
        }
    });
    port
}

#[test]
fn a_rediss_url_connects_with_tls() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("rediss://:hunter2@127.0.0.1:{}", plain_text_port());
    let (ok, _, stderr) = run_enid(
        dir.path(),
        &["serve", "--bind", "127.0.0.1:0"],
        &[("ENID_REDIS_URL", &url)],
        "",
    );
    assert!(!ok);
    let masked = url.replace("hunter2", "***");
    assert!(
        stderr.starts_with(&format!(
            "enid: ENID_REDIS_URL={masked}: redis connection failed: "
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("not enabled"), "TLS is built in: {stderr}");
}

/// A Redis that speaks TLS only, with a certificate of its own certificate authority, killed
/// when dropped.
struct TlsRedis {
    child: std::process::Child,
    port: u16,
    ca: std::path::PathBuf,
}

impl TlsRedis {
    /// `None` when `redis-server` (built with TLS) or `openssl` is not installed.
    fn start(dir: &std::path::Path) -> Option<Self> {
        let openssl = |args: &[&str]| {
            std::process::Command::new("openssl")
                .args(args)
                .current_dir(dir)
                .output()
                .is_ok_and(|out| out.status.success())
        };
        let certificates =
            openssl(&[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=Enid test CA",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
            ]) && openssl(&[
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=localhost",
                "-keyout",
                "redis.key",
                "-out",
                "redis.csr",
            ]) && std::fs::write(dir.join("san.cnf"), "subjectAltName=IP:127.0.0.1\n").is_ok()
                && openssl(&[
                    "x509",
                    "-req",
                    "-days",
                    "1",
                    "-in",
                    "redis.csr",
                    "-CA",
                    "ca.pem",
                    "-CAkey",
                    "ca.key",
                    "-CAcreateserial",
                    "-extfile",
                    "san.cnf",
                    "-out",
                    "redis.pem",
                ]);
        if !certificates {
            eprintln!("skipped: openssl cannot make test certificates");
            return None;
        }
        let port = enid_tests::free_port();
        let child = std::process::Command::new("redis-server")
            .args(["--port", "0", "--tls-port", &port.to_string()])
            .args([
                "--tls-cert-file",
                "redis.pem",
                "--tls-key-file",
                "redis.key",
            ])
            .args(["--tls-ca-cert-file", "ca.pem", "--tls-auth-clients", "no"])
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        let Ok(mut child) = child else {
            eprintln!("skipped: redis-server is not installed");
            return None;
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if child.try_wait().unwrap().is_some() {
                eprintln!("skipped: this redis-server has no TLS");
                return None;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "redis-server never listened"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Some(Self {
            child,
            port,
            ca: dir.join("ca.pem"),
        })
    }
}

impl Drop for TlsRedis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn enid_serves_with_a_tls_redis() {
    let dir = tempfile::tempdir().unwrap();
    let Some(redis) = TlsRedis::start(dir.path()) else {
        return;
    };
    let url = format!("rediss://127.0.0.1:{}", redis.port);
    let ca = redis.ca.to_str().unwrap();
    // Ready means the cache (Redis, over TLS) answered its PING.
    let enid = EnidProcess::serve(
        dir.path(),
        &[("ENID_REDIS_URL", &url), ("SSL_CERT_FILE", ca)],
    )
    .await;
    let (status, ready) = call(
        &reqwest::Client::new(),
        Method::GET,
        &enid.url("/health/ready"),
        None,
        None,
    )
    .await;
    assert_eq!((status, &ready["cache"]), (200, &json!("ok")), "{ready}");

    // The certificate is verified: without its authority, the start fails.
    let (ok, _, stderr) = run_enid(
        dir.path(),
        &["serve", "--bind", "127.0.0.1:0"],
        &[("ENID_REDIS_URL", &url)],
        "",
    );
    assert!(!ok);
    assert!(stderr.contains("UnknownIssuer"), "{stderr}");
}
