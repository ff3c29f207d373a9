//! Which language a page is read in, and the language switch.
//!
//! A page is written in the reader's own choice (the switch at the foot of every page, kept in
//! a cookie and, for a signed-in person, in their account), else — on the pages of an
//! activation link — in the invitation's language, else in the first of the portal's languages
//! their browser asks for (`Accept-Language`), else in the administrator's default. The
//! request's facts are read once, before the handler runs, and kept for the request
//! ([`current`]); [`crate::pages::layout`] decides.

use poem::http::StatusCode;
use poem::web::{CsrfToken, Redirect};
use poem::{Endpoint, IntoResponse, Request, Response, handler};
use postern_domain::Language;
use serde::Deserialize;

use crate::auth::State;
use crate::extract::{CsrfForm, PageError};

/// The cookie that keeps a browser's choice of language.
pub(crate) const COOKIE: &str = "postern_lang";

/// What the request says about its reader's language.
#[derive(Debug, Clone)]
pub(crate) struct Reader {
    /// The portal's words (the pseudo-locale's in tests that ask for it).
    pub catalog: &'static postern_i18n::Catalog,
    /// Chosen with the switch (the cookie).
    pub chosen: Option<Language>,
    /// The browser's first of the portal's languages.
    pub browser: Option<Language>,
    /// The page asked for (path and query), where the switch comes back to.
    pub here: String,
}

tokio::task_local! {
    static READER: Reader;
}

impl Default for Reader {
    fn default() -> Self {
        Self {
            catalog: postern_i18n::catalog(false),
            chosen: None,
            browser: None,
            here: "/".to_owned(),
        }
    }
}

impl Reader {
    fn of(req: &Request, catalog: &'static postern_i18n::Catalog) -> Self {
        let chosen = req
            .headers()
            .get_all(poem::http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == COOKIE)
            .and_then(|(_, value)| Language::parse(value));
        let browser = req
            .headers()
            .get(poem::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            // A header of a sensible size only: the negotiation reads every entry.
            .filter(|v| v.len() <= 512)
            .and_then(postern_i18n::negotiate);
        let here = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .filter(|p| req.uri().path() != "/language" && p.len() <= 1000)
            .unwrap_or_else(|| "/".to_owned());
        Self {
            catalog,
            chosen,
            browser,
            here,
        }
    }

    /// The page's language: the reader's choice, else `hint` (an invitation's language), else
    /// their browser's, else `default`.
    pub(crate) fn language(&self, hint: Option<Language>, default: Language) -> Language {
        self.chosen.or(hint).or(self.browser).unwrap_or(default)
    }
}

/// Keeps what the request says about its reader's language for the pages it renders.
pub(crate) async fn reader<E: Endpoint>(
    next: E,
    req: Request,
    catalog: &'static postern_i18n::Catalog,
) -> poem::Result<Response> {
    let reader = Reader::of(&req, catalog);
    let api = req.uri().path().starts_with("/api/");
    READER
        .scope(reader, async move {
            match next.call(req).await {
                Ok(resp) => Ok(resp.into_response()),
                // A path that does not decode (`/activate/%ff`) is refused by the router before
                // any route's own error handling: answered here, in the reader's language and,
                // for the API, in its one error shape.
                Err(e) if e.status() == StatusCode::BAD_REQUEST => Ok(if api {
                    crate::api::error::from_poem(&e)
                } else {
                    crate::limits::plain_page(StatusCode::BAD_REQUEST, "page-bad-request-title", "page-bad-request")
                }),
                Err(e) => Err(e),
            }
        })
        .await
}

/// The request's reader (outside a request: nothing known).
pub(crate) fn current() -> Reader {
    READER.try_with(Clone::clone).unwrap_or_default()
}

/// The words of an API answer (its `message` and `reason`s): in the language the request's
/// `Accept-Language` asks for, else English. A program sends no cookie and has no saved
/// choice; its logs stay in one language unless it asks for another.
pub(crate) fn api_words() -> postern_i18n::Tr<'static> {
    READER
        .try_with(|r| r.catalog.tr(r.browser.unwrap_or(Language::En)))
        .unwrap_or_else(|_| postern_i18n::catalog(false).tr(Language::En))
}

/// `items` as a sentence says them: "a, b and c" in `tr`'s language; one item alone as it is.
pub(crate) fn list_and(items: &[String], tr: postern_i18n::Tr<'_>) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            tr.t2("page-list-and", ("items", rest.join(", ")), ("last", last.as_str()))
        }
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// The `Set-Cookie` value that keeps a choice for a year (`None`: forgets it).
pub(crate) fn cookie(language: Option<Language>, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match language {
        Some(l) => format!(
            "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
            l.code()
        ),
        None => format!("{COOKIE}=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly{secure}"),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(crate) struct SwitchForm {
    csrf_token: String,
    lang: String,
    next: String,
}

crate::extract::carries_csrf!(SwitchForm);

/// The language switch: keeps the choice in the browser (and in the account of a signed-in
/// person, for their next sign-in and the portal's emails to them) and goes back to the page.
#[handler]
pub(crate) async fn switch(
    state: State<'_>,
    csrf: &CsrfToken,
    session: &poem::session::Session,
    CsrfForm(form): CsrfForm<SwitchForm>,
) -> Result<Response, PageError> {
    // Back to the page the switch was on, sign-in pages (and their query) included; the
    // switch's own address is a form's, not a page.
    let back = crate::pages::local_path(&form.next)
        .filter(|p| p != "/language" && !p.starts_with("/language?"))
        .unwrap_or_else(|| "/".to_owned());
    let Some(language) = Language::parse(&form.lang) else {
        let l = crate::pages::layout(&state, None, &csrf.0, None).await;
        let tr = l.tr;
        return Ok(crate::pages::render(
            StatusCode::BAD_REQUEST,
            &crate::pages::MessagePage::new(
                l,
                &tr.t("page-language-unknown-title"),
                &[&tr.t1("page-language-unknown", "languages", Language::codes())],
            )
            .link(&back, &tr.t("page-go-back")),
        ));
    };
    if let Some(user) = crate::extract::session_owner(&state, session).await? {
        state.uc.accounts.set_language(&user, Some(language)).await?;
    }
    let mut resp = Redirect::see_other(back).into_response();
    if let Ok(value) = cookie(Some(language), state.secure_cookies).parse() {
        resp.headers_mut().append(poem::http::header::SET_COOKIE, value);
    }
    Ok(resp)
}

/// Words a page will show, decided before the page's language is known: a message of the
/// language files with its values, or (until every sentence is in the files) a plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Words {
    /// A message id and its values.
    Id(&'static str, Vec<(&'static str, String)>),
    /// A text as it is.
    Plain(String),
}

impl Words {
    /// A message without values.
    pub(crate) fn id(id: &'static str) -> Self {
        Words::Id(id, Vec::new())
    }

    /// The same message with one more value.
    #[must_use]
    pub(crate) fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        if let Words::Id(_, values) = &mut self {
            values.push((name, value.into()));
        }
        self
    }

    /// The words in a language.
    pub(crate) fn render(&self, tr: postern_i18n::Tr<'_>) -> String {
        match self {
            Words::Id(id, values) => {
                let args: Vec<(&str, postern_i18n::Value<'_>)> = values
                    .iter()
                    .map(|(n, v)| (*n, postern_i18n::refusals::value(v)))
                    .collect();
                tr.args(id, &args)
            }
            Words::Plain(text) => text.clone(),
        }
    }
}

impl From<postern_i18n::refusals::Message> for Words {
    fn from(m: postern_i18n::refusals::Message) -> Self {
        Words::Id(m.id, m.values)
    }
}

impl From<&str> for Words {
    fn from(text: &str) -> Self {
        Words::Plain(text.to_owned())
    }
}

impl From<String> for Words {
    fn from(text: String) -> Self {
        Words::Plain(text)
    }
}

impl std::fmt::Display for Words {
    /// For logs and `Debug` of errors: the id (with its values' names) or the text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Words::Id(id, _) => f.write_str(id),
            Words::Plain(text) => f.write_str(text),
        }
    }
}
