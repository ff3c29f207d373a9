//! `downloads` rows: how often a recipient downloaded a file.
use sea_orm::entity::prelude::*;

/// A `downloads` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "downloads")]
pub struct Model {
    /// The recipient.
    #[sea_orm(primary_key, auto_increment = false)]
    pub recipient_id: Uuid,
    /// The file.
    #[sea_orm(primary_key, auto_increment = false)]
    pub attachment_id: Uuid,
    /// Completed downloads started.
    pub count: i32,
    /// Bytes a range request may still take without counting (see the domain's `Downloads`).
    pub resume_bytes: i64,
    /// Whether the latest counted download already had its allowance for a broken connection.
    pub loss_granted: bool,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
