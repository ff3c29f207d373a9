//! The funnel: each recipient's history (one row per thing that happened, in the same
//! transaction as the change), and when a link of theirs was first opened.
// The migration trait (async_trait) declares `&SchemaManager` without a lifetime; spelling one
// out breaks the impl.
#![allow(elided_lifetimes_in_paths)]

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum InvitationRecipients {
    Table,
    Id,
    OpenedAt,
}

#[derive(DeriveIden)]
enum RecipientEvents {
    Table,
    Id,
    RecipientId,
    At,
    Event,
    Actor,
    Detail,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(InvitationRecipients::Table)
                    .add_column(big_integer_null(InvitationRecipients::OpenedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecipientEvents::Table)
                    .col(big_pk_auto(RecipientEvents::Id))
                    .col(uuid(RecipientEvents::RecipientId))
                    .col(big_integer(RecipientEvents::At))
                    .col(string_len(RecipientEvents::Event, 32))
                    .col(string_len_null(RecipientEvents::Actor, 16))
                    .col(text_null(RecipientEvents::Detail))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RecipientEvents::Table, RecipientEvents::RecipientId)
                            .to(InvitationRecipients::Table, InvitationRecipients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_recipient_events_recipient")
                    .table(RecipientEvents::Table)
                    .col(RecipientEvents::RecipientId)
                    .col(RecipientEvents::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RecipientEvents::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(InvitationRecipients::Table)
                    .drop_column(InvitationRecipients::OpenedAt)
                    .to_owned(),
            )
            .await
    }
}
