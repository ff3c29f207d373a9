//! Use cases against mockall mocks: what each one asks of its ports, and what it never does.

use std::sync::Arc;

use time::macros::datetime;

use super::*;
use crate::address::EmailAddress;
use crate::ids::UserId;
use crate::password::Password;
use crate::policy::{InvitationSetting, PortalSettings, RequestedOptions};
use crate::ports::*;
use crate::text::DisplayName;
use crate::user::{User, UserKind, UserStatus};

/// These use cases never touch file contents.
struct NoFiles;

#[async_trait::async_trait]
impl AttachmentStore for NoFiles {
    async fn create(&self) -> Result<Box<dyn AttachmentWriter>, StoreError> {
        Err(StoreError::Unavailable("no files in these tests".into()))
    }
    async fn open(&self, _: &str, _: u64) -> Result<Box<dyn AttachmentReader>, StoreError> {
        Err(StoreError::NotFound)
    }
    async fn delete(&self, _: &str) -> Result<(), StoreError> {
        Ok(())
    }
    async fn usage(&self) -> Result<u64, StoreError> {
        Ok(0)
    }
}

/// These use cases never seal a secret.
struct NoSealer;

impl crate::ports::SecretSealer for NoSealer {
    fn seal(&self, _: &[u8]) -> Vec<u8> {
        Vec::new()
    }
    fn open(&self, _: &[u8]) -> Option<Vec<u8>> {
        None
    }
}

struct Mocks {
    clock: MockClock,
    random: MockTokenSource,
    hasher: MockPasswordHasher,
    directory: MockDirectory,
    users: MockUserRepository,
    invitations: MockInvitationRepository,
    outbox: MockOutboxRepository,
    settings: MockSettingsRepository,
    templates: MockTemplateStore,
    audit: MockAuditLog,
    api_tokens: MockApiTokenRepository,
    downloads: MockDownloadRepository,
}

impl Mocks {
    fn new() -> Self {
        let mut clock = MockClock::new();
        clock.expect_now().return_const(datetime!(2026-11-02 10:00 UTC));
        let mut random = MockTokenSource::new();
        random.expect_fill().returning(|b| b.fill(7));
        let mut audit = MockAuditLog::new();
        audit.expect_record().returning(|_| Ok(()));
        let mut directory = MockDirectory::new();
        directory.expect_is_configured().return_const(false);
        Self {
            clock,
            random,
            hasher: MockPasswordHasher::new(),
            directory,
            users: MockUserRepository::new(),
            invitations: MockInvitationRepository::new(),
            outbox: MockOutboxRepository::new(),
            settings: MockSettingsRepository::new(),
            templates: MockTemplateStore::new(),
            audit,
            api_tokens: MockApiTokenRepository::new(),
            downloads: MockDownloadRepository::new(),
        }
    }
    fn settings(mut self, settings: PortalSettings) -> Self {
        self.settings
            .expect_load_settings()
            .returning(move || Ok(std::sync::Arc::new(settings.clone())));
        self
    }
    fn ports(self) -> Ports {
        Ports {
            clock: Arc::new(self.clock),
            random: Arc::new(self.random),
            hasher: Arc::new(self.hasher),
            directory: Arc::new(self.directory),
            users: Arc::new(self.users),
            invitations: Arc::new(self.invitations),
            outbox: Arc::new(self.outbox),
            settings: Arc::new(self.settings),
            templates: Arc::new(self.templates),
            texts: Arc::new(crate::language::EnglishTexts),
            audit: Arc::new(self.audit),
            api_tokens: Arc::new(self.api_tokens),
            downloads: Arc::new(self.downloads),
            attachments: Arc::new(NoFiles),
            sessions: Arc::new(crate::ports::MockSessionStore::new()),
            two_factor: Arc::new(crate::ports::MockTwoFactorRepository::new()),
            sealer: Arc::new(NoSealer),
            webhooks: Arc::new(crate::ports::MockWebhookRepository::new()),
        }
    }
}

fn staff(setting: InvitationSetting) -> User {
    User {
        id: UserId::from_uuid(uuid::Uuid::nil()),
        email: EmailAddress::parse("staff@example.com").unwrap(),
        display_name: DisplayName::parse("Staff").unwrap(),
        kind: UserKind::Internal,
        status: UserStatus::Active,
        invitation_setting: setting,
        password_hash: None,
        directory_may_invite: false,
        quota: None,
        sponsor_id: None,
        last_seen_at: None,
        created_at: datetime!(2026-01-01 0:00 UTC),
    }
}

fn request() -> InvitationRequest {
    InvitationRequest::parse(&InvitationForm {
        to: "a@example.com",
        subject: "s",
        message: "m",
        options: RequestedOptions::default(),
        ..Default::default()
    })
    .unwrap()
}

#[tokio::test]
async fn refused_sender_never_reaches_the_repository() {
    let mut m = Mocks::new().settings(PortalSettings::default());
    m.invitations.expect_create_invitation().never();
    m.invitations.expect_find_by_idempotency_key().never();
    let err = SendInvitations::new(&m.ports())
        .execute(&staff(InvitationSetting::Inherit), request())
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::NotPermitted));
}

#[tokio::test]
async fn permitted_sender_writes_invitation_and_outbox_in_one_call() {
    let mut m = Mocks::new().settings(PortalSettings::default());
    // The invitee has no account yet: asked once for the whole list.
    m.users
        .expect_find_users_by_emails()
        .withf(|asked| asked.len() == 1)
        .times(1)
        .returning(|_| Ok(Vec::new()));
    m.invitations
        .expect_create_invitation()
        .withf(|inv, outbox| inv.recipients.len() == 1 && outbox.len() == 1)
        .times(1)
        .returning(|_, _| Ok(()));
    let sent = SendInvitations::new(&m.ports())
        .execute(&staff(InvitationSetting::Allow), request())
        .await
        .unwrap();
    assert!(!sent.replayed);
}

#[tokio::test]
async fn storage_failure_is_reported_not_hidden() {
    let mut m = Mocks::new().settings(PortalSettings::default());
    m.users.expect_find_users_by_emails().returning(|_| Ok(Vec::new()));
    m.invitations
        .expect_create_invitation()
        .returning(|_, _| Err(StoreError::Unavailable("disk full".into())));
    let err = SendInvitations::new(&m.ports())
        .execute(&staff(InvitationSetting::Allow), request())
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::Store(StoreError::Unavailable(_))));
}

#[tokio::test]
async fn sign_in_of_unknown_user_still_spends_a_hash() {
    let mut m = Mocks::new();
    m.users.expect_find_user_by_email().returning(|_| Ok(None));
    m.hasher
        .expect_hash()
        .times(1)
        .returning(|_| Ok(crate::user::PasswordHash::new("x".into())));
    m.hasher.expect_verify().never();
    let err = Accounts::new(&m.ports())
        .sign_in("ghost@example.com", &Password::new("pw"))
        .await
        .unwrap_err();
    assert!(matches!(err, SignInError::InvalidCredentials));
}

/// With a directory, an address without a local account spends the same hashing effort as a
/// local account before the directory is asked, so timing does not tell which are local.
#[tokio::test]
async fn a_directory_sign_in_spends_a_hash_too() {
    let mut m = Mocks::new();
    m.users.expect_find_user_by_email().returning(|_| Ok(None));
    m.directory.checkpoint();
    m.directory.expect_is_configured().return_const(true);
    m.directory.expect_authenticate().times(1).returning(|_, _| {
        Err(crate::ports::DirectoryError::InvalidCredentials {
            reason: "no such account".into(),
        })
    });
    m.hasher
        .expect_hash()
        .times(1)
        .returning(|_| Ok(crate::user::PasswordHash::new("x".into())));
    m.hasher.expect_verify().never();
    let err = Accounts::new(&m.ports())
        .sign_in("ghost@example.com", &Password::new("pw"))
        .await
        .unwrap_err();
    assert!(matches!(err, SignInError::InvalidCredentials));
}

#[tokio::test]
async fn unknown_token_text_never_queries_storage() {
    let mut m = Mocks::new();
    m.invitations.expect_find_token().never();
    let err = ActivateAccount::new(&m.ports()).view("not-a-token").await.unwrap_err();
    assert!(matches!(err, ActivationError::Unknown));
}

#[tokio::test]
async fn a_lost_race_for_the_token_reports_used() {
    use crate::invitation::{IssuedToken, TokenState};
    let mut m = Mocks::new().settings(PortalSettings::default());
    let mut random = crate::ports::MockTokenSource::new();
    random.expect_fill().returning(|b| b.fill(3));
    let token = crate::token::ActivationToken::generate(&random);
    let digest = token.digest();
    let sender = staff(InvitationSetting::Allow);
    let inv_request = request();
    let recipient = crate::invitation::InvitationRecipient {
        id: crate::ids::RecipientId::from_uuid(uuid::Uuid::from_u128(9)),
        recipient: inv_request.addressees.to().iter().next().unwrap().clone(),
        role: crate::Role::To,
        kind: crate::invitation::RecipientKind::External,
        state: crate::invitation::RecipientState::Sent,
        sent_at: None,
        expires_at: None,
        accepted_at: None,
        last_delivery_note: None,
        reminders_sent: 0,
        next_reminder_at: None,
        renewal_requested_at: None,
        opened_at: None,
    };
    let invitation = crate::invitation::Invitation {
        id: crate::ids::InvitationId::from_uuid(uuid::Uuid::from_u128(1)),
        sender_id: sender.id,
        sender_email: sender.email.clone(),
        sender_name: sender.display_name.clone(),
        subject: inv_request.subject.clone(),
        message: inv_request.message.clone(),
        options: PortalSettings::default()
            .delivery
            .resolve(&RequestedOptions::default())
            .unwrap(),
        created_at: datetime!(2026-11-01 0:00 UTC),
        idempotency_key: None,
        recipients: vec![recipient.clone()],
        attachments: Vec::new(),
        kind: Default::default(),
        language: crate::language::Language::De,
    };
    let issued = IssuedToken {
        digest,
        recipient_id: recipient.id,
        issued_at: datetime!(2026-11-01 0:00 UTC),
        expires_at: datetime!(2026-11-15 0:00 UTC),
        state: TokenState::Live,
    };
    let (live, live_invitation) = (issued.clone(), invitation.clone());
    m.invitations.expect_find_token().times(1).returning(move |_| {
        Ok(Some(TokenMatch {
            token: live.clone(),
            invitation: live_invitation.clone(),
            account_exists: false,
        }))
    });
    // Read again after the lost race: another acceptance used the link meanwhile.
    m.invitations.expect_find_token().times(1).returning(move |_| {
        Ok(Some(TokenMatch {
            token: IssuedToken {
                state: TokenState::Used,
                ..issued.clone()
            },
            invitation: invitation.clone(),
            account_exists: false,
        }))
    });
    m.users.expect_find_user_by_email().returning(|_| Ok(None));
    m.hasher
        .expect_hash()
        .returning(|_| Ok(crate::user::PasswordHash::new("h".into())));
    m.invitations
        .expect_accept()
        .times(1)
        .returning(|_| Err(AcceptError::Refused));
    let input = ActivationInput {
        display_name: DisplayName::parse("Ann").unwrap(),
        password: Password::new("a-long-enough-secret"),
    };
    let err = ActivateAccount::new(&m.ports())
        .create(&token.expose(), input)
        .await
        .unwrap_err();
    assert!(matches!(err, ActivationError::Used(_)));
}
