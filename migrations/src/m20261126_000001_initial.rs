//! The first schema: users, invitations, recipients, activation tokens, outbox, settings,
//! templates, audit log and sessions.
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
    Id,
    Email,
    EmailNormalized,
    DisplayName,
    Kind,
    Status,
    InvitationSetting,
    PasswordHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    SenderId,
    SenderEmail,
    SenderName,
    Subject,
    Message,
    Options,
    CreatedAt,
    IdempotencyKey,
}

#[derive(DeriveIden)]
enum InvitationRecipients {
    Table,
    Id,
    InvitationId,
    Position,
    Email,
    EmailNormalized,
    DisplayName,
    Role,
    Kind,
    State,
    SentAt,
    ExpiresAt,
    AcceptedAt,
    LastDeliveryNote,
}

#[derive(DeriveIden)]
enum ActivationTokens {
    Table,
    Digest,
    RecipientId,
    IssuedAt,
    ExpiresAt,
    State,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    Kind,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Id,
    Document,
}

#[derive(DeriveIden)]
enum Templates {
    Table,
    Name,
    Source,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    Actor,
    Action,
    Subject,
    Detail,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Key,
    Data,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(uuid(Users::Id).primary_key())
                    .col(string_len(Users::Email, 254))
                    .col(string_len_uniq(Users::EmailNormalized, 254))
                    .col(string_len(Users::DisplayName, 200))
                    .col(string_len(Users::Kind, 16))
                    .col(string_len(Users::Status, 32))
                    .col(string_len(Users::InvitationSetting, 16))
                    .col(text_null(Users::PasswordHash))
                    .col(big_integer(Users::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Invitations::Table)
                    .col(uuid(Invitations::Id).primary_key())
                    .col(uuid(Invitations::SenderId))
                    .col(string_len(Invitations::SenderEmail, 254))
                    .col(string_len(Invitations::SenderName, 200))
                    .col(string_len(Invitations::Subject, 1024))
                    .col(text(Invitations::Message))
                    .col(text(Invitations::Options))
                    .col(big_integer(Invitations::CreatedAt))
                    .col(string_len_null(Invitations::IdempotencyKey, 100))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_invitations_sender")
                            .from(Invitations::Table, Invitations::SenderId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_invitations_sender_key")
                    .table(Invitations::Table)
                    .col(Invitations::SenderId)
                    .col(Invitations::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_invitations_sender_created")
                    .table(Invitations::Table)
                    .col(Invitations::SenderId)
                    .col(Invitations::CreatedAt)
                    .col(Invitations::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(InvitationRecipients::Table)
                    .col(uuid(InvitationRecipients::Id).primary_key())
                    .col(uuid(InvitationRecipients::InvitationId))
                    .col(integer(InvitationRecipients::Position))
                    .col(string_len(InvitationRecipients::Email, 254))
                    .col(string_len(InvitationRecipients::EmailNormalized, 254))
                    .col(string_len_null(InvitationRecipients::DisplayName, 200))
                    .col(string_len(InvitationRecipients::Role, 8))
                    .col(string_len(InvitationRecipients::Kind, 16))
                    .col(string_len(InvitationRecipients::State, 16))
                    .col(big_integer_null(InvitationRecipients::SentAt))
                    .col(big_integer_null(InvitationRecipients::ExpiresAt))
                    .col(big_integer_null(InvitationRecipients::AcceptedAt))
                    .col(text_null(InvitationRecipients::LastDeliveryNote))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_recipients_invitation")
                            .from(InvitationRecipients::Table, InvitationRecipients::InvitationId)
                            .to(Invitations::Table, Invitations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("ix_recipients_invitation", InvitationRecipients::InvitationId),
            ("ix_recipients_email", InvitationRecipients::EmailNormalized),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(InvitationRecipients::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ActivationTokens::Table)
                    .col(string_len(ActivationTokens::Digest, 64).primary_key())
                    .col(uuid(ActivationTokens::RecipientId))
                    .col(big_integer(ActivationTokens::IssuedAt))
                    .col(big_integer(ActivationTokens::ExpiresAt))
                    .col(string_len(ActivationTokens::State, 16))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tokens_recipient")
                            .from(ActivationTokens::Table, ActivationTokens::RecipientId)
                            .to(InvitationRecipients::Table, InvitationRecipients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_tokens_recipient")
                    .table(ActivationTokens::Table)
                    .col(ActivationTokens::RecipientId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(uuid(Outbox::Id).primary_key())
                    .col(text(Outbox::Kind))
                    .col(integer(Outbox::Attempts))
                    .col(big_integer(Outbox::NextAttemptAt))
                    .col(big_integer_null(Outbox::ClaimedUntil))
                    .col(big_integer(Outbox::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_outbox_due")
                    .table(Outbox::Table)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Settings::Table)
                    .col(integer(Settings::Id).primary_key())
                    .col(text(Settings::Document))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Templates::Table)
                    .col(string_len(Templates::Name, 64).primary_key())
                    .col(text(Templates::Source))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_pk_auto(AuditLog::Id))
                    .col(big_integer(AuditLog::At))
                    .col(string_len_null(AuditLog::Actor, 254))
                    .col(string_len(AuditLog::Action, 64))
                    .col(text(AuditLog::Subject))
                    .col(text(AuditLog::Detail))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_at")
                    .table(AuditLog::Table)
                    .col(AuditLog::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string_len(Sessions::Key, 64).primary_key())
                    .col(text(Sessions::Data))
                    .col(big_integer(Sessions::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sessions_expiry")
                    .table(Sessions::Table)
                    .col(Sessions::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Sessions::Table.into_iden(),
            AuditLog::Table.into_iden(),
            Templates::Table.into_iden(),
            Settings::Table.into_iden(),
            Outbox::Table.into_iden(),
            ActivationTokens::Table.into_iden(),
            InvitationRecipients::Table.into_iden(),
            Invitations::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
