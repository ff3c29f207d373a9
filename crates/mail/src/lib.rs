//! Postern's mail adapters. [`SmtpMailer`] delivers to an SMTP relay; [`PickupFolderMailer`]
//! writes each message as an RFC 5322 `.eml` file (the default when no SMTP relay is
//! configured). [`compose`] decides how each email the domain sends reads and looks (subject,
//! text and HTML from one template pair per email); [`render_eml`] turns it into MIME
//! (multipart text + HTML) for any adapter.

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use mail_send::mail_builder::MessageBuilder;
use mail_send::mail_builder::headers::address::Address;
use postern_domain::message::{Mailbox, OutgoingMessage};
use postern_domain::ports::{MailError, Mailer};

mod compose;
mod smtp;

pub use compose::{Composed, catalog, compose, compose_with, pseudo_catalog};
pub use smtp::{Security, SmtpMailer, SmtpSettings, SmtpSetupError};

fn address(m: &Mailbox) -> Address<'static> {
    match &m.name {
        Some(name) => Address::from((name.clone(), m.address.to_ascii())),
        None => Address::from(m.address.to_ascii()),
    }
}

/// Renders a message as MIME: `multipart/alternative` with a text and an HTML part.
///
/// The envelope recipient is not written anywhere in the message: a BCC recipient's copy
/// shows only the To and CC lists.
///
/// # Errors
/// Only if the in-memory writer fails.
pub fn render_eml(message: &Composed) -> std::io::Result<String> {
    let mut builder = MessageBuilder::new()
        .message_id(message.message_id.clone())
        .from(address(&message.from))
        .to(message.to.iter().map(address).collect::<Vec<_>>())
        .subject(message.subject.clone())
        .date(message.date.unix_timestamp())
        .header(
            "Auto-Submitted",
            mail_send::mail_builder::headers::raw::Raw::new("auto-generated"),
        )
        .header(
            "Content-Language",
            mail_send::mail_builder::headers::raw::Raw::new(message.language),
        )
        .text_body(message.text.clone())
        .html_body(message.html.clone());
    if !message.cc.is_empty() {
        builder = builder.cc(message.cc.iter().map(address).collect::<Vec<_>>());
    }
    if let Some(reply_to) = &message.reply_to {
        builder = builder.reply_to(address(reply_to));
    }
    builder.write_to_string()
}

/// Writes every message as a `.eml` file into a folder, for a local mail system (or a person)
/// to pick up. The envelope recipient is in the file name, never in the message.
#[derive(Debug, Clone)]
pub struct PickupFolderMailer {
    dir: PathBuf,
}

impl PickupFolderMailer {
    /// A mailer writing into `dir` (created if missing).
    ///
    /// # Errors
    /// When the folder cannot be created.
    pub fn new(dir: impl AsRef<Path>) -> std::io::Result<Self> {
        private_dir(dir.as_ref())?;
        Ok(Self {
            dir: dir.as_ref().to_owned(),
        })
    }

    /// Removes the messages written before `before` (they hold working links; whoever was
    /// to pick them up has had its time). Returns how many were removed.
    ///
    /// # Errors
    /// When the folder cannot be read.
    pub fn remove_older_than(&self, before: std::time::SystemTime) -> std::io::Result<usize> {
        let mut removed = 0;
        for entry in std::fs::read_dir(&self.dir)? {
            let entry = entry?;
            let path = entry.path();
            let is_message = path.extension().is_some_and(|e| e == "eml");
            let old = entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t < before);
            if is_message && old && std::fs::remove_file(&path).is_ok() {
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file_name(message: &OutgoingMessage) -> String {
        let safe = |s: &str| -> String {
            s.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || "@.-_+".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect()
        };
        format!(
            "{}__{}.eml",
            safe(&message.envelope_to.to_ascii()),
            safe(&message.message_id)
        )
    }
}

#[async_trait]
impl Mailer for PickupFolderMailer {
    async fn deliver(&self, message: &OutgoingMessage) -> Result<String, MailError> {
        let eml = render_eml(&compose(message)).map_err(|e| MailError::Temporary(format!("cannot render: {e}")))?;
        let name = Self::file_name(message);
        let tmp = self.dir.join(format!(".{name}.tmp"));
        let target = self.dir.join(&name);
        // Write then rename, so a reader never sees half a message; readable by the portal's
        // own user only (the message holds a working link).
        let written = async {
            use tokio::io::AsyncWriteExt;
            let mut options = tokio::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            options.mode(0o600);
            let mut file = options.open(&tmp).await?;
            file.write_all(eml.as_bytes()).await?;
            file.flush().await
        };
        written
            .await
            .map_err(|e| MailError::Temporary(format!("cannot write to the pickup folder: {e}")))?;
        tokio::fs::rename(&tmp, &target)
            .await
            .map_err(|e| MailError::Temporary(format!("cannot write to the pickup folder: {e}")))?;
        tracing::debug!(file = %name, "message written to the pickup folder");
        Ok(format!("written to {name}"))
    }
}

/// Creates `dir` (and its parents) readable by the portal's own user only.
///
/// # Errors
/// When it cannot be created.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(test)]
mod tests;
