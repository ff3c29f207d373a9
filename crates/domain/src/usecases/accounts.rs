//! Local accounts: creation by an administrator (CLI for now) and sign-in.

use thiserror::Error;

use super::Ports;
use crate::address::EmailAddress;
use crate::ids::UserId;
use crate::password::{Password, PasswordRule};
use crate::policy::InvitationSetting;
use crate::ports::StoreError;
use crate::text::DisplayName;
use crate::user::{User, UserKind, UserStatus};

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Address (username).
    pub email: EmailAddress,
    /// Display name.
    pub display_name: DisplayName,
    /// Kind.
    pub kind: UserKind,
    /// Local password.
    pub password: Password,
}

/// Why a user was not created.
#[derive(Debug, Error)]
pub enum CreateUserError {
    /// A user with this address exists.
    #[error("a user with this address already exists")]
    Exists,
    /// The password does not meet the policy.
    #[error("the password does not meet the policy: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Password(Vec<PasswordRule>),
    /// Storage or hashing failed.
    #[error("{0}")]
    Internal(String),
}

/// Why a sign-in failed. The page shows only "invalid credentials" for the first three.
#[derive(Debug, Error)]
pub enum SignInError {
    /// Unknown user or wrong password (indistinguishable on purpose).
    #[error("invalid email address or password")]
    InvalidCredentials,
    /// The account waits for approval.
    #[error("your account is waiting for approval by an administrator")]
    PendingApproval,
    /// The account is disabled.
    #[error("this account is disabled")]
    Disabled,
    /// Storage or hashing failed.
    #[error("{0}")]
    Internal(String),
}

/// Account management and sign-in.
pub struct Accounts {
    ports: Ports,
}

impl Accounts {
    /// The use case over these ports.
    pub fn new(ports: Ports) -> Self {
        Self { ports }
    }

    /// Creates a local user; internal users start with the administrator's default invitation
    /// setting.
    ///
    /// # Errors
    /// [`CreateUserError`].
    pub async fn create_user(&self, actor: Option<&str>, new: NewUser) -> Result<User, CreateUserError> {
        let p = &self.ports;
        let internal = |e: StoreError| CreateUserError::Internal(e.to_string());
        let settings = p.settings.load_settings().await.map_err(internal)?;
        settings
            .password
            .check(&new.password, new.email.as_str())
            .map_err(CreateUserError::Password)?;
        let hash = p
            .hasher
            .hash(&new.password)
            .await
            .map_err(|e| CreateUserError::Internal(e.to_string()))?;
        let user = User {
            id: UserId::generate(p.random.as_ref()),
            email: new.email,
            display_name: new.display_name,
            kind: new.kind,
            status: UserStatus::Active,
            invitation_setting: match new.kind {
                UserKind::Internal => settings.invitations.new_user_setting,
                _ => InvitationSetting::Inherit,
            },
            password_hash: Some(hash),
            created_at: p.clock.now(),
        };
        match p.users.create_user(&user).await {
            Ok(()) => {}
            Err(StoreError::Conflict(_)) => return Err(CreateUserError::Exists),
            Err(e) => return Err(internal(e)),
        }
        p.audit(
            actor,
            "user.created",
            user.email.as_str(),
            format!("kind {}", user.kind.as_str()),
        )
        .await;
        Ok(user)
    }

    /// Disables Drop-Off accounts unused for longer than the administrator allows; returns how
    /// many. Each is in the audit log.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn expire_inactive(&self) -> Result<usize, StoreError> {
        let p = &self.ports;
        let days = p.settings.load_settings().await?.expire_inactive_after_days;
        if days == 0 {
            return Ok(0);
        }
        let before = p.clock.now() - time::Duration::days(i64::from(days));
        let stale = p.users.inactive_users(UserKind::External, before).await?;
        for user in &stale {
            p.users.set_user_status(user.id, UserStatus::Disabled).await?;
            p.audit(
                None,
                "user.expired",
                user.email.as_str(),
                format!("not used for {days} days"),
            )
            .await;
        }
        Ok(stale.len())
    }

    /// Checks a local user's credentials.
    ///
    /// # Errors
    /// [`SignInError`]; the reason is written to the audit log.
    pub async fn sign_in(&self, email: &str, password: &Password) -> Result<User, SignInError> {
        let p = &self.ports;
        let internal = |e: String| SignInError::Internal(e);
        let user = match EmailAddress::parse(email.trim()) {
            Ok(address) => p
                .users
                .find_user_by_email(&address)
                .await
                .map_err(|e| internal(e.to_string()))?,
            Err(_) => None,
        };
        let Some(user) = user.filter(|u| u.password_hash.is_some()) else {
            // Spend the same effort as a real check so that timing does not reveal accounts.
            let _ = p.hasher.hash(password).await;
            p.audit(None, "signin.failed", email.trim(), "unknown user").await;
            return Err(SignInError::InvalidCredentials);
        };
        let hash = user.password_hash.as_ref().ok_or(SignInError::InvalidCredentials)?;
        if !p
            .hasher
            .verify(password, hash)
            .await
            .map_err(|e| internal(e.to_string()))?
        {
            p.audit(None, "signin.failed", user.email.as_str(), "wrong password")
                .await;
            return Err(SignInError::InvalidCredentials);
        }
        match user.status {
            UserStatus::Active => {
                p.audit(Some(user.email.as_str()), "signin.succeeded", user.email.as_str(), "")
                    .await;
                Ok(user)
            }
            UserStatus::PendingApproval => {
                p.audit(None, "signin.failed", user.email.as_str(), "pending approval")
                    .await;
                Err(SignInError::PendingApproval)
            }
            UserStatus::Disabled => {
                p.audit(None, "signin.failed", user.email.as_str(), "disabled").await;
                Err(SignInError::Disabled)
            }
        }
    }
}
