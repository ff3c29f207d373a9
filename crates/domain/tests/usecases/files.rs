//! Files on invitations in the use cases: the policy applied again at send time, download
//! counting, revoked and expired links, and the purge of expired files.

use postern_domain::files::{Attachment, FileError, FileName};
use postern_domain::ids::AttachmentId;
use postern_domain::ports::{AttachmentStore, InvitationRepository, SettingsRepository};
use postern_domain::usecases::{
    DownloadError, Downloads, InvitationInputError, InvitationRequest, ManageInvitations, Part, SendError,
    SendInvitations,
};
use postern_domain::user::{User, UserKind};
use time::Duration;

use crate::support::World;

pub(crate) async fn stored(w: &World, name: &str, bytes: &[u8]) -> Attachment {
    let mut writer = w.mem.files.create().await.unwrap();
    writer.write(bytes).await.unwrap();
    let blob = writer.finish().await.unwrap();
    Attachment {
        id: AttachmentId::generate(w.mem.ports.random.as_ref()),
        name: FileName::parse(name).unwrap(),
        size: blob.size,
        sha256: blob.sha256,
        blob_key: blob.key,
    }
}

async fn send(w: &World, sender: &User, to: &str, files: Vec<Attachment>) -> Result<(), SendError> {
    let mut request = InvitationRequest::parse(&World::form(to, "", "")).unwrap();
    request.attachments = files;
    SendInvitations::new(&w.mem.ports)
        .execute(sender, request)
        .await
        .map(|_| ())
}

fn download_token(w: &World, address: &str) -> String {
    let msg = w.sent_to(address).pop().expect("a message");
    let start = msg.text.find("/download/").expect("a download link") + "/download/".len();
    msg.text[start..].split_whitespace().next().unwrap().to_owned()
}

#[tokio::test]
async fn the_file_policy_is_applied_again_when_sending() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let file = stored(&w, "tool.ps1", b"Write-Host hi").await;
    let err = send(&w, &sender, "guest@example.org", vec![file]).await.unwrap_err();
    match err {
        SendError::Invalid(problems) => {
            assert!(matches!(
                problems.as_slice(),
                [InvitationInputError::File(FileError::Blocked { .. })]
            ));
            assert_eq!(problems[0].field(), "attachments");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn downloads_are_counted_and_links_end_with_revocation_or_expiry() {
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let a = stored(&w, "a.txt", b"first file").await;
    let b = stored(&w, "b.txt", b"second").await;
    send(
        &w,
        &sender,
        "one@example.org, two@example.org",
        vec![a.clone(), b.clone()],
    )
    .await
    .unwrap();
    w.worker().drain().await.unwrap();
    let downloads = Downloads::new(&w.mem.ports);
    let token = download_token(&w, "one@example.org");
    let other = download_token(&w, "two@example.org");
    assert_ne!(token, other, "each recipient has their own link");
    let view = downloads.view(&token, None).await.unwrap();
    assert_eq!(view.files.len(), 2);
    let limit = view.files[0].remaining;
    assert!(limit >= 1);
    for _ in 0..limit {
        downloads.start(&token, a.id, Part::Whole, None).await.unwrap();
    }
    assert!(matches!(
        downloads.start(&token, a.id, Part::Whole, None).await,
        Err(DownloadError::Exhausted(_))
    ));
    // A range past the limit is refused too: it resumes nothing (the last download was whole).
    assert!(matches!(
        downloads
            .start(&token, a.id, Part::Range { start: 1, end: 9 }, None)
            .await,
        Err(DownloadError::Exhausted(_))
    ));
    // The other recipient is unaffected.
    downloads.start(&other, a.id, Part::Whole, None).await.unwrap();
    assert_eq!(downloads.view(&token, None).await.unwrap().files[0].remaining, 0);
    assert!(matches!(
        downloads
            .start(
                &token,
                AttachmentId::generate(w.mem.ports.random.as_ref()),
                Part::Whole,
                None
            )
            .await,
        Err(DownloadError::NoSuchFile)
    ));
    assert!(matches!(
        downloads.view("pstd_nonsense", None).await,
        Err(DownloadError::Unknown)
    ));

    // Revoking a recipient ends their download link.
    let invitation = w
        .mem
        .store
        .list_by_sender(sender.id, None, 10)
        .await
        .unwrap()
        .invitations
        .remove(0);
    let two = invitation
        .recipients
        .iter()
        .find(|r| r.address().normalized() == "two@example.org")
        .unwrap()
        .id;
    ManageInvitations::new(&w.mem.ports).revoke(&sender, two).await.unwrap();
    assert!(matches!(
        downloads.view(&other, None).await,
        Err(DownloadError::Revoked)
    ));

    // After the files' lifetime: expired, and the purge deletes contents and rows.
    let lifetime = Duration::days(i64::from(invitation.options.attachment_lifetime_days));
    w.mem.clock.advance(lifetime);
    assert!(matches!(
        downloads.view(&token, None).await,
        Err(DownloadError::Expired)
    ));
    assert!(w.mem.files.usage().await.unwrap() > 0);
    assert_eq!(downloads.purge_expired().await.unwrap(), 2);
    assert_eq!(w.mem.files.usage().await.unwrap(), 0, "file contents deleted");
    assert_eq!(downloads.purge_expired().await.unwrap(), 0);
    let _ = w.mem.store.load_settings().await.unwrap();
}

/// A file whose stored contents cannot be read (the store lost it, or cannot be reached) is
/// refused before anything is charged: the download is not counted, nothing changes in the
/// recipient's state, and the failure is audited; the other file still downloads.
#[tokio::test]
async fn a_file_that_cannot_be_read_counts_nothing_and_is_audited() {
    use postern_domain::ports::AuditLog;
    let w = World::new().await;
    let sender = w.user("sender@example.com", UserKind::Internal).await;
    let lost = stored(&w, "lost.txt", b"gone from the store").await;
    let kept = stored(&w, "kept.txt", b"still here").await;
    send(&w, &sender, "one@example.org", vec![lost.clone(), kept.clone()])
        .await
        .unwrap();
    w.worker().drain().await.unwrap();
    let downloads = Downloads::new(&w.mem.ports);
    let token = download_token(&w, "one@example.org");
    let before = downloads.view(&token, None).await.unwrap().files[0].remaining;
    w.mem.files.delete(&lost.blob_key).await.unwrap();
    for part in [Part::Whole, Part::Range { start: 3, end: 9 }, Part::InZip] {
        match downloads.start(&token, lost.id, part, None).await {
            Err(DownloadError::Missing { name, attachment }) => {
                assert_eq!((name.as_str(), attachment), ("lost.txt", lost.id));
            }
            other => panic!("{part:?}: expected Missing, got {other:?}"),
        }
    }
    assert_eq!(downloads.view(&token, None).await.unwrap().files[0].remaining, before);
    let events = w.mem.store.recent(50).await.unwrap();
    let count = |action: &str| events.iter().filter(|e| e.action == action).count();
    assert_eq!((count("file.failed"), count("file.downloaded")), (3, 0));
    let started = downloads.start(&token, kept.id, Part::Whole, None).await.unwrap();
    assert_eq!(started.grant.attachment.id, kept.id);
    assert_eq!(
        w.mem
            .store
            .recent(50)
            .await
            .unwrap()
            .iter()
            .filter(|e| e.action == "file.downloaded")
            .count(),
        1
    );
}
