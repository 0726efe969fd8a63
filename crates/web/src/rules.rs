//! The extraction heuristics that are data, not code: class/id words for
//! boilerplate and for the article body, per-language boilerplate lines and
//! month names, all read from `resources/` (compiled in, parsed once).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The entries of several lexicon files (one per language) together:
/// pages mix languages, so every rule checks all of them.
fn grouped_all(sources: &[&'static str]) -> Vec<(&'static str, &'static str)> {
    sources.iter().flat_map(|source| grouped(source)).collect()
}

/// Entries grouped under `[label]` headers; `#` lines are comments.
fn grouped(source: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut label = "";
    let mut out = Vec::new();
    for line in source.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            label = name;
        } else {
            out.push((line, label));
        }
    }
    out
}

/// Class/id word lists: word → label. Single words are looked up in a
/// hash map (pages carry thousands of class attributes); the few
/// hyphenated entries are matched as word sequences.
pub(crate) struct MarkupWords {
    single: HashMap<&'static str, &'static str, BuildFnvHasher>,
    sequences: Vec<(String, &'static str)>,
    /// Length range of the single words: most words of a class list
    /// ("flex", "px-4", "js-track-click") are ruled out without hashing.
    single_lengths: std::ops::RangeInclusive<usize>,
}

/// FNV-1a: the word lists are fixed and the words short, so the standard
/// hasher's protection against chosen collisions buys nothing here and
/// costs more than the rest of the lookup.
#[derive(Default, Clone, Copy)]
struct BuildFnvHasher;

struct FnvHasher(u64);

impl std::hash::BuildHasher for BuildFnvHasher {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A class or id value lower-cased and cut into words, in the form
/// [`MarkupWords::label_in`] reads: `-word-word-`. Built once per
/// attribute value and looked up in every word list.
pub(crate) fn normalise_markup(attribute_value: &str, normalised: &mut String) {
    normalised.clear();
    normalised.push('-');
    for c in attribute_value.chars() {
        if c.is_ascii_alphanumeric() {
            normalised.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            normalised.extend(c.to_lowercase());
        } else if !normalised.ends_with('-') {
            normalised.push('-');
        }
    }
    if !normalised.ends_with('-') {
        normalised.push('-');
    }
}

impl MarkupWords {
    fn parse(source: &'static str) -> Self {
        let mut single = HashMap::with_hasher(BuildFnvHasher);
        let mut sequences = Vec::new();
        for (word, label) in grouped(source) {
            if word.contains('-') {
                sequences.push((format!("-{word}-"), label));
            } else {
                single.entry(word).or_insert(label);
            }
        }
        let lengths = single.keys().map(|w| w.len());
        let single_lengths = lengths.clone().min().unwrap_or(1)..=lengths.max().unwrap_or(0);
        MarkupWords {
            single,
            sequences,
            single_lengths,
        }
    }

    /// The label of an entry found in a class or id value, preferring a
    /// word sequence ("gallery-nav") over a single word ("nav"). The value
    /// is lower-cased and split at every non-alphanumeric character, so an
    /// entry matches whole words ("share" in "c-share-bar", not in
    /// "shared").
    #[cfg(test)]
    pub(crate) fn label_of(&self, attribute_value: &str) -> Option<&'static str> {
        let mut normalised = String::new();
        normalise_markup(attribute_value, &mut normalised);
        self.label_in(&normalised)
    }

    /// [`MarkupWords::label_of`] for a value already passed through
    /// [`normalise_markup`].
    pub(crate) fn label_in(&self, normalised: &str) -> Option<&'static str> {
        self.sequences
            .iter()
            .find(|(sequence, _)| normalised.contains(sequence.as_str()))
            .map(|(_, label)| *label)
            .or_else(|| {
                normalised
                    .split('-')
                    .filter(|word| self.single_lengths.contains(&word.len()))
                    .find_map(|word| self.single.get(word).copied())
            })
    }
}

/// Boilerplate markup words, labelled with the reason.
pub(crate) fn boilerplate_markup() -> &'static MarkupWords {
    static WORDS: OnceLock<MarkupWords> = OnceLock::new();
    WORDS.get_or_init(|| {
        MarkupWords::parse(include_str!("../resources/common/boilerplate_markup.txt"))
    })
}

/// Article-body, lead and kicker markup words.
pub(crate) fn content_markup() -> &'static MarkupWords {
    static WORDS: OnceLock<MarkupWords> = OnceLock::new();
    WORDS.get_or_init(|| MarkupWords::parse(include_str!("../resources/common/content_markup.txt")))
}

/// Longest block (in characters) that a boilerplate line may be; longer
/// blocks that merely start with "Anzeige" are real text.
const BOILERPLATE_LINE_MAX_CHARS: usize = 120;

/// Longest block that a mark ("©") makes furniture; captions run longer
/// than furniture lines.
const BOILERPLATE_MARK_MAX_CHARS: usize = 200;

/// The reason of the first `resources/common/boilerplate_marks.txt` entry
/// found anywhere in `text`.
fn boilerplate_mark_reason(text: &str) -> Option<&'static str> {
    static MARKS: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    MARKS
        .get_or_init(|| grouped(include_str!("../resources/common/boilerplate_marks.txt")))
        .iter()
        .find(|(mark, _)| text.contains(mark))
        .map(|(_, reason)| *reason)
}

/// Lines that are furniture in any markup, all languages together (pages
/// mix them, and a German page's "Newsletter" box may be in English).
pub(crate) fn boilerplate_line_reason(text: &str) -> Option<&'static str> {
    static LINES: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    let lines = LINES.get_or_init(|| {
        grouped_all(&[
            include_str!("../resources/de/boilerplate_text.txt"),
            include_str!("../resources/en/boilerplate_text.txt"),
        ])
    });
    let chars = text.chars().count();
    if chars <= BOILERPLATE_MARK_MAX_CHARS {
        if let Some(reason) = boilerplate_mark_reason(text) {
            return Some(reason);
        }
    }
    if chars > BOILERPLATE_LINE_MAX_CHARS {
        return None;
    }
    reason_of_leading_entry(text, lines)
}

/// The reason of the first entry that `text` (lower-cased, without
/// leading punctuation: "- Anzeige -", "*Werbung") starts with as whole
/// words ("teilen" matches "Teilen:" but not "Teilnehmer").
fn reason_of_leading_entry(
    text: &str,
    entries: &[(&'static str, &'static str)],
) -> Option<&'static str> {
    let lower = text
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    entries
        .iter()
        .find(|(prefix, _)| {
            lower.starts_with(prefix)
                && lower[prefix.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
        .map(|(_, reason)| *reason)
}

/// Longest line that can end the article ("Mehr zum Thema", "Related
/// stories"); longer blocks starting with the same words are text.
const ARTICLE_END_MAX_CHARS: usize = 80;

/// Headings that end the article (`resources/{de,en}/article_end.txt`),
/// all languages together like the furniture lines.
pub(crate) fn article_end_reason(text: &str) -> Option<&'static str> {
    static CUES: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    let cues = CUES.get_or_init(|| {
        grouped_all(&[
            include_str!("../resources/de/article_end.txt"),
            include_str!("../resources/en/article_end.txt"),
        ])
    });
    if text.chars().count() > ARTICLE_END_MAX_CHARS {
        return None;
    }
    let reason = reason_of_leading_entry(text, cues)?;
    // "Read more: <headline>" and "Related: <headline>" point to one other
    // article from inside the text; the article goes on after them.
    let lower = text.trim().to_lowercase();
    let points_to_one_article = cues.iter().any(|(cue, _)| {
        lower
            .strip_prefix(cue)
            .and_then(|rest| rest.trim_start().strip_prefix(':'))
            .is_some_and(|rest| !rest.trim().is_empty())
    });
    (!points_to_one_article).then_some(reason)
}

/// Longest block that an appeal phrase makes furniture; longer blocks
/// are article text that mentions a newsletter or a donation.
const PROMOTION_MAX_CHARS: usize = 600;

/// The reason of the first appeal phrase (`resources/{de,en}/promotion.txt`:
/// support, newsletter and follow-us appeals) found in a short block.
pub(crate) fn promotion_reason(text: &str) -> Option<&'static str> {
    static PHRASES: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    let phrases = PHRASES.get_or_init(|| {
        grouped_all(&[
            include_str!("../resources/de/promotion.txt"),
            include_str!("../resources/en/promotion.txt"),
        ])
    });
    if text.chars().count() > PROMOTION_MAX_CHARS {
        return None;
    }
    let lower = text.to_lowercase();
    phrases
        .iter()
        .find(|(phrase, _)| lower.contains(phrase))
        .map(|(_, reason)| *reason)
}

/// Month names of all languages (lower-case) → month number.
pub(crate) fn month_number(name: &str) -> Option<u32> {
    static MONTHS: OnceLock<HashMap<&'static str, u32>> = OnceLock::new();
    let months = MONTHS.get_or_init(|| {
        [
            include_str!("../resources/de/months.txt"),
            include_str!("../resources/en/months.txt"),
        ]
        .iter()
        .flat_map(|src| src.lines())
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (name, number) = l.split_once('\t')?;
            Some((name.trim(), number.trim().parse().ok()?))
        })
        .collect()
    });
    months
        .get(name.to_lowercase().trim_end_matches('.'))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_words_match_whole_words_only() {
        let words = boilerplate_markup();
        assert_eq!(words.label_of("c-share-bar"), Some("share"));
        assert_eq!(words.label_of("shared-content"), None);
        assert_eq!(words.label_of("commentList comments"), Some("comments"));
        assert_eq!(words.label_of("gallery-nav"), Some("gallery"));
        assert_eq!(words.label_of("article-text"), None);
        assert_eq!(
            content_markup().label_of("article-body__content"),
            Some("body")
        );
    }

    #[test]
    fn boilerplate_lines_need_a_word_boundary_and_to_be_short() {
        assert_eq!(
            boilerplate_line_reason("Lesen Sie auch: Was die Ampel plant"),
            Some("cross-promotion")
        );
        assert_eq!(boilerplate_line_reason("Anzeigenkunden zahlen mehr"), None);
        let long = format!("Anzeige {}", "lang ".repeat(40));
        assert_eq!(boilerplate_line_reason(&long), None);
    }

    #[test]
    fn months_from_both_languages() {
        assert_eq!(month_number("März"), Some(3));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("December"), Some(12));
        assert_eq!(month_number("Montag"), None);
    }
}
