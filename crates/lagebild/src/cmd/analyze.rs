//! `lagebild analyze`: read articles, run the pipeline, print documents.
//!
//! Reading is streamed (one batch of articles in memory at a time), the
//! pipeline runs in parallel over the articles of a batch, and output keeps
//! input order. A broken record is reported on stderr as `file:line: …` and
//! the rest is processed; the exit code is 1 at the end if anything failed.

use crate::Outcome;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lagebild_core::{Document, Pipeline};
use lagebild_ingest::{expand_inputs, read_input, FieldMap, ReadOptions};
use rayon::prelude::*;
use serde_json::Value;
use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

/// Articles analysed together; bounds memory while keeping both cores busy.
const BATCH_SIZE: usize = 256;
/// Items of a layer listed in the readable summary.
const ITEMS_SHOWN: usize = 5;
/// Characters of a text shown in the readable summary before "…".
const SHOWN_CHARS: usize = 100;

const EXAMPLES: &str = "\
Examples:
  lagebild analyze examples/de-gipfel.txt
      What lagebild finds in one article, for people to read.
  lagebild analyze --json examples/ > docs.jsonl
      Every file below examples/, one JSON document per line (docs/schema.md).
  lagebild analyze --text-only article.html
      Only the clean article text, boilerplate removed.
  zcat dump.jsonl.gz | lagebild analyze --json -
      Read JSON Lines from standard input (gzip is also read directly).
  lagebild analyze --json --verbatim --map text=originalText,id=documentName corpus.jsonl.gz
      Texts exactly as given, fields under other names; offsets refer to the input.
  lagebild analyze --json --map text=2,label=1 articles.csv
      A CSV without header: text in column 2, column 1 kept as extra.label.

Inputs: plain text (one article per file), JSON Lines (fields text/body/content/maintext,
title/headline, published/date/date_publish, url, id, lang; others kept under `extra`),
CSV/TSV (header row or --map by column number, delimiter and quote sniffed), HTML, WARC,
RSS/Atom, each optionally gzip-compressed; any charset (UTF-8, BOM, windows-1252, latin-1).

Exit codes: 0 all articles went through; 1 some input failed (reported as file:line on
stderr, the rest was processed); 2 usage error.";

/// Analyse articles: recover their structure (title, kicker, teaser,
/// sections, captions; boilerplate set aside) and run every analysis stage
/// over them. Prints a readable summary, the JSON documents (--json) or the
/// clean text (--text-only).
#[derive(clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub(crate) struct Args {
    /// Files, directories (read recursively, hidden files skipped) or `-` for
    /// standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Print one JSON document per article per line (see docs/schema.md).
    #[arg(long, conflicts_with = "text_only")]
    json: bool,
    /// Print only the clean article text, articles separated by a blank line.
    #[arg(long)]
    text_only: bool,
    #[command(flatten)]
    read: ReadArgs,
}

/// How inputs are read: shared by `analyze` and `worker`, so both read
/// the same input into the same documents.
#[derive(clap::Args, Clone)]
pub(crate) struct ReadArgs {
    /// Take each text exactly as given (no structure recovery), so output
    /// `text` equals the input and all offsets refer to it.
    #[arg(long)]
    verbatim: bool,
    /// Language to assume where the input does not give one.
    #[arg(long, value_name = "LANG", value_parser = ["de", "en"])]
    lang: Option<String>,
    /// Publication date (ISO 8601: 2023, 2023-09, 2023-09-12, 2023-09-12T08:00)
    /// to assume where the input does not give one; time expressions are
    /// resolved against it.
    #[arg(long, value_name = "DATE", value_parser = parse_iso_date)]
    published: Option<String>,
    /// Where to find fields under other names: FIELD=SOURCE pairs, SOURCE a
    /// JSON key, CSV header or column number (from 1). FIELD is one of text,
    /// title, kicker, teaser, published, url, id, lang, authors; any other
    /// name keeps that source under `extra` with the new name.
    #[arg(long, value_name = "FIELD=SOURCE,...")]
    map: Vec<FieldMap>,
}

impl ReadArgs {
    /// The reader's options; later `--map` entries override earlier ones.
    pub(crate) fn options(self) -> ReadOptions {
        let mut field_map = FieldMap::default();
        for map in self.map {
            field_map.extend(map);
        }
        ReadOptions {
            verbatim: self.verbatim,
            language: self.lang,
            published: self.published,
            field_map,
        }
    }
}

/// How documents are printed.
#[derive(Clone, Copy)]
enum OutputMode {
    Json,
    TextOnly,
    Summary,
}

pub(crate) fn run(args: Args) -> anyhow::Result<Outcome> {
    let pipeline = crate::stages::default_pipeline()?;
    let options = args.read.options();
    let mode = match (args.json, args.text_only) {
        (true, _) => OutputMode::Json,
        (false, true) => OutputMode::TextOnly,
        (false, false) => OutputMode::Summary,
    };
    let mut run = Run {
        pipeline,
        mode,
        out: io::BufWriter::new(io::stdout().lock()),
        progress: progress_bar(),
        written: 0,
        failures: 0,
    };
    let mut batch = Vec::with_capacity(BATCH_SIZE);
    for input in expand_inputs(&args.paths) {
        match input {
            Err(e) => batch.push(Err(e.to_string())),
            Ok(input) => {
                for record in read_input(&input, &options) {
                    batch.push(record.map_err(|e| e.to_string()));
                    if batch.len() == BATCH_SIZE && !run.flush(&mut batch)? {
                        return Ok(run.outcome());
                    }
                }
            }
        }
    }
    run.flush(&mut batch)?;
    run.out.flush().or_else(ignore_closed_pipe)?;
    run.progress.finish_and_clear();
    Ok(run.outcome())
}

/// State of one `analyze` run.
struct Run<W: Write> {
    pipeline: Pipeline,
    mode: OutputMode,
    out: W,
    progress: ProgressBar,
    written: usize,
    failures: usize,
}

impl<W: Write> Run<W> {
    /// Analyses and prints a batch in input order. Returns false when the
    /// reader of our output has gone away (`| head`), so reading can stop.
    fn flush(&mut self, batch: &mut Vec<Result<Document, String>>) -> anyhow::Result<bool> {
        let pipeline = &self.pipeline;
        let mode = self.mode;
        let results: Vec<Result<(String, Vec<String>), String>> = batch
            .par_drain(..)
            .map(|item| {
                let mut doc = item?;
                let errors = pipeline
                    .run(&mut doc)
                    .into_iter()
                    .map(|e| format!("{}: {e}", doc.id))
                    .collect();
                Ok((render(&doc, mode), errors))
            })
            .collect();
        for result in results {
            match result {
                Err(message) => self.report(&message),
                Ok((rendered, errors)) => {
                    errors.iter().for_each(|e| self.report(e));
                    if self.written > 0
                        && matches!(mode, OutputMode::TextOnly | OutputMode::Summary)
                    {
                        rendered_separator(&mut self.out).or_else(ignore_closed_pipe)?;
                    }
                    if self.out.write_all(rendered.as_bytes()).is_err() {
                        return Ok(false);
                    }
                    self.written += 1;
                    self.progress.inc(1);
                }
            }
        }
        Ok(true)
    }

    fn report(&mut self, message: &str) {
        self.failures += 1;
        self.progress.suspend(|| eprintln!("{message}"));
    }

    fn outcome(&self) -> Outcome {
        if self.failures == 0 {
            Outcome::Clean
        } else {
            self.progress.suspend(|| {
                eprintln!(
                    "{} input(s) failed; {} article(s) written",
                    self.failures, self.written
                )
            });
            Outcome::Partial
        }
    }
}

fn rendered_separator(out: &mut impl Write) -> io::Result<()> {
    out.write_all(b"\n")
}

/// A closed stdout (`lagebild analyze … | head`) ends output quietly.
fn ignore_closed_pipe(e: io::Error) -> io::Result<()> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e)
    }
}

/// A spinner with the article count on stderr, shown only to people (not
/// when stderr is redirected, e.g. in CI).
fn progress_bar() -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} {pos} articles analysed ({per_sec}, {elapsed})")
    {
        bar.set_style(style);
    }
    bar
}

fn render(doc: &Document, mode: OutputMode) -> String {
    match mode {
        OutputMode::Json => match serde_json::to_string(doc) {
            Ok(json) => json + "\n",
            Err(e) => format!("{{\"id\":{:?},\"error\":{:?}}}\n", doc.id, e.to_string()),
        },
        OutputMode::TextOnly => format!("{}\n", doc.text()),
        OutputMode::Summary => summary(doc),
    }
}

/// The readable summary: structure, then what each layer found (generic
/// over the layers present, so new layers show up without changes here),
/// then what was set aside.
fn summary(doc: &Document) -> String {
    let mut s = String::new();
    let heading = doc.title.as_deref().unwrap_or(&doc.id);
    let _ = writeln!(s, "━━ {} ━━", shorten(heading));
    let field = |s: &mut String, name: &str, value: Option<&str>| {
        if let Some(value) = value {
            let _ = writeln!(s, "{name:<12}{}", shorten(value));
        }
    };
    field(&mut s, "id", Some(&doc.id));
    field(&mut s, "url", doc.url.as_deref());
    field(&mut s, "published", doc.published.as_deref());
    field(&mut s, "language", doc.language.as_deref());
    field(&mut s, "kicker", doc.kicker.as_deref());
    field(&mut s, "teaser", doc.teaser.as_deref());
    if !doc.authors.is_empty() {
        field(&mut s, "authors", Some(&doc.authors.join(", ")));
    }
    let _ = writeln!(
        s,
        "{:<12}{} ({} characters)",
        "sections",
        doc.sections.len(),
        doc.index().char_len()
    );
    for section in &doc.sections {
        let heading = section
            .heading
            .as_deref()
            .unwrap_or("(before the first heading)");
        let _ = writeln!(
            s,
            "  · {} — {} paragraph(s)",
            shorten(heading),
            section.paragraphs.len()
        );
    }
    list(&mut s, "captions", doc.captions.iter().map(|c| shorten(c)));
    let _ = writeln!(s, "{:<12}{}", "sentences", doc.sentences.len());
    if doc.layer_names().next().is_some() {
        if let Ok(Value::Object(json)) = serde_json::to_value(doc) {
            for name in doc.layer_names() {
                match json.get(name) {
                    Some(Value::Array(items)) => {
                        list(&mut s, name, items.iter().map(summarise_item))
                    }
                    Some(value) => field(&mut s, name, Some(&summarise_item(value))),
                    None => {}
                }
            }
        }
    }
    list(
        &mut s,
        "set aside",
        doc.boilerplate
            .iter()
            .map(|b| format!("{}: {}", b.reason, shorten(&b.text))),
    );
    s
}

/// Writes `name  count` and the first items.
fn list(s: &mut String, name: &str, items: impl ExactSizeIterator<Item = String>) {
    let count = items.len();
    if count == 0 {
        return;
    }
    let _ = writeln!(s, "{name:<12}{count}");
    for item in items.take(ITEMS_SHOWN) {
        let _ = writeln!(s, "  · {item}");
    }
    if count > ITEMS_SHOWN {
        let _ = writeln!(s, "  · … {} more", count - ITEMS_SHOWN);
    }
}

/// One line for a layer item: its first few text and number fields.
fn summarise_item(value: &Value) -> String {
    match value {
        Value::Object(fields) => {
            let parts: Vec<String> = fields
                .iter()
                .filter_map(|(key, v)| match v {
                    Value::String(text) => Some(format!("{key}: {text}")),
                    Value::Number(n) if !matches!(key.as_str(), "start" | "end") => {
                        Some(format!("{key}: {n}"))
                    }
                    _ => None,
                })
                .take(3)
                .collect();
            shorten(&parts.join(" · "))
        }
        Value::String(text) => shorten(text),
        other => shorten(&other.to_string()),
    }
}

/// One line, at most [`SHOWN_CHARS`] characters.
fn shorten(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= SHOWN_CHARS {
        return line;
    }
    let cut: String = line.chars().take(SHOWN_CHARS - 1).collect();
    cut + "…"
}

/// Accepts ISO 8601 dates at any precision (`2023`, `2023-09`,
/// `2023-09-12`, with an optional `T` time), so the time stage gets a
/// reference date it can trust.
fn parse_iso_date(value: &str) -> Result<String, String> {
    let (date, time) = match value.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (value, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let number = |s: &str, len: usize, range: std::ops::RangeInclusive<u32>| {
        s.len() == len
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|n| range.contains(&n))
    };
    let valid = match parts.as_slice() {
        [y] => number(y, 4, 0..=9999) && time.is_none(),
        [y, m] => number(y, 4, 0..=9999) && number(m, 2, 1..=12) && time.is_none(),
        [y, m, d] => {
            number(y, 4, 0..=9999)
                && number(m, 2, 1..=12)
                && number(d, 2, 1..=31)
                && time.is_none_or(|t| {
                    t.len() >= 5 && number(&t[..2], 2, 0..=23) && number(&t[3..5], 2, 0..=59)
                })
        }
        _ => false,
    };
    if valid {
        Ok(value.to_string())
    } else {
        Err(format!("{value:?} is not an ISO 8601 date; write e.g. 2023, 2023-09, 2023-09-12 or 2023-09-12T08:00"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_accepts_iso_precisions_only() {
        for ok in [
            "2023",
            "2023-09",
            "2023-09-12",
            "2023-09-12T08:00",
            "2023-09-12T08:00:00+02:00",
        ] {
            assert_eq!(parse_iso_date(ok).as_deref(), Ok(ok));
        }
        for bad in [
            "12.09.2023",
            "2023-13",
            "2023-9",
            "2023-09-12T8",
            "2023T08:00",
            "gestern",
        ] {
            assert!(parse_iso_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shorten_keeps_one_line_of_bounded_length() {
        assert_eq!(shorten("a\n b"), "a b");
        let long = "x".repeat(300);
        assert_eq!(shorten(&long).chars().count(), SHOWN_CHARS);
    }
}
