//! Benchmark: upload and download a 1 GiB file through a real `postern serve` over loopback,
//! with curl and with a client writing in 256 KiB blocks, while sampling the server's resident
//! memory; next to a reference copy of the same file on the same disk (`cp`) and nginx serving
//! it, in the same run. Appends its section to the
//! file given as the first argument. Needs the release binary (`cargo xtask bench` builds it).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: failing loudly is the point

#[allow(dead_code)] // the helpers of the API benchmarks are not all used here
mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const SIZE: u64 = 1024 * 1024 * 1024;
const PASSWORD: &str = "quiet-harbour-lantern-47";
const ROUNDS: usize = 7;

/// One round's rates (MiB/s) and the server's memory growth (KiB). Each transfer has its own
/// reference: a copy made just before it, so that the disk's drift over a round (it is shared
/// with other machines) touches a transfer and its reference alike.
struct Round {
    /// The copies before the upload, the curl download, the block download and nginx's.
    cp: [f64; 4],
    up: f64,
    /// With curl as the client.
    down_curl: f64,
    /// With a client that receives and writes in blocks of 256 KiB.
    down: f64,
    /// nginx (`sendfile`) serving the same file to the same client.
    nginx: f64,
    up_growth: u64,
    down_growth: u64,
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// Samples the server's resident memory every 20 ms while `work` runs; returns its result,
/// the peak growth over the resident size at the start (KiB) and the elapsed time.
fn measured<T>(pid: u32, work: impl FnOnce() -> T) -> (T, u64, Duration) {
    let before = rss_kib(pid);
    let peak = Arc::new(AtomicU64::new(before));
    let running = Arc::new(AtomicBool::new(true));
    let sampler = {
        let (peak, running) = (peak.clone(), running.clone());
        std::thread::spawn(move || {
            while running.load(Ordering::SeqCst) {
                peak.fetch_max(rss_kib(pid), Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let started = Instant::now();
    let out = work();
    let elapsed = started.elapsed();
    running.store(false, Ordering::SeqCst);
    sampler.join().unwrap();
    (out, peak.load(Ordering::SeqCst).saturating_sub(before), elapsed)
}

fn curl(jar: &Path, args: &[&str]) -> String {
    let out = Command::new("curl")
        .args(["-s", "-S", "-c"])
        .arg(jar)
        .arg("-b")
        .arg(jar)
        .args(args)
        .output()
        .expect("curl");
    assert!(
        out.status.success(),
        "curl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).unwrap_or_else(|| panic!("no {name} in {body}")) + marker.len();
    body[start..].split('"').next().unwrap().to_owned()
}

fn mib_s(bytes: u64, d: Duration) -> f64 {
    bytes as f64 / 1024.0 / 1024.0 / d.as_secs_f64()
}

fn main() {
    let out_file = std::env::args().nth(1).unwrap_or_else(|| "docs/benchmarks.md".into());
    let binary = common::release_binary();
    let dir = tempfile::tempdir().unwrap();
    let port = common::free_port();
    let base = format!("http://127.0.0.1:{port}");
    let env = [
        ("POSTERN_SERVER__LISTEN", format!("127.0.0.1:{port}")),
        ("POSTERN_SERVER__PUBLIC_URL", base.clone()),
        ("POSTERN_SERVER__SECURE_COOKIES", "false".into()),
        ("POSTERN_SERVER__DATA_DIR", dir.path().join("var").display().to_string()),
        ("POSTERN_LOG", "warn".into()),
    ];
    let mut add = Command::new(&binary)
        .args([
            "user",
            "add",
            "--kind",
            "internal",
            "--email",
            "bench@example.com",
            "--name",
            "Bench",
            "--may-invite",
        ])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .unwrap();
    assert!(add.wait().unwrap().success());
    let mut server = Command::new(&binary)
        .arg("serve")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let pid = server.id();
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "postern serve did not start");
        std::thread::sleep(Duration::from_millis(100));
    }

    // The file, and the reference: a copy on the same disk.
    let source = dir.path().join("source.bin");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&source).unwrap());
        let mut block = vec![0u8; 1024 * 1024];
        for i in 0..SIZE / block.len() as u64 {
            for (j, b) in block.iter_mut().enumerate() {
                *b = (j as u64).wrapping_mul(2_654_435_761).wrapping_add(i) as u8;
            }
            f.write_all(&block).unwrap();
        }
        f.flush().unwrap();
    }
    // The reference server: nginx serving the same file from the same disk.
    let nginx_port = common::free_port();
    let www = dir.path().join("www");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::hard_link(&source, www.join("source.bin")).unwrap();
    let _nginx = common::Running(Some(common::nginx(dir.path(), nginx_port, &www)));
    // Sign in once.
    let jar = dir.path().join("cookies.txt");
    let page = curl(&jar, &[&format!("{base}/sign-in")]);
    let csrf = hidden(&page, "csrf_token");
    curl(
        &jar,
        &[
            "-o",
            "/dev/null",
            "--data-urlencode",
            &format!("csrf_token={csrf}"),
            "--data-urlencode",
            "email=bench@example.com",
            "--data-urlencode",
            &format!("password={PASSWORD}"),
            &format!("{base}/sign-in"),
        ],
    );
    // Rounds of reference copy, upload and download, interleaved so that the machine's
    // drift touches all three alike; the medians are reported.
    let mut rounds = Vec::new();
    let load = common::quiet_machine();
    let copy = || {
        let copy = dir.path().join("copy.bin");
        let started = Instant::now();
        assert!(Command::new("cp").arg(&source).arg(&copy).status().unwrap().success());
        Command::new("sync").status().unwrap();
        let cp_time = started.elapsed();
        std::fs::remove_file(&copy).unwrap();
        Command::new("sync").status().unwrap();
        mib_s(SIZE, cp_time)
    };
    for round in 0..ROUNDS {
        let cp_up = copy();

        let guest = format!("guest{round}@example.org");
        let form = curl(&jar, &[&format!("{base}/invitations/new")]);
        let (csrf, key) = (hidden(&form, "csrf_token"), hidden(&form, "idempotency_key"));
        let file_arg = format!("files=@{}", source.display());
        let (status, upload_growth, upload_time) = measured(pid, || {
            curl(
                &jar,
                &[
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code}",
                    "-F",
                    &format!("csrf_token={csrf}"),
                    "-F",
                    &format!("idempotency_key={key}"),
                    "-F",
                    &format!("to={guest}"),
                    "-F",
                    "subject=Benchmark",
                    "-F",
                    "message=One large file.",
                    "-F",
                    &file_arg,
                    &format!("{base}/invitations/new"),
                ],
            )
        });
        assert_eq!(status, "303", "the upload was refused");

        // The delivery worker writes the message to the pickup folder; take the link.
        let pickup = dir.path().join("var/mail/pickup");
        let deadline = Instant::now() + Duration::from_secs(60);
        let eml = loop {
            let found = std::fs::read_dir(&pickup).ok().and_then(|mut d| {
                d.find_map(|e| {
                    e.ok().filter(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        name.starts_with(&guest) && name.ends_with(".eml")
                    })
                })
            });
            if let Some(e) = found {
                break std::fs::read_to_string(e.path()).unwrap();
            }
            assert!(Instant::now() < deadline, "no message in the pickup folder");
            std::thread::sleep(Duration::from_millis(200));
        };
        let parsed = mail_parser::MessageParser::default().parse(eml.as_bytes()).unwrap();
        let text = parsed.body_text(0).unwrap().into_owned();
        let start = text.find("/download/").unwrap();
        let link = text[start..].split_whitespace().next().unwrap().to_owned();
        let page = curl(&jar, &[&format!("{base}{link}")]);
        let href_start = page.find("href=\"/download/").unwrap() + 6;
        let href = page[href_start..].split('"').next().unwrap().to_owned();
        let target = dir.path().join("downloaded.bin");
        let target_arg = target.display().to_string();
        let same = |target: &Path| {
            assert_eq!(
                std::fs::metadata(target).unwrap().len(),
                SIZE,
                "the whole file came back"
            );
            let same = Command::new("cmp").arg(&source).arg(target).status().unwrap().success();
            assert!(same, "the downloaded file differs");
            std::fs::remove_file(target).unwrap();
            Command::new("sync").status().unwrap();
        };
        let cp_curl = copy();
        let (_, curl_growth, curl_time) = measured(pid, || {
            curl(&jar, &["-o", &target_arg, &format!("{base}{href}")]);
            Command::new("sync").status().unwrap();
        });
        same(&target);
        let cp_block = copy();
        let (_, block_growth, download_time) = measured(pid, || {
            common::download(port, &href, &target);
            Command::new("sync").status().unwrap();
        });
        same(&target);
        let download_growth = curl_growth.max(block_growth);
        let cp_nginx = copy();
        let started = Instant::now();
        common::download(nginx_port, "/source.bin", &target);
        Command::new("sync").status().unwrap();
        let nginx_time = started.elapsed();
        same(&target);
        rounds.push(Round {
            cp: [cp_up, cp_curl, cp_block, cp_nginx],
            up: mib_s(SIZE, upload_time),
            down_curl: mib_s(SIZE, curl_time),
            down: mib_s(SIZE, download_time),
            nginx: mib_s(SIZE, nginx_time),
            up_growth: upload_growth,
            down_growth: download_growth,
        });
    }
    let _ = server.kill();
    let _ = server.wait();

    let median = |f: &dyn Fn(&Round) -> f64| {
        let mut v: Vec<f64> = rounds.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let cp_rate = {
        let mut all: Vec<f64> = rounds.iter().flat_map(|r| r.cp).collect();
        all.sort_by(f64::total_cmp);
        all[all.len() / 2]
    };
    let (up_rate, down_rate) = (median(&|r| r.up), median(&|r| r.down));
    let (curl_rate, nginx_rate) = (median(&|r| r.down_curl), median(&|r| r.nginx));
    let (up_ratio, down_ratio) = (median(&|r| r.up / r.cp[0]), median(&|r| r.down / r.cp[2]));
    let (curl_ratio, nginx_ratio) = (median(&|r| r.down_curl / r.cp[1]), median(&|r| r.nginx / r.cp[3]));
    let upload_growth = rounds.iter().map(|r| r.up_growth).max().unwrap_or(0);
    let download_growth = rounds.iter().map(|r| r.down_growth).max().unwrap_or(0);
    let spread = |f: &dyn Fn(&Round) -> f64| {
        let v: Vec<f64> = rounds.iter().map(f).collect();
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(0.0, f64::max);
        format!("{lo:.2}×–{hi:.2}×")
    };
    let (up_spread, down_spread) = (spread(&|r| r.up / r.cp[0]), spread(&|r| r.down / r.cp[2]));
    let (curl_spread, nginx_spread) = (spread(&|r| r.down_curl / r.cp[1]), spread(&|r| r.nginx / r.cp[3]));
    let to_nginx = median(&|r| r.down / r.nginx);
    let md = format!(
        "\n## Files: 1 GiB up and down\n\n\
         Command: `cargo xtask bench` (runs `cargo run --release -p postern --example bench_files`). A real \
         `postern serve` (release build, SQLite, folder store) on 127.0.0.1; curl uploads one 1 GiB file with the \
         *Send Invites* form (multipart, streamed to the attachment store with its SHA-256); the recipient's link \
         downloads it twice, with curl and with a client that receives and writes in blocks of up to 256 KiB \
         (curl writes in pieces of 8 KiB, 131,072 write calls for 1 GiB); nginx (`sendfile` on) serves the same file \
         from the same disk to the same block client. Every download lands in a file followed by `sync` and is compared \
         with the original. The server's resident memory (VmRSS) is sampled every 20 ms. Reference in the same run: \
         `cp` of the same file on the same disk, followed by `sync`, made just before each transfer: each transfer's \
         ratio is to its own copy, so that the shared disk's drift touches both alike. MiB/s; growth is the peak \
         resident memory during the transfer over the resident memory before it (goal: at most 64 MiB; download at \
         least 0.7× of the reference). {ROUNDS} rounds of the upload and the three downloads, each after its copy; the \
         table gives the medians of the rates (`cp`: of every copy) and of the per-round ratios, and the largest \
         memory growth. One-minute load average when measuring began: {load:.2}.\n\n\
         | transfer | MiB/s | × reference (median) | × reference (all rounds) | server memory growth |\n|---|---:|---:|---:|---:|\n\
         | `cp` (reference) | {cp_rate:.0} | 1.00× | – | – |\n\
         | upload (curl) | {up_rate:.0} | {up_ratio:.2}× | {up_spread} | {} MiB |\n\
         | download (curl) | {curl_rate:.0} | {curl_ratio:.2}× | {curl_spread} | {} MiB |\n\
         | download (256 KiB blocks) | {down_rate:.0} | **{down_ratio:.2}×** | {down_spread} | (same) |\n\
         | nginx, `sendfile` (256 KiB blocks) | {nginx_rate:.0} | {nginx_ratio:.2}× | {nginx_spread} | – |\n\n\
         Postern's download over nginx's, same client (median of the rounds): {to_nginx:.2}×.\n",
        upload_growth / 1024,
        download_growth / 1024,
    );
    print!("{md}");
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&out_file)
        .unwrap()
        .write_all(md.as_bytes())
        .unwrap();
}
