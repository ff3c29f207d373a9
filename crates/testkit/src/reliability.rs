//! Results of the reliability tests for the table in `docs/reliability.md`: each test that
//! injects a fault records what was promised and what it observed (counts), and on which
//! engine. `cargo xtask reliability` sets `XTASK_RELIABILITY_FILE`, runs the tests and turns
//! the lines into the table; without the variable nothing is recorded.

use std::io::Write;

/// Appends one result (a JSON line) to the file named by `XTASK_RELIABILITY_FILE`.
///
/// # Panics
/// If the file is named but cannot be written: a result asked for is never lost silently.
pub fn record(fault: &str, promise: &str, observed: &str, engine: &str) {
    let Ok(path) = std::env::var("XTASK_RELIABILITY_FILE") else {
        return;
    };
    let line = format!(
        "{}\n",
        serde_json::json!({"fault": fault, "promise": promise, "observed": observed, "engine": engine})
    );
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .unwrap_or_else(|e| panic!("cannot write reliability results to {path}: {e}"));
    file.write_all(line.as_bytes())
        .unwrap_or_else(|e| panic!("cannot write reliability results to {path}: {e}"));
}
