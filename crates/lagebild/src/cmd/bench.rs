//! `lagebild bench`: throughput and memory of the foundation path — read,
//! structure recovery, language and segmentation — over a corpus.
//!
//! Two runs over the same documents: one on a single thread (the per-core
//! figure) and one parallel over articles on every core. Peak memory is the
//! process's high-water mark (`VmHWM`), so it includes everything the run
//! held at once.

use crate::Outcome;
use anyhow::Context;
use lagebild_core::{Document, Pipeline};
use lagebild_ingest::{expand_inputs, read_input, FieldMap, ReadOptions};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

/// Measure articles/s and MB/s per core of reading + structure recovery +
/// segmentation, and peak memory.
///
/// Without paths it reads the 10kGNAD and German Wikinews texts in
/// ../shared/data/corpus (the figures reported in the README).
///
/// Example: lagebild bench --rounds 3
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Files or directories to read (default: the shared corpus texts).
    paths: Vec<PathBuf>,
    /// Field mapping for the given paths, as in `analyze --map`.
    #[arg(long)]
    map: Option<FieldMap>,
    /// How often the corpus is processed per run; more rounds, steadier figures.
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Where ../shared is, for the default corpus.
    #[arg(long, default_value = "../shared")]
    shared: PathBuf,
    /// Print the figures as one JSON object.
    #[arg(long)]
    json: bool,
}

/// One corpus file with the options it needs.
struct Source {
    path: PathBuf,
    options: ReadOptions,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let sources = sources(&args)?;
    let raw = read_raw(&sources)?;
    if raw.is_empty() {
        anyhow::bail!("no articles read; point `lagebild bench` at a corpus");
    }
    let text_bytes: usize = raw.iter().map(|r| r.len()).sum();
    let pipeline = foundation_pipeline();
    let rounds = args.rounds.max(1);

    let start = Instant::now();
    for _ in 0..rounds {
        for record in &raw {
            let mut doc = reread(record);
            let _ = pipeline.run(&mut doc);
        }
    }
    let single = start.elapsed().as_secs_f64();

    let threads = rayon::current_num_threads();
    let start = Instant::now();
    for _ in 0..rounds {
        raw.par_iter().for_each(|record| {
            let mut doc = reread(record);
            let _ = pipeline.run(&mut doc);
        });
    }
    let parallel = start.elapsed().as_secs_f64();

    let articles = (raw.len() * rounds) as f64;
    let megabytes = (text_bytes * rounds) as f64 / 1e6;
    let peak_mb = peak_memory_kb().map(|kb| kb as f64 / 1024.0);
    let report = serde_json::json!({
        "articles": raw.len(),
        "rounds": rounds,
        "input_mb": text_bytes as f64 / 1e6,
        "per_core": {"articles_per_s": articles / single, "mb_per_s": megabytes / single},
        "parallel": {"threads": threads, "articles_per_s": articles / parallel, "mb_per_s": megabytes / parallel},
        "peak_memory_mb": peak_mb,
    });
    if args.json {
        println!("{report}");
    } else {
        println!("read + structure + language + segmentation over {} articles ({:.1} MB), {rounds} rounds", raw.len(), text_bytes as f64 / 1e6);
        println!("  1 thread : {:>8.0} articles/s  {:>6.2} MB/s", articles / single, megabytes / single);
        println!("  {threads} threads: {:>8.0} articles/s  {:>6.2} MB/s", articles / parallel, megabytes / parallel);
        match peak_mb {
            Some(mb) => println!("  peak memory (VmHWM): {mb:.0} MB"),
            None => println!("  peak memory: not available on this system"),
        }
    }
    Ok(Outcome::Clean)
}

/// A corpus record read verbatim once, so each round pays for structure
/// recovery and segmentation again, as a real run would, without
/// measuring the disk.
struct RawRecord {
    options: ReadOptions,
    document: Document,
}

impl RawRecord {
    fn len(&self) -> usize {
        self.document.text().len()
    }
}

/// Re-creates the document from its structural parts, so each round redoes
/// structure recovery on the original text.
fn reread(record: &RawRecord) -> Document {
    let meta = lagebild_core::Metadata {
        id: record.document.id.clone(),
        language: record.options.language.clone(),
        ..Default::default()
    };
    let article = lagebild_core::Article { meta, ..Default::default() };
    if record.options.verbatim {
        Document::verbatim(article.meta, record.document.text().to_string())
    } else {
        Document::from_article(lagebild_ingest::recover_structure(record.document.text(), article))
    }
}

fn read_raw(sources: &[Source]) -> anyhow::Result<Vec<RawRecord>> {
    let mut out = Vec::new();
    for source in sources {
        let verbatim = ReadOptions { verbatim: true, ..source.options.clone() };
        for input in expand_inputs(std::slice::from_ref(&source.path)) {
            let input = input?;
            for record in read_input(&input, &verbatim) {
                match record {
                    Ok(document) => out.push(RawRecord { options: source.options.clone(), document }),
                    Err(e) => eprintln!("{e}"),
                }
            }
        }
    }
    Ok(out)
}

fn sources(args: &Args) -> anyhow::Result<Vec<Source>> {
    if !args.paths.is_empty() {
        let options = ReadOptions { field_map: args.map.clone().unwrap_or_default(), ..Default::default() };
        return Ok(args.paths.iter().map(|p| Source { path: p.clone(), options: options.clone() }).collect());
    }
    let corpus = args.shared.join("data/corpus");
    if !corpus.is_dir() {
        anyhow::bail!("{} not found; give corpus paths or --shared", corpus.display());
    }
    let wikinews_map: FieldMap = "text=originalText,id=documentName".parse().context("built-in field map")?;
    Ok(vec![
        Source { path: corpus.join("10kgnad/articles_dev.csv"), options: ReadOptions::default() },
        Source {
            path: corpus.join("wikinews_quotes_de"),
            options: ReadOptions { field_map: wikinews_map, ..Default::default() },
        },
    ])
}

/// The stages the foundation benchmark measures: language and segmentation.
fn foundation_pipeline() -> Pipeline {
    Pipeline::new().with(lagebild_text::LanguageStage).with(lagebild_text::SegmentStage)
}

/// Peak resident memory of this process in kB (Linux `VmHWM`).
fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
