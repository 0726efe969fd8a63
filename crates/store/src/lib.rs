//! The lagebild archive: analysed articles in an embedded store, searched
//! with facets, queried by entity (any alias), speaker and time, exported
//! to JSONL and Parquet.
//!
//! What it is for: an analyst's memory across thousands of articles, with
//! no server to install. What it is not: an analysis stage (articles come
//! in analysed) or a home-made index (tantivy does the indexing).
//!
//! Key decision: one tantivy index holds everything — an article document
//! (text, facets, entity keys once per mention, the full JSON document),
//! one document per quote and per event, and one "card" per archive-wide entity with its
//! aliases. One commit per ingest batch makes all three visible together,
//! so crash safety is tantivy's atomic commit and there is no second store
//! to keep consistent. Query code sees only the [`Archive`] and
//! [`ArchiveWriter`] traits, so a PostgreSQL backend can slot in later.
//!
//! Dedupe rule: an article is a duplicate when the SHA-256 of its text, or
//! its canonical URL, is already stored; an article whose id is stored with
//! a *different* text is refused (never silently replaced).
#![deny(missing_docs)]

mod analysis;
mod collect;
mod dates;
mod error;
mod export;
mod query;
mod records;
mod schema;
mod slots;
mod tantivy_store;

pub use analysis::fold_name;
pub use dates::{parse_argument as parse_date_argument, Granularity, KnownDate, Precision};
pub use error::StoreError;
pub use export::{ExportSummary, JsonlExport, ParquetExport, TABLES};
pub use query::{
    Admission, Archive, ArchiveWriter, Cooccurrence, EntityCount, EntityQuery, EntitySummary,
    EventActor, EventHit, EventQuery, EventResults, Facets, Filter, QuoteHit, QuoteQuery,
    QuoteResults, SearchHit, SearchQuery, SearchResults, Snippet, Timeline, ValueCount,
};
pub use records::{content_hash, derived_id, entity_key, parse_type, type_code};
pub use tantivy_store::{default_store_dir, TantivyArchive, TantivyWriter, STORE_FORMAT};
