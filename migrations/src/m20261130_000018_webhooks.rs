//! Webhooks: the administrator's endpoints (their secret sealed), and which history entries
//! were handed over to them (indexed: the worker reads those not yet handed over).
// The migration trait (async_trait) declares `&SchemaManager` without a lifetime; spelling one
// out breaks the impl.
#![allow(elided_lifetimes_in_paths)]

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    Id,
    Url,
    Events,
    SealedSecret,
    CreatedAt,
    LastAttemptAt,
    LastOutcome,
    LastSuccessAt,
}

#[derive(DeriveIden)]
enum RecipientEvents {
    Table,
    HandedOver,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Webhooks::Table)
                    .col(uuid(Webhooks::Id).primary_key())
                    .col(text(Webhooks::Url))
                    .col(text(Webhooks::Events))
                    .col(text(Webhooks::SealedSecret))
                    .col(big_integer(Webhooks::CreatedAt))
                    .col(big_integer_null(Webhooks::LastAttemptAt))
                    .col(text_null(Webhooks::LastOutcome))
                    .col(big_integer_null(Webhooks::LastSuccessAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(RecipientEvents::Table)
                    .add_column(boolean(RecipientEvents::HandedOver).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_recipient_events_handed_over")
                    .table(RecipientEvents::Table)
                    .col(RecipientEvents::HandedOver)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_recipient_events_handed_over")
                    .table(RecipientEvents::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(RecipientEvents::Table)
                    .drop_column(RecipientEvents::HandedOver)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Webhooks::Table).to_owned())
            .await
    }
}
