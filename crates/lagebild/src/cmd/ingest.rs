//! `lagebild ingest`: read articles (everything `analyze` reads), analyse
//! them in parallel, and store them in the archive in atomic batches.
//!
//! Each batch is one commit: killing the process at any moment leaves the
//! archive with whole batches only, and a re-run skips what is stored
//! (dedupe is checked before analysis, so the re-run is fast).

use super::store_args::IngestTarget;
use super::store_args::StoreArgs;
use crate::Outcome;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use lagebild_core::{Document, Pipeline};
use lagebild_ingest::{expand_inputs, read_input, FieldMap, Input, ReadOptions};
use lagebild_store::{Admission, ArchiveWriter};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{BufRead, BufReader, IsTerminal};
use std::time::{Duration, Instant};

const EXAMPLES: &str = "\
Examples:
  lagebild ingest ../shared/examples/stern-2023-09-kim-putin.txt
      Analyse one article and store it in ./lagebild-data.
  lagebild ingest --store archive/ --map text=originalText,id=documentName wikinews/*.jsonl.gz
      Records with other field names; a date in brackets at the end of the
      name (\"… (2005-08-20)\") becomes the publication date.
  lagebild analyze --json corpus/ > docs.jsonl && lagebild ingest --analysed docs.jsonl
      Store documents analysed earlier (or exported with `export --format jsonl`).

Dedupe: an article is skipped when the SHA-256 of its text or its canonical URL
is already stored; an article whose id is stored with a different text is
refused (reported, exit code 1). Re-ingesting the same input adds nothing.
Exit codes: 0 all stored or skipped as duplicates; 1 some articles failed (the
rest was stored); 2 the archive could not be opened.";

/// Analyse articles and store them in the archive (idempotent, crash-safe,
/// parallel). Shows a progress bar on a terminal, log lines otherwise, and
/// a summary: added, duplicates skipped, failures with reasons.
#[derive(clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub(crate) struct Args {
    /// Files, directories (recursive) or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<std::path::PathBuf>,
    #[command(flatten)]
    store: StoreArgs,
    /// Inputs are analysed documents (JSONL from `analyze --json` or
    /// `export --format jsonl`): store them without running the pipeline.
    #[arg(long)]
    analysed: bool,
    /// Take each text exactly as given (no structure recovery).
    #[arg(long)]
    verbatim: bool,
    /// Language to assume where the input gives none.
    #[arg(long, value_name = "LANG", value_parser = ["de", "en"])]
    lang: Option<String>,
    /// Publication date to assume where the input gives none (ISO 8601).
    #[arg(long, value_name = "DATE")]
    published: Option<String>,
    /// Fields under other names: FIELD=SOURCE pairs (see `analyze --help`).
    #[arg(long, value_name = "FIELD=SOURCE,...")]
    map: Option<FieldMap>,
    /// Articles per atomic commit; smaller loses less work to a crash,
    /// larger ingests faster.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    batch: u32,
}

/// Failures listed in the readable summary (all are in `--json`).
const FAILURES_SHOWN: usize = 20;
/// Seconds between log lines when stderr is not a terminal.
const LOG_EVERY: Duration = Duration::from_secs(10);

/// What an ingest run did, printed at the end.
#[derive(Default, Serialize)]
struct Summary {
    added: u64,
    duplicates: u64,
    failed: u64,
    /// Articles stored with a stage error (the layers before and after it
    /// are there).
    stage_errors: u64,
    seconds: f64,
    articles_per_second: f64,
    failures: Vec<String>,
    articles_in_archive: u64,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let pipeline = if args.analysed {
        Pipeline::new()
    } else {
        crate::stages::default_pipeline()?
    };
    let mut writer = args.store.open_writer()?;
    let options = ReadOptions {
        verbatim: args.verbatim,
        language: args.lang.clone(),
        published: args.published.clone(),
        field_map: args.map.clone().unwrap_or_default(),
    };
    let started = Instant::now();
    let progress = Progress::new(&args, &options);
    let mut summary = Summary::default();
    let mut batch: Vec<Document> = Vec::with_capacity(args.batch as usize);
    for record in records(&args, &options) {
        progress.read_one();
        let mut doc = match record {
            Ok(doc) => doc,
            Err(reason) => {
                summary.fail(reason);
                continue;
            }
        };
        if doc.published.is_none() {
            doc.published = date_in_brackets(&doc.id)
                .or_else(|| doc.title.as_deref().and_then(date_in_brackets));
        }
        if doc.title.is_none() {
            doc.title = title_before_bracketed_date(&doc.id);
        }
        match writer.admission(&doc) {
            Admission::Added => batch.push(doc),
            Admission::Duplicate => summary.duplicates += 1,
            Admission::Refused(reason) => summary.fail(reason),
        }
        if batch.len() >= args.batch as usize {
            store_batch(
                &mut writer,
                &pipeline,
                std::mem::take(&mut batch),
                &mut summary,
            )?;
            progress.stored(&summary, started);
        }
    }
    store_batch(&mut writer, &pipeline, batch, &mut summary)?;
    progress.finish();
    summary.articles_in_archive = writer.article_count()?;
    writer.finish()?;
    summary.seconds = started.elapsed().as_secs_f64();
    summary.articles_per_second = summary.added as f64 / summary.seconds.max(1e-9);
    summary.print(args.store.json, &args.store.shown())?;
    Ok(if summary.failed > 0 {
        Outcome::Partial
    } else {
        Outcome::Clean
    })
}

impl Summary {
    fn fail(&mut self, reason: String) {
        self.failed += 1;
        self.failures.push(reason);
    }

    fn print(&self, json: bool, store: &str) -> anyhow::Result<()> {
        if json {
            return super::store_args::print_json(self);
        }
        eprintln!(
            "ingest: {} added, {} duplicates skipped, {} failed ({} stored with stage errors) in {:.1} s ({:.1} articles/s); {} now holds {} articles",
            self.added,
            self.duplicates,
            self.failed,
            self.stage_errors,
            self.seconds,
            self.articles_per_second,
            store,
            self.articles_in_archive
        );
        for reason in self.failures.iter().take(FAILURES_SHOWN) {
            eprintln!("  failed: {reason}");
        }
        if self.failures.len() > FAILURES_SHOWN {
            eprintln!(
                "  … and {} more (all are listed with --json)",
                self.failures.len() - FAILURES_SHOWN
            );
        }
        Ok(())
    }
}

/// Analyses a batch in parallel and commits it.
fn store_batch(
    writer: &mut Box<dyn IngestTarget>,
    pipeline: &Pipeline,
    mut batch: Vec<Document>,
    summary: &mut Summary,
) -> anyhow::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let stage_errors: Vec<Vec<String>> = batch
        .par_iter_mut()
        .map(|doc| {
            pipeline
                .run(doc)
                .into_iter()
                .map(|e| format!("{}: {e}", doc.id))
                .collect()
        })
        .collect();
    let admissions = writer
        .add_batch(batch)
        .context("cannot store a batch; the archive keeps every earlier batch")?;
    for (admission, errors) in admissions.into_iter().zip(stage_errors) {
        match admission {
            Admission::Added => {
                summary.added += 1;
                if !errors.is_empty() {
                    summary.stage_errors += 1;
                    summary.failures.extend(errors);
                }
            }
            Admission::Duplicate => summary.duplicates += 1,
            Admission::Refused(reason) => summary.fail(reason),
        }
    }
    Ok(())
}

/// Every record of every input, in order; a broken record or unreadable
/// path is an `Err` with its location, and reading goes on.
fn records<'a>(
    args: &'a Args,
    options: &'a ReadOptions,
) -> impl Iterator<Item = Result<Document, String>> + 'a {
    expand_inputs(&args.paths).into_iter().flat_map(
        move |input| -> Box<dyn Iterator<Item = Result<Document, String>>> {
            match input {
                Err(e) => Box::new(std::iter::once(Err(e.to_string()))),
                Ok(input) if args.analysed => analysed_documents(input),
                Ok(input) => {
                    Box::new(read_input(&input, options).map(|r| r.map_err(|e| e.to_string())))
                }
            }
        },
    )
}

/// Documents of the lagebild JSON contract, one per line.
fn analysed_documents(input: Input) -> Box<dyn Iterator<Item = Result<Document, String>>> {
    let name = input.display_name();
    let reader: Box<dyn BufRead> = match &input {
        Input::Stdin => Box::new(BufReader::new(std::io::stdin())),
        Input::File(path) => match std::fs::File::open(path) {
            // `export --format jsonl` output is often kept gzipped.
            Ok(file) if path.extension().is_some_and(|e| e == "gz") => {
                Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
            }
            Ok(file) => Box::new(BufReader::new(file)),
            Err(e) => return Box::new(std::iter::once(Err(format!("{name}: cannot open ({e})")))),
        },
    };
    Box::new(reader.lines().enumerate().filter_map(move |(n, line)| {
        let line = match line {
            Ok(line) if line.trim().is_empty() => return None,
            Ok(line) => line,
            Err(e) => return Some(Err(format!("{name}:{}: cannot read ({e})", n + 1))),
        };
        Some(serde_json::from_str::<Document>(&line).map_err(|e| {
            format!("{name}:{}: not a lagebild document ({e}) — produce it with `lagebild analyze --json`", n + 1)
        }))
    }))
}

/// A name ending in a bracketed ISO date, as Wikinews article names do
/// ("11059 - Passagierflugzeug landete in Guam (2005-08-20)"): the part
/// before the brackets and the date.
fn split_bracketed_date(name: &str) -> Option<(&str, &str)> {
    let inner = name.trim_end().strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let date = &inner[open + 1..];
    let shape_ok = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shape_ok.then(|| (inner[..open].trim(), date))
}

/// A date in brackets at the end of a name; Wikinews marks unknown dates
/// as 0001-01-01, which means no date, not year 1.
fn date_in_brackets(name: &str) -> Option<String> {
    let (_, date) = split_bracketed_date(name)?;
    (!date.starts_with("0001-")).then(|| date.to_string())
}

/// The title a Wikinews name carries before its bracketed date, without
/// the numeric page id; names without such a date give none, so plain ids
/// never become titles.
fn title_before_bracketed_date(name: &str) -> Option<String> {
    let (named, _) = split_bracketed_date(name)?;
    let title = match named.split_once(" - ") {
        Some((page, rest)) if page.bytes().all(|b| b.is_ascii_digit()) => rest.trim(),
        _ => named,
    };
    (!title.is_empty()).then(|| title.to_string())
}

/// A progress bar with rate and ETA on a terminal (the inputs are counted
/// first so the ETA means something), log lines every few seconds when
/// stderr is a file or pipe.
enum Progress {
    Bar(ProgressBar),
    Log(std::cell::Cell<Instant>),
}

impl Progress {
    fn new(args: &Args, options: &ReadOptions) -> Self {
        if !std::io::stderr().is_terminal() {
            return Progress::Log(std::cell::Cell::new(Instant::now()));
        }
        let reads_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
        let bar = if reads_stdin {
            ProgressBar::new_spinner()
        } else {
            ProgressBar::new(records(args, options).count() as u64)
        };
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} articles read ({per_sec}, ETA {eta}) {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Progress::Bar(bar)
    }

    fn read_one(&self) {
        if let Progress::Bar(bar) = self {
            bar.inc(1);
        }
    }

    fn stored(&self, summary: &Summary, started: Instant) {
        match self {
            Progress::Bar(bar) => bar.set_message(format!(
                "{} added, {} duplicates",
                summary.added, summary.duplicates
            )),
            Progress::Log(last) if last.get().elapsed() >= LOG_EVERY => {
                last.set(Instant::now());
                let rate = summary.added as f64 / started.elapsed().as_secs_f64().max(1e-9);
                eprintln!(
                    "ingest: {} added, {} duplicates, {} failed ({rate:.1} articles/s)",
                    summary.added, summary.duplicates, summary.failed
                );
            }
            Progress::Log(_) => {}
        }
    }

    fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{date_in_brackets, title_before_bracketed_date};

    #[test]
    fn bracketed_dates_are_found_only_at_the_end() {
        let name = "11059 - Passagierflugzeug landete in Guam mit defektem Fahrwerk (2005-08-20)";
        assert_eq!(date_in_brackets(name).as_deref(), Some("2005-08-20"));
        assert_eq!(date_in_brackets("Gipfel (2005-08-20) in Wien"), None);
        assert_eq!(date_in_brackets("Bericht (Teil 2)"), None);
        assert_eq!(date_in_brackets("ohne Klammer"), None);
        let placeholder = "75280 - Nordkorea: Experten im Interview (0001-01-01)";
        assert_eq!(date_in_brackets(placeholder), None);
        assert_eq!(
            title_before_bracketed_date(placeholder).as_deref(),
            Some("Nordkorea: Experten im Interview")
        );
        assert_eq!(
            title_before_bracketed_date(name).as_deref(),
            Some("Passagierflugzeug landete in Guam mit defektem Fahrwerk")
        );
        assert_eq!(title_before_bracketed_date("articles_dev.csv:12"), None);
    }
}
