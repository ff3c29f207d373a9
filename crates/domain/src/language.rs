//! The languages Postern writes in: its pages, its emails, and the top texts an administrator
//! may replace. Which words go with a language is an adapter's (the `.ftl` files); who reads
//! which language is decided here and in the use cases.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::template::TemplateKind;

/// A language of the portal's pages and emails.
///
/// ```
/// use postern_domain::Language;
///
/// assert_eq!(Language::parse("de-CH"), Some(Language::De));
/// assert_eq!(Language::parse("pt"), None);
/// assert_eq!(Language::Fr.code(), "fr");
/// assert_eq!(Language::Nl.endonym(), "Nederlands");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English (the built-in default).
    #[default]
    En,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Dutch.
    Nl,
}

impl Language {
    /// Every language, in the order the language switch lists them.
    pub const ALL: [Language; 5] = [Language::En, Language::De, Language::Fr, Language::Es, Language::Nl];

    /// The BCP 47 code (`en`, `de`, …): storage, forms, the API, `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
            Language::Fr => "fr",
            Language::Es => "es",
            Language::Nl => "nl",
        }
    }

    /// The language's name in itself (`Deutsch`): how a reader recognises their own.
    pub fn endonym(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::De => "Deutsch",
            Language::Fr => "Français",
            Language::Es => "Español",
            Language::Nl => "Nederlands",
        }
    }

    /// Reads a code: `de`, `DE`, `de-AT` and `de_CH` are German; anything else is `None`.
    pub fn parse(code: &str) -> Option<Language> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or_default();
        Self::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary) && !primary.is_empty())
    }

    /// The codes, comma-separated, for messages that list them.
    pub fn codes() -> String {
        Self::ALL.map(Language::code).join(", ")
    }

    /// The key under which an administrator's version of a template in this language is kept:
    /// the template's name for English (as before languages existed), `name.de` for the others.
    pub(crate) fn template_key(self, kind: TemplateKind) -> String {
        match self {
            Language::En => kind.name().to_owned(),
            other => format!("{}.{}", kind.name(), other.code()),
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The portal's own words that the domain itself puts into a message: the built-in version of
/// each template an administrator may replace, and how a moment is written, in each language.
/// The words live in an adapter (the localisation files); [`EnglishTexts`] is the domain's own
/// English, for tests and tools that have no adapter.
pub trait Texts: Send + Sync {
    /// The built-in source of a template (with its `{{placeholders}}`) in a language.
    fn builtin_template(&self, kind: TemplateKind, language: Language) -> String;
    /// A moment as a reader of the language writes it (`10.12.2026, 14:03 UTC`).
    fn time(&self, at: OffsetDateTime, language: Language) -> String;
    /// One of the few phrases the domain writes into a message's facts.
    fn phrase(&self, phrase: Phrase, language: Language) -> String;
}

/// The phrases the domain itself writes into a message (everything else a message says is
/// worded by the mail adapter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phrase {
    /// The `From` name of mail sent for an outside person: `ann@example.com via Postern`.
    Via {
        /// Their verified address.
        sender: String,
        /// The portal's name.
        portal: String,
    },
    /// How a files message names an outside sender: `ann@example.com, an outside person…`.
    OutsidePerson {
        /// Their verified address.
        address: String,
    },
    /// The recipient address in the sender's copy of the top text: `(each recipient)`.
    EachRecipient,
    /// The reason of a bounce the mail system gave none for.
    MailSystemRefused,
    /// The message proposed for a new invitation.
    DefaultMessage,
}

/// English built-in texts and times written `2026-12-10 14:03 UTC`, whatever the language.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnglishTexts;

impl Texts for EnglishTexts {
    fn builtin_template(&self, kind: TemplateKind, _: Language) -> String {
        kind.default_source().to_owned()
    }

    fn time(&self, at: OffsetDateTime, _: Language) -> String {
        crate::message::format_time(at)
    }

    fn phrase(&self, phrase: Phrase, _: Language) -> String {
        match phrase {
            Phrase::Via { sender, portal } => format!("{sender} via {portal}"),
            Phrase::OutsidePerson { address } => format!("{address}, an outside person with a Drop-Off account"),
            Phrase::EachRecipient => "(each recipient)".to_owned(),
            Phrase::MailSystemRefused => "the mail system refused it".to_owned(),
            Phrase::DefaultMessage => crate::text::DEFAULT_MESSAGE.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_are_read_whatever_their_region_or_case() {
        assert_eq!(Language::parse("de"), Some(Language::De));
        assert_eq!(Language::parse("DE-at"), Some(Language::De));
        assert_eq!(Language::parse("nl_BE"), Some(Language::Nl));
        assert_eq!(Language::parse(" fr "), Some(Language::Fr));
        for refused in ["", "-", "d", "deu", "it", "en-", "xx-en", "*"] {
            assert_eq!(
                Language::parse(refused),
                if refused == "en-" { Some(Language::En) } else { None },
                "{refused:?}"
            );
        }
    }

    #[test]
    fn template_keys_keep_english_where_it_was() {
        assert_eq!(Language::En.template_key(TemplateKind::Invitation), "invitation");
        assert_eq!(Language::De.template_key(TemplateKind::Welcome), "welcome.de");
    }

    proptest! {
        #[test]
        fn every_code_reads_back(i in 0usize..5, region in "[A-Za-z]{0,3}") {
            let l = Language::ALL[i];
            prop_assert_eq!(Language::parse(l.code()), Some(l));
            prop_assert_eq!(Language::parse(&format!("{}-{region}", l.code().to_uppercase())), Some(l));
        }
    }
}
