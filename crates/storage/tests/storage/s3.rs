//! The S3 attachment store against a real S3-compatible server (`cargo xtask test` starts
//! one on 127.0.0.1 and creates the bucket).

use std::time::Duration;

use postern_domain::ports::{AttachmentStore, StoreError};
use postern_storage::{S3Attachments, S3Settings};
use postern_testkit::read_all;
use sha2::{Digest, Sha256};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name}: run through `cargo xtask test`"))
}

/// Settings for the test bucket, under a folder of its own (so that usage counts only this
/// test's files).
fn settings() -> S3Settings {
    let mut tag = [0u8; 8];
    getrandom::fill(&mut tag).unwrap();
    S3Settings {
        endpoint: env("XTASK_S3_URL"),
        region: "us-east-1".into(),
        bucket: env("XTASK_S3_BUCKET"),
        prefix: format!("tests/{}/", tag.iter().map(|b| format!("{b:02x}")).collect::<String>()),
        access_key_id: env("XTASK_S3_ACCESS_KEY"),
        secret_access_key: env("XTASK_S3_SECRET_KEY"),
        allow_http: true,
        ca_file: None,
        connect_timeout: Duration::from_secs(3),
        timeout: Duration::from_secs(5),
    }
}

#[tokio::test]
#[ignore = "needs an S3-compatible server: cargo xtask test"]
async fn passes_the_attachment_contract() {
    let store = S3Attachments::new(&settings()).unwrap();
    store.check().await.unwrap();
    postern_testkit::attachment_contract(&store).await;
}

#[tokio::test]
#[ignore = "needs an S3-compatible server: cargo xtask test"]
async fn a_large_file_goes_up_in_parts_and_reads_back_from_any_offset() {
    let store = S3Attachments::new(&settings()).unwrap();
    // 20 MiB and a bit: three parts, the last one short, written in uneven chunks.
    let data: Vec<u8> = (0..20 * 1024 * 1024 + 12_345u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let mut w = store.create().await.unwrap();
    for chunk in data.chunks(1_000_003) {
        w.write(chunk).await.unwrap();
    }
    let blob = w.finish().await.unwrap();
    assert_eq!(blob.size, data.len() as u64);
    assert_eq!(blob.sha256, format!("{:x}", Sha256::digest(&data)));
    assert_eq!(store.usage().await.unwrap(), data.len() as u64);
    let whole = read_all(&store, &blob.key, 0).await.unwrap();
    assert!(whole == data, "the file reads back as written");
    // A resume from inside the second part, and from the last byte.
    let from = 9 * 1024 * 1024 + 7;
    assert!(read_all(&store, &blob.key, from).await.unwrap() == data[usize::try_from(from).unwrap()..]);
    assert_eq!(
        read_all(&store, &blob.key, data.len() as u64 - 1).await.unwrap(),
        data[data.len() - 1..]
    );
    assert!(read_all(&store, &blob.key, data.len() as u64).await.unwrap().is_empty());
    store.delete(&blob.key).await.unwrap();
    assert_eq!(store.usage().await.unwrap(), 0);
}

#[tokio::test]
#[ignore = "needs an S3-compatible server: cargo xtask test"]
async fn an_upload_cut_off_half_way_leaves_nothing_in_the_bucket() {
    let store = S3Attachments::new(&settings()).unwrap();
    for parts_sent in [false, true] {
        let mut w = store.create().await.unwrap();
        // Before the first part (kept in memory), or after two parts went up.
        let size = if parts_sent { 17 * 1024 * 1024 } else { 1024 * 1024 };
        w.write(&vec![7u8; size]).await.unwrap();
        drop(w);
    }
    let mut aborted = store.create().await.unwrap();
    aborted.write(&vec![1u8; 9 * 1024 * 1024]).await.unwrap();
    aborted.abort().await;
    assert_eq!(store.usage().await.unwrap(), 0, "no object was made");
}

#[tokio::test]
#[ignore = "needs an S3-compatible server: cargo xtask test"]
async fn a_wrong_bucket_or_endpoint_is_reported_without_the_secret() {
    let mut wrong_bucket = settings();
    wrong_bucket.bucket = "no-such-bucket-here".into();
    wrong_bucket.secret_access_key = "a-distinctive-secret-3f9c1e".into();
    let e = S3Attachments::new(&wrong_bucket).unwrap().check().await.unwrap_err();
    let text = e.to_string();
    assert!(text.contains("attachment store"), "{text}");
    assert!(!text.contains(&wrong_bucket.secret_access_key), "{text}");

    // Nothing listens there: an error after the connect timeout, not a hang.
    let mut nowhere = settings();
    nowhere.endpoint = "http://127.0.0.1:9".into();
    let store = S3Attachments::new(&nowhere).unwrap();
    let e = tokio::time::timeout(Duration::from_secs(60), store.check())
        .await
        .expect("answers")
        .unwrap_err();
    assert!(matches!(e, StoreError::Unavailable(_)), "{e:?}");
    let e = tokio::time::timeout(Duration::from_secs(60), store.open(&"a".repeat(64), 0))
        .await
        .expect("answers")
        .err()
        .expect("cannot open");
    assert!(matches!(e, StoreError::Unavailable(_)), "{e:?}");
}

#[test]
fn the_secret_never_shows_in_debug_output() {
    let s = S3Settings {
        secret_access_key: "very-secret-value".into(),
        access_key_id: "AKIAEXAMPLE".into(),
        ..S3Settings::default()
    };
    let shown = format!("{s:?}");
    assert!(!shown.contains("very-secret-value"), "{shown}");
    assert!(shown.contains("AKIAEXAMPLE"), "{shown}");
}

/// A bucket that accepts connections and never answers: every step fails after the
/// configured time, instead of holding the download, the upload or the start-up check.
#[tokio::test]
#[ignore = "needs an S3-compatible server: cargo xtask test"]
async fn a_bucket_that_never_answers_fails_in_time() {
    let mut s = settings();
    let real = s.endpoint.trim_start_matches("http://").parse().unwrap();
    let proxy = postern_testkit::FaultProxy::start(real, true).await;
    s.endpoint = format!("http://{}", proxy.addr());
    s.timeout = Duration::from_secs(2);
    let store = S3Attachments::new(&s).unwrap();
    let mut w = store.create().await.unwrap();
    w.write(b"written before the bucket hung").await.unwrap();
    let kept = w.finish().await.unwrap();
    proxy.set_hung(true);
    proxy.cut_all();
    let started = std::time::Instant::now();
    let e = store.check().await.unwrap_err();
    assert!(e.to_string().contains("no answer within 2 s"), "{e}");
    assert!(matches!(
        store.open(&kept.key, 0).await.err().unwrap(),
        StoreError::Unavailable(_)
    ));
    let mut w = store.create().await.unwrap();
    w.write(b"small").await.unwrap();
    assert!(matches!(w.finish().await.unwrap_err(), StoreError::Unavailable(_)));
    assert!(store.usage().await.is_err());
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "four steps of at most 2 s (and their retries) took {:?}",
        started.elapsed()
    );
}
