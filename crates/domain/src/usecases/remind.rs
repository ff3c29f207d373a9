//! Reminders of invitations that wait: a sweep, run every minute, queues the reminders that
//! are due (decision 0018).

use std::sync::Arc;

use crate::ids::MessageId;
use crate::invitation::{OutboxKind, OutboxMessage};
use crate::ports::{Clock, InvitationRepository, SettingsRepository, StoreError, TokenSource};

use super::Ports;

/// Reminders due are read this many at a time.
const BATCH: u32 = 200;
/// A sweep reads at most this many batches (the rest waits for the next sweep).
const MOST_BATCHES: usize = 50;

/// Queues the reminders that are due.
pub struct RemindInvitees {
    clock: Arc<dyn Clock>,
    random: Arc<dyn TokenSource>,
    invitations: Arc<dyn InvitationRepository>,
    settings: Arc<dyn SettingsRepository>,
}

impl RemindInvitees {
    /// The sweep over these ports.
    pub fn new(p: &Ports) -> Self {
        Self {
            clock: p.clock.clone(),
            random: p.random.clone(),
            invitations: p.invitations.clone(),
            settings: p.settings.clone(),
        }
    }

    /// Queues every reminder due now: each recipient still waiting whose next reminder has
    /// come gets one (with a further link, minted when it leaves), and the one after it is
    /// planned by the administrator's schedule as it stands now. A reminder the schedule no
    /// longer has (the administrator removed it, or emptied the schedule) is dropped, not
    /// sent. Several instances may sweep at once: each reminder is taken by one.
    /// Returns how many reminders were queued.
    ///
    /// # Errors
    /// Storage failures.
    pub async fn run(&self) -> Result<u32, StoreError> {
        let now = self.clock.now();
        let settings = self.settings.load_settings().await?;
        let schedule = &settings.delivery;
        let mut queued = 0;
        for _ in 0..MOST_BATCHES {
            let due = self.invitations.due_reminders(now, BATCH).await?;
            for d in &due {
                let number = d.reminders_sent + 1;
                let still_planned = schedule.reminder_due(number, d.sent_at, d.expires_at).is_some();
                let message = (still_planned && d.expires_at > now).then(|| {
                    OutboxMessage::new(
                        MessageId::generate(self.random.as_ref()),
                        OutboxKind::Reminder {
                            recipient_id: d.recipient_id,
                            number,
                        },
                        now,
                    )
                });
                let next = schedule
                    .reminder_due(number + 1, d.sent_at, d.expires_at)
                    .filter(|_| message.is_some());
                let sends = message.is_some();
                if self.invitations.take_reminder(d, next, message).await? && sends {
                    queued += 1;
                }
            }
            if due.len() < BATCH as usize {
                break;
            }
        }
        Ok(queued)
    }
}
