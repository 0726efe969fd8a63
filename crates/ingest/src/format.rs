//! Recognising the input format from the file name and the first bytes.

/// The formats lagebild reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// One article per file, structure recovered from the lines.
    PlainText,
    /// One JSON object per line.
    JsonLines,
    /// CSV or TSV; the delimiter when the extension fixes it.
    Table { delimiter: Option<u8> },
    /// One web page.
    Html,
    /// Web archive of crawled pages.
    Warc,
    /// RSS or Atom feed.
    Feed,
}

/// Picks the format: the extension (after any `.gz`) when it names one,
/// otherwise the content. Errors say why the bytes are not an article.
pub(crate) fn detect(extension: Option<&str>, head: &[u8]) -> Result<Format, String> {
    let content = trim_start(head);
    if content.is_empty() {
        return Err("empty input".to_string());
    }
    let by_extension = extension
        .map(str::to_ascii_lowercase)
        .and_then(|ext| match ext.as_str() {
            "jsonl" | "ndjson" | "json" => Some(Format::JsonLines),
            "csv" => Some(Format::Table { delimiter: None }),
            "tsv" | "tab" => Some(Format::Table {
                delimiter: Some(b'\t'),
            }),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "warc" => Some(Format::Warc),
            "rss" | "atom" => Some(Format::Feed),
            _ => None,
        });
    let format = match by_extension {
        Some(format) => format,
        None => sniff(content),
    };
    if matches!(
        format,
        Format::PlainText | Format::JsonLines | Format::Table { .. }
    ) && looks_binary(head)
    {
        return Err("binary data, not text".to_string());
    }
    Ok(format)
}

fn sniff(content: &[u8]) -> Format {
    let prefix: Vec<u8> = content
        .iter()
        .take(1024)
        .map(u8::to_ascii_lowercase)
        .collect();
    let contains = |needle: &[u8]| prefix.windows(needle.len()).any(|w| w == needle);
    if content.starts_with(b"{") {
        Format::JsonLines
    } else if content.starts_with(b"WARC/") {
        Format::Warc
    } else if prefix.starts_with(b"<") && (contains(b"<rss") || contains(b"<feed")) {
        Format::Feed
    } else if prefix.starts_with(b"<!doctype html")
        || prefix.starts_with(b"<html")
        || (prefix.starts_with(b"<") && contains(b"<html"))
    {
        Format::Html
    } else {
        Format::PlainText
    }
}

/// Skips a UTF-8 BOM and leading ASCII whitespace.
fn trim_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// NUL bytes (outside UTF-16) or many control characters mean the file is
/// not text: analysing it would only produce garbage.
fn looks_binary(head: &[u8]) -> bool {
    if crate::charset::is_utf16(head) {
        return false;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    head.contains(&0) || controls * 20 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_wins_then_content() {
        assert_eq!(
            detect(Some("csv"), b"a;b\n"),
            Ok(Format::Table { delimiter: None })
        );
        assert_eq!(
            detect(Some("TSV"), b"a\tb\n"),
            Ok(Format::Table {
                delimiter: Some(b'\t')
            })
        );
        assert_eq!(
            detect(None, b"\xEF\xBB\xBF {\"text\":1}"),
            Ok(Format::JsonLines)
        );
        assert_eq!(detect(Some("txt"), b"WARC/1.1\r\n"), Ok(Format::Warc));
        assert_eq!(
            detect(None, b"<?xml version=\"1.0\"?><rss>"),
            Ok(Format::Feed)
        );
        assert_eq!(detect(None, b"<!DOCTYPE html><html>"), Ok(Format::Html));
        assert_eq!(
            detect(Some("txt"), "Über den Gipfel".as_bytes()),
            Ok(Format::PlainText)
        );
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert_eq!(detect(None, b"  \n\t"), Err("empty input".to_string()));
        assert_eq!(
            detect(Some("txt"), b"\x7fELF\x02\x01\x01\0\0\0"),
            Err("binary data, not text".to_string())
        );
        assert!(detect(None, b"\xFF\xFEH\0i\0").is_ok());
    }
}
