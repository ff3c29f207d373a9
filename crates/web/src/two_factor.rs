//! Two-factor sign-in in the pages: the code asked after the password (portal and console),
//! enrolment with a QR code drawn here (no outside service), recovery codes shown once, turning
//! it off, and the rule that someone who must use two factors reaches nothing else until they
//! have set it up.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Redirect};
use poem::{IntoResponse, Response, handler};
use postern_domain::ids::UserId;
use postern_domain::policy::TwoFactorRule;
use postern_domain::usecases::{Accepted, TwoFactorError};
use postern_domain::user::User;
use serde::Deserialize;

use crate::AppState;
use crate::auth::{Client, State, set_flash, take_flash};
use crate::errors::FieldErrors;
use crate::extract::{AdminSecuring, CsrfForm, PageError, Securing, carries_csrf, landing, start_session};
use crate::i18n::Words;
use crate::pages::{Layout, layout, render};

/// Session keys of a sign-in waiting for its second factor.
mod pending {
    /// The user who gave the right password.
    pub(super) const USER: &str = "pending_uid";
    /// When (Unix seconds).
    pub(super) const AT: &str = "pending_at";
    /// For the console.
    pub(super) const CONSOLE: &str = "pending_console";
    /// Where to go afterwards.
    pub(super) const NEXT: &str = "pending_next";
}

/// How long the code may take after the password.
const PENDING_SECONDS: i64 = 5 * 60;

/// After the right password of someone with two-factor sign-in: a new session that only
/// remembers who is half-way, and the page that asks the code.
pub(crate) fn ask_code(state: &AppState, session: &Session, user: &User, console: bool, next: String) -> Response {
    session.clear();
    session.renew();
    session.set(pending::USER, user.id.to_string());
    session.set(pending::AT, state.clock.now().unix_timestamp());
    session.set(pending::CONSOLE, console);
    session.set(pending::NEXT, next);
    Redirect::see_other(code_page(console)).into_response()
}

fn code_page(console: bool) -> &'static str {
    if console {
        "/admin/sign-in/code"
    } else {
        "/sign-in/code"
    }
}

fn restart(console: bool) -> &'static str {
    if console { "/admin/sign-in" } else { "/sign-in" }
}

#[derive(Template)]
#[template(path = "two_factor_code.html")]
struct CodePage {
    l: Layout,
    action: &'static str,
    restart: &'static str,
    errors: FieldErrors,
}

/// The user half-way through signing in to `console` (or the portal), if the password was
/// given less than five minutes ago.
async fn half_way(state: &AppState, session: &Session, console: bool) -> Result<Option<User>, PageError> {
    let (Some(id), Some(at)) = (session.get::<String>(pending::USER), session.get::<i64>(pending::AT)) else {
        return Ok(None);
    };
    if session.get::<bool>(pending::CONSOLE) != Some(console)
        || state.clock.now().unix_timestamp() - at > PENDING_SECONDS
    {
        return Ok(None);
    }
    Ok(match UserId::parse(&id) {
        Some(id) => state.uc.accounts.find_user(id).await?,
        None => None,
    })
}

async fn show_code(state: &State<'_>, session: &Session, csrf: &str, console: bool) -> Result<Response, PageError> {
    if half_way(state, session, console).await?.is_none() {
        let tr = layout(state, None, csrf, None).await.tr;
        set_flash(session, tr.t("page-two-factor-password-first"));
        return Ok(Redirect::see_other(restart(console)).into_response());
    }
    let l = layout(state, None, csrf, take_flash(session)).await;
    Ok(render(
        StatusCode::OK,
        &CodePage {
            l,
            action: code_page(console),
            restart: restart(console),
            errors: FieldErrors::default(),
        },
    ))
}

#[handler]
pub(crate) async fn code_form(state: State<'_>, session: &Session, csrf: &CsrfToken) -> Result<Response, PageError> {
    show_code(&state, session, &csrf.0, false).await
}

#[handler]
pub(crate) async fn admin_code_form(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
) -> Result<Response, PageError> {
    show_code(&state, session, &csrf.0, true).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct CodeForm {
    csrf_token: String,
    code: String,
}

carries_csrf!(CodeForm);

async fn check_code(
    state: &State<'_>,
    session: &Session,
    csrf: &str,
    client: &Client,
    form: &CodeForm,
    console: bool,
) -> Result<Response, PageError> {
    let Some(user) = half_way(state, session, console).await? else {
        let tr = layout(state, None, csrf, None).await.tr;
        set_flash(session, tr.t("page-two-factor-password-first"));
        return Ok(Redirect::see_other(restart(console)).into_response());
    };
    // Guessing codes counts against the same limits as guessing passwords.
    let allowed = if console {
        state.limits.console_sign_in(&client.key, user.email.as_str()).await
    } else {
        state.limits.portal_sign_in(&client.key, user.email.as_str()).await
    };
    if !allowed {
        return Err(PageError::TooManySignIns);
    }
    match state.uc.two_factor.verify(&user, &form.code).await {
        Ok(accepted) => {
            state.limits.succeeded(console, user.email.as_str()).await;
            let next: String = session.get(pending::NEXT).unwrap_or_default();
            start_session(state, session, &user, client, console);
            if let Accepted::RecoveryCode { left } = accepted {
                let tr = layout(state, None, csrf, None).await.tr;
                set_flash(session, tr.t1("page-two-factor-recovery-used", "count", left));
            }
            let to = if console {
                crate::pages::safe_return(&next)
                    .filter(|n| n.starts_with("/admin"))
                    .unwrap_or_else(|| "/admin".to_owned())
            } else {
                crate::pages::safe_return(&next).unwrap_or_else(|| landing(&user).to_owned())
            };
            Ok(Redirect::see_other(to).into_response())
        }
        Err(e @ (TwoFactorError::WrongCode | TwoFactorError::Reused)) => {
            state.limits.failed(console, user.email.as_str()).await;
            let l = layout(state, None, csrf, None).await;
            let mut errors = FieldErrors::default();
            errors.add("code", two_factor_error(&e).render(l.tr));
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &CodePage {
                    l,
                    action: code_page(console),
                    restart: restart(console),
                    errors,
                },
            ))
        }
        Err(TwoFactorError::Store(e)) => Err(e.into()),
        Err(e) => Err(PageError::message(
            StatusCode::CONFLICT,
            Words::id("page-two-factor-title"),
            two_factor_error(&e),
        )),
    }
}

#[handler]
pub(crate) async fn check(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    client: Client,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, PageError> {
    check_code(&state, session, &csrf.0, &client, &form, false).await
}

#[handler]
pub(crate) async fn admin_code(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    client: Client,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, PageError> {
    check_code(&state, session, &csrf.0, &client, &form, true).await
}

#[derive(Template)]
#[template(path = "two_factor.html")]
struct EnrolPage {
    l: Layout,
    base: &'static str,
    enrolled: bool,
    required: bool,
    recovery_left: u32,
    /// The QR code (SVG drawn here) and the key, while setting up.
    qr: Option<String>,
    secret: String,
    /// Recovery codes, shown once.
    recovery_codes: Option<Vec<String>>,
    continue_to: String,
    errors: FieldErrors,
}

fn base(console: bool) -> &'static str {
    if console { "/admin/security" } else { "/security" }
}

/// The QR code of `uri` as inline SVG (without the XML declaration).
fn qr_svg(uri: &str) -> Option<String> {
    let code = qrcode::QrCode::new(uri.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build();
    Some(match svg.find("<svg") {
        Some(at) => svg[at..].to_owned(),
        None => svg,
    })
}

async fn enrol_page(
    state: &State<'_>,
    session: &Session,
    csrf: &str,
    user: &User,
    console: bool,
    errors: FieldErrors,
    recovery_codes: Option<Vec<String>>,
) -> Result<Response, PageError> {
    let status = state.uc.two_factor.status(user).await?;
    let (qr, secret) = if status.enrolled || status.rule == TwoFactorRule::Off || recovery_codes.is_some() {
        (None, String::new())
    } else {
        match state.uc.two_factor.enrolment(user).await {
            Ok(e) => (qr_svg(&e.uri), e.secret.base32()),
            Err(TwoFactorError::Store(e)) => return Err(e.into()),
            Err(_) => (None, String::new()),
        }
    };
    let answer = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let l = layout(state, Some(user), csrf, take_flash(session)).await;
    Ok(render(
        answer,
        &EnrolPage {
            l,
            base: base(console),
            enrolled: status.enrolled,
            required: status.rule == TwoFactorRule::Required,
            recovery_left: status.recovery_left,
            qr,
            secret,
            recovery_codes,
            continue_to: if console { "/admin".into() } else { landing(user).into() },
            errors,
        },
    ))
}

#[handler]
pub(crate) async fn page(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Securing(user): Securing,
) -> Result<Response, PageError> {
    enrol_page(&state, session, &csrf.0, &user, false, FieldErrors::default(), None).await
}

#[handler]
pub(crate) async fn admin_page(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    AdminSecuring(admin): AdminSecuring,
) -> Result<Response, PageError> {
    enrol_page(&state, session, &csrf.0, &admin, true, FieldErrors::default(), None).await
}

/// What the code fields of the two-factor page post.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct TwoFactorForm {
    csrf_token: String,
    code: String,
}

carries_csrf!(TwoFactorForm);

/// Which form of the page acted.
#[derive(Clone, Copy)]
enum Act {
    Confirm,
    Renew,
    Off,
}

async fn act(
    state: &State<'_>,
    session: &Session,
    csrf: &str,
    user: &User,
    console: bool,
    act: Act,
    typed: &str,
) -> Result<Response, PageError> {
    let tf = &state.uc.two_factor;
    // Guessing codes here counts as guessing them at sign-in.
    if !state.limits.code_check(console, user.email.as_str()).await {
        return Err(PageError::TooManySignIns);
    }
    let (field, result) = match act {
        Act::Confirm => ("code", tf.confirm(user, typed).await.map(Some)),
        Act::Renew => ("renew_code", tf.new_recovery_codes(user, typed).await.map(Some)),
        Act::Off => ("off_code", tf.turn_off(user, typed).await.map(|()| None)),
    };
    let tr = layout(state, Some(user), csrf, None).await.tr;
    match result {
        Ok(Some(codes)) => {
            if matches!(act, Act::Confirm) {
                set_flash(session, tr.t("page-two-factor-now-on"));
            }
            enrol_page(state, session, csrf, user, console, FieldErrors::default(), Some(codes)).await
        }
        Ok(None) => {
            set_flash(session, tr.t("page-two-factor-now-off"));
            Ok(Redirect::see_other(base(console)).into_response())
        }
        Err(TwoFactorError::Store(e)) => Err(e.into()),
        Err(e) => {
            if matches!(e, TwoFactorError::WrongCode | TwoFactorError::Reused) {
                state.limits.failed(console, user.email.as_str()).await;
            }
            let text = match (act, &e) {
                // While setting up there are no recovery codes yet.
                (Act::Confirm, TwoFactorError::WrongCode) => tr.t("form-two-factor-wrong-code-setup"),
                _ => two_factor_error(&e).render(tr),
            };
            let mut errors = FieldErrors::default();
            errors.add(field, text);
            enrol_page(state, session, csrf, user, console, errors, None).await
        }
    }
}

macro_rules! two_factor_actions {
    ($($portal:ident, $admin:ident => $act:expr;)*) => {$(
        #[handler]
        pub(crate) async fn $portal(
            state: State<'_>,
            session: &Session,
            csrf: &CsrfToken,
            Securing(user): Securing,
            CsrfForm(form): CsrfForm<TwoFactorForm>,
        ) -> Result<Response, PageError> {
            act(&state, session, &csrf.0, &user, false, $act, &form.code).await
        }

        #[handler]
        pub(crate) async fn $admin(
            state: State<'_>,
            session: &Session,
            csrf: &CsrfToken,
            AdminSecuring(admin): AdminSecuring,
            CsrfForm(form): CsrfForm<TwoFactorForm>,
        ) -> Result<Response, PageError> {
            act(&state, session, &csrf.0, &admin, true, $act, &form.code).await
        }
    )*};
}

two_factor_actions! {
    confirm, admin_confirm => Act::Confirm;
    renew, admin_renew => Act::Renew;
    off, admin_off => Act::Off;
}

/// A two-factor refusal, as the page says it.
pub(crate) fn two_factor_error(e: &TwoFactorError) -> Words {
    Words::id(match e {
        TwoFactorError::WrongCode => "form-two-factor-wrong-code",
        TwoFactorError::Reused => "form-two-factor-reused",
        TwoFactorError::NotEnrolled => "form-two-factor-not-enrolled",
        TwoFactorError::AlreadyEnrolled => "form-two-factor-already-on",
        TwoFactorError::Required => "form-two-factor-required",
        TwoFactorError::NotOffered => "form-two-factor-not-offered",
        TwoFactorError::Unreadable => "form-two-factor-unreadable",
        TwoFactorError::Store(_) => "page-internal-error",
    })
}
