//! Enid's HTTP layer: [`endpoint`] is the whole backend as one poem endpoint that a host nests under
//! any prefix; [`openapi_service`] and [`spec_json`] give its OpenAPI spec. The `enid` binary
//! (see [`cli`]) serves it standalone.

mod admin;
mod api;
mod app;
mod body_deadline;
pub mod cli;
mod client_schema;
pub mod config;
pub mod connection;
mod context;
mod error;
mod image_upload;
mod json_body;
mod metrics;
mod operation_contract;
mod pagination;
mod schema_examples;
mod serde_json_reply;

pub use app::{
    HttpConfig, Service, endpoint, endpoint_with, openapi_service, service_endpoint, spec_json,
};
pub use error::{ApiError, ErrorBody};
