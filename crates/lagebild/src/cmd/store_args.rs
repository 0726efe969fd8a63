//! What the archive commands (ingest, search, quotes, entities, timeline,
//! cooccur, export) share: the `--store` option, the filter options, and
//! readable tables.

use crate::Outcome;
use anyhow::Context;
use lagebild_core::Document;
use lagebild_entities::EntityType;
use lagebild_store::{
    parse_type, Admission, Archive, ArchiveWriter, Cooccurrence, EntityCount, EntityQuery,
    EntitySummary, EventQuery, EventResults, Filter, Granularity, QuoteQuery, QuoteResults,
    SearchQuery, SearchResults, StoreError, TantivyArchive, TantivyWriter, Timeline,
};
use lagebild_store_postgres::{is_postgres_url, redacted_url, PostgresArchive, PostgresWriter};
use std::io::IsTerminal;
use std::path::Path;

/// Where the archive is.
#[derive(clap::Args, Clone)]
pub(crate) struct StoreArgs {
    /// Archive: a directory (embedded store, created by `ingest`) or a
    /// PostgreSQL database (`postgres://user@host:port/db`) shared by a team.
    #[arg(
        long,
        value_name = "DIR|URL",
        env = "LAGEBILD_STORE",
        default_value = "lagebild-data"
    )]
    pub(crate) store: String,
    /// Print JSON (one object) instead of tables.
    #[arg(long)]
    pub(crate) json: bool,
}

impl StoreArgs {
    /// Opens the archive for reading (callers use it through the
    /// [`Archive`] trait, whichever the backend).
    pub(crate) fn open(&self) -> anyhow::Result<impl Archive> {
        open_archive(&self.store)
    }

    /// Opens the archive for writing, creating it when new.
    pub(crate) fn open_writer(&self) -> anyhow::Result<Box<dyn IngestTarget>> {
        let opened: Result<Box<dyn IngestTarget>, StoreError> = if is_postgres_url(&self.store) {
            PostgresWriter::open(&self.store).map(|w| Box::new(w) as _)
        } else {
            TantivyArchive::open_writer(Path::new(&self.store)).map(|w| Box::new(w) as _)
        };
        opened.with_context(|| format!("cannot open the archive {} for writing", self.shown()))
    }

    /// The store as it may be printed (a URL's password hidden).
    pub(crate) fn shown(&self) -> String {
        redacted_url(&self.store)
    }
}

/// Opens an archive for reading: a PostgreSQL URL or a directory.
pub(crate) fn open_archive(store: &str) -> anyhow::Result<AnyArchive> {
    let opened: Result<Box<dyn Archive>, StoreError> = if is_postgres_url(store) {
        PostgresArchive::open(store).map(|a| Box::new(a) as _)
    } else {
        TantivyArchive::open(Path::new(store)).map(|a| Box::new(a) as _)
    };
    opened
        .map(AnyArchive)
        .with_context(|| format!("cannot open the archive {}", redacted_url(store)))
}

/// An archive of either backend, itself an [`Archive`] (a boxed trait
/// object is not one, and the commands are written against the trait).
pub(crate) struct AnyArchive(Box<dyn Archive>);

impl Archive for AnyArchive {
    fn article_count(&self) -> Result<u64, StoreError> {
        self.0.article_count()
    }
    fn search(&self, query: &SearchQuery) -> Result<SearchResults, StoreError> {
        self.0.search(query)
    }
    fn quotes(&self, query: &QuoteQuery) -> Result<QuoteResults, StoreError> {
        self.0.quotes(query)
    }
    fn events(&self, query: &EventQuery) -> Result<EventResults, StoreError> {
        self.0.events(query)
    }
    fn entities(&self, query: &EntityQuery) -> Result<Vec<EntityCount>, StoreError> {
        self.0.entities(query)
    }
    fn timeline(
        &self,
        entity: &str,
        filter: &Filter,
        by: Granularity,
    ) -> Result<Timeline, StoreError> {
        self.0.timeline(entity, filter, by)
    }
    fn cooccur(
        &self,
        entity: &str,
        filter: &Filter,
        top: usize,
    ) -> Result<Cooccurrence, StoreError> {
        self.0.cooccur(entity, filter, top)
    }
    fn resolve_entity(
        &self,
        name: &str,
        entity_type: Option<EntityType>,
    ) -> Result<Vec<EntitySummary>, StoreError> {
        self.0.resolve_entity(name, entity_type)
    }
    fn article(&self, id: &str) -> Result<Option<Document>, StoreError> {
        self.0.article(id)
    }
    fn for_each_article(
        &self,
        query: &SearchQuery,
        sink: &mut dyn FnMut(Document) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        self.0.for_each_article(query, sink)
    }
}

/// What `ingest` needs of a writable archive, whichever the backend.
pub(crate) trait IngestTarget: ArchiveWriter {
    /// Articles stored now.
    fn article_count(&self) -> Result<u64, StoreError>;
    /// Ends writing (the embedded store waits for its merges).
    fn finish(self: Box<Self>) -> Result<(), StoreError>;
}

impl IngestTarget for TantivyWriter {
    fn article_count(&self) -> Result<u64, StoreError> {
        self.archive().article_count()
    }
    fn finish(self: Box<Self>) -> Result<(), StoreError> {
        TantivyWriter::finish(*self)
    }
}

impl IngestTarget for PostgresWriter {
    fn article_count(&self) -> Result<u64, StoreError> {
        self.archive().article_count()
    }
    fn finish(self: Box<Self>) -> Result<(), StoreError> {
        Ok(())
    }
}

/// Lets a boxed target be used where a writer is expected.
impl ArchiveWriter for Box<dyn IngestTarget> {
    fn admission(&self, doc: &Document) -> Admission {
        (**self).admission(doc)
    }
    fn add_batch(&mut self, docs: Vec<Document>) -> Result<Vec<Admission>, StoreError> {
        (**self).add_batch(docs)
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

/// The article restrictions by entity and speaker, shared by `search` and
/// `export` so that both select exactly the same articles for a query.
#[derive(clap::Args, Clone, Default)]
pub(crate) struct ArticleArgs {
    /// Only articles mentioning this entity (any alias: Putin, Wladimir
    /// Putin, Vladimir Putin).
    #[arg(long, value_name = "NAME")]
    pub(crate) entity: Option<String>,
    /// Entity type of --entity (and, in `search`, of the entity facet).
    #[arg(long = "type", value_name = "TYPE", value_parser = entity_type)]
    pub(crate) entity_type: Option<lagebild_entities::EntityType>,
    /// Only articles quoting this speaker (any alias or part of the name).
    #[arg(long, value_name = "NAME")]
    pub(crate) speaker: Option<String>,
}

impl ArticleArgs {
    /// The archive filter: the date, language and source restrictions
    /// plus these.
    pub(crate) fn filter(&self, base: &FilterArgs) -> Filter {
        Filter {
            entity: self.entity.clone(),
            entity_type: self.entity_type,
            speaker: self.speaker.clone(),
            ..base.filter()
        }
    }
}

/// Prints entity counts (search's entity facet, co-occurrence partners) as
/// one table under `header` (entity, type, articles, mentions).
pub(crate) fn print_entity_counts(header: [&str; 4], counts: &[lagebild_store::EntityCount]) {
    let rows: Vec<Vec<String>> = counts
        .iter()
        .map(|e| {
            vec![
                e.name.clone(),
                lagebild_store::type_code(e.entity_type).into(),
                e.articles.to_string(),
                e.mentions.to_string(),
            ]
        })
        .collect();
    print_table(&header, &rows);
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
