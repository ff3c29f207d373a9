//! Project automation. `cargo xtask test` runs every check CI runs; `cargo xtask bench` runs
//! the benchmarks and writes `docs/benchmarks.md`.

use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

mod services;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("bench") => bench(),
        Some("services") => services_only(),
        _ => {
            eprintln!(
                "usage: cargo xtask <test|bench>\n  test   fmt check, clippy -D warnings, every test (ignored ones too)\n  bench  benchmarks; results go to docs/benchmarks.md"
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

fn cargo(args: &[&str]) -> Result<()> {
    cargo_with(args, &[])
}

fn cargo_with(args: &[&str], env: &[(String, String)]) -> Result<()> {
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
    cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])?;
    // Build first, so that servers do not idle through a long compilation.
    cargo(&["test", "--workspace", "--no-run"])?;
    let services = services::Services::start(&root())?;
    // Tests that need a real server are #[ignore]d for plain `cargo test`; here they all run.
    let result = cargo_with(&["test", "--workspace", "--", "--include-ignored"], &services.env);
    drop(services);
    result
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
    cargo(&["build", "--release", "-p", "postern", "--examples"])?;
    let services = services::Services::start(&root())?;
    let run = |example: &str| {
        cargo_with(
            &[
                "run",
                "--release",
                "-p",
                "postern",
                "--example",
                example,
                "--",
                "docs/benchmarks.md",
            ],
            &services.env,
        )
    };
    // bench_send writes the file; bench_delivery appends its section.
    let result = run("bench_send").and_then(|()| run("bench_delivery"));
    drop(services);
    result
}
