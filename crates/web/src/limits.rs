//! Body limits: a request body larger than its route allows is refused with 413 before it is
//! read (when its length is announced) or as soon as it passes the limit (when it is not).

use poem::http::{Method, StatusCode};
use poem::{Endpoint, IntoResponse, Request, Response};

/// The largest body of a page form that carries no files.
pub(crate) const MAX_FORM_BODY: usize = 64 * 1024;

/// The page routes that take files: their bodies are streamed and limited by the file policy.
const UPLOADS: [&str; 3] = ["/invitations/new", "/send", "/dropoff/send"];

/// A small page of its own: the body was not read, so nothing (not even the session) is
/// known yet to render the portal's layout.
fn too_large() -> Response {
    plain_page(StatusCode::PAYLOAD_TOO_LARGE, "page-too-large-title", "page-too-large")
}

/// A page without the portal's layout, for a request refused before anything of it is known
/// (a body too large, a path that does not decode), in the reader's language as far as the
/// request says it (the switch's cookie, else the browser's; else English).
pub(crate) fn plain_page(status: StatusCode, title: &str, text: &str) -> Response {
    let reader = crate::i18n::current();
    let tr = reader.catalog.tr(reader.language(None, postern_domain::Language::En));
    let escape = |t: String| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    Response::builder()
        .status(status)
        .content_type("text/html; charset=utf-8")
        .body(format!(
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
             <link rel=\"stylesheet\" href=\"/static/postern.css\"></head>\
             <body><main><h1>{title}</h1><p>{text}</p></main></body></html>\n",
            tr.code(),
            title = escape(tr.t(title)),
            text = escape(tr.t(text)),
        ))
}

/// Reads at most `max` bytes of the body into the request, or refuses it.
pub(crate) async fn within(mut req: Request, max: usize) -> Result<Request, Response> {
    match req.header("content-length").map(str::parse::<usize>) {
        Some(Ok(len)) if len > max => Err(too_large()),
        Some(Ok(_)) => Ok(req),
        _ => {
            // No (usable) announced length: read at most the limit.
            let bytes = req.take_body().into_bytes_limit(max).await.map_err(|_| too_large())?;
            req.set_body(bytes);
            Ok(req)
        }
    }
}

/// The largest body of the form that sends a list of invitees (the list and the message).
pub(crate) const MAX_LIST_BODY: usize = postern_domain::bulk::MAX_BULK_BYTES + 256 * 1024;

/// Every page route but the uploads: at most [`MAX_FORM_BODY`] ([`MAX_LIST_BODY`] for a list
/// of invitees).
pub(crate) async fn pages<E: Endpoint>(next: E, req: Request) -> poem::Result<Response> {
    let post = req.method() == Method::POST;
    let upload = post && UPLOADS.contains(&req.uri().path());
    let most = if post && req.uri().path() == "/invitations/bulk" {
        MAX_LIST_BODY
    } else {
        MAX_FORM_BODY
    };
    let req = if upload {
        req
    } else {
        match within(req, most).await {
            Ok(req) => req,
            Err(refused) => return Ok(refused),
        }
    };
    next.call(req).await.map(IntoResponse::into_response)
}
