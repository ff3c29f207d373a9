//! Active Directory through the real pages: staff sign in with directory credentials, and
//! invitations to directory addresses become internal invitations activated by directory
//! sign-in. Runs against the Samba AD domain controller of `cargo xtask test`, whose fixture
//! people are listed in `xtask/src/samba.rs`.

use poem::http::StatusCode;
use postern_domain::EmailAddress;
use postern_domain::invitation::RecipientKind;
use postern_domain::user::{User, UserKind};

use crate::harness::{Harness, PASSWORD, link_in};
use crate::scenarios::send_form;

const ALICE: &str = "alice.archer@corp.example.test";
const ALICE_PW: &str = "Alice-Passw0rd!";
const BOB_PW: &str = "Bob-Passw0rd!";

async fn user(h: &Harness, email: &str) -> Option<User> {
    h.ports
        .users
        .find_user_by_email(&EmailAddress::parse(email).unwrap())
        .await
        .unwrap()
}

async fn audit_details(h: &Harness) -> Vec<String> {
    h.ports
        .audit
        .recent(100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {} {}", e.action, e.subject, e.detail))
        .collect()
}

#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn staff_sign_in_with_directory_credentials_and_get_an_internal_user() {
    let h = Harness::directory(None).await;
    assert!(user(&h, ALICE).await.is_none());
    let page = h.sign_in("CORP\\alice", ALICE_PW).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location.as_deref(), Some("/portal"));
    let alice = user(&h, ALICE).await.expect("created at the first sign-in");
    assert_eq!(alice.kind, UserKind::Internal);
    assert_eq!(alice.display_name.as_str(), "Alice Archer");
    assert!(alice.password_hash.is_none(), "no Postern password for directory users");
    assert!(alice.directory_may_invite, "member of the invitation group");
    let portal = h.get("/portal").await;
    assert!(portal.body.contains("Send Invites"), "the group grants invitations");

    // Other name forms reach the same user; no second record.
    for login in ["alice@corp.example.test", "Alice.Archer@Corp.Example.Test"] {
        h.forget_cookies();
        let again = h.sign_in(login, ALICE_PW).await;
        assert_eq!(again.status, StatusCode::SEE_OTHER, "{login}: {}", again.body);
    }
    let all = h.ports.users.list_users().await.unwrap();
    assert_eq!(all.iter().filter(|u| u.email.normalized() == ALICE).count(), 1);

    // Refusals all read the same; the audit log says why.
    for (login, password) in [
        ("CORP\\alice", "wrong-password"),
        ("CORP\\carol", "Carol-Passw0rd!"),
        ("dave.dunn@corp.example.test", "Dave-Passw0rd!"),
        ("CORP\\alice", ""),
        ("*)(sAMAccountName=*", ALICE_PW),
    ] {
        h.forget_cookies();
        let refused = h.sign_in(login, password).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{login}");
        assert!(
            refused.body.contains("invalid email address or password"),
            "{login}: {}",
            refused.body
        );
    }
    let audit = audit_details(&h).await.join("\n");
    for reason in [
        "directory: wrong password",
        "directory: account disabled",
        "directory: password must be changed",
        "empty password",
        "directory: no such account",
    ] {
        assert!(audit.contains(reason), "audit log lacks {reason:?}:\n{audit}");
    }
    assert!(!audit.contains(ALICE_PW), "no password in the audit log");

    // A directory account without mail cannot sign in, and says why.
    h.forget_cookies();
    let erin = h.sign_in("CORP\\erin", "Erin-Passw0rd!").await;
    assert_eq!(erin.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(erin.body.contains("has no email address"), "{}", erin.body);
    assert!(audit_details(&h).await.join("\n").contains("has no mail attribute"));
}

#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn a_local_account_with_the_same_address_takes_precedence() {
    let h = Harness::directory(None).await;
    h.user("bob.baker@corp.example.test", UserKind::Internal).await;
    let directory_password = h.sign_in("bob.baker@corp.example.test", BOB_PW).await;
    assert_eq!(directory_password.status, StatusCode::UNPROCESSABLE_ENTITY);
    h.forget_cookies();
    let local = h.sign_in("Bob.Baker@corp.example.test", PASSWORD).await;
    assert_eq!(local.status, StatusCode::SEE_OTHER, "{}", local.body);
}

#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn an_invitation_to_a_directory_address_is_activated_by_directory_sign_in() {
    let h = Harness::directory(None).await;
    assert_eq!(
        h.sign_in("alice@corp.example.test", ALICE_PW).await.status,
        StatusCode::SEE_OTHER
    );
    let sent = send_form(&h, &[("to", "BOB.BAKER@corp.example.test, outsider@example.org")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(h.worker.drain().await.unwrap().sent, 2);

    let alice = user(&h, ALICE).await.unwrap();
    let page = h.ports.invitations.list_by_sender(alice.id, None, 10).await.unwrap();
    let invitation = &page.invitations[0];
    let kind_of = |a: &str| {
        invitation
            .recipients
            .iter()
            .find(|r| r.address().normalized() == a)
            .map(|r| r.kind)
            .unwrap()
    };
    assert_eq!(kind_of("bob.baker@corp.example.test"), RecipientKind::Internal);
    assert_eq!(kind_of("outsider@example.org"), RecipientKind::External);

    let messages = h.messages().await;
    let link_for = |to: &str| link_in(&messages.iter().find(|(t, _)| t.eq_ignore_ascii_case(to)).unwrap().1);
    // Bob's email is the organisation's own: sign in with the organisation's credentials.
    let text_for = |to: &str| {
        let eml = &messages.iter().find(|(t, _)| t.eq_ignore_ascii_case(to)).unwrap().1;
        let parsed = mail_parser::MessageParser::default().parse(eml.as_bytes()).unwrap();
        parsed.body_text(0).unwrap().into_owned()
    };
    let bob_mail = text_for("bob.baker@corp.example.test");
    assert!(
        bob_mail.contains("usual organisation username and password"),
        "{bob_mail}"
    );
    assert!(
        !bob_mail.contains("Create your account") && !bob_mail.contains("Drop-Off"),
        "{bob_mail}"
    );
    assert!(text_for("outsider@example.org").contains("Create your account"));
    // The sender's list says who is internal.
    let list = h.get("/invitations").await;
    let bob_row = list
        .body
        .split("<tr")
        .find(|row| row.to_lowercase().contains("bob.baker@corp.example.test"))
        .unwrap_or_else(|| panic!("{}", list.body));
    assert!(bob_row.contains(">internal</span>"), "{bob_row}");
    let outsider_row = list
        .body
        .split("<tr")
        .find(|row| row.contains("outsider@example.org"))
        .unwrap();
    assert!(!outsider_row.contains(">internal</span>"));
    h.forget_cookies();

    // The outside person sets a password.
    let outsider = h.get(&link_for("outsider@example.org")).await;
    assert!(outsider.body.contains("name=\"display_name\""), "{}", outsider.body);

    // Bob signs in with his directory credentials instead.
    let link = link_for("bob.baker@corp.example.test");
    let form = h.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("name=\"login\""), "{}", form.body);
    assert!(
        !form.body.contains("name=\"display_name\""),
        "no Postern password for internal users"
    );
    let post = |login: &'static str, password: &'static str| {
        let (h, link, csrf) = (&h, link.clone(), form.csrf());
        async move {
            h.post(
                &link,
                &[("csrf_token", &csrf), ("login", login), ("password", password)],
            )
            .await
        }
    };
    let wrong = post("CORP\\bob", "wrong-password").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("invalid username or password"), "{}", wrong.body);
    let someone_else = post("CORP\\alice", ALICE_PW).await;
    assert_eq!(someone_else.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        someone_else.body.contains("different person than the one invited"),
        "{}",
        someone_else.body
    );
    assert!(
        user(&h, "bob.baker@corp.example.test").await.is_none(),
        "nothing written"
    );

    let done = post("CORP\\bob", BOB_PW).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location.as_deref(), Some("/portal"));
    let bob = user(&h, "bob.baker@corp.example.test").await.expect("internal account");
    assert_eq!(bob.kind, UserKind::Internal);
    assert_eq!(
        bob.email.as_str(),
        "Bob.Baker@corp.example.test",
        "the directory's mail"
    );
    assert!(bob.password_hash.is_none());
    assert!(!bob.directory_may_invite);
    let used = h.get(&link).await;
    assert_eq!(used.status, StatusCode::GONE, "the link works once");
    assert!(
        used.body.contains("organisation username and password"),
        "{}",
        used.body
    );
    assert!(!used.body.contains("email address and password"));
    // The inviter asked to be told.
    h.worker.drain().await.unwrap();
    assert!(h.messages().await.iter().any(|(to, _)| to.eq_ignore_ascii_case(ALICE)));
}

#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn unknown_and_disabled_addresses_in_the_own_domain_follow_the_policy() {
    let h = Harness::directory(None).await;
    assert_eq!(h.sign_in("CORP\\alice", ALICE_PW).await.status, StatusCode::SEE_OTHER);
    let mut settings = std::sync::Arc::unwrap_or_clone(h.ports.settings.load_settings().await.unwrap());
    settings.recipients.own_domains = vec!["corp.example.test".into()];
    h.ports.settings.save_settings(&settings).await.unwrap();

    let refused = send_form(
        &h,
        &[(
            "to",
            "nobody@corp.example.test; carol.clerk@corp.example.test; friend@example.org",
        )],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("nobody@corp.example.test: the organisation"));
    assert!(refused.body.contains("does not know this address"));
    assert!(refused.body.contains("carol.clerk@corp.example.test: this person"));
    let alice = user(&h, ALICE).await.unwrap();
    assert!(
        h.ports
            .invitations
            .list_by_sender(alice.id, None, 10)
            .await
            .unwrap()
            .invitations
            .is_empty(),
        "nothing written"
    );

    settings.recipients.allow_unknown_own_addresses = true;
    h.ports.settings.save_settings(&settings).await.unwrap();
    let allowed = send_form(&h, &[("to", "nobody@corp.example.test")]).await;
    assert_eq!(allowed.status, StatusCode::SEE_OTHER, "{}", allowed.body);
    let page = h.ports.invitations.list_by_sender(alice.id, None, 10).await.unwrap();
    assert_eq!(page.invitations[0].recipients[0].kind, RecipientKind::External);
}

#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn a_directory_that_is_down_leaves_local_users_working() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let h = Harness::directory(Some(format!("ldap://127.0.0.1:{port}"))).await;
    let down = h.sign_in("CORP\\alice", ALICE_PW).await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(down.body.contains("directory is not reachable"), "{}", down.body);

    h.user("local.staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    h.forget_cookies();
    let local = h.sign_in("local.staff@example.com", PASSWORD).await;
    assert_eq!(local.status, StatusCode::SEE_OTHER, "local accounts keep working");
    let send = send_form(&h, &[("to", "someone@example.org"), ("subject", "Kept subject")]).await;
    assert_eq!(send.status, StatusCode::SERVICE_UNAVAILABLE, "{}", send.body);
    assert!(
        send.body.contains("directory cannot be reached right now"),
        "{}",
        send.body
    );
    assert!(send.body.contains("Kept subject"), "the form is kept");
    for detail in ["ldap://", "I/O error", "Connection refused", &port.to_string()] {
        assert!(!send.body.contains(detail), "no internal detail ({detail}) on the page");
    }
    assert!(!send.body.contains("field-error"), "no field is blamed");
    // The API says the same, in its shape.
    let token = crate::api::token_for(&h, "api.staff@example.com").await;
    let api = crate::api::call(
        &h,
        "POST",
        "/api/v1/invitations",
        Some(&token),
        Some(serde_json::json!({"to": "someone@example.org"})),
    )
    .await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(crate::api::code(&api), "directory_unavailable");
    let message = api.json["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("cannot be reached right now") && !message.contains("ldap://"),
        "{message}"
    );
}

#[test]
#[ignore = "needs Samba AD: cargo xtask test"]
fn administrators_check_the_directory_from_the_command_line() {
    let env = |name: &str| std::env::var(name).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (urls, bind_dn, password, base, ca, group) = (
        env("XTASK_LDAPS_URL"),
        env("XTASK_LDAP_BIND_DN"),
        env("XTASK_LDAP_BIND_PASSWORD"),
        env("XTASK_LDAP_BASE_DN"),
        env("XTASK_CA_FILE"),
        env("XTASK_LDAP_INVITE_GROUP"),
    );
    let vars = vec![
        ("POSTERN_LOG", "debug"),
        ("POSTERN_DIRECTORY__URLS", urls.as_str()),
        ("POSTERN_DIRECTORY__BIND_DN", bind_dn.as_str()),
        ("POSTERN_DIRECTORY__BIND_PASSWORD", password.as_str()),
        ("POSTERN_DIRECTORY__BASE_DN", base.as_str()),
        ("POSTERN_DIRECTORY__CA_FILE", ca.as_str()),
        ("POSTERN_DIRECTORY__INVITE_GROUP", group.as_str()),
    ];
    let (ok, out) = crate::cli::postern_with(
        dir.path(),
        &["directory", "find", "A.Archer@Corp-Mail.Example.Test"],
        "",
        &vars,
    );
    assert!(ok, "{out}");
    assert!(out.contains("account:      alice"), "{out}");
    assert!(out.contains("member of directory.invite_group"), "{out}");
    assert!(
        !out.contains(&password),
        "the service password is never logged, even at debug level"
    );
    assert!(out.contains("invitation group: found"), "{out}");
    assert!(
        out.contains("internal: they activate with their organisation sign-in"),
        "{out}"
    );
    // Every name form reaches the same person.
    for name in ["CORP\\alice", "alice", "alice@corp.example.test"] {
        let (ok, out) = crate::cli::postern_with(dir.path(), &["directory", "find", name], "", &vars);
        assert!(ok && out.contains("account:      alice"), "{name}: {out}");
    }
    // An own-domain address the directory does not know: what the settings make of it.
    let (ok, out) = crate::cli::postern_with(
        dir.path(),
        &["settings", "set", "recipients.own_domains", "[\"corp.example.test\"]"],
        "",
        &vars,
    );
    assert!(ok, "{out}");
    let (ok, out) = crate::cli::postern_with(
        dir.path(),
        &["directory", "find", "nobody@corp.example.test"],
        "",
        &vars,
    );
    assert!(ok && out.contains("not in the directory"), "{out}");
    assert!(
        out.contains("refused:"),
        "an unknown own-domain address is refused: {out}"
    );
    let (ok, out) = crate::cli::postern_with(dir.path(), &["directory", "find", "CORP\\nobody"], "", &vars);
    assert!(
        ok && out.contains("not in the directory") && !out.contains("an invitation"),
        "{out}"
    );
    // A group that does not exist is named.
    let mut wrong_group = vars.clone();
    wrong_group.push((
        "POSTERN_DIRECTORY__INVITE_GROUP",
        "CN=no-such-group,CN=Users,DC=corp,DC=example,DC=test",
    ));
    let (ok, out) = crate::cli::postern_with(dir.path(), &["directory", "find", "alice"], "", &wrong_group);
    assert!(ok && out.contains("invitation group: NOT FOUND"), "{out}");

    let mut bad = vars.clone();
    bad.push(("POSTERN_DIRECTORY__URLS", "http://127.0.0.1"));
    let (ok, out) = crate::cli::postern_with(dir.path(), &["directory", "find", "x@example.org"], "", &bad);
    assert!(!ok && out.contains("directory.urls: http://127.0.0.1"), "{out}");
    let mut no_ca = vars.clone();
    no_ca.retain(|(k, _)| *k != "POSTERN_DIRECTORY__CA_FILE");
    let (ok, out) = crate::cli::postern_with(dir.path(), &["directory", "find", "x@example.org"], "", &no_ca);
    assert!(
        !ok && out.contains("directory.ca_file"),
        "an untrusted certificate names the fix: {out}"
    );
    let (ok, out) = crate::cli::postern(dir.path(), &["directory", "find", "x@example.org"], "");
    assert!(!ok && out.contains("no directory is configured"), "{out}");
}

/// Runs `samba-tool` against the test domain controller's own database.
fn samba_tool(args: &[&str]) {
    let conf = std::env::var("XTASK_SAMBA_CONF").expect("XTASK_SAMBA_CONF: run through `cargo xtask test`");
    let out = std::process::Command::new("samba-tool")
        .args(args)
        .args(["-s", &conf])
        .output()
        .expect("samba-tool runs");
    assert!(
        out.status.success(),
        "samba-tool {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A person of the directory's own, for one test (removed when it ends).
struct TestPerson(String);

impl TestPerson {
    fn create(prefix: &str, password: &str) -> Self {
        // A name of its own per run: the test server lives across test runs of one session.
        let mut suffix = [0u8; 3];
        postern_domain::ports::TokenSource::fill(&postern::adapters::OsRandom, &mut suffix);
        let account = format!("{prefix}{:02x}{:02x}{:02x}", suffix[0], suffix[1], suffix[2]);
        samba_tool(&[
            "user",
            "create",
            &account,
            password,
            &format!("--mail-address={account}@corp.example.test"),
            "--given-name=Test",
            "--surname=Person",
        ]);
        Self(account)
    }
}

impl Drop for TestPerson {
    fn drop(&mut self) {
        let _ = std::process::Command::new("samba-tool")
            .args(["user", "delete", &self.0])
            .args(["-s", &std::env::var("XTASK_SAMBA_CONF").unwrap_or_default()])
            .output();
    }
}

/// Someone removed from the invitation group loses invitations, and someone disabled in the
/// directory loses their session and API token, within `directory.recheck_seconds`.
#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn a_person_disabled_in_the_directory_loses_session_and_token_within_the_recheck_time() {
    let password = "Leaver-Passw0rd!";
    let person = TestPerson::create("leaver", password);
    samba_tool(&["group", "addmembers", "postern-inviters", &person.0]);
    let h = Harness::directory_with(None, |c| c.directory.recheck_seconds = 2).await;
    let login = format!("CORP\\{}", person.0);
    let page = h.sign_in(&login, password).await;
    assert_eq!(page.location.as_deref(), Some("/portal"), "{}", page.body);
    assert!(h.get("/portal").await.body.contains("Send Invites"));
    let email = format!("{}@corp.example.test", person.0);
    let me = user(&h, &email).await.expect("created at sign-in");
    let (_, token) = postern_domain::usecases::ApiTokens::new(&h.ports)
        .create(&me, "script", None, postern_domain::token::TokenScope::Read)
        .await
        .unwrap();
    assert_eq!(
        crate::api::call(&h, "GET", "/api/v1/me", Some(&token), None)
            .await
            .status,
        StatusCode::OK
    );

    samba_tool(&["group", "removemembers", "postern-inviters", &person.0]);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let portal = h.get("/portal").await;
    assert_eq!(portal.status, StatusCode::OK, "still signed in");
    assert!(
        !portal.body.contains("Send Invites"),
        "out of the group: no invitations"
    );

    samba_tool(&["user", "disable", &person.0]);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let gone = h.get("/portal").await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER, "the session ended");
    assert!(gone.location.as_deref().unwrap_or_default().starts_with("/sign-in"));
    assert_eq!(
        crate::api::call(&h, "GET", "/api/v1/me", Some(&token), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "the token is refused"
    );
    let audit = audit_details(&h).await.join("\n");
    assert!(audit.contains("user.directory_group_changed"), "{audit}");
    assert!(audit.contains("user.directory_access_ended"), "{audit}");
}

/// A directory account whose `mail` is the address of a local account signs nobody in with its
/// directory password: not as the local account (whose name stays), and not as itself; the
/// local account keeps working with its own password.
#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn a_directory_account_cannot_take_over_a_local_one() {
    let password = "Takeover-Passw0rd!";
    let person = TestPerson::create("takeover", password);
    let h = Harness::directory(None).await;
    let address = format!("{}@corp.example.test", person.0);
    let local = h.user(&address, UserKind::Internal).await;
    let refused = h.sign_in(&format!("CORP\\{}", person.0), password).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert_eq!(
        h.get("/portal").await.status,
        StatusCode::SEE_OTHER,
        "nobody is signed in"
    );
    let after = user(&h, &address).await.unwrap();
    assert_eq!(after.display_name, local.display_name, "the local account's name stays");
    assert!(after.password_hash.is_some());
    assert!(
        audit_details(&h).await.iter().any(|a| a.contains("does not take over")),
        "{:?}",
        audit_details(&h).await
    );
    h.forget_cookies();
    assert_eq!(
        h.sign_in(&address, PASSWORD).await.location.as_deref(),
        Some("/portal"),
        "the local account signs in with its own password"
    );
}

/// A distribution list of the directory is asked about before sending: everyone on it would
/// share one link.
#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn a_directory_group_address_is_asked_about_before_sending() {
    let h = Harness::directory(None).await;
    assert_eq!(
        h.sign_in("alice@corp.example.test", ALICE_PW).await.status,
        StatusCode::SEE_OTHER
    );
    let refused = send_form(&h, &[("to", "sales@corp.example.test, outsider@example.org")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("sales@corp.example.test looks like a group or distribution list"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("name=\"include_group_addresses\""));
    assert_eq!(h.worker.drain().await.unwrap().sent, 0, "nothing was sent");
}
