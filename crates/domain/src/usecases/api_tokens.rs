//! Personal API tokens: created by their owner, shown once, stored as a digest.

use thiserror::Error;

use super::Ports;
use crate::ids::ApiTokenId;
use crate::ports::{ApiTokenRecord, StoreError};
use crate::token::{ApiToken, TokenScope};
use crate::user::{User, UserStatus};

/// How fresh a token's "last used" is kept (it is written at most this often).
pub const LAST_USED_PRECISION: time::Duration = time::Duration::minutes(1);

/// Longest token label.
pub const MAX_TOKEN_NAME: usize = 100;

/// Why a bearer token was refused. Every variant is "401 unauthorized" to the caller.
#[derive(Debug, Error)]
pub enum ApiAuthError {
    /// Not a token at all, or not one we issued.
    #[error("the API token is not valid")]
    Invalid,
    /// Revoked by its owner.
    #[error("the API token was revoked")]
    Revoked,
    /// Past its expiry.
    #[error("the API token expired")]
    Expired,
    /// The owner must set up two-factor sign-in first (the administrator requires it).
    #[error("the API token's owner must set up two-factor sign-in first")]
    TwoFactorRequired,
    /// The owner may not sign in any more.
    #[error("the API token's account is not active")]
    Inactive,
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a token was not created.
#[derive(Debug, Error)]
pub enum CreateTokenError {
    /// The label is empty, too long or has control characters.
    #[error("name: 1 to 100 characters, no control or invisible characters")]
    InvalidName,
    /// Administrators use the console, not the API.
    #[error("administrators have no API tokens: the API is for staff and Drop-Off accounts")]
    Administrator,
    /// The lifetime is 0 or beyond the administrator's maximum.
    #[error("days: between 1 and {0}")]
    InvalidLifetime(u32),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Checks a token's label: 1 to [`MAX_TOKEN_NAME`] characters, no control characters.
///
/// # Errors
/// [`CreateTokenError::InvalidName`].
fn check_token_name(name: &str) -> Result<(), CreateTokenError> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > MAX_TOKEN_NAME
        || name.chars().any(|c| c.is_control() || crate::text::invisible(c))
    {
        return Err(CreateTokenError::InvalidName);
    }
    Ok(())
}

/// Creates, lists, revokes and checks personal API tokens.
pub struct ApiTokens {
    clock: std::sync::Arc<dyn crate::ports::Clock>,
    random: std::sync::Arc<dyn crate::ports::TokenSource>,
    users: std::sync::Arc<dyn crate::ports::UserRepository>,
    settings: std::sync::Arc<dyn crate::ports::SettingsRepository>,
    two_factor: std::sync::Arc<dyn crate::ports::TwoFactorRepository>,
    api_tokens: std::sync::Arc<dyn crate::ports::ApiTokenRepository>,
    audit: super::Audit,
    standing: std::sync::Arc<super::standing::DirectoryStanding>,
}

impl ApiTokens {
    /// The use case over the ports it needs, taken from the portal's.
    pub fn new(p: &Ports) -> Self {
        Self::sharing(p, std::sync::Arc::new(super::standing::DirectoryStanding::of(p)))
    }

    /// The same, sharing the directory's answers with the other use cases.
    pub(crate) fn sharing(p: &Ports, standing: std::sync::Arc<super::standing::DirectoryStanding>) -> Self {
        Self {
            clock: p.clock.clone(),
            random: p.random.clone(),
            users: p.users.clone(),
            settings: p.settings.clone(),
            two_factor: p.two_factor.clone(),
            api_tokens: p.api_tokens.clone(),
            audit: super::Audit::of(p),
            standing,
        }
    }

    /// Creates a token for `user` that may do `scope` for `days` (the administrator's default
    /// when `None`); the plaintext is returned once and never stored.
    ///
    /// # Errors
    /// [`CreateTokenError`].
    pub async fn create(
        &self,
        user: &User,
        name: &str,
        days: Option<u32>,
        scope: TokenScope,
    ) -> Result<(ApiTokenRecord, String), CreateTokenError> {
        if user.kind == crate::user::UserKind::Admin {
            return Err(CreateTokenError::Administrator);
        }
        let (days, mut problems) = self.check(name, days).await?;
        if !problems.is_empty() {
            return Err(problems.remove(0));
        }
        let name = name.trim();
        let p = self;
        let now = p.clock.now();
        let token = ApiToken::generate(p.random.as_ref());
        let record = ApiTokenRecord {
            id: ApiTokenId::generate(p.random.as_ref()),
            user_id: user.id,
            name: name.to_owned(),
            digest: token.digest(),
            created_at: now,
            last_used_at: None,
            revoked_at: None,
            expires_at: now + time::Duration::days(i64::from(days)),
            scope,
        };
        p.api_tokens.create_api_token(&record).await?;
        p.audit
            .record(
                Some(user.email.as_str()),
                "api_token.created",
                record.id.to_string(),
                format!("{name} ({}, {days} days)", scope.as_str()),
            )
            .await;
        Ok((record, token.expose()))
    }

    /// The lifetime a new token would get, and every problem with its name and lifetime.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn check(&self, name: &str, days: Option<u32>) -> Result<(u32, Vec<CreateTokenError>), StoreError> {
        let settings = self.settings.load_settings().await?;
        let policy = &settings.security;
        let days = days.unwrap_or(policy.token_default_days.min(policy.token_max_days));
        let mut problems: Vec<CreateTokenError> = check_token_name(name).err().into_iter().collect();
        if days == 0 || days > policy.token_max_days {
            problems.push(CreateTokenError::InvalidLifetime(policy.token_max_days));
        }
        Ok((days, problems))
    }

    /// The user behind a bearer token, and what the token may do.
    ///
    /// # Errors
    /// [`ApiAuthError`].
    pub async fn authenticate(&self, bearer: &str) -> Result<(User, TokenScope), ApiAuthError> {
        let p = self;
        let token = ApiToken::parse(bearer.trim()).map_err(|_| ApiAuthError::Invalid)?;
        let digest = token.digest();
        let record = p
            .api_tokens
            .find_api_token(&digest)
            .await?
            .ok_or(ApiAuthError::Invalid)?;
        if record.digest != digest {
            return Err(ApiAuthError::Invalid);
        }
        if record.revoked_at.is_some() {
            return Err(ApiAuthError::Revoked);
        }
        if p.clock.now() >= record.expires_at {
            return Err(ApiAuthError::Expired);
        }
        let mut user = p.users.find_user(record.user_id).await?.ok_or(ApiAuthError::Invalid)?;
        if user.status != UserStatus::Active
            || user.kind == crate::user::UserKind::Admin
            || !self.standing.admits(&mut user).await?
        {
            return Err(ApiAuthError::Inactive);
        }
        // Whoever must use two factors reaches nothing, the API included, until enrolled.
        let rule = p.settings.load_settings().await?.security.two_factor(user.kind);
        if rule == crate::policy::TwoFactorRule::Required
            && !p
                .two_factor
                .find_two_factor(user.id)
                .await?
                .is_some_and(|r| r.confirmed)
        {
            return Err(ApiAuthError::TwoFactorRequired);
        }
        // "Last used" is kept to the minute: a client calling many times a second writes it
        // once a minute, not on every call (each write would queue on the database's lock).
        let now = p.clock.now();
        if record
            .last_used_at
            .is_none_or(|at| now - at >= LAST_USED_PRECISION || at > now)
        {
            p.api_tokens.touch_api_token(record.id, now).await?;
        }
        Ok((user, record.scope))
    }

    /// The user's tokens.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn list(&self, user: &User) -> Result<Vec<ApiTokenRecord>, StoreError> {
        self.api_tokens.list_api_tokens(user.id).await
    }

    /// Revokes one of the user's tokens.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for a token that is not the user's or already revoked.
    pub async fn revoke(&self, user: &User, id: ApiTokenId) -> Result<(), StoreError> {
        self.api_tokens.revoke_api_token(user.id, id, self.clock.now()).await?;
        self.audit
            .record(Some(user.email.as_str()), "api_token.revoked", id.to_string(), "")
            .await;
        Ok(())
    }
}
