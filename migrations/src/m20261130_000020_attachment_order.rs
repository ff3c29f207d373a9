//! The attachments of an invitation in their order, from the index: the activation and
//! download pages read a link with its invitation's attachments by position in one statement,
//! and with an index on the invitation alone SQLite sorted them in a temporary b-tree on every
//! page view. The index on (invitation, position) replaces it: its first column serves the
//! same lookups.
// The migration trait (async_trait) declares `&SchemaManager` without a lifetime; spelling one
// out breaks the impl.
#![allow(elided_lifetimes_in_paths)]

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Attachments {
    Table,
    InvitationId,
    Position,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ix_attachments_invitation_position")
                    .table(Attachments::Table)
                    .col(Attachments::InvitationId)
                    .col(Attachments::Position)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_attachments_invitation")
                    .table(Attachments::Table)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ix_attachments_invitation")
                    .table(Attachments::Table)
                    .col(Attachments::InvitationId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_attachments_invitation_position")
                    .table(Attachments::Table)
                    .to_owned(),
            )
            .await
    }
}
