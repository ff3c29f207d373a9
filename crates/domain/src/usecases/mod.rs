//! Use cases: what the portal does, in terms of ports only.

use std::sync::Arc;

use crate::ports::{
    ApiTokenRepository, AuditEvent, AuditLog, Clock, Directory, InvitationRepository, OutboxRepository, PasswordHasher,
    SettingsRepository, TemplateStore, TokenSource, UserRepository,
};

mod accounts;
mod activate;
mod admin;
mod api_tokens;
mod bulk;
mod deliver;
mod download;
mod manage;
mod remind;
mod send;
mod sessions;
mod standing;
mod two_factor;
mod webhooks;

pub use accounts::{Accounts, CreateUserError, GuestReview, NewUser, SignInError};
pub use activate::{
    ActivateAccount, ActivationError, ActivationInput, ActivationOutcome, ActivationView, LinkProblem, Renewal,
};
pub use admin::{AdminError, Administration, Overview};
pub use api_tokens::{ApiAuthError, ApiTokens, CreateTokenError, LAST_USED_PRECISION};
pub use bulk::{BulkInvitations, BulkReport, BulkRequest, MAX_BULK_KEY};
pub use deliver::{DeliverOutbox, DeliveryConfig, DeliveryReport};
pub use download::{DownloadError, DownloadView, Downloads, FileView, Grant, Part, Started};
pub use manage::{ManageError, ManageInvitations};
pub use remind::RemindInvitees;
pub use send::{
    InvitationForm, InvitationInputError, InvitationRequest, LINK_SHOWN_NOTE, SendError, SendInvitations,
    SentInvitation, ShownLink,
};
pub use sessions::{Ended, Sessions};
pub use two_factor::{Accepted, Enrolment, TwoFactor, TwoFactorError, TwoFactorStatus};
pub use webhooks::{MAX_WEBHOOKS, WebhookError, Webhooks};

/// Every port of the portal: what the composition root hands to [`UseCases::new`] and
/// [`DeliverOutbox::new`], each of which keeps only its own.
///
/// ```
/// use std::sync::Arc;
/// use postern_domain::Ports;
/// use postern_domain::ports::Clock;
/// use postern_testkit::MemoryPorts;
///
/// /// A clock stopped at one instant: a test's, or a tool replaying history.
/// struct Stopped(time::OffsetDateTime);
/// impl Clock for Stopped {
///     fn now(&self) -> time::OffsetDateTime {
///         self.0
///     }
/// }
///
/// // Every port in memory, then one replaced by your own adapter.
/// let at = time::macros::datetime!(2026-03-01 09:00 UTC);
/// let ports = Ports { clock: Arc::new(Stopped(at)), ..MemoryPorts::new().ports };
/// assert_eq!(ports.clock.now(), at);
/// ```
#[derive(Clone)]
pub struct Ports {
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Randomness.
    pub random: Arc<dyn TokenSource>,
    /// Password hashing.
    pub hasher: Arc<dyn PasswordHasher>,
    /// The directory (or none).
    pub directory: Arc<dyn Directory>,
    /// Users.
    pub users: Arc<dyn UserRepository>,
    /// Invitations.
    pub invitations: Arc<dyn InvitationRepository>,
    /// Outbox.
    pub outbox: Arc<dyn OutboxRepository>,
    /// Settings.
    pub settings: Arc<dyn SettingsRepository>,
    /// Templates.
    pub templates: Arc<dyn TemplateStore>,
    /// The portal's own words in each language (built-in templates, times).
    pub texts: Arc<dyn crate::language::Texts>,
    /// Audit log.
    pub audit: Arc<dyn AuditLog>,
    /// Personal API tokens.
    pub api_tokens: Arc<dyn ApiTokenRepository>,
    /// Download links and counts, file lifetimes.
    pub downloads: Arc<dyn crate::ports::DownloadRepository>,
    /// File contents.
    pub attachments: Arc<dyn crate::ports::AttachmentStore>,
    /// Signed-in sessions.
    pub sessions: Arc<dyn crate::ports::SessionStore>,
    /// Two-factor enrolments and recovery codes.
    pub two_factor: Arc<dyn crate::ports::TwoFactorRepository>,
    /// Seals the two-factor secrets and the webhook secrets.
    pub sealer: Arc<dyn crate::ports::SecretSealer>,
    /// Webhook endpoints and the hand-over of history entries to them.
    pub webhooks: Arc<dyn crate::ports::WebhookRepository>,
}

/// The portal's use cases, each holding only the ports it needs: built once when the portal
/// starts and shared by every request (the delivery worker, [`DeliverOutbox`], is built apart).
pub struct UseCases {
    /// Sign-in and accounts.
    pub accounts: Accounts,
    /// Activation links.
    pub activate: ActivateAccount,
    /// The administrators' console.
    pub admin: Administration,
    /// Personal API tokens.
    pub api_tokens: ApiTokens,
    /// Lists of invitees.
    pub bulk: BulkInvitations,
    /// Download links.
    pub downloads: Downloads,
    /// Resending and revoking, and the sender's lists.
    pub manage: ManageInvitations,
    /// Sending invitations and files.
    pub send: SendInvitations,
    /// One's sessions and signing out everywhere.
    pub sessions: Sessions,
    /// Two-factor sign-in.
    pub two_factor: TwoFactor,
    /// Webhook endpoints.
    pub webhooks: Webhooks,
}

impl UseCases {
    /// Every use case over the portal's ports.
    pub fn new(p: &Ports) -> Self {
        // One memory of the directory's answers, so that a change is noticed (and audited)
        // once, whichever way the person comes in.
        let standing = Arc::new(standing::DirectoryStanding::of(p));
        Self {
            accounts: Accounts::sharing(p, standing.clone()),
            activate: ActivateAccount::new(p),
            admin: Administration::new(p),
            api_tokens: ApiTokens::sharing(p, standing),
            bulk: BulkInvitations::new(p),
            downloads: Downloads::new(p),
            manage: ManageInvitations::new(p),
            send: SendInvitations::new(p),
            sessions: Sessions::new(p),
            two_factor: TwoFactor::new(p),
            webhooks: Webhooks::new(p),
        }
    }
}

/// Writes audit entries stamped with the current time, their texts clipped: the part of the
/// ports every use case that audits holds.
#[derive(Clone)]
pub(crate) struct Audit {
    clock: Arc<dyn Clock>,
    log: Arc<dyn AuditLog>,
}

impl Audit {
    pub(crate) fn of(p: &Ports) -> Self {
        Self {
            clock: p.clock.clone(),
            log: p.audit.clone(),
        }
    }

    /// Records an audit event now; failures are the adapter's to report (see [`AuditLog::record`]).
    pub(crate) async fn record(
        &self,
        actor: Option<&str>,
        action: &str,
        subject: impl Into<String>,
        detail: impl Into<String>,
    ) {
        let event = AuditEvent {
            at: self.clock.now(),
            actor: actor.map(|a| clip(a, AUDIT_FIELD)),
            action: action.to_owned(),
            subject: clip(&subject.into(), AUDIT_FIELD),
            detail: clip(&detail.into(), AUDIT_DETAIL),
        };
        let _ = self.log.record(&event).await;
    }

    /// The log itself, for searching it.
    pub(crate) fn log(&self) -> &dyn AuditLog {
        self.log.as_ref()
    }
}

/// The longest actor or subject an audit entry keeps, in characters.
pub(crate) const AUDIT_FIELD: usize = 256;
/// The longest detail an audit entry keeps, in characters.
pub(crate) const AUDIT_DETAIL: usize = 512;

/// `text` without control characters, cut to `max` characters (an ellipsis marks the cut):
/// whatever someone types, the audit log keeps a bounded, printable trace of it.
pub fn clip(text: &str, max: usize) -> String {
    let mut out: String = text.chars().filter(|c| !c.is_control()).take(max + 1).collect();
    if out.chars().count() > max {
        out = out.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
    }
    out
}

/// Where the text of a template in force comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateOrigin {
    /// The administrator's version in the language asked for.
    Own,
    /// The administrator wrote none in that language: their version in the default language.
    DefaultLanguage(crate::language::Language),
    /// The built-in text of the language.
    Builtin,
}

/// A template in force for a language, where it comes from, and any stored version passed
/// over because it no longer parses (its key and why).
pub(crate) struct InForce {
    pub template: crate::template::InvitationTemplate,
    pub origin: TemplateOrigin,
    pub unusable: Vec<(String, crate::template::TemplateError)>,
}

/// The one rule of which text a template has in a language: the administrator's version in
/// that language; else their version in the default language; else the built-in text of the
/// language.
pub(crate) async fn template_in_force(
    store: &dyn TemplateStore,
    texts: &dyn crate::language::Texts,
    kind: crate::template::TemplateKind,
    language: crate::language::Language,
    default_language: crate::language::Language,
) -> Result<InForce, crate::ports::StoreError> {
    use crate::template::InvitationTemplate;
    let mut unusable = Vec::new();
    let mut candidates = vec![(language, TemplateOrigin::Own)];
    if language != default_language {
        candidates.push((default_language, TemplateOrigin::DefaultLanguage(default_language)));
    }
    for (l, origin) in candidates {
        let key = l.template_key(kind);
        if let Some(source) = store.template(&key).await? {
            match InvitationTemplate::parse_for(kind, &source) {
                Ok(template) => {
                    return Ok(InForce {
                        template,
                        origin,
                        unusable,
                    });
                }
                Err(e) => unusable.push((key, e)),
            }
        }
    }
    let template = InvitationTemplate::parse_for(kind, &texts.builtin_template(kind, language))
        .unwrap_or_else(|_| InvitationTemplate::builtin_for(kind));
    Ok(InForce {
        template,
        origin: TemplateOrigin::Builtin,
        unusable,
    })
}

#[cfg(test)]
mod mock_tests;
