//! Attempt counters shared by every instance on one database: fixed one-minute windows per
//! key, and failed sign-ins per account. Keys are SHA-256 digests (no address or account name
//! is stored).
// The migration trait (async_trait) declares `&SchemaManager` without a lifetime; spelling one
// out breaks the impl.
#![allow(elided_lifetimes_in_paths)]

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AttemptCounts {
    Table,
    KeyDigest,
    WindowStart,
    Attempts,
}

#[derive(DeriveIden)]
enum FailureCounts {
    Table,
    KeyDigest,
    Failures,
    LastAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AttemptCounts::Table)
                    .col(string(AttemptCounts::KeyDigest))
                    .col(big_integer(AttemptCounts::WindowStart))
                    .col(integer(AttemptCounts::Attempts))
                    .primary_key(
                        Index::create()
                            .col(AttemptCounts::KeyDigest)
                            .col(AttemptCounts::WindowStart),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FailureCounts::Table)
                    .col(string(FailureCounts::KeyDigest).primary_key())
                    .col(integer(FailureCounts::Failures))
                    .col(big_integer(FailureCounts::LastAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FailureCounts::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AttemptCounts::Table).to_owned())
            .await
    }
}
