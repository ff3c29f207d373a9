//! Resend and revoke decided by the lifecycle table, for what the model-based suite does not
//! vary: the recipient policy asked again at resend time, and files that expired.

use postern_domain::invitation::RecipientState;
use postern_domain::policy::RecipientPolicyError;
use postern_domain::ports::{InvitationRepository, OutboxRepository, SettingsRepository};
use postern_domain::usecases::{ManageError, ManageInvitations};
use postern_domain::user::UserKind;
use time::Duration;

use crate::support::World;

#[tokio::test]
async fn a_resend_asks_the_recipient_policy_again() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let sent = w.send(&sender, World::form("guest@partner.example", "", "")).await;
    w.worker().drain().await.unwrap();
    let id = sent.invitation.recipients[0].id;
    let mut settings = std::sync::Arc::unwrap_or_clone(w.mem.store.load_settings().await.unwrap());
    settings.recipients.denied_domains = vec!["partner.example".into()];
    w.mem.store.save_settings(&settings).await.unwrap();

    let manage = ManageInvitations::new(&w.mem.ports);
    let err = manage.resend(&sender, id).await.unwrap_err();
    assert!(
        matches!(&err, ManageError::RecipientRefused(RecipientPolicyError::DomainRefused { address }) if address == "guest@partner.example"),
        "{err:?}"
    );
    assert_eq!(err.code(), "recipient_refused");
    assert_eq!(w.mem.store.pending_count().await.unwrap(), 0, "nothing queued");
    let after = w.mem.store.find_invitation(sent.invitation.id).await.unwrap().unwrap();
    assert_eq!(after.recipients[0].state, RecipientState::Sent, "nothing changed");
    // A revoke is still possible: it only reduces what the address can do.
    manage.revoke(&sender, id).await.unwrap();
}

#[tokio::test]
async fn expired_files_are_not_sent_again_but_can_still_be_revoked() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let mut writer = postern_domain::ports::AttachmentStore::create(w.mem.files.as_ref())
        .await
        .unwrap();
    writer.write(b"the brief").await.unwrap();
    let blob = writer.finish().await.unwrap();
    let mut request =
        postern_domain::usecases::InvitationRequest::parse(&World::form("partner@example.net", "", "")).unwrap();
    request.kind = postern_domain::invitation::MessageKind::Files;
    request.attachments = vec![postern_domain::files::Attachment {
        id: postern_domain::ids::AttachmentId::generate(w.mem.ports.random.as_ref()),
        name: postern_domain::files::FileName::parse("brief.txt").unwrap(),
        size: blob.size,
        sha256: blob.sha256,
        blob_key: blob.key,
    }];
    let sent = postern_domain::usecases::SendInvitations::new(&w.mem.ports)
        .execute(&sender, request)
        .await
        .unwrap();
    w.worker().drain().await.unwrap();
    let id = sent.invitation.recipients[0].id;
    let stored = w.mem.store.find_invitation(sent.invitation.id).await.unwrap().unwrap();
    assert_eq!(stored.recipients[0].state, RecipientState::Delivered);
    w.mem.clock.advance(Duration::days(i64::from(
        sent.invitation.options.attachment_lifetime_days,
    )));
    let manage = ManageInvitations::new(&w.mem.ports);
    let err = manage.resend(&sender, id).await.unwrap_err();
    assert!(matches!(err, ManageError::FilesExpired), "{err:?}");
    manage.revoke(&sender, id).await.unwrap();
    let stored = w.mem.store.find_invitation(sent.invitation.id).await.unwrap().unwrap();
    assert_eq!(stored.recipients[0].state, RecipientState::Revoked);
}
