//! `webhooks` rows.
use sea_orm::entity::prelude::*;

/// A `webhooks` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhooks")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Where deliveries go.
    pub url: String,
    /// The events, comma-separated (`HistoryEvent::as_str`).
    pub events: String,
    /// The signing secret, sealed, base64.
    pub sealed_secret: String,
    /// Microseconds since the epoch.
    pub created_at: i64,
    /// Microseconds since the epoch.
    pub last_attempt_at: Option<i64>,
    /// What came of the last attempt.
    pub last_outcome: Option<String>,
    /// Microseconds since the epoch.
    pub last_success_at: Option<i64>,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
