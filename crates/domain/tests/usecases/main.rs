//! Use-case scenarios on the testkit's in-memory adapters.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod activation;
mod admin;
mod api_tokens;
mod bulk;
mod delivery;
mod directory;
mod files;
mod funnel;
mod guests;
mod link_only;
mod properties;
mod quotas;
mod reminders;
mod renewal;
mod resend;
mod sending;
mod support;
mod webhooks;
