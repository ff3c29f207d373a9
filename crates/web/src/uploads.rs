//! Receiving a form with files (`multipart/form-data`): text fields are read with a size cap,
//! each file is checked (name, extension, count) before its first byte is stored, streamed to
//! the attachment store in 64 KiB pieces with the size limits checked as it arrives, and every
//! file already stored is deleted again when anything goes wrong — a refused or cut-off upload
//! leaves nothing behind.

use poem::web::Multipart;
use poem::{FromRequest, Request, RequestBody};
use postern_domain::files::{Attachment, FileError, FilePolicy};
use postern_domain::ids::AttachmentId;
use postern_domain::ports::{AttachmentStore, StoreError, TokenSource};
use tokio::io::AsyncReadExt;

use crate::csrf::CsrfVerifier;

/// Largest text field of a form with files.
const MAX_TEXT_FIELD: usize = 256 * 1024;
/// Most text fields of a form with files (the forms have about a dozen).
const MAX_TEXT_FIELDS: usize = 100;
/// Bytes read from the request per piece.
const PIECE: usize = 256 * 1024;

/// Why a form with files was not taken.
#[derive(Debug)]
pub(crate) enum UploadFailure {
    /// The CSRF token was missing or wrong when the first file arrived.
    Csrf,
    /// A file breaks the file policy.
    Refused(FileError),
    /// The request is not a complete form (cut off, malformed, or a text field too long).
    Broken(String),
    /// The store failed.
    Store(StoreError),
}

/// The text fields as (name, value), and the files stored.
pub(crate) struct Received {
    pub(crate) fields: Vec<(String, String)>,
    pub(crate) files: Vec<Attachment>,
}

impl Received {
    /// The first value of a field.
    pub(crate) fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

async fn read_text(field: poem::web::Field) -> Result<String, UploadFailure> {
    let mut reader = Box::pin(field.into_async_read());
    let mut out = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = reader
            .read(&mut buf)
            .await
            .map_err(|e| UploadFailure::Broken(e.to_string()))?;
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
        if out.len() > MAX_TEXT_FIELD {
            return Err(UploadFailure::Broken("a text field is longer than 256 KiB".into()));
        }
    }
    String::from_utf8(out).map_err(|_| UploadFailure::Broken("a text field is not UTF-8".into()))
}

/// Deletes stored files (after a failure).
pub(crate) async fn discard(store: &dyn AttachmentStore, files: &[Attachment]) {
    for f in files {
        if let Err(e) = store.delete(&f.blob_key).await {
            tracing::error!(error = %e, "could not delete a refused upload");
        }
    }
}

/// Reads a `multipart/form-data` request; files come from inputs named `file_field`.
/// On failure, the text fields read so far are returned with the reason, and no file is left.
pub(crate) async fn receive(
    req: &Request,
    body: &mut RequestBody,
    store: &dyn AttachmentStore,
    random: &dyn TokenSource,
    policy: &FilePolicy,
    verifier: &CsrfVerifier,
    file_field: &str,
) -> Result<Received, (Vec<(String, String)>, UploadFailure)> {
    let mut received = Received {
        fields: Vec::new(),
        files: Vec::new(),
    };
    let outcome = receive_into(req, body, store, random, policy, verifier, file_field, &mut received).await;
    match outcome {
        Ok(()) => Ok(received),
        Err(failure) => {
            discard(store, &received.files).await;
            Err((received.fields, failure))
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn receive_into(
    req: &Request,
    body: &mut RequestBody,
    store: &dyn AttachmentStore,
    random: &dyn TokenSource,
    policy: &FilePolicy,
    verifier: &CsrfVerifier,
    file_field: &str,
    received: &mut Received,
) -> Result<(), UploadFailure> {
    let broken = |e: &dyn std::fmt::Display| UploadFailure::Broken(e.to_string());
    let mut multipart = Multipart::from_request(req, body).await.map_err(|e| broken(&e))?;
    let mut total = 0u64;
    while let Some(field) = multipart.next_field().await.map_err(|e| broken(&e))? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let Some(file_name) = file_name.filter(|_| name == file_field) else {
            if received.fields.len() >= MAX_TEXT_FIELDS {
                return Err(UploadFailure::Broken("the form has too many fields".into()));
            }
            let value = read_text(field).await?;
            received.fields.push((name, value));
            continue;
        };
        if file_name.is_empty() {
            // A file input left empty: browsers still send the part.
            let _ = read_text(field).await;
            continue;
        }
        // Nothing is stored for a forged form: the token comes before the files.
        if !received.field("csrf_token").is_some_and(|t| verifier.is_valid(t)) {
            return Err(UploadFailure::Csrf);
        }
        policy
            .check_count(received.files.len())
            .map_err(UploadFailure::Refused)?;
        let checked = policy.check_name(&file_name).map_err(UploadFailure::Refused)?;
        let mut writer = store.create().await.map_err(UploadFailure::Store)?;
        let mut reader = Box::pin(field.into_async_read());
        let mut buf = vec![0u8; PIECE];
        let mut size = 0u64;
        loop {
            let n = match reader.read(&mut buf).await {
                Ok(n) => n,
                Err(e) => {
                    writer.abort().await;
                    return Err(UploadFailure::Broken(format!("the upload was cut off: {e}")));
                }
            };
            if n == 0 {
                break;
            }
            size += n as u64;
            total += n as u64;
            if let Err(e) = policy.check_size(&checked, size, total) {
                writer.abort().await;
                return Err(UploadFailure::Refused(e));
            }
            if let Err(e) = writer.write(&buf[..n]).await {
                writer.abort().await;
                return Err(UploadFailure::Store(e));
            }
        }
        let blob = writer.finish().await.map_err(UploadFailure::Store)?;
        received.files.push(Attachment {
            id: AttachmentId::generate(random),
            name: checked,
            size: blob.size,
            sha256: blob.sha256,
            blob_key: blob.key,
        });
    }
    Ok(())
}
