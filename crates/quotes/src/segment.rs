//! Sentences and word tokens as the quote rules need them.
//!
//! Sentences come from the document (the text stage) when present; a small
//! fallback splitter keeps the stage usable on its own. Tokens are always
//! made here, per sentence, because the rules need punctuation (commas,
//! colons, quotation marks) as separate tokens with byte offsets and the
//! document's token layer is not guaranteed to split them so.

use lagebild_core::Document;
use std::ops::Range;

/// A word or a punctuation character, as a byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// True for words (letters or digits), false for punctuation.
    pub(crate) is_word: bool,
}

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "dr", "prof", "st", "nr", "bzw", "ca", "vgl", "z", "b", "u", "a", "d", "h", "ggf", "inkl",
    "mio", "mrd", "mr", "mrs", "ms", "jr", "sen", "rep", "gov", "gen", "lt", "col", "vs", "etc",
    "usw", "evtl", "jh", "bspw", "sog", "hl", "abs", "art", "ff", "min", "max", "no", "okt", "dez",
    "jan", "feb", "aug", "sept",
];

/// Byte ranges of the sentences of `doc`: the document's own when a
/// segmentation stage ran, else those of the fallback splitter.
pub(crate) fn sentences(doc: &Document) -> Vec<Range<usize>> {
    let text = doc.text();
    if !doc.sentences.is_empty() {
        let index = doc.index();
        return doc
            .sentences
            .iter()
            .map(|s| index.bytes(*s))
            .filter(|r| r.end > r.start)
            .collect();
    }
    let mut out = Vec::new();
    for block in blocks(text) {
        split_block(text, block, &mut out);
    }
    out
}

/// Non-empty lines of the text (zones of verbatim text are blank-line
/// separated; a single line break also ends a sentence in news text).
fn blocks(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut pos = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let start = pos;
        pos += line.len();
        let content = line.trim_end();
        let lead = content.len() - content.trim_start().len();
        (!content.trim().is_empty()).then(|| start + lead..start + content.len())
    })
}

fn split_block(text: &str, block: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[block.clone()];
    let mut start = 0;
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if matches!(c, '.' | '!' | '?') {
            let mut j = i + 1;
            while j < chars.len() && is_closing_mark(chars[j].1) {
                j += 1;
            }
            let after_ws = j < chars.len() && chars[j].1.is_whitespace();
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            let next = chars.get(k).map(|&(_, n)| n);
            let starts_new =
                next.is_some_and(|n| n.is_uppercase() || n.is_numeric() || is_opening_mark(n));
            if after_ws && starts_new && !(c == '.' && period_is_not_final(slice, pos)) {
                let end = chars.get(j).map(|&(p, _)| p).unwrap_or(slice.len());
                out.push(block.start + start..block.start + end);
                start = chars[k].0;
                i = k;
                continue;
            }
        }
        i += 1;
    }
    if start < slice.len() {
        out.push(block.start + start..block.end);
    }
}

/// True when the period at `pos` closes an abbreviation, an initial or an
/// ordinal number ("2. Dezember") rather than the sentence.
fn period_is_not_final(slice: &str, pos: usize) -> bool {
    let before = &slice[..pos];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word = &before[word_start..];
    let lower = word.to_lowercase();
    (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
        || (!word.is_empty() && word.len() <= 2 && word.chars().all(|c| c.is_ascii_digit()))
        || ABBREVIATIONS.contains(&lower.as_str())
}

fn is_closing_mark(c: char) -> bool {
    matches!(c, '“' | '”' | '"' | '«' | '»' | '‘' | '’' | ')')
}

fn is_opening_mark(c: char) -> bool {
    matches!(c, '„' | '“' | '"' | '»' | '«' | '‚' | '(')
}

/// Word and punctuation tokens of `range`. A word is a run of letters and
/// digits, joined across inner hyphens, apostrophes and periods between
/// letters or digits ("US-Regierung", "don't", "U.S", "2.5").
pub(crate) fn tokens(text: &str, range: Range<usize>) -> Vec<Token> {
    let slice = &text[range.clone()];
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < chars.len() {
                let cj = chars[j].1;
                let joins = matches!(cj, '-' | '\'' | '’' | '.' | '‐')
                    && chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric())
                    && chars[j - 1].1.is_alphanumeric();
                if cj.is_alphanumeric() || joins {
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map(|&(p, _)| p).unwrap_or(slice.len());
            out.push(Token {
                start: range.start + pos,
                end: range.start + end,
                is_word: true,
            });
            i = j;
        } else {
            out.push(Token {
                start: range.start + pos,
                end: range.start + pos + c.len_utf8(),
                is_word: false,
            });
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use lagebild_core::Metadata;

    fn words<'a>(text: &'a str, toks: &[Token]) -> Vec<&'a str> {
        toks.iter().map(|t| &text[t.start..t.end]).collect()
    }

    #[test]
    fn tokens_split_punctuation_and_keep_compounds() {
        let text = "„Der US-Regierung zufolge“, sagt er: 2.5 Mio.";
        let toks = tokens(text, 0..text.len());
        assert_eq!(
            words(text, &toks),
            vec![
                "„",
                "Der",
                "US-Regierung",
                "zufolge",
                "“",
                ",",
                "sagt",
                "er",
                ":",
                "2.5",
                "Mio",
                "."
            ]
        );
    }

    #[test]
    fn fallback_sentences_respect_abbreviations_ordinals_and_quotes() {
        let text = "Am 2. Dezember sprach Dr. Meier. „Es reicht.“ Dann ging er.\n\nNeuer Absatz.";
        let doc = Document::verbatim(Metadata::default(), text.to_string());
        let got: Vec<&str> = sentences(&doc).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            vec![
                "Am 2. Dezember sprach Dr. Meier.",
                "„Es reicht.“",
                "Dann ging er.",
                "Neuer Absatz."
            ]
        );
    }
}
