//! `postern backup DIR` and `postern restore DIR`: a consistent copy of a SQLite database taken
//! while the portal runs (`VACUUM INTO`), with the attachment folder alongside; and its way
//! back. For PostgreSQL the database is copied with `pg_dump` (docs/operations.md); the
//! attachment folder is still copied here. The key files are not copied: keep `secret.key`
//! apart from the database copies.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::config::Config;

/// What a backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    /// The database copy, when the database is SQLite.
    pub database: Option<PathBuf>,
    /// Files copied from the attachment folder.
    pub files: usize,
}

/// Copies `from` into `to` (created), files 0600 and folders 0700; returns the files copied.
fn copy_tree(from: &Path, to: &Path) -> Result<usize> {
    postern_mail::private_dir(to).with_context(|| format!("cannot create {}", to.display()))?;
    let mut copied = 0;
    if !from.exists() {
        return Ok(0);
    }
    for entry in std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type()?.is_dir() {
            copied += copy_tree(&src, &dst)?;
        } else if entry.file_type()?.is_file() {
            std::fs::copy(&src, &dst).with_context(|| format!("cannot copy {}", src.display()))?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&dst, std::fs::Permissions::from_mode(0o600))?;
            }
            copied += 1;
        }
    }
    Ok(copied)
}

/// The file of a `sqlite://PATH?…` URL.
fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    Some(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

/// Takes a backup into `target` (a new folder): the database (SQLite) and the attachment
/// folder. The portal may keep running.
///
/// # Errors
/// `target` exists, or a copy failed.
pub async fn backup(config: &Config, target: &Path) -> Result<BackupReport> {
    if target.exists() {
        bail!("{} exists already: name a new folder", target.display());
    }
    postern_mail::private_dir(target).with_context(|| format!("cannot create {}", target.display()))?;
    let url = config.database_url();
    let store = postern_storage::SqlStore::connect(&url).await?;
    let database = if store.is_sqlite() {
        let copy = target.join("postern.db");
        store
            .backup_sqlite(&copy)
            .await
            .with_context(|| format!("cannot copy the database into {}", copy.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o600))?;
        }
        Some(copy)
    } else {
        None
    };
    // After the database: a file added meanwhile is copied without a row (harmless); none that
    // a copied row names is missing, unless it expired meanwhile.
    let files = copy_tree(&config.files_dir(), &target.join("files"))?;
    Ok(BackupReport { database, files })
}

/// Restores a backup taken by [`backup`] into the configured places; the portal must be
/// stopped. An existing database is replaced only with `force`. The restored database is then
/// migrated (a backup by an older Postern) or refused (by a newer one).
///
/// # Errors
/// The backup is incomplete, something is in the way, or a copy failed.
pub async fn restore(config: &Config, source: &Path, force: bool) -> Result<()> {
    let url = config.database_url();
    let copy = source.join("postern.db");
    let Some(db) = sqlite_path(&url) else {
        bail!(
            "the database is PostgreSQL: restore it with pg_restore (docs/operations.md); copy {} into {} yourself",
            source.join("files").display(),
            config.files_dir().display()
        );
    };
    if !copy.is_file() {
        bail!(
            "{} holds no postern.db: not a backup of a SQLite portal",
            source.display()
        );
    }
    if db.exists() && !force {
        bail!(
            "a database exists at {}: stop postern, then run restore again with --force to replace it",
            db.display()
        );
    }
    if let Some(parent) = db.parent() {
        postern_mail::private_dir(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    for suffix in ["", "-wal", "-shm"] {
        let f = PathBuf::from(format!("{}{suffix}", db.display()));
        if f.exists() {
            std::fs::remove_file(&f).with_context(|| format!("cannot remove {}", f.display()))?;
        }
    }
    std::fs::copy(&copy, &db).with_context(|| format!("cannot copy {} to {}", copy.display(), db.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600))?;
    }
    let files = config.files_dir();
    if files.exists() {
        std::fs::remove_dir_all(&files).with_context(|| format!("cannot replace {}", files.display()))?;
    }
    copy_tree(&source.join("files"), &files)?;
    postern_storage::SqlStore::open(&url).await?;
    Ok(())
}
