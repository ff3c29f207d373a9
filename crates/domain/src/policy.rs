//! The administrator's decisions: who may invite, which delivery options are offered, how long
//! links live, whether new accounts need approval, and whom one may invite.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use time::Duration;

use crate::address::EmailAddress;
use crate::password::PasswordPolicy;
use crate::recipients::Addressees;
use crate::user::{User, UserKind, UserStatus};

/// A user's own invitation permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationSetting {
    /// May invite whatever the global switch says.
    Allow,
    /// May not invite whatever the global switch says.
    Deny,
    /// Follows the global switch.
    #[default]
    Inherit,
}

impl InvitationSetting {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            InvitationSetting::Allow => "allow",
            InvitationSetting::Deny => "deny",
            InvitationSetting::Inherit => "inherit",
        }
    }
    /// Reads [`InvitationSetting::as_str`] back.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "allow" => Some(InvitationSetting::Allow),
            "deny" => Some(InvitationSetting::Deny),
            "inherit" => Some(InvitationSetting::Inherit),
            _ => None,
        }
    }
}

/// Who may send invitations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct InvitationPermissionPolicy {
    /// The global switch "internal users may send invitations".
    pub internal_users_may_invite: bool,
    /// The setting new internal users start with.
    pub new_user_setting: InvitationSetting,
    /// What the page of an expired link offers its holder.
    pub renewal: RenewalMode,
}

/// What the page of an expired invitation link offers the person holding it (once per
/// recipient).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RenewalMode {
    /// Nothing: they ask the inviter themselves.
    Off,
    /// *Ask the inviter for a new link*: the inviter gets a notice with the way to send one.
    #[default]
    AskInviter,
    /// A new link goes out at once, as if the inviter had sent it again.
    Automatic,
}

impl RenewalMode {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            RenewalMode::Off => "off",
            RenewalMode::AskInviter => "ask_inviter",
            RenewalMode::Automatic => "automatic",
        }
    }
    /// Reads [`RenewalMode::as_str`] back.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "off" => Some(RenewalMode::Off),
            "ask_inviter" => Some(RenewalMode::AskInviter),
            "automatic" => Some(RenewalMode::Automatic),
            _ => None,
        }
    }
}

impl Default for InvitationPermissionPolicy {
    fn default() -> Self {
        Self {
            internal_users_may_invite: false,
            new_user_setting: InvitationSetting::Inherit,
            renewal: RenewalMode::AskInviter,
        }
    }
}

impl InvitationPermissionPolicy {
    /// The effective permission: only active internal users; their own `allow`/`deny` wins,
    /// `inherit` follows the global switch, or membership of the directory's invitation group.
    pub fn may_invite(&self, user: &User) -> bool {
        if user.kind != UserKind::Internal || user.status != UserStatus::Active {
            return false;
        }
        match user.invitation_setting {
            InvitationSetting::Allow => true,
            InvitationSetting::Deny => false,
            InvitationSetting::Inherit => self.internal_users_may_invite || user.directory_may_invite,
        }
    }
}

/// The rule for an option with a number of days or downloads, where lower is stricter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberRule {
    /// Whether the sender sees the option.
    pub offered: bool,
    /// The value used when the sender does not choose.
    pub default: u32,
    /// Lowest value a sender may choose.
    pub min: u32,
    /// Highest value a sender may choose (the administrator's maximum).
    pub max: u32,
    /// Whether the default is imposed.
    pub locked: bool,
}

/// The rule for an on/off option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToggleRule {
    /// Whether the sender sees the option.
    pub offered: bool,
    /// The value used when the sender does not choose.
    pub default: bool,
    /// Whether the default is imposed.
    pub locked: bool,
}

/// The delivery options a sender may set.
///
/// ```
/// use postern_domain::{DeliveryOption, DeliveryOptionPolicy, RequestedOptions};
///
/// let asked = RequestedOptions { reminders: Some(true), link_only: Some(true), ..Default::default() };
/// let refused = DeliveryOptionPolicy::default().resolve(&asked).unwrap_err();
/// // Link-only is not offered on a new portal; the error names the option and its API field.
/// assert_eq!(refused[0].option(), DeliveryOption::LinkOnly);
/// assert_eq!(DeliveryOption::LinkOnly.field(), "link_only");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryOption {
    /// Days the activation link lives.
    LinkLifetime,
    /// Tell the sender when the account is created.
    NotifyOnAccept,
    /// Send the sender a copy.
    SendMeACopy,
    /// Days attachments stay downloadable.
    AttachmentLifetime,
    /// Downloads allowed per attachment.
    AttachmentDownloadLimit,
    /// Tell the sender when a recipient first downloads a file.
    NotifyOnDownload,
    /// Remind recipients who have not created their account.
    Reminders,
    /// No email: the sender is shown each recipient's link once, to pass on themselves.
    LinkOnly,
}

impl DeliveryOption {
    /// The form and API field name.
    pub fn field(self) -> &'static str {
        match self {
            DeliveryOption::LinkLifetime => "link_lifetime_days",
            DeliveryOption::NotifyOnAccept => "notify_on_accept",
            DeliveryOption::SendMeACopy => "send_me_a_copy",
            DeliveryOption::AttachmentLifetime => "attachment_lifetime_days",
            DeliveryOption::AttachmentDownloadLimit => "attachment_download_limit",
            DeliveryOption::NotifyOnDownload => "notify_on_download",
            DeliveryOption::Reminders => "reminders",
            DeliveryOption::LinkOnly => "link_only",
        }
    }
}

/// What the administrator allows for each delivery option.
///
/// ```
/// use postern_domain::{DeliveryOption, DeliveryOptionError, DeliveryOptionPolicy, RequestedOptions};
///
/// let mut policy = DeliveryOptionPolicy::default();
/// // The administrator decides that every sender gets a copy.
/// policy.send_me_a_copy.default = true;
/// policy.send_me_a_copy.locked = true;
/// let chosen = policy.resolve(&RequestedOptions::default()).unwrap();
/// assert!(chosen.send_me_a_copy);
/// let asked = RequestedOptions { send_me_a_copy: Some(false), ..Default::default() };
/// assert_eq!(policy.resolve(&asked), Err(vec![DeliveryOptionError::Locked(DeliveryOption::SendMeACopy)]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DeliveryOptionPolicy {
    /// Activation link lifetime in days (default 14).
    pub link_lifetime_days: NumberRule,
    /// Notify the sender on acceptance.
    pub notify_on_accept: ToggleRule,
    /// Send the sender a copy.
    pub send_me_a_copy: ToggleRule,
    /// Attachment lifetime in days.
    pub attachment_lifetime_days: NumberRule,
    /// Downloads per attachment.
    pub attachment_download_limit: NumberRule,
    /// Notify the sender when a recipient first downloads a file.
    pub notify_on_download: ToggleRule,
    /// Remind recipients of an invitation who have not created their account.
    pub reminders: ToggleRule,
    /// When reminders go out, in percent of the link's life after the invitation was
    /// delivered (at most two, rising, each 1–99; default 50 and 90). Empty: no reminders at
    /// all, including those already planned.
    pub reminder_at_percent: Vec<u32>,
    /// Link-only invitations: no email goes out, the sender is shown each recipient's link
    /// once to pass on through their own mail (not offered by default: whoever holds the link
    /// can create the account, so the sender is trusted with the invitee's mailbox).
    pub link_only: ToggleRule,
}

impl Default for DeliveryOptionPolicy {
    fn default() -> Self {
        Self {
            link_lifetime_days: NumberRule {
                offered: true,
                default: 14,
                min: 1,
                max: 30,
                locked: false,
            },
            notify_on_accept: ToggleRule {
                offered: true,
                default: true,
                locked: false,
            },
            send_me_a_copy: ToggleRule {
                offered: true,
                default: false,
                locked: false,
            },
            attachment_lifetime_days: NumberRule {
                offered: true,
                default: 14,
                min: 1,
                max: 30,
                locked: false,
            },
            attachment_download_limit: NumberRule {
                offered: true,
                default: 10,
                min: 1,
                max: 100,
                locked: false,
            },
            notify_on_download: ToggleRule {
                offered: true,
                default: false,
                locked: false,
            },
            reminders: ToggleRule {
                offered: true,
                default: true,
                locked: false,
            },
            reminder_at_percent: vec![50, 90],
            link_only: ToggleRule {
                offered: false,
                default: false,
                locked: false,
            },
        }
    }
}

/// The options a sender asked for; `None` means "the default".
///
/// ```
/// use postern_domain::{PortalSettings, RequestedOptions};
///
/// // What a sender asks for, as the API's `options` object; what is left out takes the
/// // administrator's default.
/// let asked: RequestedOptions = serde_json::from_str(r#"{"link_lifetime_days": 7, "send_me_a_copy": true}"#).unwrap();
/// let options = PortalSettings::default().delivery.resolve(&asked).unwrap();
/// assert_eq!((options.link_lifetime_days, options.send_me_a_copy, options.reminders), (7, true, true));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestedOptions {
    /// Link lifetime in days.
    pub link_lifetime_days: Option<u32>,
    /// Notify on acceptance.
    pub notify_on_accept: Option<bool>,
    /// Send a copy to the sender.
    pub send_me_a_copy: Option<bool>,
    /// Attachment lifetime in days.
    pub attachment_lifetime_days: Option<u32>,
    /// Downloads per attachment.
    pub attachment_download_limit: Option<u32>,
    /// Notify on first download.
    #[serde(default)]
    pub notify_on_download: Option<bool>,
    /// Remind recipients who have not created their account.
    #[serde(default)]
    pub reminders: Option<bool>,
    /// Show the links to the sender instead of emailing them.
    #[serde(default)]
    pub link_only: Option<bool>,
}

/// The options in force for one invitation.
///
/// ```
/// use postern_domain::{DeliveryOptionPolicy, DeliveryOptions, RequestedOptions};
///
/// let asked = RequestedOptions { link_lifetime_days: Some(7), ..Default::default() };
/// let options: DeliveryOptions = DeliveryOptionPolicy::default().resolve(&asked).unwrap();
/// assert_eq!(options.link_lifetime(), time::Duration::days(7));
/// assert!(!options.link_only);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryOptions {
    /// Link lifetime in days.
    pub link_lifetime_days: u32,
    /// Notify on acceptance.
    pub notify_on_accept: bool,
    /// Send a copy to the sender.
    pub send_me_a_copy: bool,
    /// Attachment lifetime in days.
    pub attachment_lifetime_days: u32,
    /// Downloads per attachment.
    pub attachment_download_limit: u32,
    /// Notify the sender when a recipient first downloads a file (absent in options stored
    /// before the option existed: off).
    #[serde(default)]
    pub notify_on_download: bool,
    /// Remind recipients who have not created their account (absent in options stored before
    /// reminders existed: off).
    #[serde(default)]
    pub reminders: bool,
    /// No email: the links were shown to the sender once (absent in options stored before
    /// the option existed: off). Such an invitation is never reminded and sends no copy.
    #[serde(default)]
    pub link_only: bool,
    /// Each recipient's message is addressed to them alone (a bulk invitation: nobody sees
    /// the others); otherwise To and CC show as entered.
    #[serde(default)]
    pub individual: bool,
}

impl DeliveryOptions {
    /// The activation link lifetime.
    pub fn link_lifetime(&self) -> Duration {
        Duration::days(i64::from(self.link_lifetime_days))
    }
}

/// A requested option that the policy does not allow.
///
/// ```
/// use postern_domain::{DeliveryOption, DeliveryOptionError, DeliveryOptionPolicy, RequestedOptions};
///
/// let mut policy = DeliveryOptionPolicy::default();
/// policy.notify_on_download.offered = false;
/// let asked = RequestedOptions { notify_on_download: Some(true), attachment_download_limit: Some(0), ..Default::default() };
/// assert_eq!(
///     policy.resolve(&asked),
///     Err(vec![
///         DeliveryOptionError::OutOfBounds { option: DeliveryOption::AttachmentDownloadLimit, min: 1, max: 100 },
///         DeliveryOptionError::NotOffered(DeliveryOption::NotifyOnDownload),
///     ])
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DeliveryOptionError {
    /// The option is not offered to senders.
    #[error("this option is not offered")]
    NotOffered(DeliveryOption),
    /// The option is locked by the administrator.
    #[error("this option is set by the administrator and cannot be changed")]
    Locked(DeliveryOption),
    /// Outside the bounds.
    #[error("must be between {min} and {max}")]
    OutOfBounds {
        /// Which option.
        option: DeliveryOption,
        /// Lowest allowed.
        min: u32,
        /// Highest allowed.
        max: u32,
    },
}

impl DeliveryOptionError {
    /// The option concerned.
    pub fn option(&self) -> DeliveryOption {
        match self {
            DeliveryOptionError::NotOffered(o) | DeliveryOptionError::Locked(o) => *o,
            DeliveryOptionError::OutOfBounds { option, .. } => *option,
        }
    }
}

/// A policy that contradicts itself.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{field}: {reason}")]
pub struct PolicyError {
    /// The setting.
    pub field: &'static str,
    /// What is wrong, in English (logs, the API).
    pub reason: String,
    /// Which rule is broken, as a stable name (a page words it in its reader's language).
    pub key: &'static str,
    /// The values the words need, by name.
    pub values: Vec<(&'static str, String)>,
}

impl PolicyError {
    /// A broken rule of `field`: its stable name, the values its words need, and the English
    /// reason.
    pub fn new(
        field: &'static str,
        key: &'static str,
        values: Vec<(&'static str, String)>,
        reason: impl Into<String>,
    ) -> Self {
        Self {
            field,
            reason: reason.into(),
            key,
            values,
        }
    }
}

impl NumberRule {
    fn resolve(&self, option: DeliveryOption, requested: Option<u32>) -> Result<u32, DeliveryOptionError> {
        let Some(value) = requested else {
            return Ok(self.default);
        };
        if value == self.default {
            return Ok(value);
        }
        if !self.offered {
            return Err(DeliveryOptionError::NotOffered(option));
        }
        if self.locked {
            return Err(DeliveryOptionError::Locked(option));
        }
        if value < self.min || value > self.max {
            return Err(DeliveryOptionError::OutOfBounds {
                option,
                min: self.min,
                max: self.max,
            });
        }
        Ok(value)
    }

    fn validate(&self, field: &'static str) -> Result<(), PolicyError> {
        let err = |key: &'static str, reason: &str| Err(PolicyError::new(field, key, Vec::new(), reason));
        if self.min == 0 {
            return err("rule-min-zero", "the minimum must be at least 1");
        }
        if self.min > self.max {
            return err("rule-min-above-max", "the minimum is above the maximum");
        }
        if self.default < self.min || self.default > self.max {
            return err(
                "rule-default-outside",
                "the default must lie between the minimum and the maximum",
            );
        }
        Ok(())
    }
}

impl ToggleRule {
    fn resolve(&self, option: DeliveryOption, requested: Option<bool>) -> Result<bool, DeliveryOptionError> {
        match requested {
            None => Ok(self.default),
            Some(v) if v == self.default => Ok(v),
            Some(_) if !self.offered => Err(DeliveryOptionError::NotOffered(option)),
            Some(_) if self.locked => Err(DeliveryOptionError::Locked(option)),
            Some(v) => Ok(v),
        }
    }
}

impl DeliveryOptionPolicy {
    /// Applies the policy to what a sender asked for; every refusal is returned.
    ///
    /// # Errors
    /// One [`DeliveryOptionError`] per refused option.
    pub fn resolve(&self, requested: &RequestedOptions) -> Result<DeliveryOptions, Vec<DeliveryOptionError>> {
        use DeliveryOption as O;
        let mut errors = Vec::new();
        let mut keep = |r: Result<u32, DeliveryOptionError>| r.map_err(|e| errors.push(e)).unwrap_or_default();
        let link = keep(
            self.link_lifetime_days
                .resolve(O::LinkLifetime, requested.link_lifetime_days),
        );
        let att_life = keep(
            self.attachment_lifetime_days
                .resolve(O::AttachmentLifetime, requested.attachment_lifetime_days),
        );
        let att_dl = keep(
            self.attachment_download_limit
                .resolve(O::AttachmentDownloadLimit, requested.attachment_download_limit),
        );
        let mut toggle = |r: Result<bool, DeliveryOptionError>| r.map_err(|e| errors.push(e)).unwrap_or_default();
        let notify = toggle(
            self.notify_on_accept
                .resolve(O::NotifyOnAccept, requested.notify_on_accept),
        );
        let copy = toggle(self.send_me_a_copy.resolve(O::SendMeACopy, requested.send_me_a_copy));
        let downloaded = toggle(
            self.notify_on_download
                .resolve(O::NotifyOnDownload, requested.notify_on_download),
        );
        let reminders = toggle(self.reminders.resolve(O::Reminders, requested.reminders));
        let link_only = toggle(self.link_only.resolve(O::LinkOnly, requested.link_only));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(DeliveryOptions {
            link_lifetime_days: link,
            notify_on_accept: notify,
            // Nothing is emailed for a link-only invitation: no copy, no reminder.
            send_me_a_copy: copy && !link_only,
            attachment_lifetime_days: att_life,
            attachment_download_limit: att_dl,
            notify_on_download: downloaded,
            reminders: reminders && !link_only,
            link_only,
            individual: false,
        })
    }

    /// When reminder `number` (1, 2) of a link delivered at `sent_at` and working until
    /// `expires_at` is due, by the schedule; `None` when the schedule has no such reminder or
    /// it would fall on or after the link's end.
    pub fn reminder_due(
        &self,
        number: u32,
        sent_at: time::OffsetDateTime,
        expires_at: time::OffsetDateTime,
    ) -> Option<time::OffsetDateTime> {
        let index = usize::try_from(number.checked_sub(1)?).ok()?;
        let percent = i32::try_from(*self.reminder_at_percent.get(index)?).ok()?;
        let life = expires_at - sent_at;
        let due = sent_at + life * percent / 100;
        (due < expires_at && due >= sent_at).then_some(due)
    }

    /// Checks that every rule is coherent.
    ///
    /// # Errors
    /// The first incoherent rule.
    pub fn validate(&self) -> Result<(), PolicyError> {
        self.problems().into_iter().next().map_or(Ok(()), Err)
    }

    /// Every rule that is wrong, one problem per option.
    pub fn problems(&self) -> Vec<PolicyError> {
        let link = self.link_lifetime_days.validate("link_lifetime_days").and_then(|()| {
            if self.link_lifetime_days.max > 365 {
                return Err(PolicyError::new(
                    "link_lifetime_days",
                    "link-at-most-365",
                    Vec::new(),
                    "links may live at most 365 days",
                ));
            }
            Ok(())
        });
        let reminders = {
            let at = &self.reminder_at_percent;
            let err =
                |key: &'static str, reason: &str| Err(PolicyError::new("reminder_at_percent", key, Vec::new(), reason));
            if at.len() > 2 {
                err("reminders-at-most-two", "at most two reminders")
            } else if at.iter().any(|p| !(1..=99).contains(p)) {
                err(
                    "reminders-percent",
                    "each reminder is between 1 and 99 percent of the link's life",
                )
            } else if at.windows(2).any(|w| w[0] >= w[1]) {
                err("reminders-order", "the second reminder comes after the first")
            } else {
                Ok(())
            }
        };
        [
            link,
            self.attachment_lifetime_days.validate("attachment_lifetime_days"),
            self.attachment_download_limit.validate("attachment_download_limit"),
            reminders,
        ]
        .into_iter()
        .filter_map(Result::err)
        .collect()
    }
}

/// A mail domain as an administrator lists one: labels of letters, digits and hyphens (or
/// international letters), at least two, separated by dots.
fn is_domain(d: &str) -> bool {
    let labels: Vec<&str> = d.trim_end_matches('.').split('.').collect();
    d.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// Whom one invitation may address.
///
/// ```
/// use postern_domain::{Addressees, RecipientPolicy, RecipientPolicyError};
///
/// let policy = RecipientPolicy {
///     allowed_domains: vec!["example.org".into()],
///     max_recipients: 2,
///     ..Default::default()
/// };
/// let addressees = Addressees::parse("ann@example.org; bob@Sub.Example.org", "", "").unwrap();
/// assert_eq!(policy.check(&addressees), Ok(()));
///
/// let addressees = Addressees::parse("ann@example.org; eve@example.net", "cy@example.org", "").unwrap();
/// assert_eq!(
///     policy.check(&addressees),
///     Err(vec![
///         RecipientPolicyError::TooMany { count: 3, max: 2 },
///         RecipientPolicyError::DomainRefused { address: "eve@example.net".into() },
///     ])
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RecipientPolicy {
    /// Most distinct recipients (To + CC + BCC) per invitation.
    pub max_recipients: usize,
    /// If not empty, only these domains (and their subdomains) may be invited.
    pub allowed_domains: Vec<String>,
    /// These domains (and their subdomains) may never be invited.
    pub denied_domains: Vec<String>,
    /// The organisation's own mail domains (and their subdomains). With a directory
    /// configured, an address there that the directory does not know is refused unless
    /// `allow_unknown_own_addresses` is set (then it is invited as an outside person).
    pub own_domains: Vec<String>,
    /// Invite addresses in `own_domains` that the directory does not know, as outside people.
    pub allow_unknown_own_addresses: bool,
    /// Addresses that reach a group, where everyone would share one link: `all@` (that name
    /// in any domain), or a whole address; `*` stands for any run of characters in either
    /// (`team-*@`, `list-*@example.org`). Ignoring case. Sending to one asks first.
    pub group_patterns: Vec<String>,
}

/// The group patterns of a new portal.
pub const DEFAULT_GROUP_PATTERNS: [&str; 3] = ["all@", "everyone@", "everybody@"];

/// Whether `text` matches `pattern` with `*` standing for any run of characters.
fn wildcard(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, rest)) => {
            let Some(tail) = text.strip_prefix(head) else {
                return false;
            };
            (0..=tail.len())
                .filter(|i| tail.is_char_boundary(*i))
                .any(|i| wildcard(rest, &tail[i..]))
        }
    }
}

impl Default for RecipientPolicy {
    fn default() -> Self {
        Self {
            max_recipients: 100,
            allowed_domains: Vec::new(),
            denied_domains: Vec::new(),
            own_domains: Vec::new(),
            allow_unknown_own_addresses: false,
            group_patterns: DEFAULT_GROUP_PATTERNS.map(str::to_owned).to_vec(),
        }
    }
}

/// An invitation's addressees that the recipient policy refuses.
///
/// ```
/// use postern_domain::{EmailAddress, RecipientPolicy};
///
/// let policy = RecipientPolicy { denied_domains: vec!["example.net".into()], ..Default::default() };
/// let refused = policy.check_address(&EmailAddress::parse("eve@mail.example.net").unwrap()).unwrap_err();
/// assert_eq!(refused.to_string(), "eve@mail.example.net: invitations to this domain are not allowed");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RecipientPolicyError {
    /// Too many recipients.
    #[error("{count} recipients; at most {max} are allowed per invitation")]
    TooMany {
        /// Distinct recipients given.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// The address's domain may not be invited.
    #[error("{address}: invitations to this domain are not allowed")]
    DomainRefused {
        /// The address as typed.
        address: String,
    },
    /// An address in the organisation's own domains that the directory does not know.
    #[error("{address}: the organisation's directory does not know this address")]
    UnknownToDirectory {
        /// The address as typed.
        address: String,
    },
    /// The directory account of this address is disabled.
    #[error("{address}: this person's directory account is disabled")]
    DirectoryAccountDisabled {
        /// The address as typed.
        address: String,
    },
}

impl RecipientPolicyError {
    /// The address refused, as typed (none for too many recipients).
    pub fn address(&self) -> Option<&str> {
        match self {
            RecipientPolicyError::DomainRefused { address }
            | RecipientPolicyError::UnknownToDirectory { address }
            | RecipientPolicyError::DirectoryAccountDisabled { address } => Some(address),
            RecipientPolicyError::TooMany { .. } => None,
        }
    }
}

fn domain_matches(domain: &str, rule: &str) -> bool {
    let rule = rule.trim().trim_start_matches('@').to_ascii_lowercase();
    let rule = idna::domain_to_ascii(&rule).unwrap_or(rule);
    domain == rule || domain.ends_with(&format!(".{rule}"))
}

impl RecipientPolicy {
    /// Whether the address is in one of the organisation's own domains.
    pub fn is_own_domain(&self, address: &EmailAddress) -> bool {
        self.own_domains.iter().any(|d| domain_matches(address.domain(), d))
    }

    /// Checks the addressees; every refused address is named.
    ///
    /// # Errors
    /// The refusals.
    pub fn check(&self, addressees: &Addressees) -> Result<(), Vec<RecipientPolicyError>> {
        let mut errors = Vec::new();
        if addressees.len() > self.max_recipients {
            errors.push(RecipientPolicyError::TooMany {
                count: addressees.len(),
                max: self.max_recipients,
            });
        }
        for (_, r) in addressees.iter() {
            if let Err(e) = self.check_address(r.address()) {
                errors.push(e);
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// Whether one of the administrator's group patterns matches the address.
    pub fn looks_like_group(&self, address: &EmailAddress) -> bool {
        let address = address.normalized().to_lowercase();
        self.group_patterns.iter().any(|p| {
            let p = p.trim().to_lowercase();
            match p.strip_suffix('@') {
                Some(local) if !local.is_empty() => address.split_once('@').is_some_and(|(l, _)| wildcard(local, l)),
                _ if p.contains('@') => wildcard(&p, &address),
                _ => false,
            }
        })
    }

    /// Checks one address against the domain lists (a resend asks again).
    ///
    /// # Errors
    /// [`RecipientPolicyError::DomainRefused`].
    pub fn check_address(&self, address: &EmailAddress) -> Result<(), RecipientPolicyError> {
        let domain = address.domain();
        let denied = self.denied_domains.iter().any(|d| domain_matches(domain, d));
        let allowed = self.allowed_domains.is_empty() || self.allowed_domains.iter().any(|d| domain_matches(domain, d));
        if denied || !allowed {
            return Err(RecipientPolicyError::DomainRefused {
                address: address.as_str().to_owned(),
            });
        }
        Ok(())
    }
}

/// Every administrator setting, stored as one document.
///
/// ```
/// use postern_domain::PortalSettings;
///
/// // The document `postern settings show` prints; a part of it is enough, the rest is a new portal's.
/// let settings: PortalSettings =
///     serde_json::from_str(r#"{"recipients": {"denied_domains": ["example.net"], "max_recipients": 20}}"#).unwrap();
/// assert_eq!(settings.recipients.max_recipients, 20);
/// assert_eq!(settings.delivery.link_lifetime_days.default, 14);
/// assert!(settings.validate().is_ok());
///
/// // What the portal would refuse to store, it says with the setting's name.
/// let odd: PortalSettings = serde_json::from_str(r#"{"recipients": {"max_recipients": 0}}"#).unwrap();
/// assert_eq!(odd.validate().unwrap_err().field, "max_recipients");
/// // A misspelt key is an error, not a silent default.
/// assert!(serde_json::from_str::<PortalSettings>(r#"{"recipient": {}}"#).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PortalSettings {
    /// Shown in page headers and emails.
    pub portal_name: String,
    /// Who may invite.
    pub invitations: InvitationPermissionPolicy,
    /// Delivery options.
    pub delivery: DeliveryOptionPolicy,
    /// Whether accounts created through invitations wait for an administrator.
    pub approval_required: bool,
    /// Password rules for local accounts.
    pub password: PasswordPolicy,
    /// Whom invitations may address.
    pub recipients: RecipientPolicy,
    /// Files: sizes, count, blocked extensions, sign in to download.
    pub files: crate::files::FilePolicy,
    /// Drop-Off (external) accounts unused for this many days are disabled; 0: never.
    pub expire_inactive_after_days: u32,
    /// Two-factor sign-in and API token lifetimes.
    pub security: AccountSecurityPolicy,
    /// Sponsored guest (Drop-Off) accounts.
    pub guests: GuestPolicy,
    /// How much one person may send (per kind of account; a user's own override wins).
    pub quotas: QuotaPolicy,
    /// The language of pages for a reader whose browser asks for none of the portal's, and of
    /// invitations whose sender chose none.
    pub default_language: crate::language::Language,
}

/// How much one person may send; 0: no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Quota {
    /// Recipients (of invitations and files messages alike) in any 24 hours.
    pub per_day: u32,
    /// Invitation recipients waiting at once: invited, no account yet, link still working.
    pub pending: u32,
}

impl Quota {
    /// The highest number either limit may be set to.
    pub const MOST: u32 = 1_000_000;
}

/// The quotas of each kind of account that sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QuotaPolicy {
    /// Staff (internal users): invitations and files.
    pub internal: Quota,
    /// Drop-Off accounts sending files back.
    pub external: Quota,
}

impl QuotaPolicy {
    /// The quota in force for `user`: their own override, else their kind's.
    pub fn for_user(&self, user: &User) -> Quota {
        user.quota.unwrap_or(match user.kind {
            UserKind::External => self.external,
            _ => self.internal,
        })
    }
}

/// What a sender has out, for the quotas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SenderUsage {
    /// Recipients of everything sent in the window.
    pub sent: u32,
    /// When the oldest send still in the window was made.
    pub oldest: Option<time::OffsetDateTime>,
    /// Invitation recipients waiting now.
    pub pending: u32,
}

/// Which limit a send would pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaLimit {
    /// Recipients in 24 hours.
    PerDay,
    /// Invitations waiting at once.
    Pending,
}

/// A send refused by a quota: which, the limit, what is left, and when more room comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("quota reached")]
pub struct QuotaExceeded {
    /// The limit passed.
    pub limit: QuotaLimit,
    /// Its value.
    pub most: u32,
    /// Recipients that may still be sent now.
    pub left: u32,
    /// When more room comes: the oldest send leaves the 24 hours (per day); none for the
    /// pending limit (room comes as invitees accept, links expire or are revoked).
    pub resets_at: Option<time::OffsetDateTime>,
    /// How long from the check until `resets_at`.
    pub retry_after: Option<Duration>,
}

impl QuotaExceeded {
    /// What the page and the API tell the sender: the limit, what is left, when more room
    /// comes.
    pub fn explain(&self) -> String {
        match self.limit {
            QuotaLimit::PerDay => {
                let when = self
                    .resets_at
                    .map(|t| format!("; more from {}", crate::message::format_time(t)))
                    .unwrap_or_default();
                format!(
                    "You may send to {} recipients in 24 hours; {} left now{when}.",
                    self.most, self.left
                )
            }
            QuotaLimit::Pending => format!(
                "You may have {} invitations waiting at once; {} left now. Room comes as invitees create their accounts, or as links expire or are revoked.",
                self.most, self.left
            ),
        }
    }
}

impl Quota {
    /// Whether `recipients` more may be sent with `usage` out; the first limit passed.
    ///
    /// # Errors
    /// [`QuotaExceeded`].
    pub fn check(
        &self,
        usage: &SenderUsage,
        recipients: u32,
        invitations: u32,
        now: time::OffsetDateTime,
    ) -> Result<(), QuotaExceeded> {
        if self.per_day > 0 && usage.sent.saturating_add(recipients) > self.per_day {
            let resets_at = usage.oldest.map(|t| t + Duration::days(1));
            return Err(QuotaExceeded {
                limit: QuotaLimit::PerDay,
                most: self.per_day,
                left: self.per_day.saturating_sub(usage.sent),
                resets_at,
                retry_after: resets_at.map(|at| (at - now).max(Duration::seconds(1))),
            });
        }
        if self.pending > 0 && invitations > 0 && usage.pending.saturating_add(invitations) > self.pending {
            return Err(QuotaExceeded {
                limit: QuotaLimit::Pending,
                most: self.pending,
                left: self.pending.saturating_sub(usage.pending),
                resets_at: None,
                retry_after: None,
            });
        }
        Ok(())
    }
}

/// What happens to guests whose sponsor left (disabled, deleted, or gone from the directory).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SponsorLeft {
    /// The guests stay active without a sponsor, listed for an administrator to hand over.
    #[default]
    Review,
    /// The guests are disabled.
    Disable,
}

impl SponsorLeft {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            SponsorLeft::Review => "review",
            SponsorLeft::Disable => "disable",
        }
    }
    /// Reads [`SponsorLeft::as_str`] back.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "review" => Some(SponsorLeft::Review),
            "disable" => Some(SponsorLeft::Disable),
            _ => None,
        }
    }
}

/// Sponsored guest accounts: who answers for them, and how they are warned before inactivity
/// ends them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GuestPolicy {
    /// When a sponsor leaves.
    pub sponsor_left: SponsorLeft,
    /// Guests are warned by email this many days before inactivity disables them
    /// (`expire_inactive_after_days`); 0: no warning.
    pub warn_days_before: u32,
}

impl Default for GuestPolicy {
    fn default() -> Self {
        Self {
            sponsor_left: SponsorLeft::Review,
            warn_days_before: 7,
        }
    }
}

/// Whether a kind of account signs in with a second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TwoFactorRule {
    /// Not offered.
    Off,
    /// Each person may enrol on their *Security* page.
    #[default]
    Optional,
    /// Everyone must enrol; signing in without it leads to enrolment first.
    Required,
}

impl TwoFactorRule {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            TwoFactorRule::Off => "off",
            TwoFactorRule::Optional => "optional",
            TwoFactorRule::Required => "required",
        }
    }
    /// Reads [`TwoFactorRule::as_str`] back.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "off" => Some(TwoFactorRule::Off),
            "optional" => Some(TwoFactorRule::Optional),
            "required" => Some(TwoFactorRule::Required),
            _ => None,
        }
    }
}

/// Two-factor sign-in per kind of account, and how long personal API tokens live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AccountSecurityPolicy {
    /// Administrators must sign in to the console with a second factor.
    pub two_factor_admins: bool,
    /// Staff (internal) accounts.
    pub two_factor_internal: TwoFactorRule,
    /// Drop-Off (external) accounts.
    pub two_factor_external: TwoFactorRule,
    /// A new API token lives this many days unless its owner picks fewer.
    pub token_default_days: u32,
    /// No API token lives longer than this many days.
    pub token_max_days: u32,
}

impl Default for AccountSecurityPolicy {
    fn default() -> Self {
        Self {
            two_factor_admins: false,
            two_factor_internal: TwoFactorRule::Optional,
            two_factor_external: TwoFactorRule::Optional,
            token_default_days: 90,
            token_max_days: 365,
        }
    }
}

impl AccountSecurityPolicy {
    /// The rule for a kind of account (administrators: required or optional).
    pub fn two_factor(&self, kind: UserKind) -> TwoFactorRule {
        match kind {
            UserKind::Admin if self.two_factor_admins => TwoFactorRule::Required,
            UserKind::Admin => TwoFactorRule::Optional,
            UserKind::Internal => self.two_factor_internal,
            UserKind::External => self.two_factor_external,
        }
    }

    /// Every incoherent setting.
    pub fn problems(&self) -> Vec<PolicyError> {
        let mut out = Vec::new();
        if !(1..=3650).contains(&self.token_max_days) {
            out.push(PolicyError::new(
                "token_max_days",
                "token-max-days",
                Vec::new(),
                "between 1 and 3650 days",
            ));
        }
        if self.token_default_days == 0 || self.token_default_days > self.token_max_days {
            out.push(PolicyError::new(
                "token_default_days",
                "token-default-days",
                vec![("max", self.token_max_days.to_string())],
                format!("between 1 and the maximum ({} days)", self.token_max_days),
            ));
        }
        out
    }
}

impl Default for PortalSettings {
    fn default() -> Self {
        Self {
            portal_name: "Postern".into(),
            invitations: InvitationPermissionPolicy::default(),
            delivery: DeliveryOptionPolicy::default(),
            approval_required: false,
            password: PasswordPolicy::default(),
            recipients: RecipientPolicy::default(),
            files: crate::files::FilePolicy::default(),
            expire_inactive_after_days: 0,
            security: AccountSecurityPolicy::default(),
            guests: GuestPolicy::default(),
            quotas: QuotaPolicy::default(),
            default_language: crate::language::Language::En,
        }
    }
}

impl PortalSettings {
    /// Checks every part.
    ///
    /// # Errors
    /// The first incoherent setting.
    pub fn validate(&self) -> Result<(), PolicyError> {
        self.problems().into_iter().next().map_or(Ok(()), Err)
    }

    /// Every setting that is wrong (one problem per setting or option), so that a form can
    /// report them all at once.
    pub fn problems(&self) -> Vec<PolicyError> {
        let mut out = Vec::new();
        if self.portal_name.trim().is_empty()
            || self.portal_name.chars().count() > 100
            || self.portal_name.chars().any(char::is_control)
        {
            out.push(PolicyError::new(
                "portal_name",
                "portal-name",
                Vec::new(),
                "1 to 100 characters, no control characters",
            ));
        }
        if self.recipients.max_recipients == 0 || self.recipients.max_recipients > 1000 {
            out.push(PolicyError::new(
                "max_recipients",
                "between-1-and-1000",
                Vec::new(),
                "between 1 and 1000",
            ));
        }
        out.extend(self.files.problems());
        for (field, domains) in [
            ("allowed_domains", &self.recipients.allowed_domains),
            ("denied_domains", &self.recipients.denied_domains),
            ("own_domains", &self.recipients.own_domains),
        ] {
            let odd: Vec<&str> = domains.iter().map(String::as_str).filter(|d| !is_domain(d)).collect();
            if !odd.is_empty() {
                out.push(PolicyError::new(
                    field,
                    "not-a-domain",
                    vec![("entries", odd.join(", "))],
                    format!("{}: not a mail domain (such as example.org)", odd.join(", ")),
                ));
            }
        }
        let odd: Vec<&str> = self
            .recipients
            .group_patterns
            .iter()
            .map(String::as_str)
            .filter(|p| {
                let (local, domain) = p.trim().split_once('@').unwrap_or(("", ""));
                // `*@` (or `*@*`) would take every address for a group.
                local.is_empty()
                    || (local.chars().all(|c| c == '*') && domain.chars().all(|c| c == '*'))
                    || p.len() > 254
                    || p.chars().any(|c| c.is_whitespace() || c.is_control())
                    || domain.contains('@')
            })
            .collect();
        if !odd.is_empty() || self.recipients.group_patterns.len() > 100 {
            out.push(PolicyError::new(
                "group_patterns",
                "group-patterns",
                vec![("entries", odd.join(", "))],
                format!(
                    "{}: write a name followed by @ (all@, team-*@) or a whole address with * (list-*@example.org), at most 100",
                    odd.join(", ")
                ),
            ));
        }
        for (field, value) in [
            ("quota_internal_per_day", self.quotas.internal.per_day),
            ("quota_internal_pending", self.quotas.internal.pending),
            ("quota_external_per_day", self.quotas.external.per_day),
            ("quota_external_pending", self.quotas.external.pending),
        ] {
            if value > Quota::MOST {
                out.push(PolicyError::new(
                    field,
                    "quota-most",
                    vec![("max", Quota::MOST.to_string())],
                    format!("at most {} (0: no limit)", Quota::MOST),
                ));
            }
        }
        if self.expire_inactive_after_days > 3650 {
            out.push(PolicyError::new(
                "expire_inactive_after_days",
                "expire-inactive",
                Vec::new(),
                "at most 3650 days (0: never)",
            ));
        }
        if self.expire_inactive_after_days > 0 && self.guests.warn_days_before >= self.expire_inactive_after_days {
            out.push(PolicyError::new(
                "warn_days_before",
                "warn-days",
                vec![("days", self.expire_inactive_after_days.to_string())],
                format!(
                    "fewer days than accounts live unused ({}), or 0 for no warning",
                    self.expire_inactive_after_days
                ),
            ));
        }
        out.extend(self.password.validate().err());
        out.extend(self.delivery.problems());
        out.extend(self.security.problems());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address::EmailAddress;
    use crate::ids::UserId;
    use crate::text::DisplayName;
    use time::macros::datetime;

    fn user(kind: UserKind, setting: InvitationSetting) -> User {
        User {
            id: UserId::from_uuid(uuid::Uuid::nil()),
            email: EmailAddress::parse("u@example.com").unwrap(),
            display_name: DisplayName::parse("U").unwrap(),
            kind,
            status: UserStatus::Active,
            invitation_setting: setting,
            password_hash: None,
            directory_may_invite: false,
            quota: None,
            sponsor_id: None,
            last_seen_at: None,
            created_at: datetime!(2026-01-01 0:00 UTC),
        }
    }

    #[test]
    fn effective_permission_table() {
        use InvitationSetting::*;
        for (global, setting, expected) in [
            (true, Inherit, true),
            (false, Inherit, false),
            (false, Allow, true),
            (true, Deny, false),
            (true, Allow, true),
            (false, Deny, false),
        ] {
            let p = InvitationPermissionPolicy {
                internal_users_may_invite: global,
                new_user_setting: Inherit,
                renewal: RenewalMode::default(),
            };
            assert_eq!(
                p.may_invite(&user(UserKind::Internal, setting)),
                expected,
                "{global} {setting:?}"
            );
            assert!(!p.may_invite(&user(UserKind::External, setting)));
            assert!(!p.may_invite(&user(UserKind::Admin, setting)));
        }
        let p = InvitationPermissionPolicy {
            internal_users_may_invite: true,
            new_user_setting: Inherit,
            renewal: RenewalMode::default(),
        };
        let mut disabled = user(UserKind::Internal, Allow);
        disabled.status = UserStatus::Disabled;
        assert!(!p.may_invite(&disabled));
    }

    #[test]
    fn options_may_be_stricter_never_looser() {
        let policy = DeliveryOptionPolicy::default();
        let ok = policy
            .resolve(&RequestedOptions {
                link_lifetime_days: Some(3),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(ok.link_lifetime_days, 3);
        assert_eq!(
            policy.resolve(&RequestedOptions::default()).unwrap().link_lifetime_days,
            14
        );
        let err = policy
            .resolve(&RequestedOptions {
                link_lifetime_days: Some(31),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(
            err,
            vec![DeliveryOptionError::OutOfBounds {
                option: DeliveryOption::LinkLifetime,
                min: 1,
                max: 30
            }]
        );
        let err = policy
            .resolve(&RequestedOptions {
                link_lifetime_days: Some(0),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err[0].option(), DeliveryOption::LinkLifetime);
    }

    #[test]
    fn locked_and_hidden_options_keep_their_default() {
        let mut policy = DeliveryOptionPolicy {
            send_me_a_copy: ToggleRule {
                offered: false,
                default: false,
                locked: false,
            },
            ..Default::default()
        };
        policy.link_lifetime_days.locked = true;
        let errs = policy
            .resolve(&RequestedOptions {
                link_lifetime_days: Some(7),
                send_me_a_copy: Some(true),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(
            errs,
            vec![
                DeliveryOptionError::Locked(DeliveryOption::LinkLifetime),
                DeliveryOptionError::NotOffered(DeliveryOption::SendMeACopy)
            ]
        );
        let same = policy.resolve(&RequestedOptions {
            link_lifetime_days: Some(14),
            send_me_a_copy: Some(false),
            ..Default::default()
        });
        assert!(same.is_ok());
    }

    #[test]
    fn incoherent_policies_are_refused() {
        let mut policy = DeliveryOptionPolicy::default();
        policy.link_lifetime_days.default = 40;
        assert_eq!(policy.validate().unwrap_err().field, "link_lifetime_days");
        let mut settings = PortalSettings::default();
        settings.recipients.max_recipients = 0;
        assert_eq!(settings.validate().unwrap_err().field, "max_recipients");
        assert!(PortalSettings::default().validate().is_ok());
    }

    #[test]
    fn domain_allow_and_deny_lists_name_the_address() {
        let a = Addressees::parse("a@example.com, b@sub.blocked.org, c@other.net", "", "").unwrap();
        let policy = RecipientPolicy {
            max_recipients: 2,
            allowed_domains: vec!["example.com".into(), "blocked.org".into()],
            denied_domains: vec!["@Blocked.org".into()],
            ..Default::default()
        };
        let errs = policy.check(&a).unwrap_err();
        assert_eq!(
            errs,
            vec![
                RecipientPolicyError::TooMany { count: 3, max: 2 },
                RecipientPolicyError::DomainRefused {
                    address: "b@sub.blocked.org".into()
                },
                RecipientPolicyError::DomainRefused {
                    address: "c@other.net".into()
                },
            ]
        );
        assert!(RecipientPolicy::default().check(&a).is_ok());
    }
}

#[cfg(test)]
mod group_tests {
    use super::*;

    #[test]
    fn group_patterns_match_names_and_wildcards_ignoring_case() {
        let mut p = RecipientPolicy::default();
        let a = |s: &str| EmailAddress::parse(s).unwrap();
        assert!(p.looks_like_group(&a("All@Example.org")));
        assert!(p.looks_like_group(&a("everyone@x.example")));
        assert!(!p.looks_like_group(&a("allan@example.org")));
        assert!(!p.looks_like_group(&a("ann@all.example")));
        p.group_patterns = vec!["list-*@example.org".into(), "*-team@corp.example".into()];
        assert!(p.looks_like_group(&a("list-sales@example.org")));
        assert!(p.looks_like_group(&a("LIST-@example.org")));
        assert!(p.looks_like_group(&a("ops-team@corp.example")));
        assert!(!p.looks_like_group(&a("list-sales@example.com")));
        assert!(!p.looks_like_group(&a("all@example.org")), "the defaults were replaced");
        // A name with `*`, in any domain.
        p.group_patterns = vec!["team-*@".into()];
        assert!(p.looks_like_group(&a("Team-Sales@example.org")));
        assert!(p.looks_like_group(&a("team-@other.example")));
        assert!(!p.looks_like_group(&a("myteam-sales@example.org")));
    }

    #[test]
    fn odd_patterns_are_named() {
        let mut s = PortalSettings::default();
        s.recipients.group_patterns = vec![
            "all@".into(),
            "nobody".into(),
            "@example.org".into(),
            "team-*@".into(),
            "*@".into(),
            "**@*".into(),
        ];
        let problem = s.problems().into_iter().find(|p| p.field == "group_patterns").unwrap();
        assert!(
            problem.reason.starts_with("nobody, @example.org, *@, **@*:"),
            "{}",
            problem.reason
        );
    }
}
