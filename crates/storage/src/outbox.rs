//! The outbox. Claims are one atomic `UPDATE … RETURNING` over a materialised CTE that picks
//! the rows once: whatever plan the database chooses, a claim never takes more than its limit
//! (a plain `IN (SELECT … LIMIT …)` may be run again per row by a nested loop). On PostgreSQL
//! the candidate rows are locked with `FOR UPDATE SKIP LOCKED`, so concurrent workers take
//! disjoint batches; SQLite serialises writers itself. Each claim names its owner.

use async_trait::async_trait;
use postern_domain::ids::{MessageId, RecipientId};
use postern_domain::invitation::OutboxMessage;
use postern_domain::ports::{Delivered, OutboxRepository, StoreError};
use sea_orm::TransactionTrait;

use std::collections::BTreeMap;

use postern_domain::lifecycle::{Facts, LinkEffect, RecipientChange};
use sea_orm::sea_query::CaseStatement;

use crate::invitations::{apply_change, insert_events, state_names};

use crate::entities::recipient;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DbBackend, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QuerySelect, QueryTrait,
    Statement,
};
use time::{Duration, OffsetDateTime};

use crate::entities::outbox;
use crate::writer::Exec;
use crate::{SqlStore, corrupt, from_micros, micros, store_err};

fn to_row(m: &OutboxMessage) -> Result<outbox::Model, StoreError> {
    Ok(outbox::Model {
        id: m.id.as_uuid(),
        kind: serde_json::to_string(&m.kind).map_err(|e| StoreError::Unavailable(e.to_string()))?,
        attempts: i32::try_from(m.attempts).unwrap_or(i32::MAX),
        next_attempt_at: micros(m.next_attempt_at),
        claimed_until: None,
        claimed_by: None,
        created_at: micros(m.created_at),
    })
}

fn from_row(r: outbox::Model) -> Result<OutboxMessage, StoreError> {
    Ok(OutboxMessage {
        id: MessageId::from_uuid(r.id),
        kind: serde_json::from_str(&r.kind).map_err(|_| corrupt("outbox"))?,
        attempts: u32::try_from(r.attempts).map_err(|_| corrupt("outbox"))?,
        next_attempt_at: from_micros(r.next_attempt_at)?,
        created_at: from_micros(r.created_at)?,
    })
}

pub(crate) async fn insert_messages(db: &impl Exec, messages: &[OutboxMessage]) -> Result<(), StoreError> {
    if messages.is_empty() {
        return Ok(());
    }
    let rows = messages.iter().map(to_row).collect::<Result<Vec<_>, _>>()?;
    let insert = outbox::Entity::insert_many(rows.into_iter().map(IntoActiveModel::into_active_model));
    db.exec(insert.build(db.backend())).await?;
    // Workers of every instance listen (PostgreSQL delivers it when the transaction commits,
    // and not at all when it rolls back).
    if db.backend() == DbBackend::Postgres {
        db.exec(Statement::from_string(
            DbBackend::Postgres,
            format!("NOTIFY {QUEUED_CHANNEL}"),
        ))
        .await?;
    }
    Ok(())
}

/// The PostgreSQL channel on which a commit that queued messages wakes the workers.
pub(crate) const QUEUED_CHANNEL: &str = "postern_outbox";

fn claim_statement(backend: DbBackend, now: i64, until: i64, limit: u32, owner: &str) -> Statement {
    let (sql, lock) = match backend {
        DbBackend::Postgres => ("$1", "FOR UPDATE SKIP LOCKED"),
        _ => ("?", ""),
    };
    let p = |n: usize| if sql == "$1" { format!("${n}") } else { "?".to_owned() };
    let text = format!(
        "WITH picked AS MATERIALIZED (\
           SELECT id FROM outbox WHERE next_attempt_at <= {} AND (claimed_until IS NULL OR claimed_until <= {}) \
           ORDER BY next_attempt_at, created_at LIMIT {limit} {lock}) \
         UPDATE outbox SET claimed_until = {}, claimed_by = {} WHERE id IN (SELECT id FROM picked) \
         RETURNING id, kind, attempts, next_attempt_at, claimed_until, claimed_by, created_at",
        p(1),
        p(2),
        p(3),
        p(4)
    );
    Statement::from_sql_and_values(
        backend,
        text,
        // The batch size is written into the statement, not bound: SQLite prepares a
        // statement with a bound LIMIT again on every execution (decision 0016).
        [now.into(), now.into(), until.into(), owner.into()],
    )
}

#[async_trait]
impl OutboxRepository for SqlStore {
    async fn enqueue(&self, message: &OutboxMessage) -> Result<(), StoreError> {
        insert_messages(&self.db, std::slice::from_ref(message)).await?;
        self.queued(1);
        Ok(())
    }

    async fn claim_due(
        &self,
        now: OffsetDateTime,
        lease: Duration,
        limit: u32,
        owner: &str,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        let stmt = claim_statement(self.backend(), micros(now), micros(now + lease), limit, owner);
        let on_writer = if self.has_writer() {
            let stmt = stmt.clone();
            self.on_writer(move |db| {
                let mut rows = db.rows(&stmt)?;
                let mut claimed = Vec::with_capacity(rows.len());
                for i in 0..rows.len() {
                    claimed.extend(rows.model::<outbox::Entity>(i, "")?);
                }
                Ok(claimed)
            })
            .await
        } else {
            None
        };
        let rows = match on_writer {
            Some(claimed) => claimed?,
            None => outbox::Entity::find()
                .from_raw_sql(stmt)
                .all(&self.db)
                .await
                .map_err(store_err)?,
        };
        let mut claimed = rows.into_iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
        claimed.sort_by_key(|m| (m.next_attempt_at, m.created_at));
        Ok(claimed)
    }

    async fn renew_claims(&self, ids: &[MessageId], owner: &str, until: OffsetDateTime) -> Result<u64, StoreError> {
        if ids.is_empty() {
            return Ok(0);
        }
        let renewed = outbox::Entity::update_many()
            .col_expr(outbox::Column::ClaimedUntil, Expr::value(Some(micros(until))))
            .filter(outbox::Column::Id.is_in(ids.iter().map(|id| id.as_uuid())))
            .filter(outbox::Column::ClaimedBy.eq(owner))
            .filter(outbox::Column::ClaimedUntil.is_not_null())
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        Ok(renewed.rows_affected)
    }

    async fn complete(&self, id: MessageId) -> Result<(), StoreError> {
        outbox::Entity::delete_by_id(id.as_uuid())
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        Ok(())
    }

    async fn record_delivered(&self, delivered: &[Delivered]) -> Result<(), StoreError> {
        if delivered.is_empty() {
            return Ok(());
        }
        // A round of plain deliveries (the usual round) is one transaction on the writer
        // thread; anything else goes to the pool, whose transaction can also read.
        if self.has_writer() && delivered.iter().filter_map(|d| d.recipient.as_ref()).all(grouped) {
            let delivered = delivered.to_vec();
            if let Some(done) = self
                .on_writer(move |db| crate::writer::now(write_delivered(db, &delivered, None)))
                .await
            {
                return done;
            }
        }
        let txn = self.db.begin().await.map_err(store_err)?;
        write_delivered(&txn, delivered, Some(&txn)).await?;
        txn.commit().await.map_err(store_err)
    }

    async fn retry_at(&self, id: MessageId, at: OffsetDateTime, attempts: u32) -> Result<(), StoreError> {
        let r = outbox::Entity::update_many()
            .col_expr(outbox::Column::NextAttemptAt, Expr::value(micros(at)))
            .col_expr(
                outbox::Column::Attempts,
                Expr::value(i32::try_from(attempts).unwrap_or(i32::MAX)),
            )
            .col_expr(outbox::Column::ClaimedUntil, Expr::value(Option::<i64>::None))
            .col_expr(outbox::Column::ClaimedBy, Expr::value(Option::<String>::None))
            .filter(outbox::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        if r.rows_affected == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    async fn pending_count(&self) -> Result<u64, StoreError> {
        outbox::Entity::find().count(&self.db).await.map_err(store_err)
    }
    async fn oldest_due(&self, now: OffsetDateTime) -> Result<Option<OffsetDateTime>, StoreError> {
        let earliest: Option<Option<i64>> = outbox::Entity::find()
            .select_only()
            .column_as(outbox::Column::NextAttemptAt.min(), "earliest")
            .filter(outbox::Column::NextAttemptAt.lte(micros(now)))
            .into_tuple()
            .one(&self.db)
            .await
            .map_err(store_err)?;
        earliest.flatten().map(from_micros).transpose()
    }
}

/// Whether a change is a plain delivery, recorded with others of its round in one statement.
fn grouped(change: &RecipientChange) -> bool {
    matches!(change.facts, Facts::Delivered { .. }) && change.links == LinkEffect::Keep && change.outbox.is_empty()
}

/// Records a round's deliveries in the caller's transaction. One round's deliveries share
/// their send time and, per lifetime, their expiry: each group is one statement instead of one
/// per recipient. Anything else (links or messages to change) goes one by one, through
/// `reading` (the pool's transaction; the writer thread takes only plain deliveries).
async fn write_delivered(
    db: &impl Exec,
    delivered: &[Delivered],
    reading: Option<&sea_orm::DatabaseTransaction>,
) -> Result<(), StoreError> {
    let mut groups: BTreeMap<Group, Vec<(uuid::Uuid, &str)>> = BTreeMap::new();
    // What each grouped change records in the recipient's history, if it applies.
    let mut entries = std::collections::HashMap::new();
    for change in delivered.iter().filter_map(|d| d.recipient.as_ref()) {
        match &change.facts {
            Facts::Delivered {
                at,
                expires_at,
                note,
                remind_at,
            } if grouped(change) => {
                groups
                    .entry(Group {
                        from: state_names(change.from),
                        to: change.to.as_str(),
                        at: micros(*at),
                        expires_at: micros(*expires_at),
                        remind_at: remind_at.map(micros),
                    })
                    .or_default()
                    .push((change.recipient.as_uuid(), note.as_str()));
                entries.insert(change.recipient.as_uuid(), change.entry());
            }
            _ => {
                let Some(txn) = reading else {
                    return Err(StoreError::Unavailable(
                        "a change the writer thread does not take".into(),
                    ));
                };
                apply_change(txn, change).await?;
            }
        }
    }
    for (group, members) in groups {
        for chunk in members.chunks(200) {
            let applied = mark_sent_group(db, &group, chunk).await?;
            let recorded: Vec<_> = applied
                .into_iter()
                .filter_map(|id| Some((RecipientId::from_uuid(id), entries.remove(&id)?)))
                .collect();
            insert_events(db, &recorded).await?;
        }
    }
    let ids: Vec<_> = delivered.iter().map(|d| d.message.as_uuid()).collect();
    for chunk in ids.chunks(500) {
        let delete = outbox::Entity::delete_many().filter(outbox::Column::Id.is_in(chunk.iter().copied()));
        db.exec(delete.build(db.backend())).await?;
    }
    Ok(())
}

/// Recipients delivered in one round with the same change and the same times.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Group {
    from: Vec<&'static str>,
    to: &'static str,
    at: i64,
    expires_at: i64,
    remind_at: Option<i64>,
}

/// Applies one group's delivery change (a compare-and-set on its allowed-from states) with
/// each member's own note, in one statement.
/// Marks a group delivered, where its compare-and-set holds; the recipients it applied to.
async fn mark_sent_group(
    db: &impl Exec,
    group: &Group,
    members: &[(uuid::Uuid, &str)],
) -> Result<Vec<uuid::Uuid>, StoreError> {
    let ids: Vec<uuid::Uuid> = members.iter().map(|(id, _)| *id).collect();
    let notes = members
        .iter()
        .fold(CaseStatement::new(), |case, (id, note)| {
            case.case(recipient::Column::Id.eq(*id), Expr::value(*note))
        })
        .finally(Expr::col(recipient::Column::LastDeliveryNote));
    let mut update = recipient::Entity::update_many()
        .col_expr(recipient::Column::State, Expr::value(group.to))
        .col_expr(recipient::Column::SentAt, Expr::value(Some(group.at)))
        .col_expr(recipient::Column::ExpiresAt, Expr::value(Some(group.expires_at)))
        .col_expr(recipient::Column::NextReminderAt, Expr::value(group.remind_at))
        .col_expr(recipient::Column::LastDeliveryNote, notes.into())
        .filter(recipient::Column::Id.is_in(ids))
        .filter(recipient::Column::State.is_in(group.from.clone()))
        .into_query();
    update.returning_col(recipient::Column::Id);
    db.ids(db.backend().build(&update)).await
}
