//! `cargo xtask reliability`: runs the fault-injection tests against the real servers, each of
//! which records the fault, the promise and what it observed (see
//! `postern_testkit::reliability`), and writes the table to `docs/reliability.md`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The tests that inject faults and record their results (package, test binary, filters).
const SUITES: [(&str, &str, &[&str]); 4] = [
    (
        "postern",
        "e2e",
        &[
            "relay_faults::",
            "races::",
            "crash::",
            "db_faults::",
            "instances::",
            "scenarios::every_answer",
        ],
    ),
    ("postern-storage", "storage", &["four_workers"]),
    (
        "postern-mail",
        "smtp",
        &[
            "many_messages",
            "a_pooled_connection",
            "a_relay_cut",
            "a_relay_that_hangs",
        ],
    ),
    (
        "postern-directory",
        "ad",
        &["filter_injection", "a_hung_server", "pooled_connections"],
    ),
];

/// A fresh results file under `target/`.
pub fn results_file(root: &Path) -> Result<PathBuf> {
    let path = root.join("target/reliability.jsonl");
    std::fs::create_dir_all(root.join("target"))?;
    let _ = std::fs::remove_file(&path);
    Ok(path)
}

/// Runs the suites with the servers up, then writes `docs/reliability.md`.
pub fn run(root: &Path) -> Result<()> {
    let results = results_file(root)?;
    crate::cargo(&["test", "--workspace", "--no-run"])?;
    let services = crate::services::Services::start(root)?;
    let mut env = services.env.clone();
    env.push(("XTASK_RELIABILITY_FILE".to_owned(), results.display().to_string()));
    let mut outcome = Ok(());
    for (package, binary, filters) in SUITES {
        let mut args = vec!["test", "-p", package, "--test", binary, "--", "--include-ignored"];
        args.extend(filters.iter().copied());
        if let Err(e) = crate::cargo_with(&args, &env) {
            outcome = Err(e);
            break;
        }
    }
    drop(services);
    outcome?;
    let command = "cargo xtask reliability";
    write_table(&results, &root.join("docs/reliability.md"), command)?;
    eprintln!("xtask: docs/reliability.md written");
    Ok(())
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Turns the recorded lines into the Markdown table at `out`.
pub fn write_table(results: &Path, out: &Path, command: &str) -> Result<()> {
    let text = std::fs::read_to_string(results)
        .with_context(|| format!("no reliability results at {}: did the tests run?", results.display()))?;
    let mut rows: Vec<(String, String, String, String)> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).with_context(|| format!("bad result line: {line}"))?;
        let field = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
        rows.push((field("fault"), field("promise"), field("observed"), field("engine")));
    }
    if rows.is_empty() {
        bail!("the reliability tests recorded nothing");
    }
    rows.sort();
    let date = std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let mut md = format!(
        "# Reliability: faults injected and what was observed\n\n\
         Produced by `{command}` on {date}: each row is one test that injects a fault against the \
         real servers (maildev and aiosmtpd, PostgreSQL, Samba AD), most through the \
         fault-injecting TCP proxy of the testkit (`postern_testkit::FaultProxy`: refuse, hang, \
         delay, cut every connection, cut or hang at a protocol step), with `postern serve` as a \
         real process where a process is killed. Each test fails when the mechanism it names is \
         removed (see `docs/decisions/0014-reliability-by-mechanism.md`). \"In flight\" means claimed \
         by a round and not yet recorded: after a kill, the whole claimed batch (up to \
         `delivery.batch`) may be sent again after the lease, each copy with the same Message-ID; \
         how many of them had already reached the relay depends on timing (4 in one run, 44 in \
         a slower one). The activation race raises `security.activation_per_minute` (20 per \
         address by default, opening the link counted too) so that twenty racers from one \
         address are not stopped by the limit first.\n\n\
         | fault | promise | observed | engine |\n|---|---|---|---|\n"
    );
    for (fault, promise, observed, engine) in rows {
        md.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            cell(&fault),
            cell(&promise),
            cell(&observed),
            cell(&engine)
        ));
    }
    std::fs::write(out, md).with_context(|| format!("cannot write {}", out.display()))?;
    Ok(())
}
