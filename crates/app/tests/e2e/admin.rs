//! The administration console, as an administrator uses it.

use poem::http::StatusCode;
use postern_domain::user::UserKind;

use crate::harness::{Harness, PASSWORD, link_in};

pub(crate) async fn admin_sign_in(h: &Harness) {
    h.forget_cookies();
    let page = h.get("/admin/sign-in").await;
    let done = h
        .post(
            "/admin/sign-in",
            &[
                ("csrf_token", &page.csrf()),
                ("email", "admin@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.location.as_deref(), Some("/admin"), "{}", done.body);
}

/// The settings form with its current values, changed by `changes`.
pub(crate) async fn save_settings(h: &Harness, changes: &[(&str, Option<&str>)]) -> crate::harness::Page {
    let page = h.get("/admin/settings").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let mut fields: Vec<(String, String)> = vec![("csrf_token".into(), page.csrf())];
    for name in [
        "portal_name",
        "expire_inactive_after_days",
        "att_life_default",
        "att_life_min",
        "att_life_max",
        "att_dl_default",
        "att_dl_min",
        "att_dl_max",
        "max_recipients",
        "link_default",
        "link_min",
        "link_max",
        "password_min_length",
        "reminder_at_percent",
        "link_only_rule",
    ] {
        fields.push((name.into(), page.hidden_or_value(name)));
    }
    for name in ["allowed_domains", "denied_domains"] {
        fields.push((name.into(), String::new()));
    }
    fields.push(("new_user_setting".into(), "inherit".into()));
    for name in [
        "internal_users_may_invite",
        "link_offered",
        "link_locked",
        "notify_offered",
        "notify_default",
        "copy_offered",
        "copy_default",
        "notify_locked",
        "copy_locked",
        "dl_notify_offered",
        "dl_notify_default",
        "dl_notify_locked",
        "remind_offered",
        "remind_default",
        "remind_locked",
        "link_only_offered",
        "link_only_default",
        "link_only_locked",
        "att_life_offered",
        "att_life_locked",
        "att_dl_offered",
        "att_dl_locked",
        "approval_required",
        "password_upper",
        "password_lower",
        "password_digit",
        "password_symbol",
        "password_common",
    ] {
        if page
            .body
            .contains(&format!("name=\"{name}\" type=\"checkbox\" value=\"on\" checked"))
        {
            fields.push((name.into(), "on".into()));
        }
    }
    for (name, value) in changes {
        fields.retain(|(n, _)| n != name);
        if let Some(v) = value {
            fields.push(((*name).into(), (*v).into()));
        }
    }
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    h.post("/admin/settings", &borrowed).await
}

#[tokio::test]
async fn an_administrator_runs_the_portal() {
    for (name, h) in Harness::both().await {
        administration(name, h).await;
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL: cargo xtask test"]
async fn an_administrator_runs_the_portal_on_postgresql() {
    administration("postgresql", Harness::postgres().await).await;
}

async fn administration(name: &str, h: Harness) {
    {
        h.user("admin@example.com", UserKind::Admin).await;
        h.user("alice@example.com", UserKind::Internal).await;
        h.user("bob@example.com", UserKind::Internal).await;
        h.allow_invitations().await;

        // Admin pages need an admin session; a user session does not open them.
        // (The console's sign-in page is told where to come back to.)
        assert_eq!(
            h.get("/admin/settings").await.location.as_deref(),
            Some("/admin/sign-in?next=%2Fadmin%2Fsettings")
        );
        h.sign_in("alice@example.com", PASSWORD).await;
        assert_eq!(
            h.get("/admin").await.location.as_deref(),
            Some("/admin/sign-in?next=%2Fadmin"),
            "{name}"
        );
        h.forget_cookies();
        let refused = {
            let p = h.get("/admin/sign-in").await;
            h.post(
                "/admin/sign-in",
                &[
                    ("csrf_token", &p.csrf()),
                    ("email", "alice@example.com"),
                    ("password", PASSWORD),
                ],
            )
            .await
        };
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: a user is not an administrator"
        );

        // Invitations off globally, on for Alice only.
        admin_sign_in(&h).await;
        let saved = save_settings(&h, &[("internal_users_may_invite", None)]).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{name}: {}", saved.body);
        let users = h.get("/admin/users?q=alice").await;
        let marker = "action=\"/admin/users/";
        let at = users.body.find(marker).unwrap() + marker.len();
        let alice_id: String = users.body[at..].chars().take_while(|c| *c != '/').collect();
        let set = h
            .post(
                &format!("/admin/users/{alice_id}/invitations"),
                &[("csrf_token", &users.csrf()), ("setting", "allow")],
            )
            .await;
        assert_eq!(set.status, StatusCode::SEE_OTHER);
        h.forget_cookies();
        h.sign_in("alice@example.com", PASSWORD).await;
        assert!(
            h.get("/portal").await.body.contains("Send Invites"),
            "{name}: Alice may invite"
        );
        h.forget_cookies();
        h.sign_in("bob@example.com", PASSWORD).await;
        assert!(
            !h.get("/portal").await.body.contains("Send Invites"),
            "{name}: Bob may not"
        );
        assert_eq!(h.get("/invitations/new").await.status, StatusCode::FORBIDDEN);

        // Lock the link lifetime to 7 days.
        admin_sign_in(&h).await;
        let incoherent = save_settings(&h, &[("link_default", Some("99"))]).await;
        assert_eq!(incoherent.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(incoherent.body.contains("the default must lie between"), "{name}");
        let locked = save_settings(&h, &[("link_default", Some("7")), ("link_locked", Some("on"))]).await;
        assert_eq!(locked.status, StatusCode::SEE_OTHER, "{name}: {}", locked.body);
        // Edit the template; an unknown placeholder is refused and nothing is saved.
        let tpl = h.get("/admin/template").await;
        let bad = h
            .post(
                "/admin/template",
                &[
                    ("csrf_token", &tpl.csrf()),
                    ("source", "Hello from {{sender}}"),
                    ("action", "save"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains("unknown placeholder"), "{name}");
        // An unknown template is refused, never taken for the invitation's.
        for action in ["save", "preview"] {
            let unknown = h
                .post(
                    "/admin/template",
                    &[
                        ("csrf_token", &tpl.csrf()),
                        ("kind", "bogus"),
                        ("source", "Bogus {{inviter_name}}"),
                        ("action", action),
                    ],
                )
                .await;
            assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{name}: {action}");
        }
        let reset = h
            .post(
                "/admin/template/reset",
                &[("csrf_token", &tpl.csrf()), ("kind", "bogus")],
            )
            .await;
        assert_eq!(reset.status, StatusCode::NOT_FOUND, "{name}");
        assert_eq!(h.get("/admin/template?kind=bogus").await.status, StatusCode::NOT_FOUND);
        assert!(
            h.get("/admin/template")
                .await
                .body
                .contains("English: the built-in text."),
            "{name}: nothing saved"
        );
        let preview = h
            .post(
                "/admin/template",
                &[
                    ("csrf_token", &tpl.csrf()),
                    ("source", "{{inviter_name}} of ACME invites you."),
                    ("action", "preview"),
                ],
            )
            .await;
        assert!(
            preview.body.contains("Sam Staff of ACME invites you."),
            "{name}: preview with sample values"
        );
        let good = h
            .post(
                "/admin/template",
                &[
                    ("csrf_token", &tpl.csrf()),
                    ("source", "{{inviter_name}} of ACME invites you."),
                    ("action", "save"),
                ],
            )
            .await;
        assert_eq!(good.status, StatusCode::SEE_OTHER);
        // The subject proposed on the form and the welcome message are templates too.
        let long = format!("{} {{{{portal_name}}}}", "s".repeat(300));
        let subj = h
            .post(
                "/admin/template",
                &[
                    ("csrf_token", &tpl.csrf()),
                    ("kind", "subject"),
                    ("source", &long),
                    ("action", "save"),
                ],
            )
            .await;
        assert_eq!(subj.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(subj.body.contains("the subject would be invalid"), "{name}");
        let subj = h
            .post(
                "/admin/template",
                &[
                    ("csrf_token", &tpl.csrf()),
                    ("kind", "subject"),
                    ("source", "Files from {{inviter_name}}"),
                    ("action", "save"),
                ],
            )
            .await;
        assert_eq!(subj.status, StatusCode::SEE_OTHER, "{name}: {}", subj.body);
        let welcome = h
            .post(
                "/admin/template",
                &[
                    ("csrf_token", &tpl.csrf()),
                    ("kind", "welcome"),
                    ("source", "Welcome aboard, {{user_name}}!"),
                    ("action", "save"),
                ],
            )
            .await;
        assert_eq!(welcome.status, StatusCode::SEE_OTHER, "{name}");
        let wrong = h
            .post(
                "/admin/template",
                &[
                    ("csrf_token", &tpl.csrf()),
                    ("kind", "welcome"),
                    ("source", "{{expiry_date}}"),
                    ("action", "save"),
                ],
            )
            .await;
        assert_eq!(
            wrong.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: each template has its own placeholders"
        );
        // Approval on.
        assert_eq!(
            save_settings(&h, &[("approval_required", Some("on"))]).await.status,
            StatusCode::SEE_OTHER
        );

        // Alice: the form no longer offers a lifetime; a crafted 14 is refused; 7 is used.
        h.forget_cookies();
        h.sign_in("alice@example.com", PASSWORD).await;
        let form = h.get("/invitations/new").await;
        assert!(
            form.body.contains("value=\"Files from Sam Staff\""),
            "{name}: the subject template is proposed"
        );
        assert!(
            form.body.contains("readonly"),
            "{name}: the locked lifetime cannot be changed on the form"
        );
        let crafted = h
            .post(
                "/invitations/new",
                &[
                    ("csrf_token", &form.csrf()),
                    ("idempotency_key", &form.hidden("idempotency_key")),
                    ("to", "guest@example.org"),
                    ("subject", "Hi"),
                    ("message", "Join"),
                    ("link_lifetime_days", "14"),
                ],
            )
            .await;
        assert_eq!(
            crafted.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: the server enforces the lock"
        );
        let sent = h
            .post(
                "/invitations/new",
                &[
                    ("csrf_token", &form.csrf()),
                    ("idempotency_key", &form.hidden("idempotency_key")),
                    ("to", "guest@example.org"),
                    ("subject", "Hi"),
                    ("message", "Join"),
                ],
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{name}: {}", sent.body);
        h.worker.drain().await.unwrap();
        let messages = h.messages().await;
        let (_, eml) = messages.iter().find(|(to, _)| to == "guest@example.org").unwrap();
        let parsed = mail_parser::MessageParser::default().parse(eml.as_bytes()).unwrap();
        assert!(
            parsed.body_text(0).unwrap().contains("Sam Staff of ACME invites you."),
            "{name}: the edited template is used"
        );

        // The invitee's account waits; the admin approves it; then the invitee signs in.
        h.forget_cookies();
        let link = link_in(eml);
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
        assert!(created.body.contains("awaits approval"), "{name}: {}", created.body);
        let early = h.sign_in("guest@example.org", "a-long-enough-secret").await;
        assert!(early.body.contains("waiting for approval"), "{name}");
        h.worker.drain().await.unwrap();
        assert!(
            h.messages()
                .await
                .iter()
                .any(|(to, eml)| to == "admin@example.com" && eml.contains("waiting for approval")),
            "{name}: administrators are told of the waiting account"
        );
        admin_sign_in(&h).await;
        let users = h.get("/admin/users?q=guest").await;
        let marker = "action=\"/admin/users/";
        let at = users.body.find(marker).unwrap() + marker.len();
        let guest_id: String = users.body[at..].chars().take_while(|c| *c != '/').collect();
        let approved = h
            .post(
                &format!("/admin/users/{guest_id}/approve"),
                &[("csrf_token", &users.csrf())],
            )
            .await;
        assert_eq!(approved.status, StatusCode::SEE_OTHER);
        h.forget_cookies();
        let signed_in = h.sign_in("guest@example.org", "a-long-enough-secret").await;
        assert_eq!(signed_in.location.as_deref(), Some("/dropoff"), "{name}");
        h.worker.drain().await.unwrap();
        assert!(
            h.messages()
                .await
                .iter()
                .any(|(to, eml)| to == "guest@example.org" && eml.contains("Welcome aboard, Guest!")),
            "{name}: the welcome template is used"
        );

        // Every step is in the audit log, on the page and in the CSV.
        let events = h.ports.audit.recent(200).await.unwrap();
        for action in [
            "admin.signin.refused",
            "settings.changed",
            "user.invitation_setting",
            "template.changed",
            "user.approved",
            "invitation.sent",
            "account.created",
            "signin.failed",
            "signin.succeeded",
        ] {
            assert!(
                events.iter().any(|e| e.action == action),
                "{name}: {action} missing from the audit log"
            );
        }
        admin_sign_in(&h).await;
        let all = h.get("/admin/invitations?sender=alice&state=accepted").await;
        assert!(
            all.body.contains("From Sam Staff &#60;alice@example.com&#62;") && all.body.contains("guest@example.org"),
            "{name}: {}",
            all.body
        );
        assert!(
            !h.get("/admin/invitations?state=bounced")
                .await
                .body
                .contains("guest@example.org"),
            "{name}: state filter"
        );
        let everything = postern_domain::query::InvitationQuery::default();
        let now = h.ports.clock.now();
        let rid = h
            .ports
            .invitations
            .search_invitations(&everything, now, None, 10)
            .await
            .unwrap()
            .invitations[0]
            .recipients[0]
            .id;
        let refused = h
            .post(
                &format!("/admin/invitations/recipients/{rid}/revoke"),
                &[("csrf_token", &all.csrf())],
            )
            .await;
        assert_eq!(refused.location.as_deref(), Some("/admin/invitations"));
        assert!(
            h.get("/admin/invitations").await.body.contains("already accepted"),
            "{name}: an accepted invitation is not revoked"
        );
        let audit = h.get("/admin/audit?q=settings").await;
        assert!(audit.body.contains("delivery.link_lifetime_days.locked"), "{name}");
        let audit_page = h.get("/admin/audit?q=settings").await;
        assert!(
            audit_page.body.contains("/admin/audit?format=csv&#38;q=settings\""),
            "{name}: the export keeps the filter"
        );
        let csv = h.get("/admin/audit?format=csv").await;
        assert!(csv.body.starts_with("time,actor,action,subject,detail\r\n"), "{name}");
        assert!(csv.body.contains("\"user.approved\""));
    }
}

#[tokio::test]
async fn the_users_list_is_searchable_and_paginated() {
    let h = Harness::memory().await;
    h.user("admin@example.com", UserKind::Admin).await;
    for i in 0..60 {
        h.user(&format!("person{i:02}@example.org"), UserKind::External).await;
    }
    admin_sign_in(&h).await;
    let first = h.get("/admin/users").await;
    assert!(first.body.contains("Next page") && !first.body.contains("First page"));
    assert!(first.body.contains("admin@example.com"));
    assert!(!first.body.contains("person59@example.org"), "not on the first page");
    let marker = "href=\"/admin/users?";
    let at = first.body.find(marker).unwrap() + marker.len() - 1;
    let next: String = first.body[at..].split('"').next().unwrap().replace("&amp;", "&");
    let second = h.get(&format!("/admin/users{next}")).await;
    assert!(second.body.contains("person59@example.org") && second.body.contains("First page"));
    assert!(!second.body.contains("Next page"));
    // A search finds what is not on the first page of the whole list, with its filters.
    let found = h.get("/admin/users?q=PERSON59").await;
    assert!(found.body.contains("person59@example.org") && !found.body.contains("person58@example.org"));
    let none = h.get("/admin/users?q=person5&kind=internal").await;
    assert!(none.body.contains("No users match"), "{}", none.body);
    let pending = h.get("/admin/users?q=person&status=active").await;
    assert!(pending.body.contains("person00@example.org"));
}

#[tokio::test]
async fn an_administrator_sets_the_file_rules_and_sees_the_storage_used() {
    let h = Harness::memory().await;
    h.user("admin@example.com", UserKind::Admin).await;
    admin_sign_in(&h).await;
    let home = h.get("/admin").await;
    assert!(
        home.body.contains("0 files attached to messages, 0 bytes in total"),
        "{}",
        home.body
    );
    let saved = save_settings(
        &h,
        &[
            ("files_max_file_mib", Some("5")),
            ("files_max_total_mib", Some("10")),
            ("files_max_files", Some("4")),
            ("files_blocked_extensions", Some("exe .BAT, scr")),
            ("files_download_requires_account", Some("on")),
            ("files_dropoff_to_anyone", Some("on")),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let files = h.ports.settings.load_settings().await.unwrap().files.clone();
    assert_eq!((files.max_file_mib, files.max_total_mib, files.max_files), (5, 10, 4));
    assert_eq!(files.blocked_extensions, vec!["exe", "bat", "scr"]);
    assert!(files.download_requires_account);
    assert!(files.dropoff_to_anyone);
    // A total below the per-file limit is refused, naming the setting; nothing changes.
    let refused = save_settings(
        &h,
        &[("files_max_file_mib", Some("50")), ("files_max_total_mib", Some("10"))],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("at least the largest file"), "{}", refused.body);
    assert_eq!(h.ports.settings.load_settings().await.unwrap().files.max_file_mib, 5);
}

/// *All invitations* pages by recipient: a big invitation continues on the next page, following
/// the pages shows every recipient once, and a search finds a recipient far from the first page.
#[tokio::test]
async fn the_invitation_list_pages_by_recipient() {
    use postern_domain::usecases::{InvitationForm, InvitationRequest, SendInvitations};
    let h = Harness::memory().await;
    h.user("admin@example.com", UserKind::Admin).await;
    let sender = h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    let send = SendInvitations::new(&h.ports);
    let mut everyone = Vec::new();
    for (batch, size) in [30, 40, 30].into_iter().enumerate() {
        let mut to: Vec<String> = (0..size).map(|i| format!("b{batch}-guest{i:02}@example.org")).collect();
        if batch == 0 {
            to[7] = "needle@example.org".into();
        }
        everyone.extend(to.iter().cloned());
        let to = to.join(", ");
        let subject = format!("Batch {batch}");
        let form = InvitationForm {
            to: &to,
            subject: &subject,
            message: "Join us",
            ..Default::default()
        };
        send.execute(&sender, InvitationRequest::parse(&form).unwrap())
            .await
            .unwrap();
        h.clock.as_ref().unwrap().advance(time::Duration::minutes(1));
    }
    admin_sign_in(&h).await;
    let first = h.get("/admin/invitations").await;
    assert!(
        !first.body.contains("needle@example.org"),
        "the oldest invitation is not on the first page"
    );
    assert!(first.body.contains("Batch 2") && first.body.contains("Batch 1"));
    assert!(
        !first.body.contains("Batch 0"),
        "50 recipients: all of batch 2, 20 of batch 1"
    );
    let (mut seen, mut page, mut pages) = (Vec::new(), first, 0);
    loop {
        pages += 1;
        seen.extend(
            everyone
                .iter()
                .filter(|a| page.body.contains(&format!("{a}<")) || page.body.contains(&format!("&#60;{a}&#62;")))
                .cloned(),
        );
        let marker = "href=\"/admin/invitations?";
        let Some(at) = page.body.find(marker) else { break };
        let at = at + marker.len() - 1;
        let next: String = page.body[at..]
            .split('"')
            .next()
            .unwrap()
            .replace("&#38;", "&")
            .replace("&amp;", "&");
        page = h.get(&format!("/admin/invitations{next}")).await;
        assert!(pages < 5, "the pages end");
    }
    seen.sort();
    let mut expected = everyone.clone();
    expected.sort();
    assert_eq!(seen, expected, "every recipient once over {pages} pages");
    assert_eq!(pages, 2);
    let found = h.get("/admin/invitations?recipient=NEEDLE").await;
    assert!(found.body.contains("needle@example.org") && found.body.contains("Batch 0"));
    assert!(
        !found.body.contains("b0-guest00@example.org"),
        "only the matching recipient"
    );
}

/// A disabled account is told so, but only with the right password; a wrong one gets the
/// same answer as an unknown address.
#[tokio::test]
async fn a_disabled_account_is_told_why_only_with_its_password() {
    let h = Harness::memory().await;
    let user = h.user("gone@example.org", UserKind::External).await;
    h.ports
        .users
        .set_user_status(user.id, postern_domain::user::UserStatus::Disabled)
        .await
        .unwrap();
    let right = h.sign_in("gone@example.org", crate::harness::PASSWORD).await;
    assert!(right.body.contains("this account is disabled"), "{}", right.body);
    let wrong = h.sign_in("gone@example.org", "not-the-password-at-all").await;
    assert!(
        wrong.body.contains("invalid email address or password"),
        "{}",
        wrong.body
    );
    assert!(!wrong.body.contains("disabled"));
}

/// A form's address opened as a link, and the sign-out address, answer with pages.
#[tokio::test]
async fn form_addresses_opened_as_links_get_pages() {
    let h = Harness::memory().await;
    let page = h.get("/tokens/abc/revoke").await;
    assert_eq!(page.status, poem::http::StatusCode::METHOD_NOT_ALLOWED);
    assert!(page.body.contains("This address is for a form"), "{}", page.body);
    for address in ["/sign-out", "/admin/sign-out"] {
        let out = h.get(address).await;
        assert_eq!(out.status, poem::http::StatusCode::OK, "{address}");
        assert!(
            out.body.contains("Sign out of this browser?"),
            "{address}: {}",
            out.body
        );
        assert!(out.body.contains(&format!("action=\"{address}\"")), "{address}");
    }
}

/// Signing in returns to the page that was asked for, and only to a page of this portal.
#[tokio::test]
async fn signing_in_returns_to_the_page_asked_for() {
    let h = Harness::memory().await;
    h.user("staff@example.com", UserKind::Internal).await;
    let asked = h.get("/invitations?cursor=x").await;
    assert_eq!(
        asked.location.as_deref(),
        Some("/sign-in?next=%2Finvitations%3Fcursor%3Dx")
    );
    let page = h.get(asked.location.as_deref().unwrap()).await;
    assert!(
        page.body.contains("name=\"next\" value=\"/invitations?cursor=x\""),
        "{}",
        page.body
    );
    let signed_in = |next: &'static str| {
        let h = &h;
        async move {
            h.forget_cookies();
            let form = h.get("/sign-in").await;
            h.post(
                "/sign-in",
                &[
                    ("csrf_token", &form.csrf()),
                    ("email", "staff@example.com"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await
            .location
        }
    };
    assert_eq!(
        signed_in("/invitations?cursor=x").await.as_deref(),
        Some("/invitations?cursor=x")
    );
    for hostile in [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "/sign-out",
        "/../admin",
        "javascript:alert(1)",
    ] {
        assert_eq!(signed_in(hostile).await.as_deref(), Some("/portal"), "{hostile}");
    }
}

/// A filter value the console does not know is said so, not silently dropped; the lists speak
/// of kinds and statuses in words.
#[tokio::test]
async fn unknown_filters_are_named() {
    let h = Harness::memory().await;
    h.user("admin@example.com", UserKind::Admin).await;
    h.user("guest@example.org", UserKind::External).await;
    admin_sign_in(&h).await;
    let users = h.get("/admin/users?kind=bogus&status=active").await.body;
    assert!(users.contains("role=\"alert\">There is no kind “bogus”"), "{users}");
    assert!(users.contains("Drop-Off") && !users.contains(">external<"), "{users}");
    let list = h.get("/admin/invitations?state=nonsense").await.body;
    assert!(list.contains("There is no state"), "{list}");
    let broken = h.get("/admin/invitations?cursor=garbage").await.body;
    assert!(broken.contains("That page address is not valid"), "{broken}");
}

/// Every broken setting is reported at once, in words: a list of domains with something that
/// is not a domain, a file rule of 0, an extension with a space or a sign, an empty name.
#[tokio::test]
async fn every_broken_setting_is_reported_at_once() {
    let h = Harness::memory().await;
    h.user("admin@example.com", UserKind::Admin).await;
    admin_sign_in(&h).await;
    let before = h.ports.settings.load_settings().await.unwrap();
    let refused = save_settings(
        &h,
        &[
            ("portal_name", Some("")),
            ("allowed_domains", Some("good.org\nnot a domain")),
            ("files_max_file_mib", Some("5")),
            ("files_max_total_mib", Some("10")),
            ("files_max_files", Some("0")),
            ("files_blocked_extensions", Some("exe bad!ext")),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    for said in [
        "Portal name: 1 to 100 characters",
        "Only these recipient domains: not, a, domain: not a mail domain",
        "Most files per message: between 1 and 1000",
        "Refused file extensions: bad!ext: each entry is one extension",
    ] {
        assert!(refused.body.contains(said), "{said}: {}", refused.body);
    }
    assert_eq!(
        *h.ports.settings.load_settings().await.unwrap(),
        *before,
        "nothing was saved"
    );
}

/// A form with a mistake also says at once what sending would refuse besides: the sender's
/// own address and an option out of the administrator's bounds.
#[tokio::test]
async fn a_send_form_reports_everything_at_once() {
    let h = Harness::memory().await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    h.sign_in("staff@example.com", PASSWORD).await;
    let form = h.get("/invitations/new").await;
    let page = h
        .post_multipart(
            "/invitations/new",
            &[
                ("csrf_token", &form.csrf()),
                ("idempotency_key", &form.hidden("idempotency_key")),
                ("to", "x@@y, Staff@Example.com"),
                ("subject", ""),
                ("message", "Hello"),
                ("link_lifetime_days", "0"),
            ],
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    for said in [
        "x@@y",
        "Subject:",
        "is your own address",
        "Link lifetime: must be between",
    ] {
        assert!(page.body.contains(said), "{said}: {}", page.body);
    }
}

/// The console lists guests by sponsor with their last use, tells of guests without one, and
/// hands a guest to a new sponsor (an active staff member only).
#[tokio::test]
async fn guests_are_listed_by_sponsor_and_handed_over() {
    let h = Harness::memory().await;
    h.user("admin@example.com", UserKind::Admin).await;
    h.user("kim@example.com", UserKind::Internal).await;
    let guest = h.user("guest@example.org", UserKind::External).await;
    admin_sign_in(&h).await;
    let home = h.get("/admin").await;
    assert!(home.body.contains("1 Drop-Off account has no sponsor"), "{}", home.body);
    let orphans = h.get("/admin/users?sponsor=none").await;
    assert!(orphans.body.contains("guest@example.org") && orphans.body.contains("No sponsor"));
    assert!(!orphans.body.contains("kim@example.com</td>"), "staff are not guests");
    assert!(orphans.body.contains("never signed in"));
    let refused = h
        .post(
            &format!("/admin/users/{}/sponsor", guest.id),
            &[
                ("csrf_token", &orphans.csrf()),
                ("sponsor", "guest@example.org"),
                ("back", "/admin/users?sponsor=none"),
            ],
        )
        .await;
    assert_eq!(refused.location.as_deref(), Some("/admin/users?sponsor=none"));
    assert!(
        h.get("/admin/users")
            .await
            .body
            .contains("the sponsor must be an active staff member")
    );
    h.post(
        &format!("/admin/users/{}/sponsor", guest.id),
        &[("csrf_token", &orphans.csrf()), ("sponsor", "kim@example.com")],
    )
    .await;
    let of_kim = h.get("/admin/users?sponsor=kim%40example.com").await;
    assert!(of_kim.body.contains("The sponsor was saved"), "{}", of_kim.body);
    assert!(of_kim.body.contains("guest@example.org"), "{}", of_kim.body);
    assert!(
        of_kim.body.contains("Sponsor: Sam Staff &#60;kim@example.com&#62;"),
        "{}",
        of_kim.body
    );
    assert!(!h.get("/admin").await.body.contains("no sponsor"));
    let unknown = h.get("/admin/users?sponsor=nobody%40example.com").await;
    assert!(unknown.body.contains("Nobody has the address"), "{}", unknown.body);
}
