//! Project automation. `cargo xtask test` runs every check CI runs; `cargo xtask bench` runs
//! the benchmarks and writes `docs/benchmarks.md`.

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

mod package;
mod public_api;
mod reliability;
mod samba;
mod services;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("bench") => bench(),
        Some("services") => services_only(),
        Some("screenshots") => screenshots(),
        Some("api-check") => schemathesis(),
        Some("reliability") => reliability::run(&root()),
        Some("public-api") => public_api::write(&root()),
        Some("package") => package::build(&root()).and_then(|deb| {
            eprintln!("xtask: {}", deb.display());
            if args.iter().any(|a| a == "--check") {
                package::check(&deb)
            } else {
                Ok(())
            }
        }),
        _ => {
            eprintln!(
                "usage: cargo xtask <test|bench|services|screenshots|api-check|package|reliability|public-api>\n  public-api   writes the public API of postern-domain to crates/domain/public-api.txt (test fails when it differs)\n  reliability  the fault-injection tests against the real servers; their results table goes to docs/reliability.md\n  package      the Debian package (target/debian/postern_*.deb); --check installs, runs and purges it\n  test         fmt check, clippy -D warnings, every test (ignored ones too) against real servers, schemathesis\n  bench        benchmarks; results go to docs/benchmarks.md\n  services     start the test servers, print their environment, stop on Enter\n  screenshots  the browser tests, saving desktop and phone images to docs/screenshots/\n  api-check    schemathesis against a fresh postern serve"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(ToOwned::to_owned)
        .unwrap_or_default()
}

pub(crate) fn cargo(args: &[&str]) -> Result<()> {
    cargo_with(args, &[])
}

pub(crate) fn cargo_with(args: &[&str], env: &[(String, String)]) -> Result<()> {
    eprintln!("xtask: cargo {}", args.join(" "));
    let status = Command::new(env!("CARGO"))
        .args(args)
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .status()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("cargo {} failed ({status})", args.join(" "));
    }
    Ok(())
}

fn test() -> Result<()> {
    cargo(&["fmt", "--all", "--check"])?;
    // A change to what reusers of the domain build on shows in review: the record must follow.
    public_api::check(&root())?;
    let missing = public_api::without_examples(&root().join(public_api::SOURCE))?;
    if !missing.is_empty() {
        bail!("postern-domain: these types have no example of their own in the documentation: {missing:?}");
    }
    cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])?;
    cargo_with(
        &["doc", "--workspace", "--no-deps"],
        &[("RUSTDOCFLAGS".to_owned(), "-D warnings".to_owned())],
    )?;
    deny()?;
    // Build first, so that servers do not idle through a long compilation.
    cargo(&["test", "--workspace", "--no-run"])?;
    let services = services::Services::start(&root())?;
    // Tests that need a real server carry `#[ignore = "needs <server>: cargo xtask test"]` so
    // that plain `cargo test` skips them visibly; here, with the servers running, they all run.
    // The fault-injection tests record what they observed; the table goes to
    // target/reliability.md (`cargo xtask reliability` writes docs/reliability.md).
    let results = reliability::results_file(&root())?;
    let mut env = services.env.clone();
    env.push(("XTASK_RELIABILITY_FILE".to_owned(), results.display().to_string()));
    let result = cargo_with(&["test", "--workspace", "--", "--include-ignored"], &env);
    drop(services);
    result?;
    reliability::write_table(&results, &root().join("target/reliability.md"), "cargo xtask test")?;
    schemathesis()?;
    let deb = package::build(&root())?;
    package::check(&deb)
}

/// The cargo-deny version the checks run with (installed from crates.io when missing).
const CARGO_DENY: &str = "0.20.2";

/// `cargo deny check licenses bans sources` (advisories need the internet, which CI lacks).
fn deny() -> Result<()> {
    let installed = Command::new("cargo")
        .args(["deny", "--version"])
        .output()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains(CARGO_DENY));
    if !installed {
        eprintln!("xtask: installing cargo-deny {CARGO_DENY} (once; it takes a few minutes)");
        cargo(&["install", "cargo-deny", "--locked", "--version", CARGO_DENY])?;
    }
    cargo(&["deny", "check", "licenses", "bans", "sources"])
}

/// Runs schemathesis against a real `postern serve`: no 500, every response as documented.
fn schemathesis() -> Result<()> {
    use std::io::Write;
    use std::process::Stdio;
    cargo(&["build", "-p", "postern"])?;
    let root = root();
    let python = services::ensure_python_tools(&root)?;
    let st = python.with_file_name("schemathesis");
    let dir = root.join("target/test-services/schemathesis");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let bin = root.join("target/debug/postern");
    let postern = |args: &[&str], stdin: &str| -> Result<String> {
        let mut child = Command::new(&bin)
            .args(args)
            .current_dir(&dir)
            .env("POSTERN_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot run {}", bin.display()))?;
        if let Some(mut input) = child.stdin.take() {
            input.write_all(stdin.as_bytes())?;
        }
        let out = child.wait_with_output()?;
        if !out.status.success() {
            bail!("postern {args:?} failed");
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    };
    postern(
        &[
            "user",
            "add",
            "--email",
            "api-check@example.com",
            "--name",
            "API Check",
            "--may-invite",
        ],
        "schemathesis-pass-123\n",
    )?;
    let token = postern(
        &[
            "token",
            "create",
            "--user",
            "api-check@example.com",
            "--name",
            "schemathesis",
        ],
        "",
    )?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let mut server = Command::new(&bin)
        .arg("serve")
        .current_dir(&dir)
        .env("POSTERN_LOG", "warn")
        .env("POSTERN_SERVER__LISTEN", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .spawn()?;
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > std::time::Duration::from_secs(30) {
            let _ = server.kill();
            bail!("postern serve did not start for schemathesis");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    eprintln!("xtask: schemathesis against postern serve on 127.0.0.1:{port}");
    let status = Command::new(&st)
        .arg("run")
        .arg(format!("http://127.0.0.1:{port}/api/openapi.json"))
        .args([
            "--checks",
            "not_a_server_error",
            "--checks",
            "response_schema_conformance",
        ])
        .args([
            "--checks",
            "status_code_conformance",
            "--hypothesis-max-examples=50",
            "--hypothesis-derandomize",
        ])
        .arg("-H")
        .arg(format!("Authorization: Bearer {token}"))
        .status();
    let _ = server.kill();
    let _ = server.wait();
    if !status.context("cannot run schemathesis")?.success() {
        bail!("schemathesis found problems in the API");
    }
    Ok(())
}

/// Runs the browser tests with `XTASK_SCREENSHOTS` set: each saves desktop and phone images
/// of the pages it passes through into `docs/screenshots/`.
fn screenshots() -> Result<()> {
    let dir = root().join("docs/screenshots");
    std::fs::create_dir_all(&dir)?;
    let services = services::Services::start(&root())?;
    let mut env = services.env.clone();
    env.push(("XTASK_SCREENSHOTS".to_owned(), dir.display().to_string()));
    let result = cargo_with(
        &[
            "test",
            "-p",
            "postern",
            "--test",
            "e2e",
            "browser::",
            "--",
            "--include-ignored",
        ],
        &env,
    );
    drop(services);
    result?;
    eprintln!("xtask: screenshots in {}", dir.display());
    Ok(())
}

fn services_only() -> Result<()> {
    let services = services::Services::start(&root())?;
    for (k, v) in &services.env {
        println!("export {k}={v}");
    }
    eprintln!("xtask: servers running; press Enter to stop them");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    drop(services);
    Ok(())
}

fn bench() -> Result<()> {
    // The references of the hot-path benchmark: wrk drives the load, nginx serves the same
    // page bytes.
    if !Path::new("/usr/bin/wrk").exists() || !Path::new("/usr/sbin/nginx").exists() {
        services::apt_install(&["wrk", "nginx-light"])?;
    }
    cargo(&["build", "--release", "-p", "postern", "--bins", "--examples"])?;
    let services = services::Services::start(&root())?;
    // The examples built above run as they are: `cargo run` in another environment (the
    // services' variables) checks the build again, and a release binary that cargo decides
    // to build again is linked with LTO, minutes each.
    let run = |example: &str| {
        let binary = root().join("target/release/examples").join(example);
        eprintln!("xtask: {} docs/benchmarks.md", binary.display());
        services::run(
            Command::new(&binary)
                .arg("docs/benchmarks.md")
                .current_dir(root())
                .envs(services.env.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            example,
        )
    };
    // bench_send writes the file; the others append their sections.
    let result = run("bench_send")
        .and_then(|()| run("bench_delivery"))
        .and_then(|()| run("bench_send_engines"))
        .and_then(|()| run("bench_files"))
        .and_then(|()| run("bench_storage"))
        .and_then(|()| run("bench_bulk"))
        .and_then(|()| run("bench_hot"))
        .and_then(|()| run("bench_e2e"));
    drop(services);
    result
}
