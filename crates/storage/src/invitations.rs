//! The invitation repository: invitations, recipients, activation-token digests, and the
//! transactions that keep them consistent with the outbox.

use std::collections::HashMap;

use async_trait::async_trait;
use postern_domain::ids::{InvitationId, RecipientId, UserId};
use postern_domain::invitation::{
    Invitation, InvitationRecipient, IssuedToken, MessageKind, OutboxKind, OutboxMessage, RecipientKind,
    RecipientState, TokenState,
};
use postern_domain::lifecycle::{Facts, LinkEffect, RecipientChange};
use postern_domain::ports::{
    AcceptError, Acceptance, DueReminder, InvitationCursor, InvitationPage, InvitationRepository, RecipientCursor,
    RecipientPage, StoreError, TokenMatch,
};
use postern_domain::query::InvitationQuery;
use postern_domain::token::TokenDigest;
use postern_domain::{DisplayName, EmailAddress, MessageBody, Recipient, Role, Subject};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, TransactionTrait,
};

use crate::entities::{attachment, download_link, invitation, outbox, recipient, recipient_event, token};
use crate::outbox::insert_messages;
use crate::users::insert_user;
use crate::writer::Exec;
use crate::{SqlStore, contains, corrupt, from_micros, lower, micros, store_err};
use postern_domain::history::{FunnelRow, HistoryEntry, HistoryEvent};
use postern_domain::lifecycle::Actor;

fn invitation_row(i: &Invitation) -> Result<invitation::Model, StoreError> {
    Ok(invitation::Model {
        id: i.id.as_uuid(),
        sender_id: i.sender_id.as_uuid(),
        sender_email: i.sender_email.as_str().to_owned(),
        sender_name: i.sender_name.as_str().to_owned(),
        subject: i.subject.as_str().to_owned(),
        message: i.message.as_str().to_owned(),
        options: serde_json::to_string(&i.options).map_err(|e| StoreError::Unavailable(e.to_string()))?,
        created_at: micros(i.created_at),
        idempotency_key: i.idempotency_key.clone(),
        kind: i.kind.as_str().to_owned(),
        language: i.language.code().to_owned(),
    })
}

fn recipient_row(invitation: InvitationId, position: usize, r: &InvitationRecipient) -> recipient::Model {
    recipient::Model {
        id: r.id.as_uuid(),
        invitation_id: invitation.as_uuid(),
        position: i32::try_from(position).unwrap_or(i32::MAX),
        email: r.address().as_str().to_owned(),
        email_normalized: r.address().normalized().to_owned(),
        display_name: r.recipient.display_name().map(str::to_owned),
        role: r.role.as_str().to_owned(),
        kind: r.kind.as_str().to_owned(),
        state: r.state.as_str().to_owned(),
        sent_at: r.sent_at.map(micros),
        expires_at: r.expires_at.map(micros),
        accepted_at: r.accepted_at.map(micros),
        last_delivery_note: r.last_delivery_note.clone(),
        reminders_sent: i32::try_from(r.reminders_sent).unwrap_or(i32::MAX),
        next_reminder_at: r.next_reminder_at.map(micros),
        renewal_requested_at: r.renewal_requested_at.map(micros),
        opened_at: r.opened_at.map(micros),
    }
}

fn recipient_from_row(r: recipient::Model) -> Result<InvitationRecipient, StoreError> {
    let bad = || corrupt("recipient");
    Ok(InvitationRecipient {
        id: RecipientId::from_uuid(r.id),
        recipient: Recipient::new(EmailAddress::parse(&r.email).map_err(|_| bad())?, r.display_name),
        role: Role::from_name(&r.role).ok_or_else(bad)?,
        kind: RecipientKind::from_name(&r.kind).ok_or_else(bad)?,
        state: RecipientState::from_name(&r.state).ok_or_else(bad)?,
        sent_at: r.sent_at.map(from_micros).transpose()?,
        expires_at: r.expires_at.map(from_micros).transpose()?,
        accepted_at: r.accepted_at.map(from_micros).transpose()?,
        last_delivery_note: r.last_delivery_note,
        reminders_sent: u32::try_from(r.reminders_sent).map_err(|_| bad())?,
        next_reminder_at: r.next_reminder_at.map(from_micros).transpose()?,
        renewal_requested_at: r.renewal_requested_at.map(from_micros).transpose()?,
        opened_at: r.opened_at.map(from_micros).transpose()?,
    })
}

pub(crate) fn attachment_row(
    i: &Invitation,
    position: usize,
    a: &postern_domain::files::Attachment,
) -> attachment::Model {
    let lifetime = time::Duration::days(i64::from(i.options.attachment_lifetime_days));
    attachment::Model {
        id: a.id.as_uuid(),
        invitation_id: i.id.as_uuid(),
        position: i32::try_from(position).unwrap_or(i32::MAX),
        name: a.name.as_str().to_owned(),
        size: i64::try_from(a.size).unwrap_or(i64::MAX),
        sha256: a.sha256.clone(),
        blob_key: a.blob_key.clone(),
        created_at: micros(i.created_at),
        expires_at: micros(i.created_at + lifetime),
    }
}

pub(crate) fn attachment_from_row(a: attachment::Model) -> Result<postern_domain::files::Attachment, StoreError> {
    let bad = || corrupt("attachment");
    Ok(postern_domain::files::Attachment {
        id: postern_domain::ids::AttachmentId::from_uuid(a.id),
        name: postern_domain::files::FileName::read_back(&a.name).map_err(|_| bad())?,
        size: u64::try_from(a.size).map_err(|_| bad())?,
        sha256: a.sha256,
        blob_key: a.blob_key,
    })
}

fn invitation_from_row(
    i: invitation::Model,
    recipients: Vec<InvitationRecipient>,
    attachments: Vec<postern_domain::files::Attachment>,
) -> Result<Invitation, StoreError> {
    let bad = || corrupt("invitation");
    Ok(Invitation {
        id: InvitationId::from_uuid(i.id),
        sender_id: UserId::from_uuid(i.sender_id),
        sender_email: EmailAddress::parse(&i.sender_email).map_err(|_| bad())?,
        sender_name: DisplayName::parse(&i.sender_name).map_err(|_| bad())?,
        subject: Subject::parse(&i.subject).map_err(|_| bad())?,
        message: MessageBody::parse(&i.message).map_err(|_| bad())?,
        options: serde_json::from_str(&i.options).map_err(|_| bad())?,
        created_at: from_micros(i.created_at)?,
        kind: postern_domain::invitation::MessageKind::from_name(&i.kind).ok_or_else(bad)?,
        idempotency_key: i.idempotency_key,
        recipients,
        attachments,
        language: postern_domain::Language::parse(&i.language).ok_or_else(bad)?,
    })
}

/// Reads a stored hexadecimal digest.
pub(crate) fn digest_from_hex(hex: &str) -> Option<TokenDigest> {
    TokenDigest::from_slice(&hex::decode(hex).ok()?)
}

fn token_from_row(t: token::Model) -> Result<IssuedToken, StoreError> {
    let bad = || corrupt("token");
    Ok(IssuedToken {
        digest: digest_from_hex(&t.digest).ok_or_else(bad)?,
        recipient_id: RecipientId::from_uuid(t.recipient_id),
        issued_at: from_micros(t.issued_at)?,
        expires_at: from_micros(t.expires_at)?,
        state: TokenState::from_name(&t.state).ok_or_else(bad)?,
    })
}

/// Loads invitations with their recipients (in their stored order).
pub(crate) async fn hydrate(
    db: &impl ConnectionTrait,
    rows: Vec<invitation::Model>,
) -> Result<Vec<Invitation>, StoreError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
    let mut by_invitation: HashMap<_, Vec<InvitationRecipient>> = HashMap::new();
    for r in recipient::Entity::find()
        .filter(recipient::Column::InvitationId.is_in(ids))
        .order_by_asc(recipient::Column::InvitationId)
        .order_by_asc(recipient::Column::Position)
        .all(db)
        .await
        .map_err(store_err)?
    {
        let invitation_id = r.invitation_id;
        by_invitation
            .entry(invitation_id)
            .or_default()
            .push(recipient_from_row(r)?);
    }
    assemble(db, rows, by_invitation).await
}

/// Invitations from their rows, the recipients given, and their attachments (read here).
async fn assemble(
    db: &impl ConnectionTrait,
    rows: Vec<invitation::Model>,
    mut by_invitation: HashMap<uuid::Uuid, Vec<InvitationRecipient>>,
) -> Result<Vec<Invitation>, StoreError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
    let mut files: HashMap<_, Vec<postern_domain::files::Attachment>> = HashMap::new();
    for a in attachment::Entity::find()
        .filter(attachment::Column::InvitationId.is_in(ids))
        .order_by_asc(attachment::Column::InvitationId)
        .order_by_asc(attachment::Column::Position)
        .all(db)
        .await
        .map_err(store_err)?
    {
        files.entry(a.invitation_id).or_default().push(attachment_from_row(a)?);
    }
    rows.into_iter()
        .map(|i| {
            let recipients = by_invitation.remove(&i.id).unwrap_or_default();
            let attachments = files.remove(&i.id).unwrap_or_default();
            invitation_from_row(i, recipients, attachments)
        })
        .collect()
}

/// Recipients and attachments an invitation may have for them to be read inline (decision
/// 0017); a larger one (a bulk import) is read by the pool.
const READ_INLINE_AT_MOST: usize = 100;

impl SqlStore {
    /// The invitation of `row`, with its recipients and attachments: read on the calling thread
    /// when the invitation is small (the delivery worker reads one per message), by the pool
    /// otherwise.
    async fn one(&self, row: Option<invitation::Model>) -> Result<Option<Invitation>, StoreError> {
        let Some(row) = row else {
            return Ok(None);
        };
        let recipients = self.small_list(
            recipient::Entity::find()
                .filter(recipient::Column::InvitationId.eq(row.id))
                .order_by_asc(recipient::Column::Position),
            READ_INLINE_AT_MOST,
        )?;
        if let Some(recipients) = recipients {
            let attachments = self.small_list(
                attachment::Entity::find()
                    .filter(attachment::Column::InvitationId.eq(row.id))
                    .order_by_asc(attachment::Column::Position),
                READ_INLINE_AT_MOST,
            )?;
            if let Some(attachments) = attachments {
                let recipients = recipients
                    .into_iter()
                    .map(recipient_from_row)
                    .collect::<Result<_, _>>()?;
                let attachments = attachments
                    .into_iter()
                    .map(attachment_from_row)
                    .collect::<Result<_, _>>()?;
                return invitation_from_row(row, recipients, attachments).map(Some);
            }
        }
        Ok(hydrate(&self.db, vec![row]).await?.pop())
    }
}

async fn set_tokens(
    db: &impl ConnectionTrait,
    recipient: RecipientId,
    from: TokenState,
    to: TokenState,
) -> Result<u64, StoreError> {
    let r = token::Entity::update_many()
        .col_expr(token::Column::State, Expr::value(to.as_str()))
        .filter(token::Column::RecipientId.eq(recipient.as_uuid()))
        .filter(token::Column::State.eq(from.as_str()))
        .exec(db)
        .await
        .map_err(store_err)?;
    Ok(r.rows_affected)
}

/// The stored names of states.
/// The conditions of `query` on the invitation itself.
fn invitation_conditions(query: &InvitationQuery) -> Condition {
    let mut filter = Condition::all();
    if let Some(sender) = query.sender_id {
        filter = filter.add(invitation::Column::SenderId.eq(sender.as_uuid()));
    }
    if let Some(text) = &query.sender {
        filter = filter.add(
            Condition::any()
                .add(lower((invitation::Entity, invitation::Column::SenderEmail)).like(contains(text)))
                .add(lower((invitation::Entity, invitation::Column::SenderName)).like(contains(text))),
        );
    }
    if let Some(since) = query.since {
        filter = filter.add(invitation::Column::CreatedAt.gte(micros(since)));
    }
    if let Some(until) = query.until {
        filter = filter.add(invitation::Column::CreatedAt.lt(micros(until)));
    }
    filter
}

/// The conditions of `query` on one recipient (its address and shown state at `now`), if any.
fn recipient_conditions(query: &InvitationQuery, now: time::OffsetDateTime) -> Option<Condition> {
    if query.recipient.is_none() && query.state.is_none() {
        return None;
    }
    let col = |c| Expr::col((recipient::Entity, c));
    let mut one = Condition::all();
    if let Some(text) = &query.recipient {
        one = one.add(
            Condition::any()
                .add(col(recipient::Column::EmailNormalized).like(contains(text)))
                .add(lower((recipient::Entity, recipient::Column::DisplayName)).like(contains(text))),
        );
    }
    if let Some(shown) = &query.state {
        one = one.add(col(recipient::Column::State).is_in(state_names(shown.states)));
        let expires = || col(recipient::Column::ExpiresAt);
        match shown.expired {
            Some(true) => one = one.add(expires().is_not_null()).add(expires().lte(micros(now))),
            Some(false) => one = one.add(Condition::any().add(expires().is_null()).add(expires().gt(micros(now)))),
            None => {}
        }
        match shown.noted {
            Some(true) => one = one.add(col(recipient::Column::LastDeliveryNote).is_not_null()),
            Some(false) => one = one.add(col(recipient::Column::LastDeliveryNote).is_null()),
            None => {}
        }
    }
    Some(one)
}

pub(crate) fn state_names(states: &[RecipientState]) -> Vec<&'static str> {
    states.iter().map(|s| s.as_str()).collect()
}

/// Withdraws the messages still waiting to carry a new link to `recipient`.
async fn withdraw_messages(db: &impl ConnectionTrait, recipient: RecipientId) -> Result<(), StoreError> {
    let kind = serde_json::to_string(&OutboxKind::Invitation {
        recipient_id: recipient,
    })
    .map_err(|e| StoreError::Unavailable(e.to_string()))?;
    outbox::Entity::delete_many()
        .filter(outbox::Column::Kind.eq(kind))
        .exec(db)
        .await
        .map_err(store_err)?;
    Ok(())
}

/// Applies a link effect to a recipient's live links.
async fn set_links(db: &impl ConnectionTrait, recipient: RecipientId, effect: LinkEffect) -> Result<(), StoreError> {
    match effect {
        LinkEffect::Keep => {}
        LinkEffect::UseActivation => {
            set_tokens(db, recipient, TokenState::Live, TokenState::Used).await?;
        }
        LinkEffect::RevokeAll => {
            set_tokens(db, recipient, TokenState::Live, TokenState::Revoked).await?;
            withdraw_messages(db, recipient).await?;
            download_link::Entity::update_many()
                .col_expr(download_link::Column::State, Expr::value(TokenState::Revoked.as_str()))
                .filter(download_link::Column::RecipientId.eq(recipient.as_uuid()))
                .filter(download_link::Column::State.eq(TokenState::Live.as_str()))
                .exec(db)
                .await
                .map_err(store_err)?;
        }
    }
    Ok(())
}

/// Applies a change decided by the domain: a compare-and-set on the allowed-from states, then
/// the links and messages, all on `db` (a transaction). Whether it applied.
pub(crate) async fn apply_change(db: &impl ConnectionTrait, change: &RecipientChange) -> Result<bool, StoreError> {
    let mut update = recipient::Entity::update_many()
        .col_expr(recipient::Column::State, Expr::value(change.to.as_str()))
        .filter(recipient::Column::Id.eq(change.recipient.as_uuid()))
        .filter(recipient::Column::State.is_in(state_names(change.from)));
    match &change.facts {
        Facts::Nothing => {}
        Facts::Delivered {
            at,
            expires_at,
            note,
            remind_at,
        } => {
            update = update
                .col_expr(recipient::Column::SentAt, Expr::value(Some(micros(*at))))
                .col_expr(recipient::Column::ExpiresAt, Expr::value(Some(micros(*expires_at))))
                .col_expr(recipient::Column::LastDeliveryNote, Expr::value(Some(note.clone())))
                .col_expr(recipient::Column::NextReminderAt, Expr::value(remind_at.map(micros)));
        }
        Facts::Note(note) => {
            update = update.col_expr(recipient::Column::LastDeliveryNote, Expr::value(Some(note.clone())));
        }
        Facts::Cleared => {
            update = update
                .col_expr(recipient::Column::ExpiresAt, Expr::value(Option::<i64>::None))
                .col_expr(recipient::Column::LastDeliveryNote, Expr::value(Option::<String>::None))
                .col_expr(recipient::Column::NextReminderAt, Expr::value(Option::<i64>::None))
                .col_expr(recipient::Column::RemindersSent, Expr::value(0));
        }
    }
    if update.exec(db).await.map_err(store_err)?.rows_affected == 0 {
        return Ok(false);
    }
    set_links(db, change.recipient, change.links).await?;
    insert_tokens(db, change.link.as_slice()).await?;
    insert_messages(db, &change.outbox).await?;
    insert_events(db, &[(change.recipient, change.entry())]).await?;
    Ok(true)
}

/// Records history entries, in statements of a size every engine takes.
pub(crate) async fn insert_events(db: &impl Exec, entries: &[(RecipientId, HistoryEntry)]) -> Result<(), StoreError> {
    for chunk in entries.chunks(500) {
        let rows = chunk.iter().map(|(recipient, e)| recipient_event::ActiveModel {
            id: sea_orm::ActiveValue::NotSet,
            recipient_id: sea_orm::ActiveValue::Set(recipient.as_uuid()),
            at: sea_orm::ActiveValue::Set(micros(e.at)),
            event: sea_orm::ActiveValue::Set(e.event.as_str().to_owned()),
            actor: sea_orm::ActiveValue::Set(e.actor.map(|a| a.name().to_owned())),
            detail: sea_orm::ActiveValue::Set(e.detail.clone()),
            handed_over: sea_orm::ActiveValue::Set(false),
        });
        db.exec(recipient_event::Entity::insert_many(rows).build(db.backend()))
            .await?;
    }
    Ok(())
}

pub(crate) fn event_from_row(r: recipient_event::Model) -> Result<HistoryEntry, StoreError> {
    let bad = || corrupt("recipient event");
    Ok(HistoryEntry {
        at: from_micros(r.at)?,
        event: HistoryEvent::from_name(&r.event).ok_or_else(bad)?,
        actor: match r.actor {
            None => None,
            Some(name) => Some(postern_domain::history::actor_from_name(&name).ok_or_else(bad)?),
        },
        detail: r.detail,
    })
}

/// Stores minted links, in statements of a size every engine takes.
async fn insert_tokens(db: &impl Exec, tokens: &[IssuedToken]) -> Result<(), StoreError> {
    for chunk in tokens.chunks(200) {
        let rows = chunk.iter().map(|t| token_row(t).into_active_model());
        db.exec(token::Entity::insert_many(rows).build(db.backend())).await?;
    }
    Ok(())
}

/// What the funnel report reads of a recipient and its invitation.
type FunnelTuple = (
    uuid::Uuid,
    String,
    i64,
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

fn token_row(t: &IssuedToken) -> token::Model {
    token::Model {
        digest: t.digest.to_hex(),
        recipient_id: t.recipient_id.as_uuid(),
        issued_at: micros(t.issued_at),
        expires_at: micros(t.expires_at),
        state: t.state.as_str().to_owned(),
    }
}

/// Writes a new invitation in the caller's transaction: its row, its recipients, its
/// attachments, its outbox messages, the links minted with it and its recipients' first
/// history entries.
async fn write_invitation(
    db: &impl Exec,
    invitation: &Invitation,
    outbox: &[OutboxMessage],
    links: &[IssuedToken],
) -> Result<(), StoreError> {
    let backend = db.backend();
    db.exec(invitation::Entity::insert(invitation_row(invitation)?.into_active_model()).build(backend))
        .await?;
    // In statements of a size every engine takes (a bulk invitation has thousands).
    for (n, chunk) in invitation.recipients.chunks(500).enumerate() {
        let rows = chunk
            .iter()
            .enumerate()
            .map(|(i, r)| recipient_row(invitation.id, n * 500 + i, r).into_active_model());
        db.exec(recipient::Entity::insert_many(rows).build(backend)).await?;
    }
    if !invitation.attachments.is_empty() {
        let rows = invitation
            .attachments
            .iter()
            .enumerate()
            .map(|(n, a)| attachment_row(invitation, n, a).into_active_model());
        db.exec(attachment::Entity::insert_many(rows).build(backend)).await?;
    }
    insert_messages(db, outbox).await?;
    insert_tokens(db, links).await?;
    insert_events(db, &postern_domain::history::created(invitation, links)).await
}

impl SqlStore {
    /// Newest first, keyset-paginated, filtered by `filter` before the page is cut.
    async fn list_invitations(
        &self,
        filter: Condition,
        after: Option<InvitationCursor>,
        limit: u32,
    ) -> Result<InvitationPage, StoreError> {
        let mut query = invitation::Entity::find().filter(filter);
        if let Some(c) = after {
            let at = micros(c.created_at);
            query = query.filter(
                Condition::any().add(invitation::Column::CreatedAt.lt(at)).add(
                    Condition::all()
                        .add(invitation::Column::CreatedAt.eq(at))
                        .add(invitation::Column::Id.lt(c.id.as_uuid())),
                ),
            );
        }
        let rows = query
            .order_by_desc(invitation::Column::CreatedAt)
            .order_by_desc(invitation::Column::Id)
            .limit(u64::from(limit) + 1)
            .all(&self.db)
            .await
            .map_err(store_err)?;
        let invitations = hydrate(&self.db, rows).await?;
        let more = invitations.len() > limit as usize;
        let mut invitations = invitations;
        invitations.truncate(limit as usize);
        let next_cursor = if more {
            invitations.last().map(|i| InvitationCursor {
                created_at: i.created_at,
                id: i.id,
            })
        } else {
            None
        };
        Ok(InvitationPage {
            invitations,
            next_cursor,
        })
    }

    async fn recipient_exists(&self, id: RecipientId) -> Result<bool, StoreError> {
        Ok(self
            .by_key(recipient::Entity::find_by_id(id.as_uuid()))
            .await?
            .is_some())
    }
}

#[async_trait]
impl InvitationRepository for SqlStore {
    async fn create_invitation(&self, invitation: &Invitation, outbox: &[OutboxMessage]) -> Result<(), StoreError> {
        self.create_invitation_with_links(invitation, outbox, &[]).await
    }

    async fn create_invitation_with_links(
        &self,
        invitation: &Invitation,
        outbox: &[OutboxMessage],
        links: &[IssuedToken],
    ) -> Result<(), StoreError> {
        let written = if self.has_writer() {
            let (invitation, messages, links) = (invitation.clone(), outbox.to_vec(), links.to_vec());
            self.on_writer(move |db| crate::writer::now(write_invitation(db, &invitation, &messages, &links)))
                .await
        } else {
            None
        };
        match written {
            Some(done) => done?,
            None => {
                let txn = self.db.begin().await.map_err(store_err)?;
                write_invitation(&txn, invitation, outbox, links).await?;
                txn.commit().await.map_err(store_err)?;
            }
        }
        self.queued(outbox.len());
        Ok(())
    }

    async fn find_invitation(&self, id: InvitationId) -> Result<Option<Invitation>, StoreError> {
        let row = self.by_key(invitation::Entity::find_by_id(id.as_uuid())).await?;
        self.one(row).await
    }

    async fn find_by_idempotency_key(&self, sender: UserId, key: &str) -> Result<Option<Invitation>, StoreError> {
        let row = self
            .by_key(
                invitation::Entity::find()
                    .filter(invitation::Column::SenderId.eq(sender.as_uuid()))
                    .filter(invitation::Column::IdempotencyKey.eq(key)),
            )
            .await?;
        self.one(row).await
    }

    async fn find_by_recipient(&self, id: RecipientId) -> Result<Option<Invitation>, StoreError> {
        let Some(r) = self.by_key(recipient::Entity::find_by_id(id.as_uuid())).await? else {
            return Ok(None);
        };
        self.find_invitation(InvitationId::from_uuid(r.invitation_id)).await
    }

    async fn list_by_sender(
        &self,
        sender: UserId,
        after: Option<InvitationCursor>,
        limit: u32,
    ) -> Result<InvitationPage, StoreError> {
        let filter = Condition::all().add(invitation::Column::SenderId.eq(sender.as_uuid()));
        self.list_invitations(filter, after, limit).await
    }

    async fn search_invitations(
        &self,
        query: &InvitationQuery,
        now: time::OffsetDateTime,
        after: Option<InvitationCursor>,
        limit: u32,
    ) -> Result<InvitationPage, StoreError> {
        let mut filter = invitation_conditions(query);
        if let Some(one) = recipient_conditions(query, now) {
            // One recipient of the invitation must meet every recipient condition.
            let mut sub = Query::select();
            sub.expr(Expr::val(1)).from(recipient::Entity).cond_where(
                one.add(
                    Expr::col((recipient::Entity, recipient::Column::InvitationId))
                        .equals((invitation::Entity, invitation::Column::Id)),
                ),
            );
            filter = filter.add(Expr::exists(sub));
        }
        self.list_invitations(filter, after, limit).await
    }

    async fn search_recipients(
        &self,
        query: &InvitationQuery,
        now: time::OffsetDateTime,
        after: Option<RecipientCursor>,
        limit: u32,
    ) -> Result<RecipientPage, StoreError> {
        let mut filter = invitation_conditions(query);
        if let Some(each) = recipient_conditions(query, now) {
            filter = filter.add(each);
        }
        if let Some(c) = after {
            let at = micros(c.created_at);
            let id = c.invitation_id.as_uuid();
            let position = i32::try_from(c.position).unwrap_or(i32::MAX);
            filter = filter.add(
                Condition::any()
                    .add(invitation::Column::CreatedAt.lt(at))
                    .add(
                        Condition::all()
                            .add(invitation::Column::CreatedAt.eq(at))
                            .add(invitation::Column::Id.lt(id)),
                    )
                    .add(
                        Condition::all()
                            .add(invitation::Column::CreatedAt.eq(at))
                            .add(invitation::Column::Id.eq(id))
                            .add(recipient::Column::Position.gt(position)),
                    ),
            );
        }
        let of_invitation = recipient::Entity::belongs_to(invitation::Entity)
            .from(recipient::Column::InvitationId)
            .to(invitation::Column::Id)
            .into();
        let rows = recipient::Entity::find()
            .join(JoinType::InnerJoin, of_invitation)
            .filter(filter)
            .order_by_desc(invitation::Column::CreatedAt)
            .order_by_desc(invitation::Column::Id)
            .order_by_asc(recipient::Column::Position)
            .limit(u64::from(limit) + 1)
            .all(&self.db)
            .await
            .map_err(store_err)?;
        let more = rows.len() > limit as usize;
        let mut rows = rows;
        rows.truncate(limit as usize);
        let last = rows.last().map(|r| (r.invitation_id, r.position));
        // The page's invitations in page order, each with its recipients on the page.
        let mut order: Vec<uuid::Uuid> = Vec::new();
        let mut listed: HashMap<uuid::Uuid, Vec<InvitationRecipient>> = HashMap::new();
        for r in rows {
            if !listed.contains_key(&r.invitation_id) {
                order.push(r.invitation_id);
            }
            let invitation_id = r.invitation_id;
            listed.entry(invitation_id).or_default().push(recipient_from_row(r)?);
        }
        let headers = invitation::Entity::find()
            .filter(invitation::Column::Id.is_in(order.clone()))
            .all(&self.db)
            .await
            .map_err(store_err)?;
        let mut headers: HashMap<_, _> = headers.into_iter().map(|h| (h.id, h)).collect();
        let rows: Vec<_> = order.iter().filter_map(|id| headers.remove(id)).collect();
        let invitations = assemble(&self.db, rows, listed).await?;
        let next_cursor = match (more, last) {
            (true, Some((id, position))) => {
                invitations
                    .iter()
                    .find(|i| i.id.as_uuid() == id)
                    .map(|i| RecipientCursor {
                        created_at: i.created_at,
                        invitation_id: i.id,
                        position: u32::try_from(position).unwrap_or(0),
                    })
            }
            _ => None,
        };
        Ok(RecipientPage {
            invitations,
            next_cursor,
        })
    }

    async fn add_token(&self, t: &IssuedToken) -> Result<(), StoreError> {
        self.add_tokens(std::slice::from_ref(t)).await
    }

    async fn add_tokens(&self, tokens: &[IssuedToken]) -> Result<(), StoreError> {
        if tokens.is_empty() {
            return Ok(());
        }
        if self.has_writer() {
            let tokens = tokens.to_vec();
            if let Some(done) = self
                .on_writer(move |db| crate::writer::now(insert_tokens(db, &tokens)))
                .await
            {
                return done;
            }
        }
        let txn = self.db.begin().await.map_err(store_err)?;
        insert_tokens(&txn, tokens).await?;
        txn.commit().await.map_err(store_err)
    }

    async fn remove_token(&self, digest: &TokenDigest) -> Result<(), StoreError> {
        token::Entity::delete_by_id(digest.to_hex())
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        Ok(())
    }

    async fn find_token(&self, digest: &TokenDigest) -> Result<Option<TokenMatch>, StoreError> {
        let Some(rows) = self.link_rows::<token::Entity>(digest).await? else {
            return Ok(None);
        };
        let account_exists = rows.account_exists;
        let (row, invitation) = rows.into_invitation()?;
        let token = token_from_row(row)?;
        Ok(Some(TokenMatch {
            token,
            invitation,
            account_exists,
        }))
    }

    async fn change_recipient(&self, change: &RecipientChange) -> Result<bool, StoreError> {
        let txn = self.db.begin().await.map_err(store_err)?;
        let applied = apply_change(&txn, change).await?;
        txn.commit().await.map_err(store_err)?;
        if applied {
            self.queued(change.outbox.len());
        }
        if !applied && !self.recipient_exists(change.recipient).await? {
            return Err(StoreError::NotFound);
        }
        Ok(applied)
    }

    async fn accept(&self, a: &Acceptance) -> Result<(), AcceptError> {
        let txn = self.db.begin().await.map_err(store_err)?;
        // The recipient row is written first: competing acceptances of one recipient queue
        // behind each other here, and every transaction takes its locks in the same order
        // (recipient, then tokens), so they cannot deadlock.
        let accepted = recipient::Entity::update_many()
            .col_expr(recipient::Column::State, Expr::value(a.to.as_str()))
            .col_expr(recipient::Column::AcceptedAt, Expr::value(Some(micros(a.at))))
            .filter(recipient::Column::Id.eq(a.recipient_id.as_uuid()))
            .filter(recipient::Column::State.is_in(state_names(a.from)))
            .exec(&txn)
            .await
            .map_err(store_err)?;
        if accepted.rows_affected != 1 {
            return Err(AcceptError::Refused);
        }
        let used = token::Entity::update_many()
            .col_expr(token::Column::State, Expr::value(TokenState::Used.as_str()))
            .filter(token::Column::Digest.eq(a.digest.to_hex()))
            .filter(token::Column::RecipientId.eq(a.recipient_id.as_uuid()))
            .filter(token::Column::State.eq(TokenState::Live.as_str()))
            .exec(&txn)
            .await
            .map_err(store_err)?;
        if used.rows_affected != 1 {
            return Err(AcceptError::Refused);
        }
        set_links(&txn, a.recipient_id, LinkEffect::UseActivation).await?;
        if let Some(user) = &a.user {
            match insert_user(&txn, user, a.language).await {
                Err(StoreError::Conflict(_)) => return Err(AcceptError::UserExists),
                other => other?,
            }
        }
        insert_messages(&txn, &a.outbox).await?;
        let entry = HistoryEntry::new(a.at, HistoryEvent::Accepted, Some(Actor::Invitee), None);
        insert_events(&txn, &[(a.recipient_id, entry)]).await?;
        txn.commit().await.map_err(store_err)?;
        self.queued(a.outbox.len());
        Ok(())
    }
    async fn count_links_expired(
        &self,
        after: time::OffsetDateTime,
        until: time::OffsetDateTime,
    ) -> Result<u64, StoreError> {
        let of_invitation = recipient::Entity::belongs_to(invitation::Entity)
            .from(recipient::Column::InvitationId)
            .to(invitation::Column::Id)
            .into();
        recipient::Entity::find()
            .join(JoinType::InnerJoin, of_invitation)
            .filter(invitation::Column::Kind.eq(MessageKind::Invitation.as_str()))
            .filter(recipient::Column::State.is_in(state_names(&RecipientState::EXPIRING)))
            .filter(recipient::Column::ExpiresAt.gt(micros(after)))
            .filter(recipient::Column::ExpiresAt.lte(micros(until)))
            .count(&self.db)
            .await
            .map_err(store_err)
    }

    async fn sender_usage(
        &self,
        sender: UserId,
        since: time::OffsetDateTime,
        now: time::OffsetDateTime,
    ) -> Result<postern_domain::policy::SenderUsage, StoreError> {
        use sea_orm::Statement;
        let backend = self.db.get_database_backend();
        let p = |n: usize| {
            if backend == sea_orm::DbBackend::Postgres {
                format!("${n}")
            } else {
                "?".to_owned()
            }
        };
        // Both walk the sender's invitations by the (sender, created) index, then each one's
        // recipients.
        let sent = self
            .db
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT COUNT(r.id) AS n, MIN(i.created_at) AS oldest FROM invitations i \
                     JOIN invitation_recipients r ON r.invitation_id = i.id \
                     WHERE i.sender_id = {} AND i.created_at > {}",
                    p(1),
                    p(2)
                ),
                [sender.as_uuid().into(), micros(since).into()],
            ))
            .await
            .map_err(store_err)?;
        let pending = self
            .db
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT COUNT(r.id) AS n FROM invitations i \
                     JOIN invitation_recipients r ON r.invitation_id = i.id \
                     WHERE i.sender_id = {} AND i.kind = 'invitation' AND r.state IN ('queued', 'sent') \
                     AND (r.expires_at IS NULL OR r.expires_at > {})",
                    p(1),
                    p(2)
                ),
                [sender.as_uuid().into(), micros(now).into()],
            ))
            .await
            .map_err(store_err)?;
        let count = |row: &Option<sea_orm::QueryResult>| -> Result<u32, StoreError> {
            let n: i64 = row
                .as_ref()
                .map(|r| r.try_get("", "n"))
                .transpose()
                .map_err(|_| corrupt("count"))?
                .unwrap_or(0);
            u32::try_from(n).map_err(|_| corrupt("count"))
        };
        let oldest: Option<i64> = sent
            .as_ref()
            .map(|r| r.try_get::<Option<i64>>("", "oldest"))
            .transpose()
            .map_err(|_| corrupt("count"))?
            .flatten();
        Ok(postern_domain::policy::SenderUsage {
            sent: count(&sent)?,
            oldest: oldest.map(from_micros).transpose()?,
            pending: count(&pending)?,
        })
    }

    async fn request_renewal(
        &self,
        recipient: RecipientId,
        at: time::OffsetDateTime,
        resend: Option<RecipientChange>,
        notices: &[OutboxMessage],
    ) -> Result<bool, StoreError> {
        let txn = self.db.begin().await.map_err(store_err)?;
        let taken = recipient::Entity::update_many()
            .col_expr(recipient::Column::RenewalRequestedAt, Expr::value(Some(micros(at))))
            .filter(recipient::Column::Id.eq(recipient.as_uuid()))
            .filter(recipient::Column::RenewalRequestedAt.is_null())
            .filter(recipient::Column::State.eq(RecipientState::Sent.as_str()))
            .filter(recipient::Column::ExpiresAt.lte(micros(at)))
            .exec(&txn)
            .await
            .map_err(store_err)?;
        if taken.rows_affected != 1 {
            return Ok(false);
        }
        let asked = HistoryEntry::new(at, HistoryEvent::RenewalRequested, Some(Actor::Invitee), None);
        insert_events(&txn, &[(recipient, asked)]).await?;
        if let Some(change) = &resend
            && !apply_change(&txn, change).await?
        {
            return Ok(false);
        }
        insert_messages(&txn, notices).await?;
        txn.commit().await.map_err(store_err)?;
        self.queued(notices.len() + resend.map_or(0, |c| c.outbox.len()));
        Ok(true)
    }

    async fn due_reminders(&self, now: time::OffsetDateTime, limit: u32) -> Result<Vec<DueReminder>, StoreError> {
        // Walks the index on next_reminder_at (once a minute: a bound LIMIT is fine here).
        let rows = recipient::Entity::find()
            .filter(recipient::Column::NextReminderAt.lte(micros(now)))
            .filter(recipient::Column::State.eq(RecipientState::Sent.as_str()))
            .order_by_asc(recipient::Column::NextReminderAt)
            .limit(u64::from(limit))
            .all(&self.db)
            .await
            .map_err(store_err)?;
        rows.into_iter()
            .filter_map(|r| {
                let (Some(sent_at), Some(expires_at), Some(due_at)) = (r.sent_at, r.expires_at, r.next_reminder_at)
                else {
                    return None;
                };
                Some((|| {
                    Ok(DueReminder {
                        recipient_id: RecipientId::from_uuid(r.id),
                        sent_at: from_micros(sent_at)?,
                        expires_at: from_micros(expires_at)?,
                        reminders_sent: u32::try_from(r.reminders_sent).map_err(|_| corrupt("recipient"))?,
                        due_at: from_micros(due_at)?,
                    })
                })())
            })
            .collect()
    }

    async fn take_reminder(
        &self,
        due: &DueReminder,
        next: Option<time::OffsetDateTime>,
        message: Option<OutboxMessage>,
    ) -> Result<bool, StoreError> {
        let txn = self.db.begin().await.map_err(store_err)?;
        let taken = recipient::Entity::update_many()
            .col_expr(
                recipient::Column::RemindersSent,
                Expr::value(i32::try_from(due.reminders_sent.saturating_add(1)).unwrap_or(i32::MAX)),
            )
            .col_expr(recipient::Column::NextReminderAt, Expr::value(next.map(micros)))
            .filter(recipient::Column::Id.eq(due.recipient_id.as_uuid()))
            .filter(recipient::Column::State.eq(RecipientState::Sent.as_str()))
            .filter(recipient::Column::RemindersSent.eq(i32::try_from(due.reminders_sent).unwrap_or(i32::MAX)))
            .filter(recipient::Column::NextReminderAt.eq(micros(due.due_at)))
            .exec(&txn)
            .await
            .map_err(store_err)?;
        if taken.rows_affected != 1 {
            return Ok(false);
        }
        let queued: Vec<OutboxMessage> = message.into_iter().collect();
        insert_messages(&txn, &queued).await?;
        if !queued.is_empty() {
            let entry = HistoryEntry::new(due.due_at, HistoryEvent::Reminded, None, None);
            insert_events(&txn, &[(due.recipient_id, entry)]).await?;
        }
        txn.commit().await.map_err(store_err)?;
        self.queued(queued.len());
        Ok(true)
    }

    async fn history(&self, recipient: RecipientId) -> Result<Vec<HistoryEntry>, StoreError> {
        recipient_event::Entity::find()
            .filter(recipient_event::Column::RecipientId.eq(recipient.as_uuid()))
            .order_by_asc(recipient_event::Column::At)
            .order_by_asc(recipient_event::Column::Id)
            .all(&self.db)
            .await
            .map_err(store_err)?
            .into_iter()
            .map(event_from_row)
            .collect()
    }

    async fn mark_opened(&self, recipient: RecipientId, at: time::OffsetDateTime) -> Result<bool, StoreError> {
        let txn = self.db.begin().await.map_err(store_err)?;
        let first = recipient::Entity::update_many()
            .col_expr(recipient::Column::OpenedAt, Expr::value(Some(micros(at))))
            .filter(recipient::Column::Id.eq(recipient.as_uuid()))
            .filter(recipient::Column::OpenedAt.is_null())
            .exec(&txn)
            .await
            .map_err(store_err)?;
        if first.rows_affected != 1 {
            return Ok(false);
        }
        let entry = HistoryEntry::new(at, HistoryEvent::Opened, Some(Actor::Invitee), None);
        insert_events(&txn, &[(recipient, entry)]).await?;
        txn.commit().await.map_err(store_err)?;
        Ok(true)
    }

    async fn funnel_rows(
        &self,
        from: time::OffsetDateTime,
        until: time::OffsetDateTime,
    ) -> Result<Vec<FunnelRow>, StoreError> {
        let of_invitation = recipient::Entity::belongs_to(invitation::Entity)
            .from(recipient::Column::InvitationId)
            .to(invitation::Column::Id)
            .into();
        let rows: Vec<FunnelTuple> = recipient::Entity::find()
            .select_only()
            .column(invitation::Column::SenderId)
            .column(invitation::Column::SenderEmail)
            .column(invitation::Column::CreatedAt)
            .column(recipient::Column::State)
            .column(recipient::Column::ExpiresAt)
            .column(recipient::Column::OpenedAt)
            .column(recipient::Column::AcceptedAt)
            .column(recipient::Column::LastDeliveryNote)
            .join(JoinType::InnerJoin, of_invitation)
            .filter(invitation::Column::Kind.eq(MessageKind::Invitation.as_str()))
            .filter(invitation::Column::CreatedAt.gte(micros(from)))
            .filter(invitation::Column::CreatedAt.lt(micros(until)))
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(store_err)?;
        rows.into_iter()
            .map(|(sender, email, at, state, expires, opened, accepted, note)| {
                Ok(FunnelRow {
                    sender_id: UserId::from_uuid(sender),
                    sender_email: email,
                    invited_at: from_micros(at)?,
                    state: RecipientState::from_name(&state).ok_or_else(|| corrupt("recipient"))?,
                    expires_at: expires.map(from_micros).transpose()?,
                    opened_at: opened.map(from_micros).transpose()?,
                    accepted_at: accepted.map(from_micros).transpose()?,
                    has_delivery_note: note.is_some(),
                })
            })
            .collect()
    }
}

/// A link's row (an activation token or a download link, found by its digest) with its
/// recipient, the recipient's invitation, the invitation's attachments in order and whether an
/// account has the recipient's address, in one statement: what the activation and download
/// pages show.
pub(crate) struct LinkRows<H> {
    /// The link's own row.
    pub head: H,
    /// Its recipient.
    pub recipient: recipient::Model,
    /// The recipient's invitation.
    pub invitation: invitation::Model,
    /// The invitation's attachments, by position.
    pub attachments: Vec<attachment::Model>,
    /// Whether an account with the recipient's address exists.
    pub account_exists: bool,
}

impl<H> LinkRows<H> {
    /// The link's row, and the invitation as the link's page sees it: with the link's own
    /// recipient and every attachment.
    pub(crate) fn into_invitation(self) -> Result<(H, Invitation), StoreError> {
        let attachments = self
            .attachments
            .into_iter()
            .map(attachment_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let invitation = invitation_from_row(self.invitation, vec![recipient_from_row(self.recipient)?], attachments)?;
        Ok((self.head, invitation))
    }
}

/// `alias."column" AS "prefix column"` for every column of `E`.
fn prefixed_columns<E: sea_orm::EntityTrait>(alias: &str, prefix: &str) -> String {
    use sea_orm::{IdenStatic, Iterable};
    E::Column::iter()
        .map(|c| format!("{alias}.\"{0}\" AS \"{prefix}{0}\"", c.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl SqlStore {
    /// The link `H` with this digest and everything its page shows (see [`LinkRows`]).
    pub(crate) async fn link_rows<H>(&self, digest: &TokenDigest) -> Result<Option<LinkRows<H::Model>>, StoreError>
    where
        H: sea_orm::EntityTrait,
        H::ActiveModel: sea_orm::TryIntoModel<H::Model>,
    {
        use sea_orm::{ConnectionTrait, EntityName, FromQueryResult, Statement};
        let backend = self.db.get_database_backend();
        let placeholder = if backend == sea_orm::DbBackend::Postgres {
            "$1"
        } else {
            "?"
        };
        let head = H::default().table_name();
        let sql = self.texts.get(("link rows", head, ""), || {
            format!(
                "SELECT {}, {}, {}, {}, u.\"id\" AS \"u_id\" FROM \"{head}\" h \
                 JOIN \"{}\" r ON r.\"id\" = h.\"recipient_id\" \
                 JOIN \"{}\" i ON i.\"id\" = r.\"invitation_id\" \
                 LEFT JOIN \"{}\" a ON a.\"invitation_id\" = i.\"id\" \
                 LEFT JOIN \"{}\" u ON u.\"email_normalized\" = r.\"email_normalized\" \
                 WHERE h.\"digest\" = {placeholder} ORDER BY a.\"position\"",
                prefixed_columns::<H>("h", "h_"),
                prefixed_columns::<recipient::Entity>("r", "r_"),
                prefixed_columns::<invitation::Entity>("i", "i_"),
                prefixed_columns::<attachment::Entity>("a", "a_"),
                recipient::Entity.table_name(),
                invitation::Entity.table_name(),
                attachment::Entity.table_name(),
                crate::entities::user::Entity.table_name(),
            )
        });
        let key: sea_orm::Value = digest.to_hex().into();
        if let Some(mut rows) = self
            .inline
            .as_ref()
            .and_then(|inline| inline.rows(&self.statements, &sql, std::slice::from_ref(&key)))
        {
            if rows.len() == 0 {
                return Ok(None);
            }
            let missing = || corrupt("link");
            let mut found = LinkRows {
                head: rows.model::<H>(0, "h_")?.ok_or_else(missing)?,
                recipient: rows.model::<recipient::Entity>(0, "r_")?.ok_or_else(missing)?,
                invitation: rows.model::<invitation::Entity>(0, "i_")?.ok_or_else(missing)?,
                attachments: Vec::new(),
                account_exists: rows.present(0, "u_id").ok_or_else(missing)?,
            };
            for i in 0..rows.len() {
                if let Some(a) = rows.model::<attachment::Entity>(i, "a_")? {
                    found.attachments.push(a);
                }
            }
            return Ok(Some(found));
        }
        let rows = self
            .db
            .query_all_raw(Statement::from_sql_and_values(backend, sql.as_ref(), [key]))
            .await
            .map_err(store_err)?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let parse = |e: sea_orm::DbErr| corrupt(&format!("link rows: {e}"));
        let mut found = LinkRows {
            head: H::Model::from_query_result(first, "h_").map_err(parse)?,
            recipient: recipient::Model::from_query_result(first, "r_").map_err(parse)?,
            invitation: invitation::Model::from_query_result(first, "i_").map_err(parse)?,
            attachments: Vec::new(),
            account_exists: first
                .try_get::<Option<uuid::Uuid>>("", "u_id")
                .map_err(parse)?
                .is_some(),
        };
        for row in &rows {
            if let Some(a) = attachment::Model::from_query_result_optional(row, "a_").map_err(parse)? {
                found.attachments.push(a);
            }
        }
        Ok(Some(found))
    }
}
