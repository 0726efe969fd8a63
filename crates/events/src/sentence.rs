//! One sentence as the rules see it: words with code-point offsets, the
//! clause each word belongs to, and the stretches inside quotation marks.

use crate::lexicon::{CueKind, Lexicon};
use lagebild_core::{Document, Span};

/// A token of the sentence.
#[derive(Debug, Clone)]
pub(crate) struct Word<'a> {
    pub(crate) text: &'a str,
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Letters or digits (not punctuation).
    pub(crate) is_word: bool,
    /// Clause id: commas, semicolons, colons and dashes end a clause, so a
    /// German verb-final subordinate clause or an apposition is read on
    /// its own; clause ids grow along the sentence except after a bracket.
    pub(crate) clause: usize,
    /// Inside quotation marks.
    pub(crate) quoted: bool,
}

impl Word<'_> {
    pub(crate) fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// The words of one sentence.
#[derive(Debug)]
pub(crate) struct Sentence<'a> {
    pub(crate) span: Span,
    pub(crate) words: Vec<Word<'a>>,
}

const CLAUSE_BREAKS: [&str; 7] = [",", ";", ":", "–", "—", "-", "…"];
const OPENING_QUOTES: [&str; 5] = ["„", "\"", "»", "“", "‚"];
const CLOSING_QUOTES: [&str; 5] = ["“", "\"", "«", "”", "‘"];

impl<'a> Sentence<'a> {
    /// Tokenises the sentence `span` of `doc`.
    pub(crate) fn new(doc: &'a Document, span: Span) -> Self {
        let index = doc.index();
        let bytes = index.bytes(span);
        let base = bytes.start;
        let text = &doc.text()[bytes];
        let mut words = Vec::new();
        let mut clause = 0;
        let mut clauses_opened = 0;
        let mut outside_brackets = Vec::new();
        let mut quoted = false;
        for token in lagebild_text::tokens(text) {
            let piece = &text[token.range.clone()];
            let is_word = lagebild_text::is_word(piece);
            // A bracket is a clause of its own, and the clause it
            // interrupts goes on after it ("hat die Gewerkschaft (GdP)
            // abgelehnt").
            if !is_word && piece == "(" {
                outside_brackets.push(clause);
                clauses_opened += 1;
                clause = clauses_opened;
            } else if !is_word && piece == ")" {
                clause = outside_brackets.pop().unwrap_or(clause);
            } else if !is_word && CLAUSE_BREAKS.contains(&piece) {
                clauses_opened += 1;
                clause = clauses_opened;
            }
            let quote_mark =
                !is_word && (OPENING_QUOTES.contains(&piece) || CLOSING_QUOTES.contains(&piece));
            if quote_mark {
                // A straight quote opens when none is open; the curly ones
                // say which side they are, except “ which opens in English
                // and closes in German: treat every mark as a toggle.
                quoted = !quoted;
            }
            words.push(Word {
                text: piece,
                start: index.char_offset(base + token.range.start),
                end: index.char_offset(base + token.range.end),
                is_word,
                clause,
                quoted: quoted && !quote_mark,
            });
        }
        Sentence { span, words }
    }

    /// Index of the next word token after `i` (skipping punctuation).
    pub(crate) fn next_word(&self, i: usize) -> Option<usize> {
        (i + 1..self.words.len()).find(|&j| self.words[j].is_word)
    }

    /// Index of the previous word token before `i`.
    pub(crate) fn previous_word(&self, i: usize) -> Option<usize> {
        (0..i).rev().find(|&j| self.words[j].is_word)
    }

    /// True when a word of `kind` lies in clause `clause`.
    pub(crate) fn clause_has(&self, lexicon: &Lexicon, kind: CueKind, clause: usize) -> bool {
        self.words
            .iter()
            .any(|w| w.clause == clause && w.is_word && lexicon.is_cue(kind, w.text))
    }

    /// True when a word of `kind` lies anywhere in the sentence.
    pub(crate) fn has(&self, lexicon: &Lexicon, kind: CueKind) -> bool {
        self.words
            .iter()
            .any(|w| w.is_word && lexicon.is_cue(kind, w.text))
    }
}

/// Sentence spans of the document: the text layer's when present, else
/// the text crate's splitter run here (so the stage works on its own).
pub(crate) fn sentence_spans(doc: &Document, lang: &str) -> Vec<Span> {
    if !doc.sentences.is_empty() {
        return doc.sentences.clone();
    }
    let lang = if lang == "en" {
        lagebild_text::Lang::En
    } else {
        lagebild_text::Lang::De
    };
    lagebild_text::sentences(doc.text(), lang)
        .into_iter()
        .map(|range| doc.span_of_bytes(range))
        .collect()
}
