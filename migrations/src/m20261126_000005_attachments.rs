//! Files attached to invitations, per-recipient download links (digests only) and download
//! counts.
// The migration trait (async_trait) declares `&SchemaManager` without a lifetime; spelling one
// out breaks the impl.
#![allow(elided_lifetimes_in_paths)]

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Id,
    InvitationId,
    Position,
    Name,
    Size,
    Sha256,
    BlobKey,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum DownloadLinks {
    Table,
    Digest,
    RecipientId,
    IssuedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Downloads {
    Table,
    RecipientId,
    AttachmentId,
    Count,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum InvitationRecipients {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Attachments::Table)
                    .col(uuid(Attachments::Id).primary_key())
                    .col(uuid(Attachments::InvitationId))
                    .col(integer(Attachments::Position))
                    .col(string_len(Attachments::Name, 255))
                    .col(big_integer(Attachments::Size))
                    .col(string_len(Attachments::Sha256, 64))
                    .col(string_len(Attachments::BlobKey, 64))
                    .col(big_integer(Attachments::CreatedAt))
                    .col(big_integer(Attachments::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_attachments_invitation")
                            .from(Attachments::Table, Attachments::InvitationId)
                            .to(Invitations::Table, Invitations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_attachments_invitation", Attachments::InvitationId),
            ("ix_attachments_expiry", Attachments::ExpiresAt),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Attachments::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(DownloadLinks::Table)
                    .col(string_len(DownloadLinks::Digest, 64).primary_key())
                    .col(uuid(DownloadLinks::RecipientId))
                    .col(big_integer(DownloadLinks::IssuedAt))
                    .col(big_integer(DownloadLinks::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_download_links_recipient")
                            .from(DownloadLinks::Table, DownloadLinks::RecipientId)
                            .to(InvitationRecipients::Table, InvitationRecipients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_download_links_recipient")
                    .table(DownloadLinks::Table)
                    .col(DownloadLinks::RecipientId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Downloads::Table)
                    .col(uuid(Downloads::RecipientId))
                    .col(uuid(Downloads::AttachmentId))
                    .col(integer(Downloads::Count))
                    .primary_key(Index::create().col(Downloads::RecipientId).col(Downloads::AttachmentId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_downloads_attachment")
                            .from(Downloads::Table, Downloads::AttachmentId)
                            .to(Attachments::Table, Attachments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Downloads::Table.into_iden(),
            DownloadLinks::Table.into_iden(),
            Attachments::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
