use postern_domain::{RecipientList, Subject};
use proptest::prelude::*;

fn address() -> impl Strategy<Value = String> {
    (
        "[a-z0-9][a-z0-9._+-]{0,10}[a-z0-9]",
        "[a-z]([a-z0-9]|-[a-z0-9]){0,6}",
        "(com|org|net|example)",
    )
        .prop_filter("no double dots", |(l, _, _)| !l.contains(".."))
        .prop_map(|(l, d, t)| format!("{l}@{d}.{t}"))
}

fn display_name() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("[A-Za-z ,;\"\\\\<>@.'-]{1,20}".prop_filter("not blank", |s| !s.trim().is_empty()))
}

proptest! {
    #[test]
    fn parsing_never_panics(text in "\\PC{0,200}") {
        let _ = RecipientList::parse(&text);
        let _ = Subject::parse(&text);
    }

    #[test]
    fn parsing_arbitrary_bytes_never_panics(text in any::<String>()) {
        let _ = RecipientList::parse(&text);
    }

    #[test]
    fn render_then_parse_round_trips(entries in proptest::collection::vec((address(), display_name()), 0..12)) {
        let text: Vec<String> = entries
            .iter()
            .map(|(a, n)| match n {
                Some(n) => format!("\"{}\" <{a}>", n.replace('\\', "\\\\").replace('"', "\\\"")),
                None => a.clone(),
            })
            .collect();
        let list = RecipientList::parse(&text.join("; ")).unwrap();
        let again = RecipientList::parse(&list.render()).unwrap();
        prop_assert_eq!(&again, &list);
        let names: Vec<_> = again.iter().map(|r| r.display_name().map(str::to_owned)).collect();
        let original: Vec<_> = list.iter().map(|r| r.display_name().map(str::to_owned)).collect();
        prop_assert_eq!(names, original);
    }

    #[test]
    fn any_space_between_two_addresses_is_an_error_naming_that_entry(a in address(), b in address(), sep in "[ \t\n|/]") {
        let entry = format!("{a}{sep}{b}");
        let err = RecipientList::parse(&format!("first@example.com; {entry}")).unwrap_err();
        prop_assert_eq!(err.position(), 2);
        prop_assert_eq!(err.entry(), entry.trim());
    }

    #[test]
    fn duplicates_differing_in_case_merge(a in address()) {
        let list = RecipientList::parse(&format!("{a}, {}, {a}", a.to_uppercase())).unwrap();
        prop_assert_eq!(list.len(), 1);
        prop_assert_eq!(list.iter().next().unwrap().address().as_str(), a.as_str());
    }
}
