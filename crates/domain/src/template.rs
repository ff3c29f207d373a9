//! The administrator-editable top part of the invitation email: plain text with a closed set
//! of `{{placeholders}}`, checked when saved.

use std::fmt::Write as _;

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
pub const DEFAULT_INVITATION_TEMPLATE: &str =
    "{{inviter_name}} ({{inviter_email}}) has invited you to create a Drop-Off account on {{portal_name}}.";

/// Why a template is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TemplateError {
    /// A placeholder outside the closed set.
    #[error("unknown placeholder {{{{{name}}}}} at character {position}; available: {}", PLACEHOLDERS.join(", "))]
    UnknownPlaceholder {
        /// Its name.
        name: String,
        /// 1-based character position of `{{`.
        position: usize,
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
pub struct TemplateValues<'a> {
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
    /// Parses and checks a template.
    ///
    /// # Errors
    /// [`TemplateError`] with the position of the problem.
    pub fn parse(source: &str) -> Result<Self, TemplateError> {
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
                    let known =
                        PLACEHOLDERS
                            .iter()
                            .find(|p| **p == name)
                            .ok_or_else(|| TemplateError::UnknownPlaceholder {
                                name: name.to_owned(),
                                position: position(rest, o),
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

    /// The built-in default.
    pub fn builtin() -> Self {
        match Self::parse(DEFAULT_INVITATION_TEMPLATE) {
            Ok(t) => t,
            // The default is a constant covered by a unit test.
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
    pub fn render_text(&self, values: &TemplateValues<'_>) -> String {
        self.render(values, |s| s.to_owned())
    }

    /// Renders as HTML: template text and values are escaped.
    pub fn render_html(&self, values: &TemplateValues<'_>) -> String {
        self.render(values, escape_html)
    }

    fn render(&self, values: &TemplateValues<'_>, escape: impl Fn(&str) -> String) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(&escape(t)),
                Piece::Placeholder(name) => out.push_str(&escape(values.get(name))),
            }
        }
        out
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => {
                let _ = write!(out, "{c}");
            }
        }
    }
    out
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
        assert!(t.render_html(&values()).starts_with("Ann &lt;Admin&gt;"));
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
                position: 4
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
