//! Group addresses by the administrator's patterns: the form warns at once and asks, the API
//! refuses by name unless told to send anyway, the administrator edits the patterns.

use poem::http::StatusCode;
use postern_domain::user::UserKind;
use serde_json::json;

use crate::admin::{admin_sign_in, save_settings};
use crate::harness::{Harness, PASSWORD};
use crate::scenarios::send_form;

#[tokio::test]
async fn the_form_and_the_api_ask_before_a_group_address() {
    let h = Harness::embedded().await;
    h.user("admin@example.com", UserKind::Admin).await;
    h.allow_invitations().await;
    let token = crate::api::token_for(&h, "staff@example.com").await;
    h.sign_in("staff@example.com", PASSWORD).await;
    let asked = send_form(&h, &[("to", "ann@example.org; all@example.org")]).await;
    assert_eq!(asked.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", asked.body);
    assert!(asked.body.contains("id=\"group_addresses\""), "{}", asked.body);
    assert!(asked.body.contains("<li>all@example.org</li>"));
    assert!(
        asked.body.contains("href=\"#include_group_addresses\""),
        "the summary leads to the box"
    );
    // A form with another mistake names the group address at once too.
    let both = send_form(&h, &[("to", "all@example.org, not an address")]).await;
    assert!(both.body.contains("<li>all@example.org</li>"), "{}", both.body);
    let anyway = send_form(
        &h,
        &[
            ("to", "ann@example.org; all@example.org"),
            ("include_group_addresses", "on"),
        ],
    )
    .await;
    assert_eq!(anyway.status, StatusCode::SEE_OTHER, "{}", anyway.body);

    let call = |body| crate::api::call(&h, "POST", "/api/v1/invitations", Some(&token), Some(body));
    let refused = call(json!({"to": "everyone@example.org"})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.json);
    assert_eq!(crate::api::code(&refused), "group_address");
    assert_eq!(
        refused.json["error"]["details"][0]["entry"],
        json!("everyone@example.org")
    );
    let sent = call(json!({"to": "everyone@example.org", "include_group_addresses": true})).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.json);

    // The administrator's own patterns.
    admin_sign_in(&h).await;
    let odd = save_settings(&h, &[("group_patterns", Some("all@\nnobody"))]).await;
    assert_eq!(odd.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(odd.body.contains("nobody: write a name followed by @"), "{}", odd.body);
    let saved = save_settings(&h, &[("group_patterns", Some("list-*@example.org"))]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let now_fine = call(json!({"to": "all@example.org"})).await;
    assert_eq!(now_fine.status, StatusCode::CREATED, "{}", now_fine.json);
    let listed = call(json!({"to": "List-Sales@example.org"})).await;
    assert_eq!(crate::api::code(&listed), "group_address");
}
