//! Configuration: built-in defaults, then `postern.toml` (if present), then `POSTERN_…`
//! environment variables (`__` separates levels: `POSTERN_SERVER__LISTEN=0.0.0.0:8080`).
//! Every key is documented in `docs/configuration.md`.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// A secret setting: never printed by `Debug` or `Display`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The value, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() {
            "Secret(<empty>)"
        } else {
            "Secret(<redacted>)"
        })
    }
}

/// The whole configuration.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// HTTP server.
    pub server: ServerConfig,
    /// Database.
    pub database: DatabaseConfig,
    /// Outgoing mail.
    pub mail: MailConfig,
    /// The delivery worker.
    pub delivery: DeliveryWorkerConfig,
    /// Security limits.
    pub security: SecurityConfig,
    /// Active Directory (off while `directory.urls` is empty).
    pub directory: DirectoryConfig,
    /// Prometheus metrics (off while `metrics.listen` is empty).
    pub metrics: MetricsConfig,
    /// Where attached files are kept.
    pub attachments: AttachmentsConfig,
}

/// `[attachments]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AttachmentsConfig {
    /// `folder` (`server.files_dir`) or `s3` (an S3-compatible bucket, `[attachments.s3]`).
    pub store: String,
    /// The bucket, when `store = "s3"`.
    pub s3: S3Config,
}

impl Default for AttachmentsConfig {
    fn default() -> Self {
        Self {
            store: "folder".into(),
            s3: S3Config::default(),
        }
    }
}

/// `[attachments.s3]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct S3Config {
    /// The service's URL (`https://s3.example.org`); empty: Amazon S3 in `region`.
    pub endpoint: String,
    /// The region.
    pub region: String,
    /// The bucket (it must exist).
    pub bucket: String,
    /// A folder inside the bucket; empty: the bucket's top.
    pub prefix: String,
    /// The access key; empty: the machine's credentials (instance profile, web identity).
    pub access_key_id: String,
    /// Its secret.
    pub secret_access_key: Secret,
    /// Allow an `http://` endpoint.
    pub allow_http: bool,
    /// Extra CA certificates (PEM) to trust for the endpoint.
    pub ca_file: PathBuf,
    /// Seconds allowed to open a connection.
    pub connect_timeout_seconds: u64,
    /// Seconds allowed for each request to the bucket to answer (and for each chunk of a
    /// download to arrive).
    pub timeout_seconds: u64,
}

impl Default for S3Config {
    fn default() -> Self {
        Self {
            endpoint: String::new(),
            region: "us-east-1".into(),
            bucket: String::new(),
            prefix: String::new(),
            access_key_id: String::new(),
            secret_access_key: Secret::default(),
            allow_http: false,
            ca_file: PathBuf::new(),
            connect_timeout_seconds: 5,
            timeout_seconds: 30,
        }
    }
}

impl AttachmentsConfig {
    /// The bucket's settings when attachments go to S3, `None` for the folder.
    ///
    /// # Errors
    /// An unknown store, or S3 without a bucket, named by key.
    pub fn s3_settings(&self) -> Result<Option<postern_storage::S3Settings>, String> {
        match self.store.trim() {
            "folder" => Ok(None),
            "s3" => {
                let s = &self.s3;
                if s.bucket.trim().is_empty() {
                    return Err("attachments.s3.bucket: give the bucket's name (attachments.store is \"s3\")".into());
                }
                let endpoint = s.endpoint.trim();
                if endpoint.starts_with("http://") && !s.allow_http {
                    return Err(format!(
                        "attachments.s3.endpoint {endpoint:?} is not encrypted: use https://, or set attachments.s3.allow_http = true"
                    ));
                }
                if !endpoint.is_empty() && !endpoint.starts_with("http://") && !endpoint.starts_with("https://") {
                    return Err(format!(
                        "attachments.s3.endpoint {endpoint:?} is not a URL: give https://host[:port]"
                    ));
                }
                // Credentials go in their own keys (a secret in a URL ends up in logs); the
                // bucket and prefix too.
                let authority = endpoint.split_once("://").map_or("", |(_, rest)| rest);
                if authority.contains('@') || endpoint.contains('?') || endpoint.contains('#') {
                    return Err(
                        "attachments.s3.endpoint must be https://host[:port] without a user, password, query or fragment: put the keys in attachments.s3.access_key_id and secret_access_key"
                            .into(),
                    );
                }
                for (key, value) in [
                    ("attachments.s3.connect_timeout_seconds", s.connect_timeout_seconds),
                    ("attachments.s3.timeout_seconds", s.timeout_seconds),
                ] {
                    if !(1..=3600).contains(&value) {
                        return Err(format!("{key} must be between 1 and 3600 (it is {value})"));
                    }
                }
                if s.access_key_id.trim().is_empty() != s.secret_access_key.is_empty() {
                    return Err(
                        "attachments.s3.access_key_id and attachments.s3.secret_access_key go together: give both or neither"
                            .into(),
                    );
                }
                Ok(Some(postern_storage::S3Settings {
                    endpoint: endpoint.to_owned(),
                    region: s.region.trim().to_owned(),
                    bucket: s.bucket.trim().to_owned(),
                    prefix: s.prefix.trim().to_owned(),
                    access_key_id: s.access_key_id.trim().to_owned(),
                    secret_access_key: s.secret_access_key.expose().to_owned(),
                    allow_http: s.allow_http,
                    ca_file: (!s.ca_file.as_os_str().is_empty()).then(|| s.ca_file.clone()),
                    connect_timeout: std::time::Duration::from_secs(s.connect_timeout_seconds),
                    timeout: std::time::Duration::from_secs(s.timeout_seconds),
                }))
            }
            other => Err(format!(
                "attachments.store {other:?} is not a store: \"folder\" or \"s3\""
            )),
        }
    }
}

/// `[metrics]`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsConfig {
    /// Address of a separate listener serving `/metrics` (e.g. `127.0.0.1:9464`); empty: off.
    pub listen: String,
}

/// `[directory]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DirectoryConfig {
    /// Domain controllers, comma-separated, tried in order: `ldaps://dc1.corp.example`
    /// (TLS) or `ldap://dc1.corp.example` (StartTLS, required unless `allow_plain`). Empty:
    /// no directory, local accounts only.
    pub urls: String,
    /// The service account that searches: a DN or `user@domain`.
    pub bind_dn: String,
    /// Its password.
    pub bind_password: Secret,
    /// Where people are searched, e.g. `DC=corp,DC=example,DC=com`.
    pub base_dn: String,
    /// Extra CA certificates (PEM) to trust for the domain controllers.
    pub ca_file: PathBuf,
    /// Allow `ldap://` without StartTLS (passwords cross the network unencrypted).
    pub allow_plain: bool,
    /// Seconds allowed to reach a domain controller.
    pub connect_timeout_seconds: u64,
    /// Seconds allowed per search or bind.
    pub operation_timeout_seconds: u64,
    /// DN of a group whose members (also through nested groups) may send invitations.
    pub invite_group: String,
    /// Connections used at once.
    pub pool_size: usize,
    /// After no domain controller answered, directory calls fail at once for this many seconds.
    pub retry_after_seconds: u64,
    /// A signed-in directory person's standing (enabled, in the invitation group) is asked
    /// again after this many seconds: someone disabled loses sessions and tokens by then.
    pub recheck_seconds: u64,
}

impl Default for DirectoryConfig {
    fn default() -> Self {
        Self {
            urls: String::new(),
            bind_dn: String::new(),
            bind_password: Secret::default(),
            base_dn: String::new(),
            ca_file: PathBuf::new(),
            allow_plain: false,
            connect_timeout_seconds: 3,
            operation_timeout_seconds: 10,
            invite_group: String::new(),
            pool_size: 8,
            retry_after_seconds: 10,
            recheck_seconds: 300,
        }
    }
}

impl DirectoryConfig {
    /// The adapter settings, or `None` when no directory is configured.
    pub fn settings(&self) -> Option<postern_directory::ActiveDirectorySettings> {
        let urls: Vec<String> = self
            .urls
            .split(',')
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_owned)
            .collect();
        if urls.is_empty() {
            return None;
        }
        let non_empty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        Some(postern_directory::ActiveDirectorySettings {
            urls,
            bind_dn: self.bind_dn.trim().to_owned(),
            bind_password: self.bind_password.expose().to_owned(),
            base_dn: self.base_dn.trim().to_owned(),
            ca_file: (!self.ca_file.as_os_str().is_empty()).then(|| self.ca_file.clone()),
            allow_plain: self.allow_plain,
            connect_timeout: std::time::Duration::from_secs(self.connect_timeout_seconds),
            operation_timeout: std::time::Duration::from_secs(self.operation_timeout_seconds),
            invite_group: non_empty(&self.invite_group),
            pool_size: self.pool_size,
            retry_after: std::time::Duration::from_secs(self.retry_after_seconds),
            recheck: std::time::Duration::from_secs(self.recheck_seconds),
        })
    }
}

/// `[server]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Address and port to listen on.
    pub listen: SocketAddr,
    /// The URL people use to reach the portal (links in emails point there).
    pub public_url: String,
    /// Mark cookies `Secure`.
    pub secure_cookies: bool,
    /// Session lifetime in minutes.
    pub session_minutes: u64,
    /// On SIGTERM or SIGINT: how long requests and the delivery batch in flight may take to
    /// finish before the process exits.
    pub shutdown_grace_seconds: u64,
    /// A connection that sends or receives nothing for this long is closed (a client that
    /// opens connections and sends half a request cannot hold them).
    pub idle_timeout_seconds: u64,
    /// File downloads this process streams at once (each holds at most three 1 MiB chunks of
    /// the file in memory); one more waits a few seconds for a turn, then gets "try again
    /// shortly".
    pub max_downloads: u64,
    /// This instance's name in log lines and outbox claims; empty: `<host name>-<process id>`.
    pub instance_id: String,
    /// 64 hexadecimal characters; the key of CSRF tokens. Give every instance the same one.
    /// Empty: a key is generated and kept in `<data_dir>/csrf.key`.
    pub csrf_key: Secret,
    /// Key that seals stored secrets (two-factor secrets), 64 hex characters; empty: a key
    /// file `secret.key` in `data_dir`, created on first start. Share it between instances.
    pub secret_key: Secret,
    /// Where Postern keeps its files (SQLite database, pickup folder, keys, attachments).
    pub data_dir: PathBuf,
    /// Where attachments are stored. Empty: `<data_dir>/files`. Give every instance the same
    /// folder (a shared file system) when several share one database.
    pub files_dir: PathBuf,
    /// Write every page and email in the pseudo-locale (`[Ŝéñð …]`), for translators and tests
    /// that look for text not taken from the language files. Never for readers.
    pub pseudo_locale: bool,
}

/// `[database]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// `sqlite://PATH?mode=rwc` or `postgres://user:password@host:port/db`. Empty: SQLite in
    /// `<data_dir>/postern.db`.
    pub url: Secret,
    /// Connections at most per process; 0: PostgreSQL 16, SQLite 8.
    pub max_connections: u32,
    /// MiB of page cache per SQLite connection.
    pub sqlite_cache_mib: u32,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: Secret::default(),
            max_connections: 0,
            sqlite_cache_mib: 8,
        }
    }
}

impl DatabaseConfig {
    /// The pool settings of the storage adapter.
    pub fn pool(&self) -> postern_storage::PoolSettings {
        postern_storage::PoolSettings {
            max_connections: self.max_connections,
            sqlite_cache_mib: self.sqlite_cache_mib,
        }
    }
}

/// `[mail]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailConfig {
    /// The address Postern's messages come from (the inviter's name is shown with it).
    pub from: String,
    /// Folder for `.eml` files. Empty: `<data_dir>/mail/pickup`.
    pub pickup_dir: PathBuf,
    /// Messages in the pickup folder older than this many days are removed (they hold
    /// working links); 0 keeps them.
    pub pickup_keep_days: u64,
    /// The SMTP relay; when neither `url` nor `host` is set, mail goes to the pickup folder.
    pub smtp: SmtpConfig,
}

/// `[mail.smtp]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmtpConfig {
    /// `smtps://user:password@host:465` (implicit TLS), `smtp://host:587` (STARTTLS, required),
    /// or `smtp+plain://host:25` (no encryption). Overrides `host`, `port`, `security` and
    /// the credentials when set.
    pub url: Secret,
    /// Server host name.
    pub host: String,
    /// Port; 0 means the default of the security mode (465, 587 or 25).
    pub port: u16,
    /// `tls`, `starttls` or `plain`.
    pub security: String,
    /// AUTH user name (empty: no AUTH).
    pub username: String,
    /// AUTH password.
    pub password: Secret,
    /// Extra CA certificates (PEM) to trust.
    pub ca_file: PathBuf,
    /// Seconds allowed to open a connection.
    pub connect_timeout_seconds: u64,
    /// Seconds allowed per SMTP command.
    pub command_timeout_seconds: u64,
    /// Idle pooled connections older than this are closed, not reused (keep it below the
    /// relay's idle timeout: maildev 60 s, Postfix `smtpd_timeout` 300 s).
    pub max_idle_seconds: u64,
    /// Connections used at once.
    pub concurrency: usize,
    /// Name sent in EHLO.
    pub helo_name: String,
}

impl Default for SmtpConfig {
    fn default() -> Self {
        Self {
            url: Secret::default(),
            host: String::new(),
            port: 0,
            security: "starttls".into(),
            username: String::new(),
            password: Secret::default(),
            ca_file: PathBuf::new(),
            connect_timeout_seconds: 10,
            command_timeout_seconds: 30,
            max_idle_seconds: 30,
            concurrency: 4,
            helo_name: "postern".into(),
        }
    }
}

fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).ok_or("bad percent escape in mail.smtp.url")?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| "bad percent escape in mail.smtp.url")?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "mail.smtp.url is not UTF-8".to_owned())
}

impl SmtpConfig {
    /// The mailer settings, or `None` when no relay is configured.
    ///
    /// # Errors
    /// A message naming the bad key (never containing the password).
    pub fn settings(&self) -> Result<Option<postern_mail::SmtpSettings>, String> {
        use postern_mail::Security;
        let (mut host, mut port, mut security, mut user, mut password) = (
            self.host.clone(),
            self.port,
            self.security.clone(),
            self.username.clone(),
            self.password.expose().to_owned(),
        );
        if !self.url.is_empty() {
            let url = self.url.expose();
            let (scheme, rest) = url
                .split_once("://")
                .ok_or("mail.smtp.url must look like smtp://host:port")?;
            security = match scheme {
                "smtps" => "tls",
                "smtp" => "starttls",
                "smtp+plain" => "plain",
                _ => {
                    return Err(format!(
                        "mail.smtp.url: unknown scheme '{scheme}' (smtps, smtp or smtp+plain)"
                    ));
                }
            }
            .to_owned();
            let rest = rest.trim_end_matches('/');
            let hostport = match rest.rsplit_once('@') {
                Some((userinfo, hostport)) => {
                    let (u, p) = userinfo.split_once(':').unwrap_or((userinfo, ""));
                    user = percent_decode(u)?;
                    password = percent_decode(p)?;
                    hostport
                }
                None => rest,
            };
            match hostport.rsplit_once(':') {
                Some((h, p)) => {
                    host = h.to_owned();
                    port = p
                        .parse()
                        .map_err(|_| "mail.smtp.url: the port is not a number".to_owned())?;
                }
                None => {
                    host = hostport.to_owned();
                    port = 0;
                }
            }
        }
        if host.is_empty() {
            return Ok(None);
        }
        let security = match security.as_str() {
            "tls" => Security::ImplicitTls,
            "starttls" => Security::StartTls,
            "plain" => Security::Plain,
            other => return Err(format!("mail.smtp.security: '{other}' is not tls, starttls or plain")),
        };
        if port == 0 {
            port = match security {
                Security::ImplicitTls => 465,
                Security::StartTls => 587,
                Security::Plain => 25,
            };
        }
        Ok(Some(postern_mail::SmtpSettings {
            host,
            port,
            security,
            credentials: (!user.is_empty()).then_some((user, password)),
            ca_file: (!self.ca_file.as_os_str().is_empty()).then(|| self.ca_file.clone()),
            connect_timeout: std::time::Duration::from_secs(self.connect_timeout_seconds.max(1)),
            command_timeout: std::time::Duration::from_secs(self.command_timeout_seconds.max(1)),
            concurrency: self.concurrency.max(1),
            max_idle: std::time::Duration::from_secs(self.max_idle_seconds.max(1)),
            helo_name: self.helo_name.clone(),
        }))
    }
}

/// `[delivery]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DeliveryWorkerConfig {
    /// Seconds between outbox polls when idle.
    pub poll_seconds: u64,
    /// Messages claimed per round.
    pub batch: u32,
    /// First retry delay in seconds (doubles per attempt).
    pub retry_base_seconds: i64,
    /// Longest retry delay in minutes.
    pub retry_max_minutes: i64,
    /// Give up on a message after this many hours of temporary failures.
    pub give_up_after_hours: i64,
    /// Seconds a claimed message stays reserved for one worker (then another may take it over).
    pub lease_seconds: i64,
}

/// `[security]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SecurityConfig {
    /// Password hashes computed at once.
    pub hash_concurrency: usize,
    /// Sign-in attempts per client address per minute (portal and console each).
    pub sign_in_per_minute: u32,
    /// Sign-in attempts per account per minute, from any address (after a burst of this many,
    /// one more each 60/n seconds): guessing one account from many addresses is slowed, and a
    /// limited attempt asks no directory.
    pub sign_in_per_account_per_minute: u32,
    /// Activation attempts per client address per minute.
    pub activation_per_minute: u32,
    /// Reverse proxies (addresses or CIDR ranges) whose `X-Forwarded-For` is believed; the
    /// client is the last address in it that is not one of them. Empty: the peer is the client.
    pub trusted_proxies: Vec<String>,
    /// A portal session ends after this many minutes without a request (its absolute
    /// lifetime is `server.session_minutes`).
    pub portal_idle_minutes: u64,
    /// A console session ends after this many minutes without a request.
    pub console_idle_minutes: u64,
    /// A console session ends this many minutes after sign-in, however active.
    pub console_session_minutes: u64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: "http://localhost:8080".into(),
            secure_cookies: true,
            session_minutes: 12 * 60,
            shutdown_grace_seconds: 30,
            idle_timeout_seconds: 60,
            max_downloads: 32,
            instance_id: String::new(),
            csrf_key: Secret::default(),
            secret_key: Secret::default(),
            data_dir: PathBuf::from("var"),
            files_dir: PathBuf::new(),
            pseudo_locale: false,
        }
    }
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            from: "postern@localhost.localdomain".into(),
            pickup_dir: PathBuf::new(),
            pickup_keep_days: 14,
            smtp: SmtpConfig::default(),
        }
    }
}

impl Default for DeliveryWorkerConfig {
    fn default() -> Self {
        Self {
            poll_seconds: 2,
            batch: 50,
            retry_base_seconds: 30,
            retry_max_minutes: 60,
            give_up_after_hours: 48,
            lease_seconds: 300,
        }
    }
}

impl Default for SecurityConfig {
    fn default() -> Self {
        Self {
            hash_concurrency: 2,
            sign_in_per_minute: 10,
            sign_in_per_account_per_minute: 5,
            activation_per_minute: 20,
            trusted_proxies: Vec::new(),
            portal_idle_minutes: 60,
            console_idle_minutes: 30,
            console_session_minutes: 8 * 60,
        }
    }
}

/// An empty public address (set later) or one that links can be built on: `http` or
/// `https`, a host, an optional port and path; no user, query or fragment (a link's token
/// would land in them).
fn check_public_url(url: &str) -> Result<(), String> {
    if url.is_empty() {
        return Ok(());
    }
    let refuse = |why: &str| {
        Err(format!(
            "server.public_url {url:?} {why}: give the address people reach the portal at, such as https://files.example.org or https://example.org/postern"
        ))
    };
    if url.contains('#') || url.contains('?') {
        return refuse("has a query or fragment");
    }
    let Ok(uri) = url.parse::<poem::http::Uri>() else {
        return refuse("is not an address");
    };
    if !matches!(uri.scheme_str(), Some("http" | "https")) {
        return refuse("does not start with https:// or http://");
    }
    match uri.authority() {
        None => refuse("has no host"),
        Some(a) if a.as_str().contains('@') => refuse("carries a user name"),
        Some(a) if a.host().is_empty() => refuse("has no host"),
        Some(_) => Ok(()),
    }
}

impl Config {
    /// Loads defaults, then the file (if it exists), then the environment.
    ///
    /// # Errors
    /// A message naming the bad key.
    pub fn load(file: &Path) -> Result<Self, String> {
        Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("POSTERN_").ignore(&["LOG", "LOG_FORMAT"]).split("__"))
            .extract::<Config>()
            .map_err(|e| format!("configuration error: {e}"))
            .and_then(|c| c.validate().map(|()| c))
    }

    /// Checks the numbers a deployment may get wrong; the message names the key.
    ///
    /// # Errors
    /// The first key out of range.
    pub fn validate(&self) -> Result<(), String> {
        self.trusted_proxies().map_err(|e| e.to_string())?;
        check_public_url(self.server.public_url.trim())?;
        self.attachments.s3_settings()?;
        for (key, value, low, high) in [
            ("database.max_connections", self.database.max_connections, 0, 500),
            ("database.sqlite_cache_mib", self.database.sqlite_cache_mib, 1, 4096),
        ] {
            if !(low..=high).contains(&value) {
                return Err(format!("{key} must be between {low} and {high} (it is {value})"));
            }
        }
        let id = self.server.instance_id.trim();
        if id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b"._:-".contains(&b)) {
            return Err(format!(
                "server.instance_id {id:?}: at most 64 letters, digits and . _ : - (it names the instance in log lines and outbox claims)"
            ));
        }
        let d = &self.delivery;
        let dir = &self.directory;
        let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        let sec = &self.security;
        let checks: [(&str, i64, i64, i64); 19] = [
            ("server.max_downloads", n(self.server.max_downloads), 1, 10_000),
            (
                "server.idle_timeout_seconds",
                n(self.server.idle_timeout_seconds),
                5,
                3600,
            ),
            (
                "server.shutdown_grace_seconds",
                n(self.server.shutdown_grace_seconds),
                1,
                3600,
            ),
            (
                "server.session_minutes",
                i64::try_from(self.server.session_minutes).unwrap_or(i64::MAX),
                1,
                60 * 24 * 30,
            ),
            (
                "delivery.poll_seconds",
                i64::try_from(d.poll_seconds).unwrap_or(i64::MAX),
                1,
                3600,
            ),
            ("delivery.batch", i64::from(d.batch), 1, 10_000),
            ("delivery.retry_base_seconds", d.retry_base_seconds, 1, 86_400),
            ("delivery.retry_max_minutes", d.retry_max_minutes, 1, 60 * 24 * 7),
            ("delivery.give_up_after_hours", d.give_up_after_hours, 1, 24 * 60),
            ("delivery.lease_seconds", d.lease_seconds, 1, 86_400),
            (
                "security.hash_concurrency",
                i64::try_from(self.security.hash_concurrency).unwrap_or(i64::MAX),
                1,
                64,
            ),
            (
                "directory.connect_timeout_seconds",
                n(dir.connect_timeout_seconds),
                1,
                300,
            ),
            (
                "directory.operation_timeout_seconds",
                n(dir.operation_timeout_seconds),
                1,
                300,
            ),
            (
                "directory.pool_size",
                i64::try_from(dir.pool_size).unwrap_or(i64::MAX),
                1,
                256,
            ),
            ("directory.retry_after_seconds", n(dir.retry_after_seconds), 0, 3600),
            ("directory.recheck_seconds", n(dir.recheck_seconds), 1, 86_400),
            (
                "security.portal_idle_minutes",
                n(sec.portal_idle_minutes),
                1,
                60 * 24 * 30,
            ),
            ("security.console_idle_minutes", n(sec.console_idle_minutes), 1, 60 * 24),
            (
                "security.console_session_minutes",
                n(sec.console_session_minutes),
                1,
                60 * 24 * 7,
            ),
        ];
        for (key, value, min, max) in checks {
            if !(min..=max).contains(&value) {
                return Err(format!(
                    "configuration error: {key} is {value}; it must be between {min} and {max}"
                ));
            }
        }
        Ok(())
    }

    /// The database URL to use.
    pub fn database_url(&self) -> String {
        if self.database.url.is_empty() {
            format!(
                "sqlite://{}?mode=rwc",
                self.server.data_dir.join("postern.db").display()
            )
        } else {
            self.database.url.expose().to_owned()
        }
    }

    /// The attachment folder to use.
    pub fn files_dir(&self) -> PathBuf {
        if self.server.files_dir.as_os_str().is_empty() {
            self.server.data_dir.join("files")
        } else {
            self.server.files_dir.clone()
        }
    }

    /// The reverse proxies whose `X-Forwarded-For` is believed.
    ///
    /// # Errors
    /// An entry that is not an address or a CIDR range, named.
    pub fn trusted_proxies(&self) -> anyhow::Result<Vec<ipnet::IpNet>> {
        self.security
            .trusted_proxies
            .iter()
            .map(|entry| {
                let e = entry.trim();
                e.parse::<ipnet::IpNet>()
                    .or_else(|_| e.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| {
                        anyhow::anyhow!(
                            "configuration error: security.trusted_proxies: {e:?} is not an address or a range such as 10.0.0.0/8"
                        )
                    })
            })
            .collect()
    }

    /// The pickup folder to use.
    pub fn pickup_dir(&self) -> PathBuf {
        if self.mail.pickup_dir.as_os_str().is_empty() {
            self.server.data_dir.join("mail").join("pickup")
        } else {
            self.mail.pickup_dir.clone()
        }
    }

    /// This instance's name: `server.instance_id`, else `<host name>-<process id>`.
    pub fn instance_id(&self) -> String {
        let given = self.server.instance_id.trim();
        if !given.is_empty() {
            return given.to_owned();
        }
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .map(|h| h.trim().to_owned())
            .ok()
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "postern".to_owned());
        format!("{host}-{}", std::process::id())
    }

    /// The public URL without a trailing slash.
    pub fn base_url(&self) -> String {
        self.server.public_url.trim_end_matches('/').to_owned()
    }
}

#[cfg(test)]
mod tests {

    #![allow(clippy::result_large_err)] // figment::Jail's closure type is fixed by figment
    use super::*;

    /// The configuration file the Debian package installs loads, names every section and key
    /// the documentation lists (commented), and leaves the public URL for the administrator.
    #[test]
    fn the_packaged_configuration_loads_and_lists_every_key() {
        let text = include_str!("../../../packaging/postern.toml");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("postern.toml");
        std::fs::write(&path, text).unwrap();
        let config = Config::load(&path).unwrap();
        assert_eq!(config.server.public_url, "", "the administrator sets it");
        let docs = include_str!("../../../docs/configuration.md");
        for line in docs.lines().filter(|l| l.starts_with("| `")) {
            let key = line.split('`').nth(1).unwrap();
            let Some((section, name)) = key.rsplit_once('.') else {
                continue;
            };
            // The administrator settings (stored in the database) are not in this file.
            if [
                "invitations",
                "delivery.link_lifetime_days",
                "recipients",
                "files",
                "security.two_factor",
                "security.token",
                "expire_inactive",
                "approval",
                "password",
                "portal_name",
            ]
            .iter()
            .any(|p| key.starts_with(p))
                || !key.contains('.')
                || [
                    "delivery.notify_on_accept",
                    "delivery.send_me_a_copy",
                    "delivery.attachment_lifetime_days",
                    "password.min_length",
                ]
                .contains(&key)
            {
                continue;
            }
            let header = format!("[{section}]");
            assert!(text.contains(&header), "{header} for {key}");
            assert!(
                text.contains(&format!("# {name} =")) || text.contains(&format!("\n{name} =")),
                "{key} is in the packaged configuration"
            );
        }
    }

    #[test]
    fn layers_apply_in_order_and_secrets_never_print() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "postern.toml",
                "[server]\nlisten = \"127.0.0.1:9000\"\n[database]\nurl = \"postgres://u:pw@h/db\"\n",
            )?;
            jail.set_env("POSTERN_SERVER__PUBLIC_URL", "https://files.example.org/");
            let c = Config::load(Path::new("postern.toml")).map_err(figment::Error::from)?;
            assert_eq!(c.server.listen.port(), 9000);
            assert_eq!(c.base_url(), "https://files.example.org");
            assert_eq!(c.database_url(), "postgres://u:pw@h/db");
            assert!(!format!("{c:?}").contains("pw@"));
            Ok(())
        });
    }

    #[test]
    fn numbers_out_of_range_are_refused_with_their_key() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("POSTERN_DELIVERY__RETRY_MAX_MINUTES", "9223372036854775807");
            let err = Config::load(Path::new("none.toml")).unwrap_err();
            assert!(err.contains("delivery.retry_max_minutes"), "{err}");
            Ok(())
        });
        assert!(Config::default().validate().is_ok());
    }

    #[test]
    fn trusted_proxies_are_addresses_or_ranges() {
        figment::Jail::expect_with(|jail| {
            jail.set_env(
                "POSTERN_SECURITY__TRUSTED_PROXIES",
                "[\"10.0.0.0/8\", \"192.0.2.7\", \"::1\"]",
            );
            let c = Config::load(Path::new("none.toml")).unwrap();
            assert_eq!(c.trusted_proxies().unwrap().len(), 3);
            jail.set_env("POSTERN_SECURITY__TRUSTED_PROXIES", "[\"10.0.0.0/8\", \"proxy.local\"]");
            let err = Config::load(Path::new("none.toml")).unwrap_err();
            assert!(
                err.contains("security.trusted_proxies") && err.contains("proxy.local"),
                "{err}"
            );
            Ok(())
        });
    }

    #[test]
    fn unknown_keys_are_refused_with_their_name() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("postern.toml", "[server]\nlisten_on = \"x\"\n")?;
            let err = Config::load(Path::new("postern.toml")).unwrap_err();
            assert!(err.contains("listen_on"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn smtp_urls_and_fields() {
        use postern_mail::Security;
        let mut c = SmtpConfig::default();
        assert!(c.settings().unwrap().is_none(), "no relay: pickup folder");
        c.url = Secret("smtps://mailer%40corp:p%3Ass@relay.corp.example".into());
        let s = c.settings().unwrap().unwrap();
        assert_eq!(
            (s.host.as_str(), s.port, s.security),
            ("relay.corp.example", 465, Security::ImplicitTls)
        );
        assert_eq!(s.credentials, Some(("mailer@corp".into(), "p:ss".into())));
        assert!(!format!("{s:?}").contains("p:ss"));
        c.url = Secret("smtp://relay:2525".into());
        let s = c.settings().unwrap().unwrap();
        assert_eq!((s.port, s.security, s.credentials), (2525, Security::StartTls, None));
        c.url = Secret("smtp+plain://relay".into());
        assert_eq!(c.settings().unwrap().unwrap().port, 25);
        c.url = Secret("http://relay".into());
        assert!(c.settings().unwrap_err().contains("unknown scheme"));
        c.url = Secret::default();
        c.host = "relay".into();
        c.security = "ssl".into();
        assert!(c.settings().unwrap_err().contains("mail.smtp.security"));
    }

    #[test]
    fn an_instance_id_cannot_forge_log_lines() {
        let mut c = Config::default();
        c.server.instance_id = "web-1".into();
        assert!(c.validate().is_ok());
        for bad in ["web\nERROR forged", &"x".repeat(65), "web 1", "wéb"] {
            c.server.instance_id = bad.into();
            assert!(c.validate().unwrap_err().contains("server.instance_id"), "{bad:?}");
        }
    }

    #[test]
    fn the_attachment_store_is_checked_by_key() {
        let mut a = AttachmentsConfig::default();
        assert!(a.s3_settings().unwrap().is_none(), "the folder by default");
        a.store = "nfs".into();
        assert!(a.s3_settings().unwrap_err().contains("attachments.store \"nfs\""));
        a.store = "s3".into();
        assert!(a.s3_settings().unwrap_err().contains("attachments.s3.bucket"));
        a.s3.bucket = "files".into();
        a.s3.endpoint = "http://minio.local:9000".into();
        assert!(a.s3_settings().unwrap_err().contains("allow_http"));
        a.s3.endpoint = "minio.local:9000".into();
        assert!(a.s3_settings().unwrap_err().contains("not a URL"));
        a.s3.endpoint = "https://AKIA1:secret@minio.local:9000".into();
        assert!(a.s3_settings().unwrap_err().contains("without a user"));
        a.s3.endpoint = "https://minio.local:9000".into();
        a.s3.timeout_seconds = 0;
        assert!(a.s3_settings().unwrap_err().contains("attachments.s3.timeout_seconds"));
        a.s3.timeout_seconds = 30;
        a.s3.access_key_id = "AKIA1".into();
        assert!(a.s3_settings().unwrap_err().contains("go together"));
        a.s3.secret_access_key = Secret("s3-very-secret".into());
        let s = a.s3_settings().unwrap().unwrap();
        assert_eq!(
            (s.bucket.as_str(), s.secret_access_key.as_str()),
            ("files", "s3-very-secret")
        );
        assert!(!format!("{a:?}{s:?}").contains("s3-very-secret"), "never printed");
    }

    #[test]
    fn defaults_are_the_embedded_set_up() {
        let c = Config::default();
        assert_eq!(c.database_url(), "sqlite://var/postern.db?mode=rwc");
        assert_eq!(c.pickup_dir(), PathBuf::from("var/mail/pickup"));
    }
}
