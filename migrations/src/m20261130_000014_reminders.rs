//! Reminders: how many a recipient's current link has had, and when the next one is due
//! (indexed: the reminder sweep reads the due ones, oldest first).
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
    RemindersSent,
    NextReminderAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one column at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(InvitationRecipients::Table)
                    .add_column(integer(InvitationRecipients::RemindersSent).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(InvitationRecipients::Table)
                    .add_column(big_integer_null(InvitationRecipients::NextReminderAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_recipients_next_reminder")
                    .table(InvitationRecipients::Table)
                    .col(InvitationRecipients::NextReminderAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_recipients_next_reminder")
                    .table(InvitationRecipients::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            InvitationRecipients::NextReminderAt,
            InvitationRecipients::RemindersSent,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(InvitationRecipients::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
