//! Throughput of the time stage (time expressions + amounts) in MB of text
//! per second on one core, over the TimeML dev texts in `../shared`.
//!
//! Run: `cargo bench -p lagebild-time` (prints one line per set; skips
//! with a note when ../shared is missing).

use lagebild_core::{Document, Metadata, Stage};
use lagebild_time::eval::{read_gold, TIMEX_SETS};
use lagebild_time::TimeStage;
use std::path::PathBuf;
use std::time::Instant;

/// Passes over the texts; the first warms the regex caches and is not
/// timed.
const TIMED_PASSES: usize = 3;

fn main() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if !shared.join("data").is_dir() {
        eprintln!("skipped: {} not found", shared.display());
        return;
    }
    let stage = match TimeStage::new() {
        Ok(stage) => stage,
        Err(e) => {
            eprintln!("time stage failed to start: {e}");
            std::process::exit(2);
        }
    };
    let (mut all_bytes, mut all_seconds) = (0usize, 0f64);
    for set in TIMEX_SETS {
        let gold = match read_gold(&shared.join(set.gold)) {
            Ok(gold) => gold,
            Err(e) => {
                eprintln!("{}: {e}", set.name);
                continue;
            }
        };
        let documents: Vec<Document> = gold
            .iter()
            .map(|g| {
                let meta = Metadata {
                    language: Some(set.language.code().into()),
                    published: g.dct.clone(),
                    ..Metadata::default()
                };
                Document::verbatim(meta, g.text.clone())
            })
            .collect();
        let bytes: usize = documents.iter().map(|d| d.text().len()).sum();
        let run = |docs: &[Document]| {
            for doc in docs {
                let mut doc = doc.clone();
                if let Err(e) = stage.annotate(&mut doc) {
                    eprintln!("{e}");
                }
            }
        };
        run(&documents);
        let started = Instant::now();
        for _ in 0..TIMED_PASSES {
            run(&documents);
        }
        let seconds = started.elapsed().as_secs_f64() / TIMED_PASSES as f64;
        all_bytes += bytes;
        all_seconds += seconds;
        println!(
            "{:<11} {:>4} docs {:>8} bytes  {:.2} MB/s",
            set.name,
            documents.len(),
            bytes,
            bytes as f64 / 1e6 / seconds
        );
    }
    if all_seconds > 0.0 {
        println!(
            "all         {:>8} bytes  {:.2} MB/s per core",
            all_bytes,
            all_bytes as f64 / 1e6 / all_seconds
        );
    }
}
