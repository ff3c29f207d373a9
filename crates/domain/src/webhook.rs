//! Webhooks: the administrator's endpoints that are told of each recipient's history as it
//! happens, each delivery signed so that a receiver can check it came from this portal.
//!
//! A delivery is an HTTP `POST` of a JSON [`WebhookPayload`] with the header
//! `Postern-Signature: t=<unix seconds>,v1=<hex>`, where `<hex>` is the HMAC-SHA256, under the
//! endpoint's secret, of the bytes `<unix seconds>.<body>`. A receiver recomputes it
//! ([`verify`]), compares in constant time, and refuses a timestamp far from its own clock
//! (a replayed delivery). Deliveries go through the outbox: retried with a growing wait
//! while the receiver fails, at least once (a receiver keeps the `id`s it has seen), and not
//! necessarily in order (the `id` numbers grow in the order things happened).

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;
use thiserror::Error;
use time::OffsetDateTime;

use crate::history::HistoryEvent;
use crate::ids::WebhookId;

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "Postern-Signature";
/// The header that carries the event's id (the same on every retry).
pub const EVENT_HEADER: &str = "Postern-Event-Id";
/// The prefix of an endpoint's secret as shown to the administrator.
pub const SECRET_PREFIX: &str = "whsec_";
/// How far a receiver should accept a signature's time from its own clock.
pub const TOLERANCE: time::Duration = time::Duration::minutes(5);

/// The events an endpoint can ask for: every stored step of the history (*expired* is derived
/// when read, never written, so it is not delivered).
pub const EVENTS: [HistoryEvent; 13] = [
    HistoryEvent::Queued,
    HistoryEvent::LinkShown,
    HistoryEvent::Sent,
    HistoryEvent::Deferred,
    HistoryEvent::Bounced,
    HistoryEvent::Reminded,
    HistoryEvent::Opened,
    HistoryEvent::Accepted,
    HistoryEvent::Revoked,
    HistoryEvent::Resent,
    HistoryEvent::RenewalRequested,
    HistoryEvent::Renewed,
    HistoryEvent::Downloaded,
];

/// Longest endpoint address.
pub const MAX_URL: usize = 2000;

/// An endpoint address: `http` or `https`, a host, no user or password, no fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookUrl(String);

/// Why a text is not an endpoint address.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WebhookUrlError {
    /// Not a URL, or too long.
    #[error("enter the full address, such as https://tools.example.org/postern (at most 2000 characters)")]
    Malformed,
    /// Another scheme.
    #[error("the address must start with https:// (or http:// on a trusted network)")]
    Scheme,
    /// A user name or password in it (they would show on the console).
    #[error("the address must not contain a user name or password; let the receiver check the signature instead")]
    Credentials,
    /// A `#` fragment (never sent to the server).
    #[error("the address must not contain a # part: a browser keeps it, a server never sees it")]
    Fragment,
}

impl WebhookUrl {
    /// Checks an address.
    ///
    /// # Errors
    /// [`WebhookUrlError`].
    pub fn parse(text: &str) -> Result<Self, WebhookUrlError> {
        let text = text.trim();
        if text.is_empty() || text.len() > MAX_URL || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(WebhookUrlError::Malformed);
        }
        let rest = if let Some(r) = text.strip_prefix("https://") {
            r
        } else if let Some(r) = text.strip_prefix("http://") {
            r
        } else if text.contains("://") {
            return Err(WebhookUrlError::Scheme);
        } else {
            return Err(WebhookUrlError::Malformed);
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if authority.contains('@') {
            return Err(WebhookUrlError::Credentials);
        }
        let host = authority.rsplit_once(':').map_or(authority, |(h, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) && !h.is_empty() {
                h
            } else {
                authority
            }
        });
        if host.is_empty() {
            return Err(WebhookUrlError::Malformed);
        }
        if text.contains('#') {
            return Err(WebhookUrlError::Fragment);
        }
        Ok(Self(text.to_owned()))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address as the console and the audit log show it: without its query, which may
    /// carry a receiver's token (`…?…`).
    pub fn shown(&self) -> String {
        match self.0.split_once('?') {
            Some((base, _)) => format!("{base}?…"),
            None => self.0.clone(),
        }
    }
}

/// An endpoint as the administrator registered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    /// Identifier.
    pub id: WebhookId,
    /// Where deliveries go.
    pub url: WebhookUrl,
    /// The events it is told of.
    pub events: Vec<HistoryEvent>,
    /// The signing secret, sealed ([`crate::ports::SecretSealer`]).
    pub sealed_secret: Vec<u8>,
    /// When it was registered.
    pub created_at: OffsetDateTime,
    /// The last delivery attempt: when, and what came of it.
    pub last_attempt: Option<(OffsetDateTime, String)>,
    /// When a delivery last succeeded.
    pub last_success_at: Option<OffsetDateTime>,
}

/// What a delivery carries (its JSON body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookPayload {
    /// The event's id: the same on every retry (a receiver ignores one it has seen).
    pub id: String,
    /// `recipient.<event>`, such as `recipient.accepted`.
    #[serde(rename = "type")]
    pub kind: String,
    /// When it happened (RFC 3339).
    #[serde(with = "time::serde::rfc3339")]
    pub occurred_at: OffsetDateTime,
    /// The invitation.
    pub invitation_id: String,
    /// The recipient.
    pub recipient_id: String,
    /// The recipient's address.
    pub recipient_email: String,
    /// The sender's address.
    pub sender_email: String,
    /// `sender`, `administrator` or `invitee`, when a person caused it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The mail system's answer, for deliveries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

fn mac(secret: &[u8], timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The `Postern-Signature` header of `body` sent at `timestamp` (Unix seconds).
pub fn signature(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let tag = mac(secret, timestamp, body).finalize().into_bytes();
    let hex: String = tag.iter().map(|b| format!("{b:02x}")).collect();
    format!("t={timestamp},v1={hex}")
}

/// Whether `header` signs `body` under `secret` with a time within [`TOLERANCE`] of `now`:
/// what a receiver checks (in constant time).
pub fn verify(secret: &[u8], header: &str, body: &[u8], now: OffsetDateTime) -> bool {
    let mut timestamp = None;
    let mut tags = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", v)) => tags.push(v.to_owned()),
            _ => {}
        }
    }
    let Some(t) = timestamp else { return false };
    if (now.unix_timestamp() - t).abs() > TOLERANCE.whole_seconds() {
        return false;
    }
    tags.iter().any(|hex| {
        let bytes: Option<Vec<u8>> = (0..hex.len())
            .step_by(2)
            .map(|i| hex.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
            .collect();
        bytes.is_some_and(|b| mac(secret, t, body).verify_slice(&b).is_ok())
    })
}

/// The secret as shown once to the administrator, from its bytes.
pub fn secret_text(secret: &[u8]) -> String {
    use base64::Engine as _;
    format!(
        "{SECRET_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret)
    )
}

/// The bytes a receiver signs with, from the secret as shown ([`secret_text`]): the text
/// itself, so that a receiver needs no decoding.
pub fn signing_key(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn addresses() {
        assert!(WebhookUrl::parse("https://tools.example.org/postern?x=1").is_ok());
        assert!(WebhookUrl::parse("http://127.0.0.1:8080/hook").is_ok());
        assert_eq!(WebhookUrl::parse("ftp://x.org"), Err(WebhookUrlError::Scheme));
        assert_eq!(
            WebhookUrl::parse("https://u:p@x.org/"),
            Err(WebhookUrlError::Credentials)
        );
        assert_eq!(WebhookUrl::parse("x.org/hook"), Err(WebhookUrlError::Malformed));
        assert_eq!(WebhookUrl::parse("https:///hook"), Err(WebhookUrlError::Malformed));
        assert_eq!(WebhookUrl::parse("https://x.org/a b"), Err(WebhookUrlError::Malformed));
        assert_eq!(WebhookUrl::parse("https://x.org/h#top"), Err(WebhookUrlError::Fragment));
        let with_token = WebhookUrl::parse("https://x.org/h?key=s3cret").unwrap();
        assert_eq!(with_token.shown(), "https://x.org/h?…");
        assert_eq!(with_token.as_str(), "https://x.org/h?key=s3cret", "sent whole");
    }

    #[test]
    fn a_signature_verifies_only_for_its_body_secret_and_time() {
        let now = datetime!(2026-11-30 10:00 UTC);
        let secret = signing_key("whsec_abc");
        let header = signature(&secret, now.unix_timestamp(), b"{\"a\":1}");
        assert!(verify(&secret, &header, b"{\"a\":1}", now));
        assert!(verify(&secret, &header, b"{\"a\":1}", now + time::Duration::minutes(4)));
        assert!(!verify(&secret, &header, b"{\"a\":2}", now), "another body");
        assert!(!verify(b"whsec_abd", &header, b"{\"a\":1}", now), "another secret");
        assert!(
            !verify(&secret, &header, b"{\"a\":1}", now + time::Duration::minutes(6)),
            "too old"
        );
        assert!(!verify(&secret, "t=1,v1=zz", b"{}", now));
        // The documented construction, spelled out: HMAC-SHA256 over "<t>.<body>".
        let expected = signature(&secret, 1_700_000_000, b"{}");
        assert!(expected.starts_with("t=1700000000,v1="));
        assert_eq!(expected.len(), "t=1700000000,v1=".len() + 64);
    }
}
