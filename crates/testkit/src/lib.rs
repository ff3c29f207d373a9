//! Test support for Postern: an in-memory adapter for every port, deterministic clock and
//! randomness, and the contract suites that every adapter must pass.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test support: a failed expectation is a failed test

pub mod attachments;
pub mod bulk;
pub mod contract;
pub mod fakes;
pub mod lifecycle_model;
pub mod mailer;
pub mod memory;
pub mod proxy;
pub mod reliability;

use std::sync::Arc;

use postern_domain::usecases::Ports;

pub use attachments::{MemoryAttachments, attachment_contract, read_all};
pub use contract::Storage;

/// One test per storage-contract case, each on a fresh store, so that the first broken rule
/// does not hide the others. `$make` is a `Fn(&Path) -> impl Future<Output = Storage>`; the
/// path is an empty folder that lives as long as the test. Attributes given after it (such as
/// `#[ignore = "…"]`) go on every test.
#[macro_export]
macro_rules! storage_contract_tests {
    ($make:expr $(, #[$attr:meta])* $(,)?) => {
        $crate::storage_contract_tests!(@each [$(#[$attr])*] ($make)
            users,
            invitation_and_outbox_atomic,
            tokens_and_single_use,
            accept_is_atomic,
            changes_are_compare_and_set,
            outbox_claims,
            monitoring_counts,
            shared_limits,
            keyset_pagination,
            a_delivery_round,
            api_tokens,
            attachments_and_downloads,
            inactive_users,
            settings_templates_audit_sessions,
            searches_filter_before_paging,
            recipient_pages,
            two_factor,
            reminders,
            sender_usage,
            renewal_requests,
            links_shown_to_the_sender,
            history_and_funnel,
            webhook_endpoints,
            languages
        );
    };
    (@each $attrs:tt ($make:expr) $case:ident $(, $rest:ident)*) => {
        $crate::storage_contract_tests!(@one $attrs ($make) $case);
        $crate::storage_contract_tests!(@each $attrs ($make) $($rest),*);
    };
    (@each $attrs:tt ($make:expr)) => {};
    (@one [$($attr:tt)*] ($make:expr) $case:ident) => {
        $($attr)*
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $case() {
            let dir = $crate::scratch_dir();
            let make = $make;
            $crate::contract::$case(make(dir.path()).await).await;
        }
    };
}

/// An empty folder for one test, deleted when dropped.
pub fn scratch_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}
pub use fakes::{
    FastHasher, ListDirectory, MailerMode, ManualClock, NoDirectory, RecordingMailer, RecordingWebhooks, SeededRandom,
    TestSealer,
};
pub use lifecycle_model::lifecycle_model;
pub use mailer::mailer_contract;
pub use memory::MemoryStore;
/// A message as the mail adapters compose it (what a recording mailer keeps).
pub use postern_mail::Composed;
pub use proxy::{FaultProxy, Then, When};

/// Ports over one in-memory store, a manual clock and seeded randomness.
pub struct MemoryPorts {
    /// The ports, for use cases.
    pub ports: Ports,
    /// The store behind them.
    pub store: Arc<MemoryStore>,
    /// The clock behind them.
    pub clock: Arc<ManualClock>,
    /// The file contents behind them.
    pub files: Arc<MemoryAttachments>,
}

impl MemoryPorts {
    /// Fresh ports starting at [`contract::T0`].
    pub fn new() -> Self {
        Self::with_directory(Arc::new(NoDirectory))
    }

    /// Fresh ports with a given directory.
    pub fn with_directory(directory: Arc<dyn postern_domain::ports::Directory>) -> Self {
        let store = Arc::new(MemoryStore::new());
        let clock = Arc::new(ManualClock::new(contract::T0));
        let files = Arc::new(MemoryAttachments::default());
        let ports = Ports {
            clock: clock.clone(),
            random: Arc::new(SeededRandom::new(42)),
            hasher: Arc::new(FastHasher),
            directory,
            users: store.clone(),
            invitations: store.clone(),
            outbox: store.clone(),
            settings: store.clone(),
            templates: store.clone(),
            texts: Arc::new(postern_domain::language::EnglishTexts),
            audit: store.clone(),
            api_tokens: store.clone(),
            downloads: store.clone(),
            attachments: files.clone(),
            sessions: store.clone(),
            two_factor: store.clone(),
            sealer: Arc::new(TestSealer::default()),
            webhooks: store.clone(),
        };
        Self {
            ports,
            store,
            clock,
            files,
        }
    }
}

impl Default for MemoryPorts {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod memory_contract {
    crate::storage_contract_tests!(|_: &std::path::Path| async {
        crate::Storage::from_one(std::sync::Arc::new(crate::MemoryStore::new()))
    });
}

#[cfg(test)]
mod tests {
    /// The lifecycle model on the in-memory store.
    #[test]
    fn the_memory_store_follows_the_lifecycle_model() {
        crate::lifecycle_model(256, 30, || async {
            crate::Storage::from_one(std::sync::Arc::new(crate::MemoryStore::new()))
        });
    }
}
