//! Turning page bytes into text: the page's own declarations first, then
//! detection, because the dev pages include windows-1252 and ISO-8859-x
//! pages that declare nothing or declare it only in `<meta>`.

use encoding_rs::{Encoding, UTF_8};

/// How many leading bytes the `<meta charset>` pre-scan looks at; browsers
/// use 1024, but real pages often put the declaration after long scripts.
const META_PRESCAN_BYTES: usize = 8192;

/// How many bytes the detector reads when nothing is declared; enough for a
/// confident guess without feeding it a 50 MB page.
const DETECTOR_SAMPLE_BYTES: usize = 64 * 1024;

/// Decodes a page: BOM, then the HTTP header's charset, then `<meta
/// charset>`, then valid UTF-8, then `chardetng` (with the URL's top-level
/// domain as a hint). A declaration that the bytes contradict (invalid
/// UTF-8 declared as UTF-8, valid UTF-8 declared as Latin-1) is overruled.
pub(crate) fn decode(bytes: &[u8], header_charset: Option<&str>, url: Option<&str>) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(encoding, &bytes[bom_len..]);
    }
    let declared = header_charset
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| meta_charset(bytes))
        .map(html_substitute);
    let utf8_valid = || std::str::from_utf8(bytes).is_ok();
    let encoding = match declared {
        Some(enc) if enc == UTF_8 && !utf8_valid() => detect(bytes, url),
        // Pages re-saved as UTF-8 keep their old `<meta charset=latin1>`;
        // non-ASCII text that is valid UTF-8 is practically never Latin-1.
        Some(enc) if enc != UTF_8 && !bytes.is_ascii() && utf8_valid() => UTF_8,
        Some(enc) => enc,
        None if utf8_valid() => UTF_8,
        None => detect(bytes, url),
    };
    decode_with(encoding, bytes)
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> String {
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// HTML maps declared UTF-16 (which a byte-oriented `<meta>` cannot be) and
/// the `x-user-defined` label to UTF-8 / windows-1252 per the spec.
fn html_substitute(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        UTF_8
    } else if encoding == encoding_rs::X_USER_DEFINED {
        encoding_rs::WINDOWS_1252
    } else {
        encoding
    }
}

fn detect(bytes: &[u8], url: Option<&str>) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let sample = &bytes[..bytes.len().min(DETECTOR_SAMPLE_BYTES)];
    detector.feed(sample, sample.len() == bytes.len());
    let tld = url.and_then(top_level_domain);
    detector.guess(
        tld.as_deref().map(str::as_bytes),
        chardetng::Utf8Detection::Allow,
    )
}

fn top_level_domain(url: &str) -> Option<String> {
    let host = url
        .split("://")
        .nth(1)?
        .split(['/', ':', '?', '#'])
        .next()?;
    let tld = host.rsplit('.').next()?;
    (!tld.is_empty() && tld.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| tld.to_ascii_lowercase())
}

/// Finds `charset=` inside a `<meta …>` tag among the first bytes, covering
/// both `<meta charset="…">` and `<meta http-equiv content="…; charset=…">`.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_PRESCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(rel) = find(&lower[from..], b"<meta") {
        let tag_start = from + rel;
        let tag_end = find(&lower[tag_start..], b">").map_or(lower.len(), |e| tag_start + e);
        let tag = &lower[tag_start..tag_end];
        if let Some(pos) = find(tag, b"charset=") {
            let value = &tag[pos + b"charset=".len()..];
            let value: Vec<u8> = value
                .iter()
                .copied()
                .skip_while(|b| *b == b'"' || *b == b'\'' || b.is_ascii_whitespace())
                .take_while(|b| {
                    !matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') && !b.is_ascii_whitespace()
                })
                .collect();
            if let Some(enc) = Encoding::for_label(&value) {
                return Some(enc);
            }
        }
        from = tag_end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// True when the bytes are not text at all (an image or archive served as
/// `text/html`): NUL bytes in the first kilobytes never occur in HTML in an
/// ASCII-compatible encoding, and UTF-16 pages carry a BOM.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    if Encoding::for_bom(bytes).is_some() {
        return false;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    sample.iter().filter(|b| **b == 0).count() > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_is_honoured() {
        let page =
            b"<html><head><meta charset=\"iso-8859-1\"></head><body>Gr\xfc\xdfe</body></html>";
        assert!(decode(page, None, None).contains("Grüße"));
    }

    #[test]
    fn http_equiv_charset_is_honoured() {
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">\x84Zitat\x93";
        assert!(decode(page, None, None).contains("„Zitat“"));
    }

    #[test]
    fn header_beats_meta_and_bom_beats_both() {
        let page = b"<meta charset=utf-8>M\xfcnchen";
        assert!(decode(page, Some("latin1"), None).contains("München"));
        let bom = b"\xef\xbb\xbf<meta charset=latin1>M\xc3\xbcnchen";
        assert!(decode(bom, Some("latin1"), None).contains("München"));
    }

    #[test]
    fn undeclared_legacy_bytes_are_detected() {
        let page = "<p>Die Bürgerinnen und Bürger in München wählen über die Straßenbahn, größer und schöner.</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
        assert_eq!(decode(&bytes, None, Some("https://www.example.de/a")), page);
    }

    #[test]
    fn false_utf8_declaration_is_overruled() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("<meta charset=utf-8><p>Über die Brücke gehen Fußgänger täglich.</p>");
        assert!(decode(&bytes, None, Some("http://x.de/")).contains("Über die Brücke"));
    }

    #[test]
    fn valid_utf8_under_a_stale_latin1_declaration_is_utf8() {
        let page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>Grüße</p>";
        assert!(decode(page.as_bytes(), None, None).contains("Grüße"));
    }

    #[test]
    fn binary_is_recognised() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!looks_binary(b"<html>ok</html>"));
    }
}
