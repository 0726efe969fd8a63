//! Web input for lagebild: HTML pages, WARC crawls and RSS/Atom feeds in,
//! [`Article`]s out, with page furniture set aside in `boilerplate` (with
//! the reason) rather than dropped.
//!
//! Not for fetching pages (lagebild never goes online) nor for rendering
//! JavaScript: the input is the bytes a crawler stored.
//!
//! Key design decision: the page is parsed with html5ever (through
//! `scraper`), the spec-compliant parser browsers agree with, and then
//! walked exactly once, iteratively, into text blocks; choosing the article
//! is arithmetic over those blocks, never a second traversal. This keeps
//! extraction linear in the page size and immune to stack overflow on
//! hostile nesting. Heuristics that are words (class names, "Lesen Sie
//! auch", month names) live in `resources/`.
#![deny(missing_docs)]

mod charset;
mod dates;
pub mod evaluation;
mod extract;
mod feed;
mod metadata;
mod prescan;
mod rules;
mod warc;

use lagebild_core::Article;
use std::io::Read;

/// Why a page, record or feed could not be read.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The bytes are not a text document (an image or archive served as
    /// `text/html`).
    #[error("not an HTML page: {0}")]
    NotHtml(String),
    /// The bytes could not be decoded or decompressed.
    #[error("cannot decode the page: {0}")]
    Decode(String),
    /// A WARC record (1-based number in the file) is broken; earlier
    /// records were already returned.
    #[error("WARC record {record}: {message}")]
    Warc {
        /// Position of the record in the file.
        record: usize,
        /// What is wrong with it.
        message: String,
    },
    /// The feed could not be parsed.
    #[error("not a readable RSS/Atom feed: {0}")]
    Feed(String),
}

/// What the caller knows about a page besides its bytes.
#[derive(Debug, Clone, Default)]
pub struct PageHints {
    /// URL the page was fetched from.
    pub url: Option<String>,
    /// Charset from an HTTP `Content-Type` header.
    pub charset: Option<String>,
    /// Crawl or fetch date (ISO 8601), kept in `meta.extra.fetched`.
    pub fetched: Option<String>,
}

/// Extracts the article from one HTML page: body text by zones, metadata,
/// captions, and the furniture set aside with reasons. Fails only on bytes
/// that are not a text document; any HTML, however broken, gives an
/// article (perhaps an empty one).
pub fn extract_html(html: &[u8], hints: &PageHints) -> Result<Article, WebError> {
    if charset::looks_binary(html) {
        return Err(WebError::NotHtml(
            "the bytes contain NUL characters (binary data)".into(),
        ));
    }
    let text = charset::decode(html, hints.charset.as_deref(), hints.url.as_deref());
    let page = scraper::Html::parse_document(&prescan::prepare(&text));
    let extracted = extract::extract(&page);
    let meta = metadata::read(&page, extracted.headline.as_deref(), hints.url.as_deref());
    let mut article = Article {
        title: meta.title,
        kicker: extracted.kicker,
        teaser: extracted.teaser,
        sections: extracted.sections,
        captions: extracted.captions,
        boilerplate: extracted.boilerplate,
        ..Default::default()
    };
    let url = meta.canonical.or_else(|| hints.url.clone());
    article.meta.id = url.clone().unwrap_or_default();
    article.meta.url = url;
    article.meta.language = meta.language;
    article.meta.published = meta.published.or_else(|| visible_dateline(&article));
    article.meta.authors = meta.authors;
    article.meta.source = meta.site_name;
    if let Some(description) = meta.description {
        article
            .meta
            .extra
            .insert("description".into(), description.into());
    }
    if let Some(fetched) = &hints.fetched {
        article
            .meta
            .extra
            .insert("fetched".into(), fetched.clone().into());
    }
    Ok(article)
}

/// Longest block searched for a visible dateline ("Veröffentlicht am 13.
/// Mai 2026 um 15:44"); longer blocks are prose, whose dates are events.
const DATELINE_MAX_CHARS: usize = 80;
/// How many leading body blocks (and set-aside lines) may hold it.
const DATELINE_SEARCH_BLOCKS: usize = 12;

/// The publication date written on the page near the headline, for pages
/// without machine-readable dates. Never the crawl date: that would be a
/// guess dressed as a fact.
fn visible_dateline(article: &Article) -> Option<String> {
    let body = article
        .sections
        .iter()
        .flat_map(|s| &s.paragraphs)
        .take(DATELINE_SEARCH_BLOCKS);
    let set_aside = article.boilerplate.iter().map(|b| &b.text);
    body.chain(set_aside)
        .filter(|text| text.chars().count() <= DATELINE_MAX_CHARS)
        .find_map(|text| dates::normalise(text))
}

/// Streams the HTML `response` records of a WARC file (plain or per-record
/// gzip) as articles, skipping requests, metadata, redirects and non-HTML
/// payloads. A broken record yields an error; a truncated file or gzip
/// member ends the stream after the error, with every earlier record
/// already returned.
pub fn read_warc<R: Read>(input: R) -> impl Iterator<Item = Result<Article, WebError>> {
    warc::WarcArticles::new(input)
}

/// One article per item of an RSS, Atom or JSON feed.
pub fn read_feed(xml: &[u8]) -> Result<Vec<Article>, WebError> {
    feed::read(xml)
}
