//! What the archive commands (ingest, search, quotes, entities, timeline,
//! cooccur, export) share: the `--store` option, the filter options, and
//! readable tables.

use crate::Outcome;
use anyhow::Context;
use lagebild_store::{parse_type, Filter, TantivyArchive};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Where the archive is.
#[derive(clap::Args, Clone)]
pub(crate) struct StoreArgs {
    /// Archive directory (created by `ingest`).
    #[arg(long, value_name = "DIR", default_value = "lagebild-data")]
    pub(crate) store: PathBuf,
    /// Print JSON (one object) instead of tables.
    #[arg(long)]
    pub(crate) json: bool,
}

impl StoreArgs {
    /// Opens the archive for reading.
    pub(crate) fn open(&self) -> anyhow::Result<TantivyArchive> {
        TantivyArchive::open(&self.store)
            .with_context(|| format!("cannot open the archive {}", self.store.display()))
    }
}

/// Restrictions shared by the query commands.
#[derive(clap::Args, Clone, Default)]
pub(crate) struct FilterArgs {
    /// Published on or after this date (2023, 2023-09 or 2023-09-12).
    #[arg(long, value_name = "DATE")]
    pub(crate) from: Option<String>,
    /// Published on or before the end of this date's period.
    #[arg(long, value_name = "DATE")]
    pub(crate) to: Option<String>,
    /// Only articles in this language.
    #[arg(long, value_name = "LANG", value_parser = ["de", "en"])]
    pub(crate) lang: Option<String>,
    /// Only articles from this source (whole name, any case).
    #[arg(long, value_name = "SOURCE")]
    pub(crate) source: Option<String>,
}

impl FilterArgs {
    /// The archive filter, with entity, type and speaker added by the caller.
    pub(crate) fn filter(&self) -> Filter {
        Filter {
            from: self.from.clone(),
            to: self.to.clone(),
            language: self.lang.clone(),
            source: self.source.clone(),
            ..Filter::default()
        }
    }
}

/// Parses `--type` for clap.
pub(crate) fn entity_type(code: &str) -> Result<lagebild_entities::EntityType, String> {
    parse_type(code)
        .ok_or_else(|| format!("{code:?} is not an entity type; use PER, ORG, LOC or MISC"))
}

/// Prints a value as pretty JSON on stdout.
pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Widest a table cell gets before it is cut with "…".
const MAX_CELL_CHARS: usize = 60;

/// Prints rows as aligned columns under a header; long cells are cut.
pub(crate) fn print_table(header: &[&str], rows: &[Vec<String>]) {
    let cut = |cell: &str| -> String {
        let one_line = cell.replace(['\n', '\t'], " ");
        if one_line.chars().count() > MAX_CELL_CHARS {
            let kept: String = one_line.chars().take(MAX_CELL_CHARS - 1).collect();
            format!("{kept}…")
        } else {
            one_line
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w.saturating_sub(c.chars().count()))))
            .collect();
        println!("{}", padded.join("  ").trim_end());
    };
    line(header.to_vec());
    line(
        widths
            .iter()
            .map(|w| "─".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    );
    for row in &rows {
        line(row.iter().map(String::as_str).collect());
    }
}

/// Marks highlighted ranges (code points) of a text: bold on a terminal,
/// «guillemets» otherwise, so piped output still shows the matches.
pub(crate) fn highlight(text: &str, ranges: &[[usize; 2]]) -> String {
    let (open, close) = if std::io::stdout().is_terminal() {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    let mut out = String::with_capacity(text.len() + ranges.len() * 4);
    let mut ranges = ranges.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        if ranges.peek().is_some_and(|r| r[0] == i) {
            out.push_str(open);
        }
        out.push(c);
        if ranges.peek().is_some_and(|r| r[1] == i + 1) {
            out.push_str(close);
            ranges.next();
        }
    }
    out.replace('\n', " ")
}

/// Tells the user that an entity or speaker argument matched nothing in
/// the archive, and how to find the names it knows.
pub(crate) fn report_unknown(what: &str, name: &str) -> Outcome {
    eprintln!(
        "no {what} in the archive is called {name:?}; `lagebild entities` lists the names it knows"
    );
    Outcome::Partial
}

/// "-" for a missing value in a table.
pub(crate) fn or_dash(value: Option<&str>) -> String {
    value.unwrap_or("-").to_string()
}
