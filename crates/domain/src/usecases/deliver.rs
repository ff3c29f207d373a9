//! The delivery worker's logic: drain the outbox into a [`Mailer`], minting each invitation's
//! link at the moment it is rendered so that no plaintext token is ever at rest.

use std::sync::Arc;

use time::{Duration, OffsetDateTime};

use super::Ports;
use crate::address::EmailAddress;
use futures::StreamExt as _;

use crate::ids::{MessageId, RecipientId};
use crate::invitation::{Invitation, IssuedToken, MessageKind, OutboxKind, OutboxMessage, RecipientState, TokenState};
use crate::language::Language;
use crate::lifecycle::{self, Actor, Event, Facts, RecipientChange};
use crate::message::{self, MailContext, OutgoingMessage};
use crate::ports::{Delivered, DownloadLink, MailError, Mailer, StoreError};
use crate::template::{InvitationTemplate, TemplateKind};
use crate::token::{ActivationToken, DownloadToken, TokenDigest};

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
    /// This instance's name: claims carry it (with the round's number), so that an operator
    /// sees who holds a message and only the holder renews a lease.
    pub instance: String,
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
    clock: std::sync::Arc<dyn crate::ports::Clock>,
    random: std::sync::Arc<dyn crate::ports::TokenSource>,
    users: std::sync::Arc<dyn crate::ports::UserRepository>,
    invitations: std::sync::Arc<dyn crate::ports::InvitationRepository>,
    outbox: std::sync::Arc<dyn crate::ports::OutboxRepository>,
    settings: std::sync::Arc<dyn crate::ports::SettingsRepository>,
    templates: std::sync::Arc<dyn crate::ports::TemplateStore>,
    texts: std::sync::Arc<dyn crate::language::Texts>,
    downloads: std::sync::Arc<dyn crate::ports::DownloadRepository>,
    audit: super::Audit,
    mailer: Arc<dyn Mailer>,
    config: DeliveryConfig,
    rounds: std::sync::atomic::AtomicU64,
    webhooks: std::sync::Arc<dyn crate::ports::WebhookRepository>,
    sealer: std::sync::Arc<dyn crate::ports::SecretSealer>,
    hooks: super::Webhooks,
    webhook_sender: Arc<dyn crate::ports::WebhookSender>,
}

/// One message of a round after its delivery attempt.
type Attempt = (OutboxMessage, Ready, Result<String, MailError>);

enum Outcome {
    Deferred,
    Bounced,
}

/// The recipient a message goes to, when it is an invitation or files message: its delivery
/// changes the recipient's state.
#[derive(Clone, Copy)]
struct Target {
    id: RecipientId,
    kind: MessageKind,
    /// When the link it carries stops working.
    expires_at: OffsetDateTime,
    /// Whether the recipient is reminded while the link waits (an invitation sent with
    /// reminders on).
    remind: bool,
}

/// A rendered message, its minted activation link (if any) and its recipient (if any).
struct Ready {
    out: Box<OutgoingMessage>,
    issued: Option<IssuedToken>,
    /// The digest of the download link it carries, if any.
    download: Option<TokenDigest>,
    target: Option<Target>,
}

enum Rendered {
    Message(Ready),
    Drop,
}

impl DeliverOutbox {
    /// The worker over these ports.
    pub fn new(p: &Ports, mailer: Arc<dyn Mailer>, config: DeliveryConfig) -> Self {
        Self {
            clock: p.clock.clone(),
            random: p.random.clone(),
            users: p.users.clone(),
            invitations: p.invitations.clone(),
            outbox: p.outbox.clone(),
            settings: p.settings.clone(),
            templates: p.templates.clone(),
            texts: p.texts.clone(),
            downloads: p.downloads.clone(),
            audit: super::Audit::of(p),
            mailer,
            config,
            rounds: std::sync::atomic::AtomicU64::new(0),
            webhooks: p.webhooks.clone(),
            sealer: p.sealer.clone(),
            hooks: super::Webhooks::new(p),
            webhook_sender: Arc::new(crate::ports::NoWebhookSender),
        }
    }

    /// The same worker, delivering webhooks through `sender`.
    #[must_use]
    pub fn with_webhooks(mut self, sender: Arc<dyn crate::ports::WebhookSender>) -> Self {
        self.webhook_sender = sender;
        self
    }

    /// Delivers one webhook message: the entry signed and posted; on a failure, tried again
    /// later like a message (given up after the same time). The endpoint's last outcome is
    /// recorded either way.
    async fn deliver_webhook(
        &self,
        message: &OutboxMessage,
        webhook_id: crate::ids::WebhookId,
        event_id: i64,
        report: &mut DeliveryReport,
    ) -> Result<(), StoreError> {
        let p = self;
        let found = match p.webhooks.find_webhook(webhook_id).await? {
            Some(endpoint) => match p.webhooks.event(event_id).await? {
                Some((recipient_id, entry)) => p.invitations.find_by_recipient(recipient_id).await?.and_then(|i| {
                    let r = i.recipient(recipient_id)?;
                    Some((endpoint, recipient_id, entry, r.address().as_str().to_owned(), i))
                }),
                None => None,
            },
            None => None,
        };
        // The endpoint was removed (or the entry is gone): nothing to deliver.
        let Some((endpoint, recipient_id, entry, email, invitation)) = found else {
            p.outbox.complete(message.id).await?;
            report.dropped += 1;
            return Ok(());
        };
        let now = p.clock.now();
        let Some(secret) = p.sealer.open(&endpoint.sealed_secret) else {
            p.webhooks
                .record_attempt(
                    endpoint.id,
                    now,
                    "not sent: the secret cannot be opened with this portal's key (register the endpoint again)",
                    false,
                )
                .await?;
            p.outbox.complete(message.id).await?;
            report.dropped += 1;
            return Ok(());
        };
        let payload = crate::webhook::WebhookPayload {
            id: format!("evt_{event_id}"),
            kind: format!("recipient.{}", entry.event.as_str()),
            occurred_at: entry.at,
            invitation_id: invitation.id.to_string(),
            recipient_id: recipient_id.to_string(),
            recipient_email: email,
            sender_email: invitation.sender_email.as_str().to_owned(),
            actor: entry.actor.map(|a| a.name().to_owned()),
            detail: entry.detail.clone(),
        };
        let body = serde_json::to_vec(&payload).map_err(|e| StoreError::Unavailable(e.to_string()))?;
        let headers = [
            (
                crate::webhook::SIGNATURE_HEADER,
                crate::webhook::signature(&secret, now.unix_timestamp(), &body),
            ),
            (crate::webhook::EVENT_HEADER, payload.id.clone()),
        ];
        let outcome = p.webhook_sender.post(endpoint.url.as_str(), &headers, body).await;
        let at = p.clock.now();
        match outcome {
            Ok(status) if (200..300).contains(&status) => {
                p.webhooks
                    .record_attempt(endpoint.id, at, &format!("{status}"), true)
                    .await?;
                p.outbox.complete(message.id).await?;
                report.sent += 1;
            }
            failed => {
                let why = match failed {
                    Ok(status) => format!("answered {status}"),
                    Err(e) => e,
                };
                if at - message.created_at >= self.config.give_up_after {
                    p.webhooks
                        .record_attempt(endpoint.id, at, &format!("gave up on evt_{event_id}: {why}"), false)
                        .await?;
                    p.outbox.complete(message.id).await?;
                    report.bounced += 1;
                } else {
                    let attempts = message.attempts + 1;
                    p.webhooks.record_attempt(endpoint.id, at, &why, false).await?;
                    p.outbox
                        .retry_at(message.id, at + self.backoff(attempts), attempts)
                        .await?;
                    report.deferred += 1;
                }
            }
        }
        Ok(())
    }

    /// A new activation link for a recipient, working until `expires_at`: what is stored (the
    /// digest) and what the message carries (the link, never stored).
    fn mint(
        &self,
        recipient_id: RecipientId,
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> (IssuedToken, String) {
        let token = ActivationToken::generate(self.random.as_ref());
        let issued = IssuedToken {
            digest: token.digest(),
            recipient_id,
            issued_at: now,
            expires_at,
            state: TokenState::Live,
        };
        (
            issued,
            crate::routes::activation(&self.config.base_url, &token.expose()),
        )
    }

    /// A recipient's personal download link to the files of `invitation` (none without
    /// files), stored before the message leaves; with the files' end of life.
    async fn download_link(
        &self,
        invitation: &Invitation,
        recipient_id: RecipientId,
        now: OffsetDateTime,
    ) -> Result<Option<(String, OffsetDateTime, TokenDigest)>, StoreError> {
        if invitation.attachments.is_empty() {
            return Ok(None);
        }
        let download = DownloadToken::generate(self.random.as_ref());
        let files_expire = invitation.files_expire_at();
        self.downloads
            .add_download_link(&DownloadLink {
                digest: download.digest(),
                recipient_id,
                issued_at: now,
                expires_at: files_expire,
                state: TokenState::Live,
            })
            .await?;
        Ok(Some((
            crate::routes::download(&self.config.base_url, &download.expose()),
            files_expire,
            download.digest(),
        )))
    }

    /// Claims one batch of due messages and delivers them: render all (minting links), store
    /// the link digests in one write, send with the configured concurrency, then record every
    /// success in one write. Failures are handled one by one.
    ///
    /// # Errors
    /// Storage failures; delivery failures are recorded, not returned.
    pub async fn run_once(&self) -> Result<DeliveryReport, StoreError> {
        let p = self;
        // New history entries become webhook messages first (nothing is read without an
        // endpoint), due by the time this round looks.
        self.hooks.hand_over().await?;
        let now = p.clock.now();
        let round = self.rounds.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let owner = format!("{}#{round}", self.config.instance);
        let batch = p
            .outbox
            .claim_due(now, self.config.lease, self.config.batch, &owner)
            .await?;
        let mut report = DeliveryReport::default();
        if batch.is_empty() {
            return Ok(report);
        }
        // Webhook messages are HTTP requests, not emails: delivered on their own.
        let mut mails = Vec::with_capacity(batch.len());
        for message in batch {
            match message.kind {
                OutboxKind::Webhook { webhook_id, event_id } => {
                    self.deliver_webhook(&message, webhook_id, event_id, &mut report)
                        .await?;
                }
                _ => mails.push(message),
            }
        }
        let batch = mails;
        if batch.is_empty() {
            return Ok(report);
        }
        let settings = p.settings.load_settings().await?;
        let mut cache = Cache {
            default_language: settings.default_language,
            ..Cache::default()
        };
        let mut ready = Vec::with_capacity(batch.len());
        for message in batch {
            match self.render(&message, now, &settings.portal_name, &mut cache).await? {
                Rendered::Drop => {
                    p.outbox.complete(message.id).await?;
                    report.dropped += 1;
                }
                Rendered::Message(r) => ready.push((message, r)),
            }
        }
        // Digests are stored before any message leaves: a link that reaches a mailbox works.
        let tokens: Vec<IssuedToken> = ready.iter().filter_map(|(_, r)| r.issued.clone()).collect();
        p.invitations.add_tokens(&tokens).await?;
        // A round that takes long (a slow relay) keeps its claims: the lease is renewed as
        // messages complete, once a third of it has passed.
        let claimed: Vec<MessageId> = ready.iter().map(|(m, _)| m.id).collect();
        let renewed_at = futures::lock::Mutex::new(now);
        let (claimed, renewed_at, owner) = (&claimed, &renewed_at, owner.as_str());
        let results: Vec<Attempt> = futures::stream::iter(ready)
            .map(|(message, r)| async move {
                let result = self.mailer.deliver(&r.out).await;
                let at = self.clock.now();
                let mut last = renewed_at.lock().await;
                if at - *last >= self.config.lease / 3 {
                    *last = at;
                    // A failed renewal is not fatal: the round goes on, and at worst another
                    // worker takes a message over after the lease (same Message-ID).
                    let _ = self.outbox.renew_claims(claimed, owner, at + self.config.lease).await;
                }
                drop(last);
                (message, r, result)
            })
            .buffer_unordered(self.config.concurrency.max(1))
            .collect()
            .await;
        let mut delivered = Vec::new();
        for (message, r, result) in results {
            match result {
                Ok(reply) => {
                    let recipient = r.target.and_then(|t| {
                        let rule = lifecycle::rule(Event::DeliveryAccepted, t.kind, Actor::Worker)?;
                        let facts = Facts::Delivered {
                            at: now,
                            expires_at: t.expires_at,
                            note: reply,
                            remind_at: if t.remind {
                                settings.delivery.reminder_due(1, now, t.expires_at)
                            } else {
                                None
                            },
                        };
                        RecipientChange::by(rule, t.id, now, facts, Vec::new())
                    });
                    delivered.push(Delivered {
                        message: message.id,
                        recipient,
                    });
                    report.sent += 1;
                }
                Err(error) => match self.failed(&message, &r, error).await? {
                    Outcome::Bounced => report.bounced += 1,
                    _ => report.deferred += 1,
                },
            }
        }
        p.outbox.record_delivered(&delivered).await?;
        Ok(report)
    }

    /// Messages waiting in the outbox (for monitoring).
    ///
    /// # Errors
    /// Storage failures.
    pub async fn pending(&self) -> Result<u64, StoreError> {
        self.outbox.pending_count().await
    }

    /// How long the longest-waiting due message has been due (for monitoring); zero when
    /// nothing is due. A message in flight counts until it is delivered.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn oldest_due_age(&self) -> Result<time::Duration, StoreError> {
        let now = self.clock.now();
        Ok(self
            .outbox
            .oldest_due(now)
            .await?
            .map_or(time::Duration::ZERO, |due| now - due))
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

    /// The template of a kind in force for a language: the administrator's version in that
    /// language; else their version in the default language; else the built-in text of the
    /// language. A stored version that no longer parses is recorded in the audit log and
    /// passed over (sending goes on).
    async fn template(&self, cache: &mut Cache, kind: TemplateKind, language: Language) -> Arc<InvitationTemplate> {
        if let Some((_, t)) = cache.templates.iter().find(|(k, _)| *k == (kind, language)) {
            return t.clone();
        }
        let in_force = super::template_in_force(
            self.templates.as_ref(),
            self.texts.as_ref(),
            kind,
            language,
            cache.default_language,
        )
        .await;
        let template = Arc::new(match in_force {
            Ok(found) => {
                for (key, e) in found.unusable {
                    self.audit
                        .record(
                            None,
                            "template.fallback",
                            &key,
                            format!("stored template unusable: {e}"),
                        )
                        .await;
                }
                found.template
            }
            // The database cannot answer: the built-in text, as sending goes on.
            Err(_) => InvitationTemplate::parse_for(kind, &self.texts.builtin_template(kind, language))
                .unwrap_or_else(|_| InvitationTemplate::builtin_for(kind)),
        });
        cache.templates.push(((kind, language), template.clone()));
        template
    }

    async fn render(
        &self,
        message: &OutboxMessage,
        now: OffsetDateTime,
        portal_name: &str,
        cache: &mut Cache,
    ) -> Result<Rendered, StoreError> {
        let p = self;
        let mut ctx = MailContext {
            portal_name,
            from_address: &self.config.from_address,
            base_url: &self.config.base_url,
            now,
            outside_sender: false,
            language: cache.default_language,
            texts: self.texts.as_ref(),
        };
        let id = message.id.to_string();
        let rendered = |out: OutgoingMessage| {
            Ok(Rendered::Message(Ready {
                out: Box::new(out),
                issued: None,
                download: None,
                target: None,
            }))
        };
        match message.kind {
            OutboxKind::Invitation { recipient_id } => {
                let Some(invitation) = cache.by_recipient(p.invitations.as_ref(), recipient_id).await? else {
                    return Ok(Rendered::Drop);
                };
                let Some(recipient) = invitation.recipient(recipient_id) else {
                    return Ok(Rendered::Drop);
                };
                ctx.outside_sender = cache.outside_sender(p.users.as_ref(), invitation.sender_id).await?;
                ctx.language = invitation.language;
                // Revoked, bounced or accepted meanwhile: the message no longer applies.
                if !lifecycle::allows(Event::DeliveryAccepted, invitation.kind, Actor::Worker, recipient.state) {
                    return Ok(Rendered::Drop);
                }
                if invitation.kind == MessageKind::Files {
                    // Files only: a download link, no activation link.
                    let Some((link, files_expire, digest)) = self.download_link(&invitation, recipient_id, now).await?
                    else {
                        return Ok(Rendered::Drop);
                    };
                    let out = message::files_message(
                        &ctx,
                        &invitation,
                        recipient,
                        &id,
                        message::Download {
                            link,
                            expires_at: files_expire,
                        },
                    );
                    return Ok(Rendered::Message(Ready {
                        out: Box::new(out),
                        issued: None,
                        download: Some(digest),
                        target: Some(Target {
                            id: recipient_id,
                            kind: MessageKind::Files,
                            expires_at: files_expire,
                            remind: false,
                        }),
                    }));
                }
                let expires_at = now + invitation.options.link_lifetime();
                let (issued, link) = self.mint(recipient_id, now, expires_at);
                let files = self.download_link(&invitation, recipient_id, now).await?;
                let kind = match recipient.kind {
                    crate::invitation::RecipientKind::Internal => TemplateKind::InternalInvitation,
                    crate::invitation::RecipientKind::External => TemplateKind::Invitation,
                };
                let template = self.template(cache, kind, invitation.language).await;
                let out = message::invitation_message(
                    &ctx,
                    &template,
                    &invitation,
                    recipient,
                    &id,
                    &link,
                    expires_at,
                    files.as_ref().map(|(link, expires_at, _)| message::Download {
                        link: link.clone(),
                        expires_at: *expires_at,
                    }),
                );
                Ok(Rendered::Message(Ready {
                    out: Box::new(out),
                    issued: Some(issued),
                    download: files.map(|(_, _, digest)| digest),
                    target: Some(Target {
                        id: recipient_id,
                        kind: MessageKind::Invitation,
                        expires_at,
                        remind: invitation.options.reminders,
                    }),
                }))
            }
            OutboxKind::Reminder { recipient_id, number } => {
                // Read afresh: accepted, revoked or sent again since it was queued, the
                // reminder no longer applies.
                let Some(invitation) = p.invitations.find_by_recipient(recipient_id).await? else {
                    return Ok(Rendered::Drop);
                };
                let Some(recipient) = invitation.recipient(recipient_id) else {
                    return Ok(Rendered::Drop);
                };
                let Some(expires_at) = recipient.expires_at.filter(|at| *at > now) else {
                    return Ok(Rendered::Drop);
                };
                if invitation.kind != MessageKind::Invitation || recipient.state != RecipientState::Sent {
                    return Ok(Rendered::Drop);
                }
                ctx.outside_sender = cache.outside_sender(p.users.as_ref(), invitation.sender_id).await?;
                ctx.language = invitation.language;
                // A further link of the recipient's own, ending with the first: whichever is
                // used first uses them all.
                let (issued, link) = self.mint(recipient_id, now, expires_at);
                let out = message::reminder_message(&ctx, &invitation, recipient, &id, &link, expires_at, number);
                Ok(Rendered::Message(Ready {
                    out: Box::new(out),
                    issued: Some(issued),
                    download: None,
                    target: None,
                }))
            }
            OutboxKind::InvitationCopy { invitation_id } => {
                let Some(invitation) = p.invitations.find_invitation(invitation_id).await? else {
                    return Ok(Rendered::Drop);
                };
                // The sender's copy reads as the recipients' message does, in its language.
                ctx.language = invitation.language;
                let template = self
                    .template(cache, TemplateKind::Invitation, invitation.language)
                    .await;
                rendered(message::invitation_copy(&ctx, &template, &invitation, &id))
            }
            OutboxKind::RenewalNotice { recipient_id } => {
                let Some(invitation) = p.invitations.find_by_recipient(recipient_id).await? else {
                    return Ok(Rendered::Drop);
                };
                let Some(recipient) = invitation.recipient(recipient_id) else {
                    return Ok(Rendered::Drop);
                };
                // Sent again, accepted or revoked meanwhile: nothing to ask any more.
                if recipient.state != RecipientState::Sent {
                    return Ok(Rendered::Drop);
                }
                ctx.language = cache.language_of(p.users.as_ref(), invitation.sender_id).await?;
                rendered(message::renewal_notice(&ctx, &invitation, recipient, &id))
            }
            OutboxKind::AcceptedNotice { recipient_id } | OutboxKind::BounceNotice { recipient_id } => {
                // Read afresh: the state and delivery note changed since the batch began.
                let Some(invitation) = p.invitations.find_by_recipient(recipient_id).await? else {
                    return Ok(Rendered::Drop);
                };
                let Some(recipient) = invitation.recipient(recipient_id) else {
                    return Ok(Rendered::Drop);
                };
                ctx.language = cache.language_of(p.users.as_ref(), invitation.sender_id).await?;
                let out = match message.kind {
                    OutboxKind::AcceptedNotice { .. } => {
                        let template = self.template(cache, TemplateKind::Accepted, ctx.language).await;
                        message::accepted_notice(&ctx, &template, &invitation, recipient, &id)
                    }
                    _ => {
                        let template = self.template(cache, TemplateKind::DeliveryFailed, ctx.language).await;
                        message::bounce_notice(&ctx, &template, &invitation, recipient, &id)
                    }
                };
                rendered(out)
            }
            OutboxKind::PendingNotice { user_id, admin_id } => {
                let (Some(user), Some(admin)) = (p.users.find_user(user_id).await?, p.users.find_user(admin_id).await?)
                else {
                    return Ok(Rendered::Drop);
                };
                ctx.language = cache.language_of(p.users.as_ref(), admin.id).await?;
                rendered(message::pending_notice(&ctx, &user, &admin, &id))
            }
            OutboxKind::Rejected { user_id } => {
                let Some(user) = p.users.find_user(user_id).await? else {
                    return Ok(Rendered::Drop);
                };
                ctx.language = cache.language_of(p.users.as_ref(), user.id).await?;
                rendered(message::rejected_notice(&ctx, &user, &id))
            }
            OutboxKind::SponsorLeftNotice {
                admin_id,
                unsponsored,
                disabled,
            } => {
                let Some(admin) = p.users.find_user(admin_id).await? else {
                    return Ok(Rendered::Drop);
                };
                ctx.language = cache.language_of(p.users.as_ref(), admin.id).await?;
                rendered(message::sponsor_left_notice(&ctx, &admin, unsponsored, disabled, &id))
            }
            OutboxKind::InactivityWarning { user_id, disable_on } => {
                // Used (or disabled) meanwhile: nothing to warn of any more.
                let Some(user) = p.users.find_user(user_id).await? else {
                    return Ok(Rendered::Drop);
                };
                let last_use = user.last_seen_at.unwrap_or(user.created_at);
                if user.status != crate::user::UserStatus::Active || last_use >= message.created_at {
                    return Ok(Rendered::Drop);
                }
                ctx.language = cache.language_of(p.users.as_ref(), user.id).await?;
                rendered(message::inactivity_warning(&ctx, &user, disable_on, &id))
            }
            // Delivered apart (`deliver_webhook`), never rendered as an email.
            OutboxKind::Webhook { .. } => Ok(Rendered::Drop),
            OutboxKind::Welcome { user_id } => {
                let Some(user) = p.users.find_user(user_id).await? else {
                    return Ok(Rendered::Drop);
                };
                ctx.language = cache.language_of(p.users.as_ref(), user.id).await?;
                let template = self.template(cache, TemplateKind::Welcome, ctx.language).await;
                rendered(message::welcome(&ctx, &template, &user, &id))
            }
            OutboxKind::DownloadNotice {
                recipient_id,
                attachment_id,
            } => {
                let Some(invitation) = p.invitations.find_by_recipient(recipient_id).await? else {
                    return Ok(Rendered::Drop);
                };
                let (Some(recipient), Some(file)) = (
                    invitation.recipient(recipient_id),
                    invitation.attachments.iter().find(|a| a.id == attachment_id),
                ) else {
                    return Ok(Rendered::Drop);
                };
                ctx.language = cache.language_of(p.users.as_ref(), invitation.sender_id).await?;
                rendered(message::download_notice(
                    &ctx,
                    &invitation,
                    recipient,
                    file.name.as_str(),
                    &id,
                ))
            }
        }
    }

    fn backoff(&self, attempts: u32) -> Duration {
        let factor = 2_i32.saturating_pow(attempts.saturating_sub(1).min(20));
        let exp = self
            .config
            .retry_base
            .checked_mul(factor)
            .unwrap_or(self.config.retry_max);
        let delay = if exp > self.config.retry_max {
            self.config.retry_max
        } else {
            exp
        };
        let mut jitter = [0u8; 2];
        self.random.fill(&mut jitter);
        // Up to a quarter more, so that many failed messages do not retry in lock step.
        let fraction = f64::from(u16::from_le_bytes(jitter)) / f64::from(u16::MAX) / 4.0;
        delay + delay * fraction
    }

    async fn failed(&self, message: &OutboxMessage, r: &Ready, error: MailError) -> Result<Outcome, StoreError> {
        let p = self;
        // Nobody has seen the link of a message that did not leave.
        if let Some(t) = &r.issued {
            p.invitations.remove_token(&t.digest).await?;
        }
        if let Some(digest) = &r.download {
            p.downloads.remove_download_link(digest).await?;
        }
        let attempts = message.attempts + 1;
        let now = p.clock.now();
        let give_up = now - message.created_at >= self.config.give_up_after;
        // The recipient's change, if the table allows it from the state it is in now.
        let change = |event, facts, outbox| {
            r.target.and_then(|t| {
                let rule = lifecycle::rule(event, t.kind, Actor::Worker)?;
                RecipientChange::by(rule, t.id, now, facts, outbox)
            })
        };
        match (&error, give_up) {
            (MailError::Temporary(note), false) => {
                if let Some(c) = change(Event::DeliveryDeferred, Facts::Note(note.clone()), Vec::new()) {
                    p.invitations.change_recipient(&c).await?;
                }
                p.outbox
                    .retry_at(message.id, now + self.backoff(attempts), attempts)
                    .await?;
                Ok(Outcome::Deferred)
            }
            (MailError::Temporary(note) | MailError::Permanent(note), _) => {
                let notice = r.target.map(|t| {
                    OutboxMessage::new(
                        MessageId::generate(p.random.as_ref()),
                        OutboxKind::BounceNotice { recipient_id: t.id },
                        now,
                    )
                });
                if let Some(c) = change(
                    Event::DeliveryRefused,
                    Facts::Note(note.clone()),
                    notice.into_iter().collect(),
                ) {
                    p.invitations.change_recipient(&c).await?;
                }
                p.outbox.complete(message.id).await?;
                p.audit
                    .record(None, "delivery.bounced", r.out.envelope_to.as_str(), note.clone())
                    .await;
                Ok(Outcome::Bounced)
            }
        }
    }
}

/// Invitations read during one round: the messages of one invitation usually come together.
#[derive(Default)]
struct Cache {
    invitations: Vec<Arc<Invitation>>,
    /// Whether each sender seen is an outside person (a Drop-Off account).
    outside: Vec<(crate::ids::UserId, bool)>,
    /// The administrator's default language.
    default_language: Language,
    /// The language each person seen reads (their own choice, else the default).
    languages: Vec<(crate::ids::UserId, Language)>,
    /// The templates in force, by kind and language.
    templates: Vec<((TemplateKind, Language), Arc<InvitationTemplate>)>,
}

impl Cache {
    async fn language_of(
        &mut self,
        users: &dyn crate::ports::UserRepository,
        id: crate::ids::UserId,
    ) -> Result<Language, StoreError> {
        if let Some((_, language)) = self.languages.iter().find(|(u, _)| *u == id) {
            return Ok(*language);
        }
        let language = users.language_of(id).await?.unwrap_or(self.default_language);
        self.languages.push((id, language));
        Ok(language)
    }

    async fn outside_sender(
        &mut self,
        users: &dyn crate::ports::UserRepository,
        id: crate::ids::UserId,
    ) -> Result<bool, StoreError> {
        if let Some((_, outside)) = self.outside.iter().find(|(u, _)| *u == id) {
            return Ok(*outside);
        }
        let outside = users
            .find_user(id)
            .await?
            .is_some_and(|u| u.kind == crate::user::UserKind::External);
        self.outside.push((id, outside));
        Ok(outside)
    }

    async fn by_recipient(
        &mut self,
        invitations: &dyn crate::ports::InvitationRepository,
        id: RecipientId,
    ) -> Result<Option<Arc<Invitation>>, StoreError> {
        if let Some(hit) = self.invitations.iter().find(|i| i.recipient(id).is_some()) {
            return Ok(Some(hit.clone()));
        }
        let found = invitations.find_by_recipient(id).await?.map(Arc::new);
        if let Some(inv) = &found {
            self.invitations.push(inv.clone());
        }
        Ok(found)
    }
}
