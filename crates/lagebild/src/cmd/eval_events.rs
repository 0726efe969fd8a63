//! `lagebild eval events`: event-type and full-event P/R/F1 of the events
//! stage on the hand-annotated gold in `crates/events/testdata/` (German:
//! Wikinews sentences read from `../shared` plus invented examples;
//! English: invented examples). Guidelines: `docs/events.md`.

use crate::Outcome;
use anyhow::Context;
use lagebild_core::Stage;
use lagebild_events::gold::{self, EvalDocument, Scores, Split};
use lagebild_events::{Events, EventsStage};
use std::path::PathBuf;
use std::time::Instant;

/// Score the events layer against the hand-annotated event gold.
///
/// Per sentence, the set of PLOVER types found is compared with the gold
/// set (event type P/R/F1), and each event counts as right only with its
/// type, source and target right (full-event P/R/F1). Figures are printed
/// for the `tune` part (rules were adjusted on it), the `heldout` part
/// (only measured) and both; thresholds apply to both together.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Language of the gold to score.
    #[arg(long, default_value = "de", value_parser = ["de", "en"])]
    lang: String,
    /// The gold file; defaults to crates/events/testdata/<lang>_dev.jsonl.
    #[arg(long, value_name = "PATH")]
    gold: Option<PathBuf>,
    /// Folder with the corpora the gold points into (`../shared` beside the
    /// repository).
    #[arg(long, default_value = "../shared", value_name = "DIR")]
    shared: PathBuf,
    /// Exit 1 when the event-type F1 (both parts) is below this.
    #[arg(long, value_name = "F1")]
    min_type_f1: Option<f64>,
    /// Exit 1 when the full-event F1 (both parts) is below this.
    #[arg(long, value_name = "F1")]
    min_event_f1: Option<f64>,
    /// Print each tune-part sentence whose events differ from the gold (for
    /// tuning the rules; the held-out part is never shown).
    #[arg(long)]
    errors: bool,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let gold_path = args.gold.clone().unwrap_or_else(|| {
        PathBuf::from(format!("crates/events/testdata/{}_dev.jsonl", args.lang))
    });
    let gold = gold::load(&gold_path)
        .with_context(|| format!("reading the event gold {}", gold_path.display()))?;
    let corpus_dir = args.shared.join("data/corpus");
    let pipeline = crate::stages::default_pipeline()?;
    let events_stage = EventsStage::new().context("loading the events lexicons")?;
    let mut report = serde_json::Map::new();
    let mut all_scores = Scores::default();
    let mut stage_seconds = 0.0;
    let mut articles = 0;
    for (part, split) in [
        ("tune", Some(Split::Tune)),
        ("heldout", Some(Split::Heldout)),
        ("all", None),
    ] {
        let mut documents =
            gold::documents(&gold, &corpus_dir, &args.lang, split).with_context(|| {
                format!(
                    "building the gold documents from {} (see --shared)",
                    corpus_dir.display()
                )
            })?;
        for doc in &mut documents {
            for error in pipeline.run(&mut doc.document) {
                eprintln!("warning: {}: {error}", doc.document.id);
            }
        }
        let scores = gold::score(&documents);
        if args.errors && split == Some(Split::Tune) {
            print_errors(&documents);
        }
        if split.is_none() {
            let started = Instant::now();
            for doc in &mut documents {
                events_stage
                    .annotate(&mut doc.document)
                    .map_err(|e| anyhow::anyhow!("events stage: {e}"))?;
            }
            stage_seconds = started.elapsed().as_secs_f64();
            articles = documents.len();
            all_scores = scores.clone();
        }
        if args.json {
            report.insert(part.to_string(), serde_json::to_value(&scores)?);
        } else {
            println!(
                "events {} {part}: {} sentences, {} gold events",
                args.lang, scores.sentences, scores.gold_events
            );
            println!("  event type  {}", scores.event_type);
            println!("  full event  {}", scores.full_event);
        }
    }
    let per_second = if stage_seconds > 0.0 {
        articles as f64 / stage_seconds
    } else {
        0.0
    };
    if args.json {
        report.insert(
            "per_type".into(),
            serde_json::to_value(&all_scores.per_type)?,
        );
        report.insert(
            "stage_documents_per_second".into(),
            serde_json::json!(per_second),
        );
        println!("{}", serde_json::Value::Object(report));
    } else {
        println!("per type (all):");
        for (event_type, counts) in &all_scores.per_type {
            println!("  {:<10} {counts}", event_type.to_string());
        }
        println!(
            "events stage alone: {articles} documents in {:.1} ms ({per_second:.0} documents/s, one core)",
            stage_seconds * 1000.0
        );
    }
    let mut outcome = Outcome::Clean;
    for (label, threshold, value) in [
        (
            "event-type F1",
            args.min_type_f1,
            all_scores.event_type.f1(),
        ),
        (
            "full-event F1",
            args.min_event_f1,
            all_scores.full_event.f1(),
        ),
    ] {
        if let Some(min) = threshold {
            if value < min {
                eprintln!(
                    "FAIL: {} {label} {value:.4} is below --min {min}",
                    args.lang
                );
                outcome = Outcome::Partial;
            }
        }
    }
    Ok(outcome)
}

/// Sentences where the system's (type, source, target) differ from gold.
fn print_errors(documents: &[EvalDocument]) {
    for doc in documents {
        let system = doc
            .document
            .layer::<Events>()
            .map(|e| e.0.as_slice())
            .unwrap_or_default();
        for (span, gold_events) in &doc.gold {
            let found: Vec<_> = system
                .iter()
                .filter(|e| span.start <= e.trigger.start && e.trigger.start < span.end)
                .collect();
            let show_gold: Vec<String> = gold_events
                .iter()
                .map(|g| {
                    format!(
                        "{} {:?} > {:?} {:?}",
                        g.event_type,
                        g.source.as_ref().and_then(|s| s.first()),
                        g.target.as_ref().and_then(|s| s.first()),
                        g.status
                    )
                })
                .collect();
            let show_found: Vec<String> = found
                .iter()
                .map(|e| {
                    format!(
                        "{} {:?} > {:?} {:?} [{}]",
                        e.event_type,
                        e.source.as_ref().map(|a| &a.name),
                        e.target.as_ref().map(|a| &a.name),
                        e.status,
                        e.trigger.text
                    )
                })
                .collect();
            let all_matched = gold_events.len() == found.len()
                && gold_events.iter().all(|g| {
                    found.iter().any(|e| {
                        e.event_type == g.event_type
                            && gold::actor_matches(g.source.as_deref(), e.source.as_ref())
                            && gold::actor_matches(g.target.as_deref(), e.target.as_ref())
                    })
                });
            if !all_matched {
                println!(
                    "--- {} {}..{}\n{}",
                    doc.document.id,
                    span.start,
                    span.end,
                    doc.document.slice(*span)
                );
                println!("  gold:   {}", show_gold.join(" ; "));
                println!("  system: {}", show_found.join(" ; "));
            }
        }
    }
}
