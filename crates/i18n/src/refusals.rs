//! Why a value is refused, as the portal says it: the message of the files and its values,
//! chosen before the reader's language is known. The pages, the API and the command line say
//! each refusal from here, so that one refusal reads the same everywhere.

use postern_domain::EmailAddressError;
use postern_domain::password::PasswordRule;
use postern_domain::text::DisplayNameError;

use crate::{Tr, Value};

/// A message id of the files and the values it is written with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The message id.
    pub id: &'static str,
    /// Its values, by name.
    pub values: Vec<(&'static str, String)>,
}

impl Message {
    /// A message without values.
    pub fn new(id: &'static str) -> Self {
        Self { id, values: Vec::new() }
    }

    /// The same message with one more value.
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.values.push((name, value.into()));
        self
    }

    /// The message in `tr`'s language.
    pub fn render(&self, tr: Tr<'_>) -> String {
        let args: Vec<(&str, Value<'_>)> = self.values.iter().map(|(n, v)| (*n, value(v))).collect();
        tr.args(self.id, &args)
    }
}

/// A value for a message: a whole number is given as a number, so that plurals select on it.
pub fn value(v: &str) -> Value<'_> {
    let number =
        !v.is_empty() && v.len() < 16 && v.bytes().all(|b| b.is_ascii_digit()) && (v == "0" || !v.starts_with('0'));
    match v.parse::<i64>() {
        Ok(n) if number => n.into(),
        _ => v.into(),
    }
}

/// Why an address is refused.
pub fn address(e: &EmailAddressError) -> Message {
    use EmailAddressError as E;
    match e {
        E::Empty => Message::new("form-address-empty"),
        E::WhiteSpace => Message::new("form-address-white-space"),
        E::MissingAt => Message::new("form-address-missing-at"),
        E::SeveralAt => Message::new("form-address-several-at"),
        E::EmptyLocalPart => Message::new("form-address-empty-local"),
        E::LocalPartTooLong(n) => Message::new("form-address-local-too-long").with("count", n.to_string()),
        E::InvalidCharacter(c) => Message::new("form-address-character").with("character", c.to_string()),
        E::MisplacedDot => Message::new("form-address-dot"),
        E::MissingDomain => Message::new("form-address-missing-domain"),
        E::InvalidDomain(d) => Message::new("form-address-domain").with("domain", d.clone()),
        E::TooLong(n) => Message::new("form-address-too-long").with("count", n.to_string()),
    }
}

/// Why a display name is refused.
pub fn display_name(e: &DisplayNameError) -> Message {
    use DisplayNameError as E;
    match e {
        E::Empty => Message::new("form-name-empty"),
        E::TooLong(n) => Message::new("form-name-too-long").with("count", n.to_string()),
        E::InvalidCharacter(c) => Message::new("form-name-invalid-character").with("character", format!("{c:?}")),
    }
}

/// A password rule broken.
pub fn password_rule(rule: &PasswordRule) -> Message {
    match rule {
        PasswordRule::MinLength(n) => Message::new("form-password-min-length").with("count", n.to_string()),
        PasswordRule::MaxLength(n) => Message::new("form-password-max-length").with("count", n.to_string()),
        PasswordRule::Lowercase => Message::new("form-password-lowercase"),
        PasswordRule::Uppercase => Message::new("form-password-uppercase"),
        PasswordRule::Digit => Message::new("form-password-digit"),
        PasswordRule::Symbol => Message::new("form-password-symbol"),
        PasswordRule::Common => Message::new("form-password-common"),
        PasswordRule::ContainsEmail => Message::new("form-password-contains-email"),
    }
}

/// Why an API token was not made, and the field it concerns (`None`: a storage failure, which
/// is not the person's to mend).
pub fn token(e: &postern_domain::usecases::CreateTokenError) -> Option<(&'static str, Message)> {
    use postern_domain::usecases::CreateTokenError as E;
    Some(match e {
        E::InvalidName => ("name", Message::new("form-token-name")),
        E::Administrator => ("name", Message::new("form-token-administrator")),
        E::InvalidLifetime(max) => (
            "days",
            Message::new("form-token-days-range").with("max", max.to_string()),
        ),
        E::Store(_) => return None,
    })
}
