//! A guard against hostile nesting before the HTML parser sees a page.
//!
//! html5ever follows the HTML spec, whose "has an element in scope" checks
//! walk the whole stack of open elements for every start tag: 100k nested
//! `<div>`s cost billions of steps. Browsers cap the tree depth instead
//! (Blink at 512); this pass does the same on the raw text, dropping tags
//! beyond [`MAX_DEPTH`] while keeping all text, and leaves every page of
//! ordinary depth untouched (one linear scan, no copy).

use std::borrow::Cow;

/// Deepest element nesting kept; real article pages stay far below.
pub(crate) const MAX_DEPTH: usize = 1500;

/// Elements that never have an end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements whose content is raw text up to their end tag.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "textarea" | "title" | "xmp" | "noscript" | "iframe" | "noembed"
    )
}

/// One tag found by the scanner.
enum Tag<'a> {
    Open {
        name: Cow<'a, str>,
        self_closing: bool,
    },
    Close,
    /// Comments, doctypes and stray `<`.
    Other,
}

/// Walks the tags of `html`, calling `visit(range, tag)` for each; raw-text
/// element content is skipped over.
fn scan<'a>(html: &'a str, mut visit: impl FnMut(std::ops::Range<usize>, &Tag<'a>)) {
    let bytes = html.as_bytes();
    let mut pos = 0;
    while let Some(rel) = memchr(b'<', &bytes[pos..]) {
        let start = pos + rel;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(html.len(), |e| start + e + 3);
            visit(start..end, &Tag::Other);
            pos = end;
            continue;
        }
        let end = rest.find('>').map_or(html.len(), |e| start + e + 1);
        let inner = &html[start + 1..end.saturating_sub(1).max(start + 1)];
        let tag = if let Some(closing) = inner.strip_prefix('/') {
            if closing.starts_with(|c: char| c.is_ascii_alphabetic()) {
                Tag::Close
            } else {
                Tag::Other
            }
        } else if inner.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let name_end = inner
                .find(|c: char| c.is_ascii_whitespace() || c == '/')
                .unwrap_or(inner.len());
            let name = &inner[..name_end];
            let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(name.to_ascii_lowercase())
            } else {
                Cow::Borrowed(name)
            };
            Tag::Open {
                self_closing: inner.ends_with('/'),
                name,
            }
        } else {
            Tag::Other
        };
        visit(start..end, &tag);
        pos = end;
        if let Tag::Open { name, .. } = &tag {
            if is_raw_text(name) {
                let close = format!("</{name}");
                pos = find_ignore_case(&html[end..], &close).map_or(html.len(), |e| end + e);
            }
        }
    }
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|b| *b == needle)
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn opens_element(tag: &Tag<'_>) -> bool {
    matches!(tag, Tag::Open { name, self_closing } if !is_void(name) && !self_closing)
}

/// The page with tags below [`MAX_DEPTH`] removed (their text kept), or the
/// page itself when it is never that deep.
pub(crate) fn limit_depth(html: &str) -> Cow<'_, str> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    scan(html, |_, tag| {
        if opens_element(tag) {
            depth += 1;
            deepest = deepest.max(depth);
        } else if matches!(tag, Tag::Close) {
            depth = depth.saturating_sub(1);
        }
    });
    if deepest <= MAX_DEPTH {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut copied_to = 0;
    let mut depth = 0usize;
    scan(html, |range, tag| {
        let drop = if opens_element(tag) {
            depth += 1;
            depth > MAX_DEPTH
        } else if matches!(tag, Tag::Close) {
            depth = depth.saturating_sub(1);
            depth >= MAX_DEPTH
        } else {
            false
        };
        if drop {
            out.push_str(&html[copied_to..range.start]);
            copied_to = range.end;
        }
    });
    out.push_str(&html[copied_to..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_untouched() {
        let page = "<html><body><div><p>Text <br> mehr <img src=x></p><script>if (a<b) {}</script></div></body></html>";
        assert!(matches!(limit_depth(page), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_cut_and_text_kept() {
        let depth = MAX_DEPTH * 3;
        let page = format!(
            "{}<p>innen</p>{}<p>danach</p>",
            "<div class=x>".repeat(depth),
            "</div>".repeat(depth)
        );
        let limited = limit_depth(&page);
        assert_eq!(limited.matches("<div").count(), MAX_DEPTH);
        assert_eq!(limited.matches("</div>").count(), MAX_DEPTH);
        assert!(limited.contains("innen") && limited.contains("danach"));
    }
}
