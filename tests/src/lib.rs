//! Support for the black-box tests: start the real `enid` binary on a free port and talk to it.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The PostgreSQL test URL, or `None` after reporting the test skipped (see `enid_storage::testing`).
pub use enid_storage::testing::postgres_url;

/// `target/<profile>/enid`, built by `cargo test` for the workspace (or `cargo build -p enid-server`).
pub fn enid_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>");
    let path = profile_dir.join(format!("enid{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} is missing: run the workspace's `cargo test`, or `cargo build -p enid-server` first",
        path.display()
    );
    path
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("its address")
        .port()
}

/// `enid` in `dir` without inherited `DATABASE_URL`/`ENID_*` settings, logging warnings only.
fn enid_command(dir: &Path) -> Command {
    let mut command = Command::new(enid_binary());
    command.current_dir(dir);
    for (key, _) in std::env::vars() {
        if key == "DATABASE_URL" || key.starts_with("ENID_") {
            command.env_remove(key);
        }
    }
    command.env("ENID_LOG", "warn");
    command
}

/// Runs `enid ARGS` in `dir` with these environment variables and `stdin`, to completion;
/// returns success, standard output and standard error.
pub fn run_enid(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    stdin: &str,
) -> (bool, String, String) {
    let mut child = enid_command(dir)
        .args(args)
        .envs(env.iter().copied())
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

/// A running `enid` process, killed when dropped.
pub struct EnidProcess {
    child: Child,
    pub base_url: String,
    output: Arc<Mutex<Vec<String>>>,
}

impl EnidProcess {
    /// Starts `enid serve` in `dir` on a free port with these environment variables (and no
    /// inherited `DATABASE_URL`/`ENID_*` settings), and waits until `/health/ready` answers.
    pub async fn serve(dir: &Path, env: &[(&str, &str)]) -> Self {
        Self::serve_with(dir, env, &[]).await
    }

    /// As [`Self::serve`], with more `enid serve` arguments.
    pub async fn serve_with(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Self {
        let port = free_port();
        let mut child = enid_command(dir)
            .arg("serve")
            .arg("--bind")
            .arg(format!("127.0.0.1:{port}"))
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("enid starts");
        let output = Arc::new(Mutex::new(Vec::new()));
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let output = output.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    output.lock().unwrap().push(line);
                }
            });
        }
        let process = Self {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            output,
        };
        process.wait_ready().await;
        process
    }

    async fn wait_ready(&self) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(response) = client.get(self.url("/health/ready")).send().await
                && response.status().is_success()
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "enid never became ready: {:?}",
                self.output()
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Everything the process printed so far.
    pub fn output(&self) -> Vec<String> {
        self.output.lock().unwrap().clone()
    }

    /// Everything the process printed, once a line containing `text` is among it: the lines
    /// are read on other threads, so readiness does not mean they have all arrived yet.
    pub async fn output_until(&self, text: &str) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let output = self.output();
            if output.iter().any(|line| line.contains(text)) {
                return output;
            }
            assert!(
                Instant::now() < deadline,
                "enid never printed {text:?}: {output:?}"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Sends SIGTERM and waits for the process to exit.
    pub fn terminate(mut self) -> ExitStatus {
        let status = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()
            .expect("kill runs");
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "enid did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for EnidProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A JSON request and its status and body.
pub async fn call(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut request = client.request(method, url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    send(request).await
}

/// Sends a request built by the caller (for headers [`call`] does not set); its status and
/// JSON body.
pub async fn send(request: reqwest::RequestBuilder) -> (u16, serde_json::Value) {
    let response = request.send().await.expect("request sent");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body read");
    let body = if text.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"))
    };
    (status, body)
}

/// `POST /login/`: its status and body (the tokens on success).
pub async fn login(enid: &EnidProcess, email: &str, password: &str) -> (u16, serde_json::Value) {
    call(
        &reqwest::Client::new(),
        reqwest::Method::POST,
        &enid.url("/login/"),
        None,
        Some(serde_json::json!({"email": email, "password": password})),
    )
    .await
}
