//! `lagebild eval ner`: exact-span micro P/R/F1 of the tagger on the dev
//! sets (GermEval 2014 dev for German; GUM dev and UNER English-EWT dev for
//! English), with the `base` scheme of `../shared/tools/score_ner.py`.

use crate::cmd::ner::load_tagger;
use crate::Outcome;
use anyhow::Context;
use lagebild_entities::corpus::{dev_sets, read_annotated};
use lagebild_entities::{evaluate, Evaluation, Language};
use std::path::PathBuf;
use std::time::Instant;

/// Score the NER tagger on the development sets of a language.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Language: de (GermEval 2014 dev) or en (GUM dev, UNER EWT dev).
    #[arg(long, default_value = "de")]
    lang: Language,
    /// Only this dev set (germeval, gum, uner); default: all of the language.
    #[arg(long)]
    set: Option<String>,
    /// Folder with the NER data (`../shared/data/ner` beside the repository).
    #[arg(long, default_value = "../shared/data/ner", value_name = "DIR")]
    data_dir: PathBuf,
    /// A model file written by `lagebild train ner` instead of the built-in one.
    #[arg(long, value_name = "PATH")]
    model: Option<PathBuf>,
    /// Exit 1 when the overall F1 of any evaluated set is below this.
    #[arg(long, value_name = "F1")]
    min_f1: Option<f64>,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let tagger = load_tagger(args.lang, args.model.as_ref())?;
    let sets: Vec<_> = dev_sets(args.lang)
        .iter()
        .filter(|s| args.set.as_deref().is_none_or(|n| n == s.name))
        .collect();
    if sets.is_empty() {
        let names: Vec<&str> = dev_sets(args.lang).iter().map(|s| s.name).collect();
        anyhow::bail!(
            "no dev set {:?} for --lang {}; choose one of {}",
            args.set.unwrap_or_default(),
            args.lang.code(),
            names.join(", ")
        );
    }
    let mut outcome = Outcome::Clean;
    for set in sets {
        let path = args.data_dir.join(set.path);
        let sentences = read_annotated(&path, set.format).with_context(|| {
            format!(
                "dev set {} (is ../shared beside the repository? see --data-dir)",
                set.name
            )
        })?;
        let started = Instant::now();
        let result = evaluate(&tagger, &sentences);
        let seconds = started.elapsed().as_secs_f64();
        if args.json {
            println!("{}", to_json(set.name, &result, seconds));
        } else {
            print_table(set.name, args.lang, &result, seconds);
        }
        if let Some(min) = args.min_f1 {
            if result.overall.f1() < min {
                eprintln!(
                    "FAIL: {} F1 {:.4} is below --min-f1 {min}",
                    set.name,
                    result.overall.f1()
                );
                outcome = Outcome::Partial;
            }
        }
    }
    Ok(outcome)
}

fn print_table(name: &str, language: Language, result: &Evaluation, seconds: f64) {
    println!(
        "NER {name} ({}), exact spans, base scheme: {} tokens in {seconds:.2} s",
        language.code(),
        result.tokens
    );
    println!(
        "{:<8}{:>8}{:>8}{:>8}{:>7}{:>7}{:>7}",
        "type", "P", "R", "F1", "tp", "fp", "fn"
    );
    let rows = result
        .per_type
        .iter()
        .map(|(t, c)| (format!("{t:?}").to_uppercase(), c))
        .chain(std::iter::once(("micro".to_string(), &result.overall)));
    for (label, c) in rows {
        println!(
            "{label:<8}{:>8.4}{:>8.4}{:>8.4}{:>7}{:>7}{:>7}",
            c.precision(),
            c.recall(),
            c.f1(),
            c.tp,
            c.fp,
            c.fn_
        );
    }
}

fn to_json(name: &str, result: &Evaluation, seconds: f64) -> serde_json::Value {
    let figures = |c: &lagebild_core::metrics::Counts| serde_json::json!({"p": c.precision(), "r": c.recall(), "f1": c.f1(), "tp": c.tp, "fp": c.fp, "fn": c.fn_});
    let per_type: serde_json::Map<String, serde_json::Value> = result
        .per_type
        .iter()
        .map(|(t, c)| (format!("{t:?}").to_uppercase(), figures(c)))
        .collect();
    serde_json::json!({"set": name, "tokens": result.tokens, "seconds": seconds, "micro": figures(&result.overall), "per_type": per_type})
}
