//! The hand-checked sentence-boundary gold and its scoring.
//!
//! The gold (`testdata/sentences_gold.jsonl`) holds only stand-off offsets:
//! the texts are third-party and are read from `../shared` at evaluation
//! time. This module loads both, checks they still belong together, and
//! scores a segmentation by its sentence boundaries.

use crate::{sentences, Lang};
use flate2::read::GzDecoder;
use lagebild_core::metrics::Counts;
use lagebild_core::{Span, TextIndex};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// Why the gold could not be loaded; each message says which file to fix
/// or fetch.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    /// A file could not be read.
    #[error("cannot read {path} (is ../shared next to the repository?)")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line of the gold or of a source file is not what it should be.
    #[error("{path}:{line}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The gold names a document the source file does not have, or whose
    /// text changed since the gold was made.
    #[error("gold document {doc:?} ({file}): {message}")]
    Mismatch {
        /// Source file as named in the gold.
        file: String,
        /// Document id.
        doc: String,
        /// What does not match.
        message: String,
    },
}

/// One gold document: where its text is and where its sentences are.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDocument {
    /// Corpus name (`10kgnad`, `wikinews`, `polnear`).
    pub source: String,
    /// Path of the source file relative to `../shared`.
    pub file: String,
    /// Document id within the file (`row 17`, a Wikinews `documentName`,
    /// a PolNeAR `filename`).
    pub doc: String,
    /// Language code (`de`, `en`).
    pub lang: String,
    /// `tune` (rules may be adjusted to it) or `check` (only measured).
    pub part: String,
    /// Length of the text in code points, to detect a changed source.
    pub chars: usize,
    /// Sentences as `[start, end)` code-point offsets.
    pub sentences: Vec<[usize; 2]>,
}

impl GoldDocument {
    /// The language whose rules segment this document.
    pub fn language(&self) -> Lang {
        Lang::from_code(&self.lang)
    }

    /// The gold sentences as spans.
    pub fn sentence_spans(&self) -> Vec<Span> {
        self.sentences.iter().map(|&[start, end]| Span::new(start, end)).collect()
    }
}

/// Reads the gold file (JSON Lines, one [`GoldDocument`] per line).
pub fn load_gold(path: &Path) -> Result<Vec<GoldDocument>, GoldError> {
    let file = std::fs::File::open(path).map_err(|source| GoldError::Read { path: path.into(), source })?;
    let mut documents = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| GoldError::Read { path: path.into(), source })?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: GoldDocument = serde_json::from_str(&line).map_err(|e| GoldError::Format {
            path: path.into(),
            line: n + 1,
            message: e.to_string(),
        })?;
        documents.push(doc);
    }
    Ok(documents)
}

/// The texts of the gold documents, read from the corpus files under
/// `shared` (each file once), and checked against the gold's lengths.
pub fn load_texts(shared: &Path, gold: &[GoldDocument]) -> Result<Vec<String>, GoldError> {
    let mut wanted: HashMap<&str, HashSet<&str>> = HashMap::new();
    for doc in gold {
        wanted.entry(doc.file.as_str()).or_default().insert(doc.doc.as_str());
    }
    let mut texts: HashMap<(String, String), String> = HashMap::new();
    for (file, ids) in wanted {
        let path = shared.join(file);
        for (id, text) in read_corpus(&path, &ids)? {
            texts.insert((file.to_string(), id), text);
        }
    }
    gold.iter()
        .map(|doc| {
            let mismatch = |message: String| GoldError::Mismatch {
                file: doc.file.clone(),
                doc: doc.doc.clone(),
                message,
            };
            let text = texts
                .remove(&(doc.file.clone(), doc.doc.clone()))
                .ok_or_else(|| mismatch("not found in the source file".into()))?;
            let chars = text.chars().count();
            if chars != doc.chars {
                return Err(mismatch(format!(
                    "text has {chars} code points, the gold expects {}",
                    doc.chars
                )));
            }
            Ok(text)
        })
        .collect()
}

/// Reads the wanted documents of one corpus file, by its format: the
/// 10kGNAD CSV (`label;text`, quote `'`, rows named `row N` from 0), or a
/// gzipped JSON Lines file with `documentName`/`originalText` (Wikinews) or
/// `filename`/`text` (PolNeAR).
fn read_corpus(path: &Path, ids: &HashSet<&str>) -> Result<Vec<(String, String)>, GoldError> {
    let read_err = |source: std::io::Error| GoldError::Read { path: path.into(), source };
    let file = std::fs::File::open(path).map_err(read_err)?;
    let mut out = Vec::new();
    if path.extension().is_some_and(|e| e == "csv") {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .quote(b'\'')
            .has_headers(false)
            .flexible(true)
            .from_reader(file);
        for (row, record) in reader.records().enumerate() {
            let record = record.map_err(|e| GoldError::Format {
                path: path.into(),
                line: row + 1,
                message: e.to_string(),
            })?;
            let id = format!("row {row}");
            if let (true, Some(text)) = (ids.contains(id.as_str()), record.get(1)) {
                out.push((id, text.to_string()));
            }
        }
        return Ok(out);
    }
    #[derive(Deserialize)]
    struct Record {
        #[serde(alias = "documentName", alias = "filename")]
        id: String,
        #[serde(alias = "originalText", alias = "text")]
        text: String,
    }
    for (n, line) in BufReader::new(GzDecoder::new(file)).lines().enumerate() {
        let line = line.map_err(read_err)?;
        let record: Record = serde_json::from_str(&line).map_err(|e| GoldError::Format {
            path: path.into(),
            line: n + 1,
            message: e.to_string(),
        })?;
        if ids.contains(record.id.as_str()) {
            out.push((record.id, record.text));
        }
    }
    Ok(out)
}

/// Sentence spans (code points) of a whole text, as the evaluation sees
/// the segmenter: [`sentences`] over the text with the given language.
pub fn segment(text: &str, lang: Lang) -> Vec<Span> {
    let index = TextIndex::new(text);
    sentences(text, lang).into_iter().map(|r| index.span(r)).collect()
}

/// Boundary counts of a system segmentation against the gold for one text
/// of `text_len` code points. A boundary is the end offset of a sentence;
/// the end of the last sentence of the text is not counted (every
/// segmenter finds it). A system boundary matches a gold one only at the
/// same offset.
pub fn boundary_counts(gold: &[Span], system: &[Span], text_len: usize) -> Counts {
    let ends = |spans: &[Span]| -> HashSet<usize> {
        let last = spans.iter().map(|s| s.end).max().unwrap_or(text_len);
        spans.iter().map(|s| s.end).filter(|&end| end != last).collect()
    };
    let (gold_ends, system_ends) = (ends(gold), ends(system));
    let tp = gold_ends.intersection(&system_ends).count();
    Counts { tp, fp: system_ends.len() - tp, fn_: gold_ends.len() - tp }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_ignore_the_final_sentence_end() {
        let gold = [Span::new(0, 5), Span::new(6, 10), Span::new(11, 20)];
        let system = [Span::new(0, 5), Span::new(6, 20)];
        assert_eq!(boundary_counts(&gold, &system, 20), Counts { tp: 1, fp: 0, fn_: 1 });
        let split_wrong = [Span::new(0, 3), Span::new(4, 20)];
        assert_eq!(boundary_counts(&gold, &split_wrong, 20), Counts { tp: 0, fp: 1, fn_: 2 });
        assert_eq!(boundary_counts(&[], &[], 0), Counts::default());
    }

    #[test]
    fn segment_reports_code_points() {
        assert_eq!(segment("Öl. Ärger.", Lang::De), [Span::new(0, 3), Span::new(4, 10)]);
    }

    #[test]
    fn gold_lines_are_read_and_bad_lines_reported() {
        let dir = std::env::temp_dir().join(format!("lagebild-text-gold-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.jsonl");
        std::fs::write(
            &good,
            "{\"source\":\"x\",\"file\":\"a.csv\",\"doc\":\"row 0\",\"lang\":\"de\",\"part\":\"tune\",\"chars\":9,\"sentences\":[[0,4],[5,9]]}\n\n",
        )
        .unwrap();
        let docs = load_gold(&good).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].sentence_spans(), [Span::new(0, 4), Span::new(5, 9)]);
        assert_eq!(docs[0].language(), Lang::De);
        let bad = dir.join("bad.jsonl");
        std::fs::write(&bad, "{\"source\":1}\n").unwrap();
        let err = load_gold(&bad).unwrap_err().to_string();
        assert!(err.contains("bad.jsonl:1:"), "{err}");
        let missing = load_gold(&dir.join("missing.jsonl")).unwrap_err().to_string();
        assert!(missing.contains("cannot read"), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn corpus_csv_rows_are_numbered_from_zero_and_checked() {
        let dir = std::env::temp_dir().join(format!("lagebild-text-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("c.csv"), "A;'Erster Text.'\nB;'Zweiter; mit ''Zitat''.'\n").unwrap();
        let doc = |row: &str, chars: usize| GoldDocument {
            source: "t".into(),
            file: "c.csv".into(),
            doc: row.into(),
            lang: "de".into(),
            part: "tune".into(),
            chars,
            sentences: vec![],
        };
        let texts = load_texts(&dir, &[doc("row 1", 21), doc("row 0", 12)]).unwrap();
        assert_eq!(texts, ["Zweiter; mit 'Zitat'.", "Erster Text."]);
        let err = load_texts(&dir, &[doc("row 0", 99)]).unwrap_err().to_string();
        assert!(err.contains("99"), "{err}");
        let err = load_texts(&dir, &[doc("row 7", 1)]).unwrap_err().to_string();
        assert!(err.contains("not found"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
