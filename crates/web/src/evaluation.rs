//! The extraction metrics of `../shared/tools/score_extraction.py`,
//! reimplemented so that `lagebild eval extraction` prints the same figures
//! without Python: AEB's 4-gram shingle P/R/F1, WCXB's bag-of-words F1,
//! trafilatura's snippet P/R/F1, and metadata exact-match accuracy.

use std::collections::HashMap;

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
