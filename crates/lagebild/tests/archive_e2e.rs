//! The archive through the built binary, on the stern example and the
//! corpora in ../shared (read there, never copied): ingest, idempotent
//! re-ingest, and every query command's `--json` answer checked by content.
//! Skips with a note when ../shared is missing.

mod analyze_support;

use analyze_support::{lagebild, scratch, shared, stderr};
use serde_json::Value;
use std::path::Path;

const STERN: &str = "examples/stern-2023-09-kim-putin.txt";
const GNAD_DEV: &str = "data/corpus/10kgnad/articles_dev.csv";
const WIKINEWS_DEV: &str = "data/corpus/wikinews_quotes_de/dev.jsonl.gz";

/// Runs an archive command with `--json` and returns its answer; the
/// command must exit 0.
fn query(store: &Path, args: &[&str]) -> Value {
    let store = store.to_string_lossy();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--store", &store, "--json"]);
    let output = lagebild(&all, None);
    assert_eq!(
        output.status.code(),
        Some(0),
        "lagebild {all:?} failed: {}",
        stderr(&output)
    );
    serde_json::from_slice(&output.stdout).expect("--json prints one JSON object")
}

fn ingest(store: &Path, inputs: &[&str]) -> Value {
    query(store, &[&["ingest"], inputs].concat())
}

fn array<'a>(value: &'a Value, field: &str) -> &'a Vec<Value> {
    value[field]
        .as_array()
        .unwrap_or_else(|| panic!("{field} is an array in {value}"))
}

#[test]
fn corpora_ingest_and_every_query_answers_by_content() {
    let (Some(stern), Some(gnad), Some(wikinews)) =
        (shared(STERN), shared(GNAD_DEV), shared(WIKINEWS_DEV))
    else {
        return;
    };
    let dir = scratch("archive-e2e");
    let store = dir.join("store");

    let first = ingest(&store, &[&stern, &gnad]);
    assert_eq!(first["failed"], 0, "{first}");
    let german = first["added"].as_u64().unwrap_or(0);
    assert!(german >= 800, "stern + 10kGNAD dev: {first}");
    let wiki = ingest(
        &store,
        &["--map", "text=originalText,id=documentName", &wikinews],
    );
    assert!(wiki["added"].as_u64().unwrap_or(0) >= 100, "{wiki}");
    // Re-ingest adds nothing.
    let again = ingest(&store, &[&stern, &gnad]);
    assert_eq!(
        (again["added"].as_u64(), again["failed"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(again["duplicates"].as_u64(), Some(german), "{again}");

    // The stern article is the best hit for North Korea and weapons, with
    // the words highlighted in its snippet; facets cover the hit set.
    let search = query(&store, &["search", "Nordkorea Waffen"]);
    let hits = array(&search, "hits");
    let stern_hit = hits
        .iter()
        .find(|h| {
            h["title"]
                .as_str()
                .is_some_and(|t| t.contains("Kim Jong Un"))
        })
        .unwrap_or_else(|| panic!("stern article among the hits: {search}"));
    assert!(!array(&stern_hit["snippet"], "highlights").is_empty());
    assert!(search["total"].as_u64().unwrap_or(0) >= 1);
    let languages = array(&search["facets"], "languages");
    assert_eq!(languages[0]["value"], "de", "{search}");

    // Dempsey's quote, attributed and tied to the stern article.
    let quotes = query(&store, &["quotes", "--speaker", "Dempsey"]);
    let quotes = array(&quotes, "quotes");
    assert!(!quotes.is_empty(), "a quote by Dempsey");
    assert!(quotes
        .iter()
        .all(|q| q["speaker"].as_str().is_some_and(|s| s.contains("Dempsey"))));
    assert!(quotes.iter().any(|q| q["article_id"]
        .as_str()
        .is_some_and(|id| id.contains("stern"))));

    // Persons only, most mentioned first; Putin among them.
    let people = query(&store, &["entities", "--type", "PER", "--top", "50"]);
    let people = people.as_array().expect("entities answer with a list");
    assert!(people.iter().all(|e| e["type"] == "PER"));
    let mentions: Vec<u64> = people
        .iter()
        .filter_map(|e| e["mentions"].as_u64())
        .collect();
    assert!(mentions.windows(2).all(|w| w[0] >= w[1]), "{mentions:?}");
    assert!(people
        .iter()
        .any(|e| e["name"].as_str().is_some_and(|n| n.contains("Putin"))));

    // Putin over time: the stern article in September 2023; the 10kGNAD
    // articles, which have no dates, are counted apart.
    let timeline = query(&store, &["timeline", "Putin"]);
    assert!(
        array(&timeline, "periods")
            .iter()
            .any(|p| p["value"] == "2023-09" && p["articles"].as_u64() >= Some(1)),
        "{timeline}"
    );
    assert!(timeline["undated"].as_u64() >= Some(1), "{timeline}");

    // North Korea's events in the stern article: the journey to Russia.
    let events = query(
        &store,
        &["events", "--source", "Nordkorea", "--limit", "50"],
    );
    let events = array(&events, "events");
    assert!(
        events.iter().any(|e| e["type"] == "CONSULT"
            && e["target"]["name"] == "Russland"
            && e["title"]
                .as_str()
                .is_some_and(|t| t.contains("Kim Jong Un"))),
        "{events:?}"
    );
    let accusations = query(&store, &["events", "--type", "accuse", "--source", "USA"]);
    assert!(array(&accusations, "events").iter().any(|e| e["sentence"]
        .as_str()
        .is_some_and(|s| s.contains("verdächtigen"))));

    // Wikinews names give title and date; the 0001-01-01 placeholder gives
    // no date.
    let guam = query(&store, &["search", "Guam Fahrwerk"]);
    let guam = &array(&guam, "hits")[0];
    assert_eq!(
        guam["title"],
        "Passagierflugzeug landete in Guam mit defektem Fahrwerk"
    );
    assert_eq!(guam["published"], "2005-08-20");
    let undated = query(&store, &["search", "", "--to", "1000"]);
    assert_eq!(
        undated["total"], 0,
        "no article dated before 1000: {undated}"
    );

    // Parquet export: one file per layer, each a Parquet file.
    let out = dir.join("parquet");
    let out_arg = out.to_string_lossy().into_owned();
    let export = query(&store, &["export", "--format", "parquet", &out_arg]);
    assert!(export["articles"].as_u64() >= Some(german), "{export}");
    for table in ["articles", "entities", "quotes", "events"] {
        let bytes = std::fs::read(out.join(format!("{table}.parquet")))
            .unwrap_or_else(|e| panic!("{table}.parquet: {e}"));
        assert!(
            bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
            "{table}"
        );
    }

    // Analysed documents re-ingest from gzipped JSONL into a new store.
    let jsonl = dir.join("articles.jsonl");
    let jsonl_arg = jsonl.to_string_lossy().into_owned();
    query(
        &store,
        &["export", "--format", "jsonl", "--query", "Guam", &jsonl_arg],
    );
    let gz = dir.join("articles.jsonl.gz");
    let status = std::process::Command::new("gzip")
        .arg("-k")
        .arg(&jsonl)
        .status();
    if status.is_ok_and(|s| s.success()) {
        let copy = dir.join("copy");
        let copied = ingest(&copy, &["--analysed", &gz.to_string_lossy()]);
        assert!(copied["added"].as_u64() >= Some(1), "{copied}");
        assert_eq!(copied["failed"], 0, "{copied}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
