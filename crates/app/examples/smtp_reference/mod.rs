//! The reference the delivery benchmarks measure against: Python's smtplib
//! (`tools/smtp_reference.py`) sending one message many times to the same sink.

use std::path::Path;

/// Messages per second that smtplib sends `sample` (a whole message file) to the SMTP sink at
/// `sink` (`host:port`), `messages` times over `connections` reused connections.
pub fn smtplib_rate(sink: &str, messages: usize, connections: usize, sample: &Path) -> f64 {
    let (host, port) = sink.rsplit_once(':').expect("the sink as host:port");
    let reference = std::process::Command::new("python3")
        .arg("tools/smtp_reference.py")
        .args([host, port, &messages.to_string(), &connections.to_string()])
        .arg(sample)
        .output()
        .expect("python3 (tools/requirements.txt; cargo xtask bench installs it)");
    assert!(
        reference.status.success(),
        "{}",
        String::from_utf8_lossy(&reference.stderr)
    );
    String::from_utf8_lossy(&reference.stdout)
        .trim()
        .parse()
        .expect("a rate")
}
