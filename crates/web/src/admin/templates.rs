//! The editable email templates, with preview and reset.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Query, Redirect};
use poem::{IntoResponse, Response, handler};
use postern_domain::template::{InvitationTemplate, TemplateKind};
use postern_domain::usecases::AdminError;
use serde::Deserialize;

use crate::auth::{State, set_flash, take_flash};
use crate::errors::FieldErrors;
use crate::extract::{Admin, CsrfForm, PageError, carries_csrf};
use crate::pages::{Layout, layout, render};

#[derive(Template)]
#[template(path = "admin_template.html")]
struct TemplatePage {
    l: Layout,
    kind: &'static str,
    label: &'static str,
    kinds: Vec<(&'static str, &'static str)>,
    custom: bool,
    placeholders: &'static [&'static str],
    source: String,
    /// The text with sample values, paragraph by paragraph, as the recipient reads it.
    preview: Option<Vec<String>>,
    errors: FieldErrors,
}

/// Sample values for every placeholder of every template.
const SAMPLE: &[(&str, &str)] = &[
    ("inviter_name", "Sam Staff"),
    ("inviter_email", "sam.staff@example.com"),
    ("recipient_email", "guest@example.org"),
    ("expiry_date", "2026-12-10 09:00 UTC"),
    ("user_name", "Guest Person"),
    ("user_email", "guest@example.org"),
    ("reason", "550 5.1.1 mailbox unavailable"),
];

/// `t` filled in with the sample values and the portal's own name, in paragraphs.
fn preview(t: &InvitationTemplate, portal: &str) -> Vec<String> {
    let mut values = SAMPLE.to_vec();
    values.push(("portal_name", portal));
    t.render_values(&values)
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

fn template_page(
    l: Layout,
    kind: TemplateKind,
    custom: bool,
    source: String,
    preview: Option<Vec<String>>,
    errors: FieldErrors,
) -> TemplatePage {
    TemplatePage {
        l,
        kind: kind.name(),
        label: kind.label(),
        kinds: TemplateKind::ALL.iter().map(|k| (k.name(), k.label())).collect(),
        custom,
        placeholders: kind.placeholders(),
        source,
        preview,
        errors,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct KindQuery {
    kind: String,
}

/// The template a request names: none named is the invitation's; an unknown name is refused,
/// never taken for another template.
fn kind_of(name: &str) -> Result<TemplateKind, PageError> {
    if name.trim().is_empty() {
        return Ok(TemplateKind::Invitation);
    }
    TemplateKind::from_name(name.trim()).ok_or_else(|| {
        PageError::message(
            StatusCode::NOT_FOUND,
            "No such template",
            format!("There is no template called \"{}\".", crate::pages::clip_for_page(name)),
        )
    })
}

#[handler]
pub(crate) async fn template_page_get(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Query(q): Query<KindQuery>,
    Admin(admin): Admin,
) -> Result<Response, PageError> {
    let kind = kind_of(&q.kind)?;
    let (template, custom) = match state.uc.admin.template(kind).await {
        Ok(t) => t,
        Err(e) => return Err(PageError::internal(&e)),
    };
    let l = layout(&state, Some(&admin), &csrf.0, take_flash(session)).await;
    let shown = Some(preview(&template, &l.portal_name));
    Ok(render(
        StatusCode::OK,
        &template_page(
            l,
            kind,
            custom,
            template.source().to_owned(),
            shown,
            FieldErrors::default(),
        ),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct TemplateForm {
    csrf_token: String,
    kind: String,
    source: String,
    action: String,
}

carries_csrf!(TemplateForm, ResetForm);

#[handler]
pub(crate) async fn save_template(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    CsrfForm(form): CsrfForm<TemplateForm>,
    Admin(admin): Admin,
) -> Result<Response, PageError> {
    let kind = kind_of(&form.kind)?;
    let a = &state.uc.admin;
    let custom = a.template(kind).await.map(|t| t.1).unwrap_or(false);
    let mut errors = FieldErrors::default();
    let parsed = InvitationTemplate::parse_for(kind, &form.source);
    let portal = state.settings.load_settings().await?.portal_name;
    let shown = parsed.as_ref().ok().map(|t| preview(t, &portal));
    match parsed {
        Err(e) => errors.add("source", e.to_string()),
        Ok(_) if form.action == "save" => match a.save_template(&admin, kind, &form.source).await {
            Ok(_) => {
                set_flash(session, format!("{} saved; the next messages use it.", kind.label()));
                return Ok(Redirect::see_other(format!("/admin/template?kind={}", kind.name())).into_response());
            }
            Err(AdminError::Subject(e)) => errors.add("source", format!("the subject would be invalid: {e}")),
            Err(e) => return Err(PageError::internal(&e)),
        },
        Ok(_) => {}
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let l = layout(&state, Some(&admin), &csrf.0, None).await;
    Ok(render(
        status,
        &template_page(l, kind, custom, form.source.clone(), shown, errors),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ResetForm {
    csrf_token: String,
    kind: String,
}

#[handler]
pub(crate) async fn reset_template(
    state: State<'_>,
    session: &Session,
    _csrf: &CsrfToken,
    CsrfForm(form): CsrfForm<ResetForm>,
    Admin(admin): Admin,
) -> Result<Response, PageError> {
    let kind = kind_of(&form.kind)?;
    if let Err(e) = state.uc.admin.reset_template(&admin, kind).await {
        return Err(PageError::internal(&e));
    }
    set_flash(session, format!("{}: the built-in text is back in use.", kind.label()));
    Ok(Redirect::see_other(format!("/admin/template?kind={}", kind.name())).into_response())
}
