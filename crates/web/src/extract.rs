//! What a page handler needs settled before it runs: who is signed in, and as what, and that a
//! form carries a valid CSRF token. A handler that takes [`Staff`] cannot run without a staff
//! session, one that takes a [`CsrfForm`] cannot run on a forged form. Every refusal is a
//! [`PageError`], rendered in one place ([`page_errors`]).

use std::sync::Arc;

use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Form, Redirect};
use poem::{Endpoint, FromRequest, IntoResponse, Request, RequestBody, Response};
use postern_domain::ids::UserId;
use postern_domain::user::{User, UserKind, UserStatus};
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::csrf::CsrfVerifier;
use crate::i18n::Words;
use crate::pages::{MessagePage, csrf_failed, internal_error, render, too_many};

use crate::session::keys;

/// Why a page is not what was asked for. Each is rendered by [`page_errors`].
#[derive(Debug, thiserror::Error)]
pub(crate) enum PageError {
    /// Not signed in: to the sign-in page.
    #[error("sign in first")]
    SignIn,
    /// No console session (or it ended): to the console's sign-in page.
    #[error("sign in to the console first")]
    AdminSignIn,
    /// Signed in as another kind of user: to their own start page.
    #[error("not for this kind of account")]
    Elsewhere(&'static str),
    /// The form's CSRF token is missing or wrong.
    #[error("the form expired")]
    Csrf,
    /// Too many attempts from this address.
    #[error("too many attempts")]
    TooMany,
    /// Too many sign-in attempts (passwords or codes): the page also says how the wait grows.
    #[error("too many sign-in attempts")]
    TooManySignIns,
    /// A page that says what is wrong: status, title, the text, and a link onwards.
    #[error("{}: {}", .0.title, .0.text)]
    Message(Box<Refusal>),
    /// An unexpected failure: logged in full, shown without detail.
    #[error("{0}")]
    Internal(String),
}

/// What a [`PageError::Message`] page says.
#[derive(Debug)]
pub(crate) struct Refusal {
    /// The status.
    pub status: StatusCode,
    /// The heading.
    pub title: Words,
    /// What happened.
    pub text: Words,
    /// Where to go from here: (address, words).
    pub link: Option<(&'static str, Words)>,
    /// Whom to ask for a new link: (name, address).
    pub contact: Option<(String, String)>,
    /// The language the page should be in when its reader chose none (an invitation's).
    pub language: Option<postern_domain::Language>,
}

impl From<Refusal> for PageError {
    fn from(r: Refusal) -> Self {
        PageError::Message(Box::new(r))
    }
}

impl poem::error::ResponseError for PageError {
    fn status(&self) -> StatusCode {
        match self {
            PageError::SignIn | PageError::AdminSignIn | PageError::Elsewhere(_) => StatusCode::SEE_OTHER,
            PageError::Csrf => StatusCode::FORBIDDEN,
            PageError::TooMany | PageError::TooManySignIns => StatusCode::TOO_MANY_REQUESTS,
            PageError::Message(r) => r.status,
            PageError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<postern_domain::ports::StoreError> for PageError {
    fn from(e: postern_domain::ports::StoreError) -> Self {
        PageError::Internal(e.to_string())
    }
}

impl From<postern_domain::usecases::AdminError> for PageError {
    fn from(e: postern_domain::usecases::AdminError) -> Self {
        use postern_domain::usecases::AdminError;
        match e {
            AdminError::NotAdmin => PageError::AdminSignIn,
            AdminError::Store(e) => PageError::Internal(e.to_string()),
            other => PageError::message(
                StatusCode::UNPROCESSABLE_ENTITY,
                Words::id("page-not-done"),
                crate::errors::admin_error(&other),
            ),
        }
    }
}

impl PageError {
    /// A request the portal cannot read (a form, a path, a query that does not parse).
    pub(crate) fn bad_request() -> Self {
        PageError::message(
            StatusCode::BAD_REQUEST,
            Words::id("page-bad-request-title"),
            Words::id("page-bad-request"),
        )
    }

    /// Any failure that should not happen, with what it was (for the log only).
    pub(crate) fn internal(e: &dyn std::fmt::Display) -> Self {
        PageError::Internal(e.to_string())
    }
    /// Where a refusal that is a redirect sends the browser.
    fn redirect(&self) -> Option<&'static str> {
        match self {
            PageError::SignIn => Some("/sign-in"),
            PageError::AdminSignIn => Some("/admin/sign-in"),
            PageError::Elsewhere(to) => Some(to),
            _ => None,
        }
    }
    /// The page for an address that names nothing (an unknown action, id or recipient).
    pub(crate) fn not_found() -> Self {
        Self::message(
            StatusCode::NOT_FOUND,
            Words::id("page-not-found-title"),
            Words::id("page-not-found"),
        )
    }
    /// A page that says what is wrong.
    pub(crate) fn message(status: StatusCode, title: impl Into<Words>, text: impl Into<Words>) -> Self {
        Refusal {
            status,
            title: title.into(),
            text: text.into(),
            link: None,
            contact: None,
            language: None,
        }
        .into()
    }
}

/// Renders every [`PageError`] of the pages: redirects, the CSRF and rate-limit pages, message
/// pages, and the generic failure page (the cause goes to the log, never to the page).
pub(crate) async fn page_errors<E: Endpoint>(state: Arc<AppState>, next: E, req: Request) -> poem::Result<Response> {
    let session = req.extensions().get::<Session>().cloned();
    let csrf = req
        .extensions()
        .get::<CsrfToken>()
        .map(|t| t.0.clone())
        .unwrap_or_default();
    // The page asked for, to come back to after signing in (pages only, never a form's post);
    // read only when the answer is a redirect to the sign-in page.
    let asked = (req.method() == poem::http::Method::GET).then(|| req.uri().clone());
    let error = match next.call(req).await {
        Ok(resp) => return Ok(resp.into_response()),
        Err(e) if e.is::<PageError>() => e.downcast::<PageError>()?,
        // A path or query that does not parse (`/activate/%ff`, a field given twice): a page
        // in the reader's language, not the parser's words.
        Err(e) if e.status() == StatusCode::BAD_REQUEST => PageError::bad_request(),
        Err(e) => return Err(e),
    };
    // A redirect needs no page: nothing more is read for it.
    if let Some(to) = error.redirect() {
        let wanted = asked
            .as_ref()
            .and_then(|uri| uri.path_and_query())
            .and_then(|p| crate::pages::safe_return(p.as_str()));
        let to = match (&error, wanted) {
            (PageError::SignIn | PageError::AdminSignIn, Some(w)) => {
                format!("{to}?{}", crate::pages::query_string(&[("next", &w)]))
            }
            _ => to.to_owned(),
        };
        return Ok(Redirect::see_other(to).into_response());
    }
    let viewer = match &session {
        Some(s) => signed_in(&state, s).await.ok().flatten(),
        None => None,
    };
    let hint = match &error {
        PageError::Message(r) => r.language,
        _ => None,
    };
    let l = crate::pages::layout_in(&state, viewer.as_ref(), &csrf, None, hint).await;
    let tr = l.tr;
    Ok(match error {
        e @ (PageError::SignIn | PageError::AdminSignIn | PageError::Elsewhere(_)) => {
            Redirect::see_other(e.redirect().unwrap_or("/")).into_response()
        }
        PageError::Csrf => csrf_failed(l),
        PageError::TooMany => too_many(l, false),
        PageError::TooManySignIns => too_many(l, true),
        PageError::Message(refusal) => {
            let Refusal {
                status,
                title,
                text,
                link,
                contact,
                language: _,
            } = *refusal;
            let mut page = MessagePage::new(l, &title.render(tr), &[&text.render(tr)]);
            if let Some((href, words)) = link {
                page = page.link(href, &words.render(tr));
            }
            page.contact = contact;
            let mut resp = render(status, &page);
            // Every "come back later" page says when.
            if status == StatusCode::SERVICE_UNAVAILABLE {
                resp.headers_mut()
                    .insert("Retry-After", poem::http::HeaderValue::from_static("30"));
            }
            resp
        }
        PageError::Internal(cause) => internal_error(l, &cause),
    })
}

fn app_state(req: &Request) -> poem::Result<&Arc<AppState>> {
    req.data::<Arc<AppState>>()
        .ok_or_else(|| PageError::Internal("the application state is missing".into()).into())
}

async fn session<'a>(req: &'a Request, body: &mut RequestBody) -> poem::Result<&'a Session> {
    <&Session>::from_request(req, body).await
}

/// Whether a signed-in session is still within its lifetimes; when it is not, it is ended
/// (a new, empty session that says why). Its last request is noted, to the minute.
fn within_lifetimes(state: &AppState, session: &Session, console: bool) -> bool {
    let now = state.clock.now().unix_timestamp();
    let (idle, max) = state.lifetimes.of(console);
    let Some(started) = session.get::<i64>(keys::STARTED) else {
        // A session from before lifetimes were recorded: sign in again.
        end_session(session, None);
        return false;
    };
    let seen = session.get::<i64>(keys::SEEN).unwrap_or(started);
    let place = if console { "administration session" } else { "session" };
    if now - started > max {
        end_session(
            session,
            Some(format!(
                "Your {place} ended after {} as a precaution; please sign in again.",
                span(max)
            )),
        );
        return false;
    }
    if now - seen > idle {
        end_session(
            session,
            Some(format!("Your {place} ended after {} without activity.", span(idle))),
        );
        return false;
    }
    if now - seen >= 60 {
        session.set(keys::SEEN, now);
    }
    true
}

/// "30 minutes", "12 hours", "1 hour".
fn span(seconds: i64) -> String {
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if seconds >= 3600 && seconds % 3600 == 0 {
        plural(seconds / 3600, "hour")
    } else {
        plural((seconds / 60).max(1), "minute")
    }
}

/// Ends a session in place: a new id and no entries but, when given, a note for the next page.
pub(crate) fn end_session(session: &Session, why: Option<String>) {
    session.clear();
    session.renew();
    if let Some(why) = why {
        crate::auth::set_flash(session, why);
    }
}

/// The signed-in, active portal user of a session, if any (administrators never are).
pub(crate) async fn signed_in(state: &AppState, session: &Session) -> Result<Option<User>, PageError> {
    let Some(id) = session.get::<String>(keys::USER) else {
        return Ok(None);
    };
    if !within_lifetimes(state, session, false) {
        return Ok(None);
    }
    let user = match UserId::parse(&id) {
        Some(id) => state.uc.accounts.current_user(id).await?,
        None => None,
    };
    match user {
        Some(u) if u.status == UserStatus::Active && u.kind != UserKind::Admin => Ok(Some(u)),
        _ => {
            end_session(
                session,
                Some("You were signed out: this account can no longer use the portal. Ask an administrator of the portal if that is unexpected.".into()),
            );
            Ok(None)
        }
    }
}

/// Signs a user in to a portal (`console`: the administrators' console): a new session id
/// (no fixation), the user's id, a public name for the *Security* page, when and from where.
pub(crate) fn start_session(
    state: &AppState,
    session: &Session,
    user: &User,
    client: &crate::auth::Client,
    console: bool,
) {
    session.clear();
    session.renew();
    let mut public = [0u8; 12];
    state.random.fill(&mut public);
    let now = state.clock.now().unix_timestamp();
    session.set(if console { keys::ADMIN } else { keys::USER }, user.id.to_string());
    session.set(keys::PUBLIC_ID, hex::encode(public));
    session.set(keys::STARTED, now);
    session.set(keys::SEEN, now);
    session.set(keys::CLIENT, client.key.clone());
    session.set(keys::AGENT, client.agent.clone());
}

/// Where a user's portal starts.
pub(crate) fn landing(user: &User) -> &'static str {
    match user.kind {
        UserKind::External => "/dropoff",
        _ => "/portal",
    }
}

async fn portal_user(req: &Request, body: &mut RequestBody, kind: Option<UserKind>) -> poem::Result<User> {
    let state = app_state(req)?;
    let session = session(req, body).await?;
    let user = match signed_in(state, session).await? {
        Some(u) if kind.is_none_or(|k| u.kind == k) => u,
        Some(u) => return Err(PageError::Elsewhere(landing(&u)).into()),
        None => return Err(PageError::SignIn.into()),
    };
    if state.uc.two_factor.must_enrol(&user).await.map_err(PageError::from)? {
        return Err(PageError::Elsewhere(routes::TWO_FACTOR).into());
    }
    Ok(user)
}

/// Where someone who must set up two-factor sign-in is sent (portal and console).
pub(crate) mod routes {
    /// The portal's two-factor page.
    pub(crate) const TWO_FACTOR: &str = "/security/two-factor";
    /// The console's.
    pub(crate) const ADMIN_TWO_FACTOR: &str = "/admin/security/two-factor";
}

/// A signed-in user of either portal, also one who must still set up two-factor sign-in: the
/// Security pages, where they do it.
pub(crate) struct Securing(pub User);

impl<'a> FromRequest<'a> for Securing {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let state = app_state(req)?;
        let session = session(req, body).await?;
        match signed_in(state, session).await? {
            Some(u) => Ok(Securing(u)),
            None => Err(PageError::SignIn.into()),
        }
    }
}

/// The signed-in administrator, also one who must still set up two-factor sign-in.
pub(crate) struct AdminSecuring(pub User);

impl<'a> FromRequest<'a> for AdminSecuring {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        console_admin(req, body).await.map(AdminSecuring)
    }
}

/// A signed-in staff (internal) user.
pub(crate) struct Staff(pub User);

impl<'a> FromRequest<'a> for Staff {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        portal_user(req, body, Some(UserKind::Internal)).await.map(Staff)
    }
}

/// A signed-in Drop-Off (external) user.
pub(crate) struct DropOff(pub User);

impl<'a> FromRequest<'a> for DropOff {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        portal_user(req, body, Some(UserKind::External)).await.map(DropOff)
    }
}

/// A signed-in user of either portal.
pub(crate) struct Member(pub User);

impl<'a> FromRequest<'a> for Member {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        portal_user(req, body, None).await.map(Member)
    }
}

/// Whoever is signed in to a portal, if anyone (public pages that show more to the right
/// person, such as a download page).
pub(crate) struct Viewer(pub Option<User>);

impl<'a> FromRequest<'a> for Viewer {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let state = app_state(req)?;
        let session = session(req, body).await?;
        Ok(Viewer(signed_in(state, session).await.ok().flatten()))
    }
}

/// The signed-in administrator of the console; the session ends after its idle and absolute
/// lifetimes (`security.console_idle_minutes`, `security.console_session_minutes`).
pub(crate) struct Admin(pub User);

impl<'a> FromRequest<'a> for Admin {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let admin = console_admin(req, body).await?;
        let state = app_state(req)?;
        // When the administrator requires two factors for administrators, nothing of the
        // console opens until this one has set it up.
        if state.uc.two_factor.must_enrol(&admin).await.map_err(PageError::from)? {
            return Err(PageError::Elsewhere(routes::ADMIN_TWO_FACTOR).into());
        }
        Ok(Admin(admin))
    }
}

/// Whoever this session is signed in as, portal user or console administrator (within the
/// session's lifetimes), if anyone: for what concerns only their own account.
pub(crate) async fn session_owner(state: &AppState, session: &Session) -> Result<Option<User>, PageError> {
    if let Some(user) = signed_in(state, session).await? {
        return Ok(Some(user));
    }
    let Some(id) = session.get::<String>(keys::ADMIN).as_deref().and_then(UserId::parse) else {
        return Ok(None);
    };
    if !within_lifetimes(state, session, true) {
        return Ok(None);
    }
    Ok(state
        .uc
        .accounts
        .find_user(id)
        .await?
        .filter(|u| u.kind == UserKind::Admin && u.status == UserStatus::Active))
}

/// The console's administrator, within the session's lifetimes.
async fn console_admin(req: &Request, body: &mut RequestBody) -> poem::Result<User> {
    let state = app_state(req)?;
    let session = session(req, body).await?;
    let Some(id) = session.get::<String>(keys::ADMIN) else {
        return Err(PageError::AdminSignIn.into());
    };
    if !within_lifetimes(state, session, true) {
        return Err(PageError::AdminSignIn.into());
    }
    let user = match UserId::parse(&id) {
        Some(id) => state.uc.accounts.find_user(id).await.map_err(PageError::from)?,
        None => None,
    };
    match user {
        Some(u) if u.kind == UserKind::Admin && u.status == UserStatus::Active => Ok(u),
        _ => {
            end_session(session, None);
            Err(PageError::AdminSignIn.into())
        }
    }
}

/// A form that carries a CSRF token.
pub(crate) trait CsrfCarrier {
    /// The token the form sent.
    fn csrf_token(&self) -> &str;
}

/// A URL-encoded form whose CSRF token was checked before the handler runs.
pub(crate) struct CsrfForm<T>(pub T);

impl<'a, T: DeserializeOwned + CsrfCarrier + Send> FromRequest<'a> for CsrfForm<T> {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let verifier = <&CsrfVerifier>::from_request(req, body).await?;
        let Form(form) = Form::<T>::from_request(req, body)
            .await
            .map_err(|_| PageError::bad_request())?;
        if !verifier.is_valid(form.csrf_token()) {
            return Err(PageError::Csrf.into());
        }
        Ok(CsrfForm(form))
    }
}

/// A form with nothing but its CSRF token (buttons that act).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(crate) struct CsrfOnly {
    csrf_token: String,
}

impl CsrfCarrier for CsrfOnly {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// Implements [`CsrfCarrier`] for forms with a `csrf_token` field.
macro_rules! carries_csrf {
    ($($form:ty),* $(,)?) => {
        $(impl $crate::extract::CsrfCarrier for $form {
            fn csrf_token(&self) -> &str {
                &self.csrf_token
            }
        })*
    };
}
pub(crate) use carries_csrf;
