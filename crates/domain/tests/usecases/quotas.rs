//! Quotas: how much one person may send, with the clock port.

use postern_domain::DisplayName;
use postern_domain::password::Password;
use postern_domain::policy::{Quota, QuotaLimit};
use postern_domain::ports::{AuditLog, Clock, UserRepository};
use postern_domain::query::AuditQuery;
use postern_domain::usecases::{ActivationInput, InvitationRequest, SendError, SendInvitations};
use postern_domain::user::{User, UserKind};
use time::Duration;

use crate::support::World;

async fn send(w: &World, sender: &User, to: &str) -> Result<(), SendError> {
    let request = InvitationRequest::parse(&World::form(to, "", "")).unwrap();
    SendInvitations::new(&w.mem.ports)
        .execute(sender, request)
        .await
        .map(|_| ())
}

async fn quotas(w: &World, internal: Quota) {
    w.change_settings(|s| s.quotas.internal = internal).await;
}

/// Recipients in any 24 hours: a send that would pass the limit is refused whole, saying what
/// is left and when more room comes (the oldest send leaves the window), audited; once that
/// time has come, it goes.
#[tokio::test]
async fn a_day_s_quota_says_what_is_left_and_when_it_resets() {
    let w = World::new().await;
    quotas(&w, Quota { per_day: 3, pending: 0 }).await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let first = w.mem.clock.now();
    send(&w, &sender, "a@example.org; b@example.org").await.unwrap();
    w.mem.clock.advance(Duration::hours(5));
    let Err(SendError::QuotaExceeded(q)) = send(&w, &sender, "c@example.org; d@example.org").await else {
        panic!("refused by the quota")
    };
    assert_eq!((q.limit, q.most, q.left), (QuotaLimit::PerDay, 3, 1));
    assert_eq!(q.resets_at, Some(first + Duration::days(1)));
    assert_eq!(q.retry_after, Some(Duration::hours(19)));
    assert!(
        q.explain().contains("3 recipients in 24 hours; 1 left now; more from"),
        "{}",
        q.explain()
    );
    let refused = w
        .mem
        .store
        .search_audit(
            &AuditQuery {
                action: Some("invitation.refused".into()),
                ..AuditQuery::default()
            },
            None,
            10,
        )
        .await
        .unwrap();
    assert!(
        refused
            .events
            .iter()
            .any(|e| e.detail.starts_with("quota: recipients in 24 hours of 3"))
    );
    send(&w, &sender, "c@example.org").await.unwrap();
    w.mem.clock.advance(Duration::hours(19));
    send(&w, &sender, "d@example.org; e@example.org").await.unwrap();
}

/// Invitations waiting at once: room comes as an invitee creates their account; a user's own
/// quota overrides their kind's.
#[tokio::test]
async fn waiting_invitations_free_room_as_invitees_accept_and_a_user_override_wins() {
    let w = World::new().await;
    quotas(&w, Quota { per_day: 0, pending: 2 }).await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    send(&w, &sender, "a@example.org; b@example.org").await.unwrap();
    w.worker().drain().await.unwrap();
    let Err(SendError::QuotaExceeded(q)) = send(&w, &sender, "c@example.org").await else {
        panic!("refused by the quota")
    };
    assert_eq!((q.limit, q.left, q.resets_at), (QuotaLimit::Pending, 0, None));
    w.activation()
        .create(
            &w.token_for("a@example.org"),
            ActivationInput {
                display_name: DisplayName::parse("Ann").unwrap(),
                password: Password::new("a-long-enough-secret"),
            },
        )
        .await
        .unwrap();
    send(&w, &sender, "c@example.org").await.unwrap();

    // Their own, larger quota.
    w.mem
        .store
        .set_user_quota(
            sender.id,
            Some(Quota {
                per_day: 0,
                pending: 10,
            }),
        )
        .await
        .unwrap();
    let sender = w.mem.store.find_user(sender.id).await.unwrap().unwrap();
    send(&w, &sender, "d@example.org; e@example.org; f@example.org")
        .await
        .unwrap();
}
