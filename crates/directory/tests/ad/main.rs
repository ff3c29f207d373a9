//! The Active Directory adapter against a real Samba 4 AD domain controller, provisioned and
//! filled with fixture people by `cargo xtask test` (see `xtask/src/samba.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use postern_directory::{ActiveDirectory, ActiveDirectorySettings};
use postern_domain::EmailAddress;
use postern_domain::password::Password;
use postern_domain::ports::{Directory, DirectoryError};

const NEEDS: &str = "needs Samba AD: cargo xtask test";

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set; {NEEDS}"))
}

/// StartTLS on ldap://127.0.0.1, trusting the test CA.
fn settings() -> ActiveDirectorySettings {
    ActiveDirectorySettings {
        urls: vec![env("XTASK_LDAP_URL")],
        bind_dn: env("XTASK_LDAP_BIND_DN"),
        bind_password: env("XTASK_LDAP_BIND_PASSWORD"),
        base_dn: env("XTASK_LDAP_BASE_DN"),
        ca_file: Some(env("XTASK_CA_FILE").into()),
        allow_plain: false,
        connect_timeout: Duration::from_secs(3),
        operation_timeout: Duration::from_secs(10),
        invite_group: Some(env("XTASK_LDAP_INVITE_GROUP")),
        pool_size: 4,
        retry_after: Duration::from_secs(5),
        recheck: Duration::from_secs(300),
    }
}

fn directory(s: ActiveDirectorySettings) -> ActiveDirectory {
    ActiveDirectory::new(s).expect("valid settings")
}

fn address(a: &str) -> EmailAddress {
    EmailAddress::parse(a).unwrap()
}

fn refusal(e: DirectoryError) -> String {
    match e {
        DirectoryError::InvalidCredentials { reason } => {
            assert_eq!(
                DirectoryError::InvalidCredentials { reason: reason.clone() }.to_string(),
                "invalid credentials",
                "the message shown never says why"
            );
            reason
        }
        other => panic!("expected refused credentials, got {other:?}"),
    }
}

#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn signs_in_with_every_name_form() {
    let ad = directory(settings());
    for login in [
        "alice@corp.example.test",
        "ALICE@Corp.Example.Test",
        "CORP\\alice",
        "corp\\ALICE",
        "alice",
        "alice.archer@corp.example.test",
        "Alice.Archer@CORP.example.test",
        "a.archer@corp-mail.example.test",
    ] {
        let person = ad
            .authenticate(login, &Password::new("Alice-Passw0rd!"))
            .await
            .unwrap_or_else(|e| panic!("{login}: {e:?}"));
        assert_eq!(person.account, "alice", "{login}");
        assert_eq!(person.email.unwrap().as_str(), "alice.archer@corp.example.test");
        assert_eq!(person.display_name, "Alice Archer");
        assert!(!person.disabled);
        assert!(
            person.in_invite_group,
            "alice is a direct member of the invitation group"
        );
    }
}

#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn refusals_are_distinct_in_the_reason_and_identical_to_the_user() {
    let ad = directory(settings());
    let try_ = |login: &'static str, password: &'static str| {
        let ad = &ad;
        async move { refusal(ad.authenticate(login, &Password::new(password)).await.unwrap_err()) }
    };
    assert_eq!(
        try_("alice@corp.example.test", "wrong-password").await,
        "wrong password"
    );
    assert_eq!(try_("CORP\\carol", "Carol-Passw0rd!").await, "account disabled");
    assert_eq!(
        try_("dave@corp.example.test", "Dave-Passw0rd!").await,
        "password must be changed"
    );
    assert_eq!(try_("alice@corp.example.test", "").await, "empty password");
    assert_eq!(try_("nobody@corp.example.test", "whatever").await, "no such account");
    assert_eq!(try_("CORP\\", "whatever").await, "malformed sign-in name");
}

#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn finds_people_by_mail_alias_and_upn_in_any_letter_case() {
    let ad = directory(settings());
    for (query, account) in [
        ("alice.archer@corp.example.test", "alice"),
        ("ALICE.ARCHER@CORP.EXAMPLE.TEST", "alice"),
        ("a.archer@corp-mail.example.test", "alice"),
        ("A.Archer@Corp-Mail.Example.Test", "alice"),
        ("alice@corp.example.test", "alice"),
        ("bob.baker@corp.example.test", "bob"),
        ("BOB.BAKER@corp.example.test", "bob"),
        ("erin@corp.example.test", "erin"),
        ("frank.fox@corp.example.test", "frank"),
    ] {
        let person = ad
            .find_person(&address(query))
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{query} not found"));
        assert_eq!(person.account, account, "{query}");
    }
    let bob = ad
        .find_person(&address("bob.baker@corp.example.test"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        bob.email.unwrap().as_str(),
        "Bob.Baker@corp.example.test",
        "mail as stored"
    );
    assert!(!bob.in_invite_group);
    let frank = ad
        .find_person(&address("frank.fox@corp.example.test"))
        .await
        .unwrap()
        .unwrap();
    assert!(frank.in_invite_group, "member through the nested group 'sales'");
    let erin = ad
        .find_person(&address("erin@corp.example.test"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(erin.email, None, "erin has no mail attribute");
    let carol = ad
        .find_person(&address("carol.clerk@corp.example.test"))
        .await
        .unwrap()
        .unwrap();
    assert!(carol.disabled);
    assert_eq!(
        ad.find_person(&address("nobody@corp.example.test")).await.unwrap(),
        None
    );
    assert_eq!(
        ad.find_person(&address("alice.archer@elsewhere.example"))
            .await
            .unwrap(),
        None
    );
}

/// The adapter's debug lines of this test binary, kept for the tests to read (one subscriber
/// for the whole binary: tests run on several threads at once).
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// The binary's one capture, installed on first use.
    fn installed() -> Self {
        static CAPTURED: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
        CAPTURED
            .get_or_init(|| {
                let captured = Captured::default();
                let writer = captured.clone();
                tracing_subscriber::fmt()
                    .with_env_filter("postern_directory=debug,probe=debug")
                    .with_ansi(false)
                    .with_writer(move || writer.clone())
                    .init();
                captured
            })
            .clone()
    }

    /// The lines logged inside the span named `probe` with this `id` since the last call.
    fn take(&self, id: &str) -> String {
        let mut all = self.0.lock().unwrap();
        let text = String::from_utf8_lossy(&all).into_owned();
        let marker = format!("probe{{id=\"{id}\"}}");
        let (mine, others): (Vec<&str>, Vec<&str>) = text.lines().partition(|l| l.contains(&marker));
        let rest: String = others.iter().map(|l| format!("{l}\n")).collect();
        *all = rest.into_bytes();
        mine.join("\n")
    }
}

/// How many entries Samba's own filter matched, as the adapter logs it before its second
/// check: one number per lookup that reached the server.
fn matched(log: &str) -> Vec<usize> {
    log.lines()
        .filter(|l| l.contains("directory lookup answered"))
        .map(|l| {
            let at = l.find("matched=").expect("matched= in the line") + "matched=".len();
            l[at..]
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect()
}

/// Filter injection, observed at the server: every hostile sign-in name and address below
/// reaches Samba (a lookup is logged for each), and Samba's filter matches nothing — the
/// escaping holds, not only the second check on our side (which would hide a wildcard that
/// matched everyone). A control lookup shows the count is real.
#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn filter_injection_is_escaped_at_the_server() {
    use tracing::Instrument;
    let captured = Captured::installed();
    let ad = directory(settings());
    let probe = || tracing::debug_span!(target: "probe", "probe", id = "injection");

    // The control: a real address matches one entry at the server.
    let alice = address("alice.archer@corp.example.test");
    assert!(ad.find_person(&alice).instrument(probe()).await.unwrap().is_some());
    assert_eq!(
        matched(&captured.take("injection")),
        [1],
        "the count is what the server matched"
    );

    let mut observed = 0;
    for evil in [
        "*@corp.example.test",
        "a*@corp.example.test",
        "*a*@corp.example.test",
        "alice.archer*@corp.example.test",
        "*lice.archer@corp.example.test",
        "{*}&!=@corp.example.test",
    ] {
        let a = EmailAddress::parse(evil).unwrap_or_else(|e| panic!("{evil} is a valid address: {e}"));
        assert_eq!(ad.find_person(&a).instrument(probe()).await.unwrap(), None, "{evil}");
        let log = captured.take("injection");
        assert_eq!(matched(&log), [0], "{evil}: reached Samba and matched nothing:\n{log}");
        observed += 1;
    }
    for login in [
        "*",
        "a*",
        "*)(mail=*",
        "*)(mail=*@corp.example.test",
        "alice@corp.example.test)(|(mail=*",
        "*)(sAMAccountName=*",
        "CORP\\*",
        "CORP\\*)(|(sAMAccountName=*",
        "*@corp.example.test",
        "alice*",
        "a*)(objectClass=*",
        "CORP\\\\2a",
        "CORP\\\\al\\\\69ce",
    ] {
        let reason = refusal(
            ad.authenticate(login, &Password::new("Alice-Passw0rd!"))
                .instrument(probe())
                .await
                .unwrap_err(),
        );
        assert_eq!(reason, "no such account", "{login}");
        let log = captured.take("injection");
        assert_eq!(matched(&log), [0], "{login}: reached Samba and matched nothing:\n{log}");
        observed += 1;
    }
    assert_eq!(observed, 19);
    postern_testkit::reliability::record(
        "LDAP filter injection: 6 hostile addresses, 13 hostile sign-in names",
        "each reaches Samba and its filter matches nothing there (RFC 4515 escaping), not only after the second check",
        "19 of 19 lookups reached Samba, 0 entries matched; the control lookup matched 1",
        "Samba AD",
    );
}

#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn ldaps_and_starttls_verify_the_test_ca_and_refuse_an_untrusted_certificate() {
    let alice = address("alice.archer@corp.example.test");
    let ldaps = ActiveDirectorySettings {
        urls: vec![env("XTASK_LDAPS_URL")],
        ..settings()
    };
    assert!(directory(ldaps.clone()).find_person(&alice).await.unwrap().is_some());
    assert!(
        directory(settings()).find_person(&alice).await.unwrap().is_some(),
        "StartTLS"
    );
    for untrusted in [
        ActiveDirectorySettings { ca_file: None, ..ldaps },
        ActiveDirectorySettings {
            ca_file: None,
            ..settings()
        },
    ] {
        let url = untrusted.urls[0].clone();
        match directory(untrusted).find_person(&alice).await {
            Err(DirectoryError::Unavailable(why)) => {
                assert!(why.contains("directory.ca_file"), "{url}: {why}");
            }
            other => panic!("{url}: expected a refused certificate, got {other:?}"),
        }
    }
}

#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn plain_ldap_only_when_allowed() {
    let plain = ActiveDirectorySettings {
        allow_plain: true,
        ca_file: None,
        ..settings()
    };
    let ad = directory(plain);
    let person = ad
        .authenticate("CORP\\bob", &Password::new("Bob-Passw0rd!"))
        .await
        .unwrap();
    assert_eq!(person.account, "bob");
}

#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn a_refused_service_account_is_named_without_its_password() {
    let wrong = ActiveDirectorySettings {
        bind_password: "Not-The-Service-Passw0rd".into(),
        ..settings()
    };
    match directory(wrong)
        .find_person(&address("alice.archer@corp.example.test"))
        .await
    {
        Err(DirectoryError::Unavailable(why)) => {
            assert!(why.contains("directory.bind_password"), "{why}");
            assert!(!why.contains("Not-The-Service-Passw0rd"), "{why}");
        }
        other => panic!("expected the service account to be refused, got {other:?}"),
    }
}

#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn a_directory_that_is_down_fails_fast_with_a_clear_message() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = ActiveDirectorySettings {
        urls: vec![format!("ldap://127.0.0.1:{port}")],
        retry_after: Duration::from_secs(60),
        ..settings()
    };
    let ad = directory(down);
    let alice = address("alice.archer@corp.example.test");
    for _ in 0..3 {
        let started = std::time::Instant::now();
        match ad.find_person(&alice).await {
            Err(DirectoryError::Unavailable(why)) => assert!(why.contains(&port.to_string()), "{why}"),
            other => panic!("expected unavailable, got {other:?}"),
        }
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "a refused server fails at once: {:?}",
            started.elapsed()
        );
        match ad.authenticate("alice", &Password::new("Alice-Passw0rd!")).await {
            Err(DirectoryError::Unavailable(_)) => {}
            other => panic!("expected unavailable, got {other:?}"),
        }
    }
    // A second server in the list is used when the first is down.
    let failover = ActiveDirectorySettings {
        urls: vec![format!("ldap://127.0.0.1:{port}"), env("XTASK_LDAP_URL")],
        ..settings()
    };
    assert!(directory(failover).find_person(&alice).await.unwrap().is_some());
}

/// The domain controller's address (for a gate in front of it).
fn samba_addr() -> std::net::SocketAddr {
    let url = env("XTASK_LDAP_URL");
    let host = url.trim_start_matches("ldap://");
    let with_port = if host.contains(':') {
        host.to_owned()
    } else {
        format!("{host}:389")
    };
    with_port.parse().expect("an address")
}

/// A server that accepts connections and then stops answering (paused, overloaded) is found out
/// within the operation deadline, counted as down — the next calls fail at once — and used
/// again once it answers and the fail-fast window has passed.
#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn a_hung_server_fails_within_the_deadline_then_at_once_until_it_answers() {
    let gate = postern_testkit::FaultProxy::start(samba_addr(), true).await;
    let hangs = ActiveDirectorySettings {
        urls: vec![format!("ldap://{}", gate.addr())],
        connect_timeout: Duration::from_secs(1),
        operation_timeout: Duration::from_secs(2),
        retry_after: Duration::from_secs(2),
        ..settings()
    };
    let ad = directory(hangs);
    let alice = address("alice.archer@corp.example.test");
    assert!(
        ad.find_person(&alice).await.unwrap().is_some(),
        "answers through the gate"
    );
    gate.set_hung(true);
    // A pooled connection stops answering: the call ends at the deadline.
    let started = std::time::Instant::now();
    let hung = ad.authenticate("alice", &Password::new("Alice-Passw0rd!")).await;
    let took = started.elapsed();
    assert!(matches!(hung, Err(DirectoryError::Unavailable(_))), "{hung:?}");
    assert!(
        took < Duration::from_millis(2600),
        "ended at the deadline, took {took:?}"
    );
    // Then it counts as down: the next calls fail at once, without even a connection
    // attempt (counted at the gate).
    let attempts = gate.connections();
    for _ in 0..3 {
        let started = std::time::Instant::now();
        assert!(matches!(
            ad.find_person(&alice).await,
            Err(DirectoryError::Unavailable(_))
        ));
        assert!(
            started.elapsed() < Duration::from_millis(200),
            "at once: {:?}",
            started.elapsed()
        );
    }
    assert_eq!(gate.connections(), attempts, "no connection tried within the window");
    postern_testkit::reliability::record(
        "the directory hangs (accepts connections, never answers)",
        "the call ends at the operation deadline (2 s); then calls fail at once without a connection attempt until retry_after",
        &format!(
            "first call failed after {:.1} s; the next 3 in under 0.2 s each, 0 new connections; answers again after the window",
            took.as_secs_f64()
        ),
        "Samba AD",
    );
    // It answers again: after the window, calls work.
    gate.set_hung(false);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert!(ad.find_person(&alice).await.unwrap().is_some());
    assert!(
        ad.authenticate("alice", &Password::new("Alice-Passw0rd!"))
            .await
            .is_ok()
    );
}

/// With a hung first server (it accepts TLS connections and never answers), the second serves,
/// within the connect timeout of the first.
#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn a_hung_first_server_is_passed_over_for_the_next() {
    for scheme in ["ldap", "ldaps"] {
        let target: std::net::SocketAddr = if scheme == "ldaps" {
            let url = env("XTASK_LDAPS_URL");
            let host = url.trim_start_matches("ldaps://");
            if host.contains(':') {
                host.to_owned()
            } else {
                format!("{host}:636")
            }
            .parse()
            .unwrap()
        } else {
            samba_addr()
        };
        let gate = postern_testkit::FaultProxy::start(target, true).await;
        gate.set_hung(true);
        let second = if scheme == "ldaps" {
            env("XTASK_LDAPS_URL")
        } else {
            env("XTASK_LDAP_URL")
        };
        let failover = ActiveDirectorySettings {
            urls: vec![format!("{scheme}://{}", gate.addr()), second],
            connect_timeout: Duration::from_secs(1),
            operation_timeout: Duration::from_secs(5),
            ..settings()
        };
        let ad = directory(failover);
        let started = std::time::Instant::now();
        let alice = ad.find_person(&address("alice.archer@corp.example.test")).await;
        assert!(alice.unwrap().is_some(), "{scheme}: the second server answered");
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{scheme}: took {:?}",
            started.elapsed()
        );
        assert!(
            ad.authenticate("alice", &Password::new("Alice-Passw0rd!"))
                .await
                .is_ok(),
            "{scheme}: sign-in through the second server"
        );
    }
}

/// Forty concurrent lookups are served by the pool: at most `pool_size` (4) connections are
/// opened, counted at a proxy in front of Samba, and they are reused by a second wave.
#[tokio::test]
#[ignore = "needs Samba AD: cargo xtask test"]
async fn pooled_connections_serve_many_concurrent_lookups() {
    let gate = postern_testkit::FaultProxy::start(samba_addr(), true).await;
    let ad = std::sync::Arc::new(directory(ActiveDirectorySettings {
        urls: vec![format!("ldap://{}", gate.addr())],
        ..settings()
    }));
    let mut counted = 0;
    for wave in 0..2 {
        let mut tasks = Vec::new();
        for i in 0..40 {
            let ad = ad.clone();
            tasks.push(tokio::spawn(async move {
                let who = if i % 2 == 0 {
                    "alice.archer@corp.example.test"
                } else {
                    "bob.baker@corp.example.test"
                };
                ad.find_person(&EmailAddress::parse(who).unwrap()).await
            }));
        }
        for t in tasks {
            assert!(t.await.unwrap().unwrap().is_some(), "wave {wave}");
        }
        assert!(
            (1..=4).contains(&gate.connections()),
            "wave {wave}: {} connections for 40 lookups",
            gate.connections()
        );
        counted = gate.connections();
    }
    postern_testkit::reliability::record(
        "2 × 40 concurrent directory lookups",
        "pooled connections: at most directory.pool_size (4), reused by the second wave",
        &format!("{counted} connections counted at the proxy"),
        "Samba AD",
    );
}
