//! Benchmark: the server-side time of the *Send invitations* request on the embedded default
//! (SQLite file, pickup folder), for 1 and 100 recipients, measured in one run; and the time
//! the delivery worker takes to write the 100 messages. Run with `cargo xtask bench`, which
//! writes the results to `docs/benchmarks.md`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: failing loudly is the point

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use poem::EndpointExt;
use poem::http::Method;
use poem::test::TestClient;
use postern::config::Config;
use postern_domain::EmailAddress;
use postern_domain::password::Password;
use postern_domain::text::DisplayName;
use postern_domain::usecases::{Accounts, NewUser};
use postern_domain::user::UserKind;

const RUNS: usize = 40;
const WARMUP: usize = 5;

struct Client<E> {
    client: TestClient<E>,
    jar: BTreeMap<String, String>,
}

impl<E: poem::Endpoint> Client<E> {
    async fn call(&mut self, method: Method, uri: &str, form: Option<&[(String, String)]>) -> (u16, String) {
        let cookie = self
            .jar
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let mut req = self.client.request(method, uri.to_owned()).header("Cookie", cookie);
        if let Some(form) = form {
            req = req.form(&form.to_vec());
        }
        let resp = req.send().await.0;
        for v in resp.headers().get_all("set-cookie") {
            let pair = v.to_str().unwrap().split(';').next().unwrap().to_owned();
            let (k, v) = pair.split_once('=').unwrap();
            self.jar.insert(k.to_owned(), v.to_owned());
        }
        let status = resp.status().as_u16();
        (status, resp.into_body().into_string().await.unwrap())
    }
}

fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).unwrap() + marker.len();
    body[start..].split('"').next().unwrap().to_owned()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "docs/benchmarks.md".into());
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.server.data_dir = dir.path().join("var");
    let runtime = postern::open(config).await.unwrap();
    let ports = runtime.ports.clone();
    let worker = postern::delivery(&ports, runtime.mailer.clone(), &runtime.config).unwrap();
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
    let app = postern::web(&runtime).unwrap().map_to_response();
    let mut c = Client {
        client: TestClient::new(app),
        jar: BTreeMap::new(),
    };
    let (_, page) = c.call(Method::GET, "/sign-in", None).await;
    let form = vec![
        ("csrf_token".to_owned(), hidden(&page, "csrf_token")),
        ("email".to_owned(), "bench@example.com".to_owned()),
        ("password".to_owned(), "quiet-harbour-lantern-47".to_owned()),
    ];
    assert_eq!(c.call(Method::POST, "/sign-in", Some(&form)).await.0, 303);

    let mut results = Vec::new();
    for recipients in [1usize, 100] {
        let to: Vec<String> = (0..recipients).map(|i| format!("person{i}@example.org")).collect();
        let to = to.join("; ");
        let mut samples = Vec::new();
        for run in 0..WARMUP + RUNS {
            let (_, page) = c.call(Method::GET, "/invitations/new", None).await;
            let form = vec![
                ("csrf_token".to_owned(), hidden(&page, "csrf_token")),
                ("idempotency_key".to_owned(), hidden(&page, "idempotency_key")),
                ("to".to_owned(), to.clone()),
                ("subject".to_owned(), "Benchmark invitation".to_owned()),
                ("message".to_owned(), "Please create your account.".to_owned()),
            ];
            let started = Instant::now();
            let (status, body) = c.call(Method::POST, "/invitations/new", Some(&form)).await;
            let elapsed = started.elapsed();
            assert_eq!(status, 303, "{body}");
            if run >= WARMUP {
                samples.push(elapsed);
            }
        }
        samples.sort();
        results.push((recipients, percentile(&samples, 50.0), percentile(&samples, 99.0)));
        // Leave the outbox empty between sizes.
        worker.drain().await.unwrap();
    }

    // Delivery of one 100-recipient invitation into the pickup folder.
    let to: Vec<String> = (0..100).map(|i| format!("late{i}@example.org")).collect();
    let (_, page) = c.call(Method::GET, "/invitations/new", None).await;
    let form = vec![
        ("csrf_token".to_owned(), hidden(&page, "csrf_token")),
        ("idempotency_key".to_owned(), hidden(&page, "idempotency_key")),
        ("to".to_owned(), to.join(", ")),
        ("subject".to_owned(), "Benchmark invitation".to_owned()),
        ("message".to_owned(), "Please create your account.".to_owned()),
    ];
    assert_eq!(c.call(Method::POST, "/invitations/new", Some(&form)).await.0, 303);
    let started = Instant::now();
    let report = worker.drain().await.unwrap();
    let delivery = started.elapsed();
    assert_eq!(report.sent, 100);

    let (one_p50, hundred_p50) = (results[0].1, results[1].1);
    let ratio = hundred_p50.as_secs_f64() / one_p50.as_secs_f64();
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mut md = String::new();
    md.push_str("# Benchmarks\n\n");
    md.push_str("Produced by `cargo xtask bench` (which runs `cargo run --release -p postern --example bench_send -- docs/benchmarks.md`).\n");
    md.push_str(
        "The machine is shared and noisy: compare the ratios measured in one run, not absolute times across runs.\n\n",
    );
    md.push_str("## Send invitations request, server side, embedded default (SQLite file + pickup folder)\n\n");
    md.push_str(&format!(
        "The POST of the *Send Invites* form through the whole HTTP stack in process (session lookup, CSRF check, parsing, policy, one transaction writing the invitation, its recipients and one outbox message each), {RUNS} runs after {WARMUP} warm-up runs, {cpus} CPUs.\n\n"
    ));
    md.push_str("| recipients | p50 (ms) | p99 (ms) |\n|---:|---:|---:|\n");
    for (n, p50, p99) in &results {
        md.push_str(&format!("| {n} | {} | {} |\n", ms(*p50), ms(*p99)));
    }
    md.push_str(&format!(
        "\nRatio of the p50 for 100 recipients to the p50 for 1 recipient, same run: **{ratio:.1}×**.\n\n"
    ));
    md.push_str("## Delivery worker\n\n");
    md.push_str(&format!(
        "Rendering, minting 100 links and writing 100 `.eml` files to the pickup folder for one 100-recipient invitation: **{} ms** ({:.2} ms per message).\n",
        ms(delivery),
        delivery.as_secs_f64() * 1000.0 / 100.0
    ));
    std::fs::write(&out, &md).unwrap();
    print!("{md}");
}
