//! The mailer contract: what every [`Mailer`] must do with a rendered invitation, checked by
//! reading the delivered messages back from wherever the adapter puts them.

use std::future::Future;

use mail_parser::{HeaderName, MessageParser};
use postern_domain::EmailAddress;
use postern_domain::message::{Email, Mailbox, OutgoingMessage};
use postern_domain::ports::Mailer;
use time::macros::datetime;

fn mailbox(name: Option<&str>, address: &str) -> Mailbox {
    Mailbox {
        name: name.map(str::to_owned),
        address: EmailAddress::parse(address).expect("test address"),
    }
}

/// Delivers one invitation to two To, one CC and one BCC recipient (addresses made unique by
/// `tag`), then reads each back with `read(envelope address)` and checks headers, parts,
/// personal links and that the BCC address is in no header.
///
/// # Panics
/// On the first broken rule.
pub async fn mailer_contract<R, F>(mailer: &dyn Mailer, tag: &str, read: R)
where
    R: Fn(String) -> F,
    F: Future<Output = Vec<String>>,
{
    let to1 = format!("to1-{tag}@example.com");
    let to2 = format!("to2-{tag}@example.org");
    let cc = format!("cc-{tag}@example.net");
    let bcc = format!("bcc-{tag}@example.com");
    let base = OutgoingMessage {
        message_id: String::new(),
        from: mailbox(Some("Zoë Sender, Sales"), "postern@example.com"),
        reply_to: Some(mailbox(Some("Zoë Sender, Sales"), "zoe@example.com")),
        to: vec![mailbox(None, &to1), mailbox(Some("Doe, John"), &to2)],
        cc: vec![mailbox(Some("Carol"), &cc)],
        envelope_to: EmailAddress::parse(&to1).expect("test address"),
        date: datetime!(2026-11-26 10:00 UTC),
        language: postern_domain::Language::Fr,
        email: Email::Invitation {
            subject: "Invitation — créez votre compte".into(),
            top: "Zoë & Co invite you.".into(),
            message: "Hello & welcome".into(),
            link: String::new(),
            expires_at: datetime!(2026-12-10 10:00 UTC),
            username: String::new(),
            internal: false,
            files: Vec::new(),
            download: None,
        },
    };
    for (i, rcpt) in [&to1, &to2, &cc, &bcc].into_iter().enumerate() {
        let mut m = base.clone();
        m.message_id = format!("{tag}-{i}@example.com");
        m.envelope_to = EmailAddress::parse(rcpt).expect("test address");
        if let Email::Invitation { link, username, .. } = &mut m.email {
            *link = format!("https://postern.example/activate/link-{tag}-{i}");
            *username = (*rcpt).clone();
        }
        let reply = mailer
            .deliver(&m)
            .await
            .unwrap_or_else(|e| panic!("delivery to {rcpt} failed: {e}"));
        assert!(!reply.is_empty(), "the mail system's answer is reported");
    }
    for (i, rcpt) in [&to1, &to2, &cc, &bcc].into_iter().enumerate() {
        let got = read(rcpt.clone()).await;
        assert_eq!(got.len(), 1, "exactly one message reached {rcpt}");
        let raw = &got[0];
        let parsed = MessageParser::default()
            .parse(raw.as_bytes())
            .expect("a parsable message");
        let header_end = parsed.root_part().offset_body as usize;
        let headers = &raw[..header_end.min(raw.len())];
        assert!(
            !headers.contains(&bcc),
            "the BCC address appears in a header of the message to {rcpt}"
        );
        assert!(parsed.headers().iter().all(|h| h.name != HeaderName::Bcc));
        let to: Vec<String> = parsed
            .to()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.address.as_deref().map(str::to_lowercase))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(to, vec![to1.clone(), to2.clone()], "To header of the message to {rcpt}");
        let cc_header: Vec<String> = parsed
            .cc()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.address.as_deref().map(str::to_lowercase))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(cc_header, vec![cc.clone()]);
        assert_eq!(parsed.subject(), Some("Invitation — créez votre compte"));
        assert_eq!(parsed.message_id(), Some(format!("{tag}-{i}@example.com").as_str()));
        let from = parsed.from().and_then(|f| f.first()).expect("a From header");
        assert_eq!(from.name.as_deref(), Some("Zoë Sender, Sales"));
        let text = parsed.body_text(0).expect("a text part");
        assert!(
            text.contains(&format!("/activate/link-{tag}-{i}")),
            "the personal link of {rcpt}"
        );
        let html = parsed.body_html(0).expect("an HTML part");
        assert!(html.contains(&format!("href=\"https://postern.example/activate/link-{tag}-{i}\"")));
    }
}
