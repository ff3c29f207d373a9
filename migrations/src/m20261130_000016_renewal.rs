//! Renewal: when the holder of a recipient's expired link asked for a new one (once per
//! recipient).
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
    RenewalRequestedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(InvitationRecipients::Table)
                    .add_column(big_integer_null(InvitationRecipients::RenewalRequestedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(InvitationRecipients::Table)
                    .drop_column(InvitationRecipients::RenewalRequestedAt)
                    .to_owned(),
            )
            .await
    }
}
