//! Speed and memory of the NER tagger, one core:
//!
//! ```text
//! cargo run --release -p lagebild-entities --example tagger_benchmark [de|en] [MODEL]
//! ```
//!
//! Prints the model load time and tagging throughput per CPU second (the
//! process's own CPU time, so busy neighbours on the machine do not count);
//! the model load time (decoding the built-in model, the lexicon and
//! the gazetteers, as the first article pays it), throughput over the dev
//! set (read from ../shared), and the peak resident memory of the process.

use lagebild_entities::corpus::{dev_sets, read_annotated};
use lagebild_entities::{Language, TagScratch, Tagger};
use std::time::Instant;

/// Passes over the dev set, so the timing is not dominated by noise.
const PASSES: usize = 5;

/// CPU time of this process so far (the machine is shared, so wall time
/// would measure the neighbours too); from /proc/self/schedstat, in seconds.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|ns| ns.parse::<f64>().ok())
        })
        .map_or(0.0, |ns| ns / 1e9)
}

fn main() {
    let language: Language = match std::env::args()
        .nth(1)
        .unwrap_or_else(|| "de".into())
        .parse()
    {
        Ok(language) => language,
        Err(e) => return eprintln!("{e}"),
    };
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/ner");
    let set = &dev_sets(language)[0];
    let sentences = match read_annotated(&std::path::Path::new(data).join(set.path), set.format) {
        Ok(sentences) => sentences,
        Err(e) => return eprintln!("skipped: {e}"),
    };
    let started = Instant::now();
    let cpu_started = cpu_seconds();
    // An optional second argument benchmarks a model file instead of the
    // built-in one (e.g. an ablation written by `lagebild train ner --out`).
    let loaded;
    let tagger = match std::env::args().nth(2) {
        Some(path) => match Tagger::load(std::path::Path::new(&path)) {
            Ok(tagger) => {
                loaded = tagger;
                &loaded
            }
            Err(e) => return eprintln!("{e}"),
        },
        None => match Tagger::builtin(language) {
            Ok(tagger) => tagger,
            Err(e) => return eprintln!("{e}"),
        },
    };
    // The first sentence builds the lexicon and gazetteers.
    let mut scratch = TagScratch::default();
    tagger.tag_with(&["Putin"], &mut scratch);
    let load = started.elapsed();
    let load_cpu = cpu_seconds() - cpu_started;
    let tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();
    let started = Instant::now();
    let cpu_started = cpu_seconds();
    let mut found = 0;
    for _ in 0..PASSES {
        for sentence in &sentences {
            found += tagger.tag_with(&sentence.tokens, &mut scratch).len();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_started;
    println!(
        "model + lexicon + gazetteer load: {:.0} ms CPU ({:.0} ms wall)",
        load_cpu * 1e3,
        load.as_secs_f64() * 1e3
    );
    println!(
        "tagging: {:.0} tokens per CPU second ({:.0} per wall second; {} tokens × {PASSES} passes of {} dev, {} spans)",
        (tokens * PASSES) as f64 / cpu,
        (tokens * PASSES) as f64 / seconds,
        tokens,
        set.name,
        found
    );
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_string())
        });
    println!(
        "peak resident memory: {} kB",
        peak.unwrap_or_else(|| "unknown (no /proc)".into())
    );
}
