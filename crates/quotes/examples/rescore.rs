//! Re-runs only the quotes stage over documents analysed once before, and
//! scores it: a rule change is measured in seconds, without rebuilding the
//! CLI or re-running segmentation and the NER model.
//!
//! ```text
//! python3 ../shared/tools/score_quotes.py --dump ../shared/data/corpus/wikinews_quotes_de/train.jsonl.gz /tmp/in.jsonl
//! lagebild analyze --json --verbatim --lang de /tmp/in.jsonl > /tmp/analysed.jsonl
//! cargo run --release -p lagebild-quotes --example rescore -- \
//!     ../shared/data/corpus/wikinews_quotes_de/train.jsonl.gz /tmp/analysed.jsonl [/tmp/system.jsonl]
//! ```
//!
//! The figures equal `lagebild eval quotes` on the same split when the
//! analysed documents come from the same build of the other stages.

use lagebild_core::Document;
use lagebild_quotes::{eval, find_quotes, Quote};
use std::collections::HashMap;
use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(gold_path), Some(analysed_path)) = (args.first(), args.get(1)) else {
        return Err("usage: rescore GOLD.jsonl[.gz] ANALYSED.jsonl [SYSTEM_OUT.jsonl]".into());
    };
    let gold = eval::load_gold(&PathBuf::from(gold_path))?;
    let reader = std::io::BufReader::new(std::fs::File::open(analysed_path)?);
    let mut documents = Vec::new();
    for (number, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let document: Document = serde_json::from_str(&line)
            .map_err(|e| format!("{analysed_path}:{}: {e}", number + 1))?;
        documents.push(document);
    }
    let started = Instant::now();
    let system: HashMap<String, Vec<Quote>> = documents
        .iter()
        .map(|d| (d.id.clone(), find_quotes(d).0))
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    println!("{}", eval::score(&gold, &system));
    println!(
        "quotes stage alone: {:.0} articles/s on one core",
        documents.len() as f64 / seconds.max(1e-9)
    );
    if let Some(out) = args.get(2) {
        let mut writer = BufWriter::new(std::fs::File::create(out)?);
        for d in &documents {
            let quotes = &system[&d.id];
            let line = serde_json::json!({ "id": d.id, "text": d.text(), "quotes": quotes });
            writeln!(writer, "{line}")?;
        }
        writer.flush()?;
    }
    Ok(())
}
