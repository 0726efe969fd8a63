//! Page metadata: title, authors, date, site name, language, canonical URL,
//! description. Sources in order of trust: JSON-LD (what publishers feed to
//! search engines), OpenGraph and `<meta>`, then the visible page (`<h1>`,
//! `<time>`, bylines). A full date in the URL path beats `<time>` elements,
//! which also date comments, related articles and updates. The date comes,
//! in htmldate's order, from structured data (JSON-LD, `<meta>`, microdata
//! and microformats), then the URL, then `<time>`, then a dateline written
//! next to the headline.

use crate::dates;
use crate::extract::{element_text, fragment_paragraphs};
use crate::rules::month_number;
use scraper::{ElementRef, Html};
use serde_json::Value;
use std::sync::OnceLock;

/// JSON-LD nesting deeper than this is not looked at (hostile pages).
const JSON_LD_MAX_DEPTH: usize = 12;
/// A byline longer than this is a paragraph, not names.
const BYLINE_MAX_CHARS: usize = 120;
/// Byline elements kept for choosing: the first that names someone wins.
const BYLINE_CANDIDATES: usize = 8;
/// A lower-case single word longer than this in a machine-readable author
/// field is a user login; agencies ("dpa", "afp", "reuters") are shorter.
const AGENCY_MAX_CHARS: usize = 7;
/// More words than this is a phrase ("Die Mitglieder des …"), not a name.
const NAME_MAX_WORDS: usize = 6;
/// Text pieces read before the headline for a dateline: kicker lines and
/// date headers sit right above it; further up are menus and teasers.
const DATELINE_PIECES_BEFORE: usize = 8;
/// Text pieces read after the headline: byline, date and teaser come
/// first; the body and its event dates follow.
const DATELINE_PIECES_AFTER: usize = 30;
/// A block longer than this is prose, whose dates are events; only a date
/// opening it (a newswire dateline) counts.
const DATELINE_MAX_CHARS: usize = 80;
/// How far into a longer block its opening date may reach
/// ("10. November 2021 " with room for a weekday abbreviation).
const DATELINE_OPENING_CHARS: usize = 24;

/// What the page says about itself.
#[derive(Debug, Default)]
pub(crate) struct PageMeta {
    pub(crate) title: Option<String>,
    pub(crate) authors: Vec<String>,
    pub(crate) published: Option<String>,
    pub(crate) site_name: Option<String>,
    pub(crate) language: Option<String>,
    pub(crate) canonical: Option<String>,
    pub(crate) description: Option<String>,
}

/// Raw findings of one pass over the page, before choosing.
#[derive(Default)]
struct Findings {
    ld_headline: Option<String>,
    ld_date: Option<String>,
    ld_authors: Vec<String>,
    ld_publisher: Option<String>,
    ld_description: Option<String>,
    meta: Vec<(String, String)>,
    title_tag: Option<String>,
    first_h1: Option<String>,
    html_lang: Option<String>,
    canonical: Option<String>,
    time_dates: Vec<String>,
    /// Publication dates in microdata (`itemprop="datePublished"` on any
    /// element) and hAtom microformats (`<abbr class="published"
    /// title="…">`), in page order.
    markup_dates: Vec<String>,
    /// Texts of the first few byline elements, in page order.
    bylines: Vec<String>,
}

impl Findings {
    fn meta(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| {
            self.meta
                .iter()
                .find(|(name, v)| name == k && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
        })
    }
}

/// `<meta>` names that carry the publication date, most trusted first:
/// the article's own (OpenGraph, schema.org), then the page's.
const DATE_META: &[&str] = &[
    "article:published_time",
    "datepublished",
    "og:article:published_time",
    "date",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dcterms.date",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "article.published",
    "published_time",
];

/// The first [`DATE_META`] value that reads as a date: a later name is
/// tried when an earlier one holds something else ("heute").
fn meta_date(found: &Findings) -> Option<String> {
    DATE_META.iter().find_map(|name| {
        found
            .meta
            .iter()
            .filter(|(key, _)| key == name)
            .find_map(|(_, value)| dates::normalise(value))
    })
}

/// Collects metadata from a parsed page; `headline` is the `<h1>` found in
/// the article, `url` the address the page came from.
pub(crate) fn read(html: &Html, headline: Option<&str>, url: Option<&str>) -> PageMeta {
    let found = collect(html);
    let site_names: Vec<String> = [
        found.meta(&["og:site_name", "application-name"]),
        found.ld_publisher.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(str::to_string)
    .chain(url.or(found.canonical.as_deref()).and_then(domain_label))
    .collect();
    let title = choose_title(&found, headline, &site_names);
    let published = found
        .ld_date
        .as_deref()
        .and_then(dates::normalise)
        .or_else(|| meta_date(&found))
        .or_else(|| found.markup_dates.iter().find_map(|d| dates::normalise(d)))
        .or_else(|| found.canonical.as_deref().or(url).and_then(dates::from_url))
        .or_else(|| found.time_dates.iter().find_map(|d| dates::normalise(d)))
        .or_else(|| headline_dateline(html, headline));
    let authors = choose_authors(&found, &site_names);
    let site_name = found
        .meta(&["og:site_name", "application-name", "twitter:site"])
        .map(str::to_string)
        .or(found.ld_publisher.clone())
        .map(|s| s.trim_start_matches('@').to_string());
    let language = found
        .html_lang
        .clone()
        .or_else(|| {
            found
                .meta(&["og:locale", "content-language", "language", "dc.language"])
                .map(str::to_string)
        })
        .and_then(|l| primary_language(&l));
    let canonical = found
        .canonical
        .clone()
        .filter(|c| c.starts_with("http"))
        .or_else(|| {
            found
                .meta(&["og:url"])
                .filter(|c| c.starts_with("http"))
                .map(str::to_string)
        });
    let description = found.ld_description.clone().or_else(|| {
        found
            .meta(&["description", "og:description"])
            .map(str::to_string)
    });
    PageMeta {
        title,
        authors,
        published,
        site_name,
        language,
        canonical,
        description,
    }
}

fn collect(html: &Html) -> Findings {
    let mut found = Findings::default();
    for node in html.tree.root().descendants() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let e = el.value();
        match e.name() {
            "html" => found.html_lang = e.attr("lang").or(e.attr("xml:lang")).map(str::to_string),
            "title" if found.title_tag.is_none() => found.title_tag = Some(element_text(el)),
            "h1" if found.first_h1.is_none() => found.first_h1 = Some(element_text(el)),
            "meta" => {
                let key = e
                    .attr("property")
                    .or(e.attr("name"))
                    .or(e.attr("itemprop"))
                    .or(e.attr("http-equiv"));
                if let (Some(key), Some(content)) = (key, e.attr("content")) {
                    found.meta.push((key.to_lowercase(), content.to_string()));
                }
            }
            "link"
                if e.attr("rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                found.canonical = e.attr("href").map(str::to_string)
            }
            "script" if e.attr("type").is_some_and(|t| t.contains("ld+json")) => {
                let text: String = el.text().collect();
                if let Ok(value) = serde_json::from_str::<Value>(text.trim()) {
                    read_json_ld(&value, &mut found, 0);
                }
            }
            // A comment's <time> dates the comment.
            "time" if !inside_comments(el) => {
                let value = e
                    .attr("datetime")
                    .map(str::to_string)
                    .unwrap_or_else(|| element_text(el));
                let preferred = e
                    .attr("itemprop")
                    .is_some_and(|p| p.contains("datePublished"))
                    || e.attr("pubdate").is_some();
                if preferred {
                    found.time_dates.insert(0, value);
                } else {
                    found.time_dates.push(value);
                }
            }
            _ => {}
        }
        if let Some(date) = markup_date(el) {
            found.markup_dates.push(date);
        }
        if found.bylines.len() < BYLINE_CANDIDATES && is_byline(e) && !inside_comments(el) {
            let text = element_text(el);
            if !text.is_empty() && text.chars().count() <= BYLINE_MAX_CHARS {
                found.bylines.push(text);
            }
        }
    }
    found
}

/// The publication date an element declares in microdata or microformat
/// markup: its `content`, `datetime` or `title` attribute, else its text.
/// `<meta>` is read with the other meta tags; comments are skipped (each
/// comment has its own `published`).
fn markup_date(el: ElementRef) -> Option<String> {
    let e = el.value();
    let microdata = e
        .attr("itemprop")
        .is_some_and(|p| p.split_ascii_whitespace().any(|p| p == "datePublished"));
    let microformat = e
        .attr("class")
        .is_some_and(|c| c.split_ascii_whitespace().any(|c| c == "published"))
        && e.attr("title").is_some();
    if e.name() == "meta" || !(microdata || microformat) || inside_comments(el) {
        return None;
    }
    e.attr("content")
        .or(e.attr("datetime"))
        .or(e.attr("title"))
        .map(str::to_string)
        .or_else(|| Some(element_text(el)))
}

/// Inline elements, whose text belongs to the block around them.
const INLINE_ELEMENTS: &[&str] = &[
    "a", "abbr", "b", "bdi", "cite", "em", "font", "i", "mark", "span", "strong", "sub", "sup",
    "time", "u",
];
/// Elements whose text is never shown as page text.
const INVISIBLE_ELEMENTS: &[&str] = &[
    "script", "style", "noscript", "template", "title", "option", "textarea", "button",
];

/// The publication date written next to the headline ("02.01.2022" in a
/// header above it, "Datum: 26. Januar 2022" or "Von X | 31.10.23" below
/// it), for pages that declare none. Only the few text pieces around the
/// headline are read, so dates in the body, comments and teasers of other
/// articles further down are never taken; the headline's own words are
/// skipped ("Was am 9. November 1999 geschah") and not counted, but a
/// block inside it (`<h1>Titel<small>02.02.2022</small></h1>`) is read.
fn headline_dateline(html: &Html, headline: Option<&str>) -> Option<String> {
    let mut headings = html
        .tree
        .root()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|el| el.value().name() == "h1");
    let first = headings.next()?;
    let heading = headline
        .and_then(|h| {
            std::iter::once(first)
                .chain(headings)
                .find(|el| element_text(*el).trim() == h.trim())
        })
        .unwrap_or(first);
    let mut before = std::collections::VecDeque::with_capacity(DATELINE_PIECES_BEFORE);
    let mut after = Vec::with_capacity(DATELINE_PIECES_AFTER);
    let mut past_heading = false;
    for node in html.tree.root().descendants() {
        if node.id() == heading.id() {
            past_heading = true;
        }
        let Some(text) = node.value().as_text() else {
            continue;
        };
        let Some(parent) = node.parent().and_then(ElementRef::wrap) else {
            continue;
        };
        if text.trim().is_empty()
            || INVISIBLE_ELEMENTS.contains(&parent.value().name())
            || (past_heading && text_block(parent).is_some_and(|b| b.id() == heading.id()))
        {
            continue;
        }
        if past_heading {
            after.push((parent, text.contains(|c: char| c.is_ascii_digit())));
            if after.len() == DATELINE_PIECES_AFTER {
                break;
            }
        } else {
            if before.len() == DATELINE_PIECES_BEFORE {
                before.pop_front();
            }
            before.push_back((parent, text.contains(|c: char| c.is_ascii_digit())));
        }
    }
    // Nearest first, alternating below and above the headline.
    let mut above = before.into_iter().rev();
    let mut below = after.into_iter();
    std::iter::from_fn(|| match (below.next(), above.next()) {
        (None, None) => None,
        (next_below, next_above) => Some([next_below, next_above]),
    })
    .flatten()
    .flatten()
    .filter(|(_, has_digit)| *has_digit)
    .find_map(|(parent, _)| block_dateline(parent, heading))
}

/// The date a text piece's block states: a short block as a whole, a long
/// one only when the date opens it. The headline itself states none.
fn block_dateline(parent: ElementRef, heading: ElementRef) -> Option<String> {
    let block = text_block(parent)?;
    if block.id() == heading.id() || inside_comments(block) {
        return None;
    }
    let text = leading_text(block, DATELINE_MAX_CHARS + 1);
    if text.chars().count() <= DATELINE_MAX_CHARS {
        return dates::normalise(&text);
    }
    let opening: String = text.chars().take(DATELINE_OPENING_CHARS).collect();
    let first_word = opening.split_whitespace().next()?;
    let opens_with_date = first_word.contains(|c: char| c.is_ascii_digit())
        || month_number(first_word.trim_end_matches(',')).is_some();
    opens_with_date
        .then(|| dates::normalise(&opening))
        .flatten()
}

/// The block a text piece belongs to: the nearest element around it that
/// is not inline.
fn text_block(parent: ElementRef) -> Option<ElementRef> {
    std::iter::once(parent)
        .chain(parent.ancestors().filter_map(ElementRef::wrap))
        .find(|el| !INLINE_ELEMENTS.contains(&el.value().name()))
}

/// The first `limit` characters of an element's text, whitespace runs
/// collapsed and its text pieces apart ("Datum:" and "26. Januar 2022"
/// in separate elements): enough to tell a short block from prose without
/// reading a whole (perhaps huge) container.
fn leading_text(el: ElementRef, limit: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for c in el.text().flat_map(|piece| piece.chars().chain([' '])) {
        if count == limit {
            break;
        }
        if c.is_whitespace() {
            if out.is_empty() || out.ends_with(' ') {
                continue;
            }
            out.push(' ');
        } else {
            out.push(c);
        }
        count += 1;
    }
    out.trim_end().to_string()
}

/// Elements that hold the visible byline: `rel`/`itemprop` author, or a
/// class or id naming the author, byline or writer (attributes read in one
/// pass: this runs on every element of the page). Form fields ("Name *"
/// of a comment form) and comment authors are not bylines.
fn is_byline(e: &scraper::node::Element) -> bool {
    if matches!(
        e.name(),
        "input"
            | "label"
            | "textarea"
            | "select"
            | "option"
            | "button"
            | "form"
            | "img"
            | "meta"
            | "link"
            | "script"
            | "style"
            | "html"
            | "head"
            | "body"
    ) {
        return false;
    }
    e.attrs().any(|(name, value)| match name {
        "rel" => value
            .split_ascii_whitespace()
            .any(|v| v.eq_ignore_ascii_case("author")),
        "itemprop" => value.contains("author"),
        "class" | "id" => {
            let value = value.to_ascii_lowercase();
            (value.contains("author") || value.contains("byline") || value.contains("writer"))
                && !value.contains("comment")
                && !value.contains("avatar")
        }
        _ => false,
    })
}

/// Whether a byline candidate sits in the comment section, where every
/// commenter has an "author" element.
fn inside_comments(el: ElementRef) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| {
        a.value().attrs().any(|(name, value)| {
            matches!(name, "class" | "id") && value.to_ascii_lowercase().contains("comment")
        })
    })
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "BlogPosting",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "LiveBlogPosting",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
];

fn is_article(obj: &serde_json::Map<String, Value>) -> bool {
    match obj.get("@type") {
        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
        _ => false,
    }
}

fn read_json_ld(value: &Value, found: &mut Findings, depth: usize) {
    if depth > JSON_LD_MAX_DEPTH {
        return;
    }
    match value {
        Value::Array(items) => items.iter().for_each(|v| read_json_ld(v, found, depth + 1)),
        Value::Object(obj) => {
            if let Some(graph) = obj.get("@graph") {
                read_json_ld(graph, found, depth + 1);
            }
            if !is_article(obj) {
                return;
            }
            let text = |key: &str| {
                obj.get(key)
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            if found.ld_headline.is_none() {
                found.ld_headline = text("headline").or_else(|| text("name"));
            }
            if found.ld_date.is_none() {
                found.ld_date = text("datePublished").or_else(|| text("dateCreated"));
            }
            if found.ld_description.is_none() {
                found.ld_description = text("description");
            }
            if found.ld_authors.is_empty() {
                if let Some(author) = obj.get("author").or_else(|| obj.get("creator")) {
                    found.ld_authors = person_names(author);
                }
            }
            if found.ld_publisher.is_none() {
                found.ld_publisher = obj
                    .get("publisher")
                    .and_then(|p| p.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
        }
        _ => {}
    }
}

fn person_names(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => split_authors(s),
        Value::Array(items) => items.iter().flat_map(person_names).collect(),
        Value::Object(obj) => obj.get("name").map(person_names).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The authors: from JSON-LD, else `<meta>`, else the visible byline. A
/// source that names only the site itself (the publisher as `author`) gives
/// way to a later one that names a person, and is used when none does.
/// Machine-readable fields holding a login ("wordpressadmin",
/// "christian.stadtfeld") name no one.
fn choose_authors(found: &Findings, site: &[String]) -> Vec<String> {
    let no_login = |name: &String| {
        names_site(name, site)
            || name.contains(' ')
            || name.chars().any(char::is_uppercase)
            || (name.chars().count() <= AGENCY_MAX_CHARS && !name.contains('.'))
    };
    let declared = [
        found
            .ld_authors
            .iter()
            .flat_map(|a| split_authors(a))
            .collect(),
        found
            .meta(&[
                "author",
                "article:author",
                "dc.creator",
                "parsely-author",
                "sailthru.author",
                "shareaholic:article_author_name",
            ])
            .map(split_authors)
            .unwrap_or_default(),
    ]
    .into_iter()
    .map(|names: Vec<String>| names.into_iter().filter(no_login).collect::<Vec<_>>());
    let visible = found.bylines.iter().map(|b| split_authors(b));
    let sources: Vec<Vec<String>> = declared.chain(visible).filter(|n| !n.is_empty()).collect();
    let mut authors = sources
        .iter()
        .find(|names| names.iter().any(|n| !names_site(n, site)))
        .or(sources.first())
        .cloned()
        .unwrap_or_default();
    authors.dedup();
    authors
}

/// Byline words from `resources/common/byline_labels.txt`, lower-case.
#[derive(Default)]
struct BylineWords {
    /// Words introducing names ("von", "View all posts by"), longest first.
    labels: Vec<String>,
    /// Parts crediting someone else ("Fotos:").
    credits: Vec<String>,
    /// Degrees after a name ("PhD").
    suffixes: Vec<String>,
    /// Words between a name and a date after it ("am", "Posted on").
    before_date: Vec<String>,
    /// Lower-case words inside names ("von der").
    particles: Vec<String>,
}

fn byline_words() -> &'static BylineWords {
    static WORDS: OnceLock<BylineWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = BylineWords::default();
        let mut group = "";
        for line in include_str!("../resources/common/byline_labels.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                group = name;
                continue;
            }
            let list = match group {
                "label" => &mut words.labels,
                "credit" => &mut words.credits,
                "before_date" => &mut words.before_date,
                "particle" => &mut words.particles,
                _ => &mut words.suffixes,
            };
            list.push(line.to_lowercase());
        }
        words
            .labels
            .sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
        words
    })
}

/// `text` without a leading `prefix` (compared case-insensitively, char by
/// char so that byte offsets stay valid).
fn strip_prefix_ignoring_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let mut end = 0;
    let mut chars = text.char_indices();
    for wanted in prefix.chars() {
        let (i, c) = chars.next()?;
        if !c.to_lowercase().eq(wanted.to_lowercase()) {
            return None;
        }
        end = i + c.len_utf8();
    }
    Some(&text[end..])
}

/// The names after a byline label ("Von Anna Muster" → "Anna Muster");
/// `None` when the part starts with no label. A label must end at a word
/// boundary or run straight into a capitalised name ("AuthorAndreas").
fn after_label(part: &str) -> Option<&str> {
    byline_words().labels.iter().find_map(|label| {
        let rest = strip_prefix_ignoring_case(part, label)?;
        let boundary = label.ends_with(':')
            || rest
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || c == ':' || c.is_uppercase());
        boundary.then(|| rest.trim_start_matches([':', ' ']))
    })
}

/// Splits a byline into names. The line is cut into parts at `·`, `•`,
/// `|` and dashes (name, date, category); photo credits are dropped and a
/// part with a label ("by", "Von") is preferred. Each part is split at
/// commas, "und", "and", "&" and " / "; a name ends where a date or
/// number begins ("Luke Kemp 11 February 2020"); handles, degrees, web
/// addresses and texts with symbols are no names.
pub(crate) fn split_authors(byline: &str) -> Vec<String> {
    let words = byline_words();
    let line = byline.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut labelled = None;
    let mut plain = Vec::new();
    for part in line
        .split(['·', '•', '|'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" – "))
        .flat_map(|p| p.split(" — "))
        .map(str::trim)
    {
        if words
            .credits
            .iter()
            .any(|c| strip_prefix_ignoring_case(part, c).is_some())
        {
            continue;
        }
        match after_label(part) {
            Some(names) if labelled.is_none() && !names.is_empty() => labelled = Some(names),
            Some(_) => {}
            None => plain.push(part),
        }
    }
    let parts = labelled.map_or(plain, |names| vec![names]);
    let mut names: Vec<String> = parts
        .iter()
        .flat_map(|part| {
            before_date(part)
                .replace(" und ", ",")
                .replace(" and ", ",")
                .replace(" & ", ",")
                .replace(" / ", ",")
                .split([',', ';'])
                .filter_map(clean_name)
                .collect::<Vec<_>>()
        })
        .collect();
    names.dedup();
    names
}

/// One name as written, or `None` when the text is no name.
fn clean_name(raw: &str) -> Option<String> {
    let joined = raw
        .split_whitespace()
        .filter(|w| !w.starts_with('@'))
        .collect::<Vec<_>>()
        .join(" ");
    let name = after_label(&joined).unwrap_or(&joined);
    let name = name.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '–' | ':' | '/' | '\'' | '"')
    });
    let word_count = name.split_whitespace().count();
    let lower = name.to_lowercase();
    let words = byline_words();
    let is_name = name.chars().any(char::is_alphabetic)
        && name.chars().all(|c| {
            c.is_alphanumeric()
                || c.is_whitespace()
                || matches!(c, '.' | '\'' | '’' | '-' | '/' | '_')
        })
        && word_count <= NAME_MAX_WORDS
        && (word_count == 1
            || name.split_whitespace().all(|w| {
                w.chars().next().is_some_and(|c| !c.is_lowercase())
                    || words.particles.iter().any(|p| p == w)
            }))
        && !words
            .suffixes
            .iter()
            .any(|s| s.trim_end_matches('.') == lower.trim_end_matches('.'))
        && !(word_count == 1 && month_number(name).is_some());
    is_name.then(|| name.to_string())
}

/// A byline part up to the date after the names, without the words that
/// lead up to it.
fn before_date(part: &str) -> String {
    let (before, cut) = without_date(part);
    let before = before.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';'));
    if cut {
        without_date_words(before.split_whitespace().collect()).join(" ")
    } else {
        before.to_string()
    }
}

/// The text before a date or number that follows a name ("Luke Kemp 11
/// February 2020"), also when glued to it ("Nicole Collignon22. Februar"),
/// and whether one was cut; digits inside a word ("BR24 Redaktion")
/// belong to the name.
fn without_date(text: &str) -> (&str, bool) {
    let mut offset = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        if let Some(digit) = word.find(|c: char| c.is_ascii_digit()) {
            if digit == 0 || word.trim_end().ends_with('.') {
                return (&text[..offset + digit], true);
            }
        }
        offset += word.len();
    }
    (text, false)
}

/// Drops the words that led up to a cut date: month names, prepositions
/// and labels ("am", "Stand:", "Posted on"), weekday abbreviations, also
/// one glued to the name ("Heiko SauerDo").
fn without_date_words(mut words: Vec<&str>) -> Vec<&str> {
    let before_date = &byline_words().before_date;
    loop {
        let Some(last) = words.last().copied() else {
            return words;
        };
        let trailing = before_date.iter().find_map(|entry| {
            let entry_words: Vec<&str> = entry.split(' ').collect();
            let n = entry_words.len();
            (words.len() >= n
                && words[words.len() - n..]
                    .iter()
                    .zip(&entry_words)
                    .all(|(w, e)| w.to_lowercase() == *e))
            .then_some(n)
        });
        if let Some(n) = trailing {
            words.truncate(words.len() - n);
        } else if month_number(last).is_some() {
            words.pop();
        } else if let Some(glued) = glued_date_word(last, before_date) {
            if let Some(slot) = words.last_mut() {
                *slot = glued;
            }
            return words;
        } else {
            return words;
        }
    }
}

/// "SauerDo" → "Sauer": a date word glued to the end of a name where
/// markup separated them.
fn glued_date_word<'w>(word: &'w str, before_date: &[String]) -> Option<&'w str> {
    let mut previous_lower = false;
    let split = word.char_indices().find_map(|(i, c)| {
        let found = previous_lower && c.is_uppercase();
        previous_lower = c.is_lowercase();
        found.then_some(i)
    })?;
    let tail = word[split..].to_lowercase();
    before_date.contains(&tail).then(|| &word[..split])
}

/// Whether `text` names the site (its name, publisher or domain), as
/// titles and author fields often do.
fn names_site(text: &str, site: &[String]) -> bool {
    let text = alnum(text);
    !text.is_empty()
        && site
            .iter()
            .map(|s| alnum(s))
            .filter(|s| s.len() >= 3)
            .any(|s| s.contains(&text) || text.contains(&s))
}

/// The registrable name of a URL's host ("backen" for
/// `https://www.backen.de/…`), which sites put into their titles.
fn domain_label(url: &str) -> Option<String> {
    let host = url
        .split("://")
        .nth(1)?
        .split(['/', ':', '?', '#'])
        .next()?;
    let labels: Vec<&str> = host.split('.').collect();
    (labels.len() >= 2).then(|| labels[labels.len() - 2].to_string())
}

fn primary_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_lowercase();
    (primary.len() == 2 || primary.len() == 3)
        .then_some(primary)
        .filter(|p| p.chars().all(|c| c.is_ascii_alphabetic()))
}

/// The headline: the article's `<h1>`, else the page's first `<h1>` when
/// the declared title (JSON-LD, OpenGraph, `<title>`) contains it, else
/// the declared title without the site's name. The declared title wins
/// over the `<h1>` when it is that headline behind a topic ("Kenia: Nairobi
/// von unten" for the `<h1>` "Nairobi von unten", whose kicker markup set
/// the topic apart) or when the `<h1>` is a fragment ending or starting
/// at a colon (a kicker without its headline).
fn choose_title(found: &Findings, headline: Option<&str>, site: &[String]) -> Option<String> {
    // Declared titles are sometimes escaped twice ("R&uuml;ckbau").
    let clean = |t: &str| {
        let unescaped = if t.contains('&') {
            fragment_paragraphs(t).join(" ")
        } else {
            t.to_string()
        };
        Some(unescaped.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty())
    };
    let declared = found
        .ld_headline
        .clone()
        .or_else(|| {
            found
                .meta(&["og:title", "twitter:title", "dc.title"])
                .map(str::to_string)
        })
        .or_else(|| found.title_tag.clone())
        .and_then(|t| clean(&t))
        .map(|d| strip_site_name(&d, site));
    if let Some(h1) = headline.and_then(clean) {
        let fragment = h1.trim_matches([':', ' ']);
        let h1_alnum = alnum(fragment);
        if let Some(declared) = declared.as_deref().filter(|_| !h1_alnum.is_empty()) {
            let topic_then_headline = declared
                .split_once(": ")
                .is_some_and(|(_, rest)| alnum(rest) == h1_alnum);
            let kicker_only = h1.ends_with(':') && alnum(declared).starts_with(&h1_alnum);
            if topic_then_headline || kicker_only {
                return Some(declared.to_string());
            }
        }
        return Some(fragment.to_string()).filter(|f| !f.is_empty());
    }
    if let (Some(h1), Some(declared)) = (found.first_h1.as_deref().and_then(clean), &declared) {
        if h1.chars().count() >= 10 && alnum(declared).contains(&alnum(&h1)) {
            return Some(h1);
        }
    }
    declared.or_else(|| found.first_h1.as_deref().and_then(clean))
}

/// Lower-case letters and digits only, for comparing names across
/// punctuation ("Info'Com-CGT" ~ "infocomcgt").
fn alnum(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// "Gipfel in Berlin | Beispiel-Zeitung" → "Gipfel in Berlin": drops the
/// separator-delimited parts that name the site (its name or domain).
fn strip_site_name(title: &str, site: &[String]) -> String {
    const SEPARATORS: [&str; 8] = [" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " / "];
    for sep in SEPARATORS {
        if !title.contains(sep) {
            continue;
        }
        let parts: Vec<&str> = title.split(sep).collect();
        let kept: Vec<&str> = parts
            .iter()
            .copied()
            .filter(|p| !names_site(p, site))
            .collect();
        if !kept.is_empty() && kept.len() < parts.len() {
            return kept.join(sep).trim().to_string();
        }
    }
    title.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_beats_meta_and_url() {
        let page = r#"<html lang="de-DE"><head><title>Gipfel | Zeitung</title>
            <meta property="og:site_name" content="Beispiel-Zeitung">
            <meta name="date" content="2020-01-01">
            <link rel="canonical" href="https://x.de/2019/05/05/gipfel">
            <script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"Gipfel in Berlin",
              "datePublished":"2023-09-12T10:00:00+02:00","author":[{"@type":"Person","name":"Anna Muster"},{"name":"Ben Beispiel"}]}]}</script>
            </head><body></body></html>"#;
        let meta = read(&Html::parse_document(page), None, None);
        assert_eq!(meta.title.as_deref(), Some("Gipfel in Berlin"));
        assert_eq!(meta.published.as_deref(), Some("2023-09-12T10:00:00+02:00"));
        assert_eq!(meta.authors, vec!["Anna Muster", "Ben Beispiel"]);
        assert_eq!(meta.site_name.as_deref(), Some("Beispiel-Zeitung"));
        assert_eq!(meta.language.as_deref(), Some("de"));
        assert_eq!(
            meta.canonical.as_deref(),
            Some("https://x.de/2019/05/05/gipfel")
        );
    }

    #[test]
    fn falls_back_to_visible_page_and_url() {
        let page = r#"<html><head><title>Ein Titel – X-Seite</title><meta property="og:site_name" content="X-Seite"></head><body>
            <span class="byline">Von Anna Muster und Ben Beispiel</span></body></html>"#;
        let meta = read(
            &Html::parse_document(page),
            None,
            Some("https://x.de/2021/03/04/a.html"),
        );
        assert_eq!(meta.title.as_deref(), Some("Ein Titel"));
        assert_eq!(meta.authors, vec!["Anna Muster", "Ben Beispiel"]);
        assert_eq!(meta.published.as_deref(), Some("2021-03-04"));
    }

    #[test]
    fn broken_json_ld_is_ignored() {
        let page = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline": </script><h1>x</h1>"#;
        let meta = read(
            &Html::parse_document(page),
            Some("Sichtbare Überschrift"),
            None,
        );
        assert_eq!(meta.title.as_deref(), Some("Sichtbare Überschrift"));
    }

    #[test]
    fn bylines_give_names_without_dates_labels_or_credits() {
        let cases: [(&str, &[&str]); 14] = [
            ("8. Januar 2020 · by Aureliana · in Gefühle", &["Aureliana"]),
            ("Luke Kemp 11 February 2020", &["Luke Kemp"]),
            ("Nicole Collignon22. Februar 2020", &["Nicole Collignon"]),
            ("AuthorAndreas Kalt", &["Andreas Kalt"]),
            ("Grant Tinsley, PhD", &["Grant Tinsley"]),
            ("Por Williams Perdomo @wperdomod -", &["Williams Perdomo"]),
            ("Jörn Mecher am 3. Mai 2021", &["Jörn Mecher"]),
            ("Heiko SauerDo, 12.03.2020", &["Heiko Sauer"]),
            ("Posted on September 3, 2021", &[]),
            ("Text: Anna Muster | Fotos: Ben Beispiel", &["Anna Muster"]),
            ("Perry Bacon Jr.", &["Perry Bacon Jr."]),
            ("BR24 Redaktion", &["BR24 Redaktion"]),
            ("Alles über Lautsprecher", &[]),
            (
                "Von Ursula von der Leyen und Ben Beispiel",
                &["Ursula von der Leyen", "Ben Beispiel"],
            ),
        ];
        for (byline, names) in cases {
            assert_eq!(split_authors(byline), names, "{byline}");
        }
    }

    #[test]
    fn the_site_as_author_gives_way_to_a_person() {
        let head = r#"<html><head><meta property="og:site_name" content="Beispiel-Zeitung">
            <script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Organization","name":"Beispiel-Zeitung"}}</script>
            </head><body>"#;
        let with_byline =
            format!(r#"{head}<p class="article-author">Von Anna Muster</p></body></html>"#);
        let meta = read(&Html::parse_document(&with_byline), None, None);
        assert_eq!(meta.authors, vec!["Anna Muster"]);
        // No person anywhere: the publisher is all the page says.
        let meta = read(
            &Html::parse_document(&format!("{head}</body></html>")),
            None,
            None,
        );
        assert_eq!(meta.authors, vec!["Beispiel-Zeitung"]);
    }

    #[test]
    fn logins_and_commenters_are_no_authors() {
        let page = r#"<html><head><meta name="author" content="wordpressadmin"></head><body>
            <span class="post-author">Anna Muster</span>
            <div id="comments"><span class="author">Troll</span></div></body></html>"#;
        assert_eq!(
            read(&Html::parse_document(page), None, None).authors,
            vec!["Anna Muster"]
        );
        let agency = r#"<html><head><meta name="author" content="dpa"></head><body></body></html>"#;
        assert_eq!(
            read(&Html::parse_document(agency), None, None).authors,
            vec!["dpa"]
        );
        let comments_only = r#"<div class="comment-list"><cite class="author">Troll</cite></div>"#;
        assert!(read(&Html::parse_document(comments_only), None, None)
            .authors
            .is_empty());
    }

    #[test]
    fn declared_title_with_topic_or_after_a_kicker_fragment() {
        let page = |og: &str| {
            format!(
                r#"<html><head><meta property="og:title" content="{og}"></head><body></body></html>"#
            )
        };
        let title =
            |og: &str, h1: &str| read(&Html::parse_document(&page(og)), Some(h1), None).title;
        assert_eq!(
            title("Kenia: Nairobi von unten", "Nairobi von unten").as_deref(),
            Some("Kenia: Nairobi von unten")
        );
        assert_eq!(
            title(
                "Waffenlieferungen an Israel: Verfassungsbeschwerde eingelegt",
                "Waffenlieferungen an Israel:"
            )
            .as_deref(),
            Some("Waffenlieferungen an Israel: Verfassungsbeschwerde eingelegt")
        );
        assert_eq!(
            title("Bohren, bis es heiß wird", ": Bohren, bis es heiß wird").as_deref(),
            Some("Bohren, bis es heiß wird")
        );
        // An unrelated declared title does not replace the headline.
        assert_eq!(
            title("Startseite: Nachrichten", "Gipfel in Berlin").as_deref(),
            Some("Gipfel in Berlin")
        );
    }

    fn published(page: &str, headline: Option<&str>, url: Option<&str>) -> Option<String> {
        read(&Html::parse_document(page), headline, url).published
    }

    #[test]
    fn microdata_on_any_element_and_hatom_published() {
        let microdata = r#"<h1>Podcast</h1><div class="subline">NDR Info -
            <span itemprop="datePublished" content="2020-03-18T13:15:00.000+01:00">18.03.2020 13:15 Uhr</span></div>"#;
        assert_eq!(
            published(microdata, None, None).as_deref(),
            Some("2020-03-18T13:15:00+01:00")
        );
        let hatom = r#"<h2>Privacy Policy</h2><a class="timestamp-link" href="/p">
            <abbr class="published" title="2018-06-05T08:00:00-07:00">08:00</abbr></a>"#;
        assert_eq!(
            published(hatom, None, None).as_deref(),
            Some("2018-06-05T08:00:00-07:00")
        );
        // Comments carry their own `published`; they date no article.
        let comment =
            r#"<div class="comments"><abbr class="published" title="2019-01-01">x</abbr></div>"#;
        assert_eq!(published(comment, None, None), None);
    }

    #[test]
    fn an_unreadable_meta_date_gives_way_to_the_next_name() {
        let page = r#"<meta property="article:published_time" content="heute">
            <meta name="date" content="2022-02-04 15:33">"#;
        assert_eq!(
            published(page, None, None).as_deref(),
            Some("2022-02-04T15:33")
        );
    }

    #[test]
    fn markup_dates_come_before_the_url() {
        let page = r#"<span itemprop="datePublished">4. Februar 2022</span>"#;
        assert_eq!(
            published(page, None, Some("https://x.de/2021/01/01/a")).as_deref(),
            Some("2022-02-04")
        );
    }

    #[test]
    fn dateline_above_or_below_the_headline() {
        let above = r#"<nav><a href="/">Start</a></nav><h3 class="meta">02.01.2022</h3>
            <h1>Land zahlte Prämie</h1><p>Ein langer erster Absatz über die Jagd im Land Brandenburg,
            der am 5. März 2021 begann und viel länger als eine Datumszeile ist.</p>"#;
        assert_eq!(published(above, None, None).as_deref(), Some("2022-01-02"));
        let below = r#"<h1>Grab-Bote fliegt nach Singapur</h1>
            <div class="article-meta">Von: Björn Jahner <span>|</span> <span>31.10.23</span></div>"#;
        assert_eq!(published(below, None, None).as_deref(), Some("2023-10-31"));
        let labelled =
            r#"<h1>Telegram</h1><ul class="info"><li><span>Datum:</span>26. Januar 2022</li></ul>"#;
        assert_eq!(
            published(labelled, None, None).as_deref(),
            Some("2022-01-26")
        );
    }

    #[test]
    fn dateline_opening_a_longer_block_counts_prose_dates_do_not() {
        let opening = r#"<h1>Arbeitsmarkt</h1><p><strong>01.02.2022</strong> „Der Arbeitsmarkt
            ist gut in das Jahr gestartet“, sagte der Vorstand heute in Nürnberg vor der Presse.</p>"#;
        assert_eq!(
            published(opening, None, None).as_deref(),
            Some("2022-02-01")
        );
        let prose = r#"<h1>Album</h1><p>Am <b>4. Februar 2022</b> erscheint das neue und vierte
            Album der Sängerin, das sie in Berlin und Hamburg aufgenommen hat.</p>"#;
        assert_eq!(published(prose, None, None), None);
    }

    #[test]
    fn the_headline_and_far_away_dates_give_none() {
        let in_headline = r#"<h1>Was am 9. November 1999 geschah</h1><p>Text</p>"#;
        assert_eq!(published(in_headline, None, None), None);
        let below_in_headline = r#"<h1>Zuschauer kehren zurück<br><small>02.02.2022</small></h1>"#;
        assert_eq!(
            published(below_in_headline, None, None).as_deref(),
            Some("2022-02-02")
        );
        let filler: String = (0..40)
            .map(|i| format!("<p>Absatz {i} ohne Datum</p>"))
            .collect();
        let teaser_far_below =
            format!(r#"<h1>Artikel</h1>{filler}<div class="teaser">06. Aug 2020</div>"#);
        assert_eq!(published(&teaser_far_below, None, None), None);
    }

    #[test]
    fn the_nearest_dateline_wins_and_the_article_headline_is_used() {
        let page = r#"<h1>Logo der Seite</h1><p>28.11.2019</p><main><p class="date">21. Jan 2022</p>
            <h1>Perfekte Schnitte</h1><p>Kurz</p><p>06.08.2020</p></main>"#;
        assert_eq!(
            published(page, Some("Perfekte Schnitte"), None).as_deref(),
            Some("2022-01-21")
        );
    }

    #[test]
    fn time_elements_of_comments_date_no_article() {
        let page = r#"<h1>Tomaten schneiden</h1><div class="comment-box">
            <time datetime="2020-09-23T18:19:06+02:00">23.09.</time></div>"#;
        assert_eq!(published(page, None, None), None);
        let article_time = format!(r#"<time datetime="2020-09-20">20.09.</time>{page}"#);
        assert_eq!(
            published(&article_time, None, None).as_deref(),
            Some("2020-09-20")
        );
    }

    #[test]
    fn url_date_beats_time_elements() {
        let page = r#"<html><body><time datetime="2009-04-11">alt</time></body></html>"#;
        let meta = read(
            &Html::parse_document(page),
            None,
            Some("https://x.de/2019/10/22/artikel/"),
        );
        assert_eq!(meta.published.as_deref(), Some("2019-10-22"));
    }
}
