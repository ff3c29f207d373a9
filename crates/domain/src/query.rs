//! What administrators look for: filters that the storage applies before it pages, so that a
//! match is found wherever it stands in the whole list.

use time::OffsetDateTime;

use crate::ids::UserId;
use crate::invitation::RecipientState;
use crate::lifecycle::ShownAs;
use crate::user::{UserKind, UserStatus};

/// Text to look for: trimmed, lower-case, at most [`MAX_SEARCH`] characters, never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText(String);

/// The longest search text kept.
pub const MAX_SEARCH: usize = 100;

impl SearchText {
    /// `None` for blank input.
    pub fn parse(text: &str) -> Option<Self> {
        let t: String = text
            .trim()
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_SEARCH)
            .collect::<String>()
            .to_lowercase();
        (!t.is_empty()).then_some(Self(t))
    }
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Which invitations.
#[derive(Debug, Clone, Default)]
pub struct InvitationQuery {
    /// Only this sender's.
    pub sender_id: Option<UserId>,
    /// Part of the sender's address.
    pub sender: Option<SearchText>,
    /// Part of a recipient's address.
    pub recipient: Option<SearchText>,
    /// A recipient shown in this state (the same recipient as `recipient`, when both are given).
    pub state: Option<ShownAs>,
    /// Sent at or after.
    pub since: Option<OffsetDateTime>,
    /// Sent before.
    pub until: Option<OffsetDateTime>,
}

impl InvitationQuery {
    /// Filters by a shown state's name (`queued`, `deferred`, `sent`, …); `None` for an
    /// unknown name.
    pub fn state_named(name: &str) -> Option<ShownAs> {
        let state = RecipientState::from_name(name)?;
        Some(crate::lifecycle::shown_as(state))
    }
}

/// Which users.
#[derive(Debug, Clone, Default)]
pub struct UserQuery {
    /// Part of the address or of the name.
    pub text: Option<SearchText>,
    /// Of this kind.
    pub kind: Option<UserKind>,
    /// In this status.
    pub status: Option<UserStatus>,
    /// Drop-Off accounts of this sponsor (or without one).
    pub sponsor: Option<SponsorFilter>,
}

/// Whose guests a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SponsorFilter {
    /// Drop-Off accounts sponsored by this user.
    Of(crate::ids::UserId),
    /// Drop-Off accounts without a sponsor.
    Nobody,
}

/// A page of users, by address; `next` continues after the last one.
#[derive(Debug, Clone, Default)]
pub struct UserPage {
    /// The users, by normalized address.
    pub users: Vec<crate::user::User>,
    /// The normalized address to continue after; `None` at the end.
    pub next: Option<String>,
}

/// Which audit entries.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Part of the actor, action, subject or detail.
    pub text: Option<SearchText>,
    /// Exactly this action (`invitation.refused`, …).
    pub action: Option<String>,
    /// At or after.
    pub since: Option<OffsetDateTime>,
    /// Before.
    pub until: Option<OffsetDateTime>,
}

/// A page of audit entries, newest first; `next` continues with older ones.
#[derive(Debug, Clone, Default)]
pub struct AuditPage {
    /// The entries.
    pub events: Vec<crate::ports::AuditEvent>,
    /// The position to continue from; `None` at the end.
    pub next: Option<u64>,
}
