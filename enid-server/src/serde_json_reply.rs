//! A JSON response written straight from the value's serde form. poem-openapi's `Json` first
//! builds a `serde_json::Value` tree of the whole answer (a map per object), which is most of the
//! work of a large page; `SerdeJson` writes the bytes in one pass. The type derives both `Object`
//! (its schema in the spec) and `Serialize`; debug builds check on every response that the two
//! agree, so the whole HTTP suite guards the equivalence.

use poem::http::StatusCode;
use poem::{IntoResponse, Response};
use poem_openapi::ApiResponse;
use poem_openapi::payload::{Json, Payload};
use poem_openapi::registry::{MetaResponses, MetaSchemaRef, Registry};
use poem_openapi::types::{ToJSON, Type};
use serde::Serialize;

/// A JSON response body of type `T`.
#[derive(Debug, Clone)]
pub struct SerdeJson<T>(pub T);

impl<T: Type> Payload for SerdeJson<T> {
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

impl<T: ToJSON + Serialize> IntoResponse for SerdeJson<T> {
    fn into_response(self) -> Response {
        debug_assert_eq!(
            serde_json::to_value(&self.0).ok(),
            self.0.to_json(),
            "the serde form of a response differs from its OpenAPI form"
        );
        match serde_json::to_vec(&self.0) {
            Ok(body) => Response::builder()
                .content_type(Self::CONTENT_TYPE)
                .body(body),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }
}

impl<T: ToJSON + Serialize> ApiResponse for SerdeJson<T> {
    fn meta() -> MetaResponses {
        Json::<T>::meta()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

#[cfg(test)]
mod tests {
    use poem_openapi::Object;

    use super::*;

    #[derive(Object, Serialize)]
    struct Agreed {
        id: i64,
        name: Option<String>,
    }

    #[derive(Object, Serialize)]
    struct Renamed {
        #[serde(rename = "identifier")]
        id: i64,
    }

    #[tokio::test]
    async fn the_body_is_the_serde_form() {
        let body = SerdeJson(Agreed { id: 7, name: None })
            .into_response()
            .into_body()
            .into_string()
            .await
            .unwrap();
        assert_eq!(body, r#"{"id":7,"name":null}"#);
    }

    #[test]
    #[should_panic(expected = "differs from its OpenAPI form")]
    fn a_serde_form_that_differs_from_the_schema_is_caught() {
        let _ = SerdeJson(Renamed { id: 7 }).into_response();
    }
}
