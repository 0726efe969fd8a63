//! Scoring against gold data, shared by `lagebild eval timex` and
//! `lagebild eval amounts`.
//!
//! The timex metric re-implements `shared/tools/score_timex.py` exactly
//! (whitespace-insensitive offsets; strict = identical spans; relaxed =
//! one-to-one overlap pairs chosen greedily by overlap size; value and type
//! correct among relaxed pairs, TempEval-3 style), so the harness's figures
//! agree with the reference scorer. Gold is TimeML (inline TIMEX3) or
//! TIMEX2 inline files, read by the small XML flattener below.

use crate::layer::{Amount, TimeExpression};
use crate::{AmountRules, Language, TimeTagger};
use lagebild_core::metrics::Counts;
use lagebild_core::TextIndex;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A gold or system file could not be read.
    #[error("cannot read {path}: {source} (is ../shared beside the checkout?)")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A gold file is not the expected format.
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The rules did not compile.
    #[error("{0}")]
    Resources(String),
}

fn read(path: &Path) -> Result<String, EvalError> {
    let bytes = std::fs::read(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// One expression of a gold or system document (code-point offsets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredTimex {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// TIMEX3 type; `None` in TIMEX2 gold.
    #[serde(rename = "type")]
    pub time_type: Option<String>,
    /// Normalised value.
    pub value: Option<String>,
}

/// A gold document: its text, creation time and expressions.
#[derive(Debug, Clone)]
pub struct GoldDocument {
    /// Name as the reference scorer keys it (file name without suffix).
    pub name: String,
    /// Document creation time, when given.
    pub dct: Option<String>,
    /// The text of `<TEXT>` (or the whole document).
    pub text: String,
    /// The annotated expressions.
    pub timexes: Vec<ScoredTimex>,
}

/// The reference scorer's document key: the file name less its suffix.
fn doc_key(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for suffix in [".tml.TE3input", ".key.xml", ".tml", ".xml", ".sgm", ".txt"] {
        if let Some(stem) = name.strip_suffix(suffix) {
            return stem.to_string();
        }
    }
    name
}

/// `.tml` and `.xml` files under `root`, sorted by path.
fn list_files(root: &Path) -> Result<Vec<PathBuf>, EvalError> {
    if root.is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|source| EvalError::Io {
            path: dir.clone(),
            source,
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                pending.push(path);
            } else if (name.ends_with(".tml") || name.ends_with(".xml")) && !name.starts_with('.') {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Reads every gold document under a folder.
pub fn read_gold(root: &Path) -> Result<Vec<GoldDocument>, EvalError> {
    list_files(root)?.iter().map(|p| read_timeml(p)).collect()
}

/// Reads one TimeML / TIMEX2 inline file.
pub fn read_timeml(path: &Path) -> Result<GoldDocument, EvalError> {
    let raw = read(path)?;
    let flat = flatten_xml(&raw).map_err(|message| EvalError::Format {
        path: path.to_path_buf(),
        message,
    })?;
    Ok(GoldDocument {
        name: doc_key(path),
        dct: flat.dct,
        text: flat.text,
        timexes: flat.timexes,
    })
}

struct Flattened {
    text: String,
    dct: Option<String>,
    timexes: Vec<ScoredTimex>,
}

/// An open element while flattening.
struct Open {
    name: String,
    attributes: Vec<(String, String)>,
    start: usize,
}

/// Flattens inline XML the way the reference scorer does with
/// ElementTree: the character content of `<TEXT>` (or of the root), with
/// the spans of TIMEX3/TIMEX2 elements (creation time excluded), entities
/// decoded, comments and processing instructions dropped, line ends
/// normalised.
fn flatten_xml(raw: &str) -> Result<Flattened, String> {
    let raw = raw.replace("\r\n", "\n").replace('\r', "\n");
    let mut stack: Vec<Open> = Vec::new();
    // Character content per depth is needed only inside TEXT (or root).
    let mut text = String::new();
    let mut chars = 0usize;
    let mut in_body = false;
    let mut body_seen = false;
    let mut root_text = String::new();
    let mut root_chars = 0usize;
    let mut root_timexes = Vec::new();
    let mut timexes = Vec::new();
    let mut dct: Option<String> = None;
    let mut creation_time: Option<String> = None;
    let mut in_dct = 0usize;
    let mut rest = raw.as_str();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
        } else if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").unwrap_or(after.len());
            let content = &after[..end];
            if !stack.is_empty() {
                push_text(
                    content,
                    in_body,
                    &mut text,
                    &mut chars,
                    &mut root_text,
                    &mut root_chars,
                );
            }
            rest = after.get(end + 3..).unwrap_or("");
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').ok_or("unclosed end tag")?;
            let name = local(after[..end].trim());
            rest = &after[end + 1..];
            let Some(open) = stack.pop() else {
                return Err(format!("stray </{name}>"));
            };
            if open.name != name {
                return Err(format!("</{name}> closes <{}>", open.name));
            }
            close_element(
                &open,
                in_body,
                chars,
                root_chars,
                &mut timexes,
                &mut root_timexes,
                &mut creation_time,
                &mut dct,
                in_dct > 0,
            );
            if open.name == "TEXT" && in_body {
                in_body = false;
            }
            if open.name == "DCT" || open.name == "DATETIME" {
                in_dct = in_dct.saturating_sub(1);
            }
        } else if let Some(after) = rest.strip_prefix('<') {
            let end = tag_end(after).ok_or("unclosed tag")?;
            let inner = &after[..end];
            rest = &after[end + 1..];
            let self_closing = inner.ends_with('/');
            let inner = inner.trim_end_matches('/');
            let (name, attributes) = parse_tag(inner);
            let start = if in_body { chars } else { root_chars };
            let open = Open {
                name: name.clone(),
                attributes,
                start,
            };
            if self_closing {
                // Empty elements consume nothing; the scorer skips them.
                continue;
            }
            if name == "TEXT" && !body_seen && !stack.is_empty() {
                in_body = true;
                body_seen = true;
            }
            if name == "DCT" || name == "DATETIME" {
                in_dct += 1;
            }
            stack.push(open);
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            if !stack.is_empty() {
                let decoded = decode_entities(&rest[..end]);
                push_text(
                    &decoded,
                    in_body,
                    &mut text,
                    &mut chars,
                    &mut root_text,
                    &mut root_chars,
                );
            }
            rest = &rest[end..];
        }
    }
    let (text, spans) = if body_seen {
        (text, timexes)
    } else {
        (root_text, root_timexes)
    };
    let dct = dct.or(creation_time);
    let timexes = spans
        .into_iter()
        .filter(|t: &ScoredTimex| {
            char_slice(&text, t.start, t.end)
                .chars()
                .any(|c| !c.is_whitespace())
        })
        .collect();
    Ok(Flattened { text, dct, timexes })
}

#[allow(clippy::too_many_arguments)]
fn close_element(
    open: &Open,
    in_body: bool,
    chars: usize,
    root_chars: usize,
    timexes: &mut Vec<ScoredTimex>,
    root_timexes: &mut Vec<ScoredTimex>,
    creation_time: &mut Option<String>,
    dct: &mut Option<String>,
    in_dct: bool,
) {
    if open.name != "TIMEX3" && open.name != "TIMEX2" {
        return;
    }
    let attr = |k: &str| {
        open.attributes
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    let value = attr("value").or_else(|| attr("val"));
    let is_creation = attr("functionInDocument").as_deref() == Some("CREATION_TIME");
    if in_dct && dct.is_none() {
        *dct = value.clone();
    }
    if is_creation && creation_time.is_none() && open.name == "TIMEX3" {
        *creation_time = value.clone();
    }
    if is_creation {
        return;
    }
    let time_type = if open.name == "TIMEX3" {
        attr("type")
    } else {
        None
    };
    // Inside TEXT the body coordinates count; outside, the root text's
    // (used for files without TEXT).
    if in_body {
        timexes.push(ScoredTimex {
            start: open.start,
            end: chars,
            time_type,
            value,
        });
    } else {
        root_timexes.push(ScoredTimex {
            start: open.start,
            end: root_chars,
            time_type,
            value,
        });
    }
}

fn push_text(
    content: &str,
    in_body: bool,
    text: &mut String,
    chars: &mut usize,
    root_text: &mut String,
    root_chars: &mut usize,
) {
    let n = content.chars().count();
    if in_body {
        text.push_str(content);
        *chars += n;
    }
    root_text.push_str(content);
    *root_chars += n;
}

/// End of a tag, skipping `>` inside quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or(name).to_string()
}

fn parse_tag(inner: &str) -> (String, Vec<(String, String)>) {
    let inner = inner.trim();
    let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
    let name = local(&inner[..name_end]);
    let mut attributes = Vec::new();
    let mut rest = inner[name_end..].trim_start();
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim().to_string();
        let after = rest[eq + 1..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let Some(close) = after[1..].find(quote) else {
            break;
        };
        attributes.push((local(&key), decode_entities(&after[1..1 + close])));
        rest = after[close + 2..].trim_start();
    }
    (name, attributes)
}

/// Decodes the XML entities and character references; a bare `&` stays
/// (SGML-ish gold such as WikiWars has them).
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let entity_end = after.find(';').filter(|&i| i <= 10);
        let decoded = entity_end.and_then(|i| {
            let name = &after[..i];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, i))
        });
        match decoded {
            Some((c, i)) => {
                out.push(c);
                rest = &after[i + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn char_slice(text: &str, start: usize, end: usize) -> &str {
    let index = TextIndex::new(text);
    let range = index.bytes(lagebild_core::Span::new(start, end));
    &text[range]
}

/// Totals of one scored set, as the reference scorer counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TimexTotals {
    /// Documents scored.
    pub documents: usize,
    /// Gold expressions.
    pub gold: usize,
    /// System expressions.
    pub system: usize,
    /// Exact span matches.
    pub strict: usize,
    /// One-to-one overlapping pairs.
    pub relaxed: usize,
    /// Relaxed pairs with the gold value.
    pub value_ok: usize,
    /// Relaxed pairs whose gold has a type.
    pub typed: usize,
    /// Typed pairs with the gold type.
    pub type_ok: usize,
}

impl TimexTotals {
    fn counts(&self, correct: usize) -> Counts {
        Counts {
            tp: correct,
            fp: self.system - correct.min(self.system),
            fn_: self.gold - correct.min(self.gold),
        }
    }

    /// Strict extent P/R/F1.
    pub fn strict(&self) -> Counts {
        self.counts(self.strict)
    }

    /// Relaxed extent P/R/F1.
    pub fn relaxed(&self) -> Counts {
        self.counts(self.relaxed)
    }

    /// Value P/R/F1 (correct value among relaxed matches).
    pub fn value(&self) -> Counts {
        self.counts(self.value_ok)
    }

    /// Type accuracy on relaxed matches; `None` for untyped (TIMEX2) gold.
    pub fn type_accuracy(&self) -> Option<f64> {
        (self.typed > 0).then(|| self.type_ok as f64 / self.typed as f64)
    }

    fn add(&mut self, o: TimexTotals) {
        self.documents += o.documents;
        self.gold += o.gold;
        self.system += o.system;
        self.strict += o.strict;
        self.relaxed += o.relaxed;
        self.value_ok += o.value_ok;
        self.typed += o.typed;
        self.type_ok += o.type_ok;
    }
}

/// Non-whitespace coordinates of each code-point position.
fn non_whitespace_index(text: &str) -> Vec<usize> {
    let mut index = Vec::with_capacity(text.len() + 1);
    let mut n = 0;
    for c in text.chars() {
        index.push(n);
        if !c.is_whitespace() {
            n += 1;
        }
    }
    index.push(n);
    index
}

fn project(timexes: &[ScoredTimex], index: &[usize]) -> Vec<ScoredTimex> {
    let at = |i: usize| index[i.min(index.len() - 1)];
    timexes
        .iter()
        .filter_map(|t| {
            let (start, end) = (at(t.start), at(t.end));
            (end > start).then(|| ScoredTimex {
                start,
                end,
                ..t.clone()
            })
        })
        .collect()
}

/// Relaxed pairs (gold index, system index), one-to-one, chosen greedily
/// by overlap size as the reference scorer does; both sides already in
/// non-whitespace coordinates.
fn relaxed_pairs(g: &[ScoredTimex], s: &[ScoredTimex]) -> Vec<(usize, usize)> {
    let mut candidates = Vec::new();
    for (gi, a) in g.iter().enumerate() {
        for (si, b) in s.iter().enumerate() {
            let overlap = a.end.min(b.end) as isize - a.start.max(b.start) as isize;
            if overlap > 0 {
                candidates.push((-overlap, gi, si));
            }
        }
    }
    candidates.sort_unstable();
    let (mut used_g, mut used_s) = (vec![false; g.len()], vec![false; s.len()]);
    let mut pairs = Vec::new();
    for (_, gi, si) in candidates {
        if !used_g[gi] && !used_s[si] {
            used_g[gi] = true;
            used_s[si] = true;
            pairs.push((gi, si));
        }
    }
    pairs
}

/// Scores one document's system expressions against its gold, both over
/// the gold text.
pub fn score_document(gold: &GoldDocument, system: &[ScoredTimex]) -> TimexTotals {
    let index = non_whitespace_index(&gold.text);
    let g = project(&gold.timexes, &index);
    let s = project(system, &index);
    let gold_spans: std::collections::HashSet<(usize, usize)> =
        g.iter().map(|t| (t.start, t.end)).collect();
    let system_spans: std::collections::HashSet<(usize, usize)> =
        s.iter().map(|t| (t.start, t.end)).collect();
    let strict = gold_spans.intersection(&system_spans).count();
    let mut totals = TimexTotals {
        documents: 1,
        gold: g.len(),
        system: s.len(),
        strict,
        ..Default::default()
    };
    for (gi, si) in relaxed_pairs(&g, &s) {
        let (a, b) = (&g[gi], &s[si]);
        totals.relaxed += 1;
        totals.value_ok +=
            usize::from(a.value.as_deref().unwrap_or("") == b.value.as_deref().unwrap_or(""));
        if let Some(gold_type) = &a.time_type {
            totals.typed += 1;
            totals.type_ok += usize::from(Some(gold_type) == b.time_type.as_ref());
        }
    }
    totals
}

/// One disagreement with the gold, for tuning rules on dev data.
#[derive(Debug, Clone, Serialize)]
pub struct TimexError {
    /// `MISS`, `SPURIOUS`, `VALUE` (relaxed match, wrong value) or `EXTENT`
    /// (relaxed match, different span).
    pub kind: &'static str,
    /// Gold text and value (empty for spurious).
    pub gold: (String, String),
    /// System text and value (empty for misses).
    pub system: (String, String),
}

/// The disagreements of one document (texts cut from the gold text).
pub fn timex_errors(gold: &GoldDocument, system: &[ScoredTimex]) -> Vec<TimexError> {
    let index = non_whitespace_index(&gold.text);
    let g = project(&gold.timexes, &index);
    let s = project(system, &index);
    // Projected spans index non-whitespace characters; show the originals.
    let shown = |t: &ScoredTimex, originals: &[ScoredTimex]| -> (String, String) {
        let original = originals.iter().find(|o| {
            index[o.start.min(index.len() - 1)] == t.start
                && index[o.end.min(index.len() - 1)] == t.end
        });
        let text = original
            .map(|o| char_slice(&gold.text, o.start, o.end).to_string())
            .unwrap_or_default();
        (text, t.value.clone().unwrap_or_default())
    };
    let empty = || (String::new(), String::new());
    let pairs = relaxed_pairs(&g, &s);
    let mut errors = Vec::new();
    for &(gi, si) in &pairs {
        let (a, b) = (&g[gi], &s[si]);
        let kind = if a.value.as_deref().unwrap_or("") != b.value.as_deref().unwrap_or("") {
            "VALUE"
        } else if (a.start, a.end) != (b.start, b.end) {
            "EXTENT"
        } else {
            continue;
        };
        errors.push(TimexError {
            kind,
            gold: shown(a, &gold.timexes),
            system: shown(b, system),
        });
    }
    for (gi, a) in g.iter().enumerate() {
        if !pairs.iter().any(|p| p.0 == gi) {
            errors.push(TimexError {
                kind: "MISS",
                gold: shown(a, &gold.timexes),
                system: empty(),
            });
        }
    }
    for (si, b) in s.iter().enumerate() {
        if !pairs.iter().any(|p| p.1 == si) {
            errors.push(TimexError {
                kind: "SPURIOUS",
                gold: empty(),
                system: shown(b, system),
            });
        }
    }
    errors
}

/// The evaluation sets under `shared/data/timex/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimexSet {
    /// Name for `--set` and the report.
    pub name: &'static str,
    /// Gold folder relative to the shared folder.
    pub gold: &'static str,
    /// HeidelTime's output on the same files, if shipped.
    pub heideltime: Option<&'static str>,
    /// Language of the texts.
    pub language: Language,
    /// Whether the set gates CI (WikiWarsDE is reported only).
    pub gated: bool,
}

/// The sets the harness knows, in report order.
pub const TIMEX_SETS: &[TimexSet] = &[
    TimexSet {
        name: "dolomiten",
        gold: "data/timex/de/krauts-dev/dolomiten-42",
        heideltime: Some("data/timex/de/krauts-dev-heideltime-output/dolomiten-42"),
        language: Language::German,
        gated: true,
    },
    TimexSet {
        name: "diezeit",
        gold: "data/timex/de/krauts-dev/diezeit",
        heideltime: Some("data/timex/de/krauts-dev-heideltime-output/diezeit"),
        language: Language::German,
        gated: true,
    },
    TimexSet {
        name: "tbaq",
        gold: "data/timex/en/tbaq-cleaned",
        heideltime: None,
        language: Language::English,
        gated: true,
    },
    TimexSet {
        name: "wikiwarsde",
        gold: "data/timex/de/wikiwarsde/keyinline",
        heideltime: None,
        language: Language::German,
        gated: false,
    },
];

/// A set's system output per document, for `--write-system` (the
/// reference scorer's JSONL input) and error listings.
#[derive(Debug, Serialize)]
pub struct SystemDocument {
    /// The gold document's key.
    pub doc: String,
    /// What the tagger found.
    pub timexes: Vec<TimeExpression>,
    /// The disagreements with the gold.
    #[serde(skip)]
    pub errors: Vec<TimexError>,
}

/// Runs the tagger over a set and scores it; also returns the system
/// output per document.
pub fn evaluate_timex(
    set: &TimexSet,
    shared: &Path,
) -> Result<(TimexTotals, Vec<SystemDocument>), EvalError> {
    let gold = read_gold(&shared.join(set.gold))?;
    let tagger =
        TimeTagger::for_language(set.language).map_err(|e| EvalError::Resources(e.to_string()))?;
    let mut totals = TimexTotals::default();
    let mut output = Vec::with_capacity(gold.len());
    for doc in &gold {
        let found = tagger.tag(&doc.text, doc.dct.as_deref());
        let system: Vec<ScoredTimex> = found
            .iter()
            .map(|t| ScoredTimex {
                start: t.start,
                end: t.end,
                time_type: Some(
                    serde_json::to_value(t.time_type)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default(),
                ),
                value: Some(t.value.clone()),
            })
            .collect();
        totals.add(score_document(doc, &system));
        let errors = timex_errors(doc, &system);
        output.push(SystemDocument {
            doc: doc.name.clone(),
            timexes: found,
            errors,
        });
    }
    Ok((totals, output))
}

/// Scores HeidelTime's shipped output on a set with the same metric.
/// Documents whose text differs from the gold text (beyond whitespace) are
/// reported as an error rather than silently misaligned.
pub fn evaluate_heideltime(
    set: &TimexSet,
    shared: &Path,
) -> Result<Option<TimexTotals>, EvalError> {
    let Some(folder) = set.heideltime else {
        return Ok(None);
    };
    let gold = read_gold(&shared.join(set.gold))?;
    let system: std::collections::HashMap<String, GoldDocument> = read_gold(&shared.join(folder))?
        .into_iter()
        .map(|d| (d.name.clone(), d))
        .collect();
    let mut totals = TimexTotals::default();
    for doc in &gold {
        let Some(sys) = system.get(&doc.name) else {
            totals.add(score_document(doc, &[]));
            continue;
        };
        let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        if squeeze(&sys.text) != squeeze(&doc.text) {
            return Err(EvalError::Format {
                path: shared.join(folder).join(&doc.name),
                message: "HeidelTime text differs from the gold text".into(),
            });
        }
        // Map system offsets into gold coordinates through non-whitespace
        // positions, which both texts share.
        let sys_index = non_whitespace_index(&sys.text);
        let gold_positions = gold_position_of_non_whitespace(&doc.text);
        let mapped: Vec<ScoredTimex> = project(&sys.timexes, &sys_index)
            .into_iter()
            .map(|t| ScoredTimex {
                start: gold_positions[t.start],
                end: gold_positions[t.end - 1] + 1,
                ..t
            })
            .collect();
        totals.add(score_document(doc, &mapped));
    }
    Ok(Some(totals))
}

/// Code-point position in `text` of each non-whitespace character.
fn gold_position_of_non_whitespace(text: &str) -> Vec<usize> {
    text.chars()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, _)| i)
        .collect()
}

/// One gold amount: stand-off over a corpus document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldAmount {
    /// Corpus document id (`10kgnad:<row>`).
    pub doc: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Numeric value.
    pub value: f64,
    /// Unit, or null for counts.
    pub unit: Option<String>,
    /// What is counted, when stated.
    pub object: Option<String>,
}

/// Amount scores: extent (exact span) and full (span, value, unit and
/// object all right).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AmountTotals {
    /// Documents scored.
    pub documents: usize,
    /// Exact-span matches.
    pub extent: Counts,
    /// Exact span with value, unit and object right.
    pub full: Counts,
}

/// Reads the 10kGNAD CSV (`;`-separated, `'`-quoted, `label;text`) and
/// returns the texts of the given row numbers.
pub fn read_10kgnad_rows(
    path: &Path,
    rows: &[usize],
) -> Result<std::collections::HashMap<usize, String>, EvalError> {
    let raw = read(path)?;
    let wanted: std::collections::HashSet<usize> = rows.iter().copied().collect();
    let mut out = std::collections::HashMap::new();
    for (row, record) in csv_records(&raw).enumerate() {
        if wanted.contains(&row) {
            let text = record.get(1).cloned().ok_or_else(|| EvalError::Format {
                path: path.to_path_buf(),
                message: format!("row {row} has no text column"),
            })?;
            out.insert(row, text);
        }
    }
    Ok(out)
}

/// Records of a `;`-separated CSV with `'` as quote (doubled to escape).
fn csv_records(raw: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    let mut chars = raw.chars().peekable();
    std::iter::from_fn(move || {
        chars.peek()?;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '\'') if chars.peek() == Some(&'\'') => {
                    field.push('\'');
                    chars.next();
                }
                (true, '\'') => quoted = false,
                (false, '\'') if field.is_empty() => quoted = true,
                (false, ';') => fields.push(std::mem::take(&mut field)),
                (false, '\n') => break,
                (false, '\r') => {}
                _ => field.push(c),
            }
        }
        fields.push(field);
        Some(fields)
    })
}

/// Tags the amounts of a German text the way the pipeline stage does
/// (times first, amounts overlapping them dropped).
pub fn tag_amounts(text: &str, language: Language) -> Result<Vec<Amount>, EvalError> {
    let tagger =
        TimeTagger::for_language(language).map_err(|e| EvalError::Resources(e.to_string()))?;
    let rules =
        AmountRules::for_language(language).map_err(|e| EvalError::Resources(e.to_string()))?;
    let index = TextIndex::new(text);
    let times = tagger.rules.tag(text, &index, None);
    Ok(rules.find(text, &index, &times))
}

/// Scores amounts found in `texts` (by document id) against gold.
pub fn score_amounts(gold: &[GoldAmount], system: &[(String, Amount)]) -> AmountTotals {
    let mut totals = AmountTotals::default();
    let documents: std::collections::BTreeSet<&str> = gold.iter().map(|g| g.doc.as_str()).collect();
    totals.documents = documents.len();
    let same_value = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    let mut matched = vec![false; system.len()];
    for g in gold {
        let hit = system.iter().enumerate().find(|(i, (doc, s))| {
            !matched[*i] && *doc == g.doc && s.start == g.start && s.end == g.end
        });
        match hit {
            Some((i, (_, s))) => {
                matched[i] = true;
                totals.extent.tp += 1;
                if same_value(s.value, g.value) && s.unit == g.unit && s.object == g.object {
                    totals.full.tp += 1;
                } else {
                    totals.full.fn_ += 1;
                    totals.full.fp += 1;
                }
            }
            None => {
                totals.extent.fn_ += 1;
                totals.full.fn_ += 1;
            }
        }
    }
    let unmatched = matched.iter().filter(|m| !**m).count();
    totals.extent.fp += unmatched;
    totals.full.fp += unmatched;
    totals
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_timeml_like_the_reference_scorer() {
        let xml = "<?xml version=\"1.0\" ?>\n<TimeML><DCT><TIMEX3 tid=\"t0\" value=\"2010-02-20\" functionInDocument=\"CREATION_TIME\">20.2.</TIMEX3></DCT>\n<TEXT>\nAm <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2010-02-25\">25. Februar</TIMEX3> &amp; <TIMEX3 tid=\"t2\" type=\"TIME\" value=\"X\"> </TIMEX3>um 20&#46;30</TEXT></TimeML>";
        let flat = flatten_xml(xml).unwrap();
        assert_eq!(flat.text, "\nAm 25. Februar &  um 20.30");
        assert_eq!(flat.dct.as_deref(), Some("2010-02-20"));
        assert_eq!(flat.timexes.len(), 1, "whitespace-only timex is skipped");
        assert_eq!((flat.timexes[0].start, flat.timexes[0].end), (4, 15));
    }

    #[test]
    fn nested_timex2_and_bare_ampersands() {
        let xml = "<DOC><TEXT>A & B <TIMEX2 val=\"1939-09\">September <TIMEX2 val=\"1939\">1939</TIMEX2></TIMEX2></TEXT></DOC>";
        let flat = flatten_xml(xml).unwrap();
        assert_eq!(flat.text, "A & B September 1939");
        let spans: Vec<(usize, usize)> = flat.timexes.iter().map(|t| (t.start, t.end)).collect();
        assert_eq!(spans, vec![(16, 20), (6, 20)]);
    }

    fn timex(start: usize, end: usize, value: &str) -> ScoredTimex {
        ScoredTimex {
            start,
            end,
            time_type: Some("DATE".into()),
            value: Some(value.into()),
        }
    }

    #[test]
    fn strict_relaxed_and_value_counts() {
        let gold = GoldDocument {
            name: "d".into(),
            dct: None,
            text: "im vergangenen Jahr und 1991".into(),
            timexes: vec![timex(3, 19, "2022"), timex(24, 28, "1991")],
        };
        // One relaxed-only match with the right value, one spurious.
        let system = vec![timex(0, 19, "2022"), timex(20, 23, "X")];
        let t = score_document(&gold, &system);
        assert_eq!(
            (t.gold, t.system, t.strict, t.relaxed, t.value_ok),
            (2, 2, 0, 1, 1)
        );
        // Whitespace does not count for strict matching.
        let t = score_document(&gold, &[timex(2, 19, "2022")]);
        assert_eq!(t.strict, 1);
    }

    #[test]
    fn csv_quotes_and_separators() {
        let rows: Vec<Vec<String>> = csv_records("A;'x; ''y'''\nB;z\n").collect();
        assert_eq!(
            rows,
            vec![
                vec!["A".to_string(), "x; 'y'".to_string()],
                vec!["B".to_string(), "z".to_string()]
            ]
        );
    }

    #[test]
    fn amount_scores_need_exact_spans_and_fields() {
        let gold = vec![GoldAmount {
            doc: "d".into(),
            start: 0,
            end: 5,
            value: 3.0,
            unit: Some("kg".into()),
            object: None,
        }];
        let right = Amount {
            text: "3 kg".into(),
            start: 0,
            end: 5,
            value: 3.0,
            unit: Some("kg".into()),
            object: None,
        };
        let wrong_unit = Amount {
            unit: Some("t".into()),
            ..right.clone()
        };
        let t = score_amounts(&gold, &[("d".into(), right)]);
        assert_eq!((t.extent.tp, t.full.tp), (1, 1));
        let t = score_amounts(&gold, &[("d".into(), wrong_unit)]);
        assert_eq!((t.extent.tp, t.full.tp, t.full.fp), (1, 0, 1));
    }
}
