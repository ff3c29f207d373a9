//! The storage contract on SQLite (and, under `cargo xtask test`, PostgreSQL later).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use postern_storage::SqlStore;
use postern_testkit::{Storage, storage_contract};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_passes_the_storage_contract() {
    let dir = tempfile::tempdir().unwrap();
    let counter = std::sync::atomic::AtomicUsize::new(0);
    storage_contract(|| {
        let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let url = format!("sqlite://{}/contract-{n}.db?mode=rwc", dir.path().display());
        async move { Storage::from_one(Arc::new(SqlStore::open(&url).await.unwrap())) }
    })
    .await;
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
    store.save_session("k", marker, far).await.unwrap();
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
