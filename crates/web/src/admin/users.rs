//! Users: search, invitation permission, approval, disabling.

use askama::Template;
use poem::http::StatusCode;
use poem::session::Session;
use poem::web::{CsrfToken, Path, Query, Redirect};
use poem::{IntoResponse, Response, handler};
use postern_domain::ids::UserId;
use postern_domain::policy::InvitationSetting;
use postern_domain::usecases::AdminError;
use postern_domain::user::{UserKind, UserStatus};
use serde::Deserialize;

use super::{SearchQuery, admin_error};
use crate::auth::{State, set_flash, take_flash};
use crate::extract::{Admin, CsrfForm, PageError, carries_csrf};
use crate::pages::{Layout, layout, render};

pub(crate) struct UserRow {
    id: String,
    email: String,
    name: String,
    kind: &'static str,
    status: &'static str,
    setting: &'static str,
    internal: bool,
    may_invite: bool,
    pending: bool,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    l: Layout,
    q: String,
    kind: String,
    status: String,
    users: Vec<UserRow>,
    /// The query string of the next page, if there is one.
    next: Option<String>,
    /// Whether this is a later page (offer the first one).
    later: bool,
}

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
    let search = postern_domain::query::UserQuery {
        text: postern_domain::query::SearchText::parse(&query.q),
        kind: UserKind::from_name(&query.kind),
        status: UserStatus::from_name(&query.status),
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
            ("after", &after),
        ])
    });
    let users = found
        .users
        .into_iter()
        .map(|u| UserRow {
            id: u.id.to_string(),
            email: u.email.as_str().to_owned(),
            name: u.display_name.as_str().to_owned(),
            kind: u.kind.as_str(),
            status: u.status.as_str(),
            setting: u.invitation_setting.as_str(),
            internal: u.kind == UserKind::Internal,
            may_invite: settings.invitations.may_invite(&u),
            pending: u.status == UserStatus::PendingApproval,
            disabled: u.status == UserStatus::Disabled,
        })
        .collect();
    let l = layout(&state, Some(&admin), &csrf.0, take_flash(session)).await;
    Ok(render(
        StatusCode::OK,
        &UsersPage {
            l,
            q: query.q,
            kind: query.kind,
            status: query.status,
            users,
            next,
            later,
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
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct UserActionForm {
    csrf_token: String,
    setting: String,
    enabled: String,
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
    let Some(action) = UserAction::from_path(&action) else {
        return Err(PageError::message(
            StatusCode::NOT_FOUND,
            "Page not found",
            "There is nothing at this address.",
        ));
    };
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
        },
    };
    let message = result
        .map(|()| "Saved.".to_owned())
        .or_else(admin_error)
        .map_err(|e| PageError::internal(&e))?;
    set_flash(session, message);
    Ok(Redirect::see_other("/admin/users").into_response())
}
