//! What the benchmarks that run a real `postern serve` share: the release binary, a staff
//! member with an API token, the server process stopped when dropped.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A free port on 127.0.0.1.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A server process, stopped (SIGTERM) when dropped, also when the benchmark fails.
pub struct Running(pub Option<Child>);

impl Running {
    /// The process id.
    #[allow(dead_code)] // not every benchmark samples the server's own figures
    pub fn pid(&self) -> u32 {
        self.0.as_ref().unwrap().id()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
            let _ = child.wait();
        }
    }
}

/// The release binary, which `cargo xtask bench` builds first.
pub fn release_binary() -> PathBuf {
    let binary = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/release/postern");
    assert!(
        binary.exists(),
        "build the release binary first: cargo build --release -p postern"
    );
    binary
}

/// Runs the `postern` command line with `env` in `dir`, `stdin` as its input; its output.
pub fn postern(binary: &Path, dir: &Path, env: &[(&str, String)], args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(binary)
        .args(args)
        .current_dir(dir)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "postern {args:?} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A staff member who may invite (bench@example.com), and an API token for them.
pub fn staff_token(binary: &Path, dir: &Path, env: &[(&str, String)]) -> String {
    postern(
        binary,
        dir,
        env,
        &[
            "user",
            "add",
            "--kind",
            "internal",
            "--email",
            "bench@example.com",
            "--name",
            "Bench",
            "--may-invite",
        ],
        "correct-horse-battery-9\n",
    );
    postern(
        binary,
        dir,
        env,
        &["token", "create", "--user", "bench@example.com", "--name", "bench"],
        "",
    )
    .trim()
    .to_owned()
}

/// `postern serve` with `env` in `dir`, logging to `dir/serve.log`.
pub fn serve(binary: &Path, dir: &Path, env: &[(&str, String)]) -> Running {
    Running(Some(
        Command::new(binary)
            .arg("serve")
            .current_dir(dir)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("serve.log")).unwrap())
            .spawn()
            .unwrap(),
    ))
}
