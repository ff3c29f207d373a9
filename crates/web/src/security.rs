//! The *Security* page: where one is signed in, ending those sessions one by one or all but
//! this one (with, on request, every API token). The portal's page is `/security`, the
//! console's `/admin/security`; each lists the sessions of its own kind of account.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Path, Redirect};
use poem::{IntoResponse, Response, handler};
use postern_domain::user::User;
use serde::Deserialize;

use crate::auth::{State, set_flash, set_problem, take_flash};
use crate::extract::{AdminSecuring, CsrfForm, CsrfOnly, PageError, Securing, carries_csrf};
use crate::pages::{Layout, layout, render};
use crate::session::keys;

struct SessionRow {
    id: String,
    started: String,
    seen: String,
    client: String,
    agent: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "security.html")]
struct SecurityPage {
    l: Layout,
    /// The console's page.
    console: bool,
    /// Where its forms post.
    base: &'static str,
    sessions: Vec<SessionRow>,
    live_tokens: usize,
    /// Two-factor sign-in: offered, on, recovery codes left.
    two_factor_offered: bool,
    two_factor_on: bool,
    recovery_left: u32,
}

fn base(console: bool) -> &'static str {
    if console { "/admin/security" } else { "/security" }
}

async fn show(
    state: &State<'_>,
    session: &Session,
    csrf: &str,
    user: &User,
    console: bool,
) -> Result<Response, PageError> {
    let current = session.get::<String>(keys::PUBLIC_ID).unwrap_or_default();
    let now = state.clock.now();
    let (idle, max) = state.lifetimes.of(console);
    let l = layout(state, Some(user), csrf, take_flash(session)).await;
    let tr = l.tr;
    let sessions = state
        .uc
        .sessions
        .list(user)
        .await?
        .into_iter()
        .filter(|s| s.owner.console == console)
        // Ended by its lifetimes, though its row is kept a little longer.
        .filter(|s| {
            now - s.owner.created_at <= time::Duration::seconds(max)
                && now - s.owner.last_seen_at <= time::Duration::seconds(idle)
        })
        .map(|s| SessionRow {
            current: s.owner.public_id == current,
            id: s.owner.public_id,
            started: tr.time(s.owner.created_at),
            seen: tr.time(s.owner.last_seen_at),
            // An address the request did not have is kept as "unknown" (a limit's key).
            client: if s.owner.client == "unknown" {
                tr.t("page-security-unknown-browser")
            } else {
                s.owner.client
            },
            agent: if s.owner.agent.is_empty() {
                tr.t("page-security-unknown-browser")
            } else {
                s.owner.agent
            },
        })
        .collect();
    let live_tokens = if console {
        0
    } else {
        state
            .uc
            .api_tokens
            .list(user)
            .await?
            .iter()
            .filter(|t| t.revoked_at.is_none() && now < t.expires_at)
            .count()
    };
    let two_factor = state.uc.two_factor.status(user).await?;
    Ok(render(
        StatusCode::OK,
        &SecurityPage {
            l,
            console,
            base: base(console),
            sessions,
            live_tokens,
            two_factor_offered: two_factor.rule != postern_domain::policy::TwoFactorRule::Off,
            two_factor_on: two_factor.enrolled,
            recovery_left: two_factor.recovery_left,
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
    show(&state, session, &csrf.0, &user, false).await
}

#[handler]
pub(crate) async fn admin_page(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    AdminSecuring(admin): AdminSecuring,
) -> Result<Response, PageError> {
    show(&state, session, &csrf.0, &admin, true).await
}

async fn end_one(
    state: &State<'_>,
    session: &Session,
    user: &User,
    id: &str,
    console: bool,
) -> Result<Response, PageError> {
    let current = session.get::<String>(keys::PUBLIC_ID).unwrap_or_default();
    let tr = layout(state, Some(user), "", None).await.tr;
    if id == current {
        set_problem(session, tr.t("page-security-this-browser-problem"));
    } else if state.uc.sessions.end(user, id).await? {
        set_flash(session, tr.t("page-security-session-ended"));
    } else {
        set_problem(session, tr.t("page-security-session-already-ended"));
    }
    Ok(Redirect::see_other(base(console)).into_response())
}

#[handler]
pub(crate) async fn end(
    state: State<'_>,
    session: &Session,
    Securing(user): Securing,
    Path(id): Path<String>,
    _: CsrfForm<CsrfOnly>,
) -> Result<Response, PageError> {
    end_one(&state, session, &user, &id, false).await
}

#[handler]
pub(crate) async fn admin_end(
    state: State<'_>,
    session: &Session,
    AdminSecuring(admin): AdminSecuring,
    Path(id): Path<String>,
    _: CsrfForm<CsrfOnly>,
) -> Result<Response, PageError> {
    end_one(&state, session, &admin, &id, true).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct EverywhereForm {
    csrf_token: String,
    revoke_tokens: Option<String>,
}

carries_csrf!(EverywhereForm);

async fn everywhere(
    state: &State<'_>,
    session: &Session,
    user: &User,
    revoke_tokens: bool,
    console: bool,
) -> Result<Response, PageError> {
    let current = session.get::<String>(keys::PUBLIC_ID);
    let ended = state
        .uc
        .sessions
        .end_everywhere(user, current.as_deref(), revoke_tokens)
        .await?;
    let tr = layout(state, Some(user), "", None).await.tr;
    let mut message = tr.t1("page-security-everywhere-done", "count", ended.sessions);
    if revoke_tokens {
        message.push(' ');
        message.push_str(&tr.t1("page-security-tokens-revoked", "count", ended.tokens));
    }
    set_flash(session, message);
    Ok(Redirect::see_other(base(console)).into_response())
}

#[handler]
pub(crate) async fn sign_out_everywhere(
    state: State<'_>,
    session: &Session,
    Securing(user): Securing,
    CsrfForm(form): CsrfForm<EverywhereForm>,
) -> Result<Response, PageError> {
    everywhere(&state, session, &user, form.revoke_tokens.is_some(), false).await
}

#[handler]
pub(crate) async fn admin_sign_out_everywhere(
    state: State<'_>,
    session: &Session,
    AdminSecuring(admin): AdminSecuring,
    _: CsrfForm<CsrfOnly>,
) -> Result<Response, PageError> {
    everywhere(&state, session, &admin, false, true).await
}
