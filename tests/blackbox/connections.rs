//! Connection deadlines of `enid serve` over real sockets: clients that send nothing, half a head,
//! a head or a body byte by byte, or keep a connection idle are closed, and many of them at once
//! do not keep real clients from being answered.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::net::tcp::OwnedWriteHalf;

use enid_tests::{EnidProcess, call, postgres_url};

/// Far longer than any deadline the tests set: a connection still open then is held for ever.
const BOUND: Duration = Duration::from_secs(20);

async fn connect(enid: &EnidProcess) -> TcpStream {
    let addr = enid.base_url.trim_start_matches("http://");
    TcpStream::connect(addr).await.expect("connects")
}

/// Everything the server sends until it closes the connection; fails when it keeps it open.
pub(crate) async fn read_until_closed(
    stream: &mut (impl AsyncReadExt + Unpin),
    what: &str,
) -> String {
    let mut received = Vec::new();
    let reading = async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(BOUND, reading)
        .await
        .unwrap_or_else(|_| panic!("{what}: the connection is still open"));
    String::from_utf8_lossy(&received).into_owned()
}

/// Reads until `text` has arrived (the connection must stay open until then).
async fn read_until(stream: &mut TcpStream, text: &str) -> String {
    let mut received = Vec::new();
    let reading = async {
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&received).contains(text) {
            let n = stream.read(&mut buf).await.expect("reads");
            assert!(n > 0, "closed before {text:?}: {received:?}");
            received.extend_from_slice(&buf[..n]);
        }
    };
    tokio::time::timeout(BOUND, reading)
        .await
        .unwrap_or_else(|_| panic!("no {text:?}"));
    String::from_utf8_lossy(&received).into_owned()
}

/// Writes `bytes` one at a time, 200 ms apart, while the server takes them.
async fn trickle(mut writer: OwnedWriteHalf, bytes: Vec<u8>) {
    for byte in bytes {
        if writer.write_all(&[byte]).await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

const LIVE: &[u8] = b"GET /health/live HTTP/1.1\r\nHost: enid\r\n\r\n";

#[tokio::test]
async fn slow_clients_are_closed() {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("ENID_HEADER_TIMEOUT", "1s"),
        ("ENID_BODY_TIMEOUT", "1s"),
        ("ENID_IDLE_TIMEOUT", "1s"),
    ];
    let enid = EnidProcess::serve(dir.path(), &env).await;

    // Nothing at all.
    let mut silent = connect(&enid).await;
    assert_eq!(read_until_closed(&mut silent, "silent").await, "");

    // Half a head, then nothing.
    let mut half = connect(&enid).await;
    half.write_all(b"GET /health/live HTTP/1.1\r\nHost: en")
        .await
        .unwrap();
    assert_eq!(read_until_closed(&mut half, "half head").await, "");

    // A head byte by byte, with more header lines than the deadline lets through (100 bytes
    // at 200 ms apart is 20 s).
    let (mut reader, writer) = connect(&enid).await.into_split();
    let mut head = b"GET /health/live HTTP/1.1\r\n".to_vec();
    head.extend(b"X-Slow: y\r\n".repeat(8));
    let sending = tokio::spawn(trickle(writer, head));
    assert_eq!(read_until_closed(&mut reader, "trickled head").await, "");
    sending.abort();

    // HTTP/2 with prior knowledge: the preface and settings, then nothing. The server answers
    // with its own settings frame, and closes the connection when it has been idle.
    let mut h2 = connect(&enid).await;
    h2.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04\0\0\0\0\0")
        .await
        .unwrap();
    let mut frames = Vec::new();
    let reading = async {
        let mut buf = [0u8; 4096];
        loop {
            match h2.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => frames.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(BOUND, reading)
        .await
        .expect("an idle HTTP/2 connection is closed");
    assert_eq!(
        frames.get(3),
        Some(&4),
        "a SETTINGS frame first: {frames:?}"
    );

    // A body byte by byte: answered 408, then closed.
    let (mut reader, mut writer) = connect(&enid).await.into_split();
    writer
        .write_all(
            b"POST /login/signup/ HTTP/1.1\r\nHost: enid\r\nContent-Type: application/json\r\n\
              Content-Length: 100\r\n\r\n{",
        )
        .await
        .unwrap();
    let sending = tokio::spawn(trickle(writer, vec![b' '; 99]));
    let answer = read_until_closed(&mut reader, "trickled body").await;
    sending.abort();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"request_timeout\""), "{answer}");

    // A kept-alive connection serves requests one after another, then is closed when idle.
    let mut kept = connect(&enid).await;
    for _ in 0..2 {
        kept.write_all(LIVE).await.unwrap();
        let answer = read_until(&mut kept, "{\"status\":\"ok\"}").await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }
    assert_eq!(read_until_closed(&mut kept, "idle keep-alive").await, "");

    // Real clients were never in the way.
    let (status, _) = call(
        &reqwest::Client::new(),
        Method::GET,
        &enid.url("/health/ready"),
        None,
        None,
    )
    .await;
    assert_eq!(status, 200);
}

/// 200 slow clients hold connections (with the default deadlines) while real clients sign up,
/// log in and read their profile.
async fn many_slow_clients_do_not_starve_real_ones(database_url: &str) {
    let dir = tempfile::tempdir().unwrap();
    let enid = EnidProcess::serve(dir.path(), &[("DATABASE_URL", database_url)]).await;
    let mut slow = Vec::new();
    for n in 0..200 {
        let mut stream = connect(&enid).await;
        match n % 4 {
            0 => {}
            1 => stream
                .write_all(b"GET /health/live HTTP/1.1\r\nHo")
                .await
                .unwrap(),
            2 => stream
                .write_all(
                    b"POST /login/ HTTP/1.1\r\nHost: enid\r\nContent-Type: application/json\r\n\
                      Content-Length: 100\r\n\r\n{\"email\"",
                )
                .await
                .unwrap(),
            _ => {
                stream.write_all(LIVE).await.unwrap();
                read_until(&mut stream, "{\"status\":\"ok\"}").await;
            }
        }
        slow.push(stream);
    }

    let client = reqwest::Client::new();
    for n in 0..5 {
        let email = format!("cliente{n}@tienda.mx");
        let (status, body) = call(
            &client,
            Method::POST,
            &enid.url("/login/signup/"),
            None,
            Some(json!({"email": email, "name": "Cliente Real", "password": "contraseña-9"})),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let (status, tokens) = call(
            &client,
            Method::POST,
            &enid.url("/login/"),
            None,
            Some(json!({"email": email, "password": "contraseña-9"})),
        )
        .await;
        assert_eq!(status, 200, "{tokens}");
        let (status, profile) = call(
            &client,
            Method::GET,
            &enid.url("/user/profile/"),
            tokens["access_token"].as_str(),
            None,
        )
        .await;
        assert_eq!(status, 200, "{profile}");
        assert_eq!(profile["email"], email);
    }

    // The slow clients were connected all along: nothing was sent to them, nothing closed.
    for (n, stream) in slow.iter().enumerate() {
        let mut buf = [0u8; 64];
        match stream.try_read(&mut buf) {
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {}
            other => panic!("slow client {n} was answered or closed: {other:?}"),
        }
    }
}

#[tokio::test]
async fn many_slow_clients_do_not_starve_real_ones_on_sqlite() {
    many_slow_clients_do_not_starve_real_ones("sqlite://enid.db").await;
}

#[tokio::test]
async fn many_slow_clients_do_not_starve_real_ones_on_postgres() {
    let Some(base) = postgres_url() else { return };
    let url = enid_storage::postgres::testing::fresh_schema_url(&base)
        .await
        .unwrap();
    many_slow_clients_do_not_starve_real_ones(&url).await;
}
