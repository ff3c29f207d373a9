//! Postern's HTTP front end: server-rendered askama pages on poem. Handlers are thin: they
//! parse input into domain types, call one use case, and map the result to a page.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use poem::middleware::Csrf;
use poem::session::{CookieConfig, ServerSession};
use poem::web::cookie::SameSite;
use poem::{Endpoint, EndpointExt, IntoResponse, Request, Response, Route, get, post};
use postern_domain::ports::{AttachmentStore, Clock, SessionStore, SettingsRepository, TokenSource};
use postern_domain::routes;
use postern_domain::usecases::{Ports, UseCases};

mod activation;
mod admin;
pub mod api;
mod auth;
mod downloads;
mod errors;
mod extract;
mod invitations;
mod limits;
mod log;
mod outage;
mod pages;
mod security;
mod session;
mod tokens;
mod two_factor;
mod uploads;

pub use errors::FieldErrors;

/// Settings of the HTTP front end.
#[derive(Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (turn off only for plain-HTTP test set-ups other than localhost).
    pub secure_cookies: bool,
    /// How long a portal session lives at most (the absolute lifetime).
    pub session_ttl: StdDuration,
    /// A portal session ends after this long without a request.
    pub portal_idle: StdDuration,
    /// A console session ends after this long without a request.
    pub console_idle: StdDuration,
    /// How long a console session lives at most.
    pub console_max: StdDuration,
    /// Key for the CSRF tokens (32 random bytes; share it between instances).
    pub csrf_key: [u8; 32],
    /// Sign-in attempts per client address per minute (portal and console each).
    pub sign_in_per_minute: u32,
    /// Sign-in attempts per account per minute, from any address.
    pub sign_in_per_account_per_minute: u32,
    /// Activation attempts per client address per minute.
    pub activation_per_minute: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Send `Strict-Transport-Security` (when the public URL is https).
    pub hsts: bool,
}

impl std::fmt::Debug for WebConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebConfig")
            .field("secure_cookies", &self.secure_cookies)
            .field("session_ttl", &self.session_ttl)
            .field("portal_idle", &self.portal_idle)
            .field("console_idle", &self.console_idle)
            .field("console_max", &self.console_max)
            .field("hsts", &self.hsts)
            .field("csrf_key", &"<redacted>")
            .finish_non_exhaustive()
    }
}

pub(crate) struct Limits {
    /// Portal sign-ins per client address.
    sign_in: DefaultKeyedRateLimiter<String>,
    /// Console sign-ins per client address (apart, so that the portal's cannot close it).
    console: DefaultKeyedRateLimiter<String>,
    /// Sign-ins per account (the login as typed, cleaned), portal and console together.
    account: DefaultKeyedRateLimiter<String>,
    activation: DefaultKeyedRateLimiter<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub(crate) trusted_proxies: Vec<ipnet::IpNet>,
}

impl Limits {
    /// A portal sign-in by `client` as `login` may go on (both limits have room).
    pub(crate) fn portal_sign_in(&self, client: &str, login: &str) -> bool {
        self.sign_in.check_key(&client.to_owned()).is_ok() && self.account.check_key(&account_key(login)).is_ok()
    }
    /// A console sign-in by `client` as `login` may go on.
    pub(crate) fn console_sign_in(&self, client: &str, login: &str) -> bool {
        self.console.check_key(&client.to_owned()).is_ok() && self.account.check_key(&account_key(login)).is_ok()
    }
    /// An activation attempt by `client` may go on.
    pub(crate) fn activation(&self, client: &str) -> bool {
        self.activation.check_key(&client.to_owned()).is_ok()
    }
}

/// The account a login names, as the limiter counts it: trimmed, lower case, bounded.
fn account_key(login: &str) -> String {
    login.trim().chars().take(256).collect::<String>().to_lowercase()
}

/// What every handler shares.
pub struct AppState {
    /// The use cases, built once.
    pub(crate) uc: UseCases,
    /// The ports the web layer uses itself: time for sessions, randomness for form keys, the
    /// settings every page's layout shows (the portal's name), and the attachment store that
    /// uploads stream into and downloads stream out of.
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) random: Arc<dyn TokenSource>,
    pub(crate) settings: Arc<dyn SettingsRepository>,
    pub(crate) files: Arc<dyn AttachmentStore>,
    pub(crate) limits: Limits,
    pub(crate) sessions: Arc<dyn SessionStore>,
    /// How long sessions live.
    pub(crate) lifetimes: session::Lifetimes,
}

fn quota(per_minute: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN))
}

/// Builds the application: routes, sessions in the database, CSRF protection, security
/// headers and request logging without secrets.
pub fn app(ports: Ports, sessions: Arc<dyn SessionStore>, config: WebConfig) -> impl Endpoint {
    let limits = Limits {
        sign_in: RateLimiter::keyed(quota(config.sign_in_per_minute)),
        console: RateLimiter::keyed(quota(config.sign_in_per_minute)),
        account: RateLimiter::keyed(quota(config.sign_in_per_account_per_minute)),
        activation: RateLimiter::keyed(quota(config.activation_per_minute)),
        trusted_proxies: config.trusted_proxies.clone(),
    };
    let cookie = CookieConfig::default()
        .name("postern_session")
        .path("/")
        .secure(config.secure_cookies)
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(config.session_ttl.max(config.console_max));
    let lifetimes = session::Lifetimes {
        portal_idle: config.portal_idle,
        portal_max: config.session_ttl,
        console_idle: config.console_idle,
        console_max: config.console_max,
    };
    let storage = session::DbSessions::new(sessions.clone(), ports.clock.clone(), lifetimes);
    let csrf = Csrf::new()
        .cookie_name("postern_csrf")
        .key(config.csrf_key)
        .secure(config.secure_cookies)
        .http_only(true)
        .same_site(SameSite::Strict)
        .path("/");
    let state = Arc::new(AppState {
        uc: UseCases::new(&ports),
        clock: ports.clock.clone(),
        random: ports.random.clone(),
        settings: ports.settings.clone(),
        files: ports.attachments.clone(),
        limits,
        sessions: sessions.clone(),
        lifetimes,
    });
    let api = api::routes(state.clone());
    let pages = Route::new()
        .at(routes::HOME, get(auth::home))
        .at(routes::SIGN_IN, get(auth::sign_in_page).post(auth::sign_in))
        .at("/sign-out", get(auth::sign_out_page).post(auth::sign_out))
        .at("/portal", get(auth::portal))
        .at("/dropoff", get(auth::dropoff))
        .at(routes::INVITATIONS, get(invitations::list))
        .at("/invitations/new", get(invitations::new_page).post(invitations::send))
        .at("/send", get(invitations::send_files_page).post(invitations::send_files))
        .at(
            "/dropoff/send",
            get(invitations::dropoff_page).post(invitations::dropoff_send),
        )
        .at(
            "/invitations/recipients/:id/:action",
            get(invitations::confirm).post(invitations::act),
        )
        .at(
            format!("{}:token", routes::ACTIVATE),
            get(activation::show).post(activation::create),
        )
        .at(format!("{}:token", routes::DOWNLOAD), get(downloads::show))
        // The same handlers answer HEAD themselves (without counting a download).
        .at(
            format!("{}:token/all.zip", routes::DOWNLOAD),
            get(downloads::all).head(downloads::all),
        )
        .at(
            format!("{}:token/:file", routes::DOWNLOAD),
            get(downloads::file).head(downloads::file),
        )
        .at("/tokens", get(tokens::list).post(tokens::create))
        .at("/security", get(security::page))
        .at("/security/two-factor", get(two_factor::page).post(two_factor::confirm))
        .at("/security/two-factor/recovery-codes", post(two_factor::renew))
        .at("/security/two-factor/off", post(two_factor::off))
        .at("/sign-in/code", get(two_factor::code_form).post(two_factor::check))
        .at(
            "/admin/sign-in/code",
            get(two_factor::admin_code_form).post(two_factor::admin_code),
        )
        .at(
            "/admin/security/two-factor",
            get(two_factor::admin_page).post(two_factor::admin_confirm),
        )
        .at(
            "/admin/security/two-factor/recovery-codes",
            post(two_factor::admin_renew),
        )
        .at("/admin/security/two-factor/off", post(two_factor::admin_off))
        .at("/security/sessions/:id/end", post(security::end))
        .at("/security/sign-out-everywhere", post(security::sign_out_everywhere))
        .at("/admin/security", get(security::admin_page))
        .at("/admin/security/sessions/:id/end", post(security::admin_end))
        .at(
            "/admin/security/sign-out-everywhere",
            post(security::admin_sign_out_everywhere),
        )
        .at("/admin", get(admin::home))
        .at("/admin/sign-in", get(admin::sign_in_page).post(admin::sign_in))
        .at("/admin/sign-out", get(admin::sign_out_page).post(admin::sign_out))
        .at("/admin/settings", get(admin::settings_page).post(admin::save_settings))
        .at(routes::ADMIN_USERS, get(admin::users_page))
        // invitations (permission), approve, reject, status
        .at(
            "/admin/users/:id/:action",
            get(admin::user_confirm).post(admin::user_action),
        )
        .at(
            "/admin/template",
            get(admin::template_page_get).post(admin::save_template),
        )
        .at("/admin/template/reset", post(admin::reset_template))
        .at("/admin/audit", get(admin::audit))
        .at("/admin/invitations", get(admin::invitations))
        .at(
            "/admin/invitations/recipients/:id/:action",
            get(admin::invitation_confirm).post(admin::invitation_act),
        )
        .at("/tokens/:id/revoke", post(tokens::revoke))
        .at("/static/postern.css", get(pages::stylesheet))
        .at("/static/postern.js", get(pages::script))
        .at("/health", get(pages::health))
        .catch_error({
            let state = state.clone();
            move |_: poem::error::NotFoundError| {
                let state = state.clone();
                async move { pages::not_found(&state).await }
            }
        })
        .catch_error({
            let state = state.clone();
            move |_: poem::error::MethodNotAllowedError| {
                let state = state.clone();
                async move { pages::method_not_allowed(&state).await }
            }
        })
        .data(state.clone())
        .around(move |next, req| extract::page_errors(state.clone(), next, req))
        .with(csrf)
        .with(ServerSession::new(cookie, storage))
        .around(limits::pages);
    let hsts = config.hsts;
    Route::new()
        .nest("/api", api)
        .nest("/", pages)
        .around(move |next, req| outage::guard(sessions.clone(), next, req))
        .around(log::access_log)
        .around(move |next, req| secured(next, req, hsts))
}

/// Sets the security headers on every answer, pages and API alike, with the content security
/// policy of its kind of route.
async fn secured<E: Endpoint>(next: E, req: Request, hsts: bool) -> poem::Result<Response> {
    let path = req.uri().path();
    let csp = if path.starts_with("/api/docs") {
        API_DOCS_CSP
    } else if path.starts_with("/api/") {
        API_CSP
    } else {
        PAGE_CSP
    };
    let mut resp = match next.call(req).await {
        Ok(resp) => resp.into_response(),
        Err(err) => err.into_response(),
    };
    let headers = resp.headers_mut();
    let set = |headers: &mut poem::http::HeaderMap, name: &'static str, value: &'static str| {
        headers.insert(name, poem::http::HeaderValue::from_static(value));
    };
    set(headers, "x-content-type-options", "nosniff");
    set(headers, "x-frame-options", "DENY");
    // The activation and download links carry their token in the path: never send it elsewhere.
    set(headers, "referrer-policy", "no-referrer");
    set(headers, "content-security-policy", csp);
    // Nothing is stored by the browser unless a page says otherwise (the compose forms do).
    if !headers.contains_key("cache-control") {
        set(headers, "cache-control", "no-store");
    }
    if hsts {
        set(
            headers,
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        );
    }
    Ok(resp)
}

/// The pages: our own stylesheet and nothing else.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/// JSON answers load nothing.
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
/// The interactive API page is one static page with inline script and style (no user data in
/// it); it may call the API on this origin and nothing else.
const API_DOCS_CSP: &str = "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
