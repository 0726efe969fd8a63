//! Every 10kGNAD and Wikinews article in ../shared/data/corpus goes through
//! `lagebild analyze` without error, and structure recovery sets no body
//! text aside: each input line (taken from a `--verbatim` run) is found in
//! the recovered text or, set aside by a known rule, in `boilerplate`.

mod analyze_support;

use analyze_support::{documents, lagebild, shared, stderr};
use serde_json::Value;

/// The reasons the shipped rules (and the kicker/title repeat) give.
const KNOWN_REASONS: [&str; 8] = [
    "gallery",
    "cross-promotion",
    "related-articles",
    "newsletter",
    "cookie",
    "share",
    "advertisement",
    "repeated-title",
];
/// Largest share of the characters of a corpus of clean news text that may
/// be set aside; clean corpora hold almost no boilerplate.
const MAX_SET_ASIDE_SHARE: f64 = 0.002;

fn analyse(args: &[&str]) -> Vec<Value> {
    let output = lagebild(args, None);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?} failed: {}",
        stderr(&output)
    );
    documents(&output)
}

/// Runs the corpus with and without structure recovery and checks that
/// recovery loses no line and sets aside only a sliver, by known rules.
fn check_corpus(input: &str, map: Option<&str>, expected_articles: usize) {
    let mut args = vec!["analyze", "--json"];
    if let Some(map) = map {
        args.extend(["--map", map]);
    }
    args.push(input);
    let recovered = analyse(&args);
    args.insert(2, "--verbatim");
    let verbatim = analyse(&args);
    assert_eq!(recovered.len(), expected_articles);
    assert_eq!(verbatim.len(), expected_articles);

    let (mut total_chars, mut aside_chars) = (0usize, 0usize);
    for (doc, raw) in recovered.iter().zip(&verbatim) {
        assert_eq!(doc["id"], raw["id"], "output keeps input order");
        let text = doc["text"].as_str().unwrap_or_default();
        let aside: Vec<&Value> = doc["boilerplate"]
            .as_array()
            .into_iter()
            .flatten()
            .collect();
        for item in &aside {
            let reason = item["reason"].as_str().unwrap_or_default();
            assert!(
                KNOWN_REASONS.contains(&reason),
                "unknown reason {reason:?} in {}",
                doc["id"]
            );
            println!("set aside in {} ({reason}): {}", doc["id"], item["text"]);
            aside_chars += item["text"].as_str().map_or(0, |t| t.chars().count());
        }
        let raw_text = raw["text"].as_str().unwrap_or_default();
        total_chars += raw_text.chars().count();
        for line in raw_text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let kept = text.contains(line) || aside.iter().any(|item| item["text"] == line);
            assert!(
                kept,
                "{}: line lost by structure recovery: {line}",
                doc["id"]
            );
        }
    }
    let share = aside_chars as f64 / total_chars.max(1) as f64;
    println!("{input}: {expected_articles} articles, {aside_chars} of {total_chars} characters set aside ({share:.5})");
    assert!(
        share <= MAX_SET_ASIDE_SHARE,
        "{input}: {share:.4} of the text set aside"
    );
}

#[test]
fn all_10kgnad_articles_go_through() {
    let Some(csv) = shared("data/corpus/10kgnad/articles_dev.csv") else {
        return;
    };
    check_corpus(&csv, None, 823);
}

#[test]
fn all_wikinews_articles_go_through() {
    let Some(dir) = shared("data/corpus/wikinews_quotes_de") else {
        return;
    };
    // train.jsonl.gz holds 700 documents, dev.jsonl.gz 150.
    check_corpus(&dir, Some("text=originalText,id=documentName"), 700 + 150);
}
