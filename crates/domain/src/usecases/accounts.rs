//! Accounts: creation by an administrator, and sign-in with a local password or with
//! directory credentials.

use thiserror::Error;

use super::Ports;
use crate::address::EmailAddress;
use crate::ids::UserId;
use crate::password::{Password, PasswordRule};
use crate::policy::InvitationSetting;
use crate::ports::{DirectoryError, DirectoryPerson, StoreError};
use crate::text::DisplayName;
use crate::user::{User, UserKind, UserStatus};

/// The longest sign-in text looked at (an address has at most 254 characters).
pub const MAX_LOGIN: usize = 320;

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
    /// The directory could not be asked; local accounts still work.
    #[error("the organisation's directory is not reachable right now; try again in a few minutes")]
    DirectoryUnavailable,
    /// The directory accepted the credentials, but the account has no email address (`mail`).
    #[error("your directory account has no email address, so it cannot use this portal; ask your IT department")]
    NoEmailInDirectory,
    /// Storage or hashing failed.
    #[error("{0}")]
    Internal(String),
}

/// Account management and sign-in.
pub struct Accounts {
    clock: std::sync::Arc<dyn crate::ports::Clock>,
    random: std::sync::Arc<dyn crate::ports::TokenSource>,
    hasher: std::sync::Arc<dyn crate::ports::PasswordHasher>,
    directory: std::sync::Arc<dyn crate::ports::Directory>,
    users: std::sync::Arc<dyn crate::ports::UserRepository>,
    settings: std::sync::Arc<dyn crate::ports::SettingsRepository>,
    outbox: std::sync::Arc<dyn crate::ports::OutboxRepository>,
    audit: super::Audit,
    standing: std::sync::Arc<super::standing::DirectoryStanding>,
}

/// What the daily review of guest accounts did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GuestReview {
    /// Guests warned that inactivity will end their account.
    pub warned: usize,
    /// Guests disabled for inactivity.
    pub expired: usize,
    /// Guests whose sponsor left, now without one (for an administrator to hand over).
    pub unsponsored: usize,
    /// Guests disabled because their sponsor left.
    pub disabled_with_sponsor: usize,
}

impl Accounts {
    /// The use case over the ports it needs, taken from the portal's.
    pub fn new(p: &Ports) -> Self {
        Self::sharing(p, std::sync::Arc::new(super::standing::DirectoryStanding::of(p)))
    }

    /// The same, sharing the directory's answers with the other use cases.
    pub(crate) fn sharing(p: &Ports, standing: std::sync::Arc<super::standing::DirectoryStanding>) -> Self {
        Self {
            clock: p.clock.clone(),
            random: p.random.clone(),
            hasher: p.hasher.clone(),
            directory: p.directory.clone(),
            users: p.users.clone(),
            settings: p.settings.clone(),
            outbox: p.outbox.clone(),
            audit: super::Audit::of(p),
            standing,
        }
    }

    /// Creates a local user; internal users start with the administrator's default invitation
    /// setting.
    ///
    /// # Errors
    /// [`CreateUserError`].
    pub async fn create_user(&self, actor: Option<&str>, new: NewUser) -> Result<User, CreateUserError> {
        let p = self;
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
            directory_may_invite: false,
            quota: None,
            sponsor_id: None,
            last_seen_at: None,
            created_at: p.clock.now(),
        };
        match p.users.create_user(&user).await {
            Ok(()) => {}
            Err(StoreError::Conflict(_)) => return Err(CreateUserError::Exists),
            Err(e) => return Err(internal(e)),
        }
        p.audit
            .record(
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
        Ok(self.review_guests().await?.expired)
    }

    /// The daily review of guest (Drop-Off) accounts, in this order: guests whose sponsor
    /// left (disabled, deleted, or gone from the directory) lose the sponsor or are disabled,
    /// as the administrator decided; guests unused for `expire_inactive_after_days` minus
    /// `guests.warn_days_before` days are warned by email, once per stretch of disuse; guests
    /// unused for `expire_inactive_after_days` are disabled. Everything is audited.
    ///
    /// # Errors
    /// Storage failures (what was done before one stays done).
    pub async fn review_guests(&self) -> Result<GuestReview, StoreError> {
        let p = self;
        let settings = p.settings.load_settings().await?;
        let mut review = GuestReview::default();
        self.review_sponsors(settings.guests.sponsor_left, &mut review).await?;
        if review.unsponsored + review.disabled_with_sponsor > 0 {
            self.tell_administrators(&review).await?;
        }
        let days = settings.expire_inactive_after_days;
        if days == 0 {
            return Ok(review);
        }
        let now = p.clock.now();
        let warn = settings.guests.warn_days_before;
        if warn > 0 && warn < days {
            let due = now - time::Duration::days(i64::from(days - warn));
            for user in p.users.unwarned_inactive_users(UserKind::External, due).await? {
                let last_use = user.last_seen_at.unwrap_or(user.created_at);
                let disable_on = last_use + time::Duration::days(i64::from(days));
                p.outbox
                    .enqueue(&crate::invitation::OutboxMessage::new(
                        crate::ids::MessageId::generate(p.random.as_ref()),
                        crate::invitation::OutboxKind::InactivityWarning {
                            user_id: user.id,
                            disable_on,
                        },
                        now,
                    ))
                    .await?;
                p.users.mark_inactivity_warned(user.id, now).await?;
                p.audit
                    .record(
                        None,
                        "user.inactivity_warned",
                        user.email.as_str(),
                        format!(
                            "to be disabled on {} unless used",
                            crate::message::format_time(disable_on)
                        ),
                    )
                    .await;
                review.warned += 1;
            }
        }
        let before = now - time::Duration::days(i64::from(days));
        let stale = p.users.inactive_users(UserKind::External, before).await?;
        for user in &stale {
            p.users.set_user_status(user.id, UserStatus::Disabled).await?;
            p.audit
                .record(
                    None,
                    "user.expired",
                    user.email.as_str(),
                    format!("not used for {days} days"),
                )
                .await;
        }
        review.expired = stale.len();
        Ok(review)
    }

    /// Every active administrator is told by email what the sponsor review did.
    async fn tell_administrators(&self, review: &GuestReview) -> Result<(), StoreError> {
        let p = self;
        let admins = crate::query::UserQuery {
            kind: Some(UserKind::Admin),
            status: Some(UserStatus::Active),
            ..Default::default()
        };
        let now = p.clock.now();
        for admin in p.users.search_users(&admins, None, 100).await?.users {
            p.outbox
                .enqueue(&crate::invitation::OutboxMessage::new(
                    crate::ids::MessageId::generate(p.random.as_ref()),
                    crate::invitation::OutboxKind::SponsorLeftNotice {
                        admin_id: admin.id,
                        unsponsored: u32::try_from(review.unsponsored).unwrap_or(u32::MAX),
                        disabled: u32::try_from(review.disabled_with_sponsor).unwrap_or(u32::MAX),
                    },
                    now,
                ))
                .await?;
        }
        Ok(())
    }

    /// Guests whose sponsor left: their sponsor is cleared (the console lists them for an
    /// administrator to hand over) or they are disabled.
    async fn review_sponsors(
        &self,
        rule: crate::policy::SponsorLeft,
        review: &mut GuestReview,
    ) -> Result<(), StoreError> {
        let p = self;
        let mut verdicts: Vec<(UserId, Option<String>)> = Vec::new();
        for guest in p.users.sponsored_users().await? {
            let Some(sponsor_id) = guest.sponsor_id else {
                continue;
            };
            let why = match verdicts.iter().find(|(id, _)| *id == sponsor_id) {
                Some((_, why)) => why.clone(),
                None => {
                    let why = match p.users.find_user(sponsor_id).await? {
                        None => Some("the sponsor's account was deleted".to_owned()),
                        Some(s) if s.status != UserStatus::Active => {
                            Some(format!("the sponsor {} is {}", s.email.as_str(), s.status.as_str()))
                        }
                        Some(mut s) => (!self.standing.admits(&mut s).await?)
                            .then(|| format!("the sponsor {} left the directory", s.email.as_str())),
                    };
                    verdicts.push((sponsor_id, why.clone()));
                    why
                }
            };
            let Some(why) = why else {
                continue;
            };
            match rule {
                crate::policy::SponsorLeft::Review => {
                    p.users.set_sponsor(guest.id, None).await?;
                    p.audit
                        .record(
                            None,
                            "user.sponsor_left",
                            guest.email.as_str(),
                            format!("{why}; an administrator assigns a new sponsor"),
                        )
                        .await;
                    review.unsponsored += 1;
                }
                crate::policy::SponsorLeft::Disable => {
                    p.users.set_user_status(guest.id, UserStatus::Disabled).await?;
                    p.audit
                        .record(
                            None,
                            "user.disabled",
                            guest.email.as_str(),
                            format!("{why}; disabled by the rule for guests whose sponsor left"),
                        )
                        .await;
                    review.disabled_with_sponsor += 1;
                }
            }
        }
        Ok(())
    }

    /// Signs a user in. A local account (one with a Postern password) whose address equals
    /// `login` takes precedence: only its password is checked. Otherwise, when a directory is
    /// configured, the directory checks the credentials (`login` may then also be
    /// `user@domain`, `DOMAIN\\user` or an account name) and the internal user is created on
    /// the first sign-in, or refreshed from the directory on later ones.
    ///
    /// # Errors
    /// [`SignInError`]; the reason is written to the audit log.
    pub async fn sign_in(&self, login: &str, password: &Password) -> Result<User, SignInError> {
        let p = self;
        // No address or account name is longer; a longer text is refused as it is typed, and
        // only a bounded, printable trace of it is kept.
        let cleaned = super::clip(login.trim(), MAX_LOGIN);
        let login = cleaned.as_str();
        let internal = |e: String| SignInError::Internal(e);
        let user = match EmailAddress::parse(login) {
            Ok(address) => p
                .users
                .find_user_by_email(&address)
                .await
                .map_err(|e| internal(e.to_string()))?,
            Err(_) => None,
        };
        let Some(user) = user.filter(|u| u.password_hash.is_some()) else {
            if p.directory.is_configured() {
                // The same hashing effort as a local account, so that timing does not tell
                // which addresses are local.
                let _ = p.hasher.hash(password).await;
                return self.directory_sign_in(login, password).await;
            }
            // Spend the same effort as a real check so that timing does not reveal accounts.
            let _ = p.hasher.hash(password).await;
            p.audit.record(None, "signin.failed", login, "unknown user").await;
            return Err(SignInError::InvalidCredentials);
        };
        let hash = user.password_hash.as_ref().ok_or(SignInError::InvalidCredentials)?;
        if !p
            .hasher
            .verify(password, hash)
            .await
            .map_err(|e| internal(e.to_string()))?
        {
            p.audit
                .record(None, "signin.failed", user.email.as_str(), "wrong password")
                .await;
            return Err(SignInError::InvalidCredentials);
        }
        self.admit(user, "").await
    }

    /// Signs in to the administrators' console. Administrators are local accounts, so the
    /// directory is never asked. Anyone who is not an active administrator (whatever the
    /// password) gets the answer of a wrong password after the same hashing effort; a
    /// correct password of someone else is audited as a refused console sign-in and is not
    /// counted as their sign-in.
    ///
    /// # Errors
    /// [`SignInError`].
    pub async fn console_sign_in(&self, login: &str, password: &Password) -> Result<User, SignInError> {
        let cleaned = super::clip(login.trim(), MAX_LOGIN);
        let login = cleaned.as_str();
        let internal = |e: String| SignInError::Internal(e);
        let user = match EmailAddress::parse(login) {
            Ok(address) => self
                .users
                .find_user_by_email(&address)
                .await
                .map_err(|e| internal(e.to_string()))?,
            Err(_) => None,
        };
        let Some((user, hash)) = user.and_then(|u| u.password_hash.clone().map(|h| (u, h))) else {
            let _ = self.hasher.hash(password).await;
            self.audit
                .record(None, "admin.signin.failed", login, "unknown user")
                .await;
            return Err(SignInError::InvalidCredentials);
        };
        let right = self
            .hasher
            .verify(password, &hash)
            .await
            .map_err(|e| internal(e.to_string()))?;
        if !right {
            self.audit
                .record(None, "admin.signin.failed", user.email.as_str(), "wrong password")
                .await;
            return Err(SignInError::InvalidCredentials);
        }
        if user.kind != UserKind::Admin {
            self.audit
                .record(
                    None,
                    "admin.signin.refused",
                    user.email.as_str(),
                    "not an administrator",
                )
                .await;
            return Err(SignInError::InvalidCredentials);
        }
        self.admit(user, "console").await
    }

    /// The user `id`, if there is one.
    ///
    /// # Errors
    /// Storage.
    pub async fn find_user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        self.users.find_user(id).await
    }

    /// The signed-in user `id` as they stand now: `None` when there is no such user, or when
    /// the directory disabled or removed the directory person (asked again after
    /// [`crate::ports::Directory::recheck_interval`]; a change of the invitation group is taken
    /// over). Status is the caller's to check.
    ///
    /// # Errors
    /// Storage.
    pub async fn current_user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        let Some(mut user) = self.users.find_user(id).await? else {
            return Ok(None);
        };
        Ok(self.standing.admits(&mut user).await?.then_some(user))
    }

    /// The language `user` chose for their pages and the portal's emails to them (`None`: the
    /// administrator's default).
    ///
    /// # Errors
    /// Storage.
    pub async fn language(&self, user: &User) -> Result<Option<crate::language::Language>, StoreError> {
        self.users.language_of(user.id).await
    }

    /// Records `user`'s choice of language (`None`: the administrator's default).
    ///
    /// # Errors
    /// Storage.
    pub async fn set_language(
        &self,
        user: &User,
        language: Option<crate::language::Language>,
    ) -> Result<(), StoreError> {
        self.users.set_language(user.id, language).await
    }

    /// The status check and bookkeeping shared by both kinds of sign-in.
    async fn admit(&self, user: User, how: &str) -> Result<User, SignInError> {
        let p = self;
        match user.status {
            UserStatus::Active => {
                p.users
                    .record_sign_in(user.id, p.clock.now())
                    .await
                    .map_err(|e| SignInError::Internal(e.to_string()))?;
                p.audit
                    .record(Some(user.email.as_str()), "signin.succeeded", user.email.as_str(), how)
                    .await;
                Ok(user)
            }
            UserStatus::PendingApproval => {
                p.audit
                    .record(None, "signin.failed", user.email.as_str(), "pending approval")
                    .await;
                Err(SignInError::PendingApproval)
            }
            UserStatus::Disabled => {
                p.audit
                    .record(None, "signin.failed", user.email.as_str(), "disabled")
                    .await;
                Err(SignInError::Disabled)
            }
        }
    }

    async fn directory_sign_in(&self, login: &str, password: &Password) -> Result<User, SignInError> {
        let p = self;
        if password.expose().is_empty() {
            // An LDAP bind with an empty password is an unauthenticated bind that "succeeds".
            p.audit.record(None, "signin.failed", login, "empty password").await;
            return Err(SignInError::InvalidCredentials);
        }
        let person = match p.directory.authenticate(login, password).await {
            Ok(person) => person,
            Err(DirectoryError::InvalidCredentials { reason }) => {
                p.audit
                    .record(None, "signin.failed", login, format!("directory: {reason}"))
                    .await;
                return Err(SignInError::InvalidCredentials);
            }
            Err(DirectoryError::Unavailable(why)) => {
                p.audit
                    .record(None, "signin.failed", login, format!("directory unavailable: {why}"))
                    .await;
                return Err(SignInError::DirectoryUnavailable);
            }
        };
        if person.disabled {
            p.audit
                .record(None, "signin.failed", login, "directory: account disabled")
                .await;
            return Err(SignInError::InvalidCredentials);
        }
        let user = match self.directory_user(&person).await {
            Ok(user) => user,
            Err(DirectoryUserError::NoEmail) => {
                p.audit
                    .record(
                        None,
                        "signin.failed",
                        login,
                        format!("directory account {} has no mail attribute", person.account),
                    )
                    .await;
                return Err(SignInError::NoEmailInDirectory);
            }
            Err(DirectoryUserError::NotInternal(kind)) => {
                p.audit
                    .record(
                        None,
                        "signin.failed",
                        login,
                        format!("the address belongs to a {} account without a password", kind.as_str()),
                    )
                    .await;
                return Err(SignInError::InvalidCredentials);
            }
            Err(DirectoryUserError::LocalAccount) => {
                p.audit
                    .record(
                        None,
                        "signin.failed",
                        login,
                        format!(
                            "directory account {} has the address of a local account, which it does not take over",
                            person.account
                        ),
                    )
                    .await;
                return Err(SignInError::InvalidCredentials);
            }
            Err(DirectoryUserError::Store(e)) => return Err(SignInError::Internal(e.to_string())),
        };
        let user = self.admit(user, "directory").await?;
        self.standing.admitted(user.id);
        Ok(user)
    }
}

/// Why a directory person could not be given a Postern user.
#[derive(Debug)]
pub(crate) enum DirectoryUserError {
    /// The directory account has no `mail`.
    NoEmail,
    /// The address already belongs to a user of another kind.
    NotInternal(UserKind),
    /// The address belongs to a local account (one with a Postern password): a directory
    /// sign-in never takes it over by matching `mail`.
    LocalAccount,
    /// Storage failed.
    Store(StoreError),
}

impl Accounts {
    /// The internal user of a directory person: refreshed from the directory when it exists,
    /// created (active, with the administrator's default invitation setting) when it does not.
    async fn directory_user(&self, person: &DirectoryPerson) -> Result<User, DirectoryUserError> {
        let p = self;
        let email = person.email.clone().ok_or(DirectoryUserError::NoEmail)?;
        let display_name = directory_display_name(person, &email).ok_or(DirectoryUserError::NoEmail)?;
        if let Some(existing) = p
            .users
            .find_user_by_email(&email)
            .await
            .map_err(DirectoryUserError::Store)?
        {
            if existing.kind != UserKind::Internal {
                return Err(DirectoryUserError::NotInternal(existing.kind));
            }
            if existing.password_hash.is_some() {
                return Err(DirectoryUserError::LocalAccount);
            }
            p.users
                .refresh_directory_user(existing.id, &display_name, person.in_invite_group)
                .await
                .map_err(DirectoryUserError::Store)?;
            return Ok(User {
                display_name,
                directory_may_invite: person.in_invite_group,
                quota: None,
                sponsor_id: None,
                last_seen_at: None,
                ..existing
            });
        }
        let settings = p.settings.load_settings().await.map_err(DirectoryUserError::Store)?;
        let user = new_directory_user(
            p.random.as_ref(),
            p.clock.now(),
            email,
            display_name,
            person.in_invite_group,
            &settings,
        );
        match p.users.create_user(&user).await {
            Ok(()) => {
                p.audit
                    .record(
                        None,
                        "user.created",
                        user.email.as_str(),
                        format!("kind internal, from directory account {}", person.account),
                    )
                    .await;
                Ok(user)
            }
            // Two first sign-ins at once: the other one created it.
            Err(StoreError::Conflict(_)) => p
                .users
                .find_user_by_email(&user.email)
                .await
                .map_err(DirectoryUserError::Store)?
                .ok_or(DirectoryUserError::Store(StoreError::NotFound)),
            Err(e) => Err(DirectoryUserError::Store(e)),
        }
    }
}

/// The directory's `displayName`, else the account name, else the address.
pub(crate) fn directory_display_name(person: &DirectoryPerson, email: &EmailAddress) -> Option<DisplayName> {
    DisplayName::parse(&person.display_name)
        .or_else(|_| DisplayName::parse(&person.account))
        .or_else(|_| DisplayName::parse(email.as_str()))
        .ok()
}

/// A new internal user for a directory person (no Postern password).
pub(crate) fn new_directory_user(
    random: &dyn crate::ports::TokenSource,
    now: time::OffsetDateTime,
    email: EmailAddress,
    display_name: DisplayName,
    in_invite_group: bool,
    settings: &crate::policy::PortalSettings,
) -> User {
    User {
        id: UserId::generate(random),
        email,
        display_name,
        kind: UserKind::Internal,
        status: UserStatus::Active,
        invitation_setting: settings.invitations.new_user_setting,
        password_hash: None,
        directory_may_invite: in_invite_group,
        quota: None,
        sponsor_id: None,
        last_seen_at: None,
        created_at: now,
    }
}
