//! Postern's HTTP front end: server-rendered askama pages on poem. Handlers are thin: they
//! parse input into domain types, call one use case, and map the result to a page.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
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
mod bulk;
mod csrf;
mod downloads;
mod errors;
mod extract;
mod i18n;
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
    /// Counters shared by every instance on the database (PostgreSQL); `None`: counted in
    /// this process (one instance, SQLite).
    pub shared_limits: Option<Arc<dyn postern_domain::ports::LimitStore>>,
    /// Send `Strict-Transport-Security` (when the public URL is https).
    pub hsts: bool,
    /// The delivery worker's heartbeat, for `/health/ready` (`None`: no worker in this
    /// process, readiness does not wait for one).
    pub worker: Option<WorkerBeat>,
    /// The portal's public address, for the links shown to the sender of a link-only
    /// invitation (the same the emails carry).
    pub public_url: String,
    /// Pages in the pseudo-locale (translators and tests).
    pub pseudo_locale: bool,
    /// File downloads (single files and zips) streamed at once; each holds at most three
    /// 1 MiB chunks of the file in memory.
    pub max_downloads: usize,
}

/// When the delivery worker last went round its loop (Unix seconds), and how long it may be
/// silent before the process is not ready.
#[derive(Clone, Debug)]
pub struct WorkerBeat {
    /// Unix seconds of the last round; the worker stores it.
    pub last: Arc<std::sync::atomic::AtomicI64>,
    /// Silence tolerated.
    pub tolerance: StdDuration,
    /// Whether the database schema is the one this binary knows (no migration pending or
    /// unknown); checked every minute by the process.
    pub schema_current: Arc<std::sync::atomic::AtomicBool>,
    /// Whether this process runs the delivery worker at all (`postern serve --no-worker`
    /// does not: readiness then reports it `off` and does not wait for it).
    pub enabled: bool,
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
    /// Failed sign-ins per account, with a growing wait.
    failures: Backoff,
    /// The same limits counted in the shared database instead, when there is one.
    shared: Option<SharedLimits>,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub(crate) trusted_proxies: Vec<ipnet::IpNet>,
}

/// Limits counted in the database every instance shares: one-minute windows per key (a
/// digest of the kind and the address or account), failures with their growing wait.
pub(crate) struct SharedLimits {
    store: Arc<dyn postern_domain::ports::LimitStore>,
    clock: Arc<dyn Clock>,
    sign_in_per_minute: u32,
    account_per_minute: u32,
    activation_per_minute: u32,
}

impl SharedLimits {
    fn digest(key: &str) -> String {
        use sha2::Digest as _;
        hex::encode(sha2::Sha256::digest(key.as_bytes()))
    }

    /// One more attempt under `key`: whether the minute still has room. A database that
    /// cannot count lets the attempt through (the request will meet the outage anyway).
    async fn allows(&self, key: &str, per_minute: u32) -> bool {
        let window = self.clock.now().unix_timestamp().div_euclid(60) * 60;
        match self.store.count_attempt(&Self::digest(key), window).await {
            Ok(n) => n <= per_minute.max(1),
            Err(e) => {
                tracing::warn!(error = %e, "the shared attempt counter is unavailable");
                true
            }
        }
    }

    async fn failures_allow(&self, key: &str) -> bool {
        match self.store.failures(&Self::digest(key)).await {
            Ok(Some((failures, last))) => {
                let since = self.clock.now() - last;
                since.whole_milliseconds() >= i128::try_from(Backoff::wait(failures).as_millis()).unwrap_or(i128::MAX)
            }
            Ok(None) => true,
            Err(e) => {
                tracing::warn!(error = %e, "the shared failure counter is unavailable");
                true
            }
        }
    }

    async fn failed(&self, key: &str) {
        if let Err(e) = self.store.record_failure(&Self::digest(key), self.clock.now()).await {
            tracing::warn!(error = %e, "a failed sign-in could not be counted");
        }
    }

    async fn succeeded(&self, key: &str) {
        if let Err(e) = self.store.clear_failures(&Self::digest(key)).await {
            tracing::warn!(error = %e, "a sign-in's failures could not be forgotten");
        }
    }
}

impl Limits {
    /// A portal sign-in by `client` as `login` may go on (every limit has room).
    pub(crate) async fn portal_sign_in(&self, client: &str, login: &str) -> bool {
        let account = account_key(login);
        if let Some(shared) = &self.shared {
            return shared.failures_allow(&failure_key(false, &account)).await
                && shared
                    .allows(&format!("sign-in:{client}"), shared.sign_in_per_minute)
                    .await
                && shared
                    .allows(&format!("account:{account}"), shared.account_per_minute)
                    .await;
        }
        self.failures.allows(&failure_key(false, &account))
            && self.sign_in.check_key(&client.to_owned()).is_ok()
            && self.account.check_key(&account).is_ok()
    }
    /// A console sign-in by `client` as `login` may go on. Failures at the portal's sign-in
    /// never count here: guessing there cannot lock an administrator out of the console.
    pub(crate) async fn console_sign_in(&self, client: &str, login: &str) -> bool {
        let account = account_key(login);
        if let Some(shared) = &self.shared {
            return shared.failures_allow(&failure_key(true, &account)).await
                && shared
                    .allows(&format!("console-sign-in:{client}"), shared.sign_in_per_minute)
                    .await
                && shared
                    .allows(&format!("console-account:{account}"), shared.account_per_minute)
                    .await;
        }
        self.failures.allows(&failure_key(true, &account))
            && self.console.check_key(&client.to_owned()).is_ok()
            && self.account.check_key(&format!("console:{account}")).is_ok()
    }
    /// A second factor of `login` may be checked now (sign-in or the Security pages).
    pub(crate) async fn code_check(&self, console: bool, login: &str) -> bool {
        let key = failure_key(console, &account_key(login));
        match &self.shared {
            Some(shared) => shared.failures_allow(&key).await,
            None => self.failures.allows(&key),
        }
    }
    /// A sign-in (or a code) as `login` at the portal or the console was refused.
    pub(crate) async fn failed(&self, console: bool, login: &str) {
        metrics::counter!("postern_sign_in_failures_total").increment(1);
        let key = failure_key(console, &account_key(login));
        match &self.shared {
            Some(shared) => shared.failed(&key).await,
            None => self.failures.failed(key),
        }
    }
    /// A sign-in as `login` succeeded: its failures are forgotten.
    pub(crate) async fn succeeded(&self, console: bool, login: &str) {
        let key = failure_key(console, &account_key(login));
        match &self.shared {
            Some(shared) => shared.succeeded(&key).await,
            None => self.failures.succeeded(&key),
        }
    }
    /// An activation attempt by `client` may go on.
    pub(crate) async fn activation(&self, client: &str) -> bool {
        match &self.shared {
            Some(shared) => {
                shared
                    .allows(&format!("activation:{client}"), shared.activation_per_minute)
                    .await
            }
            None => self.activation.check_key(&client.to_owned()).is_ok(),
        }
    }
}

/// The account a login names, as the limiter counts it: trimmed, lower case, bounded; a
/// `DOMAIN\\name` counts as `name` (the same account as its bare name).
fn account_key(login: &str) -> String {
    let login = login.trim();
    let login = login.rsplit_once('\\').map_or(login, |(_, name)| name);
    login.chars().take(256).collect::<String>().to_lowercase()
}

/// The key of an account's failures: the portal's and the console's apart.
fn failure_key(console: bool, account: &str) -> String {
    format!("{}:{account}", if console { "console" } else { "portal" })
}

/// Failed sign-ins per account, from any address, with a growing wait: after
/// [`Backoff::FREE`] failures, the next attempt must wait 1 s, then 2 s, 4 s, … up to
/// [`Backoff::MAX_WAIT`]; a successful sign-in forgets them. A refused attempt asks neither
/// the password hash nor the directory, so guessing cannot lock a directory account out.
pub(crate) struct Backoff {
    entries: std::sync::Mutex<std::collections::HashMap<String, (u32, std::time::Instant)>>,
}

impl Backoff {
    /// Failures before any wait.
    pub(crate) const FREE: u32 = 5;
    /// The longest wait.
    pub(crate) const MAX_WAIT: StdDuration = StdDuration::from_secs(15 * 60);
    /// Accounts remembered at most (the oldest are forgotten first).
    const MAX_ENTRIES: usize = 100_000;

    fn new() -> Self {
        Self {
            entries: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// How long after its last failure an account with `failures` may be tried again.
    pub(crate) fn wait(failures: u32) -> StdDuration {
        match failures.checked_sub(Self::FREE) {
            None => StdDuration::ZERO,
            Some(n) => StdDuration::from_secs(1u64 << n.min(20)).min(Self::MAX_WAIT),
        }
    }

    fn allows(&self, key: &str) -> bool {
        let Ok(entries) = self.entries.lock() else {
            return true;
        };
        entries
            .get(key)
            .is_none_or(|(failures, last)| last.elapsed() >= Self::wait(*failures))
    }

    fn failed(&self, key: String) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= Self::MAX_ENTRIES && !entries.contains_key(&key) {
            // Forget accounts whose wait is long over, then, if need be, the oldest half.
            entries.retain(|_, (_, last)| last.elapsed() < Self::MAX_WAIT);
            if entries.len() >= Self::MAX_ENTRIES {
                let mut ages: Vec<std::time::Instant> = entries.values().map(|(_, last)| *last).collect();
                ages.sort();
                let cut = ages[ages.len() / 2];
                entries.retain(|_, (_, last)| *last > cut);
            }
        }
        let entry = entries.entry(key).or_insert((0, std::time::Instant::now()));
        entry.0 = entry.0.saturating_add(1);
        entry.1 = std::time::Instant::now();
    }

    fn succeeded(&self, key: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
        }
    }
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
    /// The delivery worker's heartbeat.
    pub(crate) worker: Option<WorkerBeat>,
    /// The portal's public address (links shown to senders).
    pub(crate) public_url: String,
    /// The words of every language.
    pub(crate) catalog: &'static postern_i18n::Catalog,
    /// Cookies are marked `Secure`.
    pub(crate) secure_cookies: bool,
    /// The activation page's password hints, by language and policy.
    pub(crate) password_hints: activation::PasswordHints,
    /// Turns for file downloads: the memory they hold is bounded by `max_downloads`.
    pub(crate) download_turns: Arc<tokio::sync::Semaphore>,
}

/// The session cookie's name: `__Host-postern_session` with `Secure` cookies,
/// `postern_session` over plain HTTP (local testing), where the prefix is not allowed.
pub(crate) fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-postern_session"
    } else {
        "postern_session"
    }
}

/// The `Set-Cookie` that removes the session cookie at sign-out. The session layer writes
/// its removal without `Path` or `Secure`: a browser ignores such a removal of a `__Host-`
/// cookie (and, without `Path=/`, one sent from `/admin/sign-out` removes nothing at `/`), so
/// it is written again with the attributes the cookie was set with.
struct ForgetSession {
    /// `<name>=;`, how the session layer's removal begins.
    removal_start: String,
    /// The removal as it should be.
    removal: poem::http::HeaderValue,
}

impl ForgetSession {
    fn new(secure: bool) -> Self {
        let name = session_cookie_name(secure);
        let secure = if secure { "; Secure" } else { "" };
        Self {
            removal_start: format!("{name}=;"),
            removal: poem::http::HeaderValue::try_from(format!(
                "{name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}"
            ))
            .unwrap_or_else(|_| poem::http::HeaderValue::from_static("")),
        }
    }

    /// `resp` with the session cookie's removal, if it carries one, written in full.
    fn fix(&self, mut resp: Response) -> Response {
        use poem::http::header::SET_COOKIE;
        let removes = |v: &poem::http::HeaderValue| v.as_bytes().starts_with(self.removal_start.as_bytes());
        if !resp.headers().get_all(SET_COOKIE).iter().any(removes) {
            return resp;
        }
        let values: Vec<_> = resp
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| if removes(v) { self.removal.clone() } else { v.clone() })
            .collect();
        let headers = resp.headers_mut();
        headers.remove(SET_COOKIE);
        for v in values {
            headers.append(SET_COOKIE, v);
        }
        resp
    }
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
        failures: Backoff::new(),
        shared: config.shared_limits.clone().map(|store| SharedLimits {
            store,
            clock: ports.clock.clone(),
            sign_in_per_minute: config.sign_in_per_minute,
            account_per_minute: config.sign_in_per_account_per_minute,
            activation_per_minute: config.activation_per_minute,
        }),
        trusted_proxies: config.trusted_proxies.clone(),
    };
    // Over HTTPS the `__Host-` prefix: browsers take the cookie only from this host, `Secure`,
    // `Path=/` and without `Domain`, so a sibling host cannot plant a session of its own.
    let cookie = CookieConfig::default()
        .name(session_cookie_name(config.secure_cookies))
        .path("/")
        .secure(config.secure_cookies)
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(config.session_ttl.max(config.console_max));
    let forget_session = Arc::new(ForgetSession::new(config.secure_cookies));
    let lifetimes = session::Lifetimes {
        portal_idle: config.portal_idle,
        portal_max: config.session_ttl,
        console_idle: config.console_idle,
        console_max: config.console_max,
    };
    let storage = session::DbSessions::new(sessions.clone(), ports.clock.clone(), lifetimes);
    // A day, as poem's own CSRF middleware had it.
    let csrf = csrf::Csrf::new(
        config.csrf_key,
        config.secure_cookies,
        StdDuration::from_secs(24 * 60 * 60),
    );
    let state = Arc::new(AppState {
        uc: UseCases::new(&ports),
        clock: ports.clock.clone(),
        random: ports.random.clone(),
        settings: ports.settings.clone(),
        files: ports.attachments.clone(),
        limits,
        sessions: sessions.clone(),
        lifetimes,
        worker: config.worker.clone(),
        public_url: config.public_url.clone(),
        catalog: postern_i18n::catalog(config.pseudo_locale),
        secure_cookies: config.secure_cookies,
        password_hints: activation::PasswordHints::default(),
        download_turns: Arc::new(tokio::sync::Semaphore::new(config.max_downloads.max(1))),
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
        .at("/invitations/bulk", get(bulk::form).post(bulk::submit))
        .at("/invitations/bulk/progress", get(bulk::progress))
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
        .at(format!("{}:token/renew", routes::ACTIVATE), post(activation::renew))
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
        .at("/admin/reports", get(admin::reports))
        .at("/admin/webhooks", get(admin::webhooks).post(admin::add_webhook))
        .at(
            "/admin/webhooks/:id/remove",
            get(admin::remove_webhook_confirm).post(admin::remove_webhook),
        )
        .at("/admin/invitations", get(admin::invitations))
        .at(
            "/admin/invitations/recipients/:id/:action",
            get(admin::invitation_confirm).post(admin::invitation_act),
        )
        .at("/tokens/:id/revoke", post(tokens::revoke))
        .at("/language", post(i18n::switch))
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
        .around({
            let state = state.clone();
            move |next, req| extract::page_errors(state.clone(), next, req)
        })
        .with(csrf)
        .with(ServerSession::new(cookie, storage))
        .after(move |resp| {
            let forget = forget_session.clone();
            async move { resp.map(|resp| forget.fix(resp.into_response())) }
        })
        .around(limits::pages);
    let hsts = config.hsts;
    let catalog = state.catalog;
    // The probes need neither a session nor a CSRF cookie: they answer during a database
    // outage (live: always; ready: says which part fails). Nor do the shared static files: a
    // cache that keeps them must not keep someone's cookie with them.
    Route::new()
        .nest("/api", api)
        .at("/health", get(pages::health).data(state.clone()))
        .at("/health/live", get(pages::live))
        .at("/health/ready", get(pages::ready).data(state.clone()))
        .at("/static/postern.css", get(pages::stylesheet))
        .at("/static/postern.js", get(pages::script))
        .nest("/", pages)
        .around(move |next, req| outage::guard(sessions.clone(), next, req))
        .around(move |next, req| i18n::reader(next, req, catalog))
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
    use poem::http::header;
    let headers = resp.headers_mut();
    let set = |headers: &mut poem::http::HeaderMap, name: header::HeaderName, value: &'static str| {
        headers.insert(name, poem::http::HeaderValue::from_static(value));
    };
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    // The activation and download links carry their token in the path: never send it elsewhere.
    set(headers, header::REFERRER_POLICY, "no-referrer");
    set(headers, header::CONTENT_SECURITY_POLICY, csp);
    // Nothing is stored by the browser unless a page says otherwise (the compose forms do).
    if !headers.contains_key(header::CACHE_CONTROL) {
        set(headers, header::CACHE_CONTROL, "no-store");
    }
    if hsts {
        set(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
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

#[cfg(test)]
mod tests {
    use super::{Backoff, account_key};
    use std::time::Duration;

    #[test]
    fn the_wait_grows_after_the_free_failures_up_to_its_ceiling() {
        let waits: Vec<u64> = (0..30).map(|n| Backoff::wait(n).as_secs()).collect();
        assert_eq!(&waits[..8], &[0, 0, 0, 0, 0, 1, 2, 4]);
        assert_eq!(Backoff::wait(14), Duration::from_secs(512));
        assert!(waits.iter().all(|w| *w <= 15 * 60), "{waits:?}");
        assert_eq!(Backoff::wait(u32::MAX), Backoff::MAX_WAIT);
    }

    #[test]
    fn an_account_waits_after_its_free_failures_and_a_success_forgets_them() {
        let b = Backoff::new();
        for _ in 0..Backoff::FREE {
            assert!(b.allows("alice"));
            b.failed("alice".into());
        }
        assert!(!b.allows("alice"), "the sixth attempt waits");
        assert!(b.allows("bob"), "another account does not");
        b.succeeded("alice");
        assert!(b.allows("alice"));
    }

    #[test]
    fn every_form_of_a_name_counts_as_one_account() {
        assert_eq!(account_key(" CORP\\Alice "), "alice");
        assert_eq!(account_key("alice"), "alice");
        assert_eq!(account_key("Alice@Corp.Example"), "alice@corp.example");
        assert_eq!(account_key(&"x".repeat(1000)).len(), 256);
    }
}
