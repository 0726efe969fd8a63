//! `lagebild eval extraction`: main-content extraction quality on the three
//! dev benchmarks in `../shared/data/extraction/dev/` and metadata accuracy
//! on the fundus publisher pages, with the metrics of
//! `../shared/tools/score_extraction.py` (reimplemented in
//! `lagebild_web::evaluation`; `--write-predictions` writes the JSONL that
//! the Python scorer reads, for cross-checking).

use crate::Outcome;
use anyhow::Context;
use lagebild_web::evaluation::{
    evaluate_fundus, evaluate_set, FundusScores, GroupScores, SetScores,
};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// The benchmark sets, by folder name.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Set {
    /// trafilatura's evaluation pages (mostly German): snippet F1.
    TrafilaturaEval,
    /// Zyte/ScrapingHub article-extraction-benchmark: shingle F1.
    Aeb,
    /// WCXB article pages: shingle F1 and word F1 (`bow`).
    Wcxb,
    /// fundus German publisher pages: title, author and date accuracy.
    Fundus,
}

impl Set {
    fn folder(self) -> &'static str {
        match self {
            Set::TrafilaturaEval => "trafilatura-eval",
            Set::Aeb => "scrapinghub-aeb",
            Set::Wcxb => "wcxb-articles",
            Set::Fundus => "fundus",
        }
    }
}

/// Score main-content and metadata extraction of HTML pages.
///
/// Scored text is the article body as `lagebild analyze` lays it out: the
/// teaser, heading and paragraph zones. Figures are printed per set and per
/// language (all/de/en/other): snippet P/R/F1 (trafilatura-eval), 4-gram
/// shingle P/R/F1 and word F1 (AEB, WCXB), title/author/date accuracy where
/// the gold has them, and extraction throughput. Each `--min-*` threshold
/// makes the command exit 1 when its figure (set "all") is lower.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Sets to run (repeatable); all four when omitted.
    #[arg(long = "set", value_enum, value_name = "SET")]
    sets: Vec<Set>,
    /// Folder holding the benchmark set folders.
    #[arg(
        long,
        default_value = "../shared/data/extraction/dev",
        value_name = "DIR"
    )]
    data: PathBuf,
    /// Folder with the fundus publisher pages (`de/`, `at/`, `ch/`).
    #[arg(
        long,
        default_value = "../shared/data/corpus/html_de/fundus",
        value_name = "DIR"
    )]
    fundus: PathBuf,
    /// Write `<DIR>/<set>.jsonl` predictions (`id`, `text`, `title`,
    /// `author`, `date`) for `score_extraction.py score` (fundus:
    /// `scripts/extraction/metadata_report.py fundus`).
    #[arg(long, value_name = "DIR")]
    write_predictions: Option<PathBuf>,
    /// Exit 1 when trafilatura-eval snippet F1 is below this.
    #[arg(long, value_name = "F1")]
    min_snippet_f1: Option<f64>,
    /// Exit 1 when trafilatura-eval German snippet F1 is below this.
    #[arg(long, value_name = "F1")]
    min_snippet_f1_de: Option<f64>,
    /// Exit 1 when AEB shingle F1 is below this.
    #[arg(long, value_name = "F1")]
    min_aeb_f1: Option<f64>,
    /// Exit 1 when WCXB shingle F1 is below this.
    #[arg(long, value_name = "F1")]
    min_wcxb_f1: Option<f64>,
    /// Exit 1 when trafilatura-eval title accuracy is below this.
    #[arg(long, value_name = "ACC")]
    min_title_acc: Option<f64>,
    /// Exit 1 when trafilatura-eval date accuracy is below this.
    #[arg(long, value_name = "ACC")]
    min_date_acc: Option<f64>,
    /// Exit 1 when fundus title accuracy is below this.
    #[arg(long, value_name = "ACC")]
    min_fundus_title_acc: Option<f64>,
    /// Exit 1 when fundus date accuracy is below this.
    #[arg(long, value_name = "ACC")]
    min_fundus_date_acc: Option<f64>,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let sets = if args.sets.is_empty() {
        vec![Set::TrafilaturaEval, Set::Aeb, Set::Wcxb, Set::Fundus]
    } else {
        args.sets.clone()
    };
    let mut failures = Vec::new();
    let mut json = serde_json::Map::new();
    for set in sets {
        let started = Instant::now();
        if set == Set::Fundus {
            let (scores, predictions) =
                evaluate_fundus(&args.fundus).context("scoring the fundus pages (see --fundus)")?;
            if let Some(out_dir) = &args.write_predictions {
                write_predictions(out_dir, set.folder(), &predictions)?;
            }
            if !args.json {
                print_fundus(&scores, started.elapsed().as_secs_f64());
            }
            check(
                &mut failures,
                "fundus title accuracy",
                scores.title.rate(),
                args.min_fundus_title_acc,
            );
            check(
                &mut failures,
                "fundus date accuracy",
                scores.date.rate(),
                args.min_fundus_date_acc,
            );
            json.insert("fundus".into(), serde_json::to_value(&scores)?);
            continue;
        }
        let dir = args.data.join(set.folder());
        let (scores, predictions) = evaluate_set(&dir)
            .with_context(|| format!("scoring {} (see --data)", dir.display()))?;
        if let Some(out_dir) = &args.write_predictions {
            write_predictions(out_dir, set.folder(), &predictions)?;
        }
        if !args.json {
            print_set(&scores, started.elapsed().as_secs_f64());
        }
        let all = scores.group("all");
        let de = scores.group("de");
        match set {
            Set::TrafilaturaEval => {
                let snippet_f1 =
                    |g: Option<&GroupScores>| g.and_then(|g| g.snippet).map_or(0.0, |s| s.prf().f1);
                check(
                    &mut failures,
                    "trafilatura-eval snippet F1",
                    snippet_f1(all),
                    args.min_snippet_f1,
                );
                check(
                    &mut failures,
                    "trafilatura-eval German snippet F1",
                    snippet_f1(de),
                    args.min_snippet_f1_de,
                );
                check(
                    &mut failures,
                    "trafilatura-eval title accuracy",
                    all.map_or(0.0, |g| g.title.rate()),
                    args.min_title_acc,
                );
                check(
                    &mut failures,
                    "trafilatura-eval date accuracy",
                    all.map_or(0.0, |g| g.date.rate()),
                    args.min_date_acc,
                );
            }
            Set::Aeb => {
                check(
                    &mut failures,
                    "AEB shingle F1",
                    shingle_f1(all),
                    args.min_aeb_f1,
                );
            }
            Set::Wcxb => {
                check(
                    &mut failures,
                    "WCXB shingle F1",
                    shingle_f1(all),
                    args.min_wcxb_f1,
                );
            }
            Set::Fundus => {}
        }
        json.insert(set.folder().into(), serde_json::to_value(&scores)?);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&json)?);
    }
    for failure in &failures {
        eprintln!("threshold not met: {failure}");
    }
    Ok(if failures.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Partial
    })
}

fn shingle_f1(group: Option<&GroupScores>) -> f64 {
    group.and_then(|g| g.shingle).map_or(0.0, |s| s.f1)
}

fn check(failures: &mut Vec<String>, what: &str, value: f64, minimum: Option<f64>) {
    if let Some(min) = minimum {
        if value < min {
            failures.push(format!("{what} {value:.4} < {min}"));
        }
    }
}

fn write_predictions(
    dir: &std::path::Path,
    set: &str,
    predictions: &[lagebild_web::evaluation::Prediction],
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(format!("{set}.jsonl"));
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?,
    );
    for prediction in predictions {
        serde_json::to_writer(&mut out, prediction)?;
        out.write_all(b"\n")?;
    }
    out.flush()
        .with_context(|| format!("writing {}", path.display()))
}

fn print_set(scores: &SetScores, wall_seconds: f64) {
    let pages = scores.group("all").map_or(0, |g| g.pages);
    println!(
        "== {}: {pages} pages, extraction {:.1} pages/s per core ({:.2}s wall)",
        scores.set,
        pages as f64 / scores.extraction_seconds.max(1e-9),
        wall_seconds
    );
    for g in &scores.groups {
        let mut line = format!("   {:<5} n={:<4}", g.group, g.pages);
        if let (Some(s), Some(bow)) = (g.shingle, g.bow) {
            line += &format!(
                " shingle P/R/F1 {:.3}/{:.3}/{:.3} exact {:.3} | bow F1 {:.3}",
                s.precision,
                s.recall,
                s.f1,
                g.exact_pages.unwrap_or(0.0),
                bow.f1
            );
        }
        if let Some(sn) = g.snippet {
            let prf = sn.prf();
            line += &format!(
                " | snippet P/R/Acc/F1 {:.3}/{:.3}/{:.3}/{:.3}",
                prf.precision,
                prf.recall,
                sn.accuracy(),
                prf.f1
            );
        }
        for (name, acc) in [("title", g.title), ("author", g.author), ("date", g.date)] {
            if acc.n > 0 {
                line += &format!(" {name}={:.2} ({}/{})", acc.rate(), acc.correct, acc.n);
            }
        }
        println!("{line}");
    }
}

fn print_fundus(scores: &FundusScores, wall_seconds: f64) {
    println!(
        "== fundus publisher pages: {} pages ({wall_seconds:.2}s)",
        scores.pages
    );
    println!(
        "   title {:.3} ({}/{})  authors {:.3} ({}/{})  date {:.3} ({}/{}, {} without a date)",
        scores.title.rate(),
        scores.title.correct,
        scores.title.n,
        scores.authors.rate(),
        scores.authors.correct,
        scores.authors.n,
        scores.date.rate(),
        scores.date.correct,
        scores.date.n,
        scores.date_missing
    );
}
