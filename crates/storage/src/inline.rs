//! Reads that SQLite answers on the calling thread (decision 0017).
//!
//! sqlx runs every SQLite connection on a thread of its own: each statement is a message to
//! that thread and each answer a message back, and on the activation page those hand-offs
//! cost more CPU than the page itself. The hot keyed reads therefore run on a read-only
//! connection held by the calling task's thread, with their statements kept prepared, and
//! sqlx's pool does everything else (every write, every transaction, every list). A keyed
//! read from SQLite's page cache takes microseconds, well within what a runtime thread may
//! spend between two awaits. Whenever the inline connection cannot answer at once (the file
//! is locked or busy, it cannot be opened, a value does not read back), the read goes to the
//! pool instead: the inline lane is a shortcut, never a second source of errors.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use postern_domain::ports::StoreError;
use sea_orm::sea_query::{ColumnType, Value};
use sea_orm::sqlx::sqlite::SqliteConnectOptions;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IdenStatic, Iterable, TryIntoModel};

use crate::StatementCounts;

/// The column names of a statement: one after another (a page's link read has some sixty
/// columns: one string rather than sixty), and where each ends.
#[derive(Debug)]
pub(crate) struct Columns {
    names: String,
    ends: Vec<usize>,
}

impl Columns {
    /// The names of `statement`'s columns.
    fn of(statement: &rusqlite::Statement<'_>) -> rusqlite::Result<Self> {
        let width = statement.column_count();
        let mut names = String::new();
        let mut ends = Vec::with_capacity(width);
        for i in 0..width {
            names.push_str(statement.column_name(i)?);
            ends.push(names.len());
        }
        Ok(Self { names, ends })
    }

    /// The name of column `at`.
    fn name(&self, at: usize) -> &str {
        let start = if at == 0 { 0 } else { self.ends[at - 1] };
        &self.names[start..self.ends[at]]
    }
}

/// The column names of the statements read so far, by their SQL: a statement's text decides
/// its columns, so they are read from SQLite once.
#[derive(Debug, Default)]
pub(crate) struct KnownColumns(Mutex<std::collections::HashMap<String, Arc<Columns>>>);

impl KnownColumns {
    /// At most this many statements are kept (the store's statements are a fixed set).
    const MOST: usize = 512;

    fn get(&self, sql: &str) -> Option<Arc<Columns>> {
        self.0.lock().ok()?.get(sql).cloned()
    }

    fn keep(&self, sql: &str, columns: &Arc<Columns>) {
        if let Ok(mut known) = self.0.lock()
            && known.len() < Self::MOST
        {
            known.insert(sql.to_owned(), columns.clone());
        }
    }
}

/// The rows an inline read found: the statement's column names, and each row's values.
pub(crate) struct Rows {
    columns: Arc<Columns>,
    rows: Vec<Vec<rusqlite::types::Value>>,
}

impl Rows {
    /// How many rows.
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// The name of column `at`.
    fn name(&self, at: usize) -> &str {
        self.columns.name(at)
    }

    /// The column named `prefix` + `name`, searched from `from` on (the columns of one model
    /// are listed in order) and then from the start.
    fn position(&self, prefix: &str, name: &str, from: usize) -> Option<usize> {
        let n = self.columns.ends.len();
        (0..n)
            .map(|k| (from + k) % n)
            .find(|&at| self.name(at).strip_prefix(prefix).is_some_and(|rest| rest == name))
    }

    /// Whether the column named `name` of row `index` holds a value (is not NULL); `None`
    /// when there is no such column or row.
    pub(crate) fn present(&self, index: usize, name: &str) -> Option<bool> {
        let at = self.position("", name, 0)?;
        Some(*self.rows.get(index)?.get(at)? != rusqlite::types::Value::Null)
    }

    /// Column `column` of row `index` as a UUID (16 bytes, or its text); `None` when it is not one.
    pub(crate) fn uuid(&self, index: usize, column: usize) -> Option<uuid::Uuid> {
        use rusqlite::types::Value as R;
        match self.rows.get(index)?.get(column)? {
            R::Blob(b) => uuid::Uuid::from_slice(b).ok(),
            R::Text(t) => uuid::Uuid::parse_str(t).ok(),
            _ => None,
        }
    }

    /// Row `index` read as an `E`, each column named `prefix` + its name; `None` when every
    /// one of those columns is NULL (the missing side of a left join). The values are taken
    /// out of the row: each (row, column) is read as one model at most.
    pub(crate) fn model<E>(&mut self, index: usize, prefix: &str) -> Result<Option<E::Model>, StoreError>
    where
        E: EntityTrait,
        E::ActiveModel: TryIntoModel<E::Model>,
    {
        let unreadable =
            |column: &E::Column| crate::corrupt(&format!("{} (column {})", E::default().table_name(), column.as_str()));
        let mut columns = Vec::with_capacity(self.columns.ends.len());
        let mut from = 0;
        for column in E::Column::iter() {
            let at = self
                .position(prefix, column.as_str(), from)
                .ok_or_else(|| unreadable(&column))?;
            from = at + 1;
            columns.push((column, at));
        }
        let row = &mut self.rows[index];
        if columns.iter().all(|(_, at)| row[*at] == rusqlite::types::Value::Null) {
            return Ok(None);
        }
        let mut model = <E::ActiveModel as ActiveModelTrait>::default();
        for (column, at) in columns {
            let value = std::mem::replace(&mut row[at], rusqlite::types::Value::Null);
            let value = readable(value, column.def().get_column_type()).ok_or_else(|| unreadable(&column))?;
            model.try_set(column, value).map_err(|_| unreadable(&column))?;
        }
        model
            .try_into_model()
            .map(Some)
            .map_err(|_| crate::corrupt(E::default().table_name()))
    }
}

/// Read-only SQLite connections used on the calling thread, at most as many idle as the
/// pool's connections.
pub(crate) struct InlineReads {
    path: PathBuf,
    cache_kib: u64,
    keep: usize,
    idle: Mutex<Vec<rusqlite::Connection>>,
}

impl std::fmt::Debug for InlineReads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InlineReads")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl InlineReads {
    /// For the SQLite file of `url`; `None` for anything else (PostgreSQL, an in-memory
    /// database, a URL sqlx would not open).
    pub(crate) fn for_url(url: &str, cache_mib: u32, keep: u32) -> Option<Self> {
        let path = sqlite_file(url)?;
        Some(Self {
            path,
            cache_kib: u64::from(cache_mib.max(1)) * 1024,
            keep: usize::try_from(keep.max(1)).unwrap_or(1),
            idle: Mutex::new(Vec::new()),
        })
    }

    fn open(&self) -> rusqlite::Result<rusqlite::Connection> {
        use rusqlite::OpenFlags;
        let db = rusqlite::Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // Never wait on a lock on the runtime's thread: a busy file sends the read to the pool.
        db.busy_timeout(std::time::Duration::ZERO)?;
        db.pragma_update(None, "cache_size", format!("-{}", self.cache_kib))?;
        db.set_prepared_statement_cache_capacity(64);
        Ok(db)
    }

    /// The rows of `sql` with `values` bound; `None` when the inline connection cannot answer
    /// at once (the caller asks the pool).
    pub(crate) fn rows(&self, counts: &StatementCounts, sql: &str, values: &[Value]) -> Option<Rows> {
        let taken = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let db = match taken {
            Some(db) => db,
            None => match self.open() {
                Ok(db) => db,
                Err(e) => {
                    tracing::debug!(error = %e, "inline read connection not opened; the pool answers");
                    return None;
                }
            },
        };
        let answer = read(&db, counts, sql, values);
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < self.keep
        {
            idle.push(db);
        }
        match answer {
            Ok(rows) => {
                counts.count_inline();
                Some(rows)
            }
            Err(e) => {
                tracing::debug!(error = %e, "inline read not answered; the pool answers");
                None
            }
        }
    }
}

/// The file of a SQLite `url`; `None` for anything else (PostgreSQL, an in-memory database, a
/// URL sqlx would not open).
pub(crate) fn sqlite_file(url: &str) -> Option<PathBuf> {
    if !url.starts_with("sqlite:") || url.contains(":memory:") || url.contains("mode=memory") {
        return None;
    }
    let options = SqliteConnectOptions::from_str(url).ok()?;
    let path = options.get_filename().to_path_buf();
    if path.as_os_str().is_empty() || path.to_string_lossy().starts_with("file:") {
        return None;
    }
    Some(path)
}

/// Why an inline read did not answer.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Unanswered {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("column {0} does not read as its type")]
    Value(String),
}

/// The rows of `sql` with `values` bound, on `db`.
pub(crate) fn read(
    db: &rusqlite::Connection,
    counts: &StatementCounts,
    sql: &str,
    values: &[Value],
) -> Result<Rows, Unanswered> {
    let mut statement = db.prepare_cached(sql)?;
    counts.count(sql);
    for (i, value) in values.iter().enumerate() {
        statement.raw_bind_parameter(i + 1, bindable(value)?)?;
    }
    let columns = match counts.columns.get(sql) {
        Some(columns) => columns,
        None => {
            let columns = Arc::new(Columns::of(&statement)?);
            counts.columns.keep(sql, &columns);
            columns
        }
    };
    let width = columns.ends.len();
    let mut found = Vec::new();
    let mut rows = statement.raw_query();
    while let Some(row) = rows.next()? {
        let mut values = Vec::with_capacity(width);
        for i in 0..width {
            values.push(row.get::<_, rusqlite::types::Value>(i)?);
        }
        found.push(values);
    }
    drop(rows);
    counts.count_reprepared(statement.get_status(rusqlite::StatementStatus::RePrepare));
    statement.reset_status(rusqlite::StatementStatus::RePrepare);
    Ok(Rows { columns, rows: found })
}

/// A bound value as SQLite takes it (as sqlx binds it: a UUID as its 16 bytes, a boolean as
/// 0 or 1).
pub(crate) fn bindable(value: &Value) -> Result<rusqlite::types::Value, Unanswered> {
    use rusqlite::types::Value as V;
    Ok(match value {
        Value::String(Some(s)) => V::Text(s.clone()),
        Value::Int(Some(i)) => V::Integer(i64::from(*i)),
        Value::BigInt(Some(i)) => V::Integer(*i),
        Value::Bool(Some(b)) => V::Integer(i64::from(*b)),
        Value::Uuid(Some(u)) => V::Blob(u.as_bytes().to_vec()),
        Value::Bytes(Some(b)) => V::Blob(b.clone()),
        Value::String(None)
        | Value::Int(None)
        | Value::BigInt(None)
        | Value::Bool(None)
        | Value::Uuid(None)
        | Value::Bytes(None) => V::Null,
        // Named by its type only: a bound value may be a session key.
        _ => return Err(Unanswered::Value("a bound value of another type".to_owned())),
    })
}

/// A column's value as the entity's field takes it (a NULL as no value of the field's type).
fn readable(value: rusqlite::types::Value, ty: &ColumnType) -> Option<Value> {
    use rusqlite::types::Value as R;
    Some(match (value, ty) {
        (R::Null, ColumnType::Uuid) => Value::Uuid(None),
        (R::Null, ColumnType::Integer | ColumnType::SmallInteger | ColumnType::TinyInteger) => Value::Int(None),
        (R::Null, ColumnType::BigInteger) => Value::BigInt(None),
        (R::Null, ColumnType::Boolean) => Value::Bool(None),
        (R::Null, ColumnType::String(_) | ColumnType::Text | ColumnType::Char(_)) => Value::String(None),
        (R::Null, ColumnType::Binary(_) | ColumnType::VarBinary(_) | ColumnType::Blob) => Value::Bytes(None),
        (R::Blob(b), ColumnType::Uuid) => Value::Uuid(Some(uuid::Uuid::from_slice(&b).ok()?)),
        (R::Text(t), ColumnType::Uuid) => Value::Uuid(Some(uuid::Uuid::parse_str(&t).ok()?)),
        (R::Integer(i), ColumnType::Integer | ColumnType::SmallInteger | ColumnType::TinyInteger) => {
            Value::Int(Some(i32::try_from(i).ok()?))
        }
        (R::Integer(i), ColumnType::BigInteger) => Value::BigInt(Some(i)),
        (R::Integer(i), ColumnType::Boolean) => Value::Bool(Some(i != 0)),
        (R::Text(t), ColumnType::String(_) | ColumnType::Text | ColumnType::Char(_)) => Value::String(Some(t)),
        (R::Blob(b), ColumnType::Binary(_) | ColumnType::VarBinary(_) | ColumnType::Blob) => Value::Bytes(Some(b)),
        _ => return None,
    })
}
