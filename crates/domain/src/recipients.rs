//! Recipient lists as people type them: `a@example.com; "Doe, John" <jdoe@example.org>`.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::address::{EmailAddress, EmailAddressError};

/// Longest display name accepted in `Name <address>`.
pub const MAX_RECIPIENT_NAME: usize = 200;

/// One addressee: an address and, when typed as `Name <address>`, a display name.
///
/// ```
/// use postern_domain::Recipient;
///
/// let r = Recipient::parse(r#""Doe, John" <JD@example.org>"#).unwrap();
/// assert_eq!((r.display_name(), r.address().as_str()), (Some("Doe, John"), "JD@example.org"));
/// // Written back as a mail header would have it.
/// assert_eq!(r.render(), r#""Doe, John" <JD@example.org>"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    address: EmailAddress,
    display_name: Option<String>,
}

impl Recipient {
    /// A recipient from parts already validated.
    pub fn new(address: EmailAddress, display_name: Option<String>) -> Self {
        let display_name = display_name.filter(|n| !n.trim().is_empty());
        Self { address, display_name }
    }

    /// The address.
    pub fn address(&self) -> &EmailAddress {
        &self.address
    }

    /// The display name, if one was given.
    pub fn display_name(&self) -> Option<&str> {
        self.display_name.as_deref()
    }

    /// Parses one entry of a list (no separators in it).
    ///
    /// # Errors
    /// [`EntryError`] with the reason.
    pub fn parse(entry: &str) -> Result<Self, EntryError> {
        let entry = entry.trim();
        let Some(open) = find_unquoted(entry, '<') else {
            if entry.contains('"') || entry.contains('>') {
                return Err(EntryError::Malformed);
            }
            return Ok(Self::new(EmailAddress::parse(entry)?, None));
        };
        let rest = &entry[open + 1..];
        let close = rest.find('>').ok_or(EntryError::Malformed)?;
        if !rest[close + 1..].trim().is_empty() {
            return Err(EntryError::TextAfterAddress);
        }
        let address = EmailAddress::parse(rest[..close].trim())?;
        let name = parse_phrase(entry[..open].trim())?;
        Ok(Self::new(address, name))
    }

    /// The entry in a form [`Recipient::parse`] reads back.
    pub fn render(&self) -> String {
        match &self.display_name {
            None => self.address.as_str().to_owned(),
            Some(name) => {
                let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
                format!("\"{escaped}\" <{}>", self.address.as_str())
            }
        }
    }
}

impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// Finds `needle` outside double quotes.
fn find_unquoted(text: &str, needle: char) -> Option<usize> {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == needle && !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// The display-name part before `<`: empty, a quoted string, or plain words.
fn parse_phrase(text: &str) -> Result<Option<String>, EntryError> {
    if text.is_empty() {
        return Ok(None);
    }
    let name = if let Some(inner) = text.strip_prefix('"') {
        let inner = inner.strip_suffix('"').ok_or(EntryError::Malformed)?;
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.push(chars.next().ok_or(EntryError::Malformed)?),
                '"' => return Err(EntryError::Malformed),
                c => out.push(c),
            }
        }
        out
    } else {
        if text.contains(['"', '<', '>', '@']) {
            return Err(EntryError::Malformed);
        }
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    // Invisible direction and width characters too: `"\u{202E}gro.elpmaxe@lla" <a@example.org>`
    // would show a name that reads as another address.
    if name.chars().any(|c| c.is_control() || crate::text::invisible(c)) {
        return Err(EntryError::ControlCharacter);
    }
    if name.chars().count() > MAX_RECIPIENT_NAME {
        return Err(EntryError::NameTooLong);
    }
    Ok(Some(name).filter(|n| !n.trim().is_empty()))
}

/// Why one entry of a recipient list is not acceptable.
///
/// ```
/// use postern_domain::{EmailAddressError, EntryError, Recipient};
///
/// assert_eq!(Recipient::parse("Ann <ann@example.org"), Err(EntryError::Malformed));
/// assert_eq!(Recipient::parse("Ann <ann@example.org> x"), Err(EntryError::TextAfterAddress));
/// assert_eq!(Recipient::parse("ann@"), Err(EntryError::Address(EmailAddressError::MissingDomain)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EntryError {
    /// The address itself is invalid.
    #[error(transparent)]
    Address(#[from] EmailAddressError),
    /// Unbalanced quotes or angle brackets.
    #[error("the entry is not an address nor Name <address>")]
    Malformed,
    /// Something follows the `>`.
    #[error("text follows the closing '>'; separate addresses with a comma or a semicolon")]
    TextAfterAddress,
    /// Control characters, or invisible direction or width characters, in the display name.
    #[error("the name contains control or invisible characters")]
    ControlCharacter,
    /// The display name is too long.
    #[error("the name is longer than 200 characters")]
    NameTooLong,
}

/// One bad entry: its text, its 1-based position among the non-blank entries, and why.
///
/// ```
/// use postern_domain::{EntryError, InvalidEntry, RecipientList};
///
/// let refused = RecipientList::parse("ann@example.org; Bob <bob@example.org").unwrap_err();
/// let first: &InvalidEntry = refused.first();
/// assert_eq!((first.position, first.entry.as_str()), (2, "Bob <bob@example.org"));
/// assert_eq!(first.reason, EntryError::Malformed);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidEntry {
    /// The entry as typed (trimmed).
    pub entry: String,
    /// 1-based position among the non-blank entries.
    pub position: usize,
    /// What is wrong with it.
    pub reason: EntryError,
}

/// A recipient list that could not be parsed: every bad entry, the first one foremost.
///
/// ```
/// use postern_domain::{RecipientList, RecipientListError};
///
/// let refused: RecipientListError = RecipientList::parse("a@example.org, b@, c@").unwrap_err();
/// assert_eq!((refused.position(), refused.entry()), (2, "b@"));
/// assert_eq!(refused.entries().count(), 2);
/// assert_eq!(refused.to_string(), r#"entry 2 "b@": the address has no domain after the @"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("entry {position} \"{entry}\": {reason}", position = self.first().position, entry = self.first().entry, reason = self.first().reason)]
pub struct RecipientListError {
    first: InvalidEntry,
    rest: Vec<InvalidEntry>,
}

impl RecipientListError {
    /// The first offending entry, as typed.
    pub fn entry(&self) -> &str {
        &self.first.entry
    }
    /// The first offending entry's 1-based position among the non-blank entries.
    pub fn position(&self) -> usize {
        self.first.position
    }
    /// Why the first offending entry is refused.
    pub fn reason(&self) -> &EntryError {
        &self.first.reason
    }
    /// The first offending entry.
    pub fn first(&self) -> &InvalidEntry {
        &self.first
    }
    /// Every offending entry, in order.
    pub fn entries(&self) -> impl Iterator<Item = &InvalidEntry> {
        std::iter::once(&self.first).chain(self.rest.iter())
    }
}

/// A parsed list of recipients, without duplicates (compared without letter case; the first
/// occurrence is kept).
///
/// ```
/// use postern_domain::RecipientList;
///
/// let list = RecipientList::parse("ann@example.org; Ann Other <ANN@example.org>, bob@example.org,, ").unwrap();
/// // The same address twice is one recipient (the first as typed); blank entries are no entries.
/// assert_eq!(list.len(), 2);
/// assert_eq!(list.render(), "ann@example.org, bob@example.org");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientList {
    recipients: Vec<Recipient>,
}

/// Splits on `,` and `;` outside double quotes; blank entries are dropped.
fn split_entries(text: &str) -> Vec<&str> {
    let mut entries = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' | ';' if !quoted => {
                entries.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    entries.push(&text[start..]);
    entries.into_iter().map(str::trim).filter(|e| !e.is_empty()).collect()
}

impl RecipientList {
    /// The entries of `text` that are addresses, leaving out the ones that are not (to look
    /// at what a form with mistakes already names).
    pub fn readable(text: &str) -> Vec<Recipient> {
        split_entries(text)
            .into_iter()
            .filter_map(|e| Recipient::parse(e).ok())
            .collect()
    }

    /// Parses a list separated by commas or semicolons.
    ///
    /// # Errors
    /// [`RecipientListError`] naming every bad entry and its position.
    pub fn parse(text: &str) -> Result<Self, RecipientListError> {
        let mut errors = Vec::new();
        let mut list = Self::default();
        let mut seen = HashSet::new();
        for (index, entry) in split_entries(text).into_iter().enumerate() {
            match Recipient::parse(entry) {
                Ok(recipient) => {
                    if seen.insert(recipient.address().clone()) {
                        list.recipients.push(recipient);
                    }
                }
                Err(reason) => errors.push(InvalidEntry {
                    entry: entry.to_owned(),
                    position: index + 1,
                    reason,
                }),
            }
        }
        let mut errors = errors.into_iter();
        match errors.next() {
            None => Ok(list),
            Some(first) => Err(RecipientListError {
                first,
                rest: errors.collect(),
            }),
        }
    }

    /// Builds a list from recipients, merging duplicates.
    pub fn from_recipients(recipients: impl IntoIterator<Item = Recipient>) -> Self {
        // Merging in one pass: a list of thousands costs thousands of steps, not millions.
        let mut seen = HashSet::new();
        Self {
            recipients: recipients
                .into_iter()
                .filter(|r| seen.insert(r.address().clone()))
                .collect(),
        }
    }

    /// Whether the address is in the list (ignoring letter case).
    pub fn contains(&self, address: &EmailAddress) -> bool {
        self.recipients.iter().any(|r| r.address() == address)
    }

    /// Number of distinct recipients.
    pub fn len(&self) -> usize {
        self.recipients.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.recipients.is_empty()
    }

    /// The recipients in the order typed.
    pub fn iter(&self) -> std::slice::Iter<'_, Recipient> {
        self.recipients.iter()
    }

    /// The list as text that [`RecipientList::parse`] reads back: entries joined by `, `.
    pub fn render(&self) -> String {
        self.recipients
            .iter()
            .map(Recipient::render)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl<'a> IntoIterator for &'a RecipientList {
    type Item = &'a Recipient;
    type IntoIter = std::slice::Iter<'a, Recipient>;
    fn into_iter(self) -> Self::IntoIter {
        self.recipients.iter()
    }
}

/// How a recipient was addressed.
///
/// ```
/// use postern_domain::Role;
///
/// assert_eq!(Role::from_name("cc"), Some(Role::Cc));
/// assert_eq!(Role::Bcc.as_str(), "bcc");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// In the To list.
    To,
    /// In the CC list.
    Cc,
    /// In the BCC list: never shown in any header.
    Bcc,
}

impl Role {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::To => "to",
            Role::Cc => "cc",
            Role::Bcc => "bcc",
        }
    }
    /// Reads [`Role::as_str`] back.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "to" => Some(Role::To),
            "cc" => Some(Role::Cc),
            "bcc" => Some(Role::Bcc),
            _ => None,
        }
    }
}

/// Which form field a recipient problem concerns.
///
/// ```
/// use postern_domain::{Addressees, AddresseesError, RecipientField};
///
/// let errors = Addressees::parse("ann@example.org", "", "not-an-address").unwrap_err();
/// let AddresseesError::InvalidList { field, .. } = &errors[0] else { unreachable!() };
/// assert_eq!(*field, RecipientField::Bcc);
/// assert_eq!(field.name(), "bcc");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecipientField {
    /// The To field.
    To,
    /// The CC field.
    Cc,
    /// The BCC field.
    Bcc,
}

impl From<Role> for RecipientField {
    fn from(role: Role) -> Self {
        match role {
            Role::To => RecipientField::To,
            Role::Cc => RecipientField::Cc,
            Role::Bcc => RecipientField::Bcc,
        }
    }
}

impl RecipientField {
    /// The field name used by forms and the API.
    pub fn name(self) -> &'static str {
        match self {
            RecipientField::To => "to",
            RecipientField::Cc => "cc",
            RecipientField::Bcc => "bcc",
        }
    }
}

/// Why To/CC/BCC together are not acceptable.
///
/// ```
/// use postern_domain::{Addressees, AddresseesError};
///
/// // CC alone is not enough: someone must be in To.
/// assert_eq!(Addressees::parse("", "ann@example.org", ""), Err(vec![AddresseesError::NoToRecipient]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AddresseesError {
    /// One of the lists has bad entries.
    #[error("{}: {error}", field.name())]
    InvalidList {
        /// Which field.
        field: RecipientField,
        /// The entries.
        error: RecipientListError,
    },
    /// No To recipient.
    #[error("to: at least one recipient is required")]
    NoToRecipient,
}

/// The To, CC and BCC lists of one invitation, merged so that every address appears once:
/// an address in To is dropped from CC and BCC, one in CC from BCC.
///
/// ```
/// use postern_domain::{Addressees, Role};
///
/// let all = Addressees::parse("ann@example.org", "bob@example.org; ANN@example.org", "bob@example.org; cy@example.org").unwrap();
/// // Ann is in To, so not in CC; Bob is in CC, so not in BCC.
/// assert_eq!(all.len(), 3);
/// let roles: Vec<_> = all.iter().map(|(role, r)| (role.as_str(), r.address().as_str())).collect();
/// assert_eq!(roles, [("to", "ann@example.org"), ("cc", "bob@example.org"), ("bcc", "cy@example.org")]);
/// assert_eq!(all.bcc().len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressees {
    to: RecipientList,
    cc: RecipientList,
    bcc: RecipientList,
}

impl Addressees {
    /// Parses the three fields; every field's errors are reported, To's first.
    ///
    /// # Errors
    /// [`AddresseesError`]; all errors are returned, To first.
    pub fn parse(to: &str, cc: &str, bcc: &str) -> Result<Self, Vec<AddresseesError>> {
        let mut errors = Vec::new();
        let mut parse = |field, text| {
            RecipientList::parse(text).unwrap_or_else(|error| {
                errors.push(AddresseesError::InvalidList { field, error });
                RecipientList::default()
            })
        };
        let to_list = parse(RecipientField::To, to);
        let cc_list = parse(RecipientField::Cc, cc);
        let bcc_list = parse(RecipientField::Bcc, bcc);
        if to_list.is_empty()
            && !errors.iter().any(|e| {
                matches!(
                    e,
                    AddresseesError::InvalidList {
                        field: RecipientField::To,
                        ..
                    }
                )
            })
        {
            errors.insert(0, AddresseesError::NoToRecipient);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Self::new(to_list, cc_list, bcc_list).map_err(|e| vec![e])
    }

    /// Merges already parsed lists.
    ///
    /// # Errors
    /// [`AddresseesError::NoToRecipient`] when To is empty.
    pub fn new(to: RecipientList, cc: RecipientList, bcc: RecipientList) -> Result<Self, AddresseesError> {
        if to.is_empty() {
            return Err(AddresseesError::NoToRecipient);
        }
        let in_to: HashSet<&EmailAddress> = to.iter().map(Recipient::address).collect();
        let cc = RecipientList::from_recipients(cc.iter().filter(|r| !in_to.contains(r.address())).cloned());
        let in_cc: HashSet<&EmailAddress> = cc.iter().map(Recipient::address).collect();
        let bcc = RecipientList::from_recipients(
            bcc.iter()
                .filter(|r| !in_to.contains(r.address()) && !in_cc.contains(r.address()))
                .cloned(),
        );
        Ok(Self { to, cc, bcc })
    }

    /// The To list.
    pub fn to(&self) -> &RecipientList {
        &self.to
    }
    /// The CC list, without addresses already in To.
    pub fn cc(&self) -> &RecipientList {
        &self.cc
    }
    /// The BCC list, without addresses already in To or CC.
    pub fn bcc(&self) -> &RecipientList {
        &self.bcc
    }
    /// Every recipient with its role, To first.
    pub fn iter(&self) -> impl Iterator<Item = (Role, &Recipient)> {
        self.to
            .iter()
            .map(|r| (Role::To, r))
            .chain(self.cc.iter().map(|r| (Role::Cc, r)))
            .chain(self.bcc.iter().map(|r| (Role::Bcc, r)))
    }
    /// Number of distinct recipients over the three lists.
    pub fn len(&self) -> usize {
        self.to.len() + self.cc.len() + self.bcc.len()
    }
    /// Always false: To is never empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Distinct addresses (normalised) of all recipients.
    pub fn addresses(&self) -> HashSet<&str> {
        self.iter().map(|(_, r)| r.address().normalized()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commas_semicolons_names_and_quoted_commas() {
        let list = RecipientList::parse(r#"a@example.com; "Doe, John" <jdoe@example.org>, Jane Roe <jr@example.net>;"#)
            .unwrap();
        assert_eq!(list.len(), 3);
        let all: Vec<_> = list.iter().collect();
        assert_eq!(all[0].address().as_str(), "a@example.com");
        assert_eq!(all[0].display_name(), None);
        assert_eq!(all[1].display_name(), Some("Doe, John"));
        assert_eq!(all[1].address().as_str(), "jdoe@example.org");
        assert_eq!(all[2].display_name(), Some("Jane Roe"));
    }

    #[test]
    fn blank_entries_are_ignored() {
        let list = RecipientList::parse(" ; a@example.com ;; , ;  ").unwrap();
        assert_eq!(list.len(), 1);
        assert!(RecipientList::parse("").unwrap().is_empty());
        assert!(RecipientList::parse(" ;, ").unwrap().is_empty());
    }

    #[test]
    fn other_delimiters_are_errors_naming_the_entry_and_position() {
        for (text, entry, position) in [
            ("a@example.com b@example.com", "a@example.com b@example.com", 1),
            (
                "x@example.com; a@example.com\nb@example.com",
                "a@example.com\nb@example.com",
                2,
            ),
            (
                "x@example.com;;y@example.com, a@example.com|b@example.com",
                "a@example.com|b@example.com",
                3,
            ),
            ("a@example.com/b@example.com", "a@example.com/b@example.com", 1),
            (
                "x@example.com,a@example.com\tb@example.com",
                "a@example.com\tb@example.com",
                2,
            ),
        ] {
            let err = RecipientList::parse(text).unwrap_err();
            assert_eq!(err.entry(), entry, "{text:?}");
            assert_eq!(err.position(), position, "{text:?}");
        }
    }

    #[test]
    fn every_bad_entry_is_reported() {
        let err = RecipientList::parse("bad, ok@example.com, also bad@x.com").unwrap_err();
        let entries: Vec<_> = err.entries().map(|e| (e.entry.as_str(), e.position)).collect();
        assert_eq!(entries, vec![("bad", 1), ("also bad@x.com", 3)]);
    }

    #[test]
    fn duplicates_merge_case_insensitively_keeping_the_first() {
        let list = RecipientList::parse("Ann <A@Example.com>, a@example.COM; b@example.com").unwrap();
        assert_eq!(list.len(), 2);
        let first = list.iter().next().unwrap();
        assert_eq!(first.address().as_str(), "A@Example.com");
        assert_eq!(first.display_name(), Some("Ann"));
    }

    #[test]
    fn malformed_names_are_refused() {
        for text in [
            r#""Doe, John <j@example.com>"#,
            "John <j@example.com",
            "John <j@example.com> x",
            r#"Jo"hn <j@example.com>"#,
        ] {
            assert!(RecipientList::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn addressees_merge_across_roles_first_role_wins() {
        let a = Addressees::parse(
            "a@example.com, b@example.com",
            "B@example.com; c@example.com",
            "c@EXAMPLE.com, A@example.com, d@example.com",
        )
        .unwrap();
        let roles: Vec<_> = a
            .iter()
            .map(|(role, r)| (role, r.address().normalized().to_owned()))
            .collect();
        assert_eq!(
            roles,
            vec![
                (Role::To, "a@example.com".into()),
                (Role::To, "b@example.com".into()),
                (Role::Cc, "c@example.com".into()),
                (Role::Bcc, "d@example.com".into()),
            ]
        );
    }

    #[test]
    fn addressees_need_a_to_and_report_each_field() {
        assert_eq!(
            Addressees::parse("", "c@example.com", "").unwrap_err(),
            vec![AddresseesError::NoToRecipient]
        );
        let errors = Addressees::parse("a@example.com", "bad", "worse x").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(matches!(
            &errors[0],
            AddresseesError::InvalidList {
                field: RecipientField::Cc,
                ..
            }
        ));
        assert!(matches!(
            &errors[1],
            AddresseesError::InvalidList {
                field: RecipientField::Bcc,
                ..
            }
        ));
    }
}
