//! Relay faults end to end: the state each recipient ends in, and what the inviter is told.

use postern::config::Config;
use postern_domain::invitation::RecipientState;
use postern_domain::policy::InvitationSetting;
use postern_domain::usecases::{Accounts, InvitationForm, InvitationRequest, NewUser, SendInvitations};
use postern_domain::user::UserKind;
use postern_domain::{DisplayName, EmailAddress};

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name}: run through `cargo xtask test`"))
}

/// An embedded runtime sending through aiosmtpd (STARTTLS + AUTH) with this password.
async fn runtime(dir: &std::path::Path, password: &str) -> postern::Runtime {
    let mut config = Config::default();
    config.server.data_dir = dir.join("var");
    let (host, port) = var("XTASK_STARTTLS_SMTP")
        .rsplit_once(':')
        .map(|(h, p)| (h.to_owned(), p.to_owned()))
        .unwrap();
    config.mail.smtp.host = host;
    config.mail.smtp.port = port.parse().unwrap();
    config.mail.smtp.security = "starttls".into();
    config.mail.smtp.username = var("XTASK_SMTP_USER");
    config.mail.smtp.password = serde_json::from_value(serde_json::json!(password)).unwrap();
    config.mail.smtp.ca_file = var("XTASK_CA_FILE").into();
    postern::open(config).await.unwrap()
}

async fn invite(rt: &postern::Runtime, to: &str) -> postern_domain::invitation::Invitation {
    let sender = Accounts::new(&rt.ports)
        .create_user(
            None,
            NewUser {
                email: EmailAddress::parse("staff@example.com").unwrap(),
                display_name: DisplayName::parse("Staff").unwrap(),
                kind: UserKind::Internal,
                password: postern_domain::password::Password::new(crate::harness::PASSWORD),
            },
        )
        .await
        .unwrap();
    rt.ports
        .users
        .set_invitation_setting(sender.id, InvitationSetting::Allow)
        .await
        .unwrap();
    let sender = rt.ports.users.find_user(sender.id).await.unwrap().unwrap();
    let form = InvitationForm {
        to,
        subject: "Hello",
        message: "Join us",
        ..Default::default()
    };
    SendInvitations::new(&rt.ports)
        .execute(&sender, InvitationRequest::parse(&form).unwrap())
        .await
        .unwrap()
        .invitation
}

#[tokio::test]
#[ignore = "needs aiosmtpd: cargo xtask test"]
async fn a_refused_recipient_bounces_and_the_others_are_sent() {
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime(dir.path(), &var("XTASK_SMTP_PASSWORD")).await;
    let inv = invite(
        &rt,
        "fault-ok@example.com, reject-fault@example.com, fault-ok2@example.com",
    )
    .await;
    let worker = postern::delivery(&rt.ports, rt.mailer.clone(), &rt.config).unwrap();
    let report = worker.drain().await.unwrap();
    assert_eq!(
        (report.sent, report.bounced),
        (3, 1),
        "two invitations and the inviter's bounce notice sent, one bounced: {report:?}"
    );
    let inv = rt.ports.invitations.find_invitation(inv.id).await.unwrap().unwrap();
    let states: Vec<(String, RecipientState)> = inv
        .recipients
        .iter()
        .map(|r| (r.address().as_str().to_owned(), r.state))
        .collect();
    assert_eq!(
        states,
        vec![
            ("fault-ok@example.com".into(), RecipientState::Sent),
            ("reject-fault@example.com".into(), RecipientState::Bounced),
            ("fault-ok2@example.com".into(), RecipientState::Sent),
        ]
    );
    let note = inv.recipients[1].last_delivery_note.clone().unwrap();
    assert!(note.starts_with("550"), "{note}");
    assert!(
        inv.recipients[0]
            .last_delivery_note
            .as_deref()
            .unwrap()
            .starts_with("250"),
        "the relay's reply is kept"
    );
}

#[tokio::test]
#[ignore = "needs aiosmtpd: cargo xtask test"]
async fn a_wrong_relay_password_defers_with_advice_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime(dir.path(), "Not-the-Relay-Pass").await;
    let inv = invite(&rt, "wrongpass-e2e@example.com").await;
    let worker = postern::delivery(&rt.ports, rt.mailer.clone(), &rt.config).unwrap();
    let report = worker.run_once().await.unwrap();
    assert_eq!((report.sent, report.deferred, report.bounced), (0, 1, 0));
    let inv = rt.ports.invitations.find_invitation(inv.id).await.unwrap().unwrap();
    assert_eq!(
        inv.recipients[0].state,
        RecipientState::Queued,
        "still waiting, not lost"
    );
    let note = inv.recipients[0].last_delivery_note.clone().unwrap();
    assert!(note.contains("mail.smtp.password"), "{note}");
    assert!(!note.contains("Not-the-Relay-Pass"));
    assert_eq!(rt.ports.outbox.pending_count().await.unwrap(), 1);
}
