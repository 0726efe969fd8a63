//! RSS and Atom (and JSON Feed) files: one article per item, with the
//! item's HTML content or summary turned into paragraphs.

use crate::extract::fragment_paragraphs;
use crate::WebError;
use lagebild_core::{Article, Metadata, Section};

/// Articles of a feed document.
pub(crate) fn read(xml: &[u8]) -> Result<Vec<Article>, WebError> {
    let feed = feed_rs::parser::parse(xml).map_err(|e| WebError::Feed(e.to_string()))?;
    let feed_title = feed.title.as_ref().map(|t| plain(&t.content));
    let feed_language = feed.language.clone();
    let articles = feed
        .entries
        .into_iter()
        .map(|entry| {
            let url = entry.links.first().map(|l| l.href.clone());
            let id = if entry.id.is_empty() {
                url.clone().unwrap_or_default()
            } else {
                entry.id.clone()
            };
            let content = entry
                .content
                .as_ref()
                .and_then(|c| c.body.as_deref())
                .map(fragment_paragraphs);
            let summary = entry
                .summary
                .as_ref()
                .map(|s| fragment_paragraphs(&s.content));
            // Full content when the feed carries it (then the summary is the
            // teaser); otherwise the summary is all the text there is.
            let (teaser, paragraphs) = match (content, summary) {
                (Some(body), summary) if !body.is_empty() => (summary.map(|s| s.join(" ")), body),
                (_, Some(summary)) => (None, summary),
                _ => (None, Vec::new()),
            };
            let teaser = teaser.filter(|t| {
                !paragraphs
                    .first()
                    .is_some_and(|p| p.starts_with(t.as_str()))
            });
            Article {
                meta: Metadata {
                    id,
                    url,
                    language: entry.language.clone().or(feed_language.clone()),
                    published: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
                    authors: entry
                        .authors
                        .iter()
                        .filter_map(|a| a.name.as_deref().map(str::trim))
                        .filter(|n| !n.is_empty())
                        .map(str::to_string)
                        .collect(),
                    source: feed_title.clone(),
                    extra: Default::default(),
                },
                title: entry.title.as_ref().map(|t| plain(&t.content)),
                teaser,
                sections: if paragraphs.is_empty() {
                    Vec::new()
                } else {
                    vec![Section {
                        heading: None,
                        paragraphs,
                    }]
                },
                ..Default::default()
            }
        })
        .collect();
    Ok(articles)
}

/// A feed title may itself hold HTML entities or tags.
fn plain(text: &str) -> String {
    fragment_paragraphs(text).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{FIXTURES}/{name}")).unwrap_or_default()
    }

    #[test]
    fn rss_items_become_articles() {
        let articles = read(&fixture("tagesnachrichten.rss")).map_err(|e| e.to_string());
        let articles = articles.as_deref().unwrap_or_default();
        assert_eq!(articles.len(), 3);
        let first = &articles[0];
        assert_eq!(
            first.title.as_deref(),
            Some("Bundestag beschließt Haushalt für 2024")
        );
        assert_eq!(
            first.meta.url.as_deref(),
            Some("https://nachrichten.example.de/politik/haushalt-2024")
        );
        assert_eq!(
            first.meta.published.as_deref(),
            Some("2023-09-12T08:30:00+00:00")
        );
        assert_eq!(first.meta.authors, vec!["Anna Muster"]);
        assert_eq!(first.meta.source.as_deref(), Some("Beispiel-Nachrichten"));
        assert_eq!(
            first.sections[0].paragraphs.len(),
            2,
            "{:?}",
            first.sections
        );
        assert!(first.sections[0].paragraphs[1].contains("Opposition"));
    }

    #[test]
    fn atom_entries_become_articles() {
        let articles = read(&fixture("wissenschaft.atom")).map_err(|e| e.to_string());
        let articles = articles.as_deref().unwrap_or_default();
        assert_eq!(articles.len(), 2);
        assert_eq!(
            articles[1].meta.url.as_deref(),
            Some("https://wissen.example.org/2023/10/mondmission")
        );
        assert_eq!(
            articles[1].teaser.as_deref(),
            Some("Die Raumsonde ist gestartet.")
        );
        assert!(articles[1].sections[0]
            .paragraphs
            .iter()
            .any(|p| p.contains("Trägerrakete")));
    }

    #[test]
    fn not_a_feed_is_a_clear_error() {
        let error = read(b"<html><body>no feed</body></html>")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("feed"), "{error}");
    }
}
