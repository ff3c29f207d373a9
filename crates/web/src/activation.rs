//! The activation link: the *Create account* page. Opening it never consumes the link.

use std::sync::{Arc, RwLock};

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Path, Redirect};
use poem::{IntoResponse, Response, handler};
use postern_domain::Language;
use postern_domain::invitation::RecipientKind;
use postern_domain::password::{Password, PasswordPolicy};
use postern_domain::routes;
use postern_domain::text::DisplayName;
use postern_domain::usecases::{ActivationError, ActivationInput, ActivationOutcome, ActivationView};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{State, set_flash};
use crate::errors::{FieldErrors, display_name_error, password_errors};
use crate::extract::{CsrfForm, PageError, carries_csrf, landing, start_session};
use crate::pages::{Layout, MessagePage, layout, layout_in, render};

#[derive(Template)]
#[template(path = "activate.html")]
struct CreatePage {
    l: Layout,
    action: String,
    email: String,
    internal: bool,
    intro: String,
    login_hint: String,
    display_name: String,
    login: String,
    password_hint: Arc<str>,
    errors: FieldErrors,
}

/// The password rules, as the field's hint says them.
pub(crate) fn password_hint(p: &PasswordPolicy, tr: postern_i18n::Tr<'_>) -> String {
    let mut parts = Vec::new();
    for (required, what) in [
        (p.require_lowercase, "page-password-needs-lowercase"),
        (p.require_uppercase, "page-password-needs-uppercase"),
        (p.require_digit, "page-password-needs-digit"),
        (p.require_symbol, "page-password-needs-symbol"),
    ] {
        if required {
            parts.push(tr.t(what));
        }
    }
    let length = tr.t1("page-password-min", "count", p.min_length);
    let mut hint = if parts.is_empty() {
        tr.t1("page-password-hint-length", "length", length)
    } else {
        tr.t2(
            "page-password-hint",
            ("length", length),
            ("rules", crate::i18n::list_and(&parts, tr)),
        )
    };
    // Said only when the administrator has common passwords refused.
    if p.reject_common {
        hint.push(' ');
        hint.push_str(&tr.text("page-password-common-refused"));
    }
    hint
}

/// The password hint of each language and policy, worked out once: the activation page shows
/// it on every view, and it takes several formatted messages to say.
#[derive(Default)]
pub(crate) struct PasswordHints(RwLock<Vec<(Language, PasswordPolicy, Arc<str>)>>);

impl PasswordHints {
    /// Enough for every language under a few policies; a policy changed often starts over.
    const MOST: usize = 64;

    /// The hint for `policy` in `tr`'s language.
    pub(crate) fn get(&self, policy: &PasswordPolicy, tr: postern_i18n::Tr<'_>) -> Arc<str> {
        let language = tr.language();
        let known = |kept: &[(Language, PasswordPolicy, Arc<str>)]| {
            kept.iter()
                .find(|(l, p, _)| *l == language && p == policy)
                .map(|(_, _, hint)| hint.clone())
        };
        if let Some(hint) = self.0.read().ok().and_then(|kept| known(&kept)) {
            return hint;
        }
        let hint: Arc<str> = password_hint(policy, tr).into();
        if let Ok(mut kept) = self.0.write() {
            if kept.len() >= Self::MOST {
                kept.clear();
            }
            if known(&kept).is_none() {
                kept.push((language, policy.clone(), hint.clone()));
            }
        }
        hint
    }
}

fn create_page(
    state: &AppState,
    l: Layout,
    token: &str,
    view: &ActivationView,
    display_name: String,
    errors: FieldErrors,
) -> CreatePage {
    let tr = l.tr;
    let internal = view.kind == RecipientKind::Internal;
    CreatePage {
        action: format!("/activate/{token}"),
        email: view.email.as_str().to_owned(),
        internal,
        intro: tr.args(
            "page-activate-intro",
            &[
                ("inviter", view.inviter_name.as_str().into()),
                ("inviter_email", view.inviter_email.as_str().into()),
                ("expiry", tr.time(view.expires_at).into()),
            ],
        ),
        login_hint: tr.t1("page-activate-login-hint", "email", view.email.as_str()),
        login: view.email.as_str().to_owned(),
        display_name,
        // The directory's sign-in form shows no password rules.
        password_hint: if internal {
            Arc::from("")
        } else {
            state.password_hints.get(&view.password_policy, tr)
        },
        errors,
        l,
    }
}

#[handler]
pub(crate) async fn show(state: State<'_>, csrf: &CsrfToken, Path(token): Path<String>) -> Result<Response, PageError> {
    let view = match state.uc.activate.view(&token).await {
        // An expired link whose holder may ask for a new one: the page offers it.
        Err(postern_domain::usecases::ActivationError::Expired(p)) if p.renewal.is_some() => {
            let l = layout_in(&state, None, &csrf.0, None, Some(p.language)).await;
            let tr = l.tr;
            let automatic = p.renewal == Some(postern_domain::policy::RenewalMode::Automatic);
            return Ok(render(
                StatusCode::GONE,
                &crate::pages::ConfirmPage {
                    l,
                    title: tr.t("page-link-expired-title"),
                    question: tr.t2(
                        "page-renewal-question",
                        ("inviter", p.inviter_name.as_str()),
                        ("inviter_email", p.inviter_email.as_str()),
                    ),
                    consequence: if automatic {
                        tr.t("page-renewal-automatic")
                    } else {
                        tr.t1("page-renewal-asks-inviter", "inviter", p.inviter_name.as_str())
                    },
                    action: format!("{}{}/renew", routes::ACTIVATE, token),
                    button: tr.t("page-renewal-button"),
                    back: routes::HOME.to_owned(),
                    fields: Vec::new(),
                    danger: false,
                },
            ));
        }
        other => other?,
    };
    let l = layout_in(&state, None, &csrf.0, None, Some(view.language)).await;
    let name = view.suggested_name.clone().unwrap_or_default();
    Ok(render(
        StatusCode::OK,
        &create_page(&state, l, &token, &view, name, FieldErrors::default()),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct RenewForm {
    csrf_token: String,
}

carries_csrf!(RenewForm);

/// The holder of an expired link asks for a new one (the button of the expired link's page);
/// limited like activation attempts per client address.
#[handler]
pub(crate) async fn renew(
    state: State<'_>,
    csrf: &CsrfToken,
    client: crate::auth::Client,
    Path(token): Path<String>,
    CsrfForm(_form): CsrfForm<RenewForm>,
) -> Result<Response, PageError> {
    use postern_domain::usecases::Renewal;
    if !state.limits.activation(&client.key).await {
        return Err(PageError::TooMany);
    }
    let renewal = state.uc.activate.request_renewal(&token).await?;
    let l = layout(&state, None, &csrf.0, None).await;
    let tr = l.tr;
    let (title, text) = match renewal {
        Renewal::Asked { inviter_name } => (
            "page-renewal-asked-title",
            tr.t1("page-renewal-asked", "inviter", inviter_name.as_str()),
        ),
        Renewal::Sent { email } => (
            "page-renewal-sent-title",
            tr.t1("page-renewal-sent", "email", email.as_str()),
        ),
        Renewal::AlreadyAsked => ("page-renewal-already-title", tr.t("page-renewal-already")),
        Renewal::NotOffered => ("page-renewal-not-offered-title", tr.t("page-renewal-not-offered")),
        Renewal::StillValid => ("page-renewal-still-valid-title", tr.t("page-renewal-still-valid")),
    };
    Ok(render(StatusCode::OK, &MessagePage::new(l, &tr.t(title), &[&text])))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct CreateForm {
    csrf_token: String,
    display_name: String,
    password: String,
    password_confirmation: String,
    /// Internal invitations: the directory sign-in name.
    login: String,
}

carries_csrf!(CreateForm);

#[handler]
pub(crate) async fn create(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    client: crate::auth::Client,
    Path(token): Path<String>,
    CsrfForm(form): CsrfForm<CreateForm>,
) -> Result<Response, PageError> {
    if !state.limits.activation(&client.key).await {
        return Err(PageError::TooMany);
    }
    create_checked(&state, session, &csrf.0, &client, &token, &form).await
}

async fn create_checked(
    state: &State<'_>,
    session: &Session,
    csrf: &str,
    client: &crate::auth::Client,
    token: &str,
    form: &CreateForm,
) -> Result<Response, PageError> {
    let activate = &state.uc.activate;
    let view = activate.view(token).await?;
    let l = layout_in(state, None, csrf, None, Some(view.language)).await;
    let tr = l.tr;
    if view.kind == RecipientKind::Internal {
        return activate_internal(l, state, session, client, token, &view, form).await;
    }
    let mut errors = FieldErrors::default();
    let name = DisplayName::parse(&form.display_name)
        .map_err(|e| errors.add("display_name", display_name_error(&e).render(tr)))
        .ok();
    if form.password != form.password_confirmation {
        errors.add("password_confirmation", tr.t("form-passwords-differ"));
    }
    if let Err(rules) = view
        .password_policy
        .check(&Password::new(form.password.clone()), view.email.as_str())
    {
        password_errors(&rules, &mut errors, tr);
    }
    let (Some(display_name), true) = (name, errors.is_empty()) else {
        return Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &create_page(state, l, token, &view, form.display_name.clone(), errors),
        ));
    };
    let input = ActivationInput {
        display_name,
        password: Password::new(form.password.clone()),
    };
    // The page's language: the reader's own choice, else the invitation's.
    let created = activate.create_in(token, input, Some(tr.language())).await;
    count_activation(&created);
    Ok(match created {
        Ok(ActivationOutcome::Active(user)) => {
            start_session(state, session, &user, client, false);
            set_flash(session, tr.t("page-account-created"));
            let mut resp = Redirect::see_other("/dropoff").into_response();
            // The new account reads the invitation's language from now on: its pages too.
            if let Ok(value) = crate::i18n::cookie(Some(tr.language()), state.secure_cookies).parse() {
                resp.headers_mut().append(poem::http::header::SET_COOKIE, value);
            }
            resp
        }
        Ok(ActivationOutcome::PendingApproval(_)) => render(
            StatusCode::OK,
            &MessagePage::new(l, &tr.t("page-account-pending-title"), &[&tr.t("page-account-pending")]),
        ),
        Ok(ActivationOutcome::DirectorySignInRequired(_)) => render(
            StatusCode::OK,
            &MessagePage::new(
                l,
                &tr.t("page-directory-sign-in-title"),
                &[&tr.t("page-directory-sign-in")],
            )
            .link("/sign-in", &tr.t("page-go-to-sign-in")),
        ),
        Err(ActivationError::Password(rules)) => {
            let mut errors = FieldErrors::default();
            password_errors(&rules, &mut errors, tr);
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &create_page(state, l, token, &view, form.display_name.clone(), errors),
            )
        }
        Err(e) => return Err(e.into()),
    })
}

/// An internal invitation: the invitee signs in with their directory credentials.
async fn activate_internal(
    l: Layout,
    state: &AppState,
    session: &Session,
    client: &crate::auth::Client,
    token: &str,
    view: &ActivationView,
    form: &CreateForm,
) -> Result<Response, PageError> {
    let again = |l: Layout, field: &str, message: &str| {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        let mut page = create_page(state, l, token, view, String::new(), errors);
        page.login = form.login.clone();
        Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
    };
    let tr = l.tr;
    if form.login.trim().is_empty() {
        return again(l, "login", &tr.t("form-login-empty"));
    }
    if form.password.is_empty() {
        return again(l, "password", &tr.t("form-directory-password-empty"));
    }
    match state
        .uc
        .activate
        .activate_with_directory(token, &form.login, &Password::new(form.password.clone()))
        .await
    {
        Ok(user) => {
            metrics::counter!("postern_accounts_activated_total", "kind" => "internal", "status" => "active")
                .increment(1);
            start_session(state, session, &user, client, false);
            set_flash(session, tr.t("page-access-active"));
            Ok(Redirect::see_other(landing(&user)).into_response())
        }
        Err(ActivationError::DirectoryCredentials) => again(l, "password", &tr.t("form-directory-credentials")),
        Err(ActivationError::NotTheInvitee) => again(l, "login", &tr.t("form-not-the-invitee")),
        Err(e) => Err(e.into()),
    }
}

/// Counts an account created through an activation link (the page or the API):
/// `postern_accounts_activated_total{kind="external", status="active"|"pending_approval"}`.
pub(crate) fn count_activation<E>(outcome: &Result<ActivationOutcome, E>) {
    let status = match outcome {
        Ok(ActivationOutcome::Active(_)) => "active",
        Ok(ActivationOutcome::PendingApproval(_)) => "pending_approval",
        _ => return,
    };
    metrics::counter!("postern_accounts_activated_total", "kind" => "external", "status" => status).increment(1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_hint_is_the_one_its_language_and_policy_would_say_now() {
        let catalog = postern_i18n::Catalog::new();
        let hints = PasswordHints::default();
        let mut policies = Vec::new();
        for min_length in [8, 12, 64] {
            for rules in 0..16u8 {
                policies.push(PasswordPolicy {
                    min_length,
                    require_lowercase: rules & 1 != 0,
                    require_uppercase: rules & 2 != 0,
                    require_digit: rules & 4 != 0,
                    require_symbol: rules & 8 != 0,
                    reject_common: min_length != 8,
                    ..PasswordPolicy::default()
                });
            }
        }
        // Twice round, more pairs than are kept: kept, forgotten and worked out again alike.
        for _ in 0..2 {
            for policy in &policies {
                for language in Language::ALL {
                    let tr = catalog.tr(language);
                    assert_eq!(
                        *hints.get(policy, tr),
                        password_hint(policy, tr),
                        "{language} {policy:?}"
                    );
                }
            }
        }
        let en = catalog.tr(Language::En);
        // The sentence on common passwords only when they are refused.
        let common = en.text("page-password-common-refused");
        assert!(
            !hints.get(&policies[0], en).contains(&*common),
            "{}",
            hints.get(&policies[0], en)
        );
        assert!(
            hints.get(&policies[16], en).ends_with(&*common),
            "{}",
            hints.get(&policies[16], en)
        );
        let german = catalog.tr(Language::De);
        assert!(
            hints
                .get(&policies[15], german)
                .contains("mit einem Kleinbuchstaben, einem Großbuchstaben, einer Ziffer und "),
            "{}",
            hints.get(&policies[15], german)
        );
        // The rules as a sentence says them: the last joined with "and", one alone as it is.
        for (policy, rules) in [
            (
                15,
                "with a lower-case letter, an upper-case letter, a digit and a symbol.",
            ),
            (5, "with a lower-case letter and a digit."),
            (4, "with a digit."),
        ] {
            let hint = hints.get(&policies[policy], en);
            assert!(hint.contains(rules), "{hint}");
        }
        assert_ne!(hints.get(&policies[0], en), hints.get(&policies[15], en));
        assert_ne!(
            hints.get(&policies[0], en),
            hints.get(&policies[0], catalog.tr(Language::De))
        );
        assert!(
            hints
                .0
                .read()
                .map(|kept| kept.len() <= PasswordHints::MOST)
                .unwrap_or(false)
        );
    }
}
