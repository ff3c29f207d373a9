//! Page rendering and the pages every route shares.

use askama::Template;
use poem::http::StatusCode;
use poem::web::Html;
use poem::{IntoResponse, Response, handler};

use crate::AppState;

/// What the layout needs.
pub(crate) struct Layout {
    pub portal_name: String,
    pub user: Option<LayoutUser>,
    pub csrf: String,
    pub flash: Option<String>,
    /// The flash is a refusal, not a success.
    pub flash_problem: bool,
    /// The page's words.
    pub tr: postern_i18n::Tr<'static>,
    /// The language switch: each language's code and name, and whether the page is in it.
    pub languages: Vec<(&'static str, &'static str, bool)>,
    /// Where the switch comes back to.
    pub here: String,
}

impl Layout {
    /// A page with nothing of the portal known (the database cannot be reached): the
    /// reader's language as the request says, else English.
    pub(crate) fn bare(catalog: &'static postern_i18n::Catalog) -> Self {
        let reader = crate::i18n::current();
        let language = reader.language(None, postern_domain::Language::En);
        Self {
            portal_name: "Postern".into(),
            user: None,
            csrf: String::new(),
            flash: None,
            flash_problem: false,
            tr: catalog.tr(language),
            languages: Vec::new(),
            here: reader.here,
        }
    }
}

pub(crate) struct LayoutUser {
    pub name: String,
    pub email: String,
    /// Where *Sign out* posts: the console's own for an administrator, else the portal's.
    pub sign_out: &'static str,
    /// The *Security* page: sessions, two-factor sign-in, tokens.
    pub security: &'static str,
}

/// What most pages weigh, in bytes.
const PAGE_BYTES: usize = 8 * 1024;

/// How many headers a page's answer ends with, about.
const ANSWER_HEADERS: usize = 16;

/// Renders a page with a status; a template failure is logged and becomes a plain 500.
pub(crate) fn render<T: Template>(status: StatusCode, page: &T) -> Response {
    // Room for a whole page at once: the template's own size hint counts its markup, not
    // the words the catalog fills in, and a page that outgrows it is copied as it grows.
    let mut html = String::with_capacity(PAGE_BYTES.max(T::SIZE_HINT));
    match page.render_into(&mut html) {
        Ok(()) => {
            let mut resp = Html(html).with_status(status).into_response();
            // Room for the headers every page gets on its way out (the security headers, the
            // CSRF cookie) at once, rather than growing the map a few times.
            resp.headers_mut().reserve(ANSWER_HEADERS);
            resp
        }
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "Internal error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "message.html")]
pub(crate) struct MessagePage {
    pub l: Layout,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub contact: Option<(String, String)>,
    pub link: Option<(String, String)>,
}

impl MessagePage {
    pub(crate) fn new(l: Layout, title: &str, paragraphs: &[&str]) -> Self {
        Self {
            l,
            title: title.to_owned(),
            paragraphs: paragraphs.iter().map(|p| (*p).to_owned()).collect(),
            contact: None,
            link: None,
        }
    }
    pub(crate) fn link(mut self, href: &str, text: &str) -> Self {
        self.link = Some((href.to_owned(), text.to_owned()));
        self
    }
    /// Whom to write to for a new link, as the page says it.
    fn contact_text(&self) -> String {
        self.contact.as_ref().map_or_else(String::new, |(name, email)| {
            self.l.tr.t2(
                "page-contact-inviter",
                ("name", name.as_str()),
                ("email", email.as_str()),
            )
        })
    }
}

/// A page that asks before an action that cannot be undone (revoke, resend, disable): its
/// button posts the action, *Cancel* goes back to where the person was.
#[derive(Template)]
#[template(path = "confirm.html")]
pub(crate) struct ConfirmPage {
    pub l: Layout,
    pub title: String,
    pub question: String,
    pub consequence: String,
    pub action: String,
    pub button: String,
    pub back: String,
    /// Other hidden fields the action needs.
    pub fields: Vec<(String, String)>,
    pub danger: bool,
}

/// The flash to show: the one left by an action, else the first problem with what was asked
/// for (an unknown filter value, a broken page address), shown as a problem.
pub(crate) fn flash_or_problem(flash: Option<String>, problems: &[String]) -> Option<String> {
    flash.or_else(|| problems.first().map(|p| format!("{}{p}", crate::auth::PROBLEM_MARK)))
}

/// A sign-out address opened in the browser (a bookmark, a typed address): it asks, and its
/// button signs out; signing out is never done by a mere visit.
pub(crate) async fn sign_out_page(
    state: &AppState,
    csrf: &str,
    user: Option<&postern_domain::user::User>,
    action: &str,
) -> Response {
    let l = layout(state, user, csrf, None).await;
    let tr = l.tr;
    render(
        StatusCode::OK,
        &ConfirmPage {
            l,
            title: tr.t("page-sign-out"),
            question: tr.t("page-sign-out-question"),
            consequence: tr.t("page-sign-out-consequence"),
            action: action.to_owned(),
            button: tr.t("page-sign-out"),
            back: "/".to_owned(),
            fields: Vec::new(),
            danger: false,
        },
    )
}

/// Where to go after signing in: `next` if it is a page of this portal (a path, no other
/// site, no sign-in or sign-out page), else nothing.
pub(crate) fn safe_return(next: &str) -> Option<String> {
    local_path(next).filter(|next| {
        !["/sign-in", "/sign-out", "/admin/sign-in", "/admin/sign-out"]
            .iter()
            .any(|p| next.starts_with(p))
    })
}

/// `next` if it is a path (and query) of this portal, plainly written; never another site.
pub(crate) fn local_path(next: &str) -> Option<String> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && next.len() <= 1000
        && next
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '\\' | '`'))
        && !next.contains("..");
    ok.then(|| next.to_owned())
}

/// `back` if it is a path of this portal under `list` (the list a person came from, with its
/// filters and page), else `list` itself: an action never sends anyone elsewhere.
pub(crate) fn safe_back(back: &str, list: &str) -> String {
    let rest = back.strip_prefix(list);
    let tidy = back.len() <= 1000
        && back
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '\\' | '`'))
        && !back.contains("//");
    match rest {
        Some(rest) if tidy && (rest.is_empty() || rest.starts_with('?')) => back.to_owned(),
        _ => list.to_owned(),
    }
}

/// An unexpected failure: logged in full, shown as a generic page.
pub(crate) fn internal_error(l: Layout, error: &dyn std::fmt::Display) -> Response {
    tracing::error!(error = %error, "request failed");
    let tr = l.tr;
    render(
        StatusCode::INTERNAL_SERVER_ERROR,
        &MessagePage::new(l, &tr.t("page-internal-error-title"), &[&tr.t("page-internal-error")]),
    )
}

pub(crate) fn csrf_failed(l: Layout) -> Response {
    let tr = l.tr;
    render(
        StatusCode::FORBIDDEN,
        &MessagePage::new(l, &tr.t("page-csrf-title"), &[&tr.t("page-csrf")]),
    )
}

pub(crate) fn too_many(l: Layout, sign_ins: bool) -> Response {
    let tr = l.tr;
    let wait = tr.t("page-too-many");
    // How the wait grows is said where it grows: after failed sign-ins (passwords or codes).
    let grows = tr.t("page-too-many-sign-in");
    let text: &[&str] = if sign_ins { &[&wait, &grows] } else { &[&wait] };
    let mut resp = render(
        StatusCode::TOO_MANY_REQUESTS,
        &MessagePage::new(l, &tr.t("page-too-many-title"), text),
    );
    resp.headers_mut()
        .insert("Retry-After", poem::http::HeaderValue::from_static("60"));
    resp
}

#[handler]
pub(crate) fn stylesheet() -> Response {
    Response::builder()
        .content_type("text/css; charset=utf-8")
        .header("Cache-Control", "public, max-age=3600")
        .body(include_str!("../static/postern.css"))
}

/// The progressive script (the pages work without it).
#[handler]
pub(crate) fn script() -> Response {
    Response::builder()
        .content_type("text/javascript; charset=utf-8")
        .header("Cache-Control", "public, max-age=3600")
        .body(include_str!("../static/postern.js"))
}

#[handler]
pub(crate) async fn health(state: crate::auth::State<'_>) -> Response {
    if crate::outage::reachable(state.sessions.as_ref()).await {
        "ok".into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}

/// The process answers (for a supervisor's liveness probe): nothing else is asked.
#[handler]
pub(crate) async fn live() -> &'static str {
    "ok"
}

/// Ready for traffic: the database answers, its schema is the one this binary knows, and the
/// delivery worker went round its loop lately.
/// JSON, one entry per part; 503 when one is not.
#[handler]
pub(crate) async fn ready(state: crate::auth::State<'_>) -> Response {
    let database = crate::outage::reachable(state.sessions.as_ref()).await;
    let worker = state.worker.as_ref().is_none_or(|beat| {
        if !beat.enabled {
            return true;
        }
        let last = beat.last.load(std::sync::atomic::Ordering::Relaxed);
        let silent = state.clock.now().unix_timestamp() - last;
        last > 0 && silent <= i64::try_from(beat.tolerance.as_secs()).unwrap_or(i64::MAX)
    });
    let schema = state
        .worker
        .as_ref()
        .is_none_or(|beat| beat.schema_current.load(std::sync::atomic::Ordering::Relaxed));
    let word = |ok: bool| if ok { "ok" } else { "failing" };
    let off = state.worker.as_ref().is_some_and(|beat| !beat.enabled);
    let body = serde_json::json!({
        "status": word(database && worker && schema),
        "database": word(database),
        "schema": word(schema),
        "delivery_worker": if off { "off" } else { word(worker) },
    });
    if database && worker && schema {
        (StatusCode::OK, poem::web::Json(body)).into_response()
    } else {
        let mut resp = (StatusCode::SERVICE_UNAVAILABLE, poem::web::Json(body)).into_response();
        resp.headers_mut()
            .insert("Retry-After", poem::http::HeaderValue::from_static("5"));
        resp
    }
}

/// The page for an address used the wrong way (a form's address opened as a link).
pub(crate) async fn method_not_allowed(state: &AppState) -> Response {
    let l = layout(state, None, "", None).await;
    let tr = l.tr;
    render(
        StatusCode::METHOD_NOT_ALLOWED,
        &MessagePage::new(l, &tr.t("page-form-address-title"), &[&tr.t("page-form-address")])
            .link("/", &tr.t("page-go-to-start")),
    )
}

/// The page for an address that is not there, under the portal's own name.
pub(crate) async fn not_found(state: &AppState) -> Response {
    let l = layout(state, None, "", None).await;
    let tr = l.tr;
    render(
        StatusCode::NOT_FOUND,
        &MessagePage::new(l, &tr.t("page-not-found-title"), &[&tr.t("page-not-found")])
            .link("/", &tr.t("page-go-to-start")),
    )
}

pub(crate) async fn layout(
    state: &AppState,
    user: Option<&postern_domain::user::User>,
    csrf: &str,
    flash: Option<String>,
) -> Layout {
    layout_in(state, user, csrf, flash, None).await
}

/// The layout of a page whose language is `hint` when its reader chose none (the pages of an
/// activation link open in the invitation's language).
pub(crate) async fn layout_in(
    state: &AppState,
    user: Option<&postern_domain::user::User>,
    csrf: &str,
    flash: Option<String>,
    hint: Option<postern_domain::Language>,
) -> Layout {
    let (portal_name, default) = state
        .settings
        .load_settings()
        .await
        .map(|s| (s.portal_name.clone(), s.default_language))
        .unwrap_or_else(|_| ("Postern".into(), postern_domain::Language::En));
    let reader = crate::i18n::current();
    let language = reader.language(hint, default);
    Layout {
        tr: state.catalog.tr(language),
        languages: postern_domain::Language::ALL
            .into_iter()
            .map(|l| (l.code(), l.endonym(), l == language))
            .collect(),
        here: reader.here,
        portal_name,
        user: user.map(|u| LayoutUser {
            name: u.display_name.as_str().to_owned(),
            email: u.email.as_str().to_owned(),
            sign_out: if u.kind == postern_domain::user::UserKind::Admin {
                "/admin/sign-out"
            } else {
                "/sign-out"
            },
            security: if u.kind == postern_domain::user::UserKind::Admin {
                "/admin/security"
            } else {
                "/security"
            },
        }),
        csrf: csrf.to_owned(),
        flash_problem: flash
            .as_deref()
            .is_some_and(|f| f.starts_with(crate::auth::PROBLEM_MARK)),
        flash: flash.map(|f| f.trim_start_matches(crate::auth::PROBLEM_MARK).to_owned()),
    }
}

/// A query string of `pairs`, each value percent-encoded.
pub(crate) fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| {
            let encoded: String = v
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                        char::from(b).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            format!("{k}={encoded}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Something a person typed, shown back on a page: at most 100 characters.
pub(crate) fn clip_for_page(text: &str) -> String {
    postern_domain::usecases::clip(text, 100)
}

#[cfg(test)]
mod tests {
    use super::safe_back;

    #[test]
    fn an_action_goes_back_only_to_its_own_list() {
        let list = "/admin/invitations";
        for kept in [
            "/admin/invitations",
            "/admin/invitations?recipient=bob&cursor=1.abc.3",
            "/admin/invitations?state=sent",
        ] {
            assert_eq!(safe_back(kept, list), kept);
        }
        for hostile in [
            "",
            "https://evil.example/admin/invitations",
            "//evil.example/admin/invitations",
            "/admin/invitationsX",
            "/admin/invitations/../../sign-out",
            "/admin/invitations?x=1 onmouseover=alert(1)",
            "/admin/invitations?x=\"><script>",
            "/admin/users",
            "/admin/invitations?next=//evil.example",
        ] {
            assert_eq!(safe_back(hostile, list), list, "{hostile:?}");
        }
    }
}
