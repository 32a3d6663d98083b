//! `enid seed faqs`: the starter set only when run, generated FAQs with `--count`, and what the
//! public then sees and finds.

use reqwest::Method;

use enid_tests::{EnidProcess, call, run_enid};

#[tokio::test]
async fn seed_faqs_loads_the_starter_set_or_generated_faqs() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("shop.db").display());
    let env = [("DATABASE_URL", db.as_str())];

    let (ok, stdout, stderr) = run_enid(dir.path(), &["seed", "faqs"], &env, "");
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("seeded 9 starter FAQs into store 1"),
        "{stdout}"
    );
    let (ok, stdout, stderr) = run_enid(dir.path(), &["seed", "faqs", "--count", "1200"], &env, "");
    assert!(ok, "{stderr}");
    assert!(stdout.contains("seeded 1200 FAQs into store 1"), "{stdout}");
    for (args, message) in [
        (
            &["seed", "faqs", "--store", "99"][..],
            "there is no store 99",
        ),
        (
            &["seed", "faqs", "--count", "0"],
            "--count must be at least 1",
        ),
    ] {
        let (ok, stdout, stderr) = run_enid(dir.path(), args, &env, "");
        assert!(!ok, "{args:?}: {stdout}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }

    let enid = EnidProcess::serve(dir.path(), &env).await;
    let client = reqwest::Client::new();
    let (status, faqs) = call(&client, Method::GET, &enid.url("/faqs/"), None, None).await;
    assert_eq!(status, 200, "{faqs}");
    assert_eq!(faqs["count"], 1209, "{faqs}");
    // The starter categories come first, in the order they were created.
    assert_eq!(
        faqs["results"][0]["ask"],
        "¿Puedo pagar contra entrega en la Ciudad de México?"
    );
    let (status, hits) = call(
        &client,
        Method::GET,
        &enid.url("/faqs/search/?q=funciona%20devolucion"),
        None,
        None,
    )
    .await;
    assert_eq!(status, 200, "{hits}");
    assert_eq!(
        hits[0]["faq"]["ask"], "¿Cómo funciona la devolución?",
        "{hits}"
    );
    assert_eq!(hits.as_array().unwrap().len(), 10, "{hits}");
}
