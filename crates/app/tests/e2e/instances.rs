//! Several instances on one PostgreSQL, as an operator scales out: two `postern serve
//! --no-worker` web instances and two `postern worker` processes.

use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::crash::{count, received, sender_address};

/// A `postern` process with the shared settings of the deployment, its own data folder and
/// instance id, logging to `<dir>/<instance>.log`.
fn start(dir: &std::path::Path, args: &[&str], instance: &str, shared: &[(&str, String)]) -> Child {
    let data = dir.join(instance);
    std::fs::create_dir_all(&data).unwrap();
    let log = std::fs::File::create(dir.join(format!("{instance}.log"))).unwrap();
    Command::new(env!("CARGO_BIN_EXE_postern"))
        .args(args)
        .current_dir(dir)
        .env("POSTERN_LOG", "info,sqlx=warn,sea_orm=warn")
        .env("POSTERN_SERVER__DATA_DIR", &data)
        .env("POSTERN_SERVER__INSTANCE_ID", instance)
        .envs(shared.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap()
}

/// Migrates the shared database and makes a staff member who may invite, with an API token
/// (returned), as an operator would before starting the instances.
fn prepare(dir: &std::path::Path, shared: &[(&str, String)]) -> String {
    let env: Vec<(&str, &str)> = shared.iter().map(|(k, v)| (*k, v.as_str())).collect();
    crate::walkthrough::postern_with(dir, &["migrate"], "", &env);
    crate::walkthrough::postern_with(
        dir,
        &[
            "user",
            "add",
            "--email",
            "staff@example.com",
            "--name",
            "Staff",
            "--may-invite",
        ],
        &format!("{}\n", crate::harness::PASSWORD),
        &env,
    );
    crate::walkthrough::postern_with(
        dir,
        &["token", "create", "--user", "staff@example.com", "--name", "load"],
        "",
        &env,
    )
    .trim()
    .to_owned()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// 1,000 invitations through two web instances (alternating), delivered by two workers; one
/// worker is killed (SIGKILL) while it holds claims and the other takes them over after the
/// lease. Every message arrives, duplicates only among the killed worker's claims (same
/// Message-ID), no claim larger than the batch (read from the claim records while the run
/// lasts), every claim named after its instance, and every log line carries its instance.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs maildev and PostgreSQL: cargo xtask test"]
async fn two_web_instances_and_two_workers_on_postgresql() {
    const BATCH: i64 = 50;
    const INVITATIONS: usize = 1000;
    let smtp = std::env::var("XTASK_MAILDEV_SMTP").expect("run through cargo xtask test");
    let api = std::env::var("XTASK_MAILDEV_API").expect("run through cargo xtask test");
    let db = crate::harness::fresh_postgres_url().await;
    let dir = tempfile::tempdir().unwrap();
    let from = sender_address("instances");
    let relay = postern_testkit::FaultProxy::start(smtp.parse().unwrap(), true).await;
    relay.set_delay(Duration::from_millis(5));
    let shared: Vec<(&str, String)> = vec![
        ("POSTERN_DATABASE__URL", db.clone()),
        ("POSTERN_MAIL__SMTP__URL", format!("smtp+plain://{}", relay.addr())),
        ("POSTERN_MAIL__FROM", from.clone()),
        ("POSTERN_DELIVERY__BATCH", BATCH.to_string()),
        ("POSTERN_DELIVERY__POLL_SECONDS", "1".into()),
        ("POSTERN_DELIVERY__LEASE_SECONDS", "3".into()),
        ("POSTERN_SERVER__CSRF_KEY", "ab".repeat(32)),
        ("POSTERN_SERVER__SECRET_KEY", "cd".repeat(32)),
    ];
    let token = prepare(dir.path(), &shared);
    let mut webs = Vec::new();
    let mut bases = Vec::new();
    for name in ["web-a", "web-b"] {
        let port = free_port();
        let mut settings = shared.clone();
        settings.push(("POSTERN_SERVER__LISTEN", format!("127.0.0.1:{port}")));
        settings.push(("POSTERN_SERVER__PUBLIC_URL", format!("http://127.0.0.1:{port}")));
        webs.push(start(dir.path(), &["serve", "--no-worker"], name, &settings));
        bases.push(format!("http://127.0.0.1:{port}"));
    }
    for base in &bases {
        let started = Instant::now();
        while reqwest::get(format!("{base}/health/ready")).await.is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "{base} did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let ready: serde_json::Value = reqwest::get(format!("{base}/health/ready"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(ready["delivery_worker"], "off", "{ready}");
    }
    // Invitations through both web instances, eight clients at a time.
    let http = reqwest::Client::new();
    let mut expected = HashSet::new();
    for chunk in (0..INVITATIONS).collect::<Vec<_>>().chunks(8) {
        let mut sends = Vec::new();
        for &i in chunk {
            let to = format!("load-{i}@example.org");
            expected.insert(to.clone());
            let request = http
                .post(format!("{}/api/v1/invitations", bases[i % 2]))
                .bearer_auth(&token)
                .json(&serde_json::json!({"to": to}))
                .send();
            sends.push(request);
        }
        for sent in futures::future::join_all(sends).await {
            let sent = sent.unwrap();
            assert_eq!(sent.status().as_u16(), 201);
        }
    }
    assert_eq!(count(&db, "SELECT COUNT(*) FROM outbox").await, INVITATIONS as i64);

    // The workers, then the claim records watched while they run.
    let mut worker_a = start(dir.path(), &["worker"], "worker-a", &shared);
    let mut worker_b = start(dir.path(), &["worker"], "worker-b", &shared);
    let mut largest = 0;
    let mut owners = HashSet::new();
    let started = Instant::now();
    let mut killed_with = None;
    loop {
        let claims = claim_sizes(&db).await;
        for (owner, size) in &claims {
            largest = largest.max(*size);
            owners.insert(owner.split('#').next().unwrap_or_default().to_owned());
        }
        let held_by_a = claims
            .iter()
            .filter(|(o, _)| o.starts_with("worker-a#"))
            .map(|(_, n)| *n)
            .sum::<i64>();
        if killed_with.is_none() && held_by_a > 0 && received(&api, &from).await.copies.len() > 100 {
            worker_a.kill().unwrap(); // SIGKILL while it holds claims
            worker_a.wait().unwrap();
            killed_with = Some(count(&db, "SELECT COUNT(*) FROM outbox WHERE claimed_by LIKE 'worker-a#%'").await);
        }
        if killed_with.is_some() && count(&db, "SELECT COUNT(*) FROM outbox").await == 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "the outbox never emptied ({} left)",
            count(&db, "SELECT COUNT(*) FROM outbox").await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let killed_with = killed_with.unwrap();
    let _ = worker_a.kill();
    let _ = worker_a.wait();
    let _ = worker_b.kill();
    let _ = worker_b.wait();
    for mut web in webs {
        let _ = web.kill();
        let _ = web.wait();
    }
    assert!(
        largest <= BATCH,
        "a claim held {largest} messages for a batch of {BATCH}"
    );
    assert!(
        owners.is_subset(&HashSet::from(["worker-a".to_owned(), "worker-b".to_owned()])),
        "{owners:?}"
    );
    let done = crate::crash::all_delivered(&api, &from, expected.len()).await;
    let arrived: HashSet<String> = done.copies.keys().cloned().collect();
    assert_eq!(arrived, expected, "every invitation arrived");
    let twice = crate::crash::duplicates_within(&done, killed_with, "the killed worker");
    let unsent = count(&db, "SELECT COUNT(*) FROM invitation_recipients WHERE state <> 'sent'").await;
    assert_eq!(unsent, 0);
    // Every log line names its instance.
    for instance in ["web-a", "web-b", "worker-b"] {
        let log = std::fs::read_to_string(dir.path().join(format!("{instance}.log"))).unwrap();
        let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(!lines.is_empty(), "{instance} logged something");
        for line in lines {
            assert!(line.contains(&format!("instance={instance}")), "{instance}: {line}");
        }
    }
    postern_testkit::reliability::record(
        "2 web instances (--no-worker) and 2 workers on one PostgreSQL; 1,000 invitations; one worker SIGKILLed while holding claims",
        "every invitation delivered; the claims taken over after the lease, duplicates only among them (same Message-ID); no claim larger than the batch",
        &format!(
            "{} of {} arrived; {killed_with} held by the killed worker, {} twice; largest claim seen {largest} (batch {BATCH})",
            arrived.len(),
            expected.len(),
            twice
        ),
        "PostgreSQL + maildev",
    );
}

/// The messages each claim holds now, from the claim records (`claimed_by`).
async fn claim_sizes(url: &str) -> Vec<(String, i64)> {
    use sea_orm::ConnectionTrait;
    let store = postern_storage::SqlStore::connect(url).await.unwrap();
    let db = store.connection();
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT claimed_by, COUNT(*) FROM outbox WHERE claimed_by IS NOT NULL GROUP BY claimed_by".to_owned(),
        ))
        .await
        .unwrap();
    let sizes = rows
        .iter()
        .map(|r| {
            (
                r.try_get_by_index::<String>(0).unwrap(),
                r.try_get_by_index::<i64>(1).unwrap(),
            )
        })
        .collect();
    store.close().await;
    sizes
}

/// One sign-in attempt at the portal at `base` (its own CSRF cookie and token); the status.
async fn sign_in_attempt(http: &reqwest::Client, base: &str, email: &str) -> u16 {
    let form = http.get(format!("{base}/sign-in")).send().await.unwrap();
    let cookies: Vec<String> = form
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .collect();
    let page = crate::harness::Page {
        status: poem::http::StatusCode::OK,
        location: None,
        body: form.text().await.unwrap(),
    };
    http.post(format!("{base}/sign-in"))
        .header("Cookie", cookies.join("; "))
        .form(&[
            ("csrf_token", page.csrf().as_str()),
            ("email", email),
            ("password", "not-the-password-123"),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Ten bad sign-ins from one address spread over two instances reach the limit of ten
/// (`security.sign_in_per_minute`), not twenty: on PostgreSQL the attempts are counted in the
/// shared database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: cargo xtask test"]
async fn the_sign_in_limit_holds_across_instances() {
    let db = crate::harness::fresh_postgres_url().await;
    let settings = [("POSTERN_DATABASE__URL", db.as_str())];
    let a = crate::browser::Portal::start_with(&settings);
    let b = crate::browser::Portal::start_with(&settings);
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut statuses = Vec::new();
    for i in 0..10 {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        // Another account each time: only the per-address limit is met.
        statuses.push(sign_in_attempt(&http, base, &format!("nobody-{i}@example.org")).await);
    }
    assert!(statuses.iter().all(|s| *s != 429), "ten attempts pass: {statuses:?}");
    let eleventh = sign_in_attempt(&http, &b.base, "nobody-10@example.org").await;
    let twelfth = sign_in_attempt(&http, &a.base, "nobody-11@example.org").await;
    assert_eq!(
        (eleventh, twelfth),
        (429, 429),
        "the limit of ten holds on both instances"
    );
    postern_testkit::reliability::record(
        "12 bad sign-ins from one address alternating between 2 instances (limit 10 per minute)",
        "the limit holds across instances (counted in the shared database)",
        &format!(
            "attempts 1–10 answered {:?}; 11th and 12th: {eleventh}, {twelfth}",
            statuses[0]
        ),
        "PostgreSQL",
    );
}

/// Two instances on one PostgreSQL keep their attachments in one S3 bucket (the S3-compatible
/// server of `cargo xtask test`, reached through a fault proxy). A file sent through A
/// downloads through B. While the bucket cannot be reached, a download answers 503 with
/// `Retry-After`, is not counted (the limit is one download) and is audited as a failure; when
/// the bucket is back, the download works, counts, and the limit holds on A too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL and an S3-compatible server: cargo xtask test"]
async fn a_file_sent_through_one_instance_downloads_through_the_other_from_s3() {
    use poem::http::StatusCode;
    let env = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name}: run through cargo xtask test"));
    let db = crate::harness::fresh_postgres_url().await;
    let server = env("XTASK_S3_URL");
    let bucket = postern_testkit::FaultProxy::start(server.trim_start_matches("http://").parse().unwrap(), true).await;
    let mut tag = [0u8; 6];
    getrandom::fill(&mut tag).unwrap();
    let prefix = format!(
        "instances/{}",
        tag.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    let in_bucket = |c: &mut postern::config::Config| {
        let s3 = &mut c.attachments;
        s3.store = "s3".into();
        s3.s3.endpoint = format!("http://{}", bucket.addr());
        s3.s3.bucket = env("XTASK_S3_BUCKET");
        s3.s3.prefix = prefix.clone();
        s3.s3.access_key_id = env("XTASK_S3_ACCESS_KEY");
        s3.s3.secret_access_key = serde_json::from_value(serde_json::json!(env("XTASK_S3_SECRET_KEY"))).unwrap();
        s3.s3.allow_http = true;
    };
    let a = crate::harness::Harness::on_database_with(&db, in_bucket).await;
    let b = crate::harness::Harness::on_database_with(&db, in_bucket).await;
    let report = crate::files::data(3_000_000, 11);
    let file = crate::lifecycle::one_file_limited_to_one(&a, "report.pdf", &report).await;
    assert!(
        a.ports.attachments.usage().await.unwrap() >= 3_000_000,
        "the file went to the bucket"
    );

    // The bucket cannot be reached: nothing counted, a clear answer, an audit entry.
    bucket.set_open(false);
    bucket.cut_all();
    let (during, headers, body) = b.download(&file, None).await;
    let body = String::from_utf8_lossy(&body);
    assert_eq!(during, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let retry = headers.get("retry-after").map(|v| v.to_str().unwrap().to_owned());
    assert!(retry.is_some(), "{headers:?}");
    assert!(body.contains("not counted"), "{body}");
    assert!(!body.contains(&env("XTASK_S3_SECRET_KEY")));
    let events = b.ports.audit.recent(50).await.unwrap();
    assert!(
        events.iter().any(|e| e.action == "file.failed"),
        "the failure is audited"
    );
    assert!(
        !events.iter().any(|e| e.action == "file.downloaded"),
        "nothing was counted"
    );

    // An upload meanwhile: the form comes back, filled in, saying so; nothing is sent.
    a.sign_in("staff@example.com", crate::harness::PASSWORD).await;
    let big = crate::files::data(9 * 1024 * 1024, 3);
    let refused = crate::files::send_with_files(&a, "late@example.org", &[("big.bin", &big)]).await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE, "{}", refused.body);
    assert!(
        refused.body.contains("could not be stored right now"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("late@example.org"),
        "the form keeps what was typed"
    );
    a.worker.drain().await.unwrap();
    assert!(
        a.messages().await.iter().all(|(to, _)| to != "late@example.org"),
        "nothing was sent"
    );
    a.forget_cookies();

    // Back: B serves the file whole, it counts, and A knows.
    bucket.set_open(true);
    let (after, _, bytes) = b.download(&file, None).await;
    assert_eq!(after, StatusCode::OK);
    assert!(bytes == report, "the file arrives as sent");
    let on_a = a.download(&file, None).await.0;
    assert_eq!(on_a, StatusCode::GONE, "the limit of one holds on A");
    postern_testkit::reliability::record(
        "a download (limit 1) while the S3 bucket cannot be reached, then again once it is back",
        "not counted and audited as a failure; a clear 503 with Retry-After; then served through the other instance",
        &format!(
            "{} with Retry-After {}, audited file.failed; then {} with {} bytes through B, {} on A",
            during.as_u16(),
            retry.unwrap_or_default(),
            after.as_u16(),
            bytes.len(),
            on_a.as_u16()
        ),
        "PostgreSQL + S3",
    );
}

/// On PostgreSQL, an invitation sent through a web instance (`serve --no-worker`) wakes a
/// `postern worker` in another process at once (`LISTEN`/`NOTIFY`): with a poll of ten
/// minutes, its message is delivered within seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: cargo xtask test"]
async fn a_worker_in_another_process_is_woken_by_a_send() {
    let db = crate::harness::fresh_postgres_url().await;
    let dir = tempfile::tempdir().unwrap();
    let shared: Vec<(&str, String)> = vec![
        ("POSTERN_DATABASE__URL", db.clone()),
        ("POSTERN_DELIVERY__POLL_SECONDS", "600".into()),
        ("POSTERN_SERVER__CSRF_KEY", "ab".repeat(32)),
        ("POSTERN_SERVER__SECRET_KEY", "cd".repeat(32)),
    ];
    let token = prepare(dir.path(), &shared);
    let port = free_port();
    let mut web_settings = shared.clone();
    web_settings.push(("POSTERN_SERVER__LISTEN", format!("127.0.0.1:{port}")));
    web_settings.push(("POSTERN_SERVER__PUBLIC_URL", format!("http://127.0.0.1:{port}")));
    let mut web = start(dir.path(), &["serve", "--no-worker"], "web", &web_settings);
    let mut worker = start(dir.path(), &["worker"], "worker", &shared);
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while reqwest::get(format!("{base}/health/ready")).await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "web did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The worker's first round is over and it listens.
    tokio::time::sleep(Duration::from_secs(2)).await;
    crate::hot_paths::sends_arrive_at_once(&base, &token, &dir.path().join("worker/mail/pickup")).await;
    for child in [&mut web, &mut worker] {
        let _ = child.kill();
        let _ = child.wait();
    }
}
