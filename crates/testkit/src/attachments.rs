//! The in-memory attachment store, and the contract every attachment store passes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use postern_domain::ports::{AttachmentReader, AttachmentStore, AttachmentWriter, StoreError, StoredBlob};
use sha2::{Digest, Sha256};

/// Files in memory, with keys like the folder store's.
#[derive(Debug, Default, Clone)]
pub struct MemoryAttachments {
    files: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    next: Arc<std::sync::atomic::AtomicU64>,
}

struct MemoryWriter {
    files: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    key: String,
    data: Vec<u8>,
}

#[async_trait]
impl AttachmentWriter for MemoryWriter {
    async fn write(&mut self, chunk: &[u8]) -> Result<(), StoreError> {
        self.data.extend_from_slice(chunk);
        Ok(())
    }
    async fn finish(self: Box<Self>) -> Result<StoredBlob, StoreError> {
        let sha256 = Sha256::digest(&self.data).iter().map(|b| format!("{b:02x}")).collect();
        let blob = StoredBlob {
            key: self.key.clone(),
            size: self.data.len() as u64,
            sha256,
        };
        self.files.lock().unwrap().insert(self.key, self.data);
        Ok(blob)
    }
    async fn abort(self: Box<Self>) {}
}

struct MemoryReader {
    data: Vec<u8>,
    at: usize,
}

#[async_trait]
impl AttachmentReader for MemoryReader {
    async fn read(&mut self) -> Result<Option<Vec<u8>>, StoreError> {
        if self.at >= self.data.len() {
            return Ok(None);
        }
        let end = (self.at + 7).min(self.data.len());
        let chunk = self.data[self.at..end].to_vec();
        self.at = end;
        Ok(Some(chunk))
    }
}

#[async_trait]
impl AttachmentStore for MemoryAttachments {
    async fn create(&self) -> Result<Box<dyn AttachmentWriter>, StoreError> {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(Box::new(MemoryWriter {
            files: self.files.clone(),
            key: format!("{n:064x}"),
            data: Vec::new(),
        }))
    }
    async fn open(&self, key: &str, offset: u64) -> Result<Box<dyn AttachmentReader>, StoreError> {
        let data = self
            .files
            .lock()
            .unwrap()
            .get(key)
            .cloned()
            .ok_or(StoreError::NotFound)?;
        let at = usize::try_from(offset).unwrap_or(usize::MAX).min(data.len());
        Ok(Box::new(MemoryReader { data, at }))
    }
    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        self.files.lock().unwrap().remove(key);
        Ok(())
    }
    async fn usage(&self) -> Result<u64, StoreError> {
        Ok(self.files.lock().unwrap().values().map(|v| v.len() as u64).sum())
    }
}

/// A stored file's bytes from `offset` to the end.
///
/// # Errors
/// What the store's `open` or `read` returned.
pub async fn read_all(store: &dyn AttachmentStore, key: &str, offset: u64) -> Result<Vec<u8>, StoreError> {
    let mut reader = store.open(key, offset).await?;
    let mut out = Vec::new();
    while let Some(chunk) = reader.read().await? {
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// What every attachment store must do.
pub async fn attachment_contract(store: &dyn AttachmentStore) {
    let before = store.usage().await.unwrap();
    // Written in chunks, read back whole and from an offset; size and SHA-256 are right.
    let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let mut w = store.create().await.unwrap();
    for chunk in data.chunks(65_537) {
        w.write(chunk).await.unwrap();
    }
    let blob = w.finish().await.unwrap();
    assert_eq!(blob.size, data.len() as u64);
    let expected: String = Sha256::digest(&data).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(blob.sha256, expected);
    assert_eq!(blob.key.len(), 64, "keys are 64 hexadecimal characters");
    assert_eq!(read_all(store, &blob.key, 0).await.unwrap(), data);
    assert_eq!(read_all(store, &blob.key, 299_990).await.unwrap(), data[299_990..]);
    assert!(
        read_all(store, &blob.key, 400_000).await.unwrap().is_empty(),
        "past the end: nothing"
    );
    assert_eq!(store.usage().await.unwrap(), before + data.len() as u64);

    // An empty file is a file.
    let empty = store.create().await.unwrap().finish().await.unwrap();
    assert_eq!(empty.size, 0);
    assert_eq!(
        empty.sha256,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );

    // Two files never share a key.
    let other = store.create().await.unwrap().finish().await.unwrap();
    assert_ne!(other.key, empty.key);

    // An aborted file is not readable and takes no space.
    let mut aborted = store.create().await.unwrap();
    aborted.write(b"never mind").await.unwrap();
    aborted.abort().await;
    assert_eq!(store.usage().await.unwrap(), before + data.len() as u64);

    // Deleted files are gone; deleting again is fine; keys that are paths name nothing.
    store.delete(&blob.key).await.unwrap();
    store.delete(&blob.key).await.unwrap();
    assert_eq!(read_all(store, &blob.key, 0).await.unwrap_err(), StoreError::NotFound);
    for bad in ["../../../etc/passwd", "", "/etc/passwd", "..", &"g".repeat(64)] {
        assert_eq!(
            read_all(store, bad, 0).await.unwrap_err(),
            StoreError::NotFound,
            "{bad}"
        );
    }
    for key in [empty.key, other.key] {
        store.delete(&key).await.unwrap();
    }
    assert_eq!(store.usage().await.unwrap(), before);
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn the_memory_store_passes_the_contract() {
        super::attachment_contract(&super::MemoryAttachments::default()).await;
    }
}
