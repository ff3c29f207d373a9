//! Protection against cross-site requests: a double-submit pair signed with the portal's key.
//!
//! Every page gets a form token (poem's [`CsrfToken`], the hidden field of its forms) and the
//! visitor a `postern_csrf` cookie (`HttpOnly`, `SameSite=Strict`; over HTTPS
//! `__Host-postern_csrf`, which a sibling host cannot set). A form is accepted when
//! its token and the cookie carry the same 64 random bytes, both signed with the key
//! (HMAC-SHA-256, the `csrf` crate's `HmacCsrfProtection`) and the cookie not expired. A
//! visitor with a valid cookie keeps its random bytes; a new cookie is drawn only for one
//! without.
//!
//! Signed, not encrypted (decision 0031): the random bytes are the visitor's own and no
//! secret from them; what a forger lacks is the key, which signing and encrypting need alike.
//! A page then costs one draw of random bytes and two HMACs instead of five draws and two
//! AES-GCM seals.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use csrf::{CsrfProtection, HmacCsrfProtection, UnencryptedCsrfCookie};
use poem::http::{HeaderValue, StatusCode, header};
use poem::web::CsrfToken;
use poem::{Endpoint, FromRequest, IntoResponse, Middleware, Request, RequestBody, Response};

/// The cookie's name over plain HTTP (local testing).
pub(crate) const COOKIE: &str = "postern_csrf";
/// The cookie's name with `Secure` cookies: the `__Host-` prefix makes browsers refuse it
/// from anywhere but this host over HTTPS, with `Path=/` and no `Domain`, so a sibling host
/// (or a plain-HTTP page of this one) cannot plant a pair of its own.
pub(crate) const HOST_COOKIE: &str = "__Host-postern_csrf";

/// The middleware: hands every request its form token and verifier.
pub(crate) struct Csrf {
    protect: Arc<HmacCsrfProtection>,
    name: &'static str,
    attributes: Arc<str>,
    ttl_seconds: i64,
}

impl Csrf {
    /// Signs with `key`; the cookie is `Secure` (and `__Host-`) when `secure`, and lives `ttl`.
    pub(crate) fn new(key: [u8; 32], secure: bool, ttl: Duration) -> Self {
        let name = if secure { HOST_COOKIE } else { COOKIE };
        let secure = if secure { "; Secure" } else { "" };
        Self {
            protect: Arc::new(HmacCsrfProtection::from_key(key)),
            name,
            attributes: format!("; HttpOnly; SameSite=Strict{secure}; Path=/; Max-Age={}", ttl.as_secs()).into(),
            ttl_seconds: i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX),
        }
    }
}

impl<E: Endpoint> Middleware<E> for Csrf {
    type Output = CsrfEndpoint<E>;

    fn transform(&self, inner: E) -> Self::Output {
        CsrfEndpoint {
            inner,
            protect: self.protect.clone(),
            name: self.name,
            attributes: self.attributes.clone(),
            ttl_seconds: self.ttl_seconds,
        }
    }
}

/// The endpoint [`Csrf`] makes.
pub(crate) struct CsrfEndpoint<E> {
    inner: E,
    protect: Arc<HmacCsrfProtection>,
    /// The cookie's name.
    name: &'static str,
    /// What follows the cookie's value in its `Set-Cookie` header.
    attributes: Arc<str>,
    ttl_seconds: i64,
}

impl<E: Endpoint> Endpoint for CsrfEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Self::Output> {
        let existing = sent_once(&req, self.name)
            .and_then(|value| STANDARD.decode(value).ok())
            .and_then(|bytes| self.protect.parse_cookie(&bytes).ok());
        let kept = existing.as_ref().and_then(|c| <&[u8; 64]>::try_from(c.value()).ok());
        // Signing cannot fail: were it to, the page goes without a token rather than down,
        // and its forms are refused.
        let (token, set_cookie) = match self.protect.generate_token_pair(kept, self.ttl_seconds) {
            Ok((token, cookie)) => {
                // Written here rather than through the cookie jar: one string, no formatting
                // of attributes per page. Base64 needs no escaping in a cookie's value.
                let mut header = String::with_capacity(self.name.len() + 160 + self.attributes.len());
                header.push_str(self.name);
                header.push('=');
                STANDARD.encode_string(cookie.value(), &mut header);
                header.push_str(&self.attributes);
                (STANDARD.encode(token.value()), HeaderValue::try_from(header).ok())
            }
            Err(_) => (String::new(), None),
        };
        req.extensions_mut().insert(CsrfToken(token));
        req.extensions_mut().insert(CsrfVerifier {
            cookie: existing,
            protect: self.protect.clone(),
        });
        let mut resp = self.inner.call(req).await?.into_response();
        if let Some(value) = set_cookie {
            resp.headers_mut().append(header::SET_COOKIE, value);
        }
        Ok(resp)
    }
}

/// The cookie `name`'s value, when the request's `Cookie` headers name it exactly once. A
/// request with it twice is one whose second may have been planted (from a sibling host, or
/// under a narrower path so that it comes first): neither counts, its forms are refused, and
/// the page hands out new bytes.
fn sent_once<'r>(req: &'r Request, name: &str) -> Option<&'r str> {
    let mut named = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .filter(|(named, _)| named.trim() == name)
        .map(|(_, value)| value.trim());
    let value = named.next()?;
    named.next().is_none().then_some(value)
}

/// Checks a form's token against the request's cookie.
#[derive(Clone)]
pub(crate) struct CsrfVerifier {
    cookie: Option<UnencryptedCsrfCookie>,
    protect: Arc<HmacCsrfProtection>,
}

impl CsrfVerifier {
    /// Whether `token` (as the form sent it) and the cookie make a valid pair.
    pub(crate) fn is_valid(&self, token: &str) -> bool {
        let Some(cookie) = &self.cookie else {
            return false;
        };
        STANDARD
            .decode(token)
            .ok()
            .and_then(|bytes| self.protect.parse_token(&bytes).ok())
            .is_some_and(|token| self.protect.verify_token_pair(&token, cookie).is_ok())
    }
}

impl<'a> FromRequest<'a> for &'a CsrfVerifier {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        req.extensions()
            .get::<CsrfVerifier>()
            .ok_or_else(|| poem::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR))
    }
}

#[cfg(test)]
mod tests {
    use poem::middleware::CookieJarManager;
    use poem::test::TestClient;
    use poem::web::Form;
    use poem::{EndpointExt, Route, get, handler};

    use super::*;

    #[handler]
    fn page(token: &CsrfToken) -> String {
        token.0.clone()
    }

    #[derive(serde::Deserialize)]
    struct Posted {
        csrf_token: String,
    }

    #[handler]
    fn act(verifier: &CsrfVerifier, Form(form): Form<Posted>) -> StatusCode {
        if verifier.is_valid(&form.csrf_token) {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        }
    }

    fn portal(key: u8, ttl: Duration) -> impl Endpoint {
        portal_over(key, ttl, true)
    }

    fn portal_over(key: u8, ttl: Duration, https: bool) -> impl Endpoint {
        Route::new()
            .at("/", get(page).post(act))
            .with(Csrf::new([key; 32], https, ttl))
            .with(CookieJarManager::new())
    }

    /// A page's token and the cookie it came with (`name=value` only).
    async fn visit(app: &impl Endpoint, cookie: Option<&str>) -> (String, String) {
        let client = TestClient::new(app);
        let mut get = client.get("/");
        if let Some(cookie) = cookie {
            get = get.header("cookie", cookie);
        }
        let resp = get.send().await;
        resp.assert_status_is_ok();
        let set = resp
            .0
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let set = set.expect("every page sets the cookie");
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="] {
            assert!(set.contains(attribute), "{attribute} in {set}");
        }
        assert!(!set.contains("Domain"), "a host-only cookie: {set}");
        // Over HTTPS the `__Host-` name, which browsers accept only with `Secure`.
        let host = set.starts_with(&format!("{HOST_COOKIE}="));
        assert!(host == set.contains("; Secure"), "{set}");
        let pair = set.split(';').next().unwrap_or_default().to_owned();
        (resp.0.into_body().into_string().await.unwrap_or_default(), pair)
    }

    async fn post(app: &impl Endpoint, cookie: Option<&str>, token: &str) -> StatusCode {
        let client = TestClient::new(app);
        let mut post = client.post("/").form(&[("csrf_token", token)]);
        if let Some(cookie) = cookie {
            post = post.header("cookie", cookie);
        }
        post.send().await.0.status()
    }

    const DAY: Duration = Duration::from_secs(24 * 60 * 60);

    #[tokio::test]
    async fn a_form_is_accepted_only_with_its_own_cookie_and_an_untouched_token() {
        let app = portal(7, DAY);
        let (token, cookie) = visit(&app, None).await;
        let (other_token, other_cookie) = visit(&app, None).await;
        assert_ne!(cookie, other_cookie, "each visitor draws their own bytes");
        assert_eq!(post(&app, Some(&cookie), &token).await, StatusCode::OK);
        assert_eq!(post(&app, Some(&other_cookie), &other_token).await, StatusCode::OK);
        // Another visitor's pair, half of it, or a token changed by one character: refused.
        assert_eq!(post(&app, Some(&other_cookie), &token).await, StatusCode::FORBIDDEN);
        assert_eq!(post(&app, Some(&cookie), &other_token).await, StatusCode::FORBIDDEN);
        assert_eq!(post(&app, None, &token).await, StatusCode::FORBIDDEN);
        assert_eq!(post(&app, Some(&cookie), "").await, StatusCode::FORBIDDEN);
        assert_eq!(post(&app, Some(&cookie), "not base64 ☃").await, StatusCode::FORBIDDEN);
        for at in [0, 10, 50, token.len() - 5] {
            let mut changed = token.clone().into_bytes();
            changed[at] = if changed[at] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(changed).unwrap_or_default();
            assert_eq!(post(&app, Some(&cookie), &changed).await, StatusCode::FORBIDDEN, "{at}");
        }
    }

    #[tokio::test]
    async fn a_visitor_keeps_their_bytes_and_every_page_s_token_works_with_the_new_cookie() {
        let app = portal(7, DAY);
        let (first, cookie) = visit(&app, None).await;
        let (second, renewed) = visit(&app, Some(&cookie)).await;
        assert_eq!(post(&app, Some(&renewed), &first).await, StatusCode::OK);
        assert_eq!(post(&app, Some(&cookie), &second).await, StatusCode::OK);
        // A cookie the key did not sign is a visitor without one: new bytes.
        let (_, stranger) = visit(&portal(8, DAY), None).await;
        let (fresh, given) = visit(&app, Some(&stranger)).await;
        assert_eq!(post(&app, Some(&stranger), &fresh).await, StatusCode::FORBIDDEN);
        assert_eq!(post(&app, Some(&given), &fresh).await, StatusCode::OK);
    }

    #[tokio::test]
    async fn a_request_with_the_cookie_twice_is_refused_whichever_comes_first() {
        let app = portal(7, DAY);
        let (token, cookie) = visit(&app, None).await;
        let (_, other) = visit(&app, None).await;
        for twice in [
            format!("{cookie}; {other}"),
            format!("{other}; {cookie}"),
            format!("{cookie}; {cookie}"),
            format!("{cookie}; {HOST_COOKIE}=garbage"),
            format!("{cookie};{HOST_COOKIE}= "),
        ] {
            assert_eq!(post(&app, Some(&twice), &token).await, StatusCode::FORBIDDEN, "{twice}");
        }
        // In two headers, as a client may send them.
        let client = TestClient::new(&app);
        let resp = client
            .post("/")
            .header("cookie", &cookie)
            .header("cookie", &cookie)
            .form(&[("csrf_token", token.as_str())])
            .send()
            .await;
        assert_eq!(resp.0.status(), StatusCode::FORBIDDEN);
        // Other cookies beside it change nothing.
        let beside = format!("postern_session=abc; {cookie}; {HOST_COOKIE}_other=1");
        assert_eq!(post(&app, Some(&beside), &token).await, StatusCode::OK);
    }

    #[tokio::test]
    async fn over_https_only_the_host_cookie_counts() {
        let app = portal(7, DAY);
        let (token, cookie) = visit(&app, None).await;
        assert!(cookie.starts_with(&format!("{HOST_COOKIE}=")), "{cookie}");
        let value = cookie.split_once('=').map(|(_, v)| v).unwrap_or_default();
        // The same signed pair under the plain name (as a sibling host or a plain-HTTP page
        // could set it) is no cookie at all here.
        let plain = format!("{COOKIE}={value}");
        assert_eq!(post(&app, Some(&plain), &token).await, StatusCode::FORBIDDEN);
        // Beside the host cookie, a planted plain one changes nothing either way.
        let (_, other) = visit(&app, None).await;
        let other_value = other.split_once('=').map(|(_, v)| v).unwrap_or_default();
        let planted = format!("{COOKIE}={other_value}; {cookie}");
        assert_eq!(post(&app, Some(&planted), &token).await, StatusCode::OK);
        // Over plain HTTP (local testing) the plain name, and the host one is not read.
        let local = portal_over(7, DAY, false);
        let (token, cookie) = visit(&local, None).await;
        assert!(cookie.starts_with(&format!("{COOKIE}=")), "{cookie}");
        assert_eq!(post(&local, Some(&cookie), &token).await, StatusCode::OK);
        let as_host = format!(
            "{HOST_COOKIE}={}",
            cookie.split_once('=').map(|(_, v)| v).unwrap_or_default()
        );
        assert_eq!(post(&local, Some(&as_host), &token).await, StatusCode::FORBIDDEN);
    }

    #[tokio::test]
    async fn another_key_or_an_expired_cookie_is_refused() {
        let app = portal(7, DAY);
        let (token, cookie) = visit(&app, None).await;
        assert_eq!(
            post(&portal(8, DAY), Some(&cookie), &token).await,
            StatusCode::FORBIDDEN
        );
        let expiring = portal(7, Duration::ZERO);
        let (token, cookie) = visit(&expiring, None).await;
        assert_eq!(post(&expiring, Some(&cookie), &token).await, StatusCode::FORBIDDEN);
    }
}
