//! Write transactions that SQLite runs on a thread of their own (decision 0027).
//!
//! sqlx runs each SQLite connection on a thread of its own and hands it every statement as a
//! message: a transaction of six statements is twelve thread wake-ups, and sending one
//! invitation spent more CPU on them than on its statements. The hot write transactions
//! therefore go to one writer thread as a whole: the calling task hands over the transaction
//! once and is woken once when it has committed or rolled back. The statements are the ones
//! SeaORM builds for the pool (the same functions write on both, through [`Exec`]), the values
//! bound as sqlx binds them.
//!
//! SQLite lets one writer at a time into a database; the pool's writers (every other write)
//! and this thread take turns on the same lock, with the same `busy_timeout`. PostgreSQL and
//! in-memory databases have no writer thread; neither does a store whose thread could not open
//! the file — those transactions run on the pool as before.

use std::sync::Mutex;
use std::sync::mpsc;

use futures::FutureExt;
use postern_domain::ports::StoreError;
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::StatementCounts;

/// How a transaction answers its caller once its batch has committed (`None`) or failed.
type Reply = Box<dyn FnOnce(Option<&StoreError>) + Send>;

/// A transaction's work on the writer thread: run inside the batch's transaction (or told why
/// the batch could not begin); whether it succeeded, and how to answer.
type Job = Box<dyn FnOnce(Result<&WriterConn<'_>, &StoreError>) -> (bool, Reply) + Send>;

/// Transactions committed together at most: the ones queued while the previous batch ran.
const BATCH: usize = 64;

/// The writer thread of one SQLite file; it ends when the store is dropped.
pub(crate) struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").finish_non_exhaustive()
    }
}

impl Writer {
    /// A writer thread for the SQLite file at `path`, with `cache_kib` of page cache; `None`
    /// when the thread cannot be started or the file not opened (the pool writes instead).
    pub(crate) fn start(
        path: &std::path::Path,
        cache_kib: u64,
        counts: std::sync::Arc<StatementCounts>,
    ) -> Option<Self> {
        let db = open(path, cache_kib)
            .map_err(|e| tracing::warn!(error = %e, "the SQLite writer could not open the database; the pool writes"))
            .ok()?;
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || {
                let db = Mutex::new(db);
                // Until every sender is gone: the store was dropped.
                while let Ok(first) = queue.recv() {
                    let mut batch = vec![first];
                    while batch.len() < BATCH {
                        match queue.try_recv() {
                            Ok(job) => batch.push(job),
                            Err(_) => break,
                        }
                    }
                    run_batch(&db, &counts, batch);
                }
            })
            .map_err(|e| tracing::warn!(error = %e, "the SQLite writer thread did not start; the pool writes"))
            .ok()?;
        Some(Self { jobs })
    }

    /// Runs `work` as one transaction on the writer thread: in a savepoint of the transaction
    /// of its batch (the transactions queued meanwhile), rolled back alone when it fails,
    /// answered once the batch has committed. `None` when the thread is gone: nothing was
    /// written, the caller uses the pool.
    pub(crate) async fn transaction<T, F>(&self, work: F) -> Option<Result<T, StoreError>>
    where
        T: Send + 'static,
        F: FnOnce(&WriterConn<'_>) -> Result<T, StoreError> + Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |conn| {
            let outcome = match conn {
                Ok(conn) => conn.savepoint(work),
                Err(e) => Err(e.clone()),
            };
            let succeeded = outcome.is_ok();
            let reply: Reply = Box::new(move |failed| {
                let _ = answer.send(match (outcome, failed) {
                    (Ok(_), Some(e)) => Err(e.clone()),
                    (outcome, _) => outcome,
                });
            });
            (succeeded, reply)
        });
        self.jobs.send(job).ok()?;
        answered.await.ok()
    }
}

/// Runs a batch of transactions in one SQLite transaction, each in a savepoint, and answers
/// each once it committed or rolled back.
fn run_batch(db: &Mutex<rusqlite::Connection>, counts: &StatementCounts, batch: Vec<Job>) {
    let conn = WriterConn {
        db,
        counts,
        broken: std::sync::atomic::AtomicBool::new(false),
    };
    if let Err(e) = conn.batch("BEGIN IMMEDIATE") {
        for job in batch {
            job(Err(&e)).1(Some(&e));
        }
        return;
    }
    let mut replies = Vec::with_capacity(batch.len());
    let mut succeeded = 0;
    for job in batch {
        let (ok, reply) = if conn.is_broken() {
            job(Err(&unavailable("the batch's transaction ended")))
        } else {
            job(Ok(&conn))
        };
        succeeded += u64::from(ok);
        replies.push(reply);
    }
    let committed = if conn.is_broken() {
        Err(unavailable("the batch's transaction ended"))
    } else {
        conn.batch("COMMIT")
    };
    if committed.is_err() {
        // Outside a transaction (SQLite may have ended it) there is nothing to roll back.
        if let Ok(db) = db.lock()
            && !db.is_autocommit()
            && let Err(rollback) = db.execute_batch("ROLLBACK")
        {
            tracing::warn!(error = %rollback, "the SQLite writer could not roll back");
        }
    } else {
        for _ in 0..succeeded {
            counts.count_written();
        }
    }
    for reply in replies {
        reply(committed.as_ref().err());
    }
}

fn open(path: &std::path::Path, cache_kib: u64) -> rusqlite::Result<rusqlite::Connection> {
    use rusqlite::OpenFlags;
    let db = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // As the pool's connections are set up (lib.rs): the same durability, the same checks,
    // deleted rows overwritten (DESIGN.md §3), the same wait for the lock.
    db.busy_timeout(std::time::Duration::from_secs(10))?;
    db.pragma_update(None, "journal_mode", "wal")?;
    db.pragma_update(None, "synchronous", "normal")?;
    db.pragma_update(None, "foreign_keys", "on")?;
    db.pragma_update(None, "secure_delete", "on")?;
    db.pragma_update(None, "cache_size", format!("-{cache_kib}"))?;
    // The savepoints of a batch keep their undo pages in memory: with the default, SQLite
    // spills them to a temporary file created and deleted on every batch (a file's creation,
    // truncation and eviction in the kernel for each commit), and that file holds copies of
    // the rows on the disk, outside the database, until it is deleted.
    db.pragma_update(None, "temp_store", "memory")?;
    db.set_prepared_statement_cache_capacity(64);
    Ok(db)
}

/// The writer thread's connection inside one transaction.
pub(crate) struct WriterConn<'a> {
    db: &'a Mutex<rusqlite::Connection>,
    counts: &'a StatementCounts,
    /// The batch's transaction is no longer whole (SQLite ended it, or a savepoint could not
    /// be rolled back): nothing more runs in it, and it is rolled back.
    broken: std::sync::atomic::AtomicBool,
}

impl WriterConn<'_> {
    fn is_broken(&self) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let ended = self.db.lock().map_or(true, |db| db.is_autocommit());
        if ended {
            self.broken.store(true, Relaxed);
        }
        self.broken.load(Relaxed)
    }

    fn break_batch(&self) {
        self.broken.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Runs `work` in a savepoint: kept when it succeeds, rolled back alone when it fails.
    fn savepoint<T>(&self, work: impl FnOnce(&Self) -> Result<T, StoreError>) -> Result<T, StoreError> {
        self.batch("SAVEPOINT job")?;
        match work(self) {
            // A savepoint that cannot be released would keep the work in the batch while its
            // caller hears an error: the whole batch is rolled back instead.
            Ok(value) => self
                .batch("RELEASE job")
                .map(|()| value)
                .inspect_err(|_| self.break_batch()),
            Err(e) => {
                if self
                    .batch("ROLLBACK TO job")
                    .and_then(|()| self.batch("RELEASE job"))
                    .is_err()
                {
                    self.break_batch();
                }
                Err(e)
            }
        }
    }

    fn batch(&self, sql: &str) -> Result<(), StoreError> {
        let db = self.db.lock().map_err(|_| unavailable("the writer's connection"))?;
        db.execute_batch(sql).map_err(|e| failed(&e))
    }

    /// Runs one statement; the rows it changed.
    pub(crate) fn execute(&self, statement: &Statement) -> Result<u64, StoreError> {
        let db = self.db.lock().map_err(|_| unavailable("the writer's connection"))?;
        let mut prepared = db.prepare_cached(&statement.sql).map_err(|e| failed(&e))?;
        self.counts.count(&statement.sql);
        let values = statement.values.as_ref().map(|v| v.0.as_slice()).unwrap_or_default();
        for (i, value) in values.iter().enumerate() {
            let value = crate::inline::bindable(value).map_err(|e| unavailable(&e.to_string()))?;
            prepared.raw_bind_parameter(i + 1, value).map_err(|e| failed(&e))?;
        }
        let changed = prepared.raw_execute().map_err(|e| failed(&e))?;
        Ok(u64::try_from(changed).unwrap_or(u64::MAX))
    }

    /// The rows of one statement (an `UPDATE … RETURNING`), to be read by their entity.
    pub(crate) fn rows(&self, statement: &Statement) -> Result<crate::inline::Rows, StoreError> {
        let db = self.db.lock().map_err(|_| unavailable("the writer's connection"))?;
        let values = statement.values.as_ref().map(|v| v.0.as_slice()).unwrap_or_default();
        crate::inline::read(&db, self.counts, &statement.sql, values).map_err(|e| match e {
            crate::inline::Unanswered::Sqlite(e) => failed(&e),
            crate::inline::Unanswered::Value(what) => unavailable(&what),
        })
    }
}

fn unavailable(what: &str) -> StoreError {
    StoreError::Unavailable(format!("SQLite writer: {what}"))
}

/// SQLite's error as the pool's would be mapped: a unique key or primary key a conflict.
fn failed(e: &rusqlite::Error) -> StoreError {
    use rusqlite::ffi::{SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE};
    match e {
        rusqlite::Error::SqliteFailure(code, message)
            if matches!(
                code.extended_code,
                SQLITE_CONSTRAINT_UNIQUE | SQLITE_CONSTRAINT_PRIMARYKEY
            ) =>
        {
            StoreError::Conflict(message.clone().unwrap_or_else(|| e.to_string()))
        }
        _ => StoreError::Unavailable(e.to_string()),
    }
}

/// Where a write transaction's statements run: a transaction of the pool (any SeaORM
/// connection) or the writer thread's. The functions that write a transaction's rows take
/// either.
#[async_trait::async_trait]
pub(crate) trait Exec: Sync {
    /// The engine, for the statements' dialect.
    fn backend(&self) -> DbBackend;
    /// Runs one statement; the rows it changed.
    async fn exec(&self, statement: Statement) -> Result<u64, StoreError>;
    /// Runs one statement that returns a UUID per row (`… RETURNING id`); those UUIDs.
    async fn ids(&self, statement: Statement) -> Result<Vec<uuid::Uuid>, StoreError>;
}

#[async_trait::async_trait]
impl<C: ConnectionTrait> Exec for C {
    fn backend(&self) -> DbBackend {
        self.get_database_backend()
    }

    async fn exec(&self, statement: Statement) -> Result<u64, StoreError> {
        self.execute_raw(statement)
            .await
            .map(|done| done.rows_affected())
            .map_err(crate::store_err)
    }

    async fn ids(&self, statement: Statement) -> Result<Vec<uuid::Uuid>, StoreError> {
        let rows = self.query_all_raw(statement).await.map_err(crate::store_err)?;
        rows.iter()
            .map(|row| row.try_get_by_index::<uuid::Uuid>(0).map_err(crate::store_err))
            .collect()
    }
}

#[async_trait::async_trait]
impl Exec for WriterConn<'_> {
    fn backend(&self) -> DbBackend {
        DbBackend::Sqlite
    }

    async fn exec(&self, statement: Statement) -> Result<u64, StoreError> {
        self.execute(&statement)
    }

    async fn ids(&self, statement: Statement) -> Result<Vec<uuid::Uuid>, StoreError> {
        let rows = self.rows(&statement)?;
        (0..rows.len())
            .map(|i| rows.uuid(i, 0).ok_or_else(|| crate::corrupt("returned id")))
            .collect()
    }
}

/// Runs the statement functions on the writer's connection: they wait for nothing but the
/// connection, which answers at once, so the future is ready when first polled.
pub(crate) fn now<T>(work: impl std::future::Future<Output = Result<T, StoreError>>) -> Result<T, StoreError> {
    work.now_or_never()
        .unwrap_or_else(|| Err(unavailable("a statement function waited for something else")))
}
