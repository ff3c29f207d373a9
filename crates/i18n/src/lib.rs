//! Postern's words in each language.
//!
//! Every sentence a page, an email or the command line shows comes from the Fluent files
//! under `locales/<language>/` (one folder per language, compiled into the binary). A
//! [`Catalog`] holds them; [`Catalog::tr`] gives the [`Tr`] of one language, which pages and
//! emails ask for their text by message id. Times and sizes are written the reader's way
//! ([`Tr::time`], [`Tr::size`]). [`negotiate`] picks a reader's language from their browser's
//! `Accept-Language`.
//!
//! The **pseudo-locale** ([`Catalog::pseudo`]) writes every text of every language accented,
//! lengthened and in brackets (`[Ƈřeeaaŧe aaƈƈoouuƞŧ]`), while what the portal does not write
//! (names, addresses, numbers) stays as it is: a test that finds plain letters outside
//! brackets has found a sentence that does not come from the files.

use std::borrow::Cow;
use std::collections::BTreeSet;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use postern_domain::Language;
use postern_domain::language::{Phrase, Texts};
use postern_domain::template::TemplateKind;
use time::OffsetDateTime;

pub use fluent_bundle::FluentValue as Value;

pub mod refusals;

/// The files of each language, by name.
pub const FILES: [&str; 8] = ["common", "emails", "pages", "staff", "console", "forms", "api", "cli"];

/// The text of a language's files, in [`FILES`] order.
pub fn sources(language: Language) -> [&'static str; 8] {
    macro_rules! files {
        ($code:literal) => {
            [
                include_str!(concat!("../locales/", $code, "/common.ftl")),
                include_str!(concat!("../locales/", $code, "/emails.ftl")),
                include_str!(concat!("../locales/", $code, "/pages.ftl")),
                include_str!(concat!("../locales/", $code, "/staff.ftl")),
                include_str!(concat!("../locales/", $code, "/console.ftl")),
                include_str!(concat!("../locales/", $code, "/forms.ftl")),
                include_str!(concat!("../locales/", $code, "/api.ftl")),
                include_str!(concat!("../locales/", $code, "/cli.ftl")),
            ]
        };
    }
    match language {
        Language::En => files!("en"),
        Language::De => files!("de"),
        Language::Fr => files!("fr"),
        Language::Es => files!("es"),
        Language::Nl => files!("nl"),
    }
}

struct Bundle {
    language: Language,
    bundle: FluentBundle<FluentResource>,
}

/// Every language's messages, ready to format.
pub struct Catalog {
    bundles: Vec<Bundle>,
    pseudo: bool,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("pseudo", &self.pseudo)
            .finish_non_exhaustive()
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Self::new()
    }
}

fn pseudo_text(text: &str) -> Cow<'_, str> {
    fluent_pseudo::transform_dom(text, false, true, true)
}

impl Catalog {
    /// The portal's languages as written.
    pub fn new() -> Self {
        Self::build(false)
    }

    /// Every language written in the pseudo-locale: for tests and translators, never for
    /// readers.
    pub fn pseudo() -> Self {
        Self::build(true)
    }

    fn build(pseudo: bool) -> Self {
        let bundles = Language::ALL
            .into_iter()
            .map(|language| {
                let id: unic_langid::LanguageIdentifier = language.code().parse().unwrap_or_default();
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // Isolation marks would reach plain-text emails and form values as invisible
                // characters; names and addresses are plain text here.
                bundle.set_use_isolating(false);
                if pseudo {
                    bundle.set_transform(Some(pseudo_text));
                }
                for source in sources(language) {
                    // A file that does not parse keeps the messages that do; a test proves
                    // every file parses.
                    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
                    // A message defined twice keeps its first definition (the error says so,
                    // and a test proves there is none).
                    let _ = bundle.add_resource(resource);
                }
                Bundle { language, bundle }
            })
            .collect();
        Self { bundles, pseudo }
    }

    /// Whether this is the pseudo-locale.
    pub fn is_pseudo(&self) -> bool {
        self.pseudo
    }

    /// The words of one language.
    pub fn tr(&self, language: Language) -> Tr<'_> {
        Tr {
            catalog: self,
            language,
        }
    }

    fn bundle(&self, language: Language) -> Option<&FluentBundle<FluentResource>> {
        self.bundles.iter().find(|b| b.language == language).map(|b| &b.bundle)
    }
}

/// The process's catalog: the languages as written, or (`pseudo`) the pseudo-locale. Built
/// once, on first use.
pub fn catalog(pseudo: bool) -> &'static Catalog {
    static REAL: std::sync::LazyLock<Catalog> = std::sync::LazyLock::new(Catalog::new);
    static PSEUDO: std::sync::LazyLock<Catalog> = std::sync::LazyLock::new(Catalog::pseudo);
    if pseudo { &PSEUDO } else { &REAL }
}

/// The message ids a language's files define.
pub fn message_ids(language: Language) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for source in sources(language) {
        let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                ids.insert(m.id.name.to_owned());
            }
        }
    }
    ids
}

/// The problems of a language's files: parse errors and messages defined twice.
pub fn file_problems(language: Language) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for (name, source) in FILES.iter().zip(sources(language)) {
        let resource = match FluentResource::try_new(source.to_owned()) {
            Ok(r) => r,
            Err((partial, errors)) => {
                for e in errors {
                    problems.push(format!("{}/{name}.ftl: {e:?}", language.code()));
                }
                partial
            }
        };
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry
                && !seen.insert(m.id.name.to_owned())
            {
                problems.push(format!("{}/{name}.ftl: {} defined twice", language.code(), m.id.name));
            }
        }
    }
    problems
}

/// The variables (`$name`) each message of a language uses, by id.
pub fn message_variables(language: Language) -> std::collections::BTreeMap<String, BTreeSet<String>> {
    use fluent_syntax::ast;
    fn walk_pattern(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for e in &p.elements {
            if let ast::PatternElement::Placeable { expression } = e {
                walk_expression(expression, out);
            }
        }
    }
    fn walk_inline(e: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_owned());
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    walk_inline(a, out);
                }
            }
            ast::InlineExpression::Placeable { expression } => walk_expression(expression, out),
            _ => {}
        }
    }
    fn walk_expression(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                walk_inline(selector, out);
                for v in variants {
                    walk_pattern(&v.value, out);
                }
            }
            ast::Expression::Inline(i) => walk_inline(i, out),
        }
    }
    let mut all = std::collections::BTreeMap::new();
    for source in sources(language) {
        let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
        for entry in resource.entries() {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    walk_pattern(p, &mut vars);
                }
                all.insert(m.id.name.to_owned(), vars);
            }
        }
    }
    all
}

/// A reader's language from their browser's `Accept-Language` header: the first of the
/// portal's languages the header asks for, in its order of preference (its `q` weights, the
/// order written for equal weights; `q=0` means "not this one"), a region matching its
/// language (`de-AT` is German), else `None`. A weight that does not parse counts as none.
pub fn negotiate(accept_language: &str) -> Option<Language> {
    let mut asked: Vec<(u16, Language)> = accept_language
        .split(',')
        .filter_map(|entry| {
            let mut parts = entry.split(';').map(str::trim);
            let tag = parts.next()?;
            let mut weight = 1000u16;
            for param in parts {
                let (name, value) = param.split_once('=')?;
                if name.trim().eq_ignore_ascii_case("q") {
                    // A weight that does not parse is read as none given.
                    weight = q_weight(value.trim()).unwrap_or(1000);
                }
            }
            (weight > 0).then_some(())?;
            Language::parse(tag).map(|l| (weight, l))
        })
        .collect();
    // Stable: equal weights keep the header's order.
    asked.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
    asked.first().map(|(_, l)| *l)
}

/// A `q` value (`0`, `0.5`, `1.000`) in thousandths, or `None` when it is not one.
fn q_weight(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// The language of the person at a terminal, the POSIX way: the first of `LC_ALL`,
/// `LC_MESSAGES` and `LANG` that is set decides (`de_DE.UTF-8`, `fr_FR@euro`, `nl`); `C`,
/// `POSIX` or a language the portal does not write in mean English. `var` reads a variable
/// (`std::env::var(name).ok()` for the process's own).
pub fn terminal_language(var: impl Fn(&str) -> Option<String>) -> Language {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .find_map(|name| var(name).filter(|v| !v.trim().is_empty()))
        .and_then(|value| {
            let language = value.trim().split(['.', '@']).next().unwrap_or_default().to_owned();
            Language::parse(&language)
        })
        .unwrap_or(Language::En)
}

/// One language's words.
#[derive(Clone, Copy)]
pub struct Tr<'a> {
    catalog: &'a Catalog,
    language: Language,
}

impl std::fmt::Debug for Tr<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tr").field("language", &self.language).finish()
    }
}

impl<'a> Tr<'a> {
    /// The language.
    pub fn language(&self) -> Language {
        self.language
    }

    /// Its code, for `lang` attributes.
    pub fn code(&self) -> &'static str {
        self.language.code()
    }

    /// A message without variables.
    pub fn t(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// A message without variables, for a page to write out: borrowed from the catalog, not
    /// copied, when the language writes it as plain text.
    pub fn text(&self, id: &str) -> Cow<'a, str> {
        self.written(id, None)
    }

    /// A message with one variable.
    pub fn t1<'v>(&self, id: &str, name: &str, value: impl Into<FluentValue<'v>>) -> String {
        let mut args = FluentArgs::with_capacity(1);
        args.set(name, value.into());
        self.format(id, Some(&args))
    }

    /// A message with two variables.
    pub fn t2<'v>(
        &self,
        id: &str,
        (n1, v1): (&str, impl Into<FluentValue<'v>>),
        (n2, v2): (&str, impl Into<FluentValue<'v>>),
    ) -> String {
        let mut args = FluentArgs::with_capacity(2);
        args.set(n1, v1.into());
        args.set(n2, v2.into());
        self.format(id, Some(&args))
    }

    /// A message with a range (`$min`, `$max`), for the labels of bounded numbers.
    pub fn range(&self, id: &str, min: impl std::borrow::Borrow<u32>, max: impl std::borrow::Borrow<u32>) -> String {
        self.t2(id, ("min", *min.borrow()), ("max", *max.borrow()))
    }

    /// A message with any number of variables.
    pub fn args(&self, id: &str, values: &[(&str, FluentValue<'_>)]) -> String {
        let mut args = FluentArgs::with_capacity(values.len());
        for (name, value) in values {
            args.set(*name, value.clone());
        }
        self.format(id, Some(&args))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        self.written(id, args).into_owned()
    }

    /// The message `id` as the catalog holds it when it is plain text (no copy), else
    /// formatted.
    fn written(&self, id: &str, args: Option<&FluentArgs<'_>>) -> Cow<'a, str> {
        // The language's message, else the English one, else the id: a test proves every
        // language has every message, so the fallbacks are for a file edited by hand.
        for language in [self.language, Language::En] {
            if let Some(bundle) = self.catalog.bundle(language)
                && let Some(pattern) = bundle.get_message(id).and_then(|m| m.value())
            {
                let mut errors = Vec::new();
                return bundle.format_pattern(pattern, args, &mut errors);
            }
        }
        Cow::Owned(id.to_owned())
    }

    /// A moment, as the language writes it (in UTC, as the portal states times).
    pub fn time(&self, at: OffsetDateTime) -> String {
        let utc = at.to_offset(time::UtcOffset::UTC);
        let mut args = FluentArgs::with_capacity(5);
        args.set("day", two_digits(utc.day()));
        args.set("month", two_digits(u8::from(utc.month())));
        args.set("year", format!("{:04}", utc.year()));
        args.set("hour", two_digits(utc.hour()));
        args.set("minute", two_digits(utc.minute()));
        self.format("datetime", Some(&args))
    }

    /// A day, as the language writes it.
    pub fn date(&self, at: OffsetDateTime) -> String {
        let utc = at.to_offset(time::UtcOffset::UTC);
        let mut args = FluentArgs::with_capacity(3);
        args.set("day", two_digits(utc.day()));
        args.set("month", two_digits(u8::from(utc.month())));
        args.set("year", format!("{:04}", utc.year()));
        self.format("date", Some(&args))
    }

    /// A number with one decimal, with the language's decimal separator.
    pub fn decimal(&self, value: f64) -> String {
        let text = format!("{value:.1}");
        match self.t("decimal-separator").as_str() {
            "." => text,
            separator => text.replace('.', separator),
        }
    }

    /// A size in bytes, as people read it (`1,5 MiB`).
    pub fn size(&self, bytes: u64) -> String {
        const UNITS: [&str; 4] = ["size-kib", "size-mib", "size-gib", "size-tib"];
        if bytes < 1024 {
            return self.t1("size-bytes", "n", bytes);
        }
        // Sizes are shown to one decimal: the rounding of f64 is immaterial.
        #[allow(clippy::cast_precision_loss)]
        let mut value = bytes as f64 / 1024.0;
        let mut unit = 0;
        while value >= 1024.0 && unit < UNITS.len() - 1 {
            value /= 1024.0;
            unit += 1;
        }
        self.t1(UNITS[unit], "n", self.decimal(value))
    }
}

/// "00", "01", … "99" side by side.
static PAIRS: [u8; 200] = {
    let mut pairs = [0u8; 200];
    let mut n = 0;
    while n < 100 {
        // Both digits are below 10: the casts cannot truncate.
        #[allow(clippy::cast_possible_truncation)]
        {
            pairs[2 * n] = b'0' + (n / 10) as u8;
            pairs[2 * n + 1] = b'0' + (n % 10) as u8;
        }
        n += 1;
    }
    pairs
};

/// A day, month, hour or minute in two digits, as dates are written (`05`), without an
/// allocation.
fn two_digits(n: u8) -> &'static str {
    let at = usize::from(n % 100) * 2;
    std::str::from_utf8(&PAIRS[at..at + 2]).unwrap_or("00")
}

/// The message id of a template's built-in text.
pub fn template_id(kind: TemplateKind) -> String {
    format!("template-{}", kind.name().replace('_', "-"))
}

impl Texts for &'static Catalog {
    fn builtin_template(&self, kind: TemplateKind, language: Language) -> String {
        (**self).builtin_template(kind, language)
    }

    fn time(&self, at: OffsetDateTime, language: Language) -> String {
        (**self).time(at, language)
    }

    fn phrase(&self, phrase: Phrase, language: Language) -> String {
        (**self).phrase(phrase, language)
    }
}

impl Texts for Catalog {
    fn builtin_template(&self, kind: TemplateKind, language: Language) -> String {
        // Each placeholder is given as itself (`{{inviter_name}}`): the text comes back in
        // the administrator's template syntax, with the placeholders where the language puts
        // them.
        let values: Vec<(String, String)> = kind
            .placeholders()
            .iter()
            .map(|p| ((*p).to_owned(), format!("{{{{{p}}}}}")))
            .collect();
        let args: Vec<(&str, FluentValue<'_>)> = values
            .iter()
            .map(|(n, v)| (n.as_str(), FluentValue::from(v.as_str())))
            .collect();
        self.tr(language).args(&template_id(kind), &args)
    }

    fn time(&self, at: OffsetDateTime, language: Language) -> String {
        self.tr(language).time(at)
    }

    fn phrase(&self, phrase: Phrase, language: Language) -> String {
        let tr = self.tr(language);
        match phrase {
            Phrase::Via { sender, portal } => tr.t2("phrase-via", ("sender", sender), ("portal", portal)),
            Phrase::OutsidePerson { address } => tr.t1("phrase-outside-person", "address", address),
            Phrase::EachRecipient => tr.t("phrase-each-recipient"),
            Phrase::MailSystemRefused => tr.t("phrase-mail-system-refused"),
            Phrase::DefaultMessage => tr.t("page-send-default-message"),
        }
    }
}

/// The words of a text in the pseudo-locale that the language files did not write: what is
/// left with a letter of the Latin alphabet once every bracketed (pseudo-localised) part and
/// every fact in `facts` (names, addresses, links: what the portal shows but does not write)
/// (and every link) is taken out. With `html`, only the visible text counts (tags and their attributes are
/// taken out first, the common entities read as their characters).
pub fn plain_words(text: &str, html: bool, facts: &[&str]) -> Vec<String> {
    let mut visible = String::with_capacity(text.len());
    if html {
        // Tags, and the text of elements that are not shown in the page (the title is the
        // subject or the page's own heading, checked where it is shown).
        let lower = text.to_ascii_lowercase();
        let mut in_tag = false;
        let mut hidden = false;
        for (i, c) in text.char_indices() {
            let rest = &lower[i..];
            if ["<title", "<style", "<script"].iter().any(|t| rest.starts_with(t)) {
                hidden = true;
            } else if ["</title", "</style", "</script"].iter().any(|t| rest.starts_with(t)) {
                hidden = false;
            }
            match c {
                '<' => in_tag = true,
                '>' if in_tag => {
                    in_tag = false;
                    visible.push(' ');
                }
                _ if !in_tag && !hidden => visible.push(c),
                _ => {}
            }
        }
        visible = visible
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&#39;", "'")
            .replace("&#60;", "<")
            .replace("&#62;", ">")
            .replace("&#34;", "\"")
            .replace("&#38;", "&")
            .replace("&amp;", "&");
    } else {
        visible.push_str(text);
    }
    let mut facts: Vec<&str> = facts.iter().copied().filter(|f| !f.is_empty()).collect();
    // Longest first, so that a fact inside another does not cut it.
    facts.sort_by_key(|f| std::cmp::Reverse(f.len()));
    for fact in facts {
        visible = visible.replace(fact, " ");
    }
    let mut outside = String::with_capacity(visible.len());
    let mut depth = 0usize;
    for c in visible.chars() {
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => {
                depth -= 1;
                outside.push(' ');
            }
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    outside
        .split_whitespace()
        // Links are addresses, not words.
        .filter(|w| !w.starts_with("https://") && !w.starts_with("http://"))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests;
