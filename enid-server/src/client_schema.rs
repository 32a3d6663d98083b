//! Rewrites the properties of poem-openapi's object schemas into the OpenAPI 3.0 form that typed
//! client generators read as meant. It runs on the whole published document, so every operation and
//! every domain is covered without attributes on its types.
//!
//! - A property that is not required may be null: an `Option` or `MaybeUndefined` field answers
//!   null, and every optional field of a request body accepts null as "absent". It is declared
//!   `nullable: true`.
//! - poem-openapi describes a referenced field as `allOf: [{$ref}, {description}]`, which generators
//!   refuse when the reference is an enum. A required one becomes the `$ref` itself (its
//!   description kept beside it); a nullable one `oneOf: [{$ref}]` with `nullable` and the
//!   description, since 3.0 readers ignore anything beside a `$ref`.
//! - poem-openapi names a `NaiveDate`'s format `naive-date`; OpenAPI's name is `date`.
//! - poem-openapi describes a `text/event-stream` answer as an array of its items; OpenAPI (3.2's
//!   `itemSchema`, and the `schema` 3.0 readers such as schemathesis take per event) describes one
//!   event: its `event` name and its `data`, the JSON of an item.

use serde_json::{Map, Value, json};

/// Rewrites every object schema of `doc`, wherever it sits.
pub(crate) fn for_typed_clients(doc: &mut Value) {
    match doc {
        Value::Object(object) => {
            if object.get("format").and_then(Value::as_str) == Some("event-stream") {
                *object = server_sent_event(object);
            }
            if object.get("type").and_then(Value::as_str) == Some("object") {
                rewrite_properties(object);
            }
            if object.get("format").and_then(Value::as_str) == Some("naive-date") {
                object.insert("format".to_owned(), Value::from("date"));
            }

            object.values_mut().for_each(for_typed_clients);
        }
        Value::Array(items) => items.iter_mut().for_each(for_typed_clients),
        _ => {}
    }
}

/// One event of poem-openapi's `{type: array, format: event-stream, items}`.
fn server_sent_event(stream: &Map<String, Value>) -> Map<String, Value> {
    let item = stream
        .get("items")
        .and_then(|items| items.get("$ref"))
        .and_then(Value::as_str)
        .map(|reference| reference.trim_start_matches("#/components/schemas/"))
        .unwrap_or("the item");
    let event = json!({
        "type": "object",
        "description": format!("One server-sent event; its `data` is the JSON of a `{item}`."),
        "required": ["data"],
        "properties": {
            "event": {"type": "string", "description": "The event's name."},
            "data": {"type": "string", "description": format!("A `{item}`, as JSON.")},
            "id": {"type": "string"},
            "retry": {"type": "integer"},
        },
    });
    match event {
        Value::Object(event) => event,
        _ => unreachable!("an object literal"),
    }
}

fn rewrite_properties(schema: &mut Map<String, Value>) {
    let required: Vec<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|name| name.as_str().map(str::to_owned))
        .collect();
    let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for (name, property) in properties.iter_mut() {
        if let Value::Object(property) = property {
            let optional = !required.contains(name);
            *property = client_property(std::mem::take(property), optional);
        }
    }
}

fn client_property(mut property: Map<String, Value>, optional: bool) -> Map<String, Value> {
    let reference = match property.remove("allOf") {
        Some(Value::Array(members)) => unwrap_reference(&mut property, members),
        Some(other) => {
            property.insert("allOf".to_owned(), other);
            None
        }
        None => property.remove("$ref"),
    };
    let nullable = optional || property.get("nullable") == Some(&Value::Bool(true));
    match reference {
        Some(reference) if nullable => {
            property.insert("nullable".to_owned(), Value::Bool(true));
            property.insert(
                "oneOf".to_owned(),
                Value::Array(vec![reference_to(reference)]),
            );
        }
        Some(reference) => {
            property.insert("$ref".to_owned(), reference);
        }
        None if nullable => {
            property.insert("nullable".to_owned(), Value::Bool(true));
        }
        None => {}
    }
    property
}

/// The `$ref` of poem-openapi's `allOf: [{$ref}, {annotations}]`, with the annotations moved into
/// `property`; `None` (and `allOf` left as it was) for any other `allOf`.
fn unwrap_reference(property: &mut Map<String, Value>, members: Vec<Value>) -> Option<Value> {
    let is_reference = |member: &&Value| {
        member
            .as_object()
            .is_some_and(|member| member.len() == 1 && member.contains_key("$ref"))
    };
    // Keywords that make a member a schema of its own rather than notes on the reference.
    let is_annotation = |member: &&Value| {
        member.as_object().is_some_and(|member| {
            [
                "$ref",
                "type",
                "properties",
                "items",
                "allOf",
                "oneOf",
                "anyOf",
            ]
            .iter()
            .all(|keyword| !member.contains_key(*keyword))
        })
    };
    let (references, annotations): (Vec<&Value>, Vec<&Value>) =
        members.iter().partition(is_reference);
    if references.len() != 1 || !annotations.iter().all(is_annotation) {
        property.insert("allOf".to_owned(), Value::Array(members));
        return None;
    }
    for (key, value) in annotations
        .into_iter()
        .filter_map(Value::as_object)
        .flatten()
    {
        property.entry(key.clone()).or_insert_with(|| value.clone());
    }
    Some(references[0]["$ref"].clone())
}

fn reference_to(reference: Value) -> Value {
    Value::Object(Map::from_iter([("$ref".to_owned(), reference)]))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::for_typed_clients;

    #[test]
    fn rewrites_poem_openapi_wrappers_and_marks_optional_fields() {
        let wrapped = |description: &str| {
            json!({
                "description": description,
                "allOf": [{"$ref": "#/components/schemas/Kind"}, {"description": description}],
            })
        };
        let mut doc = json!({"components": {"schemas": {"Thing": {
            "type": "object",
            "required": ["id", "kind"],
            "properties": {
                "id": {"type": "integer"},
                "kind": wrapped("What it is."),
                "previous_kind": wrapped("What it was, or null."),
                "parent": {"$ref": "#/components/schemas/Thing"},
                "note": {"type": "string"},
                "both": {"allOf": [
                    {"$ref": "#/components/schemas/A"},
                    {"$ref": "#/components/schemas/B"},
                ]},
            },
        }}}});
        for_typed_clients(&mut doc);
        assert_eq!(
            doc["components"]["schemas"]["Thing"]["properties"],
            json!({
                "id": {"type": "integer"},
                "kind": {"description": "What it is.", "$ref": "#/components/schemas/Kind"},
                "previous_kind": {
                    "description": "What it was, or null.",
                    "nullable": true,
                    "oneOf": [{"$ref": "#/components/schemas/Kind"}],
                },
                "parent": {"nullable": true, "oneOf": [{"$ref": "#/components/schemas/Thing"}]},
                "note": {"type": "string", "nullable": true},
                // Not poem-openapi's wrapper: a real composition, kept.
                "both": {
                    "allOf": [
                        {"$ref": "#/components/schemas/A"},
                        {"$ref": "#/components/schemas/B"},
                    ],
                    "nullable": true,
                },
            })
        );
    }

    #[test]
    fn an_event_stream_is_described_per_event_and_dates_by_their_name() {
        let mut doc = json!({
            "stream": {
                "type": "array",
                "format": "event-stream",
                "items": {"$ref": "#/components/schemas/ChatEvent"},
            },
            "day": {"type": "string", "format": "naive-date"},
        });
        for_typed_clients(&mut doc);
        assert_eq!(doc["day"], json!({"type": "string", "format": "date"}));
        let event = &doc["stream"];
        assert_eq!(event["type"], "object");
        assert_eq!(event["required"], json!(["data"]));
        assert_eq!(
            event["properties"]["data"],
            json!({"type": "string", "description": "A `ChatEvent`, as JSON."})
        );
        assert_eq!(event["properties"]["event"]["nullable"], true);
        assert_eq!(event.get("items"), None);
    }
}
