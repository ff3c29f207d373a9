//! The binary as an administrator uses it.

use std::io::Write;
use std::process::{Command, Stdio};

pub(crate) fn postern(dir: &std::path::Path, args: &[&str], stdin: &str) -> (bool, String) {
    postern_with(dir, args, stdin, &[])
}

/// The binary with extra environment variables.
pub(crate) fn postern_with(dir: &std::path::Path, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_postern"))
        .args(args)
        .current_dir(dir)
        .env("POSTERN_LOG", "warn")
        // English, whatever the terminal of the person running the tests speaks; a test asks
        // for another language through `env`.
        .env("LC_ALL", "C")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn users_and_settings_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = postern(dir.path(), &["migrate"], "");
    assert!(ok, "{out}");
    let (ok, out) = postern(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "Staff@Example.com",
            "--name",
            "Sam Staff",
            "--may-invite",
        ],
        "a-good-long-password\n",
    );
    assert!(ok, "{out}");
    assert!(out.contains("Created internal user Staff@Example.com"), "{out}");
    assert!(!out.contains("a-good-long-password"), "the password is never echoed");
    let (ok, out) = postern(
        dir.path(),
        &["user", "add", "--email", "staff@example.com", "--name", "Dup"],
        "a-good-long-password\n",
    );
    assert!(!ok && out.contains("already exists"), "{out}");
    let (ok, out) = postern(
        dir.path(),
        &["user", "add", "--email", "x@example.com", "--name", "X"],
        "short\n",
    );
    assert!(!ok && out.contains("at least 12"), "{out}");
    let (ok, out) = postern(
        dir.path(),
        &["user", "add", "--email", "not an address", "--name", "X"],
        "a-good-long-password\n",
    );
    assert!(!ok && out.contains("--email"), "{out}");
    let (ok, out) = postern(
        dir.path(),
        &[
            "user",
            "add",
            "--admin",
            "--email",
            "root@example.com",
            "--name",
            "Root",
        ],
        "another-good-password\n",
    );
    assert!(ok && out.contains("Created admin user root@example.com"), "{out}");
    let (ok, out) = postern(dir.path(), &["user", "list"], "");
    assert!(
        ok && out.contains("Staff@Example.com") && out.contains("may invite (allow)"),
        "{out}"
    );
    let (ok, out) = postern(
        dir.path(),
        &["settings", "set", "invitations.internal_users_may_invite", "true"],
        "",
    );
    assert!(ok, "{out}");
    let (ok, out) = postern(
        dir.path(),
        &["settings", "set", "delivery.link_lifetime_days.default", "99"],
        "",
    );
    assert!(!ok && out.contains("link_lifetime_days"), "{out}");
    let (ok, out) = postern(dir.path(), &["settings", "show"], "");
    assert!(
        ok && out.contains("\"internal_users_may_invite\": true") && out.contains("\"default\": 14"),
        "{out}"
    );
    let (ok, out) = postern(
        dir.path(),
        &["user", "invitations", "--email", "staff@example.com", "deny"],
        "",
    );
    assert!(ok && out.contains("deny"), "{out}");
    assert!(dir.path().join("var/postern.db").exists());
}

/// The log lines of `postern migrate` at debug level in one format, as (success, stderr).
/// What the command prints for people follows the terminal's language (LC_ALL, LC_MESSAGES,
/// LANG, in that order); names, addresses and setting values stay as they are.
#[test]
fn the_command_line_speaks_the_terminals_language() {
    let dir = tempfile::tempdir().unwrap();
    let german = [("LC_ALL", ""), ("LC_MESSAGES", ""), ("LANG", "de_DE.UTF-8")];
    let (ok, out) = postern_with(dir.path(), &["migrate"], "", &german);
    assert!(
        ok && out.contains("Migrationen ausgeführt:") && out.contains("Die Datenbank ist auf dem neuesten Stand ("),
        "{out}"
    );
    let (ok, out) = postern_with(dir.path(), &["migrate"], "", &german);
    assert!(
        ok && out.contains("Die Datenbank ist auf dem neuesten Stand") && !out.contains("ausgeführt"),
        "{out}"
    );
    let (ok, out) = postern_with(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "Staff@Example.com",
            "--name",
            "Sam Staff",
            "--may-invite",
        ],
        "a-good-long-password\n",
        &german,
    );
    assert!(
        ok && out.contains("Benutzer Staff@Example.com (Sam Staff) angelegt"),
        "{out}"
    );
    // Its refusals too: the values typed, the password's rules, an account that exists.
    let (ok, out) = postern_with(
        dir.path(),
        &["user", "add", "--email", "staff@example.com", "--name", "Sam"],
        "a-good-long-password\n",
        &german,
    );
    assert!(
        !ok && out.contains("Fehler: es gibt schon einen Benutzer mit dieser Adresse"),
        "{out}"
    );
    let (ok, out) = postern_with(
        dir.path(),
        &["user", "add", "--email", "a b@example.com", "--name", "<b>"],
        "short\n",
        &german,
    );
    assert!(
        !ok && out.starts_with("Fehler: --email: ") && !out.contains("white space"),
        "{out}"
    );
    let (ok, out) = postern_with(
        dir.path(),
        &["user", "add", "--email", "new@example.com", "--name", "<b>"],
        "short\n",
        &german,
    );
    assert!(
        !ok && out.starts_with("Fehler: --name: ") && !out.contains("may not"),
        "{out}"
    );
    let (ok, out) = postern_with(
        dir.path(),
        &["user", "add", "--email", "new@example.com", "--name", "Neu"],
        "short\n",
        &german,
    );
    assert!(
        !ok && out.contains("das Passwort erfüllt die Regeln nicht: ") && !out.contains("at least"),
        "{out}"
    );
    let (ok, out) = postern_with(
        dir.path(),
        &[
            "token",
            "create",
            "--user",
            "staff@example.com",
            "--name",
            "ci",
            "--days",
            "0",
        ],
        "",
        &german,
    );
    assert!(
        !ok && out.contains("Fehler: --days: ") && !out.contains("between"),
        "{out}"
    );
    // LC_MESSAGES before LANG; LC_ALL before both.
    let french = [("LC_ALL", ""), ("LC_MESSAGES", "fr_FR.UTF-8"), ("LANG", "de_DE.UTF-8")];
    let (ok, out) = postern_with(dir.path(), &["user", "list"], "", &french);
    assert!(
        ok && out.contains("Staff@Example.com\tSam Staff") && out.contains("peut inviter (allow)"),
        "{out}"
    );
    let dutch = [
        ("LC_ALL", "nl_NL.UTF-8"),
        ("LC_MESSAGES", "fr_FR.UTF-8"),
        ("LANG", "de_DE.UTF-8"),
    ];
    let (ok, out) = postern_with(
        dir.path(),
        &["user", "invitations", "--email", "nobody@example.com", "deny"],
        "",
        &dutch,
    );
    assert!(!ok && out.contains("geen gebruiker nobody@example.com"), "{out}");
    let spanish = [("LC_ALL", "es_ES.UTF-8")];
    let (ok, out) = postern_with(
        dir.path(),
        &["user", "invitations", "--email", "staff@example.com", "deny"],
        "",
        &spanish,
    );
    assert!(
        ok && out.contains("staff@example.com: el permiso para invitar es ahora deny."),
        "{out}"
    );
    // C (the default of the tests) and a language the portal lacks: English.
    let (ok, out) = postern(dir.path(), &["migrate"], "");
    assert!(ok && out.contains("The database is up to date ("), "{out}");
    let (ok, out) = postern_with(dir.path(), &["migrate"], "", &[("LC_ALL", "ja_JP.UTF-8")]);
    assert!(ok && out.contains("The database is up to date ("), "{out}");
}

fn logged(format: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_postern"))
        .arg("migrate")
        .current_dir(dir.path())
        .env("POSTERN_LOG", "debug")
        .env("POSTERN_LOG_FORMAT", format)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// `POSTERN_LOG_FORMAT=json` gives one JSON object per line for log collectors; text lines
/// written to a file or journald carry no colour codes; an unknown format is refused by name.
#[test]
fn log_lines_as_text_or_json() {
    let (ok, json) = logged("json");
    assert!(ok, "{json}");
    let lines: Vec<&str> = json.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() > 3, "debug level logs the migration: {json}");
    for line in &lines {
        let value: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(value["level"].is_string() && value["timestamp"].is_string(), "{line}");
        assert!(value["fields"].is_object(), "{line}");
    }
    let (ok, text) = logged("text");
    assert!(ok, "{text}");
    assert!(text.lines().count() > 3 && !text.contains('\u{1b}'), "{text}");
    assert!(serde_json::from_str::<serde_json::Value>(text.lines().next().unwrap()).is_err());
    let (ok, refused) = logged("xml");
    assert!(!ok);
    assert!(
        refused.contains("POSTERN_LOG_FORMAT") && refused.contains("json"),
        "{refused}"
    );
    let dir = tempfile::tempdir().unwrap();
    let (ok, refused) = postern_with(dir.path(), &["migrate"], "", &[("POSTERN_LOG", "info,[[[bad")]);
    assert!(
        !ok && refused.contains("POSTERN_LOG") && refused.contains("[[[bad"),
        "{refused}"
    );
}

/// What `postern serve` prints at its start: how to create the first user only while the
/// portal has none.
#[test]
fn serve_tells_how_to_create_the_first_user_only_when_there_is_none() {
    let dir = tempfile::tempdir().unwrap();
    let started = |dir: &std::path::Path| -> String {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let serve = Command::new(env!("CARGO_BIN_EXE_postern"))
            .arg("serve")
            .current_dir(dir)
            .env("POSTERN_LOG", "warn")
            .env("POSTERN_SERVER__LISTEN", format!("127.0.0.1:{port}"))
            .env("POSTERN_SERVER__PUBLIC_URL", format!("http://127.0.0.1:{port}"))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let since = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                since.elapsed() < std::time::Duration::from_secs(30),
                "serve did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        // The start lines are printed by then; SIGTERM stops it cleanly.
        std::thread::sleep(std::time::Duration::from_millis(200));
        let _ = Command::new("kill").args(["-TERM", &serve.id().to_string()]).status();
        let out = serve.wait_with_output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first = started(dir.path());
    assert!(first.contains("Postern is running at"), "{first}");
    assert!(first.contains("Create the first user with:"), "{first}");
    let (ok, out) = postern(
        dir.path(),
        &["user", "add", "--email", "staff@example.com", "--name", "Sam Staff"],
        "a-good-long-password\n",
    );
    assert!(ok, "{out}");
    let again = started(dir.path());
    assert!(again.contains("Postern is running at"), "{again}");
    assert!(!again.contains("Create the first user"), "{again}");
}
