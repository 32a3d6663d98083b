//! What the published spec says of each operation beyond its own types, decided here once for
//! every domain:
//!
//! - the parameters every domain shares (`X-Store-Id`, `page`, `page_size`, `days`,
//!   `Idempotency-Key`) are described, with the bounds the server enforces, from one table;
//! - each operation lists only the error statuses it can answer. [`crate::error::ApiError`]
//!   documents them all; they are kept where what the operation takes makes them possible (a
//!   token, a body, an id to look up) and, for conflicts, rate limits and failing dependencies,
//!   where the operation is named below.

use serde_json::{Map, Value, json};

use enid_core::analytics::MAX_WINDOW_DAYS;
use enid_core::leads::MAX_METRIC_DAYS;
use enid_core::pagination::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use enid_core::stock::{IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_MAX_CHARS, REPORT_MAX_DAYS};

use crate::error;

// `days` is documented once for every window: analytics, lead metrics and the stock report.
const _: () = assert!(MAX_WINDOW_DAYS == MAX_METRIC_DAYS && MAX_WINDOW_DAYS == REPORT_MAX_DAYS);

/// Operations that can answer 409: a unique name or email taken (slugs of stores and businesses
/// are numbered instead), a row still in use, a state that forbids the change, or an idempotency
/// key reused with another body.
pub(crate) const CONFLICTING: &[&str] = &[
    "signup",
    "create_member",
    "update_member",
    "create_warehouse",
    "update_warehouse",
    "delete_warehouse",
    "create_movement",
    "create_transfer",
    "create_lead_type",
    "update_lead_type",
    "delete_lead_type",
    "create_lead",
    "update_lead",
    "create_page_section",
    "update_page_section",
    "create_faq_category",
    "update_faq_category",
    "delete_faq_category",
    "create_return_request",
    "update_return_request",
];

/// Operations behind a rate limit (429 with `Retry-After`).
pub(crate) const RATE_LIMITED: &[&str] = &[
    "login",
    "signup",
    "lead_intake",
    "record_page_access",
    "record_page_access_batch",
    "record_user_journey",
    "create_return_request",
    "assistant_chat",
    "assistant_chat_stream",
];

/// Operations that answer 503 when something they depend on fails: the chat model, or an image
/// being deleted while the same bytes are uploaded.
pub(crate) const DEPENDENT: &[&str] = &["assistant_chat", "assistant_chat_stream", "upload_image"];

/// Public operations that check credentials of their own (a password, a refresh token): a 401
/// without a bearer token.
pub(crate) const CREDENTIAL_CHECKS: &[&str] = &["login", "refresh_token"];

/// Operations any signed-in user may call, whatever their role: no 403.
pub(crate) const ANY_USER: &[&str] = &[
    "logout",
    "get_profile",
    "update_profile",
    "list_stores",
    "list_features",
];

/// Describes the shared parameters and prunes the error statuses of every operation of `doc`.
pub(crate) fn apply(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for operation in item.values_mut().filter_map(Value::as_object_mut) {
            for parameter in operation
                .get_mut("parameters")
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten()
                .filter_map(Value::as_object_mut)
            {
                describe_shared(parameter);
            }
            prune_errors(operation);
        }
    }
}

/// The description of a shared parameter and what its schema gains: bounds, a default.
fn shared_parameter(name: &str) -> Option<(String, Value)> {
    match name {
        "X-Store-Id" => Some((
            "The store (tenant) the request works in, by id; the default store when absent. An \
             unknown or inactive store is a 404."
                .to_owned(),
            json!({"example": 1}),
        )),
        "page" => Some((
            "The page of results, from 1.".to_owned(),
            json!({"minimum": 1, "maximum": u32::MAX, "default": 1}),
        )),
        "page_size" => Some((
            format!("Results per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE})."),
            json!({"minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE}),
        )),
        // Each operation describes its own window and default.
        "days" => Some((
            "The window in days, today included.".to_owned(),
            json!({"minimum": 1, "maximum": MAX_WINDOW_DAYS}),
        )),
        IDEMPOTENCY_KEY_HEADER => Some((
            format!(
                "A key the client chooses (1 to {IDEMPOTENCY_KEY_MAX_CHARS} visible ASCII \
                 characters, e.g. a UUID) that makes a retry safe: the same key with the same \
                 body answers the first result again without writing twice; with another body it \
                 is a 409 `idempotency_conflict`."
            ),
            json!({
                "minLength": 1,
                "maxLength": IDEMPOTENCY_KEY_MAX_CHARS,
                "pattern": "^[!-~]+$",
                "example": "4f7c2a9e-8d31-4b6a-9c0e-5a1f3e2d7b60",
            }),
        )),
        _ => None,
    }
}

fn describe_shared(parameter: &mut Map<String, Value>) {
    let Some((description, schema)) = parameter
        .get("name")
        .and_then(Value::as_str)
        .and_then(shared_parameter)
    else {
        return;
    };
    parameter
        .entry("description")
        .or_insert(Value::String(description));
    if let (Some(target), Value::Object(additions)) = (
        parameter.get_mut("schema").and_then(Value::as_object_mut),
        schema,
    ) {
        for (key, value) in additions {
            target.entry(key).or_insert(value);
        }
    }
}

/// Whether `operation` (poem-openapi's, with every status of `ApiError`) can answer `status`.
fn answers(operation: &Map<String, Value>, status: u16) -> bool {
    let id = operation
        .get("operationId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let named = |list: &[&str]| list.contains(&id);
    let security = operation.get("security").and_then(Value::as_array);
    let signed_in = security.is_some_and(|schemes| !schemes.is_empty());
    // `{}` among the schemes: a request without a token is served too.
    let token_required = security.is_some_and(|schemes| {
        !schemes.is_empty()
            && schemes
                .iter()
                .all(|scheme| scheme.as_object().is_some_and(|s| !s.is_empty()))
    });
    let parameters = operation.get("parameters").and_then(Value::as_array);
    let has_body = operation.contains_key("requestBody");
    let looks_up = parameters
        .into_iter()
        .flatten()
        .any(|parameter| parameter["in"] == "path" || parameter["name"] == "X-Store-Id");
    match status {
        400 => has_body || parameters.is_some_and(|p| !p.is_empty()),
        401 => signed_in || named(CREDENTIAL_CHECKS),
        403 => token_required && !named(ANY_USER),
        404 => looks_up,
        408 | 413 | 415 => has_body,
        409 => named(CONFLICTING),
        429 => named(RATE_LIMITED),
        503 => named(DEPENDENT),
        _ => true,
    }
}

fn prune_errors(operation: &mut Map<String, Value>) {
    let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
        return;
    };
    let kept: Map<String, Value> = responses
        .iter()
        .filter(|(status, response)| {
            // What the operation declares itself (successes, its own 503) stays; `ApiError`'s
            // statuses only where the operation can answer them.
            match status.parse::<u16>().ok().and_then(error::documented) {
                Some(description) if response["description"] == description => {
                    answers(operation, status.parse().unwrap_or_default())
                }
                _ => true,
            }
        })
        .map(|(status, response)| (status.clone(), response.clone()))
        .collect();
    operation.insert("responses".to_owned(), Value::Object(kept));
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{ANY_USER, CONFLICTING, CREDENTIAL_CHECKS, DEPENDENT, RATE_LIMITED, apply};
    use crate::error;

    #[test]
    fn the_lists_name_operations_that_exist() {
        let spec: Value = serde_json::from_str(&crate::spec_json()).unwrap();
        let ids: Vec<&str> = spec["paths"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|item| item.as_object().unwrap().values())
            .filter_map(|operation| operation["operationId"].as_str())
            .collect();
        for list in [
            CONFLICTING,
            RATE_LIMITED,
            DEPENDENT,
            CREDENTIAL_CHECKS,
            ANY_USER,
        ] {
            for id in list {
                assert!(ids.contains(id), "{id} is no operation");
            }
        }
    }

    /// An operation as poem-openapi writes it: every status `ApiError` documents.
    fn operation(id: &str, extra: Value) -> Value {
        let mut responses = serde_json::Map::new();
        responses.insert("200".to_owned(), json!({"description": "The thing."}));
        for status in [400, 401, 403, 404, 408, 409, 413, 415, 429, 500] {
            responses.insert(
                status.to_string(),
                json!({"description": error::documented(status).unwrap()}),
            );
        }
        let mut operation = json!({"operationId": id, "responses": responses});
        for (key, value) in extra.as_object().unwrap() {
            operation[key] = value.clone();
        }
        operation
    }

    fn statuses(doc: &Value, path: &str, method: &str) -> Vec<String> {
        doc["paths"][path][method]["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    }

    #[test]
    fn each_operation_keeps_the_errors_it_can_answer() {
        let mut doc = json!({"paths": {
            "/thing/{id}/": {
                "get": operation("get_thing", json!({"parameters": [
                    {"name": "X-Store-Id", "in": "header", "schema": {"type": "integer"}},
                    {"name": "id", "in": "path", "schema": {"type": "integer"}},
                ]})),
                "patch": operation("update_thing", json!({
                    "security": [{"BearerAuth": []}],
                    "requestBody": {"content": {}},
                })),
            },
            "/login/": {"post": operation("login", json!({"requestBody": {"content": {}}}))},
            "/faqs/": {"get": operation("list_faqs", json!({
                "security": [{"BearerAuth": []}, {}],
                "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}],
            }))},
            "/health/ready": {"get": {
                "operationId": "health_ready",
                "responses": {"200": {"description": "Up."}, "503": {"description": "Down."}},
            }},
        }});
        apply(&mut doc);
        // Public, bodiless, looks up ids: no 401/403, no 408/413/415, no 409/429/503.
        assert_eq!(
            statuses(&doc, "/thing/{id}/", "get"),
            ["200", "400", "404", "500"]
        );
        // A token and a body, but no id, no store and no conflict.
        assert_eq!(
            statuses(&doc, "/thing/{id}/", "patch"),
            ["200", "400", "401", "403", "408", "413", "415", "500"]
        );
        // Public, but it checks a password; rate limited.
        assert_eq!(
            statuses(&doc, "/login/", "post"),
            ["200", "400", "401", "408", "413", "415", "429", "500"]
        );
        // An optional token: 401 for a bad one, never 403.
        assert_eq!(
            statuses(&doc, "/faqs/", "get"),
            ["200", "400", "401", "500"]
        );
        // A 503 of the operation's own stays.
        assert_eq!(statuses(&doc, "/health/ready", "get"), ["200", "503"]);
        let page = &doc["paths"]["/faqs/"]["get"]["parameters"][0];
        assert_eq!(page["description"], "The page of results, from 1.");
        assert_eq!(page["schema"]["minimum"], 1);
    }
}
