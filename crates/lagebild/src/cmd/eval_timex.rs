//! `lagebild eval timex` and `lagebild eval amounts`: time expressions on
//! the TimeML dev sets in `../shared/data/timex/` (metric of
//! `score_timex.py`, with HeidelTime's shipped output scored beside ours),
//! and amounts on the stand-off gold in `crates/time/testdata/`.

use crate::Outcome;
use anyhow::Context;
use lagebild_core::metrics::Counts;
use lagebild_time::eval::{
    evaluate_heideltime, evaluate_timex, read_10kgnad_rows, score_amounts, tag_amounts, GoldAmount,
    TimexTotals, TIMEX_SETS,
};
use lagebild_time::Language;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Score time expressions against the TimeML dev sets.
///
/// Sets: `dolomiten` and `diezeit` (KRAUTS, German news), `tbaq`
/// (TimeBank + AQUAINT, English), `wikiwarsde` (TIMEX2, reported only).
/// Strict extent = identical span; relaxed = overlapping (one-to-one);
/// value = correct value among relaxed matches (TempEval-3 style F1);
/// whitespace is ignored, as in `score_timex.py`. Thresholds apply to
/// every gated set selected.
#[derive(clap::Args)]
pub(crate) struct TimexArgs {
    /// Score only this set (dolomiten, diezeit, tbaq, wikiwarsde).
    #[arg(long, value_name = "NAME")]
    set: Option<String>,
    /// The shared data folder (`../shared` beside the repository).
    #[arg(long, default_value = "../shared", value_name = "DIR")]
    shared: PathBuf,
    /// Exit 1 when relaxed extent F1 is below this.
    #[arg(long, value_name = "F1")]
    min_relaxed: Option<f64>,
    /// Exit 1 when strict extent F1 is below this.
    #[arg(long, value_name = "F1")]
    min_strict: Option<f64>,
    /// Exit 1 when value F1 is below this.
    #[arg(long, value_name = "F1")]
    min_value: Option<f64>,
    /// Print up to N disagreements per set (misses, spurious, wrong values).
    #[arg(long, value_name = "N", default_value_t = 0)]
    errors: usize,
    /// Write the system output as JSON Lines ({doc, timexes}) for
    /// `score_timex.py GOLD PATH`; needs `--set`.
    #[arg(long, value_name = "PATH", requires = "set")]
    write_system: Option<PathBuf>,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run_timex(args: TimexArgs) -> anyhow::Result<Outcome> {
    let sets: Vec<_> = match &args.set {
        Some(name) => vec![TIMEX_SETS
            .iter()
            .find(|s| s.name == name)
            .with_context(|| {
                let names: Vec<&str> = TIMEX_SETS.iter().map(|s| s.name).collect();
                format!("unknown set `{name}`; choose one of {}", names.join(", "))
            })?],
        None => TIMEX_SETS.iter().collect(),
    };
    let mut failed = Vec::new();
    let mut report = Vec::new();
    if !args.json {
        println!(
            "{:<11} {:>5} {:>5}  {:>22}  {:>22}  {:>6}  {:>22}",
            "set", "gold", "sys", "strict P/R/F1", "relaxed P/R/F1", "type", "value P/R/F1"
        );
    }
    for set in sets {
        let started = Instant::now();
        let (ours, output) = evaluate_timex(set, &args.shared)
            .with_context(|| format!("scoring set {}", set.name))?;
        let seconds = started.elapsed().as_secs_f64();
        let heideltime = evaluate_heideltime(set, &args.shared)
            .with_context(|| format!("scoring HeidelTime on {}", set.name))?;
        if let Some(path) = &args.write_system {
            let mut out = std::io::BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("creating {}", path.display()))?,
            );
            for doc in &output {
                writeln!(out, "{}", serde_json::to_string(doc)?)?;
            }
            out.flush()?;
        }
        if args.json {
            report.push(serde_json::json!({
                "set": set.name, "gated": set.gated, "seconds": seconds,
                "lagebild": figures(&ours), "heideltime": heideltime.as_ref().map(figures),
            }));
        } else {
            print_row(set.name, &ours);
            if let Some(h) = &heideltime {
                print_row("  HeidelTime", h);
            }
            if !set.gated {
                println!("  ({} is reported, not gated)", set.name);
            }
        }
        if args.errors > 0 {
            for (doc, error) in output
                .iter()
                .flat_map(|d| d.errors.iter().map(move |e| (&d.doc, e)))
                .take(args.errors)
            {
                println!(
                    "  {:<8} {:<28} gold [{}] {}  sys [{}] {}",
                    error.kind,
                    truncate(doc, 28),
                    error.gold.0.replace('\n', " "),
                    error.gold.1,
                    error.system.0.replace('\n', " "),
                    error.system.1
                );
            }
        }
        if set.gated {
            for (name, threshold, got) in [
                ("relaxed", args.min_relaxed, ours.relaxed().f1()),
                ("strict", args.min_strict, ours.strict().f1()),
                ("value", args.min_value, ours.value().f1()),
            ] {
                if let Some(min) = threshold.filter(|min| got < *min) {
                    failed.push(format!("{}: {name} F1 {got:.4} < {min}", set.name));
                }
            }
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    for f in &failed {
        eprintln!("threshold not met: {f}");
    }
    Ok(if failed.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Partial
    })
}

fn figures(t: &TimexTotals) -> serde_json::Value {
    let prf = |c: Counts| serde_json::json!({"P": c.precision(), "R": c.recall(), "F1": c.f1()});
    serde_json::json!({
        "documents": t.documents, "gold": t.gold, "system": t.system,
        "strict": prf(t.strict()), "relaxed": prf(t.relaxed()), "value": prf(t.value()),
        "type_accuracy_on_relaxed": t.type_accuracy(),
    })
}

fn print_row(name: &str, t: &TimexTotals) {
    let prf = |c: Counts| format!("{:.3}/{:.3}/{:.3}", c.precision(), c.recall(), c.f1());
    let type_accuracy = t
        .type_accuracy()
        .map_or("-".to_string(), |a| format!("{a:.3}"));
    println!(
        "{:<11} {:>5} {:>5}  {:>22}  {:>22}  {:>6}  {:>22}",
        name,
        t.gold,
        t.system,
        prf(t.strict()),
        prf(t.relaxed()),
        type_accuracy,
        prf(t.value())
    );
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Score amounts against the hand-annotated stand-off gold.
///
/// The gold (`crates/time/testdata/amounts_gold.jsonl`) points into the
/// 10kGNAD dev CSV under `--shared`; see `crates/time/testdata/README.md`.
/// Extent = exact span; full = exact span with value, unit and object.
#[derive(clap::Args)]
pub(crate) struct AmountArgs {
    /// The gold file (one JSON amount per line).
    #[arg(
        long,
        default_value = "crates/time/testdata/amounts_gold.jsonl",
        value_name = "PATH"
    )]
    gold: PathBuf,
    /// The shared data folder (`../shared` beside the repository).
    #[arg(long, default_value = "../shared", value_name = "DIR")]
    shared: PathBuf,
    /// Exit 1 when extent precision is below this.
    #[arg(long, value_name = "P")]
    min_precision: Option<f64>,
    /// Exit 1 when extent recall is below this.
    #[arg(long, value_name = "R")]
    min_recall: Option<f64>,
    /// Print misses and spurious amounts.
    #[arg(long)]
    errors: bool,
}

pub(crate) fn run_amounts(args: AmountArgs) -> anyhow::Result<Outcome> {
    let raw = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?;
    let mut gold = Vec::new();
    for (i, line) in raw
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let amount: GoldAmount = serde_json::from_str(line)
            .with_context(|| format!("{}:{}", args.gold.display(), i + 1))?;
        gold.push(amount);
    }
    let mut rows: Vec<usize> = Vec::new();
    for g in &gold {
        let row = g
            .doc
            .strip_prefix("10kgnad:")
            .and_then(|r| r.parse().ok())
            .with_context(|| format!("gold doc id `{}` is not `10kgnad:<row>`", g.doc))?;
        if !rows.contains(&row) {
            rows.push(row);
        }
    }
    let csv = args.shared.join("data/corpus/10kgnad/articles_dev.csv");
    let texts =
        read_10kgnad_rows(&csv, &rows).with_context(|| format!("reading {}", csv.display()))?;
    let mut system = Vec::new();
    for row in &rows {
        let text = texts
            .get(row)
            .with_context(|| format!("row {row} is not in {}", csv.display()))?;
        for amount in tag_amounts(text, Language::German)? {
            system.push((format!("10kgnad:{row}"), amount));
        }
    }
    if args.errors {
        for (doc, a) in &system {
            if !gold
                .iter()
                .any(|g| &g.doc == doc && g.start == a.start && g.end == a.end)
            {
                println!(
                    "SPURIOUS {doc} [{}] {} {:?} {:?}",
                    a.text, a.value, a.unit, a.object
                );
            }
        }
        for g in &gold {
            match system
                .iter()
                .find(|(doc, a)| *doc == g.doc && a.start == g.start && a.end == g.end)
            {
                None => println!(
                    "MISS     {} {}..{} {} {:?} {:?}",
                    g.doc, g.start, g.end, g.value, g.unit, g.object
                ),
                Some((_, a)) if a.value != g.value || a.unit != g.unit || a.object != g.object => {
                    println!(
                        "FIELDS   {} [{}] sys {} {:?} {:?} gold {} {:?} {:?}",
                        g.doc, a.text, a.value, a.unit, a.object, g.value, g.unit, g.object
                    )
                }
                Some(_) => {}
            }
        }
    }
    let totals = score_amounts(&gold, &system);
    println!(
        "amounts ({} documents, {} gold)",
        totals.documents,
        gold.len()
    );
    println!("  extent          {}", totals.extent);
    println!("  value+unit+obj  {}", totals.full);
    let mut failed = Vec::new();
    if let Some(min) = args
        .min_precision
        .filter(|m| totals.extent.precision() < *m)
    {
        failed.push(format!(
            "extent precision {:.4} < {min}",
            totals.extent.precision()
        ));
    }
    if let Some(min) = args.min_recall.filter(|m| totals.extent.recall() < *m) {
        failed.push(format!(
            "extent recall {:.4} < {min}",
            totals.extent.recall()
        ));
    }
    for f in &failed {
        eprintln!("threshold not met: {f}");
    }
    Ok(if failed.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Partial
    })
}
