//! The attachment store on disk: `<root>/objects/<2 hex>/<64 hex>`, written through
//! `<root>/tmp/<key>.part` and renamed into place when complete, so a cut-off upload never
//! leaves a readable file (and a dropped writer removes its part file).

use std::io::SeekFrom;
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use postern_domain::ports::{AttachmentReader, AttachmentStore, AttachmentWriter, StoreError, StoredBlob};
use sha2::{Digest, Sha256};
use std::io::Seek;

use tokio::io::{AsyncWriteExt, BufWriter};

/// Bytes per chunk read from disk.
const READ_CHUNK: usize = 1024 * 1024;

/// Files in a folder.
#[derive(Debug, Clone)]
pub struct FolderAttachments {
    root: PathBuf,
}

fn io_err(what: &str, e: &std::io::Error) -> StoreError {
    StoreError::Unavailable(format!("attachment store: {what}: {e}"))
}

/// A key is 64 lower-case hexadecimal characters; anything else names no file.
pub(crate) fn valid_key(key: &str) -> bool {
    key.len() == 64 && key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A new random key (256 bits), never derived from a file's name.
pub(crate) fn new_key() -> Result<String, StoreError> {
    let mut raw = [0u8; 32];
    getrandom::fill(&mut raw).map_err(|e| StoreError::Unavailable(format!("randomness: {e}")))?;
    Ok(hex(&raw))
}

/// Lower-case hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl FolderAttachments {
    /// Uses (and creates) `root`; part files left by a crash are removed.
    ///
    /// # Errors
    /// The folder cannot be created.
    pub fn new(root: &Path) -> std::io::Result<Self> {
        private_dir(&root.join("objects"))?;
        let tmp = root.join("tmp");
        let _ = std::fs::remove_dir_all(&tmp);
        private_dir(&tmp)?;
        Ok(Self { root: root.to_owned() })
    }

    fn object(&self, key: &str) -> PathBuf {
        self.root.join("objects").join(&key[..2]).join(key)
    }
}

struct FolderWriter {
    file: Option<BufWriter<tokio::fs::File>>,
    part: PathBuf,
    target: PathBuf,
    key: String,
    hasher: Sha256,
    size: u64,
}

impl Drop for FolderWriter {
    fn drop(&mut self) {
        // Not finished: the upload was cut off or refused.
        if self.file.is_some() {
            let _ = std::fs::remove_file(&self.part);
        }
    }
}

#[async_trait]
impl AttachmentWriter for FolderWriter {
    async fn write(&mut self, chunk: &[u8]) -> Result<(), StoreError> {
        let file = self
            .file
            .as_mut()
            .ok_or_else(|| StoreError::Unavailable("attachment store: write after finish".into()))?;
        file.write_all(chunk).await.map_err(|e| io_err("write", &e))?;
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        Ok(())
    }

    async fn finish(mut self: Box<Self>) -> Result<StoredBlob, StoreError> {
        let mut file = self
            .file
            .take()
            .ok_or_else(|| StoreError::Unavailable("attachment store: finished twice".into()))?;
        let done = async {
            file.flush().await?;
            file.get_mut().sync_all().await?;
            drop(file);
            if let Some(parent) = self.target.parent() {
                let parent = parent.to_owned();
                tokio::task::spawn_blocking(move || private_dir(&parent)).await??;
            }
            tokio::fs::rename(&self.part, &self.target).await
        }
        .await;
        if let Err(e) = done {
            let _ = tokio::fs::remove_file(&self.part).await;
            return Err(io_err("finish", &e));
        }
        Ok(StoredBlob {
            key: self.key.clone(),
            size: self.size,
            sha256: hex(&std::mem::take(&mut self.hasher).finalize()),
        })
    }

    async fn abort(mut self: Box<Self>) {
        if self.file.take().is_some() {
            let _ = tokio::fs::remove_file(&self.part).await;
        }
    }
}

/// A chunk read on the blocking pool, with the file handed back for the next one.
type ChunkRead = tokio::task::JoinHandle<(std::fs::File, std::io::Result<Vec<u8>>)>;

/// Reads the next chunk of `file` on the blocking pool, straight into the chunk handed out:
/// no zeroing, and no second copy (tokio's file reads into a buffer of its own and copies from
/// there).
fn read_ahead(file: std::fs::File) -> ChunkRead {
    use std::io::Read;
    tokio::task::spawn_blocking(move || {
        let mut chunk = Vec::with_capacity(READ_CHUNK);
        let read = (&file).take(READ_CHUNK as u64).read_to_end(&mut chunk).map(|_| chunk);
        (file, read)
    })
}

/// One chunk is always on its way from the disk while the one before it goes out: the read of
/// chunk n + 1 starts when chunk n is handed out, so the disk and the socket work at once.
/// Nothing is read before the first call: a reader opened only to check that the file can be
/// read (a zip's files, a download refused at its limit) reads nothing.
struct FolderReader {
    state: ReadState,
}

/// Where a [`FolderReader`] stands.
enum ReadState {
    /// Opened, nothing read yet.
    Unread(std::fs::File),
    /// The next chunk's read is under way.
    Ahead(ChunkRead),
    /// The end was read.
    End,
    /// A read failed (or is being awaited): every later call says so.
    Failed,
}

#[async_trait]
impl AttachmentReader for FolderReader {
    async fn read(&mut self) -> Result<Option<Vec<u8>>, StoreError> {
        // Failed until this read has answered.
        let pending = match std::mem::replace(&mut self.state, ReadState::Failed) {
            ReadState::Unread(file) => read_ahead(file),
            ReadState::Ahead(pending) => pending,
            ReadState::End => {
                self.state = ReadState::End;
                return Ok(None);
            }
            ReadState::Failed => {
                return Err(StoreError::Unavailable("attachment store: a read failed before".into()));
            }
        };
        let (file, read) = pending
            .await
            .map_err(|e| StoreError::Unavailable(format!("attachment store: read: {e}")))?;
        let chunk = read.map_err(|e| io_err("read", &e))?;
        // A short chunk is the end of the file: no read is started past it.
        self.state = if chunk.len() == READ_CHUNK {
            ReadState::Ahead(read_ahead(file))
        } else {
            ReadState::End
        };
        Ok((!chunk.is_empty()).then_some(chunk))
    }
}

#[async_trait]
impl AttachmentStore for FolderAttachments {
    async fn create(&self) -> Result<Box<dyn AttachmentWriter>, StoreError> {
        let key = new_key()?;
        let part = self.root.join("tmp").join(format!("{key}.part"));
        let mut options = tokio::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        options.mode(0o600);
        let file = options.open(&part).await.map_err(|e| io_err("create", &e))?;
        Ok(Box::new(FolderWriter {
            file: Some(BufWriter::with_capacity(1024 * 1024, file)),
            part,
            target: self.object(&key),
            key,
            hasher: Sha256::new(),
            size: 0,
        }))
    }

    async fn open(&self, key: &str, offset: u64) -> Result<Box<dyn AttachmentReader>, StoreError> {
        if !valid_key(key) {
            return Err(StoreError::NotFound);
        }
        let path = self.object(key);
        let opened = tokio::task::spawn_blocking(move || {
            let mut file = std::fs::File::open(path)?;
            if offset > 0 {
                file.seek(SeekFrom::Start(offset))?;
            }
            Ok::<_, std::io::Error>(file)
        })
        .await
        .map_err(|e| StoreError::Unavailable(format!("attachment store: open: {e}")))?;
        match opened {
            Ok(file) => Ok(Box::new(FolderReader {
                state: ReadState::Unread(file),
            })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(StoreError::NotFound),
            Err(e) => Err(io_err("open", &e)),
        }
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        if !valid_key(key) {
            return Ok(());
        }
        match tokio::fs::remove_file(self.object(key)).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_err("delete", &e)),
        }
    }

    async fn usage(&self) -> Result<u64, StoreError> {
        let objects = self.root.join("objects");
        tokio::task::spawn_blocking(move || {
            let mut total = 0u64;
            for shard in std::fs::read_dir(&objects)?.flatten() {
                if shard.file_type()?.is_dir() {
                    for f in std::fs::read_dir(shard.path())?.flatten() {
                        total += f.metadata()?.len();
                    }
                }
            }
            Ok::<u64, std::io::Error>(total)
        })
        .await
        .map_err(|e| StoreError::Unavailable(format!("attachment store: usage: {e}")))?
        .map_err(|e| io_err("usage", &e))
    }
}

/// Creates `dir` (and its parents) readable by the portal's own user only.
fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passes_the_attachment_contract_and_leaves_no_part_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = FolderAttachments::new(dir.path()).unwrap();
        postern_testkit::attachment_contract(&store).await;
        // A writer dropped half-way (a cut-off upload) leaves nothing behind.
        let mut w = store.create().await.unwrap();
        w.write(b"half of a file").await.unwrap();
        drop(w);
        assert_eq!(std::fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
    }

    /// Reads a stored file from `offset` to its end, chunk by chunk, and once more past it.
    async fn read_back(store: &FolderAttachments, key: &str, offset: u64) -> Vec<u8> {
        let mut reader = store.open(key, offset).await.unwrap();
        let mut out = Vec::new();
        while let Some(chunk) = reader.read().await.unwrap() {
            assert!(!chunk.is_empty(), "an empty chunk is never handed out");
            assert!(chunk.len() <= READ_CHUNK);
            out.extend_from_slice(&chunk);
        }
        assert_eq!(reader.read().await.unwrap(), None, "the end stays the end");
        out
    }

    #[tokio::test]
    async fn reads_ahead_across_chunk_boundaries_and_from_any_offset() {
        let dir = tempfile::tempdir().unwrap();
        let store = FolderAttachments::new(dir.path()).unwrap();
        for size in [
            1,
            READ_CHUNK - 1,
            READ_CHUNK,
            READ_CHUNK + 1,
            2 * READ_CHUNK,
            2 * READ_CHUNK + 7,
        ] {
            let data: Vec<u8> = (0..size).map(|i| (i % 253) as u8 ^ (i >> 12) as u8).collect();
            let mut w = store.create().await.unwrap();
            w.write(&data).await.unwrap();
            let blob = w.finish().await.unwrap();
            for offset in [0, 1, READ_CHUNK - 1, READ_CHUNK, size - 1, size, size + 5] {
                let expected = data.get(offset..).unwrap_or_default();
                let got = read_back(&store, &blob.key, offset as u64).await;
                assert!(
                    got == expected,
                    "size {size}, offset {offset}: {} bytes back",
                    got.len()
                );
            }
            // A file deleted while a download runs is sent to its end (the open file stays).
            let mut reader = store.open(&blob.key, 0).await.unwrap();
            store.delete(&blob.key).await.unwrap();
            let mut out = Vec::new();
            while let Some(chunk) = reader.read().await.unwrap() {
                out.extend_from_slice(&chunk);
            }
            assert!(out == data, "size {size}: deleted while open");
        }
    }

    #[tokio::test]
    async fn a_reader_dropped_with_a_read_under_way_leaves_the_store_working() {
        let dir = tempfile::tempdir().unwrap();
        let store = FolderAttachments::new(dir.path()).unwrap();
        let data = vec![7u8; 3 * READ_CHUNK];
        let mut w = store.create().await.unwrap();
        w.write(&data).await.unwrap();
        let blob = w.finish().await.unwrap();
        for _ in 0..20 {
            let mut reader = store.open(&blob.key, 0).await.unwrap();
            assert_eq!(reader.read().await.unwrap().map(|c| c.len()), Some(READ_CHUNK));
            drop(reader); // the second chunk's read is under way
        }
        assert_eq!(read_back(&store, &blob.key, 0).await, data);
        store.delete(&blob.key).await.unwrap();
        assert_eq!(store.usage().await.unwrap(), 0);
    }

    #[tokio::test]
    async fn stored_files_are_private_to_the_portal() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = FolderAttachments::new(dir.path()).unwrap();
        let mut w = store.create().await.unwrap();
        w.write(b"secret").await.unwrap();
        let blob = w.finish().await.unwrap();
        let mode = std::fs::metadata(store.object(&blob.key)).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "no access for group or others");
    }
}
