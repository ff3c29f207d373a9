//! The console's own sign-in (administrator accounts only) and its start page.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Query, Redirect};
use poem::{FromRequest, IntoResponse, Request, RequestBody, Response, handler};
use postern_domain::password::Password;
use postern_domain::usecases::SignInError;
use serde::Deserialize;

use crate::auth::{State, take_flash};
use crate::errors::FieldErrors;
use crate::extract::{Admin, CsrfForm, CsrfOnly, PageError, carries_csrf};
use crate::pages::{Layout, layout, render};

#[derive(Template)]
#[template(path = "admin_sign_in.html")]
struct SignInPage {
    l: Layout,
    email: String,
    errors: FieldErrors,
    /// The page to go to after signing in (checked again when used).
    next: String,
}

#[handler]
pub(crate) async fn sign_in_page(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    req: &Request,
    Query(q): Query<crate::auth::NextQuery>,
) -> Response {
    // Already signed in to the console: straight in.
    if Admin::from_request(req, &mut RequestBody::default()).await.is_ok() {
        return Redirect::see_other("/admin").into_response();
    }
    let l = layout(&state, None, &csrf.0, take_flash(session)).await;
    render(
        StatusCode::OK,
        &SignInPage {
            l,
            email: String::new(),
            errors: FieldErrors::default(),
            next: q.page(),
        },
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct SignInForm {
    csrf_token: String,
    email: String,
    password: String,
    /// The console page asked for before signing in.
    next: String,
}

carries_csrf!(SignInForm);

#[handler]
pub(crate) async fn sign_in(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    client: crate::auth::Client,
    CsrfForm(form): CsrfForm<SignInForm>,
) -> Result<Response, PageError> {
    if !state.limits.console_sign_in(&client.key, &form.email).await {
        return Err(PageError::TooManySignIns);
    }
    let result = state
        .uc
        .accounts
        .console_sign_in(&form.email, &Password::new(form.password.clone()))
        .await;
    match result {
        Ok(user) if state.uc.two_factor.is_on(&user).await? => {
            return Ok(crate::two_factor::ask_code(
                &state,
                session,
                &user,
                true,
                form.next.clone(),
            ));
        }
        Ok(user) => {
            state.limits.succeeded(true, &form.email).await;
            crate::extract::start_session(&state, session, &user, &client, true);
            let to = crate::pages::safe_return(&form.next)
                .filter(|n| n.starts_with("/admin"))
                .unwrap_or_else(|| "/admin".to_owned());
            return Ok(Redirect::see_other(to).into_response());
        }
        Err(SignInError::Internal(e)) => return Err(PageError::Internal(e)),
        // A wrong password, an unknown address, or not an administrator: one answer.
        Err(_) => state.limits.failed(true, &form.email).await,
    }
    let l = layout(&state, None, &csrf.0, None).await;
    let mut errors = FieldErrors::default();
    errors.add("email", l.tr.t("form-console-sign-in-invalid"));
    Ok(render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &SignInPage {
            l,
            email: form.email.clone(),
            errors,
            next: crate::pages::safe_return(&form.next).unwrap_or_default(),
        },
    ))
}

#[handler]
pub(crate) async fn sign_out_page(state: State<'_>, csrf: &CsrfToken) -> Response {
    crate::pages::sign_out_page(&state, &csrf.0, None, "/admin/sign-out").await
}

#[handler]
pub(crate) async fn sign_out(session: &Session, _: CsrfForm<CsrfOnly>) -> Response {
    session.purge();
    Redirect::see_other("/admin/sign-in").into_response()
}

#[derive(Template)]
#[template(path = "admin_home.html")]
struct HomePage {
    l: Layout,
    /// Accounts waiting for approval, as the page says it (none: nothing waits).
    pending: Option<String>,
    /// Active Drop-Off accounts whose sponsor left, as the page says it.
    unsponsored: Option<String>,
    storage: String,
}

/// Accounts waiting for approval counted up to this many (then "… or more").
const PENDING_SHOWN: u32 = 1000;

#[handler]
pub(crate) async fn home(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Admin(admin): Admin,
) -> Result<Response, PageError> {
    let o = state.uc.admin.overview(&admin, PENDING_SHOWN).await?;
    let l = layout(&state, Some(&admin), &csrf.0, take_flash(session)).await;
    let tr = l.tr;
    let pending = match (o.more_pending, o.pending) {
        (true, _) => Some(tr.t1("page-console-pending-many", "count", PENDING_SHOWN)),
        (false, 0) => None,
        (false, n) => Some(tr.t1("page-console-pending", "count", n)),
    };
    Ok(render(
        StatusCode::OK,
        &HomePage {
            pending,
            unsponsored: (o.unsponsored > 0).then(|| tr.t1("page-console-unsponsored", "count", o.unsponsored)),
            storage: tr.args(
                "page-console-storage",
                &[
                    ("count", o.files.into()),
                    ("size", tr.size(o.file_bytes).into()),
                    ("disk", tr.size(o.disk_bytes).into()),
                ],
            ),
            l,
        },
    ))
}
