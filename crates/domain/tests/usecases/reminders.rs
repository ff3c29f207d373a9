//! Reminders of invitations that wait, with the clock port.

use postern_domain::DisplayName;
use postern_domain::password::Password;
use postern_domain::usecases::{ActivationError, ActivationInput, ManageInvitations, RemindInvitees};
use postern_domain::user::UserKind;
use time::Duration;

use crate::support::World;

fn input() -> ActivationInput {
    ActivationInput {
        display_name: DisplayName::parse("Ann Invitee").unwrap(),
        password: Password::new("a-long-enough-secret"),
    }
}

/// A 14-day link, reminders at 50 % and 90 %: nothing before day 7, one reminder after it
/// (once, however often the sweep runs), the second after 90 % of the life (the last), none
/// after; each carries a further link to the recipient alone. Accepting through the *first*
/// link ends every link: the reminders' links then say "used", and no reminder goes out.
#[tokio::test]
async fn two_reminders_then_acceptance_through_the_first_link_ends_them_all() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    w.send(&sender, World::form("guest@example.org", "other@example.org", ""))
        .await;
    let worker = w.worker();
    worker.drain().await.unwrap();
    let first = w.token_for("guest@example.org");
    let remind = RemindInvitees::new(&w.mem.ports);

    w.mem.clock.advance(Duration::days(7) - Duration::minutes(1));
    assert_eq!(remind.run().await.unwrap(), 0, "not before half the link's life");
    w.mem.clock.advance(Duration::minutes(2));
    assert_eq!(remind.run().await.unwrap(), 2, "both waiting recipients");
    assert_eq!(remind.run().await.unwrap(), 0, "each reminder once");
    worker.drain().await.unwrap();
    let mails = w.sent_to("guest@example.org");
    assert_eq!(mails.len(), 2);
    let reminder = &mails[1];
    assert_eq!(reminder.subject, "Reminder: Join us");
    assert_eq!(reminder.to.len(), 1, "to the recipient alone");
    assert!(reminder.cc.is_empty());
    assert!(reminder.text.contains("The links in the earlier emails work too"));
    let second = w.token_for("guest@example.org");
    assert_ne!(first, second, "a further link");
    assert_eq!(
        w.activation().view(&second).await.unwrap().email.as_str(),
        "guest@example.org"
    );

    // 90 % of 14 days is 12 days 14 h 24 min.
    w.mem
        .clock
        .advance(Duration::days(5) + Duration::hours(14) + Duration::minutes(30));
    assert_eq!(remind.run().await.unwrap(), 2);
    worker.drain().await.unwrap();
    let third = w.token_for("guest@example.org");
    assert!(
        w.sent_to("guest@example.org")[2]
            .text
            .contains("This is the last reminder.")
    );
    w.mem.clock.advance(Duration::hours(20));
    assert_eq!(remind.run().await.unwrap(), 0, "at most two");

    // The first link is used: every link of the recipient ends with it.
    w.activation().create(&first, input()).await.unwrap();
    for link in [&first, &second, &third] {
        assert!(matches!(w.activation().view(link).await, Err(ActivationError::Used(_))));
    }
    // The other recipient still has three working links.
    assert!(w.activation().view(&w.token_for("other@example.org")).await.is_ok());
}

/// A reminder queued before the recipient was revoked (or accepted) is dropped when the
/// worker comes to it; a resend starts the reminders over with the new link.
#[tokio::test]
async fn a_reminder_no_longer_applies_after_a_revoke_and_starts_over_after_a_resend() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let sent = w.send(&sender, World::form("guest@example.org", "", "")).await;
    let id = sent.invitation.recipients[0].id;
    let worker = w.worker();
    worker.drain().await.unwrap();
    let remind = RemindInvitees::new(&w.mem.ports);
    let manage = ManageInvitations::new(&w.mem.ports);

    w.mem.clock.advance(Duration::days(8));
    assert_eq!(remind.run().await.unwrap(), 1);
    manage.revoke(&sender, id).await.unwrap();
    let report = worker.drain().await.unwrap();
    assert_eq!((report.sent, report.dropped), (0, 1), "dropped, not sent");
    assert_eq!(w.sent_to("guest@example.org").len(), 1);

    // Sent again: a new 14-day link, its reminders from its own delivery.
    manage.resend(&sender, id).await.unwrap();
    worker.drain().await.unwrap();
    w.mem.clock.advance(Duration::days(6));
    assert_eq!(remind.run().await.unwrap(), 0);
    w.mem.clock.advance(Duration::days(1) + Duration::minutes(1));
    assert_eq!(remind.run().await.unwrap(), 1, "the new link's first reminder");
}

/// The sender switched reminders off for this invitation, or the administrator emptied the
/// schedule (which also stops reminders already planned): nothing goes out.
#[tokio::test]
async fn no_reminder_when_the_sender_or_the_administrator_says_so() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let mut off = World::form("quiet@example.org", "", "");
    off.options.reminders = Some(false);
    let sent = w.send(&sender, off).await;
    assert!(!sent.invitation.options.reminders);
    w.send(&sender, World::form("planned@example.org", "", "")).await;
    w.worker().drain().await.unwrap();

    w.change_settings(|s| s.delivery.reminder_at_percent.clear()).await;
    w.mem.clock.advance(Duration::days(13));
    assert_eq!(RemindInvitees::new(&w.mem.ports).run().await.unwrap(), 0);
    w.worker().drain().await.unwrap();
    assert_eq!(w.sent_to("quiet@example.org").len(), 1);
    assert_eq!(w.sent_to("planned@example.org").len(), 1);
}
