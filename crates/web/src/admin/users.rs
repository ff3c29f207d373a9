//! Users: search, invitation permission, approval, disabling.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Path, Query, Redirect};
use poem::{IntoResponse, Response, handler};
use postern_domain::ids::UserId;
use postern_domain::policy::InvitationSetting;
use postern_domain::query::SponsorFilter;
use postern_domain::usecases::AdminError;
use postern_domain::user::{UserKind, UserStatus};
use serde::Deserialize;

use super::{SearchQuery, admin_error};
use crate::auth::{State, set_flash, set_problem, take_flash};
use crate::extract::{Admin, CsrfForm, PageError, carries_csrf};
use crate::pages::{Layout, layout, render};

pub(crate) struct UserRow {
    id: String,
    email: String,
    name: String,
    kind: String,
    status: String,
    setting: &'static str,
    internal: bool,
    may_invite: bool,
    pending: bool,
    disabled: bool,
    /// Drop-Off accounts: who answers for them (`None`: nobody any more).
    dropoff: bool,
    sponsor: Option<String>,
    last_used: String,
    /// Their own quota, as the form shows it (empty: their kind's).
    quota_per_day: String,
    quota_pending: String,
    /// Their kind's quota, as a hint.
    usual_quota: String,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    l: Layout,
    q: String,
    kind: String,
    status: String,
    sponsor: String,
    users: Vec<UserRow>,
    /// The query string of the next page, if there is one.
    next: Option<String>,
    /// Whether this is a later page (offer the first one).
    later: bool,
    /// This page (its filters and place), for the actions to come back to.
    here: String,
    /// `back=<this page>`, for the links that ask first.
    back: String,
}

/// The users list, where the actions come back to.
const LIST: &str = "/admin/users";

/// Users per page of the users list.
const USERS_PER_PAGE: u32 = 50;

#[handler]
pub(crate) async fn users_page(
    state: State<'_>,
    session: &Session,
    csrf: &CsrfToken,
    Query(query): Query<SearchQuery>,
    Admin(admin): Admin,
) -> Result<Response, PageError> {
    let tr = layout(&state, Some(&admin), &csrf.0, None).await.tr;
    let mut problems = Vec::new();
    let sponsor = match query.sponsor.trim() {
        "" => None,
        "none" => Some(SponsorFilter::Nobody),
        text => match postern_domain::EmailAddress::parse(text) {
            Ok(address) => match state.uc.admin.find_by_email(&admin, &address).await? {
                Some(u) => Some(SponsorFilter::Of(u.id)),
                None => {
                    problems.push(tr.t1("page-users-no-such-address", "text", text));
                    None
                }
            },
            Err(_) => {
                problems.push(tr.t1("page-users-not-an-address", "text", text));
                None
            }
        },
    };
    let search = postern_domain::query::UserQuery {
        text: postern_domain::query::SearchText::parse(&query.q),
        kind: UserKind::from_name(&query.kind),
        status: UserStatus::from_name(&query.status),
        sponsor,
    };
    let after = Some(query.after.clone()).filter(|a| !a.is_empty());
    let later = after.is_some();
    let found = state.uc.admin.users(&admin, &search, after, USERS_PER_PAGE).await?;
    let settings = state.settings.load_settings().await?;
    let next = found.next.map(|after| {
        crate::pages::query_string(&[
            ("q", &query.q),
            ("kind", &query.kind),
            ("status", &query.status),
            ("sponsor", &query.sponsor),
            ("after", &after),
        ])
    });
    // The sponsors named on this page, each read once.
    let mut sponsors: Vec<(UserId, String)> = Vec::new();
    for id in found.users.iter().filter_map(|u| u.sponsor_id) {
        if !sponsors.iter().any(|(s, _)| *s == id) {
            let shown = match state.uc.accounts.find_user(id).await? {
                Some(s) => format!("{} <{}>", s.display_name.as_str(), s.email.as_str()),
                None => tr.t("page-users-deleted"),
            };
            sponsors.push((id, shown));
        }
    }
    let users = found
        .users
        .into_iter()
        .map(|u| UserRow {
            id: u.id.to_string(),
            email: u.email.as_str().to_owned(),
            name: u.display_name.as_str().to_owned(),
            kind: tr.t(match u.kind {
                UserKind::Internal => "page-users-kind-staff",
                UserKind::External => "page-users-kind-dropoff",
                UserKind::Admin => "page-users-kind-admin",
            }),
            status: tr.t(match u.status {
                UserStatus::Active => "page-users-status-active",
                UserStatus::PendingApproval => "page-users-status-pending",
                UserStatus::Disabled => "page-users-status-disabled",
            }),
            setting: u.invitation_setting.as_str(),
            internal: u.kind == UserKind::Internal,
            may_invite: settings.invitations.may_invite(&u),
            pending: u.status == UserStatus::PendingApproval,
            disabled: u.status == UserStatus::Disabled,
            dropoff: u.kind == UserKind::External,
            sponsor: u
                .sponsor_id
                .and_then(|id| sponsors.iter().find(|(s, _)| *s == id).map(|(_, shown)| shown.clone())),
            last_used: u
                .last_seen_at
                .map_or_else(|| tr.t("page-users-never"), |at| tr.time(at)),
            quota_per_day: u.quota.map(|q| q.per_day.to_string()).unwrap_or_default(),
            quota_pending: u.quota.map(|q| q.pending.to_string()).unwrap_or_default(),
            usual_quota: {
                let q = if u.kind == UserKind::External {
                    settings.quotas.external
                } else {
                    settings.quotas.internal
                };
                let shown = |n: u32| {
                    if n == 0 {
                        tr.t("page-users-no-limit")
                    } else {
                        n.to_string()
                    }
                };
                tr.t2(
                    "page-users-usual-quota",
                    ("day", shown(q.per_day)),
                    ("waiting", shown(q.pending)),
                )
            },
        })
        .collect();
    let filters = crate::pages::query_string(&[
        ("q", &query.q),
        ("kind", &query.kind),
        ("status", &query.status),
        ("sponsor", &query.sponsor),
        ("after", &query.after),
    ]);
    let here = match filters.as_str() {
        "" => LIST.to_owned(),
        f => format!("{LIST}?{f}"),
    };
    if !query.kind.is_empty() && search.kind.is_none() {
        problems.push(tr.t1("page-users-no-such-kind", "text", query.kind.as_str()));
    }
    if !query.status.is_empty() && search.status.is_none() {
        problems.push(tr.t1("page-users-no-such-status", "text", query.status.as_str()));
    }
    let flash = crate::pages::flash_or_problem(take_flash(session), &problems);
    let l = layout(&state, Some(&admin), &csrf.0, flash).await;
    Ok(render(
        StatusCode::OK,
        &UsersPage {
            l,
            q: query.q,
            kind: query.kind,
            status: query.status,
            sponsor: query.sponsor,
            users,
            next,
            later,
            back: crate::pages::query_string(&[("back", &here)]),
            here,
        },
    ))
}

/// What an administrator does to a user from the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UserAction {
    /// Sets the user's own invitation permission (from the form's `setting`).
    Permission,
    /// Approves a waiting account.
    Approve,
    /// Rejects a waiting account.
    Reject,
    /// Enables or disables (from the form's `enabled`).
    Status,
    /// Resets two-factor sign-in (a lost device).
    TwoFactor,
    /// Hands a Drop-Off account to a new sponsor (from the form's `sponsor`).
    Sponsor,
    /// Sets the user's own quota (from `quota_per_day` and `quota_pending`).
    Quota,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct UserActionForm {
    csrf_token: String,
    setting: String,
    enabled: String,
    sponsor: String,
    /// The user's own quota; both empty: their kind's applies again.
    quota_per_day: String,
    quota_pending: String,
    back: String,
}

carries_csrf!(UserActionForm);

impl UserAction {
    /// The action a path names (`/admin/users/{id}/{action}`).
    fn from_path(name: &str) -> Option<Self> {
        match name {
            "invitations" => Some(UserAction::Permission),
            "approve" => Some(UserAction::Approve),
            "reject" => Some(UserAction::Reject),
            "status" => Some(UserAction::Status),
            "two-factor" => Some(UserAction::TwoFactor),
            "sponsor" => Some(UserAction::Sponsor),
            "quota" => Some(UserAction::Quota),
            _ => None,
        }
    }
}

/// What an administrator does to one user from the list, named by the path; then back to the
/// list with what happened.
#[handler]
pub(crate) async fn user_action(
    state: State<'_>,
    session: &Session,
    Admin(admin): Admin,
    Path((id, action)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<UserActionForm>,
) -> Result<Response, PageError> {
    let action = UserAction::from_path(&action).ok_or_else(PageError::not_found)?;
    let tr = layout(&state, Some(&admin), "", None).await.tr;
    if action == UserAction::TwoFactor {
        let user = match UserId::parse(&id) {
            Some(uid) => state.uc.accounts.find_user(uid).await?,
            None => None,
        }
        .ok_or_else(PageError::not_found)?;
        match state.uc.two_factor.reset(&admin, &user).await {
            Ok(()) => {
                // Whoever used the lost device is signed out too.
                state.sessions.end_sessions(user.id, None, None).await?;
                set_flash(session, tr.t("page-users-two-factor-reset"));
            }
            Err(postern_domain::usecases::TwoFactorError::Store(e)) => return Err(e.into()),
            Err(e) => set_problem(
                session,
                tr.t1(
                    "page-list-not-changed",
                    "reason",
                    crate::two_factor::two_factor_error(&e).render(tr),
                ),
            ),
        }
        return Ok(Redirect::see_other(crate::pages::safe_back(&form.back, LIST)).into_response());
    }
    let a = &state.uc.admin;
    let result = match UserId::parse(&id) {
        None => Err(AdminError::UnknownUser),
        Some(id) => match action {
            UserAction::Approve => a.approve(&admin, id).await,
            UserAction::Reject => a.reject(&admin, id).await,
            UserAction::Status => a.set_enabled(&admin, id, form.enabled == "true").await,
            UserAction::Permission => match InvitationSetting::from_name(&form.setting) {
                Some(setting) => a.set_invitation_setting(&admin, id, setting).await,
                None => Err(AdminError::WrongState("choose allow, deny or inherit")),
            },
            UserAction::Sponsor => a.set_sponsor(&admin, id, &form.sponsor).await,
            UserAction::Quota => match (form.quota_per_day.trim(), form.quota_pending.trim()) {
                ("", "") => a.set_quota(&admin, id, None).await,
                (per_day, pending) => {
                    let read = |t: &str| if t.is_empty() { Some(0) } else { t.parse::<u32>().ok() };
                    match (read(per_day), read(pending)) {
                        (Some(per_day), Some(pending)) => {
                            a.set_quota(&admin, id, Some(postern_domain::policy::Quota { per_day, pending }))
                                .await
                        }
                        _ => Err(AdminError::WrongState(
                            "enter whole numbers, 0 or more (0: no limit), or leave both empty for the usual quota",
                        )),
                    }
                }
            },
            // Handled above.
            UserAction::TwoFactor => Ok(()),
        },
    };
    match result {
        Ok(()) => set_flash(
            session,
            tr.t(match action {
                UserAction::Approve => "page-users-approved",
                UserAction::Reject => "page-users-rejected",
                UserAction::Status if form.enabled == "true" => "page-users-enabled",
                UserAction::Status => "page-users-disabled",
                UserAction::Permission => "page-users-permission-saved",
                UserAction::TwoFactor => "page-users-two-factor-reset",
                UserAction::Sponsor => "page-users-sponsor-saved",
                UserAction::Quota => "page-users-quota-saved",
            }),
        ),
        Err(e) => {
            let refusal = admin_error(e).map_err(|e| PageError::internal(&e))?;
            set_problem(session, tr.t1("page-list-not-changed", "reason", refusal.render(tr)));
        }
    }
    Ok(Redirect::see_other(crate::pages::safe_back(&form.back, LIST)).into_response())
}

/// Asks before rejecting or disabling an account.
#[handler]
pub(crate) async fn user_confirm(
    state: State<'_>,
    csrf: &CsrfToken,
    Admin(admin): Admin,
    Path((id, action)): Path<(String, String)>,
    Query(q): Query<crate::invitations::BackQuery>,
) -> Result<Response, PageError> {
    let action = UserAction::from_path(&action).ok_or_else(PageError::not_found)?;
    let user = match UserId::parse(&id) {
        Some(uid) => state.uc.accounts.find_user(uid).await?,
        None => None,
    }
    .ok_or_else(PageError::not_found)?;
    let who = format!("{} <{}>", user.display_name.as_str(), user.email.as_str());
    let (title, question, consequence, button, fields) = match action {
        UserAction::Reject => (
            "page-users-reject-title",
            "page-users-reject",
            "page-users-reject-consequence",
            "page-users-reject-button",
            Vec::new(),
        ),
        UserAction::Status => (
            "page-users-disable-title",
            "page-users-disable",
            "page-users-disable-consequence",
            "page-users-disable-button",
            vec![("enabled".to_owned(), "false".to_owned())],
        ),
        UserAction::TwoFactor => (
            "page-users-reset-title",
            "page-users-reset",
            "page-users-reset-consequence",
            "page-users-reset-button",
            Vec::new(),
        ),
        // Nothing to ask: the list is where these are done.
        UserAction::Approve | UserAction::Permission | UserAction::Sponsor | UserAction::Quota => {
            return Ok(Redirect::see_other(q.back(LIST)).into_response());
        }
    };
    let l = layout(&state, Some(&admin), &csrf.0, None).await;
    let tr = l.tr;
    Ok(render(
        StatusCode::OK,
        &crate::pages::ConfirmPage {
            l,
            title: tr.t(title),
            question: tr.t1(question, "who", who),
            consequence: tr.t(consequence),
            action: format!(
                "{LIST}/{}/{}",
                user.id,
                match action {
                    UserAction::Reject => "reject",
                    UserAction::TwoFactor => "two-factor",
                    _ => "status",
                }
            ),
            button: tr.t(button),
            back: q.back(LIST),
            fields,
            danger: true,
        },
    ))
}
