//! Users of the portal.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::address::EmailAddress;
use crate::ids::UserId;
use crate::policy::InvitationSetting;
use crate::text::DisplayName;

/// What kind of account a user has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserKind {
    /// Staff: signs in to the internal portal.
    Internal,
    /// An outside person with a Drop-Off account.
    External,
    /// An administrator: the admin console only, never the user portals.
    Admin,
}

impl UserKind {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            UserKind::Internal => "internal",
            UserKind::External => "external",
            UserKind::Admin => "admin",
        }
    }
    /// Reads [`UserKind::as_str`] back.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "internal" => Some(UserKind::Internal),
            "external" => Some(UserKind::External),
            "admin" => Some(UserKind::Admin),
            _ => None,
        }
    }
}

/// Whether a user may sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    /// May sign in.
    Active,
    /// Created through an invitation; waits for an administrator.
    PendingApproval,
    /// Switched off by an administrator.
    Disabled,
}

impl UserStatus {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::PendingApproval => "pending_approval",
            UserStatus::Disabled => "disabled",
        }
    }
    /// Reads [`UserStatus::as_str`] back.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "active" => Some(UserStatus::Active),
            "pending_approval" => Some(UserStatus::PendingApproval),
            "disabled" => Some(UserStatus::Disabled),
            _ => None,
        }
    }
}

/// A stored password hash in PHC string format. Not a secret in the sense of a token, but it
/// is still kept out of `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Wraps a PHC string produced by the hashing adapter.
    pub fn new(phc: String) -> Self {
        Self(phc)
    }
    /// The PHC string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(<redacted>)")
    }
}

/// A user account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Identifier.
    pub id: UserId,
    /// Sign-in name and address.
    pub email: EmailAddress,
    /// Shown in the portal and in the From of invitations.
    pub display_name: DisplayName,
    /// Kind of account.
    pub kind: UserKind,
    /// Whether the user may sign in.
    pub status: UserStatus,
    /// The user's own invitation permission (internal users).
    pub invitation_setting: InvitationSetting,
    /// Local password, if the account has one (directory users do not).
    pub password_hash: Option<PasswordHash>,
    /// Directory users: member of the directory's invitation group at their last sign-in.
    pub directory_may_invite: bool,
    /// When the account was created.
    pub created_at: OffsetDateTime,
    /// Drop-Off accounts: the staff member responsible for the guest (the inviter, or whom
    /// an administrator chose); `None` when nobody is any more.
    pub sponsor_id: Option<UserId>,
    /// The last sign-in.
    pub last_seen_at: Option<OffsetDateTime>,
    /// The user's own quota, overriding their kind's (set by an administrator).
    pub quota: Option<crate::policy::Quota>,
}
