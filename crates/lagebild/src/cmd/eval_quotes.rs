//! `lagebild eval quotes`: runs the default pipeline over gold texts taken
//! verbatim and scores the `quotes` layer exactly as
//! `shared/tools/score_quotes.py` does.

use crate::Outcome;
use anyhow::Context;
use lagebild_core::{Document, Metadata};
use lagebild_quotes::eval::{self, GoldDocument};
use lagebild_quotes::{Quote, Quotes};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Which gold set to score against.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum QuoteSet {
    /// German Wikinews quotation corpus (uhh-lt, 2024).
    WikinewsDe,
    /// English PolNeAR attributions (first annotator).
    PolnearEn,
}

/// Which split of the gold set.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum Split {
    /// Development split: the figures to report.
    Dev,
    /// Training split: the one to tune rules on.
    Train,
}

/// Score quotations with speakers: quote P/R/F1 at coverage 0.3 and 0.8,
/// speaker and cue accuracy, attributed-quote F1 (a hit needs the right
/// speaker) overall and per gold type.
///
/// Example: `lagebild eval quotes --set wikinews-de --split dev
/// --min-attributed-f1 0.6`. Exit 1 when a --min-… threshold is missed.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Gold set.
    #[arg(long, value_enum, default_value = "wikinews-de")]
    set: QuoteSet,
    /// Split of the gold set.
    #[arg(long, value_enum, default_value = "dev")]
    split: Split,
    /// Folder with the shared data sets.
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// A gold file (.jsonl or .jsonl.gz, either format) instead of --set/--split.
    #[arg(long)]
    gold: Option<PathBuf>,
    /// Fail unless attributed-quote F1 over all types reaches this.
    #[arg(long)]
    min_attributed_f1: Option<f64>,
    /// Fail unless attributed-quote F1 on Direct quotes reaches this.
    #[arg(long)]
    min_direct_f1: Option<f64>,
    /// Fail unless quote F1 at coverage 0.3 reaches this.
    #[arg(long)]
    min_quote_f1: Option<f64>,
    /// Also write the system output as JSONL ({id, text, quotes}), the input
    /// of score_quotes.py, to cross-check the figures.
    #[arg(long)]
    write_system: Option<PathBuf>,
    /// Print every figure as JSON instead of the table.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let path = args.gold.clone().unwrap_or_else(|| {
        let split = match args.split {
            Split::Dev => "dev",
            Split::Train => "train",
        };
        match args.set {
            QuoteSet::WikinewsDe => args
                .data
                .join(format!("corpus/wikinews_quotes_de/{split}.jsonl.gz")),
            QuoteSet::PolnearEn => args
                .data
                .join(format!("quotes/en_polnear/{split}.jsonl.gz")),
        }
    });
    let gold = eval::load_gold(&path).with_context(|| "loading the quote gold data".to_string())?;
    let pipeline = crate::stages::default_pipeline()?;
    eprintln!(
        "scoring quotes on {} documents from {}",
        gold.len(),
        path.display()
    );
    let started = Instant::now();
    let documents: Vec<Document> = gold.par_iter().map(|g| analyse(&pipeline, g)).collect();
    let pipeline_seconds = started.elapsed().as_secs_f64();
    // The quotes stage again, alone and on one core, for its speed.
    let started = Instant::now();
    let rerun: usize = documents
        .iter()
        .map(|d| lagebild_quotes::find_quotes(d).0.len())
        .sum();
    let quotes_seconds = started.elapsed().as_secs_f64();
    let mut system: HashMap<String, Vec<Quote>> = HashMap::new();
    for doc in &documents {
        let layer = doc
            .layer::<Quotes>()
            .context("the default pipeline produced no quotes layer")?;
        system.insert(doc.id.clone(), layer.0.clone());
    }
    anyhow::ensure!(
        rerun == system.values().map(Vec::len).sum::<usize>(),
        "the quotes stage is not deterministic: a rerun found a different number of quotes"
    );
    if let Some(out) = &args.write_system {
        write_system(out, &documents, &system)?;
    }
    let report = eval::score(&gold, &system);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{report}");
        println!(
            "speed: pipeline {:.1} articles/s ({} threads); quotes stage alone {:.0} articles/s on one core",
            gold.len() as f64 / pipeline_seconds.max(1e-9),
            rayon::current_num_threads(),
            gold.len() as f64 / quotes_seconds.max(1e-9)
        );
    }
    let all = report.group("all").cloned().unwrap_or_default();
    let direct = report.group("Direct").map_or(0.0, |g| g.attributed.f1);
    let checks = [
        (
            "attributed-quote F1",
            all.attributed.f1,
            args.min_attributed_f1,
        ),
        ("Direct attributed-quote F1", direct, args.min_direct_f1),
        ("quote F1@0.3", all.quote_03.f1, args.min_quote_f1),
    ];
    let mut outcome = Outcome::Clean;
    for (what, value, minimum) in checks {
        if let Some(minimum) = minimum {
            if value < minimum {
                eprintln!("FAIL: {what} {value:.3} is below the required {minimum:.3}");
                outcome = Outcome::Partial;
            }
        }
    }
    Ok(outcome)
}

/// Runs the pipeline over one gold text, kept verbatim so gold offsets hold.
fn analyse(pipeline: &lagebild_core::Pipeline, gold: &GoldDocument) -> Document {
    let meta = Metadata {
        id: gold.id.clone(),
        language: Some(gold.language.to_string()),
        ..Default::default()
    };
    let mut doc = Document::verbatim(meta, gold.text.clone());
    for error in pipeline.run(&mut doc) {
        eprintln!("warning: {}: {error}", gold.id);
    }
    doc
}

fn write_system(
    out: &PathBuf,
    documents: &[Document],
    system: &HashMap<String, Vec<Quote>>,
) -> anyhow::Result<()> {
    let file = std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?;
    let mut writer = std::io::BufWriter::new(file);
    for doc in documents {
        let quotes = system.get(&doc.id).map(Vec::as_slice).unwrap_or_default();
        let line = serde_json::json!({ "id": doc.id, "text": doc.text(), "quotes": quotes });
        writeln!(writer, "{line}")?;
    }
    writer.flush()?;
    Ok(())
}
