//! The recipient lifecycle where two features meet, through the pages and the API: each
//! test reproduces a defect of commit c37bfd7 (the code before the lifecycle table) that it
//! fails on, and shows what the other features see afterwards.

use poem::http::StatusCode;
use postern_domain::token::TokenScope;
use postern_domain::usecases::ApiTokens;
use postern_domain::user::{User, UserKind};
use serde_json::{Value, json};

use crate::admin::admin_sign_in;
use crate::api::{call, code};
use crate::files::{data, download_link_in, form_fields, post_files};
use crate::harness::{Harness, PASSWORD, link_in};

async fn token(h: &Harness, user: &User) -> String {
    ApiTokens::new(&h.ports)
        .create(user, "tests", None, TokenScope::Send)
        .await
        .unwrap()
        .1
}

/// Sends an invitation through the API; the response.
async fn invite(h: &Harness, token: &str, to: &str) -> Value {
    let sent = call(h, "POST", "/api/v1/invitations", Some(token), Some(json!({ "to": to }))).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.json);
    sent.json
}

fn recipient<'a>(invitation: &'a Value, email: &str) -> &'a str {
    invitation["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["email"] == email)
        .unwrap()["id"]
        .as_str()
        .unwrap()
}

/// The stored state's name.
async fn stored_state(h: &Harness, recipient: &str) -> &'static str {
    let id = postern_domain::ids::RecipientId::parse(recipient).unwrap();
    let invitation = h.ports.invitations.find_by_recipient(id).await.unwrap().unwrap();
    invitation.recipient(id).unwrap().state.as_str()
}

async fn messages_to(h: &Harness, address: &str) -> Vec<String> {
    h.messages()
        .await
        .into_iter()
        .filter(|(to, _)| to == address)
        .map(|(_, eml)| eml)
        .collect()
}

/// As a new staff member, sends guest@example.org one file with a download limit of 1; then,
/// signed out, the address of that file's download (from the guest's download page).
pub(crate) async fn one_file_limited_to_one(h: &Harness, name: &str, bytes: &[u8]) -> String {
    h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    h.sign_in("staff@example.com", PASSWORD).await;
    let (csrf, key) = form_fields(h).await;
    let sent = h
        .post_multipart(
            "/invitations/new",
            &[
                ("csrf_token", &csrf),
                ("idempotency_key", &key),
                ("to", "guest@example.org"),
                ("subject", "Files for you"),
                ("message", "Here are the documents."),
                ("link_lifetime_days", "14"),
                ("attachment_lifetime_days", "7"),
                ("attachment_download_limit", "1"),
            ],
            &[(name, bytes)],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    h.worker.drain().await.unwrap();
    let download = download_link_in(&messages_to(h, "guest@example.org").await[0]);
    h.forget_cookies();
    file_href(&h.get(&download).await.body)
}

/// The first file's address on a download page.
fn file_href(page: &str) -> String {
    crate::files::file_hrefs(page).remove(0)
}

/// The staff member's page action on a recipient; the flash shown afterwards.
async fn page_action(h: &Harness, recipient: &str, action: &str) -> String {
    let list = h.get("/invitations").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let done = h
        .post(
            &format!("/invitations/recipients/{recipient}/{action}"),
            &[("csrf_token", &list.csrf())],
        )
        .await;
    assert_eq!(done.location.as_deref(), Some("/invitations"), "{}", done.body);
    let after = h.get("/invitations").await;
    // A refusal is shown as a problem, a success as a notice.
    let flash = ["class=\"problem\" role=\"alert\">", "class=\"notice\" role=\"status\">"]
        .iter()
        .find_map(|style| after.body.split(style).nth(1))
        .unwrap_or("");
    flash.split("</p>").next().unwrap().to_owned()
}

/// Before the lifecycle table (c37bfd7), a staff member whose invitation an administrator
/// had revoked, and whose permission the administrator had set to `deny`, pressed *Resend*
/// and a fresh, working link went out. Now the page and the API refuse, with a message and a
/// code, and nothing changes: no message, the old link still dead, the state still revoked.
#[tokio::test]
async fn a_resend_does_not_undo_an_administrators_revoke() {
    for (name, h) in Harness::both().await {
        h.user("admin@example.com", UserKind::Admin).await;
        let staff = h.user("staff@example.com", UserKind::Internal).await;
        h.allow_invitations().await;
        let api = token(&h, &staff).await;
        let sent = invite(&h, &api, "guest@example.org, other@example.org").await;
        let invitation = sent["id"].as_str().unwrap().to_owned();
        let guest = recipient(&sent, "guest@example.org").to_owned();
        let other = recipient(&sent, "other@example.org").to_owned();
        h.worker.drain().await.unwrap();
        let first_link = link_in(&messages_to(&h, "guest@example.org").await[0]);

        // The staff member revokes one recipient; the administrator revokes the other and
        // takes the staff member's right to invite away.
        assert_eq!(
            h.sign_in("staff@example.com", PASSWORD).await.status,
            StatusCode::SEE_OTHER
        );
        let flash = page_action(&h, &other, "revoke").await;
        assert!(flash.to_lowercase().contains("revoked"), "{name}: {flash}");
        admin_sign_in(&h).await;
        let all = h.get("/admin/invitations").await;
        let revoked = h
            .post(
                &format!("/admin/invitations/recipients/{guest}/revoke"),
                &[("csrf_token", &all.csrf())],
            )
            .await;
        assert_eq!(revoked.status, StatusCode::SEE_OTHER, "{name}");
        let users = h.get("/admin/users").await;
        let denied = h
            .post(
                &format!("/admin/users/{}/invitations", staff.id),
                &[("csrf_token", &users.csrf()), ("setting", "deny")],
            )
            .await;
        assert_eq!(denied.status, StatusCode::SEE_OTHER, "{name}");

        // The API refuses with documented codes.
        let resend = |r: &str| format!("/api/v1/invitations/{invitation}/recipients/{r}/resend");
        let refused = call(&h, "POST", &resend(&guest), Some(&api), None).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{name}: {}", refused.json);
        assert_eq!(code(&refused), "revoked_by_administrator", "{name}");
        let shown = call(
            &h,
            "GET",
            &format!("/api/v1/invitations/{invitation}"),
            Some(&api),
            None,
        )
        .await;
        let by = |email: &str| {
            shown.json["recipients"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["email"] == email)
                .unwrap()["revoked_by"]
                .clone()
        };
        assert_eq!(by("guest@example.org"), "administrator", "{name}");
        assert_eq!(by("other@example.org"), "sender", "{name}");
        let refused = call(&h, "POST", &resend(&other), Some(&api), None).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{name}: {}", refused.json);
        assert_eq!(code(&refused), "not_permitted", "{name}");

        // So does the page, which no longer offers the button.
        h.forget_cookies();
        h.sign_in("staff@example.com", PASSWORD).await;
        let list = h.get("/invitations").await;
        assert!(
            !list.body.contains(&format!("{guest}/resend")),
            "{name}: no Resend button"
        );
        let flash = page_action(&h, &guest, "resend").await;
        assert!(
            flash.contains("only an administrator can send it again"),
            "{name}: {flash}"
        );
        let flash = page_action(&h, &other, "resend").await;
        assert!(flash.contains("not permitted"), "{name}: {flash}");

        // Nothing changed: no new message, the old link still dead, the states as they were.
        h.worker.drain().await.unwrap();
        assert_eq!(messages_to(&h, "guest@example.org").await.len(), 1, "{name}");
        assert_eq!(messages_to(&h, "other@example.org").await.len(), 1, "{name}");
        let old = h.get(&first_link).await;
        assert_eq!(old.status, StatusCode::GONE, "{name}: {}", old.body);
        assert_eq!(stored_state(&h, &guest).await, "revoked_by_admin");
        assert_eq!(stored_state(&h, &other).await, "revoked");
        let refusals = h.ports.audit.recent(100).await.unwrap();
        assert_eq!(
            refusals.iter().filter(|e| e.action == "invitation.refused").count(),
            4,
            "{name}: every refusal is audited"
        );

        // The administrator can send it again: a new link works, the old one stays dead.
        admin_sign_in(&h).await;
        let all = h.get("/admin/invitations").await;
        let again = h
            .post(
                &format!("/admin/invitations/recipients/{guest}/resend"),
                &[("csrf_token", &all.csrf())],
            )
            .await;
        assert_eq!(again.status, StatusCode::SEE_OTHER, "{name}");
        h.worker.drain().await.unwrap();
        let mails = messages_to(&h, "guest@example.org").await;
        assert_eq!(mails.len(), 2, "{name}");
        let new_link = mails.iter().map(|m| link_in(m)).find(|l| *l != first_link).unwrap();
        h.forget_cookies();
        assert_eq!(h.get(&new_link).await.status, StatusCode::OK, "{name}");
        assert_eq!(h.get(&first_link).await.status, StatusCode::GONE, "{name}");
    }
}

/// A revoke after acceptance is refused on the page and in the API (`already_accepted`), and
/// the new account keeps working. At c37bfd7 the use case refused it too, but only by a check
/// before the write: the storage adapters had no guard against an accepted recipient, so a
/// revoke racing an acceptance could revoke it. That guard is now the compare-and-set of the
/// table, which the storage contract (`changes_are_compare_and_set`) checks on every engine;
/// this test keeps the refusal visible where a person meets it.
#[tokio::test]
async fn a_revoke_after_acceptance_is_refused() {
    for (name, h) in Harness::both().await {
        let staff = h.user("staff@example.com", UserKind::Internal).await;
        h.allow_invitations().await;
        let api = token(&h, &staff).await;
        let sent = invite(&h, &api, "guest@example.org").await;
        let invitation = sent["id"].as_str().unwrap().to_owned();
        let guest = recipient(&sent, "guest@example.org").to_owned();
        h.worker.drain().await.unwrap();
        let link = link_in(&messages_to(&h, "guest@example.org").await[0]);
        let create = h.get(&link).await;
        let created = h
            .post(
                &link,
                &[
                    ("csrf_token", &create.csrf()),
                    ("display_name", "Guest Person"),
                    ("password", "a-long-enough-passphrase-9"),
                    ("password_confirmation", "a-long-enough-passphrase-9"),
                ],
            )
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{name}: {}", created.body);

        let uri = format!("/api/v1/invitations/{invitation}/recipients/{guest}/revoke");
        let refused = call(&h, "POST", &uri, Some(&api), None).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{name}: {}", refused.json);
        assert_eq!(code(&refused), "already_accepted", "{name}");
        h.forget_cookies();
        h.sign_in("staff@example.com", PASSWORD).await;
        let flash = page_action(&h, &guest, "revoke").await;
        assert!(flash.contains("already accepted"), "{name}: {flash}");
        assert_eq!(stored_state(&h, &guest).await, "accepted", "{name}");
        h.forget_cookies();
        assert_eq!(
            h.sign_in("guest@example.org", "a-long-enough-passphrase-9")
                .await
                .location
                .as_deref(),
            Some("/dropoff"),
            "{name}: the account still works"
        );
    }
}

/// Before the lifecycle table (c37bfd7), with a limit of one download, `Range: bytes=1-`
/// after the counted download returned 206 with all but the first byte, as often as asked,
/// and nothing was audited. Now a range resumes for free only what is left of the latest
/// counted download's allowance (a tenth of the file); past it, a range counts, and past the
/// limit it gets 410. Every served download and every refusal is audited.
#[tokio::test]
async fn a_range_past_the_download_limit_is_refused() {
    for (name, h) in Harness::both().await {
        let report = data(100_000, 9);
        let file = one_file_limited_to_one(&h, "report.pdf", &report).await;

        // A link checker's HEAD counts nothing.
        let head = h.client.head(file.clone()).send().await.0;
        assert_eq!(head.status(), StatusCode::OK, "{name}");
        assert_eq!(head.headers()["content-length"], "100000", "{name}");
        let (status, _, bytes) = h.download(&file, None).await;
        assert_eq!((status, bytes.len()), (StatusCode::OK, 100_000), "{name}");
        // A broken connection may have lost the end: resuming it is free.
        let (status, _, tail) = h.download(&file, Some("bytes=95000-")).await;
        assert_eq!(status, StatusCode::PARTIAL_CONTENT, "{name}");
        assert_eq!(tail, report[95_000..], "{name}");
        // Anything more is a new download, and the limit is reached.
        for range in ["bytes=1-", "bytes=0-", "bytes=50000-59999", "bytes=-20000"] {
            let (status, _, body) = h.download(&file, Some(range)).await;
            assert_eq!(status, StatusCode::GONE, "{name}: {range}");
            assert!(
                String::from_utf8_lossy(&body).contains("download limit"),
                "{name}: {range}"
            );
        }
        assert_eq!(h.download(&file, None).await.0, StatusCode::GONE, "{name}");
        // A HEAD answers as the download would.
        assert_eq!(
            h.client.head(file.clone()).send().await.0.status(),
            StatusCode::GONE,
            "{name}"
        );
        // The zip of every file is refused the same way, and its refusal is audited too.
        let zip = format!("{}/all.zip", file.rsplit_once('/').unwrap().0);
        assert_eq!(h.download(&zip, None).await.0, StatusCode::GONE, "{name}");
        assert_eq!(
            h.client.head(zip.clone()).send().await.0.status(),
            StatusCode::GONE,
            "{name}: a HEAD of the zip answers as its GET"
        );
        let events = h.ports.audit.recent(100).await.unwrap();
        let count = |action: &str| events.iter().filter(|e| e.action == action).count();
        assert_eq!(count("file.downloaded"), 1, "{name}");
        assert_eq!(count("file.resumed"), 1, "{name}");
        assert_eq!(count("file.refused"), 6, "{name}");
        assert!(
            events
                .iter()
                .filter(|e| e.action.starts_with("file."))
                .all(|e| e.actor.as_deref() == Some("guest@example.org")),
            "{name}: each names the recipient"
        );
    }
}

/// Before the lifecycle table (c37bfd7), files messages (Send Files, and files sent back from
/// the Drop-Off portal) stayed "queued" on *My invitations* for ever, offered a link lifetime,
/// and a resend after a revoke brought the revoked download link back to life (410 → 200).
/// Now they show delivered, then downloaded; *Send the link again* sends a new link and the
/// revoked one stays dead.
#[tokio::test]
async fn files_messages_show_their_own_status_and_a_resend_keeps_old_links_dead() {
    for (name, h) in Harness::both().await {
        let staff = h.user("staff@example.com", UserKind::Internal).await;
        h.sign_in("staff@example.com", PASSWORD).await;
        let sent = post_files(&h, "/send", "partner@example.net", &[("brief.txt", b"the brief")]).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{name}: {}", sent.body);
        h.worker.drain().await.unwrap();
        let list = h.get("/invitations").await;
        assert!(list.body.contains("status-delivered"), "{name}: {}", list.body);
        assert!(list.body.contains("files available until"), "{name}");
        assert!(!list.body.contains("link lifetime"), "{name}");
        assert!(list.body.contains("Send the link again"), "{name}");
        let api = token(&h, &staff).await;
        let mine = call(&h, "GET", "/api/v1/invitations", Some(&api), None).await;
        let message = &mine.json["invitations"][0];
        assert_eq!(message["recipients"][0]["status"], "delivered", "{name}: {}", mine.json);
        let rid = message["recipients"][0]["id"].as_str().unwrap().to_owned();

        let first = download_link_in(&messages_to(&h, "partner@example.net").await[0]);
        h.forget_cookies();
        let file = file_href(&h.get(&first).await.body);
        assert_eq!(h.download(&file, None).await.0, StatusCode::OK, "{name}");
        h.sign_in("staff@example.com", PASSWORD).await;
        assert!(
            h.get("/invitations").await.body.contains("status-downloaded"),
            "{name}: downloaded"
        );

        let flash = page_action(&h, &rid, "revoke").await;
        assert!(flash.to_lowercase().contains("revoked"), "{name}: {flash}");
        assert_eq!(h.get(&first).await.status, StatusCode::GONE, "{name}");
        let flash = page_action(&h, &rid, "resend").await;
        assert!(flash.contains("new link"), "{name}: {flash}");
        h.worker.drain().await.unwrap();
        let mails = messages_to(&h, "partner@example.net").await;
        assert_eq!(mails.len(), 2, "{name}");
        let second = mails.iter().map(|m| download_link_in(m)).find(|l| *l != first).unwrap();
        h.forget_cookies();
        assert_eq!(
            h.get(&first).await.status,
            StatusCode::GONE,
            "{name}: the old link stays dead"
        );
        assert_eq!(h.download(&file, None).await.0, StatusCode::GONE, "{name}");
        assert_eq!(
            h.get(&second).await.status,
            StatusCode::OK,
            "{name}: the new link works"
        );
    }
}

/// Before c37bfd7's successor, a Drop-Off user could resend (and revoke) the files they sent
/// back through the API, which no page offers them. Now both are refused with
/// `dropoff_account` and nothing changes.
#[tokio::test]
async fn a_dropoff_user_cannot_resend_through_the_api() {
    for (name, h) in Harness::both().await {
        h.user("staff@example.com", UserKind::Internal).await;
        let guest = h.user("guest@example.org", UserKind::External).await;
        h.sign_in("guest@example.org", PASSWORD).await;
        let back = post_files(&h, "/dropoff/send", "staff@example.com", &[("signed.pdf", b"signed")]).await;
        assert_eq!(back.location.as_deref(), Some("/dropoff"), "{name}: {}", back.body);
        h.worker.drain().await.unwrap();
        let api = token(&h, &guest).await;
        let mine = call(&h, "GET", "/api/v1/invitations", Some(&api), None).await;
        let message = &mine.json["invitations"][0];
        let (id, rid) = (
            message["id"].as_str().unwrap().to_owned(),
            message["recipients"][0]["id"].as_str().unwrap().to_owned(),
        );
        for action in ["resend", "revoke"] {
            let uri = format!("/api/v1/invitations/{id}/recipients/{rid}/{action}");
            let refused = call(&h, "POST", &uri, Some(&api), None).await;
            assert_eq!(
                refused.status,
                StatusCode::FORBIDDEN,
                "{name}: {action}: {}",
                refused.json
            );
            assert_eq!(code(&refused), "dropoff_account", "{name}: {action}");
        }
        h.worker.drain().await.unwrap();
        assert_eq!(messages_to(&h, "staff@example.com").await.len(), 1, "{name}");
        assert_eq!(stored_state(&h, &rid).await, "delivered", "{name}");
    }
}

/// A download cut off by a broken connection gives the unsent bytes back, so that resuming it
/// does not count even with a limit of one; what was sent stays charged.
#[tokio::test]
async fn a_cut_off_download_is_resumed_without_counting() {
    use futures::StreamExt as _;
    for (name, h) in Harness::both().await {
        let big = data(3 * 1024 * 1024, 4);
        let file = one_file_limited_to_one(&h, "big.bin", &big).await;

        // The connection breaks after the first part.
        let resp = h.client.get(file.clone()).send().await.0;
        assert_eq!(resp.status(), StatusCode::OK, "{name}");
        let mut stream = resp.into_body().into_bytes_stream();
        let mut received = Vec::new();
        while received.len() < 1024 * 1024 {
            received.extend_from_slice(&stream.next().await.unwrap().unwrap());
        }
        drop(stream);
        assert_eq!(received, big[..received.len()], "{name}");
        // The unsent bytes are given back by a task; give it a moment.
        for _ in 0..50 {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            if h.ports
                .audit
                .recent(10)
                .await
                .unwrap()
                .iter()
                .any(|e| e.action == "file.downloaded")
            {
                break;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let (status, _, rest) = h.download(&file, Some(&format!("bytes={}-", received.len()))).await;
        assert_eq!(status, StatusCode::PARTIAL_CONTENT, "{name}: the resume is free");
        assert_eq!(rest, big[received.len()..], "{name}");
        let (status, _, _) = h.download(&file, Some("bytes=1-")).await;
        assert_eq!(status, StatusCode::GONE, "{name}: but not a second copy");
    }
}

/// The answer to a resend shows the recipient as it now is: queued again, with no expiry and
/// no delivery answer of the earlier message.
#[tokio::test]
async fn a_resend_answers_with_the_recipient_as_it_now_is() {
    for (name, h) in Harness::both().await {
        let staff = h.user("staff@example.com", UserKind::Internal).await;
        h.allow_invitations().await;
        let api = token(&h, &staff).await;
        let sent = invite(&h, &api, "guest@example.org").await;
        let invitation = sent["id"].as_str().unwrap().to_owned();
        let guest = recipient(&sent, "guest@example.org").to_owned();
        h.worker.drain().await.unwrap();
        let uri = format!("/api/v1/invitations/{invitation}/recipients/{guest}/resend");
        let resent = call(&h, "POST", &uri, Some(&api), None).await;
        assert_eq!(resent.status, StatusCode::OK, "{name}: {}", resent.json);
        assert_eq!(resent.json["status"], "queued", "{name}");
        assert!(resent.json.get("expires_at").is_none(), "{name}: {}", resent.json);
        assert!(resent.json.get("delivery_note").is_none(), "{name}: {}", resent.json);
    }
}
