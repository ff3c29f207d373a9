use std::sync::Arc;

use postern_domain::DisplayName;
use postern_domain::EmailAddress;
use postern_domain::password::Password;
use postern_domain::policy::RequestedOptions;
use postern_domain::ports::SettingsRepository;
use postern_domain::usecases::{
    Accounts, ActivateAccount, DeliverOutbox, DeliveryConfig, InvitationForm, InvitationRequest, NewUser,
    SendInvitations, SentInvitation,
};
use postern_domain::user::{User, UserKind};
use postern_testkit::Composed;
use postern_testkit::{MemoryPorts, RecordingMailer};
use time::Duration;

pub struct World {
    pub mem: MemoryPorts,
    pub mailer: Arc<RecordingMailer>,
}

pub const PASSWORD: &str = "correct-horse-battery-9";

impl World {
    pub async fn new() -> Self {
        let mem = MemoryPorts::new();
        let mut settings = std::sync::Arc::unwrap_or_clone(mem.store.load_settings().await.unwrap());
        settings.invitations.internal_users_may_invite = true;
        mem.store.save_settings(&settings).await.unwrap();
        Self {
            mem,
            mailer: Arc::new(RecordingMailer::default()),
        }
    }

    /// Changes the administrator's settings.
    pub async fn change_settings(&self, change: impl FnOnce(&mut postern_domain::policy::PortalSettings)) {
        let mut settings = std::sync::Arc::unwrap_or_clone(self.mem.store.load_settings().await.unwrap());
        change(&mut settings);
        self.mem.store.save_settings(&settings).await.unwrap();
    }

    pub async fn user(&self, email: &str, kind: UserKind) -> User {
        Accounts::new(&self.mem.ports)
            .create_user(
                None,
                NewUser {
                    email: EmailAddress::parse(email).unwrap(),
                    display_name: DisplayName::parse("Sam Sender").unwrap(),
                    kind,
                    password: Password::new(PASSWORD),
                },
            )
            .await
            .unwrap()
    }

    pub fn form<'a>(to: &'a str, cc: &'a str, bcc: &'a str) -> InvitationForm<'a> {
        InvitationForm {
            to,
            cc,
            bcc,
            subject: "Join us",
            message: "Please create your account.",
            options: RequestedOptions::default(),
            idempotency_key: None,
        }
    }

    pub async fn send(&self, sender: &User, form: InvitationForm<'_>) -> SentInvitation {
        let request = InvitationRequest::parse(&form).unwrap();
        SendInvitations::new(&self.mem.ports)
            .execute(sender, request)
            .await
            .unwrap()
    }

    pub fn worker(&self) -> DeliverOutbox {
        DeliverOutbox::new(
            &self.mem.ports,
            self.mailer.clone(),
            DeliveryConfig {
                base_url: "https://postern.example".into(),
                from_address: EmailAddress::parse("postern@example.com").unwrap(),
                lease: Duration::minutes(5),
                batch: 50,
                retry_base: Duration::seconds(30),
                retry_max: Duration::hours(1),
                give_up_after: Duration::days(2),
                concurrency: 4,
                instance: "tests".into(),
            },
        )
    }

    pub fn activation(&self) -> ActivateAccount {
        ActivateAccount::new(&self.mem.ports)
    }

    pub fn sent_to(&self, address: &str) -> Vec<Composed> {
        self.mailer
            .sent()
            .into_iter()
            .filter(|m| m.envelope_to.normalized() == address)
            .collect()
    }

    /// The activation token in the newest message to `address`.
    pub fn token_for(&self, address: &str) -> String {
        let msg = self.sent_to(address).pop().expect("a message");
        let start = msg.text.find("/activate/").expect("a link") + "/activate/".len();
        msg.text[start..].split_whitespace().next().unwrap().to_owned()
    }
}
