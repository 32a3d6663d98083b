//! DRF-style page envelopes: `{count, next, previous, results}` with relative `next`/`previous`.

use poem::Request;
use poem::http::Uri;

use enid_core::pagination::Page;

/// The link to another page of the same list: the request's own path and query (as the client
/// sent them, prefix included) with `page` replaced.
pub fn page_link(uri: &Uri, page: u32) -> String {
    let mut pairs: Vec<(String, String)> = uri
        .query()
        .map(|query| {
            form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .filter(|(key, _)| key != "page")
                .collect()
        })
        .unwrap_or_default();
    pairs.push(("page".to_owned(), page.to_string()));
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("{}?{}", uri.path(), query)
}

/// The URI as the client sent it (prefix and trailing slash included) when poem recorded it, or
/// the routed URI for requests built in process (e.g. `poem::test::TestClient`), whose original
/// URI poem leaves as `/`.
fn client_uri(req: &Request) -> &Uri {
    let original = req.original_uri();
    let sent = original.path().trim_end_matches('/');
    if sent.ends_with(req.uri().path().trim_end_matches('/')) {
        original
    } else {
        req.uri()
    }
}

/// `(next, previous)` links for a page of results.
pub fn page_links<T>(req: &Request, page: &Page<T>) -> (Option<String>, Option<String>) {
    let uri = client_uri(req);
    let current = page.request.page();
    (
        page.has_next().then(|| page_link(uri, current + 1)),
        page.has_previous().then(|| page_link(uri, current - 1)),
    )
}

/// Declares a documented page type for a result type: `paginated!(StorePage, StoreOut);`.
/// A page type of items `$item`; `serde` also derives `Serialize`, for pages answered with
/// `SerdeJson` (the items must be `Serialize` too).
macro_rules! paginated {
    ($name:ident, $item:ty) => {
        $crate::pagination::paginated!(@page $name, $item,);
    };
    ($name:ident, $item:ty, serde) => {
        $crate::pagination::paginated!(@page $name, $item, serde::Serialize);
    };
    (@page $name:ident, $item:ty, $($derive:path)?) => {
        #[doc = concat!("A page of `", stringify!($item), "` results.")]
        #[derive(Debug, poem_openapi::Object $(, $derive)?)]
        pub struct $name {
            /// Number of results across all pages.
            pub count: i64,
            /// Link to the next page, or null on the last page.
            pub next: Option<String>,
            /// Link to the previous page, or null on the first page.
            pub previous: Option<String>,
            pub results: Vec<$item>,
        }

        impl $name {
            pub fn new<T>(
                req: &poem::Request,
                page: enid_core::pagination::Page<T>,
                item: impl FnMut(T) -> $item,
            ) -> Self {
                let (next, previous) = $crate::pagination::page_links(req, &page);
                Self {
                    count: page.count,
                    next,
                    previous,
                    results: page.items.into_iter().map(item).collect(),
                }
            }
        }
    };
}
pub(crate) use paginated;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_filters_and_replace_the_page() {
        let uri: Uri = "/enid/user/?q=ana%20p&page=2&page_size=10".parse().unwrap();
        assert_eq!(
            page_link(&uri, 3),
            "/enid/user/?q=ana+p&page_size=10&page=3"
        );
        let bare: Uri = "/store/".parse().unwrap();
        assert_eq!(page_link(&bare, 2), "/store/?page=2");
    }
}
