//! # Postern's domain
//!
//! The rules of Postern's account invitations, with no I/O: who may be invited, how a
//! recipient list is read, what the administrator's policies allow, how a single-use
//! activation link is made, stored and spent. Postern's web pages, API, command line and
//! delivery worker are built on this crate; so can a mail add-in that checks a recipient list
//! before sending, a provisioning script, or a tool that imports another portal's guests.
//!
//! Everything outside (storage, mail, directory, clock, randomness) is reached through the
//! traits in [`ports`]; the [`usecases`] combine them. Values are valid by construction: once
//! you hold an [`EmailAddress`], a [`Subject`] or a [`RecipientList`], it passed its rules.
//!
//! ## Addresses and recipient lists
//!
//! People type lists as their mail program shows them: commas or semicolons between entries,
//! a display name in quotes when it holds a comma. Addresses compare without letter case, and
//! a person named twice is invited once.
//!
//! ```
//! use postern_domain::{RecipientList, Role, Addressees};
//!
//! let list = RecipientList::parse(r#""Doe, John" <jd@example.org>; a@example.com"#).unwrap();
//! let people: Vec<_> = list.iter().map(|r| (r.display_name(), r.address().as_str())).collect();
//! assert_eq!(people, [(Some("Doe, John"), "jd@example.org"), (None, "a@example.com")]);
//!
//! // To, CC and BCC together: an address in To is not sent a copy in CC.
//! let all = Addressees::parse("jd@example.org", "JD@example.org; cy@example.org", "").unwrap();
//! let roles: Vec<_> = all.iter().map(|(role, r)| (role, r.address().as_str())).collect();
//! assert_eq!(roles, [(Role::To, "jd@example.org"), (Role::Cc, "cy@example.org")]);
//! ```
//!
//! A list that cannot be read names every bad entry with its position among the entries, so a
//! form or a tool can point at it:
//!
//! ```
//! use postern_domain::{EntryError, RecipientList};
//!
//! let refused = RecipientList::parse("ann@example.org, bob@example.org carol@example.org; eve@").unwrap_err();
//! let bad: Vec<_> = refused.entries().map(|e| (e.position, e.entry.as_str())).collect();
//! assert_eq!(bad, [(2, "bob@example.org carol@example.org"), (3, "eve@")]);
//! assert!(matches!(refused.reason(), EntryError::Address(_)));
//! ```
//!
//! ## The administrator's policies
//!
//! [`PortalSettings`] holds every rule the administrator sets, as the JSON document
//! `postern settings show` prints. [`RecipientPolicy`] says whom one invitation may address;
//! [`DeliveryOptionPolicy`] which delivery options a sender may choose, within which bounds:
//!
//! ```
//! use postern_domain::{DeliveryOption, DeliveryOptionError, PortalSettings, RequestedOptions};
//!
//! let settings = PortalSettings::default();
//! // Nothing asked: the administrator's defaults (a link lives 14 days).
//! let options = settings.delivery.resolve(&RequestedOptions::default()).unwrap();
//! assert_eq!(options.link_lifetime_days, 14);
//!
//! let asked = RequestedOptions { link_lifetime_days: Some(60), link_only: Some(true), ..Default::default() };
//! let refused = settings.delivery.resolve(&asked).unwrap_err();
//! assert!(matches!(refused[0], DeliveryOptionError::OutOfBounds { min: 1, max: 30, .. }));
//! assert_eq!(refused[1].option(), DeliveryOption::LinkOnly);
//! ```
//!
//! ## Checking before sending
//!
//! [`check`] judges an invitation by the settings alone and lays out each problem as the
//! API refuses it, with the API's codes. The example tool `recipient_check` (in `examples/`)
//! is that check for a mail add-in.
//!
//! ## Sending an invitation
//!
//! [`SendInvitations`] validates, applies the policies, and writes the invitation with one
//! outbox message per recipient, all at once or not at all; the delivery worker
//! ([`usecases::DeliverOutbox`]) mints each link as its message goes out. With the in-memory
//! adapters of `postern-testkit` (the ones Postern's own tests use) the whole path, from the
//! form to the email, runs in a test:
//!
//! ```
//! use postern_domain::password::Password;
//! use postern_domain::ports::{OutboxRepository, SettingsRepository};
//! use postern_domain::usecases::{Accounts, DeliverOutbox, DeliveryConfig, NewUser};
//! use postern_domain::user::UserKind;
//! use postern_domain::{DisplayName, EmailAddress, InvitationForm, InvitationRequest, SendInvitations, SentInvitation};
//! use postern_testkit::{MemoryPorts, RecordingMailer};
//! # futures::executor::block_on(async {
//!
//! // Every port in memory; the administrator lets staff invite.
//! let mem = MemoryPorts::new();
//! let mut settings = std::sync::Arc::unwrap_or_clone(mem.store.load_settings().await.unwrap());
//! settings.invitations.internal_users_may_invite = true;
//! mem.store.save_settings(&settings).await.unwrap();
//! let sender = Accounts::new(&mem.ports)
//!     .create_user(None, NewUser {
//!         email: EmailAddress::parse("staff@example.com").unwrap(),
//!         display_name: DisplayName::parse("Sam Staff").unwrap(),
//!         kind: UserKind::Internal,
//!         password: Password::new("correct-horse-battery-9"),
//!     })
//!     .await
//!     .unwrap();
//!
//! let form = InvitationForm {
//!     to: "ann@example.org; Bob <bob@example.org>",
//!     subject: "Your drop-off account",
//!     message: "Please create your account to send us the statements.",
//!     ..Default::default()
//! };
//! let request = InvitationRequest::parse(&form).unwrap();
//! let sent: SentInvitation = SendInvitations::new(&mem.ports).execute(&sender, request).await.unwrap();
//! assert_eq!(sent.invitation.recipients.len(), 2);
//! // Nothing is mailed yet: one message per recipient waits in the outbox.
//! assert_eq!(mem.store.pending_count().await.unwrap(), 2);
//!
//! // The worker mints each link as its message goes out (here, to a mailer that records).
//! let mailer = std::sync::Arc::new(RecordingMailer::default());
//! let worker = DeliverOutbox::new(&mem.ports, mailer.clone(), DeliveryConfig {
//!     base_url: "https://postern.example".into(),
//!     from_address: EmailAddress::parse("postern@example.org").unwrap(),
//!     lease: time::Duration::minutes(5),
//!     batch: 50,
//!     retry_base: time::Duration::seconds(30),
//!     retry_max: time::Duration::hours(1),
//!     give_up_after: time::Duration::days(2),
//!     concurrency: 4,
//!     instance: "example".into(),
//! });
//! worker.drain().await.unwrap();
//! let mail = mailer.sent();
//! assert_eq!(mail.len(), 2);
//! assert!(mail[0].text.contains("https://postern.example/activate/pstn_"));
//! assert_eq!(mem.store.pending_count().await.unwrap(), 0);
//! # });
//! ```
//!
//! ## Activation links
//!
//! An [`ActivationToken`] is drawn from the random source, mailed once, and never stored:
//! the store keeps its [`TokenDigest`], and a link is found by the digest of what was opened.
//!
//! ## The surface for reusers
//!
//! What the crate root re-exports is the surface other tools build on, each with an example
//! in these pages: addresses and lists ([`EmailAddress`], [`Recipient`], [`RecipientList`],
//! [`Addressees`], [`Role`], [`RecipientField`] and their errors), texts ([`Subject`],
//! [`MessageBody`], [`DisplayName`], [`Language`]), policies ([`PortalSettings`],
//! [`RecipientPolicy`], [`DeliveryOptionPolicy`], [`RequestedOptions`], [`DeliveryOptions`],
//! [`DeliveryOption`] and their errors), tokens ([`ActivationToken`], [`TokenDigest`]), the
//! check ([`check`]), sending ([`InvitationForm`], [`InvitationRequest`],
//! [`InvitationInputError`], [`SendInvitations`], [`SendError`], [`SentInvitation`],
//! [`Ports`]) and the ports ([`ports`]). The other public items of the modules are Postern's
//! own (its storage, mail and web crates use them); they may change with the portal.
//!
//! Every public item is recorded in `crates/domain/public-api.txt`; `cargo xtask test`
//! fails when the code and the record differ, so a change to the surface shows in review
//! (`cargo xtask public-api` writes the record again). See `docs/domain-library.md`.

pub mod address;
pub mod bulk;
pub mod check;
pub mod files;
pub mod history;
pub mod ids;
pub mod invitation;
pub mod language;
pub mod lifecycle;
pub mod message;
pub mod password;
pub mod policy;
pub mod ports;
pub mod query;
pub mod recipients;
pub mod routes;
pub mod template;
pub mod text;
pub mod token;
pub mod two_factor;
pub mod usecases;
pub mod user;
pub mod webhook;

pub use address::{EmailAddress, EmailAddressError};
pub use language::Language;
pub use policy::{
    DeliveryOption, DeliveryOptionError, DeliveryOptionPolicy, DeliveryOptions, PortalSettings, RecipientPolicy,
    RecipientPolicyError, RequestedOptions,
};
pub use recipients::{
    Addressees, AddresseesError, EntryError, InvalidEntry, Recipient, RecipientField, RecipientList,
    RecipientListError, Role,
};
pub use text::{DisplayName, DisplayNameError, MessageBody, MessageBodyError, Subject, SubjectError};
pub use token::{ActivationToken, TokenDigest};
pub use usecases::{
    InvitationForm, InvitationInputError, InvitationRequest, Ports, SendError, SendInvitations, SentInvitation,
};
