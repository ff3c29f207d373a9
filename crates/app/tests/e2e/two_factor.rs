//! Two-factor sign-in through the pages: enrolment with the QR code and key, a wrong code, a
//! reused code, a recovery code, the code asked after the password in the portal and the
//! console, and the administrator's rules that make it required.

use poem::http::StatusCode;
use postern_domain::two_factor::{TotpSecret, step_at};
use postern_domain::user::UserKind;
use time::Duration;

use crate::admin::admin_sign_in;
use crate::harness::{Harness, PASSWORD, Page, link_in};

fn now(h: &Harness) -> time::OffsetDateTime {
    use postern_domain::ports::Clock;
    h.clock.as_ref().expect("the memory harness's clock").now()
}

fn advance(h: &Harness, by: Duration) {
    h.clock.as_ref().expect("the memory harness's clock").advance(by);
}

/// The key shown on the enrolment page.
fn key_on(page: &Page) -> TotpSecret {
    let marker = "Key: <code class=\"token\">";
    let at = page.body.find(marker).expect("the key is shown") + marker.len();
    let key: String = page.body[at..].chars().take_while(|c| *c != '<').collect();
    TotpSecret::from_base32(&key).expect("a base32 key")
}

fn code_now(h: &Harness, secret: &TotpSecret) -> String {
    secret.code_at(step_at(now(h)))
}

/// Sets up two-factor sign-in on `base` (`/security` or `/admin/security`): returns the
/// secret and the recovery codes.
async fn enrol(h: &Harness, base: &str) -> (TotpSecret, Vec<String>) {
    let page = h.get(&format!("{base}/two-factor")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<svg"), "a QR code drawn by the portal");
    assert!(!page.body.contains("src=\"http"), "nothing from elsewhere");
    let secret = key_on(&page);
    let wrong = h
        .post(
            &format!("{base}/two-factor"),
            &[("csrf_token", &page.csrf()), ("code", "000000")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("that code is not right"), "{}", wrong.body);
    assert_eq!(
        key_on(&wrong).expose(),
        secret.expose(),
        "the same key until it is confirmed"
    );
    let done = h
        .post(
            &format!("{base}/two-factor"),
            &[("csrf_token", &page.csrf()), ("code", &code_now(h, &secret))],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let codes: Vec<String> = done
        .body
        .split("<li><code>")
        .skip(1)
        .map(|c| c.split('<').next().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10, "ten recovery codes, shown once");
    assert!(!h.get(&format!("{base}/two-factor")).await.body.contains(&codes[0]));
    (secret, codes)
}

async fn password_step(h: &Harness, email: &str) -> Page {
    h.forget_cookies();
    let page = h.sign_in(email, PASSWORD).await;
    assert_eq!(page.location.as_deref(), Some("/sign-in/code"), "{}", page.body);
    page
}

async fn code_step(h: &Harness, code: &str) -> Page {
    let form = h.get("/sign-in/code").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    h.post("/sign-in/code", &[("csrf_token", &form.csrf()), ("code", code)])
        .await
}

#[tokio::test]
async fn staff_enrol_then_sign_in_with_a_code_once_or_a_recovery_code() {
    let h = Harness::memory().await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.sign_in("staff@example.com", PASSWORD).await;
    assert!(h.get("/security").await.body.contains("Set up two-factor sign-in"));
    let (secret, codes) = enrol(&h, "/security").await;
    assert!(h.get("/security").await.body.contains("10 recovery codes left"));

    // The password alone opens nothing now.
    password_step(&h, "staff@example.com").await;
    let portal = h.get("/portal").await;
    assert_eq!(
        portal.status,
        StatusCode::SEE_OTHER,
        "not signed in between the two steps"
    );
    let wrong = code_step(&h, "123456").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("that code is not right"));
    // The enrolment's code was of this step: it is not accepted again.
    let reused = code_step(&h, &code_now(&h, &secret)).await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reused.body.contains("used already"), "{}", reused.body);
    advance(&h, Duration::seconds(30));
    let code = code_now(&h, &secret);
    let ok = code_step(&h, &code).await;
    assert_eq!(ok.location.as_deref(), Some("/portal"), "{}", ok.body);
    assert_eq!(h.get("/portal").await.status, StatusCode::OK);
    // The same code in another browser within its 30 seconds: refused.
    password_step(&h, "staff@example.com").await;
    let again = code_step(&h, &code).await;
    assert!(again.body.contains("used already"));

    // A recovery code works once, in any case and spacing.
    let typed = codes[3].to_lowercase().replace('-', " ");
    let recovered = code_step(&h, &typed).await;
    assert_eq!(recovered.location.as_deref(), Some("/portal"), "{}", recovered.body);
    assert!(h.get("/portal").await.body.contains("9 left"));
    password_step(&h, "staff@example.com").await;
    assert_eq!(code_step(&h, &codes[3]).await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The code must follow the password within five minutes.
    password_step(&h, "staff@example.com").await;
    advance(&h, Duration::minutes(6));
    let late = h.get("/sign-in/code").await;
    assert_eq!(late.location.as_deref(), Some("/sign-in"));

    // Turning it off takes a code; then the password alone works again.
    password_step(&h, "staff@example.com").await;
    advance(&h, Duration::seconds(30));
    code_step(&h, &code_now(&h, &secret)).await;
    let page = h.get("/security/two-factor").await;
    advance(&h, Duration::seconds(30));
    let off = h
        .post(
            "/security/two-factor/off",
            &[("csrf_token", &page.csrf()), ("code", &code_now(&h, &secret))],
        )
        .await;
    assert_eq!(off.location.as_deref(), Some("/security"), "{}", off.body);
    h.forget_cookies();
    assert_eq!(
        h.sign_in("staff@example.com", PASSWORD).await.location.as_deref(),
        Some("/portal")
    );
    let audit: Vec<String> = h
        .ports
        .audit
        .recent(100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {}", e.action, e.detail).trim().to_owned())
        .collect();
    for expected in [
        "two_factor.enrolled",
        "two_factor.recovery_code_used 9 left",
        "signin.failed second factor: wrong code",
        "signin.failed second factor: code used already",
        "two_factor.turned_off",
    ] {
        assert!(audit.iter().any(|a| a == expected), "{expected} in {audit:#?}");
    }
    for code in &codes {
        assert!(
            !audit.iter().any(|a| a.contains(code.as_str())),
            "no code in the audit log"
        );
    }
}

#[tokio::test]
async fn an_administrator_who_must_use_two_factors_reaches_the_console_only_with_it() {
    let h = Harness::memory().await;
    h.user("admin@example.com", UserKind::Admin).await;
    h.user("staff@example.com", UserKind::Internal).await;
    let mut settings = std::sync::Arc::unwrap_or_clone(h.ports.settings.load_settings().await.unwrap());
    settings.security.two_factor_admins = true;
    h.ports.settings.save_settings(&settings).await.unwrap();
    admin_sign_in(&h).await;
    for page in ["/admin", "/admin/settings", "/admin/users", "/admin/audit"] {
        let refused = h.get(page).await;
        assert_eq!(
            refused.location.as_deref(),
            Some("/admin/security/two-factor"),
            "{page} waits for enrolment"
        );
    }
    let (secret, _) = enrol(&h, "/admin/security").await;
    assert_eq!(h.get("/admin").await.status, StatusCode::OK);
    // The next sign-in asks the code.
    h.forget_cookies();
    let page = h.get("/admin/sign-in").await;
    let step = h
        .post(
            "/admin/sign-in",
            &[
                ("csrf_token", &page.csrf()),
                ("email", "admin@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(step.location.as_deref(), Some("/admin/sign-in/code"));
    assert_ne!(h.get("/admin").await.status, StatusCode::OK);
    // The portal's code page is not the console's.
    assert_eq!(h.get("/sign-in/code").await.location.as_deref(), Some("/sign-in"));
    advance(&h, Duration::seconds(30));
    let form = h.get("/admin/sign-in/code").await;
    let done = h
        .post(
            "/admin/sign-in/code",
            &[("csrf_token", &form.csrf()), ("code", &code_now(&h, &secret))],
        )
        .await;
    assert_eq!(done.location.as_deref(), Some("/admin"), "{}", done.body);
    assert_eq!(h.get("/admin").await.status, StatusCode::OK);
    // A required enrolment cannot be turned off.
    let tf = h.get("/admin/security/two-factor").await;
    assert!(!tf.body.contains("Turn off two-factor sign-in"));
    // The administrator resets a staff member's enrolment (a lost phone).
    h.switch_browser(Default::default());
    h.sign_in("staff@example.com", PASSWORD).await;
    enrol(&h, "/security").await;
    h.forget_cookies();
    admin_sign_in_with_code(&h, &secret).await;
    let staff = h
        .ports
        .users
        .find_user_by_email(&postern_domain::EmailAddress::parse("staff@example.com").unwrap())
        .await
        .unwrap()
        .unwrap();
    let confirm = h.get(&format!("/admin/users/{}/two-factor", staff.id)).await;
    assert!(confirm.body.contains("Reset two-factor sign-in of"), "{}", confirm.body);
    let reset = h
        .post(
            &format!("/admin/users/{}/two-factor", staff.id),
            &[("csrf_token", &confirm.csrf())],
        )
        .await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER);
    h.forget_cookies();
    assert_eq!(
        h.sign_in("staff@example.com", PASSWORD).await.location.as_deref(),
        Some("/portal"),
        "the password alone again"
    );
}

async fn admin_sign_in_with_code(h: &Harness, secret: &TotpSecret) {
    let page = h.get("/admin/sign-in").await;
    h.post(
        "/admin/sign-in",
        &[
            ("csrf_token", &page.csrf()),
            ("email", "admin@example.com"),
            ("password", PASSWORD),
        ],
    )
    .await;
    advance(h, Duration::seconds(30));
    let form = h.get("/admin/sign-in/code").await;
    let done = h
        .post(
            "/admin/sign-in/code",
            &[("csrf_token", &form.csrf()), ("code", &code_now(h, secret))],
        )
        .await;
    assert_eq!(done.location.as_deref(), Some("/admin"), "{}", done.body);
}

/// When Drop-Off accounts must use two factors, a new account sets it up right after
/// activation, before anything else opens.
#[tokio::test]
async fn a_new_dropoff_account_enrols_right_after_activation_when_required() {
    let h = Harness::memory().await;
    let mut settings = std::sync::Arc::unwrap_or_clone(h.ports.settings.load_settings().await.unwrap());
    settings.security.two_factor_external = postern_domain::policy::TwoFactorRule::Required;
    settings.invitations.internal_users_may_invite = true;
    h.ports.settings.save_settings(&settings).await.unwrap();
    h.user("staff@example.com", UserKind::Internal).await;
    h.sign_in("staff@example.com", PASSWORD).await;
    let sent = crate::scenarios::send_form(&h, &[("to", "guest@example.org")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    h.worker.run_once().await.unwrap();
    let messages = h.messages().await;
    let (_, eml) = messages.iter().find(|(to, _)| to == "guest@example.org").unwrap();
    let link = link_in(eml);
    h.forget_cookies();
    let page = h.get(&link).await;
    let created = h
        .post(
            &link,
            &[
                ("csrf_token", &page.csrf()),
                ("display_name", "Guest"),
                ("password", "a-long-enough-secret"),
                ("password_confirmation", "a-long-enough-secret"),
            ],
        )
        .await;
    assert_eq!(created.location.as_deref(), Some("/dropoff"), "{}", created.body);
    let dropoff = h.get("/dropoff").await;
    assert_eq!(dropoff.location.as_deref(), Some("/security/two-factor"));
    let tf = h.get("/security/two-factor").await;
    assert!(tf.body.contains("requires two-factor sign-in"), "{}", tf.body);
    enrol(&h, "/security").await;
    assert_eq!(h.get("/dropoff").await.status, StatusCode::OK);
}

/// Guessing codes on the Security page is slowed like guessing them at sign-in; guessing
/// passwords at the portal's sign-in never locks an administrator out of the console; tokens
/// are refused to administrators and to people who must first set up two-factor sign-in.
#[tokio::test]
async fn codes_are_limited_everywhere_and_the_console_cannot_be_locked_from_the_portal() {
    let h = Harness::memory().await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.user("admin@example.com", UserKind::Admin).await;
    h.sign_in("staff@example.com", PASSWORD).await;
    enrol(&h, "/security").await;
    let page = h.get("/security/two-factor").await;
    let mut answers = Vec::new();
    for _ in 0..7 {
        let r = h
            .post(
                "/security/two-factor/off",
                &[("csrf_token", &page.csrf()), ("code", "000000")],
            )
            .await;
        answers.push(r.status);
    }
    // Five wrong codes are free (the enrolment's wrong one counted as the first), then a wait.
    assert_eq!(&answers[..4], &[StatusCode::UNPROCESSABLE_ENTITY; 4], "{answers:?}");
    assert!(
        answers[4..].iter().all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{answers:?}"
    );

    // Wrong passwords for the administrator at the portal's sign-in page.
    h.forget_cookies();
    for _ in 0..10 {
        h.sign_in("admin@example.com", "wrong-password").await;
    }
    admin_sign_in(&h).await;

    // Tokens: never for administrators; refused while two-factor is required and not set up.
    let admin = h
        .ports
        .users
        .find_user_by_email(&postern_domain::EmailAddress::parse("admin@example.com").unwrap())
        .await
        .unwrap()
        .unwrap();
    let tokens = postern_domain::usecases::ApiTokens::new(&h.ports);
    assert!(matches!(
        tokens
            .create(&admin, "x", None, postern_domain::token::TokenScope::Read)
            .await,
        Err(postern_domain::usecases::CreateTokenError::Administrator)
    ));
    let guest = h.user("guest@example.org", UserKind::External).await;
    let (_, token) = tokens
        .create(&guest, "script", None, postern_domain::token::TokenScope::Read)
        .await
        .unwrap();
    assert_eq!(
        crate::api::call(&h, "GET", "/api/v1/me", Some(&token), None)
            .await
            .status,
        StatusCode::OK
    );
    let mut settings = std::sync::Arc::unwrap_or_clone(h.ports.settings.load_settings().await.unwrap());
    settings.security.two_factor_external = postern_domain::policy::TwoFactorRule::Required;
    h.ports.settings.save_settings(&settings).await.unwrap();
    assert_eq!(
        crate::api::call(&h, "GET", "/api/v1/me", Some(&token), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "not until two-factor sign-in is set up"
    );
}
