//! The storage contract: every behaviour of the storage ports that the domain relies on.
//! The in-memory store, SQLite and PostgreSQL all run it, one test per case, with
//! [`crate::storage_contract_tests`].

use std::sync::Arc;

use postern_domain::ids::{InvitationId, MessageId, RecipientId, UserId};
use postern_domain::invitation::MessageKind;
use postern_domain::invitation::{
    Invitation, InvitationRecipient, IssuedToken, OutboxKind, OutboxMessage, RecipientKind, RecipientState, TokenState,
};
use postern_domain::lifecycle::{self, Actor, Event, Facts, RecipientChange};
use postern_domain::policy::{DeliveryOptionPolicy, InvitationSetting, PortalSettings, RequestedOptions};
use postern_domain::ports::{
    AcceptError, Acceptance, ApiTokenRecord, ApiTokenRepository, AuditEvent, AuditLog, InvitationRepository,
    OutboxRepository, SessionOwner, SessionStore, SettingsRepository, StoreError, TemplateStore, TokenSource,
    UserRepository,
};
use postern_domain::ports::{Charged, DownloadCharge, DownloadLink};
use postern_domain::query::{AuditQuery, InvitationQuery, SearchText, UserQuery};
use postern_domain::token::ActivationToken;
use postern_domain::user::{PasswordHash, User, UserKind, UserStatus};
use postern_domain::{DisplayName, EmailAddress, MessageBody, Recipient, Role, Subject};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::fakes::SeededRandom;

/// The storage ports of one adapter, as the contract sees them.
#[derive(Clone)]
pub struct Storage {
    /// Users.
    pub users: Arc<dyn UserRepository>,
    /// Invitations.
    pub invitations: Arc<dyn InvitationRepository>,
    /// Outbox.
    pub outbox: Arc<dyn OutboxRepository>,
    /// Settings.
    pub settings: Arc<dyn SettingsRepository>,
    /// Templates.
    pub templates: Arc<dyn TemplateStore>,
    /// Audit log.
    pub audit: Arc<dyn AuditLog>,
    /// Sessions.
    pub sessions: Arc<dyn SessionStore>,
    /// Two-factor enrolments.
    pub two_factor: Arc<dyn postern_domain::ports::TwoFactorRepository>,
    /// API tokens.
    pub api_tokens: Arc<dyn ApiTokenRepository>,
    /// Download links and counts.
    pub downloads: Arc<dyn postern_domain::ports::DownloadRepository>,
    /// Attempt counters shared by instances.
    pub limits: Arc<dyn postern_domain::ports::LimitStore>,
    /// Webhook endpoints.
    pub webhooks: Arc<dyn postern_domain::ports::WebhookRepository>,
}

impl Storage {
    /// All ports from one object that implements them all.
    pub fn from_one<S>(store: Arc<S>) -> Self
    where
        S: UserRepository
            + InvitationRepository
            + OutboxRepository
            + SettingsRepository
            + TemplateStore
            + AuditLog
            + SessionStore
            + postern_domain::ports::TwoFactorRepository
            + ApiTokenRepository
            + postern_domain::ports::DownloadRepository
            + postern_domain::ports::LimitStore
            + postern_domain::ports::WebhookRepository
            + 'static,
    {
        Self {
            users: store.clone(),
            invitations: store.clone(),
            outbox: store.clone(),
            settings: store.clone(),
            templates: store.clone(),
            audit: store.clone(),
            sessions: store.clone(),
            two_factor: store.clone(),
            api_tokens: store.clone(),
            downloads: store.clone(),
            limits: store.clone(),
            webhooks: store,
        }
    }
}

/// A fixed instant (whole microseconds, as every engine stores).
pub const T0: OffsetDateTime = datetime!(2026-11-02 09:30:15.123456 UTC);

/// A user for tests.
pub fn sample_user(random: &dyn TokenSource, email: &str, kind: UserKind) -> User {
    User {
        id: UserId::generate(random),
        email: EmailAddress::parse(email).expect("test address"),
        display_name: DisplayName::parse("Sample Person").expect("test name"),
        kind,
        status: UserStatus::Active,
        invitation_setting: InvitationSetting::Inherit,
        password_hash: Some(PasswordHash::new("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into())),
        directory_may_invite: false,
        quota: None,
        sponsor_id: None,
        last_seen_at: None,
        created_at: T0,
    }
}

/// An invitation from `sender` to `to` (To) and `bcc` (BCC), queued at `at`.
pub fn sample_invitation(
    random: &dyn TokenSource,
    sender: &User,
    to: &[&str],
    bcc: &[&str],
    at: OffsetDateTime,
) -> Invitation {
    let recipient = |address: &str, role| InvitationRecipient {
        id: RecipientId::generate(random),
        recipient: Recipient::new(
            EmailAddress::parse(address).expect("test address"),
            Some("Ann \"A\" Example".into()),
        ),
        role,
        kind: RecipientKind::External,
        state: RecipientState::Queued,
        sent_at: None,
        expires_at: None,
        accepted_at: None,
        last_delivery_note: None,
        reminders_sent: 0,
        next_reminder_at: None,
        renewal_requested_at: None,
        opened_at: None,
    };
    Invitation {
        id: InvitationId::generate(random),
        sender_id: sender.id,
        sender_email: sender.email.clone(),
        sender_name: sender.display_name.clone(),
        subject: Subject::parse("Welcome, née Zoë").expect("test subject"),
        message: MessageBody::parse("Line one\nLine two").expect("test message"),
        options: DeliveryOptionPolicy::default()
            .resolve(&RequestedOptions::default())
            .expect("defaults"),
        created_at: at,
        idempotency_key: None,
        language: postern_domain::Language::De,
        recipients: to
            .iter()
            .map(|a| recipient(a, Role::To))
            .chain(bcc.iter().map(|a| recipient(a, Role::Bcc)))
            .collect(),
        attachments: ["Report – Q3.pdf", "data.csv"]
            .iter()
            .enumerate()
            .map(|(n, name)| postern_domain::files::Attachment {
                id: postern_domain::ids::AttachmentId::generate(random),
                name: postern_domain::files::FileName::parse(name).expect("test name"),
                size: 1000 * (n as u64 + 1),
                sha256: format!("{:064x}", n + 1),
                blob_key: format!("{:064x}", n + 100),
            })
            .collect(),
        kind: postern_domain::invitation::MessageKind::Invitation,
    }
}

/// One outbox message per recipient of `invitation`.
pub fn outbox_for(random: &dyn TokenSource, invitation: &Invitation) -> Vec<OutboxMessage> {
    invitation
        .recipients
        .iter()
        .map(|r| {
            OutboxMessage::new(
                MessageId::generate(random),
                OutboxKind::Invitation { recipient_id: r.id },
                invitation.created_at,
            )
        })
        .collect()
}

/// A live token for a recipient.
pub fn live_token(
    random: &dyn TokenSource,
    recipient_id: RecipientId,
    at: OffsetDateTime,
) -> (ActivationToken, IssuedToken) {
    let token = ActivationToken::generate(random);
    let issued = IssuedToken {
        digest: token.digest(),
        recipient_id,
        issued_at: at,
        expires_at: at + Duration::days(14),
        state: TokenState::Live,
    };
    (token, issued)
}

/// Users: unique by address ignoring case, found as stored, settings and statuses change.
pub async fn users(s: Storage) {
    let r = SeededRandom::new(1);
    let mut u = sample_user(&r, "Mixed.Case@Example.com", UserKind::Internal);
    u.display_name = DisplayName::parse("Zoë O'Brien").unwrap();
    s.users.create_user(&u).await.unwrap();
    let found = s
        .users
        .find_user_by_email(&EmailAddress::parse("mixed.case@EXAMPLE.COM").unwrap())
        .await
        .unwrap();
    assert_eq!(
        found.as_ref(),
        Some(&u),
        "case-insensitive lookup returns the user as stored"
    );
    assert_eq!(
        found.unwrap().email.as_str(),
        "Mixed.Case@Example.com",
        "address kept as typed"
    );
    assert_eq!(s.users.find_user(u.id).await.unwrap(), Some(u.clone()));
    // A whole list in one question: letter case ignored, unknown addresses and repeats
    // harmless, more addresses than one statement binds.
    let mut asked: Vec<EmailAddress> = (0..1200)
        .map(|n| EmailAddress::parse(&format!("nobody{n}@example.net")).unwrap())
        .collect();
    asked.insert(700, EmailAddress::parse("MIXED.CASE@example.com").unwrap());
    asked.push(EmailAddress::parse("mixed.case@example.com").unwrap());
    let holders = s.users.find_users_by_emails(&asked).await.unwrap();
    assert_eq!(holders, vec![u.clone()], "each holder once, as stored");
    assert!(s.users.find_users_by_emails(&[]).await.unwrap().is_empty());
    let dup = sample_user(&r, "MIXED.case@example.com", UserKind::External);
    assert!(
        matches!(s.users.create_user(&dup).await, Err(StoreError::Conflict(_))),
        "duplicate address is a conflict"
    );
    s.users
        .set_invitation_setting(u.id, InvitationSetting::Allow)
        .await
        .unwrap();
    s.users.set_user_status(u.id, UserStatus::Disabled).await.unwrap();
    s.users
        .set_password_hash(u.id, &PasswordHash::new("$new".into()))
        .await
        .unwrap();
    let renamed = postern_domain::text::DisplayName::parse("Renamed By Directory").unwrap();
    s.users.refresh_directory_user(u.id, &renamed, true).await.unwrap();
    let changed = s.users.find_user(u.id).await.unwrap().unwrap();
    assert_eq!(changed.display_name, renamed);
    assert!(changed.directory_may_invite);
    assert_eq!(changed.invitation_setting, InvitationSetting::Allow);
    assert_eq!(changed.status, UserStatus::Disabled);
    assert_eq!(changed.password_hash.unwrap().as_str(), "$new");
    let ghost = UserId::generate(&r);
    assert_eq!(
        s.users.set_user_status(ghost, UserStatus::Active).await,
        Err(StoreError::NotFound)
    );
    assert_eq!(
        s.users.set_invitation_setting(ghost, InvitationSetting::Deny).await,
        Err(StoreError::NotFound)
    );
    assert_eq!(
        s.users.refresh_directory_user(ghost, &renamed, false).await,
        Err(StoreError::NotFound)
    );
    let other = sample_user(&r, "aaa@example.com", UserKind::Admin);
    s.users.create_user(&other).await.unwrap();
    let all: Vec<String> = s
        .users
        .list_users()
        .await
        .unwrap()
        .iter()
        .map(|u| u.email.normalized().to_owned())
        .collect();
    assert_eq!(all, vec!["aaa@example.com", "mixed.case@example.com"]);
}

/// An invitation and its outbox messages are written together or not at all; idempotency keys per sender.
pub async fn invitation_and_outbox_atomic(s: Storage) {
    let r = SeededRandom::new(2);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    s.users.create_user(&sender).await.unwrap();
    let mut inv = sample_invitation(
        &r,
        &sender,
        &["a@example.com", "b@example.org"],
        &["hidden@example.net"],
        T0,
    );
    inv.idempotency_key = Some("form-1".into());
    let outbox = outbox_for(&r, &inv);
    s.invitations.create_invitation(&inv, &outbox).await.unwrap();
    assert_eq!(
        s.invitations.find_invitation(inv.id).await.unwrap(),
        Some(inv.clone()),
        "round trip keeps every field and the order"
    );
    assert_eq!(
        s.invitations
            .find_by_recipient(inv.recipients[2].id)
            .await
            .unwrap()
            .map(|i| i.id),
        Some(inv.id)
    );
    assert_eq!(
        s.invitations
            .find_by_idempotency_key(sender.id, "form-1")
            .await
            .unwrap()
            .map(|i| i.id),
        Some(inv.id)
    );
    assert_eq!(
        s.invitations
            .find_by_idempotency_key(sender.id, "form-2")
            .await
            .unwrap(),
        None
    );
    assert_eq!(s.outbox.pending_count().await.unwrap(), 3);

    let mut again = sample_invitation(&r, &sender, &["c@example.com"], &[], T0);
    again.idempotency_key = Some("form-1".into());
    let again_outbox = outbox_for(&r, &again);
    assert!(matches!(
        s.invitations.create_invitation(&again, &again_outbox).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        s.invitations.find_invitation(again.id).await.unwrap(),
        None,
        "nothing of a refused invitation is written"
    );
    assert_eq!(s.outbox.pending_count().await.unwrap(), 3, "nor its outbox messages");

    // Another sender may use the same key.
    let other = sample_user(&r, "other@example.com", UserKind::Internal);
    s.users.create_user(&other).await.unwrap();
    let mut theirs = sample_invitation(&r, &other, &["c@example.com"], &[], T0);
    theirs.idempotency_key = Some("form-1".into());
    s.invitations
        .create_invitation(&theirs, &outbox_for(&r, &theirs))
        .await
        .unwrap();
}

/// Activation links: found by digest, consumed exactly once among concurrent acceptances; deferral and bounce changes.
pub async fn tokens_and_single_use(s: Storage) {
    let r = SeededRandom::new(3);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    s.users.create_user(&sender).await.unwrap();
    let inv = sample_invitation(&r, &sender, &["a@example.com"], &[], T0);
    s.invitations.create_invitation(&inv, &[]).await.unwrap();
    let rid = inv.recipients[0].id;
    let (_, first) = live_token(&r, rid, T0);
    let (_, second) = live_token(&r, rid, T0 + Duration::seconds(5));
    s.invitations.add_token(&first).await.unwrap();
    s.invitations.add_token(&second).await.unwrap();
    assert!(delivered(&s, rid, first.expires_at, "250 ok").await);
    let found = s.invitations.find_token(&first.digest).await.unwrap().unwrap();
    assert_eq!(found.token, first);
    assert!(!found.account_exists, "no account has the address yet");
    assert_eq!(found.invitation.recipients[0].state, RecipientState::Sent);
    assert_eq!(
        found.invitation.recipients[0].last_delivery_note.as_deref(),
        Some("250 ok")
    );
    let (unknown, _) = live_token(&r, rid, T0);
    assert!(s.invitations.find_token(&unknown.digest()).await.unwrap().is_none());

    // Many concurrent acceptances through both links: exactly one wins.
    let mut tasks = Vec::new();
    for i in 0..8u64 {
        let repo = s.invitations.clone();
        let digest = if i % 2 == 0 { first.digest } else { second.digest };
        let user = sample_user(&SeededRandom::new(100 + i), "a@example.com", UserKind::External);
        tasks.push(tokio::spawn(async move {
            repo.accept(&Acceptance {
                digest,
                recipient_id: rid,
                from: activation_from(),
                to: RecipientState::Accepted,
                at: T0,
                user: Some(user),
                language: Some(postern_domain::Language::Nl),
                outbox: Vec::new(),
            })
            .await
        }));
    }
    let mut wins = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => wins += 1,
            Err(AcceptError::Refused) | Err(AcceptError::UserExists) => {}
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(wins, 1, "a link is consumed exactly once");
    let created = s
        .users
        .find_user_by_email(&EmailAddress::parse("a@example.com").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        s.users.language_of(created.id).await.unwrap(),
        Some(postern_domain::Language::Nl),
        "the account created reads the language the acceptance gives, written with it"
    );
    let after = s.invitations.find_token(&second.digest).await.unwrap().unwrap();
    assert_eq!(
        after.token.state,
        TokenState::Used,
        "every link of the recipient is used up"
    );
    assert!(after.account_exists, "the link reads the account its acceptance made");
    assert_eq!(after.invitation.recipients[0].state, RecipientState::Accepted);
    assert!(
        s.users
            .find_user_by_email(&EmailAddress::parse("A@example.com").unwrap())
            .await
            .unwrap()
            .is_some()
    );
    let again = s
        .invitations
        .accept(&Acceptance {
            digest: first.digest,
            recipient_id: rid,
            from: activation_from(),
            to: RecipientState::Accepted,
            at: T0,
            user: None,
            language: None,
            outbox: vec![],
        })
        .await;
    assert_eq!(again, Err(AcceptError::Refused));

    // A token removed after a failed delivery is gone.
    let inv2 = sample_invitation(&r, &sender, &["b@example.com"], &[], T0);
    s.invitations.create_invitation(&inv2, &[]).await.unwrap();
    let (_, t) = live_token(&r, inv2.recipients[0].id, T0);
    s.invitations.add_token(&t).await.unwrap();
    s.invitations.remove_token(&t.digest).await.unwrap();
    assert!(s.invitations.find_token(&t.digest).await.unwrap().is_none());
    let deferred = worker_change(
        Event::DeliveryDeferred,
        inv2.recipients[0].id,
        Facts::Note("421 try later".into()),
        vec![],
    );
    assert!(s.invitations.change_recipient(&deferred).await.unwrap());
    let before = s.outbox.pending_count().await.unwrap();
    let notice = OutboxMessage::new(
        MessageId::generate(&r),
        OutboxKind::BounceNotice {
            recipient_id: inv2.recipients[0].id,
        },
        T0,
    );
    let bounce = worker_change(
        Event::DeliveryRefused,
        inv2.recipients[0].id,
        Facts::Note("550 unknown".into()),
        vec![notice],
    );
    assert!(s.invitations.change_recipient(&bounce).await.unwrap());
    assert_eq!(
        s.outbox.pending_count().await.unwrap(),
        before + 1,
        "the inviter's notice is queued with the bounce"
    );
    let bounced = s.invitations.find_invitation(inv2.id).await.unwrap().unwrap();
    assert_eq!(bounced.recipients[0].state, RecipientState::Bounced);
    assert_eq!(bounced.recipients[0].last_delivery_note.as_deref(), Some("550 unknown"));
}

/// An acceptance that cannot create its account writes nothing.
pub async fn accept_is_atomic(s: Storage) {
    let r = SeededRandom::new(4);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    s.users.create_user(&sender).await.unwrap();
    let existing = sample_user(&r, "Taken@Example.com", UserKind::External);
    s.users.create_user(&existing).await.unwrap();
    let inv = sample_invitation(&r, &sender, &["taken@example.com"], &[], T0);
    s.invitations.create_invitation(&inv, &[]).await.unwrap();
    let rid = inv.recipients[0].id;
    let (_, t) = live_token(&r, rid, T0);
    s.invitations.add_token(&t).await.unwrap();
    assert!(delivered(&s, rid, t.expires_at, "ok").await);
    let newcomer = sample_user(&r, "taken@example.com", UserKind::External);
    let welcome = OutboxMessage::new(
        MessageId::generate(&r),
        OutboxKind::Welcome { user_id: newcomer.id },
        T0,
    );
    let result = s
        .invitations
        .accept(&Acceptance {
            digest: t.digest,
            recipient_id: rid,
            from: activation_from(),
            to: RecipientState::Accepted,
            at: T0,
            user: Some(newcomer),
            language: Some(postern_domain::Language::Nl),
            outbox: vec![welcome],
        })
        .await;
    assert_eq!(result, Err(AcceptError::UserExists));
    let after = s.invitations.find_token(&t.digest).await.unwrap().unwrap();
    assert!(
        after.account_exists,
        "an account of the address in another case counts as the recipient's"
    );
    assert_eq!(after.token.state, TokenState::Live, "the link is not consumed");
    assert_eq!(after.invitation.recipients[0].state, RecipientState::Sent);
    assert_eq!(s.outbox.pending_count().await.unwrap(), 0, "no message queued");
}

/// The activation rule's allowed-from states.
fn activation_from() -> &'static [RecipientState] {
    lifecycle::links_work(MessageKind::Invitation, false)
}

/// The change the table makes for `event` by the delivery worker to an invitation recipient.
fn worker_change(event: Event, id: RecipientId, facts: Facts, outbox: Vec<OutboxMessage>) -> RecipientChange {
    let rule = lifecycle::rule(event, MessageKind::Invitation, Actor::Worker).expect("a worker rule");
    RecipientChange::by(rule, id, T0, facts, outbox).expect("a state change")
}

/// The change the table makes for `event` by `actor` to an invitation recipient.
fn change(event: Event, actor: Actor, id: RecipientId, facts: Facts, outbox: Vec<OutboxMessage>) -> RecipientChange {
    let rule = lifecycle::rule(event, MessageKind::Invitation, actor).expect("a rule");
    RecipientChange::by(rule, id, T0, facts, outbox).expect("a state change")
}

/// Records an accepted delivery; whether it applied.
async fn delivered(s: &Storage, id: RecipientId, expires_at: OffsetDateTime, note: &str) -> bool {
    let facts = Facts::Delivered {
        at: T0,
        expires_at,
        note: note.into(),
        remind_at: None,
    };
    s.invitations
        .change_recipient(&worker_change(Event::DeliveryAccepted, id, facts, vec![]))
        .await
        .unwrap()
}

/// Recipient changes apply only from their allowed states, all or nothing; revokes reach download links.
///
/// The adapters' own rules disagreed before the lifecycle table (c37bfd7): a bounce of an
/// accepted recipient kept its note and queued no notice in SQL, but overwrote the note and
/// queued a notice in memory, and neither refused a revoke after acceptance. This case checks
/// the same answer from every engine.
pub async fn changes_are_compare_and_set(s: Storage) {
    let r = SeededRandom::new(5);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    s.users.create_user(&sender).await.unwrap();
    let inv = sample_invitation(&r, &sender, &["a@example.com", "b@example.com"], &[], T0);
    s.invitations.create_invitation(&inv, &[]).await.unwrap();
    let (a, b) = (inv.recipients[0].id, inv.recipients[1].id);
    let (_, ta) = live_token(&r, a, T0);
    let (_, tb) = live_token(&r, b, T0);
    s.invitations.add_token(&ta).await.unwrap();
    s.invitations.add_token(&tb).await.unwrap();
    let download = DownloadLink {
        digest: ActivationToken::generate(&r).digest(),
        recipient_id: a,
        issued_at: T0,
        expires_at: T0 + Duration::days(7),
        state: TokenState::Live,
    };
    s.downloads.add_download_link(&download).await.unwrap();
    let revoke = change(Event::Revoke, Actor::Sender, a, Facts::Nothing, vec![]);
    assert!(s.invitations.change_recipient(&revoke).await.unwrap());
    let found = s.invitations.find_token(&ta.digest).await.unwrap().unwrap();
    assert_eq!(found.token.state, TokenState::Revoked);
    assert_eq!(found.invitation.recipient(a).unwrap().state, RecipientState::Revoked);
    let (link, _) = s.downloads.find_download_link(&download.digest).await.unwrap().unwrap();
    assert_eq!(link.state, TokenState::Revoked, "a revoke kills the download links too");
    let whole = s.invitations.find_invitation(inv.id).await.unwrap().unwrap();
    assert_eq!(
        whole.recipient(b).unwrap().state,
        RecipientState::Queued,
        "other recipients untouched"
    );

    // Not from an allowed state: nothing at all is written, messages included.
    let msg = OutboxMessage::new(MessageId::generate(&r), OutboxKind::Invitation { recipient_id: b }, T0);
    let resend = change(Event::Resend, Actor::Sender, b, Facts::Cleared, vec![msg.clone()]);
    assert!(
        !s.invitations.change_recipient(&resend).await.unwrap(),
        "queued: no resend"
    );
    assert_eq!(s.outbox.pending_count().await.unwrap(), 0);
    assert_eq!(
        s.invitations.find_token(&tb.digest).await.unwrap().unwrap().token.state,
        TokenState::Live,
        "a refused change leaves the links alone"
    );
    assert!(delivered(&s, b, T0 + Duration::days(14), "250 ok").await);
    assert!(s.invitations.change_recipient(&resend).await.unwrap());
    let whole = s.invitations.find_invitation(inv.id).await.unwrap().unwrap();
    let rb = whole.recipient(b).unwrap();
    assert_eq!(rb.state, RecipientState::Queued);
    assert_eq!(
        (rb.expires_at, rb.last_delivery_note.as_deref()),
        (None, None),
        "cleared"
    );
    assert_eq!(
        s.invitations.find_token(&tb.digest).await.unwrap().unwrap().token.state,
        TokenState::Revoked
    );
    assert_eq!(s.outbox.pending_count().await.unwrap(), 1);

    let ghost = RecipientId::generate(&r);
    let revoke_ghost = change(Event::Revoke, Actor::Sender, ghost, Facts::Nothing, vec![]);
    assert_eq!(
        s.invitations.change_recipient(&revoke_ghost).await,
        Err(StoreError::NotFound)
    );
    let outcome = s
        .invitations
        .accept(&Acceptance {
            digest: ta.digest,
            recipient_id: a,
            from: activation_from(),
            to: RecipientState::Accepted,
            at: T0,
            user: None,
            language: None,
            outbox: vec![],
        })
        .await;
    assert_eq!(outcome, Err(AcceptError::Refused));

    // An accepted recipient: a late bounce changes nothing and queues no notice.
    let inv3 = sample_invitation(&r, &sender, &["c@example.com"], &[], T0);
    s.invitations.create_invitation(&inv3, &[]).await.unwrap();
    let c = inv3.recipients[0].id;
    let (_, tc) = live_token(&r, c, T0);
    s.invitations.add_token(&tc).await.unwrap();
    assert!(delivered(&s, c, tc.expires_at, "250 first").await);
    s.invitations
        .accept(&Acceptance {
            digest: tc.digest,
            recipient_id: c,
            from: activation_from(),
            to: RecipientState::Accepted,
            at: T0,
            user: None,
            language: None,
            outbox: vec![],
        })
        .await
        .unwrap();
    let before = s.outbox.pending_count().await.unwrap();
    let notice = OutboxMessage::new(
        MessageId::generate(&r),
        OutboxKind::BounceNotice { recipient_id: c },
        T0,
    );
    let bounce = worker_change(Event::DeliveryRefused, c, Facts::Note("550 late".into()), vec![notice]);
    assert!(!s.invitations.change_recipient(&bounce).await.unwrap());
    assert_eq!(s.outbox.pending_count().await.unwrap(), before, "no notice");
    let after = s.invitations.find_invitation(inv3.id).await.unwrap().unwrap();
    assert_eq!(after.recipients[0].state, RecipientState::Accepted);
    assert_eq!(after.recipients[0].last_delivery_note.as_deref(), Some("250 first"));
    for (event, actor) in [(Event::Revoke, Actor::Sender), (Event::Revoke, Actor::Administrator)] {
        let c2 = change(event, actor, c, Facts::Nothing, vec![]);
        assert!(
            !s.invitations.change_recipient(&c2).await.unwrap(),
            "no revoke after acceptance"
        );
    }
}

/// Outbox claims: due messages, oldest first, leased, retried later.
pub async fn outbox_claims(s: Storage) {
    let r = SeededRandom::new(6);
    let lease = Duration::minutes(5);
    let early = OutboxMessage::new(
        MessageId::generate(&r),
        OutboxKind::Welcome {
            user_id: UserId::generate(&r),
        },
        T0,
    );
    let mut later = OutboxMessage::new(
        MessageId::generate(&r),
        OutboxKind::Welcome {
            user_id: UserId::generate(&r),
        },
        T0,
    );
    later.next_attempt_at = T0 + Duration::minutes(10);
    s.outbox.enqueue(&later).await.unwrap();
    s.outbox.enqueue(&early).await.unwrap();
    let claimed = s.outbox.claim_due(T0, lease, 10, "a#1").await.unwrap();
    assert_eq!(claimed, vec![early.clone()], "only due messages");
    assert!(
        s.outbox
            .claim_due(T0 + Duration::minutes(1), lease, 10, "b#1")
            .await
            .unwrap()
            .is_empty(),
        "a claimed message is not claimed again during its lease"
    );
    // Only the holder renews its lease.
    assert_eq!(
        s.outbox
            .renew_claims(&[early.id, later.id], "b#1", T0 + Duration::minutes(20))
            .await
            .unwrap(),
        0,
        "not the holder"
    );
    assert_eq!(
        s.outbox
            .renew_claims(&[early.id, later.id], "a#1", T0 + Duration::minutes(8))
            .await
            .unwrap(),
        1,
        "the holder renews what it holds (the later message is not claimed)"
    );
    assert!(
        s.outbox
            .claim_due(T0 + Duration::minutes(6), lease, 1, "b#2")
            .await
            .unwrap()
            .is_empty(),
        "a renewed lease holds past its first end"
    );
    let taken_over = s
        .outbox
        .claim_due(T0 + Duration::minutes(9), lease, 1, "b#3")
        .await
        .unwrap();
    assert_eq!(taken_over.len(), 1, "an expired lease is taken over");
    assert_eq!(taken_over[0].id, early.id, "oldest due first");
    assert_eq!(
        s.outbox
            .renew_claims(&[early.id], "a#1", T0 + Duration::minutes(30))
            .await
            .unwrap(),
        0,
        "the first holder lost it"
    );
    s.outbox
        .retry_at(early.id, T0 + Duration::minutes(30), 1)
        .await
        .unwrap();
    let due = s
        .outbox
        .claim_due(T0 + Duration::minutes(12), lease, 10, "c#1")
        .await
        .unwrap();
    assert_eq!(due.iter().map(|m| m.id).collect::<Vec<_>>(), vec![later.id]);
    s.outbox.complete(later.id).await.unwrap();
    let retried = s
        .outbox
        .claim_due(T0 + Duration::minutes(31), lease, 10, "c#2")
        .await
        .unwrap();
    assert_eq!(retried.len(), 1);
    assert_eq!(retried[0].attempts, 1);
    assert_eq!(retried[0].kind, early.kind);
    s.outbox.complete(early.id).await.unwrap();
    assert_eq!(s.outbox.pending_count().await.unwrap(), 0);
}

/// Attempt counters shared by instances: each attempt counted once per window, even when
/// counted at once from many tasks; failures counted, timed, cleared; old entries purged.
pub async fn shared_limits(s: Storage) {
    let limits = s.limits.clone();
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let l = limits.clone();
        tasks.push(tokio::spawn(async move { l.count_attempt("k1", 600).await.unwrap() }));
    }
    let mut seen: Vec<u32> = Vec::new();
    for t in tasks {
        seen.push(t.await.unwrap());
    }
    seen.sort_unstable();
    assert_eq!(seen, (1..=20).collect::<Vec<u32>>(), "every attempt counted once");
    assert_eq!(
        limits.count_attempt("k1", 660).await.unwrap(),
        1,
        "a new window starts at 1"
    );
    assert_eq!(limits.count_attempt("k2", 600).await.unwrap(), 1, "keys apart");

    assert_eq!(limits.failures("f").await.unwrap(), None);
    limits.record_failure("f", T0).await.unwrap();
    limits.record_failure("f", T0 + Duration::seconds(5)).await.unwrap();
    assert_eq!(
        limits.failures("f").await.unwrap(),
        Some((2, T0 + Duration::seconds(5)))
    );
    limits.clear_failures("f").await.unwrap();
    assert_eq!(limits.failures("f").await.unwrap(), None);
    limits.record_failure("old", T0).await.unwrap();
    limits.record_failure("new", T0 + Duration::hours(1)).await.unwrap();
    let purged = limits.purge_limits(660, T0 + Duration::minutes(30)).await.unwrap();
    assert_eq!(purged, 3, "two windows of 600 and the old failure");
    assert_eq!(
        limits.count_attempt("k1", 660).await.unwrap(),
        2,
        "the later window stays"
    );
    assert_eq!(limits.failures("old").await.unwrap(), None);
    assert!(limits.failures("new").await.unwrap().is_some());
}

/// For monitoring: the oldest due message (claimed or not, never one due later), and the
/// activation links that ran out unused within a window (not accepted, revoked or still
/// queued ones; not files messages).
pub async fn monitoring_counts(s: Storage) {
    let r = SeededRandom::new(16);
    assert_eq!(s.outbox.oldest_due(T0).await.unwrap(), None, "an empty outbox");
    let message = |at: OffsetDateTime| {
        let mut m = OutboxMessage::new(
            MessageId::generate(&r),
            OutboxKind::Welcome {
                user_id: UserId::generate(&r),
            },
            T0,
        );
        m.next_attempt_at = at;
        m
    };
    let future = message(T0 + Duration::minutes(10));
    s.outbox.enqueue(&future).await.unwrap();
    assert_eq!(s.outbox.oldest_due(T0).await.unwrap(), None, "nothing due yet");
    let old = message(T0 - Duration::minutes(3));
    let older = message(T0 - Duration::minutes(7));
    s.outbox.enqueue(&old).await.unwrap();
    s.outbox.enqueue(&older).await.unwrap();
    let claimed = s.outbox.claim_due(T0, Duration::minutes(5), 1, "m#1").await.unwrap();
    assert_eq!(claimed[0].id, older.id);
    assert_eq!(
        s.outbox.oldest_due(T0).await.unwrap(),
        Some(T0 - Duration::minutes(7)),
        "a message in flight still waits"
    );
    s.outbox.complete(older.id).await.unwrap();
    assert_eq!(s.outbox.oldest_due(T0).await.unwrap(), Some(T0 - Duration::minutes(3)));
    assert_eq!(
        s.outbox.oldest_due(T0 + Duration::minutes(20)).await.unwrap(),
        Some(T0 - Duration::minutes(3))
    );

    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    s.users.create_user(&sender).await.unwrap();
    let inv = sample_invitation(
        &r,
        &sender,
        &["a@example.com", "b@example.com", "c@example.com", "d@example.com"],
        &[],
        T0,
    );
    s.invitations.create_invitation(&inv, &[]).await.unwrap();
    let ids: Vec<RecipientId> = inv.recipients.iter().map(|x| x.id).collect();
    for (id, days) in ids.iter().zip([1, 2, 3, 20]) {
        assert!(delivered(&s, *id, T0 + Duration::days(days), "250 ok").await);
    }
    let (_, token) = live_token(&r, ids[1], T0);
    s.invitations.add_token(&token).await.unwrap();
    s.invitations
        .accept(&Acceptance {
            digest: token.digest,
            recipient_id: ids[1],
            from: activation_from(),
            to: RecipientState::Accepted,
            at: T0,
            user: None,
            language: None,
            outbox: vec![],
        })
        .await
        .unwrap();
    let revoke = change(Event::Revoke, Actor::Sender, ids[2], Facts::Nothing, vec![]);
    assert!(s.invitations.change_recipient(&revoke).await.unwrap());
    let mut files = sample_invitation(&r, &sender, &["e@example.com"], &[], T0);
    files.kind = MessageKind::Files;
    s.invitations.create_invitation(&files, &[]).await.unwrap();
    let facts = Facts::Delivered {
        at: T0,
        expires_at: T0 + Duration::days(1),
        note: "250 ok".into(),
        remind_at: None,
    };
    let rule = lifecycle::rule(Event::DeliveryAccepted, MessageKind::Files, Actor::Worker).expect("a rule");
    let change_files = RecipientChange::by(rule, files.recipients[0].id, T0, facts, vec![]).expect("a change");
    assert!(s.invitations.change_recipient(&change_files).await.unwrap());
    // Still queued: no link yet, nothing runs out.
    let queued = sample_invitation(&r, &sender, &["f@example.com"], &[], T0);
    s.invitations.create_invitation(&queued, &[]).await.unwrap();

    let count = |after: i64, until: i64| {
        let s = &s;
        async move {
            s.invitations
                .count_links_expired(T0 + Duration::days(after), T0 + Duration::days(until))
                .await
                .unwrap()
        }
    };
    assert_eq!(count(0, 30).await, 2, "a (day 1) and d (day 20)");
    assert_eq!(count(0, 1).await, 1, "the end of the window counts");
    assert_eq!(count(1, 19).await, 0, "the start does not");
    assert_eq!(count(1, 20).await, 1);
    assert_eq!(count(-5, 0).await, 0);
}

/// Keyset pages: newest first, every invitation once, per sender and for everyone.
pub async fn keyset_pagination(s: Storage) {
    let r = SeededRandom::new(7);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    let other = sample_user(&r, "other@example.com", UserKind::Internal);
    s.users.create_user(&sender).await.unwrap();
    s.users.create_user(&other).await.unwrap();
    let mut expected = Vec::new();
    for i in 0..7 {
        // Two invitations share each instant: the id breaks the tie.
        let inv = sample_invitation(&r, &sender, &["a@example.com"], &[], T0 + Duration::seconds(i / 2));
        s.invitations.create_invitation(&inv, &[]).await.unwrap();
        expected.push((inv.created_at, inv.id));
    }
    let theirs = sample_invitation(&r, &other, &["a@example.com"], &[], T0);
    s.invitations.create_invitation(&theirs, &[]).await.unwrap();
    expected.sort();
    expected.reverse();
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = s.invitations.list_by_sender(sender.id, cursor, 3).await.unwrap();
        assert!(page.invitations.len() <= 3);
        seen.extend(page.invitations.iter().map(|i| (i.created_at, i.id)));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen, expected, "newest first, every invitation once, only the sender's");
    let mut everyone = Vec::new();
    let mut cursor = None;
    loop {
        let page = s
            .invitations
            .search_invitations(&InvitationQuery::default(), T0, cursor, 4)
            .await
            .unwrap();
        everyone.extend(page.invitations.iter().map(|i| (i.created_at, i.id)));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    let mut all_expected = expected.clone();
    all_expected.push((theirs.created_at, theirs.id));
    all_expected.sort();
    all_expected.reverse();
    assert_eq!(
        everyone, all_expected,
        "administrators see every sender's invitations, newest first"
    );
}

/// Settings, templates, the audit log and sessions.
pub async fn settings_templates_audit_sessions(s: Storage) {
    assert_eq!(*s.settings.load_settings().await.unwrap(), PortalSettings::default());
    let mut settings = PortalSettings::default();
    settings.invitations.internal_users_may_invite = true;
    settings.recipients.denied_domains = vec!["bad.example".into()];
    s.settings.save_settings(&settings).await.unwrap();
    s.settings.save_settings(&settings).await.unwrap();
    assert_eq!(*s.settings.load_settings().await.unwrap(), settings);

    assert_eq!(s.templates.template("invitation").await.unwrap(), None);
    s.templates
        .save_template("invitation", "Hi {{portal_name}}")
        .await
        .unwrap();
    s.templates
        .save_template("invitation", "Hello {{portal_name}}")
        .await
        .unwrap();
    assert_eq!(
        s.templates.template("invitation").await.unwrap().as_deref(),
        Some("Hello {{portal_name}}")
    );
    s.templates.reset_template("invitation").await.unwrap();
    assert_eq!(s.templates.template("invitation").await.unwrap(), None);

    for i in 0..3 {
        let e = AuditEvent {
            at: T0 + Duration::seconds(i),
            actor: Some("a@example.com".into()),
            action: format!("test.{i}"),
            subject: "s".into(),
            detail: "d".into(),
        };
        s.audit.record(&e).await.unwrap();
    }
    let recent = s.audit.recent(2).await.unwrap();
    assert_eq!(
        recent.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec!["test.2", "test.1"]
    );
    assert_eq!(recent[0].at, T0 + Duration::seconds(2));

    s.sessions
        .save_session("k1", "{\"a\":1}", T0 + Duration::hours(1), None)
        .await
        .unwrap();
    s.sessions
        .save_session("k1", "{\"a\":2}", T0 + Duration::hours(1), None)
        .await
        .unwrap();
    s.sessions
        .save_session("k2", "{}", T0 + Duration::minutes(1), None)
        .await
        .unwrap();
    assert_eq!(
        s.sessions.load_session("k1", T0).await.unwrap().as_deref(),
        Some("{\"a\":2}")
    );
    assert_eq!(
        s.sessions.load_session("k2", T0 + Duration::minutes(2)).await.unwrap(),
        None,
        "expired sessions do not load"
    );
    assert_eq!(s.sessions.purge_sessions(T0 + Duration::minutes(2)).await.unwrap(), 1);
    s.sessions.remove_session("k1").await.unwrap();
    assert_eq!(s.sessions.load_session("k1", T0).await.unwrap(), None);
    owned_sessions(&s).await;
}

/// Sessions with an owner: listed per user, most recent first, and ended one by one or all
/// but the current one; another user's sessions and anonymous ones are never touched.
async fn owned_sessions(s: &Storage) {
    let r = SeededRandom::new(31);
    let (alice, bob) = (UserId::generate(&r), UserId::generate(&r));
    let owner = |user, public: &str, seen: i64, console| SessionOwner {
        user_id: user,
        public_id: public.to_owned(),
        created_at: T0,
        last_seen_at: T0 + Duration::minutes(seen),
        client: "198.51.100.7".into(),
        agent: "Firefox — Zoë's laptop".into(),
        console,
    };
    let save = |key: &'static str, o: Option<SessionOwner>, hours: i64| {
        let sessions = s.sessions.clone();
        async move {
            sessions
                .save_session(key, "{}", T0 + Duration::hours(hours), o)
                .await
                .unwrap();
        }
    };
    save("a1", Some(owner(alice, "pa1", 1, false)), 12).await;
    save("a2", Some(owner(alice, "pa2", 5, true)), 12).await;
    save("a3", Some(owner(alice, "pa3", 3, false)), 12).await;
    save("gone", Some(owner(alice, "pgone", 9, false)), 0).await;
    save("b1", Some(owner(bob, "pb1", 2, false)), 12).await;
    save("anon", None, 12).await;
    let listed = s
        .sessions
        .list_sessions(alice, T0 + Duration::minutes(10))
        .await
        .unwrap();
    assert_eq!(
        listed.iter().map(|x| x.owner.public_id.as_str()).collect::<Vec<_>>(),
        vec!["pa2", "pa3", "pa1"],
        "live sessions only, most recently used first"
    );
    assert_eq!(listed[0].owner, owner(alice, "pa2", 5, true), "stored as given");
    assert_eq!(listed[0].expires_at, T0 + Duration::hours(12));
    assert_eq!(
        s.sessions.end_sessions(alice, Some("pb1".into()), None).await.unwrap(),
        0,
        "one user cannot end another's session"
    );
    assert_eq!(
        s.sessions.end_sessions(alice, Some("pa3".into()), None).await.unwrap(),
        1
    );
    assert_eq!(
        s.sessions.end_sessions(alice, None, Some("pa1".into())).await.unwrap(),
        2,
        "all but the current one (the expired one included)"
    );
    let left = s.sessions.list_sessions(alice, T0).await.unwrap();
    assert_eq!(
        left.iter().map(|x| x.owner.public_id.as_str()).collect::<Vec<_>>(),
        vec!["pa1"]
    );
    assert!(s.sessions.load_session("a1", T0).await.unwrap().is_some());
    assert!(s.sessions.load_session("a2", T0).await.unwrap().is_none());
    assert!(
        s.sessions.load_session("b1", T0).await.unwrap().is_some(),
        "bob's session stays"
    );
    assert!(s.sessions.load_session("anon", T0).await.unwrap().is_some());
    assert_eq!(s.sessions.end_sessions(alice, None, None).await.unwrap(), 1);
    assert!(s.sessions.list_sessions(alice, T0).await.unwrap().is_empty());
    assert_eq!(s.sessions.list_sessions(bob, T0).await.unwrap().len(), 1);
}

/// Two-factor enrolments: started (restarted while in progress, never over a confirmed one),
/// confirmed with its codes, each step and each recovery code accepted once (also when two
/// callers race), codes replaced, everything removed; another user's never touched.
pub async fn two_factor(s: Storage) {
    use postern_domain::ports::TwoFactorRecord;
    let r = SeededRandom::new(41);
    let (alice, bob) = (UserId::generate(&r), UserId::generate(&r));
    let record = |user, secret: &[u8]| TwoFactorRecord {
        user_id: user,
        sealed_secret: secret.to_vec(),
        confirmed: false,
        created_at: T0,
        confirmed_at: None,
        last_step: 0,
    };
    let tf = &s.two_factor;
    assert_eq!(tf.find_two_factor(alice).await.unwrap(), None);
    tf.start_two_factor(&record(alice, b"first")).await.unwrap();
    tf.start_two_factor(&record(alice, b"second\x00\xff")).await.unwrap();
    tf.start_two_factor(&record(bob, b"bob's")).await.unwrap();
    assert_eq!(
        tf.find_two_factor(alice).await.unwrap(),
        Some(record(alice, b"second\x00\xff")),
        "restarted while in progress, bytes kept exactly"
    );
    assert!(!tf.use_step(alice, 5).await.unwrap(), "no code before confirmation");
    let digests = |prefix: &str| (0..3).map(|i| format!("{prefix}{i:062}")).collect::<Vec<_>>();
    tf.confirm_two_factor(alice, 100, T0 + Duration::minutes(1), digests("a"))
        .await
        .unwrap();
    assert_eq!(
        tf.confirm_two_factor(alice, 100, T0, digests("x")).await,
        Err(StoreError::NotFound),
        "confirmed once"
    );
    let on = tf.find_two_factor(alice).await.unwrap().unwrap();
    assert!(on.confirmed);
    assert_eq!((on.confirmed_at, on.last_step), (Some(T0 + Duration::minutes(1)), 100));
    assert!(matches!(
        tf.start_two_factor(&record(alice, b"over")).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        tf.find_two_factor(alice).await.unwrap().unwrap().sealed_secret,
        b"second\x00\xff"
    );
    // Steps: later ones once each, never the same or an earlier one; racing callers, one wins.
    assert!(
        !tf.use_step(alice, 100).await.unwrap(),
        "the confirming code's step is used"
    );
    assert!(tf.use_step(alice, 101).await.unwrap());
    assert!(!tf.use_step(alice, 101).await.unwrap());
    assert!(!tf.use_step(alice, 99).await.unwrap());
    let (a, b) = tokio::join!(tf.use_step(alice, 105), tf.use_step(alice, 105));
    assert_eq!(u8::from(a.unwrap()) + u8::from(b.unwrap()), 1, "one of two racing uses");
    // Recovery codes: each once, only the owner's.
    assert_eq!(tf.unused_recovery_codes(alice).await.unwrap(), 3);
    let code = digests("a")[1].clone();
    assert!(!tf.use_recovery_code(bob, code.clone(), T0).await.unwrap(), "not bob's");
    let (a, b) = tokio::join!(
        tf.use_recovery_code(alice, code.clone(), T0),
        tf.use_recovery_code(alice, code.clone(), T0)
    );
    assert_eq!(u8::from(a.unwrap()) + u8::from(b.unwrap()), 1, "used once");
    assert_eq!(tf.unused_recovery_codes(alice).await.unwrap(), 2);
    tf.replace_recovery_codes(alice, digests("b")).await.unwrap();
    assert_eq!(tf.unused_recovery_codes(alice).await.unwrap(), 3);
    assert!(
        !tf.use_recovery_code(alice, digests("a")[0].clone(), T0).await.unwrap(),
        "old codes stop"
    );
    assert!(tf.use_recovery_code(alice, digests("b")[0].clone(), T0).await.unwrap());
    // Removal: everything of alice's, nothing of bob's.
    assert!(tf.remove_two_factor(alice).await.unwrap());
    assert!(!tf.remove_two_factor(alice).await.unwrap());
    assert_eq!(tf.find_two_factor(alice).await.unwrap(), None);
    assert_eq!(tf.unused_recovery_codes(alice).await.unwrap(), 0);
    assert_eq!(tf.find_two_factor(bob).await.unwrap(), Some(record(bob, b"bob's")));
}

/// A counted download under `limit`, leaving `allowance` to resume.
fn count(limit: u32, allowance: u64) -> DownloadCharge {
    DownloadCharge {
        resume: None,
        count: Some((limit, allowance)),
    }
}

/// A delivery round's changes are recorded in one write, each only from its allowed states.
pub async fn a_delivery_round(s: Storage) {
    use postern_domain::ports::Delivered;
    let r = SeededRandom::new(8);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    s.users.create_user(&sender).await.unwrap();
    let inv = sample_invitation(
        &r,
        &sender,
        &["a@example.com", "b@example.com", "c@example.com"],
        &[],
        T0,
    );
    let outbox = outbox_for(&r, &inv);
    s.invitations.create_invitation(&inv, &outbox).await.unwrap();
    let tokens: Vec<IssuedToken> = inv.recipients.iter().map(|rc| live_token(&r, rc.id, T0).1).collect();
    s.invitations.add_tokens(&tokens).await.unwrap();
    for t in &tokens {
        assert!(s.invitations.find_token(&t.digest).await.unwrap().is_some());
    }
    let revoke = change(
        Event::Revoke,
        Actor::Sender,
        inv.recipients[2].id,
        Facts::Nothing,
        vec![],
    );
    assert!(s.invitations.change_recipient(&revoke).await.unwrap());
    let delivered: Vec<Delivered> = inv
        .recipients
        .iter()
        .zip(&outbox)
        .map(|(rc, m)| {
            let note = format!("250 ok {}", rc.address());
            let facts = Facts::Delivered {
                at: T0,
                expires_at: T0 + Duration::days(14),
                note,
                remind_at: None,
            };
            Delivered {
                message: m.id,
                recipient: Some(worker_change(Event::DeliveryAccepted, rc.id, facts, vec![])),
            }
        })
        .collect();
    s.outbox.record_delivered(&delivered[..2]).await.unwrap();
    s.outbox.record_delivered(&delivered[2..]).await.unwrap();
    s.outbox.record_delivered(&[]).await.unwrap();
    assert_eq!(
        s.outbox.pending_count().await.unwrap(),
        0,
        "delivered messages leave the outbox"
    );
    let after = s.invitations.find_invitation(inv.id).await.unwrap().unwrap();
    assert_eq!(after.recipients[0].state, RecipientState::Sent);
    assert_eq!(after.recipients[0].sent_at, Some(T0));
    assert_eq!(after.recipients[1].expires_at, Some(T0 + Duration::days(14)));
    assert_eq!(
        after.recipients[2].state,
        RecipientState::Revoked,
        "a revoked recipient stays revoked"
    );
    assert_eq!(
        after.recipients[2].last_delivery_note, None,
        "and nothing of the refused change is written"
    );
}

/// Searches apply their filters before the page is cut: a match far down the unfiltered list
/// is found, every match once, in order, and only matches.
pub async fn searches_filter_before_paging(s: Storage) {
    let r = SeededRandom::new(12);
    // Users: the ones to find stand last in address order.
    for i in 0..30 {
        let kind = if i % 3 == 0 {
            UserKind::External
        } else {
            UserKind::Internal
        };
        let mut u = sample_user(&r, &format!("user{i:02}@example.com"), kind);
        if i >= 25 {
            u.display_name = DisplayName::parse(&format!("Zed Nummer {i}")).unwrap();
        }
        if i == 27 {
            u.status = UserStatus::Disabled;
        }
        s.users.create_user(&u).await.unwrap();
    }
    let users = |query: UserQuery| {
        let s = s.clone();
        async move {
            let (mut found, mut after) = (Vec::new(), None::<String>);
            loop {
                let page = s.users.search_users(&query, after.clone(), 2).await.unwrap();
                assert!(page.users.len() <= 2);
                found.extend(page.users.iter().map(|u| u.email.as_str().to_owned()));
                match page.next {
                    Some(n) => after = Some(n),
                    None => return found,
                }
            }
        }
    };
    let zed = || UserQuery {
        text: SearchText::parse("  ZED nummer "),
        ..UserQuery::default()
    };
    let names = |ids: &[u32]| {
        ids.iter()
            .map(|i| format!("user{i:02}@example.com"))
            .collect::<Vec<_>>()
    };
    assert_eq!(users(zed()).await, names(&[25, 26, 27, 28, 29]));
    assert_eq!(
        users(UserQuery {
            kind: Some(UserKind::Internal),
            ..zed()
        })
        .await,
        names(&[25, 26, 28, 29])
    );
    assert_eq!(
        users(UserQuery {
            status: Some(UserStatus::Disabled),
            ..zed()
        })
        .await,
        names(&[27])
    );
    let by_address = UserQuery {
        text: SearchText::parse("ER07@"),
        ..UserQuery::default()
    };
    assert_eq!(users(by_address).await, names(&[7]));
    let wildcard = UserQuery {
        text: SearchText::parse("%_"),
        ..UserQuery::default()
    };
    assert!(users(wildcard).await.is_empty(), "% and _ are plain characters");

    // Audit entries: the three to find are the oldest of forty.
    for i in 0..40 {
        let (action, detail) = if i < 3 {
            ("invitation.refused", format!("resend: still_queued #{i}"))
        } else {
            ("signin.failed", format!("wrong password #{i}"))
        };
        let event = AuditEvent {
            at: T0 + Duration::seconds(i),
            actor: Some(format!("actor{i}@example.com")),
            action: action.into(),
            subject: format!("subject-{i}"),
            detail,
        };
        s.audit.record(&event).await.unwrap();
    }
    let audit = |query: AuditQuery| {
        let s = s.clone();
        async move {
            let (mut found, mut before) = (Vec::new(), None);
            loop {
                let page = s.audit.search_audit(&query, before, 2).await.unwrap();
                assert!(page.events.len() <= 2);
                found.extend(page.events.iter().map(|e| e.subject.clone()));
                match page.next {
                    Some(n) => before = Some(n),
                    None => return found,
                }
            }
        }
    };
    let subjects = |ids: &[u32]| ids.iter().map(|i| format!("subject-{i}")).collect::<Vec<_>>();
    let refused = AuditQuery {
        action: Some("invitation.refused".into()),
        ..AuditQuery::default()
    };
    assert_eq!(audit(refused).await, subjects(&[2, 1, 0]), "newest first");
    let text = AuditQuery {
        text: SearchText::parse("STILL_QUEUED #1"),
        ..AuditQuery::default()
    };
    assert_eq!(audit(text).await, subjects(&[1]));
    let by_actor = AuditQuery {
        text: SearchText::parse("actor39@"),
        ..AuditQuery::default()
    };
    assert_eq!(audit(by_actor).await, subjects(&[39]));
    let window = AuditQuery {
        since: Some(T0 + Duration::seconds(10)),
        until: Some(T0 + Duration::seconds(13)),
        ..AuditQuery::default()
    };
    assert_eq!(audit(window).await, subjects(&[12, 11, 10]));

    // Invitations: the ones to find are the oldest of twelve.
    let a = sample_user(&r, "a-sender@example.com", UserKind::Internal);
    let b = sample_user(&r, "b-sender@example.com", UserKind::Internal);
    s.users.create_user(&a).await.unwrap();
    s.users.create_user(&b).await.unwrap();
    let mut sent = Vec::new();
    for i in 0..12 {
        let (sender, to) = match i {
            0 => (&b, "zz-target@example.org".to_owned()),
            _ => (&a, format!("guest{i}@example.org")),
        };
        let inv = sample_invitation(&r, sender, &[to.as_str()], &[], T0 + Duration::minutes(i));
        s.invitations.create_invitation(&inv, &[]).await.unwrap();
        sent.push(inv);
    }
    let now = T0 + Duration::days(1);
    let rid = |i: usize| sent[i].recipients[0].id;
    let bounce = worker_change(Event::DeliveryRefused, rid(1), Facts::Note("550".into()), vec![]);
    assert!(s.invitations.change_recipient(&bounce).await.unwrap());
    let defer = worker_change(Event::DeliveryDeferred, rid(2), Facts::Note("451".into()), vec![]);
    assert!(s.invitations.change_recipient(&defer).await.unwrap());
    for (i, expires) in [(3, T0 + Duration::hours(1)), (4, now + Duration::days(3))] {
        let facts = Facts::Delivered {
            at: T0,
            expires_at: expires,
            note: "250".into(),
            remind_at: None,
        };
        let change = worker_change(Event::DeliveryAccepted, rid(i), facts, vec![]);
        assert!(s.invitations.change_recipient(&change).await.unwrap());
    }
    let invitations = |query: InvitationQuery| {
        let s = s.clone();
        async move {
            let (mut found, mut cursor) = (Vec::new(), None);
            loop {
                let page = s.invitations.search_invitations(&query, now, cursor, 2).await.unwrap();
                assert!(page.invitations.len() <= 2);
                found.extend(page.invitations.iter().map(|i| i.id));
                match page.next_cursor {
                    Some(c) => cursor = Some(c),
                    None => return found,
                }
            }
        }
    };
    let ids = |idx: &[usize]| idx.iter().map(|i| sent[*i].id).collect::<Vec<_>>();
    let state = |name: &str| InvitationQuery {
        state: InvitationQuery::state_named(name),
        ..InvitationQuery::default()
    };
    assert_eq!(invitations(state("bounced")).await, ids(&[1]));
    assert_eq!(invitations(state("deferred")).await, ids(&[2]));
    assert_eq!(invitations(state("expired")).await, ids(&[3]));
    assert_eq!(invitations(state("sent")).await, ids(&[4]));
    assert_eq!(
        invitations(state("queued")).await,
        ids(&[11, 10, 9, 8, 7, 6, 5, 0]),
        "queued without a problem noted, newest first"
    );
    let sender = InvitationQuery {
        sender: SearchText::parse("B-SENDER"),
        ..InvitationQuery::default()
    };
    assert_eq!(invitations(sender).await, ids(&[0]));
    let recipient = InvitationQuery {
        recipient: SearchText::parse("zz-"),
        ..InvitationQuery::default()
    };
    assert_eq!(invitations(recipient).await, ids(&[0]));
    let mine = InvitationQuery {
        sender_id: Some(a.id),
        state: InvitationQuery::state_named("queued"),
        since: Some(T0 + Duration::minutes(9)),
        until: Some(T0 + Duration::minutes(11)),
        ..InvitationQuery::default()
    };
    assert_eq!(invitations(mine).await, ids(&[10, 9]));
    let same_recipient = InvitationQuery {
        recipient: SearchText::parse("zz-"),
        state: InvitationQuery::state_named("bounced"),
        ..InvitationQuery::default()
    };
    assert!(
        invitations(same_recipient).await.is_empty(),
        "both conditions hold for one recipient"
    );
}

/// The administrators' list: recipients under their invitations, filtered before the page is
/// cut, in a stable order (newest invitation first, ties by id, then each invitation's own
/// order), an invitation continuing across pages without a recipient lost or repeated.
pub async fn recipient_pages(s: Storage) {
    let r = SeededRandom::new(21);
    let a = sample_user(&r, "a-sender@example.com", UserKind::Internal);
    let mut b = sample_user(&r, "b-sender@example.com", UserKind::Internal);
    b.display_name = DisplayName::parse("Bea Sender").unwrap();
    s.users.create_user(&a).await.unwrap();
    s.users.create_user(&b).await.unwrap();
    let mut sent = Vec::new();
    for i in 0..6i64 {
        let sender = if i == 2 { &b } else { &a };
        let mut to: Vec<String> = (0..5).map(|n| format!("i{i}-r{n}@example.org")).collect();
        if i == 1 {
            to[3] = "zz-target@example.org".into();
        }
        let to: Vec<&str> = to.iter().map(String::as_str).collect();
        // The last two share their time: the id decides.
        let at = T0 + Duration::minutes(i.min(4));
        let inv = sample_invitation(&r, sender, &to, &[], at);
        s.invitations.create_invitation(&inv, &[]).await.unwrap();
        sent.push(inv);
    }
    let now = T0 + Duration::days(1);
    let bounced = sent[2].recipients[4].id;
    let change = worker_change(Event::DeliveryRefused, bounced, Facts::Note("550".into()), vec![]);
    assert!(s.invitations.change_recipient(&change).await.unwrap());

    let mut newest: Vec<&Invitation> = sent.iter().collect();
    newest.sort_by_key(|i| std::cmp::Reverse((i.created_at, i.id)));
    let expected = |keep: &dyn Fn(&Invitation, &InvitationRecipient) -> bool| -> Vec<RecipientId> {
        newest
            .iter()
            .flat_map(|i| i.recipients.iter().filter(|x| keep(i, x)).map(|x| x.id))
            .collect()
    };
    let listed = |query: InvitationQuery| {
        let s = s.clone();
        let stored: Vec<Invitation> = sent.clone();
        async move {
            let (mut found, mut cursor) = (Vec::new(), None);
            loop {
                let page = s.invitations.search_recipients(&query, now, cursor, 3).await.unwrap();
                let rows: usize = page.invitations.iter().map(|i| i.recipients.len()).sum();
                assert!(rows <= 3, "a page holds at most its limit of recipients");
                for inv in &page.invitations {
                    let whole = stored.iter().find(|x| x.id == inv.id).expect("a stored invitation");
                    assert_eq!(
                        (&inv.subject, inv.created_at, inv.sender_id, &inv.attachments),
                        (&whole.subject, whole.created_at, whole.sender_id, &whole.attachments),
                        "the invitation as stored, with only the page's recipients"
                    );
                    assert!(!inv.recipients.is_empty());
                    found.extend(inv.recipients.iter().map(|x| x.id));
                }
                match page.next_cursor {
                    Some(c) => cursor = Some(c),
                    None => return found,
                }
            }
        }
    };
    assert_eq!(
        listed(InvitationQuery::default()).await,
        expected(&|_, _| true),
        "everyone, in order"
    );
    let target = InvitationQuery {
        recipient: SearchText::parse("ZZ-Target"),
        ..InvitationQuery::default()
    };
    assert_eq!(listed(target).await, vec![sent[1].recipients[3].id]);
    let bounce = InvitationQuery {
        state: InvitationQuery::state_named("bounced"),
        ..InvitationQuery::default()
    };
    assert_eq!(listed(bounce).await, vec![bounced]);
    let queued = InvitationQuery {
        state: InvitationQuery::state_named("queued"),
        ..InvitationQuery::default()
    };
    assert_eq!(listed(queued).await, expected(&|_, x| x.id != bounced));
    let by_b = InvitationQuery {
        sender: SearchText::parse("b-sender"),
        ..InvitationQuery::default()
    };
    assert_eq!(listed(by_b).await, expected(&|i, _| i.sender_id == b.id));
    let by_name = InvitationQuery {
        sender: SearchText::parse("BEA"),
        ..InvitationQuery::default()
    };
    assert_eq!(
        listed(by_name).await,
        expected(&|i, _| i.sender_id == b.id),
        "a sender's name"
    );
    let recipient_name = InvitationQuery {
        recipient: SearchText::parse("ann \"a\""),
        ..InvitationQuery::default()
    };
    assert_eq!(
        listed(recipient_name).await,
        expected(&|_, _| true),
        "a recipient's name as the sender typed it"
    );
    let same_recipient = InvitationQuery {
        recipient: SearchText::parse("zz-"),
        state: InvitationQuery::state_named("bounced"),
        ..InvitationQuery::default()
    };
    assert!(
        listed(same_recipient).await.is_empty(),
        "both conditions hold for one recipient"
    );
}

/// Personal API tokens: digests, listing, revoking, use.
pub async fn api_tokens(s: Storage) {
    use postern_domain::ids::ApiTokenId;
    use postern_domain::token::ApiToken;
    let r = SeededRandom::new(9);
    let owner = sample_user(&r, "owner@example.com", UserKind::Internal);
    let other = sample_user(&r, "other@example.com", UserKind::Internal);
    s.users.create_user(&owner).await.unwrap();
    s.users.create_user(&other).await.unwrap();
    let make = |name: &str, at| ApiTokenRecord {
        id: ApiTokenId::generate(&r),
        user_id: owner.id,
        name: name.into(),
        digest: ApiToken::generate(&r).digest(),
        created_at: at,
        last_used_at: None,
        revoked_at: None,
        expires_at: at + Duration::days(90),
        scope: postern_domain::token::TokenScope::Send,
    };
    let older = make("script", T0);
    let mut newer = make("Outlook add-in — Zoë", T0 + Duration::seconds(1));
    // The expiry and the scope come back as stored.
    newer.scope = postern_domain::token::TokenScope::Read;
    newer.expires_at = T0 + Duration::days(7);
    s.api_tokens.create_api_token(&older).await.unwrap();
    s.api_tokens.create_api_token(&newer).await.unwrap();
    let mut dup = make("dup", T0);
    dup.digest = older.digest;
    assert!(matches!(
        s.api_tokens.create_api_token(&dup).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        s.api_tokens.find_api_token(&newer.digest).await.unwrap(),
        Some(newer.clone())
    );
    let listed: Vec<String> = s
        .api_tokens
        .list_api_tokens(owner.id)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(
        listed,
        vec!["Outlook add-in — Zoë".to_owned(), "script".to_owned()],
        "newest first"
    );
    assert!(s.api_tokens.list_api_tokens(other.id).await.unwrap().is_empty());
    assert_eq!(
        s.api_tokens.revoke_api_token(other.id, older.id, T0).await,
        Err(StoreError::NotFound),
        "only the owner revokes"
    );
    s.api_tokens
        .revoke_api_token(owner.id, older.id, T0 + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(
        s.api_tokens.revoke_api_token(owner.id, older.id, T0).await,
        Err(StoreError::NotFound),
        "once"
    );
    s.api_tokens
        .touch_api_token(newer.id, T0 + Duration::hours(2))
        .await
        .unwrap();
    let found = s.api_tokens.find_api_token(&older.digest).await.unwrap().unwrap();
    assert_eq!(found.revoked_at, Some(T0 + Duration::hours(1)));
    let used = s.api_tokens.find_api_token(&newer.digest).await.unwrap().unwrap();
    assert_eq!(used.last_used_at, Some(T0 + Duration::hours(2)));
}

/// Inactive external accounts are found by their last sign-in.
pub async fn inactive_users(s: Storage) {
    let r = SeededRandom::new(10);
    let seen = sample_user(&r, "seen@example.org", UserKind::External);
    let unseen = sample_user(&r, "unseen@example.org", UserKind::External);
    let staff = sample_user(&r, "staff@example.com", UserKind::Internal);
    for u in [&seen, &unseen, &staff] {
        s.users.create_user(u).await.unwrap();
    }
    s.users.record_sign_in(seen.id, T0 + Duration::days(30)).await.unwrap();
    assert_eq!(
        s.users.record_sign_in(UserId::generate(&r), T0).await,
        Err(StoreError::NotFound)
    );
    let stale = s
        .users
        .inactive_users(UserKind::External, T0 + Duration::days(10))
        .await
        .unwrap();
    assert_eq!(
        stale.iter().map(|u| u.email.as_str()).collect::<Vec<_>>(),
        vec!["unseen@example.org"],
        "never seen: counted from creation"
    );
    let stale = s
        .users
        .inactive_users(UserKind::External, T0 + Duration::days(40))
        .await
        .unwrap();
    assert_eq!(stale.len(), 2);
    s.users
        .set_user_status(unseen.id, postern_domain::user::UserStatus::Disabled)
        .await
        .unwrap();
    assert_eq!(
        s.users
            .inactive_users(UserKind::External, T0 + Duration::days(40))
            .await
            .unwrap()
            .len(),
        1,
        "only active accounts"
    );
    guests(&s).await;
}

/// Sponsors (stored, changed, cleared, listed, searched) and inactivity warnings (due once per
/// stretch of disuse; a sign-in after a warning makes the next one due).
async fn guests(s: &Storage) {
    use postern_domain::query::{SponsorFilter, UserQuery};
    let r = SeededRandom::new(12);
    let ann = sample_user(&r, "ann@example.com", UserKind::Internal);
    let bob = sample_user(&r, "bob@example.com", UserKind::Internal);
    let mut g1 = sample_user(&r, "g1@example.org", UserKind::External);
    g1.sponsor_id = Some(ann.id);
    let mut g2 = sample_user(&r, "g2@example.org", UserKind::External);
    g2.sponsor_id = Some(ann.id);
    let g3 = sample_user(&r, "g3@example.org", UserKind::External);
    for u in [&ann, &bob, &g1, &g2, &g3] {
        s.users.create_user(u).await.unwrap();
    }
    let found = s.users.find_user(g1.id).await.unwrap().unwrap();
    assert_eq!(
        (found.sponsor_id, found.last_seen_at),
        (Some(ann.id), None),
        "stored as given"
    );
    s.users.record_sign_in(g1.id, T0 + Duration::days(3)).await.unwrap();
    assert_eq!(
        s.users.find_user(g1.id).await.unwrap().unwrap().last_seen_at,
        Some(T0 + Duration::days(3)),
        "the last sign-in is read back"
    );
    s.users.set_sponsor(g2.id, Some(bob.id)).await.unwrap();
    assert_eq!(
        s.users.set_sponsor(UserId::generate(&r), None).await,
        Err(StoreError::NotFound)
    );
    let of = |filter| async move {
        s.users
            .search_users(
                &UserQuery {
                    sponsor: Some(filter),
                    ..UserQuery::default()
                },
                None,
                50,
            )
            .await
            .unwrap()
            .users
            .into_iter()
            .map(|u| u.email.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(of(SponsorFilter::Of(ann.id)).await, vec!["g1@example.org"]);
    assert_eq!(of(SponsorFilter::Of(bob.id)).await, vec!["g2@example.org"]);
    assert!(
        of(SponsorFilter::Nobody).await.contains(&"g3@example.org".to_owned()),
        "a Drop-Off account without a sponsor"
    );
    assert!(
        !of(SponsorFilter::Nobody).await.contains(&"bob@example.com".to_owned()),
        "staff have no sponsor and are not listed as lacking one"
    );
    let sponsored: Vec<String> = s
        .users
        .sponsored_users()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.email.as_str().to_owned())
        .collect();
    assert_eq!(sponsored, vec!["g1@example.org", "g2@example.org"]);
    s.users.set_sponsor(g2.id, None).await.unwrap();
    assert_eq!(s.users.sponsored_users().await.unwrap().len(), 1);
    // Warnings: g2, g3 unused since creation; g1 used on day 3.
    let due = |at| async move {
        let mut v: Vec<String> = s
            .users
            .unwarned_inactive_users(UserKind::External, at)
            .await
            .unwrap()
            .into_iter()
            .filter(|u| u.email.as_str().starts_with('g'))
            .map(|u| u.email.as_str().to_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        due(T0 + Duration::days(2)).await,
        vec!["g2@example.org", "g3@example.org"]
    );
    s.users
        .mark_inactivity_warned(g2.id, T0 + Duration::days(2))
        .await
        .unwrap();
    assert_eq!(due(T0 + Duration::days(2)).await, vec!["g3@example.org"], "warned once");
    assert_eq!(
        due(T0 + Duration::days(5)).await,
        vec!["g1@example.org", "g3@example.org"],
        "g1's last use was day 3"
    );
    s.users.record_sign_in(g2.id, T0 + Duration::days(4)).await.unwrap();
    assert!(
        due(T0 + Duration::days(6)).await.contains(&"g2@example.org".to_owned()),
        "used after the warning: a new stretch of disuse, a new warning when due"
    );
    assert_eq!(
        s.users.mark_inactivity_warned(UserId::generate(&r), T0).await,
        Err(StoreError::NotFound)
    );
}

/// Attachments, download links, counted downloads and the resume allowance, lifetimes.
pub async fn attachments_and_downloads(s: Storage) {
    let r = SeededRandom::new(11);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    s.users.create_user(&sender).await.unwrap();
    let mut inv = sample_invitation(&r, &sender, &["a@example.com", "b@example.com"], &[], T0);
    inv.kind = postern_domain::invitation::MessageKind::Files;
    s.invitations.create_invitation(&inv, &[]).await.unwrap();
    let stored = s.invitations.find_invitation(inv.id).await.unwrap().unwrap();
    assert_eq!(stored.kind, postern_domain::invitation::MessageKind::Files);
    assert_eq!(
        stored.attachments, inv.attachments,
        "files kept in order with name, size and digest"
    );
    assert_eq!(s.downloads.attachment_totals().await.unwrap(), (2, 3000));

    let (rid, other) = (inv.recipients[0].id, inv.recipients[1].id);
    // A link's lookup carries its own recipient only, with the invitation's files.
    let (_, issued) = live_token(&r, other, T0);
    s.invitations.add_token(&issued).await.unwrap();
    let found = s.invitations.find_token(&issued.digest).await.unwrap().unwrap();
    assert_eq!(found.invitation.recipients.len(), 1);
    assert_eq!(found.invitation.recipients[0].id, other);
    assert_eq!(found.invitation.attachments, inv.attachments);
    assert_eq!(found.invitation.kind, inv.kind);
    let (token, _) = live_token(&r, rid, T0);
    let link = DownloadLink {
        digest: token.digest(),
        recipient_id: rid,
        issued_at: T0,
        expires_at: T0 + Duration::days(7),
        state: TokenState::Live,
    };
    s.downloads.add_download_link(&link).await.unwrap();
    let (found, invitation) = s.downloads.find_download_link(&link.digest).await.unwrap().unwrap();
    assert_eq!(found, link);
    assert_eq!(invitation.id, inv.id);
    assert_eq!(invitation.attachments.len(), 2);
    let (unknown, _) = live_token(&r, rid, T0);
    assert!(
        s.downloads
            .find_download_link(&unknown.digest())
            .await
            .unwrap()
            .is_none()
    );

    // Counting stops at the limit, per recipient and file, also under concurrency.
    let file = inv.attachments[0].id;
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let d = s.downloads.clone();
        tasks.push(tokio::spawn(async move {
            d.charge_download(rid, file, count(5, 0)).await.unwrap()
        }));
    }
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    let mut counted: Vec<u32> = results
        .iter()
        .filter_map(|c| match c {
            Charged::Counted(n) => Some(*n),
            _ => None,
        })
        .collect();
    counted.sort_unstable();
    assert_eq!(counted, vec![1, 2, 3, 4, 5], "exactly the limit, each count once");
    assert_eq!(
        s.downloads.charge_download(rid, file, count(5, 0)).await.unwrap(),
        Charged::Refused
    );
    assert_eq!(
        s.downloads.charge_download(other, file, count(5, 100)).await.unwrap(),
        Charged::Counted(1),
        "per recipient"
    );
    assert_eq!(s.downloads.download_counts(rid).await.unwrap(), vec![(file, 5)]);

    // Resumes: taken from the allowance while it lasts, then counted; refunds give it back, and
    // the allowance for a broken connection is given once per counted download.
    let resume = |bytes, limit| DownloadCharge {
        resume: Some(bytes),
        count: Some((limit, 100)),
    };
    assert_eq!(
        s.downloads.charge_download(other, file, resume(60, 1)).await.unwrap(),
        Charged::Resumed
    );
    assert_eq!(
        s.downloads.charge_download(other, file, resume(60, 1)).await.unwrap(),
        Charged::Refused
    );
    s.downloads.refund_download(other, file, 10, 20).await.unwrap();
    s.downloads.refund_download(other, file, 0, 20).await.unwrap();
    assert_eq!(
        s.downloads.charge_download(other, file, resume(70, 1)).await.unwrap(),
        Charged::Resumed
    );
    assert_eq!(
        s.downloads.charge_download(other, file, resume(1, 2)).await.unwrap(),
        Charged::Counted(2),
        "an exhausted allowance makes a range count"
    );
    assert_eq!(s.downloads.download_counts(other).await.unwrap(), vec![(file, 2)]);

    // Lifetimes: nothing expires before the invitation's attachment lifetime.
    let lifetime = Duration::days(i64::from(inv.options.attachment_lifetime_days));
    assert!(
        s.downloads
            .expired_attachments(T0 + lifetime - Duration::seconds(1), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let expired = s.downloads.expired_attachments(T0 + lifetime, 10).await.unwrap();
    assert_eq!(expired.len(), 2);
    assert_eq!(
        s.downloads.expired_attachments(T0 + lifetime, 1).await.unwrap().len(),
        1
    );
    for a in &expired {
        s.downloads.remove_attachment(a.id).await.unwrap();
    }
    assert!(
        s.downloads
            .expired_attachments(T0 + lifetime, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(s.downloads.attachment_totals().await.unwrap(), (0, 0));
    let left = s.invitations.find_invitation(inv.id).await.unwrap().unwrap();
    assert!(left.attachments.is_empty());
    assert_eq!(left.recipients.len(), 2, "the invitation itself stays");
}

/// Reminders: recipients whose reminder is due are found longest-due first (only while
/// *sent*); a reminder is taken once — a second taker, or one that read the recipient before
/// it changed, gets `false` and writes nothing —, taking it counts it, plans the next one and
/// queues its message in the same transaction; a new link clears what was planned.
pub async fn reminders(s: Storage) {
    let r = SeededRandom::new(41);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    s.users.create_user(&sender).await.unwrap();
    let inv = sample_invitation(
        &r,
        &sender,
        &["a@example.com", "b@example.com", "c@example.com", "d@example.com"],
        &[],
        T0,
    );
    s.invitations.create_invitation(&inv, &[]).await.unwrap();
    let id = |i: usize| inv.recipients[i].id;
    let expires_at = T0 + Duration::days(14);
    // a: due after 7 days, b: after 3 days, c: never, d: after 1 day but revoked meanwhile.
    for (i, remind_at) in [(0, Some(7)), (1, Some(3)), (2, None), (3, Some(1))] {
        let facts = Facts::Delivered {
            at: T0,
            expires_at,
            note: "250 ok".into(),
            remind_at: remind_at.map(|d| T0 + Duration::days(d)),
        };
        let change = worker_change(Event::DeliveryAccepted, id(i), facts, vec![]);
        assert!(s.invitations.change_recipient(&change).await.unwrap());
    }
    let revoked = change(Event::Revoke, Actor::Sender, id(3), Facts::Nothing, vec![]);
    assert!(s.invitations.change_recipient(&revoked).await.unwrap());
    assert!(
        s.invitations
            .due_reminders(T0 + Duration::hours(12), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let due = s.invitations.due_reminders(T0 + Duration::days(8), 10).await.unwrap();
    let ids: Vec<RecipientId> = due.iter().map(|d| d.recipient_id).collect();
    assert_eq!(ids, vec![id(1), id(0)], "longest-due first, only those still sent");
    assert_eq!(due[0].due_at, T0 + Duration::days(3));
    assert_eq!(
        (due[0].sent_at, due[0].expires_at, due[0].reminders_sent),
        (T0, expires_at, 0)
    );
    assert_eq!(
        s.invitations
            .due_reminders(T0 + Duration::days(8), 1)
            .await
            .unwrap()
            .len(),
        1
    );

    // Taken once: the message is queued with it, the next one planned.
    let message = OutboxMessage::new(
        MessageId::generate(&r),
        OutboxKind::Reminder {
            recipient_id: id(1),
            number: 1,
        },
        T0 + Duration::days(8),
    );
    let next = Some(T0 + Duration::days(12));
    assert!(
        s.invitations
            .take_reminder(&due[0], next, Some(message.clone()))
            .await
            .unwrap()
    );
    assert!(
        !s.invitations
            .take_reminder(&due[0], next, Some(message.clone()))
            .await
            .unwrap(),
        "taken once"
    );
    let b = s.invitations.find_by_recipient(id(1)).await.unwrap().unwrap();
    let b = b.recipient(id(1)).unwrap();
    assert_eq!((b.reminders_sent, b.next_reminder_at), (1, next));
    let queued = s
        .outbox
        .claim_due(T0 + Duration::days(8), Duration::minutes(5), 10, "r#1")
        .await
        .unwrap();
    assert_eq!(
        queued.iter().filter(|m| m.kind == message.kind).count(),
        1,
        "queued once"
    );

    // Read before the recipient changed: not taken, nothing written.
    let stale = due[1].clone();
    let revoke = change(Event::Revoke, Actor::Sender, id(0), Facts::Nothing, vec![]);
    assert!(s.invitations.change_recipient(&revoke).await.unwrap());
    assert!(!s.invitations.take_reminder(&stale, None, None).await.unwrap());
    let a = s.invitations.find_by_recipient(id(0)).await.unwrap().unwrap();
    assert_eq!(a.recipient(id(0)).unwrap().reminders_sent, 0);

    // The second reminder, then no more; a new link starts over.
    let due = s.invitations.due_reminders(T0 + Duration::days(12), 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].reminders_sent, 1);
    assert!(s.invitations.take_reminder(&due[0], None, None).await.unwrap());
    assert!(
        s.invitations
            .due_reminders(T0 + Duration::days(13), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let resend = change(Event::Resend, Actor::Sender, id(1), Facts::Cleared, vec![]);
    assert!(s.invitations.change_recipient(&resend).await.unwrap());
    let b = s.invitations.find_by_recipient(id(1)).await.unwrap().unwrap();
    let b = b.recipient(id(1)).unwrap();
    assert_eq!(
        (b.reminders_sent, b.next_reminder_at),
        (0, None),
        "a new link, no reminder planned yet"
    );
}

/// What a sender has out, for the quotas: recipients of everything they sent after a time
/// (with the oldest such send), and their invitation recipients still waiting (queued or
/// sent, link not expired); nobody else's.
pub async fn sender_usage(s: Storage) {
    let r = SeededRandom::new(43);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    let other = sample_user(&r, "other@example.com", UserKind::Internal);
    s.users.create_user(&sender).await.unwrap();
    s.users.create_user(&other).await.unwrap();
    let early = sample_invitation(&r, &sender, &["a@example.com", "b@example.com"], &[], T0);
    let late = sample_invitation(&r, &sender, &["c@example.com"], &[], T0 + Duration::hours(2));
    let theirs = sample_invitation(&r, &other, &["d@example.com"], &[], T0 + Duration::hours(1));
    for i in [&early, &late, &theirs] {
        s.invitations.create_invitation(i, &[]).await.unwrap();
    }
    let now = T0 + Duration::hours(3);
    let usage = s
        .invitations
        .sender_usage(sender.id, T0 - Duration::hours(1), now)
        .await
        .unwrap();
    assert_eq!((usage.sent, usage.oldest, usage.pending), (3, Some(T0), 3));
    let usage = s
        .invitations
        .sender_usage(sender.id, T0 + Duration::hours(1), now)
        .await
        .unwrap();
    assert_eq!((usage.sent, usage.oldest), (1, Some(T0 + Duration::hours(2))));
    let usage = s.invitations.sender_usage(sender.id, now, now).await.unwrap();
    assert_eq!((usage.sent, usage.oldest, usage.pending), (0, None, 3));
    // Delivered with a link that has expired, and revoked: no longer waiting.
    assert!(delivered(&s, early.recipients[0].id, T0 + Duration::hours(1), "250").await);
    let revoke = change(
        Event::Revoke,
        Actor::Sender,
        late.recipients[0].id,
        Facts::Nothing,
        vec![],
    );
    assert!(s.invitations.change_recipient(&revoke).await.unwrap());
    let usage = s
        .invitations
        .sender_usage(sender.id, T0 - Duration::hours(1), now)
        .await
        .unwrap();
    assert_eq!((usage.sent, usage.pending), (3, 1), "b only");
    let usage = s
        .invitations
        .sender_usage(other.id, T0 - Duration::hours(1), now)
        .await
        .unwrap();
    assert_eq!((usage.sent, usage.pending), (1, 1));
}

/// Renewal requests: taken once per recipient, only once its link has expired and while it is
/// still *sent*; the notice (or the automatic resend) is written with it, or nothing is.
pub async fn renewal_requests(s: Storage) {
    let r = SeededRandom::new(47);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    s.users.create_user(&sender).await.unwrap();
    let inv = sample_invitation(&r, &sender, &["a@example.com", "b@example.com"], &[], T0);
    s.invitations.create_invitation(&inv, &[]).await.unwrap();
    let (a, b) = (inv.recipients[0].id, inv.recipients[1].id);
    for id in [a, b] {
        assert!(delivered(&s, id, T0 + Duration::days(1), "250").await);
    }
    let notice = |id| {
        OutboxMessage::new(
            MessageId::generate(&r),
            OutboxKind::RenewalNotice { recipient_id: id },
            T0,
        )
    };
    let later = T0 + Duration::days(2);
    assert!(
        !s.invitations
            .request_renewal(a, T0 + Duration::hours(12), None, &[notice(a)])
            .await
            .unwrap(),
        "not before the link expired"
    );
    assert!(
        s.invitations
            .request_renewal(a, later, None, &[notice(a)])
            .await
            .unwrap()
    );
    assert!(
        !s.invitations
            .request_renewal(a, later, None, &[notice(a)])
            .await
            .unwrap(),
        "once"
    );
    let found = s.invitations.find_by_recipient(a).await.unwrap().unwrap();
    assert_eq!(found.recipient(a).unwrap().renewal_requested_at, Some(later));

    // Automatic: the resend applies with it.
    let message = OutboxMessage::new(
        MessageId::generate(&r),
        OutboxKind::Invitation { recipient_id: b },
        later,
    );
    let resend = change(Event::Resend, Actor::Sender, b, Facts::Cleared, vec![message.clone()]);
    assert!(
        s.invitations
            .request_renewal(b, later, Some(resend), &[])
            .await
            .unwrap()
    );
    let found = s.invitations.find_by_recipient(b).await.unwrap().unwrap();
    let rb = found.recipient(b).unwrap();
    assert_eq!((rb.state, rb.expires_at), (RecipientState::Queued, None));
    let queued = s
        .outbox
        .claim_due(later, Duration::minutes(5), 10, "r#1")
        .await
        .unwrap();
    assert_eq!(
        queued
            .iter()
            .filter(|m| matches!(m.kind, OutboxKind::RenewalNotice { .. }))
            .count(),
        1
    );
    assert_eq!(queued.iter().filter(|m| m.kind == message.kind).count(), 1);
}

/// Link-only invitations: the invitation, its recipients (live at once) and their links are
/// written together, or nothing when the idempotency key was used; a new link shown on a
/// resend is stored in the same compare-and-set as the change that revokes the old ones, and
/// not at all when the change does not apply.
pub async fn links_shown_to_the_sender(s: Storage) {
    let r = SeededRandom::new(53);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    s.users.create_user(&sender).await.unwrap();
    let mut inv = sample_invitation(&r, &sender, &["a@example.com", "b@example.com"], &[], T0);
    inv.attachments.clear();
    inv.idempotency_key = Some("k".into());
    let expires = T0 + Duration::days(14);
    for rec in &mut inv.recipients {
        rec.state = RecipientState::Sent;
        rec.sent_at = Some(T0);
        rec.expires_at = Some(expires);
    }
    let (ta, ia) = live_token(&r, inv.recipients[0].id, T0);
    let (tb, ib) = live_token(&r, inv.recipients[1].id, T0);
    s.invitations
        .create_invitation_with_links(&inv, &[], &[ia, ib])
        .await
        .unwrap();
    for (token, id) in [(&ta, inv.recipients[0].id), (&tb, inv.recipients[1].id)] {
        let found = s
            .invitations
            .find_token(&token.digest())
            .await
            .unwrap()
            .expect("stored");
        assert_eq!((found.token.recipient_id, found.token.state), (id, TokenState::Live));
        assert_eq!(found.invitation.recipient(id).unwrap().state, RecipientState::Sent);
    }
    assert_eq!(s.outbox.pending_count().await.unwrap(), 0, "no message");

    // The same key again: nothing of it is written, not even its links.
    let mut again = sample_invitation(&r, &sender, &["c@example.com"], &[], T0);
    again.idempotency_key = Some("k".into());
    let (tc, ic) = live_token(&r, again.recipients[0].id, T0);
    assert!(matches!(
        s.invitations.create_invitation_with_links(&again, &[], &[ic]).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(s.invitations.find_token(&tc.digest()).await.unwrap().is_none());

    // A resend that shows a new link: old revoked, new live, in one change.
    let a = inv.recipients[0].id;
    let later = T0 + Duration::days(1);
    let shown = |link: IssuedToken| {
        let facts = Facts::Delivered {
            at: later,
            expires_at: later + Duration::days(14),
            note: "shown".into(),
            remind_at: None,
        };
        change(Event::NewLinkShown, Actor::Sender, a, facts, vec![]).with_link(link)
    };
    let (tn, issued) = live_token(&r, a, later);
    assert!(s.invitations.change_recipient(&shown(issued)).await.unwrap());
    let old = s.invitations.find_token(&ta.digest()).await.unwrap().unwrap();
    assert_eq!(old.token.state, TokenState::Revoked);
    let new = s.invitations.find_token(&tn.digest()).await.unwrap().unwrap();
    assert_eq!(new.token.state, TokenState::Live);
    let rec = new.invitation.recipient(a).unwrap();
    assert_eq!((rec.state, rec.sent_at), (RecipientState::Sent, Some(later)));

    // Accepted meanwhile: the change does not apply and its link is not stored.
    s.invitations
        .accept(&Acceptance {
            digest: tn.digest(),
            recipient_id: a,
            from: activation_from(),
            to: RecipientState::Accepted,
            at: later,
            user: None,
            language: None,
            outbox: vec![],
        })
        .await
        .unwrap();
    let (tl, late) = live_token(&r, a, later);
    assert!(!s.invitations.change_recipient(&shown(late)).await.unwrap());
    assert!(
        s.invitations.find_token(&tl.digest()).await.unwrap().is_none(),
        "not stored"
    );
}

/// Each recipient's history is written with the change that makes it, and only then: the
/// creation (queued), a delivery with the mail system's answer, a revoke by an administrator
/// (with the actor), a refused change (nothing), an acceptance, a reminder taken with its
/// message, a renewal request, and the first opening only. The funnel reads invitations of
/// the period only, never files messages.
pub async fn history_and_funnel(s: Storage) {
    use postern_domain::history::{HistoryEntry, HistoryEvent};
    let r = SeededRandom::new(59);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    s.users.create_user(&sender).await.unwrap();
    let inv = sample_invitation(
        &r,
        &sender,
        &["a@example.com", "b@example.com", "c@example.com"],
        &[],
        T0,
    );
    let messages = outbox_for(&r, &inv);
    s.invitations.create_invitation(&inv, &messages).await.unwrap();
    let (a, b, c) = (inv.recipients[0].id, inv.recipients[1].id, inv.recipients[2].id);
    let queued = HistoryEntry::new(T0, HistoryEvent::Queued, Some(Actor::Sender), None);
    assert_eq!(s.invitations.history(a).await.unwrap(), vec![queued.clone()]);
    // A delivery round records the delivery of each recipient it changed, and only those.
    let facts = |note: &str| Facts::Delivered {
        at: T0,
        expires_at: T0 + Duration::days(14),
        note: note.into(),
        remind_at: None,
    };
    s.outbox
        .record_delivered(&[postern_domain::ports::Delivered {
            message: messages[0].id,
            recipient: Some(worker_change(
                Event::DeliveryAccepted,
                a,
                facts("250 2.0.0 queued as 1"),
                vec![],
            )),
        }])
        .await
        .unwrap();
    for id in [b, c] {
        assert!(delivered(&s, id, T0 + Duration::days(14), "250 2.0.0 queued as 2").await);
    }
    let history = s.invitations.history(a).await.unwrap();
    assert_eq!(
        history[1],
        HistoryEntry::new(T0, HistoryEvent::Sent, None, Some("250 2.0.0 queued as 1".into()))
    );

    // First opening only.
    let opened = T0 + Duration::hours(1);
    assert!(s.invitations.mark_opened(a, opened).await.unwrap());
    assert!(!s.invitations.mark_opened(a, opened + Duration::hours(1)).await.unwrap());
    let found = s.invitations.find_by_recipient(a).await.unwrap().unwrap();
    assert_eq!(found.recipient(a).unwrap().opened_at, Some(opened));

    // Accepted through a link.
    let (token, issued) = live_token(&r, a, T0);
    s.invitations.add_token(&issued).await.unwrap();
    let accepted_at = T0 + Duration::hours(3);
    s.invitations
        .accept(&Acceptance {
            digest: token.digest(),
            recipient_id: a,
            from: activation_from(),
            to: RecipientState::Accepted,
            at: accepted_at,
            user: None,
            language: None,
            outbox: vec![],
        })
        .await
        .unwrap();
    let events: Vec<HistoryEvent> = s
        .invitations
        .history(a)
        .await
        .unwrap()
        .iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(
        events,
        [
            HistoryEvent::Queued,
            HistoryEvent::Sent,
            HistoryEvent::Opened,
            HistoryEvent::Accepted
        ]
    );

    // Revoked by an administrator; a refused change records nothing.
    let revoke = |id| {
        let rule = lifecycle::rule(Event::Revoke, MessageKind::Invitation, Actor::Administrator).unwrap();
        RecipientChange::by(rule, id, T0 + Duration::hours(4), Facts::Nothing, vec![]).unwrap()
    };
    assert!(s.invitations.change_recipient(&revoke(b)).await.unwrap());
    assert!(!s.invitations.change_recipient(&revoke(a)).await.unwrap(), "accepted");
    assert_eq!(s.invitations.history(a).await.unwrap().len(), 4);
    let last = s.invitations.history(b).await.unwrap().pop().unwrap();
    assert_eq!(
        last,
        HistoryEntry::new(
            T0 + Duration::hours(4),
            HistoryEvent::Revoked,
            Some(Actor::Administrator),
            None
        )
    );

    // A reminder taken with its message; a renewal request.
    let mut settings = std::sync::Arc::unwrap_or_clone(s.settings.load_settings().await.unwrap());
    settings.delivery.reminder_at_percent = vec![50];
    s.settings.save_settings(&settings).await.unwrap();
    let remind_at = T0 + Duration::days(7);
    let c_delivered = Facts::Delivered {
        at: T0,
        expires_at: T0 + Duration::days(14),
        note: "250".into(),
        remind_at: Some(remind_at),
    };
    assert!(
        s.invitations
            .change_recipient(&worker_change(Event::DeliveryAccepted, c, c_delivered, vec![]))
            .await
            .unwrap()
    );
    let due = s.invitations.due_reminders(remind_at, 10).await.unwrap();
    let due = due.iter().find(|d| d.recipient_id == c).expect("due");
    let message = OutboxMessage::new(
        MessageId::generate(&r),
        OutboxKind::Reminder {
            recipient_id: c,
            number: 1,
        },
        remind_at,
    );
    assert!(s.invitations.take_reminder(due, None, Some(message)).await.unwrap());
    let later = T0 + Duration::days(15);
    assert!(s.invitations.request_renewal(c, later, None, &[]).await.unwrap());
    let tail: Vec<(HistoryEvent, Option<Actor>)> = s
        .invitations
        .history(c)
        .await
        .unwrap()
        .iter()
        .rev()
        .take(2)
        .map(|e| (e.event, e.actor))
        .collect();
    assert_eq!(
        tail,
        [
            (HistoryEvent::RenewalRequested, Some(Actor::Invitee)),
            (HistoryEvent::Reminded, None)
        ]
    );

    // The funnel: this period's invitations only, files messages never.
    let mut files = sample_invitation(&r, &sender, &["f@example.com"], &[], T0);
    files.kind = MessageKind::Files;
    s.invitations.create_invitation(&files, &[]).await.unwrap();
    let old = sample_invitation(&r, &sender, &["o@example.com"], &[], T0 - Duration::days(40));
    s.invitations.create_invitation(&old, &[]).await.unwrap();
    let mut rows = s
        .invitations
        .funnel_rows(T0 - Duration::days(1), T0 + Duration::days(1))
        .await
        .unwrap();
    rows.sort_by_key(|r| r.state.as_str());
    let states: Vec<&str> = rows.iter().map(|r| r.state.as_str()).collect();
    assert_eq!(states, ["accepted", "revoked_by_admin", "sent"]);
    let a_row = &rows[0];
    assert_eq!(
        (a_row.opened_at, a_row.accepted_at, a_row.invited_at),
        (Some(opened), Some(accepted_at), T0)
    );
    assert_eq!(a_row.sender_email, "sender@example.com");
    assert_eq!(a_row.sender_id, sender.id);
}

/// Webhook endpoints: the first one hears from its registration on (earlier history marked
/// handed over), later history waits to be handed over, a hand-over is all or nothing and
/// taken once, entries are found by id, attempts recorded, endpoints removed.
pub async fn webhook_endpoints(s: Storage) {
    use postern_domain::history::HistoryEvent;
    use postern_domain::ids::WebhookId;
    use postern_domain::webhook::{Webhook, WebhookUrl};
    let r = SeededRandom::new(61);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    s.users.create_user(&sender).await.unwrap();
    let before = sample_invitation(&r, &sender, &["a@example.com"], &[], T0);
    s.invitations.create_invitation(&before, &[]).await.unwrap();
    assert!(s.webhooks.list_webhooks().await.unwrap().is_empty());
    let endpoint = Webhook {
        id: WebhookId::generate(&r),
        url: WebhookUrl::parse("https://tools.example.org/hook").unwrap(),
        events: vec![HistoryEvent::Queued, HistoryEvent::Accepted],
        sealed_secret: vec![1, 2, 3, 250],
        created_at: T0,
        last_attempt: None,
        last_success_at: None,
    };
    s.webhooks.create_webhook(&endpoint).await.unwrap();
    assert_eq!(s.webhooks.list_webhooks().await.unwrap(), vec![endpoint.clone()]);
    assert!(
        s.webhooks.undelivered_events(10).await.unwrap().is_empty(),
        "from now on"
    );

    let after = sample_invitation(&r, &sender, &["b@example.com", "c@example.com"], &[], T0);
    s.invitations.create_invitation(&after, &[]).await.unwrap();
    let waiting = s.webhooks.undelivered_events(10).await.unwrap();
    let recipients: Vec<RecipientId> = waiting.iter().map(|(_, r, _)| *r).collect();
    assert_eq!(recipients, [after.recipients[0].id, after.recipients[1].id]);
    assert!(waiting[0].0 < waiting[1].0, "oldest first");
    let (first, _, entry) = &waiting[0];
    assert_eq!(entry.event, HistoryEvent::Queued);
    assert_eq!(
        s.webhooks.event(*first).await.unwrap(),
        Some((after.recipients[0].id, entry.clone()))
    );
    let message = |id: i64| {
        OutboxMessage::new(
            MessageId::generate(&r),
            OutboxKind::Webhook {
                webhook_id: endpoint.id,
                event_id: id,
            },
            T0,
        )
    };
    let ids: Vec<i64> = waiting.iter().map(|(id, _, _)| *id).collect();
    assert!(s.webhooks.hand_over(&ids[..1], &[message(ids[0])]).await.unwrap());
    // A second worker with the same batch: nothing of it is written.
    assert!(
        !s.webhooks
            .hand_over(&ids, &[message(ids[0]), message(ids[1])])
            .await
            .unwrap()
    );
    assert_eq!(s.outbox.pending_count().await.unwrap(), 1);
    let left = s.webhooks.undelivered_events(10).await.unwrap();
    assert_eq!(left.iter().map(|(id, _, _)| *id).collect::<Vec<_>>(), [ids[1]]);

    s.webhooks
        .record_attempt(endpoint.id, T0, "answered 503", false)
        .await
        .unwrap();
    let later = T0 + Duration::minutes(1);
    s.webhooks
        .record_attempt(endpoint.id, later, "204", true)
        .await
        .unwrap();
    let found = s.webhooks.find_webhook(endpoint.id).await.unwrap().unwrap();
    assert_eq!(found.last_attempt, Some((later, "204".to_owned())));
    assert_eq!(found.last_success_at, Some(later));
    assert!(s.webhooks.delete_webhook(endpoint.id).await.unwrap());
    assert!(!s.webhooks.delete_webhook(endpoint.id).await.unwrap());
    assert!(s.webhooks.find_webhook(endpoint.id).await.unwrap().is_none());
}

/// Languages: an invitation keeps the language its emails are written in; a user's own
/// choice is kept, changed and taken back (none: the administrator's default applies).
pub async fn languages(s: Storage) {
    use postern_domain::Language;
    let r = SeededRandom::new(91);
    let sender = sample_user(&r, "sender@example.org", UserKind::Internal);
    s.users.create_user(&sender).await.unwrap();
    assert_eq!(s.users.language_of(sender.id).await.unwrap(), None, "none chosen yet");
    for choice in [Some(Language::Fr), Some(Language::Es), None, Some(Language::Nl)] {
        s.users.set_language(sender.id, choice).await.unwrap();
        assert_eq!(s.users.language_of(sender.id).await.unwrap(), choice);
    }
    let stranger = postern_domain::ids::UserId::generate(&r);
    assert_eq!(
        s.users.set_language(stranger, Some(Language::De)).await,
        Err(StoreError::NotFound)
    );
    assert_eq!(s.users.language_of(stranger).await.unwrap(), None);
    // Changing a user's other fields keeps their language.
    s.users.set_user_status(sender.id, UserStatus::Disabled).await.unwrap();
    assert_eq!(s.users.language_of(sender.id).await.unwrap(), Some(Language::Nl));

    for language in Language::ALL {
        let mut invitation = sample_invitation(&r, &sender, &["x@example.com"], &[], T0);
        invitation.language = language;
        s.invitations.create_invitation(&invitation, &[]).await.unwrap();
        let found = s.invitations.find_invitation(invitation.id).await.unwrap().unwrap();
        assert_eq!(found.language, language);
        let (_, token) = live_token(&r, invitation.recipients[0].id, T0);
        s.invitations.add_token(&token).await.unwrap();
        let matched = s.invitations.find_token(&token.digest).await.unwrap().unwrap();
        assert_eq!(matched.invitation.language, language, "the link's page reads it too");
    }
}
