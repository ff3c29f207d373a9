//! Limits on what a request may make the server read or keep, and the security headers on
//! every kind of answer.

use poem::http::StatusCode;
use postern_domain::user::UserKind;

use crate::harness::{Harness, PASSWORD};

/// Signing out (portal and console) removes the `__Host-` session cookie with the attributes a
/// browser needs to accept the removal: `Secure` and `Path=/` (without them the dead cookie
/// stays, and one sent from `/admin/sign-out` would not reach the cookie at `/`).
#[tokio::test]
async fn signing_out_removes_the_session_cookie_where_it_was_set() {
    let h = Harness::memory().await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.user("admin@example.com", UserKind::Admin).await;
    for (who, out) in [("staff", "/sign-out"), ("admin", "/admin/sign-out")] {
        if who == "staff" {
            assert_eq!(
                h.sign_in("staff@example.com", PASSWORD).await.status,
                StatusCode::SEE_OTHER
            );
        } else {
            crate::admin::admin_sign_in(&h).await;
        }
        let token = h.get(out).await.csrf();
        let cookies = ["__Host-postern_session", "__Host-postern_csrf"]
            .map(|name| format!("{name}={}", h.cookie(name).expect(name)))
            .join("; ");
        let resp = h
            .client
            .post(out)
            .header("Cookie", cookies)
            .form(&[("csrf_token", token.as_str())])
            .send()
            .await
            .0;
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{who}");
        let removal = resp
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("__Host-postern_session="))
            .unwrap_or_else(|| panic!("{who}: the session cookie is removed"))
            .to_owned();
        for attribute in ["__Host-postern_session=;", "Max-Age=0", "Path=/", "Secure", "HttpOnly"] {
            assert!(removal.contains(attribute), "{who}: {attribute} in {removal}");
        }
        assert!(!removal.contains("Domain"), "{who}: {removal}");
        h.forget_cookies();
    }
}

/// The page after too many attempts says what applies to them: after sign-ins, how the wait
/// grows; after activation attempts, only to wait a minute.
#[tokio::test]
async fn the_too_many_page_speaks_of_the_attempts_it_refused() {
    let h = Harness::memory_with_limits(2).await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    assert_eq!(
        h.sign_in("staff@example.com", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let sent = crate::files::send_with_files(&h, "guest@example.org", &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    h.worker.drain().await.unwrap();
    let messages = h.messages().await;
    let (_, eml) = messages.iter().find(|(to, _)| to == "guest@example.org").unwrap();
    let link = crate::harness::link_in(eml);
    h.forget_cookies();
    let mut last = None;
    for _ in 0..3 {
        let page = h.get(&link).await;
        let tried = h
            .post(
                &link,
                &[
                    ("csrf_token", &page.csrf()),
                    ("display_name", "Guest"),
                    ("password", "short"),
                    ("password_confirmation", "short"),
                ],
            )
            .await;
        last = Some(tried);
    }
    let refused = last.unwrap();
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.body);
    assert!(refused.body.contains("Please wait a minute"), "{}", refused.body);
    assert!(!refused.body.contains("After many failed sign-ins"), "{}", refused.body);

    let mut last = None;
    for _ in 0..3 {
        last = Some(h.sign_in("staff@example.com", "a-wrong-password").await);
    }
    let refused = last.unwrap();
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.body);
    assert!(refused.body.contains("Please wait a minute"), "{}", refused.body);
    assert!(refused.body.contains("After many failed sign-ins"), "{}", refused.body);
}

/// A page form larger than its route allows is refused before it is read, announced or not,
/// and nothing is written.
#[tokio::test]
async fn an_oversized_form_is_refused_before_it_is_read() {
    let h = Harness::memory().await;
    let big = format!("email={}&password=x", "a".repeat(1024 * 1024));
    let page = h
        .post_raw(
            "/sign-in",
            "application/x-www-form-urlencoded",
            big.clone().into_bytes(),
        )
        .await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", page.body);
    // Without an announced length (chunked), it is cut off at the limit.
    let stream = futures::stream::iter(
        big.into_bytes()
            .chunks(8192)
            .map(|c| Ok::<_, std::io::Error>(bytes::Bytes::copy_from_slice(c)))
            .collect::<Vec<_>>(),
    );
    let resp = h
        .client
        .post("/sign-in")
        .content_type("application/x-www-form-urlencoded")
        .body(poem::Body::from_bytes_stream(stream))
        .send()
        .await
        .0;
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        h.ports.audit.recent(10).await.unwrap().is_empty(),
        "nothing was recorded"
    );
    // Uploads keep their own limits (the file policy's), not the form limit.
    h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    h.sign_in("staff@example.com", PASSWORD).await;
    let (csrf, key) = crate::files::form_fields(&h).await;
    let file = crate::files::data(200 * 1024, 3);
    let sent = h
        .post_multipart(
            "/invitations/new",
            &[
                ("csrf_token", &csrf),
                ("idempotency_key", &key),
                ("to", "guest@example.org"),
                ("subject", "Files"),
                ("message", "Here."),
            ],
            &[("big.bin", &file)],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
}

/// Whatever is typed as the sign-in name, the audit log keeps a bounded, printable trace.
#[tokio::test]
async fn a_huge_sign_in_name_leaves_a_small_audit_row() {
    let h = Harness::memory().await;
    let typed = format!("{}\u{7}\r\n@example.org", "x".repeat(60_000));
    let page = h.sign_in(&typed, "wrong").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.body);
    let events = h.ports.audit.recent(10).await.unwrap();
    let failed = events.iter().find(|e| e.action == "signin.failed").expect("audited");
    let size = failed.subject.len() + failed.detail.len() + failed.actor.as_deref().map_or(0, str::len);
    assert!(size <= 1024, "{size} bytes");
    assert!(!failed.subject.chars().any(char::is_control), "no control characters");
}

/// Pages, the JSON API and the interactive API page all carry the security headers, each with
/// a content security policy that fits it; HSTS when the portal is served over https.
#[tokio::test]
async fn every_kind_of_answer_carries_the_security_headers() {
    let h = Harness::memory().await;
    for (uri, csp_part) in [
        ("/sign-in", "form-action 'self'"),
        ("/api/v1/me", "default-src 'none'; frame-ancestors"),
        ("/api/openapi.json", "default-src 'none'; frame-ancestors"),
        ("/api/docs", "script-src 'self' 'unsafe-inline'"),
        ("/no-such-page", "form-action 'self'"),
    ] {
        let resp = h.client.get(uri).send().await.0;
        let headers = resp.headers();
        let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(header("x-content-type-options").as_deref(), Some("nosniff"), "{uri}");
        assert_eq!(header("x-frame-options").as_deref(), Some("DENY"), "{uri}");
        assert_eq!(header("referrer-policy").as_deref(), Some("no-referrer"), "{uri}");
        assert!(header("content-security-policy").unwrap().contains(csp_part), "{uri}");
        assert!(
            header("strict-transport-security").unwrap().starts_with("max-age="),
            "{uri}"
        );
    }
}

/// What the portal keeps on disk is its own user's only: the data folder, the database and
/// its journal, the attachment folders and files, the pickup folder and its messages.
#[tokio::test]
async fn the_data_on_disk_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mut config = postern::config::Config::default();
    config.server.data_dir = dir.path().join("var");
    let runtime = postern::open(config.clone()).await.unwrap();
    let store = runtime.ports.attachments.clone();
    let mut writer = store.create().await.unwrap();
    writer.write(b"private").await.unwrap();
    let blob = writer.finish().await.unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&config.server.data_dir), 0o700, "the data folder");
    for entry in std::fs::read_dir(&config.server.data_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with("postern.db") {
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
    }
    assert_eq!(mode(&config.pickup_dir()), 0o700, "the pickup folder");
    let mut found = None;
    let mut stack = vec![config.files_dir()];
    while let Some(d) = stack.pop() {
        assert_eq!(mode(&d), 0o700, "{}", d.display());
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().unwrap().to_string_lossy() == blob.key {
                found = Some(p);
            }
        }
    }
    assert_eq!(mode(&found.expect("the stored file")), 0o600);
}

/// One sign-in through the real server: the form from `client` (as the proxy reports it in
/// `X-Forwarded-For`), then its post; the status of the post.
async fn attempt(base: &str, client: &str, email: &str, password: &str) -> StatusCode {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = http
        .get(format!("{base}/sign-in"))
        .header("X-Forwarded-For", client)
        .send()
        .await
        .unwrap();
    let cookies: Vec<String> = form
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_owned))
        .collect();
    let body = form.text().await.unwrap();
    let marker = "name=\"csrf_token\" value=\"";
    let at = body.find(marker).expect("a CSRF token") + marker.len();
    let token: String = body[at..].chars().take_while(|c| *c != '"').collect();
    let done = http
        .post(format!("{base}/sign-in"))
        .header("X-Forwarded-For", client)
        .header("Cookie", cookies.join("; "))
        .form(&[("csrf_token", token.as_str()), ("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    StatusCode::from_u16(done.status().as_u16()).unwrap()
}

/// Behind a trusted proxy, each client has its own limit: fifty bad sign-ins from one address
/// leave a correct one from another working; guesses at one account from twenty addresses are
/// slowed after a few; and without the proxy trusted, a made-up `X-Forwarded-For` changes
/// nothing (everyone behind the peer's address shares its limit).
#[tokio::test]
async fn sign_in_limits_fit_a_proxy() {
    let portal = crate::browser::Portal::start_with(&[("POSTERN_SECURITY__TRUSTED_PROXIES", "[\"127.0.0.1/32\"]")]);
    portal.user("sam@example.com", "Sam Staff", "internal", PASSWORD);
    let base = portal.base.clone();
    let mut limited = 0;
    for i in 0..50 {
        if attempt(&base, "10.0.0.1", &format!("nobody{i}@example.org"), "wrong-password").await
            == StatusCode::TOO_MANY_REQUESTS
        {
            limited += 1;
        }
    }
    assert!(limited >= 40, "one address is limited ({limited} of 50 refused)");
    assert_eq!(
        attempt(&base, "10.0.0.2", "sam@example.com", PASSWORD).await,
        StatusCode::SEE_OTHER,
        "a correct sign-in from another address works"
    );
    let mut answers = Vec::new();
    for i in 0..20 {
        answers.push(attempt(&base, &format!("10.1.0.{i}"), "Sam@Example.com", "a-guess").await);
    }
    let tried = answers
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    assert!(
        tried <= 5,
        "guesses at one account are slowed whatever the address: {answers:?}"
    );
    assert!(
        answers[10..].iter().all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{answers:?}"
    );

    // Not trusted: the header is the client's own words.
    let open = crate::browser::Portal::start();
    let mut answers = Vec::new();
    for i in 0..12 {
        let forged = format!("192.0.2.{i}");
        answers.push(attempt(&open.base, &forged, &format!("nobody{i}@example.org"), "wrong-password").await);
    }
    assert_eq!(
        answers[11],
        StatusCode::TOO_MANY_REQUESTS,
        "a forged header buys nothing: {answers:?}"
    );
}

/// Guessing one directory account: attempts from twenty addresses are slowed as documented
/// (five a minute per account, then a growing wait), and an attempt turned away asks nothing of
/// the directory: no connection reaches the domain controller (each sign-in bind needs one).
#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn a_limited_guess_costs_the_directory_nothing() {
    let env = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name}: run through `cargo xtask test`"));
    let url = env("XTASK_LDAP_URL");
    let host = url.trim_start_matches("ldap://");
    let samba: std::net::SocketAddr = if host.contains(':') {
        host.to_owned()
    } else {
        format!("{host}:389")
    }
    .parse()
    .unwrap();
    let gate = postern_testkit::FaultProxy::start(samba, true).await;
    let (urls, bind_dn, password, base_dn, ca) = (
        format!("ldap://{}", gate.addr()),
        env("XTASK_LDAP_BIND_DN"),
        env("XTASK_LDAP_BIND_PASSWORD"),
        env("XTASK_LDAP_BASE_DN"),
        env("XTASK_CA_FILE"),
    );
    let portal = crate::browser::Portal::start_with(&[
        ("POSTERN_SECURITY__TRUSTED_PROXIES", "[\"127.0.0.1/32\"]"),
        ("POSTERN_DIRECTORY__URLS", urls.as_str()),
        ("POSTERN_DIRECTORY__BIND_DN", bind_dn.as_str()),
        ("POSTERN_DIRECTORY__BIND_PASSWORD", password.as_str()),
        ("POSTERN_DIRECTORY__BASE_DN", base_dn.as_str()),
        ("POSTERN_DIRECTORY__CA_FILE", ca.as_str()),
    ]);
    let mut answers = Vec::new();
    let mut connections = Vec::new();
    for i in 0..20 {
        // Every name form of the same person counts as one account.
        let login = if i % 2 == 0 { "CORP\\frank" } else { "frank" };
        answers.push(attempt(&portal.base, &format!("10.2.0.{i}"), login, "a-guess").await);
        connections.push(gate.connections());
    }
    let tried = answers
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    assert_eq!(tried, 5, "five guesses reach the directory, the rest wait: {answers:?}");
    for i in 1..20 {
        if answers[i] == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(
                connections[i],
                connections[i - 1],
                "attempt {i} was turned away and asked the directory nothing: {connections:?}"
            );
        } else {
            assert!(
                connections[i] > connections[i - 1],
                "a real attempt binds: {connections:?}"
            );
        }
    }
    // Frank himself, from his own address, waits too (that is the price of slowing guesses),
    // but his colleague does not.
    assert_eq!(
        attempt(&portal.base, "10.3.0.1", "CORP\\frank", "Frank-Passw0rd!").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        attempt(&portal.base, "10.3.0.2", "CORP\\alice", "Alice-Passw0rd!").await,
        StatusCode::SEE_OTHER
    );
}
