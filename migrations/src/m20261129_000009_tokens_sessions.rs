//! API tokens that end and do only what they were made for (an expiry and a scope), and
//! sessions that know whose they are (owner, start, last activity, where from), so that a
//! person can list their sessions and sign out everywhere.
// The migration trait (async_trait) declares `&SchemaManager` without a lifetime; spelling one
// out breaks the impl.
#![allow(elided_lifetimes_in_paths)]

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    ExpiresAt,
    Scope,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    UserId,
    PublicId,
    CreatedAt,
    LastSeenAt,
    Client,
    Agent,
    Console,
}

/// Ninety days in microseconds: what a token made before expiries existed is given from its
/// creation (the default lifetime of a new one).
const NINETY_DAYS_MICROS: i64 = 90 * 86_400 * 1_000_000;

async fn add(manager: &SchemaManager<'_>, table: impl IntoIden, mut column: ColumnDef) -> Result<(), DbErr> {
    // One column per statement: SQLite alters one thing at a time.
    manager
        .alter_table(Table::alter().table(table).add_column(&mut column).to_owned())
        .await
}

async fn drop(manager: &SchemaManager<'_>, table: impl IntoIden, column: impl IntoIden) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).drop_column(column).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add(manager, ApiTokens::Table, big_integer_null(ApiTokens::ExpiresAt)).await?;
        add(
            manager,
            ApiTokens::Table,
            string_len(ApiTokens::Scope, 16).default("send").to_owned(),
        )
        .await?;
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "UPDATE api_tokens SET expires_at = created_at + {NINETY_DAYS_MICROS} WHERE expires_at IS NULL"
            ))
            .await?;
        add(manager, Sessions::Table, uuid_null(Sessions::UserId)).await?;
        add(manager, Sessions::Table, string_len_null(Sessions::PublicId, 32)).await?;
        add(manager, Sessions::Table, big_integer_null(Sessions::CreatedAt)).await?;
        add(manager, Sessions::Table, big_integer_null(Sessions::LastSeenAt)).await?;
        add(manager, Sessions::Table, string_len_null(Sessions::Client, 64)).await?;
        add(manager, Sessions::Table, string_len_null(Sessions::Agent, 200)).await?;
        add(
            manager,
            Sessions::Table,
            boolean(Sessions::Console).default(false).to_owned(),
        )
        .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sessions_user")
                    .table(Sessions::Table)
                    .col(Sessions::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("ix_sessions_user").table(Sessions::Table).to_owned())
            .await?;
        for column in [
            Sessions::Console,
            Sessions::Agent,
            Sessions::Client,
            Sessions::LastSeenAt,
            Sessions::CreatedAt,
            Sessions::PublicId,
            Sessions::UserId,
        ] {
            drop(manager, Sessions::Table, column).await?;
        }
        drop(manager, ApiTokens::Table, ApiTokens::Scope).await?;
        drop(manager, ApiTokens::Table, ApiTokens::ExpiresAt).await
    }
}
