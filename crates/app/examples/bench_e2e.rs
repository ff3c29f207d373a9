//! End to end, API to relay: 1,000 single-recipient invitations sent through the JSON API by 8
//! concurrent clients to a real `postern serve` (release build, SQLite) whose worker delivers
//! into the aiosmtpd sink of `cargo xtask bench`; beside Python's smtplib sending as many
//! messages of the same size to the same sink over as many reused connections, in the same
//! run, in interleaved rounds. Also the time from a 201 to the message's delivery when the
//! worker is idle. Waits for a quiet machine first. Appends its
//! section to `docs/benchmarks.md` (or the file named as the first argument).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

mod smtp_reference;

use std::io::Write;
use std::time::{Duration, Instant};

const INVITATIONS: usize = 1000;
const CLIENTS: usize = 8;
/// The relay connections of Postern (`mail.smtp.concurrency`) and of the reference.
const CONNECTIONS: usize = 4;
/// Rounds of Postern's run and the reference's, interleaved.
const ROUNDS: usize = 3;

/// One round: messages per second from the first request to the last message at the relay,
/// of the API's answers alone, and of the reference right after.
struct Round {
    rate: f64,
    api_rate: f64,
    reference: f64,
}

/// Messages the worker has handed to the relay so far (from `/metrics`).
async fn sent(http: &reqwest::Client, metrics: &str) -> u64 {
    let text = http.get(metrics).send().await.unwrap().text().await.unwrap();
    text.lines()
        .find(|l| l.starts_with("postern_deliveries_total{") && l.contains("outcome=\"sent\""))
        .and_then(|l| l.split_whitespace().last())
        .map_or(0, |n| n.parse::<f64>().unwrap() as u64)
}

/// Waits until `postern serve` answers its readiness check.
async fn ready(http: &reqwest::Client, base: &str) {
    let started = Instant::now();
    while http.get(format!("{base}/health/ready")).send().await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "postern serve did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn invite(http: &reqwest::Client, base: &str, token: &str, to: &str) {
    let resp = http
        .post(format!("{base}/api/v1/invitations"))
        .bearer_auth(token)
        .json(&serde_json::json!({ "to": to }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 201, "{}", resp.text().await.unwrap_or_default());
}

fn main() {
    let out_file = std::env::args().nth(1).unwrap_or_else(|| "docs/benchmarks.md".into());
    let sink = std::env::var("XTASK_SINK_SMTP").expect("XTASK_SINK_SMTP: run through `cargo xtask bench`");
    let binary = common::release_binary();
    let dir = tempfile::tempdir().unwrap();
    let (port, metrics_port) = (common::free_port(), common::free_port());
    let base = format!("http://127.0.0.1:{port}");
    let metrics = format!("http://127.0.0.1:{metrics_port}/metrics");
    let env = vec![
        ("POSTERN_SERVER__LISTEN", format!("127.0.0.1:{port}")),
        ("POSTERN_SERVER__PUBLIC_URL", base.clone()),
        ("POSTERN_SERVER__DATA_DIR", dir.path().join("var").display().to_string()),
        ("POSTERN_MAIL__SMTP__URL", format!("smtp+plain://{sink}")),
        ("POSTERN_MAIL__SMTP__CONCURRENCY", CONNECTIONS.to_string()),
        ("POSTERN_METRICS__LISTEN", format!("127.0.0.1:{metrics_port}")),
        ("POSTERN_LOG", "warn".into()),
    ];
    let token = common::staff_token(&binary, dir.path(), &env);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let http = reqwest::Client::new();

    // The reference's message: the same server, its relay unset, writes an invitation to its
    // pickup folder: the bytes the worker hands to the relay (the sink reads a message line by
    // line, so the lines count as much as the size).
    let sample = {
        let pickup = dir.path().join("pickup");
        let env: Vec<_> = env
            .iter()
            .filter(|(k, _)| *k != "POSTERN_MAIL__SMTP__URL")
            .cloned()
            .chain([("POSTERN_MAIL__PICKUP_DIR", pickup.display().to_string())])
            .collect();
        let server = common::serve(&binary, dir.path(), &env);
        let eml = runtime.block_on(async {
            ready(&http, &base).await;
            let started = Instant::now();
            invite(&http, &base, &token, "ref@example.org").await;
            loop {
                let written = std::fs::read_dir(&pickup).ok().and_then(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .find(|e| e.file_name().to_string_lossy().ends_with(".eml"))
                });
                if let Some(e) = written {
                    break std::fs::read(e.path()).unwrap();
                }
                assert!(
                    started.elapsed() < Duration::from_secs(30),
                    "no message in the pickup folder"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        });
        drop(server);
        eml
    };
    let sample_path = dir.path().join("sample.eml");
    std::fs::write(&sample_path, &sample).unwrap();

    let server = common::serve(&binary, dir.path(), &env);
    runtime.block_on(ready(&http, &base));
    let load = common::quiet_machine();
    // From a 201 to the message's delivery, the worker idle each time.
    let latencies = runtime.block_on(async {
        let mut latencies = Vec::new();
        for n in 0..20 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let before = sent(&http, &metrics).await;
            let t = Instant::now();
            invite(&http, &base, &token, &format!("first-{n}@example.org")).await;
            let answered = t.elapsed();
            while sent(&http, &metrics).await == before {
                assert!(t.elapsed() < Duration::from_secs(30), "not delivered");
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            latencies.push(t.elapsed() - answered);
        }
        latencies.sort();
        latencies
    });
    // Rounds of Postern's 1,000 and the reference's 1,000, interleaved so that the shared
    // machine's drift touches both alike; each round's ratio is to its own reference.
    let mut rounds = Vec::new();
    for round in 0..ROUNDS {
        let (rate, api_rate) = runtime.block_on(async {
            // 1,000 invitations by 8 clients, until the last is delivered.
            let before = sent(&http, &metrics).await;
            let t = Instant::now();
            let clients: Vec<_> = (0..CLIENTS)
                .map(|c| {
                    let (http, base, token) = (http.clone(), base.clone(), token.clone());
                    tokio::spawn(async move {
                        for i in (c..INVITATIONS).step_by(CLIENTS) {
                            invite(&http, &base, &token, &format!("load-{round}-{i}@example.org")).await;
                        }
                    })
                })
                .collect();
            for c in clients {
                c.await.unwrap();
            }
            #[allow(clippy::cast_precision_loss)]
            let api_rate = INVITATIONS as f64 / t.elapsed().as_secs_f64();
            while sent(&http, &metrics).await < before + INVITATIONS as u64 {
                assert!(t.elapsed() < Duration::from_secs(300), "not all delivered");
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            #[allow(clippy::cast_precision_loss)]
            let rate = INVITATIONS as f64 / t.elapsed().as_secs_f64();
            (rate, api_rate)
        });
        let reference = smtp_reference::smtplib_rate(&sink, INVITATIONS, CONNECTIONS, &sample_path);
        rounds.push(Round {
            rate,
            api_rate,
            reference,
        });
    }
    drop(server);
    let median = |f: &dyn Fn(&Round) -> f64| {
        let mut v: Vec<f64> = rounds.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (rate, api_rate, reference_rate) = (median(&|r| r.rate), median(&|r| r.api_rate), median(&|r| r.reference));
    let ratio = median(&|r| r.rate / r.reference);
    let every = rounds
        .iter()
        .map(|r| format!("{:.2}", r.rate / r.reference))
        .collect::<Vec<_>>()
        .join(", ");
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let text = format!(
        "\n## End to end: API to relay\n\n\
         Command: `cargo xtask bench` (runs `cargo run --release -p postern --example bench_e2e`). A real `postern serve` \
         (release build, SQLite) with its delivery worker sending into the aiosmtpd sink on 127.0.0.1 over {CONNECTIONS} \
         connections. {INVITATIONS} single-recipient invitations sent through `POST /api/v1/invitations` by {CLIENTS} \
         concurrent clients, timed from the first request to the last message handed to the relay (read from \
         `/metrics`). Reference in the same run: Python's smtplib sending {INVITATIONS} copies of an invitation as Postern \
         renders it ({} bytes in {} lines, written by the same server to its pickup folder) to the same sink over \
         {CONNECTIONS} reused connections, right after each of Postern's runs: {ROUNDS} rounds, interleaved; the rates \
         are the medians of the rounds, the ratio the median of the rounds' own ratios (every round's in brackets). \
         One-minute load average when measuring began: {load:.2}.\n\n\
         | | messages/s |\n|---|---:|\n| Postern, API to relay | {rate:.0} |\n| Postern, the API's answers alone (the last 201) | {api_rate:.0} |\n| smtplib reference | {reference_rate:.0} |\n\n\
         Ratio: **{ratio:.2}×** ({every}; goal: at least 0.7×). From a 201 to the message handed to the relay, the worker idle \
         (20 invitations one at a time; `/metrics` polled every millisecond): p50 {:.1} ms, max {:.1} ms.\n",
        sample.len(),
        sample.split(|b| *b == b'\n').count() - 1,
        ms(latencies[latencies.len() / 2]),
        ms(latencies[latencies.len() - 1]),
    );
    print!("{text}");
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&out_file)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
}
