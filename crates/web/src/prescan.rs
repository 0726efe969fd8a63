//! A linear pre-pass over the raw page before the HTML parser sees it.
//!
//! It guards against hostile nesting: html5ever follows the HTML spec,
//! whose "has an element in scope" checks walk the whole stack of open
//! elements for every start tag, so 100k nested `<div>`s cost billions of
//! steps. Browsers cap the tree depth instead (Blink at 512); this pass
//! does the same, dropping tags beyond [`MAX_DEPTH`] while keeping all
//! text. It also drops what extraction never reads — comments, script
//! bodies other than JSON-LD, style sheets, `<noscript>` fallbacks — which are often half of a
//! news page's bytes and cost the tokenizer the most.

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
        attributes: &'a str,
    },
    Close,
    /// A comment.
    Comment,
    /// The content of a raw-text element (script, style, …) whose start
    /// tag was the previous `Open`.
    RawContent,
    /// Doctypes, processing instructions and stray `<`.
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
            visit(start..end, &Tag::Comment);
            pos = end;
            continue;
        }
        // Without a closing `>` the tag runs to the end of the page; never
        // cut one byte short of the end, which may split a character.
        let (end, inner) = match rest.find('>') {
            Some(e) => (start + e + 1, &html[start + 1..start + e]),
            None => (html.len(), &html[start + 1..]),
        };
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
                attributes: &inner[name_end..],
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
                visit(end..pos, &Tag::RawContent);
            }
        }
    }
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|b| *b == needle)
}

/// Position of an ASCII `needle` (starting with `<`) in `haystack`,
/// ignoring ASCII case.
fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    let bytes = haystack.as_bytes();
    let mut from = 0;
    while let Some(rel) = memchr(needle[0], &bytes[from..]) {
        let at = from + rel;
        if bytes.len() - at >= needle.len()
            && bytes[at..at + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn opens_element(tag: &Tag<'_>) -> bool {
    matches!(tag, Tag::Open { name, self_closing, .. } if !is_void(name) && !self_closing)
}

/// The page as the parser should see it: tags below [`MAX_DEPTH`] removed
/// (their text kept), comments, style sheets and non-JSON script bodies
/// emptied.
pub(crate) fn prepare(html: &str) -> String {
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
    let limit_depth = deepest > MAX_DEPTH;
    let mut out = String::with_capacity(html.len());
    let mut copied_to = 0;
    let mut depth = 0usize;
    let mut keep_raw_content = false;
    scan(html, |range, tag| {
        let drop = match tag {
            Tag::Open {
                name, attributes, ..
            } => {
                keep_raw_content = name == "script" && attributes.contains("json")
                    || !matches!(name.as_ref(), "script" | "style" | "noscript");
                if opens_element(tag) {
                    depth += 1;
                }
                limit_depth && opens_element(tag) && depth > MAX_DEPTH
            }
            Tag::Close => {
                depth = depth.saturating_sub(1);
                limit_depth && depth >= MAX_DEPTH
            }
            Tag::Comment => true,
            Tag::RawContent => !keep_raw_content,
            Tag::Other => false,
        };
        if drop {
            out.push_str(&html[copied_to..range.start]);
            copied_to = range.end;
        }
    });
    out.push_str(&html[copied_to..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_lose_only_scripts_styles_and_comments() {
        let page = "<html><head><style>p{}</style><script type=\"application/ld+json\">{\"a\":1}</script></head><body><!-- x --><div><p>Text <br> mehr <img src=x></p><script>if (a<b) {}</script></div></body></html>";
        assert_eq!(
            prepare(page),
            "<html><head><style></style><script type=\"application/ld+json\">{\"a\":1}</script></head><body><div><p>Text <br> mehr <img src=x></p><script></script></div></body></html>"
        );
    }

    #[test]
    fn deep_nesting_is_cut_and_text_kept() {
        let depth = MAX_DEPTH * 3;
        let page = format!(
            "{}<p>innen</p>{}<p>danach</p>",
            "<div class=x>".repeat(depth),
            "</div>".repeat(depth)
        );
        let limited = prepare(&page);
        assert_eq!(limited.matches("<div").count(), MAX_DEPTH);
        assert_eq!(limited.matches("</div>").count(), MAX_DEPTH);
        assert!(limited.contains("innen") && limited.contains("danach"));
    }
}
