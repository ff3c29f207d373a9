//! Checking an invitation before it is sent, with no portal behind it: what a mail add-in
//! asks about a recipient list, what a provisioning script asks before it sends, and what the
//! API answers when it refuses.
//!
//! [`invitation`] reads the form as typed, judges it by the administrator's settings, and
//! returns every problem; [`problems`] lays them out the way the API does, one [`Problem`]
//! per offending entry, each with the API's stable code.
//!
//! ```
//! use postern_domain::{InvitationForm, PortalSettings, check};
//!
//! let mut settings = PortalSettings::default();
//! settings.recipients.allowed_domains = vec!["example.org".into()];
//! let form = InvitationForm {
//!     to: "\"Doe, John\" <jd@example.org>; a@example.com",
//!     cc: "not an address",
//!     subject: "Your drop-off account",
//!     message: "Please upload the files.",
//!     ..Default::default()
//! };
//! let errors = check::invitation(&form, &settings, None).unwrap_err();
//! let found: Vec<_> = check::problems(&errors)
//!     .iter()
//!     .map(|p| (p.code, p.field, p.entry, p.position))
//!     .collect();
//! // The CC list cannot be read: its entry is named with its position. The domain rule is
//! // judged once every list reads.
//! assert_eq!(found, [("invalid_recipients", "cc", Some("not an address"), Some(1))]);
//!
//! let form = InvitationForm { cc: "", ..form };
//! let errors = check::invitation(&form, &settings, None).unwrap_err();
//! let problem: &check::Problem = &check::problems(&errors)[0];
//! assert_eq!((problem.code, problem.entry), ("invalid_recipients", Some("a@example.com")));
//! assert!(matches!(problem.reason, check::Reason::Policy(_)));
//! assert_eq!(problem.reason.to_string(), "a@example.com: invitations to this domain are not allowed");
//! ```

use std::fmt;

use crate::policy::{PortalSettings, RecipientPolicyError};
use crate::recipients::{AddresseesError, EntryError};
use crate::usecases::{InvitationForm, InvitationInputError, InvitationRequest};
use crate::{EmailAddress, Language};

/// One problem as Postern refuses it: the API's code, the field, the entry concerned and its
/// position in its list, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Problem<'a> {
    /// The API's stable code (`invalid_recipients`, `group_address`, …).
    pub code: &'static str,
    /// The field of the form or the API (`to`, `cc`, `bcc`, `subject`, an option's name, …).
    pub field: &'static str,
    /// The entry or address concerned, as typed.
    pub entry: Option<&'a str>,
    /// The entry's 1-based position among the non-blank entries of its list (unreadable
    /// entries only).
    pub position: Option<usize>,
    /// Why; its `Display` is the English sentence (the portal words it in the reader's
    /// language from the same value).
    pub reason: Reason<'a>,
}

/// Why a [`Problem`] is refused: the error that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason<'a> {
    /// One entry of a list cannot be read.
    Entry(&'a EntryError),
    /// The recipient policy refuses an address, or the number of recipients.
    Policy(&'a RecipientPolicyError),
    /// Anything else: subject, message, an option, the sender's own address, a group, …
    Input(&'a InvitationInputError),
}

impl fmt::Display for Reason<'_> {
    /// The sentence without the field's name in front (the problem names its field).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Entry(e) => e.fmt(f),
            Reason::Policy(e) => e.fmt(f),
            Reason::Input(e) => {
                let text = e.to_string();
                f.write_str(text.strip_prefix(&format!("{}: ", e.field())).unwrap_or(&text))
            }
        }
    }
}

/// An invitation's language that is not one of the portal's (the API's code
/// `unsupported_language`, field `language`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not one of the portal's languages ({codes})", codes = Language::codes())]
pub struct UnsupportedLanguage(pub String);

impl UnsupportedLanguage {
    /// The API's code.
    pub const CODE: &'static str = "unsupported_language";
    /// The field.
    pub const FIELD: &'static str = "language";
}

/// The language an invitation asks for: none, or an empty text, is the administrator's
/// default (`None`); a region is read as its language. It is checked before anything else,
/// and alone (as the API does).
///
/// ```
/// use postern_domain::{Language, check};
///
/// assert_eq!(check::language(Some("de-AT")), Ok(Some(Language::De)));
/// assert_eq!(check::language(Some(" ")), Ok(None));
/// let refused = check::language(Some("pt")).unwrap_err();
/// assert_eq!(refused.to_string(), "'pt' is not one of the portal's languages (en, de, fr, es, nl)");
/// ```
///
/// # Errors
/// [`UnsupportedLanguage`] with the code as given (its first 40 characters).
pub fn language(code: Option<&str>) -> Result<Option<Language>, UnsupportedLanguage> {
    match code.map(str::trim) {
        None | Some("") => Ok(None),
        Some(code) => Language::parse(code)
            .map(Some)
            .ok_or_else(|| UnsupportedLanguage(code.chars().take(40).collect())),
    }
}

/// Reads `form` and judges it by `settings`: every problem Postern would refuse it for without
/// asking its accounts or its directory (see [`InvitationRequest::refusals`]). While a field
/// cannot be read, only the reading problems are returned, as the API does.
///
/// `sender`: the sender's address when known (nobody invites themselves).
///
/// To judge a request that invites groups on purpose (the API's `include_group_addresses`),
/// parse it, set [`InvitationRequest::include_group_addresses`] and ask
/// [`InvitationRequest::refusals`], as the example tool `recipient_check` does.
///
/// # Errors
/// Every problem, in the order the API lists them.
pub fn invitation(
    form: &InvitationForm<'_>,
    settings: &PortalSettings,
    sender: Option<&EmailAddress>,
) -> Result<InvitationRequest, Vec<InvitationInputError>> {
    let request = InvitationRequest::parse(form)?;
    let refusals = request.refusals(settings, sender);
    if refusals.is_empty() {
        Ok(request)
    } else {
        Err(refusals)
    }
}

/// The problems laid out one per offending entry, in order: a list that cannot be read gives
/// one problem per bad entry.
///
/// ```
/// use postern_domain::{InvitationForm, InvitationRequest, check};
///
/// let form = InvitationForm { to: "a@example.org, b@, c@example.org d@example.org", ..Default::default() };
/// let errors = InvitationRequest::parse(&form).unwrap_err();
/// let positions: Vec<_> = check::problems(&errors).iter().map(|p| (p.field, p.position)).collect();
/// // Two bad entries in To (the second and the third), then the empty subject and message.
/// assert_eq!(positions, [("to", Some(2)), ("to", Some(3)), ("subject", None), ("message", None)]);
/// ```
pub fn problems(errors: &[InvitationInputError]) -> Vec<Problem<'_>> {
    let mut out = Vec::new();
    for e in errors {
        match e {
            InvitationInputError::Recipients(AddresseesError::InvalidList { field, error }) => {
                out.extend(error.entries().map(|bad| Problem {
                    code: e.code(),
                    field: field.name(),
                    entry: Some(&bad.entry),
                    position: Some(bad.position),
                    reason: Reason::Entry(&bad.reason),
                }));
            }
            InvitationInputError::RecipientPolicy { error, .. } => out.push(Problem {
                code: e.code(),
                field: e.field(),
                entry: error.address(),
                position: None,
                reason: Reason::Policy(error),
            }),
            InvitationInputError::HasAccount(address)
            | InvitationInputError::OwnAddress { address, .. }
            | InvitationInputError::GroupAddress(address) => out.push(Problem {
                code: e.code(),
                field: e.field(),
                entry: Some(address),
                position: None,
                reason: Reason::Input(e),
            }),
            other => out.push(Problem {
                code: other.code(),
                field: other.field(),
                entry: None,
                position: None,
                reason: Reason::Input(other),
            }),
        }
    }
    out
}
