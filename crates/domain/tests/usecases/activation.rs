use postern_domain::invitation::RecipientKind;
use postern_domain::password::{Password, PasswordRule};
use postern_domain::ports::{SettingsRepository, UserRepository};
use postern_domain::usecases::{ActivationError, ActivationInput, ActivationOutcome, ManageInvitations};
use postern_domain::user::{UserKind, UserStatus};
use postern_domain::{DisplayName, EmailAddress};
use time::Duration;

use crate::support::World;

fn input(password: &str) -> ActivationInput {
    ActivationInput {
        display_name: DisplayName::parse("Ann Invitee").unwrap(),
        password: Password::new(password),
    }
}

#[tokio::test]
async fn view_does_not_consume_and_create_consumes_once() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    w.send(&sender, World::form(r#""Doe, John" <jdoe@example.org>"#, "", ""))
        .await;
    w.worker().drain().await.unwrap();
    let token = w.token_for("jdoe@example.org");
    let a = w.activation();
    for _ in 0..3 {
        let view = a.view(&token).await.unwrap();
        assert_eq!(view.email.as_str(), "jdoe@example.org");
        assert_eq!(view.suggested_name.as_deref(), Some("Doe, John"));
        assert_eq!(view.kind, RecipientKind::External);
    }
    let outcome = a.create(&token, input("a-long-enough-secret")).await.unwrap();
    let ActivationOutcome::Active(user) = outcome else {
        panic!("expected active")
    };
    assert_eq!(user.kind, UserKind::External);
    assert_eq!(user.status, UserStatus::Active);
    assert!(matches!(a.view(&token).await, Err(ActivationError::Used(_))));
    assert!(matches!(
        a.create(&token, input("a-long-enough-secret")).await,
        Err(ActivationError::Used(_))
    ));
    // Welcome message and the inviter's notice.
    w.worker().drain().await.unwrap();
    assert_eq!(
        w.sent_to("jdoe@example.org").last().unwrap().subject,
        "Welcome to Postern"
    );
    assert!(
        w.sent_to("sender@example.com")
            .iter()
            .any(|m| m.subject.contains("accepted your invitation"))
    );
}

#[tokio::test]
async fn expired_unknown_and_revoked_links_each_say_so() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let sent = w
        .send(&sender, World::form("a@example.com, b@example.com", "", ""))
        .await;
    w.worker().drain().await.unwrap();
    let a = w.activation();
    assert!(matches!(a.view("pstn_nonsense").await, Err(ActivationError::Unknown)));
    let forged = format!("pstn_{}", "A".repeat(43));
    assert!(matches!(a.view(&forged).await, Err(ActivationError::Unknown)));

    let token_b = w.token_for("b@example.com");
    ManageInvitations::new(&w.mem.ports)
        .revoke(&sender, sent.invitation.recipients[1].id)
        .await
        .unwrap();
    match a.view(&token_b).await {
        Err(ActivationError::Revoked(p)) => assert_eq!(p.inviter_email.as_str(), "sender@example.com"),
        other => panic!("{other:?}"),
    }

    let token_a = w.token_for("a@example.com");
    w.mem.clock.advance(Duration::days(14));
    assert!(matches!(a.view(&token_a).await, Err(ActivationError::Expired(_))));
    assert!(matches!(
        a.create(&token_a, input("a-long-enough-secret")).await,
        Err(ActivationError::Expired(_))
    ));
}

#[tokio::test]
async fn resend_kills_the_old_link_and_the_new_one_works() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let sent = w.send(&sender, World::form("a@example.com", "", "")).await;
    w.worker().drain().await.unwrap();
    let old = w.token_for("a@example.com");
    let other = w.user("other@example.com", UserKind::Internal).await;
    let manage = ManageInvitations::new(&w.mem.ports);
    let rid = sent.invitation.recipients[0].id;
    assert!(manage.resend(&other, rid).await.is_err(), "only the sender may resend");
    manage.resend(&sender, rid).await.unwrap();
    w.worker().drain().await.unwrap();
    let new = w.token_for("a@example.com");
    assert_ne!(old, new);
    let a = w.activation();
    assert!(matches!(a.view(&old).await, Err(ActivationError::Revoked(_))));
    assert!(a.create(&new, input("a-long-enough-secret")).await.is_ok());
    assert!(
        manage.resend(&sender, rid).await.is_err(),
        "an accepted invitation cannot be resent"
    );
}

#[tokio::test]
async fn password_policy_and_approval() {
    let w = World::new().await;
    let mut settings = std::sync::Arc::unwrap_or_clone(w.mem.store.load_settings().await.unwrap());
    settings.approval_required = true;
    settings.password.require_digit = true;
    w.mem.store.save_settings(&settings).await.unwrap();
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    w.send(&sender, World::form("a@example.com", "", "")).await;
    w.worker().drain().await.unwrap();
    let token = w.token_for("a@example.com");
    let a = w.activation();
    match a.create(&token, input("short")).await {
        Err(ActivationError::Password(rules)) => {
            assert_eq!(rules, vec![PasswordRule::MinLength(12), PasswordRule::Digit])
        }
        other => panic!("{other:?}"),
    }
    assert!(
        a.view(&token).await.is_ok(),
        "a refused password does not consume the link"
    );
    let outcome = a.create(&token, input("long-enough-secret-7")).await.unwrap();
    assert!(matches!(outcome, ActivationOutcome::PendingApproval(_)));
    let user = w
        .mem
        .store
        .find_user_by_email(&EmailAddress::parse("a@example.com").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.status, UserStatus::PendingApproval);
}

#[tokio::test]
async fn directory_people_are_told_to_sign_in_with_their_organisation_account() {
    let dir = std::sync::Arc::new(postern_testkit::ListDirectory::default());
    dir.add("staff@corp.example", "Staff Member", "dir-password");
    let mut w = World::new().await;
    let store = w.mem.store.clone();
    let settings = store.load_settings().await.unwrap();
    w.mem = postern_testkit::MemoryPorts::with_directory(dir.clone());
    w.mem.store.save_settings(&settings).await.unwrap();
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let sent = w
        .send(&sender, World::form("staff@CORP.example, outsider@example.org", "", ""))
        .await;
    assert_eq!(sent.invitation.recipients[0].kind, RecipientKind::Internal);
    assert_eq!(sent.invitation.recipients[1].kind, RecipientKind::External);
    w.worker().drain().await.unwrap();
    let token = w.token_for("staff@corp.example");
    let outcome = w.activation().create(&token, input("whatever-long-1")).await.unwrap();
    assert!(matches!(outcome, ActivationOutcome::DirectorySignInRequired(_)));

    dir.set_down(true);
    let request = postern_domain::usecases::InvitationRequest::parse(&World::form("x@example.com", "", "")).unwrap();
    let err = postern_domain::usecases::SendInvitations::new(&w.mem.ports)
        .execute(&sender, request)
        .await
        .unwrap_err();
    assert!(matches!(err, postern_domain::usecases::SendError::Directory(_)));
}

/// Someone invited who has an account by the time they open the link is told so on opening
/// it, not after filling in the form.
#[tokio::test]
async fn an_invitee_with_an_account_is_told_at_once() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    w.send(&sender, World::form("late@example.org", "", "")).await;
    w.worker().drain().await.unwrap();
    let token = w.token_for("late@example.org");
    w.user("late@example.org", UserKind::External).await;
    assert!(matches!(
        w.activation().view(&token).await,
        Err(ActivationError::AccountExists)
    ));
}
