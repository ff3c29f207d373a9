//! The funnel: what happened to each recipient, in order, and the administrator's report of
//! how invitations are accepted.
//!
//! Every change a repository applies records one [`HistoryEntry`] in the same transaction (the
//! event comes with the change: [`crate::lifecycle::RecipientChange::history`]); *expired* is
//! never stored but added when the history is read (`with_expiry`), like the state.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::ids::UserId;
use crate::invitation::{InvitationRecipient, RecipientState};
use crate::lifecycle::{Actor, Event};

/// Something that happened to a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryEvent {
    /// Sent by the sender; waiting for the delivery worker.
    Queued,
    /// A link-only invitation's link was shown to the sender (nothing emailed).
    LinkShown,
    /// The mail system accepted the message.
    Sent,
    /// The mail system failed for now; the worker tries again.
    Deferred,
    /// The mail system refused the message for good.
    Bounced,
    /// A reminder with a further link was queued.
    Reminded,
    /// The invitee opened their link for the first time (opening never uses it up).
    Opened,
    /// The account was created.
    Accepted,
    /// The link outlived its lifetime (derived when read, never stored).
    Expired,
    /// The links were revoked.
    Revoked,
    /// A new link was sent; earlier links stopped working.
    Resent,
    /// The holder of the expired link asked for a new one.
    RenewalRequested,
    /// A new link went out at the holder's request, without the sender (automatic renewal).
    Renewed,
    /// A file was downloaded (a counted download).
    Downloaded,
}

impl HistoryEvent {
    /// Every event, for names and tests.
    pub const ALL: [HistoryEvent; 14] = [
        HistoryEvent::Queued,
        HistoryEvent::LinkShown,
        HistoryEvent::Sent,
        HistoryEvent::Deferred,
        HistoryEvent::Bounced,
        HistoryEvent::Reminded,
        HistoryEvent::Opened,
        HistoryEvent::Accepted,
        HistoryEvent::Expired,
        HistoryEvent::Revoked,
        HistoryEvent::Resent,
        HistoryEvent::RenewalRequested,
        HistoryEvent::Renewed,
        HistoryEvent::Downloaded,
    ];

    /// Stable lower-case name (stored, and in the API).
    pub fn as_str(self) -> &'static str {
        match self {
            HistoryEvent::Queued => "queued",
            HistoryEvent::LinkShown => "link_shown",
            HistoryEvent::Sent => "sent",
            HistoryEvent::Deferred => "deferred",
            HistoryEvent::Bounced => "bounced",
            HistoryEvent::Reminded => "reminded",
            HistoryEvent::Opened => "opened",
            HistoryEvent::Accepted => "accepted",
            HistoryEvent::Expired => "expired",
            HistoryEvent::Revoked => "revoked",
            HistoryEvent::Resent => "resent",
            HistoryEvent::RenewalRequested => "renewal_requested",
            HistoryEvent::Renewed => "renewed",
            HistoryEvent::Downloaded => "downloaded",
        }
    }

    /// Reads [`HistoryEvent::as_str`] back.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == name)
    }

    /// What a person reads.
    pub fn label(self) -> &'static str {
        match self {
            HistoryEvent::Queued => "queued for delivery",
            HistoryEvent::LinkShown => "link shown to the sender (no email)",
            HistoryEvent::Sent => "handed to the mail system",
            HistoryEvent::Deferred => "delivery deferred, tried again later",
            HistoryEvent::Bounced => "refused by the mail system",
            HistoryEvent::Reminded => "reminder queued",
            HistoryEvent::Opened => "link opened",
            HistoryEvent::Accepted => "account created",
            HistoryEvent::Expired => "link expired",
            HistoryEvent::Revoked => "revoked",
            HistoryEvent::Resent => "new link sent",
            HistoryEvent::RenewalRequested => "asked for a new link",
            HistoryEvent::Renewed => "new link sent automatically",
            HistoryEvent::Downloaded => "file downloaded",
        }
    }

    /// The history event a lifecycle event records.
    pub fn of(event: Event) -> Self {
        match event {
            Event::DeliveryAccepted => HistoryEvent::Sent,
            Event::DeliveryDeferred => HistoryEvent::Deferred,
            Event::DeliveryRefused => HistoryEvent::Bounced,
            Event::Resend => HistoryEvent::Resent,
            Event::Revoke => HistoryEvent::Revoked,
            Event::Activate => HistoryEvent::Accepted,
            Event::Download => HistoryEvent::Downloaded,
            // A link-only invitation's resend: a resend (its detail says the link was shown).
            Event::NewLinkShown => HistoryEvent::Resent,
        }
    }
}

/// One line of a recipient's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// When.
    pub at: OffsetDateTime,
    /// What.
    pub event: HistoryEvent,
    /// Who caused it, when a person did (`None`: the portal itself).
    pub actor: Option<Actor>,
    /// The mail system's answer, for deliveries.
    pub detail: Option<String>,
}

impl HistoryEntry {
    /// An entry.
    pub fn new(at: OffsetDateTime, event: HistoryEvent, actor: Option<Actor>, detail: Option<String>) -> Self {
        Self {
            at,
            event,
            actor,
            detail,
        }
    }
}

/// The entries a new invitation records: each recipient *queued* by the sender, or, when its
/// link is among `links` (a link-only invitation), *link shown*.
pub fn created(
    invitation: &crate::invitation::Invitation,
    links: &[crate::invitation::IssuedToken],
) -> Vec<(crate::ids::RecipientId, HistoryEntry)> {
    invitation
        .recipients
        .iter()
        .map(|r| {
            let event = if links.iter().any(|l| l.recipient_id == r.id) {
                HistoryEvent::LinkShown
            } else {
                HistoryEvent::Queued
            };
            (
                r.id,
                HistoryEntry::new(invitation.created_at, event, Some(Actor::Sender), None),
            )
        })
        .collect()
}

/// The actor of a stored entry, by [`Actor::name`].
pub fn actor_from_name(name: &str) -> Option<Actor> {
    [Actor::Sender, Actor::Administrator, Actor::Worker, Actor::Invitee]
        .into_iter()
        .find(|a| a.name() == name)
}

/// A recipient's stored history as read at `now`: in order of time, with *expired* added at
/// the link's end when the recipient is shown expired.
pub(crate) fn with_expiry(
    mut entries: Vec<HistoryEntry>,
    recipient: &InvitationRecipient,
    now: OffsetDateTime,
) -> Vec<HistoryEntry> {
    if recipient.state_at(now) == RecipientState::Expired
        && let Some(at) = recipient.expires_at
    {
        entries.push(HistoryEntry::new(at, HistoryEvent::Expired, None, None));
    }
    entries.sort_by_key(|e| e.at);
    entries
}

/// What the report needs of one invited recipient (invitations only, not files messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunnelRow {
    /// The inviter.
    pub sender_id: UserId,
    /// The inviter's address.
    pub sender_email: String,
    /// When the invitation was sent.
    pub invited_at: OffsetDateTime,
    /// The stored state.
    pub state: RecipientState,
    /// When the link ends.
    pub expires_at: Option<OffsetDateTime>,
    /// When the link was first opened.
    pub opened_at: Option<OffsetDateTime>,
    /// When the account was created.
    pub accepted_at: Option<OffsetDateTime>,
    /// Whether a delivery note is kept (a queued recipient with one is deferred).
    pub has_delivery_note: bool,
}

impl FunnelRow {
    /// The state as shown at `now` (expired and deferred derived).
    pub fn state_at(&self, now: OffsetDateTime) -> RecipientState {
        RecipientState::shown_at(self.state, self.expires_at, self.has_delivery_note, now)
    }
}

/// How the report groups invitees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupBy {
    /// By the person who invited them.
    #[default]
    Inviter,
    /// By the calendar month of the invitation (UTC).
    Month,
    /// By the ISO week of the invitation (UTC).
    Week,
}

impl GroupBy {
    /// Stable name (query parameter).
    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Inviter => "inviter",
            GroupBy::Month => "month",
            GroupBy::Week => "week",
        }
    }
    /// Reads [`GroupBy::as_str`] back.
    pub fn from_name(name: &str) -> Option<Self> {
        [GroupBy::Inviter, GroupBy::Month, GroupBy::Week]
            .into_iter()
            .find(|g| g.as_str() == name)
    }
}

/// One line of the report: a group's invitees and what became of them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FunnelLine {
    /// The inviter's address, `2026-11` or `2026-W48`; `all` for the total.
    pub group: String,
    /// Recipients invited.
    pub invited: u64,
    /// Of them, who opened their link at least once.
    pub opened: u64,
    /// Who created their account.
    pub accepted: u64,
    /// Still waiting: queued, deferred or sent with a working link.
    pub waiting: u64,
    /// Link expired without an account.
    pub expired: u64,
    /// Revoked.
    pub revoked: u64,
    /// Refused by the mail system.
    pub bounced: u64,
    /// Median time from the invitation to the account, over those accepted.
    pub median_time_to_accept: Option<Duration>,
}

impl FunnelLine {
    /// Accepted per invited, in percent (0 with nobody invited).
    pub fn acceptance_percent(&self) -> f64 {
        if self.invited == 0 {
            0.0
        } else {
            // Counts far below 2^52: exact as floating point.
            #[allow(clippy::cast_precision_loss)]
            let rate = self.accepted as f64 * 100.0 / self.invited as f64;
            rate
        }
    }

    fn add(&mut self, row: &FunnelRow, now: OffsetDateTime) {
        self.invited += 1;
        if row.opened_at.is_some() {
            self.opened += 1;
        }
        match row.state_at(now) {
            RecipientState::Accepted => self.accepted += 1,
            RecipientState::Expired => self.expired += 1,
            RecipientState::Revoked | RecipientState::RevokedByAdmin => self.revoked += 1,
            RecipientState::Bounced => self.bounced += 1,
            _ => self.waiting += 1,
        }
    }
}

/// The report: one line per group, in the group's order, and the total.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FunnelReport {
    /// The groups.
    pub lines: Vec<FunnelLine>,
    /// Every invitee of the period.
    pub total: FunnelLine,
}

fn median(mut times: Vec<Duration>) -> Option<Duration> {
    if times.is_empty() {
        return None;
    }
    times.sort();
    let n = times.len();
    Some(if n % 2 == 1 {
        times[n / 2]
    } else {
        (times[n / 2 - 1] + times[n / 2]) / 2
    })
}

/// The group a row falls in.
fn group_of(row: &FunnelRow, by: GroupBy) -> String {
    match by {
        GroupBy::Inviter => row.sender_email.clone(),
        GroupBy::Month => format!("{:04}-{:02}", row.invited_at.year(), u8::from(row.invited_at.month())),
        GroupBy::Week => {
            let (year, week, _) = row.invited_at.to_iso_week_date();
            format!("{year:04}-W{week:02}")
        }
    }
}

impl FunnelReport {
    /// Builds the report of `rows` at `now`, grouped `by`: groups in order (inviters by
    /// address, periods by time), each with its median time to accept.
    pub fn build(rows: &[FunnelRow], by: GroupBy, now: OffsetDateTime) -> Self {
        let mut groups: BTreeMap<String, (FunnelLine, Vec<Duration>)> = BTreeMap::new();
        let mut total = FunnelLine {
            group: "all".into(),
            ..FunnelLine::default()
        };
        let mut all_times = Vec::new();
        for row in rows {
            let key = group_of(row, by);
            let (line, times) = groups.entry(key.clone()).or_insert_with(|| {
                (
                    FunnelLine {
                        group: key,
                        ..FunnelLine::default()
                    },
                    Vec::new(),
                )
            });
            line.add(row, now);
            total.add(row, now);
            if row.state == RecipientState::Accepted
                && let Some(at) = row.accepted_at
            {
                times.push(at - row.invited_at);
                all_times.push(at - row.invited_at);
            }
        }
        total.median_time_to_accept = median(all_times);
        let lines = groups
            .into_values()
            .map(|(mut line, times)| {
                line.median_time_to_accept = median(times);
                line
            })
            .collect();
        Self { lines, total }
    }
}

/// Longest period one report covers.
pub(crate) const MAX_REPORT_DAYS: i64 = 366;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    fn row(sender: &str, at: OffsetDateTime, state: RecipientState, accepted_after: Option<i64>) -> FunnelRow {
        FunnelRow {
            sender_id: UserId::from_uuid(uuid::Uuid::nil()),
            sender_email: sender.into(),
            invited_at: at,
            state,
            expires_at: Some(at + Duration::days(14)),
            opened_at: accepted_after.map(|_| at + Duration::hours(1)),
            accepted_at: accepted_after.map(|h| at + Duration::hours(h)),
            has_delivery_note: false,
        }
    }

    #[test]
    fn groups_counts_and_medians() {
        let t = datetime!(2026-11-02 10:00 UTC);
        let rows = [
            row("a@x.org", t, RecipientState::Accepted, Some(2)),
            row("a@x.org", t, RecipientState::Accepted, Some(4)),
            row("a@x.org", t, RecipientState::Sent, None),
            row("b@x.org", t + Duration::days(31), RecipientState::Revoked, None),
            row("b@x.org", t - Duration::days(30), RecipientState::Sent, None),
        ];
        let now = t + Duration::days(20);
        let by_inviter = FunnelReport::build(&rows, GroupBy::Inviter, now);
        let a = &by_inviter.lines[0];
        assert_eq!(a.group, "a@x.org");
        assert_eq!((a.invited, a.opened, a.accepted, a.expired), (3, 2, 2, 1));
        assert_eq!(a.median_time_to_accept, Some(Duration::hours(3)));
        assert!((a.acceptance_percent() - 200.0 / 3.0).abs() < 1e-9);
        let b = &by_inviter.lines[1];
        assert_eq!(
            (b.invited, b.revoked, b.expired, b.median_time_to_accept),
            (2, 1, 1, None)
        );
        assert_eq!(by_inviter.total.invited, 5);
        assert_eq!(by_inviter.total.median_time_to_accept, Some(Duration::hours(3)));
        let by_month = FunnelReport::build(&rows, GroupBy::Month, now);
        let groups: Vec<&str> = by_month.lines.iter().map(|l| l.group.as_str()).collect();
        assert_eq!(groups, ["2026-10", "2026-11", "2026-12"]);
        let by_week = FunnelReport::build(&rows, GroupBy::Week, now);
        assert_eq!(by_week.lines[1].group, "2026-W45");
    }

    proptest! {
        /// Every invitee falls in exactly one outcome, and the total is the sum of the groups
        /// whatever the grouping.
        #[test]
        fn outcomes_partition_the_invitees(
            cases in proptest::collection::vec((0usize..3, 0i64..90, 0usize..6, proptest::option::of(1i64..500)), 0..60),
            by in 0usize..3,
        ) {
            let t = datetime!(2026-01-01 0:00 UTC);
            let states = [
                RecipientState::Queued, RecipientState::Sent, RecipientState::Accepted,
                RecipientState::Revoked, RecipientState::Bounced, RecipientState::RevokedByAdmin,
            ];
            let rows: Vec<FunnelRow> = cases
                .iter()
                .map(|(s, day, st, acc)| {
                    let state = states[*st];
                    row(["a@x", "b@x", "c@x"][*s], t + Duration::days(*day), state,
                        if state == RecipientState::Accepted { Some(acc.unwrap_or(1)) } else { None })
                })
                .collect();
            let by = [GroupBy::Inviter, GroupBy::Month, GroupBy::Week][by];
            let report = FunnelReport::build(&rows, by, t + Duration::days(60));
            let sum = |f: fn(&FunnelLine) -> u64| report.lines.iter().map(f).sum::<u64>();
            prop_assert_eq!(sum(|l| l.invited), rows.len() as u64);
            prop_assert_eq!(report.total.invited, rows.len() as u64);
            for l in report.lines.iter().chain([&report.total]) {
                prop_assert_eq!(l.invited, l.accepted + l.waiting + l.expired + l.revoked + l.bounced);
                prop_assert!(l.opened <= l.invited);
            }
            prop_assert_eq!(sum(|l| l.accepted), report.total.accepted);
        }
    }
}
