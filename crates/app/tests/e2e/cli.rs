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
