use postern_domain::invitation::RecipientState;
use postern_domain::ports::{Clock, InvitationRepository, OutboxRepository};
use postern_domain::user::UserKind;
use postern_testkit::MailerMode;
use time::Duration;

use crate::support::World;

#[tokio::test]
async fn each_recipient_gets_their_own_link_and_bcc_is_never_in_headers() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let sent = w
        .send(
            &sender,
            World::form("a@example.com, b@example.com", "c@example.com", "secret@example.net"),
        )
        .await;
    let report = w.worker().drain().await.unwrap();
    assert_eq!(report.sent, 4);
    let messages = w.mailer.sent();
    assert_eq!(messages.len(), 4);
    let mut links = std::collections::HashSet::new();
    for m in &messages {
        let headers: Vec<&str> = m.to.iter().chain(m.cc.iter()).map(|b| b.address.normalized()).collect();
        assert_eq!(headers, vec!["a@example.com", "b@example.com", "c@example.com"]);
        assert!(!m.text.contains("secret@example.net") || m.envelope_to.normalized() == "secret@example.net");
        links.insert(w.token_for(m.envelope_to.normalized()));
        assert_eq!(m.from.name.as_deref(), Some("Sam Sender"));
        assert_eq!(m.reply_to.as_ref().unwrap().address.as_str(), "sender@example.com");
    }
    assert_eq!(links.len(), 4, "one personal link each");
    let inv = w.mem.store.find_invitation(sent.invitation.id).await.unwrap().unwrap();
    for r in &inv.recipients {
        assert_eq!(r.state, RecipientState::Sent);
        assert_eq!(
            r.expires_at,
            Some(w.mem.clock.now() + Duration::days(14)),
            "the link's life starts when it is sent"
        );
    }
    assert_eq!(w.mem.store.pending_count().await.unwrap(), 0);
}

#[tokio::test]
async fn nothing_is_lost_while_the_mail_server_is_down() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    for i in 0..20 {
        w.send(&sender, World::form(&format!("r{i}@example.com"), "", "")).await;
    }
    w.mailer.set_mode(MailerMode::Down);
    let report = w.worker().drain().await.unwrap();
    assert_eq!(report.deferred, 20);
    assert_eq!(w.mem.store.pending_count().await.unwrap(), 20);
    w.mailer.set_mode(MailerMode::Accept);
    assert_eq!(
        w.worker().drain().await.unwrap().sent,
        0,
        "retries wait for their backoff"
    );
    w.mem.clock.advance(Duration::minutes(2));
    let report = w.worker().drain().await.unwrap();
    assert_eq!(report.sent, 20);
    let mut to: Vec<String> = w
        .mailer
        .sent()
        .iter()
        .map(|m| m.envelope_to.normalized().to_owned())
        .collect();
    to.sort();
    to.dedup();
    assert_eq!(to.len(), 20, "every invitation arrives exactly once");
}

#[tokio::test]
async fn permanent_refusal_bounces_and_the_link_never_works() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let sent = w.send(&sender, World::form("nobody@example.com", "", "")).await;
    w.mailer.set_mode(MailerMode::Refuse);
    assert_eq!(w.worker().run_once().await.unwrap().bounced, 1);
    let inv = w.mem.store.find_invitation(sent.invitation.id).await.unwrap().unwrap();
    assert_eq!(inv.recipients[0].state, RecipientState::Bounced);
    assert_eq!(
        inv.recipients[0].last_delivery_note.as_deref(),
        Some("550 no such user")
    );
    // The inviter is told by email too.
    w.mailer.set_mode(MailerMode::Accept);
    assert_eq!(w.worker().drain().await.unwrap().sent, 1);
    let notice = w.sent_to("sender@example.com").pop().expect("a notice to the inviter");
    assert_eq!(
        notice.subject,
        "Your invitation to nobody@example.com could not be delivered"
    );
    assert!(notice.text.contains("550 no such user"));
}

#[tokio::test]
async fn temporary_failures_give_up_after_the_deadline() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    w.send(&sender, World::form("slow@example.com", "", "")).await;
    w.mailer.set_mode(MailerMode::Down);
    let mut hours = 0;
    while w.worker().drain().await.unwrap().bounced == 0 {
        w.mem.clock.advance(Duration::hours(1));
        hours += 1;
        assert!(hours < 100, "never gave up");
    }
    assert!(
        (48..=50).contains(&hours),
        "gave up after {hours} hours, the deadline is 48"
    );
    w.mailer.set_mode(MailerMode::Accept);
    w.mem.clock.advance(Duration::hours(2));
    w.worker().drain().await.unwrap();
    assert_eq!(w.mem.store.pending_count().await.unwrap(), 0);
    assert!(w.sent_to("slow@example.com").is_empty());
    assert_eq!(w.sent_to("sender@example.com").len(), 1, "the inviter is told");
}
