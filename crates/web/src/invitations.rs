//! Send Invites, My invitations, resend and revoke.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Form, Path, Query, Redirect};
use poem::{FromRequest, IntoResponse, Request, RequestBody, Response, handler};
use postern_domain::files::{Attachment, FileError, FilePolicy};
use postern_domain::ids::{InvitationId, RecipientId};
use postern_domain::invitation::MessageKind;
use postern_domain::invitation::{Invitation, RecipientState};
use postern_domain::lifecycle::{self, Actor, Event};
use postern_domain::policy::{DeliveryOptionPolicy, RequestedOptions};
use postern_domain::ports::InvitationCursor;
use postern_domain::usecases::{InvitationForm, InvitationInputError, InvitationRequest, ManageError, SendError};
use postern_domain::user::User;
use serde::Deserialize;

use crate::auth::{State, set_flash, take_flash};
use crate::csrf::CsrfVerifier;
use crate::errors::{FieldErrors, invitation_errors};
use crate::extract::{CsrfForm, DropOff, PageError, Staff};
use crate::i18n::Words;
use crate::pages::{Layout, MessagePage, internal_error, layout, render};
use crate::uploads::{self, UploadFailure};

/// The form from the text fields of a `multipart/form-data` request.
fn form_from(fields: &[(String, String)]) -> InviteForm {
    let mut map = serde_json::Map::new();
    for (name, value) in fields {
        map.entry(name.clone())
            .or_insert_with(|| serde_json::Value::String(value.clone()));
    }
    serde_json::from_value(serde_json::Value::Object(map)).unwrap_or_default()
}

/// The form's values, as typed (kept when the form is shown again with errors).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub(crate) struct InviteForm {
    csrf_token: String,
    idempotency_key: String,
    to: String,
    cc: String,
    bcc: String,
    subject: String,
    message: String,
    link_lifetime_days: String,
    notify_on_accept: Option<String>,
    send_me_a_copy: Option<String>,
    attachment_lifetime_days: String,
    attachment_download_limit: String,
    notify_on_download: Option<String>,
    reminders: Option<String>,
    link_only: Option<String>,
    /// "Send anyway" to those who already have an account.
    include_existing_accounts: Option<String>,
    /// "Send anyway" to addresses that look like groups.
    include_group_addresses: Option<String>,
    /// The language of the emails (a code; empty: the administrator's default).
    language: String,
}

pub(crate) struct FormView {
    idempotency_key: String,
    to: String,
    cc: String,
    bcc: String,
    subject: String,
    message: String,
    link_lifetime_days: String,
    notify_on_accept: bool,
    send_me_a_copy: bool,
    attachment_lifetime_days: String,
    attachment_download_limit: String,
    notify_on_download: bool,
    reminders: bool,
    link_only: bool,
    /// The people invited who already have an account (the form warns, and offers to go on).
    existing_accounts: Vec<String>,
    /// The sender has said to invite them all the same.
    include_existing_accounts: bool,
    /// Addresses that look like groups (the form warns, and offers to go on).
    group_addresses: Vec<String>,
    /// The sender has said to send to them all the same.
    include_group_addresses: bool,
    /// The language of the emails (a code).
    language: String,
}

#[derive(Template)]
#[template(path = "send_invites.html")]
struct SendPage {
    l: Layout,
    /// The languages an email can be written in: code and name.
    languages: Vec<(&'static str, &'static str)>,
    from: String,
    form: FormView,
    policy: DeliveryOptionPolicy,
    files_hint: String,
    reminders_hint: String,
    errors: FieldErrors,
    compose: ComposeView,
}

/// What the compose template needs to know about the page.
pub(crate) struct ComposeView {
    title: String,
    intro: String,
    action: &'static str,
    files_only: bool,
}

impl ComposeView {
    fn of(c: Compose, tr: postern_i18n::Tr<'_>) -> Self {
        Self {
            title: tr.t(c.title()),
            intro: tr.t(c.intro()),
            action: c.action(),
            files_only: c != Compose::Invite,
        }
    }
}

/// When reminders go out, as the form's hint says it.
fn reminders_hint(policy: &DeliveryOptionPolicy, tr: postern_i18n::Tr<'_>) -> String {
    let percents: Vec<String> = policy.reminder_at_percent.iter().map(|p| format!("{p} %")).collect();
    tr.t1(
        "page-send-reminders-hint",
        "percents",
        crate::i18n::list_and(&percents, tr),
    )
}

/// The languages an email can be written in.
fn languages() -> Vec<(&'static str, &'static str)> {
    postern_domain::Language::ALL
        .into_iter()
        .map(|l| (l.code(), l.endonym()))
        .collect()
}

fn files_hint(p: &FilePolicy, compose: Compose, tr: postern_i18n::Tr<'_>) -> String {
    let need = match compose {
        Compose::Invite => "page-send-files-optional",
        Compose::SendFiles | Compose::DropOff => "page-send-files-needed",
    };
    tr.args(
        "page-send-files-hint",
        &[
            ("need", tr.t(need).into()),
            ("count", p.max_files.into()),
            ("each", tr.size(p.max_file_bytes()).into()),
            ("total", tr.size(p.max_total_bytes()).into()),
        ],
    )
}

pub(crate) fn new_key(state: &State<'_>) -> String {
    let mut bytes = [0u8; 16];
    state.random.fill(&mut bytes);
    hex::encode(bytes)
}

/// Which page composes the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compose {
    /// Send Invites (staff with the permission).
    Invite,
    /// Send Files (staff).
    SendFiles,
    /// Sending files back from the Drop-Off portal.
    DropOff,
}

impl Compose {
    fn kind(self) -> MessageKind {
        match self {
            Compose::Invite => MessageKind::Invitation,
            Compose::SendFiles | Compose::DropOff => MessageKind::Files,
        }
    }
    fn action(self) -> &'static str {
        match self {
            Compose::Invite => "/invitations/new",
            Compose::SendFiles => "/send",
            Compose::DropOff => "/dropoff/send",
        }
    }
    fn title(self) -> &'static str {
        match self {
            Compose::Invite => "page-send-invites-title",
            Compose::SendFiles | Compose::DropOff => "page-send-files-title",
        }
    }
    fn intro(self) -> &'static str {
        match self {
            Compose::Invite => "page-send-invites-intro",
            Compose::SendFiles => "page-send-files-intro",
            Compose::DropOff => "page-send-dropoff-intro",
        }
    }
    fn done(self) -> &'static str {
        match self {
            Compose::Invite | Compose::SendFiles => "/invitations",
            Compose::DropOff => "/dropoff",
        }
    }
}

/// The policies `user` composes under, if `compose` is open to them.
async fn permitted(
    state: &State<'_>,
    user: &User,
    compose: Compose,
) -> Result<(DeliveryOptionPolicy, FilePolicy), PageError> {
    let settings = state.settings.load_settings().await?;
    if compose == Compose::Invite && !settings.invitations.may_invite(user) {
        return Err(crate::extract::Refusal {
            status: StatusCode::FORBIDDEN,
            title: Words::id("page-send-not-permitted-title"),
            text: Words::id("page-send-not-permitted"),
            link: Some(("/portal", Words::id("page-back-to-portal"))),
            contact: None,
            language: None,
        }
        .into());
    }
    Ok((settings.delivery.clone(), settings.files.clone()))
}

#[handler]
pub(crate) async fn new_page(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Staff(user): Staff,
) -> Result<Response, PageError> {
    compose_page(Compose::Invite, state, session, csrf, user).await
}

#[handler]
pub(crate) async fn send_files_page(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Staff(user): Staff,
) -> Result<Response, PageError> {
    compose_page(Compose::SendFiles, state, session, csrf, user).await
}

#[handler]
pub(crate) async fn dropoff_page(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    DropOff(user): DropOff,
) -> Result<Response, PageError> {
    compose_page(Compose::DropOff, state, session, csrf, user).await
}

async fn compose_page(
    compose: Compose,
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    user: User,
) -> Result<Response, PageError> {
    let (policy, file_policy) = permitted(&state, &user, compose).await?;
    let default_language = state.settings.load_settings().await?.default_language;
    let l = layout(&state, Some(&user), &csrf.0, take_flash(session)).await;
    let tr = l.tr;
    // The text proposed is in the language the email goes out in (the default), which the
    // sender may change with the email's language.
    let words = state.catalog.tr(default_language);
    let (subject, message) = match compose {
        Compose::Invite => (
            state.uc.send.default_subject(&user, Some(default_language)).await,
            words.t("page-send-default-message"),
        ),
        Compose::SendFiles | Compose::DropOff => (
            words.t1("page-send-files-default-subject", "name", user.display_name.as_str()),
            words.t("page-send-files-default-message"),
        ),
    };
    let form = FormView {
        idempotency_key: new_key(&state),
        to: String::new(),
        cc: String::new(),
        bcc: String::new(),
        subject,
        message,
        link_lifetime_days: policy.link_lifetime_days.default.to_string(),
        notify_on_accept: policy.notify_on_accept.default,
        send_me_a_copy: policy.send_me_a_copy.default,
        attachment_lifetime_days: policy.attachment_lifetime_days.default.to_string(),
        attachment_download_limit: policy.attachment_download_limit.default.to_string(),
        notify_on_download: policy.notify_on_download.default,
        reminders: policy.reminders.default,
        link_only: policy.link_only.default,
        existing_accounts: Vec::new(),
        include_existing_accounts: false,
        group_addresses: Vec::new(),
        include_group_addresses: false,
        language: default_language.code().to_owned(),
    };
    let mut page = render(
        StatusCode::OK,
        &SendPage {
            l,
            languages: languages(),
            from: user.email.as_str().to_owned(),
            form,
            reminders_hint: reminders_hint(&policy, tr),
            policy,
            files_hint: files_hint(&file_policy, compose, tr),
            errors: FieldErrors::default(),
            compose: ComposeView::of(compose, tr),
        },
    );
    // Kept by the browser (this user's own empty form, nothing else) so that Back shows the
    // same form with the same idempotency key: sending it again is then recognised.
    page.headers_mut().insert(
        poem::http::header::CACHE_CONTROL,
        poem::http::HeaderValue::from_static("private, no-cache"),
    );
    Ok(page)
}

/// The delivery options asked for by a form read as its fields (a multipart form).
pub(crate) fn requested_from(
    fields: &[(String, String)],
    policy: &DeliveryOptionPolicy,
    errors: &mut FieldErrors,
    tr: postern_i18n::Tr<'_>,
) -> RequestedOptions {
    requested(&form_from(fields), policy, errors, tr)
}

fn requested(
    form: &InviteForm,
    policy: &DeliveryOptionPolicy,
    errors: &mut FieldErrors,
    tr: postern_i18n::Tr<'_>,
) -> RequestedOptions {
    let mut options = RequestedOptions::default();
    if policy.link_lifetime_days.offered {
        let text = form.link_lifetime_days.trim();
        if !text.is_empty() {
            match text.parse::<u32>() {
                Ok(days) => options.link_lifetime_days = Some(days),
                Err(_) => errors.add("link_lifetime_days", tr.t("form-whole-days")),
            }
        }
    }
    for (field, rule, text, slot) in [
        (
            "attachment_lifetime_days",
            &policy.attachment_lifetime_days,
            &form.attachment_lifetime_days,
            &mut options.attachment_lifetime_days,
        ),
        (
            "attachment_download_limit",
            &policy.attachment_download_limit,
            &form.attachment_download_limit,
            &mut options.attachment_download_limit,
        ),
    ] {
        let text = text.trim();
        if rule.offered && !text.is_empty() {
            match text.parse::<u32>() {
                Ok(n) => *slot = Some(n),
                Err(_) => errors.add(field, tr.t("form-whole-number")),
            }
        }
    }
    if policy.notify_on_accept.offered && !policy.notify_on_accept.locked {
        options.notify_on_accept = Some(form.notify_on_accept.is_some());
    }
    if policy.notify_on_download.offered && !policy.notify_on_download.locked {
        options.notify_on_download = Some(form.notify_on_download.is_some());
    }
    if policy.reminders.offered && !policy.reminders.locked {
        options.reminders = Some(form.reminders.is_some());
    }
    if policy.send_me_a_copy.offered && !policy.send_me_a_copy.locked {
        options.send_me_a_copy = Some(form.send_me_a_copy.is_some());
    }
    if policy.link_only.offered && !policy.link_only.locked {
        options.link_only = Some(form.link_only.is_some());
    } else if form.link_only.is_some() {
        // Ticked on a form shown before the administrator withdrew the option: the rules
        // refuse it by name, rather than the invitation going out by email.
        options.link_only = Some(true);
    }
    options
}

/// A compose form as it arrived, for the page its path names: the sender (of the right kind,
/// permitted to compose it), the policies in force, the fields, and the files streamed to the
/// store. The CSRF token is checked before the first byte of a file is kept; a forged form
/// gets nothing stored.
pub(crate) struct Composed {
    compose: Compose,
    user: User,
    policy: DeliveryOptionPolicy,
    file_policy: FilePolicy,
    form: InviteForm,
    files: Vec<Attachment>,
    upload: Option<UploadFailure>,
}

impl<'a> FromRequest<'a> for Composed {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let compose = match req.uri().path() {
            "/send" => Compose::SendFiles,
            "/dropoff/send" => Compose::DropOff,
            _ => Compose::Invite,
        };
        let user = match compose {
            Compose::DropOff => DropOff::from_request(req, body).await?.0,
            Compose::Invite | Compose::SendFiles => Staff::from_request(req, body).await?.0,
        };
        let state = <State<'_>>::from_request(req, body).await?;
        let verifier = <&CsrfVerifier>::from_request(req, body).await?;
        let (policy, file_policy) = permitted(&state, &user, compose).await?;
        let with_files = req.content_type().is_some_and(|c| c.starts_with("multipart/form-data"));
        let (form, files, upload) = if with_files {
            let store = state.files.as_ref();
            match uploads::receive(req, body, store, state.random.as_ref(), &file_policy, verifier, "files").await {
                Ok(r) => (form_from(&r.fields), r.files, None),
                Err((fields, failure)) => (form_from(&fields), Vec::new(), Some(failure)),
            }
        } else {
            let Form(form) = Form::<InviteForm>::from_request(req, body).await?;
            (form, Vec::new(), None)
        };
        if matches!(upload, Some(UploadFailure::Csrf)) || !verifier.is_valid(&form.csrf_token) {
            uploads::discard(state.files.as_ref(), &files).await;
            return Err(PageError::Csrf.into());
        }
        Ok(Composed {
            compose,
            user,
            policy,
            file_policy,
            form,
            files,
            upload,
        })
    }
}

#[handler]
pub(crate) async fn send(state: State<'_>, session: &Session, csrf: &CsrfToken, composed: Composed) -> Response {
    send_as(&state, session, csrf, composed).await
}

#[handler]
pub(crate) async fn send_files(state: State<'_>, session: &Session, csrf: &CsrfToken, composed: Composed) -> Response {
    send_as(&state, session, csrf, composed).await
}

#[handler]
pub(crate) async fn dropoff_send(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    composed: Composed,
) -> Response {
    send_as(&state, session, csrf, composed).await
}

/// Sends what was composed, or shows the form again with every problem.
async fn send_as(state: &State<'_>, session: &Session, csrf: &CsrfToken, composed: Composed) -> Response {
    let Composed {
        compose,
        user,
        policy,
        file_policy,
        form,
        files,
        upload,
    } = composed;
    let store = state.files.clone();
    let refuse = |files: Vec<Attachment>| async move { uploads::discard(store.as_ref(), &files).await };
    let tr = layout(state, Some(&user), &csrf.0, None).await.tr;
    let mut errors = FieldErrors::default();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    match upload {
        None | Some(UploadFailure::Csrf) => {}
        Some(UploadFailure::Refused(e)) => {
            if matches!(e, FileError::TooLarge { .. } | FileError::TotalTooLarge { .. }) {
                status = StatusCode::PAYLOAD_TOO_LARGE;
            }
            errors.add(
                "attachments",
                tr.t1("form-files-refused", "reason", crate::errors::file_error(&e).render(tr)),
            );
        }
        Some(UploadFailure::Broken(why)) => {
            return render(
                StatusCode::BAD_REQUEST,
                &MessagePage::new(
                    layout(state, Some(&user), &csrf.0, None).await,
                    &tr.t("page-send-broken-title"),
                    &[&tr.t1("page-send-broken", "why", why.to_string())],
                )
                .link(compose.action(), &tr.t("page-go-back")),
            );
        }
        // The attachment store failed (a bucket out of reach, a full disk): the form comes back
        // with everything typed in, and says so.
        Some(UploadFailure::Store(e)) => {
            tracing::warn!(error = %e, "an upload could not be stored");
            status = StatusCode::SERVICE_UNAVAILABLE;
            errors.add("attachments", tr.t("form-files-not-stored"));
        }
    }
    let options = requested(&form, &policy, &mut errors, tr);
    let language = match form.language.trim() {
        "" => None,
        code => {
            let found = postern_domain::Language::parse(code);
            if found.is_none() {
                errors.add(
                    "language",
                    tr.t2(
                        "form-unsupported-language",
                        ("code", crate::pages::clip_for_page(code)),
                        ("languages", postern_domain::Language::codes()),
                    ),
                );
            }
            found
        }
    };
    let input = InvitationForm {
        to: &form.to,
        cc: &form.cc,
        bcc: &form.bcc,
        subject: &form.subject,
        message: &form.message,
        options,
        idempotency_key: Some(form.idempotency_key.as_str()),
    };
    let mut existing = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    let mut outage = None;
    let outcome = match InvitationRequest::parse(&input) {
        Ok(mut request) if errors.is_empty() => {
            request.attachments = files.clone();
            request.kind = compose.kind();
            request.include_existing_accounts = form.include_existing_accounts.is_some();
            request.include_group_addresses = form.include_group_addresses.is_some();
            request.language = language;
            Some(state.uc.send.execute(&user, request).await)
        }
        Ok(_) => None,
        Err(problems) => {
            for (field, message) in invitation_errors(&problems, tr).summary_raw() {
                errors.add(&field, message);
            }
            // What sending would refuse besides, so that everything is said at once.
            match state.uc.send.form_problems(&user, &input).await {
                Ok(more) => {
                    for (field, message) in invitation_errors(&more, tr).summary_raw() {
                        if !errors.get(&field).contains(&message.as_str()) {
                            errors.add(&field, message);
                        }
                    }
                }
                Err(e) => {
                    refuse(files).await;
                    return internal_error(layout(state, Some(&user), &csrf.0, None).await, &e);
                }
            }
            None
        }
    };
    match outcome {
        Some(Ok(sent)) => {
            let n = sent.invitation.recipients.len();
            if !sent.replayed {
                metrics::counter!("postern_invitations_sent_total", "kind" => sent.invitation.kind.as_str())
                    .increment(n as u64);
            }
            if !sent.links.is_empty() {
                let l = layout(state, Some(&user), &csrf.0, None).await;
                return links_page(state, l, &sent.invitation, &sent.links, StatusCode::CREATED);
            }
            let done = if sent.replayed {
                // The same form again (a double click, or Back then Send): the first one's
                // files are the ones kept, and nothing is sent twice.
                refuse(files).await;
                tr.t2(
                    "page-send-replayed",
                    ("sent", tr.time(sent.invitation.created_at)),
                    ("count", n),
                )
            } else if compose == Compose::Invite {
                tr.t1("page-send-invitation-sent", "count", n)
            } else {
                tr.t1("page-send-files-sent", "count", n)
            };
            set_flash(session, done);
            return Redirect::see_other(compose.done()).into_response();
        }
        Some(Err(SendError::Invalid(problems))) => {
            existing.extend(problems.iter().filter_map(|p| match p {
                InvitationInputError::HasAccount(address) => Some(address.clone()),
                _ => None,
            }));
            groups.extend(problems.iter().filter_map(|p| match p {
                InvitationInputError::GroupAddress(address) => Some(address.clone()),
                _ => None,
            }));
            for (field, message) in invitation_errors(&problems, tr).summary_raw() {
                errors.add(&field, message);
            }
        }
        Some(Err(SendError::QuotaExceeded(q))) => {
            status = StatusCode::TOO_MANY_REQUESTS;
            errors.add("to", crate::errors::quota_error(&q, tr));
        }
        Some(Err(SendError::NotPermitted)) => {
            refuse(files).await;
            return Redirect::see_other("/portal").into_response();
        }
        Some(Err(SendError::Directory(e))) => {
            // The cause is for the log; the page says what it means, and blames no field.
            tracing::warn!(error = %e, "sending refused: the directory is unavailable");
            status = StatusCode::SERVICE_UNAVAILABLE;
            outage = Some(tr.t("form-directory-outage"));
        }
        Some(Err(SendError::Store(e))) => {
            refuse(files).await;
            return internal_error(layout(state, Some(&user), &csrf.0, None).await, &e);
        }
        None => {}
    }
    // Someone who has an account already is named as soon as the form comes back, whatever
    // else is wrong with it.
    if compose == Compose::Invite && existing.is_empty() {
        match state.uc.send.account_holders(&user, &input).await {
            Ok(holders) => {
                // Already agreed to: still listed (with the box ticked), no longer a problem.
                if form.include_existing_accounts.is_none() {
                    for address in &holders {
                        errors.add(
                            "existing_accounts",
                            tr.t1("form-has-account", "address", address.as_str()),
                        );
                    }
                }
                existing = holders;
            }
            Err(e) => {
                refuse(files).await;
                return internal_error(layout(state, Some(&user), &csrf.0, None).await, &e);
            }
        }
    }
    // So is an address that looks like a group (by the administrator's patterns; the
    // directory is asked when the form is sent).
    if compose == Compose::Invite && groups.is_empty() {
        match state.uc.send.group_warnings(&input).await {
            Ok(found) => {
                if form.include_group_addresses.is_none() {
                    for address in &found {
                        errors.add(
                            "group_addresses",
                            tr.t1("form-group-address", "address", address.as_str()),
                        );
                    }
                }
                groups = found;
            }
            Err(e) => {
                refuse(files).await;
                return internal_error(layout(state, Some(&user), &csrf.0, None).await, &e);
            }
        }
    }
    if !files.is_empty() && !errors.has("attachments") {
        // A browser never fills a file field in again: say so rather than lose them silently.
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        errors.add("attachments", tr.t1("form-files-not-kept", "names", names.join(", ")));
    }
    refuse(files).await;
    let view = FormView {
        idempotency_key: form.idempotency_key.clone(),
        to: form.to.clone(),
        cc: form.cc.clone(),
        bcc: form.bcc.clone(),
        subject: form.subject.clone(),
        message: form.message.clone(),
        link_lifetime_days: form.link_lifetime_days.clone(),
        notify_on_accept: form.notify_on_accept.is_some(),
        send_me_a_copy: form.send_me_a_copy.is_some(),
        attachment_lifetime_days: form.attachment_lifetime_days.clone(),
        attachment_download_limit: form.attachment_download_limit.clone(),
        notify_on_download: form.notify_on_download.is_some(),
        reminders: form.reminders.is_some(),
        link_only: form.link_only.is_some(),
        existing_accounts: existing,
        include_existing_accounts: form.include_existing_accounts.is_some(),
        group_addresses: groups,
        include_group_addresses: form.include_group_addresses.is_some(),
        language: form.language.clone(),
    };
    let l = layout(
        state,
        Some(&user),
        &csrf.0,
        outage.map(|o| format!("{}{}", crate::auth::PROBLEM_MARK, capitalised(&o))),
    )
    .await;
    let mut page = render(
        status,
        &SendPage {
            l,
            languages: languages(),
            from: user.email.as_str().to_owned(),
            form: view,
            reminders_hint: reminders_hint(&policy, tr),
            policy,
            files_hint: files_hint(&file_policy, compose, tr),
            errors,
            compose: ComposeView::of(compose, tr),
        },
    );
    // The directory or the attachment store is away for a moment: say when to try again.
    if status == StatusCode::SERVICE_UNAVAILABLE {
        page.headers_mut()
            .insert("Retry-After", poem::http::HeaderValue::from_static("30"));
    }
    page
}

/// `text` with its first letter in upper case (a message that starts a page's sentence).
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub(crate) struct RecipientRow {
    id: String,
    address: String,
    /// Someone of the organisation (activates with their directory sign-in).
    internal: bool,
    role: String,
    /// The state's code (its style) and its name in the page's language.
    pub(crate) state: &'static str,
    state_label: String,
    detail: String,
    can_resend: bool,
    can_revoke: bool,
    /// A files message: resend sends a new download link.
    files: bool,
}

pub(crate) struct InvitationRow {
    pub(crate) sender: String,
    subject: String,
    created_at: String,
    /// How long its links work: the link lifetime, or when the files go.
    validity: String,
    pub(crate) recipients: Vec<RecipientRow>,
}

#[derive(Template)]
#[template(path = "invitations.html")]
pub(crate) struct ListPage {
    pub(crate) l: Layout,
    pub(crate) title: String,
    /// The state filter's choices: code and name.
    pub(crate) states: Vec<(&'static str, String)>,
    pub(crate) admin: bool,
    pub(crate) prefix: &'static str,
    pub(crate) sender_filter: String,
    pub(crate) recipient_filter: String,
    pub(crate) state_filter: String,
    pub(crate) rows: Vec<InvitationRow>,
    pub(crate) next: Option<String>,
    /// `back=<this page>`, for the actions' links.
    pub(crate) back: String,
}

/// `what` happened, with the start of the mail server's answer if there is one.
/// The choices of the console's state filter: any, then each state.
pub(crate) fn state_choices(tr: postern_i18n::Tr<'_>) -> Vec<(&'static str, String)> {
    use RecipientState as S;
    let mut out = vec![("", tr.t("page-list-any-state"))];
    for state in [
        S::Queued,
        S::Deferred,
        S::Sent,
        S::Delivered,
        S::Downloaded,
        S::Bounced,
        S::Accepted,
        S::Expired,
        S::Revoked,
    ] {
        out.push((state.as_str(), tr.t(state_id(state))));
    }
    out
}

/// The message id of a recipient's state as a list shows it.
pub(crate) fn state_id(state: RecipientState) -> &'static str {
    match state {
        RecipientState::Queued => "state-queued",
        RecipientState::Deferred => "state-deferred",
        RecipientState::Sent => "state-sent",
        RecipientState::Delivered => "state-delivered",
        RecipientState::Downloaded => "state-downloaded",
        RecipientState::Bounced => "state-bounced",
        RecipientState::Accepted => "state-accepted",
        RecipientState::Expired => "state-expired",
        RecipientState::Revoked | RecipientState::RevokedByAdmin => "state-revoked",
    }
}

/// The message id of a recipient's role.
fn role_id(role: postern_domain::Role) -> &'static str {
    match role {
        postern_domain::Role::To => "page-send-to",
        postern_domain::Role::Cc => "page-send-cc",
        postern_domain::Role::Bcc => "page-send-bcc",
    }
}

fn note(r: &postern_domain::invitation::InvitationRecipient, what: &str) -> String {
    match r.last_delivery_note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => format!("{what}: {}", postern_domain::usecases::clip(n, 120)),
        None => what.to_owned(),
    }
}

/// One message as a list shows it to `actor` (its sender, or an administrator): the
/// actions offered are those the lifecycle table allows that actor now.
pub(crate) fn row(
    invitation: &Invitation,
    now: time::OffsetDateTime,
    actor: Actor,
    tr: postern_i18n::Tr<'_>,
) -> InvitationRow {
    let files = invitation.kind == MessageKind::Files;
    let files_expired = invitation.files_expire_at() <= now;
    let time = |at| tr.time(at);
    InvitationRow {
        sender: format!(
            "{} <{}>",
            invitation.sender_name.as_str(),
            invitation.sender_email.as_str()
        ),
        subject: invitation.subject.as_str().to_owned(),
        created_at: time(invitation.created_at),
        validity: if files {
            tr.t1("page-list-files-until", "date", time(invitation.files_expire_at()))
        } else {
            let mut text = tr.t1("page-list-link-lifetime", "days", invitation.options.link_lifetime_days);
            if invitation.options.link_only {
                text.push_str(" · ");
                text.push_str(&tr.t("page-list-link-only"));
            }
            text
        },
        recipients: invitation
            .recipients
            .iter()
            .map(|r| {
                let state = r.state_at(now);
                let detail = match state {
                    RecipientState::Sent => {
                        let mut parts: Vec<String> = r
                            .expires_at
                            .map(|e| tr.t1("page-list-valid-until", "date", time(e)))
                            .into_iter()
                            .collect();
                        if invitation.options.link_only {
                            parts.push(tr.t("page-list-link-shown"));
                        }
                        if r.reminders_sent > 0 {
                            parts.push(tr.t1("page-list-reminded", "count", r.reminders_sent));
                        }
                        if let Some(next) = r.next_reminder_at {
                            parts.push(tr.t1("page-list-next-reminder", "date", time(next)));
                        }
                        parts.join(" · ")
                    }
                    RecipientState::Delivered => r
                        .sent_at
                        .map(|e| tr.t1("page-list-delivered", "date", time(e)))
                        .unwrap_or_default(),
                    RecipientState::Downloaded => tr.t("page-list-downloaded"),
                    RecipientState::Accepted => r
                        .accepted_at
                        .map(|a| tr.t1("page-list-accepted", "date", time(a)))
                        .unwrap_or_default(),
                    RecipientState::Expired if files => tr.t("page-list-files-expired"),
                    RecipientState::Expired => r
                        .expires_at
                        .map(|e| tr.t1("page-list-link-expired", "date", time(e)))
                        .unwrap_or_default(),
                    RecipientState::Revoked => tr.t("page-list-revoked-by-sender"),
                    RecipientState::RevokedByAdmin => tr.t("page-list-revoked-by-admin"),
                    // What the mail server said, in a few words: the whole answer is in the
                    // audit log and the server's log, not on a list.
                    RecipientState::Deferred => note(r, &tr.t("page-list-deferred")),
                    RecipientState::Bounced => note(r, &tr.t("page-list-bounced")),
                    _ => String::new(),
                };
                let allows = |event| lifecycle::decide(event, invitation.kind, actor, r.state, files_expired).is_ok();
                RecipientRow {
                    id: r.id.to_string(),
                    address: r.recipient.render(),
                    internal: r.kind == postern_domain::invitation::RecipientKind::Internal,
                    role: tr.t(role_id(r.role)),
                    state: state.label(),
                    state_label: tr.t(state_id(state)),
                    detail,
                    can_resend: allows(Event::Resend),
                    can_revoke: allows(Event::Revoke),
                    files,
                }
            })
            .collect(),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ListQuery {
    cursor: String,
}

/// The keyset position of a page as text: `<created_at in microseconds>.<invitation id>`.
pub(crate) fn cursor_text(c: InvitationCursor) -> String {
    format!("{}.{}", c.created_at.unix_timestamp_nanos() / 1000, c.id)
}

/// Reads [`cursor_text`] back; anything else (including out-of-range times) is `None`.
pub(crate) fn parse_cursor(text: &str) -> Option<InvitationCursor> {
    let (micros, id) = text.split_once('.')?;
    let nanos = micros.parse::<i128>().ok()?.checked_mul(1000)?;
    let created_at = time::OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()?;
    Some(InvitationCursor {
        created_at,
        id: InvitationId::parse(id)?,
    })
}

#[handler]
pub(crate) async fn list(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Staff(user): Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let page = state
        .uc
        .manage
        .sent_by(&user, None, parse_cursor(&q.cursor), 20)
        .await?;
    let here = match q.cursor.as_str() {
        "" => "/invitations".to_owned(),
        c => format!("/invitations?{}", crate::pages::query_string(&[("cursor", c)])),
    };
    let now = state.clock.now();
    let l = layout(&state, Some(&user), &csrf.0, take_flash(session)).await;
    let tr = l.tr;
    let rows = page
        .invitations
        .iter()
        .map(|i| row(i, now, Actor::Sender, tr))
        .collect();
    let next = page
        .next_cursor
        .map(|c| crate::pages::query_string(&[("cursor", &cursor_text(c))]));
    let page = ListPage {
        l,
        title: tr.t("page-list-title"),
        states: Vec::new(),
        admin: false,
        prefix: "/invitations",
        sender_filter: String::new(),
        recipient_filter: String::new(),
        state_filter: String::new(),
        rows,
        next,
        back: crate::pages::query_string(&[("back", &here)]),
    };
    Ok(render(StatusCode::OK, &page))
}

/// What may be done to one recipient from a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecipientAction {
    /// A new link; the earlier ones stop working.
    Resend,
    /// The links stop working.
    Revoke,
}

impl RecipientAction {
    /// The action named by the last part of its address.
    pub(crate) fn from_path(path: &str) -> Option<Self> {
        match path {
            "resend" => Some(Self::Resend),
            "revoke" => Some(Self::Revoke),
            _ => None,
        }
    }
    fn path(self) -> &'static str {
        match self {
            Self::Resend => "resend",
            Self::Revoke => "revoke",
        }
    }
}

/// Resends or revokes recipient `id` as `user` (its sender, or an administrator), then back
/// to the list `back` with what happened.
pub(crate) async fn act_on_recipient(
    state: &State<'_>,
    session: &Session,
    csrf: &str,
    user: &User,
    id: &str,
    action: RecipientAction,
    back: &str,
) -> Result<Response, PageError> {
    let tr = layout(state, Some(user), csrf, None).await.tr;
    let Some(id) = RecipientId::parse(id) else {
        set_flash(session, tr.t("page-list-no-such-invitation"));
        return Ok(Redirect::see_other(back).into_response());
    };
    let manage = &state.uc.manage;
    let result = match action {
        RecipientAction::Resend => manage.resend(user, id).await,
        RecipientAction::Revoke => manage.revoke(user, id).await.map(|()| None),
    };
    match (result, action) {
        (Ok(Some(link)), _) => {
            // A link-only invitation: the new link is shown here, this once.
            let invitation = manage.find_for(user, id).await?.ok_or_else(PageError::not_found)?;
            let l = layout(state, Some(user), csrf, None).await;
            return Ok(links_page(state, l, &invitation, &[link], StatusCode::OK));
        }
        (Ok(None), RecipientAction::Resend) => set_flash(session, tr.t("page-list-resent")),
        (Ok(None), RecipientAction::Revoke) => set_flash(session, tr.t("page-list-revoked")),
        (Err(ManageError::Store(e)), _) => return Err(e.into()),
        (Err(e), _) => crate::auth::set_problem(
            session,
            tr.t1(
                "page-list-not-changed",
                "reason",
                crate::errors::manage_error(&e).render(tr),
            ),
        ),
    }
    Ok(Redirect::see_other(back).into_response())
}

/// Where an action on a recipient came from (the list_path, its filters and page).
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct BackQuery {
    back: String,
}

/// The confirmed action's form: its token, and the list_path to go back to.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct BackForm {
    csrf_token: String,
    back: String,
}

crate::extract::carries_csrf!(BackForm);

impl BackForm {
    /// The list_path to go back to, if it is one under `list_path`.
    pub(crate) fn back(&self, list_path: &str) -> String {
        crate::pages::safe_back(&self.back, list_path)
    }
}

impl BackQuery {
    pub(crate) fn back(&self, list_path: &str) -> String {
        crate::pages::safe_back(&self.back, list_path)
    }
}

/// A recipient's history, as its sender or an administrator sees it.
#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    l: Layout,
    address: String,
    intro: String,
    state: &'static str,
    state_label: String,
    /// Time, what, by whom, details.
    entries: Vec<(String, String, String, String)>,
    back: String,
}

/// The message id of who caused a history entry.
fn by_whom_id(actor: Option<Actor>) -> &'static str {
    match actor {
        Some(Actor::Sender) => "page-history-by-sender",
        Some(Actor::Administrator) => "page-history-by-admin",
        Some(Actor::Invitee) => "page-history-by-invitee",
        Some(Actor::Worker) | None => "page-history-by-portal",
    }
}

/// The message id of a history event.
pub(crate) fn event_id(event: postern_domain::history::HistoryEvent) -> &'static str {
    use postern_domain::history::HistoryEvent as E;
    match event {
        E::Queued => "event-queued",
        E::LinkShown => "event-link-shown",
        E::Sent => "event-sent",
        E::Deferred => "event-deferred",
        E::Bounced => "event-bounced",
        E::Reminded => "event-reminded",
        E::Opened => "event-opened",
        E::Accepted => "event-accepted",
        E::Expired => "event-expired",
        E::Revoked => "event-revoked",
        E::Resent => "event-resent",
        E::RenewalRequested => "event-renewal-requested",
        E::Renewed => "event-renewed",
        E::Downloaded => "event-downloaded",
    }
}

async fn history_page(
    state: &State<'_>,
    csrf: &str,
    user: &User,
    rid: RecipientId,
    back: String,
) -> Result<Response, PageError> {
    let (invitation, entries) = state
        .uc
        .manage
        .history(user, rid)
        .await?
        .ok_or_else(PageError::not_found)?;
    let r = invitation.recipient(rid).ok_or_else(PageError::not_found)?;
    let l = layout(state, Some(user), csrf, None).await;
    let tr = l.tr;
    let now = r.state_at(state.clock.now());
    Ok(render(
        StatusCode::OK,
        &HistoryPage {
            l,
            address: r.recipient.render(),
            intro: tr.t2(
                "page-history-intro",
                ("subject", invitation.subject.as_str()),
                ("sent", tr.time(invitation.created_at)),
            ),
            state: now.label(),
            state_label: tr.t(state_id(now)),
            entries: entries
                .into_iter()
                .map(|e| {
                    (
                        tr.time(e.at),
                        tr.t(event_id(e.event)),
                        tr.t(by_whom_id(e.actor)),
                        e.detail.unwrap_or_default(),
                    )
                })
                .collect(),
            back,
        },
    ))
}

/// Asks before a resend or revoke, naming the recipient and the message; or shows the
/// recipient's history.
pub(crate) async fn confirm_recipient(
    state: &State<'_>,
    csrf: &str,
    user: &User,
    id: &str,
    action: &str,
    list_path: &str,
    back: String,
) -> Result<Response, PageError> {
    if action == "history" {
        let rid = RecipientId::parse(id).ok_or_else(PageError::not_found)?;
        return history_page(state, csrf, user, rid, back).await;
    }
    let action = RecipientAction::from_path(action).ok_or_else(PageError::not_found)?;
    let rid = RecipientId::parse(id).ok_or_else(PageError::not_found)?;
    let invitation = state
        .uc
        .manage
        .find_for(user, rid)
        .await?
        .ok_or_else(PageError::not_found)?;
    let Some(r) = invitation.recipient(rid) else {
        return Err(PageError::not_found());
    };
    let address = r.recipient.render();
    let subject = invitation.subject.as_str();
    let files = invitation.kind == MessageKind::Files;
    let link_only = invitation.options.link_only && !files;
    let (title, question, consequence, button, danger) = match action {
        RecipientAction::Resend if link_only => (
            "page-confirm-show-link-title",
            "page-confirm-show-link",
            "page-confirm-show-link-consequence",
            "page-confirm-show-link-button",
            false,
        ),
        RecipientAction::Resend => (
            "page-confirm-resend-title",
            "page-confirm-resend",
            if files {
                "page-confirm-resend-files-consequence"
            } else {
                "page-confirm-resend-consequence"
            },
            "page-confirm-resend-button",
            false,
        ),
        RecipientAction::Revoke => (
            "page-confirm-revoke-title",
            "page-confirm-revoke",
            "page-confirm-revoke-consequence",
            "page-confirm-revoke-button",
            true,
        ),
    };
    let l = layout(state, Some(user), csrf, None).await;
    let tr = l.tr;
    Ok(render(
        StatusCode::OK,
        &crate::pages::ConfirmPage {
            l,
            title: tr.t(title),
            question: tr.t2(question, ("address", address.as_str()), ("subject", subject)),
            consequence: tr.t(consequence),
            action: format!("{list_path}/recipients/{rid}/{}", action.path()),
            button: tr.t(button),
            back,
            fields: Vec::new(),
            danger,
        },
    ))
}

/// *Resend* or *Revoke* on the sender's list: asks first.
#[handler]
pub(crate) async fn confirm(
    state: State<'_>,
    csrf: &CsrfToken,
    Staff(user): Staff,
    Path((id, action)): Path<(String, String)>,
    Query(q): Query<BackQuery>,
) -> Result<Response, PageError> {
    confirm_recipient(
        &state,
        &csrf.0,
        &user,
        &id,
        &action,
        "/invitations",
        q.back("/invitations"),
    )
    .await
}

/// The confirmed resend or revoke, then back to the list.
#[handler]
pub(crate) async fn act(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Staff(user): Staff,
    Path((id, action)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<BackForm>,
) -> Result<Response, PageError> {
    let action = RecipientAction::from_path(&action).ok_or_else(PageError::not_found)?;
    act_on_recipient(&state, session, &csrf.0, &user, &id, action, &form.back("/invitations")).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_nonsense_is_refused() {
        let c = InvitationCursor {
            created_at: time::macros::datetime!(2026-11-02 09:30:15.123456 UTC),
            id: InvitationId::from_uuid(uuid::Uuid::from_u128(7)),
        };
        assert_eq!(parse_cursor(&cursor_text(c)), Some(c));
        for bad in [
            "",
            "garbage",
            "1.x",
            "99999999999999999999999999999999999999.00000000-0000-0000-0000-000000000007",
        ] {
            assert_eq!(parse_cursor(bad), None, "{bad}");
        }
    }
}

/// One link on the page that shows a link-only invitation's links.
pub(crate) struct ShownLinkView {
    address: String,
    link: String,
    expires: String,
}

/// The links of a link-only invitation, shown to its sender once.
#[derive(Template)]
#[template(path = "links.html")]
struct LinksPage {
    l: Layout,
    subject: String,
    links: Vec<ShownLinkView>,
}

/// The page that shows `links` to the sender, this once: never kept by the browser.
fn links_page(
    state: &State<'_>,
    l: Layout,
    invitation: &Invitation,
    links: &[postern_domain::usecases::ShownLink],
    status: StatusCode,
) -> Response {
    let links = links
        .iter()
        .map(|s| ShownLinkView {
            address: s.address.as_str().to_owned(),
            link: postern_domain::routes::activation(&state.public_url, &s.token.expose()),
            expires: l.tr.time(s.expires_at),
        })
        .collect();
    let mut page = render(
        status,
        &LinksPage {
            l,
            subject: invitation.subject.as_str().to_owned(),
            links,
        },
    );
    page.headers_mut().insert(
        poem::http::header::CACHE_CONTROL,
        poem::http::HeaderValue::from_static("no-store"),
    );
    page
}
