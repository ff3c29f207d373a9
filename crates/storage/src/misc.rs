//! Settings, templates, audit log and sessions.

use std::sync::Arc;

use async_trait::async_trait;
use postern_domain::ids::UserId;
use postern_domain::policy::PortalSettings;
use postern_domain::ports::{
    AuditEvent, AuditLog, SessionOwner, SessionStore, SessionSummary, SettingsRepository, StoreError, TemplateStore,
};
use postern_domain::query::{AuditPage, AuditQuery};
use sea_orm::sea_query::{Condition, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use time::OffsetDateTime;

use crate::entities::{audit_log, session, setting, template};
use crate::writer::Exec;
use crate::{SqlStore, contains, corrupt, from_micros, lower, micros, store_err};

#[async_trait]
impl SettingsRepository for SqlStore {
    async fn load_settings(&self) -> Result<Arc<PortalSettings>, StoreError> {
        if let Some(cached) = self.settings.fresh() {
            return Ok(cached);
        }
        let loaded = Arc::new(match self.by_key(setting::Entity::find_by_id(1)).await? {
            Some(row) => serde_json::from_str(&row.document).map_err(|_| corrupt("settings"))?,
            None => PortalSettings::default(),
        });
        self.settings.keep(loaded.clone());
        Ok(loaded)
    }

    async fn save_settings(&self, settings: &PortalSettings) -> Result<(), StoreError> {
        let document = serde_json::to_string(settings).map_err(|e| StoreError::Unavailable(e.to_string()))?;
        let row = setting::ActiveModel {
            id: Set(1),
            document: Set(document),
        };
        setting::Entity::insert(row)
            .on_conflict(
                OnConflict::column(setting::Column::Id)
                    .update_column(setting::Column::Document)
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await
            .map_err(store_err)?;
        self.settings.keep(Arc::new(settings.clone()));
        Ok(())
    }
}

#[async_trait]
impl TemplateStore for SqlStore {
    async fn template(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .by_key(template::Entity::find_by_id(name.to_owned()))
            .await?
            .map(|t| t.source))
    }

    async fn save_template(&self, name: &str, source: &str) -> Result<(), StoreError> {
        let row = template::ActiveModel {
            name: Set(name.to_owned()),
            source: Set(source.to_owned()),
        };
        template::Entity::insert(row)
            .on_conflict(
                OnConflict::column(template::Column::Name)
                    .update_column(template::Column::Source)
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await
            .map_err(store_err)?;
        Ok(())
    }

    async fn reset_template(&self, name: &str) -> Result<(), StoreError> {
        template::Entity::delete_by_id(name.to_owned())
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        Ok(())
    }
}

#[async_trait]
impl AuditLog for SqlStore {
    async fn record(&self, event: &AuditEvent) -> Result<(), StoreError> {
        let row = audit_log::ActiveModel {
            id: NotSet,
            at: Set(micros(event.at)),
            actor: Set(event.actor.clone()),
            action: Set(event.action.clone()),
            subject: Set(event.subject.clone()),
            detail: Set(event.detail.clone()),
        };
        let insert = audit_log::Entity::insert(row).build(self.backend());
        let written = if self.has_writer() {
            let insert = insert.clone();
            self.on_writer(move |db| db.execute(&insert).map(|_| ())).await
        } else {
            None
        };
        let result = match written {
            Some(done) => done,
            None => self.db.exec(insert).await.map(|_| ()),
        };
        if let Err(e) = &result {
            tracing::error!(action = %event.action, error = %e, "could not write the audit log");
        }
        result.map(|_| ())
    }

    async fn search_audit(&self, query: &AuditQuery, before: Option<u64>, limit: u32) -> Result<AuditPage, StoreError> {
        let mut find = audit_log::Entity::find();
        if let Some(text) = &query.text {
            find = find.filter(
                Condition::any()
                    .add(lower(audit_log::Column::Actor).like(contains(text)))
                    .add(lower(audit_log::Column::Action).like(contains(text)))
                    .add(lower(audit_log::Column::Subject).like(contains(text)))
                    .add(lower(audit_log::Column::Detail).like(contains(text))),
            );
        }
        if let Some(action) = &query.action {
            find = find.filter(audit_log::Column::Action.eq(action.as_str()));
        }
        if let Some(since) = query.since {
            find = find.filter(audit_log::Column::At.gte(micros(since)));
        }
        if let Some(until) = query.until {
            find = find.filter(audit_log::Column::At.lt(micros(until)));
        }
        if let Some(before) = before {
            find = find.filter(audit_log::Column::Id.lt(i64::try_from(before).unwrap_or(i64::MAX)));
        }
        let rows = find
            .order_by_desc(audit_log::Column::Id)
            .limit(u64::from(limit) + 1)
            .all(&self.db)
            .await
            .map_err(store_err)?;
        let more = rows.len() > limit as usize;
        let mut events = Vec::with_capacity(rows.len());
        let mut last = None;
        for r in rows.into_iter().take(limit as usize) {
            last = u64::try_from(r.id).ok();
            events.push(event_from_row(r)?);
        }
        Ok(AuditPage {
            events,
            next: if more { last } else { None },
        })
    }

    async fn recent(&self, limit: u32) -> Result<Vec<AuditEvent>, StoreError> {
        audit_log::Entity::find()
            .order_by_desc(audit_log::Column::Id)
            .limit(u64::from(limit))
            .all(&self.db)
            .await
            .map_err(store_err)?
            .into_iter()
            .map(event_from_row)
            .collect()
    }
}

fn event_from_row(r: audit_log::Model) -> Result<AuditEvent, StoreError> {
    Ok(AuditEvent {
        at: from_micros(r.at)?,
        actor: r.actor,
        action: r.action,
        subject: r.subject,
        detail: r.detail,
    })
}

#[async_trait]
impl SessionStore for SqlStore {
    async fn load_session(&self, key: &str, now: OffsetDateTime) -> Result<Option<String>, StoreError> {
        Ok(self
            .by_key(session::Entity::find_by_id(key.to_owned()).filter(session::Column::ExpiresAt.gt(micros(now))))
            .await?
            .map(|s| s.data))
    }

    async fn save_session(
        &self,
        key: &str,
        data: &str,
        expires_at: OffsetDateTime,
        owner: Option<SessionOwner>,
    ) -> Result<(), StoreError> {
        let row = session::ActiveModel {
            key: Set(key.to_owned()),
            data: Set(data.to_owned()),
            expires_at: Set(micros(expires_at)),
            user_id: Set(owner.as_ref().map(|o| o.user_id.as_uuid())),
            public_id: Set(owner.as_ref().map(|o| o.public_id.clone())),
            created_at: Set(owner.as_ref().map(|o| micros(o.created_at))),
            last_seen_at: Set(owner.as_ref().map(|o| micros(o.last_seen_at))),
            client: Set(owner.as_ref().map(|o| o.client.chars().take(64).collect())),
            agent: Set(owner.as_ref().map(|o| o.agent.chars().take(200).collect())),
            console: Set(owner.as_ref().is_some_and(|o| o.console)),
        };
        session::Entity::insert(row)
            .on_conflict(
                OnConflict::column(session::Column::Key)
                    .update_columns([
                        session::Column::Data,
                        session::Column::ExpiresAt,
                        session::Column::UserId,
                        session::Column::PublicId,
                        session::Column::CreatedAt,
                        session::Column::LastSeenAt,
                        session::Column::Client,
                        session::Column::Agent,
                        session::Column::Console,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await
            .map_err(store_err)?;
        Ok(())
    }

    async fn remove_session(&self, key: &str) -> Result<(), StoreError> {
        session::Entity::delete_by_id(key.to_owned())
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        Ok(())
    }

    async fn list_sessions(&self, user: UserId, now: OffsetDateTime) -> Result<Vec<SessionSummary>, StoreError> {
        session::Entity::find()
            .filter(session::Column::UserId.eq(user.as_uuid()))
            .filter(session::Column::ExpiresAt.gt(micros(now)))
            .order_by_desc(session::Column::LastSeenAt)
            .order_by_asc(session::Column::PublicId)
            .all(&self.db)
            .await
            .map_err(store_err)?
            .into_iter()
            .map(|r| {
                Ok(SessionSummary {
                    owner: SessionOwner {
                        user_id: user,
                        public_id: r.public_id.unwrap_or_default(),
                        created_at: from_micros(r.created_at.unwrap_or(r.expires_at))?,
                        last_seen_at: from_micros(r.last_seen_at.or(r.created_at).unwrap_or(r.expires_at))?,
                        client: r.client.unwrap_or_default(),
                        agent: r.agent.unwrap_or_default(),
                        console: r.console,
                    },
                    expires_at: from_micros(r.expires_at)?,
                })
            })
            .collect()
    }

    async fn end_sessions(
        &self,
        user: UserId,
        public_id: Option<String>,
        keep: Option<String>,
    ) -> Result<u64, StoreError> {
        let mut q = session::Entity::delete_many().filter(session::Column::UserId.eq(user.as_uuid()));
        match (public_id, keep) {
            (Some(one), _) => q = q.filter(session::Column::PublicId.eq(one)),
            (None, Some(keep)) => {
                q = q.filter(
                    Condition::any()
                        .add(session::Column::PublicId.ne(keep))
                        .add(session::Column::PublicId.is_null()),
                );
            }
            (None, None) => {}
        }
        let r = q.exec(&self.db).await.map_err(store_err)?;
        Ok(r.rows_affected)
    }

    async fn purge_sessions(&self, now: OffsetDateTime) -> Result<u64, StoreError> {
        let r = session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lte(micros(now)))
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        Ok(r.rows_affected)
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.db.ping().await.map_err(store_err)
    }

    fn connection_failed_since(&self, since: std::time::Instant) -> bool {
        crate::connection_failed_since(since)
    }

    async fn unreachable_now(&self) -> bool {
        self.probe.unreachable_now().await
    }
}

/// `?` on SQLite, `$n` on PostgreSQL.
fn placeholder(backend: sea_orm::DbBackend, n: usize) -> String {
    match backend {
        sea_orm::DbBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    }
}

#[async_trait]
impl postern_domain::ports::LimitStore for SqlStore {
    async fn count_attempt(&self, key: &str, window: i64) -> Result<u32, StoreError> {
        use sea_orm::ConnectionTrait;
        let b = self.backend();
        let sql = format!(
            "INSERT INTO attempt_counts (key_digest, window_start, attempts) VALUES ({}, {}, 1) \
             ON CONFLICT (key_digest, window_start) DO UPDATE SET attempts = attempt_counts.attempts + 1 \
             RETURNING attempts",
            placeholder(b, 1),
            placeholder(b, 2)
        );
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_sql_and_values(
                b,
                sql,
                [key.into(), window.into()],
            ))
            .await
            .map_err(store_err)?
            .ok_or_else(|| corrupt("attempt_counts"))?;
        let attempts: i32 = row.try_get_by_index(0).map_err(|_| corrupt("attempt_counts"))?;
        Ok(u32::try_from(attempts).unwrap_or(0))
    }

    async fn failures(&self, key: &str) -> Result<Option<(u32, OffsetDateTime)>, StoreError> {
        use sea_orm::ConnectionTrait;
        let b = self.backend();
        let sql = format!(
            "SELECT failures, last_at FROM failure_counts WHERE key_digest = {}",
            placeholder(b, 1)
        );
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_sql_and_values(b, sql, [key.into()]))
            .await
            .map_err(store_err)?;
        let Some(row) = row else { return Ok(None) };
        let failures: i32 = row.try_get_by_index(0).map_err(|_| corrupt("failure_counts"))?;
        let last: i64 = row.try_get_by_index(1).map_err(|_| corrupt("failure_counts"))?;
        Ok(Some((u32::try_from(failures).unwrap_or(0), from_micros(last)?)))
    }

    async fn record_failure(&self, key: &str, at: OffsetDateTime) -> Result<(), StoreError> {
        use sea_orm::ConnectionTrait;
        let b = self.backend();
        let sql = format!(
            "INSERT INTO failure_counts (key_digest, failures, last_at) VALUES ({}, 1, {}) \
             ON CONFLICT (key_digest) DO UPDATE SET failures = failure_counts.failures + 1, last_at = excluded.last_at",
            placeholder(b, 1),
            placeholder(b, 2)
        );
        self.db
            .execute_raw(sea_orm::Statement::from_sql_and_values(
                b,
                sql,
                [key.into(), micros(at).into()],
            ))
            .await
            .map_err(store_err)?;
        Ok(())
    }

    async fn clear_failures(&self, key: &str) -> Result<(), StoreError> {
        use sea_orm::ConnectionTrait;
        let b = self.backend();
        let sql = format!("DELETE FROM failure_counts WHERE key_digest = {}", placeholder(b, 1));
        self.db
            .execute_raw(sea_orm::Statement::from_sql_and_values(b, sql, [key.into()]))
            .await
            .map_err(store_err)?;
        Ok(())
    }

    async fn purge_limits(&self, window: i64, failed: OffsetDateTime) -> Result<u64, StoreError> {
        use sea_orm::ConnectionTrait;
        let b = self.backend();
        let windows = self
            .db
            .execute_raw(sea_orm::Statement::from_sql_and_values(
                b,
                format!("DELETE FROM attempt_counts WHERE window_start < {}", placeholder(b, 1)),
                [window.into()],
            ))
            .await
            .map_err(store_err)?;
        let failures = self
            .db
            .execute_raw(sea_orm::Statement::from_sql_and_values(
                b,
                format!("DELETE FROM failure_counts WHERE last_at < {}", placeholder(b, 1)),
                [micros(failed).into()],
            ))
            .await
            .map_err(store_err)?;
        Ok(windows.rows_affected() + failures.rows_affected())
    }
}
