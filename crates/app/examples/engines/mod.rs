//! What the benchmarks that compare SQLite and PostgreSQL share: a fresh PostgreSQL database
//! of the server `cargo xtask bench` started, and their section appended to the results.

use std::io::Write;

use postern_storage::SqlStore;
use sea_orm::ConnectionTrait;

/// The URL of a new, empty database `name` on the PostgreSQL server of `cargo xtask bench`
/// (dropped first if a run left it).
pub async fn fresh_postgres(name: &str) -> String {
    let admin_url = std::env::var("XTASK_POSTGRES_URL").expect("XTASK_POSTGRES_URL: run through `cargo xtask bench`");
    let admin = SqlStore::connect(&admin_url).await.unwrap();
    for sql in [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name}"),
    ] {
        admin.connection().execute_unprepared(&sql).await.unwrap();
    }
    format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0)
}

/// Appends a benchmark's section to the results file `out`.
pub fn append(out: &str, md: &str) {
    let mut file = std::fs::OpenOptions::new().append(true).create(true).open(out).unwrap();
    file.write_all(md.as_bytes()).unwrap();
}
