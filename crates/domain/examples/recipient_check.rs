//! `recipient_check`: what a mail add-in calls before it sends an invitation through Postern.
//!
//! It reads the invitation as the API's `POST /api/v1/invitations` body (JSON on standard
//! input: `to`, `cc`, `bcc` as one string or an array, and optionally `subject`, `message`,
//! `options`, `idempotency_key`, `include_group_addresses`) and the administrator's settings
//! (the JSON `postern settings show` prints, whole or in part), and answers as the API would:
//! nothing refused prints the recipients, one per line, and exits 0; a refusal prints the
//! API's error (`{"error": {"code", "message", "field", "details"}}`, the same codes, fields,
//! entries and positions, in English) and exits 1; input it cannot read exits 2.
//!
//! ```text
//! postern settings show > settings.json
//! echo '{"to": "\"Doe, John\" <jd@example.org>; all@example.org"}' |
//!     cargo run -p postern-domain --example recipient_check -- --settings settings.json --sender me@example.org
//! ```
//!
//! It asks no server: people who have an account already, addresses the directory knows as
//! groups or does not know, and the sender's quota are for the portal to say.

use std::io::Read;
use std::process::ExitCode;

use postern_domain::EmailAddress;
use postern_domain::check;
use postern_domain::policy::{PortalSettings, RequestedOptions};
use postern_domain::usecases::InvitationForm;
use serde::Deserialize;
use serde_json::{Value, json};

/// The API's request body, as far as the check needs it.
#[derive(Debug, Deserialize)]
struct Request {
    to: Addresses,
    #[serde(default)]
    cc: Option<Addresses>,
    #[serde(default)]
    bcc: Option<Addresses>,
    #[serde(default)]
    subject: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    options: Option<RequestedOptions>,
    #[serde(default)]
    idempotency_key: Option<String>,
    #[serde(default)]
    include_group_addresses: Option<bool>,
}

/// One string in the form's syntax, or one address per element (as the API takes them).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Addresses {
    Text(String),
    List(Vec<String>),
}

impl Addresses {
    fn text(&self) -> String {
        match self {
            Addresses::Text(t) => t.clone(),
            Addresses::List(items) => items.join("; "),
        }
    }
}

/// Stands for the subject or message the portal proposes when the request leaves one out
/// (the portal's own texts pass their rules).
const PROPOSED: &str = "(proposed by the portal)";

/// The answer: what to print and the exit status.
#[derive(Debug, PartialEq, Eq)]
struct Answer {
    out: String,
    status: u8,
}

fn usage(problem: &str) -> Answer {
    Answer {
        out: format!(
            "recipient_check: {problem}\nusage: recipient_check [--settings FILE] [--sender ADDRESS] < request.json\n"
        ),
        status: 2,
    }
}

/// Runs the check: `args` without the program's name, `settings` the text of the settings
/// file if one was named (read by `main`), `input` the request.
fn run(args: &[String], read_file: impl Fn(&str) -> std::io::Result<String>, input: &str) -> Answer {
    let mut settings = PortalSettings::default();
    let mut sender = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--settings", Some(path)) => {
                let text = match read_file(path) {
                    Ok(t) => t,
                    Err(e) => return usage(&format!("cannot read {path}: {e}")),
                };
                settings = match serde_json::from_str(&text) {
                    Ok(s) => s,
                    Err(e) => return usage(&format!("{path} is not Postern's settings: {e}")),
                };
            }
            ("--sender", Some(address)) => match EmailAddress::parse(address) {
                Ok(a) => sender = Some(a),
                Err(e) => return usage(&format!("--sender: {e}")),
            },
            (other, _) => return usage(&format!("unexpected argument {other:?}")),
        }
    }
    let request: Request = match serde_json::from_str(input) {
        Ok(r) => r,
        Err(e) => return usage(&format!("the request is not an invitation's JSON: {e}")),
    };
    let (to, cc, bcc) = (
        request.to.text(),
        request.cc.as_ref().map(Addresses::text).unwrap_or_default(),
        request.bcc.as_ref().map(Addresses::text).unwrap_or_default(),
    );
    let form = InvitationForm {
        to: &to,
        cc: &cc,
        bcc: &bcc,
        subject: request.subject.as_deref().unwrap_or(PROPOSED),
        message: request.message.as_deref().unwrap_or(PROPOSED),
        options: request.options.unwrap_or_default(),
        idempotency_key: request.idempotency_key.as_deref(),
    };
    let errors = match postern_domain::usecases::InvitationRequest::parse(&form) {
        Ok(mut parsed) => {
            parsed.include_group_addresses = request.include_group_addresses.unwrap_or(false);
            match parsed.refusals(&settings, sender.as_ref()) {
                refusals if refusals.is_empty() => {
                    let lines: String = parsed
                        .addressees
                        .iter()
                        .map(|(role, r)| format!("{}\t{}\n", role.as_str(), r.render()))
                        .collect();
                    return Answer { out: lines, status: 0 };
                }
                refusals => refusals,
            }
        }
        Err(errors) => errors,
    };
    let problems = check::problems(&errors);
    let details: Vec<Value> = problems
        .iter()
        .map(|p| {
            let mut d = json!({"code": p.code, "field": p.field, "reason": p.reason.to_string()});
            if let Some(entry) = p.entry {
                d["entry"] = json!(entry);
            }
            if let Some(position) = p.position {
                d["position"] = json!(position);
            }
            d
        })
        .collect();
    let first = &problems[0];
    let body = json!({"error": {
        "code": first.code,
        "message": first.reason.to_string(),
        "field": first.field,
        "details": details,
    }});
    Answer {
        out: format!("{body:#}\n"),
        status: 1,
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut input = String::new();
    let answer = match std::io::stdin().read_to_string(&mut input) {
        Ok(_) => run(&args, |path| std::fs::read_to_string(path), &input),
        Err(e) => usage(&format!("cannot read the request: {e}")),
    };
    if answer.status == 2 {
        eprint!("{}", answer.out);
    } else {
        print!("{}", answer.out);
    }
    ExitCode::from(answer.status)
}

#[cfg(test)]
mod tests {
    //! The cases in `tests/data/invitation-checks.json` are shared with the portal's API
    //! test (`crates/app/tests/e2e/checks.rs`): the same requests, refused the same way.

    use super::*;

    const CASES: &str = include_str!("../tests/data/invitation-checks.json");

    fn answer(case: &Value) -> Answer {
        let settings = serde_json::to_string(&case["settings"]).unwrap();
        let mut args = vec!["--settings".to_owned(), "settings.json".to_owned()];
        if let Some(sender) = case["sender"].as_str() {
            args.extend(["--sender".to_owned(), sender.to_owned()]);
        }
        let read = |path: &str| {
            assert_eq!(path, "settings.json");
            Ok(settings.clone())
        };
        run(&args, read, &case["request"].to_string())
    }

    #[test]
    fn the_tool_refuses_each_shared_case_as_the_api_does() {
        let cases: Vec<Value> = serde_json::from_str(CASES).unwrap();
        assert!(cases.len() >= 20, "the table holds the cases");
        for case in &cases {
            let name = case["name"].as_str().unwrap();
            let a = answer(case);
            let expected = case["refused"].as_array().unwrap();
            if expected.is_empty() {
                assert_eq!(a.status, 0, "{name}: accepted, got {}", a.out);
                continue;
            }
            assert_eq!(a.status, 1, "{name}: refused, got {}", a.out);
            let body: Value = serde_json::from_str(&a.out).unwrap();
            let details = body["error"]["details"].as_array().unwrap();
            let got: Vec<Value> = details
                .iter()
                .map(
                    |d| json!({"code": d["code"], "field": d["field"], "entry": d["entry"], "position": d["position"]}),
                )
                .collect();
            let want: Vec<Value> = expected
                .iter()
                .map(
                    |d| json!({"code": d["code"], "field": d["field"], "entry": d["entry"], "position": d["position"]}),
                )
                .collect();
            assert_eq!(got, want, "{name}");
            assert_eq!(body["error"]["code"], expected[0]["code"], "{name}");
            assert_eq!(body["error"]["field"], expected[0]["field"], "{name}");
            assert!(
                details.iter().all(|d| !d["reason"].as_str().unwrap().is_empty()),
                "{name}: each problem says why"
            );
        }
    }

    #[test]
    fn accepted_recipients_are_listed_merged_and_in_their_roles() {
        let a = run(
            &[],
            |_| unreachable!("no settings file named"),
            r#"{"to": ["\"Doe, John\" <jd@example.org>", "ann@example.org"], "cc": "ANN@example.org; cy@example.org"}"#,
        );
        assert_eq!(a.status, 0, "{}", a.out);
        assert_eq!(
            a.out,
            "to\t\"Doe, John\" <jd@example.org>\nto\tann@example.org\ncc\tcy@example.org\n"
        );
    }

    #[test]
    fn unreadable_input_names_what_is_wrong_and_exits_2() {
        let no_file = |_: &str| Err(std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"));
        for (args, input, says) in [
            (vec![], "{", "not an invitation's JSON"),
            (vec![], r#"{"cc": "a@example.org"}"#, "missing field `to`"),
            (
                vec!["--settings", "gone.json"],
                r#"{"to": "a@example.org"}"#,
                "cannot read gone.json",
            ),
            (
                vec!["--sender", "not an address"],
                r#"{"to": "a@example.org"}"#,
                "--sender",
            ),
            (vec!["--colour"], r#"{"to": "a@example.org"}"#, "unexpected argument"),
        ] {
            let args: Vec<String> = args.into_iter().map(str::to_owned).collect();
            let a = run(&args, no_file, input);
            assert_eq!(a.status, 2, "{args:?} {input}");
            assert!(a.out.contains(says), "{args:?}: {}", a.out);
        }
        let bad_settings = run(
            &["--settings".to_owned(), "s.json".to_owned()],
            |_| Ok(r#"{"recipients": {"max_recipient": 3}}"#.to_owned()),
            r#"{"to": "a@example.org"}"#,
        );
        assert_eq!(bad_settings.status, 2);
        assert!(bad_settings.out.contains("max_recipient"), "{}", bad_settings.out);
    }
}
