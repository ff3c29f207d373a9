//! The attachment store in an S3-compatible bucket (Amazon S3, MinIO, Ceph, Garage, …) on
//! `object_store`: objects at `<prefix>/objects/<64 hex>`. Small files go up in one `PUT`;
//! a file that outgrows one part becomes a multipart upload, sent part by part while the
//! upload comes in, so nothing larger than a few parts is ever held in memory. Nothing is
//! visible before [`AttachmentWriter::finish`]; an upload dropped half-way is aborted.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use futures::StreamExt;
use futures::stream::BoxStream;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path;
use object_store::{
    ClientOptions, GetOptions, GetRange, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig, WriteMultipart,
};
use postern_domain::ports::{AttachmentReader, AttachmentStore, AttachmentWriter, StoreError, StoredBlob};
use sha2::{Digest, Sha256};

use crate::files::{hex, new_key, valid_key};

/// Bytes per part of a multipart upload (S3 asks for at least 5 MiB but the last).
const PART: usize = 8 * 1024 * 1024;
/// Parts uploaded at once per file.
const PARTS_IN_FLIGHT: usize = 2;

/// Where the bucket is and how to reach it.
#[derive(Clone, Default)]
pub struct S3Settings {
    /// The service's URL (`https://s3.example.org`, `http://127.0.0.1:9000`); empty: Amazon S3.
    pub endpoint: String,
    /// The region (`us-east-1` for most S3-compatible servers).
    pub region: String,
    /// The bucket, which must exist.
    pub bucket: String,
    /// A folder inside the bucket (empty: the bucket's top).
    pub prefix: String,
    /// The access key; empty: the environment's credentials (instance profile, web identity).
    pub access_key_id: String,
    /// Its secret.
    pub secret_access_key: String,
    /// Allow an `http://` endpoint (files and signatures cross the network unencrypted).
    pub allow_http: bool,
    /// Extra CA certificates (PEM) to trust for the endpoint.
    pub ca_file: Option<PathBuf>,
    /// Seconds allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for each request to answer (and for each chunk of a download to come):
    /// a bucket that accepts connections and never answers is a failure after this.
    pub timeout: Duration,
}

impl std::fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Settings")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("allow_http", &self.allow_http)
            .field("ca_file", &self.ca_file)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// Files in an S3-compatible bucket.
#[derive(Debug, Clone)]
pub struct S3Attachments {
    store: Arc<AmazonS3>,
    objects: Path,
    timeout: Duration,
}

fn s3_err(what: &str, e: &object_store::Error) -> StoreError {
    // The service's answer may be a whole XML document: its first line says what it is.
    let text = e.to_string();
    let first = text.lines().next().unwrap_or_default();
    StoreError::Unavailable(format!("attachment store: {what}: {first}"))
}

/// `step` within `limit`: the bucket's answer, or a failure when none came in time.
async fn timed<T>(
    limit: Duration,
    what: &str,
    step: impl std::future::Future<Output = object_store::Result<T>>,
) -> Result<object_store::Result<T>, StoreError> {
    tokio::time::timeout(limit, step).await.map_err(|_| {
        StoreError::Unavailable(format!(
            "attachment store: {what}: no answer within {} s",
            limit.as_secs()
        ))
    })
}

impl S3Attachments {
    /// A store for `settings` (no request is made: see [`S3Attachments::check`]).
    ///
    /// # Errors
    /// A setting the client refuses (a bad endpoint URL, an unreadable CA file).
    pub fn new(settings: &S3Settings) -> Result<Self, String> {
        let mut client = ClientOptions::new()
            .with_allow_http(settings.allow_http)
            .with_connect_timeout(settings.connect_timeout)
            // A download streams for as long as the recipient reads: no whole-request timeout.
            .with_timeout_disabled()
            .with_pool_idle_timeout(Duration::from_secs(30));
        if let Some(ca) = &settings.ca_file {
            let pem = std::fs::read(ca).map_err(|e| format!("{}: {e}", ca.display()))?;
            let certificate =
                object_store::Certificate::from_pem(&pem).map_err(|e| format!("{}: {e}", ca.display()))?;
            client = client.with_root_certificate(certificate);
        }
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&settings.bucket)
            .with_region(if settings.region.is_empty() {
                "us-east-1"
            } else {
                &settings.region
            })
            .with_allow_http(settings.allow_http)
            .with_client_options(client)
            // A request that keeps failing is reported after seconds, not minutes: a
            // download or upload is waiting on it.
            .with_retry(RetryConfig {
                max_retries: 3,
                retry_timeout: Duration::from_secs(15),
                ..RetryConfig::default()
            });
        if !settings.endpoint.is_empty() {
            builder = builder.with_endpoint(&settings.endpoint);
        }
        if !settings.access_key_id.is_empty() {
            builder = builder
                .with_access_key_id(&settings.access_key_id)
                .with_secret_access_key(&settings.secret_access_key);
        }
        let store = builder.build().map_err(|e| e.to_string())?;
        let prefix = settings.prefix.trim_matches('/');
        let objects = if prefix.is_empty() {
            Path::from("objects")
        } else {
            Path::from(prefix).join("objects")
        };
        Ok(Self {
            store: Arc::new(store),
            objects,
            timeout: settings.timeout.max(Duration::from_secs(1)),
        })
    }

    fn object(&self, key: &str) -> Path {
        self.objects.clone().join(key)
    }

    /// Asks the bucket for one object name: fails when the endpoint, the bucket or the
    /// credentials are wrong.
    ///
    /// # Errors
    /// What the service answered.
    pub async fn check(&self) -> Result<(), StoreError> {
        let mut listing = self.store.list(Some(&self.objects));
        match timed(self.timeout, "list", async { listing.next().await.transpose() }).await? {
            Ok(_) => Ok(()),
            Err(e) => Err(s3_err("list", &e)),
        }
    }
}

enum Upload {
    /// Not a part's worth yet: kept here, sent in one `PUT` if it ends so.
    Small(Vec<u8>),
    /// A multipart upload in progress.
    Parts(WriteMultipart),
    /// Finished or aborted.
    Done,
}

struct S3Writer {
    store: Arc<AmazonS3>,
    timeout: Duration,
    path: Path,
    key: String,
    hasher: Sha256,
    size: u64,
    upload: Upload,
}

impl Drop for S3Writer {
    fn drop(&mut self) {
        // Not finished (a cut-off upload): the parts sent so far are thrown away.
        if let Upload::Parts(parts) = std::mem::replace(&mut self.upload, Upload::Done)
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            runtime.spawn(async move {
                if let Err(e) = parts.abort().await {
                    tracing::warn!(error = %e, "an unfinished upload could not be aborted in the bucket");
                }
            });
        }
    }
}

#[async_trait]
impl AttachmentWriter for S3Writer {
    async fn write(&mut self, chunk: &[u8]) -> Result<(), StoreError> {
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        match &mut self.upload {
            Upload::Small(buffer) => {
                buffer.extend_from_slice(chunk);
                if buffer.len() >= PART {
                    let buffered = std::mem::take(buffer);
                    let upload = timed(self.timeout, "upload", self.store.put_multipart(&self.path))
                        .await?
                        .map_err(|e| s3_err("upload", &e))?;
                    let mut parts = WriteMultipart::new_with_chunk_size(upload, PART);
                    parts.write(&buffered);
                    self.upload = Upload::Parts(parts);
                }
            }
            Upload::Parts(parts) => {
                timed(self.timeout, "upload", parts.wait_for_capacity(PARTS_IN_FLIGHT))
                    .await?
                    .map_err(|e| s3_err("upload", &e))?;
                parts.write(chunk);
            }
            Upload::Done => return Err(StoreError::Unavailable("attachment store: write after finish".into())),
        }
        Ok(())
    }

    async fn finish(mut self: Box<Self>) -> Result<StoredBlob, StoreError> {
        match std::mem::replace(&mut self.upload, Upload::Done) {
            Upload::Small(buffer) => {
                timed(
                    self.timeout,
                    "store",
                    self.store.put(&self.path, PutPayload::from(buffer)),
                )
                .await?
                .map_err(|e| s3_err("store", &e))?;
            }
            Upload::Parts(parts) => {
                timed(self.timeout, "complete upload", parts.finish())
                    .await?
                    .map_err(|e| s3_err("complete upload", &e))?;
            }
            Upload::Done => return Err(StoreError::Unavailable("attachment store: finished twice".into())),
        }
        Ok(StoredBlob {
            key: self.key.clone(),
            size: self.size,
            sha256: hex(&std::mem::take(&mut self.hasher).finalize()),
        })
    }

    async fn abort(mut self: Box<Self>) {
        if let Upload::Parts(parts) = std::mem::replace(&mut self.upload, Upload::Done)
            && let Err(e) = parts.abort().await
        {
            tracing::warn!(error = %e, "an unfinished upload could not be aborted in the bucket");
        }
    }
}

struct S3Reader {
    body: Option<BoxStream<'static, object_store::Result<bytes::Bytes>>>,
    timeout: Duration,
}

#[async_trait]
impl AttachmentReader for S3Reader {
    async fn read(&mut self) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(body) = self.body.as_mut() else {
            return Ok(None);
        };
        loop {
            match timed(self.timeout, "read", async { body.next().await.transpose() })
                .await?
                .transpose()
            {
                Some(Ok(chunk)) if chunk.is_empty() => {}
                Some(Ok(chunk)) => return Ok(Some(chunk.to_vec())),
                Some(Err(e)) => return Err(s3_err("read", &e)),
                None => return Ok(None),
            }
        }
    }
}

#[async_trait]
impl AttachmentStore for S3Attachments {
    async fn create(&self) -> Result<Box<dyn AttachmentWriter>, StoreError> {
        let key = new_key()?;
        Ok(Box::new(S3Writer {
            store: self.store.clone(),
            timeout: self.timeout,
            path: self.object(&key),
            key,
            hasher: Sha256::new(),
            size: 0,
            upload: Upload::Small(Vec::new()),
        }))
    }

    async fn open(&self, key: &str, offset: u64) -> Result<Box<dyn AttachmentReader>, StoreError> {
        if !valid_key(key) {
            return Err(StoreError::NotFound);
        }
        let path = self.object(key);
        let options = GetOptions {
            range: (offset > 0).then_some(GetRange::Offset(offset)),
            ..GetOptions::default()
        };
        match timed(self.timeout, "open", self.store.get_opts(&path, options)).await? {
            Ok(found) => Ok(Box::new(S3Reader {
                body: Some(found.into_stream()),
                timeout: self.timeout,
            })),
            Err(object_store::Error::NotFound { .. }) => Err(StoreError::NotFound),
            Err(e) => {
                // S3 refuses a range that starts at or past the end; the contract reads nothing.
                match timed(self.timeout, "open", self.store.head(&path)).await? {
                    Ok(meta) if offset >= meta.size => Ok(Box::new(S3Reader {
                        body: None,
                        timeout: self.timeout,
                    })),
                    Err(object_store::Error::NotFound { .. }) => Err(StoreError::NotFound),
                    _ => Err(s3_err("open", &e)),
                }
            }
        }
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        if !valid_key(key) {
            return Ok(());
        }
        match timed(self.timeout, "delete", self.store.delete(&self.object(key))).await? {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(s3_err("delete", &e)),
        }
    }

    async fn usage(&self) -> Result<u64, StoreError> {
        let mut listing = self.store.list(Some(&self.objects));
        let mut total = 0;
        while let Some(meta) = timed(self.timeout, "list", async { listing.next().await.transpose() })
            .await?
            .map_err(|e| s3_err("list", &e))?
        {
            total += meta.size;
        }
        Ok(total)
    }
}
