//! What the emails Postern sends say: which message goes to whom, with which facts and which
//! freshly minted links. How a message reads and looks (subject lines, prose, HTML, MIME) is
//! the mail adapter's work (`postern-mail`).

use time::OffsetDateTime;
use time::macros::format_description;

use crate::address::EmailAddress;
use crate::invitation::{Invitation, InvitationRecipient};
use crate::recipients::Role;
use crate::routes;
use crate::template::{InvitationTemplate, TemplateValues};
use crate::user::{User, UserStatus};

/// A name and an address, for a header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// Display name, if any.
    pub name: Option<String>,
    /// Address.
    pub address: EmailAddress,
}

/// A message for a [`crate::ports::Mailer`]: its envelope and headers, and what it says.
///
/// The envelope recipient is separate from the `To`/`Cc` headers: a BCC recipient receives a
/// message whose headers show only the To and CC lists.
#[derive(Clone, PartialEq, Eq)]
pub struct OutgoingMessage {
    /// Stable `Message-ID` (without angle brackets): the same on every attempt.
    pub message_id: String,
    /// `From`.
    pub from: Mailbox,
    /// `Reply-To`, if any.
    pub reply_to: Option<Mailbox>,
    /// `To` header.
    pub to: Vec<Mailbox>,
    /// `Cc` header.
    pub cc: Vec<Mailbox>,
    /// The one envelope recipient (`RCPT TO`).
    pub envelope_to: EmailAddress,
    /// `Date`.
    pub date: OffsetDateTime,
    /// The language it is written in.
    pub language: crate::language::Language,
    /// What it says.
    pub email: Email,
}

impl std::fmt::Debug for OutgoingMessage {
    /// The message may hold a live link: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutgoingMessage")
            .field("message_id", &self.message_id)
            .field("envelope_to", &self.envelope_to)
            .field("email", &self.email.name())
            .finish_non_exhaustive()
    }
}

/// A file as a message lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFact {
    /// The name its sender gave it.
    pub name: String,
    /// Bytes.
    pub size: u64,
}

/// A recipient's personal link to the files of a message, and when the files go.
#[derive(Clone, PartialEq, Eq)]
pub struct Download {
    /// The download page (a secret).
    pub link: String,
    /// When the files are deleted.
    pub expires_at: OffsetDateTime,
}

impl std::fmt::Debug for Download {
    /// The link is a secret: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("link", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// What a message says: every fact it carries, and nothing about how it reads.
#[derive(Clone, PartialEq, Eq)]
pub enum Email {
    /// The invitation to one recipient, with their personal activation link.
    Invitation {
        /// The sender's subject.
        subject: String,
        /// The administrator's top text, its placeholders filled in.
        top: String,
        /// The sender's message.
        message: String,
        /// The personal activation link (a secret).
        link: String,
        /// When the link stops working.
        expires_at: OffsetDateTime,
        /// The username the account will have.
        username: String,
        /// To someone of the organisation: they activate with their directory sign-in, no
        /// new password.
        internal: bool,
        /// The files, if the invitation carries any, and the personal download link.
        files: Vec<FileFact>,
        /// The personal download link, with files.
        download: Option<Download>,
    },
    /// Files only (*Send Files*, or a Drop-Off user sending files back).
    Files {
        /// The sender's subject.
        subject: String,
        /// The sender's name.
        sender_name: String,
        /// The sender's address, as the text shows it (an outside person's says they are one).
        sender_email: String,
        /// The sender's message.
        message: String,
        /// The files.
        files: Vec<FileFact>,
        /// The personal download link.
        download: Download,
    },
    /// The sender's copy: no personal link, every addressee listed (BCC too).
    Copy {
        /// An invitation (else files only).
        invitation: bool,
        /// The sender's subject.
        subject: String,
        /// The administrator's top text.
        top: String,
        /// The sender's message.
        message: String,
        /// Each role's addressees as entered: (To, CC, BCC).
        addressees: (String, String, String),
        /// The files, if any.
        files: Vec<FileFact>,
        /// When the files are deleted.
        files_expire: OffsetDateTime,
    },
    /// A recipient created their account.
    Accepted {
        /// The administrator's notice text.
        top: String,
        /// Their address.
        recipient: String,
        /// When the invitation was sent, and its subject.
        sent: (OffsetDateTime, String),
        /// The sender's messages page.
        link: String,
    },
    /// The holder of an expired link asks the inviter for a new one.
    RenewalRequested {
        /// Their address.
        recipient: String,
        /// When their link expired.
        expired_at: OffsetDateTime,
        /// When the invitation was sent, and its subject.
        sent: (OffsetDateTime, String),
        /// Where the inviter sends a new link (a confirmation page).
        link: String,
    },
    /// A recipient downloaded a file for the first time.
    Downloaded {
        /// Their address.
        recipient: String,
        /// The file.
        file_name: String,
        /// When the message was sent, and its subject.
        sent: (OffsetDateTime, String),
        /// The sender's messages page.
        link: String,
    },
    /// A message could not be delivered.
    Bounced {
        /// The administrator's notice text (with the mail system's answer).
        top: String,
        /// The address it went to.
        recipient: String,
        /// When it was sent, and its subject.
        sent: (OffsetDateTime, String),
        /// The sender's messages page.
        link: String,
    },
    /// A reminder to a recipient who has not created their account yet, with a further
    /// personal link (the earlier ones keep working; using one ends them all).
    Reminder {
        /// The sender's subject.
        subject: String,
        /// Who invited them, as the invitation named them.
        inviter: String,
        /// The portal's name.
        portal_name: String,
        /// When the invitation was first delivered.
        sent_at: OffsetDateTime,
        /// The personal activation link (a secret).
        link: String,
        /// When every link of the invitation stops working.
        expires_at: OffsetDateTime,
        /// The username the account will have.
        username: String,
        /// To someone of the organisation: they activate with their directory sign-in.
        internal: bool,
        /// Which reminder this is (1, 2).
        number: u32,
    },
    /// Welcome to a new user.
    Welcome {
        /// The administrator's welcome text.
        top: String,
        /// The portal's name.
        portal_name: String,
        /// Whether the account waits for approval.
        pending: bool,
        /// The sign-in page.
        link: String,
    },
    /// An account waits for an administrator.
    Pending {
        /// The user's name.
        user_name: String,
        /// The user's address.
        user_email: String,
        /// The portal's name.
        portal_name: String,
        /// The administrators' list of users.
        link: String,
    },
    /// Guests lost their sponsor.
    SponsorLeft {
        /// Guests left without a sponsor.
        unsponsored: u32,
        /// Guests disabled.
        disabled: u32,
        /// The portal's name.
        portal_name: String,
        /// The console's list of guests without a sponsor.
        link: String,
    },
    /// A Drop-Off account is about to be disabled for inactivity.
    InactivityWarning {
        /// The user's name.
        user_name: String,
        /// The portal's name.
        portal_name: String,
        /// When it will be disabled unless used.
        disable_on: OffsetDateTime,
        /// The sign-in page.
        link: String,
    },
    /// An account was not approved.
    Rejected {
        /// The user's name.
        user_name: String,
        /// The portal's name.
        portal_name: String,
        /// The portal's start page.
        link: String,
    },
}

impl Email {
    /// A stable name of the kind of message (for logs; never its content).
    pub fn name(&self) -> &'static str {
        match self {
            Email::Invitation { .. } => "invitation",
            Email::Files { .. } => "files",
            Email::Copy { .. } => "copy",
            Email::Accepted { .. } => "accepted",
            Email::Downloaded { .. } => "downloaded",
            Email::Bounced { .. } => "bounced",
            Email::Reminder { .. } => "reminder",
            Email::RenewalRequested { .. } => "renewal_requested",
            Email::Welcome { .. } => "welcome",
            Email::Pending { .. } => "pending",
            Email::Rejected { .. } => "rejected",
            Email::InactivityWarning { .. } => "inactivity_warning",
            Email::SponsorLeft { .. } => "sponsor_left",
        }
    }
}

/// Formats a time for people: `2026-12-10 14:03 UTC`.
pub fn format_time(at: OffsetDateTime) -> String {
    let utc = at.to_offset(time::UtcOffset::UTC);
    utc.format(format_description!("[year]-[month]-[day] [hour]:[minute] UTC"))
        .unwrap_or_else(|_| utc.to_string())
}

/// What the composer needs besides the invitation.
#[derive(Clone)]
pub struct MailContext<'a> {
    /// Portal name.
    pub portal_name: &'a str,
    /// The portal's own sender address.
    pub from_address: &'a EmailAddress,
    /// The portal's public base URL, without a trailing slash.
    pub base_url: &'a str,
    /// Now (the `Date` header).
    pub now: OffsetDateTime,
    /// The sender is an outside person (a Drop-Off account): the `From` name of mail on the
    /// organisation's address says who, *via* the portal, with their verified address and
    /// never the name they chose themselves.
    pub outside_sender: bool,
    /// The language of the message being written.
    pub language: crate::language::Language,
    /// The portal's own words in that language.
    pub texts: &'a dyn crate::language::Texts,
}

impl std::fmt::Debug for MailContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailContext")
            .field("portal_name", &self.portal_name)
            .field("base_url", &self.base_url)
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

impl MailContext<'_> {
    fn time(&self, at: OffsetDateTime) -> String {
        self.texts.time(at, self.language)
    }

    fn phrase(&self, phrase: crate::language::Phrase) -> String {
        self.texts.phrase(phrase, self.language)
    }
}

/// The `From` name of a message from `invitation`'s sender.
fn from_name(ctx: &MailContext<'_>, invitation: &Invitation) -> String {
    if ctx.outside_sender {
        ctx.phrase(crate::language::Phrase::Via {
            sender: invitation.sender_email.as_str().to_owned(),
            portal: ctx.portal_name.to_owned(),
        })
    } else {
        invitation.sender_name.as_str().to_owned()
    }
}

fn header_list(invitation: &Invitation, role: Role) -> Vec<Mailbox> {
    invitation
        .with_role(role)
        .map(|r| Mailbox {
            name: r.recipient.display_name().map(str::to_owned),
            address: r.address().clone(),
        })
        .collect()
}

fn message_id(id: &str, ctx: &MailContext<'_>) -> String {
    format!("{id}@{}", ctx.from_address.domain())
}

fn values<'a>(
    ctx: &'a MailContext<'_>,
    invitation: &'a Invitation,
    recipient_email: &'a str,
    expiry: &'a str,
) -> TemplateValues<'a> {
    TemplateValues {
        inviter_name: invitation.sender_name.as_str(),
        inviter_email: invitation.sender_email.as_str(),
        recipient_email,
        portal_name: ctx.portal_name,
        expiry_date: expiry,
    }
}

fn files_of(invitation: &Invitation) -> Vec<FileFact> {
    invitation
        .attachments
        .iter()
        .map(|a| FileFact {
            name: a.name.as_str().to_owned(),
            size: a.size,
        })
        .collect()
}

/// The invitation to one recipient, with their personal link (and, with files, their
/// personal download link).
#[allow(clippy::too_many_arguments)]
pub fn invitation_message(
    ctx: &MailContext<'_>,
    template: &InvitationTemplate,
    invitation: &Invitation,
    recipient: &InvitationRecipient,
    outbox_id: &str,
    link: &str,
    expires_at: OffsetDateTime,
    download: Option<Download>,
) -> OutgoingMessage {
    let expiry = ctx.time(expires_at);
    let address = recipient.address().as_str();
    let top = template.render_text(&values(ctx, invitation, address, &expiry));
    let email = Email::Invitation {
        subject: invitation.subject.as_str().to_owned(),
        top,
        message: invitation.message.as_str().to_owned(),
        link: link.to_owned(),
        expires_at,
        username: address.to_owned(),
        internal: recipient.kind == crate::invitation::RecipientKind::Internal,
        files: if download.is_some() {
            files_of(invitation)
        } else {
            Vec::new()
        },
        download,
    };
    for_recipient(ctx, invitation, recipient, outbox_id, email)
}

/// A reminder of an invitation to one recipient who has not created their account: from the
/// portal in the sender's name like the invitation, addressed to this recipient only (the
/// others of the invitation are not told again), with a further personal link that ends when
/// the first does.
pub fn reminder_message(
    ctx: &MailContext<'_>,
    invitation: &Invitation,
    recipient: &InvitationRecipient,
    outbox_id: &str,
    link: &str,
    expires_at: OffsetDateTime,
    number: u32,
) -> OutgoingMessage {
    let email = Email::Reminder {
        subject: invitation.subject.as_str().to_owned(),
        inviter: from_name(ctx, invitation),
        portal_name: ctx.portal_name.to_owned(),
        sent_at: recipient.sent_at.unwrap_or(invitation.created_at),
        link: link.to_owned(),
        expires_at,
        username: recipient.address().as_str().to_owned(),
        internal: recipient.kind == crate::invitation::RecipientKind::Internal,
        number,
    };
    // As the invitation is sent, but to this recipient alone: the others are not told again.
    let mut out = for_recipient(ctx, invitation, recipient, outbox_id, email);
    out.to = vec![Mailbox {
        name: recipient.recipient.display_name().map(str::to_owned),
        address: recipient.address().clone(),
    }];
    out.cc = Vec::new();
    out
}

/// Files for one recipient (*Send Files*, or a Drop-Off user sending files back): the
/// sender's message, the file list and the recipient's personal download link.
pub fn files_message(
    ctx: &MailContext<'_>,
    invitation: &Invitation,
    recipient: &InvitationRecipient,
    outbox_id: &str,
    download: Download,
) -> OutgoingMessage {
    let email = Email::Files {
        subject: invitation.subject.as_str().to_owned(),
        sender_name: invitation.sender_name.as_str().to_owned(),
        // An outside person's own name is shown as theirs, never as the organisation's.
        sender_email: if ctx.outside_sender {
            ctx.phrase(crate::language::Phrase::OutsidePerson {
                address: invitation.sender_email.as_str().to_owned(),
            })
        } else {
            invitation.sender_email.as_str().to_owned()
        },
        message: invitation.message.as_str().to_owned(),
        files: files_of(invitation),
        download,
    };
    for_recipient(ctx, invitation, recipient, outbox_id, email)
}

/// The sender, as the recipient of a notice and the Reply-To of a message.
fn sender(invitation: &Invitation) -> Mailbox {
    Mailbox {
        name: Some(invitation.sender_name.as_str().to_owned()),
        address: invitation.sender_email.clone(),
    }
}

/// One recipient's message of an invitation or a files message: from the portal's address
/// in the sender's name, replies to the sender, To/CC as entered, BCC never shown.
fn for_recipient(
    ctx: &MailContext<'_>,
    invitation: &Invitation,
    recipient: &InvitationRecipient,
    outbox_id: &str,
    email: Email,
) -> OutgoingMessage {
    OutgoingMessage {
        message_id: message_id(outbox_id, ctx),
        from: Mailbox {
            name: Some(from_name(ctx, invitation)),
            address: ctx.from_address.clone(),
        },
        reply_to: Some(sender(invitation)),
        to: if invitation.options.individual {
            vec![Mailbox {
                name: recipient.recipient.display_name().map(str::to_owned),
                address: recipient.address().clone(),
            }]
        } else {
            header_list(invitation, Role::To)
        },
        cc: if invitation.options.individual {
            Vec::new()
        } else {
            header_list(invitation, Role::Cc)
        },
        envelope_to: recipient.address().clone(),
        date: ctx.now,
        language: ctx.language,
        email,
    }
}

/// The sender's copy of an invitation or a files message: the same text and files, no
/// personal link, and the full list of addressees (BCC included, since the sender chose them)
/// in the body only.
pub fn invitation_copy(
    ctx: &MailContext<'_>,
    template: &InvitationTemplate,
    invitation: &Invitation,
    outbox_id: &str,
) -> OutgoingMessage {
    let expiry = ctx.time(invitation.created_at + invitation.options.link_lifetime());
    let each = ctx.phrase(crate::language::Phrase::EachRecipient);
    let top = template.render_text(&values(ctx, invitation, &each, &expiry));
    let list = |role| {
        invitation
            .with_role(role)
            .map(|r| r.recipient.render())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let email = Email::Copy {
        invitation: invitation.kind == crate::invitation::MessageKind::Invitation,
        subject: invitation.subject.as_str().to_owned(),
        top,
        message: invitation.message.as_str().to_owned(),
        addressees: (list(Role::To), list(Role::Cc), list(Role::Bcc)),
        files: files_of(invitation),
        files_expire: invitation.files_expire_at(),
    };
    from_portal(ctx, sender(invitation), outbox_id, email)
}

fn sent(invitation: &Invitation) -> (OffsetDateTime, String) {
    (invitation.created_at, invitation.subject.as_str().to_owned())
}

/// Tells the inviter that the holder of a recipient's expired link asks for a new one, with the
/// way to send it (the resend confirmation of that recipient).
pub fn renewal_notice(
    ctx: &MailContext<'_>,
    invitation: &Invitation,
    recipient: &InvitationRecipient,
    outbox_id: &str,
) -> OutgoingMessage {
    let email = Email::RenewalRequested {
        recipient: recipient.address().as_str().to_owned(),
        expired_at: recipient.expires_at.unwrap_or(ctx.now),
        sent: sent(invitation),
        link: routes::page(
            ctx.base_url,
            &format!("{}/recipients/{}/resend", routes::INVITATIONS, recipient.id),
        ),
    };
    from_portal(ctx, sender(invitation), outbox_id, email)
}

/// Tells the inviter that a recipient created their account.
pub fn accepted_notice(
    ctx: &MailContext<'_>,
    template: &InvitationTemplate,
    invitation: &Invitation,
    recipient: &InvitationRecipient,
    outbox_id: &str,
) -> OutgoingMessage {
    let who = recipient.address().as_str();
    let email = Email::Accepted {
        top: template.render_values(&[
            ("recipient_email", who),
            ("inviter_name", invitation.sender_name.as_str()),
            ("portal_name", ctx.portal_name),
        ]),
        recipient: who.to_owned(),
        sent: sent(invitation),
        link: routes::page(ctx.base_url, routes::INVITATIONS),
    };
    from_portal(ctx, sender(invitation), outbox_id, email)
}

/// Tells the sender that a recipient downloaded one of the files for the first time.
pub fn download_notice(
    ctx: &MailContext<'_>,
    invitation: &Invitation,
    recipient: &InvitationRecipient,
    file_name: &str,
    outbox_id: &str,
) -> OutgoingMessage {
    let email = Email::Downloaded {
        recipient: recipient.address().as_str().to_owned(),
        file_name: file_name.to_owned(),
        sent: sent(invitation),
        link: routes::page(ctx.base_url, routes::INVITATIONS),
    };
    from_portal(ctx, sender(invitation), outbox_id, email)
}

/// Tells the inviter that the invitation to one recipient could not be delivered.
pub fn bounce_notice(
    ctx: &MailContext<'_>,
    template: &InvitationTemplate,
    invitation: &Invitation,
    recipient: &InvitationRecipient,
    outbox_id: &str,
) -> OutgoingMessage {
    let who = recipient.address().as_str();
    let refused = ctx.phrase(crate::language::Phrase::MailSystemRefused);
    let reason = recipient.last_delivery_note.as_deref().unwrap_or(&refused);
    let email = Email::Bounced {
        top: template.render_values(&[
            ("recipient_email", who),
            ("inviter_name", invitation.sender_name.as_str()),
            ("reason", reason),
            ("portal_name", ctx.portal_name),
        ]),
        recipient: who.to_owned(),
        sent: sent(invitation),
        link: routes::page(ctx.base_url, routes::INVITATIONS),
    };
    from_portal(ctx, sender(invitation), outbox_id, email)
}

fn mailbox_of(user: &User) -> Mailbox {
    Mailbox {
        name: Some(user.display_name.as_str().to_owned()),
        address: user.email.clone(),
    }
}

/// Welcomes a new user.
pub fn welcome(ctx: &MailContext<'_>, template: &InvitationTemplate, user: &User, outbox_id: &str) -> OutgoingMessage {
    let email = Email::Welcome {
        top: template.render_values(&[
            ("user_name", user.display_name.as_str()),
            ("user_email", user.email.as_str()),
            ("portal_name", ctx.portal_name),
        ]),
        portal_name: ctx.portal_name.to_owned(),
        pending: user.status == UserStatus::PendingApproval,
        link: routes::page(ctx.base_url, routes::SIGN_IN),
    };
    from_portal(ctx, mailbox_of(user), outbox_id, email)
}

/// Tells an administrator that an account waits for approval.
pub fn pending_notice(ctx: &MailContext<'_>, user: &User, admin: &User, outbox_id: &str) -> OutgoingMessage {
    let email = Email::Pending {
        user_name: user.display_name.as_str().to_owned(),
        user_email: user.email.as_str().to_owned(),
        portal_name: ctx.portal_name.to_owned(),
        link: routes::page(ctx.base_url, routes::ADMIN_USERS),
    };
    from_portal(ctx, mailbox_of(admin), outbox_id, email)
}

/// Tells an administrator that guests lost their sponsor.
pub(crate) fn sponsor_left_notice(
    ctx: &MailContext<'_>,
    admin: &User,
    unsponsored: u32,
    disabled: u32,
    outbox_id: &str,
) -> OutgoingMessage {
    let email = Email::SponsorLeft {
        unsponsored,
        disabled,
        portal_name: ctx.portal_name.to_owned(),
        link: format!(
            "{}?sponsor=none&status=active",
            routes::page(ctx.base_url, routes::ADMIN_USERS)
        ),
    };
    from_portal(ctx, mailbox_of(admin), outbox_id, email)
}

/// Warns a Drop-Off account that it will be disabled for inactivity unless used.
pub(crate) fn inactivity_warning(
    ctx: &MailContext<'_>,
    user: &User,
    disable_on: OffsetDateTime,
    outbox_id: &str,
) -> OutgoingMessage {
    let email = Email::InactivityWarning {
        user_name: user.display_name.as_str().to_owned(),
        portal_name: ctx.portal_name.to_owned(),
        disable_on,
        link: routes::page(ctx.base_url, routes::SIGN_IN),
    };
    from_portal(ctx, mailbox_of(user), outbox_id, email)
}

/// Tells a user that their account request was rejected.
pub fn rejected_notice(ctx: &MailContext<'_>, user: &User, outbox_id: &str) -> OutgoingMessage {
    let email = Email::Rejected {
        user_name: user.display_name.as_str().to_owned(),
        portal_name: ctx.portal_name.to_owned(),
        link: routes::page(ctx.base_url, routes::HOME),
    };
    from_portal(ctx, mailbox_of(user), outbox_id, email)
}

/// A message from the portal itself to one person.
fn from_portal(ctx: &MailContext<'_>, to: Mailbox, outbox_id: &str, email: Email) -> OutgoingMessage {
    OutgoingMessage {
        message_id: message_id(outbox_id, ctx),
        from: Mailbox {
            name: Some(ctx.portal_name.to_owned()),
            address: ctx.from_address.clone(),
        },
        reply_to: None,
        envelope_to: to.address.clone(),
        to: vec![to],
        cc: Vec::new(),
        date: ctx.now,
        language: ctx.language,
        email,
    }
}
