//! Versioned schema migrations: the SQL files under `migrations/`, applied
//! in order, each in the same transaction as its row in
//! `schema_migrations`, under a transaction-scoped advisory lock so that
//! workers starting together do not race (the second waits, then finds
//! the work done).

use crate::sql::database_error;
use lagebild_store::StoreError;
use postgres::Client;

/// Every migration, oldest first: (version, name, SQL).
const MIGRATIONS: &[(i32, &str, &str)] = &[(
    1,
    "0001_archive",
    include_str!("../migrations/0001_archive.sql"),
)];

/// Advisory lock key of the migration step ("lagebild" in ASCII).
const MIGRATION_LOCK: i64 = 0x6c61_6765_6269_6c64;

/// The schema version this build reads and writes.
pub(crate) fn latest_version() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Applies the migrations the database lacks; returns how many.
pub(crate) fn migrate(client: &mut Client) -> Result<usize, StoreError> {
    let fail = |e| database_error("cannot migrate the schema", e);
    let mut tx = client.transaction().map_err(fail)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(fail)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version integer PRIMARY KEY,
             name text NOT NULL,
             applied_at timestamptz NOT NULL DEFAULT now())",
    )
    .map_err(fail)?;
    let applied: Vec<i32> = tx
        .query("SELECT version FROM schema_migrations", &[])
        .map_err(fail)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut count = 0;
    for (version, name, sql) in MIGRATIONS {
        if applied.contains(version) {
            continue;
        }
        tx.batch_execute(sql).map_err(fail)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
            &[version, name],
        )
        .map_err(fail)?;
        count += 1;
    }
    tx.commit().map_err(fail)?;
    Ok(count)
}

/// The newest applied version, `None` when the database holds no archive.
pub(crate) fn current_version(client: &mut Client) -> Result<Option<i32>, StoreError> {
    let fail = |e| database_error("cannot read the schema version", e);
    let exists: bool = client
        .query_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])
        .map_err(fail)?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let row = client
        .query_one("SELECT max(version) FROM schema_migrations", &[])
        .map_err(fail)?;
    Ok(row.get(0))
}
