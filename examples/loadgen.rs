//! A closed-loop HTTP load generator for Enid's benchmarks: N connections each send requests back
//! to back for a fixed time; it reports requests per second, latency percentiles and, given the
//! server's pid, its resident memory before and under load.
//!
//! ```text
//! cargo run --release -p enid-examples --example loadgen -- \
//!     --url http://127.0.0.1:8080 --path /user/profile/ --login admin@example.mx:password \
//!     --connections 32 --seconds 10 --pid $(pgrep -n enid)
//! ```
//! `bench/accounts.sh` runs the whole accounts benchmark with it.
//!
//! Writes take `--method POST --body '{...}'`. The path and the body are templates: `{n}` becomes
//! a request counter shared by all connections, `{rand:N}` a random number from 1 to N, and
//! `{pick:a|b|c}` one of the choices at random, e.g.
//! `--body '{"product_id": {rand:10000}, "movement_type": "{pick:in|out}", "quantity": 1}'`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;

#[derive(Parser)]
struct Args {
    /// Base URL of the server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Path to request (a template).
    #[arg(long, default_value = "/health/ready")]
    path: String,
    /// HTTP method.
    #[arg(long, default_value = "GET")]
    method: reqwest::Method,
    /// JSON body to send with each request (a template).
    #[arg(long, conflicts_with = "body_file")]
    body: Option<String>,
    /// Read the body template from this file (for bodies too long for a command-line argument,
    /// such as a batch of events).
    #[arg(long)]
    body_file: Option<std::path::PathBuf>,
    /// An extra request header, `Name: value`; repeatable.
    #[arg(long = "header")]
    headers: Vec<String>,
    /// A non-2xx status that still counts as an answered request (e.g. 409 for a refused
    /// stock movement); repeatable.
    #[arg(long = "accept-status")]
    accept_statuses: Vec<u16>,
    /// `email:password` to log in with first; the access token is sent as Bearer.
    #[arg(long)]
    login: Option<String>,
    /// Concurrent connections.
    #[arg(long, default_value_t = 32)]
    connections: usize,
    /// Length of the measured run.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Warm-up before measuring.
    #[arg(long, default_value_t = 2)]
    warmup_seconds: u64,
    /// The server's pid, to report its resident memory.
    #[arg(long)]
    pid: Option<u32>,
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

async fn login(
    client: &reqwest::Client,
    base: &str,
    credentials: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let (email, password) = credentials
        .split_once(':')
        .ok_or("--login takes email:password")?;
    let response = client
        .post(format!("{base}/login/"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await?;
    let status = response.status();
    let body: serde_json::Value = response.json().await?;
    body["access_token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("login failed with {status}: {body}").into())
}

/// One piece of a path or body template.
#[derive(Debug, Clone)]
enum Part {
    Text(String),
    /// `{n}`
    Counter,
    /// `{rand:N}`: 1..=N
    Random(u64),
    /// `{pick:a|b}`
    Pick(Vec<String>),
}

#[derive(Debug, Clone)]
struct Template(Vec<Part>);

impl Template {
    fn parse(text: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let Some((inner, _)) = rest[start + 1..].split_once('}') else {
                break;
            };
            let part = if inner == "n" {
                Some(Part::Counter)
            } else if let Some(n) = inner.strip_prefix("rand:") {
                let n = n.parse().ok().filter(|n| *n > 0);
                Some(Part::Random(n.ok_or_else(|| format!("bad {{{inner}}}"))?))
            } else {
                inner
                    .strip_prefix("pick:")
                    .map(|choices| Part::Pick(choices.split('|').map(str::to_owned).collect()))
            };
            match part {
                Some(part) => {
                    parts.push(Part::Text(rest[..start].to_owned()));
                    parts.push(part);
                    rest = &rest[start + inner.len() + 2..];
                }
                // A brace of the JSON itself.
                None => {
                    parts.push(Part::Text(rest[..=start].to_owned()));
                    rest = &rest[start + 1..];
                }
            }
        }
        parts.push(Part::Text(rest.to_owned()));
        Ok(Self(parts))
    }

    fn render(&self, counter: u64, rng: &mut XorShift) -> String {
        let mut out = String::new();
        for part in &self.0 {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Counter => out.push_str(&counter.to_string()),
                Part::Random(n) => out.push_str(&(rng.next() % n + 1).to_string()),
                Part::Pick(choices) => {
                    out.push_str(&choices[(rng.next() % choices.len() as u64) as usize])
                }
            }
        }
        out
    }
}

/// A small, fast pseudo-random generator; load patterns need no better.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// What every connection sends.
struct RequestPlan {
    method: reqwest::Method,
    url: Template,
    body: Option<Template>,
    headers: Vec<(String, String)>,
    accept_statuses: Vec<u16>,
    token: Option<String>,
    counter: AtomicU64,
}

/// Runs one connection's loop until `until`; returns the latencies (µs) of successful requests
/// made after `measure_from`, and the number of failures.
async fn connection(
    plan: Arc<RequestPlan>,
    seed: u64,
    measure_from: Instant,
    until: Instant,
) -> (Vec<u32>, u64) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .expect("client");
    let mut rng = XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut latencies = Vec::new();
    let mut failures = 0;
    while Instant::now() < until {
        let n = plan.counter.fetch_add(1, Ordering::Relaxed) + 1;
        let mut request = client.request(plan.method.clone(), plan.url.render(n, &mut rng));
        if let Some(token) = &plan.token {
            request = request.bearer_auth(token);
        }
        for (name, value) in &plan.headers {
            request = request.header(name, value);
        }
        if let Some(body) = &plan.body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.render(n, &mut rng));
        }
        let started = Instant::now();
        let ok = match request.send().await {
            Ok(response) => {
                let status = response.status();
                (status.is_success() || plan.accept_statuses.contains(&status.as_u16()))
                    && response.bytes().await.is_ok()
            }
            Err(_) => false,
        };
        if started >= measure_from {
            if ok {
                latencies.push(started.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
            } else {
                failures += 1;
            }
        }
    }
    (latencies, failures)
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[index]) / 1000.0
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let base = args.url.trim_end_matches('/').to_owned();
    let token = match &args.login {
        Some(credentials) => Some(login(&reqwest::Client::new(), &base, credentials).await?),
        None => None,
    };
    if let Some(pid) = args.pid {
        println!("server RSS idle: {} KiB", rss_kib(pid).unwrap_or(0));
    }
    let headers = args
        .headers
        .iter()
        .map(|header| {
            header
                .split_once(':')
                .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
                .ok_or_else(|| format!("--header takes `Name: value`, got {header}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let plan = Arc::new(RequestPlan {
        method: args.method.clone(),
        url: Template::parse(&format!("{base}{}", args.path))?,
        body: match &args.body_file {
            Some(path) => Some(Template::parse(
                &std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
            )?),
            None => args.body.as_deref().map(Template::parse).transpose()?,
        },
        headers,
        accept_statuses: args.accept_statuses.clone(),
        token,
        counter: AtomicU64::new(0),
    });
    let measure_from = Instant::now() + Duration::from_secs(args.warmup_seconds);
    let until = measure_from + Duration::from_secs(args.seconds);
    let tasks: Vec<_> = (0..args.connections)
        .map(|i| tokio::spawn(connection(plan.clone(), i as u64 + 1, measure_from, until)))
        .collect();
    let mut peak_rss = 0;
    if let Some(pid) = args.pid {
        while Instant::now() < until {
            tokio::time::sleep(Duration::from_millis(250)).await;
            peak_rss = peak_rss.max(rss_kib(pid).unwrap_or(0));
        }
    }
    let mut latencies = Vec::new();
    let mut failures = 0;
    for task in tasks {
        let (mut own, failed) = task.await?;
        latencies.append(&mut own);
        failures += failed;
    }
    latencies.sort_unstable();
    println!(
        "{} {} with {} connections for {} s: {} ok, {} failed",
        args.method,
        args.path,
        args.connections,
        args.seconds,
        latencies.len(),
        failures
    );
    println!(
        "requests/s: {:.0}",
        latencies.len() as f64 / args.seconds as f64
    );
    println!(
        "latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.90),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0)
    );
    if args.pid.is_some() {
        println!("server RSS under load (peak): {peak_rss} KiB");
    }
    if failures > 0 {
        return Err(format!("{failures} requests failed").into());
    }
    Ok(())
}
