//! Activation: the invitee opens their link and creates the account.

use thiserror::Error;
use time::OffsetDateTime;

use super::Ports;
use crate::address::EmailAddress;
use crate::ids::{MessageId, UserId};
use crate::invitation::{
    Invitation, InvitationRecipient, OutboxKind, OutboxMessage, RecipientKind, RecipientState, TokenState,
};
use crate::lifecycle;
use crate::password::{Password, PasswordPolicy, PasswordRule};
use crate::ports::{AcceptError, Acceptance, DirectoryError, StoreError, TokenMatch};
use crate::text::DisplayName;
use crate::token::ActivationToken;
use crate::user::{User, UserKind, UserStatus};

/// What the create page shows.
#[derive(Debug, Clone)]
pub struct ActivationView {
    /// The username to be: the invited address.
    pub email: EmailAddress,
    /// The name typed by the inviter, as a suggestion.
    pub suggested_name: Option<String>,
    /// External (set a password) or internal (sign in with the directory).
    pub kind: RecipientKind,
    /// When the link stops working.
    pub expires_at: OffsetDateTime,
    /// Who invited.
    pub inviter_name: String,
    /// The inviter's address.
    pub inviter_email: EmailAddress,
    /// The password rules to show.
    pub password_policy: PasswordPolicy,
    /// The invitation's language: the page opens in it.
    pub language: crate::language::Language,
}

/// Why a link does not work, and whom to ask for a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    /// The inviter's name.
    pub inviter_name: String,
    /// The inviter's address.
    pub inviter_email: EmailAddress,
    /// The link was for someone of the organisation (who signs in with their directory
    /// account).
    pub internal: bool,
    /// An expired link whose holder may ask for a new one: how (none: the page offers
    /// nothing, for example because it was asked for already).
    pub renewal: Option<crate::policy::RenewalMode>,
    /// The invitation's language: the page that says so opens in it.
    pub language: crate::language::Language,
}

/// What asking for a new link did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Renewal {
    /// The inviter was told (by email) that a new link is wanted.
    Asked {
        /// Who was asked.
        inviter_name: String,
    },
    /// A new link is on its way to the invitee.
    Sent {
        /// Where.
        email: EmailAddress,
    },
    /// A new link was asked for before (once per invitee): nothing more happens.
    AlreadyAsked,
    /// The administrator does not let links be renewed here.
    NotOffered,
    /// The link still works: nothing to renew.
    StillValid,
}

/// Why activation is refused.
#[derive(Debug, Error)]
pub enum ActivationError {
    /// No such link (malformed, or never issued).
    #[error("this activation link is not valid")]
    Unknown,
    /// The link is past its lifetime.
    #[error("this activation link has expired")]
    Expired(LinkProblem),
    /// The account was already created with this (or another) link.
    #[error("this activation link was already used")]
    Used(LinkProblem),
    /// The inviter or an administrator revoked the link, or sent a newer one.
    #[error("this activation link was revoked")]
    Revoked(LinkProblem),
    /// An account with this address already exists.
    #[error("an account with this address already exists; sign in instead")]
    AccountExists,
    /// The password does not meet the policy; every unmet rule is listed.
    #[error("the password does not meet the policy")]
    Password(Vec<PasswordRule>),
    /// The link is for an outside person: they set a password instead.
    #[error("this invitation is for an outside person; set a password to create the account")]
    NotInternal,
    /// The directory refused the credentials (the reason is in the audit log).
    #[error("invalid username or password")]
    DirectoryCredentials,
    /// The directory could not be asked.
    #[error("the organisation's directory is not reachable right now; try again in a few minutes")]
    DirectoryUnavailable,
    /// The credentials belong to someone other than the invited person.
    #[error("these credentials belong to a different person than the one invited")]
    NotTheInvitee,
    /// The directory account has no email address (`mail`).
    #[error("your directory account has no email address, so it cannot use this portal; ask your IT department")]
    NoEmailInDirectory,
    /// Storage or hashing failed.
    #[error("{0}")]
    Internal(String),
}

impl From<StoreError> for ActivationError {
    fn from(e: StoreError) -> Self {
        ActivationError::Internal(e.to_string())
    }
}

/// What the invitee typed.
#[derive(Debug, Clone)]
pub struct ActivationInput {
    /// Display name.
    pub display_name: DisplayName,
    /// Password (external invitees).
    pub password: Password,
}

/// How activation ended.
#[derive(Debug, Clone)]
pub enum ActivationOutcome {
    /// The account is active: sign the user in.
    Active(User),
    /// The account waits for an administrator.
    PendingApproval(User),
    /// The address belongs to the directory: sign in with organisation credentials.
    DirectorySignInRequired(EmailAddress),
}

/// Views and consumes activation links.
pub struct ActivateAccount {
    clock: std::sync::Arc<dyn crate::ports::Clock>,
    random: std::sync::Arc<dyn crate::ports::TokenSource>,
    hasher: std::sync::Arc<dyn crate::ports::PasswordHasher>,
    directory: std::sync::Arc<dyn crate::ports::Directory>,
    users: std::sync::Arc<dyn crate::ports::UserRepository>,
    invitations: std::sync::Arc<dyn crate::ports::InvitationRepository>,
    settings: std::sync::Arc<dyn crate::ports::SettingsRepository>,
    audit: super::Audit,
}

struct Found {
    /// The activation rule of the table for this kind of message.
    rule: &'static lifecycle::Rule,
    /// Whether an account with the recipient's address existed when the link was read.
    account_exists: bool,
    invitation: Invitation,
    recipient: InvitationRecipient,
    digest: crate::token::TokenDigest,
    expires_at: OffsetDateTime,
}

impl ActivateAccount {
    /// The use case over the ports it needs, taken from the portal's.
    pub fn new(p: &Ports) -> Self {
        Self {
            clock: p.clock.clone(),
            random: p.random.clone(),
            hasher: p.hasher.clone(),
            directory: p.directory.clone(),
            users: p.users.clone(),
            invitations: p.invitations.clone(),
            settings: p.settings.clone(),
            audit: super::Audit::of(p),
        }
    }

    async fn find(&self, token_text: &str) -> Result<Found, ActivationError> {
        let token = ActivationToken::parse(token_text).map_err(|_| ActivationError::Unknown)?;
        let digest = token.digest();
        let Some(TokenMatch {
            token: issued,
            invitation,
            account_exists,
        }) = self.invitations.find_token(&digest).await?
        else {
            return Err(ActivationError::Unknown);
        };
        // The store found the row by its digest; compare again in constant time so that no
        // adapter's lookup can make a near miss count.
        if issued.digest != digest {
            return Err(ActivationError::Unknown);
        }
        let recipient = invitation
            .recipient(issued.recipient_id)
            .cloned()
            .ok_or(ActivationError::Unknown)?;
        let mut problem = LinkProblem {
            inviter_name: invitation.sender_name.as_str().to_owned(),
            inviter_email: invitation.sender_email.clone(),
            internal: recipient.kind == crate::invitation::RecipientKind::Internal,
            renewal: None,
            language: invitation.language,
        };
        if recipient.state == RecipientState::Accepted || issued.state == TokenState::Used {
            return Err(ActivationError::Used(problem));
        }
        let rule = lifecycle::rule(lifecycle::Event::Activate, invitation.kind, lifecycle::Actor::Invitee);
        let Some(rule) = rule.filter(|r| issued.state == TokenState::Live && r.from.contains(&recipient.state)) else {
            return Err(ActivationError::Revoked(problem));
        };
        if issued.expires_at <= self.clock.now() {
            if recipient.state == RecipientState::Sent && recipient.renewal_requested_at.is_none() {
                let mode = self.settings.load_settings().await?.invitations.renewal;
                problem.renewal = (mode != crate::policy::RenewalMode::Off).then_some(mode);
            }
            return Err(ActivationError::Expired(problem));
        }
        Ok(Found {
            rule,
            account_exists,
            invitation,
            recipient,
            digest,
            expires_at: issued.expires_at,
        })
    }

    /// The holder of an expired link asks for a new one, as the page of the expired link
    /// offers (once per invitee, by the administrator's choice): the inviter is told, or —
    /// when the administrator lets renewals go out automatically, the sender may still invite
    /// and the recipient policy still admits the address — a new link goes out at once as if
    /// the sender had sent it again (every earlier link stays revoked). Audited. A link that
    /// was never valid, or used or revoked, gets the same refusal as when opened: nothing is
    /// revealed and nothing written.
    ///
    /// # Errors
    /// [`ActivationError`] for a link that is not an expired one.
    pub async fn request_renewal(&self, token_text: &str) -> Result<Renewal, ActivationError> {
        let problem = match self.find(token_text).await {
            Ok(_) => return Ok(Renewal::StillValid),
            Err(ActivationError::Expired(problem)) => problem,
            Err(e) => return Err(e),
        };
        let Some(mode) = problem.renewal else {
            let off = self.settings.load_settings().await?.invitations.renewal == crate::policy::RenewalMode::Off;
            return Ok(if off {
                Renewal::NotOffered
            } else {
                Renewal::AlreadyAsked
            });
        };
        // The link is a real, expired one: its recipient, read again.
        let token = ActivationToken::parse(token_text).map_err(|_| ActivationError::Unknown)?;
        let Some(TokenMatch {
            token: issued,
            invitation,
            ..
        }) = self.invitations.find_token(&token.digest()).await?
        else {
            return Err(ActivationError::Unknown);
        };
        let recipient = invitation
            .recipient(issued.recipient_id)
            .cloned()
            .ok_or(ActivationError::Unknown)?;
        let now = self.clock.now();
        let settings = self.settings.load_settings().await?;
        let sender = self.users.find_user(invitation.sender_id).await?;
        // A link-only invitation's links reach the invitee through the sender only: the sender
        // is asked, never a new link emailed.
        let automatic = mode == crate::policy::RenewalMode::Automatic
            && !invitation.options.link_only
            && sender.as_ref().is_some_and(|u| settings.invitations.may_invite(u))
            && settings.recipients.check_address(recipient.address()).is_ok();
        let message = |kind| OutboxMessage::new(MessageId::generate(self.random.as_ref()), kind, now);
        let (taken, renewal, action) = if automatic {
            let rule = lifecycle::rule(lifecycle::Event::Resend, invitation.kind, lifecycle::Actor::Sender)
                .ok_or(ActivationError::Unknown)?;
            let change = lifecycle::RecipientChange::by(
                rule,
                recipient.id,
                now,
                lifecycle::Facts::Cleared,
                vec![message(OutboxKind::Invitation {
                    recipient_id: recipient.id,
                })],
            )
            .ok_or(ActivationError::Unknown)?
            .recorded_as(crate::history::HistoryEvent::Renewed);
            let taken = self
                .invitations
                .request_renewal(recipient.id, now, Some(change), &[])
                .await?;
            let renewal = Renewal::Sent {
                email: recipient.address().clone(),
            };
            (taken, renewal, "invitation.renewed")
        } else {
            let notice = message(OutboxKind::RenewalNotice {
                recipient_id: recipient.id,
            });
            let taken = self
                .invitations
                .request_renewal(recipient.id, now, None, &[notice])
                .await?;
            let renewal = Renewal::Asked {
                inviter_name: problem.inviter_name.clone(),
            };
            (taken, renewal, "invitation.renewal_requested")
        };
        if !taken {
            return Ok(Renewal::AlreadyAsked);
        }
        self.audit
            .record(
                None,
                action,
                recipient.address().as_str(),
                if automatic {
                    "a new link sent automatically, earlier links revoked"
                } else {
                    "the inviter was asked for a new link"
                },
            )
            .await;
        Ok(renewal)
    }

    /// Writes the acceptance (the link consumed, the account created or linked, messages
    /// queued) in one transaction; a lost race is reported as the link's state now.
    async fn accept(&self, token_text: &str, found: &Found, acceptance: &Acceptance) -> Result<(), ActivationError> {
        match self.invitations.accept(acceptance).await {
            Ok(()) => Ok(()),
            Err(AcceptError::Refused) => Err(match self.find(token_text).await {
                Err(e) => e,
                Ok(_) => ActivationError::Revoked(LinkProblem {
                    inviter_name: found.invitation.sender_name.as_str().to_owned(),
                    inviter_email: found.invitation.sender_email.clone(),
                    internal: found.recipient.kind == crate::invitation::RecipientKind::Internal,
                    renewal: None,
                    language: found.invitation.language,
                }),
            }),
            Err(AcceptError::UserExists) => Err(ActivationError::AccountExists),
            Err(AcceptError::Store(e)) => Err(e.into()),
        }
    }

    /// What the create page shows. Opening a link never consumes it.
    ///
    /// # Errors
    /// [`ActivationError`] for unknown, expired, used and revoked links.
    pub async fn view(&self, token_text: &str) -> Result<ActivationView, ActivationError> {
        let found = self.find(token_text).await?;
        // Someone who has an account already is told so at once, not after filling in the form
        // (the store read it with the link; creating the account checks again).
        if found.recipient.kind == RecipientKind::External && found.account_exists {
            // Made a moment ago through this very link? Then it is the used link that counts.
            self.find(token_text).await?;
            return Err(ActivationError::AccountExists);
        }
        // The first opening goes into the recipient's history (one write, once: afterwards
        // the row read already says it was opened). Opening never consumes the link, and a
        // lost opening is only a lost statistic: the page is shown whatever the write did.
        if found.recipient.opened_at.is_none() {
            let _ = self.invitations.mark_opened(found.recipient.id, self.clock.now()).await;
        }
        let settings = self.settings.load_settings().await?;
        Ok(ActivationView {
            email: found.recipient.address().clone(),
            suggested_name: found.recipient.recipient.display_name().map(str::to_owned),
            kind: found.recipient.kind,
            expires_at: found.expires_at,
            inviter_name: found.invitation.sender_name.as_str().to_owned(),
            inviter_email: found.invitation.sender_email.clone(),
            password_policy: settings.password.clone(),
            language: found.invitation.language,
        })
    }

    /// Creates the account and consumes the link, atomically.
    ///
    /// # Errors
    /// [`ActivationError`]; on error nothing is written.
    pub async fn create(&self, token_text: &str, input: ActivationInput) -> Result<ActivationOutcome, ActivationError> {
        self.create_in(token_text, input, None).await
    }

    /// [`Self::create`] for a reader who chose `language` on the page (the language switch):
    /// the new account keeps it rather than the invitation's.
    ///
    /// # Errors
    /// [`ActivationError`]; on error nothing is written.
    pub async fn create_in(
        &self,
        token_text: &str,
        input: ActivationInput,
        language: Option<crate::language::Language>,
    ) -> Result<ActivationOutcome, ActivationError> {
        let p = self;
        let found = self.find(token_text).await?;
        let email = found.recipient.address().clone();
        if found.recipient.kind == RecipientKind::Internal {
            return Ok(ActivationOutcome::DirectorySignInRequired(email));
        }
        if p.users.find_user_by_email(&email).await?.is_some() {
            // The account may have been made a moment ago through this very link (a race
            // lost): then the link is used, and that is what the person is told.
            self.find(token_text).await?;
            return Err(ActivationError::AccountExists);
        }
        let settings = p.settings.load_settings().await?;
        settings
            .password
            .check(&input.password, email.as_str())
            .map_err(ActivationError::Password)?;
        let hash = p
            .hasher
            .hash(&input.password)
            .await
            .map_err(|e| ActivationError::Internal(e.to_string()))?;
        let now = p.clock.now();
        let status = if settings.approval_required {
            UserStatus::PendingApproval
        } else {
            UserStatus::Active
        };
        let user = User {
            id: UserId::generate(p.random.as_ref()),
            email: email.clone(),
            display_name: input.display_name,
            kind: UserKind::External,
            status,
            invitation_setting: Default::default(),
            password_hash: Some(hash),
            directory_may_invite: false,
            quota: None,
            // The inviter answers for the guest (an administrator can hand them over).
            sponsor_id: Some(found.invitation.sender_id),
            last_seen_at: None,
            created_at: now,
        };
        let mut outbox = vec![OutboxMessage::new(
            MessageId::generate(p.random.as_ref()),
            OutboxKind::Welcome { user_id: user.id },
            now,
        )];
        if found.invitation.options.notify_on_accept {
            outbox.push(OutboxMessage::new(
                MessageId::generate(p.random.as_ref()),
                OutboxKind::AcceptedNotice {
                    recipient_id: found.recipient.id,
                },
                now,
            ));
        }
        if status == UserStatus::PendingApproval {
            for admin in p.users.list_users().await? {
                if admin.kind == UserKind::Admin && admin.status == UserStatus::Active {
                    outbox.push(OutboxMessage::new(
                        MessageId::generate(p.random.as_ref()),
                        OutboxKind::PendingNotice {
                            user_id: user.id,
                            admin_id: admin.id,
                        },
                        now,
                    ));
                }
            }
        }
        let acceptance = Acceptance {
            digest: found.digest,
            recipient_id: found.recipient.id,
            from: found.rule.from,
            to: found
                .rule
                .to
                .ok_or_else(|| ActivationError::Internal("activation changes no state".into()))?,
            at: now,
            user: Some(user.clone()),
            language: Some(language.unwrap_or(found.invitation.language)),
            outbox,
        };
        self.accept(token_text, &found, &acceptance).await?;
        p.audit
            .record(
                Some(email.as_str()),
                "account.created",
                user.id.to_string(),
                format!("through invitation {}; status {}", found.invitation.id, status.as_str()),
            )
            .await;
        Ok(match status {
            UserStatus::PendingApproval => ActivationOutcome::PendingApproval(user),
            _ => ActivationOutcome::Active(user),
        })
    }

    /// Activates an internal (directory) invitation: the invitee signs in with their
    /// directory credentials; the internal user is created (or linked, when they signed in
    /// before) and the link is consumed, atomically. No Postern password is set.
    ///
    /// # Errors
    /// [`ActivationError`]; on error nothing is written and the link stays usable.
    pub async fn activate_with_directory(
        &self,
        token_text: &str,
        login: &str,
        password: &Password,
    ) -> Result<User, ActivationError> {
        let p = self;
        let found = self.find(token_text).await?;
        if found.recipient.kind != RecipientKind::Internal {
            return Err(ActivationError::NotInternal);
        }
        let invited = found.recipient.address().clone();
        let login = login.trim();
        let refused = |reason: String| async move {
            p.audit.record(None, "activation.failed", login, reason).await;
            ActivationError::DirectoryCredentials
        };
        if password.expose().is_empty() {
            return Err(refused("empty password".into()).await);
        }
        let person = match p.directory.authenticate(login, password).await {
            Ok(person) if !person.disabled => person,
            Ok(_) => return Err(refused("directory: account disabled".into()).await),
            Err(DirectoryError::InvalidCredentials { reason }) => {
                return Err(refused(format!("directory: {reason}")).await);
            }
            Err(DirectoryError::Unavailable(_)) => return Err(ActivationError::DirectoryUnavailable),
        };
        // The invitation went to one of the invitee's addresses; the credentials must be theirs.
        let same_person = match p.directory.find_person(&invited).await {
            Ok(Some(owner)) => owner.account.eq_ignore_ascii_case(&person.account),
            Ok(None) => false,
            Err(_) => return Err(ActivationError::DirectoryUnavailable),
        };
        if !same_person {
            p.audit
                .record(
                    None,
                    "activation.failed",
                    login,
                    format!("signed in as {} for an invitation to {invited}", person.account),
                )
                .await;
            return Err(ActivationError::NotTheInvitee);
        }
        let Some(email) = person.email.clone() else {
            p.audit
                .record(
                    None,
                    "activation.failed",
                    login,
                    format!("directory account {} has no mail attribute", person.account),
                )
                .await;
            return Err(ActivationError::NoEmailInDirectory);
        };
        let settings = p.settings.load_settings().await?;
        let display_name = super::accounts::directory_display_name(&person, &email)
            .ok_or_else(|| ActivationError::Internal("no usable display name".into()))?;
        let (user, created) = match p.users.find_user_by_email(&email).await? {
            // Only an account the directory made is linked; a local one is never taken over.
            Some(existing) if existing.kind == UserKind::Internal && existing.password_hash.is_none() => {
                p.users
                    .refresh_directory_user(existing.id, &display_name, person.in_invite_group)
                    .await?;
                let user = User {
                    display_name,
                    directory_may_invite: person.in_invite_group,
                    quota: None,
                    ..existing
                };
                (user, false)
            }
            Some(_) => return Err(ActivationError::AccountExists),
            None => (
                super::accounts::new_directory_user(
                    p.random.as_ref(),
                    p.clock.now(),
                    email.clone(),
                    display_name,
                    person.in_invite_group,
                    &settings,
                ),
                true,
            ),
        };
        let now = p.clock.now();
        let mut outbox = Vec::new();
        if found.invitation.options.notify_on_accept {
            outbox.push(OutboxMessage::new(
                MessageId::generate(p.random.as_ref()),
                OutboxKind::AcceptedNotice {
                    recipient_id: found.recipient.id,
                },
                now,
            ));
        }
        let acceptance = Acceptance {
            digest: found.digest,
            recipient_id: found.recipient.id,
            from: found.rule.from,
            to: found
                .rule
                .to
                .ok_or_else(|| ActivationError::Internal("activation changes no state".into()))?,
            at: now,
            user: created.then(|| user.clone()),
            language: created.then_some(found.invitation.language),
            outbox,
        };
        self.accept(token_text, &found, &acceptance).await?;
        p.users.record_sign_in(user.id, now).await?;
        p.audit
            .record(
                Some(email.as_str()),
                if created { "account.created" } else { "account.linked" },
                user.id.to_string(),
                format!(
                    "internal, directory account {}, through invitation {}",
                    person.account, found.invitation.id
                ),
            )
            .await;
        Ok(user)
    }
}
