//! Web input for lagebild (work in progress: the entry points first, so that
//! the ingest crate can dispatch to them).
#![deny(missing_docs)]

use lagebild_core::Article;
use std::io::Read;

/// Why a page, record or feed could not be read.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Extraction for this input kind is not built yet.
    #[error("{0} input is not supported yet")]
    Unsupported(&'static str),
}

/// What the caller knows about a page besides its bytes.
#[derive(Debug, Clone, Default)]
pub struct PageHints {
    /// URL the page was fetched from.
    pub url: Option<String>,
    /// Charset from an HTTP `Content-Type` header.
    pub charset: Option<String>,
    /// Crawl or fetch date (ISO 8601), a fallback for the publication date.
    pub fetched: Option<String>,
}

/// Extracts the article from one HTML page.
pub fn extract_html(_html: &[u8], _hints: &PageHints) -> Result<Article, WebError> {
    Err(WebError::Unsupported("HTML"))
}

/// Streams the HTML `response` records of a WARC file (plain or per-record
/// gzip) as articles; a broken record yields an error and reading goes on
/// where possible.
pub fn read_warc<R: Read>(_input: R) -> impl Iterator<Item = Result<Article, WebError>> {
    std::iter::once(Err(WebError::Unsupported("WARC")))
}

/// One article per item of an RSS or Atom feed.
pub fn read_feed(_xml: &[u8]) -> Result<Vec<Article>, WebError> {
    Err(WebError::Unsupported("RSS/Atom"))
}
