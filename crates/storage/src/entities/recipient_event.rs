//! `recipient_events` rows: each recipient's history.
use sea_orm::entity::prelude::*;

/// A `recipient_events` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recipient_events")]
pub struct Model {
    /// Sequence.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The recipient.
    pub recipient_id: Uuid,
    /// Microseconds since the epoch.
    pub at: i64,
    /// What happened (`HistoryEvent::as_str`).
    pub event: String,
    /// Who caused it (`Actor::name`), when a person did.
    pub actor: Option<String>,
    /// The mail system's answer, for deliveries.
    pub detail: Option<String>,
    /// Whether it was handed over to the webhook endpoints.
    pub handed_over: bool,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
