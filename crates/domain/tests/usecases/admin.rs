use postern_domain::policy::InvitationSetting;
use postern_domain::ports::{AuditLog, OutboxRepository, SettingsRepository, TemplateStore, UserRepository};
use postern_domain::usecases::{AdminError, Administration};
use postern_domain::user::{UserKind, UserStatus};

use crate::support::World;

#[tokio::test]
async fn settings_changes_are_validated_and_audited_field_by_field() {
    let w = World::new().await;
    let admin = w.user("admin@example.com", UserKind::Admin).await;
    let staff = w.user("staff@example.com", UserKind::Internal).await;
    let a = Administration::new(&w.mem.ports);
    let mut s = std::sync::Arc::unwrap_or_clone(w.mem.store.load_settings().await.unwrap());
    s.invitations.internal_users_may_invite = false;
    s.delivery.link_lifetime_days.default = 7;
    s.delivery.link_lifetime_days.locked = true;
    let changes = a.update_settings(&admin, s.clone()).await.unwrap();
    assert_eq!(
        changes,
        vec![
            "delivery.link_lifetime_days.default: 14 -> 7".to_owned(),
            "delivery.link_lifetime_days.locked: false -> true".to_owned(),
            "invitations.internal_users_may_invite: true -> false".to_owned(),
        ]
    );
    let audit = w.mem.store.recent(10).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "settings.changed"
        && e.subject == "delivery.link_lifetime_days.default"
        && e.detail == "14 -> 7"));

    let mut bad = s.clone();
    bad.delivery.link_lifetime_days.default = 99;
    assert!(matches!(
        a.update_settings(&admin, bad).await,
        Err(AdminError::Policy(_))
    ));
    assert_eq!(*w.mem.store.load_settings().await.unwrap(), s, "nothing saved");
    assert!(matches!(a.update_settings(&staff, s).await, Err(AdminError::NotAdmin)));
}

#[tokio::test]
async fn approval_activates_and_tells_the_user() {
    let w = World::new().await;
    let admin = w.user("admin@example.com", UserKind::Admin).await;
    let pending = w.user("newcomer@example.org", UserKind::External).await;
    w.mem
        .store
        .set_user_status(pending.id, UserStatus::PendingApproval)
        .await
        .unwrap();
    let a = Administration::new(&w.mem.ports);
    a.approve(&admin, pending.id).await.unwrap();
    assert_eq!(
        w.mem.store.find_user(pending.id).await.unwrap().unwrap().status,
        UserStatus::Active
    );
    assert_eq!(w.mem.store.pending_count().await.unwrap(), 1, "a message to the user");
    assert!(matches!(
        a.approve(&admin, pending.id).await,
        Err(AdminError::WrongState(_))
    ));
    a.set_invitation_setting(&admin, pending.id, InvitationSetting::Deny)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_last_admin_stays() {
    let w = World::new().await;
    let admin = w.user("admin@example.com", UserKind::Admin).await;
    let a = Administration::new(&w.mem.ports);
    assert!(matches!(
        a.set_enabled(&admin, admin.id, false).await,
        Err(AdminError::LastAdmin)
    ));
    let second = w.user("admin2@example.com", UserKind::Admin).await;
    a.set_enabled(&admin, second.id, false).await.unwrap();
    a.set_enabled(&admin, second.id, true).await.unwrap();
}

#[tokio::test]
async fn a_template_with_an_unknown_placeholder_is_not_saved() {
    let w = World::new().await;
    let admin = w.user("admin@example.com", UserKind::Admin).await;
    let a = Administration::new(&w.mem.ports);
    assert!(matches!(
        a.save_invitation_template(&admin, "Hi {{name}}").await,
        Err(AdminError::Template(_))
    ));
    assert_eq!(w.mem.store.template("invitation").await.unwrap(), None);
    a.save_invitation_template(&admin, "{{inviter_name}} invites you to {{portal_name}}.")
        .await
        .unwrap();
    assert!(a.invitation_template().await.unwrap().1);
    a.reset_invitation_template(&admin).await.unwrap();
    assert!(!a.invitation_template().await.unwrap().1);
}

#[tokio::test]
async fn a_rejected_account_is_disabled_and_told() {
    let w = World::new().await;
    let admin = w.user("admin@example.com", UserKind::Admin).await;
    let pending = w.user("newcomer@example.org", UserKind::External).await;
    w.mem
        .store
        .set_user_status(pending.id, UserStatus::PendingApproval)
        .await
        .unwrap();
    let a = Administration::new(&w.mem.ports);
    a.reject(&admin, pending.id).await.unwrap();
    assert_eq!(
        w.mem.store.find_user(pending.id).await.unwrap().unwrap().status,
        UserStatus::Disabled
    );
    w.worker().drain().await.unwrap();
    let told = w.sent_to("newcomer@example.org");
    assert_eq!(told.len(), 1);
    assert!(told[0].subject.contains("not approved"));
    assert!(matches!(
        a.reject(&admin, pending.id).await,
        Err(AdminError::WrongState(_))
    ));
}

#[tokio::test]
async fn unused_drop_off_accounts_expire_when_the_administrator_says_so() {
    use postern_domain::usecases::Accounts;
    let w = World::new().await;
    let ext = w.user("guest@example.org", UserKind::External).await;
    let staff = w.user("staff@example.com", UserKind::Internal).await;
    let accounts = Accounts::new(&w.mem.ports);
    w.mem.clock.advance(time::Duration::days(400));
    assert_eq!(accounts.expire_inactive().await.unwrap(), 0, "off by default");
    let mut s = std::sync::Arc::unwrap_or_clone(w.mem.store.load_settings().await.unwrap());
    s.expire_inactive_after_days = 365;
    w.mem.store.save_settings(&s).await.unwrap();
    assert_eq!(accounts.expire_inactive().await.unwrap(), 1);
    assert_eq!(
        w.mem.store.find_user(ext.id).await.unwrap().unwrap().status,
        UserStatus::Disabled
    );
    assert_eq!(
        w.mem.store.find_user(staff.id).await.unwrap().unwrap().status,
        UserStatus::Active,
        "staff accounts are not expired"
    );
    assert!(
        w.mem
            .store
            .recent(5)
            .await
            .unwrap()
            .iter()
            .any(|e| e.action == "user.expired")
    );
}

/// The console opens to active administrators only; someone else's correct password is
/// refused like a wrong one, audited as a refused console sign-in, and not counted as their
/// sign-in; a directory is never asked.
#[tokio::test]
async fn the_console_refuses_everyone_but_administrators_before_counting_a_sign_in() {
    use postern_domain::password::Password;
    use postern_domain::usecases::{Accounts, SignInError};
    let w = World::new().await;
    w.user("admin@example.com", UserKind::Admin).await;
    w.user("staff@example.com", UserKind::Internal).await;
    let accounts = Accounts::new(&w.mem.ports);
    let right = Password::new(crate::support::PASSWORD);
    let refused = accounts.console_sign_in("staff@example.com", &right).await.unwrap_err();
    assert!(matches!(refused, SignInError::InvalidCredentials));
    let wrong = accounts
        .console_sign_in("admin@example.com", &Password::new("not-it-at-all"))
        .await
        .unwrap_err();
    assert!(matches!(wrong, SignInError::InvalidCredentials));
    let unknown = accounts.console_sign_in("ghost@example.com", &right).await.unwrap_err();
    assert!(matches!(unknown, SignInError::InvalidCredentials));
    let admin = accounts.console_sign_in("ADMIN@example.com", &right).await.unwrap();
    assert_eq!(admin.kind, UserKind::Admin);
    let audit = w.mem.store.recent(10).await.unwrap();
    let actions: Vec<(&str, &str)> = audit.iter().map(|e| (e.action.as_str(), e.subject.as_str())).collect();
    assert!(
        actions.contains(&("admin.signin.refused", "staff@example.com")),
        "{actions:?}"
    );
    assert!(
        !actions.contains(&("signin.succeeded", "staff@example.com")),
        "the staff member's refused attempt is not a sign-in: {actions:?}"
    );
    assert!(actions.contains(&("signin.succeeded", "admin@example.com")));
    assert!(actions.contains(&("admin.signin.failed", "ghost@example.com")));
}
