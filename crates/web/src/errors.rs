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
                let label = match label_id(f) {
                    Some(id) => tr.t(id),
                    None => label(f).to_owned(),
                };
                (
                    anchor(f).to_owned(),
                    tr.t2("page-error-entry", ("label", label), ("message", m.as_str())),
                )
            })
            .collect()
    }
}

/// The fields whose names are in the language files.
fn label_id(field: &str) -> Option<&'static str> {
    Some(match field {
        "email" => "field-email",
        "display_name" => "field-display-name",
        "password" => "field-password",
        "password_confirmation" => "field-password-confirmation",
        "login" => "field-login",
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

fn label(field: &str) -> &str {
    match field {
        "to" => "To",
        "cc" => "CC",
        "bcc" => "BCC",
        "subject" => "Subject",
        "message" => "Message",
        "email" => "Email address",
        "display_name" => "Display name",
        "password" => "Password",
        "password_confirmation" => "Repeated password",
        "link_lifetime_days" => "Link lifetime",
        "notify_on_accept" => "Notify me",
        "send_me_a_copy" => "Send me a copy",
        "notify_on_download" => "Notify me of downloads",
        "reminders" => "Reminders",
        "link_only" => "Link only",
        "list" => "The list",
        "url" => "Address",
        "events" => "Events",
        "group_patterns" => "Group addresses",
        "reminder_at_percent" => "Reminders",
        "attachment_lifetime_days" => "Files available for",
        "attachment_download_limit" => "Downloads per file",
        "attachments" => "Files",
        "existing_accounts" => "Already has an account",
        "group_addresses" => "Group address",
        "login" => "Username",
        "name" => "Name",
        "days" => "Days until the token stops working",
        "scope" => "What the tool may do",
        "code" | "renew_code" | "off_code" => "Code",
        "token_default_days" => "Days a new API token works",
        "token_max_days" => "Longest API token lifetime",
        "warn_days_before" => "Warn Drop-Off accounts before",
        "sponsor_left" => "When a guest's sponsor leaves",
        "two_factor_internal" => "Two-factor sign-in for staff",
        "two_factor_external" => "Two-factor sign-in for Drop-Off accounts",
        "source" => "Template",
        "language" => "Language of the email",
        // The administrators' settings.
        "portal_name" => "Portal name",
        "default_language" => "Default language",
        "max_recipients" => "Most recipients per invitation",
        "new_user_setting" => "New internal users may send invitations",
        "link" => "Activation link lifetime",
        "password_min_length" => "Minimum password length",
        "allowed_domains" => "Only these recipient domains",
        "denied_domains" => "Never these recipient domains",
        "own_domains" => "The organisation's own mail domains",
        "expire_inactive_after_days" => "Disable unused Drop-Off accounts",
        "files_max_file_mib" => "Largest file",
        "files_max_total_mib" => "Largest total per message",
        "files_max_files" => "Most files per message",
        "files_blocked_extensions" => "Refused file extensions",
        _ => "This field",
    }
}

/// Every problem of an invitation form, each entry of a recipient list on its own line.
pub(crate) fn invitation_errors(errors: &[InvitationInputError]) -> FieldErrors {
    let mut out = FieldErrors::default();
    for e in errors {
        match e {
            InvitationInputError::Recipients(AddresseesError::InvalidList { field, error }) => {
                for bad in error.entries() {
                    out.add(
                        field.name(),
                        format!("entry {} \"{}\": {}", bad.position, bad.entry, bad.reason),
                    );
                }
            }
            InvitationInputError::Recipients(AddresseesError::NoToRecipient) => {
                out.add("to", "enter at least one recipient");
            }
            InvitationInputError::Subject(s) => out.add("subject", s.to_string()),
            InvitationInputError::Message(m) => out.add("message", m.to_string()),
            other => out.add(other.field(), other.to_string()),
        }
    }
    out
}

pub(crate) fn password_errors(rules: &[PasswordRule], out: &mut FieldErrors, tr: postern_i18n::Tr<'_>) {
    for rule in rules {
        out.add("password", password_rule(rule).render(tr));
    }
}

/// A password rule broken, as the page says it.
pub(crate) fn password_rule(rule: &PasswordRule) -> Words {
    match rule {
        PasswordRule::MinLength(n) => Words::id("form-password-min-length").with("count", n.to_string()),
        PasswordRule::MaxLength(n) => Words::id("form-password-max-length").with("count", n.to_string()),
        PasswordRule::Lowercase => Words::id("form-password-lowercase"),
        PasswordRule::Uppercase => Words::id("form-password-uppercase"),
        PasswordRule::Digit => Words::id("form-password-digit"),
        PasswordRule::Symbol => Words::id("form-password-symbol"),
        PasswordRule::Common => Words::id("form-password-common"),
        PasswordRule::ContainsEmail => Words::id("form-password-contains-email"),
    }
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
    use postern_domain::text::DisplayNameError as E;
    match e {
        E::Empty => Words::id("form-name-empty"),
        E::TooLong(n) => Words::id("form-name-too-long").with("count", n.to_string()),
        E::InvalidCharacter(c) => Words::id("form-name-invalid-character").with("character", format!("{c:?}")),
    }
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
