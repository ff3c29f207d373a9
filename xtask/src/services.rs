//! The real servers the tests run against, all on 127.0.0.1: maildev (plain, and implicit
//! TLS with AUTH), aiosmtpd (STARTTLS with AUTH, and a sink for benchmarks), PostgreSQL, a
//! Samba AD domain controller, and chromedriver for headless Chromium. Each is installed (into `tools/`, or from Debian) when missing,
//! started here, and stopped by PID when the guard is dropped. If one cannot start, the run fails: nothing is skipped.

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// The PostgreSQL server binaries, installed from Debian when missing.
fn ensure_postgres() -> Result<PathBuf> {
    let find = || -> Option<PathBuf> {
        let mut found: Vec<PathBuf> = fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .filter(|b| b.join("initdb").exists() && b.join("postgres").exists())
            .collect();
        found.sort();
        found.pop()
    };
    if let Some(bin) = find() {
        return Ok(bin);
    }
    eprintln!("xtask: installing PostgreSQL (apt-get)");
    apt_install(&["postgresql"])?;
    find().context("PostgreSQL binaries not found after installing the postgresql package")
}

/// Installs Debian packages (after one `apt-get update`).
pub fn apt_install(packages: &[&str]) -> Result<()> {
    run(
        Command::new("apt-get").arg("update").stdout(Stdio::null()),
        "apt-get update",
    )?;
    run(
        Command::new("apt-get")
            .args(["install", "-y"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdout(Stdio::null()),
        &format!("apt-get install {}", packages.join(" ")),
    )
}

fn postgres_ids() -> Result<(u32, u32)> {
    let passwd = fs::read_to_string("/etc/passwd")?;
    let line = passwd
        .lines()
        .find(|l| l.starts_with("postgres:"))
        .context("no postgres user")?;
    let fields: Vec<&str> = line.split(':').collect();
    Ok((
        fields.get(2).context("passwd")?.parse()?,
        fields.get(3).context("passwd")?.parse()?,
    ))
}

/// Test SMTP credentials (test servers only).
pub const SMTP_USER: &str = "postern";
/// Test SMTP password (test servers only).
pub const SMTP_PASSWORD: &str = "S3cret-test-pass";

pub struct Services {
    children: Vec<(String, Child, PathBuf)>,
    pub env: Vec<(String, String)>,
    pg_dir: Option<PathBuf>,
    /// Stopped after the other servers (fields drop after `Drop::drop`).
    samba: Option<crate::samba::Samba>,
}

impl Drop for Services {
    fn drop(&mut self) {
        for (name, child, _) in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
            eprintln!("xtask: stopped {name} (pid {})", child.id());
        }
        if let Some(dir) = &self.pg_dir {
            let _ = fs::remove_dir_all(dir);
        }
    }
}

/// Runs `cmd` to its end; an error names `what` when it cannot start or fails.
pub(crate) fn run(cmd: &mut Command, what: &str) -> Result<()> {
    let status = cmd.status().with_context(|| format!("cannot run {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

fn free_ports(n: usize) -> Result<Vec<u16>> {
    let listeners: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0"))
        .collect::<std::io::Result<_>>()?;
    Ok(listeners
        .iter()
        .map(|l| l.local_addr().map(|a| a.port()))
        .collect::<std::io::Result<_>>()?)
}

/// The npm tools (maildev, and axe-core for the browser tests), installed into `tools/` from
/// its lock file when missing. Returns maildev's script and axe-core's.
fn ensure_node_tools(root: &Path) -> Result<(PathBuf, PathBuf)> {
    let tools = root.join("tools");
    let bin = tools.join("node_modules/maildev/dist/bin/maildev.js");
    let axe = tools.join("node_modules/axe-core/axe.min.js");
    if !bin.exists() || !axe.exists() {
        eprintln!("xtask: installing maildev and axe-core into tools/ (npm)");
        let verb = if tools.join("package-lock.json").exists() {
            "ci"
        } else {
            "install"
        };
        run(
            Command::new("npm")
                .args([verb, "--no-audit", "--no-fund"])
                .current_dir(&tools),
            "npm install (maildev, axe-core)",
        )?;
    }
    for tool in [&bin, &axe] {
        if !tool.exists() {
            bail!("{} is not installed", tool.display());
        }
    }
    Ok((bin, axe))
}

/// Chromium and its WebDriver, installed from Debian when missing.
fn ensure_chromium() -> Result<(PathBuf, PathBuf)> {
    let browser = PathBuf::from("/usr/bin/chromium");
    let driver = PathBuf::from("/usr/bin/chromedriver");
    if !browser.exists() || !driver.exists() {
        eprintln!("xtask: installing chromium and chromium-driver (apt-get)");
        apt_install(&["chromium", "chromium-driver"])?;
    }
    for (what, path) in [("chromium", &browser), ("chromedriver", &driver)] {
        if !path.exists() {
            bail!("{what} not found at {} after installing it", path.display());
        }
    }
    Ok((browser, driver))
}

/// The tools' Python (aiosmtpd, schemathesis), installed when missing.
pub fn ensure_python_tools(root: &Path) -> Result<PathBuf> {
    ensure_aiosmtpd(root)
}

fn ensure_aiosmtpd(root: &Path) -> Result<PathBuf> {
    let tools = root.join("tools");
    let python = tools.join("venv/bin/python");
    if !python.exists() {
        eprintln!("xtask: creating tools/venv for aiosmtpd");
        run(
            Command::new("python3").args(["-m", "venv"]).arg(tools.join("venv")),
            "python3 -m venv",
        )?;
    }
    let ok = Command::new(&python)
        .args(["-c", "import aiosmtpd, schemathesis, moto"])
        .stderr(Stdio::null())
        .status()?
        .success();
    if !ok {
        eprintln!("xtask: installing aiosmtpd, schemathesis and moto (pip)");
        run(
            Command::new(&python)
                .args(["-m", "pip", "install", "-q", "-r"])
                .arg(tools.join("requirements.txt")),
            "pip install aiosmtpd",
        )?;
    }
    Ok(python)
}

/// The bucket the tests use, and the credentials they sign with.
const S3_BUCKET: &str = "postern-test";
const S3_ACCESS_KEY: &str = "postern-test-key";
const S3_SECRET_KEY: &str = "postern-test-secret";

/// A program of the tools' Python environment, beside its interpreter.
fn tools_bin(python: &Path, name: &str) -> PathBuf {
    python.with_file_name(name)
}

/// Creates the tests' bucket (boto3 comes with moto).
fn create_bucket(python: &Path, url: &str) -> Result<()> {
    let script = format!(
        "import boto3\nboto3.client('s3', endpoint_url='{url}', aws_access_key_id='{S3_ACCESS_KEY}', \
         aws_secret_access_key='{S3_SECRET_KEY}', region_name='us-east-1').create_bucket(Bucket='{S3_BUCKET}')\n"
    );
    run(Command::new(python).args(["-c", &script]), "creating the S3 bucket")
}

/// A test CA and a server certificate for 127.0.0.1 signed by it.
fn certificates(dir: &Path) -> Result<(PathBuf, PathBuf, PathBuf)> {
    fs::create_dir_all(dir)?;
    let (ca_key, ca, key, csr, cert) = (
        dir.join("ca.key"),
        dir.join("ca.pem"),
        dir.join("server.key"),
        dir.join("server.csr"),
        dir.join("server.pem"),
    );
    let ext = dir.join("server.ext");
    fs::write(
        &ext,
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )?;
    let openssl = |args: &[&str], what: &str| {
        run(
            Command::new("openssl")
                .args(args)
                .current_dir(dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
            what,
        )
    };
    openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "7",
            "-subj",
            "/CN=Postern Test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
        "openssl (test CA)",
    )?;
    openssl(
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ],
        "openssl (server key)",
    )?;
    openssl(
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "7",
            "-extfile",
            "server.ext",
        ],
        "openssl (server certificate)",
    )?;
    let _ = (ca_key, csr);
    Ok((ca, cert, key))
}

impl Services {
    fn spawn(&mut self, name: &str, cmd: &mut Command, log: PathBuf) -> Result<()> {
        let out = fs::File::create(&log)?;
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .with_context(|| format!("cannot start {name}"))?;
        eprintln!("xtask: started {name} (pid {})", child.id());
        self.children.push((name.to_owned(), child, log));
        Ok(())
    }

    fn wait_for(&mut self, name: &str, port: u16) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(());
            }
            for (n, child, log) in &mut self.children {
                if let Some(status) = child.try_wait()? {
                    let tail = fs::read_to_string(log).unwrap_or_default();
                    bail!("{n} exited ({status}) before it was ready:\n{tail}");
                }
            }
            if Instant::now() > deadline {
                bail!("{name} did not open port {port} within 60 s");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Installs what is missing and starts every server.
    pub fn start(root: &Path) -> Result<Self> {
        let dir = root.join("target/test-services");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir)?;
        let (maildev, axe) = ensure_node_tools(root)?;
        let (chromium, chromedriver) = ensure_chromium()?;
        let python = ensure_aiosmtpd(root)?;
        let (ca, cert, key) = certificates(&dir.join("certs"))?;
        let p = free_ports(9)?;
        let mut s = Services {
            children: Vec::new(),
            env: Vec::new(),
            pg_dir: None,
            samba: None,
        };
        let maildev_cmd = |smtp: u16, web: u16, mail_dir: &str| {
            let mut c = Command::new("node");
            c.arg(&maildev)
                .args([
                    "--ip",
                    "127.0.0.1",
                    "--web-ip",
                    "127.0.0.1",
                    "-s",
                    &smtp.to_string(),
                    "-w",
                    &web.to_string(),
                ])
                .arg("--mail-directory")
                .arg(dir.join(mail_dir));
            c
        };
        s.spawn(
            "maildev (plain)",
            &mut maildev_cmd(p[0], p[1], "maildev-plain"),
            dir.join("maildev-plain.log"),
        )?;
        let mut tls = maildev_cmd(p[2], p[3], "maildev-tls");
        tls.args([
            "--incoming-secure",
            "--incoming-user",
            SMTP_USER,
            "--incoming-pass",
            SMTP_PASSWORD,
        ])
        .arg("--incoming-cert")
        .arg(&cert)
        .arg("--incoming-key")
        .arg(&key);
        s.spawn("maildev (implicit TLS, AUTH)", &mut tls, dir.join("maildev-tls.log"))?;
        let script = root.join("tools/smtp_server.py");
        let spool = dir.join("starttls-spool");
        let mut starttls = Command::new(&python);
        starttls
            .arg(&script)
            .args([
                "--mode",
                "starttls",
                "--port",
                &p[4].to_string(),
                "--user",
                SMTP_USER,
                "--password",
                SMTP_PASSWORD,
            ])
            .arg("--spool")
            .arg(&spool)
            .arg("--cert")
            .arg(&cert)
            .arg("--key")
            .arg(&key);
        s.spawn(
            "aiosmtpd (STARTTLS, AUTH)",
            &mut starttls,
            dir.join("aiosmtpd-starttls.log"),
        )?;
        let mut sink = Command::new(&python);
        sink.arg(&script).args(["--mode", "sink", "--port", &p[5].to_string()]);
        s.spawn("aiosmtpd (sink)", &mut sink, dir.join("aiosmtpd-sink.log"))?;
        // The browser's WebDriver, listening on 127.0.0.1 only; each test starts its own headless
        // Chromium through it, with a fresh profile.
        let mut driver = Command::new(&chromedriver);
        driver.args([
            &format!("--port={}", p[7]),
            "--allowed-ips=127.0.0.1",
            "--log-level=WARNING",
        ]);
        s.spawn("chromedriver", &mut driver, dir.join("chromedriver.log"))?;
        // An S3-compatible object store (moto in server mode; decision 0015), for the S3
        // attachment store.
        let mut moto = Command::new(tools_bin(&python, "moto_server"));
        moto.args(["-H", "127.0.0.1", "-p", &p[8].to_string()]);
        s.spawn("moto (S3)", &mut moto, dir.join("moto.log"))?;
        // PostgreSQL: its own cluster in a temporary folder, run as the postgres user.
        let pg_bin = ensure_postgres()?;
        let (uid, gid) = postgres_ids()?;
        let pg_dir = std::env::temp_dir().join(format!("postern-test-pg-{}", std::process::id()));
        let _ = fs::remove_dir_all(&pg_dir);
        fs::create_dir_all(&pg_dir)?;
        {
            use std::os::unix::fs::chown;
            chown(&pg_dir, Some(uid), Some(gid))?;
        }
        let as_postgres = |cmd: &mut Command| {
            use std::os::unix::process::CommandExt;
            cmd.uid(uid).gid(gid).env("HOME", &pg_dir);
        };
        let mut init = Command::new(pg_bin.join("initdb"));
        init.args(["-A", "trust", "-U", "postgres", "--encoding=UTF8", "--locale=C", "-D"])
            .arg(pg_dir.join("data"))
            .stdout(Stdio::null());
        as_postgres(&mut init);
        run(&mut init, "initdb")?;
        let mut pg = Command::new(pg_bin.join("postgres"));
        pg.arg("-D")
            .arg(pg_dir.join("data"))
            .args([
                "-p",
                &p[6].to_string(),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
                "-c",
                "max_connections=300",
                // A modest production-like cache; the default 128 MB is sized for tiny hosts.
                "-c",
                "shared_buffers=512MB",
            ])
            .arg("-k")
            .arg(&pg_dir);
        as_postgres(&mut pg);
        s.spawn("PostgreSQL", &mut pg, dir.join("postgres.log"))?;
        s.pg_dir = Some(pg_dir);
        for (name, port) in [
            ("PostgreSQL", p[6]),
            ("maildev SMTP", p[0]),
            ("maildev API", p[1]),
            ("maildev TLS SMTP", p[2]),
            ("maildev TLS API", p[3]),
            ("aiosmtpd STARTTLS", p[4]),
            ("aiosmtpd sink", p[5]),
            ("chromedriver", p[7]),
            ("moto (S3)", p[8]),
        ] {
            s.wait_for(name, port)?;
        }
        let s3_url = format!("http://127.0.0.1:{}", p[8]);
        create_bucket(&python, &s3_url)?;
        s.samba = Some(crate::samba::Samba::start(&dir.join("certs"), &dir.join("samba.log"))?);
        let addr = |port: u16| format!("127.0.0.1:{port}");
        s.env = vec![
            ("XTASK_MAILDEV_SMTP".into(), addr(p[0])),
            ("XTASK_MAILDEV_API".into(), format!("http://{}", addr(p[1]))),
            ("XTASK_MAILDEV_TLS_SMTP".into(), addr(p[2])),
            ("XTASK_MAILDEV_TLS_API".into(), format!("http://{}", addr(p[3]))),
            ("XTASK_STARTTLS_SMTP".into(), addr(p[4])),
            ("XTASK_STARTTLS_SPOOL".into(), spool.display().to_string()),
            ("XTASK_SINK_SMTP".into(), addr(p[5])),
            ("XTASK_SMTP_USER".into(), SMTP_USER.into()),
            ("XTASK_SMTP_PASSWORD".into(), SMTP_PASSWORD.into()),
            ("XTASK_CA_FILE".into(), ca.display().to_string()),
            (
                "XTASK_POSTGRES_URL".into(),
                format!("postgres://postgres@127.0.0.1:{}/postgres", p[6]),
            ),
            ("XTASK_POSTGRES_BIN".into(), pg_bin.display().to_string()),
            ("XTASK_LDAP_URL".into(), "ldap://127.0.0.1".into()),
            ("XTASK_LDAPS_URL".into(), "ldaps://127.0.0.1".into()),
            ("XTASK_LDAP_BASE_DN".into(), crate::samba::BASE_DN.into()),
            ("XTASK_LDAP_BIND_DN".into(), crate::samba::SERVICE_USER.into()),
            ("XTASK_LDAP_BIND_PASSWORD".into(), crate::samba::SERVICE_PASSWORD.into()),
            ("XTASK_LDAP_INVITE_GROUP".into(), crate::samba::INVITE_GROUP.into()),
            ("XTASK_WEBDRIVER_URL".into(), format!("http://{}", addr(p[7]))),
            ("XTASK_S3_URL".into(), s3_url),
            ("XTASK_S3_BUCKET".into(), S3_BUCKET.into()),
            ("XTASK_S3_ACCESS_KEY".into(), S3_ACCESS_KEY.into()),
            ("XTASK_S3_SECRET_KEY".into(), S3_SECRET_KEY.into()),
            ("XTASK_CHROMIUM".into(), chromium.display().to_string()),
            ("XTASK_AXE_JS".into(), axe.display().to_string()),
        ];
        if let Some(samba) = &s.samba {
            // For tests that change directory people (samba-tool -s CONF) or pause the server.
            s.env
                .push(("XTASK_SAMBA_CONF".into(), samba.conf().display().to_string()));
            s.env.push(("XTASK_SAMBA_PID".into(), samba.pid().to_string()));
        }
        Ok(s)
    }
}
