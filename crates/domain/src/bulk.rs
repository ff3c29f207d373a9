//! Bulk invitations: a list of invitees read from CSV or JSON, each row checked on its own
//! with its line number before anything is written.

use thiserror::Error;

use crate::address::{EmailAddress, EmailAddressError};
use crate::policy::RecipientPolicyError;
use crate::recipients::MAX_RECIPIENT_NAME;

/// Most invitees one list may hold.
pub const MAX_BULK_ROWS: usize = 10_000;

/// Largest list file, in bytes (10,000 rows of a long address, a long name and a language).
pub const MAX_BULK_BYTES: usize = 4 * 1024 * 1024;

/// One invitee as the list gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkRow {
    /// Where it is: the line of a CSV file, the entry (from 1) of a JSON list.
    pub line: usize,
    /// The address as written.
    pub email: String,
    /// The display name as written (may be empty).
    pub name: String,
    /// The message language as written (may be empty: the administrator's default).
    pub language: String,
}

impl BulkRow {
    /// A row from its parts as written, white space around each trimmed.
    pub fn new(line: usize, email: &str, name: Option<&str>, language: Option<&str>) -> Self {
        Self {
            line,
            email: email.trim().to_owned(),
            name: name.unwrap_or_default().trim().to_owned(),
            language: language.unwrap_or_default().trim().to_owned(),
        }
    }
}

/// How a list is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkFormat {
    /// Comma-, semicolon- or tab-separated values, with or without a header line.
    Csv,
    /// An array of objects with `email`, optional `name` and `language`.
    Json,
}

impl BulkFormat {
    /// What a position in this format is called.
    pub fn position(self) -> &'static str {
        match self {
            BulkFormat::Csv => "line",
            BulkFormat::Json => "entry",
        }
    }
}

/// Why a whole list cannot be read: nothing of it is used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BulkFileError {
    /// No invitee in it.
    #[error("the list has no invitee in it")]
    Empty,
    /// Over [`MAX_BULK_ROWS`] invitees, or over [`MAX_BULK_BYTES`].
    #[error("the list has more than {max} invitees (or is larger than 4 MiB); split it into several")]
    TooLarge {
        /// The limit.
        max: usize,
    },
    /// Not UTF-8 text.
    #[error("the list is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in spreadsheet programs)")]
    NotText,
    /// A header line without an address column.
    #[error("line 1 names columns but none of them is the address: name one column \"email\"")]
    NoEmailColumn,
    /// The CSV cannot be read at a line.
    #[error("line {line}: {reason}")]
    Csv {
        /// The line.
        line: usize,
        /// Why.
        reason: String,
    },
    /// The JSON cannot be read.
    #[error("the JSON list cannot be read: {0}")]
    Json(String),
}

/// Reads a list in `format`.
///
/// # Errors
/// [`BulkFileError`] when the list as a whole cannot be read.
pub fn read(format: BulkFormat, bytes: &[u8]) -> Result<Vec<BulkRow>, BulkFileError> {
    if bytes.len() > MAX_BULK_BYTES {
        return Err(BulkFileError::TooLarge { max: MAX_BULK_ROWS });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| BulkFileError::NotText)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rows = match format {
        BulkFormat::Csv => read_csv(text)?,
        BulkFormat::Json => read_json(text)?,
    };
    if rows.is_empty() {
        return Err(BulkFileError::Empty);
    }
    if rows.len() > MAX_BULK_ROWS {
        return Err(BulkFileError::TooLarge { max: MAX_BULK_ROWS });
    }
    Ok(rows)
}

/// The separator a CSV file uses: the first line's most frequent of `,`, `;` and tab
/// (spreadsheet programs in many countries write semicolons).
fn separator(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|c| first.bytes().filter(|b| b == c).count())
        .filter(|c| first.bytes().any(|b| b == *c))
        .unwrap_or(b',')
}

fn is_header(cell: &str, names: &[&str]) -> bool {
    let cell = cell.trim().to_lowercase().replace(['_', '-'], " ");
    names.contains(&cell.as_str())
}

const EMAIL: &[&str] = &["email", "e mail", "email address", "e mail address", "address", "mail"];
const NAME: &[&str] = &["name", "display name", "full name"];
const LANGUAGE: &[&str] = &["language", "lang", "locale"];

fn read_csv(text: &str) -> Result<Vec<BulkRow>, BulkFileError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(separator(text))
        .from_reader(text.as_bytes());
    let mut columns = (0, Some(1), Some(2));
    let mut rows = Vec::new();
    // The line a person sees in an editor, blank lines included: counted from the byte
    // offset, going forward only.
    let (mut counted_to, mut line_at) = (0usize, 1usize);
    let mut line_of = |byte: u64| {
        let mut byte = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        // A record's position may be that of the blank lines skipped before it.
        while text.as_bytes().get(byte).is_some_and(|b| *b == b'\n' || *b == b'\r') {
            byte += 1;
        }
        if byte > counted_to {
            line_at += text.as_bytes()[counted_to..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            counted_to = byte;
        }
        line_at
    };
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| BulkFileError::Csv {
            line: e
                .position()
                .map_or(n + 1, |p| usize::try_from(p.line()).unwrap_or(usize::MAX)),
            reason: "the line cannot be read as CSV (an unclosed quote?)".into(),
        })?;
        let line = record.position().map_or(n + 1, |p| line_of(p.byte()));
        if n == 0
            && record
                .iter()
                .any(|c| is_header(c, EMAIL) || is_header(c, NAME) || is_header(c, LANGUAGE))
        {
            let find = |names: &[&str]| record.iter().position(|c| is_header(c, names));
            columns = (
                find(EMAIL).ok_or(BulkFileError::NoEmailColumn)?,
                find(NAME),
                find(LANGUAGE),
            );
            continue;
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        if rows.len() == MAX_BULK_ROWS {
            return Err(BulkFileError::TooLarge { max: MAX_BULK_ROWS });
        }
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or_default().to_owned();
        rows.push(BulkRow {
            line,
            email: cell(Some(columns.0)),
            name: cell(columns.1),
            language: cell(columns.2),
        });
    }
    Ok(rows)
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonRow {
    email: String,
    #[serde(default, alias = "display_name")]
    name: Option<String>,
    #[serde(default)]
    language: Option<String>,
}

fn read_json(text: &str) -> Result<Vec<BulkRow>, BulkFileError> {
    let rows: Vec<JsonRow> = serde_json::from_str(text).map_err(|e| BulkFileError::Json(e.to_string()))?;
    Ok(rows
        .into_iter()
        .enumerate()
        .map(|(n, r)| BulkRow::new(n + 1, &r.email, r.name.as_deref(), r.language.as_deref()))
        .collect())
}

/// What is wrong with one row; nothing is sent to it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RowProblem {
    /// Not an address.
    #[error("{0}")]
    Address(EmailAddressError),
    /// The name is not one the invitee could keep (the rules of display names).
    #[error("{0}")]
    Name(crate::text::DisplayNameError),
    /// A language the portal does not write in.
    #[error("\"{0}\" is not a language invitations are written in (en, de, fr, es, nl)")]
    Language(String),
    /// The same address as an earlier row.
    #[error("the same address as {0}")]
    Duplicate(String),
    /// The sender's own address.
    #[error("this is your own address")]
    OwnAddress,
    /// Already has an account.
    #[error("already has an account on this portal")]
    HasAccount,
    /// The address looks like a group: everyone on it would share one link.
    #[error("looks like a group address: everyone on it would share one link")]
    GroupAddress,
    /// The administrator's recipient rules or the directory refuse it.
    #[error("{0}")]
    Refused(RecipientPolicyError),
}

impl RowProblem {
    /// A stable code (API).
    pub fn code(&self) -> &'static str {
        match self {
            RowProblem::Address(_) => "invalid_address",
            RowProblem::Name(_) => "invalid_name",
            RowProblem::Language(_) => "unsupported_language",
            RowProblem::Duplicate(_) => "duplicate",
            RowProblem::OwnAddress => "own_address",
            RowProblem::HasAccount => "existing_account",
            RowProblem::GroupAddress => "group_address",
            RowProblem::Refused(_) => "recipient_refused",
        }
    }
}

/// A row that will not be invited, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowIssue {
    /// The row's line (CSV) or entry (JSON).
    pub line: usize,
    /// The address as written.
    pub email: String,
    /// Why.
    pub problem: RowProblem,
}

/// A row that passed the checks that need no one else's data (address, name, language,
/// duplicates): the address parsed, the name kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadableRow {
    /// The row's line or entry.
    pub line: usize,
    /// The address.
    pub address: EmailAddress,
    /// The display name, if any.
    pub name: Option<String>,
    /// The language the row asks for (`None`: the administrator's default).
    pub language: Option<crate::language::Language>,
}

/// The checks of each row on its own and against the rows before it: address, name,
/// language, duplicates (ignoring letter case; the first one stays). `position` names lines
/// or entries in the messages.
pub(crate) fn check_rows(rows: &[BulkRow], position: &str) -> (Vec<ReadableRow>, Vec<RowIssue>) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut good = Vec::new();
    let mut issues = Vec::new();
    for row in rows {
        let issue = |problem| RowIssue {
            line: row.line,
            email: row.email.clone(),
            problem,
        };
        let address = match EmailAddress::parse(&row.email) {
            Ok(a) => a,
            Err(e) => {
                issues.push(issue(RowProblem::Address(e)));
                continue;
            }
        };
        // The name is the one the activation page proposes: it follows the rules of display
        // names (so that the invitee can keep it), and of names in an address list.
        if !row.name.trim().is_empty() {
            let checked = crate::text::DisplayName::parse(&row.name).and_then(|_| {
                if row.name.chars().count() > MAX_RECIPIENT_NAME {
                    Err(crate::text::DisplayNameError::TooLong(row.name.chars().count()))
                } else {
                    Ok(())
                }
            });
            if let Err(e) = checked {
                issues.push(issue(RowProblem::Name(e)));
                continue;
            }
        }
        let language = match row.language.trim() {
            "" => None,
            code => match crate::language::Language::parse(code) {
                Some(l) => Some(l),
                None => {
                    issues.push(issue(RowProblem::Language(row.language.clone())));
                    continue;
                }
            },
        };
        if let Some(first) = seen.get(address.normalized()) {
            issues.push(issue(RowProblem::Duplicate(format!("{position} {first}"))));
            continue;
        }
        seen.insert(address.normalized().to_owned(), row.line);
        good.push(ReadableRow {
            line: row.line,
            address,
            name: Some(row.name.clone()).filter(|n| !n.is_empty()),
            language,
        });
    }
    (good, issues)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn csv(text: &str) -> Result<Vec<BulkRow>, BulkFileError> {
        read(BulkFormat::Csv, text.as_bytes())
    }

    #[test]
    fn headers_separators_quotes_and_line_numbers() {
        let rows = csv("Name;E-Mail;Language\n\"Doe; John\";jd@example.org;en\n\n;a@example.com;\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].line, rows[0].name.as_str(), rows[0].email.as_str()),
            (2, "Doe; John", "jd@example.org")
        );
        assert_eq!(
            (rows[1].line, rows[1].email.as_str()),
            (4, "a@example.com"),
            "blank lines keep counting"
        );
        let plain = csv("\u{feff}a@example.com\nb@example.com,Bea\n").unwrap();
        assert_eq!((plain[1].line, plain[1].name.as_str()), (2, "Bea"));
        let tabs = csv("email\tname\nc@example.com\tCee\n").unwrap();
        assert_eq!(tabs[0].name, "Cee");
        assert_eq!(csv("name,language\nAnn,en\n"), Err(BulkFileError::NoEmailColumn));
        assert_eq!(csv("email\n"), Err(BulkFileError::Empty));
        assert_eq!(read(BulkFormat::Csv, &[0xff, 0xfe, b'a']), Err(BulkFileError::NotText));
        let many = "x@example.com\n".repeat(MAX_BULK_ROWS + 1);
        assert_eq!(csv(&many), Err(BulkFileError::TooLarge { max: MAX_BULK_ROWS }));
    }

    #[test]
    fn json_lists_count_entries() {
        let rows = read(
            BulkFormat::Json,
            br#"[{"email": "a@example.com", "name": "Ann"}, {"email": "b@example.com", "language": "en"}]"#,
        )
        .unwrap();
        assert_eq!((rows[1].line, rows[1].language.as_str()), (2, "en"));
        assert!(matches!(
            read(BulkFormat::Json, br#"[{"mail": "a@example.com"}]"#),
            Err(BulkFileError::Json(_))
        ));
    }

    #[test]
    fn each_row_is_judged_with_its_line() {
        let row = |line, email: &str, name: &str, language: &str| BulkRow {
            line,
            email: email.into(),
            name: name.into(),
            language: language.into(),
        };
        let rows = [
            row(2, "a@example.com", "Ann", "en"),
            row(3, "not an address", "", ""),
            row(4, "A@Example.com", "", ""),
            row(5, "b@example.com", "bad\u{7}name", ""),
            row(6, "c@example.com", "", "xx"),
            row(7, "d@example.com", "", "EN"),
            row(8, "e@example.com", "<script>alert(1)</script>", ""),
            row(9, "f@example.com", "Eve\u{202e}gnp.exe", ""),
        ];
        let (good, issues) = check_rows(&rows, "line");
        let lines: Vec<usize> = good.iter().map(|g| g.line).collect();
        assert_eq!(lines, [2, 7]);
        let problems: Vec<(usize, &str)> = issues.iter().map(|i| (i.line, i.problem.code())).collect();
        assert_eq!(
            problems,
            [
                (3, "invalid_address"),
                (4, "duplicate"),
                (5, "invalid_name"),
                (6, "unsupported_language"),
                (8, "invalid_name"),
                (9, "invalid_name")
            ]
        );
        assert_eq!(issues[1].problem.to_string(), "the same address as line 2");
    }

    proptest! {
        /// Every row is either kept or named once with its own line: none lost, none twice.
        #[test]
        fn every_row_is_kept_or_named(emails in proptest::collection::vec("[a-c]{1,2}(@example\\.com)?", 0..40)) {
            let rows: Vec<BulkRow> = emails
                .iter()
                .enumerate()
                .map(|(n, e)| BulkRow { line: n + 2, email: e.clone(), name: String::new(), language: String::new() })
                .collect();
            let (good, issues) = check_rows(&rows, "line");
            let mut lines: Vec<usize> = good.iter().map(|g| g.line).chain(issues.iter().map(|i| i.line)).collect();
            lines.sort_unstable();
            let expected: Vec<usize> = rows.iter().map(|r| r.line).collect();
            prop_assert_eq!(lines, expected);
        }
    }
}
