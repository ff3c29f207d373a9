//! Files: the names people give them, the administrator's limits, and what is stored.
//!
//! A [`FileName`] is only ever shown and sent back in `Content-Disposition`; stored files are
//! named by the blob store (random keys), so no name can reach a path.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Longest file name, in bytes of UTF-8 (what common file systems allow).
pub const MAX_FILE_NAME: usize = 255;

/// A file's name as its sender gave it, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FileName(String);

/// Why a file name was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FileNameError {
    /// Nothing, or only spaces.
    #[error("the file has no name")]
    Empty,
    /// Over [`MAX_FILE_NAME`] bytes.
    #[error("{0}: the name is longer than 255 bytes")]
    TooLong(String),
    /// NUL or another control character, or an invisible formatting character.
    #[error("the name contains control or invisible formatting characters")]
    Control,
    /// A folder separator, or a name that means a folder (`.`, `..`).
    #[error("{0}: a file name may not contain / or \\ or be . or ..")]
    Path(String),
}

use crate::text::invisible;

impl FileName {
    /// Checks a name. Leading and trailing spaces and trailing dots are removed (a browser or
    /// Windows saves `evil.exe.` as `evil.exe`); a name with a control or invisible formatting
    /// character is refused; nothing else is changed.
    ///
    /// # Errors
    /// [`FileNameError`].
    pub fn parse(raw: &str) -> Result<Self, FileNameError> {
        if raw.chars().any(|c| c.is_control() || invisible(c)) {
            return Err(FileNameError::Control);
        }
        let name = raw.trim().trim_end_matches(|c: char| c == '.' || c.is_whitespace());
        if name.is_empty() {
            return Err(FileNameError::Empty);
        }
        if name.len() > MAX_FILE_NAME {
            let shown: String = name.chars().take(40).collect();
            return Err(FileNameError::TooLong(format!("{shown}…")));
        }
        if name.contains(['/', '\\']) || name == "." || name == ".." {
            return Err(FileNameError::Path(name.to_owned()));
        }
        Ok(Self(name.to_owned()))
    }

    /// A name read back from storage: one that [`FileName::parse`] accepts, or one written
    /// under the earlier rules (no control character, no folder separator), kept as it was, so
    /// that a file stored before a rule was added is still listed and downloadable.
    ///
    /// # Errors
    /// A name no version of the rules accepted.
    pub fn read_back(raw: &str) -> Result<Self, FileNameError> {
        Self::parse(raw).or_else(|e| {
            let name = raw.trim();
            let earlier = !name.is_empty()
                && name.len() <= MAX_FILE_NAME
                && !name.chars().any(char::is_control)
                && !name.contains(['/', '\\'])
                && name != "."
                && name != "..";
            if earlier { Ok(Self(name.to_owned())) } else { Err(e) }
        })
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last extension, lower case, without the dot (`report.PDF.exe` → `exe`).
    pub fn extension(&self) -> Option<String> {
        let (stem, ext) = self.0.rsplit_once('.')?;
        (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_lowercase())
    }
}

impl TryFrom<String> for FileName {
    type Error = FileNameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<FileName> for String {
    fn from(value: FileName) -> Self {
        value.0
    }
}

impl std::fmt::Display for FileName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A stored file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Identifier (in download links).
    pub id: crate::ids::AttachmentId,
    /// The name its sender gave it.
    pub name: FileName,
    /// Bytes.
    pub size: u64,
    /// SHA-256, lower-case hexadecimal.
    pub sha256: String,
    /// The attachment store's key.
    pub blob_key: String,
}

/// What the administrator allows for files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FilePolicy {
    /// Largest single file, in MiB.
    pub max_file_mib: u64,
    /// Largest total of one message's files, in MiB.
    pub max_total_mib: u64,
    /// Most files per message.
    pub max_files: u32,
    /// Extensions refused (compared with the last extension, ignoring case).
    pub blocked_extensions: Vec<String>,
    /// Recipients must have an account and be signed in to download ("sign in to download").
    pub download_requires_account: bool,
    /// Drop-Off accounts may send files to anyone, not only to staff.
    pub dropoff_to_anyone: bool,
}

impl Default for FilePolicy {
    fn default() -> Self {
        Self {
            max_file_mib: 2048,
            max_total_mib: 4096,
            max_files: 20,
            blocked_extensions: [
                "exe", "com", "bat", "cmd", "scr", "pif", "msi", "msp", "cpl", "hta", "jar", "js", "jse", "vbs", "vbe",
                "wsf", "wsh", "ps1", "lnk", "reg",
            ]
            .into_iter()
            .map(str::to_owned)
            .collect(),
            download_requires_account: false,
            dropoff_to_anyone: false,
        }
    }
}

/// Why a file, or a set of files, was refused. Each names the file or the limit.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FileError {
    /// The name is not acceptable.
    #[error("{0}")]
    Name(FileNameError),
    /// The extension is on the administrator's list.
    #[error("{name}: files ending in .{extension} are not accepted")]
    Blocked {
        /// The file.
        name: String,
        /// Its extension.
        extension: String,
    },
    /// One file is over the size limit.
    #[error("{name}: larger than the limit of {limit_mib} MiB per file")]
    TooLarge {
        /// The file.
        name: String,
        /// The limit.
        limit_mib: u64,
    },
    /// All files together are over the limit.
    #[error("the files together are larger than the limit of {limit_mib} MiB")]
    TotalTooLarge {
        /// The limit.
        limit_mib: u64,
    },
    /// Too many files.
    #[error("at most {max} files per message")]
    TooMany {
        /// The limit.
        max: u32,
    },
}

const MIB: u64 = 1024 * 1024;

impl FilePolicy {
    /// Largest single file in bytes.
    pub fn max_file_bytes(&self) -> u64 {
        self.max_file_mib.saturating_mul(MIB)
    }
    /// Largest total in bytes.
    pub fn max_total_bytes(&self) -> u64 {
        self.max_total_mib.saturating_mul(MIB)
    }

    /// Checks a name before any byte of the file is stored.
    ///
    /// # Errors
    /// [`FileError::Name`] or [`FileError::Blocked`].
    pub fn check_name(&self, raw: &str) -> Result<FileName, FileError> {
        let name = FileName::parse(raw).map_err(FileError::Name)?;
        if let Some(extension) = name.extension()
            && self
                .blocked_extensions
                .iter()
                .any(|b| b.trim().trim_start_matches('.').eq_ignore_ascii_case(&extension))
        {
            return Err(FileError::Blocked {
                name: name.as_str().to_owned(),
                extension,
            });
        }
        Ok(name)
    }

    /// Checks that one more file may be added to `count` files already accepted.
    ///
    /// # Errors
    /// [`FileError::TooMany`].
    pub fn check_count(&self, count: usize) -> Result<(), FileError> {
        if count >= self.max_files as usize {
            Err(FileError::TooMany { max: self.max_files })
        } else {
            Ok(())
        }
    }

    /// Checks sizes while a file arrives: `file` bytes of this file so far, `total` bytes of
    /// all files of the message so far (this one included).
    ///
    /// # Errors
    /// [`FileError::TooLarge`] or [`FileError::TotalTooLarge`].
    pub fn check_size(&self, name: &FileName, file: u64, total: u64) -> Result<(), FileError> {
        if file > self.max_file_bytes() {
            return Err(FileError::TooLarge {
                name: name.as_str().to_owned(),
                limit_mib: self.max_file_mib,
            });
        }
        if total > self.max_total_bytes() {
            return Err(FileError::TotalTooLarge {
                limit_mib: self.max_total_mib,
            });
        }
        Ok(())
    }

    /// Checks the administrator's values.
    ///
    /// # Errors
    /// The first incoherent value, named.
    pub fn validate(&self) -> Result<(), crate::policy::PolicyError> {
        self.problems().into_iter().next().map_or(Ok(()), Err)
    }

    /// Every incoherent value, each named.
    pub fn problems(&self) -> Vec<crate::policy::PolicyError> {
        let mut out = Vec::new();
        let mut err = |field: &'static str, key: &'static str, values: Vec<(&'static str, String)>, reason: String| {
            out.push(crate::policy::PolicyError::new(field, key, values, reason));
        };
        if !(1..=1024 * 1024).contains(&self.max_file_mib) {
            err(
                "max_file_mib",
                "max-file",
                Vec::new(),
                "between 1 MiB and 1 TiB (1048576 MiB)".into(),
            );
        }
        if self.max_total_mib < self.max_file_mib || self.max_total_mib > 1024 * 1024 {
            err(
                "max_total_mib",
                "max-total",
                Vec::new(),
                "at least the largest file, at most 1 TiB (1048576 MiB)".into(),
            );
        }
        if !(1..=1000).contains(&self.max_files) {
            err(
                "max_files",
                "between-1-and-1000",
                Vec::new(),
                "between 1 and 1000".into(),
            );
        }
        let odd: Vec<&str> = self
            .blocked_extensions
            .iter()
            .map(|e| e.trim().trim_start_matches('.'))
            .filter(|e| e.is_empty() || e.len() > 20 || !e.chars().all(|c| c.is_ascii_alphanumeric()))
            .collect();
        if !odd.is_empty() {
            err(
                "blocked_extensions",
                "blocked-extensions",
                vec![("entries", odd.join(", "))],
                format!(
                    "{}: each entry is one extension of letters and digits, such as exe",
                    odd.join(", ")
                ),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_blocked_extension_is_not_hidden_by_trailing_dots_or_invisible_characters() {
        let policy = FilePolicy::default();
        for sneaky in ["evil.exe.", "evil.exe. . ", "evil.EXE...", "evil.exe "] {
            assert!(
                matches!(policy.check_name(sneaky), Err(FileError::Blocked { .. })),
                "{sneaky:?}"
            );
        }
        for spoof in [
            "gnp\u{202E}.exe",
            "report\u{200B}.exe",
            "\u{FEFF}a.txt",
            "a\u{2066}b.txt",
        ] {
            assert!(
                matches!(policy.check_name(spoof), Err(FileError::Name(FileNameError::Control))),
                "{spoof:?}"
            );
        }
        assert_eq!(FileName::parse("notes.txt.").unwrap().as_str(), "notes.txt");
        // Stored before these rules: still read back as it was; never a path.
        assert_eq!(
            FileName::read_back("old\u{200B}.txt").unwrap().as_str(),
            "old\u{200B}.txt"
        );
        assert!(FileName::read_back("../etc/passwd").is_err());
        assert!(matches!(
            FileName::parse(" . "),
            Err(FileNameError::Empty | FileNameError::Path(_))
        ));
    }

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_with_paths_or_control_characters_are_refused() {
        for bad in [
            "../etc/passwd",
            "a/b.txt",
            "..\\x.txt",
            "C:\\x.txt",
            ".",
            "..",
            "a\u{0}b",
            "a\nb",
            "\u{7}",
        ] {
            assert!(FileName::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(FileName::parse("").unwrap_err(), FileNameError::Empty);
        assert!(matches!(
            FileName::parse(&"x".repeat(256)),
            Err(FileNameError::TooLong(_))
        ));
        for good in [
            "report.pdf",
            "..hidden",
            "a..b.txt",
            "Ünïcode – ✓.docx",
            " spaced .txt ",
        ] {
            assert!(FileName::parse(good).is_ok(), "{good:?}");
        }
        assert_eq!(FileName::parse(" spaced .txt ").unwrap().as_str(), "spaced .txt");
    }

    #[test]
    fn the_last_extension_is_checked_against_the_list() {
        let p = FilePolicy::default();
        assert!(matches!(
            p.check_name("invoice.PDF.exe"),
            Err(FileError::Blocked { .. })
        ));
        assert!(matches!(p.check_name("setup.EXE"), Err(FileError::Blocked { .. })));
        assert!(p.check_name("exe").is_ok(), "no extension at all");
        assert!(p.check_name(".exe").is_ok(), "a hidden file named exe");
        assert!(p.check_name("report.pdf").is_ok());
        let e = p.check_name("x.vbs").unwrap_err().to_string();
        assert_eq!(e, "x.vbs: files ending in .vbs are not accepted");
    }

    #[test]
    fn sizes_and_counts_name_the_limit() {
        let p = FilePolicy {
            max_file_mib: 1,
            max_total_mib: 2,
            max_files: 2,
            ..FilePolicy::default()
        };
        let n = FileName::parse("a.bin").unwrap();
        assert!(p.check_size(&n, MIB, MIB).is_ok());
        assert_eq!(
            p.check_size(&n, MIB + 1, MIB + 1).unwrap_err().to_string(),
            "a.bin: larger than the limit of 1 MiB per file"
        );
        assert!(matches!(
            p.check_size(&n, MIB, 2 * MIB + 1),
            Err(FileError::TotalTooLarge { limit_mib: 2 })
        ));
        assert!(p.check_count(1).is_ok());
        assert!(matches!(p.check_count(2), Err(FileError::TooMany { max: 2 })));
        assert!(FilePolicy::default().validate().is_ok());
        assert!(p.validate().is_ok());
        assert_eq!(
            FilePolicy {
                max_total_mib: 0,
                ..p.clone()
            }
            .validate()
            .unwrap_err()
            .field,
            "max_total_mib"
        );
    }

    proptest! {
        /// Whatever is accepted can be shown without a path separator or a control
        /// character, and parses to itself.
        #[test]
        fn accepted_names_are_safe(raw in "\\PC{0,300}") {
            if let Ok(name) = FileName::parse(&raw) {
                prop_assert!(!name.as_str().contains(['/', '\\']));
                prop_assert!(!name.as_str().chars().any(char::is_control));
                prop_assert!(name.as_str().len() <= MAX_FILE_NAME);
                prop_assert_eq!(FileName::parse(name.as_str()).unwrap(), name);
            }
        }
    }
}
