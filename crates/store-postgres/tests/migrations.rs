//! Opening a database: readers never create an archive, and writers
//! started together migrate it exactly once (the advisory lock). Needs
//! `LAGEBILD_TEST_POSTGRES_URL` (scripts/postgres/start.sh); skipped with
//! a note when unset.

use lagebild_store::{Archive, StoreError};
use lagebild_store_postgres::{PostgresArchive, PostgresWriter};
use postgres::{Client, NoTls};

/// A new empty database on the test server; its URL.
fn fresh_database(name: &str) -> Option<String> {
    let Ok(server) = std::env::var("LAGEBILD_TEST_POSTGRES_URL") else {
        eprintln!("note: LAGEBILD_TEST_POSTGRES_URL is unset; PostgreSQL test skipped");
        return None;
    };
    let database = format!("lagebild_migrate_{name}_{}", std::process::id());
    let mut client = Client::connect(&server, NoTls).expect("test server reachable");
    for statement in [
        format!("DROP DATABASE IF EXISTS {database}"),
        format!("CREATE DATABASE {database}"),
    ] {
        client.batch_execute(&statement).expect("database created");
    }
    let (base, query) = server
        .split_once('?')
        .map_or((server.as_str(), ""), |(b, q)| (b, q));
    let slash = base
        .rfind('/')
        .filter(|&i| i > "postgres://".len())
        .unwrap_or(base.len());
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    Some(format!("{}/{database}{query}", &base[..slash]))
}

#[test]
fn readers_never_create_an_archive() {
    let Some(url) = fresh_database("reader") else {
        return;
    };
    match PostgresArchive::open(&url) {
        Err(StoreError::Missing(shown)) => {
            assert!(shown.to_string_lossy().contains("lagebild_migrate_reader"));
        }
        Err(other) => panic!("expected Missing, got {other}"),
        Ok(_) => panic!("a reader opened an empty database"),
    }
    let mut client = Client::connect(&url, NoTls).expect("reachable");
    let tables: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
            &[],
        )
        .expect("catalog readable")
        .get(0);
    assert_eq!(tables, 0, "the failed open created nothing");
}

#[test]
fn writers_started_together_migrate_once() {
    let Some(url) = fresh_database("writers") else {
        return;
    };
    let opened: Vec<Result<(), String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    PostgresWriter::open(&url)
                        .map(drop)
                        .map_err(|e| e.to_string())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("thread panicked".into())))
            .collect()
    });
    assert!(opened.iter().all(Result::is_ok), "{opened:?}");
    let mut client = Client::connect(&url, NoTls).expect("reachable");
    let versions: Vec<i32> = client
        .query(
            "SELECT version FROM schema_migrations ORDER BY version",
            &[],
        )
        .expect("recorded")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(versions, vec![1]);
    let archive = PostgresArchive::open(&url).expect("readable once created");
    assert_eq!(archive.article_count().expect("countable"), 0);
    client
        .execute("UPDATE schema_migrations SET version = 99", &[])
        .expect("writable");
    assert!(
        matches!(PostgresArchive::open(&url), Err(StoreError::Format { .. })),
        "a newer schema is refused"
    );
}
