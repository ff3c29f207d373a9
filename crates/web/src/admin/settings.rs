//! The settings form: every administrator setting, checked as a whole before it is saved.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Redirect};
use poem::{IntoResponse, Response, handler};
use postern_domain::policy::{InvitationSetting, NumberRule, PortalSettings, SponsorLeft, ToggleRule, TwoFactorRule};
use postern_domain::usecases::AdminError;
use serde::Deserialize;

use crate::auth::{State, set_flash, take_flash};
use crate::errors::FieldErrors;
use crate::extract::{Admin, CsrfForm, PageError, carries_csrf};
use crate::pages::{Layout, layout, render};

carries_csrf!(SettingsForm);

serde_with::with_prefix!(link_ "link_");
serde_with::with_prefix!(att_life_ "att_life_");
serde_with::with_prefix!(att_dl_ "att_dl_");
serde_with::with_prefix!(notify_ "notify_");
serde_with::with_prefix!(dl_notify_ "dl_notify_");
serde_with::with_prefix!(copy_ "copy_");
serde_with::with_prefix!(remind_ "remind_");
serde_with::with_prefix!(link_only_ "link_only_");

/// The fields of one delivery option with a number (`<prefix>_offered`, `_locked`,
/// `_default`, `_min`, `_max`), shown and read back the same way for every such option.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(crate) struct NumberRuleForm {
    offered: Option<String>,
    locked: Option<String>,
    default: String,
    min: String,
    max: String,
}

impl NumberRuleForm {
    fn of(r: &NumberRule) -> Self {
        Self {
            offered: on(r.offered),
            locked: on(r.locked),
            default: r.default.to_string(),
            min: r.min.to_string(),
            max: r.max.to_string(),
        }
    }

    /// The rule as typed; an unreadable number is reported under `field`.
    fn read(&self, field: &str, errors: &mut FieldErrors, tr: postern_i18n::Tr<'_>) -> NumberRule {
        NumberRule {
            offered: self.offered.is_some(),
            locked: self.locked.is_some(),
            default: number(field, &self.default, errors, tr),
            min: number(field, &self.min, errors, tr),
            max: number(field, &self.max, errors, tr),
        }
    }
}

/// The fields of one on/off delivery option (`<prefix>_offered`, `_default`, `_locked`).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(crate) struct ToggleRuleForm {
    offered: Option<String>,
    default: Option<String>,
    locked: Option<String>,
}

impl ToggleRuleForm {
    fn of(r: &ToggleRule) -> Self {
        Self {
            offered: on(r.offered),
            default: on(r.default),
            locked: on(r.locked),
        }
    }

    fn read(&self) -> ToggleRule {
        ToggleRule {
            offered: self.offered.is_some(),
            default: self.default.is_some(),
            locked: self.locked.is_some(),
        }
    }
}

/// The settings form's values, as typed: every field named once, here.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(crate) struct SettingsForm {
    csrf_token: String,
    portal_name: String,
    /// The default language (a code); absent: kept as it is.
    default_language: Option<String>,
    internal_users_may_invite: Option<String>,
    new_user_setting: String,
    /// What an expired link's page offers; absent: kept as it is.
    renewal: Option<String>,
    max_recipients: String,
    allowed_domains: String,
    denied_domains: String,
    own_domains: String,
    /// One pattern per line; absent (a form without it): kept as it is.
    group_patterns: Option<String>,
    allow_unknown_own_addresses: Option<String>,
    #[serde(flatten, with = "link_")]
    link: NumberRuleForm,
    #[serde(flatten, with = "notify_")]
    notify: ToggleRuleForm,
    #[serde(flatten, with = "dl_notify_")]
    dl_notify: ToggleRuleForm,
    #[serde(flatten, with = "copy_")]
    copy: ToggleRuleForm,
    #[serde(flatten, with = "remind_")]
    remind: ToggleRuleForm,
    #[serde(flatten, with = "link_only_")]
    link_only: ToggleRuleForm,
    /// Present when the form has the link-only rule (a form without it keeps it).
    link_only_rule: Option<String>,
    /// "50, 90"; absent (a form without the reminder fields): kept as it is.
    reminder_at_percent: Option<String>,
    /// Quotas (0: no limit); absent: kept as they are.
    quota_internal_per_day: Option<String>,
    quota_internal_pending: Option<String>,
    quota_external_per_day: Option<String>,
    quota_external_pending: Option<String>,
    #[serde(flatten, with = "att_life_")]
    att_life: NumberRuleForm,
    #[serde(flatten, with = "att_dl_")]
    att_dl: NumberRuleForm,
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
    token_default_days: String,
    token_max_days: String,
    two_factor_admins: Option<String>,
    two_factor_internal: String,
    two_factor_external: String,
    sponsor_left: String,
    warn_days_before: String,
}

impl SettingsForm {
    /// The form filled in from the settings in force.
    fn of(s: &PortalSettings) -> Self {
        let d = &s.delivery;
        Self {
            csrf_token: String::new(),
            portal_name: s.portal_name.clone(),
            default_language: Some(s.default_language.code().to_owned()),
            internal_users_may_invite: on(s.invitations.internal_users_may_invite),
            new_user_setting: s.invitations.new_user_setting.as_str().to_owned(),
            renewal: Some(s.invitations.renewal.as_str().to_owned()),
            max_recipients: s.recipients.max_recipients.to_string(),
            allowed_domains: s.recipients.allowed_domains.join("\n"),
            denied_domains: s.recipients.denied_domains.join("\n"),
            own_domains: s.recipients.own_domains.join("\n"),
            group_patterns: Some(s.recipients.group_patterns.join("\n")),
            allow_unknown_own_addresses: on(s.recipients.allow_unknown_own_addresses),
            link: NumberRuleForm::of(&d.link_lifetime_days),
            notify: ToggleRuleForm::of(&d.notify_on_accept),
            dl_notify: ToggleRuleForm::of(&d.notify_on_download),
            copy: ToggleRuleForm::of(&d.send_me_a_copy),
            remind: ToggleRuleForm::of(&d.reminders),
            link_only: ToggleRuleForm::of(&d.link_only),
            link_only_rule: Some("on".into()),
            quota_internal_per_day: Some(s.quotas.internal.per_day.to_string()),
            quota_internal_pending: Some(s.quotas.internal.pending.to_string()),
            quota_external_per_day: Some(s.quotas.external.per_day.to_string()),
            quota_external_pending: Some(s.quotas.external.pending.to_string()),
            reminder_at_percent: Some(
                d.reminder_at_percent
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            att_life: NumberRuleForm::of(&d.attachment_lifetime_days),
            att_dl: NumberRuleForm::of(&d.attachment_download_limit),
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
            token_default_days: s.security.token_default_days.to_string(),
            token_max_days: s.security.token_max_days.to_string(),
            two_factor_admins: on(s.security.two_factor_admins),
            two_factor_internal: s.security.two_factor_internal.as_str().to_owned(),
            two_factor_external: s.security.two_factor_external.as_str().to_owned(),
            sponsor_left: s.guests.sponsor_left.as_str().to_owned(),
            warn_days_before: s.guests.warn_days_before.to_string(),
        }
    }
}

/// A checkbox's value as a browser sends it.
fn on(checked: bool) -> Option<String> {
    checked.then(|| "on".to_owned())
}

/// A whole number typed in `field`; anything else is reported (and read as 0).
fn number(field: &str, text: &str, errors: &mut FieldErrors, tr: postern_i18n::Tr<'_>) -> u32 {
    text.trim().parse::<u32>().unwrap_or_else(|_| {
        errors.add(field, tr.t("form-settings-number"));
        0
    })
}

#[derive(Template)]
#[template(path = "admin_settings.html")]
struct SettingsPage {
    l: Layout,
    /// The languages: code and name.
    languages: Vec<(&'static str, &'static str)>,
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
            languages: postern_domain::Language::ALL
                .into_iter()
                .map(|l| (l.code(), l.endonym()))
                .collect(),
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

/// The form's field (or group of fields) that a settings rule is about.
fn form_field(rule: &str) -> &str {
    match rule {
        "link_lifetime_days" => "link",
        "password.min_length" | "password.max_length" => "password_min_length",
        "max_file_mib" => "files_max_file_mib",
        "max_total_mib" => "files_max_total_mib",
        "max_files" => "files_max_files",
        "blocked_extensions" => "files_blocked_extensions",
        other => other,
    }
}

/// Applies the form to the current settings; every unparsable number is named.
fn apply(
    form: &SettingsForm,
    mut s: PortalSettings,
    errors: &mut FieldErrors,
    tr: postern_i18n::Tr<'_>,
) -> PortalSettings {
    s.portal_name = form.portal_name.trim().to_owned();
    if let Some(code) = &form.default_language {
        match postern_domain::Language::parse(code) {
            Some(language) => s.default_language = language,
            None => errors.add(
                "default_language",
                tr.t2(
                    "form-unsupported-language",
                    ("code", crate::pages::clip_for_page(code)),
                    ("languages", postern_domain::Language::codes()),
                ),
            ),
        }
    }
    s.invitations.internal_users_may_invite = form.internal_users_may_invite.is_some();
    s.recipients.max_recipients = number("max_recipients", &form.max_recipients, errors, tr) as usize;
    s.recipients.allowed_domains = domains(&form.allowed_domains);
    s.recipients.denied_domains = domains(&form.denied_domains);
    s.recipients.own_domains = domains(&form.own_domains);
    if let Some(patterns) = &form.group_patterns {
        s.recipients.group_patterns = domains(patterns);
    }
    s.recipients.allow_unknown_own_addresses = form.allow_unknown_own_addresses.is_some();
    let d = &mut s.delivery;
    d.link_lifetime_days = form.link.read("link", errors, tr);
    d.notify_on_accept = form.notify.read();
    d.notify_on_download = form.dl_notify.read();
    d.send_me_a_copy = form.copy.read();
    if form.link_only_rule.is_some() {
        d.link_only = form.link_only.read();
    }
    // The reminder settings: a form without them keeps them.
    if let Some(typed) = &form.reminder_at_percent {
        d.reminders = form.remind.read();
        let parsed: Result<Vec<u32>, _> = typed
            .split([',', ';', ' ', '%'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::parse::<u32>)
            .collect();
        match parsed {
            Ok(at) => d.reminder_at_percent = at,
            Err(_) => errors.add("reminder_at_percent", tr.t("form-settings-reminder-at")),
        }
    }
    d.attachment_lifetime_days = form.att_life.read("attachment_lifetime_days", errors, tr);
    d.attachment_download_limit = form.att_dl.read("attachment_download_limit", errors, tr);
    for (field, typed, slot) in [
        (
            "quota_internal_per_day",
            &form.quota_internal_per_day,
            &mut s.quotas.internal.per_day,
        ),
        (
            "quota_internal_pending",
            &form.quota_internal_pending,
            &mut s.quotas.internal.pending,
        ),
        (
            "quota_external_per_day",
            &form.quota_external_per_day,
            &mut s.quotas.external.per_day,
        ),
        (
            "quota_external_pending",
            &form.quota_external_pending,
            &mut s.quotas.external.pending,
        ),
    ] {
        if let Some(typed) = typed {
            *slot = if typed.trim().is_empty() {
                0
            } else {
                number(field, typed, errors, tr)
            };
        }
    }
    s.approval_required = form.approval_required.is_some();
    s.password.min_length = number("password_min_length", &form.password_min_length, errors, tr) as usize;
    s.password.require_uppercase = form.password_upper.is_some();
    s.password.require_lowercase = form.password_lower.is_some();
    s.password.require_digit = form.password_digit.is_some();
    s.password.require_symbol = form.password_symbol.is_some();
    s.password.reject_common = form.password_common.is_some();
    s.expire_inactive_after_days = number(
        "expire_inactive_after_days",
        &form.expire_inactive_after_days,
        errors,
        tr,
    );
    // The file settings: a field left out of the form keeps its value.
    if !form.files_max_file_mib.trim().is_empty() {
        s.files.max_file_mib = u64::from(number("files_max_file_mib", &form.files_max_file_mib, errors, tr));
    }
    if !form.files_max_total_mib.trim().is_empty() {
        s.files.max_total_mib = u64::from(number("files_max_total_mib", &form.files_max_total_mib, errors, tr));
    }
    if !form.files_max_files.trim().is_empty() {
        s.files.max_files = number("files_max_files", &form.files_max_files, errors, tr);
        s.files.blocked_extensions = form
            .files_blocked_extensions
            .split([',', ';', ' ', '\n'])
            .map(|e| e.trim().trim_start_matches('.').to_ascii_lowercase())
            .filter(|e| !e.is_empty())
            .collect();
        s.files.download_requires_account = form.files_download_requires_account.is_some();
        s.files.dropoff_to_anyone = form.files_dropoff_to_anyone.is_some();
    }
    // The guest settings: a form without them keeps them.
    if !form.warn_days_before.trim().is_empty() {
        s.guests.warn_days_before = number("warn_days_before", &form.warn_days_before, errors, tr);
        match SponsorLeft::from_name(&form.sponsor_left) {
            Some(rule) => s.guests.sponsor_left = rule,
            None => errors.add("sponsor_left", tr.t("form-settings-sponsor-left")),
        }
    }
    // The account security settings: a form without them keeps them.
    if !form.token_max_days.trim().is_empty() {
        s.security.token_max_days = number("token_max_days", &form.token_max_days, errors, tr);
        s.security.token_default_days = number("token_default_days", &form.token_default_days, errors, tr);
        s.security.two_factor_admins = form.two_factor_admins.is_some();
        for (field, typed, rule) in [
            (
                "two_factor_internal",
                &form.two_factor_internal,
                &mut s.security.two_factor_internal,
            ),
            (
                "two_factor_external",
                &form.two_factor_external,
                &mut s.security.two_factor_external,
            ),
        ] {
            match TwoFactorRule::from_name(typed) {
                Some(r) => *rule = r,
                None => errors.add(field, tr.t("form-settings-two-factor")),
            }
        }
    }
    if let Some(typed) = &form.renewal {
        match postern_domain::policy::RenewalMode::from_name(typed) {
            Some(mode) => s.invitations.renewal = mode,
            None => errors.add("renewal", tr.t("form-settings-renewal")),
        }
    }
    match InvitationSetting::from_name(&form.new_user_setting) {
        Some(v) => s.invitations.new_user_setting = v,
        None => errors.add("new_user_setting", tr.t("form-settings-new-user")),
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
    let current = std::sync::Arc::unwrap_or_clone(state.settings.load_settings().await?);
    let tr = layout(&state, Some(&admin), &csrf.0, None).await.tr;
    let mut errors = FieldErrors::default();
    let wanted = apply(&form, current, &mut errors, tr);
    // Every rule that is broken, at once; a field that could not be read is reported once.
    for p in wanted.problems() {
        let field = form_field(p.field);
        if !errors.has(field) {
            errors.add(field, crate::errors::policy_error(&p).render(tr));
        }
    }
    if errors.is_empty() {
        match state.uc.admin.update_settings(&admin, wanted).await {
            Ok(changes) => {
                // Saved under the new default language, the flash is read in it.
                let tr = layout(&state, Some(&admin), &csrf.0, None).await.tr;
                set_flash(
                    session,
                    match changes.len() {
                        0 => tr.t("page-settings-unchanged"),
                        n => tr.t1("page-settings-saved-changes", "count", n),
                    },
                );
                return Ok(Redirect::see_other("/admin/settings").into_response());
            }
            Err(AdminError::Policy(p)) => errors.add(form_field(p.field), crate::errors::policy_error(&p).render(tr)),
            Err(e) => return Err(PageError::internal(&e)),
        }
    }
    let l = layout(&state, Some(&admin), &csrf.0, None).await;
    Ok(render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &SettingsPage {
            l,
            languages: postern_domain::Language::ALL
                .into_iter()
                .map(|l| (l.code(), l.endonym()))
                .collect(),
            f: form.clone(),
            errors,
        },
    ))
}
