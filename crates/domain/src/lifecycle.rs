//! The lifecycle of a recipient and of its links, as one transition table.
//!
//! Every change of a recipient's state is an [`Event`] caused by an [`Actor`]. [`TABLE`] says,
//! for each event, each kind of message and each actor, the states it is allowed from, the
//! state it leads to and what it does to the recipient's links. Use cases ask [`rule`] (or
//! [`decide`]) and hand the resulting [`RecipientChange`] to the repository, which applies it
//! as a compare-and-set on the allowed-from states: no adapter restates a rule.
//!
//! Two states are never stored but derived at read time ([`crate::invitation::InvitationRecipient::state_at`]):
//! *deferred* (queued, with a temporary delivery failure noted) and *expired* (the clock
//! passed the link's end of life).

use time::OffsetDateTime;

use crate::invitation::RecipientState::{
    Accepted, Bounced, Delivered, Downloaded, Queued, Revoked, RevokedByAdmin, Sent,
};
use crate::invitation::{MessageKind, OutboxMessage, RecipientState};

/// Something that happens to a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    /// The mail system accepted the recipient's message.
    DeliveryAccepted,
    /// The mail system failed temporarily; the worker retries later.
    DeliveryDeferred,
    /// The mail system refused the message for good (or the worker gave up).
    DeliveryRefused,
    /// A new link is sent; every earlier link of the recipient stops working.
    Resend,
    /// The recipient's links stop working.
    Revoke,
    /// The invitee created the account with one of their links.
    Activate,
    /// The recipient downloaded a file (a counted download).
    Download,
    /// A new link is shown to the actor instead of sent (a link-only invitation); every
    /// earlier link of the recipient stops working.
    NewLinkShown,
}

impl Event {
    /// Every event, in the order of the table.
    pub const ALL: [Event; 8] = [
        Event::DeliveryAccepted,
        Event::DeliveryDeferred,
        Event::DeliveryRefused,
        Event::Resend,
        Event::Revoke,
        Event::Activate,
        Event::Download,
        Event::NewLinkShown,
    ];

    /// A short name, for documentation and audit details.
    pub fn name(self) -> &'static str {
        match self {
            Event::DeliveryAccepted => "delivery accepted",
            Event::DeliveryDeferred => "delivery deferred",
            Event::DeliveryRefused => "delivery refused",
            Event::Resend => "resend",
            Event::Revoke => "revoke",
            Event::Activate => "activate",
            Event::Download => "download",
            Event::NewLinkShown => "new link shown",
        }
    }
}

/// Who causes an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    /// The staff member who sent the message.
    Sender,
    /// An administrator.
    Administrator,
    /// The delivery worker.
    Worker,
    /// The person the message went to, holding one of their links.
    Invitee,
}

impl Actor {
    /// A short name.
    pub fn name(self) -> &'static str {
        match self {
            Actor::Sender => "sender",
            Actor::Administrator => "administrator",
            Actor::Worker => "worker",
            Actor::Invitee => "invitee",
        }
    }
}

/// What an event does to the recipient's links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkEffect {
    /// Nothing.
    Keep,
    /// Every live activation link and every live download link of the recipient is revoked,
    /// and a message still waiting in the outbox to carry a new link to them is withdrawn.
    RevokeAll,
    /// Every live activation link of the recipient is used up (download links keep working).
    UseActivation,
}

/// One row of the transition table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The event.
    pub event: Event,
    /// The kind of message it applies to.
    pub kind: MessageKind,
    /// Who may cause it.
    pub actor: Actor,
    /// The stored states it is allowed from.
    pub from: &'static [RecipientState],
    /// The state it leads to; `None`: the state stays as it is (the event is only checked).
    pub to: Option<RecipientState>,
    /// What it does to the links.
    pub links: LinkEffect,
}

use Actor::{Administrator, Invitee, Sender, Worker};
use Event::{Activate, DeliveryAccepted, DeliveryDeferred, DeliveryRefused, Download, NewLinkShown, Resend, Revoke};
use LinkEffect::{Keep, RevokeAll, UseActivation};
use MessageKind::{Files, Invitation};

const fn r(
    event: Event,
    kind: MessageKind,
    actor: Actor,
    from: &'static [RecipientState],
    to: Option<RecipientState>,
    links: LinkEffect,
) -> Rule {
    Rule {
        event,
        kind,
        actor,
        from,
        to,
        links,
    }
}

/// The transition table. A pair (event, kind, actor) that is not here is not allowed.
///
/// Notes on the choices (see `docs/architecture.md` for the diagram):
/// - A delivery is accepted from *sent* as well as *queued*: a crash may make the worker send
///   a recipient's message twice, and every link it sent stays valid until one is used.
/// - Activation is allowed from *queued* too: the link's digest is stored before the message
///   leaves, and a fast reader may use it before the worker records the delivery.
/// - Resend is not allowed from *queued*: the message is still on its way (retried
///   automatically), and a second one would carry a second live link.
/// - A recipient revoked by an administrator can be sent again, or revoked, only by an
///   administrator; an administrator revoking a sender-revoked recipient takes it over.
#[rustfmt::skip] // a table reads best as one: one rule a line, columns aligned
pub const TABLE: &[Rule] = &[
    // event          kind        actor          allowed from                                                 to                    links
    // The delivery worker.
    r(DeliveryAccepted, Invitation, Worker,        &[Queued, Sent],                                            Some(Sent),           Keep),
    r(DeliveryAccepted, Files,      Worker,        &[Queued, Delivered],                                       Some(Delivered),      Keep),
    r(DeliveryDeferred, Invitation, Worker,        &[Queued],                                                  Some(Queued),         Keep),
    r(DeliveryDeferred, Files,      Worker,        &[Queued],                                                  Some(Queued),         Keep),
    r(DeliveryRefused,  Invitation, Worker,        &[Queued],                                                  Some(Bounced),        RevokeAll),
    r(DeliveryRefused,  Files,      Worker,        &[Queued],                                                  Some(Bounced),        RevokeAll),
    // Resend: a new link, every earlier one revoked.
    r(Resend,           Invitation, Sender,        &[Sent, Bounced, Revoked],                                  Some(Queued),         RevokeAll),
    r(Resend,           Invitation, Administrator, &[Sent, Bounced, Revoked, RevokedByAdmin],                  Some(Queued),         RevokeAll),
    r(Resend,           Files,      Sender,        &[Delivered, Downloaded, Bounced, Revoked],                 Some(Queued),         RevokeAll),
    r(Resend,           Files,      Administrator, &[Delivered, Downloaded, Bounced, Revoked, RevokedByAdmin], Some(Queued),         RevokeAll),
    // A link-only invitation's resend: the new link is shown, so it is live at once.
    r(NewLinkShown,     Invitation, Sender,        &[Sent, Bounced, Revoked],                                  Some(Sent),           RevokeAll),
    r(NewLinkShown,     Invitation, Administrator, &[Sent, Bounced, Revoked, RevokedByAdmin],                  Some(Sent),           RevokeAll),
    // Revoke.
    r(Revoke,           Invitation, Sender,        &[Queued, Sent, Bounced],                                   Some(Revoked),        RevokeAll),
    r(Revoke,           Invitation, Administrator, &[Queued, Sent, Bounced, Revoked],                          Some(RevokedByAdmin), RevokeAll),
    r(Revoke,           Files,      Sender,        &[Queued, Delivered, Downloaded, Bounced],                  Some(Revoked),        RevokeAll),
    r(Revoke,           Files,      Administrator, &[Queued, Delivered, Downloaded, Bounced, Revoked],         Some(RevokedByAdmin), RevokeAll),
    // The invitee.
    r(Activate,         Invitation, Invitee,       &[Queued, Sent],                                            Some(Accepted),       UseActivation),
    r(Download,         Files,      Invitee,       &[Queued, Delivered, Downloaded],                           Some(Downloaded),     Keep),
    r(Download,         Invitation, Invitee,       &[Queued, Sent, Accepted],                                  None,                 Keep),
];

/// The rule for an event, kind and actor, if the table has one.
pub fn rule(event: Event, kind: MessageKind, actor: Actor) -> Option<&'static Rule> {
    TABLE
        .iter()
        .find(|r| r.event == event && r.kind == kind && r.actor == actor)
}

/// Whether `actor` may cause `event` to a recipient of a `kind` message whose stored state is
/// `state` (the worker asks it before building a message; pages ask [`decide`], which also
/// knows about expired files).
pub fn allows(event: Event, kind: MessageKind, actor: Actor, state: RecipientState) -> bool {
    rule(event, kind, actor).is_some_and(|r| r.from.contains(&state))
}

/// Why an event is refused for a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The account was already created.
    AlreadyAccepted,
    /// An administrator revoked it; only an administrator can change that.
    RevokedByAdministrator,
    /// It is revoked already.
    AlreadyRevoked,
    /// The message is still waiting for delivery (it is retried automatically).
    StillQueued,
    /// The files of this message have expired.
    FilesExpired,
    /// This actor may not cause this event at all (for example: the delivery worker revoking).
    NotAllowed,
}

/// Decides an event for a recipient whose stored state is `state`: the rule to apply, or why
/// not. `files_expired` tells whether the message's files outlived their lifetime (only files
/// messages care).
///
/// # Errors
/// The [`Refusal`].
pub fn decide(
    event: Event,
    kind: MessageKind,
    actor: Actor,
    state: RecipientState,
    files_expired: bool,
) -> Result<&'static Rule, Refusal> {
    let Some(rule) = rule(event, kind, actor) else {
        return Err(Refusal::NotAllowed);
    };
    if event == Resend && kind == Files && files_expired {
        return Err(Refusal::FilesExpired);
    }
    if rule.from.contains(&state) {
        return Ok(rule);
    }
    Err(match state {
        Accepted => Refusal::AlreadyAccepted,
        Revoked | RevokedByAdmin if event == Revoke => Refusal::AlreadyRevoked,
        RevokedByAdmin => Refusal::RevokedByAdministrator,
        Queued | RecipientState::Deferred if matches!(event, Resend | NewLinkShown) => Refusal::StillQueued,
        _ => Refusal::NotAllowed,
    })
}

/// Facts recorded together with a change of state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Facts {
    /// None.
    Nothing,
    /// The message was handed to the mail system: when, until when its link works, and the
    /// mail system's answer.
    Delivered {
        /// When it was handed over.
        at: OffsetDateTime,
        /// When its link stops working.
        expires_at: OffsetDateTime,
        /// The mail system's answer.
        note: String,
        /// When the first reminder is due (none: the invitation is not reminded).
        remind_at: Option<OffsetDateTime>,
    },
    /// A delivery problem to show the sender.
    Note(String),
    /// A new message is on its way: the previous expiry, delivery note and reminders are
    /// cleared (the new link's reminders start over once it is delivered).
    Cleared,
}

/// A change of one recipient, decided by the domain, applied by the repository as a
/// compare-and-set: only while the stored state is one of `from`; otherwise nothing at all is
/// written (neither state, facts, links nor messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientChange {
    /// The recipient.
    pub recipient: crate::ids::RecipientId,
    /// The states the change is allowed from.
    pub from: &'static [RecipientState],
    /// The new state.
    pub to: RecipientState,
    /// What happens to the links.
    pub links: LinkEffect,
    /// Facts to record.
    pub facts: Facts,
    /// Messages queued in the same transaction.
    pub outbox: Vec<OutboxMessage>,
    /// A new activation link stored in the same transaction, after the link effect (a link
    /// shown to the sender of a link-only invitation).
    pub link: Option<crate::invitation::IssuedToken>,
    /// When it happens.
    pub at: OffsetDateTime,
    /// Who causes it.
    pub actor: Actor,
    /// What the recipient's history records with it (same transaction).
    pub history: crate::history::HistoryEvent,
}

impl RecipientChange {
    /// The change a rule makes to `recipient` at `at`; `None` for a rule that changes no
    /// state. The history records the rule's event.
    pub fn by(
        rule: &Rule,
        recipient: crate::ids::RecipientId,
        at: OffsetDateTime,
        facts: Facts,
        outbox: Vec<OutboxMessage>,
    ) -> Option<Self> {
        Some(Self {
            recipient,
            from: rule.from,
            to: rule.to?,
            links: rule.links,
            facts,
            outbox,
            link: None,
            at,
            actor: rule.actor,
            history: crate::history::HistoryEvent::of(rule.event),
        })
    }

    /// The same change, recorded in the history as `event` (an automatic renewal is a
    /// resend by the rule, a renewal to the reader).
    #[must_use]
    pub(crate) fn recorded_as(mut self, event: crate::history::HistoryEvent) -> Self {
        self.history = event;
        self
    }

    /// The history entry this change records: who (a person, not the worker), and the mail
    /// system's answer for a delivery.
    pub fn entry(&self) -> crate::history::HistoryEntry {
        let detail = match &self.facts {
            Facts::Delivered { note, .. } | Facts::Note(note) => Some(note.clone()),
            Facts::Nothing | Facts::Cleared => None,
        };
        let actor = (self.actor != Actor::Worker).then_some(self.actor);
        crate::history::HistoryEntry::new(self.at, self.history, actor, detail)
    }

    /// The same change, storing `link` too.
    #[must_use]
    pub fn with_link(mut self, link: crate::invitation::IssuedToken) -> Self {
        self.link = Some(link);
        self
    }
}

/// The states in which a recipient's links may work: activation links (invitations) or
/// download links. A link works only if it is live itself, not past its end of life, and its
/// recipient's state is in this set.
pub fn links_work(kind: MessageKind, for_download: bool) -> &'static [RecipientState] {
    let event = if for_download { Download } else { Activate };
    rule(event, kind, Invitee).map_or(&[], |r| r.from)
}

/// The stored conditions under which a recipient is *shown* in a state (see
/// [`crate::invitation::InvitationRecipient::state_at`]), for filters the database applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShownAs {
    /// The stored states.
    pub states: &'static [RecipientState],
    /// `Some(true)`: only past the end of life (at the time asked); `Some(false)`: only before.
    pub expired: Option<bool>,
    /// `Some(true)`: only with a delivery problem noted; `Some(false)`: only without.
    pub noted: Option<bool>,
}

impl ShownAs {
    /// Whether a recipient meets these conditions at `now` (what a database filter does).
    pub fn matches(&self, r: &crate::invitation::InvitationRecipient, now: OffsetDateTime) -> bool {
        self.states.contains(&r.state)
            && self.expired.is_none_or(|e| e == r.expires_at.is_some_and(|x| x <= now))
            && self.noted.is_none_or(|n| n == r.last_delivery_note.is_some())
    }
}

/// What makes a recipient shown as `shown` (both kinds of revoked are shown *revoked*).
pub fn shown_as(shown: RecipientState) -> ShownAs {
    let of = |states, expired, noted| ShownAs { states, expired, noted };
    match shown {
        Queued => of(&[Queued], None, Some(false)),
        RecipientState::Deferred => of(&[Queued], None, Some(true)),
        Sent => of(&[Sent], Some(false), None),
        Delivered => of(&[Delivered], Some(false), None),
        Downloaded => of(&[Downloaded], Some(false), None),
        RecipientState::Expired => of(&[Sent, Delivered, Downloaded], Some(true), None),
        Bounced => of(&[Bounced], None, None),
        Accepted => of(&[Accepted], None, None),
        Revoked | RevokedByAdmin => of(&[Revoked, RevokedByAdmin], None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_kind_and_actor_has_at_most_one_rule() {
        for (i, a) in TABLE.iter().enumerate() {
            for b in &TABLE[i + 1..] {
                assert!(
                    !(a.event == b.event && a.kind == b.kind && a.actor == b.actor),
                    "{a:?} and {b:?}"
                );
            }
        }
    }

    #[test]
    fn nothing_leaves_accepted_or_admin_revoked_but_an_administrator() {
        for rule in TABLE {
            if rule.actor != Administrator {
                assert!(!rule.from.contains(&RevokedByAdmin), "{rule:?}");
            }
            if rule.event != Download {
                assert!(!rule.from.contains(&Accepted), "{rule:?}");
            }
            assert!(
                !rule.from.contains(&RecipientState::Deferred),
                "derived states are never stored"
            );
            assert!(
                !rule.from.contains(&RecipientState::Expired),
                "derived states are never stored"
            );
        }
    }

    #[test]
    fn every_stored_state_and_time_is_shown_as_exactly_one_state() {
        use crate::invitation::InvitationRecipient;
        let now = time::macros::datetime!(2026-11-02 10:00 UTC);
        let shown = [
            Queued,
            RecipientState::Deferred,
            Sent,
            Delivered,
            Downloaded,
            RecipientState::Expired,
            Bounced,
            Accepted,
            Revoked,
        ];
        for state in [
            Queued,
            Sent,
            Delivered,
            Downloaded,
            Bounced,
            Accepted,
            Revoked,
            RevokedByAdmin,
        ] {
            for expires_at in [
                None,
                Some(now - time::Duration::hours(1)),
                Some(now + time::Duration::hours(1)),
            ] {
                for note in [None, Some("451 later".to_owned())] {
                    let r = InvitationRecipient {
                        id: crate::ids::RecipientId::from_uuid(uuid::Uuid::nil()),
                        recipient: crate::Recipient::new(crate::EmailAddress::parse("a@example.org").unwrap(), None),
                        role: crate::Role::To,
                        kind: crate::invitation::RecipientKind::External,
                        state,
                        sent_at: None,
                        expires_at,
                        accepted_at: None,
                        last_delivery_note: note.clone(),
                        reminders_sent: 0,
                        next_reminder_at: None,
                        renewal_requested_at: None,
                        opened_at: None,
                    };
                    let matching: Vec<_> = shown.iter().filter(|s| shown_as(**s).matches(&r, now)).collect();
                    let expected = match r.state_at(now) {
                        RevokedByAdmin => Revoked,
                        other => other,
                    };
                    assert_eq!(matching, vec![&expected], "{state:?} {expires_at:?} {note:?}");
                }
            }
        }
    }

    #[test]
    fn refusals_name_the_reason() {
        let d = |event, kind, actor, state| decide(event, kind, actor, state, false).map(|r| r.to.unwrap_or(state));
        assert_eq!(d(Resend, Invitation, Sender, Accepted), Err(Refusal::AlreadyAccepted));
        assert_eq!(d(Revoke, Invitation, Sender, Accepted), Err(Refusal::AlreadyAccepted));
        assert_eq!(
            d(Resend, Invitation, Sender, RevokedByAdmin),
            Err(Refusal::RevokedByAdministrator)
        );
        assert_eq!(d(Resend, Invitation, Administrator, RevokedByAdmin), Ok(Queued));
        assert_eq!(d(Revoke, Invitation, Sender, Revoked), Err(Refusal::AlreadyRevoked));
        assert_eq!(d(Revoke, Invitation, Administrator, Revoked), Ok(RevokedByAdmin));
        assert_eq!(
            d(Revoke, Invitation, Administrator, RevokedByAdmin),
            Err(Refusal::AlreadyRevoked)
        );
        assert_eq!(d(Revoke, Files, Sender, RevokedByAdmin), Err(Refusal::AlreadyRevoked));
        assert_eq!(d(Resend, Files, Sender, Queued), Err(Refusal::StillQueued));
        assert_eq!(d(Resend, Files, Sender, Downloaded), Ok(Queued));
        assert_eq!(
            decide(Resend, Files, Sender, Delivered, true).map(|r| r.to),
            Err(Refusal::FilesExpired)
        );
        assert_eq!(d(Revoke, Invitation, Worker, Sent), Err(Refusal::NotAllowed));
    }
}
