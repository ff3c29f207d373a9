//! `recipient_check`: what a mail add-in calls before it sends an invitation through Postern.
//!
//! It reads the invitation as the API's `POST /api/v1/invitations` body (JSON on standard
//! input: `to`, `cc`, `bcc` as one string or an array, and optionally `subject`, `message`,
//! `options`, `idempotency_key`, `include_group_addresses`) and the administrator's settings
//! (the JSON `postern settings show` prints, whole or in part), and answers as the API would:
//! nothing refused prints the recipients, one per line, and exits 0; a refusal prints the
//! API's error (`{"error": {"code", "message", "field", "details"}}`, the same codes, fields,
//! entries and positions, in English) and exits 1; input it cannot read exits 2 (where the API
//! would answer 400), as do settings the portal would not store. `--help` says the same.
//!
//! ```text
//! postern settings show > settings.json
//! echo '{"to": "\"Doe, John\" <jd@example.org>; all@example.org"}' |
//!     cargo run -p postern-domain --example recipient_check -- --settings settings.json --sender me@example.org
//! ```
//!
//! It asks no server: people who have an account already, addresses the directory knows as
//! groups or does not know, and the sender's quota are for the portal to say.

use std::io::{Read, Write};
use std::process::ExitCode;

use postern_domain::check;
use postern_domain::{EmailAddress, InvitationForm, InvitationRequest, PortalSettings, RequestedOptions};
use serde_json::{Map, Value, json};

const USAGE: &str = "usage: recipient_check [--settings FILE] [--sender ADDRESS] < request.json
  Reads an invitation as the body of Postern's POST /api/v1/invitations (JSON) and answers as
  the API refuses it: exit 0 and the recipients (role, tab, recipient) when nothing is refused,
  exit 1 and the API's error (JSON) when something is, exit 2 when the input cannot be read.
  --settings FILE   the administrator's settings, as `postern settings show` prints them
                    (default: a new portal's)
  --sender ADDRESS  the sender's address (nobody invites themselves)
";

/// Stands for the subject or message the portal proposes when the request leaves one out
/// (the portal's own texts pass their rules).
const PROPOSED: &str = "(proposed by the portal)";

/// The answer: what to print, where, and the exit status.
#[derive(Debug, PartialEq, Eq)]
struct Answer {
    out: String,
    status: u8,
}

fn unreadable(problem: &str) -> Answer {
    Answer {
        out: format!("recipient_check: {problem}\n{USAGE}"),
        status: 2,
    }
}

/// One field of the request that must be a string, if present.
fn text<'a>(body: &'a Map<String, Value>, field: &str) -> Result<Option<&'a str>, String> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("{field}: expected a string")),
    }
}

/// To, CC or BCC: one string in the form's syntax, or an array of strings (one address each).
fn addresses(body: &Map<String, Value>, field: &str) -> Result<Option<String>, String> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| format!("{field}: expected an address, found {v}"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|entries| Some(entries.join("; "))),
        Some(_) => Err(format!("{field}: expected a string or an array of strings")),
    }
}

fn flag(body: &Map<String, Value>, field: &str) -> Result<bool, String> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(format!("{field}: expected true or false")),
    }
}

/// Reads the arguments: the settings file's path and the sender.
fn arguments(args: &[String]) -> Result<(Option<String>, Option<String>), String> {
    let (mut settings, mut sender) = (None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        let slot = match name {
            "--settings" => &mut settings,
            "--sender" => &mut sender,
            other => return Err(format!("unexpected argument {other:?}")),
        };
        let value = match inline {
            Some(v) => v,
            None => args.next().cloned().ok_or_else(|| format!("{name} needs a value"))?,
        };
        if slot.replace(value).is_some() {
            return Err(format!("{name} is given twice"));
        }
    }
    Ok((settings, sender))
}

/// Runs the check: `args` without the program's name, `read_file` to read the settings file,
/// `input` the request.
fn run(args: &[String], read_file: impl Fn(&str) -> std::io::Result<String>, input: &str) -> Answer {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Answer {
            out: USAGE.to_owned(),
            status: 0,
        };
    }
    let (settings_path, sender) = match arguments(args) {
        Ok(a) => a,
        Err(e) => return unreadable(&e),
    };
    let settings = match settings_path {
        None => PortalSettings::default(),
        Some(path) => {
            let text = match read_file(&path) {
                Ok(t) => t,
                Err(e) => return unreadable(&format!("cannot read {path}: {e}")),
            };
            let settings: PortalSettings = match serde_json::from_str::<Value>(&text) {
                Ok(v @ Value::Object(_)) => match serde_json::from_value(v) {
                    Ok(s) => s,
                    Err(e) => return unreadable(&format!("{path} is not Postern's settings: {e}")),
                },
                Ok(_) => return unreadable(&format!("{path} is not Postern's settings: expected a JSON object")),
                Err(e) => return unreadable(&format!("{path} is not JSON: {e}")),
            };
            // The portal refuses to store settings like these; judging by them would mislead.
            if let Err(e) = settings.validate() {
                return unreadable(&format!("{path}: {}: {}", e.field, e.reason));
            }
            settings
        }
    };
    let sender = match sender.as_deref().map(EmailAddress::parse) {
        None => None,
        Some(Ok(a)) => Some(a),
        Some(Err(e)) => return unreadable(&format!("--sender: {e}")),
    };
    let body = match serde_json::from_str::<Value>(input) {
        Ok(Value::Object(body)) => body,
        Ok(_) => return unreadable("the request must be a JSON object, the body of POST /api/v1/invitations"),
        Err(e) => return unreadable(&format!("the request is not JSON: {e}")),
    };
    match judge(&body, &settings, sender.as_ref()) {
        Ok(answer) => answer,
        Err(e) => unreadable(&e),
    }
}

/// What the API answers `body`, once it reads as JSON.
fn judge(
    body: &Map<String, Value>,
    settings: &PortalSettings,
    sender: Option<&EmailAddress>,
) -> Result<Answer, String> {
    let to = addresses(body, "to")?.ok_or("to: missing (the To recipients)")?;
    let cc = addresses(body, "cc")?.unwrap_or_default();
    let bcc = addresses(body, "bcc")?.unwrap_or_default();
    let subject = text(body, "subject")?;
    let message = text(body, "message")?;
    let idempotency_key = text(body, "idempotency_key")?;
    let language = text(body, "language")?;
    let options: RequestedOptions = match body.get("options") {
        None | Some(Value::Null) => RequestedOptions::default(),
        Some(v @ Value::Object(_)) => serde_json::from_value(v.clone()).map_err(|e| format!("options: {e}"))?,
        Some(_) => return Err("options: expected an object".to_owned()),
    };
    let include_group_addresses = flag(body, "include_group_addresses")?;
    // Read for its type only: the accounts are for the portal to know.
    flag(body, "include_existing_accounts")?;

    // The language is judged first, and alone, as the API does.
    if let Err(e) = check::language(language) {
        let reason = e.to_string();
        let detail = json!({"code": check::UnsupportedLanguage::CODE, "field": check::UnsupportedLanguage::FIELD, "reason": reason});
        return Ok(refusal(
            check::UnsupportedLanguage::CODE,
            check::UnsupportedLanguage::FIELD,
            &reason,
            vec![detail],
        ));
    }
    let form = InvitationForm {
        to: &to,
        cc: &cc,
        bcc: &bcc,
        subject: subject.unwrap_or(PROPOSED),
        message: message.unwrap_or(PROPOSED),
        options,
        idempotency_key,
    };
    let errors = match InvitationRequest::parse(&form) {
        Ok(mut request) => {
            request.include_group_addresses = include_group_addresses;
            let refusals = request.refusals(settings, sender);
            if refusals.is_empty() {
                let lines: String = request
                    .addressees
                    .iter()
                    .map(|(role, r)| format!("{}\t{}\n", role.as_str(), r.render()))
                    .collect();
                return Ok(Answer { out: lines, status: 0 });
            }
            refusals
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
    Ok(match problems.first() {
        Some(first) => refusal(first.code, first.field, &first.reason.to_string(), details),
        // Never: a refusal names at least one problem.
        None => refusal("invalid_recipients", "to", "the invitation is refused", details),
    })
}

/// The API's error shape.
fn refusal(code: &str, field: &str, message: &str, details: Vec<Value>) -> Answer {
    let body = json!({"error": {"code": code, "message": message, "field": field, "details": details}});
    Answer {
        out: format!("{body:#}\n"),
        status: 1,
    }
}

fn main() -> ExitCode {
    let args: Result<Vec<String>, _> = std::env::args_os().skip(1).map(|a| a.into_string()).collect();
    let mut input = String::new();
    let answer = match (args, std::io::stdin().read_to_string(&mut input)) {
        (Err(bad), _) => unreadable(&format!("the argument {bad:?} is not text")),
        (_, Err(e)) => unreadable(&format!("cannot read the request: {e}")),
        (Ok(args), Ok(_)) => run(&args, |path| std::fs::read_to_string(path), &input),
    };
    let written = if answer.status == 2 {
        std::io::stderr().write_all(answer.out.as_bytes())
    } else {
        std::io::stdout().write_all(answer.out.as_bytes())
    };
    match written.and_then(|()| std::io::stdout().flush()) {
        Ok(()) => ExitCode::from(answer.status),
        // Nowhere to say it (a closed pipe, a full disk): the answer did not reach its reader.
        Err(_) => ExitCode::from(2),
    }
}

#[cfg(test)]
mod tests {
    //! The cases in `tests/data/invitation-checks.json` and `invitation-unreadable.json` are
    //! shared with the portal's API test (`crates/app/tests/e2e/checks.rs`): the same requests,
    //! refused the same way.

    use super::*;

    const CASES: &str = include_str!("../tests/data/invitation-checks.json");
    /// Requests the API answers with 400 (a field of the wrong type, a missing `to`, not an
    /// object), shared with its test too.
    const UNREADABLE: &str = include_str!("../tests/data/invitation-unreadable.json");

    #[test]
    fn what_the_api_cannot_read_the_tool_cannot_either() {
        let bodies: Vec<Value> = serde_json::from_str(UNREADABLE).unwrap();
        assert!(bodies.len() >= 20);
        for body in &bodies {
            let a = run(&[], |_| unreachable!(), &body.to_string());
            assert_eq!(a.status, 2, "{body}: {}", a.out);
        }
    }

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
        let ok = r#"{"to": "a@example.org"}"#;
        for (args, input, says) in [
            (vec![], "{", "not JSON"),
            (vec![], r#"["a@example.org"]"#, "must be a JSON object"),
            (vec![], r#""a@example.org""#, "must be a JSON object"),
            (vec![], r#"{"cc": "a@example.org"}"#, "to: missing"),
            (vec![], r#"{"to": 5}"#, "to: expected a string or an array"),
            (
                vec![],
                r#"{"to": ["a@example.org", 5]}"#,
                "to: expected an address, found 5",
            ),
            (
                vec![],
                r#"{"to": "a@example.org", "subject": 5}"#,
                "subject: expected a string",
            ),
            (
                vec![],
                r#"{"to": "a@example.org", "include_existing_accounts": "x"}"#,
                "include_existing_accounts: expected true or false",
            ),
            (
                vec![],
                r#"{"to": "a@example.org", "options": {"link_lifetime_days": "ten"}}"#,
                "options:",
            ),
            (
                vec![],
                r#"{"to": "a@example.org", "options": []}"#,
                "options: expected an object",
            ),
            (vec!["--settings", "gone.json"], ok, "cannot read gone.json"),
            (vec!["--sender", "not an address"], ok, "--sender"),
            (vec!["--sender"], ok, "--sender needs a value"),
            (
                vec!["--sender", "a@example.org", "--sender=b@example.org"],
                ok,
                "--sender is given twice",
            ),
            (vec!["--colour"], ok, "unexpected argument"),
        ] {
            let args: Vec<String> = args.into_iter().map(str::to_owned).collect();
            let a = run(&args, no_file, input);
            assert_eq!(a.status, 2, "{args:?} {input}: {}", a.out);
            assert!(a.out.contains(says), "{args:?} {input}: {}", a.out);
        }
    }

    #[test]
    fn settings_the_portal_would_not_store_are_refused() {
        let ok = r#"{"to": "a@example.org"}"#;
        let args = ["--settings".to_owned(), "s.json".to_owned()];
        for (settings, says) in [
            (r#"{"recipients": {"max_recipient": 3}}"#, "max_recipient"),
            ("[]", "expected a JSON object"),
            ("{", "is not JSON"),
            (r#"{"recipients": {"max_recipients": 0}}"#, "max_recipients"),
            (r#"{"recipients": {"group_patterns": ["*@"]}}"#, "group_patterns"),
            (r#"{"recipients": {"denied_domains": ["*"]}}"#, "denied_domains"),
        ] {
            let a = run(&args, |_| Ok(settings.to_owned()), ok);
            assert_eq!(a.status, 2, "{settings}: {}", a.out);
            assert!(a.out.contains(says), "{settings}: {}", a.out);
        }
        // A part of the settings is enough; the rest is a new portal's.
        let a = run(&args, |_| Ok(r#"{"recipients": {"max_recipients": 3}}"#.to_owned()), ok);
        assert_eq!(a.status, 0, "{}", a.out);
        let inline = run(
            &["--settings=s.json".to_owned()],
            |p| {
                assert_eq!(p, "s.json");
                Ok("{}".to_owned())
            },
            ok,
        );
        assert_eq!(inline.status, 0, "{}", inline.out);
    }

    #[test]
    fn help_says_how_and_exits_0() {
        let a = run(&["--help".to_owned()], |_| unreachable!(), "");
        assert_eq!(a.status, 0);
        assert!(a.out.starts_with("usage: recipient_check"), "{}", a.out);
    }

    #[test]
    fn reasons_do_not_repeat_the_field() {
        let a = run(&[], |_| unreachable!(), r#"{"to": "", "subject": ""}"#);
        assert_eq!(a.status, 1);
        let body: Value = serde_json::from_str(&a.out).unwrap();
        let reasons: Vec<&str> = body["error"]["details"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["reason"].as_str().unwrap())
            .collect();
        assert_eq!(reasons, ["at least one recipient is required", "the subject is empty"]);
    }
}
