//! Two-factor sign-in with time-based one-time passwords (RFC 6238: HMAC-SHA-1, six digits,
//! 30-second steps, one step of clock drift either way) and single-use recovery codes.
//!
//! The shared secret is 160 random bits; it is kept sealed under the server's key
//! ([`crate::ports::SecretSealer`]) and never leaves the portal after enrolment. A code is
//! accepted once: the step it belongs to is remembered, and that step and every earlier one are
//! refused afterwards. Recovery codes are shown once and stored as digests.

use std::fmt;

use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

use crate::ids::UserId;
use crate::ports::TokenSource;

/// Seconds in one step.
pub(crate) const STEP_SECONDS: i64 = 30;
/// Bytes of a new secret (160 bits, as RFC 4226 recommends).
pub(crate) const SECRET_BYTES: usize = 20;
/// Recovery codes issued at a time.
pub(crate) const RECOVERY_CODES: usize = 10;

/// A shared TOTP secret in the clear: exists only to be sealed, shown at enrolment, or used to
/// check a code. `Debug` never prints it.
pub struct TotpSecret(Vec<u8>);

impl fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpSecret(<redacted>)")
    }
}

impl TotpSecret {
    /// A new secret from the randomness port.
    pub fn generate(random: &dyn TokenSource) -> Self {
        let mut bytes = vec![0u8; SECRET_BYTES];
        random.fill(&mut bytes);
        Self(bytes)
    }

    /// A secret read back (after unsealing); `None` unless it is 128 bits or more.
    pub(crate) fn from_bytes(bytes: Vec<u8>) -> Option<Self> {
        (bytes.len() >= 16).then_some(Self(bytes))
    }

    /// A secret as an authenticator app is given it (base32, as [`TotpSecret::base32`]).
    pub fn from_base32(text: &str) -> Option<Self> {
        totp_rs::Secret::Encoded(text.trim().to_ascii_uppercase())
            .to_bytes()
            .ok()
            .and_then(Self::from_bytes)
    }

    /// The raw bytes, to seal.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    fn totp(&self) -> Option<totp_rs::TOTP> {
        totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, self.0.clone()).ok()
    }

    /// The secret as authenticator apps take it when typed: base32, no padding.
    pub fn base32(&self) -> String {
        self.totp().map(|t| t.get_secret_base32()).unwrap_or_default()
    }

    /// The `otpauth://` address a QR code carries, labelled `issuer:account`.
    pub(crate) fn otpauth_uri(&self, issuer: &str, account: &str) -> String {
        let issuer = percent(issuer);
        format!(
            "otpauth://totp/{issuer}:{}?secret={}&issuer={issuer}&algorithm=SHA1&digits=6&period=30",
            percent(account),
            self.base32()
        )
    }

    /// The code of `step` (the number of 30-second steps since the epoch).
    pub fn code_at(&self, step: i64) -> String {
        let seconds = u64::try_from(step.max(0) * STEP_SECONDS).unwrap_or_default();
        self.totp().map(|t| t.generate(seconds)).unwrap_or_default()
    }

    /// The step `code` belongs to at `now` (the current one, or one either side), if any;
    /// compared in constant time.
    pub(crate) fn matching_step(&self, code: &str, now: OffsetDateTime) -> Option<i64> {
        let current = step_at(now);
        let mut found = None;
        for step in [current - 1, current, current + 1] {
            let expected = self.code_at(step);
            if bool::from(expected.as_bytes().ct_eq(code.as_bytes())) {
                found = Some(step);
            }
        }
        found
    }
}

/// The step of a moment.
pub fn step_at(at: OffsetDateTime) -> i64 {
    at.unix_timestamp().div_euclid(STEP_SECONDS)
}

/// What someone typed in the code field: six digits (spaces allowed), or a recovery code
/// (letters and digits, dashes and spaces allowed, any case).
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum CodeInput {
    /// A six-digit code from the authenticator app.
    Totp(String),
    /// A recovery code, normalised (upper case, no separators).
    Recovery(String),
}

impl fmt::Debug for CodeInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CodeInput::Totp(_) => "CodeInput::Totp(<redacted>)",
            CodeInput::Recovery(_) => "CodeInput::Recovery(<redacted>)",
        })
    }
}

impl CodeInput {
    /// Reads a typed code; `None` for anything that is neither kind.
    pub fn parse(text: &str) -> Option<Self> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if compact.len() == 6 && compact.chars().all(|c| c.is_ascii_digit()) {
            return Some(CodeInput::Totp(compact));
        }
        let upper = compact.to_ascii_uppercase();
        (upper.len() == RECOVERY_LEN && upper.chars().all(|c| RECOVERY_ALPHABET.contains(c)))
            .then_some(CodeInput::Recovery(upper))
    }
}

/// Letters and digits of recovery codes: no 0/O, 1/I/L, to be read back without doubt.
const RECOVERY_ALPHABET: &str = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Characters in a recovery code (about 59 bits).
const RECOVERY_LEN: usize = 12;

/// A new recovery code, shown as `XXXX-XXXX-XXXX`.
pub(crate) fn new_recovery_code(random: &dyn TokenSource) -> String {
    let alphabet: Vec<char> = RECOVERY_ALPHABET.chars().collect();
    let mut bytes = [0u8; RECOVERY_LEN];
    random.fill(&mut bytes);
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| alphabet[usize::from(*b) % alphabet.len()])
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// What is stored of a recovery code: SHA-256 of the owner and the normalised code, in hex.
pub(crate) fn recovery_digest(user: UserId, code: &str) -> String {
    let normalised: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    hex::encode(Sha256::digest(format!("{user}:{normalised}").as_bytes()))
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~@".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    struct Fixed;
    impl TokenSource for Fixed {
        fn fill(&self, dest: &mut [u8]) {
            for (i, b) in dest.iter_mut().enumerate() {
                *b = u8::try_from(i % 256).unwrap_or(0);
            }
        }
    }

    #[test]
    fn codes_follow_rfc_6238() {
        // RFC 6238, appendix B: the SHA-1 secret "12345678901234567890", 8 digits there; the
        // last six digits are what a six-digit authenticator shows.
        let secret = TotpSecret::from_bytes(b"12345678901234567890".to_vec()).unwrap();
        for (unix, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
        ] {
            let step = unix / STEP_SECONDS;
            assert_eq!(secret.code_at(step), eight[2..], "at {unix}");
        }
    }

    #[test]
    fn a_code_matches_its_step_and_one_either_side_only() {
        let secret = TotpSecret::generate(&Fixed);
        let now = datetime!(2026-11-29 12:00:15 UTC);
        let step = step_at(now);
        for (offset, accepted) in [(-2, false), (-1, true), (0, true), (1, true), (2, false)] {
            let code = secret.code_at(step + offset);
            assert_eq!(
                secret.matching_step(&code, now) == Some(step + offset),
                accepted,
                "offset {offset}"
            );
        }
        assert_eq!(secret.matching_step("12345", now), None);
        assert!(
            secret
                .otpauth_uri("Postern Portal", "a b@example.org")
                .starts_with("otpauth://totp/Postern%20Portal:a%20b@example.org?secret=")
        );
        assert!(!format!("{secret:?}").contains(&secret.base32()));
        let again = TotpSecret::from_base32(&secret.base32()).unwrap();
        assert_eq!(again.expose(), secret.expose());
    }

    #[test]
    fn typed_codes_are_read_either_way() {
        assert_eq!(CodeInput::parse(" 123 456 "), Some(CodeInput::Totp("123456".into())));
        let code = new_recovery_code(&Fixed);
        assert_eq!(code.len(), 14);
        assert!(matches!(
            CodeInput::parse(&code.to_lowercase()),
            Some(CodeInput::Recovery(_))
        ));
        for bad in ["", "12345", "1234567", "abc", "OOOO-OOOO-OOOO"] {
            assert_eq!(CodeInput::parse(bad), None, "{bad}");
        }
        let user = UserId::generate(&Fixed);
        assert_eq!(
            recovery_digest(user, &code),
            recovery_digest(user, &code.to_lowercase().replace('-', " "))
        );
    }
}
