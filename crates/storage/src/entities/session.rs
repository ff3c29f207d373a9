//! `sessions` rows, keyed by a digest of the session cookie.
use sea_orm::entity::prelude::*;

/// A `sessions` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    /// SHA-256 of the cookie value, hexadecimal.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Session data, JSON.
    pub data: String,
    /// Microseconds since the epoch.
    pub expires_at: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
