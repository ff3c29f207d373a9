//! Samba 4 as an Active Directory domain controller for the directory tests: provisioned into
//! a temporary folder, LDAP with `ldap server require strong auth = no` (for the plain-LDAP
//! tests) and TLS with the test CA's certificate for 127.0.0.1 (LDAPS and StartTLS), started
//! in the foreground, filled with the fixture people below, and stopped by its process group.
//!
//! Samba binds the standard ports (389, 636, 88) on 127.0.0.1, so one test run at a time.

use std::fs;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// The test realm.
pub const REALM: &str = "CORP.EXAMPLE.TEST";
/// Its base DN.
pub const BASE_DN: &str = "DC=corp,DC=example,DC=test";
/// The domain administrator's password (test server only).
const ADMIN_PASSWORD: &str = "Adm1n-Test-Passw0rd!";
/// The service account Postern searches with.
pub const SERVICE_USER: &str = "svc-postern@corp.example.test";
/// Its password (test server only).
pub const SERVICE_PASSWORD: &str = "Svc-Test-Passw0rd!";
/// The group whose members may send invitations.
pub const INVITE_GROUP: &str = "CN=postern-inviters,CN=Users,DC=corp,DC=example,DC=test";

/// The fixture people: (account, password, mail, given name, surname). The tests rely on
/// these; `setup` below adds aliases, a disabled account, an expired password and groups.
const PEOPLE: [(&str, &str, Option<&str>, &str, &str); 7] = [
    ("svc-postern", SERVICE_PASSWORD, None, "Postern", "Service"),
    (
        "alice",
        "Alice-Passw0rd!",
        Some("alice.archer@corp.example.test"),
        "Alice",
        "Archer",
    ),
    (
        "bob",
        "Bob-Passw0rd!",
        Some("Bob.Baker@corp.example.test"),
        "Bob",
        "Baker",
    ),
    (
        "carol",
        "Carol-Passw0rd!",
        Some("carol.clerk@corp.example.test"),
        "Carol",
        "Clerk",
    ),
    (
        "dave",
        "Dave-Passw0rd!",
        Some("dave.dunn@corp.example.test"),
        "Dave",
        "Dunn",
    ),
    ("erin", "Erin-Passw0rd!", None, "Erin", "Ellis"),
    (
        "frank",
        "Frank-Passw0rd!",
        Some("frank.fox@corp.example.test"),
        "Frank",
        "Fox",
    ),
];

/// Installs Samba and the LDAP tools from Debian when missing.
fn ensure_installed() -> Result<()> {
    let have = |bin: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {bin}")])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if have("samba") && have("samba-tool") && have("ldapsearch") {
        return Ok(());
    }
    eprintln!("xtask: installing Samba (apt-get)");
    super::services::apt_install(&["samba", "winbind", "krb5-user", "ldap-utils"])
}

fn port_open(port: u16) -> bool {
    TcpStream::connect(("127.0.0.1", port)).is_ok()
}

/// A running test domain controller.
pub struct Samba {
    child: Child,
    dir: PathBuf,
}

impl Drop for Samba {
    fn drop(&mut self) {
        // Samba forks workers: stop the whole process group, politely first.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
        eprintln!("xtask: stopped Samba AD DC (pid {})", self.child.id());
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn samba_tool(conf: &Path, args: &[&str]) -> Result<()> {
    let out = Command::new("samba-tool")
        .args(args)
        .arg("-s")
        .arg(conf)
        .output()
        .context("cannot run samba-tool")?;
    if !out.status.success() {
        bail!(
            "samba-tool {} failed: {}",
            args.first().copied().unwrap_or_default(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

impl Samba {
    /// The server's configuration file, for `samba-tool -s`.
    pub fn conf(&self) -> PathBuf {
        self.dir.join("etc/smb.conf")
    }

    /// The server's process id (the leader of its process group).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Provisions, configures, starts and fills the domain controller. `certs` holds the test
    /// CA (`ca.pem`) and the server certificate for 127.0.0.1 (`server.pem`, `server.key`).
    pub fn start(certs: &Path, log: &Path) -> Result<Self> {
        ensure_installed()?;
        for port in [389, 636] {
            if port_open(port) {
                bail!("port {port} on 127.0.0.1 is in use: another directory (or test run) holds it; stop it first");
            }
        }
        let dir = std::env::temp_dir().join(format!("postern-test-samba-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("run"))?;
        let d = dir.display().to_string();
        let out = Command::new("samba-tool")
            .args([
                "domain",
                "provision",
                "--use-rfc2307",
                &format!("--realm={REALM}"),
                "--domain=CORP",
                "--server-role=dc",
                "--dns-backend=NONE",
                &format!("--adminpass={ADMIN_PASSWORD}"),
                &format!("--targetdir={d}"),
                "--host-ip=127.0.0.1",
                "--option=interfaces = 127.0.0.1",
                "--option=bind interfaces only = yes",
                "--option=server services = ldap, cldap, kdc",
                &format!("--option=pid directory = {d}/run"),
                &format!("--option=ncalrpc dir = {d}/run/ncalrpc"),
                &format!("--option=winbindd socket directory = {d}/run/winbindd"),
                &format!("--option=ntp signd socket directory = {d}/run/ntp"),
                &format!("--option=log file = {d}/log.%m"),
            ])
            .output()
            .context("cannot run samba-tool domain provision")?;
        if !out.status.success() {
            bail!(
                "samba-tool domain provision failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        // TLS with the test CA, and simple binds without TLS for the plain-LDAP tests.
        let tls = dir.join("tls");
        fs::create_dir_all(&tls)?;
        for f in ["ca.pem", "server.pem", "server.key"] {
            fs::copy(certs.join(f), tls.join(f)).with_context(|| format!("copy {f}"))?;
        }
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(tls.join("server.key"), fs::Permissions::from_mode(0o600))?;
        }
        let conf = dir.join("etc/smb.conf");
        let text = fs::read_to_string(&conf)?;
        let t = tls.display();
        let extra = format!(
            "[global]\n\tldap server require strong auth = no\n\ttls enabled = yes\n\ttls keyfile = {t}/server.key\n\ttls certfile = {t}/server.pem\n\ttls cafile = {t}/ca.pem\n"
        );
        if !text.contains("[global]\n") {
            bail!("the provisioned smb.conf has no [global] section");
        }
        fs::write(&conf, text.replacen("[global]\n", &extra, 1))?;
        let child = {
            use std::os::unix::process::CommandExt;
            let out = fs::File::create(log)?;
            Command::new("samba")
                .arg("-s")
                .arg(&conf)
                .args(["-i", "--no-process-group"])
                .process_group(0)
                .stdin(Stdio::null())
                .stdout(out.try_clone()?)
                .stderr(out)
                .spawn()
                .context("cannot start samba")?
        };
        eprintln!("xtask: started Samba AD DC (pid {})", child.id());
        let mut samba = Samba { child, dir };
        samba.wait_ready(log)?;
        samba.fill(&conf)?;
        Ok(samba)
    }

    fn wait_ready(&mut self, log: &Path) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let answered = Command::new("ldapsearch")
                .args(["-x", "-H", "ldap://127.0.0.1", "-s", "base", "-b", "", "namingContexts"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if answered {
                return Ok(());
            }
            if let Some(status) = self.child.try_wait()? {
                let tail = fs::read_to_string(log).unwrap_or_default();
                bail!("samba exited ({status}) before it answered LDAP:\n{tail}");
            }
            if Instant::now() > deadline {
                bail!("samba did not answer LDAP on 127.0.0.1:389 within 60 s");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The fixture people and groups.
    fn fill(&self, conf: &Path) -> Result<()> {
        for (account, password, mail, given, surname) in PEOPLE {
            let mut args = vec![
                "user".to_owned(),
                "add".to_owned(),
                account.to_owned(),
                password.to_owned(),
                format!("--given-name={given}"),
                format!("--surname={surname}"),
            ];
            if let Some(mail) = mail {
                args.push(format!("--mail-address={mail}"));
            }
            if account == "dave" {
                args.push("--must-change-at-next-login".into());
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            samba_tool(conf, &args)?;
        }
        samba_tool(conf, &["user", "disable", "carol"])?;
        samba_tool(conf, &["group", "add", "postern-inviters"])?;
        samba_tool(
            conf,
            &["group", "add", "sales", "--mail-address=sales@corp.example.test"],
        )?;
        samba_tool(conf, &["group", "addmembers", "postern-inviters", "alice,sales"])?;
        samba_tool(conf, &["group", "addmembers", "sales", "frank"])?;
        // Aliases: Alice's primary SMTP address and one in a second mail domain.
        let ldif = format!(
            "dn: CN=Alice Archer,CN=Users,{BASE_DN}\nchangetype: modify\nadd: proxyAddresses\nproxyAddresses: SMTP:alice.archer@corp.example.test\nproxyAddresses: smtp:a.archer@corp-mail.example.test\n"
        );
        let mut modify = Command::new("ldapmodify")
            .args([
                "-x",
                "-H",
                "ldap://127.0.0.1",
                "-D",
                &format!("Administrator@{}", REALM.to_ascii_lowercase()),
                "-w",
                ADMIN_PASSWORD,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .context("cannot run ldapmodify")?;
        {
            use std::io::Write;
            modify.stdin.take().context("stdin")?.write_all(ldif.as_bytes())?;
        }
        if !modify.wait()?.success() {
            bail!("ldapmodify (proxyAddresses) failed");
        }
        Ok(())
    }
}
