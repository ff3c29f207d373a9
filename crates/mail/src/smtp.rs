//! The SMTP mailer on mail-send: implicit TLS, STARTTLS (never falling back to plain text),
//! or plain text only when configured so; AUTH; a custom CA; connect and command timeouts;
//! a small pool of connections reused across messages and re-opened when the server drops
//! them.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use mail_send::smtp::message::Message;
use mail_send::{SmtpClient, SmtpClientBuilder};
use postern_domain::message::OutgoingMessage;
use postern_domain::ports::{MailError, Mailer};
use rustls::RootCertStore;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use tokio::net::TcpStream;
use tokio::sync::{Mutex, Semaphore};
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use crate::render_eml;

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// TLS from the first byte (port 465, "SMTPS").
    ImplicitTls,
    /// Plain connection upgraded with STARTTLS; refused if the server does not offer it.
    StartTls,
    /// No encryption at all. Only when configured explicitly.
    Plain,
}

/// SMTP settings.
#[derive(Clone)]
pub struct SmtpSettings {
    /// Server host name or IP address (also the TLS name checked).
    pub host: String,
    /// Port.
    pub port: u16,
    /// Connection protection.
    pub security: Security,
    /// `(username, password)` for AUTH.
    pub credentials: Option<(String, String)>,
    /// Extra CA certificates (PEM) to trust, for internal relays.
    pub ca_file: Option<PathBuf>,
    /// Limit for opening a connection (TCP, TLS, greeting, EHLO, AUTH).
    pub connect_timeout: Duration,
    /// Limit for each SMTP command.
    pub command_timeout: Duration,
    /// Connections used at once.
    pub concurrency: usize,
    /// Name sent in EHLO.
    pub helo_name: String,
    /// An idle connection older than this is closed rather than reused: relays close idle
    /// connections themselves (maildev after 60 s, Postfix after `smtpd_timeout`) and answer
    /// the next command with `421`.
    pub max_idle: Duration,
}

impl fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.credentials.as_ref().map(|(u, _)| u))
            .field("password", &self.credentials.as_ref().map(|_| "<redacted>"))
            .field("ca_file", &self.ca_file)
            .finish_non_exhaustive()
    }
}

/// Why the mailer could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SmtpSetupError {
    /// The CA file could not be read.
    #[error("mail.smtp.ca_file {path}: {reason}")]
    CaFile {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// TLS could not be configured.
    #[error("TLS set-up failed: {0}")]
    Tls(String),
    /// The thread that talks to the relay could not be started.
    #[error("cannot start the SMTP client thread: {0}")]
    Thread(String),
}

enum Connection {
    Tls(Box<SmtpClient<TlsStream<TcpStream>>>),
    Plain(SmtpClient<TcpStream>),
}

/// A failed send, and whether the message may have reached the relay: once its content was
/// written, a broken connection or a missing reply leaves that unknowable.
struct SendFailure {
    error: mail_send::Error,
    content_sent: bool,
}

/// One SMTP transaction, step by step, so that a failure says how far it got.
async fn transact<T>(client: &mut SmtpClient<T>, message: &Message<'_>) -> Result<String, SendFailure>
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    use mail_send::smtp::AssertReply;
    let before = |error| SendFailure {
        error,
        content_sent: false,
    };
    client
        .mail_from(&message.mail_from.email, &message.mail_from.parameters)
        .await
        .map_err(before)?;
    for rcpt in &message.rcpt_to {
        client.rcpt_to(&rcpt.email, &rcpt.parameters).await.map_err(before)?;
    }
    client
        .cmd(b"DATA\r\n")
        .await
        .and_then(|reply| reply.assert_code(354))
        .map_err(before)?;
    // From here on the relay may have the message even when no reply comes back.
    let after = |error| SendFailure {
        error,
        content_sent: true,
    };
    let timeout = client.timeout;
    let reply = tokio::time::timeout(timeout, async {
        client.write_message(&message.body).await?;
        client.read().await
    })
    .await
    .map_err(|_| after(mail_send::Error::Timeout))?
    .map_err(after)?
    .into_positive_completion()
    .map_err(after)?;
    Ok(format!("{} {}", reply.code(), reply.message()))
}

impl Connection {
    async fn send(&mut self, message: &Message<'_>) -> Result<String, SendFailure> {
        match self {
            Connection::Tls(c) => transact(c, message).await,
            Connection::Plain(c) => transact(c, message).await,
        }
    }

    async fn reset(&mut self) -> bool {
        match self {
            Connection::Tls(c) => c.rset().await.is_ok(),
            Connection::Plain(c) => c.rset().await.is_ok(),
        }
    }
}

/// Delivers messages to an SMTP relay.
///
/// The dialogue with the relay runs on a thread of its own (`smtp-client`, a single-threaded
/// runtime that owns the pooled connections): a message rendered by the caller is handed over,
/// and the answer comes back. Each SMTP command waits for the relay's reply; on the thread of
/// its own the next command follows the reply at once, rather than after whatever web requests
/// the shared runtime is serving (decision 0028).
pub struct SmtpMailer {
    relay: Arc<Relay>,
    jobs: tokio::sync::mpsc::UnboundedSender<Job>,
}

/// The connections to the relay and how to open them; used on the `smtp-client` thread.
struct Relay {
    settings: SmtpSettings,
    builder: SmtpClientBuilder<String>,
    /// Idle connections, each with when it was last used.
    idle: Mutex<Vec<(Connection, std::time::Instant)>>,
    permits: Semaphore,
}

/// One rendered message for the `smtp-client` thread, and where its outcome goes.
struct Job {
    from: String,
    to: String,
    body: String,
    message_id: String,
    kind: &'static str,
    reply: tokio::sync::oneshot::Sender<Result<String, MailError>>,
}

impl fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("settings", &self.relay.settings)
            .finish_non_exhaustive()
    }
}

fn tls_connector(ca_file: Option<&PathBuf>) -> Result<TlsConnector, SmtpSetupError> {
    let mut roots = RootCertStore::empty();
    // The operating system's trust store; individual unreadable certificates are skipped.
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if let Some(path) = ca_file {
        let shown = path.display().to_string();
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
            .map_err(|e| SmtpSetupError::CaFile {
                path: shown.clone(),
                reason: e.to_string(),
            })?
            .collect::<Result<_, _>>()
            .map_err(|e| SmtpSetupError::CaFile {
                path: shown.clone(),
                reason: e.to_string(),
            })?;
        if certs.is_empty() {
            return Err(SmtpSetupError::CaFile {
                path: shown,
                reason: "no PEM certificate in the file".into(),
            });
        }
        for cert in certs {
            roots.add(cert).map_err(|e| SmtpSetupError::CaFile {
                path: shown.clone(),
                reason: e.to_string(),
            })?;
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| SmtpSetupError::Tls(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(TlsConnector::from(Arc::new(config)))
}

/// Turns a mail-send error into a delivery outcome with a message an administrator can act on.
fn classify(error: mail_send::Error, settings: &SmtpSettings) -> MailError {
    use mail_send::Error as E;
    let server = format!("{}:{}", settings.host, settings.port);
    match error {
        E::UnexpectedReply(reply) => {
            let text = format!("{} {}", reply.code(), reply.message());
            if (500..600).contains(&reply.code()) {
                MailError::Permanent(text)
            } else {
                MailError::Temporary(text)
            }
        }
        E::AuthenticationFailed(reply) => MailError::Temporary(format!(
            "{server} refused the credentials ({} {}); check mail.smtp.username and mail.smtp.password",
            reply.code(),
            reply.message()
        )),
        E::Tls(e) => match *e {
            rustls::Error::InvalidCertificate(reason) => MailError::Temporary(format!(
                "the certificate of {server} is not trusted ({reason:?}); set mail.smtp.ca_file to the CA that signed it"
            )),
            other => MailError::Temporary(format!("TLS with {server} failed: {other}")),
        },
        E::Io(e) => MailError::Temporary(format!("cannot talk to {server}: {e}")),
        E::Timeout => MailError::Temporary(format!("{server} did not answer in time")),
        E::MissingStartTls => MailError::Temporary(format!(
            "{server} does not offer STARTTLS; nothing is sent in plain text unless mail.smtp.security = \"plain\""
        )),
        E::UnsupportedAuthMechanism => {
            MailError::Temporary(format!("{server} offers no authentication method Postern supports"))
        }
        E::MissingCredentials => MailError::Temporary("mail.smtp.username and mail.smtp.password are required".into()),
        other => MailError::Temporary(format!("SMTP error with {server}: {other}")),
    }
}

/// Whether an error on a reused connection may only mean that the server closed it: the
/// connection broke, or the server said it is closing it (`421`, what relays answer after
/// their idle timeout).
fn stale_connection(error: &mail_send::Error) -> bool {
    match error {
        mail_send::Error::Io(_) | mail_send::Error::UnparseableReply => true,
        mail_send::Error::UnexpectedReply(reply) => reply.code() == 421,
        _ => false,
    }
}

impl SmtpMailer {
    /// A mailer for these settings, with its `smtp-client` thread. Connections open lazily.
    ///
    /// # Errors
    /// A bad CA file or TLS set-up, or a thread the system would not start.
    pub fn new(settings: SmtpSettings) -> Result<Self, SmtpSetupError> {
        let connector = tls_connector(settings.ca_file.as_ref())?;
        let mut builder = SmtpClientBuilder::new_with_tls_connector(settings.host.clone(), settings.port, connector)
            .implicit_tls(settings.security == Security::ImplicitTls)
            .helo_host(settings.helo_name.clone())
            .timeout(settings.command_timeout);
        if let Some((user, password)) = &settings.credentials {
            builder = builder.credentials((user.clone(), password.clone()));
        }
        let permits = Semaphore::new(settings.concurrency.max(1));
        let relay = Arc::new(Relay {
            settings,
            builder,
            idle: Mutex::new(Vec::new()),
            permits,
        });
        let (jobs, mut queue) = tokio::sync::mpsc::unbounded_channel::<Job>();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| SmtpSetupError::Thread(e.to_string()))?;
        let on_thread = relay.clone();
        std::thread::Builder::new()
            .name("smtp-client".into())
            .spawn(move || {
                runtime.block_on(async move {
                    // Ends when the mailer is dropped; messages still in flight finish first.
                    let mut in_flight = tokio::task::JoinSet::new();
                    while let Some(job) = queue.recv().await {
                        let relay = on_thread.clone();
                        in_flight.spawn(async move {
                            let outcome = relay.send(&job).await;
                            // The caller may have stopped waiting (a shutdown): the outcome is
                            // then only in the log.
                            let _ = job.reply.send(outcome);
                        });
                        while in_flight.try_join_next().is_some() {}
                    }
                    while in_flight.join_next().await.is_some() {}
                });
            })
            .map_err(|e| SmtpSetupError::Thread(e.to_string()))?;
        Ok(Self { relay, jobs })
    }

    /// Connects, negotiates TLS and signs in as a delivery would, then says goodbye: nothing is
    /// sent. What `postern doctor` asks of the relay.
    ///
    /// # Errors
    /// The failure, with what to change.
    pub async fn check(&self) -> Result<(), MailError> {
        match self.relay.connect().await? {
            Connection::Tls(c) => {
                let _ = c.quit().await;
            }
            Connection::Plain(c) => {
                let _ = c.quit().await;
            }
        }
        Ok(())
    }
}

impl Relay {
    async fn connect(&self) -> Result<Connection, MailError> {
        let attempt = async {
            match self.settings.security {
                Security::Plain => self.builder.connect_plain().await.map(Connection::Plain),
                Security::ImplicitTls | Security::StartTls => {
                    self.builder.connect().await.map(|c| Connection::Tls(Box::new(c)))
                }
            }
        };
        match tokio::time::timeout(self.settings.connect_timeout, attempt).await {
            Ok(Ok(c)) => {
                // SMTP is a dialogue of small writes: without TCP_NODELAY, Nagle's algorithm and
                // delayed acknowledgements add tens of milliseconds to every command.
                let socket = match &c {
                    Connection::Tls(t) => t.stream.get_ref().0,
                    Connection::Plain(p) => &p.stream,
                };
                let _ = socket.set_nodelay(true);
                Ok(c)
            }
            Ok(Err(e)) => Err(classify(e, &self.settings)),
            Err(_) => Err(MailError::Temporary(format!(
                "could not connect to {}:{} within {} s",
                self.settings.host,
                self.settings.port,
                self.settings.connect_timeout.as_secs()
            ))),
        }
    }

    /// One message over a pooled connection (a new one when none is idle), on the
    /// `smtp-client` thread.
    async fn send(&self, job: &Job) -> Result<String, MailError> {
        let (message_id, kind) = (&job.message_id, job.kind);
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| MailError::Temporary(e.to_string()))?;
        let reused = {
            let mut idle = self.idle.lock().await;
            // Connections idle for too long are closed by relays: never reuse them.
            idle.retain(|(_, since)| since.elapsed() < self.settings.max_idle);
            idle.pop().map(|(c, _)| c)
        };
        let (mut connection, was_reused) = match reused {
            Some(c) => (c, true),
            None => (self.connect().await?, false),
        };
        let envelope = Message::new(job.from.as_str(), [job.to.as_str()], job.body.as_bytes());
        let mut result = connection.send(&envelope).await;
        // The server closed the idle connection (or said it would) before the message went
        // out: a fresh connection, at once; this is not a failed attempt. Once the content was
        // written the relay may have it: no resend here, the worker retries later (a second
        // copy, if any, carries the same Message-ID).
        if was_reused
            && result
                .as_ref()
                .is_err_and(|f| !f.content_sent && stale_connection(&f.error))
        {
            tracing::debug!(message_id = %message_id, "pooled SMTP connection was closed by the relay; retrying on a new one");
            connection = self.connect().await?;
            result = connection.send(&envelope).await;
        }
        match result {
            Ok(reply) => {
                tracing::debug!(
                    message_id = %message_id,
                    kind,
                    reused = was_reused,
                    reply = %reply,
                    "handed to the relay"
                );
                self.idle.lock().await.push((connection, std::time::Instant::now()));
                Ok(reply)
            }
            Err(SendFailure { error, content_sent }) => {
                let keep = matches!(&error, mail_send::Error::UnexpectedReply(r) if r.code() != 421)
                    && connection.reset().await;
                if keep {
                    self.idle.lock().await.push((connection, std::time::Instant::now()));
                }
                if content_sent && (stale_connection(&error) || matches!(error, mail_send::Error::Timeout)) {
                    tracing::warn!(
                        message_id = %message_id,
                        "the message was written to the relay but no answer came; it is sent again later with the same Message-ID, so the recipient may get two copies"
                    );
                }
                let outcome = classify(error, &self.settings);
                tracing::warn!(message_id = %message_id, error = %outcome, "SMTP delivery failed");
                Err(outcome)
            }
        }
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn deliver(&self, message: &OutgoingMessage) -> Result<String, MailError> {
        let body = render_eml(&crate::compose(message))
            .map_err(|e| MailError::Temporary(format!("cannot render the message: {e}")))?;
        let (reply, outcome) = tokio::sync::oneshot::channel();
        let job = Job {
            from: message.from.address.to_ascii(),
            to: message.envelope_to.to_ascii(),
            body,
            message_id: message.message_id.clone(),
            kind: message.email.name(),
            reply,
        };
        let stopped = || MailError::Temporary("the SMTP client thread has stopped".into());
        self.jobs.send(job).map_err(|_| stopped())?;
        outcome.await.map_err(|_| stopped())?
    }
}
