//! Black-box tests: the real `enid` binary, a temporary database, real sockets.

mod accounts;
mod analytics;
mod assistant;
mod cli;
mod connections;
mod durability;
mod faqs;
mod images;
mod instances;
mod spec;
mod stock;
