//! The webhook repository: the administrator's endpoints and the hand-over of history
//! entries to them.

use async_trait::async_trait;
use postern_domain::history::{HistoryEntry, HistoryEvent};
use postern_domain::ids::{RecipientId, WebhookId};
use postern_domain::invitation::OutboxMessage;
use postern_domain::ports::{StoreError, WebhookRepository};
use postern_domain::webhook::{Webhook, WebhookUrl};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use time::OffsetDateTime;

use crate::entities::{recipient_event, webhook};
use crate::outbox::insert_messages;
use crate::two_factor::{hex, unhex};
use crate::{SqlStore, corrupt, from_micros, micros, store_err};

fn from_row(r: webhook::Model) -> Result<Webhook, StoreError> {
    let bad = || corrupt("webhook");
    let events = r
        .events
        .split(',')
        .filter(|e| !e.is_empty())
        .map(|e| HistoryEvent::from_name(e).ok_or_else(bad))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Webhook {
        id: WebhookId::from_uuid(r.id),
        url: WebhookUrl::parse(&r.url).map_err(|_| bad())?,
        events,
        sealed_secret: unhex(&r.sealed_secret).ok_or_else(bad)?,
        created_at: from_micros(r.created_at)?,
        last_attempt: match (r.last_attempt_at, r.last_outcome) {
            (Some(at), Some(outcome)) => Some((from_micros(at)?, outcome)),
            _ => None,
        },
        last_success_at: r.last_success_at.map(from_micros).transpose()?,
    })
}

#[async_trait]
impl WebhookRepository for SqlStore {
    async fn create_webhook(&self, w: &Webhook) -> Result<(), StoreError> {
        let txn = self.db.begin().await.map_err(store_err)?;
        let first = webhook::Entity::find().count(&txn).await.map_err(store_err)? == 0;
        if first {
            // The first endpoint hears of what happens from now on.
            recipient_event::Entity::update_many()
                .col_expr(recipient_event::Column::HandedOver, Expr::value(true))
                .filter(recipient_event::Column::HandedOver.eq(false))
                .exec(&txn)
                .await
                .map_err(store_err)?;
        }
        let names: Vec<&str> = w.events.iter().map(|e| e.as_str()).collect();
        webhook::Entity::insert(
            webhook::Model {
                id: w.id.as_uuid(),
                url: w.url.as_str().to_owned(),
                events: names.join(","),
                sealed_secret: hex(&w.sealed_secret),
                created_at: micros(w.created_at),
                last_attempt_at: None,
                last_outcome: None,
                last_success_at: None,
            }
            .into_active_model(),
        )
        .exec_without_returning(&txn)
        .await
        .map_err(store_err)?;
        txn.commit().await.map_err(store_err)
    }

    async fn list_webhooks(&self) -> Result<Vec<Webhook>, StoreError> {
        let all = webhook::Entity::find().order_by_asc(webhook::Column::CreatedAt);
        // The delivery worker asks every round: a short list (the portal keeps at most 20
        // endpoints), read inline where it can be.
        let rows = match self.small_list(all.clone(), 100)? {
            Some(rows) => rows,
            None => all.all(&self.db).await.map_err(store_err)?,
        };
        rows.into_iter().map(from_row).collect()
    }

    async fn find_webhook(&self, id: WebhookId) -> Result<Option<Webhook>, StoreError> {
        self.by_key(webhook::Entity::find_by_id(id.as_uuid()))
            .await?
            .map(from_row)
            .transpose()
    }

    async fn delete_webhook(&self, id: WebhookId) -> Result<bool, StoreError> {
        let r = webhook::Entity::delete_by_id(id.as_uuid())
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        Ok(r.rows_affected == 1)
    }

    async fn undelivered_events(&self, limit: u32) -> Result<Vec<(i64, RecipientId, HistoryEntry)>, StoreError> {
        recipient_event::Entity::find()
            .filter(recipient_event::Column::HandedOver.eq(false))
            .order_by_asc(recipient_event::Column::Id)
            .limit(u64::from(limit))
            .all(&self.db)
            .await
            .map_err(store_err)?
            .into_iter()
            .map(|r| {
                let (id, recipient) = (r.id, RecipientId::from_uuid(r.recipient_id));
                Ok((id, recipient, crate::invitations::event_from_row(r)?))
            })
            .collect()
    }

    async fn hand_over(&self, events: &[i64], messages: &[OutboxMessage]) -> Result<bool, StoreError> {
        if events.is_empty() {
            return Ok(true);
        }
        let txn = self.db.begin().await.map_err(store_err)?;
        let taken = recipient_event::Entity::update_many()
            .col_expr(recipient_event::Column::HandedOver, Expr::value(true))
            .filter(recipient_event::Column::Id.is_in(events.iter().copied()))
            .filter(recipient_event::Column::HandedOver.eq(false))
            .exec(&txn)
            .await
            .map_err(store_err)?;
        if taken.rows_affected != events.len() as u64 {
            // Another worker took some of them: it queues their messages.
            return Ok(false);
        }
        insert_messages(&txn, messages).await?;
        txn.commit().await.map_err(store_err)?;
        self.queued(messages.len());
        Ok(true)
    }

    async fn event(&self, id: i64) -> Result<Option<(RecipientId, HistoryEntry)>, StoreError> {
        match self.by_key(recipient_event::Entity::find_by_id(id)).await? {
            Some(r) => {
                let recipient = RecipientId::from_uuid(r.recipient_id);
                Ok(Some((recipient, crate::invitations::event_from_row(r)?)))
            }
            None => Ok(None),
        }
    }

    async fn record_attempt(
        &self,
        id: WebhookId,
        at: OffsetDateTime,
        outcome: &str,
        success: bool,
    ) -> Result<(), StoreError> {
        let mut update = webhook::Entity::update_many()
            .col_expr(webhook::Column::LastAttemptAt, Expr::value(Some(micros(at))))
            .col_expr(webhook::Column::LastOutcome, Expr::value(Some(outcome.to_owned())))
            .filter(webhook::Column::Id.eq(id.as_uuid()));
        if success {
            update = update.col_expr(webhook::Column::LastSuccessAt, Expr::value(Some(micros(at))));
        }
        update.exec(&self.db).await.map_err(store_err)?;
        Ok(())
    }
}
