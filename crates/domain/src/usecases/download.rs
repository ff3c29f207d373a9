//! Downloads: a recipient opens their personal link to the files of a message.

use thiserror::Error;
use time::OffsetDateTime;

use super::Ports;
use crate::address::EmailAddress;
use crate::files::Attachment;
use crate::ids::{AttachmentId, MessageId, RecipientId};
use crate::invitation::{Invitation, OutboxKind, OutboxMessage, RecipientState};
use crate::ports::StoreError;
use crate::token::DownloadToken;
use crate::user::{User, UserStatus};

/// Why files cannot be downloaded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DownloadError {
    /// Not a link we issued.
    #[error("this download link is not valid")]
    Unknown,
    /// The files' lifetime is over (they are deleted, or about to be).
    #[error("these files have expired")]
    Expired,
    /// The sender or an administrator revoked this recipient.
    #[error("this download link was revoked")]
    Revoked,
    /// The administrator requires an account: sign in as the recipient first.
    #[error("sign in as {0} to download these files")]
    SignInRequired(EmailAddress),
    /// Signed in as someone else than the recipient.
    #[error("these files are for {0}; sign in with that account")]
    NotYours(EmailAddress),
    /// No such file in this message.
    #[error("there is no such file here")]
    NoSuchFile,
    /// The download limit of this file is reached.
    #[error("{0}: the download limit is reached")]
    Exhausted(String),
    /// Storage failed.
    #[error("{0}")]
    Store(String),
}

impl From<StoreError> for DownloadError {
    fn from(e: StoreError) -> Self {
        DownloadError::Store(e.to_string())
    }
}

/// One file as the download page shows it.
#[derive(Debug, Clone)]
pub struct FileView {
    /// The file.
    pub attachment: Attachment,
    /// Downloads left for this recipient.
    pub remaining: u32,
}

/// What the download page shows.
#[derive(Debug, Clone)]
pub struct DownloadView {
    /// Who sent the files.
    pub sender_name: String,
    /// Their address.
    pub sender_email: EmailAddress,
    /// For whom.
    pub recipient: EmailAddress,
    /// The files, in order.
    pub files: Vec<FileView>,
    /// When they go.
    pub expires_at: OffsetDateTime,
}

/// Views and counts downloads.
pub struct Downloads {
    ports: Ports,
}

struct Opened {
    invitation: Invitation,
    recipient_id: RecipientId,
    recipient: EmailAddress,
    expires_at: OffsetDateTime,
}

impl Downloads {
    /// The use case over these ports.
    pub fn new(ports: Ports) -> Self {
        Self { ports }
    }

    async fn open(&self, token_text: &str, viewer: Option<&User>) -> Result<Opened, DownloadError> {
        let p = &self.ports;
        let token = DownloadToken::parse(token_text).map_err(|_| DownloadError::Unknown)?;
        let digest = token.digest();
        let Some((link, invitation)) = p.downloads.find_download_link(&digest).await? else {
            return Err(DownloadError::Unknown);
        };
        // Compared again in constant time, whatever the adapter's lookup did.
        if link.digest != digest {
            return Err(DownloadError::Unknown);
        }
        let recipient = invitation
            .recipient(link.recipient_id)
            .ok_or(DownloadError::Unknown)?
            .clone();
        if recipient.state == RecipientState::Revoked {
            return Err(DownloadError::Revoked);
        }
        if link.expires_at <= p.clock.now() || invitation.attachments.is_empty() {
            return Err(DownloadError::Expired);
        }
        let address = recipient.address().clone();
        if p.settings.load_settings().await?.files.download_requires_account {
            match viewer {
                None => return Err(DownloadError::SignInRequired(address)),
                Some(u) if u.email.normalized() != address.normalized() || u.status != UserStatus::Active => {
                    return Err(DownloadError::NotYours(address));
                }
                Some(_) => {}
            }
        }
        Ok(Opened {
            invitation,
            recipient_id: link.recipient_id,
            recipient: address,
            expires_at: link.expires_at,
        })
    }

    /// What the page shows. Opening the page counts nothing.
    ///
    /// # Errors
    /// [`DownloadError`].
    pub async fn view(&self, token_text: &str, viewer: Option<&User>) -> Result<DownloadView, DownloadError> {
        let o = self.open(token_text, viewer).await?;
        let counts = self.ports.downloads.download_counts(o.recipient_id).await?;
        let limit = o.invitation.options.attachment_download_limit;
        let files = o
            .invitation
            .attachments
            .iter()
            .map(|a| {
                let used = counts.iter().find(|(id, _)| *id == a.id).map_or(0, |(_, n)| *n);
                FileView {
                    attachment: a.clone(),
                    remaining: limit.saturating_sub(used),
                }
            })
            .collect();
        Ok(DownloadView {
            sender_name: o.invitation.sender_name.as_str().to_owned(),
            sender_email: o.invitation.sender_email.clone(),
            recipient: o.recipient,
            files,
            expires_at: o.expires_at,
        })
    }

    /// Checks a file download. A download that starts at the beginning of the file counts
    /// against the limit; resuming it (a range from later in the file) does not, so that a
    /// cut-off download can be finished.
    ///
    /// # Errors
    /// [`DownloadError`]; [`DownloadError::Exhausted`] once the limit is reached.
    pub async fn start(
        &self,
        token_text: &str,
        file: AttachmentId,
        from_start: bool,
        viewer: Option<&User>,
    ) -> Result<Attachment, DownloadError> {
        let o = self.open(token_text, viewer).await?;
        let attachment = o
            .invitation
            .attachments
            .iter()
            .find(|a| a.id == file)
            .cloned()
            .ok_or(DownloadError::NoSuchFile)?;
        let limit = o.invitation.options.attachment_download_limit;
        // A resume counts nothing; a range request with no download before it counts as one.
        let counts = from_start
            || !self
                .ports
                .downloads
                .download_counts(o.recipient_id)
                .await?
                .iter()
                .any(|(id, n)| *id == file && *n > 0);
        if counts {
            let counted = self.ports.downloads.count_download(o.recipient_id, file, limit).await?;
            let Some(count) = counted else {
                return Err(DownloadError::Exhausted(attachment.name.as_str().to_owned()));
            };
            if count == 1 && o.invitation.options.notify_on_download {
                let notice = OutboxMessage::new(
                    MessageId::generate(self.ports.random.as_ref()),
                    OutboxKind::DownloadNotice {
                        recipient_id: o.recipient_id,
                        attachment_id: file,
                    },
                    self.ports.clock.now(),
                );
                self.ports.outbox.enqueue(&notice).await?;
            }
            self.ports
                .audit(
                    Some(o.recipient.as_str()),
                    "file.downloaded",
                    attachment.id.to_string(),
                    format!("{} from invitation {}", attachment.name, o.invitation.id),
                )
                .await;
        }
        Ok(attachment)
    }

    /// Deletes files whose lifetime is over (contents first, then rows); returns how many.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn purge_expired(&self) -> Result<usize, StoreError> {
        let p = &self.ports;
        let mut purged = 0;
        loop {
            let batch = p.downloads.expired_attachments(p.clock.now(), 100).await?;
            if batch.is_empty() {
                return Ok(purged);
            }
            for a in &batch {
                p.attachments.delete(&a.blob_key).await?;
                p.downloads.remove_attachment(a.id).await?;
                p.audit(None, "file.purged", a.id.to_string(), a.name.as_str()).await;
            }
            purged += batch.len();
        }
    }
}
