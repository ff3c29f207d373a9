//! The funnel, with the clock port: each recipient's history through every state, and the
//! administrator's report.

use postern_domain::DisplayName;
use postern_domain::history::{GroupBy, HistoryEvent};
use postern_domain::lifecycle::Actor;
use postern_domain::password::Password;
use postern_domain::policy::RenewalMode;
use postern_domain::ports::Clock;
use postern_domain::usecases::{ActivationInput, AdminError, Administration, ManageInvitations, RemindInvitees};
use postern_domain::user::UserKind;
use postern_testkit::MailerMode;
use time::Duration;

use crate::support::World;

fn input() -> ActivationInput {
    ActivationInput {
        display_name: DisplayName::parse("Ann Invitee").unwrap(),
        password: Password::new("a-long-enough-secret"),
    }
}

/// Queued, deferred, sent, opened (once, however often), reminded, accepted; revoked, resent;
/// bounced; expired, renewal asked — each recipient's history says it in order with who did
/// it, and the report counts the same.
#[tokio::test]
async fn every_state_is_in_the_history_and_the_report() {
    let w = World::new().await;
    w.change_settings(|s| {
        s.delivery.reminder_at_percent = vec![50];
        s.invitations.renewal = RenewalMode::AskInviter;
    })
    .await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let admin = w.user("admin@example.com", UserKind::Admin).await;
    let t0 = w.mem.clock.now();
    let sent = w
        .send(
            &sender,
            World::form("ann@example.org; bob@example.org; cat@example.org", "", ""),
        )
        .await;
    let ids: Vec<_> = sent.invitation.recipients.iter().map(|r| r.id).collect();
    let manage = ManageInvitations::new(&w.mem.ports);
    let events = |id| {
        let manage = &manage;
        let sender = &sender;
        async move {
            manage
                .history(sender, id)
                .await
                .unwrap()
                .unwrap()
                .1
                .iter()
                .map(|e| (e.event, e.actor))
                .collect::<Vec<_>>()
        }
    };
    let worker = w.worker();
    w.mailer.set_mode(MailerMode::Down);
    worker.run_once().await.unwrap();
    assert_eq!(
        events(ids[0]).await,
        [
            (HistoryEvent::Queued, Some(Actor::Sender)),
            (HistoryEvent::Deferred, None)
        ]
    );
    w.mailer.set_mode(MailerMode::Accept);
    w.mem.clock.advance(Duration::minutes(5));
    worker.drain().await.unwrap();

    // Ann opens her link twice, is reminded, and accepts.
    let ann = w.token_for("ann@example.org");
    let activation = w.activation();
    activation.view(&ann).await.unwrap();
    w.mem.clock.advance(Duration::hours(1));
    activation.view(&ann).await.unwrap();
    w.mem.clock.advance(Duration::days(7));
    RemindInvitees::new(&w.mem.ports).run().await.unwrap();
    activation.create(&ann, input()).await.unwrap();
    assert_eq!(
        events(ids[0]).await,
        [
            (HistoryEvent::Queued, Some(Actor::Sender)),
            (HistoryEvent::Deferred, None),
            (HistoryEvent::Sent, None),
            (HistoryEvent::Opened, Some(Actor::Invitee)),
            (HistoryEvent::Reminded, None),
            (HistoryEvent::Accepted, Some(Actor::Invitee)),
        ]
    );

    // Bob: revoked by an administrator, sent again by them.
    manage.revoke(&admin, ids[1]).await.unwrap();
    manage.resend(&admin, ids[1]).await.unwrap();
    let bob: Vec<_> = events(ids[1]).await.into_iter().skip(3).collect();
    assert_eq!(
        bob[bob.len() - 2..],
        [
            (HistoryEvent::Revoked, Some(Actor::Administrator)),
            (HistoryEvent::Resent, Some(Actor::Administrator))
        ]
    );
    w.mailer.set_mode(MailerMode::Refuse);
    worker.drain().await.unwrap();
    assert_eq!(events(ids[1]).await.last(), Some(&(HistoryEvent::Bounced, None)));

    // Cat: the link expires, she asks for a new one.
    w.mem.clock.advance(Duration::days(8));
    let cat = w.token_for("cat@example.org");
    activation.request_renewal(&cat).await.unwrap();
    let history = manage.history(&sender, ids[2]).await.unwrap().unwrap().1;
    let tail: Vec<_> = history.iter().rev().take(2).map(|e| e.event).collect();
    assert_eq!(tail, [HistoryEvent::RenewalRequested, HistoryEvent::Expired]);
    let expired = history.iter().find(|e| e.event == HistoryEvent::Expired).unwrap();
    assert_eq!(Some(expired.at), sent_expiry(&w, ids[2]).await);

    // Nobody else sees a history.
    let other = w.user("other@example.com", UserKind::Internal).await;
    assert!(manage.history(&other, ids[0]).await.unwrap().is_none());

    // The report: the same story in numbers.
    let admin_uc = Administration::new(&w.mem.ports);
    let now = w.mem.clock.now();
    let report = admin_uc
        .funnel(&admin, t0 - Duration::days(1), now, GroupBy::Inviter)
        .await
        .unwrap();
    assert_eq!(report.lines.len(), 1);
    let line = &report.lines[0];
    assert_eq!(line.group, "sender@example.com");
    assert_eq!(
        (
            line.invited,
            line.opened,
            line.accepted,
            line.bounced,
            line.expired,
            line.waiting
        ),
        (3, 1, 1, 1, 1, 0)
    );
    let to_accept = line.median_time_to_accept.unwrap();
    assert!(
        to_accept > Duration::days(7) && to_accept < Duration::days(8),
        "{to_accept}"
    );
    assert!(matches!(
        admin_uc.funnel(&admin, now, now, GroupBy::Month).await,
        Err(AdminError::Period)
    ));
    assert!(matches!(
        admin_uc
            .funnel(&admin, now - Duration::days(400), now, GroupBy::Month)
            .await,
        Err(AdminError::Period)
    ));
    assert!(matches!(
        admin_uc.funnel(&sender, t0, now, GroupBy::Month).await,
        Err(AdminError::NotAdmin)
    ));
}

async fn sent_expiry(w: &World, id: postern_domain::ids::RecipientId) -> Option<time::OffsetDateTime> {
    use postern_domain::ports::InvitationRepository;
    let i = w.mem.store.find_by_recipient(id).await.unwrap().unwrap();
    i.recipient(id).unwrap().expires_at
}
