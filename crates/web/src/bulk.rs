//! Invite a list: the page that checks and sends a CSV or JSON list of invitees, and the page
//! that follows its delivery.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, CsrfVerifier, Multipart, Query, Redirect};
use poem::{IntoResponse, Response, handler};
use postern_domain::bulk::{BulkFormat, MAX_BULK_BYTES, read};
use postern_domain::policy::DeliveryOptionPolicy;
use postern_domain::usecases::{BulkReport, BulkRequest, SendError};
use postern_domain::user::User;
use postern_domain::{MessageBody, Subject};
use serde::Deserialize;
use tokio::io::AsyncReadExt as _;

use crate::auth::{State, set_problem};
use crate::errors::{FieldErrors, invitation_errors};
use crate::extract::{PageError, Staff};
use crate::pages::{Layout, internal_error, layout, render};

/// `n` and the word for it: `1 row`, `2 rows`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the result of a check or a send shows.
pub(crate) struct ReportView {
    sent: bool,
    replayed: bool,
    rows: String,
    valid: usize,
    queued: String,
    invitations: String,
    left_out: String,
    position: &'static str,
    /// Line, address, problem.
    issues: Vec<(usize, String, String)>,
    key: String,
}

#[derive(Template)]
#[template(path = "bulk.html")]
struct BulkPage {
    l: Layout,
    errors: FieldErrors,
    report: Option<ReportView>,
    policy: DeliveryOptionPolicy,
    key: String,
    list_text: String,
    subject: String,
    message: String,
    link_lifetime_days: String,
    reminders: bool,
    notify_on_accept: bool,
}

#[derive(Template)]
#[template(path = "bulk_progress.html")]
struct ProgressPage {
    l: Layout,
    invitations: String,
    recipients: String,
    waiting: String,
    any_waiting: bool,
    states: Vec<(&'static str, usize)>,
}

/// The form as it came, or as first shown.
#[derive(Default)]
struct Typed {
    fields: Vec<(String, String)>,
    list: Option<(String, Vec<u8>)>,
}

impl Typed {
    fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// May `user` invite at all (else back to the portal, told why)?
async fn permitted(
    state: &State<'_>,
    session: &Session,
    user: &User,
) -> Result<Option<DeliveryOptionPolicy>, PageError> {
    let settings = state.settings.load_settings().await?;
    if settings.invitations.may_invite(user) {
        Ok(Some(settings.delivery))
    } else {
        set_problem(session, "You are not allowed to send invitations.");
        Ok(None)
    }
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &State<'_>,
    csrf: &str,
    user: &User,
    policy: DeliveryOptionPolicy,
    typed: &Typed,
    errors: FieldErrors,
    report: Option<ReportView>,
    status: StatusCode,
) -> Response {
    let fresh = typed.fields.is_empty();
    let key = if fresh || typed.field("idempotency_key").is_empty() {
        crate::invitations::new_key(state)
    } else {
        typed.field("idempotency_key").to_owned()
    };
    let default_subject = if fresh {
        state.uc.send.default_subject(user, None).await
    } else {
        String::new()
    };
    let l = layout(state, Some(user), csrf, None).await;
    render(
        status,
        &BulkPage {
            l,
            errors,
            report,
            key,
            list_text: typed.field("list_text").to_owned(),
            subject: if fresh {
                default_subject
            } else {
                typed.field("subject").to_owned()
            },
            message: if fresh {
                postern_domain::text::DEFAULT_MESSAGE.to_owned()
            } else {
                typed.field("message").to_owned()
            },
            link_lifetime_days: if fresh {
                policy.link_lifetime_days.default.to_string()
            } else {
                typed.field("link_lifetime_days").to_owned()
            },
            reminders: if fresh {
                policy.reminders.default
            } else {
                !typed.field("reminders").is_empty()
            },
            notify_on_accept: if fresh {
                policy.notify_on_accept.default
            } else {
                !typed.field("notify_on_accept").is_empty()
            },
            policy,
        },
    )
}

/// The empty form.
#[handler]
pub(crate) async fn form(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Staff(user): Staff,
) -> Result<Response, PageError> {
    let Some(policy) = permitted(&state, session, &user).await? else {
        return Ok(Redirect::see_other("/portal").into_response());
    };
    Ok(page(
        &state,
        &csrf.0,
        &user,
        policy,
        &Typed::default(),
        FieldErrors::default(),
        None,
        StatusCode::OK,
    )
    .await)
}

/// Why a form could not be read.
enum Unreadable {
    /// The list is larger than a list may be.
    TooLarge,
    /// Not a form.
    Broken(String),
}

/// Reads the form: small text fields, and the list (file or pasted) up to its limit.
async fn receive(mut multipart: Multipart) -> Result<Typed, Unreadable> {
    let mut typed = Typed::default();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| Unreadable::Broken(e.to_string()))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let limit = if name == "list" || name == "list_text" {
            MAX_BULK_BYTES
        } else {
            64 * 1024
        };
        if typed.fields.len() > 50 {
            return Err(Unreadable::Broken("the form has too many fields".into()));
        }
        let mut bytes = Vec::new();
        let mut reader = Box::pin(field.into_async_read()).take(limit as u64 + 1);
        reader
            .read_to_end(&mut bytes)
            .await
            .map_err(|e| Unreadable::Broken(format!("the form was cut off: {e}")))?;
        if bytes.len() > limit {
            return Err(Unreadable::TooLarge);
        }
        match (name.as_str(), file_name) {
            ("list", Some(file)) => {
                if !file.is_empty() && !bytes.is_empty() {
                    typed.list = Some((file, bytes));
                }
            }
            // The list sent as a plain field (a script, not a browser): the same list.
            ("list", None) => {
                if !bytes.is_empty() {
                    typed.list = Some((String::new(), bytes));
                }
            }
            _ => typed.fields.push((
                name,
                String::from_utf8(bytes).map_err(|_| Unreadable::Broken("a field is not UTF-8".into()))?,
            )),
        }
    }
    Ok(typed)
}

/// The format of a list: JSON by its name, or when it starts like an array.
fn format_of(name: &str, bytes: &[u8]) -> BulkFormat {
    let starts_as_array = bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace() && **b != 0xef && **b != 0xbb && **b != 0xbf)
        == Some(&b'[');
    if name.to_ascii_lowercase().ends_with(".json") || starts_as_array {
        BulkFormat::Json
    } else {
        BulkFormat::Csv
    }
}

/// Checks or sends a list.
#[handler]
pub(crate) async fn submit(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Staff(user): Staff,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let Some(policy) = permitted(&state, session, &user).await? else {
        return Ok(Redirect::see_other("/portal").into_response());
    };
    let typed = match receive(multipart).await {
        Ok(t) => t,
        Err(Unreadable::TooLarge) => {
            let mut errors = FieldErrors::default();
            errors.add("list", "the list is larger than 4 MiB: split it into several");
            let typed = Typed::default();
            return Ok(page(
                &state,
                &csrf.0,
                &user,
                policy,
                &typed,
                errors,
                None,
                StatusCode::PAYLOAD_TOO_LARGE,
            )
            .await);
        }
        Err(Unreadable::Broken(why)) => {
            return Err(crate::extract::Refusal {
                status: StatusCode::BAD_REQUEST,
                title: "The form could not be read".into(),
                text: format!("{why}; nothing was sent.").into(),
                link: Some(("/invitations/bulk", "Back to Invite a list".into())),
                language: None,
                contact: None,
            }
            .into());
        }
    };
    if !verifier.is_valid(typed.field("csrf_token")) {
        return Err(PageError::Csrf);
    }
    let mut errors = FieldErrors::default();
    let subject = Subject::parse(typed.field("subject"))
        .map_err(|e| errors.add("subject", e.to_string()))
        .ok();
    let message = MessageBody::parse(typed.field("message"))
        .map_err(|e| errors.add("message", e.to_string()))
        .ok();
    let options = crate::invitations::requested_from(&typed.fields, &policy, &mut errors);
    let pasted = typed.field("list_text").trim();
    let (format, rows) = match (&typed.list, pasted.is_empty()) {
        (Some(_), false) => {
            errors.add("list", "choose a file or paste a list, not both");
            (BulkFormat::Csv, None)
        }
        (None, true) => {
            errors.add("list", "choose a file with the list, or paste it");
            (BulkFormat::Csv, None)
        }
        (Some((name, bytes)), true) => {
            let format = format_of(name, bytes);
            (
                format,
                read(format, bytes).map_err(|e| errors.add("list", e.to_string())).ok(),
            )
        }
        (None, false) => {
            let format = format_of("", pasted.as_bytes());
            (
                format,
                read(format, pasted.as_bytes())
                    .map_err(|e| errors.add("list", e.to_string()))
                    .ok(),
            )
        }
    };
    let key = typed.field("idempotency_key").trim().to_owned();
    let send = typed.field("action") == "send";
    let (Some(subject), Some(message), Some(rows), true) = (subject, message, rows, errors.is_empty()) else {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(page(&state, &csrf.0, &user, policy, &typed, errors, None, status).await);
    };
    let request = BulkRequest {
        format,
        rows,
        subject,
        message,
        options,
        idempotency_key: Some(key.clone()).filter(|k| !k.is_empty()),
    };
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    match state.uc.bulk.import(&user, &request, !send).await {
        Ok(report) => {
            if send && !report.replayed {
                metrics::counter!("postern_invitations_sent_total", "kind" => "invitation")
                    .increment(report.queued as u64);
            }
            let view = view(&report, format, send, &key);
            let status = if send && report.queued > 0 {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            return Ok(page(&state, &csrf.0, &user, policy, &typed, errors, Some(view), status).await);
        }
        Err(SendError::Invalid(problems)) => {
            for (field, message) in invitation_errors(&problems).summary_raw() {
                errors.add(&field, message);
            }
        }
        Err(SendError::QuotaExceeded(q)) => {
            status = StatusCode::TOO_MANY_REQUESTS;
            errors.add("list", q.explain());
        }
        Err(SendError::NotPermitted) => {
            set_problem(session, "You are not allowed to send invitations.");
            return Ok(Redirect::see_other("/portal").into_response());
        }
        Err(SendError::Directory(e)) => {
            tracing::warn!(error = %e, "a list could not be checked: the directory is unavailable");
            status = StatusCode::SERVICE_UNAVAILABLE;
            errors.add("list", postern_domain::usecases::DIRECTORY_OUTAGE);
        }
        Err(SendError::Store(e)) => {
            return Ok(internal_error(layout(&state, Some(&user), &csrf.0, None).await, &e));
        }
    }
    Ok(page(&state, &csrf.0, &user, policy, &typed, errors, None, status).await)
}

fn view(report: &BulkReport, format: BulkFormat, sent: bool, key: &str) -> ReportView {
    ReportView {
        sent,
        replayed: report.replayed,
        rows: counted(report.rows, "row", "rows"),
        valid: report.valid,
        queued: counted(report.queued, "invitee is", "invitees are"),
        invitations: counted(report.invitations.len(), "invitation", "invitations"),
        left_out: counted(report.issues.len(), "row", "rows"),
        position: if format == BulkFormat::Csv { "Line" } else { "Entry" },
        issues: report
            .issues
            .iter()
            .map(|i| (i.line, i.email.clone(), i.problem.to_string()))
            .collect(),
        key: crate::pages::query_string(&[("key", key)]),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ProgressQuery {
    key: String,
}

/// How the invitations of one list are doing.
#[handler]
pub(crate) async fn progress(
    state: State<'_>,
    csrf: &CsrfToken,
    Staff(user): Staff,
    Query(q): Query<ProgressQuery>,
) -> Result<Response, PageError> {
    let invitations = state.uc.bulk.progress(&user, &q.key).await?;
    let now = state.clock.now();
    let mut counts: std::collections::BTreeMap<&'static str, usize> = std::collections::BTreeMap::new();
    let mut waiting = 0;
    let mut recipients = 0;
    for r in invitations.iter().flat_map(|i| &i.recipients) {
        let shown = r.state_at(now);
        recipients += 1;
        if matches!(
            shown,
            postern_domain::invitation::RecipientState::Queued | postern_domain::invitation::RecipientState::Deferred
        ) {
            waiting += 1;
        }
        *counts.entry(shown.label()).or_default() += 1;
    }
    let l = layout(&state, Some(&user), &csrf.0, None).await;
    Ok(render(
        StatusCode::OK,
        &ProgressPage {
            l,
            invitations: counted(invitations.len(), "invitation", "invitations"),
            recipients: counted(recipients, "invitee", "invitees"),
            waiting: counted(waiting, "message is", "messages are"),
            any_waiting: waiting > 0,
            states: counts.into_iter().collect(),
        },
    ))
}
