//! When the database cannot be reached, a failed request is answered with 503 and
//! `Retry-After` (a page, or the API's JSON error) instead of 500: the portal is down for a
//! moment, nothing was written (every change is one transaction), and it recovers by itself
//! when the database is back (the pool reconnects).

use std::sync::Arc;
use std::time::Duration;

use poem::http::StatusCode;
use poem::{Endpoint, IntoResponse, Request, Response, Result};
use postern_domain::ports::SessionStore;

use crate::pages::{Layout, MessagePage, render};

/// Seconds a client is asked to wait.
const RETRY_AFTER: u64 = 5;

/// The response while the database is unreachable.
pub(crate) fn unavailable(api: bool) -> Response {
    let mut resp = if api {
        let body = crate::api::error::body(
            "unavailable",
            "Postern cannot reach its database right now; nothing was changed. Try again in a few seconds.",
            None,
            vec![],
        );
        Response::builder()
            .status(StatusCode::SERVICE_UNAVAILABLE)
            .content_type("application/json; charset=utf-8")
            .body(poem_openapi::types::ToJSON::to_json_string(&body.0))
    } else {
        let l = Layout::bare(postern_i18n::catalog(false));
        let tr = l.tr;
        render(
            StatusCode::SERVICE_UNAVAILABLE,
            &MessagePage::new(l, &tr.t("page-unavailable-title"), &[&tr.t("page-unavailable")]),
        )
    };
    if let Ok(v) = RETRY_AFTER.to_string().parse() {
        resp.headers_mut().insert("Retry-After", v);
    }
    resp
}

/// Whether the database answers within a short time: a ping through the pool, cut short
/// when a fresh connection is refused meanwhile (the pool would wait out its timeout).
pub(crate) async fn reachable(store: &dyn SessionStore) -> bool {
    let ping = async {
        matches!(
            tokio::time::timeout(Duration::from_secs(2), store.ping()).await,
            Ok(Ok(()))
        )
    };
    let refused = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        while !store.unreachable_now().await {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        false
    };
    tokio::select! {
        answered = ping => answered,
        answered = refused => answered,
    }
}

/// How long a request may wait on a database that is failing before it is answered 503.
const WAIT_ON_A_FAILING_DATABASE: Duration = Duration::from_secs(1);

/// Resolves once the request has run [`WAIT_ON_A_FAILING_DATABASE`] and the database is
/// failing: a connection failed since the request started, or a fresh connection of the
/// store's own cannot be made now. Such a request would only wait out the pool's acquire
/// timeout, once per statement. A request that is merely slow (a busy machine, a large
/// upload) while the database answers goes on.
async fn database_failing(store: &dyn SessionStore, started: std::time::Instant) {
    tokio::time::sleep(WAIT_ON_A_FAILING_DATABASE).await;
    while !(store.connection_failed_since(started) || store.unreachable_now().await) {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Turns a 500 during a database outage into a 503, and answers 503 at once for a request
/// that keeps waiting on a failing database (dropped there: its transaction, if any, is
/// rolled back, and nothing was written).
pub(crate) async fn guard<E: Endpoint>(store: Arc<dyn SessionStore>, next: E, req: Request) -> Result<Response> {
    let api = req.uri().path().starts_with("/api/");
    // The probes say themselves which part fails, within their own time limit.
    let probe = req.uri().path().starts_with("/health");
    let started = std::time::Instant::now();
    // The request first: one that completes on its first poll (most pages: their reads are
    // answered inline) never arms the timer below.
    let result = tokio::select! {
        biased;
        result = next.call(req) => result.map(IntoResponse::into_response),
        () = database_failing(store.as_ref(), started), if !probe => {
            tracing::warn!("the database is failing: answering 503 without waiting further");
            metrics::counter!("postern_database_unavailable_total").increment(1);
            return Ok(unavailable(api));
        }
    };
    let failed = match &result {
        Ok(resp) => resp.status() == StatusCode::INTERNAL_SERVER_ERROR,
        Err(err) => err.status() == StatusCode::INTERNAL_SERVER_ERROR,
    };
    // A connection that failed during this request is the outage's doing, even when the
    // database answers again by now; otherwise ask it.
    if !failed || (!store.connection_failed_since(started) && reachable(store.as_ref()).await) {
        return result;
    }
    tracing::warn!("the database is unreachable: answering 503");
    metrics::counter!("postern_database_unavailable_total").increment(1);
    Ok(unavailable(api))
}
