//! The activation page under load, beside nginx serving the same page bytes, in one run:
//! `wrk` at 2 and 32 connections against a real `postern serve` (release build, SQLite, the
//! pickup folder) and against nginx on 127.0.0.1; the server's CPU time per request (from
//! `/proc/<pid>/stat`) and its peak resident memory; then the same database filled to a
//! million recipients with live links, and the page for 100,000 of them chosen at random under
//! the same load, with the server's peak resident memory. Appends its section to
//! `docs/benchmarks.md` (or the file named as the first argument).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Seconds each wrk run lasts.
const SECONDS: u64 = 10;

/// Pairs of runs (nginx, then Postern) at each connection count.
const ROUNDS: usize = 3;

/// One round at one connection count: Postern's run, nginx's just before it, and the CPU
/// time Postern used over its run.
struct Pair {
    run: Run,
    reference: Run,
    cpu: u64,
}

impl Pair {
    /// Postern's requests per second over nginx's.
    fn ratio(&self) -> f64 {
        self.run.per_second / self.reference.per_second
    }

    /// Postern's CPU time per request, in microseconds.
    #[allow(clippy::cast_precision_loss)]
    fn cpu_per_request(&self) -> f64 {
        self.cpu as f64 / self.run.requests.max(1) as f64
    }
}

/// CPU time (user + system) a process has used, in microseconds.
fn cpu_us(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // After the command name in parentheses: fields 14 and 15 of the whole line.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    // USER_HZ is 100 on Linux.
    ticks * 10_000
}

/// Resident memory of a process now (VmRSS), MiB.
fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap()
        .parse()
        .unwrap();
    kib / 1024.0
}

/// Peak resident memory of a process (VmHWM), MiB.
fn peak_rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap()
        .parse()
        .unwrap();
    kib / 1024.0
}

struct Run {
    requests: u64,
    per_second: f64,
    p99_ms: f64,
    non_2xx: u64,
}

/// A duration as wrk prints it (`812.00us`, `3.21ms`, `1.02s`), in milliseconds.
fn millis(text: &str) -> f64 {
    let (number, unit) = text.split_at(text.find(|c: char| c.is_ascii_alphabetic()).unwrap());
    let n: f64 = number.parse().unwrap();
    match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        "m" => n * 60_000.0,
        other => panic!("unit {other}"),
    }
}

fn wrk(url: &str, connections: u32) -> Run {
    wrk_with(url, connections, None)
}

/// wrk, with a Lua script choosing each request's path when one is given.
fn wrk_with(url: &str, connections: u32, script: Option<&Path>) -> Run {
    let mut command = Command::new("wrk");
    command.args([
        "-t1",
        &format!("-c{connections}"),
        &format!("-d{SECONDS}s"),
        "--latency",
    ]);
    if let Some(script) = script {
        command.arg("-s").arg(script);
    }
    let out = command
        .arg(url)
        .output()
        .expect("wrk (apt-get install wrk; cargo xtask bench installs it)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = |start: &str| {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with(start))
            .map(str::to_owned)
    };
    let requests = line("")
        .and_then(|_| text.lines().find(|l| l.contains("requests in")))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .parse()
        .unwrap();
    let per_second = line("Requests/sec:")
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let p99_ms = millis(line("99%").unwrap().split_whitespace().nth(1).unwrap());
    let non_2xx =
        line("Non-2xx or 3xx responses:").map_or(0, |l| l.split_whitespace().last().unwrap().parse().unwrap());
    Run {
        requests,
        per_second,
        p99_ms,
        non_2xx,
    }
}

/// Recipients the database holds in the second part of the run.
const RECIPIENTS: usize = 1_000_000;
/// Links the second part's requests choose from, at random.
const CHOSEN: usize = 100_000;

/// Copies of the one invitation the server sent (with its recipient and live link) until the
/// database holds `RECIPIENTS` recipients: invitations of 100 recipients, each recipient with a
/// link of its own. Returns the paths of `CHOSEN` of those links, spread over the table, and
/// the seconds the fill took.
fn fill(db: &Path) -> (Vec<String>, f64) {
    use postern_domain::token::ActivationToken;
    let started = Instant::now();
    let random = postern_testkit::SeededRandom::new(19);
    let mut conn = rusqlite::Connection::open(db).unwrap();
    let columns = |conn: &rusqlite::Connection, table: &str| -> Vec<String> {
        let mut statement = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap();
        statement
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    // `INSERT INTO t (cols) SELECT <cols, some replaced by parameters> FROM t WHERE rowid = ?`.
    let copy = |conn: &rusqlite::Connection, table: &str, replaced: &[&str]| -> String {
        let cols = columns(conn, table);
        let chosen: Vec<String> = cols
            .iter()
            .map(|c| match replaced.iter().position(|r| r == c) {
                Some(i) => format!("?{}", i + 1),
                None => format!("\"{c}\""),
            })
            .collect();
        let quoted: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
        format!(
            "INSERT INTO \"{table}\" ({}) SELECT {} FROM \"{table}\" WHERE rowid = ?{}",
            quoted.join(", "),
            chosen.join(", "),
            replaced.len() + 1
        )
    };
    let row = |conn: &rusqlite::Connection, table: &str| -> i64 {
        conn.query_row(&format!("SELECT min(rowid) FROM \"{table}\""), [], |r| r.get(0))
            .unwrap()
    };
    let (invitation, recipient, token) = (
        row(&conn, "invitations"),
        row(&conn, "invitation_recipients"),
        row(&conn, "activation_tokens"),
    );
    let copy_invitation = copy(&conn, "invitations", &["id", "idempotency_key"]);
    let copy_recipient = copy(
        &conn,
        "invitation_recipients",
        &["id", "invitation_id", "position", "email", "email_normalized"],
    );
    let copy_token = copy(&conn, "activation_tokens", &["digest", "recipient_id"]);
    let every = RECIPIENTS / CHOSEN;
    let mut paths = Vec::with_capacity(CHOSEN);
    let tx = conn.transaction().unwrap();
    {
        let mut add_invitation = tx.prepare(&copy_invitation).unwrap();
        let mut add_recipient = tx.prepare(&copy_recipient).unwrap();
        let mut add_token = tx.prepare(&copy_token).unwrap();
        let uuid = |n: u64, kind: u8| {
            let mut bytes = [0u8; 16];
            bytes[0] = kind;
            bytes[8..].copy_from_slice(&n.to_be_bytes());
            bytes.to_vec()
        };
        for i in 0..RECIPIENTS / 100 {
            let invitation_id = uuid(i as u64, 1);
            add_invitation
                .execute(rusqlite::params![invitation_id, format!("fill-{i}"), invitation])
                .unwrap();
            for position in 0..100i64 {
                let n = i * 100 + position as usize;
                let recipient_id = uuid(n as u64, 2);
                let email = format!("guest{n}@example.org");
                add_recipient
                    .execute(rusqlite::params![
                        recipient_id,
                        invitation_id,
                        position,
                        email,
                        email,
                        recipient
                    ])
                    .unwrap();
                let link = ActivationToken::generate(&random);
                add_token
                    .execute(rusqlite::params![link.digest().to_hex(), recipient_id, token])
                    .unwrap();
                if n.is_multiple_of(every) {
                    paths.push(format!("/activate/{}", link.expose()));
                }
            }
        }
    }
    tx.commit().unwrap();
    conn.execute_batch("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    (paths, started.elapsed().as_secs_f64())
}

fn main() {
    let out_file = std::env::args().nth(1).unwrap_or_else(|| "docs/benchmarks.md".into());
    let binary = common::release_binary();
    let dir = tempfile::tempdir().unwrap();
    let port = common::free_port();
    let base = format!("http://127.0.0.1:{port}");
    let env = vec![
        ("POSTERN_SERVER__LISTEN", format!("127.0.0.1:{port}")),
        ("POSTERN_SERVER__PUBLIC_URL", base.clone()),
        ("POSTERN_SERVER__DATA_DIR", dir.path().join("var").display().to_string()),
        // wrk opens the same link from one address many times a second.
        ("POSTERN_SECURITY__ACTIVATION_PER_MINUTE", "1000000000".into()),
        ("POSTERN_LOG", "warn".into()),
    ];
    let token = common::staff_token(&binary, dir.path(), &env);
    let server = common::serve(&binary, dir.path(), &env);
    let pid = server.pid();
    common::wait_for(port);
    let rss_at_start = {
        std::thread::sleep(Duration::from_millis(500));
        rss_mib(pid)
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let http = reqwest::Client::new();
    let sent = runtime.block_on(
        http.post(format!("{base}/api/v1/invitations"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"to": "guest@example.org"}))
            .send(),
    );
    assert_eq!(sent.unwrap().status().as_u16(), 201);
    let pickup = dir.path().join("var/mail/pickup");
    let started = Instant::now();
    let eml = loop {
        let found = std::fs::read_dir(&pickup).ok().and_then(|d| {
            d.flatten()
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|x| x == "eml"))
        });
        if let Some(path) = found {
            break std::fs::read_to_string(path).unwrap();
        }
        assert!(started.elapsed() < Duration::from_secs(30), "no invitation was written");
        std::thread::sleep(Duration::from_millis(50));
    };
    let text = mail_parser::MessageParser::default()
        .parse(eml.as_bytes())
        .and_then(|m| m.body_text(0).map(|t| t.into_owned()))
        .unwrap();
    let start = text.find("/activate/").unwrap();
    let path: String = text[start..].split_whitespace().next().unwrap().to_owned();
    let page = runtime.block_on(async {
        http.get(format!("{base}{path}"))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
    });
    assert!(
        String::from_utf8_lossy(&page).contains("guest@example.org"),
        "the activation page"
    );
    let nginx_port = common::free_port();
    let www = dir.path().join("www");
    let file = www.join(path.trim_start_matches('/'));
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, &page).unwrap();
    let reference = common::Running(Some(common::nginx(dir.path(), nginx_port, &www)));

    let load = common::quiet_machine();
    // Warm both up, then measure, interleaved: nginx, Postern, at each connection count.
    wrk(&format!("http://127.0.0.1:{nginx_port}{path}"), 2);
    wrk(&format!("{base}{path}"), 2);
    // Each connection count in ROUNDS pairs of runs (nginx, then Postern): the machine is
    // shared, and one pair can land on a busy second; the table gives the median pair.
    let mut rows = Vec::new();
    for connections in [2u32, 32] {
        let mut pairs = Vec::new();
        for _ in 0..ROUNDS {
            let reference_run = wrk(&format!("http://127.0.0.1:{nginx_port}{path}"), connections);
            let cpu_before = cpu_us(pid);
            let run = wrk(&format!("{base}{path}"), connections);
            let cpu = cpu_us(pid) - cpu_before;
            assert_eq!(run.non_2xx, 0, "Postern answered other than 200");
            pairs.push(Pair {
                run,
                reference: reference_run,
                cpu,
            });
        }
        rows.push((connections, pairs));
    }
    let peak = peak_rss_mib(pid);
    drop(reference);
    drop(server);

    // The same portal at a million recipients: the page of links chosen at random.
    let (paths, fill_seconds) = fill(&dir.path().join("var/postern.db"));
    let db_mib = std::fs::metadata(dir.path().join("var/postern.db")).unwrap().len() as f64 / 1_048_576.0;
    let list = dir.path().join("paths.txt");
    std::fs::write(&list, paths.join("\n")).unwrap();
    let script = dir.path().join("paths.lua");
    std::fs::write(
        &script,
        format!(
            "local paths = {{}}\nfor line in io.lines(\"{}\") do paths[#paths + 1] = line end\n\
             request = function() return wrk.format(\"GET\", paths[math.random(#paths)]) end\n",
            list.display()
        ),
    )
    .unwrap();
    let server = common::serve(&binary, dir.path(), &env);
    let big_pid = server.pid();
    common::wait_for(port);
    let big_start = {
        std::thread::sleep(Duration::from_millis(500));
        rss_mib(big_pid)
    };
    let cpu_before = cpu_us(big_pid);
    let big = wrk_with(&base, 32, Some(&script));
    let big_cpu = cpu_us(big_pid) - cpu_before;
    assert_eq!(
        big.non_2xx, 0,
        "Postern answered other than 200 at a million recipients"
    );
    let big_peak = peak_rss_mib(big_pid);
    drop(server);

    let mut text = format!(
        "\n## The activation page under load, beside nginx\n\n\
         Command: `cargo xtask bench` (runs `cargo run --release -p postern --example bench_hot`). A real \
         `postern serve` (release build, SQLite, pickup folder) answers `GET /activate/<link>` for one live link; \
         nginx 1.22 (one worker, `access_log off`) serves the same page bytes from a file on 127.0.0.1 in the same run. \
         `wrk -t1 -d{SECONDS}s`, nginx and Postern interleaved after a warm-up of each, {ROUNDS} pairs of runs at each \
         connection count; 2 CPUs shared by the server, nginx and wrk. The row is the pair with the median ratio, with \
         every pair's ratio in brackets, and the worst p99 of Postern's runs. CPU per request is the server's user + \
         system time over a run (from `/proc/<pid>/stat`, 10 ms ticks) divided by the requests answered: the median \
         of the runs, every run's in brackets. One-minute load average when measuring began: {load:.2}.\n\n\
         | connections | Postern req/s | p99 (ms) | nginx req/s | p99 (ms) | Postern / nginx | server CPU per request |\n\
         |---:|---:|---:|---:|---:|---:|---:|\n"
    );
    for (connections, pairs) in &mut rows {
        pairs.sort_by(|a, b| a.ratio().total_cmp(&b.ratio()));
        let Pair { run, reference, .. } = &pairs[pairs.len() / 2];
        let mut per_request: Vec<f64> = pairs.iter().map(Pair::cpu_per_request).collect();
        per_request.sort_by(f64::total_cmp);
        let worst_p99 = pairs.iter().map(|p| p.run.p99_ms).fold(0.0, f64::max);
        let ratios: Vec<String> = pairs.iter().map(|p| format!("{:.2}", p.ratio())).collect();
        let cpus: Vec<String> = per_request.iter().map(|c| format!("{c:.0}")).collect();
        text.push_str(&format!(
            "| {connections} | {:.0} | {:.2} (worst {worst_p99:.2}) | {:.0} | {:.2} | **{:.2}×** ({}) | {:.0} µs ({}) |\n",
            run.per_second,
            run.p99_ms,
            reference.per_second,
            reference.p99_ms,
            run.per_second / reference.per_second,
            ratios.join(", "),
            per_request[per_request.len() / 2],
            cpus.join(", "),
        ));
    }
    text.push_str(&format!(
        "\nResident memory of `postern serve`: {rss_at_start:.0} MiB after start, peak {peak:.0} MiB over the run (VmHWM).\n"
    ));
    #[allow(clippy::cast_precision_loss)]
    let big_per_request = big_cpu as f64 / big.requests.max(1) as f64;
    text.push_str(&format!(
        "\n### At a million recipients\n\n\
         The same database filled to {RECIPIENTS} recipients (invitations of 100, each recipient with a live link; \
         {fill_seconds:.0} s, {db_mib:.0} MiB), the server started again, and the page of {CHOSEN} of those links, \
         spread over the table, requested at random by wrk at 32 connections for {SECONDS} s (every answer a 200). \
         Defaults: `database.max_connections` 8, `database.sqlite_cache_mib` 8 (decision 0017: the memory budget is \
         48 MiB plus 8 MiB of page cache for each SQLite connection in use).\n\n\
         | recipients | req/s | p99 (ms) | server CPU per request | resident after start | peak resident (VmHWM) |\n\
         |---:|---:|---:|---:|---:|---:|\n\
         | {RECIPIENTS} | {:.0} | {:.2} | {big_per_request:.0} µs | {big_start:.0} MiB | {big_peak:.0} MiB |\n",
        big.per_second, big.p99_ms,
    ));
    print!("{text}");
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&out_file)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
}
