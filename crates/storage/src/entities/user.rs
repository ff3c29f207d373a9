//! `users` rows.
use sea_orm::entity::prelude::*;

/// A `users` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Address as typed.
    pub email: String,
    /// Lower-case ASCII form, unique.
    #[sea_orm(unique)]
    pub email_normalized: String,
    /// Display name.
    pub display_name: String,
    /// Kind.
    pub kind: String,
    /// Status.
    pub status: String,
    /// Invitation setting.
    pub invitation_setting: String,
    /// PHC string.
    pub password_hash: Option<String>,
    /// Microseconds since the epoch.
    pub created_at: i64,
    /// Last sign-in, microseconds since the epoch.
    pub last_seen_at: Option<i64>,
    /// Directory users: member of the invitation group at their last sign-in.
    pub directory_may_invite: bool,
    /// Drop-Off accounts: the responsible staff member.
    pub sponsor_id: Option<Uuid>,
    /// When the inactivity warning was sent (microseconds since the epoch).
    pub inactivity_warned_at: Option<i64>,
    /// The user's own quota: recipients per 24 hours (with `quota_pending`; both or neither).
    pub quota_per_day: Option<i64>,
    /// The user's own quota: invitations waiting at once.
    pub quota_pending: Option<i64>,
    /// The language the user chose (`None`: the administrator's default).
    pub language: Option<String>,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
