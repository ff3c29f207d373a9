//! Free-text fields: subject, message and display name.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Longest subject, in characters.
pub const MAX_SUBJECT: usize = 256;
/// Longest message, in characters.
pub const MAX_MESSAGE: usize = 20_000;
/// Longest display name, in characters.
pub const MAX_DISPLAY_NAME: usize = 100;

/// The default subject of an invitation.
pub const DEFAULT_SUBJECT: &str = "You are invited to open a Drop-Off account on Postern";

/// The default message of an invitation.
pub const DEFAULT_MESSAGE: &str = "Please click the link below to create your Drop-Off account. \
With it you can receive the files I send you and send files back to me securely.";

/// An email subject: 1–256 characters, no control characters (a CR or LF would let text
/// into the message headers).
///
/// ```
/// use postern_domain::Subject;
///
/// assert_eq!(Subject::parse("  Your drop-off account ").unwrap().as_str(), "Your drop-off account");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Subject(String);

/// Why a subject is refused.
///
/// ```
/// use postern_domain::{Subject, SubjectError};
///
/// assert_eq!(Subject::parse(""), Err(SubjectError::Empty));
/// // A line break would let text into the message headers.
/// assert_eq!(Subject::parse("Hello\r\nBcc: eve@example.net"), Err(SubjectError::ControlCharacter(6)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SubjectError {
    /// Empty or only white space.
    #[error("the subject is empty")]
    Empty,
    /// Longer than 256 characters.
    #[error("the subject is {0} characters long; at most 256 are allowed")]
    TooLong(usize),
    /// Contains a control character (CR, LF, TAB, …) at this 1-based character position.
    #[error("the subject contains a control character at position {0}")]
    ControlCharacter(usize),
}

impl Subject {
    /// Parses a subject; surrounding white space is removed.
    ///
    /// # Errors
    /// [`SubjectError`].
    pub fn parse(text: &str) -> Result<Self, SubjectError> {
        let text = text.trim_matches(' ');
        if let Some(pos) = text.chars().position(char::is_control) {
            return Err(SubjectError::ControlCharacter(pos + 1));
        }
        let text = text.trim();
        let len = text.chars().count();
        if len == 0 {
            return Err(SubjectError::Empty);
        }
        if len > MAX_SUBJECT {
            return Err(SubjectError::TooLong(len));
        }
        Ok(Self(text.to_owned()))
    }

    /// The subject text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The sender's message: not empty, at most 20,000 characters, line breaks normalised to LF,
/// no control characters other than line breaks and tabs.
///
/// ```
/// use postern_domain::MessageBody;
///
/// let body = MessageBody::parse("Dear Ann,\r\nplease upload the statements.").unwrap();
/// assert_eq!(body.as_str(), "Dear Ann,\nplease upload the statements.");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MessageBody(String);

/// Why a message is refused.
///
/// ```
/// use postern_domain::{MessageBody, MessageBodyError};
///
/// assert_eq!(MessageBody::parse(" \n "), Err(MessageBodyError::Empty));
/// assert_eq!(MessageBody::parse(&"x".repeat(20_001)), Err(MessageBodyError::TooLong(20_001)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MessageBodyError {
    /// Empty or only white space.
    #[error("the message is empty")]
    Empty,
    /// Longer than the limit.
    #[error("the message is {0} characters long; at most 20000 are allowed")]
    TooLong(usize),
    /// A control character other than line break or tab.
    #[error("the message contains a control character at position {0}")]
    ControlCharacter(usize),
}

impl MessageBody {
    /// Parses a message.
    ///
    /// # Errors
    /// [`MessageBodyError`].
    pub fn parse(text: &str) -> Result<Self, MessageBodyError> {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let text = text.trim();
        if text.is_empty() {
            return Err(MessageBodyError::Empty);
        }
        if let Some(pos) = text.chars().position(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(MessageBodyError::ControlCharacter(pos + 1));
        }
        let len = text.chars().count();
        if len > MAX_MESSAGE {
            return Err(MessageBodyError::TooLong(len));
        }
        Ok(Self(text.to_owned()))
    }

    /// The message text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Characters that change how a text is shown without being seen: direction overrides and
/// isolates (which make `gnp.exe` read as `exe.png`, or reverse an address shown after a
/// name), zero-width characters, the byte-order mark, the soft hyphen.
pub fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}')
}

/// A person's display name: 1–100 characters, no control characters, no `<`, `>` or `"`
/// (they would be confusing in an email header), no invisible direction or width characters.
///
/// ```
/// use postern_domain::DisplayName;
///
/// assert_eq!(DisplayName::parse(" Ann Smith ").unwrap().as_str(), "Ann Smith");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

/// Why a display name is refused.
///
/// ```
/// use postern_domain::{DisplayName, DisplayNameError};
///
/// assert_eq!(DisplayName::parse("Ann <admin@example.org>"), Err(DisplayNameError::InvalidCharacter('<')));
/// // A direction override would show "gnp.exe" as "exe.png".
/// assert!(DisplayName::parse("Ann \u{202E}nimda").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DisplayNameError {
    /// Empty or only white space.
    #[error("the name is empty")]
    Empty,
    /// Longer than 100 characters.
    #[error("the name is {0} characters long; at most 100 are allowed")]
    TooLong(usize),
    /// A character that is not allowed.
    #[error("the name may not contain {0:?}")]
    InvalidCharacter(char),
}

impl DisplayName {
    /// Parses a display name; inner runs of white space become one space.
    ///
    /// # Errors
    /// [`DisplayNameError`].
    pub fn parse(text: &str) -> Result<Self, DisplayNameError> {
        if let Some(c) = text
            .chars()
            .find(|c| c.is_control() || invisible(*c) || matches!(c, '<' | '>' | '"'))
        {
            return Err(DisplayNameError::InvalidCharacter(c));
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let len = text.chars().count();
        if len == 0 {
            return Err(DisplayNameError::Empty);
        }
        if len > MAX_DISPLAY_NAME {
            return Err(DisplayNameError::TooLong(len));
        }
        Ok(Self(text))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! string_newtype_impls {
    ($t:ident, $err:ident) => {
        impl TryFrom<String> for $t {
            type Error = $err;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }
        impl From<$t> for String {
            fn from(value: $t) -> String {
                value.0
            }
        }
        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($t), self.0)
            }
        }
    };
}
string_newtype_impls!(Subject, SubjectError);
string_newtype_impls!(MessageBody, MessageBodyError);
string_newtype_impls!(DisplayName, DisplayNameError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_display_name_cannot_turn_text_around_or_hide_characters() {
        for sneaky in [
            "Gina\u{202e}GRO.ELPMAXE@FFATS",
            "Ann\u{200b}e",
            "Bob\u{2066}x\u{2069}",
            "\u{feff}Eve",
        ] {
            assert!(
                matches!(DisplayName::parse(sneaky), Err(DisplayNameError::InvalidCharacter(_))),
                "{sneaky:?}"
            );
        }
        assert!(DisplayName::parse("Zoë Ünal-O'Brien").is_ok());
    }

    #[test]
    fn subject_counts_characters_not_bytes() {
        let s = "é".repeat(256);
        assert!(Subject::parse(&s).is_ok());
        assert_eq!(
            Subject::parse(&"é".repeat(257)).unwrap_err(),
            SubjectError::TooLong(257)
        );
        assert_eq!(
            Subject::parse(&"a".repeat(257)).unwrap_err(),
            SubjectError::TooLong(257)
        );
    }

    #[test]
    fn subject_refuses_empty_and_control_characters() {
        assert_eq!(Subject::parse("   ").unwrap_err(), SubjectError::Empty);
        assert_eq!(
            Subject::parse("Hi\r\nBcc: x@example.com").unwrap_err(),
            SubjectError::ControlCharacter(3)
        );
        assert_eq!(Subject::parse("a\tb").unwrap_err(), SubjectError::ControlCharacter(2));
        assert_eq!(Subject::parse("\u{7f}").unwrap_err(), SubjectError::ControlCharacter(1));
        assert_eq!(Subject::parse(DEFAULT_SUBJECT).unwrap().as_str(), DEFAULT_SUBJECT);
    }

    #[test]
    fn message_rules() {
        assert_eq!(MessageBody::parse(" \n ").unwrap_err(), MessageBodyError::Empty);
        assert_eq!(MessageBody::parse("a\r\nb").unwrap().as_str(), "a\nb");
        assert!(MessageBody::parse("a\u{0}b").is_err());
        assert!(MessageBody::parse(&"x".repeat(MAX_MESSAGE)).is_ok());
        assert_eq!(
            MessageBody::parse(&"x".repeat(MAX_MESSAGE + 1)).unwrap_err(),
            MessageBodyError::TooLong(MAX_MESSAGE + 1)
        );
    }

    #[test]
    fn display_name_rules() {
        assert_eq!(DisplayName::parse("  Jane   Roe ").unwrap().as_str(), "Jane Roe");
        assert_eq!(DisplayName::parse("").unwrap_err(), DisplayNameError::Empty);
        assert_eq!(
            DisplayName::parse("a<b").unwrap_err(),
            DisplayNameError::InvalidCharacter('<')
        );
        assert_eq!(
            DisplayName::parse("a\nb").unwrap_err(),
            DisplayNameError::InvalidCharacter('\n')
        );
        assert!(DisplayName::parse(&"n".repeat(101)).is_err());
    }
}
