//! Download links (digests only), download counts, and the lifetime of stored files.

use async_trait::async_trait;
use postern_domain::files::Attachment;
use postern_domain::ids::{AttachmentId, RecipientId};
use postern_domain::invitation::Invitation;
use postern_domain::invitation::TokenState;
use postern_domain::ports::{Charged, DownloadCharge, DownloadLink, DownloadRepository, StoreError};
use postern_domain::token::TokenDigest;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use time::OffsetDateTime;

use crate::entities::{attachment, download, download_link};
use crate::invitations::{attachment_from_row, digest_from_hex};
use crate::{OneByKey, SqlStore, corrupt, from_micros, micros, store_err};

#[async_trait]
impl DownloadRepository for SqlStore {
    async fn add_download_link(&self, link: &DownloadLink) -> Result<(), StoreError> {
        download_link::Entity::insert(
            download_link::Model {
                digest: link.digest.to_hex(),
                recipient_id: link.recipient_id.as_uuid(),
                issued_at: micros(link.issued_at),
                expires_at: micros(link.expires_at),
                state: link.state.as_str().to_owned(),
            }
            .into_active_model(),
        )
        .exec_without_returning(&self.db)
        .await
        .map_err(store_err)?;
        Ok(())
    }

    async fn remove_download_link(&self, digest: &TokenDigest) -> Result<(), StoreError> {
        download_link::Entity::delete_by_id(digest.to_hex())
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        Ok(())
    }

    async fn find_download_link(&self, digest: &TokenDigest) -> Result<Option<(DownloadLink, Invitation)>, StoreError> {
        let Some(rows) = self.link_rows::<download_link::Entity>(digest).await? else {
            return Ok(None);
        };
        let (row, invitation) = rows.into_invitation()?;
        let link = DownloadLink {
            digest: digest_from_hex(&row.digest).ok_or_else(|| corrupt("download link"))?,
            recipient_id: RecipientId::from_uuid(row.recipient_id),
            issued_at: from_micros(row.issued_at)?,
            expires_at: from_micros(row.expires_at)?,
            state: TokenState::from_name(&row.state).ok_or_else(|| corrupt("download link"))?,
        };
        Ok(Some((link, invitation)))
    }

    async fn charge_download(
        &self,
        recipient: RecipientId,
        attachment: AttachmentId,
        charge: DownloadCharge,
    ) -> Result<Charged, StoreError> {
        let txn = self.db.begin().await.map_err(store_err)?;
        // Make sure the row exists, then each alternative is one guarded statement, so that
        // two downloads at once cannot both take the last one (or the same allowance).
        download::Entity::insert(
            download::Model {
                recipient_id: recipient.as_uuid(),
                attachment_id: attachment.as_uuid(),
                count: 0,
                resume_bytes: 0,
                loss_granted: false,
            }
            .into_active_model(),
        )
        .on_conflict(
            OnConflict::columns([download::Column::RecipientId, download::Column::AttachmentId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await
        .map_err(store_err)?;
        let this = || {
            download::Entity::update_many()
                .filter(download::Column::RecipientId.eq(recipient.as_uuid()))
                .filter(download::Column::AttachmentId.eq(attachment.as_uuid()))
        };
        let bytes = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        if let Some(wanted) = charge.resume {
            let resumed = this()
                .col_expr(
                    download::Column::ResumeBytes,
                    Expr::col(download::Column::ResumeBytes).sub(bytes(wanted)),
                )
                .filter(download::Column::ResumeBytes.gte(bytes(wanted)))
                .exec(&txn)
                .await
                .map_err(store_err)?;
            if resumed.rows_affected == 1 {
                txn.commit().await.map_err(store_err)?;
                return Ok(Charged::Resumed);
            }
        }
        let Some((limit, allowance)) = charge.count else {
            txn.commit().await.map_err(store_err)?;
            return Ok(Charged::Refused);
        };
        let counted = this()
            .col_expr(download::Column::Count, Expr::col(download::Column::Count).add(1))
            .col_expr(download::Column::ResumeBytes, Expr::value(bytes(allowance)))
            .col_expr(download::Column::LossGranted, Expr::value(false))
            .filter(download::Column::Count.lt(i32::try_from(limit).unwrap_or(i32::MAX)))
            .exec(&txn)
            .await
            .map_err(store_err)?;
        let count = download::Entity::find_by_id((recipient.as_uuid(), attachment.as_uuid()))
            .one_by_key(&txn)
            .await
            .map_err(store_err)?
            .map_or(0, |d| d.count);
        txn.commit().await.map_err(store_err)?;
        Ok(if counted.rows_affected == 1 {
            Charged::Counted(u32::try_from(count).unwrap_or(0))
        } else {
            Charged::Refused
        })
    }

    async fn refund_download(
        &self,
        recipient: RecipientId,
        attachment: AttachmentId,
        bytes: u64,
        once: u64,
    ) -> Result<(), StoreError> {
        let add = |n: u64| Expr::col(download::Column::ResumeBytes).add(i64::try_from(n).unwrap_or(i64::MAX));
        let this = || {
            download::Entity::update_many()
                .filter(download::Column::RecipientId.eq(recipient.as_uuid()))
                .filter(download::Column::AttachmentId.eq(attachment.as_uuid()))
        };
        let txn = self.db.begin().await.map_err(store_err)?;
        if once > 0 {
            this()
                .col_expr(download::Column::ResumeBytes, add(once))
                .col_expr(download::Column::LossGranted, Expr::value(true))
                .filter(download::Column::LossGranted.eq(false))
                .exec(&txn)
                .await
                .map_err(store_err)?;
        }
        this()
            .col_expr(download::Column::ResumeBytes, add(bytes))
            .exec(&txn)
            .await
            .map_err(store_err)?;
        txn.commit().await.map_err(store_err)
    }

    async fn download_counts(&self, recipient: RecipientId) -> Result<Vec<(AttachmentId, u32)>, StoreError> {
        Ok(download::Entity::find()
            .filter(download::Column::RecipientId.eq(recipient.as_uuid()))
            .all(&self.db)
            .await
            .map_err(store_err)?
            .into_iter()
            .map(|d| {
                (
                    AttachmentId::from_uuid(d.attachment_id),
                    u32::try_from(d.count).unwrap_or(0),
                )
            })
            .collect())
    }

    async fn expired_attachments(&self, now: OffsetDateTime, limit: u32) -> Result<Vec<Attachment>, StoreError> {
        attachment::Entity::find()
            .filter(attachment::Column::ExpiresAt.lte(micros(now)))
            .order_by_asc(attachment::Column::ExpiresAt)
            .limit(u64::from(limit))
            .all(&self.db)
            .await
            .map_err(store_err)?
            .into_iter()
            .map(attachment_from_row)
            .collect()
    }

    async fn remove_attachment(&self, id: AttachmentId) -> Result<(), StoreError> {
        attachment::Entity::delete_by_id(id.as_uuid())
            .exec(&self.db)
            .await
            .map_err(store_err)?;
        Ok(())
    }

    async fn attachment_totals(&self) -> Result<(u64, u64), StoreError> {
        let count = attachment::Entity::find().count(&self.db).await.map_err(store_err)?;
        let bytes: Option<i64> = attachment::Entity::find()
            .select_only()
            .column_as(
                Expr::col(attachment::Column::Size)
                    .sum()
                    .cast_as(sea_orm::sea_query::Alias::new("BIGINT")),
                "total",
            )
            .into_tuple()
            .one(&self.db)
            .await
            .map_err(store_err)?
            .flatten();
        Ok((count, u64::try_from(bytes.unwrap_or(0)).unwrap_or(0)))
    }
}
