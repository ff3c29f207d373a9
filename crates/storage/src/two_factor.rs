//! Two-factor enrolments and recovery codes. Accepting a step and using a recovery code are
//! single conditional updates, so two instances cannot both accept the same code.

use async_trait::async_trait;
use postern_domain::ids::UserId;
use postern_domain::ports::{StoreError, TwoFactorRecord, TwoFactorRepository};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};
use time::OffsetDateTime;

use crate::entities::{recovery_code, two_factor};
use crate::{SqlStore, corrupt, from_micros, micros, store_err};

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Replaces the user's recovery codes with `digests`, inside `txn`.
async fn replace_codes(txn: &DatabaseTransaction, user: UserId, digests: Vec<String>) -> Result<(), StoreError> {
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user.as_uuid()))
        .exec(txn)
        .await
        .map_err(store_err)?;
    let rows: Vec<recovery_code::ActiveModel> = digests
        .into_iter()
        .map(|digest| recovery_code::ActiveModel {
            digest: Set(digest),
            user_id: Set(user.as_uuid()),
            used_at: Set(None),
        })
        .collect();
    if !rows.is_empty() {
        recovery_code::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await
            .map_err(store_err)?;
    }
    Ok(())
}

#[async_trait]
impl TwoFactorRepository for SqlStore {
    async fn find_two_factor(&self, user: UserId) -> Result<Option<TwoFactorRecord>, StoreError> {
        let Some(r) = self.by_key(two_factor::Entity::find_by_id(user.as_uuid())).await? else {
            return Ok(None);
        };
        Ok(Some(TwoFactorRecord {
            user_id: user,
            sealed_secret: unhex(&r.sealed_secret).ok_or_else(|| corrupt("two-factor secret"))?,
            confirmed: r.confirmed,
            created_at: from_micros(r.created_at)?,
            confirmed_at: r.confirmed_at.map(from_micros).transpose()?,
            last_step: r.last_step,
        }))
    }

    async fn start_two_factor(&self, record: &TwoFactorRecord) -> Result<(), StoreError> {
        let row = two_factor::ActiveModel {
            user_id: Set(record.user_id.as_uuid()),
            sealed_secret: Set(hex(&record.sealed_secret)),
            confirmed: Set(false),
            created_at: Set(micros(record.created_at)),
            confirmed_at: Set(None),
            last_step: Set(0),
        };
        // Replaces an enrolment in progress, never a confirmed one.
        let txn = self.db.begin().await.map_err(store_err)?;
        two_factor::Entity::delete_many()
            .filter(two_factor::Column::UserId.eq(record.user_id.as_uuid()))
            .filter(two_factor::Column::Confirmed.eq(false))
            .exec(&txn)
            .await
            .map_err(store_err)?;
        let inserted = two_factor::Entity::insert(row)
            .on_conflict(OnConflict::column(two_factor::Column::UserId).do_nothing().to_owned())
            .exec_without_returning(&txn)
            .await
            .map_err(store_err)?;
        txn.commit().await.map_err(store_err)?;
        if inserted == 0 {
            return Err(StoreError::Conflict("two-factor sign-in is on".into()));
        }
        Ok(())
    }

    async fn confirm_two_factor(
        &self,
        user: UserId,
        step: i64,
        at: OffsetDateTime,
        digests: Vec<String>,
    ) -> Result<(), StoreError> {
        let txn = self.db.begin().await.map_err(store_err)?;
        let r = two_factor::Entity::update_many()
            .col_expr(two_factor::Column::Confirmed, Expr::value(true))
            .col_expr(two_factor::Column::ConfirmedAt, Expr::value(Some(micros(at))))
            .col_expr(two_factor::Column::LastStep, Expr::value(step))
            .filter(two_factor::Column::UserId.eq(user.as_uuid()))
            .filter(two_factor::Column::Confirmed.eq(false))
            .exec(&txn)
            .await
            .map_err(store_err)?;
        if r.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        replace_codes(&txn, user, digests).await?;
        txn.commit().await.map_err(store_err)
    }

    async fn use_step(&self, user: UserId, step: i64) -> Result<bool, StoreError> {
        let r = two_factor::Entity::update_many()
            .col_expr(two_factor::Column::LastStep, Expr::value(step))
            .filter(two_factor::Column::UserId.eq(user.as_uuid()))
            .filter(two_factor::Column::Confirmed.eq(true))
            .filter(two_factor::Column::LastStep.lt(step))
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        Ok(r.rows_affected == 1)
    }

    async fn use_recovery_code(&self, user: UserId, digest: String, at: OffsetDateTime) -> Result<bool, StoreError> {
        let r = recovery_code::Entity::update_many()
            .col_expr(recovery_code::Column::UsedAt, Expr::value(Some(micros(at))))
            .filter(recovery_code::Column::Digest.eq(digest))
            .filter(recovery_code::Column::UserId.eq(user.as_uuid()))
            .filter(recovery_code::Column::UsedAt.is_null())
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        Ok(r.rows_affected == 1)
    }

    async fn replace_recovery_codes(&self, user: UserId, digests: Vec<String>) -> Result<(), StoreError> {
        let txn = self.db.begin().await.map_err(store_err)?;
        replace_codes(&txn, user, digests).await?;
        txn.commit().await.map_err(store_err)
    }

    async fn unused_recovery_codes(&self, user: UserId) -> Result<u32, StoreError> {
        let n = recovery_code::Entity::find()
            .filter(recovery_code::Column::UserId.eq(user.as_uuid()))
            .filter(recovery_code::Column::UsedAt.is_null())
            .count(&self.db)
            .await
            .map_err(store_err)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn remove_two_factor(&self, user: UserId) -> Result<bool, StoreError> {
        let txn = self.db.begin().await.map_err(store_err)?;
        recovery_code::Entity::delete_many()
            .filter(recovery_code::Column::UserId.eq(user.as_uuid()))
            .exec(&txn)
            .await
            .map_err(store_err)?;
        let r = two_factor::Entity::delete_many()
            .filter(two_factor::Column::UserId.eq(user.as_uuid()))
            .exec(&txn)
            .await
            .map_err(store_err)?;
        txn.commit().await.map_err(store_err)?;
        Ok(r.rows_affected > 0)
    }
}
