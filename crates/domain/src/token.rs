//! Activation tokens: a secret shown once in a link, of which only the SHA-256 digest is kept.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq;
use thiserror::Error;

use crate::ports::TokenSource;

/// The fixed prefix of every activation token's text form. Never change it: it lets secret
/// scanners recognise leaked tokens.
pub const TOKEN_PREFIX: &str = "pstn_";

const SECRET_BYTES: usize = 32;

/// 256 random bits with a fixed text prefix: what both kinds of token are made of.
struct Secret {
    bytes: [u8; SECRET_BYTES],
}

impl Secret {
    fn generate(source: &dyn TokenSource) -> Self {
        let mut bytes = [0u8; SECRET_BYTES];
        source.fill(&mut bytes);
        Self { bytes }
    }

    fn parse(prefix: &str, text: &str) -> Result<Self, MalformedToken> {
        let body = text.strip_prefix(prefix).ok_or(MalformedToken)?;
        if body.len() != 43 {
            return Err(MalformedToken);
        }
        let decoded = URL_SAFE_NO_PAD.decode(body).map_err(|_| MalformedToken)?;
        let bytes: [u8; SECRET_BYTES] = decoded.try_into().map_err(|_| MalformedToken)?;
        Ok(Self { bytes })
    }

    fn expose(&self, prefix: &str) -> String {
        format!("{prefix}{}", URL_SAFE_NO_PAD.encode(self.bytes))
    }

    fn digest(&self) -> TokenDigest {
        TokenDigest(Sha256::digest(self.bytes).into())
    }
}

/// A plaintext activation token (256 random bits). It exists only to be put in one email;
/// `Debug` never prints it and it is never stored.
///
/// ```
/// use postern_domain::ActivationToken;
/// use postern_domain::ports::TokenSource;
///
/// /// A source of randomness: Postern's is the operating system's.
/// struct Os;
/// impl TokenSource for Os {
///     fn fill(&self, buf: &mut [u8]) {
///         getrandom_like(buf);
///     }
/// }
/// # fn getrandom_like(buf: &mut [u8]) { buf.iter_mut().enumerate().for_each(|(i, b)| *b = i as u8 * 7); }
///
/// let token = ActivationToken::generate(&Os);
/// let text = token.expose(); // what goes into the link, once
/// assert!(text.starts_with("pstn_"));
/// // Opening the link: the text is read back and only its digest is looked up.
/// assert_eq!(ActivationToken::parse(&text).unwrap().digest(), token.digest());
/// assert!(ActivationToken::parse("pstn_tampered").is_err());
/// // Never shown by Debug, so never logged.
/// assert_eq!(format!("{token:?}"), "ActivationToken(<redacted>)");
/// ```
pub struct ActivationToken(Secret);

/// Why a text is not a token.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("the link is not a valid activation link")]
pub struct MalformedToken;

impl ActivationToken {
    /// Draws a new token from the randomness port.
    pub fn generate(source: &dyn TokenSource) -> Self {
        Self(Secret::generate(source))
    }

    /// Reads the text form from a link.
    ///
    /// # Errors
    /// [`MalformedToken`] when the prefix, length or alphabet is wrong.
    pub fn parse(text: &str) -> Result<Self, MalformedToken> {
        Secret::parse(TOKEN_PREFIX, text).map(Self)
    }

    /// The URL-safe text form, for the link in the email. Never log it.
    pub fn expose(&self) -> String {
        self.0.expose(TOKEN_PREFIX)
    }

    /// The digest that is stored.
    pub fn digest(&self) -> TokenDigest {
        self.0.digest()
    }
}

impl fmt::Debug for ActivationToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ActivationToken(<redacted>)")
    }
}

/// The fixed prefix of every download link's token. Never change it.
pub(crate) const DOWNLOAD_TOKEN_PREFIX: &str = "pstd_";

/// A plaintext download token (256 random bits): one recipient's key to the files of one
/// message. Minted when the message is rendered, only its digest is stored; `Debug` never
/// prints it.
pub struct DownloadToken(Secret);

impl DownloadToken {
    /// Draws a new token from the randomness port.
    pub fn generate(source: &dyn TokenSource) -> Self {
        Self(Secret::generate(source))
    }

    /// Reads the text form from a link.
    ///
    /// # Errors
    /// [`MalformedToken`] when the prefix, length or alphabet is wrong.
    pub fn parse(text: &str) -> Result<Self, MalformedToken> {
        Secret::parse(DOWNLOAD_TOKEN_PREFIX, text).map(Self)
    }

    /// The URL-safe text form, for the link in the email. Never log it.
    pub fn expose(&self) -> String {
        self.0.expose(DOWNLOAD_TOKEN_PREFIX)
    }

    /// The digest that is stored.
    pub fn digest(&self) -> TokenDigest {
        self.0.digest()
    }
}

impl fmt::Debug for DownloadToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DownloadToken(<redacted>)")
    }
}

/// The fixed prefix of every personal API token. Never change it.
pub(crate) const API_TOKEN_PREFIX: &str = "pstk_";

/// What a personal API token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenScope {
    /// Read one's invitations and account only.
    Read,
    /// Also send, resend and revoke invitations.
    #[default]
    Send,
}

impl TokenScope {
    /// Stable lower-case name (stored, and used by the API and the forms).
    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Send => "send",
        }
    }
    /// Reads [`TokenScope::as_str`] back.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "read" => Some(TokenScope::Read),
            "send" => Some(TokenScope::Send),
            _ => None,
        }
    }
    /// Whether a token of this scope may act, not only read.
    pub fn may_send(self) -> bool {
        self == TokenScope::Send
    }
}

/// A plaintext personal API token (256 random bits), shown to its owner once. Only its
/// digest is stored; `Debug` never prints it.
pub struct ApiToken(Secret);

impl ApiToken {
    /// Draws a new token from the randomness port.
    pub fn generate(source: &dyn TokenSource) -> Self {
        Self(Secret::generate(source))
    }

    /// Reads the text form from an `Authorization: Bearer` header.
    ///
    /// # Errors
    /// [`MalformedToken`] when the prefix, length or alphabet is wrong.
    pub fn parse(text: &str) -> Result<Self, MalformedToken> {
        Secret::parse(API_TOKEN_PREFIX, text).map(Self)
    }

    /// The text form, to show once. Never log it.
    pub fn expose(&self) -> String {
        self.0.expose(API_TOKEN_PREFIX)
    }

    /// The digest that is stored.
    pub fn digest(&self) -> TokenDigest {
        self.0.digest()
    }
}

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}

/// SHA-256 of a token's secret: what the database holds.
///
/// ```
/// use postern_domain::{ActivationToken, TokenDigest};
/// # struct Fixed;
/// # impl postern_domain::ports::TokenSource for Fixed { fn fill(&self, buf: &mut [u8]) { buf.fill(1) } }
///
/// let digest = ActivationToken::generate(&Fixed).digest();
/// // What the database keeps, and reads back.
/// let stored: [u8; 32] = *digest.as_bytes();
/// assert_eq!(TokenDigest::from_bytes(stored), digest);
/// assert_eq!(TokenDigest::from_slice(&stored[..31]), None);
/// ```
#[derive(Clone, Copy, Eq)]
pub struct TokenDigest([u8; 32]);

impl TokenDigest {
    /// From stored bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }
    /// From a stored slice, if it has the right length.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        bytes.try_into().ok().map(Self)
    }
    /// The bytes to store.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
    /// Hexadecimal form, for storage engines that index text.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl PartialEq for TokenDigest {
    /// Constant-time comparison.
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl fmt::Debug for TokenDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The digest is not a secret, but a short prefix is all anyone needs to correlate.
        write!(f, "TokenDigest({}…)", &self.to_hex()[..8])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Counting;
    impl TokenSource for Counting {
        fn fill(&self, buf: &mut [u8]) {
            for (i, b) in buf.iter_mut().enumerate() {
                *b = i as u8;
            }
        }
    }

    #[test]
    fn text_form_round_trips_and_is_url_safe() {
        let token = ActivationToken::generate(&Counting);
        let text = token.expose();
        assert!(text.starts_with(TOKEN_PREFIX));
        assert!(
            text[TOKEN_PREFIX.len()..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        let back = ActivationToken::parse(&text).unwrap();
        assert_eq!(back.digest(), token.digest());
    }

    #[test]
    fn debug_prints_no_secret() {
        let token = ActivationToken::generate(&Counting);
        let debug = format!("{token:?}");
        assert!(!debug.contains(&token.expose()[TOKEN_PREFIX.len()..][..10]));
        assert_eq!(debug, "ActivationToken(<redacted>)");
    }

    #[test]
    fn digest_is_sha256_of_secret() {
        let token = ActivationToken::generate(&Counting);
        let expected: [u8; 32] = Sha256::digest((0u8..32).collect::<Vec<_>>()).into();
        assert_eq!(token.digest().as_bytes(), &expected);
    }

    #[test]
    fn api_tokens_have_their_own_prefix_and_never_pass_as_activation_tokens() {
        let api = ApiToken::generate(&Counting);
        let text = api.expose();
        assert!(text.starts_with(API_TOKEN_PREFIX));
        assert_eq!(ApiToken::parse(&text).unwrap().digest(), api.digest());
        assert!(ActivationToken::parse(&text).is_err());
        assert!(ApiToken::parse(&ActivationToken::generate(&Counting).expose()).is_err());
        assert_eq!(format!("{api:?}"), "ApiToken(<redacted>)");
    }

    #[test]
    fn malformed_texts_are_refused() {
        let good = ActivationToken::generate(&Counting).expose();
        for bad in [
            "",
            "pstn_",
            &good[1..],
            &good[..good.len() - 1],
            &format!("{good}A"),
            &good.replace(TOKEN_PREFIX, "xxxx_"),
            "pstn_*******************************************",
        ] {
            assert!(ActivationToken::parse(bad).is_err(), "{bad}");
        }
    }
}
