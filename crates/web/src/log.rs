//! Access log: method, path with secrets redacted, status and duration.

use std::time::Instant;

use poem::{Endpoint, IntoResponse, Request, Response, Result};

/// The path as it may be logged: the token of an activation link (page or API) is replaced.
pub(crate) fn loggable_path(path: &str) -> String {
    for prefix in ["/activate/", "/api/v1/activation/", "/download/"] {
        if path.starts_with(prefix) {
            return format!("{prefix}<redacted>");
        }
    }
    path.to_owned()
}

pub(crate) async fn access_log<E: Endpoint>(next: E, req: Request) -> Result<Response> {
    let method = req.method().clone();
    // The query string is never logged: only the path, redacted.
    let path = loggable_path(req.uri().path());
    let started = Instant::now();
    let result = next.call(req).await;
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    match result {
        Ok(resp) => {
            let resp = resp.into_response();
            tracing::info!(%method, %path, status = resp.status().as_u16(), elapsed_ms, "request");
            Ok(resp)
        }
        Err(err) => {
            tracing::info!(%method, %path, status = err.status().as_u16(), elapsed_ms, "request");
            Err(err)
        }
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
    }
}
