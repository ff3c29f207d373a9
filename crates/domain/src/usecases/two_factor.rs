//! Two-factor sign-in: enrolment (a secret shown as a QR code, confirmed by a first code, then
//! recovery codes shown once), the code asked after the password, turning it off, new recovery
//! codes, and an administrator's reset for someone who lost their phone. Everything audited;
//! no secret, code or recovery code in the audit log.

use std::sync::Arc;

use thiserror::Error;

use super::Ports;
use crate::policy::TwoFactorRule;
use crate::ports::{
    Clock, SecretSealer, SettingsRepository, StoreError, TokenSource, TwoFactorRecord, TwoFactorRepository,
};
use crate::two_factor::{CodeInput, RECOVERY_CODES, TotpSecret, new_recovery_code, recovery_digest};
use crate::user::{User, UserKind};

/// Why a two-factor step was refused.
#[derive(Debug, Error)]
pub enum TwoFactorError {
    /// Not a code of the authenticator app nor an unused recovery code.
    #[error(
        "that code is not right; enter the six digits your authenticator app shows now, or one of your recovery codes"
    )]
    WrongCode,
    /// The code's moment was used already (a code is accepted once).
    #[error("that code was used already; wait for the next one (a new code appears every 30 seconds)")]
    Reused,
    /// Two-factor sign-in is not set up for the account.
    #[error("two-factor sign-in is not set up for this account")]
    NotEnrolled,
    /// It is set up already.
    #[error("two-factor sign-in is already on; turn it off first to set up another device")]
    AlreadyEnrolled,
    /// The administrator requires it for this kind of account.
    #[error("the administrator requires two-factor sign-in for your account, so it cannot be turned off")]
    Required,
    /// The administrator does not offer it for this kind of account.
    #[error("two-factor sign-in is not offered for your kind of account")]
    NotOffered,
    /// The stored secret cannot be read with this server's key.
    #[error(
        "the two-factor secret cannot be read with this server's key (server.secret_key); an administrator can reset two-factor sign-in for the account"
    )]
    Unreadable,
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// An enrolment in progress: what the person's app needs.
#[derive(Debug)]
pub struct Enrolment {
    /// The secret, to type into the app.
    pub secret: TotpSecret,
    /// The `otpauth://` address, for the QR code.
    pub uri: String,
}

/// What was accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepted {
    /// A code of the authenticator app.
    Code,
    /// A recovery code; this many are left.
    RecoveryCode {
        /// Unused recovery codes left.
        left: u32,
    },
}

/// Where a person stands with two-factor sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwoFactorStatus {
    /// The administrator's rule for their kind of account.
    pub rule: TwoFactorRule,
    /// Set up and confirmed.
    pub enrolled: bool,
    /// Unused recovery codes.
    pub recovery_left: u32,
}

/// Two-factor sign-in.
pub struct TwoFactor {
    clock: Arc<dyn Clock>,
    random: Arc<dyn TokenSource>,
    settings: Arc<dyn SettingsRepository>,
    store: Arc<dyn TwoFactorRepository>,
    sealer: Arc<dyn SecretSealer>,
    audit: super::Audit,
}

impl TwoFactor {
    /// The use case over the ports it needs, taken from the portal's.
    pub fn new(p: &Ports) -> Self {
        Self {
            clock: p.clock.clone(),
            random: p.random.clone(),
            settings: p.settings.clone(),
            store: p.two_factor.clone(),
            sealer: p.sealer.clone(),
            audit: super::Audit::of(p),
        }
    }

    async fn rule(&self, kind: UserKind) -> Result<TwoFactorRule, StoreError> {
        Ok(self.settings.load_settings().await?.security.two_factor(kind))
    }

    /// The person's standing.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn status(&self, user: &User) -> Result<TwoFactorStatus, StoreError> {
        let record = self.store.find_two_factor(user.id).await?;
        let enrolled = record.as_ref().is_some_and(|r| r.confirmed);
        Ok(TwoFactorStatus {
            rule: self.rule(user.kind).await?,
            enrolled,
            recovery_left: if enrolled {
                self.store.unused_recovery_codes(user.id).await?
            } else {
                0
            },
        })
    }

    /// Whether a code must be asked after the password (the person enrolled).
    ///
    /// # Errors
    /// Storage failures.
    pub async fn is_on(&self, user: &User) -> Result<bool, StoreError> {
        Ok(self.store.find_two_factor(user.id).await?.is_some_and(|r| r.confirmed))
    }

    /// Whether the person must enrol before using the portal (required, not enrolled).
    ///
    /// # Errors
    /// Storage failures.
    pub async fn must_enrol(&self, user: &User) -> Result<bool, StoreError> {
        Ok(self.rule(user.kind).await? == TwoFactorRule::Required && !self.is_on(user).await?)
    }

    /// Starts an enrolment (or shows the one in progress again), labelled with the portal's
    /// name and the person's address.
    ///
    /// # Errors
    /// [`TwoFactorError::AlreadyEnrolled`], [`TwoFactorError::NotOffered`].
    pub async fn enrolment(&self, user: &User) -> Result<Enrolment, TwoFactorError> {
        let settings = self.settings.load_settings().await?;
        if settings.security.two_factor(user.kind) == TwoFactorRule::Off {
            return Err(TwoFactorError::NotOffered);
        }
        let secret = match self.store.find_two_factor(user.id).await? {
            Some(r) if r.confirmed => return Err(TwoFactorError::AlreadyEnrolled),
            Some(r) => match self.sealer.open(&r.sealed_secret).and_then(TotpSecret::from_bytes) {
                Some(secret) => secret,
                None => self.start(user).await?,
            },
            None => self.start(user).await?,
        };
        let uri = secret.otpauth_uri(&settings.portal_name, user.email.as_str());
        Ok(Enrolment { secret, uri })
    }

    async fn start(&self, user: &User) -> Result<TotpSecret, TwoFactorError> {
        let secret = TotpSecret::generate(self.random.as_ref());
        let record = TwoFactorRecord {
            user_id: user.id,
            sealed_secret: self.sealer.seal(secret.expose()),
            confirmed: false,
            created_at: self.clock.now(),
            confirmed_at: None,
            last_step: 0,
        };
        match self.store.start_two_factor(&record).await {
            Ok(()) => Ok(secret),
            Err(StoreError::Conflict(_)) => Err(TwoFactorError::AlreadyEnrolled),
            Err(e) => Err(e.into()),
        }
    }

    /// Confirms the enrolment in progress with a first code; returns the recovery codes, shown
    /// this once.
    ///
    /// # Errors
    /// [`TwoFactorError::WrongCode`] (nothing changes), [`TwoFactorError::NotEnrolled`] when
    /// no enrolment is in progress.
    pub async fn confirm(&self, user: &User, code: &str) -> Result<Vec<String>, TwoFactorError> {
        let record = match self.store.find_two_factor(user.id).await? {
            Some(r) if r.confirmed => return Err(TwoFactorError::AlreadyEnrolled),
            Some(r) => r,
            None => return Err(TwoFactorError::NotEnrolled),
        };
        let secret = self
            .sealer
            .open(&record.sealed_secret)
            .and_then(TotpSecret::from_bytes)
            .ok_or(TwoFactorError::Unreadable)?;
        let now = self.clock.now();
        let step = match CodeInput::parse(code) {
            Some(CodeInput::Totp(code)) => secret.matching_step(&code, now),
            _ => None,
        }
        .ok_or(TwoFactorError::WrongCode)?;
        let (codes, digests) = self.recovery_codes(user);
        match self.store.confirm_two_factor(user.id, step, now, digests).await {
            Ok(()) => {}
            Err(StoreError::NotFound) => return Err(TwoFactorError::NotEnrolled),
            Err(e) => return Err(e.into()),
        }
        self.audit
            .record(
                Some(user.email.as_str()),
                "two_factor.enrolled",
                user.email.as_str(),
                "",
            )
            .await;
        Ok(codes)
    }

    fn recovery_codes(&self, user: &User) -> (Vec<String>, Vec<String>) {
        let codes: Vec<String> = (0..RECOVERY_CODES)
            .map(|_| new_recovery_code(self.random.as_ref()))
            .collect();
        let digests = codes.iter().map(|c| recovery_digest(user.id, c)).collect();
        (codes, digests)
    }

    /// Checks the code asked after the password: a code of the app, accepted once, or an
    /// unused recovery code (used up by this). Failures are audited.
    ///
    /// # Errors
    /// [`TwoFactorError::WrongCode`], [`TwoFactorError::Reused`],
    /// [`TwoFactorError::NotEnrolled`].
    pub async fn verify(&self, user: &User, code: &str) -> Result<Accepted, TwoFactorError> {
        let result = self.check(user, code).await;
        match &result {
            Ok(Accepted::RecoveryCode { left }) => {
                self.audit
                    .record(
                        Some(user.email.as_str()),
                        "two_factor.recovery_code_used",
                        user.email.as_str(),
                        format!("{left} left"),
                    )
                    .await;
            }
            Err(e @ (TwoFactorError::WrongCode | TwoFactorError::Reused)) => {
                let why = if matches!(e, TwoFactorError::Reused) {
                    "code used already"
                } else {
                    "wrong code"
                };
                self.audit
                    .record(
                        None,
                        "signin.failed",
                        user.email.as_str(),
                        format!("second factor: {why}"),
                    )
                    .await;
            }
            _ => {}
        }
        result
    }

    async fn check(&self, user: &User, code: &str) -> Result<Accepted, TwoFactorError> {
        let record = match self.store.find_two_factor(user.id).await? {
            Some(r) if r.confirmed => r,
            _ => return Err(TwoFactorError::NotEnrolled),
        };
        let now = self.clock.now();
        match CodeInput::parse(code) {
            Some(CodeInput::Totp(code)) => {
                let secret = self
                    .sealer
                    .open(&record.sealed_secret)
                    .and_then(TotpSecret::from_bytes)
                    .ok_or(TwoFactorError::Unreadable)?;
                let step = secret.matching_step(&code, now).ok_or(TwoFactorError::WrongCode)?;
                if self.store.use_step(user.id, step).await? {
                    Ok(Accepted::Code)
                } else {
                    Err(TwoFactorError::Reused)
                }
            }
            Some(CodeInput::Recovery(code)) => {
                if self
                    .store
                    .use_recovery_code(user.id, recovery_digest(user.id, &code), now)
                    .await?
                {
                    Ok(Accepted::RecoveryCode {
                        left: self.store.unused_recovery_codes(user.id).await?,
                    })
                } else {
                    Err(TwoFactorError::WrongCode)
                }
            }
            None => Err(TwoFactorError::WrongCode),
        }
    }

    /// New recovery codes (the old ones stop working), after a code of the app or a recovery
    /// code.
    ///
    /// # Errors
    /// As [`TwoFactor::verify`].
    pub async fn new_recovery_codes(&self, user: &User, code: &str) -> Result<Vec<String>, TwoFactorError> {
        self.verify(user, code).await?;
        let (codes, digests) = self.recovery_codes(user);
        self.store.replace_recovery_codes(user.id, digests).await?;
        self.audit
            .record(
                Some(user.email.as_str()),
                "two_factor.recovery_codes_renewed",
                user.email.as_str(),
                "",
            )
            .await;
        Ok(codes)
    }

    /// Turns two-factor sign-in off, after a code; not when the administrator requires it.
    ///
    /// # Errors
    /// [`TwoFactorError::Required`], and as [`TwoFactor::verify`].
    pub async fn turn_off(&self, user: &User, code: &str) -> Result<(), TwoFactorError> {
        if self.rule(user.kind).await? == TwoFactorRule::Required {
            return Err(TwoFactorError::Required);
        }
        self.verify(user, code).await?;
        self.store.remove_two_factor(user.id).await?;
        self.audit
            .record(
                Some(user.email.as_str()),
                "two_factor.turned_off",
                user.email.as_str(),
                "",
            )
            .await;
        Ok(())
    }

    /// An administrator's reset for someone who lost their device: the enrolment and recovery
    /// codes go; when two factors are required, the person enrols again at their next sign-in.
    ///
    /// # Errors
    /// [`TwoFactorError::NotEnrolled`] when there was nothing to reset.
    pub async fn reset(&self, admin: &User, user: &User) -> Result<(), TwoFactorError> {
        if !self.store.remove_two_factor(user.id).await? {
            return Err(TwoFactorError::NotEnrolled);
        }
        self.audit
            .record(
                Some(admin.email.as_str()),
                "two_factor.reset",
                user.email.as_str(),
                "by an administrator",
            )
            .await;
        Ok(())
    }
}
