//! The audit log: filtered by the database, paged, exported as CSV.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Query};
use poem::{Response, handler};
use postern_domain::message::format_time;

use super::SearchQuery;
use crate::auth::{State, take_flash};
use crate::extract::{Admin, PageError};
use crate::pages::{Layout, layout, render};

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    l: Layout,
    q: String,
    action: String,
    /// The filters as a query string (for the link back to the newest entries).
    filters: String,
    /// The query string of the CSV export of every match.
    export: String,
    events: Vec<(String, String, String, String, String)>,
    /// The query string of the next (older) page, if there is one.
    next: Option<String>,
    /// Whether this is a later page.
    later: bool,
}

/// A CSV cell: quoted, and neutralised if a spreadsheet would read it as a formula.
pub(crate) fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Audit entries per page, and at most this many in one CSV export.
const AUDIT_PER_PAGE: u32 = 100;
const AUDIT_EXPORT_MAX: usize = 100_000;

#[handler]
pub(crate) async fn audit(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Query(query): Query<SearchQuery>,
    Admin(admin): Admin,
) -> Result<Response, PageError> {
    let search = postern_domain::query::AuditQuery {
        text: postern_domain::query::SearchText::parse(&query.q),
        action: Some(query.action.trim().to_owned()).filter(|a| !a.is_empty()),
        since: None,
        until: None,
    };
    let before = query.before.parse::<u64>().ok();
    // The export is data: its times are the same in every language.
    let row = |e: postern_domain::ports::AuditEvent| {
        (
            format_time(e.at),
            e.actor.unwrap_or_default(),
            e.action,
            e.subject,
            e.detail,
        )
    };
    if query.format == "csv" {
        let mut csv = String::from("time,actor,action,subject,detail\r\n");
        let (mut cursor, mut written) = (before, 0);
        loop {
            let page = state.uc.admin.audit_log(&admin, &search, cursor, 1000).await?;
            for (a, b, c, d, e) in page.events.into_iter().map(row) {
                csv.push_str(&[a, b, c, d, e].map(|v| csv_cell(&v)).join(","));
                csv.push_str("\r\n");
                written += 1;
            }
            match page.next {
                Some(n) if written < AUDIT_EXPORT_MAX => cursor = Some(n),
                _ => break,
            }
        }
        return Ok(Response::builder()
            .content_type("text/csv; charset=utf-8")
            .header("Content-Disposition", "attachment; filename=\"postern-audit.csv\"")
            .body(csv));
    }
    let page = state
        .uc
        .admin
        .audit_log(&admin, &search, before, AUDIT_PER_PAGE)
        .await?;
    let filters = crate::pages::query_string(&[("q", &query.q), ("action", &query.action)]);
    let export = crate::pages::query_string(&[("format", "csv"), ("q", &query.q), ("action", &query.action)]);
    let next = page
        .next
        .map(|n| crate::pages::query_string(&[("q", &query.q), ("action", &query.action), ("before", &n.to_string())]));
    let l = layout(&state, Some(&admin), &csrf.0, take_flash(session)).await;
    let tr = l.tr;
    Ok(render(
        StatusCode::OK,
        &AuditPage {
            l,
            q: query.q,
            action: query.action,
            filters,
            export,
            events: page
                .events
                .into_iter()
                .map(|e| {
                    let at = tr.time(e.at);
                    let (_, actor, action, subject, detail) = row(e);
                    (at, actor, action, subject, detail)
                })
                .collect(),
            next,
            later: before.is_some(),
        },
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(super::csv_cell("a\"b"), "\"a\"\"b\"");
        assert_eq!(super::csv_cell("=SUM(A1)"), "\"'=SUM(A1)\"");
        assert_eq!(super::csv_cell("plain"), "\"plain\"");
    }
}
