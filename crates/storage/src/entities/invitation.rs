//! `invitations` rows.
use sea_orm::entity::prelude::*;

/// An `invitations` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Sender.
    pub sender_id: Uuid,
    /// Sender address.
    pub sender_email: String,
    /// Sender name.
    pub sender_name: String,
    /// Subject.
    pub subject: String,
    /// Message.
    pub message: String,
    /// Delivery options, JSON.
    pub options: String,
    /// Microseconds since the epoch.
    pub created_at: i64,
    /// Idempotency key.
    pub idempotency_key: Option<String>,
    /// `invitation` or `files`.
    pub kind: String,
    /// The language of its emails (`en`, `de`, …).
    pub language: String,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
