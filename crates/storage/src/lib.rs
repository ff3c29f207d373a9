//! Postern's storage adapter: every storage port on SeaORM, for SQLite (the zero-set-up
//! default, a file under `./var/`) and PostgreSQL.

use std::time::Duration as StdDuration;

use postern_domain::ports::StoreError;
use postern_migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, SqlErr};
use thiserror::Error;
use time::OffsetDateTime;

mod api_tokens;
mod downloads;
mod files;
mod inline;
pub use files::FolderAttachments;
mod s3;
pub use s3::{S3Attachments, S3Settings};
pub mod entities;
mod invitations;
mod misc;
mod outbox;
mod two_factor;
mod users;
mod webhooks;
mod writer;

/// The SeaORM implementation of every storage port.
#[derive(Clone, Debug)]
pub struct SqlStore {
    db: DatabaseConnection,
    queued: std::sync::Arc<tokio::sync::Notify>,
    statements: std::sync::Arc<StatementCounts>,
    probe: std::sync::Arc<Probe>,
    settings: std::sync::Arc<SettingsCache>,
    inline: Option<std::sync::Arc<inline::InlineReads>>,
    writer: Option<std::sync::Arc<writer::Writer>>,
    texts: std::sync::Arc<SqlTexts>,
}

/// Statement texts that depend on the schema only (the link pages' read, a select by one key
/// column), built once and kept: a hot read does not rebuild its SQL on every request.
#[derive(Debug, Default)]
struct SqlTexts(std::sync::Mutex<std::collections::HashMap<TextKey, std::sync::Arc<str>>>);

/// What a kept statement text is for: its purpose, a table and a column.
type TextKey = (&'static str, &'static str, &'static str);

impl SqlTexts {
    /// The text kept under `key`, built by `build` the first time.
    fn get(&self, key: TextKey, build: impl FnOnce() -> String) -> std::sync::Arc<str> {
        if let Some(text) = self.0.lock().ok().and_then(|texts| texts.get(&key).cloned()) {
            return text;
        }
        let text: std::sync::Arc<str> = build().into();
        if let Ok(mut texts) = self.0.lock() {
            texts.insert(key, text.clone());
        }
        text
    }
}

/// How many connections a store keeps, and how much page cache each SQLite connection may
/// fill: the memory the database layer can take is bounded by these, not by the database's
/// size (decision 0016).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolSettings {
    /// Connections at most; 0: the engine's default (PostgreSQL 16, SQLite 8).
    pub max_connections: u32,
    /// MiB of page cache per SQLite connection.
    pub sqlite_cache_mib: u32,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self {
            max_connections: 0,
            sqlite_cache_mib: 8,
        }
    }
}

impl PoolSettings {
    /// The connections for this engine.
    fn connections(&self, sqlite: bool) -> u32 {
        match self.max_connections {
            0 if sqlite => 8,
            0 => 16,
            n => n,
        }
    }
}

/// Statements this store executed, counted as they run (what a page costs the database), and
/// the column names of those it read inline.
#[derive(Debug, Default)]
pub struct StatementCounts {
    executed: std::sync::atomic::AtomicU64,
    bound_limits: std::sync::atomic::AtomicU64,
    reprepared: std::sync::atomic::AtomicU64,
    inline: std::sync::atomic::AtomicU64,
    written: std::sync::atomic::AtomicU64,
    /// The column names of the statements read inline, by their SQL.
    columns: inline::KnownColumns,
}

impl StatementCounts {
    fn count(&self, sql: &str) {
        use std::sync::atomic::Ordering::Relaxed;
        self.executed.fetch_add(1, Relaxed);
        // A LIMIT bound as a parameter makes SQLite prepare the statement again each time.
        if sql.contains("LIMIT ?") || sql.contains("LIMIT $") {
            self.bound_limits.fetch_add(1, Relaxed);
        }
    }

    /// Adds what SQLite's own counter says about one statement's executions
    /// (`SQLITE_STMTSTATUS_REPREPARE`, read after each inline read).
    fn count_reprepared(&self, n: i32) {
        let n = u64::try_from(n).unwrap_or_default();
        self.reprepared.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
    }

    /// How many of the statements were answered on the calling thread (SQLite's inline reads,
    /// decision 0017) rather than by the pool.
    pub fn inline(&self) -> u64 {
        self.inline.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn count_inline(&self) {
        self.inline.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// How many write transactions the SQLite writer thread committed (decision 0027).
    pub fn written(&self) -> u64 {
        self.written.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn count_written(&self) {
        self.written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// How many times SQLite prepared a statement of the inline reads again since it was
    /// first prepared (SQLite's `SQLITE_STMTSTATUS_REPREPARE`, summed over executions).
    pub fn reprepared(&self) -> u64 {
        self.reprepared.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Statements executed so far, and how many of them had a `LIMIT` bound as a parameter
    /// (SQLite prepares those again on every execution).
    pub fn read(&self) -> (u64, u64) {
        use std::sync::atomic::Ordering::Relaxed;
        (self.executed.load(Relaxed), self.bound_limits.load(Relaxed))
    }
}

/// `.one()` for a lookup by a unique key, without the `LIMIT` that `.one()` binds as a
/// parameter: SQLite (3.51) prepares a statement with a bound `LIMIT` again on every
/// execution, so a hot lookup would be parsed and planned every time (decision 0016).
pub(crate) trait OneByKey<M> {
    /// The row the key names, if any.
    fn one_by_key<C: sea_orm::ConnectionTrait>(self, db: &C) -> impl Future<Output = Result<Option<M>, DbErr>> + Send
    where
        Self: Sized;
}

impl<E: sea_orm::EntityTrait> OneByKey<E::Model> for sea_orm::Select<E> {
    async fn one_by_key<C: sea_orm::ConnectionTrait>(self, db: &C) -> Result<Option<E::Model>, DbErr> {
        Ok(self.all(db).await?.pop())
    }
}

/// The portal's settings as last read or written by this process: read on nearly every page,
/// changed rarely. A change through this store is seen at once; one made elsewhere (another
/// instance, the command line) within [`SettingsCache::FRESH`] (decision 0016).
#[derive(Debug, Default)]
struct SettingsCache {
    kept: std::sync::Mutex<Option<Kept>>,
}

/// The shared settings and when they were read or written.
type Kept = (
    std::sync::Arc<postern_domain::policy::PortalSettings>,
    std::time::Instant,
);

impl SettingsCache {
    /// How long settings are used without asking the database again.
    const FRESH: StdDuration = StdDuration::from_secs(1);

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Kept>> {
        self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The settings, when read or written less than [`Self::FRESH`] ago.
    fn fresh(&self) -> Option<std::sync::Arc<postern_domain::policy::PortalSettings>> {
        self.lock()
            .as_ref()
            .filter(|(_, at)| at.elapsed() < Self::FRESH)
            .map(|(s, _)| s.clone())
    }

    fn keep(&self, settings: std::sync::Arc<postern_domain::policy::PortalSettings>) {
        *self.lock() = Some((settings, std::time::Instant::now()));
    }
}

/// Asks PostgreSQL with a connection of its own whether it can be reached (see
/// `SessionStore::unreachable_now`): one attempt at a time, its answer reused for half a
/// second.
struct Probe {
    /// The database URL (with its password: never printed), or `None` on SQLite.
    url: Option<String>,
    last: tokio::sync::Mutex<Option<(std::time::Instant, bool)>>,
}

impl std::fmt::Debug for Probe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Probe")
    }
}

impl Probe {
    /// How long an answer is reused.
    const FRESH: StdDuration = StdDuration::from_millis(500);
    /// How long a fresh connection is given.
    const PATIENCE: StdDuration = StdDuration::from_secs(2);

    async fn unreachable_now(&self) -> bool {
        use sea_orm::sqlx::Connection;
        let Some(url) = &self.url else {
            return false;
        };
        let mut last = self.last.lock().await;
        if let Some((at, down)) = *last
            && at.elapsed() < Self::FRESH
        {
            return down;
        }
        let attempt = tokio::time::timeout(Self::PATIENCE, async {
            let connection = sea_orm::sqlx::postgres::PgConnection::connect(url).await?;
            connection.close().await
        })
        .await;
        // Refused, reset, or turned away: down. No answer in time says nothing for sure (a
        // busy machine connects slowly too): the request goes on waiting on the pool.
        let down = matches!(attempt, Ok(Err(_)));
        if down {
            note_connection_failure();
        }
        *last = Some((std::time::Instant::now(), down));
        down
    }
}

/// Where a database's schema stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaStatus {
    /// Migrations applied.
    pub applied: usize,
    /// Migrations this binary would apply.
    pub pending: Vec<String>,
    /// Migrations applied by a newer Postern.
    pub unknown: Vec<String>,
}

/// Why the database could not be opened.
#[derive(Debug, Error)]
pub enum OpenError {
    /// The URL is not one Postern understands.
    #[error("unsupported database URL '{0}': use sqlite://PATH?mode=rwc or postgres://…")]
    UnsupportedUrl(String),
    /// Connecting failed.
    #[error("cannot connect to the database at {url}: {reason}")]
    Connect {
        /// The URL without its password.
        url: String,
        /// The driver's reason.
        reason: String,
    },
    /// Migrations failed.
    #[error("cannot migrate the database at {url}: {reason}")]
    Migrate {
        /// The URL without its password.
        url: String,
        /// The reason.
        reason: String,
    },
    /// The database was migrated by a newer Postern.
    #[error(
        "the database at {url} was migrated by a newer Postern (it has {unknown}, which this one does not know): install that version again, or restore a backup taken by this one"
    )]
    SchemaTooNew {
        /// The URL without its password.
        url: String,
        /// The unknown migration names.
        unknown: String,
    },
}

/// Removes the password from a database URL, for messages and logs.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_owned(),
    }
}

impl SqlStore {
    /// Connects (with short timeouts) without migrating.
    ///
    /// # Errors
    /// [`OpenError`] naming the URL without its password.
    pub async fn connect(url: &str) -> Result<Self, OpenError> {
        Self::connect_with(url, &PoolSettings::default()).await
    }

    /// Connects with these pool settings, without migrating.
    ///
    /// # Errors
    /// [`OpenError`] naming the URL without its password.
    pub async fn connect_with(url: &str, pool: &PoolSettings) -> Result<Self, OpenError> {
        let shown = redact_url(url);
        let sqlite = url.starts_with("sqlite:");
        if !(url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(OpenError::UnsupportedUrl(shown));
        }
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .connect_timeout(StdDuration::from_secs(2))
            // A busy machine may take seconds to hand out a connection; a request that waits
            // on a database that is down is answered 503 by the web layer after a second
            // (it asks `unreachable_now`), not after this.
            .acquire_timeout(StdDuration::from_secs(5))
            .max_connections(pool.connections(sqlite))
            // Statements at trace level; a statement slower than half a second at warn level,
            // with its SQL (placeholders only, never the values).
            .sqlx_logging(true)
            .sqlx_logging_level(log::LevelFilter::Trace)
            .sqlx_slow_statements_logging_settings(log::LevelFilter::Warn, StdDuration::from_millis(500));
        let cache = format!("-{}", u64::from(pool.sqlite_cache_mib.max(1)) * 1024);
        options.map_sqlx_sqlite_opts(move |o: SqliteConnectOptions| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(StdDuration::from_secs(10))
                // Deleted rows are overwritten, not left readable in the file (DESIGN.md §3).
                .pragma("secure_delete", "on")
                // Bounded page cache per connection (PoolSettings): the file's pages stay in the
                // system's cache as well.
                .pragma("cache_size", cache.clone())
        });
        let mut db = Database::connect(options).await.map_err(|e| OpenError::Connect {
            url: shown.clone(),
            reason: redact_reason(&e.to_string(), url),
        })?;
        let statements = std::sync::Arc::new(StatementCounts::default());
        let counts = statements.clone();
        db.set_metric_callback(move |info| counts.count(&info.statement.sql));
        let writer = inline::sqlite_file(url)
            .and_then(|path| {
                writer::Writer::start(
                    &path,
                    u64::from(pool.sqlite_cache_mib.max(1)) * 1024,
                    statements.clone(),
                )
            })
            .map(std::sync::Arc::new);
        Ok(Self {
            db,
            queued: std::sync::Arc::default(),
            statements,
            probe: std::sync::Arc::new(Probe {
                url: (!url.starts_with("sqlite:")).then(|| url.to_owned()),
                last: tokio::sync::Mutex::new(None),
            }),
            settings: std::sync::Arc::default(),
            inline: inline::InlineReads::for_url(url, pool.sqlite_cache_mib, pool.connections(sqlite))
                .map(std::sync::Arc::new),
            writer,
            texts: std::sync::Arc::default(),
        })
    }

    /// The row a select by a primary or unique key finds: inline on SQLite (see
    /// `inline`), from the pool otherwise or when the inline read cannot answer at once.
    pub(crate) async fn by_key<E>(&self, select: sea_orm::Select<E>) -> Result<Option<E::Model>, StoreError>
    where
        E: sea_orm::EntityTrait,
        E::ActiveModel: sea_orm::TryIntoModel<E::Model>,
    {
        Ok(self.by_keys(select).await?.pop())
    }

    /// The row whose `column` (a primary or unique key) holds `value`: like
    /// [`SqlStore::by_key`], with the statement's text built once per column.
    pub(crate) async fn by_column<E>(
        &self,
        column: E::Column,
        value: sea_orm::Value,
    ) -> Result<Option<E::Model>, StoreError>
    where
        E: sea_orm::EntityTrait,
        E::ActiveModel: sea_orm::TryIntoModel<E::Model>,
    {
        use sea_orm::{ColumnTrait, IdenStatic, Iterable, QueryFilter};
        if let Some(inline) = &self.inline {
            let table = E::default().table_name();
            let sql = self.texts.get(("by column", table, column.as_str()), || {
                let columns = E::Column::iter()
                    .map(|c| format!("\"{}\"", c.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("SELECT {columns} FROM \"{table}\" WHERE \"{}\" = ?", column.as_str())
            });
            if let Some(mut rows) = inline.rows(&self.statements, &sql, std::slice::from_ref(&value)) {
                return match rows.len() {
                    0 => Ok(None),
                    n => rows.model::<E>(n - 1, ""),
                };
            }
        }
        E::find()
            .filter(column.eq(value))
            .one(&self.db)
            .await
            .map_err(store_err)
    }

    /// The rows a select by primary or unique keys finds (a handful: `IN` a short list), inline
    /// on SQLite like [`SqlStore::by_key`].
    pub(crate) async fn by_keys<E>(&self, select: sea_orm::Select<E>) -> Result<Vec<E::Model>, StoreError>
    where
        E: sea_orm::EntityTrait,
        E::ActiveModel: sea_orm::TryIntoModel<E::Model>,
    {
        use sea_orm::QueryTrait;
        if let Some(inline) = &self.inline {
            let statement = select.build(DbBackend::Sqlite);
            let values = statement.values.as_ref().map(|v| v.0.as_slice()).unwrap_or_default();
            if let Some(mut rows) = inline.rows(&self.statements, &statement.sql, values) {
                let mut found = Vec::with_capacity(rows.len());
                for i in 0..rows.len() {
                    found.extend(rows.model::<E>(i, "")?);
                }
                return Ok(found);
            }
        }
        select.all(&self.db).await.map_err(store_err)
    }

    /// Runs `work` as one transaction on the SQLite writer thread (decision 0027); `None` where
    /// there is none (PostgreSQL, an in-memory database) or it is gone: nothing was written,
    /// and the caller runs the same statements on the pool.
    pub(crate) async fn on_writer<T, F>(&self, work: F) -> Option<Result<T, StoreError>>
    where
        T: Send + 'static,
        F: FnOnce(&writer::WriterConn<'_>) -> Result<T, StoreError> + Send + 'static,
    {
        self.writer.as_ref()?.transaction(work).await
    }

    /// Whether write transactions go to the SQLite writer thread.
    pub(crate) fn has_writer(&self) -> bool {
        self.writer.is_some()
    }

    /// The rows of `select`, in its order, when there are at most `at_most`: read inline on
    /// SQLite like [`SqlStore::by_key`] (with a literal `LIMIT` one above, which SQLite keeps
    /// prepared: decision 0016). `None` when there are more, or where the inline lane cannot
    /// answer: the caller asks the pool.
    pub(crate) fn small_list<E>(
        &self,
        select: sea_orm::Select<E>,
        at_most: usize,
    ) -> Result<Option<Vec<E::Model>>, StoreError>
    where
        E: sea_orm::EntityTrait,
        E::ActiveModel: sea_orm::TryIntoModel<E::Model>,
    {
        use sea_orm::QueryTrait;
        let Some(inline) = &self.inline else {
            return Ok(None);
        };
        let statement = select.build(DbBackend::Sqlite);
        let sql = format!("{} LIMIT {}", statement.sql, at_most + 1);
        let values = statement.values.as_ref().map(|v| v.0.as_slice()).unwrap_or_default();
        let Some(mut rows) = inline.rows(&self.statements, &sql, values) else {
            return Ok(None);
        };
        if rows.len() > at_most {
            return Ok(None);
        }
        let mut found = Vec::with_capacity(rows.len());
        for i in 0..rows.len() {
            found.extend(rows.model::<E>(i, "")?);
        }
        Ok(Some(found))
    }

    /// Notified when this store committed messages to the outbox, and — on PostgreSQL, once
    /// [`SqlStore::listen_for_queued`] runs — when any instance did: the delivery worker
    /// waits on it between rounds instead of sleeping out its poll.
    pub fn queued_messages(&self) -> std::sync::Arc<tokio::sync::Notify> {
        self.queued.clone()
    }

    /// Wakes this process's worker: `n` messages were committed to the outbox.
    pub(crate) fn queued(&self, n: usize) {
        if n > 0 {
            self.queued.notify_one();
        }
    }

    /// On PostgreSQL, listens (on a connection of its own, reconnecting as needed) for the
    /// notice every commit that queues messages sends, from any instance, and passes it on to
    /// [`SqlStore::queued_messages`]. Nothing to do on SQLite (one instance).
    ///
    /// # Errors
    /// The first connection cannot be made.
    pub async fn listen_for_queued(&self) -> Result<Option<tokio::task::JoinHandle<()>>, StoreError> {
        let Some(url) = self.probe.url.clone() else {
            return Ok(None);
        };
        let mut listener = sea_orm::sqlx::postgres::PgListener::connect(&url).await.map_err(|e| {
            StoreError::Unavailable(format!(
                "listening for queued messages: {}",
                redact_reason(&e.to_string(), &url)
            ))
        })?;
        listener
            .listen(outbox::QUEUED_CHANNEL)
            .await
            .map_err(|e| StoreError::Unavailable(format!("listening for queued messages: {e}")))?;
        let queued = self.queued.clone();
        Ok(Some(tokio::spawn(async move {
            loop {
                // `recv` reconnects by itself after a lost connection (notices sent meanwhile
                // are lost; the worker's poll covers them).
                match listener.recv().await {
                    Ok(_) => queued.notify_one(),
                    Err(e) => {
                        tracing::warn!(error = %e, "listening for queued messages failed; trying again");
                        tokio::time::sleep(StdDuration::from_secs(1)).await;
                    }
                }
            }
        })))
    }

    /// The statements this store executed so far (see [`StatementCounts`]).
    pub fn statements(&self) -> &StatementCounts {
        &self.statements
    }

    /// Connects, refuses a schema newer than this binary, and applies pending migrations.
    ///
    /// # Errors
    /// [`OpenError`].
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        Self::open_with(url, &PoolSettings::default()).await
    }

    /// [`SqlStore::open`] with these pool settings.
    ///
    /// # Errors
    /// [`OpenError`].
    pub async fn open_with(url: &str, pool: &PoolSettings) -> Result<Self, OpenError> {
        let store = Self::connect_with(url, pool).await?;
        store.migrate(url).await?;
        Ok(store)
    }

    /// Applies pending migrations after checking that the database is not newer.
    ///
    /// # Errors
    /// [`OpenError`].
    pub async fn migrate(&self, url: &str) -> Result<(), OpenError> {
        let shown = redact_url(url);
        let err = |e: DbErr| OpenError::Migrate {
            url: shown.clone(),
            reason: e.to_string(),
        };
        // Read from the table itself: the migrator refuses to list versions it has no file for.
        let unknown = self.schema_status().await.map_err(err)?.unknown;
        if !unknown.is_empty() {
            return Err(OpenError::SchemaTooNew {
                url: shown,
                unknown: unknown.join(", "),
            });
        }
        Migrator::up(&self.db, None).await.map_err(err)
    }

    /// Where the schema stands, without changing it: migrations applied, pending, and unknown
    /// to this binary (a newer Postern migrated the database).
    ///
    /// # Errors
    /// The migrations table cannot be read.
    pub async fn schema_status(&self) -> Result<SchemaStatus, DbErr> {
        let known: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
        // Read from the table itself: the migrator refuses to list versions it has no file for.
        let rows = self
            .db
            .query_all_raw(sea_orm::Statement::from_string(
                self.backend(),
                "SELECT version FROM seaql_migrations ORDER BY version".to_owned(),
            ))
            .await;
        let applied: Vec<String> = match rows {
            Ok(rows) => rows
                .iter()
                .filter_map(|r| r.try_get_by_index::<String>(0).ok())
                .collect(),
            // A database that cannot be reached says nothing about its schema.
            Err(e) if connection_lost(&e) => {
                note_connection_failure();
                return Err(e);
            }
            // A database never migrated has no migrations table yet.
            Err(_) => Vec::new(),
        };
        Ok(SchemaStatus {
            pending: known.iter().filter(|k| !applied.contains(k)).cloned().collect(),
            unknown: applied.iter().filter(|a| !known.contains(a)).cloned().collect(),
            applied: applied.len(),
        })
    }

    /// A consistent copy of a SQLite database, taken while it is in use (`VACUUM INTO`), into
    /// `path` (which must not exist).
    ///
    /// # Errors
    /// Not SQLite, or the copy failed.
    pub async fn backup_sqlite(&self, path: &std::path::Path) -> Result<(), DbErr> {
        if self.backend() != DbBackend::Sqlite {
            return Err(DbErr::Custom(
                "only a SQLite database is copied this way; use pg_dump for PostgreSQL".into(),
            ));
        }
        let target = path.to_string_lossy().replace('\'', "''");
        self.db
            .execute_unprepared(&format!("VACUUM INTO '{target}'"))
            .await
            .map(|_| ())
    }

    /// Closes every connection (on SQLite the last one folds the write-ahead log into the
    /// database file).
    pub async fn close(self) {
        let _ = self.db.close().await;
    }

    /// Whether this is a SQLite database.
    pub fn is_sqlite(&self) -> bool {
        self.backend() == DbBackend::Sqlite
    }

    /// The underlying connection (benchmarks, maintenance).
    pub fn connection(&self) -> &DatabaseConnection {
        &self.db
    }

    fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }
}

fn redact_reason(reason: &str, url: &str) -> String {
    reason.replace(url, &redact_url(url))
}

/// Maps an engine error into the port's error; unique violations become conflicts.
/// `LIKE '%text%'`, with the text's own `%`, `_` and `\` taken literally (escaped with `\`).
pub(crate) fn contains(text: &postern_domain::query::SearchText) -> sea_orm::sea_query::LikeExpr {
    let mut pattern = String::from("%");
    for c in text.as_str().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')
}

/// `LOWER(column)`: PostgreSQL compares text with case, SQLite does not; both lower it here.
pub(crate) fn lower(column: impl sea_orm::sea_query::IntoColumnRef) -> sea_orm::sea_query::Expr {
    sea_orm::sea_query::Func::lower(sea_orm::sea_query::Expr::col(column)).into()
}

/// When a connection to the database last failed (milliseconds since [`process_start`]; 0:
/// never): one database per process, so one record.
static CONNECTION_FAILED_AT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The process's reference instant for [`CONNECTION_FAILED_AT`].
fn process_start() -> std::time::Instant {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    *START.get_or_init(std::time::Instant::now)
}

/// Whether `e` means the database could not be reached (rather than a query's own fault).
fn connection_lost(e: &DbErr) -> bool {
    use sea_orm::sqlx::Error as X;
    let sqlx = |r: &sea_orm::RuntimeErr| match r {
        sea_orm::RuntimeErr::SqlxError(e) => match e.as_ref() {
            X::Io(_) | X::PoolTimedOut | X::PoolClosed | X::Tls(_) | X::WorkerCrashed => true,
            // PostgreSQL going away says so first: class 08 (connection exception) and 57P01–03
            // (administrator or crash shutdown, cannot connect now).
            X::Database(db) => db
                .code()
                .is_some_and(|code| code.starts_with("08") || matches!(code.as_ref(), "57P01" | "57P02" | "57P03")),
            _ => false,
        },
        _ => false,
    };
    match e {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(r) | DbErr::Exec(r) | DbErr::Query(r) => sqlx(r),
        _ => false,
    }
}

/// Notes a failed connection for [`SqlStore::connection_failed_since`].
fn note_connection_failure() {
    let at = u64::try_from(process_start().elapsed().as_millis())
        .unwrap_or(u64::MAX)
        .max(1);
    CONNECTION_FAILED_AT.store(at, std::sync::atomic::Ordering::Relaxed);
}

/// Whether a connection failed at or after `since` (see the `SessionStore` port).
pub(crate) fn connection_failed_since(since: std::time::Instant) -> bool {
    let at = CONNECTION_FAILED_AT.load(std::sync::atomic::Ordering::Relaxed);
    let since = u64::try_from(since.saturating_duration_since(process_start()).as_millis()).unwrap_or(u64::MAX);
    at != 0 && at >= since
}

pub(crate) fn store_err(e: DbErr) -> StoreError {
    if connection_lost(&e) {
        note_connection_failure();
    }
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(what)) => StoreError::Conflict(what),
        _ => StoreError::Unavailable(e.to_string()),
    }
}

pub(crate) fn corrupt(what: &str) -> StoreError {
    StoreError::Unavailable(format!("unreadable {what} row"))
}

/// Microseconds since the Unix epoch: the one time format of the schema.
pub(crate) fn micros(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1000).unwrap_or(i64::MAX)
}

pub(crate) fn from_micros(m: i64) -> Result<OffsetDateTime, StoreError> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(m) * 1000).map_err(|_| corrupt("timestamp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_password() {
        assert_eq!(
            redact_url("postgres://postern:s3cret@db:5432/p"),
            "postgres://postern:***@db:5432/p"
        );
        assert_eq!(
            redact_url("sqlite://var/postern.db?mode=rwc"),
            "sqlite://var/postern.db?mode=rwc"
        );
    }

    #[test]
    fn micros_round_trip() {
        let t = time::macros::datetime!(2026-11-02 09:30:15.123456 UTC);
        assert_eq!(from_micros(micros(t)).unwrap(), t);
    }
}
