//! Pairs quotation marks into the top-level quotations of a text.
//!
//! German news writes „…“ (closing with “ or, carelessly, ”), »…« or «…»
//! (Swiss), and straight "…"; English writes “…”. Single marks (‚…‘, ‘…’)
//! only nest inside a double quotation and are not tracked, because at top
//! level they are mostly apostrophes. A mark left open ends at the end of its
//! paragraph, unless the next paragraph opens with the same mark: that is
//! how a quotation running over several paragraphs is written.

use std::ops::Range;

/// How a text writes its quotations; decided once per text because “ opens
/// in English but closes in German.
struct Style {
    german_low_open: bool,
    guillemets_point_in: bool,
}

impl Style {
    fn of(text: &str) -> Style {
        let first_guillemet = text.chars().find(|c| matches!(c, '»' | '«'));
        Style {
            german_low_open: text.contains('„'),
            guillemets_point_in: first_guillemet != Some('«'),
        }
    }

    /// The closing marks that end a quotation opened by `open`, or `None`
    /// when `open` does not open one in this style.
    fn closers(&self, open: char) -> Option<&'static [char]> {
        match open {
            '„' => Some(&['“', '”', '"']),
            '“' if !self.german_low_open => Some(&['”', '"']),
            '»' if self.guillemets_point_in => Some(&['«']),
            '«' if !self.guillemets_point_in => Some(&['»']),
            '"' => Some(&['"', '“', '”']),
            _ => None,
        }
    }
}

/// Byte ranges of the top-level quotations in `text`, each including its
/// marks, in text order and never overlapping.
pub(crate) fn quotations(text: &str) -> Vec<Range<usize>> {
    let style = Style::of(text);
    let mut out = Vec::new();
    let mut open: Option<(usize, char, &'static [char])> = None;
    let mut chars = text.char_indices().peekable();
    let mut previous = ' ';
    // Where a quotation resumes after a paragraph break: that mark repeats
    // the opener and neither closes nor restarts the quotation.
    let mut resumes_at: Option<usize> = None;
    while let Some((pos, c)) = chars.next() {
        if resumes_at == Some(pos) {
            resumes_at = None;
            previous = c;
            continue;
        }
        let next = chars.peek().map(|&(_, n)| n).unwrap_or(' ');
        match open {
            None => {
                if let Some(closers) = style.closers(c) {
                    let straight_ok =
                        c != '"' || !next.is_whitespace() && !previous.is_alphanumeric();
                    if straight_ok && !next.is_whitespace() {
                        open = Some((pos, c, closers));
                    }
                }
            }
            Some((start, opener, closers)) => {
                if closers.contains(&c)
                    && !(c == '"'
                        && opener == '"'
                        && previous.is_whitespace()
                        && !next.is_whitespace())
                {
                    out.push(start..pos + c.len_utf8());
                    open = None;
                } else if c == opener && opener != '"' {
                    // A second opener of the same kind: the first was never
                    // closed; end it before this one and start afresh.
                    out.push(start..trim_end(text, pos));
                    open = Some((pos, c, closers));
                } else if c == '\n' && next_is_paragraph_break(text, pos) {
                    let resume = text[pos..]
                        .find(|ch: char| !ch.is_whitespace())
                        .map(|off| pos + off);
                    let continues = resume.is_some_and(|r| text[r..].starts_with(opener));
                    if continues {
                        resumes_at = resume;
                    } else {
                        out.push(start..trim_end(text, pos));
                        open = None;
                    }
                }
            }
        }
        previous = c;
    }
    if let Some((start, _, _)) = open {
        out.push(start..trim_end(text, text.len()));
    }
    out.retain(|r| r.end > r.start);
    out
}

/// True when the newline at `pos` begins a blank line (a paragraph break).
fn next_is_paragraph_break(text: &str, pos: usize) -> bool {
    let rest = &text[pos + 1..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    rest[..line_end].trim().is_empty()
}

/// `end` moved back over trailing whitespace.
fn trim_end(text: &str, end: usize) -> usize {
    text[..end].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        quotations(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn german_marks_pair_and_nest() {
        let text = "„Er sagte ‚nie‘“, sagt sie. Dann »doppelt« und \"gerade\".";
        assert_eq!(
            quoted(text),
            vec!["„Er sagte ‚nie‘“", "»doppelt«", "\"gerade\""]
        );
    }

    #[test]
    fn english_curly_marks_and_apostrophes() {
        let text = "“It’s over,” he said. She didn’t reply.";
        assert_eq!(quoted(text), vec!["“It’s over,”"]);
    }

    #[test]
    fn swiss_guillemets_point_out() {
        assert_eq!(quoted("Er sagte: «Nein.» Fertig."), vec!["«Nein.»"]);
    }

    #[test]
    fn unclosed_quote_ends_at_paragraph_end() {
        let text = "Er sagte: „Das geht so nicht.\n\nNeuer Absatz ohne Zitat.";
        assert_eq!(quoted(text), vec!["„Das geht so nicht."]);
    }

    #[test]
    fn quote_continues_over_paragraphs_when_reopened() {
        let text = "“First part.\n\n“Second part,” he said.";
        assert_eq!(quoted(text), vec!["“First part.\n\n“Second part,”"]);
    }

    #[test]
    fn repeated_opener_closes_the_unbalanced_one() {
        let text = "„Erstes ohne Ende und „Zweites“ hier.";
        assert_eq!(quoted(text), vec!["„Erstes ohne Ende und", "„Zweites“"]);
    }
}
