//! Sentence segmentation by rules over the token stream.
//!
//! A sentence ends at `.`, `!`, `?` or an ellipsis (plus any closing quotes
//! and brackets attached to it) when the next word could open a sentence,
//! and always at a blank line. Periods are the hard part: the rules below
//! keep abbreviations, initials, ordinals and dates inside their sentence.

use crate::rules::Rules;
use crate::tokens::{is_capitalised, tokens, Token, TokenKind};
use crate::Lang;
use std::ops::Range;

/// The sentences of `text` as byte ranges, in order. Each range starts at
/// the sentence's first token and ends after its last, closing quotes and
/// brackets included; whitespace between sentences belongs to none.
///
/// Guidelines (the same ones the sentence gold follows; see
/// `testdata/README.md`): a blank line always ends a sentence; a colon never
/// does; a quoted sentence followed by its attribution („…“, sagte er.) is
/// one sentence; several sentences inside one quotation are split.
///
/// ```
/// use lagebild_text::{sentences, Lang};
/// let text = "Am 3. Oktober 1990 kam z. B. Dr. Kohl. „Wir sind da“, sagte er. Danach…";
/// let found: Vec<&str> = sentences(text, Lang::De).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(found, ["Am 3. Oktober 1990 kam z. B. Dr. Kohl.", "„Wir sind da“, sagte er.", "Danach…"]);
/// ```
pub fn sentences(text: &str, lang: Lang) -> Vec<Range<usize>> {
    let splitter = Splitter { text, tokens: tokens(text).collect(), rules: Rules::for_lang(lang) };
    splitter.split()
}

struct Splitter<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    rules: &'static Rules,
}

/// Closing quotes and brackets that belong to the sentence before them
/// when attached to it (`.“`, `!»`, `?)`).
const CLOSERS: &[&str] = &[")", "]", "}", "“", "”", "\"", "'", "«", "»", "‘", "’", "‹", "›"];

/// Opening quotes and brackets that may precede a sentence's first word.
const OPENERS: &[&str] = &["„", "“", "\"", "'", "‚", "‘", "»", "«", "›", "‹", "(", "["];

impl Splitter<'_> {
    fn split(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut first: Option<usize> = None;
        let mut i = 0;
        while i < self.tokens.len() {
            let start = *first.get_or_insert(i);
            let end = match self.sentence_end_at(i) {
                Some(end) => end,
                None if self.blank_line_after(i) || self.ends_embedded_post(i) => i,
                None => {
                    i += 1;
                    continue;
                }
            };
            out.push(self.tokens[start].range.start..self.tokens[end].range.end);
            first = None;
            i = end + 1;
        }
        if let (Some(start), Some(last)) = (first, self.tokens.last()) {
            out.push(self.tokens[start].range.start..last.range.end);
        }
        out
    }

    fn text_of(&self, i: usize) -> &str {
        &self.text[self.tokens[i].range.clone()]
    }

    /// True when tokens `i` and `i + 1` touch (no whitespace between).
    fn attached(&self, i: usize) -> bool {
        self.tokens.get(i + 1).is_some_and(|next| next.range.start == self.tokens[i].range.end)
    }

    /// True when a blank line (two line breaks) separates token `i` from
    /// the next one.
    fn blank_line_after(&self, i: usize) -> bool {
        let Some(next) = self.tokens.get(i + 1) else { return false };
        let gap = &self.text[self.tokens[i].range.end..next.range.start];
        gap.bytes().filter(|&b| b == b'\n').count() >= 2
    }

    /// Embedded social-media posts end with their link, often with no
    /// punctuation before the article goes on ("… pic.twitter.com/x Die
    /// Memes …"): a link with a path followed by a capitalised word or an
    /// @handle ends the post's sentence.
    fn ends_embedded_post(&self, i: usize) -> bool {
        let link = self.text_of(i);
        let after_scheme = link.split_once("://").map_or(link, |(_, rest)| rest);
        self.tokens[i].kind == TokenKind::Url
            && after_scheme.contains('/')
            && !self.attached(i)
            && self.tokens.get(i + 1).is_some_and(|next| {
                next.kind == TokenKind::Handle
                    || (next.kind == TokenKind::Word && is_capitalised(&self.text[next.range.clone()]))
            })
    }

    /// If token `i` ends a sentence, the index of the sentence's last token
    /// (after attached closing quotes and brackets).
    fn sentence_end_at(&self, i: usize) -> Option<usize> {
        let terminal = self.terminal_kind(i)?;
        let mut last = i;
        while self.attached(last) && CLOSERS.contains(&self.text_of(last + 1)) {
            last += 1;
        }
        if last + 1 == self.tokens.len() || self.blank_line_after(last) {
            return Some(last);
        }
        let mut next = last + 1;
        let mut opened_quote = false;
        while next < self.tokens.len() && OPENERS.contains(&self.text_of(next)) {
            opened_quote = true;
            next += 1;
        }
        let Some(next_token) = self.tokens.get(next) else { return Some(last) };
        if next_token.kind == TokenKind::Punct {
            return None;
        }
        let next_word = self.text_of(next);
        let opens_sentence = if next_word.chars().next().is_some_and(char::is_lowercase) {
            // A lower-case word continues the sentence ("„Wer?“ fragte
            // er"), unless a parenthesis opens after the full stop: then it
            // is an aside or a byline of its own ("… gebildet. (red, 2. 9.
            // 2015)"), but too weak a sign to split after an abbreviation.
            if self.text_of(last + 1) != "(" {
                return None;
            }
            false
        } else {
            opened_quote || self.rules.sentence_starters.contains(next_word)
        };
        let ends = match terminal {
            Terminal::Strong => true,
            Terminal::Ellipsis => !self.after_opening_bracket(i) && opens_sentence,
            Terminal::Period => self.period_ends_sentence(i, next, opens_sentence),
        };
        ends.then_some(last)
    }

    fn terminal_kind(&self, i: usize) -> Option<Terminal> {
        let token = &self.tokens[i];
        let text = self.text_of(i);
        match token.kind {
            TokenKind::Punct if text.contains(['!', '?']) => Some(Terminal::Strong),
            TokenKind::Punct if text == "…" || text.starts_with("..") => Some(Terminal::Ellipsis),
            TokenKind::Punct if text == "." => Some(Terminal::Period),
            TokenKind::Word if text.ends_with('.') => Some(Terminal::Period),
            _ => None,
        }
    }

    /// "[…]" and "(...)" mark an omission inside a quotation.
    fn after_opening_bracket(&self, i: usize) -> bool {
        i > 0 && self.attached(i - 1) && matches!(self.text_of(i - 1), "[" | "(")
    }

    /// Decides a period at token `i` (a lone `.` or a dotted abbreviation
    /// such as "U.S.") followed by a capitalised or numeric token at `next`.
    fn period_ends_sentence(&self, i: usize, next: usize, opens_sentence: bool) -> bool {
        let rules = self.rules;
        if self.tokens[i].kind == TokenKind::Word {
            let dotted = self.text_of(i);
            return !rules.abbreviations.contains(dotted) && opens_sentence;
        }
        if i == 0 || !self.attached(i - 1) {
            return true;
        }
        let word = i - 1;
        let with_period = &self.text[self.tokens[word].range.start..self.tokens[i].range.end];
        if rules.abbreviations.contains(with_period) {
            return false;
        }
        if rules.final_abbreviations.contains(with_period) {
            return opens_sentence;
        }
        let word_text = self.text_of(word);
        match self.tokens[word].kind {
            TokenKind::Word if is_single_letter(word_text) => {
                // Initials ("J. R. R. Tolkien") and pieces of spaced
                // abbreviations ("z. B.", "u. a.", "s. o.").
                word_text.chars().all(char::is_uppercase) && opens_sentence
            }
            TokenKind::Number => !self.is_ordinal(word, next, opens_sentence),
            _ => true,
        }
    }

    /// "3. Oktober", "am 3. Tag", "2. 9. 2015": the number before the
    /// period at `number + 1` is an ordinal or part of a date, so the
    /// period ends nothing.
    fn is_ordinal(&self, number: usize, next: usize, opens_sentence: bool) -> bool {
        let day_before = number >= 2 && self.is_spaced_date_part(number - 2);
        let year_after = self.tokens[next].kind == TokenKind::Number;
        if self.rules.months.contains(self.text_of(next))
            || self.is_spaced_date_part(next)
            || (day_before && year_after)
        {
            return true;
        }
        let digits = self.text_of(number);
        let short = digits.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit());
        short
            && !opens_sentence
            && number > 0
            && self.rules.ordinal_context.contains(self.text_of(number - 1).to_lowercase().as_str())
    }

    /// True when token `i` is a day or month number with its period, as in
    /// dates written with spaces ("2. 9. 2015").
    fn is_spaced_date_part(&self, i: usize) -> bool {
        let digits = self.text_of(i);
        self.tokens[i].kind == TokenKind::Number
            && digits.len() <= 2
            && self.attached(i)
            && self.text_of(i + 1) == "."
    }
}

/// What kind of sentence-final punctuation a token is.
#[derive(Debug, Clone, Copy)]
enum Terminal {
    /// `!`, `?` and runs with them: always final before a capital.
    Strong,
    /// `…` or `...`: may mark an omission mid-sentence.
    Ellipsis,
    /// `.`: may belong to an abbreviation, an initial or an ordinal.
    Period,
}

fn is_single_letter(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, lang: Lang) -> Vec<&str> {
        sentences(text, lang).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn plain_sentences_and_strong_punctuation() {
        assert_eq!(
            split("Er kam. Sie ging! Warum? Keiner weiß es.", Lang::De),
            ["Er kam.", "Sie ging!", "Warum?", "Keiner weiß es."]
        );
        assert_eq!(split("  Ohne Punkt am Ende  ", Lang::De), ["Ohne Punkt am Ende"]);
        assert!(sentences("", Lang::De).is_empty());
        assert!(sentences(" \n ", Lang::En).is_empty());
    }

    #[test]
    fn german_abbreviations_do_not_end_sentences() {
        let text = "Das gilt z. B. für Dr. Meier bzw. Prof. Schulz, ca. 30 Nr. 5 und u. a. Berlin. Dann ging es weiter.";
        assert_eq!(split(text, Lang::De).len(), 2);
        assert_eq!(split("Das sind z.B. Äpfel. Neu.", Lang::De), ["Das sind z.B. Äpfel.", "Neu."]);
        assert_eq!(split("Er wohnt in St. Pölten.", Lang::De), ["Er wohnt in St. Pölten."]);
    }

    #[test]
    fn sentence_final_abbreviations_need_a_sentence_opener() {
        assert_eq!(
            split("Äpfel, Birnen usw. Die Preise steigen.", Lang::De),
            ["Äpfel, Birnen usw.", "Die Preise steigen."]
        );
        assert_eq!(
            split("Es kostet 1,5 Mio. Euro. Das ist viel.", Lang::De),
            ["Es kostet 1,5 Mio. Euro.", "Das ist viel."]
        );
        assert_eq!(
            split("He lives in the U.S. The move was hard.", Lang::En),
            ["He lives in the U.S.", "The move was hard."]
        );
        assert_eq!(
            split("The U.S. Senate voted. Mr. Smith left.", Lang::En),
            ["The U.S. Senate voted.", "Mr. Smith left."]
        );
    }

    #[test]
    fn ordinals_and_dates_are_not_boundaries() {
        assert_eq!(split("Am 3. Oktober 1990 war es so. Am 12. September auch.", Lang::De).len(), 2);
        assert_eq!(
            split("Das war am 1. Mai. Und dann der 2. Weltkrieg.", Lang::De),
            ["Das war am 1. Mai.", "Und dann der 2. Weltkrieg."]
        );
        assert_eq!(split("Er kam zum 50. Mal.", Lang::De).len(), 1);
        assert_eq!(split("Er wurde 1990 geboren. 2015 starb er.", Lang::De).len(), 2);
        assert_eq!(split("Das Spiel endete 2:1. Die Fans jubelten.", Lang::De).len(), 2);
        assert_eq!(split("Er kam am 1. Die anderen später.", Lang::De).len(), 2);
    }

    #[test]
    fn dates_written_with_spaces_are_not_boundaries() {
        assert_eq!(split("Er kam am 2. 9. 2015 an. Gut.", Lang::De), ["Er kam am 2. 9. 2015 an.", "Gut."]);
    }

    #[test]
    fn a_parenthesis_after_a_full_stop_starts_a_new_sentence() {
        assert_eq!(split("Das war es. (red, 2. 9. 2015)", Lang::De), ["Das war es.", "(red, 2. 9. 2015)"]);
        assert_eq!(split("Wirklich? (ste, kub)", Lang::De), ["Wirklich?", "(ste, kub)"]);
        assert_eq!(split("Es kostet 5 Mio. (rund 4 Mio. Euro) jährlich.", Lang::De).len(), 1);
    }

    #[test]
    fn numbers_with_separators_are_not_boundaries() {
        assert_eq!(split("Rund 3.000 Menschen kamen, 1,5 Prozent mehr. Gut.", Lang::De).len(), 2);
        assert_eq!(split("It rose 2.5 percent. Fine.", Lang::En).len(), 2);
    }

    #[test]
    fn quotes_close_with_their_sentence() {
        assert_eq!(
            split("Er sagte: „Wir kommen.“ Dann ging er.", Lang::De),
            ["Er sagte: „Wir kommen.“", "Dann ging er."]
        );
        assert_eq!(split("„Wir kommen“, sagte er. Gut.", Lang::De), ["„Wir kommen“, sagte er.", "Gut."]);
        assert_eq!(
            split("„Kommt ihr?“, fragte er. „Ja!“ Sie lachten.", Lang::De),
            ["„Kommt ihr?“, fragte er.", "„Ja!“", "Sie lachten."]
        );
        assert_eq!(split("»Nie.« «Doch.» ‚Gut.‘ Ende.", Lang::De), ["»Nie.«", "«Doch.»", "‚Gut.‘", "Ende."]);
        assert_eq!(
            split("“We won,” he said. “We will win again.” Then he left.", Lang::En),
            ["“We won,” he said.", "“We will win again.”", "Then he left."]
        );
        assert_eq!(
            split("\"Why?\" she asked. \"Because.\" OK.", Lang::En),
            ["\"Why?\" she asked.", "\"Because.\"", "OK."]
        );
        assert_eq!(split("„Wir gehen. Sofort“, sagte er.", Lang::De), ["„Wir gehen.", "Sofort“, sagte er."]);
    }

    #[test]
    fn lowercase_continuation_is_not_a_boundary() {
        assert_eq!(
            split("„Wer?“ fragte er. Was nun? sagte sie.", Lang::De),
            ["„Wer?“ fragte er.", "Was nun? sagte sie."]
        );
    }

    #[test]
    fn brackets_and_dashes() {
        assert_eq!(
            split("Die Partei (CDU) gewann. (Das war klar.) Dann – wie immer – Streit.", Lang::De),
            ["Die Partei (CDU) gewann.", "(Das war klar.)", "Dann – wie immer – Streit."]
        );
        assert_eq!(split("Er sagte, er sei [...] Teil davon. Gut.", Lang::De).len(), 2);
    }

    #[test]
    fn ellipses_end_a_sentence_only_before_an_opener() {
        assert_eq!(
            split("Und dann … Merkel kam. Er wartete… Die Zeit verging.", Lang::De),
            ["Und dann … Merkel kam.", "Er wartete…", "Die Zeit verging."]
        );
    }

    #[test]
    fn initials_stay_with_the_name() {
        assert_eq!(split("J. R. R. Tolkien wrote it. George W. Bush read it.", Lang::En).len(), 2);
        assert_eq!(split("Sie wählte Plan B. Die anderen nicht.", Lang::De).len(), 2);
    }

    #[test]
    fn urls_emails_and_handles_do_not_split() {
        let text = "Mehr unter www.allinrechner.at. Oder schreiben Sie an info@gpa.at. Folgen Sie @lagebild! #News ist neu.";
        assert_eq!(
            split(text, Lang::De),
            [
                "Mehr unter www.allinrechner.at.",
                "Oder schreiben Sie an info@gpa.at.",
                "Folgen Sie @lagebild!",
                "#News ist neu."
            ]
        );
    }

    #[test]
    fn embedded_posts_end_at_their_link() {
        let text = "Toll! pic.twitter.com/abc Die Memes verbreiten sich. Infos unter www.x.de/y oder https://t.co/z @jemand";
        assert_eq!(
            split(text, Lang::De),
            [
                "Toll! pic.twitter.com/abc",
                "Die Memes verbreiten sich.",
                "Infos unter www.x.de/y oder https://t.co/z",
                "@jemand"
            ]
        );
        assert_eq!(split("Mehr auf www.example.org Informationen.", Lang::De).len(), 1);
    }

    #[test]
    fn blank_lines_always_end_sentences_single_newlines_do_not() {
        assert_eq!(
            split("Überschrift ohne Punkt\n\nText hier.\nweiter.", Lang::De),
            ["Überschrift ohne Punkt", "Text hier.\nweiter."]
        );
        assert_eq!(split("Title\r\n\r\nBody.", Lang::En), ["Title", "Body."]);
    }

    #[test]
    fn english_titles_and_months() {
        assert_eq!(
            split("Mr. and Mrs. Smith met Gov. Brown on Sept. 11. They spoke.", Lang::En),
            ["Mr. and Mrs. Smith met Gov. Brown on Sept. 11.", "They spoke."]
        );
        assert_eq!(split("It closed at 5 p.m. The next day it opened.", Lang::En).len(), 2);
    }

    #[test]
    fn byte_ranges_respect_multibyte_text() {
        let text = "Ärger über Öl. Schön!";
        let ranges = sentences(text, Lang::De);
        assert_eq!(ranges.len(), 2);
        assert!(ranges.iter().all(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end)));
    }
}
