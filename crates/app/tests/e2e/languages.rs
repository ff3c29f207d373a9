//! Who reads which language: the invitation's language for its emails and its activation page,
//! the browser's for everyone else, the reader's own choice above both (the switch at the foot
//! of every page, kept for a signed-in person), and the administrator's default when nothing
//! else says; and the pseudo-locale, in which every word the portal writes is marked.

use poem::http::StatusCode;
use postern_domain::Language;
use postern_domain::user::UserKind;
use serde_json::json;

use crate::harness::{Harness, PASSWORD, link_in};
use crate::scenarios::send_form;

fn text_of(eml: &str) -> String {
    let parsed = mail_parser::MessageParser::default().parse(eml.as_bytes()).unwrap();
    format!(
        "{}\n{}\n{}",
        parsed.subject().unwrap_or_default(),
        parsed.body_text(0).unwrap_or_default(),
        parsed.body_html(0).unwrap_or_default()
    )
}

fn lang_of(body: &str) -> &str {
    let start = body.find("<html lang=\"").expect("an html element") + "<html lang=\"".len();
    body[start..].split('"').next().unwrap()
}

/// A German invitation from an English-speaking sender: the email and the activation page are
/// German (whatever the recipient's browser asks for), a mistake is explained in German, a
/// switch on the page wins over the invitation's language, and the account keeps the page's
/// language (its welcome email, its pages, its next sign-in).
#[tokio::test]
async fn an_invitation_is_read_in_its_own_language() {
    let h = Harness::memory().await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    h.sign_in("staff@example.com", PASSWORD).await;
    let form = h.get("/invitations/new").await;
    assert_eq!(
        lang_of(&form.body),
        "en",
        "the sender's page is in the default language"
    );
    assert!(
        form.body.contains("<option value=\"de\" lang=\"de\">Deutsch</option>"),
        "{}",
        form.body
    );
    let refused = send_form(&h, &[("to", "anna@example.de"), ("language", "klingon")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("is not a language the portal writes in"),
        "{}",
        refused.body
    );
    assert!(h.messages().await.is_empty(), "nothing was sent");
    let sent = send_form(&h, &[("to", "anna@example.de"), ("language", "de")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    h.worker.drain().await.unwrap();
    let messages = h.messages().await;
    let (_, eml) = messages.iter().find(|(to, _)| to == "anna@example.de").unwrap();
    assert!(eml.contains("Content-Language: de"), "{eml}");
    let text = text_of(eml);
    assert!(
        text.contains("lädt Sie ein")
            && text.contains("Konto anlegen")
            && text.contains("Dieser Link gilt nur für Sie"),
        "{text}"
    );
    assert!(!text.contains("Create your account"), "{text}");
    let link = link_in(eml);
    h.forget_cookies();

    // The recipient's browser asks for French: the invitation's German wins.
    let page = h.get_with(&link, &[("Accept-Language", "fr-FR,fr;q=0.9")]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(lang_of(&page.body), "de");
    assert!(page.body.contains("<h1>Konto anlegen</h1>"), "{}", page.body);
    assert!(
        page.body.contains("Sam Staff (staff@example.com) hat Sie eingeladen"),
        "{}",
        page.body
    );
    let csrf = page.csrf();
    let mistake = h
        .post(
            &link,
            &[
                ("csrf_token", &csrf),
                ("display_name", "Anna Schmidt"),
                ("password", "ein langes geheimes Passwort"),
                ("password_confirmation", "ein anderes Passwort"),
            ],
        )
        .await;
    assert_eq!(mistake.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        mistake.body.contains("Die beiden Passwörter stimmen nicht überein.")
            && mistake.body.contains("Bitte korrigieren Sie Folgendes"),
        "{}",
        mistake.body
    );

    // The reader chooses Spanish with the switch: it wins over the invitation's language.
    let switched = h
        .post("/language", &[("csrf_token", &csrf), ("lang", "es"), ("next", &link)])
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(
        switched.location.as_deref(),
        Some(link.as_str()),
        "back to the same page"
    );
    assert_eq!(h.cookie("postern_lang").as_deref(), Some("es"));
    let spanish = h.get(&link).await;
    assert_eq!(lang_of(&spanish.body), "es");
    assert!(spanish.body.contains("<h1>Crear cuenta</h1>"), "{}", spanish.body);
    // Then French, to create the account: the account keeps the reader's choice.
    h.post("/language", &[("csrf_token", &csrf), ("lang", "fr"), ("next", &link)])
        .await;
    let created = h
        .post(
            &link,
            &[
                ("csrf_token", &csrf),
                ("display_name", "Anna Schmidt"),
                ("password", "ein langes geheimes Passwort"),
                ("password_confirmation", "ein langes geheimes Passwort"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let dropoff = h.get("/dropoff").await;
    assert_eq!(lang_of(&dropoff.body), "fr");
    assert!(
        dropoff.body.contains("Votre compte a été créé. Bienvenue !"),
        "{}",
        dropoff.body
    );
    // A new browser: the account's language comes back with the sign-in.
    h.forget_cookies();
    let signed_in = h.sign_in("anna@example.de", "ein langes geheimes Passwort").await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{}", signed_in.body);
    assert_eq!(h.cookie("postern_lang").as_deref(), Some("fr"));
    h.worker.drain().await.unwrap();
    let welcome = h
        .messages()
        .await
        .into_iter()
        .filter(|(to, _)| to == "anna@example.de")
        .map(|(_, eml)| text_of(&eml))
        .find(|t| t.contains("Bienvenue sur"));
    assert!(welcome.is_some(), "the welcome email is in the account's language");
    // The staff member's notice is in their own language (none chosen: the default).
    let notice = h
        .messages()
        .await
        .into_iter()
        .find(|(to, eml)| to == "staff@example.com" && eml.contains("accepted your invitation"));
    assert!(notice.is_some(), "the inviter reads English");
}

/// Without a choice, a page follows the browser's `Accept-Language` (its first of the
/// portal's languages), else the administrator's default; hostile headers and switch requests
/// change nothing and break nothing.
#[tokio::test]
async fn pages_follow_the_browser_then_the_administrator_s_default() {
    let h = Harness::memory().await;
    for (header, expected) in [
        ("de-CH, fr;q=0.8", "de"),
        ("it, nl;q=0.5", "nl"),
        ("es-419", "es"),
        ("it, pt", "en"),
        ("*", "en"),
        ("", "en"),
        ("de;q=garbage, ,,;;", "de"),
    ] {
        let page = h.get_with("/sign-in", &[("Accept-Language", header)]).await;
        assert_eq!(page.status, StatusCode::OK, "{header:?}");
        assert_eq!(lang_of(&page.body), expected, "{header:?}");
    }
    let long = format!("{},de", "x-private;q=0.1,".repeat(200));
    let page = h.get_with("/sign-in", &[("Accept-Language", &long)]).await;
    assert_eq!(
        (page.status, lang_of(&page.body)),
        (StatusCode::OK, "en"),
        "an oversized header is not read"
    );

    let mut settings = std::sync::Arc::unwrap_or_clone(h.ports.settings.load_settings().await.unwrap());
    settings.default_language = Language::Fr;
    h.ports.settings.save_settings(&settings).await.unwrap();
    let page = h.get_with("/sign-in", &[("Accept-Language", "it")]).await;
    assert_eq!(lang_of(&page.body), "fr");
    assert!(page.body.contains("<h1>Se connecter</h1>"), "{}", page.body);
    let page = h.get("/no-such-page").await;
    assert_eq!((page.status, lang_of(&page.body)), (StatusCode::NOT_FOUND, "fr"));
    assert!(page.body.contains("Page introuvable"), "{}", page.body);

    // Requests that do not parse get a page in the reader's language, not the parser's words.
    for path in [
        "/activate/%ff",
        "/%ff",
        "/sign-in?next=1&next=2",
        "/admin/users?status=x&status=y",
    ] {
        let page = h.get_with(path, &[("Accept-Language", "fr")]).await;
        assert_eq!(
            (page.status, lang_of(&page.body)),
            (StatusCode::BAD_REQUEST, "fr"),
            "{path}: {}",
            page.body
        );
        assert!(page.body.contains("Demande incorrecte"), "{path}: {}", page.body);
    }
    let csrf = h.get("/sign-in").await.csrf();
    let twice = h
        .post("/language", &[("csrf_token", &csrf), ("lang", "de"), ("lang", "fr")])
        .await;
    let api = h.get("/api/v1/invitations/%ff").await;
    assert!(
        api.status == StatusCode::BAD_REQUEST && api.body.contains("\"code\":\"bad_request\""),
        "the API's shape: {}",
        api.body
    );
    assert_eq!(twice.status, StatusCode::BAD_REQUEST, "{}", twice.body);
    assert!(twice.body.contains("Demande incorrecte"), "{}", twice.body);
    h.post(
        "/language",
        &[("csrf_token", &csrf), ("lang", "de"), ("next", "/sign-in")],
    )
    .await;
    let big = "x".repeat(70 * 1024);
    let too_large = h.post("/sign-in", &[("csrf_token", &csrf), ("email", &big)]).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        lang_of(&too_large.body) == "de" && too_large.body.contains("Diese Anfrage ist zu groß"),
        "{}",
        too_large.body
    );
    h.forget_cookies();

    // The switch: an unknown language is refused by name, a foreign `next` goes home, a
    // forged form (no CSRF token) changes nothing.
    let csrf = h.get("/sign-in").await.csrf();
    let unknown = h
        .post(
            "/language",
            &[("csrf_token", &csrf), ("lang", "xx"), ("next", "/sign-in")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(unknown.body.contains("en, de, fr, es, nl"), "{}", unknown.body);
    assert_eq!(h.cookie("postern_lang"), None);
    assert!(
        unknown.body.contains(r#"name="next" value="/""#) && !unknown.body.contains(r#"name="next" value="/language""#),
        "the error page's switch does not lead to the switch's own address:\n{}",
        unknown.body
    );
    // The switch comes back to the page it was on: sign-in pages and their query included.
    for next in ["/admin/sign-in", "/sign-in?next=%2Finvitations"] {
        let back = h
            .post("/language", &[("csrf_token", &csrf), ("lang", "es"), ("next", next)])
            .await;
        assert_eq!(back.location.as_deref(), Some(next));
    }
    h.forget_cookies();
    let csrf = h.get("/sign-in").await.csrf();
    let away = h
        .post(
            "/language",
            &[("csrf_token", &csrf), ("lang", "nl"), ("next", "//evil.example/")],
        )
        .await;
    assert_eq!(away.location.as_deref(), Some("/"));
    assert_eq!(h.cookie("postern_lang").as_deref(), Some("nl"));
    h.forget_cookies();
    let forged = h.post("/language", &[("lang", "de"), ("next", "/")]).await;
    assert_ne!(forged.status, StatusCode::SEE_OTHER);
    assert_eq!(h.cookie("postern_lang"), None, "{}", forged.body);
}

/// A signed-in person's choice is kept with their account: the portal's emails to them are
/// in it, and it comes back to a new browser when they sign in.
#[tokio::test]
async fn a_signed_in_person_s_choice_is_kept_with_the_account() {
    let h = Harness::memory().await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    let signed_in = h.sign_in("staff@example.com", PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let portal = h.get("/portal").await;
    let csrf = portal.csrf();
    let chosen = h
        .post(
            "/language",
            &[("csrf_token", &csrf), ("lang", "nl"), ("next", "/portal")],
        )
        .await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER);
    assert!(h.get("/portal").await.body.contains("<h1>Intern portaal</h1>"));
    // An invitation in English (the default), accepted: the notice to the sender is Dutch.
    let sent = send_form(&h, &[("to", "guest@example.org"), ("language", "en")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    h.worker.drain().await.unwrap();
    let eml = h
        .messages()
        .await
        .into_iter()
        .find(|(to, _)| to == "guest@example.org")
        .unwrap()
        .1;
    assert!(
        text_of(&eml).contains("Create your account"),
        "the invitation is English"
    );
    let link = link_in(&eml);
    let staff_cookies = h.switch_browser(Default::default());
    let page = h.get(&link).await;
    let csrf = page.csrf();
    let created = h
        .post(
            &link,
            &[
                ("csrf_token", &csrf),
                ("display_name", "Guest Person"),
                ("password", "a long and private passphrase"),
                ("password_confirmation", "a long and private passphrase"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    h.worker.drain().await.unwrap();
    let notice = h
        .messages()
        .await
        .into_iter()
        .filter(|(to, _)| to == "staff@example.com")
        .map(|(_, eml)| text_of(&eml))
        .find(|t| t.contains("heeft uw uitnodiging aangenomen"));
    assert!(notice.is_some(), "the sender's notice is in the language they chose");

    // A new browser: English until the staff member signs in, Dutch after.
    h.switch_browser(staff_cookies);
    h.forget_cookies();
    assert_eq!(lang_of(&h.get("/sign-in").await.body), "en");
    let again = h.sign_in("staff@example.com", PASSWORD).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(h.cookie("postern_lang").as_deref(), Some("nl"));
    assert_eq!(lang_of(&h.get("/portal").await.body), "nl");
}

/// The API takes an invitation's language and says it; an unknown one is refused by name, and
/// nothing is sent.
#[tokio::test]
async fn the_api_sends_in_the_language_asked_for() {
    let h = Harness::memory().await;
    h.allow_invitations().await;
    let token = crate::api::token_for(&h, "staff@example.com").await;
    let refused = crate::api::call(
        &h,
        "POST",
        "/api/v1/invitations",
        Some(&token),
        Some(json!({"to": "ana@example.es", "language": "tlh"})),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.json);
    assert_eq!(
        refused.json["error"]["code"], "unsupported_language",
        "{}",
        refused.json
    );
    assert_eq!(refused.json["error"]["field"], "language", "{}", refused.json);
    let sent = crate::api::call(
        &h,
        "POST",
        "/api/v1/invitations",
        Some(&token),
        Some(json!({"to": "ana@example.es", "language": "es-ES"})),
    )
    .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.json);
    assert_eq!(sent.json["language"], "es");
    h.worker.drain().await.unwrap();
    let messages = h.messages().await;
    assert_eq!(messages.len(), 1, "only the accepted request sent anything");
    let text = text_of(&messages[0].1);
    assert!(
        text.contains("Invitación para abrir una cuenta Drop-Off") && text.contains("Crear mi cuenta"),
        "the default subject and the email are Spanish:\n{text}"
    );
}

/// In the pseudo-locale, every word of the recipient's pages comes from the language files:
/// what is left once the marked words and the facts (names, addresses, links, the subject)
/// are taken out has no letter.
#[tokio::test]
async fn the_recipient_s_pages_come_from_the_language_files() {
    let h = Harness::memory_pseudo().await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    h.sign_in("staff@example.com", PASSWORD).await;
    let sent = send_form(&h, &[("to", "guest@example.org"), ("language", "fr")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    h.worker.drain().await.unwrap();
    let link = link_in(&h.messages().await[0].1);
    h.forget_cookies();
    let facts = [
        "Postern",
        "Sam Staff",
        "staff@example.com",
        "guest@example.org",
        "You have been invited",
        "Please create your account.",
        "Guest Person",
        "English",
        "Deutsch",
        "Français",
        "Español",
        "Nederlands",
    ];
    let check = |what: &str, body: &str| {
        let words = postern_i18n::plain_words(body, true, &facts);
        assert!(words.is_empty(), "{what}: words not from the files: {words:?}\n{body}");
        assert!(
            body.contains("<h1>["),
            "{what}: the heading is written by the files\n{body}"
        );
    };
    let page = h.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    check("the activation page", &page.body);
    let csrf = page.csrf();
    let mistake = h
        .post(
            &link,
            &[
                ("csrf_token", &csrf),
                ("display_name", "<b>"),
                ("password", "short"),
                ("password_confirmation", "other"),
            ],
        )
        .await;
    assert_eq!(mistake.status, StatusCode::UNPROCESSABLE_ENTITY);
    check("the activation page with mistakes", &mistake.body);
    for (what, path) in [
        ("the sign-in page", "/sign-in"),
        ("a page that is not there", "/no-such-page"),
        (
            "an unknown link",
            "/activate/pstn_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ),
        (
            "an unknown download link",
            "/download/pstd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ),
    ] {
        check(what, &h.get(path).await.body);
    }
    check("a form's address opened", &h.get("/activate/x/renew").await.body);
    check("a forged form", &h.post(&link, &[("display_name", "x")]).await.body);
    let created = h
        .post(
            &link,
            &[
                ("csrf_token", &csrf),
                ("display_name", "Guest Person"),
                ("password", "a long and private passphrase"),
                ("password_confirmation", "a long and private passphrase"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    check("the Drop-Off portal", &h.get("/dropoff").await.body);
    check("the used link", &h.get(&link).await.body);
    // Send files, with a mistake and then for real; the staff member's download page.
    let send_files = h.get("/dropoff/send").await;
    assert_eq!(send_files.status, StatusCode::OK);
    check("Send files", &send_files.body);
    let forms = crate::files::data(4000, 3);
    let mistake = crate::files::post_files(&h, "/dropoff/send", "", &[("signed-forms.txt", &forms)]).await;
    assert_eq!(mistake.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", mistake.body);
    let facts = [&facts[..], &["signed-forms.txt", "Files", "Here you are."]].concat();
    let check_files = |what: &str, body: &str| {
        // The checksums are hexadecimal: facts of the file, not words.
        let hex: Vec<String> = body
            .split(|c: char| !c.is_ascii_hexdigit())
            .filter(|w| w.len() == 64)
            .map(str::to_owned)
            .collect();
        let facts: Vec<&str> = facts
            .iter()
            .copied()
            .chain(hex.iter().map(String::as_str))
            .chain(["SHA-256"])
            .collect();
        let words = postern_i18n::plain_words(body, true, &facts);
        assert!(words.is_empty(), "{what}: words not from the files: {words:?}\n{body}");
        assert!(
            body.contains("<h1>["),
            "{what}: the heading is written by the files\n{body}"
        );
    };
    check_files("Send files with a mistake", &mistake.body);
    let sent = crate::files::post_files(
        &h,
        "/dropoff/send",
        "staff@example.com",
        &[("signed-forms.txt", &forms)],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let location = sent.location.clone().expect("where the sender goes next");
    check_files("the files sent", &h.get(&location).await.body);
    check("signing out", &h.get("/sign-out").await.body);
    h.worker.drain().await.unwrap();
    let mail = h.messages().await;
    let body_of = |eml: &str| {
        mail_parser::MessageParser::default()
            .parse(eml.as_bytes())
            .and_then(|m| m.body_text(0).map(|t| t.into_owned()))
            .unwrap_or_default()
    };
    let to_staff = mail
        .iter()
        .find(|(to, eml)| to == "staff@example.com" && body_of(eml).contains("/download/"))
        .expect("a message to the staff member with the download link");
    let download = crate::files::download_link_in(&to_staff.1);
    h.forget_cookies();
    let signed_in = h.sign_in("staff@example.com", PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{}", signed_in.body);
    let page = h.get(&download).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("signed-forms.txt"), "{}", page.body);
    check_files("the download page", &page.body);
}

/// The administrator sets the default language in the console (an unknown one is refused by
/// name, and the change is audited), and writes a template per language: a language without
/// its own text uses the default language's own text, else its built-in one, and the console
/// says which.
#[tokio::test]
async fn the_administrator_sets_the_default_and_writes_templates_per_language() {
    let h = Harness::memory().await;
    h.user("admin@example.com", UserKind::Admin).await;
    crate::admin::admin_sign_in(&h).await;
    let refused = crate::admin::save_settings(&h, &[("default_language", Some("xx"))]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("Default language: "), "{}", refused.body);
    assert_eq!(
        h.ports.settings.load_settings().await.unwrap().default_language,
        Language::En,
        "nothing saved"
    );
    let saved = crate::admin::save_settings(&h, &[("default_language", Some("de"))]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        h.ports.settings.load_settings().await.unwrap().default_language,
        Language::De
    );
    let audit = h.get("/admin/audit").await.body;
    assert!(audit.contains("default_language"), "the change is in the audit log");

    // The console follows the new default too (the administrator's browser asks for none).
    let german = h.get("/admin/template?kind=invitation").await;
    assert!(
        german.body.contains("Deutsch: der mitgelieferte Text."),
        "{}",
        german.body
    );
    assert!(
        german.body.contains("lädt Sie ein"),
        "the German built-in text is shown"
    );
    let unknown = h.get("/admin/template?kind=invitation&language=tlh").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let csrf = german.csrf();
    let own = "{{inviter_name}} bittet Sie zu {{portal_name}}.";
    let save = h
        .post(
            "/admin/template",
            &[
                ("csrf_token", &csrf),
                ("kind", "invitation"),
                ("language", "de"),
                ("source", own),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(save.status, StatusCode::SEE_OTHER, "{}", save.body);
    let english = [("Accept-Language", "en")];
    let french = h
        .get_with("/admin/template?kind=invitation&language=fr", &english)
        .await;
    assert!(
        french
            .body
            .contains("Français: none of its own: your Deutsch text is used."),
        "{}",
        french.body
    );
    assert!(french.body.contains("bittet Sie zu"), "{}", french.body);
    // Sent in French, the invitation's top text is the administrator's German one.
    let sender = h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    let mut request = postern_domain::usecases::InvitationRequest::parse(&postern_domain::usecases::InvitationForm {
        to: "marie@example.fr",
        subject: "Bonjour",
        message: "À bientôt",
        ..Default::default()
    })
    .unwrap();
    request.language = Some(Language::Fr);
    postern_domain::usecases::SendInvitations::new(&h.ports)
        .execute(&sender, request)
        .await
        .unwrap();
    h.worker.drain().await.unwrap();
    let text = text_of(&h.messages().await[0].1);
    assert!(
        text.contains("Sam Staff bittet Sie zu Postern.") && text.contains("Créer mon compte"),
        "{text}"
    );
    // Removing the German text: French falls back to its own built-in text.
    let reset = h
        .post(
            "/admin/template/reset",
            &[("csrf_token", &csrf), ("kind", "invitation"), ("language", "de")],
        )
        .await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER, "{}", reset.body);
    let french = h
        .get_with("/admin/template?kind=invitation&language=fr", &english)
        .await;
    assert!(french.body.contains("Français: the built-in text."), "{}", french.body);
    assert!(french.body.contains("vous invite à créer"), "{}", french.body);
    // French has no text of its own: nothing to remove is offered, and asking anyway removes
    // and records nothing.
    assert!(!french.body.contains("/admin/template/reset"), "{}", french.body);
    let audit_before = h.ports.audit.recent(100).await.unwrap().len();
    let nothing = h
        .post(
            "/admin/template/reset",
            &[("csrf_token", &csrf), ("kind", "invitation"), ("language", "fr")],
        )
        .await;
    assert_eq!(nothing.status, StatusCode::SEE_OTHER, "{}", nothing.body);
    assert_eq!(h.ports.audit.recent(100).await.unwrap().len(), audit_before);
}

/// In the pseudo-locale, the staff member's pages are written by the language files too: the
/// forms to send invitations and files, the lists, a recipient's history, the questions before
/// a resend or revoke, the links of a link-only invitation, Security and API tokens.
#[tokio::test]
async fn the_staff_pages_come_from_the_language_files() {
    let h = Harness::memory_pseudo().await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    let mut settings = std::sync::Arc::unwrap_or_clone(h.ports.settings.load_settings().await.unwrap());
    settings.delivery.link_only.offered = true;
    h.ports.settings.save_settings(&settings).await.unwrap();
    h.sign_in("staff@example.com", PASSWORD).await;
    let facts = [
        "Postern",
        "Sam Staff",
        "staff@example.com",
        "guest@example.org",
        "other@example.org",
        "You have been invited",
        "Please create your account.",
        "English",
        "Deutsch",
        "Français",
        "Español",
        "Nederlands",
        "tests",
        // The mail system's own answer, shown as it said it.
        "250 accepted",
    ];
    let check = |what: &str, body: &str| {
        let words = postern_i18n::plain_words(body, true, &facts);
        assert!(words.is_empty(), "{what}: words not from the files: {words:?}\n{body}");
        assert!(
            body.contains("<h1>["),
            "{what}: the heading is written by the files\n{body}"
        );
    };
    check("Send Invites", &h.get("/invitations/new").await.body);
    // Every kind of mistake at once: a bad entry, no subject, an option out of bounds, a
    // language the portal does not write in.
    let mistakes = send_form(
        &h,
        &[
            ("to", "not an address; \"Doe\" <jd@@example.org>"),
            ("cc", "x@"),
            ("subject", ""),
            ("link_lifetime_days", "9999"),
            ("language", "tlh"),
        ],
    )
    .await;
    assert_eq!(mistakes.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", mistakes.body);
    let mut more = facts.to_vec();
    more.extend([
        "not an address",
        "\"Doe\" <jd@@example.org>",
        "x@",
        "tlh",
        "en, de, fr, es, nl",
        "9999",
    ]);
    let words = postern_i18n::plain_words(&mistakes.body, true, &more);
    assert!(words.is_empty(), "the form with mistakes: {words:?}\n{}", mistakes.body);
    check("Send Files", &h.get("/send").await.body);
    let sent = send_form(&h, &[("to", "guest@example.org")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let shown = send_form(&h, &[("to", "other@example.org"), ("link_only", "on")]).await;
    assert_eq!(shown.status, StatusCode::CREATED, "{}", shown.body);
    let page = postern_i18n::plain_words(&shown.body, true, &facts);
    assert!(
        page.iter().all(|w| w.contains("/activate/")),
        "the links page: only the links are not marked: {page:?}"
    );
    h.worker.drain().await.unwrap();
    let list = h.get("/invitations").await;
    check("My invitations", &list.body);
    let rid = list
        .body
        .split("/recipients/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    for action in ["history", "revoke", "resend"] {
        check(
            action,
            &h.get(&format!("/invitations/recipients/{rid}/{action}")).await.body,
        );
    }
    check("Security", &h.get("/security").await.body);
    // The key to type into an app is a fact of its own.
    let enrol = h.get("/security/two-factor").await.body;
    let key = enrol
        .split("<code class=\"token\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_default()
        .to_owned();
    check("two-factor sign-in", &enrol.replace(&key, ""));
    check("API tokens", &h.get("/tokens").await.body);
    check("the portal", &h.get("/portal").await.body);
    check("Invite a list", &h.get("/invitations/bulk").await.body);
    check(
        "a list's delivery",
        &h.get("/invitations/bulk/progress?key=none").await.body,
    );
    let page = h.get("/invitations/bulk").await;
    let checked = h
        .post_multipart(
            "/invitations/bulk",
            &[
                ("csrf_token", &page.csrf()),
                ("idempotency_key", &page.hidden("idempotency_key")),
                ("subject", "You have been invited"),
                ("message", "Please create your account."),
                ("link_lifetime_days", "14"),
                ("action", "check"),
                (
                    "list_text",
                    "guest@example.org,Guest Person,de\nstaff@example.com\nother@example.org,,tlh",
                ),
            ],
            &[],
        )
        .await;
    // The list as pasted, and the language it names, are facts here.
    let mut more = facts.to_vec();
    more.extend([
        "guest@example.org,Guest Person,de",
        "other@example.org,,tlh",
        "tlh",
        "en, de, fr, es, nl",
    ]);
    let words = postern_i18n::plain_words(&checked.body, true, &more);
    assert!(words.is_empty(), "a list checked: {words:?}\n{}", checked.body);
}

/// In the pseudo-locale, the administrators' console is written by the language files too:
/// its start page, Settings, Users, everyone's invitations, Templates, the report, Webhooks
/// and the audit log, and its own sign-in page.
#[tokio::test]
async fn the_console_comes_from_the_language_files() {
    let h = Harness::memory_pseudo().await;
    h.user("admin@example.com", UserKind::Admin).await;
    h.user("staff@example.com", UserKind::Internal).await;
    let sign_in = h.get("/admin/sign-in").await;
    let placeholders: Vec<String> = postern_domain::template::PLACEHOLDERS
        .iter()
        .chain(["user_name", "user_email", "reason"].iter())
        .map(|p| format!("{{{{{p}}}}}"))
        .collect();
    let settings = h.ports.settings.load_settings().await.unwrap();
    let extensions = settings.files.blocked_extensions.join(" ");
    let patterns: Vec<String> = settings.recipients.group_patterns.clone();
    let mut facts: Vec<&str> = vec![
        "Postern",
        "Sam Staff",
        "staff@example.com",
        "admin@example.com",
        "English",
        "Deutsch",
        "Français",
        "Español",
        "Nederlands",
        // The template preview's sample values.
        "sam.staff@example.com",
        "guest@example.org",
        "Guest Person",
        "550 5.1.1 mailbox unavailable",
        // Names of things, as the software writes them: webhook events, an audit action.
        "invitation.refused",
        "HMAC-SHA256",
        "Postern-Signature:",
        "t=",
        "v1=",
        "t.body",
        "CSV",
        "none",
        "Drop-Off",
        "Active Directory",
        "SHA-256",
        "@example.org",
        "list-*@example.org",
        "all@",
    ];
    facts.extend(placeholders.iter().map(String::as_str));
    facts.push(&extensions);
    facts.extend(patterns.iter().map(String::as_str));
    for e in postern_domain::history::HistoryEvent::ALL {
        facts.push(e.as_str());
    }
    let check = |what: &str, body: &str| {
        let words = postern_i18n::plain_words(body, true, &facts);
        assert!(words.is_empty(), "{what}: words not from the files: {words:?}\n{body}");
        assert!(
            body.contains("<h1>["),
            "{what}: the heading is written by the files\n{body}"
        );
    };
    check("the console's sign-in", &sign_in.body);
    crate::admin::admin_sign_in(&h).await;
    // Settings with several mistakes at once.
    let refused = crate::admin::save_settings(
        &h,
        &[
            ("portal_name", Some("")),
            ("max_recipients", Some("0")),
            ("link_min", Some("5")),
            ("link_max", Some("2")),
            ("allowed_domains", Some("bad_domain!")),
            ("reminder_at_percent", Some("abc")),
            ("default_language", Some("tlh")),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    let mut more = facts.clone();
    more.extend(["bad_domain!", "abc", "tlh", "en, de, fr, es, nl"]);
    let words = postern_i18n::plain_words(&refused.body, true, &more);
    assert!(words.is_empty(), "Settings with mistakes: {words:?}\n{}", refused.body);
    for (what, path) in [
        ("the start page", "/admin"),
        ("Settings", "/admin/settings"),
        ("Users", "/admin/users"),
        ("everyone's invitations", "/admin/invitations"),
        ("Templates", "/admin/template"),
        ("a template in German", "/admin/template?kind=welcome&language=de"),
        ("the report", "/admin/reports"),
        ("Webhooks", "/admin/webhooks"),
        ("the audit log", "/admin/audit?q=nothing-matches-this"),
        ("Security", "/admin/security"),
        ("a user looked up", "/admin/users?q=admin"),
        ("a page that is not there", "/admin/no-such-page"),
        ("the sign-out address", "/admin/sign-out"),
    ] {
        check(what, &h.get(path).await.body);
    }
}

/// A call to the API with an `Accept-Language` header (or none).
async fn api_in(
    h: &Harness,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
    language: Option<&str>,
) -> (StatusCode, serde_json::Value) {
    let mut req = h.client.request(method.parse().unwrap(), uri.to_owned());
    if let Some(t) = token {
        req = req.header("Authorization", format!("Bearer {t}"));
    }
    if let Some(l) = language {
        req = req.header("Accept-Language", l);
    }
    if let Some(b) = body {
        req = req.content_type("application/json").body(b.to_string());
    }
    let resp = req.send().await.0;
    let status = resp.status();
    let text = resp.into_body().into_string().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

/// The API's messages for people follow the request's `Accept-Language` (else English); the
/// codes a program reads stay the same in every language.
#[tokio::test]
async fn the_api_s_messages_follow_accept_language_and_its_codes_do_not() {
    let h = Harness::memory().await;
    h.allow_invitations().await;
    let token = crate::api::token_for(&h, "staff@example.com").await;
    let bad = json!({"to": "a@@example.org; ok@example.org", "subject": ""});
    let mut codes = std::collections::BTreeSet::new();
    let mut messages = Vec::new();
    for language in [None, Some("de-DE,de;q=0.9"), Some("fr"), Some("es-MX"), Some("nl-BE")] {
        let (status, json) = api_in(
            &h,
            "POST",
            "/api/v1/invitations",
            Some(&token),
            Some(bad.clone()),
            language,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
        codes.insert(json["error"]["code"].as_str().unwrap().to_owned());
        let details = json["error"]["details"].as_array().unwrap();
        assert_eq!(details.len(), 2, "the bad entry and the empty subject: {json}");
        assert_eq!(details[0]["entry"], "a@@example.org", "{json}");
        messages.push((
            json["error"]["message"].as_str().unwrap().to_owned(),
            details[1]["reason"].as_str().unwrap().to_owned(),
        ));
        let (status, json) = api_in(
            &h,
            "GET",
            "/api/v1/invitations/no-such-id",
            Some(&token),
            None,
            language,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{json}");
        codes.insert(json["error"]["code"].as_str().unwrap().to_owned());
        messages.push((json["error"]["message"].as_str().unwrap().to_owned(), String::new()));
    }
    assert_eq!(
        codes,
        ["invalid_recipients", "not_found"].map(String::from).into(),
        "one code per problem, whatever the language"
    );
    let said = |i: usize| format!("{} | {}", messages[i].0, messages[i].1);
    assert!(
        said(0).contains("@") && said(0).contains("subject"),
        "English without a header: {}",
        said(0)
    );
    assert!(said(2).contains("Betreff"), "German: {}", said(2));
    assert!(said(5).contains("n’existe pas"), "French: {}", said(5));
    assert!(
        said(6).contains("asunto") || said(6).contains("Asunto"),
        "Spanish: {}",
        said(6)
    );
    assert!(said(9).contains("bestaat niet"), "Dutch: {}", said(9));
    let distinct: std::collections::BTreeSet<_> = messages.iter().step_by(2).collect();
    assert_eq!(distinct.len(), 5, "five languages, five wordings: {messages:?}");
}

/// In the pseudo-locale, every message and reason the API writes for people comes from the
/// language files: what is left once the marked words and the request's own values are taken
/// out has no letter.
#[tokio::test]
async fn the_api_s_messages_come_from_the_language_files() {
    let h = Harness::memory_pseudo().await;
    h.allow_invitations().await;
    let token = crate::api::token_for(&h, "staff@example.com").await;
    let reader = {
        let user = h.user("reader@example.com", UserKind::Internal).await;
        postern_domain::usecases::ApiTokens::new(&h.ports)
            .create(&user, "read", None, postern_domain::token::TokenScope::Read)
            .await
            .unwrap()
            .1
    };
    let facts = [
        "a@@example.org",
        "x y@example.org",
        "ok@example.org",
        "staff@example.com",
        "tlh",
        "en, de, fr, es, nl",
        "Authorization: Bearer pstk_",
        "application/json",
        "csv",
        "rows",
    ];
    let mut seen = 0;
    let mut check = |what: &str, json: &serde_json::Value| {
        let error = &json["error"];
        let mut texts: Vec<String> = error["message"].as_str().map(str::to_owned).into_iter().collect();
        assert!(!texts.is_empty() || json["problems"].is_array(), "{what}: {json}");
        for d in error["details"].as_array().into_iter().flatten() {
            texts.push(d["reason"].as_str().unwrap().to_owned());
        }
        for p in json["problems"].as_array().into_iter().flatten() {
            texts.push(p["reason"].as_str().unwrap().to_owned());
        }
        for text in texts.iter().filter(|t| !t.is_empty()) {
            let words = postern_i18n::plain_words(text, false, &facts);
            assert!(
                words.is_empty(),
                "{what}: words not from the files: {words:?} in {text:?}\n{json}"
            );
            seen += 1;
        }
    };
    let send = |body: serde_json::Value, token: &str| {
        let token = token.to_owned();
        let h = &h;
        async move { api_in(h, "POST", "/api/v1/invitations", Some(&token), Some(body), None).await }
    };
    let (status, json) = send(
        json!({"to": "a@@example.org; x y@example.org", "cc": "staff@example.com", "subject": "", "message": "", "language": "tlh", "options": {"link_lifetime_days": 9999}}),
        &token,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
    check("a form with every mistake", &json);
    let (status, json) = send(json!({"to": "ok@example.org", "language": "tlh"}), &token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
    check("an unknown language", &json);
    let (status, json) = send(json!({"to": "ok@example.org"}), &reader).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{json}");
    check("a read-only token", &json);
    let (status, json) = send(json!({"to": "ok@example.org"}), "pstk_not-a-token").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{json}");
    check("an unknown token", &json);
    for (what, method, uri, body, expected) in [
        (
            "no such invitation",
            "GET",
            "/api/v1/invitations/x",
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            "a bad cursor",
            "GET",
            "/api/v1/invitations?cursor=junk",
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "a bad limit",
            "GET",
            "/api/v1/invitations?limit=500",
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "no such route",
            "GET",
            "/api/v1/nothing-here",
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            "no such recipient",
            "POST",
            "/api/v1/invitations/x/recipients/y/revoke",
            None,
            StatusCode::NOT_FOUND,
        ),
        (
            "a list in two forms",
            "POST",
            "/api/v1/invitations/bulk",
            Some(json!({"csv": "ok@example.org", "rows": [{"email": "ok@example.org"}]})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "an unreadable list",
            "POST",
            "/api/v1/invitations/bulk",
            Some(json!({"csv": ""})),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "a list with bad rows",
            "POST",
            "/api/v1/invitations/bulk",
            Some(json!({"dry_run": true, "rows": [
                {"email": "a@@example.org"}, {"email": "ok@example.org"}, {"email": "ok@example.org"},
                {"email": "staff@example.com"}, {"email": "x@example.org", "language": "tlh"},
                {"email": "y@example.org", "name": "<b>"}
            ]})),
            StatusCode::OK,
        ),
        (
            "an unknown link",
            "GET",
            "/api/v1/activation/pstn_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            None,
            StatusCode::NOT_FOUND,
        ),
    ] {
        let (status, json) = api_in(&h, method, uri, Some(&token), body, None).await;
        assert_eq!(status, expected, "{what}: {json}");
        if status == StatusCode::OK {
            assert_eq!(json["problems"].as_array().map(Vec::len), Some(5), "{what}: {json}");
        }
        check(what, &json);
    }
    // An activation with mistakes.
    let (status, json) = send(json!({"to": "ok@example.org"}), &token).await;
    assert_eq!(status, StatusCode::CREATED, "{json}");
    h.worker.drain().await.unwrap();
    let link = link_in(&h.messages().await[0].1);
    let api_link = link.replace("/activate/", "/api/v1/activation/");
    for (what, body) in [
        (
            "a bad display name",
            json!({"display_name": "<b>", "password": "a long and private passphrase"}),
        ),
        ("a weak password", json!({"display_name": "Guest", "password": "short"})),
    ] {
        let (status, json) = api_in(&h, "POST", &api_link, None, Some(body), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {json}");
        check(what, &json);
    }
    assert!(seen >= 25, "the checks read many texts ({seen})");
}

/// The portal proposes its subject and message in the administrator's default language; an
/// invitation in another language that keeps them as proposed gets them in its own language
/// (the form, the API, each language of a list), while a sender's own words stay as written.
#[tokio::test]
async fn proposed_texts_follow_the_invitation_s_language() {
    let h = Harness::memory().await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    let words = |l: Language| postern_i18n::catalog(false).tr(l);
    let english_message = words(Language::En).t("page-send-default-message");
    h.sign_in("staff@example.com", PASSWORD).await;
    let form = h.get("/invitations/new").await;
    assert!(
        form.body.contains(&english_message),
        "the form proposes the default language's message"
    );
    let english_subject = form.hidden_or_value("subject");
    assert!(english_subject.starts_with("You are invited"), "{english_subject}");
    let sent = send_form(
        &h,
        &[
            ("to", "anna@example.de"),
            ("language", "de"),
            ("subject", &english_subject),
            ("message", &english_message),
        ],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let own = send_form(
        &h,
        &[
            ("to", "otto@example.de"),
            ("language", "de"),
            ("subject", "Unsere Dateien"),
            ("message", "Hallo Otto."),
        ],
    )
    .await;
    assert_eq!(own.status, StatusCode::SEE_OTHER, "{}", own.body);
    let token = crate::api::token_for(&h, "api@example.com").await;
    let api = crate::api::call(
        &h,
        "POST",
        "/api/v1/invitations",
        Some(&token),
        Some(json!({"to": "ana@example.es", "language": "es"})),
    )
    .await;
    assert_eq!(api.status, StatusCode::CREATED, "{}", api.json);
    let list = crate::api::call(
        &h,
        "POST",
        "/api/v1/invitations/bulk",
        Some(&token),
        Some(json!({"rows": [
            {"email": "claire@example.fr", "language": "fr"},
            {"email": "daan@example.nl", "language": "nl"},
            {"email": "ed@example.com"}
        ]})),
    )
    .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.json);
    h.worker.drain().await.unwrap();
    let messages = h.messages().await;
    let text = |to: &str| {
        let (_, eml) = messages
            .iter()
            .find(|(t, _)| t == to)
            .unwrap_or_else(|| panic!("a message to {to}"));
        text_of(eml)
    };
    for (to, language, subject) in [
        ("anna@example.de", Language::De, "Einladung zu einem Drop-Off-Konto"),
        (
            "ana@example.es",
            Language::Es,
            "Invitación para abrir una cuenta Drop-Off",
        ),
        (
            "claire@example.fr",
            Language::Fr,
            "Invitation à ouvrir un compte Drop-Off",
        ),
        ("daan@example.nl", Language::Nl, "Uitnodiging voor een Drop-Off-account"),
        (
            "ed@example.com",
            Language::En,
            "You are invited to open a Drop-Off account",
        ),
    ] {
        let text = text(to);
        let first_line = text.lines().next().unwrap_or_default();
        assert!(
            first_line.starts_with(subject),
            "{to}: the subject in its language: {first_line}"
        );
        assert!(
            text.contains(&words(language).t("page-send-default-message")),
            "{to}: the message in its language:\n{text}"
        );
        if language != Language::En {
            assert!(!text.contains(&english_message), "{to}: no English message:\n{text}");
        }
    }
    let own = text("otto@example.de");
    assert!(
        own.starts_with("Unsere Dateien") && own.contains("Hallo Otto."),
        "a sender's own words are kept:\n{own}"
    );
}
