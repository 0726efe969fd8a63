//! Query latency of an archive, either backend, on the fixed set of
//! faceted searches of the store's scale benchmark
//! (`crates/store/examples/bench_store.rs`, repeated here because examples
//! cannot share code): p50/p99 sequentially (10 rounds) and from 16 threads
//! (5 rounds each).
//!
//! Run: cargo run --release -p lagebild-store-postgres --example bench_queries -- STORE
//! where STORE is a directory (embedded store) or a postgres:// URL; see
//! docs/postgres.md for the whole measurement.

use lagebild_store::{Archive, Filter, SearchQuery, TantivyArchive};
use lagebild_store_postgres::{is_postgres_url, PostgresArchive};
use std::time::Instant;

fn queries() -> Vec<SearchQuery> {
    let q = |text: &str, filter: Filter| SearchQuery {
        text: text.into(),
        filter,
        limit: 10,
        facet_size: 10,
    };
    let dated = |from: &str, to: Option<&str>| Filter {
        from: Some(from.into()),
        to: to.map(str::to_string),
        ..Default::default()
    };
    vec![
        q("Nordkorea Waffen", Filter::default()),
        q("Regierung", dated("2016", Some("2017-06"))),
        q(
            "",
            Filter {
                entity: Some("Angela Merkel".into()),
                ..Default::default()
            },
        ),
        q("Flüchtlinge Österreich", Filter::default()),
        q("Polizei Wien", dated("2020", None)),
        q(
            "Wahl",
            Filter {
                entity_type: Some(lagebild_entities::EntityType::Per),
                ..Default::default()
            },
        ),
        q("\"Europäische Union\"", Filter::default()),
        q(
            "Fußball",
            Filter {
                language: Some("de".into()),
                ..Default::default()
            },
        ),
    ]
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn time_rounds(
    archive: &dyn Archive,
    queries: &[SearchQuery],
    rounds: usize,
) -> Result<Vec<f64>, String> {
    let mut out = Vec::new();
    for _ in 0..rounds {
        for q in queries {
            let t = Instant::now();
            archive.search(q).map_err(|e| e.to_string())?;
            out.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    Ok(out)
}

fn report(label: &str, mut times: Vec<f64>, wall: f64) {
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{label}: {} queries in {wall:.1} s ({:.0} q/s), p50 {:.1} ms, p99 {:.1} ms",
        times.len(),
        times.len() as f64 / wall,
        percentile(&times, 0.5),
        percentile(&times, 0.99)
    );
}

fn run() -> Result<(), String> {
    let store = std::env::args()
        .nth(1)
        .ok_or("usage: bench_queries STORE (a directory or a postgres:// URL)")?;
    let archive: Box<dyn Archive> = if is_postgres_url(&store) {
        Box::new(PostgresArchive::open(&store).map_err(|e| e.to_string())?)
    } else {
        Box::new(TantivyArchive::open(std::path::Path::new(&store)).map_err(|e| e.to_string())?)
    };
    let archive = archive.as_ref();
    println!(
        "articles: {}",
        archive.article_count().map_err(|e| e.to_string())?
    );
    let queries = queries();
    for q in &queries {
        let results = archive.search(q).map_err(|e| e.to_string())?;
        println!(
            "  {:?} {:?}: {} hits",
            q.text,
            q.filter.entity.as_deref().or(q.filter.from.as_deref()),
            results.total
        );
    }
    let t = Instant::now();
    let sequential = time_rounds(archive, &queries, 10)?;
    report("sequential", sequential, t.elapsed().as_secs_f64());
    let t = Instant::now();
    let results: Vec<Result<Vec<f64>, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..16)
            .map(|_| s.spawn(|| time_rounds(archive, &queries, 5)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("thread panicked".into())))
            .collect()
    });
    let wall = t.elapsed().as_secs_f64();
    let mut concurrent = Vec::new();
    for r in results {
        concurrent.extend(r?);
    }
    report("16 threads", concurrent, wall);
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}
