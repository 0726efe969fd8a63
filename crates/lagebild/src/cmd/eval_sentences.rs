//! `lagebild eval sentences`: sentence-boundary P/R/F1 of the segmenter on
//! the hand-checked gold in `crates/text/testdata/` (German: 10kGNAD and
//! Wikinews; English: PolNeAR), whose texts are read from `../shared`.

use crate::Outcome;
use anyhow::Context;
use lagebild_core::metrics::Counts;
use lagebild_text::gold::{boundary_counts, load_gold, load_texts, segment, GoldDocument};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Score sentence segmentation against the hand-checked boundary gold.
///
/// A boundary is the end offset (code points) of a sentence; the end of a
/// document's last sentence is not counted. A system boundary counts as
/// correct only at exactly the gold offset. Figures are printed per
/// language for the `tune` part (rules were adjusted on it), the `check`
/// part (only measured) and both together; thresholds apply to both
/// together.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The gold file (stand-off offsets).
    #[arg(long, default_value = "crates/text/testdata/sentences_gold.jsonl", value_name = "PATH")]
    gold: PathBuf,
    /// Folder with the corpora the gold points into (`../shared` beside the
    /// repository).
    #[arg(long, default_value = "../shared", value_name = "DIR")]
    shared: PathBuf,
    /// Exit 1 when the German boundary F1 is below this.
    #[arg(long, value_name = "F1")]
    min_f1_de: Option<f64>,
    /// Exit 1 when the English boundary F1 is below this.
    #[arg(long, value_name = "F1")]
    min_f1_en: Option<f64>,
    /// Print each wrong or missed boundary with its context (for tuning
    /// the rules).
    #[arg(long)]
    errors: bool,
    /// Write the system's sentences as JSON Lines (`source`, `doc`,
    /// `sentences`) for `crates/text/testdata/score_sentences.py`.
    #[arg(long, value_name = "PATH")]
    write_system: Option<PathBuf>,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let gold = load_gold(&args.gold)
        .with_context(|| format!("reading the sentence gold {}", args.gold.display()))?;
    let texts =
        load_texts(&args.shared, &gold).context("reading the gold documents' texts (see --shared)")?;
    let started = Instant::now();
    let mut system_out = match &args.write_system {
        Some(path) => Some(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => None,
    };
    // (language, part) -> counts; BTreeMap for a stable print order.
    let mut counts: BTreeMap<(String, String), Counts> = BTreeMap::new();
    for (doc, text) in gold.iter().zip(&texts) {
        let system = segment(text, doc.language());
        let gold_spans = doc.sentence_spans();
        let text_len = text.chars().count();
        let doc_counts = boundary_counts(&gold_spans, &system, text_len);
        for part in [doc.part.as_str(), "all"] {
            counts.entry((doc.lang.clone(), part.to_string())).or_default().add(doc_counts);
        }
        if args.errors {
            print_errors(doc, text, &gold_spans, &system);
        }
        if let Some(out) = system_out.as_mut() {
            let spans: Vec<[usize; 2]> = system.iter().map(|s| [s.start, s.end]).collect();
            let record = serde_json::json!({ "source": doc.source, "doc": doc.doc, "sentences": spans });
            writeln!(out, "{record}")?;
        }
    }
    if let Some(mut out) = system_out {
        out.flush()?;
    }
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        let rows: Vec<_> = counts
            .iter()
            .map(|((lang, part), c)| {
                serde_json::json!({"lang": lang, "part": part, "precision": c.precision(), "recall": c.recall(), "f1": c.f1(), "tp": c.tp, "fp": c.fp, "fn": c.fn_})
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({ "layer": "sentences", "documents": gold.len(), "seconds": seconds, "scores": rows })
        );
    } else {
        println!(
            "sentence boundaries: {} documents from {} ({seconds:.2}s)",
            gold.len(),
            args.gold.display()
        );
        for ((lang, part), c) in &counts {
            println!("  {lang}  {part:<5}  {c}");
        }
    }
    let mut outcome = Outcome::Clean;
    for (lang, min) in [("de", args.min_f1_de), ("en", args.min_f1_en)] {
        let Some(min) = min else { continue };
        let f1 = counts.get(&(lang.to_string(), "all".to_string())).map_or(0.0, Counts::f1);
        if f1 < min {
            eprintln!("FAIL: {lang} sentence-boundary F1 {f1:.4} is below --min-f1-{lang} {min}");
            outcome = Outcome::Partial;
        }
    }
    Ok(outcome)
}

/// Prints the boundaries the system added (`+`) or missed (`-`) in one
/// document, with the text around each.
fn print_errors(
    doc: &GoldDocument,
    text: &str,
    gold: &[lagebild_core::Span],
    system: &[lagebild_core::Span],
) {
    let ends = |spans: &[lagebild_core::Span]| -> std::collections::BTreeSet<usize> {
        spans.iter().map(|s| s.end).collect()
    };
    let (gold_ends, system_ends) = (ends(gold), ends(system));
    let chars: Vec<char> = text.chars().collect();
    let context = |at: usize| {
        let left: String = chars[at.saturating_sub(60)..at].iter().collect();
        let right: String = chars[at..(at + 30).min(chars.len())].iter().collect();
        format!("{left}|{right}").replace('\n', "⏎")
    };
    for end in system_ends.symmetric_difference(&gold_ends) {
        let mark = if system_ends.contains(end) { '+' } else { '-' };
        println!("{mark} {} {} @{end}: {}", doc.source, doc.doc, context(*end));
    }
}
