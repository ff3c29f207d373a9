//! Sending invitations.

use thiserror::Error;

use crate::EmailAddress;

use super::Ports;
use crate::files::{Attachment, FileError, FilePolicy};
use crate::ids::{InvitationId, MessageId, RecipientId};
use crate::invitation::MessageKind;
use crate::invitation::{Invitation, InvitationRecipient, OutboxKind, OutboxMessage, RecipientKind, RecipientState};
use crate::policy::{DeliveryOptionError, RecipientPolicyError, RequestedOptions};
use crate::ports::{DirectoryError, StoreError};
use crate::recipients::{Addressees, AddresseesError, RecipientField, Role};
use crate::template::{InvitationTemplate, TemplateKind};
use crate::text::{MessageBody, MessageBodyError, Subject, SubjectError};
use crate::user::{User, UserKind, UserStatus};

/// Longest idempotency key.
pub const MAX_IDEMPOTENCY_KEY: usize = 100;

/// The form as typed.
///
/// ```
/// use postern_domain::{InvitationForm, InvitationRequest, RequestedOptions};
///
/// // The fields as typed in the form, or sent to the API.
/// let form = InvitationForm {
///     to: r#""Doe, John" <jd@example.org>"#,
///     cc: "ann@example.org",
///     subject: "Your drop-off account",
///     message: "Please upload the statements.",
///     options: RequestedOptions { link_lifetime_days: Some(7), ..Default::default() },
///     ..Default::default()
/// };
/// let request = InvitationRequest::parse(&form).unwrap();
/// assert_eq!(request.addressees.len(), 2);
/// assert_eq!(request.subject.as_str(), "Your drop-off account");
/// ```
#[derive(Debug, Clone, Default)]
pub struct InvitationForm<'a> {
    /// To field.
    pub to: &'a str,
    /// CC field.
    pub cc: &'a str,
    /// BCC field.
    pub bcc: &'a str,
    /// Subject.
    pub subject: &'a str,
    /// Message.
    pub message: &'a str,
    /// Delivery options asked for.
    pub options: RequestedOptions,
    /// Idempotency key (a hidden form field, or the API's).
    pub idempotency_key: Option<&'a str>,
}

/// One problem with the form, tied to its field.
///
/// ```
/// use postern_domain::{InvitationForm, InvitationInputError, InvitationRequest, SubjectError};
///
/// let form = InvitationForm { to: "ann@example.org", subject: "", message: "Hello", ..Default::default() };
/// let problems = InvitationRequest::parse(&form).unwrap_err();
/// assert_eq!(problems, [InvitationInputError::Subject(SubjectError::Empty)]);
/// assert_eq!((problems[0].field(), problems[0].code()), ("subject", "invalid_subject"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InvitationInputError {
    /// To, CC or BCC.
    #[error(transparent)]
    Recipients(AddresseesError),
    /// Subject.
    #[error("subject: {0}")]
    Subject(SubjectError),
    /// Message.
    #[error("message: {0}")]
    Message(MessageBodyError),
    /// A delivery option.
    #[error(transparent)]
    Option(DeliveryOptionError),
    /// The recipient policy refuses an address (in the list that holds it) or the number of
    /// recipients (under To).
    #[error("{error}")]
    RecipientPolicy {
        /// What the policy says.
        error: RecipientPolicyError,
        /// The list that holds the address.
        field: RecipientField,
    },
    /// A file breaks the administrator's file policy.
    #[error(transparent)]
    File(FileError),
    /// Sending files without a file.
    #[error("choose at least one file")]
    NoFiles,
    /// A Drop-Off account may send files only to the organisation's staff. One refusal for
    /// the whole list: saying which address is not staff would let anyone list the staff.
    #[error("files from a Drop-Off account can go only to staff of the organisation: check the addresses")]
    NotStaff,
    /// The idempotency key is empty, too long or not printable ASCII.
    #[error("idempotency_key: 1 to 100 printable ASCII characters, no spaces (90 for a list of invitees)")]
    IdempotencyKey,
    /// Link-only asked for a list of invitees (lists are emailed).
    #[error("a list of invitees is emailed: link-only is for invitations sent from the form")]
    LinkOnlyList,
    /// The sender's own address among the people invited.
    #[error("{address} is your own address: you cannot invite yourself")]
    OwnAddress {
        /// The address as typed.
        address: String,
        /// The list that holds it.
        field: RecipientField,
    },
    /// The address reaches a group (the directory says so, or the administrator's patterns):
    /// everyone on it would share one link, and the first to use it would create the account.
    /// The sender may send anyway ([`InvitationRequest::include_group_addresses`]).
    #[error(
        "{0} looks like a group or distribution list: everyone on it would share one link, and the first to open it would create the account"
    )]
    GroupAddress(String),
    /// A link-only invitation carries no files (they would go out by email).
    #[error("a link-only invitation carries no files: send it by email, or send the files once the account exists")]
    LinkOnlyFiles,
    /// Someone invited already has an account (they would only be told so by the link);
    /// the sender may remove them or send anyway
    /// ([`InvitationRequest::include_existing_accounts`]).
    #[error("{0} already has an account on this portal")]
    HasAccount(String),
}

impl InvitationInputError {
    /// The form/API field the problem belongs to.
    pub fn field(&self) -> &'static str {
        match self {
            InvitationInputError::Recipients(AddresseesError::InvalidList { field, .. }) => field.name(),
            InvitationInputError::Recipients(AddresseesError::NoToRecipient) => "to",
            InvitationInputError::Subject(_) => "subject",
            InvitationInputError::Message(_) => "message",
            InvitationInputError::Option(e) => e.option().field(),
            InvitationInputError::RecipientPolicy { field, .. } | InvitationInputError::OwnAddress { field, .. } => {
                field.name()
            }
            InvitationInputError::IdempotencyKey => "idempotency_key",
            InvitationInputError::File(_) | InvitationInputError::NoFiles | InvitationInputError::LinkOnlyFiles => {
                "attachments"
            }
            InvitationInputError::NotStaff => "to",
            InvitationInputError::HasAccount(_) => "existing_accounts",
            InvitationInputError::LinkOnlyList => "link_only",
            InvitationInputError::GroupAddress(_) => "group_addresses",
        }
    }

    /// The stable code the API answers this problem with (`invalid_recipients`,
    /// `invalid_subject`, …; the list is in `docs/api.md`), derived from its field.
    ///
    /// ```
    /// use postern_domain::usecases::{InvitationForm, InvitationRequest};
    ///
    /// let form = InvitationForm { to: "", subject: "Hello", message: "Join us", ..Default::default() };
    /// let problems = InvitationRequest::parse(&form).unwrap_err();
    /// assert_eq!(problems[0].code(), "invalid_recipients");
    /// assert_eq!(problems[0].field(), "to");
    /// ```
    pub fn code(&self) -> &'static str {
        match self.field() {
            "to" | "cc" | "bcc" => "invalid_recipients",
            "subject" => "invalid_subject",
            "message" => "invalid_message",
            "idempotency_key" => "invalid_idempotency_key",
            "existing_accounts" => "existing_accounts",
            "group_addresses" => "group_address",
            // Not produced by the API, which sends no files.
            "attachments" => "invalid_attachments",
            _ => "invalid_option",
        }
    }
}

/// A form that passed validation.
#[derive(Debug, Clone)]
pub struct InvitationRequest {
    /// To/CC/BCC, merged.
    pub addressees: Addressees,
    /// Subject.
    pub subject: Subject,
    /// Message.
    pub message: MessageBody,
    /// Options asked for (the policy is applied when sending).
    pub options: RequestedOptions,
    /// Idempotency key.
    pub idempotency_key: Option<String>,
    /// Files already in the attachment store (the front end streams them there first).
    pub attachments: Vec<Attachment>,
    /// An invitation, or files only.
    pub kind: MessageKind,
    /// Invite people who already have an account all the same (the form's "send anyway").
    pub include_existing_accounts: bool,
    /// Address each recipient's message to them alone, send no copy (a bulk invitation).
    pub individually: bool,
    /// Invite addresses that look like groups all the same (the form's "send anyway").
    pub include_group_addresses: bool,
    /// The language its emails are written in (`None`: the administrator's default).
    pub language: Option<crate::language::Language>,
}

impl InvitationRequest {
    /// Validates every field; all problems are returned together.
    ///
    /// # Errors
    /// The problems, in form order.
    pub fn parse(form: &InvitationForm<'_>) -> Result<Self, Vec<InvitationInputError>> {
        let mut errors = Vec::new();
        let addressees = Addressees::parse(form.to, form.cc, form.bcc)
            .map_err(|e| errors.extend(e.into_iter().map(InvitationInputError::Recipients)))
            .ok();
        let subject = Subject::parse(form.subject)
            .map_err(|e| errors.push(InvitationInputError::Subject(e)))
            .ok();
        let message = MessageBody::parse(form.message)
            .map_err(|e| errors.push(InvitationInputError::Message(e)))
            .ok();
        let key = form.idempotency_key.map(str::trim).filter(|k| !k.is_empty());
        if let Some(k) = key
            && (k.len() > MAX_IDEMPOTENCY_KEY || !k.chars().all(|c| c.is_ascii_graphic()))
        {
            errors.push(InvitationInputError::IdempotencyKey);
        }
        match (addressees, subject, message) {
            (Some(addressees), Some(subject), Some(message)) if errors.is_empty() => Ok(Self {
                addressees,
                subject,
                message,
                options: form.options,
                idempotency_key: key.map(str::to_owned),
                attachments: Vec::new(),
                kind: MessageKind::Invitation,
                include_existing_accounts: false,
                individually: false,
                include_group_addresses: false,
                language: None,
            }),
            _ => Err(errors),
        }
    }

    /// What the administrator's rules alone refuse in this request, with no storage and no
    /// directory: domains and the number of recipients, the sender's own address, addresses
    /// that match a group pattern, the delivery options, and the files. Sending refuses these
    /// and, besides, people who have an account already, addresses the directory knows as
    /// groups or does not know, and the sender's quota.
    ///
    /// `sender`: the sender's address, when known (an invitation never goes to its sender).
    ///
    /// ```
    /// use postern_domain::policy::PortalSettings;
    /// use postern_domain::usecases::{InvitationForm, InvitationRequest};
    /// use postern_domain::EmailAddress;
    ///
    /// let mut settings = PortalSettings::default();
    /// settings.recipients.denied_domains = vec!["example.net".into()];
    /// let form = InvitationForm {
    ///     to: "ann@example.org; bob@example.net; all@example.org",
    ///     subject: "Files for the audit",
    ///     message: "Please upload the statements.",
    ///     ..Default::default()
    /// };
    /// let request = InvitationRequest::parse(&form).unwrap();
    /// let sender = EmailAddress::parse("ann@example.org").unwrap();
    /// let codes: Vec<&str> = request.refusals(&settings, Some(&sender)).iter().map(|e| e.code()).collect();
    /// // example.net is refused, ann is the sender, all@ reaches a group.
    /// assert_eq!(codes, ["invalid_recipients", "invalid_recipients", "group_address"]);
    /// ```
    pub fn refusals(
        &self,
        settings: &crate::policy::PortalSettings,
        sender: Option<&EmailAddress>,
    ) -> Vec<InvitationInputError> {
        self.judge(settings, sender).1
    }

    /// [`InvitationRequest::refusals`], and the options in force when the rules allow them.
    fn judge(
        &self,
        settings: &crate::policy::PortalSettings,
        sender: Option<&EmailAddress>,
    ) -> (Option<crate::policy::DeliveryOptions>, Vec<InvitationInputError>) {
        let mut errors = Vec::new();
        if let Err(refused) = settings.recipients.check(&self.addressees) {
            // Each refusal under the list that holds its address (the count under To); a
            // refusal names the address as typed, which is unique among the addressees.
            let lists: std::collections::HashMap<&str, Role> = self
                .addressees
                .iter()
                .map(|(role, r)| (r.address().as_str(), role))
                .collect();
            errors.extend(refused.into_iter().map(|error| {
                let field = error
                    .address()
                    .and_then(|a| lists.get(a).copied())
                    .map_or(RecipientField::To, RecipientField::from);
                InvitationInputError::RecipientPolicy { error, field }
            }));
        }
        errors.extend(
            check_attachments(&settings.files, &self.attachments)
                .into_iter()
                .map(InvitationInputError::File),
        );
        if self.kind == MessageKind::Invitation {
            // An invitation makes an account: never for its sender.
            for (role, r) in self.addressees.iter() {
                if sender.is_some_and(|s| s == r.address()) {
                    errors.push(InvitationInputError::OwnAddress {
                        address: r.address().as_str().to_owned(),
                        field: role.into(),
                    });
                }
            }
            if !self.include_group_addresses {
                for (_, r) in self.addressees.iter() {
                    if settings.recipients.looks_like_group(r.address()) {
                        errors.push(InvitationInputError::GroupAddress(r.address().as_str().to_owned()));
                    }
                }
            }
        }
        let options = settings
            .delivery
            .resolve(&self.options)
            .map_err(|e| errors.extend(e.into_iter().map(InvitationInputError::Option)))
            .ok();
        if options.is_some_and(|o| o.link_only) && self.kind == MessageKind::Invitation && !self.attachments.is_empty()
        {
            errors.push(InvitationInputError::LinkOnlyFiles);
        }
        (options, errors)
    }
}

/// Why nothing was sent.
///
/// ```
/// use postern_domain::{InvitationForm, InvitationRequest, SendError, SendInvitations};
/// use postern_testkit::MemoryPorts;
/// # futures::executor::block_on(async {
/// let mem = MemoryPorts::new();
/// # let sender = postern_domain::usecases::Accounts::new(&mem.ports)
/// #     .create_user(None, postern_domain::usecases::NewUser {
/// #         email: postern_domain::EmailAddress::parse("staff@example.com").unwrap(),
/// #         display_name: postern_domain::DisplayName::parse("Sam Staff").unwrap(),
/// #         kind: postern_domain::user::UserKind::Internal,
/// #         password: postern_domain::password::Password::new("correct-horse-battery-9"),
/// #     })
/// #     .await
/// #     .unwrap();
/// let form = InvitationForm { to: "ann@example.org", subject: "Hello", message: "Join us", ..Default::default() };
/// // A new portal lets nobody invite until the administrator says who may.
/// let refused = SendInvitations::new(&mem.ports)
///     .execute(&sender, InvitationRequest::parse(&form).unwrap())
///     .await
///     .unwrap_err();
/// assert!(matches!(refused, SendError::NotPermitted));
/// # });
/// ```
#[derive(Debug, Error)]
pub enum SendError {
    /// The sender may not send invitations.
    #[error("you are not allowed to send invitations")]
    NotPermitted,
    /// Bad input: nothing was written.
    #[error("the invitation has errors")]
    Invalid(Vec<InvitationInputError>),
    /// The sender's quota does not allow it: nothing was written.
    #[error(transparent)]
    QuotaExceeded(crate::policy::QuotaExceeded),
    /// The directory could not be asked who is internal.
    #[error(transparent)]
    Directory(DirectoryError),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The result of a send.
///
/// ```
/// use postern_domain::{
///     DisplayName, EmailAddress, InvitationForm, InvitationRequest, RequestedOptions, SendInvitations, SentInvitation,
/// };
/// use postern_domain::password::Password;
/// use postern_domain::ports::{OutboxRepository, SettingsRepository};
/// use postern_domain::usecases::{Accounts, NewUser};
/// use postern_domain::user::UserKind;
/// use postern_testkit::MemoryPorts;
/// # futures::executor::block_on(async {
/// let mem = MemoryPorts::new();
/// let mut settings = std::sync::Arc::unwrap_or_clone(mem.store.load_settings().await.unwrap());
/// settings.invitations.internal_users_may_invite = true;
/// mem.store.save_settings(&settings).await.unwrap();
/// let sender = Accounts::new(&mem.ports)
///     .create_user(None, NewUser {
///         email: EmailAddress::parse("staff@example.com").unwrap(),
///         display_name: DisplayName::parse("Sam Staff").unwrap(),
///         kind: UserKind::Internal,
///         password: Password::new("correct-horse-battery-9"),
///     })
///     .await
///     .unwrap();
/// # let mut settings = std::sync::Arc::unwrap_or_clone(mem.store.load_settings().await.unwrap());
/// # settings.delivery.link_only.offered = true;
/// # mem.store.save_settings(&settings).await.unwrap();
///
/// // With link-only offered by the administrator, no email goes out: the links are shown once.
/// let form = InvitationForm {
///     to: "ann@example.org",
///     subject: "Your drop-off account",
///     message: "Here is your link.",
///     options: RequestedOptions { link_only: Some(true), ..Default::default() },
///     ..Default::default()
/// };
/// let sent: SentInvitation = SendInvitations::new(&mem.ports)
///     .execute(&sender, InvitationRequest::parse(&form).unwrap())
///     .await
///     .unwrap();
/// assert!(!sent.replayed);
/// assert_eq!(sent.links.len(), 1);
/// assert!(sent.links[0].token.expose().starts_with("pstn_"));
/// assert_eq!(mem.store.pending_count().await.unwrap(), 0, "no message to send");
/// # });
/// ```
#[derive(Debug)]
pub struct SentInvitation {
    /// The invitation with its queued recipients.
    pub invitation: Invitation,
    /// True when the idempotency key matched an earlier send: nothing new was written.
    pub replayed: bool,
    /// A link-only invitation's links, one per recipient in the invitation's order: shown to
    /// the sender this once (only their digests are stored). Empty otherwise, and on a replay.
    pub links: Vec<ShownLink>,
}

/// A recipient's activation link, shown to the sender of a link-only invitation.
#[derive(Debug)]
pub struct ShownLink {
    /// The recipient.
    pub recipient_id: RecipientId,
    /// Their address.
    pub address: EmailAddress,
    /// The link's secret (`Debug` never prints it).
    pub token: crate::token::ActivationToken,
    /// When the link stops working.
    pub expires_at: time::OffsetDateTime,
}

/// Mints a link shown to its sender for `recipient_id`, live until `expires_at`: the token and
/// what is stored of it.
pub(crate) fn shown_link(
    random: &dyn crate::ports::TokenSource,
    recipient_id: RecipientId,
    now: time::OffsetDateTime,
    expires_at: time::OffsetDateTime,
) -> (crate::token::ActivationToken, crate::invitation::IssuedToken) {
    let token = crate::token::ActivationToken::generate(random);
    let issued = crate::invitation::IssuedToken {
        digest: token.digest(),
        recipient_id,
        issued_at: now,
        expires_at,
        state: crate::invitation::TokenState::Live,
    };
    (token, issued)
}

/// What a link-only recipient's delivery note says.
pub const LINK_SHOWN_NOTE: &str = "no email: the link was shown to the sender";

/// Sends invitations: permission → policy → directory lookup → one transaction writing the
/// invitation and one outbox message per recipient.
///
/// ```
/// use postern_domain::{DisplayName, EmailAddress, InvitationForm, InvitationRequest, SendInvitations};
/// use postern_domain::password::Password;
/// use postern_domain::ports::{OutboxRepository, SettingsRepository};
/// use postern_domain::usecases::{Accounts, NewUser};
/// use postern_domain::user::UserKind;
/// use postern_testkit::MemoryPorts;
/// # futures::executor::block_on(async {
/// let mem = MemoryPorts::new();
/// let mut settings = std::sync::Arc::unwrap_or_clone(mem.store.load_settings().await.unwrap());
/// settings.invitations.internal_users_may_invite = true;
/// mem.store.save_settings(&settings).await.unwrap();
/// let sender = Accounts::new(&mem.ports)
///     .create_user(None, NewUser {
///         email: EmailAddress::parse("staff@example.com").unwrap(),
///         display_name: DisplayName::parse("Sam Staff").unwrap(),
///         kind: UserKind::Internal,
///         password: Password::new("correct-horse-battery-9"),
///     })
///     .await
///     .unwrap();
///
/// let form = InvitationForm {
///     to: "ann@example.org; Bob <bob@example.org>",
///     subject: "Your drop-off account",
///     message: "Please create your account to send us the statements.",
///     ..Default::default()
/// };
/// let send = SendInvitations::new(&mem.ports);
/// let sent = send.execute(&sender, InvitationRequest::parse(&form).unwrap()).await.unwrap();
/// assert_eq!(sent.invitation.recipients.len(), 2);
/// // Nothing is mailed yet: one message per recipient waits in the outbox for the worker.
/// assert_eq!(mem.store.pending_count().await.unwrap(), 2);
/// # });
/// ```
pub struct SendInvitations {
    clock: std::sync::Arc<dyn crate::ports::Clock>,
    random: std::sync::Arc<dyn crate::ports::TokenSource>,
    directory: std::sync::Arc<dyn crate::ports::Directory>,
    users: std::sync::Arc<dyn crate::ports::UserRepository>,
    invitations: std::sync::Arc<dyn crate::ports::InvitationRepository>,
    settings: std::sync::Arc<dyn crate::ports::SettingsRepository>,
    templates: std::sync::Arc<dyn crate::ports::TemplateStore>,
    texts: std::sync::Arc<dyn crate::language::Texts>,
    audit: super::Audit,
}

impl SendInvitations {
    /// What an invitation does with `address`: someone of the organisation (the directory
    /// knows them: internal), or an outside person, and the refusal the settings make (a
    /// disabled directory account; an own-domain address the directory does not know, unless
    /// the administrator allows it).
    ///
    /// # Errors
    /// [`SendError::Directory`] when the directory cannot be asked.
    pub async fn classify(
        &self,
        settings: &crate::policy::PortalSettings,
        address: &crate::EmailAddress,
    ) -> Result<(RecipientKind, Option<RecipientPolicyError>), SendError> {
        if !self.directory.is_configured() {
            return Ok((RecipientKind::External, None));
        }
        Ok(
            match self
                .directory
                .find_person(address)
                .await
                .map_err(SendError::Directory)?
            {
                Some(person) if person.disabled => (
                    RecipientKind::Internal,
                    Some(RecipientPolicyError::DirectoryAccountDisabled {
                        address: address.as_str().to_owned(),
                    }),
                ),
                Some(_) => (RecipientKind::Internal, None),
                None if settings.recipients.is_own_domain(address)
                    && !settings.recipients.allow_unknown_own_addresses =>
                {
                    (
                        RecipientKind::External,
                        Some(RecipientPolicyError::UnknownToDirectory {
                            address: address.as_str().to_owned(),
                        }),
                    )
                }
                None => (RecipientKind::External, None),
            },
        )
    }

    /// The use case over the ports it needs, taken from the portal's.
    pub fn new(p: &Ports) -> Self {
        Self {
            clock: p.clock.clone(),
            random: p.random.clone(),
            directory: p.directory.clone(),
            users: p.users.clone(),
            invitations: p.invitations.clone(),
            settings: p.settings.clone(),
            templates: p.templates.clone(),
            texts: p.texts.clone(),
            audit: super::Audit::of(p),
        }
    }

    /// The subject proposed to `inviter` for an invitation in `language` (`None`: the
    /// administrator's default): the administrator's subject template in force for it, or the
    /// built-in one if it does not make a valid subject.
    pub async fn default_subject(&self, inviter: &User, language: Option<crate::language::Language>) -> String {
        let settings = self.settings.load_settings().await.unwrap_or_default();
        let language = language.unwrap_or(settings.default_language);
        let template = super::template_in_force(
            self.templates.as_ref(),
            self.texts.as_ref(),
            TemplateKind::Subject,
            language,
            settings.default_language,
        )
        .await
        .map_or_else(
            |_| InvitationTemplate::builtin_for(TemplateKind::Subject),
            |f| f.template,
        );
        let text = template.render_values(&[
            ("inviter_name", inviter.display_name.as_str()),
            ("portal_name", &settings.portal_name),
        ]);
        match Subject::parse(&text) {
            Ok(subject) => subject.as_str().to_owned(),
            Err(_) => crate::text::DEFAULT_SUBJECT.to_owned(),
        }
    }

    /// The message proposed for an invitation in `language` (`None`: the administrator's
    /// default).
    pub async fn default_message(&self, language: Option<crate::language::Language>) -> String {
        let language = match language {
            Some(l) => l,
            None => self.settings.load_settings().await.unwrap_or_default().default_language,
        };
        self.texts.phrase(crate::language::Phrase::DefaultMessage, language)
    }

    /// The portal proposes its subject and message in the administrator's default language
    /// (the form opens with them; the API and a list use them when none is given). An
    /// invitation in another language whose sender left them as proposed gets them in its own
    /// language, so that one email does not speak two languages.
    async fn proposals_in_its_language(
        &self,
        sender: &User,
        default: crate::language::Language,
        request: &mut InvitationRequest,
    ) {
        let Some(language) = request.language.filter(|l| *l != default) else {
            return;
        };
        if request.subject.as_str() == self.default_subject(sender, Some(default)).await
            && let Ok(subject) = Subject::parse(&self.default_subject(sender, Some(language)).await)
        {
            request.subject = subject;
        }
        if request.message.as_str() == self.default_message(Some(default)).await
            && let Ok(message) = MessageBody::parse(&self.default_message(Some(language)).await)
        {
            request.message = message;
        }
    }

    /// Which of `addresses` reach a group: the administrator's patterns, or the directory
    /// (asked only about addresses the patterns do not settle).
    ///
    /// # Errors
    /// [`SendError::Directory`] when the directory cannot be asked.
    pub async fn group_addresses(
        &self,
        settings: &crate::policy::PortalSettings,
        addresses: &[EmailAddress],
    ) -> Result<Vec<String>, SendError> {
        let mut found = Vec::new();
        for address in addresses {
            let group = settings.recipients.looks_like_group(address)
                || (self.directory.is_configured()
                    && self.directory.is_group(address).await.map_err(SendError::Directory)?);
            if group {
                found.push(address.as_str().to_owned());
            }
        }
        Ok(found)
    }

    /// The addresses named in `form` (the readable entries, even when others are not) that
    /// look like groups by the administrator's patterns: what the form warns about as soon as
    /// it comes back (the directory is asked when it is sent).
    ///
    /// # Errors
    /// Storage.
    pub async fn group_warnings(&self, form: &InvitationForm<'_>) -> Result<Vec<String>, StoreError> {
        let settings = self.settings.load_settings().await?;
        let mut seen = std::collections::HashSet::new();
        Ok([form.to, form.cc, form.bcc]
            .into_iter()
            .flat_map(crate::recipients::RecipientList::readable)
            .filter(|r| settings.recipients.looks_like_group(r.address()) && seen.insert(r.address().clone()))
            .map(|r| r.address().as_str().to_owned())
            .collect())
    }

    /// The addresses named in `form` (the readable entries, even when others are not) that
    /// already have an account, other than the sender's own: what an invitation form warns
    /// about as soon as it comes back.
    ///
    /// # Errors
    /// Storage.
    pub async fn account_holders(&self, sender: &User, form: &InvitationForm<'_>) -> Result<Vec<String>, StoreError> {
        let readable: Vec<EmailAddress> = [form.to, form.cc, form.bcc]
            .into_iter()
            .flat_map(crate::recipients::RecipientList::readable)
            .map(|r| r.address().clone())
            .collect();
        let holders: std::collections::HashSet<EmailAddress> = self
            .users
            .find_users_by_emails(&readable)
            .await?
            .into_iter()
            .map(|u| u.email)
            .collect();
        let mut seen = std::collections::HashSet::new();
        Ok(readable
            .iter()
            .filter(|a| *a != &sender.email && holders.contains(*a) && seen.insert(*a))
            .map(|a| a.as_str().to_owned())
            .collect())
    }

    /// What sending `form` would also refuse, judged on what can be read of it even though
    /// other fields have mistakes: the sender's own address among the readable entries, and
    /// delivery options the administrator's rules do not allow. A form with mistakes shows
    /// these at once, not after the next try.
    ///
    /// # Errors
    /// Storage.
    pub async fn form_problems(
        &self,
        sender: &User,
        form: &InvitationForm<'_>,
    ) -> Result<Vec<InvitationInputError>, StoreError> {
        let mut out = Vec::new();
        for (text, field) in [
            (form.to, RecipientField::To),
            (form.cc, RecipientField::Cc),
            (form.bcc, RecipientField::Bcc),
        ] {
            for r in crate::recipients::RecipientList::readable(text) {
                if r.address() == &sender.email {
                    out.push(InvitationInputError::OwnAddress {
                        address: r.address().as_str().to_owned(),
                        field,
                    });
                }
            }
        }
        let settings = self.settings.load_settings().await?;
        if let Err(e) = settings.delivery.resolve(&form.options) {
            out.extend(e.into_iter().map(InvitationInputError::Option));
        }
        Ok(out)
    }

    /// Sends `request` on behalf of `sender`.
    ///
    /// # Errors
    /// [`SendError`]; on any error nothing is written.
    pub async fn execute(&self, sender: &User, mut request: InvitationRequest) -> Result<SentInvitation, SendError> {
        let p = self;
        let settings = p.settings.load_settings().await?;
        if request.kind == MessageKind::Invitation {
            p.proposals_in_its_language(sender, settings.default_language, &mut request)
                .await;
        }
        let permitted = match request.kind {
            MessageKind::Invitation => settings.invitations.may_invite(sender),
            // Send Files (staff) and sending files back (Drop-Off accounts).
            MessageKind::Files => {
                sender.status == UserStatus::Active && matches!(sender.kind, UserKind::Internal | UserKind::External)
            }
        };
        if !permitted {
            p.audit
                .record(
                    Some(sender.email.as_str()),
                    "invitation.refused",
                    sender.email.as_str(),
                    "not permitted",
                )
                .await;
            return Err(SendError::NotPermitted);
        }
        if let Some(key) = &request.idempotency_key
            && let Some(existing) = p.invitations.find_by_idempotency_key(sender.id, key).await?
        {
            {
                return Ok(SentInvitation {
                    invitation: existing,
                    replayed: true,
                    links: Vec::new(),
                });
            }
        }
        // What the rules alone refuse (the same check a tool runs without a portal), then
        // what only the accounts and the directory know.
        let (options, mut errors) = request.judge(&settings, Some(&sender.email));
        if errors.iter().any(|e| {
            matches!(
                e,
                InvitationInputError::RecipientPolicy {
                    error: RecipientPolicyError::TooMany { .. },
                    ..
                }
            )
        }) {
            // More people than one invitation may have: the accounts and the directory are
            // not asked about each of them (a list of thousands would cost thousands of
            // questions to say what the count already says).
            return Err(SendError::Invalid(errors));
        }
        // Who among the addressees has an account: one question for the whole list.
        let addresses: Vec<EmailAddress> = request.addressees.iter().map(|(_, r)| r.address().clone()).collect();
        let holders = p.users.find_users_by_emails(&addresses).await?;
        let holder = |address: &EmailAddress| holders.iter().find(|u| &u.email == address);
        if request.kind == MessageKind::Invitation && !request.include_existing_accounts {
            // An invitation makes an account: unless the sender says to go on, not for someone
            // who has one already.
            for (_, r) in request.addressees.iter() {
                if r.address() != &sender.email && holder(r.address()).is_some() {
                    errors.push(InvitationInputError::HasAccount(r.address().as_str().to_owned()));
                }
            }
        }
        if request.kind == MessageKind::Invitation && !request.include_group_addresses && self.directory.is_configured()
        {
            // The patterns were asked above; the directory is asked about the rest.
            for address in addresses.iter().filter(|a| !settings.recipients.looks_like_group(a)) {
                if self.directory.is_group(address).await.map_err(SendError::Directory)? {
                    errors.push(InvitationInputError::GroupAddress(address.as_str().to_owned()));
                }
            }
        }
        if request.kind == MessageKind::Files {
            if request.attachments.is_empty() {
                errors.push(InvitationInputError::NoFiles);
            }
            // Drop-Off accounts send only to the organisation's staff, unless allowed more.
            if sender.kind == UserKind::External && !settings.files.dropoff_to_anyone {
                let mut all_staff = true;
                for (_, r) in request.addressees.iter() {
                    all_staff &= holder(r.address())
                        .is_some_and(|u| u.kind == UserKind::Internal && u.status == UserStatus::Active);
                }
                if !all_staff {
                    errors.push(InvitationInputError::NotStaff);
                }
            }
        }
        let Some(mut options) = options.filter(|_| errors.is_empty()) else {
            return Err(SendError::Invalid(errors));
        };
        if request.individually {
            options.individual = true;
            options.send_me_a_copy = false;
        }
        let link_only = options.link_only && request.kind == MessageKind::Invitation;
        let now = p.clock.now();
        // The sender's quota, checked last: a send with mistakes is refused for those first.
        let quota = settings.quotas.for_user(sender);
        if quota != crate::policy::Quota::default() {
            let usage = p
                .invitations
                .sender_usage(sender.id, now - time::Duration::days(1), now)
                .await?;
            let recipients = u32::try_from(request.addressees.len()).unwrap_or(u32::MAX);
            let invitations = if request.kind == MessageKind::Invitation {
                recipients
            } else {
                0
            };
            if let Err(exceeded) = quota.check(&usage, recipients, invitations, now) {
                p.audit
                    .record(
                        Some(sender.email.as_str()),
                        "invitation.refused",
                        sender.email.as_str(),
                        &format!(
                            "quota: {} of {} ({} left)",
                            match exceeded.limit {
                                crate::policy::QuotaLimit::PerDay => "recipients in 24 hours",
                                crate::policy::QuotaLimit::Pending => "invitations waiting",
                            },
                            exceeded.most,
                            exceeded.left
                        ),
                    )
                    .await;
                return Err(SendError::QuotaExceeded(exceeded));
            }
        }

        let invitation_id = InvitationId::generate(p.random.as_ref());
        let mut recipients = Vec::with_capacity(request.addressees.len());
        let mut refused = Vec::new();
        for (role, recipient) in request.addressees.iter() {
            let address = recipient.address();
            // Only invitations decide internal or external: files go to whoever is addressed.
            let kind = if request.kind == MessageKind::Invitation {
                let (kind, refusal) = self.classify(&settings, address).await?;
                refused.extend(refusal.map(|error| InvitationInputError::RecipientPolicy {
                    error,
                    field: role.into(),
                }));
                kind
            } else {
                RecipientKind::External
            };
            recipients.push(InvitationRecipient {
                id: RecipientId::generate(p.random.as_ref()),
                recipient: recipient.clone(),
                role,
                kind,
                state: RecipientState::Queued,
                sent_at: None,
                expires_at: None,
                accepted_at: None,
                last_delivery_note: None,
                reminders_sent: 0,
                next_reminder_at: None,
                renewal_requested_at: None,
                opened_at: None,
            });
        }
        if !refused.is_empty() {
            return Err(SendError::Invalid(refused));
        }
        // A link-only invitation: each link is live at once and shown to the sender, no email.
        let mut links = Vec::new();
        let mut issued = Vec::new();
        if link_only {
            let expires_at = now + options.link_lifetime();
            for r in &mut recipients {
                let (token, stored) = shown_link(p.random.as_ref(), r.id, now, expires_at);
                r.state = RecipientState::Sent;
                r.sent_at = Some(now);
                r.expires_at = Some(expires_at);
                r.last_delivery_note = Some(LINK_SHOWN_NOTE.to_owned());
                links.push(ShownLink {
                    recipient_id: r.id,
                    address: r.recipient.address().clone(),
                    token,
                    expires_at,
                });
                issued.push(stored);
            }
        }
        let mut outbox: Vec<OutboxMessage> = recipients
            .iter()
            .filter(|_| !link_only)
            .map(|r| {
                OutboxMessage::new(
                    MessageId::generate(p.random.as_ref()),
                    OutboxKind::Invitation { recipient_id: r.id },
                    now,
                )
            })
            .collect();
        if options.send_me_a_copy {
            outbox.push(OutboxMessage::new(
                MessageId::generate(p.random.as_ref()),
                OutboxKind::InvitationCopy { invitation_id },
                now,
            ));
        }
        let invitation = Invitation {
            id: invitation_id,
            sender_id: sender.id,
            sender_email: sender.email.clone(),
            sender_name: sender.display_name.clone(),
            subject: request.subject,
            message: request.message,
            options,
            created_at: now,
            idempotency_key: request.idempotency_key,
            recipients,
            attachments: request.attachments,
            kind: request.kind,
            language: request.language.unwrap_or(settings.default_language),
        };
        let created = if issued.is_empty() {
            p.invitations.create_invitation(&invitation, &outbox).await
        } else {
            p.invitations
                .create_invitation_with_links(&invitation, &outbox, &issued)
                .await
        };
        match created {
            Ok(()) => {}
            Err(StoreError::Conflict(_)) => {
                // A concurrent double submit won the race with the same key.
                if let Some(key) = &invitation.idempotency_key
                    && let Some(existing) = p.invitations.find_by_idempotency_key(sender.id, key).await?
                {
                    {
                        return Ok(SentInvitation {
                            invitation: existing,
                            replayed: true,
                            links: Vec::new(),
                        });
                    }
                }
                return Err(SendError::Store(StoreError::Conflict("invitation".into())));
            }
            Err(e) => return Err(e.into()),
        }
        p.audit
            .record(
                Some(sender.email.as_str()),
                "invitation.sent",
                invitation.id.to_string(),
                if link_only {
                    format!("{} recipients, links shown to the sender", invitation.recipients.len())
                } else {
                    format!("{} recipients", invitation.recipients.len())
                },
            )
            .await;
        Ok(SentInvitation {
            invitation,
            replayed: false,
            links,
        })
    }
}

/// The file policy applied again to files already stored (the front end checked them while
/// they arrived; the policy may have changed since).
fn check_attachments(policy: &FilePolicy, files: &[Attachment]) -> Vec<FileError> {
    let mut errors = Vec::new();
    if files.len() > policy.max_files as usize {
        errors.push(FileError::TooMany { max: policy.max_files });
    }
    let mut total = 0u64;
    for f in files {
        total = total.saturating_add(f.size);
        if let Err(e) = policy.check_name(f.name.as_str()) {
            errors.push(e);
        }
        if let Err(e) = policy.check_size(&f.name, f.size, total)
            && !errors.contains(&e)
        {
            errors.push(e);
        }
    }
    errors
}
