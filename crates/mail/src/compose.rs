//! How Postern's emails read and look: the subject line, the plain-text part and the HTML part
//! of each [`Email`] the domain decided to send, from one template pair per email (askama).

use askama::Template;
use postern_domain::files::human_size;
use postern_domain::message::{Email, FileFact, Mailbox, OutgoingMessage, format_time};
use time::OffsetDateTime;

/// A message as it will be sent: headers, subject, text and HTML.
#[derive(Clone, PartialEq, Eq)]
pub struct Composed {
    /// Stable `Message-ID` (without angle brackets).
    pub message_id: String,
    /// `From`.
    pub from: Mailbox,
    /// `Reply-To`, if any.
    pub reply_to: Option<Mailbox>,
    /// `To` header.
    pub to: Vec<Mailbox>,
    /// `Cc` header.
    pub cc: Vec<Mailbox>,
    /// The one envelope recipient (`RCPT TO`), never written into the message.
    pub envelope_to: postern_domain::EmailAddress,
    /// `Subject`.
    pub subject: String,
    /// Plain-text part.
    pub text: String,
    /// HTML part.
    pub html: String,
    /// `Date`.
    pub date: OffsetDateTime,
}

impl std::fmt::Debug for Composed {
    /// The body may hold a live link: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Composed")
            .field("message_id", &self.message_id)
            .field("envelope_to", &self.envelope_to)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
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
    internal: bool,
    files: &'a [(String, String)],
    download_link: &'a str,
    files_expiry: &'a str,
}

#[derive(Template)]
#[template(path = "email/invitation.html")]
struct InvitationHtml<'a> {
    subject: &'a str,
    /// The administrator's text, paragraph by paragraph (blank lines part them).
    top: Vec<Vec<String>>,
    paragraphs: Vec<Vec<String>>,
    link: &'a str,
    expiry: &'a str,
    address: &'a str,
    internal: bool,
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

#[derive(Template)]
#[template(path = "email/copy.txt")]
struct CopyText<'a> {
    invitation: bool,
    sent_to: &'a [String],
    top: &'a str,
    message: &'a str,
    files: &'a [(String, String)],
    files_expiry: &'a str,
}

#[derive(Template)]
#[template(path = "email/copy.html")]
struct CopyHtml<'a> {
    invitation: bool,
    subject: &'a str,
    sent_to: &'a [String],
    /// The administrator's text, paragraph by paragraph.
    top: Vec<Vec<String>>,
    paragraphs: Vec<Vec<String>>,
    files: &'a [(String, String)],
    files_expiry: &'a str,
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

fn listed(files: &[FileFact]) -> Vec<(String, String)> {
    files.iter().map(|f| (f.name.clone(), human_size(f.size))).collect()
}

/// A short notice from the portal: paragraphs and one link into the portal.
fn notice(subject: String, paragraphs: &[String], link_label: &str, link: &str) -> (String, String, String) {
    let text = render(&NoticeText {
        paragraphs,
        link_label,
        link,
    });
    let html = render(&NoticeHtml {
        subject: &subject,
        paragraphs,
        link_label,
        link,
    });
    (subject, text, html)
}

/// "Invitation of 2026-11-26 09:00 UTC ("Subject")."
fn of(what: &str, (at, subject): &(OffsetDateTime, String)) -> String {
    format!("{what} {} (\"{subject}\").", format_time(*at))
}

/// Subject, text and HTML of an email.
fn parts(email: &Email) -> (String, String, String) {
    match email {
        Email::Invitation {
            subject,
            top,
            message,
            link,
            expires_at,
            username,
            internal,
            files,
            download,
        } => {
            let expiry = format_time(*expires_at);
            let files = listed(files);
            let download_link = download.as_ref().map_or("", |d| d.link.as_str());
            let files_expiry = download
                .as_ref()
                .map(|d| format_time(d.expires_at))
                .unwrap_or_default();
            let text = render(&InvitationText {
                top,
                message,
                link,
                expiry: &expiry,
                address: username,
                internal: *internal,
                files: &files,
                download_link,
                files_expiry: &files_expiry,
            });
            let html = render(&InvitationHtml {
                subject,
                top: paragraphs(top),
                paragraphs: paragraphs(message),
                link,
                expiry: &expiry,
                address: username,
                internal: *internal,
                files: &files,
                download_link,
                files_expiry: &files_expiry,
            });
            (subject.clone(), text, html)
        }
        Email::Files {
            subject,
            sender_name,
            sender_email,
            message,
            files,
            download,
        } => {
            let files = listed(files);
            let expiry = format_time(download.expires_at);
            let sender = format!("{sender_name} ({sender_email})");
            let text = render(&FilesText {
                sender: &sender,
                message,
                files: &files,
                download_link: &download.link,
                files_expiry: &expiry,
            });
            let html = render(&FilesHtml {
                subject,
                sender: &sender,
                paragraphs: paragraphs(message),
                files: &files,
                download_link: &download.link,
                files_expiry: &expiry,
            });
            (subject.clone(), text, html)
        }
        Email::Copy {
            invitation,
            subject,
            top,
            message,
            addressees: (to, cc, bcc),
            files,
            files_expire,
        } => {
            let files = listed(files);
            let files_expiry = format_time(*files_expire);
            let mut sent_to = vec![format!("To: {to}")];
            for (label, list) in [("CC", cc), ("BCC", bcc)] {
                if !list.is_empty() {
                    sent_to.push(format!("{label}: {list}"));
                }
            }
            let subject = format!("Copy: {subject}");
            let text = render(&CopyText {
                invitation: *invitation,
                sent_to: &sent_to,
                top,
                message,
                files: &files,
                files_expiry: &files_expiry,
            });
            let html = render(&CopyHtml {
                invitation: *invitation,
                subject: &subject,
                sent_to: &sent_to,
                top: paragraphs(top),
                paragraphs: paragraphs(message),
                files: &files,
                files_expiry: &files_expiry,
            });
            (subject, text, html)
        }
        Email::Accepted {
            top,
            recipient,
            sent,
            link,
        } => notice(
            format!("{recipient} accepted your invitation"),
            &[top.clone(), of("Invitation of", sent)],
            "Your invitations",
            link,
        ),
        Email::Downloaded {
            recipient,
            file_name,
            sent,
            link,
        } => notice(
            format!("{recipient} downloaded {file_name}"),
            &[format!("{recipient} downloaded {file_name}."), of("Sent on", sent)],
            "Your messages",
            link,
        ),
        Email::RenewalRequested {
            recipient,
            expired_at,
            sent,
            link,
        } => notice(
            format!("{recipient} asks for a new invitation link"),
            &[
                format!(
                    "The invitation link of {recipient} expired on {}, and they asked for a new one.",
                    format_time(*expired_at)
                ),
                of("Invitation of", sent),
                "Send a new link with the button below (you confirm on the page it opens); the expired link stays revoked. If you do not want to, do nothing."
                    .to_owned(),
            ],
            "Send a new link",
            link,
        ),
        Email::Bounced {
            top,
            recipient,
            sent,
            link,
        } => notice(
            format!("Your invitation to {recipient} could not be delivered"),
            &[
                top.clone(),
                of("Invitation of", sent),
                "Check the address; you can send a new invitation to the right one, or resend this one.".to_owned(),
            ],
            "Your invitations",
            link,
        ),
        Email::Welcome {
            top,
            portal_name,
            pending,
            link,
        } => {
            let status = if *pending {
                "An administrator will review your account; you will be able to sign in once it is approved."
            } else {
                "You can sign in at any time with your email address and the password you chose."
            };
            notice(
                format!("Welcome to {portal_name}"),
                &[top.clone(), status.to_owned()],
                "Sign in",
                link,
            )
        }
        Email::Reminder {
            subject,
            inviter,
            portal_name,
            sent_at,
            link,
            expires_at,
            username,
            internal,
            number,
        } => {
            let how = if *internal {
                format!("Open the link and sign in with your organisation's account ({username}) to accept.")
            } else {
                format!("Open the link to choose your display name and password; you will sign in as {username}.")
            };
            let last = if *number >= 2 { " This is the last reminder." } else { "" };
            notice(
                format!("Reminder: {subject}"),
                &[
                    format!(
                        "{inviter} invited you on {} to open an account on {portal_name}. The invitation is still waiting for you.",
                        format_time(*sent_at)
                    ),
                    how,
                    format!(
                        "This link is yours alone and works until {}. The links in the earlier emails work too; once you have used any one of them, they all stop working.{last}",
                        format_time(*expires_at)
                    ),
                    "If you do not want an account, ignore this message: the invitation then simply expires.".to_owned(),
                ],
                "Accept the invitation",
                link,
            )
        }
        Email::Pending {
            user_name,
            user_email,
            portal_name,
            link,
        } => notice(
            format!("Account waiting for approval: {user_email}"),
            &[format!(
                "{user_name} ({user_email}) created a {portal_name} account through an invitation. It waits for an administrator's approval."
            )],
            "Review it",
            link,
        ),
        Email::SponsorLeft {
            unsponsored,
            disabled,
            portal_name,
            link,
        } => {
            let mut lines = Vec::new();
            if *unsponsored > 0 {
                lines.push(format!(
                    "{unsponsored} Drop-Off account(s) on {portal_name} lost their sponsor: the staff member who answered for them was disabled, deleted or left the directory. Give each a new sponsor, or disable it."
                ));
            }
            if *disabled > 0 {
                lines.push(format!(
                    "{disabled} Drop-Off account(s) were disabled because their sponsor left (the rule in Settings)."
                ));
            }
            notice(
                format!("{portal_name}: guests whose sponsor left"),
                &lines,
                "Review them",
                link,
            )
        }
        Email::InactivityWarning {
            user_name,
            portal_name,
            disable_on,
            link,
        } => notice(
            format!("Your {portal_name} account will be disabled on {}", format_time(*disable_on)),
            &[
                format!("Hello {user_name},"),
                format!(
                    "your Drop-Off account on {portal_name} has not been used for a while, so it will be disabled on {} unless you sign in before then. Signing in once keeps it.",
                    format_time(*disable_on)
                ),
                "If you no longer need it, you do not need to do anything.".to_owned(),
            ],
            "Sign in",
            link,
        ),
        Email::Rejected {
            user_name,
            portal_name,
            link,
        } => notice(
            format!("Your {portal_name} account was not approved"),
            &[
                format!("Hello {user_name},"),
                "an administrator did not approve your account. If you think this is a mistake, contact the person who invited you.".to_owned(),
            ],
            "Portal",
            link,
        ),
    }
}

/// The message as it will be sent.
pub fn compose(message: &OutgoingMessage) -> Composed {
    let (subject, text, html) = parts(&message.email);
    Composed {
        message_id: message.message_id.clone(),
        from: message.from.clone(),
        reply_to: message.reply_to.clone(),
        to: message.to.clone(),
        cc: message.cc.clone(),
        envelope_to: message.envelope_to.clone(),
        subject,
        text,
        html,
        date: message.date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use postern_domain::EmailAddress;
    use postern_domain::ids::{InvitationId, RecipientId, UserId};
    use postern_domain::invitation::{Invitation, InvitationRecipient, RecipientKind, RecipientState};
    use postern_domain::message::{
        Download, MailContext, accepted_notice, bounce_notice, download_notice, files_message, invitation_copy,
        invitation_message, pending_notice, rejected_notice, reminder_message, renewal_notice, welcome,
    };
    use postern_domain::policy::{DeliveryOptionPolicy, RequestedOptions};
    use postern_domain::recipients::{Recipient, Role};
    use postern_domain::template::InvitationTemplate;
    use postern_domain::text::{DisplayName, MessageBody, Subject};
    use postern_domain::user::User;
    use time::macros::datetime;

    fn uuid(n: u128) -> uuid::Uuid {
        uuid::Uuid::from_u128(n)
    }

    fn invitation() -> Invitation {
        let r = |n: u128, a: &str, role| InvitationRecipient {
            id: RecipientId::from_uuid(uuid(n)),
            recipient: Recipient::new(EmailAddress::parse(a).unwrap(), None),
            role,
            kind: RecipientKind::External,
            state: RecipientState::Queued,
            sent_at: None,
            expires_at: None,
            accepted_at: None,
            last_delivery_note: None,
            reminders_sent: 0,
            next_reminder_at: None,
            renewal_requested_at: None,
            opened_at: None,
        };
        Invitation {
            id: InvitationId::from_uuid(uuid(1)),
            sender_id: UserId::from_uuid(uuid(2)),
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
            outside_sender: false,
        }
    }

    #[test]
    fn invitation_text_is_plain_and_html_is_escaped() {
        let from = EmailAddress::parse("postern@example.com").unwrap();
        let inv = invitation();
        let link = "https://p.example/activate/pstn_x?a=1&b=2";
        let m = compose(&invitation_message(
            &ctx(&from),
            &InvitationTemplate::builtin(),
            &inv,
            &inv.recipients[2],
            "m1",
            link,
            datetime!(2026-12-10 10:00 UTC),
            None,
        ));
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

    /// Mail from a Drop-Off account goes out on the organisation's address under the sender's
    /// verified address *via* the portal, never under the name they chose; the body says they
    /// are an outside person.
    #[test]
    fn mail_from_an_outside_person_says_so_in_from_and_body() {
        let from = EmailAddress::parse("postern@example.com").unwrap();
        let mut inv = invitation();
        inv.kind = postern_domain::invitation::MessageKind::Files;
        inv.sender_name = DisplayName::parse("IT Helpdesk").unwrap();
        let outside = MailContext {
            outside_sender: true,
            ..ctx(&from)
        };
        let m = compose(&postern_domain::message::files_message(
            &outside,
            &inv,
            &inv.recipients[0],
            "m3",
            postern_domain::message::Download {
                link: "https://p.example/download/pstd_z".into(),
                expires_at: datetime!(2026-12-10 10:00 UTC),
            },
        ));
        assert_eq!(m.from.name.as_deref(), Some("ann@example.com via Postern"));
        assert_eq!(m.from.address, from, "the organisation's address, as always");
        assert!(
            m.text.starts_with(
                "IT Helpdesk (ann@example.com, an outside person with a Drop-Off account) sent you files."
            ),
            "{}",
            m.text
        );
        let staff = compose(&postern_domain::message::files_message(
            &ctx(&from),
            &inv,
            &inv.recipients[0],
            "m4",
            postern_domain::message::Download {
                link: "https://p.example/download/pstd_z".into(),
                expires_at: datetime!(2026-12-10 10:00 UTC),
            },
        ));
        assert_eq!(staff.from.name.as_deref(), Some("IT Helpdesk"), "staff keep their name");
    }

    /// Someone of the organisation is told to activate with their organisation sign-in, never
    /// to create an account or choose a password.
    #[test]
    fn an_internal_invitation_says_to_sign_in_with_the_organisation_account() {
        let from = EmailAddress::parse("postern@example.com").unwrap();
        let mut inv = invitation();
        inv.recipients[0].kind = RecipientKind::Internal;
        let m = compose(&invitation_message(
            &ctx(&from),
            &InvitationTemplate::builtin_for(postern_domain::template::TemplateKind::InternalInvitation),
            &inv,
            &inv.recipients[0],
            "m2",
            "https://p.example/activate/pstn_y",
            datetime!(2026-12-10 10:00 UTC),
            None,
        ));
        for said in [
            "sign in with your organisation account",
            "Activate your access:",
            "usual organisation username and password",
        ] {
            assert!(m.text.contains(said), "{said} in:\n{}", m.text);
        }
        assert!(m.html.contains("Activate your access"));
        for never in ["Create your account", "Drop-Off", "Your username will be"] {
            assert!(!m.text.contains(never), "{never} in:\n{}", m.text);
            assert!(!m.html.contains(never), "{never} in the HTML");
        }
        insta::assert_snapshot!("internal_invitation", m.text);
    }

    #[test]
    fn the_senders_copy_lists_everyone_and_carries_no_link() {
        let from = EmailAddress::parse("postern@example.com").unwrap();
        let inv = invitation();
        let m = compose(&invitation_copy(
            &ctx(&from),
            &InvitationTemplate::builtin(),
            &inv,
            "c1",
        ));
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
        let template = InvitationTemplate::builtin_for(postern_domain::template::TemplateKind::DeliveryFailed);
        let m = compose(&bounce_notice(&ctx(&from), &template, &inv, &inv.recipients[0], "b1"));
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
            inv.attachments.push(postern_domain::files::Attachment {
                id: postern_domain::ids::AttachmentId::from_uuid(uuid(100 + n as u128)),
                name: postern_domain::files::FileName::parse(name).unwrap(),
                size,
                sha256: "0".repeat(64),
                blob_key: "1".repeat(64),
            });
        }
        let download = "https://p.example/download/pstd_abc";
        let m = compose(&invitation_message(
            &ctx(&from),
            &InvitationTemplate::builtin(),
            &inv,
            &inv.recipients[0],
            "m1",
            "https://p.example/activate/pstn_x",
            datetime!(2026-12-10 10:00 UTC),
            Some(Download {
                link: download.to_owned(),
                expires_at: datetime!(2026-12-03 9:00 UTC),
            }),
        ));
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
    fn shown(m: &Composed) -> String {
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
        inv.attachments = vec![postern_domain::files::Attachment {
            id: postern_domain::ids::AttachmentId::from_uuid(uuid(20)),
            name: postern_domain::files::FileName::parse("report – Q3.pdf").unwrap(),
            size: 300_000,
            sha256: "ab".repeat(32),
            blob_key: "k".into(),
        }];
        inv
    }

    fn person(email: &str, status: postern_domain::user::UserStatus) -> User {
        User {
            id: UserId::from_uuid(uuid(30)),
            email: EmailAddress::parse(email).unwrap(),
            display_name: DisplayName::parse("Guest & Person").unwrap(),
            kind: postern_domain::user::UserKind::External,
            status,
            invitation_setting: Default::default(),
            password_hash: None,
            directory_may_invite: false,
            quota: None,
            sponsor_id: None,
            last_seen_at: None,
            created_at: datetime!(2026-11-26 9:00 UTC),
        }
    }

    /// Every email the portal sends, as it reads, with links that stand for real ones: a
    /// change to any of them shows in review (`cargo insta review`, or the `.snap.new` file).
    #[test]
    fn every_email_as_it_reads() {
        use postern_domain::template::TemplateKind;
        let from = EmailAddress::parse("postern@example.com").unwrap();
        let c = ctx(&from);
        let inv = with_files(invitation());
        let files = Download {
            link: "https://p.example/download/pstd_DOWNLOAD".to_owned(),
            expires_at: datetime!(2026-12-10 10:00 UTC),
        };
        let t = InvitationTemplate::builtin_for;
        let admin = User {
            kind: postern_domain::user::UserKind::Admin,
            ..person("admin@example.com", postern_domain::user::UserStatus::Active)
        };
        let mut bounced = inv.recipients[0].clone();
        bounced.last_delivery_note = Some("550 5.1.1 <to@example.com>: no such user".into());
        let mut files_only = inv.clone();
        files_only.kind = postern_domain::invitation::MessageKind::Files;
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
                    Some(files.clone()),
                ),
            ),
            (
                "files",
                files_message(&c, &files_only, &files_only.recipients[0], "m2", files.clone()),
            ),
            ("copy", invitation_copy(&c, &t(TemplateKind::Invitation), &inv, "m3")),
            (
                "copy_files",
                invitation_copy(&c, &t(TemplateKind::Invitation), &files_only, "m11"),
            ),
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
                "reminder",
                reminder_message(
                    &c,
                    &inv,
                    &inv.recipients[2],
                    "m12",
                    "https://p.example/activate/pstn_REMINDER",
                    datetime!(2026-12-10 10:00 UTC),
                    2,
                ),
            ),
            ("renewal_notice", renewal_notice(&c, &inv, &inv.recipients[0], "m13")),
            (
                "welcome",
                welcome(
                    &c,
                    &t(TemplateKind::Welcome),
                    &person("guest@example.org", postern_domain::user::UserStatus::Active),
                    "m7",
                ),
            ),
            (
                "welcome_pending",
                welcome(
                    &c,
                    &t(TemplateKind::Welcome),
                    &person("guest@example.org", postern_domain::user::UserStatus::PendingApproval),
                    "m8",
                ),
            ),
            (
                "pending_notice",
                pending_notice(
                    &c,
                    &person("guest@example.org", postern_domain::user::UserStatus::PendingApproval),
                    &admin,
                    "m9",
                ),
            ),
            (
                "rejected_notice",
                rejected_notice(
                    &c,
                    &person("guest@example.org", postern_domain::user::UserStatus::Disabled),
                    "m10",
                ),
            ),
        ];
        for (name, email) in emails {
            insta::assert_snapshot!(name, shown(&compose(&email)));
        }
    }
}
