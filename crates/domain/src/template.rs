//! Administrator-editable email texts: plain text with a closed set of `{{placeholders}}` per
//! template, checked when saved.

use thiserror::Error;

/// The placeholders a template may use.
pub const PLACEHOLDERS: &[&str] = &[
    "inviter_name",
    "inviter_email",
    "recipient_email",
    "portal_name",
    "expiry_date",
];

/// Longest template, in characters.
pub const MAX_TEMPLATE: usize = 10_000;

/// The built-in top part.
pub(crate) const DEFAULT_INVITATION_TEMPLATE: &str =
    "{{inviter_name}} ({{inviter_email}}) has invited you to create a Drop-Off account on {{portal_name}}.";

/// The editable templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateKind {
    /// The top part of the invitation email.
    Invitation,
    /// The top part of the invitation email to someone of the organisation (who signs in with
    /// their directory account).
    InternalInvitation,
    /// The subject proposed on the Send Invites form.
    Subject,
    /// The welcome message to a new account.
    Welcome,
    /// The notice to the inviter that an invitation was accepted.
    Accepted,
    /// The notice to the inviter that an invitation could not be delivered.
    DeliveryFailed,
}

impl TemplateKind {
    /// Every kind, in the console's order.
    pub const ALL: [TemplateKind; 6] = [
        TemplateKind::Invitation,
        TemplateKind::InternalInvitation,
        TemplateKind::Subject,
        TemplateKind::Welcome,
        TemplateKind::Accepted,
        TemplateKind::DeliveryFailed,
    ];

    /// Stable name (storage key, URL).
    pub fn name(self) -> &'static str {
        match self {
            TemplateKind::Invitation => "invitation",
            TemplateKind::InternalInvitation => "internal_invitation",
            TemplateKind::Subject => "subject",
            TemplateKind::Welcome => "welcome",
            TemplateKind::Accepted => "accepted",
            TemplateKind::DeliveryFailed => "delivery_failed",
        }
    }

    /// Reads [`TemplateKind::name`] back.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            TemplateKind::Invitation => "Invitation (top part)",
            TemplateKind::InternalInvitation => "Invitation to staff (top part)",
            TemplateKind::Subject => "Invitation subject",
            TemplateKind::Welcome => "Welcome message",
            TemplateKind::Accepted => "Invitation accepted",
            TemplateKind::DeliveryFailed => "Delivery failed",
        }
    }

    /// The placeholders this template may use.
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            TemplateKind::Invitation | TemplateKind::InternalInvitation => PLACEHOLDERS,
            TemplateKind::Subject => &["inviter_name", "portal_name"],
            TemplateKind::Welcome => &["user_name", "user_email", "portal_name"],
            TemplateKind::Accepted => &["recipient_email", "inviter_name", "portal_name"],
            TemplateKind::DeliveryFailed => &["recipient_email", "inviter_name", "reason", "portal_name"],
        }
    }

    /// The built-in text.
    pub fn default_source(self) -> &'static str {
        match self {
            TemplateKind::Invitation => DEFAULT_INVITATION_TEMPLATE,
            TemplateKind::InternalInvitation => {
                "{{inviter_name}} ({{inviter_email}}) has invited you to {{portal_name}}, where you sign in with your organisation account."
            }
            TemplateKind::Subject => "You are invited to open a Drop-Off account on {{portal_name}}",
            TemplateKind::Welcome => {
                "Hello {{user_name}}, your {{portal_name}} account {{user_email}} has been created."
            }
            TemplateKind::Accepted => {
                "{{recipient_email}} has accepted your invitation and now has an account on {{portal_name}}."
            }
            TemplateKind::DeliveryFailed => {
                "Your invitation could not be delivered to {{recipient_email}}. The mail system said: {{reason}}"
            }
        }
    }
}

/// Why a template is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TemplateError {
    /// A placeholder outside the closed set.
    #[error("unknown placeholder {{{{{name}}}}} at character {position}; available: {available}")]
    UnknownPlaceholder {
        /// Its name.
        name: String,
        /// 1-based character position of `{{`.
        position: usize,
        /// The placeholders this template may use.
        available: String,
    },
    /// `{{` without `}}`, or `}}` without `{{`.
    #[error("unbalanced braces at character {position}")]
    Unbalanced {
        /// 1-based character position.
        position: usize,
    },
    /// Empty.
    #[error("the template is empty")]
    Empty,
    /// Too long.
    #[error("the template is longer than {MAX_TEMPLATE} characters")]
    TooLong,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Placeholder(&'static str),
}

/// A checked template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationTemplate {
    source: String,
    pieces: Vec<Piece>,
}

/// The values for the placeholders.
#[derive(Debug, Clone)]
pub(crate) struct TemplateValues<'a> {
    /// Inviter's display name.
    pub inviter_name: &'a str,
    /// Inviter's address.
    pub inviter_email: &'a str,
    /// Recipient's address.
    pub recipient_email: &'a str,
    /// Portal name.
    pub portal_name: &'a str,
    /// Link expiry, formatted.
    pub expiry_date: &'a str,
}

impl TemplateValues<'_> {
    fn get(&self, name: &str) -> &str {
        match name {
            "inviter_name" => self.inviter_name,
            "inviter_email" => self.inviter_email,
            "recipient_email" => self.recipient_email,
            "portal_name" => self.portal_name,
            _ => self.expiry_date,
        }
    }
}

impl InvitationTemplate {
    /// Parses and checks an invitation (top part) template.
    ///
    /// # Errors
    /// [`TemplateError`] with the position of the problem.
    pub fn parse(source: &str) -> Result<Self, TemplateError> {
        Self::parse_for(TemplateKind::Invitation, source)
    }

    /// Parses and checks a template of a kind, against that kind's placeholders.
    ///
    /// # Errors
    /// [`TemplateError`] with the position of the problem.
    pub fn parse_for(kind: TemplateKind, source: &str) -> Result<Self, TemplateError> {
        if source.trim().is_empty() {
            return Err(TemplateError::Empty);
        }
        if source.chars().count() > MAX_TEMPLATE {
            return Err(TemplateError::TooLong);
        }
        let mut pieces = Vec::new();
        let mut rest = source;
        let position = |rest: &str, offset: usize| source[..source.len() - rest.len() + offset].chars().count() + 1;
        while !rest.is_empty() {
            let open = rest.find("{{");
            let close = rest.find("}}");
            match (open, close) {
                (None, None) => {
                    pieces.push(Piece::Text(rest.to_owned()));
                    break;
                }
                (None, Some(c)) => {
                    return Err(TemplateError::Unbalanced {
                        position: position(rest, c),
                    });
                }
                (Some(o), Some(c)) if c < o => {
                    return Err(TemplateError::Unbalanced {
                        position: position(rest, c),
                    });
                }
                (Some(o), None) => {
                    return Err(TemplateError::Unbalanced {
                        position: position(rest, o),
                    });
                }
                (Some(o), Some(c)) => {
                    let inner = &rest[o + 2..c];
                    if inner.contains("{{") {
                        return Err(TemplateError::Unbalanced {
                            position: position(rest, o),
                        });
                    }
                    let name = inner.trim();
                    let known = kind.placeholders().iter().find(|p| **p == name).ok_or_else(|| {
                        TemplateError::UnknownPlaceholder {
                            name: name.to_owned(),
                            position: position(rest, o),
                            available: kind.placeholders().join(", "),
                        }
                    })?;
                    if o > 0 {
                        pieces.push(Piece::Text(rest[..o].to_owned()));
                    }
                    pieces.push(Piece::Placeholder(known));
                    rest = &rest[c + 2..];
                }
            }
        }
        Ok(Self {
            source: source.to_owned(),
            pieces,
        })
    }

    /// The built-in invitation template.
    pub fn builtin() -> Self {
        Self::builtin_for(TemplateKind::Invitation)
    }

    /// The built-in template of a kind.
    pub fn builtin_for(kind: TemplateKind) -> Self {
        match Self::parse_for(kind, kind.default_source()) {
            Ok(t) => t,
            // The defaults are constants covered by a unit test.
            Err(_) => Self {
                source: String::new(),
                pieces: Vec::new(),
            },
        }
    }

    /// The source text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Renders as plain text.
    pub(crate) fn render_text(&self, values: &TemplateValues<'_>) -> String {
        self.render(values, |s| s.to_owned())
    }

    fn render(&self, values: &TemplateValues<'_>, escape: impl Fn(&str) -> String) -> String {
        self.render_with(|name| values.get(name), escape)
    }

    /// Renders as plain text with values given by name (the notices' placeholders).
    pub fn render_values(&self, values: &[(&str, &str)]) -> String {
        self.render_with(
            |name| values.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| v),
            |s| s.to_owned(),
        )
    }

    fn render_with<'v>(&self, value: impl Fn(&str) -> &'v str, escape: impl Fn(&str) -> String) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(&escape(t)),
                Piece::Placeholder(name) => out.push_str(&escape(value(name))),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> TemplateValues<'static> {
        TemplateValues {
            inviter_name: "Ann <Admin>",
            inviter_email: "ann@example.com",
            recipient_email: "bob@example.org",
            portal_name: "Postern",
            expiry_date: "2026-12-10 12:00 UTC",
        }
    }

    #[test]
    fn default_template_is_valid_and_renders() {
        let t = InvitationTemplate::parse(DEFAULT_INVITATION_TEMPLATE).unwrap();
        assert_eq!(t, InvitationTemplate::builtin());
        assert_eq!(
            t.render_text(&values()),
            "Ann <Admin> (ann@example.com) has invited you to create a Drop-Off account on Postern."
        );
    }

    #[test]
    fn every_kind_has_a_valid_default_and_its_own_placeholders() {
        for kind in TemplateKind::ALL {
            assert_eq!(
                InvitationTemplate::parse_for(kind, kind.default_source())
                    .unwrap()
                    .source(),
                kind.default_source()
            );
            assert_eq!(TemplateKind::from_name(kind.name()), Some(kind));
        }
        assert!(InvitationTemplate::parse_for(TemplateKind::Welcome, "{{expiry_date}}").is_err());
        let t =
            InvitationTemplate::parse_for(TemplateKind::DeliveryFailed, "{{reason}} for {{recipient_email}}").unwrap();
        assert_eq!(
            t.render_values(&[("reason", "550"), ("recipient_email", "a@b.example")]),
            "550 for a@b.example"
        );
    }

    #[test]
    fn every_placeholder_renders() {
        let t = InvitationTemplate::parse("{{ recipient_email }}|{{expiry_date}}|{{portal_name}}").unwrap();
        assert_eq!(t.render_text(&values()), "bob@example.org|2026-12-10 12:00 UTC|Postern");
    }

    #[test]
    fn unknown_and_unbalanced_are_refused_with_position() {
        assert_eq!(
            InvitationTemplate::parse("Hi {{name}}").unwrap_err(),
            TemplateError::UnknownPlaceholder {
                name: "name".into(),
                position: 4,
                available: PLACEHOLDERS.join(", "),
            }
        );
        assert_eq!(
            InvitationTemplate::parse("Hi {{portal_name").unwrap_err(),
            TemplateError::Unbalanced { position: 4 }
        );
        assert_eq!(
            InvitationTemplate::parse("Hi }} x").unwrap_err(),
            TemplateError::Unbalanced { position: 4 }
        );
        assert_eq!(
            InvitationTemplate::parse("{{ {{portal_name}}").unwrap_err(),
            TemplateError::Unbalanced { position: 1 }
        );
        assert_eq!(InvitationTemplate::parse("  ").unwrap_err(), TemplateError::Empty);
    }
}
