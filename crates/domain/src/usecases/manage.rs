//! Resending and revoking invitations.

use thiserror::Error;

use super::Ports;
use crate::ids::{MessageId, RecipientId};
use crate::invitation::{Invitation, OutboxKind, OutboxMessage, RecipientState};
use crate::ports::StoreError;
use crate::user::{User, UserKind};

/// Why a resend or revoke was refused.
#[derive(Debug, Error)]
pub enum ManageError {
    /// No such recipient among the actor's invitations.
    #[error("no such invitation")]
    NotFound,
    /// The account was already created.
    #[error("the invitation was already accepted")]
    AlreadyAccepted,
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Resend (new link, old ones dead) and revoke.
pub struct ManageInvitations {
    ports: Ports,
}

impl ManageInvitations {
    /// The use case over these ports.
    pub fn new(ports: Ports) -> Self {
        Self { ports }
    }

    async fn load(&self, actor: &User, id: RecipientId) -> Result<Invitation, ManageError> {
        let invitation = self
            .ports
            .invitations
            .find_by_recipient(id)
            .await?
            .ok_or(ManageError::NotFound)?;
        // Another sender's invitation is "not found", so ids cannot be probed.
        if invitation.sender_id != actor.id && actor.kind != UserKind::Admin {
            return Err(ManageError::NotFound);
        }
        let state = invitation.recipient(id).map(|r| r.state).ok_or(ManageError::NotFound)?;
        if state == RecipientState::Accepted {
            return Err(ManageError::AlreadyAccepted);
        }
        Ok(invitation)
    }

    /// Sends a new link; every earlier link of this recipient stops working.
    ///
    /// # Errors
    /// [`ManageError`].
    pub async fn resend(&self, actor: &User, id: RecipientId) -> Result<(), ManageError> {
        self.load(actor, id).await?;
        let now = self.ports.clock.now();
        let message = OutboxMessage::new(
            MessageId::generate(self.ports.random.as_ref()),
            OutboxKind::Invitation { recipient_id: id },
            now,
        );
        self.ports.invitations.requeue(id, &message).await?;
        self.ports
            .audit(
                Some(actor.email.as_str()),
                "invitation.resent",
                id.to_string(),
                "earlier links revoked",
            )
            .await;
        Ok(())
    }

    /// Revokes the recipient's links.
    ///
    /// # Errors
    /// [`ManageError`].
    pub async fn revoke(&self, actor: &User, id: RecipientId) -> Result<(), ManageError> {
        self.load(actor, id).await?;
        self.ports.invitations.revoke(id).await?;
        self.ports
            .audit(Some(actor.email.as_str()), "invitation.revoked", id.to_string(), "")
            .await;
        Ok(())
    }
}
