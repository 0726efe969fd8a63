//! The time-expression tagger: compiled rules of one language, matched over
//! a text, conflicts resolved, values normalised in text order.

use crate::layer::{TimeExpression, TimeType};
use crate::normalize::{Anchor, Context, Tense};
use crate::resources::{compile, longest_first, stands_alone, PatternGroups, ResourceError};
use crate::Language;
use lagebild_core::TextIndex;
use regex::{Captures, Regex, RegexSet, RegexSetBuilder};

/// One rule: what to match, what it is, how to normalise it.
struct Rule {
    /// `None` for a negative rule: its match blocks others and is dropped
    /// ("2000 Euro" is not a year).
    time_type: Option<TimeType>,
    regex: Regex,
    template: String,
    /// Whether the text names its date (with a day or month) rather than
    /// pointing from another one; only such dates move the reference time
    /// (KRAUTS anchors "20 Uhr" after "Sonntag" to the publication day).
    names_a_date: bool,
    /// Capture names with the pattern group that normalises each.
    captures: Vec<(String, String)>,
}

/// The compiled time rules of one language.
pub(crate) struct TimeRules {
    groups: PatternGroups,
    rules: Vec<Rule>,
    /// Which rules match anywhere in a text, in one pass; only those are
    /// then run for their positions.
    prefilter: RegexSet,
    past: Regex,
    future: Regex,
}

/// A rule match before conflicts are resolved (byte offsets).
struct Candidate {
    rule: usize,
    /// The whole match, context included; the longer wins a tie.
    full: std::ops::Range<usize>,
    /// The expression's extent (the `[[…]]` part, or the whole match).
    extent: std::ops::Range<usize>,
    template: String,
}

impl TimeRules {
    /// Compiles the embedded resources of a language.
    pub(crate) fn load(language: Language) -> Result<Self, ResourceError> {
        let (patterns, rules) = match language {
            Language::German => (
                include_str!("../resources/de/patterns.txt"),
                include_str!("../resources/de/rules.txt"),
            ),
            Language::English => (
                include_str!("../resources/en/patterns.txt"),
                include_str!("../resources/en/rules.txt"),
            ),
        };
        let rules_file = format!("{}/rules.txt", language.code());
        let groups = PatternGroups::parse(&format!("{}/patterns.txt", language.code()), patterns)?;
        let mut compiled = Vec::new();
        let mut sources = Vec::new();
        for (i, line) in rules.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |m: String| ResourceError::syntax(&rules_file, i + 1, m);
            let (kind, rest) = line
                .split_once(char::is_whitespace)
                .ok_or_else(|| err("expected `TYPE pattern => value`".into()))?;
            let time_type = match kind {
                "DATE" => Some(TimeType::Date),
                "TIME" => Some(TimeType::Time),
                "DURATION" => Some(TimeType::Duration),
                "SET" => Some(TimeType::Set),
                "NONE" => None,
                other => return Err(err(format!("unknown type `{other}`"))),
            };
            let (pattern, template) = rest
                .rsplit_once("=>")
                .ok_or_else(|| err("missing `=> value`".into()))?;
            let (source, captures) = groups.expand_rule(pattern.trim()).map_err(err)?;
            let regex = compile(&source).map_err(|e| err(e.to_string()))?;
            sources.push(source);
            let template = template.trim().to_string();
            let names_a_date = time_type == Some(TimeType::Date)
                && [
                    "this(",
                    "ref(",
                    "weekday(",
                    "weekend(",
                    "refday(",
                    "season(",
                    "refquarter(",
                    "quarter_in(",
                ]
                .iter()
                .all(|call| !template.contains(call));
            compiled.push(Rule {
                time_type,
                regex,
                template,
                names_a_date,
                captures,
            });
        }
        let prefilter = RegexSetBuilder::new(&sources)
            .case_insensitive(true)
            .size_limit(256 << 20)
            .dfa_size_limit(256 << 20)
            .build()
            .map_err(|e| ResourceError::syntax(&rules_file, 0, e.to_string()))?;
        let cue = |name: &str| -> Result<Regex, ResourceError> {
            let (source, _) = groups
                .expand_rule(&format!("\\b{{{name}}}\\b"))
                .map_err(|e| ResourceError::syntax(&rules_file, 0, e))?;
            compile(&source).map_err(|e| ResourceError::syntax(&rules_file, 0, e.to_string()))
        };
        let past = cue("tense_past")?;
        let future = cue("tense_future")?;
        Ok(TimeRules {
            groups,
            rules: compiled,
            prefilter,
            past,
            future,
        })
    }

    /// Finds and normalises the time expressions of `text`, with offsets in
    /// code points; `published` is the article's date (`2023-09-12`,
    /// `2023-09`), without which relative expressions keep `X` placeholders.
    pub(crate) fn tag(
        &self,
        text: &str,
        index: &TextIndex,
        published: Option<&str>,
    ) -> Vec<TimeExpression> {
        let mut candidates = Vec::new();
        for rule_index in self.prefilter.matches(text).iter() {
            let rule = &self.rules[rule_index];
            // A match rejected for starting inside a word ("on Sunday" in
            // "construction Sunday") is retried after that word, so the
            // shorter reading ("Sunday") still gets its chance; skipping the
            // whole word keeps this linear on hostile text.
            let mut at = 0;
            while let Some(caps) = rule.regex.captures_at(text, at) {
                let Some(whole) = caps.get(0) else { break };
                at = match self.candidate(text, rule_index, rule, &caps) {
                    Some(candidate) => {
                        candidates.push(candidate);
                        whole.end()
                    }
                    None if starts_inside_word(text, whole.start()) => {
                        end_of_word(text, whole.start())
                    }
                    None => whole.end().max(end_of_char(text, whole.start())),
                };
                if at > text.len() {
                    break;
                }
            }
        }
        // Overlaps are judged on extents, so a rule's context may cover another
        // expression ("14.30" in "14.30-18 Uhr" leaves "18 Uhr" free).
        let chosen = longest_first(
            candidates,
            |c| c.extent.clone(),
            |c| (std::cmp::Reverse(c.full.len()), c.rule),
        );
        let mut context = Context::new(published.and_then(Anchor::parse));
        // The last day-precise date and where it ended, for clock times.
        let mut last_day: Option<(Anchor, usize)> = None;
        let mut out = Vec::with_capacity(chosen.len());
        for candidate in chosen {
            let rule = &self.rules[candidate.rule];
            let Some(time_type) = rule.time_type else {
                continue;
            };
            if candidate.template.contains("refday(") {
                let sentence_start = sentence_bounds(text, candidate.extent.clone()).0;
                context.clock_day = match last_day {
                    Some((day, end)) if end >= sentence_start => Some(day),
                    _ => context.published,
                };
            }
            let mut tense = || self.tense_around(text, candidate.extent.clone());
            let value = context.resolve(&candidate.template, &mut tense);
            if rule.names_a_date {
                context.observe(&value);
            }
            if matches!(time_type, TimeType::Date | TimeType::Time) {
                if let Some(day) = Anchor::parse(&value).filter(|a| a.day.is_some()) {
                    last_day = Some((day, candidate.extent.end));
                }
            }
            let span = index.span(candidate.extent.clone());
            out.push(TimeExpression {
                text: text[candidate.extent].to_string(),
                start: span.start,
                end: span.end,
                time_type,
                value,
            });
        }
        out
    }

    fn candidate(
        &self,
        text: &str,
        rule_index: usize,
        rule: &Rule,
        caps: &Captures,
    ) -> Option<Candidate> {
        let full = caps.get(0)?;
        if full.is_empty() || !stands_alone(text, full.range()) || full.as_str().contains("\n\n") {
            return None;
        }
        let extent = caps.name("x").unwrap_or(full);
        let mut template = String::with_capacity(rule.template.len() + 8);
        let mut rest = rule.template.as_str();
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}')? + open;
            template.push_str(&rest[..open]);
            let name = &rest[open + 1..close];
            let captured = caps.name(name).map_or("", |m| m.as_str());
            let group = rule
                .captures
                .iter()
                .find(|(c, _)| c == name)
                .and_then(|(_, g)| self.groups.get(g));
            match group.and_then(|g| g.normalize(captured)) {
                Some(value) => template.push_str(&value),
                None => template.push_str(captured),
            }
            rest = &rest[close + 1..];
        }
        template.push_str(rest);
        Some(Candidate {
            rule: rule_index,
            full: full.range(),
            extent: extent.range(),
            template,
        })
    }

    /// The tense of the sentence around `range`: the nearest past or future
    /// cue decides; a tie goes to the future ("expected" is both a future
    /// cue and a past form).
    fn tense_around(&self, text: &str, range: std::ops::Range<usize>) -> Tense {
        let (start, end) = sentence_bounds(text, range.clone());
        let window = &text[start..end];
        // The gap between cue and expression, so a long cue ending right
        // before the expression ("will be held Monday") counts as near.
        let distance = |m: regex::Match| {
            let (cue_start, cue_end) = (start + m.start(), start + m.end());
            if cue_start < range.start {
                range.start.saturating_sub(cue_end)
            } else {
                cue_start.saturating_sub(range.end)
            }
        };
        let nearest = |re: &Regex| re.find_iter(window).map(distance).min();
        match (nearest(&self.past), nearest(&self.future)) {
            (Some(p), Some(f)) if f <= p => Tense::Future,
            (Some(_), _) => Tense::Past,
            (None, Some(_)) => Tense::Future,
            (None, None) => Tense::Unknown,
        }
    }
}

/// True when the character at `at` continues a word or number begun
/// before it.
fn starts_inside_word(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let first = text[at..].chars().next();
    before.is_some_and(char::is_alphanumeric) && first.is_some_and(char::is_alphanumeric)
}

/// The end of the letters and digits that start at `at`.
fn end_of_word(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(i, _)| at + i)
}

/// The end of the character at `at` (one past the text at its end).
fn end_of_char(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().map_or(1, char::len_utf8)
}

/// The sentence around a byte range, approximately: bounded by a blank
/// line, by `.`, `!` or `?` after a lower-case letter (so "25. Februar"
/// does not end a sentence), and by 200 bytes either way.
fn sentence_bounds(text: &str, range: std::ops::Range<usize>) -> (usize, usize) {
    const REACH: usize = 200;
    let bytes = text.as_bytes();
    let ends_sentence = |i: usize| {
        matches!(bytes[i], b'.' | b'!' | b'?') && i > 0 && bytes[i - 1].is_ascii_lowercase()
            || (bytes[i] == b'\n' && i > 0 && bytes[i - 1] == b'\n')
    };
    let mut start = range.start;
    let floor = range.start.saturating_sub(REACH);
    while start > floor && !ends_sentence(start - 1) {
        start -= 1;
    }
    let mut end = range.end;
    let ceiling = (range.end + REACH).min(text.len());
    while end < ceiling && !ends_sentence(end) {
        end += 1;
    }
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (start, end.max(start))
}
