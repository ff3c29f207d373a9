use postern_domain::invitation::{OutboxKind, RecipientState};
use postern_domain::policy::{InvitationSetting, RequestedOptions};
use postern_domain::ports::{InvitationRepository, OutboxRepository, SettingsRepository, UserRepository};
use postern_domain::usecases::{InvitationInputError, InvitationRequest, SendError, SendInvitations};
use postern_domain::user::UserKind;
use postern_domain::{RecipientField, Role};

use crate::support::World;

#[tokio::test]
async fn one_outbox_message_per_recipient_and_roles_kept() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let sent = w
        .send(
            &sender,
            World::form(
                r#"a@example.com; "Doe, John" <jdoe@example.org>"#,
                "c@example.com, A@example.com",
                "hidden@example.net",
            ),
        )
        .await;
    let inv = sent.invitation;
    let roles: Vec<_> = inv.recipients.iter().map(|r| (r.role, r.address().as_str())).collect();
    assert_eq!(
        roles,
        vec![
            (Role::To, "a@example.com"),
            (Role::To, "jdoe@example.org"),
            (Role::Cc, "c@example.com"),
            (Role::Bcc, "hidden@example.net")
        ]
    );
    assert!(inv.recipients.iter().all(|r| r.state == RecipientState::Queued));
    assert_eq!(w.mem.store.pending_count().await.unwrap(), 4);
    assert_eq!(inv.options.link_lifetime_days, 14);
}

#[tokio::test]
async fn not_permitted_sender_writes_nothing() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    w.mem
        .store
        .set_invitation_setting(sender.id, InvitationSetting::Deny)
        .await
        .unwrap();
    let sender = w.mem.store.find_user(sender.id).await.unwrap().unwrap();
    let request = InvitationRequest::parse(&World::form("a@example.com", "", "")).unwrap();
    let err = SendInvitations::new(&w.mem.ports)
        .execute(&sender, request)
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::NotPermitted));
    assert_eq!(w.mem.store.pending_count().await.unwrap(), 0);
    let external = w.user("ext@example.org", UserKind::External).await;
    let request = InvitationRequest::parse(&World::form("a@example.com", "", "")).unwrap();
    let err = SendInvitations::new(&w.mem.ports)
        .execute(&external, request)
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::NotPermitted), "external users never invite");
}

#[tokio::test]
async fn double_submit_with_the_same_key_sends_once() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let mut form = World::form("a@example.com", "", "");
    form.idempotency_key = Some("k-123");
    let first = w.send(&sender, form.clone()).await;
    let second = w.send(&sender, form).await;
    assert!(!first.replayed);
    assert!(second.replayed);
    assert_eq!(first.invitation.id, second.invitation.id);
    assert_eq!(w.mem.store.pending_count().await.unwrap(), 1);
    let page = w.mem.store.list_by_sender(sender.id, None, 10).await.unwrap();
    assert_eq!(page.invitations.len(), 1);
}

#[tokio::test]
async fn every_form_problem_is_reported_at_once() {
    let long = "s".repeat(257);
    let form = postern_domain::usecases::InvitationForm {
        to: "a@example.com b@example.com",
        cc: "ok@example.com; bad",
        bcc: "",
        subject: &long,
        message: "  ",
        options: RequestedOptions::default(),
        idempotency_key: Some("has space"),
    };
    let errors = InvitationRequest::parse(&form).unwrap_err();
    let fields: Vec<_> = errors.iter().map(InvitationInputError::field).collect();
    assert_eq!(fields, vec!["to", "cc", "subject", "message", "idempotency_key"]);
}

#[tokio::test]
async fn policy_refusals_name_the_option_and_the_address() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let mut settings = std::sync::Arc::unwrap_or_clone(w.mem.store.load_settings().await.unwrap());
    settings.recipients.denied_domains = vec!["competitor.example".into()];
    w.mem.store.save_settings(&settings).await.unwrap();
    let mut form = World::form("a@example.com, spy@competitor.example", "", "");
    form.options.link_lifetime_days = Some(90);
    let request = InvitationRequest::parse(&form).unwrap();
    let err = SendInvitations::new(&w.mem.ports)
        .execute(&sender, request)
        .await
        .unwrap_err();
    let SendError::Invalid(errors) = err else {
        panic!("expected invalid")
    };
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(text[0].contains("spy@competitor.example"), "{text:?}");
    assert_eq!(errors[1].field(), "link_lifetime_days");
    assert_eq!(w.mem.store.pending_count().await.unwrap(), 0);
}

#[tokio::test]
async fn send_me_a_copy_queues_a_copy() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let mut form = World::form("a@example.com", "", "");
    form.options.send_me_a_copy = Some(true);
    let sent = w.send(&sender, form).await;
    let claimed = w
        .mem
        .store
        .claim_due(w.mem.clock_now(), time::Duration::minutes(1), 10, "tests")
        .await
        .unwrap();
    assert!(claimed.iter().any(|m| m.kind
        == OutboxKind::InvitationCopy {
            invitation_id: sent.invitation.id
        }));
}

trait ClockNow {
    fn clock_now(&self) -> time::OffsetDateTime;
}
impl ClockNow for postern_testkit::MemoryPorts {
    fn clock_now(&self) -> time::OffsetDateTime {
        use postern_domain::ports::Clock;
        self.clock.now()
    }
}

/// An invitation makes an account: the sender's own address is refused, and someone who has
/// an account already (staff, or a Drop-Off account, whatever the letter case) is named so
/// the sender can remove them, or go on on purpose; nothing is written until then. Files go
/// to account holders without a word.
#[tokio::test]
async fn existing_accounts_are_named_before_anything_is_sent() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    w.user("colleague@example.com", UserKind::Internal).await;
    w.user("guest@example.org", UserKind::External).await;
    let send = SendInvitations::new(&w.mem.ports);
    let form = World::form(
        "new@example.org, Colleague@Example.com",
        "SENDER@example.com",
        "guest@example.org",
    );
    let refused = send
        .execute(&sender, InvitationRequest::parse(&form).unwrap())
        .await
        .unwrap_err();
    let SendError::Invalid(problems) = refused else {
        panic!("{refused:?}")
    };
    // What the rules alone refuse comes first (the same check tools run without a portal),
    // then what the accounts say.
    assert_eq!(
        problems,
        vec![
            InvitationInputError::OwnAddress {
                address: "SENDER@example.com".into(),
                field: RecipientField::Cc,
            },
            InvitationInputError::HasAccount("Colleague@Example.com".into()),
            InvitationInputError::HasAccount("guest@example.org".into()),
        ]
    );
    assert_eq!(w.mem.store.pending_count().await.unwrap(), 0, "nothing was written");

    // Going on on purpose: the account holders are invited; the sender's own address never is.
    let mut anyway = InvitationRequest::parse(&form).unwrap();
    anyway.include_existing_accounts = true;
    let refused = send.execute(&sender, anyway).await.unwrap_err();
    assert!(
        matches!(&refused, SendError::Invalid(p) if p == &vec![InvitationInputError::OwnAddress { address: "SENDER@example.com".into(), field: RecipientField::Cc }]),
        "{refused:?}"
    );
    let mut anyway = InvitationRequest::parse(&World::form("new@example.org, colleague@example.com", "", "")).unwrap();
    anyway.include_existing_accounts = true;
    assert_eq!(
        send.execute(&sender, anyway).await.unwrap().invitation.recipients.len(),
        2
    );

    // Files are not accounts: they go to account holders as they are.
    let mut files = InvitationRequest::parse(&World::form("colleague@example.com", "", "")).unwrap();
    files.kind = postern_domain::invitation::MessageKind::Files;
    files.attachments = vec![crate::files::stored(&w, "report.pdf", b"%PDF").await];
    assert!(send.execute(&sender, files).await.is_ok());
}

/// An address that looks like a group is named and nothing is sent, unless the sender says
/// to send all the same; a list's row that looks like one is left out with its line.
#[tokio::test]
async fn group_addresses_are_asked_about_first() {
    use postern_domain::usecases::{InvitationInputError, InvitationRequest, SendError, SendInvitations};
    let w = crate::support::World::new().await;
    w.change_settings(|s| s.recipients.group_patterns.push("list-*@example.org".into()))
        .await;
    let sender = w
        .user("sender@example.com", postern_domain::user::UserKind::Internal)
        .await;
    let send = SendInvitations::new(&w.mem.ports);
    let form = crate::support::World::form("ann@example.org; ALL@example.org", "list-sales@example.org", "");
    let Err(SendError::Invalid(errors)) = send.execute(&sender, InvitationRequest::parse(&form).unwrap()).await else {
        panic!("asked first")
    };
    assert_eq!(
        errors,
        vec![
            InvitationInputError::GroupAddress("ALL@example.org".into()),
            InvitationInputError::GroupAddress("list-sales@example.org".into())
        ]
    );
    assert_eq!(errors[0].field(), "group_addresses");
    assert_eq!(send.group_warnings(&form).await.unwrap().len(), 2);
    let mut anyway = InvitationRequest::parse(&form).unwrap();
    anyway.include_group_addresses = true;
    let sent = send.execute(&sender, anyway).await.unwrap();
    assert_eq!(sent.invitation.recipients.len(), 3);

    let list = postern_domain::usecases::BulkRequest {
        format: postern_domain::bulk::BulkFormat::Csv,
        rows: postern_domain::bulk::read(
            postern_domain::bulk::BulkFormat::Csv,
            b"bob@example.org\neveryone@example.org\n",
        )
        .unwrap(),
        subject: postern_domain::Subject::parse("Join").unwrap(),
        message: postern_domain::MessageBody::parse("Hello").unwrap(),
        options: Default::default(),
        idempotency_key: None,
    };
    let report = postern_domain::usecases::BulkInvitations::new(&w.mem.ports)
        .import(&sender, &list, true)
        .await
        .unwrap();
    assert_eq!(report.issues.len(), 1);
    assert_eq!(
        (report.issues[0].line, report.issues[0].problem.code()),
        (2, "group_address")
    );
}
