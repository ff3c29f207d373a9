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

/// A transaction's work on the writer thread.
type Job = Box<dyn FnOnce(&Mutex<rusqlite::Connection>) + Send>;

/// The writer thread of one SQLite file; it ends when the store is dropped.
pub(crate) struct Writer {
    jobs: Mutex<mpsc::Sender<Job>>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").finish_non_exhaustive()
    }
}

impl Writer {
    /// A writer thread for the SQLite file at `path`, with `cache_kib` of page cache; `None`
    /// when the thread cannot be started or the file not opened (the pool writes instead).
    pub(crate) fn start(path: &std::path::Path, cache_kib: u64) -> Option<Self> {
        let db = open(path, cache_kib)
            .map_err(|e| tracing::warn!(error = %e, "the SQLite writer could not open the database; the pool writes"))
            .ok()?;
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || {
                let db = Mutex::new(db);
                // Until every sender is gone: the store was dropped.
                while let Ok(job) = queue.recv() {
                    job(&db);
                }
            })
            .map_err(|e| tracing::warn!(error = %e, "the SQLite writer thread did not start; the pool writes"))
            .ok()?;
        Some(Self { jobs: Mutex::new(jobs) })
    }

    /// Runs `work` in one transaction (`BEGIN IMMEDIATE` … `COMMIT`, rolled back when it
    /// fails) on the writer thread. `None` when the thread is gone: nothing was written, the
    /// caller uses the pool.
    pub(crate) async fn transaction<T, F>(
        &self,
        counts: std::sync::Arc<StatementCounts>,
        work: F,
    ) -> Option<Result<T, StoreError>>
    where
        T: Send + 'static,
        F: FnOnce(&WriterConn<'_>) -> Result<T, StoreError> + Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |db| {
            let _ = answer.send(run(db, &counts, work));
        });
        self.jobs.lock().ok()?.send(job).ok()?;
        answered.await.ok()
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
    db.set_prepared_statement_cache_capacity(64);
    Ok(db)
}

fn run<T>(
    db: &Mutex<rusqlite::Connection>,
    counts: &StatementCounts,
    work: impl FnOnce(&WriterConn<'_>) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let conn = WriterConn { db, counts };
    conn.batch("BEGIN IMMEDIATE")?;
    let done = work(&conn).and_then(|value| conn.batch("COMMIT").map(|()| value));
    match done {
        Ok(value) => {
            counts.count_written();
            Ok(value)
        }
        Err(e) => {
            // Outside a transaction (COMMIT may have ended it) there is nothing to roll back.
            if let Ok(db) = db.lock()
                && !db.is_autocommit()
                && let Err(rollback) = db.execute_batch("ROLLBACK")
            {
                tracing::warn!(error = %rollback, "the SQLite writer could not roll back");
            }
            Err(e)
        }
    }
}

/// The writer thread's connection inside one transaction.
pub(crate) struct WriterConn<'a> {
    db: &'a Mutex<rusqlite::Connection>,
    counts: &'a StatementCounts,
}

impl WriterConn<'_> {
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
