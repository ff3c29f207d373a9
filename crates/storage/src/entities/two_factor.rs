//! `two_factor` rows: one enrolment per user, the secret sealed.
use sea_orm::entity::prelude::*;

/// A `two_factor` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "two_factor")]
pub struct Model {
    /// The user.
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// The sealed TOTP secret, base64.
    pub sealed_secret: String,
    /// Confirmed by a first code.
    pub confirmed: bool,
    /// Microseconds since the epoch.
    pub created_at: i64,
    /// Microseconds since the epoch.
    pub confirmed_at: Option<i64>,
    /// The last step accepted.
    pub last_step: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
