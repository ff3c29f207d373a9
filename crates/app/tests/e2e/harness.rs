use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use poem::endpoint::BoxEndpoint;
use poem::http::{Method, StatusCode};
use poem::test::TestClient;
use poem::{EndpointExt, Response};
use postern::config::Config;
use postern_domain::EmailAddress;
use postern_domain::password::Password;
use postern_domain::text::DisplayName;
use postern_domain::usecases::{Accounts, DeliverOutbox, NewUser, Ports};
use postern_domain::user::{User, UserKind};
use postern_testkit::{MemoryPorts, RecordingMailer};
use postern_web::WebConfig;

pub const PASSWORD: &str = "quiet-harbour-lantern-47";

pub enum Mail {
    Memory(Arc<RecordingMailer>),
    Folder(PathBuf),
    /// maildev's API, and this harness's own sender address (tests share one maildev).
    Maildev(String, String),
}

pub struct Harness {
    pub client: TestClient<BoxEndpoint<'static>>,
    pub ports: Ports,
    pub worker: DeliverOutbox,
    mail: Mail,
    jar: Mutex<BTreeMap<String, String>>,
    _dir: Option<tempfile::TempDir>,
    /// The PostgreSQL database of [`Harness::postgres`].
    pub database_url: Option<String>,
    /// The clock of [`Harness::memory`], which the test moves.
    pub clock: Option<Arc<postern_testkit::ManualClock>>,
    /// The database of a harness on a full runtime (its statement counts).
    pub database: Option<Arc<postern_storage::SqlStore>>,
}

enum Payload<'a> {
    None,
    Form(&'a [(&'a str, &'a str)]),
    Raw(String, Vec<u8>),
}

pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
}

impl Page {
    pub fn csrf(&self) -> String {
        self.hidden("csrf_token")
    }
    /// The `value` of the input named `name` (any type).
    pub fn hidden_or_value(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\"");
        let start = self.body.find(&marker).unwrap_or_else(|| panic!("no {name}"));
        let rest = &self.body[start..];
        let v = rest.find("value=\"").unwrap() + "value=\"".len();
        rest[v..].split('"').next().unwrap().to_owned()
    }
    pub fn hidden(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let start = self
            .body
            .find(&marker)
            .unwrap_or_else(|| panic!("no {name} in {}", self.body))
            + marker.len();
        self.body[start..].split('"').next().unwrap().to_owned()
    }
}

fn web_config(per_minute: u32) -> WebConfig {
    WebConfig {
        secure_cookies: true,
        session_ttl: StdDuration::from_secs(12 * 3600),
        portal_idle: StdDuration::from_secs(3600),
        console_idle: StdDuration::from_secs(30 * 60),
        console_max: StdDuration::from_secs(8 * 3600),
        csrf_key: [7; 32],
        sign_in_per_minute: per_minute,
        sign_in_per_account_per_minute: per_minute,
        activation_per_minute: per_minute,
        trusted_proxies: Vec::new(),
        hsts: true,
        worker: None,
        shared_limits: None,
        public_url: postern::config::Config::default().base_url(),
        pseudo_locale: false,
        max_downloads: 32,
    }
}

impl Harness {
    /// In-memory adapters, fake hasher, recording mailer.
    pub async fn memory() -> Self {
        Self::memory_with_limits(1000).await
    }

    /// In-memory, with this many sign-in and activation attempts per minute.
    pub async fn memory_with_limits(per_minute: u32) -> Self {
        Self::memory_built(web_config(per_minute), false).await
    }

    /// In-memory, with the web layer's settings changed by `change`.
    pub async fn memory_with(change: impl FnOnce(&mut WebConfig)) -> Self {
        let mut config = web_config(1000);
        change(&mut config);
        Self::memory_built(config, false).await
    }

    /// In-memory, every page and email written in the pseudo-locale.
    pub async fn memory_pseudo() -> Self {
        let mut config = web_config(1000);
        config.pseudo_locale = true;
        Self::memory_built(config, true).await
    }

    async fn memory_built(web: WebConfig, pseudo: bool) -> Self {
        let mut mem = MemoryPorts::new();
        mem.ports.texts = Arc::new(postern_i18n::catalog(pseudo));
        let mailer = Arc::new(if pseudo {
            RecordingMailer::pseudo()
        } else {
            RecordingMailer::default()
        });
        let config = Config::default();
        let worker = postern::delivery(&mem.ports, mailer.clone(), &config).unwrap();
        let app = postern_web::app(mem.ports.clone(), mem.store.clone(), web)
            .map_to_response()
            .boxed();
        Self {
            client: TestClient::new(app),
            ports: mem.ports,
            worker,
            mail: Mail::Memory(mailer),
            jar: Mutex::default(),
            _dir: None,
            database_url: None,
            clock: Some(mem.clock),
            database: None,
        }
    }

    /// A full runtime from `config`; mail is read from the pickup folder unless `mail` says
    /// otherwise.
    async fn running(config: Config, dir: tempfile::TempDir, mail: Option<Mail>, database_url: Option<String>) -> Self {
        let runtime = postern::open(config).await.unwrap();
        let worker = postern::delivery(&runtime.ports, runtime.mailer.clone(), &runtime.config).unwrap();
        let app = postern::web(&runtime).unwrap().map_to_response().boxed();
        let mail = mail.unwrap_or_else(|| Mail::Folder(runtime.config.pickup_dir()));
        Self {
            client: TestClient::new(app),
            ports: runtime.ports,
            worker,
            mail,
            jar: Mutex::default(),
            _dir: Some(dir),
            database_url,
            clock: None,
            database: Some(runtime.database.clone()),
        }
    }

    /// The embedded default: SQLite file, pickup folder, argon2id, OS randomness.
    pub async fn embedded() -> Self {
        Self::embedded_with(|_| {}).await
    }

    /// [`Harness::embedded`] with `change` applied to the configuration last.
    pub async fn embedded_with(change: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::default();
        config.server.data_dir = dir.path().join("var");
        // The scenarios sign in many times a minute from one address.
        config.security.sign_in_per_minute = 1000;
        change(&mut config);
        Self::running(config, dir, None, None).await
    }

    /// The embedded default, but mail goes through SMTP to maildev (started by
    /// `cargo xtask test`), optionally through `via` (a [`postern_testkit::FaultProxy`]).
    pub async fn smtp(via: Option<std::net::SocketAddr>) -> Self {
        Self::smtp_with(via, |_| {}).await
    }

    /// [`Harness::smtp`] with `change` applied to the configuration last.
    pub async fn smtp_with(via: Option<std::net::SocketAddr>, change: impl FnOnce(&mut Config)) -> Self {
        let smtp = std::env::var("XTASK_MAILDEV_SMTP").expect("XTASK_MAILDEV_SMTP: run through `cargo xtask test`");
        let api = std::env::var("XTASK_MAILDEV_API").expect("XTASK_MAILDEV_API: run through `cargo xtask test`");
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::default();
        config.server.data_dir = dir.path().join("var");
        let target = via.map_or(smtp, |a| a.to_string());
        config.mail.smtp.url = serde_json::from_value(serde_json::json!(format!("smtp+plain://{target}"))).unwrap();
        let mut tag = [0u8; 6];
        getrandom::fill(&mut tag).unwrap();
        let tag: String = tag.iter().map(|b| format!("{b:02x}")).collect();
        config.mail.from = format!("postern-{tag}@example.com");
        config.delivery.retry_base_seconds = 1;
        config.delivery.retry_max_minutes = 1;
        change(&mut config);
        let from = config.mail.from.clone();
        Self::running(config, dir, Some(Mail::Maildev(api, from)), None).await
    }

    /// The embedded default on PostgreSQL (started by `cargo xtask test`) instead of SQLite.
    pub async fn postgres() -> Self {
        Self::on_database(&fresh_postgres_url().await).await
    }

    /// The embedded default on the database at `url`.
    pub async fn on_database(url: &str) -> Self {
        Self::on_database_with(url, |_| {}).await
    }

    /// [`Harness::on_database`] with `change` applied to the configuration last: one more
    /// instance of a deployment that shares the database (its own data folder and mail).
    pub async fn on_database_with(url: &str, change: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::default();
        config.server.data_dir = dir.path().join("var");
        config.security.sign_in_per_minute = 1000;
        let url = url.to_owned();
        config.database.url = serde_json::from_value(serde_json::json!(url.clone())).unwrap();
        change(&mut config);
        Self::running(config, dir, None, Some(url)).await
    }

    /// The embedded default with the Samba AD domain controller started by `cargo xtask test`
    /// (StartTLS, trusting the test CA); `urls` replaces its address (e.g. with a dead port).
    pub async fn directory(urls: Option<String>) -> Self {
        Self::directory_with(urls, |_| {}).await
    }

    /// [`Harness::directory`] with some settings changed.
    pub async fn directory_with(urls: Option<String>, change: impl FnOnce(&mut Config)) -> Self {
        let env = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name}: run through `cargo xtask test`"));
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::default();
        config.server.data_dir = dir.path().join("var");
        config.security.sign_in_per_minute = 1000;
        let d = &mut config.directory;
        d.urls = urls.unwrap_or_else(|| env("XTASK_LDAP_URL"));
        d.bind_dn = env("XTASK_LDAP_BIND_DN");
        d.bind_password = serde_json::from_value(serde_json::json!(env("XTASK_LDAP_BIND_PASSWORD"))).unwrap();
        d.base_dn = env("XTASK_LDAP_BASE_DN");
        d.ca_file = env("XTASK_CA_FILE").into();
        d.invite_group = env("XTASK_LDAP_INVITE_GROUP");
        change(&mut config);
        Self::running(config, dir, None, None).await
    }

    pub async fn both() -> Vec<(&'static str, Self)> {
        vec![("memory", Self::memory().await), ("embedded", Self::embedded().await)]
    }

    /// How the in-memory mail system answers from now on (memory harness only).
    pub fn mail_answers(&self, mode: postern_testkit::MailerMode) {
        match &self.mail {
            Mail::Memory(m) => m.set_mode(mode),
            _ => panic!("only the in-memory mail system can be told how to answer"),
        }
    }

    /// Switches to another browser: this one's cookies are returned, `other`'s are used from
    /// now on (an empty jar is a browser that never came here).
    pub fn switch_browser(&self, other: BTreeMap<String, String>) -> BTreeMap<String, String> {
        std::mem::replace(&mut *self.jar.lock().unwrap(), other)
    }

    pub fn forget_cookies(&self) {
        self.jar.lock().unwrap().clear();
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar.lock().unwrap().get(name).cloned()
    }

    async fn request(&self, method: Method, uri: &str, form: Option<&[(&str, &str)]>) -> Page {
        let payload = form.map_or(Payload::None, Payload::Form);
        let resp = self.exchange(method, uri, payload, &[]).await;
        let status = resp.status();
        let location = resp.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
        let body = resp.into_body().into_string().await.unwrap();
        Page { status, location, body }
    }

    /// A form with files, as a browser sends it (`multipart/form-data`).
    pub async fn post_multipart(&self, uri: &str, fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Page {
        self.post_multipart_as(uri, fields, "files", files).await
    }

    /// A form with files in the input named `file_field`.
    pub async fn post_multipart_as(
        &self,
        uri: &str,
        fields: &[(&str, &str)],
        file_field: &str,
        files: &[(&str, &[u8])],
    ) -> Page {
        let boundary = "postern-test-boundary-7d3f1a";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        for (file_name, data) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        let resp = self
            .exchange(Method::POST, uri, Payload::Raw(content_type, body), &[])
            .await;
        let status = resp.status();
        let location = resp.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
        let body = resp.into_body().into_string().await.unwrap();
        Page { status, location, body }
    }

    /// A raw request body (for cut-off uploads and the like).
    pub async fn post_raw(&self, uri: &str, content_type: &str, body: Vec<u8>) -> Page {
        let resp = self
            .exchange(Method::POST, uri, Payload::Raw(content_type.to_owned(), body), &[])
            .await;
        let status = resp.status();
        let location = resp.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
        let body = resp.into_body().into_string().await.unwrap();
        Page { status, location, body }
    }

    /// A download: status, headers and the bytes.
    pub async fn download(&self, uri: &str, range: Option<&str>) -> (StatusCode, poem::http::HeaderMap, Vec<u8>) {
        let headers: Vec<(&str, &str)> = range.map(|r| vec![("Range", r)]).unwrap_or_default();
        let resp = self.exchange(Method::GET, uri, Payload::None, &headers).await;
        let status = resp.status();
        let headers = resp.headers().clone();
        (status, headers, resp.into_body().into_vec().await.unwrap())
    }

    async fn exchange(&self, method: Method, uri: &str, payload: Payload<'_>, headers: &[(&str, &str)]) -> Response {
        let cookie = self
            .jar
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let mut req = self.client.request(method, uri.to_owned());
        if !cookie.is_empty() {
            req = req.header("Cookie", cookie);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        match payload {
            Payload::None => {}
            Payload::Form(form) => {
                req = req.form(
                    &form
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                        .collect::<Vec<_>>(),
                );
            }
            Payload::Raw(content_type, body) => {
                req = req.content_type(content_type).body(body);
            }
        }
        let resp: Response = req.send().await.0;
        for value in resp.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap();
            assert!(text.contains("HttpOnly"), "{text}");
            assert!(text.contains("Secure"), "{text}");
            let pair = text.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            let mut jar = self.jar.lock().unwrap();
            if v.is_empty() || text.contains("Max-Age=0") {
                jar.remove(k);
            } else {
                jar.insert(k.to_owned(), v.to_owned());
            }
        }
        resp
    }

    /// A page's headers (with this harness's cookies).
    pub async fn headers(&self, uri: &str) -> poem::http::HeaderMap {
        self.exchange(Method::GET, uri, Payload::None, &[])
            .await
            .headers()
            .clone()
    }

    pub async fn get(&self, uri: &str) -> Page {
        self.request(Method::GET, uri, None).await
    }

    /// A page asked for with these request headers besides (`Accept-Language`, …).
    pub async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Page {
        let resp = self.exchange(Method::GET, uri, Payload::None, headers).await;
        let status = resp.status();
        let location = resp.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
        let body = resp.into_body().into_string().await.unwrap();
        Page { status, location, body }
    }

    pub async fn post(&self, uri: &str, form: &[(&str, &str)]) -> Page {
        self.request(Method::POST, uri, Some(form)).await
    }

    pub async fn user(&self, email: &str, kind: UserKind) -> User {
        Accounts::new(&self.ports)
            .create_user(
                None,
                NewUser {
                    email: EmailAddress::parse(email).unwrap(),
                    display_name: DisplayName::parse("Sam Staff").unwrap(),
                    kind,
                    password: Password::new(PASSWORD),
                },
            )
            .await
            .unwrap()
    }

    /// `staff@example.com` (allowed to invite) sends `batches` invitations of `per` recipients
    /// each (`<prefix>-<batch>-<i>@example.org`) through the use case, as a form would; the
    /// recipients and the invitations.
    pub async fn queue_invitations(
        &self,
        prefix: &str,
        batches: usize,
        per: usize,
    ) -> (
        std::collections::HashSet<String>,
        Vec<postern_domain::ids::InvitationId>,
    ) {
        use postern_domain::usecases::{InvitationForm, InvitationRequest, SendInvitations};
        let sender = self.user("staff@example.com", UserKind::Internal).await;
        self.allow_invitations().await;
        let send = SendInvitations::new(&self.ports);
        let (mut expected, mut invitations) = (std::collections::HashSet::new(), Vec::new());
        for batch in 0..batches {
            let to: Vec<String> = (0..per).map(|i| format!("{prefix}-{batch}-{i}@example.org")).collect();
            expected.extend(to.iter().cloned());
            let to = to.join(", ");
            let form = InvitationForm {
                to: &to,
                subject: "Hello",
                message: "Join us",
                ..Default::default()
            };
            let sent = send
                .execute(&sender, InvitationRequest::parse(&form).unwrap())
                .await
                .unwrap();
            invitations.push(sent.invitation.id);
        }
        (expected, invitations)
    }

    pub async fn allow_invitations(&self) {
        let mut s = std::sync::Arc::unwrap_or_clone(self.ports.settings.load_settings().await.unwrap());
        s.invitations.internal_users_may_invite = true;
        self.ports.settings.save_settings(&s).await.unwrap();
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Page {
        let page = self.get("/sign-in").await;
        self.post(
            "/sign-in",
            &[("csrf_token", &page.csrf()), ("email", email), ("password", password)],
        )
        .await
    }

    /// Every delivered message as (envelope recipient, raw RFC 5322 text).
    pub async fn messages(&self) -> Vec<(String, String)> {
        match &self.mail {
            Mail::Maildev(api, from) => {
                let client = reqwest::Client::new();
                let list: serde_json::Value = client
                    .get(format!("{api}/api/email"))
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                let mut out = Vec::new();
                for m in list.as_array().unwrap() {
                    if m["envelope"]["from"]["address"].as_str() != Some(from.as_str()) {
                        continue;
                    }
                    let to = m["envelope"]["to"][0]["address"].as_str().unwrap().to_lowercase();
                    let id = m["id"].as_str().unwrap();
                    let raw = client
                        .get(format!("{api}/api/email/{id}/source"))
                        .send()
                        .await
                        .unwrap()
                        .text()
                        .await
                        .unwrap();
                    out.push((to, raw));
                }
                out.sort();
                out
            }
            Mail::Memory(m) => m
                .sent()
                .iter()
                .map(|msg| {
                    (
                        msg.envelope_to.normalized().to_owned(),
                        postern_mail::render_eml(msg).unwrap(),
                    )
                })
                .collect(),
            Mail::Folder(dir) => {
                let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                    .map(|p| {
                        let name = p.file_name().unwrap().to_string_lossy().into_owned();
                        (
                            name.split("__").next().unwrap().to_owned(),
                            std::fs::read_to_string(&p).unwrap(),
                        )
                    })
                    .collect();
                out.sort();
                out
            }
        }
    }
}

/// Asserts the security headers `docs/security.md` promises on every answer: a content
/// security policy that allows nothing by default and no framing, `nosniff`, no framing, no
/// referrer (links carry tokens), and nothing kept in the browser's cache.
pub fn assert_secured(what: &str, headers: &poem::http::HeaderMap) {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{what}: no {name} header in {headers:?}"))
            .to_owned()
    };
    let csp = header("content-security-policy");
    assert!(
        csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
        "{what}: {csp}"
    );
    assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header("x-frame-options"), "DENY", "{what}");
    assert_eq!(header("referrer-policy"), "no-referrer", "{what}");
    assert!(header("cache-control").contains("no-store"), "{what}");
}

/// The address of a new, empty database on the PostgreSQL server of `cargo xtask test`.
pub async fn fresh_postgres_url() -> String {
    use sea_orm::ConnectionTrait;
    let admin_url = std::env::var("XTASK_POSTGRES_URL").expect("XTASK_POSTGRES_URL: run through `cargo xtask test`");
    let admin = postern_storage::SqlStore::connect(&admin_url).await.unwrap();
    let mut tag = [0u8; 4];
    getrandom::fill(&mut tag).unwrap();
    let db = format!("e2e_{}", tag.iter().map(|b| format!("{b:02x}")).collect::<String>());
    admin
        .connection()
        .execute_unprepared(&format!("CREATE DATABASE {db}"))
        .await
        .unwrap();
    format!("{}/{db}", admin_url.rsplit_once('/').unwrap().0)
}

/// The activation link in a message's text part.
pub fn link_in(eml: &str) -> String {
    let parsed = mail_parser::MessageParser::default().parse(eml.as_bytes()).unwrap();
    let text = parsed.body_text(0).unwrap().into_owned();
    let start = text.find("/activate/").expect("an activation link");
    let path: String = text[start..].split_whitespace().next().unwrap().to_owned();
    path
}
