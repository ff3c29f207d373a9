//! The settings form: every administrator setting, checked as a whole before it is saved.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Redirect};
use poem::{IntoResponse, Response, handler};
use postern_domain::policy::{InvitationSetting, PortalSettings};
use postern_domain::usecases::AdminError;
use serde::Deserialize;

use crate::auth::{State, set_flash, take_flash};
use crate::errors::FieldErrors;
use crate::extract::{Admin, CsrfForm, PageError, carries_csrf};
use crate::pages::{Layout, layout, render};

carries_csrf!(SettingsForm);

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

impl SettingsForm {
    /// The form filled in from the settings in force.
    fn of(s: &PortalSettings) -> Self {
        let l = &s.delivery.link_lifetime_days;
        Self {
            csrf_token: String::new(),
            portal_name: s.portal_name.clone(),
            internal_users_may_invite: on(s.invitations.internal_users_may_invite),
            new_user_setting: s.invitations.new_user_setting.as_str().to_owned(),
            max_recipients: s.recipients.max_recipients.to_string(),
            allowed_domains: s.recipients.allowed_domains.join("\n"),
            denied_domains: s.recipients.denied_domains.join("\n"),
            own_domains: s.recipients.own_domains.join("\n"),
            allow_unknown_own_addresses: on(s.recipients.allow_unknown_own_addresses),
            link_offered: on(l.offered),
            link_locked: on(l.locked),
            link_default: l.default.to_string(),
            link_min: l.min.to_string(),
            link_max: l.max.to_string(),
            notify_offered: on(s.delivery.notify_on_accept.offered),
            notify_default: on(s.delivery.notify_on_accept.default),
            notify_locked: on(s.delivery.notify_on_accept.locked),
            dl_notify_offered: on(s.delivery.notify_on_download.offered),
            dl_notify_default: on(s.delivery.notify_on_download.default),
            dl_notify_locked: on(s.delivery.notify_on_download.locked),
            copy_offered: on(s.delivery.send_me_a_copy.offered),
            copy_default: on(s.delivery.send_me_a_copy.default),
            copy_locked: on(s.delivery.send_me_a_copy.locked),
            att_life_offered: on(s.delivery.attachment_lifetime_days.offered),
            att_life_locked: on(s.delivery.attachment_lifetime_days.locked),
            att_life_default: s.delivery.attachment_lifetime_days.default.to_string(),
            att_life_min: s.delivery.attachment_lifetime_days.min.to_string(),
            att_life_max: s.delivery.attachment_lifetime_days.max.to_string(),
            att_dl_offered: on(s.delivery.attachment_download_limit.offered),
            att_dl_locked: on(s.delivery.attachment_download_limit.locked),
            att_dl_default: s.delivery.attachment_download_limit.default.to_string(),
            att_dl_min: s.delivery.attachment_download_limit.min.to_string(),
            att_dl_max: s.delivery.attachment_download_limit.max.to_string(),
            approval_required: on(s.approval_required),
            password_min_length: s.password.min_length.to_string(),
            password_upper: on(s.password.require_uppercase),
            password_lower: on(s.password.require_lowercase),
            password_digit: on(s.password.require_digit),
            password_symbol: on(s.password.require_symbol),
            password_common: on(s.password.reject_common),
            expire_inactive_after_days: s.expire_inactive_after_days.to_string(),
            files_max_file_mib: s.files.max_file_mib.to_string(),
            files_max_total_mib: s.files.max_total_mib.to_string(),
            files_max_files: s.files.max_files.to_string(),
            files_blocked_extensions: s.files.blocked_extensions.join(" "),
            files_download_requires_account: on(s.files.download_requires_account),
            files_dropoff_to_anyone: on(s.files.dropoff_to_anyone),
        }
    }
}

/// A checkbox's value as a browser sends it.
fn on(checked: bool) -> Option<String> {
    checked.then(|| "on".to_owned())
}

#[derive(Template)]
#[template(path = "admin_settings.html")]
struct SettingsPage {
    l: Layout,
    /// The form as shown: from the settings, or as typed when it is shown again with errors.
    f: SettingsForm,
    errors: FieldErrors,
}

#[handler]
pub(crate) async fn settings_page(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Admin(admin): Admin,
) -> Result<Response, PageError> {
    let settings = state.settings.load_settings().await?;
    let l = layout(&state, Some(&admin), &csrf.0, take_flash(session)).await;
    Ok(render(
        StatusCode::OK,
        &SettingsPage {
            l,
            f: SettingsForm::of(&settings),
            errors: FieldErrors::default(),
        },
    ))
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
    CsrfForm(form): CsrfForm<SettingsForm>,
    Admin(admin): Admin,
) -> Result<Response, PageError> {
    let current = state.settings.load_settings().await?;
    let mut errors = FieldErrors::default();
    let wanted = apply(&form, current, &mut errors);
    if errors.is_empty() {
        match state.uc.admin.update_settings(&admin, wanted).await {
            Ok(changes) => {
                set_flash(
                    session,
                    if changes.is_empty() {
                        "Nothing changed.".to_owned()
                    } else {
                        format!("Saved: {}.", changes.join("; "))
                    },
                );
                return Ok(Redirect::see_other("/admin/settings").into_response());
            }
            Err(AdminError::Policy(p)) => {
                let field = match p.field {
                    "link_lifetime_days" => "link",
                    "password.min_length" | "password.max_length" => "password_min_length",
                    other => other,
                };
                errors.add(field, p.reason.clone());
            }
            Err(e) => return Err(PageError::internal(&e)),
        }
    }
    let l = layout(&state, Some(&admin), &csrf.0, None).await;
    Ok(render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &SettingsPage {
            l,
            f: form.clone(),
            errors,
        },
    ))
}
