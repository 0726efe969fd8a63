//! Scale benchmark of the archive itself (not of the analysis pipeline):
//! ingests N variants of pre-analysed articles and measures ingest rate,
//! store size, peak memory, and in-process query latency of a fixed set of
//! faceted searches, sequentially and from 16 threads.
//!
//! Variants: article `i` is base article `i % bases` with id `<id>#v<i>`,
//! a publication date spread over 2015–2024 (`day = i * 7919 mod 3650`),
//! and one sentence appended to the text ("Archivfassung <i>."), so the
//! text hash differs and dedupe keeps every variant; the layers' offsets
//! stay valid because the text only grows at its end.
//!
//! Run: scripts/store/bench.sh (makes the base file, then runs this).

use lagebild_core::Document;
use lagebild_store::{Archive, ArchiveWriter, Filter, SearchQuery, TantivyArchive};
use std::io::BufRead;
use std::time::Instant;

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

fn peak_memory_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn dir_size(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn variant(base: &serde_json::Value, i: usize) -> Result<Document, String> {
    let mut v = base.clone();
    let id = v["id"].as_str().unwrap_or("doc").to_string();
    v["id"] = format!("{id}#v{i}").into();
    let day = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).ok_or("date")?
        + chrono::Days::new((i as u64 * 7919) % 3650);
    v["published"] = day.format("%Y-%m-%d").to_string().into();
    let text = format!("{}\n\nArchivfassung {i}.", v["text"].as_str().unwrap_or(""));
    v["text"] = text.into();
    serde_json::from_value(v).map_err(|e| e.to_string())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn queries() -> Vec<SearchQuery> {
    let q = |text: &str, filter: Filter| SearchQuery {
        text: text.into(),
        filter,
        limit: 10,
        facet_size: 10,
    };
    vec![
        q("Nordkorea Waffen", Filter::default()),
        q(
            "Regierung",
            Filter {
                from: Some("2016".into()),
                to: Some("2017-06".into()),
                ..Default::default()
            },
        ),
        q(
            "",
            Filter {
                entity: Some("Angela Merkel".into()),
                ..Default::default()
            },
        ),
        q("Flüchtlinge Österreich", Filter::default()),
        q(
            "Polizei Wien",
            Filter {
                from: Some("2020".into()),
                ..Default::default()
            },
        ),
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

fn ingest(
    bases: &[serde_json::Value],
    store: &std::path::Path,
    articles: usize,
) -> Result<(), String> {
    let started = Instant::now();
    let mut writer = TantivyArchive::open_writer(store).map_err(|e| e.to_string())?;
    let mut batch = Vec::with_capacity(256);
    for i in 0..articles {
        batch.push(variant(&bases[i % bases.len()], i)?);
        if batch.len() == 256 || i + 1 == articles {
            writer
                .add_batch(std::mem::take(&mut batch))
                .map_err(|e| e.to_string())?;
        }
    }
    writer.finish().map_err(|e| e.to_string())?;
    let ingest_s = started.elapsed().as_secs_f64();
    let ingest_peak = peak_memory_mb();
    let archive = TantivyArchive::open(store).map_err(|e| e.to_string())?;
    let stored = archive.article_count().map_err(|e| e.to_string())?;
    println!("ingest: {articles} variants of {} base articles in {ingest_s:.1} s = {:.0} articles/s; {stored} stored", bases.len(), articles as f64 / ingest_s);
    println!(
        "store size: {:.1} MB; peak memory (VmHWM) after ingest: {ingest_peak:.0} MB",
        dir_size(store) as f64 / 1e6
    );
    Ok(())
}

/// The analysed base articles, read only when a store has to be built (a
/// query-only rerun and its profile stay free of this setup).
fn read_bases(base_path: &str) -> Result<Vec<serde_json::Value>, String> {
    let file = std::fs::File::open(base_path).map_err(|e| format!("{base_path}: {e}"))?;
    let bases: Vec<serde_json::Value> = std::io::BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str(&l).ok())
        .collect();
    if bases.is_empty() {
        return Err("no base documents".into());
    }
    Ok(bases)
}

/// CPU seconds used by this process so far, all threads (user + system,
/// `/proc/self/stat` in USER_HZ = 100 ticks per second): divided by the
/// queries of a phase it gives the CPU per query, which unlike latency does
/// not depend on what else the machine runs.
fn process_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) start at ")".
    let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
    let ticks: u64 = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum();
    ticks as f64 / 100.0
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let [_, base_path, store, articles] = &args[..] else {
        return Err("usage: bench_store BASE.jsonl STORE_DIR ARTICLES".into());
    };
    let articles: usize = articles.parse().map_err(|_| "ARTICLES must be a number")?;
    let store = std::path::Path::new(store);
    let already = TantivyArchive::open(store)
        .and_then(|a| a.article_count())
        .unwrap_or(0);
    if already as usize >= articles {
        // Query-only rerun (after a change to the query code): the store
        // built by an earlier run is reused as it is.
        println!(
            "reusing {} with {already} articles (no ingest)",
            store.display()
        );
    } else {
        ingest(&read_bases(base_path)?, store, articles)?;
    }
    let archive = TantivyArchive::open(store).map_err(|e| e.to_string())?;
    let queries = queries();
    for q in &queries {
        archive.search(q).map_err(|e| e.to_string())?; // warm-up
    }
    let time_all = |rounds: usize| -> Result<Vec<f64>, String> {
        let mut out = Vec::new();
        for _ in 0..rounds {
            for q in &queries {
                let t = Instant::now();
                archive.search(q).map_err(|e| e.to_string())?;
                out.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
        Ok(out)
    };
    let cpu_before = process_cpu_seconds();
    let mut sequential = time_all(10)?;
    let sequential_cpu_ms = (process_cpu_seconds() - cpu_before) * 1000.0;
    sequential.sort_by(|a, b| a.total_cmp(b));
    println!(
        "sequential: {} queries, p50 {:.1} ms, p99 {:.1} ms; CPU {:.1} ms per query",
        sequential.len(),
        percentile(&sequential, 0.5),
        percentile(&sequential, 0.99),
        sequential_cpu_ms / sequential.len() as f64
    );
    let cpu_before = process_cpu_seconds();
    let t = Instant::now();
    let results: Vec<Result<Vec<f64>, String>> = std::thread::scope(|s| {
        (0..16)
            .map(|_| s.spawn(|| time_all(5)))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("thread panicked".into())))
            .collect()
    });
    let wall = t.elapsed().as_secs_f64();
    let concurrent_cpu_ms = (process_cpu_seconds() - cpu_before) * 1000.0;
    let mut concurrent = Vec::new();
    for r in results {
        concurrent.extend(r?);
    }
    concurrent.sort_by(|a, b| a.total_cmp(b));
    println!(
        "16 threads: {} queries in {wall:.1} s ({:.0} q/s), p50 {:.1} ms, p99 {:.1} ms; CPU {:.1} ms per query",
        concurrent.len(),
        concurrent.len() as f64 / wall,
        percentile(&concurrent, 0.5),
        percentile(&concurrent, 0.99),
        concurrent_cpu_ms / concurrent.len() as f64
    );
    for q in &queries {
        let r = archive.search(q).map_err(|e| e.to_string())?;
        println!(
            "  {:>7} hits  {:?} {:?}",
            r.total,
            q.text,
            q.filter
                .entity
                .as_deref()
                .or(q.filter.from.as_deref())
                .unwrap_or("")
        );
    }
    Ok(())
}
