//! The delivery worker's logic: drain the outbox into a [`Mailer`], minting each invitation's
//! link at the moment it is rendered so that no plaintext token is ever at rest.

use std::sync::Arc;

use time::Duration;

use super::{INVITATION_TEMPLATE, Ports};
use crate::address::EmailAddress;
use futures::StreamExt as _;

use crate::ids::MessageId;
use crate::invitation::{IssuedToken, OutboxKind, OutboxMessage, RecipientState, TokenState};
use crate::message::{self, MailContext, OutgoingMessage};
use crate::ports::{MailError, Mailer, StoreError};
use crate::template::InvitationTemplate;
use crate::token::ActivationToken;

/// How the worker behaves.
#[derive(Debug, Clone)]
pub struct DeliveryConfig {
    /// The portal's public base URL (links point there), without a trailing slash.
    pub base_url: String,
    /// The address Postern's messages come from.
    pub from_address: EmailAddress,
    /// How long a claim lasts before another worker may take the message over.
    pub lease: Duration,
    /// Messages claimed per round.
    pub batch: u32,
    /// First retry delay; it doubles per attempt, with jitter.
    pub retry_base: Duration,
    /// Longest retry delay.
    pub retry_max: Duration,
    /// Give up (bounce) a message still failing this long after it was queued.
    pub give_up_after: Duration,
    /// Messages handed to the mailer at once.
    pub concurrency: usize,
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Handed to the mail system.
    pub sent: u32,
    /// Will be retried.
    pub deferred: u32,
    /// Refused for good.
    pub bounced: u32,
    /// Dropped because they no longer apply (revoked, accepted, deleted).
    pub dropped: u32,
}

/// Drains the outbox.
pub struct DeliverOutbox {
    ports: Ports,
    mailer: Arc<dyn Mailer>,
    config: DeliveryConfig,
}

enum Outcome {
    Sent,
    Deferred,
    Bounced,
    Dropped,
}

enum Rendered {
    Message(Box<OutgoingMessage>, Option<IssuedToken>),
    Drop,
}

impl DeliverOutbox {
    /// The worker over these ports.
    pub fn new(ports: Ports, mailer: Arc<dyn Mailer>, config: DeliveryConfig) -> Self {
        Self { ports, mailer, config }
    }

    /// Claims one batch of due messages and delivers them.
    ///
    /// # Errors
    /// Storage failures; delivery failures are recorded, not returned.
    pub async fn run_once(&self) -> Result<DeliveryReport, StoreError> {
        let now = self.ports.clock.now();
        let batch = self
            .ports
            .outbox
            .claim_due(now, self.config.lease, self.config.batch)
            .await?;
        let outcomes: Vec<Result<Outcome, StoreError>> = futures::stream::iter(batch)
            .map(|message| async move { self.deliver_one(&message).await })
            .buffer_unordered(self.config.concurrency.max(1))
            .collect()
            .await;
        let mut report = DeliveryReport::default();
        for outcome in outcomes {
            match outcome? {
                Outcome::Sent => report.sent += 1,
                Outcome::Deferred => report.deferred += 1,
                Outcome::Bounced => report.bounced += 1,
                Outcome::Dropped => report.dropped += 1,
            }
        }
        Ok(report)
    }

    /// Runs rounds until the outbox has nothing due.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn drain(&self) -> Result<DeliveryReport, StoreError> {
        let mut total = DeliveryReport::default();
        loop {
            let r = self.run_once().await?;
            total.sent += r.sent;
            total.deferred += r.deferred;
            total.bounced += r.bounced;
            total.dropped += r.dropped;
            if r == DeliveryReport::default() {
                return Ok(total);
            }
        }
    }

    async fn template(&self) -> InvitationTemplate {
        match self.ports.templates.template(INVITATION_TEMPLATE).await {
            Ok(Some(source)) => match InvitationTemplate::parse(&source) {
                Ok(t) => t,
                Err(e) => {
                    self.ports
                        .audit(
                            None,
                            "template.fallback",
                            INVITATION_TEMPLATE,
                            format!("stored template unusable: {e}"),
                        )
                        .await;
                    InvitationTemplate::builtin()
                }
            },
            _ => InvitationTemplate::builtin(),
        }
    }

    async fn render(&self, message: &OutboxMessage) -> Result<Rendered, StoreError> {
        let p = &self.ports;
        let settings = p.settings.load_settings().await?;
        let ctx = MailContext {
            portal_name: &settings.portal_name,
            from_address: &self.config.from_address,
            base_url: &self.config.base_url,
            now: p.clock.now(),
        };
        let id = message.id.to_string();
        Ok(match message.kind {
            OutboxKind::Invitation { recipient_id } => {
                let Some(invitation) = p.invitations.find_by_recipient(recipient_id).await? else {
                    return Ok(Rendered::Drop);
                };
                let Some(recipient) = invitation.recipient(recipient_id) else {
                    return Ok(Rendered::Drop);
                };
                if !matches!(recipient.state, RecipientState::Queued | RecipientState::Sent) {
                    return Ok(Rendered::Drop);
                }
                let now = p.clock.now();
                let token = ActivationToken::generate(p.random.as_ref());
                let expires_at = now + invitation.options.link_lifetime();
                let issued = IssuedToken {
                    digest: token.digest(),
                    recipient_id,
                    issued_at: now,
                    expires_at,
                    state: TokenState::Live,
                };
                let link = format!("{}/activate/{}", self.config.base_url, token.expose());
                let template = self.template().await;
                let out = message::invitation_message(&ctx, &template, &invitation, recipient, &id, &link, expires_at);
                Rendered::Message(Box::new(out), Some(issued))
            }
            OutboxKind::InvitationCopy { invitation_id } => {
                let Some(invitation) = p.invitations.find_invitation(invitation_id).await? else {
                    return Ok(Rendered::Drop);
                };
                let template = self.template().await;
                Rendered::Message(
                    Box::new(message::invitation_copy(&ctx, &template, &invitation, &id)),
                    None,
                )
            }
            OutboxKind::AcceptedNotice { recipient_id } => {
                let Some(invitation) = p.invitations.find_by_recipient(recipient_id).await? else {
                    return Ok(Rendered::Drop);
                };
                let Some(recipient) = invitation.recipient(recipient_id) else {
                    return Ok(Rendered::Drop);
                };
                Rendered::Message(
                    Box::new(message::accepted_notice(&ctx, &invitation, recipient, &id)),
                    None,
                )
            }
            OutboxKind::BounceNotice { recipient_id } => {
                let Some(invitation) = p.invitations.find_by_recipient(recipient_id).await? else {
                    return Ok(Rendered::Drop);
                };
                let Some(recipient) = invitation.recipient(recipient_id) else {
                    return Ok(Rendered::Drop);
                };
                Rendered::Message(
                    Box::new(message::bounce_notice(&ctx, &invitation, recipient, &id)),
                    None,
                )
            }
            OutboxKind::Welcome { user_id } => {
                let Some(user) = p.users.find_user(user_id).await? else {
                    return Ok(Rendered::Drop);
                };
                Rendered::Message(Box::new(message::welcome(&ctx, &user, &id)), None)
            }
        })
    }

    fn backoff(&self, attempts: u32) -> Duration {
        let exp = self.config.retry_base * 2_i32.saturating_pow(attempts.saturating_sub(1).min(20));
        let delay = if exp > self.config.retry_max {
            self.config.retry_max
        } else {
            exp
        };
        let mut jitter = [0u8; 2];
        self.ports.random.fill(&mut jitter);
        // Up to a quarter more, so that many failed messages do not retry in lock step.
        let fraction = f64::from(u16::from_le_bytes(jitter)) / f64::from(u16::MAX) / 4.0;
        delay + delay * fraction
    }

    async fn deliver_one(&self, message: &OutboxMessage) -> Result<Outcome, StoreError> {
        let p = &self.ports;
        let (out, issued) = match self.render(message).await? {
            Rendered::Drop => {
                p.outbox.complete(message.id).await?;
                return Ok(Outcome::Dropped);
            }
            Rendered::Message(out, issued) => (out, issued),
        };
        // The link is recorded before the message leaves: if the process dies after sending,
        // the link in the delivered message works.
        if let Some(t) = &issued {
            p.invitations.add_token(t).await?;
        }
        let recipient_id = match message.kind {
            OutboxKind::Invitation { recipient_id } => Some(recipient_id),
            _ => None,
        };
        let attempts = message.attempts + 1;
        match self.mailer.deliver(&out).await {
            Ok(reply) => {
                if let (Some(id), Some(t)) = (recipient_id, &issued) {
                    p.invitations.mark_sent(id, t.issued_at, t.expires_at, &reply).await?;
                }
                p.outbox.complete(message.id).await?;
                Ok(Outcome::Sent)
            }
            Err(error) => {
                if let Some(t) = &issued {
                    p.invitations.remove_token(&t.digest).await?;
                }
                let now = p.clock.now();
                let give_up = now - message.created_at >= self.config.give_up_after;
                match (&error, give_up) {
                    (MailError::Temporary(note), false) => {
                        if let Some(id) = recipient_id {
                            p.invitations.note_delivery_problem(id, note).await?;
                        }
                        p.outbox
                            .retry_at(message.id, now + self.backoff(attempts), attempts)
                            .await?;
                        Ok(Outcome::Deferred)
                    }
                    (MailError::Temporary(note) | MailError::Permanent(note), _) => {
                        if let Some(id) = recipient_id {
                            let notice = OutboxMessage::new(
                                MessageId::generate(p.random.as_ref()),
                                OutboxKind::BounceNotice { recipient_id: id },
                                now,
                            );
                            p.invitations.mark_bounced(id, note, Some(notice)).await?;
                        }
                        p.outbox.complete(message.id).await?;
                        p.audit(None, "delivery.bounced", out.envelope_to.as_str(), note.clone())
                            .await;
                        Ok(Outcome::Bounced)
                    }
                }
            }
        }
    }
}
