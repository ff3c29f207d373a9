//! The storage contract on SQLite (and, under `cargo xtask test`, PostgreSQL later).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use postern_domain::ports::StoreError;
use postern_storage::SqlStore;
use postern_testkit::Storage;

mod s3;
/// The storage contract on SQLite, a fresh database file per case.
mod sqlite_contract {
    use super::*;

    postern_testkit::storage_contract_tests!(|dir: &std::path::Path| {
        let url = format!("sqlite://{}/contract.db?mode=rwc", dir.display());
        async move { Storage::from_one(Arc::new(SqlStore::open(&url).await.unwrap())) }
    });
}

#[tokio::test]
async fn migrations_are_idempotent_and_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/p.db?mode=rwc", dir.path().display());
    let store = SqlStore::open(&url).await.unwrap();
    store.migrate(&url).await.unwrap();
    use sea_orm::ConnectionTrait;
    store
        .connection()
        .execute_unprepared("INSERT INTO seaql_migrations (version, applied_at) VALUES ('m29990101_000001_future', 0)")
        .await
        .unwrap();
    let err = SqlStore::open(&url).await.unwrap_err();
    assert!(err.to_string().contains("m29990101_000001_future"), "{err}");
}

#[tokio::test]
async fn a_missing_database_fails_fast_without_showing_the_password() {
    let started = std::time::Instant::now();
    let err = SqlStore::open("postgres://postern:hunter2@127.0.0.1:1/postern")
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(!text.contains("hunter2"), "{text}");
    assert!(text.contains("postgres://postern:***@127.0.0.1:1/postern"), "{text}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

#[tokio::test]
async fn deleted_rows_are_not_left_readable_in_the_file() {
    use postern_domain::ports::SessionStore;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let store = SqlStore::open(&url).await.unwrap();
    let marker = "MARKER-5f0c1d2e-never-left-behind";
    let far = time::macros::datetime!(2099-01-01 0:00 UTC);
    store.save_session("k", marker, far, None).await.unwrap();
    store.remove_session("k").await.unwrap();
    use sea_orm::ConnectionTrait;
    store
        .connection()
        .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
        .await
        .unwrap();
    drop(store);
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        assert!(
            !bytes.windows(marker.len()).any(|w| w == marker.as_bytes()),
            "secure_delete is on"
        );
    }
}

/// A fresh, migrated PostgreSQL database on the server `cargo xtask test` started.
async fn postgres_store(name: &str) -> SqlStore {
    postgres_store_with(name, "").await
}

/// [`postgres_store`] with `settings` (`ALTER DATABASE … SET …` clauses) in force on every
/// connection of the returned store.
async fn postgres_store_with(name: &str, settings: &str) -> SqlStore {
    use sea_orm::ConnectionTrait;
    let admin_url = std::env::var("XTASK_POSTGRES_URL").expect("XTASK_POSTGRES_URL: run through `cargo xtask test`");
    let admin = SqlStore::connect(&admin_url).await.unwrap();
    let mut tag = [0u8; 4];
    getrandom::fill(&mut tag).unwrap();
    let db = format!("{name}_{}", tag.iter().map(|b| format!("{b:02x}")).collect::<String>());
    admin
        .connection()
        .execute_unprepared(&format!("CREATE DATABASE {db}"))
        .await
        .unwrap();
    for setting in settings.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        admin
            .connection()
            .execute_unprepared(&format!("ALTER DATABASE {db} SET {setting}"))
            .await
            .unwrap();
    }
    let url = format!("{}/{db}", admin_url.rsplit_once('/').unwrap().0);
    SqlStore::open(&url).await.unwrap()
}

/// The storage contract on PostgreSQL, a fresh database per case.
mod postgresql_contract {
    use super::*;

    postern_testkit::storage_contract_tests!(
        |_: &std::path::Path| async { Storage::from_one(Arc::new(postgres_store("contract").await)) },
        #[ignore = "needs PostgreSQL: cargo xtask test"]
    );
}

/// `n` welcome messages due at `at`, one by one.
async fn enqueue_welcomes(store: &SqlStore, n: usize, at: time::OffsetDateTime) {
    use postern_domain::ids::{MessageId, UserId};
    use postern_domain::invitation::{OutboxKind, OutboxMessage};
    use postern_domain::ports::OutboxRepository;
    let r = postern_testkit::SeededRandom::new(n as u64);
    for _ in 0..n {
        let m = OutboxMessage::new(
            MessageId::generate(&r),
            OutboxKind::Welcome {
                user_id: UserId::generate(&r),
            },
            at,
        );
        store.enqueue(&m).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: cargo xtask test"]
async fn two_workers_on_postgresql_never_claim_the_same_message() {
    use postern_domain::ports::OutboxRepository;
    let store = Arc::new(postgres_store("claims").await);
    let t0 = time::macros::datetime!(2026-11-02 09:00 UTC);
    enqueue_welcomes(&store, 400, t0).await;
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let s = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let batch = s.claim_due(t0, time::Duration::minutes(5), 25, "worker").await.unwrap();
                if batch.is_empty() {
                    return mine;
                }
                mine.extend(batch.into_iter().map(|m| m.id));
            }
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let unique: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!(all.len(), 400, "every message claimed");
    assert_eq!(unique.len(), 400, "no message claimed twice");
}

/// Four workers claim concurrently from an outbox PostgreSQL believes to be empty (analysed
/// before 2,000 messages arrived, autovacuum off, and the planner held to nested loops, as for
/// a tiny table): no claim returns more than its limit — a plan that re-ran the limited
/// subquery per row once let one statement take 162 rows — and every message is claimed
/// exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL: cargo xtask test"]
async fn four_workers_on_a_small_looking_outbox_never_claim_more_than_the_batch() {
    use postern_domain::ports::OutboxRepository;
    use sea_orm::ConnectionTrait;
    const BATCH: u32 = 50;
    // The plan a tiny-looking table gets: a nested loop that runs its inner side again for
    // every outer row, without materialising it.
    let store = Arc::new(
        postgres_store_with(
            "bounded",
            "enable_hashjoin = off; enable_mergejoin = off; enable_material = off; enable_hashagg = off",
        )
        .await,
    );
    store
        .connection()
        .execute_unprepared("ALTER TABLE outbox SET (autovacuum_enabled = false); ANALYZE outbox")
        .await
        .unwrap();
    let t0 = time::macros::datetime!(2026-11-02 09:00 UTC);
    enqueue_welcomes(&store, 2000, t0).await;
    let mut tasks = Vec::new();
    for worker in 0..4 {
        let s = store.clone();
        tasks.push(tokio::spawn(async move {
            let (mut mine, mut largest) = (Vec::new(), 0);
            loop {
                let batch = s
                    .claim_due(t0, time::Duration::minutes(5), BATCH, &format!("worker-{worker}"))
                    .await
                    .unwrap();
                if batch.is_empty() {
                    return (mine, largest);
                }
                largest = largest.max(batch.len());
                mine.extend(batch.into_iter().map(|m| m.id));
            }
        }));
    }
    let mut all = Vec::new();
    let mut largest = 0;
    for t in tasks {
        let (mine, most) = t.await.unwrap();
        all.extend(mine);
        largest = largest.max(most);
    }
    assert!(
        largest <= BATCH as usize,
        "a claim took {largest} rows for a batch of {BATCH}"
    );
    let unique: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!((all.len(), unique.len()), (2000, 2000), "every message claimed once");
    postern_testkit::reliability::record(
        "4 workers claim from an outbox PostgreSQL believes empty (2,000 messages, stale statistics)",
        "no claim larger than its batch (50); every message claimed once",
        &format!("largest claim {largest}; 2,000 claimed, 0 twice"),
        "PostgreSQL",
    );
}

/// The lifecycle model (random sequences of sends, deliveries, resends, revokes, permission
/// changes, activations, downloads and time passing, compared with a reference model after
/// every step) on SQLite, a fresh database file per sequence.
#[test]
fn sqlite_follows_the_lifecycle_model() {
    let dir = tempfile::tempdir().unwrap();
    let counter = std::sync::atomic::AtomicUsize::new(0);
    postern_testkit::lifecycle_model(256, 30, || {
        let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let url = format!("sqlite://{}/model-{n}.db?mode=rwc", dir.path().display());
        async move { Storage::from_one(Arc::new(SqlStore::open(&url).await.unwrap())) }
    });
}

/// The lifecycle model on PostgreSQL: one database, emptied before each sequence.
#[test]
#[ignore = "needs PostgreSQL: cargo xtask test"]
fn postgresql_follows_the_lifecycle_model() {
    use sea_orm::ConnectionTrait;
    let store: Arc<tokio::sync::OnceCell<Arc<SqlStore>>> = Arc::default();
    postern_testkit::lifecycle_model(256, 30, || {
        let store = store.clone();
        async move {
            let store = store
                .get_or_init(|| async { Arc::new(postgres_store("model").await) })
                .await
                .clone();
            store
                .connection()
                .execute_unprepared(
                    "TRUNCATE audit_log, api_tokens, downloads, download_links, attachments, outbox, \
                     activation_tokens, invitation_recipients, invitations, users, templates, settings, \
                     sessions CASCADE",
                )
                .await
                .unwrap();
            Storage::from_one(store)
        }
    });
}

/// Rows written before the lifecycle table are read safely: a revoke of unknown origin counts
/// as an administrator's, and a files message whose message was rendered (it has a download
/// link) with no delivery problem noted is delivered.
#[tokio::test]
async fn the_lifecycle_migration_reads_earlier_rows_safely() {
    use postern_domain::invitation::{MessageKind, RecipientState, TokenState};
    use postern_domain::ports::{DownloadLink, DownloadRepository, InvitationRepository, UserRepository};
    use postern_domain::user::UserKind;
    use postern_migrations::{Migrator, MigratorTrait};
    use postern_testkit::SeededRandom;
    use postern_testkit::contract::{T0, sample_invitation, sample_user};
    use sea_orm::ConnectionTrait;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/m.db?mode=rwc", dir.path().display());
    let store = SqlStore::open(&url).await.unwrap();
    let r = SeededRandom::new(11);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    store.create_user(&sender).await.unwrap();
    let invitation = sample_invitation(&r, &sender, &["a@example.org", "b@example.org"], &[], T0);
    store.create_invitation(&invitation, &[]).await.unwrap();
    let mut files = sample_invitation(&r, &sender, &["c@example.org", "d@example.org"], &[], T0);
    files.kind = MessageKind::Files;
    store.create_invitation(&files, &[]).await.unwrap();
    let link = DownloadLink {
        digest: postern_domain::token::DownloadToken::generate(&r).digest(),
        recipient_id: files.recipients[0].id,
        issued_at: T0,
        expires_at: T0 + time::Duration::days(14),
        state: TokenState::Live,
    };
    store.add_download_link(&link).await.unwrap();

    // Back to the schema before the lifecycle migration (the seventh, and any after it), with
    // a recipient revoked as it was then.
    let after_lifecycle = u32::try_from(Migrator::migrations().len() - 6).unwrap();
    Migrator::down(store.connection(), Some(after_lifecycle)).await.unwrap();
    store
        .connection()
        .execute_unprepared("UPDATE invitation_recipients SET state = 'revoked' WHERE email = 'a@example.org'")
        .await
        .unwrap();
    Migrator::up(store.connection(), None).await.unwrap();

    let state = |inv: &postern_domain::invitation::Invitation, i: usize| inv.recipients[i].state;
    let after = store.find_invitation(invitation.id).await.unwrap().unwrap();
    assert_eq!(state(&after, 0), RecipientState::RevokedByAdmin);
    assert_eq!(state(&after, 1), RecipientState::Queued);
    let after = store.find_invitation(files.id).await.unwrap().unwrap();
    assert_eq!(
        state(&after, 0),
        RecipientState::Delivered,
        "rendered, no problem noted"
    );
    assert_eq!(after.recipients[0].expires_at, Some(link.expires_at));
    assert_eq!(state(&after, 1), RecipientState::Queued, "never rendered");
    let (found, _) = store.find_download_link(&link.digest).await.unwrap().unwrap();
    assert_eq!(found.state, TokenState::Live);
}

/// On a SQLite file, keyed reads are answered on the calling thread from a read-only
/// connection (decision 0017), and they see every commit of the pool at once: a user stored,
/// changed, then looked up through the port reads as written each time.
#[tokio::test]
async fn keyed_reads_on_a_sqlite_file_are_answered_inline_and_see_every_commit() {
    use postern_domain::ports::UserRepository;
    use postern_domain::user::{UserKind, UserStatus};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("inline.db").display());
    let store = SqlStore::open(&url).await.unwrap();
    let random = postern_testkit::SeededRandom::new(7);
    let user = postern_testkit::contract::sample_user(&random, "Guest@Example.org", UserKind::External);
    let before = store.statements().inline();
    assert!(store.find_user_by_email(&user.email).await.unwrap().is_none());
    store.create_user(&user).await.unwrap();
    let found = store.find_user_by_email(&user.email).await.unwrap().expect("stored");
    assert_eq!(found, user);
    for status in [UserStatus::Disabled, UserStatus::Active, UserStatus::Disabled] {
        store.set_user_status(user.id, status).await.unwrap();
        assert_eq!(store.find_user(user.id).await.unwrap().unwrap().status, status);
    }
    assert_eq!(store.statements().inline() - before, 5, "every lookup answered inline");
    assert_eq!(store.statements().reprepared(), 0);

    // An in-memory database has no file to open again: the pool answers.
    let memory = SqlStore::open("sqlite::memory:").await.unwrap();
    memory.create_user(&user).await.unwrap();
    assert_eq!(memory.find_user(user.id).await.unwrap().unwrap(), user);
    assert_eq!(memory.statements().inline(), 0);
}

/// On a SQLite file, the hot write transactions run whole on the writer thread (decision
/// 0027): the contract's delivery round (an invitation with its messages, minted links, two
/// rounds of deliveries) is four transactions there, and its revoke one of the pool's; a
/// refused invitation (a key already used) is rolled back there and leaves nothing; every
/// commit is seen at once by the pool and the inline reads (the contract's own checks).
#[tokio::test]
async fn hot_writes_on_a_sqlite_file_run_whole_on_the_writer_thread() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("writer.db").display());
    let store = Arc::new(SqlStore::open(&url).await.unwrap());
    postern_testkit::contract::a_delivery_round(Storage::from_one(store.clone())).await;
    assert_eq!(store.statements().written(), 4);

    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("atomic.db").display());
    let store = Arc::new(SqlStore::open(&url).await.unwrap());
    postern_testkit::contract::invitation_and_outbox_atomic(Storage::from_one(store.clone())).await;
    assert_eq!(
        store.statements().written(),
        2,
        "two invitations committed there, the refused one not"
    );

    // An in-memory database has no file for a second connection: the pool writes.
    let memory = Arc::new(SqlStore::open("sqlite::memory:").await.unwrap());
    postern_testkit::contract::a_delivery_round(Storage::from_one(memory.clone())).await;
    assert_eq!(memory.statements().written(), 0);
}

/// Transactions queued on the writer thread meanwhile commit together, each in a savepoint of
/// its own (decision 0027): of 40 invitations sent at once, the ones whose idempotency key was
/// already taken fail alone and leave nothing behind, and every other one is written whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transactions_committed_together_still_fail_alone() {
    use postern_domain::ports::{InvitationRepository, OutboxRepository, UserRepository};
    use postern_domain::user::UserKind;
    use postern_testkit::contract::{outbox_for, sample_invitation, sample_user};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("batch.db").display());
    let store = Arc::new(SqlStore::open(&url).await.unwrap());
    let r = postern_testkit::SeededRandom::new(11);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    store.create_user(&sender).await.unwrap();
    let at = time::macros::datetime!(2026-11-30 10:00 UTC);
    let sends: Vec<_> = (0..40)
        .map(|n| {
            let to = format!("guest{n}@example.org");
            let mut invitation = sample_invitation(&r, &sender, &[to.as_str()], &[], at);
            // Ten keys, four sends each: one of each four is written.
            invitation.idempotency_key = Some(format!("key-{}", n % 10));
            let outbox = outbox_for(&r, &invitation);
            (invitation, outbox)
        })
        .collect();
    let tasks: Vec<_> = sends
        .iter()
        .cloned()
        .map(|(invitation, outbox)| {
            let store = store.clone();
            tokio::spawn(async move { store.create_invitation(&invitation, &outbox).await })
        })
        .collect();
    let mut written = 0;
    for (task, (invitation, _)) in tasks.into_iter().zip(&sends) {
        let outcome = task.await.unwrap();
        let found = store.find_invitation(invitation.id).await.unwrap();
        match outcome {
            Ok(()) => {
                written += 1;
                assert_eq!(found.as_ref(), Some(invitation), "written whole");
            }
            Err(StoreError::Conflict(_)) => assert_eq!(found, None, "nothing of a refused one"),
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(written, 10, "one per key");
    assert_eq!(store.pending_count().await.unwrap(), 10, "their messages, and no other");
    assert_eq!(store.statements().written(), 10);
}

/// An invitation is read with its recipients and attachments on the calling thread when it is
/// small (the delivery worker reads one per message), and by the pool when it has more than a
/// hundred recipients: both read it whole, in order.
#[tokio::test]
async fn a_small_invitation_is_read_inline_and_a_large_one_by_the_pool() {
    use postern_domain::ports::{InvitationRepository, UserRepository};
    use postern_domain::user::UserKind;
    use postern_testkit::contract::{outbox_for, sample_invitation, sample_user};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("read.db").display());
    let store = SqlStore::open(&url).await.unwrap();
    let r = postern_testkit::SeededRandom::new(12);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    store.create_user(&sender).await.unwrap();
    let at = time::macros::datetime!(2026-11-30 10:00 UTC);
    let many: Vec<String> = (0..150).map(|n| format!("guest{n}@example.org")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    for (to, inline_reads) in [(&many[..3], 3), (&many[..100], 3), (&many[..], 2)] {
        let invitation = sample_invitation(&r, &sender, to, &[], at);
        store
            .create_invitation(&invitation, &outbox_for(&r, &invitation))
            .await
            .unwrap();
        let before = store.statements().inline();
        let found = store.find_invitation(invitation.id).await.unwrap();
        assert_eq!(found, Some(invitation), "{} recipients", to.len());
        assert_eq!(
            store.statements().inline() - before,
            inline_reads,
            "the invitation, then its recipients and attachments inline or (over 100) by the pool"
        );
    }
}

/// Another process holding the SQLite file's write lock (a maintenance script, a backup that
/// writes) delays the writer thread's transactions, never the reads: lookups answer at once
/// meanwhile; a send that waited out `busy_timeout` (10 s) fails as unavailable and leaves
/// nothing; once the lock is released, the next send is written.
#[tokio::test]
async fn a_locked_file_delays_writes_not_reads_and_a_send_that_times_out_leaves_nothing() {
    use postern_domain::ports::{InvitationRepository, UserRepository};
    use postern_domain::user::UserKind;
    use postern_testkit::contract::{outbox_for, sample_invitation, sample_user};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.db");
    let store = SqlStore::open(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .unwrap();
    let r = postern_testkit::SeededRandom::new(13);
    let sender = sample_user(&r, "sender@example.com", UserKind::Internal);
    store.create_user(&sender).await.unwrap();
    let at = time::macros::datetime!(2026-11-30 10:00 UTC);
    let first = sample_invitation(&r, &sender, &["a@example.org"], &[], at);
    store.create_invitation(&first, &outbox_for(&r, &first)).await.unwrap();

    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    assert_eq!(store.find_invitation(first.id).await.unwrap().as_ref(), Some(&first));
    assert_eq!(store.find_user(sender.id).await.unwrap().as_ref(), Some(&sender));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "reads do not wait"
    );
    let waiting = sample_invitation(&r, &sender, &["b@example.org"], &[], at);
    let refused = store.create_invitation(&waiting, &outbox_for(&r, &waiting)).await;
    assert!(matches!(refused, Err(StoreError::Unavailable(_))), "{refused:?}");
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(9),
        "it waited for the lock"
    );
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(store.find_invitation(waiting.id).await.unwrap(), None, "nothing of it");

    let after = sample_invitation(&r, &sender, &["c@example.org"], &[], at);
    store.create_invitation(&after, &outbox_for(&r, &after)).await.unwrap();
    assert_eq!(store.find_invitation(after.id).await.unwrap(), Some(after));
}
