//! The funnel report: how invitations are accepted, by inviter or by period, on the page and
//! as CSV.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Query};
use poem::{Response, handler};
use postern_domain::history::{FunnelLine, FunnelReport, GroupBy};
use postern_domain::usecases::AdminError;
use serde::Deserialize;
use time::{Date, Duration, OffsetDateTime, Time};

use super::audit_log::csv_cell;
use crate::auth::{PROBLEM_MARK, State, take_flash};
use crate::extract::{Admin, PageError};
use crate::pages::{Layout, layout, render};

/// The report's query: the first and last day (UTC, both included) and the grouping.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct ReportQuery {
    from: String,
    until: String,
    by: String,
    format: String,
}

/// A line as the page shows it.
pub(crate) struct LineView {
    group: String,
    invited: u64,
    opened: u64,
    accepted: u64,
    rate: String,
    median: String,
    waiting: u64,
    expired: u64,
    revoked: u64,
    bounced: u64,
}

impl LineView {
    fn of(l: &FunnelLine, tr: postern_i18n::Tr<'_>) -> Self {
        Self {
            group: l.group.clone(),
            invited: l.invited,
            opened: l.opened,
            accepted: l.accepted,
            rate: tr.t1("page-report-percent", "value", tr.decimal(l.acceptance_percent())),
            median: l
                .median_time_to_accept
                .map(|d| spoken(d, tr))
                .unwrap_or_else(|| "—".into()),
            waiting: l.waiting,
            expired: l.expired,
            revoked: l.revoked,
            bounced: l.bounced,
        }
    }
}

#[derive(Template)]
#[template(path = "admin_reports.html")]
struct ReportPage {
    l: Layout,
    from: String,
    until: String,
    by: &'static str,
    export: String,
    lines: Vec<LineView>,
    total: Option<LineView>,
}

/// A duration as a person reads it: minutes, hours or days, two units at most.
fn spoken(d: Duration, tr: postern_i18n::Tr<'_>) -> String {
    let minutes = d.whole_minutes().max(0);
    let (days, hours, mins) = (minutes / 1440, (minutes / 60) % 24, minutes % 60);
    match (days, hours) {
        (0, 0) => tr.t1("page-report-minutes", "minutes", mins),
        (0, h) => tr.t2("page-report-hours", ("hours", h), ("minutes", mins)),
        (d, h) => tr.t2("page-report-days", ("days", d), ("hours", h)),
    }
}

const DAY: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

fn day(text: &str) -> Option<Date> {
    Date::parse(text.trim(), DAY).ok()
}

fn day_text(d: Date) -> String {
    d.format(DAY).unwrap_or_default()
}

/// The funnel report (`format=csv`: the same as a file).
#[handler]
pub(crate) async fn reports(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Query(query): Query<ReportQuery>,
    Admin(admin): Admin,
) -> Result<Response, PageError> {
    let today = state.clock.now().date();
    let tr = layout(&state, Some(&admin), &csrf.0, None).await.tr;
    let mut problems = Vec::new();
    let mut read = |text: &str, default: Date, name: &str| {
        if text.trim().is_empty() {
            default
        } else {
            day(text).unwrap_or_else(|| {
                problems.push(tr.t1("form-report-date", "field", tr.t(name)));
                default
            })
        }
    };
    let until = read(&query.until, today, "page-report-last-day");
    let from = read(
        &query.from,
        until.checked_sub(Duration::days(89)).unwrap_or(until),
        "page-report-first-day",
    );
    let by = if query.by.is_empty() {
        Some(GroupBy::Inviter)
    } else {
        GroupBy::from_name(&query.by)
    };
    let by = by.unwrap_or_else(|| {
        problems.push(tr.t("form-report-group-by"));
        GroupBy::Inviter
    });
    let start = OffsetDateTime::new_utc(from, Time::MIDNIGHT);
    // The day after the last (the period ends there); none after the last day there is.
    let end = match until.next_day() {
        Some(next) => OffsetDateTime::new_utc(next, Time::MIDNIGHT),
        None => {
            problems.push(tr.t("form-report-last-day-too-late"));
            start
        }
    };
    let report = if problems.is_empty() {
        match state.uc.admin.funnel(&admin, start, end, by).await {
            Ok(report) => Some(report),
            Err(AdminError::Period) => {
                problems.push(tr.t("form-report-period"));
                None
            }
            Err(e) => return Err(e.into()),
        }
    } else {
        None
    };
    let (from, until) = (day_text(from), day_text(until));
    if query.format == "csv"
        && let Some(report) = &report
    {
        return Ok(Response::builder()
            .content_type("text/csv; charset=utf-8")
            .header(
                "Content-Disposition",
                format!(
                    "attachment; filename=\"postern-invitations-{from}-{until}-by-{}.csv\"",
                    by.as_str()
                ),
            )
            .body(csv(report)));
    }
    let export = crate::pages::query_string(&[
        ("from", &from),
        ("until", &until),
        ("by", by.as_str()),
        ("format", "csv"),
    ]);
    let flash = take_flash(session).or_else(|| problems.first().map(|p| format!("{PROBLEM_MARK}{p}")));
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let l = layout(&state, Some(&admin), &csrf.0, flash).await;
    Ok(render(
        status,
        &ReportPage {
            l,
            from,
            until,
            by: by.as_str(),
            export,
            lines: report
                .iter()
                .flat_map(|r| r.lines.iter().map(|line| LineView::of(line, tr)))
                .collect(),
            total: report.as_ref().map(|r| LineView::of(&r.total, tr)),
        },
    ))
}

/// The report as CSV: one row per group and the total; times in hours.
fn csv(report: &FunnelReport) -> String {
    let mut out = String::from(
        "group,invited,opened,accepted,acceptance_percent,median_hours_to_accept,waiting,expired,revoked,bounced\r\n",
    );
    for l in report.lines.iter().chain([&report.total]) {
        let median = l
            .median_time_to_accept
            .map(|d| format!("{:.2}", d.as_seconds_f64() / 3600.0))
            .unwrap_or_default();
        let cells = [
            csv_cell(&l.group),
            l.invited.to_string(),
            l.opened.to_string(),
            l.accepted.to_string(),
            format!("{:.1}", l.acceptance_percent()),
            median,
            l.waiting.to_string(),
            l.expired.to_string(),
            l.revoked.to_string(),
            l.bounced.to_string(),
        ];
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_spoken_in_two_units() {
        let en = postern_i18n::catalog(false).tr(postern_domain::Language::En);
        assert_eq!(spoken(Duration::minutes(42), en), "42 min");
        assert_eq!(spoken(Duration::minutes(125), en), "2 h 5 min");
        assert_eq!(spoken(Duration::hours(50), en), "2 d 2 h");
        let de = postern_i18n::catalog(false).tr(postern_domain::Language::De);
        assert_eq!(spoken(Duration::hours(50), de), "2 T. 2 Std.");
    }

    #[test]
    fn csv_has_a_row_per_group_and_the_total_and_neutralises_formulas() {
        let report = FunnelReport {
            lines: vec![FunnelLine {
                group: "=cmd@x.org".into(),
                invited: 2,
                accepted: 1,
                median_time_to_accept: Some(Duration::minutes(90)),
                ..FunnelLine::default()
            }],
            total: FunnelLine {
                group: "all".into(),
                invited: 2,
                accepted: 1,
                ..FunnelLine::default()
            },
        };
        let text = csv(&report);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1], "\"'=cmd@x.org\",2,0,1,50.0,1.50,0,0,0,0");
        assert!(lines[2].starts_with("\"all\",2"));
    }
}
