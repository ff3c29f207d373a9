//! `attachments` rows.
use sea_orm::entity::prelude::*;

/// An `attachments` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attachments")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The invitation.
    pub invitation_id: Uuid,
    /// Order within the invitation.
    pub position: i32,
    /// The name its sender gave it.
    pub name: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256, hexadecimal.
    pub sha256: String,
    /// The attachment store's key.
    pub blob_key: String,
    /// Microseconds since the epoch.
    pub created_at: i64,
    /// When the file is purged, microseconds since the epoch.
    pub expires_at: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
