//! `recovery_codes` rows: digests only.
use sea_orm::entity::prelude::*;

/// A `recovery_codes` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recovery_codes")]
pub struct Model {
    /// SHA-256 of the owner and the code, hexadecimal.
    #[sea_orm(primary_key, auto_increment = false)]
    pub digest: String,
    /// Owner.
    pub user_id: Uuid,
    /// Microseconds since the epoch, once used.
    pub used_at: Option<i64>,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
