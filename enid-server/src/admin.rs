//! The back office at `/admin/`: a page and its ES modules, styles and vendored libraries, all
//! embedded in the binary. Assets live under `/admin/assets/<version>/`, where the version is a
//! hash of every asset's content, so they are cached for a year and a new build is fetched at once;
//! modules import each other by relative path, which stays inside the same version. The page
//! itself is never cached and names the version and the mount prefix; a strict content policy
//! allows only these same-origin scripts and styles. Assets are gzipped once, on first use, and sent
//! so to clients that accept it.

use std::io::Write;
use std::sync::OnceLock;

use flate2::Compression;
use flate2::write::GzEncoder;

use poem::http::{HeaderValue, StatusCode, header};
use poem::web::Path;
use poem::{IntoResponse, Request, Response, ResponseBuilder, handler};
use sha2::{Digest, Sha256};

use crate::app::mount_prefix;
use crate::error::ApiError;

/// One embedded file of the back office.
struct Asset {
    path: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

macro_rules! assets {
    ($($path:literal => $content_type:expr),+ $(,)?) => {
        [$(Asset {
            path: $path,
            content_type: $content_type,
            bytes: include_bytes!(concat!("../admin/", $path)),
        }),+]
    };
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";
const SVG: &str = "image/svg+xml";

/// Every file under `enid-server/admin/` but the page template (a test keeps the list complete).
static ASSETS: [Asset; 20] = assets![
    "app.css" => CSS,
    "app.js" => JS,
    "api.js" => JS,
    "charts.js" => JS,
    "crud.js" => JS,
    "dom.js" => JS,
    "i18n.js" => JS,
    "pages/accounts.js" => JS,
    "pages/analytics.js" => JS,
    "pages/assistant.js" => JS,
    "pages/dashboard.js" => JS,
    "pages/faqs.js" => JS,
    "pages/images.js" => JS,
    "pages/inventory.js" => JS,
    "pages/leads.js" => JS,
    "pages/returns.js" => JS,
    "vendor/LICENSE-uplot" => TEXT,
    "vendor/uplot.css" => CSS,
    "vendor/uplot.js" => JS,
    "favicon.svg" => SVG,
];

const PAGE: &str = include_str!("../admin/index.html");

/// Only the back office's own scripts, styles and images (and `blob:` images: thumbnails are
/// fetched with the store header and shown through object URLs); API calls to the same origin;
/// no framing, no forms posted anywhere, no `<base>`.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' \
                      data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; \
                      frame-ancestors 'none'";

/// The hash of every asset's path and content: the folder the assets are served under.
fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        let mut hasher = Sha256::new();
        for asset in &ASSETS {
            hasher.update(asset.path.as_bytes());
            hasher.update([0]);
            hasher.update((asset.bytes.len() as u64).to_le_bytes());
            hasher.update(asset.bytes);
        }
        hasher.finalize()[..8]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    })
}

/// Every asset gzipped, in the order of [`ASSETS`].
fn gzipped() -> &'static [Vec<u8>] {
    static GZIPPED: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    GZIPPED.get_or_init(|| {
        ASSETS
            .iter()
            .map(|asset| {
                let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
                encoder
                    .write_all(asset.bytes)
                    .expect("writing to memory succeeds");
                encoder.finish().expect("writing to memory succeeds")
            })
            .collect()
    })
}

/// Whether `Accept-Encoding` allows gzip (`gzip` or `*`, not with `q=0`).
fn accepts_gzip(req: &Request) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or_default();
            let refused = parts.any(|param| {
                param
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
}

/// Text for an HTML attribute value.
fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn guarded(response: ResponseBuilder) -> ResponseBuilder {
    response
        .header(header::CONTENT_SECURITY_POLICY, POLICY)
        .header(header::X_FRAME_OPTIONS, "DENY")
        .header(header::REFERRER_POLICY, "no-referrer")
}

/// The page: where the API is (the mount prefix) and where this build's assets are.
#[handler]
pub fn admin_page(req: &Request) -> Response {
    let prefix = mount_prefix(req);
    let api = prefix.trim_end_matches('/');
    let assets = format!("{api}/admin/assets/{}", version());
    let html = PAGE
        .replace("{{api}}", &escape_attribute(api))
        .replace("{{assets}}", &escape_attribute(&assets));
    guarded(
        Response::builder()
            .content_type("text/html; charset=utf-8")
            .header(header::CACHE_CONTROL, "no-cache"),
    )
    .body(html)
}

/// One asset of this build, gzipped when the client accepts it; another build's version is 404.
#[handler]
pub fn admin_asset(req: &Request, Path((asked_version, path)): Path<(String, String)>) -> Response {
    let found = (asked_version == version())
        .then(|| ASSETS.iter().position(|asset| asset.path == path))
        .flatten();
    match found {
        Some(index) => {
            let asset = &ASSETS[index];
            let response = guarded(
                Response::builder()
                    .header(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static(asset.content_type),
                    )
                    .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
                    .header(header::VARY, "Accept-Encoding"),
            );
            if accepts_gzip(req) {
                response
                    .header(header::CONTENT_ENCODING, "gzip")
                    .body(gzipped()[index].as_slice())
            } else {
                response.body(asset.bytes)
            }
        }
        None => ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such asset.").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn files_under(dir: &Path, root: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("admin folder readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                files_under(&path, root, found);
            } else {
                let relative = path.strip_prefix(root).expect("under root");
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }

    #[test]
    fn every_file_of_the_back_office_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("admin");
        let mut on_disk = Vec::new();
        files_under(&root, &root, &mut on_disk);
        on_disk.retain(|path| path != "index.html");
        on_disk.sort();
        let mut embedded: Vec<String> = ASSETS.iter().map(|a| a.path.to_owned()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn the_version_is_a_short_hash() {
        assert_eq!(version().len(), 16);
        assert!(version().chars().all(|c| c.is_ascii_hexdigit()));
    }
}
