//! The page where users create and revoke their personal API tokens.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Path, Redirect};
use poem::{IntoResponse, Response, handler};
use postern_domain::ids::ApiTokenId;
use postern_domain::ports::StoreError;
use postern_domain::token::TokenScope;
use postern_domain::usecases::CreateTokenError;
use postern_domain::user::User;
use serde::Deserialize;

use crate::auth::{State, set_flash, take_flash};
use crate::errors::FieldErrors;
use crate::extract::{CsrfForm, CsrfOnly, Member, PageError, carries_csrf};
use crate::pages::{Layout, layout, render};

pub(crate) struct TokenRow {
    id: String,
    name: String,
    created: String,
    last_used: String,
    expires: String,
    scope: String,
    status: String,
    live: bool,
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    l: Layout,
    /// Identifies this form: a refresh that posts it again creates nothing.
    form_key: String,
    new_token: Option<String>,
    name: String,
    /// The scope chosen: `read` or `send`.
    scope: String,
    /// The lifetime typed, or the administrator's default.
    days: String,
    /// The administrator's maximum.
    max_days: u32,
    tokens: Vec<TokenRow>,
    errors: FieldErrors,
}

/// What the create form keeps when it is shown again.
#[derive(Default)]
struct Typed {
    name: String,
    scope: String,
    days: String,
}

async fn page(
    state: &State<'_>,
    user: &User,
    csrf: &str,
    flash: Option<String>,
    new_token: Option<String>,
    typed: Typed,
    errors: FieldErrors,
) -> Result<TokensPage, StoreError> {
    let policy = state.settings.load_settings().await?.security.clone();
    let now = state.clock.now();
    let l = layout(state, Some(user), csrf, flash).await;
    let tr = l.tr;
    let tokens = state
        .uc
        .api_tokens
        .list(user)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id.to_string(),
            name: t.name,
            created: tr.time(t.created_at),
            last_used: t
                .last_used_at
                .map_or_else(|| tr.t("page-tokens-never"), |at| tr.time(at)),
            expires: tr.time(t.expires_at),
            scope: tr.t(match t.scope {
                TokenScope::Read => "page-tokens-scope-read",
                TokenScope::Send => "page-tokens-scope-send",
            }),
            status: tr.t(match (t.revoked_at, now >= t.expires_at) {
                (Some(_), _) => "page-tokens-revoked-status",
                (None, true) => "page-tokens-expired-status",
                (None, false) => "page-tokens-active-status",
            }),
            live: t.revoked_at.is_none() && now < t.expires_at,
        })
        .collect();
    let mut key = [0u8; 16];
    state.random.fill(&mut key);
    Ok(TokensPage {
        l,
        form_key: hex::encode(key),
        new_token,
        name: typed.name,
        scope: if typed.scope.is_empty() {
            "send".into()
        } else {
            typed.scope
        },
        days: if typed.days.is_empty() {
            policy.token_default_days.min(policy.token_max_days).to_string()
        } else {
            typed.days
        },
        max_days: policy.token_max_days,
        tokens,
        errors,
    })
}

#[handler]
pub(crate) async fn list(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Member(user): Member,
) -> Result<Response, PageError> {
    let page = page(
        &state,
        &user,
        &csrf.0,
        take_flash(session),
        None,
        Typed::default(),
        FieldErrors::default(),
    )
    .await?;
    Ok(render(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct CreateForm {
    csrf_token: String,
    form_key: String,
    name: String,
    /// `read` or `send`.
    scope: String,
    /// Days until it expires.
    days: String,
}

/// The session key under which the forms that already created a token are remembered.
const USED_FORMS: &str = "token_forms";
/// How many of them are remembered.
const REMEMBERED: usize = 20;

carries_csrf!(CreateForm);

#[handler]
pub(crate) async fn create(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Member(user): Member,
    CsrfForm(form): CsrfForm<CreateForm>,
) -> Result<Response, PageError> {
    // A refresh (or Back, then Create) posts the same form again: it made its token already.
    // The secret is never kept to show it again, so the list is shown instead.
    let mut used: Vec<String> = session.get(USED_FORMS).unwrap_or_default();
    let tr = layout(&state, Some(&user), &csrf.0, None).await.tr;
    if !form.form_key.is_empty() && used.contains(&form.form_key) {
        set_flash(session, tr.t("page-tokens-form-used"));
        return Ok(Redirect::see_other("/tokens").into_response());
    }
    let mut errors = FieldErrors::default();
    let scope = TokenScope::from_name(&form.scope).unwrap_or_else(|| {
        errors.add("scope", tr.t("form-token-scope"));
        TokenScope::Read
    });
    let days = match form.days.trim() {
        "" => None,
        text => text.parse::<u32>().map(Some).unwrap_or_else(|_| {
            errors.add("days", tr.t("form-token-days-number"));
            None
        }),
    };
    let created = if errors.is_empty() {
        Some(state.uc.api_tokens.create(&user, &form.name, days, scope).await)
    } else {
        // The other fields are still checked, so every problem is shown at once.
        for problem in state.uc.api_tokens.check(&form.name, days).await?.1 {
            token_problem(&mut errors, &problem, tr);
        }
        None
    };
    let new_token = match created {
        // The plaintext is shown in this response only; it is never stored or redirected.
        Some(Ok((_, token))) => {
            if !form.form_key.is_empty() {
                used.push(form.form_key.clone());
                let excess = used.len().saturating_sub(REMEMBERED);
                used.drain(..excess);
                session.set(USED_FORMS, used);
            }
            Some(token)
        }
        Some(Err(CreateTokenError::Store(e))) => return Err(e.into()),
        Some(Err(problem)) => {
            token_problem(&mut errors, &problem, tr);
            None
        }
        None => None,
    };
    let status = if new_token.is_some() {
        StatusCode::CREATED
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let typed = if new_token.is_some() {
        Typed::default()
    } else {
        Typed {
            name: form.name.clone(),
            scope: form.scope.clone(),
            days: form.days.clone(),
        }
    };
    let page = page(&state, &user, &csrf.0, None, new_token, typed, errors).await?;
    Ok(render(status, &page))
}

/// A problem of the create form, under its field.
fn token_problem(errors: &mut FieldErrors, problem: &CreateTokenError, tr: postern_i18n::Tr<'_>) {
    if let Some((field, message)) = postern_i18n::refusals::token(problem) {
        errors.add(field, message.render(tr));
    }
}

#[handler]
pub(crate) async fn revoke(
    state: State<'_>,
    session: &Session,
    Member(user): Member,
    Path(id): Path<String>,
    _: CsrfForm<CsrfOnly>,
) -> Result<Response, PageError> {
    let tr = layout(&state, Some(&user), "", None).await.tr;
    let message = match ApiTokenId::parse(&id) {
        Some(id) => match state.uc.api_tokens.revoke(&user, id).await {
            Ok(()) => "page-tokens-revoked",
            Err(StoreError::NotFound) => "page-tokens-no-such-token",
            Err(e) => return Err(e.into()),
        },
        None => "page-tokens-no-such-token",
    };
    set_flash(session, tr.t(message));
    Ok(Redirect::see_other("/tokens").into_response())
}
