//! SeaORM entities: the storage crate's own row types, mapped to and from domain types.

pub mod api_token;
pub mod attachment;
pub mod audit_log;
pub mod download;
pub mod download_link;
pub mod invitation;
pub mod outbox;
pub mod recipient;
pub mod recipient_event;
pub mod recovery_code;
pub mod session;
pub mod setting;
pub mod template;
pub mod token;
pub mod two_factor;
pub mod user;
pub mod webhook;
