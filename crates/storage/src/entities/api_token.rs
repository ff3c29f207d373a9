//! `api_tokens` rows: digests only, never a plaintext token.
use sea_orm::entity::prelude::*;

/// An `api_tokens` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_tokens")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// Label.
    pub name: String,
    /// SHA-256 of the secret, hexadecimal.
    #[sea_orm(unique)]
    pub digest: String,
    /// Microseconds since the epoch.
    pub created_at: i64,
    /// Microseconds since the epoch.
    pub last_used_at: Option<i64>,
    /// Microseconds since the epoch.
    pub revoked_at: Option<i64>,
    /// Microseconds since the epoch (set on every token; absent only on a hand-made row).
    pub expires_at: Option<i64>,
    /// `read` or `send`.
    pub scope: String,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
