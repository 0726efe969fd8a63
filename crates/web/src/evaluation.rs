//! The extraction metrics of `../shared/tools/score_extraction.py`,
//! reimplemented so that `lagebild eval extraction` prints the same figures
//! without Python: AEB's 4-gram shingle P/R/F1, WCXB's bag-of-words F1,
//! trafilatura's snippet P/R/F1, and metadata exact-match accuracy; plus
//! the runners that extract every page of a set and score it.

use lagebild_core::Document;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

/// Tokens as the scorer's `\w+` finds them (letters, digits, marks and
/// underscore; case kept).
pub fn tokens(text: &str) -> Vec<&str> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || is_mark(c);
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Combining marks count as word characters in Python's `\w`, which
/// matters for Indic and some Cyrillic pages.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957 | 0x0962..=0x0963 | 0x0981..=0x0983 | 0x09BC..=0x09D7 | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x3099..=0x309A)
}

/// Time spent computing by the calling thread: per-page timings taken
/// with it are per-core figures even while other processes share the
/// cores (wall time would also count the time the thread waited for a
/// core).
#[derive(Debug, Clone, Copy)]
pub struct ThreadTimer {
    started: Duration,
}

impl ThreadTimer {
    /// Starts timing.
    pub fn start() -> Self {
        ThreadTimer {
            started: thread_cpu_time(),
        }
    }

    /// Seconds of this thread's CPU time since [`ThreadTimer::start`].
    pub fn seconds(&self) -> f64 {
        thread_cpu_time().saturating_sub(self.started).as_secs_f64()
    }
}

/// CPU time the calling thread has used so far (zero if the platform's
/// thread clock cannot be read, which makes timings zero, not wrong).
fn thread_cpu_time() -> Duration {
    cpu_time::ThreadTime::try_now().map_or(Duration::ZERO, |t| t.as_duration())
}

/// One page's shingle overlap, normalised so every page weighs the same.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ShingleShares {
    /// Share of shingles in both.
    pub tp: f64,
    /// Share only in the prediction.
    pub fp: f64,
    /// Share only in the truth.
    pub fn_: f64,
}

fn shingles<'t, 'a>(toks: &'t [&'a str]) -> HashMap<&'t [&'a str], usize> {
    let mut out = HashMap::new();
    if toks.is_empty() {
        return out;
    }
    let n = 4;
    let count = toks.len().saturating_sub(n - 1).max(1);
    for i in 0..count {
        *out.entry(&toks[i..(i + n).min(toks.len())]).or_insert(0) += 1;
    }
    out
}

/// Shingle overlap of one page (AEB definition).
pub fn shingle_shares(truth: &str, prediction: &str) -> ShingleShares {
    let (t_toks, p_toks) = (tokens(truth), tokens(prediction));
    let (t, p) = (shingles(&t_toks), shingles(&p_toks));
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (k, a) in &t {
        let b = p.get(k).copied().unwrap_or(0);
        tp += (*a).min(b);
        fn_ += a.saturating_sub(b);
    }
    for (k, b) in &p {
        let a = t.get(k).copied().unwrap_or(0);
        fp += b.saturating_sub(a);
    }
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        return ShingleShares::default();
    }
    ShingleShares {
        tp: tp as f64 / sum,
        fp: fp as f64 / sum,
        fn_: fn_ as f64 / sum,
    }
}

/// Precision, recall and F1 as floats.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

fn harmonic(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Macro-averaged shingle P/R/F1 over pages (AEB aggregation).
pub fn shingle_aggregate(pages: &[ShingleShares]) -> Prf {
    let exact = |s: &ShingleShares| s.fp == 0.0 && s.fn_ == 0.0;
    let precisions: Vec<f64> = pages
        .iter()
        .filter(|s| s.tp + s.fp > 0.0)
        .map(|s| if exact(s) { 1.0 } else { s.tp / (s.tp + s.fp) })
        .collect();
    let recalls: Vec<f64> = pages
        .iter()
        .filter(|s| s.tp + s.fn_ > 0.0)
        .map(|s| if exact(s) { 1.0 } else { s.tp / (s.tp + s.fn_) })
        .collect();
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let (p, r) = (mean(&precisions), mean(&recalls));
    Prf {
        precision: p,
        recall: r,
        f1: harmonic(p, r),
    }
}

/// Bag-of-words P/R/F1 of one page (WCXB definition, lower-cased).
pub fn bow_prf(truth: &str, prediction: &str) -> Prf {
    let bag = |text: &str| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for t in tokens(text) {
            *m.entry(t.to_lowercase()).or_insert(0) += 1;
        }
        m
    };
    let (t, p) = (bag(truth), bag(prediction));
    if t.is_empty() {
        let v = if p.is_empty() { 1.0 } else { 0.0 };
        return Prf {
            precision: v,
            recall: v,
            f1: v,
        };
    }
    if p.is_empty() {
        return Prf::default();
    }
    let overlap: usize = t
        .iter()
        .map(|(k, a)| (*a).min(p.get(k).copied().unwrap_or(0)))
        .sum();
    let precision = overlap as f64 / p.values().sum::<usize>() as f64;
    let recall = overlap as f64 / t.values().sum::<usize>() as f64;
    Prf {
        precision,
        recall,
        f1: harmonic(precision, recall),
    }
}

/// Collapses whitespace runs to one space and trims.
pub fn normalise_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Snippet counts summed over pages (trafilatura definition).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SnippetCounts {
    /// Must-have snippets found.
    pub tp: usize,
    /// Must-not-have snippets found.
    pub fp: usize,
    /// Must-have snippets missing.
    pub fn_: usize,
    /// Must-not-have snippets absent.
    pub tn: usize,
}

impl SnippetCounts {
    /// Counts for one page.
    pub fn of_page(with: &[String], without: &[String], prediction: &str) -> Self {
        let text = normalise_whitespace(prediction);
        let found = |s: &String| !prediction.is_empty() && text.contains(&normalise_whitespace(s));
        let tp = with.iter().filter(|s| found(s)).count();
        let fp = without.iter().filter(|s| found(s)).count();
        SnippetCounts {
            tp,
            fp,
            fn_: with.len() - tp,
            tn: without.len() - fp,
        }
    }

    /// Adds another page's counts.
    pub fn add(&mut self, other: SnippetCounts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
        self.tn += other.tn;
    }

    /// Precision, recall, F1.
    pub fn prf(&self) -> Prf {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (p, r) = (
            ratio(self.tp, self.tp + self.fp),
            ratio(self.tp, self.tp + self.fn_),
        );
        Prf {
            precision: p,
            recall: r,
            f1: harmonic(p, r),
        }
    }

    /// (tp + tn) / all.
    pub fn accuracy(&self) -> f64 {
        let all = self.tp + self.fp + self.fn_ + self.tn;
        if all == 0 {
            0.0
        } else {
            (self.tp + self.tn) as f64 / all as f64
        }
    }
}

/// Metadata comparison as the scorer does it: lower-cased,
/// whitespace-normalised exact match; lists joined with "; ".
pub fn normalise_meta(value: &str) -> String {
    normalise_whitespace(value).to_lowercase()
}

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A data file is missing or unreadable.
    #[error("cannot read {path}: {message} (is ../shared beside the repository?)")]
    Data {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
}

fn data_error(path: &Path, message: impl ToString) -> EvalError {
    EvalError::Data {
        path: path.display().to_string(),
        message: message.to_string(),
    }
}

/// What the system produced for one page, in the scorer's terms.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Prediction {
    /// Page id.
    pub id: String,
    /// Scored text: the body zones (teaser, headings, paragraphs).
    pub text: String,
    /// Headline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Bylines joined with "; ".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Publication day, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Size of the JSON document `lagebild analyze --json` writes for the
    /// page; producing it is part of the timed work (HTML in, JSON out).
    pub json_bytes: usize,
}

/// Runs the extractor on one page as `lagebild analyze` would (down to
/// the JSON document) and keeps what the scorer reads. Extraction errors give an empty prediction.
pub fn predict(id: &str, html: &[u8], url: Option<&str>) -> Prediction {
    let hints = crate::PageHints {
        url: url.map(str::to_string),
        ..Default::default()
    };
    let Ok(article) = crate::extract_html(html, &hints) else {
        return Prediction {
            id: id.to_string(),
            ..Default::default()
        };
    };
    let doc = Document::from_article(article);
    let json_bytes = serde_json::to_vec(&doc).map_or(0, |json| json.len());
    let text = doc
        .body_zones()
        .map(|z| doc.slice(z.span))
        .collect::<Vec<_>>()
        .join("\n\n");
    Prediction {
        id: id.to_string(),
        text,
        title: doc.title.clone(),
        author: (!doc.authors.is_empty()).then(|| doc.authors.join("; ")),
        date: doc
            .published
            .as_deref()
            .and_then(|d| d.get(0..10))
            .map(str::to_string),
        json_bytes,
    }
}

/// Counts of correct metadata fields.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Accuracy {
    /// Pages where the field matched.
    pub correct: usize,
    /// Pages where both gold and system had the field.
    pub n: usize,
}

impl Accuracy {
    fn record(&mut self, correct: bool) {
        self.n += 1;
        self.correct += usize::from(correct);
    }

    /// correct / n (0 when nothing was compared).
    pub fn rate(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.correct as f64 / self.n as f64
        }
    }
}

/// Figures for one language group of a set.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct GroupScores {
    /// `all`, `de`, `en` or `other`.
    pub group: String,
    /// Pages in the group.
    pub pages: usize,
    /// Shingle P/R/F1 (sets with full-text truth).
    pub shingle: Option<Prf>,
    /// Share of pages whose tokens equal the truth's exactly.
    pub exact_pages: Option<f64>,
    /// Mean per-page bag-of-words P/R/F1.
    pub bow: Option<Prf>,
    /// Snippet counts (sets with with/without snippets).
    pub snippet: Option<SnippetCounts>,
    /// Title accuracy.
    pub title: Accuracy,
    /// Author accuracy.
    pub author: Accuracy,
    /// Date accuracy.
    pub date: Accuracy,
}

/// Figures for one benchmark set.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SetScores {
    /// Folder name of the set.
    pub set: String,
    /// all, de, en, other (groups without pages left out).
    pub groups: Vec<GroupScores>,
    /// Sum of per-page extraction time (seconds of thread CPU time).
    pub extraction_seconds: f64,
}

impl SetScores {
    /// The group named `name`.
    pub fn group(&self, name: &str) -> Option<&GroupScores> {
        self.groups.iter().find(|g| g.group == name)
    }
}

/// One ground-truth record; fields as in the set's PROVENANCE.md.
#[derive(Debug, serde::Deserialize)]
struct Truth {
    id: String,
    url: Option<String>,
    lang: Option<String>,
    #[serde(rename = "articleBody")]
    article_body: Option<String>,
    main_content: Option<String>,
    with: Option<Vec<String>>,
    #[serde(default)]
    without: Vec<String>,
    title: Option<serde_json::Value>,
    author: Option<serde_json::Value>,
    date: Option<serde_json::Value>,
    publish_date: Option<serde_json::Value>,
}

/// A gold metadata value as the scorer reads it: lists joined with "; ",
/// empty values absent.
fn gold_meta(value: Option<&serde_json::Value>) -> Option<String> {
    let text = match value? {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join("; "),
        serde_json::Value::Null | serde_json::Value::Bool(false) => return None,
        other => other.to_string(),
    };
    (!text.is_empty()).then_some(text)
}

fn read_gzip(path: &Path) -> Result<Vec<u8>, EvalError> {
    let file = std::fs::File::open(path).map_err(|e| data_error(path, e))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .map_err(|e| data_error(path, e))?;
    Ok(bytes)
}

/// Extracts and scores every page of a set folder (`ground-truth.jsonl`
/// and `html/<id>.html.gz`), in parallel; predictions come back in file
/// order for cross-checking with the Python scorer.
pub fn evaluate_set(dir: &Path) -> Result<(SetScores, Vec<Prediction>), EvalError> {
    let truth_path = dir.join("ground-truth.jsonl");
    let lines = std::fs::read_to_string(&truth_path).map_err(|e| data_error(&truth_path, e))?;
    let truths: Vec<Truth> = lines
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| data_error(&truth_path, e)))
        .collect::<Result<_, _>>()?;
    let pages: Vec<(Vec<u8>, &Truth)> = truths
        .iter()
        .map(|t| {
            Ok((
                read_gzip(&dir.join("html").join(format!("{}.html.gz", t.id)))?,
                t,
            ))
        })
        .collect::<Result<_, EvalError>>()?;
    let timed: Vec<(Prediction, f64)> = pages
        .par_iter()
        .map(|(html, truth)| {
            let timer = ThreadTimer::start();
            let prediction = predict(&truth.id, html, truth.url.as_deref());
            (prediction, timer.seconds())
        })
        .collect();
    let extraction_seconds = timed.iter().map(|(_, s)| s).sum();
    let predictions: Vec<Prediction> = timed.into_iter().map(|(p, _)| p).collect();
    let mut groups = Vec::new();
    for group in ["all", "de", "en", "other"] {
        let members: Vec<(&Truth, &Prediction)> = truths
            .iter()
            .zip(&predictions)
            .filter(|(t, _)| group == "all" || language_group(t.lang.as_deref()) == group)
            .collect();
        if !members.is_empty() {
            groups.push(score_group(group, &members));
        }
    }
    let set = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((
        SetScores {
            set,
            groups,
            extraction_seconds,
        },
        predictions,
    ))
}

fn language_group(lang: Option<&str>) -> &'static str {
    match lang {
        Some("de") => "de",
        Some("en") => "en",
        _ => "other",
    }
}

fn score_group(group: &str, members: &[(&Truth, &Prediction)]) -> GroupScores {
    let mut scores = GroupScores {
        group: group.to_string(),
        pages: members.len(),
        ..Default::default()
    };
    let mut shares = Vec::new();
    let mut bows = Vec::new();
    let mut exact = 0usize;
    let mut snippets: Option<SnippetCounts> = None;
    for (truth, prediction) in members {
        if let Some(full) = truth
            .article_body
            .as_deref()
            .or(truth.main_content.as_deref())
        {
            shares.push(shingle_shares(full, &prediction.text));
            bows.push(bow_prf(full, &prediction.text));
            exact += usize::from(tokens(full) == tokens(&prediction.text));
        }
        if let Some(with) = &truth.with {
            snippets
                .get_or_insert_with(SnippetCounts::default)
                .add(SnippetCounts::of_page(
                    with,
                    &truth.without,
                    &prediction.text,
                ));
        }
        let matches = |gold: Option<&serde_json::Value>, system: &Option<String>| {
            Some(normalise_meta(&gold_meta(gold)?) == normalise_meta(system.as_deref()?))
        };
        if let Some(ok) = matches(truth.title.as_ref(), &prediction.title) {
            scores.title.record(ok);
        }
        if let Some(ok) = matches(truth.author.as_ref(), &prediction.author) {
            scores.author.record(ok);
        }
        for gold_date in [&truth.date, &truth.publish_date] {
            if let Some(ok) = matches(gold_date.as_ref(), &prediction.date) {
                scores.date.record(ok);
            }
        }
    }
    if !shares.is_empty() {
        scores.shingle = Some(shingle_aggregate(&shares));
        scores.exact_pages = Some(exact as f64 / shares.len() as f64);
        let n = bows.len() as f64;
        scores.bow = Some(Prf {
            precision: bows.iter().map(|b| b.precision).sum::<f64>() / n,
            recall: bows.iter().map(|b| b.recall).sum::<f64>() / n,
            f1: bows.iter().map(|b| b.f1).sum::<f64>() / n,
        });
    }
    scores.snippet = snippets;
    scores
}

/// Metadata accuracy on the fundus publisher pages.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct FundusScores {
    /// Pages compared.
    pub pages: usize,
    /// Headline equal (normalised).
    pub title: Accuracy,
    /// Same set of author names (normalised).
    pub authors: Accuracy,
    /// Same publication day.
    pub date: Accuracy,
    /// Pages where the system found no date (counted wrong above).
    pub date_missing: usize,
}

/// Scores title, authors and date on `html_de/fundus/<country>/`: each
/// `<Publisher>.json` holds expected values for its pages
/// `<Publisher>_<date>.html.gz` (versions `V1`, `V1_1`, `V2`… in the order
/// of the page files); URLs come from `meta.info`. Here a missing field
/// counts as wrong. Predictions come back with ids `<country>/<page file>`
/// for cross-checking with `scripts/extraction/metadata_report.py`.
pub fn evaluate_fundus(dir: &Path) -> Result<(FundusScores, Vec<Prediction>), EvalError> {
    let mut scores = FundusScores::default();
    let mut predictions = Vec::new();
    let mut countries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| data_error(dir, e))?
        .flatten()
        .map(|e| e.path())
        .collect();
    countries.sort();
    for country in countries.iter().filter(|p| p.is_dir()) {
        let info_path = country.join("meta.info");
        let info: serde_json::Value = std::fs::read_to_string(&info_path)
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        let mut files: Vec<String> = std::fs::read_dir(country)
            .map_err(|e| data_error(country, e))?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        for expected_file in files.iter().filter(|f| f.ends_with(".json")) {
            let publisher = expected_file.trim_end_matches(".json");
            let path = country.join(expected_file);
            let expected: serde_json::Map<String, serde_json::Value> =
                std::fs::read_to_string(&path)
                    .ok()
                    .and_then(|s| serde_json::from_str(&s).ok())
                    .ok_or_else(|| data_error(&path, "not a JSON object"))?;
            let prefix = format!("{publisher}_");
            let pages: Vec<&String> = files
                .iter()
                .filter(|f| f.starts_with(&prefix) && f.ends_with(".html.gz"))
                .collect();
            let mut versions: Vec<&String> = expected.keys().collect();
            versions.sort();
            if pages.len() != versions.len() {
                continue;
            }
            for (page, version) in pages.iter().zip(versions) {
                let html = read_gzip(&country.join(page))?;
                let url = info
                    .get(page.as_str())
                    .and_then(|i| i.get("url"))
                    .and_then(|u| u.as_str());
                let country_name = country.file_name().unwrap_or_default().to_string_lossy();
                let prediction = predict(&format!("{country_name}/{page}"), &html, url);
                score_fundus_page(&expected[version], &prediction, &mut scores);
                predictions.push(prediction);
            }
        }
    }
    Ok((scores, predictions))
}

fn score_fundus_page(
    expected: &serde_json::Value,
    prediction: &Prediction,
    scores: &mut FundusScores,
) {
    scores.pages += 1;
    let text = |key: &str| {
        expected
            .get(key)
            .and_then(|v| v.as_str())
            .map(normalise_meta)
    };
    if let Some(title) = text("title") {
        scores
            .title
            .record(prediction.title.as_deref().map(normalise_meta) == Some(title));
    }
    let gold_authors: Vec<String> = expected
        .get("authors")
        .and_then(|a| a.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str())
                .map(normalise_meta)
                .collect()
        })
        .unwrap_or_default();
    if !gold_authors.is_empty() {
        let mut gold = gold_authors;
        gold.sort();
        let mut system: Vec<String> = prediction
            .author
            .as_deref()
            .map(|a| a.split("; ").map(normalise_meta).collect())
            .unwrap_or_default();
        system.sort();
        scores.authors.record(gold == system);
    }
    if let Some(date) = text("publishing_date").and_then(|d| d.get(0..10).map(str::to_string)) {
        if prediction.date.is_none() {
            scores.date_missing += 1;
        }
        scores
            .date
            .record(prediction.date.as_deref() == Some(date.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_like_python_word_regex() {
        assert_eq!(
            tokens("Der Kanzler—sagte: „Nein_2“!"),
            vec!["Der", "Kanzler", "sagte", "Nein_2"]
        );
    }

    #[test]
    fn shingles_of_identical_and_disjoint_text() {
        let same = shingle_shares("a b c d e", "a b c d e");
        assert_eq!(
            same,
            ShingleShares {
                tp: 1.0,
                fp: 0.0,
                fn_: 0.0
            }
        );
        let disjoint = shingle_shares("a b c d", "w x y z");
        assert_eq!(
            disjoint,
            ShingleShares {
                tp: 0.0,
                fp: 0.5,
                fn_: 0.5
            }
        );
        let agg = shingle_aggregate(&[same, disjoint]);
        assert!((agg.precision - 0.5).abs() < 1e-12 && (agg.f1 - 0.5).abs() < 1e-12);
        // short texts make one shorter shingle
        assert_eq!(shingle_shares("a b", "a b").tp, 1.0);
    }

    #[test]
    fn bow_and_snippets() {
        let prf = bow_prf("a b c d", "A b x");
        assert!((prf.precision - 2.0 / 3.0).abs() < 1e-12 && (prf.recall - 0.5).abs() < 1e-12);
        assert_eq!(bow_prf("", "").f1, 1.0);
        let c = SnippetCounts::of_page(
            &["zwei  Wörter".into(), "fehlt".into()],
            &["Menü".into()],
            "zwei\nWörter und Menü",
        );
        assert_eq!(
            c,
            SnippetCounts {
                tp: 1,
                fp: 1,
                fn_: 1,
                tn: 0
            }
        );
    }
}
