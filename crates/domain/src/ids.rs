//! Identifiers: random UUIDs drawn from the randomness port.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ports::TokenSource;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new random identifier.
            pub fn generate(source: &dyn TokenSource) -> Self {
                let mut bytes = [0u8; 16];
                source.fill(&mut bytes);
                Self(uuid::Builder::from_random_bytes(bytes).into_uuid())
            }
            /// From a stored UUID.
            pub fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }
            /// The UUID.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
            /// Parses the hyphenated text form.
            pub fn parse(text: &str) -> Option<Self> {
                Uuid::parse_str(text).ok().map(Self)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }
    };
}

id_type!(
    /// Identifies a user.
    UserId
);
id_type!(
    /// Identifies one invitation (one send).
    InvitationId
);
id_type!(
    /// Identifies one recipient of an invitation.
    RecipientId
);
id_type!(
    /// Identifies one outbox message.
    MessageId
);
id_type!(
    /// Identifies a personal API token.
    ApiTokenId
);
id_type!(
    /// Identifies one stored file.
    AttachmentId
);
id_type!(
    /// Identifies a webhook endpoint.
    WebhookId
);
