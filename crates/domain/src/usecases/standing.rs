//! Whether a directory person may still use the portal, asked again while they use it: a
//! person the directory disabled or removed loses their sessions and API tokens within the
//! re-check interval ([`crate::ports::Directory::recheck_interval`]), and a change of the
//! invitation group is taken over. Local accounts are never asked about.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use time::OffsetDateTime;

use super::Ports;
use super::accounts::directory_display_name;
use crate::ids::UserId;
use crate::ports::{Clock, Directory, StoreError, UserRepository};
use crate::user::{User, UserKind};

/// The directory's last word on each signed-in directory person.
pub(crate) struct DirectoryStanding {
    clock: Arc<dyn Clock>,
    directory: Arc<dyn Directory>,
    users: Arc<dyn UserRepository>,
    audit: super::Audit,
    /// When each person was last asked about, and whether they could use the portal.
    answers: Mutex<HashMap<UserId, (OffsetDateTime, bool)>>,
}

impl DirectoryStanding {
    pub(crate) fn of(p: &Ports) -> Self {
        Self {
            clock: p.clock.clone(),
            directory: p.directory.clone(),
            users: p.users.clone(),
            audit: super::Audit::of(p),
            answers: Mutex::new(HashMap::new()),
        }
    }

    /// Notes that the directory has just admitted `user` (a directory sign-in asked it).
    pub(crate) fn admitted(&self, user: UserId) {
        if let Ok(mut answers) = self.answers.lock() {
            answers.insert(user, (self.clock.now(), true));
        }
    }

    /// Whether `user` may go on using the portal as far as the directory is concerned (always,
    /// for local accounts); `user` takes over a change of the invitation group or name.
    ///
    /// While the directory cannot be asked, the last answer stands (a person is not signed
    /// out by an outage); it is asked again after the interval.
    ///
    /// # Errors
    /// Storage failures while recording a change.
    pub(crate) async fn admits(&self, user: &mut User) -> Result<bool, StoreError> {
        // Only accounts the directory made: internal, without a Postern password.
        if user.kind != UserKind::Internal || user.password_hash.is_some() || !self.directory.is_configured() {
            return Ok(true);
        }
        let now = self.clock.now();
        let last = self.answers.lock().ok().and_then(|a| a.get(&user.id).copied());
        if let Some((at, verdict)) = last
            && now - at < self.directory.recheck_interval()
        {
            return Ok(verdict);
        }
        let verdict = match self.directory.find_person(&user.email).await {
            Ok(Some(person)) if !person.disabled && person.email.is_some() => {
                let name = directory_display_name(&person, &user.email).unwrap_or_else(|| user.display_name.clone());
                if person.in_invite_group != user.directory_may_invite || name != user.display_name {
                    self.users
                        .refresh_directory_user(user.id, &name, person.in_invite_group)
                        .await?;
                    if person.in_invite_group != user.directory_may_invite {
                        self.audit
                            .record(
                                None,
                                "user.directory_group_changed",
                                user.email.as_str(),
                                if person.in_invite_group {
                                    "added to the invitation group: may send invitations"
                                } else {
                                    "removed from the invitation group: may no longer send invitations"
                                },
                            )
                            .await;
                    }
                    user.directory_may_invite = person.in_invite_group;
                    user.display_name = name;
                }
                true
            }
            Ok(found) => {
                if last.is_none_or(|(_, before)| before) {
                    let why = if found.is_some() {
                        "the directory account is disabled"
                    } else {
                        "the directory no longer knows the address"
                    };
                    self.audit
                        .record(
                            None,
                            "user.directory_access_ended",
                            user.email.as_str(),
                            format!("{why}: sessions and API tokens refused"),
                        )
                        .await;
                }
                false
            }
            // The adapter logs the outage; the last answer stands.
            Err(_) => last.is_none_or(|(_, before)| before),
        };
        if let Ok(mut answers) = self.answers.lock() {
            answers.insert(user.id, (now, verdict));
        }
        Ok(verdict)
    }
}
