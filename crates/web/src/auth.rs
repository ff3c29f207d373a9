//! Sign-in, sign-out and the landing pages of the two portals.

use std::sync::Arc;

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Data, Query, Redirect, RemoteAddr};
use poem::{IntoResponse, Response, handler};
use postern_domain::password::Password;
use postern_domain::usecases::SignInError;
use postern_domain::user::UserKind;
use serde::Deserialize;

use crate::AppState;
use crate::errors::FieldErrors;
use crate::extract::{CsrfForm, CsrfOnly, DropOff, PageError, Staff, Viewer, carries_csrf, landing, start_session};
use crate::pages::{Layout, MessagePage, layout, render};

const FLASH_KEY: &str = "flash";

pub(crate) type State<'a> = Data<&'a Arc<AppState>>;

pub(crate) fn set_flash(session: &Session, message: impl Into<String>) {
    session.set(FLASH_KEY, message.into());
}

/// Marks a flash as a refusal ("nothing was changed"), shown as a problem, not a success.
pub(crate) const PROBLEM_MARK: &str = "\u{1}problem\u{1}";

/// A refusal to show on the next page, in the problem style.
pub(crate) fn set_problem(session: &Session, message: impl Into<String>) {
    session.set(FLASH_KEY, format!("{PROBLEM_MARK}{}", message.into()));
}

pub(crate) fn take_flash(session: &Session) -> Option<String> {
    let flash = session.get::<String>(FLASH_KEY);
    if flash.is_some() {
        session.remove(FLASH_KEY);
    }
    flash
}

/// The client's address: the peer's, or, when the peer is a trusted reverse proxy, the last
/// address in `X-Forwarded-For` that is not a trusted proxy (what a client sends itself in
/// that header is never believed: each trusted proxy appends the address it saw).
pub(crate) fn client_key(addr: &RemoteAddr, forwarded_for: Option<&str>, trusted: &[ipnet::IpNet]) -> String {
    let Some(peer) = addr.as_socket_addr().map(|a| a.ip()) else {
        return "unknown".into();
    };
    let is_trusted = |ip: &std::net::IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer.to_string();
    }
    let hops = forwarded_for.unwrap_or_default().split(',').map(str::trim).rev();
    for hop in hops {
        match hop.parse::<std::net::IpAddr>() {
            Ok(ip) if is_trusted(&ip) => continue,
            Ok(ip) => return ip.to_string(),
            // Garbage where an address should be: count the peer, believe nothing further.
            Err(_) => break,
        }
    }
    peer.to_string()
}

/// The client of a request: its address as [`client_key`] finds it, and what its browser says
/// it is (cut to 200 characters, control characters removed).
pub(crate) struct Client {
    /// The address the limits count.
    pub key: String,
    /// The `User-Agent`, for the *Security* page.
    pub agent: String,
}

impl<'a> poem::FromRequest<'a> for Client {
    async fn from_request(req: &'a poem::Request, _body: &mut poem::RequestBody) -> poem::Result<Self> {
        let trusted = req
            .data::<std::sync::Arc<crate::AppState>>()
            .map(|s| s.limits.trusted_proxies.as_slice())
            .unwrap_or_default();
        let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
        let agent = req
            .headers()
            .get(poem::http::header::USER_AGENT)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        Ok(Client {
            key: client_key(req.remote_addr(), forwarded, trusted),
            agent,
        })
    }
}

#[handler]
pub(crate) async fn home(Viewer(user): Viewer) -> Response {
    match user {
        Some(user) => Redirect::see_other(landing(&user)).into_response(),
        None => Redirect::see_other("/sign-in").into_response(),
    }
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    l: Layout,
    email: String,
    errors: FieldErrors,
    /// The page to go to after signing in (checked again when used).
    next: String,
}

/// The page asked for before signing in.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct NextQuery {
    next: String,
}

impl NextQuery {
    /// The page asked for, if it is one of this portal's ([`crate::pages::safe_return`]).
    pub(crate) fn page(&self) -> String {
        crate::pages::safe_return(&self.next).unwrap_or_default()
    }
}

#[handler]
pub(crate) async fn sign_in_page(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Viewer(user): Viewer,
    Query(q): Query<NextQuery>,
) -> Response {
    if let Some(user) = user {
        return Redirect::see_other(landing(&user)).into_response();
    }
    let l = layout(&state, None, &csrf.0, take_flash(session)).await;
    render(
        StatusCode::OK,
        &SignInPage {
            l,
            email: String::new(),
            errors: FieldErrors::default(),
            next: q.page(),
        },
    )
}

#[derive(Deserialize)]
pub(crate) struct SignInForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    /// The page asked for before signing in.
    #[serde(default)]
    next: String,
}

carries_csrf!(SignInForm);

#[handler]
pub(crate) async fn sign_in(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    client: crate::auth::Client,
    CsrfForm(form): CsrfForm<SignInForm>,
) -> Result<Response, PageError> {
    if !state.limits.portal_sign_in(&client.key, &form.email).await {
        return Err(PageError::TooManySignIns);
    }
    let l = layout(&state, None, &csrf.0, None).await;
    let tr = l.tr;
    let refused = |l, message: &str| {
        let mut errors = FieldErrors::default();
        errors.add("email", message);
        render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SignInPage {
                l,
                email: form.email.clone(),
                errors,
                next: crate::pages::safe_return(&form.next).unwrap_or_default(),
            },
        )
    };
    Ok(
        match state
            .uc
            .accounts
            .sign_in(&form.email, &Password::new(form.password.clone()))
            .await
        {
            Ok(user) if user.kind == UserKind::Admin => render(
                StatusCode::FORBIDDEN,
                &MessagePage::new(l, &tr.t("page-admin-account-title"), &[&tr.t("page-admin-account")])
                    .link("/admin/sign-in", &tr.t("page-go-to-console")),
            ),
            Ok(user) if state.uc.two_factor.is_on(&user).await? => {
                crate::two_factor::ask_code(&state, session, &user, false, form.next.clone())
            }
            Ok(user) => {
                state.limits.succeeded(false, &form.email).await;
                start_session(&state, session, &user, &client, false);
                let to = crate::pages::safe_return(&form.next).unwrap_or_else(|| landing(&user).to_owned());
                let mut resp = Redirect::see_other(to).into_response();
                // The account's own language follows it to this browser.
                if let Some(language) = state.uc.accounts.language(&user).await?
                    && let Ok(value) = crate::i18n::cookie(Some(language), state.secure_cookies).parse()
                {
                    resp.headers_mut().append(poem::http::header::SET_COOKIE, value);
                }
                resp
            }
            Err(SignInError::InvalidCredentials) => {
                state.limits.failed(false, &form.email).await;
                refused(l, &tr.t("form-sign-in-invalid"))
            }
            // Said only to someone who gave the right password.
            Err(SignInError::Disabled) => refused(l, &tr.t("form-sign-in-disabled")),
            Err(SignInError::PendingApproval) => refused(l, &tr.t("form-sign-in-pending")),
            Err(SignInError::NoEmailInDirectory) => refused(l, &tr.t("page-directory-no-email")),
            Err(SignInError::DirectoryUnavailable) => {
                tracing::warn!("directory sign-in refused: the directory is unavailable");
                let mut errors = FieldErrors::default();
                errors.add("email", tr.t("form-sign-in-directory-unavailable"));
                render(
                    StatusCode::SERVICE_UNAVAILABLE,
                    &SignInPage {
                        l,
                        email: form.email.clone(),
                        errors,
                        next: crate::pages::safe_return(&form.next).unwrap_or_default(),
                    },
                )
            }
            Err(SignInError::Internal(e)) => return Err(PageError::Internal(e)),
        },
    )
}

#[handler]
pub(crate) async fn sign_out_page(state: State<'_>, csrf: &CsrfToken, Viewer(viewer): Viewer) -> Response {
    crate::pages::sign_out_page(&state, &csrf.0, viewer.as_ref(), "/sign-out").await
}

#[handler]
pub(crate) async fn sign_out(session: &Session, _: CsrfForm<CsrfOnly>) -> Response {
    session.purge();
    Redirect::see_other("/sign-in").into_response()
}

#[derive(Template)]
#[template(path = "portal.html")]
struct PortalPage {
    l: Layout,
    may_invite: bool,
}

#[handler]
pub(crate) async fn portal(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Staff(user): Staff,
) -> Result<Response, PageError> {
    let may_invite = state.settings.load_settings().await?.invitations.may_invite(&user);
    let l = layout(&state, Some(&user), &csrf.0, take_flash(session)).await;
    Ok(render(StatusCode::OK, &PortalPage { l, may_invite }))
}

#[derive(Template)]
#[template(path = "dropoff.html")]
struct DropOffPage {
    l: Layout,
    name: String,
}

#[handler]
pub(crate) async fn dropoff(state: State<'_>, session: &Session, csrf: &CsrfToken, DropOff(user): DropOff) -> Response {
    let l = layout(&state, Some(&user), &csrf.0, take_flash(session)).await;
    render(
        StatusCode::OK,
        &DropOffPage {
            l,
            name: user.display_name.as_str().to_owned(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::client_key;
    use poem::web::RemoteAddr;

    fn peer(ip: &str) -> RemoteAddr {
        RemoteAddr(poem::Addr::SocketAddr(format!("{ip}:4000").parse().unwrap()))
    }

    #[test]
    fn the_client_is_believed_only_through_trusted_proxies() {
        let trusted: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap(), "192.0.2.7/32".parse().unwrap()];
        // An untrusted peer is the client, whatever it claims.
        assert_eq!(
            client_key(&peer("203.0.113.9"), Some("1.2.3.4"), &trusted),
            "203.0.113.9"
        );
        // Through trusted proxies: the last address that is not one of them.
        assert_eq!(
            client_key(&peer("10.1.1.1"), Some("1.2.3.4, 198.51.100.5, 192.0.2.7"), &trusted),
            "198.51.100.5"
        );
        // What the client put first in the header is not believed over what the proxy saw.
        assert_eq!(
            client_key(&peer("10.1.1.1"), Some("6.6.6.6, 198.51.100.5"), &trusted),
            "198.51.100.5"
        );
        // No header, or garbage in it: the proxy itself.
        assert_eq!(client_key(&peer("10.1.1.1"), None, &trusted), "10.1.1.1");
        assert_eq!(
            client_key(&peer("10.1.1.1"), Some("not-an-address"), &trusted),
            "10.1.1.1"
        );
        // Nothing trusted: the peer.
        assert_eq!(client_key(&peer("10.1.1.1"), Some("1.2.3.4"), &[]), "10.1.1.1");
    }
}
