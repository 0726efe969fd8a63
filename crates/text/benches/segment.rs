//! Throughput of language identification, tokenisation and sentence
//! splitting on the German and English corpora in `../shared`, one core:
//! `cargo bench -p lagebild-text`. Prints MB/s per step and for all three.

use lagebild_text::{detect_language, sentences, tokens, Lang};
use std::io::BufRead;
use std::path::PathBuf;
use std::time::Instant;

/// How often the corpus is processed, so each figure covers a few seconds.
const ROUNDS: usize = 5;

fn main() {
    let shared = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    if !shared.is_dir() {
        eprintln!("note: {} is missing; nothing to measure", shared.display());
        return;
    }
    let mut texts: Vec<(String, Lang)> = Vec::new();
    let gnad = csv::ReaderBuilder::new()
        .delimiter(b';')
        .quote(b'\'')
        .has_headers(false)
        .from_path(shared.join("data/corpus/10kgnad/articles_dev.csv"))
        .expect("10kGNAD csv");
    for record in gnad.into_records() {
        texts.push((record.expect("10kGNAD row")[1].to_string(), Lang::De));
    }
    for (file, field, lang) in [
        ("data/corpus/wikinews_quotes_de/train.jsonl.gz", "originalText", Lang::De),
        ("data/corpus/wikinews_quotes_de/dev.jsonl.gz", "originalText", Lang::De),
        ("data/quotes/en_polnear/train.jsonl.gz", "text", Lang::En),
        ("data/quotes/en_polnear/dev.jsonl.gz", "text", Lang::En),
    ] {
        let reader = std::fs::File::open(shared.join(file)).expect(file);
        for line in std::io::BufReader::new(flate2::read::GzDecoder::new(reader)).lines() {
            let value: serde_json::Value = serde_json::from_str(&line.expect(file)).expect(file);
            texts.push((value[field].as_str().expect(field).to_string(), lang));
        }
    }
    let bytes: usize = texts.iter().map(|(t, _)| t.len()).sum();
    let megabytes = (bytes * ROUNDS) as f64 / 1e6;
    println!("{} articles, {:.1} MB, {ROUNDS} rounds", texts.len(), bytes as f64 / 1e6);
    let measure = |name: &str, step: &dyn Fn(&str, Lang) -> usize| {
        let started = Instant::now();
        let mut units = 0;
        for _ in 0..ROUNDS {
            for (text, lang) in &texts {
                units += step(text, *lang);
            }
        }
        let seconds = started.elapsed().as_secs_f64();
        println!("{name:<28} {:>7.1} MB/s  ({units} units)", megabytes / seconds);
    };
    measure("language", &|t, _| usize::from(detect_language(t) == Lang::De));
    measure("tokens", &|t, _| tokens(t).count());
    measure("sentences (incl. tokens)", &|t, l| sentences(t, l).len());
    measure("language+tokens+sentences", &|t, l| {
        usize::from(detect_language(t) == l) + tokens(t).count() + sentences(t, l).len()
    });
}
