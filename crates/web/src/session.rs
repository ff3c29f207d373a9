//! Server-side sessions in the database, through the [`SessionStore`] port. The store only
//! ever sees the SHA-256 of the cookie value, so a copy of the database opens no session.
//!
//! A signed-in session carries its owner, a public name, its start and its last request
//! (see [`crate::extract::start_session`]); the store keeps them in their own columns so that a
//! person can list their sessions and end them. The lifetimes are checked by the extractors
//! ([`crate::extract`]), which say why a session ended; the row itself expires an hour after
//! the session's absolute end, so nothing outlives it for long even unread.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use poem::Result;
use poem::error::InternalServerError;
use poem::session::SessionStorage;
use postern_domain::ids::UserId;
use postern_domain::ports::{Clock, SessionOwner, SessionStore};
use serde_json::Value;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// Session keys: the portal user, the console administrator, and the facts of the session.
pub(crate) mod keys {
    /// The signed-in portal user's id.
    pub(crate) const USER: &str = "uid";
    /// The signed-in administrator's id (a console session).
    pub(crate) const ADMIN: &str = "admin_uid";
    /// The session's public name.
    pub(crate) const PUBLIC_ID: &str = "sid";
    /// Sign-in time (Unix seconds).
    pub(crate) const STARTED: &str = "started";
    /// Last request (Unix seconds).
    pub(crate) const SEEN: &str = "seen";
    /// Client address at sign-in.
    pub(crate) const CLIENT: &str = "client";
    /// User agent at sign-in.
    pub(crate) const AGENT: &str = "agent";
}

/// How long sessions live: without a request (idle) and at most (absolute), portal and
/// console apart.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lifetimes {
    pub(crate) portal_idle: StdDuration,
    pub(crate) portal_max: StdDuration,
    pub(crate) console_idle: StdDuration,
    pub(crate) console_max: StdDuration,
}

impl Lifetimes {
    /// (idle, absolute) for a console or a portal session, in seconds.
    pub(crate) fn of(&self, console: bool) -> (i64, i64) {
        let secs = |d: StdDuration| i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
        if console {
            (secs(self.console_idle), secs(self.console_max))
        } else {
            (secs(self.portal_idle), secs(self.portal_max))
        }
    }
}

pub(crate) struct DbSessions {
    store: Arc<dyn SessionStore>,
    clock: Arc<dyn Clock>,
    lifetimes: Lifetimes,
}

impl DbSessions {
    pub(crate) fn new(store: Arc<dyn SessionStore>, clock: Arc<dyn Clock>, lifetimes: Lifetimes) -> Self {
        Self {
            store,
            clock,
            lifetimes,
        }
    }
}

fn key(session_id: &str) -> String {
    hex::encode(Sha256::digest(session_id.as_bytes()))
}

fn at(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The owner of a signed-in session, read from its entries.
fn owner(entries: &BTreeMap<String, Value>) -> Option<SessionOwner> {
    let text = |k: &str| entries.get(k).and_then(Value::as_str);
    let number = |k: &str| entries.get(k).and_then(Value::as_i64);
    let (id, console) = match (text(keys::ADMIN), text(keys::USER)) {
        (Some(admin), _) => (admin, true),
        (None, Some(user)) => (user, false),
        (None, None) => return None,
    };
    let started = number(keys::STARTED)?;
    Some(SessionOwner {
        user_id: UserId::parse(id)?,
        public_id: text(keys::PUBLIC_ID)?.to_owned(),
        created_at: at(started),
        last_seen_at: at(number(keys::SEEN).unwrap_or(started)),
        client: text(keys::CLIENT).unwrap_or_default().to_owned(),
        agent: text(keys::AGENT).unwrap_or_default().to_owned(),
        console,
    })
}

impl SessionStorage for DbSessions {
    async fn load_session(&self, session_id: &str) -> Result<Option<BTreeMap<String, Value>>> {
        let data = self
            .store
            .load_session(&key(session_id), self.clock.now())
            .await
            .map_err(InternalServerError)?;
        Ok(data.and_then(|d| serde_json::from_str(&d).ok()))
    }

    async fn update_session(
        &self,
        session_id: &str,
        entries: &BTreeMap<String, Value>,
        expires: Option<StdDuration>,
    ) -> Result<()> {
        let owner = owner(entries);
        let now = self.clock.now();
        let expires_at = match &owner {
            // A signed-in session's row lasts an hour past its absolute end, so that a request
            // in that hour is told why it ended (the extractors refuse it from the end on).
            Some(o) => o.created_at + time::Duration::seconds(self.lifetimes.of(o.console).1) + time::Duration::HOUR,
            None => {
                let ttl = expires.unwrap_or(self.lifetimes.portal_max);
                now + time::Duration::try_from(ttl).unwrap_or(time::Duration::hours(12))
            }
        };
        let data = serde_json::to_string(entries).map_err(InternalServerError)?;
        self.store
            .save_session(&key(session_id), &data, expires_at, owner)
            .await
            .map_err(InternalServerError)
    }

    async fn remove_session(&self, session_id: &str) -> Result<()> {
        self.store
            .remove_session(&key(session_id))
            .await
            .map_err(InternalServerError)
    }
}
