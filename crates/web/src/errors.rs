//! Field errors for forms, and the one mapping from domain errors to what a page says (the
//! refusals that are a page of their own become a [`PageError`]).

use poem::http::StatusCode;
use postern_domain::password::PasswordRule;
use postern_domain::recipients::AddresseesError;
use postern_domain::usecases::InvitationInputError;

use crate::extract::PageError;
use crate::i18n::Words;

/// Errors of one form, by field, in the order found.
#[derive(Debug, Default, Clone)]
pub struct FieldErrors {
    entries: Vec<(String, String)>,
}

impl FieldErrors {
    /// Adds an error to a field.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.entries.push((field.to_owned(), message.into()));
    }
    /// Whether the form is clean.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    /// Whether a field has errors.
    pub fn has(&self, field: &str) -> bool {
        self.entries.iter().any(|(f, _)| f == field)
    }
    /// A field's messages.
    pub fn get(&self, field: &str) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
            .collect()
    }
    /// `(field, message)` pairs as added.
    pub fn summary_raw(&self) -> Vec<(String, String)> {
        self.entries.clone()
    }
    /// `(field id, message)` pairs for the summary at the top, in the page's language.
    pub(crate) fn summary(&self, tr: &postern_i18n::Tr<'_>) -> Vec<(String, String)> {
        self.entries
            .iter()
            .map(|(f, m)| {
                let label = tr.t(label_id(f).unwrap_or("field-unknown"));
                (
                    anchor(f).to_owned(),
                    tr.t2("page-error-entry", ("label", label), ("message", m.as_str())),
                )
            })
            .collect()
    }
}

/// The message id of each field's name.
fn label_id(field: &str) -> Option<&'static str> {
    Some(match field {
        "to" => "field-to",
        "cc" => "field-cc",
        "bcc" => "field-bcc",
        "subject" => "field-subject",
        "message" => "field-message",
        "email" => "field-email",
        "display_name" => "field-display-name",
        "password" => "field-password",
        "password_confirmation" => "field-password-confirmation",
        "link_lifetime_days" => "field-link-lifetime-days",
        "notify_on_accept" => "field-notify-on-accept",
        "send_me_a_copy" => "field-send-me-a-copy",
        "notify_on_download" => "field-notify-on-download",
        "reminders" => "field-reminders",
        "link_only" => "field-link-only",
        "list" => "field-list",
        "url" => "field-url",
        "events" => "field-events",
        "group_patterns" => "field-group-patterns",
        "reminder_at_percent" => "field-reminder-at-percent",
        "attachment_lifetime_days" => "field-attachment-lifetime-days",
        "attachment_download_limit" => "field-attachment-download-limit",
        "attachments" => "field-attachments",
        "existing_accounts" => "field-existing-accounts",
        "group_addresses" => "field-group-addresses",
        "login" => "field-login",
        "name" => "field-name",
        "days" => "field-days",
        "scope" => "field-scope",
        "code" => "field-code",
        "renew_code" => "field-renew-code",
        "off_code" => "field-off-code",
        "token_default_days" => "field-token-default-days",
        "token_max_days" => "field-token-max-days",
        "warn_days_before" => "field-warn-days-before",
        "sponsor_left" => "field-sponsor-left",
        "two_factor_internal" => "field-two-factor-internal",
        "two_factor_external" => "field-two-factor-external",
        "source" => "field-source",
        "language" => "field-language",
        "portal_name" => "field-portal-name",
        "default_language" => "field-default-language",
        "max_recipients" => "field-max-recipients",
        "new_user_setting" => "field-new-user-setting",
        "link" => "field-link",
        "password_min_length" => "field-password-min-length",
        "allowed_domains" => "field-allowed-domains",
        "denied_domains" => "field-denied-domains",
        "own_domains" => "field-own-domains",
        "expire_inactive_after_days" => "field-expire-inactive-after-days",
        "files_max_file_mib" => "field-files-max-file-mib",
        "files_max_total_mib" => "field-files-max-total-mib",
        "files_max_files" => "field-files-max-files",
        "files_blocked_extensions" => "field-files-blocked-extensions",
        _ => return None,
    })
}

/// The element a summary entry links to: the field itself, or the control that stands for it.
fn anchor(field: &str) -> &str {
    match field {
        "attachments" => "files",
        "existing_accounts" => "include_existing_accounts",
        "group_addresses" => "include_group_addresses",
        other => other,
    }
}

/// Every problem of an invitation form, each entry of a recipient list on its own line, in
/// the page's language.
pub(crate) fn invitation_errors(errors: &[InvitationInputError], tr: postern_i18n::Tr<'_>) -> FieldErrors {
    let mut out = FieldErrors::default();
    for e in errors {
        match e {
            InvitationInputError::Recipients(AddresseesError::InvalidList { field, error }) => {
                for bad in error.entries() {
                    out.add(
                        field.name(),
                        Words::id("form-entry")
                            .with("position", bad.position.to_string())
                            .with("entry", bad.entry.clone())
                            .with("reason", entry_error(&bad.reason).render(tr))
                            .render(tr),
                    );
                }
            }
            other => out.add(other.field(), invitation_error(other).render(tr)),
        }
    }
    out
}

/// One problem of an invitation, as a page says it (a bad entry of a list: see
/// [`invitation_errors`]).
pub(crate) fn invitation_error(e: &InvitationInputError) -> Words {
    use InvitationInputError as E;
    match e {
        E::Recipients(AddresseesError::NoToRecipient) => Words::id("form-no-to"),
        E::Recipients(AddresseesError::InvalidList { error, .. }) => Words::id("form-entry")
            .with("position", error.position().to_string())
            .with("entry", error.entry().to_owned())
            .with("reason", format!("{}", error.reason())),
        E::Subject(e) => subject_error(e),
        E::Message(e) => message_error(e),
        E::Option(e) => option_error(e),
        E::RecipientPolicy { error, .. } => recipient_policy_error(error),
        E::File(e) => file_error(e),
        E::NoFiles => Words::id("form-no-files"),
        E::NotStaff => Words::id("form-not-staff"),
        E::IdempotencyKey => Words::id("form-idempotency-key"),
        E::LinkOnlyList => Words::id("form-link-only-list"),
        E::OwnAddress { address, .. } => Words::id("form-own-address").with("address", address.clone()),
        E::GroupAddress(a) => Words::id("form-group-address").with("address", a.clone()),
        E::LinkOnlyFiles => Words::id("form-link-only-files"),
        E::HasAccount(a) => Words::id("form-has-account").with("address", a.clone()),
    }
}

/// Why an address is refused, as a page says it.
pub(crate) fn address_error(e: &postern_domain::EmailAddressError) -> Words {
    postern_i18n::refusals::address(e).into()
}

/// Why an entry of a recipient list is refused, as a page says it.
pub(crate) fn entry_error(e: &postern_domain::recipients::EntryError) -> Words {
    use postern_domain::recipients::EntryError as E;
    match e {
        E::Address(e) => address_error(e),
        E::Malformed => Words::id("form-entry-malformed"),
        E::TextAfterAddress => Words::id("form-entry-text-after"),
        E::ControlCharacter => Words::id("form-entry-control"),
        E::NameTooLong => Words::id("form-entry-name-too-long"),
    }
}

/// Why a subject is refused, as a page says it.
pub(crate) fn subject_error(e: &postern_domain::SubjectError) -> Words {
    use postern_domain::SubjectError as E;
    match e {
        E::Empty => Words::id("form-subject-empty"),
        E::TooLong(n) => Words::id("form-subject-too-long").with("count", n.to_string()),
        E::ControlCharacter(n) => Words::id("form-subject-control").with("position", n.to_string()),
    }
}

/// Why a message is refused, as a page says it.
pub(crate) fn message_error(e: &postern_domain::text::MessageBodyError) -> Words {
    use postern_domain::text::MessageBodyError as E;
    match e {
        E::Empty => Words::id("form-message-empty"),
        E::TooLong(n) => Words::id("form-message-too-long").with("count", n.to_string()),
        E::ControlCharacter(n) => Words::id("form-message-control").with("position", n.to_string()),
    }
}

/// Why a delivery option is refused, as a page says it.
pub(crate) fn option_error(e: &postern_domain::policy::DeliveryOptionError) -> Words {
    use postern_domain::policy::DeliveryOptionError as E;
    match e {
        E::NotOffered(_) => Words::id("form-option-not-offered"),
        E::Locked(_) => Words::id("form-option-locked"),
        E::OutOfBounds { min, max, .. } => Words::id("form-option-bounds")
            .with("min", min.to_string())
            .with("max", max.to_string()),
    }
}

/// Why the recipient policy refuses addressees, as a page says it.
pub(crate) fn recipient_policy_error(e: &postern_domain::policy::RecipientPolicyError) -> Words {
    use postern_domain::policy::RecipientPolicyError as E;
    match e {
        E::TooMany { count, max } => Words::id("form-policy-too-many")
            .with("count", count.to_string())
            .with("max", max.to_string()),
        E::DomainRefused { address } => Words::id("form-policy-domain").with("address", address.clone()),
        E::UnknownToDirectory { address } => Words::id("form-policy-unknown").with("address", address.clone()),
        E::DirectoryAccountDisabled { address } => Words::id("form-policy-disabled").with("address", address.clone()),
    }
}

/// A sender's quota, passed, as a page says it.
pub(crate) fn quota_error(q: &postern_domain::policy::QuotaExceeded, tr: postern_i18n::Tr<'_>) -> String {
    match q.limit {
        postern_domain::policy::QuotaLimit::PerDay => {
            let text = tr.t2("form-quota-per-day", ("most", q.most), ("left", q.left));
            match q.resets_at {
                Some(at) => format!("{text} {}", tr.t1("form-quota-more-from", "date", tr.time(at))),
                None => text,
            }
        }
        postern_domain::policy::QuotaLimit::Pending => tr.t2("form-quota-pending", ("most", q.most), ("left", q.left)),
    }
}

/// Why a resend or revoke was refused, as a page says it.
pub(crate) fn manage_error(e: &postern_domain::usecases::ManageError) -> Words {
    use postern_domain::usecases::ManageError as E;
    match e {
        E::NotFound => Words::id("form-manage-not-found"),
        E::AlreadyAccepted => Words::id("form-manage-accepted"),
        E::NotPermitted => Words::id("form-manage-not-permitted"),
        E::DropOffAccount => Words::id("form-manage-dropoff"),
        E::RevokedByAdministrator => Words::id("form-manage-revoked-by-admin"),
        E::AlreadyRevoked => Words::id("form-manage-already-revoked"),
        E::StillQueued => Words::id("form-manage-still-queued"),
        E::FilesExpired => Words::id("form-manage-files-expired"),
        E::RecipientRefused(e) => recipient_policy_error(e),
        E::LinkOnlyWithdrawn => Words::id("form-manage-link-only-withdrawn"),
        E::Changed => Words::id("form-manage-changed"),
        E::Store(_) => Words::id("page-internal-error"),
    }
}

/// Why an administrator's change was refused, as the console says it.
pub(crate) fn admin_error(e: &postern_domain::usecases::AdminError) -> Words {
    use postern_domain::usecases::AdminError as E;
    match e {
        E::NotAdmin => Words::id("form-admin-only"),
        E::Policy(p) => policy_error(p),
        E::Template(t) => template_error(t),
        E::Subject(e) => subject_error(e),
        E::UnknownUser => Words::id("form-admin-unknown-user"),
        E::LastAdmin => Words::id("form-admin-last-admin"),
        E::WrongState(what) => Words::id(match *what {
            "only Drop-Off accounts have a sponsor" => "form-admin-sponsor-dropoff-only",
            "enter the address of the staff member who answers for this guest" => "form-admin-sponsor-address",
            "the sponsor must be an active staff member" => "form-admin-sponsor-active-staff",
            "each limit is at most 1000000 (0: no limit)" => "form-admin-quota-most",
            "only a pending account can be approved" => "form-admin-approve-pending-only",
            "only a pending account can be rejected" => "form-admin-reject-pending-only",
            "choose allow, deny or inherit" => "form-settings-new-user",
            "enter whole numbers, 0 or more (0: no limit), or leave both empty for the usual quota" => {
                "form-admin-quota-numbers"
            }
            _ => return Words::Plain((*what).to_owned()),
        }),
        E::Period => Words::id("form-report-period"),
        E::Store(_) => Words::id("page-internal-error"),
    }
}

/// Why a template is refused, as the console says it.
pub(crate) fn template_error(e: &postern_domain::template::TemplateError) -> Words {
    use postern_domain::template::TemplateError as E;
    match e {
        E::UnknownPlaceholder {
            name,
            position,
            available,
        } => Words::id("form-template-placeholder")
            .with("name", name.clone())
            .with("position", position.to_string())
            .with("available", available.clone()),
        E::Unbalanced { position } => Words::id("form-template-unbalanced").with("position", position.to_string()),
        E::Empty => Words::id("form-template-empty"),
        E::TooLong => {
            Words::id("form-template-too-long").with("max", postern_domain::template::MAX_TEMPLATE.to_string())
        }
    }
}

/// Why a webhook endpoint is refused, as the console says it.
pub(crate) fn webhook_error(e: &postern_domain::usecases::WebhookError) -> Words {
    use postern_domain::usecases::WebhookError as E;
    use postern_domain::webhook::WebhookUrlError as U;
    match e {
        E::NotAdmin => Words::id("form-admin-only"),
        E::Url(U::Malformed) => Words::id("form-webhook-malformed"),
        E::Url(U::Scheme) => Words::id("form-webhook-scheme"),
        E::Url(U::Credentials) => Words::id("form-webhook-credentials"),
        E::Url(U::Fragment) => Words::id("form-webhook-fragment"),
        E::NoEvents => Words::id("form-webhook-no-events"),
        E::TooMany => {
            Words::id("form-webhook-too-many").with("max", postern_domain::usecases::MAX_WEBHOOKS.to_string())
        }
        E::NotFound => Words::id("form-webhook-not-found"),
        E::Store(_) => Words::id("page-internal-error"),
    }
}

/// A setting refused, as the console says it.
pub(crate) fn policy_error(e: &postern_domain::policy::PolicyError) -> Words {
    let id = match e.key {
        "rule-min-zero" => "policy-rule-min-zero",
        "rule-min-above-max" => "policy-rule-min-above-max",
        "rule-default-outside" => "policy-rule-default-outside",
        "link-at-most-365" => "policy-link-at-most-365",
        "reminders-at-most-two" => "policy-reminders-at-most-two",
        "reminders-percent" => "policy-reminders-percent",
        "reminders-order" => "policy-reminders-order",
        "token-max-days" => "policy-token-max-days",
        "token-default-days" => "policy-token-default-days",
        "portal-name" => "policy-portal-name",
        "between-1-and-1000" => "policy-between-1-and-1000",
        "not-a-domain" => "policy-not-a-domain",
        "group-patterns" => "policy-group-patterns",
        "quota-most" => "policy-quota-most",
        "expire-inactive" => "policy-expire-inactive",
        "warn-days" => "policy-warn-days",
        "max-file" => "policy-max-file",
        "max-total" => "policy-max-total",
        "blocked-extensions" => "policy-blocked-extensions",
        "password-min" => "policy-password-min",
        "password-max" => "policy-password-max",
        // A rule this page does not know words for: its English reason.
        _ => return Words::Plain(e.reason.clone()),
    };
    Words::Id(id, e.values.clone())
}

pub(crate) fn password_errors(rules: &[PasswordRule], out: &mut FieldErrors, tr: postern_i18n::Tr<'_>) {
    for rule in rules {
        out.add("password", password_rule(rule).render(tr));
    }
}

/// A password rule broken, as the page says it.
pub(crate) fn password_rule(rule: &PasswordRule) -> Words {
    postern_i18n::refusals::password_rule(rule).into()
}

/// A file refused, as the page says it.
pub(crate) fn file_error(e: &postern_domain::files::FileError) -> Words {
    use postern_domain::files::FileError as E;
    match e {
        E::Name(e) => Words::Plain(e.to_string()),
        E::Blocked { name, extension } => Words::id("form-file-blocked")
            .with("name", name.clone())
            .with("extension", extension.clone()),
        E::TooLarge { name, limit_mib } => Words::id("form-file-too-large")
            .with("name", name.clone())
            .with("limit", limit_mib.to_string()),
        E::TotalTooLarge { limit_mib } => Words::id("form-files-too-large").with("limit", limit_mib.to_string()),
        E::TooMany { max } => Words::id("form-files-too-many").with("count", max.to_string()),
    }
}

/// A display name refused, as the page says it.
pub(crate) fn display_name_error(e: &postern_domain::text::DisplayNameError) -> Words {
    postern_i18n::refusals::display_name(e).into()
}

impl From<postern_domain::usecases::DownloadError> for PageError {
    fn from(e: postern_domain::usecases::DownloadError) -> Self {
        use postern_domain::usecases::DownloadError as D;
        let (status, title, text) = match &e {
            D::Unknown => (
                StatusCode::NOT_FOUND,
                "page-download-not-found-title",
                Words::id("page-download-unknown"),
            ),
            D::NoSuchFile => (
                StatusCode::NOT_FOUND,
                "page-download-not-found-title",
                Words::id("page-download-no-such-file"),
            ),
            D::Expired => (
                StatusCode::GONE,
                "page-download-expired-title",
                Words::id("page-download-expired"),
            ),
            D::Revoked => (
                StatusCode::GONE,
                "page-download-revoked-title",
                Words::id("page-download-revoked"),
            ),
            D::Exhausted(name) => (
                StatusCode::GONE,
                "page-download-exhausted-title",
                Words::id("page-download-exhausted").with("file", name.clone()),
            ),
            D::SignInRequired(who) => (
                StatusCode::UNAUTHORIZED,
                "page-download-sign-in-title",
                Words::id("page-download-sign-in").with("email", who.as_str()),
            ),
            D::NotYours(who) => (
                StatusCode::FORBIDDEN,
                "page-download-not-yours-title",
                Words::id("page-download-not-yours").with("email", who.as_str()),
            ),
            D::Unreadable { cause, name } => {
                tracing::warn!(error = %cause, "a stored file could not be read for a download");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "page-download-unreadable-title",
                    Words::id("page-download-unreadable").with("file", name.clone()),
                )
            }
            D::Missing { attachment, name } => {
                tracing::error!(%attachment, "a stored file is missing from the attachment store");
                (
                    StatusCode::GONE,
                    "page-download-missing-title",
                    Words::id("page-download-missing").with("file", name.clone()),
                )
            }
            D::Store(s) => return PageError::Internal(s.clone()),
        };
        let link =
            matches!(e, D::SignInRequired(_) | D::NotYours(_)).then(|| ("/sign-in", Words::id("page-go-to-sign-in")));
        crate::extract::Refusal {
            status,
            title: Words::id(title),
            text,
            link,
            contact: None,
            language: None,
        }
        .into()
    }
}

/// A link that does not work, with whom to ask for a new one; the failures that are not the
/// visitor's (storage, a directory refusal the page should have shown as a field) are internal.
impl From<postern_domain::usecases::ActivationError> for PageError {
    fn from(error: postern_domain::usecases::ActivationError) -> Self {
        use postern_domain::usecases::ActivationError;
        let (status, title, text, problem) = match error {
            ActivationError::Unknown => (
                StatusCode::NOT_FOUND,
                "page-link-unknown-title",
                "page-link-unknown",
                None,
            ),
            ActivationError::Expired(p) => (
                StatusCode::GONE,
                "page-link-expired-title",
                "page-link-expired",
                Some(p),
            ),
            ActivationError::Used(p) => {
                let text = if p.internal {
                    "page-link-used-internal"
                } else {
                    "page-link-used"
                };
                (StatusCode::GONE, "page-link-used-title", text, Some(p))
            }
            ActivationError::Revoked(p) => (
                StatusCode::GONE,
                "page-link-revoked-title",
                "page-link-revoked",
                Some(p),
            ),
            ActivationError::AccountExists => (
                StatusCode::CONFLICT,
                "page-account-exists-title",
                "page-account-exists",
                None,
            ),
            ActivationError::DirectoryUnavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "page-directory-unavailable-title",
                "page-directory-unavailable",
                None,
            ),
            ActivationError::NoEmailInDirectory => (
                StatusCode::FORBIDDEN,
                "page-directory-no-email-title",
                "page-directory-no-email",
                None,
            ),
            e @ (ActivationError::Password(_)
            | ActivationError::Internal(_)
            | ActivationError::NotInternal
            | ActivationError::DirectoryCredentials
            | ActivationError::NotTheInvitee) => return PageError::internal(&e),
        };
        crate::extract::Refusal {
            status,
            title: Words::id(title),
            text: Words::id(text),
            link: Some(("/sign-in", Words::id("page-go-to-sign-in"))),
            language: problem.as_ref().map(|p| p.language),
            contact: problem.map(|p| (p.inviter_name, p.inviter_email.as_str().to_owned())),
        }
        .into()
    }
}
