//! Email addresses: parsed once, compared without regard to letter case.

use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

/// Longest local part (RFC 5321 §4.5.3.1.1).
pub const MAX_LOCAL_PART: usize = 64;
/// Longest address (RFC 5321 path limit minus the angle brackets).
pub const MAX_ADDRESS: usize = 254;

/// A syntactically valid email address.
///
/// The address is kept as typed for display ([`EmailAddress::as_str`]); equality, hashing and
/// [`EmailAddress::normalized`] ignore letter case, and an internationalised domain is compared
/// in its ASCII (punycode) form.
///
/// ```
/// use postern_domain::EmailAddress;
///
/// let typed = EmailAddress::parse("Jane.Doe@Example.ORG").unwrap();
/// assert_eq!(typed.as_str(), "Jane.Doe@Example.ORG");
/// assert_eq!(typed, EmailAddress::parse("jane.doe@example.org").unwrap());
/// assert_eq!(typed.domain(), "example.org");
///
/// // An internationalised domain is the same address as its ASCII form.
/// let idn = EmailAddress::parse("info@bücher.example").unwrap();
/// assert_eq!(idn, EmailAddress::parse("info@xn--bcher-kva.example").unwrap());
/// ```
#[derive(Clone)]
pub struct EmailAddress {
    typed: String,
    normalized: String,
}

/// Why a text is not an email address.
///
/// ```
/// use postern_domain::{EmailAddress, EmailAddressError};
///
/// assert_eq!(EmailAddress::parse("ann@example.org bob@example.org"), Err(EmailAddressError::WhiteSpace));
/// assert_eq!(EmailAddress::parse("ann.example.org"), Err(EmailAddressError::MissingAt));
/// let error = EmailAddress::parse("ann@localhost").unwrap_err();
/// assert_eq!(error.to_string(), "'localhost' is not a valid domain");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EmailAddressError {
    /// Nothing was given.
    #[error("the address is empty")]
    Empty,
    /// Spaces, tabs or line breaks inside the address.
    #[error("the address contains white space; separate addresses with a comma or a semicolon")]
    WhiteSpace,
    /// No `@`.
    #[error("the address has no @ and no domain")]
    MissingAt,
    /// More than one `@`.
    #[error("the address contains more than one @; separate addresses with a comma or a semicolon")]
    SeveralAt,
    /// Nothing before the `@`.
    #[error("the part before the @ is empty")]
    EmptyLocalPart,
    /// The part before the `@` is longer than 64 characters.
    #[error("the part before the @ is {0} characters long; at most 64 are allowed")]
    LocalPartTooLong(usize),
    /// A character that is not allowed before the `@`.
    #[error("the character '{0}' is not allowed in an address; separate addresses with a comma or a semicolon")]
    InvalidCharacter(char),
    /// Dots at the start or end of the local part, or two in a row.
    #[error("the part before the @ has a misplaced dot")]
    MisplacedDot,
    /// Nothing after the `@`.
    #[error("the address has no domain after the @")]
    MissingDomain,
    /// The domain is not a valid (possibly internationalised) host name with at least two labels.
    #[error("'{0}' is not a valid domain")]
    InvalidDomain(String),
    /// The whole address exceeds 254 characters.
    #[error("the address is {0} characters long; at most 254 are allowed")]
    TooLong(usize),
}

fn is_local_char(c: char) -> bool {
    // RFC 5322 atext, minus `|` and `/`: Postern treats those as mistyped delimiters.
    c.is_ascii_alphanumeric() || "!#$%&'*+=?^_`{}~-.".contains(c)
}

impl EmailAddress {
    /// Parses one bare address (`local@domain`), with no surrounding white space.
    ///
    /// # Errors
    /// [`EmailAddressError`] saying what is wrong with the text.
    pub fn parse(text: &str) -> Result<Self, EmailAddressError> {
        if text.is_empty() {
            return Err(EmailAddressError::Empty);
        }
        if text.chars().any(char::is_whitespace) {
            return Err(EmailAddressError::WhiteSpace);
        }
        let (local, domain) = match text.rsplit_once('@') {
            None => return Err(EmailAddressError::MissingAt),
            Some(_) if text.matches('@').count() > 1 => return Err(EmailAddressError::SeveralAt),
            Some(parts) => parts,
        };
        if local.is_empty() {
            return Err(EmailAddressError::EmptyLocalPart);
        }
        if let Some(bad) = local.chars().find(|c| !is_local_char(*c)) {
            return Err(EmailAddressError::InvalidCharacter(bad));
        }
        if local.len() > MAX_LOCAL_PART {
            return Err(EmailAddressError::LocalPartTooLong(local.len()));
        }
        if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
            return Err(EmailAddressError::MisplacedDot);
        }
        if domain.is_empty() {
            return Err(EmailAddressError::MissingDomain);
        }
        let ascii_domain = ascii_domain(domain)?;
        let mut normalized = String::with_capacity(local.len() + 1 + ascii_domain.len());
        normalized.extend(local.chars().map(|c| c.to_ascii_lowercase()));
        normalized.push('@');
        normalized.push_str(&ascii_domain);
        if normalized.len() > MAX_ADDRESS {
            return Err(EmailAddressError::TooLong(normalized.len()));
        }
        // Final RFC 5322 check of the ASCII form by a maintained parser.
        if !email_address::EmailAddress::is_valid(&normalized) {
            return Err(EmailAddressError::InvalidDomain(domain.to_owned()));
        }
        Ok(Self {
            typed: text.to_owned(),
            normalized,
        })
    }

    /// The address as it was typed.
    pub fn as_str(&self) -> &str {
        &self.typed
    }

    /// The comparison form: lower case, domain in ASCII.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// The address with its domain in ASCII (punycode) and the local part as typed: the form
    /// for SMTP envelopes and message headers.
    pub fn to_ascii(&self) -> String {
        let local = self.typed.rsplit_once('@').map(|(l, _)| l).unwrap_or_default();
        format!("{local}@{}", self.domain())
    }

    /// The domain in its lower-case ASCII form.
    pub fn domain(&self) -> &str {
        self.normalized.rsplit_once('@').map(|(_, d)| d).unwrap_or_default()
    }
}

fn ascii_domain(domain: &str) -> Result<String, EmailAddressError> {
    let invalid = || EmailAddressError::InvalidDomain(domain.to_owned());
    // A domain of ASCII letters, digits, hyphens and dots with no label hyphenated in its
    // third and fourth place (a punycode `xn--` label, or one UTS 46 refuses) is its own ASCII
    // form, lowercased: what UTS 46 maps it to. The label checks below apply to both.
    let plain = domain
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !domain.split('.').any(|label| label.get(2..4) == Some("--"));
    let ascii = if plain {
        domain.to_ascii_lowercase()
    } else {
        idna::domain_to_ascii_strict(domain).map_err(|_| invalid())?
    };
    if ascii.len() > 253 || !ascii.contains('.') {
        return Err(invalid());
    }
    for label in ascii.split('.') {
        let ldh = label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if label.is_empty() || label.len() > 63 || !ldh || label.starts_with('-') || label.ends_with('-') {
            return Err(invalid());
        }
    }
    if ascii
        .rsplit('.')
        .next()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(invalid());
    }
    Ok(ascii)
}

impl PartialEq for EmailAddress {
    fn eq(&self, other: &Self) -> bool {
        self.normalized == other.normalized
    }
}
impl Eq for EmailAddress {}
impl Hash for EmailAddress {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.normalized.hash(state);
    }
}
impl AsRef<str> for EmailAddress {
    fn as_ref(&self) -> &str {
        &self.typed
    }
}
impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.typed)
    }
}
impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EmailAddress({:?})", self.typed)
    }
}
impl std::str::FromStr for EmailAddress {
    type Err = EmailAddressError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}
impl Serialize for EmailAddress {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.typed)
    }
}
impl<'de> Deserialize<'de> for EmailAddress {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The shortcut for plain ASCII domains gives what UTS 46 gives, and refuses what the
        /// full path refuses.
        #[test]
        fn a_plain_ascii_domain_reads_as_uts46_reads_it(domain in "[a-zA-Z0-9.-]{0,40}|[a-zA-Z0-9-]{1,70}\\.[a-zA-Z0-9-]{1,5}") {
            let full = idna::domain_to_ascii_strict(&domain).ok().filter(|a| {
                let labels: Vec<&str> = a.split('.').collect();
                a.len() <= 253
                    && labels.len() >= 2
                    && labels.iter().all(|l| {
                        !l.is_empty()
                            && l.len() <= 63
                            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                            && !l.starts_with('-')
                            && !l.ends_with('-')
                    })
                    && !labels.last().is_some_and(|t| t.chars().all(|c| c.is_ascii_digit()))
            });
            proptest::prop_assert_eq!(ascii_domain(&domain).ok(), full);
        }
    }

    #[test]
    fn accepts_ordinary_and_keeps_typed_form() {
        let a = EmailAddress::parse("Jane.Doe+tag@Example.COM").unwrap();
        assert_eq!(a.as_str(), "Jane.Doe+tag@Example.COM");
        assert_eq!(a.normalized(), "jane.doe+tag@example.com");
        assert_eq!(a.domain(), "example.com");
    }

    #[test]
    fn case_insensitive_equality() {
        let a = EmailAddress::parse("A@Example.com").unwrap();
        let b = EmailAddress::parse("a@example.COM").unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn internationalised_domain_is_accepted_and_compared_in_ascii() {
        let a = EmailAddress::parse("user@bücher.example").unwrap();
        assert_eq!(a.domain(), "xn--bcher-kva.example");
        let b = EmailAddress::parse("USER@xn--bcher-kva.example").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.as_str(), "user@bücher.example");
        assert_eq!(a.to_ascii(), "user@xn--bcher-kva.example");
    }

    #[test]
    fn rejects_with_specific_reasons() {
        use EmailAddressError as E;
        let cases: &[(&str, E)] = &[
            ("", E::Empty),
            ("a@example.com b@example.com", E::WhiteSpace),
            ("a\t@example.com", E::WhiteSpace),
            ("example.com", E::MissingAt),
            ("a@b@example.com", E::SeveralAt),
            ("@example.com", E::EmptyLocalPart),
            ("a|b@example.com", E::InvalidCharacter('|')),
            ("a/b@example.com", E::InvalidCharacter('/')),
            (".a@example.com", E::MisplacedDot),
            ("a..b@example.com", E::MisplacedDot),
            ("a@", E::MissingDomain),
            ("a@localhost", E::InvalidDomain("localhost".into())),
            ("a@exa_mple.com", E::InvalidDomain("exa_mple.com".into())),
            ("a@-x.com", E::InvalidDomain("-x.com".into())),
            ("a@1.2.3.4", E::InvalidDomain("1.2.3.4".into())),
        ];
        for (text, expected) in cases {
            assert_eq!(EmailAddress::parse(text).unwrap_err(), *expected, "{text}");
        }
    }

    #[test]
    fn rfc5321_length_limits() {
        let local64 = "a".repeat(64);
        assert!(EmailAddress::parse(&format!("{local64}@example.com")).is_ok());
        let local65 = "a".repeat(65);
        assert_eq!(
            EmailAddress::parse(&format!("{local65}@example.com")).unwrap_err(),
            EmailAddressError::LocalPartTooLong(65)
        );
        // 64 + 1 + 189 = 254 fits; one more does not.
        let label = "b".repeat(60);
        let domain = format!("{label}.{label}.{label}.{}.com", "c".repeat(2));
        let ok = format!("{local64}@{domain}");
        assert_eq!(ok.len(), 254);
        assert!(EmailAddress::parse(&ok).is_ok());
        let domain = format!("{label}.{label}.{label}.{}.com", "c".repeat(3));
        let too_long = format!("{local64}@{domain}");
        assert_eq!(
            EmailAddress::parse(&too_long).unwrap_err(),
            EmailAddressError::TooLong(255)
        );
    }
}
