//! The JSON API, in process, on the in-memory adapters and on the embedded default.

use poem::http::StatusCode;
use postern_domain::token::TokenScope;
use postern_domain::usecases::ApiTokens;
use postern_domain::user::UserKind;
use serde_json::{Value, json};

use crate::harness::{Harness, link_in};

pub(crate) struct Call {
    pub(crate) status: StatusCode,
    pub(crate) json: Value,
    pub(crate) retry_after: Option<String>,
}

pub(crate) async fn call(h: &Harness, method: &str, uri: &str, token: Option<&str>, body: Option<Value>) -> Call {
    let method = method.parse().unwrap();
    let mut req = h.client.request(method, uri.to_owned());
    if let Some(t) = token {
        req = req.header("Authorization", format!("Bearer {t}"));
    }
    if let Some(b) = body {
        req = req.content_type("application/json").body(b.to_string());
    }
    let resp = req.send().await.0;
    let status = resp.status();
    let retry_after = resp
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    let text = resp.into_body().into_string().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Call {
        status,
        json,
        retry_after,
    }
}

pub(crate) async fn token_for(h: &Harness, email: &str) -> String {
    let user = h.user(email, UserKind::Internal).await;
    ApiTokens::new(&h.ports)
        .create(&user, "tests", None, TokenScope::Send)
        .await
        .unwrap()
        .1
}

pub(crate) fn code(c: &Call) -> &str {
    c.json["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {:?} {}", c.status, c.json))
}

#[tokio::test]
async fn a_script_invites_lists_resends_revokes_and_someone_activates() {
    for (name, h) in Harness::both().await {
        let token = token_for(&h, "staff@example.com").await;
        h.allow_invitations().await;
        let me = call(&h, "GET", "/api/v1/me", Some(&token), None).await;
        assert_eq!(me.status, StatusCode::OK, "{name}: {}", me.json);
        assert_eq!(me.json["email"], "staff@example.com");
        assert_eq!(me.json["can_send_invitations"], true);
        assert_eq!(me.json["delivery_options"][0]["name"], "link_lifetime_days");
        assert_eq!(me.json["delivery_options"][0]["default_number"], 14);

        let sent = call(
            &h,
            "POST",
            "/api/v1/invitations",
            Some(&token),
            Some(json!({"to": "one@example.com; \"Doe, John\" <two@example.org>", "bcc": ["three@example.net"], "idempotency_key": "k1", "options": {"link_lifetime_days": 7}})),
        )
        .await;
        assert_eq!(sent.status, StatusCode::CREATED, "{name}: {}", sent.json);
        let id = sent.json["id"].as_str().unwrap().to_owned();
        let recipients = sent.json["recipients"].as_array().unwrap().clone();
        let roles: Vec<(&str, &str, &str)> = recipients
            .iter()
            .map(|r| {
                (
                    r["email"].as_str().unwrap(),
                    r["role"].as_str().unwrap(),
                    r["status"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            roles,
            vec![
                ("one@example.com", "to", "queued"),
                ("two@example.org", "to", "queued"),
                ("three@example.net", "bcc", "queued")
            ]
        );
        assert_eq!(
            sent.json["subject"], "You are invited to open a Drop-Off account on Postern",
            "default subject"
        );
        let again = call(
            &h,
            "POST",
            "/api/v1/invitations",
            Some(&token),
            Some(json!({"to": "one@example.com", "idempotency_key": "k1"})),
        )
        .await;
        assert_eq!(again.status, StatusCode::OK, "{name}: a replay");
        assert_eq!(again.json["id"], id.as_str());

        h.worker.drain().await.unwrap();
        let listed = call(&h, "GET", "/api/v1/invitations?status=sent", Some(&token), None).await;
        assert_eq!(listed.status, StatusCode::OK);
        assert_eq!(listed.json["invitations"].as_array().unwrap().len(), 1);
        let got = call(&h, "GET", &format!("/api/v1/invitations/{id}"), Some(&token), None).await;
        assert!(
            got.json["recipients"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["status"] == "sent" && r["expires_at"].is_string()),
            "{}",
            got.json
        );

        let r1 = recipients[0]["id"].as_str().unwrap();
        let r2 = recipients[1]["id"].as_str().unwrap();
        let resent = call(
            &h,
            "POST",
            &format!("/api/v1/invitations/{id}/recipients/{r1}/resend"),
            Some(&token),
            None,
        )
        .await;
        assert_eq!(
            (resent.status, resent.json["status"].as_str()),
            (StatusCode::OK, Some("queued")),
            "{}",
            resent.json
        );
        let revoked = call(
            &h,
            "POST",
            &format!("/api/v1/invitations/{id}/recipients/{r2}/revoke"),
            Some(&token),
            None,
        )
        .await;
        assert_eq!(revoked.json["status"], "revoked");
        h.worker.drain().await.unwrap();

        // The BCC recipient activates through the API.
        let messages = h.messages().await;
        let (_, eml) = messages.iter().find(|(to, _)| to == "three@example.net").unwrap();
        let link = link_in(eml);
        let token_text = link.trim_start_matches("/activate/");
        let view = call(&h, "GET", &format!("/api/v1/activation/{token_text}"), None, None).await;
        assert_eq!(view.status, StatusCode::OK, "{}", view.json);
        assert_eq!(view.json["email"], "three@example.net");
        assert_eq!(view.json["password_policy"]["min_length"], 12);
        let weak = call(
            &h,
            "POST",
            &format!("/api/v1/activation/{token_text}"),
            None,
            Some(json!({"display_name": "Three", "password": "short"})),
        )
        .await;
        assert_eq!(
            (weak.status, code(&weak)),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_password")
        );
        let made = call(
            &h,
            "POST",
            &format!("/api/v1/activation/{token_text}"),
            None,
            Some(json!({"display_name": "Three", "password": "a-long-enough-secret"})),
        )
        .await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
        assert_eq!(made.json["outcome"], "active");
        let used = call(&h, "GET", &format!("/api/v1/activation/{token_text}"), None, None).await;
        assert_eq!((used.status, code(&used)), (StatusCode::GONE, "token_used"));
        let bcc_id = recipients[2]["id"].as_str().unwrap();
        let accepted = call(
            &h,
            "POST",
            &format!("/api/v1/invitations/{id}/recipients/{bcc_id}/resend"),
            Some(&token),
            None,
        )
        .await;
        assert_eq!(
            (accepted.status, code(&accepted)),
            (StatusCode::CONFLICT, "already_accepted"),
            "{name}"
        );
        // The revoked recipient's link says so.
        let (_, eml2) = messages.iter().find(|(to, _)| to == "two@example.org").unwrap();
        let t2 = link_in(eml2).trim_start_matches("/activate/").to_owned();
        let gone = call(&h, "GET", &format!("/api/v1/activation/{t2}"), None, None).await;
        assert_eq!((gone.status, code(&gone)), (StatusCode::GONE, "token_revoked"));
    }
}

#[tokio::test]
async fn every_error_has_the_one_shape_and_changes_nothing() {
    let h = Harness::memory().await;
    let token = token_for(&h, "staff@example.com").await;
    let forbidden = call(
        &h,
        "POST",
        "/api/v1/invitations",
        Some(&token),
        Some(json!({"to": "a@example.com"})),
    )
    .await;
    assert_eq!(
        (forbidden.status, code(&forbidden)),
        (StatusCode::FORBIDDEN, "invitations_not_permitted")
    );
    h.allow_invitations().await;

    let bad = call(
        &h,
        "POST",
        "/api/v1/invitations",
        Some(&token),
        Some(json!({"to": "ok@example.com, a@example.com b@example.com; also|bad@example.com"})),
    )
    .await;
    assert_eq!(
        (bad.status, code(&bad)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_recipients")
    );
    assert_eq!(bad.json["error"]["field"], "to");
    let details = bad.json["error"]["details"].as_array().unwrap();
    assert_eq!(details.len(), 2);
    assert_eq!(details[0]["entry"], "a@example.com b@example.com");
    assert_eq!(details[0]["position"], 2);
    assert_eq!(details[1]["entry"], "also|bad@example.com");
    assert_eq!(details[1]["position"], 3);
    let listed = call(
        &h,
        "POST",
        "/api/v1/invitations",
        Some(&token),
        Some(json!({"to": ["ok@example.com", "not an address"]})),
    )
    .await;
    assert_eq!(listed.json["error"]["details"][0]["position"], 2, "{}", listed.json);

    let long = call(
        &h,
        "POST",
        "/api/v1/invitations",
        Some(&token),
        Some(json!({"to": "a@example.com", "subject": "s".repeat(257)})),
    )
    .await;
    assert_eq!(
        (long.status, code(&long)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_subject")
    );
    let option = call(
        &h,
        "POST",
        "/api/v1/invitations",
        Some(&token),
        Some(json!({"to": "a@example.com", "options": {"link_lifetime_days": 90}})),
    )
    .await;
    assert_eq!(
        (option.status, option.json["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("link_lifetime_days"))
    );

    for (auth, what) in [
        (None, "no token"),
        (Some("pstk_nonsense"), "unknown token"),
        (Some("not-even-a-token"), "malformed"),
    ] {
        let c = call(&h, "GET", "/api/v1/me", auth, None).await;
        assert_eq!(
            (c.status, code(&c)),
            (StatusCode::UNAUTHORIZED, "unauthorized"),
            "{what}"
        );
    }
    let cookie_only = h
        .client
        .get("/api/v1/me")
        .header("Cookie", "__Host-postern_session=anything")
        .send()
        .await;
    cookie_only.assert_status(StatusCode::UNAUTHORIZED);

    let malformed = h
        .client
        .post("/api/v1/invitations")
        .header("Authorization", format!("Bearer {token}"))
        .content_type("application/json")
        .body("{\"to\": ")
        .send()
        .await;
    let status = malformed.0.status();
    let text = malformed.0.into_body().into_string().await.unwrap();
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("\"code\":\"bad_request\""), "{text}");
    let wrong_type = h
        .client
        .post("/api/v1/invitations")
        .header("Authorization", format!("Bearer {token}"))
        .content_type("text/plain")
        .body("to=a@example.com")
        .send()
        .await;
    let status = wrong_type.0.status();
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(
        wrong_type
            .0
            .into_body()
            .into_string()
            .await
            .unwrap()
            .contains("\"error\"")
    );
    let huge = h
        .client
        .post("/api/v1/invitations")
        .header("Authorization", format!("Bearer {token}"))
        .content_type("application/json")
        .body(json!({"to": "a@example.com", "message": "x".repeat(400 * 1024)}).to_string())
        .send()
        .await;
    assert_eq!(huge.0.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let unknown = call(&h, "GET", "/api/v1/activation/pstn_unknown", None, None).await;
    assert_eq!(
        (unknown.status, code(&unknown)),
        (StatusCode::NOT_FOUND, "token_unknown")
    );
    let missing = call(
        &h,
        "GET",
        "/api/v1/invitations/00000000-0000-0000-0000-000000000000",
        Some(&token),
        None,
    )
    .await;
    assert_eq!((missing.status, code(&missing)), (StatusCode::NOT_FOUND, "not_found"));
    let cursor = call(&h, "GET", "/api/v1/invitations?cursor=garbage", Some(&token), None).await;
    assert_eq!(
        (cursor.status, code(&cursor)),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_cursor")
    );

    assert_eq!(
        h.ports.outbox.pending_count().await.unwrap(),
        0,
        "no error wrote anything"
    );
}

#[tokio::test]
async fn another_users_invitations_are_not_found() {
    let h = Harness::memory().await;
    h.allow_invitations().await;
    let a = token_for(&h, "a-staff@example.com").await;
    let b = token_for(&h, "b-staff@example.com").await;
    let sent = call(
        &h,
        "POST",
        "/api/v1/invitations",
        Some(&a),
        Some(json!({"to": "x@example.com"})),
    )
    .await;
    let id = sent.json["id"].as_str().unwrap();
    let rid = sent.json["recipients"][0]["id"].as_str().unwrap();
    assert_eq!(
        call(&h, "GET", &format!("/api/v1/invitations/{id}"), Some(&b), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let revoke = call(
        &h,
        "POST",
        &format!("/api/v1/invitations/{id}/recipients/{rid}/revoke"),
        Some(&b),
        None,
    )
    .await;
    assert_eq!(revoke.status, StatusCode::NOT_FOUND);
    assert!(
        call(&h, "GET", "/api/v1/invitations", Some(&b), None).await.json["invitations"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn activation_attempts_are_rate_limited() {
    let h = Harness::memory_with_limits(3).await;
    for _ in 0..3 {
        assert_eq!(
            call(&h, "GET", "/api/v1/activation/pstn_x", None, None).await.status,
            StatusCode::NOT_FOUND
        );
    }
    let limited = call(&h, "GET", "/api/v1/activation/pstn_x", None, None).await;
    assert_eq!(
        (limited.status, code(&limited)),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_requests")
    );
    assert_eq!(limited.retry_after.as_deref(), Some("60"));
}

#[tokio::test]
async fn the_openapi_document_lists_every_route_and_the_page_renders() {
    let h = Harness::memory().await;
    let spec = call(&h, "GET", "/api/openapi.json", None, None).await;
    assert_eq!(spec.status, StatusCode::OK);
    assert!(spec.json["openapi"].as_str().unwrap().starts_with("3."));
    let paths: Vec<&str> = spec.json["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for p in [
        "/v1/me",
        "/v1/invitations",
        "/v1/invitations/{id}",
        "/v1/invitations/{id}/recipients/{recipient_id}/resend",
        "/v1/invitations/{id}/recipients/{recipient_id}/revoke",
        "/v1/activation/{token}",
    ] {
        assert!(paths.contains(&p), "{p} missing from {paths:?}");
    }
    let docs = h.client.get("/api/docs").send().await;
    docs.assert_status_is_ok();
    let html = docs.0.into_body().into_string().await.unwrap();
    assert!(html.contains("swagger") || html.contains("Swagger"));
    for remote in ["src=\"http", "href=\"http", "url(http"] {
        assert!(
            !html.contains(remote),
            "the page loads nothing from elsewhere ({remote})"
        );
    }
}

/// The statuses the OpenAPI document lists for one operation.
fn documented(spec: &Value, path: &str, method: &str) -> Vec<u16> {
    let mut statuses: Vec<u16> = spec["paths"][path][method]["responses"]
        .as_object()
        .unwrap_or_else(|| panic!("{method} {path} is not in the document"))
        .keys()
        .map(|k| k.parse().unwrap())
        .collect();
    statuses.sort_unstable();
    statuses
}

/// Each operation lists the error responses it can give, and only those: every error provoked
/// here (through the real router, so also those poem gives before a handler runs) is one its
/// operation documents, and `/me` no longer claims a 409 or 410.
#[tokio::test]
async fn each_operation_documents_exactly_the_errors_it_gives() {
    let h = Harness::memory().await;
    let spec = call(&h, "GET", "/api/openapi.json", None, None).await.json;
    assert_eq!(documented(&spec, "/v1/me", "get"), [200, 401, 413, 500, 503]);
    assert_eq!(
        documented(&spec, "/v1/invitations", "post"),
        [200, 201, 400, 401, 403, 413, 415, 422, 429, 500, 503]
    );
    assert_eq!(
        documented(&spec, "/v1/invitations/{id}", "get"),
        [200, 401, 404, 413, 500, 503]
    );
    for (path, method) in [("/v1/invitations", "get"), ("/v1/activation/{token}", "get")] {
        let listed = documented(&spec, path, method);
        assert!(
            !listed.contains(&415),
            "no body to be of a wrong type: {method} {path}: {listed:?}"
        );
    }
    assert!(
        spec["components"]["schemas"]["ErrorBody"].is_object(),
        "errors share one schema"
    );

    let token = token_for(&h, "staff@example.com").await;
    h.allow_invitations().await;
    let reader = {
        let user = h.user("reader@example.com", UserKind::Internal).await;
        ApiTokens::new(&h.ports)
            .create(&user, "tests", None, TokenScope::Read)
            .await
            .unwrap()
            .1
    };
    let raw = |content_type: &'static str, body: String| {
        let token = token.clone();
        let h = &h;
        async move {
            h.client
                .post("/api/v1/invitations")
                .header("Authorization", format!("Bearer {token}"))
                .content_type(content_type)
                .body(body)
                .send()
                .await
                .0
                .status()
                .as_u16()
        }
    };
    let nobody = "00000000-0000-0000-0000-000000000000";
    let mut seen: Vec<(&str, &str, u16)> = vec![
        (
            "/v1/me",
            "get",
            call(&h, "GET", "/api/v1/me", None, None).await.status.as_u16(),
        ),
        (
            "/v1/me",
            "get",
            call(&h, "GET", "/api/v1/me", Some("pstk_forged"), None)
                .await
                .status
                .as_u16(),
        ),
        (
            "/v1/invitations",
            "post",
            raw("application/json", "{\"to\": ".into()).await,
        ),
        (
            "/v1/invitations",
            "post",
            raw("text/plain", "to=a@example.com".into()).await,
        ),
        (
            "/v1/invitations",
            "post",
            raw(
                "application/json",
                json!({"to": "a@example.com", "message": "x".repeat(300 * 1024)}).to_string(),
            )
            .await,
        ),
        (
            "/v1/invitations",
            "post",
            raw("application/json", json!({"to": "not an address"}).to_string()).await,
        ),
        (
            "/v1/invitations",
            "post",
            call(
                &h,
                "POST",
                "/api/v1/invitations",
                Some(&reader),
                Some(json!({"to": "a@example.com"})),
            )
            .await
            .status
            .as_u16(),
        ),
        (
            "/v1/invitations",
            "get",
            call(&h, "GET", "/api/v1/invitations?limit=0", Some(&token), None)
                .await
                .status
                .as_u16(),
        ),
        (
            "/v1/invitations",
            "get",
            call(&h, "GET", "/api/v1/invitations?status=lost", Some(&token), None)
                .await
                .status
                .as_u16(),
        ),
        (
            "/v1/invitations/{id}",
            "get",
            call(&h, "GET", &format!("/api/v1/invitations/{nobody}"), Some(&token), None)
                .await
                .status
                .as_u16(),
        ),
        (
            "/v1/invitations/{id}/recipients/{recipient_id}/revoke",
            "post",
            call(
                &h,
                "POST",
                &format!("/api/v1/invitations/{nobody}/recipients/{nobody}/revoke"),
                Some(&reader),
                None,
            )
            .await
            .status
            .as_u16(),
        ),
        (
            "/v1/invitations/{id}/recipients/{recipient_id}/resend",
            "post",
            call(
                &h,
                "POST",
                &format!("/api/v1/invitations/{nobody}/recipients/{nobody}/resend"),
                Some(&token),
                None,
            )
            .await
            .status
            .as_u16(),
        ),
        (
            "/v1/activation/{token}",
            "get",
            call(&h, "GET", "/api/v1/activation/pstn_unknown", None, None)
                .await
                .status
                .as_u16(),
        ),
        (
            "/v1/activation/{token}",
            "post",
            call(
                &h,
                "POST",
                "/api/v1/activation/pstn_unknown",
                None,
                Some(json!({"display_name": "X"})),
            )
            .await
            .status
            .as_u16(),
        ),
    ];
    let big_get = h
        .client
        .get("/api/v1/me")
        .header("Authorization", format!("Bearer {token}"))
        .content_type("application/json")
        .body("x".repeat(300 * 1024))
        .send()
        .await
        .0
        .status()
        .as_u16();
    assert_eq!(big_get, 413, "any operation refuses an oversized body");
    seen.push(("/v1/me", "get", big_get));
    // Every kind of refusal above was met at least once.
    let mut kinds: Vec<u16> = seen.iter().map(|s| s.2).collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(kinds, [400, 401, 403, 404, 413, 415, 422], "{seen:?}");
    seen.retain(|(path, method, status)| !documented(&spec, path, method).contains(status));
    assert!(seen.is_empty(), "undocumented responses: {seen:?}");
}

#[tokio::test]
async fn tokens_are_created_and_revoked_on_their_page() {
    for (name, h) in Harness::both().await {
        h.user("staff@example.com", UserKind::Internal).await;
        h.sign_in("staff@example.com", crate::harness::PASSWORD).await;
        let page = h.get("/tokens").await;
        assert_eq!(page.status, StatusCode::OK, "{name}");
        let empty = h.post("/tokens", &[("csrf_token", &page.csrf()), ("name", "  ")]).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        // Every problem of the form at once, and the form as typed.
        let bad = h
            .post(
                "/tokens",
                &[
                    ("csrf_token", &page.csrf()),
                    ("name", ""),
                    ("scope", "root"),
                    ("days", "9999"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        for field in ["name-error", "scope-error", "days-error"] {
            assert!(bad.body.contains(field), "{name}: {field} named");
        }
        assert!(bad.body.contains("between 1 and 365 days") || bad.body.contains("days-error"));
        let form = [
            ("csrf_token", page.csrf()),
            ("form_key", page.hidden("form_key")),
            ("name", "Outlook add-in".to_owned()),
            ("scope", "send".to_owned()),
            ("days", "30".to_owned()),
        ];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let created = h.post("/tokens", &form).await;
        assert_eq!(created.status, StatusCode::CREATED, "{name}");
        // A refresh posts the same form again: no second token, and no secret shown again.
        let again = h.post("/tokens", &form).await;
        assert_eq!(again.location.as_deref(), Some("/tokens"), "{name}");
        let after_refresh = h.get("/tokens").await;
        assert_eq!(
            after_refresh.body.matches(">Outlook add-in</td>").count(),
            1,
            "{name}: one token"
        );
        assert!(after_refresh.body.contains("already created its token"), "{name}");
        assert!(!after_refresh.body.contains("pstk_"), "{name}");
        let start = created.body.find("pstk_").expect("the token is shown once");
        let token: String = created.body[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        assert_eq!(
            call(&h, "GET", "/api/v1/me", Some(&token), None).await.status,
            StatusCode::OK
        );
        let list = h.get("/tokens").await;
        assert!(!list.body.contains(&token), "{name}: never shown again");
        assert!(list.body.contains("Outlook add-in"));
        let marker = "action=\"/tokens/";
        let at = list.body.find(marker).unwrap() + marker.len();
        let id: String = list.body[at..].chars().take_while(|c| *c != '/').collect();
        let revoked = h
            .post(&format!("/tokens/{id}/revoke"), &[("csrf_token", &list.csrf())])
            .await;
        assert_eq!(revoked.status, StatusCode::SEE_OTHER);
        assert_eq!(
            call(&h, "GET", "/api/v1/me", Some(&token), None).await.status,
            StatusCode::UNAUTHORIZED,
            "{name}"
        );
    }
}

/// A read-only token reads and is refused every action with `insufficient_scope`; a token past
/// its expiry is refused with `token_expired`; the owner's page shows both.
#[tokio::test]
async fn tokens_end_and_do_only_what_they_were_made_for() {
    let h = Harness::memory().await;
    let user = h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    let tokens = ApiTokens::new(&h.ports);
    let (_, reader) = tokens.create(&user, "reader", Some(7), TokenScope::Read).await.unwrap();
    let (_, sender) = tokens
        .create(&user, "sender", Some(30), TokenScope::Send)
        .await
        .unwrap();
    let me = call(&h, "GET", "/api/v1/me", Some(&reader), None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json["token_scope"], "read");
    assert_eq!(me.json["can_send_invitations"], false, "not with this token");
    assert_eq!(
        call(&h, "GET", "/api/v1/invitations", Some(&reader), None).await.status,
        StatusCode::OK
    );
    let send = serde_json::json!({"to": "guest@example.org"});
    let refused = call(&h, "POST", "/api/v1/invitations", Some(&reader), Some(send.clone())).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(code(&refused), "insufficient_scope");
    assert_eq!(
        call(&h, "GET", "/api/v1/invitations", Some(&reader), None).await.json["invitations"],
        serde_json::json!([]),
        "nothing was sent"
    );
    let sent = call(&h, "POST", "/api/v1/invitations", Some(&sender), Some(send)).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.json);
    let id = sent.json["id"].as_str().unwrap().to_owned();
    let recipient = sent.json["recipients"][0]["id"].as_str().unwrap().to_owned();
    let revoke = format!("/api/v1/invitations/{id}/recipients/{recipient}/revoke");
    let refused = call(&h, "POST", &revoke, Some(&reader), None).await;
    assert_eq!(
        (refused.status, code(&refused)),
        (StatusCode::FORBIDDEN, "insufficient_scope")
    );
    // A week and a day later: the reader expired, the sender still works.
    h.clock.as_ref().unwrap().advance(time::Duration::days(8));
    let expired = call(&h, "GET", "/api/v1/me", Some(&reader), None).await;
    assert_eq!(
        (expired.status, code(&expired)),
        (StatusCode::UNAUTHORIZED, "token_expired")
    );
    assert_eq!(
        call(&h, "GET", "/api/v1/me", Some(&sender), None).await.status,
        StatusCode::OK
    );
    // No lifetime beyond the administrator's maximum, none of zero days.
    for days in [0, 366] {
        assert!(matches!(
            tokens.create(&user, "long", Some(days), TokenScope::Read).await,
            Err(postern_domain::usecases::CreateTokenError::InvalidLifetime(365))
        ));
    }
    h.sign_in("staff@example.com", crate::harness::PASSWORD).await;
    let page = h.get("/tokens").await;
    for shown in [
        ">reader</td><td data-label=\"May\">read</td>",
        ">sender</td><td data-label=\"May\">read and send</td>",
        ">expired</td>",
    ] {
        assert!(page.body.contains(shown), "{shown} in {}", page.body);
    }
}

/// The API names the addresses that have an account already and sends nothing, unless told
/// to invite them all the same; the caller's own address is never invited.
#[tokio::test]
async fn the_api_names_existing_account_holders() {
    let h = Harness::memory().await;
    let token = token_for(&h, "staff@example.com").await;
    h.allow_invitations().await;
    h.user("guest@example.org", UserKind::External).await;
    let body = |include: bool| {
        serde_json::json!({
            "to": "new@example.org; GUEST@example.org",
            "subject": "Hello",
            "message": "Join us",
            "include_existing_accounts": include,
        })
    };
    let refused = call(&h, "POST", "/api/v1/invitations", Some(&token), Some(body(false))).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.json);
    assert_eq!(code(&refused), "existing_accounts");
    assert_eq!(refused.json["error"]["details"][0]["entry"], "GUEST@example.org");
    let listed = call(&h, "GET", "/api/v1/invitations", Some(&token), None).await;
    assert_eq!(
        listed.json["invitations"].as_array().map(Vec::len),
        Some(0),
        "nothing was sent"
    );
    let sent = call(&h, "POST", "/api/v1/invitations", Some(&token), Some(body(true))).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.json);
    let own = serde_json::json!({"to": "Staff@Example.com", "include_existing_accounts": true});
    let own = call(&h, "POST", "/api/v1/invitations", Some(&token), Some(own)).await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", own.json);
    assert_eq!(code(&own), "invalid_recipients");
}
