//! The activation page under load, beside nginx serving the same page bytes, in one run:
//! `wrk` at 2 and 32 connections against a real `postern serve` (release build, SQLite, the
//! pickup folder) and against nginx on 127.0.0.1; the server's CPU time per request (from
//! `/proc/<pid>/stat`) and its peak resident memory. Appends its section to
//! `docs/benchmarks.md` (or the file named as the first argument).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Seconds each wrk run lasts.
const SECONDS: u64 = 10;

/// Waits (at most two minutes) for the one-minute load average to fall below 0.8; returns
/// the load seen when measuring starts.
fn quiet_machine() -> f64 {
    let started = Instant::now();
    loop {
        let load: f64 = std::fs::read_to_string("/proc/loadavg")
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        if load < 0.8 || started.elapsed() > Duration::from_secs(120) {
            return load;
        }
        std::thread::sleep(Duration::from_secs(5));
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
    let out = Command::new("wrk")
        .args([
            "-t1",
            &format!("-c{connections}"),
            &format!("-d{SECONDS}s"),
            "--latency",
            url,
        ])
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

fn wait_for(port: u16) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "nothing on port {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// nginx as a plain process on `port`, serving `body` at `path`.
fn nginx(dir: &Path, port: u16, path: &str, body: &[u8]) -> Child {
    let root = dir.join("nginx");
    let file = root.join("www").join(path.trim_start_matches('/'));
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, body).unwrap();
    let conf = root.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "daemon off;\nmaster_process off;\nworker_processes 1;\nuser root;\npid {pid};\nerror_log {log} warn;\n\
             events {{ worker_connections 1024; }}\n\
             http {{ access_log off; default_type text/html; keepalive_requests 1000000;\n\
               client_body_temp_path {tmp}; proxy_temp_path {tmp}; fastcgi_temp_path {tmp}; uwsgi_temp_path {tmp}; scgi_temp_path {tmp};\n\
               server {{ listen 127.0.0.1:{port}; root {www}; }} }}\n",
            pid = root.join("nginx.pid").display(),
            log = root.join("error.log").display(),
            tmp = root.join("tmp").display(),
            www = root.join("www").display(),
        ),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("tmp")).unwrap();
    let child = Command::new("nginx")
        .arg("-c")
        .arg(&conf)
        .arg("-p")
        .arg(&root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nginx (apt-get install nginx-light; cargo xtask bench installs it)");
    wait_for(port);
    child
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
    wait_for(port);
    let rss_at_start = {
        std::thread::sleep(Duration::from_millis(500));
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .unwrap()
            .parse::<f64>()
            .unwrap()
            / 1024.0
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
    let reference = common::Running(Some(nginx(dir.path(), nginx_port, &path, &page)));

    let load = quiet_machine();
    // Warm both up, then measure, interleaved: nginx, Postern, at each connection count.
    wrk(&format!("http://127.0.0.1:{nginx_port}{path}"), 2);
    wrk(&format!("{base}{path}"), 2);
    let mut rows = Vec::new();
    for connections in [2u32, 32] {
        let reference_run = wrk(&format!("http://127.0.0.1:{nginx_port}{path}"), connections);
        let cpu_before = cpu_us(pid);
        let run = wrk(&format!("{base}{path}"), connections);
        let cpu = cpu_us(pid) - cpu_before;
        assert_eq!(run.non_2xx, 0, "Postern answered other than 200");
        rows.push((connections, run, reference_run, cpu));
    }
    let peak = peak_rss_mib(pid);
    drop(reference);
    drop(server);

    let mut text = format!(
        "\n## The activation page under load, beside nginx\n\n\
         Command: `cargo xtask bench` (runs `cargo run --release -p postern --example bench_hot`). A real \
         `postern serve` (release build, SQLite, pickup folder) answers `GET /activate/<link>` for one live link; \
         nginx 1.22 (one worker, `access_log off`) serves the same page bytes from a file on 127.0.0.1 in the same run. \
         `wrk -t1 -d{SECONDS}s`, nginx and Postern interleaved after a warm-up of each; 2 CPUs shared by the server, \
         nginx and wrk. CPU per request is the server's user + system time over the run (from `/proc/<pid>/stat`, \
         10 ms ticks) divided by the requests answered. One-minute load average when measuring began: {load:.2}.\n\n\
         | connections | Postern req/s | p99 (ms) | nginx req/s | p99 (ms) | Postern / nginx | server CPU per request |\n\
         |---:|---:|---:|---:|---:|---:|---:|\n"
    );
    for (connections, run, reference, cpu) in &rows {
        #[allow(clippy::cast_precision_loss)]
        let per_request = *cpu as f64 / run.requests.max(1) as f64;
        text.push_str(&format!(
            "| {connections} | {:.0} | {:.2} | {:.0} | {:.2} | **{:.2}×** | {per_request:.0} µs |\n",
            run.per_second,
            run.p99_ms,
            reference.per_second,
            reference.p99_ms,
            run.per_second / reference.per_second,
        ));
    }
    text.push_str(&format!(
        "\nResident memory of `postern serve`: {rss_at_start:.0} MiB after start, peak {peak:.0} MiB over the run (VmHWM).\n"
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
