//! Generates the client from the exported spec at every build in which the spec changed, so the
//! client can never drift from `openapi/enid.json`.

use std::path::Path;

use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle};
use serde_json::Value;

const SPEC: &str = "../../openapi/enid.json";

/// The request body media types progenitor generates code for (parameters such as `charset` aside).
const BODY_MEDIA_TYPES: &[&str] = &[
    "application/json",
    "application/octet-stream",
    "application/x-www-form-urlencoded",
    "text/plain",
    "text/x-markdown",
];

fn main() {
    println!("cargo:rerun-if-changed={SPEC}");
    let text = std::fs::read_to_string(SPEC).unwrap_or_else(|e| panic!("reading {SPEC}: {e}"));
    let mut spec: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{SPEC} is not JSON: {e}"));
    for operation in operations(&mut spec) {
        keep_one_error_schema(operation);
    }
    drop_unsupported_bodies(&mut spec);
    let spec: openapiv3::OpenAPI =
        serde_json::from_value(spec).unwrap_or_else(|e| panic!("{SPEC} is not OpenAPI 3.0: {e}"));
    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged);
    let tokens = Generator::new(&settings)
        .generate_tokens(&spec)
        .unwrap_or_else(|e| panic!("progenitor cannot generate a client from {SPEC}: {e}"));
    let file = syn::parse2(tokens).expect("progenitor's output parses as Rust");
    let out = Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("enid.rs");
    std::fs::write(&out, prettyplease::unparse(&file))
        .unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}

/// Every operation of the spec.
fn operations(spec: &mut Value) -> impl Iterator<Item = &mut Value> {
    spec.get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
}

/// progenitor gives each operation one error type. Where an operation answers some error statuses
/// with another schema (a failed assistant turn's 503 carries its conversation), those statuses
/// are left out: the client returns them as `Error::UnexpectedResponse`, to be read as the spec
/// says, while every other error comes back typed.
fn keep_one_error_schema(operation: &mut Value) {
    let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let schema_of = |response: &Value| {
        response
            .get("content")
            .and_then(Value::as_object)
            .and_then(|content| content.values().next())
            .and_then(|media| media.get("schema"))
            .map(Value::to_string)
    };
    let is_error = |status: &str| status.starts_with('4') || status.starts_with('5');
    let mut counts = std::collections::BTreeMap::<Option<String>, usize>::new();
    for (status, response) in responses.iter() {
        if is_error(status) {
            *counts.entry(schema_of(response)).or_default() += 1;
        }
    }
    let Some(most_used) = counts
        .into_iter()
        .max_by_key(|(_, count)| *count)
        .map(|(schema, _)| schema)
    else {
        return;
    };
    responses.retain(|status, response| !is_error(status) || schema_of(response) == most_used);
}

/// Leaves out the operations whose body progenitor cannot send (image uploads are
/// `multipart/form-data`); the crate sends those itself.
fn drop_unsupported_bodies(spec: &mut Value) {
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        if let Some(item) = item.as_object_mut() {
            item.retain(|_, operation| {
                let Some(content) = operation.pointer("/requestBody/content") else {
                    return true;
                };
                content.as_object().is_some_and(|media| {
                    media.keys().any(|name| {
                        let essence = name.split(';').next().unwrap_or_default().trim();
                        BODY_MEDIA_TYPES.contains(&essence)
                    })
                })
            });
        }
    }
}
