//! The JSON request body of every operation. Unlike poem-openapi's `Json`, it refuses objects with a
//! duplicate key (a proxy reading the first of them must never see another request than Enid does),
//! and a body of the wrong shape gives 400 `validation_error` with `fields` naming each missing,
//! null or wrongly typed field, in the words of the other validation messages.

use std::fmt;
use std::ops::Deref;

use poem::http::StatusCode;
use poem::{FromRequest, Request, RequestBody};
use poem_openapi::payload::{Json, ParsePayload, Payload};
use poem_openapi::registry::{MetaSchema, MetaSchemaRef, Registry};
use poem_openapi::types::{ParseFromJSON, Type};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::error::Category;
use serde_json::{Map, Value};

use enid_core::error::FieldErrors;

use crate::error::ApiError;

/// A JSON request body of type `T`.
#[derive(Debug, Clone)]
pub struct JsonBody<T>(pub T);

impl<T> Deref for JsonBody<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Type> Payload for JsonBody<T> {
    const CONTENT_TYPE: &'static str = Json::<T>::CONTENT_TYPE;

    fn check_content_type(content_type: &str) -> bool {
        Json::<T>::check_content_type(content_type)
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: ParseFromJSON> ParsePayload for JsonBody<T> {
    const IS_REQUIRED: bool = T::IS_REQUIRED;

    async fn from_request(request: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        let bytes = Vec::<u8>::from_request(request, body).await?;
        let invalid_body =
            |detail: String| ApiError::new(StatusCode::BAD_REQUEST, "invalid_body", detail);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(invalid_body("A JSON body is required.".to_owned()).into());
        }
        let parse = || {
            parse_strict(&bytes).map_err(|err| {
                invalid_body(match err.classify() {
                    // The only data error of a `Value` is the duplicate key `parse_strict` refuses.
                    Category::Data => format!("Each key of an object may appear once: {err}."),
                    _ => format!("The body is not valid JSON: {err}."),
                })
            })
        };
        let err = match T::parse_from_json(Some(parse()?)) {
            Ok(parsed) => return Ok(Self(parsed)),
            Err(err) => err,
        };
        // Only a refused body pays for explaining itself: the value is read again and checked
        // against the schema of `T`.
        let value = parse()?;
        let mut registry = Registry::new();
        T::register(&mut registry);
        let schema = T::schema_ref();
        if let Some(top) = resolve(&registry, &schema)
            && (value.is_null() || type_mismatch(top, &value).is_some())
        {
            return Err(invalid_body(format!(
                "The body must be {}, not {}.",
                described(top.ty),
                json_type(&value)
            ))
            .into());
        }
        let mut fields = FieldErrors::new();
        for unknown in [Unknown::Allowed, Unknown::Refused] {
            // With `Refused` only when the value has the documented shape: then what failed is
            // a key the type refuses.
            check(&registry, &schema, &value, None, unknown, &mut fields);
            if !fields.is_empty() {
                break;
            }
        }
        if fields.is_empty() {
            // Nothing the schema tells explains it: say what the parser found.
            fields.insert("non_field_errors".to_owned(), vec![err.into_message()]);
        }
        Err(ApiError::from(enid_core::Error::validation(fields)).into())
    }
}

poem_openapi::impl_apirequest_for_payload!(JsonBody<T>, T: ParseFromJSON);

/// Whether keys an object's schema does not name are errors.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unknown {
    Allowed,
    Refused,
}

fn resolve<'a>(registry: &'a Registry, schema: &'a MetaSchemaRef) -> Option<&'a MetaSchema> {
    match schema {
        MetaSchemaRef::Inline(schema) => Some(schema),
        MetaSchemaRef::Reference(name) => registry.schemas.get(name),
    }
}

fn add(fields: &mut FieldErrors, field: &str, message: impl Into<String>) {
    fields
        .entry(field.to_owned())
        .or_default()
        .push(message.into());
}

/// Records in `fields` why `value` does not fit `schema`; `path` names the field it is (None: the
/// whole body), nested fields joined as in `items[0].quantity`.
fn check(
    registry: &Registry,
    schema: &MetaSchemaRef,
    value: &Value,
    path: Option<&str>,
    unknown: Unknown,
    fields: &mut FieldErrors,
) {
    let Some(schema) = resolve(registry, schema) else {
        return;
    };
    let field = path.unwrap_or("non_field_errors");
    if value.is_null() {
        if !schema.nullable {
            add(fields, field, "This field may not be null.");
        }
        return;
    }
    // A documented field that names another schema is that schema wrapped in `allOf`.
    if !schema.all_of.is_empty() {
        for part in &schema.all_of {
            check(registry, part, value, path, unknown, fields);
        }
        return;
    }
    if let Some(message) = type_mismatch(schema, value) {
        add(fields, field, message);
        return;
    }
    if !schema.enum_items.is_empty() && !schema.enum_items.contains(value) {
        let choices: Vec<String> = schema
            .enum_items
            .iter()
            .map(|item| {
                item.as_str()
                    .map_or_else(|| item.to_string(), str::to_owned)
            })
            .collect();
        add(
            fields,
            field,
            format!("Must be one of {}.", choices.join(", ")),
        );
        return;
    }
    match value {
        Value::Object(object) => {
            let nested = |name: &str| match path {
                Some(path) => format!("{path}.{name}"),
                None => name.to_owned(),
            };
            for (name, property) in &schema.properties {
                match object.get(*name) {
                    None if schema.required.contains(name) => {
                        add(fields, &nested(name), "This field is required.");
                    }
                    // poem-openapi reads a null optional field as an absent one.
                    None | Some(Value::Null) if !schema.required.contains(name) => {}
                    Some(value) => check(
                        registry,
                        property,
                        value,
                        Some(&nested(name)),
                        unknown,
                        fields,
                    ),
                    None => {}
                }
            }
            for (key, value) in object {
                if schema.properties.iter().any(|(name, _)| name == key) {
                    continue;
                }
                match &schema.additional_properties {
                    Some(values) => {
                        check(registry, values, value, Some(&nested(key)), unknown, fields)
                    }
                    None if unknown == Unknown::Refused => {
                        add(fields, &nested(key), "Unknown field.")
                    }
                    None => {}
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = &schema.items {
                for (index, item) in items.iter().enumerate() {
                    let item_path = format!("{field}[{index}]");
                    check(
                        registry,
                        item_schema,
                        item,
                        Some(&item_path),
                        unknown,
                        fields,
                    );
                }
            }
        }
        _ => {}
    }
}

/// "an object", "a list", ...: what a schema type is called in messages.
fn described(ty: &str) -> &'static str {
    match ty {
        "object" => "a JSON object",
        "array" => "a list",
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "a boolean",
        _ => "a JSON value",
    }
}

fn type_mismatch(schema: &MetaSchema, value: &Value) -> Option<String> {
    let fits = match schema.ty {
        "string" => value.is_string() && string_format_fits(schema.format, value),
        "integer" => integer_fits(schema.format, value),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        // Untyped schemas (any JSON value, unions) are left to the parser.
        _ => true,
    };
    if fits {
        return None;
    }
    Some(match (schema.ty, schema.format) {
        ("string", Some("date-time")) if value.is_string() => {
            "Enter a valid date and time in RFC 3339, e.g. 2026-01-31T18:30:00Z.".to_owned()
        }
        ("string", Some("date")) if value.is_string() => {
            "Enter a valid date as YYYY-MM-DD.".to_owned()
        }
        ("string", Some("uuid")) if value.is_string() => "Enter a valid UUID.".to_owned(),
        ("string", _) => "Not a valid string.".to_owned(),
        ("integer", format) if value.is_i64() || value.is_u64() => {
            let (min, max) = integer_range(format);
            format!("Ensure this value is between {min} and {max}.")
        }
        ("integer", _) => "A valid integer is required.".to_owned(),
        ("number", _) => "A valid number is required.".to_owned(),
        ("boolean", _) => "Must be a valid boolean.".to_owned(),
        ("array", _) => format!(
            "Expected a list of items but got type \"{}\".",
            json_type(value)
        ),
        _ => format!(
            "Expected a JSON object but got type \"{}\".",
            json_type(value)
        ),
    })
}

/// The values an integer schema's format holds (`int64` when it names none).
fn integer_range(format: Option<&str>) -> (i128, i128) {
    match format {
        Some("int8") => (i8::MIN.into(), i8::MAX.into()),
        Some("int16") => (i16::MIN.into(), i16::MAX.into()),
        Some("int32") => (i32::MIN.into(), i32::MAX.into()),
        Some("uint8") => (0, u8::MAX.into()),
        Some("uint16") => (0, u16::MAX.into()),
        Some("uint32") => (0, u32::MAX.into()),
        Some("uint64") => (0, u64::MAX.into()),
        _ => (i64::MIN.into(), i64::MAX.into()),
    }
}

fn integer_fits(format: Option<&str>, value: &Value) -> bool {
    let number = value
        .as_i64()
        .map(i128::from)
        .or_else(|| value.as_u64().map(i128::from));
    let (min, max) = integer_range(format);
    number.is_some_and(|n| (min..=max).contains(&n))
}

fn string_format_fits(format: Option<&str>, value: &Value) -> bool {
    let Some(text) = value.as_str() else {
        return false;
    };
    match format {
        Some("date-time") => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
        Some("date") => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
        Some("uuid") => uuid::Uuid::parse_str(text).is_ok(),
        _ => true,
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Parses JSON as `serde_json` does, but refuses an object that names a key twice.
pub fn parse_strict(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = StrictValue.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// Builds a `Value` like serde_json's own, failing on duplicate keys.
struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate key \"{key}\"")));
            }
            let value = map.next_value_seed(StrictValue)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_refused_at_any_depth() {
        assert!(parse_strict(br#"{"a":1,"b":{"c":[{"d":1}]}}"#).is_ok());
        for bad in [
            br#"{"email":"nobody@x","email":"admin@x"}"#.as_slice(),
            br#"{"a":{"b":1,"b":2}}"#,
            br#"[{"k":1},{"k":1,"k":1}]"#,
        ] {
            let err = parse_strict(bad).unwrap_err();
            assert_eq!(err.classify(), Category::Data);
            assert!(err.to_string().contains("duplicate key"), "{err}");
        }
    }

    #[test]
    fn strict_values_equal_serde_json_values() {
        let text =
            r#"{"n":-1,"u":18446744073709551615,"f":1.5,"s":"é\u00e9","l":[true,null],"o":{}}"#;
        assert_eq!(
            parse_strict(text.as_bytes()).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
        for malformed in [b"{} x".as_slice(), b"{\"a\":", b"{'a': 1}"] {
            assert_ne!(
                parse_strict(malformed).unwrap_err().classify(),
                Category::Data
            );
        }
    }
}
