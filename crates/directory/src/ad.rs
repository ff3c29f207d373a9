//! Active Directory over LDAP (ldap3 with rustls).
//!
//! Searches run on pooled connections bound as the service account; a sign-in binds a fresh
//! connection as the person, after their distinguished name was found with the service
//! account. Every value put into a filter is escaped (RFC 4515) and every entry returned is
//! checked again against the value searched for.

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use ldap3::{Ldap, LdapConnAsync, LdapConnSettings, LdapError, Scope, SearchEntry, ldap_escape};
use postern_domain::EmailAddress;
use postern_domain::password::Password;
use postern_domain::ports::{Directory, DirectoryError, DirectoryPerson};
use rustls::RootCertStore;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use tokio::sync::Semaphore;

/// `userAccountControl` bit of a disabled account.
const ACCOUNT_DISABLE: u32 = 0x2;

/// The attributes read for a person.
const ATTRIBUTES: [&str; 7] = [
    "sAMAccountName",
    "userPrincipalName",
    "displayName",
    "mail",
    "memberOf",
    "userAccountControl",
    "proxyAddresses",
];

/// How Postern reaches the directory.
#[derive(Clone)]
pub struct ActiveDirectorySettings {
    /// Servers, tried in order: `ldaps://host` (TLS), `ldap://host` (StartTLS, required unless
    /// `allow_plain` is set).
    pub urls: Vec<String>,
    /// The service account that searches (a DN or `user@domain`).
    pub bind_dn: String,
    /// Its password.
    pub bind_password: String,
    /// Where people are searched (the domain root, or an organisational unit).
    pub base_dn: String,
    /// Extra CA certificates (PEM) to trust, for a private certification authority.
    pub ca_file: Option<PathBuf>,
    /// Use `ldap://` URLs without StartTLS: passwords then cross the network unencrypted.
    pub allow_plain: bool,
    /// Limit for opening a connection (TCP, TLS and the service bind).
    pub connect_timeout: Duration,
    /// Limit for each search or bind.
    pub operation_timeout: Duration,
    /// The DN of a group whose members (directly or through nested groups) may send
    /// invitations, in addition to the portal's own permission settings.
    pub invite_group: Option<String>,
    /// Connections used at once (searches and sign-ins together).
    pub pool_size: usize,
    /// After every server failed to answer, calls fail at once for this long.
    pub retry_after: Duration,
    /// A signed-in person's standing (enabled, in the invitation group) is asked again after
    /// this long.
    pub recheck: Duration,
}

impl fmt::Debug for ActiveDirectorySettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActiveDirectorySettings")
            .field("urls", &self.urls)
            .field("bind_dn", &self.bind_dn)
            .field("bind_password", &"<redacted>")
            .field("base_dn", &self.base_dn)
            .field("ca_file", &self.ca_file)
            .field("allow_plain", &self.allow_plain)
            .field("invite_group", &self.invite_group)
            .finish_non_exhaustive()
    }
}

/// Why the directory adapter could not be set up. Each names the setting to fix.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// No server.
    #[error("directory.urls: at least one ldap:// or ldaps:// URL is required")]
    NoUrl,
    /// A URL that is not LDAP.
    #[error("directory.urls: {url}: {reason}")]
    BadUrl {
        /// The URL.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// A required setting is empty.
    #[error("directory.{0} is required")]
    Missing(&'static str),
    /// The CA file could not be used.
    #[error("directory.ca_file {path}: {reason}")]
    CaFile {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// The TLS configuration could not be built.
    #[error("directory TLS: {0}")]
    Tls(String),
}

/// The Active Directory adapter.
pub struct ActiveDirectory {
    settings: ActiveDirectorySettings,
    tls: Arc<rustls::ClientConfig>,
    idle: Mutex<Vec<Ldap>>,
    permits: Semaphore,
    down_until: Mutex<Option<(Instant, String)>>,
}

impl fmt::Debug for ActiveDirectory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActiveDirectory")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

fn tls_config(ca_file: Option<&PathBuf>) -> Result<Arc<rustls::ClientConfig>, SetupError> {
    let mut roots = RootCertStore::empty();
    // The operating system's trust store; individual unreadable certificates are skipped.
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if let Some(path) = ca_file {
        let shown = path.display().to_string();
        let bad = |reason: String| SetupError::CaFile {
            path: shown.clone(),
            reason,
        };
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
            .map_err(|e| bad(e.to_string()))?
            .collect::<Result<_, _>>()
            .map_err(|e| bad(e.to_string()))?;
        if certs.is_empty() {
            return Err(bad("no PEM certificate in the file".into()));
        }
        for cert in certs {
            roots.add(cert).map_err(|e| bad(e.to_string()))?;
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| SetupError::Tls(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// What an LDAP bind refusal means, from the `data NNN` code Active Directory puts in the
/// diagnostic text of result 49.
fn bind_refusal(text: &str) -> &'static str {
    let code = text
        .split("data ")
        .nth(1)
        .and_then(|rest| rest.split([',', ' ']).next())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match code.as_str() {
        "52e" => "wrong password",
        "525" => "no such account",
        "530" => "sign-in not permitted at this time",
        "531" => "sign-in not permitted from this workstation",
        "532" => "password expired",
        "533" => "account disabled",
        "701" => "account expired",
        "773" => "password must be changed",
        "775" => "account locked out",
        _ => "credentials refused",
    }
}

/// A case-insensitive attribute lookup (servers may spell names differently).
fn values<'e>(entry: &'e SearchEntry, name: &str) -> &'e [String] {
    entry
        .attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map_or(&[], |(_, v)| v.as_slice())
}

fn first<'e>(entry: &'e SearchEntry, name: &str) -> Option<&'e str> {
    values(entry, name).first().map(String::as_str)
}

/// Whether the entry carries `address` as `mail`, a `proxyAddresses` SMTP address or its
/// `userPrincipalName`, ignoring case.
fn carries_address(entry: &SearchEntry, address: &str) -> bool {
    let eq = |v: &str| v.eq_ignore_ascii_case(address);
    values(entry, "mail").iter().any(|v| eq(v))
        || values(entry, "userPrincipalName").iter().any(|v| eq(v))
        || values(entry, "proxyAddresses").iter().any(|v| {
            v.split_once(':')
                .is_some_and(|(kind, a)| kind.eq_ignore_ascii_case("smtp") && eq(a))
        })
}

/// The filter for "a user whose addresses include `value`".
fn address_filter(value: &str) -> String {
    let v = ldap_escape(value);
    format!("(&(objectCategory=person)(objectClass=user)(|(mail={v})(proxyAddresses=smtp:{v})(userPrincipalName={v})))")
}

/// How a sign-in name is looked up.
enum Login<'a> {
    /// `DOMAIN\user` or a bare account name.
    Account(&'a str),
    /// `user@domain` or an email address.
    Address(&'a str),
}

fn parse_login(login: &str) -> Option<Login<'_>> {
    let login = login.trim();
    let login = match login.split_once('\\') {
        Some((domain, account)) if !domain.is_empty() => {
            return (!account.is_empty()).then_some(Login::Account(account));
        }
        Some(_) => return None,
        None => login,
    };
    if login.is_empty() {
        None
    } else if login.contains('@') {
        Some(Login::Address(login))
    } else {
        Some(Login::Account(login))
    }
}

impl ActiveDirectory {
    /// Checks the settings and prepares TLS; connects only when first asked.
    ///
    /// # Errors
    /// [`SetupError`] naming the setting to fix.
    pub fn new(settings: ActiveDirectorySettings) -> Result<Self, SetupError> {
        if settings.urls.is_empty() {
            return Err(SetupError::NoUrl);
        }
        for url in &settings.urls {
            let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
            match scheme.as_deref() {
                Some("ldaps" | "ldap") => {}
                _ => {
                    return Err(SetupError::BadUrl {
                        url: url.clone(),
                        reason: "expected ldap://host[:port] or ldaps://host[:port]".into(),
                    });
                }
            }
        }
        if settings.base_dn.trim().is_empty() {
            return Err(SetupError::Missing("base_dn"));
        }
        if settings.bind_dn.trim().is_empty() {
            return Err(SetupError::Missing("bind_dn"));
        }
        if settings.bind_password.is_empty() {
            return Err(SetupError::Missing("bind_password"));
        }
        let tls = tls_config(settings.ca_file.as_ref())?;
        let permits = Semaphore::new(settings.pool_size.max(1));
        Ok(Self {
            settings,
            tls,
            idle: Mutex::new(Vec::new()),
            permits,
            down_until: Mutex::new(None),
        })
    }

    fn unavailable(&self, why: impl Into<String>) -> DirectoryError {
        DirectoryError::Unavailable(why.into())
    }

    /// Counts the directory as down for `retry_after`: calls fail at once meanwhile, and the
    /// idle connections (to a server that may hang) are dropped.
    fn mark_down(&self, why: &str) {
        if let Ok(mut guard) = self.down_until.lock() {
            *guard = Some((Instant::now() + self.settings.retry_after, why.to_owned()));
        }
        if let Ok(mut idle) = self.idle.lock() {
            idle.clear();
        }
        tracing::warn!(reason = %why, "the directory is unavailable");
        metrics::counter!("postern_directory_unavailable_total").increment(1);
    }

    /// Fails at once while the directory counts as down.
    fn check_down(&self) -> Result<(), DirectoryError> {
        if let Ok(guard) = self.down_until.lock()
            && let Some((until, why)) = guard.as_ref()
            && Instant::now() < *until
        {
            return Err(self.unavailable(format!("{why} (not retried for a few seconds)")));
        }
        Ok(())
    }

    /// Runs one LDAP operation within the operation timeout; a server that does not answer in
    /// time counts as down (the next calls fail at once until `retry_after` has passed).
    async fn timed<T>(
        &self,
        what: &str,
        op: impl std::future::Future<Output = Result<T, LdapError>>,
    ) -> Result<T, DirectoryError> {
        match tokio::time::timeout(self.settings.operation_timeout, op).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(self.unavailable(format!("{what}: {e}"))),
            Err(_) => {
                let why = format!(
                    "{what}: no answer within {} s",
                    self.settings.operation_timeout.as_secs_f32()
                );
                self.mark_down(&why);
                Err(self.unavailable(why))
            }
        }
    }

    /// One whole directory call (searches, group check, bind) within the operation timeout:
    /// however many servers and steps it takes, it ends by then.
    async fn deadline<T>(
        &self,
        call: impl std::future::Future<Output = Result<T, DirectoryError>>,
    ) -> Result<T, DirectoryError> {
        self.check_down()?;
        match tokio::time::timeout(self.settings.operation_timeout, call).await {
            Ok(result) => result,
            Err(_) => {
                let why = format!("no answer within {} s", self.settings.operation_timeout.as_secs_f32());
                self.mark_down(&why);
                Err(self.unavailable(why))
            }
        }
    }

    /// A connection bound as the service account, to the first server that connects and
    /// accepts the service bind within `connect_timeout`: a server that accepts connections
    /// but does not answer is passed over for the next one.
    async fn open(&self) -> Result<Ldap, DirectoryError> {
        self.check_down()?;
        let mut failures = Vec::new();
        for url in &self.settings.urls {
            let attempt = async {
                let plain = url.to_ascii_lowercase().starts_with("ldap://");
                let conn_settings = LdapConnSettings::new()
                    .set_conn_timeout(self.settings.connect_timeout)
                    .set_config(self.tls.clone())
                    .set_starttls(plain && !self.settings.allow_plain);
                let (conn, mut ldap) = LdapConnAsync::with_settings(conn_settings, url)
                    .await
                    .map_err(|e| Attempt::Failed(describe_connect_error(&e)))?;
                ldap3::drive!(conn);
                let bound = ldap
                    .simple_bind(&self.settings.bind_dn, &self.settings.bind_password)
                    .await
                    .map_err(|e| Attempt::Failed(format!("service account bind: {e}")))?;
                if bound.rc != 0 {
                    return Err(Attempt::Refused(format!(
                        "the directory refused the service account (result {}, {}); check directory.bind_dn and directory.bind_password",
                        bound.rc,
                        bind_refusal(&bound.text)
                    )));
                }
                Ok(ldap)
            };
            match tokio::time::timeout(self.settings.connect_timeout, attempt).await {
                Ok(Ok(ldap)) => {
                    if let Ok(mut guard) = self.down_until.lock() {
                        *guard = None;
                    }
                    return Ok(ldap);
                }
                // The server answers, but not to our account: a setting to fix, not a fault.
                Ok(Err(Attempt::Refused(why))) => return Err(self.unavailable(why)),
                Ok(Err(Attempt::Failed(why))) => failures.push(format!("{url}: {why}")),
                Err(_) => failures.push(format!(
                    "{url}: no connection and service bind within {} s",
                    self.settings.connect_timeout.as_secs_f32()
                )),
            }
        }
        let why = failures.join("; ");
        self.mark_down(&why);
        Err(self.unavailable(why))
    }

    /// A connection bound as the service account: an idle one, or a new one.
    async fn service_connection(&self) -> Result<Ldap, DirectoryError> {
        while let Some(mut ldap) = self.idle.lock().ok().and_then(|mut v| v.pop()) {
            if !ldap.is_closed() {
                return Ok(ldap);
            }
        }
        self.open().await
    }

    fn give_back(&self, ldap: Ldap) {
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < self.settings.pool_size.max(1)
        {
            idle.push(ldap);
        }
    }

    /// Runs one search on a pooled service connection; referrals are skipped.
    async fn search(&self, filter: &str) -> Result<Vec<SearchEntry>, DirectoryError> {
        let _permit = self.permit().await?;
        let mut ldap = self.service_connection().await?;
        let result = self
            .timed(
                "search",
                ldap.search(&self.settings.base_dn, Scope::Subtree, filter, ATTRIBUTES.to_vec()),
            )
            .await?;
        let entries = match result.1.rc {
            0 => result.0,
            // A referral instead of results: the person is not in this domain.
            10 => Vec::new(),
            32 => {
                return Err(self.unavailable(format!("directory.base_dn {} does not exist", self.settings.base_dn)));
            }
            rc => return Err(self.unavailable(format!("search failed (result {rc}: {})", result.1.text))),
        };
        self.give_back(ldap);
        Ok(entries
            .into_iter()
            .filter(|e| !e.is_ref() && !e.is_intermediate())
            .map(SearchEntry::construct)
            .collect())
    }

    async fn permit(&self) -> Result<tokio::sync::SemaphorePermit<'_>, DirectoryError> {
        match tokio::time::timeout(self.settings.operation_timeout, self.permits.acquire()).await {
            Ok(Ok(p)) => Ok(p),
            _ => Err(self.unavailable("every directory connection is busy")),
        }
    }

    /// Whether the person (by DN) is in the invitation group, directly or through nested
    /// groups.
    async fn in_invite_group(&self, entry: &SearchEntry) -> Result<bool, DirectoryError> {
        let Some(group) = &self.settings.invite_group else {
            return Ok(false);
        };
        if values(entry, "memberOf").iter().any(|g| g.eq_ignore_ascii_case(group)) {
            return Ok(true);
        }
        // LDAP_MATCHING_RULE_IN_CHAIN: membership through nested groups.
        let filter = format!(
            "(&(objectCategory=person)(objectClass=user)(sAMAccountName={})(memberOf:1.2.840.113556.1.4.1941:={}))",
            ldap_escape(first(entry, "sAMAccountName").unwrap_or_default()),
            ldap_escape(group.as_str())
        );
        Ok(!self.search(&filter).await?.is_empty())
    }

    async fn person(&self, entry: &SearchEntry) -> Result<DirectoryPerson, DirectoryError> {
        let account = first(entry, "sAMAccountName").unwrap_or_default().to_owned();
        let disabled = first(entry, "userAccountControl")
            .and_then(|v| v.parse::<u32>().ok())
            .is_some_and(|uac| uac & ACCOUNT_DISABLE != 0);
        let display_name = first(entry, "displayName")
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(&account)
            .to_owned();
        Ok(DirectoryPerson {
            email: first(entry, "mail").and_then(|m| EmailAddress::parse(m).ok()),
            display_name,
            disabled,
            in_invite_group: self.in_invite_group(entry).await?,
            account,
        })
    }

    /// The one entry that `login` names, checked again on our side.
    async fn resolve(&self, login: &Login<'_>) -> Result<Option<SearchEntry>, DirectoryError> {
        tracing::debug!(
            by = match login {
                Login::Account(_) => "account name",
                Login::Address(_) => "address",
            },
            "directory lookup"
        );
        let filter = match *login {
            Login::Account(account) => format!(
                "(&(objectCategory=person)(objectClass=user)(sAMAccountName={}))",
                ldap_escape(account)
            ),
            Login::Address(address) => address_filter(address),
        };
        // Checked again on our side, whatever the server matched.
        let carries = |e: &SearchEntry| match *login {
            Login::Account(account) => first(e, "sAMAccountName").is_some_and(|a| a.eq_ignore_ascii_case(account)),
            Login::Address(address) => carries_address(e, address),
        };
        let returned = self.search(&filter).await?;
        let matched = returned.len();
        let mut found: Vec<SearchEntry> = returned.into_iter().filter(|e| carries(e)).collect();
        // `matched`: what the server's filter matched; `kept`: what our own check let through.
        tracing::debug!(matched, kept = found.len(), "directory lookup answered");
        if found.len() > 1 {
            tracing::warn!(
                count = found.len(),
                "several directory accounts carry the same sign-in name or address; refusing to choose"
            );
            return Ok(None);
        }
        Ok(found.pop())
    }
}

fn describe_connect_error(e: &LdapError) -> String {
    let text = e.to_string();
    if text.contains("UnknownIssuer") || text.contains("invalid peer certificate") {
        format!("{text}; the server's certificate is not trusted: set directory.ca_file to the CA that signed it")
    } else {
        text
    }
}

#[async_trait]
impl Directory for ActiveDirectory {
    fn is_configured(&self) -> bool {
        true
    }

    async fn find_login(&self, login: &str) -> Result<Option<DirectoryPerson>, DirectoryError> {
        let Some(parsed) = parse_login(login) else {
            return Ok(None);
        };
        self.deadline(async {
            match self.resolve(&parsed).await? {
                Some(entry) => Ok(Some(self.person(&entry).await?)),
                None => Ok(None),
            }
        })
        .await
    }

    async fn is_group(&self, email: &EmailAddress) -> Result<bool, DirectoryError> {
        let address = email.to_ascii();
        self.deadline(async {
            let v = ldap_escape(&address);
            let filter = format!("(&(objectClass=group)(|(mail={v})(proxyAddresses=smtp:{v})))");
            let found = self.search(&filter).await?;
            // Checked again on our side, whatever the server matched.
            Ok(found.iter().any(|e| carries_address(e, &address)))
        })
        .await
    }

    async fn invite_group_exists(&self) -> Result<Option<bool>, DirectoryError> {
        let Some(group) = self.settings.invite_group.clone() else {
            return Ok(None);
        };
        self.deadline(async {
            let _permit = self.permit().await?;
            let mut ldap = self.service_connection().await?;
            let result = self
                .timed(
                    "invitation group lookup",
                    ldap.search(&group, Scope::Base, "(objectClass=group)", vec!["cn"]),
                )
                .await?;
            self.give_back(ldap);
            match result.1.rc {
                0 => Ok(Some(!result.0.is_empty())),
                // No such object.
                32 => Ok(Some(false)),
                rc => Err(self.unavailable(format!("invitation group lookup failed (result {rc})"))),
            }
        })
        .await
    }

    fn recheck_interval(&self) -> time::Duration {
        time::Duration::try_from(self.settings.recheck).unwrap_or(time::Duration::minutes(5))
    }

    async fn find_person(&self, email: &EmailAddress) -> Result<Option<DirectoryPerson>, DirectoryError> {
        let address = email.to_ascii();
        self.deadline(async {
            match self.resolve(&Login::Address(&address)).await? {
                Some(entry) => Ok(Some(self.person(&entry).await?)),
                None => Ok(None),
            }
        })
        .await
    }

    async fn authenticate(&self, login: &str, password: &Password) -> Result<DirectoryPerson, DirectoryError> {
        let refused = |reason: &str| DirectoryError::InvalidCredentials { reason: reason.into() };
        // An LDAP bind with an empty password is an unauthenticated bind that "succeeds".
        if password.expose().is_empty() {
            return Err(refused("empty password"));
        }
        let Some(parsed) = parse_login(login) else {
            return Err(refused("malformed sign-in name"));
        };
        self.deadline(async {
            let Some(entry) = self.resolve(&parsed).await? else {
                return Err(refused("no such account"));
            };
            let person = self.person(&entry).await?;
            if person.disabled {
                return Err(refused("account disabled"));
            }
            let _permit = self.permit().await?;
            // A connection of its own (bound as the service account, on a server that
            // answers), bound again as the person, then closed.
            let mut ldap = self.open().await?;
            let result = self
                .timed("sign-in bind", ldap.simple_bind(&entry.dn, password.expose()))
                .await?;
            let _ = tokio::time::timeout(Duration::from_secs(1), ldap.unbind()).await;
            match result.rc {
                0 => Ok(person),
                49 => Err(refused(bind_refusal(&result.text))),
                rc => Err(self.unavailable(format!("sign-in bind failed (result {rc})"))),
            }
        })
        .await
    }
}

/// How one server's connection attempt ended.
enum Attempt {
    /// It did not connect or answer: try the next server.
    Failed(String),
    /// It refused the service account: the settings are wrong.
    Refused(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bind_refusals_are_named_from_the_data_code() {
        let text = |code: &str| {
            format!("80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data {code}, v1db1")
        };
        assert_eq!(bind_refusal(&text("52e")), "wrong password");
        assert_eq!(bind_refusal(&text("533")), "account disabled");
        assert_eq!(bind_refusal(&text("532")), "password expired");
        assert_eq!(bind_refusal(&text("773")), "password must be changed");
        assert_eq!(bind_refusal(&text("775")), "account locked out");
        assert_eq!(bind_refusal("something else"), "credentials refused");
    }

    #[test]
    fn sign_in_names_are_classified() {
        assert!(matches!(parse_login("CORP\\alice"), Some(Login::Account("alice"))));
        assert!(matches!(parse_login("alice"), Some(Login::Account("alice"))));
        assert!(matches!(
            parse_login(" alice@corp.example "),
            Some(Login::Address("alice@corp.example"))
        ));
        assert!(parse_login("CORP\\").is_none());
        assert!(parse_login("\\alice").is_none());
        assert!(parse_login("  ").is_none());
    }

    #[test]
    fn filter_values_are_escaped() {
        let f = address_filter("*)(mail=*");
        assert!(f.contains("(mail=\\2a\\29\\28mail=\\2a)"), "{f}");
        assert_eq!(f.matches('(').count(), f.matches(')').count());
    }

    #[test]
    fn settings_are_checked_and_the_password_never_printed() {
        let good = ActiveDirectorySettings {
            urls: vec!["ldaps://127.0.0.1".into()],
            bind_dn: "svc@corp.example".into(),
            bind_password: "Sekr1t-value".into(),
            base_dn: "DC=corp,DC=example".into(),
            ca_file: None,
            allow_plain: false,
            connect_timeout: Duration::from_secs(2),
            operation_timeout: Duration::from_secs(5),
            invite_group: None,
            pool_size: 4,
            retry_after: Duration::from_secs(5),
            recheck: Duration::from_secs(300),
        };
        assert!(!format!("{good:?}").contains("Sekr1t"));
        let ad = ActiveDirectory::new(good.clone()).unwrap();
        assert!(!format!("{ad:?}").contains("Sekr1t"));
        let bad = |f: fn(&mut ActiveDirectorySettings)| {
            let mut s = good.clone();
            f(&mut s);
            ActiveDirectory::new(s).unwrap_err().to_string()
        };
        assert!(bad(|s| s.urls.clear()).contains("directory.urls"));
        assert!(bad(|s| s.urls = vec!["http://x".into()]).contains("http://x"));
        assert!(bad(|s| s.base_dn.clear()).contains("directory.base_dn"));
        assert!(bad(|s| s.bind_password.clear()).contains("directory.bind_password"));
        assert!(bad(|s| s.ca_file = Some("/nonexistent/ca.pem".into())).contains("directory.ca_file"));
    }
}
