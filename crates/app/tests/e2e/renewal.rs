//! The page of an expired link, as its holder and an attacker use it.

use poem::http::StatusCode;
use postern_domain::user::UserKind;

use crate::harness::{Harness, PASSWORD, link_in};
use crate::scenarios::send_form;

/// An expired link's page offers to ask the inviter for a new link (with the inviter named);
/// the button asks once (the inviter gets the notice), a second press says so; a link that was
/// never issued gets the plain "not valid" page and its button does nothing; the form needs
/// its CSRF token.
#[tokio::test]
async fn the_page_of_an_expired_link_asks_the_inviter_once() {
    let h = Harness::memory().await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    h.sign_in("staff@example.com", PASSWORD).await;
    let sent = send_form(&h, &[("to", "guest@example.org"), ("link_lifetime_days", "1")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    h.worker.drain().await.unwrap();
    let link = link_in(&h.messages().await[0].1);
    h.forget_cookies();
    h.clock
        .as_ref()
        .expect("a manual clock")
        .advance(time::Duration::days(2));

    let page = h.get(&link).await;
    assert_eq!(page.status, StatusCode::GONE);
    assert!(page.body.contains("This link has expired"), "{}", page.body);
    assert!(page.body.contains("Sam Staff (staff@example.com)"), "{}", page.body);
    let action = format!("{link}/renew");
    assert!(page.body.contains(&format!("action=\"{action}\"")), "{}", page.body);
    let no_csrf = h.post(&action, &[]).await;
    assert_ne!(no_csrf.status, StatusCode::OK, "the form needs its CSRF token");
    let csrf = page.csrf();
    let asked = h.post(&action, &[("csrf_token", &csrf)]).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert!(
        asked.body.contains("Sam Staff was asked to send you a new link"),
        "{}",
        asked.body
    );
    let again = h.post(&action, &[("csrf_token", &csrf)]).await;
    assert!(
        again.body.contains("A new link was asked for already"),
        "{}",
        again.body
    );
    assert!(!h.get(&link).await.body.contains("Ask for a new link"), "offered once");
    h.worker.drain().await.unwrap();
    let notices = h
        .messages()
        .await
        .into_iter()
        .filter(|(to, eml)| to.contains("staff@example.com") && eml.contains("asks for a new invitation link"))
        .count();
    assert_eq!(notices, 1);

    // Never issued: nothing revealed, nothing done.
    let forged = "/activate/pstn_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let page = h.get(forged).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!page.body.contains("Ask for a new link"));
    let pressed = h.post(&format!("{forged}/renew"), &[("csrf_token", &csrf)]).await;
    assert_eq!(pressed.status, StatusCode::NOT_FOUND, "{}", pressed.body);
    assert!(pressed.body.contains("This link is not valid"));
}

/// Through the API: a still-valid link says so, an expired one asks the inviter once, a link
/// never issued is unknown (404) and one used is gone, as when opened.
#[tokio::test]
async fn the_api_asks_for_a_new_link_once() {
    let h = Harness::memory().await;
    h.allow_invitations().await;
    let token = crate::api::token_for(&h, "staff@example.com").await;
    let call = |uri: String| {
        let h = &h;
        async move { crate::api::call(h, "POST", &uri, None, None).await }
    };
    let sent = crate::api::call(
        &h,
        "POST",
        "/api/v1/invitations",
        Some(&token),
        Some(serde_json::json!({"to": "guest@example.org", "options": {"link_lifetime_days": 1}})),
    )
    .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.json);
    h.worker.drain().await.unwrap();
    let link = link_in(&h.messages().await[0].1);
    let secret = link.rsplit('/').next().unwrap().to_owned();
    let renewal = format!("/api/v1/activation/{secret}/renewal");
    let early = call(renewal.clone()).await;
    assert_eq!(early.status, StatusCode::OK, "{}", early.json);
    assert_eq!(early.json["outcome"], "still_valid");
    h.clock.as_ref().unwrap().advance(time::Duration::days(2));
    let asked = call(renewal.clone()).await;
    assert_eq!(asked.json["outcome"], "asked", "{}", asked.json);
    assert!(asked.json["inviter_name"].is_string());
    assert_eq!(call(renewal).await.json["outcome"], "already_asked");
    let forged = call("/api/v1/activation/pstn_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/renewal".into()).await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND, "{}", forged.json);
    assert_eq!(crate::api::code(&forged), "token_unknown");
}
