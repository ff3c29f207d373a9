//! Downloads: a recipient opens their personal link to the files of a message.

use thiserror::Error;
use time::OffsetDateTime;

use super::Ports;
use crate::address::EmailAddress;
use crate::files::Attachment;
use crate::ids::{AttachmentId, MessageId, RecipientId};
use crate::invitation::{Invitation, OutboxKind, OutboxMessage, TokenState};
use crate::lifecycle::{self, Actor, Event, Facts, RecipientChange};
use crate::ports::{Charged, DownloadCharge, StoreError};
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
    /// The stored file cannot be read right now (the attachment store failed or lost it):
    /// nothing was counted.
    #[error("{name} cannot be read right now; it was not counted against your downloads. Try again later.")]
    Unreadable {
        /// The file's name.
        name: String,
        /// What the store said, for the log (never shown).
        cause: String,
    },
    /// The stored file is gone (the store has no file under its key): asking again will not
    /// help; nothing was counted.
    #[error(
        "{name} is no longer stored here and cannot be downloaded; it was not counted. Ask the sender to send it again."
    )]
    Missing {
        /// The file's name.
        name: String,
        /// Which attachment, for the log.
        attachment: AttachmentId,
    },
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
    /// The message's language: the page opens in it.
    pub language: crate::language::Language,
}

/// What a download request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The whole file.
    Whole,
    /// Bytes `start..=end` (a `Range` request).
    Range {
        /// First byte.
        start: u64,
        /// Last byte (inclusive).
        end: u64,
    },
    /// The whole file, as one entry of the zip of every file.
    InZip,
}

/// A download that was allowed and charged.
#[derive(Debug, Clone)]
pub struct Grant {
    /// The file.
    pub attachment: Attachment,
    /// The recipient whose link it is.
    pub recipient_id: RecipientId,
    /// Bytes charged (to give back what is not sent, see [`Downloads::refund`]).
    pub charged: u64,
    /// Whether it resumed the latest counted download (else it was counted).
    pub resumed: bool,
}

/// A download that was allowed and charged, with the file's bytes from where it starts.
pub struct Started {
    /// What was charged.
    pub grant: Grant,
    /// The file's bytes from the first one asked for.
    pub reader: Box<dyn crate::ports::AttachmentReader>,
}

impl std::fmt::Debug for Started {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Started")
            .field("grant", &self.grant)
            .finish_non_exhaustive()
    }
}

/// The bytes a counted download may take beyond the file itself, for resumes: a tenth of the
/// file.
pub(crate) fn resume_allowance(size: u64) -> u64 {
    size / 10
}

/// What a broken connection may have lost on the way (socket buffers at both ends and the
/// network in between), given back once per counted download when it breaks: at most this,
/// and never more than was sent before it broke.
pub(crate) const LOSS_ALLOWANCE: u64 = 8 * 1024 * 1024;

/// Views and counts downloads.
pub struct Downloads {
    clock: std::sync::Arc<dyn crate::ports::Clock>,
    random: std::sync::Arc<dyn crate::ports::TokenSource>,
    invitations: std::sync::Arc<dyn crate::ports::InvitationRepository>,
    outbox: std::sync::Arc<dyn crate::ports::OutboxRepository>,
    settings: std::sync::Arc<dyn crate::ports::SettingsRepository>,
    downloads: std::sync::Arc<dyn crate::ports::DownloadRepository>,
    attachments: std::sync::Arc<dyn crate::ports::AttachmentStore>,
    audit: super::Audit,
}

struct Opened {
    invitation: Invitation,
    recipient_id: RecipientId,
    recipient: EmailAddress,
    expires_at: OffsetDateTime,
}

impl Downloads {
    /// The use case over the ports it needs, taken from the portal's.
    pub fn new(p: &Ports) -> Self {
        Self {
            clock: p.clock.clone(),
            random: p.random.clone(),
            invitations: p.invitations.clone(),
            outbox: p.outbox.clone(),
            settings: p.settings.clone(),
            downloads: p.downloads.clone(),
            attachments: p.attachments.clone(),
            audit: super::Audit::of(p),
        }
    }

    async fn open(&self, token_text: &str, viewer: Option<&User>) -> Result<Opened, DownloadError> {
        let p = self;
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
        if link.state != TokenState::Live || !lifecycle::links_work(invitation.kind, true).contains(&recipient.state) {
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
        let counts = self.downloads.download_counts(o.recipient_id).await?;
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
            language: o.invitation.language,
        })
    }

    /// Checks and charges a file download against the limit (see [`Part`], and
    /// `docs/architecture.md` for the whole rule): a whole file, or a range from its first byte, is a new download and
    /// counts; a range from later in the file is free while it fits in the resume allowance of
    /// the latest counted download, and otherwise counts too. The file is opened before
    /// anything is charged: one that cannot be read counts nothing. Every served download is
    /// audited, and so are a refusal at the limit and a file that could not be read.
    ///
    /// # Errors
    /// [`DownloadError`]; [`DownloadError::Exhausted`] once the limit is reached,
    /// [`DownloadError::Unreadable`] when the attachment store cannot give the file.
    pub async fn start(
        &self,
        token_text: &str,
        file: AttachmentId,
        part: Part,
        viewer: Option<&User>,
    ) -> Result<Started, DownloadError> {
        let p = self;
        let o = self.open(token_text, viewer).await?;
        let attachment = o
            .invitation
            .attachments
            .iter()
            .find(|a| a.id == file)
            .cloned()
            .ok_or(DownloadError::NoSuchFile)?;
        let limit = o.invitation.options.attachment_download_limit;
        let size = attachment.size;
        let (bytes, what) = match part {
            Part::Whole => (size, "the whole file".to_owned()),
            Part::InZip => (size, "in a zip of every file".to_owned()),
            Part::Range { start, end } => (end.saturating_sub(start) + 1, format!("bytes {start}-{end}")),
        };
        let resume = matches!(part, Part::Range { start, .. } if start > 0).then_some(bytes);
        let allowance = resume_allowance(size);
        let charge = DownloadCharge {
            resume,
            count: Some((limit, (size + allowance).saturating_sub(bytes))),
        };
        let detail = |text: String| format!("{}: {text}; invitation {}", attachment.name, o.invitation.id);
        let audit = |action: &'static str, text: String| {
            p.audit.record(
                Some(o.recipient.as_str()),
                action,
                attachment.id.to_string(),
                detail(text),
            )
        };
        let offset = match part {
            Part::Range { start, .. } => start,
            Part::Whole | Part::InZip => 0,
        };
        let reader = match p.attachments.open(&attachment.blob_key, offset).await {
            Ok(reader) => reader,
            Err(StoreError::NotFound) => {
                audit(
                    "file.failed",
                    format!("{what}; the stored file is missing, not counted"),
                )
                .await;
                return Err(DownloadError::Missing {
                    name: attachment.name.as_str().to_owned(),
                    attachment: attachment.id,
                });
            }
            Err(e) => {
                audit(
                    "file.failed",
                    format!("{what}; the stored file could not be read, not counted"),
                )
                .await;
                return Err(DownloadError::Unreadable {
                    name: attachment.name.as_str().to_owned(),
                    cause: format!("attachment {}: {e}", attachment.id),
                });
            }
        };
        let charged = p.downloads.charge_download(o.recipient_id, file, charge).await?;
        match charged {
            Charged::Refused => {
                audit(
                    "file.refused",
                    format!("{what}; the download limit of {limit} is reached"),
                )
                .await;
                return Err(DownloadError::Exhausted(attachment.name.as_str().to_owned()));
            }
            Charged::Resumed => audit("file.resumed", format!("{what}, resuming a download")).await,
            Charged::Counted(count) => {
                if count == 1 && o.invitation.options.notify_on_download {
                    let notice = OutboxMessage::new(
                        MessageId::generate(p.random.as_ref()),
                        OutboxKind::DownloadNotice {
                            recipient_id: o.recipient_id,
                            attachment_id: file,
                        },
                        p.clock.now(),
                    );
                    p.outbox.enqueue(&notice).await?;
                }
                // Only the first counted download changes anything (a files message: downloaded).
                let current = o.invitation.recipient(o.recipient_id).map(|r| r.state);
                if let Some(change) = lifecycle::rule(Event::Download, o.invitation.kind, Actor::Invitee)
                    .and_then(|rule| {
                        RecipientChange::by(rule, o.recipient_id, p.clock.now(), Facts::Nothing, Vec::new())
                    })
                    .filter(|change| Some(change.to) != current)
                {
                    p.invitations.change_recipient(&change).await?;
                }
                audit("file.downloaded", format!("{what}; download {count} of {limit}")).await;
            }
        }
        Ok(Started {
            grant: Grant {
                attachment,
                recipient_id: o.recipient_id,
                charged: bytes,
                resumed: charged == Charged::Resumed,
            },
            reader,
        })
    }

    /// Gives back the bytes of a grant that were never sent (the connection broke), so that
    /// the download can be resumed; once per counted download, also what may have been sent
    /// but lost on the way (see `LOSS_ALLOWANCE`).
    ///
    /// # Errors
    /// Storage failures.
    pub async fn refund(&self, grant: &Grant, unsent: u64) -> Result<(), StoreError> {
        if unsent == 0 {
            return Ok(());
        }
        let unsent = unsent.min(grant.charged);
        let sent = grant.charged - unsent;
        self.downloads
            .refund_download(
                grant.recipient_id,
                grant.attachment.id,
                unsent,
                sent.min(LOSS_ALLOWANCE),
            )
            .await
    }

    /// Deletes files whose lifetime is over (contents first, then rows); returns how many.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn purge_expired(&self) -> Result<usize, StoreError> {
        let p = self;
        let mut purged = 0;
        loop {
            let batch = p.downloads.expired_attachments(p.clock.now(), 100).await?;
            if batch.is_empty() {
                return Ok(purged);
            }
            for a in &batch {
                p.attachments.delete(&a.blob_key).await?;
                p.downloads.remove_attachment(a.id).await?;
                p.audit
                    .record(None, "file.purged", a.id.to_string(), a.name.as_str())
                    .await;
            }
            purged += batch.len();
        }
    }
}
