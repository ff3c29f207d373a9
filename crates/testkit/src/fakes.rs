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
    /// Adds a person with a password.
    pub fn add(&self, email: &str, name: &str, password: &str) {
        if let (Ok(address), Ok(mut people)) = (EmailAddress::parse(email), self.people.lock()) {
            let person = DirectoryPerson {
                email: address.clone(),
                display_name: name.into(),
                disabled: false,
            };
            people.insert(address.normalized().to_owned(), (person, password.to_owned()));
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
    async fn authenticate(&self, login: &str, password: &Password) -> Result<DirectoryPerson, DirectoryError> {
        let address = EmailAddress::parse(login).map_err(|_| DirectoryError::InvalidCredentials {
            reason: "unknown".into(),
        })?;
        let people = self
            .people
            .lock()
            .map_err(|_| DirectoryError::Unavailable("poisoned".into()))?;
        match people.get(address.normalized()) {
            Some((person, pw)) if pw == password.expose() && !password.expose().is_empty() => Ok(person.clone()),
            _ => Err(DirectoryError::InvalidCredentials {
                reason: "wrong password".into(),
            }),
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

/// A mailer that keeps what it was given.
#[derive(Debug)]
pub struct RecordingMailer {
    sent: Mutex<Vec<OutgoingMessage>>,
    mode: Mutex<MailerMode>,
}

impl Default for RecordingMailer {
    fn default() -> Self {
        Self {
            sent: Mutex::new(Vec::new()),
            mode: Mutex::new(MailerMode::Accept),
        }
    }
}

impl RecordingMailer {
    /// Changes how it answers.
    pub fn set_mode(&self, mode: MailerMode) {
        if let Ok(mut m) = self.mode.lock() {
            *m = mode;
        }
    }
    /// Messages accepted so far.
    pub fn sent(&self) -> Vec<OutgoingMessage> {
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
                    s.push(message.clone());
                }
                Ok("250 accepted".into())
            }
            MailerMode::Down => Err(MailError::Temporary("connection refused".into())),
            MailerMode::Refuse => Err(MailError::Permanent("550 no such user".into())),
        }
    }
}
