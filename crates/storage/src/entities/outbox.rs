//! `outbox` rows.
use sea_orm::entity::prelude::*;

/// An `outbox` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    /// Id (also the Message-ID).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// What to send, JSON.
    pub kind: String,
    /// Attempts so far.
    pub attempts: i32,
    /// Microseconds since the epoch.
    pub next_attempt_at: i64,
    /// Microseconds since the epoch.
    pub claimed_until: Option<i64>,
    /// The instance and round holding the claim.
    pub claimed_by: Option<String>,
    /// Microseconds since the epoch.
    pub created_at: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
