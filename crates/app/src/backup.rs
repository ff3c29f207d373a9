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
    /// Files copied from the attachment folder; `None` when attachments live in an S3 bucket
    /// (back the bucket up with its own versioning or replication).
    pub files: Option<usize>,
}

/// The lock `postern serve` holds on its data folder while it runs, so that a restore (or a
/// second `serve` on the same folder) cannot pull the database from under it.
///
/// # Errors
/// Another process holds it (the message says which command to stop), or the folder cannot
/// be written.
pub fn lock_data_dir(config: &Config, what: &str) -> Result<std::fs::File> {
    let dir = &config.server.data_dir;
    postern_mail::private_dir(dir).with_context(|| format!("cannot create the data folder {}", dir.display()))?;
    let path = dir.join("postern.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    }
    // Made by root (a restore with sudo): the service's user must still be able to take it.
    owned_like(&path, dir)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "postern serve is running on {} (it holds {}): stop it before {what}",
            dir.display(),
            path.display()
        ),
        Err(std::fs::TryLockError::Error(e)) => Err(e).with_context(|| format!("cannot lock {}", path.display())),
    }
}

/// Copies `from` into `to` (created), files 0600 and folders 0700, leaving out the top-level
/// folders named in `skip`; returns the files copied. Links are not followed.
fn copy_tree(from: &Path, to: &Path, skip: &[&str]) -> Result<usize> {
    postern_mail::private_dir(to).with_context(|| format!("cannot create {}", to.display()))?;
    let mut copied = 0;
    if !from.exists() {
        return Ok(0);
    }
    for entry in std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        if skip.iter().any(|s| entry.file_name() == *s) {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type()?.is_dir() {
            copied += copy_tree(&src, &dst, &[])?;
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

/// `path` made absolute with its links resolved, as far as it exists.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or_else(|_| existing.to_path_buf());
    out.extend(rest.iter().rev());
    out
}

/// Takes a backup into `target` (a new folder, not inside the data or attachment folder): the
/// database (SQLite) and the attachment folder. The portal may keep running. A backup that
/// fails is removed.
///
/// # Errors
/// `target` exists or lies inside what it copies, or a copy failed.
pub async fn backup(config: &Config, target: &Path) -> Result<BackupReport> {
    if target.exists() {
        bail!("{} exists already: name a new folder", target.display());
    }
    if sqlite_path(&config.database_url()).is_none() && files_in_bucket(config)? {
        bail!(
            "nothing for postern backup to copy: the database is PostgreSQL (back it up with pg_dump --format=custom) and the attachments are in an S3 bucket (its versioning or replication keeps them); see docs/operations.md"
        );
    }
    let place = resolved(target);
    for (inside, key) in [
        (config.files_dir(), "server.files_dir"),
        (config.server.data_dir.clone(), "server.data_dir"),
    ] {
        if place.starts_with(resolved(&inside)) {
            bail!(
                "{} is inside {} ({key}): a backup must go elsewhere",
                target.display(),
                inside.display()
            );
        }
    }
    postern_mail::private_dir(target).with_context(|| format!("cannot create {}", target.display()))?;
    let taken = take(config, target).await;
    if taken.is_err() {
        let _ = std::fs::remove_dir_all(target);
    }
    taken
}

async fn take(config: &Config, target: &Path) -> Result<BackupReport> {
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
    // a copied row names is missing, unless it expired meanwhile. Unfinished uploads (`tmp`)
    // are left out.
    let files = if files_in_bucket(config)? {
        None
    } else {
        Some(copy_tree(&config.files_dir(), &target.join("files"), &["tmp"])?)
    };
    Ok(BackupReport { database, files })
}

/// Whether attachments live in an S3 bucket rather than the files folder.
fn files_in_bucket(config: &Config) -> Result<bool> {
    Ok(config
        .attachments
        .s3_settings()
        .map_err(|e| anyhow::anyhow!(e))?
        .is_some())
}

/// `path` with `suffix` added to its file name.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(suffix);
    path.with_file_name(name)
}

/// Gives `path` (and everything under it) to the owner of `dir` when this runs as root and
/// `dir` belongs to someone else (the service's own user): a restore run with sudo leaves files
/// the portal can open.
#[cfg(unix)]
fn owned_like(path: &Path, dir: &Path) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    let Ok(owner) = std::fs::metadata(dir) else {
        return Ok(());
    };
    if !root || owner.uid() == 0 {
        return Ok(());
    }
    let give = |p: &Path| {
        std::os::unix::fs::lchown(p, Some(owner.uid()), Some(owner.gid()))
            .with_context(|| format!("cannot give {} to the owner of {}", p.display(), dir.display()))
    };
    give(path)?;
    if path.is_dir() {
        for entry in std::fs::read_dir(path)? {
            owned_like(&entry?.path(), dir)?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn owned_like(_path: &Path, _dir: &Path) -> Result<()> {
    Ok(())
}

/// Restores a backup taken by [`backup`] into the configured places. The portal must be
/// stopped (its lock on the data folder is checked). An existing database is replaced only
/// with `force`. Everything is checked before anything is replaced: the copy is opened and
/// migrated beside the database (a backup by an older Postern is brought up to date; one by a
/// newer Postern, or a file that is no database, is refused and nothing changes), the files
/// are staged beside the attachment folder, then both are swapped in.
///
/// # Errors
/// The portal runs, the backup is incomplete or unusable, something is in the way, or a copy
/// failed; the existing data is then as it was.
pub async fn restore(config: &Config, source: &Path, force: bool) -> Result<()> {
    let url = config.database_url();
    let copy = source.join("postern.db");
    let Some(db) = sqlite_path(&url) else {
        if files_in_bucket(config)? {
            bail!(
                "the database is PostgreSQL and the attachments are in an S3 bucket: restore the database with pg_restore and the bucket from its versions or replica (docs/operations.md); postern restore has nothing to do"
            );
        }
        bail!(
            "the database is PostgreSQL: restore it with pg_restore (docs/operations.md), then copy {} into {} yourself",
            source.join("files").display(),
            config.files_dir().display()
        );
    };
    match std::fs::metadata(&copy) {
        Ok(m) if m.is_file() => {}
        Ok(_) => bail!("{} is not a file: not a backup of a SQLite portal", copy.display()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "{} holds no postern.db: not a backup of a SQLite portal",
            source.display()
        ),
        Err(e) => bail!("cannot read {}: {e}", copy.display()),
    }
    let in_bucket = files_in_bucket(config)?;
    if !in_bucket && !source.join("files").is_dir() {
        bail!(
            "{} has no files folder: not a complete backup (postern backup writes postern.db and files/)",
            source.display()
        );
    }
    if db.exists() && !force {
        bail!(
            "a database exists at {}: stop postern, then run restore again with --force to replace it",
            db.display()
        );
    }
    let _lock = lock_data_dir(config, "restoring")?;
    if let Some(parent) = db.parent() {
        postern_mail::private_dir(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    // 1. The database, staged and checked.
    let staged = beside(&db, ".restoring");
    let _ = std::fs::remove_file(&staged);
    std::fs::copy(&copy, &staged).with_context(|| format!("cannot copy {} to {}", copy.display(), staged.display()))?;
    let checked = async {
        let staged_url = format!("sqlite://{}?mode=rw", staged.display());
        // A Postern database: its migrations table names at least the first migration.
        let applied = match postern_storage::SqlStore::connect(&staged_url).await {
            Ok(store) => {
                let applied = store.schema_status().await.map(|s| s.applied).unwrap_or(0);
                store.close().await;
                applied
            }
            Err(_) => 0,
        };
        if applied == 0 {
            bail!(
                "{} is not a usable Postern database: it holds no Postern schema",
                copy.display()
            );
        }
        let store = postern_storage::SqlStore::open(&staged_url)
            .await
            .map_err(|e| match e {
                postern_storage::OpenError::SchemaTooNew { unknown, .. } => anyhow::anyhow!(
                    "{} was taken by a newer Postern (its schema has {unknown}); restore it with that version",
                    source.display()
                ),
                other => anyhow::anyhow!("{} is not a usable Postern database: {other}", copy.display()),
            })?;
        store.close().await;
        anyhow::Ok(())
    }
    .await;
    if let Err(e) = checked {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(beside(&staged, suffix));
        }
        return Err(e);
    }
    // 2. The files, staged (attachments in a bucket are not part of the backup).
    let files = config.files_dir();
    let staged_files = beside(&files, ".restoring");
    let _ = std::fs::remove_dir_all(&staged_files);
    let copied = if in_bucket {
        Ok(0)
    } else {
        copy_tree(&source.join("files"), &staged_files, &["tmp"])
    };
    if let Err(e) = copied {
        let _ = std::fs::remove_dir_all(&staged_files);
        let _ = std::fs::remove_file(&staged);
        return Err(e);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&staged, std::fs::Permissions::from_mode(0o600))?;
    }
    let data_dir = &config.server.data_dir;
    owned_like(&staged, data_dir)?;
    owned_like(&staged_files, data_dir)?;
    // 3. Swapped in.
    for suffix in ["-wal", "-shm"] {
        let f = beside(&db, suffix);
        if f.exists() {
            std::fs::remove_file(&f).with_context(|| format!("cannot remove {}", f.display()))?;
        }
    }
    std::fs::rename(&staged, &db).with_context(|| format!("cannot move {} to {}", staged.display(), db.display()))?;
    if in_bucket {
        return Ok(());
    }
    let old = beside(&files, ".replaced");
    let _ = std::fs::remove_dir_all(&old);
    if files.exists() {
        std::fs::rename(&files, &old).with_context(|| format!("cannot move {} aside", files.display()))?;
    }
    std::fs::rename(&staged_files, &files)
        .with_context(|| format!("cannot move {} to {}", staged_files.display(), files.display()))?;
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}
