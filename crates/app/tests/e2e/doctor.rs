//! `postern doctor` names each failure with its own message, and `postern backup` / `restore`
//! make a round trip while the portal works.

use postern_domain::user::UserKind;

use crate::cli::postern_with;

/// The doctor's line for `name`.
fn line<'a>(out: &'a str, name: &str) -> &'a str {
    out.lines()
        .find(|l| l.split_whitespace().nth(1).is_some_and(|n| name.starts_with(n)))
        .unwrap_or_else(|| panic!("no {name} line in:\n{out}"))
}

#[test]
fn a_healthy_portal_passes_and_each_broken_part_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = postern_with(dir.path(), &["migrate"], "", &[]);
    assert!(ok, "{out}");
    let (ok, out) = postern_with(dir.path(), &["doctor"], "", &[]);
    assert!(ok, "{out}");
    for name in ["configuration", "database", "files", "mail", "directory", "public"] {
        assert!(line(&out, name).starts_with("ok"), "{name}: {out}");
    }
    assert!(line(&out, "database").contains("schema current"));

    // A file store that cannot be written (its path runs through a file).
    std::fs::write(dir.path().join("not-a-folder"), b"x").unwrap();
    let blocked = dir.path().join("not-a-folder/files");
    let (ok, out) = postern_with(
        dir.path(),
        &["doctor"],
        "",
        &[("POSTERN_SERVER__FILES_DIR", blocked.to_str().unwrap())],
    );
    assert!(!ok);
    assert!(
        line(&out, "files").starts_with("FAIL") && line(&out, "files").contains("cannot be written"),
        "{out}"
    );
    assert!(
        line(&out, "database").starts_with("ok"),
        "only the broken part fails: {out}"
    );

    // A file store that exists but is read-only: a read-only file system mounted over it (in a
    // mount namespace of its own, gone with the process) when the tests run as root, who
    // writes through permissions; else a folder without write permission.
    let read_only = dir.path().join("read-only-files");
    std::fs::create_dir(&read_only).unwrap();
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let out = if root {
        let out = std::process::Command::new("unshare")
            .args(["--mount", "--propagation", "private", "sh", "-c"])
            .arg("mount -t tmpfs -o ro,size=1m tmpfs \"$1\" && exec \"$2\" doctor")
            .arg("sh")
            .arg(&read_only)
            .arg(env!("CARGO_BIN_EXE_postern"))
            .current_dir(dir.path())
            .env("POSTERN_LOG", "warn")
            .env("POSTERN_SERVER__FILES_DIR", &read_only)
            .output()
            .unwrap();
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o555)).unwrap();
        postern_with(
            dir.path(),
            &["doctor"],
            "",
            &[("POSTERN_SERVER__FILES_DIR", read_only.to_str().unwrap())],
        )
        .1
    };
    let files = line(&out, "files");
    assert!(
        files.starts_with("FAIL") && files.contains("cannot be written") && files.contains("read-only-files"),
        "{out}"
    );
    if root {
        assert!(files.contains("Read-only file system"), "the cause is named: {files}");
    }
    assert!(line(&out, "database").starts_with("ok"), "{out}");

    // A plain-http public address that is not this machine.
    let (ok, out) = postern_with(
        dir.path(),
        &["doctor"],
        "",
        &[("POSTERN_SERVER__PUBLIC_URL", "http://portal.example.org")],
    );
    assert!(!ok && line(&out, "public").contains("unencrypted"), "{out}");

    // A schema newer than this binary.
    let db = dir.path().join("var/postern.db");
    let status = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20991231_000001_from_the_future', 0)\"); c.commit()",
            db.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let (ok, out) = postern_with(dir.path(), &["doctor"], "", &[]);
    assert!(!ok);
    let database = line(&out, "database");
    assert!(
        database.starts_with("FAIL")
            && database.contains("newer than this Postern")
            && database.contains("from_the_future"),
        "{out}"
    );
}

/// Against the test servers: a wrong SMTP password and an unreachable directory each fail
/// with their own advice, and nothing is sent.
#[test]
#[ignore = "needs aiosmtpd and Samba AD: cargo xtask test"]
fn a_wrong_relay_password_and_an_unreachable_directory_are_named() {
    let var = |n: &str| std::env::var(n).unwrap_or_else(|_| panic!("{n}: run through `cargo xtask test`"));
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = postern_with(dir.path(), &["migrate"], "", &[]);
    assert!(ok, "{out}");
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let smtp = format!(
        "smtp://{}:{}@{}",
        var("XTASK_SMTP_USER"),
        "not-the-password",
        var("XTASK_STARTTLS_SMTP")
    );
    let ldap = format!("ldap://127.0.0.1:{dead}");
    let (ok, out) = postern_with(
        dir.path(),
        &["doctor"],
        "",
        &[
            ("POSTERN_MAIL__SMTP__URL", smtp.as_str()),
            ("POSTERN_MAIL__SMTP__CA_FILE", var("XTASK_CA_FILE").as_str()),
            ("POSTERN_DIRECTORY__URLS", ldap.as_str()),
            ("POSTERN_DIRECTORY__BIND_DN", var("XTASK_LDAP_BIND_DN").as_str()),
            (
                "POSTERN_DIRECTORY__BIND_PASSWORD",
                var("XTASK_LDAP_BIND_PASSWORD").as_str(),
            ),
            ("POSTERN_DIRECTORY__BASE_DN", var("XTASK_LDAP_BASE_DN").as_str()),
        ],
    );
    assert!(!ok);
    let mail = line(&out, "mail");
    assert!(
        mail.starts_with("FAIL") && mail.contains("refused the credentials") && mail.contains("mail.smtp.password"),
        "{out}"
    );
    assert!(!out.contains("not-the-password"), "the password is never printed");
    let directory = line(&out, "directory");
    assert!(
        directory.starts_with("FAIL") && directory.contains(&dead.to_string()),
        "{out}"
    );
    // And with the right ones, both pass.
    let good_smtp = format!(
        "smtp://{}:{}@{}",
        var("XTASK_SMTP_USER"),
        var("XTASK_SMTP_PASSWORD"),
        var("XTASK_STARTTLS_SMTP")
    );
    let (ok, out) = postern_with(
        dir.path(),
        &["doctor"],
        "",
        &[
            ("POSTERN_MAIL__SMTP__URL", good_smtp.as_str()),
            ("POSTERN_MAIL__SMTP__CA_FILE", var("XTASK_CA_FILE").as_str()),
            ("POSTERN_DIRECTORY__URLS", var("XTASK_LDAP_URL").as_str()),
            ("POSTERN_DIRECTORY__CA_FILE", var("XTASK_CA_FILE").as_str()),
            ("POSTERN_DIRECTORY__BIND_DN", var("XTASK_LDAP_BIND_DN").as_str()),
            (
                "POSTERN_DIRECTORY__BIND_PASSWORD",
                var("XTASK_LDAP_BIND_PASSWORD").as_str(),
            ),
            ("POSTERN_DIRECTORY__BASE_DN", var("XTASK_LDAP_BASE_DN").as_str()),
        ],
    );
    assert!(ok, "{out}");
    assert!(line(&out, "mail").contains("nothing sent"));
}

/// A backup taken while invitations are being written restores into a working portal: every
/// user and invitation of the moment is there, the database is intact, and a stored file
/// reads back.
#[tokio::test]
async fn a_backup_taken_under_load_restores() {
    use postern_domain::usecases::{Accounts, InvitationForm, InvitationRequest, NewUser, SendInvitations};
    let dir = tempfile::tempdir().unwrap();
    let mut config = postern::config::Config::default();
    config.server.data_dir = dir.path().join("var");
    let runtime = postern::open(config.clone()).await.unwrap();
    let sender = Accounts::new(&runtime.ports)
        .create_user(
            None,
            NewUser {
                email: postern_domain::EmailAddress::parse("staff@example.com").unwrap(),
                display_name: postern_domain::DisplayName::parse("Staff").unwrap(),
                kind: UserKind::Internal,
                password: postern_domain::password::Password::new(crate::harness::PASSWORD),
            },
        )
        .await
        .unwrap();
    runtime
        .ports
        .users
        .set_invitation_setting(sender.id, postern_domain::policy::InvitationSetting::Allow)
        .await
        .unwrap();
    let sender = runtime.ports.users.find_user(sender.id).await.unwrap().unwrap();
    let mut writer = runtime.ports.attachments.create().await.unwrap();
    writer.write(b"kept across the backup").await.unwrap();
    let blob = writer.finish().await.unwrap();
    let send = std::sync::Arc::new(SendInvitations::new(&runtime.ports));
    let sender_id = sender.id;
    let send_one = move |i: usize| {
        let send = send.clone();
        let sender = sender.clone();
        async move {
            let to = format!("guest{i}@example.org");
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
    };
    for i in 0..20 {
        send_one(i).await;
    }
    // Keep writing while the backup is taken.
    let load = tokio::spawn({
        let send_one = send_one.clone();
        async move {
            for i in 20..120 {
                send_one(i).await;
            }
        }
    });
    let target = dir.path().join("backup");
    let report = postern::backup::backup(&config, &target).await.unwrap();
    load.await.unwrap();
    assert!(report.database.is_some());
    assert_eq!(report.files, Some(1));
    drop(runtime);

    // Restore into a second portal.
    let mut restored = postern::config::Config::default();
    restored.server.data_dir = dir.path().join("restored");
    postern::backup::restore(&restored, &target, false).await.unwrap();
    assert!(
        postern::backup::restore(&restored, &target, false).await.is_err(),
        "an existing database is not replaced without --force"
    );
    let again = postern::open(restored.clone()).await.unwrap();
    let page = again
        .ports
        .invitations
        .list_by_sender(sender_id, None, 200)
        .await
        .unwrap();
    assert!(
        page.invitations.len() >= 20,
        "at least what was there when the backup began"
    );
    let count = page.invitations.len();
    for inv in &page.invitations {
        assert_eq!(inv.recipients.len(), 1, "no half-written invitation");
    }
    assert!(count <= 120);
    let mut reader = again.ports.attachments.open(&blob.key, 0).await.unwrap();
    let mut back = Vec::new();
    while let Some(chunk) = reader.read().await.unwrap() {
        back.extend_from_slice(&chunk);
    }
    assert_eq!(back, b"kept across the backup");
    let integrity: String = {
        use sea_orm::{ConnectionTrait, Statement};
        let store = postern_storage::SqlStore::connect(&restored.database_url())
            .await
            .unwrap();
        let row = store
            .connection()
            .query_one_raw(Statement::from_string(
                sea_orm::DbBackend::Sqlite,
                "PRAGMA integrity_check".to_owned(),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index(0).unwrap()
    };
    assert_eq!(integrity, "ok");
}

/// A running `postern serve` is live at once, and ready when its database answers and its
/// delivery worker runs.
#[tokio::test]
async fn a_running_portal_is_live_and_ready() {
    let portal = crate::browser::Portal::start();
    let live = reqwest::get(format!("{}/health/live", portal.base)).await.unwrap();
    assert_eq!(live.status().as_u16(), 200);
    let started = std::time::Instant::now();
    let ready = loop {
        let r = reqwest::get(format!("{}/health/ready", portal.base)).await.unwrap();
        if r.status().as_u16() == 200 || started.elapsed() > std::time::Duration::from_secs(10) {
            break r;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(ready.status().as_u16(), 200);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["database"], "ok");
    assert_eq!(body["schema"], "ok");
    assert_eq!(body["delivery_worker"], "ok");
}

/// With `metrics.listen` set, a second listener serves Prometheus metrics: requests by route
/// and status (never a token in a label) with their latency, sign-in failures, the outbox;
/// the public listener does not serve them.
#[tokio::test]
async fn metrics_are_served_on_their_own_address() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let portal = crate::browser::Portal::start_with(&[("POSTERN_METRICS__LISTEN", listen.as_str())]);
    let http = reqwest::Client::new();
    let form = http.get(format!("{}/sign-in", portal.base)).send().await.unwrap();
    assert_eq!(form.status().as_u16(), 200);
    http.get(format!("{}/activate/pstn_not-a-real-token", portal.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        http.get(format!("{}/metrics", portal.base))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        404,
        "not on the public listener"
    );
    let text = loop {
        let text = http
            .get(format!("http://{listen}/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if text.contains("postern_outbox_pending") {
            break text;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    for expected in [
        "postern_http_requests_total{route=\"/sign-in\",status=\"200\"}",
        "postern_http_requests_total{route=\"/activate\"",
        "postern_http_request_duration_seconds_bucket{route=\"/sign-in\"",
        "postern_outbox_pending 0",
        "postern_outbox_oldest_due_seconds 0",
        // Described, and present at zero before the first event.
        "# HELP postern_sign_in_failures_total",
        "postern_sign_in_failures_total 0",
        "postern_database_unavailable_total 0",
        "postern_accounts_activated_total{kind=\"external\",status=\"active\"} 0",
        "postern_deliveries_total{outcome=\"bounced\"} 0",
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    assert!(!text.contains("pstn_"), "no token in a label");
}

/// `POSTERN_LOG=debug` says what the portal decides (a message handed on, a directory lookup,
/// slow SQL), and still no token, link or password reaches the log.
#[tokio::test]
async fn debug_logs_say_more_and_never_a_secret() {
    let portal = crate::browser::Portal::start_with(&[("POSTERN_LOG", "debug")]);
    portal.user("sam@example.com", "Sam Staff", "internal", crate::harness::PASSWORD);
    let token = portal.cli(&["token", "create", "--user", "sam@example.com"], "");
    let token = token.trim().to_owned();
    assert!(token.starts_with("pstk_"), "{token}");
    let sent = reqwest::Client::new()
        .post(format!("{}/api/v1/invitations", portal.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({"to": "guest@example.org"}))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status().as_u16(), 201);
    let eml = portal.message_to("guest@example.org");
    let link = crate::harness::link_in(&eml);
    let log = portal.log();
    assert!(log.contains("DEBUG"), "debug lines appear:\n{log}");
    assert!(log.contains("message written to the pickup folder"), "{log}");
    for secret in [
        token.as_str(),
        link.trim_start_matches("/activate/"),
        crate::harness::PASSWORD,
    ] {
        assert!(!log.contains(secret), "a secret in the log");
    }
    assert!(!log.contains("\u{1b}["), "no colour codes in a log file");
}

/// The number of users `postern user list` shows in `dir`.
fn users(dir: &std::path::Path) -> usize {
    let (ok, out) = postern_with(dir, &["user", "list"], "", &[]);
    assert!(ok, "{out}");
    out.lines().filter(|l| l.contains('@')).count()
}

/// A restore checks the backup before it replaces anything: a file that is no database, or a
/// backup by a newer Postern, is refused by name and the existing data stays as it was; a
/// restore under a running `serve` is refused (it holds a lock on its data folder), and so is
/// a backup into the folder it copies.
#[test]
fn a_bad_backup_or_a_running_portal_leaves_the_data_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = postern_with(
        dir.path(),
        &["user", "add", "--email", "kept@example.com", "--name", "Kept"],
        "quiet-harbour-lantern-47\n",
        &[],
    );
    assert!(ok, "{out}");
    std::fs::create_dir_all(dir.path().join("var/files/objects/ab")).unwrap();
    std::fs::write(dir.path().join("var/files/objects/ab/blob"), b"kept").unwrap();
    let intact = |why: &str| {
        assert_eq!(users(dir.path()), 1, "{why}: the database is as it was");
        assert_eq!(
            std::fs::read(dir.path().join("var/files/objects/ab/blob")).unwrap(),
            b"kept",
            "{why}: the files are as they were"
        );
    };

    let junk = dir.path().join("junk");
    std::fs::create_dir_all(junk.join("files")).unwrap();
    std::fs::write(junk.join("postern.db"), b"hello").unwrap();
    let (ok, out) = postern_with(dir.path(), &["restore", "junk", "--force"], "", &[]);
    assert!(!ok && out.contains("not a usable Postern database"), "{out}");
    intact("not a database");
    // An empty file and another program's SQLite database are databases, but not Postern's.
    std::fs::write(junk.join("postern.db"), b"").unwrap();
    let (ok, out) = postern_with(dir.path(), &["restore", "junk", "--force"], "", &[]);
    assert!(!ok && out.contains("no Postern schema"), "{out}");
    intact("an empty file");
    std::fs::remove_file(junk.join("postern.db")).unwrap();
    let status = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE recipes (x)'); c.commit()",
            junk.join("postern.db").to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let (ok, out) = postern_with(dir.path(), &["restore", "junk", "--force"], "", &[]);
    assert!(!ok && out.contains("no Postern schema"), "{out}");
    intact("another program's database");

    let (ok, out) = postern_with(dir.path(), &["backup", "newer"], "", &[]);
    assert!(ok, "{out}");
    let status = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20991231_000001_from_the_future', 0)\"); c.commit()",
            dir.path().join("newer/postern.db").to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let (ok, out) = postern_with(dir.path(), &["restore", "newer", "--force"], "", &[]);
    assert!(
        !ok && out.contains("newer Postern") && out.contains("from_the_future"),
        "{out}"
    );
    intact("a newer backup");
    assert!(
        !dir.path().join("var/postern.db.restoring").exists() && !dir.path().join("var/files.restoring").exists(),
        "nothing staged is left"
    );

    let (ok, out) = postern_with(dir.path(), &["backup", "var/files/inside"], "", &[]);
    assert!(!ok && out.contains("inside") && out.contains("server."), "{out}");
    assert!(!dir.path().join("var/files/inside").exists());

    let (ok, out) = postern_with(dir.path(), &["backup", "good"], "", &[]);
    assert!(ok, "{out}");
    // A backup without its files folder would empty the attachment folder: refused.
    let (ok, out) = postern_with(dir.path(), &["backup", "partial"], "", &[]);
    assert!(ok, "{out}");
    std::fs::remove_dir_all(dir.path().join("partial/files")).unwrap();
    let (ok, out) = postern_with(dir.path(), &["restore", "partial", "--force"], "", &[]);
    assert!(!ok && out.contains("no files folder"), "{out}");
    intact("a backup without files");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut serve = std::process::Command::new(env!("CARGO_BIN_EXE_postern"))
        .arg("serve")
        .current_dir(dir.path())
        .env("POSTERN_LOG", "warn")
        .env("POSTERN_SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .env("POSTERN_SERVER__PUBLIC_URL", format!("http://127.0.0.1:{port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "serve did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let (ok, out) = postern_with(dir.path(), &["restore", "good", "--force"], "", &[]);
    let _ = serve.kill();
    let _ = serve.wait();
    assert!(!ok && out.contains("postern serve is running"), "{out}");
    intact("a running portal");
    let (ok, out) = postern_with(dir.path(), &["restore", "good", "--force"], "", &[]);
    assert!(ok, "once it stopped: {out}");
    intact("the good backup");
}

/// A configuration file named with `--config` must exist; a public address that cannot carry
/// links is refused by name; the doctor run in an empty folder creates nothing.
#[test]
fn a_missing_config_file_and_an_unusable_public_url_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = postern_with(dir.path(), &["--config", "postren.toml", "doctor"], "", &[]);
    assert!(
        !ok && out.contains("postren.toml") && out.contains("no such file"),
        "{out}"
    );
    for bad in [
        "https://files.example.org/x?y=1",
        "https://files.example.org/#z",
        "ftp://files.example.org",
        "not a url",
    ] {
        let (ok, out) = postern_with(dir.path(), &["doctor"], "", &[("POSTERN_SERVER__PUBLIC_URL", bad)]);
        assert!(!ok && out.contains("server.public_url"), "{bad}: {out}");
    }
    let (_, out) = postern_with(dir.path(), &["doctor"], "", &[]);
    assert!(line(&out, "database").contains("postern migrate"), "{out}");
    assert!(line(&out, "files").contains("created at the first start"), "{out}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "the doctor created nothing: {out}"
    );
}

/// A client that opens a connection and sends half a request is cut off after
/// `server.idle_timeout_seconds`, on the portal's listener and on the metrics listener.
#[test]
fn a_connection_that_sends_half_a_request_is_closed() {
    use std::io::{Read, Write};
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let metrics = format!("127.0.0.1:{port}");
    let portal = crate::browser::Portal::start_with(&[
        ("POSTERN_SERVER__IDLE_TIMEOUT_SECONDS", "5"),
        ("POSTERN_METRICS__LISTEN", metrics.as_str()),
    ]);
    let public = portal.base.trim_start_matches("http://").to_owned();
    let started = std::time::Instant::now();
    let mut halves = Vec::new();
    for address in [public.as_str(), metrics.as_str()] {
        let mut c = std::net::TcpStream::connect(address).unwrap();
        c.write_all(b"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .unwrap();
        c.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
        halves.push(c);
    }
    for mut c in halves {
        let mut buf = [0u8; 64];
        let n = c.read(&mut buf).unwrap_or(0);
        assert_eq!(n, 0, "closed without an answer");
    }
    let took = started.elapsed();
    assert!(
        took >= std::time::Duration::from_secs(4) && took < std::time::Duration::from_secs(20),
        "closed after the idle timeout: {took:?}"
    );
    // A client that trickles a header line every 1.5 s is cut off once its headers took the
    // timeout; a normal request on another connection is answered meanwhile.
    let mut trickle = std::net::TcpStream::connect(public.as_str()).unwrap();
    trickle
        .set_write_timeout(Some(std::time::Duration::from_secs(2)))
        .unwrap();
    let started = std::time::Instant::now();
    trickle.write_all(b"GET /health/live HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut cut = false;
    for i in 0..20 {
        std::thread::sleep(std::time::Duration::from_millis(1500));
        if trickle.write_all(format!("X-Slow-{i}: y\r\n").as_bytes()).is_err() {
            cut = true;
            break;
        }
        if i == 1 {
            let mut normal = std::net::TcpStream::connect(public.as_str()).unwrap();
            normal
                .write_all(b"GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .unwrap();
            let mut answer = String::new();
            normal.read_to_string(&mut answer).unwrap();
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        }
    }
    let took = started.elapsed();
    assert!(cut, "the trickling client was never cut off");
    assert!(took < std::time::Duration::from_secs(12), "cut off after {took:?}");
}
