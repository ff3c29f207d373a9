//! Sign-in, sign-out and the landing pages of the two portals.

use std::sync::Arc;

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, CsrfVerifier, Data, Form, Redirect, RemoteAddr};
use poem::{IntoResponse, Response, handler};
use postern_domain::ids::UserId;
use postern_domain::password::Password;
use postern_domain::ports::StoreError;
use postern_domain::usecases::{Accounts, SignInError};
use postern_domain::user::{User, UserKind, UserStatus};
use serde::Deserialize;

use crate::AppState;
use crate::errors::FieldErrors;
use crate::pages::{Layout, MessagePage, csrf_failed, internal_error, layout, render, too_many};

const USER_KEY: &str = "uid";
const FLASH_KEY: &str = "flash";

pub(crate) type State<'a> = Data<&'a Arc<AppState>>;

/// The signed-in, active user, if any.
pub(crate) async fn current_user(state: &State<'_>, session: &Session) -> Result<Option<User>, StoreError> {
    let Some(id) = session.get::<String>(USER_KEY) else {
        return Ok(None);
    };
    let user = match UserId::parse(&id) {
        Some(id) => state.ports.users.find_user(id).await?,
        None => None,
    };
    match user {
        Some(u) if u.status == UserStatus::Active && u.kind != UserKind::Admin => Ok(Some(u)),
        _ => {
            session.purge();
            Ok(None)
        }
    }
}

pub(crate) fn set_flash(session: &Session, message: impl Into<String>) {
    session.set(FLASH_KEY, message.into());
}

pub(crate) fn take_flash(session: &Session) -> Option<String> {
    let flash = session.get::<String>(FLASH_KEY);
    if flash.is_some() {
        session.remove(FLASH_KEY);
    }
    flash
}

/// Signs a user in: a new session id (no fixation), then the user's id in it.
pub(crate) fn start_session(session: &Session, user: &User) {
    session.clear();
    session.renew();
    session.set(USER_KEY, user.id.to_string());
}

pub(crate) fn landing(user: &User) -> &'static str {
    match user.kind {
        UserKind::External => "/dropoff",
        _ => "/portal",
    }
}

pub(crate) fn client_key(addr: &RemoteAddr) -> String {
    addr.as_socket_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

#[handler]
pub(crate) async fn home(state: State<'_>, session: &Session, csrf: &CsrfToken) -> Response {
    match current_user(&state, session).await {
        Ok(Some(user)) => Redirect::see_other(landing(&user)).into_response(),
        Ok(None) => Redirect::see_other("/sign-in").into_response(),
        Err(e) => internal_error(layout(&state, None, &csrf.0, None).await, &e),
    }
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    l: Layout,
    email: String,
    errors: FieldErrors,
}

#[handler]
pub(crate) async fn sign_in_page(state: State<'_>, session: &Session, csrf: &CsrfToken) -> Response {
    if let Ok(Some(user)) = current_user(&state, session).await {
        return Redirect::see_other(landing(&user)).into_response();
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

#[derive(Deserialize)]
pub(crate) struct SignInForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
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
    let refused = |l, message: &str| {
        let mut errors = FieldErrors::default();
        errors.add("email", message);
        render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SignInPage {
                l,
                email: form.email.clone(),
                errors,
            },
        )
    };
    match Accounts::new(state.ports.clone())
        .sign_in(&form.email, &Password::new(form.password.clone()))
        .await
    {
        Ok(user) if user.kind == UserKind::Admin => render(
            StatusCode::FORBIDDEN,
            &MessagePage::new(
                l,
                "Administrator account",
                &["Administrator accounts cannot open the user portals. Sign in with your own user account."],
            ),
        ),
        Ok(user) => {
            start_session(session, &user);
            Redirect::see_other(landing(&user)).into_response()
        }
        Err(SignInError::InvalidCredentials | SignInError::Disabled) => refused(l, "invalid email address or password"),
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
                },
            )
        }
        Err(SignInError::Internal(e)) => internal_error(l, &e),
    }
}

#[derive(Deserialize)]
pub(crate) struct CsrfOnly {
    #[serde(default)]
    pub(crate) csrf_token: String,
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
    Redirect::see_other("/sign-in").into_response()
}

#[derive(Template)]
#[template(path = "portal.html")]
struct PortalPage {
    l: Layout,
    may_invite: bool,
}

/// The signed-in user of a given kind, or a redirect to sign in.
pub(crate) async fn require(
    state: &State<'_>,
    session: &Session,
    csrf: &str,
    kind: UserKind,
) -> Result<User, Response> {
    match current_user(state, session).await {
        Ok(Some(user)) if user.kind == kind => Ok(user),
        Ok(Some(user)) => Err(Redirect::see_other(landing(&user)).into_response()),
        Ok(None) => Err(Redirect::see_other("/sign-in").into_response()),
        Err(e) => Err(internal_error(layout(state, None, csrf, None).await, &e)),
    }
}

#[handler]
pub(crate) async fn portal(state: State<'_>, session: &Session, csrf: &CsrfToken) -> Response {
    let user = match require(&state, session, &csrf.0, UserKind::Internal).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let may_invite = match state.ports.settings.load_settings().await {
        Ok(s) => s.invitations.may_invite(&user),
        Err(e) => return internal_error(layout(&state, Some(&user), &csrf.0, None).await, &e),
    };
    let l = layout(&state, Some(&user), &csrf.0, take_flash(session)).await;
    render(StatusCode::OK, &PortalPage { l, may_invite })
}

#[derive(Template)]
#[template(path = "dropoff.html")]
struct DropOffPage {
    l: Layout,
    name: String,
}

#[handler]
pub(crate) async fn dropoff(state: State<'_>, session: &Session, csrf: &CsrfToken) -> Response {
    let user = match require(&state, session, &csrf.0, UserKind::External).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let l = layout(&state, Some(&user), &csrf.0, take_flash(session)).await;
    render(
        StatusCode::OK,
        &DropOffPage {
            l,
            name: user.display_name.as_str().to_owned(),
        },
    )
}
