//! Opening one input: decompression, format recognition, dispatch to the
//! reader of that format.

use crate::charset::decode;
use crate::error::{Location, RecordError};
use crate::format::{detect, Format};
use crate::input::Input;
use crate::jsonl::JsonLines;
use crate::lines::MAX_RECORD_BYTES;
use crate::options::ReadOptions;
use crate::record::{build_document, fill_defaults};
use crate::table::{sniff_dialect, TableRows};
use lagebild_core::{Article, Document};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;

/// Bytes looked at to recognise the format (and, for tables, the dialect).
const SNIFF_BYTES: usize = 64 * 1024;
/// Read buffer per input.
const BUFFER_BYTES: usize = 256 * 1024;
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The documents of one input, in input order, read lazily: a JSONL or CSV
/// input of any size is streamed with memory for one record at a time.
/// Errors are items too (an input that cannot be opened yields one error),
/// so a caller reports them in place and carries on.
pub struct Records {
    inner: Box<dyn Iterator<Item = Result<Document, RecordError>>>,
}

impl Iterator for Records {
    type Item = Result<Document, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next()
    }
}

impl Records {
    fn one(item: Result<Document, RecordError>) -> Self {
        Records {
            inner: Box::new(std::iter::once(item)),
        }
    }
}

/// Reads one input as documents, recognising its format by extension and
/// content and decompressing gzip (by its magic bytes).
pub fn read_input(input: &Input, options: &ReadOptions) -> Records {
    let name = input.display_name();
    match open(input, &name) {
        Ok(opened) => dispatch(opened, name, options.clone()),
        Err(e) => Records::one(Err(e)),
    }
}

/// An input opened for reading, with what format recognition needs.
struct Opened {
    /// The whole (decompressed) content, head included.
    stream: Box<dyn BufRead>,
    /// The first bytes, for sniffing.
    head: Vec<u8>,
    /// The extension that names the content (`a.jsonl.gz` → `jsonl`).
    extension: Option<String>,
}

/// Opens the input, unwraps gzip, and reads the first bytes for sniffing.
fn open(input: &Input, name: &str) -> Result<Opened, RecordError> {
    let here = || Location::whole(name);
    let (raw, file_name): (Box<dyn Read>, Option<&Path>) = match input {
        Input::Stdin => (Box::new(io::stdin()), None),
        Input::File(path) => {
            let file = File::open(path).map_err(|e| {
                RecordError::new(
                    here(),
                    format!("cannot open ({e})"),
                    "check the path and its permissions",
                )
            })?;
            (Box::new(file), Some(path.as_path()))
        }
    };
    let mut raw = BufReader::with_capacity(BUFFER_BYTES, raw);
    let magic = raw
        .fill_buf()
        .map_err(|e| RecordError::new(here(), format!("cannot read ({e})"), "check the file"))?;
    let is_gzip = magic.starts_with(&GZIP_MAGIC);
    let named_gz = file_name
        .and_then(Path::extension)
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    if named_gz && !is_gzip {
        return Err(RecordError::new(
            here(),
            "named .gz but not gzip data",
            "rename the file or compress it with gzip",
        ));
    }
    let content_name = file_name.map(|p| {
        if named_gz {
            p.with_extension("")
        } else {
            p.to_path_buf()
        }
    });
    let extension = content_name
        .as_deref()
        .and_then(Path::extension)
        .map(|e| e.to_string_lossy().into_owned());
    let mut stream: Box<dyn Read> = if is_gzip {
        Box::new(flate2::read::MultiGzDecoder::new(raw))
    } else {
        Box::new(raw)
    };
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    stream
        .by_ref()
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| {
            let what = if is_gzip {
                "invalid or truncated gzip data"
            } else {
                "read failed"
            };
            RecordError::new(
                here(),
                format!("{what} ({e})"),
                "check the file; re-download or re-compress it",
            )
        })?;
    let full: Box<dyn BufRead> = Box::new(BufReader::with_capacity(
        BUFFER_BYTES,
        Cursor::new(head.clone()).chain(stream),
    ));
    Ok(Opened {
        stream: full,
        head,
        extension,
    })
}

fn dispatch(opened: Opened, name: String, options: ReadOptions) -> Records {
    let Opened {
        stream: reader,
        head,
        extension,
    } = opened;
    let format = match detect(extension.as_deref(), &head) {
        Ok(format) => format,
        Err(problem) => {
            return Records::one(Err(RecordError::new(
                Location::whole(&name),
                problem,
                "this is not an article file; leave it out",
            )))
        }
    };
    match format {
        Format::JsonLines => Records {
            inner: Box::new(JsonLines::new(reader, name, options)),
        },
        Format::Table { delimiter } => {
            let dialect = sniff_dialect(&head, delimiter, head.len() < SNIFF_BYTES);
            Records {
                inner: Box::new(TableRows::new(reader, dialect, name, options)),
            }
        }
        Format::PlainText => Records::one(
            read_whole(reader, &name).and_then(|bytes| plain_text(&bytes, &name, &options)),
        ),
        Format::Html => Records::one(read_whole(reader, &name).and_then(|bytes| {
            let article = lagebild_web::extract_html(&bytes, &lagebild_web::PageHints::default())
                .map_err(|e| web_error(Location::whole(&name), e))?;
            Ok(web_document(article, &name, &options))
        })),
        Format::Feed => match read_whole(reader, &name).and_then(|bytes| {
            lagebild_web::read_feed(&bytes).map_err(|e| web_error(Location::whole(&name), e))
        }) {
            Ok(articles) => {
                let documents: Vec<_> = articles
                    .into_iter()
                    .map(|a| Ok(web_document(a, &name, &options)))
                    .collect();
                Records {
                    inner: Box::new(documents.into_iter()),
                }
            }
            Err(e) => Records::one(Err(e)),
        },
        Format::Warc => {
            let records = lagebild_web::read_warc(reader)
                .enumerate()
                .map(move |(n, item)| {
                    let location = Location::whole(&format!("{name} record {}", n + 1));
                    item.map(|a| web_document(a, &location.input, &options))
                        .map_err(|e| web_error(location, e))
                });
            Records {
                inner: Box::new(records),
            }
        }
    }
}

/// Reads a single-article input whole, refusing inputs too big to be one
/// article rather than exhausting memory.
fn read_whole(reader: Box<dyn BufRead>, name: &str) -> Result<Vec<u8>, RecordError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_RECORD_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            RecordError::new(
                Location::whole(name),
                format!("read failed ({e})"),
                "check the file; a gzip file may be truncated",
            )
        })?;
    if bytes.len() > MAX_RECORD_BYTES {
        return Err(RecordError::new(
            Location::whole(name),
            format!(
                "larger than {} MiB for a single article",
                MAX_RECORD_BYTES >> 20
            ),
            "split it, or convert it to JSON Lines with one article per line",
        ));
    }
    Ok(bytes)
}

fn plain_text(bytes: &[u8], name: &str, options: &ReadOptions) -> Result<Document, RecordError> {
    let text = decode(bytes);
    if text.trim().is_empty() {
        return Err(RecordError::new(
            Location::whole(name),
            "empty input",
            "nothing to analyse; leave it out",
        ));
    }
    let mut article = Article::default();
    article.meta.id = name.to_string();
    article.meta.source = Some(name.to_string());
    Ok(build_document(&text, article, options))
}

/// A web extractor's article as a document: it did its own structure
/// recovery, so only ids and defaults are added here.
fn web_document(mut article: Article, name: &str, options: &ReadOptions) -> Document {
    if article.meta.id.is_empty() {
        article.meta.id = article.meta.url.clone().unwrap_or_else(|| name.to_string());
    }
    if article.meta.source.is_none() {
        article.meta.source = Some(name.to_string());
    }
    fill_defaults(&mut article.meta, options);
    Document::from_article(article)
}

fn web_error(location: Location, error: lagebild_web::WebError) -> RecordError {
    RecordError::new(
        location,
        error.to_string(),
        "convert the page to text or JSONL, or leave it out",
    )
}
