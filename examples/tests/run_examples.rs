//! Runs the examples that `cargo test` builds: the core-only walk-through and the host
//! application that mounts Enid under /enid.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `target/<profile>/examples/<name>`, next to this test's own `deps` directory.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>");
    let path = profile_dir.join("examples").join(name);
    assert!(
        path.exists(),
        "{} is missing; `cargo test -p enid-examples` builds it",
        path.display()
    );
    path
}

#[test]
fn core_direct_walks_through_accounts() {
    let output = Command::new(example("core_direct"))
        .output()
        .expect("core_direct runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "core_direct failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("store 2 'Gimnasio en Casa' (slug gimnasio-en-casa)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("signed up as cliente@example.mx"),
        "{stdout}"
    );
    assert!(stdout.contains("refresh token reuse detected"), "{stdout}");
    assert!(stdout.contains("logged out"), "{stdout}");
}

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn embed_host_serves_its_route_and_enid_under_a_prefix() {
    let addr = format!("127.0.0.1:{}", free_port());
    let mut child = Command::new(example("embed_host"))
        .arg(&addr)
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .spawn()
        .expect("embed_host starts");
    let stdout = child.stdout.take().unwrap();
    let _running = Running(child);
    let first_line = BufReader::new(stdout).lines().next().unwrap().unwrap();
    assert!(first_line.contains("host listening"), "{first_line}");

    let client = reqwest::Client::new();
    let base = format!("http://{addr}");
    let deadline = Instant::now() + Duration::from_secs(10);
    let home = loop {
        match client.get(format!("{base}/")).send().await {
            Ok(response) => break response,
            Err(err) if Instant::now() < deadline => {
                let _ = err;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(err) => panic!("host never answered: {err}"),
        }
    };
    assert_eq!(home.status(), 200);
    assert!(home.text().await.unwrap().contains("Welcome to the shop"));

    let ready = client
        .get(format!("{base}/enid/health/ready"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["database"], "ok");

    let spec: serde_json::Value = client
        .get(format!("{base}/enid/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(spec["servers"][0]["url"], "/enid");

    let missing = client
        .get(format!("{base}/enid/user/profile/"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 401);
    let body: serde_json::Value = missing.json().await.unwrap();
    assert_eq!(body["code"], "not_authenticated");
}
