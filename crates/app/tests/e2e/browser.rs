//! The portal as a person uses it: headless Chromium, driven through chromedriver (both
//! started by `cargo xtask test`), against a real `postern serve` on the embedded default
//! (SQLite file, pickup folder). Every page a test visits is checked the same way: it has a
//! title; axe-core finds no violation of impact serious or critical and none of a WCAG 2.x A
//! or AA rule; at 390 px nothing scrolls sideways; and every control shows a focus ring with at
//! least 3:1 contrast against what is around it. A failure names the person, the step and the
//! page.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// A real `postern serve` in a temporary folder, stopped when dropped.
pub(crate) struct Portal {
    dir: tempfile::TempDir,
    pub base: String,
    server: Child,
    /// The `POSTERN_…` settings it was started with (the command line gets them too).
    settings: Vec<(String, String)>,
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

impl Portal {
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// A portal with these `POSTERN_…` settings besides.
    pub fn start_with(settings: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let base = format!("http://127.0.0.1:{port}");
        let log = std::fs::File::create(dir.path().join("serve.log")).unwrap();
        let server = Command::new(env!("CARGO_BIN_EXE_postern"))
            .arg("serve")
            .current_dir(dir.path())
            .env("POSTERN_LOG", "warn")
            .env("POSTERN_SERVER__LISTEN", format!("127.0.0.1:{port}"))
            .env("POSTERN_SERVER__PUBLIC_URL", &base)
            .env("POSTERN_DELIVERY__POLL_SECONDS", "1")
            .envs(settings.iter().copied())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if started.elapsed() > Duration::from_secs(30) {
                let log = std::fs::read_to_string(dir.path().join("serve.log")).unwrap_or_default();
                panic!("postern serve did not start:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let settings = settings
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Self {
            dir,
            base,
            server,
            settings,
        }
    }

    /// The data folder (`var` in the portal's folder).
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("var")
    }

    /// What `postern serve` wrote to its standard error so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("serve.log")).unwrap_or_default()
    }

    /// Runs the `postern` command line in the portal's folder, `stdin` as its input.
    pub fn cli(&self, args: &[&str], stdin: &str) -> String {
        let env: Vec<(&str, &str)> = self.settings.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        crate::walkthrough::postern_with(self.dir.path(), args, stdin, &env)
    }

    /// Creates a local user with `password`.
    pub fn user(&self, email: &str, name: &str, kind: &str, password: &str) {
        let mut args = vec!["user", "add", "--email", email, "--name", name, "--kind", kind];
        if kind == "internal" {
            args.push("--may-invite");
        }
        self.cli(&args, &format!("{password}\n"));
    }

    /// The message written for `address`, waiting for the delivery worker.
    pub fn message_to(&self, address: &str) -> String {
        self.message_to_with(address, "")
    }

    /// The message written for `address` whose text contains `words`, waiting for it.
    pub fn message_to_with(&self, address: &str, words: &str) -> String {
        let pickup = self.dir.path().join("var/mail/pickup");
        let started = Instant::now();
        loop {
            let found = std::fs::read_dir(&pickup).ok().and_then(|d| {
                d.map(|e| e.unwrap().path())
                    .filter(|p| p.to_string_lossy().contains(&format!("{address}__")))
                    .map(|p| std::fs::read_to_string(p).unwrap())
                    .find(|eml| {
                        let parsed = mail_parser::MessageParser::default().parse(eml.as_bytes());
                        parsed
                            .and_then(|m| m.body_text(0).map(|t| t.contains(words)))
                            .unwrap_or(false)
                    })
            });
            if let Some(eml) = found {
                return eml;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "no message for {address} with {words:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A file of `size` bytes named `name` in the portal's folder, for uploading.
    pub fn file(&self, name: &str, size: usize) -> PathBuf {
        let path = self.dir.path().join(name);
        let body: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::write(&path, body).unwrap();
        path
    }
}

/// One person's browser: a fresh headless Chromium with its own profile.
pub(crate) struct Browser {
    pub client: Client,
    who: &'static str,
    base: String,
    axe: String,
    _profile: tempfile::TempDir,
}

/// The desktop window, and the phone's width checked on every page.
const DESKTOP: (u32, u32) = (1280, 900);
const PHONE: (u32, u32) = (390, 844);

impl Browser {
    pub async fn open(who: &'static str, portal: &Portal) -> Self {
        let driver = std::env::var("XTASK_WEBDRIVER_URL").expect("XTASK_WEBDRIVER_URL: run through cargo xtask test");
        let chromium = std::env::var("XTASK_CHROMIUM").expect("XTASK_CHROMIUM: run through cargo xtask test");
        let axe = std::env::var("XTASK_AXE_JS").expect("XTASK_AXE_JS: run through cargo xtask test");
        let axe = std::fs::read_to_string(&axe).unwrap_or_else(|e| panic!("axe-core at {axe}: {e}"));
        let profile = tempfile::tempdir().unwrap();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    format!("--user-data-dir={}", profile.path().display()),
                    format!("--window-size={},{}", DESKTOP.0, DESKTOP.1),
                ],
            }),
        );
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&driver)
            .await
            .unwrap_or_else(|e| panic!("{who}: Chromium did not start through {driver}: {e}"));
        Self {
            client,
            who,
            base: portal.base.clone(),
            axe,
            _profile: profile,
        }
    }

    /// Goes to `path` and checks the page.
    pub async fn visit(&self, step: &str, path: &str) {
        self.client.goto(&format!("{}{path}", self.base)).await.unwrap();
        self.check(step).await;
    }

    /// Types `text` into the field `css` (emptied first).
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    /// Chooses `files` in the file input `css`.
    pub async fn choose_files(&self, css: &str, files: &[&Path]) {
        let field = self.find(css).await;
        let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        field.send_keys(&paths.join("\n")).await.unwrap();
    }

    /// Follows the link found by `xpath`, and checks the page it leads to.
    pub async fn follow(&self, step: &str, xpath: &str) {
        let link = self
            .client
            .find(Locator::XPath(xpath))
            .await
            .unwrap_or_else(|e| panic!("{}, {step}: no link {xpath}: {e}", self.who));
        link.click().await.unwrap();
        self.check(step).await;
    }

    /// Clicks `css`.
    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap();
    }

    /// Clicks the button that says `words`, and checks the page it leads to.
    pub async fn press(&self, step: &str, words: &str) {
        let xpath = format!("//button[normalize-space()='{words}'] | //input[@type='submit' and @value='{words}']");
        let button = self
            .client
            .find(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("{}, {step}: no button \"{words}\": {e}", self.who));
        button.click().await.unwrap();
        self.check(step).await;
    }

    async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{}: nothing matches {css}: {e}", self.who))
    }

    /// The page's visible text.
    pub async fn text(&self) -> String {
        self.find("body").await.text().await.unwrap()
    }

    /// The address shown, without the portal's base.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        url.as_str().trim_start_matches(&self.base).to_owned()
    }

    /// The checks every page gets; a failure names who, the step and the page.
    pub async fn check(&self, step: &str) {
        let at = self.path().await;
        let whence = format!("{}, {step} ({at})", self.who);
        let title = self.client.title().await.unwrap();
        assert!(!title.trim().is_empty(), "{whence}: the page has no title");
        self.accessible(&whence).await;
        self.focus_visible(&whence).await;
        self.fits_a_phone(&whence).await;
    }

    async fn accessible(&self, whence: &str) {
        self.client.execute(&self.axe, vec![]).await.unwrap();
        let found = self
            .client
            .execute_async(
                r"const done = arguments[arguments.length - 1];
                  axe.run(document).then(
                    (r) => done(r.violations.map((v) => ({
                      id: v.id, impact: v.impact, tags: v.tags, help: v.help,
                      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
                    }))),
                    (e) => done([{ id: 'axe-failed', impact: 'critical', tags: [], help: String(e), nodes: [] }]),
                  );",
                vec![],
            )
            .await
            .unwrap();
        let wcag = |tags: &Value| {
            tags.as_array().is_some_and(|t| {
                t.iter().filter_map(Value::as_str).any(|t| {
                    matches!(
                        t,
                        "wcag2a" | "wcag2aa" | "wcag21a" | "wcag21aa" | "wcag22a" | "wcag22aa"
                    )
                })
            })
        };
        let serious: Vec<String> = found
            .as_array()
            .into_iter()
            .flatten()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")) || wcag(&v["tags"]))
            .map(|v| format!("{} ({}): {} at {}", v["id"], v["impact"], v["help"], v["nodes"]))
            .collect();
        assert!(serious.is_empty(), "{whence}: accessibility:\n{}", serious.join("\n"));
    }

    async fn focus_visible(&self, whence: &str) {
        let problems = self
            .client
            .execute(
                r"const rgb = (c) => { const m = c.match(/[\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; };
                  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
                  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
                  const behind = (el) => { for (let e = el; e; e = e.parentElement) {
                      const c = rgb(getComputedStyle(e).backgroundColor); if (c.length < 4 || c[3] > 0) return c; }
                    return [255, 255, 255]; };
                  const out = [];
                  const before = document.activeElement;
                  const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')];
                  for (const el of all.slice(0, 60)) {
                    if (el.offsetParent === null) continue;
                    el.focus();
                    if (document.activeElement !== el) continue;
                    const cs = getComputedStyle(el);
                    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + (el.textContent || el.name || '').trim().slice(0, 30);
                    if (cs.outlineStyle === 'none' || parseFloat(cs.outlineWidth) < 2) { out.push(name + ': no focus ring'); continue; }
                    const c = ratio(rgb(cs.outlineColor), behind(el.parentElement));
                    if (c < 3) out.push(name + ': focus ring contrast ' + c.toFixed(2) + ':1');
                  }
                  if (before && before !== document.body && before.focus) { before.focus(); }
                  else if (document.activeElement) { document.activeElement.blur(); }
                  return out;",
                vec![],
            )
            .await
            .unwrap();
        let problems: Vec<&str> = problems
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        assert!(problems.is_empty(), "{whence}: focus:\n{}", problems.join("\n"));
    }

    async fn fits_a_phone(&self, whence: &str) {
        self.client.set_window_size(PHONE.0, PHONE.1).await.unwrap();
        let widths = self
            .client
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth, \
                 [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 \
                 || (e.scrollWidth > window.innerWidth && getComputedStyle(e).overflowX === 'visible'))\
                 .slice(-5).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))];",
                vec![],
            )
            .await
            .unwrap();
        // A checkbox stays beside its label: the label starts on the box's line.
        let apart = self
            .client
            .execute(
                "return [...document.querySelectorAll('.field.check')].filter((f) => { \
                   const box = f.querySelector('input'); const label = f.querySelector('label'); \
                   if (!box || !label || box.offsetParent === null) return false; \
                   return label.getBoundingClientRect().top >= box.getBoundingClientRect().bottom; \
                 }).map((f) => f.querySelector('input').id);",
                vec![],
            )
            .await
            .unwrap();
        self.client.set_window_size(DESKTOP.0, DESKTOP.1).await.unwrap();
        assert_eq!(
            apart,
            json!([]),
            "{whence}: at {} px these checkboxes wrap away from their labels",
            PHONE.0
        );
        let (scroll, inner) = (widths[0].as_u64().unwrap_or(0), widths[1].as_u64().unwrap_or(0));
        assert!(
            scroll <= inner,
            "{whence}: at {} px the page is {scroll} px wide: {}",
            PHONE.0,
            widths[2]
        );
    }

    /// With `XTASK_SCREENSHOTS` set (by `cargo xtask screenshots`), saves what the page looks
    /// like on a desktop and on a phone as `<name>-desktop.png` and `<name>-phone.png`.
    pub async fn shot(&self, name: &str) {
        let Ok(dir) = std::env::var("XTASK_SCREENSHOTS") else {
            return;
        };
        for ((width, height), device) in [(DESKTOP, "desktop"), (PHONE, "phone")] {
            self.client.set_window_size(width, height).await.unwrap();
            let png = self.client.screenshot().await.unwrap();
            std::fs::write(Path::new(&dir).join(format!("{name}-{device}.png")), png).unwrap();
        }
        self.client.set_window_size(DESKTOP.0, DESKTOP.1).await.unwrap();
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// The activation link in a message.
fn activation_link(message: &str) -> String {
    crate::harness::link_in(message)
}

/// Sam, a member of staff, invites two outside people with files; Gita, one of them, creates
/// her account from the link in her email.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium: cargo xtask test"]
async fn a_staff_member_invites_and_a_guest_creates_her_account() {
    let portal = Portal::start();
    portal.user("sam@example.com", "Sam Staff", "internal", "quiet-harbour-lantern-47");
    portal.user(
        "lee@example.com",
        "Lee Longtime",
        "external",
        "quiet-harbour-lantern-47",
    );
    let report = portal.file("report.txt", 3000);
    let photo = portal.file("photo.txt", 5000);

    let sam = Browser::open("Sam (staff)", &portal).await;
    sam.visit("opens the portal", "/sign-in").await;
    sam.fill("#email", "sam@example.com").await;
    sam.fill("#password", "quiet-harbour-lantern-47").await;
    sam.press("signs in", "Sign in").await;
    sam.visit("opens Send Invites", "/invitations/new").await;
    let subject = sam.find("#subject").await;
    assert_eq!(
        subject.attr("maxlength").await.unwrap().as_deref(),
        Some("256"),
        "the box takes what a subject may be"
    );
    assert!(sam.text().await.contains("up to 256 characters"), "and says so");
    sam.fill(
        "#to",
        "gita@example.org; \"Doe, John\" <john@example.org>; Lee@Example.com",
    )
    .await;
    sam.click("details.reveal:nth-of-type(1) summary").await;
    sam.fill("#cc", "not an address").await;
    sam.fill("#subject", "Our shared files").await;
    sam.fill("#message", "Hello, here are the files we spoke about.").await;
    sam.choose_files("#files", &[&report, &photo]).await;
    sam.shot("send-invites").await;
    sam.press("sends with a wrong CC address", "Send invitations").await;
    sam.shot("send-invites-errors").await;
    let page = sam.text().await;
    assert!(page.contains("CC"), "Sam sees which field is wrong:\n{page}");
    let focused = sam
        .client
        .execute(
            "return document.activeElement ? document.activeElement.id : null;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        focused,
        json!("error-summary"),
        "the focus moves to the summary of problems"
    );
    let cc = sam.client.find(Locator::Css("#cc")).await.unwrap();
    assert_eq!(cc.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
    assert_eq!(cc.attr("aria-describedby").await.unwrap().as_deref(), Some("cc-error"));
    assert!(
        page.contains("report.txt") && page.contains("choose them again"),
        "Sam is told plainly that his files must be chosen again:\n{page}"
    );
    let warned = sam.find("#existing_accounts").await.text().await.unwrap();
    assert!(
        warned.contains("Lee@Example.com") && warned.contains("already have an account"),
        "Sam is told Lee already has an account, before anything is sent:\n{warned}"
    );
    sam.fill("#to", "gita@example.org; \"Doe, John\" <john@example.org>")
        .await;
    sam.fill("#cc", "").await;
    sam.choose_files("#files", &[&report, &photo]).await;
    sam.press("sends again", "Send invitations").await;
    assert!(
        sam.text().await.contains("on its way to 2 recipients"),
        "Sam is told the invitation left"
    );
    assert_eq!(sam.path().await, "/invitations", "Sam sees his invitations");
    // The link John got, before Sam revokes it (a message still queued is not revoked).
    let john_link = activation_link(&portal.message_to("john@example.org"));
    sam.visit("looks at his invitations again", "/invitations").await;
    let john_row = "//tr[td[contains(., 'john@example.org')]]";
    sam.follow(
        "chooses Revoke for John",
        &format!("{john_row}//a[contains(@href, '/revoke')]"),
    )
    .await;
    sam.shot("confirm-revoke").await;
    let ask = sam.text().await;
    assert!(
        ask.contains("Revoke the link sent to") && ask.contains("john@example.org") && ask.contains("Our shared files"),
        "Sam is asked first, about John and this message:\n{ask}"
    );
    sam.press("confirms the revoke", "Revoke the link").await;
    assert_eq!(sam.path().await, "/invitations", "Sam is back on his list");
    sam.shot("my-invitations").await;
    let list = sam.text().await;
    assert!(list.contains("Revoked"), "Sam is told it is done:\n{list}");
    sam.close().await;

    let message = portal.message_to("gita@example.org");
    let link = activation_link(&message);
    let gita = Browser::open("Gita (guest)", &portal).await;
    gita.visit("opens the link in her email", &link).await;
    gita.shot("activation").await;
    gita.fill("#display_name", "Gita Guest").await;
    gita.fill("#password", "short").await;
    gita.fill("#password_confirmation", "short").await;
    gita.press("chooses a weak password", "Create account").await;
    assert!(
        gita.text().await.contains("at least"),
        "Gita is told what a password needs"
    );
    gita.fill("#password", "a long and private passphrase").await;
    gita.fill("#password_confirmation", "a long and private passphrase!")
        .await;
    gita.press("mistypes the confirmation", "Create account").await;
    assert!(
        gita.text().await.contains("differ"),
        "Gita is told the passwords differ"
    );
    gita.fill("#password", "a long and private passphrase").await;
    gita.fill("#password_confirmation", "a long and private passphrase")
        .await;
    gita.press("creates her account", "Create account").await;
    assert_eq!(gita.path().await, "/dropoff", "Gita lands in her Drop-Off portal");
    gita.shot("dropoff").await;
    gita.visit("opens Send files", "/dropoff/send").await;
    gita.fill("#to", "sam@example.com").await;
    gita.fill("#subject", "The signed forms").await;
    gita.fill("#message", "Here they are, signed.").await;
    let signed = portal.file("signed-forms.txt", 4000);
    let receipt = portal.file("receipt.txt", 1000);
    gita.choose_files("#files", &[&signed, &receipt]).await;
    gita.press("sends two files to Sam", "Send files").await;
    assert!(
        gita.text().await.contains("on their way to 1 recipient"),
        "Gita is told the files left"
    );
    gita.close().await;

    // Sam opens the link in his email: the download page, its checksums, and the zip.
    let path = crate::files::download_link_in(&portal.message_to_with("sam@example.com", "/download/"));
    let sam = Browser::open("Sam (staff)", &portal).await;
    sam.visit("opens the download link from Gita", &path).await;
    sam.shot("download").await;
    let page = sam.text().await;
    assert!(
        page.contains("signed-forms.txt") && page.contains("receipt.txt") && page.contains("SHA-256"),
        "Sam sees both files and their checksums:\n{page}"
    );
    let zip = sam
        .client
        .find(Locator::XPath("//a[contains(., 'zip')]"))
        .await
        .expect("a zip link")
        .attr("href")
        .await
        .unwrap()
        .expect("an address");
    let bytes = reqwest::get(format!("{}{zip}", portal.base))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(bytes.starts_with(b"PK"), "the zip is a zip file");
    sam.close().await;

    let john = Browser::open("John (guest)", &portal).await;
    john.visit("opens his revoked link", &john_link).await;
    let page = john.text().await;
    assert!(
        page.contains("This link was revoked") && page.contains("sam@example.com"),
        "John is told the link was revoked, and whom to ask:\n{page}"
    );
    john.close().await;
}

/// Ada, an administrator, walks through the console: settings with several mistakes at once,
/// users, everyone's invitations, the invitation template with its preview, and the audit log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium: cargo xtask test"]
async fn an_administrator_walks_through_the_console() {
    let portal = Portal::start();
    portal.user("ada@example.com", "Ada Admin", "admin", "quiet-harbour-lantern-47");
    portal.user("sam@example.com", "Sam Staff", "internal", "quiet-harbour-lantern-47");

    let ada = Browser::open("Ada (administrator)", &portal).await;
    ada.visit("opens the console", "/admin/sign-in").await;
    ada.fill("#email", "ada@example.com").await;
    ada.fill("#password", "quiet-harbour-lantern-47").await;
    ada.press("signs in", "Sign in to administration").await;
    assert_eq!(ada.path().await, "/admin", "Ada lands on the console's home page");
    let sign_outs = ada
        .client
        .find_all(Locator::XPath(
            "//button[contains(., 'Sign out')] | //a[contains(., 'Sign out')]",
        ))
        .await
        .unwrap();
    assert_eq!(sign_outs.len(), 1, "the console has one Sign out");
    ada.shot("admin-home").await;

    ada.visit("opens the settings", "/admin/settings").await;
    ada.fill("#portal_name", "").await;
    ada.fill("#link_min", "40").await;
    ada.fill("#max_recipients", "many").await;
    ada.press("saves three mistakes at once", "Save settings").await;
    ada.shot("admin-settings-errors").await;
    let page = ada.text().await;
    for (what, said) in [
        ("the portal name", "Portal name"),
        ("the recipients' number", "enter a whole number"),
        ("the link lifetime", "Activation link lifetime"),
    ] {
        assert!(page.contains(said), "Ada is told about {what}:\n{page}");
    }
    for internal in ["portal_name", "max_recipients", "link_lifetime_days"] {
        assert!(
            !page.contains(internal),
            "Ada never reads the internal name {internal}:\n{page}"
        );
    }
    ada.fill("#portal_name", "Acme File Exchange").await;
    ada.fill("#link_min", "1").await;
    ada.fill("#max_recipients", "100").await;
    ada.press("corrects them and saves", "Save settings").await;
    let page = ada.text().await;
    assert!(
        page.contains("Settings saved: 1 change"),
        "Ada is told what was saved:\n{page}"
    );
    assert!(page.contains("Acme File Exchange"), "the portal has its new name");

    ada.visit("opens the users", "/admin/users").await;
    assert!(ada.text().await.contains("sam@example.com"));
    ada.shot("admin-users").await;
    ada.visit("looks herself up", "/admin/users?q=ada").await;
    ada.follow(
        "chooses Disable on her own account",
        "//tr[td[contains(., 'ada@example.com')]]//a[contains(@href, '/status')]",
    )
    .await;
    assert!(
        ada.text().await.contains("Disable the account of Ada Admin"),
        "Ada is asked first"
    );
    ada.press("confirms", "Disable the account").await;
    assert_eq!(ada.path().await, "/admin/users?q=ada", "Ada is back where she was");
    let refusal = ada
        .client
        .find(Locator::Css("p.problem[role=alert]"))
        .await
        .expect("the refusal is shown as a problem, not as a success")
        .text()
        .await
        .unwrap();
    assert!(refusal.contains("last active administrator"), "{refusal}");
    ada.visit("opens everyone's invitations", "/admin/invitations").await;
    ada.visit("opens the templates", "/admin/template").await;
    ada.press("previews the template", "Preview").await;
    let preview = ada.find(".email-preview").await.text().await.unwrap();
    assert!(
        preview.contains("Acme File Exchange") && preview.contains("Sam Staff") && !preview.contains("<p>"),
        "the preview reads as the email does, with the portal's own name:\n{preview}"
    );
    ada.visit("mistypes an address", "/admin/no-such-page").await;
    let missing = ada.text().await;
    assert!(
        missing.contains("Page not found") && missing.contains("Acme File Exchange"),
        "the 404 page carries the portal's name:\n{missing}"
    );
    ada.visit(
        "opens a form's address as a link",
        "/invitations/recipients/x/revoke-all",
    )
    .await;
    ada.visit("opens the audit log", "/admin/audit").await;
    let audit = ada.text().await;
    assert!(
        audit.contains("settings.changed") && audit.contains("Acme File Exchange"),
        "the audit log shows the console's work:\n{audit}"
    );
    ada.visit("opens her Security page", "/admin/security").await;
    assert!(ada.text().await.contains("this browser"), "her own session is listed");
    ada.follow(
        "chooses to set up two-factor sign-in",
        "//a[contains(@href, '/admin/security/two-factor')]",
    )
    .await;
    ada.shot("two-factor").await;
    let setup = ada.text().await;
    let key = setup
        .split("Key:")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("the key is shown under the QR code:\n{setup}"))
        .to_owned();
    let secret = postern_domain::two_factor::TotpSecret::from_base32(&key).expect("a base32 key");
    let now = postern_domain::ports::Clock::now(&postern::adapters::SystemClock);
    ada.fill("#code", &secret.code_at(postern_domain::two_factor::step_at(now)))
        .await;
    ada.press("types the code from her app", "Turn on two-factor sign-in")
        .await;
    let codes = ada.text().await;
    assert!(
        codes.contains("Your recovery codes") && codes.contains("Two-factor sign-in is on"),
        "Ada gets her recovery codes once:\n{codes}"
    );
    ada.visit("opens the sign-out address", "/admin/sign-out").await;
    ada.press("signs out", "Sign out").await;
    assert_eq!(ada.path().await, "/admin/sign-in", "Ada is signed out of the console");
    ada.close().await;
}

/// Sam writes an invitation on his English page and sends it in German; Anna reads the email,
/// the activation page and its mistakes in German, creates her account, and switches her
/// portal to English with the switch at the foot of the page (a form: no script needed).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium: cargo xtask test"]
async fn an_invitation_in_german_from_an_english_page() {
    let portal = Portal::start();
    portal.user("sam@example.com", "Sam Staff", "internal", "quiet-harbour-lantern-47");

    let sam = Browser::open("Sam (staff)", &portal).await;
    sam.visit("opens the portal", "/sign-in").await;
    sam.fill("#email", "sam@example.com").await;
    sam.fill("#password", "quiet-harbour-lantern-47").await;
    sam.press("signs in", "Sign in").await;
    sam.visit("opens Send Invites", "/invitations/new").await;
    let lang = |b: &Browser| {
        let client = b.client.clone();
        async move {
            client
                .execute("return document.documentElement.lang;", vec![])
                .await
                .unwrap()
        }
    };
    assert_eq!(lang(&sam).await, json!("en"), "Sam's page is English");
    sam.fill("#to", "anna@example.de").await;
    sam.fill("#subject", "Unsere Unterlagen").await;
    sam.fill("#message", "Hallo Anna, hier der Zugang zu unseren Unterlagen.")
        .await;
    sam.find("#language").await.select_by_value("de").await.unwrap();
    sam.press("sends the invitation in German", "Send invitations").await;
    assert!(
        sam.text().await.contains("on its way to 1 recipient"),
        "Sam is told in English that it left"
    );
    sam.close().await;

    let message = portal.message_to("anna@example.de");
    let parsed = mail_parser::MessageParser::default().parse(message.as_bytes()).unwrap();
    let text = parsed.body_text(0).unwrap().into_owned();
    assert!(
        text.contains("Konto anlegen") && text.contains("lädt Sie ein") && text.contains("Unterlagen"),
        "Anna's email is German:\n{text}"
    );
    let link = activation_link(&message);
    let anna = Browser::open("Anna (guest)", &portal).await;
    anna.visit("opens the link in her email", &link).await;
    assert_eq!(
        lang(&anna).await,
        json!("de"),
        "the page opens in the invitation's language"
    );
    anna.shot("activation-de").await;
    let page = anna.text().await;
    assert!(
        page.contains("Konto anlegen") && page.contains("hat Sie eingeladen") && page.contains("Sprache"),
        "Anna reads German, with the language switch:\n{page}"
    );
    anna.fill("#display_name", "Anna Schmidt").await;
    anna.fill("#password", "ein langes geheimes Passwort").await;
    anna.fill("#password_confirmation", "ein anderes Passwort").await;
    anna.press("mistypes the confirmation", "Konto anlegen").await;
    assert!(
        anna.text()
            .await
            .contains("Die beiden Passwörter stimmen nicht überein."),
        "Anna is told in German what is wrong"
    );
    anna.fill("#password", "ein langes geheimes Passwort").await;
    anna.fill("#password_confirmation", "ein langes geheimes Passwort")
        .await;
    anna.press("creates her account", "Konto anlegen").await;
    assert_eq!(anna.path().await, "/dropoff", "Anna lands in her Drop-Off portal");
    anna.shot("dropoff-de").await;
    assert!(anna.text().await.contains("Willkommen, Anna Schmidt"), "in German");
    anna.press("switches her pages to English", "English").await;
    assert_eq!(anna.path().await, "/dropoff", "the switch comes back to the same page");
    assert_eq!(lang(&anna).await, json!("en"));
    assert!(anna.text().await.contains("Drop-Off portal"), "in English now");
    anna.close().await;
    let welcome = portal.message_to_with("anna@example.de", "ist eingerichtet");
    assert!(welcome.contains("Content-Language: de"), "her welcome email is German");
}
