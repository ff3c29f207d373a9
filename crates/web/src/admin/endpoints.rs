//! Webhooks: the endpoints told of each step of every invitee's history.

use std::collections::HashMap;

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Path, Redirect};
use poem::{IntoResponse, Response, handler};
use postern_domain::history::HistoryEvent;
use postern_domain::ids::WebhookId;
use postern_domain::usecases::WebhookError;
use postern_domain::user::User;
use postern_domain::webhook::{EVENTS, Webhook};
use serde::Deserialize;

use crate::auth::{State, set_flash, take_flash};
use crate::errors::FieldErrors;
use crate::extract::{Admin, CsrfForm, PageError};
use crate::pages::{Layout, layout, render};

pub(crate) struct EndpointRow {
    id: String,
    url: String,
    events: String,
    last: String,
}

#[derive(Template)]
#[template(path = "admin_webhooks.html")]
struct WebhooksPage {
    l: Layout,
    endpoints: Vec<EndpointRow>,
    /// The endpoint just added and its secret, shown once.
    secret: Option<(String, String)>,
    errors: FieldErrors,
    url: String,
    /// Event name, what it means, ticked.
    choices: Vec<(&'static str, String, bool)>,
}

fn row(w: &Webhook, tr: postern_i18n::Tr<'_>) -> EndpointRow {
    let names: Vec<&str> = w.events.iter().map(|e| e.as_str()).collect();
    let last = match (&w.last_attempt, w.last_success_at) {
        (None, _) => tr.t("page-webhooks-none-yet"),
        (Some((at, outcome)), Some(ok)) if ok == *at => format!("{} · {outcome}", tr.time(*at)),
        (Some((at, outcome)), Some(ok)) => tr.args(
            "page-webhooks-failed-since",
            &[
                ("at", tr.time(*at).into()),
                ("outcome", outcome.as_str().into()),
                ("success", tr.time(ok).into()),
            ],
        ),
        (Some((at, outcome)), None) => tr.t2(
            "page-webhooks-failed",
            ("at", tr.time(*at)),
            ("outcome", outcome.as_str()),
        ),
    };
    EndpointRow {
        id: w.id.to_string(),
        url: w.url.shown(),
        events: names.join(", "),
        last,
    }
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &State<'_>,
    session: &Session,
    csrf: &str,
    admin: &User,
    secret: Option<(String, String)>,
    errors: FieldErrors,
    url: String,
    ticked: &[HistoryEvent],
    status: StatusCode,
) -> Result<Response, PageError> {
    let l = layout(state, Some(admin), csrf, take_flash(session)).await;
    let tr = l.tr;
    let endpoints = match state.uc.webhooks.list(admin).await {
        Ok(list) => list.iter().map(|w| row(w, tr)).collect(),
        Err(WebhookError::Store(e)) => return Err(e.into()),
        Err(_) => return Err(PageError::AdminSignIn),
    };
    let mut page = render(
        status,
        &WebhooksPage {
            l,
            endpoints,
            secret,
            errors,
            url,
            choices: EVENTS
                .iter()
                .map(|e| (e.as_str(), tr.t(crate::invitations::event_id(*e)), ticked.contains(e)))
                .collect(),
        },
    );
    page.headers_mut().insert(
        poem::http::header::CACHE_CONTROL,
        poem::http::HeaderValue::from_static("no-store"),
    );
    Ok(page)
}

/// The endpoints and the form to add one.
#[handler]
pub(crate) async fn webhooks(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Admin(admin): Admin,
) -> Result<Response, PageError> {
    let defaults = [HistoryEvent::Sent, HistoryEvent::Bounced, HistoryEvent::Accepted];
    page(
        &state,
        session,
        &csrf.0,
        &admin,
        None,
        FieldErrors::default(),
        String::new(),
        &defaults,
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct NewEndpoint {
    csrf_token: String,
    url: String,
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

crate::extract::carries_csrf!(NewEndpoint);

/// Adds an endpoint; its secret is shown once.
#[handler]
pub(crate) async fn add_webhook(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Admin(admin): Admin,
    CsrfForm(form): CsrfForm<NewEndpoint>,
) -> Result<Response, PageError> {
    let events: Vec<HistoryEvent> = EVENTS
        .into_iter()
        .filter(|e| form.rest.contains_key(&format!("event_{}", e.as_str())))
        .collect();
    let mut errors = FieldErrors::default();
    match state.uc.webhooks.register(&admin, &form.url, &events).await {
        Ok((webhook, secret)) => {
            let shown = Some((webhook.url.shown(), secret));
            return page(
                &state,
                session,
                &csrf.0,
                &admin,
                shown,
                errors,
                String::new(),
                &events,
                StatusCode::CREATED,
            )
            .await;
        }
        Err(WebhookError::Store(e)) => return Err(e.into()),
        Err(WebhookError::NotAdmin) => return Err(PageError::AdminSignIn),
        Err(e @ WebhookError::Url(_)) => {
            let tr = layout(&state, Some(&admin), "", None).await.tr;
            errors.add("url", crate::errors::webhook_error(&e).render(tr));
        }
        Err(e @ (WebhookError::NoEvents | WebhookError::TooMany | WebhookError::NotFound)) => {
            let tr = layout(&state, Some(&admin), "", None).await.tr;
            errors.add("events", crate::errors::webhook_error(&e).render(tr));
        }
    }
    page(
        &state,
        session,
        &csrf.0,
        &admin,
        None,
        errors,
        form.url,
        &events,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// Asks before removing an endpoint.
#[handler]
pub(crate) async fn remove_webhook_confirm(
    state: State<'_>,
    csrf: &CsrfToken,
    Admin(admin): Admin,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = WebhookId::parse(&id).ok_or_else(PageError::not_found)?;
    let list = state
        .uc
        .webhooks
        .list(&admin)
        .await
        .map_err(|_| PageError::AdminSignIn)?;
    let endpoint = list.iter().find(|w| w.id == id).ok_or_else(PageError::not_found)?;
    let l = layout(&state, Some(&admin), &csrf.0, None).await;
    let tr = l.tr;
    Ok(render(
        StatusCode::OK,
        &crate::pages::ConfirmPage {
            l,
            title: tr.t("page-webhooks-remove-title"),
            question: tr.t1("page-webhooks-remove-question", "url", endpoint.url.shown()),
            consequence: tr.t("page-webhooks-remove-consequence"),
            action: format!("/admin/webhooks/{id}/remove"),
            button: tr.t("page-webhooks-remove"),
            back: "/admin/webhooks".to_owned(),
            fields: Vec::new(),
            danger: true,
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct RemoveForm {
    csrf_token: String,
}

crate::extract::carries_csrf!(RemoveForm);

/// Removes an endpoint.
#[handler]
pub(crate) async fn remove_webhook(
    state: State<'_>,
    session: &Session,
    Admin(admin): Admin,
    Path(id): Path<String>,
    CsrfForm(_form): CsrfForm<RemoveForm>,
) -> Result<Response, PageError> {
    let id = WebhookId::parse(&id).ok_or_else(PageError::not_found)?;
    let tr = layout(&state, Some(&admin), "", None).await.tr;
    match state.uc.webhooks.remove(&admin, id).await {
        Ok(()) => set_flash(session, tr.t("page-webhooks-removed")),
        Err(WebhookError::Store(e)) => return Err(e.into()),
        Err(WebhookError::NotFound) => return Err(PageError::not_found()),
        Err(_) => return Err(PageError::AdminSignIn),
    }
    Ok(Redirect::see_other("/admin/webhooks").into_response())
}
