//! What the hot pages cost the database: a small, fixed number of statements, none that
//! SQLite has to prepare again on every execution, none that writes.

use poem::http::StatusCode;
use postern_domain::user::UserKind;

use crate::harness::{Harness, PASSWORD, link_in};
use crate::scenarios::send_form;

/// The activation page, once warm, reads the link with its recipient, invitation and files in
/// one statement and asks once whether the address has an account; the settings come from the
/// process's cache (read again at most once a second). No statement binds its `LIMIT` as a
/// parameter (SQLite 3.51 would prepare it again each time), and opening the page writes
/// nothing.
#[tokio::test]
async fn the_activation_page_costs_two_statements_and_prepares_none_again() {
    let h = Harness::embedded().await;
    h.user("staff@example.com", UserKind::Internal).await;
    h.allow_invitations().await;
    h.sign_in("staff@example.com", PASSWORD).await;
    let sent = send_form(&h, &[("to", "guest@example.org")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    h.worker.drain().await.unwrap();
    let link = link_in(&h.messages().await[0].1);
    h.forget_cookies();
    let db = h.database.clone().expect("a database");
    for _ in 0..3 {
        assert_eq!(h.get(&link).await.status, StatusCode::OK);
    }
    const GETS: u64 = 20;
    let (before, before_bound) = db.statements().read();
    for _ in 0..GETS {
        let page = h.get(&link).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("guest@example.org"));
    }
    let (after, after_bound) = db.statements().read();
    assert_eq!(after_bound - before_bound, 0, "no statement with a bound LIMIT");
    // Two per page; the settings may be read again once a second.
    let per_page = after - before;
    assert!(
        (2 * GETS..=2 * GETS + 3).contains(&per_page),
        "{per_page} statements for {GETS} pages"
    );
}
