//! The exported spec is current and every operation is documented.

use std::path::Path;

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
