//! Reminders as an administrator sets them, a sender chooses them, and the lists and the API
//! show them.

use poem::http::StatusCode;
use postern_domain::user::UserKind;
use serde_json::json;

use crate::admin::{admin_sign_in, save_settings};
use crate::harness::{Harness, PASSWORD};
use crate::scenarios::send_form;

/// The schedule is checked when saved (order, range, count, text) and nothing is saved on a
/// mistake; the form tells the sender when reminders go and lets them switch them off; the
/// API takes the choice, and reports it with each recipient's reminders; the sender's list
/// shows when the next reminder is due.
#[tokio::test]
async fn the_administrator_sets_when_and_senders_choose_per_invitation() {
    let h = Harness::embedded().await;
    h.user("admin@example.com", UserKind::Admin).await;
    h.allow_invitations().await;
    let token = crate::api::token_for(&h, "staff@example.com").await;
    admin_sign_in(&h).await;
    assert!(h.get("/admin/settings").await.body.contains("value=\"50, 90\""));
    for (typed, said) in [
        ("90, 50", "the second reminder comes after the first"),
        ("fifty", "enter up to two whole numbers between 1 and 99"),
        ("10, 20, 30", "at most two reminders"),
        ("100", "each reminder is between 1 and 99 percent"),
    ] {
        let refused = save_settings(&h, &[("reminder_at_percent", Some(typed))]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{typed}");
        assert!(refused.body.contains(said), "{typed}: {}", refused.body);
        assert!(
            refused.body.contains("id=\"reminder_at_percent-error\""),
            "named next to its field"
        );
    }
    assert!(
        h.get("/admin/settings").await.body.contains("value=\"50, 90\""),
        "nothing saved"
    );
    let saved = save_settings(&h, &[("reminder_at_percent", Some("30 %"))]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(h.get("/admin/settings").await.body.contains("value=\"30\""));

    // The sender's form.
    h.forget_cookies();
    h.sign_in("staff@example.com", PASSWORD).await;
    let form = h.get("/invitations/new").await;
    assert!(
        form.body
            .contains("Reminders go out after 30 % of the link&#x27;s life")
            || form.body.contains("Reminders go out after 30 % of the link&#39;s life")
            || form.body.contains("Reminders go out after 30 % of the link's life"),
        "{}",
        form.body
    );
    assert!(
        form.body
            .contains("name=\"reminders\" type=\"checkbox\" value=\"on\" checked")
    );
    let sent = send_form(&h, &[("to", "quiet@example.org")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "left unticked: {}", sent.body);
    let sent = send_form(&h, &[("to", "reminded@example.org"), ("reminders", "on")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    h.worker.drain().await.unwrap();
    let list = h.get("/invitations").await;
    assert_eq!(list.body.matches("next reminder").count(), 1, "{}", list.body);

    // The API.
    let call = |body| crate::api::call(&h, "POST", "/api/v1/invitations", Some(&token), Some(body));
    let off = call(json!({"to": "api-quiet@example.org", "options": {"reminders": false}})).await;
    assert_eq!(off.status, StatusCode::CREATED, "{}", off.json);
    assert_eq!(off.json["reminders"], json!(false));
    let on = call(json!({"to": "api-reminded@example.org"})).await;
    assert_eq!(on.json["reminders"], json!(true), "the administrator's default");
    h.worker.drain().await.unwrap();
    let id = on.json["id"].as_str().unwrap().to_owned();
    let shown = crate::api::call(&h, "GET", &format!("/api/v1/invitations/{id}"), Some(&token), None).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.json);
    let recipient = &shown.json["recipients"][0];
    assert_eq!(recipient["reminders_sent"], json!(0));
    assert!(recipient["next_reminder_at"].is_string(), "{recipient}");
    let me = crate::api::call(&h, "GET", "/api/v1/me", Some(&token), None).await;
    assert!(
        me.json["delivery_options"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["name"] == "reminders"),
        "{}",
        me.json
    );
}

/// Locked off by the administrator: the form does not offer it and the API refuses a sender
/// who asks for it, naming the option.
#[tokio::test]
async fn reminders_locked_off_are_refused_by_name() {
    let h = Harness::embedded().await;
    h.user("admin@example.com", UserKind::Admin).await;
    h.allow_invitations().await;
    let token = crate::api::token_for(&h, "staff@example.com").await;
    admin_sign_in(&h).await;
    let saved = save_settings(
        &h,
        &[
            ("remind_offered", None),
            ("remind_default", None),
            ("remind_locked", Some("on")),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let asked = crate::api::call(
        &h,
        "POST",
        "/api/v1/invitations",
        Some(&token),
        Some(json!({"to": "a@example.org", "options": {"reminders": true}})),
    )
    .await;
    assert_eq!(asked.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", asked.json);
    assert!(asked.json.to_string().contains("reminders"), "{}", asked.json);
    h.forget_cookies();
    h.sign_in("staff@example.com", PASSWORD).await;
    assert!(!h.get("/invitations/new").await.body.contains("name=\"reminders\""));
}
