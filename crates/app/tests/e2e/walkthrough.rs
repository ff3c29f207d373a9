//! The documented curl walkthrough, against a real `postern serve`.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs the `postern` command line in `dir`, `stdin` as its input; its output.
pub(crate) fn postern(dir: &std::path::Path, args: &[&str], stdin: &str) -> String {
    postern_with(dir, args, stdin, &[])
}

/// [`postern`] with these environment variables besides.
pub(crate) fn postern_with(dir: &std::path::Path, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> String {
    use std::io::Write;
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
    assert!(
        out.status.success(),
        "postern {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn script(env: &[(&str, &str)]) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/api-walkthrough.sh");
    let out = Command::new("sh").arg(path).envs(env.iter().copied()).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "the walkthrough failed:\n{text}");
    text
}

#[test]
fn the_documented_curl_walkthrough_works_against_postern_serve() {
    let dir = tempfile::tempdir().unwrap();
    postern(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "staff@example.com",
            "--name",
            "Sam Staff",
            "--may-invite",
        ],
        "quiet-harbour-lantern-47\n",
    );
    let token = postern(
        dir.path(),
        &[
            "token",
            "create",
            "--user",
            "staff@example.com",
            "--name",
            "walkthrough",
        ],
        "",
    );
    let token = token.trim();
    assert!(token.starts_with("pstk_"));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let log_path = dir.path().join("serve.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_postern"))
        .arg("serve")
        .current_dir(dir.path())
        .env("POSTERN_LOG", "debug")
        .env("POSTERN_SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .env("POSTERN_SERVER__PUBLIC_URL", &base)
        .env("POSTERN_DELIVERY__POLL_SECONDS", "1")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "postern serve did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = script(&[("BASE", &base), ("TOKEN", token)]);
    assert!(out.contains("\"can_send_invitations\":true"), "{out}");
    assert!(out.contains("\"email\":\"carol@example.org\""), "{out}");
    assert!(out.contains("\"status\":\"revoked\""), "{out}");

    // Carol, the fourth party, activates through the API with the link from her email.
    let pickup = dir.path().join("var/mail/pickup");
    let started = Instant::now();
    let carol = loop {
        let found = std::fs::read_dir(&pickup).ok().and_then(|d| {
            d.map(|e| e.unwrap().path())
                .find(|p| p.to_string_lossy().contains("carol@example.org__"))
        });
        if let Some(p) = found {
            break std::fs::read_to_string(p).unwrap();
        }
        assert!(started.elapsed() < Duration::from_secs(20), "no message for carol");
        std::thread::sleep(Duration::from_millis(100));
    };
    let link = crate::harness::link_in(&carol);
    let activation = link.trim_start_matches("/activate/");
    let out = script(&[("BASE", &base), ("ACTIVATION", activation)]);
    assert!(out.contains("\"outcome\":\"active\""), "{out}");
    server.kill().unwrap();
    server.wait().unwrap();

    // Even at debug level, no secret reaches the log.
    let logged = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        logged.contains("/api/v1/activation/<redacted>"),
        "requests are logged:\n{logged}"
    );
    for secret in [
        token,
        activation,
        "a long and private passphrase",
        "quiet-harbour-lantern-47",
    ] {
        assert!(!logged.contains(secret), "a secret is in the log");
    }
    assert!(
        !logged.contains("pstn_") && !logged.contains("pstk_"),
        "no token of any kind is in the log"
    );
}

/// The resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// Sends `body` to `/sign-in` of the server at `port` over a raw connection (announced with a
/// length, or chunked) and returns the status line.
fn post_raw(port: u16, announced: Option<usize>, chunks: usize, chunk: &[u8]) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let head = match announced {
        Some(len) => format!(
            "POST /sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {len}\r\n\r\n"
        ),
        None => "POST /sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n".to_owned(),
    };
    s.write_all(head.as_bytes()).unwrap();
    for _ in 0..chunks {
        let sent = match announced {
            Some(_) => s.write_all(chunk),
            None => s
                .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .and_then(|()| s.write_all(chunk))
                .and_then(|()| s.write_all(b"\r\n")),
        };
        // The server may answer and close before the whole body is sent: that is the point.
        if sent.is_err() {
            break;
        }
    }
    let mut answer = vec![0u8; 64];
    let n = s.read(&mut answer).unwrap_or(0);
    String::from_utf8_lossy(&answer[..n])
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// An anonymous, oversized form body is refused with 413 before it is read: the server's
/// memory does not grow with it, announced or chunked.
#[test]
fn an_oversized_anonymous_body_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_postern"))
        .arg("serve")
        .current_dir(dir.path())
        .env("POSTERN_LOG", "warn")
        .env("POSTERN_SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "postern serve did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let chunk = vec![b'a'; 1024 * 1024];
    // Warm up, then measure.
    assert!(post_raw(port, Some(1024 * 1024), 1, &chunk).contains("413"));
    let before = rss_kib(server.id());
    let announced = post_raw(port, Some(200 * 1024 * 1024), 200, &chunk);
    let chunked = post_raw(port, None, 200, &chunk);
    let after = rss_kib(server.id());
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(announced.contains("413"), "{announced}");
    assert!(chunked.contains("413"), "{chunked}");
    assert!(
        after.saturating_sub(before) < 8 * 1024,
        "memory grew from {before} KiB to {after} KiB"
    );
}
