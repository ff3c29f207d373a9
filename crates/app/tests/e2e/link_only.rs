//! Link-only invitations through the pages and the API: offered by the administrator, the
//! links shown once to the sender (never kept by the browser), nothing emailed, and the links
//! working like emailed ones.

use poem::http::StatusCode;
use postern_domain::user::UserKind;
use serde_json::json;

use crate::admin::{admin_sign_in, save_settings};
use crate::harness::{Harness, PASSWORD};
use crate::scenarios::send_form;

/// The links a page shows, in order.
fn shown_links(body: &str) -> Vec<String> {
    body.split("class=\"shown-link\" type=\"text\" readonly value=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

/// The path of a link (the harness speaks to the application directly).
fn path_of(link: &str) -> String {
    let start = link.find("/activate/").expect("an activation link");
    link[start..].to_owned()
}

async fn offer_link_only(h: &Harness) {
    admin_sign_in(h).await;
    let page = h.get("/admin/settings").await;
    assert!(page.body.contains("Link-only invitations"), "{}", page.body);
    assert!(
        !page
            .body
            .contains("name=\"link_only_offered\" type=\"checkbox\" value=\"on\" checked"),
        "not offered until the administrator says so"
    );
    let saved = save_settings(h, &[("link_only_offered", Some("on"))]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    h.forget_cookies();
}

/// The sender ticks the box: the answer shows each invitee's link (and is never stored by the
/// browser), nothing is emailed, each link opens its invitee's page; the list shows them sent
/// but never the links; Resend shows a new link and the old one stops working.
#[tokio::test]
async fn the_sender_sees_each_link_once_and_nothing_is_emailed() {
    let h = Harness::embedded().await;
    h.user("admin@example.com", UserKind::Admin).await;
    h.allow_invitations().await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.sign_in("staff@example.com", PASSWORD).await;
    assert!(!h.get("/invitations/new").await.body.contains("name=\"link_only\""));
    h.forget_cookies();
    offer_link_only(&h).await;

    h.sign_in("staff@example.com", PASSWORD).await;
    let form = h.get("/invitations/new").await;
    assert!(form.body.contains("name=\"link_only\""), "{}", form.body);
    let sent = send_form(
        &h,
        &[
            ("to", "Ann Example <ann@example.org>; bob@example.org"),
            ("link_only", "on"),
            ("send_me_a_copy", "on"),
        ],
    )
    .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let links = shown_links(&sent.body);
    assert_eq!(links.len(), 2, "{}", sent.body);
    assert!(sent.body.contains("ann@example.org") && sent.body.contains("bob@example.org"));
    assert!(sent.body.contains("this page shows them once"));
    h.worker.drain().await.unwrap();
    assert!(h.messages().await.is_empty(), "no email, not even the copy");

    let list = h.get("/invitations").await;
    assert!(!list.body.contains("/activate/pstn_"), "the list never shows a link");
    assert!(list.body.contains("the link was shown to the sender"), "{}", list.body);

    // Each link opens its own invitee's page.
    let other = h.switch_browser(Default::default());
    let ann = h.get(&path_of(&links[0])).await;
    assert_eq!(ann.status, StatusCode::OK, "{}", ann.body);
    assert!(ann.body.contains("ann@example.org"), "{}", ann.body);
    h.switch_browser(other);

    // Resend: a new link on the page, the old one revoked.
    let rid = list
        .body
        .split("/invitations/recipients/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_owned();
    let confirm = h.get(&format!("/invitations/recipients/{rid}/resend")).await;
    assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.body);
    assert!(confirm.body.contains("nothing is emailed"), "{}", confirm.body);
    let resent = h
        .post(
            &format!("/invitations/recipients/{rid}/resend"),
            &[("csrf_token", &confirm.csrf()), ("back", "/invitations")],
        )
        .await;
    assert_eq!(resent.status, StatusCode::OK, "{}", resent.body);
    let new = shown_links(&resent.body);
    assert_eq!(new.len(), 1, "{}", resent.body);
    assert!(!links.contains(&new[0]));
    h.worker.drain().await.unwrap();
    assert!(h.messages().await.is_empty(), "a resend emails nothing either");
    h.forget_cookies();
    let opened: Vec<StatusCode> = {
        let mut out = Vec::new();
        for l in links.iter().chain(&new) {
            out.push(h.get(&path_of(l)).await.status);
        }
        out
    };
    let revoked = opened.iter().filter(|s| **s == StatusCode::GONE).count();
    assert_eq!(revoked, 1, "exactly the replaced link is refused: {opened:?}");
    assert_eq!(opened.iter().filter(|s| **s == StatusCode::OK).count(), 2, "{opened:?}");
}

/// Through the API: the answer to the send (and to a resend) carries each link, a later read
/// never does; not offered, the option is refused by name; files and link-only do not mix.
#[tokio::test]
async fn the_api_returns_each_link_once() {
    let h = Harness::embedded().await;
    h.user("admin@example.com", UserKind::Admin).await;
    h.allow_invitations().await;
    let token = crate::api::token_for(&h, "staff@example.com").await;
    let call = |method, uri: String, body| {
        let (h, token) = (&h, token.clone());
        async move { crate::api::call(h, method, &uri, Some(&token), body).await }
    };
    let refused = call(
        "POST",
        "/api/v1/invitations".into(),
        Some(json!({"to": "a@example.org", "options": {"link_only": true}})),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.json);
    assert!(refused.json.to_string().contains("link_only"), "{}", refused.json);

    offer_link_only(&h).await;
    let me = call("GET", "/api/v1/me".into(), None).await;
    assert!(
        me.json["delivery_options"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["name"] == "link_only" && o["offered"] == json!(true)),
        "{}",
        me.json
    );
    let sent = call(
        "POST",
        "/api/v1/invitations".into(),
        Some(json!({"to": "a@example.org, b@example.org", "options": {"link_only": true}})),
    )
    .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.json);
    assert_eq!(sent.json["link_only"], json!(true));
    let recipients = sent.json["recipients"].as_array().unwrap();
    let links: Vec<String> = recipients
        .iter()
        .map(|r| r["link"].as_str().expect("a link each").to_owned())
        .collect();
    assert!(recipients.iter().all(|r| r["status"] == "sent"), "{}", sent.json);
    assert_ne!(links[0], links[1]);
    let id = sent.json["id"].as_str().unwrap().to_owned();
    let read = call("GET", format!("/api/v1/invitations/{id}"), None).await;
    assert!(!read.json.to_string().contains("/activate/"), "{}", read.json);
    let view = crate::api::call(
        &h,
        "GET",
        &format!("/api/v1/activation/{}", links[0].rsplit('/').next().unwrap()),
        None,
        None,
    )
    .await;
    assert_eq!(view.status, StatusCode::OK, "{}", view.json);
    assert_eq!(view.json["email"], json!("a@example.org"));

    let rid = recipients[0]["id"].as_str().unwrap();
    let resent = call(
        "POST",
        format!("/api/v1/invitations/{id}/recipients/{rid}/resend"),
        None,
    )
    .await;
    assert_eq!(resent.status, StatusCode::OK, "{}", resent.json);
    let new = resent.json["link"].as_str().expect("the new link");
    assert_ne!(new, links[0]);
    let old = crate::api::call(
        &h,
        "GET",
        &format!("/api/v1/activation/{}", links[0].rsplit('/').next().unwrap()),
        None,
        None,
    )
    .await;
    assert_eq!(old.status, StatusCode::GONE, "{}", old.json);
    h.worker.drain().await.unwrap();
    assert!(h.messages().await.is_empty());
}

/// A form shown while link-only was offered, sent after the administrator withdrew it: the
/// ticked box is refused by name, and nothing is emailed.
#[tokio::test]
async fn a_stale_form_with_link_only_ticked_is_refused_not_emailed() {
    let h = Harness::embedded().await;
    h.user("admin@example.com", UserKind::Admin).await;
    h.allow_invitations().await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.sign_in("staff@example.com", PASSWORD).await;
    let refused = send_form(&h, &[("to", "ann@example.org"), ("link_only", "on")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(
        refused.body.contains("Link only: this option is not offered"),
        "{}",
        refused.body
    );
    h.worker.drain().await.unwrap();
    assert!(h.messages().await.is_empty(), "nothing emailed");
}
