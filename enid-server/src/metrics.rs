//! Prometheus metrics of the HTTP layer: requests by status class, latency histogram, in flight.

use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds (seconds) of the latency buckets.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];
const CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

#[derive(Debug, Default)]
pub struct HttpMetrics {
    by_class: [AtomicU64; 5],
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
    in_flight: AtomicI64,
}

impl HttpMetrics {
    pub fn started(&self) {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
    }

    pub fn finished(&self, status: u16, elapsed: Duration) {
        self.in_flight.fetch_sub(1, Ordering::Relaxed);
        let class = usize::from(status / 100).clamp(1, 5) - 1;
        self.by_class[class].fetch_add(1, Ordering::Relaxed);
        let seconds = elapsed.as_secs_f64();
        if let Some(bucket) = BUCKETS.iter().position(|bound| seconds <= *bound) {
            self.buckets[bucket].fetch_add(1, Ordering::Relaxed);
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sum_micros
            .fetch_add(elapsed.as_micros() as u64, Ordering::Relaxed);
    }

    /// The Prometheus text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP enid_http_requests_total HTTP requests answered, by status class.\n");
        out.push_str("# TYPE enid_http_requests_total counter\n");
        for (class, counter) in CLASSES.iter().zip(&self.by_class) {
            let _ = writeln!(
                out,
                "enid_http_requests_total{{class=\"{class}\"}} {}",
                counter.load(Ordering::Relaxed)
            );
        }
        out.push_str("# HELP enid_http_request_duration_seconds Time to answer HTTP requests.\n");
        out.push_str("# TYPE enid_http_request_duration_seconds histogram\n");
        let mut cumulative = 0;
        for (bound, counter) in BUCKETS.iter().zip(&self.buckets) {
            cumulative += counter.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "enid_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {cumulative}"
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "enid_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "enid_http_request_duration_seconds_sum {sum}");
        let _ = writeln!(out, "enid_http_request_duration_seconds_count {count}");
        out.push_str("# HELP enid_http_requests_in_flight HTTP requests being answered.\n");
        out.push_str("# TYPE enid_http_requests_in_flight gauge\n");
        let _ = writeln!(
            out,
            "enid_http_requests_in_flight {}",
            self.in_flight.load(Ordering::Relaxed)
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counts_and_buckets() {
        let metrics = HttpMetrics::default();
        metrics.started();
        metrics.finished(200, Duration::from_micros(800));
        metrics.started();
        metrics.finished(404, Duration::from_millis(30));
        metrics.started();
        let text = metrics.render();
        assert!(text.contains("enid_http_requests_total{class=\"2xx\"} 1\n"));
        assert!(text.contains("enid_http_requests_total{class=\"4xx\"} 1\n"));
        assert!(text.contains("enid_http_request_duration_seconds_bucket{le=\"0.001\"} 1\n"));
        assert!(text.contains("enid_http_request_duration_seconds_bucket{le=\"0.05\"} 2\n"));
        assert!(text.contains("enid_http_request_duration_seconds_count 2\n"));
        assert!(text.contains("enid_http_requests_in_flight 1\n"));
    }
}
