//! Indexes for the administrators' lists: everyone's invitations newest first, each
//! invitation's recipients in order, users of one status by address (the accounts waiting for
//! approval), and audit entries of one action newest first, so that a filtered page reads
//! about the rows it shows.
// The migration trait (async_trait) declares `&SchemaManager` without a lifetime; spelling one
// out breaks the impl.
#![allow(elided_lifetimes_in_paths)]

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Invitations {
    Table,
    CreatedAt,
    Id,
}

#[derive(DeriveIden)]
enum InvitationRecipients {
    Table,
    InvitationId,
    Position,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Status,
    EmailNormalized,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Action,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ix_invitations_created")
                    .table(Invitations::Table)
                    .col(Invitations::CreatedAt)
                    .col(Invitations::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_users_status_email")
                    .table(Users::Table)
                    .col(Users::Status)
                    .col(Users::EmailNormalized)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_action_id")
                    .table(AuditLog::Table)
                    .col(AuditLog::Action)
                    .col(AuditLog::Id)
                    .to_owned(),
            )
            .await?;
        // Replaces the index on the invitation alone: its first column serves the same lookups.
        manager
            .create_index(
                Index::create()
                    .name("ix_recipients_invitation_position")
                    .table(InvitationRecipients::Table)
                    .col(InvitationRecipients::InvitationId)
                    .col(InvitationRecipients::Position)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_recipients_invitation")
                    .table(InvitationRecipients::Table)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ix_recipients_invitation")
                    .table(InvitationRecipients::Table)
                    .col(InvitationRecipients::InvitationId)
                    .to_owned(),
            )
            .await?;
        for (name, table) in [
            (
                "ix_recipients_invitation_position",
                InvitationRecipients::Table.into_iden(),
            ),
            ("ix_invitations_created", Invitations::Table.into_iden()),
            ("ix_users_status_email", Users::Table.into_iden()),
            ("ix_audit_action_id", AuditLog::Table.into_iden()),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
