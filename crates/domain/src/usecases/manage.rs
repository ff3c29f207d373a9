//! Resending and revoking: who may, from which state, decided by [`crate::lifecycle`].

use thiserror::Error;

use super::Ports;
use crate::ids::InvitationId;
use crate::ids::{MessageId, RecipientId};
use crate::invitation::{Invitation, MessageKind, OutboxKind, OutboxMessage};
use crate::lifecycle::{self, Actor, Event, Facts, RecipientChange, Refusal};
use crate::policy::RecipientPolicyError;
use crate::ports::{InvitationCursor, InvitationPage, StoreError};
use crate::user::{User, UserKind, UserStatus};

/// Why a resend or revoke was refused. Nothing was changed.
#[derive(Debug, Error)]
pub enum ManageError {
    /// No such recipient among the actor's messages.
    #[error("no such invitation")]
    NotFound,
    /// The account was already created.
    #[error("the invitation was already accepted")]
    AlreadyAccepted,
    /// The actor may not do this: no invitation permission any more, or a Drop-Off account.
    #[error("you are not permitted to send invitations")]
    NotPermitted,
    /// Resend and revoke are for staff and administrators.
    #[error("Drop-Off accounts cannot resend or revoke; send the files again instead")]
    DropOffAccount,
    /// An administrator revoked it: only an administrator can send it again.
    #[error("an administrator revoked this invitation; only an administrator can send it again")]
    RevokedByAdministrator,
    /// Revoked already.
    #[error("the invitation is already revoked")]
    AlreadyRevoked,
    /// The message is still on its way.
    #[error("the message is still waiting for delivery and is retried automatically; resend it once it was sent")]
    StillQueued,
    /// The files of this message have expired and are deleted.
    #[error("the files of this message have expired; send them again")]
    FilesExpired,
    /// The recipient policy refuses the address now.
    #[error("{0}")]
    RecipientRefused(RecipientPolicyError),
    /// A link-only invitation, and the administrator no longer offers link-only invitations:
    /// no new link is shown (nor emailed, which the sender did not choose).
    #[error("link-only invitations are no longer offered here: revoke this one and send a new invitation by email")]
    LinkOnlyWithdrawn,
    /// The recipient changed while this request was decided; look again.
    #[error("the invitation changed meanwhile; look at it again")]
    Changed,
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ManageError {
    /// A stable code for the API and the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            ManageError::NotFound => "not_found",
            ManageError::AlreadyAccepted => "already_accepted",
            ManageError::NotPermitted => "not_permitted",
            ManageError::DropOffAccount => "dropoff_account",
            ManageError::RevokedByAdministrator => "revoked_by_administrator",
            ManageError::AlreadyRevoked => "already_revoked",
            ManageError::StillQueued => "still_queued",
            ManageError::FilesExpired => "files_expired",
            ManageError::RecipientRefused(_) => "recipient_refused",
            ManageError::Changed => "changed_meanwhile",
            ManageError::LinkOnlyWithdrawn => "link_only_withdrawn",
            ManageError::Store(_) => "internal",
        }
    }
}

impl From<Refusal> for ManageError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::AlreadyAccepted => ManageError::AlreadyAccepted,
            Refusal::RevokedByAdministrator => ManageError::RevokedByAdministrator,
            Refusal::AlreadyRevoked => ManageError::AlreadyRevoked,
            Refusal::StillQueued => ManageError::StillQueued,
            Refusal::FilesExpired => ManageError::FilesExpired,
            Refusal::NotAllowed => ManageError::NotPermitted,
        }
    }
}

/// Resend (new link, old ones dead) and revoke.
pub struct ManageInvitations {
    clock: std::sync::Arc<dyn crate::ports::Clock>,
    random: std::sync::Arc<dyn crate::ports::TokenSource>,
    invitations: std::sync::Arc<dyn crate::ports::InvitationRepository>,
    settings: std::sync::Arc<dyn crate::ports::SettingsRepository>,
    audit: super::Audit,
}

impl ManageInvitations {
    /// The use case over the ports it needs, taken from the portal's.
    pub fn new(p: &Ports) -> Self {
        Self {
            clock: p.clock.clone(),
            random: p.random.clone(),
            invitations: p.invitations.clone(),
            settings: p.settings.clone(),
            audit: super::Audit::of(p),
        }
    }

    /// `sender`'s invitations, newest first, `limit` per page; with `state`, only those with a
    /// recipient shown in it.
    ///
    /// # Errors
    /// Storage.
    pub async fn sent_by(
        &self,
        sender: &User,
        state: Option<crate::lifecycle::ShownAs>,
        after: Option<InvitationCursor>,
        limit: u32,
    ) -> Result<InvitationPage, StoreError> {
        match state {
            None => self.invitations.list_by_sender(sender.id, after, limit).await,
            Some(state) => {
                let query = crate::query::InvitationQuery {
                    sender_id: Some(sender.id),
                    state: Some(state),
                    ..Default::default()
                };
                let now = self.clock.now();
                self.invitations.search_invitations(&query, now, after, limit).await
            }
        }
    }

    /// The invitation `id` if `sender` sent it; another sender's is `None`, as is an unknown one.
    ///
    /// # Errors
    /// Storage.
    pub async fn find_sent(&self, sender: &User, id: InvitationId) -> Result<Option<Invitation>, StoreError> {
        Ok(self
            .invitations
            .find_invitation(id)
            .await?
            .filter(|i| i.sender_id == sender.id))
    }

    /// The invitation holding recipient `id`, if `user` may act on it (its sender, or an
    /// administrator); anyone else's is `None`, as is an unknown one.
    ///
    /// # Errors
    /// Storage.
    pub async fn find_for(&self, user: &User, id: RecipientId) -> Result<Option<Invitation>, StoreError> {
        Ok(self
            .invitations
            .find_by_recipient(id)
            .await?
            .filter(|i| Self::actor(user, i).is_ok()))
    }

    /// The history of recipient `id` as `user` (its sender, or an administrator) may see it,
    /// with the invitation it belongs to; *expired* added as of now. Anyone else's, or an
    /// unknown one: `None`.
    ///
    /// # Errors
    /// Storage.
    pub async fn history(
        &self,
        user: &User,
        id: RecipientId,
    ) -> Result<Option<(Invitation, Vec<crate::history::HistoryEntry>)>, StoreError> {
        let Some(invitation) = self.find_for(user, id).await? else {
            return Ok(None);
        };
        let Some(recipient) = invitation.recipient(id) else {
            return Ok(None);
        };
        let entries = self.invitations.history(id).await?;
        let entries = crate::history::with_expiry(entries, recipient, self.clock.now());
        Ok(Some((invitation, entries)))
    }

    /// The actor `user` is for this message, or why they are none.
    pub fn actor(user: &User, invitation: &Invitation) -> Result<Actor, ManageError> {
        if user.kind == UserKind::Admin && user.status == UserStatus::Active {
            return Ok(Actor::Administrator);
        }
        // Another sender's message is "not found", so ids cannot be probed.
        if invitation.sender_id != user.id {
            return Err(ManageError::NotFound);
        }
        if user.kind != UserKind::Internal {
            return Err(ManageError::DropOffAccount);
        }
        Ok(Actor::Sender)
    }

    /// Decides `event` by `user` for recipient `id`: the change to apply (with the link to
    /// show, for a link-only invitation's resend), or why not. A resend of a link-only
    /// invitation becomes [`Event::NewLinkShown`].
    async fn decide(
        &self,
        user: &User,
        id: RecipientId,
        event: Event,
    ) -> Result<(RecipientChange, Option<super::ShownLink>), ManageError> {
        let p = self;
        let invitation = p
            .invitations
            .find_by_recipient(id)
            .await?
            .ok_or(ManageError::NotFound)?;
        let actor = Self::actor(user, &invitation)?;
        let recipient = invitation.recipient(id).ok_or(ManageError::NotFound)?;
        let now = p.clock.now();
        let files_expired = invitation.files_expire_at() <= now;
        let event =
            if event == Event::Resend && invitation.options.link_only && invitation.kind == MessageKind::Invitation {
                Event::NewLinkShown
            } else {
                event
            };
        let rule = lifecycle::decide(event, invitation.kind, actor, recipient.state, files_expired)?;
        let mut outbox = Vec::new();
        let mut facts = Facts::Nothing;
        let mut shown = None;
        if matches!(event, Event::Resend | Event::NewLinkShown) {
            let settings = p.settings.load_settings().await?;
            // The sender's right to send is asked again now, not taken from the first send.
            let permitted = actor == Actor::Administrator
                || match invitation.kind {
                    MessageKind::Invitation => settings.invitations.may_invite(user),
                    MessageKind::Files => user.status == UserStatus::Active,
                };
            if !permitted {
                return Err(ManageError::NotPermitted);
            }
            settings
                .recipients
                .check_address(recipient.address())
                .map_err(ManageError::RecipientRefused)?;
            if event == Event::NewLinkShown && !settings.delivery.link_only.offered {
                return Err(ManageError::LinkOnlyWithdrawn);
            }
            if event == Event::NewLinkShown {
                let expires_at = now + invitation.options.link_lifetime();
                let (token, issued) = super::send::shown_link(p.random.as_ref(), id, now, expires_at);
                facts = Facts::Delivered {
                    at: now,
                    expires_at,
                    note: super::LINK_SHOWN_NOTE.to_owned(),
                    remind_at: None,
                };
                shown = Some((
                    super::ShownLink {
                        recipient_id: id,
                        address: recipient.address().clone(),
                        token,
                        expires_at,
                    },
                    issued,
                ));
            } else {
                outbox.push(OutboxMessage::new(
                    MessageId::generate(p.random.as_ref()),
                    OutboxKind::Invitation { recipient_id: id },
                    now,
                ));
                facts = Facts::Cleared;
            }
        }
        let change = RecipientChange::by(rule, id, now, facts, outbox).ok_or(ManageError::NotPermitted)?;
        Ok(match shown {
            Some((link, issued)) => (change.with_link(issued), Some(link)),
            None => (change, None),
        })
    }

    async fn run(&self, user: &User, id: RecipientId, event: Event) -> Result<Option<super::ShownLink>, ManageError> {
        let p = self;
        let (change, shown) = match self.decide(user, id, event).await {
            Ok(decided) => decided,
            Err(e @ (ManageError::NotFound | ManageError::Store(_))) => return Err(e),
            Err(e) => {
                p.audit
                    .record(
                        Some(user.email.as_str()),
                        "invitation.refused",
                        id.to_string(),
                        format!("{}: {}", event.name(), e.code()),
                    )
                    .await;
                return Err(e);
            }
        };
        if !p.invitations.change_recipient(&change).await? {
            return Err(ManageError::Changed);
        }
        let (action, done) = match event {
            Event::Resend if shown.is_some() => ("invitation.resent", "earlier links revoked, new link shown"),
            Event::Resend => ("invitation.resent", "earlier links revoked"),
            _ => ("invitation.revoked", "every link revoked"),
        };
        let by = if user.kind == UserKind::Admin {
            "by an administrator"
        } else {
            "by the sender"
        };
        p.audit
            .record(
                Some(user.email.as_str()),
                action,
                id.to_string(),
                format!("{done}, {by}"),
            )
            .await;
        Ok(shown)
    }

    /// Sends a new link; every earlier link of this recipient stops working. The actor's
    /// right to send and the recipient policy are checked again. For a link-only invitation
    /// nothing is emailed: the new link is returned, to be shown to the actor this once.
    ///
    /// # Errors
    /// [`ManageError`]; then nothing was changed.
    pub async fn resend(&self, actor: &User, id: RecipientId) -> Result<Option<super::ShownLink>, ManageError> {
        self.run(actor, id, Event::Resend).await
    }

    /// Revokes the recipient's links (activation and download).
    ///
    /// # Errors
    /// [`ManageError`]; then nothing was changed.
    pub async fn revoke(&self, actor: &User, id: RecipientId) -> Result<(), ManageError> {
        self.run(actor, id, Event::Revoke).await.map(|_| ())
    }
}
