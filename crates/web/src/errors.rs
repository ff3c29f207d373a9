//! Field errors for forms, and the one mapping from domain errors to what a page says (the
//! refusals that are a page of their own become a [`PageError`]).

use poem::http::StatusCode;
use postern_domain::password::PasswordRule;
use postern_domain::recipients::AddresseesError;
use postern_domain::usecases::InvitationInputError;

use crate::extract::PageError;

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
    /// `(field id, message)` pairs for the summary at the top.
    pub fn summary(&self) -> Vec<(String, String)> {
        self.entries
            .iter()
            .map(|(f, m)| (anchor(f).to_owned(), format!("{}: {m}", label(f))))
            .collect()
    }
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
        // The administrators' settings.
        "portal_name" => "Portal name",
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

pub(crate) fn password_errors(rules: &[PasswordRule], out: &mut FieldErrors) {
    for rule in rules {
        out.add("password", rule.to_string());
    }
}

impl From<postern_domain::usecases::DownloadError> for PageError {
    fn from(e: postern_domain::usecases::DownloadError) -> Self {
        use postern_domain::usecases::DownloadError as D;
        let (status, title) = match &e {
            D::Unknown | D::NoSuchFile => (StatusCode::NOT_FOUND, "Not found"),
            D::Expired => (StatusCode::GONE, "These files have expired"),
            D::Revoked => (StatusCode::GONE, "This link was revoked"),
            D::Exhausted(_) => (StatusCode::GONE, "Download limit reached"),
            D::SignInRequired(_) => (StatusCode::UNAUTHORIZED, "Sign in to download"),
            D::NotYours(_) => (StatusCode::FORBIDDEN, "These files are for someone else"),
            D::Unreadable { cause, .. } => {
                tracing::warn!(error = %cause, "a stored file could not be read for a download");
                (StatusCode::SERVICE_UNAVAILABLE, "This file cannot be read right now")
            }
            D::Missing { attachment, .. } => {
                tracing::error!(%attachment, "a stored file is missing from the attachment store");
                (StatusCode::GONE, "This file is no longer available")
            }
            D::Store(s) => return PageError::Internal(s.clone()),
        };
        let link = matches!(e, D::SignInRequired(_) | D::NotYours(_)).then_some(("/sign-in", "Go to sign in"));
        PageError::Message {
            status,
            title,
            text: e.to_string(),
            link,
            contact: None,
        }
    }
}

/// A link that does not work, with whom to ask for a new one; the failures that are not the
/// visitor's (storage, a directory refusal the page should have shown as a field) are internal.
impl From<postern_domain::usecases::ActivationError> for PageError {
    fn from(error: postern_domain::usecases::ActivationError) -> Self {
        use postern_domain::usecases::ActivationError;
        let (status, title, text, contact) = match error {
            ActivationError::Unknown => (
                StatusCode::NOT_FOUND,
                "This link is not valid",
                "The activation link is incomplete or was never issued. Copy the whole link from your email.",
                None,
            ),
            ActivationError::Expired(p) => (
                StatusCode::GONE,
                "This link has expired",
                "Activation links work for a limited time only.",
                Some(p),
            ),
            ActivationError::Used(p) => (
                StatusCode::GONE,
                "This link was already used",
                if p.internal {
                    "Your access was activated with this link. Sign in with your organisation username and password."
                } else {
                    "The account for this invitation has been created. Sign in with your email address and password."
                },
                Some(p),
            ),
            ActivationError::Revoked(p) => (
                StatusCode::GONE,
                "This link was revoked",
                "The person who invited you revoked this link or sent you a newer one.",
                Some(p),
            ),
            ActivationError::AccountExists => (
                StatusCode::CONFLICT,
                "You already have an account",
                "An account with this address exists. Sign in instead.",
                None,
            ),
            ActivationError::DirectoryUnavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "The directory is not reachable",
                "Your organisation's directory is not reachable right now, so your account cannot be activated. Your link still works; try again in a few minutes.",
                None,
            ),
            ActivationError::NoEmailInDirectory => (
                StatusCode::FORBIDDEN,
                "Your directory account has no email address",
                "Your organisation's directory has no email address for your account, so it cannot use this portal. Ask your IT department to add one; your link still works.",
                None,
            ),
            e @ (ActivationError::Password(_)
            | ActivationError::Internal(_)
            | ActivationError::NotInternal
            | ActivationError::DirectoryCredentials
            | ActivationError::NotTheInvitee) => return PageError::internal(&e),
        };
        PageError::Message {
            status,
            title,
            text: text.to_owned(),
            link: Some(("/sign-in", "Go to sign in")),
            contact: contact.map(|p| (p.inviter_name, p.inviter_email.as_str().to_owned())),
        }
    }
}
