//! The download page of a personal download link, and the file downloads themselves:
//! streamed with `Content-Length`, resumable with `Range`, the original name sent safely in
//! `Content-Disposition` (RFC 6266 / RFC 5987), always as `application/octet-stream` so that a
//! browser never renders a sender's file as part of the portal.

use askama::Template;
use poem::http::{StatusCode, header};
use poem::web::{CsrfToken, Path};
use poem::{Body, IntoResponse, Request, Response, handler};
use postern_domain::files::Attachment;
use postern_domain::ids::AttachmentId;
use postern_domain::usecases::{DownloadError, Grant, Part};

use crate::auth::State;
use crate::extract::{PageError, Refusal, Viewer};
use crate::i18n::Words;
use crate::pages::{Layout, render};

/// How long a download waits for a turn while `server.max_downloads` others are streaming.
const TURN_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// A turn to stream a file (or a zip): at most `server.max_downloads` at once in this process,
/// so that the memory downloads hold (at most three 1 MiB chunks each: one being sent, one
/// handed over, one being read ahead) is bounded by configuration, however
/// many clients connect and stop reading. One more waits a few seconds for a turn, then is
/// told to try again shortly (503 with `Retry-After`), with nothing counted.
async fn turn(state: &crate::AppState) -> Result<tokio::sync::OwnedSemaphorePermit, PageError> {
    match tokio::time::timeout(TURN_WAIT, state.download_turns.clone().acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        Ok(Err(_)) | Err(_) => {
            tracing::info!("a download waited for a turn in vain: server.max_downloads are streaming");
            Err(Refusal {
                status: StatusCode::SERVICE_UNAVAILABLE,
                title: Words::id("page-download-busy-title"),
                text: Words::id("page-download-busy"),
                link: None,
                contact: None,
                language: None,
            }
            .into())
        }
    }
}

pub(crate) struct FileRow {
    name: String,
    size: String,
    remaining: u32,
    sha256: String,
    href: String,
}

#[derive(Template)]
#[template(path = "download.html")]
struct DownloadPage {
    l: Layout,
    intro: String,
    files: Vec<FileRow>,
    zip_href: String,
}

#[handler]
pub(crate) async fn show(
    state: State<'_>,
    csrf: &CsrfToken,
    Viewer(viewer): Viewer,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let v = state.uc.downloads.view(&token, viewer.as_ref()).await?;
    let l = crate::pages::layout_in(&state, viewer.as_ref(), &csrf.0, None, Some(v.language)).await;
    let tr = l.tr;
    Ok(render(
        StatusCode::OK,
        &DownloadPage {
            l,
            intro: tr.args(
                "page-download-intro",
                &[
                    ("sender", v.sender_name.as_str().into()),
                    ("sender_email", v.sender_email.as_str().into()),
                    ("recipient", v.recipient.as_str().into()),
                    ("expiry", tr.time(v.expires_at).into()),
                ],
            ),
            files: v
                .files
                .iter()
                .map(|f| FileRow {
                    name: f.attachment.name.as_str().to_owned(),
                    size: tr.size(f.attachment.size),
                    remaining: f.remaining,
                    sha256: f.attachment.sha256.clone(),
                    href: format!("/download/{token}/{}", f.attachment.id),
                })
                .collect(),
            zip_href: format!("/download/{token}/all.zip"),
        },
    ))
}

/// `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266).
pub(crate) fn content_disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' && c != '%' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// A single `bytes=` range within `size`: `(start, end)` inclusive. `None`: no usable range
/// header (serve the whole file). `Err`: unsatisfiable.
pub(crate) fn parse_range(header: Option<&str>, size: u64) -> Result<Option<(u64, u64)>, ()> {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Ok(None);
    };
    if spec.contains(',') {
        // Several ranges: serve the whole file instead (allowed by RFC 9110).
        return Ok(None);
    }
    let (start, end) = spec.split_once('-').ok_or(())?;
    let (start, end) = (start.trim(), end.trim());
    let range = if start.is_empty() {
        // The last N bytes.
        let n: u64 = end.parse().map_err(|_| ())?;
        if n == 0 || size == 0 {
            return Err(());
        }
        (size.saturating_sub(n), size - 1)
    } else {
        let s: u64 = start.parse().map_err(|_| ())?;
        let e: u64 = if end.is_empty() {
            size.saturating_sub(1)
        } else if !end.is_empty() && end.bytes().all(|b| b.is_ascii_digit()) {
            // A last byte past the end (however far) means the end.
            end.parse::<u64>().unwrap_or(u64::MAX).min(size.saturating_sub(1))
        } else {
            return Err(());
        };
        if s >= size || e < s {
            return Err(());
        }
        (s, e)
    };
    Ok(Some(range))
}

/// A file's bytes on their way out. Dropped before the end (the connection broke), it gives
/// back to the download's resume allowance what was charged and not sent.
struct Outgoing {
    reader: Box<dyn postern_domain::ports::AttachmentReader>,
    left: u64,
    refund: Option<(std::sync::Arc<crate::AppState>, Grant)>,
    /// Given back when the body is dropped: sent, or the connection gone.
    _turn: tokio::sync::OwnedSemaphorePermit,
}

impl Drop for Outgoing {
    fn drop(&mut self) {
        if self.left == 0 {
            return;
        }
        // Dropped outside a runtime (at shutdown), there is nowhere to write it: the bytes stay
        // charged, which errs on the side of the limit.
        if let (Some((state, grant)), Ok(runtime)) = (self.refund.take(), tokio::runtime::Handle::try_current()) {
            let unsent = self.left;
            runtime.spawn(async move {
                if let Err(e) = state.uc.downloads.refund(&grant, unsent).await {
                    tracing::warn!(error = %e, "the unsent part of a download could not be given back");
                }
            });
        }
    }
}

fn body_of(out: Outgoing) -> Body {
    let stream = futures::stream::unfold(Some(out), |state| async move {
        let mut out = state?;
        if out.left == 0 {
            return None;
        }
        match out.reader.read().await {
            Ok(Some(mut chunk)) => {
                if chunk.len() as u64 > out.left {
                    chunk.truncate(usize::try_from(out.left).unwrap_or(usize::MAX));
                }
                out.left -= chunk.len() as u64;
                Some((Ok::<_, std::io::Error>(bytes::Bytes::from(chunk)), Some(out)))
            }
            Ok(None) => None,
            Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
        }
    });
    Body::from_bytes_stream(stream)
}

/// The status and headers of a file's download (whole, or the byte range `range`), and the
/// number of bytes its body carries.
fn headers_of(attachment: &Attachment, range: Option<(u64, u64)>) -> (poem::ResponseBuilder, u64) {
    let (start, end) = range.unwrap_or((0, attachment.size.saturating_sub(1)));
    let length = if attachment.size == 0 { 0 } else { end - start + 1 };
    let mut resp = Response::builder()
        .status(if range.is_some() {
            StatusCode::PARTIAL_CONTENT
        } else {
            StatusCode::OK
        })
        .content_type("application/octet-stream")
        .header(
            header::CONTENT_DISPOSITION,
            content_disposition(attachment.name.as_str()),
        )
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::CONTENT_LENGTH, length.to_string())
        .header("X-Content-SHA256", attachment.sha256.clone());
    if range.is_some() {
        resp = resp.header(
            header::CONTENT_RANGE,
            format!("bytes {start}-{end}/{}", attachment.size),
        );
    }
    (resp, length)
}

#[handler]
pub(crate) async fn file(
    state: State<'_>,
    req: &Request,
    Viewer(viewer): Viewer,
    Path((token, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let Ok(id) = id.parse::<uuid::Uuid>().map(AttachmentId::from_uuid) else {
        return Err(DownloadError::NoSuchFile.into());
    };
    let range_header = req.header(header::RANGE);
    // Work out the range against the file's size before counting anything.
    let downloads = &state.uc.downloads;
    let view = downloads.view(&token, viewer.as_ref()).await?;
    let Some(chosen) = view.files.iter().find(|f| f.attachment.id == id) else {
        return Err(DownloadError::NoSuchFile.into());
    };
    let (size, remaining) = (chosen.attachment.size, chosen.remaining);
    let range = match parse_range(range_header, size) {
        Ok(r) => r,
        Err(()) => {
            return Ok(Response::builder()
                .status(StatusCode::RANGE_NOT_SATISFIABLE)
                .header(header::CONTENT_RANGE, format!("bytes */{size}"))
                .finish());
        }
    };
    // A HEAD asks what a download would be (link checkers and proxies do): the same status and
    // headers, no body; it counts nothing, and at the limit it answers as the download would.
    if req.method() == poem::http::Method::HEAD {
        if remaining == 0 {
            return Err(DownloadError::Exhausted(chosen.attachment.name.as_str().to_owned()).into());
        }
        let (resp, _) = headers_of(&chosen.attachment, range);
        return Ok(resp.finish());
    }
    let turn = turn(&state).await?;
    let part = range.map_or(Part::Whole, |(start, end)| Part::Range { start, end });
    let started = downloads.start(&token, id, part, viewer.as_ref()).await?;
    let (grant, reader) = (started.grant, started.reader);
    let (resp, length) = headers_of(&grant.attachment, range);
    let out = Outgoing {
        reader,
        left: length,
        refund: Some((state.0.clone(), grant)),
        _turn: turn,
    };
    Ok(resp.body(body_of(out)).into_response())
}

/// All files of the link (those with downloads left) as one zip, built while it is sent:
/// nothing is assembled on disk or in memory. Each file counts as downloaded.
#[handler]
pub(crate) async fn all(
    state: State<'_>,
    req: &Request,
    Viewer(viewer): Viewer,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let downloads = &state.uc.downloads;
    let view = downloads.view(&token, viewer.as_ref()).await?;
    // A HEAD counts nothing and answers as the GET would: refused when every file is at its
    // limit; the zip is always whole (a Range on it is not honoured).
    if req.method() == poem::http::Method::HEAD {
        if view.files.iter().all(|f| f.remaining == 0) {
            return Err(DownloadError::Exhausted("every file".into()).into());
        }
        return Ok(Response::builder()
            .status(StatusCode::OK)
            .content_type("application/zip")
            .header(header::CONTENT_DISPOSITION, content_disposition("files.zip"))
            .finish());
    }
    let turn = turn(&state).await?;
    let mut chosen = Vec::new();
    let mut left_out = LeftOut {
        unreadable: Vec::new(),
        at_limit: Vec::new(),
    };
    // Every file is asked for, also one at its limit: its refusal is audited like a single
    // file's, and it is named in the zip's note.
    for f in &view.files {
        match downloads
            .start(&token, f.attachment.id, Part::InZip, viewer.as_ref())
            .await
        {
            // Each file was opened to check it can be read; the zip reads it again as it goes.
            Ok(started) => chosen.push(started.grant.attachment),
            Err(DownloadError::Exhausted(name)) => left_out.at_limit.push(name),
            // Not counted: left out, and named in a note inside the zip.
            Err(DownloadError::Unreadable { name, cause }) => {
                tracing::warn!(error = %cause, "a stored file could not be read for a zip download");
                left_out.unreadable.push(name);
            }
            Err(DownloadError::Missing { name, attachment }) => {
                tracing::error!(%attachment, "a stored file is missing from the attachment store");
                left_out.unreadable.push(name);
            }
            Err(e) => return Err(e.into()),
        }
    }
    if chosen.is_empty() {
        return Err(match left_out.unreadable.into_iter().next() {
            Some(name) => DownloadError::Unreadable {
                name,
                cause: "every file of the zip".into(),
            },
            None => DownloadError::Exhausted("every file".into()),
        }
        .into());
    }
    let (reader, writer) = tokio::io::duplex(256 * 1024);
    let store = state.files.clone();
    tokio::spawn(async move {
        if let Err(e) = write_zip(store.as_ref(), chosen, &left_out, writer).await {
            tracing::warn!(error = %e, "a zip download stopped");
        }
        // Written, or the connection gone: the next download may start.
        drop(turn);
    });
    Ok(Response::builder()
        .content_type("application/zip")
        .header(header::CONTENT_DISPOSITION, content_disposition("files.zip"))
        .body(Body::from_async_read(reader)))
}

/// The files a zip leaves out, named in a note inside it.
struct LeftOut {
    /// Not readable now (not counted).
    unreadable: Vec<String>,
    /// At their download limit.
    at_limit: Vec<String>,
}

async fn write_zip(
    store: &dyn postern_domain::ports::AttachmentStore,
    files: Vec<Attachment>,
    left_out: &LeftOut,
    out: tokio::io::DuplexStream,
) -> Result<(), String> {
    use async_zip::base::write::ZipFileWriter;
    use async_zip::{Compression, ZipEntryBuilder};
    use futures::io::AsyncWriteExt;
    let text = |e: &dyn std::fmt::Display| e.to_string();
    let mut zip = ZipFileWriter::with_tokio(out);
    let mut used = std::collections::HashSet::new();
    for f in files {
        // Two files with one name would overwrite each other when unpacked.
        let mut name = f.name.as_str().to_owned();
        let mut n = 1;
        while !used.insert(name.to_lowercase()) {
            n += 1;
            name = match f.name.as_str().rsplit_once('.') {
                Some((stem, ext)) if !stem.is_empty() => format!("{stem} ({n}).{ext}"),
                _ => format!("{} ({n})", f.name),
            };
        }
        let entry = ZipEntryBuilder::new(name.into(), Compression::Stored);
        let mut w = zip.write_entry_stream(entry).await.map_err(|e| text(&e))?;
        let mut r = store.open(&f.blob_key, 0).await.map_err(|e| text(&e))?;
        while let Some(chunk) = r.read().await.map_err(|e| text(&e))? {
            w.write_all(&chunk).await.map_err(|e| text(&e))?;
        }
        w.close().await.map_err(|e| text(&e))?;
    }
    if !left_out.unreadable.is_empty() || !left_out.at_limit.is_empty() {
        let mut note = String::new();
        if !left_out.unreadable.is_empty() {
            note.push_str(&format!(
                "These files could not be read when this zip was made. They were not counted against your downloads: download them again later.\r\n\r\n{}\r\n\r\n",
                left_out.unreadable.join("\r\n")
            ));
        }
        if !left_out.at_limit.is_empty() {
            note.push_str(&format!(
                "These files have reached their download limit and are not in this zip:\r\n\r\n{}\r\n",
                left_out.at_limit.join("\r\n")
            ));
        }
        let mut name = "NOT-INCLUDED.txt".to_owned();
        while !used.insert(name.to_lowercase()) {
            name.insert(0, '_');
        }
        let entry = ZipEntryBuilder::new(name.into(), Compression::Stored);
        zip.write_entry_whole(entry, note.as_bytes())
            .await
            .map_err(|e| text(&e))?;
    }
    zip.close().await.map_err(|e| text(&e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sent_safely() {
        assert_eq!(
            content_disposition("report.pdf"),
            "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"
        );
        let d = content_disposition("Q3 \"final\" – ü;\r\n.pdf");
        assert!(d.starts_with("attachment; filename=\"Q3 _final_ _ _;__.pdf\"; filename*=UTF-8''Q3%20%22final%22%20%E2%80%93%20%C3%BC%3B%0D%0A.pdf"), "{d}");
        assert!(!d.contains('\r') && !d.contains('\n'));
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_range(None, 100), Ok(None));
        assert_eq!(parse_range(Some("bytes=0-9"), 100), Ok(Some((0, 9))));
        assert_eq!(parse_range(Some("bytes=90-"), 100), Ok(Some((90, 99))));
        assert_eq!(parse_range(Some("bytes=-10"), 100), Ok(Some((90, 99))));
        assert_eq!(parse_range(Some("bytes=50-500"), 100), Ok(Some((50, 99))));
        assert_eq!(
            parse_range(Some("bytes=0-99999999999999999999999"), 100),
            Ok(Some((0, 99)))
        );
        assert_eq!(parse_range(Some("bytes=0-1,5-6"), 100), Ok(None));
        assert_eq!(parse_range(Some("items=0-1"), 100), Ok(None));
        for bad in ["bytes=100-", "bytes=5-2", "bytes=x-1", "bytes=-0", "bytes=1"] {
            assert_eq!(parse_range(Some(bad), 100), Err(()), "{bad}");
        }
    }
}
