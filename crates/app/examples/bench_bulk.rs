//! Benchmark: importing a list of 10,000 invitees (37 bad rows) on SQLite and on PostgreSQL
//! (started by `cargo xtask bench`): reading the CSV, the dry run that checks every row, and
//! the real run that queues the 9,963 others. Appends its section to the file given as the
//! first argument.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: failing loudly is the point

mod engines;

use std::time::{Duration, Instant};

use postern::config::Config;
use postern_domain::bulk::{BulkFormat, read};
use postern_domain::password::Password;
use postern_domain::text::DisplayName;
use postern_domain::usecases::{Accounts, BulkInvitations, BulkRequest, NewUser};
use postern_domain::user::{User, UserKind};
use postern_domain::{EmailAddress, MessageBody, Subject};
use postern_testkit::bulk::{DENIED_DOMAIN, LIST_SENDER, existing_accounts, invitee_list};

const ROWS: usize = 10_000;
const BAD: usize = 37;
const RUNS: usize = 3;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn rate(rows: usize, d: Duration) -> String {
    format!("{:.0}", rows as f64 / d.as_secs_f64())
}

async fn user(ports: &postern_domain::usecases::Ports, email: &str, kind: UserKind) -> User {
    Accounts::new(ports)
        .create_user(
            None,
            NewUser {
                email: EmailAddress::parse(email).unwrap(),
                display_name: DisplayName::parse("Bench Person").unwrap(),
                kind,
                password: Password::new("quiet-harbour-lantern-47"),
            },
        )
        .await
        .unwrap()
}

async fn engine(name: &str, url: String, dir: &std::path::Path, md: &mut String) {
    let mut config = Config::default();
    config.server.data_dir = dir.join(name);
    config.database.url = serde_json::from_value(serde_json::json!(url)).unwrap();
    let runtime = postern::open(config).await.unwrap();
    let ports = runtime.ports.clone();
    let sender = user(&ports, LIST_SENDER, UserKind::Internal).await;
    ports
        .users
        .set_invitation_setting(sender.id, postern_domain::policy::InvitationSetting::Allow)
        .await
        .unwrap();
    let sender = ports.users.find_user(sender.id).await.unwrap().unwrap();
    for address in existing_accounts() {
        user(&ports, &address, UserKind::External).await;
    }
    let mut settings = std::sync::Arc::unwrap_or_clone(ports.settings.load_settings().await.unwrap());
    settings.recipients.denied_domains = vec![DENIED_DOMAIN.into()];
    ports.settings.save_settings(&settings).await.unwrap();
    let bulk = BulkInvitations::new(&ports);
    let (text, expected) = invitee_list(ROWS, BAD);
    let (mut reading, mut checking, mut importing) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..RUNS {
        let started = Instant::now();
        let rows = read(BulkFormat::Csv, text.as_bytes()).unwrap();
        reading.push(started.elapsed());
        let request = BulkRequest {
            format: BulkFormat::Csv,
            rows,
            subject: Subject::parse("Benchmark invitation").unwrap(),
            message: MessageBody::parse("Please create your account.").unwrap(),
            options: Default::default(),
            idempotency_key: Some(format!("bench-bulk-{run}")),
        };
        let started = Instant::now();
        let dry = bulk.import(&sender, &request, true).await.unwrap();
        checking.push(started.elapsed());
        assert_eq!(dry.issues.len(), expected.len());
        let started = Instant::now();
        let done = bulk.import(&sender, &request, false).await.unwrap();
        importing.push(started.elapsed());
        assert_eq!(done.queued, ROWS - BAD);
    }
    let (r, c, i) = (median(reading), median(checking), median(importing));
    md.push_str(&format!(
        "| {name} | {:.0} ms ({} rows/s) | {:.0} ms ({} rows/s) | {:.0} ms ({} rows/s) |\n",
        r.as_secs_f64() * 1e3,
        rate(ROWS, r),
        c.as_secs_f64() * 1e3,
        rate(ROWS, c),
        i.as_secs_f64() * 1e3,
        rate(ROWS, i),
    ));
    print!("{md}");
}

#[tokio::main]
async fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "docs/benchmarks.md".into());
    let mut md = format!(
        "\n## Importing a list of {ROWS} invitees\n\n\
         Command: `cargo xtask bench` (runs `cargo run --release -p postern --example bench_bulk`). A CSV of \
         {ROWS} invitees with {BAD} bad rows of every kind (addresses, duplicates, the sender's own, existing \
         accounts, a refused domain, languages, names): *read* parses it, the *dry run* checks every row (one \
         question per thousand addresses for existing accounts) and writes nothing, the *import* checks again and \
         queues the {} others in invitations of 100 recipients (the default limit), each with its history. Median \
         of {RUNS} runs, each engine with its own fresh database.\n\n\
         | engine | read | dry run | import |\n|---|---:|---:|---:|\n",
        ROWS - BAD
    );
    let dir = tempfile::tempdir().unwrap();
    engine(
        "SQLite",
        format!("sqlite://{}/bench-bulk.db?mode=rwc", dir.path().display()),
        dir.path(),
        &mut md,
    )
    .await;
    let url = engines::fresh_postgres("bench_bulk").await;
    engine("PostgreSQL", url, dir.path(), &mut md).await;
    engines::append(&out, &md);
}
