//! Postern's schema history. Every migration runs unchanged on SQLite and PostgreSQL:
//! times are stored as integer microseconds since the Unix epoch, identifiers as UUIDs,
//! enumerations as short text.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_initial;
mod m20261126_000002_api_tokens;
mod m20261126_000003_user_last_seen;
mod m20261126_000004_directory_may_invite;
mod m20261126_000005_attachments;
mod m20261126_000006_message_kind;
mod m20261129_000007_lifecycle;
mod m20261129_000008_list_indexes;
mod m20261129_000009_tokens_sessions;
mod m20261129_000010_two_factor;
mod m20261129_000011_sponsors;
mod m20261129_000012_claim_owner;
mod m20261129_000013_shared_limits;
mod m20261130_000014_reminders;
mod m20261130_000015_quotas;
mod m20261130_000016_renewal;
mod m20261130_000017_history;
mod m20261130_000018_webhooks;
mod m20261130_000019_languages;
mod m20261130_000020_attachment_order;

/// The migrator: every migration in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_initial::Migration),
            Box::new(m20261126_000002_api_tokens::Migration),
            Box::new(m20261126_000003_user_last_seen::Migration),
            Box::new(m20261126_000004_directory_may_invite::Migration),
            Box::new(m20261126_000005_attachments::Migration),
            Box::new(m20261126_000006_message_kind::Migration),
            Box::new(m20261129_000007_lifecycle::Migration),
            Box::new(m20261129_000008_list_indexes::Migration),
            Box::new(m20261129_000009_tokens_sessions::Migration),
            Box::new(m20261129_000010_two_factor::Migration),
            Box::new(m20261129_000011_sponsors::Migration),
            Box::new(m20261129_000012_claim_owner::Migration),
            Box::new(m20261129_000013_shared_limits::Migration),
            Box::new(m20261130_000014_reminders::Migration),
            Box::new(m20261130_000015_quotas::Migration),
            Box::new(m20261130_000016_renewal::Migration),
            Box::new(m20261130_000017_history::Migration),
            Box::new(m20261130_000018_webhooks::Migration),
            Box::new(m20261130_000019_languages::Migration),
            Box::new(m20261130_000020_attachment_order::Migration),
        ]
    }
}
