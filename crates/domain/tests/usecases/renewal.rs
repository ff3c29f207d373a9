//! Self-service renewal of expired links, with the clock port.

use postern_domain::DisplayName;
use postern_domain::password::Password;
use postern_domain::policy::RenewalMode;
use postern_domain::usecases::{ActivationError, ActivationInput, ManageInvitations, Renewal};
use postern_domain::user::UserKind;
use time::Duration;

use crate::support::World;

fn input() -> ActivationInput {
    ActivationInput {
        display_name: DisplayName::parse("Ann Invitee").unwrap(),
        password: Password::new("a-long-enough-secret"),
    }
}

async fn renewal(w: &World, mode: RenewalMode) {
    w.change_settings(|s| s.invitations.renewal = mode).await;
}

/// Expired → the holder asks → the inviter gets a notice with the way to send a new link →
/// the inviter sends it → the new link works, the old one is still refused; asking again is
/// answered "already asked" and tells nobody; a link never issued reveals nothing.
#[tokio::test]
async fn expired_request_renew_and_the_new_link_works() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let sent = w.send(&sender, World::form("guest@example.org", "", "")).await;
    let worker = w.worker();
    worker.drain().await.unwrap();
    let old = w.token_for("guest@example.org");
    let activation = w.activation();
    assert_eq!(activation.request_renewal(&old).await.unwrap(), Renewal::StillValid);

    w.mem.clock.advance(Duration::days(15));
    let Err(ActivationError::Expired(problem)) = activation.view(&old).await else {
        panic!("expired")
    };
    assert_eq!(problem.renewal, Some(RenewalMode::AskInviter));
    assert_eq!(
        activation.request_renewal(&old).await.unwrap(),
        Renewal::Asked {
            inviter_name: "Sam Sender".into()
        }
    );
    assert_eq!(activation.request_renewal(&old).await.unwrap(), Renewal::AlreadyAsked);
    let Err(ActivationError::Expired(problem)) = activation.view(&old).await else {
        panic!("still expired")
    };
    assert_eq!(problem.renewal, None, "the page no longer offers it");
    worker.drain().await.unwrap();
    let notices: Vec<_> = w
        .sent_to("sender@example.com")
        .into_iter()
        .filter(|m| m.subject == "guest@example.org asks for a new invitation link")
        .collect();
    assert_eq!(notices.len(), 1, "told once");
    let resend_page = format!(
        "https://postern.example/invitations/recipients/{}/resend",
        sent.invitation.recipients[0].id
    );
    assert!(notices[0].text.contains(&resend_page), "{}", notices[0].text);

    ManageInvitations::new(&w.mem.ports)
        .resend(&sender, sent.invitation.recipients[0].id)
        .await
        .unwrap();
    worker.drain().await.unwrap();
    let new = w.token_for("guest@example.org");
    assert_ne!(new, old);
    assert!(matches!(activation.view(&old).await, Err(ActivationError::Revoked(_))));
    activation.create(&new, input()).await.unwrap();

    // A link that was never issued: the same answer as when it is opened.
    let last = if old.ends_with('x') { 'y' } else { 'x' };
    let forged = format!("{}{last}", &old[..old.len() - 1]);
    assert!(matches!(
        activation.request_renewal(&forged).await,
        Err(ActivationError::Unknown)
    ));
    assert!(matches!(
        activation.request_renewal("nonsense").await,
        Err(ActivationError::Unknown)
    ));
}

/// Automatic renewal: a new link goes out at once, once per invitee; with renewal off the page
/// offers nothing and asking does nothing.
#[tokio::test]
async fn automatic_renewal_sends_a_new_link_once_and_off_offers_nothing() {
    let w = World::new().await;
    renewal(&w, RenewalMode::Automatic).await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    w.send(&sender, World::form("guest@example.org; other@example.org", "", ""))
        .await;
    let worker = w.worker();
    worker.drain().await.unwrap();
    let old = w.token_for("guest@example.org");
    let other = w.token_for("other@example.org");
    w.mem.clock.advance(Duration::days(15));
    let activation = w.activation();
    let Renewal::Sent { email } = activation.request_renewal(&old).await.unwrap() else {
        panic!("sent at once")
    };
    assert_eq!(email.as_str(), "guest@example.org");
    worker.drain().await.unwrap();
    let new = w.token_for("guest@example.org");
    assert_ne!(new, old);
    assert!(activation.view(&new).await.is_ok(), "a fresh 14-day link");
    assert!(matches!(activation.view(&old).await, Err(ActivationError::Revoked(_))));
    w.mem.clock.advance(Duration::days(15));
    assert_eq!(
        activation.request_renewal(&new).await.unwrap(),
        Renewal::AlreadyAsked,
        "once per invitee"
    );

    renewal(&w, RenewalMode::Off).await;
    let Err(ActivationError::Expired(problem)) = activation.view(&other).await else {
        panic!("expired")
    };
    assert_eq!(problem.renewal, None);
    assert_eq!(activation.request_renewal(&other).await.unwrap(), Renewal::NotOffered);
    worker.drain().await.unwrap();
    assert_eq!(w.sent_to("other@example.org").len(), 1, "nothing sent");
}
