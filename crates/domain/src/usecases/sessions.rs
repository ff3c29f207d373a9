//! One's own sessions: listed on the *Security* page, ended one at a time or everywhere at
//! once (with, on request, every API token), each ending audited.

use std::sync::Arc;

use super::Ports;
use crate::ports::{ApiTokenRepository, Clock, SessionStore, SessionSummary, StoreError};
use crate::user::User;

/// Lists and ends a user's sessions.
pub struct Sessions {
    clock: Arc<dyn Clock>,
    sessions: Arc<dyn SessionStore>,
    api_tokens: Arc<dyn ApiTokenRepository>,
    audit: super::Audit,
}

/// What "sign out everywhere" ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ended {
    /// Sessions ended.
    pub sessions: u64,
    /// API tokens revoked.
    pub tokens: u64,
}

impl Sessions {
    /// The use case over the ports it needs, taken from the portal's.
    pub fn new(p: &Ports) -> Self {
        Self {
            clock: p.clock.clone(),
            sessions: p.sessions.clone(),
            api_tokens: p.api_tokens.clone(),
            audit: super::Audit::of(p),
        }
    }

    /// The user's live sessions, most recently used first.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn list(&self, user: &User) -> Result<Vec<SessionSummary>, StoreError> {
        self.sessions.list_sessions(user.id, self.clock.now()).await
    }

    /// Ends one of the user's sessions (by its public name); false when there is no such
    /// session of theirs.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn end(&self, user: &User, public_id: &str) -> Result<bool, StoreError> {
        let ended = self
            .sessions
            .end_sessions(user.id, Some(public_id.to_owned()), None)
            .await?;
        if ended > 0 {
            self.audit
                .record(
                    Some(user.email.as_str()),
                    "session.ended",
                    user.email.as_str(),
                    "one session",
                )
                .await;
        }
        Ok(ended > 0)
    }

    /// Ends every session of the user but `keep` (the one asking), and with `revoke_tokens`
    /// every live API token too.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn end_everywhere(
        &self,
        user: &User,
        keep: Option<&str>,
        revoke_tokens: bool,
    ) -> Result<Ended, StoreError> {
        let sessions = self
            .sessions
            .end_sessions(user.id, None, keep.map(str::to_owned))
            .await?;
        let mut tokens = 0;
        if revoke_tokens {
            let now = self.clock.now();
            for t in self.api_tokens.list_api_tokens(user.id).await? {
                if t.revoked_at.is_none() && now < t.expires_at {
                    match self.api_tokens.revoke_api_token(user.id, t.id, now).await {
                        Ok(()) => tokens += 1,
                        // Revoked meanwhile by another request: nothing left to do.
                        Err(StoreError::NotFound) => {}
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        self.audit
            .record(
                Some(user.email.as_str()),
                "session.signed_out_everywhere",
                user.email.as_str(),
                format!("{sessions} sessions ended, {tokens} API tokens revoked"),
            )
            .await;
        Ok(Ended { sessions, tokens })
    }
}
