//! The funnel through the pages and the API: a recipient's history for its sender (nobody
//! else), the same through the API, and the administrator's report with its CSV.

use poem::http::StatusCode;
use postern_domain::user::UserKind;
use serde_json::json;

use crate::admin::admin_sign_in;
use crate::harness::{Harness, PASSWORD};

/// The first recipient id a list page links to.
fn first_recipient(body: &str) -> String {
    body.split("/recipients/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("a recipient link")
        .to_owned()
}

#[tokio::test]
async fn history_on_the_page_and_in_the_api_and_the_report() {
    let h = Harness::embedded().await;
    h.user("admin@example.com", UserKind::Admin).await;
    h.allow_invitations().await;
    let token = crate::api::token_for(&h, "staff@example.com").await;
    let sent = crate::api::call(
        &h,
        "POST",
        "/api/v1/invitations",
        Some(&token),
        Some(json!({"to": "ann@example.org; =bad@example.org"})),
    )
    .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.json);
    let id = sent.json["id"].as_str().unwrap().to_owned();
    let rid = sent.json["recipients"][0]["id"].as_str().unwrap().to_owned();
    h.worker.drain().await.unwrap();
    let messages = h.messages().await;
    let (_, eml) = messages.iter().find(|(to, _)| to == "ann@example.org").unwrap();
    let link = crate::harness::link_in(eml);
    let path = &link[link.find("/activate/").unwrap()..];
    for _ in 0..3 {
        assert_eq!(h.get(path).await.status, StatusCode::OK);
    }

    // The API.
    let history = crate::api::call(
        &h,
        "GET",
        &format!("/api/v1/invitations/{id}/recipients/{rid}/history"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.json);
    let events: Vec<&str> = history.json["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["queued", "sent", "opened"], "opened once: {}", history.json);
    assert_eq!(history.json["events"][0]["actor"], json!("sender"));
    assert_eq!(history.json["status"], json!("sent"));
    let other = crate::api::token_for(&h, "other@example.com").await;
    let refused = crate::api::call(
        &h,
        "GET",
        &format!("/api/v1/invitations/{id}/recipients/{rid}/history"),
        Some(&other),
        None,
    )
    .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.json);

    // The sender's page.
    h.forget_cookies();
    h.sign_in("staff@example.com", PASSWORD).await;
    let list = h.get("/invitations").await;
    let first = first_recipient(&list.body);
    assert!(list.body.contains(&format!("/invitations/recipients/{first}/history")));
    let page = h
        .get(&format!("/invitations/recipients/{rid}/history?back=%2Finvitations"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("History of ann@example.org"), "{}", page.body);
    for said in [
        "queued for delivery",
        "handed to the mail system",
        "link opened",
        "the invitee",
    ] {
        assert!(page.body.contains(said), "{said}: {}", page.body);
    }
    assert_eq!(page.body.matches("link opened").count(), 1);
    h.forget_cookies();
    h.sign_in("other@example.com", PASSWORD).await;
    let theirs = h.get(&format!("/invitations/recipients/{rid}/history")).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "another sender sees nothing");
    assert_ne!(
        h.get("/admin/reports").await.status,
        StatusCode::OK,
        "staff get no report"
    );

    // The administrator: the history from the console, the report and its CSV.
    admin_sign_in(&h).await;
    let page = h.get(&format!("/admin/invitations/recipients/{rid}/history")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let report = h.get("/admin/reports").await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert!(report.body.contains("staff@example.com"), "{}", report.body);
    let csv = h.get("/admin/reports?by=month&format=csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines[0],
        "group,invited,opened,accepted,acceptance_percent,median_hours_to_accept,waiting,expired,revoked,bounced"
    );
    assert_eq!(lines.len(), 3, "one month and the total: {}", csv.body);
    assert!(lines[2].starts_with("\"all\",2,1,0,0.0,,2,0,0,0"), "{}", csv.body);
    for (query, said) in [
        ("from=yesterday", "first day: enter a date as YYYY-MM-DD"),
        ("by=year", "group by: inviter, month or week"),
        ("from=2026-12-01&until=2026-11-01", "choose a period of 1 to 366 days"),
        ("from=2020-01-01&until=2026-11-01", "choose a period of 1 to 366 days"),
        ("until=9999-12-31", "last day: choose a date before 9999-12-31"),
        (
            "from=9999-12-01&until=9999-12-31&format=csv",
            "last day: choose a date before 9999-12-31",
        ),
    ] {
        let refused = h.get(&format!("/admin/reports?{query}")).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(refused.body.contains(said), "{query}: {}", refused.body);
    }
    let ancient = h.get("/admin/reports?until=0000-01-01").await;
    assert_eq!(ancient.status, StatusCode::OK, "the earliest dates are answered too");
    assert!(ancient.body.contains("Nobody was invited in this period."));
}
