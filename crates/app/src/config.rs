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
    /// 64 hexadecimal characters; the key of CSRF tokens. Give every instance the same one.
    /// Empty: a key is generated and kept in `<data_dir>/csrf.key`.
    pub csrf_key: Secret,
    /// Where Postern keeps its files (SQLite database, pickup folder, keys).
    pub data_dir: PathBuf,
}

/// `[database]`
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// `sqlite://PATH?mode=rwc` or `postgres://user:password@host:port/db`. Empty: SQLite in
    /// `<data_dir>/postern.db`.
    pub url: Secret,
}

/// `[mail]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailConfig {
    /// The address Postern's messages come from (the inviter's name is shown with it).
    pub from: String,
    /// Folder for `.eml` files. Empty: `<data_dir>/mail/pickup`.
    pub pickup_dir: PathBuf,
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
    /// Minutes a claimed message stays reserved for one worker.
    pub lease_minutes: i64,
}

/// `[security]`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SecurityConfig {
    /// Password hashes computed at once.
    pub hash_concurrency: usize,
    /// Sign-in attempts per client address per minute.
    pub sign_in_per_minute: u32,
    /// Activation attempts per client address per minute.
    pub activation_per_minute: u32,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: "http://localhost:8080".into(),
            secure_cookies: true,
            session_minutes: 12 * 60,
            csrf_key: Secret::default(),
            data_dir: PathBuf::from("var"),
        }
    }
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            from: "postern@localhost.localdomain".into(),
            pickup_dir: PathBuf::new(),
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
            lease_minutes: 5,
        }
    }
}

impl Default for SecurityConfig {
    fn default() -> Self {
        Self {
            hash_concurrency: 2,
            sign_in_per_minute: 10,
            activation_per_minute: 20,
        }
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
            .merge(Env::prefixed("POSTERN_").ignore(&["LOG"]).split("__"))
            .extract()
            .map_err(|e| format!("configuration error: {e}"))
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

    /// The pickup folder to use.
    pub fn pickup_dir(&self) -> PathBuf {
        if self.mail.pickup_dir.as_os_str().is_empty() {
            self.server.data_dir.join("mail").join("pickup")
        } else {
            self.mail.pickup_dir.clone()
        }
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
    fn unknown_keys_are_refused_with_their_name() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("postern.toml", "[server]\nlisten_on = \"x\"\n")?;
            let err = Config::load(Path::new("postern.toml")).unwrap_err();
            assert!(err.contains("listen_on"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn defaults_are_the_embedded_set_up() {
        let c = Config::default();
        assert_eq!(c.database_url(), "sqlite://var/postern.db?mode=rwc");
        assert_eq!(c.pickup_dir(), PathBuf::from("var/mail/pickup"));
    }
}
