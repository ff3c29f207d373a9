//! The administrator's webhook endpoints, and the hand-over of each new history entry to the
//! endpoints that asked for its event (as outbox messages, delivered by the worker).

use thiserror::Error;

use super::Ports;
use crate::history::HistoryEvent;
use crate::ids::{MessageId, WebhookId};
use crate::invitation::{OutboxKind, OutboxMessage};
use crate::ports::StoreError;
use crate::user::{User, UserKind, UserStatus};
use crate::webhook::{EVENTS, Webhook, WebhookUrl, WebhookUrlError, secret_text};

/// Most endpoints.
pub const MAX_WEBHOOKS: usize = 20;

/// History entries handed over per round.
const HAND_OVER_BATCH: u32 = 500;

/// Why an endpoint was not registered or removed. Nothing was changed.
#[derive(Debug, Error)]
pub enum WebhookError {
    /// Administrators only.
    #[error("administrators only")]
    NotAdmin,
    /// The address.
    #[error(transparent)]
    Url(#[from] WebhookUrlError),
    /// No event chosen, or one that cannot be delivered.
    #[error("choose at least one event")]
    NoEvents,
    /// Too many endpoints.
    #[error("at most {MAX_WEBHOOKS} endpoints; remove one first")]
    TooMany,
    /// No such endpoint.
    #[error("no such endpoint")]
    NotFound,
    /// Storage.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Registers, lists and removes endpoints; hands history entries over to them.
pub struct Webhooks {
    clock: std::sync::Arc<dyn crate::ports::Clock>,
    random: std::sync::Arc<dyn crate::ports::TokenSource>,
    webhooks: std::sync::Arc<dyn crate::ports::WebhookRepository>,
    sealer: std::sync::Arc<dyn crate::ports::SecretSealer>,
    audit: super::Audit,
}

impl Webhooks {
    /// The use case over the ports it needs, taken from the portal's.
    pub fn new(p: &Ports) -> Self {
        Self {
            clock: p.clock.clone(),
            random: p.random.clone(),
            webhooks: p.webhooks.clone(),
            sealer: p.sealer.clone(),
            audit: super::Audit::of(p),
        }
    }

    fn check(actor: &User) -> Result<(), WebhookError> {
        if actor.kind == UserKind::Admin && actor.status == UserStatus::Active {
            Ok(())
        } else {
            Err(WebhookError::NotAdmin)
        }
    }

    /// Every endpoint.
    ///
    /// # Errors
    /// [`WebhookError::NotAdmin`], or storage.
    pub async fn list(&self, actor: &User) -> Result<Vec<Webhook>, WebhookError> {
        Self::check(actor)?;
        Ok(self.webhooks.list_webhooks().await?)
    }

    /// Registers an endpoint for `events`; returns it and its signing secret, shown this once
    /// (only its sealed form is kept). Audited.
    ///
    /// # Errors
    /// [`WebhookError`]; nothing is written.
    pub async fn register(
        &self,
        actor: &User,
        url: &str,
        events: &[HistoryEvent],
    ) -> Result<(Webhook, String), WebhookError> {
        Self::check(actor)?;
        let url = WebhookUrl::parse(url)?;
        let events: Vec<HistoryEvent> = EVENTS.into_iter().filter(|e| events.contains(e)).collect();
        if events.is_empty() {
            return Err(WebhookError::NoEvents);
        }
        if self.webhooks.list_webhooks().await?.len() >= MAX_WEBHOOKS {
            return Err(WebhookError::TooMany);
        }
        let mut bytes = [0u8; 32];
        self.random.fill(&mut bytes);
        let secret = secret_text(&bytes);
        let webhook = Webhook {
            id: WebhookId::generate(self.random.as_ref()),
            url,
            events,
            sealed_secret: self.sealer.seal(secret.as_bytes()),
            created_at: self.clock.now(),
            last_attempt: None,
            last_success_at: None,
        };
        self.webhooks.create_webhook(&webhook).await?;
        let names: Vec<&str> = webhook.events.iter().map(|e| e.as_str()).collect();
        self.audit
            .record(
                Some(actor.email.as_str()),
                "webhook.created",
                webhook.url.shown(),
                format!("events: {}", names.join(", ")),
            )
            .await;
        Ok((webhook, secret))
    }

    /// Removes an endpoint. Audited.
    ///
    /// # Errors
    /// [`WebhookError`].
    pub async fn remove(&self, actor: &User, id: WebhookId) -> Result<(), WebhookError> {
        Self::check(actor)?;
        let webhook = self.webhooks.find_webhook(id).await?.ok_or(WebhookError::NotFound)?;
        if !self.webhooks.delete_webhook(id).await? {
            return Err(WebhookError::NotFound);
        }
        self.audit
            .record(Some(actor.email.as_str()), "webhook.removed", webhook.url.shown(), "")
            .await;
        Ok(())
    }

    /// Hands the history entries written since the last round to the endpoints that asked
    /// for their events: one outbox message per entry and endpoint, in one transaction with
    /// marking them handed over (several workers may run this at once; one takes each batch).
    /// Returns how many messages were queued. Nothing is read further when there is no
    /// endpoint.
    ///
    /// # Errors
    /// Storage.
    pub async fn hand_over(&self) -> Result<usize, StoreError> {
        let endpoints = self.webhooks.list_webhooks().await?;
        if endpoints.is_empty() {
            return Ok(0);
        }
        let mut queued = 0;
        loop {
            let events = self.webhooks.undelivered_events(HAND_OVER_BATCH).await?;
            if events.is_empty() {
                return Ok(queued);
            }
            let now = self.clock.now();
            let mut messages = Vec::new();
            for (event_id, _, entry) in &events {
                for endpoint in endpoints.iter().filter(|w| w.events.contains(&entry.event)) {
                    messages.push(OutboxMessage::new(
                        MessageId::generate(self.random.as_ref()),
                        OutboxKind::Webhook {
                            webhook_id: endpoint.id,
                            event_id: *event_id,
                        },
                        now,
                    ));
                }
            }
            let ids: Vec<i64> = events.iter().map(|(id, _, _)| *id).collect();
            if !self.webhooks.hand_over(&ids, &messages).await? {
                // Another worker took them: its messages are queued.
                return Ok(queued);
            }
            queued += messages.len();
            if events.len() < HAND_OVER_BATCH as usize {
                return Ok(queued);
            }
        }
    }
}
