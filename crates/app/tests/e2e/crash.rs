//! The worker process is stopped mid-round and restarted: killed, every message arrives and the
//! only duplicates are messages that were in flight, with the same Message-ID; stopped with
//! SIGTERM, the batch in flight is finished and nothing is sent twice.

use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use postern::config::Config;
use postern_domain::usecases::{InvitationForm, InvitationRequest, SendInvitations};
use postern_domain::user::UserKind;

const BATCH: usize = 50;
const INVITATIONS: usize = 6;
const PER_INVITATION: usize = 100;

struct Received {
    /// envelope recipient → Message-ID of every copy received.
    copies: HashMap<String, Vec<String>>,
}

async fn received(api: &str, from: &str) -> Received {
    let list: serde_json::Value = reqwest::get(format!("{api}/api/email"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut copies: HashMap<String, Vec<String>> = HashMap::new();
    for m in list.as_array().unwrap() {
        if m["envelope"]["from"]["address"].as_str() != Some(from) {
            continue;
        }
        let to = m["envelope"]["to"][0]["address"].as_str().unwrap().to_lowercase();
        let id = m["headers"]["message-id"].as_str().unwrap_or_default().to_owned();
        copies.entry(to).or_default().push(id);
    }
    Received { copies }
}

fn serve(dir: &std::path::Path, smtp: &str, from: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_postern"))
        .arg("serve")
        .current_dir(dir)
        .env("POSTERN_LOG", "warn")
        .env("POSTERN_SERVER__LISTEN", "127.0.0.1:0")
        .env("POSTERN_MAIL__SMTP__URL", format!("smtp+plain://{smtp}"))
        .env("POSTERN_MAIL__FROM", from)
        .env("POSTERN_DELIVERY__BATCH", BATCH.to_string())
        .env("POSTERN_DELIVERY__POLL_SECONDS", "1")
        .env("POSTERN_DELIVERY__LEASE_SECONDS", "2")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Queues the invitations with the library, as the web front end would; the recipients.
async fn queue(dir: &std::path::Path) -> HashSet<String> {
    let mut config = Config::default();
    config.server.data_dir = dir.join("var");
    let runtime = postern::open(config).await.unwrap();
    let accounts = postern_domain::usecases::Accounts::new(&runtime.ports);
    let sender = accounts
        .create_user(
            None,
            postern_domain::usecases::NewUser {
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
    let send = SendInvitations::new(&runtime.ports);
    let mut expected = HashSet::new();
    let tag = dir
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_lowercase()
        .replace(|c: char| !c.is_ascii_alphanumeric(), "");
    for i in 0..INVITATIONS {
        let to: Vec<String> = (0..PER_INVITATION)
            .map(|j| format!("crash-{tag}-{i}-{j}@example.org"))
            .collect();
        expected.extend(to.iter().cloned());
        let to = to.join("; ");
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
    expected
}

/// A sender address of its own, so that tests sharing one maildev count only their messages.
fn sender_address(prefix: &str) -> String {
    let mut tag = [0u8; 6];
    getrandom::fill(&mut tag).unwrap();
    format!(
        "{prefix}-{}@example.com",
        tag.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

/// Waits until the first messages arrive.
async fn first_deliveries(api: &str, from: &str) {
    let started = Instant::now();
    loop {
        if !received(api, from).await.copies.is_empty() {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the worker never started delivering"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Waits until every expected message arrived (and a little longer, to catch a second copy).
async fn all_delivered(api: &str, from: &str, expected: usize) -> Received {
    let started = Instant::now();
    loop {
        let r = received(api, from).await;
        if r.copies.len() >= expected {
            tokio::time::sleep(Duration::from_secs(2)).await;
            return received(api, from).await;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "only {} of {expected} arrived",
            r.copies.len()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// SIGTERM in the middle of a 500-message round: the server stops taking requests, finishes
/// the batch in flight and exits 0; after a restart every message has arrived exactly once.
#[tokio::test]
#[ignore = "needs maildev: cargo xtask test"]
async fn sigterm_finishes_the_batch_in_flight_and_nothing_is_sent_twice() {
    let smtp = std::env::var("XTASK_MAILDEV_SMTP").expect("run through cargo xtask test");
    let api = std::env::var("XTASK_MAILDEV_API").expect("run through cargo xtask test");
    let dir = tempfile::tempdir().unwrap();
    let from = sender_address("sigterm");
    let expected = queue(dir.path()).await;
    let first = serve(dir.path(), &smtp, &from);
    first_deliveries(&api, &from).await;
    let term = Command::new("kill")
        .args(["-TERM", &first.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let output = first.wait_with_output().unwrap();
    assert!(output.status.success(), "a clean stop exits 0: {:?}", output.status);
    let at_stop = received(&api, &from).await;
    assert!(
        at_stop.copies.len() < expected.len(),
        "stopped before the end ({} delivered)",
        at_stop.copies.len()
    );
    assert_eq!(
        at_stop.copies.len() % BATCH,
        0,
        "whole batches only: the one in flight was finished ({} delivered)",
        at_stop.copies.len()
    );
    let mut second = serve(dir.path(), &smtp, &from);
    let done = all_delivered(&api, &from, expected.len()).await;
    second.kill().unwrap();
    second.wait().unwrap();
    let arrived: HashSet<String> = done.copies.keys().cloned().collect();
    assert_eq!(arrived, expected, "every message arrives");
    let twice: Vec<_> = done.copies.iter().filter(|(_, ids)| ids.len() > 1).collect();
    assert!(twice.is_empty(), "nothing is sent twice after a clean stop: {twice:?}");
}

#[tokio::test]
#[ignore = "needs maildev: cargo xtask test"]
async fn a_killed_worker_loses_nothing_and_duplicates_only_what_was_in_flight() {
    let smtp = std::env::var("XTASK_MAILDEV_SMTP").expect("run through cargo xtask test");
    let api = std::env::var("XTASK_MAILDEV_API").expect("run through cargo xtask test");
    let dir = tempfile::tempdir().unwrap();
    let from = sender_address("crash");
    let expected = queue(dir.path()).await;

    let mut first = serve(dir.path(), &smtp, &from);
    let started = Instant::now();
    loop {
        let got = received(&api, &from).await.copies.len();
        if got > 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the worker never started delivering"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    first.kill().unwrap(); // SIGKILL: no chance to finish the round
    first.wait().unwrap();
    let at_kill = received(&api, &from).await.copies.len();
    assert!(at_kill < expected.len(), "killed before the end ({at_kill} delivered)");

    let mut second = serve(dir.path(), &smtp, &from);
    let started = Instant::now();
    let done = loop {
        let r = received(&api, &from).await;
        if r.copies.len() >= expected.len() {
            // Give the worker a moment to send anything it would wrongly send twice.
            tokio::time::sleep(Duration::from_secs(2)).await;
            break received(&api, &from).await;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "only {} of {} arrived",
            r.copies.len(),
            expected.len()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    second.kill().unwrap();
    second.wait().unwrap();

    let arrived: HashSet<String> = done.copies.keys().cloned().collect();
    assert_eq!(arrived, expected, "every message arrives");
    let duplicates: Vec<&Vec<String>> = done.copies.values().filter(|ids| ids.len() > 1).collect();
    eprintln!(
        "killed after {at_kill} deliveries; {} duplicates after the restart",
        duplicates.len()
    );
    assert!(
        duplicates.len() <= BATCH,
        "{} duplicates; at most one round ({BATCH}) was in flight",
        duplicates.len()
    );
    for ids in duplicates {
        assert!(
            ids.iter().all(|id| id == &ids[0]),
            "a duplicate carries the same Message-ID: {ids:?}"
        );
    }
}
