//! The exported spec is current and every operation is documented.

use std::path::Path;

use serde_json::{Value, json};

fn exported() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/enid.json");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_exported_spec_matches_the_code() {
    assert!(
        exported() == enid_server::spec_json() + "\n",
        "openapi/enid.json is stale: run `cargo run -p enid-server -- openapi --out openapi/enid.json`"
    );
}

#[test]
fn every_operation_is_documented() {
    let spec: serde_json::Value = serde_json::from_str(&enid_server::spec_json()).unwrap();
    let paths = spec["paths"].as_object().expect("paths");
    assert!(paths.len() >= 12, "{} paths", paths.len());
    let mut operations = 0;
    for (path, item) in paths {
        assert!(
            path.ends_with('/') || path.starts_with("/health/"),
            "{path} lacks its trailing slash"
        );
        for (method, op) in item.as_object().unwrap() {
            let name = format!("{method} {path}");
            operations += 1;
            assert!(
                op["operationId"].as_str().is_some_and(|id| !id.is_empty()),
                "{name}: operationId"
            );
            assert!(
                op["tags"].as_array().is_some_and(|tags| !tags.is_empty()),
                "{name}: tag"
            );
            assert!(
                op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{name}: summary"
            );
            assert!(
                op["description"].as_str().is_some_and(|s| !s.is_empty()),
                "{name}: description"
            );
            let responses = op["responses"].as_object().expect("responses");
            assert!(
                responses.keys().any(|status| status.starts_with('2')),
                "{name}: a success response"
            );
            for (status, response) in responses {
                assert!(
                    response["description"]
                        .as_str()
                        .is_some_and(|d| !d.is_empty()),
                    "{name} {status}: response description"
                );
            }
        }
    }
    assert!(operations >= 16, "{operations} operations");
}

/// What typed client generators need from the whole spec: valid OpenAPI 3.0, enums referenced
/// directly, and every field that may be null declared `nullable`.
#[test]
fn the_spec_is_openapi_3_0_that_typed_clients_read() {
    let spec: Value = serde_json::from_str(&enid_server::spec_json()).unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3.0."));
    // OpenAPI 3.0's info object (3.1 added `summary`).
    let info_keys = [
        "title",
        "description",
        "termsOfService",
        "contact",
        "license",
        "version",
    ];
    for key in spec["info"].as_object().unwrap().keys() {
        assert!(
            info_keys.contains(&key.as_str()),
            "info.{key} is not OpenAPI 3.0"
        );
    }
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    let enums: Vec<String> = schemas
        .iter()
        .filter(|(_, schema)| schema.get("enum").is_some())
        .map(|(name, _)| format!("#/components/schemas/{name}"))
        .collect();
    assert!(enums.len() >= 4, "{enums:?}");
    let mut problems = Vec::new();
    check_schemas(&spec, "#", &enums, &mut problems);
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The fields the generators tripped on, spelled out.
    let property = |schema: &str, name: &str| &schemas[schema]["properties"][name];
    let role = json!({
        "description": "The caller's role in the request's store, or null when not a member.",
        "nullable": true,
        "oneOf": [{"$ref": "#/components/schemas/RoleName"}],
    });
    assert_eq!(property("ProfileOut", "profile"), &role);
    assert_eq!(
        property("LeadPatch", "status")["oneOf"],
        json!([{"$ref": "#/components/schemas/LeadStatusName"}])
    );
    assert_eq!(property("LeadPatch", "phone_number")["nullable"], true);
    assert_eq!(
        property("ReturnTransitionIn", "status"),
        &json!({
            "description": "The next status the state machine allows.",
            "$ref": "#/components/schemas/ReturnStatusName",
        })
    );
    assert_eq!(property("LeadOut", "converted_at")["nullable"], true);
    assert_eq!(property("LeadOut", "name").get("nullable"), None);
}

/// Walks every schema below `value` (at JSON pointer `at`) and names what typed clients misread.
fn check_schemas(value: &Value, at: &str, enums: &[String], problems: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::Array(members)) = object.get("allOf") {
                let wrapped = members
                    .iter()
                    .filter_map(|member| member["$ref"].as_str())
                    .find(|reference| enums.iter().any(|name| name == reference));
                if let Some(reference) = wrapped {
                    problems.push(format!("{at}: allOf around the enum {reference}"));
                }
            }
            // 3.0 readers ignore what stands beside a `$ref`.
            if object.contains_key("$ref") && object.contains_key("nullable") {
                problems.push(format!("{at}: nullable beside a $ref is ignored"));
            }
            if object.get("type").and_then(Value::as_str) == Some("object") {
                let required = object.get("required").and_then(Value::as_array);
                let properties = object.get("properties").and_then(Value::as_object);
                for (name, property) in properties.into_iter().flatten() {
                    let optional =
                        !required.is_some_and(|required| required.contains(&json!(name)));
                    if optional && property["nullable"] != true {
                        problems.push(format!("{at}/properties/{name}: optional, not nullable"));
                    }
                }
            }
            for (key, child) in object {
                check_schemas(child, &format!("{at}/{key}"), enums, problems);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                check_schemas(item, &format!("{at}/{index}"), enums, problems);
            }
        }
        _ => {}
    }
}

/// Filters that take a fixed set of values: each must reference an enum schema.
const FIXED_SET_FILTERS: &[&str] = &[
    "status",
    "kind",
    "size",
    "ordering",
    "movement_type",
    "role",
];

/// String ids that clients choose themselves; every other `…_id` string is a uuid.
const CLIENT_CHOSEN_IDS: &[&str] = &["session_id", "user_id", "event_id"];

/// What typed clients and their users need of every operation, held for every domain, including
/// those added later: every parameter described, enum filters referenced, dates and uuids with
/// their formats, paging bounded, an example for every JSON body and answer, and only the error
/// statuses an operation can answer.
#[test]
fn every_operation_documents_what_clients_need() {
    let spec: Value = serde_json::from_str(&enid_server::spec_json()).unwrap();
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    let resolve = |schema: &Value| -> Value {
        match schema["$ref"].as_str() {
            Some(reference) => {
                let name = reference.trim_start_matches("#/components/schemas/");
                schemas.get(name).cloned().unwrap_or(Value::Null)
            }
            None => schema.clone(),
        }
    };
    let mut problems = Vec::new();
    let mut operations = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let name = format!("{method} {path}");
            let parameters = op["parameters"].as_array().cloned().unwrap_or_default();
            for parameter in &parameters {
                let parameter_name = parameter["name"].as_str().unwrap();
                let at = format!("{name} parameter {parameter_name}");
                if parameter["description"]
                    .as_str()
                    .is_none_or(|d| d.trim().is_empty())
                {
                    problems.push(format!("{at}: no description"));
                }
                let schema = &parameter["schema"];
                if FIXED_SET_FILTERS.contains(&parameter_name)
                    && resolve(schema).get("enum").is_none()
                {
                    problems.push(format!("{at}: a fixed set of values, not an enum schema"));
                }
                check_formats(parameter_name, schema, &at, &mut problems);
                if ["page", "page_size", "days"].contains(&parameter_name)
                    && (schema["minimum"].as_i64().is_none()
                        || schema["maximum"].as_i64().is_none())
                {
                    problems.push(format!("{at}: no bounds"));
                }
            }
            let body = op.get("requestBody");
            for (media_type, content) in body
                .and_then(|body| body["content"].as_object())
                .into_iter()
                .flatten()
            {
                if media_type.starts_with("application/json")
                    && resolve(&content["schema"]).get("example").is_none()
                {
                    problems.push(format!("{name}: request body {media_type} without example"));
                }
            }
            let responses = op["responses"].as_object().unwrap();
            for (status, response) in responses {
                for (media_type, content) in response["content"].as_object().into_iter().flatten() {
                    if media_type.starts_with("application/json")
                        && resolve(&content["schema"]).get("example").is_none()
                    {
                        problems.push(format!("{name} {status}: {media_type} without example"));
                    }
                }
            }
            let has = |status: &str| responses.contains_key(status);
            let security = op["security"].as_array();
            let public = security.is_none_or(|schemes| schemes.is_empty());
            let optional_token =
                security.is_some_and(|schemes| schemes.iter().any(|s| s == &json!({})));
            let body_properties = body
                .and_then(|body| body["content"].as_object())
                .and_then(|content| content.values().next())
                .map(|content| resolve(&content["schema"])["properties"].clone())
                .unwrap_or(Value::Null);
            let takes_credentials = ["password", "refresh_token"]
                .iter()
                .any(|field| body_properties.get(field).is_some());
            if public && has("401") && !takes_credentials {
                problems.push(format!("{name}: public, yet 401"));
            }
            if (public || optional_token) && has("403") {
                problems.push(format!("{name}: open to anyone, yet 403"));
            }
            if body.is_none() {
                for status in ["408", "413", "415"] {
                    if has(status) {
                        problems.push(format!("{name}: no body, yet {status}"));
                    }
                }
            }
            let looks_up = parameters
                .iter()
                .any(|p| p["in"] == "path" || p["name"] == "X-Store-Id");
            if has("404") && !looks_up {
                problems.push(format!("{name}: nothing to look up, yet 404"));
            }
            if has("400") && parameters.is_empty() && body.is_none() {
                problems.push(format!("{name}: no input, yet 400"));
            }
            if has("429") && responses["429"]["headers"].get("Retry-After").is_none() {
                problems.push(format!("{name}: 429 without Retry-After"));
            }
        }
    }
    for (schema_name, schema) in schemas {
        let at = format!("#/components/schemas/{schema_name}");
        if schema.get("example").is_none() {
            problems.push(format!("{at}: no example"));
        }
        for (property, property_schema) in schema["properties"].as_object().into_iter().flatten() {
            check_formats(
                property,
                property_schema,
                &format!("{at}/properties/{property}"),
                &mut problems,
            );
        }
    }
    let text = spec.to_string();
    if text.contains("\"allOf\"") {
        problems.push("an allOf wrapper is left in the spec".to_owned());
    }
    assert!(operations >= 100, "{operations} operations");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Dates and instants carry `date` or `date-time` (one, or either), string ids `uuid`.
fn check_formats(name: &str, schema: &Value, at: &str, problems: &mut Vec<String>) {
    let formats: Vec<&str> = match schema["oneOf"].as_array() {
        Some(members) => members
            .iter()
            .filter_map(|m| m["format"].as_str())
            .collect(),
        None => schema["format"].as_str().into_iter().collect(),
    };
    let is_string = schema["type"] == "string"
        || schema["oneOf"]
            .as_array()
            .is_some_and(|members| members.iter().all(|m| m["type"] == "string"));
    if !is_string {
        return;
    }
    let temporal = name.ends_with("_at")
        || ["date", "since", "until", "created_after", "created_before"].contains(&name);
    if temporal
        && (formats.is_empty() || !formats.iter().all(|f| ["date", "date-time"].contains(f)))
    {
        problems.push(format!("{at}: a date or instant without its format"));
    }
    if name.ends_with("_id") && !CLIENT_CHOSEN_IDS.contains(&name) && formats != ["uuid"] {
        problems.push(format!("{at}: a string id without format uuid"));
    }
    if formats.contains(&"naive-date") {
        problems.push(format!("{at}: naive-date is not an OpenAPI format"));
    }
}
