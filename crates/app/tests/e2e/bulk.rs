//! Invite a list, through the page and the API: the dry run names exactly the bad rows with
//! their lines and sends nothing; the real run queues the others; a repeat sends nothing twice;
//! the progress page follows the delivery.

use poem::http::StatusCode;
use postern_domain::user::UserKind;
use postern_testkit::bulk::{DENIED_DOMAIN, LIST_SENDER, existing_accounts, invitee_list};
use serde_json::json;

use crate::admin::{admin_sign_in, save_settings};
use crate::harness::{Harness, PASSWORD};

/// The (line, problem) pairs of the page's table of rows left out.
fn rows_left_out(body: &str) -> Vec<usize> {
    body.split("<td data-label=\"Line\">")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap().parse().unwrap())
        .collect()
}

async fn prepared(h: &Harness) {
    prepared_for(h, true).await;
}

async fn prepared_for(h: &Harness, sender: bool) {
    h.user("admin@example.com", UserKind::Admin).await;
    h.allow_invitations().await;
    if sender {
        h.user(LIST_SENDER, UserKind::Internal).await;
    }
    for address in existing_accounts() {
        h.user(&address, UserKind::External).await;
    }
    admin_sign_in(h).await;
    let saved = save_settings(h, &[("denied_domains", Some(DENIED_DOMAIN))]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    h.forget_cookies();
}

/// 10,000 rows, 37 bad: the page's check lists exactly those lines and sends nothing; Send
/// queues 9,963 and says so; the same form again sends nothing; the progress page counts.
#[tokio::test]
async fn the_page_checks_then_sends_a_list_of_ten_thousand() {
    let h = Harness::embedded().await;
    prepared(&h).await;
    h.sign_in(LIST_SENDER, PASSWORD).await;
    let form = h.get("/invitations/bulk").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(h.get("/invitations").await.body.contains("href=\"/invitations/bulk\""));
    let (csrf, key) = (form.csrf(), form.hidden("idempotency_key"));
    let (text, expected) = invitee_list(10_000, 37);
    let fields = |action| {
        vec![
            ("csrf_token", csrf.clone()),
            ("idempotency_key", key.clone()),
            ("subject", "Join us".to_owned()),
            ("message", "Please create your account.".to_owned()),
            ("link_lifetime_days", "14".to_owned()),
            ("action", action),
        ]
    };
    let post = |action: &str| {
        let f = fields(action.to_owned());
        let text = text.clone();
        let h = &h;
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            h.post_multipart_as("/invitations/bulk", &f, "list", &[("invitees.csv", text.as_bytes())])
                .await
        }
    };
    let checked = post("check").await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    let lines: Vec<usize> = expected.iter().map(|(l, _)| *l).collect();
    assert_eq!(rows_left_out(&checked.body), lines);
    assert!(
        checked.body.contains("9963 rows can be invited; nothing was sent."),
        "{}",
        checked.body
    );
    assert!(checked.body.contains("the same address as line 2"));
    assert!(checked.body.contains("already has an account on this portal"));
    h.worker.drain().await.unwrap();
    assert!(h.messages().await.is_empty(), "a check sends nothing");

    let sent = post("send").await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    assert!(
        sent.body.contains("9963 invitees are queued, in 100 invitations."),
        "{}",
        sent.body
    );
    assert_eq!(rows_left_out(&sent.body).len(), 37);
    assert!(sent.body.contains("Left out: 37 rows."), "{}", sent.body);
    let again = post("send").await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert!(
        again
            .body
            .contains("already sent with this form; nothing was sent again")
    );

    let progress_link = sent
        .body
        .split("href=\"/invitations/bulk/progress?")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    let progress = h.get(&format!("/invitations/bulk/progress?{progress_link}")).await;
    assert_eq!(progress.status, StatusCode::OK);
    assert!(
        progress.body.contains("9963 invitees in 100 invitations."),
        "{}",
        progress.body
    );
    assert!(
        progress.body.contains("http-equiv=\"refresh\""),
        "refreshes while messages wait"
    );
    // Someone else following the same key sees nothing of it.
    h.forget_cookies();
    h.user("other@example.com", UserKind::Internal).await;
    h.sign_in("other@example.com", PASSWORD).await;
    let theirs = h.get(&format!("/invitations/bulk/progress?{progress_link}")).await;
    assert!(theirs.body.contains("No list was sent with this form."));
}

/// Mistakes on the page: no list, both a file and a pasted list, an unreadable list, a
/// forged form; each named on its field, nothing sent.
#[tokio::test]
async fn the_page_names_what_is_wrong_and_sends_nothing() {
    let h = Harness::embedded().await;
    prepared(&h).await;
    h.sign_in(LIST_SENDER, PASSWORD).await;
    let form = h.get("/invitations/bulk").await;
    let csrf = form.csrf();
    let base = [
        ("csrf_token", csrf.as_str()),
        ("subject", "Join us"),
        ("message", "Hello"),
        ("action", "send"),
    ];
    let none = h.post_multipart_as("/invitations/bulk", &base, "list", &[]).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("choose a file with the list, or paste it"));
    let mut both_fields = base.to_vec();
    both_fields.push(("list_text", "a@example.org"));
    let both = h
        .post_multipart_as(
            "/invitations/bulk",
            &both_fields,
            "list",
            &[("l.csv", b"b@example.org")],
        )
        .await;
    assert!(
        both.body.contains("choose a file or paste a list, not both"),
        "{}",
        both.body
    );
    let unreadable = h
        .post_multipart_as("/invitations/bulk", &base, "list", &[("l.json", b"[{\"mail\": 1}]")])
        .await;
    assert_eq!(unreadable.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unreadable.body.contains("the JSON list cannot be read"),
        "{}",
        unreadable.body
    );
    let mut pasted = base.to_vec();
    pasted.push(("list_text", "ann@example.org, Ann\nnot-an-address"));
    pasted[3] = ("action", "check");
    let checked = h.post_multipart_as("/invitations/bulk", &pasted, "list", &[]).await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert_eq!(rows_left_out(&checked.body), [2]);
    let mut forged = pasted.clone();
    forged[0] = ("csrf_token", "forged");
    let refused = h.post_multipart_as("/invitations/bulk", &forged, "list", &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    h.worker.drain().await.unwrap();
    assert!(h.messages().await.is_empty());
}

/// The API: a dry run with every problem and its line, then the real run, then a repeat.
async fn api_list(h: Harness) {
    let token = crate::api::token_for(&h, LIST_SENDER).await;
    prepared_for(&h, false).await;
    let (text, expected) = invitee_list(10_000, 37);
    let call = |body| crate::api::call(&h, "POST", "/api/v1/invitations/bulk", Some(&token), Some(body));
    let dry = call(json!({"csv": text, "dry_run": true, "idempotency_key": "list-7"})).await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.json);
    let found: Vec<(u64, String)> = dry.json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["line"].as_u64().unwrap(), p["code"].as_str().unwrap().to_owned()))
        .collect();
    let expected: Vec<(u64, String)> = expected.iter().map(|(l, c)| (*l as u64, (*c).to_owned())).collect();
    assert_eq!(found, expected);
    assert_eq!(
        (dry.json["valid"].clone(), dry.json["queued"].clone()),
        (json!(9963), json!(0))
    );
    let done = call(json!({"csv": text, "idempotency_key": "list-7"})).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.json);
    assert_eq!(done.json["queued"], json!(9963));
    assert_eq!(done.json["invitations"].as_array().unwrap().len(), 100);
    let again = call(json!({"csv": text, "idempotency_key": "list-7"})).await;
    assert_eq!(
        (again.json["queued"].clone(), again.json["replayed"].clone()),
        (json!(0), json!(true))
    );
    let rows = call(json!({"rows": [{"email": "zed@example.org", "name": "Zed"}, {"email": "zed@EXAMPLE.org"}]})).await;
    assert_eq!(rows.json["problems"][0]["line"], json!(2), "{}", rows.json);
    assert_eq!(rows.json["problems"][0]["reason"], json!("the same address as entry 1"));
    let neither = call(json!({"subject": "x"})).await;
    assert_eq!(neither.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(crate::api::code(&neither), "invalid_list");
    assert_eq!(h.worker.pending().await.unwrap(), 9964);
}

#[tokio::test]
async fn the_api_checks_and_sends_a_list_on_sqlite() {
    api_list(Harness::embedded().await).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL: cargo xtask test"]
async fn the_api_checks_and_sends_a_list_on_postgresql() {
    api_list(Harness::postgres().await).await;
}
