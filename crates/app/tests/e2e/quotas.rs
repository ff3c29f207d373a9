//! Quotas as an administrator sets them and a sender meets them, on the pages and the API.

use poem::http::StatusCode;
use postern_domain::user::UserKind;
use serde_json::json;

use crate::admin::{admin_sign_in, save_settings};
use crate::harness::{Harness, PASSWORD};
use crate::scenarios::send_form;

/// The administrator sets staff's quota on the settings page (a bad value is named and nothing
/// saved); the API refuses a send past it with 429, `quota_exceeded`, what is left and when
/// more room comes (Retry-After); the form says the same next to the recipients and keeps
/// what was typed; the administrator raises one person's own quota on the Users page (audited)
/// and their send goes.
#[tokio::test]
async fn a_sender_meets_the_quota_and_an_administrator_raises_theirs() {
    let h = Harness::embedded().await;
    h.user("admin@example.com", UserKind::Admin).await;
    h.allow_invitations().await;
    let token = crate::api::token_for(&h, "staff@example.com").await;
    admin_sign_in(&h).await;
    let refused = save_settings(&h, &[("quota_internal_per_day", Some("lots"))]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("id=\"quota_internal_per_day-error\""),
        "{}",
        refused.body
    );
    let saved = save_settings(&h, &[("quota_internal_per_day", Some("2"))]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let send =
        |to: &'static str| crate::api::call(&h, "POST", "/api/v1/invitations", Some(&token), Some(json!({"to": to})));
    assert_eq!(send("a@example.org").await.status, StatusCode::CREATED);
    let over = send("b@example.org; c@example.org").await;
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS, "{}", over.json);
    assert_eq!(over.json["error"]["code"], json!("quota_exceeded"));
    let message = over.json["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("2 recipients in 24 hours; 1 left now. More from"),
        "{message}"
    );
    let wait: i64 = over.retry_after.as_deref().unwrap().parse().unwrap();
    assert!(
        (86_000..=86_400).contains(&wait),
        "until the first send leaves the day: {wait}"
    );

    h.forget_cookies();
    h.sign_in("staff@example.com", PASSWORD).await;
    let page = send_form(&h, &[("to", "b@example.org; c@example.org")]).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "{}", page.body);
    assert!(page.body.contains("1 left now"), "{}", page.body);
    assert!(
        page.body.contains("b@example.org; c@example.org"),
        "what was typed is kept"
    );

    // One person's own quota.
    admin_sign_in(&h).await;
    let users = h.get("/admin/users").await;
    let staff = {
        let address = postern_domain::EmailAddress::parse("staff@example.com").unwrap();
        h.ports.users.find_user_by_email(&address).await.unwrap().unwrap().id
    };
    let done = h
        .post(
            &format!("/admin/users/{staff}/quota"),
            &[
                ("csrf_token", &users.csrf()),
                ("quota_per_day", "10"),
                ("quota_pending", ""),
            ],
        )
        .await;
    assert_eq!(done.location.as_deref(), Some("/admin/users"), "{}", done.body);
    let users = h.get("/admin/users").await;
    assert!(users.body.contains("The quota was saved."), "{}", users.body);
    assert!(users.body.contains(&format!(
        "id=\"quota-day-{staff}\" name=\"quota_per_day\" type=\"number\" min=\"0\" size=\"5\" value=\"10\""
    )));
    let audit = h.get("/admin/audit?action=user.quota").await;
    assert!(
        audit.body.contains("as for their kind -&#62; 10 a day, 0 waiting"),
        "{}",
        audit.body
    );
    assert_eq!(send("b@example.org; c@example.org").await.status, StatusCode::CREATED);
}
