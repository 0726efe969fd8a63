//! Page metadata: title, authors, date, site name, language, canonical URL,
//! description. Sources in order of trust: JSON-LD (what publishers feed to
//! search engines), OpenGraph and `<meta>`, then the visible page (`<h1>`,
//! `<time>`, bylines), then the URL.

use crate::dates;
use crate::extract::{element_text, fragment_paragraphs};
use scraper::{ElementRef, Html};
use serde_json::Value;

/// JSON-LD nesting deeper than this is not looked at (hostile pages).
const JSON_LD_MAX_DEPTH: usize = 12;
/// A byline longer than this is a paragraph, not names.
const BYLINE_MAX_CHARS: usize = 120;

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
    byline: Vec<String>,
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
        .or_else(|| {
            found
                .meta(&[
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
                ])
                .and_then(dates::normalise)
        })
        .or_else(|| found.time_dates.iter().find_map(|d| dates::normalise(d)))
        .or_else(|| found.canonical.as_deref().or(url).and_then(dates::from_url));
    let mut authors = found.ld_authors.clone();
    if authors.is_empty() {
        if let Some(a) = found.meta(&[
            "author",
            "article:author",
            "dc.creator",
            "parsely-author",
            "sailthru.author",
        ]) {
            if !a.starts_with("http") {
                authors = split_authors(a);
            }
        }
    }
    if authors.is_empty() {
        authors = found.byline.iter().flat_map(|b| split_authors(b)).collect();
    }
    authors.dedup();
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
            "time" => {
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
        if found.byline.is_empty() && is_byline(e) {
            let text = element_text(el);
            if !text.is_empty() && text.chars().count() <= BYLINE_MAX_CHARS {
                found.byline.push(text);
            }
        }
    }
    found
}

/// Elements that hold the visible byline (attributes read in one pass:
/// this runs on every element of the page).
fn is_byline(e: &scraper::node::Element) -> bool {
    e.attrs().any(|(name, value)| match name {
        "rel" | "itemprop" => value == "author",
        "class" => {
            let value = value.to_ascii_lowercase();
            value.contains("byline")
                || value.contains("author-name")
                || value.contains("authorname")
        }
        _ => false,
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

/// Splits a byline into names: drops "Von"/"By", splits at commas, "und",
/// "and", "&" and "/".
pub(crate) fn split_authors(byline: &str) -> Vec<String> {
    let mut text = byline.trim().to_string();
    for prefix in [
        "Von ",
        "von ",
        "VON ",
        "By ",
        "by ",
        "BY ",
        "Autor: ",
        "Autorin: ",
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.to_string();
        }
    }
    text.replace(" und ", ",")
        .replace(" and ", ",")
        .replace(" & ", ",")
        .replace(" / ", ",")
        .split([',', ';', '|'])
        .map(str::trim)
        .filter(|n| !n.is_empty() && !n.starts_with("http") && n.chars().any(char::is_alphabetic))
        .map(str::to_string)
        .collect()
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
/// the declared title without the site's name.
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
    if let Some(h1) = headline.and_then(clean) {
        return Some(h1);
    }
    let declared = found
        .ld_headline
        .clone()
        .or_else(|| {
            found
                .meta(&["og:title", "twitter:title", "dc.title"])
                .map(str::to_string)
        })
        .or_else(|| found.title_tag.clone())
        .and_then(|t| clean(&t));
    if let (Some(h1), Some(declared)) = (found.first_h1.as_deref().and_then(clean), &declared) {
        if h1.chars().count() >= 10 && alnum(declared).contains(&alnum(&h1)) {
            return Some(h1);
        }
    }
    declared
        .map(|d| strip_site_name(&d, site))
        .or_else(|| found.first_h1.as_deref().and_then(clean))
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
    let names: Vec<String> = site
        .iter()
        .map(|s| alnum(s))
        .filter(|s| s.len() >= 3)
        .collect();
    let names_site = |part: &str| {
        let part = alnum(part);
        !part.is_empty()
            && names
                .iter()
                .any(|n| n.contains(&part) || part.contains(n.as_str()))
    };
    for sep in SEPARATORS {
        if !title.contains(sep) {
            continue;
        }
        let parts: Vec<&str> = title.split(sep).collect();
        let kept: Vec<&str> = parts.iter().copied().filter(|p| !names_site(p)).collect();
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
}
