//! The page where users create and revoke their personal API tokens.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Path, Redirect};
use poem::{IntoResponse, Response, handler};
use postern_domain::ids::ApiTokenId;
use postern_domain::message::format_time;
use postern_domain::ports::StoreError;
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
    status: &'static str,
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
    tokens: Vec<TokenRow>,
    errors: FieldErrors,
}

async fn page(
    state: &State<'_>,
    user: &User,
    csrf: &str,
    flash: Option<String>,
    new_token: Option<String>,
    name: String,
    errors: FieldErrors,
) -> Result<TokensPage, StoreError> {
    let tokens = state
        .uc
        .api_tokens
        .list(user)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id.to_string(),
            name: t.name,
            created: format_time(t.created_at),
            last_used: t.last_used_at.map(format_time).unwrap_or_else(|| "never".into()),
            status: if t.revoked_at.is_some() { "revoked" } else { "active" },
            live: t.revoked_at.is_none(),
        })
        .collect();
    let mut key = [0u8; 16];
    state.random.fill(&mut key);
    Ok(TokensPage {
        l: layout(state, Some(user), csrf, flash).await,
        form_key: key.iter().map(|b| format!("{b:02x}")).collect(),
        new_token,
        name,
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
        String::new(),
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
    if !form.form_key.is_empty() && used.contains(&form.form_key) {
        set_flash(
            session,
            "This form already created its token, and its secret was shown once; the token is in the list below. Create a new one if you need it.",
        );
        return Ok(Redirect::see_other("/tokens").into_response());
    }
    let (status, new_token, errors) = match state.uc.api_tokens.create(&user, &form.name).await {
        // The plaintext is shown in this response only; it is never stored or redirected.
        Ok((_, token)) => {
            if !form.form_key.is_empty() {
                used.push(form.form_key.clone());
                let excess = used.len().saturating_sub(REMEMBERED);
                used.drain(..excess);
                session.set(USED_FORMS, used);
            }
            (StatusCode::CREATED, Some(token), FieldErrors::default())
        }
        Err(e @ CreateTokenError::InvalidName) => {
            let mut errors = FieldErrors::default();
            errors.add("name", e.to_string().trim_start_matches("name: ").to_owned());
            (StatusCode::UNPROCESSABLE_ENTITY, None, errors)
        }
        Err(CreateTokenError::Store(e)) => return Err(e.into()),
    };
    let name = if new_token.is_some() {
        String::new()
    } else {
        form.name.clone()
    };
    let page = page(&state, &user, &csrf.0, None, new_token, name, errors).await?;
    Ok(render(status, &page))
}

#[handler]
pub(crate) async fn revoke(
    state: State<'_>,
    session: &Session,
    Member(user): Member,
    Path(id): Path<String>,
    _: CsrfForm<CsrfOnly>,
) -> Result<Response, PageError> {
    let message = match ApiTokenId::parse(&id) {
        Some(id) => match state.uc.api_tokens.revoke(&user, id).await {
            Ok(()) => "The token was revoked; tools using it are refused from now on.",
            Err(StoreError::NotFound) => "That token does not exist or was already revoked.",
            Err(e) => return Err(e.into()),
        },
        None => "That token does not exist or was already revoked.",
    };
    set_flash(session, message);
    Ok(Redirect::see_other("/tokens").into_response())
}
