//! The SMTP mailer against real servers started by `cargo xtask test`: maildev (plain, and
//! implicit TLS with AUTH) and aiosmtpd (STARTTLS with AUTH). The pickup folder runs the same
//! mailer contract without a server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Duration;

use postern_domain::EmailAddress;
use postern_domain::message::{Mailbox, OutgoingMessage};
use postern_domain::ports::{MailError, Mailer};
use postern_mail::{PickupFolderMailer, Security, SmtpMailer, SmtpSettings};
use postern_testkit::mailer_contract;

const NEEDS: &str = "needs maildev and aiosmtpd: cargo xtask test";

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run this test through `cargo xtask test`"))
}

fn settings(addr_var: &str, security: Security) -> SmtpSettings {
    let addr = env(addr_var);
    let (host, port) = addr.rsplit_once(':').unwrap();
    SmtpSettings {
        host: host.to_owned(),
        port: port.parse().unwrap(),
        security,
        credentials: None,
        ca_file: None,
        connect_timeout: Duration::from_secs(5),
        command_timeout: Duration::from_secs(10),
        concurrency: 4,
        helo_name: "postern.test".into(),
    }
}

fn with_auth(mut s: SmtpSettings) -> SmtpSettings {
    s.credentials = Some((env("XTASK_SMTP_USER"), env("XTASK_SMTP_PASSWORD")));
    s.ca_file = Some(PathBuf::from(env("XTASK_CA_FILE")));
    s
}

/// Raw messages maildev received for `address`, waiting up to five seconds for `want` of them.
async fn maildev(api: &str, address: &str, want: usize) -> Vec<String> {
    let client = reqwest::Client::new();
    for _ in 0..50 {
        let list: serde_json::Value = client
            .get(format!("{api}/api/email"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let ids: Vec<String> = list
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| {
                m["envelope"]["to"]
                    .as_array()
                    .is_some_and(|to| to.iter().any(|t| t["address"].as_str() == Some(address)))
            })
            .map(|m| m["id"].as_str().unwrap().to_owned())
            .collect();
        if ids.len() >= want {
            let mut out = Vec::new();
            for id in ids {
                out.push(
                    client
                        .get(format!("{api}/api/email/{id}/source"))
                        .send()
                        .await
                        .unwrap()
                        .text()
                        .await
                        .unwrap(),
                );
            }
            return out;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Vec::new()
}

/// Raw messages aiosmtpd spooled for `address`.
async fn spooled(address: &str, want: usize) -> Vec<String> {
    let spool = PathBuf::from(env("XTASK_STARTTLS_SPOOL"));
    for _ in 0..50 {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&spool).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let envelope: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
                if envelope["to"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|t| t.as_str() == Some(address))
                {
                    let eml = path.with_extension("eml");
                    if let Ok(raw) = std::fs::read_to_string(eml) {
                        out.push(raw);
                    }
                }
            }
        }
        if out.len() >= want {
            return out;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Vec::new()
}

fn message(id: &str, to: &str) -> OutgoingMessage {
    let mailbox = |a: &str| Mailbox {
        name: None,
        address: EmailAddress::parse(a).unwrap(),
    };
    OutgoingMessage {
        message_id: format!("{id}@example.com"),
        from: mailbox("postern@example.com"),
        reply_to: None,
        to: vec![mailbox(to)],
        cc: vec![],
        envelope_to: EmailAddress::parse(to).unwrap(),
        date: time::macros::datetime!(2026-11-26 10:00 UTC),
        email: postern_domain::message::Email::Downloaded {
            recipient: format!("Test {id}"),
            file_name: "report.pdf".into(),
            sent: (time::macros::datetime!(2026-11-26 9:00 UTC), "Files".into()),
            link: "https://postern.example/invitations".into(),
        },
    }
}

#[tokio::test]
async fn pickup_folder_passes_the_mailer_contract() {
    let dir = tempfile::tempdir().unwrap();
    let mailer = PickupFolderMailer::new(dir.path()).unwrap();
    let path = dir.path().to_owned();
    mailer_contract(&mailer, "pickup", |address| {
        let path = path.clone();
        async move {
            std::fs::read_dir(&path)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    p.file_name()
                        .unwrap()
                        .to_string_lossy()
                        .starts_with(&format!("{address}__"))
                })
                .map(|p| std::fs::read_to_string(p).unwrap())
                .collect()
        }
    })
    .await;
}

#[tokio::test]
#[ignore = "needs maildev and aiosmtpd: cargo xtask test"]
async fn plain_smtp_to_maildev_passes_the_mailer_contract() {
    let _ = NEEDS;
    let mailer = SmtpMailer::new(settings("XTASK_MAILDEV_SMTP", Security::Plain)).unwrap();
    let api = env("XTASK_MAILDEV_API");
    mailer_contract(&mailer, "plain", |a| {
        let api = api.clone();
        async move { maildev(&api, &a, 1).await }
    })
    .await;
}

#[tokio::test]
#[ignore = "needs maildev and aiosmtpd: cargo xtask test"]
async fn implicit_tls_with_auth_passes_the_mailer_contract() {
    let mailer = SmtpMailer::new(with_auth(settings("XTASK_MAILDEV_TLS_SMTP", Security::ImplicitTls))).unwrap();
    let api = env("XTASK_MAILDEV_TLS_API");
    mailer_contract(&mailer, "tls", |a| {
        let api = api.clone();
        async move { maildev(&api, &a, 1).await }
    })
    .await;
}

#[tokio::test]
#[ignore = "needs maildev and aiosmtpd: cargo xtask test"]
async fn starttls_with_auth_passes_the_mailer_contract() {
    let mailer = SmtpMailer::new(with_auth(settings("XTASK_STARTTLS_SMTP", Security::StartTls))).unwrap();
    mailer_contract(&mailer, "starttls", |a| async move { spooled(&a, 1).await }).await;
}

#[tokio::test]
#[ignore = "needs maildev and aiosmtpd: cargo xtask test"]
async fn a_wrong_password_is_deferred_with_advice_and_without_the_password() {
    let mut s = with_auth(settings("XTASK_MAILDEV_TLS_SMTP", Security::ImplicitTls));
    s.credentials = Some(("postern".into(), "Wrong-Passw0rd-xyz".into()));
    let mailer = SmtpMailer::new(s.clone()).unwrap();
    let err = mailer
        .deliver(&message("wrongpw", "wrongpw@example.com"))
        .await
        .unwrap_err();
    let MailError::Temporary(text) = err else {
        panic!("expected a temporary failure, got {err:?}")
    };
    assert!(text.contains("mail.smtp.password"), "{text}");
    assert!(!text.contains("Wrong-Passw0rd-xyz"), "{text}");
    assert!(!format!("{s:?}").contains("Wrong-Passw0rd-xyz"));
    let mut s = with_auth(settings("XTASK_STARTTLS_SMTP", Security::StartTls));
    s.credentials = Some(("postern".into(), "Wrong-Passw0rd-xyz".into()));
    let err = SmtpMailer::new(s)
        .unwrap()
        .deliver(&message("wrongpw2", "wrongpw2@example.com"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, MailError::Temporary(t) if t.contains("mail.smtp.password")),
        "{err:?}"
    );
}

#[tokio::test]
#[ignore = "needs maildev and aiosmtpd: cargo xtask test"]
async fn an_untrusted_certificate_is_refused_with_advice() {
    for (var, security) in [
        ("XTASK_MAILDEV_TLS_SMTP", Security::ImplicitTls),
        ("XTASK_STARTTLS_SMTP", Security::StartTls),
    ] {
        let mut s = with_auth(settings(var, security));
        s.ca_file = None;
        let err = SmtpMailer::new(s)
            .unwrap()
            .deliver(&message("untrusted", "untrusted@example.com"))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, MailError::Temporary(t) if t.contains("not trusted") && t.contains("mail.smtp.ca_file")),
            "{err:?}"
        );
    }
    assert!(spooled("untrusted@example.com", 0).await.is_empty());
}

#[tokio::test]
#[ignore = "needs maildev and aiosmtpd: cargo xtask test"]
async fn starttls_is_never_skipped() {
    // maildev's plain port offers no STARTTLS: the mailer must refuse rather than send in clear.
    let mailer = SmtpMailer::new(settings("XTASK_MAILDEV_SMTP", Security::StartTls)).unwrap();
    let err = mailer
        .deliver(&message("nostarttls", "nostarttls@example.com"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, MailError::Temporary(t) if t.contains("STARTTLS")),
        "{err:?}"
    );
    assert!(
        maildev(&env("XTASK_MAILDEV_API"), "nostarttls@example.com", 1)
            .await
            .is_empty(),
        "nothing was sent"
    );
}

#[tokio::test]
#[ignore = "needs maildev and aiosmtpd: cargo xtask test"]
async fn a_refused_recipient_bounces_and_others_are_unaffected() {
    let mailer = SmtpMailer::new(with_auth(settings("XTASK_STARTTLS_SMTP", Security::StartTls))).unwrap();
    mailer
        .deliver(&message("before", "before-reject@example.com"))
        .await
        .unwrap();
    let err = mailer
        .deliver(&message("rejected", "reject-me@example.com"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, MailError::Permanent(t) if t.starts_with("550")),
        "{err:?}"
    );
    mailer
        .deliver(&message("after", "after-reject@example.com"))
        .await
        .unwrap();
    assert_eq!(spooled("before-reject@example.com", 1).await.len(), 1);
    assert_eq!(spooled("after-reject@example.com", 1).await.len(), 1);
}

#[tokio::test]
#[ignore = "needs maildev and aiosmtpd: cargo xtask test"]
async fn many_messages_over_a_few_reused_connections() {
    let mailer = std::sync::Arc::new(SmtpMailer::new(settings("XTASK_MAILDEV_SMTP", Security::Plain)).unwrap());
    let mut tasks = Vec::new();
    for i in 0..60 {
        let m = mailer.clone();
        tasks.push(tokio::spawn(async move {
            m.deliver(&message(&format!("bulk-{i}"), &format!("bulk-{i}@example.com")))
                .await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let api = env("XTASK_MAILDEV_API");
    for i in [0, 29, 59] {
        assert_eq!(maildev(&api, &format!("bulk-{i}@example.com"), 1).await.len(), 1);
    }
}

#[tokio::test]
#[ignore = "needs maildev and aiosmtpd: cargo xtask test"]
async fn a_server_that_is_down_is_a_temporary_failure_and_the_mailer_recovers() {
    let target = env("XTASK_MAILDEV_SMTP").parse().unwrap();
    let gate = postern_testkit::TcpGate::start(target, false).await;
    let mut s = settings("XTASK_MAILDEV_SMTP", Security::Plain);
    s.port = gate.addr().port();
    let mailer = SmtpMailer::new(s).unwrap();
    let err = mailer.deliver(&message("down", "down@example.com")).await.unwrap_err();
    assert!(matches!(err, MailError::Temporary(_)), "{err:?}");
    gate.set_open(true);
    mailer.deliver(&message("up", "down@example.com")).await.unwrap();
    assert_eq!(maildev(&env("XTASK_MAILDEV_API"), "down@example.com", 1).await.len(), 1);
}
