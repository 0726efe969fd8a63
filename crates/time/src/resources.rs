//! Reading the rule resources (`resources/<lang>/*.txt`): named pattern
//! groups with their normalisation values, shared by the time rules and the
//! amount rules. The format is documented in `resources/README.md`.

use regex::{Regex, RegexBuilder};
use std::collections::HashMap;

/// Why a resource file could not be compiled. Resources are embedded in the
/// binary, so this only fires when someone edits a file badly; the message
/// names the file and line to fix.
#[derive(Debug, thiserror::Error)]
pub enum ResourceError {
    /// A line that does not follow the format.
    #[error("{file}:{line}: {message}")]
    Syntax {
        /// Resource file name.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl ResourceError {
    pub(crate) fn syntax(file: &str, line: usize, message: impl Into<String>) -> Self {
        ResourceError::Syntax {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

/// One alternative of a pattern group: a regex and the value it normalises
/// to (`$1` refers to the entry's own capture groups).
struct Entry {
    source: String,
    anchored: Regex,
    value: String,
}

/// A named list of alternatives (`@month`: `Januar|Jänner = 01`, …).
pub(crate) struct PatternGroup {
    entries: Vec<Entry>,
    alternation: String,
}

impl PatternGroup {
    /// The normalised value of a text this group matched: the first entry
    /// that matches the whole text decides.
    pub(crate) fn normalize(&self, text: &str) -> Option<String> {
        let text = collapse_spaces(text);
        self.entries.iter().find_map(|e| {
            let caps = e.anchored.captures(&text)?;
            let mut out = String::new();
            caps.expand(&e.value, &mut out);
            Some(out)
        })
    }
}

/// All pattern groups of one language, by name.
#[derive(Default)]
pub(crate) struct PatternGroups {
    groups: HashMap<String, PatternGroup>,
}

impl PatternGroups {
    /// Parses a patterns file: `@name` starts a group; each following line
    /// is `regex = value`; `#` starts a comment line.
    pub(crate) fn parse(file: &str, text: &str) -> Result<Self, ResourceError> {
        let mut raw: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('@') {
                raw.push((name.trim().to_string(), Vec::new()));
                continue;
            }
            let Some((_, entries)) = raw.last_mut() else {
                return Err(ResourceError::syntax(
                    file,
                    i + 1,
                    "entry before the first @group",
                ));
            };
            let Some((pattern, value)) = line.rsplit_once(" = ") else {
                return Err(ResourceError::syntax(
                    file,
                    i + 1,
                    "expected `pattern = value`",
                ));
            };
            for alternative in top_level_alternatives(pattern.trim()) {
                entries.push((alternative.to_string(), value.trim().to_string()));
            }
        }
        let mut groups = HashMap::new();
        for (name, mut entries) in raw {
            // Longest alternative first: the regex takes the first
            // alternative that matches, so "Jahren" must come before "Jahr"
            // (else "Jahr" matches inside "Jahren" and the rule fails).
            entries.sort_by_key(|(p, _)| std::cmp::Reverse(literal_length(p)));
            let mut compiled = Vec::with_capacity(entries.len());
            for (source, value) in entries {
                let anchored = compile(&format!("^(?:{})$", spaces_to_regex(&source)))
                    .map_err(|e| ResourceError::syntax(file, 0, format!("@{name}: {e}")))?;
                compiled.push(Entry {
                    source,
                    anchored,
                    value,
                });
            }
            let alternation = compiled
                .iter()
                .map(|e| format!("(?:{})", spaces_to_regex(&e.source)))
                .collect::<Vec<_>>()
                .join("|");
            groups.insert(
                name,
                PatternGroup {
                    entries: compiled,
                    alternation,
                },
            );
        }
        Ok(PatternGroups { groups })
    }

    /// A group by name.
    pub(crate) fn get(&self, name: &str) -> Option<&PatternGroup> {
        self.groups.get(name)
    }

    /// Expands a rule pattern: `{name}` becomes a named capture of the
    /// group's alternation (`name`, then `name_2`, … for repeats), `[[…]]`
    /// marks the part that is the expression's extent (capture `x`), a
    /// space matches any run of whitespace and ` ?` an optional one. Returns the regex source and
    /// the capture names with the group each stands for.
    pub(crate) fn expand_rule(
        &self,
        pattern: &str,
    ) -> Result<(String, Vec<(String, String)>), String> {
        let mut out = String::with_capacity(pattern.len() * 4);
        let mut captures: Vec<(String, String)> = Vec::new();
        let mut rest = pattern;
        while let Some(c) = rest.chars().next() {
            if let Some(after) = rest.strip_prefix("[[") {
                out.push_str("(?P<x>");
                rest = after;
            } else if let Some(after) = rest.strip_prefix("]]") {
                out.push(')');
                rest = after;
            } else if c == '\\' {
                let escaped: String = rest.chars().take(2).collect();
                out.push_str(&escaped);
                rest = &rest[escaped.len()..];
            } else if c == '{' && rest[1..].starts_with(|n: char| n.is_ascii_alphabetic()) {
                let Some(close) = rest.find('}') else {
                    return Err("unclosed `{`".into());
                };
                let name = &rest[1..close];
                let group = self
                    .get(name)
                    .ok_or_else(|| format!("unknown pattern group `{name}`"))?;
                let repeats = captures.iter().filter(|(_, g)| g == name).count();
                let capture = if repeats == 0 {
                    name.to_string()
                } else {
                    format!("{name}_{}", repeats + 1)
                };
                out.push_str(&format!("(?P<{capture}>{})", group.alternation));
                captures.push((capture, name.to_string()));
                rest = &rest[close + 1..];
            } else if let Some(after) = rest.strip_prefix(" ?") {
                out.push_str(r"\s*");
                rest = after;
            } else if c == ' ' {
                out.push_str(r"\s+");
                rest = &rest[1..];
            } else {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        Ok((out, captures))
    }
}

/// Compiles a resource regex: case-insensitive (sentence-initial
/// capitals, headlines in capitals) unless the pattern says `(?-i:…)`.
pub(crate) fn compile(source: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source)
        .case_insensitive(true)
        .size_limit(64 << 20)
        .dfa_size_limit(32 << 20)
        .build()
}

/// True when a match is not glued to letters or digits on either side
/// ("Mai" in "Maier" is no month, "12" in "A12" no amount).
pub(crate) fn stands_alone(text: &str, range: std::ops::Range<usize>) -> bool {
    let glued = |a: Option<char>, b: Option<char>| matches!((a, b), (Some(a), Some(b)) if a.is_alphanumeric() && b.is_alphanumeric());
    let before = text[..range.start].chars().next_back();
    let first = text[range.start..].chars().next();
    let last = text[..range.end].chars().next_back();
    let after = text[range.end..].chars().next();
    !glued(before, first) && !glued(last, after)
}

/// Resolves overlapping matches: the longest `span` wins, ties go to the
/// lower `tie_break` key (e.g. the longer context, then the rule listed
/// first) and then to the earlier start; the survivors come back in text
/// order.
pub(crate) fn longest_first<T, K: Ord>(
    mut items: Vec<T>,
    span: impl Fn(&T) -> std::ops::Range<usize>,
    tie_break: impl Fn(&T) -> K,
) -> Vec<T> {
    items.sort_by_cached_key(|c| {
        let s = span(c);
        (std::cmp::Reverse(s.len()), tie_break(c), s.start)
    });
    // Chosen spans by start; they never overlap, so the neighbours of a
    // new span are the only ones it can collide with (O(n log n) even on
    // hostile text with a match every few bytes).
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut chosen: Vec<T> = Vec::new();
    for c in items {
        let s = span(&c);
        let before_overlaps = taken
            .range(..=s.start)
            .next_back()
            .is_some_and(|(_, &end)| end > s.start);
        let after_overlaps = taken
            .range(s.start..)
            .next()
            .is_some_and(|(&start, _)| start < s.end);
        if !before_overlaps && !after_overlaps {
            taken.insert(s.start, s.end);
            chosen.push(c);
        }
    }
    chosen.sort_by_key(|c| span(c).start);
    chosen
}

/// Roughly how many characters a regex alternative matches: its length
/// without group syntax and operators (`(?-i:b)` counts 1, `bn` 2).
fn literal_length(pattern: &str) -> usize {
    pattern
        .replace("(?-i:", "")
        .replace("(?:", "")
        .chars()
        .filter(|c| !"()\\?*+|".contains(*c))
        .count()
}

/// Splits a regex at its top-level `|` (not inside groups or classes).
fn top_level_alternatives(pattern: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut in_class, mut escaped, mut start) = (0i32, false, false, 0);
    for (i, c) in pattern.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => depth -= 1,
            '|' if !in_class && depth == 0 => {
                parts.push(&pattern[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&pattern[start..]);
    parts
}

fn spaces_to_regex(source: &str) -> String {
    source.replace(' ', r"\s+")
}

fn collapse_spaces(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(|c: char| c.is_whitespace() && c != ' ') || text.contains("  ") {
        std::borrow::Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        "# months\n@month\nJan\\.? = 01\nJanuar = 01\n(\\d\\d?)\\. = $1\n@num\n\\d+ = $0\n";

    #[test]
    fn groups_normalize_with_captures() {
        let groups = PatternGroups::parse("t", SAMPLE).unwrap();
        let month = groups.get("month").unwrap();
        assert_eq!(month.normalize("januar").as_deref(), Some("01"));
        assert_eq!(month.normalize("Jan.").as_deref(), Some("01"));
        assert_eq!(month.normalize("7.").as_deref(), Some("7"));
        assert_eq!(month.normalize("Juli"), None);
    }

    #[test]
    fn longer_alternatives_are_tried_first() {
        let groups = PatternGroups::parse("t", "@unit\nJahr|Jahren = Y\n").unwrap();
        let (source, _) = groups.expand_rule("{unit}").unwrap();
        assert_eq!(source, "(?P<unit>(?:Jahren)|(?:Jahr))");
        assert!(literal_length("(?-i:b)") < literal_length("bn"));
        assert_eq!(
            top_level_alternatives("a|(b|c)|[|]"),
            vec!["a", "(b|c)", "[|]"]
        );
    }

    #[test]
    fn rule_expansion_names_repeats_and_extent() {
        let groups = PatternGroups::parse("t", SAMPLE).unwrap();
        let (source, caps) = groups.expand_rule("im [[{num} bis {num}]]").unwrap();
        assert!(source.starts_with(r"im\s+(?P<x>(?P<num>"));
        assert_eq!(
            caps,
            vec![("num".into(), "num".into()), ("num_2".into(), "num".into())]
        );
        assert!(groups.expand_rule("{nope}").is_err());
        assert!(groups.expand_rule(r"\d{4}").is_ok());
        assert_eq!(groups.expand_rule("a ?b c").unwrap().0, r"a\s*b\s+c");
    }

    #[test]
    fn longest_match_wins_and_survivors_come_in_text_order() {
        let spans = vec![0..4, 2..10, 10..12, 11..13, 12..14, 9..11];
        let chosen = longest_first(spans, |r| r.clone(), |_| ());
        assert_eq!(chosen, vec![2..10, 10..12, 12..14]);
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let err = PatternGroups::parse("p.txt", "@g\nno value here\n")
            .err()
            .unwrap();
        assert_eq!(err.to_string(), "p.txt:2: expected `pattern = value`");
    }
}
