//! Benchmark: storage at size. Fills SQLite and PostgreSQL (started by `cargo xtask bench`)
//! with invitation recipients and their link digests, and measures token lookup and the first
//! page of "my invitations" at 1,000 and at 1,000,000 recipients, in one run. Appends its
//! section to the file given as the first argument.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: failing loudly is the point

use std::io::Write;
use std::time::{Duration, Instant};

use postern_domain::ids::{InvitationId, RecipientId, UserId};
use postern_domain::invitation::{
    Invitation, InvitationRecipient, IssuedToken, RecipientKind, RecipientState, TokenState,
};
use postern_domain::policy::{DeliveryOptionPolicy, InvitationSetting, RequestedOptions};
use postern_domain::ports::{InvitationRepository, TokenSource, UserRepository};
use postern_domain::token::{ActivationToken, TokenDigest};
use postern_domain::user::{PasswordHash, User, UserKind, UserStatus};
use postern_domain::{DisplayName, EmailAddress, MessageBody, Recipient, Role, Subject};
use postern_storage::SqlStore;
use postern_testkit::SeededRandom;

const SENDERS: usize = 100;
const PER_INVITATION: usize = 100;

fn user(r: &dyn TokenSource, i: usize) -> User {
    User {
        id: UserId::generate(r),
        email: EmailAddress::parse(&format!("sender{i}@example.com")).unwrap(),
        display_name: DisplayName::parse("Sender").unwrap(),
        kind: UserKind::Internal,
        status: UserStatus::Active,
        invitation_setting: InvitationSetting::Allow,
        password_hash: Some(PasswordHash::new("x".into())),
        directory_may_invite: false,
        quota: None,
        sponsor_id: None,
        last_seen_at: None,
        created_at: time::macros::datetime!(2026-01-01 0:00 UTC),
    }
}

struct Filled {
    senders: Vec<User>,
    digests: Vec<TokenDigest>,
    invitations: usize,
    recipients: usize,
}

/// Adds invitations until `target` recipients exist; each recipient has one live link.
async fn fill(store: &SqlStore, r: &SeededRandom, filled: &mut Filled, target: usize) -> Duration {
    fill_for(store, r, filled, target, None).await
}

/// Adds invitations; with `only`, each invitation goes from that sender to one recipient.
async fn fill_for(
    store: &SqlStore,
    r: &SeededRandom,
    filled: &mut Filled,
    target: usize,
    only: Option<usize>,
) -> Duration {
    let started = Instant::now();
    let options = DeliveryOptionPolicy::default()
        .resolve(&RequestedOptions::default())
        .unwrap();
    let subject = Subject::parse("Benchmark").unwrap();
    let message = MessageBody::parse("Benchmark").unwrap();
    let per_invitation = if only.is_some() { 1 } else { PER_INVITATION };
    let mut added = 0;
    while filled.recipients < target {
        let n = filled.invitations;
        // Sender 0 is "me" (measured); the bulk comes from the others.
        let sender = &filled.senders[only.unwrap_or(1 + n % (SENDERS - 1))];
        let at = time::macros::datetime!(2026-01-01 0:00 UTC) + time::Duration::seconds(n as i64);
        let recipients: Vec<InvitationRecipient> = (0..per_invitation)
            .map(|j| InvitationRecipient {
                id: RecipientId::generate(r),
                recipient: Recipient::new(EmailAddress::parse(&format!("r{n}-{j}@example.org")).unwrap(), None),
                role: Role::To,
                kind: RecipientKind::External,
                state: RecipientState::Sent,
                sent_at: Some(at),
                expires_at: Some(at + time::Duration::days(14)),
                accepted_at: None,
                last_delivery_note: None,
                reminders_sent: 0,
                next_reminder_at: None,
                renewal_requested_at: None,
                opened_at: None,
            })
            .collect();
        let tokens: Vec<IssuedToken> = recipients
            .iter()
            .map(|rc| {
                let t = ActivationToken::generate(r);
                IssuedToken {
                    digest: t.digest(),
                    recipient_id: rc.id,
                    issued_at: at,
                    expires_at: at + time::Duration::days(14),
                    state: TokenState::Live,
                }
            })
            .collect();
        let invitation = Invitation {
            id: InvitationId::generate(r),
            sender_id: sender.id,
            sender_email: sender.email.clone(),
            sender_name: sender.display_name.clone(),
            subject: subject.clone(),
            message: message.clone(),
            options,
            created_at: at,
            idempotency_key: None,
            recipients,
            attachments: Vec::new(),
            kind: Default::default(),
            language: postern_domain::Language::En,
        };
        store.create_invitation(&invitation, &[]).await.unwrap();
        store.add_tokens(&tokens).await.unwrap();
        if filled.digests.len() < 100_000 {
            filled.digests.extend(tokens.iter().step_by(10).map(|t| t.digest));
        }
        filled.invitations += 1;
        filled.recipients += per_invitation;
        added += 1;
        if only.is_some() && added == 20 {
            break;
        }
    }
    started.elapsed()
}

fn percentiles(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let at = |p: f64| samples[((p / 100.0) * (samples.len() as f64 - 1.0)).round() as usize].as_secs_f64() * 1e6;
    (at(50.0), at(99.0))
}

/// Adds users `person{from}` to `person{to - 1}` (every twentieth waiting for approval) and
/// as many audit entries (every tenth an `invitation.refused`), in bulk SQL: the console's
/// user and audit lists at size.
async fn fill_people(store: &SqlStore, from: usize, to: usize) {
    use sea_orm::ConnectionTrait;
    let db = store.connection();
    let postgres = db.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
    let (series, id) = if postgres {
        (
            format!("generate_series({from}, {}) AS s(i)", to - 1),
            "gen_random_uuid()",
        )
    } else {
        (String::from("s"), "randomblob(16)")
    };
    let with = if postgres {
        String::new()
    } else {
        format!(
            "WITH RECURSIVE s(i) AS (SELECT {from} UNION ALL SELECT i + 1 FROM s WHERE i < {}) ",
            to - 1
        )
    };
    // Copies the columns a real user has from sender 1.
    db.execute_unprepared(&format!(
        "{with}INSERT INTO users (id, email, email_normalized, display_name, kind, status, invitation_setting, \
         password_hash, created_at, last_seen_at, directory_may_invite) \
         SELECT {id}, 'person' || i || '@example.org', 'person' || i || '@example.org', 'Person ' || i, 'external', \
         CASE WHEN i % 20 = 7 THEN 'pending_approval' ELSE 'active' END, u.invitation_setting, u.password_hash, \
         u.created_at, NULL, u.directory_may_invite FROM {series}, users u WHERE u.email_normalized = 'sender1@example.com'"
    ))
    .await
    .unwrap();
    db.execute_unprepared(&format!(
        "{with}INSERT INTO audit_log (at, actor, action, subject, detail) \
         SELECT 1767225600000000 + CAST(i AS BIGINT) * 1000000, 'actor' || (i % 1000) || '@example.com', \
         CASE WHEN i % 10 = 3 THEN 'invitation.refused' ELSE 'invitation.sent' END, \
         'r' || i || '@example.org', 'one recipient' FROM {series}"
    ))
    .await
    .unwrap();
}

/// The admin lists measured: (list, filter, what it does).
const ADMIN_QUERIES: [(&str, &str); 6] = [
    ("All invitations", "state `sent` (nearly every recipient)"),
    (
        "All invitations",
        "recipient `9-` (the invitations whose number ends in 9: one in ten)",
    ),
    ("Users", "status waiting for approval (one in twenty)"),
    ("Users", "text `person` (nearly every user)"),
    ("Audit log", "action `invitation.refused` (one in ten)"),
    ("Audit log", "text `actor9` (one in ten)"),
];

/// The first page of each administrators' list, filtered by the database: p50 / p99 each.
async fn admin_pages(store: &SqlStore) -> Vec<(f64, f64)> {
    use postern_domain::ports::AuditLog;
    use postern_domain::query::{AuditQuery, InvitationQuery, SearchText, UserQuery};
    use postern_domain::user::UserStatus;
    let now = time::macros::datetime!(2026-01-02 0:00 UTC);
    let invitations = [
        InvitationQuery {
            state: InvitationQuery::state_named("sent"),
            ..InvitationQuery::default()
        },
        InvitationQuery {
            recipient: SearchText::parse("9-"),
            ..InvitationQuery::default()
        },
    ];
    let users = [
        UserQuery {
            status: Some(UserStatus::PendingApproval),
            ..UserQuery::default()
        },
        UserQuery {
            text: SearchText::parse("person"),
            ..UserQuery::default()
        },
    ];
    let audit = [
        AuditQuery {
            action: Some("invitation.refused".into()),
            ..AuditQuery::default()
        },
        AuditQuery {
            text: SearchText::parse("actor9"),
            ..AuditQuery::default()
        },
    ];
    let mut out = Vec::new();
    let time = |found: usize, started: Instant, samples: &mut Vec<Duration>, i: usize| {
        assert!(found > 0, "a page is never empty here");
        if i >= 10 {
            samples.push(started.elapsed());
        }
    };
    for query in &invitations {
        let mut samples = Vec::new();
        for i in 0..60 {
            let started = Instant::now();
            let page = store.search_recipients(query, now, None, 50).await.unwrap();
            time(page.invitations.len(), started, &mut samples, i);
        }
        out.push(percentiles(samples));
    }
    for query in &users {
        let mut samples = Vec::new();
        for i in 0..60 {
            let started = Instant::now();
            let page = store.search_users(query, None, 50).await.unwrap();
            time(page.users.len(), started, &mut samples, i);
        }
        out.push(percentiles(samples));
    }
    for query in &audit {
        let mut samples = Vec::new();
        for i in 0..60 {
            let started = Instant::now();
            let page = store.search_audit(query, None, 50).await.unwrap();
            time(page.events.len(), started, &mut samples, i);
        }
        out.push(percentiles(samples));
    }
    out
}

async fn measure(store: &SqlStore, filled: &Filled, r: &SeededRandom) -> ((f64, f64), (f64, f64)) {
    let mut lookups = Vec::new();
    for i in 0..400 {
        let mut pick = [0u8; 4];
        r.fill(&mut pick);
        let digest = filled.digests[u32::from_le_bytes(pick) as usize % filled.digests.len()];
        let started = Instant::now();
        let found = store.find_token(&digest).await.unwrap();
        if i >= 20 {
            lookups.push(started.elapsed());
        }
        assert!(found.is_some());
    }
    let mut pages = Vec::new();
    for i in 0..200 {
        let sender = &filled.senders[0];
        let started = Instant::now();
        let page = store.list_by_sender(sender.id, None, 20).await.unwrap();
        if i >= 10 {
            pages.push(started.elapsed());
        }
        assert_eq!(page.invitations.len(), 20);
    }
    (percentiles(lookups), percentiles(pages))
}

async fn engine(name: &str, store: SqlStore, md: &mut String, admin_md: &mut String) {
    let r = SeededRandom::new(7);
    let mut filled = Filled {
        senders: (0..SENDERS).map(|i| user(&r, i)).collect(),
        digests: Vec::new(),
        invitations: 0,
        recipients: 0,
    };
    for u in &filled.senders {
        store.create_user(u).await.unwrap();
    }
    fill_for(&store, &r, &mut filled, usize::MAX, Some(0)).await;
    fill(&store, &r, &mut filled, 1_000).await;
    {
        use sea_orm::ConnectionTrait;
        store.connection().execute_unprepared("ANALYZE").await.unwrap();
    }
    fill_people(&store, 0, 1_000).await;
    {
        use sea_orm::ConnectionTrait;
        store.connection().execute_unprepared("ANALYZE").await.unwrap();
    }
    let small = measure(&store, &filled, &r).await;
    let small_admin = admin_pages(&store).await;
    let fill_time = fill(&store, &r, &mut filled, 1_000_000).await;
    fill_people(&store, 1_000, 1_000_000).await;
    // What autovacuum (PostgreSQL) or a maintenance run (SQLite) does after a bulk load.
    use sea_orm::ConnectionTrait;
    store.connection().execute_unprepared("ANALYZE").await.unwrap();
    let large = measure(&store, &filled, &r).await;
    let large_admin = admin_pages(&store).await;
    for (((list, filter), small), large) in ADMIN_QUERIES.iter().zip(&small_admin).zip(&large_admin) {
        admin_md.push_str(&format!(
            "| {name} | {list} | {filter} | {:.0} / {:.0} | {:.0} / {:.0} | {:.2}× |\n",
            small.0,
            small.1,
            large.0,
            large.1,
            large.0 / small.0,
        ));
    }
    md.push_str(&format!(
        "| {name} | {:.1} s | {:.0} / {:.0} | {:.0} / {:.0} | {:.2}× | {:.0} / {:.0} | {:.0} / {:.0} | {:.2}× |\n",
        fill_time.as_secs_f64(),
        small.0.0,
        small.0.1,
        large.0.0,
        large.0.1,
        large.0.0 / small.0.0,
        small.1.0,
        small.1.1,
        large.1.0,
        large.1.1,
        large.1.0 / small.1.0,
    ));
    print!("{md}");
}

#[tokio::main]
async fn main() {
    use sea_orm::ConnectionTrait;
    let out = std::env::args().nth(1).unwrap_or_else(|| "docs/benchmarks.md".into());
    let mut md = String::from(
        "\n## Storage at a million recipients\n\n\
         Command: `cargo xtask bench` (runs `cargo run --release -p postern --example bench_storage`). Each engine is \
         filled with invitations of 100 recipients from 100 senders, every recipient with one live link digest; \
         measured at 1,000 recipients, then filled to 1,000,000 (fill time: invitations written one transaction each, \
         links in batches) and measured again in the same run. Token lookup: `find_token` by digest (the activation \
         page), 380 random links. First page: `list_by_sender` of one sender with 20 invitations (one recipient each) among everyone else's, the 20 newest with their recipients. \
         `ANALYZE` runs after each fill, as autovacuum (PostgreSQL) or a maintenance run (SQLite) would. Times in microseconds, p50 / p99; the ratio is p50 at 1 M over p50 at 1 k (goal: at most 1.5×).\n\n\
         | engine | fill to 1 M | lookup 1 k | lookup 1 M | ratio | page 1 k | page 1 M | ratio |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqlStore::open(&format!("sqlite://{}/bench.db?mode=rwc", dir.path().display()))
        .await
        .unwrap();
    let mut admin_md = String::from(
        "\n### The administrators' lists\n\n\
         The same run: the first page (50 rows) of each console list, filtered by the database, at 1,000 and at \
         1,000,000 rows: *All invitations* (recipients under their invitations, `search_recipients`) at 1 k and 1 M \
         recipients; *Users* (`search_users`) and *Audit log* (`search_audit`) with 1 k and 1 M users and audit \
         entries added in bulk. p50 / p99 in microseconds; the ratio is p50 at 1 M over p50 at 1 k (goal: at most \
         1.5×). A text search is a substring match without an index: a text that matches only old or few rows \
         makes the database read the rows before them, which no ratio here shows.\n\n\
         | engine | list | filter | 1 k | 1 M | ratio |\n\
         |---|---|---|---:|---:|---:|\n",
    );
    engine("SQLite", sqlite, &mut md, &mut admin_md).await;
    let admin_url = std::env::var("XTASK_POSTGRES_URL").expect("XTASK_POSTGRES_URL: run through `cargo xtask bench`");
    let admin = SqlStore::connect(&admin_url).await.unwrap();
    admin
        .connection()
        .execute_unprepared("DROP DATABASE IF EXISTS bench_storage")
        .await
        .unwrap();
    admin
        .connection()
        .execute_unprepared("CREATE DATABASE bench_storage")
        .await
        .unwrap();
    let url = format!("{}/bench_storage", admin_url.rsplit_once('/').unwrap().0);
    engine(
        "PostgreSQL",
        SqlStore::open(&url).await.unwrap(),
        &mut md,
        &mut admin_md,
    )
    .await;
    md.push_str(&admin_md);
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&out)
        .unwrap();
    file.write_all(md.as_bytes()).unwrap();
}
