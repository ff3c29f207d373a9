//! The personal API token repository.

use async_trait::async_trait;
use postern_domain::ids::{ApiTokenId, UserId};
use postern_domain::ports::{ApiTokenRecord, ApiTokenRepository, StoreError};
use postern_domain::token::{TokenDigest, TokenScope};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder};
use time::OffsetDateTime;

use crate::entities::api_token;
use crate::invitations::digest_from_hex;
use crate::{SqlStore, corrupt, from_micros, micros, store_err};

fn from_row(r: api_token::Model) -> Result<ApiTokenRecord, StoreError> {
    let created_at = from_micros(r.created_at)?;
    Ok(ApiTokenRecord {
        id: ApiTokenId::from_uuid(r.id),
        user_id: UserId::from_uuid(r.user_id),
        name: r.name,
        digest: digest_from_hex(&r.digest).ok_or_else(|| corrupt("api token"))?,
        created_at,
        last_used_at: r.last_used_at.map(from_micros).transpose()?,
        revoked_at: r.revoked_at.map(from_micros).transpose()?,
        // A row without an expiry is treated as already expired, never as eternal.
        expires_at: r.expires_at.map(from_micros).transpose()?.unwrap_or(created_at),
        scope: TokenScope::from_name(&r.scope).ok_or_else(|| corrupt("api token scope"))?,
    })
}

#[async_trait]
impl ApiTokenRepository for SqlStore {
    async fn create_api_token(&self, t: &ApiTokenRecord) -> Result<(), StoreError> {
        let row = api_token::Model {
            id: t.id.as_uuid(),
            user_id: t.user_id.as_uuid(),
            name: t.name.clone(),
            digest: t.digest.to_hex(),
            created_at: micros(t.created_at),
            last_used_at: t.last_used_at.map(micros),
            revoked_at: t.revoked_at.map(micros),
            expires_at: Some(micros(t.expires_at)),
            scope: t.scope.as_str().to_owned(),
        };
        api_token::Entity::insert(row.into_active_model())
            .exec_without_returning(&self.db)
            .await
            .map_err(store_err)?;
        Ok(())
    }

    async fn find_api_token(&self, digest: &TokenDigest) -> Result<Option<ApiTokenRecord>, StoreError> {
        self.by_key(api_token::Entity::find().filter(api_token::Column::Digest.eq(digest.to_hex())))
            .await?
            .map(from_row)
            .transpose()
    }

    async fn list_api_tokens(&self, user: UserId) -> Result<Vec<ApiTokenRecord>, StoreError> {
        api_token::Entity::find()
            .filter(api_token::Column::UserId.eq(user.as_uuid()))
            .order_by_desc(api_token::Column::CreatedAt)
            .order_by_desc(api_token::Column::Id)
            .all(&self.db)
            .await
            .map_err(store_err)?
            .into_iter()
            .map(from_row)
            .collect()
    }

    async fn revoke_api_token(&self, user: UserId, id: ApiTokenId, at: OffsetDateTime) -> Result<(), StoreError> {
        let r = api_token::Entity::update_many()
            .col_expr(api_token::Column::RevokedAt, Expr::value(Some(micros(at))))
            .filter(api_token::Column::Id.eq(id.as_uuid()))
            .filter(api_token::Column::UserId.eq(user.as_uuid()))
            .filter(api_token::Column::RevokedAt.is_null())
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        if r.rows_affected == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    async fn touch_api_token(&self, id: ApiTokenId, at: OffsetDateTime) -> Result<(), StoreError> {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, Expr::value(Some(micros(at))))
            .filter(api_token::Column::Id.eq(id.as_uuid()))
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        Ok(())
    }
}
