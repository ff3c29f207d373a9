//! The administrator's decisions: settings, users, templates. Every change is validated first
//! (nothing is saved on error) and written to the audit log with its old and new value.

use thiserror::Error;

use super::Ports;
use crate::ids::{MessageId, UserId};
use crate::invitation::{OutboxKind, OutboxMessage};
use crate::language::Language;
use crate::policy::{InvitationSetting, PolicyError, PortalSettings, Quota};
use crate::ports::{RecipientCursor, RecipientPage, StoreError};
use crate::query::{AuditPage, AuditQuery, InvitationQuery, UserPage, UserQuery};
use crate::template::{InvitationTemplate, TemplateError, TemplateKind};
use crate::text::{Subject, SubjectError};
use crate::user::{User, UserKind, UserStatus};

/// Why an administrative change was refused.
#[derive(Debug, Error)]
pub enum AdminError {
    /// Only administrators may do this.
    #[error("administrators only")]
    NotAdmin,
    /// The settings contradict themselves.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The template does not parse.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The subject template does not make a valid subject.
    #[error("the subject would be invalid: {0}")]
    Subject(#[from] SubjectError),
    /// No such user.
    #[error("no such user")]
    UnknownUser,
    /// The change would leave no active administrator.
    #[error("the last active administrator cannot be disabled")]
    LastAdmin,
    /// The user is not in a state where this applies.
    #[error("{0}")]
    WrongState(&'static str),
    /// A report's period is empty, reversed or longer than a report covers.
    #[error("choose a period of 1 to 366 days, the first day before the last")]
    Period,
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What the console's home page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overview {
    /// Accounts waiting for approval (counted up to the number asked for).
    pub pending: usize,
    /// More are waiting than were counted.
    pub more_pending: bool,
    /// Files kept.
    pub files: u64,
    /// Their size in bytes.
    pub file_bytes: u64,
    /// What the attachment store takes on disk, in bytes (0 when it cannot tell).
    pub disk_bytes: u64,
    /// Active Drop-Off accounts without a sponsor (counted up to the number asked for).
    pub unsponsored: usize,
}

/// Settings, users, templates and the console's lists, for administrators.
pub struct Administration {
    clock: std::sync::Arc<dyn crate::ports::Clock>,
    random: std::sync::Arc<dyn crate::ports::TokenSource>,
    users: std::sync::Arc<dyn crate::ports::UserRepository>,
    outbox: std::sync::Arc<dyn crate::ports::OutboxRepository>,
    settings: std::sync::Arc<dyn crate::ports::SettingsRepository>,
    templates: std::sync::Arc<dyn crate::ports::TemplateStore>,
    texts: std::sync::Arc<dyn crate::language::Texts>,
    invitations: std::sync::Arc<dyn crate::ports::InvitationRepository>,
    downloads: std::sync::Arc<dyn crate::ports::DownloadRepository>,
    attachments: std::sync::Arc<dyn crate::ports::AttachmentStore>,
    audit: super::Audit,
}

/// Leaf-by-leaf differences of two JSON documents, as `path: old -> new`.
fn differences(path: &str, old: &serde_json::Value, new: &serde_json::Value, out: &mut Vec<String>) {
    match (old, new) {
        (serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
            for (k, v) in b {
                let sub = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                differences(&sub, a.get(k).unwrap_or(&serde_json::Value::Null), v, out);
            }
        }
        (a, b) if a != b => out.push(format!("{path}: {a} -> {b}")),
        _ => {}
    }
}

impl Administration {
    /// The use case over the ports it needs, taken from the portal's.
    pub fn new(p: &Ports) -> Self {
        Self {
            clock: p.clock.clone(),
            random: p.random.clone(),
            users: p.users.clone(),
            outbox: p.outbox.clone(),
            settings: p.settings.clone(),
            templates: p.templates.clone(),
            texts: p.texts.clone(),
            invitations: p.invitations.clone(),
            downloads: p.downloads.clone(),
            attachments: p.attachments.clone(),
            audit: super::Audit::of(p),
        }
    }

    fn check(actor: &User) -> Result<(), AdminError> {
        if actor.kind == UserKind::Admin && actor.status == UserStatus::Active {
            Ok(())
        } else {
            Err(AdminError::NotAdmin)
        }
    }

    /// Replaces the settings after validating them; returns the changes made (`path: old ->
    /// new`), each also in the audit log.
    ///
    /// # Errors
    /// [`AdminError`]; nothing is saved on error.
    pub async fn update_settings(&self, actor: &User, new: PortalSettings) -> Result<Vec<String>, AdminError> {
        Self::check(actor)?;
        new.validate()?;
        let p = self;
        let old = p.settings.load_settings().await?;
        let mut changes = Vec::new();
        let to_json = |s: &PortalSettings| serde_json::to_value(s).unwrap_or(serde_json::Value::Null);
        differences("", &to_json(&old), &to_json(&new), &mut changes);
        if changes.is_empty() {
            return Ok(changes);
        }
        p.settings.save_settings(&new).await?;
        for change in &changes {
            let (subject, detail) = change.split_once(": ").unwrap_or((change.as_str(), ""));
            p.audit
                .record(Some(actor.email.as_str()), "settings.changed", subject, detail)
                .await;
        }
        Ok(changes)
    }

    /// Users matching `query`, by address, after `after`, at most `limit`.
    ///
    /// # Errors
    /// [`AdminError::NotAdmin`], or storage.
    pub async fn users(
        &self,
        actor: &User,
        query: &UserQuery,
        after: Option<String>,
        limit: u32,
    ) -> Result<UserPage, AdminError> {
        Self::check(actor)?;
        Ok(self.users.search_users(query, after, limit).await?)
    }

    /// The user with this address, if any.
    ///
    /// # Errors
    /// [`AdminError::NotAdmin`], or storage.
    pub async fn find_by_email(&self, actor: &User, address: &crate::EmailAddress) -> Result<Option<User>, AdminError> {
        Self::check(actor)?;
        Ok(self.users.find_user_by_email(address).await?)
    }

    /// Everyone's recipients matching `query`, under their invitations, newest first, `limit`
    /// recipients per page.
    ///
    /// # Errors
    /// [`AdminError::NotAdmin`], or storage.
    pub async fn recipients(
        &self,
        actor: &User,
        query: &InvitationQuery,
        after: Option<RecipientCursor>,
        limit: u32,
    ) -> Result<RecipientPage, AdminError> {
        Self::check(actor)?;
        Ok(self
            .invitations
            .search_recipients(query, self.clock.now(), after, limit)
            .await?)
    }

    /// Audit entries matching `query`, newest first, older than `before`, at most `limit`.
    ///
    /// # Errors
    /// [`AdminError::NotAdmin`], or storage.
    pub async fn audit_log(
        &self,
        actor: &User,
        query: &AuditQuery,
        before: Option<u64>,
        limit: u32,
    ) -> Result<AuditPage, AdminError> {
        Self::check(actor)?;
        Ok(self.audit.log().search_audit(query, before, limit).await?)
    }

    /// The funnel of the invitations sent at or after `from` and before `until` (at most
    /// `history::MAX_REPORT_DAYS`), grouped `by`, as it stands now.
    ///
    /// # Errors
    /// [`AdminError::NotAdmin`], [`AdminError::Period`], or storage.
    pub async fn funnel(
        &self,
        actor: &User,
        from: time::OffsetDateTime,
        until: time::OffsetDateTime,
        by: crate::history::GroupBy,
    ) -> Result<crate::history::FunnelReport, AdminError> {
        Self::check(actor)?;
        if until <= from || until - from > time::Duration::days(crate::history::MAX_REPORT_DAYS) {
            return Err(AdminError::Period);
        }
        let rows = self.invitations.funnel_rows(from, until).await?;
        Ok(crate::history::FunnelReport::build(&rows, by, self.clock.now()))
    }

    /// The console's home page: accounts waiting (at most `pending_shown` counted) and the
    /// files kept.
    ///
    /// # Errors
    /// [`AdminError::NotAdmin`], or storage.
    pub async fn overview(&self, actor: &User, pending_shown: u32) -> Result<Overview, AdminError> {
        Self::check(actor)?;
        let waiting = UserQuery {
            status: Some(UserStatus::PendingApproval),
            ..UserQuery::default()
        };
        let page = self.users.search_users(&waiting, None, pending_shown).await?;
        let (files, file_bytes) = self.downloads.attachment_totals().await?;
        let orphans = UserQuery {
            status: Some(UserStatus::Active),
            sponsor: Some(crate::query::SponsorFilter::Nobody),
            ..UserQuery::default()
        };
        let unsponsored = self
            .users
            .search_users(&orphans, None, pending_shown)
            .await?
            .users
            .len();
        Ok(Overview {
            pending: page.users.len(),
            more_pending: page.next.is_some(),
            files,
            file_bytes,
            disk_bytes: self.attachments.usage().await.unwrap_or(0),
            unsponsored,
        })
    }

    /// Hands a Drop-Off account to a new sponsor: an active staff member, by address.
    ///
    /// # Errors
    /// [`AdminError::UnknownUser`]; [`AdminError::WrongState`] when the account is not a
    /// Drop-Off account or the address is not an active staff member's.
    pub async fn set_sponsor(&self, actor: &User, id: UserId, sponsor: &str) -> Result<(), AdminError> {
        Self::check(actor)?;
        let guest = self.user(id).await?;
        if guest.kind != UserKind::External {
            return Err(AdminError::WrongState("only Drop-Off accounts have a sponsor"));
        }
        let address = crate::EmailAddress::parse(sponsor.trim())
            .map_err(|_| AdminError::WrongState("enter the address of the staff member who answers for this guest"))?;
        let staff = self
            .users
            .find_user_by_email(&address)
            .await?
            .filter(|u| u.kind == UserKind::Internal && u.status == UserStatus::Active)
            .ok_or(AdminError::WrongState("the sponsor must be an active staff member"))?;
        if guest.sponsor_id == Some(staff.id) {
            return Ok(());
        }
        let before = match guest.sponsor_id {
            Some(old) => self
                .users
                .find_user(old)
                .await?
                .map_or_else(|| "(deleted)".to_owned(), |u| u.email.as_str().to_owned()),
            None => "nobody".to_owned(),
        };
        self.users.set_sponsor(id, Some(staff.id)).await?;
        self.audit
            .record(
                Some(actor.email.as_str()),
                "user.sponsor",
                guest.email.as_str(),
                format!("{before} -> {}", staff.email.as_str()),
            )
            .await;
        Ok(())
    }

    async fn user(&self, id: UserId) -> Result<User, AdminError> {
        self.users.find_user(id).await?.ok_or(AdminError::UnknownUser)
    }

    /// Sets a user's own invitation permission.
    ///
    /// # Errors
    /// [`AdminError`].
    pub async fn set_invitation_setting(
        &self,
        actor: &User,
        id: UserId,
        setting: InvitationSetting,
    ) -> Result<(), AdminError> {
        Self::check(actor)?;
        let user = self.user(id).await?;
        if user.invitation_setting == setting {
            return Ok(());
        }
        self.users.set_invitation_setting(id, setting).await?;
        let detail = format!("{} -> {}", user.invitation_setting.as_str(), setting.as_str());
        self.audit
            .record(
                Some(actor.email.as_str()),
                "user.invitation_setting",
                user.email.as_str(),
                detail,
            )
            .await;
        Ok(())
    }

    /// Sets a user's own quota (`None`: their kind's applies again); audited as
    /// `user.quota` with the old and new values.
    ///
    /// # Errors
    /// [`AdminError::WrongState`] for a limit above [`Quota::MOST`]; an unknown user.
    pub async fn set_quota(&self, actor: &User, id: UserId, quota: Option<Quota>) -> Result<(), AdminError> {
        Self::check(actor)?;
        let user = self.user(id).await?;
        if quota.is_some_and(|q| q.per_day > Quota::MOST || q.pending > Quota::MOST) {
            return Err(AdminError::WrongState("each limit is at most 1000000 (0: no limit)"));
        }
        if user.quota == quota {
            return Ok(());
        }
        self.users.set_user_quota(id, quota).await?;
        let shown = |q: Option<Quota>| {
            q.map_or_else(
                || "as for their kind".to_owned(),
                |q| format!("{} a day, {} waiting", q.per_day, q.pending),
            )
        };
        self.audit
            .record(
                Some(actor.email.as_str()),
                "user.quota",
                user.email.as_str(),
                format!("{} -> {}", shown(user.quota), shown(quota)),
            )
            .await;
        Ok(())
    }

    /// Approves a pending account; the user is told by email.
    ///
    /// # Errors
    /// [`AdminError::WrongState`] unless the account is pending.
    pub async fn approve(&self, actor: &User, id: UserId) -> Result<(), AdminError> {
        Self::check(actor)?;
        let user = self.user(id).await?;
        if user.status != UserStatus::PendingApproval {
            return Err(AdminError::WrongState("only a pending account can be approved"));
        }
        let p = self;
        p.users.set_user_status(id, UserStatus::Active).await?;
        let now = p.clock.now();
        p.outbox
            .enqueue(&OutboxMessage::new(
                MessageId::generate(p.random.as_ref()),
                OutboxKind::Welcome { user_id: id },
                now,
            ))
            .await?;
        p.audit
            .record(
                Some(actor.email.as_str()),
                "user.approved",
                user.email.as_str(),
                "pending_approval -> active",
            )
            .await;
        Ok(())
    }

    /// Rejects a pending account: it is disabled and the user is told by email.
    ///
    /// # Errors
    /// [`AdminError::WrongState`] unless the account is pending.
    pub async fn reject(&self, actor: &User, id: UserId) -> Result<(), AdminError> {
        Self::check(actor)?;
        let user = self.user(id).await?;
        if user.status != UserStatus::PendingApproval {
            return Err(AdminError::WrongState("only a pending account can be rejected"));
        }
        let p = self;
        p.users.set_user_status(id, UserStatus::Disabled).await?;
        let now = p.clock.now();
        p.outbox
            .enqueue(&OutboxMessage::new(
                MessageId::generate(p.random.as_ref()),
                OutboxKind::Rejected { user_id: id },
                now,
            ))
            .await?;
        p.audit
            .record(
                Some(actor.email.as_str()),
                "user.rejected",
                user.email.as_str(),
                "pending_approval -> disabled",
            )
            .await;
        Ok(())
    }

    /// Disables (or re-enables) an account. The last active administrator stays.
    ///
    /// # Errors
    /// [`AdminError`].
    pub async fn set_enabled(&self, actor: &User, id: UserId, enabled: bool) -> Result<(), AdminError> {
        Self::check(actor)?;
        let user = self.user(id).await?;
        let target = if enabled {
            UserStatus::Active
        } else {
            UserStatus::Disabled
        };
        if user.status == target {
            return Ok(());
        }
        if !enabled && user.kind == UserKind::Admin {
            let active_admins = crate::query::UserQuery {
                kind: Some(UserKind::Admin),
                status: Some(UserStatus::Active),
                ..Default::default()
            };
            let admins = self.users.search_users(&active_admins, None, 2).await?.users.len();
            if admins <= 1 {
                return Err(AdminError::LastAdmin);
            }
        }
        self.users.set_user_status(id, target).await?;
        let detail = format!("{} -> {}", user.status.as_str(), target.as_str());
        self.audit
            .record(Some(actor.email.as_str()), "user.status", user.email.as_str(), detail)
            .await;
        Ok(())
    }

    /// A template in force in a language and where its text comes from
    /// ([`super::TemplateOrigin`]): the administrator's version in the language, else theirs in
    /// the default language, else the built-in text of the language.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn template(
        &self,
        kind: TemplateKind,
        language: Language,
    ) -> Result<(InvitationTemplate, super::TemplateOrigin), StoreError> {
        let default = self.settings.load_settings().await?.default_language;
        let found =
            super::template_in_force(self.templates.as_ref(), self.texts.as_ref(), kind, language, default).await?;
        Ok((found.template, found.origin))
    }

    /// The built-in text of a template in a language (what *Reset* goes back to).
    pub fn builtin_template(&self, kind: TemplateKind, language: Language) -> String {
        self.texts.builtin_template(kind, language)
    }

    /// Saves a template's version in a language after checking it (a subject must also make a
    /// valid subject).
    ///
    /// # Errors
    /// [`AdminError::Template`] or [`AdminError::Subject`]; nothing is saved.
    pub async fn save_template(
        &self,
        actor: &User,
        kind: TemplateKind,
        language: Language,
        source: &str,
    ) -> Result<InvitationTemplate, AdminError> {
        Self::check(actor)?;
        let template = InvitationTemplate::parse_for(kind, source)?;
        if kind == TemplateKind::Subject {
            let longest = "x".repeat(100);
            Subject::parse(&template.render_values(&[("inviter_name", &longest), ("portal_name", "Postern")]))?;
        }
        let key = language.template_key(kind);
        self.templates.save_template(&key, template.source()).await?;
        self.audit
            .record(Some(actor.email.as_str()), "template.changed", &key, template.source())
            .await;
        Ok(template)
    }

    /// Removes the administrator's version of a template in a language (the default
    /// language's version, or the built-in text, applies again).
    ///
    /// # Errors
    /// [`AdminError`].
    pub async fn reset_template(&self, actor: &User, kind: TemplateKind, language: Language) -> Result<(), AdminError> {
        Self::check(actor)?;
        // Nothing of the administrator's own in this language: nothing to remove or record.
        if self.template(kind, language).await?.1 != super::TemplateOrigin::Own {
            return Ok(());
        }
        let key = language.template_key(kind);
        self.templates.reset_template(&key).await?;
        self.audit
            .record(
                Some(actor.email.as_str()),
                "template.reset",
                &key,
                &format!("{} text removed", language.code()),
            )
            .await;
        Ok(())
    }

    /// The invitation template in force in the default language, and whether it is the
    /// administrator's own.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn invitation_template(&self) -> Result<(InvitationTemplate, bool), StoreError> {
        let language = self.settings.load_settings().await?.default_language;
        let (t, origin) = self.template(TemplateKind::Invitation, language).await?;
        Ok((t, origin == super::TemplateOrigin::Own))
    }

    /// Saves the invitation template of the default language after checking it.
    ///
    /// # Errors
    /// [`AdminError::Template`]; nothing is saved.
    pub async fn save_invitation_template(&self, actor: &User, source: &str) -> Result<InvitationTemplate, AdminError> {
        let language = self.settings.load_settings().await?.default_language;
        self.save_template(actor, TemplateKind::Invitation, language, source)
            .await
    }

    /// Back to the built-in invitation template of the default language.
    ///
    /// # Errors
    /// [`AdminError`].
    pub async fn reset_invitation_template(&self, actor: &User) -> Result<(), AdminError> {
        let language = self.settings.load_settings().await?.default_language;
        self.reset_template(actor, TemplateKind::Invitation, language).await
    }
}
