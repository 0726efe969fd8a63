//! Scoring the `quotes` layer against gold data, exactly as
//! `shared/tools/score_quotes.py` does (its docstring is the specification):
//! one-to-one greedy matching by shared characters at coverage ≥ 0.3 and
//! ≥ 0.8 of the gold span, speaker correct by mention overlap or name in the
//! gold mention, cue correct by overlap or word sets, attributed-quote F1 as
//! the headline, broken down by gold quote type.
//!
//! Reimplemented rather than called so that `lagebild eval quotes` needs no
//! Python; its figures are checked against the script on the dev sets.

use crate::Quote;
use flate2::read::GzDecoder;
use lagebild_core::{Span, TextIndex};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Gold quote types, in report order.
pub const TYPES: [&str; 5] = [
    "Direct",
    "Indirect",
    "Reported",
    "FreeIndirect",
    "IndirectFreeIndirect",
];
const THRESHOLDS: [f64; 2] = [0.3, 0.8];
const DOUBLE_QUOTES: [char; 6] = ['"', '\u{201c}', '\u{201d}', '\u{201e}', '\u{ab}', '\u{bb}'];

/// Why gold data could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source} (is ../shared beside the repository?)")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A line is not JSON or not in a known gold format.
    #[error("{path}:{line}: {message}")]
    Format {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Sorted, non-overlapping code-point intervals.
type Parts = Vec<(usize, usize)>;

/// One gold quotation.
#[derive(Debug, Clone)]
struct GoldQuote {
    parts: Parts,
    quote_type: String,
    speaker: Parts,
    speaker_text: String,
    cue: Parts,
    cue_text: String,
}

/// One gold document: its text and quotations.
#[derive(Debug, Clone)]
pub struct GoldDocument {
    /// Document id (`documentName` or `filename`).
    pub id: String,
    /// The text all offsets refer to.
    pub text: String,
    /// `de` (Wikinews) or `en` (PolNeAR).
    pub language: &'static str,
    quotes: Vec<GoldQuote>,
}

impl GoldDocument {
    /// Number of gold quotations.
    pub fn quote_count(&self) -> usize {
        self.quotes.len()
    }
}

/// Reads a gold file (`.jsonl` or `.jsonl.gz`) in either format the
/// reference scorer accepts.
pub fn load_gold(path: &Path) -> Result<Vec<GoldDocument>, EvalError> {
    let shown = path.display().to_string();
    let io = |source| EvalError::Io {
        path: shown.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let reader: Box<dyn Read> = if shown.ends_with(".gz") {
        Box::new(GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut docs = Vec::new();
    let mut seen = HashSet::new();
    for (n, line) in BufReader::new(reader).lines().enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        let format_error = |message: String| EvalError::Format {
            path: shown.clone(),
            line: n + 1,
            message,
        };
        let record: Value =
            serde_json::from_str(&line).map_err(|e| format_error(format!("not JSON: {e}")))?;
        let doc = parse_gold_record(&record)
            .ok_or_else(|| format_error("unknown gold record format".into()))?;
        if !seen.insert(doc.id.clone()) {
            return Err(format_error(format!(
                "duplicate gold document id {:?}",
                doc.id
            )));
        }
        docs.push(doc);
    }
    Ok(docs)
}

fn parse_gold_record(r: &Value) -> Option<GoldDocument> {
    if let Some(text) = r.get("originalText").and_then(Value::as_str) {
        let index = TextIndex::new(text);
        let spans = |field: Option<&Value>| -> Parts {
            spans_of(field.and_then(|f| f.get("spans")), "charBegin", "charEnd")
        };
        let quotes = r
            .get("annotations")
            .and_then(Value::as_array)
            .map(|annotations| {
                annotations
                    .iter()
                    .map(|a| {
                        let quote_type = a
                            .get("type")
                            .and_then(Value::as_str)
                            .unwrap_or("?")
                            .to_string();
                        gold_quote(
                            text,
                            &index,
                            spans(a.get("quote")),
                            quote_type,
                            spans(a.get("speaker")),
                            spans(a.get("cue")),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let id = id_of(r, "documentName");
        return Some(GoldDocument {
            id,
            text: text.to_string(),
            language: "de",
            quotes,
        });
    }
    let text = r.get("text").and_then(Value::as_str)?;
    let first = r.get("annotations")?.as_array()?.first()?;
    let attributions = first.get("attributions")?.as_array()?;
    let index = TextIndex::new(text);
    let chars: Vec<char> = text.chars().collect();
    let mut quotes = Vec::new();
    for a in attributions {
        let mut parts = spans_of(a.get("content"), "begin", "end");
        parts.extend(spans_of(a.get("content2"), "begin", "end"));
        let parts = merge(parts);
        if parts.is_empty() {
            continue;
        }
        let quote_type = polnear_type(&chars, &parts).to_string();
        let speaker = spans_of(a.get("source"), "begin", "end");
        let cue = spans_of(a.get("cue"), "begin", "end");
        quotes.push(gold_quote(text, &index, parts, quote_type, speaker, cue));
    }
    Some(GoldDocument {
        id: id_of(r, "filename"),
        text: text.to_string(),
        language: "en",
        quotes,
    })
}

fn id_of(r: &Value, key: &str) -> String {
    match r.get(key).filter(|v| !v.is_null()).or_else(|| r.get("id")) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "None".to_string(),
    }
}

fn spans_of(list: Option<&Value>, begin: &str, end: &str) -> Parts {
    list.and_then(Value::as_array)
        .map(|spans| {
            spans
                .iter()
                .filter_map(|s| {
                    Some((
                        s.get(begin)?.as_u64()? as usize,
                        s.get(end)?.as_u64()? as usize,
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn gold_quote(
    text: &str,
    index: &TextIndex,
    parts: Parts,
    quote_type: String,
    speaker: Parts,
    cue: Parts,
) -> GoldQuote {
    let join = |parts: &Parts| {
        parts
            .iter()
            .map(|&(s, e)| &text[index.bytes(Span::new(s, e))])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let speaker = merge(speaker);
    let cue = merge(cue);
    GoldQuote {
        parts: merge(parts),
        quote_type,
        speaker_text: join(&speaker),
        speaker,
        cue_text: join(&cue),
        cue,
    }
}

/// PolNeAR has no direct/indirect label: "Direct" when the content starts
/// with, or follows, a double quotation mark.
fn polnear_type(chars: &[char], parts: &Parts) -> &'static str {
    let (s, e) = parts[0];
    let first = chars
        .get(s..e.min(chars.len()))
        .and_then(|c| c.iter().find(|c| !c.is_whitespace()));
    let mut k = s as isize - 1;
    while k >= 0 && chars.get(k as usize).is_some_and(|c| c.is_whitespace()) {
        k -= 1;
    }
    let before = if k >= 0 { chars.get(k as usize) } else { None };
    let is_mark = |c: Option<&char>| c.is_some_and(|c| DOUBLE_QUOTES.contains(c));
    if is_mark(first) || is_mark(before) {
        "Direct"
    } else {
        "Indirect"
    }
}

fn merge(mut parts: Parts) -> Parts {
    parts.retain(|&(s, e)| e > s);
    parts.sort();
    let mut out: Parts = Vec::new();
    for (s, e) in parts {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

fn length(parts: &Parts) -> usize {
    parts.iter().map(|(s, e)| e - s).sum()
}

fn intersection(a: &Parts, b: &Parts) -> usize {
    let (mut n, mut i, mut j) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (lo, hi) = (a[i].0.max(b[j].0), a[i].1.min(b[j].1));
        if hi > lo {
            n += hi - lo;
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    n
}

/// Lower-cased with whitespace runs folded, as the scorer compares names.
fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn word_set(s: &str) -> HashSet<String> {
    s.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// True when `needle` occurs in `haystack` with no word character on
/// either side.
fn contains_whole_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
    })
}

/// A system quotation as the scorer sees it.
struct SystemQuote {
    parts: Parts,
    kind: String,
    speaker: Parts,
    speaker_name: String,
    cue: Parts,
    cue_text: String,
}

impl SystemQuote {
    fn of(q: &Quote) -> Option<SystemQuote> {
        if q.end <= q.start {
            return None;
        }
        let (speaker, speaker_name) = match &q.speaker {
            Some(s) => (
                if s.end > s.start {
                    vec![(s.start, s.end)]
                } else {
                    vec![]
                },
                s.name.clone(),
            ),
            None => (vec![], String::new()),
        };
        let (cue, cue_text) = match &q.cue {
            Some(c) => (
                if c.end > c.start {
                    vec![(c.start, c.end)]
                } else {
                    vec![]
                },
                c.text.clone(),
            ),
            None => (vec![], String::new()),
        };
        let kind = serde_json::to_value(q.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        Some(SystemQuote {
            parts: vec![(q.start, q.end)],
            kind,
            speaker,
            speaker_name,
            cue,
            cue_text,
        })
    }

    fn has_speaker(&self) -> bool {
        !self.speaker.is_empty() || !self.speaker_name.trim().is_empty()
    }
}

fn speaker_ok(g: &GoldQuote, s: &SystemQuote) -> bool {
    if !s.has_speaker() {
        return false;
    }
    if !s.speaker.is_empty() && intersection(&s.speaker, &g.speaker) > 0 {
        return true;
    }
    let name = normalise(&s.speaker_name);
    !name.is_empty() && contains_whole_word(&normalise(&g.speaker_text), &name)
}

fn cue_ok(g: &GoldQuote, s: &SystemQuote) -> bool {
    if !s.cue.is_empty() && intersection(&s.cue, &g.cue) > 0 {
        return true;
    }
    let (ws, wg) = (word_set(&s.cue_text), word_set(&g.cue_text));
    if wg.is_empty() {
        let gold = normalise(&g.cue_text);
        return !gold.is_empty() && normalise(&s.cue_text) == gold;
    }
    if ws.is_empty() {
        return false;
    }
    ws.is_subset(&wg) || (wg.is_subset(&ws) && ws.len() <= wg.len() + 3)
}

/// Greedy one-to-one matching at coverage threshold `t`: largest shared
/// character count first, then higher coverage, then closer length.
fn match_quotes(gold: &[GoldQuote], system: &[SystemQuote], t: f64) -> Vec<(usize, usize)> {
    let mut candidates = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        let gl = length(&g.parts);
        for (si, s) in system.iter().enumerate() {
            let shared = intersection(&g.parts, &s.parts);
            if shared > 0 && shared as f64 / gl as f64 >= t {
                let coverage = shared as f64 / gl as f64;
                let diff = length(&s.parts).abs_diff(gl);
                candidates.push((shared, coverage, diff, gi, si));
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.total_cmp(&a.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
            .then(a.4.cmp(&b.4))
    });
    let (mut used_gold, mut used_system, mut pairs) = (HashSet::new(), HashSet::new(), Vec::new());
    for (_, _, _, gi, si) in candidates {
        if !used_gold.contains(&gi) && !used_system.contains(&si) {
            used_gold.insert(gi);
            used_system.insert(si);
            pairs.push((gi, si));
        }
    }
    pairs
}

/// Precision, recall and F1 with the counts behind them.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Prf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f1: f64,
    /// True positives.
    pub tp: usize,
    /// System items.
    pub sys: usize,
    /// Gold items.
    pub gold: usize,
}

impl Prf {
    fn new(tp: usize, sys: usize, gold: usize) -> Prf {
        let p = if sys > 0 { tp as f64 / sys as f64 } else { 0.0 };
        let r = if gold > 0 {
            tp as f64 / gold as f64
        } else {
            0.0
        };
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf {
            p,
            r,
            f1,
            tp,
            sys,
            gold,
        }
    }
}

/// An accuracy with its counts.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Accuracy {
    /// correct / n.
    pub acc: f64,
    /// Correct items.
    pub correct: usize,
    /// Items judged.
    pub n: usize,
}

impl Accuracy {
    fn new(correct: usize, n: usize) -> Accuracy {
        Accuracy {
            acc: if n > 0 {
                correct as f64 / n as f64
            } else {
                0.0
            },
            correct,
            n,
        }
    }
}

/// The figures for one group of quotes (all, or one gold type).
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupScore {
    /// Gold quotes in the group.
    pub gold_quotes: usize,
    /// Quote P/R/F1 at coverage ≥ 0.3.
    pub quote_03: Prf,
    /// Quote P/R/F1 at coverage ≥ 0.8.
    pub quote_08: Prf,
    /// Attributed-quote P/R/F1 (the headline).
    pub attributed: Prf,
    /// Speaker accuracy on matched quotes with a gold speaker.
    pub speaker_accuracy: Accuracy,
    /// Cue accuracy on matched quotes with a gold cue.
    pub cue_accuracy: Accuracy,
}

/// The complete score of a system run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Documents scored.
    pub documents: usize,
    /// `all` first, then the gold types present, then any other type.
    pub by_type: Vec<(String, GroupScore)>,
    /// Character-level P/R/F1 of the quote unions (diagnostic).
    pub characters: Prf,
    /// Gold type × system kind counts over pairs matched at 0.3.
    pub kind_confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Report {
    /// The figures for a group (`all`, `Direct`, ...).
    pub fn group(&self, name: &str) -> Option<&GroupScore> {
        self.by_type.iter().find(|(n, _)| n == name).map(|(_, g)| g)
    }
}

#[derive(Default)]
struct Tally {
    gold: usize,
    tp: [usize; 2],
    sys: [usize; 2],
    attributed_tp: usize,
    speaker_n: usize,
    speaker_ok: usize,
    cue_n: usize,
    cue_ok: usize,
}

/// Scores system quotes (by document id) against the gold documents.
pub fn score(gold: &[GoldDocument], system: &HashMap<String, Vec<Quote>>) -> Report {
    let mut tallies: HashMap<String, Tally> = HashMap::new();
    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let (mut chars_tp, mut chars_sys, mut chars_gold) = (0, 0, 0);
    let mut ordered: Vec<&GoldDocument> = gold.iter().collect();
    ordered.sort_by(|a, b| a.id.cmp(&b.id));
    for doc in ordered {
        let sqs: Vec<SystemQuote> = system
            .get(&doc.id)
            .map(|qs| qs.iter().filter_map(SystemQuote::of).collect())
            .unwrap_or_default();
        let gqs = &doc.quotes;
        let gold_union = merge(gqs.iter().flat_map(|g| g.parts.iter().copied()).collect());
        let system_union = merge(sqs.iter().flat_map(|s| s.parts.iter().copied()).collect());
        chars_tp += intersection(&gold_union, &system_union);
        chars_sys += length(&system_union);
        chars_gold += length(&gold_union);
        for g in gqs {
            for group in ["all", g.quote_type.as_str()] {
                tallies.entry(group.to_string()).or_default().gold += 1;
            }
        }
        for (ti, &t) in THRESHOLDS.iter().enumerate() {
            let pairs = match_quotes(gqs, &sqs, t);
            let matched: HashSet<usize> = pairs.iter().map(|&(_, si)| si).collect();
            for &(gi, si) in &pairs {
                let (g, s) = (&gqs[gi], &sqs[si]);
                let speaker_right = g.speaker.is_empty() || speaker_ok(g, s);
                for group in ["all", g.quote_type.as_str()] {
                    let tally = tallies.entry(group.to_string()).or_default();
                    tally.tp[ti] += 1;
                    tally.sys[ti] += 1;
                    if ti == 0 {
                        tally.attributed_tp += usize::from(speaker_right);
                        if !g.speaker.is_empty() {
                            tally.speaker_n += 1;
                            tally.speaker_ok += usize::from(speaker_right);
                        }
                        if !g.cue.is_empty() {
                            tally.cue_n += 1;
                            tally.cue_ok += usize::from(cue_ok(g, s));
                        }
                    }
                }
                if ti == 0 {
                    let kind = if s.kind.is_empty() {
                        "-".to_string()
                    } else {
                        s.kind.clone()
                    };
                    *confusion
                        .entry(g.quote_type.clone())
                        .or_default()
                        .entry(kind)
                        .or_default() += 1;
                }
            }
            for (si, s) in sqs.iter().enumerate() {
                if matched.contains(&si) {
                    continue;
                }
                let group = if s.kind == "direct" {
                    "Direct"
                } else {
                    "Indirect"
                };
                for g in ["all", group] {
                    tallies.entry(g.to_string()).or_default().sys[ti] += 1;
                }
            }
        }
    }
    let mut groups: Vec<String> = vec!["all".to_string()];
    groups.extend(
        TYPES
            .iter()
            .filter(|t| tallies.contains_key(**t))
            .map(|t| t.to_string()),
    );
    let mut others: Vec<String> = tallies
        .keys()
        .filter(|k| *k != "all" && !TYPES.contains(&k.as_str()))
        .cloned()
        .collect();
    others.sort();
    groups.extend(others);
    let by_type = groups
        .into_iter()
        .map(|name| {
            let t = tallies.remove(&name).unwrap_or_default();
            let score = GroupScore {
                gold_quotes: t.gold,
                quote_03: Prf::new(t.tp[0], t.sys[0], t.gold),
                quote_08: Prf::new(t.tp[1], t.sys[1], t.gold),
                attributed: Prf::new(t.attributed_tp, t.sys[0], t.gold),
                speaker_accuracy: Accuracy::new(t.speaker_ok, t.speaker_n),
                cue_accuracy: Accuracy::new(t.cue_ok, t.cue_n),
            };
            (name, score)
        })
        .collect();
    Report {
        documents: gold.len(),
        by_type,
        characters: Prf::new(chars_tp, chars_sys, chars_gold),
        kind_confusion: confusion,
    }
}

impl fmt::Display for Report {
    /// The reference scorer's table, so the two can be compared line by
    /// line; the last line carries the headline figures.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "documents {}", self.documents)?;
        writeln!(
            f,
            "{:<21}{:>5} {:>18} {:>9} {:>18} {:>13} {:>13}",
            "type", "gold", "Q@0.3 P/R/F1", "Q@0.8 F1", "attrib P/R/F1", "spk acc", "cue acc"
        )?;
        for (name, g) in &self.by_type {
            let (q, a, s, c) = (g.quote_03, g.attributed, g.speaker_accuracy, g.cue_accuracy);
            writeln!(
                f,
                "{:<21}{:>5} {:.3}/{:.3}/{:.3} {:>9.3} {:.3}/{:.3}/{:.3} {:.3} ({:>4}) {:.3} ({:>4})",
                name, g.gold_quotes, q.p, q.r, q.f1, g.quote_08.f1, a.p, a.r, a.f1, s.acc, s.n, c.acc, c.n
            )?;
        }
        let ch = self.characters;
        writeln!(f, "characters P/R/F1 {:.3}/{:.3}/{:.3}", ch.p, ch.r, ch.f1)?;
        let confusion: Vec<String> = self
            .kind_confusion
            .iter()
            .map(|(k, v)| format!("{k}: {v:?}"))
            .collect();
        writeln!(
            f,
            "kind confusion (gold type: system kind counts @0.3): {}",
            confusion.join("; ")
        )?;
        let all = self.group("all").cloned().unwrap_or_default();
        let direct = self.group("Direct").map_or(0.0, |g| g.attributed.f1);
        write!(
            f,
            "attributed-quote F1 {:.3} | Direct {:.3} | quote F1@0.3 {:.3} @0.8 {:.3} | speaker acc {:.3}",
            all.attributed.f1, direct, all.quote_03.f1, all.quote_08.f1, all.speaker_accuracy.acc
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cue, QuoteKind, Speaker};

    fn gold_doc() -> GoldDocument {
        let record = serde_json::json!({
            "documentName": "d1",
            "originalText": "„Wir gehen“, sagte Anna Weber. Der Plan sei gut, so Weber.",
            "annotations": [
                {"type": "Direct",
                 "quote": {"spans": [{"charBegin": 0, "charEnd": 11}]},
                 "speaker": {"spans": [{"charBegin": 19, "charEnd": 29}]},
                 "cue": {"spans": [{"charBegin": 13, "charEnd": 18}]}},
                {"type": "Indirect",
                 "quote": {"spans": [{"charBegin": 31, "charEnd": 47}]},
                 "speaker": {"spans": [{"charBegin": 52, "charEnd": 57}]},
                 "cue": {"spans": [{"charBegin": 49, "charEnd": 51}]}}
            ]
        });
        parse_gold_record(&record).expect("wikinews record")
    }

    fn quote(start: usize, end: usize, speaker: Option<(&str, usize, usize)>) -> Quote {
        Quote {
            text: String::new(),
            start,
            end,
            kind: QuoteKind::Direct,
            cue: Some(Cue {
                text: "sagte".into(),
                start: 0,
                end: 0,
            }),
            speaker: speaker.map(|(name, s, e)| Speaker {
                name: name.into(),
                entity: None,
                role: None,
                start: s,
                end: e,
            }),
        }
    }

    #[test]
    fn attributed_needs_the_right_speaker_by_span_or_name() {
        let gold = vec![gold_doc()];
        let mut system = HashMap::new();
        // First quote: right speaker by name only; second: wrong speaker span.
        system.insert(
            "d1".to_string(),
            vec![
                quote(0, 11, Some(("Weber", 0, 0))),
                quote(31, 47, Some(("Plan", 35, 39))),
            ],
        );
        let report = score(&gold, &system);
        let all = report.group("all").expect("all");
        assert_eq!((all.quote_03.tp, all.attributed.tp), (2, 1));
        assert_eq!(all.speaker_accuracy.correct, 1);
        assert_eq!(
            all.cue_accuracy.correct, 1,
            "'sagte' matches, nothing matches 'so'"
        );
    }

    #[test]
    fn coverage_thresholds_and_one_to_one_matching() {
        let gold = vec![gold_doc()];
        let mut system = HashMap::new();
        // Covers 4/11 of the direct quote: a match at 0.3, not at 0.8; the
        // duplicate cannot match the same gold quote again.
        system.insert("d1".to_string(), vec![quote(0, 4, None), quote(0, 4, None)]);
        let report = score(&gold, &system);
        let all = report.group("all").expect("all");
        assert_eq!(
            (all.quote_03.tp, all.quote_03.sys, all.quote_08.tp),
            (1, 2, 0)
        );
        assert_eq!(report.group("Direct").expect("direct").quote_03.sys, 2);
    }

    #[test]
    fn polnear_type_comes_from_quotation_marks() {
        let chars: Vec<char> = "He said: “We win.” They lost".chars().collect();
        assert_eq!(polnear_type(&chars, &vec![(10, 17)]), "Direct");
        // After the closing mark still counts as Direct (as in the script).
        assert_eq!(polnear_type(&chars, &vec![(19, 28)]), "Direct");
        assert_eq!(polnear_type(&chars, &vec![(24, 28)]), "Indirect");
    }
}
