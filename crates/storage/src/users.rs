//! The user repository.

use async_trait::async_trait;
use postern_domain::EmailAddress;
use postern_domain::ids::UserId;
use postern_domain::policy::{InvitationSetting, Quota};
use postern_domain::ports::{StoreError, UserRepository};
use postern_domain::query::{SponsorFilter, UserPage, UserQuery};
use postern_domain::text::DisplayName;
use postern_domain::user::{PasswordHash, User, UserKind, UserStatus};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::user;
use crate::{SqlStore, contains, corrupt, from_micros, lower, micros, store_err};

pub(crate) fn to_row(u: &User) -> user::Model {
    user::Model {
        id: u.id.as_uuid(),
        email: u.email.as_str().to_owned(),
        email_normalized: u.email.normalized().to_owned(),
        display_name: u.display_name.as_str().to_owned(),
        kind: u.kind.as_str().to_owned(),
        status: u.status.as_str().to_owned(),
        invitation_setting: u.invitation_setting.as_str().to_owned(),
        password_hash: u.password_hash.as_ref().map(|h| h.as_str().to_owned()),
        created_at: micros(u.created_at),
        last_seen_at: u.last_seen_at.map(micros),
        directory_may_invite: u.directory_may_invite,
        sponsor_id: u.sponsor_id.map(|s| s.as_uuid()),
        inactivity_warned_at: None,
        quota_per_day: u.quota.map(|q| i64::from(q.per_day)),
        quota_pending: u.quota.map(|q| i64::from(q.pending)),
        language: None,
    }
}

fn from_row(r: user::Model) -> Result<User, StoreError> {
    Ok(User {
        id: UserId::from_uuid(r.id),
        email: EmailAddress::parse(&r.email).map_err(|_| corrupt("user"))?,
        display_name: DisplayName::parse(&r.display_name).map_err(|_| corrupt("user"))?,
        kind: UserKind::from_name(&r.kind).ok_or_else(|| corrupt("user"))?,
        status: UserStatus::from_name(&r.status).ok_or_else(|| corrupt("user"))?,
        invitation_setting: InvitationSetting::from_name(&r.invitation_setting).ok_or_else(|| corrupt("user"))?,
        password_hash: r.password_hash.map(PasswordHash::new),
        directory_may_invite: r.directory_may_invite,
        sponsor_id: r.sponsor_id.map(UserId::from_uuid),
        last_seen_at: r.last_seen_at.map(from_micros).transpose()?,
        created_at: from_micros(r.created_at)?,
        quota: match (r.quota_per_day, r.quota_pending) {
            (Some(per_day), Some(pending)) => Some(Quota {
                per_day: u32::try_from(per_day).map_err(|_| corrupt("user"))?,
                pending: u32::try_from(pending).map_err(|_| corrupt("user"))?,
            }),
            _ => None,
        },
    })
}

pub(crate) async fn insert_user(
    db: &impl ConnectionTrait,
    u: &User,
    language: Option<postern_domain::Language>,
) -> Result<(), StoreError> {
    let mut row = to_row(u);
    row.language = language.map(|l| l.code().to_owned());
    user::Entity::insert(row.into_active_model())
        .exec_without_returning(db)
        .await
        .map_err(store_err)?;
    Ok(())
}

impl SqlStore {
    async fn update_user(&self, id: UserId, column: user::Column, value: Option<String>) -> Result<(), StoreError> {
        let result = user::Entity::update_many()
            .col_expr(column, Expr::value(value))
            .filter(user::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        if result.rows_affected == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }
}

#[async_trait]
impl UserRepository for SqlStore {
    async fn create_user(&self, user: &User) -> Result<(), StoreError> {
        insert_user(&self.db, user, None).await
    }
    async fn find_user_by_email(&self, email: &EmailAddress) -> Result<Option<User>, StoreError> {
        self.by_column::<user::Entity>(user::Column::EmailNormalized, email.normalized().into())
            .await?
            .map(from_row)
            .transpose()
    }
    async fn find_users_by_emails(&self, emails: &[EmailAddress]) -> Result<Vec<User>, StoreError> {
        let mut normalized: Vec<String> = emails.iter().map(|e| e.normalized().to_owned()).collect();
        normalized.sort_unstable();
        normalized.dedup();
        let mut found = Vec::new();
        // Within every engine's limit of bound values per statement.
        for chunk in normalized.chunks(500) {
            let rows = self
                .by_keys(user::Entity::find().filter(user::Column::EmailNormalized.is_in(chunk.iter().cloned())))
                .await?;
            for row in rows {
                found.push(from_row(row)?);
            }
        }
        Ok(found)
    }
    async fn set_user_quota(&self, id: UserId, quota: Option<Quota>) -> Result<(), StoreError> {
        let done = user::Entity::update_many()
            .col_expr(
                user::Column::QuotaPerDay,
                Expr::value(quota.map(|q| i64::from(q.per_day))),
            )
            .col_expr(
                user::Column::QuotaPending,
                Expr::value(quota.map(|q| i64::from(q.pending))),
            )
            .filter(user::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        if done.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
    async fn find_user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        self.by_key(user::Entity::find_by_id(id.as_uuid()))
            .await?
            .map(from_row)
            .transpose()
    }
    async fn language_of(&self, id: UserId) -> Result<Option<postern_domain::Language>, StoreError> {
        Ok(self
            .by_key(user::Entity::find_by_id(id.as_uuid()))
            .await?
            .and_then(|r| r.language)
            .and_then(|code| postern_domain::Language::parse(&code)))
    }
    async fn set_language(&self, id: UserId, language: Option<postern_domain::Language>) -> Result<(), StoreError> {
        self.update_user(id, user::Column::Language, language.map(|l| l.code().to_owned()))
            .await
    }
    async fn set_invitation_setting(&self, id: UserId, setting: InvitationSetting) -> Result<(), StoreError> {
        self.update_user(id, user::Column::InvitationSetting, Some(setting.as_str().to_owned()))
            .await
    }
    async fn set_user_status(&self, id: UserId, status: UserStatus) -> Result<(), StoreError> {
        self.update_user(id, user::Column::Status, Some(status.as_str().to_owned()))
            .await
    }
    async fn set_password_hash(&self, id: UserId, hash: &PasswordHash) -> Result<(), StoreError> {
        self.update_user(id, user::Column::PasswordHash, Some(hash.as_str().to_owned()))
            .await
    }
    async fn refresh_directory_user(
        &self,
        id: UserId,
        display_name: &DisplayName,
        directory_may_invite: bool,
    ) -> Result<(), StoreError> {
        let r = user::Entity::update_many()
            .col_expr(user::Column::DisplayName, Expr::value(display_name.as_str()))
            .col_expr(user::Column::DirectoryMayInvite, Expr::value(directory_may_invite))
            .filter(user::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        if r.rows_affected == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }
    async fn record_sign_in(&self, id: UserId, at: time::OffsetDateTime) -> Result<(), StoreError> {
        let r = user::Entity::update_many()
            .col_expr(user::Column::LastSeenAt, Expr::value(Some(micros(at))))
            .filter(user::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        if r.rows_affected == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    async fn inactive_users(&self, kind: UserKind, before: time::OffsetDateTime) -> Result<Vec<User>, StoreError> {
        let before = micros(before);
        user::Entity::find()
            .filter(user::Column::Kind.eq(kind.as_str()))
            .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
            .filter(
                sea_orm::Condition::any().add(user::Column::LastSeenAt.lt(before)).add(
                    sea_orm::Condition::all()
                        .add(user::Column::LastSeenAt.is_null())
                        .add(user::Column::CreatedAt.lt(before)),
                ),
            )
            .order_by_asc(user::Column::EmailNormalized)
            .all(&self.db)
            .await
            .map_err(store_err)?
            .into_iter()
            .map(from_row)
            .collect()
    }

    async fn unwarned_inactive_users(
        &self,
        kind: UserKind,
        before: time::OffsetDateTime,
    ) -> Result<Vec<User>, StoreError> {
        let before = micros(before);
        // The last use: the last sign-in, else the creation.
        let used = || {
            sea_orm::sea_query::Func::coalesce([
                Expr::col(user::Column::LastSeenAt),
                Expr::col(user::Column::CreatedAt),
            ])
        };
        user::Entity::find()
            .filter(user::Column::Kind.eq(kind.as_str()))
            .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
            .filter(Expr::expr(used()).lt(before))
            .filter(
                Condition::any()
                    .add(user::Column::InactivityWarnedAt.is_null())
                    .add(Expr::col(user::Column::InactivityWarnedAt).lt(used())),
            )
            .order_by_asc(user::Column::EmailNormalized)
            .all(&self.db)
            .await
            .map_err(store_err)?
            .into_iter()
            .map(from_row)
            .collect()
    }

    async fn mark_inactivity_warned(&self, id: UserId, at: time::OffsetDateTime) -> Result<(), StoreError> {
        let r = user::Entity::update_many()
            .col_expr(user::Column::InactivityWarnedAt, Expr::value(Some(micros(at))))
            .filter(user::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        if r.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn set_sponsor(&self, id: UserId, sponsor: Option<UserId>) -> Result<(), StoreError> {
        let r = user::Entity::update_many()
            .col_expr(user::Column::SponsorId, Expr::value(sponsor.map(|s| s.as_uuid())))
            .filter(user::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        if r.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn sponsored_users(&self) -> Result<Vec<User>, StoreError> {
        user::Entity::find()
            .filter(user::Column::Kind.eq(UserKind::External.as_str()))
            .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
            .filter(user::Column::SponsorId.is_not_null())
            .order_by_asc(user::Column::EmailNormalized)
            .all(&self.db)
            .await
            .map_err(store_err)?
            .into_iter()
            .map(from_row)
            .collect()
    }

    async fn search_users(&self, query: &UserQuery, after: Option<String>, limit: u32) -> Result<UserPage, StoreError> {
        let mut find = user::Entity::find();
        if let Some(text) = &query.text {
            find = find.filter(
                Condition::any()
                    .add(Expr::col(user::Column::EmailNormalized).like(contains(text)))
                    .add(lower(user::Column::DisplayName).like(contains(text))),
            );
        }
        if let Some(kind) = query.kind {
            find = find.filter(user::Column::Kind.eq(kind.as_str()));
        }
        if let Some(status) = query.status {
            find = find.filter(user::Column::Status.eq(status.as_str()));
        }
        match query.sponsor {
            None => {}
            Some(SponsorFilter::Of(id)) => find = find.filter(user::Column::SponsorId.eq(id.as_uuid())),
            Some(SponsorFilter::Nobody) => {
                find = find
                    .filter(user::Column::Kind.eq(UserKind::External.as_str()))
                    .filter(user::Column::SponsorId.is_null());
            }
        }
        if let Some(after) = after {
            find = find.filter(user::Column::EmailNormalized.gt(after));
        }
        let rows = find
            .order_by_asc(user::Column::EmailNormalized)
            .limit(u64::from(limit) + 1)
            .all(&self.db)
            .await
            .map_err(store_err)?;
        let mut users = rows.into_iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
        let more = users.len() > limit as usize;
        users.truncate(limit as usize);
        let next = if more {
            users.last().map(|u| u.email.normalized().to_owned())
        } else {
            None
        };
        Ok(UserPage { users, next })
    }

    async fn list_users(&self) -> Result<Vec<User>, StoreError> {
        user::Entity::find()
            .order_by_asc(user::Column::EmailNormalized)
            .all(&self.db)
            .await
            .map_err(store_err)?
            .into_iter()
            .map(from_row)
            .collect()
    }
}
