//! The Postern application: configuration, wiring of every adapter, the HTTP server and the
//! delivery worker. The binary's CLI lives in `main.rs`.

pub mod adapters;
pub mod backup;
pub mod config;
pub mod doctor;
pub mod idle;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use anyhow::{Context, Result, bail};
use poem::listener::TcpListener;
use poem::{Endpoint, EndpointExt as _};
use postern_directory::{ActiveDirectory, NoDirectory};
use postern_domain::EmailAddress;
use postern_domain::ports::{Directory, Mailer, SessionStore, TokenSource};
use postern_domain::usecases::{DeliverOutbox, DeliveryConfig, Ports};
use postern_mail::{PickupFolderMailer, SmtpMailer};
use postern_storage::SqlStore;
use postern_web::WebConfig;
use time::Duration;

use crate::adapters::{Argon2Hasher, OsRandom, SystemClock};

/// A line for the person who started the process; a closed standard output (`serve | head`,
/// a supervisor that closed it) is no reason to stop.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
use crate::config::Config;

/// Everything wired together.
pub struct Runtime {
    /// The ports for use cases.
    pub ports: Ports,
    /// Session storage.
    pub sessions: Arc<dyn SessionStore>,
    /// The database behind every storage port.
    pub database: Arc<SqlStore>,
    /// The configured mailer.
    pub mailer: Arc<dyn Mailer>,
    /// The configuration.
    pub config: Config,
    /// The delivery worker's heartbeat, once `serve` runs one.
    pub worker_beat: Option<postern_web::WorkerBeat>,
    /// Attempt counters shared by every instance: on PostgreSQL (several instances may share
    /// it); `None` on SQLite (one instance; counted in the process).
    pub shared_limits: Option<Arc<dyn postern_domain::ports::LimitStore>>,
}

/// Opens the database (migrating it) and builds every adapter from the configuration.
///
/// # Errors
/// A message naming what could not be opened.
pub async fn open(config: Config) -> Result<Runtime> {
    postern_mail::private_dir(&config.server.data_dir)
        .with_context(|| format!("cannot create the data folder {}", config.server.data_dir.display()))?;
    let store = Arc::new(SqlStore::open_with(&config.database_url(), &config.database.pool()).await?);
    private_database_files(&config.server.data_dir);
    let mailer: Arc<dyn Mailer> = match config.mail.smtp.settings().map_err(|e| anyhow::anyhow!(e))? {
        Some(smtp) => {
            tracing::info!(host = %smtp.host, port = smtp.port, security = ?smtp.security, "mail goes to an SMTP relay");
            Arc::new(SmtpMailer::new(smtp)?)
        }
        None => Arc::new(
            PickupFolderMailer::new(config.pickup_dir())
                .with_context(|| format!("cannot create the pickup folder {}", config.pickup_dir().display()))?,
        ),
    };
    EmailAddress::parse(&config.mail.from).map_err(|e| anyhow::anyhow!("mail.from: {e}"))?;
    let directory: Arc<dyn Directory> = match config.directory.settings() {
        Some(settings) => {
            tracing::info!(urls = ?settings.urls, base_dn = %settings.base_dn, "people are looked up in Active Directory");
            Arc::new(ActiveDirectory::new(settings)?)
        }
        None => Arc::new(NoDirectory),
    };
    let ports = Ports {
        clock: Arc::new(SystemClock),
        random: Arc::new(OsRandom),
        hasher: Arc::new(Argon2Hasher::new(config.security.hash_concurrency)),
        directory,
        users: store.clone(),
        invitations: store.clone(),
        outbox: store.clone(),
        settings: store.clone(),
        templates: store.clone(),
        texts: Arc::new(postern_i18n::catalog(config.server.pseudo_locale)),
        audit: store.clone(),
        api_tokens: store.clone(),
        downloads: store.clone(),
        attachments: attachment_store(&config).await?,
        sessions: store.clone(),
        two_factor: store.clone(),
        sealer: Arc::new(adapters::AesSealer::new(&secret_key(&config, &OsRandom)?)),
        webhooks: store.clone(),
    };
    let shared_limits = (!store.is_sqlite()).then(|| store.clone() as Arc<dyn postern_domain::ports::LimitStore>);
    Ok(Runtime {
        ports,
        database: store.clone(),
        sessions: store,
        mailer,
        shared_limits,
        config,
        worker_beat: None,
    })
}

/// The attachment store the configuration names: the files folder, or an S3-compatible
/// bucket (checked with one listing request, so that a wrong bucket or key stops the start).
///
/// # Errors
/// The folder cannot be created, or the bucket cannot be reached.
pub async fn attachment_store(config: &Config) -> Result<Arc<dyn postern_domain::ports::AttachmentStore>> {
    match config.attachments.s3_settings().map_err(|e| anyhow::anyhow!(e))? {
        None => Ok(Arc::new(
            postern_storage::FolderAttachments::new(&config.files_dir())
                .with_context(|| format!("cannot create the files folder {}", config.files_dir().display()))?,
        )),
        Some(s3) => {
            let store = postern_storage::S3Attachments::new(&s3).map_err(|e| anyhow::anyhow!("attachments.s3: {e}"))?;
            store.check().await.with_context(|| {
                format!(
                    "cannot reach the attachment bucket {:?} at {}",
                    s3.bucket,
                    if s3.endpoint.is_empty() {
                        "Amazon S3"
                    } else {
                        &s3.endpoint
                    }
                )
            })?;
            tracing::info!(bucket = %s3.bucket, endpoint = %s3.endpoint, prefix = %s3.prefix, "attachments are kept in an S3-compatible bucket");
            Ok(Arc::new(store))
        }
    }
}

/// The delivery worker for this runtime.
///
/// # Errors
/// When `mail.from` is not an address.
pub fn delivery(ports: &Ports, mailer: Arc<dyn Mailer>, config: &Config) -> Result<DeliverOutbox> {
    let from = EmailAddress::parse(&config.mail.from).map_err(|e| anyhow::anyhow!("mail.from: {e}"))?;
    let d = &config.delivery;
    // As many messages in flight as the relay accepts connections; the pickup folder takes 4.
    let mailer_concurrency = config.mail.smtp.settings().ok().flatten().map_or(4, |s| s.concurrency);
    Ok(DeliverOutbox::new(
        ports,
        mailer,
        DeliveryConfig {
            base_url: config.base_url(),
            from_address: from,
            lease: Duration::seconds(d.lease_seconds.max(1)),
            batch: d.batch,
            retry_base: Duration::seconds(d.retry_base_seconds),
            retry_max: Duration::minutes(d.retry_max_minutes),
            give_up_after: Duration::hours(d.give_up_after_hours),
            concurrency: mailer_concurrency,
            instance: config.instance_id(),
        },
    )
    .with_webhooks(Arc::new(adapters::HttpWebhooks::new()?)))
}

fn parse_hex_key(text: &str) -> Option<[u8; 32]> {
    let mut key = [0u8; 32];
    hex::decode_to_slice(text.trim(), &mut key).ok()?;
    Some(key)
}

/// The CSRF key: from the configuration, else from `<data_dir>/csrf.key` (created once).
///
/// # Errors
/// A malformed configured key, or an unreadable key file.
pub fn csrf_key(config: &Config, random: &dyn TokenSource) -> Result<[u8; 32]> {
    if !config.server.csrf_key.is_empty() {
        return parse_hex_key(config.server.csrf_key.expose())
            .context("server.csrf_key must be 64 hexadecimal characters");
    }
    let path = config.server.data_dir.join("csrf.key");
    if let Ok(text) = std::fs::read_to_string(&path) {
        return parse_hex_key(&text).with_context(|| format!("{} is not a valid key file", path.display()));
    }
    let mut key = [0u8; 32];
    random.fill(&mut key);
    write_private(&path, &hex::encode(key))?;
    Ok(key)
}

/// The key that seals stored secrets (two-factor secrets): `server.secret_key` (64 hexadecimal
/// characters; give every instance the same), else `secret.key` in the data folder, created on
/// first start. Losing it makes every two-factor enrolment unreadable (administrators can reset
/// them); keep it with the backups, apart from the database.
///
/// # Errors
/// A malformed key, or a key file that cannot be read or written.
pub fn secret_key(config: &Config, random: &dyn TokenSource) -> Result<[u8; 32]> {
    if !config.server.secret_key.is_empty() {
        return parse_hex_key(config.server.secret_key.expose())
            .context("server.secret_key must be 64 hexadecimal characters");
    }
    std::fs::create_dir_all(&config.server.data_dir)
        .with_context(|| format!("cannot create {}", config.server.data_dir.display()))?;
    let path = config.server.data_dir.join("secret.key");
    if let Ok(text) = std::fs::read_to_string(&path) {
        return parse_hex_key(&text).with_context(|| format!("{} is not a valid key file", path.display()));
    }
    let mut key = [0u8; 32];
    random.fill(&mut key);
    write_private(&path, &hex::encode(key))?;
    Ok(key)
}

fn write_private(path: &Path, contents: &str) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(contents.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// The HTTP application for this runtime.
///
/// # Errors
/// When the CSRF key cannot be set up.
pub fn web(runtime: &Runtime) -> Result<impl Endpoint + use<>> {
    let key = csrf_key(&runtime.config, runtime.ports.random.as_ref())?;
    let config = WebConfig {
        secure_cookies: runtime.config.server.secure_cookies,
        session_ttl: StdDuration::from_secs(runtime.config.server.session_minutes * 60),
        portal_idle: StdDuration::from_secs(runtime.config.security.portal_idle_minutes * 60),
        console_idle: StdDuration::from_secs(runtime.config.security.console_idle_minutes * 60),
        console_max: StdDuration::from_secs(runtime.config.security.console_session_minutes * 60),
        csrf_key: key,
        sign_in_per_minute: runtime.config.security.sign_in_per_minute,
        sign_in_per_account_per_minute: runtime.config.security.sign_in_per_account_per_minute,
        activation_per_minute: runtime.config.security.activation_per_minute,
        trusted_proxies: runtime.config.trusted_proxies()?,
        hsts: runtime.config.server.public_url.starts_with("https://"),
        worker: runtime.worker_beat.clone(),
        shared_limits: runtime.shared_limits.clone(),
        public_url: runtime.config.base_url(),
        pseudo_locale: runtime.config.server.pseudo_locale,
        max_downloads: usize::try_from(runtime.config.server.max_downloads).unwrap_or(usize::MAX),
    };
    Ok(postern_web::app(
        runtime.ports.clone(),
        runtime.sessions.clone(),
        config,
    ))
}

/// The SQLite database and its journal files in `data_dir` readable by the portal's own user
/// only (SQLite creates them with the process's default mode).
pub fn private_database_files(data_dir: &Path) {
    #[cfg(unix)]
    if let Ok(entries) = std::fs::read_dir(data_dir) {
        use std::os::unix::fs::PermissionsExt;
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with("postern.db") {
                let _ = std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o600));
            }
        }
    }
}

/// Removes pickup messages older than `keep_days`, every hour until the process ends.
pub async fn clean_pickup(dir: std::path::PathBuf, keep_days: u64, clock: Arc<dyn postern_domain::ports::Clock>) {
    loop {
        let keep = StdDuration::from_secs(keep_days.saturating_mul(86_400));
        if let Some(before) = std::time::SystemTime::from(clock.now()).checked_sub(keep) {
            match PickupFolderMailer::new(&dir).and_then(|p| p.remove_older_than(before)) {
                Ok(0) => {}
                Ok(n) => tracing::info!(removed = n, "old messages removed from the pickup folder"),
                Err(e) => tracing::warn!(error = %e, "could not clean the pickup folder"),
            }
        }
        tokio::time::sleep(StdDuration::from_secs(3600)).await;
    }
}

/// Housekeeping every ten minutes until the process ends: expired sessions are deleted and
/// Drop-Off accounts unused for longer than the administrator allows are disabled.
pub async fn run_maintenance(
    ports: Ports,
    sessions: Arc<dyn SessionStore>,
    limits: Option<Arc<dyn postern_domain::ports::LimitStore>>,
) {
    let accounts = postern_domain::usecases::Accounts::new(&ports);
    let downloads = postern_domain::usecases::Downloads::new(&ports);
    loop {
        match sessions.purge_sessions(ports.clock.now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, "expired sessions removed"),
            Err(e) => tracing::warn!(error = %e, "could not remove expired sessions"),
        }
        match accounts.review_guests().await {
            Ok(r) if r == postern_domain::usecases::GuestReview::default() => {}
            Ok(r) => tracing::info!(
                warned = r.warned,
                disabled_unused = r.expired,
                unsponsored = r.unsponsored,
                disabled_with_sponsor = r.disabled_with_sponsor,
                "Drop-Off accounts reviewed"
            ),
            Err(e) => tracing::warn!(error = %e, "could not review Drop-Off accounts"),
        }
        if let Some(limits) = &limits {
            // Windows older than an hour, failures older than the longest wait and an hour.
            let now = ports.clock.now();
            let window = now.unix_timestamp() - 3600;
            if let Err(e) = limits.purge_limits(window, now - Duration::hours(2)).await {
                tracing::warn!(error = %e, "could not remove old attempt counters");
            }
        }
        match downloads.purge_expired().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, "expired files deleted"),
            Err(e) => tracing::warn!(error = %e, "could not delete expired files"),
        }
        tokio::time::sleep(StdDuration::from_secs(600)).await;
    }
}

/// How often the reminder sweep runs: a reminder leaves within this long of its time.
pub const REMINDER_SWEEP_SECONDS: u64 = 60;

/// Queues the reminders that are due, every `every` until the process ends (decision 0018).
pub async fn run_reminders(ports: Ports, every: StdDuration) {
    let reminders = postern_domain::usecases::RemindInvitees::new(&ports);
    loop {
        match reminders.run().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(queued = n, "reminders queued"),
            Err(e) => tracing::warn!(error = %e, "could not queue reminders"),
        }
        tokio::time::sleep(every).await;
    }
}

/// Counts, every `every`, the activation links that expired unused since the last count
/// (`postern_invitations_expired_total`), from the moment the process started.
pub async fn count_expired_links(ports: Ports, every: StdDuration) {
    let mut since = ports.clock.now();
    loop {
        tokio::time::sleep(every).await;
        let now = ports.clock.now();
        match ports.invitations.count_links_expired(since, now).await {
            Ok(n) => {
                metrics::counter!("postern_invitations_expired_total").increment(n);
                since = now;
            }
            Err(e) => tracing::debug!(error = %e, "could not count expired links"),
        }
    }
}

/// Runs the delivery worker until the process ends: a round at once when messages are queued
/// (`wake`), else every `poll`. While rounds find work, two run at once, so that one claims
/// and renders while the other's messages are on their way to the relay (the relay's
/// connections are shared and bounded by the mailer). Each round is a task of its own: a round
/// rendering its batch (reads that do not yield) holds up neither the other round's next
/// message nor, on another worker thread, anything else. A stop waits for the rounds in
/// flight.
pub async fn run_worker(
    worker: DeliverOutbox,
    poll: StdDuration,
    wake: Arc<tokio::sync::Notify>,
    mut stop: tokio::sync::watch::Receiver<bool>,
    beat: Option<postern_web::WorkerBeat>,
    clock: Arc<dyn postern_domain::ports::Clock>,
) {
    /// How often the outbox gauges are read (two queries) while rounds follow each other.
    const GAUGES_EVERY: StdDuration = StdDuration::from_secs(1);
    let worker = Arc::new(worker);
    let mut rounds = tokio::task::JoinSet::new();
    let mut gauges_read: Option<tokio::time::Instant> = None;
    let mut busy = false;
    loop {
        if *stop.borrow() {
            while rounds.join_next().await.is_some() {}
            return;
        }
        if let Some(beat) = &beat {
            beat.last
                .store(clock.now().unix_timestamp(), std::sync::atomic::Ordering::Relaxed);
        }
        if gauges_read.is_none_or(|at| at.elapsed() >= GAUGES_EVERY) {
            gauges_read = Some(tokio::time::Instant::now());
            if let Ok(pending) = worker.pending().await {
                #[allow(clippy::cast_precision_loss)] // a queue length fits a gauge
                metrics::gauge!("postern_outbox_pending").set(pending as f64);
            }
            if let Ok(age) = worker.oldest_due_age().await {
                metrics::gauge!("postern_outbox_oldest_due_seconds").set(age.as_seconds_f64());
            }
        }
        while rounds.len() < if busy { 2 } else { 1 } {
            let worker = worker.clone();
            rounds.spawn(async move { worker.run_once().await }.in_current_span());
        }
        let Some(finished) = rounds.join_next().await else {
            continue;
        };
        busy = match finished {
            Ok(Ok(report)) if report.sent + report.deferred + report.bounced + report.dropped > 0 => {
                for (outcome, n) in [
                    ("sent", report.sent),
                    ("deferred", report.deferred),
                    ("bounced", report.bounced),
                    ("dropped", report.dropped),
                ] {
                    metrics::counter!("postern_deliveries_total", "outcome" => outcome).increment(n as u64);
                }
                tracing::info!(
                    sent = report.sent,
                    deferred = report.deferred,
                    bounced = report.bounced,
                    dropped = report.dropped,
                    "delivery round"
                );
                true
            }
            Ok(Ok(_)) => false,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "delivery worker could not read the outbox; retrying");
                false
            }
            Err(e) => {
                // A round that panicked: its claims lapse with their lease and are taken again.
                tracing::error!(error = %e, "a delivery round ended abnormally; retrying");
                false
            }
        };
        if !busy && rounds.is_empty() {
            // Fresh gauges when the queue runs dry, then wait.
            gauges_read = None;
            tokio::select! {
                () = tokio::time::sleep(poll) => {}
                () = wake.notified() => {}
                _ = stop.changed() => {}
            }
        }
    }
}

/// Describes every metric (the `# HELP` lines) and starts the counters at zero, so that an
/// alert on a counter sees a series before the first event.
fn describe_metrics() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    describe_counter!("postern_http_requests_total", "HTTP requests by route and status");
    describe_histogram!(
        "postern_http_request_duration_seconds",
        metrics::Unit::Seconds,
        "time to answer an HTTP request, by route"
    );
    describe_gauge!("postern_outbox_pending", "messages waiting in the outbox");
    describe_gauge!(
        "postern_outbox_oldest_due_seconds",
        metrics::Unit::Seconds,
        "how long the longest-waiting due message has been due"
    );
    describe_counter!(
        "postern_deliveries_total",
        "messages of every kind (invitations, notices, copies) handed to the relay or given up, by outcome"
    );
    describe_counter!(
        "postern_invitations_sent_total",
        "recipients of invitations and files messages sent, by kind"
    );
    describe_counter!(
        "postern_accounts_activated_total",
        "accounts created or linked through activation links, by kind and status"
    );
    describe_counter!(
        "postern_invitations_expired_total",
        "activation links that ran out unused (each instance counts every link)"
    );
    describe_counter!("postern_sign_in_failures_total", "refused passwords and second factors");
    describe_counter!(
        "postern_directory_unavailable_total",
        "times the directory was counted as unreachable"
    );
    describe_counter!(
        "postern_database_unavailable_total",
        "requests answered 503 while the database was unreachable"
    );
    for outcome in ["sent", "deferred", "bounced", "dropped"] {
        metrics::counter!("postern_deliveries_total", "outcome" => outcome).increment(0);
    }
    for kind in ["invitation", "files"] {
        metrics::counter!("postern_invitations_sent_total", "kind" => kind).increment(0);
    }
    for (kind, status) in [
        ("external", "active"),
        ("external", "pending_approval"),
        ("internal", "active"),
    ] {
        metrics::counter!("postern_accounts_activated_total", "kind" => kind, "status" => status).increment(0);
    }
    for name in [
        "postern_invitations_expired_total",
        "postern_sign_in_failures_total",
        "postern_directory_unavailable_total",
        "postern_database_unavailable_total",
    ] {
        metrics::counter!(name).increment(0);
    }
}

/// Installs the Prometheus recorder and serves `/metrics` on its own address (kept off the
/// public listener: it is for the monitoring system only).
async fn serve_metrics(listen: &str, idle: StdDuration) -> Result<()> {
    let address: std::net::SocketAddr = listen
        .parse()
        .map_err(|_| anyhow::anyhow!("metrics.listen: {listen:?} is not an address such as 127.0.0.1:9464"))?;
    let handle = metrics_exporter_prometheus::PrometheusBuilder::new()
        .set_buckets_for_metric(
            metrics_exporter_prometheus::Matcher::Suffix("_seconds".into()),
            &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0],
        )
        .map_err(|e| anyhow::anyhow!("metrics: {e}"))?
        .install_recorder()
        .map_err(|e| anyhow::anyhow!("metrics: {e}"))?;
    describe_metrics();
    // The histograms keep their samples until upkeep folds them in: without it, a server that
    // is never scraped would keep every request's duration.
    let upkeep = handle.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(StdDuration::from_secs(5));
        loop {
            every.tick().await;
            upkeep.run_upkeep();
        }
    });
    let acceptor = match TcpListener::bind(address).into_acceptor().await {
        Ok(a) => a,
        Err(e) => bail!("cannot listen on {address} (metrics.listen): {e}"),
    };
    let route = poem::Route::new().at(
        "/metrics",
        poem::get(poem::endpoint::make(move |_| {
            let handle = handle.clone();
            async move {
                poem::Response::builder()
                    .content_type("text/plain; version=0.0.4")
                    .body(handle.render())
            }
        })),
    );
    tracing::info!(%address, "metrics at /metrics");
    tokio::spawn(async move {
        if let Err(e) = poem::Server::new_with_acceptor(idle::IdleAcceptor::new(acceptor, idle))
            .run(route)
            .await
        {
            tracing::warn!(error = %e, "the metrics listener stopped");
        }
    });
    Ok(())
}

/// Checks every minute that the database schema is still the one this binary knows (another
/// instance, newer, may have migrated it): `/health/ready` says so.
async fn watch_schema(url: String, current: Arc<std::sync::atomic::AtomicBool>) {
    let Ok(store) = postern_storage::SqlStore::connect(&url).await else {
        return;
    };
    loop {
        if let Ok(status) = store.schema_status().await {
            let ok = status.pending.is_empty() && status.unknown.is_empty();
            if !ok && current.load(std::sync::atomic::Ordering::Relaxed) {
                tracing::warn!(
                    pending = status.pending.len(),
                    unknown = ?status.unknown,
                    "the database schema is not the one this Postern knows: not ready"
                );
            }
            current.store(ok, std::sync::atomic::Ordering::Relaxed);
        }
        tokio::time::sleep(StdDuration::from_secs(60)).await;
    }
}

/// Resolves when the process is asked to stop: SIGTERM (systemd, containers) or SIGINT (Ctrl-C).
async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                tokio::signal::ctrl_c().await.ok();
            }
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await.ok();
    }
}

/// What a `postern serve` process runs besides the web front end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roles {
    /// The delivery worker and housekeeping (off with `serve --no-worker`, when separate
    /// `postern worker` processes deliver).
    pub worker: bool,
}

impl Default for Roles {
    fn default() -> Self {
        Self { worker: true }
    }
}

/// The background loops of a process that delivers: the delivery worker (stopped through
/// `stopped`), housekeeping and the pickup folder's clean-up.
fn start_worker(
    runtime: &Runtime,
    stopped: tokio::sync::watch::Receiver<bool>,
    beat: Option<postern_web::WorkerBeat>,
) -> Result<tokio::task::JoinHandle<()>> {
    let worker = delivery(&runtime.ports, runtime.mailer.clone(), &runtime.config)?;
    let poll = StdDuration::from_secs(runtime.config.delivery.poll_seconds.max(1));
    let wake = runtime.database.queued_messages();
    let task = tokio::spawn(
        run_worker(worker, poll, wake, stopped, beat, runtime.ports.clock.clone())
            .instrument(instance_span(&runtime.config)),
    );
    // Messages queued by other instances wake this worker too (PostgreSQL); the poll stays as
    // the fallback.
    let database = runtime.database.clone();
    tokio::spawn(
        async move {
            if let Err(e) = database.listen_for_queued().await {
                tracing::warn!(error = %e, "not listening for queued messages: the worker polls");
            }
        }
        .instrument(instance_span(&runtime.config)),
    );
    tokio::spawn(
        run_maintenance(
            runtime.ports.clone(),
            runtime.sessions.clone(),
            runtime.shared_limits.clone(),
        )
        .instrument(instance_span(&runtime.config)),
    );
    tokio::spawn(
        run_reminders(runtime.ports.clone(), StdDuration::from_secs(REMINDER_SWEEP_SECONDS))
            .instrument(instance_span(&runtime.config)),
    );
    if runtime.config.mail.smtp.settings().ok().flatten().is_none() && runtime.config.mail.pickup_keep_days > 0 {
        tokio::spawn(clean_pickup(
            runtime.config.pickup_dir(),
            runtime.config.mail.pickup_keep_days,
            runtime.ports.clock.clone(),
        ));
    }
    Ok(task)
}

/// The span every log line of this process carries: `postern{instance=…}`.
pub fn instance_span(config: &Config) -> tracing::Span {
    // A root span: made inside another instance span (a task started by `serve`), it would
    // otherwise be its child and every line would name the instance twice.
    tracing::info_span!(parent: None, "postern", instance = %config.instance_id())
}

/// With `metrics.listen` set: the metrics listener and the expired-links count.
async fn start_metrics(runtime: &Runtime) -> Result<()> {
    let listen = runtime.config.metrics.listen.trim();
    if !listen.is_empty() {
        serve_metrics(
            listen,
            StdDuration::from_secs(runtime.config.server.idle_timeout_seconds),
        )
        .await?;
        tokio::spawn(count_expired_links(runtime.ports.clone(), StdDuration::from_secs(60)));
    }
    Ok(())
}

/// Waits for the worker's batch in flight (within the grace period) after a stop.
async fn finish_worker(task: tokio::task::JoinHandle<()>, grace: StdDuration) {
    match tokio::time::timeout(grace, task).await {
        Ok(_) => tracing::info!("stopped"),
        Err(_) => tracing::warn!(
            grace_seconds = grace.as_secs(),
            "the delivery batch in flight did not finish within the grace period; its messages are sent again after the lease"
        ),
    }
}

/// Serves the portal (and, unless `roles` say otherwise, runs the delivery worker) until
/// interrupted.
///
/// # Errors
/// When the address cannot be bound.
pub async fn serve(mut runtime: Runtime, roles: Roles) -> Result<()> {
    let public = runtime.config.server.public_url.trim();
    if !(public.starts_with("https://") || public.starts_with("http://")) {
        bail!(
            "server.public_url is not set: set it to the address people reach the portal at (such as https://files.example.org) in the configuration file or POSTERN_SERVER__PUBLIC_URL"
        );
    }
    // Held while serving: a restore (or a second serve) on this data folder is refused.
    let _lock = backup::lock_data_dir(&runtime.config, "starting another on the same data folder")?;
    let poll_seconds = runtime.config.delivery.poll_seconds.max(1);
    let beat = postern_web::WorkerBeat {
        last: Arc::new(std::sync::atomic::AtomicI64::new(0)),
        // A round may take a while (a slow relay); three polls and a minute besides.
        tolerance: StdDuration::from_secs(poll_seconds * 3 + 60),
        // Migrated at start; watched in case another instance migrates the database further.
        schema_current: Arc::new(std::sync::atomic::AtomicBool::new(true)),
        enabled: roles.worker,
    };
    tokio::spawn(watch_schema(runtime.config.database_url(), beat.schema_current.clone()));
    runtime.worker_beat = Some(beat.clone());
    let span = instance_span(&runtime.config);
    let app = web(&runtime)?
        .around(move |next, req| {
            let span = span.clone();
            async move { next.call(req).instrument(span).await }
        })
        .boxed();
    start_metrics(&runtime).await?;
    let listen = runtime.config.server.listen;
    let public = runtime.config.base_url();
    if !public.starts_with("https://") && !runtime.config.server.secure_cookies {
        tracing::warn!("cookies are not marked Secure; use this only for local testing");
    }
    let acceptor = match TcpListener::bind(listen).into_acceptor().await {
        Ok(a) => a,
        Err(e) => bail!("cannot listen on {listen}: {e}"),
    };
    say!(
        "Postern is running at {public} (listening on {listen}; instance {}).",
        runtime.config.instance_id()
    );
    if roles.worker {
        match runtime.config.mail.smtp.settings().ok().flatten() {
            Some(smtp) => say!("Mail goes to the SMTP relay {}:{}.", smtp.host, smtp.port),
            None => say!(
                "Mail goes to the pickup folder {}.",
                runtime.config.pickup_dir().display()
            ),
        }
    } else {
        say!("No delivery worker here (--no-worker): run postern worker to send mail.");
    }
    // The command as this very program can be run (it may not be on the PATH yet).
    let program = std::env::current_exe()
        .ok()
        .map_or_else(|| "postern".to_owned(), |p| p.display().to_string());
    // Only a portal without any user needs to be told how to make one.
    let nobody = runtime
        .ports
        .users
        .search_users(&postern_domain::query::UserQuery::default(), None, 1)
        .await
        .is_ok_and(|page| page.users.is_empty());
    if nobody {
        say!(
            "Create the first user with:  {program} user add --kind internal --email you@example.com --name \"Your Name\" --may-invite"
        );
    }
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker_task = if roles.worker {
        Some(start_worker(&runtime, stopped, Some(beat))?)
    } else {
        None
    };
    let grace = StdDuration::from_secs(runtime.config.server.shutdown_grace_seconds);
    let idle = StdDuration::from_secs(runtime.config.server.idle_timeout_seconds);
    poem::Server::new_with_acceptor(idle::IdleAcceptor::new(acceptor, idle))
        .run_with_graceful_shutdown(
            app,
            async move {
                stop_requested().await;
                tracing::info!("stopping: no new requests; finishing the requests and the delivery batch in flight");
                let _ = stop.send(true);
            },
            Some(grace),
        )
        .await
        .context("the HTTP server stopped")?;
    // The delivery batch in flight finishes (within the grace period); the next start picks
    // up whatever is left.
    match worker_task {
        Some(task) => finish_worker(task, grace).await,
        None => tracing::info!("stopped"),
    }
    Ok(())
}

/// Runs the delivery worker and housekeeping without a web front end (`postern worker`),
/// until SIGTERM or SIGINT; then the batch in flight finishes within the grace period.
///
/// # Errors
/// A delivery set-up problem (such as a bad `mail.from`) or a metrics address in use.
pub async fn work(runtime: Runtime) -> Result<()> {
    start_metrics(&runtime).await?;
    say!(
        "Postern worker {} is delivering ({}).",
        runtime.config.instance_id(),
        match runtime.config.mail.smtp.settings().ok().flatten() {
            Some(smtp) => format!("SMTP relay {}:{}", smtp.host, smtp.port),
            None => format!("pickup folder {}", runtime.config.pickup_dir().display()),
        }
    );
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let task = start_worker(&runtime, stopped, None)?;
    stop_requested().await;
    tracing::info!("stopping: finishing the delivery batch in flight");
    let _ = stop.send(true);
    finish_worker(
        task,
        StdDuration::from_secs(runtime.config.server.shutdown_grace_seconds),
    )
    .await;
    Ok(())
}

use poem::listener::Listener as _;
use tracing::Instrument as _;
