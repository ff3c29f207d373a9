//! The editable email templates, with preview and reset.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Query, Redirect};
use poem::{IntoResponse, Response, handler};
use postern_domain::Language;
use postern_domain::template::{InvitationTemplate, TemplateKind};
use postern_domain::usecases::{AdminError, TemplateOrigin};
use serde::Deserialize;

use crate::auth::{State, set_flash, take_flash};
use crate::errors::FieldErrors;
use crate::extract::{Admin, CsrfForm, PageError, carries_csrf};
use crate::i18n::Words;
use crate::pages::{Layout, layout, render};

#[derive(Template)]
#[template(path = "admin_template.html")]
struct TemplatePage {
    l: Layout,
    kind: &'static str,
    label: String,
    kinds: Vec<(&'static str, String)>,
    /// The language shown, and each language's code, name and where its text comes from.
    language: Language,
    languages: Vec<(&'static str, &'static str, String)>,
    /// Where the text in force for the language shown comes from.
    origin: String,
    /// Whether the language shown has a text of the administrator's own (to remove).
    own: bool,
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
    ("user_name", "Guest Person"),
    ("user_email", "guest@example.org"),
    ("reason", "550 5.1.1 mailbox unavailable"),
];

/// `t` filled in with the sample values and the portal's own name, in paragraphs (the expiry
/// written the language's way).
fn preview(t: &InvitationTemplate, portal: &str, tr: postern_i18n::Tr<'_>) -> Vec<String> {
    let expiry = tr.time(time::macros::datetime!(2026-12-10 09:00 UTC));
    let mut values: Vec<(&str, &str)> = SAMPLE.iter().copied().filter(|(n, _)| *n != "expiry_date").collect();
    values.push(("expiry_date", &expiry));
    values.push(("portal_name", portal));
    t.render_values(&values)
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Where a template's text comes from, as the console says it.
fn origin_text(origin: TemplateOrigin, tr: postern_i18n::Tr<'_>) -> String {
    match origin {
        TemplateOrigin::Own => tr.t("page-template-own"),
        TemplateOrigin::DefaultLanguage(l) => tr.t1("page-template-default-language", "language", l.endonym()),
        TemplateOrigin::Builtin => tr.t("page-template-builtin"),
    }
}

/// A template's name, as the console says it.
fn label_id(kind: TemplateKind) -> &'static str {
    match kind {
        TemplateKind::Invitation => "page-template-invitation",
        TemplateKind::InternalInvitation => "page-template-internal-invitation",
        TemplateKind::Subject => "page-template-subject",
        TemplateKind::Welcome => "page-template-welcome",
        TemplateKind::Accepted => "page-template-accepted",
        TemplateKind::DeliveryFailed => "page-template-delivery-failed",
    }
}

/// Each language with where its text of `kind` comes from.
async fn languages_of(
    state: &crate::AppState,
    kind: TemplateKind,
    tr: postern_i18n::Tr<'_>,
) -> Result<Vec<(&'static str, &'static str, String)>, PageError> {
    let mut out = Vec::new();
    for language in Language::ALL {
        let (_, origin) = state.uc.admin.template(kind, language).await?;
        out.push((language.code(), language.endonym(), origin_text(origin, tr)));
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn template_page(
    l: Layout,
    kind: TemplateKind,
    language: Language,
    languages: Vec<(&'static str, &'static str, String)>,
    origin: TemplateOrigin,
    source: String,
    preview: Option<Vec<String>>,
    errors: FieldErrors,
) -> TemplatePage {
    let tr = l.tr;
    TemplatePage {
        l,
        kind: kind.name(),
        label: tr.t(label_id(kind)),
        kinds: TemplateKind::ALL
            .iter()
            .map(|k| (k.name(), tr.t(label_id(*k))))
            .collect(),
        language,
        languages,
        origin: origin_text(origin, tr),
        own: origin == TemplateOrigin::Own,
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
    language: String,
}

/// The language a request names: none named is the administrator's default; an unknown one is
/// refused, never taken for another.
async fn language_of(state: &crate::AppState, code: &str) -> Result<Language, PageError> {
    if code.trim().is_empty() {
        return Ok(state.settings.load_settings().await?.default_language);
    }
    Language::parse(code).ok_or_else(|| {
        PageError::message(
            StatusCode::NOT_FOUND,
            Words::id("page-language-unknown-title"),
            Words::id("page-template-unknown-language")
                .with("languages", Language::codes())
                .with("code", crate::pages::clip_for_page(code)),
        )
    })
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
            Words::id("page-template-unknown-title"),
            Words::id("page-template-unknown").with("name", crate::pages::clip_for_page(name)),
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
    let language = language_of(&state, &q.language).await?;
    let (template, origin) = state.uc.admin.template(kind, language).await?;
    let l = layout(&state, Some(&admin), &csrf.0, take_flash(session)).await;
    let languages = languages_of(&state, kind, l.tr).await?;
    let shown = Some(preview(&template, &l.portal_name, state.catalog.tr(language)));
    Ok(render(
        StatusCode::OK,
        &template_page(
            l,
            kind,
            language,
            languages,
            origin,
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
    language: String,
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
    let language = language_of(&state, &form.language).await?;
    let a = &state.uc.admin;
    let (_, origin) = a.template(kind, language).await?;
    let mut errors = FieldErrors::default();
    let parsed = InvitationTemplate::parse_for(kind, &form.source);
    let portal = state.settings.load_settings().await?.portal_name.clone();
    let shown = parsed
        .as_ref()
        .ok()
        .map(|t| preview(t, &portal, state.catalog.tr(language)));
    match parsed {
        Err(e) => {
            let tr = layout(&state, Some(&admin), "", None).await.tr;
            errors.add("source", crate::errors::template_error(&e).render(tr));
        }
        Ok(_) if form.action == "save" => match a.save_template(&admin, kind, language, &form.source).await {
            Ok(_) => {
                let tr = layout(&state, Some(&admin), "", None).await.tr;
                set_flash(
                    session,
                    tr.t2(
                        "page-template-saved",
                        ("template", tr.t(label_id(kind))),
                        ("language", language.endonym()),
                    ),
                );
                return Ok(Redirect::see_other(format!(
                    "/admin/template?kind={}&language={}",
                    kind.name(),
                    language.code()
                ))
                .into_response());
            }
            Err(AdminError::Subject(e)) => {
                let tr = layout(&state, Some(&admin), "", None).await.tr;
                errors.add("source", tr.t1("form-template-subject", "reason", e.to_string()));
            }
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
    let languages = languages_of(&state, kind, l.tr).await?;
    Ok(render(
        status,
        &template_page(l, kind, language, languages, origin, form.source.clone(), shown, errors),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ResetForm {
    csrf_token: String,
    kind: String,
    language: String,
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
    let language = language_of(&state, &form.language).await?;
    if let Err(e) = state.uc.admin.reset_template(&admin, kind, language).await {
        return Err(PageError::internal(&e));
    }
    let (_, origin) = state.uc.admin.template(kind, language).await?;
    let tr = layout(&state, Some(&admin), "", None).await.tr;
    set_flash(
        session,
        tr.args(
            "page-template-removed",
            &[
                ("template", tr.t(label_id(kind)).into()),
                ("language", language.endonym().into()),
                ("origin", origin_text(origin, tr).into()),
            ],
        ),
    );
    Ok(Redirect::see_other(format!(
        "/admin/template?kind={}&language={}",
        kind.name(),
        language.code()
    ))
    .into_response())
}
