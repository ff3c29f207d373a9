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
    Response::builder()
        .status(StatusCode::PAYLOAD_TOO_LARGE)
        .content_type("text/html; charset=utf-8")
        .body(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too large</title>\
             <link rel=\"stylesheet\" href=\"/static/postern.css\"></head>\
             <body><main><h1>This request is too large</h1><p>Nothing was changed. Go back and send less.</p></main></body></html>\n",
        )
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
