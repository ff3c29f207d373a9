//! Every sender's invitations, one row per recipient under its invitation, filtered by the
//! database, with resend and revoke.

use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Path, Query};
use poem::{Response, handler};
use postern_domain::ids::InvitationId;
use postern_domain::ports::RecipientCursor;
use serde::Deserialize;

use crate::auth::{State, take_flash};
use crate::extract::{Admin, CsrfForm, PageError};
use crate::invitations::{BackForm, BackQuery, RecipientAction, act_on_recipient, confirm_recipient};
use crate::pages::{layout, render};

/// The list, where the actions come back to.
const BACK: &str = "/admin/invitations";

/// Recipients on one page (an invitation with more continues on the next).
const PER_PAGE: u32 = 50;

/// The keyset position of a page as text:
/// `<invitation's created_at in microseconds>.<invitation id>.<recipient position>`.
fn cursor_text(c: RecipientCursor) -> String {
    format!(
        "{}.{}.{}",
        c.created_at.unix_timestamp_nanos() / 1000,
        c.invitation_id,
        c.position
    )
}

/// Reads [`cursor_text`] back; anything else is `None` (the first page).
fn parse_cursor(text: &str) -> Option<RecipientCursor> {
    let mut parts = text.splitn(3, '.');
    let (micros, id, position) = (parts.next()?, parts.next()?, parts.next()?);
    let nanos = micros.parse::<i128>().ok()?.checked_mul(1000)?;
    Some(RecipientCursor {
        created_at: time::OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()?,
        invitation_id: InvitationId::parse(id)?,
        position: position.parse().ok()?,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct InvitationsQuery {
    cursor: String,
    sender: String,
    recipient: String,
    state: String,
}

#[handler]
pub(crate) async fn invitations(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Query(q): Query<InvitationsQuery>,
    Admin(admin): Admin,
) -> Result<Response, PageError> {
    let now = state.clock.now();
    let search = postern_domain::query::InvitationQuery {
        sender: postern_domain::query::SearchText::parse(&q.sender),
        recipient: postern_domain::query::SearchText::parse(&q.recipient),
        state: postern_domain::query::InvitationQuery::state_named(q.state.trim()),
        ..Default::default()
    };
    let page = state
        .uc
        .admin
        .recipients(&admin, &search, parse_cursor(&q.cursor), PER_PAGE)
        .await?;
    let tr = crate::pages::layout(&state, Some(&admin), &csrf.0, None).await.tr;
    let rows = page
        .invitations
        .iter()
        .map(|i| crate::invitations::row(i, now, postern_domain::lifecycle::Actor::Administrator, tr))
        .collect();
    let next = page.next_cursor.map(|c| {
        crate::pages::query_string(&[
            ("sender", &q.sender),
            ("recipient", &q.recipient),
            ("state", &q.state),
            ("cursor", &cursor_text(c)),
        ])
    });
    let filters = crate::pages::query_string(&[
        ("sender", &q.sender),
        ("recipient", &q.recipient),
        ("state", &q.state),
        ("cursor", &q.cursor),
    ]);
    let here = match filters.as_str() {
        "" => BACK.to_owned(),
        f => format!("{BACK}?{f}"),
    };
    let mut problems = Vec::new();
    if !q.state.trim().is_empty() && search.state.is_none() {
        problems.push(format!(
            "There is no state \u{201c}{}\u{201d}: every state is shown.",
            q.state.trim()
        ));
    }
    if !q.cursor.is_empty() && parse_cursor(&q.cursor).is_none() {
        problems.push("That page address is not valid: the newest invitations are shown.".to_owned());
    }
    let flash = crate::pages::flash_or_problem(take_flash(session), &problems);
    let l = layout(&state, Some(&admin), &csrf.0, flash).await;
    let page = crate::invitations::ListPage {
        l,
        title: tr.t("page-list-all-title"),
        states: crate::invitations::state_choices(tr),
        admin: true,
        prefix: BACK,
        sender_filter: q.sender,
        recipient_filter: q.recipient,
        state_filter: q.state,
        rows,
        next,
        back: crate::pages::query_string(&[("back", &here)]),
    };
    Ok(render(StatusCode::OK, &page))
}

/// *Resend* or *Revoke* on everyone's list: asks first.
#[handler]
pub(crate) async fn invitation_confirm(
    state: State<'_>,
    csrf: &CsrfToken,
    Admin(admin): Admin,
    Path((id, action)): Path<(String, String)>,
    Query(q): Query<BackQuery>,
) -> Result<Response, PageError> {
    confirm_recipient(&state, &csrf.0, &admin, &id, &action, BACK, q.back(BACK)).await
}

/// The confirmed resend or revoke, then back to the list where the administrator was.
#[handler]
pub(crate) async fn invitation_act(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Admin(admin): Admin,
    Path((id, action)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<BackForm>,
) -> Result<Response, PageError> {
    let action = RecipientAction::from_path(&action).ok_or_else(PageError::not_found)?;
    act_on_recipient(&state, session, &csrf.0, &admin, &id, action, &form.back(BACK)).await
}
