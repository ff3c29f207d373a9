//! PostgreSQL restarted while the portal runs: 503 pages and JSON errors while it is down,
//! nothing half-written, and recovery without a restart of the portal. The test runs its own
//! PostgreSQL cluster (the binaries of `cargo xtask test`) so that it can stop and start it.

use postern_domain::token::TokenScope;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use poem::http::StatusCode;
use postern_domain::usecases::ApiTokens;
use postern_domain::user::UserKind;

use crate::harness::{Harness, PASSWORD};
use crate::scenarios::send_form;

/// A private PostgreSQL cluster in a temporary folder.
struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    ids: Option<(u32, u32)>,
    server: Option<Child>,
}

fn postgres_ids() -> Option<(u32, u32)> {
    use std::os::unix::fs::MetadataExt;
    // As root, the server must run as the postgres user (it refuses root).
    if std::fs::metadata("/proc/self").ok()?.uid() != 0 {
        return None;
    }
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    let fields: Vec<&str> = passwd
        .lines()
        .find(|l| l.starts_with("postgres:"))?
        .split(':')
        .collect();
    Some((fields.get(2)?.parse().ok()?, fields.get(3)?.parse().ok()?))
}

impl Cluster {
    fn command(&self, program: &str) -> Command {
        use std::os::unix::process::CommandExt;
        let mut c = Command::new(self.bin.join(program));
        if let Some((uid, gid)) = self.ids {
            c.uid(uid).gid(gid);
        }
        c.env("HOME", self.dir.path());
        c
    }

    fn init() -> Self {
        let bin: PathBuf = std::env::var("XTASK_POSTGRES_BIN")
            .expect("XTASK_POSTGRES_BIN: run through `cargo xtask test`")
            .into();
        let dir = tempfile::tempdir().unwrap();
        let ids = postgres_ids();
        if let Some((uid, gid)) = ids {
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).unwrap();
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cluster = Cluster {
            bin,
            dir,
            port,
            ids,
            server: None,
        };
        let status = cluster
            .command("initdb")
            .args(["-A", "trust", "-U", "postgres", "--encoding=UTF8", "--locale=C", "-D"])
            .arg(cluster.dir.path().join("data"))
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "initdb failed");
        cluster
    }

    fn start(&mut self) {
        let child = self
            .command("postgres")
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args([
                "-p",
                &self.port.to_string(),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
            ])
            .arg("-k")
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.server = Some(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "PostgreSQL did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        // Accepting TCP is not accepting queries yet.
        std::thread::sleep(Duration::from_millis(500));
    }

    /// Fast shutdown (SIGINT): clients are disconnected, open transactions rolled back.
    fn stop(&mut self) {
        if let Some(mut child) = self.server.take() {
            let _ = Command::new("kill").args(["-INT", &child.id().to_string()]).status();
            let _ = child.wait();
        }
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Some(mut child) = self.server.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

async fn api_status(h: &Harness, token: &str) -> (StatusCode, String, Option<String>) {
    let resp = h
        .client
        .get("/api/v1/invitations")
        .header("Authorization", format!("Bearer {token}"))
        .send()
        .await
        .0;
    let status = resp.status();
    let retry = resp
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, resp.into_body().into_string().await.unwrap(), retry)
}

#[tokio::test]
#[ignore = "needs PostgreSQL: cargo xtask test"]
async fn postgresql_restarts_while_the_portal_runs() {
    let mut cluster = Cluster::init();
    cluster.start();
    let h = Harness::on_database(&cluster.url()).await;
    let staff = h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    let (_, token) = ApiTokens::new(&h.ports)
        .create(&staff, "fault test", None, TokenScope::Send)
        .await
        .unwrap();
    let token = token.to_string();
    assert_eq!(
        h.sign_in("staff@example.com", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let before = send_form(&h, &[("to", "first@example.org")]).await;
    assert_eq!(before.status, StatusCode::SEE_OTHER, "{}", before.body);
    let form = h.get("/invitations/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(h.get("/health").await.status, StatusCode::OK);

    cluster.stop();

    // Pages, the API and the health check all say "unavailable", not "internal error".
    let page = h.get("/portal").await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{}", page.body);
    assert!(page.body.contains("Temporarily unavailable"), "{}", page.body);
    let (status, body, retry) = api_status(&h, &token).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("\"code\":\"unavailable\""), "{body}");
    assert_eq!(retry.as_deref(), Some("5"));
    assert_eq!(h.get("/health").await.status, StatusCode::SERVICE_UNAVAILABLE);
    let ready = h.get("/health/ready").await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(ready.body.contains("\"database\":\"failing\""), "{}", ready.body);
    assert_eq!(h.get("/health/live").await.status, StatusCode::OK, "alive all the same");
    // A form posted during the outage changes nothing.
    let during = h
        .post(
            "/invitations/new",
            &[
                ("csrf_token", &form.csrf()),
                ("idempotency_key", &form.hidden("idempotency_key")),
                ("to", "during@example.org"),
                ("subject", "During the outage"),
                ("message", "Should not exist."),
                ("link_lifetime_days", "14"),
            ],
        )
        .await;
    assert_eq!(during.status, StatusCode::SERVICE_UNAVAILABLE, "{}", during.body);
    assert!(
        h.worker.drain().await.is_err(),
        "the worker reports the outage and carries on"
    );

    cluster.start();

    // The portal recovers by itself: the pool replaces its dead connections.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let page = h.get("/portal").await;
        if page.status == StatusCode::OK {
            break;
        }
        assert!(Instant::now() < deadline, "no recovery: {} {}", page.status, page.body);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert_eq!(api_status(&h, &token).await.0, StatusCode::OK);
    let after = send_form(&h, &[("to", "after@example.org")]).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER, "{}", after.body);
    let sent = h.ports.invitations.list_by_sender(staff.id, None, 10).await.unwrap();
    let addresses: Vec<String> = sent
        .invitations
        .iter()
        .flat_map(|i| i.recipients.iter().map(|r| r.address().as_str().to_owned()))
        .collect();
    assert_eq!(
        addresses,
        vec!["after@example.org", "first@example.org"],
        "nothing from the outage"
    );
    assert_eq!(
        h.worker.drain().await.unwrap().sent,
        2,
        "queued messages survive the restart"
    );
}

#[test]
fn a_wrong_or_unreachable_database_url_is_a_clear_error_without_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = format!("postgres://postern:Sup3r-s3cret@127.0.0.1:{dead}/postern");
    for (url, expected) in [
        (down.as_str(), format!("127.0.0.1:{dead}")),
        ("mysql://postern:Sup3r-s3cret@db/postern", "mysql://".to_owned()),
    ] {
        for command in [&["migrate"][..], &["serve"][..]] {
            let (ok, out) = crate::cli::postern_with(dir.path(), command, "", &[("POSTERN_DATABASE__URL", url)]);
            assert!(!ok, "{command:?} {url}: {out}");
            assert!(
                out.contains(&expected),
                "{command:?}: the message names the database: {out}"
            );
            assert!(
                !out.contains("Sup3r-s3cret"),
                "{command:?}: the password is never shown: {out}"
            );
        }
    }
}
