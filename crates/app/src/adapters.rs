//! The production adapters of the small ports: system clock, OS randomness, argon2id.

use std::sync::Arc;

use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use async_trait::async_trait;
use postern_domain::password::Password;
use postern_domain::ports::{Clock, HashError, PasswordHasher, TokenSource};
use postern_domain::user::PasswordHash;
use time::OffsetDateTime;
use tokio::sync::Semaphore;

/// The system clock, truncated to microseconds (what the database keeps).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)] // the one place that reads the system clock
    fn now(&self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc();
        now.replace_nanosecond(now.nanosecond() / 1000 * 1000).unwrap_or(now)
    }
}

/// The operating system's CSPRNG.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsRandom;

impl TokenSource for OsRandom {
    fn fill(&self, buf: &mut [u8]) {
        // getrandom only fails when the OS has no entropy source at all; running on would
        // mean issuing predictable tokens, so stop instead.
        if let Err(e) = getrandom::fill(buf) {
            tracing::error!(error = %e, "the operating system's random number generator failed");
            std::process::abort();
        }
    }
}

/// Seals small secrets with AES-256-GCM under the server's secret key (`server.secret_key`,
/// else `secret.key` in the data folder): a 96-bit random nonce, then the ciphertext and its
/// tag. A version byte in front leaves room for another scheme.
pub struct AesSealer {
    cipher: aes_gcm::Aes256Gcm,
}

impl std::fmt::Debug for AesSealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AesSealer(<key redacted>)")
    }
}

/// The first byte of what [`AesSealer`] seals.
const SEAL_VERSION: u8 = 1;

impl AesSealer {
    /// A sealer under `key`.
    pub fn new(key: &[u8; 32]) -> Self {
        use aes_gcm::KeyInit as _;
        Self {
            cipher: aes_gcm::Aes256Gcm::new(key.into()),
        }
    }
}

impl postern_domain::ports::SecretSealer for AesSealer {
    fn seal(&self, plain: &[u8]) -> Vec<u8> {
        use aes_gcm::aead::Aead as _;
        let mut nonce = [0u8; 12];
        OsRandom.fill(&mut nonce);
        // Encryption of a few bytes in memory does not fail; an empty result opens as nothing.
        let sealed = self.cipher.encrypt(&nonce.into(), plain).unwrap_or_default();
        let mut out = Vec::with_capacity(1 + nonce.len() + sealed.len());
        out.push(SEAL_VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    fn open(&self, sealed: &[u8]) -> Option<Vec<u8>> {
        use aes_gcm::aead::Aead as _;
        let (&version, rest) = sealed.split_first()?;
        if version != SEAL_VERSION || rest.len() < 12 + 16 {
            return None;
        }
        let (nonce, body) = rest.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().ok()?;
        self.cipher.decrypt(&nonce.into(), body).ok()
    }
}

/// argon2id with OWASP parameters (19 MiB, 2 passes, 1 lane); at most `permits` hashes run at
/// once, on blocking threads, so that a burst of sign-ins cannot exhaust memory or CPU.
#[derive(Debug, Clone)]
pub struct Argon2Hasher {
    permits: Arc<Semaphore>,
}

impl Argon2Hasher {
    /// A hasher allowing `concurrency` simultaneous hashes.
    pub fn new(concurrency: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
        }
    }

    fn argon2() -> Result<Argon2<'static>, HashError> {
        let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| HashError(e.to_string()))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }

    async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> Result<T, HashError> + Send + 'static,
    ) -> Result<T, HashError> {
        let _permit = self.permits.acquire().await.map_err(|e| HashError(e.to_string()))?;
        tokio::task::spawn_blocking(job)
            .await
            .map_err(|e| HashError(e.to_string()))?
    }
}

#[async_trait]
impl PasswordHasher for Argon2Hasher {
    async fn hash(&self, password: &Password) -> Result<PasswordHash, HashError> {
        let password = password.clone();
        self.run(move || {
            let hash = Self::argon2()?
                .hash_password(password.expose().as_bytes())
                .map_err(|e| HashError(e.to_string()))?;
            Ok(PasswordHash::new(hash.to_string()))
        })
        .await
    }

    async fn verify(&self, password: &Password, hash: &PasswordHash) -> Result<bool, HashError> {
        let password = password.clone();
        let hash = hash.as_str().to_owned();
        self.run(move || {
            Ok(Self::argon2()?
                .verify_password(password.expose().as_bytes(), hash.as_str())
                .is_ok())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn argon2id_round_trip_with_owasp_parameters() {
        let h = Argon2Hasher::new(2);
        let hash = h.hash(&Password::new("correct horse battery")).await.unwrap();
        assert!(
            hash.as_str().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{}",
            hash.as_str()
        );
        assert!(h.verify(&Password::new("correct horse battery"), &hash).await.unwrap());
        assert!(!h.verify(&Password::new("wrong"), &hash).await.unwrap());
        let again = h.hash(&Password::new("correct horse battery")).await.unwrap();
        assert_ne!(hash, again, "a fresh salt each time");
        assert!(
            !h.verify(&Password::new("x"), &PasswordHash::new("garbage".into()))
                .await
                .unwrap()
        );
    }

    #[test]
    fn os_random_fills() {
        let mut a = [0u8; 32];
        let mut b = [0u8; 32];
        OsRandom.fill(&mut a);
        OsRandom.fill(&mut b);
        assert_ne!(a, b);
    }
}

#[cfg(test)]
mod sealer_tests {
    use super::AesSealer;
    use postern_domain::ports::SecretSealer;

    #[test]
    fn sealed_secrets_open_only_under_their_key_and_unaltered() {
        let sealer = AesSealer::new(&[7; 32]);
        let plain = b"twenty bytes secret!";
        let a = sealer.seal(plain);
        let b = sealer.seal(plain);
        assert_ne!(a, b, "a fresh nonce each time");
        assert!(!a.windows(plain.len()).any(|w| w == plain), "not in the clear");
        assert_eq!(sealer.open(&a).as_deref(), Some(&plain[..]));
        assert_eq!(AesSealer::new(&[8; 32]).open(&a), None, "another key");
        let mut altered = a.clone();
        let last = altered.len() - 1;
        altered[last] ^= 1;
        assert_eq!(sealer.open(&altered), None, "altered");
        for short in [&[][..], &[1][..], &a[..20]] {
            assert_eq!(sealer.open(short), None);
        }
        assert!(!format!("{sealer:?}").contains('7'));
    }
}

/// Webhook deliveries over HTTP(S): 10 seconds per request, redirects not followed (an
/// endpoint answers itself), the certificate checked against the system's roots.
pub struct HttpWebhooks {
    client: reqwest::Client,
}

impl HttpWebhooks {
    /// The client.
    ///
    /// # Errors
    /// When the TLS roots cannot be loaded.
    pub fn new() -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Postern/", env!("CARGO_PKG_VERSION"), " (webhooks)"))
            .build()?;
        Ok(Self { client })
    }
}

#[async_trait::async_trait]
impl postern_domain::ports::WebhookSender for HttpWebhooks {
    async fn post(&self, url: &str, headers: &[(&'static str, String)], body: Vec<u8>) -> Result<u16, String> {
        let mut request = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json");
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        match request.body(body).send().await {
            Ok(response) => Ok(response.status().as_u16()),
            // The cause without the URL (it may carry a token of the receiver's).
            Err(e) if e.is_timeout() => Err("no answer within 10 seconds".into()),
            Err(e) if e.is_connect() => Err("the connection was refused or could not be made".into()),
            Err(e) => Err(format!("the request failed: {}", e.without_url())),
        }
    }
}
