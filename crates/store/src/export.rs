//! Export of analysed articles: JSONL (the document contract, one per
//! line) and Parquet (one file per layer, joinable by `article_id`, schema
//! in docs/store.md). Exporters take [`Document`]s, so any backend — and
//! the Spark job of the scale-out issue — writes exactly the same files.

use crate::records::entity_key;
use crate::StoreError;
use arrow_array::builder::{Float64Builder, Int64Builder, ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use lagebild_core::Document;
use lagebild_entities::Entities;
use lagebild_events::{Actor, Events};
use lagebild_quotes::Quotes;
use lagebild_time::{Amounts, Times};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde::Serialize;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows buffered per table before they are written as one record batch.
const BATCH_ROWS: usize = 4096;

/// Column kinds used by the export tables.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Integer,
    Real,
    TextList,
}

/// One table: file stem and columns (name, kind, nullable).
struct TableSpec {
    name: &'static str,
    columns: &'static [(&'static str, Kind, bool)],
}

use Kind::*;

/// The export tables, in file order; docs/store.md documents each column.
const SPECS: [TableSpec; 7] = [
    TableSpec {
        name: "articles",
        columns: &[
            ("article_id", Text, false),
            ("url", Text, true),
            ("language", Text, true),
            ("published", Text, true),
            ("title", Text, true),
            ("kicker", Text, true),
            ("teaser", Text, true),
            ("source", Text, true),
            ("authors", TextList, false),
            ("text", Text, false),
        ],
    },
    TableSpec {
        name: "entities",
        columns: &[
            ("article_id", Text, false),
            ("entity_id", Text, false),
            ("name", Text, false),
            ("type", Text, false),
            ("archive_key", Text, false),
            ("key", Text, true),
            ("country", Text, true),
            ("aliases", TextList, false),
            ("mention_count", Integer, false),
        ],
    },
    TableSpec {
        name: "mentions",
        columns: &[
            ("article_id", Text, false),
            ("entity_id", Text, false),
            ("start", Integer, false),
            ("end", Integer, false),
            ("text", Text, false),
        ],
    },
    TableSpec {
        name: "quotes",
        columns: &[
            ("article_id", Text, false),
            ("quote_index", Integer, false),
            ("text", Text, false),
            ("start", Integer, false),
            ("end", Integer, false),
            ("kind", Text, false),
            ("cue", Text, true),
            ("speaker", Text, true),
            ("speaker_entity_id", Text, true),
            ("speaker_role", Text, true),
        ],
    },
    TableSpec {
        name: "times",
        columns: &[
            ("article_id", Text, false),
            ("text", Text, false),
            ("start", Integer, false),
            ("end", Integer, false),
            ("type", Text, false),
            ("value", Text, false),
        ],
    },
    TableSpec {
        name: "amounts",
        columns: &[
            ("article_id", Text, false),
            ("text", Text, false),
            ("start", Integer, false),
            ("end", Integer, false),
            ("value", Real, false),
            ("unit", Text, true),
            ("object", Text, true),
        ],
    },
    TableSpec {
        name: "events",
        columns: &[
            ("article_id", Text, false),
            ("event_index", Integer, false),
            ("type", Text, false),
            ("mode", Text, true),
            ("status", Text, false),
            ("source_name", Text, true),
            ("source_entity_id", Text, true),
            ("target_name", Text, true),
            ("target_entity_id", Text, true),
            ("location_name", Text, true),
            ("date", Text, true),
            ("trigger", Text, false),
            ("trigger_start", Integer, false),
            ("trigger_end", Integer, false),
            ("sentence_start", Integer, false),
            ("sentence_end", Integer, false),
        ],
    },
];

/// Names of the Parquet tables (`<name>.parquet` in the output directory).
pub const TABLES: [&str; 7] = [
    "articles", "entities", "mentions", "quotes", "times", "amounts", "events",
];

/// One value of a row.
enum Cell<'a> {
    Text(Option<&'a str>),
    Integer(i64),
    Real(f64),
    TextList(&'a [String]),
}

enum ColumnBuilder {
    Text(StringBuilder),
    Integer(Int64Builder),
    Real(Float64Builder),
    TextList(ListBuilder<StringBuilder>),
}

impl ColumnBuilder {
    fn new(kind: Kind) -> Self {
        match kind {
            Text => ColumnBuilder::Text(StringBuilder::new()),
            Integer => ColumnBuilder::Integer(Int64Builder::new()),
            Real => ColumnBuilder::Real(Float64Builder::new()),
            TextList => ColumnBuilder::TextList(ListBuilder::new(StringBuilder::new())),
        }
    }

    fn push(&mut self, cell: Cell) {
        match (self, cell) {
            (ColumnBuilder::Text(b), Cell::Text(v)) => b.append_option(v),
            (ColumnBuilder::Integer(b), Cell::Integer(v)) => b.append_value(v),
            (ColumnBuilder::Real(b), Cell::Real(v)) => b.append_value(v),
            (ColumnBuilder::TextList(b), Cell::TextList(values)) => {
                for v in values {
                    b.values().append_value(v);
                }
                b.append(true);
            }
            // The row functions below are written against SPECS; a
            // mismatch is a programming error caught by the tests.
            _ => unreachable!("cell kind does not match the table spec"),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            ColumnBuilder::Text(b) => Arc::new(b.finish()),
            ColumnBuilder::Integer(b) => Arc::new(b.finish()),
            ColumnBuilder::Real(b) => Arc::new(b.finish()),
            ColumnBuilder::TextList(b) => Arc::new(b.finish()),
        }
    }
}

fn data_type(kind: Kind) -> DataType {
    match kind {
        Text => DataType::Utf8,
        Integer => DataType::Int64,
        Real => DataType::Float64,
        TextList => DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
    }
}

/// The Arrow schema of an export table (also used by readers and tests).
fn arrow_schema(spec: &TableSpec) -> Arc<Schema> {
    Arc::new(Schema::new(
        spec.columns
            .iter()
            .map(|(name, kind, nullable)| Field::new(*name, data_type(*kind), *nullable))
            .collect::<Vec<_>>(),
    ))
}

struct TableWriter {
    schema: Arc<Schema>,
    builders: Vec<ColumnBuilder>,
    buffered: usize,
    rows: u64,
    writer: ArrowWriter<File>,
}

impl TableWriter {
    fn create(dir: &Path, spec: &TableSpec) -> Result<Self, StoreError> {
        let path = dir.join(format!("{}.parquet", spec.name));
        let file = File::create(&path)
            .map_err(|e| StoreError::io(format!("cannot create {}", path.display()), e))?;
        let schema = arrow_schema(spec);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let writer = ArrowWriter::try_new(file, schema.clone(), Some(props))?;
        let builders = spec
            .columns
            .iter()
            .map(|(_, kind, _)| ColumnBuilder::new(*kind))
            .collect();
        Ok(TableWriter {
            schema,
            builders,
            buffered: 0,
            rows: 0,
            writer,
        })
    }

    fn push(&mut self, row: Vec<Cell>) -> Result<(), StoreError> {
        for (builder, cell) in self.builders.iter_mut().zip(row) {
            builder.push(cell);
        }
        self.buffered += 1;
        self.rows += 1;
        if self.buffered >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), StoreError> {
        if self.buffered == 0 {
            return Ok(());
        }
        let columns = self
            .builders
            .iter_mut()
            .map(ColumnBuilder::finish)
            .collect();
        let batch = RecordBatch::try_new(self.schema.clone(), columns)?;
        self.writer.write(&batch)?;
        self.buffered = 0;
        Ok(())
    }

    fn close(mut self) -> Result<u64, StoreError> {
        self.flush()?;
        self.writer.close()?;
        Ok(self.rows)
    }
}

/// Rows written per table.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportSummary {
    /// Articles exported.
    pub articles: u64,
    /// `(table, rows)` for each file written.
    pub tables: Vec<(String, u64)>,
    /// Where the files are.
    pub path: PathBuf,
}

/// Writes articles as Parquet, one file per layer in a directory.
pub struct ParquetExport {
    dir: PathBuf,
    tables: Vec<TableWriter>,
}

fn offset(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl ParquetExport {
    /// Creates the directory (if needed) and the table files in it.
    pub fn create(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::io(format!("cannot create {}", dir.display()), e))?;
        let tables = SPECS
            .iter()
            .map(|spec| TableWriter::create(dir, spec))
            .collect::<Result<_, _>>()?;
        Ok(ParquetExport {
            dir: dir.to_path_buf(),
            tables,
        })
    }

    /// Adds one article's rows to every table.
    pub fn write(&mut self, doc: &Document) -> Result<(), StoreError> {
        let id = Some(doc.id.as_str());
        let [articles, entities, mentions, quotes, times, amounts, events] = &mut self.tables[..]
        else {
            unreachable!("one writer per spec")
        };
        articles.push(vec![
            Cell::Text(id),
            Cell::Text(doc.url.as_deref()),
            Cell::Text(doc.language.as_deref()),
            Cell::Text(doc.published.as_deref()),
            Cell::Text(doc.title.as_deref()),
            Cell::Text(doc.kicker.as_deref()),
            Cell::Text(doc.teaser.as_deref()),
            Cell::Text(doc.source.as_deref()),
            Cell::TextList(&doc.authors),
            Cell::Text(Some(doc.text())),
        ])?;
        for entity in doc
            .layer::<Entities>()
            .map(|e| e.0.as_slice())
            .unwrap_or_default()
        {
            let archive_key = entity_key(entity);
            entities.push(vec![
                Cell::Text(id),
                Cell::Text(Some(&entity.id)),
                Cell::Text(Some(&entity.name)),
                Cell::Text(Some(crate::type_code(entity.entity_type))),
                Cell::Text(Some(&archive_key)),
                Cell::Text(entity.key.as_deref()),
                Cell::Text(entity.country.as_deref()),
                Cell::TextList(&entity.aliases),
                Cell::Integer(offset(entity.mentions.len())),
            ])?;
            for m in &entity.mentions {
                mentions.push(vec![
                    Cell::Text(id),
                    Cell::Text(Some(&entity.id)),
                    Cell::Integer(offset(m.start)),
                    Cell::Integer(offset(m.end)),
                    Cell::Text(Some(&m.text)),
                ])?;
            }
        }
        for (index, q) in doc
            .layer::<Quotes>()
            .map(|q| q.0.as_slice())
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let kind = serde_json::to_value(q.kind)?;
            quotes.push(vec![
                Cell::Text(id),
                Cell::Integer(offset(index)),
                Cell::Text(Some(&q.text)),
                Cell::Integer(offset(q.start)),
                Cell::Integer(offset(q.end)),
                Cell::Text(kind.as_str()),
                Cell::Text(q.cue.as_ref().map(|c| c.text.as_str())),
                Cell::Text(q.speaker.as_ref().map(|s| s.name.as_str())),
                Cell::Text(q.speaker.as_ref().and_then(|s| s.entity.as_deref())),
                Cell::Text(q.speaker.as_ref().and_then(|s| s.role.as_deref())),
            ])?;
        }
        for t in doc
            .layer::<Times>()
            .map(|t| t.0.as_slice())
            .unwrap_or_default()
        {
            let time_type = serde_json::to_value(t.time_type)?;
            times.push(vec![
                Cell::Text(id),
                Cell::Text(Some(&t.text)),
                Cell::Integer(offset(t.start)),
                Cell::Integer(offset(t.end)),
                Cell::Text(time_type.as_str()),
                Cell::Text(Some(&t.value)),
            ])?;
        }
        for a in doc
            .layer::<Amounts>()
            .map(|a| a.0.as_slice())
            .unwrap_or_default()
        {
            amounts.push(vec![
                Cell::Text(id),
                Cell::Text(Some(&a.text)),
                Cell::Integer(offset(a.start)),
                Cell::Integer(offset(a.end)),
                Cell::Real(a.value),
                Cell::Text(a.unit.as_deref()),
                Cell::Text(a.object.as_deref()),
            ])?;
        }
        for (index, e) in doc
            .layer::<Events>()
            .map(|e| e.0.as_slice())
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let status = serde_json::to_value(e.status)?;
            events.push(vec![
                Cell::Text(id),
                Cell::Integer(offset(index)),
                Cell::Text(Some(e.event_type.as_str())),
                Cell::Text(e.mode.as_deref()),
                Cell::Text(status.as_str()),
                Cell::Text(actor_name(&e.source)),
                Cell::Text(actor_entity(&e.source)),
                Cell::Text(actor_name(&e.target)),
                Cell::Text(actor_entity(&e.target)),
                Cell::Text(actor_name(&e.location)),
                Cell::Text(e.date.as_deref()),
                Cell::Text(Some(&e.trigger.text)),
                Cell::Integer(offset(e.trigger.start)),
                Cell::Integer(offset(e.trigger.end)),
                Cell::Integer(offset(e.sentence.start)),
                Cell::Integer(offset(e.sentence.end)),
            ])?;
        }
        Ok(())
    }
}

fn actor_name(actor: &Option<Actor>) -> Option<&str> {
    actor.as_ref().map(|a| a.name.as_str())
}

fn actor_entity(actor: &Option<Actor>) -> Option<&str> {
    actor.as_ref().and_then(|a| a.entity.as_deref())
}

impl ParquetExport {
    /// Flushes and closes every file.
    pub fn finish(self) -> Result<ExportSummary, StoreError> {
        let mut summary = ExportSummary {
            path: self.dir,
            ..Default::default()
        };
        for (spec, table) in SPECS.iter().zip(self.tables) {
            let rows = table.close()?;
            if spec.name == "articles" {
                summary.articles = rows;
            }
            summary.tables.push((spec.name.to_string(), rows));
        }
        Ok(summary)
    }
}

/// Writes articles as JSONL in the document contract (docs/schema.md),
/// which `lagebild ingest` reads back.
pub struct JsonlExport<W: Write> {
    out: W,
    articles: u64,
}

impl<W: Write> JsonlExport<W> {
    /// Writes to `out` (a file or stdout).
    pub fn new(out: W) -> Self {
        JsonlExport { out, articles: 0 }
    }

    /// Adds one article as one line.
    pub fn write(&mut self, doc: &Document) -> Result<(), StoreError> {
        serde_json::to_writer(&mut self.out, doc)?;
        self.out
            .write_all(b"\n")
            .map_err(|e| StoreError::io("cannot write the export", e))?;
        self.articles += 1;
        Ok(())
    }

    /// Flushes the output; returns how many articles were written.
    pub fn finish(mut self) -> Result<u64, StoreError> {
        self.out
            .flush()
            .map_err(|e| StoreError::io("cannot write the export", e))?;
        Ok(self.articles)
    }
}
