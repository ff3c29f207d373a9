//! Passwords: a secret wrapper and the administrator's password policy.

use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::policy::PolicyError;

/// Hard upper bound on password length, whatever the policy (hashing cost is bounded).
pub const MAX_PASSWORD: usize = 256;

/// A plaintext password on its way to the hasher. `Debug` prints nothing of it.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    /// Wraps a password typed by a user. Checked against a policy separately.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }
    /// The plaintext, for the hasher only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// One unmet password rule.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PasswordRule {
    /// Too short.
    #[error("use at least {0} characters")]
    MinLength(usize),
    /// Too long.
    #[error("use at most {0} characters")]
    MaxLength(usize),
    /// No lower-case letter.
    #[error("include a lower-case letter")]
    Lowercase,
    /// No upper-case letter.
    #[error("include an upper-case letter")]
    Uppercase,
    /// No digit.
    #[error("include a digit")]
    Digit,
    /// No symbol.
    #[error("include a symbol (not a letter or a digit)")]
    Symbol,
    /// On the list of common passwords.
    #[error("this password is too common; choose another")]
    Common,
    /// Contains the user's address or its local part.
    #[error("the password must not contain your email address or the name before its @")]
    ContainsEmail,
}

/// The administrator's password rules for local accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PasswordPolicy {
    /// Minimum length in characters (default 12).
    pub min_length: usize,
    /// Maximum length in characters (at most 256).
    pub max_length: usize,
    /// Require a lower-case letter.
    pub require_lowercase: bool,
    /// Require an upper-case letter.
    pub require_uppercase: bool,
    /// Require a digit.
    pub require_digit: bool,
    /// Require a symbol.
    pub require_symbol: bool,
    /// Refuse passwords from the shipped list of common passwords.
    pub reject_common: bool,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            min_length: 12,
            max_length: MAX_PASSWORD,
            require_lowercase: false,
            require_uppercase: false,
            require_digit: false,
            require_symbol: false,
            reject_common: true,
        }
    }
}

fn common_passwords() -> &'static HashSet<&'static str> {
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("common-passwords.txt")
            .lines()
            .filter(|l| !l.is_empty())
            .collect()
    })
}

impl PasswordPolicy {
    /// Checks a password for the account `email`; every unmet rule is returned at once.
    ///
    /// # Errors
    /// The unmet rules.
    pub fn check(&self, password: &Password, email: &str) -> Result<(), Vec<PasswordRule>> {
        let text = password.expose();
        let len = text.chars().count();
        let mut unmet = Vec::new();
        if len < self.min_length {
            unmet.push(PasswordRule::MinLength(self.min_length));
        }
        if len > self.max_length.min(MAX_PASSWORD) {
            unmet.push(PasswordRule::MaxLength(self.max_length.min(MAX_PASSWORD)));
        }
        if self.require_lowercase && !text.chars().any(char::is_lowercase) {
            unmet.push(PasswordRule::Lowercase);
        }
        if self.require_uppercase && !text.chars().any(char::is_uppercase) {
            unmet.push(PasswordRule::Uppercase);
        }
        if self.require_digit && !text.chars().any(|c| c.is_ascii_digit()) {
            unmet.push(PasswordRule::Digit);
        }
        if self.require_symbol && !text.chars().any(|c| !c.is_alphanumeric()) {
            unmet.push(PasswordRule::Symbol);
        }
        if self.reject_common && common_passwords().contains(text.to_lowercase().as_str()) {
            unmet.push(PasswordRule::Common);
        }
        let lower = text.to_lowercase();
        let email = email.to_lowercase();
        let local = email.split('@').next().unwrap_or_default();
        if !email.is_empty() && (lower.contains(&email) || (local.len() >= 4 && lower.contains(local))) {
            unmet.push(PasswordRule::ContainsEmail);
        }
        if unmet.is_empty() { Ok(()) } else { Err(unmet) }
    }

    /// Checks that the policy is coherent.
    ///
    /// # Errors
    /// [`PolicyError`] naming the field.
    pub fn validate(&self) -> Result<(), PolicyError> {
        if self.min_length < 8 {
            return Err(PolicyError::new(
                "password.min_length",
                "password-min",
                Vec::new(),
                "at least 8",
            ));
        }
        if self.max_length > MAX_PASSWORD || self.max_length < self.min_length {
            return Err(PolicyError::new(
                "password.max_length",
                "password-max",
                vec![("max", MAX_PASSWORD.to_string())],
                format!("between the minimum and {MAX_PASSWORD}"),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unmet_rule_is_reported_at_once() {
        let policy = PasswordPolicy {
            require_uppercase: true,
            require_digit: true,
            require_symbol: true,
            ..Default::default()
        };
        let unmet = policy.check(&Password::new("short"), "a@example.com").unwrap_err();
        assert_eq!(
            unmet,
            vec![
                PasswordRule::MinLength(12),
                PasswordRule::Uppercase,
                PasswordRule::Digit,
                PasswordRule::Symbol
            ]
        );
        assert!(
            policy
                .check(&Password::new("Tr0ub4dor&3-horse"), "a@example.com")
                .is_ok()
        );
    }

    #[test]
    fn common_and_email_passwords_are_refused() {
        let policy = PasswordPolicy::default();
        assert_eq!(
            policy
                .check(&Password::new("Password1234"), "a@example.com")
                .unwrap_err(),
            vec![PasswordRule::Common]
        );
        assert_eq!(
            policy
                .check(&Password::new("my-jdoe@example.org!"), "JDoe@example.org")
                .unwrap_err(),
            vec![PasswordRule::ContainsEmail]
        );
        assert_eq!(
            policy
                .check(&Password::new("x".repeat(257)), "a@example.com")
                .unwrap_err(),
            vec![PasswordRule::MaxLength(256)]
        );
    }

    #[test]
    fn debug_is_redacted() {
        assert_eq!(format!("{:?}", Password::new("hunter2hunter2")), "Password(<redacted>)");
    }
}
