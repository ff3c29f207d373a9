//! Test support for Postern: an in-memory adapter for every port, deterministic clock and
//! randomness, and the contract suites that every adapter must pass.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test support: a failed expectation is a failed test

pub mod attachments;
pub mod contract;
pub mod fakes;
pub mod gate;
pub mod lifecycle_model;
pub mod mailer;
pub mod memory;

use std::sync::Arc;

use postern_domain::usecases::Ports;

pub use attachments::{MemoryAttachments, attachment_contract};
pub use contract::{Storage, storage_contract};
pub use fakes::{FastHasher, ListDirectory, MailerMode, ManualClock, NoDirectory, RecordingMailer, SeededRandom};
pub use gate::TcpGate;
pub use lifecycle_model::lifecycle_model;
pub use mailer::mailer_contract;
pub use memory::MemoryStore;

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
            audit: store.clone(),
            api_tokens: store.clone(),
            downloads: store.clone(),
            attachments: files.clone(),
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
mod tests {
    /// The lifecycle model on the in-memory store.
    #[test]
    fn the_memory_store_follows_the_lifecycle_model() {
        crate::lifecycle_model(256, 30, || async {
            crate::Storage::from_one(std::sync::Arc::new(crate::MemoryStore::new()))
        });
    }

    use super::*;

    #[tokio::test]
    async fn memory_store_passes_the_storage_contract() {
        storage_contract(|| async { Storage::from_one(Arc::new(MemoryStore::new())) }).await;
    }
}
