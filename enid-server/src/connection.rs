//! Deadlines on the connections `enid serve` accepts, so that clients that send nothing, or a
//! request head byte by byte, cannot hold connections for ever. (Request bodies are timed by the
//! endpoint itself: see [`crate::HttpConfig::body_timeout`].) A host that embeds Enid's endpoint in
//! its own server sets its own connection timeouts. Also `TCP_NODELAY` on every connection.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use poem::http::uri::Scheme;
use poem::listener::Acceptor;
use poem::web::{LocalAddr, RemoteAddr};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};

/// How long an HTTP/1 connection may keep the server waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionTimeouts {
    /// A request head must be complete this long after its first byte arrived.
    pub header: Duration,
    /// A connection with no request in progress (just opened, or kept alive after an answer) is
    /// closed when no byte of a new request arrives for this long.
    pub idle: Duration,
}

impl Default for ConnectionTimeouts {
    fn default() -> Self {
        Self {
            header: Duration::from_secs(30),
            idle: Duration::from_secs(60),
        }
    }
}

/// Accepts connections from `inner` and puts [`ConnectionTimeouts`] on them.
pub struct TimedAcceptor<A> {
    inner: A,
    timeouts: ConnectionTimeouts,
}

impl<A> TimedAcceptor<A> {
    pub fn new(inner: A, timeouts: ConnectionTimeouts) -> Self {
        Self { inner, timeouts }
    }
}

impl<A: Acceptor> Acceptor for TimedAcceptor<A> {
    type Io = TimedIo<A::Io>;

    fn local_addr(&self) -> Vec<LocalAddr> {
        self.inner.local_addr()
    }

    async fn accept(&mut self) -> io::Result<(Self::Io, LocalAddr, RemoteAddr, Scheme)> {
        let (io, local, remote, scheme) = self.inner.accept().await?;
        Ok((TimedIo::new(io, self.timeouts), local, remote, scheme))
    }
}

/// Accepts TCP connections from `inner` with `TCP_NODELAY` set: each event of a streamed answer
/// (server-sent events) is a small write, which Nagle's algorithm would hold back until the
/// client acknowledged the one before.
pub struct NoDelayAcceptor<A>(pub A);

impl<A: Acceptor<Io = TcpStream>> Acceptor for NoDelayAcceptor<A> {
    type Io = TcpStream;

    fn local_addr(&self) -> Vec<LocalAddr> {
        self.0.local_addr()
    }

    async fn accept(&mut self) -> io::Result<(Self::Io, LocalAddr, RemoteAddr, Scheme)> {
        let (io, local, remote, scheme) = self.0.accept().await?;
        io.set_nodelay(true)?;
        Ok((io, local, remote, scheme))
    }
}

/// Where a connection is in its exchange, as far as the bytes it carries tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// No request in progress: waiting for the first byte of one.
    Idle,
    /// A request head is arriving; `line_start` is whether the last byte ended a line (an empty
    /// line ends the head).
    Head { line_start: bool },
    /// The head is complete: the body (timed by the endpoint) and the handler may take their
    /// time, until the answer starts.
    Request,
    /// Not HTTP/1 (HTTP/2 with prior knowledge): its framing is not followed; the connection is
    /// closed when no byte has gone either way for the idle time.
    Http2,
}

/// A connection whose reads fail with `TimedOut` once [`ConnectionTimeouts`] are exceeded; the
/// server then drops it.
///
/// The phase is followed from the bytes: the first byte read while idle starts a head, an empty
/// line ends it, and the first write after it that is a final HTTP/1 answer (not `100 Continue`)
/// makes the connection idle again; every write of the answer restarts the idle time, so a long
/// answer is not cut.
pub struct TimedIo<T> {
    inner: T,
    timeouts: ConnectionTimeouts,
    phase: Phase,
    deadline: Pin<Box<Sleep>>,
}

impl<T> TimedIo<T> {
    fn new(inner: T, timeouts: ConnectionTimeouts) -> Self {
        Self {
            inner,
            timeouts,
            phase: Phase::Idle,
            deadline: Box::pin(tokio::time::sleep(timeouts.idle)),
        }
    }

    /// Whether the deadline applies: not while a request is in progress, when the handler may
    /// take its time.
    fn is_timed(&self) -> bool {
        self.phase != Phase::Request
    }

    fn restart(&mut self, after: Duration) {
        self.deadline.as_mut().reset(Instant::now() + after);
    }

    /// Follows the head through the bytes just read.
    fn on_read(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        if self.phase == Phase::Http2 {
            self.restart(self.timeouts.idle);
            return;
        }
        if self.phase == Phase::Idle {
            self.phase = Phase::Head { line_start: false };
            self.restart(self.timeouts.header);
        }
        if let Phase::Head { mut line_start } = self.phase {
            for &byte in bytes {
                match byte {
                    b'\n' if line_start => {
                        self.phase = Phase::Request;
                        return;
                    }
                    b'\n' => line_start = true,
                    b'\r' => {}
                    _ => line_start = false,
                }
            }
            self.phase = Phase::Head { line_start };
        }
    }

    /// Notes the start of an answer (or, in HTTP/2, of anything the server writes).
    fn on_write(&mut self, first: &[u8]) {
        match self.phase {
            Phase::Http2 | Phase::Idle => self.restart(self.timeouts.idle),
            Phase::Head { .. } | Phase::Request => {
                if first.starts_with(b"HTTP/1.") {
                    let informational = first.get(9) == Some(&b'1');
                    if !informational {
                        self.phase = Phase::Idle;
                        self.restart(self.timeouts.idle);
                    }
                } else if !first.is_empty() {
                    self.phase = Phase::Http2;
                    self.restart(self.timeouts.idle);
                }
            }
        }
    }

    /// Makes the deadline wake the connection's task. Needed after a write: a server between
    /// requests may not read again until the socket has data, so a deadline set while answering
    /// would otherwise never be looked at.
    fn arm(&mut self, cx: &mut Context<'_>) {
        if self.is_timed() {
            // Still in the future: it was just restarted.
            let _ = self.deadline.as_mut().poll(cx);
        }
    }

    fn timed_out(&self) -> io::Error {
        let what = match self.phase {
            Phase::Head { .. } => "the request head did not arrive in time",
            _ => "the connection was idle too long",
        };
        io::Error::new(io::ErrorKind::TimedOut, what)
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for TimedIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if this.is_timed() && Instant::now() >= this.deadline.deadline() {
            return Poll::Ready(Err(this.timed_out()));
        }
        let filled = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                this.on_read(&buf.filled()[filled..]);
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(err)) => Poll::Ready(Err(err)),
            Poll::Pending => {
                if this.is_timed() {
                    ready!(this.deadline.as_mut().poll(cx));
                    return Poll::Ready(Err(this.timed_out()));
                }
                Poll::Pending
            }
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for TimedIo<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let written = ready!(Pin::new(&mut self.inner).poll_write(cx, buf))?;
        if written > 0 {
            self.on_write(buf);
            self.arm(cx);
        }
        Poll::Ready(Ok(written))
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let written = ready!(Pin::new(&mut self.inner).poll_write_vectored(cx, bufs))?;
        if written > 0 {
            let first = bufs
                .iter()
                .find(|buf| !buf.is_empty())
                .map_or(&[][..], |b| b);
            self.on_write(first);
            self.arm(cx);
        }
        Poll::Ready(Ok(written))
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io() -> TimedIo<()> {
        TimedIo::new((), ConnectionTimeouts::default())
    }

    #[tokio::test]
    async fn an_empty_line_ends_the_head_and_a_final_answer_ends_the_request() {
        let mut conn = io();
        conn.on_read(b"POST /login/ HTTP/1.1\r\nHost: a\r\n");
        assert!(matches!(conn.phase, Phase::Head { .. }));
        conn.on_read(b"\r");
        conn.on_read(b"\n{\"email\"");
        assert_eq!(conn.phase, Phase::Request);
        conn.on_write(b"HTTP/1.1 100 Continue\r\n\r\n");
        assert_eq!(conn.phase, Phase::Request);
        conn.on_write(b"HTTP/1.1 200 OK\r\n");
        assert_eq!(conn.phase, Phase::Idle);
        conn.on_write(b"{\"access_token\"");
        assert_eq!(conn.phase, Phase::Idle);
        conn.on_read(b"GET / HTTP/1.1\n\n");
        assert_eq!(conn.phase, Phase::Request);
    }

    #[tokio::test]
    async fn http2_is_timed_by_its_traffic_alone() {
        let mut conn = io();
        conn.on_read(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        conn.on_write(&[0, 0, 18, 4, 0]);
        assert_eq!(conn.phase, Phase::Http2);
        assert!(conn.is_timed());
        let idle_from = |conn: &TimedIo<()>| conn.deadline.deadline() - Instant::now();
        assert!(idle_from(&conn) > Duration::from_secs(59));
        conn.on_read(&[0, 0, 0, 4, 1, 0, 0, 0, 0]);
        assert_eq!(conn.phase, Phase::Http2, "frames are not followed");
        assert!(idle_from(&conn) > Duration::from_secs(59));
    }

    #[tokio::test]
    async fn accepted_connections_send_small_writes_at_once() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut acceptor =
            NoDelayAcceptor(poem::listener::TcpAcceptor::from_tokio(listener).unwrap());
        let _client = TcpStream::connect(addr).await.unwrap();
        let (accepted, ..) = acceptor.accept().await.unwrap();
        assert!(accepted.nodelay().unwrap());
    }
}
