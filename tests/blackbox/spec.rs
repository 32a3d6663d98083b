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
