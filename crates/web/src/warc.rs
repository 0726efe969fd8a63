//! WARC 1.0/1.1 reading, streaming one record at a time (plain or
//! per-record gzip, as Common Crawl writes them), so a crawl of any size
//! runs in the memory of its largest record.

use crate::{extract_html, PageHints, WebError};
use flate2::bufread::{GzDecoder, MultiGzDecoder, ZlibDecoder};
use lagebild_core::Article;
use std::io::{BufRead, BufReader, Read};

/// Largest record body read into memory; bigger records are skipped with an
/// error (no news page is a gigabyte).
const MAX_RECORD_BYTES: u64 = 256 * 1024 * 1024;
/// Longest header line accepted; a longer one means the input is not WARC.
const MAX_HEADER_LINE: usize = 64 * 1024;

/// The input, plain or gunzipped.
enum Input<R: Read> {
    Plain(BufReader<R>),
    Gzip(BufReader<MultiGzDecoder<BufReader<R>>>),
}

impl<R: Read> Read for Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Input::Plain(r) => r.read(buf),
            Input::Gzip(r) => r.read(buf),
        }
    }
}

impl<R: Read> BufRead for Input<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        match self {
            Input::Plain(r) => r.fill_buf(),
            Input::Gzip(r) => r.fill_buf(),
        }
    }
    fn consume(&mut self, amt: usize) {
        match self {
            Input::Plain(r) => r.consume(amt),
            Input::Gzip(r) => r.consume(amt),
        }
    }
}

/// Iterator over the HTML response records of a WARC stream.
pub(crate) struct WarcArticles<R: Read> {
    input: Option<Input<R>>,
    raw: Option<BufReader<R>>,
    record_number: usize,
    /// Set after the end of input or an error that makes the rest
    /// unreadable.
    finished: bool,
}

impl<R: Read> WarcArticles<R> {
    pub(crate) fn new(input: R) -> Self {
        WarcArticles {
            input: None,
            raw: Some(BufReader::new(input)),
            record_number: 0,
            finished: false,
        }
    }

    fn input(&mut self) -> Result<&mut Input<R>, WebError> {
        if let Some(mut raw) = self.raw.take() {
            let head = raw.fill_buf().map_err(|e| WebError::Warc {
                record: 0,
                message: e.to_string(),
            })?;
            let gzipped = head.starts_with(&[0x1f, 0x8b]);
            self.input = Some(if gzipped {
                Input::Gzip(BufReader::new(MultiGzDecoder::new(raw)))
            } else {
                Input::Plain(raw)
            });
        }
        self.input.as_mut().ok_or(WebError::Warc {
            record: 0,
            message: "input already consumed".into(),
        })
    }
}

/// One WARC record's header fields that matter here.
#[derive(Default)]
struct RecordHeader {
    warc_type: String,
    target_uri: Option<String>,
    date: Option<String>,
    record_id: Option<String>,
    content_type: String,
    content_length: u64,
}

impl<R: Read> Iterator for WarcArticles<R> {
    type Item = Result<Article, WebError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        let item = self.next_record();
        if !matches!(item, Some(Ok(_))) {
            self.finished = item
                .as_ref()
                .is_none_or(|i| i.is_err() && self.input.is_none());
        }
        item
    }
}

impl<R: Read> WarcArticles<R> {
    fn next_record(&mut self) -> Option<Result<Article, WebError>> {
        loop {
            let record = self.record_number + 1;
            self.record_number = record;
            let input = match self.input() {
                Ok(input) => input,
                Err(e) => {
                    self.input = None;
                    return Some(Err(e));
                }
            };
            let fail = |message: String| WebError::Warc { record, message };
            let header = match read_header(input) {
                Ok(Some(h)) => h,
                Ok(None) => return None,
                Err(message) => {
                    self.input = None;
                    self.raw = None;
                    return Some(Err(fail(message)));
                }
            };
            if header.content_length > MAX_RECORD_BYTES {
                self.input = None;
                return Some(Err(fail(format!(
                    "record of {} bytes is larger than the limit",
                    header.content_length
                ))));
            }
            let mut body = Vec::with_capacity(header.content_length.min(16 * 1024 * 1024) as usize);
            let read = input.take(header.content_length).read_to_end(&mut body);
            if let Err(e) = read {
                self.input = None;
                return Some(Err(fail(format!("cannot read the record body: {e}"))));
            }
            if (body.len() as u64) < header.content_length {
                self.input = None;
                return Some(Err(fail(format!(
                    "truncated: {} of {} body bytes present",
                    body.len(),
                    header.content_length
                ))));
            }
            if let Some(result) = record_to_article(&header, &body) {
                return Some(result.map_err(|e| fail(e.to_string())));
            }
        }
    }
}

/// Reads one line (without CRLF); `None` at a clean end of input.
fn read_line<B: BufRead>(input: &mut B) -> Result<Option<String>, String> {
    let mut line = Vec::new();
    let n = input
        .by_ref()
        .take(MAX_HEADER_LINE as u64 + 1)
        .read_until(b'\n', &mut line)
        .map_err(|e| format!("cannot read: {e}"))?;
    if n == 0 {
        return Ok(None);
    }
    if line.len() > MAX_HEADER_LINE {
        return Err("header line too long: not a WARC file".into());
    }
    while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        line.pop();
    }
    Ok(Some(String::from_utf8_lossy(&line).into_owned()))
}

fn read_header<B: BufRead>(input: &mut B) -> Result<Option<RecordHeader>, String> {
    let version = loop {
        match read_line(input)? {
            None => return Ok(None),
            Some(l) if l.trim().is_empty() => continue,
            Some(l) => break l,
        }
    };
    if !version.starts_with("WARC/") {
        return Err(format!(
            "expected a WARC/1.x record, found {:?}",
            version.chars().take(40).collect::<String>()
        ));
    }
    let mut header = RecordHeader::default();
    let mut has_length = false;
    loop {
        let Some(line) = read_line(input)? else {
            return Err("truncated inside a record header".into());
        };
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_string();
        match name.trim().to_ascii_lowercase().as_str() {
            "warc-type" => header.warc_type = value.to_ascii_lowercase(),
            "warc-target-uri" => {
                header.target_uri = Some(value.trim_matches(['<', '>']).to_string())
            }
            "warc-date" => header.date = Some(value),
            "warc-record-id" => header.record_id = Some(value),
            "content-type" => header.content_type = value.to_ascii_lowercase(),
            "content-length" => {
                header.content_length = value
                    .parse()
                    .map_err(|_| format!("bad Content-Length {value:?}"))?;
                has_length = true;
            }
            _ => {}
        }
    }
    if !has_length {
        return Err("record without Content-Length".into());
    }
    Ok(Some(header))
}

/// The HTTP part of a response record.
struct HttpResponse<'a> {
    status: u16,
    content_type: Option<String>,
    chunked: bool,
    content_encoding: Option<String>,
    body: &'a [u8],
}

fn parse_http(block: &[u8]) -> Option<HttpResponse<'_>> {
    let header_end = find(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| find(block, b"\n\n").map(|i| (i, i + 2)))?;
    let head = String::from_utf8_lossy(&block[..header_end.0]);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let mut response = HttpResponse {
        status,
        content_type: None,
        chunked: false,
        content_encoding: None,
        body: &block[header_end.1..],
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => response.content_type = Some(value),
            "transfer-encoding" => response.chunked = value.contains("chunked"),
            "content-encoding" => response.content_encoding = Some(value),
            _ => {}
        }
    }
    Some(response)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Undoes `Transfer-Encoding: chunked`; `None` when the body is not
/// actually chunked (servers lie; warcio's samples include such records).
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = find(rest, b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        if rest.len() < size {
            return None;
        }
        out.extend_from_slice(&rest[..size]);
        rest = rest
            .get(size..)?
            .strip_prefix(b"\r\n")
            .unwrap_or(&rest[size..]);
    }
}

fn decompress(body: Vec<u8>, encoding: Option<&str>) -> Result<Vec<u8>, WebError> {
    let mut out = Vec::new();
    let result = match encoding {
        Some(e) if e.contains("gzip") => GzDecoder::new(body.as_slice()).read_to_end(&mut out),
        Some(e) if e.contains("deflate") => ZlibDecoder::new(body.as_slice()).read_to_end(&mut out),
        _ => return Ok(body),
    };
    result
        .map(|_| out)
        .map_err(|e| WebError::Decode(format!("cannot decompress the HTTP body: {e}")))
}

fn is_html(content_type: &str) -> bool {
    content_type.contains("text/html") || content_type.contains("application/xhtml")
}

fn charset_of(content_type: &str) -> Option<String> {
    content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches(['"', '\'']).to_string())
}

/// `None` for records that are not HTML pages (warcinfo, requests, images,
/// redirects); otherwise the extracted article or why it failed.
fn record_to_article(header: &RecordHeader, block: &[u8]) -> Option<Result<Article, WebError>> {
    let (content_type, payload) = match header.warc_type.as_str() {
        "response" if header.content_type.starts_with("application/http") => {
            let http = parse_http(block)?;
            if !(200..300).contains(&http.status) {
                return None;
            }
            let content_type = http.content_type.clone().unwrap_or_default();
            let sniffed_html =
                content_type.is_empty() && http.body.trim_ascii_start().starts_with(b"<");
            if !is_html(&content_type) && !sniffed_html {
                return None;
            }
            let body = if http.chunked {
                dechunk(http.body).unwrap_or_else(|| http.body.to_vec())
            } else {
                http.body.to_vec()
            };
            (
                content_type,
                decompress(body, http.content_encoding.as_deref()),
            )
        }
        "resource" | "response" if is_html(&header.content_type) => {
            (header.content_type.clone(), Ok(block.to_vec()))
        }
        _ => return None,
    };
    let hints = PageHints {
        url: header.target_uri.clone(),
        charset: charset_of(&content_type),
        fetched: header.date.clone(),
    };
    Some(
        payload
            .and_then(|bytes| extract_html(&bytes, &hints))
            .map(|mut article| {
                if let Some(id) = &header.record_id {
                    article
                        .meta
                        .extra
                        .insert("warc_record_id".into(), id.clone().into());
                }
                article
            }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(uri: &str, http: &str) -> Vec<u8> {
        format!(
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2023-09-12T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        )
        .into_bytes()
    }

    const PAGE: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><article><h1>Titel</h1><p>Ein Absatz, lang genug, um als Artikeltext erkannt zu werden, wirklich.</p></article></body></html>";

    #[test]
    fn reads_html_responses_and_skips_the_rest() {
        let mut warc = record("https://x.de/a", PAGE);
        warc.extend(record(
            "https://x.de/img.png",
            "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\u{1}PNG",
        ));
        warc.extend(record(
            "https://x.de/moved",
            "HTTP/1.1 301 Moved\r\nLocation: /a\r\n\r\n",
        ));
        let articles: Vec<_> = WarcArticles::new(warc.as_slice()).collect();
        assert_eq!(articles.len(), 1);
        let article = articles[0].as_ref().map_err(|e| e.to_string());
        let article = article.as_ref().expect("article");
        assert_eq!(article.meta.url.as_deref(), Some("https://x.de/a"));
        assert_eq!(article.title.as_deref(), Some("Titel"));
    }

    #[test]
    fn truncated_record_keeps_earlier_ones_and_reports_the_break() {
        let mut warc = record("https://x.de/a", PAGE);
        let second = record("https://x.de/b", PAGE);
        warc.extend_from_slice(&second[..second.len() / 2]);
        let results: Vec<_> = WarcArticles::new(warc.as_slice()).collect();
        assert_eq!(results.len(), 2);
        assert!(results[0].is_ok());
        let error = results[1]
            .as_ref()
            .err()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(
            error.contains("record 2") && error.contains("truncated"),
            "{error}"
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let results: Vec<_> = WarcArticles::new(&b"GIF89a not a warc"[..]).collect();
        assert_eq!(results.len(), 1);
        assert!(results[0].is_err());
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").as_deref(),
            Some(&b"Wikipedia"[..])
        );
        assert_eq!(dechunk(b"<html>not chunked"), None);
    }
}
