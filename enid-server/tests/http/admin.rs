//! The back office at `/admin/`: the page and its assets, their caching and content policy, and
//! the same under a host's mount prefix.

use std::io::Read;

use crate::support::{App, Backend, Call};

/// The value of `name="..."` or `href="..."` style attributes: every `{attribute}="..."` in `html`.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let marker = format!("{attribute}=\"");
    html.match_indices(&marker)
        .map(|(at, _)| {
            let rest = &html[at + marker.len()..];
            &rest[..rest.find('"').expect("closing quote")]
        })
        .collect()
}

/// The directive `name` of a content policy, as its sources.
fn directive<'a>(policy: &'a str, name: &str) -> Vec<&'a str> {
    policy
        .split(';')
        .map(str::trim)
        .find_map(|item| item.strip_prefix(name))
        .map(|sources| sources.split_whitespace().collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_page_names_its_assets_and_forbids_inline_script() {
    let app = App::new(&Backend::Sqlite).await;
    for path in ["/admin/", "/admin"] {
        let reply = app.get(path).reply().await;
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply
                .header("content-type")
                .unwrap()
                .starts_with("text/html")
        );
        assert_eq!(reply.header("cache-control"), Some("no-cache"));
        assert_eq!(reply.header("x-frame-options"), Some("DENY"));
        let policy = reply.header("content-security-policy").expect("a policy");
        assert!(!policy.contains("unsafe"), "{policy}");
        assert_eq!(directive(policy, "default-src"), ["'none'"]);
        assert_eq!(directive(policy, "script-src"), ["'self'"]);
        assert_eq!(directive(policy, "style-src"), ["'self'"]);
        assert_eq!(directive(policy, "connect-src"), ["'self'"]);
        assert_eq!(directive(policy, "frame-ancestors"), ["'none'"]);
        assert!(
            !reply.text.contains("<script>"),
            "inline script in the page"
        );
        assert!(!reply.text.contains("style="), "inline style in the page");
        assert_eq!(
            attribute_values(&reply.text, "content")[1],
            "",
            "API at the root"
        );
    }
}

#[tokio::test]
async fn assets_are_immutable_under_their_version_and_small() {
    let app = App::new(&Backend::Sqlite).await;
    let page = app.get("/admin/").reply().await;
    let script = attribute_values(&page.text, "src")[0].to_owned();
    let version_dir = script.strip_suffix("/app.js").expect("the entry module");
    assert!(version_dir.starts_with("/admin/assets/"), "{version_dir}");

    let mut gzipped_total = 0;
    for asset in [
        "app.js",
        "api.js",
        "dom.js",
        "i18n.js",
        "charts.js",
        "crud.js",
        "pages/accounts.js",
        "pages/analytics.js",
        "pages/dashboard.js",
        "pages/faqs.js",
        "pages/inventory.js",
        "pages/leads.js",
        "pages/returns.js",
        "vendor/uplot.js",
        "vendor/uplot.css",
        "app.css",
        "favicon.svg",
    ] {
        let reply = app.get(&format!("{version_dir}/{asset}")).reply().await;
        assert_eq!(reply.status, 200, "{asset}");
        assert_eq!(
            reply.header("cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{asset}"
        );
        let content_type = reply.header("content-type").unwrap();
        let expected = match asset.rsplit('.').next() {
            Some("js") => "text/javascript",
            Some("css") => "text/css",
            _ => "image/svg+xml",
        };
        assert!(
            content_type.starts_with(expected),
            "{asset}: {content_type}"
        );
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.header("content-encoding"), None);

        // Clients that accept gzip get the same bytes gzipped.
        let gzipped = app
            .get(&format!("{version_dir}/{asset}"))
            .header("accept-encoding", "br;q=1, gzip;q=0.8")
            .send()
            .await
            .0;
        assert_eq!(gzipped.status(), 200);
        assert_eq!(
            gzipped.headers().get("content-encoding").unwrap(),
            "gzip",
            "{asset}"
        );
        assert_eq!(gzipped.headers().get("vary").unwrap(), "Accept-Encoding");
        let bytes = gzipped.into_body().into_bytes().await.unwrap();
        gzipped_total += bytes.len();
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut unzipped)
            .expect("valid gzip");
        assert_eq!(unzipped, reply.text, "{asset}");
    }
    // The whole back office, as sent, stays under the 300 KB budget.
    assert!(gzipped_total < 300 * 1024, "{gzipped_total} gzipped bytes");

    // A client that refuses gzip gets the plain bytes.
    let refused = app
        .get(&format!("{version_dir}/app.js"))
        .header("accept-encoding", "gzip;q=0")
        .reply()
        .await;
    assert_eq!(refused.status, 200);
    assert_eq!(refused.header("content-encoding"), None);

    // Another build's assets, or a file that is not one, are JSON 404s.
    app.get("/admin/assets/0123456789abcdef/app.js")
        .reply()
        .await
        .error(404, "not_found");
    app.get(&format!("{version_dir}/../index.html"))
        .reply()
        .await
        .error(404, "not_found");
    app.get(&format!("{version_dir}/nope.js"))
        .reply()
        .await
        .error(404, "not_found");
}

#[tokio::test]
async fn under_a_mount_prefix_the_page_points_inside_it() {
    let app = App::new(&Backend::Sqlite).await;
    let nested = app.nested("/tienda/enid");
    let page = nested.get("/tienda/enid/admin/").reply().await;
    assert_eq!(page.status, 200);
    assert_eq!(attribute_values(&page.text, "content")[1], "/tienda/enid");
    let script = attribute_values(&page.text, "src")[0].to_owned();
    assert!(script.starts_with("/tienda/enid/admin/assets/"), "{script}");
    let asset = nested.get(&script).reply().await;
    assert_eq!(asset.status, 200, "{script}");
    assert!(asset.text.contains("import"));
}

#[tokio::test]
async fn single_services_do_not_serve_the_back_office() {
    let app = App::new(&Backend::Sqlite).await;
    let leads_only = crate::support::client(enid_server::service_endpoint(
        enid_server::Service::Leads,
        app.enid.clone(),
        &enid_server::HttpConfig::default(),
    ));
    let reply = leads_only.get("/admin/").reply().await;
    reply.error(404, "not_found");
}
