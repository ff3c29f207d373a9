//! Invite a list: the page that checks and sends a CSV or JSON list of invitees, and the page
//! that follows its delivery.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Multipart, Query, Redirect};
use poem::{IntoResponse, Response, handler};
use postern_domain::bulk::{BulkFormat, MAX_BULK_BYTES, read};
use postern_domain::policy::DeliveryOptionPolicy;
use postern_domain::usecases::{BulkReport, BulkRequest, SendError};
use postern_domain::user::User;
use postern_domain::{MessageBody, Subject};
use serde::Deserialize;
use tokio::io::AsyncReadExt as _;

use crate::auth::{State, set_problem};
use crate::csrf::CsrfVerifier;
use crate::errors::{FieldErrors, invitation_errors};
use crate::extract::{PageError, Staff};
use crate::pages::{Layout, internal_error, layout, render};

/// What the result of a check or a send shows.
pub(crate) struct ReportView {
    sent: bool,
    /// The heading: checked or sent, and how many rows.
    heading: String,
    /// What came of it.
    outcome: String,
    left_out: String,
    position: String,
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
    summary: String,
    any_waiting: bool,
    states: Vec<(&'static str, String, usize)>,
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
        Ok(Some(settings.delivery.clone()))
    } else {
        let tr = layout(state, Some(user), "", None).await.tr;
        set_problem(session, tr.t("page-send-not-permitted"));
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
    let default_language = state
        .settings
        .load_settings()
        .await
        .map(|s| s.default_language)
        .unwrap_or_default();
    let default_subject = if fresh {
        state.uc.send.default_subject(user, Some(default_language)).await
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
                state.catalog.tr(default_language).t("page-send-default-message")
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
            let tr = layout(&state, Some(&user), &csrf.0, None).await.tr;
            errors.add("list", tr.t("form-list-too-large"));
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
                title: crate::i18n::Words::id("page-bulk-unreadable-title"),
                text: crate::i18n::Words::id("page-bulk-unreadable").with("why", why),
                link: Some(("/invitations/bulk", crate::i18n::Words::id("page-go-back"))),
                language: None,
                contact: None,
            }
            .into());
        }
    };
    if !verifier.is_valid(typed.field("csrf_token")) {
        return Err(PageError::Csrf);
    }
    let tr = layout(&state, Some(&user), &csrf.0, None).await.tr;
    let mut errors = FieldErrors::default();
    let subject = Subject::parse(typed.field("subject"))
        .map_err(|e| errors.add("subject", crate::errors::subject_error(&e).render(tr)))
        .ok();
    let message = MessageBody::parse(typed.field("message"))
        .map_err(|e| errors.add("message", crate::errors::message_error(&e).render(tr)))
        .ok();
    let options = crate::invitations::requested_from(&typed.fields, &policy, &mut errors, tr);
    let pasted = typed.field("list_text").trim();
    let (format, rows) = match (&typed.list, pasted.is_empty()) {
        (Some(_), false) => {
            errors.add("list", tr.t("form-list-both"));
            (BulkFormat::Csv, None)
        }
        (None, true) => {
            errors.add("list", tr.t("form-list-none"));
            (BulkFormat::Csv, None)
        }
        (Some((name, bytes)), true) => {
            let format = format_of(name, bytes);
            (
                format,
                read(format, bytes)
                    .map_err(|e| errors.add("list", list_error(&e).render(tr)))
                    .ok(),
            )
        }
        (None, false) => {
            let format = format_of("", pasted.as_bytes());
            (
                format,
                read(format, pasted.as_bytes())
                    .map_err(|e| errors.add("list", list_error(&e).render(tr)))
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
            let view = view(&report, format, send, &key, tr);
            let status = if send && report.queued > 0 {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            return Ok(page(&state, &csrf.0, &user, policy, &typed, errors, Some(view), status).await);
        }
        Err(SendError::Invalid(problems)) => {
            for (field, message) in invitation_errors(&problems, tr).summary_raw() {
                errors.add(&field, message);
            }
        }
        Err(SendError::QuotaExceeded(q)) => {
            status = StatusCode::TOO_MANY_REQUESTS;
            errors.add("list", crate::errors::quota_error(&q, tr));
        }
        Err(SendError::NotPermitted) => {
            set_problem(session, tr.t("page-send-not-permitted"));
            return Ok(Redirect::see_other("/portal").into_response());
        }
        Err(SendError::Directory(e)) => {
            tracing::warn!(error = %e, "a list could not be checked: the directory is unavailable");
            status = StatusCode::SERVICE_UNAVAILABLE;
            errors.add("list", tr.t("form-directory-outage"));
        }
        Err(SendError::Store(e)) => {
            return Ok(internal_error(layout(&state, Some(&user), &csrf.0, None).await, &e));
        }
    }
    Ok(page(&state, &csrf.0, &user, policy, &typed, errors, None, status).await)
}

fn view(report: &BulkReport, format: BulkFormat, sent: bool, key: &str, tr: postern_i18n::Tr<'_>) -> ReportView {
    let heading = if sent { "page-bulk-sent" } else { "page-bulk-checked" };
    let outcome = if !sent {
        tr.t1("page-bulk-valid", "count", report.valid)
    } else if report.replayed {
        tr.t("page-bulk-replayed")
    } else {
        tr.t2(
            "page-bulk-queued",
            ("count", report.queued),
            ("invitations", report.invitations.len()),
        )
    };
    ReportView {
        sent,
        heading: tr.t1(heading, "count", report.rows),
        outcome,
        left_out: tr.t1("page-bulk-left-out", "count", report.issues.len()),
        position: tr.t(if format == BulkFormat::Csv {
            "page-bulk-line"
        } else {
            "page-bulk-entry"
        }),
        issues: report
            .issues
            .iter()
            .map(|i| (i.line, i.email.clone(), row_problem(&i.problem, format).render(tr)))
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
    let mut counts: Vec<(postern_domain::invitation::RecipientState, usize)> = Vec::new();
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
        // One row for both kinds of revoked.
        let shown = match shown {
            postern_domain::invitation::RecipientState::RevokedByAdmin => {
                postern_domain::invitation::RecipientState::Revoked
            }
            other => other,
        };
        match counts.iter_mut().find(|(s, _)| *s == shown) {
            Some((_, n)) => *n += 1,
            None => counts.push((shown, 1)),
        }
    }
    counts.sort_by_key(|(state, _)| state.as_str());
    let l = layout(&state, Some(&user), &csrf.0, None).await;
    let tr = l.tr;
    let mut summary = tr.t2(
        "page-bulk-progress-summary",
        ("count", recipients),
        ("invitations", invitations.len()),
    );
    summary.push(' ');
    summary.push_str(&if waiting > 0 {
        tr.t1("page-bulk-progress-waiting", "count", waiting)
    } else {
        tr.t("page-bulk-progress-done")
    });
    Ok(render(
        StatusCode::OK,
        &ProgressPage {
            l,
            summary,
            any_waiting: waiting > 0,
            states: counts
                .into_iter()
                .map(|(state, n)| (state.as_str(), tr.t(crate::invitations::state_id(state)), n))
                .collect(),
        },
    ))
}

/// Why a list cannot be read, as the page says it.
pub(crate) fn list_error(e: &postern_domain::bulk::BulkFileError) -> crate::i18n::Words {
    use crate::i18n::Words;
    use postern_domain::bulk::BulkFileError as E;
    match e {
        E::Empty => Words::id("form-list-empty"),
        E::TooLarge { max } => Words::id("form-list-too-many").with("max", max.to_string()),
        E::NotText => Words::id("form-list-not-text"),
        E::NoEmailColumn => Words::id("form-list-no-email-column"),
        E::Csv { line, reason } => Words::id("form-list-csv")
            .with("line", line.to_string())
            .with("reason", reason.clone()),
        E::Json(reason) => Words::id("form-list-json").with("reason", reason.clone()),
    }
}

/// Why a row of a list is left out, as the page says it.
pub(crate) fn row_problem(p: &postern_domain::bulk::RowProblem, format: BulkFormat) -> crate::i18n::Words {
    use crate::i18n::Words;
    use postern_domain::bulk::RowProblem as P;
    match p {
        P::Address(e) => crate::errors::address_error(e),
        P::Refused(e) => crate::errors::recipient_policy_error(e),
        // "line 3" / "entry 3": the number is the list's own.
        P::Duplicate(first) => Words::id(if format == BulkFormat::Csv {
            "form-row-duplicate-line"
        } else {
            "form-row-duplicate-entry"
        })
        .with("number", first.rsplit(' ').next().unwrap_or_default().to_owned()),
        P::Name(e) => crate::errors::display_name_error(e),
        P::Language(code) => Words::id("form-row-language")
            .with("code", code.clone())
            .with("languages", postern_domain::Language::codes()),
        P::OwnAddress => Words::id("form-row-own-address"),
        P::HasAccount => Words::id("form-row-has-account"),
        P::GroupAddress => Words::id("form-row-group-address"),
    }
}
