//! The administration console under `/admin`: its own sign-in (administrator accounts only,
//! idle timeout), settings, users, the invitation template and the audit log.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, CsrfVerifier, Form, Path, Query, Redirect, RemoteAddr};
use poem::{IntoResponse, Response, handler};
use postern_domain::ids::UserId;
use postern_domain::message::format_time;
use postern_domain::password::Password;
use postern_domain::policy::{InvitationSetting, PortalSettings};
use postern_domain::template::{InvitationTemplate, TemplateKind};
use postern_domain::usecases::{Accounts, AdminError, Administration, SignInError};
use postern_domain::user::{User, UserKind, UserStatus};
use serde::Deserialize;

use crate::auth::{CsrfOnly, State, client_key, set_flash, take_flash};
use crate::errors::FieldErrors;
use crate::pages::{Layout, csrf_failed, internal_error, layout, render, too_many};

const ADMIN_KEY: &str = "admin_uid";
const SEEN_KEY: &str = "admin_seen";
/// An administrator session ends after this much idle time.
const IDLE_SECONDS: i64 = 30 * 60;

/// The signed-in administrator, or a redirect to the admin sign-in.
async fn require_admin(state: &State<'_>, session: &Session, csrf: &str) -> Result<User, Response> {
    let to_sign_in = || Redirect::see_other("/admin/sign-in").into_response();
    let now = state.ports.clock.now().unix_timestamp();
    let (Some(id), Some(seen)) = (session.get::<String>(ADMIN_KEY), session.get::<i64>(SEEN_KEY)) else {
        return Err(to_sign_in());
    };
    if now - seen > IDLE_SECONDS {
        session.remove(ADMIN_KEY);
        session.remove(SEEN_KEY);
        set_flash(
            session,
            "Your administration session ended after 30 minutes without activity.",
        );
        return Err(to_sign_in());
    }
    let user = match UserId::parse(&id) {
        Some(id) => state.ports.users.find_user(id).await,
        None => Ok(None),
    };
    match user {
        Ok(Some(u)) if u.kind == UserKind::Admin && u.status == UserStatus::Active => {
            session.set(SEEN_KEY, now);
            Ok(u)
        }
        Ok(_) => {
            session.remove(ADMIN_KEY);
            Err(to_sign_in())
        }
        Err(e) => Err(internal_error(layout(state, None, csrf, None).await, &e)),
    }
}

macro_rules! admin_or_return {
    ($state:expr, $session:expr, $csrf:expr) => {
        match require_admin(&$state, $session, &$csrf.0).await {
            Ok(u) => u,
            Err(r) => return r,
        }
    };
}

fn admin_error(e: AdminError) -> Result<String, AdminError> {
    match e {
        AdminError::Store(_) | AdminError::NotAdmin => Err(e),
        other => Ok(other.to_string()),
    }
}

#[derive(Template)]
#[template(path = "admin_sign_in.html")]
struct SignInPage {
    l: Layout,
    email: String,
    errors: FieldErrors,
}

#[handler]
pub(crate) async fn sign_in_page(state: State<'_>, session: &Session, csrf: &CsrfToken) -> Response {
    if require_admin(&state, session, &csrf.0).await.is_ok() {
        return Redirect::see_other("/admin").into_response();
    }
    let l = layout(&state, None, &csrf.0, take_flash(session)).await;
    render(
        StatusCode::OK,
        &SignInPage {
            l,
            email: String::new(),
            errors: FieldErrors::default(),
        },
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct SignInForm {
    csrf_token: String,
    email: String,
    password: String,
}

#[handler]
pub(crate) async fn sign_in(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    addr: &RemoteAddr,
    Form(form): Form<SignInForm>,
) -> Response {
    let l = layout(&state, None, &csrf.0, None).await;
    if !verifier.is_valid(&form.csrf_token) {
        return csrf_failed(l);
    }
    if state.limits.sign_in.check_key(&client_key(addr)).is_err() {
        return too_many(l);
    }
    let result = Accounts::new(state.ports.clone())
        .sign_in(&form.email, &Password::new(form.password.clone()))
        .await;
    match result {
        Ok(user) if user.kind == UserKind::Admin => {
            session.clear();
            session.renew();
            session.set(ADMIN_KEY, user.id.to_string());
            session.set(SEEN_KEY, state.ports.clock.now().unix_timestamp());
            Redirect::see_other("/admin").into_response()
        }
        Err(SignInError::Internal(e)) => internal_error(l, &e),
        Ok(user) => {
            // Right password, but not an administrator: same answer as a wrong one.
            let event = postern_domain::ports::AuditEvent {
                at: state.ports.clock.now(),
                actor: None,
                action: "admin.signin.refused".into(),
                subject: user.email.as_str().to_owned(),
                detail: "not an administrator".into(),
            };
            let _ = state.ports.audit.record(&event).await;
            let mut errors = FieldErrors::default();
            errors.add("email", "invalid administrator credentials");
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &SignInPage {
                    l,
                    email: form.email.clone(),
                    errors,
                },
            )
        }
        // Wrong password, unknown address, or a user who is not an administrator: one answer.
        _ => {
            let mut errors = FieldErrors::default();
            errors.add("email", "invalid administrator credentials");
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &SignInPage {
                    l,
                    email: form.email.clone(),
                    errors,
                },
            )
        }
    }
}

#[handler]
pub(crate) async fn sign_out(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Form(form): Form<CsrfOnly>,
) -> Response {
    if !verifier.is_valid(&form.csrf_token) {
        return csrf_failed(layout(&state, None, &csrf.0, None).await);
    }
    session.purge();
    Redirect::see_other("/admin/sign-in").into_response()
}

#[derive(Template)]
#[template(path = "admin_home.html")]
struct HomePage {
    l: Layout,
    pending: usize,
    files: u64,
    file_bytes: String,
    disk_bytes: String,
}

#[handler]
pub(crate) async fn home(state: State<'_>, session: &Session, csrf: &CsrfToken) -> Response {
    let admin = admin_or_return!(state, session, csrf);
    let pending = match state.ports.users.list_users().await {
        Ok(all) => all.iter().filter(|u| u.status == UserStatus::PendingApproval).count(),
        Err(e) => return internal_error(layout(&state, Some(&admin), &csrf.0, None).await, &e),
    };
    let (files, bytes) = match state.ports.downloads.attachment_totals().await {
        Ok(t) => t,
        Err(e) => return internal_error(layout(&state, Some(&admin), &csrf.0, None).await, &e),
    };
    let disk = state.ports.attachments.usage().await.unwrap_or(0);
    let l = layout(&state, Some(&admin), &csrf.0, take_flash(session)).await;
    render(
        StatusCode::OK,
        &HomePage {
            l,
            pending,
            files,
            file_bytes: postern_domain::files::human_size(bytes),
            disk_bytes: postern_domain::files::human_size(disk),
        },
    )
}

/// The settings form's values, as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(crate) struct SettingsForm {
    csrf_token: String,
    portal_name: String,
    internal_users_may_invite: Option<String>,
    new_user_setting: String,
    max_recipients: String,
    allowed_domains: String,
    denied_domains: String,
    own_domains: String,
    allow_unknown_own_addresses: Option<String>,
    link_offered: Option<String>,
    link_locked: Option<String>,
    link_default: String,
    link_min: String,
    link_max: String,
    notify_offered: Option<String>,
    notify_default: Option<String>,
    notify_locked: Option<String>,
    dl_notify_offered: Option<String>,
    dl_notify_default: Option<String>,
    dl_notify_locked: Option<String>,
    copy_offered: Option<String>,
    copy_default: Option<String>,
    copy_locked: Option<String>,
    att_life_offered: Option<String>,
    att_life_locked: Option<String>,
    att_life_default: String,
    att_life_min: String,
    att_life_max: String,
    att_dl_offered: Option<String>,
    att_dl_locked: Option<String>,
    att_dl_default: String,
    att_dl_min: String,
    att_dl_max: String,
    approval_required: Option<String>,
    password_min_length: String,
    password_upper: Option<String>,
    password_lower: Option<String>,
    password_digit: Option<String>,
    password_symbol: Option<String>,
    password_common: Option<String>,
    expire_inactive_after_days: String,
    files_max_file_mib: String,
    files_max_total_mib: String,
    files_max_files: String,
    files_blocked_extensions: String,
    files_download_requires_account: Option<String>,
    files_dropoff_to_anyone: Option<String>,
}

pub(crate) struct SettingsView {
    portal_name: String,
    internal_users_may_invite: bool,
    new_user_setting: String,
    max_recipients: String,
    allowed_domains: String,
    denied_domains: String,
    own_domains: String,
    allow_unknown_own_addresses: bool,
    link_offered: bool,
    link_locked: bool,
    link_default: String,
    link_min: String,
    link_max: String,
    notify_offered: bool,
    notify_default: bool,
    notify_locked: bool,
    dl_notify_offered: bool,
    dl_notify_default: bool,
    dl_notify_locked: bool,
    copy_offered: bool,
    copy_default: bool,
    copy_locked: bool,
    att_life_offered: bool,
    att_life_locked: bool,
    att_life_default: String,
    att_life_min: String,
    att_life_max: String,
    att_dl_offered: bool,
    att_dl_locked: bool,
    att_dl_default: String,
    att_dl_min: String,
    att_dl_max: String,
    approval_required: bool,
    password_min_length: String,
    password_upper: bool,
    password_lower: bool,
    password_digit: bool,
    password_symbol: bool,
    password_common: bool,
    expire_inactive_after_days: String,
    files_max_file_mib: String,
    files_max_total_mib: String,
    files_max_files: String,
    files_blocked_extensions: String,
    files_download_requires_account: bool,
    files_dropoff_to_anyone: bool,
}

impl SettingsView {
    fn of(s: &PortalSettings) -> Self {
        let l = &s.delivery.link_lifetime_days;
        Self {
            portal_name: s.portal_name.clone(),
            internal_users_may_invite: s.invitations.internal_users_may_invite,
            new_user_setting: s.invitations.new_user_setting.as_str().to_owned(),
            max_recipients: s.recipients.max_recipients.to_string(),
            allowed_domains: s.recipients.allowed_domains.join("\n"),
            denied_domains: s.recipients.denied_domains.join("\n"),
            own_domains: s.recipients.own_domains.join("\n"),
            allow_unknown_own_addresses: s.recipients.allow_unknown_own_addresses,
            link_offered: l.offered,
            link_locked: l.locked,
            link_default: l.default.to_string(),
            link_min: l.min.to_string(),
            link_max: l.max.to_string(),
            notify_offered: s.delivery.notify_on_accept.offered,
            notify_default: s.delivery.notify_on_accept.default,
            notify_locked: s.delivery.notify_on_accept.locked,
            dl_notify_offered: s.delivery.notify_on_download.offered,
            dl_notify_default: s.delivery.notify_on_download.default,
            dl_notify_locked: s.delivery.notify_on_download.locked,
            copy_offered: s.delivery.send_me_a_copy.offered,
            copy_default: s.delivery.send_me_a_copy.default,
            copy_locked: s.delivery.send_me_a_copy.locked,
            att_life_offered: s.delivery.attachment_lifetime_days.offered,
            att_life_locked: s.delivery.attachment_lifetime_days.locked,
            att_life_default: s.delivery.attachment_lifetime_days.default.to_string(),
            att_life_min: s.delivery.attachment_lifetime_days.min.to_string(),
            att_life_max: s.delivery.attachment_lifetime_days.max.to_string(),
            att_dl_offered: s.delivery.attachment_download_limit.offered,
            att_dl_locked: s.delivery.attachment_download_limit.locked,
            att_dl_default: s.delivery.attachment_download_limit.default.to_string(),
            att_dl_min: s.delivery.attachment_download_limit.min.to_string(),
            att_dl_max: s.delivery.attachment_download_limit.max.to_string(),
            approval_required: s.approval_required,
            password_min_length: s.password.min_length.to_string(),
            password_upper: s.password.require_uppercase,
            password_lower: s.password.require_lowercase,
            password_digit: s.password.require_digit,
            password_symbol: s.password.require_symbol,
            password_common: s.password.reject_common,
            expire_inactive_after_days: s.expire_inactive_after_days.to_string(),
            files_max_file_mib: s.files.max_file_mib.to_string(),
            files_max_total_mib: s.files.max_total_mib.to_string(),
            files_max_files: s.files.max_files.to_string(),
            files_blocked_extensions: s.files.blocked_extensions.join(" "),
            files_download_requires_account: s.files.download_requires_account,
            files_dropoff_to_anyone: s.files.dropoff_to_anyone,
        }
    }

    fn typed(f: &SettingsForm) -> Self {
        Self {
            portal_name: f.portal_name.clone(),
            internal_users_may_invite: f.internal_users_may_invite.is_some(),
            new_user_setting: f.new_user_setting.clone(),
            max_recipients: f.max_recipients.clone(),
            allowed_domains: f.allowed_domains.clone(),
            denied_domains: f.denied_domains.clone(),
            own_domains: f.own_domains.clone(),
            allow_unknown_own_addresses: f.allow_unknown_own_addresses.is_some(),
            link_offered: f.link_offered.is_some(),
            link_locked: f.link_locked.is_some(),
            link_default: f.link_default.clone(),
            link_min: f.link_min.clone(),
            link_max: f.link_max.clone(),
            notify_offered: f.notify_offered.is_some(),
            notify_default: f.notify_default.is_some(),
            notify_locked: f.notify_locked.is_some(),
            dl_notify_offered: f.dl_notify_offered.is_some(),
            dl_notify_default: f.dl_notify_default.is_some(),
            dl_notify_locked: f.dl_notify_locked.is_some(),
            copy_offered: f.copy_offered.is_some(),
            copy_default: f.copy_default.is_some(),
            copy_locked: f.copy_locked.is_some(),
            att_life_offered: f.att_life_offered.is_some(),
            att_life_locked: f.att_life_locked.is_some(),
            att_life_default: f.att_life_default.clone(),
            att_life_min: f.att_life_min.clone(),
            att_life_max: f.att_life_max.clone(),
            att_dl_offered: f.att_dl_offered.is_some(),
            att_dl_locked: f.att_dl_locked.is_some(),
            att_dl_default: f.att_dl_default.clone(),
            att_dl_min: f.att_dl_min.clone(),
            att_dl_max: f.att_dl_max.clone(),
            approval_required: f.approval_required.is_some(),
            password_min_length: f.password_min_length.clone(),
            password_upper: f.password_upper.is_some(),
            password_lower: f.password_lower.is_some(),
            password_digit: f.password_digit.is_some(),
            password_symbol: f.password_symbol.is_some(),
            password_common: f.password_common.is_some(),
            expire_inactive_after_days: f.expire_inactive_after_days.clone(),
            files_max_file_mib: f.files_max_file_mib.clone(),
            files_max_total_mib: f.files_max_total_mib.clone(),
            files_max_files: f.files_max_files.clone(),
            files_blocked_extensions: f.files_blocked_extensions.clone(),
            files_download_requires_account: f.files_download_requires_account.is_some(),
            files_dropoff_to_anyone: f.files_dropoff_to_anyone.is_some(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin_settings.html")]
struct SettingsPage {
    l: Layout,
    f: SettingsView,
    errors: FieldErrors,
}

#[handler]
pub(crate) async fn settings_page(state: State<'_>, session: &Session, csrf: &CsrfToken) -> Response {
    let admin = admin_or_return!(state, session, csrf);
    let settings = match state.ports.settings.load_settings().await {
        Ok(s) => s,
        Err(e) => return internal_error(layout(&state, Some(&admin), &csrf.0, None).await, &e),
    };
    let l = layout(&state, Some(&admin), &csrf.0, take_flash(session)).await;
    render(
        StatusCode::OK,
        &SettingsPage {
            l,
            f: SettingsView::of(&settings),
            errors: FieldErrors::default(),
        },
    )
}

fn domains(text: &str) -> Vec<String> {
    text.split([',', ';', '\n', ' '])
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Applies the form to the current settings; every unparsable number is named.
fn apply(form: &SettingsForm, mut s: PortalSettings, errors: &mut FieldErrors) -> PortalSettings {
    let mut number = |field: &str, text: &str| -> u32 {
        text.trim().parse::<u32>().unwrap_or_else(|_| {
            errors.add(field, "enter a whole number");
            0
        })
    };
    s.portal_name = form.portal_name.trim().to_owned();
    s.invitations.internal_users_may_invite = form.internal_users_may_invite.is_some();
    s.recipients.max_recipients = number("max_recipients", &form.max_recipients) as usize;
    s.delivery.link_lifetime_days.offered = form.link_offered.is_some();
    s.delivery.link_lifetime_days.locked = form.link_locked.is_some();
    s.delivery.link_lifetime_days.default = number("link", &form.link_default);
    s.delivery.link_lifetime_days.min = number("link", &form.link_min);
    s.delivery.link_lifetime_days.max = number("link", &form.link_max);
    s.password.min_length = number("password_min_length", &form.password_min_length) as usize;
    s.expire_inactive_after_days = number("expire_inactive_after_days", &form.expire_inactive_after_days);
    // The file settings: a field left out of the form keeps its value.
    if !form.files_max_file_mib.trim().is_empty() {
        s.files.max_file_mib = u64::from(number("files_max_file_mib", &form.files_max_file_mib));
    }
    if !form.files_max_total_mib.trim().is_empty() {
        s.files.max_total_mib = u64::from(number("files_max_total_mib", &form.files_max_total_mib));
    }
    if !form.files_max_files.trim().is_empty() {
        s.files.max_files = number("files_max_files", &form.files_max_files);
        s.files.blocked_extensions = form
            .files_blocked_extensions
            .split([',', ';', ' ', '\n'])
            .map(|e| e.trim().trim_start_matches('.').to_ascii_lowercase())
            .filter(|e| !e.is_empty())
            .collect();
        s.files.download_requires_account = form.files_download_requires_account.is_some();
        s.files.dropoff_to_anyone = form.files_dropoff_to_anyone.is_some();
    }
    s.delivery.notify_on_accept.offered = form.notify_offered.is_some();
    s.delivery.notify_on_accept.default = form.notify_default.is_some();
    s.delivery.notify_on_accept.locked = form.notify_locked.is_some();
    s.delivery.notify_on_download.offered = form.dl_notify_offered.is_some();
    s.delivery.notify_on_download.default = form.dl_notify_default.is_some();
    s.delivery.notify_on_download.locked = form.dl_notify_locked.is_some();
    s.delivery.send_me_a_copy.offered = form.copy_offered.is_some();
    s.delivery.send_me_a_copy.default = form.copy_default.is_some();
    s.delivery.send_me_a_copy.locked = form.copy_locked.is_some();
    let al = &mut s.delivery.attachment_lifetime_days;
    al.offered = form.att_life_offered.is_some();
    al.locked = form.att_life_locked.is_some();
    let dl = &mut s.delivery.attachment_download_limit;
    dl.offered = form.att_dl_offered.is_some();
    dl.locked = form.att_dl_locked.is_some();
    s.delivery.attachment_lifetime_days.default = number("attachment_lifetime_days", &form.att_life_default);
    s.delivery.attachment_lifetime_days.min = number("attachment_lifetime_days", &form.att_life_min);
    s.delivery.attachment_lifetime_days.max = number("attachment_lifetime_days", &form.att_life_max);
    s.delivery.attachment_download_limit.default = number("attachment_download_limit", &form.att_dl_default);
    s.delivery.attachment_download_limit.min = number("attachment_download_limit", &form.att_dl_min);
    s.delivery.attachment_download_limit.max = number("attachment_download_limit", &form.att_dl_max);
    s.approval_required = form.approval_required.is_some();
    s.password.require_uppercase = form.password_upper.is_some();
    s.password.require_lowercase = form.password_lower.is_some();
    s.password.require_digit = form.password_digit.is_some();
    s.password.require_symbol = form.password_symbol.is_some();
    s.password.reject_common = form.password_common.is_some();
    s.recipients.allowed_domains = domains(&form.allowed_domains);
    s.recipients.denied_domains = domains(&form.denied_domains);
    s.recipients.own_domains = domains(&form.own_domains);
    s.recipients.allow_unknown_own_addresses = form.allow_unknown_own_addresses.is_some();
    match InvitationSetting::from_name(&form.new_user_setting) {
        Some(v) => s.invitations.new_user_setting = v,
        None => errors.add("new_user_setting", "choose allow, deny or inherit"),
    }
    s
}

#[handler]
pub(crate) async fn save_settings(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Form(form): Form<SettingsForm>,
) -> Response {
    let admin = admin_or_return!(state, session, csrf);
    if !verifier.is_valid(&form.csrf_token) {
        return csrf_failed(layout(&state, Some(&admin), &csrf.0, None).await);
    }
    let current = match state.ports.settings.load_settings().await {
        Ok(s) => s,
        Err(e) => return internal_error(layout(&state, Some(&admin), &csrf.0, None).await, &e),
    };
    let mut errors = FieldErrors::default();
    let wanted = apply(&form, current, &mut errors);
    if errors.is_empty() {
        match Administration::new(state.ports.clone())
            .update_settings(&admin, wanted)
            .await
        {
            Ok(changes) => {
                set_flash(
                    session,
                    if changes.is_empty() {
                        "Nothing changed.".to_owned()
                    } else {
                        format!("Saved: {}.", changes.join("; "))
                    },
                );
                return Redirect::see_other("/admin/settings").into_response();
            }
            Err(AdminError::Policy(p)) => {
                let field = match p.field {
                    "link_lifetime_days" => "link",
                    "password.min_length" | "password.max_length" => "password_min_length",
                    other => other,
                };
                errors.add(field, p.reason.clone());
            }
            Err(e) => return internal_error(layout(&state, Some(&admin), &csrf.0, None).await, &e),
        }
    }
    let l = layout(&state, Some(&admin), &csrf.0, None).await;
    render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &SettingsPage {
            l,
            f: SettingsView::typed(&form),
            errors,
        },
    )
}

pub(crate) struct UserRow {
    id: String,
    email: String,
    name: String,
    kind: &'static str,
    status: &'static str,
    setting: &'static str,
    internal: bool,
    may_invite: bool,
    pending: bool,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    l: Layout,
    q: String,
    kind: String,
    status: String,
    users: Vec<UserRow>,
    /// The query string of the next page, if there is one.
    next: Option<String>,
    /// Whether this is a later page (offer the first one).
    later: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct SearchQuery {
    q: String,
    kind: String,
    status: String,
    action: String,
    after: String,
    before: String,
    format: String,
}

/// Users per page of the users list.
const USERS_PER_PAGE: u32 = 50;

#[handler]
pub(crate) async fn users_page(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Query(query): Query<SearchQuery>,
) -> Response {
    let admin = admin_or_return!(state, session, csrf);
    let search = postern_domain::query::UserQuery {
        text: postern_domain::query::SearchText::parse(&query.q),
        kind: UserKind::from_name(&query.kind),
        status: UserStatus::from_name(&query.status),
    };
    let after = Some(query.after.clone()).filter(|a| !a.is_empty());
    let later = after.is_some();
    let (found, settings) = match (
        state.ports.users.search_users(&search, after, USERS_PER_PAGE).await,
        state.ports.settings.load_settings().await,
    ) {
        (Ok(u), Ok(s)) => (u, s),
        (Err(e), _) | (_, Err(e)) => return internal_error(layout(&state, Some(&admin), &csrf.0, None).await, &e),
    };
    let next = found.next.map(|after| {
        crate::pages::query_string(&[
            ("q", &query.q),
            ("kind", &query.kind),
            ("status", &query.status),
            ("after", &after),
        ])
    });
    let users = found
        .users
        .into_iter()
        .map(|u| UserRow {
            id: u.id.to_string(),
            email: u.email.as_str().to_owned(),
            name: u.display_name.as_str().to_owned(),
            kind: u.kind.as_str(),
            status: u.status.as_str(),
            setting: u.invitation_setting.as_str(),
            internal: u.kind == UserKind::Internal,
            may_invite: settings.invitations.may_invite(&u),
            pending: u.status == UserStatus::PendingApproval,
            disabled: u.status == UserStatus::Disabled,
        })
        .collect();
    let l = layout(&state, Some(&admin), &csrf.0, take_flash(session)).await;
    render(
        StatusCode::OK,
        &UsersPage {
            l,
            q: query.q,
            kind: query.kind,
            status: query.status,
            users,
            next,
            later,
        },
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct UserActionForm {
    csrf_token: String,
    setting: String,
    enabled: String,
}

async fn user_action(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    id: &str,
    form: &UserActionForm,
    action: &str,
) -> Response {
    let admin = admin_or_return!(state, session, csrf);
    if !verifier.is_valid(&form.csrf_token) {
        return csrf_failed(layout(&state, Some(&admin), &csrf.0, None).await);
    }
    let a = Administration::new(state.ports.clone());
    let result = match UserId::parse(id) {
        None => Err(AdminError::UnknownUser),
        Some(id) => match action {
            "approve" => a.approve(&admin, id).await,
            "reject" => a.reject(&admin, id).await,
            "status" => a.set_enabled(&admin, id, form.enabled == "true").await,
            _ => match InvitationSetting::from_name(&form.setting) {
                Some(setting) => a.set_invitation_setting(&admin, id, setting).await,
                None => Err(AdminError::WrongState("choose allow, deny or inherit")),
            },
        },
    };
    let message = match result.map(|()| "Saved.".to_owned()).or_else(admin_error) {
        Ok(m) => m,
        Err(e) => return internal_error(layout(&state, Some(&admin), &csrf.0, None).await, &e),
    };
    set_flash(session, message);
    Redirect::see_other("/admin/users").into_response()
}

#[handler]
pub(crate) async fn user_invitations(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    Form(form): Form<UserActionForm>,
) -> Response {
    user_action(state, session, csrf, verifier, &id, &form, "invitations").await
}

#[handler]
pub(crate) async fn user_approve(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    Form(form): Form<UserActionForm>,
) -> Response {
    user_action(state, session, csrf, verifier, &id, &form, "approve").await
}

#[handler]
pub(crate) async fn user_reject(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    Form(form): Form<UserActionForm>,
) -> Response {
    user_action(state, session, csrf, verifier, &id, &form, "reject").await
}

#[handler]
pub(crate) async fn user_status(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    Form(form): Form<UserActionForm>,
) -> Response {
    user_action(state, session, csrf, verifier, &id, &form, "status").await
}

#[derive(Template)]
#[template(path = "admin_template.html")]
struct TemplatePage {
    l: Layout,
    kind: &'static str,
    label: &'static str,
    kinds: Vec<(&'static str, &'static str)>,
    custom: bool,
    placeholders: &'static [&'static str],
    source: String,
    preview: Option<(String, String)>,
    errors: FieldErrors,
}

/// Sample values for every placeholder of every template.
const SAMPLE: &[(&str, &str)] = &[
    ("inviter_name", "Sam Staff"),
    ("inviter_email", "sam.staff@example.com"),
    ("recipient_email", "guest@example.org"),
    ("portal_name", "Postern"),
    ("expiry_date", "2026-12-10 09:00 UTC"),
    ("user_name", "Guest Person"),
    ("user_email", "guest@example.org"),
    ("reason", "550 5.1.1 mailbox unavailable"),
];

fn preview(t: &InvitationTemplate) -> (String, String) {
    let text = t.render_values(SAMPLE);
    let html = postern_domain::template::escape_html(&text);
    (text, html)
}

fn template_page(
    l: Layout,
    kind: TemplateKind,
    custom: bool,
    source: String,
    preview: Option<(String, String)>,
    errors: FieldErrors,
) -> TemplatePage {
    TemplatePage {
        l,
        kind: kind.name(),
        label: kind.label(),
        kinds: TemplateKind::ALL.iter().map(|k| (k.name(), k.label())).collect(),
        custom,
        placeholders: kind.placeholders(),
        source,
        preview,
        errors,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct KindQuery {
    kind: String,
}

fn kind_of(name: &str) -> TemplateKind {
    TemplateKind::from_name(name).unwrap_or(TemplateKind::Invitation)
}

#[handler]
pub(crate) async fn template_page_get(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Query(q): Query<KindQuery>,
) -> Response {
    let admin = admin_or_return!(state, session, csrf);
    let kind = kind_of(&q.kind);
    let (template, custom) = match Administration::new(state.ports.clone()).template(kind).await {
        Ok(t) => t,
        Err(e) => return internal_error(layout(&state, Some(&admin), &csrf.0, None).await, &e),
    };
    let shown = Some(preview(&template));
    let l = layout(&state, Some(&admin), &csrf.0, take_flash(session)).await;
    render(
        StatusCode::OK,
        &template_page(
            l,
            kind,
            custom,
            template.source().to_owned(),
            shown,
            FieldErrors::default(),
        ),
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct TemplateForm {
    csrf_token: String,
    kind: String,
    source: String,
    action: String,
}

#[handler]
pub(crate) async fn save_template(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Form(form): Form<TemplateForm>,
) -> Response {
    let admin = admin_or_return!(state, session, csrf);
    if !verifier.is_valid(&form.csrf_token) {
        return csrf_failed(layout(&state, Some(&admin), &csrf.0, None).await);
    }
    let kind = kind_of(&form.kind);
    let a = Administration::new(state.ports.clone());
    let custom = a.template(kind).await.map(|t| t.1).unwrap_or(false);
    let mut errors = FieldErrors::default();
    let parsed = InvitationTemplate::parse_for(kind, &form.source);
    let shown = parsed.as_ref().ok().map(preview);
    match parsed {
        Err(e) => errors.add("source", e.to_string()),
        Ok(_) if form.action == "save" => match a.save_template(&admin, kind, &form.source).await {
            Ok(_) => {
                set_flash(session, format!("{} saved; the next messages use it.", kind.label()));
                return Redirect::see_other(format!("/admin/template?kind={}", kind.name())).into_response();
            }
            Err(AdminError::Subject(e)) => errors.add("source", format!("the subject would be invalid: {e}")),
            Err(e) => return internal_error(layout(&state, Some(&admin), &csrf.0, None).await, &e),
        },
        Ok(_) => {}
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let l = layout(&state, Some(&admin), &csrf.0, None).await;
    render(
        status,
        &template_page(l, kind, custom, form.source.clone(), shown, errors),
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ResetForm {
    csrf_token: String,
    kind: String,
}

#[handler]
pub(crate) async fn reset_template(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Form(form): Form<ResetForm>,
) -> Response {
    let admin = admin_or_return!(state, session, csrf);
    if !verifier.is_valid(&form.csrf_token) {
        return csrf_failed(layout(&state, Some(&admin), &csrf.0, None).await);
    }
    let kind = kind_of(&form.kind);
    if let Err(e) = Administration::new(state.ports.clone())
        .reset_template(&admin, kind)
        .await
    {
        return internal_error(layout(&state, Some(&admin), &csrf.0, None).await, &e);
    }
    set_flash(session, format!("{}: the built-in text is back in use.", kind.label()));
    Redirect::see_other(format!("/admin/template?kind={}", kind.name())).into_response()
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    l: Layout,
    q: String,
    action: String,
    /// The filters as a query string (for the export link).
    filters: String,
    events: Vec<(String, String, String, String, String)>,
    /// The query string of the next (older) page, if there is one.
    next: Option<String>,
    /// Whether this is a later page.
    later: bool,
}

/// A CSV cell: quoted, and neutralised if a spreadsheet would read it as a formula.
fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Audit entries per page, and at most this many in one CSV export.
const AUDIT_PER_PAGE: u32 = 100;
const AUDIT_EXPORT_MAX: usize = 100_000;

#[handler]
pub(crate) async fn audit(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Query(query): Query<SearchQuery>,
) -> Response {
    let admin = admin_or_return!(state, session, csrf);
    let search = postern_domain::query::AuditQuery {
        text: postern_domain::query::SearchText::parse(&query.q),
        action: Some(query.action.trim().to_owned()).filter(|a| !a.is_empty()),
        since: None,
        until: None,
    };
    let before = query.before.parse::<u64>().ok();
    let row = |e: postern_domain::ports::AuditEvent| {
        (
            format_time(e.at),
            e.actor.unwrap_or_default(),
            e.action,
            e.subject,
            e.detail,
        )
    };
    if query.format == "csv" {
        let mut csv = String::from("time,actor,action,subject,detail\r\n");
        let (mut cursor, mut written) = (before, 0);
        loop {
            let page = match state.ports.audit.search_audit(&search, cursor, 1000).await {
                Ok(p) => p,
                Err(e) => return internal_error(layout(&state, Some(&admin), &csrf.0, None).await, &e),
            };
            for (a, b, c, d, e) in page.events.into_iter().map(row) {
                csv.push_str(&[a, b, c, d, e].map(|v| csv_cell(&v)).join(","));
                csv.push_str("\r\n");
                written += 1;
            }
            match page.next {
                Some(n) if written < AUDIT_EXPORT_MAX => cursor = Some(n),
                _ => break,
            }
        }
        return Response::builder()
            .content_type("text/csv; charset=utf-8")
            .header("Content-Disposition", "attachment; filename=\"postern-audit.csv\"")
            .body(csv);
    }
    let page = match state.ports.audit.search_audit(&search, before, AUDIT_PER_PAGE).await {
        Ok(p) => p,
        Err(e) => return internal_error(layout(&state, Some(&admin), &csrf.0, None).await, &e),
    };
    let filters = crate::pages::query_string(&[("q", &query.q), ("action", &query.action)]);
    let next = page
        .next
        .map(|n| crate::pages::query_string(&[("q", &query.q), ("action", &query.action), ("before", &n.to_string())]));
    let l = layout(&state, Some(&admin), &csrf.0, take_flash(session)).await;
    render(
        StatusCode::OK,
        &AuditPage {
            l,
            q: query.q,
            action: query.action,
            filters,
            events: page.events.into_iter().map(row).collect(),
            next,
            later: before.is_some(),
        },
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(super::csv_cell("a\"b"), "\"a\"\"b\"");
        assert_eq!(super::csv_cell("=SUM(A1)"), "\"'=SUM(A1)\"");
        assert_eq!(super::csv_cell("plain"), "\"plain\"");
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct InvitationsQuery {
    cursor: String,
    sender: String,
    recipient: String,
    state: String,
}

#[handler]
pub(crate) async fn invitations(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Query(q): Query<InvitationsQuery>,
) -> Response {
    let admin = admin_or_return!(state, session, csrf);
    let now = state.ports.clock.now();
    let search = postern_domain::query::InvitationQuery {
        sender: postern_domain::query::SearchText::parse(&q.sender),
        recipient: postern_domain::query::SearchText::parse(&q.recipient),
        state: postern_domain::query::InvitationQuery::state_named(q.state.trim()),
        ..Default::default()
    };
    let page = match state
        .ports
        .invitations
        .search_invitations(&search, now, crate::invitations::parse_cursor(&q.cursor), 50)
        .await
    {
        Ok(p) => p,
        Err(e) => return internal_error(layout(&state, Some(&admin), &csrf.0, None).await, &e),
    };
    let rows = page
        .invitations
        .iter()
        .map(|i| crate::invitations::row(i, now, postern_domain::lifecycle::Actor::Administrator))
        .collect();
    let next = page.next_cursor.map(|c| {
        crate::pages::query_string(&[
            ("sender", &q.sender),
            ("recipient", &q.recipient),
            ("state", &q.state),
            ("cursor", &crate::invitations::cursor_text(c)),
        ])
    });
    let l = layout(&state, Some(&admin), &csrf.0, take_flash(session)).await;
    let page = crate::invitations::ListPage {
        l,
        title: "All invitations",
        admin: true,
        prefix: "/admin/invitations",
        sender_filter: q.sender,
        recipient_filter: q.recipient,
        state_filter: q.state,
        rows,
        next,
    };
    render(StatusCode::OK, &page)
}

async fn manage_invitation(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    id: &str,
    form: &CsrfOnly,
    is_resend: bool,
) -> Response {
    let admin = admin_or_return!(state, session, csrf);
    crate::invitations::manage_as(
        state,
        session,
        csrf,
        verifier,
        admin,
        id,
        form,
        is_resend,
        "/admin/invitations",
    )
    .await
}

#[handler]
pub(crate) async fn invitation_resend(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> Response {
    manage_invitation(state, session, csrf, verifier, &id, &form, true).await
}

#[handler]
pub(crate) async fn invitation_revoke(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    verifier: &CsrfVerifier,
    Path(id): Path<String>,
    Form(form): Form<CsrfOnly>,
) -> Response {
    manage_invitation(state, session, csrf, verifier, &id, &form, false).await
}
