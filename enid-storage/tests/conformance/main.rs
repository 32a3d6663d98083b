//! The storage conformance suite: written once against the enid-core traits, run on SQLite always
//! and on PostgreSQL when `ENID_TEST_POSTGRES_URL` is set (each test in a fresh schema).
//! `ENID_TEST_REQUIRE_POSTGRES=1` makes a missing PostgreSQL a failure instead of a skip.

mod accounts;
mod analytics;
mod assistant;
mod faqs;
mod inventory;
mod leads;
mod references;
mod returns;
mod sessions;
mod stores;
mod support;
