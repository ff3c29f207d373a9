//! Webhooks over real HTTP: the administrator registers an endpoint on the console (its
//! secret shown once), a receiver on 127.0.0.1 checks the signature of every event of one
//! invitation's life, also of those that waited while it was down, and the console shows
//! the last outcome.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use poem::http::StatusCode;
use poem::listener::{Acceptor, Listener};
use postern_domain::user::UserKind;
use postern_domain::webhook::{SIGNATURE_HEADER, signing_key, verify};
use serde_json::json;

use crate::admin::admin_sign_in;
use crate::harness::Harness;

type Received = Arc<Mutex<Vec<(String, Vec<u8>, time::OffsetDateTime)>>>;

/// A receiver on 127.0.0.1: keeps (signature header, body, its clock's time) of each
/// delivery; answers 503 while down.
async fn receiver(down: Arc<AtomicBool>, clock: Arc<dyn postern_domain::ports::Clock>) -> (String, Received) {
    let got: Received = Arc::default();
    let acceptor = poem::listener::TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let addr = acceptor.local_addr()[0].as_socket_addr().copied().unwrap();
    let kept = got.clone();
    let endpoint = poem::endpoint::make(move |mut req: poem::Request| {
        let (kept, down, clock) = (kept.clone(), down.clone(), clock.clone());
        async move {
            if down.load(Ordering::SeqCst) {
                return poem::Response::builder()
                    .status(StatusCode::SERVICE_UNAVAILABLE)
                    .finish();
            }
            let signature = req.header(SIGNATURE_HEADER).unwrap_or_default().to_owned();
            let body = req.take_body().into_vec().await.unwrap_or_default();
            kept.lock().unwrap().push((signature, body, clock.now()));
            poem::Response::builder().status(StatusCode::NO_CONTENT).finish()
        }
    });
    tokio::spawn(poem::Server::new_with_acceptor(acceptor).run(endpoint));
    (format!("http://{addr}/hook"), got)
}

#[tokio::test]
async fn a_receiver_verifies_every_event_of_an_invitation_also_after_it_was_down() {
    let h = Harness::embedded_with(|c| {
        c.delivery.retry_base_seconds = 1;
        c.delivery.retry_max_minutes = 1;
    })
    .await;
    h.user("admin@example.com", UserKind::Admin).await;
    h.allow_invitations().await;
    let token = crate::api::token_for(&h, "staff@example.com").await;
    let down = Arc::new(AtomicBool::new(false));
    let (url, got) = receiver(down.clone(), h.ports.clock.clone()).await;

    admin_sign_in(&h).await;
    let page = h.get("/admin/webhooks").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let refused = h
        .post(
            "/admin/webhooks",
            &[
                ("csrf_token", &page.csrf()),
                ("url", "ftp://x.org"),
                ("event_sent", "on"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("must start with https://"), "{}", refused.body);
    let mut form: Vec<(&str, &str)> = vec![("csrf_token", ""), ("url", &url)];
    let names: Vec<String> = postern_domain::webhook::EVENTS
        .iter()
        .map(|e| format!("event_{}", e.as_str()))
        .collect();
    form.extend(names.iter().map(|n| (n.as_str(), "on")));
    let csrf = page.csrf();
    form[0].1 = &csrf;
    let added = h.post("/admin/webhooks", &form).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let secret = added
        .body
        .split("id=\"secret-value\" type=\"text\" readonly value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    assert!(secret.starts_with("whsec_"));
    assert!(!h.get("/admin/webhooks").await.body.contains(&secret), "shown once");

    // An invitation's life: sent, opened, accepted; the receiver is down for the last two.
    let sent = crate::api::call(
        &h,
        "POST",
        "/api/v1/invitations",
        Some(&token),
        Some(json!({"to": "ann@example.org"})),
    )
    .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.json);
    h.worker.drain().await.unwrap();
    let messages = h.messages().await;
    let (_, eml) = messages.iter().find(|(to, _)| to == "ann@example.org").unwrap();
    let link = crate::harness::link_in(eml);
    let link_token = link.rsplit('/').next().unwrap().to_owned();
    down.store(true, Ordering::SeqCst);
    let view = crate::api::call(&h, "GET", &format!("/api/v1/activation/{link_token}"), None, None).await;
    assert_eq!(view.status, StatusCode::OK);
    let made = crate::api::call(
        &h,
        "POST",
        &format!("/api/v1/activation/{link_token}"),
        None,
        Some(json!({"display_name": "Ann", "password": "a-long-enough-secret-9"})),
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.json);
    let round = h.worker.run_once().await.unwrap();
    assert_eq!(round.deferred, 2, "opened and accepted wait: {round:?}");
    let console = h.get("/admin/webhooks").await;
    assert!(console.body.contains("failed: answered 503"), "{}", console.body);
    down.store(false, Ordering::SeqCst);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    h.worker.drain().await.unwrap();

    let received = got.lock().unwrap().clone();
    let mut kinds = Vec::new();
    for (signature, body, at) in &received {
        assert!(
            verify(&signing_key(&secret), signature, body, *at),
            "signature of {}",
            String::from_utf8_lossy(body)
        );
        assert!(!verify(b"whsec_wrong", signature, body, *at));
        let json: serde_json::Value = serde_json::from_slice(body).unwrap();
        if json["recipient_email"] == "ann@example.org" {
            let id: u64 = json["id"].as_str().unwrap().trim_start_matches("evt_").parse().unwrap();
            kinds.push((id, json["type"].as_str().unwrap().to_owned()));
        }
    }
    // In the order things happened (a retry may arrive after a later event).
    kinds.sort();
    let kinds: Vec<String> = kinds.into_iter().map(|(_, k)| k).collect();
    assert_eq!(
        kinds,
        [
            "recipient.queued",
            "recipient.sent",
            "recipient.opened",
            "recipient.accepted"
        ]
    );
    let console = h.get("/admin/webhooks").await;
    assert!(console.body.contains(" · 204"), "{}", console.body);
}
