//! What the hot pages cost the database: a small, fixed number of statements, none that
//! SQLite has to prepare again on every execution, none that writes.

use poem::http::StatusCode;
use postern_domain::user::UserKind;

use crate::harness::{Harness, PASSWORD, link_in};
use crate::scenarios::send_form;

/// A portal on SQLite where staff invited guest@example.org, the invitation delivered; the
/// guest's activation link, opened without the staff member's cookies.
async fn a_guest_link() -> (Harness, String) {
    let h = Harness::embedded().await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    h.sign_in("staff@example.com", PASSWORD).await;
    let sent = send_form(&h, &[("to", "guest@example.org")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    h.worker.drain().await.unwrap();
    let link = link_in(&h.messages().await[0].1);
    h.forget_cookies();
    (h, link)
}

/// The activation page, once warm, reads the link with its recipient, invitation, files and
/// whether the address has an account in one statement; the settings come from the process's
/// cache (read again at most once a second). The statement runs on the request's thread from a
/// read-only connection (decision 0017); it does not bind its `LIMIT` as a parameter, SQLite's
/// own counter shows it never prepared again, and opening the page writes nothing.
#[tokio::test]
async fn the_activation_page_costs_one_statement_and_prepares_none_again() {
    let (h, link) = a_guest_link().await;
    let db = h.database.clone().expect("a database");
    for _ in 0..3 {
        assert_eq!(h.get(&link).await.status, StatusCode::OK);
    }
    const GETS: u64 = 20;
    let (before, before_bound) = db.statements().read();
    let inline_before = db.statements().inline();
    for _ in 0..GETS {
        let page = h.get(&link).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("guest@example.org"));
    }
    let (after, after_bound) = db.statements().read();
    assert_eq!(after_bound - before_bound, 0, "no statement with a bound LIMIT");
    // Answered on the request's own thread (decision 0017), from a statement SQLite keeps
    // prepared: its own counter says it was never prepared again.
    assert_eq!(db.statements().inline() - inline_before, GETS, "every page read inline");
    assert_eq!(db.statements().reprepared(), 0, "SQLITE_STMTSTATUS_REPREPARE");
    // One per page; the settings may be read again once a second.
    let per_page = after - before;
    assert!(
        (GETS..=GETS + 3).contains(&per_page),
        "{per_page} statements for {GETS} pages"
    );
}

/// Waits (up to 30 s) for a `.eml` file for `address` in `pickup`; how long it took.
pub(crate) async fn arrival(pickup: std::path::PathBuf, address: &str) -> std::time::Duration {
    let address = format!("{address}__");
    let started = std::time::Instant::now();
    loop {
        let found = std::fs::read_dir(&pickup)
            .map(|d| d.flatten().any(|e| e.path().to_string_lossy().contains(&address)))
            .unwrap_or(false);
        if found {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "nothing for {address} in {}",
            pickup.display()
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// An invitation queued through the API wakes the delivery worker of `postern serve` at once:
/// with a poll of ten minutes, the message is in the pickup folder within seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_invitation_wakes_the_worker_at_once() {
    let portal = crate::browser::Portal::start_with(&[("POSTERN_DELIVERY__POLL_SECONDS", "600")]);
    portal.user("staff@example.com", "Staff", "internal", PASSWORD);
    let token = portal
        .cli(
            &["token", "create", "--user", "staff@example.com", "--name", "wake"],
            "",
        )
        .trim()
        .to_owned();
    // The worker's first round (at start) is over: it waits for the poll, or a wake.
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    sends_arrive_at_once(&portal.base, &token, &portal.data_dir().join("mail/pickup")).await;
}

/// Three invitations sent one after the other through the API at `base`, each in `pickup`
/// within seconds although the worker polls every ten minutes.
pub(crate) async fn sends_arrive_at_once(base: &str, token: &str, pickup: &std::path::Path) {
    let http = reqwest::Client::new();
    for n in 0..3 {
        let to = format!("woken-{n}@example.org");
        let sent = http
            .post(format!("{base}/api/v1/invitations"))
            .bearer_auth(token)
            .json(&serde_json::json!({ "to": to }))
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status().as_u16(), 201);
        let took = arrival(pickup.to_owned(), &to).await;
        assert!(
            took < std::time::Duration::from_secs(10),
            "message {n} waited {took:?} with a poll of 600 s"
        );
    }
}

/// Sending one invitation through the API, warm, costs eight statements: four keyed reads on
/// the request's thread (the token, its user, the email template, and whether any addressee
/// has an account, one question for the whole list), one transaction on the SQLite writer
/// thread writing the invitation, its recipient, its outbox message and its history, and one
/// there writing the audit entry (decision 0027). The token's "last used" is not written again
/// within the minute.
#[tokio::test]
async fn an_api_send_costs_four_inline_reads_and_two_writer_transactions() {
    let h = Harness::embedded().await;
    let token = crate::api::token_for(&h, "staff@example.com").await;
    h.allow_invitations().await;
    let db = h.database.clone().expect("a database");
    let send = |n: usize| {
        let body = serde_json::json!({"to": format!("guest{n}@example.org")});
        crate::api::call(&h, "POST", "/api/v1/invitations", Some(&token), Some(body))
    };
    for n in 0..3 {
        assert_eq!(send(n).await.status, StatusCode::CREATED);
    }
    for n in 10..15 {
        let (before, _) = db.statements().read();
        let inline_before = db.statements().inline();
        let written_before = db.statements().written();
        assert_eq!(send(n).await.status, StatusCode::CREATED);
        let (after, _) = db.statements().read();
        assert_eq!(db.statements().inline() - inline_before, 4, "keyed reads inline");
        assert_eq!(
            db.statements().written() - written_before,
            2,
            "the invitation and the audit entry on the writer thread"
        );
        // The settings may be read again once a second.
        assert!((8..=9).contains(&(after - before)), "{} statements", after - before);
    }
}

/// The link's one statement also says whether the address has an account: once someone has
/// one (whatever the case of its address), opening their link tells them so instead of
/// offering the form again.
#[tokio::test]
async fn opening_the_link_of_an_address_that_has_an_account_says_so() {
    let (h, link) = a_guest_link().await;
    let form = h.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("guest@example.org"), "{}", form.body);
    assert!(!form.body.contains("You already have an account"));
    h.user("Guest@Example.ORG", UserKind::External).await;
    let told = h.get(&link).await;
    assert!(
        told.body.contains("You already have an account"),
        "{}: {}",
        told.status,
        told.body
    );
    assert!(!told.body.contains("name=\"password\""), "no form to fill in again");
}
