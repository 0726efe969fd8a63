use std::path::PathBuf;

/// Why the archive could not do what was asked; every message says what to
/// do next.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The directory holds no archive (reading commands never create one).
    #[error("no lagebild archive at {0}; create one with `lagebild ingest --store {0} PATH...`")]
    Missing(PathBuf),
    /// The directory exists but is not a lagebild archive of this version.
    #[error("{path} is not a lagebild archive of format {expected} (found {found}); use another --store directory or re-ingest into a new one")]
    Format {
        /// The store directory.
        path: PathBuf,
        /// Format this build reads.
        expected: String,
        /// What the directory says it holds.
        found: String,
    },
    /// Another process holds the archive's write lock.
    #[error("another `lagebild ingest` is writing to {0}; wait for it to finish (readers can run meanwhile)")]
    Busy(PathBuf),
    /// The user's query text could not be parsed.
    #[error("cannot read the query {query:?}: {reason}; put phrases in double quotes and escape special characters (+ - : ( ) with a backslash")]
    Query {
        /// The query as given.
        query: String,
        /// The parser's complaint.
        reason: String,
    },
    /// A date argument is not ISO 8601.
    #[error("cannot read the date {0:?}; write YYYY, YYYY-MM or YYYY-MM-DD")]
    Date(String),
    /// An event type argument is not one of PLOVER's 16.
    #[error("{0}")]
    EventType(String),
    /// A stored record could not be decoded (a damaged or foreign archive).
    #[error("stored record is unreadable: {0}")]
    Record(#[from] serde_json::Error),
    /// The search engine failed (disk full, damaged files, permissions).
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// A file could not be read or written.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Writing Parquet failed.
    #[error("parquet export failed: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// Building an Arrow batch failed.
    #[error("arrow batch could not be built: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
}

impl StoreError {
    /// An I/O error with what was being done.
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        StoreError::Io {
            context: context.into(),
            source,
        }
    }
}
