//! `enid assistant ask`: answers from the command line with the offline provider, and with the
//! gemini provider against a one-answer model server on a free local port.

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use enid_tests::run_enid;

#[tokio::test]
async fn ask_answers_offline_from_the_stores_faqs() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("shop.db").display());
    let env = [("DATABASE_URL", db.as_str())];
    let (ok, _, stderr) = run_enid(dir.path(), &["seed", "faqs"], &env, "");
    assert!(ok, "{stderr}");

    let (ok, stdout, stderr) = run_enid(
        dir.path(),
        &["assistant", "ask", "¿Puedo pagar contra entrega?"],
        &env,
        "",
    );
    assert!(ok, "{stderr}");
    assert!(stdout.contains("contra entrega"), "{stdout}");
    assert!(
        stderr.contains("provider offline, model offline"),
        "{stderr}"
    );

    for (args, message) in [
        (&["assistant", "ask", "x"][..], "at least 2 characters"),
        (
            &["assistant", "ask", "¿Hola?", "--store", "99"],
            "there is no store 99",
        ),
    ] {
        let (ok, stdout, stderr) = run_enid(dir.path(), args, &env, "");
        assert!(!ok, "{args:?}: {stdout}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

/// Answers one request with a streamed Gemini response (one event); returns the request's head.
async fn one_gemini_answer(listener: tokio::net::TcpListener) -> String {
    let (mut socket, _) = listener.accept().await.unwrap();
    let mut received = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        let read = socket.read(&mut buffer).await.unwrap();
        received.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&received).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length: usize = head
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse().ok())?
                })
                .unwrap_or(0);
            if body.len() >= length {
                break;
            }
        }
        assert!(read > 0, "the request ended early");
    }
    let answer = serde_json::json!({
        "candidates": [{"content": {"role": "model",
                                    "parts": [{"text": "Sí, pagas al recibir tu pedido."}]},
                        "finishReason": "STOP"}],
        "usageMetadata": {"promptTokenCount": 90, "candidatesTokenCount": 8},
        "modelVersion": "gemini-2.5-flash"
    })
    .to_string();
    let events = format!("data: {answer}\r\n\r\n");
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{events}",
        events.len()
    );
    socket.write_all(response.as_bytes()).await.unwrap();
    let text = String::from_utf8_lossy(&received).into_owned();
    text.split_once("\r\n\r\n").unwrap().0.to_owned()
}

#[tokio::test]
async fn ask_uses_the_configured_gemini_endpoint_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("shop.db").display());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let model = tokio::spawn(one_gemini_answer(listener));
    let path = dir.path().to_owned();
    let (ok, stdout, stderr) = tokio::task::spawn_blocking(move || {
        let env = [
            ("DATABASE_URL", db.as_str()),
            ("GOOGLE_API_KEY", "cli-test-key"),
            ("ENID_GEMINI_BASE_URL", base.as_str()),
        ];
        run_enid(
            &path,
            &["assistant", "ask", "¿Puedo pagar al recibir?"],
            &env,
            "",
        )
    })
    .await
    .unwrap();
    assert!(ok, "{stderr}");
    assert_eq!(stdout.trim(), "Sí, pagas al recibir tu pedido.");
    assert!(
        stderr.contains("provider gemini, model gemini-2.5-flash"),
        "{stderr}"
    );
    let head = model.await.unwrap();
    assert!(
        head.starts_with("POST /v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse "),
        "{head}"
    );
    assert!(
        head.to_ascii_lowercase()
            .contains("x-goog-api-key: cli-test-key"),
        "{head}"
    );
}
