use std::collections::HashSet;

use poem::http::StatusCode;
use postern_domain::policy::InvitationSetting;
use postern_domain::user::UserKind;

use crate::harness::{Harness, PASSWORD, link_in};

const TO: &str = r#"a@example.com; "Doe, John" <jdoe@example.org>"#;

pub(crate) async fn send_form(h: &Harness, fields: &[(&str, &str)]) -> crate::harness::Page {
    let form = h.get("/invitations/new").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let csrf = form.csrf();
    let key = form.hidden("idempotency_key");
    let mut all: Vec<(&str, &str)> = vec![
        ("csrf_token", &csrf),
        ("idempotency_key", &key),
        ("subject", "You have been invited"),
        ("message", "Please create your account."),
        ("link_lifetime_days", "14"),
        ("notify_on_accept", "on"),
    ];
    for (k, v) in fields {
        all.retain(|(name, _)| name != k);
        all.push((k, v));
    }
    h.post("/invitations/new", &all).await
}

#[tokio::test]
async fn the_first_invitation_end_to_end() {
    for (name, h) in Harness::both().await {
        first_invitation(name, h).await;
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL: cargo xtask test"]
async fn the_first_invitation_on_postgresql() {
    first_invitation("postgresql", Harness::postgres().await).await;
}

#[tokio::test]
#[ignore = "needs maildev: cargo xtask test"]
async fn the_first_invitation_through_a_real_smtp_relay() {
    first_invitation("smtp", Harness::smtp(None).await).await;
}

async fn first_invitation(name: &str, h: Harness) {
    {
        h.user("staff@example.com", UserKind::Internal).await;
        h.allow_invitations().await;

        let before = h.get("/sign-in").await;
        let anonymous_session = h.cookie("__Host-postern_session");
        let signed_in = h
            .post(
                "/sign-in",
                &[
                    ("csrf_token", &before.csrf()),
                    ("email", "Staff@Example.com"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{name}: {}", signed_in.body);
        assert_eq!(signed_in.location.as_deref(), Some("/portal"));
        let session = h.cookie("__Host-postern_session").expect("a session cookie");
        assert_ne!(
            Some(session),
            anonymous_session,
            "{name}: the session id changes at sign-in"
        );
        let portal = h.get("/portal").await;
        assert!(portal.body.contains("Send Invites"), "{name}");

        let sent = send_form(
            &h,
            &[
                ("to", TO),
                ("cc", "Carol <c@example.net>"),
                ("bcc", "hidden@example.com"),
            ],
        )
        .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{name}: {}", sent.body);
        assert_eq!(h.worker.drain().await.unwrap().sent, 4, "{name}");

        // The relay may take a moment to show what it accepted.
        let mut messages = h.messages().await;
        for _ in 0..50 {
            if messages.len() >= 4 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            messages = h.messages().await;
        }
        let envelopes: HashSet<&str> = messages.iter().map(|(to, _)| to.as_str()).collect();
        assert_eq!(
            envelopes,
            HashSet::from([
                "a@example.com",
                "jdoe@example.org",
                "c@example.net",
                "hidden@example.com"
            ])
        );
        let links: HashSet<String> = messages.iter().map(|(_, eml)| link_in(eml)).collect();
        assert_eq!(links.len(), 4, "{name}: one personal link each");
        for (to, eml) in &messages {
            let parsed = mail_parser::MessageParser::default().parse(eml.as_bytes()).unwrap();
            let headers =
                String::from_utf8_lossy(&eml.as_bytes()[..parsed.root_part().offset_body as usize]).into_owned();
            assert!(
                !headers.contains("hidden@example.com"),
                "{name}: BCC leaked into the headers of the message to {to}"
            );
            assert!(parsed.body_html(0).is_some(), "{name}: an HTML part");
            assert_eq!(parsed.subject(), Some("You have been invited"));
        }

        let (_, eml) = messages.iter().find(|(to, _)| to == "jdoe@example.org").unwrap();
        let link = link_in(eml);
        let create = h.get(&link).await;
        assert_eq!(create.status, StatusCode::OK, "{name}: {}", create.body);
        assert!(
            create.body.contains(r#"value="jdoe@example.org" readonly"#),
            "{name}: username read-only"
        );
        assert!(
            create.body.contains(r#"value="Doe, John""#),
            "{name}: the name typed by the inviter is suggested"
        );
        assert_eq!(
            h.get(&link).await.status,
            StatusCode::OK,
            "{name}: opening the link does not consume it"
        );

        h.forget_cookies();
        let page = h.get(&link).await;
        let mismatch = h
            .post(
                &link,
                &[
                    ("csrf_token", &page.csrf()),
                    ("display_name", "John Doe"),
                    ("password", "a-long-enough-secret"),
                    ("password_confirmation", "something else"),
                ],
            )
            .await;
        assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(mismatch.body.contains("the two passwords differ"));
        assert!(mismatch.body.contains(r#"value="John Doe""#), "{name}: input kept");
        let created = h
            .post(
                &link,
                &[
                    ("csrf_token", &page.csrf()),
                    ("display_name", "John Doe"),
                    ("password", "a-long-enough-secret"),
                    ("password_confirmation", "a-long-enough-secret"),
                ],
            )
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{name}: {}", created.body);
        assert_eq!(created.location.as_deref(), Some("/dropoff"));
        let dropoff = h.get("/dropoff").await;
        assert!(dropoff.body.contains("Welcome, John Doe"), "{name}: {}", dropoff.body);

        let again = h.get(&link).await;
        assert_eq!(again.status, StatusCode::GONE);
        assert!(again.body.contains("already used"), "{name}");
        assert!(
            again.body.contains("mailto:staff@example.com"),
            "{name}: a way to ask the inviter"
        );

        // The inviter sees the statuses and is told of the acceptance.
        h.forget_cookies();
        h.sign_in("staff@example.com", PASSWORD).await;
        let list = h.get("/invitations").await;
        assert!(
            list.body.contains("status-accepted") && list.body.contains("status-sent"),
            "{name}: {}",
            list.body
        );
        h.worker.drain().await.unwrap();
        assert!(
            h.messages()
                .await
                .iter()
                .any(|(to, eml)| to == "staff@example.com" && eml.contains("accepted your invitation")),
            "{name}"
        );
        assert!(
            h.messages()
                .await
                .iter()
                .any(|(to, eml)| to == "jdoe@example.org" && eml.contains("Welcome to Postern")),
            "{name}"
        );
    }
}

#[tokio::test]
async fn bad_input_is_shown_next_to_the_field_and_sends_nothing() {
    for (name, h) in Harness::both().await {
        h.user("staff@example.com", UserKind::Internal).await;
        h.allow_invitations().await;
        h.sign_in("staff@example.com", PASSWORD).await;

        let spaced = send_form(&h, &[("to", "a@example.com b@example.com")]).await;
        assert_eq!(spaced.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(
            spaced.body.contains("entry 1 &#34;a@example.com b@example.com&#34;"),
            "{name}: {}",
            spaced.body
        );
        assert!(
            spaced.body.contains(">a@example.com b@example.com</textarea>"),
            "{name}: input kept"
        );

        let long = "s".repeat(257);
        let subject = send_form(&h, &[("to", "a@example.com"), ("subject", &long)]).await;
        assert_eq!(subject.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(subject.body.contains("the subject is 257 characters long"), "{name}");

        let injected = send_form(&h, &[("to", "a@example.com"), ("subject", "Hi\r\nBcc: x@evil.example")]).await;
        assert_eq!(
            injected.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: header injection refused"
        );

        let looser = send_form(&h, &[("to", "a@example.com"), ("link_lifetime_days", "365")]).await;
        assert_eq!(
            looser.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: the policy maximum is enforced by the server"
        );
        assert!(
            looser.body.contains("Link lifetime: must be between 1 and 30"),
            "{name}: {}",
            looser.body
        );

        let no_csrf = h
            .post(
                "/invitations/new",
                &[("to", "a@example.com"), ("subject", "s"), ("message", "m")],
            )
            .await;
        assert_eq!(no_csrf.status, StatusCode::FORBIDDEN, "{name}");

        assert_eq!(
            h.ports.outbox.pending_count().await.unwrap(),
            0,
            "{name}: nothing was queued"
        );
        assert_eq!(h.worker.drain().await.unwrap().sent, 0);
        assert!(h.messages().await.is_empty());
    }
}

#[tokio::test]
async fn a_double_submit_sends_once() {
    for (name, h) in Harness::both().await {
        h.user("staff@example.com", UserKind::Internal).await;
        h.allow_invitations().await;
        h.sign_in("staff@example.com", PASSWORD).await;
        let form = h.get("/invitations/new").await;
        // The browser may keep the form (Back shows it again with the same key), nothing else.
        assert_eq!(
            h.headers("/invitations/new").await["cache-control"],
            "private, no-cache",
            "{name}"
        );
        assert_eq!(h.headers("/invitations").await["cache-control"], "no-store", "{name}");
        let fields = [
            ("csrf_token", form.csrf()),
            ("idempotency_key", form.hidden("idempotency_key")),
            ("to", "a@example.com".to_owned()),
            ("subject", "Hello".to_owned()),
            ("message", "Join".to_owned()),
        ];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(h.post("/invitations/new", &fields).await.status, StatusCode::SEE_OTHER);
        assert!(h.get("/invitations").await.body.contains("on its way"), "{name}");
        // Back, then Send: the same form again.
        assert_eq!(h.post("/invitations/new", &fields).await.status, StatusCode::SEE_OTHER);
        let list = h.get("/invitations").await;
        assert!(list.body.contains("nothing was sent again"), "{name}: {}", list.body);
        assert_eq!(list.body.matches("<h2>Hello</h2>").count(), 1, "{name}: one invitation");
        assert_eq!(h.worker.drain().await.unwrap().sent, 1, "{name}");
    }
}

#[tokio::test]
async fn permission_hides_the_link_and_refuses_the_page() {
    for (name, h) in Harness::both().await {
        let user = h.user("staff@example.com", UserKind::Internal).await;
        h.sign_in("staff@example.com", PASSWORD).await;
        assert!(
            !h.get("/portal").await.body.contains("Send Invites"),
            "{name}: off by default"
        );
        assert_eq!(h.get("/invitations/new").await.status, StatusCode::FORBIDDEN);
        h.ports
            .users
            .set_invitation_setting(user.id, InvitationSetting::Allow)
            .await
            .unwrap();
        assert!(
            h.get("/portal").await.body.contains("Send Invites"),
            "{name}: allowed per user"
        );
        h.allow_invitations().await;
        h.ports
            .users
            .set_invitation_setting(user.id, InvitationSetting::Deny)
            .await
            .unwrap();
        assert!(
            !h.get("/portal").await.body.contains("Send Invites"),
            "{name}: denied per user beats global"
        );
        let page = h.get("/invitations/new").await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn sign_in_failures_do_not_say_which_part_was_wrong() {
    for (name, h) in Harness::both().await {
        h.user("staff@example.com", UserKind::Internal).await;
        h.user("admin@example.com", UserKind::Admin).await;
        let wrong = h.sign_in("staff@example.com", "not-the-password").await;
        let unknown = h.sign_in("nobody@example.com", PASSWORD).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            wrong.body.contains("invalid email address or password")
                && unknown.body.contains("invalid email address or password"),
            "{name}"
        );
        let admin = h.sign_in("admin@example.com", PASSWORD).await;
        assert_eq!(
            admin.status,
            StatusCode::FORBIDDEN,
            "{name}: admin credentials do not open the user portals"
        );
        assert_eq!(h.get("/portal").await.status, StatusCode::SEE_OTHER);
    }
}

/// Every answer carries the promised security headers: pages (found or not), the console,
/// the API (JSON and its document), health checks; the session cookie is `HttpOnly`, `Secure`
/// and `SameSite=Lax`. (Downloads are checked in `files`.)
#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let h = Harness::memory().await;
    let page = h.get("/activate/pstn_not-a-real-token").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("This link is not valid"));
    assert_eq!(h.get("/no/such/page").await.status, StatusCode::NOT_FOUND);
    for uri in [
        "/sign-in",
        "/admin/sign-in",
        "/activate/pstn_not-a-real-token",
        "/no/such/page",
        "/portal",
        "/api/v1/me",
        "/api/v1/activation/pstn_not-a-real-token",
        "/api/openapi.json",
        "/health",
        "/health/ready",
    ] {
        crate::harness::assert_secured(uri, &h.headers(uri).await);
    }
    // The shared static files may be cached, so they carry no one's cookie.
    for uri in ["/static/postern.css", "/static/postern.js", "/health"] {
        let headers = h.headers(uri).await;
        assert!(headers.get("set-cookie").is_none(), "{uri}: {headers:?}");
    }
    // The cookies of the sign-in form (CSRF) and of the session it opens.
    h.user("staff@example.com", UserKind::Internal).await;
    let set_cookies = |headers: &poem::http::HeaderMap| -> Vec<String> {
        headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    };
    let form = h.client.get("/sign-in").send().await.0;
    let mut cookies = set_cookies(form.headers());
    let sent: Vec<String> = cookies
        .iter()
        .map(|c| c.split(';').next().unwrap().to_owned())
        .collect();
    let page = crate::harness::Page {
        status: form.status(),
        location: None,
        body: form.into_body().into_string().await.unwrap(),
    };
    let signed_in = h
        .client
        .post("/sign-in")
        .header("Cookie", sent.join("; "))
        .form(&[
            ("csrf_token", page.csrf().as_str()),
            ("email", "staff@example.com"),
            ("password", crate::harness::PASSWORD),
        ])
        .send()
        .await
        .0;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let session = set_cookies(signed_in.headers());
    assert!(!session.is_empty(), "signing in sets the session cookie");
    cookies.extend(session);
    let names: Vec<&str> = cookies.iter().filter_map(|c| c.split('=').next()).collect();
    for name in ["__Host-postern_csrf", "__Host-postern_session"] {
        assert!(names.contains(&name), "{name} among {names:?}");
    }
    for cookie in cookies {
        for attribute in ["HttpOnly", "Secure"] {
            assert!(cookie.contains(attribute), "{attribute} in {cookie}");
        }
        // The `__Host-` prefix: browsers take it only with `Path=/` and no `Domain`.
        assert!(
            cookie.contains("Path=/") && !cookie.to_ascii_lowercase().contains("domain="),
            "host-only in {cookie}"
        );
        assert!(
            cookie.contains("SameSite=Lax") || cookie.contains("SameSite=Strict"),
            "SameSite in {cookie}"
        );
    }
    postern_testkit::reliability::record(
        "the security headers of every answer (docs/security.md)",
        "CSP default-src 'none' and frame-ancestors 'none', nosniff, X-Frame-Options DENY, no referrer, no-store; cookies HttpOnly, Secure, SameSite",
        "present on 10 routes (pages, console, API, health), the download page and downloads; CSRF and session cookies as promised",
        "in process",
    );
}

#[tokio::test]
#[ignore = "needs maildev: cargo xtask test"]
async fn nothing_is_lost_while_the_relay_is_down() {
    let target = std::env::var("XTASK_MAILDEV_SMTP")
        .expect("run through cargo xtask test")
        .parse()
        .unwrap();
    let gate = postern_testkit::FaultProxy::start(target, false).await;
    let h = Harness::smtp(Some(gate.addr())).await;
    let (expected, _) = h.queue_invitations("down", 20, 10).await;
    let report = h.worker.drain().await.unwrap();
    assert_eq!(
        (report.sent, report.bounced),
        (0, 0),
        "every message waits for the relay"
    );
    assert!(report.deferred >= 200, "each was tried: {report:?}");
    assert_eq!(h.ports.outbox.pending_count().await.unwrap(), 200);
    let list = h.get("/invitations").await;
    assert_eq!(list.status, StatusCode::SEE_OTHER, "signed out: redirected");

    gate.set_open(true);
    let mut sent = 0;
    for _ in 0..30 {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        sent += h.worker.drain().await.unwrap().sent;
        if sent >= 200 {
            break;
        }
    }
    assert_eq!(sent, 200);
    assert_eq!(
        h.ports.outbox.pending_count().await.unwrap(),
        0,
        "nothing is left behind"
    );
    let mut delivered = h.messages().await;
    for _ in 0..50 {
        if delivered.len() >= 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        delivered = h.messages().await;
    }
    let envelopes: Vec<String> = delivered.iter().map(|(to, _)| to.clone()).collect();
    let unique: HashSet<String> = envelopes.iter().cloned().collect();
    assert_eq!(envelopes.len(), 200, "none twice");
    assert_eq!(unique, expected, "all arrive");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: cargo xtask test"]
async fn two_instances_on_one_postgresql_send_every_message_exactly_once() {
    use std::sync::Arc;

    use postern_domain::usecases::{DeliverOutbox, DeliveryConfig, InvitationForm, InvitationRequest, SendInvitations};
    use postern_testkit::RecordingMailer;

    // Two harnesses on one database behave like two `postern serve` instances.
    let first = Harness::postgres().await;
    let url = first.database_url.clone().unwrap();
    let second_runtime = {
        let dir = tempfile::tempdir().unwrap();
        let mut config = postern::config::Config::default();
        config.server.data_dir = dir.path().join("var");
        config.database.url = serde_json::from_value(serde_json::json!(url)).unwrap();
        let rt = postern::open(config).await.unwrap();
        std::mem::forget(dir);
        rt
    };
    let sender = first.user("staff@example.com", UserKind::Internal).await;
    first.allow_invitations().await;
    let send = SendInvitations::new(&first.ports);
    let mut expected = HashSet::new();
    for batch in 0..10 {
        let to: Vec<String> = (0..100).map(|i| format!("twice-{batch}-{i}@example.org")).collect();
        expected.extend(to.iter().cloned());
        let to = to.join(", ");
        let form = InvitationForm {
            to: &to,
            subject: "Hello",
            message: "Join us",
            ..Default::default()
        };
        send.execute(&sender, InvitationRequest::parse(&form).unwrap())
            .await
            .unwrap();
    }
    let config = |from: &str| DeliveryConfig {
        base_url: "http://localhost:8080".into(),
        from_address: postern_domain::EmailAddress::parse(from).unwrap(),
        lease: time::Duration::minutes(5),
        batch: 50,
        retry_base: time::Duration::seconds(30),
        retry_max: time::Duration::hours(1),
        give_up_after: time::Duration::days(2),
        concurrency: 4,
        instance: from.to_owned(),
    };
    let (mail_a, mail_b) = (
        Arc::new(RecordingMailer::default()),
        Arc::new(RecordingMailer::default()),
    );
    let worker_a = DeliverOutbox::new(&first.ports, mail_a.clone(), config("a@example.com"));
    let worker_b = DeliverOutbox::new(&second_runtime.ports, mail_b.clone(), config("b@example.com"));
    let (ra, rb) = tokio::join!(worker_a.drain(), worker_b.drain());
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.sent + rb.sent, 1000, "{ra:?} {rb:?}");
    assert!(ra.sent > 0 && rb.sent > 0, "both instances took part: {ra:?} {rb:?}");
    let mut envelopes: Vec<String> = mail_a
        .sent()
        .iter()
        .chain(mail_b.sent().iter())
        .map(|m| m.envelope_to.normalized().to_owned())
        .collect();
    envelopes.sort();
    let unique: HashSet<String> = envelopes.iter().cloned().collect();
    assert_eq!(envelopes.len(), 1000, "no message sent twice");
    assert_eq!(unique, expected, "every message sent");
}

/// The sender's list says what a deferral or a refusal by the mail system means, in a few
/// words with the start of its answer, and never shows internal data (file names, paths).
#[tokio::test]
async fn the_list_says_what_the_mail_system_answered() {
    use postern_domain::usecases::{InvitationForm, InvitationRequest, SendInvitations};
    use postern_testkit::MailerMode;
    let h = Harness::memory().await;
    let sender = h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    let send = |to: &'static str| {
        let h = &h;
        let sender = sender.clone();
        async move {
            let form = InvitationForm {
                to,
                subject: "Hello",
                message: "Join us",
                ..Default::default()
            };
            SendInvitations::new(&h.ports)
                .execute(&sender, InvitationRequest::parse(&form).unwrap())
                .await
                .unwrap();
        }
    };
    h.mail_answers(MailerMode::Refuse);
    send("nobody@example.org").await;
    h.worker.drain().await.unwrap();
    h.mail_answers(MailerMode::Down);
    send("later@example.org").await;
    h.worker.run_once().await.unwrap();
    h.sign_in("staff@example.com", PASSWORD).await;
    let list = h.get("/invitations").await.body;
    assert!(
        list.contains("the mail server refused the message: 550 no such user"),
        "{list}"
    );
    assert!(
        list.contains("the mail server will be tried again: connection refused"),
        "{list}"
    );
    for internal in [".eml", "__", "written to"] {
        assert!(!list.contains(internal), "no internal data ({internal}) on the list");
    }
    // Send Files says a file is needed; Send Invites that files are optional.
    assert!(h.get("/send").await.body.contains("At least one file."));
    assert!(h.get("/invitations/new").await.body.contains("Optional."));
}
