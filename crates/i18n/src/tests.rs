use super::*;
use proptest::prelude::*;
use time::macros::datetime;

#[test]
fn every_file_parses_and_defines_each_message_once() {
    for language in Language::ALL {
        assert_eq!(file_problems(language), Vec::<String>::new(), "{language}");
    }
}

#[test]
fn every_language_has_every_message_with_the_same_variables() {
    let english = message_variables(Language::En);
    assert!(english.len() > 50, "the English files are read");
    for language in Language::ALL {
        let other = message_variables(language);
        let missing: Vec<_> = english.keys().filter(|id| !other.contains_key(*id)).collect();
        let extra: Vec<_> = other.keys().filter(|id| !english.contains_key(*id)).collect();
        assert!(missing.is_empty(), "{language} lacks {missing:?}");
        assert!(extra.is_empty(), "{language} has messages English has not: {extra:?}");
        for (id, vars) in &english {
            assert_eq!(
                &other[id], vars,
                "{language}: {id} uses other variables than in English"
            );
        }
    }
}

#[test]
fn built_in_templates_are_valid_templates_in_every_language() {
    let catalog = Catalog::new();
    for language in Language::ALL {
        for kind in TemplateKind::ALL {
            let source = catalog.builtin_template(kind, language);
            let parsed = postern_domain::template::InvitationTemplate::parse_for(kind, &source);
            assert!(parsed.is_ok(), "{language} {kind:?}: {source:?} {parsed:?}");
            assert!(!source.contains('$'), "{language} {kind:?}: {source}");
        }
    }
    assert_eq!(
        catalog.builtin_template(TemplateKind::Invitation, Language::En),
        TemplateKind::Invitation.default_source(),
        "the English built-in text is the domain's own"
    );
}

#[test]
fn times_sizes_and_plurals_are_written_the_language_s_way() {
    let catalog = Catalog::new();
    let at = datetime!(2026-12-10 14:03 UTC);
    let expected = [
        (Language::En, "2026-12-10 14:03 UTC", "1.5 MiB", "1 byte", "2 bytes"),
        (Language::De, "10.12.2026, 14:03 UTC", "1,5 MiB", "1 Byte", "2 Byte"),
        (Language::Fr, "10/12/2026 à 14:03 UTC", "1,5 Mio", "1 octet", "2 octets"),
        (Language::Es, "10/12/2026, 14:03 UTC", "1,5 MiB", "1 byte", "2 bytes"),
        (Language::Nl, "10-12-2026 14:03 UTC", "1,5 MiB", "1 byte", "2 bytes"),
    ];
    for (language, time, size, one, two) in expected {
        let tr = catalog.tr(language);
        assert_eq!(tr.time(at), time, "{language}");
        assert_eq!(tr.size(3 * 512 * 1024), size, "{language}");
        assert_eq!(tr.size(1), one, "{language}");
        assert_eq!(tr.size(2), two, "{language}");
    }
}

#[test]
fn every_day_and_minute_is_written_in_two_digits() {
    let catalog = Catalog::new();
    let tr = catalog.tr(Language::En);
    // Every minute of the hour, every hour, every day and month over a few years.
    let mut at = datetime!(2024-01-01 00:00 UTC);
    while at < datetime!(2027-03-01 00:00 UTC) {
        let expected = format!(
            "{:04}-{:02}-{:02} {:02}:{:02} UTC",
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute()
        );
        assert_eq!(tr.time(at), expected);
        assert_eq!(tr.date(at), expected[..10]);
        at += time::Duration::minutes(7 * 60 + 13);
    }
}

#[test]
fn the_reader_s_language_follows_their_browser_s_order() {
    for (header, expected) in [
        ("de-AT,de;q=0.9,en;q=0.8", Some(Language::De)),
        ("it-IT, fr;q=0.5, en;q=0.1", Some(Language::Fr)),
        ("nl-BE", Some(Language::Nl)),
        ("es-419", Some(Language::Es)),
        ("en-GB,en;q=0.9", Some(Language::En)),
        ("it, pt", None),
        ("", None),
        // The weights decide, not the order; q=0 refuses a language.
        ("en;q=0.1, nl;q=1", Some(Language::Nl)),
        ("de;q=0, fr;q=0.9", Some(Language::Fr)),
        ("de;q=0", None),
        ("fr;q=0.5, es;q=0.5", Some(Language::Fr)),
        ("*, de;q=0.2", Some(Language::De)),
        ("de;q=2, nl", Some(Language::De)),
        ("es;q=0.5, de;q=abc", Some(Language::De)),
        ("DE-de", Some(Language::De)),
    ] {
        assert_eq!(negotiate(header), expected, "{header:?}");
    }
}

#[test]
fn the_pseudo_locale_writes_every_text_in_brackets_and_leaves_values_alone() {
    let catalog = Catalog::pseudo();
    let text = catalog.tr(Language::En).t1("email-hello", "name", "Zoë Smith");
    assert!(text.contains("Zoë Smith"), "{text}");
    let outside: String = text.replace("Zoë Smith", "");
    assert!(outside.starts_with('['), "{text}");
    assert!(!outside.contains("Hello"), "{text}");
    assert!(catalog.is_pseudo());
}

#[test]
fn a_page_s_words_are_the_catalog_s_own_text_and_the_same_as_the_owned_ones() {
    let catalog = Catalog::new();
    let pseudo = Catalog::pseudo();
    for language in Language::ALL {
        let tr = catalog.tr(language);
        for id in message_ids(language) {
            assert_eq!(tr.text(&id), tr.t(&id), "{language}: {id}");
            assert_eq!(
                pseudo.tr(language).text(&id),
                pseudo.tr(language).t(&id),
                "pseudo {language}: {id}"
            );
        }
        // A message without variables is not copied for the page.
        assert!(
            matches!(tr.text("page-password-needs-digit"), Cow::Borrowed(_)),
            "{language}"
        );
    }
    assert_eq!(catalog.tr(Language::De).text("no-such-message"), "no-such-message");
}

#[test]
fn a_missing_message_falls_back_to_english_then_to_its_id() {
    let catalog = Catalog::new();
    assert_eq!(catalog.tr(Language::De).t("no-such-message"), "no-such-message");
}

proptest! {
    #[test]
    fn any_accept_language_header_gives_a_language_or_none(header in "\\PC{0,200}") {
        let _ = negotiate(&header);
    }

    #[test]
    fn every_size_reads_with_a_number_and_a_unit(bytes in any::<u64>(), i in 0usize..5) {
        let catalog = Catalog::new();
        let text = catalog.tr(Language::ALL[i]).size(bytes);
        prop_assert!(text.chars().any(|c| c.is_ascii_digit()), "{}", text);
        prop_assert!(text.chars().any(char::is_alphabetic), "{}", text);
    }
}

#[test]
fn the_terminal_language_follows_the_posix_variables_in_their_order() {
    let of = |all: &str, messages: &str, lang: &str| {
        terminal_language(|name| {
            Some(match name {
                "LC_ALL" => all,
                "LC_MESSAGES" => messages,
                "LANG" => lang,
                _ => return None,
            })
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
        })
    };
    assert_eq!(of("", "", "de_DE.UTF-8"), Language::De);
    assert_eq!(of("", "fr_FR@euro", "de_DE.UTF-8"), Language::Fr);
    assert_eq!(of("nl_BE.UTF-8", "fr_FR", "de_DE"), Language::Nl);
    assert_eq!(of("", "", "es.UTF-8"), Language::Es);
    // C and POSIX ask for the untranslated messages; a language the portal lacks gets English,
    // and so does an empty environment.
    assert_eq!(of("C", "", "de_DE.UTF-8"), Language::En);
    assert_eq!(of("", "", "C.UTF-8"), Language::En);
    assert_eq!(of("", "", "POSIX"), Language::En);
    assert_eq!(of("", "", "ja_JP.UTF-8"), Language::En);
    assert_eq!(of("", "", ""), Language::En);
}

/// Every message id the code and templates name exists in the files, and every message of the
/// files is named somewhere: the sources of the crates that write text are read as text.
#[test]
fn every_message_is_used_and_every_id_used_exists() {
    const PREFIXES: [&str; 12] = [
        "api-",
        "cli-",
        "email-",
        "page-",
        "form-",
        "field-",
        "phrase-",
        "size-",
        "template-",
        "state-",
        "event-",
        "policy-",
    ];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut sources = Vec::new();
    for dir in [
        "i18n/src",
        "mail/src",
        "mail/templates",
        "web/src",
        "web/templates",
        "app/src",
    ] {
        collect(&root.join(dir), &mut sources);
    }
    assert!(sources.len() > 40, "the sources are read ({})", sources.len());
    let defined = message_ids(Language::En);
    let mut used = BTreeSet::new();
    let mut missing = BTreeSet::new();
    for (path, text) in &sources {
        if path.ends_with("tests.rs") && path.to_string_lossy().contains("i18n") {
            continue;
        }
        for (i, _) in text.match_indices('"') {
            let rest = &text[i + 1..];
            let Some(end) = rest.find('"') else { continue };
            let literal = &rest[..end];
            // HTML attributes (`class="field-error"`, `id="email-error"`) are not messages.
            if text[..i].ends_with('=') {
                continue;
            }
            let id_like = !literal.is_empty()
                && literal
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !id_like {
                continue;
            }
            if defined.contains(literal) {
                used.insert(literal.to_owned());
            } else if PREFIXES.iter().any(|p| literal.starts_with(p)) {
                missing.insert(format!("{literal} ({})", path.display()));
            }
        }
    }
    for kind in TemplateKind::ALL {
        used.insert(template_id(kind));
    }
    let unused: Vec<_> = defined.difference(&used).collect();
    assert!(missing.is_empty(), "ids used but not in the files: {missing:?}");
    assert!(unused.is_empty(), "messages no code uses: {unused:?}");
}

fn collect(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if !path.ends_with("snapshots") {
                collect(&path, out);
            }
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            out.push((path, text));
        }
    }
}
