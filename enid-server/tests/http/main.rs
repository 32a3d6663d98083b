//! The in-process HTTP suite of accounts and stores: every request goes through the real endpoint
//! (`enid_server::endpoint_with`) via `poem::test::TestClient`, on a fresh SQLite file and — when
//! `ENID_TEST_POSTGRES_URL` is set — on a fresh PostgreSQL schema (`ENID_TEST_REQUIRE_POSTGRES=1`
//! turns a missing PostgreSQL into a failure). Each test checks status, JSON body and stored state.

mod support;

mod accounts;
mod admin;
mod analytics;
mod assistant;
mod assistant_models;
mod bad_input;
mod faqs;
mod http_hardening;
mod instances;
mod inventory;
mod leads;
mod members;
mod operations;
mod references;
mod returns;
mod stores;
mod viewer;
