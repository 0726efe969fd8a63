//! A linear pre-pass over the raw page before the HTML parser sees it.
//!
//! It guards against hostile nesting: html5ever follows the HTML spec,
//! whose "has an element in scope" checks walk the whole stack of open
//! elements for every start tag, so 100k nested `<div>`s cost billions of
//! steps. Browsers cap the tree depth instead (Blink at 512); this pass
//! does the same, dropping tags beyond [`MAX_DEPTH`] while keeping all
//! text. It also drops what extraction never reads — comments, script
//! bodies other than JSON-LD, style sheets, `<noscript>` fallbacks, inline
//! SVG drawings, and every attribute but the few that extraction and
//! metadata read — which are most of a news page's bytes: the tokenizer
//! and tree builder spend their time per byte of markup and per attribute.

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
/// element content and droppable drawings are reported as one
/// [`Tag::RawContent`] and skipped over.
fn scan<'a>(html: &'a str, mut visit: impl FnMut(std::ops::Range<usize>, &Tag<'a>)) {
    let bytes = html.as_bytes();
    let mut pos = 0;
    let mut drawings = DrawingChecks::default();
    while let Some(rel) = memchr(b'<', &bytes[pos..]) {
        let start = pos + rel;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(html.len(), |e| start + e + 3);
            visit(start..end, &Tag::Comment);
            pos = end;
            continue;
        }
        let after = &rest[1..];
        if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let name_len = after
                .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
                .unwrap_or(after.len());
            let name = &after[..name_len];
            let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(name.to_ascii_lowercase())
            } else {
                Cow::Borrowed(name)
            };
            let attributes_start = start + 1 + name_len;
            // Quote-aware, as the HTML tokenizer reads it: a `>` inside an
            // attribute value does not end the tag. Without an end the tag
            // runs to the end of the page.
            let (end, attributes_end, self_closing) =
                match walk_attributes(&html[attributes_start..], |_, _| {}) {
                    Some((gt, self_closing)) => (
                        attributes_start + gt + 1,
                        attributes_start + gt,
                        self_closing,
                    ),
                    None => (html.len(), html.len(), false),
                };
            let tag = Tag::Open {
                name,
                self_closing,
                attributes: &html[attributes_start..attributes_end],
            };
            visit(start..end, &tag);
            pos = end;
            if let Tag::Open { name, .. } = &tag {
                if is_raw_text(name) {
                    let close = format!("</{name}");
                    pos = find_ignore_case(&html[end..], &close).map_or(html.len(), |e| end + e);
                    visit(end..pos, &Tag::RawContent);
                } else if is_drawing(name) && !self_closing {
                    if let Some(content_end) = drawings.droppable_end(html, end, name) {
                        pos = content_end;
                        visit(end..pos, &Tag::RawContent);
                    }
                }
            }
            continue;
        }
        // Without a closing `>` the tag runs to the end of the page; never
        // cut one byte short of the end, which may split a character.
        let end = rest.find('>').map_or(html.len(), |e| start + e + 1);
        let tag = match after.strip_prefix('/') {
            Some(closing) if closing.starts_with(|c: char| c.is_ascii_alphabetic()) => Tag::Close,
            _ => Tag::Other,
        };
        visit(start..end, &tag);
        pos = end;
    }
}

/// Walks the attributes of a start tag, from just after its name, the way
/// the HTML tokenizer splits them; calls `attribute(name, whole)` with the
/// name and the whole `name="value"` source of each. Returns the position
/// of the tag's closing `>` and whether the tag ends in `/>`, or `None`
/// when the page ends inside the tag.
fn walk_attributes<'a>(
    source: &'a str,
    mut attribute: impl FnMut(&'a str, &'a str),
) -> Option<(usize, bool)> {
    let bytes = source.as_bytes();
    let is_space = |b: u8| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
    let mut i = 0;
    let mut after_slash = false;
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            after_slash = bytes[i] == b'/';
            i += 1;
        }
        match bytes.get(i) {
            None => return None,
            Some(b'>') => return Some((i, after_slash)),
            Some(_) => after_slash = false,
        }
        let name_start = i;
        // The first character belongs to the name even when it is `=`.
        i += 1;
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name_end = i;
        let mut value = i;
        while value < bytes.len() && is_space(bytes[value]) {
            value += 1;
        }
        if bytes.get(value) == Some(&b'=') {
            value += 1;
            while value < bytes.len() && is_space(bytes[value]) {
                value += 1;
            }
            i = match bytes.get(value) {
                Some(quote @ (b'"' | b'\'')) => {
                    value + 1 + memchr(*quote, &bytes[value + 1..])? + 1
                }
                Some(b'>') | None => value,
                Some(_) => {
                    let mut unquoted = value;
                    while unquoted < bytes.len()
                        && !is_space(bytes[unquoted])
                        && bytes[unquoted] != b'>'
                    {
                        unquoted += 1;
                    }
                    unquoted
                }
            };
        }
        // `name_start` may sit before a multi-byte character; every end
        // is at an ASCII delimiter or the end of the source.
        attribute(
            source.get(name_start..name_end).unwrap_or_default(),
            source.get(name_start..i).unwrap_or_default(),
        );
    }
}

/// Attributes that extraction (`class`, `id`, `itemprop`, `role`, hiding),
/// metadata (`<meta>`, `<link rel=canonical>`, `<time>`, `<html lang>`,
/// JSON-LD `type`, bylines) and the tree builder itself (`type` of
/// `<input>`, `color`/`face`/`size` of `<font>` and `encoding` in foreign
/// content) read; the parser never sees the rest (`data-*`, `srcset`,
/// `href` of links, `onclick`, …).
const KEPT_ATTRIBUTES: [&str; 24] = [
    "class",
    "id",
    "itemprop",
    "role",
    "hidden",
    "aria-hidden",
    "style",
    "lang",
    "xml:lang",
    "property",
    "name",
    "http-equiv",
    "content",
    "charset",
    "rel",
    "type",
    "datetime",
    "pubdate",
    "color",
    "face",
    "size",
    "encoding",
    "itemscope",
    "itemtype",
];

/// Whether the parser needs this attribute (`whole`: `name=value` as
/// written) of a `tag` element. Of link targets only in-page ones
/// (`<a href="#section">`) are kept: extraction tells a heading that
/// anchors itself from the linked headline of another article by them.
/// The `title` of `<abbr>` is the machine-readable date of hAtom
/// microformats (`<abbr class="published" title="2018-06-05T08:00">`).
fn keeps_attribute(tag: &str, name: &str, whole: &str) -> bool {
    KEPT_ATTRIBUTES
        .iter()
        .any(|kept| kept.len() == name.len() && kept.eq_ignore_ascii_case(name))
        || (tag == "link" && name.eq_ignore_ascii_case("href"))
        || (tag.eq_ignore_ascii_case("abbr") && name.eq_ignore_ascii_case("title"))
        || (tag.eq_ignore_ascii_case("a")
            && name.eq_ignore_ascii_case("href")
            && whole[name.len()..]
                .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '=' | '"' | '\''))
                .starts_with('#'))
}

/// Inline drawings: never text of the page, often many kilobytes of path
/// data per icon.
fn is_drawing(name: &str) -> bool {
    matches!(name, "svg" | "math")
}

/// HTML elements that end foreign content when they appear inside an
/// `<svg>` or `<math>` (the tree builder's breakout list): a drawing that
/// holds one is not dropped, as the browser would show that text.
fn breaks_out_of_drawing(name: &str) -> bool {
    matches!(
        name,
        "b" | "big"
            | "blockquote"
            | "body"
            | "br"
            | "center"
            | "code"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "embed"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "hr"
            | "i"
            | "img"
            | "li"
            | "listing"
            | "menu"
            | "meta"
            | "nobr"
            | "ol"
            | "p"
            | "pre"
            | "ruby"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "strike"
            | "sub"
            | "sup"
            | "table"
            | "tt"
            | "u"
            | "ul"
            | "var"
    )
}

/// Length of a drawing's content up to its end tag, when nothing in it
/// leaves the drawing before (`Err` with the end tag's position then), or
/// `None` when the page has no such end tag. An HTML start or end tag of
/// the breakout list ends a drawing early in the tree builder (`<svg><use
/// /></div>` closes the svg), and a comment may hide the end tag found, so
/// either keeps the drawing.
fn drawing_end(content: &str, name: &str) -> Option<Result<usize, usize>> {
    let end = find_ignore_case(content, &format!("</{name}"))?;
    let bytes = &content.as_bytes()[..end];
    let mut pos = 0;
    while let Some(rel) = memchr(b'<', &bytes[pos..]) {
        let mut name_start = pos + rel + 1;
        match bytes.get(name_start) {
            Some(b'!') => return Some(Err(end)),
            Some(b'/') => name_start += 1,
            _ => {}
        }
        let name_len = bytes[name_start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(bytes.len() - name_start);
        let tag = content[name_start..name_start + name_len].to_ascii_lowercase();
        if breaks_out_of_drawing(&tag) {
            return Some(Err(end));
        }
        pos = name_start;
    }
    Some(Ok(end))
}

/// Remembers what earlier drawings showed, so that no part of the page is
/// searched twice (a hostile page of a million unclosed `<svg>`s would
/// otherwise cost a million searches to its end).
#[derive(Default)]
struct DrawingChecks {
    /// Drawings starting before this position lie inside one already
    /// checked and kept.
    checked_until: usize,
    /// `svg` / `math` end tags known to be absent from the rest.
    without_end: [bool; 2],
}

impl DrawingChecks {
    /// Where the droppable content of a drawing opened at `content_start`
    /// ends, if it can be dropped.
    fn droppable_end(&mut self, html: &str, content_start: usize, name: &str) -> Option<usize> {
        let kind = usize::from(name == "math");
        if content_start < self.checked_until || self.without_end[kind] {
            return None;
        }
        match drawing_end(&html[content_start..], name) {
            None => {
                self.without_end[kind] = true;
                None
            }
            Some(Ok(end)) => Some(content_start + end),
            Some(Err(end)) => {
                self.checked_until = content_start + end;
                None
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
/// (their text kept), comments, style sheets, drawings and non-JSON script
/// bodies emptied, start tags reduced to the attributes that are read.
pub(crate) fn prepare(html: &str) -> String {
    // Pages that need no depth limit (all real ones) are scanned once.
    let (prepared, deepest) = rewrite(html, false);
    if deepest > MAX_DEPTH {
        rewrite(html, true).0
    } else {
        prepared
    }
}

/// One pass of [`prepare`], cutting tags below [`MAX_DEPTH`] when
/// `limit_depth`; also returns the deepest nesting seen.
fn rewrite(html: &str, limit_depth: bool) -> (String, usize) {
    let mut deepest = 0usize;
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
                    || !matches!(
                        name.as_ref(),
                        "script" | "style" | "noscript" | "svg" | "math"
                    );
                if opens_element(tag) {
                    depth += 1;
                    deepest = deepest.max(depth);
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
        } else if let Tag::Open {
            name,
            attributes,
            self_closing,
        } = tag
        {
            // A tag the page ends inside goes to the parser as it is.
            if !html[..range.end].ends_with('>') {
                return;
            }
            out.push_str(&html[copied_to..range.start]);
            copied_to = range.end;
            out.push('<');
            out.push_str(&html[range.start + 1..range.start + 1 + name.len()]);
            walk_attributes(attributes, |attribute, whole| {
                if keeps_attribute(name, attribute, whole) {
                    out.push(' ');
                    out.push_str(whole);
                }
            });
            out.push_str(if *self_closing { "/>" } else { ">" });
        }
    });
    out.push_str(&html[copied_to..]);
    (out, deepest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_lose_scripts_styles_comments_and_unread_attributes() {
        let page = "<html lang=de><head><style>p{}</style><script type=\"application/ld+json\">{\"a\":1}</script><link rel=canonical href=\"https://x.de/a\"></head><body><!-- x --><div class='text' data-x=\"1\"><p>Text <br/> mehr <img src=x alt=\"Bild\"></p><script>if (a<b) {}</script></div></body></html>";
        assert_eq!(
            prepare(page),
            "<html lang=de><head><style></style><script type=\"application/ld+json\">{\"a\":1}</script><link rel=canonical href=\"https://x.de/a\"></head><body><div class='text'><p>Text <br/> mehr <img></p><script></script></div></body></html>"
        );
    }

    #[test]
    fn only_in_page_link_targets_are_kept() {
        let page = r##"<h2><a href="#teil-2">Teil 2</a></h2><a HREF='#top'>Nach oben</a><a href="/x#y">Weiter</a>"##;
        assert_eq!(
            prepare(page),
            r##"<h2><a href="#teil-2">Teil 2</a></h2><a HREF='#top'>Nach oben</a><a>Weiter</a>"##
        );
    }

    #[test]
    fn quoted_greater_than_sign_does_not_end_a_tag() {
        let page = r#"<p title="a > b" class=lead>Text</p><a href="/x?a>b" id=k>Link</a>"#;
        assert_eq!(prepare(page), "<p class=lead>Text</p><a id=k>Link</a>");
    }

    #[test]
    fn drawings_are_emptied_unless_html_breaks_out_of_them() {
        let page = "<svg class=icon><path d=\"M0 0L10 10\"/><title>Pfeil</title></svg><p>Text</p>";
        assert_eq!(prepare(page), "<svg class=icon></svg><p>Text</p>");
        for kept in [
            "<svg><g><p>Sichtbar</p></g></svg>",
            "<div><svg><use/></div> Text <!-- <svg></svg> -->",
        ] {
            assert_eq!(
                prepare(kept).replace("<!-- <svg></svg> -->", ""),
                kept.replace("<!-- <svg></svg> -->", "")
            );
        }
        // Without an end tag the drawing is left to the parser.
        let unclosed = "<svg><path/><p>Text";
        assert_eq!(prepare(unclosed), unclosed);
        // Self-closing drawings hold nothing.
        let empty = "<svg/><p>Text</p></svg>";
        assert_eq!(prepare(empty), empty);
    }

    #[test]
    fn hostile_drawings_are_searched_once() {
        // Quadratic searching would take hours on these (a stray
        // `</math>` after each keeps the nesting below the depth limit).
        let unclosed = format!("{}<p>Text</p>", "<svg></math>".repeat(200_000));
        assert!(prepare(&unclosed).ends_with("<p>Text</p>"));
        let breaking_out = format!("{}<p>Text</p></svg>", "<svg></math>".repeat(200_000));
        assert!(prepare(&breaking_out).ends_with("<p>Text</p></svg>"));
    }

    #[test]
    fn tags_cut_off_by_the_end_of_the_page_are_left_alone() {
        for page in ["<p>Text</p><a href=\"x", "<p>Text</p><div class=a data-x=1"] {
            assert_eq!(prepare(page), page);
        }
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
