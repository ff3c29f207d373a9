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
    /// The signed-in user, once someone signed in.
    pub user_id: Option<Uuid>,
    /// The name shown and posted back on the Security page.
    pub public_id: Option<String>,
    /// Sign-in time, microseconds since the epoch.
    pub created_at: Option<i64>,
    /// Last request, microseconds since the epoch.
    pub last_seen_at: Option<i64>,
    /// Client address at sign-in.
    pub client: Option<String>,
    /// User agent at sign-in.
    pub agent: Option<String>,
    /// A console session.
    pub console: bool,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
