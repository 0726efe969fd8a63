//! The archive's query expectations against both backends: the stern
//! example and the shared corpora are ingested through the CLI into the
//! embedded store and into PostgreSQL, and every query command must answer
//! the same on both (same hit sets, facet counts, entities, timelines,
//! quotes, events, exported documents). Then the shared-store promises:
//! two concurrent `ingest` processes over overlapping input store each
//! article once, and a `kill -9` of a worker loses nothing committed.
//!
//! Needs a PostgreSQL server: `LAGEBILD_TEST_POSTGRES_URL` (as printed by
//! `scripts/postgres/start.sh`) and `psql`; each test creates its own
//! database there. Skipped with a note when the variable is unset or
//! `../shared` is missing.

mod analyze_support;

use analyze_support::{lagebild, repo_root, scratch, shared, stderr};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The server every test makes its own database on, or `None` (skip).
fn server_url() -> Option<String> {
    match std::env::var("LAGEBILD_TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            eprintln!("note: LAGEBILD_TEST_POSTGRES_URL is unset; PostgreSQL backend test skipped (start a server with scripts/postgres/start.sh)");
            None
        }
    }
}

/// Runs SQL with psql and returns its unaligned output.
fn psql(url: &str, sql: &str) -> String {
    let output = Command::new("psql")
        .args([
            url,
            "-X",
            "-q",
            "-t",
            "-A",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql,
        ])
        .output()
        .expect("psql runs");
    assert!(
        output.status.success(),
        "psql failed on {sql}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// A new, empty database on the server for one test; its URL.
fn fresh_database(server: &str, name: &str) -> String {
    let database = format!("lagebild_test_{name}_{}", std::process::id());
    psql(server, &format!("DROP DATABASE IF EXISTS {database}"));
    psql(server, &format!("CREATE DATABASE {database}"));
    let (base, query) = match server.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (server, String::new()),
    };
    let authority_end = base
        .find("://")
        .map(|i| i + 3)
        .and_then(|start| base[start..].find('/').map(|slash| start + slash))
        .unwrap_or(base.len());
    format!("{}/{database}{query}", &base[..authority_end])
}

/// The analysed documents of the test corpus (stern, 10kGNAD dev,
/// Wikinews dev), made once per test process; `None` when ../shared is
/// missing.
fn corpus() -> Option<&'static PathBuf> {
    static CORPUS: OnceLock<Option<PathBuf>> = OnceLock::new();
    CORPUS
        .get_or_init(|| {
            let stern = shared("examples/stern-2023-09-kim-putin.txt")?;
            let gnad = shared("data/corpus/10kgnad/articles_dev.csv")?;
            let wikinews = shared("data/corpus/wikinews_quotes_de/dev.jsonl.gz")?;
            let dir = scratch("backends-corpus");
            let mut lines = Vec::new();
            for args in [
                vec!["analyze", "--json", stern.as_str(), gnad.as_str()],
                vec![
                    "analyze",
                    "--json",
                    "--map",
                    "text=originalText,id=documentName",
                    wikinews.as_str(),
                ],
            ] {
                let output = lagebild(&args, None);
                assert_eq!(
                    output.status.code(),
                    Some(0),
                    "{args:?}: {}",
                    stderr(&output)
                );
                lines.extend(
                    String::from_utf8_lossy(&output.stdout)
                        .lines()
                        .map(str::to_string),
                );
            }
            let path = dir.join("docs.jsonl");
            std::fs::write(&path, lines.join("\n") + "\n").expect("scratch is writable");
            Some(path)
        })
        .as_ref()
}

fn line_count(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .expect("readable")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
}

/// Runs a command with `--json` and parses its output.
fn json(args: &[&str]) -> Value {
    let output = lagebild(args, None);
    assert!(
        matches!(output.status.code(), Some(0) | Some(1)),
        "{args:?}: {}",
        stderr(&output)
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {}", stderr(&output)))
}

fn ingest(store: &str, input: &Path, batch: &str) -> Value {
    let input = input.to_string_lossy();
    json(&[
        "ingest",
        "--json",
        "--analysed",
        "--batch",
        batch,
        "--store",
        store,
        &input,
    ])
}

/// Entity summaries as comparable values (aliases are a set).
fn entity_matches(value: &Value) -> Vec<Value> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            let aliases: BTreeSet<String> = e["aliases"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|a| a.as_str().map(str::to_string))
                .collect();
            serde_json::json!({"key": e["key"], "name": e["name"], "type": e["type"], "aliases": aliases})
        })
        .collect()
}

/// Ids of a hit list as a set (ranking may differ between BM25 and
/// ts_rank_cd, so only the set is compared).
fn id_set(hits: &Value, field: &str) -> BTreeSet<String> {
    hits.as_array()
        .into_iter()
        .flatten()
        .map(|h| h[field].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Everything of a search answer both backends must agree on.
fn search_view(results: &Value) -> Value {
    serde_json::json!({
        "total": results["total"],
        "hits": id_set(&results["hits"], "id"),
        "returned": results["hits"].as_array().map_or(0, Vec::len),
        "facets": results["facets"],
        "entity_matches": entity_matches(&results["entity_matches"]),
        "speaker_matches": entity_matches(&results["speaker_matches"]),
    })
}

/// A quotes or events answer: its total, its items as a set of JSON
/// strings (ties in the order may differ between backends) and the two
/// entity-match lists (speaker/about, source/target).
fn listing_view(results: &Value, items: &str, matches: [&str; 2]) -> Value {
    let set: BTreeSet<String> = results[items]
        .as_array()
        .into_iter()
        .flatten()
        .map(|item| serde_json::to_string(item).unwrap_or_default())
        .collect();
    serde_json::json!({
        "total": results["total"],
        items: set,
        matches[0]: entity_matches(&results[matches[0]]),
        matches[1]: entity_matches(&results[matches[1]]),
    })
}

fn quotes_view(results: &Value) -> Value {
    listing_view(results, "quotes", ["speaker_matches", "about_matches"])
}

fn events_view(results: &Value) -> Value {
    listing_view(results, "events", ["source_matches", "target_matches"])
}

fn timeline_view(results: &Value) -> Value {
    serde_json::json!({
        "entities": entity_matches(&results["entities"]),
        "periods": results["periods"], "undated": results["undated"],
        "coarser": results["coarser_than_period"], "by": results["by"],
    })
}

fn cooccur_view(results: &Value) -> Value {
    serde_json::json!({
        "entities": entity_matches(&results["entities"]),
        "articles": results["articles"], "partners": results["partners"],
    })
}

/// Exported documents by id (layer order inside a document is not part of
/// the contract; JSON objects compare as maps).
fn exported(store: &str, out: &Path) -> BTreeMap<String, Value> {
    let path = out.to_string_lossy();
    let output = lagebild(
        &["export", "--store", store, "--format", "jsonl", &path],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "export: {}", stderr(&output));
    std::fs::read_to_string(out)
        .expect("export wrote the file")
        .lines()
        .map(|l| {
            let doc: Value = serde_json::from_str(l).expect("exported JSON");
            (doc["id"].as_str().unwrap_or_default().to_string(), doc)
        })
        .collect()
}

/// The query commands compared, each with its view. Filtered queries
/// use a limit above any hit count, so the whole hit set is compared.
fn compared_queries() -> Vec<(Vec<&'static str>, fn(&Value) -> Value)> {
    let search = search_view as fn(&Value) -> Value;
    let all = "20000"; // above every total here (5,236 quotes), so ties at a cut cannot differ
    vec![
        (vec!["search", "", "--limit", all, "--facets", "25"], search),
        (
            vec!["search", "", "--limit", all, "--entity", "Putin"],
            search,
        ),
        (
            vec!["search", "", "--limit", all, "--entity", "Pjöngjang"],
            search,
        ),
        (
            vec![
                "search",
                "",
                "--limit",
                all,
                "--entity",
                "Pjoengjang",
                "--type",
                "LOC",
            ],
            search,
        ),
        (
            vec![
                "search", "", "--limit", all, "--entity", "Merkel", "--facets", "15",
            ],
            search,
        ),
        (
            vec!["search", "", "--limit", all, "--speaker", "Dempsey"],
            search,
        ),
        (
            vec![
                "search", "", "--limit", all, "--from", "2005", "--to", "2006-06",
            ],
            search,
        ),
        (
            vec![
                "search", "", "--limit", all, "--lang", "de", "--source", "STERN",
            ],
            search,
        ),
        (
            vec![
                "search",
                "",
                "--limit",
                all,
                "--entity",
                "Niemand Unbekannt",
            ],
            search,
        ),
        (vec!["search", "--limit", all, "Nordkorea Waffen"], search),
        (
            vec!["search", "--limit", all, "Regierung", "--from", "2005"],
            search,
        ),
        (vec!["search", "--limit", all, "Pjoengjang"], search),
        (
            vec![
                "search",
                "--limit",
                all,
                "\"Vereinten Nationen\" -Sicherheitsrat",
            ],
            search,
        ),
        (
            vec!["quotes", "--limit", all, "--speaker", "Dempsey"],
            quotes_view,
        ),
        (
            vec!["quotes", "--limit", all, "--about", "Putin"],
            quotes_view,
        ),
        (
            vec!["quotes", "--limit", all, "--speaker", "Merkel"],
            quotes_view,
        ),
        (vec!["quotes", "--limit", all], quotes_view),
        (vec!["quotes", "--limit", all, "Krieg"], quotes_view),
        (vec!["entities", "--type", "PER", "--top", "40"], |v| {
            v.clone()
        }),
        (vec!["entities", "--top", "40", "Regierung"], |v| v.clone()),
        (
            vec!["entities", "--type", "LOC", "--top", "40", "--from", "2006"],
            |v| v.clone(),
        ),
        (vec!["timeline", "Putin"], timeline_view),
        (vec!["timeline", "Putin", "--by", "day"], timeline_view),
        (
            vec!["timeline", "Deutschland", "--by", "week"],
            timeline_view,
        ),
        (vec!["cooccur", "Putin", "--top", "30"], cooccur_view),
        (vec!["cooccur", "Deutschland", "--top", "30"], cooccur_view),
        (vec!["events", "--limit", all], events_view),
        (
            vec!["events", "--limit", all, "--source", "Putin"],
            events_view,
        ),
        (
            vec![
                "events",
                "--limit",
                all,
                "--entity",
                "Nordkorea",
                "--type",
                "CONSULT",
            ],
            events_view,
        ),
    ]
}

#[test]
fn queries_answer_alike_on_both_backends() {
    let (Some(server), Some(corpus)) = (server_url(), corpus()) else {
        return;
    };
    let url = fresh_database(&server, "alike");
    let dir = scratch("backends-alike");
    let tantivy = dir.join("store").to_string_lossy().into_owned();
    let embedded = ingest(&tantivy, corpus, "64");
    let postgres = ingest(&url, corpus, "64");
    for field in ["added", "duplicates", "failed", "articles_in_archive"] {
        assert_eq!(
            embedded[field], postgres[field],
            "ingest summary field {field}"
        );
    }
    assert!(embedded["added"].as_u64().unwrap_or(0) > 900, "{embedded}");
    let again = ingest(&url, corpus, "64");
    assert_eq!(again["added"], 0, "re-ingest adds nothing: {again}");

    let mut failures = Vec::new();
    for (args, view) in compared_queries() {
        let run = |store: &str| {
            let mut full: Vec<&str> = args.clone();
            full.extend(["--json", "--store", store]);
            view(&json(&full))
        };
        let (left, right) = (run(&tantivy), run(&url));
        if left != right {
            failures.push(format!(
                "{args:?}\n  embedded: {}\n  postgres: {}",
                truncate(&left),
                truncate(&right)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "answers differ:\n{}",
        failures.join("\n")
    );

    // The same expectations of content on both backends.
    for store in [&tantivy, &url] {
        let hits = json(&["search", "Nordkorea Waffen", "--json", "--store", store]);
        assert!(
            id_set(&hits["hits"], "id")
                .iter()
                .any(|id| id.contains("stern")),
            "stern article found by words on {store}: {hits}"
        );
        let quotes = json(&["quotes", "--speaker", "Dempsey", "--json", "--store", store]);
        assert!(
            quotes["quotes"].as_array().is_some_and(|q| !q.is_empty()
                && q.iter()
                    .all(|q| q["speaker"].as_str().is_some_and(|s| s.contains("Dempsey")))),
            "Dempsey's quotes on {store}: {quotes}"
        );
        let timeline = json(&["timeline", "Putin", "--json", "--store", store]);
        assert!(
            timeline["periods"]
                .as_array()
                .is_some_and(|p| p.iter().any(|p| p["value"] == "2023-09")),
            "Putin in September 2023 on {store}: {timeline}"
        );
    }

    let left = exported(&tantivy, &dir.join("embedded.jsonl"));
    let right = exported(&url, &dir.join("postgres.jsonl"));
    assert_eq!(left.len(), right.len(), "exported articles");
    let differing: Vec<&String> = left
        .iter()
        .filter(|(id, doc)| right.get(*id) != Some(doc))
        .map(|(id, _)| id)
        .collect();
    assert!(
        differing.is_empty(),
        "exported documents differ: {differing:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn truncate(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 1500 {
        format!("{}…", text.chars().take(1500).collect::<String>())
    } else {
        text
    }
}

/// Two inputs sharing their middle third, written beside the corpus.
fn overlapping_halves(corpus: &Path, dir: &Path) -> (PathBuf, PathBuf, usize) {
    let text = std::fs::read_to_string(corpus).expect("corpus readable");
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let third = lines.len() / 3;
    let first = dir.join("first.jsonl");
    let second = dir.join("second.jsonl");
    std::fs::write(&first, lines[..2 * third].join("\n") + "\n").expect("writable");
    std::fs::write(&second, lines[third..].join("\n") + "\n").expect("writable");
    (first, second, lines.len())
}

fn spawn_ingest(store: &str, input: &Path, batch: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_lagebild"))
        .args([
            "ingest",
            "--json",
            "--analysed",
            "--batch",
            batch,
            "--store",
            store,
        ])
        .arg(input)
        .current_dir(repo_root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("lagebild runs")
}

/// Articles whose stored layers are incomplete: a quote, entity or time
/// row missing for what the stored document holds.
fn incomplete_articles(url: &str) -> String {
    psql(
        url,
        "SELECT count(*) FROM articles a WHERE
             jsonb_array_length(CASE WHEN jsonb_typeof(a.document->'quotes') = 'array' THEN a.document->'quotes' ELSE '[]' END)
               <> (SELECT count(*) FROM quotes q WHERE q.article_seq = a.seq)
          OR jsonb_array_length(CASE WHEN jsonb_typeof(a.document->'times') = 'array' THEN a.document->'times' ELSE '[]' END)
               <> (SELECT count(*) FROM times t WHERE t.article_seq = a.seq)
          OR (jsonb_typeof(a.document->'entities') = 'array' AND jsonb_array_length(a.document->'entities') > 0
               AND NOT EXISTS (SELECT 1 FROM article_entities e WHERE e.article_seq = a.seq))",
    )
}

#[test]
fn concurrent_ingests_store_each_article_once() {
    let (Some(server), Some(corpus)) = (server_url(), corpus()) else {
        return;
    };
    let url = fresh_database(&server, "concurrent");
    let dir = scratch("backends-concurrent");
    let (first, second, total) = overlapping_halves(corpus, &dir);
    let workers = [
        spawn_ingest(&url, &first, "16"),
        spawn_ingest(&url, &second, "16"),
    ];
    let summaries: Vec<Value> = workers
        .into_iter()
        .map(|w| {
            let output = w.wait_with_output().expect("ingest finishes");
            assert!(
                matches!(output.status.code(), Some(0) | Some(1)),
                "ingest failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            serde_json::from_slice(&output.stdout).expect("summary JSON")
        })
        .collect();
    let added: u64 = summaries
        .iter()
        .map(|s| s["added"].as_u64().unwrap_or(0))
        .sum();
    let duplicates: u64 = summaries
        .iter()
        .map(|s| s["duplicates"].as_u64().unwrap_or(0))
        .sum();
    let stored: usize = psql(&url, "SELECT count(*) FROM articles")
        .parse()
        .unwrap_or(0);
    // What one sequential ingest of the whole corpus keeps (the corpus may
    // hold its own duplicates).
    let single = fresh_database(&server, "concurrent_reference");
    let reference = ingest(&single, corpus, "64");
    let expected = reference["added"].as_u64().unwrap_or(0);
    assert_eq!(
        stored as u64, expected,
        "each article exactly once: {summaries:?}"
    );
    assert_eq!(added, expected, "added counts add up: {summaries:?}");
    let offered = (2 * (total / 3) + (total - total / 3)) as u64;
    let refused: u64 = summaries
        .iter()
        .map(|s| s["failed"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(
        added + duplicates + refused,
        offered,
        "every offered article accounted for"
    );
    assert_eq!(
        incomplete_articles(&url),
        "0",
        "every stored article has all its rows"
    );
    for view in [
        vec!["entities", "--top", "60"],
        vec!["search", "", "--limit", "5000", "--entity", "Putin"],
    ] {
        let run = |store: &str| {
            let mut args = view.clone();
            args.extend(["--json", "--store", store]);
            let value = json(&args);
            // Display names may differ (first committed wins); counts may not.
            let counts: Vec<(Value, Value, Value)> = value
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|e| {
                            (
                                e["key"].clone(),
                                e["articles"].clone(),
                                e["mentions"].clone(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            (counts, value["total"].clone(), id_set(&value["hits"], "id"))
        };
        assert_eq!(run(&url), run(&single), "{view:?} after concurrent ingest");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn killed_ingest_loses_nothing_committed() {
    let (Some(server), Some(corpus)) = (server_url(), corpus()) else {
        return;
    };
    let total = line_count(corpus);
    let reference = fresh_database(&server, "kill_reference");
    let expected = ingest(&reference, corpus, "64")["added"]
        .as_u64()
        .unwrap_or(0);
    for trial in 0..3 {
        let url = fresh_database(&server, &format!("kill{trial}"));
        let mut worker = spawn_ingest(&url, corpus, "4");
        let started = Instant::now();
        // Kill at a different point each trial: after a few batches have
        // been committed, long before the end.
        let wanted = 8 + trial * 40;
        loop {
            let created = psql(&url, "SELECT to_regclass('articles') IS NOT NULL") == "t";
            let stored: usize = if created {
                psql(&url, "SELECT count(*) FROM articles")
                    .parse()
                    .unwrap_or(0)
            } else {
                0
            };
            if stored >= wanted || started.elapsed() > Duration::from_secs(120) {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        worker.kill().expect("SIGKILL delivered");
        let _ = worker.wait();
        let committed: u64 = psql(&url, "SELECT count(*) FROM articles")
            .parse()
            .unwrap_or(0);
        assert!(
            committed > 0 && committed < expected,
            "trial {trial}: killed mid-way ({committed} of {expected})"
        );
        assert_eq!(
            incomplete_articles(&url),
            "0",
            "trial {trial}: whole articles only"
        );
        let rerun = ingest(&url, corpus, "64");
        assert_eq!(
            rerun["added"].as_u64(),
            Some(expected - committed),
            "trial {trial}: re-run adds the rest"
        );
        assert_eq!(
            rerun["articles_in_archive"].as_u64(),
            Some(expected),
            "trial {trial}: complete"
        );
        assert_eq!(
            rerun["added"].as_u64().unwrap_or(0)
                + rerun["duplicates"].as_u64().unwrap_or(0)
                + rerun["failed"].as_u64().unwrap_or(0),
            total as u64
        );
    }
}
