//! Sessions that end: idle and absolute lifetimes for the portal and the console, the
//! *Security* page that lists one's sessions, and signing out everywhere (tokens too).

use std::collections::BTreeMap;

use poem::http::StatusCode;
use postern_domain::token::TokenScope;
use postern_domain::usecases::ApiTokens;
use postern_domain::user::UserKind;
use time::Duration;

use crate::admin::admin_sign_in;
use crate::api::call;
use crate::harness::{Harness, PASSWORD};

fn advance(h: &Harness, by: Duration) {
    h.clock.as_ref().expect("the memory harness's clock").advance(by);
}

/// Signed in at `/portal`, or sent to sign in (with the page's note, if any).
async fn portal_open(h: &Harness) -> Result<(), String> {
    let page = h.get("/portal").await;
    match page.status {
        StatusCode::OK => Ok(()),
        StatusCode::SEE_OTHER => {
            let sign_in = h.get("/sign-in").await;
            Err(sign_in.body)
        }
        other => panic!("unexpected {other}: {}", page.body),
    }
}

#[tokio::test]
async fn portal_sessions_end_when_idle_and_at_their_absolute_end() {
    let h = Harness::memory().await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.sign_in("staff@example.com", PASSWORD).await;
    assert_eq!(portal_open(&h).await, Ok(()));
    // An hour and a minute without a request: the session ended, and the page says why.
    advance(&h, Duration::minutes(61));
    let why = portal_open(&h).await.expect_err("idle for more than an hour");
    assert!(why.contains("ended after 1 hour without activity"), "{why}");
    // Busy all day: a request every 50 minutes keeps it alive until 12 hours after sign-in.
    h.sign_in("staff@example.com", PASSWORD).await;
    let mut elapsed = 0;
    let why = loop {
        advance(&h, Duration::minutes(50));
        elapsed += 50;
        match portal_open(&h).await {
            Ok(()) => assert!(elapsed <= 12 * 60, "alive after {elapsed} minutes"),
            Err(why) => break why,
        }
    };
    assert!(
        elapsed > 12 * 60 && elapsed <= 12 * 60 + 50,
        "ended after {elapsed} minutes"
    );
    assert!(why.contains("ended after 12 hours as a precaution"), "{why}");
}

#[tokio::test]
async fn console_sessions_end_when_idle_and_after_eight_hours() {
    let h = Harness::memory().await;
    h.user("admin@example.com", UserKind::Admin).await;
    admin_sign_in(&h).await;
    advance(&h, Duration::minutes(31));
    let gone = h.get("/admin").await;
    assert_eq!(gone.location.as_deref(), Some("/admin/sign-in?next=%2Fadmin"));
    let page = h.get("/admin/sign-in").await;
    assert!(
        page.body.contains("ended after 30 minutes without activity"),
        "{}",
        page.body
    );
    admin_sign_in(&h).await;
    let mut elapsed = 0;
    loop {
        advance(&h, Duration::minutes(25));
        elapsed += 25;
        if h.get("/admin").await.status != StatusCode::OK {
            break;
        }
    }
    assert!(
        elapsed > 8 * 60 && elapsed <= 8 * 60 + 25,
        "ended after {elapsed} minutes"
    );
    let page = h.get("/admin/sign-in").await;
    assert!(
        page.body.contains("ended after 8 hours as a precaution"),
        "{}",
        page.body
    );
}

/// Two browsers signed in as one person, a third as someone else: the Security page lists the
/// person's two; ending the other one signs that browser out; signing out everywhere else ends
/// the rest and revokes the tokens when asked, and is audited; another person's session can
/// neither be seen nor ended.
#[tokio::test]
async fn the_security_page_lists_and_ends_ones_own_sessions() {
    for (name, h) in Harness::both().await {
        let staff = h.user("staff@example.com", UserKind::Internal).await;
        h.user("other@example.com", UserKind::Internal).await;
        let (_, token) = ApiTokens::new(&h.ports)
            .create(&staff, "script", None, TokenScope::Read)
            .await
            .unwrap();
        // The other person in two browsers (the second shows the first's name), then the
        // person in browsers A and B.
        h.sign_in("other@example.com", PASSWORD).await;
        let other = h.switch_browser(BTreeMap::new());
        h.sign_in("other@example.com", PASSWORD).await;
        let security = h.get("/security").await;
        let other_id = session_ids(&security.body)
            .into_iter()
            .next()
            .expect("the first browser");
        assert!(security.body.contains("this browser"), "{name}");
        h.switch_browser(BTreeMap::new());
        h.sign_in("staff@example.com", PASSWORD).await;
        let a = h.switch_browser(BTreeMap::new());
        h.sign_in("staff@example.com", PASSWORD).await;
        let page = h.get("/security").await;
        assert_eq!(page.status, StatusCode::OK, "{name}");
        assert_eq!(page.body.matches("<tr>").count(), 3, "{name}: header and two sessions");
        assert!(page.body.contains("this browser"), "{name}");
        assert!(!page.body.contains(&other_id), "{name}: only one's own sessions");
        assert!(page.body.contains("1 working API token"), "{name}");
        // Another person's session cannot be ended from here.
        let refused = h
            .post(
                &format!("/security/sessions/{other_id}/end"),
                &[("csrf_token", &page.csrf())],
            )
            .await;
        assert_eq!(refused.location.as_deref(), Some("/security"), "{name}");
        assert!(h.get("/security").await.body.contains("already ended"), "{name}");
        // Ending browser A's session signs A out.
        let a_id = session_ids(&page.body).into_iter().next().unwrap();
        h.post(
            &format!("/security/sessions/{a_id}/end"),
            &[("csrf_token", &page.csrf())],
        )
        .await;
        let b = h.switch_browser(a);
        assert!(portal_open(&h).await.is_err(), "{name}: A was signed out");
        // A signs in again; B signs out everywhere else, with the tokens.
        h.sign_in("staff@example.com", PASSWORD).await;
        let a = h.switch_browser(b);
        let page = h.get("/security").await;
        let done = h
            .post(
                "/security/sign-out-everywhere",
                &[("csrf_token", &page.csrf()), ("revoke_tokens", "on")],
            )
            .await;
        assert_eq!(done.location.as_deref(), Some("/security"), "{name}");
        let after = h.get("/security").await;
        assert!(
            after.body.contains("1 session ended. 1 API token revoked."),
            "{name}: {}",
            after.body
        );
        assert_eq!(
            after.body.matches("<tr>").count(),
            2,
            "{name}: only this browser is left"
        );
        assert_eq!(portal_open(&h).await, Ok(()), "{name}: B stays signed in");
        assert_eq!(
            call(&h, "GET", "/api/v1/me", Some(&token), None).await.status,
            StatusCode::UNAUTHORIZED,
            "{name}: the token was revoked"
        );
        h.switch_browser(a);
        assert!(portal_open(&h).await.is_err(), "{name}: A was signed out again");
        h.switch_browser(other);
        assert_eq!(
            portal_open(&h).await,
            Ok(()),
            "{name}: the other person was not touched"
        );
        let actions: Vec<String> = h
            .ports
            .audit
            .recent(50)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        for action in ["session.ended", "session.signed_out_everywhere"] {
            assert!(actions.iter().any(|a| a == action), "{name}: {action} audited");
        }
    }
}

/// The public names of the sessions a Security page offers to end.
fn session_ids(body: &str) -> Vec<String> {
    body.split("/security/sessions/")
        .skip(1)
        .map(|rest| rest.split('/').next().unwrap().to_owned())
        .collect()
}
