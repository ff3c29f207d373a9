//! Bulk invitations on the in-memory adapters: 10,000 rows with 37 bad ones.

use postern_domain::bulk::{BulkFormat, read};
use postern_domain::policy::RequestedOptions;
use postern_domain::usecases::{BulkInvitations, BulkRequest, SendError};
use postern_domain::user::UserKind;
use postern_domain::{MessageBody, Subject};
use postern_testkit::bulk::{DENIED_DOMAIN, LIST_SENDER, existing_accounts, invitee_list};

use crate::support::World;

fn request(text: &str, key: Option<&str>) -> BulkRequest {
    BulkRequest {
        format: BulkFormat::Csv,
        rows: read(BulkFormat::Csv, text.as_bytes()).unwrap(),
        subject: Subject::parse("Join us").unwrap(),
        message: MessageBody::parse("Please create your account.").unwrap(),
        options: RequestedOptions::default(),
        idempotency_key: key.map(str::to_owned),
    }
}

/// The dry run names exactly the 37 bad rows with their lines and writes nothing; the real
/// run queues the 9,963 others in invitations of the administrator's size, each message to
/// its recipient alone; the same request again makes nothing new.
#[tokio::test]
async fn ten_thousand_rows_with_37_bad_ones() {
    let w = World::new().await;
    w.change_settings(|s| s.recipients.denied_domains = vec![DENIED_DOMAIN.into()])
        .await;
    let sender = w.user(LIST_SENDER, UserKind::Internal).await;
    for address in existing_accounts() {
        w.user(&address, UserKind::External).await;
    }
    let (text, expected) = invitee_list(10_000, 37);
    assert_eq!(expected.len(), 37);
    let bulk = BulkInvitations::new(&w.mem.ports);
    let request = request(&text, Some("list-1"));

    let dry = bulk.import(&sender, &request, true).await.unwrap();
    let found: Vec<(usize, &str)> = dry.issues.iter().map(|i| (i.line, i.problem.code())).collect();
    assert_eq!(found, expected);
    assert_eq!((dry.rows, dry.valid, dry.queued), (10_000, 9_963, 0));
    assert!(dry.invitations.is_empty());
    w.worker().drain().await.unwrap();
    assert!(w.mailer.sent().is_empty(), "a dry run writes nothing");

    let done = bulk.import(&sender, &request, false).await.unwrap();
    assert_eq!((done.valid, done.queued, done.issues.len()), (9_963, 9_963, 37));
    assert_eq!(
        done.invitations.len(),
        100,
        "100 recipients per invitation (the default)"
    );
    let again = bulk.import(&sender, &request, false).await.unwrap();
    assert!(again.replayed && again.queued == 0);
    assert_eq!(again.invitations, done.invitations);
    assert_eq!(w.worker().pending().await.unwrap(), 9_963, "one message per invitee");
}

/// Each message of a list is addressed to its recipient alone, with the name the list gave,
/// and the sender gets no copy; the lists show the invitations like any other.
#[tokio::test]
async fn each_message_goes_to_its_recipient_alone() {
    let w = World::new().await;
    let sender = w.user(LIST_SENDER, UserKind::Internal).await;
    let mut list = request("email,name\nann@example.org,Ann Example\nbob@example.org,\n", None);
    list.options.send_me_a_copy = Some(true);
    let done = BulkInvitations::new(&w.mem.ports)
        .import(&sender, &list, false)
        .await
        .unwrap();
    assert_eq!((done.queued, done.invitations.len()), (2, 1));
    w.worker().drain().await.unwrap();
    assert_eq!(w.mailer.sent().len(), 2, "no copy");
    let ann = w.sent_to("ann@example.org").pop().unwrap();
    assert_eq!(ann.to.len(), 1);
    assert_eq!(ann.to[0].name.as_deref(), Some("Ann Example"));
    assert!(ann.cc.is_empty());
    assert!(!ann.text.contains("bob@example.org"), "nobody sees the others");
}

/// Not permitted, link-only, a key too long: refused whole, nothing written.
#[tokio::test]
async fn whole_list_refusals() {
    let w = World::new().await;
    let sender = w.user(LIST_SENDER, UserKind::Internal).await;
    let outsider = w.user("guest@example.org", UserKind::External).await;
    let bulk = BulkInvitations::new(&w.mem.ports);
    let text = "a@example.org\n";
    assert!(matches!(
        bulk.import(&outsider, &request(text, None), false).await,
        Err(SendError::NotPermitted)
    ));
    let mut linked = request(text, None);
    linked.options.link_only = Some(true);
    assert!(matches!(
        bulk.import(&sender, &linked, false).await,
        Err(SendError::Invalid(_))
    ));
    let long = "k".repeat(91);
    assert!(matches!(
        bulk.import(&sender, &request(text, Some(&long)), false).await,
        Err(SendError::Invalid(_))
    ));
    w.worker().drain().await.unwrap();
    assert!(w.mailer.sent().is_empty());
}
