//! Access log: method, path with secrets redacted, status and duration.

use std::time::Instant;

use poem::{Endpoint, IntoResponse, Request, Response, Result};

/// Whether one segment of a path may be (part of) a secret: it carries a token prefix
/// (`pstn_`, `pstk_`, `pstd_`, in any case), or is long and token-like (a random token without
/// its prefix, or one percent-encoded) without being an id (a UUID).
fn secret_like(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    let prefixed = lower.len() > 5 && lower.starts_with("pst") && lower.as_bytes().get(4) == Some(&b'_');
    let uuid = segment.len() == 36
        && segment.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    let tokenish = segment.len() >= 24
        && segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '%' | '=' | '.'));
    prefixed || (tokenish && !uuid)
}

/// The path as it may be logged: the token of an activation or download link (page or API)
/// is replaced, and so is any other segment that looks like a secret, wherever it stands and
/// however it is spelt (`/ACTIVATE/…`, `/./activate/…`, a token alone).
pub(crate) fn loggable_path(path: &str) -> String {
    let mut after_secret_route = false;
    let mut out = String::with_capacity(path.len());
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        let lower = segment.to_ascii_lowercase();
        if after_secret_route && !segment.is_empty() || secret_like(segment) {
            out.push_str("<redacted>");
            after_secret_route = false;
        } else {
            out.push_str(segment);
            // The segment after these carries a token.
            after_secret_route = matches!(lower.as_str(), "activate" | "activation" | "download");
        }
    }
    // What follows a download token (the file) says nothing secret, but it is of no use either.
    if let Some(at) = out.find("/download/<redacted>/") {
        out.truncate(at + "/download/<redacted>".len());
    }
    out
}

/// A bounded label for a path in the metrics: its first part, ids and tokens left out
/// (`/invitations/…` → `/invitations`, `/api/v1/invitations/…` → `/api/v1/invitations`).
pub(crate) fn route_label(path: &str) -> &'static str {
    const KNOWN: [&str; 23] = [
        "/api/v1/invitations",
        "/api/v1/activation",
        "/api/v1/me",
        "/api/openapi.json",
        "/api/docs",
        "/admin/sign-in",
        "/admin/settings",
        "/admin/users",
        "/admin/invitations",
        "/admin/audit",
        "/admin/template",
        "/admin/security",
        "/admin",
        "/sign-in",
        "/sign-out",
        "/security",
        "/invitations",
        "/send",
        "/dropoff",
        "/activate",
        "/download",
        "/tokens",
        "/static",
    ];
    if path == "/" {
        return "/";
    }
    if path.starts_with("/health") {
        return "/health";
    }
    if path == "/portal" {
        return "/portal";
    }
    KNOWN
        .into_iter()
        .find(|k| path == *k || path.strip_prefix(k).is_some_and(|rest| rest.starts_with('/')))
        .unwrap_or("other")
}

pub(crate) async fn access_log<E: Endpoint>(next: E, req: Request) -> Result<Response> {
    // The query string is never logged: only the path, redacted (and only when the access log
    // is written at all).
    let logged =
        tracing::enabled!(tracing::Level::INFO).then(|| (req.method().clone(), loggable_path(req.uri().path())));
    let route = route_label(req.uri().path());
    let started = Instant::now();
    let result = next.call(req).await;
    let elapsed = started.elapsed().as_secs_f64();
    let elapsed_ms = elapsed * 1000.0;
    let status = match &result {
        Ok(_) => None,
        Err(err) => Some(err.status().as_u16()),
    };
    let result = result.map(IntoResponse::into_response);
    let status = status
        .or_else(|| result.as_ref().ok().map(|r| r.status().as_u16()))
        .unwrap_or(500);
    if let Some((method, path)) = logged {
        tracing::info!(%method, %path, status, elapsed_ms, "request");
    }
    metrics::counter!("postern_http_requests_total", "route" => route, "status" => status_label(status)).increment(1);
    metrics::histogram!("postern_http_request_duration_seconds", "route" => route).record(elapsed);
    result
}

/// A status code as a metrics label (the usual ones without an allocation).
fn status_label(status: u16) -> metrics::SharedString {
    const USUAL: [(u16, &str); 12] = [
        (200, "200"),
        (201, "201"),
        (204, "204"),
        (302, "302"),
        (303, "303"),
        (304, "304"),
        (400, "400"),
        (403, "403"),
        (404, "404"),
        (410, "410"),
        (429, "429"),
        (500, "500"),
    ];
    match USUAL.iter().find(|(code, _)| *code == status) {
        Some((_, label)) => (*label).into(),
        None => status.to_string().into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn activation_tokens_are_not_logged() {
        assert_eq!(super::loggable_path("/activate/pstn_secret"), "/activate/<redacted>");
        assert_eq!(super::loggable_path("/invitations"), "/invitations");
        assert_eq!(
            super::loggable_path("/download/pstd_secret/0192"),
            "/download/<redacted>"
        );
        assert_eq!(
            super::loggable_path("/api/v1/activation/pstn_secret"),
            "/api/v1/activation/<redacted>"
        );
        for hostile in [
            "/ACTIVATE/pstn_secret",
            "/./activate/pstn_secret",
            "/a/../activate/secret",
            "/api/v1/invitations/PSTN_secret",
            "/pstn_secret",
            "/x/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abc",
            "/activate/%70stn_secret",
        ] {
            let logged = super::loggable_path(hostile);
            assert!(
                !logged.to_ascii_lowercase().contains("secret") && !logged.contains("AbCdEf"),
                "{hostile} -> {logged}"
            );
        }
        assert_eq!(
            super::loggable_path("/invitations/0192f0c4-6a0b-7c3d-8e9f-0a1b2c3d4e5f"),
            "/invitations/0192f0c4-6a0b-7c3d-8e9f-0a1b2c3d4e5f",
            "ids stay"
        );
    }

    #[test]
    fn every_status_is_labelled_as_its_number() {
        for status in 100..600u16 {
            assert_eq!(super::status_label(status).as_ref(), status.to_string());
        }
    }

    #[test]
    fn route_labels_are_few_and_carry_no_token() {
        use super::route_label;
        assert_eq!(route_label("/activate/pstn_secret"), "/activate");
        assert_eq!(route_label("/invitations/recipients/x/revoke"), "/invitations");
        assert_eq!(
            route_label("/api/v1/invitations/abc/recipients/d/resend"),
            "/api/v1/invitations"
        );
        assert_eq!(route_label("/admin"), "/admin");
        assert_eq!(route_label("/admin/users/1/status"), "/admin/users");
        assert_eq!(route_label("/administrator"), "other");
        assert_eq!(route_label("/no-such-page/../x"), "other");
    }
}
