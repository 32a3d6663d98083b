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

use std::time::{Duration, Instant};

use clap::Parser;

#[derive(Parser)]
struct Args {
    /// Base URL of the server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Path to GET.
    #[arg(long, default_value = "/health/ready")]
    path: String,
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

/// Runs one connection's loop until `until`; returns the latencies (µs) of successful requests
/// made after `measure_from`, and the number of failures.
async fn connection(
    url: String,
    token: Option<String>,
    measure_from: Instant,
    until: Instant,
) -> (Vec<u32>, u64) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .expect("client");
    let mut latencies = Vec::new();
    let mut failures = 0;
    while Instant::now() < until {
        let mut request = client.get(&url);
        if let Some(token) = &token {
            request = request.bearer_auth(token);
        }
        let started = Instant::now();
        let ok = match request.send().await {
            Ok(response) => response.status().is_success() && response.bytes().await.is_ok(),
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
    let url = format!("{base}{}", args.path);
    let measure_from = Instant::now() + Duration::from_secs(args.warmup_seconds);
    let until = measure_from + Duration::from_secs(args.seconds);
    let tasks: Vec<_> = (0..args.connections)
        .map(|_| tokio::spawn(connection(url.clone(), token.clone(), measure_from, until)))
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
        "GET {} with {} connections for {} s: {} ok, {} failed",
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
