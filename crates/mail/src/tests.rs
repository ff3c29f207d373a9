use mail_parser::{Address as ParsedAddress, HeaderName, MessageParser};
use postern_domain::EmailAddress;
use postern_domain::message::{Email, Mailbox, OutgoingMessage};
use time::macros::datetime;

use super::*;

fn mailbox(name: Option<&str>, address: &str) -> Mailbox {
    Mailbox {
        name: name.map(str::to_owned),
        address: EmailAddress::parse(address).unwrap(),
    }
}

/// A message as the domain hands it over.
fn message(envelope: &str) -> OutgoingMessage {
    let c = sample(envelope);
    OutgoingMessage {
        message_id: c.message_id,
        from: c.from,
        reply_to: c.reply_to,
        to: c.to,
        cc: c.cc,
        envelope_to: c.envelope_to,
        date: c.date,
        language: postern_domain::Language::En,
        email: Email::Rejected {
            user_name: "Zoë O'Brien".into(),
            portal_name: "Postern".into(),
            link: "https://postern.example/".into(),
        },
    }
}

/// A message as composed, ready for MIME.
fn sample(envelope: &str) -> Composed {
    Composed {
        message_id: "0b3c1f9e-1111-4222-8333-444455556666@example.com".into(),
        from: mailbox(Some("Zoë O'Brien, Sales"), "postern@example.com"),
        reply_to: Some(mailbox(Some("Zoë O'Brien, Sales"), "zoe@example.com")),
        to: vec![
            mailbox(None, "a@example.com"),
            mailbox(Some("Doe, John"), "jdoe@example.org"),
        ],
        cc: vec![mailbox(None, "c@bücher.example")],
        envelope_to: EmailAddress::parse(envelope).unwrap(),
        subject: "Invitation — créez votre compte".into(),
        text: "Hello\n\nhttps://postern.example/activate/pstn_abc\n".into(),
        html: "<p>Hello &amp; welcome</p><p><a href=\"https://postern.example/activate/pstn_abc\">Create</a></p>"
            .into(),
        date: datetime!(2026-11-26 10:00 UTC),
        language: "fr",
    }
}

fn addresses(a: Option<&ParsedAddress<'_>>) -> Vec<String> {
    a.map(|a| {
        a.iter()
            .filter_map(|x| x.address.as_deref().map(str::to_owned))
            .collect()
    })
    .unwrap_or_default()
}

#[test]
fn rendered_message_round_trips_through_a_parser() {
    let eml = render_eml(&sample("hidden@example.net")).unwrap();
    let parsed = MessageParser::default().parse(eml.as_bytes()).unwrap();
    assert_eq!(parsed.subject(), Some("Invitation — créez votre compte"));
    assert_eq!(
        parsed.message_id(),
        Some("0b3c1f9e-1111-4222-8333-444455556666@example.com")
    );
    assert_eq!(addresses(parsed.to()), vec!["a@example.com", "jdoe@example.org"]);
    assert_eq!(addresses(parsed.cc()), vec!["c@xn--bcher-kva.example"]);
    assert_eq!(
        parsed.from().and_then(|f| f.first()).and_then(|f| f.name.as_deref()),
        Some("Zoë O'Brien, Sales")
    );
    assert_eq!(addresses(parsed.reply_to()), vec!["zoe@example.com"]);
    // Lines end in CRLF on the wire.
    let text = parsed.body_text(0).unwrap().replace("\r\n", "\n");
    assert_eq!(text, "Hello\n\nhttps://postern.example/activate/pstn_abc\n");
    assert!(
        parsed
            .body_html(0)
            .unwrap()
            .contains("<a href=\"https://postern.example/activate/pstn_abc\">")
    );
    assert_eq!(
        parsed.date().map(|d| d.to_timestamp()),
        Some(datetime!(2026-11-26 10:00 UTC).unix_timestamp())
    );
}

#[test]
fn the_envelope_recipient_is_in_no_header() {
    let eml = render_eml(&sample("hidden@example.net")).unwrap();
    assert!(!eml.contains("hidden@example.net"));
    let parsed = MessageParser::default().parse(eml.as_bytes()).unwrap();
    assert!(parsed.headers().iter().all(|h| h.name != HeaderName::Bcc));
}

#[tokio::test]
async fn pickup_folder_gets_one_complete_file_per_message() {
    let dir = tempfile::tempdir().unwrap();
    let mailer = PickupFolderMailer::new(dir.path().join("pickup")).unwrap();
    mailer.deliver(&message("a@example.com")).await.unwrap();
    let mut other = message("hidden@example.net");
    other.message_id = "second@example.com".into();
    mailer.deliver(&other).await.unwrap();
    let mut names: Vec<String> = std::fs::read_dir(mailer.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "a@example.com__0b3c1f9e-1111-4222-8333-444455556666@example.com.eml",
            "hidden@example.net__second@example.com.eml"
        ]
    );
    let bytes = std::fs::read(mailer.dir().join(&names[1])).unwrap();
    let parsed = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(parsed.message_id(), Some("second@example.com"));
}

#[tokio::test]
async fn an_unwritable_folder_is_a_temporary_failure() {
    let dir = tempfile::tempdir().unwrap();
    let mailer = PickupFolderMailer::new(dir.path().join("gone")).unwrap();
    std::fs::remove_dir(mailer.dir()).unwrap();
    let err = mailer.deliver(&message("a@example.com")).await.unwrap_err();
    assert!(matches!(err, MailError::Temporary(_)));
}

/// The messages hold working links: the folder and each message are the portal's own user's
/// only, and old messages are removed (other files are left alone).
#[tokio::test]
async fn pickup_messages_are_private_and_old_ones_go() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mailer = PickupFolderMailer::new(dir.path().join("pickup")).unwrap();
    mailer.deliver(&message("a@example.com")).await.unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(mailer.dir()), 0o700);
    let eml = std::fs::read_dir(mailer.dir()).unwrap().next().unwrap().unwrap().path();
    assert_eq!(mode(&eml), 0o600);
    std::fs::write(mailer.dir().join("README.txt"), "not a message").unwrap();
    let written = std::fs::metadata(&eml).unwrap().modified().unwrap();
    let hour = std::time::Duration::from_secs(3600);
    assert_eq!(
        mailer.remove_older_than(written - hour).unwrap(),
        0,
        "a new message stays"
    );
    assert_eq!(mailer.remove_older_than(written + hour).unwrap(), 1);
    assert!(!eml.exists());
    assert!(mailer.dir().join("README.txt").exists(), "only messages are removed");
}
