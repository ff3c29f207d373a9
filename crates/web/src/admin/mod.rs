//! The administration console under `/admin`: its own sign-in (administrator accounts only,
//! idle timeout), settings, users, the email templates, every sender's invitations and the
//! audit log. Who is signed in and the CSRF token of every form are settled by the
//! extractors (`Admin`, `CsrfForm`) before a handler runs.

use postern_domain::usecases::AdminError;

mod audit_log;
mod endpoints;
mod invitation_list;
mod report;
mod session;
mod settings;
mod templates;
mod users;

pub(crate) use audit_log::audit;
pub(crate) use endpoints::{add_webhook, remove_webhook, remove_webhook_confirm, webhooks};
pub(crate) use invitation_list::{invitation_act, invitation_confirm, invitations};
pub(crate) use report::reports;
pub(crate) use session::{home, sign_in, sign_in_page, sign_out, sign_out_page};
pub(crate) use settings::{save_settings, settings_page};
pub(crate) use templates::{reset_template, save_template, template_page_get};
pub(crate) use users::{user_action, user_confirm, users_page};

/// The query string of the console's lists: search text and filters, and the position.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(crate) struct SearchQuery {
    q: String,
    kind: String,
    status: String,
    /// Drop-Off accounts of this sponsor (an address), or `none`.
    sponsor: String,
    action: String,
    after: String,
    before: String,
    format: String,
}

/// An administration refusal as the words a page shows; storage failures stay errors.
fn admin_error(e: AdminError) -> Result<crate::i18n::Words, AdminError> {
    match e {
        AdminError::Store(_) | AdminError::NotAdmin => Err(e),
        other => Ok(crate::errors::admin_error(&other)),
    }
}
