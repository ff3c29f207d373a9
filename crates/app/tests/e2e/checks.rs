//! The JSON API refuses the shared table of invitation checks
//! (`crates/domain/tests/data/invitation-checks.json`) exactly as the domain's example tool
//! `recipient_check` does: the same codes, fields, entries and positions, in the same order.

use poem::http::StatusCode;
use serde_json::{Value, json};

use crate::api::{call, token_for};
use crate::harness::Harness;

const CASES: &str = include_str!("../../../domain/tests/data/invitation-checks.json");
const UNREADABLE: &str = include_str!("../../../domain/tests/data/invitation-unreadable.json");

/// `patch` laid over `base`, object by object.
fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                merge(b.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (b, p) => *b = p.clone(),
    }
}

fn shape(d: &Value) -> Value {
    json!({"code": d["code"], "field": d["field"], "entry": d["entry"], "position": d["position"]})
}

#[tokio::test]
async fn the_api_refuses_each_shared_case_as_the_tool_does() {
    let h = Harness::memory().await;
    let token = token_for(&h, "staff@example.com").await;
    h.allow_invitations().await;
    let base = serde_json::to_value(h.ports.settings.load_settings().await.unwrap()).unwrap();
    let cases: Vec<Value> = serde_json::from_str(CASES).unwrap();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        // The API's sender is the token's owner; the tool's is named when a case needs one.
        assert!(
            case["sender"].is_null() || case["sender"] == "staff@example.com",
            "{name}: the API sends as staff@example.com"
        );
        let mut settings = base.clone();
        merge(&mut settings, &case["settings"]);
        h.ports
            .settings
            .save_settings(&serde_json::from_value(settings).unwrap())
            .await
            .unwrap();
        let before = call(&h, "GET", "/api/v1/invitations?limit=100", Some(&token), None).await;
        assert_eq!(before.status, StatusCode::OK, "{}", before.json);
        let sent = call(
            &h,
            "POST",
            "/api/v1/invitations",
            Some(&token),
            Some(case["request"].clone()),
        )
        .await;
        let expected = case["refused"].as_array().unwrap();
        if expected.is_empty() {
            assert_eq!(sent.status, StatusCode::CREATED, "{name}: {}", sent.json);
            continue;
        }
        assert_eq!(sent.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {}", sent.json);
        let error = &sent.json["error"];
        let got: Vec<Value> = error["details"].as_array().unwrap().iter().map(shape).collect();
        let want: Vec<Value> = expected.iter().map(shape).collect();
        assert_eq!(got, want, "{name}");
        assert_eq!(error["code"], expected[0]["code"], "{name}");
        assert_eq!(error["field"], expected[0]["field"], "{name}");
        let after = call(&h, "GET", "/api/v1/invitations?limit=100", Some(&token), None).await;
        assert_eq!(
            before.json["invitations"], after.json["invitations"],
            "{name}: nothing was sent"
        );
    }
}

/// What the example tool cannot read (exit 2), the API answers with 400, and sends nothing: a
/// text field that is a number or a boolean is not taken as its digits.
#[tokio::test]
async fn the_api_cannot_read_what_the_tool_cannot() {
    let h = Harness::memory().await;
    let token = token_for(&h, "staff@example.com").await;
    h.allow_invitations().await;
    let bodies: Vec<Value> = serde_json::from_str(UNREADABLE).unwrap();
    for body in bodies {
        let sent = call(&h, "POST", "/api/v1/invitations", Some(&token), Some(body.clone())).await;
        assert_eq!(sent.status, StatusCode::BAD_REQUEST, "{body}: {}", sent.json);
        assert_eq!(sent.json["error"]["code"], "bad_request", "{body}");
    }
    let listed = call(&h, "GET", "/api/v1/invitations", Some(&token), None).await;
    assert_eq!(listed.json["invitations"], json!([]), "nothing was sent");
    // The other text fields of the API: a list's and an activation's.
    for body in [
        json!({"rows": [{"email": 5}]}),
        json!({"rows": [{"email": "a@example.org", "name": 5}]}),
        json!({"csv": 5}),
        json!({"rows": [{"email": "a@example.org"}], "subject": false}),
    ] {
        let sent = call(&h, "POST", "/api/v1/invitations/bulk", Some(&token), Some(body.clone())).await;
        assert_eq!(sent.status, StatusCode::BAD_REQUEST, "{body}: {}", sent.json);
    }
}

/// The form names a refused address where the sender typed it: a denied domain in CC and the
/// sender's own address in BCC show under CC and BCC, not under To.
#[tokio::test]
async fn the_form_names_a_refused_address_in_its_own_list() {
    let h = Harness::memory().await;
    h.user("staff@example.com", postern_domain::user::UserKind::Internal)
        .await;
    h.allow_invitations().await;
    let mut settings = std::sync::Arc::unwrap_or_clone(h.ports.settings.load_settings().await.unwrap());
    settings.recipients.denied_domains = vec!["example.net".into()];
    h.ports.settings.save_settings(&settings).await.unwrap();
    h.sign_in("staff@example.com", crate::harness::PASSWORD).await;
    let page = crate::scenarios::send_form(
        &h,
        &[
            ("to", "ann@example.org"),
            ("cc", "eve@example.net"),
            ("bcc", "Staff@example.com"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.body);
    let under = |field: &str| {
        let start = page
            .body
            .find(&format!("<div id=\"{field}-error\">"))
            .unwrap_or_else(|| panic!("no {field} error in {}", page.body));
        page.body[start..].split("</div>").next().unwrap_or_default().to_owned()
    };
    assert!(under("cc").contains("eve@example.net"), "{}", under("cc"));
    assert!(under("bcc").contains("Staff@example.com"), "{}", under("bcc"));
    assert!(
        !page.body.contains("<div id=\"to-error\">"),
        "nothing under To: {}",
        page.body
    );
}
