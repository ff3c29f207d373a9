//! Link-only invitations: no email, each link shown to the sender once, every rule of an
//! emailed link kept.

use postern_domain::DisplayName;
use postern_domain::files::{Attachment, FileName};
use postern_domain::ids::AttachmentId;
use postern_domain::invitation::RecipientState;
use postern_domain::password::Password;
use postern_domain::policy::{DeliveryOption, DeliveryOptionError, RenewalMode, RequestedOptions, ToggleRule};
use postern_domain::ports::Clock;
use postern_domain::usecases::{
    ActivationError, ActivationInput, InvitationInputError, InvitationRequest, LINK_SHOWN_NOTE, ManageError,
    ManageInvitations, Renewal, SendError, SendInvitations,
};
use postern_domain::user::UserKind;
use time::Duration;

use crate::support::World;

fn input() -> ActivationInput {
    ActivationInput {
        display_name: DisplayName::parse("Ann Invitee").unwrap(),
        password: Password::new("a-long-enough-secret"),
    }
}

fn link_only() -> RequestedOptions {
    RequestedOptions {
        link_only: Some(true),
        ..RequestedOptions::default()
    }
}

async fn offer(w: &World) {
    w.change_settings(|s| {
        s.delivery.link_only = ToggleRule {
            offered: true,
            default: false,
            locked: false,
        };
    })
    .await;
}

/// The sender gets one live link per recipient and nothing is emailed, now or later (no copy,
/// no reminder); each link opens its own recipient's page and is used up by the account;
/// the other's keeps working; a replay of the same form shows no link again.
#[tokio::test]
async fn links_are_shown_once_and_nothing_is_emailed() {
    let w = World::new().await;
    offer(&w).await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let mut form = World::form("ann@example.org; bob@example.org", "", "");
    form.options = RequestedOptions {
        send_me_a_copy: Some(true),
        reminders: Some(true),
        ..link_only()
    };
    form.idempotency_key = Some("once");
    let sent = w.send(&sender, form.clone()).await;
    assert!(sent.invitation.options.link_only);
    assert!(!sent.invitation.options.send_me_a_copy && !sent.invitation.options.reminders);
    assert_eq!(sent.links.len(), 2);
    for (r, link) in sent.invitation.recipients.iter().zip(&sent.links) {
        assert_eq!(r.id, link.recipient_id);
        assert_eq!(r.state, RecipientState::Sent, "live at once");
        assert_eq!(r.expires_at, Some(link.expires_at));
        assert_eq!(r.last_delivery_note.as_deref(), Some(LINK_SHOWN_NOTE));
        assert_eq!(r.next_reminder_at, None);
        assert!(
            !format!("{link:?}").contains(&link.token.expose()),
            "Debug hides the link"
        );
    }
    let worker = w.worker();
    worker.drain().await.unwrap();
    w.mem.clock.advance(Duration::days(13));
    postern_domain::usecases::RemindInvitees::new(&w.mem.ports)
        .run()
        .await
        .unwrap();
    worker.drain().await.unwrap();
    assert!(w.mailer.sent().is_empty(), "no email at all");

    let activation = w.activation();
    let ann = sent.links[0].token.expose();
    let bob = sent.links[1].token.expose();
    assert_eq!(activation.view(&ann).await.unwrap().email.as_str(), "ann@example.org");
    activation.create(&ann, input()).await.unwrap();
    assert!(matches!(activation.view(&ann).await, Err(ActivationError::Used(_))));
    assert_eq!(activation.view(&bob).await.unwrap().email.as_str(), "bob@example.org");

    let again = w.send(&sender, form).await;
    assert!(again.replayed && again.links.is_empty(), "a replay shows no link");

    // The links run out like emailed ones.
    w.mem.clock.advance(Duration::days(2));
    assert!(matches!(activation.view(&bob).await, Err(ActivationError::Expired(_))));
}

/// A resend shows a new link (nothing emailed) and the old one stops working; a revoke ends
/// it; an administrator's revoke is undone only by an administrator.
#[tokio::test]
async fn resend_shows_a_new_link_and_revoke_ends_it() {
    let w = World::new().await;
    offer(&w).await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let admin = w.user("admin@example.com", UserKind::Admin).await;
    let mut form = World::form("ann@example.org", "", "");
    form.options = link_only();
    let sent = w.send(&sender, form).await;
    let id = sent.invitation.recipients[0].id;
    let old = sent.links[0].token.expose();
    let manage = ManageInvitations::new(&w.mem.ports);
    w.mem.clock.advance(Duration::days(3));
    let shown = manage.resend(&sender, id).await.unwrap().expect("a new link");
    assert_eq!(shown.recipient_id, id);
    assert_eq!(shown.expires_at, w.mem.clock.now() + Duration::days(14));
    let new = shown.token.expose();
    assert_ne!(new, old);
    let activation = w.activation();
    assert!(matches!(activation.view(&old).await, Err(ActivationError::Revoked(_))));
    activation.view(&new).await.unwrap();
    w.worker().drain().await.unwrap();
    assert!(w.mailer.sent().is_empty(), "a resend emails nothing either");

    manage.revoke(&admin, id).await.unwrap();
    assert!(matches!(activation.view(&new).await, Err(ActivationError::Revoked(_))));
    assert!(matches!(
        manage.resend(&sender, id).await,
        Err(ManageError::RevokedByAdministrator)
    ));
    let by_admin = manage.resend(&admin, id).await.unwrap().expect("a new link");
    activation.create(&by_admin.token.expose(), input()).await.unwrap();
    assert!(matches!(
        manage.resend(&sender, id).await,
        Err(ManageError::AlreadyAccepted)
    ));
}

/// Not offered: refused on its field, nothing written. Files: refused on the files field. An
/// emailed invitation under the same settings returns no link.
#[tokio::test]
async fn refused_when_not_offered_or_with_files() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let send = SendInvitations::new(&w.mem.ports);
    let mut form = World::form("ann@example.org", "", "");
    form.options = link_only();
    let Err(SendError::Invalid(errors)) = send.execute(&sender, InvitationRequest::parse(&form).unwrap()).await else {
        panic!("refused")
    };
    assert_eq!(
        errors,
        vec![InvitationInputError::Option(DeliveryOptionError::NotOffered(
            DeliveryOption::LinkOnly
        ))]
    );
    assert_eq!(errors[0].field(), "link_only");

    offer(&w).await;
    let mut request = InvitationRequest::parse(&form).unwrap();
    request.attachments = vec![Attachment {
        id: AttachmentId::generate(w.mem.ports.random.as_ref()),
        name: FileName::parse("plan.pdf").unwrap(),
        size: 10,
        sha256: "0".repeat(64),
        blob_key: "plan".into(),
    }];
    let Err(SendError::Invalid(errors)) = send.execute(&sender, request).await else {
        panic!("refused")
    };
    assert_eq!(errors, vec![InvitationInputError::LinkOnlyFiles]);
    assert_eq!(errors[0].field(), "attachments");
    w.worker().drain().await.unwrap();
    assert!(w.mailer.sent().is_empty());

    let emailed = w.send(&sender, World::form("bob@example.org", "", "")).await;
    assert!(emailed.links.is_empty() && !emailed.invitation.options.link_only);
}

/// Automatic renewal never emails a link-only invitee: the sender is asked.
#[tokio::test]
async fn renewal_of_a_link_only_invitation_asks_the_sender() {
    let w = World::new().await;
    offer(&w).await;
    w.change_settings(|s| s.invitations.renewal = RenewalMode::Automatic)
        .await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let mut form = World::form("ann@example.org", "", "");
    form.options = link_only();
    let sent = w.send(&sender, form).await;
    w.mem.clock.advance(Duration::days(15));
    let activation = w.activation();
    assert_eq!(
        activation.request_renewal(&sent.links[0].token.expose()).await.unwrap(),
        Renewal::Asked {
            inviter_name: "Sam Sender".into()
        }
    );
    w.worker().drain().await.unwrap();
    assert!(w.sent_to("ann@example.org").is_empty());
    assert_eq!(w.sent_to("sender@example.com").len(), 1, "the sender's notice");
}

/// The administrator withdraws link-only: a resend of such an invitation shows no new link and
/// emails nothing; the history calls a link-only resend a resend.
#[tokio::test]
async fn a_withdrawn_option_stops_new_links() {
    let w = World::new().await;
    offer(&w).await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let mut form = World::form("ann@example.org", "", "");
    form.options = link_only();
    let sent = w.send(&sender, form).await;
    let id = sent.invitation.recipients[0].id;
    let manage = ManageInvitations::new(&w.mem.ports);
    manage.resend(&sender, id).await.unwrap().expect("a new link");
    let events: Vec<_> = manage
        .history(&sender, id)
        .await
        .unwrap()
        .unwrap()
        .1
        .iter()
        .map(|e| (e.event, e.detail.clone()))
        .collect();
    assert_eq!(
        events,
        [
            (postern_domain::history::HistoryEvent::LinkShown, None),
            (
                postern_domain::history::HistoryEvent::Resent,
                Some(LINK_SHOWN_NOTE.to_owned())
            )
        ]
    );
    w.change_settings(|s| s.delivery.link_only.offered = false).await;
    assert!(matches!(
        manage.resend(&sender, id).await,
        Err(ManageError::LinkOnlyWithdrawn)
    ));
    w.worker().drain().await.unwrap();
    assert!(w.mailer.sent().is_empty());
}
