//! Sponsored guest accounts: each Drop-Off account's sponsor (the staff member responsible
//! for it), and when it was last warned that it is about to be disabled for inactivity.
//! Existing Drop-Off accounts get the sender of the invitation they accepted.
// The migration trait (async_trait) declares `&SchemaManager` without a lifetime; spelling one
// out breaks the impl.
#![allow(elided_lifetimes_in_paths)]

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    SponsorId,
    InactivityWarnedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(uuid_null(Users::SponsorId))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(big_integer_null(Users::InactivityWarnedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_users_sponsor")
                    .table(Users::Table)
                    .col(Users::SponsorId)
                    .to_owned(),
            )
            .await?;
        // The inviter of the invitation each Drop-Off account accepted (the earliest, if several).
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE users SET sponsor_id = (\
                   SELECT i.sender_id FROM invitation_recipients r \
                   JOIN invitations i ON i.id = r.invitation_id \
                   WHERE r.email_normalized = users.email_normalized AND r.state = 'accepted' \
                   ORDER BY r.accepted_at LIMIT 1) \
                 WHERE kind = 'external' AND sponsor_id IS NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("ix_users_sponsor").table(Users::Table).to_owned())
            .await?;
        for column in [Users::InactivityWarnedAt, Users::SponsorId] {
            manager
                .alter_table(Table::alter().table(Users::Table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
