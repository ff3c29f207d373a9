//! Races run the way people and scripts race: concurrent HTTP requests against a real
//! `postern serve`, on SQLite and on PostgreSQL, with every racer different, so that only the
//! mechanism under test can pick the single winner.

use std::sync::Arc;

use crate::browser::Portal;
use crate::harness::{PASSWORD, fresh_postgres_url, link_in};

const RACERS: usize = 20;

/// A portal on `engine` ("SQLite" or "PostgreSQL") that lets many activation attempts through.
async fn portal(engine: &str) -> (Portal, Option<String>) {
    let url = match engine {
        "PostgreSQL" => Some(fresh_postgres_url().await),
        _ => None,
    };
    let mut settings = vec![("POSTERN_SECURITY__ACTIVATION_PER_MINUTE", "1000")];
    if let Some(url) = &url {
        settings.push(("POSTERN_DATABASE__URL", url.as_str()));
    }
    (Portal::start_with(&settings), url)
}

/// The runtime of a portal's database, to read what the racers left.
async fn runtime_of(portal: &Portal, url: Option<&str>) -> postern::Runtime {
    let mut config = postern::config::Config::default();
    config.server.data_dir = portal.data_dir();
    if let Some(url) = url {
        config.database.url = serde_json::from_value(serde_json::json!(url)).unwrap();
    }
    postern::open(config).await.unwrap()
}

/// Twenty people open one activation link at the same moment, each with another display name
/// and password. Exactly one gets the account (201), with *their* name and password; every
/// other is told the link was used (410 `token_used`) — refused by the link's single use, not
/// by the unique address (which would answer 409 `account_exists`); one `account.created` in
/// the audit log.
async fn one_link_twenty_racers(engine: &str) {
    let (portal, url) = portal(engine).await;
    portal.user("staff@example.com", "Staff", "internal", PASSWORD);
    let token = portal.cli(
        &["token", "create", "--user", "staff@example.com", "--name", "race"],
        "",
    );
    let http = reqwest::Client::new();
    let sent = http
        .post(format!("{}/api/v1/invitations", portal.base))
        .bearer_auth(token.trim())
        .json(&serde_json::json!({"to": "racer@example.org"}))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status().as_u16(), 201, "{}", sent.text().await.unwrap());
    let link = link_in(&portal.message_to("racer@example.org"));
    let activation = link.trim_start_matches("/activate/").to_owned();
    let start = Arc::new(tokio::sync::Barrier::new(RACERS));
    let mut racers = Vec::new();
    for i in 0..RACERS {
        let (http, start) = (http.clone(), start.clone());
        let uri = format!("{}/api/v1/activation/{activation}", portal.base);
        racers.push(tokio::spawn(async move {
            start.wait().await;
            let resp = http
                .post(uri)
                .json(&serde_json::json!({
                    "display_name": format!("Racer {i}"),
                    "password": format!("Tidal-{i}-Lantern-Harbour!"),
                }))
                .send()
                .await
                .unwrap();
            let status = resp.status().as_u16();
            let body: serde_json::Value = resp.json().await.unwrap();
            (i, status, body["error"]["code"].as_str().unwrap_or_default().to_owned())
        }));
    }
    let mut results = Vec::new();
    for r in racers {
        results.push(r.await.unwrap());
    }
    let winners: Vec<usize> = results.iter().filter(|r| r.1 == 201).map(|r| r.0).collect();
    assert_eq!(winners.len(), 1, "{engine}: exactly one account: {results:?}");
    let winner = winners[0];
    let losers: Vec<&(usize, u16, String)> = results.iter().filter(|r| r.1 != 201).collect();
    assert!(
        losers
            .iter()
            .all(|(_, status, code)| *status == 410 && code == "token_used"),
        "{engine}: every other racer is refused by the used link: {losers:?}"
    );

    let rt = runtime_of(&portal, url.as_deref()).await;
    let racer = postern_domain::EmailAddress::parse("racer@example.org").unwrap();
    let user = rt.ports.users.find_user_by_email(&racer).await.unwrap().unwrap();
    assert_eq!(user.display_name.as_str(), format!("Racer {winner}"), "{engine}");
    let hash = user.password_hash.clone().unwrap();
    let hasher = &rt.ports.hasher;
    let password = |i: usize| postern_domain::password::Password::new(format!("Tidal-{i}-Lantern-Harbour!"));
    assert!(
        hasher.verify(&password(winner), &hash).await.unwrap(),
        "the winner's password"
    );
    let other = (winner + 1) % RACERS;
    assert!(!hasher.verify(&password(other), &hash).await.unwrap(), "no one else's");
    let created = rt
        .ports
        .audit
        .recent(1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "account.created" && e.actor.as_deref() == Some("racer@example.org"))
        .count();
    assert_eq!(created, 1, "{engine}: one account.created");
    postern_testkit::reliability::record(
        "20 concurrent activations of one link over HTTP, each with its own name and password",
        "one account, with the winner's name and password; the others refused by the used link",
        &format!("1 × 201, {} × 410 token_used, 0 × 409; 1 account.created", losers.len()),
        engine,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_activation_link_raced_twenty_times_on_sqlite() {
    one_link_twenty_racers("SQLite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL: cargo xtask test"]
async fn one_activation_link_raced_twenty_times_on_postgresql() {
    one_link_twenty_racers("PostgreSQL").await;
}
