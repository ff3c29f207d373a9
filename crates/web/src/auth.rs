//! Sign-in, sign-out and the landing pages of the two portals.

use std::sync::Arc;

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Data, Query, Redirect, RemoteAddr};
use poem::{IntoResponse, Response, handler};
use postern_domain::password::Password;
use postern_domain::usecases::SignInError;
use postern_domain::user::UserKind;
use serde::Deserialize;

use crate::AppState;
use crate::errors::FieldErrors;
use crate::extract::{CsrfForm, CsrfOnly, DropOff, PageError, Staff, Viewer, carries_csrf, landing, start_session};
use crate::pages::{Layout, MessagePage, layout, render};

const FLASH_KEY: &str = "flash";

pub(crate) type State<'a> = Data<&'a Arc<AppState>>;

pub(crate) fn set_flash(session: &Session, message: impl Into<String>) {
    session.set(FLASH_KEY, message.into());
}

/// Marks a flash as a refusal ("nothing was changed"), shown as a problem, not a success.
pub(crate) const PROBLEM_MARK: &str = "\u{1}problem\u{1}";

/// A refusal to show on the next page, in the problem style.
pub(crate) fn set_problem(session: &Session, message: impl Into<String>) {
    session.set(FLASH_KEY, format!("{PROBLEM_MARK}{}", message.into()));
}

pub(crate) fn take_flash(session: &Session) -> Option<String> {
    let flash = session.get::<String>(FLASH_KEY);
    if flash.is_some() {
        session.remove(FLASH_KEY);
    }
    flash
}

pub(crate) fn client_key(addr: &RemoteAddr) -> String {
    addr.as_socket_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

#[handler]
pub(crate) async fn home(Viewer(user): Viewer) -> Response {
    match user {
        Some(user) => Redirect::see_other(landing(&user)).into_response(),
        None => Redirect::see_other("/sign-in").into_response(),
    }
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    l: Layout,
    email: String,
    errors: FieldErrors,
    /// The page to go to after signing in (checked again when used).
    next: String,
}

/// The page asked for before signing in.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct NextQuery {
    next: String,
}

#[handler]
pub(crate) async fn sign_in_page(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Viewer(user): Viewer,
    Query(q): Query<NextQuery>,
) -> Response {
    if let Some(user) = user {
        return Redirect::see_other(landing(&user)).into_response();
    }
    let l = layout(&state, None, &csrf.0, take_flash(session)).await;
    render(
        StatusCode::OK,
        &SignInPage {
            l,
            email: String::new(),
            errors: FieldErrors::default(),
            next: crate::pages::safe_return(&q.next).unwrap_or_default(),
        },
    )
}

#[derive(Deserialize)]
pub(crate) struct SignInForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    /// The page asked for before signing in.
    #[serde(default)]
    next: String,
}

carries_csrf!(SignInForm);

#[handler]
pub(crate) async fn sign_in(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    addr: &RemoteAddr,
    CsrfForm(form): CsrfForm<SignInForm>,
) -> Result<Response, PageError> {
    if state.limits.sign_in.check_key(&client_key(addr)).is_err() {
        return Err(PageError::TooMany);
    }
    let l = layout(&state, None, &csrf.0, None).await;
    let refused = |l, message: &str| {
        let mut errors = FieldErrors::default();
        errors.add("email", message);
        render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SignInPage {
                l,
                email: form.email.clone(),
                errors,
                next: crate::pages::safe_return(&form.next).unwrap_or_default(),
            },
        )
    };
    Ok(
        match state
            .uc
            .accounts
            .sign_in(&form.email, &Password::new(form.password.clone()))
            .await
        {
            Ok(user) if user.kind == UserKind::Admin => render(
                StatusCode::FORBIDDEN,
                &MessagePage::new(
                    l,
                    "Administrator account",
                    &["Administrator accounts cannot open the user portals. Sign in with your own user account, or go to the administrators' console."],
                )
                .link("/admin/sign-in", "Go to the administrators' console"),
            ),
            Ok(user) => {
                start_session(session, &user);
                let to = crate::pages::safe_return(&form.next).unwrap_or_else(|| landing(&user).to_owned());
                Redirect::see_other(to).into_response()
            }
            Err(SignInError::InvalidCredentials) => refused(l, "invalid email address or password"),
            // Said only to someone who gave the right password.
            Err(SignInError::Disabled) => refused(
                l,
                "this account is disabled; ask an administrator of the portal if you need it again",
            ),
            Err(e @ (SignInError::PendingApproval | SignInError::NoEmailInDirectory)) => refused(l, &e.to_string()),
            Err(e @ SignInError::DirectoryUnavailable) => {
                tracing::warn!("directory sign-in refused: the directory is unavailable");
                let mut errors = FieldErrors::default();
                errors.add("email", e.to_string());
                render(
                    StatusCode::SERVICE_UNAVAILABLE,
                    &SignInPage {
                        l,
                        email: form.email.clone(),
                        errors,
                        next: crate::pages::safe_return(&form.next).unwrap_or_default(),
                    },
                )
            }
            Err(SignInError::Internal(e)) => return Err(PageError::Internal(e)),
        },
    )
}

#[handler]
pub(crate) async fn sign_out_page(state: State<'_>, csrf: &CsrfToken, Viewer(viewer): Viewer) -> Response {
    crate::pages::sign_out_page(&state, &csrf.0, viewer.as_ref(), "/sign-out").await
}

#[handler]
pub(crate) async fn sign_out(session: &Session, _: CsrfForm<CsrfOnly>) -> Response {
    session.purge();
    Redirect::see_other("/sign-in").into_response()
}

#[derive(Template)]
#[template(path = "portal.html")]
struct PortalPage {
    l: Layout,
    may_invite: bool,
}

#[handler]
pub(crate) async fn portal(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Staff(user): Staff,
) -> Result<Response, PageError> {
    let may_invite = state.settings.load_settings().await?.invitations.may_invite(&user);
    let l = layout(&state, Some(&user), &csrf.0, take_flash(session)).await;
    Ok(render(StatusCode::OK, &PortalPage { l, may_invite }))
}

#[derive(Template)]
#[template(path = "dropoff.html")]
struct DropOffPage {
    l: Layout,
    name: String,
}

#[handler]
pub(crate) async fn dropoff(state: State<'_>, session: &Session, csrf: &CsrfToken, DropOff(user): DropOff) -> Response {
    let l = layout(&state, Some(&user), &csrf.0, take_flash(session)).await;
    render(
        StatusCode::OK,
        &DropOffPage {
            l,
            name: user.display_name.as_str().to_owned(),
        },
    )
}
