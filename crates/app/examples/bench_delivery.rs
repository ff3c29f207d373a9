//! Benchmark: the delivery worker drains 10,000 queued invitation messages into an SMTP sink
//! (aiosmtpd, started by `cargo xtask bench`), against a reference client (Python's smtplib
//! over the same number of reused connections) sending the same message to the same sink in
//! the same run. Appends its section to the file given as the first argument.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: failing loudly is the point

mod smtp_reference;

use std::io::Write;
use std::time::Instant;

use postern::config::Config;
use postern_domain::EmailAddress;
use postern_domain::password::Password;
use postern_domain::policy::InvitationSetting;
use postern_domain::text::DisplayName;
use postern_domain::usecases::{Accounts, InvitationForm, InvitationRequest, NewUser, SendInvitations};
use postern_domain::user::UserKind;

const MESSAGES: usize = 10_000;
const CONCURRENCY: usize = 4;

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "docs/benchmarks.md".into());
    let sink = std::env::var("XTASK_SINK_SMTP").expect("XTASK_SINK_SMTP: run through `cargo xtask bench`");
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.server.data_dir = dir.path().join("var");
    config.mail.smtp.url = serde_json::from_value(serde_json::json!(format!("smtp+plain://{sink}"))).unwrap();
    config.mail.smtp.concurrency = CONCURRENCY;
    config.delivery.batch = 200;
    let runtime = postern::open(config).await.unwrap();
    let ports = runtime.ports.clone();
    let worker = postern::delivery(&ports, runtime.mailer.clone(), &runtime.config).unwrap();
    let user = Accounts::new(&ports)
        .create_user(
            None,
            NewUser {
                email: EmailAddress::parse("sender@example.com").unwrap(),
                display_name: DisplayName::parse("Bench Sender").unwrap(),
                kind: UserKind::Internal,
                password: Password::new("quiet-harbour-lantern-47"),
            },
        )
        .await
        .unwrap();
    ports
        .users
        .set_invitation_setting(user.id, InvitationSetting::Allow)
        .await
        .unwrap();
    let user = ports.users.find_user(user.id).await.unwrap().unwrap();
    let send = SendInvitations::new(&ports);
    for batch in 0..MESSAGES / 100 {
        let to: Vec<String> = (0..100).map(|i| format!("r{batch}-{i}@example.org")).collect();
        let to = to.join(", ");
        let form = InvitationForm {
            to: &to,
            subject: "You are invited to open a Drop-Off account on Postern",
            message: "Please click the link below to create your account.",
            ..Default::default()
        };
        send.execute(&user, InvitationRequest::parse(&form).unwrap())
            .await
            .unwrap();
    }
    let rss_before = status_kib("VmRSS:");
    let started = Instant::now();
    let report = worker.drain().await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(report.sent as usize, MESSAGES, "{report:?}");
    let peak = status_kib("VmHWM:");
    let postern_rate = MESSAGES as f64 / elapsed.as_secs_f64();

    // The reference sends a message of the same size that Postern rendered.
    let sample = {
        let mut m = postern_mail::Composed {
            message_id: "sample@example.com".into(),
            from: postern_domain::message::Mailbox {
                name: Some("Bench Sender".into()),
                address: EmailAddress::parse("postern@example.com").unwrap(),
            },
            reply_to: None,
            to: vec![],
            cc: vec![],
            envelope_to: EmailAddress::parse("ref@example.org").unwrap(),
            language: "en",
            subject: "You are invited to open a Drop-Off account on Postern".into(),
            text: String::new(),
            html: String::new(),
            date: time::macros::datetime!(2026-11-26 10:00 UTC),
        };
        // Same text and HTML sizes as a real invitation with 100 To recipients.
        m.to = (0..100)
            .map(|i| postern_domain::message::Mailbox {
                name: None,
                address: EmailAddress::parse(&format!("r0-{i}@example.org")).unwrap(),
            })
            .collect();
        m.text = "x".repeat(600);
        m.html = "y".repeat(1400);
        postern_mail::render_eml(&m).unwrap()
    };
    let sample_path = dir.path().join("sample.eml");
    std::fs::write(&sample_path, &sample).unwrap();
    let reference_rate = smtp_reference::smtplib_rate(&sink, MESSAGES, CONCURRENCY, &sample_path);

    let md = format!(
        "\n## Delivery worker to an SMTP relay\n\n\
         Command: `cargo xtask bench` (runs `cargo run --release -p postern --example bench_delivery`). {MESSAGES} queued \
         invitation messages (100 invitations of 100 recipients), drained by the delivery worker into an aiosmtpd sink on \
         127.0.0.1 over {CONCURRENCY} reused connections: each message is claimed from the outbox, its link minted and its \
         digest stored in SQLite, rendered, sent, and recorded. Reference in the same run: Python's smtplib sending \
         {MESSAGES} copies of a message of the same size to the same sink over {CONCURRENCY} reused connections.\n\n\
         | client | messages/s |\n|---|---:|\n| Postern delivery worker | {postern_rate:.0} |\n| smtplib reference | {reference_rate:.0} |\n\n\
         Ratio Postern / reference: **{:.2}×** (goal: at least 0.8×). Peak resident memory of the benchmark process \
         (worker, SQLite, 10,000 queued rows): {} MiB; resident before draining: {} MiB.\n",
        postern_rate / reference_rate,
        peak / 1024,
        rss_before / 1024,
    );
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&out)
        .unwrap();
    file.write_all(md.as_bytes()).unwrap();
    print!("{md}");
}
