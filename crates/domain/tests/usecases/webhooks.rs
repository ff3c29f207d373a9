//! Webhooks with the clock port: every step of an invitation's life delivered, signed, to a
//! receiver that checks each signature — also after it was down for a while.

use std::sync::Arc;

use postern_domain::DisplayName;
use postern_domain::history::HistoryEvent;
use postern_domain::password::Password;
use postern_domain::usecases::{ActivationInput, ManageInvitations, RemindInvitees, WebhookError, Webhooks};
use postern_domain::user::UserKind;
use postern_domain::webhook::{EVENT_HEADER, EVENTS, SIGNATURE_HEADER, signing_key, verify};
use postern_testkit::RecordingWebhooks;
use time::Duration;

use crate::support::World;

fn input() -> ActivationInput {
    ActivationInput {
        display_name: DisplayName::parse("Ann Invitee").unwrap(),
        password: Password::new("a-long-enough-secret"),
    }
}

/// The receiver's view: each delivery's signature checked with the secret (at the time it
/// arrived), then its event type and recipient in the order things happened (the ids grow
/// with it; retries may deliver out of order).
fn verified(receiver: &RecordingWebhooks, secret: &str) -> Vec<(String, String)> {
    let mut got: Vec<(u64, String, String)> = receiver
        .received()
        .iter()
        .map(|(_, headers, body, received_at)| {
            let header = |name: &str| headers.iter().find(|(n, _)| n == name).unwrap().1.clone();
            assert!(
                verify(&signing_key(secret), &header(SIGNATURE_HEADER), body, *received_at),
                "a signature that does not verify"
            );
            assert!(!verify(b"whsec_other", &header(SIGNATURE_HEADER), body, *received_at));
            let json: serde_json::Value = serde_json::from_slice(body).unwrap();
            let id = json["id"].as_str().unwrap();
            assert_eq!(id, header(EVENT_HEADER));
            (
                id.trim_start_matches("evt_").parse().unwrap(),
                json["type"].as_str().unwrap().to_owned(),
                json["recipient_email"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    got.sort();
    let before = got.len();
    got.dedup_by_key(|g| g.0);
    assert_eq!(got.len(), before, "each event once");
    got.into_iter().map(|(_, kind, to)| (kind, to)).collect()
}

#[tokio::test]
async fn every_step_of_an_invitation_arrives_signed_also_after_the_receiver_was_down() {
    let w = World::new().await;
    w.change_settings(|s| s.delivery.reminder_at_percent = vec![50]).await;
    let admin = w.user("admin@example.com", UserKind::Admin).await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    // What happened before the first endpoint is not delivered.
    w.send(&sender, World::form("early@example.org", "", "")).await;
    let hooks = Webhooks::new(&w.mem.ports);
    let (endpoint, secret) = hooks
        .register(&admin, "https://tools.example.org/postern", &EVENTS)
        .await
        .unwrap();
    assert!(secret.starts_with("whsec_"));
    assert_ne!(endpoint.sealed_secret, secret.as_bytes(), "kept sealed");
    let receiver = Arc::new(RecordingWebhooks::new(w.mem.clock.clone()));
    let worker = || w.worker().with_webhooks(receiver.clone());

    let sent = w.send(&sender, World::form("ann@example.org", "", "")).await;
    worker().drain().await.unwrap();
    // The receiver goes down: opening, reminder and acceptance wait.
    receiver.set_down(true);
    let ann = w.token_for("ann@example.org");
    w.activation().view(&ann).await.unwrap();
    w.mem.clock.advance(Duration::days(7));
    RemindInvitees::new(&w.mem.ports).run().await.unwrap();
    worker().run_once().await.unwrap();
    w.activation().create(&ann, input()).await.unwrap();
    worker().run_once().await.unwrap();
    let listed = hooks.list(&admin).await.unwrap();
    let (_, outcome) = listed[0].last_attempt.clone().unwrap();
    assert!(outcome.contains("refused"), "the console says it fails: {outcome}");
    // Back up: after the wait, everything arrives.
    receiver.set_down(false);
    w.mem.clock.advance(Duration::hours(2));
    worker().drain().await.unwrap();
    let got = verified(&receiver, &secret);
    let ann_events: Vec<&str> = got
        .iter()
        .filter(|(_, to)| to == "ann@example.org")
        .map(|(t, _)| t.as_str())
        .collect();
    assert_eq!(
        ann_events,
        [
            "recipient.queued",
            "recipient.sent",
            "recipient.opened",
            "recipient.reminded",
            "recipient.accepted"
        ]
    );
    let early: Vec<&str> = got
        .iter()
        .filter(|(_, to)| to == "early@example.org")
        .map(|(t, _)| t.as_str())
        .collect();
    assert_eq!(
        early,
        ["recipient.sent", "recipient.reminded"],
        "its queueing came before the endpoint, the rest after"
    );
    let history = ManageInvitations::new(&w.mem.ports)
        .history(&sender, sent.invitation.recipients[0].id)
        .await
        .unwrap()
        .unwrap()
        .1;
    let stored: Vec<HistoryEvent> = history.iter().map(|e| e.event).collect();
    assert_eq!(stored.len(), ann_events.len(), "one delivery per step: {stored:?}");
    let listed = hooks.list(&admin).await.unwrap();
    assert!(listed[0].last_success_at.is_some());

    // Removed: what still waits is dropped, nothing more arrives.
    let before = receiver.received().len();
    w.send(&sender, World::form("bob@example.org", "", "")).await;
    hooks.remove(&admin, endpoint.id).await.unwrap();
    worker().drain().await.unwrap();
    assert_eq!(receiver.received().len(), before);
}

#[tokio::test]
async fn only_administrators_register_and_bad_input_is_refused() {
    let w = World::new().await;
    let admin = w.user("admin@example.com", UserKind::Admin).await;
    let staff = w.user("staff@example.com", UserKind::Internal).await;
    let hooks = Webhooks::new(&w.mem.ports);
    assert!(matches!(
        hooks.register(&staff, "https://x.org/h", &EVENTS).await,
        Err(WebhookError::NotAdmin)
    ));
    assert!(matches!(
        hooks.register(&admin, "ftp://x.org/h", &EVENTS).await,
        Err(WebhookError::Url(_))
    ));
    assert!(matches!(
        hooks
            .register(&admin, "https://x.org/h", &[HistoryEvent::Expired])
            .await,
        Err(WebhookError::NoEvents)
    ));
    assert!(hooks.list(&admin).await.unwrap().is_empty());
}
