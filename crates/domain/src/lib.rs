//! Postern's domain: the rules of account invitations, with no I/O.
//!
//! Everything outside (storage, mail, directory, clock, randomness) is reached through the
//! traits in [`ports`]; the [`usecases`] combine them. Values are valid by construction: once
//! you hold an [`EmailAddress`], a [`Subject`] or a [`RecipientList`], it passed its rules.

pub mod address;
pub mod bulk;
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
pub use recipients::{Addressees, Recipient, RecipientList, RecipientListError, Role};
pub use text::{DisplayName, MessageBody, Subject, SubjectError};
pub use token::{ActivationToken, TokenDigest};
