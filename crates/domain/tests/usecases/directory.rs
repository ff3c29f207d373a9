//! Directory sign-in and internal activation on the in-memory adapters and the testkit's
//! list directory (the real Active Directory runs in the app's end-to-end tests).

use std::sync::Arc;

use postern_domain::EmailAddress;
use postern_domain::invitation::RecipientKind;
use postern_domain::password::Password;
use postern_domain::ports::{DirectoryPerson, SettingsRepository, UserRepository};
use postern_domain::usecases::{Accounts, ActivationError, SignInError};
use postern_domain::user::UserKind;
use postern_testkit::{ListDirectory, MemoryPorts};

use crate::support::{PASSWORD, World};

async fn world_with(dir: Arc<ListDirectory>) -> World {
    let mut w = World::new().await;
    let settings = w.mem.store.load_settings().await.unwrap();
    w.mem = MemoryPorts::with_directory(dir);
    w.mem.store.save_settings(&settings).await.unwrap();
    w
}

fn directory() -> Arc<ListDirectory> {
    let dir = Arc::new(ListDirectory::default());
    dir.add("staff@corp.example", "Staff Member", "dir-password");
    dir.add("other@corp.example", "Other Person", "other-password");
    dir.add_person(
        DirectoryPerson {
            account: "nomail".into(),
            email: None,
            display_name: "No Mail".into(),
            disabled: false,
            in_invite_group: false,
        },
        "nomail-password",
    );
    dir.add_person(
        DirectoryPerson {
            account: "inviter".into(),
            email: Some(EmailAddress::parse("inviter@corp.example").unwrap()),
            display_name: "Group Member".into(),
            disabled: false,
            in_invite_group: true,
        },
        "inviter-password",
    );
    dir
}

#[tokio::test]
async fn the_first_directory_sign_in_creates_the_internal_user_and_later_ones_reuse_it() {
    let w = world_with(directory()).await;
    let accounts = Accounts::new(&w.mem.ports);
    let first = accounts.sign_in("staff", &Password::new("dir-password")).await.unwrap();
    assert_eq!(first.kind, UserKind::Internal);
    assert_eq!(first.email.as_str(), "staff@corp.example");
    assert!(first.password_hash.is_none());
    let again = accounts
        .sign_in("STAFF@corp.example", &Password::new("dir-password"))
        .await
        .unwrap();
    assert_eq!(again.id, first.id);
    assert_eq!(w.mem.store.list_users().await.unwrap().len(), 1);
    for (login, password) in [("staff", "wrong"), ("staff", ""), ("nobody", "dir-password")] {
        assert!(matches!(
            accounts.sign_in(login, &Password::new(password)).await,
            Err(SignInError::InvalidCredentials)
        ));
    }
    assert!(matches!(
        accounts.sign_in("nomail", &Password::new("nomail-password")).await,
        Err(SignInError::NoEmailInDirectory)
    ));
}

#[tokio::test]
async fn the_invitation_group_grants_invitations_unless_the_user_is_denied() {
    let w = world_with(directory()).await;
    let mut settings = std::sync::Arc::unwrap_or_clone(w.mem.store.load_settings().await.unwrap());
    settings.invitations.internal_users_may_invite = false;
    w.mem.store.save_settings(&settings).await.unwrap();
    let accounts = Accounts::new(&w.mem.ports);
    let member = accounts
        .sign_in("inviter", &Password::new("inviter-password"))
        .await
        .unwrap();
    let other = accounts.sign_in("staff", &Password::new("dir-password")).await.unwrap();
    assert!(settings.invitations.may_invite(&member));
    assert!(!settings.invitations.may_invite(&other));
    w.mem
        .store
        .set_invitation_setting(member.id, postern_domain::policy::InvitationSetting::Deny)
        .await
        .unwrap();
    let denied = w.mem.store.find_user(member.id).await.unwrap().unwrap();
    assert!(!settings.invitations.may_invite(&denied), "an explicit deny wins");
}

#[tokio::test]
async fn a_local_account_takes_precedence_and_a_directory_outage_spares_it() {
    let dir = directory();
    let w = world_with(dir.clone()).await;
    w.user("staff@corp.example", UserKind::Internal).await;
    let accounts = Accounts::new(&w.mem.ports);
    assert!(matches!(
        accounts
            .sign_in("staff@corp.example", &Password::new("dir-password"))
            .await,
        Err(SignInError::InvalidCredentials)
    ));
    dir.set_down(true);
    assert!(
        accounts
            .sign_in("staff@corp.example", &Password::new(PASSWORD))
            .await
            .is_ok()
    );
    assert!(matches!(
        accounts.sign_in("other", &Password::new("other-password")).await,
        Err(SignInError::DirectoryUnavailable)
    ));
}

#[tokio::test]
async fn an_internal_link_is_activated_only_by_the_invited_person() {
    let w = world_with(directory()).await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let sent = w.send(&sender, World::form("Staff@Corp.Example", "", "")).await;
    assert_eq!(sent.invitation.recipients[0].kind, RecipientKind::Internal);
    w.worker().drain().await.unwrap();
    let token = w.token_for("staff@corp.example");
    let activation = w.activation();
    let err = activation
        .activate_with_directory(&token, "other", &Password::new("other-password"))
        .await
        .unwrap_err();
    assert!(matches!(err, ActivationError::NotTheInvitee));
    let err = activation
        .activate_with_directory(&token, "staff", &Password::new("wrong"))
        .await
        .unwrap_err();
    assert!(matches!(err, ActivationError::DirectoryCredentials));
    assert!(
        w.mem
            .store
            .list_users()
            .await
            .unwrap()
            .iter()
            .all(|u| u.email.normalized() != "staff@corp.example")
    );
    let user = activation
        .activate_with_directory(&token, "staff@corp.example", &Password::new("dir-password"))
        .await
        .unwrap();
    assert_eq!(user.kind, UserKind::Internal);
    assert!(matches!(
        activation
            .activate_with_directory(&token, "staff", &Password::new("dir-password"))
            .await,
        Err(ActivationError::Used(_))
    ));
    // An external link cannot be used this way.
    let sent = w.send(&sender, World::form("outsider@example.org", "", "")).await;
    assert_eq!(sent.invitation.recipients[0].kind, RecipientKind::External);
    w.worker().drain().await.unwrap();
    let external = w.token_for("outsider@example.org");
    assert!(matches!(
        activation
            .activate_with_directory(&external, "staff", &Password::new("dir-password"))
            .await,
        Err(ActivationError::NotInternal)
    ));
}

/// A directory account whose `mail` is the address of a local account (one with a Postern
/// password) does not sign in as it, nor rename it; the local account keeps working with its
/// own password.
#[tokio::test]
async fn a_directory_account_never_takes_over_a_local_one() {
    let dir = Arc::new(ListDirectory::default());
    dir.add_person(
        DirectoryPerson {
            account: "lstaffdir".into(),
            email: Some(EmailAddress::parse("lstaff@example.org").unwrap()),
            display_name: "Impostor".into(),
            disabled: false,
            in_invite_group: true,
        },
        "dir-password",
    );
    let w = world_with(dir).await;
    let local = w.user("lstaff@example.org", UserKind::Internal).await;
    let accounts = Accounts::new(&w.mem.ports);
    let refused = accounts
        .sign_in("lstaffdir", &Password::new("dir-password"))
        .await
        .unwrap_err();
    assert!(matches!(refused, SignInError::InvalidCredentials), "{refused:?}");
    let kept = w.mem.store.find_user(local.id).await.unwrap().unwrap();
    assert_eq!(kept.display_name, local.display_name, "not renamed");
    let own = accounts
        .sign_in("lstaff@example.org", &Password::new(PASSWORD))
        .await
        .unwrap();
    assert_eq!(own.id, local.id);
}

/// A signed-in directory person is asked about again after the directory's re-check interval
/// (five minutes here): disabled, they are refused (sessions and API tokens alike) and it is
/// audited once; moved out of the invitation group, they lose invitations; while the directory
/// is down the last answer stands; a local account is never asked about.
#[tokio::test]
async fn the_directory_is_asked_again_about_signed_in_people() {
    use postern_domain::token::TokenScope;
    use postern_domain::usecases::{ApiAuthError, UseCases};
    use time::Duration;
    let dir = directory();
    let w = world_with(dir.clone()).await;
    let uc = UseCases::new(&w.mem.ports);
    let (accounts, tokens) = (&uc.accounts, &uc.api_tokens);
    let inviter = accounts
        .sign_in("inviter", &Password::new("inviter-password"))
        .await
        .unwrap();
    let staff = accounts.sign_in("staff", &Password::new("dir-password")).await.unwrap();
    let (_, token) = tokens.create(&staff, "script", None, TokenScope::Read).await.unwrap();
    assert!(accounts.current_user(staff.id).await.unwrap().is_some());
    assert!(tokens.authenticate(&token).await.is_ok());

    // Moved out of the group and disabled: not noticed within the interval.
    dir.update("inviter@corp.example", |p| p.in_invite_group = false);
    dir.update("staff@corp.example", |p| p.disabled = true);
    w.mem.clock.advance(Duration::minutes(4));
    assert!(
        accounts.current_user(staff.id).await.unwrap().is_some(),
        "answer reused"
    );
    let still = accounts.current_user(inviter.id).await.unwrap().unwrap();
    assert!(still.directory_may_invite);

    // After it: the disabled person is refused everywhere, the group change taken over.
    w.mem.clock.advance(Duration::minutes(2));
    assert!(
        accounts.current_user(staff.id).await.unwrap().is_none(),
        "session refused"
    );
    assert!(matches!(tokens.authenticate(&token).await, Err(ApiAuthError::Inactive)));
    let moved = accounts.current_user(inviter.id).await.unwrap().expect("still enabled");
    assert!(!moved.directory_may_invite, "out of the group");
    assert!(
        !w.mem
            .store
            .find_user(inviter.id)
            .await
            .unwrap()
            .unwrap()
            .directory_may_invite,
        "stored"
    );
    let audit = postern_domain::ports::AuditLog::recent(w.mem.store.as_ref(), 100)
        .await
        .unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "user.directory_access_ended")
            .count(),
        1,
        "audited once: {audit:?}"
    );
    assert!(audit.iter().any(|e| e.action == "user.directory_group_changed"));

    // Enabled again, and the directory down: the last answer stands until it answers.
    dir.update("staff@corp.example", |p| p.disabled = false);
    dir.set_down(true);
    w.mem.clock.advance(Duration::minutes(6));
    assert!(accounts.current_user(staff.id).await.unwrap().is_none());
    assert!(
        accounts.current_user(inviter.id).await.unwrap().is_some(),
        "not signed out by an outage"
    );
    dir.set_down(false);
    w.mem.clock.advance(Duration::minutes(6));
    assert!(
        accounts.current_user(staff.id).await.unwrap().is_some(),
        "enabled again"
    );

    // Removed from the directory altogether.
    dir.remove("staff@corp.example");
    w.mem.clock.advance(Duration::minutes(6));
    assert!(accounts.current_user(staff.id).await.unwrap().is_none());

    // A local account is never asked about, even with the directory down.
    let local = w.user("local@corp.example", UserKind::Internal).await;
    dir.set_down(true);
    w.mem.clock.advance(Duration::minutes(6));
    assert!(accounts.current_user(local.id).await.unwrap().is_some());
}
