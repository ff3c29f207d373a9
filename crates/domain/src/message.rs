//! Composition of the emails Postern sends: pure text building, no MIME (that is the mail
//! adapter's work).

use time::OffsetDateTime;
use time::macros::format_description;

use crate::address::EmailAddress;
use crate::invitation::{Invitation, InvitationRecipient};
use crate::recipients::Role;
use crate::template::{InvitationTemplate, TemplateValues, escape_html};
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

fn paragraphs_html(text: &str) -> String {
    text.split("\n\n")
        .map(|p| format!("<p>{}</p>", escape_html(p).replace('\n', "<br>\n")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn html_document(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.5; max-width: 40em;\">\n{body}\n</body></html>\n",
        escape_html(title)
    )
}

/// The invitation to one recipient, with their personal link.
pub fn invitation_message(
    ctx: &MailContext<'_>,
    template: &InvitationTemplate,
    invitation: &Invitation,
    recipient: &InvitationRecipient,
    outbox_id: &str,
    link: &str,
    expires_at: OffsetDateTime,
) -> OutgoingMessage {
    let expiry = format_time(expires_at);
    let values = TemplateValues {
        inviter_name: invitation.sender_name.as_str(),
        inviter_email: invitation.sender_email.as_str(),
        recipient_email: recipient.address().as_str(),
        portal_name: ctx.portal_name,
        expiry_date: &expiry,
    };
    let top_text = template.render_text(&values);
    let top_html = template.render_html(&values);
    let message = invitation.message.as_str();
    let text = format!(
        "{top_text}\n\n{message}\n\n\
         Create your account:\n{link}\n\n\
         This link is personal: do not forward it. It works once and expires on {expiry}.\n\
         Your username will be {address}.\n",
        address = recipient.address().as_str(),
    );
    let body = format!(
        "<p>{top_html}</p>\n{message_html}\n<p><a href=\"{link_attr}\">Create your account</a></p>\n\
         <p>Or copy this address into your browser:<br>{link_text}</p>\n\
         <p>This link is personal: do not forward it. It works once and expires on {expiry}.<br>\n\
         Your username will be {address}.</p>",
        message_html = paragraphs_html(message),
        link_attr = escape_html(link),
        link_text = escape_html(link),
        expiry = escape_html(&expiry),
        address = escape_html(recipient.address().as_str()),
    );
    OutgoingMessage {
        message_id: message_id(outbox_id, ctx),
        from: Mailbox {
            name: Some(invitation.sender_name.as_str().to_owned()),
            address: ctx.from_address.clone(),
        },
        reply_to: Some(Mailbox {
            name: Some(invitation.sender_name.as_str().to_owned()),
            address: invitation.sender_email.clone(),
        }),
        to: header_list(invitation, Role::To),
        cc: header_list(invitation, Role::Cc),
        envelope_to: recipient.address().clone(),
        subject: invitation.subject.as_str().to_owned(),
        text,
        html: html_document(invitation.subject.as_str(), &body),
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
    let values = TemplateValues {
        inviter_name: invitation.sender_name.as_str(),
        inviter_email: invitation.sender_email.as_str(),
        recipient_email: "(each recipient)",
        portal_name: ctx.portal_name,
        expiry_date: &expiry,
    };
    let list = |role| {
        invitation
            .with_role(role)
            .map(|r| r.recipient.render())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut sent_to = format!("To: {}", list(Role::To));
    for (role, label) in [(Role::Cc, "CC"), (Role::Bcc, "BCC")] {
        let l = list(role);
        if !l.is_empty() {
            sent_to.push_str(&format!("\n{label}: {l}"));
        }
    }
    let text = format!(
        "This is your copy of the invitation you sent. Each recipient received their own personal link.\n\n{sent_to}\n\n---\n\n{}\n\n{}\n\n[personal activation link]\n",
        template.render_text(&values),
        invitation.message.as_str()
    );
    let body = format!(
        "<p>This is your copy of the invitation you sent. Each recipient received their own personal link.</p>\n<p>{}</p>\n<hr>\n<p>{}</p>\n{}\n<p>[personal activation link]</p>",
        escape_html(&sent_to).replace('\n', "<br>\n"),
        template.render_html(&values),
        paragraphs_html(invitation.message.as_str())
    );
    let subject = format!("Copy: {}", invitation.subject.as_str());
    OutgoingMessage {
        message_id: message_id(outbox_id, ctx),
        from: Mailbox {
            name: Some(ctx.portal_name.to_owned()),
            address: ctx.from_address.clone(),
        },
        reply_to: None,
        to: vec![Mailbox {
            name: Some(invitation.sender_name.as_str().to_owned()),
            address: invitation.sender_email.clone(),
        }],
        cc: Vec::new(),
        envelope_to: invitation.sender_email.clone(),
        html: html_document(&subject, &body),
        subject,
        text,
        date: ctx.now,
    }
}

/// Tells the inviter that a recipient created their account.
pub fn accepted_notice(
    ctx: &MailContext<'_>,
    invitation: &Invitation,
    recipient: &InvitationRecipient,
    outbox_id: &str,
) -> OutgoingMessage {
    let who = recipient.address().as_str();
    let subject = format!("{who} accepted your invitation");
    let text = format!(
        "{who} has accepted your invitation of {} (\"{}\") and now has an account on {}.\n\nYour invitations: {}/invitations\n",
        format_time(invitation.created_at),
        invitation.subject.as_str(),
        ctx.portal_name,
        ctx.base_url
    );
    let to = Mailbox {
        name: Some(invitation.sender_name.as_str().to_owned()),
        address: invitation.sender_email.clone(),
    };
    from_portal(ctx, to, outbox_id, subject, text)
}

/// Tells the inviter that the invitation to one recipient could not be delivered.
pub fn bounce_notice(
    ctx: &MailContext<'_>,
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
    let text = format!(
        "Your invitation of {} (\"{}\") could not be delivered to {who}.\n\nThe mail system said: {reason}\n\n\
         Check the address; you can correct it and send a new invitation, or resend from your invitations: {}/invitations\n",
        format_time(invitation.created_at),
        invitation.subject.as_str(),
        ctx.base_url
    );
    let to = Mailbox {
        name: Some(invitation.sender_name.as_str().to_owned()),
        address: invitation.sender_email.clone(),
    };
    from_portal(ctx, to, outbox_id, subject, text)
}

/// Welcomes a new user.
pub fn welcome(ctx: &MailContext<'_>, user: &User, outbox_id: &str) -> OutgoingMessage {
    let subject = format!("Welcome to {}", ctx.portal_name);
    let status = match user.status {
        crate::user::UserStatus::PendingApproval => {
            "An administrator will review your account; you will be able to sign in once it is approved."
        }
        _ => "You can sign in at any time with your email address and the password you chose.",
    };
    let text = format!(
        "Hello {},\n\nyour {} account {} has been created. {status}\n\nSign in: {}/sign-in\n",
        user.display_name.as_str(),
        ctx.portal_name,
        user.email.as_str(),
        ctx.base_url
    );
    let to = Mailbox {
        name: Some(user.display_name.as_str().to_owned()),
        address: user.email.clone(),
    };
    from_portal(ctx, to, outbox_id, subject, text)
}

/// A plain notice from the portal itself to one person; the HTML part mirrors the text.
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
        html: html_document(&subject, &paragraphs_html(&text)),
        subject,
        text,
        date: ctx.now,
    }
}
