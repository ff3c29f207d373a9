//! Server-side sessions in the database, through the [`SessionStore`] port. The store only
//! ever sees the SHA-256 of the cookie value, so a copy of the database opens no session.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use poem::Result;
use poem::error::InternalServerError;
use poem::session::SessionStorage;
use postern_domain::ports::{Clock, SessionStore};
use serde_json::Value;
use sha2::{Digest, Sha256};

pub(crate) struct DbSessions {
    store: Arc<dyn SessionStore>,
    clock: Arc<dyn Clock>,
    ttl: StdDuration,
}

impl DbSessions {
    pub(crate) fn new(store: Arc<dyn SessionStore>, clock: Arc<dyn Clock>, ttl: StdDuration) -> Self {
        Self { store, clock, ttl }
    }
}

fn key(session_id: &str) -> String {
    Sha256::digest(session_id.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
        let ttl = expires.unwrap_or(self.ttl);
        let expires_at = self.clock.now() + time::Duration::try_from(ttl).unwrap_or(time::Duration::hours(12));
        let data = serde_json::to_string(entries).map_err(InternalServerError)?;
        self.store
            .save_session(&key(session_id), &data, expires_at)
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
