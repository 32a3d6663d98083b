//! The back office in a real headless Chromium, against the real `enid` binary: sign in, the
//! dashboard's charts, a lead's status change, a stock movement and the level it leaves, images
//! (upload, thumbnail, main image, deletion, refusals), the assistant's settings, knowledge and
//! conversations, reordering FAQ categories, what a customer, a viewer and a staff member are
//! shown, sign-out, token refresh, and no console errors. Screenshots land in
//! `target/tmp/admin-screenshots/`.
//!
//! Runs when `ENID_TEST_CHROMIUM` names a Chromium binary (chromedriver beside it, or at
//! `ENID_TEST_CHROMEDRIVER`); otherwise it reports itself skipped, or fails when
//! `ENID_TEST_REQUIRE_CHROMIUM=1` (as in CI).

mod webdriver;

use std::path::{Path, PathBuf};

use reqwest::Method;
use serde_json::{Value, json};

use enid_tests::{EnidProcess, call, free_port, login, run_enid};
use webdriver::{Browser, Driver};

const PASSWORD: &str = "una-clave-segura-2024";

/// Chromium and chromedriver, or `None` when the test is to be skipped.
fn browser_binaries() -> Option<(PathBuf, PathBuf)> {
    let chromium = std::env::var("ENID_TEST_CHROMIUM").unwrap_or_default();
    if chromium.is_empty() {
        assert!(
            std::env::var("ENID_TEST_REQUIRE_CHROMIUM").as_deref() != Ok("1"),
            "ENID_TEST_REQUIRE_CHROMIUM=1 but ENID_TEST_CHROMIUM is not set"
        );
        eprintln!("skipped: set ENID_TEST_CHROMIUM to a Chromium binary to run the browser test");
        return None;
    }
    let chromium = PathBuf::from(chromium);
    let driver = std::env::var("ENID_TEST_CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|_| chromium.with_file_name("chromedriver"));
    assert!(chromium.exists(), "{} does not exist", chromium.display());
    assert!(driver.exists(), "{} does not exist", driver.display());
    Some((chromium, driver))
}

fn screenshots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("admin-screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

/// A user created through the CLI, with `membership` arguments (`--store 1 --role staff`, or
/// `--superuser`).
fn create_user(dir: &Path, env: &[(&str, &str)], email: &str, membership: &[&str]) {
    let mut args = vec![
        "create-user",
        "--email",
        email,
        "--name",
        "Prueba Navegador",
        "--password-stdin",
    ];
    args.extend_from_slice(membership);
    let (ok, _, err) = run_enid(dir, &args, env, PASSWORD);
    assert!(ok, "create-user {email}: {err}");
}

fn run_ok(dir: &Path, env: &[(&str, &str)], args: &[&str]) {
    let (ok, _, err) = run_enid(dir, args, env, "");
    assert!(ok, "{args:?}: {err}");
}

/// Fails on any console message of level SEVERE (errors, CSP violations, failed loads).
async fn assert_quiet_console(browser: &Browser, phase: &str) {
    assert_console_only(browser, phase, &[]).await;
}

/// Fails on any console message of level SEVERE but the failed loads the test caused on purpose,
/// answered with one of `statuses`.
async fn assert_console_only(browser: &Browser, phase: &str, statuses: &[u16]) {
    let severe: Vec<String> = browser
        .console()
        .await
        .into_iter()
        .filter(|line| line.contains("SEVERE"))
        .filter(|line| {
            !statuses
                .iter()
                .any(|status| line.contains(&format!("status of {status} ")))
        })
        .collect();
    assert!(
        severe.is_empty(),
        "console errors during {phase}: {severe:#?}"
    );
}

async fn sign_in(browser: &Browser, enid: &EnidProcess, email: &str) {
    browser.open(&enid.url("/admin/")).await;
    let email_input = browser.find("input[name=email]").await;
    browser.type_into(&email_input, email).await;
    let password = browser.find("input[name=password]").await;
    // Enter in the password field submits: the form works from the keyboard.
    browser
        .type_into(&password, &format!("{PASSWORD}\u{E007}"))
        .await;
    browser.find("nav#main-nav").await;
}

async fn sign_out(browser: &Browser) {
    let button = browser
        .wait_for("the sign-out button", || async {
            for candidate in browser.all("header.top button").await {
                if browser.text(&candidate).await == "Salir" {
                    return Some(candidate);
                }
            }
            None
        })
        .await;
    browser.click(&button).await;
    browser.find("input[name=email]").await;
}

/// Pixels drawn on the first canvas of the first line chart.
async fn drawn_pixels(browser: &Browser) -> u64 {
    browser
        .script(
            "const canvas = document.querySelector('figure[data-chart=line] canvas');
             if (!canvas) return 0;
             const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
             let drawn = 0;
             for (let i = 3; i < data.length; i += 4) if (data[i]) drawn++;
             return drawn;",
        )
        .await
        .as_u64()
        .unwrap_or(0)
}

async fn fits_width(browser: &Browser) -> bool {
    browser
        .script("return document.documentElement.scrollWidth <= window.innerWidth")
        .await
        == json!(true)
}

fn digits(text: &str) -> i64 {
    text.chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or_else(|_| panic!("no number in {text:?}"))
}

/// Waits until the page of the route is drawn: a heading, nothing loading, no error shown.
async fn wait_page(browser: &Browser, page: &str) {
    browser
        .wait_for(&format!("the {page} page"), || async {
            let done = browser
                .script(
                    "return !!document.querySelector('main h1') && \
                     !document.querySelector('main .loading, main .error:not([hidden])');",
                )
                .await;
            (done == json!(true)).then_some(())
        })
        .await;
}

/// The labels of the buttons in the page's main area.
async fn button_labels(browser: &Browser) -> Vec<String> {
    let labels = browser
        .script(
            "return [...document.querySelectorAll('main button')].map((b) => \
             b.getAttribute('aria-label') || b.textContent.trim());",
        )
        .await;
    labels
        .as_array()
        .unwrap()
        .iter()
        .map(|label| label.as_str().unwrap().to_owned())
        .collect()
}

/// Clicks the button in `scope` (a CSS selector) labelled `label`.
async fn click_button(browser: &Browser, scope: &str, label: &str) {
    let button = browser
        .wait_for(&format!("the {label} button in {scope}"), || async {
            for candidate in browser.all(&format!("{scope} button")).await {
                if browser.text(&candidate).await == label {
                    return Some(candidate);
                }
            }
            None
        })
        .await;
    browser.click(&button).await;
}

/// Answers the page's next `confirm()` with yes (a webdriver cannot click the native dialog
/// reliably in every Chromium).
async fn accept_confirms(browser: &Browser) {
    browser.script("window.confirm = () => true;").await;
}

async fn api(enid: &EnidProcess, token: &str, path: &str) -> Value {
    let (status, body) = call(
        &reqwest::Client::new(),
        Method::GET,
        &enid.url(path),
        Some(token),
        None,
    )
    .await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

#[tokio::test]
async fn back_office_in_chromium() {
    let Some((chromium, chromedriver)) = browser_binaries() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let database = format!("sqlite://{}", dir.path().join("enid.db").display());
    let env = [("DATABASE_URL", database.as_str())];
    run_ok(dir.path(), &env, &["migrate"]);
    create_user(
        dir.path(),
        &env,
        "admin@tienda.mx",
        &["--store", "1", "--role", "admin"],
    );
    create_user(
        dir.path(),
        &env,
        "staff@tienda.mx",
        &["--store", "1", "--role", "staff"],
    );
    create_user(
        dir.path(),
        &env,
        "consulta@tienda.mx",
        &["--store", "1", "--role", "viewer"],
    );
    create_user(
        dir.path(),
        &env,
        "cliente@tienda.mx",
        &["--store", "1", "--role", "customer"],
    );
    run_ok(
        dir.path(),
        &env,
        &["seed", "leads", "--count", "300", "--days", "30"],
    );
    run_ok(
        dir.path(),
        &env,
        &["seed", "page-analytics", "--count", "400", "--days", "30"],
    );
    run_ok(
        dir.path(),
        &env,
        &[
            "seed",
            "inventory",
            "--products",
            "8",
            "--warehouses",
            "2",
            "--movements",
            "120",
            "--days",
            "30",
        ],
    );
    create_user(dir.path(), &env, "root@tienda.mx", &["--superuser"]);
    run_ok(dir.path(), &env, &["seed", "faqs"]);
    let enid = EnidProcess::serve(dir.path(), &env).await;
    let (status, tokens) = login(&enid, "admin@tienda.mx", PASSWORD).await;
    assert_eq!(status, 200, "{tokens}");
    let token = tokens["access_token"].as_str().unwrap().to_owned();

    let shots = screenshots_dir();
    let driver = Driver::start(&chromedriver, free_port()).await;
    let profile = tempfile::tempdir().expect("profile dir");
    let browser = driver.browser(&chromium, profile.path(), 1280, 900).await;

    // Sign in; the dashboard draws its charts.
    sign_in(&browser, &enid, "admin@tienda.mx").await;
    browser
        .wait_for("two drawn line charts", || async {
            (browser.all("figure[data-chart=line] canvas").await.len() >= 2).then_some(())
        })
        .await;
    browser
        .wait_for("the funnel bars", || async {
            (browser.all("figure[data-chart=bars] .bar-fill").await.len() >= 9).then_some(())
        })
        .await;
    assert!(
        drawn_pixels(&browser).await > 500,
        "the lead chart is blank"
    );
    browser.find(".card table, .card .empty").await;
    browser.screenshot(&shots.join("dashboard.png")).await;
    assert_quiet_console(&browser, "sign-in and dashboard").await;

    // Change a pending lead's status; the history shows it and the server stored it.
    let pending = api(&enid, &token, "/lead/?status=pending&page_size=1").await;
    let lead_id = pending["results"][0]["id"]
        .as_i64()
        .expect("a pending lead");
    browser
        .open(&enid.url(&format!("/admin/#/leads/{lead_id}")))
        .await;
    browser
        .select("form select[name=status]", "contacted")
        .await;
    let save = browser.find("form button[type=submit]").await;
    browser.click(&save).await;
    browser
        .wait_text(".card:last-child tbody", |text| text.contains("Contactado"))
        .await;
    let lead = api(&enid, &token, &format!("/lead/{lead_id}/")).await;
    assert_eq!(lead["status"], "contacted");
    let history = api(&enid, &token, &format!("/lead/{lead_id}/history/")).await;
    assert_eq!(history["count"], 1);
    assert_eq!(history["results"][0]["changed_by_email"], "admin@tienda.mx");
    browser.screenshot(&shots.join("lead.png")).await;

    // What the API returns is shown as text, never run as markup.
    let hostile = "<img src=x onerror=\"window.pwned=1\">Ana";
    let (status, created) = call(
        &reqwest::Client::new(),
        Method::POST,
        &enid.url("/lead/"),
        Some(&token),
        Some(json!({"name": hostile, "email": "ana.hostil@example.mx", "lead_type": 1})),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    browser
        .open(&enid.url(&format!("/admin/#/leads/{}", created["id"])))
        .await;
    browser.wait_text("main h1", |text| text == hostile).await;
    assert!(browser.all("main img").await.is_empty());
    assert_eq!(
        browser.script("return window.pwned === undefined").await,
        json!(true)
    );

    // Record a movement, clicking twice: it is booked once and the level shown grows by it.
    browser.open(&enid.url("/admin/#/inventory/levels")).await;
    let first_level = browser.find("[data-level]").await;
    let level_text = browser.text(&first_level).await;
    let key = browser
        .script("return document.querySelector('[data-level]').dataset.level")
        .await;
    let key = key.as_str().unwrap().to_owned();
    let (product, warehouse) = key.split_once('-').unwrap();
    let before = digits(&level_text);
    let ledger_path = format!("/movements/?product_id={product}&warehouse_id={warehouse}");
    let ledger_before = api(&enid, &token, &ledger_path).await["count"]
        .as_i64()
        .unwrap();
    let movement = browser
        .find("form[data-form=movement] input[name=product_id]")
        .await;
    browser.type_into(&movement, product).await;
    browser
        .select(
            "form[data-form=movement] select[name=warehouse_id]",
            warehouse,
        )
        .await;
    browser
        .select("form[data-form=movement] select[name=movement_type]", "in")
        .await;
    let quantity = browser
        .find("form[data-form=movement] input[name=quantity]")
        .await;
    browser.type_into(&quantity, "7").await;
    browser
        .script(
            "const button = document.querySelector('form[data-form=movement] button[type=submit]');
             button.click(); button.click();",
        )
        .await;
    let level_css = format!("[data-level=\"{key}\"]");
    let after = browser
        .wait_text(&level_css, |text| digits(text) != before)
        .await;
    assert_eq!(digits(&after), before + 7);
    let outcome = browser.wait_text(".outcome", |text| !text.is_empty()).await;
    assert!(outcome.contains(&(before + 7).to_string()), "{outcome}");
    let ledger_after = api(&enid, &token, &ledger_path).await["count"]
        .as_i64()
        .unwrap();
    assert_eq!(
        ledger_after,
        ledger_before + 1,
        "a double click booked twice"
    );
    browser.screenshot(&shots.join("inventory.png")).await;
    assert_quiet_console(&browser, "lead status and movement").await;

    // Refusals are shown where they belong and book nothing: a missing product next to its input,
    // too little stock above the buttons.
    let movement = browser
        .find("form[data-form=movement] input[name=product_id]")
        .await;
    browser.type_into(&movement, "").await;
    let submit = browser
        .find("form[data-form=movement] button[type=submit]")
        .await;
    browser.click(&submit).await;
    browser
        .wait_text(
            "form[data-form=movement] input[name=product_id] ~ .field-error",
            |text| !text.is_empty(),
        )
        .await;
    assert_eq!(
        browser
            .script("return document.querySelector('form[data-form=movement] input[name=product_id]').getAttribute('aria-invalid')")
            .await,
        json!("true")
    );
    browser.type_into(&movement, product).await;
    browser
        .select("form[data-form=movement] select[name=movement_type]", "out")
        .await;
    browser.type_into(&quantity, "999999").await;
    browser.click(&submit).await;
    browser
        .wait_text("form[data-form=movement] p.error", |text| {
            text.contains("No hay existencias suficientes")
        })
        .await;
    browser
        .screenshot(&shots.join("movement-refused.png"))
        .await;
    let ledger_refused = api(&enid, &token, &ledger_path).await["count"]
        .as_i64()
        .unwrap();
    assert_eq!(
        ledger_refused, ledger_after,
        "a refused movement was booked"
    );
    assert_console_only(&browser, "refused movements", &[400, 409]).await;

    // The ledger check finds every level equal to its ledger.
    browser.open(&enid.url("/admin/#/inventory/verify")).await;
    let verify = browser.find("main .card button.primary").await;
    browser.click(&verify).await;
    browser
        .wait_text("main .card p.ok", |text| text.contains("coinciden"))
        .await;

    // Every other page draws without an error.
    for (page, shot) in [
        ("leads", "leads"),
        ("leads/types", "lead-types"),
        ("analytics", "analytics"),
        ("inventory/movements", "movements"),
        ("inventory/warehouses", "warehouses"),
        ("inventory/report", "report"),
        ("faqs", "faqs"),
        ("returns", "return-requests"),
        ("returns/cards", "return-cards"),
        ("members", "members"),
        ("stores", "stores"),
    ] {
        browser.open(&enid.url(&format!("/admin/#/{page}"))).await;
        wait_page(&browser, page).await;
        browser.screenshot(&shots.join(format!("{shot}.png"))).await;
    }
    assert_quiet_console(&browser, "every page").await;

    images(&browser, &enid, &token, dir.path(), &shots).await;
    assistant(&browser, &enid, &token, &shots).await;
    reorder_categories(&browser, &enid, &token).await;

    // At 375 px the pages fit the width (no sideways scrolling) and the menu opens.
    browser.set_size(375, 812).await;
    browser.open(&enid.url("/admin/#/dashboard")).await;
    browser.find("figure[data-chart=line] canvas").await;
    assert!(
        fits_width(&browser).await,
        "the dashboard is wider than 375 px"
    );
    browser.screenshot(&shots.join("dashboard-375.png")).await;
    let toggle = browser.find(".menu-toggle").await;
    browser.click(&toggle).await;
    browser
        .find("nav#main-nav.open a[href='#/inventory']")
        .await;
    browser.screenshot(&shots.join("menu-375.png")).await;
    browser.open(&enid.url("/admin/#/inventory/levels")).await;
    browser.find("[data-level]").await;
    assert!(
        fits_width(&browser).await,
        "the inventory is wider than 375 px"
    );
    browser.screenshot(&shots.join("inventory-375.png")).await;
    browser.set_size(1280, 900).await;

    // Sign-out revokes the session on the server.
    let session = browser
        .script("return JSON.parse(localStorage.getItem('enid.admin.session'))")
        .await;
    let refresh = session["refresh"].as_str().unwrap().to_owned();
    sign_out(&browser).await;
    let (status, _) = call(
        &reqwest::Client::new(),
        Method::POST,
        &enid.url("/login/refresh-token/"),
        None,
        Some(json!({"refresh_token": refresh})),
    )
    .await;
    assert_eq!(status, 401, "the refresh token outlived sign-out");
    assert_quiet_console(&browser, "sign-out").await;

    // A customer of the store is shown no section and nothing to write with.
    sign_in(&browser, &enid, "cliente@tienda.mx").await;
    browser
        .wait_text("main h1", |text| text == "Sin acceso")
        .await;
    assert!(browser.all("nav#main-nav a").await.is_empty());
    assert!(browser.all("main form, main button").await.is_empty());
    browser.screenshot(&shots.join("customer.png")).await;
    sign_out(&browser).await;

    viewer(&browser, &enid, &shots).await;

    // Staff see the business sections but not the members.
    sign_in(&browser, &enid, "staff@tienda.mx").await;
    browser.find("nav#main-nav a[href='#/inventory']").await;
    assert!(
        browser
            .all("nav#main-nav a[href='#/members']")
            .await
            .is_empty()
    );
    assert_quiet_console(&browser, "customer and staff").await;

    // An expired or revoked access token is renewed with the refresh token, unseen.
    let stale = browser
        .script(
            "const session = JSON.parse(localStorage.getItem('enid.admin.session'));
             session.access = 'expired.access.token';
             localStorage.setItem('enid.admin.session', JSON.stringify(session));
             return session.refresh;",
        )
        .await;
    browser.open("about:blank").await;
    browser.open(&enid.url("/admin/#/leads")).await;
    browser.find("main table tbody tr").await;
    let renewed = browser
        .script("return JSON.parse(localStorage.getItem('enid.admin.session'))")
        .await;
    assert_ne!(
        renewed["refresh"], stale,
        "the refresh token was not rotated"
    );
    assert_ne!(renewed["access"], "expired.access.token");
    assert_console_only(&browser, "the refresh", &[401]).await;

    // English on request, and back.
    browser.select("#language", "en").await;
    browser
        .wait_text("nav#main-nav a[href='#/inventory']", |text| {
            text == "Inventory"
        })
        .await;
    browser.screenshot(&shots.join("english.png")).await;
    browser.select("#language", "es").await;
    browser
        .wait_text("nav#main-nav a[href='#/inventory']", |text| {
            text == "Inventario"
        })
        .await;
    sign_out(&browser).await;

    // Someone with several stores switches between them; each shows only its own data.
    let (status, root) = login(&enid, "root@tienda.mx", PASSWORD).await;
    assert_eq!(status, 200, "{root}");
    let (status, branch) = call(
        &reqwest::Client::new(),
        Method::POST,
        &enid.url("/store/"),
        root["access_token"].as_str(),
        Some(json!({"name": "Sucursal Monterrey"})),
    )
    .await;
    assert_eq!(status, 201, "{branch}");
    let branch_id = branch["id"].to_string();
    sign_in(&browser, &enid, "root@tienda.mx").await;
    browser.open(&enid.url("/admin/#/leads")).await;
    browser.find("main table tbody tr").await;
    browser.select("#store-switch", &branch_id).await;
    browser
        .wait_text("main .empty", |text| text == "Nada que mostrar.")
        .await;
    assert_eq!(
        browser
            .script("return localStorage.getItem('enid.admin.store')")
            .await,
        json!(branch_id)
    );
    browser.select("#store-switch", "1").await;
    browser.find("main table tbody tr").await;
    assert_quiet_console(&browser, "language and store switches").await;

    browser.quit().await;
}

/// A small PNG written to `dir`.
fn png(dir: &Path, name: &str, color: [u8; 3]) -> PathBuf {
    let path = dir.join(name);
    image::RgbImage::from_pixel(64, 48, image::Rgb(color))
        .save(&path)
        .expect("PNG written");
    path
}

async fn images_of(enid: &EnidProcess, token: &str) -> Vec<Value> {
    api(enid, token, "/image/?business=enid-service").await["results"]
        .as_array()
        .unwrap()
        .clone()
}

/// Uploads `file` with `title` from the business page.
async fn upload(browser: &Browser, file: &Path, title: &str) {
    let input = browser
        .find("form[data-form=upload] input[name=file]")
        .await;
    browser.choose_file(&input, file).await;
    let title_input = browser
        .find("form[data-form=upload] input[name=title]")
        .await;
    browser.type_into(&title_input, title).await;
    let submit = browser
        .find("form[data-form=upload] button[type=submit]")
        .await;
    browser.click(&submit).await;
}

/// Images of the default store's business: an upload shows its thumbnail, another becomes the
/// main image, one is deleted; a file that is not an image and a missing file are refused in
/// place, in Spanish, and store nothing.
async fn images(browser: &Browser, enid: &EnidProcess, token: &str, dir: &Path, shots: &Path) {
    browser.open(&enid.url("/admin/#/images")).await;
    wait_page(browser, "images").await;
    let link = browser.find("main a[href='#/images/enid-service']").await;
    browser.click(&link).await;
    browser.find("form[data-form=upload]").await;
    assert!(images_of(enid, token).await.is_empty());

    upload(browser, &png(dir, "rojo.png", [200, 30, 60]), "Logo rojo").await;
    browser
        .wait_for("the first thumbnail", || async {
            let shown = browser
                .script(
                    "const img = document.querySelector('.image-card img');
                     return !!img && img.src.startsWith('blob:') && img.complete && img.naturalWidth > 0;",
                )
                .await;
            (shown == json!(true)).then_some(())
        })
        .await;
    let stored = images_of(enid, token).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["title"], "Logo rojo");
    assert_eq!(
        (stored[0]["width"].as_i64(), stored[0]["height"].as_i64()),
        (Some(64), Some(48))
    );
    let first_id = stored[0]["id"].as_i64().unwrap();

    upload(browser, &png(dir, "azul.png", [20, 60, 200]), "Logo azul").await;
    browser
        .wait_for("two thumbnails", || async {
            let shown = browser
                .script(
                    "const imgs = [...document.querySelectorAll('.image-card img')];
                     return imgs.length === 2 && imgs.every((img) => img.src.startsWith('blob:') && img.naturalWidth > 0);",
                )
                .await;
            (shown == json!(true)).then_some(())
        })
        .await;
    let second_id = images_of(enid, token)
        .await
        .iter()
        .find(|image| image["title"] == "Logo azul")
        .expect("the second image stored")["id"]
        .as_i64()
        .unwrap();
    click_button(
        browser,
        &format!("[data-image='{second_id}']"),
        "Hacer principal",
    )
    .await;
    browser
        .find(&format!("[data-image='{second_id}'] .badge.main"))
        .await;
    let stored = images_of(enid, token).await;
    assert_eq!(stored[0]["id"], second_id, "the main image comes first");
    assert_eq!(stored[0]["is_main"], true);
    assert_eq!(stored[1]["is_main"], false);
    browser.screenshot(&shots.join("images.png")).await;
    assert_quiet_console(browser, "image uploads").await;

    accept_confirms(browser).await;
    click_button(browser, &format!("[data-image='{first_id}']"), "Eliminar").await;
    browser
        .wait_for("the deleted image gone", || async {
            browser
                .all(&format!("[data-image='{first_id}']"))
                .await
                .is_empty()
                .then_some(())
        })
        .await;
    let stored = images_of(enid, token).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["id"], second_id);

    // Not an image: refused by the server, said in Spanish above the buttons.
    let text = dir.join("notas.png");
    std::fs::write(&text, "esto no es una imagen").unwrap();
    upload(browser, &text, "Notas").await;
    browser
        .wait_text("form[data-form=upload] p.error", |text| {
            text.contains("No es una imagen")
        })
        .await;
    // No file: the field says so, next to the input.
    let title_input = browser
        .find("form[data-form=upload] input[name=title]")
        .await;
    browser
        .script("document.querySelector('form[data-form=upload]').reset();")
        .await;
    browser.type_into(&title_input, "Sin archivo").await;
    let submit = browser
        .find("form[data-form=upload] button[type=submit]")
        .await;
    browser.click(&submit).await;
    browser
        .wait_text(
            "form[data-form=upload] input[name=file] ~ .field-error",
            |text| text == "Este campo es obligatorio.",
        )
        .await;
    browser.screenshot(&shots.join("image-refused.png")).await;
    assert_eq!(
        images_of(enid, token).await.len(),
        1,
        "a refused upload was stored"
    );
    assert_console_only(browser, "refused uploads", &[400, 415]).await;
}

/// The assistant: settings saved, a knowledge entry added, and a conversation held through the
/// API read back with its provider.
async fn assistant(browser: &Browser, enid: &EnidProcess, token: &str, shots: &Path) {
    let (status, turn) = call(
        &reqwest::Client::new(),
        Method::POST,
        &enid.url("/assistant/chat/"),
        None,
        Some(json!({"message": "¿Tienen bancos para pesas?"})),
    )
    .await;
    assert_eq!(status, 201, "{turn}");
    let conversation = turn["conversation_id"].as_str().unwrap().to_owned();
    let provider = turn["ai_response"]["provider"].as_str().unwrap().to_owned();

    browser.open(&enid.url("/admin/#/assistant/settings")).await;
    wait_page(browser, "assistant settings").await;
    let persona = browser
        .find("form[data-form=assistant-settings] textarea[name=persona]")
        .await;
    browser
        .type_into(&persona, "Eres la asesora de Enid Fitness.")
        .await;
    let rules = browser
        .find("form[data-form=assistant-settings] textarea[name=rules]")
        .await;
    browser
        .type_into(&rules, "Responde en español.\nNo inventes precios.")
        .await;
    let links = browser
        .find("form[data-form=assistant-settings] textarea[name=links]")
        .await;
    browser
        .type_into(&links, "WhatsApp | https://wa.me/5215550000000")
        .await;
    let submit = browser
        .find("form[data-form=assistant-settings] button[type=submit]")
        .await;
    browser.click(&submit).await;
    browser.wait_text("#toast", |text| text == "Guardado").await;
    let settings = api(enid, token, "/assistant/settings/").await;
    assert_eq!(settings["persona"], "Eres la asesora de Enid Fitness.");
    assert_eq!(
        settings["rules"],
        json!(["Responde en español.", "No inventes precios."])
    );
    assert_eq!(
        settings["links"],
        json!([{"title": "WhatsApp", "url": "https://wa.me/5215550000000"}])
    );
    browser
        .screenshot(&shots.join("assistant-settings.png"))
        .await;

    browser
        .open(&enid.url("/admin/#/assistant/knowledge"))
        .await;
    wait_page(browser, "assistant knowledge").await;
    click_button(browser, "main .page-head", "Nueva entrada").await;
    let title = browser.find("dialog input[name=title]").await;
    browser.type_into(&title, "Banco plano reforzado").await;
    let body = browser.find("dialog textarea[name=body]").await;
    browser
        .type_into(&body, "Soporta 300 kg; acero calibre 12.")
        .await;
    let tags = browser.find("dialog input[name=tags]").await;
    browser.type_into(&tags, "pesas, bancos").await;
    let create = browser.find("dialog button[type=submit]").await;
    browser.click(&create).await;
    browser
        .wait_text("main tbody", |text| text.contains("Banco plano reforzado"))
        .await;
    let entries = api(enid, token, "/assistant/knowledge/").await;
    assert_eq!(entries["count"], 1);
    assert_eq!(entries["results"][0]["tags"], json!(["pesas", "bancos"]));

    browser.open(&enid.url("/admin/#/assistant")).await;
    let row = browser
        .find(&format!(
            "main a[href='#/assistant/conversations/{conversation}']"
        ))
        .await;
    browser.click(&row).await;
    let shown = browser
        .wait_text("main .messages", |text| {
            text.contains("¿Tienen bancos para pesas?")
        })
        .await;
    assert!(shown.contains(&format!("Proveedor: {provider}")), "{shown}");
    assert_eq!(browser.all("main .message.assistant").await.len(), 1);
    browser
        .screenshot(&shots.join("assistant-conversation.png"))
        .await;
    assert_quiet_console(browser, "the assistant pages").await;
}

/// Moving a FAQ category down is one change on the server: the list is numbered anew.
async fn reorder_categories(browser: &Browser, enid: &EnidProcess, token: &str) {
    let order = |categories: &Value| -> Vec<(i64, i64)> {
        categories["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["id"].as_i64().unwrap(), c["position"].as_i64().unwrap()))
            .collect()
    };
    let before = order(&api(enid, token, "/faqs/categories/?page_size=200").await);
    assert!(before.len() >= 2, "the seeded FAQs have categories");
    browser.open(&enid.url("/admin/#/faqs")).await;
    wait_page(browser, "faqs").await;
    let down = browser
        .find("main tbody tr:first-child button[aria-label=Bajar]")
        .await;
    browser.click(&down).await;
    let after = browser
        .wait_for("the moved category", || async {
            let now = order(&api(enid, token, "/faqs/categories/?page_size=200").await);
            (now != before).then_some(now)
        })
        .await;
    let mut expected: Vec<i64> = before.iter().map(|(id, _)| *id).collect();
    expected.swap(0, 1);
    assert_eq!(
        after.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        expected
    );
    assert_eq!(
        after
            .iter()
            .map(|(_, position)| *position)
            .collect::<Vec<_>>(),
        (0..after.len() as i64).collect::<Vec<_>>()
    );
    browser
        .wait_text("main tbody tr:first-child", |text| !text.is_empty())
        .await;
    assert_quiet_console(browser, "reordering").await;
}

/// A viewer reads the business sections and is shown no button that writes; the server refuses
/// the write the page does not offer.
async fn viewer(browser: &Browser, enid: &EnidProcess, shots: &Path) {
    const WRITES: [&str; 14] = [
        "Crear",
        "Guardar",
        "Editar",
        "Eliminar",
        "Registrar",
        "Transferir",
        "Aplicar",
        "Subir",
        "Bajar",
        "Nuevo lead",
        "Nuevo tipo",
        "Nuevo almacén",
        "Nueva pregunta",
        "Nueva entrada",
    ];
    sign_in(browser, enid, "consulta@tienda.mx").await;
    for section in [
        "dashboard",
        "leads",
        "analytics",
        "inventory",
        "faqs",
        "returns",
        "assistant",
    ] {
        browser
            .find(&format!("nav#main-nav a[href='#/{section}']"))
            .await;
    }
    for section in ["members", "stores", "images"] {
        assert!(
            browser
                .all(&format!("nav#main-nav a[href='#/{section}']"))
                .await
                .is_empty(),
            "a viewer is offered {section}"
        );
    }
    for (page, shot) in [
        ("leads", "viewer-leads"),
        ("leads/types", "viewer-lead-types"),
        ("inventory/levels", "viewer-inventory"),
        ("inventory/warehouses", "viewer-warehouses"),
        ("faqs", "viewer-faqs"),
        ("returns/cards", "viewer-return-cards"),
        ("assistant/knowledge", "viewer-knowledge"),
    ] {
        browser.open(&enid.url(&format!("/admin/#/{page}"))).await;
        wait_page(browser, page).await;
        let labels = button_labels(browser).await;
        let offered: Vec<&String> = labels
            .iter()
            .filter(|label| WRITES.iter().any(|write| label.starts_with(write)))
            .collect();
        assert!(offered.is_empty(), "{page} offers a viewer {offered:?}");
        assert!(browser.all("main .row-actions").await.is_empty(), "{page}");
        browser.screenshot(&shots.join(format!("{shot}.png"))).await;
    }
    // The server enforces it all the same.
    let session = browser
        .script("return JSON.parse(localStorage.getItem('enid.admin.session')).access")
        .await;
    let (status, body) = call(
        &reqwest::Client::new(),
        Method::POST,
        &enid.url("/warehouses/"),
        session.as_str(),
        Some(json!({"name": "Bodega"})),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert_quiet_console(browser, "the viewer's pages").await;
    sign_out(browser).await;
}
