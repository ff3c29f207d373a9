//! `postern doctor`: one line per check of what the portal depends on — the configuration, the
//! database and its schema, the file store, the mail relay (connect, TLS, sign-in; nothing is
//! sent), the directory (bind and a lookup) and the public address — each failure with what to
//! do about it. Nothing is changed (no migration, no message, no file left behind).

use std::path::Path;

use postern_domain::EmailAddress;
use postern_domain::ports::Directory;

use crate::config::Config;

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was checked.
    pub name: &'static str,
    /// Passed (a warning passes).
    pub ok: bool,
    /// What was found, and for a failure what to do.
    pub detail: String,
}

impl Check {
    fn ok(name: &'static str, detail: impl Into<String>) -> Self {
        Self {
            name,
            ok: true,
            detail: detail.into(),
        }
    }
    fn fail(name: &'static str, detail: impl Into<String>) -> Self {
        Self {
            name,
            ok: false,
            detail: detail.into(),
        }
    }
}

/// Every check, in order.
pub async fn run(config: &Config) -> Vec<Check> {
    let mut checks = vec![configuration(config)];
    checks.push(database(config).await);
    checks.push(files(config).await);
    checks.push(mail(config).await);
    checks.push(directory(config).await);
    checks.push(public_url(config));
    checks
}

fn configuration(config: &Config) -> Check {
    let mut problems = Vec::new();
    if let Err(e) = config.validate() {
        problems.push(e);
    }
    if let Err(e) = config.mail.smtp.settings() {
        problems.push(e);
    }
    if let Err(e) = EmailAddress::parse(&config.mail.from) {
        problems.push(format!("mail.from: {e}"));
    }
    if problems.is_empty() {
        Check::ok("configuration", "every key is in range")
    } else {
        Check::fail("configuration", problems.join("; "))
    }
}

async fn database(config: &Config) -> Check {
    // Opened, never created: the doctor changes nothing.
    let url = config.database_url().replace("?mode=rwc", "?mode=rw");
    let shown = postern_storage::redact_url(&url);
    if let Some(file) = url.strip_prefix("sqlite://").and_then(|r| r.split('?').next())
        && !std::path::Path::new(file).exists()
    {
        return Check::fail(
            "database",
            format!("{file} does not exist: run postern migrate (with the same --config), or check server.data_dir"),
        );
    }
    let store = match postern_storage::SqlStore::connect(&url).await {
        Ok(s) => s,
        Err(e) => return Check::fail("database", format!("{e}; check database.url and that the server runs")),
    };
    match store.schema_status().await {
        Err(e) => Check::fail("database", format!("{shown}: cannot read the schema version: {e}")),
        Ok(s) if !s.unknown.is_empty() => Check::fail(
            "database",
            format!(
                "{shown}: the schema is newer than this Postern ({}); install the newer version again, or restore a backup taken by this one",
                s.unknown.join(", ")
            ),
        ),
        Ok(s) if !s.pending.is_empty() => Check::ok(
            "database",
            format!(
                "{shown}: reachable; {} migration(s) to apply, which `postern migrate` (or the next start) does",
                s.pending.len()
            ),
        ),
        Ok(s) => Check::ok(
            "database",
            format!("{shown}: reachable, schema current ({} migrations)", s.applied),
        ),
    }
}

/// Whether `dir` (or, when it does not exist yet, the folder it will be created in) can be
/// written and read back; leaves nothing behind. `key` is the setting that names it.
fn writable(name: &'static str, dir: &Path, key: &str) -> Check {
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let existing = absolute.ancestors().find(|a| a.exists()).unwrap_or(&absolute);
    let probe = existing.join(".postern-doctor-probe");
    let result = (|| -> std::io::Result<()> {
        std::fs::write(&probe, b"probe")?;
        let back = std::fs::read(&probe)?;
        std::fs::remove_file(&probe)?;
        if back == b"probe" {
            Ok(())
        } else {
            Err(std::io::Error::other("what was written did not read back"))
        }
    })();
    match result {
        Ok(()) if existing == absolute => Check::ok(name, format!("{}: writable", dir.display())),
        Ok(()) => Check::ok(
            name,
            format!(
                "{}: does not exist yet; created at the first start ({} is writable)",
                dir.display(),
                existing.display()
            ),
        ),
        Err(e) => {
            let _ = std::fs::remove_file(&probe);
            Check::fail(
                name,
                format!(
                    "{}: cannot be written ({e}); the service's user must own it (mode 0700), or set {key}",
                    existing.display()
                ),
            )
        }
    }
}

async fn files(config: &Config) -> Check {
    match config.attachments.s3_settings() {
        Err(e) => Check::fail("files", e),
        Ok(None) => writable("files", &config.files_dir(), "server.files_dir"),
        Ok(Some(s3)) => {
            let place = format!(
                "bucket {:?}, prefix {:?}, at {}",
                s3.bucket,
                s3.prefix,
                if s3.endpoint.is_empty() {
                    "Amazon S3"
                } else {
                    &s3.endpoint
                }
            );
            let checked = match postern_storage::S3Attachments::new(&s3) {
                Ok(store) => store.check().await.map_err(|e| e.to_string()),
                Err(e) => Err(e),
            };
            match checked {
                Ok(()) => Check::ok("files", format!("attachments in the {place}")),
                Err(e) => Check::fail(
                    "files",
                    format!("the {place} cannot be listed: {e}; check attachments.s3 (endpoint, bucket, keys)"),
                ),
            }
        }
    }
}

async fn mail(config: &Config) -> Check {
    match config.mail.smtp.settings() {
        Err(e) => Check::fail("mail", e),
        Ok(None) => {
            let dir = config.pickup_dir();
            match writable("mail", &dir, "mail.pickup_dir") {
                c if c.ok => Check::ok(
                    "mail",
                    format!(
                        "no SMTP relay: messages are written to {} (set mail.smtp.url to deliver them)",
                        dir.display()
                    ),
                ),
                c => Check::fail("mail", c.detail),
            }
        }
        Ok(Some(smtp)) => {
            let target = format!("{}:{}", smtp.host, smtp.port);
            match postern_mail::SmtpMailer::new(smtp) {
                Err(e) => Check::fail("mail", e.to_string()),
                Ok(mailer) => match mailer.check().await {
                    Ok(()) => Check::ok(
                        "mail",
                        format!("{target}: connected, TLS and sign-in accepted (nothing sent)"),
                    ),
                    Err(e) => {
                        let text = e.to_string();
                        let advice = if text.contains("mail.smtp") {
                            ""
                        } else {
                            "; check mail.smtp.url (host, port, security) and that the relay accepts this machine"
                        };
                        Check::fail("mail", format!("{target}: {text}{advice}"))
                    }
                },
            }
        }
    }
}

async fn directory(config: &Config) -> Check {
    let Some(settings) = config.directory.settings() else {
        return Check::ok("directory", "none configured (staff sign in with Postern passwords)");
    };
    let urls = settings.urls.join(", ");
    let ad = match postern_directory::ActiveDirectory::new(settings) {
        Ok(ad) => ad,
        Err(e) => return Check::fail("directory", e.to_string()),
    };
    let probe = EmailAddress::parse("postern-doctor-probe@invalid.example").ok();
    let lookup = match &probe {
        Some(address) => ad.find_person(address).await.map(|_| ()),
        None => Ok(()),
    };
    if let Err(e) = lookup {
        return Check::fail("directory", format!("{urls}: {e}"));
    }
    match ad.invite_group_exists().await {
        Ok(Some(false)) => Check::fail(
            "directory",
            format!("{urls}: bound and searched, but directory.invite_group names no group"),
        ),
        Ok(_) => Check::ok("directory", format!("{urls}: service account bound, a lookup answered")),
        Err(e) => Check::fail("directory", format!("{urls}: {e}")),
    }
}

fn public_url(config: &Config) -> Check {
    let url = config.base_url();
    let Some((scheme, rest)) = url.split_once("://") else {
        return Check::fail(
            "public URL",
            format!("{url}: not an address; set server.public_url to https://portal.example.org"),
        );
    };
    let host = rest.split(['/', ':']).next().unwrap_or_default();
    if host.is_empty() || !matches!(scheme, "http" | "https") {
        return Check::fail(
            "public URL",
            format!("{url}: set server.public_url to https://portal.example.org"),
        );
    }
    if scheme == "http" && !matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
        return Check::fail(
            "public URL",
            format!(
                "{url}: links in emails would travel unencrypted; serve over https (behind a proxy) and set server.public_url to it"
            ),
        );
    }
    Check::ok("public URL", format!("{url} (the address in every link)"))
}
