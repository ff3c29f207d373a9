//! End-to-end: the whole portal over HTTP (in process), with the delivery worker. Every
//! scenario runs twice: on the in-memory adapters and on the embedded default (SQLite file +
//! pickup folder, real argon2).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin;
mod api;
mod browser;
mod bulk;
mod checks;
mod cli;
mod crash;
mod db_faults;
mod directory;
mod doctor;
mod files;
mod funnel;
mod groups;
mod harness;
mod hot_paths;
mod instances;
mod languages;
mod lifecycle;
mod limits;
mod link_only;
mod quotas;
mod races;
mod relay_faults;
mod reminders;
mod renewal;
mod scenarios;
mod sessions;
mod two_factor;
mod walkthrough;
mod webhooks;
