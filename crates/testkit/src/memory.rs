//! An in-memory implementation of every storage port, faithful to the contracts.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use async_trait::async_trait;
use postern_domain::EmailAddress;
use postern_domain::history::{FunnelRow, HistoryEntry, HistoryEvent};
use postern_domain::ids::{InvitationId, MessageId, RecipientId, UserId};
use postern_domain::invitation::{
    Invitation, IssuedToken, MessageKind, OutboxKind, OutboxMessage, RecipientState, TokenState,
};
use postern_domain::lifecycle::Actor;
use postern_domain::lifecycle::{Facts, LinkEffect, RecipientChange};
use postern_domain::policy::{InvitationSetting, PortalSettings};
use postern_domain::ports::{
    AcceptError, Acceptance, ApiTokenRecord, ApiTokenRepository, AuditEvent, AuditLog, Charged, Delivered,
    DownloadCharge, DueReminder, InvitationCursor, InvitationPage, InvitationRepository, OutboxRepository,
    RecipientCursor, RecipientPage, SessionOwner, SessionStore, SessionSummary, SettingsRepository, StoreError,
    TemplateStore, TokenMatch, TwoFactorRecord, TwoFactorRepository, UserRepository,
};
use postern_domain::query::{AuditPage, AuditQuery, InvitationQuery, SearchText, UserPage, UserQuery};
use postern_domain::token::TokenDigest;
use postern_domain::user::{PasswordHash, User, UserStatus};
use time::{Duration, OffsetDateTime};

#[derive(Default)]
struct State {
    users: Vec<User>,
    invitations: Vec<Invitation>,
    tokens: Vec<IssuedToken>,
    outbox: Vec<(OutboxMessage, Option<OffsetDateTime>)>,
    /// Who holds each claimed message.
    claim_owners: HashMap<MessageId, String>,
    /// Attempts per (key, window start).
    attempts: HashMap<(String, i64), u32>,
    /// Failures per key, with the last one's time.
    failures: HashMap<String, (u32, OffsetDateTime)>,
    settings: Option<PortalSettings>,
    templates: HashMap<String, String>,
    audit: Vec<AuditEvent>,
    sessions: HashMap<String, (String, OffsetDateTime, Option<SessionOwner>)>,
    two_factor: HashMap<UserId, TwoFactorRecord>,
    /// (owner, digest, used at).
    recovery_codes: Vec<(UserId, String, Option<OffsetDateTime>)>,
    api_tokens: Vec<ApiTokenRecord>,
    last_seen: HashMap<UserId, OffsetDateTime>,
    /// When each user was last warned of inactivity.
    warned: HashMap<UserId, OffsetDateTime>,
    download_links: Vec<postern_domain::ports::DownloadLink>,
    /// Per recipient and file: downloads counted, the resume allowance left, and whether the
    /// one-time allowance for a broken connection was given since the last count.
    downloads: HashMap<(RecipientId, postern_domain::ids::AttachmentId), (u32, u64, bool)>,
    /// Every recipient's history, in the order written.
    events: Vec<(RecipientId, HistoryEntry)>,
    /// Entries (by id: position + 1) handed over to the webhook endpoints.
    handed_over: std::collections::HashSet<i64>,
    webhooks: Vec<postern_domain::webhook::Webhook>,
    /// The language each user chose.
    languages: HashMap<UserId, postern_domain::Language>,
}

/// Every storage port in memory.
#[derive(Default)]
pub struct MemoryStore {
    state: Mutex<State>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> Result<MutexGuard<'_, State>, StoreError> {
        self.state
            .lock()
            .map_err(|_| StoreError::Unavailable("memory store poisoned".into()))
    }
}

impl State {
    fn recipient_mut(&mut self, id: RecipientId) -> Option<&mut postern_domain::invitation::InvitationRecipient> {
        self.invitations
            .iter_mut()
            .flat_map(|i| i.recipients.iter_mut())
            .find(|r| r.id == id)
    }
    /// Applies a link effect to a recipient's live links.
    fn set_links(&mut self, id: RecipientId, effect: LinkEffect) {
        let to = match effect {
            LinkEffect::Keep => return,
            LinkEffect::RevokeAll => TokenState::Revoked,
            LinkEffect::UseActivation => TokenState::Used,
        };
        for t in self
            .tokens
            .iter_mut()
            .filter(|t| t.recipient_id == id && t.state == TokenState::Live)
        {
            t.state = to;
        }
        if effect == LinkEffect::RevokeAll {
            self.outbox
                .retain(|(m, _)| m.kind != (OutboxKind::Invitation { recipient_id: id }));
            for l in self
                .download_links
                .iter_mut()
                .filter(|l| l.recipient_id == id && l.state == TokenState::Live)
            {
                l.state = TokenState::Revoked;
            }
        }
    }

    /// A compare-and-set on the recipient's state, then everything else of the change.
    fn apply(&mut self, change: &RecipientChange) -> Result<bool, StoreError> {
        let r = self.recipient_mut(change.recipient).ok_or(StoreError::NotFound)?;
        if !change.from.contains(&r.state) {
            return Ok(false);
        }
        r.state = change.to;
        match &change.facts {
            Facts::Nothing => {}
            Facts::Delivered {
                at,
                expires_at,
                note,
                remind_at,
            } => {
                r.sent_at = Some(*at);
                r.expires_at = Some(*expires_at);
                r.last_delivery_note = Some(note.clone());
                r.next_reminder_at = *remind_at;
            }
            Facts::Note(note) => r.last_delivery_note = Some(note.clone()),
            Facts::Cleared => {
                r.expires_at = None;
                r.last_delivery_note = None;
                r.next_reminder_at = None;
                r.reminders_sent = 0;
            }
        }
        self.set_links(change.recipient, change.links);
        self.tokens.extend(change.link.iter().cloned());
        self.outbox.extend(change.outbox.iter().cloned().map(|m| (m, None)));
        self.events.push((change.recipient, change.entry()));
        Ok(true)
    }
}

#[async_trait]
impl UserRepository for MemoryStore {
    async fn create_user(&self, user: &User) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        if s.users.iter().any(|u| u.email == user.email) {
            return Err(StoreError::Conflict("user email".into()));
        }
        s.users.push(user.clone());
        Ok(())
    }
    async fn find_user_by_email(&self, email: &EmailAddress) -> Result<Option<User>, StoreError> {
        Ok(self.lock()?.users.iter().find(|u| &u.email == email).cloned())
    }
    async fn find_users_by_emails(&self, emails: &[EmailAddress]) -> Result<Vec<User>, StoreError> {
        Ok(self
            .lock()?
            .users
            .iter()
            .filter(|u| emails.contains(&u.email))
            .cloned()
            .collect())
    }
    async fn find_user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        Ok(self.lock()?.users.iter().find(|u| u.id == id).cloned())
    }
    async fn set_user_quota(&self, id: UserId, quota: Option<postern_domain::policy::Quota>) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        let u = s.users.iter_mut().find(|u| u.id == id).ok_or(StoreError::NotFound)?;
        u.quota = quota;
        Ok(())
    }
    async fn language_of(&self, id: UserId) -> Result<Option<postern_domain::Language>, StoreError> {
        Ok(self.lock()?.languages.get(&id).copied())
    }
    async fn set_language(&self, id: UserId, language: Option<postern_domain::Language>) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        if !s.users.iter().any(|u| u.id == id) {
            return Err(StoreError::NotFound);
        }
        match language {
            Some(l) => s.languages.insert(id, l),
            None => s.languages.remove(&id),
        };
        Ok(())
    }
    async fn set_invitation_setting(&self, id: UserId, setting: InvitationSetting) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        let u = s.users.iter_mut().find(|u| u.id == id).ok_or(StoreError::NotFound)?;
        u.invitation_setting = setting;
        Ok(())
    }
    async fn set_user_status(&self, id: UserId, status: UserStatus) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        let u = s.users.iter_mut().find(|u| u.id == id).ok_or(StoreError::NotFound)?;
        u.status = status;
        Ok(())
    }
    async fn set_password_hash(&self, id: UserId, hash: &PasswordHash) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        let u = s.users.iter_mut().find(|u| u.id == id).ok_or(StoreError::NotFound)?;
        u.password_hash = Some(hash.clone());
        Ok(())
    }
    async fn refresh_directory_user(
        &self,
        id: UserId,
        display_name: &postern_domain::text::DisplayName,
        directory_may_invite: bool,
    ) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        let u = s.users.iter_mut().find(|u| u.id == id).ok_or(StoreError::NotFound)?;
        u.display_name = display_name.clone();
        u.directory_may_invite = directory_may_invite;
        Ok(())
    }
    async fn record_sign_in(&self, id: UserId, at: OffsetDateTime) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        if !s.users.iter().any(|u| u.id == id) {
            return Err(StoreError::NotFound);
        }
        s.last_seen.insert(id, at);
        if let Some(u) = s.users.iter_mut().find(|u| u.id == id) {
            u.last_seen_at = Some(at);
        }
        Ok(())
    }
    async fn inactive_users(
        &self,
        kind: postern_domain::user::UserKind,
        before: OffsetDateTime,
    ) -> Result<Vec<User>, StoreError> {
        let s = self.lock()?;
        Ok(s.users
            .iter()
            .filter(|u| u.kind == kind && u.status == UserStatus::Active)
            .filter(|u| s.last_seen.get(&u.id).copied().unwrap_or(u.created_at) < before)
            .cloned()
            .collect())
    }
    async fn unwarned_inactive_users(
        &self,
        kind: postern_domain::user::UserKind,
        before: OffsetDateTime,
    ) -> Result<Vec<User>, StoreError> {
        let stale = self.inactive_users(kind, before).await?;
        let s = self.lock()?;
        Ok(stale
            .into_iter()
            .filter(|u| {
                let used = s.last_seen.get(&u.id).copied().unwrap_or(u.created_at);
                s.warned.get(&u.id).is_none_or(|w| *w < used)
            })
            .collect())
    }
    async fn mark_inactivity_warned(&self, id: UserId, at: OffsetDateTime) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        if !s.users.iter().any(|u| u.id == id) {
            return Err(StoreError::NotFound);
        }
        s.warned.insert(id, at);
        Ok(())
    }
    async fn set_sponsor(&self, id: UserId, sponsor: Option<UserId>) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        let user = s.users.iter_mut().find(|u| u.id == id).ok_or(StoreError::NotFound)?;
        user.sponsor_id = sponsor;
        Ok(())
    }
    async fn sponsored_users(&self) -> Result<Vec<User>, StoreError> {
        let mut users: Vec<User> = self
            .lock()?
            .users
            .iter()
            .filter(|u| {
                u.kind == postern_domain::user::UserKind::External
                    && u.status == UserStatus::Active
                    && u.sponsor_id.is_some()
            })
            .cloned()
            .collect();
        users.sort_by(|a, b| a.email.normalized().cmp(b.email.normalized()));
        Ok(users)
    }
    async fn search_users(&self, query: &UserQuery, after: Option<String>, limit: u32) -> Result<UserPage, StoreError> {
        let mut users: Vec<User> = self
            .lock()?
            .users
            .iter()
            .filter(|u| {
                query.text.as_ref().is_none_or(|t| {
                    u.email.normalized().contains(t.as_str())
                        || u.display_name.as_str().to_lowercase().contains(t.as_str())
                })
            })
            .filter(|u| query.kind.is_none_or(|k| u.kind == k))
            .filter(|u| query.status.is_none_or(|st| u.status == st))
            .filter(|u| match query.sponsor {
                None => true,
                Some(postern_domain::query::SponsorFilter::Of(id)) => u.sponsor_id == Some(id),
                Some(postern_domain::query::SponsorFilter::Nobody) => {
                    u.kind == postern_domain::user::UserKind::External && u.sponsor_id.is_none()
                }
            })
            .filter(|u| after.as_deref().is_none_or(|a| u.email.normalized() > a))
            .cloned()
            .collect();
        users.sort_by(|a, b| a.email.normalized().cmp(b.email.normalized()));
        let more = users.len() > limit as usize;
        users.truncate(limit as usize);
        let next = if more {
            users.last().map(|u| u.email.normalized().to_owned())
        } else {
            None
        };
        Ok(UserPage { users, next })
    }
    async fn list_users(&self) -> Result<Vec<User>, StoreError> {
        let mut users = self.lock()?.users.clone();
        users.sort_by(|a, b| a.email.normalized().cmp(b.email.normalized()));
        Ok(users)
    }
}

#[async_trait]
impl InvitationRepository for MemoryStore {
    async fn create_invitation(&self, invitation: &Invitation, outbox: &[OutboxMessage]) -> Result<(), StoreError> {
        self.create_invitation_with_links(invitation, outbox, &[]).await
    }
    async fn create_invitation_with_links(
        &self,
        invitation: &Invitation,
        outbox: &[OutboxMessage],
        links: &[IssuedToken],
    ) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        if let Some(key) = &invitation.idempotency_key
            && s.invitations
                .iter()
                .any(|i| i.sender_id == invitation.sender_id && i.idempotency_key.as_ref() == Some(key))
        {
            return Err(StoreError::Conflict("idempotency key".into()));
        }
        if s.invitations.iter().any(|i| i.id == invitation.id) {
            return Err(StoreError::Conflict("invitation id".into()));
        }
        s.invitations.push(invitation.clone());
        s.outbox.extend(outbox.iter().cloned().map(|m| (m, None)));
        s.tokens.extend(links.iter().cloned());
        s.events.extend(postern_domain::history::created(invitation, links));
        Ok(())
    }
    async fn find_invitation(&self, id: InvitationId) -> Result<Option<Invitation>, StoreError> {
        Ok(self.lock()?.invitations.iter().find(|i| i.id == id).cloned())
    }
    async fn find_by_idempotency_key(&self, sender: UserId, key: &str) -> Result<Option<Invitation>, StoreError> {
        Ok(self
            .lock()?
            .invitations
            .iter()
            .find(|i| i.sender_id == sender && i.idempotency_key.as_deref() == Some(key))
            .cloned())
    }
    async fn find_by_recipient(&self, id: RecipientId) -> Result<Option<Invitation>, StoreError> {
        Ok(self
            .lock()?
            .invitations
            .iter()
            .find(|i| i.recipient(id).is_some())
            .cloned())
    }
    async fn list_by_sender(
        &self,
        sender: UserId,
        after: Option<InvitationCursor>,
        limit: u32,
    ) -> Result<InvitationPage, StoreError> {
        let s = self.lock()?;
        let mut mine: Vec<&Invitation> = s.invitations.iter().filter(|i| i.sender_id == sender).collect();
        mine.sort_by_key(|i| std::cmp::Reverse((i.created_at, i.id)));
        let page: Vec<Invitation> = mine
            .into_iter()
            .filter(|i| after.is_none_or(|c| (i.created_at, i.id) < (c.created_at, c.id)))
            .take(limit as usize + 1)
            .cloned()
            .collect();
        Ok(paginate(page, limit))
    }
    async fn search_invitations(
        &self,
        query: &InvitationQuery,
        now: OffsetDateTime,
        after: Option<InvitationCursor>,
        limit: u32,
    ) -> Result<InvitationPage, StoreError> {
        let s = self.lock()?;
        let all: Vec<&Invitation> = newest_matching(&s.invitations, query)
            .into_iter()
            .filter(|i| {
                (query.recipient.is_none() && query.state.is_none())
                    || i.recipients.iter().any(|r| recipient_matches(query, r, now))
            })
            .collect();
        let page: Vec<Invitation> = all
            .into_iter()
            .filter(|i| after.is_none_or(|c| (i.created_at, i.id) < (c.created_at, c.id)))
            .take(limit as usize + 1)
            .cloned()
            .collect();
        Ok(paginate(page, limit))
    }
    async fn search_recipients(
        &self,
        query: &InvitationQuery,
        now: OffsetDateTime,
        after: Option<RecipientCursor>,
        limit: u32,
    ) -> Result<RecipientPage, StoreError> {
        let s = self.lock()?;
        let all = newest_matching(&s.invitations, query);
        // Every matching recipient in list order, with its position, after the cursor.
        let rows = all.into_iter().flat_map(|i| {
            i.recipients
                .iter()
                .enumerate()
                .filter(|(_, r)| recipient_matches(query, r, now))
                .map(move |(n, r)| (i, u32::try_from(n).unwrap_or(u32::MAX), r))
        });
        let after_cursor = |(i, n, _): &(&Invitation, u32, _)| match after {
            None => true,
            Some(c) => {
                let key = std::cmp::Reverse((i.created_at, i.id));
                let at = std::cmp::Reverse((c.created_at, c.invitation_id));
                key > at || (key == at && *n > c.position)
            }
        };
        let mut page: Vec<_> = rows.filter(after_cursor).take(limit as usize + 1).collect();
        let more = page.len() > limit as usize;
        page.truncate(limit as usize);
        let next_cursor = page.last().filter(|_| more).map(|(i, n, _)| RecipientCursor {
            created_at: i.created_at,
            invitation_id: i.id,
            position: *n,
        });
        let mut invitations: Vec<Invitation> = Vec::new();
        for (i, _, r) in page {
            match invitations.last_mut() {
                Some(last) if last.id == i.id => last.recipients.push(r.clone()),
                _ => invitations.push(Invitation {
                    recipients: vec![r.clone()],
                    ..i.clone()
                }),
            }
        }
        Ok(RecipientPage {
            invitations,
            next_cursor,
        })
    }
    async fn add_token(&self, token: &IssuedToken) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        if s.tokens.iter().any(|t| t.digest == token.digest) {
            return Err(StoreError::Conflict("token digest".into()));
        }
        s.tokens.push(token.clone());
        Ok(())
    }
    async fn remove_token(&self, digest: &TokenDigest) -> Result<(), StoreError> {
        self.lock()?.tokens.retain(|t| &t.digest != digest);
        Ok(())
    }
    async fn find_token(&self, digest: &TokenDigest) -> Result<Option<TokenMatch>, StoreError> {
        let s = self.lock()?;
        let Some(token) = s.tokens.iter().find(|t| &t.digest == digest).cloned() else {
            return Ok(None);
        };
        let invitation = s
            .invitations
            .iter()
            .find(|i| i.recipient(token.recipient_id).is_some())
            .cloned()
            .map(|mut i| {
                i.recipients.retain(|r| r.id == token.recipient_id);
                i
            });
        let account_exists = invitation
            .as_ref()
            .and_then(|i| i.recipients.first())
            .is_some_and(|r| s.users.iter().any(|u| &u.email == r.address()));
        Ok(invitation.map(|invitation| TokenMatch {
            token,
            invitation,
            account_exists,
        }))
    }
    async fn change_recipient(&self, change: &RecipientChange) -> Result<bool, StoreError> {
        self.lock()?.apply(change)
    }
    async fn accept(&self, acceptance: &Acceptance) -> Result<(), AcceptError> {
        let mut s = self.lock()?;
        let live = s.tokens.iter().any(|t| {
            t.digest == acceptance.digest && t.recipient_id == acceptance.recipient_id && t.state == TokenState::Live
        });
        let state = s
            .recipient_mut(acceptance.recipient_id)
            .map(|r| r.state)
            .ok_or(StoreError::NotFound)?;
        if !live || !acceptance.from.contains(&state) {
            return Err(AcceptError::Refused);
        }
        if let Some(user) = &acceptance.user
            && s.users.iter().any(|u| u.email == user.email)
        {
            return Err(AcceptError::UserExists);
        }
        if let Some(r) = s.recipient_mut(acceptance.recipient_id) {
            r.state = acceptance.to;
            r.accepted_at = Some(acceptance.at);
        }
        s.set_links(acceptance.recipient_id, LinkEffect::UseActivation);
        if let Some(user) = &acceptance.user {
            s.users.push(user.clone());
            if let Some(language) = acceptance.language {
                s.languages.insert(user.id, language);
            }
        }
        s.outbox.extend(acceptance.outbox.iter().cloned().map(|m| (m, None)));
        s.events.push((
            acceptance.recipient_id,
            HistoryEntry::new(acceptance.at, HistoryEvent::Accepted, Some(Actor::Invitee), None),
        ));
        Ok(())
    }
    async fn count_links_expired(&self, after: OffsetDateTime, until: OffsetDateTime) -> Result<u64, StoreError> {
        let s = self.lock()?;
        Ok(s.invitations
            .iter()
            .filter(|i| i.kind == MessageKind::Invitation)
            .flat_map(|i| &i.recipients)
            .filter(|r| RecipientState::EXPIRING.contains(&r.state))
            .filter(|r| r.expires_at.is_some_and(|at| after < at && at <= until))
            .count() as u64)
    }
    async fn sender_usage(
        &self,
        sender: UserId,
        since: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<postern_domain::policy::SenderUsage, StoreError> {
        let s = self.lock()?;
        let mut usage = postern_domain::policy::SenderUsage::default();
        for i in s.invitations.iter().filter(|i| i.sender_id == sender) {
            if i.created_at > since {
                usage.sent += u32::try_from(i.recipients.len()).unwrap_or(u32::MAX);
                usage.oldest = Some(usage.oldest.map_or(i.created_at, |o| o.min(i.created_at)));
            }
            if i.kind == MessageKind::Invitation {
                usage.pending += u32::try_from(
                    i.recipients
                        .iter()
                        .filter(|r| matches!(r.state, RecipientState::Queued | RecipientState::Sent))
                        .filter(|r| r.expires_at.is_none_or(|at| at > now))
                        .count(),
                )
                .unwrap_or(u32::MAX);
            }
        }
        Ok(usage)
    }
    async fn request_renewal(
        &self,
        recipient: RecipientId,
        at: OffsetDateTime,
        resend: Option<RecipientChange>,
        notices: &[OutboxMessage],
    ) -> Result<bool, StoreError> {
        let mut s = self.lock()?;
        let Some(r) = s.recipient_mut(recipient) else {
            return Ok(false);
        };
        if r.renewal_requested_at.is_some() || r.state != RecipientState::Sent || r.expires_at.is_none_or(|e| e > at) {
            return Ok(false);
        }
        // All or nothing: `apply` checks the state before it changes anything.
        let mark = s.events.len();
        s.events.push((
            recipient,
            HistoryEntry::new(at, HistoryEvent::RenewalRequested, Some(Actor::Invitee), None),
        ));
        if let Some(change) = &resend
            && !s.apply(change)?
        {
            s.events.truncate(mark);
            return Ok(false);
        }
        if let Some(r) = s.recipient_mut(recipient) {
            r.renewal_requested_at = Some(at);
        }
        s.outbox.extend(notices.iter().cloned().map(|m| (m, None)));
        Ok(true)
    }
    async fn due_reminders(&self, now: OffsetDateTime, limit: u32) -> Result<Vec<DueReminder>, StoreError> {
        let s = self.lock()?;
        let mut due: Vec<DueReminder> = s
            .invitations
            .iter()
            .flat_map(|i| &i.recipients)
            .filter(|r| r.state == RecipientState::Sent)
            .filter_map(|r| {
                Some(DueReminder {
                    recipient_id: r.id,
                    sent_at: r.sent_at?,
                    expires_at: r.expires_at?,
                    reminders_sent: r.reminders_sent,
                    due_at: r.next_reminder_at.filter(|at| *at <= now)?,
                })
            })
            .collect();
        due.sort_by_key(|d| d.due_at);
        due.truncate(limit as usize);
        Ok(due)
    }
    async fn take_reminder(
        &self,
        due: &DueReminder,
        next: Option<OffsetDateTime>,
        message: Option<OutboxMessage>,
    ) -> Result<bool, StoreError> {
        let mut s = self.lock()?;
        let Some(r) = s.recipient_mut(due.recipient_id) else {
            return Ok(false);
        };
        if r.state != RecipientState::Sent
            || r.reminders_sent != due.reminders_sent
            || r.next_reminder_at != Some(due.due_at)
        {
            return Ok(false);
        }
        r.reminders_sent += 1;
        r.next_reminder_at = next;
        if message.is_some() {
            s.events.push((
                due.recipient_id,
                HistoryEntry::new(due.due_at, HistoryEvent::Reminded, None, None),
            ));
        }
        s.outbox.extend(message.map(|m| (m, None)));
        Ok(true)
    }
    async fn history(&self, recipient: RecipientId) -> Result<Vec<HistoryEntry>, StoreError> {
        let s = self.lock()?;
        let mut out: Vec<HistoryEntry> = s
            .events
            .iter()
            .filter(|(r, _)| *r == recipient)
            .map(|(_, e)| e.clone())
            .collect();
        out.sort_by_key(|e| e.at);
        Ok(out)
    }
    async fn mark_opened(&self, recipient: RecipientId, at: OffsetDateTime) -> Result<bool, StoreError> {
        let mut s = self.lock()?;
        let Some(r) = s.recipient_mut(recipient) else {
            return Ok(false);
        };
        if r.opened_at.is_some() {
            return Ok(false);
        }
        r.opened_at = Some(at);
        s.events.push((
            recipient,
            HistoryEntry::new(at, HistoryEvent::Opened, Some(Actor::Invitee), None),
        ));
        Ok(true)
    }
    async fn funnel_rows(&self, from: OffsetDateTime, until: OffsetDateTime) -> Result<Vec<FunnelRow>, StoreError> {
        let s = self.lock()?;
        Ok(s.invitations
            .iter()
            .filter(|i| i.kind == MessageKind::Invitation && from <= i.created_at && i.created_at < until)
            .flat_map(|i| {
                i.recipients.iter().map(|r| FunnelRow {
                    sender_id: i.sender_id,
                    sender_email: i.sender_email.as_str().to_owned(),
                    invited_at: i.created_at,
                    state: r.state,
                    expires_at: r.expires_at,
                    opened_at: r.opened_at,
                    accepted_at: r.accepted_at,
                    has_delivery_note: r.last_delivery_note.is_some(),
                })
            })
            .collect())
    }
}

/// Part of any of `texts` (an address, a name), or no condition at all.
fn contains(texts: &[&str], part: &Option<SearchText>) -> bool {
    part.as_ref()
        .is_none_or(|p| texts.iter().any(|t| t.to_lowercase().contains(p.as_str())))
}

/// The invitations meeting `query`'s conditions on the invitation itself, newest first.
fn newest_matching<'a>(invitations: &'a [Invitation], query: &InvitationQuery) -> Vec<&'a Invitation> {
    let mut all: Vec<&Invitation> = invitations
        .iter()
        .filter(|i| query.sender_id.is_none_or(|id| i.sender_id == id))
        .filter(|i| contains(&[i.sender_email.as_str(), i.sender_name.as_str()], &query.sender))
        .filter(|i| query.since.is_none_or(|t| i.created_at >= t))
        .filter(|i| query.until.is_none_or(|t| i.created_at < t))
        .collect();
    all.sort_by_key(|i| std::cmp::Reverse((i.created_at, i.id)));
    all
}

/// Whether one recipient meets `query`'s recipient conditions (address or name, shown state).
fn recipient_matches(
    query: &InvitationQuery,
    r: &postern_domain::invitation::InvitationRecipient,
    now: OffsetDateTime,
) -> bool {
    contains(
        &[r.address().normalized(), r.recipient.display_name().unwrap_or_default()],
        &query.recipient,
    ) && query.state.is_none_or(|f| f.matches(r, now))
}

/// Cuts a fetched `limit + 1` rows into a page and a cursor.
pub fn paginate(mut rows: Vec<Invitation>, limit: u32) -> InvitationPage {
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|i| InvitationCursor {
            created_at: i.created_at,
            id: i.id,
        })
    } else {
        None
    };
    InvitationPage {
        invitations: rows,
        next_cursor,
    }
}

#[async_trait]
impl OutboxRepository for MemoryStore {
    async fn enqueue(&self, message: &OutboxMessage) -> Result<(), StoreError> {
        self.lock()?.outbox.push((message.clone(), None));
        Ok(())
    }
    async fn claim_due(
        &self,
        now: OffsetDateTime,
        lease: Duration,
        limit: u32,
        owner: &str,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        let mut s = self.lock()?;
        let mut due: Vec<usize> = (0..s.outbox.len())
            .filter(|&i| {
                let (m, claimed) = &s.outbox[i];
                m.next_attempt_at <= now && claimed.is_none_or(|until| until <= now)
            })
            .collect();
        due.sort_by_key(|&i| (s.outbox[i].0.next_attempt_at, s.outbox[i].0.created_at));
        due.truncate(limit as usize);
        Ok(due
            .into_iter()
            .map(|i| {
                s.outbox[i].1 = Some(now + lease);
                let id = s.outbox[i].0.id;
                s.claim_owners.insert(id, owner.to_owned());
                s.outbox[i].0.clone()
            })
            .collect())
    }
    async fn renew_claims(&self, ids: &[MessageId], owner: &str, until: OffsetDateTime) -> Result<u64, StoreError> {
        let mut s = self.lock()?;
        let mut renewed = 0;
        for i in 0..s.outbox.len() {
            let id = s.outbox[i].0.id;
            if ids.contains(&id)
                && s.outbox[i].1.is_some()
                && s.claim_owners.get(&id).map(String::as_str) == Some(owner)
            {
                s.outbox[i].1 = Some(until);
                renewed += 1;
            }
        }
        Ok(renewed)
    }
    async fn complete(&self, id: MessageId) -> Result<(), StoreError> {
        self.lock()?.outbox.retain(|(m, _)| m.id != id);
        Ok(())
    }
    async fn record_delivered(&self, delivered: &[Delivered]) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        for d in delivered {
            if let Some(change) = &d.recipient {
                match s.apply(change) {
                    Ok(_) | Err(StoreError::NotFound) => {}
                    Err(e) => return Err(e),
                }
            }
            s.outbox.retain(|(m, _)| m.id != d.message);
        }
        Ok(())
    }
    async fn retry_at(&self, id: MessageId, at: OffsetDateTime, attempts: u32) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        let entry = s
            .outbox
            .iter_mut()
            .find(|(m, _)| m.id == id)
            .ok_or(StoreError::NotFound)?;
        entry.0.next_attempt_at = at;
        entry.0.attempts = attempts;
        entry.1 = None;
        Ok(())
    }
    async fn pending_count(&self) -> Result<u64, StoreError> {
        Ok(self.lock()?.outbox.len() as u64)
    }
    async fn oldest_due(&self, now: OffsetDateTime) -> Result<Option<OffsetDateTime>, StoreError> {
        Ok(self
            .lock()?
            .outbox
            .iter()
            .map(|(m, _)| m.next_attempt_at)
            .filter(|at| *at <= now)
            .min())
    }
}

#[async_trait]
impl SettingsRepository for MemoryStore {
    async fn load_settings(&self) -> Result<std::sync::Arc<PortalSettings>, StoreError> {
        Ok(std::sync::Arc::new(self.lock()?.settings.clone().unwrap_or_default()))
    }
    async fn save_settings(&self, settings: &PortalSettings) -> Result<(), StoreError> {
        self.lock()?.settings = Some(settings.clone());
        Ok(())
    }
}

#[async_trait]
impl TemplateStore for MemoryStore {
    async fn template(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(self.lock()?.templates.get(name).cloned())
    }
    async fn save_template(&self, name: &str, source: &str) -> Result<(), StoreError> {
        self.lock()?.templates.insert(name.to_owned(), source.to_owned());
        Ok(())
    }
    async fn reset_template(&self, name: &str) -> Result<(), StoreError> {
        self.lock()?.templates.remove(name);
        Ok(())
    }
}

#[async_trait]
impl AuditLog for MemoryStore {
    async fn record(&self, event: &AuditEvent) -> Result<(), StoreError> {
        self.lock()?.audit.push(event.clone());
        Ok(())
    }
    async fn recent(&self, limit: u32) -> Result<Vec<AuditEvent>, StoreError> {
        Ok(self.lock()?.audit.iter().rev().take(limit as usize).cloned().collect())
    }
    async fn search_audit(&self, query: &AuditQuery, before: Option<u64>, limit: u32) -> Result<AuditPage, StoreError> {
        let s = self.lock()?;
        let text = |e: &AuditEvent| {
            query.text.as_ref().is_none_or(|t| {
                [e.actor.as_deref().unwrap_or_default(), &e.action, &e.subject, &e.detail]
                    .iter()
                    .any(|f| f.to_lowercase().contains(t.as_str()))
            })
        };
        // Positions are 1-based, in the order written.
        let mut found: Vec<(u64, AuditEvent)> = s
            .audit
            .iter()
            .enumerate()
            .map(|(i, e)| (i as u64 + 1, e))
            .rev()
            .filter(|(id, _)| before.is_none_or(|b| *id < b))
            .filter(|(_, e)| query.action.as_ref().is_none_or(|a| &e.action == a))
            .filter(|(_, e)| query.since.is_none_or(|t| e.at >= t))
            .filter(|(_, e)| query.until.is_none_or(|t| e.at < t))
            .filter(|(_, e)| text(e))
            .take(limit as usize + 1)
            .map(|(id, e)| (id, e.clone()))
            .collect();
        let more = found.len() > limit as usize;
        found.truncate(limit as usize);
        let next = if more { found.last().map(|(id, _)| *id) } else { None };
        Ok(AuditPage {
            events: found.into_iter().map(|(_, e)| e).collect(),
            next,
        })
    }
}

#[async_trait]
impl SessionStore for MemoryStore {
    async fn load_session(&self, key: &str, now: OffsetDateTime) -> Result<Option<String>, StoreError> {
        Ok(self
            .lock()?
            .sessions
            .get(key)
            .filter(|(_, exp, _)| *exp > now)
            .map(|(d, _, _)| d.clone()))
    }
    async fn save_session(
        &self,
        key: &str,
        data: &str,
        expires_at: OffsetDateTime,
        owner: Option<SessionOwner>,
    ) -> Result<(), StoreError> {
        self.lock()?
            .sessions
            .insert(key.to_owned(), (data.to_owned(), expires_at, owner));
        Ok(())
    }
    async fn list_sessions(&self, user: UserId, now: OffsetDateTime) -> Result<Vec<SessionSummary>, StoreError> {
        let mut out: Vec<SessionSummary> = self
            .lock()?
            .sessions
            .values()
            .filter(|(_, exp, _)| *exp > now)
            .filter_map(|(_, exp, owner)| {
                owner.as_ref().filter(|o| o.user_id == user).map(|o| SessionSummary {
                    owner: o.clone(),
                    expires_at: *exp,
                })
            })
            .collect();
        out.sort_by(|a, b| {
            b.owner
                .last_seen_at
                .cmp(&a.owner.last_seen_at)
                .then_with(|| a.owner.public_id.cmp(&b.owner.public_id))
        });
        Ok(out)
    }
    async fn end_sessions(
        &self,
        user: UserId,
        public_id: Option<String>,
        keep: Option<String>,
    ) -> Result<u64, StoreError> {
        let mut s = self.lock()?;
        let before = s.sessions.len();
        s.sessions.retain(|_, (_, _, owner)| {
            let Some(o) = owner.as_ref().filter(|o| o.user_id == user) else {
                return true;
            };
            match (&public_id, &keep) {
                (Some(one), _) => o.public_id != *one,
                (None, Some(keep)) => o.public_id == *keep,
                (None, None) => false,
            }
        });
        Ok((before - s.sessions.len()) as u64)
    }
    async fn remove_session(&self, key: &str) -> Result<(), StoreError> {
        self.lock()?.sessions.remove(key);
        Ok(())
    }
    async fn purge_sessions(&self, now: OffsetDateTime) -> Result<u64, StoreError> {
        let mut s = self.lock()?;
        let before = s.sessions.len();
        s.sessions.retain(|_, (_, exp, _)| *exp > now);
        Ok((before - s.sessions.len()) as u64)
    }
    async fn ping(&self) -> Result<(), StoreError> {
        self.lock().map(|_| ())
    }
}

#[async_trait]
impl ApiTokenRepository for MemoryStore {
    async fn create_api_token(&self, token: &ApiTokenRecord) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        if s.api_tokens
            .iter()
            .any(|t| t.digest == token.digest || t.id == token.id)
        {
            return Err(StoreError::Conflict("api token".into()));
        }
        s.api_tokens.push(token.clone());
        Ok(())
    }
    async fn find_api_token(&self, digest: &TokenDigest) -> Result<Option<ApiTokenRecord>, StoreError> {
        Ok(self.lock()?.api_tokens.iter().find(|t| &t.digest == digest).cloned())
    }
    async fn list_api_tokens(&self, user: UserId) -> Result<Vec<ApiTokenRecord>, StoreError> {
        let mut mine: Vec<ApiTokenRecord> = self
            .lock()?
            .api_tokens
            .iter()
            .filter(|t| t.user_id == user)
            .cloned()
            .collect();
        mine.sort_by_key(|t| std::cmp::Reverse((t.created_at, t.id)));
        Ok(mine)
    }
    async fn revoke_api_token(
        &self,
        user: UserId,
        id: postern_domain::ids::ApiTokenId,
        at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        let t = s
            .api_tokens
            .iter_mut()
            .find(|t| t.id == id && t.user_id == user && t.revoked_at.is_none())
            .ok_or(StoreError::NotFound)?;
        t.revoked_at = Some(at);
        Ok(())
    }
    async fn touch_api_token(&self, id: postern_domain::ids::ApiTokenId, at: OffsetDateTime) -> Result<(), StoreError> {
        if let Some(t) = self.lock()?.api_tokens.iter_mut().find(|t| t.id == id) {
            t.last_used_at = Some(at);
        }
        Ok(())
    }
}

/// When an invitation's files are purged.
fn files_expire(i: &Invitation) -> OffsetDateTime {
    i.created_at + time::Duration::days(i64::from(i.options.attachment_lifetime_days))
}

#[async_trait]
impl postern_domain::ports::DownloadRepository for MemoryStore {
    async fn add_download_link(&self, link: &postern_domain::ports::DownloadLink) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        if s.download_links.iter().any(|l| l.digest == link.digest) {
            return Err(StoreError::Conflict("download link".into()));
        }
        s.download_links.push(link.clone());
        Ok(())
    }
    async fn remove_download_link(&self, digest: &TokenDigest) -> Result<(), StoreError> {
        self.lock()?.download_links.retain(|l| &l.digest != digest);
        Ok(())
    }
    async fn find_download_link(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<(postern_domain::ports::DownloadLink, Invitation)>, StoreError> {
        let s = self.lock()?;
        let Some(link) = s.download_links.iter().find(|l| &l.digest == digest).cloned() else {
            return Ok(None);
        };
        let invitation = s
            .invitations
            .iter()
            .find(|i| i.recipient(link.recipient_id).is_some())
            .cloned();
        Ok(invitation.map(|i| (link, i)))
    }
    async fn charge_download(
        &self,
        recipient: RecipientId,
        attachment: postern_domain::ids::AttachmentId,
        charge: DownloadCharge,
    ) -> Result<Charged, StoreError> {
        let mut s = self.lock()?;
        let (count, allowance, loss_granted) = s.downloads.entry((recipient, attachment)).or_insert((0, 0, false));
        if let Some(bytes) = charge.resume
            && *allowance >= bytes
        {
            *allowance -= bytes;
            return Ok(Charged::Resumed);
        }
        match charge.count {
            Some((limit, after)) if *count < limit => {
                *count += 1;
                *allowance = after;
                *loss_granted = false;
                Ok(Charged::Counted(*count))
            }
            _ => Ok(Charged::Refused),
        }
    }
    async fn refund_download(
        &self,
        recipient: RecipientId,
        attachment: postern_domain::ids::AttachmentId,
        bytes: u64,
        once: u64,
    ) -> Result<(), StoreError> {
        if let Some((_, allowance, loss_granted)) = self.lock()?.downloads.get_mut(&(recipient, attachment)) {
            *allowance = allowance.saturating_add(bytes);
            if !*loss_granted && once > 0 {
                *allowance = allowance.saturating_add(once);
                *loss_granted = true;
            }
        }
        Ok(())
    }
    async fn download_counts(
        &self,
        recipient: RecipientId,
    ) -> Result<Vec<(postern_domain::ids::AttachmentId, u32)>, StoreError> {
        let s = self.lock()?;
        Ok(s.downloads
            .iter()
            .filter(|((r, _), _)| *r == recipient)
            .map(|((_, a), (n, _, _))| (*a, *n))
            .collect())
    }
    async fn expired_attachments(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<postern_domain::files::Attachment>, StoreError> {
        let s = self.lock()?;
        Ok(s.invitations
            .iter()
            .filter(|i| files_expire(i) <= now)
            .flat_map(|i| i.attachments.iter().cloned())
            .take(limit as usize)
            .collect())
    }
    async fn remove_attachment(&self, id: postern_domain::ids::AttachmentId) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        for i in &mut s.invitations {
            i.attachments.retain(|a| a.id != id);
        }
        s.downloads.retain(|(_, a), _| *a != id);
        Ok(())
    }
    async fn attachment_totals(&self) -> Result<(u64, u64), StoreError> {
        let s = self.lock()?;
        let files = s.invitations.iter().flat_map(|i| i.attachments.iter());
        Ok(files.fold((0, 0), |(n, b), a| (n + 1, b + a.size)))
    }
}

#[async_trait]
impl TwoFactorRepository for MemoryStore {
    async fn find_two_factor(&self, user: UserId) -> Result<Option<TwoFactorRecord>, StoreError> {
        Ok(self.lock()?.two_factor.get(&user).cloned())
    }
    async fn start_two_factor(&self, record: &TwoFactorRecord) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        if s.two_factor.get(&record.user_id).is_some_and(|r| r.confirmed) {
            return Err(StoreError::Conflict("two-factor sign-in is on".into()));
        }
        s.two_factor.insert(record.user_id, record.clone());
        Ok(())
    }
    async fn confirm_two_factor(
        &self,
        user: UserId,
        step: i64,
        at: OffsetDateTime,
        codes: Vec<String>,
    ) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        match s.two_factor.get_mut(&user) {
            Some(r) if !r.confirmed => {
                r.confirmed = true;
                r.confirmed_at = Some(at);
                r.last_step = step;
            }
            _ => return Err(StoreError::NotFound),
        }
        s.recovery_codes.retain(|(owner, _, _)| *owner != user);
        s.recovery_codes.extend(codes.into_iter().map(|d| (user, d, None)));
        Ok(())
    }
    async fn use_step(&self, user: UserId, step: i64) -> Result<bool, StoreError> {
        let mut s = self.lock()?;
        match s.two_factor.get_mut(&user) {
            Some(r) if r.confirmed && r.last_step < step => {
                r.last_step = step;
                Ok(true)
            }
            _ => Ok(false),
        }
    }
    async fn use_recovery_code(&self, user: UserId, digest: String, at: OffsetDateTime) -> Result<bool, StoreError> {
        let mut s = self.lock()?;
        match s
            .recovery_codes
            .iter_mut()
            .find(|(owner, d, used)| *owner == user && *d == digest && used.is_none())
        {
            Some(code) => {
                code.2 = Some(at);
                Ok(true)
            }
            None => Ok(false),
        }
    }
    async fn replace_recovery_codes(&self, user: UserId, codes: Vec<String>) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        s.recovery_codes.retain(|(owner, _, _)| *owner != user);
        s.recovery_codes.extend(codes.into_iter().map(|d| (user, d, None)));
        Ok(())
    }
    async fn unused_recovery_codes(&self, user: UserId) -> Result<u32, StoreError> {
        let n = self
            .lock()?
            .recovery_codes
            .iter()
            .filter(|(owner, _, used)| *owner == user && used.is_none())
            .count();
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }
    async fn remove_two_factor(&self, user: UserId) -> Result<bool, StoreError> {
        let mut s = self.lock()?;
        s.recovery_codes.retain(|(owner, _, _)| *owner != user);
        Ok(s.two_factor.remove(&user).is_some())
    }
}

#[async_trait]
impl postern_domain::ports::LimitStore for MemoryStore {
    async fn count_attempt(&self, key: &str, window: i64) -> Result<u32, StoreError> {
        let mut s = self.lock()?;
        let n = s.attempts.entry((key.to_owned(), window)).or_insert(0);
        *n += 1;
        Ok(*n)
    }
    async fn failures(&self, key: &str) -> Result<Option<(u32, OffsetDateTime)>, StoreError> {
        Ok(self.lock()?.failures.get(key).copied())
    }
    async fn record_failure(&self, key: &str, at: OffsetDateTime) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        let entry = s.failures.entry(key.to_owned()).or_insert((0, at));
        entry.0 += 1;
        entry.1 = at;
        Ok(())
    }
    async fn clear_failures(&self, key: &str) -> Result<(), StoreError> {
        self.lock()?.failures.remove(key);
        Ok(())
    }
    async fn purge_limits(&self, window: i64, failed: OffsetDateTime) -> Result<u64, StoreError> {
        let mut s = self.lock()?;
        let before = s.attempts.len() + s.failures.len();
        s.attempts.retain(|(_, w), _| *w >= window);
        s.failures.retain(|_, (_, last)| *last >= failed);
        Ok((before - s.attempts.len() - s.failures.len()) as u64)
    }
}

#[async_trait]
impl postern_domain::ports::WebhookRepository for MemoryStore {
    async fn create_webhook(&self, webhook: &postern_domain::webhook::Webhook) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        if s.webhooks.is_empty() {
            let all = i64::try_from(s.events.len()).unwrap_or(i64::MAX);
            s.handed_over.extend(1..=all);
        }
        s.webhooks.push(webhook.clone());
        Ok(())
    }
    async fn list_webhooks(&self) -> Result<Vec<postern_domain::webhook::Webhook>, StoreError> {
        Ok(self.lock()?.webhooks.clone())
    }
    async fn find_webhook(
        &self,
        id: postern_domain::ids::WebhookId,
    ) -> Result<Option<postern_domain::webhook::Webhook>, StoreError> {
        Ok(self.lock()?.webhooks.iter().find(|w| w.id == id).cloned())
    }
    async fn delete_webhook(&self, id: postern_domain::ids::WebhookId) -> Result<bool, StoreError> {
        let mut s = self.lock()?;
        let before = s.webhooks.len();
        s.webhooks.retain(|w| w.id != id);
        Ok(s.webhooks.len() != before)
    }
    async fn undelivered_events(&self, limit: u32) -> Result<Vec<(i64, RecipientId, HistoryEntry)>, StoreError> {
        let s = self.lock()?;
        Ok(s.events
            .iter()
            .enumerate()
            .map(|(n, (r, e))| (i64::try_from(n).unwrap_or(i64::MAX) + 1, *r, e.clone()))
            .filter(|(id, _, _)| !s.handed_over.contains(id))
            .take(limit as usize)
            .collect())
    }
    async fn hand_over(&self, events: &[i64], messages: &[OutboxMessage]) -> Result<bool, StoreError> {
        let mut s = self.lock()?;
        if events.iter().any(|id| s.handed_over.contains(id)) {
            return Ok(false);
        }
        s.handed_over.extend(events.iter().copied());
        s.outbox.extend(messages.iter().cloned().map(|m| (m, None)));
        Ok(true)
    }
    async fn event(&self, id: i64) -> Result<Option<(RecipientId, HistoryEntry)>, StoreError> {
        let s = self.lock()?;
        Ok(usize::try_from(id - 1).ok().and_then(|n| s.events.get(n)).cloned())
    }
    async fn record_attempt(
        &self,
        id: postern_domain::ids::WebhookId,
        at: OffsetDateTime,
        outcome: &str,
        success: bool,
    ) -> Result<(), StoreError> {
        let mut s = self.lock()?;
        if let Some(w) = s.webhooks.iter_mut().find(|w| w.id == id) {
            w.last_attempt = Some((at, outcome.to_owned()));
            if success {
                w.last_success_at = Some(at);
            }
        }
        Ok(())
    }
}
