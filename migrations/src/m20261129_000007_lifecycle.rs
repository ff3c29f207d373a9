//! The recipient lifecycle of one transition table: who revoked (sender or administrator),
//! the states of files messages (delivered, downloaded), download links that can be revoked on
//! their own, and the resume allowance of a counted download (with the one-time allowance for
//! bytes a broken connection lost).
// The migration trait (async_trait) declares `&SchemaManager` without a lifetime; spelling one
// out breaks the impl.
#![allow(elided_lifetimes_in_paths)]

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DownloadLinks {
    Table,
    State,
}

#[derive(DeriveIden)]
enum Downloads {
    Table,
    ResumeBytes,
    LossGranted,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(DownloadLinks::Table)
                    .add_column(string_len(DownloadLinks::State, 16).default("live"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Downloads::Table)
                    .add_column(big_integer(Downloads::ResumeBytes).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Downloads::Table)
                    .add_column(boolean(Downloads::LossGranted).default(false))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        // Who revoked earlier recipients is not known: the administrator's is the safe reading
        // (only an administrator can send them again).
        db.execute_unprepared("UPDATE invitation_recipients SET state = 'revoked_by_admin' WHERE state = 'revoked'")
            .await?;
        // Links of revoked or bounced recipients were dead through their recipient's state;
        // now each link says so itself.
        db.execute_unprepared(
            "UPDATE download_links SET state = 'revoked' WHERE recipient_id IN \
             (SELECT id FROM invitation_recipients WHERE state IN ('revoked_by_admin', 'bounced'))",
        )
        .await?;
        // Files messages were never marked as sent: those whose message was rendered (a
        // download link exists) with no delivery problem noted were delivered.
        db.execute_unprepared(
            "UPDATE invitation_recipients SET state = 'delivered', \
               sent_at = (SELECT MIN(l.issued_at) FROM download_links l WHERE l.recipient_id = invitation_recipients.id), \
               expires_at = (SELECT MIN(l.expires_at) FROM download_links l WHERE l.recipient_id = invitation_recipients.id) \
             WHERE state = 'queued' AND last_delivery_note IS NULL \
               AND invitation_id IN (SELECT id FROM invitations WHERE kind = 'files') \
               AND EXISTS (SELECT 1 FROM download_links l WHERE l.recipient_id = invitation_recipients.id)",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE invitation_recipients SET state = 'downloaded' WHERE state = 'delivered' \
               AND EXISTS (SELECT 1 FROM downloads d WHERE d.recipient_id = invitation_recipients.id AND d.count > 0)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("UPDATE invitation_recipients SET state = 'revoked' WHERE state = 'revoked_by_admin'")
            .await?;
        db.execute_unprepared(
            "UPDATE invitation_recipients SET state = 'sent' WHERE state IN ('delivered', 'downloaded')",
        )
        .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Downloads::Table)
                    .drop_column(Downloads::ResumeBytes)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Downloads::Table)
                    .drop_column(Downloads::LossGranted)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(DownloadLinks::Table)
                    .drop_column(DownloadLinks::State)
                    .to_owned(),
            )
            .await
    }
}
