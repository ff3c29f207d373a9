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

/// Waits (at most two minutes) for the one-minute load average to fall below 0.8; returns
/// the load seen when measuring starts, which the benchmark prints beside its figures.
pub fn quiet_machine() -> f64 {
    let started = std::time::Instant::now();
    loop {
        let load: f64 = std::fs::read_to_string("/proc/loadavg")
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        if load < 0.8 || started.elapsed() > std::time::Duration::from_secs(120) {
            return load;
        }
        std::thread::sleep(std::time::Duration::from_secs(5));
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

/// Waits until something listens on `port` of 127.0.0.1 (30 s at most).
pub fn wait_for(port: u16) {
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "nothing on port {port}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// nginx as a plain process on `port` (one worker, no access log, `sendfile` on), serving the
/// files under `www`; its configuration and temporary files under `dir/nginx`.
#[allow(dead_code)] // the benchmarks with a reference server use it
pub fn nginx(dir: &Path, port: u16, www: &Path) -> Child {
    let root = dir.join("nginx");
    std::fs::create_dir_all(root.join("tmp")).unwrap();
    let conf = root.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "daemon off;\nmaster_process off;\nworker_processes 1;\nuser root;\npid {pid};\nerror_log {log} warn;\n\
             events {{ worker_connections 1024; }}\n\
             http {{ access_log off; default_type text/html; keepalive_requests 1000000; sendfile on;\n\
               client_body_temp_path {tmp}; proxy_temp_path {tmp}; fastcgi_temp_path {tmp}; uwsgi_temp_path {tmp}; scgi_temp_path {tmp};\n\
               server {{ listen 127.0.0.1:{port}; root {www}; }} }}\n",
            pid = root.join("nginx.pid").display(),
            log = root.join("error.log").display(),
            tmp = root.join("tmp").display(),
            www = www.display(),
        ),
    )
    .unwrap();
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

/// Downloads `path` from `port` of 127.0.0.1 into `target` as a client that receives and
/// writes in blocks of up to 256 KiB, a block that stays in the processor's cache between the
/// two. curl writes in pieces of 8 KiB (131,072 write calls for 1 GiB): on this machine it
/// stays near 0.4× of `cp` whatever the server, nginx with `sendfile` included; blocks of 1 MiB
/// measured erratic (0.2×–0.8×). The response must be a 200 with a `Content-Length`, all of
/// whose bytes arrive; returns how many were written.
#[allow(dead_code)] // the file benchmarks use it
pub fn download(port: u16, path: &str, target: &Path) -> u64 {
    use std::io::Read;
    let mut socket = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        socket,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buffer = vec![0u8; 256 * 1024];
    let mut head = Vec::new();
    let body_start = loop {
        let n = socket.read(&mut buffer).unwrap();
        assert!(n > 0, "the connection closed before the response's head");
        head.extend_from_slice(&buffer[..n]);
        if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let text = String::from_utf8_lossy(&head[..body_start]).to_ascii_lowercase();
    assert!(text.starts_with("http/1.1 200"), "not a 200: {text}");
    let length: u64 = text
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .expect("a Content-Length")
        .trim()
        .parse()
        .unwrap();
    let mut file = std::fs::File::create(target).unwrap();
    file.write_all(&head[body_start..]).unwrap();
    let mut written = (head.len() - body_start) as u64;
    loop {
        let n = socket.read(&mut buffer).unwrap();
        if n == 0 {
            break;
        }
        file.write_all(&buffer[..n]).unwrap();
        written += n as u64;
    }
    assert_eq!(written, length, "the body is as long as its Content-Length");
    written
}
