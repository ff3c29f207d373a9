//! Ports: everything outside the domain, as traits. Adapters implement them; the testkit has
//! an in-memory version of each and a contract suite that every adapter must pass.

use async_trait::async_trait;
use thiserror::Error;
use time::{Duration, OffsetDateTime};

use crate::address::EmailAddress;
use crate::files::Attachment;
use crate::ids::{AttachmentId, InvitationId, MessageId, RecipientId, UserId};
use crate::invitation::{Invitation, IssuedToken, OutboxMessage};
use crate::message::OutgoingMessage;
use crate::password::Password;
use crate::policy::{InvitationSetting, PortalSettings};
use crate::text::DisplayName;
use crate::token::TokenDigest;
use crate::user::{PasswordHash, User, UserStatus};

/// The current time. The domain never reads a clock itself.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait Clock: Send + Sync {
    /// Now, in UTC.
    fn now(&self) -> OffsetDateTime;
}

/// Randomness: the operating system's CSPRNG in production.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
pub trait TokenSource: Send + Sync {
    /// Fills `buf` with random bytes.
    fn fill(&self, buf: &mut [u8]);
}

/// Errors of storage ports.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum StoreError {
    /// A unique rule was violated (same address, same idempotency key, …).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The record to change does not exist.
    #[error("not found")]
    NotFound,
    /// The store could not be reached or failed.
    #[error("storage failure: {0}")]
    Unavailable(String),
}

/// Users.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait UserRepository: Send + Sync {
    /// Stores a new user.
    ///
    /// # Errors
    /// MUST return [`StoreError::Conflict`] when a user with the same address (ignoring case)
    /// exists.
    async fn create_user(&self, user: &User) -> Result<(), StoreError>;
    /// Finds by address, ignoring letter case.
    async fn find_user_by_email(&self, email: &EmailAddress) -> Result<Option<User>, StoreError>;
    /// The users with any of these addresses (ignoring letter case), in no particular order:
    /// one question for a whole recipient list.
    async fn find_users_by_emails(&self, emails: &[EmailAddress]) -> Result<Vec<User>, StoreError>;
    /// Finds by id.
    async fn find_user(&self, id: UserId) -> Result<Option<User>, StoreError>;
    /// The language the user chose for their pages and the portal's emails to them (`None`:
    /// they chose none, the administrator's default applies).
    async fn language_of(&self, id: UserId) -> Result<Option<crate::language::Language>, StoreError>;
    /// Records the user's choice of language (`None`: the administrator's default).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown user.
    async fn set_language(&self, id: UserId, language: Option<crate::language::Language>) -> Result<(), StoreError>;
    /// Sets a user's own quota (`None`: their kind's applies).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown user.
    async fn set_user_quota(&self, id: UserId, quota: Option<crate::policy::Quota>) -> Result<(), StoreError>;
    /// Sets a user's own invitation permission.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown user.
    async fn set_invitation_setting(&self, id: UserId, setting: InvitationSetting) -> Result<(), StoreError>;
    /// Sets a user's status.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown user.
    async fn set_user_status(&self, id: UserId, status: UserStatus) -> Result<(), StoreError>;
    /// Replaces a user's password hash.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown user.
    async fn set_password_hash(&self, id: UserId, hash: &PasswordHash) -> Result<(), StoreError>;
    /// Refreshes what the directory says about a directory user at sign-in.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown user.
    async fn refresh_directory_user(
        &self,
        id: UserId,
        display_name: &DisplayName,
        directory_may_invite: bool,
    ) -> Result<(), StoreError>;
    /// All users, ordered by address.
    async fn list_users(&self) -> Result<Vec<User>, StoreError>;
    /// Users matching `query`, by address, after the address `after`, at most `limit`: the
    /// filter is applied before the page is cut.
    async fn search_users(
        &self,
        query: &crate::query::UserQuery,
        after: Option<String>,
        limit: u32,
    ) -> Result<crate::query::UserPage, StoreError>;
    /// Records that the user signed in.
    async fn record_sign_in(&self, id: UserId, at: OffsetDateTime) -> Result<(), StoreError>;
    /// Active users of `kind` not seen (signed in, or created if never) since `before`.
    async fn inactive_users(
        &self,
        kind: crate::user::UserKind,
        before: OffsetDateTime,
    ) -> Result<Vec<User>, StoreError>;
    /// Like [`UserRepository::inactive_users`], but only those not warned since their last
    /// use (a sign-in after a warning makes them due for a new one).
    async fn unwarned_inactive_users(
        &self,
        kind: crate::user::UserKind,
        before: OffsetDateTime,
    ) -> Result<Vec<User>, StoreError>;
    /// Records that the user was warned of their account's end for inactivity.
    async fn mark_inactivity_warned(&self, id: UserId, at: OffsetDateTime) -> Result<(), StoreError>;
    /// Sets (or clears) a Drop-Off account's sponsor.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown user.
    async fn set_sponsor(&self, id: UserId, sponsor: Option<UserId>) -> Result<(), StoreError>;
    /// Active Drop-Off accounts that have a sponsor, by address.
    async fn sponsored_users(&self) -> Result<Vec<User>, StoreError>;
}

/// A token found by its digest, with what it opens.
#[derive(Debug, Clone)]
pub struct TokenMatch {
    /// The token record.
    pub token: IssuedToken,
    /// The invitation with its files and the token's recipient only: the activation page
    /// needs no other, and not loading them keeps the lookup cheap at any size.
    pub invitation: Invitation,
    /// Whether an account with the recipient's address exists (read with the link: the page
    /// tells someone who has one at once, without a second lookup).
    pub account_exists: bool,
}

/// What accepting an invitation writes, all at once.
#[derive(Debug, Clone)]
pub struct Acceptance {
    /// The link used.
    pub digest: TokenDigest,
    /// Its recipient.
    pub recipient_id: RecipientId,
    /// The recipient states activation is allowed from ([`crate::lifecycle`]).
    pub from: &'static [crate::invitation::RecipientState],
    /// The state it leads to.
    pub to: crate::invitation::RecipientState,
    /// When.
    pub at: OffsetDateTime,
    /// The account to create (none for directory users, whose account is linked at sign-in).
    pub user: Option<User>,
    /// The language of the account created: the invitation's (its reader chose to read it).
    pub language: Option<crate::language::Language>,
    /// Messages to queue (welcome, notice to the inviter).
    pub outbox: Vec<OutboxMessage>,
}

/// Why an acceptance was not written.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AcceptError {
    /// The recipient's state or the link changed: the link is no longer live, or the
    /// recipient is no longer in a state activation is allowed from.
    #[error("the link no longer works")]
    Refused,
    /// A user with this address exists.
    #[error("an account with this address exists")]
    UserExists,
    /// Storage failure.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One page of a sender's invitations.
#[derive(Debug, Clone, Default)]
pub struct InvitationPage {
    /// Newest first.
    pub invitations: Vec<Invitation>,
    /// Pass to get the next page; `None` at the end.
    pub next_cursor: Option<InvitationCursor>,
}

/// Keyset pagination position: the last invitation of the previous page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvitationCursor {
    /// Its creation time.
    pub created_at: OffsetDateTime,
    /// Its id (tie breaker).
    pub id: InvitationId,
}

/// Keyset position in a list of recipients: the last recipient of the previous page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecipientCursor {
    /// Its invitation's creation time.
    pub created_at: OffsetDateTime,
    /// Its invitation.
    pub invitation_id: InvitationId,
    /// Its place in the invitation's list of recipients (from 0).
    pub position: u32,
}

/// One page of recipients, under their invitations.
#[derive(Debug, Clone, Default)]
pub struct RecipientPage {
    /// Newest invitation first, each holding only its recipients on this page, in its order
    /// (its attachments in full); an invitation can continue on the next page.
    pub invitations: Vec<Invitation>,
    /// Pass to get the next page; `None` at the end.
    pub next_cursor: Option<RecipientCursor>,
}

/// Invitations, their recipients and their links.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait InvitationRepository: Send + Sync {
    /// Stores a new invitation and its outbox messages in one transaction.
    ///
    /// # Errors
    /// MUST return [`StoreError::Conflict`] when the sender already used the idempotency key;
    /// then nothing is written.
    async fn create_invitation(&self, invitation: &Invitation, outbox: &[OutboxMessage]) -> Result<(), StoreError>;
    /// Stores a new invitation, its outbox messages and the links already issued to its
    /// recipients (a link-only invitation: shown to the sender) in one transaction.
    ///
    /// # Errors
    /// As [`InvitationRepository::create_invitation`].
    async fn create_invitation_with_links(
        &self,
        invitation: &Invitation,
        outbox: &[OutboxMessage],
        links: &[IssuedToken],
    ) -> Result<(), StoreError>;
    /// Finds an invitation by id.
    async fn find_invitation(&self, id: InvitationId) -> Result<Option<Invitation>, StoreError>;
    /// Finds a sender's invitation by idempotency key.
    async fn find_by_idempotency_key(&self, sender: UserId, key: &str) -> Result<Option<Invitation>, StoreError>;
    /// Finds the invitation holding a recipient.
    async fn find_by_recipient(&self, id: RecipientId) -> Result<Option<Invitation>, StoreError>;
    /// A sender's invitations, newest first, `limit` per page.
    async fn list_by_sender(
        &self,
        sender: UserId,
        after: Option<InvitationCursor>,
        limit: u32,
    ) -> Result<InvitationPage, StoreError>;
    /// Invitations matching `query` (states judged at `now`), newest first, `limit` per page:
    /// the filter is applied before the page is cut.
    async fn search_invitations(
        &self,
        query: &crate::query::InvitationQuery,
        now: OffsetDateTime,
        after: Option<InvitationCursor>,
        limit: u32,
    ) -> Result<InvitationPage, StoreError>;
    /// Recipients matching `query` (states judged at `now`; the recipient conditions hold for
    /// each recipient listed), newest invitation first and in each invitation's order, at most
    /// `limit` recipients per page: the filter is applied before the page is cut, and a page
    /// costs about the same whatever the size of the whole list.
    async fn search_recipients(
        &self,
        query: &crate::query::InvitationQuery,
        now: OffsetDateTime,
        after: Option<RecipientCursor>,
        limit: u32,
    ) -> Result<RecipientPage, StoreError>;
    /// Records a minted link.
    async fn add_token(&self, token: &IssuedToken) -> Result<(), StoreError>;
    /// Records several minted links at once (one delivery round).
    async fn add_tokens(&self, tokens: &[IssuedToken]) -> Result<(), StoreError> {
        for t in tokens {
            self.add_token(t).await?;
        }
        Ok(())
    }
    /// Forgets a link (delivery failed before anyone saw it).
    async fn remove_token(&self, digest: &TokenDigest) -> Result<(), StoreError>;
    /// Finds a link by digest, whatever its state, with its invitation and only the link's
    /// recipient (see [`TokenMatch`]).
    async fn find_token(&self, digest: &TokenDigest) -> Result<Option<TokenMatch>, StoreError>;
    /// Applies a change decided by [`crate::lifecycle`]: only while the recipient's stored
    /// state is one of `change.from`, and then all of it in one transaction (state, facts,
    /// links, queued messages). Returns whether it applied; when it did not, nothing was
    /// written.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown recipient.
    async fn change_recipient(&self, change: &crate::lifecycle::RecipientChange) -> Result<bool, StoreError>;
    /// Consumes the link and writes the acceptance atomically, as a compare-and-set: only
    /// while the recipient's state is one of `acceptance.from` and the link is live. Exactly
    /// one of several concurrent calls for the same recipient succeeds. Every live activation
    /// link of the recipient becomes used; download links stay as they are.
    ///
    /// # Errors
    /// [`AcceptError::Refused`] (state or link no longer allow it), [`AcceptError::UserExists`];
    /// then nothing is written.
    async fn accept(&self, acceptance: &Acceptance) -> Result<(), AcceptError>;
    /// How many activation links (of invitations, not files messages) expired unused with
    /// their expiry in `(after, until]`: sent, never accepted nor revoked (for monitoring).
    async fn count_links_expired(&self, after: OffsetDateTime, until: OffsetDateTime) -> Result<u64, StoreError>;
    /// What `sender` has out: recipients of everything they sent after `since` (with the time
    /// of the oldest such send), and recipients of their invitations waiting at `now` (queued
    /// or sent, no account yet, link not expired).
    async fn sender_usage(
        &self,
        sender: UserId,
        since: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<crate::policy::SenderUsage, StoreError>;
    /// Records that the holder of the recipient's expired link asked for a new one, once: only
    /// while no renewal was asked for before, the recipient is still *sent* and its link has
    /// expired at `at`. In the same transaction, applies `resend` (an automatic renewal: a new
    /// link on its way) or queues `notices` (the inviter told). Returns whether it was taken;
    /// `false`: nothing is written.
    async fn request_renewal(
        &self,
        recipient: RecipientId,
        at: OffsetDateTime,
        resend: Option<crate::lifecycle::RecipientChange>,
        notices: &[OutboxMessage],
    ) -> Result<bool, StoreError>;
    /// Recipients whose next reminder is due at `now`: invitations still *sent* whose
    /// `next_reminder_at` is at or before `now`, the longest-due first, at most `limit`.
    async fn due_reminders(&self, now: OffsetDateTime, limit: u32) -> Result<Vec<DueReminder>, StoreError>;
    /// Takes the reminder `due` found, if the recipient still stands as it was found (still
    /// *sent*, as many reminders, the same one due): counts it, plans the next one at `next`
    /// (none: no more) and queues `message` (none: the reminder is dropped, for example
    /// because the administrator's schedule no longer has it), all in one transaction.
    /// Returns whether it was taken; `false` when another worker took it or the recipient
    /// changed meanwhile, and then nothing is written.
    async fn take_reminder(
        &self,
        due: &DueReminder,
        next: Option<OffsetDateTime>,
        message: Option<OutboxMessage>,
    ) -> Result<bool, StoreError>;
    /// A recipient's history as stored, oldest first (*expired* is derived:
    /// `history::with_expiry`). Every write that changes a recipient records its
    /// entry in the same transaction: the invitation's creation (*queued*, or *link shown*),
    /// each applied [`crate::lifecycle::RecipientChange`] ([`crate::lifecycle::RecipientChange::entry`]),
    /// an acceptance, a reminder taken with its message (at the time it was due), a renewal
    /// request and a first opening.
    async fn history(&self, recipient: RecipientId) -> Result<Vec<crate::history::HistoryEntry>, StoreError>;
    /// Records that a link of the recipient was opened at `at`, only the first time: sets the
    /// recipient's `opened_at` and records *opened* in one transaction. Whether it was the
    /// first time.
    async fn mark_opened(&self, recipient: RecipientId, at: OffsetDateTime) -> Result<bool, StoreError>;
    /// Every recipient of the invitations (not files messages) sent at or after `from` and
    /// before `until`, as the funnel report reads them.
    async fn funnel_rows(
        &self,
        from: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<Vec<crate::history::FunnelRow>, StoreError>;
}

/// A recipient whose next reminder is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueReminder {
    /// The recipient.
    pub recipient_id: RecipientId,
    /// When their current link was delivered.
    pub sent_at: OffsetDateTime,
    /// When it stops working.
    pub expires_at: OffsetDateTime,
    /// Reminders queued for it so far.
    pub reminders_sent: u32,
    /// When the reminder was due.
    pub due_at: OffsetDateTime,
}

/// A message the mail system accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// The outbox message.
    pub message: MessageId,
    /// For a message to a recipient (invitation or files): the change to record, decided by
    /// [`crate::lifecycle`] (its facts are [`crate::lifecycle::Facts::Delivered`]).
    pub recipient: Option<crate::lifecycle::RecipientChange>,
}

/// The outbox: messages waiting for delivery.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait OutboxRepository: Send + Sync {
    /// Adds a message.
    async fn enqueue(&self, message: &OutboxMessage) -> Result<(), StoreError>;
    /// Claims at most `limit` due messages for `lease` in the name of `owner` (the instance and
    /// its round); no other worker gets them until the lease ends. Oldest due first. An
    /// adapter MUST NOT claim more than `limit` rows, whatever plan its database chooses.
    async fn claim_due(
        &self,
        now: OffsetDateTime,
        lease: Duration,
        limit: u32,
        owner: &str,
    ) -> Result<Vec<OutboxMessage>, StoreError>;
    /// Extends the lease of the messages `owner` still holds among `ids` until `until` (a round
    /// that takes long keeps its claims); returns how many it still held.
    async fn renew_claims(&self, ids: &[MessageId], owner: &str, until: OffsetDateTime) -> Result<u64, StoreError>;
    /// The message was delivered (or dropped): it leaves the outbox.
    async fn complete(&self, id: MessageId) -> Result<(), StoreError>;
    /// Records a round's deliveries in one transaction: each recipient change is applied (as
    /// [`InvitationRepository::change_recipient`] does: only from its allowed states) and each
    /// message leaves the outbox.
    async fn record_delivered(&self, delivered: &[Delivered]) -> Result<(), StoreError>;
    /// Try again later.
    async fn retry_at(&self, id: MessageId, at: OffsetDateTime, attempts: u32) -> Result<(), StoreError>;
    /// Messages still waiting.
    async fn pending_count(&self) -> Result<u64, StoreError>;
    /// When the longest-waiting message became due: the earliest next attempt at or before
    /// `now`, claimed or not; `None` when nothing is due (for monitoring).
    async fn oldest_due(&self, now: OffsetDateTime) -> Result<Option<OffsetDateTime>, StoreError>;
}

/// The administrator's settings.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait SettingsRepository: Send + Sync {
    /// The settings, or the defaults when none were saved: one shared copy, so that a page
    /// that reads them on every request copies nothing.
    async fn load_settings(&self) -> Result<std::sync::Arc<PortalSettings>, StoreError>;
    /// Saves settings that passed [`PortalSettings::validate`].
    async fn save_settings(&self, settings: &PortalSettings) -> Result<(), StoreError>;
}

/// Administrator-edited templates.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait TemplateStore: Send + Sync {
    /// The stored source of a template, if the administrator changed it.
    async fn template(&self, name: &str) -> Result<Option<String>, StoreError>;
    /// Stores a template source (already checked).
    async fn save_template(&self, name: &str, source: &str) -> Result<(), StoreError>;
    /// Back to the built-in default.
    async fn reset_template(&self, name: &str) -> Result<(), StoreError>;
}

/// One security-relevant event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// When.
    pub at: OffsetDateTime,
    /// Who (an address), if known.
    pub actor: Option<String>,
    /// What, as a stable dotted name (`invitation.sent`, `account.created`, …).
    pub action: String,
    /// On what (an id or address).
    pub subject: String,
    /// Details, free text without secrets.
    pub detail: String,
}

/// The audit log.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait AuditLog: Send + Sync {
    /// Appends an event. Use cases ignore the result: an adapter that cannot write reports
    /// the failure through its own logging, so that an audit outage never blocks the portal.
    async fn record(&self, event: &AuditEvent) -> Result<(), StoreError>;
    /// The newest events first.
    async fn recent(&self, limit: u32) -> Result<Vec<AuditEvent>, StoreError>;
    /// Events matching `query`, newest first, older than position `before`, at most `limit`:
    /// the filter is applied before the page is cut.
    async fn search_audit(
        &self,
        query: &crate::query::AuditQuery,
        before: Option<u64>,
        limit: u32,
    ) -> Result<crate::query::AuditPage, StoreError>;
}

/// A personal API token as stored: never its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRecord {
    /// Identifier.
    pub id: crate::ids::ApiTokenId,
    /// Owner.
    pub user_id: UserId,
    /// The owner's label ("Outlook add-in", "nightly script").
    pub name: String,
    /// SHA-256 of the secret.
    pub digest: TokenDigest,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When it was last used.
    pub last_used_at: Option<OffsetDateTime>,
    /// When it was revoked.
    pub revoked_at: Option<OffsetDateTime>,
    /// When it stops working.
    pub expires_at: OffsetDateTime,
    /// What it may do.
    pub scope: crate::token::TokenScope,
}

/// Personal API tokens.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait ApiTokenRepository: Send + Sync {
    /// Stores a new token.
    async fn create_api_token(&self, token: &ApiTokenRecord) -> Result<(), StoreError>;
    /// Finds a token by digest, revoked or not.
    async fn find_api_token(&self, digest: &TokenDigest) -> Result<Option<ApiTokenRecord>, StoreError>;
    /// A user's tokens, newest first.
    async fn list_api_tokens(&self, user: UserId) -> Result<Vec<ApiTokenRecord>, StoreError>;
    /// Revokes one of the user's tokens.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when the user has no such live token.
    async fn revoke_api_token(
        &self,
        user: UserId,
        id: crate::ids::ApiTokenId,
        at: OffsetDateTime,
    ) -> Result<(), StoreError>;
    /// Records a use.
    async fn touch_api_token(&self, id: crate::ids::ApiTokenId, at: OffsetDateTime) -> Result<(), StoreError>;
}

/// Seals small secrets for storage (the two-factor secrets) under a key the database does not
/// hold: a copy of the database does not give the secrets away.
pub trait SecretSealer: Send + Sync {
    /// The sealed form of `plain` (authenticated encryption, a fresh nonce each time).
    fn seal(&self, plain: &[u8]) -> Vec<u8>;
    /// The plain form, or `None` when `sealed` was not sealed under this key or was altered.
    fn open(&self, sealed: &[u8]) -> Option<Vec<u8>>;
}

/// A user's two-factor enrolment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwoFactorRecord {
    /// Whose.
    pub user_id: UserId,
    /// The TOTP secret, sealed ([`SecretSealer`]).
    pub sealed_secret: Vec<u8>,
    /// Whether a code confirmed it (until then it is an enrolment in progress).
    pub confirmed: bool,
    /// When enrolment began.
    pub created_at: OffsetDateTime,
    /// When it was confirmed.
    pub confirmed_at: Option<OffsetDateTime>,
    /// The last step whose code was accepted: it and every earlier one are refused.
    pub last_step: i64,
}

/// Two-factor enrolments and recovery codes.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait TwoFactorRepository: Send + Sync {
    /// The user's enrolment, confirmed or in progress.
    async fn find_two_factor(&self, user: UserId) -> Result<Option<TwoFactorRecord>, StoreError>;
    /// Starts (or restarts) an enrolment in progress.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the user has a confirmed enrolment.
    async fn start_two_factor(&self, record: &TwoFactorRecord) -> Result<(), StoreError>;
    /// Confirms the enrolment in progress with the step of the code that confirmed it, and
    /// replaces the recovery codes with `codes` (digests).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when no enrolment is in progress.
    async fn confirm_two_factor(
        &self,
        user: UserId,
        step: i64,
        at: OffsetDateTime,
        codes: Vec<String>,
    ) -> Result<(), StoreError>;
    /// Accepts the code of `step` once: true when `step` is later than the last one accepted
    /// (and it is now the last), false otherwise. Atomic across instances.
    async fn use_step(&self, user: UserId, step: i64) -> Result<bool, StoreError>;
    /// Uses an unused recovery code (by digest) once: true when it was unused.
    async fn use_recovery_code(&self, user: UserId, digest: String, at: OffsetDateTime) -> Result<bool, StoreError>;
    /// Replaces the user's recovery codes.
    async fn replace_recovery_codes(&self, user: UserId, codes: Vec<String>) -> Result<(), StoreError>;
    /// How many of the user's recovery codes are unused.
    async fn unused_recovery_codes(&self, user: UserId) -> Result<u32, StoreError>;
    /// Removes the enrolment and the recovery codes; false when there was none.
    async fn remove_two_factor(&self, user: UserId) -> Result<bool, StoreError>;
}

/// Whose a signed-in session is, and where it came from: what the *Security* page lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionOwner {
    /// The signed-in user.
    pub user_id: UserId,
    /// A random name for the session that can be shown and posted back (never its key).
    pub public_id: String,
    /// When the user signed in.
    pub created_at: OffsetDateTime,
    /// The last request (to the minute).
    pub last_seen_at: OffsetDateTime,
    /// The client address at sign-in.
    pub client: String,
    /// The browser's description of itself at sign-in (cut to 200 characters).
    pub agent: String,
    /// An administrators' console session.
    pub console: bool,
}

/// One of a user's live sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummary {
    /// Whose, since when, from where.
    pub owner: SessionOwner,
    /// When it ends at the latest.
    pub expires_at: OffsetDateTime,
}

/// Attempt counters shared by every instance on one database (sign-ins, activations, failed
/// sign-ins), so that N instances enforce one configured limit. Keys are opaque digests: no
/// address or account name is stored.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait LimitStore: Send + Sync {
    /// Counts one attempt under `key` in the window that starts at `window` (Unix seconds) and
    /// returns the attempts of that window, this one included. Concurrent calls count each
    /// attempt once.
    async fn count_attempt(&self, key: &str, window: i64) -> Result<u32, StoreError>;
    /// The failures counted under `key` and when the last one was.
    async fn failures(&self, key: &str) -> Result<Option<(u32, OffsetDateTime)>, StoreError>;
    /// Counts one failure under `key` at `at`.
    async fn record_failure(&self, key: &str, at: OffsetDateTime) -> Result<(), StoreError>;
    /// Forgets the failures of `key` (a successful sign-in).
    async fn clear_failures(&self, key: &str) -> Result<(), StoreError>;
    /// Deletes windows that started before `window` and failures last seen before `failed`;
    /// returns how many entries went.
    async fn purge_limits(&self, window: i64, failed: OffsetDateTime) -> Result<u64, StoreError>;
}

/// Server-side session storage, keyed by a digest of the session cookie.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// The session's data, if it exists and has not expired at `now`.
    async fn load_session(&self, key: &str, now: OffsetDateTime) -> Result<Option<String>, StoreError>;
    /// Creates or replaces a session; `owner` is set once someone signed in.
    async fn save_session(
        &self,
        key: &str,
        data: &str,
        expires_at: OffsetDateTime,
        owner: Option<SessionOwner>,
    ) -> Result<(), StoreError>;
    /// A user's live sessions at `now`, most recently used first.
    async fn list_sessions(&self, user: UserId, now: OffsetDateTime) -> Result<Vec<SessionSummary>, StoreError>;
    /// Ends a user's sessions: the one named `public_id`, or (when `None`) all of them but
    /// `keep`. Returns how many ended.
    async fn end_sessions(
        &self,
        user: UserId,
        public_id: Option<String>,
        keep: Option<String>,
    ) -> Result<u64, StoreError>;
    /// Deletes a session.
    async fn remove_session(&self, key: &str) -> Result<(), StoreError>;
    /// Deletes expired sessions; returns how many.
    async fn purge_sessions(&self, now: OffsetDateTime) -> Result<u64, StoreError>;
    /// Whether the store answers at all (health checks, and telling an outage from a bug).
    async fn ping(&self) -> Result<(), StoreError>;
    /// Whether a connection to the store failed (could not be made, was lost, or the pool
    /// waited in vain) at or after `since`: a request that failed then failed because of the
    /// outage, even if the store answers again by the time anyone asks.
    fn connection_failed_since(&self, since: std::time::Instant) -> bool {
        let _ = since;
        false
    }
    /// Whether the store cannot be reached right now, asked with a fresh connection of its
    /// own (refused, reset, turned away), not through the pool a slow request may be waiting
    /// on. Concurrent callers share one attempt. A store that cannot
    /// go away (in process, a file) never is.
    async fn unreachable_now(&self) -> bool {
        false
    }
}

/// The password hashing failed (not: the password was wrong).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(pub String);

/// Password hashing (argon2id in production).
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait PasswordHasher: Send + Sync {
    /// Hashes with a fresh salt.
    async fn hash(&self, password: &Password) -> Result<PasswordHash, HashError>;
    /// Whether the password matches.
    async fn verify(&self, password: &Password, hash: &PasswordHash) -> Result<bool, HashError>;
}

/// A person the directory knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryPerson {
    /// The account name (`sAMAccountName`): the same person across lookups and sign-ins.
    pub account: String,
    /// Their primary address (`mail`). Without one, the person cannot use the portal.
    pub email: Option<EmailAddress>,
    /// Their display name (`displayName`, else the account name).
    pub display_name: String,
    /// Whether the directory account is disabled.
    pub disabled: bool,
    /// Whether they belong to the directory group whose members may send invitations.
    pub in_invite_group: bool,
}

/// The directory could not answer.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DirectoryError {
    /// Down or unreachable.
    #[error("the directory is unavailable: {0}")]
    Unavailable(String),
    /// The credentials were refused (the reason is for the audit log only).
    #[error("invalid credentials")]
    InvalidCredentials {
        /// Why, for the audit log.
        reason: String,
    },
}

/// The organisation's directory (Active Directory), or none.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait Directory: Send + Sync {
    /// Whether a directory is configured at all.
    fn is_configured(&self) -> bool;
    /// Finds a person by any of their addresses (`mail`, `proxyAddresses`,
    /// `userPrincipalName`), ignoring case.
    async fn find_person(&self, email: &EmailAddress) -> Result<Option<DirectoryPerson>, DirectoryError>;
    /// Checks credentials. `login` is `user@domain`, `DOMAIN\\user`, an email address or a
    /// bare account name. An empty password is always refused.
    async fn authenticate(&self, login: &str, password: &Password) -> Result<DirectoryPerson, DirectoryError>;
    /// Finds a person by a sign-in name (`DOMAIN\\user`, a bare account name, `user@domain`
    /// or an address), without checking a password: what an administrator looks up.
    async fn find_login(&self, login: &str) -> Result<Option<DirectoryPerson>, DirectoryError> {
        match EmailAddress::parse(login) {
            Ok(address) => self.find_person(&address).await,
            Err(_) => Ok(None),
        }
    }
    /// Whether the address reaches a group or distribution list of the directory (not a
    /// person). Without a directory: never.
    async fn is_group(&self, email: &EmailAddress) -> Result<bool, DirectoryError> {
        let _ = email;
        Ok(false)
    }
    /// Whether the configured invitation group exists (`None`: no group is configured).
    async fn invite_group_exists(&self) -> Result<Option<bool>, DirectoryError> {
        Ok(None)
    }
    /// How long an answer about a signed-in person may be reused before the directory is asked
    /// again (whether they are still enabled, still in the invitation group).
    fn recheck_interval(&self) -> time::Duration {
        time::Duration::minutes(5)
    }
}

/// Why a message was not delivered.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum MailError {
    /// Try again later (4xx, connection failure).
    #[error("temporary failure: {0}")]
    Temporary(String),
    /// Will never work (5xx).
    #[error("permanent failure: {0}")]
    Permanent(String),
}

/// Delivers one rendered message.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait Mailer: Send + Sync {
    /// Hands the message over; returns the mail system's answer.
    ///
    /// # Errors
    /// [`MailError::Temporary`] when a later attempt may succeed, else [`MailError::Permanent`].
    async fn deliver(&self, message: &OutgoingMessage) -> Result<String, MailError>;
}

/// A file's contents as the attachment store keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBlob {
    /// The store's name for it (random; never derived from the file's name).
    pub key: String,
    /// Bytes.
    pub size: u64,
    /// SHA-256 of the contents, lower-case hexadecimal.
    pub sha256: String,
}

/// Where file contents live: a folder on disk, later object storage. The store chooses the
/// keys, so no file name ever reaches a path.
#[async_trait]
pub trait AttachmentStore: Send + Sync {
    /// Starts a new file; nothing is visible until [`AttachmentWriter::finish`].
    async fn create(&self) -> Result<Box<dyn AttachmentWriter>, StoreError>;
    /// Reads a file from byte `offset`.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown key.
    async fn open(&self, key: &str, offset: u64) -> Result<Box<dyn AttachmentReader>, StoreError>;
    /// Deletes a file; an unknown key is not an error.
    async fn delete(&self, key: &str) -> Result<(), StoreError>;
    /// Bytes stored in finished files.
    async fn usage(&self) -> Result<u64, StoreError>;
}

/// A file being written. Dropped or aborted before `finish`, it leaves nothing behind.
#[async_trait]
pub trait AttachmentWriter: Send {
    /// Appends bytes.
    async fn write(&mut self, chunk: &[u8]) -> Result<(), StoreError>;
    /// Makes the file durable and readable; returns its key, size and SHA-256.
    async fn finish(self: Box<Self>) -> Result<StoredBlob, StoreError>;
    /// Throws away what was written.
    async fn abort(self: Box<Self>);
}

/// A file being read.
#[async_trait]
pub trait AttachmentReader: Send {
    /// The next chunk, or `None` at the end.
    async fn read(&mut self) -> Result<Option<Vec<u8>>, StoreError>;
}

/// A recipient's download link, as stored (the digest only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadLink {
    /// SHA-256 of the link's secret.
    pub digest: TokenDigest,
    /// Whose link it is.
    pub recipient_id: RecipientId,
    /// When it was minted.
    pub issued_at: OffsetDateTime,
    /// When it stops working (the files' lifetime).
    pub expires_at: OffsetDateTime,
    /// Live, or revoked (by a revoke, a bounce or a resend); never used up.
    pub state: crate::invitation::TokenState,
}

/// How a download is charged against the limit, decided by [`crate::usecases::Downloads`] and
/// applied by the repository atomically, in this order: first the resume, then the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadCharge {
    /// A resume: take this many bytes from the resume allowance, if at least that many are
    /// left.
    pub resume: Option<u64>,
    /// A counted download: only while fewer than `limit` were counted; then the count goes up
    /// by one and the resume allowance becomes `allowance`.
    pub count: Option<(u32, u64)>,
}

/// How a download was charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charged {
    /// From the resume allowance of the latest counted download.
    Resumed,
    /// As a new download; the count after it.
    Counted(u32),
    /// Neither was possible: the limit is reached.
    Refused,
}

/// Download links, download counts and the lifetime of stored files.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait DownloadRepository: Send + Sync {
    /// Stores a link.
    async fn add_download_link(&self, link: &DownloadLink) -> Result<(), StoreError>;
    /// Forgets a link (its message was not delivered, so nobody has seen it).
    async fn remove_download_link(&self, digest: &TokenDigest) -> Result<(), StoreError>;
    /// The link with this digest, with its invitation (recipients and attachments).
    async fn find_download_link(&self, digest: &TokenDigest) -> Result<Option<(DownloadLink, Invitation)>, StoreError>;
    /// Charges one download of `attachment` by `recipient` as [`DownloadCharge`] says,
    /// atomically: two downloads at once can never both take the last one.
    async fn charge_download(
        &self,
        recipient: RecipientId,
        attachment: AttachmentId,
        charge: DownloadCharge,
    ) -> Result<Charged, StoreError>;
    /// Gives back to the resume allowance `bytes` that were charged but never sent (the
    /// connection broke), and `once` more if the latest counted download has not had it yet
    /// (bytes sent but lost on the way); a counted download makes it available again.
    async fn refund_download(
        &self,
        recipient: RecipientId,
        attachment: AttachmentId,
        bytes: u64,
        once: u64,
    ) -> Result<(), StoreError>;
    /// Downloads counted so far, per file, for one recipient.
    async fn download_counts(&self, recipient: RecipientId) -> Result<Vec<(AttachmentId, u32)>, StoreError>;
    /// Attachments whose lifetime ended at or before `now`, at most `limit`.
    async fn expired_attachments(&self, now: OffsetDateTime, limit: u32) -> Result<Vec<Attachment>, StoreError>;
    /// Removes an attachment's row (its file is deleted first by the caller).
    async fn remove_attachment(&self, id: AttachmentId) -> Result<(), StoreError>;
    /// Number of stored attachments and their bytes.
    async fn attachment_totals(&self) -> Result<(u64, u64), StoreError>;
}

/// The administrator's webhook endpoints and the hand-over of history entries to them.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait]
pub trait WebhookRepository: Send + Sync {
    /// Registers an endpoint. When it is the first one, the history written before it is
    /// marked handed over (an endpoint hears of what happens from its registration on).
    async fn create_webhook(&self, webhook: &crate::webhook::Webhook) -> Result<(), StoreError>;
    /// Every endpoint, oldest first.
    async fn list_webhooks(&self) -> Result<Vec<crate::webhook::Webhook>, StoreError>;
    /// One endpoint.
    async fn find_webhook(&self, id: crate::ids::WebhookId) -> Result<Option<crate::webhook::Webhook>, StoreError>;
    /// Removes an endpoint (its deliveries still waiting are dropped when their turn comes).
    /// Whether it existed.
    async fn delete_webhook(&self, id: crate::ids::WebhookId) -> Result<bool, StoreError>;
    /// History entries not yet handed over, oldest first, at most `limit`: (entry id,
    /// recipient, entry).
    async fn undelivered_events(
        &self,
        limit: u32,
    ) -> Result<Vec<(i64, RecipientId, crate::history::HistoryEntry)>, StoreError>;
    /// Marks `events` handed over and queues `messages`, in one transaction, only if none of
    /// them was handed over meanwhile (another worker). Whether it applied; `false`: nothing
    /// written.
    async fn hand_over(&self, events: &[i64], messages: &[OutboxMessage]) -> Result<bool, StoreError>;
    /// One history entry by id, with its recipient.
    async fn event(&self, id: i64) -> Result<Option<(RecipientId, crate::history::HistoryEntry)>, StoreError>;
    /// Records the outcome of a delivery attempt to an endpoint.
    async fn record_attempt(
        &self,
        id: crate::ids::WebhookId,
        at: OffsetDateTime,
        outcome: &str,
        success: bool,
    ) -> Result<(), StoreError>;
}

/// Sends webhook deliveries (HTTP).
#[async_trait]
pub trait WebhookSender: Send + Sync {
    /// POSTs `body` (JSON) to `url` with `headers`; the response's status code, or why there
    /// is none (the cause, without the body or the headers: they carry the signature).
    async fn post(&self, url: &str, headers: &[(&'static str, String)], body: Vec<u8>) -> Result<u16, String>;
}

/// No webhook sender: every delivery fails (a worker built without one).
pub(crate) struct NoWebhookSender;

#[async_trait]
impl WebhookSender for NoWebhookSender {
    async fn post(&self, _url: &str, _headers: &[(&'static str, String)], _body: Vec<u8>) -> Result<u16, String> {
        Err("this worker sends no webhooks".into())
    }
}
