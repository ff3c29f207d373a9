//! `cargo xtask package`: the Debian package, built with cargo-deb; and its test in
//! `cargo xtask test`: install it with dpkg, run `postern` as the packaged user from the
//! packaged configuration against a temporary data directory, check `/health/ready`, stop it
//! with SIGTERM, purge the package, and verify the unit with `systemd-analyze` where it exists.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// The cargo-deb version the package is built with (installed from crates.io when missing).
const CARGO_DEB: &str = "3.8.0";

fn run(cmd: &mut Command, what: &str) -> Result<String> {
    let out = cmd.output().with_context(|| format!("cannot run {what}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if !out.status.success() {
        bail!("{what} failed ({}):\n{text}", out.status);
    }
    Ok(text)
}

/// Builds `target/debian/postern_*.deb`; returns its path.
pub fn build(root: &Path) -> Result<PathBuf> {
    let installed = Command::new("cargo")
        .args(["deb", "--version"])
        .output()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).contains(CARGO_DEB));
    if !installed {
        eprintln!("xtask: installing cargo-deb {CARGO_DEB} (once; it takes a few minutes)");
        crate::cargo(&["install", "cargo-deb", "--locked", "--version", CARGO_DEB])?;
    }
    // Stripped: the package carries no debug information (a few MB instead of 150).
    crate::cargo(&["deb", "-p", "postern", "--strip"])?;
    let dir = root.join("target/debian");
    let mut debs: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .collect();
    debs.sort();
    debs.pop().context("cargo deb wrote no package")
}

/// Installs, runs, checks and purges the package.
pub fn check(deb: &Path) -> Result<()> {
    if !Path::new("/usr/bin/dpkg").exists() {
        bail!("the package test needs dpkg (a Debian system)");
    }
    if Path::new("/usr/bin/postern").exists() && !Path::new("/var/lib/dpkg/info/postern.list").exists() {
        bail!("/usr/bin/postern exists and is not from the package: refusing to overwrite it");
    }
    eprintln!("xtask: dpkg -i {}", deb.display());
    run(Command::new("dpkg").arg("-i").arg(deb), "dpkg -i")?;
    let result = exercise().and_then(|()| upgrade(deb));
    let purged = run(Command::new("dpkg").args(["--purge", "postern"]), "dpkg --purge");
    result?;
    purged?;
    for gone in ["/usr/bin/postern", "/etc/postern", "/var/lib/postern"] {
        if Path::new(gone).exists() {
            bail!("{gone} is left after dpkg --purge");
        }
    }
    if Command::new("getent")
        .args(["passwd", "postern"])
        .output()?
        .status
        .success()
    {
        bail!("the postern user is left after dpkg --purge");
    }
    eprintln!("xtask: the package installs, runs, stops cleanly, upgrades and purges");
    Ok(())
}

fn exercise() -> Result<()> {
    // What the installation made.
    let user = run(Command::new("getent").args(["passwd", "postern"]), "getent")?;
    if !user.contains("/usr/sbin/nologin") {
        bail!("the postern user should have no login shell: {user}");
    }
    let mode = |p: &str| -> Result<u32> {
        use std::os::unix::fs::PermissionsExt;
        Ok(std::fs::metadata(p).with_context(|| p.to_owned())?.permissions().mode() & 0o777)
    };
    if mode("/var/lib/postern")? != 0o700 {
        bail!("/var/lib/postern should be 0700");
    }
    if mode("/etc/postern/postern.toml")? != 0o640 {
        bail!("/etc/postern/postern.toml should be 0640");
    }
    if Path::new("/usr/bin/systemd-analyze").exists() {
        run(
            Command::new("systemd-analyze").args(["verify", "/usr/lib/systemd/system/postern.service"]),
            "systemd-analyze verify",
        )?;
    }
    // Not started until the administrator sets the public URL.
    let data = std::env::temp_dir().join(format!("postern-package-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data)?;
    let data_dir = data.to_string_lossy().into_owned();
    run(Command::new("chown").args(["postern:postern", &data_dir]), "chown")?;
    let result = serve_as_packaged(&data_dir);
    let _ = std::fs::remove_dir_all(&data);
    result
}

/// Runs the packaged `postern` as the packaged user on the packaged data folder.
fn packaged(args: &[&str], stdin: &str) -> Result<String> {
    use std::io::Write;
    let mut child = Command::new("runuser")
        // The data folder as the unit and the maintainer scripts give it.
        .args([
            "-u",
            "postern",
            "--",
            "env",
            "POSTERN_SERVER__DATA_DIR=/var/lib/postern",
        ])
        .args(["/usr/bin/postern", "--config", "/etc/postern/postern.toml"])
        .args(args)
        .env("POSTERN_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(mut input) = child.stdin.take() {
        input.write_all(stdin.as_bytes())?;
    }
    let out = child.wait_with_output()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if !out.status.success() {
        bail!("postern {args:?} as the packaged user failed: {text}");
    }
    Ok(text)
}

/// An upgrade (the package installed again over itself) keeps the administrator's
/// configuration, its permissions and the data.
fn upgrade(deb: &Path) -> Result<()> {
    packaged(
        &[
            "user",
            "add",
            "--email",
            "kept@example.com",
            "--name",
            "Kept Across Upgrades",
        ],
        "a-long-enough-password\n",
    )?;
    let config = "/etc/postern/postern.toml";
    let mut edited = std::fs::read_to_string(config)?;
    edited.push_str("\n# changed by the administrator before the upgrade\n");
    std::fs::write(config, &edited)?;
    eprintln!("xtask: dpkg -i {} again (an upgrade)", deb.display());
    run(
        Command::new("dpkg").args(["--force-confold", "-i"]).arg(deb),
        "dpkg -i (upgrade)",
    )?;
    if std::fs::read_to_string(config)? != edited {
        bail!("the upgrade replaced the administrator's {config}");
    }
    let owner = run(Command::new("stat").args(["-c", "%U:%G %a", config]), "stat")?;
    if owner.trim() != "root:postern 640" {
        bail!(
            "{config} should stay root:postern 0640 after an upgrade, not {}",
            owner.trim()
        );
    }
    let users = packaged(&["user", "list"], "")?;
    if !users.contains("kept@example.com") {
        bail!("the upgrade lost the data: {users}");
    }
    Ok(())
}

fn serve_as_packaged(data_dir: &str) -> Result<()> {
    let refused = Command::new("runuser")
        .args([
            "-u",
            "postern",
            "--",
            "env",
            &format!("POSTERN_SERVER__DATA_DIR={data_dir}"),
        ])
        .args(["/usr/bin/postern", "--config", "/etc/postern/postern.toml", "serve"])
        .output()?;
    if refused.status.success() || !String::from_utf8_lossy(&refused.stderr).contains("server.public_url") {
        bail!("serve should refuse to start without server.public_url");
    }
    // Set: it runs as the packaged user, from the packaged configuration.
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let mut server = Command::new("runuser")
        .args(["-u", "postern", "--", "env"])
        .arg(format!("POSTERN_SERVER__DATA_DIR={data_dir}"))
        .arg(format!("POSTERN_SERVER__LISTEN=127.0.0.1:{port}"))
        .arg(format!("POSTERN_SERVER__PUBLIC_URL=http://127.0.0.1:{port}"))
        .args(["/usr/bin/postern", "--config", "/etc/postern/postern.toml", "serve"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start the packaged postern")?;
    let started = Instant::now();
    let ready = loop {
        if let Ok(body) = get(port, "/health/ready")
            && body.contains("\"status\":\"ok\"")
        {
            break true;
        }
        if started.elapsed() > Duration::from_secs(20) {
            break false;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    // SIGTERM to the server itself (runuser's child).
    let _ = Command::new("pkill")
        .args(["-TERM", "-u", "postern", "-f", "/usr/bin/postern"])
        .status();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = server.try_wait()? {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = server.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    if !ready {
        bail!("the packaged postern never answered /health/ready");
    }
    match status {
        Some(s) if s.success() => Ok(()),
        other => bail!("the packaged postern did not stop cleanly on SIGTERM: {other:?}"),
    }
}

/// A plain HTTP GET on 127.0.0.1; the body when the answer is 200.
fn get(port: u16, path: &str) -> Result<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    if !answer.starts_with("HTTP/1.1 200") {
        bail!("{}", answer.lines().next().unwrap_or_default());
    }
    Ok(answer.split("\r\n\r\n").nth(1).unwrap_or_default().to_owned())
}
