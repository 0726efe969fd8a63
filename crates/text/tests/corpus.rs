//! Checks over the real corpora in `../shared` (skipped with a note when it
//! is missing): language identification on every German and English
//! article, and the sentence gold still fitting its source texts.

use lagebild_text::gold::{load_gold, load_texts, segment};
use lagebild_text::{detect_language, Lang};
use std::io::BufRead;
use std::path::PathBuf;

fn shared() -> Option<PathBuf> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!("note: {} is missing; corpus checks skipped", path.display());
        None
    }
}

/// Texts of a gzipped JSON Lines corpus file, from field `field`.
fn jsonl_texts(path: &PathBuf, field: &str) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap();
    std::io::BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            value[field].as_str().unwrap().to_string()
        })
        .collect()
}

fn csv_texts(path: &PathBuf) -> Vec<String> {
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .quote(b'\'')
        .has_headers(false)
        .from_path(path)
        .unwrap()
        .records()
        .map(|r| r.unwrap()[1].to_string())
        .collect()
}

/// Share of `texts` detected as `expected`, with the misses printed.
fn accuracy(name: &str, texts: &[String], expected: Lang) -> f64 {
    let mut correct = 0;
    for text in texts {
        let found = detect_language(text);
        if found == expected {
            correct += 1;
        } else {
            let head: String = text.chars().take(80).collect();
            eprintln!("{name}: {found} for {head:?}");
        }
    }
    let share = correct as f64 / texts.len() as f64;
    println!("language id {name}: {correct}/{} = {share:.4}", texts.len());
    share
}

#[test]
fn corpus_articles_are_identified_as_german_or_english() {
    let Some(shared) = shared() else { return };
    let gnad = csv_texts(&shared.join("data/corpus/10kgnad/articles_dev.csv"));
    let wikinews = jsonl_texts(&shared.join("data/corpus/wikinews_quotes_de/dev.jsonl.gz"), "originalText");
    let polnear = jsonl_texts(&shared.join("data/quotes/en_polnear/dev.jsonl.gz"), "text");
    assert!(gnad.len() > 800 && wikinews.len() >= 150 && polnear.len() >= 84);
    assert!(accuracy("10kGNAD", &gnad, Lang::De) >= 0.995);
    assert!(accuracy("Wikinews", &wikinews, Lang::De) >= 0.995);
    assert!(accuracy("PolNeAR", &polnear, Lang::En) >= 0.995);
}

#[test]
fn sentence_gold_fits_its_texts() {
    let Some(shared) = shared() else { return };
    let gold_path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/sentences_gold.jsonl"));
    let gold = load_gold(&gold_path).unwrap();
    let texts = load_texts(&shared, &gold).unwrap();
    let mut sentences = [0usize; 2];
    for (doc, text) in gold.iter().zip(&texts) {
        let spans = doc.sentence_spans();
        let chars: Vec<char> = text.chars().collect();
        for pair in spans.windows(2) {
            assert!(pair[0].end < pair[1].start, "{}: overlapping sentences {pair:?}", doc.doc);
        }
        for span in &spans {
            let sentence: String = chars[span.start..span.end].iter().collect();
            assert_eq!(sentence.trim(), sentence, "{}: untrimmed sentence at {span:?}", doc.doc);
        }
        sentences[usize::from(doc.language() == Lang::En)] += spans.len();
        assert!(!segment(text, doc.language()).is_empty());
    }
    assert!(sentences[0] >= 500 && sentences[1] >= 300, "sentences de/en: {sentences:?}");
}
