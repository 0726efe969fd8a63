//! The lagebild archive in PostgreSQL: the same [`Archive`] and
//! [`ArchiveWriter`] as the embedded store, for a team — many `ingest`
//! workers on different machines and stateless `serve` nodes sharing one
//! database (`--store postgres://…`).
//!
//! What it is for: the scale-out store of issue 10. What it is not: a
//! second query language — commands and the server see only the archive
//! traits, and every answer has the shape and, for filtered queries, the
//! content the embedded store gives (ranking of word queries differs:
//! `ts_rank_cd` instead of BM25; see docs/postgres.md).
//!
//! Key decision: the database does the work a shared store must do — the
//! dedupe keys (text hash, canonical URL, id) are unique constraints and
//! each batch is one transaction inserting with `ON CONFLICT DO NOTHING`,
//! so concurrent workers with overlapping input store every article exactly
//! once and a killed worker loses only its uncommitted batch; full text is
//! a `tsvector` per article with the built-in `german`/`english`
//! configurations and a GIN index; facets, timelines and co-occurrence are
//! SQL aggregates over one materialised hit set. Schema changes are
//! versioned migrations under `migrations/`, applied under an advisory lock.
#![deny(missing_docs)]

mod migrate;
mod pool;
mod read;
mod sql;
mod text;
mod write;

pub use read::PostgresArchive;
pub use write::PostgresWriter;

/// Whether a `--store` value names a PostgreSQL database rather than a
/// directory.
pub fn is_postgres_url(store: &str) -> bool {
    store.starts_with("postgres://") || store.starts_with("postgresql://")
}

/// A connection URL with its password replaced by `***`, for messages.
pub fn redacted_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_directories_and_redacted() {
        assert!(is_postgres_url("postgres://u@h/db"));
        assert!(is_postgres_url("postgresql://h/db"));
        assert!(!is_postgres_url("lagebild-data"));
        assert!(!is_postgres_url("./postgres"));
        assert_eq!(
            redacted_url("postgres://anna:geheim@db.example:5432/lagebild"),
            "postgres://anna:***@db.example:5432/lagebild"
        );
        assert_eq!(redacted_url("postgres://anna@db/x"), "postgres://anna@db/x");
    }
}
