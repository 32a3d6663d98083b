//! A request body that must keep arriving: see [`crate::HttpConfig::body_timeout`].

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use futures::Stream;
use tokio::time::{Instant, Sleep};

/// After the first `timeout`, a body must arrive at least this fast on average (bytes per second):
/// slow enough for any real upload, too fast for a client that trickles a byte now and then.
pub const MIN_BODY_RATE: u64 = 1024;

/// The chunks of `inner`, or a `TimedOut` error once the body is late: no chunk for `timeout`, or
/// fewer than `timeout` plus one second per [`MIN_BODY_RATE`] bytes received since it started.
/// `expired` records that the error was the deadline's.
pub struct DeadlineBody<S> {
    inner: S,
    timeout: Duration,
    started: Instant,
    received: u64,
    deadline: Pin<Box<Sleep>>,
    expired: Arc<AtomicBool>,
}

impl<S> DeadlineBody<S> {
    pub fn new(inner: S, timeout: Duration, expired: Arc<AtomicBool>) -> Self {
        let started = Instant::now();
        Self {
            inner,
            timeout,
            started,
            received: 0,
            deadline: Box::pin(tokio::time::sleep_until(started + timeout)),
            expired,
        }
    }
}

/// When a body that started at `started` and has `received` bytes, the last at `now`, is late.
fn body_deadline(started: Instant, now: Instant, received: u64, timeout: Duration) -> Instant {
    let earned = Duration::from_secs_f64(received as f64 / MIN_BODY_RATE as f64);
    (now + timeout).min(started + timeout + earned)
}

impl<S, B> Stream for DeadlineBody<S>
where
    S: Stream<Item = io::Result<B>> + Unpin,
    B: AsRef<[u8]>,
{
    type Item = io::Result<B>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.received += chunk.as_ref().len() as u64;
                let next = body_deadline(this.started, Instant::now(), this.received, this.timeout);
                this.deadline.as_mut().reset(next);
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Pending => match this.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    this.expired.store(true, Ordering::Relaxed);
                    Poll::Ready(Some(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the request body did not arrive in time",
                    ))))
                }
                Poll::Pending => Poll::Pending,
            },
            done => done,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The deadline after `received` bytes, the last at `now` seconds, as seconds from the start.
    fn deadline_after(received: u64, now: u64) -> f64 {
        let timeout = Duration::from_secs(30);
        let started = Instant::now();
        let at = body_deadline(
            started,
            started + Duration::from_secs(now),
            received,
            timeout,
        );
        (at - started).as_secs_f64()
    }

    #[tokio::test]
    async fn a_trickle_runs_out_of_time_and_a_steady_body_does_not() {
        // Nothing yet: the timeout.
        assert_eq!(deadline_after(0, 0), 30.0);
        // A byte every 5 s: hardly later than the timeout, however long it goes on.
        assert!(deadline_after(5, 25) < 30.01);
        assert!(deadline_after(6, 30) < 30.01);
        // 8 KiB every 5 s, for as long as it goes: always 5 s ahead or more.
        for chunk in 1..1000 {
            assert!(deadline_after(chunk * 8192, chunk * 5) >= (chunk * 5 + 5) as f64);
        }
        // A stall after a fast start: the timeout from the last chunk.
        assert_eq!(deadline_after(1024 * 1024, 1), 31.0);
    }
}
