//! `invitation_recipients` rows.
use sea_orm::entity::prelude::*;

/// An `invitation_recipients` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitation_recipients")]
pub struct Model {
    /// Id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Invitation.
    pub invitation_id: Uuid,
    /// Order within the invitation.
    pub position: i32,
    /// Address as typed.
    pub email: String,
    /// Comparison form.
    pub email_normalized: String,
    /// Name typed by the inviter.
    pub display_name: Option<String>,
    /// to / cc / bcc.
    pub role: String,
    /// external / internal.
    pub kind: String,
    /// Stored state.
    pub state: String,
    /// Microseconds since the epoch.
    pub sent_at: Option<i64>,
    /// Microseconds since the epoch.
    pub expires_at: Option<i64>,
    /// Microseconds since the epoch.
    pub accepted_at: Option<i64>,
    /// The mail system's last answer.
    pub last_delivery_note: Option<String>,
    /// Reminders queued for the current link.
    pub reminders_sent: i32,
    /// Microseconds since the epoch: when the next reminder is due.
    pub next_reminder_at: Option<i64>,
    /// Microseconds since the epoch: when a new link was asked for.
    pub renewal_requested_at: Option<i64>,
    /// Microseconds since the epoch: when a link was first opened.
    pub opened_at: Option<i64>,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
