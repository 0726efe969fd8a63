//! Tokenisation of news text into words, numbers, punctuation and the
//! web-specific units (URLs, e-mail addresses, hashtags, @handles) that
//! must stay whole for the later layers.

use std::ops::Range;

/// What a token is; lets later layers skip punctuation or treat URLs and
/// handles as opaque without re-scanning the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (and digits) with inner hyphens and apostrophes:
    /// "Wagner-Söldnertruppe", "don't", "geht's", "U.S.", "z.B.", "5G".
    Word,
    /// Digits with inner separators: "3.000", "1,5", "12:30".
    Number,
    /// Punctuation or symbol; runs of `.`, `!`, `?` ("...", "?!") and of
    /// hyphen-minus ("--") are one token, every other character its own.
    Punct,
    /// `http://…`, `https://…` or `www.…`, without trailing punctuation.
    Url,
    /// `name@domain.tld`.
    Email,
    /// `#word`.
    Hashtag,
    /// `@name`.
    Handle,
}

/// A token: its byte range in the text it was cut from, and its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the input text.
    pub range: Range<usize>,
    /// What the token is.
    pub kind: TokenKind,
}

/// The tokens of `text`, in order, as byte ranges with kinds. Whitespace
/// separates tokens and is never part of one.
///
/// Decisions: inner hyphens and apostrophes stay inside a word
/// ("Wagner-Söldnertruppe", "don't" — one token each, so names and
/// contractions are not torn apart); a German truncation hyphen keeps to its
/// word ("Ost- und Westdeutschland" gives "Ost-"); a sentence period is
/// always its own token, except inside dotted abbreviations written without
/// spaces ("U.S.", "z.B.", "a.m."), which keep their final period. The
/// iterator allocates nothing.
///
/// ```
/// let text = "Dr. Müller (CDU) sagte: „3.000 Euro!“ Mehr auf www.example.org.";
/// let words: Vec<&str> = lagebild_text::tokens(text).map(|t| &text[t.range]).collect();
/// assert_eq!(
///     words,
///     ["Dr", ".", "Müller", "(", "CDU", ")", "sagte", ":", "„", "3.000", "Euro", "!", "“",
///      "Mehr", "auf", "www.example.org", "."]
/// );
/// ```
pub fn tokens(text: &str) -> Tokens<'_> {
    Tokens { text, pos: 0 }
}

/// Iterator returned by [`tokens`].
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let rest = &self.text[self.pos..];
        let skipped = rest.len() - rest.trim_start().len();
        let start = self.pos + skipped;
        if start >= self.text.len() {
            self.pos = self.text.len();
            return None;
        }
        let (len, kind) = scan_token(&self.text[start..]);
        self.pos = start + len;
        Some(Token { range: start..start + len, kind })
    }
}

/// True for a token that contains a letter or digit (words, numbers,
/// hashtags, handles, URLs, e-mail addresses), i.e. anything but
/// punctuation.
pub fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// True when the token starts with an upper-case letter (after any
/// leading `#` or `@`); German nouns and names in both languages.
pub fn is_capitalised(token: &str) -> bool {
    token.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_uppercase)
}

/// Length in bytes and kind of the token at the start of `s` (which does
/// not start with whitespace and is not empty).
fn scan_token(s: &str) -> (usize, TokenKind) {
    if let Some(len) = url_len(s) {
        return (len, TokenKind::Url);
    }
    let mut chars = s.chars();
    let first = chars.next().unwrap_or(' ');
    let second = chars.next();
    if first == '@' || first == '#' {
        if second.is_some_and(is_name_char) {
            let len = 1 + s[1..].find(|c: char| !is_name_char(c)).unwrap_or(s.len() - 1);
            let kind = if first == '@' { TokenKind::Handle } else { TokenKind::Hashtag };
            return (len, kind);
        }
    }
    if first.is_alphanumeric() {
        if let Some(len) = email_len(s) {
            return (len, TokenKind::Email);
        }
        if let Some(len) = dotted_abbreviation_len(s) {
            return (len, TokenKind::Word);
        }
        return word_or_number(s);
    }
    if matches!(first, '.' | '!' | '?') {
        let len = s.find(|c: char| !matches!(c, '.' | '!' | '?')).unwrap_or(s.len());
        return (len, TokenKind::Punct);
    }
    if first == '-' {
        let len = s.find(|c: char| c != '-').unwrap_or(s.len());
        return (len, TokenKind::Punct);
    }
    (first.len_utf8(), TokenKind::Punct)
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Characters that join two alphanumeric runs into one word: hyphens
/// (incl. soft and non-breaking) and apostrophes.
fn is_word_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{00AD}' | '\u{2011}' | '\'' | '’')
}

/// Characters that join two digit runs into one number.
fn is_number_joiner(c: char) -> bool {
    matches!(c, '.' | ',' | ':')
}

/// A word or number: alphanumeric runs joined by hyphens/apostrophes
/// (between alphanumerics), by `.`/`,`/`:` (between digits) or by the
/// periods of a dotted abbreviation after a hyphen ("D-N.C.", kept with its
/// final period), plus a truncation hyphen ("Ost- und").
fn word_or_number(s: &str) -> (usize, TokenKind) {
    let mut end = 0;
    let mut prev: Option<char> = None;
    let mut all_numeric = true;
    let mut run_letters = 0;
    let mut in_dotted = false;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_alphanumeric() {
            all_numeric &= c.is_numeric();
            run_letters = if c.is_alphabetic() { run_letters + 1 } else { usize::MAX / 2 };
            end = i + c.len_utf8();
            prev = Some(c);
            continue;
        }
        let next = iter.peek().map(|&(_, n)| n);
        let short_group = prev.is_some_and(char::is_alphabetic) && (1..=2).contains(&run_letters);
        if c == '.' && short_group && in_dotted && !next.is_some_and(char::is_alphanumeric) {
            end = i + 1;
            break;
        }
        let joins_dotted = c == '.' && short_group && starts_dotted_group(&s[i + 1..]);
        let joins_word = is_word_joiner(c) && next.is_some_and(char::is_alphanumeric);
        let joins_number = is_number_joiner(c)
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit());
        if joins_word || joins_number || joins_dotted {
            in_dotted |= joins_dotted;
            run_letters = 0;
            prev = Some(c);
            continue;
        }
        if c == '-' && is_truncation_hyphen(&s[i + 1..]) {
            end = i + 1;
            all_numeric = false;
        }
        break;
    }
    (end, if all_numeric { TokenKind::Number } else { TokenKind::Word })
}

/// True when `rest` starts with one or two letters and a period, the next
/// group of a dotted abbreviation ("C." in "N.C.").
fn starts_dotted_group(rest: &str) -> bool {
    let letters = rest.chars().take_while(|c| c.is_alphabetic()).count();
    (1..=2).contains(&letters) && rest.chars().nth(letters) == Some('.')
}

/// "Ost- und West…", "Ein- oder Ausfuhr", "Landes-, Bundes-": after the
/// hyphen come spaces and then a lower-case conjunction, or a comma.
fn is_truncation_hyphen(after: &str) -> bool {
    if after.starts_with(',') {
        return true;
    }
    let trimmed = after.trim_start_matches([' ', '\u{00A0}']);
    if trimmed.len() == after.len() {
        return false;
    }
    ["und ", "oder ", "bis ", "bzw. ", "sowie ", "and ", "or ", "to "]
        .iter()
        .any(|conj| trimmed.starts_with(conj))
}

/// "U.S.", "z.B.", "d.h.", "e.V.", "a.m.", "Ph.D.": at least two groups of
/// one or two letters, each followed by a period.
fn dotted_abbreviation_len(s: &str) -> Option<usize> {
    let mut groups = 0;
    let mut letters = 0;
    for (i, c) in s.char_indices() {
        if c.is_alphabetic() {
            letters += 1;
            if letters > 2 {
                return None;
            }
        } else if c == '.' && letters > 0 {
            groups += 1;
            letters = 0;
            let next = s[i + 1..].chars().next();
            if !next.is_some_and(char::is_alphabetic) {
                return (groups >= 2).then_some(i + 1);
            }
        } else {
            return None;
        }
    }
    None
}

/// A URL at the start of `s`: it runs to the next whitespace, less
/// trailing punctuation and unbalanced closing brackets or quotes.
fn url_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let starts_with = |p: &str| bytes.len() >= p.len() && bytes[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let prefix_len = match ["https://", "http://", "www."].iter().find(|p| starts_with(p)) {
        Some(prefix) => prefix.len(),
        None => bare_domain_len(s)?,
    };
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    let mut url = &s[..end];
    loop {
        let trimmed = url
            .trim_end_matches(['.', ',', ';', ':', '!', '?', '"', '\'', '“', '”', '„', '«', '»', '‘', '’']);
        let trimmed = strip_unbalanced_closer(trimmed);
        if trimmed.len() == url.len() {
            break;
        }
        url = trimmed;
    }
    (url.len() > prefix_len).then_some(url.len())
}

/// "pic.twitter.com/…", "t.co/…": a domain without scheme counts as a URL
/// only when a path follows it; returns the length up to and including the
/// slash. "Wien/Mariazell" and "2015/16" have no dotted domain.
fn bare_domain_len(s: &str) -> Option<usize> {
    let chunk = &s[..s.find(char::is_whitespace).unwrap_or(s.len())];
    let slash = chunk.find('/')?;
    let domain = &chunk[..slash];
    let is_domain_char = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '-';
    let (_, tld) = domain.rsplit_once('.')?;
    let plausible = domain.chars().all(is_domain_char)
        && domain.starts_with(|c: char| c.is_ascii_alphanumeric())
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic());
    plausible.then_some(slash + 1)
}

/// Drops a final `)` or `]` that has no opening partner inside the URL
/// ("(siehe www.a.de)" vs "wiki/Foo_(Band)").
fn strip_unbalanced_closer(url: &str) -> &str {
    for (open, close) in [('(', ')'), ('[', ']')] {
        if url.ends_with(close) && url.matches(open).count() < url.matches(close).count() {
            return &url[..url.len() - 1];
        }
    }
    url
}

/// An e-mail address at the start of `s`: local part, `@`, a domain with
/// at least one dot and a letter-only top-level part.
fn email_len(s: &str) -> Option<usize> {
    let is_local = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let at = s.find(|c: char| !is_local(c))?;
    if at == 0 || !s[at..].starts_with('@') {
        return None;
    }
    let domain_start = at + 1;
    let domain_len = s[domain_start..]
        .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or(s.len() - domain_start);
    let domain = s[domain_start..domain_start + domain_len].trim_end_matches(['.', '-']);
    let (_, tld) = domain.rsplit_once('.')?;
    (tld.len() >= 2 && tld.chars().all(char::is_alphabetic)).then_some(domain_start + domain.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<&str> {
        tokens(text).map(|t| &text[t.range]).collect()
    }

    fn kinds(text: &str) -> Vec<TokenKind> {
        tokens(text).map(|t| t.kind).collect()
    }

    #[test]
    fn hyphenated_words_and_contractions_stay_whole() {
        assert_eq!(
            cut("Die Wagner-Söldnertruppe don't geht's"),
            ["Die", "Wagner-Söldnertruppe", "don't", "geht's"]
        );
        assert_eq!(cut("Clinton’s team"), ["Clinton’s", "team"]);
        assert_eq!(cut("‚Wort‘ und 'so'"), ["‚", "Wort", "‘", "und", "'", "so", "'"]);
    }

    #[test]
    fn truncation_hyphen_keeps_to_its_word() {
        assert_eq!(cut("Ost- und Westdeutschland"), ["Ost-", "und", "Westdeutschland"]);
        assert_eq!(
            cut("Landes-, Bundes- oder Kommunalebene"),
            ["Landes-", ",", "Bundes-", "oder", "Kommunalebene"]
        );
        assert_eq!(cut("Wien - Die"), ["Wien", "-", "Die"]);
    }

    #[test]
    fn numbers_keep_separators_and_sentence_periods_split() {
        assert_eq!(
            cut("3.000 Euro, 1,5 Mio. um 12:30."),
            ["3.000", "Euro", ",", "1,5", "Mio", ".", "um", "12:30", "."]
        );
        assert_eq!(kinds("3.000 5G"), [TokenKind::Number, TokenKind::Word]);
        assert_eq!(cut("am 3. Oktober 1990."), ["am", "3", ".", "Oktober", "1990", "."]);
    }

    #[test]
    fn dotted_abbreviations_keep_their_periods() {
        assert_eq!(cut("in the U.S. and z.B. so"), ["in", "the", "U.S.", "and", "z.B.", "so"]);
        assert_eq!(cut("at 9 a.m."), ["at", "9", "a.m."]);
        assert_eq!(cut("Ende.Neu"), ["Ende", ".", "Neu"]);
        assert_eq!(
            cut("Rep. Moore (D-N.C.) und am.Montag"),
            ["Rep", ".", "Moore", "(", "D-N.C.", ")", "und", "am", ".", "Montag"]
        );
        assert_eq!(cut("(D-Wis.)"), ["(", "D-Wis", ".", ")"]);
    }

    #[test]
    fn urls_emails_hashtags_handles_are_single_tokens() {
        let text = "Siehe (https://de.wikipedia.org/wiki/Foo_(Band)), mail an info@gpa-djp.at. #Wahl2016 @BarackObama!";
        assert_eq!(
            cut(text),
            [
                "Siehe",
                "(",
                "https://de.wikipedia.org/wiki/Foo_(Band)",
                ")",
                ",",
                "mail",
                "an",
                "info@gpa-djp.at",
                ".",
                "#Wahl2016",
                "@BarackObama",
                "!"
            ]
        );
        assert_eq!(
            kinds("www.allinrechner.at a@b.de #x @y"),
            [TokenKind::Url, TokenKind::Email, TokenKind::Hashtag, TokenKind::Handle]
        );
        assert_eq!(cut("www. und @ #"), ["www", ".", "und", "@", "#"]);
        assert_eq!(kinds("pic.twitter.com/C9U7a4uKDd t.co/x"), [TokenKind::Url, TokenKind::Url]);
        assert_eq!(
            cut("Wien/Mariazell 2015/16 u.a./z.B."),
            ["Wien", "/", "Mariazell", "2015", "/", "16", "u.a.", "/", "z.B."]
        );
    }

    #[test]
    fn punctuation_runs_and_quotes() {
        assert_eq!(
            cut("Was?! Nein... „Ja“ »gut« (so) – ok…"),
            ["Was", "?!", "Nein", "...", "„", "Ja", "“", "»", "gut", "«", "(", "so", ")", "–", "ok", "…"]
        );
    }

    #[test]
    fn ranges_are_byte_offsets_and_whitespace_is_skipped() {
        let text = "  Ä\u{00A0}ß\n";
        let ranges: Vec<_> = tokens(text).map(|t| t.range).collect();
        assert_eq!(ranges, [2..4, 6..8]);
        assert_eq!(tokens("").count(), 0);
        assert_eq!(tokens(" \n\t").count(), 0);
    }

    #[test]
    fn token_class_helpers() {
        assert!(is_word("Müller") && is_word("3.000") && is_word("#x"));
        assert!(!is_word("„") && !is_word("..."));
        assert!(is_capitalised("Äpfel") && is_capitalised("@Merkel"));
        assert!(!is_capitalised("iPhone") && !is_capitalised("3"));
    }
}
