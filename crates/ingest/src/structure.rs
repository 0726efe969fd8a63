//! Structure recovery for scraped plain text: date marker and caption,
//! title, kicker, teaser, sub-headings, paragraphs, and boilerplate set
//! aside with its reason.
//!
//! The rules are about the *shape* of lines (length, final punctuation,
//! position, repetition), not about one site; boilerplate patterns are data
//! (see [`crate::boilerplate`]). Nothing is dropped: every line of the input
//! ends up in a field of the article or in its boilerplate.

use crate::boilerplate::BoilerplateRules;
use lagebild_core::{Article, Boilerplate, Section};
use regex::Regex;
use std::sync::OnceLock;

/// Longest line taken for a headline; longer lines are body text.
const MAX_TITLE_CHARS: usize = 200;
/// Most words in a headline.
const MAX_TITLE_WORDS: usize = 30;
/// Longest line taken for a sub-heading.
const MAX_HEADING_CHARS: usize = 120;
/// Most words in a sub-heading.
const MAX_HEADING_WORDS: usize = 15;
/// Most words in a kicker ("Fragen und Antworten", "Analyse").
const MAX_KICKER_WORDS: usize = 6;
/// Longest paragraph taken for a teaser.
const MAX_TEASER_CHARS: usize = 600;

/// Reason given to a repetition of the headline inside the text.
const REPEATED_TITLE: &str = "repeated-title";

/// Recovers the structure of `text` into `article`, whose metadata and
/// any title, kicker or teaser the input gave separately are kept.
pub fn recover_structure(text: &str, mut article: Article) -> Article {
    let rules = BoilerplateRules::shipped();
    let mut lines: Vec<&str> = text.lines().map(str::trim).collect();
    take_date_marker(&mut lines, &mut article);

    let mut blocks = Vec::new();
    let blank_separated = has_blank_line_between_content(&lines);
    let mut current: Vec<&str> = Vec::new();
    for line in lines {
        if line.is_empty() {
            flush_block(&mut current, &mut blocks);
            continue;
        }
        if let Some(reason) = rules.reason_for(line) {
            article.boilerplate.push(Boilerplate {
                text: line.to_string(),
                reason: reason.to_string(),
            });
            continue;
        }
        current.push(line);
        if !blank_separated {
            flush_block(&mut current, &mut blocks);
        }
    }
    flush_block(&mut current, &mut blocks);

    let mut blocks = blocks.into_iter().peekable();
    let title_from_text = article.title.is_none();
    if title_from_text {
        if let Some(first) = blocks.next_if(|b| is_title_like(b)) {
            article.title = Some(first);
        }
    }
    let Some(title) = article.title.clone() else {
        article.sections = sections_of(blocks.collect());
        return article;
    };
    if let Some(block) =
        blocks.next_if(|b| b.trim_end() == title || kicker_before(b, &title).is_some())
    {
        match kicker_before(&block, &title) {
            Some(kicker) if article.kicker.is_none() => article.kicker = Some(kicker.to_string()),
            Some(kicker) => push_block(&mut article.sections, kicker.to_string()),
            None => {}
        }
        article.boilerplate.push(Boilerplate {
            text: title.clone(),
            reason: REPEATED_TITLE.to_string(),
        });
    }
    let rest: Vec<String> = blocks.collect();
    let mut rest = rest.into_iter().peekable();
    if title_from_text && article.teaser.is_none() {
        let more_follow = rest.len() > 1;
        if let Some(teaser) = rest.next_if(|b| {
            more_follow && b.chars().count() <= MAX_TEASER_CHARS && !is_heading_like(b)
        }) {
            article.teaser = Some(teaser);
        }
    }
    article.sections.extend(sections_of(rest.collect()));
    article
}

/// Scraped archives mark the date on the first line (`date 2023-09`),
/// often followed by the photo caption on the same line.
fn take_date_marker(lines: &mut Vec<&str>, article: &mut Article) {
    static MARKER: OnceLock<Regex> = OnceLock::new();
    let marker = MARKER.get_or_init(|| {
        Regex::new(
            r"^date\s+(\d{4}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?)(?:\s+(.*))?$",
        )
        .expect("date marker pattern compiles")
    });
    let Some(first) = lines.iter().position(|l| !l.is_empty()) else {
        return;
    };
    let Some(found) = marker.captures(lines[first]) else {
        return;
    };
    if article.meta.published.is_none() {
        article.meta.published = found.get(1).map(|m| m.as_str().replace(' ', "T"));
    }
    if let Some(caption) = found
        .get(2)
        .map(|m| m.as_str().trim())
        .filter(|c| !c.is_empty())
    {
        article.captions.push(caption.to_string());
    }
    lines.remove(first);
}

/// True when blank lines separate blocks; otherwise every line is a block.
fn has_blank_line_between_content(lines: &[&str]) -> bool {
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..last].iter().any(|l| l.is_empty()),
        _ => false,
    }
}

fn flush_block(current: &mut Vec<&str>, blocks: &mut Vec<String>) {
    if !current.is_empty() {
        blocks.push(current.join("\n"));
        current.clear();
    }
}

/// A block that repeats the headline after a short lead-in is the kicker
/// followed by the headline, as scraped teaser boxes print them.
fn kicker_before<'a>(block: &'a str, title: &str) -> Option<&'a str> {
    let kicker = block.trim_end().strip_suffix(title)?.trim();
    let words = kicker.split_whitespace().count();
    (words > 0 && words <= MAX_KICKER_WORDS && !block.contains('\n')).then_some(kicker)
}

fn is_title_like(block: &str) -> bool {
    !block.contains('\n')
        && block.chars().count() <= MAX_TITLE_CHARS
        && block.split_whitespace().count() <= MAX_TITLE_WORDS
        && starts_like_a_heading(block)
        && !block.ends_with(['.', ',', ';', ':'])
}

/// A sub-heading: one short line, starting like a sentence, ending in a
/// question mark or without punctuation, and not two sentences.
fn is_heading_like(block: &str) -> bool {
    !block.contains('\n')
        && block.chars().count() <= MAX_HEADING_CHARS
        && block.split_whitespace().count() <= MAX_HEADING_WORDS
        && starts_like_a_heading(block)
        && !block.contains(". ")
        && block
            .chars()
            .last()
            .is_some_and(|c| c == '?' || c.is_alphanumeric())
}

fn starts_like_a_heading(block: &str) -> bool {
    block
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || "\"„»«“‚'".contains(c))
}

/// Splits blocks into sections at sub-headings; a heading-like block is a
/// heading only when a paragraph follows it.
fn sections_of(blocks: Vec<String>) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut blocks = blocks.into_iter().peekable();
    while let Some(block) = blocks.next() {
        let heads_a_paragraph = blocks.peek().is_some_and(|next| !is_heading_like(next));
        if heads_a_paragraph && is_heading_like(&block) {
            sections.push(Section {
                heading: Some(block),
                paragraphs: Vec::new(),
            });
        } else {
            push_block(&mut sections, block);
        }
    }
    sections
}

/// Appends a paragraph to the last section, opening one if needed.
fn push_block(sections: &mut Vec<Section>, paragraph: String) {
    match sections.last_mut() {
        Some(section) => section.paragraphs.push(paragraph),
        None => sections.push(Section {
            heading: None,
            paragraphs: vec![paragraph],
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recover(text: &str) -> Article {
        recover_structure(text, Article::default())
    }

    #[test]
    fn scraped_article_shape() {
        let text = "date 2024-03-05 Die Ministerin am Rednerpult\n\nStreit um die Rente\n\nAnalyse Streit um die Rente\n\nDie Koalition ringt um einen Kompromiss. Ein Überblick.\n\nErster Absatz.\n\nWas will die SPD?\n\nSie will mehr.\nUnd zwar bald.\n\nMehr zum Thema\n\nNeues lesen Sie im Politik-Liveblog.";
        let a = recover(text);
        assert_eq!(a.meta.published.as_deref(), Some("2024-03-05"));
        assert_eq!(a.captions, vec!["Die Ministerin am Rednerpult"]);
        assert_eq!(a.title.as_deref(), Some("Streit um die Rente"));
        assert_eq!(a.kicker.as_deref(), Some("Analyse"));
        assert_eq!(
            a.teaser.as_deref(),
            Some("Die Koalition ringt um einen Kompromiss. Ein Überblick.")
        );
        assert_eq!(a.sections.len(), 2);
        assert_eq!(a.sections[0].heading, None);
        assert_eq!(a.sections[0].paragraphs, vec!["Erster Absatz."]);
        assert_eq!(a.sections[1].heading.as_deref(), Some("Was will die SPD?"));
        assert_eq!(
            a.sections[1].paragraphs,
            vec!["Sie will mehr.\nUnd zwar bald."]
        );
        let reasons: Vec<&str> = a.boilerplate.iter().map(|b| b.reason.as_str()).collect();
        assert_eq!(
            reasons,
            vec!["related-articles", "cross-promotion", "repeated-title"]
        );
    }

    #[test]
    fn single_paragraph_text_stays_one_paragraph() {
        let text = "Wien – Die Regierung hat am Montag ein Paket beschlossen. Kritik kam von der Opposition.";
        let a = recover(text);
        assert_eq!(a.title, None);
        assert_eq!(a.teaser, None);
        assert_eq!(
            a.sections,
            vec![Section {
                heading: None,
                paragraphs: vec![text.to_string()]
            }]
        );
        assert!(a.boilerplate.is_empty());
    }

    #[test]
    fn given_title_is_not_repeated_and_no_teaser_is_guessed() {
        let given = Article {
            title: Some("Gipfel in Wien".into()),
            ..Default::default()
        };
        let a = recover_structure("Gipfel in Wien\nErster Satz.\nZweiter Satz.", given);
        assert_eq!(a.title.as_deref(), Some("Gipfel in Wien"));
        assert_eq!(a.teaser, None);
        assert_eq!(
            a.sections[0].paragraphs,
            vec!["Erster Satz.", "Zweiter Satz."]
        );
        assert_eq!(a.boilerplate[0].reason, REPEATED_TITLE);
    }

    #[test]
    fn heading_needs_a_paragraph_after_it() {
        let a = recover("Ein Absatz hier.\n\nNur eine Zeile am Ende");
        assert_eq!(a.sections.len(), 1);
        assert_eq!(a.sections[0].paragraphs.len(), 2);
    }
}
