//! How Postern's emails read and look: the subject line, the plain-text part and the HTML part
//! of each [`Email`] the domain decided to send, from one template pair per email (askama).

use askama::Template;
use postern_domain::message::{Email, FileFact, Mailbox, OutgoingMessage};
use postern_i18n::{Catalog, Tr};
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
    /// `Content-Language`.
    pub language: &'static str,
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
    tr: Tr<'a>,
    top: &'a str,
    message: &'a str,
    link: &'a str,
    personal: &'a str,
    username: &'a str,
    internal: bool,
    files: &'a [(String, String)],
    files_heading: &'a str,
    download_link: &'a str,
}

#[derive(Template)]
#[template(path = "email/invitation.html")]
struct InvitationHtml<'a> {
    tr: Tr<'a>,
    subject: &'a str,
    /// The administrator's text, paragraph by paragraph (blank lines part them).
    top: Vec<Vec<String>>,
    paragraphs: Vec<Vec<String>>,
    link: &'a str,
    personal: &'a str,
    username: &'a str,
    internal: bool,
    files: &'a [(String, String)],
    files_heading: &'a str,
    download_link: &'a str,
}

#[derive(Template)]
#[template(path = "email/files.txt")]
struct FilesText<'a> {
    tr: Tr<'a>,
    sent: &'a str,
    message: &'a str,
    files: &'a [(String, String)],
    files_heading: &'a str,
    download_link: &'a str,
}

#[derive(Template)]
#[template(path = "email/files.html")]
struct FilesHtml<'a> {
    tr: Tr<'a>,
    subject: &'a str,
    sent: &'a str,
    paragraphs: Vec<Vec<String>>,
    files: &'a [(String, String)],
    files_heading: &'a str,
    download_link: &'a str,
}

#[derive(Template)]
#[template(path = "email/copy.txt")]
struct CopyText<'a> {
    tr: Tr<'a>,
    invitation: bool,
    sent_to: &'a [String],
    top: &'a str,
    message: &'a str,
    files: &'a [(String, String)],
    files_heading: &'a str,
}

#[derive(Template)]
#[template(path = "email/copy.html")]
struct CopyHtml<'a> {
    tr: Tr<'a>,
    invitation: bool,
    subject: &'a str,
    sent_to: &'a [String],
    /// The administrator's text, paragraph by paragraph.
    top: Vec<Vec<String>>,
    paragraphs: Vec<Vec<String>>,
    files: &'a [(String, String)],
    files_heading: &'a str,
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
    tr: Tr<'a>,
    subject: &'a str,
    paragraphs: &'a [String],
    link_label: &'a str,
    link: &'a str,
}

fn listed(tr: Tr<'_>, files: &[FileFact]) -> Vec<(String, String)> {
    files.iter().map(|f| (f.name.clone(), tr.size(f.size))).collect()
}

/// A short notice from the portal: paragraphs and one link into the portal.
fn notice(
    tr: Tr<'_>,
    subject: String,
    paragraphs: &[String],
    link_label: &str,
    link: &str,
) -> (String, String, String) {
    let text = render(&NoticeText {
        paragraphs,
        link_label,
        link,
    });
    let html = render(&NoticeHtml {
        tr,
        subject: &subject,
        paragraphs,
        link_label,
        link,
    });
    (subject, text, html)
}

/// "Invitation of 2026-11-26 09:00 UTC ("Subject")."
fn of(tr: Tr<'_>, id: &str, (at, subject): &(OffsetDateTime, String)) -> String {
    tr.t2(id, ("date", tr.time(*at)), ("subject", subject.as_str()))
}

/// Subject, text and HTML of an email, in a language.
#[allow(clippy::too_many_lines)]
fn parts(tr: Tr<'_>, email: &Email) -> (String, String, String) {
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
            let personal = tr.t1("email-link-personal-expiry", "expiry", tr.time(*expires_at));
            let username = tr.t1("email-username", "address", username.as_str());
            let files = listed(tr, files);
            let download_link = download.as_ref().map_or("", |d| d.link.as_str());
            let files_heading = download
                .as_ref()
                .map(|d| {
                    tr.t2(
                        "email-files-for-you",
                        ("count", files.len()),
                        ("expiry", tr.time(d.expires_at)),
                    )
                })
                .unwrap_or_default();
            let text = render(&InvitationText {
                tr,
                top,
                message,
                link,
                personal: &personal,
                username: &username,
                internal: *internal,
                files: &files,
                files_heading: &files_heading,
                download_link,
            });
            let html = render(&InvitationHtml {
                tr,
                subject,
                top: paragraphs(top),
                paragraphs: paragraphs(message),
                link,
                personal: &personal,
                username: &username,
                internal: *internal,
                files: &files,
                files_heading: &files_heading,
                download_link,
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
            let files = listed(tr, files);
            let files_heading = tr.t2(
                "email-files-list",
                ("count", files.len()),
                ("expiry", tr.time(download.expires_at)),
            );
            let sent = tr.t1("email-files-sent", "sender", format!("{sender_name} ({sender_email})"));
            let text = render(&FilesText {
                tr,
                sent: &sent,
                message,
                files: &files,
                files_heading: &files_heading,
                download_link: &download.link,
            });
            let html = render(&FilesHtml {
                tr,
                subject,
                sent: &sent,
                paragraphs: paragraphs(message),
                files: &files,
                files_heading: &files_heading,
                download_link: &download.link,
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
            let files = listed(tr, files);
            let files_heading = tr.t2(
                "email-files-list",
                ("count", files.len()),
                ("expiry", tr.time(*files_expire)),
            );
            let mut sent_to = vec![tr.t1("email-copy-to", "list", to.as_str())];
            for (id, list) in [("email-copy-cc", cc), ("email-copy-bcc", bcc)] {
                if !list.is_empty() {
                    sent_to.push(tr.t1(id, "list", list.as_str()));
                }
            }
            let subject = tr.t1("email-copy-subject", "subject", subject.as_str());
            let text = render(&CopyText {
                tr,
                invitation: *invitation,
                sent_to: &sent_to,
                top,
                message,
                files: &files,
                files_heading: &files_heading,
            });
            let html = render(&CopyHtml {
                tr,
                invitation: *invitation,
                subject: &subject,
                sent_to: &sent_to,
                top: paragraphs(top),
                paragraphs: paragraphs(message),
                files: &files,
                files_heading: &files_heading,
            });
            (subject, text, html)
        }
        Email::Accepted {
            top,
            recipient,
            sent,
            link,
        } => notice(
            tr,
            tr.t1("email-accepted-subject", "recipient", recipient.as_str()),
            &[top.clone(), of(tr, "email-invitation-of", sent)],
            &tr.t("email-invitations-link"),
            link,
        ),
        Email::Downloaded {
            recipient,
            file_name,
            sent,
            link,
        } => {
            let who = ("recipient", recipient.as_str());
            let file = ("file", file_name.as_str());
            notice(
                tr,
                tr.t2("email-downloaded-subject", who, file),
                &[tr.t2("email-downloaded-body", who, file), of(tr, "email-sent-on", sent)],
                &tr.t("email-messages-link"),
                link,
            )
        }
        Email::RenewalRequested {
            recipient,
            expired_at,
            sent,
            link,
        } => notice(
            tr,
            tr.t1("email-renewal-subject", "recipient", recipient.as_str()),
            &[
                tr.t2(
                    "email-renewal-body",
                    ("recipient", recipient.as_str()),
                    ("expired", tr.time(*expired_at)),
                ),
                of(tr, "email-invitation-of", sent),
                tr.t("email-renewal-how"),
            ],
            &tr.t("email-renewal-link"),
            link,
        ),
        Email::Bounced {
            top,
            recipient,
            sent,
            link,
        } => notice(
            tr,
            tr.t1("email-bounced-subject", "recipient", recipient.as_str()),
            &[
                top.clone(),
                of(tr, "email-invitation-of", sent),
                tr.t("email-bounced-how"),
            ],
            &tr.t("email-invitations-link"),
            link,
        ),
        Email::Welcome {
            top,
            portal_name,
            pending,
            link,
        } => notice(
            tr,
            tr.t1("email-welcome-subject", "portal", portal_name.as_str()),
            &[
                top.clone(),
                tr.t(if *pending {
                    "email-welcome-pending"
                } else {
                    "email-welcome-active"
                }),
            ],
            &tr.t("email-sign-in-link"),
            link,
        ),
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
                "email-reminder-internal-how"
            } else {
                "email-reminder-external-how"
            };
            notice(
                tr,
                tr.t1("email-reminder-subject", "subject", subject.as_str()),
                &[
                    tr.args(
                        "email-reminder-waiting",
                        &[
                            ("inviter", inviter.as_str().into()),
                            ("sent", tr.time(*sent_at).into()),
                            ("portal", portal_name.as_str().into()),
                        ],
                    ),
                    tr.t1(how, "username", username.as_str()),
                    tr.t2(
                        "email-reminder-validity",
                        ("expiry", tr.time(*expires_at)),
                        ("last", if *number >= 2 { "yes" } else { "no" }.to_owned()),
                    ),
                    tr.t("email-reminder-ignore"),
                ],
                &tr.t("email-reminder-link"),
                link,
            )
        }
        Email::Pending {
            user_name,
            user_email,
            portal_name,
            link,
        } => notice(
            tr,
            tr.t1("email-pending-subject", "email", user_email.as_str()),
            &[tr.args(
                "email-pending-body",
                &[
                    ("name", user_name.as_str().into()),
                    ("email", user_email.as_str().into()),
                    ("portal", portal_name.as_str().into()),
                ],
            )],
            &tr.t("email-review-link"),
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
                lines.push(tr.t2(
                    "email-sponsor-left-unsponsored",
                    ("count", *unsponsored),
                    ("portal", portal_name.as_str()),
                ));
            }
            if *disabled > 0 {
                lines.push(tr.t1("email-sponsor-left-disabled", "count", *disabled));
            }
            notice(
                tr,
                tr.t1("email-sponsor-left-subject", "portal", portal_name.as_str()),
                &lines,
                &tr.t("email-review-them-link"),
                link,
            )
        }
        Email::InactivityWarning {
            user_name,
            portal_name,
            disable_on,
            link,
        } => {
            let portal = ("portal", portal_name.as_str());
            let date = ("date", tr.time(*disable_on));
            notice(
                tr,
                tr.t2("email-inactivity-subject", portal, date.clone()),
                &[
                    tr.t1("email-hello", "name", user_name.as_str()),
                    tr.t2("email-inactivity-body", portal, date),
                    tr.t("email-inactivity-ignore"),
                ],
                &tr.t("email-sign-in-link"),
                link,
            )
        }
        Email::Rejected {
            user_name,
            portal_name,
            link,
        } => notice(
            tr,
            tr.t1("email-rejected-subject", "portal", portal_name.as_str()),
            &[
                tr.t1("email-hello", "name", user_name.as_str()),
                tr.t("email-rejected-body"),
            ],
            &tr.t("email-portal-link"),
            link,
        ),
    }
}

/// The portal's words in its languages, shared by every mailer of the process.
pub fn catalog() -> &'static Catalog {
    postern_i18n::catalog(false)
}

/// The pseudo-locale's words (tests and translators).
pub fn pseudo_catalog() -> &'static Catalog {
    postern_i18n::catalog(true)
}

/// The message as it will be sent, in its language.
pub fn compose(message: &OutgoingMessage) -> Composed {
    compose_with(catalog(), message)
}

/// The message as it will be sent, in its language, with the words of `catalog`.
pub fn compose_with(catalog: &Catalog, message: &OutgoingMessage) -> Composed {
    let (subject, text, html) = parts(catalog.tr(message.language), &message.email);
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
        language: message.language.code(),
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
            language: postern_domain::Language::En,
        }
    }

    fn ctx(from: &EmailAddress) -> MailContext<'_> {
        MailContext {
            portal_name: "Postern",
            from_address: from,
            base_url: "https://p.example",
            now: datetime!(2026-11-26 10:00 UTC),
            outside_sender: false,
            language: postern_domain::Language::En,
            texts: catalog(),
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
        let from = EmailAddress::parse("postern@example.com").unwrap();
        for language in postern_domain::Language::ALL {
            let c = MailContext { language, ..ctx(&from) };
            for (name, email) in every_email(&c) {
                let name = match language {
                    postern_domain::Language::En => name.to_owned(),
                    other => format!("{}_{name}", other.code()),
                };
                insta::assert_snapshot!(name, shown(&compose(&email)));
            }
        }
    }

    /// Every email in the pseudo-locale: no visible word that the language files did not
    /// write, apart from the facts (names, addresses, subject, message, links, file names).
    #[test]
    fn every_email_comes_from_the_language_files() {
        let from = EmailAddress::parse("postern@example.com").unwrap();
        let c = MailContext {
            texts: pseudo_catalog(),
            ..ctx(&from)
        };
        let facts = [
            "Ann & Co",
            "ann@example.com",
            "to@example.com",
            "cc@example.com",
            "bcc@example.com",
            "guest@example.org",
            "Guest & Person",
            "admin@example.com",
            "Files <for> you",
            "Hello <b>friend</b> & co.",
            "Second line",
            "New paragraph",
            "report – Q3.pdf",
            "Postern",
            "550 5.1.1 <to@example.com>: no such user",
        ];
        let mut emails = 0;
        for (name, email) in every_email(&c) {
            let m = compose_with(pseudo_catalog(), &email);
            for (part, text) in [
                ("subject", m.subject.clone()),
                ("text", m.text.clone()),
                ("html", m.html.clone()),
            ] {
                let words = postern_i18n::plain_words(&text, part == "html", &facts);
                assert!(
                    words.is_empty(),
                    "{name} ({part}) has words not from the files: {words:?}\n{text}"
                );
            }
            emails += 1;
        }
        assert_eq!(emails, 13, "every kind of email is checked");
    }

    fn every_email(c: &MailContext<'_>) -> Vec<(&'static str, postern_domain::message::OutgoingMessage)> {
        use postern_domain::template::TemplateKind;
        let c = c.clone();
        let inv = with_files(invitation());
        let files = Download {
            link: "https://p.example/download/pstd_DOWNLOAD".to_owned(),
            expires_at: datetime!(2026-12-10 10:00 UTC),
        };
        let t = |kind| InvitationTemplate::parse_for(kind, &c.texts.builtin_template(kind, c.language)).unwrap();
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
        emails.into_iter().collect()
    }
}
