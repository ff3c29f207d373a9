//! Invitations: one per send, one recipient entry per address.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::address::EmailAddress;
use crate::ids::{InvitationId, MessageId, RecipientId, UserId};
use crate::policy::DeliveryOptions;
use crate::recipients::{Recipient, Role};
use crate::text::{DisplayName, MessageBody, Subject};
use crate::token::TokenDigest;

/// Whether an invitee gets a Drop-Off account or an internal one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    /// An outside person: a Drop-Off account with a Postern password.
    External,
    /// The directory knows the address: the invitee signs in with directory credentials.
    Internal,
}

impl RecipientKind {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientKind::External => "external",
            RecipientKind::Internal => "internal",
        }
    }
    /// Reads [`RecipientKind::as_str`] back.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "external" => Some(RecipientKind::External),
            "internal" => Some(RecipientKind::Internal),
            _ => None,
        }
    }
}

/// Where one recipient's invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientState {
    /// Waiting for the delivery worker.
    Queued,
    /// Waiting for a retry after a temporary delivery failure (derived from the delivery
    /// note of a queued message, never stored).
    Deferred,
    /// An invitation handed to the mail system; the link is live.
    Sent,
    /// A files message handed to the mail system; the download link is live.
    Delivered,
    /// A files message whose recipient downloaded a file.
    Downloaded,
    /// The mail system refused it permanently.
    Bounced,
    /// The account was created.
    Accepted,
    /// The link outlived its lifetime (derived from the expiry time, never stored).
    Expired,
    /// Revoked by the sender.
    Revoked,
    /// Revoked by an administrator: only an administrator can send it again.
    RevokedByAdmin,
}

impl RecipientState {
    /// The stored states in which a recipient's link runs out at its expiry (shown then as
    /// [`RecipientState::Expired`]).
    pub const EXPIRING: [RecipientState; 3] = [
        RecipientState::Sent,
        RecipientState::Delivered,
        RecipientState::Downloaded,
    ];

    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientState::Queued => "queued",
            RecipientState::Deferred => "deferred",
            RecipientState::Sent => "sent",
            RecipientState::Delivered => "delivered",
            RecipientState::Downloaded => "downloaded",
            RecipientState::Bounced => "bounced",
            RecipientState::Accepted => "accepted",
            RecipientState::Expired => "expired",
            RecipientState::Revoked => "revoked",
            RecipientState::RevokedByAdmin => "revoked_by_admin",
        }
    }
    /// The state as a person reads it: both kinds of revoked are *revoked*.
    pub fn label(self) -> &'static str {
        match self {
            RecipientState::RevokedByAdmin => "revoked",
            other => other.as_str(),
        }
    }
    /// Reads [`RecipientState::as_str`] back.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            RecipientState::Queued,
            RecipientState::Deferred,
            RecipientState::Sent,
            RecipientState::Delivered,
            RecipientState::Downloaded,
            RecipientState::Bounced,
            RecipientState::Accepted,
            RecipientState::Expired,
            RecipientState::Revoked,
            RecipientState::RevokedByAdmin,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }
}

/// One addressee of an invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRecipient {
    /// Identifier.
    pub id: RecipientId,
    /// Address and display name as typed.
    pub recipient: Recipient,
    /// To, CC or BCC.
    pub role: Role,
    /// External or internal.
    pub kind: RecipientKind,
    /// Stored state (see [`InvitationRecipient::state_at`] for the effective one).
    pub state: RecipientState,
    /// When the last message to this recipient was handed to the mail system.
    pub sent_at: Option<OffsetDateTime>,
    /// When the newest link expires.
    pub expires_at: Option<OffsetDateTime>,
    /// When the account was created.
    pub accepted_at: Option<OffsetDateTime>,
    /// The mail system's last answer (reply or error), for the inviter.
    pub last_delivery_note: Option<String>,
    /// Reminders queued for the current link so far (back to 0 when a new link is sent).
    pub reminders_sent: u32,
    /// When the next reminder is due; `None`: none is planned.
    pub next_reminder_at: Option<OffsetDateTime>,
    /// When the holder of an expired link asked for a new one (once per recipient).
    pub renewal_requested_at: Option<OffsetDateTime>,
    /// When a link of this recipient was first opened (opening never uses a link up).
    pub opened_at: Option<OffsetDateTime>,
}

impl InvitationRecipient {
    /// The address.
    pub fn address(&self) -> &EmailAddress {
        self.recipient.address()
    }

    /// The state as the inviter sees it at `now`: a sent link (or delivered files) past its
    /// end of life is expired, and a queued message with a delivery note is deferred (waiting
    /// for a retry).
    pub fn state_at(&self, now: OffsetDateTime) -> RecipientState {
        RecipientState::shown_at(self.state, self.expires_at, self.last_delivery_note.is_some(), now)
    }
}

impl RecipientState {
    /// The state shown at `now` of a recipient stored in `state`, whose link ends at
    /// `expires_at` and who has a delivery note or not: past its end a link is expired, and a
    /// queued message with a note is deferred. The one place these two states are derived.
    pub(crate) fn shown_at(
        state: RecipientState,
        expires_at: Option<OffsetDateTime>,
        has_delivery_note: bool,
        now: OffsetDateTime,
    ) -> RecipientState {
        match (state, expires_at) {
            (state, Some(expiry)) if expiry <= now && RecipientState::EXPIRING.contains(&state) => {
                RecipientState::Expired
            }
            (RecipientState::Queued, _) if has_delivery_note => RecipientState::Deferred,
            (state, _) => state,
        }
    }
}

/// One send: who sent what to whom with which options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// Identifier.
    pub id: InvitationId,
    /// The inviter.
    pub sender_id: UserId,
    /// The inviter's address (From of the form, Reply-To of the email).
    pub sender_email: EmailAddress,
    /// The inviter's name (From display name of the email).
    pub sender_name: DisplayName,
    /// Subject.
    pub subject: Subject,
    /// The sender's message.
    pub message: MessageBody,
    /// Delivery options in force.
    pub options: DeliveryOptions,
    /// When it was sent (submitted).
    pub created_at: OffsetDateTime,
    /// The form's idempotency key, if any.
    pub idempotency_key: Option<String>,
    /// Recipients in order: To, then CC, then BCC.
    pub recipients: Vec<InvitationRecipient>,
    /// Files, in the order they were added.
    pub attachments: Vec<crate::files::Attachment>,
    /// An invitation (with activation links), or only files.
    pub kind: MessageKind,
    /// The language its emails (and its activation page) are written in.
    pub language: crate::language::Language,
}

/// What a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// An invitation: each recipient gets an activation link (and the files, if any).
    #[default]
    Invitation,
    /// Files only (*Send Files*, or a Drop-Off user sending files back): download links.
    Files,
}

impl MessageKind {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Invitation => "invitation",
            MessageKind::Files => "files",
        }
    }
    /// Reads [`MessageKind::as_str`] back.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "invitation" => Some(MessageKind::Invitation),
            "files" => Some(MessageKind::Files),
            _ => None,
        }
    }
}

impl Invitation {
    /// Recipients with a role.
    pub(crate) fn with_role(&self, role: Role) -> impl Iterator<Item = &InvitationRecipient> {
        self.recipients.iter().filter(move |r| r.role == role)
    }
    /// A recipient by id.
    pub fn recipient(&self, id: RecipientId) -> Option<&InvitationRecipient> {
        self.recipients.iter().find(|r| r.id == id)
    }
    /// When the files' lifetime ends (they are purged then).
    pub fn files_expire_at(&self) -> OffsetDateTime {
        self.created_at + time::Duration::days(i64::from(self.options.attachment_lifetime_days))
    }
}

/// Whether a link still works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenState {
    /// Works until it expires.
    Live,
    /// Its recipient created the account (with this link or another one of theirs).
    Used,
    /// Revoked, or replaced by a resend.
    Revoked,
}

impl TokenState {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenState::Live => "live",
            TokenState::Used => "used",
            TokenState::Revoked => "revoked",
        }
    }
    /// Reads [`TokenState::as_str`] back.
    pub fn from_name(name: &str) -> Option<Self> {
        [TokenState::Live, TokenState::Used, TokenState::Revoked]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

/// A link that was put in an email: its digest, whose it is and until when it works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedToken {
    /// SHA-256 of the secret.
    pub digest: TokenDigest,
    /// The recipient it activates.
    pub recipient_id: RecipientId,
    /// When it was minted.
    pub issued_at: OffsetDateTime,
    /// When it stops working.
    pub expires_at: OffsetDateTime,
    /// Live, used or revoked.
    pub state: TokenState,
}

/// What an outbox message is about; the content is rendered when it is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OutboxKind {
    /// The invitation to one recipient (with a freshly minted link).
    Invitation {
        /// The recipient.
        recipient_id: RecipientId,
    },
    /// A copy for the inviter (without any personal link).
    InvitationCopy {
        /// The invitation.
        invitation_id: InvitationId,
    },
    /// Reminds a recipient who has not created their account yet, with a further link of
    /// their own (the links sent before keep working; using any one ends them all).
    Reminder {
        /// The recipient.
        recipient_id: RecipientId,
        /// Which reminder of the current link this is (1, 2).
        number: u32,
    },
    /// Tells the inviter that a recipient whose link expired asks for a new one.
    RenewalNotice {
        /// The recipient.
        recipient_id: RecipientId,
    },
    /// Tells the inviter that a recipient created their account.
    AcceptedNotice {
        /// The recipient.
        recipient_id: RecipientId,
    },
    /// Tells the inviter that a recipient's invitation could not be delivered.
    BounceNotice {
        /// The recipient.
        recipient_id: RecipientId,
    },
    /// Tells an administrator that an account waits for approval.
    PendingNotice {
        /// The waiting user.
        user_id: UserId,
        /// The administrator to tell.
        admin_id: UserId,
    },
    /// Tells a user that their account request was rejected.
    Rejected {
        /// The user.
        user_id: UserId,
    },
    /// Tells an administrator that guests lost their sponsor (or were disabled for it).
    SponsorLeftNotice {
        /// The administrator to tell.
        admin_id: UserId,
        /// Guests left without a sponsor.
        unsponsored: u32,
        /// Guests disabled because their sponsor left.
        disabled: u32,
    },
    /// Warns a Drop-Off account that it will be disabled for inactivity.
    InactivityWarning {
        /// The user.
        user_id: UserId,
        /// When it will be disabled unless used.
        disable_on: time::OffsetDateTime,
    },
    /// Tells a webhook endpoint of one step of a recipient's history (an HTTP request, not
    /// an email).
    Webhook {
        /// The endpoint.
        webhook_id: crate::ids::WebhookId,
        /// The history entry.
        event_id: i64,
    },
    /// Welcomes a new user.
    Welcome {
        /// The user.
        user_id: UserId,
    },
    /// Tells the sender that a recipient downloaded a file for the first time.
    DownloadNotice {
        /// The recipient.
        recipient_id: RecipientId,
        /// The file.
        attachment_id: crate::ids::AttachmentId,
    },
}

/// A message waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    /// Identifier; also the stable `Message-ID`.
    pub id: MessageId,
    /// What to send.
    pub kind: OutboxKind,
    /// Delivery attempts so far.
    pub attempts: u32,
    /// Not before this time.
    pub next_attempt_at: OffsetDateTime,
    /// When it was queued.
    pub created_at: OffsetDateTime,
}

impl OutboxMessage {
    /// A message due at once.
    pub fn new(id: MessageId, kind: OutboxKind, now: OffsetDateTime) -> Self {
        Self {
            id,
            kind,
            attempts: 0,
            next_attempt_at: now,
            created_at: now,
        }
    }
}
