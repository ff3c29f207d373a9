//! Benchmark: sending one invitation to 100 recipients on SQLite and on PostgreSQL (started by
//! `cargo xtask bench`), next to the floor: a plain SQL transaction inserting the same rows
//! (the invitation, 100 recipients, 100 outbox messages) from statements built beforehand,
//! with no application code in the timed part. Appends its section to the file given as the
//! first argument.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: failing loudly is the point

mod engines;

use std::time::{Duration, Instant};

use postern::config::Config;
use postern_domain::EmailAddress;
use postern_domain::password::Password;
use postern_domain::text::DisplayName;
use postern_domain::usecases::{Accounts, InvitationForm, InvitationRequest, NewUser, SendInvitations};
use postern_domain::user::{User, UserKind};
use postern_storage::SqlStore;
use postern_storage::entities::{invitation, outbox, recipient};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryTrait, Statement, TransactionTrait,
};

const RUNS: usize = 60;
const WARMUP: usize = 10;
const RECIPIENTS: usize = 100;

fn percentiles(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let at = |p: f64| samples[((p / 100.0) * (samples.len() as f64 - 1.0)).round() as usize].as_secs_f64() * 1e3;
    (at(50.0), at(99.0))
}

fn fresh_id() -> sea_orm::prelude::Uuid {
    postern_domain::ids::RecipientId::generate(&postern::adapters::OsRandom).as_uuid()
}

fn to_field(run: usize) -> String {
    (0..RECIPIENTS)
        .map(|i| format!("person{i}-{run}@example.org"))
        .collect::<Vec<_>>()
        .join("; ")
}

async fn send_once(send: &SendInvitations, user: &User, run: usize) -> Duration {
    let to = to_field(run);
    let key = format!("bench-{run}");
    let form = InvitationForm {
        to: &to,
        cc: "",
        bcc: "",
        subject: "Benchmark invitation",
        message: "Please create your account.",
        options: Default::default(),
        idempotency_key: Some(&key),
    };
    let started = Instant::now();
    let request = InvitationRequest::parse(&form).unwrap();
    let sent = send.execute(user, request).await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(sent.invitation.recipients.len(), RECIPIENTS);
    elapsed
}

/// The rows one send wrote, copied with fresh ids and built into INSERT statements.
async fn floor_statements(
    db: &sea_orm::DatabaseConnection,
    template: sea_orm::prelude::Uuid,
    copy: usize,
) -> Vec<Statement> {
    let backend = db.get_database_backend();
    let mut inv = invitation::Entity::find_by_id(template).one(db).await.unwrap().unwrap();
    let mut recipients = recipient::Entity::find()
        .filter(recipient::Column::InvitationId.eq(template))
        .all(db)
        .await
        .unwrap();
    let ids: Vec<String> = recipients.iter().map(|r| r.id.to_string()).collect();
    let mut messages: Vec<outbox::Model> = outbox::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| ids.iter().any(|id| m.kind.contains(id.as_str())))
        .collect();
    assert_eq!(messages.len(), RECIPIENTS, "one outbox message per recipient");
    let new_invitation = fresh_id();
    inv.id = new_invitation;
    inv.idempotency_key = Some(format!("floor-{copy}"));
    for r in &mut recipients {
        let old = r.id.to_string();
        r.id = fresh_id();
        r.invitation_id = new_invitation;
        r.email = format!("floor{copy}-{}", r.email);
        r.email_normalized = format!("floor{copy}-{}", r.email_normalized);
        for m in messages.iter_mut().filter(|m| m.kind.contains(old.as_str())) {
            m.id = fresh_id();
            m.kind = m.kind.replace(old.as_str(), &r.id.to_string());
        }
    }
    vec![
        invitation::Entity::insert(inv.into_active_model()).build(backend),
        recipient::Entity::insert_many(recipients.into_iter().map(IntoActiveModel::into_active_model)).build(backend),
        outbox::Entity::insert_many(messages.into_iter().map(IntoActiveModel::into_active_model)).build(backend),
    ]
}

async fn engine(name: &str, url: String, dir: &std::path::Path, md: &mut String) {
    let mut config = Config::default();
    config.server.data_dir = dir.join(name);
    config.database.url = serde_json::from_value(serde_json::json!(url.clone())).unwrap();
    let runtime = postern::open(config).await.unwrap();
    let ports = runtime.ports.clone();
    let user = Accounts::new(&ports)
        .create_user(
            None,
            NewUser {
                email: EmailAddress::parse("bench@example.com").unwrap(),
                display_name: DisplayName::parse("Bench Sender").unwrap(),
                kind: UserKind::Internal,
                password: Password::new("quiet-harbour-lantern-47"),
            },
        )
        .await
        .unwrap();
    ports
        .users
        .set_invitation_setting(user.id, postern_domain::policy::InvitationSetting::Allow)
        .await
        .unwrap();
    let user = ports.users.find_user(user.id).await.unwrap().unwrap();
    let send = SendInvitations::new(&ports);
    let mut app = Vec::new();
    for run in 0..WARMUP + RUNS {
        let t = send_once(&send, &user, run).await;
        if run >= WARMUP {
            app.push(t);
        }
    }
    // The floor: the same rows through a second connection pool, statements built beforehand.
    let store = SqlStore::connect(&url).await.unwrap();
    let db = store.connection();
    let template = invitation::Entity::find()
        .filter(invitation::Column::IdempotencyKey.eq("bench-0"))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let mut prepared = Vec::new();
    for copy in 0..WARMUP + RUNS {
        prepared.push(floor_statements(db, template, copy).await);
    }
    let mut floor = Vec::new();
    for (copy, statements) in prepared.into_iter().enumerate() {
        let started = Instant::now();
        let txn = db.begin().await.unwrap();
        for s in statements {
            txn.execute_raw(s).await.unwrap();
        }
        txn.commit().await.unwrap();
        if copy >= WARMUP {
            floor.push(started.elapsed());
        }
    }
    let (a, f) = (percentiles(app), percentiles(floor));
    md.push_str(&format!(
        "| {name} | {:.2} / {:.2} | {:.2} / {:.2} | **{:.2}×** |\n",
        a.0,
        a.1,
        f.0,
        f.1,
        a.0 / f.0
    ));
    print!("{md}");
}

#[tokio::main]
async fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "docs/benchmarks.md".into());
    let mut md = format!(
        "\n## Sending one invitation to 100 recipients, by engine\n\n\
         Command: `cargo xtask bench` (runs `cargo run --release -p postern --example bench_send_engines`). \
         *Send* is the use case as the form and the API call it: parse the form, load the settings, check the \
         idempotency key, one transaction writing the invitation, 100 recipients and 100 outbox messages, one \
         audit entry. The *floor* is a plain SQL transaction inserting the same rows (copied with new ids) from \
         INSERT statements built beforehand: no application code in the timed part. {RUNS} runs after {WARMUP} \
         warm-up runs, each engine with its own fresh database; milliseconds, p50 / p99; the ratio is of the p50s \
         (goal: at most 2×).\n\n\
         | engine | send | floor | ratio |\n|---|---:|---:|---:|\n"
    );
    let dir = tempfile::tempdir().unwrap();
    engine(
        "SQLite",
        format!("sqlite://{}/bench-send.db?mode=rwc", dir.path().display()),
        dir.path(),
        &mut md,
    )
    .await;
    let url = engines::fresh_postgres("bench_send").await;
    engine("PostgreSQL", url, dir.path(), &mut md).await;
    engines::append(&out, &md);
}
