//! Deterministic stand-ins for the clock, randomness, hashing, directory and mailer.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use postern_domain::EmailAddress;
use postern_domain::message::OutgoingMessage;
use postern_domain::password::Password;
use postern_domain::ports::{
    Clock, Directory, DirectoryError, DirectoryPerson, HashError, MailError, Mailer, PasswordHasher, TokenSource,
};
use postern_domain::user::PasswordHash;
use postern_mail::{Composed, compose};
use time::{Duration, OffsetDateTime};

/// A clock that only moves when told.
#[derive(Debug)]
pub struct ManualClock(Mutex<OffsetDateTime>);

impl ManualClock {
    /// Starts at `at`.
    pub fn new(at: OffsetDateTime) -> Self {
        Self(Mutex::new(at))
    }
    /// Moves forward.
    pub fn advance(&self, by: Duration) {
        if let Ok(mut now) = self.0.lock() {
            *now += by;
        }
    }
    /// Jumps to a time.
    pub fn set(&self, at: OffsetDateTime) {
        if let Ok(mut now) = self.0.lock() {
            *now = at;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        self.0.lock().map(|n| *n).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }
}

/// Reproducible pseudo-random bytes (splitmix64). Never for production.
#[derive(Debug)]
pub struct SeededRandom(AtomicU64);

impl SeededRandom {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(AtomicU64::new(seed))
    }
}

impl TokenSource for SeededRandom {
    fn fill(&self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let mut z = self
                .0
                .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
                .wrapping_add(0x9E37_79B9_7F4A_7C15);
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
    }
}

/// A fast, insecure hasher for tests: argon2 would make every test slow.
#[derive(Debug, Default)]
pub struct FastHasher;

fn fast_hash(password: &Password) -> String {
    let mut h = DefaultHasher::new();
    password.expose().hash(&mut h);
    format!("$test${:016x}", h.finish())
}

#[async_trait]
impl PasswordHasher for FastHasher {
    async fn hash(&self, password: &Password) -> Result<PasswordHash, HashError> {
        Ok(PasswordHash::new(fast_hash(password)))
    }
    async fn verify(&self, password: &Password, hash: &PasswordHash) -> Result<bool, HashError> {
        Ok(fast_hash(password) == hash.as_str())
    }
}

/// A directory that knows the people it is given.
#[derive(Debug, Default)]
pub struct ListDirectory {
    people: Mutex<HashMap<String, (DirectoryPerson, String)>>,
    down: std::sync::atomic::AtomicBool,
}

impl ListDirectory {
    /// Adds an enabled person with a password; the account name is the address's local part.
    pub fn add(&self, email: &str, name: &str, password: &str) {
        if let Ok(address) = EmailAddress::parse(email) {
            self.add_person(
                DirectoryPerson {
                    account: email.split('@').next().unwrap_or_default().to_owned(),
                    email: Some(address),
                    display_name: name.into(),
                    disabled: false,
                    in_invite_group: false,
                },
                password,
            );
        }
    }
    /// Adds a person as given (found by `email`, or by account name only when it has none).
    pub fn add_person(&self, person: DirectoryPerson, password: &str) {
        if let Ok(mut people) = self.people.lock() {
            let key = person
                .email
                .as_ref()
                .map_or_else(|| person.account.to_lowercase(), |e| e.normalized().to_owned());
            people.insert(key, (person, password.to_owned()));
        }
    }
    /// Changes the person found by `email` (disable them, move them out of a group).
    pub fn update(&self, email: &str, change: impl FnOnce(&mut DirectoryPerson)) {
        if let (Ok(mut people), Ok(address)) = (self.people.lock(), EmailAddress::parse(email))
            && let Some((person, _)) = people.get_mut(address.normalized())
        {
            change(person);
        }
    }
    /// Removes the person found by `email`.
    pub fn remove(&self, email: &str) {
        if let (Ok(mut people), Ok(address)) = (self.people.lock(), EmailAddress::parse(email)) {
            people.remove(address.normalized());
        }
    }
    /// Makes every call fail as if the server were down.
    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }
}

#[async_trait]
impl Directory for ListDirectory {
    fn is_configured(&self) -> bool {
        true
    }
    async fn find_person(&self, email: &EmailAddress) -> Result<Option<DirectoryPerson>, DirectoryError> {
        if self.down.load(Ordering::SeqCst) {
            return Err(DirectoryError::Unavailable("test directory is down".into()));
        }
        Ok(self
            .people
            .lock()
            .ok()
            .and_then(|p| p.get(email.normalized()).map(|(person, _)| person.clone())))
    }
    async fn find_login(&self, login: &str) -> Result<Option<DirectoryPerson>, DirectoryError> {
        if self.down.load(Ordering::SeqCst) {
            return Err(DirectoryError::Unavailable("test directory is down".into()));
        }
        let people = self
            .people
            .lock()
            .map_err(|_| DirectoryError::Unavailable("poisoned".into()))?;
        let account = login.rsplit('\\').next().unwrap_or(login);
        let key = EmailAddress::parse(login).map_or_else(|_| login.to_lowercase(), |a| a.normalized().to_owned());
        Ok(people
            .get(&key)
            .or_else(|| people.values().find(|(p, _)| p.account.eq_ignore_ascii_case(account)))
            .map(|(p, _)| p.clone()))
    }
    async fn authenticate(&self, login: &str, password: &Password) -> Result<DirectoryPerson, DirectoryError> {
        if self.down.load(Ordering::SeqCst) {
            return Err(DirectoryError::Unavailable("test directory is down".into()));
        }
        let refused = |reason: &str| DirectoryError::InvalidCredentials { reason: reason.into() };
        let people = self
            .people
            .lock()
            .map_err(|_| DirectoryError::Unavailable("poisoned".into()))?;
        let key = EmailAddress::parse(login).map_or_else(|_| login.to_lowercase(), |a| a.normalized().to_owned());
        let found = people
            .get(&key)
            .or_else(|| people.values().find(|(p, _)| p.account.eq_ignore_ascii_case(login)));
        match found {
            None => Err(refused("no such account")),
            Some(_) if password.expose().is_empty() => Err(refused("empty password")),
            Some((person, _)) if person.disabled => Err(refused("account disabled")),
            Some((person, pw)) if pw == password.expose() => Ok(person.clone()),
            Some(_) => Err(refused("wrong password")),
        }
    }
}

/// A stand-in for the server's sealer in tests: reversible, keyed, and refusing what another
/// key sealed, so that a test can tell sealed from plain. Not encryption.
#[derive(Debug, Clone, Copy)]
pub struct TestSealer(pub u8);

impl Default for TestSealer {
    fn default() -> Self {
        Self(0x5a)
    }
}

impl postern_domain::ports::SecretSealer for TestSealer {
    fn seal(&self, plain: &[u8]) -> Vec<u8> {
        let mut out = vec![b'S', self.0];
        out.extend(plain.iter().map(|b| b ^ self.0));
        out
    }
    fn open(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        match sealed {
            [b'S', key, rest @ ..] if *key == self.0 => Some(rest.iter().map(|b| b ^ self.0).collect()),
            _ => None,
        }
    }
}

/// How the [`RecordingMailer`] answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailerMode {
    /// Accept everything.
    Accept,
    /// Fail temporarily.
    Down,
    /// Refuse permanently.
    Refuse,
}

/// A mailer that keeps what it was given, composed as the mail adapters compose it.
#[derive(Debug)]
pub struct RecordingMailer {
    sent: Mutex<Vec<Composed>>,
    mode: Mutex<MailerMode>,
    pseudo: bool,
}

impl Default for RecordingMailer {
    fn default() -> Self {
        Self {
            sent: Mutex::new(Vec::new()),
            mode: Mutex::new(MailerMode::Accept),
            pseudo: false,
        }
    }
}

impl RecordingMailer {
    /// One that writes every message in the pseudo-locale.
    pub fn pseudo() -> Self {
        Self {
            pseudo: true,
            ..Self::default()
        }
    }
    /// Changes how it answers.
    pub fn set_mode(&self, mode: MailerMode) {
        if let Ok(mut m) = self.mode.lock() {
            *m = mode;
        }
    }
    /// Messages accepted so far, as they read.
    pub fn sent(&self) -> Vec<Composed> {
        self.sent.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

#[async_trait]
impl Mailer for RecordingMailer {
    async fn deliver(&self, message: &OutgoingMessage) -> Result<String, MailError> {
        let mode = self.mode.lock().map(|m| m.clone()).unwrap_or(MailerMode::Down);
        match mode {
            MailerMode::Accept => {
                if let Ok(mut s) = self.sent.lock() {
                    s.push(if self.pseudo {
                        postern_mail::compose_with(postern_mail::pseudo_catalog(), message)
                    } else {
                        compose(message)
                    });
                }
                Ok("250 accepted".into())
            }
            MailerMode::Down => Err(MailError::Temporary("connection refused".into())),
            MailerMode::Refuse => Err(MailError::Permanent("550 no such user".into())),
        }
    }
}

/// No directory: nobody is internal by the directory, and nobody signs in with it (the
/// in-memory twin of the app's own "no directory configured").
#[derive(Debug, Default, Clone, Copy)]
pub struct NoDirectory;

#[async_trait]
impl Directory for NoDirectory {
    fn is_configured(&self) -> bool {
        false
    }

    async fn find_person(&self, _email: &EmailAddress) -> Result<Option<DirectoryPerson>, DirectoryError> {
        Ok(None)
    }

    async fn authenticate(&self, _login: &str, _password: &Password) -> Result<DirectoryPerson, DirectoryError> {
        Err(DirectoryError::InvalidCredentials {
            reason: "no directory is configured".into(),
        })
    }
}

/// One delivery a [`RecordingWebhooks`] received: URL, headers, body, and the receiver's
/// time then.
pub type ReceivedWebhook = (String, Vec<(String, String)>, Vec<u8>, time::OffsetDateTime);

/// A webhook receiver in memory: keeps every delivery with the time of its clock and answers
/// as told (down: no answer at all).
pub struct RecordingWebhooks {
    received: Mutex<Vec<ReceivedWebhook>>,
    down: std::sync::atomic::AtomicBool,
    clock: std::sync::Arc<dyn postern_domain::ports::Clock>,
}

impl RecordingWebhooks {
    /// A receiver whose clock is `clock`.
    pub fn new(clock: std::sync::Arc<dyn postern_domain::ports::Clock>) -> Self {
        Self {
            received: Mutex::default(),
            down: std::sync::atomic::AtomicBool::new(false),
            clock,
        }
    }
    /// Every delivery received while up, in order.
    pub fn received(&self) -> Vec<ReceivedWebhook> {
        self.received.lock().unwrap().clone()
    }
    /// Whether the receiver is down (every delivery fails).
    pub fn set_down(&self, down: bool) {
        self.down.store(down, std::sync::atomic::Ordering::SeqCst);
    }
}

#[async_trait::async_trait]
impl postern_domain::ports::WebhookSender for RecordingWebhooks {
    async fn post(&self, url: &str, headers: &[(&'static str, String)], body: Vec<u8>) -> Result<u16, String> {
        if self.down.load(std::sync::atomic::Ordering::SeqCst) {
            return Err("the connection was refused or could not be made".into());
        }
        let headers = headers.iter().map(|(n, v)| ((*n).to_owned(), v.clone())).collect();
        let at = self.clock.now();
        self.received.lock().unwrap().push((url.to_owned(), headers, body, at));
        Ok(200)
    }
}
