//! Enid's domain logic.
//!
//! Everything here is storage-agnostic: services hold the rules and talk to the database through the
//! async traits in each domain's `storage` module, which `enid-storage` implements for SQLite and
//! PostgreSQL. Build an [`Enid`] with [`EnidBuilder`] and call its services, e.g.
//! `enid.accounts().login(..)`.

pub mod analytics;
pub mod assistant;
pub mod auth;
pub mod cache;
pub mod clock;
pub mod config;
mod enid;
pub mod error;
pub mod faqs;
pub mod invalidation;
pub mod leads;
pub mod pagination;
pub mod rate_limit;
pub mod references;
pub mod returns;
mod rounds;
pub mod stock;
pub mod storage;
pub mod stores;
pub mod text;

pub use enid::{Enid, EnidBuilder};
pub use error::{Error, ErrorKind, Result};
