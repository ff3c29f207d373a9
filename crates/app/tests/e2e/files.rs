//! Files on invitations through the real pages: upload with the form, the email's file list
//! and personal download link, downloads with Range and a safe Content-Disposition, limits,
//! and bad uploads that leave nothing behind. On the in-memory adapters and on the embedded
//! default (SQLite + the folder store).

use poem::http::StatusCode;
use postern_domain::user::UserKind;

use crate::harness::{Harness, PASSWORD, link_in};

pub(crate) fn data(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

pub(crate) async fn form_fields(h: &Harness) -> (String, String) {
    let form = h.get("/invitations/new").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains(r#"enctype="multipart/form-data""#));
    assert!(form.body.contains(r#"name="files""#));
    (form.csrf(), form.hidden("idempotency_key"))
}

pub(crate) async fn send_with_files(h: &Harness, to: &str, files: &[(&str, &[u8])]) -> crate::harness::Page {
    let (csrf, key) = form_fields(h).await;
    h.post_multipart(
        "/invitations/new",
        &[
            ("csrf_token", &csrf),
            ("idempotency_key", &key),
            ("to", to),
            ("subject", "Files for you"),
            ("message", "Here are the documents."),
            ("link_lifetime_days", "14"),
            ("attachment_lifetime_days", "7"),
            ("attachment_download_limit", "2"),
            ("notify_on_download", "on"),
        ],
        files,
    )
    .await
}

pub(crate) fn download_link_in(eml: &str) -> String {
    let parsed = mail_parser::MessageParser::default().parse(eml.as_bytes()).unwrap();
    let text = parsed.body_text(0).unwrap().into_owned();
    let start = text.find("/download/").expect("a download link");
    text[start..].split_whitespace().next().unwrap().to_owned()
}

/// The links of a download page to its single files (not the zip of all).
pub(crate) fn file_hrefs(page: &str) -> Vec<String> {
    page.match_indices("href=\"/download/")
        .map(|(i, _)| page[i + 6..].split('"').next().unwrap().to_owned())
        .filter(|href| !href.ends_with("/all.zip"))
        .collect()
}

/// Staff send `files` to guest@example.org; the guest's download link, their cookies
/// forgotten (the guest's own browser).
async fn files_for_guest(h: &Harness, files: &[(&str, &[u8])]) -> String {
    h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    assert_eq!(
        h.sign_in("staff@example.com", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let sent = send_with_files(h, "guest@example.org", files).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    h.worker.drain().await.unwrap();
    let messages = h.messages().await;
    let (_, eml) = messages.iter().find(|(to, _)| to == "guest@example.org").unwrap();
    h.forget_cookies();
    download_link_in(eml)
}

async fn stored_bytes(h: &Harness) -> u64 {
    h.ports.attachments.usage().await.unwrap()
}

#[tokio::test]
async fn files_travel_by_personal_link_not_by_email() {
    for (name, h) in Harness::both().await {
        h.user("staff@example.com", UserKind::Internal).await;
        h.allow_invitations().await;
        assert_eq!(
            h.sign_in("staff@example.com", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        let report = data(300_000, 1);
        let notes = b"meeting notes\n".to_vec();
        let sent = send_with_files(
            &h,
            "Guest <guest@example.org>",
            &[("report – Q3.pdf", &report), ("notes.txt", &notes)],
        )
        .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{name}: {}", sent.body);
        assert_eq!(stored_bytes(&h).await, 300_014, "{name}");
        h.worker.drain().await.unwrap();
        let messages = h.messages().await;
        let (_, eml) = messages.iter().find(|(to, _)| to == "guest@example.org").unwrap();
        assert!(
            eml.contains("report – Q3.pdf (293.0 KiB)") || eml.contains("report =E2=80=93 Q3.pdf"),
            "{name}: {eml}"
        );
        assert!(eml.contains("notes.txt (14 bytes)"), "{name}");
        assert!(
            !eml.contains("Content-Disposition: attachment"),
            "{name}: files never travel in the message"
        );
        let download = download_link_in(eml);
        let activation = link_in(eml);

        // The invitee creates the account, then downloads.
        h.forget_cookies();
        let create = h.get(&activation).await;
        let created = h
            .post(
                &activation,
                &[
                    ("csrf_token", &create.csrf()),
                    ("display_name", "Guest Person"),
                    ("password", "a-long-enough-passphrase-9"),
                    ("password_confirmation", "a-long-enough-passphrase-9"),
                ],
            )
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{name}: {}", created.body);
        let page = h.get(&download).await;
        assert_eq!(page.status, StatusCode::OK, "{name}: {}", page.body);
        assert!(
            page.body.contains("report – Q3.pdf") && page.body.contains("notes.txt"),
            "{name}"
        );
        let hrefs: Vec<String> = file_hrefs(&page.body);
        assert_eq!(hrefs.len(), 2, "{name}: one link per file");

        let (status, headers, bytes) = h.download(&hrefs[0], None).await;
        assert_eq!(status, StatusCode::OK, "{name}");
        assert_eq!(bytes, report, "{name}: the same bytes");
        crate::harness::assert_secured("a download", &headers);
        crate::harness::assert_secured("the download page", &h.headers(&download).await);
        assert_eq!(headers["content-length"], "300000");
        assert_eq!(headers["content-type"], "application/octet-stream");
        assert_eq!(headers["accept-ranges"], "bytes");
        assert_eq!(
            headers["content-disposition"],
            "attachment; filename=\"report _ Q3.pdf\"; filename*=UTF-8''report%20%E2%80%93%20Q3.pdf"
        );
        // Resuming does not count as another download.
        let (status, headers, part) = h.download(&hrefs[0], Some("bytes=1000-1999")).await;
        assert_eq!(status, StatusCode::PARTIAL_CONTENT, "{name}");
        crate::harness::assert_secured("a part of a download", &headers);
        assert_eq!(headers["content-range"], "bytes 1000-1999/300000");
        assert_eq!(part, report[1000..2000]);
        let (status, _, _) = h.download(&hrefs[0], Some("bytes=400000-")).await;
        assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE, "{name}");
        // The limit (2 per file) counts full downloads.
        assert_eq!(h.download(&hrefs[0], None).await.0, StatusCode::OK, "{name}");
        let (status, _, body) = h.download(&hrefs[0], None).await;
        assert_eq!(status, StatusCode::GONE, "{name}");
        assert!(String::from_utf8_lossy(&body).contains("download limit"), "{name}");
        let (status, _, small) = h.download(&hrefs[1], None).await;
        assert_eq!(
            (status, small),
            (StatusCode::OK, notes.clone()),
            "{name}: other files unaffected"
        );

        // Another invitation's file through this link: not found.
        h.forget_cookies();
        assert_eq!(
            h.sign_in("staff@example.com", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        let other = send_with_files(&h, "someone@example.org", &[("other.bin", b"other")]).await;
        assert_eq!(other.status, StatusCode::SEE_OTHER, "{name}");
        h.worker.drain().await.unwrap();
        let messages = h.messages().await;
        let (_, eml) = messages.iter().find(|(to, _)| to == "someone@example.org").unwrap();
        let other_page = h.get(&download_link_in(eml)).await;
        let other_file = other_page
            .body
            .split("href=\"/download/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let other_id = other_file.rsplit('/').next().unwrap();
        let token = download.trim_start_matches("/download/");
        let (status, _, _) = h.download(&format!("/download/{token}/{other_id}"), None).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{name}: a link opens only its own message's files"
        );
        let (status, _, _) = h.download("/download/pstd_not-a-real-token/x", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{name}");
    }
}

/// (what, the files, the status, part of the message).
type Case<'a> = (&'a str, Vec<(&'a str, &'a [u8])>, StatusCode, &'a str);

#[tokio::test]
async fn refused_uploads_leave_nothing_behind() {
    for (name, h) in Harness::both().await {
        h.user("staff@example.com", UserKind::Internal).await;
        h.allow_invitations().await;
        let mut settings = std::sync::Arc::unwrap_or_clone(h.ports.settings.load_settings().await.unwrap());
        settings.files.max_file_mib = 1;
        settings.files.max_total_mib = 2;
        settings.files.max_files = 3;
        h.ports.settings.save_settings(&settings).await.unwrap();
        assert_eq!(
            h.sign_in("staff@example.com", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        let mib = 1024 * 1024;
        let ok = data(1000, 2);
        let big = data(mib + 1, 3);
        let half = data(mib - 10, 4);
        let cases: Vec<Case<'_>> = vec![
            (
                "one file over the limit",
                vec![("ok.txt", &ok), ("big.bin", &big)],
                StatusCode::PAYLOAD_TOO_LARGE,
                "big.bin: larger than the limit of 1 MiB per file",
            ),
            (
                "the total over the limit",
                vec![("a.bin", &half), ("b.bin", &half), ("c.bin", &half)],
                StatusCode::PAYLOAD_TOO_LARGE,
                "the files together are larger than the limit of 2 MiB",
            ),
            (
                "too many files",
                vec![("1.txt", &ok), ("2.txt", &ok), ("3.txt", &ok), ("4.txt", &ok)],
                StatusCode::UNPROCESSABLE_ENTITY,
                "at most 3 files per message",
            ),
            (
                "a blocked extension",
                vec![("ok.txt", &ok), ("invoice.pdf.EXE", &ok)],
                StatusCode::UNPROCESSABLE_ENTITY,
                "invoice.pdf.EXE: files ending in .exe are not accepted",
            ),
            (
                "a path in the name",
                vec![("../../etc/passwd", &ok)],
                StatusCode::UNPROCESSABLE_ENTITY,
                "may not contain / or",
            ),
            (
                // The multipart parser refuses a raw control character in a part header.
                "a control character in the name",
                vec![("bad\u{1}name.txt", &ok)],
                StatusCode::BAD_REQUEST,
                "no file was kept",
            ),
        ];
        for (case, files, status, message) in cases {
            let page = send_with_files(&h, "guest@example.org", &files).await;
            assert_eq!(page.status, status, "{name}: {case}: {}", page.body);
            assert!(
                page.body.contains(&message.replace('\'', "&#x27;")) || page.body.contains(message),
                "{name}: {case}: {}",
                page.body
            );
            if status != StatusCode::BAD_REQUEST {
                assert!(
                    page.body.contains("guest@example.org"),
                    "{name}: {case}: the form keeps what was typed"
                );
            }
            assert_eq!(stored_bytes(&h).await, 0, "{name}: {case}: no file kept");
        }
        // Cut off half-way through a file: no closing boundary.
        let (csrf, key) = form_fields(&h).await;
        let boundary = "cut-boundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"idempotency_key\"\r\n\r\n{key}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\nguest@example.org\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"cut.bin\"\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(&data(200_000, 5));
        let cut = h
            .post_raw(
                "/invitations/new",
                &format!("multipart/form-data; boundary={boundary}"),
                body,
            )
            .await;
        assert_eq!(cut.status, StatusCode::BAD_REQUEST, "{name}: {}", cut.body);
        assert_eq!(stored_bytes(&h).await, 0, "{name}: a cut-off upload leaves nothing");
        // A forged form (no CSRF token before the file) stores nothing either.
        let forged = h
            .post_multipart("/invitations/new", &[("to", "guest@example.org")], &[("x.txt", &ok)])
            .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "{name}");
        assert_eq!(stored_bytes(&h).await, 0, "{name}");
        let staff = h
            .ports
            .users
            .find_user_by_email(&postern_domain::EmailAddress::parse("staff@example.com").unwrap())
            .await
            .unwrap()
            .unwrap();
        let sent = h.ports.invitations.list_by_sender(staff.id, None, 10).await.unwrap();
        assert!(sent.invitations.is_empty(), "{name}: nothing was sent");
    }
}

#[tokio::test]
async fn the_administrator_can_require_an_account_before_downloads() {
    let h = Harness::memory().await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    let mut settings = std::sync::Arc::unwrap_or_clone(h.ports.settings.load_settings().await.unwrap());
    settings.files.download_requires_account = true;
    h.ports.settings.save_settings(&settings).await.unwrap();
    assert_eq!(
        h.sign_in("staff@example.com", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let sent = send_with_files(&h, "guest@example.org", &[("a.txt", b"abc")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    h.worker.drain().await.unwrap();
    let messages = h.messages().await;
    let (_, eml) = messages.iter().find(|(to, _)| to == "guest@example.org").unwrap();
    let download = download_link_in(eml);
    let as_staff = h.get(&download).await;
    assert_eq!(as_staff.status, StatusCode::FORBIDDEN, "signed in as someone else");
    h.forget_cookies();
    let anonymous = h.get(&download).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert!(
        anonymous.body.contains("Sign in as guest@example.org"),
        "{}",
        anonymous.body
    );
    let activation = link_in(eml);
    let create = h.get(&activation).await;
    let created = h
        .post(
            &activation,
            &[
                ("csrf_token", &create.csrf()),
                ("display_name", "Guest"),
                ("password", "a-long-enough-passphrase-9"),
                ("password_confirmation", "a-long-enough-passphrase-9"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    assert_eq!(h.get(&download).await.status, StatusCode::OK);
}

pub(crate) async fn post_files(h: &Harness, page: &str, to: &str, files: &[(&str, &[u8])]) -> crate::harness::Page {
    let form = h.get(page).await;
    assert_eq!(form.status, StatusCode::OK, "{page}: {}", form.body);
    h.post_multipart(
        page,
        &[
            ("csrf_token", &form.csrf()),
            ("idempotency_key", &form.hidden("idempotency_key")),
            ("to", to),
            ("subject", "Files"),
            ("message", "Here you are."),
        ],
        files,
    )
    .await
}

#[tokio::test]
async fn an_invitee_downloads_the_files_and_sends_one_back() {
    for (name, h) in Harness::both().await {
        h.user("staff@example.com", UserKind::Internal).await;
        h.allow_invitations().await;
        assert_eq!(
            h.sign_in("staff@example.com", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        let (first, second) = (data(70_000, 7), data(1234, 8));
        let sent = send_with_files(
            &h,
            "guest@example.org",
            &[("plan.pdf", &first), ("budget.xlsx", &second)],
        )
        .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{name}: {}", sent.body);
        h.worker.drain().await.unwrap();
        let messages = h.messages().await;
        let (_, eml) = messages.iter().find(|(to, _)| to == "guest@example.org").unwrap();
        assert!(
            eml.contains("plan.pdf (68.4 KiB)") && eml.contains("budget.xlsx (1.2 KiB)"),
            "{name}: {eml}"
        );

        // The invitee creates the account and downloads both files.
        h.forget_cookies();
        let activation = link_in(eml);
        let create = h.get(&activation).await;
        let created = h
            .post(
                &activation,
                &[
                    ("csrf_token", &create.csrf()),
                    ("display_name", "Guest Person"),
                    ("password", "a-long-enough-passphrase-9"),
                    ("password_confirmation", "a-long-enough-passphrase-9"),
                ],
            )
            .await;
        assert_eq!(
            created.location.as_deref(),
            Some("/dropoff"),
            "{name}: {}",
            created.body
        );
        let page = h.get(&download_link_in(eml)).await;
        let hrefs: Vec<String> = file_hrefs(&page.body);
        assert_eq!(h.download(&hrefs[0], None).await.2, first, "{name}");
        assert_eq!(h.download(&hrefs[1], None).await.2, second, "{name}");
        // The first once more: it reaches its limit of two.
        assert_eq!(h.download(&hrefs[0], None).await.2, first, "{name}");
        // Everything left at once, as a zip streamed on the fly; what it leaves out is named.
        assert!(page.body.contains("all.zip"), "{name}");
        let (status, headers, zip) = h.download(&format!("{}/all.zip", download_link_in(eml)), None).await;
        assert_eq!(status, StatusCode::OK, "{name}: {}", String::from_utf8_lossy(&zip));
        assert_eq!(headers["content-type"], "application/zip");
        let archive = async_zip::base::read::mem::ZipFileReader::new(zip).await.unwrap();
        let mut unpacked = Vec::new();
        for i in 0..archive.file().entries().len() {
            let entry_name = archive.file().entries()[i].filename().as_str().unwrap().to_owned();
            let mut reader = archive.reader_with_entry(i).await.unwrap();
            let mut bytes = Vec::new();
            reader.read_to_end_checked(&mut bytes).await.unwrap();
            unpacked.push((entry_name, bytes));
        }
        assert_eq!(unpacked.len(), 2, "{name}");
        assert_eq!(unpacked[0], ("budget.xlsx".to_owned(), second.clone()), "{name}");
        let note = String::from_utf8_lossy(&unpacked[1].1).into_owned();
        assert_eq!(unpacked[1].0, "NOT-INCLUDED.txt", "{name}");
        assert!(
            note.contains("reached their download limit") && note.contains("plan.pdf"),
            "{name}: {note}"
        );

        // The inviter asked to hear of downloads: one notice per file, at the first download.
        h.worker.drain().await.unwrap();
        let notices: Vec<String> = h
            .messages()
            .await
            .into_iter()
            .filter(|(to, eml)| to.eq_ignore_ascii_case("staff@example.com") && eml.contains("downloaded"))
            .map(|(_, eml)| {
                let parsed = mail_parser::MessageParser::default().parse(eml.as_bytes()).unwrap();
                parsed.subject().unwrap_or_default().to_owned()
            })
            .collect();
        let mut notices = notices;
        notices.sort();
        assert_eq!(
            notices,
            vec![
                "guest@example.org downloaded budget.xlsx",
                "guest@example.org downloaded plan.pdf"
            ],
            "{name}"
        );

        // ... and sends a file back to the inviter (only staff may be addressed).
        let dropoff = h.get("/dropoff").await;
        assert!(dropoff.body.contains("href=\"/dropoff/send\""), "{name}");
        let stored = h.ports.attachments.usage().await.unwrap();
        // One refusal for the list, naming no address: it must not tell who is staff.
        let refused = post_files(
            &h,
            "/dropoff/send",
            "staff@example.com, someone@elsewhere.example",
            &[("x.txt", b"x")],
        )
        .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(
            refused.body.contains("can go only to staff of the organisation"),
            "{name}: {}",
            refused.body
        );
        let summary = refused.body.split("error-summary").nth(1).unwrap_or_default();
        let summary = summary.split("</ul>").next().unwrap_or_default();
        assert!(
            !summary.contains("someone@elsewhere.example") && !summary.contains("staff@example.com"),
            "{name}: the refusal names no address: {summary}"
        );
        assert_eq!(
            h.ports.attachments.usage().await.unwrap(),
            stored,
            "{name}: nothing kept"
        );
        let empty = post_files(&h, "/dropoff/send", "staff@example.com", &[]).await;
        assert!(empty.body.contains("choose at least one file"), "{name}");
        let reply = data(5000, 9);
        let back = post_files(&h, "/dropoff/send", "Staff@Example.com", &[("signed.pdf", &reply)]).await;
        assert_eq!(back.status, StatusCode::SEE_OTHER, "{name}: {}", back.body);
        assert_eq!(back.location.as_deref(), Some("/dropoff"));
        h.worker.drain().await.unwrap();
        let messages = h.messages().await;
        let (_, to_staff) = messages
            .iter()
            .find(|(to, eml)| to.eq_ignore_ascii_case("staff@example.com") && eml.contains("signed.pdf"))
            .unwrap_or_else(|| {
                panic!(
                    "{name}: the inviter receives a link: {:?}",
                    messages
                        .iter()
                        .map(|(t, e)| (t.clone(), e.len(), e.contains("sent you files")))
                        .collect::<Vec<_>>()
                )
            });
        // On the organisation's address, the guest's own name is never the sender's name.
        let parsed = mail_parser::MessageParser::default()
            .parse(to_staff.as_bytes())
            .unwrap();
        let text = parsed.body_text(0).unwrap();
        assert!(
            text.contains(
                "Guest Person (guest@example.org, an outside person with a Drop-Off account) sent you files."
            ),
            "{name}: {text}"
        );
        let from = parsed.from().and_then(|f| f.first()).unwrap();
        assert_eq!(from.name(), Some("guest@example.org via Postern"), "{name}");
        assert!(!to_staff.contains("/activate/"), "{name}: no activation link for files");

        // The inviter downloads it.
        h.forget_cookies();
        assert_eq!(
            h.sign_in("staff@example.com", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        let page = h.get(&download_link_in(to_staff)).await;
        assert_eq!(page.status, StatusCode::OK, "{name}: {}", page.body);
        let href = page
            .body
            .split("href=\"/download/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(h.download(&format!("/download/{href}"), None).await.2, reply, "{name}");

        // Staff send files to anyone with Send Files, without an invitation.
        let to_colleague = post_files(&h, "/send", "partner@example.net", &[("brief.txt", b"brief")]).await;
        assert_eq!(
            to_colleague.status,
            StatusCode::SEE_OTHER,
            "{name}: {}",
            to_colleague.body
        );
        h.worker.drain().await.unwrap();
        let messages = h.messages().await;
        let (_, eml) = messages.iter().find(|(to, _)| to == "partner@example.net").unwrap();
        assert!(eml.contains("/download/pstd_") && !eml.contains("/activate/"), "{name}");
    }
}

/// The "downloads left" figure of each file on a download page.
fn left_on(page: &str) -> Vec<u32> {
    page.match_indices("data-label=\"Downloads left\">")
        .map(|(i, m)| page[i + m.len()..].split('<').next().unwrap().trim().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn a_head_answers_as_the_download_would_and_counts_nothing() {
    let h = Harness::memory().await;
    let download = files_for_guest(&h, &[("report.pdf", &data(300_000, 3))]).await;
    let page = h.get(&download).await;
    assert_eq!(left_on(&page.body), [2], "{}", page.body);
    let href = file_hrefs(&page.body).remove(0);

    // A HEAD answers with the headers of the download, whole or in part, and counts nothing.
    let head = h.client.head(&href).send().await.0;
    assert_eq!(head.status(), StatusCode::OK);
    let got = h.download(&href, None).await.1;
    for name in [
        "content-length",
        "content-type",
        "content-disposition",
        "accept-ranges",
        "x-content-sha256",
    ] {
        assert_eq!(head.headers().get(name), got.get(name), "{name}");
    }
    let head = h.client.head(&href).header("Range", "bytes=0-99").send().await.0;
    assert_eq!(head.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(head.headers()["content-range"], "bytes 0-99/300000");
    assert_eq!(head.headers()["content-length"], "100");
    let head = h.client.head(&href).header("Range", "bytes=400000-").send().await.0;
    assert_eq!(head.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    let zip = format!("{download}/all.zip");
    let head = h.client.head(&zip).send().await.0;
    let got = h.client.get(&zip).send().await.0;
    assert_eq!(head.status(), got.status());
    for name in ["content-type", "content-disposition"] {
        assert_eq!(head.headers().get(name), got.headers().get(name), "zip: {name}");
    }
    assert_eq!(
        left_on(&h.get(&download).await.body),
        [0],
        "the GETs counted (the file and the zip), the HEADs did not"
    );
}

#[tokio::test]
async fn a_download_past_the_turns_waits_then_is_refused_without_counting() {
    let h = Harness::memory_with(|c| c.max_downloads = 1).await;
    let (a, b) = (data(300_000, 4), data(1_000, 5));
    let download = files_for_guest(&h, &[("a.bin", &a), ("b.bin", &b)]).await;
    let page = h.get(&download).await;
    let hrefs = file_hrefs(&page.body);
    assert_eq!(left_on(&page.body), [2, 2]);

    let held = h.client.get(&hrefs[0]).send().await.0;
    assert_eq!(held.status(), StatusCode::OK);
    let started = std::time::Instant::now();
    let (status, headers, body) = h.download(&hrefs[1], None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(4),
        "it waited for a turn first"
    );
    assert!(headers.contains_key("retry-after"));
    assert!(String::from_utf8_lossy(&body).contains("Try again in a moment"));
    let (status, _, _) = h.download(&format!("{download}/all.zip"), None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "the zip takes turns too");
    assert_eq!(
        left_on(&h.get(&download).await.body),
        [1, 2],
        "only the streaming one counted"
    );

    // Its body read to the end, the turn is free again.
    assert_eq!(held.into_body().into_vec().await.unwrap(), a);
    let (status, _, body) = h.download(&hrefs[1], None).await;
    assert_eq!((status, body), (StatusCode::OK, b.clone()));
    // A download whose connection is dropped half-way gives its turn back too.
    let cut = h.client.get(&hrefs[1]).send().await.0;
    assert_eq!(cut.status(), StatusCode::OK);
    drop(cut);
    let (status, _, _) = h.download(&format!("{download}/all.zip"), None).await;
    assert_eq!(status, StatusCode::OK);
}
