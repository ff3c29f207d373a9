//! Model-based tests of the recipient lifecycle: random sequences of operations by random
//! actors (send, deliver with each outcome, resend, revoke, change a permission, activate,
//! download, let time pass), applied through the use cases to a storage adapter, and after
//! every step compared with a reference model written here in plain Rust, independently of
//! the domain's transition table: the stored and shown states, the links that work, the
//! download counts and the audit entries must all match.
//!
//! [`lifecycle_model`] runs the suite on one engine; the in-memory store, SQLite and
//! PostgreSQL each run it. Shrunk failures are kept in `proptest-regressions/lifecycle.txt`
//! and replayed first on every run.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use postern_domain::EmailAddress;
use postern_domain::files::{Attachment, FileName};
use postern_domain::ids::{AttachmentId, InvitationId, RecipientId};
use postern_domain::invitation::MessageKind;
use postern_domain::message::OutgoingMessage;
use postern_domain::policy::{InvitationSetting, RequestedOptions};
use postern_domain::ports::{AttachmentStore, MailError, Mailer};
use postern_domain::token::{ActivationToken, DownloadToken};
use postern_domain::usecases::{
    ActivateAccount, ActivationError, ActivationInput, DeliverOutbox, DeliveryConfig, DownloadError, Downloads,
    InvitationForm, InvitationRequest, ManageError, ManageInvitations, Part, Ports, SendError, SendInvitations,
};
use postern_domain::user::{User, UserKind};
use postern_mail::{Composed, compose};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};
use proptest_state_machine::ReferenceStateMachine;
use time::Duration;

use crate::contract::{Storage, T0, sample_user};
use crate::fakes::{FastHasher, ManualClock, SeededRandom};
use crate::{MemoryAttachments, NoDirectory};

/// The people invited: a small pool, so that two messages can go to one address.
const POOL: [&str; 3] = ["ann@example.org", "bob@example.org", "cy@example.org"];
const SENDER: &str = "sender@example.com";
/// Each message carries one file of this size.
const FILE_SIZE: u64 = 10_000;
/// The resume allowance of one counted download (a tenth of the file).
const ALLOWANCE: u64 = FILE_SIZE / 10;
const DOWNLOAD_LIMIT: u32 = 2;
const LINK_DAYS: i64 = 14;
const FILES_DAYS: i64 = 7;
/// The delivery worker gives up on a message failing this long.
const GIVE_UP: i64 = 2 * 86_400;
/// Each delivery round happens this long after the previous step (longer than any retry delay).
const ROUND: i64 = 120;
const DAY: i64 = 86_400;

// ---------------------------------------------------------------------------------------------
// Operations.

/// A kind of message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An invitation with a file.
    Invitation,
    /// Files only.
    Files,
}

/// Who acts on a recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The staff member who sent it.
    Sender,
    /// An administrator.
    Admin,
    /// Another staff member.
    Other,
}

/// How the mail system answers messages that carry a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailAnswer {
    /// 250.
    Accept,
    /// 4xx.
    Defer,
    /// 5xx.
    Refuse,
}

/// Which of a recipient's links is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The newest.
    Latest,
    /// The first one ever sent.
    First,
}

/// What a download asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    /// The whole file.
    Whole,
    /// Bytes 0–4999.
    Head,
    /// Bytes 9500–9999.
    Tail,
    /// Bytes 1–9999.
    Big,
    /// The whole file, cut off after 3000 bytes.
    Cut,
    /// The file in the zip of every file.
    Zip,
}

/// One operation.
#[derive(Debug, Clone)]
pub enum Op {
    /// The sender sends a message to these pool addresses.
    Send {
        /// What kind.
        kind: Kind,
        /// Pool indices, distinct.
        to: Vec<usize>,
    },
    /// The delivery worker runs, a little later, and the mail system answers so.
    Deliver(MailAnswer),
    /// A resend.
    Resend {
        /// By whom.
        who: Who,
        /// Message and recipient (taken modulo what exists).
        at: (usize, usize),
    },
    /// A revoke.
    Revoke {
        /// By whom.
        who: Who,
        /// Message and recipient.
        at: (usize, usize),
    },
    /// An administrator sets the sender's own invitation permission.
    Permission(InvitationSetting),
    /// The invitee creates the account with one of their links, once or twice at the same time.
    Activate {
        /// Message and recipient.
        at: (usize, usize),
        /// Which link.
        pick: Pick,
        /// Two attempts at once.
        twice: bool,
    },
    /// The recipient downloads the file.
    Download {
        /// Message and recipient.
        at: (usize, usize),
        /// Which link.
        pick: Pick,
        /// What part.
        take: Take,
    },
    /// Time passes.
    Advance {
        /// Days.
        days: i64,
    },
}

// ---------------------------------------------------------------------------------------------
// The reference model.

/// A stored state, as the model knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum St {
    /// Waiting for delivery.
    Queued,
    /// Invitation delivered.
    Sent,
    /// Files delivered.
    Delivered,
    /// Files downloaded.
    Downloaded,
    /// Refused by the mail system.
    Bounced,
    /// Account created.
    Accepted,
    /// Revoked by the sender.
    Revoked,
    /// Revoked by an administrator.
    RevokedByAdmin,
}

impl St {
    fn name(self) -> &'static str {
        match self {
            St::Queued => "queued",
            St::Sent => "sent",
            St::Delivered => "delivered",
            St::Downloaded => "downloaded",
            St::Bounced => "bounced",
            St::Accepted => "accepted",
            St::Revoked => "revoked",
            St::RevokedByAdmin => "revoked_by_admin",
        }
    }
}

/// A link's own state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// Works (if its recipient's state lets it).
    Live,
    /// Used up by an acceptance.
    Used,
    /// Revoked.
    Revoked,
}

/// A link, as the model knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    expires: i64,
    state: LinkState,
}

/// A recipient, as the model knows it.
#[derive(Debug, Clone)]
pub struct Rcpt {
    addr: usize,
    state: St,
    /// A temporary failure was noted (shown as deferred while queued).
    deferred: bool,
    expires: Option<i64>,
    /// When its pending outbox message was queued.
    pending: Option<i64>,
    activation: Vec<Link>,
    download: Vec<Link>,
    count: u32,
    credit: u64,
    /// The latest counted download had its allowance for a broken connection.
    loss_granted: bool,
}

/// A message, as the model knows it.
#[derive(Debug, Clone)]
pub struct Msg {
    kind: Kind,
    created: i64,
    rcpts: Vec<Rcpt>,
}

impl Msg {
    fn files_expire(&self) -> i64 {
        self.created + FILES_DAYS * DAY
    }
}

/// What an operation should have answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Nothing to check.
    None,
    /// A resend or revoke: `Ok` or the error's code.
    Manage(Result<(), &'static str>),
    /// Sending: `sent`, `not_permitted`, or `has_account` (an invitation to someone who has an
    /// account already is refused unless the sender goes on on purpose; the model never does).
    Send(&'static str),
    /// Activations that succeed (of one or two attempts), and the error of a single one.
    Activate(usize, Option<&'static str>),
    /// A download: resumed, counted, or the error.
    Download(Result<&'static str, &'static str>),
}

/// The reference model.
#[derive(Debug, Clone)]
pub struct Model {
    now: i64,
    setting: InvitationSetting,
    accounts: Vec<usize>,
    messages: Vec<Msg>,
    /// The audit entries the last operation should have written: (action, label).
    audit: Vec<(&'static str, String)>,
    answer: Answer,
}

fn addr(i: usize) -> String {
    POOL[i].to_owned()
}

impl Model {
    fn resolve(&self, at: (usize, usize)) -> Option<(usize, usize)> {
        if self.messages.is_empty() {
            return None;
        }
        let m = at.0 % self.messages.len();
        Some((m, at.1 % self.messages[m].rcpts.len()))
    }

    fn links(&self, at: (usize, usize), download: bool) -> &[Link] {
        match self.resolve(at) {
            Some((m, r)) => {
                let rc = &self.messages[m].rcpts[r];
                if download { &rc.download } else { &rc.activation }
            }
            None => &[],
        }
    }

    fn pick(links: &[Link], pick: Pick) -> Option<usize> {
        if links.is_empty() {
            return None;
        }
        Some(match pick {
            Pick::Latest => links.len() - 1,
            Pick::First => 0,
        })
    }

    /// The state a person sees at `now`.
    fn shown(&self, m: usize, r: usize) -> &'static str {
        let rc = &self.messages[m].rcpts[r];
        match rc.state {
            St::Queued if rc.deferred => "deferred",
            St::Sent | St::Delivered | St::Downloaded if rc.expires.is_some_and(|e| e <= self.now) => "expired",
            St::RevokedByAdmin => "revoked",
            s => s.name(),
        }
    }

    /// What opening an activation link shows.
    fn activation_view(&self, m: usize, r: usize, link: Link) -> &'static str {
        let rc = &self.messages[m].rcpts[r];
        if rc.state == St::Accepted || link.state == LinkState::Used {
            "used"
        } else if link.state != LinkState::Live || !matches!(rc.state, St::Queued | St::Sent) {
            "revoked"
        } else if link.expires <= self.now {
            "expired"
        } else if self.accounts.contains(&rc.addr) {
            // Someone with an account by now is told so on opening the link.
            "account_exists"
        } else {
            "ok"
        }
    }

    /// What opening a download link shows.
    fn download_view(&self, m: usize, r: usize, link: Link) -> &'static str {
        let msg = &self.messages[m];
        let rc = &msg.rcpts[r];
        let works = match msg.kind {
            Kind::Invitation => matches!(rc.state, St::Queued | St::Sent | St::Accepted),
            Kind::Files => matches!(rc.state, St::Queued | St::Delivered | St::Downloaded),
        };
        if link.state != LinkState::Live || !works {
            "revoked"
        } else if link.expires <= self.now {
            "expired"
        } else {
            "ok"
        }
    }

    fn revoke_links(rc: &mut Rcpt) {
        for l in rc.activation.iter_mut().chain(rc.download.iter_mut()) {
            if l.state == LinkState::Live {
                l.state = LinkState::Revoked;
            }
        }
    }

    fn send(&mut self, kind: Kind, to: &[usize]) {
        let permitted = kind == Kind::Files || self.setting == InvitationSetting::Allow;
        if !permitted {
            self.answer = Answer::Send("not_permitted");
            self.audit.push(("invitation.refused", "sender".into()));
            return;
        }
        if kind == Kind::Invitation && to.iter().any(|a| self.accounts.contains(a)) {
            self.answer = Answer::Send("has_account");
            return;
        }
        self.answer = Answer::Send("sent");
        let now = self.now;
        self.messages.push(Msg {
            kind,
            created: now,
            rcpts: to
                .iter()
                .map(|&addr| Rcpt {
                    addr,
                    state: St::Queued,
                    deferred: false,
                    expires: None,
                    pending: Some(now),
                    activation: Vec::new(),
                    download: Vec::new(),
                    count: 0,
                    credit: 0,
                    loss_granted: false,
                })
                .collect(),
        });
        self.audit.push(("invitation.sent", String::new()));
    }

    fn deliver(&mut self, answer: MailAnswer) {
        self.now += ROUND;
        let now = self.now;
        for msg in &mut self.messages {
            let files_expire = msg.files_expire();
            for rc in &mut msg.rcpts {
                let Some(queued_at) = rc.pending else { continue };
                let deliverable = match msg.kind {
                    Kind::Invitation => matches!(rc.state, St::Queued | St::Sent),
                    Kind::Files => matches!(rc.state, St::Queued | St::Delivered),
                };
                if !deliverable {
                    rc.pending = None;
                    continue;
                }
                let give_up = now - queued_at >= GIVE_UP;
                match (answer, give_up) {
                    (MailAnswer::Accept, _) => {
                        rc.pending = None;
                        rc.deferred = false;
                        let download = Link {
                            expires: files_expire,
                            state: LinkState::Live,
                        };
                        rc.download.push(download);
                        match msg.kind {
                            Kind::Invitation => {
                                rc.state = St::Sent;
                                rc.expires = Some(now + LINK_DAYS * DAY);
                                rc.activation.push(Link {
                                    expires: now + LINK_DAYS * DAY,
                                    state: LinkState::Live,
                                });
                            }
                            Kind::Files => {
                                rc.state = St::Delivered;
                                rc.expires = Some(files_expire);
                            }
                        }
                    }
                    (MailAnswer::Defer, false) => {
                        if rc.state == St::Queued {
                            rc.deferred = true;
                        }
                    }
                    (MailAnswer::Defer | MailAnswer::Refuse, _) => {
                        rc.pending = None;
                        if rc.state == St::Queued {
                            rc.state = St::Bounced;
                            Self::revoke_links(rc);
                        }
                        self.audit.push(("delivery.bounced", addr(rc.addr)));
                    }
                }
            }
        }
    }

    fn manage(&mut self, who: Who, at: (usize, usize), resend: bool) {
        let Some((m, r)) = self.resolve(at) else { return };
        let now = self.now;
        let setting = self.setting;
        let msg = &mut self.messages[m];
        let kind = msg.kind;
        let files_expired = msg.files_expire() <= now;
        let rc = &mut msg.rcpts[r];
        let label = addr(rc.addr);
        let outcome: Result<St, &'static str> = match who {
            Who::Other => Err("not_found"),
            _ if rc.state == St::Accepted => Err("already_accepted"),
            _ if resend && kind == Kind::Files && files_expired => Err("files_expired"),
            Who::Sender | Who::Admin if resend => {
                let admin = who == Who::Admin;
                match rc.state {
                    St::RevokedByAdmin if !admin => Err("revoked_by_administrator"),
                    St::Queued => Err("still_queued"),
                    _ if !admin && kind == Kind::Invitation && setting != InvitationSetting::Allow => {
                        Err("not_permitted")
                    }
                    _ => Ok(St::Queued),
                }
            }
            _ => match (rc.state, who == Who::Admin) {
                (St::RevokedByAdmin, _) | (St::Revoked, false) => Err("already_revoked"),
                (_, true) => Ok(St::RevokedByAdmin),
                (_, false) => Ok(St::Revoked),
            },
        };
        self.answer = Answer::Manage(outcome.map(|_| ()));
        match outcome {
            Err("not_found") => {}
            Err(_) => self.audit.push(("invitation.refused", label)),
            Ok(to) => {
                rc.state = to;
                Self::revoke_links(rc);
                if resend {
                    rc.pending = Some(now);
                    rc.deferred = false;
                    rc.expires = None;
                    self.audit.push(("invitation.resent", label));
                } else {
                    self.audit.push(("invitation.revoked", label));
                }
            }
        }
    }

    fn activate_once(&mut self, m: usize, r: usize, link: usize) -> Result<(), &'static str> {
        let l = self.messages[m].rcpts[r].activation[link];
        let view = self.activation_view(m, r, l);
        if view != "ok" {
            return Err(view);
        }
        let a = self.messages[m].rcpts[r].addr;
        if self.accounts.contains(&a) {
            return Err("account_exists");
        }
        let rc = &mut self.messages[m].rcpts[r];
        rc.state = St::Accepted;
        for l in &mut rc.activation {
            if l.state == LinkState::Live {
                l.state = LinkState::Used;
            }
        }
        self.accounts.push(a);
        self.audit.push(("account.created", addr(a)));
        Ok(())
    }

    fn activate(&mut self, at: (usize, usize), pick: Pick, twice: bool) {
        let (Some((m, r)), Some(link)) = (self.resolve(at), Self::pick(self.links(at, false), pick)) else {
            return;
        };
        let first = self.activate_once(m, r, link);
        let mut wins = usize::from(first.is_ok());
        if twice {
            wins += usize::from(self.activate_once(m, r, link).is_ok());
        }
        self.answer = Answer::Activate(wins, if twice { None } else { first.err() });
    }

    fn download(&mut self, at: (usize, usize), pick: Pick, take: Take) {
        let (Some((m, r)), Some(link)) = (self.resolve(at), Self::pick(self.links(at, true), pick)) else {
            return;
        };
        let l = self.messages[m].rcpts[r].download[link];
        let view = self.download_view(m, r, l);
        if view != "ok" {
            self.answer = Answer::Download(Err(view));
            return;
        }
        let kind = self.messages[m].kind;
        let rc = &mut self.messages[m].rcpts[r];
        let label = addr(rc.addr);
        let (bytes, resume) = match take {
            Take::Whole | Take::Cut | Take::Zip => (FILE_SIZE, false),
            Take::Head => (5_000, false),
            Take::Tail => (500, true),
            Take::Big => (9_999, true),
        };
        let answer = if resume && rc.credit >= bytes {
            rc.credit -= bytes;
            self.audit.push(("file.resumed", label));
            "resumed"
        } else if rc.count < DOWNLOAD_LIMIT {
            rc.count += 1;
            rc.credit = FILE_SIZE + ALLOWANCE - bytes;
            rc.loss_granted = false;
            if kind == Kind::Files && matches!(rc.state, St::Queued | St::Delivered | St::Downloaded) {
                rc.state = St::Downloaded;
            }
            self.audit.push(("file.downloaded", label));
            "counted"
        } else {
            self.audit.push(("file.refused", label));
            self.answer = Answer::Download(Err("exhausted"));
            return;
        };
        if take == Take::Cut {
            // 3000 bytes went out, 7000 did not; what went out may be lost, once per count.
            rc.credit += 7_000;
            if !rc.loss_granted {
                rc.credit += 3_000;
                rc.loss_granted = true;
            }
        }
        self.answer = Answer::Download(Ok(answer));
    }
}

/// The reference state machine.
pub struct Reference;

fn at() -> impl Strategy<Value = (usize, usize)> {
    (0..3usize, 0..2usize)
}

impl ReferenceStateMachine for Reference {
    type State = Model;
    type Transition = Op;

    fn init_state() -> BoxedStrategy<Model> {
        Just(Model {
            now: 0,
            setting: InvitationSetting::Allow,
            accounts: Vec::new(),
            messages: Vec::new(),
            audit: Vec::new(),
            answer: Answer::None,
        })
        .boxed()
    }

    fn transitions(_: &Model) -> BoxedStrategy<Op> {
        let kind = prop_oneof![Just(Kind::Invitation), Just(Kind::Files)];
        let to = proptest::sample::subsequence(vec![0usize, 1, 2], 1..=2);
        let who = prop_oneof![3 => Just(Who::Sender), 2 => Just(Who::Admin), 1 => Just(Who::Other)];
        let answer =
            prop_oneof![4 => Just(MailAnswer::Accept), 1 => Just(MailAnswer::Defer), 1 => Just(MailAnswer::Refuse)];
        let pick = prop_oneof![3 => Just(Pick::Latest), 1 => Just(Pick::First)];
        let take = prop_oneof![
            2 => Just(Take::Whole),
            1 => Just(Take::Head),
            3 => Just(Take::Tail),
            1 => Just(Take::Big),
            2 => Just(Take::Cut),
            1 => Just(Take::Zip)
        ];
        let setting = prop_oneof![
            Just(InvitationSetting::Allow),
            Just(InvitationSetting::Deny),
            Just(InvitationSetting::Inherit)
        ];
        prop_oneof![
            2 => (kind, to).prop_map(|(kind, to)| Op::Send { kind, to }),
            4 => answer.prop_map(Op::Deliver),
            3 => (who.clone(), at()).prop_map(|(who, at)| Op::Resend { who, at }),
            2 => (who, at()).prop_map(|(who, at)| Op::Revoke { who, at }),
            1 => setting.prop_map(Op::Permission),
            3 => (at(), pick.clone(), proptest::bool::weighted(0.2))
                .prop_map(|(at, pick, twice)| Op::Activate { at, pick, twice }),
            4 => (at(), pick, take).prop_map(|(at, pick, take)| Op::Download { at, pick, take }),
            1 => prop_oneof![Just(1i64), Just(8i64), Just(15i64)].prop_map(|days| Op::Advance { days }),
        ]
        .boxed()
    }

    fn preconditions(state: &Model, op: &Op) -> bool {
        match op {
            Op::Send { .. } => state.messages.len() < 2,
            Op::Resend { .. } | Op::Revoke { .. } => !state.messages.is_empty(),
            Op::Activate { at, .. } => !state.links(*at, false).is_empty(),
            Op::Download { at, .. } => !state.links(*at, true).is_empty(),
            Op::Deliver(_) | Op::Permission(_) | Op::Advance { .. } => true,
        }
    }

    fn apply(mut state: Model, op: &Op) -> Model {
        state.audit.clear();
        state.answer = Answer::None;
        match op {
            Op::Send { kind, to } => state.send(*kind, to),
            Op::Deliver(answer) => state.deliver(*answer),
            Op::Resend { who, at } => state.manage(*who, *at, true),
            Op::Revoke { who, at } => state.manage(*who, *at, false),
            Op::Permission(setting) => state.setting = *setting,
            Op::Activate { at, pick, twice } => state.activate(*at, *pick, *twice),
            Op::Download { at, pick, take } => state.download(*at, *pick, *take),
            Op::Advance { days } => state.now += days * DAY,
        }
        state
    }
}

// ---------------------------------------------------------------------------------------------
// The system under test.

/// A mailer whose answer to messages carrying a link is set per round; other messages
/// (notices, welcomes) are always accepted.
struct ScriptedMailer {
    answer: Mutex<MailAnswer>,
    sent: Mutex<Vec<Composed>>,
}

#[async_trait]
impl Mailer for ScriptedMailer {
    async fn deliver(&self, message: &OutgoingMessage) -> Result<String, MailError> {
        let message = compose(message);
        let carries_link = message.text.contains("/activate/") || message.text.contains("/download/");
        let answer = if carries_link {
            *self
                .answer
                .lock()
                .map_err(|_| MailError::Temporary("poisoned".into()))?
        } else {
            MailAnswer::Accept
        };
        match answer {
            MailAnswer::Accept => {
                if let Ok(mut s) = self.sent.lock() {
                    s.push(message);
                }
                Ok("250 accepted".into())
            }
            MailAnswer::Defer => Err(MailError::Temporary("451 try again later".into())),
            MailAnswer::Refuse => Err(MailError::Permanent("550 no such user".into())),
        }
    }
}

struct Sut {
    ports: Ports,
    clock: Arc<ManualClock>,
    mailer: Arc<ScriptedMailer>,
    worker: DeliverOutbox,
    sender: User,
    admin: User,
    other: User,
    files: Arc<MemoryAttachments>,
    /// Per message: its id, its recipients' ids, its file.
    messages: Vec<(InvitationId, Vec<RecipientId>, AttachmentId)>,
    /// Links mailed to each recipient, oldest first.
    activation: BTreeMap<RecipientId, Vec<String>>,
    download: BTreeMap<RecipientId, Vec<String>>,
    /// Each recipient's address.
    addresses: BTreeMap<RecipientId, String>,
    mails_seen: usize,
    audit_seen: usize,
}

fn check(ok: bool, what: impl FnOnce() -> String) -> Result<(), TestCaseError> {
    if ok { Ok(()) } else { Err(TestCaseError::fail(what())) }
}

fn token_after<'a>(text: &'a str, marker: &str) -> impl Iterator<Item = String> + 'a {
    let marker = marker.to_owned();
    text.match_indices(marker.clone().as_str())
        .map(|(i, _)| i)
        .collect::<Vec<_>>()
        .into_iter()
        .map(move |i| {
            text[i + marker.len()..]
                .split(|c: char| c.is_whitespace() || c == '/' || c == '"' || c == '<' || c == '>')
                .next()
                .unwrap_or_default()
                .to_owned()
        })
}

fn manage_code(e: &ManageError) -> &'static str {
    e.code()
}

fn activation_code(e: &ActivationError) -> &'static str {
    match e {
        ActivationError::Used(_) => "used",
        ActivationError::Revoked(_) => "revoked",
        ActivationError::Expired(_) => "expired",
        ActivationError::AccountExists => "account_exists",
        ActivationError::Unknown => "unknown",
        _ => "other",
    }
}

fn download_code(e: &DownloadError) -> &'static str {
    match e {
        DownloadError::Revoked => "revoked",
        DownloadError::Expired => "expired",
        DownloadError::Exhausted(_) => "exhausted",
        DownloadError::Unknown => "unknown",
        _ => "other",
    }
}

impl Sut {
    async fn new(storage: Storage) -> Self {
        let clock = Arc::new(ManualClock::new(T0));
        let files = Arc::new(MemoryAttachments::default());
        let random = Arc::new(SeededRandom::new(7));
        let ports = Ports {
            clock: clock.clone(),
            random: random.clone(),
            hasher: Arc::new(FastHasher),
            directory: Arc::new(NoDirectory),
            users: storage.users.clone(),
            invitations: storage.invitations.clone(),
            outbox: storage.outbox.clone(),
            settings: storage.settings.clone(),
            templates: storage.templates.clone(),
            texts: std::sync::Arc::new(postern_domain::language::EnglishTexts),
            audit: storage.audit.clone(),
            api_tokens: storage.api_tokens.clone(),
            downloads: storage.downloads.clone(),
            attachments: files.clone(),
            sessions: storage.sessions.clone(),
            two_factor: storage.two_factor.clone(),
            sealer: Arc::new(crate::TestSealer::default()),
            webhooks: storage.webhooks.clone(),
        };
        let sender = sample_user(random.as_ref(), SENDER, UserKind::Internal);
        let admin = sample_user(random.as_ref(), "admin@example.com", UserKind::Admin);
        let other = sample_user(random.as_ref(), "other@example.com", UserKind::Internal);
        for u in [&sender, &admin, &other] {
            storage.users.create_user(u).await.expect("a user");
        }
        storage
            .users
            .set_invitation_setting(sender.id, InvitationSetting::Allow)
            .await
            .expect("a setting");
        let sender = User {
            invitation_setting: InvitationSetting::Allow,
            ..sender
        };
        let mailer = Arc::new(ScriptedMailer {
            answer: Mutex::new(MailAnswer::Accept),
            sent: Mutex::new(Vec::new()),
        });
        let worker = DeliverOutbox::new(
            &ports,
            mailer.clone(),
            DeliveryConfig {
                base_url: "https://postern.test".into(),
                from_address: EmailAddress::parse("postern@example.com").expect("an address"),
                lease: Duration::minutes(5),
                batch: 50,
                retry_base: Duration::seconds(60),
                retry_max: Duration::seconds(60),
                give_up_after: Duration::seconds(GIVE_UP),
                concurrency: 2,
                instance: "model".into(),
            },
        );
        Self {
            ports,
            clock,
            mailer,
            worker,
            sender,
            admin,
            other,
            files,
            messages: Vec::new(),
            activation: BTreeMap::new(),
            download: BTreeMap::new(),
            addresses: BTreeMap::new(),
            mails_seen: 0,
            audit_seen: 0,
        }
    }

    fn resolve(&self, at: (usize, usize)) -> Option<(usize, usize)> {
        if self.messages.is_empty() {
            return None;
        }
        let m = at.0 % self.messages.len();
        Some((m, at.1 % self.messages[m].1.len()))
    }

    fn recipient(&self, at: (usize, usize)) -> Option<RecipientId> {
        self.resolve(at).map(|(m, r)| self.messages[m].1[r])
    }

    fn pick(links: Option<&Vec<String>>, pick: Pick) -> Option<String> {
        let links = links?;
        match pick {
            Pick::Latest => links.last().cloned(),
            Pick::First => links.first().cloned(),
        }
    }

    async fn apply(&mut self, op: &Op) -> Result<Answer, TestCaseError> {
        let p = self.ports.clone();
        let fail = |e: &dyn std::fmt::Display| TestCaseError::fail(format!("{op:?}: {e}"));
        Ok(match op {
            Op::Send { kind, to } => {
                let to_text = to.iter().map(|&i| POOL[i]).collect::<Vec<_>>().join(", ");
                let form = InvitationForm {
                    to: &to_text,
                    cc: "",
                    bcc: "",
                    subject: "Files for you",
                    message: "Please have a look.",
                    options: RequestedOptions {
                        link_lifetime_days: Some(LINK_DAYS as u32),
                        attachment_lifetime_days: Some(FILES_DAYS as u32),
                        attachment_download_limit: Some(DOWNLOAD_LIMIT),
                        ..RequestedOptions::default()
                    },
                    idempotency_key: None,
                };
                let mut request = InvitationRequest::parse(&form).map_err(|e| fail(&format!("{e:?}")))?;
                let mut writer = self.files.create().await.map_err(|e| fail(&e))?;
                writer.write(&[7u8; FILE_SIZE as usize]).await.map_err(|e| fail(&e))?;
                let blob = writer.finish().await.map_err(|e| fail(&e))?;
                let file = Attachment {
                    id: AttachmentId::generate(p.random.as_ref()),
                    name: FileName::parse("report.pdf").map_err(|e| fail(&e))?,
                    size: blob.size,
                    sha256: blob.sha256,
                    blob_key: blob.key,
                };
                request.attachments = vec![file.clone()];
                request.kind = match kind {
                    Kind::Invitation => MessageKind::Invitation,
                    Kind::Files => MessageKind::Files,
                };
                match SendInvitations::new(&p).execute(&self.sender, request).await {
                    Ok(sent) => {
                        for r in &sent.invitation.recipients {
                            self.addresses.insert(r.id, r.address().as_str().to_owned());
                        }
                        let ids = sent.invitation.recipients.iter().map(|r| r.id).collect();
                        self.messages.push((sent.invitation.id, ids, file.id));
                        Answer::Send("sent")
                    }
                    Err(SendError::NotPermitted) => Answer::Send("not_permitted"),
                    Err(SendError::Invalid(problems))
                        if problems
                            .iter()
                            .all(|p| matches!(p, postern_domain::usecases::InvitationInputError::HasAccount(_))) =>
                    {
                        Answer::Send("has_account")
                    }
                    Err(e) => return Err(fail(&e)),
                }
            }
            Op::Deliver(answer) => {
                self.clock.advance(Duration::seconds(ROUND));
                if let Ok(mut a) = self.mailer.answer.lock() {
                    *a = *answer;
                }
                self.worker.drain().await.map_err(|e| fail(&e))?;
                self.collect_links().await?;
                Answer::None
            }
            Op::Resend { who, at } | Op::Revoke { who, at } => {
                let Some(id) = self.recipient(*at) else {
                    return Ok(Answer::None);
                };
                let actor = match who {
                    Who::Sender => &self.sender,
                    Who::Admin => &self.admin,
                    Who::Other => &self.other,
                };
                let manage = ManageInvitations::new(&p);
                let result = if matches!(op, Op::Resend { .. }) {
                    manage.resend(actor, id).await.map(|_| ())
                } else {
                    manage.revoke(actor, id).await
                };
                if let Err(ManageError::Store(e)) = &result {
                    return Err(fail(e));
                }
                Answer::Manage(result.map_err(|e| manage_code(&e)))
            }
            Op::Permission(setting) => {
                p.users
                    .set_invitation_setting(self.sender.id, *setting)
                    .await
                    .map_err(|e| fail(&e))?;
                self.sender.invitation_setting = *setting;
                Answer::None
            }
            Op::Activate { at, pick, twice } => {
                let Some(token) = self
                    .recipient(*at)
                    .and_then(|id| Self::pick(self.activation.get(&id), *pick))
                else {
                    return Ok(Answer::None);
                };
                let activation = ActivateAccount::new(&p);
                let input = || ActivationInput {
                    display_name: postern_domain::DisplayName::parse("Ann Example").expect("a name"),
                    password: postern_domain::password::Password::new("a long and private passphrase"),
                };
                if *twice {
                    let (a, b) = tokio::join!(activation.create(&token, input()), activation.create(&token, input()));
                    for r in [&a, &b] {
                        if let Err(ActivationError::Internal(e)) = r {
                            return Err(fail(e));
                        }
                    }
                    Answer::Activate(usize::from(a.is_ok()) + usize::from(b.is_ok()), None)
                } else {
                    match activation.create(&token, input()).await {
                        Ok(_) => Answer::Activate(1, None),
                        Err(ActivationError::Internal(e)) => return Err(fail(&e)),
                        Err(e) => Answer::Activate(0, Some(activation_code(&e))),
                    }
                }
            }
            Op::Download { at, pick, take } => {
                let Some((m, _)) = self.resolve(*at) else {
                    return Ok(Answer::None);
                };
                let file = self.messages[m].2;
                let Some(token) = self
                    .recipient(*at)
                    .and_then(|id| Self::pick(self.download.get(&id), *pick))
                else {
                    return Ok(Answer::None);
                };
                let part = match take {
                    Take::Whole | Take::Cut => Part::Whole,
                    Take::Zip => Part::InZip,
                    Take::Head => Part::Range { start: 0, end: 4_999 },
                    Take::Tail => Part::Range {
                        start: 9_500,
                        end: 9_999,
                    },
                    Take::Big => Part::Range { start: 1, end: 9_999 },
                };
                let downloads = Downloads::new(&p);
                match downloads.start(&token, file, part, None).await {
                    Ok(started) => {
                        let grant = started.grant;
                        if *take == Take::Cut {
                            downloads.refund(&grant, 7_000).await.map_err(|e| fail(&e))?;
                        }
                        Answer::Download(Ok(if grant.resumed { "resumed" } else { "counted" }))
                    }
                    Err(DownloadError::Store(e)) => return Err(fail(&e)),
                    Err(e) => Answer::Download(Err(download_code(&e))),
                }
            }
            Op::Advance { days } => {
                self.clock.advance(Duration::days(*days));
                Answer::None
            }
        })
    }

    /// Reads the links out of the messages the mail system accepted since the last look.
    async fn collect_links(&mut self) -> Result<(), TestCaseError> {
        let sent = self.mailer.sent.lock().map(|s| s.clone()).unwrap_or_default();
        let fresh = sent[self.mails_seen..].to_vec();
        self.mails_seen = sent.len();
        for message in fresh {
            let mut seen_activation = Vec::new();
            for token in token_after(&message.text, "/activate/") {
                if seen_activation.contains(&token) {
                    continue;
                }
                seen_activation.push(token.clone());
                let digest = ActivationToken::parse(&token)
                    .map_err(|_| TestCaseError::fail("a malformed activation link"))?
                    .digest();
                let found = self.ports.invitations.find_token(&digest).await;
                let Ok(Some(found)) = found else {
                    return Err(TestCaseError::fail("a mailed activation link is not stored"));
                };
                self.activation.entry(found.token.recipient_id).or_default().push(token);
            }
            let mut seen_download = Vec::new();
            for token in token_after(&message.text, "/download/") {
                if seen_download.contains(&token) {
                    continue;
                }
                seen_download.push(token.clone());
                let digest = DownloadToken::parse(&token)
                    .map_err(|_| TestCaseError::fail("a malformed download link"))?
                    .digest();
                let found = self.ports.downloads.find_download_link(&digest).await;
                let Ok(Some((link, _))) = found else {
                    return Err(TestCaseError::fail("a mailed download link is not stored"));
                };
                self.download.entry(link.recipient_id).or_default().push(token);
            }
        }
        Ok(())
    }

    /// The label of an audit entry: the pool address it is about, `sender`, or nothing.
    fn label(&self, e: &postern_domain::ports::AuditEvent) -> String {
        if let Some(address) = self.addresses.iter().find(|(id, _)| id.to_string() == e.subject) {
            return address.1.clone();
        }
        if POOL.contains(&e.subject.as_str()) {
            return e.subject.clone();
        }
        if e.action.starts_with("file.") || e.action.starts_with("account.") {
            return e.actor.clone().unwrap_or_default();
        }
        if e.subject == SENDER {
            return "sender".into();
        }
        String::new()
    }
}

/// Runs `cases` random sequences of `steps` operations against storage made by `engine` (a
/// fresh, empty store each time), failing with the shrunk sequence on the first difference.
///
/// # Panics
/// On a difference between the model and the system, with the operations that led to it.
pub fn lifecycle_model<F, Fut>(cases: u32, steps: usize, engine: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = Storage>,
{
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let config = Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/proptest-regressions/lifecycle.txt"
        )))),
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let result = runner.run(
        &Reference::sequential_strategy(steps..=steps),
        |(initial, ops, seen)| {
            runtime.block_on(async {
                let mut sut = Sut::new(engine().await).await;
                let mut model = initial;
                for (step, op) in ops.iter().enumerate() {
                    if let Some(seen) = &seen {
                        seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                    model = Reference::apply(model, op);
                    let answer = sut.apply(op).await?;
                    sut.audit_seen = compare(&sut, &model, &answer)
                        .await
                        .map_err(|e| TestCaseError::fail(format!("step {step} ({op:?}): {e}")))?;
                }
                Ok(())
            })
        },
    );
    if let Err(e) = result {
        panic!("the lifecycle model and the system disagree: {e}");
    }
}

/// Compares the system with the model after one step; returns the number of audit entries.
async fn compare(sut: &Sut, model: &Model, answer: &Answer) -> Result<usize, TestCaseError> {
    // What the operation answered.
    match (&model.answer, answer) {
        (Answer::Activate(wins, code), Answer::Activate(got_wins, got_code)) => {
            check(wins == got_wins && (code.is_none() || code == got_code), || {
                format!("activation: model {wins} {code:?}, system {got_wins} {got_code:?}")
            })?;
        }
        (expected, got) => check(expected == got, || {
            format!("answer: model {expected:?}, system {got:?}")
        })?,
    }
    check(model.messages.len() == sut.messages.len(), || "message count".into())?;
    // States, links and counts of every recipient.
    let now = sut.ports.clock.now();
    for (m, (invitation_id, ids, file)) in sut.messages.iter().enumerate() {
        let stored = sut
            .ports
            .invitations
            .find_invitation(*invitation_id)
            .await
            .map_err(|e| TestCaseError::fail(e.to_string()))?
            .ok_or_else(|| TestCaseError::fail("an invitation vanished"))?;
        for (r, id) in ids.iter().enumerate() {
            let mr = &model.messages[m].rcpts[r];
            let sr = stored
                .recipient(*id)
                .ok_or_else(|| TestCaseError::fail("a recipient vanished"))?;
            check(sr.state.as_str() == mr.state.name(), || {
                format!(
                    "message {m} recipient {r}: stored {}, model {}",
                    sr.state.as_str(),
                    mr.state.name()
                )
            })?;
            let shown = sr.state_at(now).label();
            check(shown == model.shown(m, r), || {
                format!("message {m} recipient {r}: shown {shown}, model {}", model.shown(m, r))
            })?;
            let activation = sut.activation.get(id).cloned().unwrap_or_default();
            check(activation.len() == mr.activation.len(), || {
                format!(
                    "message {m} recipient {r}: {} activation links, model {}",
                    activation.len(),
                    mr.activation.len()
                )
            })?;
            for (k, token) in activation.iter().enumerate() {
                let got = match ActivateAccount::new(&sut.ports).view(token).await {
                    Ok(_) => "ok",
                    Err(e) => activation_code(&e),
                };
                let want = model.activation_view(m, r, mr.activation[k]);
                check(got == want, || {
                    format!("message {m} recipient {r} activation link {k}: system {got}, model {want}")
                })?;
            }
            let download = sut.download.get(id).cloned().unwrap_or_default();
            check(download.len() == mr.download.len(), || {
                format!(
                    "message {m} recipient {r}: {} download links, model {}",
                    download.len(),
                    mr.download.len()
                )
            })?;
            for (k, token) in download.iter().enumerate() {
                let got = match Downloads::new(&sut.ports).view(token, None).await {
                    Ok(_) => "ok",
                    Err(e) => download_code(&e),
                };
                let want = model.download_view(m, r, mr.download[k]);
                check(got == want, || {
                    format!("message {m} recipient {r} download link {k}: system {got}, model {want}")
                })?;
            }
            let counts = sut
                .ports
                .downloads
                .download_counts(*id)
                .await
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let count = counts.iter().find(|(a, _)| a == file).map_or(0, |(_, n)| *n);
            check(count == mr.count, || {
                format!(
                    "message {m} recipient {r}: {count} downloads counted, model {}",
                    mr.count
                )
            })?;
        }
    }
    // The audit entries of this step.
    let all = sut
        .ports
        .audit
        .recent(100_000)
        .await
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let mut got: Vec<(String, String)> = all[..all.len() - sut.audit_seen.min(all.len())]
        .iter()
        .map(|e| (e.action.clone(), sut.label(e)))
        .collect();
    let mut want: Vec<(String, String)> = model.audit.iter().map(|(a, l)| ((*a).to_owned(), l.clone())).collect();
    got.sort();
    want.sort();
    check(got == want, || format!("audit: system {got:?}, model {want:?}"))?;
    Ok(all.len())
}
