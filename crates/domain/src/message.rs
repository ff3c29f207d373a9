//! Composition of the emails Postern sends: pure text building, no MIME (that is the mail
//! adapter's work).

use askama::Template;
use time::OffsetDateTime;
use time::macros::format_description;

use crate::address::EmailAddress;
use crate::invitation::{Invitation, InvitationRecipient};
use crate::recipients::Role;
use crate::template::{InvitationTemplate, TemplateValues};
use crate::user::User;

/// A name and an address, for a header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// Display name, if any.
    pub name: Option<String>,
    /// Address.
    pub address: EmailAddress,
}

/// A fully rendered message, ready for a [`crate::ports::Mailer`].
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
    /// `Subject`.
    pub subject: String,
    /// Plain-text part.
    pub text: String,
    /// HTML part.
    pub html: String,
    /// `Date`.
    pub date: OffsetDateTime,
}

impl std::fmt::Debug for OutgoingMessage {
    /// The body holds a live activation link: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutgoingMessage")
            .field("message_id", &self.message_id)
            .field("envelope_to", &self.envelope_to)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

/// Formats a time for people: `2026-12-10 14:03 UTC`.
pub fn format_time(at: OffsetDateTime) -> String {
    let utc = at.to_offset(time::UtcOffset::UTC);
    utc.format(format_description!("[year]-[month]-[day] [hour]:[minute] UTC"))
        .unwrap_or_else(|_| utc.to_string())
}

/// What the composer needs besides the invitation.
#[derive(Debug, Clone)]
pub struct MailContext<'a> {
    /// Portal name.
    pub portal_name: &'a str,
    /// The portal's own sender address.
    pub from_address: &'a EmailAddress,
    /// The portal's public base URL, without a trailing slash.
    pub base_url: &'a str,
    /// Now (the `Date` header).
    pub now: OffsetDateTime,
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

/// Paragraphs (split on blank lines) of lines, for the HTML part.
fn paragraphs(text: &str) -> Vec<Vec<String>> {
    text.split("\n\n")
        .map(|p| p.lines().map(str::to_owned).collect())
        .collect()
}

fn render(template: &impl Template) -> String {
    // Rendering only fails if a value's Display fails; ours are strings.
    template
        .render()
        .unwrap_or_else(|e| format!("(this message could not be rendered: {e})"))
}

#[derive(Template)]
#[template(path = "email/invitation.txt")]
struct InvitationText<'a> {
    top: &'a str,
    message: &'a str,
    link: &'a str,
    expiry: &'a str,
    address: &'a str,
    files: &'a [(String, String)],
    download_link: &'a str,
    files_expiry: &'a str,
}

#[derive(Template)]
#[template(path = "email/invitation.html")]
struct InvitationHtml<'a> {
    subject: &'a str,
    top: &'a str,
    paragraphs: Vec<Vec<String>>,
    link: &'a str,
    expiry: &'a str,
    address: &'a str,
    files: &'a [(String, String)],
    download_link: &'a str,
    files_expiry: &'a str,
}

#[derive(Template)]
#[template(path = "email/files.txt")]
struct FilesText<'a> {
    sender: &'a str,
    message: &'a str,
    files: &'a [(String, String)],
    download_link: &'a str,
    files_expiry: &'a str,
}

#[derive(Template)]
#[template(path = "email/files.html")]
struct FilesHtml<'a> {
    subject: &'a str,
    sender: &'a str,
    paragraphs: Vec<Vec<String>>,
    files: &'a [(String, String)],
    download_link: &'a str,
    files_expiry: &'a str,
}

/// Files for one recipient (*Send Files*, or a Drop-Off user sending files back): the
/// sender's message, the file list and the recipient's personal download link.
pub fn files_message(
    ctx: &MailContext<'_>,
    invitation: &Invitation,
    recipient: &InvitationRecipient,
    outbox_id: &str,
    files_link: FilesLink<'_>,
) -> OutgoingMessage {
    let files: Vec<(String, String)> = invitation
        .attachments
        .iter()
        .map(|a| (a.name.as_str().to_owned(), crate::files::human_size(a.size)))
        .collect();
    let expiry = format_time(files_link.expires_at);
    let sender = format!(
        "{} ({})",
        invitation.sender_name.as_str(),
        invitation.sender_email.as_str()
    );
    let message = invitation.message.as_str();
    let subject = invitation.subject.as_str();
    let text = render(&FilesText {
        sender: &sender,
        message,
        files: &files,
        download_link: files_link.link,
        files_expiry: &expiry,
    });
    let html = render(&FilesHtml {
        subject,
        sender: &sender,
        paragraphs: paragraphs(message),
        files: &files,
        download_link: files_link.link,
        files_expiry: &expiry,
    });
    for_recipient(ctx, invitation, recipient, outbox_id, subject, text, html)
}

#[derive(Template)]
#[template(path = "email/copy.txt")]
struct CopyText<'a> {
    sent_to: &'a [String],
    top: &'a str,
    message: &'a str,
}

#[derive(Template)]
#[template(path = "email/copy.html")]
struct CopyHtml<'a> {
    subject: &'a str,
    sent_to: &'a [String],
    top: &'a str,
    paragraphs: Vec<Vec<String>>,
}

#[derive(Template)]
#[template(path = "email/notice.txt")]
struct NoticeText<'a> {
    paragraphs: &'a [String],
    link_label: &'a str,
    link: &'a str,
}

#[derive(Template)]
#[template(path = "email/notice.html")]
struct NoticeHtml<'a> {
    subject: &'a str,
    paragraphs: &'a [String],
    link_label: &'a str,
    link: &'a str,
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

/// A recipient's personal link to the files of a message, and when the files go.
#[derive(Debug, Clone, Copy)]
pub struct FilesLink<'a> {
    /// The download page.
    pub link: &'a str,
    /// When the files are deleted.
    pub expires_at: OffsetDateTime,
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
    files_link: Option<FilesLink<'_>>,
) -> OutgoingMessage {
    let expiry = format_time(expires_at);
    let files: Vec<(String, String)> = if files_link.is_some() {
        invitation
            .attachments
            .iter()
            .map(|a| (a.name.as_str().to_owned(), crate::files::human_size(a.size)))
            .collect()
    } else {
        Vec::new()
    };
    let download_link = files_link.map_or("", |f| f.link);
    let files_expiry = files_link.map(|f| format_time(f.expires_at)).unwrap_or_default();
    let top = template.render_text(&values(ctx, invitation, recipient.address().as_str(), &expiry));
    let message = invitation.message.as_str();
    let address = recipient.address().as_str();
    let subject = invitation.subject.as_str();
    let text = render(&InvitationText {
        top: &top,
        message,
        link,
        expiry: &expiry,
        address,
        files: &files,
        download_link,
        files_expiry: &files_expiry,
    });
    let html = render(&InvitationHtml {
        subject,
        top: &top,
        paragraphs: paragraphs(message),
        link,
        expiry: &expiry,
        address,
        files: &files,
        download_link,
        files_expiry: &files_expiry,
    });
    for_recipient(ctx, invitation, recipient, outbox_id, subject, text, html)
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
    subject: &str,
    text: String,
    html: String,
) -> OutgoingMessage {
    OutgoingMessage {
        message_id: message_id(outbox_id, ctx),
        from: Mailbox {
            name: Some(invitation.sender_name.as_str().to_owned()),
            address: ctx.from_address.clone(),
        },
        reply_to: Some(sender(invitation)),
        to: header_list(invitation, Role::To),
        cc: header_list(invitation, Role::Cc),
        envelope_to: recipient.address().clone(),
        subject: subject.to_owned(),
        text,
        html,
        date: ctx.now,
    }
}

/// The sender's copy: the same text, no personal link, and the full list of addressees
/// (BCC included, since the sender chose them) in the body only.
pub fn invitation_copy(
    ctx: &MailContext<'_>,
    template: &InvitationTemplate,
    invitation: &Invitation,
    outbox_id: &str,
) -> OutgoingMessage {
    let expiry = format_time(invitation.created_at + invitation.options.link_lifetime());
    let top = template.render_text(&values(ctx, invitation, "(each recipient)", &expiry));
    let list = |role| {
        invitation
            .with_role(role)
            .map(|r| r.recipient.render())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut sent_to = vec![format!("To: {}", list(Role::To))];
    for (role, label) in [(Role::Cc, "CC"), (Role::Bcc, "BCC")] {
        let l = list(role);
        if !l.is_empty() {
            sent_to.push(format!("{label}: {l}"));
        }
    }
    let subject = format!("Copy: {}", invitation.subject.as_str());
    let message = invitation.message.as_str();
    let text = render(&CopyText {
        sent_to: &sent_to,
        top: &top,
        message,
    });
    let html = render(&CopyHtml {
        subject: &subject,
        sent_to: &sent_to,
        top: &top,
        paragraphs: paragraphs(message),
    });
    let to = sender(invitation);
    let mut out = from_portal(ctx, to, outbox_id, subject, text);
    out.html = html;
    out
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
    let subject = format!("{who} accepted your invitation");
    let paragraphs = [
        template.render_values(&[
            ("recipient_email", who),
            ("inviter_name", invitation.sender_name.as_str()),
            ("portal_name", ctx.portal_name),
        ]),
        format!(
            "Invitation of {} (\"{}\").",
            format_time(invitation.created_at),
            invitation.subject.as_str()
        ),
    ];
    let to = sender(invitation);
    notice(
        ctx,
        to,
        outbox_id,
        subject,
        &paragraphs,
        "Your invitations",
        "/invitations",
    )
}

/// Tells the sender that a recipient downloaded one of the files for the first time.
pub fn download_notice(
    ctx: &MailContext<'_>,
    invitation: &Invitation,
    recipient: &InvitationRecipient,
    file_name: &str,
    outbox_id: &str,
) -> OutgoingMessage {
    let who = recipient.address().as_str();
    let subject = format!("{who} downloaded {file_name}");
    let paragraphs = [
        format!("{who} downloaded {file_name}."),
        format!(
            "Sent on {} (\"{}\").",
            format_time(invitation.created_at),
            invitation.subject.as_str()
        ),
    ];
    let to = sender(invitation);
    notice(
        ctx,
        to,
        outbox_id,
        subject,
        &paragraphs,
        "Your messages",
        "/invitations",
    )
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
    let subject = format!("Your invitation to {who} could not be delivered");
    let reason = recipient
        .last_delivery_note
        .as_deref()
        .unwrap_or("the mail system refused it");
    let paragraphs = [
        template.render_values(&[
            ("recipient_email", who),
            ("inviter_name", invitation.sender_name.as_str()),
            ("reason", reason),
            ("portal_name", ctx.portal_name),
        ]),
        format!(
            "Invitation of {} (\"{}\").",
            format_time(invitation.created_at),
            invitation.subject.as_str()
        ),
        "Check the address; you can send a new invitation to the right one, or resend this one.".to_owned(),
    ];
    let to = sender(invitation);
    notice(
        ctx,
        to,
        outbox_id,
        subject,
        &paragraphs,
        "Your invitations",
        "/invitations",
    )
}

/// Welcomes a new user.
pub fn welcome(ctx: &MailContext<'_>, template: &InvitationTemplate, user: &User, outbox_id: &str) -> OutgoingMessage {
    let subject = format!("Welcome to {}", ctx.portal_name);
    let status = match user.status {
        crate::user::UserStatus::PendingApproval => {
            "An administrator will review your account; you will be able to sign in once it is approved."
        }
        _ => "You can sign in at any time with your email address and the password you chose.",
    };
    let paragraphs = [
        template.render_values(&[
            ("user_name", user.display_name.as_str()),
            ("user_email", user.email.as_str()),
            ("portal_name", ctx.portal_name),
        ]),
        status.to_owned(),
    ];
    let to = Mailbox {
        name: Some(user.display_name.as_str().to_owned()),
        address: user.email.clone(),
    };
    notice(ctx, to, outbox_id, subject, &paragraphs, "Sign in", "/sign-in")
}

/// Tells an administrator that an account waits for approval.
pub fn pending_notice(ctx: &MailContext<'_>, user: &User, admin: &User, outbox_id: &str) -> OutgoingMessage {
    let subject = format!("Account waiting for approval: {}", user.email.as_str());
    let paragraphs = [format!(
        "{} ({}) created a {} account through an invitation. It waits for an administrator's approval.",
        user.display_name.as_str(),
        user.email.as_str(),
        ctx.portal_name
    )];
    let to = Mailbox {
        name: Some(admin.display_name.as_str().to_owned()),
        address: admin.email.clone(),
    };
    notice(ctx, to, outbox_id, subject, &paragraphs, "Review it", "/admin/users")
}

/// Tells a user that their account request was rejected.
pub fn rejected_notice(ctx: &MailContext<'_>, user: &User, outbox_id: &str) -> OutgoingMessage {
    let subject = format!("Your {} account was not approved", ctx.portal_name);
    let paragraphs = [
        format!("Hello {},", user.display_name.as_str()),
        "an administrator did not approve your account. If you think this is a mistake, contact the person who invited you.".to_owned(),
    ];
    let to = Mailbox {
        name: Some(user.display_name.as_str().to_owned()),
        address: user.email.clone(),
    };
    notice(ctx, to, outbox_id, subject, &paragraphs, "Portal", "/")
}

/// A short notice from the portal itself, with one link into the portal.
fn notice(
    ctx: &MailContext<'_>,
    to: Mailbox,
    outbox_id: &str,
    subject: String,
    paragraphs: &[String],
    link_label: &str,
    path: &str,
) -> OutgoingMessage {
    let link = format!("{}{path}", ctx.base_url);
    let text = render(&NoticeText {
        paragraphs,
        link_label,
        link: &link,
    });
    let html = render(&NoticeHtml {
        subject: &subject,
        paragraphs,
        link_label,
        link: &link,
    });
    let mut out = from_portal(ctx, to, outbox_id, subject, text);
    out.html = html;
    out
}

/// A message from the portal itself to one person.
fn from_portal(ctx: &MailContext<'_>, to: Mailbox, outbox_id: &str, subject: String, text: String) -> OutgoingMessage {
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
        html: String::new(),
        subject,
        text,
        date: ctx.now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{InvitationId, RecipientId, UserId};
    use crate::invitation::{RecipientKind, RecipientState};
    use crate::policy::{DeliveryOptionPolicy, RequestedOptions};
    use crate::recipients::Recipient;
    use crate::text::{DisplayName, MessageBody, Subject};
    use time::macros::datetime;
    use uuid::Uuid;

    fn invitation() -> Invitation {
        let r = |n: u128, a: &str, role| InvitationRecipient {
            id: RecipientId::from_uuid(Uuid::from_u128(n)),
            recipient: Recipient::new(EmailAddress::parse(a).unwrap(), None),
            role,
            kind: RecipientKind::External,
            state: RecipientState::Queued,
            sent_at: None,
            expires_at: None,
            accepted_at: None,
            last_delivery_note: None,
        };
        Invitation {
            id: InvitationId::from_uuid(Uuid::from_u128(1)),
            sender_id: UserId::from_uuid(Uuid::from_u128(2)),
            sender_email: EmailAddress::parse("ann@example.com").unwrap(),
            sender_name: DisplayName::parse("Ann & Co").unwrap(),
            subject: Subject::parse("Files <for> you").unwrap(),
            message: MessageBody::parse("Hello <b>friend</b> & co.\nSecond line\n\nNew paragraph").unwrap(),
            options: DeliveryOptionPolicy::default()
                .resolve(&RequestedOptions::default())
                .unwrap(),
            created_at: datetime!(2026-11-26 9:00 UTC),
            idempotency_key: None,
            recipients: vec![
                r(10, "to@example.com", Role::To),
                r(11, "cc@example.com", Role::Cc),
                r(12, "bcc@example.com", Role::Bcc),
            ],
            attachments: Vec::new(),
            kind: Default::default(),
        }
    }

    fn ctx(from: &EmailAddress) -> MailContext<'_> {
        MailContext {
            portal_name: "Postern",
            from_address: from,
            base_url: "https://p.example",
            now: datetime!(2026-11-26 10:00 UTC),
        }
    }

    #[test]
    fn invitation_text_is_plain_and_html_is_escaped() {
        let from = EmailAddress::parse("postern@example.com").unwrap();
        let inv = invitation();
        let link = "https://p.example/activate/pstn_x?a=1&b=2";
        let m = invitation_message(
            &ctx(&from),
            &InvitationTemplate::builtin(),
            &inv,
            &inv.recipients[2],
            "m1",
            link,
            datetime!(2026-12-10 10:00 UTC),
            None,
        );
        assert!(m.text.starts_with("Ann & Co (ann@example.com) has invited you"));
        assert!(!m.text.contains("Files for you"), "no files, no file section");
        assert!(
            m.text
                .contains("Hello <b>friend</b> & co.\nSecond line\n\nNew paragraph")
        );
        assert!(m.text.contains(&format!("Create your account:\n{link}\n")));
        assert!(m.text.contains("expires on 2026-12-10 10:00 UTC"));
        assert!(
            m.html.contains("Ann &#38; Co") || m.html.contains("Ann &amp; Co"),
            "{}",
            m.html
        );
        assert!(!m.html.contains("<b>friend</b>"), "the sender's message is escaped");
        assert!(
            m.html.contains("co.<br>\nSecond line</p>"),
            "line breaks kept: {}",
            m.html
        );
        assert!(
            m.html.contains("<title>Files &#60;for&#62; you</title>")
                || m.html.contains("<title>Files &lt;for&gt; you</title>"),
            "{}",
            m.html
        );
        assert!(
            m.html.contains("a=1&#38;b=2") || m.html.contains("a=1&amp;b=2"),
            "the link is attribute-escaped"
        );
        let headers: Vec<&str> = m.to.iter().chain(&m.cc).map(|b| b.address.as_str()).collect();
        assert_eq!(
            headers,
            vec!["to@example.com", "cc@example.com"],
            "the BCC recipient is not in the headers"
        );
        assert_eq!(m.envelope_to.as_str(), "bcc@example.com");
        assert_eq!(m.message_id, "m1@example.com");
        assert_eq!(m.from.name.as_deref(), Some("Ann & Co"));
    }

    #[test]
    fn the_senders_copy_lists_everyone_and_carries_no_link() {
        let from = EmailAddress::parse("postern@example.com").unwrap();
        let inv = invitation();
        let m = invitation_copy(&ctx(&from), &InvitationTemplate::builtin(), &inv, "c1");
        assert!(
            m.text
                .contains("To: to@example.com\nCC: cc@example.com\nBCC: bcc@example.com"),
            "{}",
            m.text
        );
        assert!(!m.text.contains("/activate/"));
        assert_eq!(m.envelope_to.as_str(), "ann@example.com");
        assert_eq!(m.subject, "Copy: Files <for> you");
    }

    #[test]
    fn notices_link_into_the_portal() {
        let from = EmailAddress::parse("postern@example.com").unwrap();
        let mut inv = invitation();
        inv.recipients[0].last_delivery_note = Some("550 <no> such user".into());
        let template = InvitationTemplate::builtin_for(crate::template::TemplateKind::DeliveryFailed);
        let m = bounce_notice(&ctx(&from), &template, &inv, &inv.recipients[0], "b1");
        assert!(m.text.contains("The mail system said: 550 <no> such user"));
        assert!(m.text.contains("Your invitations: https://p.example/invitations"));
        assert!(m.html.contains("href=\"https://p.example/invitations\""));
        assert!(!m.html.contains("<no>"));
    }

    #[test]
    fn files_are_listed_with_sizes_and_the_personal_download_link() {
        let from = EmailAddress::parse("postern@example.com").unwrap();
        let mut inv = invitation();
        for (n, (name, size)) in [("Q3 <report>.pdf", 1536u64), ("data.csv", 3 * 1024 * 1024)]
            .into_iter()
            .enumerate()
        {
            inv.attachments.push(crate::files::Attachment {
                id: crate::ids::AttachmentId::from_uuid(Uuid::from_u128(100 + n as u128)),
                name: crate::files::FileName::parse(name).unwrap(),
                size,
                sha256: "0".repeat(64),
                blob_key: "1".repeat(64),
            });
        }
        let download = "https://p.example/download/pstd_abc";
        let m = invitation_message(
            &ctx(&from),
            &InvitationTemplate::builtin(),
            &inv,
            &inv.recipients[0],
            "m1",
            "https://p.example/activate/pstn_x",
            datetime!(2026-12-10 10:00 UTC),
            Some(FilesLink {
                link: download,
                expires_at: datetime!(2026-12-03 9:00 UTC),
            }),
        );
        assert!(
            m.text
                .contains("Files for you (2), available until 2026-12-03 09:00 UTC:"),
            "{}",
            m.text
        );
        assert!(
            m.text.contains("- Q3 <report>.pdf (1.5 KiB)\n- data.csv (3.0 MiB)"),
            "{}",
            m.text
        );
        assert!(m.text.contains(download));
        assert!(
            m.html.contains("<li>Q3 &#60;report&#62;.pdf (1.5 KiB)</li>")
                || m.html.contains("<li>Q3 &lt;report&gt;.pdf (1.5 KiB)</li>"),
            "{}",
            m.html
        );
        assert!(m.html.contains(&format!("href=\"{download}\"")));
    }

    /// One message as a reviewer reads it: headers, then the text part, then the HTML part.
    fn shown(m: &OutgoingMessage) -> String {
        let boxes = |b: &[Mailbox]| b.iter().map(|m| m.address.as_str()).collect::<Vec<_>>().join(", ");
        format!(
            "From: {:?} <{}>\nReply-To: {}\nTo: {}\nCc: {}\nEnvelope-To: {}\nMessage-ID: {}\nSubject: {}\n\n--- text ---\n{}\n--- html ---\n{}\n",
            m.from.name.as_deref().unwrap_or_default(),
            m.from.address.as_str(),
            m.reply_to.as_ref().map(|r| r.address.as_str()).unwrap_or_default(),
            boxes(&m.to),
            boxes(&m.cc),
            m.envelope_to.as_str(),
            m.message_id,
            m.subject,
            m.text,
            m.html
        )
    }

    fn with_files(mut inv: Invitation) -> Invitation {
        inv.attachments = vec![crate::files::Attachment {
            id: crate::ids::AttachmentId::from_uuid(Uuid::from_u128(20)),
            name: crate::files::FileName::parse("report – Q3.pdf").unwrap(),
            size: 300_000,
            sha256: "ab".repeat(32),
            blob_key: "k".into(),
        }];
        inv
    }

    fn person(email: &str, status: crate::user::UserStatus) -> User {
        User {
            id: UserId::from_uuid(Uuid::from_u128(30)),
            email: EmailAddress::parse(email).unwrap(),
            display_name: DisplayName::parse("Guest & Person").unwrap(),
            kind: crate::user::UserKind::External,
            status,
            invitation_setting: Default::default(),
            password_hash: None,
            directory_may_invite: false,
            created_at: datetime!(2026-11-26 9:00 UTC),
        }
    }

    /// Every email the portal sends, as it reads, with links that stand for real ones: a
    /// change to any of them shows in review (`cargo insta review`, or the `.snap.new` file).
    #[test]
    fn every_email_as_it_reads() {
        use crate::template::TemplateKind;
        let from = EmailAddress::parse("postern@example.com").unwrap();
        let c = ctx(&from);
        let inv = with_files(invitation());
        let files = FilesLink {
            link: "https://p.example/download/pstd_DOWNLOAD",
            expires_at: datetime!(2026-12-10 10:00 UTC),
        };
        let t = InvitationTemplate::builtin_for;
        let admin = User {
            kind: crate::user::UserKind::Admin,
            ..person("admin@example.com", crate::user::UserStatus::Active)
        };
        let mut bounced = inv.recipients[0].clone();
        bounced.last_delivery_note = Some("550 5.1.1 <to@example.com>: no such user".into());
        let mut files_only = inv.clone();
        files_only.kind = crate::invitation::MessageKind::Files;
        let emails = [
            (
                "invitation",
                invitation_message(
                    &c,
                    &t(TemplateKind::Invitation),
                    &inv,
                    &inv.recipients[2],
                    "m1",
                    "https://p.example/activate/pstn_ACTIVATION",
                    datetime!(2026-12-10 10:00 UTC),
                    Some(FilesLink { ..files }),
                ),
            ),
            (
                "files",
                files_message(&c, &files_only, &files_only.recipients[0], "m2", FilesLink { ..files }),
            ),
            ("copy", invitation_copy(&c, &t(TemplateKind::Invitation), &inv, "m3")),
            (
                "accepted_notice",
                accepted_notice(&c, &t(TemplateKind::Accepted), &inv, &inv.recipients[0], "m4"),
            ),
            (
                "download_notice",
                download_notice(&c, &inv, &inv.recipients[1], "report – Q3.pdf", "m5"),
            ),
            (
                "bounce_notice",
                bounce_notice(&c, &t(TemplateKind::DeliveryFailed), &inv, &bounced, "m6"),
            ),
            (
                "welcome",
                welcome(
                    &c,
                    &t(TemplateKind::Welcome),
                    &person("guest@example.org", crate::user::UserStatus::Active),
                    "m7",
                ),
            ),
            (
                "welcome_pending",
                welcome(
                    &c,
                    &t(TemplateKind::Welcome),
                    &person("guest@example.org", crate::user::UserStatus::PendingApproval),
                    "m8",
                ),
            ),
            (
                "pending_notice",
                pending_notice(
                    &c,
                    &person("guest@example.org", crate::user::UserStatus::PendingApproval),
                    &admin,
                    "m9",
                ),
            ),
            (
                "rejected_notice",
                rejected_notice(
                    &c,
                    &person("guest@example.org", crate::user::UserStatus::Disabled),
                    "m10",
                ),
            ),
        ];
        for (name, email) in emails {
            insta::assert_snapshot!(name, shown(&email));
        }
    }
}
