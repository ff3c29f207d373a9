//! `download_links` rows: digests only, never a plaintext token.
use sea_orm::entity::prelude::*;

/// A `download_links` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "download_links")]
pub struct Model {
    /// SHA-256 of the secret, hexadecimal.
    #[sea_orm(primary_key, auto_increment = false)]
    pub digest: String,
    /// The recipient whose link it is.
    pub recipient_id: Uuid,
    /// Microseconds since the epoch.
    pub issued_at: i64,
    /// Microseconds since the epoch.
    pub expires_at: i64,
    /// Live or revoked.
    pub state: String,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
