//! The activation link: the *Create account* page. Opening it never consumes the link.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Path, Redirect};
use poem::{IntoResponse, Response, handler};
use postern_domain::invitation::RecipientKind;
use postern_domain::message::format_time;
use postern_domain::password::{Password, PasswordPolicy};
use postern_domain::routes;
use postern_domain::text::DisplayName;
use postern_domain::usecases::{ActivationError, ActivationInput, ActivationOutcome, ActivationView};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{State, set_flash};
use crate::errors::{FieldErrors, password_errors};
use crate::extract::{CsrfForm, PageError, carries_csrf, landing, start_session};
use crate::pages::{Layout, MessagePage, layout, render};

#[derive(Template)]
#[template(path = "activate.html")]
struct CreatePage {
    l: Layout,
    action: String,
    email: String,
    internal: bool,
    inviter_name: String,
    inviter_email: String,
    expires_at: String,
    display_name: String,
    login: String,
    password_hint: String,
    errors: FieldErrors,
}

fn password_hint(p: &PasswordPolicy) -> String {
    let mut parts = vec![format!("At least {} characters", p.min_length)];
    for (required, what) in [
        (p.require_lowercase, "a lower-case letter"),
        (p.require_uppercase, "an upper-case letter"),
        (p.require_digit, "a digit"),
        (p.require_symbol, "a symbol"),
    ] {
        if required {
            parts.push(what.to_owned());
        }
    }
    format!("{}. Common passwords are refused.", parts.join(", "))
}

fn create_page(l: Layout, token: &str, view: &ActivationView, display_name: String, errors: FieldErrors) -> CreatePage {
    CreatePage {
        l,
        action: format!("/activate/{token}"),
        email: view.email.as_str().to_owned(),
        internal: view.kind == RecipientKind::Internal,
        inviter_name: view.inviter_name.clone(),
        inviter_email: view.inviter_email.as_str().to_owned(),
        expires_at: format_time(view.expires_at),
        login: view.email.as_str().to_owned(),
        display_name,
        password_hint: password_hint(&view.password_policy),
        errors,
    }
}

#[handler]
pub(crate) async fn show(state: State<'_>, csrf: &CsrfToken, Path(token): Path<String>) -> Result<Response, PageError> {
    let view = match state.uc.activate.view(&token).await {
        // An expired link whose holder may ask for a new one: the page offers it.
        Err(postern_domain::usecases::ActivationError::Expired(p)) if p.renewal.is_some() => {
            let l = layout(&state, None, &csrf.0, None).await;
            let automatic = p.renewal == Some(postern_domain::policy::RenewalMode::Automatic);
            return Ok(render(
                StatusCode::GONE,
                &crate::pages::ConfirmPage {
                    l,
                    title: "This link has expired".to_owned(),
                    question: format!(
                        "Activation links work for a limited time only. You can ask {} ({}) for a new link.",
                        p.inviter_name,
                        p.inviter_email.as_str()
                    ),
                    consequence: if automatic {
                        "A new link is sent to the address this invitation went to. You can ask once.".to_owned()
                    } else {
                        format!(
                            "{} gets an email asking them to send you a new link. You can ask once.",
                            p.inviter_name
                        )
                    },
                    action: format!("{}{}/renew", routes::ACTIVATE, token),
                    button: "Ask for a new link".to_owned(),
                    back: routes::HOME.to_owned(),
                    fields: Vec::new(),
                    danger: false,
                },
            ));
        }
        other => other?,
    };
    let l = layout(&state, None, &csrf.0, None).await;
    let name = view.suggested_name.clone().unwrap_or_default();
    Ok(render(
        StatusCode::OK,
        &create_page(l, &token, &view, name, FieldErrors::default()),
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
    let (title, text) = match renewal {
        Renewal::Asked { inviter_name } => (
            "Your request was sent",
            format!("{inviter_name} was asked to send you a new link. It will come by email."),
        ),
        Renewal::Sent { email } => (
            "A new link is on its way",
            format!(
                "A new activation link was sent to {}. It replaces the expired one.",
                email.as_str()
            ),
        ),
        Renewal::AlreadyAsked => (
            "A new link was asked for already",
            "A new link can be asked for once. If none has come, write to the person who invited you.".to_owned(),
        ),
        Renewal::NotOffered => (
            "New links are not asked for here",
            "Write to the person who invited you and ask them to send the invitation again.".to_owned(),
        ),
        Renewal::StillValid => (
            "This link still works",
            "Open it again to create your account.".to_owned(),
        ),
    };
    Ok(render(StatusCode::OK, &MessagePage::new(l, title, &[&text])))
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
    let l = layout(state, None, csrf, None).await;
    if view.kind == RecipientKind::Internal {
        return activate_internal(l, state, session, client, token, &view, form).await;
    }
    let mut errors = FieldErrors::default();
    let name = DisplayName::parse(&form.display_name)
        .map_err(|e| errors.add("display_name", e.to_string()))
        .ok();
    if form.password != form.password_confirmation {
        errors.add("password_confirmation", "the two passwords differ");
    }
    if let Err(rules) = view
        .password_policy
        .check(&Password::new(form.password.clone()), view.email.as_str())
    {
        password_errors(&rules, &mut errors);
    }
    let (Some(display_name), true) = (name, errors.is_empty()) else {
        return Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &create_page(l, token, &view, form.display_name.clone(), errors),
        ));
    };
    let input = ActivationInput {
        display_name,
        password: Password::new(form.password.clone()),
    };
    let created = activate.create(token, input).await;
    count_activation(&created);
    Ok(match created {
        Ok(ActivationOutcome::Active(user)) => {
            start_session(state, session, &user, client, false);
            set_flash(session, "Your account has been created. Welcome!");
            Redirect::see_other("/dropoff").into_response()
        }
        Ok(ActivationOutcome::PendingApproval(_)) => render(
            StatusCode::OK,
            &MessagePage::new(
                l,
                "Your account awaits approval",
                &[
                    "Your account has been created. An administrator must approve it before you can sign in; you will receive an email when that happens.",
                ],
            ),
        ),
        Ok(ActivationOutcome::DirectorySignInRequired(_)) => render(
            StatusCode::OK,
            &MessagePage::new(
                l,
                "Sign in with your organisation account",
                &["Your address belongs to your organisation's directory. Sign in with your organisation credentials."],
            )
            .link("/sign-in", "Go to sign in"),
        ),
        Err(ActivationError::Password(rules)) => {
            let mut errors = FieldErrors::default();
            password_errors(&rules, &mut errors);
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &create_page(l, token, &view, form.display_name.clone(), errors),
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
        let mut page = create_page(l, token, view, String::new(), errors);
        page.login = form.login.clone();
        Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
    };
    if form.login.trim().is_empty() {
        return again(l, "login", "enter your organisation username or email address");
    }
    if form.password.is_empty() {
        return again(l, "password", "enter your organisation password");
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
            set_flash(session, "Your account is active. Welcome!");
            Ok(Redirect::see_other(landing(&user)).into_response())
        }
        Err(ActivationError::DirectoryCredentials) => again(l, "password", "invalid username or password"),
        Err(e @ ActivationError::NotTheInvitee) => again(l, "login", &e.to_string()),
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
