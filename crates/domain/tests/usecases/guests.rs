//! Sponsored guest accounts, with the clock port: the inviter sponsors the guest; a sponsor who
//! leaves leaves the guest to an administrator or disables it, as the administrator decided;
//! unused guests are warned once per stretch of disuse and then disabled.

use postern_domain::DisplayName;
use postern_domain::password::Password;
use postern_domain::policy::SponsorLeft;
use postern_domain::ports::{AuditLog, SettingsRepository, UserRepository};
use postern_domain::usecases::{Accounts, ActivationInput, ActivationOutcome, AdminError, Administration, GuestReview};
use postern_domain::user::{User, UserKind, UserStatus};
use time::Duration;

use crate::support::World;

/// A guest invited by `sponsor` who created their account.
async fn guest_of(w: &World, sponsor: &User, address: &str) -> User {
    w.send(sponsor, World::form(address, "", "")).await;
    w.worker().drain().await.unwrap();
    let token = w.token_for(address);
    match w
        .activation()
        .create(
            &token,
            ActivationInput {
                display_name: DisplayName::parse("Gail Guest").unwrap(),
                password: Password::new("a-long-enough-secret"),
            },
        )
        .await
        .unwrap()
    {
        ActivationOutcome::Active(user) => user,
        other => panic!("{other:?}"),
    }
}

async fn actions(w: &World) -> Vec<String> {
    w.mem
        .store
        .recent(200)
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {} {}", e.action, e.subject, e.detail))
        .collect()
}

async fn set_rules(w: &World, change: impl FnOnce(&mut postern_domain::policy::PortalSettings)) {
    let mut s = std::sync::Arc::unwrap_or_clone(w.mem.store.load_settings().await.unwrap());
    change(&mut s);
    w.mem.store.save_settings(&s).await.unwrap();
}

#[tokio::test]
async fn the_inviter_sponsors_and_an_administrator_hands_over_when_they_leave() {
    let w = World::new().await;
    let admin = w.user("admin@example.com", UserKind::Admin).await;
    let sam = w.user("sam@example.com", UserKind::Internal).await;
    let kim = w.user("kim@example.com", UserKind::Internal).await;
    let guest = guest_of(&w, &sam, "guest@example.org").await;
    assert_eq!(guest.sponsor_id, Some(sam.id), "the inviter answers for the guest");
    let accounts = Accounts::new(&w.mem.ports);
    let admin_uc = Administration::new(&w.mem.ports);
    assert_eq!(
        accounts.review_guests().await.unwrap(),
        GuestReview::default(),
        "nothing to do"
    );

    // Sam leaves: the guest stays, without a sponsor, and the console is told.
    admin_uc.set_enabled(&admin, sam.id, false).await.unwrap();
    let review = accounts.review_guests().await.unwrap();
    assert_eq!(review.unsponsored, 1);
    let now = w.mem.store.find_user(guest.id).await.unwrap().unwrap();
    assert_eq!((now.status, now.sponsor_id), (UserStatus::Active, None));
    assert_eq!(admin_uc.overview(&admin, 100).await.unwrap().unsponsored, 1);
    assert!(
        actions(&w)
            .await
            .iter()
            .any(|a| a.starts_with("user.sponsor_left guest@example.org the sponsor sam@example.com is disabled")),
        "{:?}",
        actions(&w).await
    );
    assert_eq!(accounts.review_guests().await.unwrap().unsponsored, 0, "once");
    // The administrator is told by email, once.
    w.worker().drain().await.unwrap();
    let told = w.sent_to("admin@example.com");
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(
        told[0].text.contains("One Drop-Off account") && told[0].text.contains("lost its sponsor"),
        "{}",
        told[0].text
    );
    assert!(told[0].text.contains("/admin/users?sponsor=none"));

    // The administrator hands the guest to Kim; only an active staff member may sponsor.
    for (who, why) in [
        ("guest@example.org", "active staff member"),
        ("sam@example.com", "active staff member"),
        ("nobody@example.com", "active staff member"),
        ("not an address", "enter the address"),
    ] {
        match admin_uc.set_sponsor(&admin, guest.id, who).await {
            Err(AdminError::WrongState(text)) => assert!(text.contains(why), "{who}: {text}"),
            other => panic!("{who}: {other:?}"),
        }
    }
    assert!(
        matches!(
            admin_uc.set_sponsor(&admin, kim.id, "sam@example.com").await,
            Err(AdminError::WrongState(_))
        ),
        "staff have no sponsor"
    );
    admin_uc.set_sponsor(&admin, guest.id, "KIM@example.com").await.unwrap();
    assert_eq!(
        w.mem.store.find_user(guest.id).await.unwrap().unwrap().sponsor_id,
        Some(kim.id)
    );
    assert!(
        actions(&w)
            .await
            .iter()
            .any(|a| a == "user.sponsor guest@example.org nobody -> kim@example.com")
    );
    assert_eq!(admin_uc.overview(&admin, 100).await.unwrap().unsponsored, 0);
    assert!(matches!(
        admin_uc.set_sponsor(&kim, guest.id, "kim@example.com").await,
        Err(AdminError::NotAdmin)
    ));
}

#[tokio::test]
async fn when_the_administrator_says_so_a_sponsor_leaving_disables_the_guests() {
    let w = World::new().await;
    let admin = w.user("admin@example.com", UserKind::Admin).await;
    let sam = w.user("sam@example.com", UserKind::Internal).await;
    let one = guest_of(&w, &sam, "one@example.org").await;
    let two = guest_of(&w, &sam, "two@example.org").await;
    set_rules(&w, |s| s.guests.sponsor_left = SponsorLeft::Disable).await;
    Administration::new(&w.mem.ports)
        .set_enabled(&admin, sam.id, false)
        .await
        .unwrap();
    let review = Accounts::new(&w.mem.ports).review_guests().await.unwrap();
    assert_eq!(review.disabled_with_sponsor, 2);
    for g in [&one, &two] {
        assert_eq!(
            w.mem.store.find_user(g.id).await.unwrap().unwrap().status,
            UserStatus::Disabled
        );
    }
}

#[tokio::test]
async fn unused_guests_are_warned_once_then_disabled_and_a_sign_in_starts_over() {
    let w = World::new().await;
    let sam = w.user("sam@example.com", UserKind::Internal).await;
    let idle = guest_of(&w, &sam, "idle@example.org").await;
    let busy = guest_of(&w, &sam, "busy@example.org").await;
    set_rules(&w, |s| {
        s.expire_inactive_after_days = 30;
        s.guests.warn_days_before = 7;
    })
    .await;
    let accounts = Accounts::new(&w.mem.ports);
    w.mem.clock.advance(Duration::days(22));
    assert_eq!(accounts.review_guests().await.unwrap().warned, 0, "not yet");
    w.mem.clock.advance(Duration::days(1) + Duration::minutes(1));
    let review = accounts.review_guests().await.unwrap();
    assert_eq!((review.warned, review.expired), (2, 0));
    assert_eq!(accounts.review_guests().await.unwrap().warned, 0, "warned once");
    w.worker().drain().await.unwrap();
    let warning = w.sent_to("idle@example.org").pop().expect("a warning");
    assert!(warning.subject.contains("will be disabled on"), "{}", warning.subject);
    assert!(warning.text.contains("unless you sign in"), "{}", warning.text);
    // The busy guest signs in after the warning; the idle one does not.
    w.mem.clock.advance(Duration::days(2));
    accounts
        .sign_in("busy@example.org", &Password::new("a-long-enough-secret"))
        .await
        .unwrap();
    w.mem.clock.advance(Duration::days(5));
    let review = accounts.review_guests().await.unwrap();
    assert_eq!(review.expired, 1);
    let status = |u: &User| {
        let id = u.id;
        let store = w.mem.store.clone();
        async move { store.find_user(id).await.unwrap().unwrap().status }
    };
    assert_eq!(status(&idle).await, UserStatus::Disabled);
    assert_eq!(status(&busy).await, UserStatus::Active);
    // A new stretch of disuse: a new warning 23 days after the sign-in, then the end.
    w.mem.clock.advance(Duration::days(17));
    assert_eq!(
        accounts.review_guests().await.unwrap().warned,
        0,
        "22 days after the sign-in"
    );
    w.mem.clock.advance(Duration::days(1) + Duration::minutes(1));
    assert_eq!(accounts.review_guests().await.unwrap().warned, 1);
    w.mem.clock.advance(Duration::days(7));
    assert_eq!(accounts.review_guests().await.unwrap().expired, 1);
    assert_eq!(status(&busy).await, UserStatus::Disabled);
    let log = actions(&w).await;
    assert_eq!(
        log.iter().filter(|a| a.starts_with("user.inactivity_warned")).count(),
        3
    );
    assert_eq!(log.iter().filter(|a| a.starts_with("user.expired")).count(), 2);
}
