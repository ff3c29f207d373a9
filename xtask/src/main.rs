//! Project automation. `cargo xtask test` runs every check CI runs; `cargo xtask bench` runs
//! the benchmarks and writes `docs/benchmarks.md`.

use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("bench") => bench(),
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

fn cargo(args: &[&str]) -> Result<()> {
    eprintln!("xtask: cargo {}", args.join(" "));
    let status = Command::new(env!("CARGO"))
        .args(args)
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
    // Tests that need a real server are #[ignore]d for plain `cargo test`; here they all run.
    cargo(&["test", "--workspace", "--", "--include-ignored"])?;
    Ok(())
}

fn bench() -> Result<()> {
    cargo(&[
        "run",
        "--release",
        "-p",
        "postern",
        "--example",
        "bench_send",
        "--",
        "docs/benchmarks.md",
    ])
}
